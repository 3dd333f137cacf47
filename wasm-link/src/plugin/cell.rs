//! A running plugin: its store, its instance, and the one way in.
//!
//! Every call into a plugin, from the host or from another plugin, goes
//! through [`PluginCell::call`] (or its typed twin): it waits for the
//! plugin's store (a busy plugin is waited for, not refused), sets the
//! call's limits, moves resource handles in and out, and turns failures
//! into a [`DispatchError`].

use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, RwLock, Weak};

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Func, Instance, InstancePre, ResourceAny, ResourceType, Val};
use wasmtime::{Engine, Store, Trap};

use crate::PluginContext;
use crate::error::{CallSite, DispatchError, LinkError, PluginLabel};
use crate::plugin::limits::Limits;
use crate::resources::handles::Handles;
use crate::resources::{self, Loans, Target, Transit};

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

/// The names one call is made under, for limiters and errors.
#[derive(Clone, Copy)]
pub(crate) struct CallNames<'a> {
    pub(crate) plugin: &'a str,
    pub(crate) interface: &'a str,
    pub(crate) function: &'a str,
}

impl CallNames<'_> {
    pub(crate) fn site(&self) -> CallSite {
        CallSite::new(self.plugin, self.interface, self.function)
    }
}

/// One call into a plugin.
pub(crate) struct Call<'a> {
    /// The function's slot in the plugin's export table.
    pub(crate) slot: usize,
    pub(crate) names: CallNames<'a>,
    pub(crate) args: &'a [Val],
    /// Resource handles to put into `args`, in [`resources::for_each_resource`]
    /// order; when empty, `args` is passed as it is.
    pub(crate) incoming: Vec<Transit>,
    pub(crate) results: &'a mut [Val],
    /// Whether to take resource handles out of the results.
    pub(crate) lift_results: bool,
    /// The handles taken out of `results`, in order.
    pub(crate) outgoing: Vec<Transit>,
}

/// A plugin with its context type erased, as bindings and sockets hold it.
pub(crate) trait ErasedPlugin: Send + Sync + 'static {
    /// Resolves the binding's functions, `(interface, function)` by slot,
    /// once; returns each one's type, or `None` where it is not exported.
    fn bind(&self, id: &str, exports: Box<[(String, String)]>) -> Vec<Option<ComponentFunc>>;
    /// Runs one call.
    fn call(&self, call: &mut Call<'_>) -> Result<(), DispatchError>;
    /// The current instance's generation if `ty` is one of its own resource
    /// types.
    fn owns(&self, ty: ResourceType) -> Option<u64>;
    /// This plugin as a destination for resource handles.
    fn target(&self) -> Target;
    /// Drops a handle to one of this plugin's own resources, taken from the
    /// instance of `generation` (a no-op if it has since been restarted).
    fn drop_owned(&self, handle: ResourceAny, generation: u64) -> wasmtime::Result<()>;
}

/// The store, instance and per-call state, behind the plugin's lock.
pub(crate) struct PluginState<Ctx: 'static> {
    pub(crate) store: Store<Ctx>,
    instance: Instance,
    pub(crate) limits: Limits<Ctx>,
    /// The binding's functions in this instance, by slot.
    exports: Box<[Option<Func>]>,
    /// Typed handles made by the typed call path, by slot.
    typed: Box<[Option<Box<dyn Any + Send>>]>,
    /// Counts restarts; handles taken from an older instance are stale.
    generation: u64,
}

/// Resource types the plugin exports, with the generation they belong to.
/// Read while the plugin's lock is held by an outgoing call, so kept
/// outside it.
#[derive(Default)]
struct Owned {
    generation: u64,
    types: Vec<ResourceType>,
}

