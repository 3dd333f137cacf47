//! A plugin before it runs: a component, its context and its limits.

pub(crate) mod borrowed;
pub(crate) mod call_box;
pub(crate) mod cell;
pub(crate) mod chain;
mod export;
pub(crate) mod id;
mod instance;
pub(crate) mod limits;
mod precompiled;
mod remap;
#[cfg(feature = "component-model-async")]
pub(crate) mod subtasks;

pub use instance::PluginInstance;
pub use precompiled::{CacheOutcome, ComponentCache, load_precompiled, precompile};
pub use remap::Remap;

use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, ResourceLimiter};

use crate::PluginContext;
use crate::error::{LinkError, PluginLabel};
use crate::plugin::cell::{Mode, Parts, PluginCell};
use crate::plugin::limits::{CallLimiters, StartLimits};
use crate::plugin::remap::Remaps;

/// A plugin: a WebAssembly component with the context its store will hold.
///
/// Configure its limits with the `with_*` builders, then run it with
/// [`instantiate`](Self::instantiate) (no sockets) or [`link`](Self::link)
/// (sockets to other plugins' bindings). Each plugin gets its own
/// `wasmtime::Store`: its own memory, fuel, epoch deadline and memory limiter.
pub struct Plugin<Ctx: PluginContext> {
    /// Read by `socket::link`, which defines the plugin's sockets.
    pub(crate) component: Component,
    context: Ctx,
    pub(crate) label: PluginLabel,
    start: StartLimits<Ctx>,
    limiters: CallLimiters<Ctx>,
    remaps: Remaps,
}

impl<Ctx: PluginContext> std::fmt::Debug for Plugin<Ctx> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugin")
            .field("name", &self.label.0)
            .field("fuel_limiter", &self.limiters.fuel.is_some())
            .field("epoch_limiter", &self.limiters.epoch.is_some())
            .field("memory_limiter", &self.start.memory.is_some())
            .field("initial_fuel", &self.start.initial_fuel)
            .field("startup_ticks", &self.start.startup_ticks)
            .field("transfer_limit", &self.start.transfer)
            .field("remaps", &self.remaps)
            .finish_non_exhaustive()
    }
}

impl<Ctx: PluginContext> Plugin<Ctx> {
    /// A plugin from a component and the context its store will hold.
    pub fn new(component: Component, context: Ctx) -> Self {
        Self {
            component,
            context,
            label: PluginLabel::default(),
            start: StartLimits::default(),
            limiters: CallLimiters::default(),
            remaps: Remaps::new(),
        }
    }

