//! Typed sockets: a typed group's functions forwarded to importing plugins
//! through typed host functions, so no `Val` is built on the way.
//!
//! The importer's declared shape is only known when it is linked, so each
//! forwarded function keeps a definer that, given the shape, installs the
//! host function with the matching Rust result type.

use std::collections::HashMap;
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::Arc;

use wasmtime::StoreContextMut;
use wasmtime::component::{ComponentNamedList, ComponentType, Lift, LinkerInstance, Lower};

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::Binding;
use crate::binding::cardinality::{Cardinality, CardinalityKind};
use crate::binding::membership::Membership;
use crate::error::CallSite;
use crate::error::DispatchError;
use crate::error::wire::WireDispatchError;
use crate::plugin::cell::CallNames;
use crate::plugin::cell::Mode;
use crate::resources::foreign::{self, OwnLoans};
use crate::resources::handles::Handles;
use crate::resources::{Target, Transit};
use crate::socket::{Importer, Shape, Socket};
use crate::typed::{Args, reach_moving, typed_call_on, typed_call_on_async};

/// Installs one typed forwarder in an importer's linker, for its shape,
/// whether it narrowed the error, and the importer (which resource handles
/// leave and enter).
type TypedDefine<Ctx> = Box<
    dyn Fn(&mut LinkerInstance<'_, Ctx>, &str, Shape, bool, &Importer) -> wasmtime::Result<()>
        + Send
        + Sync,
>;

/// The typed forwarders of one socket, by function slot: for importers
/// linked with `link`, and their async forms for those linked with
/// `link_async`.
pub(crate) struct TypedForwards<Ctx: 'static> {
    by_slot: HashMap<usize, TypedDefine<Ctx>>,
    async_by_slot: HashMap<usize, TypedDefine<Ctx>>,
}

impl<Ctx> TypedForwards<Ctx> {
    /// The forwarder of `slot` for importers of `mode`.
    pub(crate) fn get(&self, slot: usize, mode: Mode) -> Option<&TypedDefine<Ctx>> {
        match mode {
            Mode::Async => self.async_by_slot.get(&slot),
            Mode::Sync | Mode::Either => self.by_slot.get(&slot),
        }
    }
}

/// What typed forwarding needs of a plugin id: importers receive it in
/// tagged, optional, list and map results, so it has a component type; a
/// map keys on it. Implemented for every such type (generated code names it
/// in bounds instead of the list).
pub trait SocketId: Clone + Eq + Hash + ComponentType + Lower + Send + Sync + 'static {}

impl<T: Clone + Eq + Hash + ComponentType + Lower + Send + Sync + 'static> SocketId for T {}

/// A function's results as a typed call returns them: `()` or `(T,)`.
pub trait SingleResult: ComponentNamedList + Lift + Lower + Send + Sync + 'static {
    /// What goes in the `ok` case: `()` or `T`.
    type Payload: ComponentType + Lift + Lower + Send + Sync + 'static;
    /// Unwraps the payload.
    fn into_payload(self) -> Self::Payload;
}

impl SingleResult for () {
    type Payload = ();
    fn into_payload(self) {}
}

impl<T: ComponentType + Lift + Lower + Send + Sync + 'static> SingleResult for (T,) {
    type Payload = T;
    fn into_payload(self) -> T {
        self.0
    }
}

/// Builds a [`Socket`] whose functions reach importers of the group's
/// context type through typed host functions: [`forward`](Self::forward)
/// for functions without handles, [`forward_moving`](Self::forward_moving)
/// (and `_once`) for functions and resource methods whose types hold
/// handles. Functions registered with neither (`bind!` gives every function
/// with a typed form one), and importers of another context type, use the
/// `Val` path.
pub struct TypedSocket<C: Cardinality<Item = PluginInstance<Ctx>>, Ctx: PluginContext> {
    binding: Binding<C>,
    forwards: TypedForwards<Ctx>,
}

