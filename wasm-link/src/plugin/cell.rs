//! A running plugin: its store, its instance, and the one way in.
//!
//! Every call into a plugin, from the host or from another plugin, goes
//! through [`PluginCell::call`] (or its async and typed twins): it takes the
//! plugin's lock (a busy plugin is waited for, not refused), sets the call's
//! limits, moves resource handles in and out, and turns failures into a
//! [`DispatchError`]. The sync and async ways in differ only in how they
//! wait for the lock and run the function; the checks before and the
//! accounting after are shared (`open` and `close`).
//!
//! # Lock discipline
//!
//! A call chain (see `chain.rs`) waits for a plugin's lock while holding
//! another's only along a socket, importer to exporter, which the DAG keeps
//! acyclic. Everything else that reaches into a plugin from inside another
//! one (dropping a handle it owns, a destructor, a store torn down by a
//! restart) does not wait: it takes the lock if it is free and otherwise
//! queues the work to the plugin, which runs it before it next lets its lock
//! go. No thread blocks on a lock an async call holds (that call may be
//! suspended on the very thread that would wait): such work is queued too.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock, Weak};

use futures_util::lock::{Mutex as CallLock, MutexGuard as CallGuard};

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{
    ComponentNamedList, Func, Instance, InstancePre, Lift, Lower, ResourceAny, ResourceType,
    TypedFunc, Val,
};
use wasmtime::{Engine, Store, Trap};

use super::borrowed::{self, Args};
use super::call_box::CallBox;
use super::chain;
use super::export::Export;
use super::limits::{self, Budget, CallLimiters, Metered, Spent, StartLimits, Ticks};
use super::remap::{Remaps, resolve_name};
#[cfg(feature = "component-model-async")]
use super::subtasks::Subtasks;
use crate::PluginContext;
use crate::error::{CallSite, DispatchError, LinkError, PluginLabel};
use crate::error::{async_lifted, requires_async};
use crate::resources::dropping;
use crate::resources::foreign::{self, Loans};
use crate::resources::handles::Handles;
use crate::resources::owner::{self, Owner};
use crate::resources::visit::for_each_resource;
use crate::resources::{Target, Transit};
use crate::trace::{self, AsyncSpan, CallSpan};

/// The names one call is made under, for limiters and errors.
#[derive(Clone, Copy)]
pub(crate) struct CallNames<'a> {
    /// The binding's package, for traces.
    pub(crate) package: &'a str,
    pub(crate) plugin: &'a str,
    pub(crate) interface: &'a str,
    pub(crate) function: &'a str,
}

impl CallNames<'_> {
    pub(crate) fn site(&self) -> CallSite {
        CallSite::new(self.plugin, self.interface, self.function)
    }

    /// The call's span (nothing without the `tracing` feature).
    fn span(&self) -> CallSpan {
        CallSpan::enter(self.package, self.plugin, self.interface, self.function)
    }

    /// The call's span for an async call, entered only while it is polled.
    fn async_span(&self) -> AsyncSpan {
        AsyncSpan::new(self.package, self.plugin, self.interface, self.function)
    }
}

/// Which ways in a plugin takes, fixed by how it was linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// No sockets: sync and async calls alike.
    Either,
    /// Sockets defined by `Plugin::link`: they wait for their plugins by
    /// blocking the thread, which an async call must not do.
    Sync,
    /// Sockets defined by `Plugin::link_async`: wasmtime refuses sync calls
    /// into its store.
    Async,
}

/// One call into a plugin.
pub(crate) struct Call<'a> {
    /// The function's slot in the plugin's export table.
    pub(crate) slot: usize,
    pub(crate) names: CallNames<'a>,
    pub(crate) args: &'a [Val],
    /// Resource handles to put into `args`, in [`for_each_resource`] order;
    /// when empty, `args` is passed as it is.
    pub(crate) incoming: Vec<Transit>,
    pub(crate) results: &'a mut [Val],
    /// Whether to take resource handles out of the results.
    pub(crate) lift_results: bool,
    /// What the caller's call tree has left.
    pub(crate) budget: Budget,
    /// The handles taken out of `results`, in order.
    pub(crate) outgoing: Vec<Transit>,
    /// What the call spent, to charge to its caller.
    pub(crate) spent: Spent,
}

/// A plugin with its context type erased, as bindings and sockets hold it.
pub(crate) trait ErasedPlugin: Owner {
    /// Resolves the binding's functions, `(interface, function)` by slot,
    /// once, and records the id the binding gives the plugin; returns each
    /// function's type, or `None` where it is not exported.
    fn bind(&self, id: &str, exports: Box<[(String, String)]>) -> Vec<Option<ComponentFunc>>;
    /// Runs one call.
    fn call(&self, call: &mut Call<'_>) -> Result<(), DispatchError>;
    /// Runs one call without blocking the thread: a busy plugin is awaited.
    fn call_async<'a>(&'a self, call: &'a mut Call<'_>) -> CallBox<'a, Result<(), DispatchError>>;
    /// This plugin as a destination for resource handles.
    fn target(&self) -> Target;
    /// The epoch ticks left to the call running in this plugin.
    fn ticks(&self) -> Ticks;
    /// The socket calls its guest started without waiting for them.
    #[cfg(feature = "component-model-async")]
    fn subtasks(&self) -> Arc<Subtasks>;
}

/// The store, instance and per-call state, behind the plugin's lock.
pub(crate) struct PluginState<Ctx: 'static> {
    pub(crate) store: Store<Ctx>,
    instance: Instance,
    limiters: CallLimiters<Ctx>,
    /// The binding's functions in this instance, by slot, with the typed
    /// signature each was checked against.
    exports: Box<[Export]>,
    /// The resource types each function's parameters take, by slot: a
    /// handle that would arrive as another type is refused before the call
    /// (wasmtime would refuse it inside the call, and trap the store).
    accepts: Box<[Vec<ResourceType>]>,
    /// Counts restarts; handles taken from an older instance are stale.
    generation: u64,
    /// A call failed inside wasmtime: the store cannot be entered again.
    trapped: bool,
}

/// A call past its checks, its handles lowered: what running and closing it
/// need.
struct Opened {
    func: Func,
    metered: Metered,
    loans: Loans,
    /// The arguments with the handles lowered into the store, when any.
    patched: Option<Vec<Val>>,
}

/// Refuses a moving typed call before its plugin runs, giving up the
/// handles it carried; it spent nothing.
fn refused_moving<T>(
    error: DispatchError,
    incoming: Vec<Transit>,
) -> (Result<T, DispatchError>, Spent) {
    incoming.into_iter().for_each(Transit::discard);
    (Err(error), Spent::default())
}