pub(crate) struct PluginCell<Ctx: 'static> {
    pub(crate) label: PluginLabel,
    state: Mutex<PluginState<Ctx>>,
    /// The thread token of the thread holding `state`, or 0.
    holder: AtomicU64,
    owned: RwLock<Owned>,
    engine: Engine,
    /// How to instantiate the plugin again, for restarts.
    pre: InstancePre<Ctx>,
    export_names: OnceLock<Box<[(String, String)]>>,
    /// The id the plugin's binding gave it, for errors outside a call.
    id: OnceLock<String>,
    me: Weak<PluginCell<Ctx>>,
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

/// Holds a plugin's lock and remembers which thread holds it.
pub(crate) struct Entered<'a, Ctx: 'static> {
    guard: MutexGuard<'a, PluginState<Ctx>>,
    holder: &'a AtomicU64,
}

impl<Ctx> Drop for Entered<'_, Ctx> {
    fn drop(&mut self) {
        self.holder.store(0, Ordering::Release);
    }
}

impl<Ctx> std::ops::Deref for Entered<'_, Ctx> {
    type Target = PluginState<Ctx>;
    fn deref(&self) -> &PluginState<Ctx> {
        &self.guard
    }
}

impl<Ctx> std::ops::DerefMut for Entered<'_, Ctx> {
    fn deref_mut(&mut self) -> &mut PluginState<Ctx> {
        &mut self.guard
    }
}

impl<Ctx: PluginContext> PluginCell<Ctx> {
    /// Instantiates a plugin for the first time.
    pub(crate) fn start(
        label: PluginLabel,
        engine: &Engine,
        pre: InstancePre<Ctx>,
        context: Ctx,
        mut limits: Limits<Ctx>,
    ) -> Result<Arc<Self>, LinkError> {
        let (store, instance) = instantiate(engine, &pre, &label, context, &mut limits)?;
        let mut state = PluginState {
            store,
            instance,
            limits,
            exports: Box::default(),
            typed: Box::default(),
            generation: 0,
        };
        let types = exported_resource_types(engine, &pre, &mut state);
        let cell = Arc::new_cyclic(|me| Self {
            label,
            state: Mutex::new(state),
            holder: AtomicU64::new(0),
            owned: RwLock::new(Owned {
                generation: 0,
                types,
            }),
            engine: engine.clone(),
            pre,
            export_names: OnceLock::new(),
            id: OnceLock::new(),
            me: me.clone(),
        });
        cell.register();
        Ok(cell)
    }

    /// Replaces the instance with a fresh one of the same component, linked
    /// the same way, with a new context. Waits for calls in progress; handles
    /// to the old instance's resources become stale.
    pub(crate) fn restart(&self, context: Ctx) -> Result<(), LinkError> {
        let mut entered = self.enter().ok_or_else(|| LinkError::Instantiate {
            plugin: self.label.clone(),
            source: wasmtime::Error::msg("a plugin cannot be restarted from within its own call"),
        })?;
        let state = &mut *entered;
        let (store, instance) = instantiate(
            &self.engine,
            &self.pre,
            &self.label,
            context,
            &mut state.limits,
        )?;
        state.store = store;
        state.instance = instance;
        state.generation += 1;
        state.typed = std::iter::repeat_with(|| None)
            .take(state.exports.len())
            .collect();
        if let Some(names) = self.export_names.get() {
            resolve(state, names);
        }
        let types = exported_resource_types(&self.engine, &self.pre, state);
        *self.owned.write().unwrap_or_else(PoisonError::into_inner) = Owned {
            generation: state.generation,
            types,
        };
        drop(entered);
        self.register();
        Ok(())
    }

    fn register(&self) {
        let erased: Arc<dyn ErasedPlugin> = self.me();
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        resources::register_owner(&owned.types, &erased);
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
        self.holder.store(me, Ordering::Release);
        Some(Entered {
            guard,
            holder: &self.holder,
        })
    }

    fn me(&self) -> Arc<dyn ErasedPlugin> {
        self.me
            .upgrade()
            .expect("a plugin is alive while it is used")
    }

