//! Error types, one per failure domain: linking a plugin, and dispatching a
//! call; and `wire`, the form a dispatch error takes for plugins.

pub(crate) mod wire;

use std::fmt;

/// Where a call failed: the plugin, and the interface and function it was
/// running.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSite {
    /// The plugin's id (its `Display` form); empty when no plugin was reached.
    pub plugin: String,
    /// The interface, as the binding names it (e.g. `example`).
    pub interface: String,
    /// The function's WIT name (e.g. `get-value`, `[method]counter.add`).
    pub function: String,
}

impl CallSite {
    pub(crate) fn new(plugin: &str, interface: &str, function: &str) -> Self {
        Self {
            plugin: plugin.to_owned(),
            interface: interface.to_owned(),
            function: function.to_owned(),
        }
    }
}

impl fmt::Display for CallSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.plugin.is_empty() {
            write!(f, "`{}#{}`", self.interface, self.function)
        } else {
            write!(
                f,
                "`{}#{}` of plugin `{}`",
                self.interface, self.function, self.plugin
            )
        }
    }
}

/// Part of wasmtime 50's message when a sync call meets a store that takes
/// async calls only (its plugin's linker has async host functions): the
/// call is refused before the plugin runs (pinned by a test).
const ASYNC_REQUIRED: &str = "requires that `*_async` functions are used";

/// Whether wasmtime refused a sync call into a store that takes async calls
/// only: nothing ran.
pub(crate) fn requires_async(error: &wasmtime::Error) -> bool {
    error.downcast_ref::<wasmtime::Trap>().is_none() && format!("{error}").contains(ASYNC_REQUIRED)
}

/// Part of wasmtime 50's message when a sync call meets an async-lifted
/// export (component-model async): refused before the plugin runs (pinned
/// by a test).
const ASYNC_LIFTED: &str = "cannot synchronously call an async-lifted export";

/// Whether wasmtime refused a sync call of an async-lifted export: nothing
/// ran.
pub(crate) fn async_lifted(error: &wasmtime::Error) -> bool {
    error.downcast_ref::<wasmtime::Trap>().is_none() && format!("{error}").contains(ASYNC_LIFTED)
}

/// Why one plugin's part of a call failed.
///
/// It is returned per plugin inside the binding's cardinality wrapper, so a
/// failure in one plugin never hides its siblings' results. Importing plugins
/// receive it as the WIT variant `dispatch-error` shipped in `wasm-link/wit/`
/// (see [`DispatchError::to_val`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DispatchError {
    /// The binding declares no such interface.
    #[error("the binding declares no interface `{}`", .0.interface)]
    UnknownInterface(CallSite),
    /// The interface declares no such function.
    #[error("the binding declares no function {0}")]
    UnknownFunction(CallSite),
    /// The plugin does not export a function its binding declares.
    #[error("plugin `{}` does not export `{}#{}`", .0.plugin, .0.interface, .0.function)]
    MissingExport(CallSite),
    /// The call ran out of the fuel its plugin's fuel limiter granted.
    #[error("{0} ran out of fuel")]
    FuelExhausted(CallSite),
    /// The call ran past the epoch deadline its plugin's epoch limiter set.
    #[error("{0} exceeded its epoch deadline")]
    DeadlineExceeded(CallSite),
    /// The plugin trapped (including a refused memory grow that traps, and a
    /// failure of a socket it called transparently).
    #[error("{site} trapped: {message}")]
    Trap {
        /// Where it trapped.
        site: CallSite,
        /// The trap and its causes, rendered.
        message: String,
        /// The error wasmtime returned, when this side saw it.
        #[source]
        source: Option<wasmtime::Error>,
    },
    /// The plugin trapped earlier and its instance can no longer be entered.
    #[error("{0} cannot be entered: its instance trapped earlier and must be restarted")]
    Unusable(CallSite),
    /// The plugin is already running further up this call's chain (the
    /// thread's call stack, or the async call's).
    #[error("{0} was re-entered while it is already running further up this call")]
    Reentrant(CallSite),
    /// The call came the way the plugin cannot take: a sync call into a
    /// plugin linked with [`Plugin::link_async`](crate::Plugin::link_async),
    /// or an async call into one linked with [`Plugin::link`](crate::Plugin::link).
    /// Importing plugins receive it as `unusable`, with `help` in its message.
    #[error("{site} cannot be called this way: {help}")]
    WrongEntryPoint {
        /// The call.
        site: CallSite,
        /// Which way in to use instead.
        help: String,
    },
    /// The arguments do not match the function's parameter types.
    #[error("invalid arguments for {site}: {message}")]
    InvalidArguments {
        /// The call.
        site: CallSite,
        /// What was wrong.
        message: String,
    },
    /// A resource handle was unknown, forged, already dropped or foreign.
    #[error("invalid resource handle for {site}: {message}")]
    InvalidResource {
        /// The call.
        site: CallSite,
        /// What was wrong.
        message: String,
    },
}