/// Refuses a call before its plugin runs: the handles it carried are given
/// up (they were taken from their holder, and go nowhere).
fn refuse<T>(call: &mut Call<'_>, error: DispatchError) -> Result<T, DispatchError> {
    std::mem::take(&mut call.incoming)
        .into_iter()
        .for_each(Transit::discard);
    Err(error)
}

/// A resource type the plugin exports, and its names for limiters.
struct OwnedType {
    ty: ResourceType,
    interface: String,
    drop_name: String,
}

/// Resource types the plugin exports, with the generation they belong to.
/// Read while the plugin's lock is held by an outgoing call, so kept
/// outside it.
#[derive(Default)]
struct Owned {
    generation: u64,
    types: Vec<OwnedType>,
}

/// Drops of the plugin's own resources that came while it was busy.
#[derive(Default)]
struct PendingDrops {
    queued: Mutex<Vec<(ResourceAny, u64)>>,
    any: AtomicBool,
}

pub(crate) struct PluginCell<Ctx: 'static> {
    pub(crate) label: PluginLabel,
    /// The plugin's id in its binding, or its label: for errors.
    name: OnceLock<Arc<str>>,
    /// Taken by blocking (sync calls) or by awaiting (async calls).
    state: CallLock<PluginState<Ctx>>,
    /// The token of the call chain holding `state` (`chain::current`), or 0.
    holder: AtomicU64,
    mode: Mode,
    pending: PendingDrops,
    owned: RwLock<Owned>,
    /// The handles to this plugin's resources that the host holds.
    host_handles: Mutex<Vec<ResourceAny>>,
    engine: Engine,
    /// How to instantiate the plugin again, for restarts.
    pre: InstancePre<Ctx>,
    start: StartLimits<Ctx>,
    /// Which per-call limiters the plugin has (they live behind the lock).
    call_limits: (bool, bool),
    ticks: Ticks,
    export_names: OnceLock<Box<[(String, String)]>>,
    /// Where the plugin exports its binding's functions under other names.
    remaps: Remaps,
    /// Socket calls its guest started without waiting for them; none
    /// outlives the plugin's lock.
    #[cfg(feature = "component-model-async")]
    subtasks: Arc<Subtasks>,
    me: Weak<PluginCell<Ctx>>,
}

/// Holds a plugin's lock and remembers which chain holds it. Letting it go
/// runs the drops queued to the plugin meanwhile.
pub(crate) struct Entered<'a, Ctx: PluginContext> {
    cell: &'a PluginCell<Ctx>,
    guard: Option<CallGuard<'a, PluginState<Ctx>>>,
}

impl<Ctx: PluginContext> Entered<'_, Ctx> {
    fn new<'a>(
        cell: &'a PluginCell<Ctx>,
        guard: CallGuard<'a, PluginState<Ctx>>,
        token: u64,
    ) -> Entered<'a, Ctx> {
        cell.holder.store(token, Ordering::Release);
        chain::count_held(true);
        Entered {
            cell,
            guard: Some(guard),
        }
    }
}

impl<Ctx: PluginContext> Drop for Entered<'_, Ctx> {
    fn drop(&mut self) {
        if let Some(mut guard) = self.guard.take() {
            // Subtasks its call left running are cancelled while the lock is
            // still held: nothing it started outlives it.
            #[cfg(feature = "component-model-async")]
            self.cell.subtasks.cancel_all();
            self.cell.run_pending(&mut guard);
            self.cell.holder.store(0, Ordering::Release);
            chain::count_held(false);
            drop(guard);
            self.cell.run_pending_if_free();
        }
    }
}

impl<Ctx: PluginContext> std::ops::Deref for Entered<'_, Ctx> {
    type Target = PluginState<Ctx>;
    fn deref(&self) -> &PluginState<Ctx> {
        self.guard.as_ref().expect("held until dropped")
    }
}

impl<Ctx: PluginContext> std::ops::DerefMut for Entered<'_, Ctx> {
    fn deref_mut(&mut self) -> &mut PluginState<Ctx> {
        self.guard.as_mut().expect("held until dropped")
    }
}

/// What a plugin is made of before its first instance runs.
pub(crate) struct Parts<Ctx: 'static> {
    pub(crate) label: PluginLabel,
    pub(crate) pre: InstancePre<Ctx>,
    pub(crate) start: StartLimits<Ctx>,
    pub(crate) limiters: CallLimiters<Ctx>,
    pub(crate) remaps: Remaps,
    pub(crate) mode: Mode,
}

impl<Ctx: PluginContext> PluginCell<Ctx> {
    /// Instantiates a plugin for the first time.
    pub(crate) fn start(
        engine: &Engine,
        parts: Parts<Ctx>,
        context: Ctx,
    ) -> Result<Arc<Self>, LinkError> {
        let ticks = Ticks::default();
        let mut store = new_store(
            engine,
            &parts.label,
            context,
            (&parts.start, &parts.limiters),
            &ticks,
        )?;
        let instance = parts
            .pre
            .instantiate(&mut store)
            .map_err(|source| instantiate_failed(&parts.label, source))?;
        Ok(Self::running(engine, parts, (store, instance), ticks))
    }

    /// Instantiates a plugin for the first time without blocking the thread:
    /// start-up yields to the executor at every epoch tick.
    pub(crate) async fn start_async(
        engine: &Engine,
        parts: Parts<Ctx>,
        context: Ctx,
    ) -> Result<Arc<Self>, LinkError> {
        let ticks = Ticks::default();
        let mut store = new_store(
            engine,
            &parts.label,
            context,
            (&parts.start, &parts.limiters),
            &ticks,
        )?;
        let yielding = ticks.yielding();
        let instance = parts
            .pre
            .instantiate_async(&mut store)
            .await
            .map_err(|source| instantiate_failed(&parts.label, source))?;
        drop(yielding);
        Ok(Self::running(engine, parts, (store, instance), ticks))
    }

    /// The cell around a plugin's first instance.
    fn running(
        engine: &Engine,
        parts: Parts<Ctx>,
        (store, instance): (Store<Ctx>, Instance),
        ticks: Ticks,
    ) -> Arc<Self> {
        let Parts {
            label,
            pre,
            start,
            mut limiters,
            remaps,
            mode,
        } = parts;
        limiters.set_engine(engine);
        let call_limits = (limiters.fuel.is_some(), limiters.epoch.is_some());
        let mut state = PluginState {
            store,
            instance,
            limiters,
            exports: Box::default(),
            accepts: Box::default(),
            generation: 0,
            trapped: false,
        };
        let types = exported_resource_types(engine, &pre, &mut state);
        let cell = Arc::new_cyclic(|me| Self {
            label,
            name: OnceLock::new(),
            state: CallLock::new(state),
            holder: AtomicU64::new(0),
            mode,
            pending: PendingDrops::default(),
            owned: RwLock::new(Owned {
                generation: 0,
                types,
            }),
            host_handles: Mutex::default(),
            engine: engine.clone(),
            pre,
            start,
            call_limits,
            ticks,
            export_names: OnceLock::new(),
            remaps,
            #[cfg(feature = "component-model-async")]
            subtasks: Arc::default(),
            me: me.clone(),
        });
        cell.register();
        cell
    }

