//! A running plugin: its store, its instance, and the one way in.
//!
//! Every call into a plugin, from the host or from another plugin, goes
//! through [`PluginCell::call`] (or its typed twins): it takes the plugin's
//! lock (a busy plugin is waited for, not refused), sets the call's limits,
//! moves resource handles in and out, and turns failures into a
//! [`DispatchError`].
//!
//! # Lock discipline
//!
//! A thread waits for a plugin's lock while holding another's only along a
//! socket, importer to exporter, which the DAG keeps acyclic. Everything
//! else that reaches into a plugin from inside another one (dropping a
//! handle it owns, a destructor, a store torn down by a restart) does not
//! wait: it takes the lock if it is free and otherwise queues the work to
//! the plugin, which runs it before it next lets its lock go.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, RwLock, Weak};

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{
    ComponentNamedList, Func, Instance, InstancePre, Lift, Lower, ResourceAny, ResourceType,
    TypedFunc, Val,
};
use wasmtime::{Engine, Store, Trap};

use super::export::Export;
use super::limits::{self, Budget, CallLimiters, Metered, Spent, StartLimits, Ticks};
use super::remap::{Remaps, resolve_name};
use crate::PluginContext;
use crate::error::{CallSite, DispatchError, LinkError, PluginLabel};
use crate::resources::foreign::{self, Loans};
use crate::resources::handles::Handles;
use crate::resources::owner::{self, Owner};
use crate::resources::visit::for_each_resource;
use crate::resources::{Target, Transit};
use crate::trace::{self, CallSpan};

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
    /// This plugin as a destination for resource handles.
    fn target(&self) -> Target;
    /// The epoch ticks left to the call running in this plugin.
    fn ticks(&self) -> Ticks;
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
    state: Mutex<PluginState<Ctx>>,
    /// The thread token of the thread holding `state`, or 0.
    holder: AtomicU64,
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
    me: Weak<PluginCell<Ctx>>,
}

thread_local! {
    /// How many plugins this thread holds the lock of.
    static HELD: Cell<usize> = const { Cell::new(0) };
}

/// A token unique to the current thread among running threads (never 0):
/// the address of a thread-local, which costs no initialisation check. A
/// finished thread's address may be reused, but a thread never finishes
/// while it holds a plugin (the holder is cleared when `Entered` drops,
/// unwinding included).
fn thread_token() -> u64 {
    thread_local!(static TOKEN: u8 = const { 0 });
    TOKEN.with(|token| std::ptr::from_ref(token).addr() as u64)
}

/// Whether this thread is running a plugin (holds its lock).
pub(crate) fn thread_holds_a_plugin() -> bool {
    HELD.with(Cell::get) > 0
}

/// Holds a plugin's lock and remembers which thread holds it. Letting it go
/// runs the drops queued to the plugin meanwhile.
pub(crate) struct Entered<'a, Ctx: PluginContext> {
    cell: &'a PluginCell<Ctx>,
    guard: Option<MutexGuard<'a, PluginState<Ctx>>>,
}

impl<Ctx: PluginContext> Entered<'_, Ctx> {
    fn new<'a>(
        cell: &'a PluginCell<Ctx>,
        guard: MutexGuard<'a, PluginState<Ctx>>,
        token: u64,
    ) -> Entered<'a, Ctx> {
        cell.holder.store(token, Ordering::Release);
        HELD.with(|held| held.set(held.get() + 1));
        Entered {
            cell,
            guard: Some(guard),
        }
    }
}

