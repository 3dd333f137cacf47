#![doc = include_str!(concat!(env!("OUT_DIR"), "/README.md"))]
//!
//! # The socket ABI
//!
//! For a function `f: func(params) -> T` of a socket's interface, an
//! importing plugin declares one of these result types, chosen by the
//! socket binding's cardinality, and checked when [`Plugin::link`] runs:
//!
//! | cardinality | importer declares |
//! |---|---|
//! | [`ExactlyOne`] | `tuple<id, result<T, dispatch-error>>`, or plain `T` (a failure traps the importer, with the cause in the trap) |
//! | [`AtMostOne`] | `option<tuple<id, result<T, dispatch-error>>>` |
//! | [`AtLeastOne`], [`Any`] | `list<tuple<id, result<T, dispatch-error>>>`, or `map<id, result<T, dispatch-error>>` where the engine enables maps |
//!
//! `id` is the plugin id's WIT type ([`PluginId::WIT_TYPE`]); a function
//! without a result uses `result<_, dispatch-error>`; `result<T>` (no error
//! payload) narrows the error away. Resource methods go to the plugin that
//! owns the resource and return `result<T, dispatch-error>` or plain `T`.
//! `dispatch-error` is declared in [`DISPATCH_WIT`].
//!
//! # Order
//!
//! A binding keeps its plugins in ascending id order ([`PluginId`] is
//! `Ord`): a fan-out calls them one after the other in that order, and the
//! entries of a list-shaped socket result come in that order, so a graph
//! runs and answers the same way every time.
//!
//! # Resources
//!
//! A resource handle that leaves its owner is wrapped: another plugin sees a
//! handle of its own whose calls are routed to the owner, and dropping it
//! drops the owner's resource. The host receives the owner's own handles and
//! releases them with [`drop_resource`] (typed bindings hand them out as
//! [`Own`], released when dropped, and [`Borrow`]).
//!
//! - **Moving means moving.** Passing an owned handle to a plugin takes it
//!   from its source: the host's copy is refused afterwards (as a typed
//!   [`Own`] is consumed by the call), the same owned handle twice in one
//!   call is refused, and an owned handle cannot go to several plugins of a
//!   fan-out. A call refused for its handles is refused before any plugin
//!   runs and leaves the host's handles with the host. A plugin cannot be
//!   given its handle back that way (the canonical ABI takes an `own`
//!   argument from the caller's table before any host code runs), so an
//!   import that would move an owned handle into a socket of several
//!   plugins is refused when linking ([`LinkError::MovesIntoSeveral`]).
//! - **Handles do not keep their owner alive.** A plugin's store is freed
//!   when its binding is dropped, even while other plugins hold its
//!   resources; their handles then answer an error, and dropping them is
//!   harmless.
//! - **A host handle's owner is found in one hash probe.** A `ResourceAny`
//!   carries no owner, and the host may pass one it got from any binding to
//!   any other, so one registry maps resource types to their plugins. It
//!   holds the types of live instances only (a restart or a drop removes
//!   an instance's types) and refers to plugins weakly; wasmtime makes each
//!   instance's resource types distinct, so one registry serves every
//!   engine and binding without ambiguity.
//! - **Destructors are calls.** A destructor runs under its owner's per-call
//!   limits. If it fails, that is the owner's failure: the host's
//!   [`drop_resource`] returns it, a plugin dropping the handle never sees
//!   it. Dropping a handle to an owner that has trapped discards it and
//!   succeeds. The host's handles to an instance that is gone (restarted,
//!   replaced, removed from its binding, dropped) are refused in calls with
//!   an error naming the plugin, and dropping them succeeds: their
//!   resources went with the instance. A plugin's such handles are
//!   discarded.
//!
//! # Threads
//!
//! Bindings are `Send + Sync` and can be called from many threads. Each
//! plugin runs one call at a time: a busy plugin is waited for, not refused.
//! A thread waits for a plugin while it is running another plugin only along
//! a socket, from importer to exporter, and the graph is acyclic, so these
//! waits cannot deadlock. Everything else that reaches into a plugin from
//! inside another one does not wait: dropping a handle to a busy owner
//! queues the drop, which the owner runs as soon as it is free (this is how
//! an owner can call a plugin that drops the owner's resource), and
//! restarting, or checking a typed group's exports, from within a plugin's
//! call is refused with an error ([`LinkError::RestartRefused`],
//! [`LinkError::PluginRunning`]). Re-entering a plugin that is already on
//! the thread's stack is [`DispatchError::Reentrant`].
//!
//! # Async
//!
//! The async ways in ([`Plugin::instantiate_async`], [`Plugin::link_async`],
//! [`Binding::dispatch_async`], [`Binding::restart_async`], and `bind!(..,
//! async)` groups) run the same call path as the sync ones: the same
//! checks, limits, resource moves and errors; only the waiting differs. A
//! plugin's lock is awaited, never blocked on. What a thread is to a sync
//! call, a *call chain* is to an async one: each async call from the host
//! starts one, the socket calls it makes belong to it, and a plugin already
//! on its chain (or on the chain of a call it was made from, as from a host
//! function) is [`DispatchError::Reentrant`], whichever threads the chain
//! ran on. The runtime's own work never blocks a thread on a lock an async
//! call holds (that call may be suspended on the very thread): drops that
//! reach such a plugin are queued to it. A sync call made from async code
//! does block its thread while the plugin is busy, as any blocking call
//! does: use the async twins there.
//!
//! - **Which way in**: a plugin without sockets takes both; one linked with
//!   `link_async` only async calls (its sockets await, and wasmtime runs
//!   such a store only from async calls), one linked with `link` only sync
//!   ones (its sockets block a thread). The other way in is
//!   [`DispatchError::WrongEntryPoint`], naming the one to use, before the
//!   plugin runs. A plugin whose linker has async host functions of the
//!   host's own is treated alike.
//! - **Time slicing**: with epoch interruption on, an async call yields to
//!   the executor at every epoch tick (through `tokio::task::yield_now`, so
//!   a current-thread runtime polls its sockets and timers meanwhile) and
//!   traps only at its deadline.
//! - **Fan-out**: the members of an `AtLeastOne` or `Any` binding run
//!   concurrently, each as a chain of its own; [`Binding::dispatch_async`]
//!   on a multi-threaded tokio runtime runs them as tasks, in parallel, and
//!   so does a typed fan-out (`bind!(.., async)`), whose tasks share one
//!   owned copy of the arguments (on one thread it borrows them); one that
//!   moves resource handles runs one member after another.
//!   An async importer's socket reaches its members concurrently too, each
//!   a chain started from the importer's, and on a multi-threaded runtime in
//!   parallel where the call moves no resource handle (a task may outlive
//!   a cancelled importer call, and must not hold its loans); except on an
//!   engine that meters fuel: members running at once would each get what
//!   the importer has left and together could burn more, so there they run
//!   one after another.
//! - **Cancellation**: dropping an async call's future never leaves a lock
//!   held or touches another plugin. A call cut off while waiting for a
//!   plugin leaves nothing behind; one cut off inside plugins leaves each
//!   plugin it was running in [`DispatchError::Unusable`] until restarted.
//!   Members of a parallel fan-out that are already running finish on
//!   their own; their results are dropped.
//! - **Typed sockets**: a typed group (or `TypedSocket`) as the socket of a
//!   plugin linked with `link_async` forwards its functions through typed
//!   async host functions, resource handles included; a socket that moves
//!   handles reaches its plugins one after another.
//! - **Destructors** of a plugin linked with `link_async` run to their end
//!   where the handle is dropped (wasmtime's async drop, driven on that
//!   thread), like any drop of a free owner.
//!
//! ## Component-model async
//!
//! Plugins whose WIT functions are `async func` (async-lifted exports,
//! async-typed imports) need the `component-model-async` feature and an
//! engine from [`async_config`] (concurrency support on); the async ways
//! in reach them, mixed freely with plain functions in one graph.
//!
//! - **From the host**, an `async func` export is called by
//!   [`Binding::dispatch_async`] or an async typed group (`bind!(..,
//!   async)` types it): Wasmtime runs the plugin's task to its
//!   `task.return`, and every yield of the task goes back to the executor.
//!   A sync call is [`DispatchError::WrongEntryPoint`] (nothing runs, the
//!   plugin stays usable); in a sync typed group the function has a
//!   stand-in method whose call fails to compile, saying so.
//! - **Through sockets**, an importer's `async func` import is served by a
//!   concurrent host function (Wasmtime's `func_new_concurrent`), with
//!   every shape (plain, wrapped, optional, list) and the fan-out of the
//!   sync ones; a plain import may reach an `async func` export and the
//!   reverse. Such an importer must be linked with `link_async` (else
//!   [`LinkError::Unserved`], naming it); the task that calls the import
//!   must be async-lifted (Wasmtime traps a sync-lifted export that would
//!   block on one). An `async func` socket function moves no resource
//!   handles (refused at link time), and typed groups forward it through
//!   the `Val` forwarder.
//! - **Limits and faults** are those of any call: an async task that
//!   never returns is cut by fuel (each callback burns some), by its
//!   caller's remaining budget behind a socket, or by a timeout that drops
//!   the call (the plugin is then `Unusable` until
//!   [`Binding::restart_async`]).
//! - **Nothing outlives its call.** An importer's guest may start socket
//!   calls without waiting for them (async-lowered imports), several at
//!   once (each a call chain of its own), and may return before they end.
//!   A call into it finishes only once every socket call it started has,
//!   under the call's limits; a call cut off, or a plugin's lock let go
//!   any other way, cancels those still running, so no plugin stays held
//!   by a call nobody waits for.
//! - **What Wasmtime 50 cannot do there**: lift two or more borrowed
//!   handles into one host function of a store with concurrency support
//!   (it fails, a panic in debug builds); `link` refuses such socket
//!   functions on such an engine with [`LinkError::Unserved`]. Streams,
//!   futures and stackful async lifts are not supported.
//!
//! Pick [`recommended_config`] unless a plugin needs this: it serves sync
//! and async calls, and its calls skip the concurrent machinery.
//!
//! # Limits
//!
//! Each plugin has its own limits (see [`Plugin`]'s builders): fuel and an
//! epoch deadline per call, a start-up budget, a memory limiter and a cap on
//! the data copied out of it per call.
//!
//! - **A call's limits bound everything it causes.** A call gets the fuel and
//!   epoch ticks its plugin's limiter grants (none: unbounded), capped by
//!   what its caller's call tree has left; what it burns is charged to the
//!   caller. A socket callee without a limiter of its own runs on its
//!   caller's remaining budget; with one, on the smaller of the two. No tree
//!   of calls outlasts the limits its root plugin was given.
//! - **Start-up is bounded** on engines that meter fuel or epochs:
//!   [`Plugin::with_initial_fuel`] and [`Plugin::with_startup_deadline`], or
//!   [`DEFAULT_STARTUP_FUEL`] and [`DEFAULT_STARTUP_TICKS`].
//! - **Initial fuel without a per-call fuel limiter is a lifetime budget**:
//!   calls run on what start-up left and are not refilled (zero trust: a
//!   plugin given a budget cannot outlive it by being called often).
//! - **Any value a limiter returns is safe.** Epoch ticks are counted down
//!   in an epoch callback, never added to the engine's epoch.
//!
//! # Faults
//!
//! A trap, an exhausted limit, or a result the host refuses (a string that
//! is not UTF-8, data over the transfer limit, a borrow kept past the call)
//! is the failing plugin's `Err`; its siblings answer and the host runs on.
//! Wasmtime 50 does not enter a store again after any failed call, so such
//! a plugin then answers [`DispatchError::Unusable`] until
//! [`Binding::restart`]. Input that wasmtime would refuse (arguments that do
//! not fit, handles the host does not hold or the callee cannot take) is
//! therefore refused by wasm-link *before* the plugin is entered, and
//! leaves it usable. One consequence of call-tree budgets: a callee stopped
//! by its caller's budget has trapped like any other, and needs a restart.
//!
//! # A live graph
//!
//! A binding's members can change while it runs:
//! [`Binding::replace`] swaps one (any cardinality), [`Binding::insert`]
//! and [`Binding::remove`] change the members of `AtMostOne`, `AtLeastOne`
//! and `Any` bindings (an `ExactlyOne` only replaces, an `AtMostOne` holds
//! one at most, an `AtLeastOne` keeps one at least); typed groups have the
//! same three methods.
//!
//! - **Checked before anything changes.** A newcomer must export every
//!   function the binding declares, with the types the other members export
//!   and that every typed group over the binding was checked against; and
//!   the binding with it must still fit every plugin linked to it (each
//!   import keeps the shape it was linked with; an import taking an owned
//!   handle keeps its binding to one plugin). A refused change is a
//!   [`LinkError`] naming what failed, and the binding is untouched.
//! - **No call fails because of a change.** A call takes the members of the
//!   moment once, when it starts, and finishes on them: calls in progress
//!   finish on the old instance, calls that start afterwards reach the new
//!   one. Importers are not linked again; their next call reaches the new
//!   members. Changes never wait for calls, and are applied one at a time.
//!   So they have no `_async` twins: a change runs no plugin code and waits
//!   for no plugin, and is as safe to make from async code, mid-call, as
//!   from a plain thread (a newcomer for an async graph is instantiated
//!   with [`Plugin::instantiate_async`] or [`Plugin::link_async`] first).
//! - **A member that leaves takes its state and resources with it.** A
//!   replacement starts fresh: state moves only through the plugins' own
//!   functions (call the old one's export before the swap, the new one's
//!   after). Handles to the old instance's resources are refused, naming
//!   it, and dropping them succeeds. Its store is freed when its last call
//!   ends.
//!
//! What it costs: every call loads the current members once (an atomic
//! load with a reader-side reservation, [`arc-swap`]); BENCHMARKS.md, "A
//! live graph", has the ratios and the time a swap takes.
//!
//! [`arc-swap`]: https://docs.rs/arc-swap
//!
//! # Tracing
//!
//! With the `tracing` feature, every call into a plugin is an `INFO` span
//! (target `wasm_link`, name `call`) with the fields `plugin` (its id),
//! `package`, `interface` and `function`, and, recorded when the call ends,
//! `fuel` and `ticks` where the engine meters them and the call spent any
//! (what it spent, its callees' share included). A socket hop is a span
//! inside its importer's, so a call tree is a tree of spans; a destructor
//! is a span too (its `package` is empty). A failure inside a plugin (a
//! trap, exhausted fuel, a passed deadline) is a `WARN` event in its span
//! with `kind` and `error`; [`Binding::restart`] is an `INFO` event (or a
//! `WARN` when it fails), and so is a change of members ("members changed",
//! with `package`, `action` and `plugin`; "change refused" when refused). Without the feature none of this is compiled in;
//! with it and no subscriber listening, a call pays for a disabled span
//! (BENCHMARKS.md, "Tracing"). The pipeline example prints one call tree's
//! trace with `WASM_LINK_TRACE=1`.
//!
//! # Architecture
//!
//! The source is laid out by concept, each folder depending only on the
//! ones listed before it:
//!
//! | module | holds |
//! |---|---|
//! | `error/`, `context`, `wit_type`, `trace` | the error types and the `dispatch-error` wire form; the plugin context trait; structural comparison and rendering of WIT types; what the `tracing` feature reports |
//! | `resources/` | transits between stores, wrappers in other plugins' tables (`foreign`), the owner registry and the owner trait (`owner`), dropping a handle in a store of sync or async calls (`dropping`), the `Val` and typed handle visitors, `Own`/`Borrow` |
//! | `plugin/` | the builder, the running plugin (`cell`: its lock, queued drops, calls, sync and async), call chains for re-entrance and lock discipline (`chain`), the socket calls its guest left running (`subtasks`), its exports and the typed signature each was checked against (`export`), the unsafe step that lowers borrowed arguments (`borrowed`), the reused box of an async call's future (`call_box`), remapped export names (`remap`), limits and call-tree budgets, ids, compiled components kept on disk (`precompiled`) |
//! | `binding/` | bindings, their interfaces and cardinalities; the members of the moment (`membership`: which members a call reaches), the checked changes of members (`change`), and how an async host call reaches several members (`fan_out`) |
//! | `typed/` | the typed call path `bind!` code uses, sync and async |
//! | `socket/` | linking importers (`Plugin::link` lives here): shapes, `Val` forwarding, typed forwarding, concurrent forwarding of `async func` imports and what a concurrent engine cannot serve (`concurrent`) |
//!
//! `resources` knows plugins only through the `Owner` trait it defines, so
//! the plugin that owns a resource and the handles that refer to it do not
//! import each other; `Plugin::link` is defined in `socket/`, so that
//! plugins do not depend on the sockets that depend on them. A change of
//! members must be accepted by the importers linked to the binding and by
//! its typed groups, which live in `socket/` and `typed/`: they register
//! their checks with the binding (`change::Watchers`) rather than the
//! binding reaching into them. Generated code reaches the runtime only
//! through the hidden `__private` module.
//!
//! # Fast start
//!
//! Most of the time a plugin takes to start is Wasmtime compiling its
//! component; instantiating the compiled component is cheap. So:
//!
//! **Compile once.** A [`ComponentCache`] keeps compiled components in a
//! directory. [`ComponentCache::load`] compiles a component the first time
//! and loads its compiled code afterwards, keyed on the component's bytes
//! and on the engine's configuration and Wasmtime version, so that a
//! changed file, setting or Wasmtime release compiles afresh. An entry is
//! checked before any of it runs: a damaged file, an entry of another
//! Wasmtime version or engine configuration, or a file that is no entry at
//! all is refused with a [`CacheError`] saying which
//! ([`ComponentCache::load_with_outcome`] reports it), and the component is
//! compiled again over it. A cache never fails a load that compiling would
//! not. Loading an entry runs its code, so the directory must be writable
//! by the host's user only (see [`ComponentCache`], "Trust").
//!
//! ```
//! use wasm_link::{ComponentCache, Engine, Linker, Plugin, PluginContext, ResourceTable};
//!
//! struct Ctx(ResourceTable);
//! impl PluginContext for Ctx {
//!     fn resource_table(&mut self) -> &mut ResourceTable { &mut self.0 }
//! }
//!
//! # let dir = std::env::temp_dir().join(format!("wasm-link-fast-start-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let plugin_file = dir.join("plugin.wat");
//! # std::fs::write(&plugin_file, "(component)")?;
//! # let cache_dir = dir.join("compiled");
//! let engine = Engine::new(&wasm_link::recommended_config())?;
//! let cache = ComponentCache::new(cache_dir);
//! // Compiled on the first start, loaded without compiling on the next ones.
//! let component = cache.load(&engine, &plugin_file)?;
//! let plugin = Plugin::new(component, Ctx(ResourceTable::new()))
//!     .instantiate(&engine, &Linker::new(&engine))?;
//! # let _ = plugin;
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`precompile`] and [`load_precompiled`] are the step beneath, for
//! compiled components a host ships or stores itself. They refuse what the
//! cache refuses, but loading is `unsafe` there: only the caller can vouch
//! that bytes were not crafted to look like a compiled component.
//!
//! Wasmtime has a cache of its own, `Config::cache`, behind its `cache`
//! feature, which wasm-link's Wasmtime dependency leaves off (it is built
//! with `default-features = false`; the feature adds the `wasmtime-cache`
//! crate, with its TOML configuration, compression and a worker that
//! evicts old entries). An application that turns it on can use it with
//! wasm-link as with any Wasmtime engine. wasm-link's cache needs no
//! configuration, is chosen per load, reports what it refuses and checks
//! every entry before loading it; it evicts nothing (empty its directory
//! when it grows).
//!
//! **Pool instances.** Every plugin has its own store, so a graph of many
//! plugins instantiates many times: once per plugin at start, and again at
//! every restart. With the default allocator each instance maps its memory
//! and unmaps it when it goes; Wasmtime's pooling allocator reserves slots
//! for instances once and reuses them (wasm-link builds Wasmtime with its
//! `pooling-allocator` feature). Size the pool for the graph: a full pool
//! refuses to instantiate (a [`LinkError::Instantiate`], or a failed
//! [`Binding::restart`]).
//!
//! ```
//! use wasm_link::wasmtime::{InstanceAllocationStrategy, PoolingAllocationConfig};
//!
//! let plugins = 100;
//! let mut pool = PoolingAllocationConfig::new();
//! // One component instance per plugin, and one more for each restart that
//! // may be under way (a restart starts the new instance before the old
//! // one is dropped).
//! pool.total_component_instances(plugins + 1)
//!     // The core instances, memories and tables of all plugins together:
//!     // here at most 2, 1 and 1 per plugin.
//!     .total_core_instances(2 * (plugins + 1))
//!     .total_memories(plugins + 1)
//!     .total_tables(plugins + 1)
//!     // The most linear memory one plugin may grow to.
//!     .max_memory_size(64 << 20);
//! let mut config = wasm_link::recommended_config();
//! config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
//! let engine = wasm_link::Engine::new(&config)?;
//! # let _ = engine;
//! # Ok::<(), wasm_link::wasmtime::Error>(())
//! ```
//!
//! Each memory slot reserves `Config::memory_reservation` of address space
//! (4 GiB by default on 64-bit hosts): address space, not memory, but a
//! limit where address space is. The allocation strategy does not change
//! compiled code, so a [`ComponentCache`] serves pooling and on-demand
//! engines of otherwise equal configuration with the same entries.
//!
//! # WASI
//!
//! Plugins import nothing from the host but their sockets, unless the host
//! grants more. With the `wasi` feature, `wasi::add_to_linker` gives a
//! plugin's linker the WASI p2 interfaces, served from a `WasiCtx` in that
//! plugin's own context: each plugin sees only what its own context grants,
//! and `wasi::deny_all` grants nothing (no files, environment, arguments,
//! stdio or network).

