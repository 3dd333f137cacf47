//! A binding's members at one moment: the plugins, what each exports, and
//! the exporters' types that calls and sockets follow.
//!
//! A membership never changes once built. A change of members
//! ([`Binding::replace`](crate::Binding::replace) and friends) builds a new
//! one and swaps it in; a call loads the current membership once and keeps
//! it to the end, so it finishes on the instances it started on.

use std::any::Any;
use std::ops::Range;
use std::sync::Arc;

use wasmtime::component::Val;
use wasmtime::component::types::ComponentFunc;

use crate::binding::cardinality::Cardinality;
use crate::binding::interface::{Function, FunctionKind, ReturnKind};
use crate::error::{CallSite, DispatchError};
use crate::plugin::cell::{Call, CallNames, ErasedPlugin};
use crate::plugin::limits::{Budget, Spent};
use crate::resources::visit::{for_each_resource, for_each_resource_typed};
use crate::resources::{self, Transit, owner};
use crate::wit_type;

/// The plugins of a binding, with the types they export.
pub(crate) struct Membership {
    /// The binding's interfaces, in the binding's fixed order, with the
    /// exporters' types of these members.
    pub(crate) interfaces: Vec<InterfaceEntry>,
    /// In ascending id order: calls, results and errors come in the same
    /// order every time.
    pub(crate) members: Vec<Member>,
    /// The same plugins as the binding's typed entries, a
    /// `Vec<(C::Id, C::Item)>` in member order, for the typed paths.
    entries: Box<dyn Any + Send + Sync>,
    /// Their ids alone, a `Vec<C::Id>`: what the untyped paths need.
    ids: Box<dyn Any + Send + Sync>,
}

#[derive(Clone)]
pub(crate) struct InterfaceEntry {
    /// As the binding names it: `example`.
    pub(crate) name: String,
    /// As components import and export it: `my:package/example@1.0.0`.
    pub(crate) qualified: String,
    /// The binding's package, `my:package@1.0.0`, for traces.
    pub(crate) package: String,
    pub(crate) functions: Vec<FunctionEntry>,
    pub(crate) function_index: foldhash::HashMap<String, usize>,
    /// The resource types it declares.
    pub(crate) resources: Vec<String>,
}

#[derive(Clone)]
pub(crate) struct FunctionEntry {
    pub(crate) name: String,
    pub(crate) meta: Function,
    /// Index into each member's export table.
    pub(crate) slot: usize,
    /// The exporters' type, from the first member (in id order) that
    /// exports it.
    pub(crate) ty: Option<ComponentFunc>,
    /// Two members export it with different types: what the binding says
    /// about it instead of calling either.
    pub(crate) conflict: Option<String>,
    pub(crate) params_hold_resources: bool,
    pub(crate) lift_results: bool,
    pub(crate) has_result: bool,
}

impl FunctionEntry {
    /// A declared function, before any exporter's type is known.
    pub(crate) fn declared(name: String, meta: Function, slot: usize) -> Self {
        Self {
            name,
            meta,
            slot,
            ty: None,
            conflict: None,
            params_hold_resources: true,
            lift_results: meta.return_kind() == ReturnKind::MayContainResources,
            has_result: meta.return_kind() != ReturnKind::Void,
        }
    }
}

#[derive(Clone)]
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

impl Membership {
    /// The membership of `members` (in id order), whose typed entries are
    /// `entries` (the same plugins, in the same order), over the binding's
    /// `declared` interfaces.
    pub(crate) fn new<Id, Item>(
        declared: &[InterfaceEntry],
        members: Vec<Member>,
        entries: Vec<(Id, Item)>,
    ) -> Self
    where
        Id: Clone + Send + Sync + 'static,
        Item: Send + Sync + 'static,
    {
        let mut interfaces = declared.to_vec();
        for interface in &mut interfaces {
            for function in &mut interface.functions {
                function.ty = members
                    .iter()
                    .find_map(|m| m.exports[function.slot].clone());
                function.conflict = conflict(&members, &interface.name, function);
                // The exporters' types decide where resource handling is
                // needed (a declared return kind cannot switch off the
                // wrapping of a resource the function really returns).
                if let Some(ty) = &function.ty {
                    function.params_hold_resources =
                        ty.params().any(|(_, t)| wit_type::may_hold_resource(&t));
                    function.lift_results = ty.results().any(|t| wit_type::may_hold_resource(&t));
                    function.has_result = ty.results().len() > 0;
                }
            }
        }
        Self {
            interfaces,
            members,
            ids: Box::new(
                entries
                    .iter()
                    .map(|(id, _)| id.clone())
                    .collect::<Vec<Id>>(),
            ),
            entries: Box::new(entries),
        }
    }