    /// Replaces the instance with a fresh one of the same component, linked
    /// the same way, with a new context. The new instance starts without the
    /// plugin's lock, so callers are never held up by a start-up; it then
    /// waits for the call in progress and swaps in. Handles to the old
    /// instance's resources become stale.
    pub(crate) fn restart(&self, context: Ctx) -> Result<(), LinkError> {
        self.may_restart()?;
        if self.mode == Mode::Async {
            return Err(self.restart_refused(
                "it was linked with `Plugin::link_async`, so its start-up must be \
                 awaited: use `restart_async`",
            ));
        }
        let (mut store, _) = self.restart_store(context)?;
        let instance = self
            .pre
            .instantiate(&mut store)
            .map_err(|source| instantiate_failed(&self.label, source))?;
        let entered = self.enter().ok_or_else(|| self.restart_refused(OWN_CALL))?;
        self.swap_in(entered, store, instance);
        Ok(())
    }

    /// [`restart`](Self::restart) without blocking the thread: start-up
    /// yields at every epoch tick, and the call in progress is awaited.
    pub(crate) async fn restart_async(&self, context: Ctx) -> Result<(), LinkError> {
        self.may_restart()?;
        let (mut store, ticks) = self.restart_store(context)?;
        let _yielding = ticks.yielding();
        let instance = self
            .pre
            .instantiate_async(&mut store)
            .await
            .map_err(|source| instantiate_failed(&self.label, source))?;
        let entered = self
            .enter_async()
            .await
            .ok_or_else(|| self.restart_refused(OWN_CALL))?;
        self.swap_in(entered, store, instance);
        Ok(())
    }

    fn restart_refused(&self, reason: &str) -> LinkError {
        LinkError::RestartRefused {
            plugin: self.display_name().to_string(),
            reason: reason.to_owned(),
        }
    }

    /// Refuses a restart from within a plugin's call: it would wait for the
    /// call it runs in.
    fn may_restart(&self) -> Result<(), LinkError> {
        if chain::is_mine(self.holder.load(Ordering::Acquire)) {
            return Err(self.restart_refused(OWN_CALL));
        }
        if chain::holds_a_plugin() {
            return Err(self.restart_refused(
                "a plugin cannot be restarted from within another plugin's call \
                 (it would wait for the plugin while holding the caller)",
            ));
        }
        Ok(())
    }

    /// A fresh store for a restart, and the ticks its start-up counts. The
    /// per-call limiters stay in the state: start-up uses none.
    fn restart_store(&self, context: Ctx) -> Result<(Store<Ctx>, Ticks), LinkError> {
        let ticks = Ticks::default();
        let store = new_store(
            &self.engine,
            &self.label,
            context,
            (&self.start, &CallLimiters::default()),
            &ticks,
        )?;
        Ok((store, ticks))
    }

    /// Puts a restarted instance in place of the old one, whose store is
    /// dropped last, outside the lock.
    fn swap_in(&self, mut entered: Entered<'_, Ctx>, store: Store<Ctx>, instance: Instance) {
        let state = &mut *entered;
        // Start-up counted its ticks on its own; calls count on the plugin's
        // counter, which importers read.
        let mut store = store;
        limits::count_ticks(&mut store, &self.ticks);
        let old = std::mem::replace(&mut state.store, store);
        state.instance = instance;
        state.generation += 1;
        state.trapped = false;
        if let Some(names) = self.export_names.get() {
            resolve(state, names);
        }
        let types = exported_resource_types(&self.engine, &self.pre, state);
        owner::unregister(
            std::ptr::from_ref(self).cast(),
            &self.display_name(),
            &self.owned_types(),
        );
        *self.owned.write().unwrap_or_else(PoisonError::into_inner) = Owned {
            generation: state.generation,
            types,
        };
        self.host_handles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        drop(entered);
        self.register();
        // The old store goes last, outside the lock: handles it held to other
        // plugins' resources are dropped (or queued to busy owners).
        drop(old);
    }

    fn register(&self) {
        let me: Arc<dyn Owner> = self.me();
        owner::register(&me, &self.owned_types());
    }

    /// The resource types the current instance exports.
    fn owned_types(&self) -> Vec<ResourceType> {
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        owned.types.iter().map(|t| t.ty).collect()
    }