    /// One typed call, under the same lock and limits as every other call.
    /// `typed` makes the typed handle the first time (or after a restart);
    /// `passed_handles` says whether the arguments may hold resource handles.
    pub(crate) fn call_typed<H: Any + Send, R>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        passed_handles: bool,
        typed: impl FnOnce(&Store<Ctx>, Func) -> wasmtime::Result<H>,
        call: impl FnOnce(&H, &mut Store<Ctx>) -> wasmtime::Result<R>,
    ) -> Result<R, DispatchError> {
        let mut entered = self
            .enter()
            .ok_or_else(|| DispatchError::Reentrant(names.site()))?;
        let state = &mut *entered;
        let handle = cached_typed(
            &mut state.typed[slot],
            &state.store,
            state.exports[slot],
            names,
            typed,
        )?;
        state
            .limits
            .before_call(&mut state.store, names.interface, names.function);
        call(handle, &mut state.store)
            .map_err(|error| classify(error, names.site(), || true, passed_handles))
    }

    /// A typed call that moves resource handles: `incoming` (handles from
    /// another plugin or the host, in [`Handles`] order) go into `args`,
    /// and with `lift_results` the handles in the results come out as
    /// transits, for the caller to deliver.
    pub(crate) fn call_typed_moving<H: Any + Send, P: Handles, R: Handles>(
        &self,
        slot: usize,
        names: CallNames<'_>,
        (mut args, incoming): (P, Vec<Transit>),
        lift_results: bool,
        typed: impl FnOnce(&Store<Ctx>, Func) -> wasmtime::Result<H>,
        call: impl FnOnce(&H, &mut Store<Ctx>, P) -> wasmtime::Result<R>,
    ) -> Result<(R, Vec<Transit>), DispatchError> {
        let invalid = |message| DispatchError::InvalidResource {
            site: names.site(),
            message,
        };
        let mut entered = self
            .enter()
            .ok_or_else(|| DispatchError::Reentrant(names.site()))?;
        let state = &mut *entered;
        let generation = state.generation;
        let handle = cached_typed(
            &mut state.typed[slot],
            &state.store,
            state.exports[slot],
            names,
            typed,
        )?;
        let store = &mut state.store;
        state
            .limits
            .before_call(store, names.interface, names.function);

        let mut loans = Loans::default();
        let passed_handles = !incoming.is_empty();
        if passed_handles {
            let me = Target::new(self, generation);
            let mut incoming = incoming.into_iter();
            let lowered = args.for_each_handle(&mut |slot, _| {
                let transit = incoming
                    .next()
                    .ok_or_else(|| "more handles than expected".to_owned())?;
                *slot = resources::lower(&mut *store, me, transit, &mut loans)?;
                Ok(())
            });
            if let Err(message) = lowered {
                loans.release(&mut *store);
                return Err(invalid(message));
            }
        }
        let outcome = call(handle, &mut *store, args);
        loans.release(&mut *store);
        let mut results =
            outcome.map_err(|error| classify(error, names.site(), || true, passed_handles))?;

        let mut outgoing = Vec::new();
        if lift_results {
            let me = self.me();
            results
                .for_each_handle(&mut |handle, _| {
                    outgoing.push(resources::lift(&mut *store, &me, *handle)?);
                    Ok(())
                })
                .map_err(invalid)?;
        }
        Ok((results, outgoing))
    }

    /// Runs `f` on the store and a function's export, for one-off set-up
    /// work outside any call.
    pub(crate) fn with_export<R>(
        &self,
        slot: usize,
        f: impl FnOnce(&Store<Ctx>, Option<Func>) -> R,
    ) -> R {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&state.store, state.exports.get(slot).copied().flatten())
    }
}