    /// The members' ids, as the binding of cardinality `C` names them.
    pub(crate) fn ids<C: Cardinality>(&self) -> &[C::Id]
    where
        C::Id: 'static,
    {
        // As for `entries`.
        self.ids
            .downcast_ref::<Vec<C::Id>>()
            .map_or(&[], Vec::as_slice)
    }

    /// The typed entries, as the binding of cardinality `C` holds them.
    pub(crate) fn entries<C: Cardinality>(&self) -> &[(C::Id, C::Item)]
    where
        (C::Id, C::Item): 'static,
    {
        // Memberships are only built by `Binding<C>` with its own entry
        // type, so the cast cannot fail; an empty list would be the answer.
        self.entries
            .downcast_ref::<Vec<(C::Id, C::Item)>>()
            .map_or(&[], Vec::as_slice)
    }

    /// The first function two members export with different types, as the
    /// link error that refuses the binding.
    pub(crate) fn check_conflicts(&self, package: &str) -> Result<(), crate::LinkError> {
        for interface in &self.interfaces {
            for function in &interface.functions {
                if let Some(reason) = &function.conflict {
                    return Err(crate::LinkError::ExportMismatch {
                        exporter: self
                            .members
                            .first()
                            .map(|m| m.id.clone())
                            .unwrap_or_default(),
                        binding: package.to_owned(),
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
    pub(crate) fn reach(&self, method: bool, incoming: &[Transit]) -> Result<Range<usize>, String> {
        resources::check_moved_once(incoming)?;
        if method {
            let Some(transit) = incoming.first() else {
                return Err("the method's resource belongs to no plugin of this binding".to_owned());
            };
            return self
                .members
                .iter()
                .position(|m| std::ptr::addr_eq(Arc::as_ptr(&m.plugin), transit.owner.addr()))
                .map(|index| index..index + 1)
                .ok_or_else(|| not_a_member(transit));
        }
        if self.members.len() > 1 && incoming.iter().any(|t| !t.borrowed) {
            return Err("an owned handle cannot be moved into several plugins".to_owned());
        }
        Ok(0..self.members.len())
    }

    /// One host call: per member, `None` when the member takes no part (a
    /// method on another member's resource), else its result.
    pub(crate) fn call_from_host(
        &self,
        (interface, function): (&InterfaceEntry, &FunctionEntry),
        args: &[Val],
    ) -> Result<Vec<Option<Result<Val, DispatchError>>>, DispatchError> {
        let (incoming, reached) = self.plan_host_call((interface, function), args)?;
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

    /// Checks a host call before any plugin runs: the arguments against the
    /// function's type, the handles in them taken from their owners. Returns
    /// the handles and the members the call reaches.
    pub(crate) fn plan_host_call(
        &self,
        (interface, function): (&InterfaceEntry, &FunctionEntry),
        args: &[Val],
    ) -> Result<(Vec<Transit>, Range<usize>), DispatchError> {
        let site = || CallSite::new("", &interface.name, &function.name);
        let invalid = |message: String| DispatchError::InvalidResource {
            site: site(),
            message,
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
                .map_err(invalid)?;
            }
        }

        let reached = self
            .reach(function.meta.kind() == FunctionKind::Method, &incoming)
            .map_err(invalid)?;
        Ok((incoming, reached))
    }
}

/// Why a method's resource reaches no member: its owner is not one (any
/// more: it may have left the binding, or been replaced).
fn not_a_member(transit: &Transit) -> String {
    match transit.owner.get() {
        Some(owner) => format!(
            "the method's resource belongs to plugin `{}`, which is not a plugin of this \
             binding (it may have been replaced or removed)",
            owner.name()
        ),
        None => owner::gone(transit.handle.ty()),
    }
}

/// Whether two plugins of `members` export `function` with different types:
/// the message naming both, for the first two in member (id) order.
pub(crate) fn conflict(
    members: &[Member],
    interface: &str,
    function: &FunctionEntry,
) -> Option<String> {
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

impl Member {
    /// This member's export of `function` of `interface`, if it has one of
    /// the type `established` (another member and its export) has; else
    /// why not, for a link error.
    pub(crate) fn export_fitting(
        &self,
        (interface, function): (&InterfaceEntry, &FunctionEntry),
        established: Option<(&Member, &ComponentFunc)>,
    ) -> Result<&ComponentFunc, String> {
        let Some(found) = &self.exports[function.slot] else {
            return Err(format!(
                "`{}` exports no such function",
                interface.qualified
            ));
        };
        match established {
            Some((other, expected)) if !wit_type::same_func(expected, found) => Err(format!(
                "it exports `{}` where plugin `{}` exports `{}`",
                wit_type::render_func(found),
                other.id,
                wit_type::render_func(expected),
            )),
            _ => Ok(found),
        }
    }

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
        Ok(host_value(function, results, outgoing?))
    }

    /// [`call_from_host`](Self::call_from_host), awaiting a busy plugin.
    pub(crate) async fn call_from_host_async(
        &self,
        interface: &InterfaceEntry,
        function: &FunctionEntry,
        args: &[Val],
        incoming: Vec<Transit>,
    ) -> Result<Val, DispatchError> {
        let mut results = [Val::Bool(false)];
        let (outgoing, _) = self
            .call_async(
                interface,
                function,
                (args, incoming),
                Budget::NONE,
                &mut results,
            )
            .await;
        Ok(host_value(function, results, outgoing?))
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
        match self.prepare((interface, function), (args, incoming), budget, results) {
            Ok(mut call) => {
                let called = self.plugin.call(&mut call);
                (called.map(|()| call.outgoing), call.spent)
            }
            Err(error) => (Err(error), Spent::default()),
        }
    }

    /// [`call`](Self::call), awaiting a busy plugin.
    pub(crate) async fn call_async(
        &self,
        interface: &InterfaceEntry,
        function: &FunctionEntry,
        (args, incoming): (&[Val], Vec<Transit>),
        budget: Budget,
        results: &mut [Val],
    ) -> (Result<Vec<Transit>, DispatchError>, Spent) {
        match self.prepare((interface, function), (args, incoming), budget, results) {
            Ok(mut call) => {
                let called = self.plugin.call_async(&mut call).await;
                (called.map(|()| call.outgoing), call.spent)
            }
            Err(error) => (Err(error), Spent::default()),
        }
    }

    /// The call of `function` in this member, or its error when the member
    /// does not export it.
    fn prepare<'a>(
        &'a self,
        (interface, function): (&'a InterfaceEntry, &'a FunctionEntry),
        (args, incoming): (&'a [Val], Vec<Transit>),
        budget: Budget,
        results: &'a mut [Val],
    ) -> Result<Call<'a>, DispatchError> {
        let names = CallNames {
            package: &interface.package,
            plugin: &self.id,
            interface: &interface.name,
            function: &function.name,
        };
        if self.exports[function.slot].is_none() {
            incoming.into_iter().for_each(Transit::discard);
            return Err(DispatchError::MissingExport(names.site()));
        }
        let results = if function.has_result {
            &mut results[..1]
        } else {
            &mut results[..0]
        };
        Ok(Call {
            slot: function.slot,
            names,
            args,
            incoming,
            results,
            lift_results: function.lift_results,
            budget,
            outgoing: Vec::new(),
            spent: Spent::default(),
        })
    }
}

/// A member's value for the host: its result (`()` for a function without
/// one), the resources in it handed to the host.
fn host_value(function: &FunctionEntry, [result]: [Val; 1], outgoing: Vec<Transit>) -> Val {
    let mut result = if function.has_result {
        result
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
    result
}