    /// Takes the plugin's lock, blocking the thread while another call
    /// chain holds it.
    ///
    /// Returns `None` when this chain already holds it: a re-entrant call,
    /// which would deadlock.
    pub(crate) fn enter(&self) -> Option<Entered<'_, Ctx>> {
        let me = chain::current();
        let holder = self.holder.load(Ordering::Acquire);
        if holder == me || (holder != 0 && chain::is_mine(holder)) {
            return None;
        }
        // The uncontended case without setting up a wait (the sync hot
        // path); a busy plugin is waited for by parking the thread.
        let guard = match self.state.try_lock() {
            Some(guard) => guard,
            None => dropping::block_on(self.state.lock()),
        };
        Some(Entered::new(self, guard, me))
    }

    /// Takes the plugin's lock, awaiting it while another call chain holds
    /// it; `None` for a re-entrant call.
    pub(crate) async fn enter_async(&self) -> Option<Entered<'_, Ctx>> {
        let me = chain::current();
        if chain::is_mine(self.holder.load(Ordering::Acquire)) {
            return None;
        }
        // The uncontended case without the lock future's state machine.
        let guard = match self.state.try_lock() {
            Some(guard) => guard,
            None => self.state.lock().await,
        };
        Some(Entered::new(self, guard, me))
    }

    /// Takes the plugin's lock if it is free.
    fn try_enter(&self) -> Option<Entered<'_, Ctx>> {
        let guard = self.state.try_lock()?;
        Some(Entered::new(self, guard, chain::current()))
    }

    fn me(&self) -> Arc<Self> {
        self.me
            .upgrade()
            .expect("a plugin is alive while it is used")
    }

    /// Runs the drops queued to this plugin, with its lock held.
    fn run_pending(&self, state: &mut PluginState<Ctx>) {
        // A plain load first: this runs after every call, and the swap is a
        // locked read-modify-write.
        while self.pending.any.load(Ordering::Acquire)
            && self.pending.any.swap(false, Ordering::AcqRel)
        {
            let queued = std::mem::take(
                &mut *self
                    .pending
                    .queued
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner),
            );
            for (handle, generation) in queued {
                // The owner's failure, and nobody waits for it: it is kept
                // in the owner's state (a trapped destructor makes it
                // unusable), not reported.
                let _ = self.run_drop(state, handle, generation);
            }
        }
    }

    /// Runs queued drops if any came after the lock was let go and nobody
    /// else holds it now (whoever does will run them).
    fn run_pending_if_free(&self) {
        while self.pending.any.load(Ordering::Acquire) {
            match self.try_enter() {
                // Dropping it runs the queue, then checks again.
                Some(entered) => drop(entered),
                None => break,
            }
        }
    }

    /// Drops one of the plugin's own resources, like a call: under a fresh
    /// per-call budget. A handle of an older instance, or of one that has
    /// trapped, is discarded.
    fn run_drop(
        &self,
        state: &mut PluginState<Ctx>,
        handle: ResourceAny,
        generation: u64,
    ) -> Result<(), DispatchError> {
        if state.generation != generation || state.trapped {
            return Ok(());
        }
        let (interface, function) = {
            let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
            owned
                .types
                .iter()
                .find(|t| t.ty == handle.ty())
                .map_or_else(
                    || (String::new(), "[resource-drop]".to_owned()),
                    |t| (t.interface.clone(), t.drop_name.clone()),
                )
        };
        let store = &mut state.store;
        let metered = state.limiters.before_call(
            store,
            &self.ticks,
            (&interface, &function),
            Budget::NONE,
            self.lifetime_fuel(),
        );
        let span = CallSpan::destructor(|| self.display_name(), &interface, &function);
        // A store linked for async calls refuses sync ones, destructors
        // included: this one runs to its end here (see `resources::dropping`).
        let dropped = if self.mode == Mode::Async {
            dropping::block_on(handle.resource_drop_async(&mut *store))
        } else {
            // Async host functions in its linker take it the async way too.
            dropping::drop_handle(&mut *store, handle)
        };
        let spent = metered.after_call(store, &self.ticks);
        span.spent(spent.fuel, spent.ticks);
        dropped.map_err(|error| {
            state.trapped = true;
            classify(
                error,
                CallSite::new(&self.display_name(), &interface, &function),
            )
        })
    }

    /// Refuses a call that came the way the plugin cannot take (see
    /// [`Mode`]), naming the way to use.
    fn mode_allows(&self, asynchronous: bool, call: &mut Call<'_>) -> Result<(), DispatchError> {
        match self.wrong_way(asynchronous, call.names) {
            Some(error) => refuse(call, error),
            None => Ok(()),
        }
    }

    /// The error for a call that came the way the plugin cannot take.
    fn wrong_way(&self, asynchronous: bool, names: CallNames<'_>) -> Option<DispatchError> {
        let help = match (self.mode, asynchronous) {
            (Mode::Async, false) => {
                "it was linked with `Plugin::link_async`: call it with \
                 `Binding::dispatch_async` (or an async typed group)"
            }
            (Mode::Sync, true) => {
                "it was linked with `Plugin::link`, whose sockets block the thread: \
                 link it with `Plugin::link_async` to call it asynchronously"
            }
            _ => return None,
        };
        Some(DispatchError::WrongEntryPoint {
            site: names.site(),
            help: help.to_owned(),
        })
    }

    /// Everything a call does before its plugin runs, the same for both
    /// ways in: the checks that can refuse it, its budget, and its handles
    /// lowered into the store. A refused call gives its handles up.
    fn open(
        &self,
        state: &mut PluginState<Ctx>,
        call: &mut Call<'_>,
    ) -> Result<Opened, DispatchError> {
        // Everything that can refuse the call comes before its budget is set.
        let Some(func) = state.exports[call.slot].func() else {
            return refuse(call, DispatchError::MissingExport(call.names.site()));
        };
        let me = Target::new(self, state.generation);
        if !call.incoming.is_empty()
            && let Err(message) = check_accepted(
                &state.accepts[call.slot],
                me,
                &call.incoming,
                call.names.plugin,
            )
        {
            let site = call.names.site();
            return refuse(call, DispatchError::InvalidResource { site, message });
        }
        let metered = match self.begin(
            (&mut state.limiters, &mut state.store, state.trapped),
            call.names,
            call.budget,
        ) {
            Ok(metered) => metered,
            Err(error) => return refuse(call, error),
        };
        let store = &mut state.store;
        let mut loans = Loans::default();
        if call.incoming.is_empty() {
            return Ok(Opened {
                func,
                metered,
                loans,
                patched: None,
            });
        }
        let mut args = call.args.to_vec();
        let mut incoming = std::mem::take(&mut call.incoming).into_iter();
        let lowered = for_each_resource(&mut args, &mut |slot| {
            let transit = incoming
                .next()
                .ok_or_else(|| "more handles than expected".to_owned())?;
            *slot = foreign::lower(&mut *store, me, transit, &mut loans)?;
            Ok::<_, String>(())
        });
        if let Err(message) = lowered {
            incoming.for_each(Transit::discard);
            loans.release(&mut *store);
            call.spent = metered.after_call(store, &self.ticks);
            return Err(DispatchError::InvalidResource {
                site: call.names.site(),
                message,
            });
        }
        Ok(Opened {
            func,
            metered,
            loans,
            patched: Some(args),
        })
    }

    /// Everything a call does after its plugin ran, the same for both ways
    /// in: the loans handed back, what it spent, its failure classified, and
    /// the handles in its results taken out.
    fn close(
        &self,
        state: &mut PluginState<Ctx>,
        call: &mut Call<'_>,
        opened: Opened,
        outcome: wasmtime::Result<()>,
    ) -> Result<(), DispatchError> {
        let store = &mut state.store;
        opened.loans.release(&mut *store);
        call.spent = opened.metered.after_call(store, &self.ticks);
        if let Err(error) = outcome {
            return Err(failed(&mut state.trapped, error, call.names));
        }
        if call.lift_results {
            let me: Arc<dyn Owner> = self.me();
            let outgoing = &mut call.outgoing;
            for_each_resource(call.results, &mut |handle| {
                outgoing.push(foreign::lift(&mut *store, &me, *handle)?);
                Ok::<_, String>(())
            })
            .map_err(|message| DispatchError::InvalidResource {
                site: call.names.site(),
                message,
            })?;
        }
        Ok(())
    }

    /// Whether start-up fuel is the plugin's lifetime budget: it has initial
    /// fuel and no per-call fuel limiter.
    fn lifetime_fuel(&self) -> bool {
        self.start.initial_fuel.is_some()
    }

    /// Sets the call's limits; `None` if the plugin has trapped.
    fn begin(
        &self,
        (limiters, store, trapped): (&mut CallLimiters<Ctx>, &mut Store<Ctx>, bool),
        names: CallNames<'_>,
        budget: Budget,
    ) -> Result<Metered, DispatchError> {
        if trapped {
            return Err(DispatchError::Unusable(names.site()));
        }
        let lifetime = self.lifetime_fuel() && limiters.fuel.is_none();
        Ok(limiters.before_call(
            store,
            &self.ticks,
            (names.interface, names.function),
            budget,
            lifetime,
        ))
    }

    /// One typed call of the function at `slot` as `P -> R`, under the same
    /// lock and limits as every other call, with `args` lowered by
    /// reference. Returns the outcome and what the call spent (zero when it
    /// was refused before running): a failed call's cost is its caller's to
    /// pay too. The error is boxed: it is rare and large, and a small result
    /// moves cheaply through the layers above (this is the typed hot path).
    pub(crate) fn call_typed<P, R, A>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        budget: Budget,
        args: &A,
    ) -> (Result<R, Box<DispatchError>>, Spent)
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + 'static,
        A: Args<P>,
    {
        let span = names.span();
        if let Some(error) = self.wrong_way(false, names) {
            return (Err(Box::new(error)), Spent::default());
        }
        let Some(mut entered) = self.enter() else {
            return (
                Err(Box::new(DispatchError::Reentrant(names.site()))),
                Spent::default(),
            );
        };
        let state = &mut *entered;
        let (typed, metered) = match self.typed_open(state, slot, names, budget) {
            Ok(opened) => opened,
            Err(error) => return (Err(Box::new(error)), Spent::default()),
        };
        let outcome = borrowed::call(&typed, &mut state.store, args);
        let (outcome, spent) = self.typed_close(state, metered, outcome, names);
        span.spent(spent.fuel, spent.ticks);
        (outcome, spent)
    }

    /// [`call_typed`](Self::call_typed), awaiting a busy plugin and
    /// yielding at every epoch tick.
    ///
    /// A plain function returning the call's future, not an `async fn`: the
    /// future then holds the call's names and arguments once, not once for
    /// the function and again for the span's block (this is the async hot
    /// path, and every move of its future copies all of it).
    pub(crate) fn call_typed_async<'a, P, R, A>(
        &'a self,
        slot: usize,
        names: CallNames<'a>,
        budget: Budget,
        args: &'a A,
    ) -> impl Future<Output = (Result<R, Box<DispatchError>>, Spent)> + 'a
    where
        P: ComponentNamedList + Lower + Send + Sync + 'static,
        R: ComponentNamedList + Lift + Send + Sync + 'static,
        A: Args<P> + Sync,
    {
        let span = names.async_span();
        let recorder = span.recorder();
        span.instrument(async move {
            if let Some(error) = self.wrong_way(true, names) {
                return (Err(Box::new(error)), Spent::default());
            }
            let Some(mut entered) = self.enter_async().await else {
                return (
                    Err(Box::new(DispatchError::Reentrant(names.site()))),
                    Spent::default(),
                );
            };
            let state = &mut *entered;
            let (typed, metered) = match self.typed_open(state, slot, names, budget) {
                Ok(opened) => opened,
                Err(error) => return (Err(Box::new(error)), Spent::default()),
            };
            let call = borrowed::call_async(&typed, &mut state.store, args);
            let outcome = self.run_async(&mut state.trapped, call).await;
            let outcome = self.settle(state, outcome).await;
            let (outcome, spent) = self.typed_close(state, metered, outcome, names);
            recorder.spent(spent.fuel, spent.ticks);
            (outcome, spent)
        })
    }

    /// Runs an async call of the plugin: marked trapped until it returns (a
    /// call dropped midway, cancelled, leaves a store wasmtime will not
    /// enter again), its epoch ticks yielding to the executor.
    async fn run_async<Out>(
        &self,
        trapped: &mut bool,
        call: impl Future<Output = wasmtime::Result<Out>>,
    ) -> wasmtime::Result<Out> {
        *trapped = true;
        // Yielding stops with the call, finished or dropped: a sync call
        // after it (a restarted instance) must never be asked to yield.
        let yielding = self.ticks.yielding();
        let outcome = call.await;
        drop(yielding);
        *trapped = false;
        outcome
    }

    /// After an async call returned: where the plugin's guest left socket
    /// calls running (async-lowered imports, component-model async), its
    /// store runs on, under the call's limits, until they have ended, so
    /// that the call finishes only when everything it started has. A
    /// failure there is the call's.
    #[cfg_attr(
        not(feature = "component-model-async"),
        allow(
            clippy::unused_async,
            reason = "only the feature's stores have subtasks"
        )
    )]
    async fn settle<Out>(
        &self,
        state: &mut PluginState<Ctx>,
        outcome: wasmtime::Result<Out>,
    ) -> wasmtime::Result<Out> {
        #[cfg(feature = "component-model-async")]
        if outcome.is_ok() && !self.subtasks.is_empty() {
            let subtasks = Arc::clone(&self.subtasks);
            // Boxed: Wasmtime's event-loop future is large, and kept inline
            // it would grow every async call's future, subtasks or not.
            let store = &mut state.store;
            let idle = CallBox::new(move || {
                store.run_concurrent(async move |_| {
                    std::future::poll_fn(|cx| subtasks.poll_idle(cx)).await;
                })
            });
            self.run_async(&mut state.trapped, idle).await?;
        }
        #[cfg(not(feature = "component-model-async"))]
        let _ = state;
        outcome
    }

    /// A typed call up to running it: the typed handle and the budget.
    #[inline]
    fn typed_open<P, R>(
        &self,
        state: &mut PluginState<Ctx>,
        slot: usize,
        names: CallNames<'_>,
        budget: Budget,
    ) -> Result<(TypedFunc<P, R>, Metered), DispatchError>
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + 'static,
    {
        // Everything that can refuse the call comes before its budget is set.
        let typed = typed_export(&mut state.exports[slot], &state.store, names)?;
        let metered = self.begin(
            (&mut state.limiters, &mut state.store, state.trapped),
            names,
            budget,
        )?;
        Ok((typed, metered))
    }

    /// A typed call after it ran: what it spent, its failure classified.
    #[inline]
    fn typed_close<Out>(
        &self,
        state: &mut PluginState<Ctx>,
        metered: Metered,
        outcome: wasmtime::Result<Out>,
        names: CallNames<'_>,
    ) -> (Result<Out, Box<DispatchError>>, Spent) {
        let spent = metered.after_call(&mut state.store, &self.ticks);
        let outcome = outcome.map_err(|error| Box::new(failed(&mut state.trapped, error, names)));
        (outcome, spent)
    }

    /// A typed call that moves resource handles: `incoming` (handles from
    /// another plugin or the host, in [`Handles`] order) go into `args`,
    /// and with `lift_results` the handles in the results come out as
    /// transits, for the caller to deliver. Returns what the call spent as
    /// [`call_typed`](Self::call_typed) does.
    pub(crate) fn call_typed_moving<P, R, A: Handles + Args<P>>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        budget: Budget,
        (args, incoming): (&mut A, Vec<Transit>),
        lift_results: bool,
    ) -> (Result<(R, Vec<Transit>), DispatchError>, Spent)
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + Handles + 'static,
    {
        let span = names.span();
        if let Some(error) = self.wrong_way(false, names) {
            return refused_moving(error, incoming);
        }
        let Some(mut entered) = self.enter() else {
            return refused_moving(DispatchError::Reentrant(names.site()), incoming);
        };
        let state = &mut *entered;
        let (typed, metered, loans) =
            match self.moving_open(state, (slot, names, budget), args, incoming) {
                Ok(opened) => opened,
                Err(refused) => return refused,
            };
        let outcome = borrowed::call(&typed, &mut state.store, &*args);
        let closed = self.moving_close(state, (metered, loans), outcome, (names, lift_results));
        span.spent(closed.1.fuel, closed.1.ticks);
        closed
    }

    /// [`call_typed_moving`](Self::call_typed_moving), awaiting a busy
    /// plugin and yielding at every epoch tick.
    pub(crate) async fn call_typed_moving_async<P, R, A: Handles + Args<P> + Sync>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        budget: Budget,
        (args, incoming): (&mut A, Vec<Transit>),
        lift_results: bool,
    ) -> (Result<(R, Vec<Transit>), DispatchError>, Spent)
    where
        P: ComponentNamedList + Lower + Send + Sync + 'static,
        R: ComponentNamedList + Lift + Handles + Send + Sync + 'static,
    {
        let span = names.async_span();
        let recorder = span.recorder();
        let run = async {
            if let Some(error) = self.wrong_way(true, names) {
                return refused_moving(error, incoming);
            }
            let Some(mut entered) = self.enter_async().await else {
                return refused_moving(DispatchError::Reentrant(names.site()), incoming);
            };
            let state = &mut *entered;
            let (typed, metered, loans) =
                match self.moving_open(state, (slot, names, budget), args, incoming) {
                    Ok(opened) => opened,
                    Err(refused) => return refused,
                };
            let call = borrowed::call_async(&typed, &mut state.store, &*args);
            let outcome = self.run_async(&mut state.trapped, call).await;
            let outcome = self.settle(state, outcome).await;
            let closed = self.moving_close(state, (metered, loans), outcome, (names, lift_results));
            recorder.spent(closed.1.fuel, closed.1.ticks);
            closed
        };
        span.instrument(run).await
    }

    /// A moving call up to running it: checks, the typed handle, the
    /// budget, and `incoming` lowered into `args`.
    #[allow(clippy::type_complexity)]
    fn moving_open<P, R, A: Handles, T>(
        &self,
        state: &mut PluginState<Ctx>,
        (slot, names, budget): (usize, CallNames<'_>, Budget),
        args: &mut A,
        incoming: Vec<Transit>,
    ) -> Result<(TypedFunc<P, R>, Metered, Loans), (Result<T, DispatchError>, Spent)>
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + 'static,
    {
        let invalid = |message| DispatchError::InvalidResource {
            site: names.site(),
            message,
        };
        // Everything that can refuse the call comes before its budget is set.
        let typed = match typed_export(&mut state.exports[slot], &state.store, names) {
            Ok(typed) => typed,
            Err(error) => return Err(refused_moving(error, incoming)),
        };
        let me = Target::new(self, state.generation);
        if !incoming.is_empty()
            && let Err(message) = check_accepted(&state.accepts[slot], me, &incoming, names.plugin)
        {
            return Err(refused_moving(invalid(message), incoming));
        }
        let metered = match self.begin(
            (&mut state.limiters, &mut state.store, state.trapped),
            names,
            budget,
        ) {
            Ok(metered) => metered,
            Err(error) => return Err(refused_moving(error, incoming)),
        };
        let store = &mut state.store;
        let mut loans = Loans::default();
        if !incoming.is_empty() {
            let mut incoming = incoming.into_iter();
            let lowered = args.for_each_handle(&mut |slot, _| {
                let transit = incoming
                    .next()
                    .ok_or_else(|| "more handles than expected".to_owned())?;
                *slot = foreign::lower(&mut *store, me, transit, &mut loans)?;
                Ok(())
            });
            if let Err(message) = lowered {
                incoming.for_each(Transit::discard);
                loans.release(&mut *store);
                let spent = metered.after_call(store, &self.ticks);
                return Err((Err(invalid(message)), spent));
            }
        }
        Ok((typed, metered, loans))
    }

    /// A moving call after it ran: loans handed back, what it spent, its
    /// failure classified, and the handles in its results taken out.
    fn moving_close<R: Handles>(
        &self,
        state: &mut PluginState<Ctx>,
        (metered, loans): (Metered, Loans),
        outcome: wasmtime::Result<R>,
        (names, lift_results): (CallNames<'_>, bool),
    ) -> (Result<(R, Vec<Transit>), DispatchError>, Spent) {
        let store = &mut state.store;
        loans.release(&mut *store);
        let spent = metered.after_call(store, &self.ticks);
        let mut results = match outcome {
            Ok(results) => results,
            Err(error) => return (Err(failed(&mut state.trapped, error, names)), spent),
        };
        let mut outgoing = Vec::new();
        if lift_results {
            let me: Arc<dyn Owner> = self.me();
            let lifted = results.for_each_handle(&mut |handle, _| {
                outgoing.push(foreign::lift(&mut *store, &me, *handle)?);
                Ok(())
            });
            if let Err(message) = lifted {
                outgoing.into_iter().for_each(Transit::discard);
                let error = DispatchError::InvalidResource {
                    site: names.site(),
                    message,
                };
                return (Err(error), spent);
            }
        }
        (Ok((results, outgoing)), spent)
    }
    /// Runs `f` on the store and a function's export, for set-up work
    /// outside any call (checking a typed group's types).
    ///
    /// # Errors
    ///
    /// The plugin's name when this thread is running it (the set-up would
    /// wait for itself), or is running another plugin while this one is
    /// busy (it would wait for this plugin while holding the other).
    pub(crate) fn with_export<R>(
        &self,
        slot: usize,
        f: impl FnOnce(&Store<Ctx>, Option<Func>) -> R,
    ) -> Result<R, Arc<str>> {
        let entered = if chain::holds_a_plugin() || chain::is_async(chain::current()) {
            if chain::is_mine(self.holder.load(Ordering::Acquire)) {
                None
            } else {
                self.try_enter()
            }
        } else {
            self.enter()
        };
        let entered = entered.ok_or_else(|| self.display_name())?;
        Ok(f(
            &entered.store,
            entered.exports.get(slot).and_then(|export| export.func()),
        ))
    }
}

/// The plugin's name, id and limits; never the store's internals, and never
/// waiting for the plugin's lock.
impl<Ctx: 'static> std::fmt::Debug for PluginCell<Ctx> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (fuel_limiter, epoch_limiter) = self.call_limits;
        f.debug_struct("PluginInstance")
            .field("name", &self.label.0)
            .field("id", &self.name.get())
            .field("fuel_limiter", &fuel_limiter)
            .field("epoch_limiter", &epoch_limiter)
            .field("memory_limiter", &self.start.memory.is_some())
            .field("initial_fuel", &self.start.initial_fuel)
            .field("startup_ticks", &self.start.startup_ticks)
            .field("transfer_limit", &self.start.transfer)
            .field("busy", &(self.holder.load(Ordering::Relaxed) != 0))
            .finish_non_exhaustive()
    }
}

