//! The typed call path used by `bind!`-generated code: wasmtime `TypedFunc`s
//! checked once per plugin, called without building a single `Val`.
//!
//! A function is typed by its owned parameter types `P` (`String`,
//! `Vec<T>`), which are checked and cached; it is called with arguments `A`
//! that lower as `P` ([`Args`]): `&str` for `String`, `&[T]` for `Vec<T>`,
//! or `P` itself. Arguments are lowered by reference ([`borrowed`]), so a
//! call reaching several plugins clones nothing.
//!
//! Generated code reaches this module only through [`crate::__private`].

use std::any::TypeId;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;

use futures_util::future::join_all;

use wasmtime::component::{ComponentNamedList, Lift, Lower};

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::cardinality::Cardinality;
use crate::binding::membership::{Member, Membership};
use crate::binding::{Binding, fan_out};
use crate::error::{CallSite, DispatchError, LinkError};
pub use crate::plugin::borrowed::{Args, IntoParams, LowersAs};
use crate::plugin::call_box::CallBox;
use crate::plugin::cell::CallNames;
use crate::plugin::chain::InChain;
use crate::plugin::limits::{Budget, Spent as Cost};
use crate::resources::handles::Handles;
use crate::resources::{self, Transit};

/// A call's outcome with what it cost (failed or not), to charge to a
/// calling plugin.
type Spent<R> = (Result<R, Box<DispatchError>>, Cost);

/// One function of a binding, checked against `P -> R` in each of its
/// plugins, `P` and `R` owned (`'static`). The plugins keep the typed
/// handles, made once (and again after a restart).
pub struct TypedFunction<P, R> {
    interface: usize,
    function: usize,
    slot: usize,
    _types: PhantomData<fn(P) -> R>,
}

impl<P, R> std::fmt::Debug for TypedFunction<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunction")
            .field("slot", &self.slot)
            .finish_non_exhaustive()
    }
}

/// Looks up `interface#function` in every plugin of `binding` and checks its
/// type against `P -> R`.
///
/// # Errors
///
/// [`LinkError::ExportMismatch`] naming the plugin, the function, and the
/// expected and found types, when a plugin lacks the function or exports it
/// with another type; [`LinkError::UndeclaredFunction`] when the binding does
/// not declare it; [`LinkError::PluginRunning`] when this thread is running
/// one of its plugins.
pub fn typed_function<C, Ctx, P, R>(
    binding: &Binding<C>,
    interface: &str,
    function: &str,
) -> Result<TypedFunction<P, R>, LinkError>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + 'static,
    R: ComponentNamedList + Lift + 'static,
{
    let core = &binding.core;
    let (interface_index, function_index) =
        core.position(interface, function)
            .ok_or_else(|| LinkError::UndeclaredFunction {
                binding: core.package.clone(),
                function: format!("{interface}#{function}"),
            })?;
    let slot = core.declared()[interface_index].functions[function_index].slot;
    let names: Arc<(String, String)> = Arc::new((interface.to_owned(), function.to_owned()));
    // Members that join from now on are checked against the same types;
    // then, once a change in progress is stored, those already there.
    let watched = Arc::clone(&names);
    let signature = TypeId::of::<fn(P) -> R>();
    let added = core.watchers.watch_typed(
        slot,
        signature,
        Box::new(move |core, member, instance| {
            match instance.downcast_ref::<PluginInstance<Ctx>>() {
                Some(instance) => {
                    check_export::<Ctx, P, R>(&core.package, member, instance, slot, &watched)
                }
                None => Ok(()),
            }
        }),
    );
    core.settle_changes();
    let m = core.current.load_full();
    let checked = m
        .members
        .iter()
        .zip(m.entries::<C>())
        .try_for_each(|(member, (_, instance))| {
            check_export::<Ctx, P, R>(&core.package, member, instance, slot, &names)
        });
    if checked.is_err() && added {
        // No group of this signature exists: nothing is left to check for.
        core.watchers.unwatch_typed(slot, signature);
    }
    checked?;
    Ok(TypedFunction {
        interface: interface_index,
        function: function_index,
        slot,
        _types: PhantomData,
    })
}