impl<C, Ctx> TypedSocket<C, Ctx>
where
    C: Cardinality<Item = PluginInstance<Ctx>> + 'static,
    C::Id: SocketId,
    Ctx: PluginContext,
{
    /// Starts a typed socket over `binding`.
    pub fn new(binding: &Binding<C>) -> Self {
        Self {
            binding: binding.clone(),
            forwards: TypedForwards {
                by_slot: HashMap::new(),
                async_by_slot: HashMap::new(),
            },
        }
    }

    /// Forwards `interface#function`, of type `P -> R`, through typed host
    /// functions. The importer's arguments are lowered by reference into
    /// each plugin called, never cloned. The caller has checked the type
    /// with [`typed_function`](crate::__private::typed_function).
    #[must_use]
    pub fn forward<P, R>(mut self, interface: &str, function: &str) -> Self
    where
        P: ComponentNamedList + Lift + Lower + Args<P> + Send + Sync + 'static,
        R: SingleResult,
    {
        let Some(forwarder) = self.forwarder::<P, R>(interface, function, false) else {
            return self;
        };
        let slot = forwarder.slot();
        let sync = Arc::clone(&forwarder);
        let define: TypedDefine<Ctx> = Box::new(move |linker, name, shape, narrowed, importer| {
            let forwarder = Arc::clone(&sync);
            let importer = importer.clone();
            if narrowed {
                define_shape(linker, name, shape, forwarder, importer, |_| ())
            } else {
                define_shape(linker, name, shape, forwarder, importer, |e| {
                    WireDispatchError::from(e)
                })
            }
        });
        self.forwards.by_slot.insert(slot, define);
        let define: TypedDefine<Ctx> = Box::new(move |linker, name, shape, narrowed, importer| {
            let forwarder = Arc::clone(&forwarder);
            let importer = importer.clone();
            if narrowed {
                define_shape_async(linker, name, shape, forwarder, importer, |_| ())
            } else {
                define_shape_async(linker, name, shape, forwarder, importer, |e| {
                    WireDispatchError::from(e)
                })
            }
        });
        self.forwards.async_by_slot.insert(slot, define);
        self
    }

    /// Forwards `interface#function`, of type `P -> R`, where the types can
    /// hold resource handles: handles leave the importer's store, reach the
    /// plugin(s) called, and handles in the results come back, found from
    /// the static types ([`Handles`]). Resource methods run in the plugin
    /// that owns `self`. Functions whose parameters hold an owned handle use
    /// [`TypedSocket::forward_moving_once`]. The caller has checked the type
    /// with [`typed_function`](crate::__private::typed_function).
    #[must_use]
    pub fn forward_moving<P, R>(self, interface: &str, function: &str) -> Self
    where
        P: ComponentNamedList + Lift + Lower + Args<P> + Handles + Send + Sync + 'static,
        R: SingleResult + Handles,
    {
        self.forward_handles::<P, R>(interface, function, false)
    }

    /// As [`TypedSocket::forward_moving`], for a function whose parameters
    /// hold an owned handle (which cannot be cloned, nor moved twice): the
    /// arguments move into the one plugin the call reaches. An importer's
    /// call that would reach several plugins (a socket of several plugins,
    /// for a function that is not a method) is refused with
    /// [`DispatchError::InvalidResource`] ("an owned handle cannot be moved
    /// into several plugins"), which traps the importer unless its result
    /// type carries the error, whatever the arguments hold at run time: an
    /// empty `list<own<r>>` is refused too.
    #[must_use]
    pub fn forward_moving_once<P, R>(self, interface: &str, function: &str) -> Self
    where
        P: ComponentNamedList + Lift + Lower + Args<P> + Handles + Send + Sync + 'static,
        R: SingleResult + Handles,
    {
        self.forward_handles::<P, R>(interface, function, true)
    }

    /// [`TypedSocket::forward_moving`], and with `once`
    /// [`TypedSocket::forward_moving_once`].
    fn forward_handles<P, R>(mut self, interface: &str, function: &str, once: bool) -> Self
    where
        P: ComponentNamedList + Lift + Lower + Args<P> + Handles + Send + Sync + 'static,
        R: SingleResult + Handles,
    {
        let Some(forwarder) = self.forwarder::<P, R>(interface, function, once) else {
            return self;
        };
        let slot = forwarder.slot();
        let sync = Arc::clone(&forwarder);
        let define: TypedDefine<Ctx> = Box::new(move |linker, name, shape, narrowed, importer| {
            let forwarder = Arc::clone(&sync);
            let importer = importer.clone();
            if narrowed {
                define_moving(linker, name, shape, forwarder, importer, |_| ())
            } else {
                define_moving(linker, name, shape, forwarder, importer, |e| {
                    WireDispatchError::from(e)
                })
            }
        });
        self.forwards.by_slot.insert(slot, define);
        let define: TypedDefine<Ctx> = Box::new(move |linker, name, shape, narrowed, importer| {
            let forwarder = Arc::clone(&forwarder);
            let importer = importer.clone();
            if narrowed {
                define_moving_async(linker, name, shape, forwarder, importer, |_| ())
            } else {
                define_moving_async(linker, name, shape, forwarder, importer, |e| {
                    WireDispatchError::from(e)
                })
            }
        });
        self.forwards.async_by_slot.insert(slot, define);
        self
    }

    /// The forwarder of `interface#function` (`once`: its parameters hold
    /// an owned handle); `None` when the binding does not declare it
    /// (nothing to forward).
    fn forwarder<P, R>(
        &self,
        interface: &str,
        function: &str,
        once: bool,
    ) -> Option<Arc<Forwarder<C, Ctx, P, R>>> {
        let (interface, function) = self.binding.core.position(interface, function)?;
        Some(Arc::new(Forwarder {
            binding: self.binding.clone(),
            interface,
            function,
            once,
            _types: PhantomData,
        }))
    }

    /// The socket, to pass to [`Plugin::link`](crate::Plugin::link).
    pub fn into_socket(self) -> Socket {
        Socket::typed(Arc::clone(&self.binding.core), Arc::new(self.forwards))
    }
}

