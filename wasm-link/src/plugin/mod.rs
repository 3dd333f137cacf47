//! A plugin before it runs: a component, its context and its limits.

pub(crate) mod cell;
pub(crate) mod context;
pub(crate) mod id;
pub(crate) mod limits;

pub use cell::PluginInstance;

use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, ResourceLimiter};

use crate::PluginContext;
use crate::error::{LinkError, PluginLabel};
use crate::plugin::cell::PluginCell;
use crate::plugin::limits::Limits;
use crate::socket::{self, Socket};

/// A plugin: a WebAssembly component with the context its store will hold.
///
/// Configure its limits with the `with_*` builders, then run it with
/// [`instantiate`](Self::instantiate) (no sockets) or [`link`](Self::link)
/// (sockets to other plugins' bindings). Each plugin gets its own
/// `wasmtime::Store`: its own memory, fuel, epoch deadline and memory limiter.
pub struct Plugin<Ctx: PluginContext> {
    component: Component,
    context: Ctx,
    label: PluginLabel,
    limits: Limits<Ctx>,
}

impl<Ctx: PluginContext> Plugin<Ctx> {
    /// A plugin from a component and the context its store will hold.
    pub fn new(component: Component, context: Ctx) -> Self {
        Self {
            component,
            context,
            label: PluginLabel::default(),
            limits: Limits::default(),
        }
    }

    /// Names the plugin in link errors (ids are given later, by its binding).
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.label = PluginLabel(Some(name.into()));
        self
    }

    /// Limits each call by fuel: `budget(ctx, interface, function)` returns
    /// the fuel one call into this plugin may burn. Running out is
    /// [`DispatchError::FuelExhausted`](crate::DispatchError::FuelExhausted).
    ///
    /// Needs `Config::consume_fuel(true)`. On such an engine, calls into
    /// plugins without a fuel limiter get unlimited fuel.
    #[must_use]
    pub fn with_fuel_limiter(
        mut self,
        budget: impl FnMut(&mut Ctx, &str, &str) -> u64 + Send + 'static,
    ) -> Self {
        self.limits.fuel = Some(Box::new(budget));
        self
    }

    /// The fuel available to the component's start-up (its start functions
    /// and initialisers). Defaults to unlimited. Needs
    /// `Config::consume_fuel(true)`.
    #[must_use]
    pub fn with_initial_fuel(mut self, fuel: u64) -> Self {
        self.limits.initial_fuel = Some(fuel);
        self
    }

    /// Limits each call by epoch deadline: `ticks(ctx, interface, function)`
    /// returns how many epoch ticks one call may last. Passing the deadline is
    /// [`DispatchError::DeadlineExceeded`](crate::DispatchError::DeadlineExceeded).
    ///
    /// Needs `Config::epoch_interruption(true)` and something that calls
    /// `Engine::increment_epoch`.
    #[must_use]
    pub fn with_epoch_limiter(
        mut self,
        ticks: impl FnMut(&mut Ctx, &str, &str) -> u64 + Send + 'static,
    ) -> Self {
        self.limits.epoch = Some(Box::new(ticks));
        self
    }

    /// Limits memory and table growth, as `wasmtime::Store::limiter` does:
    /// `limiter(ctx)` returns the limiter, usually a field of the context
    /// (for example a `wasmtime::StoreLimits`).
    #[must_use]
    pub fn with_memory_limiter(
        mut self,
        limiter: impl Fn(&mut Ctx) -> &mut (dyn ResourceLimiter + 'static) + Send + Sync + 'static,
    ) -> Self {
        self.limits.memory = Some(std::sync::Arc::new(limiter));
        self
    }

    /// Caps the data the host copies out of this plugin in one call, in
    /// bytes: the results of a call into it (from the host or through a
    /// socket) and the arguments it passes to its sockets. Each string or
    /// list is counted as the host memory it takes once copied, every time it
    /// is copied, so a list of many references to one large list counts in
    /// full and cannot make the host copy more than the cap. Exceeding it
    /// fails that call (a [`DispatchError::Trap`](crate::DispatchError::Trap)
    /// naming the plugin, the function and the limit) before the data is
    /// passed on; the plugin stays usable.
    ///
    /// Defaults to wasmtime's default of 128 MiB per call. This is
    /// wasmtime's hostcall fuel (`Store::set_hostcall_fuel`).
    #[must_use]
    pub fn with_transfer_limit(mut self, bytes: usize) -> Self {
        self.limits.transfer = Some(bytes);
        self
    }

    /// Instantiates a plugin that has no sockets. Its imports, if any, must
    /// all be defined in `linker`.
    ///
    /// # Errors
    ///
    /// [`LinkError::Instantiate`] if an import is not satisfied or start-up
    /// traps; [`LinkError::EngineConfig`] if a limit needs an engine setting
    /// that is off.
    pub fn instantiate(
        self,
        engine: &Engine,
        linker: &Linker<Ctx>,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        let Self {
            component,
            context,
            label,
            limits,
        } = self;
        let pre = linker
            .instantiate_pre(&component)
            .map_err(|source| LinkError::Instantiate {
                plugin: label.clone(),
                source,
            })?;
        let cell = PluginCell::start(label, engine, pre, context, limits)?;
        Ok(PluginInstance { cell })
    }

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