/// Checks that `member` (`instance`) exports `names` (interface, function)
/// at `slot` as `P -> R`.
fn check_export<Ctx, P, R>(
    package: &str,
    member: &Member,
    instance: &PluginInstance<Ctx>,
    slot: usize,
    names: &(String, String),
) -> Result<(), LinkError>
where
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + 'static,
    R: ComponentNamedList + Lift + 'static,
{
    let (interface, function) = names;
    let checked = instance.cell.with_export(slot, |store, func| {
        let mismatch = |reason: String| LinkError::ExportMismatch {
            exporter: member.id.clone(),
            binding: package.to_owned(),
            function: format!("{interface}#{function}"),
            reason,
        };
        let func = func.ok_or_else(|| mismatch("the plugin exports no such function".into()))?;
        func.typed::<P, R>(store).map(drop).map_err(|e| {
            mismatch(format!(
                "{e:#} (the plugin exports `{}`)",
                crate::wit_type::render_func(&func.ty(store))
            ))
        })
    });
    checked.map_err(|plugin| LinkError::PluginRunning {
        plugin: plugin.to_string(),
    })?
}

/// Calls `function` in every plugin of `binding` with `args` (which lower as
/// `P`: borrowed strings and lists, or `P` itself), turning each plugin's
/// results into `T` with `output`. The arguments are lowered by reference
/// into each plugin, never cloned.
// By value, as the moving calls take theirs: the tuple is the call's
// (generated code builds it for the call), though only lowered by reference.
#[allow(clippy::needless_pass_by_value)]
pub fn call_typed<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: A,
    mut output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
    A: Args<P>,
{
    let m = binding.load();
    let results = m
        .entries::<C>()
        .iter()
        .enumerate()
        .map(|(index, (id, instance))| {
            let (result, _) = typed_call_on(
                &m,
                (function.interface, function.function),
                (index, instance),
                Budget::NONE,
                &args,
            );
            (id.clone(), result.map(&mut output).map_err(|error| *error))
        });
    C::from_entries(results)
}

/// Calls interface `interface`'s function `function` in the member at
/// `index` of the membership `m`, `instance`, typed, under `budget`, with
/// `args` lowered by reference. Typed socket forwarding calls this
/// directly, member by member.
pub(crate) fn typed_call_on<Ctx, P, R, A>(
    m: &Membership,
    (interface, function): (usize, usize),
    (index, instance): (usize, &PluginInstance<Ctx>),
    budget: Budget,
    args: &A,
) -> Spent<R>
where
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
    A: Args<P>,
{
    let interface = &m.interfaces[interface];
    let entry = &interface.functions[function];
    let names = CallNames {
        package: &interface.package,
        plugin: &m.members[index].id,
        interface: &interface.name,
        function: &entry.name,
    };
    instance.cell.call_typed(entry.slot, names, budget, args)
}

/// Why a call whose parameters hold an owned handle reaches no plugin when
/// it would reach several.
pub(crate) const MOVED_INTO_SEVERAL: &str = "an owned handle cannot be moved into several plugins";

/// The members (indices) a call moving `incoming` reaches
/// ([`BindingCore::reach`]); with `once` (its parameters hold an owned
/// handle) at most one, whatever the arguments hold at run time, so that
/// whether such a call fans out follows from its type alone.
pub(crate) fn reach_moving(
    m: &Membership,
    method: bool,
    incoming: &[Transit],
    once: bool,
) -> Result<Range<usize>, String> {
    moved_once(m.reach(method, incoming)?, once).map_err(str::to_owned)
}

/// `reached`, refused when `once` and it holds more than one member.
fn moved_once(reached: Range<usize>, once: bool) -> Result<Range<usize>, &'static str> {
    if once && reached.len() > 1 {
        return Err(MOVED_INTO_SEVERAL);
    }
    Ok(reached)
}

/// Calls `function`, whose types can hold resource handles, in every plugin
/// of `binding`: handles the host passes go to each plugin as the owner's
/// own handle or a wrapper routed to the owner (lent for a `borrow`), and
/// handles in the results reach the host as their owners' own handles.
///
/// A handle that belongs to no live plugin or that the host no longer holds,
/// an owned handle given to several plugins, or one owned handle passed
/// twice, fails every plugin's call with [`DispatchError::InvalidResource`]
/// before any of them runs. Functions whose parameters hold an owned handle
/// use [`call_typed_moving_once`].
pub fn call_typed_moving<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: A,
    output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
    A: Args<P> + Handles,
{
    call_moving(binding, function, args, output, false)
}

/// As [`call_typed_moving`], for a function whose parameters hold an owned
/// handle ([`Own`](crate::Own), which is not `Clone`): the arguments move
/// into the one plugin the call reaches.
///
/// When `binding` has more than one plugin, every plugin's result is
/// [`DispatchError::InvalidResource`] ("an owned handle cannot be moved into
/// several plugins") and no plugin runs. That follows from the parameter
/// types, not from the value: an empty `list<own<r>>` is refused too, so
/// whether a call fans out never depends on what its arguments happen to
/// hold. A refused call drops its arguments, and with them releases the
/// owned handles they held.
pub fn call_typed_moving_once<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: A,
    output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
    A: Args<P> + Handles,
{
    call_moving(binding, function, args, output, true)
}