impl<Ctx: 'static> PluginCell<Ctx> {
    /// The plugin's name in errors: its id once a binding gave it one.
    fn display_name(&self) -> Arc<str> {
        if let Some(name) = self.name.get() {
            return Arc::clone(name);
        }
        Arc::from(self.label.0.as_deref().unwrap_or("plugin"))
    }
}

impl<Ctx: 'static> Drop for PluginCell<Ctx> {
    fn drop(&mut self) {
        let owned = self.owned.get_mut().unwrap_or_else(PoisonError::into_inner);
        let types: Vec<ResourceType> = owned.types.iter().map(|t| t.ty).collect();
        owner::unregister(
            std::ptr::from_ref(self).cast(),
            &self.display_name(),
            &types,
        );
    }
}

/// `export` as `P -> R`; a missing export or a type mismatch is the call's
/// error.
#[inline]
fn typed_export<Ctx, P, R>(
    export: &mut Export,
    store: &Store<Ctx>,
    names: CallNames<'_>,
) -> Result<TypedFunc<P, R>, DispatchError>
where
    P: ComponentNamedList + Lower + 'static,
    R: ComponentNamedList + Lift + 'static,
{
    export
        .typed(store)
        .ok_or_else(|| DispatchError::MissingExport(names.site()))?
        .map_err(|e| DispatchError::InvalidArguments {
            site: names.site(),
            message: format!("{e:#}"),
        })
}

