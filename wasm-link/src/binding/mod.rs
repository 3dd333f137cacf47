//! Bindings: a WIT package's interfaces, implemented by a cardinality of
//! plugins, callable from the host and usable as other plugins' sockets.

pub(crate) mod cardinality;
pub(crate) mod interface;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use wasmtime::component::Val;
use wasmtime::component::types::ComponentFunc;

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::cardinality::{Cardinality, CardinalityKind};
use crate::binding::interface::{Function, FunctionKind, Interface, ReturnKind};
use crate::error::{CallSite, DispatchError};
use crate::plugin::cell::{Call, CallNames, ErasedPlugin};
use crate::plugin::id::PluginId;
use crate::plugin::limits::{Budget, Spent};
use crate::resources::visit::{for_each_resource, for_each_resource_typed};
use crate::resources::{self, Transit};
use crate::wit_type;

/// A binding: the interfaces of one WIT package, implemented by the plugins
/// in a cardinality wrapper.
///
/// `Binding` is a cheap shared handle: cloning it shares the same plugins, so
/// one binding can be a socket of several plugins (a diamond) and still be
/// called from the host.
pub struct Binding<C: Cardinality> {
    pub(crate) core: Arc<BindingCore>,
    /// The plugins with their ids, in member order.
    pub(crate) entries: Arc<[(C::Id, C::Item)]>,
}

impl<C: Cardinality> Clone for Binding<C> {
    fn clone(&self) -> Self {
        Self {
            core: Arc::clone(&self.core),
            entries: Arc::clone(&self.entries),
        }
    }
}