/// [`call_typed_moving`], and with `once` [`call_typed_moving_once`].
fn call_moving<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    mut args: A,
    mut output: impl FnMut(R) -> T,
    once: bool,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
    A: Args<P> + Handles,
{
    let m = binding.load();
    let (reached, incoming) = match plan_moving(binding, &m, function, &mut args, once) {
        Ok(planned) => planned,
        Err(refused) => return refused,
    };
    // The same arguments go to every plugin reached: each call puts its
    // plugin's handles into them and lowers them by reference.
    let entries = m.entries::<C>();
    let results = reached.map(|index| {
        let (id, instance) = &entries[index];
        let result =
            typed_call_moving_on(&m, function, (index, instance), &mut args, incoming.clone());
        (id.clone(), result.map(&mut output))
    });
    C::from_entries(results)
}

/// The members a moving call reaches and the handles it takes from the
/// host; or, refused, every member's error.
#[allow(clippy::type_complexity)]
fn plan_moving<C, P, R, A, T>(
    binding: &Binding<C>,
    m: &Membership,
    function: &TypedFunction<P, R>,
    args: &mut A,
    once: bool,
) -> Result<(Range<usize>, Vec<Transit>), C::Rebind<Result<T, DispatchError>>>
where
    C: Cardinality,
    C::Item: 'static,
    C::Id: Clone + 'static,
    A: Handles,
{
    let taken = from_host(args).and_then(|incoming| {
        let reached = reach_moving(m, false, &incoming, once)?;
        Ok((reached, incoming))
    });
    taken.map_err(|message| {
        let site = function.site(binding);
        C::from_entries(m.entries::<C>().iter().map(|(id, _)| {
            let error = DispatchError::InvalidResource {
                site: site.clone(),
                message: message.clone(),
            };
            (id.clone(), Err(error))
        }))
    })
}

/// Calls the resource method `function` in the one plugin of `binding` that
/// owns the resource its first argument (`self`) borrows. Other handles in
/// the arguments and results move as for [`call_typed_moving`]; the
/// arguments go to that one plugin, so owned handles among them need no
/// other entry point.
///
/// # Errors
///
/// [`DispatchError::InvalidResource`] when no plugin of the binding owns the
/// resource (a handle from another binding, dropped, or from before a
/// restart), and the owner's error when its call fails.
pub fn call_typed_method<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    mut args: A,
    output: impl FnOnce(R) -> T,
) -> Result<T, DispatchError>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
    A: Args<P> + Handles,
{
    let m = binding.load();
    let (owner, incoming) = method_owner(binding, &m, function, &mut args)?;
    // `reach` found the owner among the members, so the plugin is there.
    let (_, instance) = &m.entries::<C>()[owner];
    typed_call_moving_on(&m, function, (owner, instance), &mut args, incoming).map(output)
}

/// The member that owns the resource a method's `self` borrows, and the
/// handles the call takes from the host.
fn method_owner<C: Cardinality, P, R, A: Handles>(
    binding: &Binding<C>,
    m: &Membership,
    function: &TypedFunction<P, R>,
    args: &mut A,
) -> Result<(usize, Vec<Transit>), DispatchError> {
    let invalid = |message: String| DispatchError::InvalidResource {
        site: function.site(binding),
        message,
    };
    let incoming = from_host(args).map_err(invalid)?;
    let owner = m.reach(true, &incoming).map_err(invalid)?.start;
    Ok((owner, incoming))
}

/// The handles in `args`, which the host holds, as transits from their
/// owners: lent where the parameter is a `borrow`.
fn from_host<A: Handles>(args: &mut A) -> Result<Vec<Transit>, String> {
    let mut incoming = Vec::new();
    args.for_each_handle(&mut |handle, borrowed| {
        incoming.push(resources::from_host(*handle, borrowed)?);
        Ok(())
    })?;
    Ok(incoming)
}