/// Calls one function in each plugin of a binding, typed.
struct Forwarder<C: Cardinality<Item = PluginInstance<Ctx>>, Ctx: PluginContext, P, R> {
    binding: Binding<C>,
    interface: usize,
    function: usize,
    /// Its parameters hold an owned handle: it reaches one plugin at most.
    once: bool,
    _types: PhantomData<fn(P) -> R>,
}

impl<C, Ctx, P, R> Forwarder<C, Ctx, P, R>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
{
    /// The function's slot in the plugins' export tables.
    fn slot(&self) -> usize {
        self.binding.core.declared()[self.interface].functions[self.function].slot
    }
}

impl<C, Ctx, P, R> Forwarder<C, Ctx, P, R>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Args<P> + Send + Sync + 'static,
    R: SingleResult,
{
    /// Calls the plugin at `index` of `m`, `instance`, under what the
    /// importer's call has left, and charges what it spent to the importer.
    fn call_at(
        &self,
        m: &Membership,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        member: (usize, &PluginInstance<Ctx>),
        args: &P,
    ) -> Result<R, DispatchError> {
        let budget = importer.budget(store);
        let (outcome, spent) =
            typed_call_on(m, (self.interface, self.function), member, budget, args);
        // What the callee burnt is the caller's to pay, failed or not.
        importer.charge(store, spent);
        outcome.map_err(|error| *error)
    }

    /// Calls every plugin, in id order, with the same `args` (lowered by
    /// reference), collecting each id and outcome with `each` into what
    /// `start` makes for that many plugins.
    fn call_all<O>(
        &self,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        args: &P,
        start: impl FnOnce(usize) -> O,
        mut each: impl FnMut(&mut O, &C::Id, Result<R, DispatchError>),
    ) -> O {
        // One membership for the whole call, whatever changes meanwhile.
        let m = self.binding.load();
        let entries = m.entries::<C>();
        let mut out = start(entries.len());
        for (index, (id, instance)) in entries.iter().enumerate() {
            let outcome = self.call_at(&m, store, importer, (index, instance), args);
            each(&mut out, id, outcome);
        }
        out
    }

    /// Calls the binding's first plugin, if it has one, handing its id and
    /// outcome to `f`.
    fn call_first<T>(
        &self,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        args: &P,
        f: impl FnOnce(&C::Id, Result<R, DispatchError>) -> T,
    ) -> Option<T> {
        let m = self.binding.load();
        let (id, instance) = m.entries::<C>().first()?;
        Some(f(
            id,
            self.call_at(&m, store, importer, (0, instance), args),
        ))
    }
}