impl<C: Cardinality> std::fmt::Debug for Binding<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("package", &self.core.package)
            .field("cardinality", &self.core.kind)
            .field(
                "plugins",
                &self.core.members.iter().map(|m| &m.id).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// The context-free heart of a binding, shared by its handles and sockets.
pub(crate) struct BindingCore {
    pub(crate) package: String,
    pub(crate) kind: CardinalityKind,
    pub(crate) id_wit: &'static str,
    pub(crate) id_matches: fn(&wasmtime::component::types::Type) -> bool,
    pub(crate) interfaces: Vec<InterfaceEntry>,
    /// Name lookups on every `dispatch`: a fast non-cryptographic hash (the
    /// keys are the host's own names, not attacker input).
    interface_index: foldhash::HashMap<String, usize>,
    pub(crate) members: Vec<Member>,
}

pub(crate) struct InterfaceEntry {
    /// As the binding names it: `example`.
    pub(crate) name: String,
    /// As components import and export it: `my:package/example@1.0.0`.
    pub(crate) qualified: String,
    /// The binding's package, `my:package@1.0.0`, for traces.
    pub(crate) package: String,
    pub(crate) functions: Vec<FunctionEntry>,
    function_index: foldhash::HashMap<String, usize>,
    /// The resource types it declares.
    pub(crate) resources: Vec<String>,
}

pub(crate) struct FunctionEntry {
    pub(crate) name: String,
    pub(crate) meta: Function,
    /// Index into each member's export table.
    pub(crate) slot: usize,
    /// The exporters' type, from the first plugin (in id order) that
    /// exports it.
    pub(crate) ty: Option<ComponentFunc>,
    /// Two plugins export it with different types: what the binding says
    /// about it instead of calling either.
    pub(crate) conflict: Option<String>,
    pub(crate) params_hold_resources: bool,
    pub(crate) lift_results: bool,
    pub(crate) has_result: bool,
}

pub(crate) struct Member {
    /// The plugin id, rendered once for errors.
    pub(crate) id: String,
    /// The plugin id as importers receive it.
    pub(crate) id_val: Val,
    pub(crate) plugin: Arc<dyn ErasedPlugin>,
    /// The type of the plugin's export of each function, by
    /// [`FunctionEntry::slot`]; `None` where it exports no such function.
    pub(crate) exports: Box<[Option<ComponentFunc>]>,
}

/// The export name of interface `interface` of `package`, which may carry a
/// version: `ns:pkg@1.0.0` + `api` is `ns:pkg/api@1.0.0`.
fn qualified_name(package: &str, interface: &str) -> String {
    match package.split_once('@') {
        Some((name, version)) => format!("{name}/{interface}@{version}"),
        None => format!("{package}/{interface}"),
    }
}

impl<C> Binding<C>
where
    C: Cardinality,
    C::Id: PluginId,
{
    /// A binding of `package` (e.g. `my:package` or `my:package@1.0.0`)
    /// with its `interfaces` (by interface name), implemented by `plugins`.
    ///
    /// Every plugin's exports are looked up here, once. A plugin that lacks a
    /// declared function is reported when the binding is linked as a socket
    /// ([`LinkError::ExportMismatch`](crate::LinkError::ExportMismatch)) and
    /// answers [`DispatchError::MissingExport`] when called.
    pub fn new<Ctx>(
        package: impl Into<String>,
        interfaces: HashMap<String, Interface>,
        plugins: C,
    ) -> Self
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let package = package.into();
        let mut slots = 0;
        let mut interfaces: Vec<InterfaceEntry> = interfaces
            .into_iter()
            .map(|(name, interface)| {
                let functions: Vec<FunctionEntry> = interface
                    .functions()
                    .iter()
                    .map(|(name, meta)| {
                        slots += 1;
                        FunctionEntry {
                            name: name.clone(),
                            meta: *meta,
                            slot: slots - 1,
                            ty: None,
                            conflict: None,
                            params_hold_resources: true,
                            lift_results: meta.return_kind() == ReturnKind::MayContainResources,
                            has_result: meta.return_kind() != ReturnKind::Void,
                        }
                    })
                    .collect();
                InterfaceEntry {
                    qualified: qualified_name(&package, &name),
                    package: package.clone(),
                    function_index: functions
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (f.name.clone(), i))
                        .collect(),
                    resources: {
                        let mut resources: Vec<String> =
                            interface.resources().iter().cloned().collect();
                        resources.sort();
                        resources
                    },
                    name,
                    functions,
                }
            })
            .collect();

        // Each plugin resolves the binding's functions once, by slot.
        let mut names = vec![(String::new(), String::new()); slots];
        for interface in &interfaces {
            for function in &interface.functions {
                names[function.slot] = (interface.qualified.clone(), function.name.clone());
            }
        }
        let names: Box<[(String, String)]> = names.into();

        // Members in ascending id order: calls, results and errors come in
        // the same order every time.
        let mut plugins = plugins.into_entries();
        plugins.sort_by(|(a, _), (b, _)| a.cmp(b));
        let (entries, members): (Vec<_>, Vec<Member>) = plugins
            .into_iter()
            .map(|(id, instance)| {
                let plugin: Arc<dyn ErasedPlugin> = instance.cell.clone();
                let types = plugin.bind(&id.to_string(), names.clone());
                for function in interfaces.iter_mut().flat_map(|i| &mut i.functions) {
                    if let Some(ty) = &types[function.slot] {
                        function.ty.get_or_insert_with(|| ty.clone());
                    }
                }
                let member = Member {
                    id: id.to_string(),
                    id_val: id.to_val(),
                    plugin,
                    exports: types.into(),
                };
                ((id, instance), member)
            })
            .unzip();

        for interface in &mut interfaces {
            for function in &mut interface.functions {
                function.conflict = conflict(&members, &interface.name, function);
            }
        }

        // Now that the exporters' types are known, they decide where resource
        // handling is needed (a declared return kind cannot switch off the
        // wrapping of a resource the function really returns).
        for function in interfaces.iter_mut().flat_map(|i| &mut i.functions) {
            if let Some(ty) = &function.ty {
                function.params_hold_resources =
                    ty.params().any(|(_, t)| wit_type::may_hold_resource(&t));
                function.lift_results = ty.results().any(|t| wit_type::may_hold_resource(&t));
                function.has_result = ty.results().len() > 0;
            }
        }

        let core = BindingCore {
            interface_index: interfaces
                .iter()
                .enumerate()
                .map(|(i, interface)| (interface.name.clone(), i))
                .collect(),
            package,
            kind: C::KIND,
            id_wit: C::Id::WIT_TYPE,
            id_matches: C::Id::matches,
            interfaces,
            members,
        };
        Self {
            core: Arc::new(core),
            entries: entries.into(),
        }
    }

    /// As [`new`](Self::new), but refuses plugins that export one of the
    /// binding's functions with different types (which `new` records, so that
    /// calls of that function are refused, see [`dispatch`](Self::dispatch)).
    ///
    /// # Errors
    ///
    /// [`LinkError::ExportMismatch`](crate::LinkError::ExportMismatch) naming
    /// the function and both plugins (the first two in id order that differ).
    ///
    /// ```
    /// use std::collections::{HashMap, HashSet};
    /// use wasm_link::{
    ///     Any, Binding, Component, Engine, Function, FunctionKind, Interface, LinkError,
    ///     Linker, Plugin, PluginContext, ResourceTable, ReturnKind,
    /// };
    ///
    /// struct Ctx(ResourceTable);
    /// impl PluginContext for Ctx {
    ///     fn resource_table(&mut self) -> &mut ResourceTable { &mut self.0 }
    /// }
    ///
    /// let engine = Engine::default();
    /// // A plugin exporting `my:pkg/api#get`, returning `result`.
    /// let plugin = |result: &str| {
    ///     let wat = format!(r#"(component
    ///         (core module $m (func (export "f") (result i32) i32.const 1))
    ///         (core instance $i (instantiate $m))
    ///         (func $f (result {result}) (canon lift (core func $i "f")))
    ///         (instance $api (export "get" (func $f)))
    ///         (export "my:pkg/api" (instance $api)))"#);
    ///     let component = Component::new(&engine, wat).expect("valid WAT");
    ///     Plugin::new(component, Ctx(ResourceTable::new()))
    ///         .instantiate(&engine, &Linker::new(&engine))
    /// };
    /// let interfaces = || HashMap::from([("api".to_owned(), Interface::new(
    ///     HashMap::from([("get".to_owned(),
    ///         Function::new(FunctionKind::Freestanding, ReturnKind::AssumeNoResources))]),
    ///     HashSet::new(),
    /// ))]);
    ///
    /// // `b` returns an `s32` where `a` returns a `u32`: refused, naming both.
    /// let refused = Binding::try_new("my:pkg", interfaces(), Any(HashMap::from([
    ///     ("a", plugin("u32")?),
    ///     ("b", plugin("s32")?),
    /// ])));
    /// let Err(LinkError::ExportMismatch { reason, .. }) = refused else { panic!() };
    /// assert!(reason.contains("plugins `a` and `b`"));
    ///
    /// // Plugins that agree make a binding.
    /// Binding::try_new("my:pkg", interfaces(), Any(HashMap::from([
    ///     ("a", plugin("u32")?),
    ///     ("b", plugin("u32")?),
    /// ])))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_new<Ctx>(
        package: impl Into<String>,
        interfaces: HashMap<String, Interface>,
        plugins: C,
    ) -> Result<Self, crate::LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let binding = Self::new(package, interfaces, plugins);
        binding.core.check_conflicts()?;
        Ok(binding)
    }

    /// Restarts the plugin `id` with a fresh instance of its component,
    /// linked to the same sockets, with a new `context`.
    ///
    /// A plugin that trapped (or ran out of fuel or time) cannot be entered
    /// again and answers [`DispatchError::Unusable`]; restarting it resumes
    /// service. The new instance starts before the plugin's lock is taken, so
    /// calls are not held up by its start-up (which the start-up limits
    /// bound); it then waits for the call in progress and takes over. Handles
    /// to resources of the old instance become stale and are refused; the
    /// old instance's handles to other plugins' resources are dropped.
    ///
    /// # Errors
    ///
    /// [`LinkError::UnknownPlugin`](crate::LinkError::UnknownPlugin) if `id`
    /// is not a plugin of this binding;
    /// [`LinkError::RestartRefused`](crate::LinkError::RestartRefused) if
    /// called from within a plugin's call; the errors of
    /// [`Plugin::instantiate`](crate::Plugin::instantiate) if the new
    /// instance fails to start (the old one then stays).
    pub fn restart<Ctx>(&self, id: &C::Id, context: Ctx) -> Result<(), crate::LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let (_, instance) = self
            .entries
            .iter()
            .find(|(known, _)| known == id)
            .ok_or_else(|| crate::LinkError::UnknownPlugin {
                package: self.core.package.clone(),
                plugin: id.to_string(),
            })?;
        let outcome = instance.cell.restart(context);
        crate::trace::restarted(&id.to_string(), &outcome);
        outcome
    }

    /// The package this binding implements.
    pub fn package(&self) -> &str {
        &self.core.package
    }

    /// The binding's plugin ids, in ascending order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &C::Id> {
        self.entries.iter().map(|(id, _)| id)
    }

    /// Calls `function` of `interface` and collects one result per plugin, in
    /// the binding's own cardinality.
    ///
    /// A freestanding function (including constructors and static functions)
    /// runs in every plugin, one after the other in ascending id order; a
    /// [`FunctionKind::Method`] runs only in the plugin that owns the
    /// resource passed as `args[0]`. A function without a result returns an
    /// empty tuple. Resource handles in the results are the owner's own
    /// handles: pass them back in later calls, and drop them with
    /// [`drop_resource`](crate::drop_resource). Passing an owned handle moves
    /// it: the host no longer holds it, and using it again is refused.
    ///
    /// A failure in one plugin is that plugin's `Err` and does not affect the
    /// others.
    ///
    /// # Errors
    ///
    /// Before any plugin is called, so that no plugin is affected:
    /// [`DispatchError::UnknownInterface`] or
    /// [`DispatchError::UnknownFunction`] when the binding does not declare
    /// the function; [`DispatchError::InvalidArguments`] when the arguments
    /// do not fit the function's parameters, or when the binding's plugins
    /// export it with different types; [`DispatchError::InvalidResource`]
    /// when a handle in `args` belongs to no live plugin or the host no
    /// longer holds it, a method's resource belongs to no plugin of this
    /// binding, an owned handle would go to several plugins, or the same
    /// owned handle is passed twice.
    pub fn dispatch(
        &self,
        interface: &str,
        function: &str,
        args: &[Val],
    ) -> Result<C::Rebind<Result<Val, DispatchError>>, DispatchError> {
        let function = self
            .core
            .find(interface, function)
            .map_err(|unknown| unknown(CallSite::new("", interface, function)))?;
        let entries = self.core.call_from_host(function, args)?;
        Ok(C::from_entries(
            self.ids()
                .zip(entries)
                .filter_map(|(id, result)| Some((id.clone(), result?))),
        ))
    }
}

