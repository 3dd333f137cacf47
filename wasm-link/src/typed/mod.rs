//! The typed call path used by `bind!`-generated code: wasmtime `TypedFunc`s
//! checked once per plugin, called without building a single `Val`.
//!
//! Generated code reaches this module only through [`crate::__private`].

use std::marker::PhantomData;
use std::ops::Range;

use wasmtime::component::{ComponentNamedList, Lift, Lower, TypedFunc};

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::Binding;
use crate::binding::cardinality::Cardinality;
use crate::error::{CallSite, DispatchError, LinkError};
use crate::plugin::cell::CallNames;
use crate::plugin::limits::{Budget, Spent as Cost};

/// A call's outcome with what it cost, to charge to a calling plugin.
type Spent<R> = Result<(R, Cost), DispatchError>;
use crate::resources::handles::Handles;
use crate::resources::{self, Transit};

/// One function of a binding, checked against `P -> R` in each of its
/// plugins. The plugins keep the typed handles, made once (and again after
/// a restart).
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
/// with another type; [`LinkError::UndeclaredImport`] when the binding does
/// not declare it.
pub fn typed_function<C, Ctx, P, R>(
    binding: &Binding<C>,
    interface: &str,
    function: &str,
) -> Result<TypedFunction<P, R>, LinkError>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + 'static,
    R: ComponentNamedList + Lift + 'static,
{
    let core = &binding.core;
    let (interface_index, function_index) =
        core.position(interface, function)
            .ok_or_else(|| LinkError::UndeclaredImport {
                plugin: crate::PluginLabel(None),
                import: format!("{interface}#{function}"),
                socket: core.package.clone(),
            })?;
    let slot = core.interfaces[interface_index].functions[function_index].slot;
    for (member, (_, instance)) in core.members.iter().zip(binding.entries.iter()) {
        let checked = instance.cell.with_export(slot, |store, func| {
            let mismatch = |reason: String| LinkError::ExportMismatch {
                exporter: member.id.clone(),
                socket: core.package.clone(),
                function: format!("{interface}#{function}"),
                reason,
            };
            let func =
                func.ok_or_else(|| mismatch("the plugin exports no such function".into()))?;
            func.typed::<P, R>(store).map(drop).map_err(|e| {
                mismatch(format!(
                    "{e:#} (the plugin exports `{}`)",
                    crate::wit_type::render_func(&func.ty(store))
                ))
            })
        });
        checked.map_err(|plugin| LinkError::PluginRunning {
            plugin: plugin.to_string(),
        })??;
    }
    Ok(TypedFunction {
        interface: interface_index,
        function: function_index,
        slot,
        _types: PhantomData,
    })
}

/// Calls `function` in every plugin of `binding`, turning each plugin's
/// results into `T` with `output`.
pub fn call_typed<C, Ctx, P, R, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    args: P,
    mut output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Clone + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
{
    let results = typed_calls(binding, function.interface, function.function, args)
        .map(|(id, result)| (id.clone(), result.map(|(r, _)| output(r))));
    C::from_entries(results)
}

/// Calls interface `interface`'s function `function` (indices into the
/// binding) in every plugin of `binding`, typed, one plugin per item, in
/// member order. The arguments are cloned for every plugin but the last,
/// which gets them moved.
pub(crate) fn typed_calls<C, Ctx, P, R>(
    binding: &Binding<C>,
    interface: usize,
    function: usize,
    args: P,
) -> impl Iterator<Item = (&C::Id, Spent<R>)>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Clone + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
{
    // The hottest loop: written out rather than over `args_per_plugin`,
    // whose extra iterator layer measured about 8 ns slower per call.
    let count = binding.entries.len();
    let mut args = Some(args);
    (0..count).filter_map(move |index| {
        let args = if index + 1 == count {
            args.take()
        } else {
            args.clone()
        }?;
        typed_call_at(binding, (interface, function), index, Budget::NONE, args)
    })
}

/// `args` for each plugin (index) in `plugins`, in order: cloned for every
/// one but the last, which gets them moved.
pub(crate) fn args_per_plugin<P: Clone>(
    plugins: Range<usize>,
    args: P,
) -> impl Iterator<Item = (usize, P)> {
    let last = plugins.end.saturating_sub(1);
    let mut args = Some(args);
    plugins.filter_map(move |index| {
        let args = if index == last {
            args.take()
        } else {
            args.clone()
        }?;
        Some((index, args))
    })
}

/// Calls interface `interface`'s function `function` in the plugin at
/// `index` of `binding`, typed, under `budget`; `None` when there is no such
/// plugin. Typed socket forwarding calls this directly, member by member.
pub(crate) fn typed_call_at<C, Ctx, P, R>(
    binding: &Binding<C>,
    (interface, function): (usize, usize),
    index: usize,
    budget: Budget,
    args: P,
) -> Option<(&C::Id, Spent<R>)>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
{
    let (id, instance) = binding.entries.get(index)?;
    let core = &binding.core;
    let interface = &core.interfaces[interface];
    let entry = &interface.functions[function];
    let names = CallNames {
        plugin: &core.members[index].id,
        interface: &interface.name,
        function: &entry.name,
    };
    let result = instance.cell.call_typed(
        entry.slot,
        names,
        budget,
        entry.params_hold_resources,
        |store, func| func.typed::<P, R>(store),
        |typed: &TypedFunc<P, R>, store| typed.call(store, args),
    );
    Some((id, result))
}