impl<C, Ctx, P, R> Forwarder<C, Ctx, P, R>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Args<P> + Send + Sync + 'static,
    R: SingleResult,
{
    /// The plugins' ids and outcomes for an async importer's call: the
    /// first plugin's only when `first`, else every plugin's, in id order,
    /// one after another (each under what the importer has left then).
    async fn call_async(
        &self,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        args: &P,
        first: bool,
    ) -> Vec<(C::Id, Result<R, DispatchError>)> {
        // One membership for the whole call, whatever changes meanwhile.
        let m = self.binding.core.current.load_full();
        let entries = m.entries::<C>();
        let reached = if first {
            &entries[..entries.len().min(1)]
        } else {
            entries
        };
        let mut out = Vec::with_capacity(reached.len());
        for (index, (id, instance)) in reached.iter().enumerate() {
            let budget = importer.budget(store);
            let at = (self.interface, self.function);
            let (outcome, spent) =
                typed_call_on_async(&m, at, (index, instance), budget, args).await;
            // What the callee burnt is the caller's to pay, failed or not.
            importer.charge(store, spent);
            out.push((id.clone(), outcome.map_err(|error| *error)));
        }
        out
    }
}

/// [`define_shape`] for an importer linked with `link_async`: the host
/// function awaits the plugins.
fn define_shape_async<C, Ctx, P, R, E>(
    linker: &mut LinkerInstance<'_, Ctx>,
    name: &str,
    shape: Shape,
    forwarder: Arc<Forwarder<C, Ctx, P, R>>,
    importer: Importer,
    to_error: fn(&DispatchError) -> E,
) -> wasmtime::Result<()>
where
    C: Cardinality<Item = PluginInstance<Ctx>> + 'static,
    C::Id: SocketId,
    Ctx: PluginContext,
    P: ComponentNamedList + Lift + Lower + Args<P> + Send + Sync + 'static,
    R: SingleResult,
    E: ComponentType + Lower + Send + Sync + 'static,
{
    let entry = move |outcome: Result<R, DispatchError>| match outcome {
        Ok(results) => Ok(results.into_payload()),
        Err(error) => Err(to_error(&error)),
    };
    let none = || wasmtime::Error::msg("the socket has no plugin");
    // Each host function's future owns what it needs: it outlives the call
    // of the closure that makes it.
    let parts = move || (Arc::clone(&forwarder), importer.clone());
    match shape {
        Shape::Transparent if <C as Fans>::ONE => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let mut out = forwarder
                        .call_async(&mut store, &importer, &args, true)
                        .await;
                    let (_, outcome) = out.pop().ok_or_else(none)?;
                    outcome.map_err(wasmtime::Error::new)
                })
            })
        }
        Shape::Tagged if <C as Fans>::ONE => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let mut out = forwarder
                        .call_async(&mut store, &importer, &args, true)
                        .await;
                    let (id, outcome) = out.pop().ok_or_else(none)?;
                    Ok(((id, entry(outcome)),))
                })
            })
        }
        Shape::Optional if <C as Fans>::OPTIONAL => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let mut out = forwarder
                        .call_async(&mut store, &importer, &args, true)
                        .await;
                    Ok((out.pop().map(|(id, outcome)| (id, entry(outcome))),))
                })
            })
        }
        Shape::List if <C as Fans>::MANY => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let out = forwarder
                        .call_async(&mut store, &importer, &args, false)
                        .await;
                    let out: Vec<_> = out.into_iter().map(|(id, o)| (id, entry(o))).collect();
                    Ok((out,))
                })
            })
        }
        Shape::Map if <C as Fans>::MANY => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let out = forwarder
                        .call_async(&mut store, &importer, &args, false)
                        .await;
                    let out: HashMap<_, _> =
                        out.into_iter().map(|(id, o)| (id, entry(o))).collect();
                    Ok((out,))
                })
            })
        }
        Shape::MethodPlain | Shape::MethodResult => Err(wasmtime::Error::msg(
            "a resource method is forwarded with `forward_moving`, not `forward`",
        )),
        _ => Err(not_this_cardinality(shape)),
    }
}