/// Whether two plugins of `members` export `function` with different types:
/// the message naming both, for the first two in member (id) order.
fn conflict(members: &[Member], interface: &str, function: &FunctionEntry) -> Option<String> {
    let mut exporters = members
        .iter()
        .filter_map(|m| m.exports[function.slot].as_ref().map(|ty| (m, ty)));
    let (first, expected) = exporters.next()?;
    let (other, found) = exporters.find(|(_, ty)| !wit_type::same_func(expected, ty))?;
    Some(format!(
        "plugins `{}` and `{}` export `{interface}#{}` with different types: `{}` and `{}`",
        first.id,
        other.id,
        function.name,
        wit_type::render_func(expected),
        wit_type::render_func(found),
    ))
}

/// Builds the error for a name the binding does not declare.
type UnknownName = fn(CallSite) -> DispatchError;

impl BindingCore {
    /// Resolves a function by name; on failure, the error's constructor.
    pub(crate) fn find(
        &self,
        interface: &str,
        function: &str,
    ) -> Result<(&InterfaceEntry, &FunctionEntry), UnknownName> {
        let entry = self
            .interface_index
            .get(interface)
            .map(|&i| &self.interfaces[i])
            .ok_or(DispatchError::UnknownInterface as UnknownName)?;
        let index = entry
            .function_index
            .get(function)
            .ok_or(DispatchError::UnknownFunction as UnknownName)?;
        Ok((entry, &entry.functions[*index]))
    }