/// Creates a store with the plugin's limits, for its start-up.
fn new_store<Ctx: PluginContext>(
    engine: &Engine,
    label: &PluginLabel,
    context: Ctx,
    (start, limiters): (&StartLimits<Ctx>, &CallLimiters<Ctx>),
    ticks: &Ticks,
) -> Result<Store<Ctx>, LinkError> {
    let mut store = Store::new(engine, context);
    limits::install(&mut store, start, limiters, ticks).map_err(|(limiter, config)| {
        LinkError::EngineConfig {
            plugin: label.clone(),
            limiter,
            config,
        }
    })?;
    Ok(store)
}

fn instantiate_failed(label: &PluginLabel, source: wasmtime::Error) -> LinkError {
    LinkError::Instantiate {
        plugin: label.clone(),
        source,
    }
}

/// Looks up the binding's functions in the current instance.
fn resolve<Ctx>(state: &mut PluginState<Ctx>, names: &[(String, String)]) {
    let PluginState {
        store,
        instance,
        exports,
        accepts,
        ..
    } = state;
    *exports = names
        .iter()
        .map(|(interface, function)| {
            let outer = instance.get_export_index(&mut *store, None, interface)?;
            let index = instance.get_export_index(&mut *store, Some(&outer), function)?;
            instance.get_func(&mut *store, index)
        })
        .map(Export::new)
        .collect();
    *accepts = exports
        .iter()
        .map(|export| {
            let mut types = Vec::new();
            if let Some(func) = export.func() {
                for (_, ty) in func.ty(&*store).params() {
                    crate::wit_type::resource_types(&ty, &mut types);
                }
            }
            types
        })
        .collect();
}