/// Installs the host function for `shape`, with `to_error` turning a
/// failure into the importer's error type (`dispatch-error`, or `()` when
/// it narrowed the error away).
fn define_shape<C, Ctx, P, R, E>(
    linker: &mut LinkerInstance<'_, Ctx>,
    name: &str,
    shape: Shape,
    forwarder: Arc<Forwarder<C, Ctx, P, R>>,
    importer: Importer,
    to_error: fn(&DispatchError) -> E,
) -> wasmtime::Result<()>
where
    C: Cardinality<Item = PluginInstance<Ctx>> + 'static,
    C::Id: SocketId,
    Ctx: PluginContext,
    P: ComponentNamedList + Lift + Lower + Args<P> + Send + Sync + 'static,
    R: SingleResult,
    E: ComponentType + Lower + Send + Sync + 'static,
{
    let entry = move |outcome: Result<R, DispatchError>| match outcome {
        Ok(results) => Ok(results.into_payload()),
        Err(error) => Err(to_error(&error)),
    };
    let none = || wasmtime::Error::msg("the socket has no plugin");
    match shape {
        Shape::Transparent if <C as Fans>::ONE => {
            linker.func_wrap(name, move |mut store, args: P| {
                forwarder
                    .call_first(&mut store, &importer, &args, |_, outcome| outcome)
                    .ok_or_else(none)?
                    .map_err(wasmtime::Error::new)
            })
        }
        Shape::Tagged if <C as Fans>::ONE => linker.func_wrap(name, move |mut store, args: P| {
            let out = forwarder
                .call_first(&mut store, &importer, &args, |id, outcome| {
                    (id.clone(), entry(outcome))
                })
                .ok_or_else(none)?;
            Ok((out,))
        }),
        Shape::Optional if <C as Fans>::OPTIONAL => {
            linker.func_wrap(name, move |mut store, args: P| {
                let out = forwarder.call_first(&mut store, &importer, &args, |id, outcome| {
                    (id.clone(), entry(outcome))
                });
                Ok((out,))
            })
        }
        Shape::List if <C as Fans>::MANY => linker.func_wrap(name, move |mut store, args: P| {
            let out = forwarder.call_all(
                &mut store,
                &importer,
                &args,
                Vec::with_capacity,
                |out, id, outcome| out.push((id.clone(), entry(outcome))),
            );
            Ok((out,))
        }),
        Shape::Map if <C as Fans>::MANY => linker.func_wrap(name, move |mut store, args: P| {
            let out = forwarder.call_all(
                &mut store,
                &importer,
                &args,
                HashMap::with_capacity,
                |out, id, outcome| {
                    out.insert(id.clone(), entry(outcome));
                },
            );
            Ok((out,))
        }),
        Shape::MethodPlain | Shape::MethodResult => Err(wasmtime::Error::msg(
            "a resource method is forwarded with `forward_moving`, not `forward`",
        )),
        _ => Err(not_this_cardinality(shape)),
    }
}