impl<Ctx: PluginContext> Drop for Entered<'_, Ctx> {
    fn drop(&mut self) {
        if let Some(mut guard) = self.guard.take() {
            self.cell.run_pending(&mut guard);
            self.cell.holder.store(0, Ordering::Release);
            HELD.with(|held| held.set(held.get() - 1));
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

impl<Ctx: PluginContext> PluginCell<Ctx> {
    /// Instantiates a plugin for the first time.
    pub(crate) fn start(
        label: PluginLabel,
        engine: &Engine,
        pre: InstancePre<Ctx>,
        context: Ctx,
        (start, mut limiters): (StartLimits<Ctx>, CallLimiters<Ctx>),
        remaps: Remaps,
    ) -> Result<Arc<Self>, LinkError> {
        limiters.set_engine(engine);
        let call_limits = (limiters.fuel.is_some(), limiters.epoch.is_some());
        let ticks = Ticks::default();
        let (store, instance) =
            instantiate(engine, &pre, &label, context, (&start, &limiters), &ticks)?;
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
            state: Mutex::new(state),
            holder: AtomicU64::new(0),
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
            me: me.clone(),
        });
        cell.register();
        Ok(cell)
    }

    /// Replaces the instance with a fresh one of the same component, linked
    /// the same way, with a new context. The new instance starts without the
    /// plugin's lock, so callers are never held up by a start-up; it then
    /// waits for the call in progress and swaps in. Handles to the old
    /// instance's resources become stale.
    pub(crate) fn restart(&self, context: Ctx) -> Result<(), LinkError> {
        let refused = |reason: &str| LinkError::RestartRefused {
            plugin: self.display_name().to_string(),
            reason: reason.to_owned(),
        };
        if self.holder.load(Ordering::Acquire) == thread_token() {
            return Err(refused(
                "a plugin cannot be restarted from within its own call",
            ));
        }
        if thread_holds_a_plugin() {
            return Err(refused(
                "a plugin cannot be restarted from within another plugin's call \
                 (it would wait for the plugin while holding the caller)",
            ));
        }
        // The per-call limiters stay in the state: start-up uses none.
        let (store, instance) = instantiate(
            &self.engine,
            &self.pre,
            &self.label,
            context,
            (&self.start, &CallLimiters::default()),
            &Ticks::default(),
        )?;
        let mut entered = self
            .enter()
            .ok_or_else(|| refused("a plugin cannot be restarted from within its own call"))?;
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
        Ok(())
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

    /// Takes the plugin's lock, waiting while another thread holds it.
    ///
    /// Returns `None` when this thread already holds it: a re-entrant call,
    /// which would deadlock.
    pub(crate) fn enter(&self) -> Option<Entered<'_, Ctx>> {
        let me = thread_token();
        if self.holder.load(Ordering::Acquire) == me {
            return None;
        }
        let guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        Some(Entered::new(self, guard, me))
    }

    /// Takes the plugin's lock if it is free.
    fn try_enter(&self) -> Option<Entered<'_, Ctx>> {
        match self.state.try_lock() {
            Ok(guard) => Some(Entered::new(self, guard, thread_token())),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                Some(Entered::new(self, poisoned.into_inner(), thread_token()))
            }
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
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
        let dropped = handle.resource_drop(&mut *store);
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
    /// lock and limits as every other call; `call` runs it. Returns the
    /// outcome and what the call spent (zero when it was refused before
    /// running): a failed call's cost is its caller's to pay too. The error
    /// is boxed: it is rare and large, and a small result moves cheaply
    /// through the layers above (this is the typed hot path).
    pub(crate) fn call_typed<P, R, Out>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        budget: Budget,
        call: impl FnOnce(TypedFunc<P, R>, &mut Store<Ctx>) -> wasmtime::Result<Out>,
    ) -> (Result<Out, Box<DispatchError>>, Spent)
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + 'static,
    {
        let refused = |error| (Err(Box::new(error)), Spent::default());
        let span = names.span();
        let Some(mut entered) = self.enter() else {
            return refused(DispatchError::Reentrant(names.site()));
        };
        let state = &mut *entered;
        // Everything that can refuse the call comes before its budget is set.
        let handle = match typed_export(&mut state.exports[slot], &state.store, names) {
            Ok(handle) => handle,
            Err(error) => return refused(error),
        };
        let metered = match self.begin(
            (&mut state.limiters, &mut state.store, state.trapped),
            names,
            budget,
        ) {
            Ok(metered) => metered,
            Err(error) => return refused(error),
        };
        let outcome = call(handle, &mut state.store);
        let spent = metered.after_call(&mut state.store, &self.ticks);
        span.spent(spent.fuel, spent.ticks);
        let outcome = outcome.map_err(|error| {
            state.trapped = true;
            Box::new(classify(error, names.site()))
        });
        (outcome, spent)
    }

    /// A typed call that moves resource handles: `incoming` (handles from
    /// another plugin or the host, in [`Handles`] order) go into `args`,
    /// and with `lift_results` the handles in the results come out as
    /// transits, for the caller to deliver. Returns what the call spent as
    /// [`call_typed`](Self::call_typed) does.
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    pub(crate) fn call_typed_moving<P, R, A: Handles>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        budget: Budget,
        (mut args, incoming): (A, Vec<Transit>),
        lift_results: bool,
        call: impl FnOnce(TypedFunc<P, R>, &mut Store<Ctx>, A) -> wasmtime::Result<R>,
    ) -> (Result<(R, Vec<Transit>), DispatchError>, Spent)
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + Handles + 'static,
    {
        let invalid = |message| DispatchError::InvalidResource {
            site: names.site(),
            message,
        };
        let refused = |error, incoming: Vec<Transit>| {
            incoming.into_iter().for_each(Transit::discard);
            (Err(error), Spent::default())
        };
        let span = names.span();
        let Some(mut entered) = self.enter() else {
            return refused(DispatchError::Reentrant(names.site()), incoming);
        };
        let state = &mut *entered;
        // Everything that can refuse the call comes before its budget is set.
        let handle = match typed_export(&mut state.exports[slot], &state.store, names) {
            Ok(handle) => handle,
            Err(error) => return refused(error, incoming),
        };
        let me = Target::new(self, state.generation);
        if !incoming.is_empty()
            && let Err(message) = check_accepted(&state.accepts[slot], me, &incoming, names.plugin)
        {
            return refused(invalid(message), incoming);
        }
        let metered = match self.begin(
            (&mut state.limiters, &mut state.store, state.trapped),
            names,
            budget,
        ) {
            Ok(metered) => metered,
            Err(error) => return refused(error, incoming),
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
                return (Err(invalid(message)), spent);
            }
        }
        let outcome = call(handle, &mut *store, args);
        loans.release(&mut *store);
        let spent = metered.after_call(store, &self.ticks);
        span.spent(spent.fuel, spent.ticks);
        let mut results = match outcome {
            Ok(results) => results,
            Err(error) => {
                state.trapped = true;
                return (Err(classify(error, names.site())), spent);
            }
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
                return (Err(invalid(message)), spent);
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
        let entered = if thread_holds_a_plugin() {
            if self.holder.load(Ordering::Acquire) == thread_token() {
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

/// Creates a store with the plugin's limits and instantiates the component.
fn instantiate<Ctx: PluginContext>(
    engine: &Engine,
    pre: &InstancePre<Ctx>,
    label: &PluginLabel,
    context: Ctx,
    (start, limiters): (&StartLimits<Ctx>, &CallLimiters<Ctx>),
    ticks: &Ticks,
) -> Result<(Store<Ctx>, Instance), LinkError> {
    let mut store = Store::new(engine, context);
    limits::install(&mut store, start, limiters, ticks).map_err(|(limiter, config)| {
        LinkError::EngineConfig {
            plugin: label.clone(),
            limiter,
            config,
        }
    })?;
    let instance = pre
        .instantiate(&mut store)
        .map_err(|source| LinkError::Instantiate {
            plugin: label.clone(),
            source,
        })?;
    Ok((store, instance))
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

/// Part of wasmtime 50's message when a call's hostcall fuel runs out (its
/// error type is private, so the message is what can be matched; the
/// transfer-limit tests pin it).
const HOSTCALL_FUEL_EXHAUSTED: &str = "fuel allocated for hostcalls has been exhausted";

/// Part of wasmtime 50's message when a call returns while the callee still
/// holds a borrowed handle (pinned by a test).
const BORROW_KEPT: &str = "borrow handles still remain at the end of the call";

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
        let entered = if wait && !thread_holds_a_plugin() {
            self.enter()
        } else {
            self.try_enter()
        };
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
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
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
        let refuse = |call: &mut Call<'_>, error| {
            std::mem::take(&mut call.incoming)
                .into_iter()
                .for_each(Transit::discard);
            Err(error)
        };
        let span = call.names.span();
        let Some(mut entered) = self.enter() else {
            return refuse(call, DispatchError::Reentrant(call.names.site()));
        };
        let state = &mut *entered;
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
        let patched;
        let args = if call.incoming.is_empty() {
            call.args
        } else {
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
            patched = args;
            &patched
        };

        let outcome = func.call(&mut *store, args, call.results);
        loans.release(&mut *store);
        call.spent = metered.after_call(store, &self.ticks);
        span.spent(call.spent.fuel, call.spent.ticks);
        if let Err(error) = outcome {
            state.trapped = true;
            return Err(classify(error, call.names.site()));
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

    fn target(&self) -> Target {
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        Target::new(self, owned.generation)
    }

    fn ticks(&self) -> Ticks {
        self.ticks.clone()
    }
}