/// Refuses handles that would reach the plugin `me` as a resource type its
/// function (at `slot`) does not take: one of its own resources where it
/// takes another plugin's, or the other way round.
fn check_accepted(
    accepts: &[ResourceType],
    me: Target,
    incoming: &[Transit],
    plugin: &str,
) -> Result<(), String> {
    for transit in incoming {
        let own = transit.is_owned_by(me.plugin);
        let arrives_as = if own {
            transit.handle.ty()
        } else {
            foreign::foreign_type()
        };
        if !accepts.contains(&arrives_as) {
            return Err(if own {
                format!(
                    "plugin `{plugin}` owns this resource, but the function takes \
                     another plugin's resource there"
                )
            } else {
                let owner = transit.owner.get().map_or_else(
                    || "a plugin that is gone".to_owned(),
                    |o| format!("`{}`", o.name()),
                );
                format!(
                    "the handle belongs to {owner}, but plugin `{plugin}`'s function takes \
                     a resource of its own there"
                )
            });
        }
    }
    Ok(())
}

/// Lists the resource types an instance exports, instantiated, with the
/// names their destructors run under.
fn exported_resource_types<Ctx>(
    engine: &Engine,
    pre: &InstancePre<Ctx>,
    state: &mut PluginState<Ctx>,
) -> Vec<OwnedType> {
    let PluginState {
        store, instance, ..
    } = state;
    let mut found = Vec::new();
    for (name, item) in pre.component().component_type().exports(engine) {
        let ComponentItem::ComponentInstance(instance_ty) = item.ty else {
            continue;
        };
        let Some(outer) = instance.get_export_index(&mut *store, None, name) else {
            continue;
        };
        // As bindings name interfaces: `my:pkg/api@1.0.0` is `api`.
        let interface = name
            .rsplit_once('/')
            .map_or(name, |(_, rest)| rest.split('@').next().unwrap_or(rest));
        for (resource, item) in instance_ty.exports(engine) {
            if !matches!(item.ty, ComponentItem::Resource(_)) {
                continue;
            }
            let ty = instance
                .get_export_index(&mut *store, Some(&outer), resource)
                .and_then(|index| instance.get_resource(&mut *store, index));
            found.extend(ty.map(|ty| OwnedType {
                ty,
                interface: interface.to_owned(),
                drop_name: format!("[resource-drop]{resource}"),
            }));
        }
    }
    found
}

const OWN_CALL: &str = "a plugin cannot be restarted from within its own call";

/// Part of wasmtime 50's message when a call's hostcall fuel runs out (its
/// error type is private, so the message is what can be matched; the
/// transfer-limit tests pin it).
const HOSTCALL_FUEL_EXHAUSTED: &str = "fuel allocated for hostcalls has been exhausted";

/// Part of wasmtime 50's message when a call returns while the callee still
/// holds a borrowed handle (pinned by a test).
const BORROW_KEPT: &str = "borrow handles still remain at the end of the call";