/// Calls `function` in the member at `index` of `m`, `instance`, moving
/// `incoming` into `args` (in place) and lowering them by reference;
/// handles in its results become their owners' own handles, as the host
/// holds them.
fn typed_call_moving_on<Ctx, P, R, A>(
    m: &Membership,
    function: &TypedFunction<P, R>,
    (index, instance): (usize, &PluginInstance<Ctx>),
    args: &mut A,
    incoming: Vec<Transit>,
) -> Result<R, DispatchError>
where
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
    A: Args<P> + Handles,
{
    let interface = &m.interfaces[function.interface];
    let entry = &interface.functions[function.function];
    let names = CallNames {
        package: &interface.package,
        plugin: &m.members[index].id,
        interface: &interface.name,
        function: &entry.name,
    };
    instance
        .cell
        .call_typed_moving::<P, R, A>(
            entry.slot,
            names,
            Budget::NONE,
            (args, incoming),
            entry.lift_results,
        )
        .0
        .map(to_host)
}

/// A plugin's results for the host: the handles in them, taken out as
/// transits, become their owners' own handles, which the host holds.
fn to_host<R: Handles>((mut results, outgoing): (R, Vec<Transit>)) -> R {
    resources::to_host(&outgoing);
    let mut outgoing = outgoing.into_iter();
    // Cannot fail: the visitor only ever returns `Ok`.
    let _ = results.for_each_handle(&mut |slot, _| {
        if let Some(transit) = outgoing.next() {
            *slot = transit.handle;
        }
        Ok(())
    });
    results
}

/// [`call_typed`], awaiting busy plugins: the members of a fan-out run
/// concurrently, each as a call chain of its own, and on a multi-threaded
/// tokio runtime in parallel, as tasks sharing one owned copy of the
/// arguments (made with `IntoParams`; one plugin, or one thread, borrows
/// them).
#[allow(clippy::needless_pass_by_value)]
pub async fn call_typed_async<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: A,
    mut output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Args<P> + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Send + Sync + 'static,
    A: Args<P> + IntoParams<P> + Sync,
{
    let m = binding.core.current.load_full();
    let entries = m.entries::<C>();
    let at = (function.interface, function.function);
    if let [(id, instance)] = entries {
        // One plugin (`ExactlyOne`, and most others): no fan-out to set up.
        // The call's future is built in a `CallBox`, so that the chain and
        // this function's own future, which hold it, move a pointer rather
        // than copy the call's state (hundreds of bytes) at every move.
        let call = CallBox::new(|| typed_call_on_async(&m, at, (0, instance), Budget::NONE, &args));
        let (result, _) = InChain::new(call).await;
        return C::from_entries(std::iter::once((
            id.clone(),
            result.map(output).map_err(|e| *e),
        )));
    }
    if fan_out::parallel_runtime() {
        let results = typed_tasks(&m, at, entries, args.to_params()).await;
        return C::from_entries(
            entries
                .iter()
                .zip(results)
                .map(|((id, _), result)| (id.clone(), result.map(&mut output).map_err(|e| *e))),
        );
    }
    let calls = entries.iter().enumerate().map(|(index, (_, instance))| {
        let (m, args) = (&m, &args);
        InChain::new(async move {
            typed_call_on_async(m, at, (index, instance), Budget::NONE, args)
                .await
                .0
        })
    });
    let results = join_all(calls).await;
    C::from_entries(
        entries
            .iter()
            .zip(results)
            .map(|((id, _), result)| (id.clone(), result.map(&mut output).map_err(|e| *e))),
    )
}

/// A typed fan-out on a multi-threaded runtime: each member a task (a call
/// chain of its own) sharing one owned copy of the arguments. Dropping the
/// returned future lets the calls already running finish on their own, as
/// `dispatch_async`'s do: a plugin is never left half-called.
async fn typed_tasks<Ctx, P, R, Id>(
    m: &Arc<Membership>,
    at: (usize, usize),
    entries: &[(Id, PluginInstance<Ctx>)],
    params: P,
) -> Vec<Result<R, Box<DispatchError>>>
where
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Args<P> + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Send + Sync + 'static,
{
    let params = Arc::new(params);
    let tasks: Vec<_> = entries
        .iter()
        .enumerate()
        .map(|(index, (_, instance))| {
            let (m, params) = (Arc::clone(m), Arc::clone(&params));
            // The task's own handle to the member (the binding keeps its).
            let instance = PluginInstance {
                cell: Arc::clone(&instance.cell),
            };
            tokio::spawn(InChain::new(async move {
                typed_call_on_async(&m, at, (index, &instance), Budget::NONE, &*params)
                    .await
                    .0
            }))
        })
        .collect();
    fan_out::join_tasks(tasks).await
}

