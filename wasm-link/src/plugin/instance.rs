//! An instantiated plugin, before and while it sits in a binding.

use std::sync::Arc;

use super::cell::PluginCell;

/// An instantiated plugin, ready to be put into a [`Binding`](crate::Binding).
pub struct PluginInstance<Ctx: 'static> {
    pub(crate) cell: Arc<PluginCell<Ctx>>,
}

/// The plugin's name, its id once a binding gave it one, and its limits;
/// never the store's internals. Never waits for a busy plugin.
impl<Ctx: 'static> std::fmt::Debug for PluginInstance<Ctx> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.cell.fmt(f)
    }
}