impl<C, Ctx, P, R> Forwarder<C, Ctx, P, R>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lift + Lower + Args<P> + Handles + Send + Sync + 'static,
    R: SingleResult + Handles,
{
    /// One importer call of a function whose types hold resource handles:
    /// takes the handles out of `args` (the importer's), calls the plugins
    /// `shape` reaches, each with its handles put into `args` (lowered by
    /// reference, never cloned), puts the handles of each result into the
    /// importer's store, and hands each id and outcome to `each`. An `Err`
    /// traps the importer (unless its result carries it): its handles could
    /// not be taken or routed.
    fn call_moving(
        &self,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        shape: Shape,
        mut args: P,
        mut each: impl FnMut(&C::Id, Result<R, DispatchError>),
    ) -> Result<(), DispatchError> {
        // One membership for the whole call, whatever changes meanwhile.
        let m = self.binding.load();
        let Taken {
            incoming,
            lent,
            reached,
            target,
        } = match self.take(&m, store, importer, shape, &mut args) {
            Ok(taken) => taken,
            Err(refused) => {
                let (error, lent) = *refused;
                lent.release(&mut *store);
                return Err(error);
            }
        };
        let entries = m.entries::<C>();
        for index in reached {
            let (id, instance) = &entries[index];
            let names = self.names(&m, index);
            let budget = importer.budget(store);
            let (outcome, spent) = instance.cell.call_typed_moving::<P, R, P>(
                self.slot(),
                names,
                budget,
                (&mut args, incoming.clone()),
                m.interfaces[self.interface].functions[self.function].lift_results,
            );
            // What the callee burnt is the caller's to pay, failed or not.
            importer.charge(store, spent);
            each(id, land(store, target, names, outcome));
        }
        lent.release(&mut *store);
        Ok(())
    }

    /// [`call_moving`](Self::call_moving) for an importer linked with
    /// `link_async`: the plugins are awaited, one after another (they share
    /// the one set of arguments); returns each id and outcome.
    async fn call_moving_async(
        &self,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        shape: Shape,
        mut args: P,
    ) -> Result<Vec<(C::Id, Result<R, DispatchError>)>, DispatchError>
    where
        C::Id: Clone,
        R: Send + Sync,
    {
        let m = self.binding.core.current.load_full();
        let Taken {
            incoming,
            lent,
            reached,
            target,
        } = match self.take(&m, store, importer, shape, &mut args) {
            Ok(taken) => taken,
            Err(refused) => {
                let (error, lent) = *refused;
                lent.release_async(&mut *store).await;
                return Err(error);
            }
        };
        let entries = m.entries::<C>();
        let mut out = Vec::with_capacity(reached.len());
        for index in reached {
            let (id, instance) = &entries[index];
            let names = self.names(&m, index);
            let budget = importer.budget(store);
            let (outcome, spent) = instance
                .cell
                .call_typed_moving_async::<P, R, P>(
                    self.slot(),
                    names,
                    budget,
                    (&mut args, incoming.clone()),
                    m.interfaces[self.interface].functions[self.function].lift_results,
                )
                .await;
            importer.charge(store, spent);
            out.push((id.clone(), land(store, target, names, outcome)));
        }
        lent.release_async(&mut *store).await;
        Ok(out)
    }

    /// The handles of an importer's call taken out of its store, and the
    /// members the call reaches; on failure the error and the loans to end
    /// (the handles taken are given up rather than leaked).
    fn take(
        &self,
        m: &Membership,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: &Importer,
        shape: Shape,
        args: &mut P,
    ) -> Result<Taken, Box<(DispatchError, OwnLoans)>> {
        let interface = &m.interfaces[self.interface];
        let function = &interface.functions[self.function];
        let invalid = |message: String| DispatchError::InvalidResource {
            site: CallSite::new("", &interface.name, &function.name),
            message,
        };
        let (me, target) = importer.owner();
        let (incoming, lent) = foreign::from_importer(&mut *store, me.as_ref(), |each| {
            args.for_each_handle(&mut |handle, _| each(handle))
        })
        .map_err(|message| Box::new((invalid(message), OwnLoans::default())))?;
        let method = matches!(shape, Shape::MethodPlain | Shape::MethodResult);
        match reach_moving(m, method, &incoming, self.once) {
            Ok(reached) => Ok(Taken {
                incoming,
                lent,
                reached,
                target,
            }),
            Err(message) => {
                incoming.into_iter().for_each(Transit::discard);
                Err(Box::new((invalid(message), lent)))
            }
        }
    }

    /// The names a call of the member at `index` runs under.
    fn names<'m>(&self, m: &'m Membership, index: usize) -> CallNames<'m> {
        let interface = &m.interfaces[self.interface];
        CallNames {
            package: &interface.package,
            plugin: &m.members[index].id,
            interface: &interface.name,
            function: &interface.functions[self.function].name,
        }
    }
}

/// What [`Forwarder::take`] took from an importer's call.
struct Taken {
    incoming: Vec<Transit>,
    lent: OwnLoans,
    reached: std::ops::Range<usize>,
    target: Target,
}