mod binding;
mod config;
mod context;
mod error;
mod plugin;
mod resources;
mod socket;
mod trace;
mod typed;
#[cfg(feature = "wasi")]
pub mod wasi;
mod wit_type;

pub use binding::Binding;
pub use binding::cardinality::{
    Any, AtLeastOne, AtMostOne, Cardinality, CardinalityKind, ExactlyOne,
};
pub use binding::interface::{Function, FunctionKind, Interface, ReturnKind};
#[cfg(feature = "component-model-async")]
pub use config::async_config;
pub use config::recommended_config;
pub use context::PluginContext;
pub use error::wire::DISPATCH_WIT;
pub use error::{CacheError, CallSite, DispatchError, LinkError, PluginLabel};
pub use plugin::id::PluginId;
pub use plugin::limits::{DEFAULT_STARTUP_FUEL, DEFAULT_STARTUP_TICKS};
pub use plugin::{
    CacheOutcome, ComponentCache, Plugin, PluginInstance, Remap, load_precompiled, precompile,
};
pub use resources::drop_resource;
pub use resources::handle::{Borrow, Own};
pub use socket::Socket;

pub use wasmtime::Engine;
pub use wasmtime::component::{Component, Linker, ResourceTable, Val};

/// The Wasmtime version this crate is built on, re-exported so that users
/// can reach types the runtime does not re-export by name.
pub use wasmtime;