/// [`typed_call_on`], awaiting a busy plugin. Returns the plugin's call
/// future itself (no `async fn` around it: one state machine less to poll
/// and to copy on the hot path).
pub(crate) fn typed_call_on_async<'a, Ctx, P, R, A>(
    m: &'a Membership,
    (interface, function): (usize, usize),
    (index, instance): (usize, &'a PluginInstance<Ctx>),
    budget: Budget,
    args: &'a A,
) -> impl Future<Output = Spent<R>> + 'a
where
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Send + Sync + 'static,
    A: Args<P> + Sync,
{
    let interface = &m.interfaces[interface];
    let entry = &interface.functions[function];
    let names = CallNames {
        package: &interface.package,
        plugin: &m.members[index].id,
        interface: &interface.name,
        function: &entry.name,
    };
    instance
        .cell
        .call_typed_async(entry.slot, names, budget, args)
}

/// [`call_typed_moving`], awaiting busy plugins. The members are called one
/// after another: each call puts its plugin's handles into the one set of
/// arguments.
pub async fn call_typed_moving_async<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: A,
    output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Handles + Send + Sync + 'static,
    A: Args<P> + Handles + Send + Sync,
{
    call_moving_async(binding, function, args, output, false).await
}

/// [`call_typed_moving_once`], awaiting a busy plugin.
pub async fn call_typed_moving_once_async<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: A,
    output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Handles + Send + Sync + 'static,
    A: Args<P> + Handles + Send + Sync,
{
    call_moving_async(binding, function, args, output, true).await
}

/// [`call_moving`], awaiting busy plugins, one member after another.
async fn call_moving_async<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    mut args: A,
    mut output: impl FnMut(R) -> T,
    once: bool,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone + 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Handles + Send + Sync + 'static,
    A: Args<P> + Handles + Send + Sync,
{
    let m = binding.core.current.load_full();
    let (reached, incoming) = match plan_moving(binding, &m, function, &mut args, once) {
        Ok(planned) => planned,
        Err(refused) => return refused,
    };
    let entries = m.entries::<C>();
    let mut results = Vec::with_capacity(reached.len());
    for index in reached {
        let (id, instance) = &entries[index];
        let call = typed_call_moving_on_async(
            &m,
            function,
            (index, instance),
            &mut args,
            incoming.clone(),
        );
        let result = InChain::new(call).await;
        results.push((id.clone(), result.map(&mut output)));
    }
    C::from_entries(results.into_iter())
}

/// [`call_typed_method`], awaiting the owner when it is busy.
pub async fn call_typed_method_async<C, Ctx, P, R, A, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    mut args: A,
    output: impl FnOnce(R) -> T,
) -> Result<T, DispatchError>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: 'static,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Handles + Send + Sync + 'static,
    A: Args<P> + Handles + Send + Sync,
{
    let m = binding.core.current.load_full();
    let (owner, incoming) = method_owner(binding, &m, function, &mut args)?;
    let (_, instance) = &m.entries::<C>()[owner];
    let call = typed_call_moving_on_async(&m, function, (owner, instance), &mut args, incoming);
    InChain::new(call).await.map(output)
}

/// [`typed_call_moving_on`], awaiting a busy plugin.
async fn typed_call_moving_on_async<Ctx, P, R, A>(
    m: &Membership,
    function: &TypedFunction<P, R>,
    (index, instance): (usize, &PluginInstance<Ctx>),
    args: &mut A,
    incoming: Vec<Transit>,
) -> Result<R, DispatchError>
where
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Handles + Send + Sync + 'static,
    A: Args<P> + Handles + Sync,
{
    let interface = &m.interfaces[function.interface];
    let entry = &interface.functions[function.function];
    let names = CallNames {
        package: &interface.package,
        plugin: &m.members[index].id,
        interface: &interface.name,
        function: &entry.name,
    };
    let (outcome, _) = instance
        .cell
        .call_typed_moving_async::<P, R, A>(
            entry.slot,
            names,
            Budget::NONE,
            (args, incoming),
            entry.lift_results,
        )
        .await;
    outcome.map(to_host)
}

impl<P, R> TypedFunction<P, R> {
    /// The function, for errors raised before any plugin is called.
    fn site<C: Cardinality>(&self, binding: &Binding<C>) -> CallSite {
        let interface = &binding.core.declared()[self.interface];
        CallSite::new(
            "",
            &interface.name,
            &interface.functions[self.function].name,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_moving_an_owned_handle_reach_one_plugin_or_none() {
        assert_eq!(moved_once(0..0, true), Ok(0..0));
        assert_eq!(moved_once(2..3, true), Ok(2..3));
        // Refused for the type, whatever the value holds.
        assert_eq!(moved_once(0..2, true), Err(MOVED_INTO_SEVERAL));
        assert_eq!(moved_once(0..3, false), Ok(0..3));
    }
}