/// One plugin's outcome for the importer: the handles in its results moved
/// into the importer's store.
fn land<Ctx: PluginContext, R: Handles>(
    store: &mut StoreContextMut<'_, Ctx>,
    target: Target,
    names: CallNames<'_>,
    outcome: Result<(R, Vec<Transit>), DispatchError>,
) -> Result<R, DispatchError> {
    let (mut results, outgoing) = outcome?;
    foreign::into_importer(&mut *store, target, outgoing, |each| {
        results.for_each_handle(&mut |slot, _| each(slot))
    })
    .map_err(|message| DispatchError::InvalidResource {
        site: names.site(),
        message,
    })?;
    Ok(results)
}

/// [`define_moving`] for an importer linked with `link_async`: the host
/// function awaits the plugins.
fn define_moving_async<C, Ctx, P, R, E>(
    linker: &mut LinkerInstance<'_, Ctx>,
    name: &str,
    shape: Shape,
    forwarder: Arc<Forwarder<C, Ctx, P, R>>,
    importer: Importer,
    to_error: fn(&DispatchError) -> E,
) -> wasmtime::Result<()>
where
    C: Cardinality<Item = PluginInstance<Ctx>> + 'static,
    C::Id: SocketId,
    Ctx: PluginContext,
    P: ComponentNamedList + Lift + Lower + Args<P> + Handles + Send + Sync + 'static,
    R: SingleResult + Handles,
    E: ComponentType + Lower + Send + Sync + 'static,
{
    let entry = move |outcome: Result<R, DispatchError>| match outcome {
        Ok(results) => Ok(results.into_payload()),
        Err(error) => Err(to_error(&error)),
    };
    let none = || wasmtime::Error::msg("the socket has no plugin");
    // Each host function's future owns what it needs (see
    // `define_shape_async`).
    let parts = move || (Arc::clone(&forwarder), importer.clone());
    match shape {
        Shape::Transparent | Shape::MethodPlain => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let mut out = forwarder
                        .call_moving_async(&mut store, &importer, shape, args)
                        .await?;
                    let (_, outcome) = out.pop().ok_or_else(none)?;
                    outcome.map_err(wasmtime::Error::new)
                })
            })
        }
        Shape::MethodResult => linker.func_wrap_async(name, move |mut store, args: P| {
            let (forwarder, importer) = parts();
            Box::new(async move {
                let called = forwarder
                    .call_moving_async(&mut store, &importer, shape, args)
                    .await;
                let outcome = match called {
                    Ok(mut out) => out.pop().ok_or_else(none)?.1,
                    Err(error) => Err(error),
                };
                Ok((entry(outcome),))
            })
        }),
        Shape::Tagged if <C as Fans>::ONE => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let mut out = forwarder
                        .call_moving_async(&mut store, &importer, shape, args)
                        .await?;
                    let (id, outcome) = out.pop().ok_or_else(none)?;
                    Ok(((id, entry(outcome)),))
                })
            })
        }
        Shape::Optional if <C as Fans>::OPTIONAL => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let mut out = forwarder
                        .call_moving_async(&mut store, &importer, shape, args)
                        .await?;
                    Ok((out.pop().map(|(id, outcome)| (id, entry(outcome))),))
                })
            })
        }
        Shape::List if <C as Fans>::MANY => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let out = forwarder
                        .call_moving_async(&mut store, &importer, shape, args)
                        .await?;
                    let out: Vec<_> = out.into_iter().map(|(id, o)| (id, entry(o))).collect();
                    Ok((out,))
                })
            })
        }
        Shape::Map if <C as Fans>::MANY => {
            linker.func_wrap_async(name, move |mut store, args: P| {
                let (forwarder, importer) = parts();
                Box::new(async move {
                    let out = forwarder
                        .call_moving_async(&mut store, &importer, shape, args)
                        .await?;
                    let out: HashMap<_, _> =
                        out.into_iter().map(|(id, o)| (id, entry(o))).collect();
                    Ok((out,))
                })
            })
        }
        _ => Err(not_this_cardinality(shape)),
    }
}

