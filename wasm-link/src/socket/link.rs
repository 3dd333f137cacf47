//! Linking a plugin to its sockets: `Plugin::link`, beside the socket
//! definitions it relies on, so that the plugin module does not depend on
//! sockets (sockets depend on bindings, which depend on plugins).

use wasmtime::Engine;
use wasmtime::component::Linker;

use crate::PluginContext;
use crate::error::LinkError;
use crate::plugin::cell::Mode;
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
        let importer = self.define_sockets(engine, &mut linker, sockets, Mode::Sync)?;
        let instance = self.instantiate_as(engine, &linker, Mode::Sync)?;
        importer.set(&instance);
        Ok(instance)
    }

    /// [`link`](Self::link) for async calls: the plugin's sockets await a
    /// busy plugin instead of blocking the thread, its start-up yields to
    /// the executor at every epoch tick, and it is called through
    /// [`Binding::dispatch_async`](crate::Binding::dispatch_async) (a sync
    /// call into it is refused with [`DispatchError::WrongEntryPoint`](crate::DispatchError::WrongEntryPoint),
    /// as wasmtime cannot run a store with async host functions from a sync call).
    ///
    /// The plugins behind its sockets must take async calls: those that
    /// have no sockets (from [`instantiate`](Self::instantiate) or
    /// [`instantiate_async`](Self::instantiate_async)) and those linked with
    /// `link_async`.
    ///
    /// # Errors
    ///
    /// Those of [`link`](Self::link).
    pub async fn link_async<S: Into<Socket>>(
        self,
        engine: &Engine,
        mut linker: Linker<Ctx>,
        sockets: impl IntoIterator<Item = S>,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        let importer = self.define_sockets(engine, &mut linker, sockets, Mode::Async)?;
        let instance = self
            .instantiate_async_as(engine, &linker, Mode::Async)
            .await?;
        importer.set(&instance);
        Ok(instance)
    }

    /// Defines the imports `sockets` provide in `linker`, for calls of `mode`.
    fn define_sockets<S: Into<Socket>>(
        &self,
        engine: &Engine,
        linker: &mut Linker<Ctx>,
        sockets: impl IntoIterator<Item = S>,
        mode: Mode,
    ) -> Result<socket::Importer, LinkError> {
        let sockets: Vec<Socket> = sockets.into_iter().map(Into::into).collect();
        socket::define_sockets(
            engine,
            linker,
            (&self.component, &self.label),
            &sockets,
            mode,
        )
    }
}