    /// The indices of a function, by name.
    pub(crate) fn position(&self, interface: &str, function: &str) -> Option<(usize, usize)> {
        let i = *self.interface_index.get(interface)?;
        let f = *self.interfaces[i].function_index.get(function)?;
        Some((i, f))
    }

    /// The first function two plugins export with different types, as the
    /// link error that refuses the binding.
    pub(crate) fn check_conflicts(&self) -> Result<(), crate::LinkError> {
        for interface in &self.interfaces {
            for function in &interface.functions {
                if let Some(reason) = &function.conflict {
                    return Err(crate::LinkError::ExportMismatch {
                        exporter: self
                            .members
                            .first()
                            .map(|m| m.id.clone())
                            .unwrap_or_default(),
                        binding: self.package.clone(),
                        function: format!("{}#{}", interface.name, function.name),
                        reason: reason.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The members (indices) one call reaches, given the handles it moves:
    /// a method reaches only the member that owns its `self`; anything else
    /// reaches every member, but an owned handle cannot move into several,
    /// nor be moved twice.
    pub(crate) fn reach(
        &self,
        method: bool,
        incoming: &[Transit],
    ) -> Result<Range<usize>, &'static str> {
        resources::check_moved_once(incoming)?;
        if method {
            let owner = incoming.first().and_then(|transit| {
                self.members
                    .iter()
                    .position(|m| std::ptr::addr_eq(Arc::as_ptr(&m.plugin), transit.owner.addr()))
            });
            return owner
                .map(|index| index..index + 1)
                .ok_or("the method's resource belongs to no plugin of this binding");
        }
        if self.members.len() > 1 && incoming.iter().any(|t| !t.borrowed) {
            return Err("an owned handle cannot be moved into several plugins");
        }
        Ok(0..self.members.len())
    }

    /// One host call: per member, `None` when the member takes no part (a
    /// method on another member's resource), else its result.
    fn call_from_host(
        &self,
        (interface, function): (&InterfaceEntry, &FunctionEntry),
        args: &[Val],
    ) -> Result<Vec<Option<Result<Val, DispatchError>>>, DispatchError> {
        let site = || CallSite::new("", &interface.name, &function.name);
        let invalid = |message: &str| DispatchError::InvalidResource {
            site: site(),
            message: message.to_owned(),
        };
        if let Some(conflict) = &function.conflict {
            return Err(DispatchError::InvalidArguments {
                site: site(),
                message: conflict.clone(),
            });
        }
        // Without a type no plugin exports the function: each answers
        // MissingExport, and there is nothing to check or move.
        let mut incoming = Vec::new();
        if let Some(ty) = &function.ty {
            // Checked here, not left to wasmtime: a call wasmtime refuses
            // leaves the plugin's store trapped. The walks below follow the
            // values, so they must fit the types, whose depth wasmtime bounds.
            if !wit_type::args_match(args, ty) {
                return Err(DispatchError::InvalidArguments {
                    site: site(),
                    message: format!("the arguments do not fit `{}`", wit_type::render_func(ty)),
                });
            }
            if function.params_hold_resources {
                // Resource handles the host passes in, as transits from
                // their owners.
                for_each_resource_typed(
                    args,
                    ty.params().map(|(_, t)| t),
                    &mut |handle, borrowed| {
                        incoming.push(resources::from_host(handle, borrowed)?);
                        Ok::<_, String>(())
                    },
                )
                .map_err(|message| invalid(&message))?;
            }
        }

        let reached = self
            .reach(function.meta.kind() == FunctionKind::Method, &incoming)
            .map_err(invalid)?;
        Ok(self
            .members
            .iter()
            .enumerate()
            .map(|(index, m)| {
                reached
                    .contains(&index)
                    .then(|| m.call_from_host(interface, function, args, incoming.clone()))
            })
            .collect())
    }
}

impl Member {
    /// Calls one member, from the host: results keep the owners' handles,
    /// which the host then holds.
    fn call_from_host(
        &self,
        interface: &InterfaceEntry,
        function: &FunctionEntry,
        args: &[Val],
        incoming: Vec<Transit>,
    ) -> Result<Val, DispatchError> {
        let mut results = [Val::Bool(false)];
        let (outgoing, _) = self.call(
            interface,
            function,
            (args, incoming),
            Budget::NONE,
            &mut results,
        );
        let outgoing = outgoing?;
        let mut result = if function.has_result {
            std::mem::replace(&mut results[0], Val::Bool(false))
        } else {
            Val::Tuple(Vec::new())
        };
        if !outgoing.is_empty() {
            resources::to_host(&outgoing);
            let mut outgoing = outgoing.into_iter();
            let _ = for_each_resource(std::slice::from_mut(&mut result), &mut |slot| {
                if let Some(transit) = outgoing.next() {
                    *slot = transit.handle;
                }
                Ok::<_, ()>(())
            });
        }
        Ok(result)
    }

    /// Calls one member under `budget`; `results` receives its results as
    /// its store holds them, and the returned transits carry the resources
    /// in them. What the call spent comes back whether it failed or not: a
    /// failed callee's fuel and ticks are its caller's to pay too.
    pub(crate) fn call(
        &self,
        interface: &InterfaceEntry,
        function: &FunctionEntry,
        (args, incoming): (&[Val], Vec<Transit>),
        budget: Budget,
        results: &mut [Val],
    ) -> (Result<Vec<Transit>, DispatchError>, Spent) {
        let names = CallNames {
            package: &interface.package,
            plugin: &self.id,
            interface: &interface.name,
            function: &function.name,
        };
        if self.exports[function.slot].is_none() {
            incoming.into_iter().for_each(Transit::discard);
            return (
                Err(DispatchError::MissingExport(names.site())),
                Spent::default(),
            );
        }
        let results = if function.has_result {
            &mut results[..1]
        } else {
            &mut results[..0]
        };
        let mut call = Call {
            slot: function.slot,
            names,
            args,
            incoming,
            results,
            lift_results: function.lift_results,
            budget,
            outgoing: Vec::new(),
            spent: Spent::default(),
        };
        let called = self.plugin.call(&mut call);
        (called.map(|()| call.outgoing), call.spent)
    }
}
