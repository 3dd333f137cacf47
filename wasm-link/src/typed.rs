//! The typed call path used by `bind!`-generated code: wasmtime `TypedFunc`s
//! checked once per plugin, called without building a single `Val`.
//!
//! Generated code reaches this module only through [`crate::__private`].

use std::marker::PhantomData;
use std::sync::Arc;

use wasmtime::component::{ComponentNamedList, Lift, Lower, TypedFunc};

use crate::PluginContext;
use crate::binding::Binding;
use crate::cardinality::Cardinality;
use crate::error::{DispatchError, LinkError};
use crate::instance::{CallNames, PluginInstance};

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
        instance.cell.with_export(slot, |store, func| {
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
        })?;
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
        .map(|(id, result)| (id.clone(), result.map(&mut output)));
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
) -> impl Iterator<Item = (&C::Id, Result<R, DispatchError>)>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Clone + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
{
    let count = binding.entries.len();
    let mut args = Some(args);
    (0..count).filter_map(move |index| {
        let args = if index + 1 == count {
            args.take()
        } else {
            args.clone()
        }?;
        typed_call_at(binding, interface, function, index, args)
    })
}

/// Calls interface `interface`'s function `function` in the plugin at
/// `index` of `binding`, typed; `None` when there is no such plugin. The
/// single-plugin socket shapes call this directly, without an iterator.
pub(crate) fn typed_call_at<C, Ctx, P, R>(
    binding: &Binding<C>,
    interface: usize,
    function: usize,
    index: usize,
    args: P,
) -> Option<(&C::Id, Result<R, DispatchError>)>
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
        entry.params_hold_resources,
        |store, func| func.typed::<P, R>(store),
        |typed: &TypedFunc<P, R>, store| typed.call(store, args),
    );
    Some((id, result))
}

/// Calls the resource method `function` in the one plugin of `binding` that
/// owns `resource` (the method's `self`, also the first element of `args`).
///
/// # Errors
///
/// [`DispatchError::InvalidResource`] when no plugin of the binding owns the
/// resource (a handle from another binding, dropped, or from before a
/// restart), and the owner's error when its call fails.
pub fn call_typed_method<C, Ctx, P, R, T>(
    binding: &Binding<C>,
    function: &TypedFunction<P, R>,
    resource: wasmtime::component::ResourceAny,
    args: P,
    output: impl FnOnce(R) -> T,
) -> Result<T, DispatchError>
where
    C: Cardinality<Item = PluginInstance<Ctx>>,
    Ctx: PluginContext,
    P: ComponentNamedList + Lower + Send + 'static,
    R: ComponentNamedList + Lift + Send + 'static,
{
    let core = &binding.core;
    let interface = &core.interfaces[function.interface];
    let name = &interface.functions[function.function].name;
    let owner = crate::resources::find_owner(resource.ty());
    let found = owner.as_ref().and_then(|owner| {
        binding
            .entries
            .iter()
            .zip(&core.members)
            .find(|(_, member)| std::ptr::addr_eq(Arc::as_ptr(&member.plugin), Arc::as_ptr(owner)))
    });
    let Some(((_, instance), member)) = found else {
        return Err(DispatchError::InvalidResource {
            site: crate::error::CallSite::new("", &interface.name, name),
            message: "the resource belongs to no plugin of this binding".into(),
        });
    };
    let names = CallNames {
        plugin: &member.id,
        interface: &interface.name,
        function: name,
    };
    instance
        .cell
        .call_typed(
            function.slot,
            names,
            interface.functions[function.function].params_hold_resources,
            |store, func| func.typed::<P, R>(store),
            |typed: &TypedFunc<P, R>, store| typed.call(store, args),
        )
        .map(output)
}