    /// Plugs the plugin into its binding under other names: `remaps` maps
    /// the binding's interface names (`api`, or the export name
    /// `ns:pkg/api@1.0.0`) to where this plugin exports them ([`Remap`]).
    /// Each member of a binding may use names of its own. The exports found
    /// under the new names are checked and called like any other: on the
    /// `Val` path, the typed path and through sockets; a name that finds
    /// nothing is reported as a missing export, naming the plugin.
    ///
    /// ```
    /// use wasm_link::{Plugin, Remap};
    /// # use wasm_link::{Component, Engine, ResourceTable, PluginContext};
    /// # struct Ctx(ResourceTable);
    /// # impl PluginContext for Ctx {
    /// #     fn resource_table(&mut self) -> &mut ResourceTable { &mut self.0 }
    /// # }
    /// # let engine = Engine::default();
    /// # let component = Component::new(&engine, "(component)").unwrap();
    /// // The binding's `numbers#double` is this plugin's
    /// // `legacy:maths/ops@0.9.0#twice`.
    /// let plugin = Plugin::new(component, Ctx(ResourceTable::new())).remap_interfaces([(
    ///     "numbers",
    ///     Remap::found_as("legacy:maths/ops@0.9.0").resolves_item("double", "twice"),
    /// )]);
    /// # let _ = plugin;
    /// ```
    #[must_use]
    pub fn remap_interfaces<I: Into<String>>(
        mut self,
        remaps: impl IntoIterator<Item = (I, Remap)>,
    ) -> Self {
        self.remaps.extend(
            remaps
                .into_iter()
                .map(|(interface, remap)| (interface.into(), remap)),
        );
        self
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
    /// A call from another plugin gets at most what its caller's call tree
    /// has left, and what it burns is charged to the caller (see the crate
    /// docs, "Limits").
    ///
    /// Needs `Config::consume_fuel(true)`. On such an engine a plugin
    /// without a fuel limiter runs each call on its start-up fuel's
    /// remainder when it was given [`with_initial_fuel`](Self::with_initial_fuel)
    /// (a lifetime budget), and unmetered otherwise (but never past its
    /// caller's budget).
    #[must_use]
    pub fn with_fuel_limiter(
        mut self,
        budget: impl FnMut(&mut Ctx, &str, &str) -> u64 + Send + 'static,
    ) -> Self {
        self.limiters.fuel = Some(Box::new(budget));
        self
    }

    /// The fuel available to the component's start-up (its start functions
    /// and initialisers). Without a per-call [fuel limiter](Self::with_fuel_limiter),
    /// what start-up leaves is the plugin's lifetime budget: calls are not
    /// refilled, and once it is spent the plugin answers
    /// [`FuelExhausted`](crate::DispatchError::FuelExhausted) until restarted
    /// (a restart gives it this fuel again). Needs `Config::consume_fuel(true)`.
    ///
    /// On an engine that meters fuel, start-up without initial fuel gets
    /// [`DEFAULT_STARTUP_FUEL`](crate::DEFAULT_STARTUP_FUEL).
    #[must_use]
    pub fn with_initial_fuel(mut self, fuel: u64) -> Self {
        self.start.initial_fuel = Some(fuel);
        self
    }

    /// Limits each call by epoch deadline: `ticks(ctx, interface, function)`
    /// returns how many epoch ticks one call may last. Passing the deadline is
    /// [`DispatchError::DeadlineExceeded`](crate::DispatchError::DeadlineExceeded).
    ///
    /// Any value is safe, `u64::MAX` included: ticks are counted down, never
    /// added to the engine's epoch. A call from another plugin gets at most
    /// the ticks its caller's call tree has left.
    ///
    /// Needs `Config::epoch_interruption(true)` and something that calls
    /// `Engine::increment_epoch`.
    #[must_use]
    pub fn with_epoch_limiter(
        mut self,
        ticks: impl FnMut(&mut Ctx, &str, &str) -> u64 + Send + 'static,
    ) -> Self {
        self.limiters.epoch = Some(Box::new(ticks));
        self
    }

    /// The epoch ticks the component's start-up may last. Needs
    /// `Config::epoch_interruption(true)`; on such an engine start-up without
    /// it gets [`DEFAULT_STARTUP_TICKS`](crate::DEFAULT_STARTUP_TICKS), so an
    /// endless start-up (or restart) ends with a
    /// [`LinkError::Instantiate`].
    ///
    /// ```
    /// use wasm_link::{Component, Engine, Linker, Plugin, PluginContext, ResourceTable};
    ///
    /// struct Ctx(ResourceTable);
    /// impl PluginContext for Ctx {
    ///     fn resource_table(&mut self) -> &mut ResourceTable { &mut self.0 }
    /// }
    ///
    /// let mut config = wasm_link::recommended_config();
    /// config.epoch_interruption(true);
    /// let engine = Engine::new(&config)?;
    /// let component = Component::new(&engine, "(component)")?;
    /// // At most 100 ticks of `Engine::increment_epoch` to start up.
    /// let plugin = Plugin::new(component, Ctx(ResourceTable::new()))
    ///     .with_startup_deadline(100)
    ///     .instantiate(&engine, &Linker::new(&engine))?;
    /// # let _ = plugin;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_startup_deadline(mut self, ticks: u64) -> Self {
        self.start.startup_ticks = Some(ticks);
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
        self.start.memory = Some(std::sync::Arc::new(limiter));
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
    /// passed on. Flooding the host is the plugin's fault: like a trap, it
    /// leaves the plugin [`Unusable`](crate::DispatchError::Unusable) until
    /// [`Binding::restart`](crate::Binding::restart).
    ///
    /// Defaults to wasmtime's default of 128 MiB per call. This is
    /// wasmtime's hostcall fuel (`Store::set_hostcall_fuel`).
    #[must_use]
    pub fn with_transfer_limit(mut self, bytes: usize) -> Self {
        self.start.transfer = Some(bytes);
        self
    }

    /// Instantiates a plugin that has no sockets. Its imports, if any, must
    /// all be defined in `linker`.
    ///
    /// # Errors
    ///
    /// [`LinkError::MissingImport`] naming the first import nothing defines
    /// and how to provide it; [`LinkError::Instantiate`] if an import has
    /// another type than the linker's definition, or start-up traps or runs
    /// out of its budget; [`LinkError::EngineConfig`] if a limit needs an
    /// engine setting that is off.
    pub fn instantiate(
        self,
        engine: &Engine,
        linker: &Linker<Ctx>,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        self.instantiate_as(engine, linker, Mode::Either)
    }

    /// [`instantiate`](Self::instantiate) without blocking the thread: the
    /// start-up runs on a wasmtime fiber and yields to the executor at every
    /// epoch tick. The plugin takes sync and async calls alike (it has no
    /// sockets that could block).
    ///
    /// # Errors
    ///
    /// Those of [`instantiate`](Self::instantiate).
    pub async fn instantiate_async(
        self,
        engine: &Engine,
        linker: &Linker<Ctx>,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        self.instantiate_async_as(engine, linker, Mode::Either)
            .await
    }

    pub(crate) fn instantiate_as(
        self,
        engine: &Engine,
        linker: &Linker<Ctx>,
        mode: Mode,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        let (parts, context) = self.into_parts(engine, linker, mode)?;
        let cell = PluginCell::start(engine, parts, context)?;
        Ok(PluginInstance { cell })
    }

    pub(crate) async fn instantiate_async_as(
        self,
        engine: &Engine,
        linker: &Linker<Ctx>,
        mode: Mode,
    ) -> Result<PluginInstance<Ctx>, LinkError> {
        let (parts, context) = self.into_parts(engine, linker, mode)?;
        let cell = PluginCell::start_async(engine, parts, context).await?;
        Ok(PluginInstance { cell })
    }

    /// Prepares the instantiation: every import resolved in `linker`.
    fn into_parts(
        self,
        engine: &Engine,
        linker: &Linker<Ctx>,
        mode: Mode,
    ) -> Result<(Parts<Ctx>, Ctx), LinkError> {
        let Self {
            component,
            context,
            label,
            start,
            limiters,
            remaps,
        } = self;
        let pre = linker
            .instantiate_pre(&component)
            .map_err(|source| missing_import(engine, linker, &component, &label, source))?;
        let parts = Parts {
            label,
            pre,
            start,
            limiters,
            remaps,
            mode,
        };
        Ok((parts, context))
    }
}

/// Why `linker` cannot instantiate `component`, in wasm-link's words when an
/// import is simply not defined: the first such import and how to provide
/// it. Found by trying to define each import's items in a copy of the linker
/// (which refuses names it already defines), not from wasmtime's message.
fn missing_import<Ctx: PluginContext>(
    engine: &Engine,
    linker: &Linker<Ctx>,
    component: &Component,
    label: &PluginLabel,
    source: wasmtime::Error,
) -> LinkError {
    use wasmtime::component::ResourceType;
    use wasmtime::component::types::ComponentItem;

    /// Whether `name` can still be defined: nothing defines it yet.
    fn undefined<Ctx>(
        linker: &Linker<Ctx>,
        instance: Option<&str>,
        name: &str,
        item: &ComponentItem,
    ) -> bool {
        let mut probe = linker.clone();
        let mut scope = match instance {
            Some(instance) => match probe.instance(instance) {
                Ok(scope) => scope,
                // Defined, as something other than an instance.
                Err(_) => return false,
            },
            None => probe.root(),
        };
        match item {
            ComponentItem::ComponentFunc(_) => scope.func_new(name, |_, _, _, _| Ok(())).is_ok(),
            ComponentItem::Resource(_) => scope
                .resource(name, ResourceType::host::<()>(), |_, _| Ok(()))
                .is_ok(),
            _ => false,
        }
    }

    let missing = component
        .component_type()
        .imports(engine)
        .find_map(|(name, item)| match &item.ty {
            ComponentItem::ComponentInstance(instance) => instance
                .exports(engine)
                .find(|(item_name, item)| undefined(linker, Some(name), item_name, &item.ty))
                .map(|(item_name, _)| (name.to_owned(), Some(item_name.to_owned()))),
            ty => undefined(linker, None, name, ty).then(|| (name.to_owned(), None)),
        });
    let Some((import, item)) = missing else {
        return LinkError::Instantiate {
            plugin: label.clone(),
            source,
        };
    };
    let help = if import.starts_with("wasi:") {
        format!(
            "this plugin imports `{import}`: grant it WASI with the `wasi` feature \
             (`wasm_link::wasi::add_to_linker` on its linker)"
        )
    } else {
        let package = import.split('/').next().unwrap_or(&import);
        format!("no socket provides `{import}`: pass the binding of `{package}` to `link`")
    };
    LinkError::MissingImport {
        plugin: label.clone(),
        import: match item {
            Some(item) => format!("{import}#{item}"),
            None => import,
        },
        help,
        source,
    }
}