/// The typed handle of `func` (a function's export, `None` if missing),
/// made by `typed` the first time (and after a restart) and kept in
/// `cached`, its slot in the plugin's state.
fn cached_typed<'c, Ctx, H: Any + Send>(
    cached: &'c mut Option<Box<dyn Any + Send>>,
    store: &Store<Ctx>,
    func: Option<Func>,
    names: CallNames<'_>,
    typed: impl FnOnce(&Store<Ctx>, Func) -> wasmtime::Result<H>,
) -> Result<&'c H, DispatchError> {
    let func = func.ok_or_else(|| DispatchError::MissingExport(names.site()))?;
    // Checked with `is` first: returning the borrow from an `if let` would
    // keep `cached` borrowed on the path that fills it.
    if cached.as_ref().is_some_and(|h| h.is::<H>()) {
        return Ok(cached
            .as_ref()
            .and_then(|h| h.downcast_ref::<H>())
            .expect("checked just above"));
    }
    let handle = typed(store, func).map_err(|e| DispatchError::InvalidArguments {
        site: names.site(),
        message: format!("{e:#}"),
    })?;
    Ok(cached
        .insert(Box::new(handle))
        .downcast_ref::<H>()
        .expect("the typed handle was just made"))
}

/// Creates a store with the plugin's limits and instantiates the component.
fn instantiate<Ctx: PluginContext>(
    engine: &Engine,
    pre: &InstancePre<Ctx>,
    label: &PluginLabel,
    context: Ctx,
    limits: &mut Limits<Ctx>,
) -> Result<(Store<Ctx>, Instance), LinkError> {
    let mut store = Store::new(engine, context);
    limits
        .install(&mut store)
        .map_err(|(limiter, config)| LinkError::EngineConfig {
            plugin: label.clone(),
            limiter,
            config,
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
        ..
    } = state;
    *exports = names
        .iter()
        .map(|(interface, function)| {
            let outer = instance.get_export_index(&mut *store, None, interface)?;
            let index = instance.get_export_index(&mut *store, Some(&outer), function)?;
            instance.get_func(&mut *store, index)
        })
        .collect();
}

/// Lists the resource types an instance exports, instantiated.
fn exported_resource_types<Ctx>(
    engine: &Engine,
    pre: &InstancePre<Ctx>,
    state: &mut PluginState<Ctx>,
) -> Vec<ResourceType> {
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
        for (resource, item) in instance_ty.exports(engine) {
            if !matches!(item.ty, ComponentItem::Resource(_)) {
                continue;
            }
            let ty = instance
                .get_export_index(&mut *store, Some(&outer), resource)
                .and_then(|index| instance.get_resource(&mut *store, index));
            found.extend(ty);
        }
    }
    found
}

/// Part of wasmtime 48's message when a call's hostcall fuel runs out (its
/// error type is private, so the message is what can be matched).
const HOSTCALL_FUEL_EXHAUSTED: &str = "fuel allocated for hostcalls has been exhausted";

