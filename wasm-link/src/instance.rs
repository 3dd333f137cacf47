//! A running plugin: its store, its instance, and the one way in.
//!
//! Every call into a plugin, from the host or from another plugin, goes
//! through [`PluginCell::call`]: it waits for the plugin's store (a busy
//! plugin is waited for, not refused), sets the call's limits, moves resource
//! handles in and out, and turns failures into a [`DispatchError`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, Weak};

use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Func, Instance, ResourceAny, ResourceType, Val};
use wasmtime::{Engine, Store, Trap};

use crate::PluginContext;
use crate::error::{CallSite, DispatchError, PluginLabel};
use crate::limits::CallLimits;
use crate::resources::{self, Loans, Transit};

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
    pub(crate) func: Func,
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
    /// The function `function` of the exported instance `interface`.
    fn export(&self, interface: &str, function: &str) -> Option<(Func, ComponentFunc)>;
    /// Runs one call.
    fn call(&self, call: &mut Call<'_>) -> Result<(), DispatchError>;
    /// Whether `ty` is one of this plugin's own resource types.
    fn owns(&self, ty: ResourceType) -> bool;
    /// Drops a handle to one of this plugin's own resources.
    fn drop_owned(&self, handle: ResourceAny) -> wasmtime::Result<()>;
}

/// The store, instance and per-call limits, behind the plugin's lock.
pub(crate) struct PluginState<Ctx: 'static> {
    pub(crate) store: Store<Ctx>,
    pub(crate) instance: Instance,
    pub(crate) limits: CallLimits<Ctx>,
}

pub(crate) struct PluginCell<Ctx: 'static> {
    pub(crate) label: PluginLabel,
    state: Mutex<PluginState<Ctx>>,
    /// The thread token of the thread holding `state`, or 0.
    holder: AtomicU64,
    /// Resource types the plugin exports (read while its lock is held by an
    /// outgoing call, so kept outside it).
    owned_types: RwLock<Vec<ResourceType>>,
    me: Weak<PluginCell<Ctx>>,
}

/// A token unique to the current thread (never 0).
fn thread_token() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local!(static TOKEN: u64 = NEXT.fetch_add(1, Ordering::Relaxed));
    TOKEN.with(|token| *token)
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
    pub(crate) fn new(
        label: PluginLabel,
        engine: &Engine,
        component: &wasmtime::component::Component,
        mut state: PluginState<Ctx>,
    ) -> Arc<Self> {
        let owned = exported_resource_types(engine, component, &mut state);
        let cell = Arc::new_cyclic(|me| Self {
            label,
            state: Mutex::new(state),
            holder: AtomicU64::new(0),
            owned_types: RwLock::new(owned),
            me: me.clone(),
        });
        let erased: Arc<dyn ErasedPlugin> = cell.clone();
        resources::register_owner(
            &cell
                .owned_types
                .read()
                .unwrap_or_else(PoisonError::into_inner),
            &erased,
        );
        cell
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

    /// Takes the lock for one-off set-up work (looking up exports), outside
    /// any call.
    pub(crate) fn lock_for_setup(&self) -> MutexGuard<'_, PluginState<Ctx>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn me(&self) -> Arc<dyn ErasedPlugin> {
        self.me
            .upgrade()
            .expect("a plugin is alive while it is called")
    }

    fn me_ptr(&self) -> *const () {
        std::ptr::from_ref(self).cast()
    }
}

/// Lists the resource types an instance exports, instantiated.
fn exported_resource_types<Ctx>(
    engine: &Engine,
    component: &wasmtime::component::Component,
    state: &mut PluginState<Ctx>,
) -> Vec<ResourceType> {
    let mut found = Vec::new();
    for (name, item) in component.component_type().exports(engine) {
        let ComponentItem::ComponentInstance(instance_ty) = item.ty else {
            continue;
        };
        let Some(outer) = state
            .instance
            .get_export_index(&mut state.store, None, name)
        else {
            continue;
        };
        for (resource, item) in instance_ty.exports(engine) {
            if !matches!(item.ty, ComponentItem::Resource(_)) {
                continue;
            }
            let ty = state
                .instance
                .get_export_index(&mut state.store, Some(&outer), resource)
                .and_then(|index| state.instance.get_resource(&mut state.store, index));
            found.extend(ty);
        }
    }
    found
}

/// Classifies a failed call. `args_fit` is asked only when the failure is
/// neither a trap nor a socket failure, to tell bad arguments from a guest
/// fault found while lifting its results.
pub(crate) fn classify(
    error: wasmtime::Error,
    site: CallSite,
    args_fit: impl FnOnce() -> bool,
) -> DispatchError {
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => return DispatchError::FuelExhausted(site),
        Some(Trap::Interrupt) => return DispatchError::DeadlineExceeded(site),
        Some(Trap::CannotEnterComponent) => return DispatchError::Unusable(site),
        None if error.downcast_ref::<DispatchError>().is_none() && !args_fit() => {
            return DispatchError::InvalidArguments {
                site,
                message: format!("{error:#}"),
            };
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
    fn export(&self, interface: &str, function: &str) -> Option<(Func, ComponentFunc)> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let PluginState {
            store, instance, ..
        } = &mut *state;
        let outer = instance.get_export_index(&mut *store, None, interface)?;
        let index = instance.get_export_index(&mut *store, Some(&outer), function)?;
        let func = instance.get_func(&mut *store, index)?;
        let ty = func.ty(&*store);
        Some((func, ty))
    }

    fn call(&self, call: &mut Call<'_>) -> Result<(), DispatchError> {
        let mut entered = self
            .enter()
            .ok_or_else(|| DispatchError::Reentrant(call.names.site()))?;
        let PluginState { store, limits, .. } = &mut *entered;
        limits.before_call(store, call.names.interface, call.names.function);

        let mut loans = Loans::default();
        let patched;
        let args = if call.incoming.is_empty() {
            call.args
        } else {
            let mut args = call.args.to_vec();
            let mut incoming = call.incoming.drain(..);
            let me = self.me_ptr();
            resources::for_each_resource(&mut args, &mut |slot| {
                let transit = incoming.next().ok_or("more handles than expected")?;
                *slot = resources::lower(&mut *store, me, transit, &mut loans)
                    .map_err(|_| "a handle could not be passed")?;
                Ok::<_, &str>(())
            })
            .map_err(|message| DispatchError::InvalidResource {
                site: call.names.site(),
                message: message.to_owned(),
            })?;
            patched = args;
            &patched
        };

        let outcome = call.func.call(&mut *store, args, call.results);
        loans.release(&mut *store);
        outcome.map_err(|error| {
            classify(error, call.names.site(), || {
                crate::wit_type::args_match(args, &call.func.ty(&*store))
            })
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

    fn owns(&self, ty: ResourceType) -> bool {
        self.owned_types
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&ty)
    }

    fn drop_owned(&self, handle: ResourceAny) -> wasmtime::Result<()> {
        let site = CallSite {
            plugin: self.label.0.clone().unwrap_or_default(),
            interface: String::new(),
            function: "[resource-drop]".to_owned(),
        };
        let mut entered = self.enter().ok_or(DispatchError::Reentrant(site))?;
        handle.resource_drop(&mut entered.store)
    }
}