/// Why a plugin could not be instantiated or linked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LinkError {
    /// An import of a socket interface is declared with a type that does not
    /// fit the socket's cardinality and the exporters' types.
    #[error(
        "{plugin}: import `{import}` has type `{found}`, but socket `{socket}` ({cardinality}) expects `{expected}`"
    )]
    ImportType {
        /// The importing plugin.
        plugin: PluginLabel,
        /// The import, as `interface#function`.
        import: String,
        /// The socket's package.
        socket: String,
        /// The socket's cardinality.
        cardinality: crate::CardinalityKind,
        /// The accepted WIT type(s).
        expected: String,
        /// The importer's WIT type.
        found: String,
    },
    /// An import of a socket interface names something its binding does not
    /// declare.
    #[error("{plugin}: import `{import}` is not declared by socket `{socket}`")]
    UndeclaredImport {
        /// The importing plugin.
        plugin: PluginLabel,
        /// The import, as `interface#function`.
        import: String,
        /// The socket's package.
        socket: String,
    },
    /// A plugin of a socket binding does not export a function its binding
    /// declares (or exports it with another type than its siblings).
    #[error(
        "plugin `{exporter}` of binding `{binding}` does not export `{function}` as declared: {reason}"
    )]
    ExportMismatch {
        /// The exporting plugin's id.
        exporter: String,
        /// The binding's package (linked as a socket, or behind a typed group).
        binding: String,
        /// The function, as `interface#function`.
        function: String,
        /// What is wrong.
        reason: String,
    },
    /// A typed group asked for a function its binding does not declare.
    #[error("binding `{binding}` declares no function `{function}`")]
    UndeclaredFunction {
        /// The binding's package.
        binding: String,
        /// The function, as `interface#function`.
        function: String,
    },
    /// Two sockets of one `link` call provide the same interface.
    #[error("{plugin}: interface `{interface}` is provided by more than one socket")]
    DuplicateSocket {
        /// The importing plugin.
        plugin: PluginLabel,
        /// The interface's full name.
        interface: String,
    },
    /// An interface declares a resource and a function of the same name: a
    /// component cannot import both under one name.
    #[error(
        "socket `{socket}`: interface `{interface}` declares both a resource and a function named `{name}`"
    )]
    NameClash {
        /// The socket's package.
        socket: String,
        /// The interface, as the binding names it.
        interface: String,
        /// The name used twice.
        name: String,
    },
    /// An import that takes an owned handle would fan out to several
    /// plugins: a handle moves into one plugin only, and the canonical ABI
    /// takes it from the importer before any host code could refuse the
    /// call, so such an import is refused when linking.
    #[error(
        "{plugin}: import `{import}` takes an owned handle, but socket `{socket}` would pass it to {plugins} plugins and a handle can move into one only: take it as `borrow<..>`, or link a binding of one plugin"
    )]
    MovesIntoSeveral {
        /// The importing plugin.
        plugin: PluginLabel,
        /// The import, as `interface#function`.
        import: String,
        /// The socket's package.
        socket: String,
        /// How many plugins the socket's binding holds.
        plugins: usize,
    },
    /// A socket provides the import, but cannot serve it on this engine or
    /// for an importer linked this way.
    #[error("{plugin}: socket import `{import}` cannot be served: {reason}")]
    Unserved {
        /// The importing plugin.
        plugin: PluginLabel,
        /// The import, as `interface#function`.
        import: String,
        /// Why, and what to change.
        reason: &'static str,
    },
    /// A plugin's limiter needs an engine feature that is off.
    #[error("{plugin}: {limiter} needs `Config::{config}(true)` on the engine")]
    EngineConfig {
        /// The plugin.
        plugin: PluginLabel,
        /// The limiter asked for.
        limiter: &'static str,
        /// The engine configuration it needs.
        config: &'static str,
    },
    /// Wasmtime refused to define a socket function in the linker (usually
    /// because the linker already defines that name).
    #[error("{plugin}: cannot define socket import `{import}` in the linker")]
    Define {
        /// The importing plugin.
        plugin: PluginLabel,
        /// The import.
        import: String,
        /// Wasmtime's error.
        #[source]
        source: wasmtime::Error,
    },
    /// An import of the plugin is defined by no socket and not in the
    /// linker.
    #[error("{plugin}: nothing provides import `{import}`: {help}")]
    MissingImport {
        /// The plugin.
        plugin: PluginLabel,
        /// The import, as `interface#item` (or the item's name alone).
        import: String,
        /// How to provide it.
        help: String,
        /// Wasmtime's error.
        #[source]
        source: wasmtime::Error,
    },
    /// Instantiation failed: an import whose definition has another type, a
    /// trap in a start function, or start-up running out of its budget.
    #[error("{plugin}: instantiation failed")]
    Instantiate {
        /// The plugin.
        plugin: PluginLabel,
        /// Wasmtime's error, which names the unsatisfied import or the trap.
        #[source]
        source: wasmtime::Error,
    },
    /// [`Binding::restart`](crate::Binding::restart) named a plugin the
    /// binding does not hold.
    #[error("binding `{package}` has no plugin `{plugin}`")]
    UnknownPlugin {
        /// The binding's package.
        package: String,
        /// The id asked for.
        plugin: String,
    },
    /// A change of a binding's members that its cardinality forbids (an
    /// `ExactlyOne` only replaces, an `AtMostOne` holds one at most, an
    /// `AtLeastOne` keeps one at least), or an `insert` of an id the binding
    /// already holds. The binding is unchanged.
    #[error("binding `{binding}` ({cardinality}) cannot change plugin `{plugin}`: {reason}")]
    MembershipRefused {
        /// The binding's package.
        binding: String,
        /// The binding's cardinality.
        cardinality: crate::CardinalityKind,
        /// The id asked for.
        plugin: String,
        /// Why.
        reason: String,
    },
    /// A change of a binding's members would no longer fit a plugin linked
    /// to the binding: one of its imports would need another shape than the
    /// one it declared. The binding is unchanged.
    #[error(
        "binding `{binding}` cannot change plugin `{plugin}`: {importer} imports `{import}` {reason}"
    )]
    ImporterMismatch {
        /// The binding's package.
        binding: String,
        /// The plugin id the change was about.
        plugin: String,
        /// The importing plugin.
        importer: PluginLabel,
        /// The import, as `interface#function`.
        import: String,
        /// What no longer fits: the importer's WIT type and the type(s) the
        /// changed binding would accept.
        reason: String,
    },
    /// A restart was asked for where it cannot run: from within the plugin's
    /// own call, or from within another plugin's call (it would wait for the
    /// plugin while holding the caller).
    #[error("plugin `{plugin}` cannot be restarted here: {reason}")]
    RestartRefused {
        /// The plugin.
        plugin: String,
        /// Why.
        reason: String,
    },
    /// Set-up work (checking a typed group's exports) reached a plugin that
    /// this thread is running, or that is busy while this thread runs
    /// another plugin: waiting for it could deadlock.
    #[error(
        "plugin `{plugin}` is running on this thread, or is busy while this thread runs \
         another plugin: build typed groups outside plugin calls"
    )]
    PluginRunning {
        /// The plugin.
        plugin: String,
    },
}