/// Generates typed Rust bindings from WIT at compile time.
///
/// ```text
/// wasm_link::bind!("wit/app.wit");           // a WIT file
/// wasm_link::bind!("wit");                   // a directory (its *.wit and deps/)
/// wasm_link::bind!(inline: "package a:b; …"); // WIT written in place
/// ```
///
/// Paths are relative to the crate's `CARGO_MANIFEST_DIR`. Every file read
/// is tracked, so cargo rebuilds when one changes (a file *added* to a
/// directory is not noticed until something else changes). `inline:` puts
/// the WIT in the macro call, for tests and small bindings.
///
/// Options may follow the WIT, each at most once:
///
/// - `interfaces: ["api", "log"]` narrows the root package's `Group` and
///   `interfaces()` to those interfaces, for a package whose interfaces are
///   served by different bindings (the plugins of one need not export the
///   others). Every interface still gets its types. Naming an interface the
///   package lacks is a compile error on that name, which says so when the
///   interface belongs to a dependency (whose own `Group` covers it) or is
///   left out for a feature.
/// - `features: ["beta"]` enables WIT items marked
///   `@unstable(feature = beta)`, which are left out otherwise (as
///   wit-parser and `bindgen!` do). When the WIT fails to resolve and would
///   resolve with every feature on, the error names the features to enable.
/// - `crate: path::to::wasm_link` is where generated code finds this crate,
///   for a renamed dependency or a re-export (`::wasm_link` by default).
/// - `async` (a flag, no value) makes every typed method an `async fn` with
///   the same result, over the async call path (crate docs, "Async"):
///   `group.api().get(x).await`. The futures are `Send`, so they can be
///   spawned. The group's constructors and live-graph methods stay sync.
///
/// ```text
/// wasm_link::bind!("wit/app.wit", interfaces: ["api"]);
/// wasm_link::bind!("wit/app.wit", async);
/// wasm_link::bind!("wit", features: ["beta"], crate: ::my_runtime::wasm_link);
/// ```
///
/// # What it generates
///
/// One module per WIT package (dependencies included), named
/// `<namespace>_<name>`: `my:app` becomes `my_app` (two versions of one
/// package get the version too: `my_app_v2_0_0`; a package whose module
/// would take this crate's name, `wasm:link`, is `wasm_link_`). In it:
///
/// - `PACKAGE`: the package name (`"my:app@1.0.0"`), and `interfaces()`: the
///   [`Interface`] metadata [`Binding::new`] takes. A `[method]r.f` function
///   is [`FunctionKind::Method`], everything else (constructors and static
///   functions included) [`FunctionKind::Freestanding`]; the return kind is
///   [`ReturnKind::Void`] without a result, [`ReturnKind::AssumeNoResources`]
///   when the result type cannot hold a resource, and
///   [`ReturnKind::MayContainResources`] otherwise.
/// - A module per interface (`my_app::api`) with a Rust type for each WIT
///   type, and `Calls`, the typed functions of the interface.
/// - `Group<C>`: the plugins implementing the package, in any cardinality
///   `C` of [`PluginInstance`]s. Every plugin implements every interface of
///   the package (or those `interfaces:` chose).
///
/// ```text
/// pub mod my_app {
///     pub const PACKAGE: &str = "my:app";
///     pub fn interfaces() -> HashMap<String, wasm_link::Interface>;
///     pub struct Group<C: Cardinality> { .. }
///     impl<C> Group<C> {
///         pub fn new(plugins: C) -> Result<Self, LinkError>;  // checks every export's type
///         pub fn from_binding(binding: Binding<C>) -> Result<Self, LinkError>;
///         pub fn binding(&self) -> &Binding<C>;             // the untyped handle
///         pub fn into_binding(self) -> Binding<C>;
///         pub fn socket(&self) -> Socket;                    // also `Socket::from(&group)`
///         pub fn api(&self) -> api::Calls<'_, C>;           // one accessor per interface
///     }
///     pub mod api {
///         pub struct Point { pub x: i32, pub y: i32 }        // record point { x: s32, y: s32 }
///         pub struct Calls<'a, C> { .. }
///         impl<C> Calls<'_, C> {
///             // greet: func(name: string) -> string
///             pub fn greet(&self, name: &str) -> C::Rebind<Result<String, DispatchError>>;
///         }
///     }
/// }
/// ```
///
/// `group.api().greet("x")` calls `greet` in every plugin of the group and
/// returns one result per plugin, in the group's own cardinality: an
/// `ExactlyOne<Id, Result<String, DispatchError>>` for an `ExactlyOne`
/// group, a map of results for `AtLeastOne` and `Any`. A failure in one
/// plugin is that plugin's `Err`. Arguments are Rust values; as wasmtime's
/// `bindgen!` takes them, a `string` parameter is a `&str` and a `list<T>`
/// parameter a `&[T]` (when `T` holds no resource handle), so no `String`
/// or `Vec` is built for a call. Every plugin's call lowers the arguments
/// from the caller's values: nothing is cloned, however many plugins there
/// are. `Group::new` checks every plugin's exports against the WIT once and
/// caches typed function handles; a missing or mistyped function is a
/// [`LinkError::ExportMismatch`] naming the plugin, the function and the
/// expected and found types. Wrong argument types or counts, or using a
/// result as the wrong type, are ordinary compile errors.
///
/// # Types
///
/// | WIT | Rust |
/// |---|---|
/// | `bool`, `u8`..`u64`, `s8`..`s64`, `f32`, `f64`, `char` | `bool`, `u8`..`u64`, `i8`..`i64`, `f32`, `f64`, `char` |
/// | `string` | `String`; a parameter takes `&str` |
/// | `list<T>` | `Vec<T>`; a parameter takes `&[T]` if `T` holds no resource handle (written `list<T>`, not through an alias) |
/// | `option<T>` | `Option<T>` |
/// | `result<T, E>`, `result<_, E>`, `result<T>`, `result` | `Result<T, E>`, `Result<(), E>`, `Result<T, ()>`, `Result<(), ()>` |
/// | `tuple<A, B>` | `(A, B)` |
/// | `record` | a struct (`Debug`, `PartialEq`; `Clone` unless it holds an `own` handle) |
/// | `variant` | an enum with one-field cases (likewise) |
/// | `enum` | a fieldless enum (also `Copy`, `Eq`, `Hash`) |
/// | `flags` | a struct of constants, made by wasmtime's `flags!` (`READ \| WRITE`) |
/// | `type x = ..`, `use i.{x}` | a type alias |
/// | resource `r` | an empty enum `R`, naming the resource in handle types |
/// | `own<r>` (or `r` as a type) | [`Own<R>`](crate::Own) |
/// | `borrow<r>` | [`Borrow<R>`](crate::Borrow) |
///
/// Records, variants and enums derive wasmtime's `ComponentType`, `Lift`
/// and `Lower`, so typed calls lift and lower them directly.
///
/// WIT names become Rust names by case: types and cases `UpperCamel`,
/// modules, fields, functions and parameters `snake_case`, flags
/// `SHOUTY_CASE`. Rust keywords become raw identifiers (`%type` is
/// `r#type`); `self`, `Self`, `super` and `crate` get a trailing `_`
/// (`self_`), and so does a name that would collide with another in its
/// scope or shadow a prelude name (`result` becomes `Result_`).
///
/// # Resources
///
/// A resource handle is an [`Own<R>`](crate::Own) or a
/// [`Borrow<R>`](crate::Borrow): a wasmtime `ResourceAny` (the owning plugin's
/// own handle, which the runtime routes back to its owner) typed by its
/// resource and kind, so a `directory` passed as a `file`, or an owned
/// handle where the WIT borrows, is a compile error. Constructors and static
/// functions are typed, fanned out like any function, and named after
/// their resource: `[constructor]counter` is `counter_new`,
/// `[static]counter.zero` is `counter_zero`. A resource method is named
/// after its resource too (`[method]counter.get` is `counter_get`), takes
/// a borrow of the handle as its first argument, and runs only in the plugin
/// that owns the resource, so it returns that plugin's one `Result` rather
/// than a cardinality.
///
/// An [`Own`] owns its resource: dropping it releases the resource at its
/// owner, whose destructor runs (a busy owner gets the release queued);
/// [`Own::release`](crate::Own::release) also waits for the destructor and
/// returns its error. It is not `Clone`, and neither is a record or variant
/// holding one. Passing it to a function taking `own<r>` moves it, as any
/// Rust move: using it afterwards is a compile error. Such a function moves
/// its arguments into one plugin, never copies them: on a group of several
/// plugins its call is refused, every result
/// [`DispatchError::InvalidResource`], whatever the arguments hold (an empty
/// `list<own<r>>` too), so whether a call fans out follows from the WIT
/// alone.
///
/// ```text
/// let ExactlyOne(_, counter) = group.api().counter_new(5);
/// let counter: Own<api::Counter> = counter?;
/// let value: u32 = group.api().counter_get(counter.borrow())?;
/// counter.release()?;                 // or `drop(counter)`, without waiting
/// ```
///
/// Handles move between plugins as on the untyped path: a handle the host
/// passes to a plugin that does not own it arrives there as a wrapper routed
/// to its owner (lent for a `borrow`), and a handle a plugin returns reaches
/// the host as its owner's own handle.
///
/// # As a socket
///
/// `group.socket()` (or `Socket::from(&group)`) links the group into another
/// plugin. Every function with a typed form reaches importers of the same
/// context type through typed host functions, so no `Val` is built on the
/// way; resource handles in arguments and results are found from the static
/// types (every generated type implements a hidden visitor of its handles)
/// and moved between the importer and the plugins it calls. Importers of
/// another context type use the `Val` path.
///
/// # Left out, and said so
///
/// `bind!` binds a package's interfaces. Items a world declares itself (a
/// function, a type, an inline `import x: interface { .. }`) have no typed
/// form, so a root package whose worlds hold any is a compile error naming
/// them, unless `interfaces: [..]` says which interfaces to bind; a package
/// without any interface is an error too.
///
/// Types using `future`, `stream` or `error-context`, tuples of more than 12
/// elements, async functions and functions with more than 12 parameters get
/// no typed form. Each interface's module docs list what was left out and
/// why; `interfaces()` still declares every function. A function left out
/// still has a method of its name in `Calls`, which no call can satisfy: a
/// call fails to compile with the reason as the error ("`later` has no
/// typed method: async functions are not supported yet; call it through
/// `Binding::dispatch`"), rather than saying the method does not exist.
///
/// Generated code names its own helpers so that no WIT name can collide with
/// them (generic parameters `__C` and `__Ctx`, marker traits `__Untyped_*`),
/// and reaches everything else by absolute path.
///
/// # Errors and debugging
///
/// An unreadable path, or a WIT syntax or resolution error, is one compile
/// error on the path literal, with the parser's message and `file:line:col`.
/// The package modules the WIT declares then exist as empty stand-ins, so
/// code using them adds no errors of its own. Set `WASM_LINK_BIND_DEBUG=<dir>` when
/// building to write each expansion, pretty-printed, to a file in `<dir>`.
///
/// Call `bind!` once per set of packages: two calls that both generate a
/// package (a shared dependency, say) in the same module collide.
///
/// # Example
///
/// ```
/// use wasm_link::{FunctionKind, ReturnKind};
///
/// wasm_link::bind!(inline: "
///     package my:app;
///
///     interface api {
///         record point { x: s32, y: s32 }
///         flags perms { read, write }
///         resource counter {
///             constructor(start: u32);
///             get: func() -> u32;
///         }
///         greet: func(name: string) -> string;
///         %match: func(p: point, perms: perms) -> option<point>;
///     }
/// ");
///
/// let point = my_app::api::Point { x: 1, y: 2 };
/// let perms = my_app::api::Perms::READ | my_app::api::Perms::WRITE;
/// assert!(perms.contains(my_app::api::Perms::WRITE));
///
/// let interfaces = my_app::interfaces();
/// let api = interfaces["api"].functions();
/// assert_eq!(api["greet"].return_kind(), ReturnKind::AssumeNoResources);
/// assert_eq!(api["[constructor]counter"].return_kind(), ReturnKind::MayContainResources);
/// assert_eq!(api["[method]counter.get"].kind(), FunctionKind::Method);
/// # let _ = point;
/// ```
///
/// The crate's README has an example that runs a plugin through a `Group`.
pub use wasm_link_macros::bind;

/// What `bind!`-generated code uses from the runtime. Not a public API: it
/// changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::resources::handles::{HandleVisitor, Handles, NoHandles};
    pub use crate::socket::typed::{SingleResult, SocketId, TypedSocket};
    pub use crate::typed::{
        Args, LowersAs, TypedFunction, call_typed, call_typed_async, call_typed_method,
        call_typed_method_async, call_typed_moving, call_typed_moving_async,
        call_typed_moving_once, call_typed_moving_once_async, typed_function,
    };
    pub use wasmtime;
}