/// A failed call's error. The store is marked trapped (wasmtime will not
/// enter it again), but for a sync call wasmtime refused before anything
/// ran (an async-only store, an async-lifted export): that names the way
/// in to use.
fn failed(trapped: &mut bool, error: wasmtime::Error, names: CallNames<'_>) -> DispatchError {
    let help = if requires_async(&error) {
        "its linker has async host functions, so wasmtime takes only async calls into \
         it: call it with `Binding::dispatch_async` (or an async typed group)"
    } else if async_lifted(&error) {
        "it is an `async func` (component-model async), which wasmtime calls only \
         asynchronously: call it with `Binding::dispatch_async` (or an async typed group)"
    } else {
        *trapped = true;
        return classify(error, names.site());
    };
    DispatchError::WrongEntryPoint {
        site: names.site(),
        help: help.to_owned(),
    }
}

/// Classifies a failed call into wasmtime. Input wasmtime would refuse
/// (arguments that do not fit, handles the callee cannot take) is refused
/// before a plugin is entered, so a failure here is the plugin's own: a
/// trap, an exhausted limit, or a value or handle the host refused from it.
///
/// Two of wasmtime's errors have no type to match (their types are
/// private), so their wording is matched to say what happened in the
/// runtime's terms; tests pin both wordings
/// (`reliability::transfer_limit`, `runtime::lifetime::a_plugin_keeping_a_borrow_past_the_call_is_told_so`).
/// The failure is traced (the `tracing` feature) in the call's span.
pub(crate) fn classify(error: wasmtime::Error, site: CallSite) -> DispatchError {
    let error = classify_error(error, site);
    trace::failed(&error);
    error
}

fn classify_error(error: wasmtime::Error, site: CallSite) -> DispatchError {
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => return DispatchError::FuelExhausted(site),
        Some(Trap::Interrupt) => return DispatchError::DeadlineExceeded(site),
        Some(Trap::CannotEnterComponent) => return DispatchError::Unusable(site),
        None if error.downcast_ref::<DispatchError>().is_none() => {
            let message = format!("{error:#}");
            let explained = if message.contains(HOSTCALL_FUEL_EXHAUSTED) {
                "the data it passed to the host exceeds its transfer limit \
                 (Plugin::with_transfer_limit)"
            } else if message.contains(BORROW_KEPT) {
                "it kept a borrowed resource handle past the end of the call \
                 (a borrow must be dropped before the call returns)"
            } else {
                ""
            };
            if !explained.is_empty() {
                return DispatchError::Trap {
                    site,
                    message: format!("{explained}: {message}"),
                    source: Some(error),
                };
            }
        }
        _ => {}
    }
    DispatchError::Trap {
        site,
        message: format!("{error:#}"),
        source: Some(error),
    }
}

impl<Ctx: PluginContext> Owner for PluginCell<Ctx> {
    fn name(&self) -> String {
        self.display_name().to_string()
    }

    fn owns(&self, ty: ResourceType) -> Option<u64> {
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        owned
            .types
            .iter()
            .any(|t| t.ty == ty)
            .then_some(owned.generation)
    }

    fn drop_owned(
        &self,
        handle: ResourceAny,
        generation: u64,
        wait: bool,
    ) -> Result<(), DispatchError> {
        // An async call holding the plugin may be suspended on this very
        // thread: waiting for it could never end.
        let wait = wait
            && !chain::holds_a_plugin()
            && !chain::is_async(chain::current())
            && !chain::is_async(self.holder.load(Ordering::Acquire));
        let entered = if wait { self.enter() } else { self.try_enter() };
        if let Some(mut entered) = entered {
            return self.run_drop(&mut entered, handle, generation);
        }
        self.pending
            .queued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((handle, generation));
        self.pending.any.store(true, Ordering::Release);
        // The holder may have let go between the try and the push.
        self.run_pending_if_free();
        Ok(())
    }

    fn host_receive(&self, handle: ResourceAny) {
        self.host_handles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(handle);
    }

    fn host_holds(&self, handle: ResourceAny) -> bool {
        self.host_handles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&handle)
    }

    fn host_release(&self, handle: ResourceAny) -> bool {
        let mut held = self
            .host_handles
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match held.iter().position(|h| *h == handle) {
            Some(index) => {
                held.swap_remove(index);
                true
            }
            None => false,
        }
    }
}

impl<Ctx: PluginContext> ErasedPlugin for PluginCell<Ctx> {
    fn bind(&self, id: &str, names: Box<[(String, String)]>) -> Vec<Option<ComponentFunc>> {
        let _ = self.name.set(Arc::from(id));
        let names: Box<[(String, String)]> = names
            .iter()
            .map(|(interface, function)| resolve_name(&self.remaps, interface, function))
            .collect();
        let mut state = dropping::block_on(self.state.lock());
        resolve(&mut state, &names);
        let _ = self.export_names.set(names);
        let state = &*state;
        state
            .exports
            .iter()
            .map(|export| export.func().map(|func| func.ty(&state.store)))
            .collect()
    }

    fn call(&self, call: &mut Call<'_>) -> Result<(), DispatchError> {
        let span = call.names.span();
        self.mode_allows(false, call)?;
        let Some(mut entered) = self.enter() else {
            return refuse(call, DispatchError::Reentrant(call.names.site()));
        };
        let state = &mut *entered;
        let opened = self.open(state, call)?;
        let args = opened.patched.as_deref().unwrap_or(call.args);
        let outcome = opened.func.call(&mut state.store, args, call.results);
        let closed = self.close(state, call, opened, outcome);
        span.spent(call.spent.fuel, call.spent.ticks);
        closed
    }

    fn call_async<'a>(&'a self, call: &'a mut Call<'_>) -> CallBox<'a, Result<(), DispatchError>> {
        let span = call.names.async_span();
        let recorder = span.recorder();
        let run = async move {
            self.mode_allows(true, call)?;
            let Some(mut entered) = self.enter_async().await else {
                return refuse(call, DispatchError::Reentrant(call.names.site()));
            };
            let state = &mut *entered;
            let opened = self.open(state, call)?;
            let args = opened.patched.as_deref().unwrap_or(call.args);
            let run = opened.func.call_async(&mut state.store, args, call.results);
            let outcome = self.run_async(&mut state.trapped, run).await;
            let outcome = self.settle(state, outcome).await;
            let closed = self.close(state, call, opened, outcome);
            recorder.spent(call.spent.fuel, call.spent.ticks);
            closed
        };
        CallBox::new(move || span.instrument(run))
    }

    fn target(&self) -> Target {
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        Target::new(self, owned.generation)
    }

    fn ticks(&self) -> Ticks {
        self.ticks.clone()
    }

    #[cfg(feature = "component-model-async")]
    fn subtasks(&self) -> Arc<Subtasks> {
        Arc::clone(&self.subtasks)
    }
}