/// Classifies a failed call. `args_fit` is asked only when the failure is
/// neither a trap nor a socket failure, to tell bad arguments from a guest
/// fault; `passed_handles` says whether the call was given resource handles
/// that wasmtime may have refused.
pub(crate) fn classify(
    error: wasmtime::Error,
    site: CallSite,
    args_fit: impl FnOnce() -> bool,
    passed_handles: bool,
) -> DispatchError {
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => return DispatchError::FuelExhausted(site),
        Some(Trap::Interrupt) => return DispatchError::DeadlineExceeded(site),
        Some(Trap::CannotEnterComponent) => return DispatchError::Unusable(site),
        None if error.downcast_ref::<DispatchError>().is_none() => {
            let message = format!("{error:#}");
            // Wasmtime's hostcall fuel, which `with_transfer_limit` sets, ran
            // out while copying the plugin's data: say so in its terms.
            if message.contains(HOSTCALL_FUEL_EXHAUSTED) {
                return DispatchError::Trap {
                    site,
                    message: format!(
                        "the data it passed to the host exceeds its transfer limit \
                         (Plugin::with_transfer_limit): {message}"
                    ),
                    source: Some(error),
                };
            }
            // Wasmtime refused the call before running it: bad arguments, or
            // a handle its tables do not hold (dropped, or never valid).
            if !args_fit() {
                return DispatchError::InvalidArguments { site, message };
            }
            if passed_handles && (message.contains("handle") || message.contains("resource")) {
                return DispatchError::InvalidResource { site, message };
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

impl<Ctx: PluginContext> ErasedPlugin for PluginCell<Ctx> {
    fn bind(&self, id: &str, names: Box<[(String, String)]>) -> Vec<Option<ComponentFunc>> {
        let _ = self.id.set(id.to_owned());
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        resolve(&mut state, &names);
        state.typed = std::iter::repeat_with(|| None).take(names.len()).collect();
        let _ = self.export_names.set(names);
        let state = &*state;
        state
            .exports
            .iter()
            .map(|func| func.map(|func| func.ty(&state.store)))
            .collect()
    }

    fn call(&self, call: &mut Call<'_>) -> Result<(), DispatchError> {
        let mut entered = self
            .enter()
            .ok_or_else(|| DispatchError::Reentrant(call.names.site()))?;
        let state = &mut *entered;
        let func = state.exports[call.slot]
            .ok_or_else(|| DispatchError::MissingExport(call.names.site()))?;
        let store = &mut state.store;
        state
            .limits
            .before_call(store, call.names.interface, call.names.function);

        let mut loans = Loans::default();
        let passed_handles = !call.incoming.is_empty();
        let patched;
        let args = if call.incoming.is_empty() {
            call.args
        } else {
            let mut args = call.args.to_vec();
            let mut incoming = call.incoming.drain(..);
            let me = Target::new(self, state.generation);
            resources::for_each_resource(&mut args, &mut |slot| {
                let transit = incoming
                    .next()
                    .ok_or_else(|| "more handles than expected".to_owned())?;
                *slot = resources::lower(&mut *store, me, transit, &mut loans)?;
                Ok::<_, String>(())
            })
            .map_err(|message| DispatchError::InvalidResource {
                site: call.names.site(),
                message,
            })?;
            patched = args;
            &patched
        };

        let outcome = func.call(&mut *store, args, call.results);
        loans.release(&mut *store);
        outcome.map_err(|error| {
            classify(
                error,
                call.names.site(),
                || crate::wit_type::args_match(args, &func.ty(&*store)),
                passed_handles,
            )
        })?;

        if call.lift_results {
            let me = self.me();
            let outgoing = &mut call.outgoing;
            resources::for_each_resource(call.results, &mut |handle| {
                outgoing.push(resources::lift(&mut *store, &me, *handle)?);
                Ok::<_, String>(())
            })
            .map_err(|message| DispatchError::InvalidResource {
                site: call.names.site(),
                message,
            })?;
        }
        Ok(())
    }

    fn owns(&self, ty: ResourceType) -> Option<u64> {
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        owned.types.contains(&ty).then_some(owned.generation)
    }

    fn target(&self) -> Target {
        let owned = self.owned.read().unwrap_or_else(PoisonError::into_inner);
        Target::new(self, owned.generation)
    }

    fn drop_owned(&self, handle: ResourceAny, generation: u64) -> wasmtime::Result<()> {
        let site = CallSite {
            plugin: self
                .id
                .get()
                .cloned()
                .or_else(|| self.label.0.clone())
                .unwrap_or_default(),
            interface: String::new(),
            function: "[resource-drop]".to_owned(),
        };
        let mut entered = self.enter().ok_or(DispatchError::Reentrant(site))?;
        if entered.generation != generation {
            // The instance that owned it is gone, and its resources with it.
            return Ok(());
        }
        handle.resource_drop(&mut entered.store)
    }
}
