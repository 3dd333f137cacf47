//! Linking a plugin to its sockets: `Plugin::link`, beside the socket
//! definitions it relies on, so that the plugin module does not depend on
//! sockets (sockets depend on bindings, which depend on plugins).

use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::PluginContext;
use crate::error::LinkError;
use crate::plugin::{Plugin, PluginInstance};
use crate::socket::{self, Socket};

impl<Ctx: PluginContext> Plugin<Ctx> {
    /// Instantiates a plugin whose imports are provided by `sockets`: the
    /// bindings of the plugins it depends on (and by `linker` for anything
    /// else).
    ///
    /// Every import of a socket's interface is checked here against the
    /// socket's cardinality and its plugins' exports, so that a mismatch is a
    /// link error rather than a failure at the first call.
    ///
    /// # Errors
    ///
    /// [`LinkError::ImportType`], [`LinkError::UndeclaredImport`] or
    /// [`LinkError::ExportMismatch`] when an import does not fit its socket,
    /// [`LinkError::DuplicateSocket`] when two sockets provide one interface,
    /// and the errors of [`instantiate`](Self::instantiate).
    pub fn link<S: Into<Socket>>(
        self,
        engine: &Engine,
        mut linker: Linker<Ctx>,
        sockets: impl IntoIterator<Item = S>,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        let sockets: Vec<Socket> = sockets.into_iter().map(Into::into).collect();
        let importer =
            socket::define_sockets(engine, &mut linker, &self.component, &self.label, &sockets)?;
        let instance = self.instantiate(engine, &linker)?;
        importer.set(&instance);
        Ok(instance)
    }
}