/// Calls `function`, whose types can hold resource handles, in every plugin
/// of `binding`: handles the host passes go to each plugin as the owner's
/// own handle or a wrapper routed to the owner (lent for a `borrow`), and
/// handles in the results reach the host as their owners' own handles.
///
/// A handle that belongs to no live plugin or that the host no longer holds,
/// an owned handle given to several plugins, or one owned handle passed
/// twice, fails every plugin's call with [`DispatchError::InvalidResource`]
/// before any of them runs.
pub fn call_typed_moving<C, Ctx, P, R, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    mut args: P,
    mut output: impl FnMut(R) -> T,
) -> C::Rebind<Result<T, DispatchError>>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: Clone,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Handles + Clone + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
{
    let taken = from_host(&mut args).and_then(|incoming| {
        let reached = binding
            .core
            .reach(false, &incoming)
            .map_err(str::to_owned)?;
        Ok((reached, incoming))
    });
    let (reached, incoming) = match taken {
        Ok(taken) => taken,
        Err(message) => {
            let site = function.site(binding);
            return C::from_entries(binding.entries.iter().map(|(id, _)| {
                let error = DispatchError::InvalidResource {
                    site: site.clone(),
                    message: message.clone(),
                };
                (id.clone(), Err(error))
            }));
        }
    };
    let results = args_per_plugin(reached, args).filter_map(|(index, args)| {
        typed_call_moving_at(binding, function, index, args, incoming.clone())
    });
    C::from_entries(results.map(|(id, result)| (id.clone(), result.map(&mut output))))
}

/// Calls the resource method `function` in the one plugin of `binding` that
/// owns the resource its first argument (`self`) borrows. Other handles in
/// the arguments and results move as for [`call_typed_moving`].
///
/// # Errors
///
/// [`DispatchError::InvalidResource`] when no plugin of the binding owns the
/// resource (a handle from another binding, dropped, or from before a
/// restart), and the owner's error when its call fails.
pub fn call_typed_method<C, Ctx, P, R, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    mut args: P,
    output: impl FnOnce(R) -> T,
) -> Result<T, DispatchError>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Handles + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
{
    let invalid = |message: String| DispatchError::InvalidResource {
        site: function.site(binding),
        message,
    };
    let incoming = from_host(&mut args).map_err(invalid)?;
    let reached = binding.core.reach(true, &incoming);
    let owner = reached
        .map_err(|message| invalid(message.to_owned()))?
        .start;
    // `reach` found the owner among the members, so the plugin is there.
    let (_, result) = typed_call_moving_at(binding, function, owner, args, incoming)
        .expect("the owner is a member of the binding");
    result.map(output)
}

/// The handles in `args`, which the host holds, as transits from their
/// owners: lent where the parameter is a `borrow`.
fn from_host<P: Handles>(args: &mut P) -> Result<Vec<Transit>, String> {
    let mut incoming = Vec::new();
    args.for_each_handle(&mut |handle, borrowed| {
        incoming.push(resources::from_host(*handle, borrowed)?);
        Ok(())
    })?;
    Ok(incoming)
}

/// Calls `function` in the plugin at `index`, moving `incoming` into its
/// arguments; handles in its results become their owners' own handles, as
/// the host holds them. `None` when there is no such plugin.
fn typed_call_moving_at<'b, C, Ctx, P, R>(
    binding: &'b Binding<C>,
    function: &TypedFunction<P, R>,
    index: usize,
    args: P,
    incoming: Vec<Transit>,
) -> Option<(&'b C::Id, Result<R, DispatchError>)>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Handles + Send + 'static,
    R: ComponentNamedList + Lift + Handles + Send + 'static,
{
    let (id, instance) = binding.entries.get(index)?;
    let core = &binding.core;
    let interface = &core.interfaces[function.interface];
    let entry = &interface.functions[function.function];
    let names = CallNames {
        plugin: &core.members[index].id,
        interface: &interface.name,
        function: &entry.name,
    };
    let result = instance
        .cell
        .call_typed_moving(
            entry.slot,
            names,
            Budget::NONE,
            (args, incoming),
            entry.lift_results,
            |store, func| func.typed::<P, R>(store),
            |typed: &TypedFunc<P, R>, store, args| typed.call(store, args),
        )
        .map(|(mut results, outgoing, _)| {
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
        });
    Some((id, result))
}

impl<P, R> TypedFunction<P, R> {
    /// The function, for errors raised before any plugin is called.
    fn site<C: Cardinality>(&self, binding: &Binding<C>) -> CallSite {
        let interface = &binding.core.interfaces[self.interface];
        CallSite::new(
            "",
            &interface.name,
            &interface.functions[self.function].name,
        )
    }
}