/// Names a plugin in a [`LinkError`]: by the name given with
/// [`Plugin::with_name`](crate::Plugin::with_name), or as "plugin" when it has
/// none (ids are only assigned later, by a binding).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PluginLabel(pub Option<String>);

impl fmt::Display for PluginLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(name) => write!(f, "plugin `{name}`"),
            None => f.write_str("plugin"),
        }
    }
}

/// Why a component could not be compiled ahead of time, or a compiled one
/// could not be loaded: returned by [`precompile`](crate::precompile),
/// [`load_precompiled`](crate::load_precompiled) and
/// [`ComponentCache`](crate::ComponentCache), and reported by
/// [`CacheOutcome`](crate::CacheOutcome) for entries the cache refused.
///
/// `path` fields name the file the bytes came from, when they came from one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    /// A file could not be read or written.
    #[error("cannot {action} `{}`", path.display())]
    Io {
        /// What was being done: `read`, `write`, `create` or `replace`.
        action: &'static str,
        /// The file or directory.
        path: std::path::PathBuf,
        /// The error of the file system.
        #[source]
        source: std::io::Error,
    },
    /// The component does not compile.
    #[error("{} does not compile", component(path.as_deref()))]
    Compile {
        /// The component's file.
        path: Option<std::path::PathBuf>,
        /// Wasmtime's error, which says what is wrong with the component.
        #[source]
        source: wasmtime::Error,
    },
    /// Wasmtime could not write a compiled component out (it ran out of
    /// memory).
    #[error("cannot serialize the compiled component")]
    Serialize {
        /// Wasmtime's error.
        #[source]
        source: wasmtime::Error,
    },
    /// The bytes are not a precompiled component of wasm-link: random
    /// bytes, a WebAssembly binary, a bare Wasmtime artifact.
    #[error("{} is not a precompiled component of wasm-link: {reason}", artifact(path.as_deref()))]
    NotPrecompiled {
        /// The file.
        path: Option<std::path::PathBuf>,
        /// What the bytes look like instead.
        reason: &'static str,
    },
    /// The artifact is in another version of wasm-link's format (made by an
    /// older or newer wasm-link).
    #[error(
        "{} is in version {found} of wasm-link's precompiled format; this wasm-link reads version {expected}",
        artifact(path.as_deref())
    )]
    FormatVersion {
        /// The file.
        path: Option<std::path::PathBuf>,
        /// The artifact's format version.
        found: u32,
        /// The version this wasm-link reads.
        expected: u32,
    },
    /// The artifact was damaged after it was made (cut short, or changed):
    /// its length or its checksum does not match. Nothing of it was run.
    #[error("{} is corrupt: {reason}", artifact(path.as_deref()))]
    Corrupt {
        /// The file.
        path: Option<std::path::PathBuf>,
        /// What does not match.
        reason: String,
    },
    /// A cache entry holds the compiled code of another component than the
    /// one its name is for (a file copied or renamed into the cache).
    #[error("cache entry `{}` holds another component than the one asked for", path.display())]
    OtherComponent {
        /// The entry's file.
        path: std::path::PathBuf,
    },
    /// The artifact was made by another Wasmtime version or for an engine
    /// of another configuration (fuel, epochs, memory layout, wasm
    /// features, target), which Wasmtime refuses to load.
    #[error(
        "{} was made by another Wasmtime version or engine configuration: {source}",
        artifact(path.as_deref())
    )]
    EngineMismatch {
        /// The file.
        path: Option<std::path::PathBuf>,
        /// Wasmtime's refusal, which names the difference.
        #[source]
        source: wasmtime::Error,
    },
    /// Wasmtime could not load an artifact made for this engine (it ran out
    /// of memory, say).
    #[error("Wasmtime cannot load {}", artifact(path.as_deref()))]
    Load {
        /// The file.
        path: Option<std::path::PathBuf>,
        /// Wasmtime's error.
        #[source]
        source: wasmtime::Error,
    },
}

/// Names a precompiled component in a [`CacheError`].
fn artifact(path: Option<&std::path::Path>) -> String {
    path.map_or_else(
        || "the precompiled component".to_owned(),
        |path| format!("precompiled component `{}`", path.display()),
    )
}

/// Names a component's source in a [`CacheError`].
fn component(path: Option<&std::path::Path>) -> String {
    path.map_or_else(
        || "the component".to_owned(),
        |path| format!("component `{}`", path.display()),
    )
}
