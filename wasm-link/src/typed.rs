//! The typed call path used by `bind!`-generated code: wasmtime `TypedFunc`s
//! checked once per plugin, called without building a single `Val`.
//!
//! Generated code reaches this module only through [`crate::__private`].

use wasmtime::component::{ComponentNamedList, Lift, Lower, TypedFunc};

use crate::PluginContext;
use crate::binding::Binding;
use crate::cardinality::Cardinality;
use crate::error::{DispatchError, LinkError};
use crate::instance::{CallNames, PluginInstance, classify};

/// One function of a binding, as a typed handle into each of its plugins.
pub struct TypedFunction<P, R> {
    interface: usize,
    function: usize,
    /// Per member, in member order.
    funcs: Box<[TypedFunc<P, R>]>,
}

impl<P, R> std::fmt::Debug for TypedFunction<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunction")
            .field("plugins", &self.funcs.len())
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
    let entry = &core.interfaces[interface_index].functions[function_index];
    let mismatch = |member: &crate::binding::Member, reason: String| LinkError::ExportMismatch {
        exporter: member.id.clone(),
        socket: core.package.clone(),
        function: format!("{interface}#{function}"),
        reason,
    };
    let funcs = core
        .members
        .iter()
        .zip(binding.entries.iter())
        .map(|(member, (_, instance))| {
            let func = member.funcs[entry.slot]
                .ok_or_else(|| mismatch(member, "the plugin exports no such function".into()))?;
            let state = instance.cell.lock_for_setup();
            func.typed::<P, R>(&state.store).map_err(|e| {
                mismatch(
                    member,
                    format!(
                        "{e:#} (the plugin exports `{}`)",
                        crate::wit_type::render_func(&func.ty(&state.store))
                    ),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(TypedFunction {
        interface: interface_index,
        function: function_index,
        funcs,
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
    P: ComponentNamedList + Lower + Clone,
    R: ComponentNamedList + Lift,
{
    let core = &binding.core;
    let interface = &core.interfaces[function.interface];
    let name = &interface.functions[function.function].name;
    let last = binding.entries.len().saturating_sub(1);
    let mut args = Some(args);
    let results = binding
        .entries
        .iter()
        .zip(&core.members)
        .zip(&function.funcs)
        .enumerate()
        .map(|(i, (((id, instance), member), func))| {
            // Move the arguments into the last call; clone them for the others.
            let args = if i == last { args.take() } else { args.clone() };
            let names = CallNames {
                plugin: &member.id,
                interface: &interface.name,
                function: name,
            };
            let result = args
                .ok_or_else(|| DispatchError::InvalidArguments {
                    site: names.site(),
                    message: "arguments already used".into(),
                })
                .and_then(|args| instance.cell.call_typed(func, names, args))
                .map(&mut output);
            (id.clone(), result)
        });
    C::from_entries(results)
}

impl<Ctx: PluginContext> crate::instance::PluginCell<Ctx> {
    /// One typed call, under the same lock and limits as every other call.
    pub(crate) fn call_typed<P, R>(
        &self,
        func: &TypedFunc<P, R>,
        names: CallNames<'_>,
        args: P,
    ) -> Result<R, DispatchError>
    where
        P: ComponentNamedList + Lower,
        R: ComponentNamedList + Lift,
    {
        let mut entered = self
            .enter()
            .ok_or_else(|| DispatchError::Reentrant(names.site()))?;
        let state = &mut *entered;
        state
            .limits
            .before_call(&mut state.store, names.interface, names.function);
        func.call(&mut state.store, args)
            .map_err(|error| classify(error, names.site(), || true))
    }
}
