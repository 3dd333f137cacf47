//! An instantiated plugin, before and while it sits in a binding.

use std::sync::Arc;

use super::cell::PluginCell;

/// An instantiated plugin, ready to be put into a [`Binding`](crate::Binding).
pub struct PluginInstance<Ctx: 'static> {
    pub(crate) cell: Arc<PluginCell<Ctx>>,
}

impl<Ctx: 'static> std::fmt::Debug for PluginInstance<Ctx> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginInstance")
            .field("name", &self.cell.label.0)
            .finish_non_exhaustive()
    }
}