/// Installs the host function for `shape` of a function whose types hold
/// resource handles; as [`define_shape`] otherwise, plus the two method
/// shapes.
fn define_moving<C, Ctx, P, R, E>(
    linker: &mut LinkerInstance<'_, Ctx>,
    name: &str,
    shape: Shape,
    forwarder: Arc<Forwarder<C, Ctx, P, R>>,
    importer: Importer,
    to_error: fn(&DispatchError) -> E,
) -> wasmtime::Result<()>
where
    C: Cardinality<Item = PluginInstance<Ctx>> + 'static,
    C::Id: SocketId,
    Ctx: PluginContext,
    P: ComponentNamedList + Lift + Lower + Args<P> + Handles + Send + Sync + 'static,
    R: SingleResult + Handles,
    E: ComponentType + Lower + Send + Sync + 'static,
{
    let entry = move |outcome: Result<R, DispatchError>| match outcome {
        Ok(results) => Ok(results.into_payload()),
        Err(error) => Err(to_error(&error)),
    };
    let none = || wasmtime::Error::msg("the socket has no plugin");
    match shape {
        Shape::Transparent | Shape::MethodPlain => {
            linker.func_wrap(name, move |mut store, args: P| {
                let mut out = None;
                forwarder.call_moving(&mut store, &importer, shape, args, |_, o| out = Some(o))?;
                out.ok_or_else(none)?.map_err(wasmtime::Error::new)
            })
        }
        Shape::MethodResult => linker.func_wrap(name, move |mut store, args: P| {
            let mut out = None;
            let called =
                forwarder.call_moving(&mut store, &importer, shape, args, |_, o| out = Some(o));
            let outcome = match called {
                Ok(()) => out.ok_or_else(none)?,
                Err(error) => Err(error),
            };
            Ok((entry(outcome),))
        }),
        Shape::Tagged if <C as Fans>::ONE => linker.func_wrap(name, move |mut store, args: P| {
            let mut out = None;
            forwarder.call_moving(&mut store, &importer, shape, args, |id, o| {
                out = Some((id.clone(), entry(o)));
            })?;
            Ok((out.ok_or_else(none)?,))
        }),
        Shape::Optional if <C as Fans>::OPTIONAL => {
            linker.func_wrap(name, move |mut store, args: P| {
                let mut out = None;
                forwarder.call_moving(&mut store, &importer, shape, args, |id, o| {
                    out = Some((id.clone(), entry(o)));
                })?;
                Ok((out,))
            })
        }
        Shape::List if <C as Fans>::MANY => linker.func_wrap(name, move |mut store, args: P| {
            let mut out = Vec::new();
            forwarder.call_moving(&mut store, &importer, shape, args, |id, o| {
                out.push((id.clone(), entry(o)));
            })?;
            Ok((out,))
        }),
        Shape::Map if <C as Fans>::MANY => linker.func_wrap(name, move |mut store, args: P| {
            let mut out = HashMap::new();
            forwarder.call_moving(&mut store, &importer, shape, args, |id, o| {
                out.insert(id.clone(), entry(o));
            })?;
            Ok((out,))
        }),
        _ => Err(not_this_cardinality(shape)),
    }
}

/// The shapes a cardinality's importers can declare, as constants: a match
/// arm guarded by one of them is left out of the compiled code of every
/// other cardinality (rustc does not instantiate what a call can only reach
/// through a constant `false`), so a typed forwarder builds the host
/// functions of its own shapes only. `link` chose the shape from the
/// cardinality, so the other arms are never taken.
trait Fans {
    /// `ExactlyOne`: transparent and tagged.
    const ONE: bool;
    /// `AtMostOne`: an option.
    const OPTIONAL: bool;
    /// `AtLeastOne` and `Any`: a list or a map.
    const MANY: bool;
}

impl<C: Cardinality> Fans for C {
    const ONE: bool = matches!(C::KIND, CardinalityKind::ExactlyOne);
    const OPTIONAL: bool = matches!(C::KIND, CardinalityKind::AtMostOne);
    const MANY: bool = matches!(C::KIND, CardinalityKind::AtLeastOne | CardinalityKind::Any);
}

/// A shape `link` cannot have chosen for this cardinality.
fn not_this_cardinality(shape: Shape) -> wasmtime::Error {
    wasmtime::Error::msg(format!(
        "the {shape:?} shape does not belong to this socket's cardinality"
    ))
}
