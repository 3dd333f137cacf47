//! Changing a binding's members while it runs: `replace`, `insert` and
//! `remove`.
//!
//! A change builds the next [`Membership`] beside the current one, checks
//! it, and swaps it in with one atomic store: calls that loaded the old one
//! finish on it, calls that start afterwards see the new one, and a refused
//! change leaves nothing behind. The checks come from three places: the
//! cardinality's rules (here), the binding's established export types
//! (here), and whoever depends on the binding's shape, registered as
//! [`Watchers`]: importers linked to it (their declared socket shapes) and
//! typed groups (their checked signatures).

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::cardinality::{Cardinality, CardinalityKind};
use crate::binding::membership::{Member, Membership};
use crate::binding::{Binding, BindingCore};
use crate::error::LinkError;
use crate::plugin::id::PluginId;

/// Checks a would-be membership against an importer's declared shapes; the
/// `&str` is the id of the plugin the change is about, for its error.
pub(crate) type ImportCheck =
    Box<dyn Fn(&BindingCore, &Membership, &str) -> Result<(), LinkError> + Send + Sync>;

/// Checks a newcomer (its member entry and its `PluginInstance<Ctx>`)
/// against a typed group's signature.
pub(crate) type TypedCheck =
    Box<dyn Fn(&BindingCore, &Member, &dyn Any) -> Result<(), LinkError> + Send + Sync>;

/// What depends on the shape of a binding, and so must accept each change
/// of its members.
#[derive(Default)]
pub(crate) struct Watchers {
    /// One per socket function an importer imports, kept while the importer
    /// lives (a weak reference to what it keeps alive).
    imports: Mutex<Vec<(Weak<dyn Any + Send + Sync>, ImportCheck)>>,
    /// One per typed signature (slot and Rust types), kept with the binding:
    /// a group built again adds nothing.
    typed: Mutex<Vec<((usize, TypeId), TypedCheck)>>,
}

impl Watchers {
    /// Adds an importer's check, kept while `alive` is.
    pub(crate) fn watch_import(&self, alive: Weak<dyn Any + Send + Sync>, check: ImportCheck) {
        let mut imports = self.imports.lock().unwrap_or_else(PoisonError::into_inner);
        // Importers that are gone check nothing: pruned as others arrive,
        // so plugins linked and dropped in a loop leave nothing behind.
        imports.retain(|(alive, _)| alive.strong_count() > 0);
        imports.push((alive, check));
    }

    /// Adds a typed group's check of `slot` as the signature `signature`,
    /// unless one is already there; whether it was added.
    pub(crate) fn watch_typed(&self, slot: usize, signature: TypeId, check: TypedCheck) -> bool {
        let mut typed = self.typed.lock().unwrap_or_else(PoisonError::into_inner);
        let new = typed.iter().all(|(key, _)| *key != (slot, signature));
        if new {
            typed.push(((slot, signature), check));
        }
        new
    }

    /// Takes back the check [`watch_typed`](Self::watch_typed) added, for a
    /// typed group that could not be built after all.
    pub(crate) fn unwatch_typed(&self, slot: usize, signature: TypeId) {
        self.typed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|(key, _)| *key != (slot, signature));
    }
}

/// Which change is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Replace,
    Insert,
    Remove,
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Self::Replace => "replace",
            Self::Insert => "insert",
            Self::Remove => "remove",
        }
    }
}

impl<C> Binding<C>
where
    C: Cardinality,
    C::Id: PluginId,
{
    /// Swaps the plugin `id` for `plugin`, in a binding of any cardinality.
    ///
    /// `plugin` is checked before anything changes (see
    /// [`insert`](Self::insert) for the checks); on any mismatch the binding
    /// is untouched. Calls in progress finish on the old instance, calls
    /// that start afterwards reach the new one, from the host, from typed
    /// groups and from every importer (which are not linked again). The new
    /// plugin starts fresh: nothing of the old instance's state carries
    /// over. There is no hook to move it, because the state worth moving
    /// lives in the guest's memory, which only the plugin can read: a host
    /// that wants it moved calls an export of the old plugin for it before
    /// the swap and one of the new plugin after (the host's own context is
    /// the one it built the newcomer with). Handles to the old
    /// instance's resources are refused from then on, naming it; dropping
    /// them is harmless. Its store is freed when its last call ends.
    ///
    /// # Errors
    ///
    /// [`LinkError::UnknownPlugin`] if the binding holds no plugin `id`,
    /// and the newcomer's errors of [`insert`](Self::insert), whose example
    /// shows all three changes.
    pub fn replace<Ctx>(&self, id: &C::Id, plugin: PluginInstance<Ctx>) -> Result<(), LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        self.change(Action::Replace, id, Some(plugin))
    }

    /// Adds `plugin` as the member `id` of an `AtMostOne` (that holds
    /// none), `AtLeastOne` or `Any` binding.
    ///
    /// The newcomer must export every function the binding declares, with
    /// the types the other members export (and, for a function no member
    /// exports yet, the types every typed group over the binding was
    /// checked against); and the binding with it must still fit every
    /// plugin linked to it: each import keeps the shape it was linked with
    /// (an import taking an owned handle cannot start reaching several
    /// plugins). On any mismatch the binding is untouched. The new member
    /// takes part in calls that start after it joined.
    ///
    /// # Errors
    ///
    /// [`LinkError::MembershipRefused`] when the cardinality forbids it or
    /// the binding already holds `id`; [`LinkError::ExportMismatch`] naming
    /// the function when the newcomer's exports do not fit;
    /// [`LinkError::ImporterMismatch`] naming the importer and its import
    /// when a linked plugin would no longer fit.
    ///
    /// ```
    /// use std::collections::{HashMap, HashSet};
    /// use wasm_link::{
    ///     AtLeastOne, Binding, Component, Engine, Function, FunctionKind, Interface, LinkError,
    ///     Linker, Plugin, PluginContext, PluginInstance, ResourceTable, ReturnKind, Val,
    /// };
    ///
    /// struct Ctx(ResourceTable);
    /// impl PluginContext for Ctx {
    ///     fn resource_table(&mut self) -> &mut ResourceTable { &mut self.0 }
    /// }
    ///
    /// let engine = Engine::default();
    /// // A plugin exporting `my:pkg/api#get`, which returns `answer`.
    /// let plugin = |answer: u32| -> Result<PluginInstance<Ctx>, LinkError> {
    ///     let wat = format!(r#"(component
    ///         (core module $m (func (export "f") (result i32) i32.const {answer}))
    ///         (core instance $i (instantiate $m))
    ///         (func $f (result u32) (canon lift (core func $i "f")))
    ///         (instance $api (export "get" (func $f)))
    ///         (export "my:pkg/api" (instance $api)))"#);
    ///     let component = Component::new(&engine, wat).expect("valid WAT");
    ///     Plugin::new(component, Ctx(ResourceTable::new()))
    ///         .instantiate(&engine, &Linker::new(&engine))
    /// };
    /// let api = HashMap::from([("api".to_owned(), Interface::new(
    ///     HashMap::from([("get".to_owned(),
    ///         Function::new(FunctionKind::Freestanding, ReturnKind::AssumeNoResources))]),
    ///     HashSet::new(),
    /// ))]);
    /// let answers = |binding: &Binding<AtLeastOne<&'static str, PluginInstance<Ctx>>>| {
    ///     let results = binding.dispatch("api", "get", &[]).expect("declared").into_map();
    ///     let mut answers: Vec<_> =
    ///         results.into_iter().map(|(id, value)| (id, value.expect("answers"))).collect();
    ///     answers.sort_by_key(|(id, _)| *id);
    ///     answers
    /// };
    ///
    /// let binding = Binding::new("my:pkg", api, AtLeastOne::new("a", plugin(1)?, []));
    /// binding.insert("b", plugin(2)?)?;
    /// binding.replace(&"a", plugin(3)?)?;
    /// assert_eq!(answers(&binding), [("a", Val::U32(3)), ("b", Val::U32(2))]);
    ///
    /// binding.remove(&"a")?;
    /// // An `AtLeastOne` keeps its last plugin.
    /// let refused = binding.remove(&"b");
    /// assert!(matches!(refused, Err(LinkError::MembershipRefused { .. })));
    /// assert_eq!(answers(&binding), [("b", Val::U32(2))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    // By value, as `HashMap::insert` takes its key: the id becomes the
    // binding's.
    #[allow(clippy::needless_pass_by_value)]
    pub fn insert<Ctx>(&self, id: C::Id, plugin: PluginInstance<Ctx>) -> Result<(), LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        self.change(Action::Insert, &id, Some(plugin))
    }

    /// Takes the member `id` out of an `AtMostOne`, `AtLeastOne` or `Any`
    /// binding. Calls in progress in it finish; calls that start afterwards
    /// no longer reach it. Its resources held elsewhere are refused from
    /// then on, naming it, and dropping them is harmless; its store is
    /// freed when its last call ends.
    ///
    /// # Errors
    ///
    /// [`LinkError::UnknownPlugin`] if the binding holds no plugin `id`;
    /// [`LinkError::MembershipRefused`] for an `ExactlyOne` binding, and
    /// for the last member of an `AtLeastOne` one.
    pub fn remove<Ctx>(&self, id: &C::Id) -> Result<(), LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        self.change(Action::Remove, id, None)
    }

    fn change<Ctx>(
        &self,
        action: Action,
        id: &C::Id,
        newcomer: Option<PluginInstance<Ctx>>,
    ) -> Result<(), LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let core = &*self.core;
        // One change at a time, so that none is built on a membership
        // another one replaced meanwhile. Calls never take this lock.
        let serial = core.changing.lock().unwrap_or_else(PoisonError::into_inner);
        let old = core.current.load_full();
        let outcome = self.next(action, id, newcomer, &old).map(|next| {
            core.current.store(Arc::new(next));
        });
        drop(serial);
        crate::trace::membership(&core.package, action.verb(), &id.to_string(), &outcome);
        // The old membership (and a plugin that left) is freed here, or
        // when the last call still using it ends.
        drop(old);
        outcome
    }

    /// The membership after `action`, checked.
    fn next<Ctx>(
        &self,
        action: Action,
        id: &C::Id,
        newcomer: Option<PluginInstance<Ctx>>,
        old: &Membership,
    ) -> Result<Membership, LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let core = &*self.core;
        let refused = |reason: String| LinkError::MembershipRefused {
            binding: core.package.clone(),
            cardinality: core.kind,
            plugin: id.to_string(),
            reason,
        };
        let old_entries = old.entries::<C>();
        let position = old_entries.iter().position(|(known, _)| known == id);
        match (action, position, core.kind) {
            (Action::Replace | Action::Remove, None, _) => {
                return Err(LinkError::UnknownPlugin {
                    package: core.package.clone(),
                    plugin: id.to_string(),
                });
            }
            (Action::Insert, Some(_), _) => {
                return Err(refused(
                    "the binding already holds a plugin of this id".into(),
                ));
            }
            (Action::Insert | Action::Remove, _, CardinalityKind::ExactlyOne) => {
                return Err(refused(
                    "an `ExactlyOne` binding always holds its one plugin: replace it instead"
                        .into(),
                ));
            }
            (Action::Insert, None, CardinalityKind::AtMostOne) if !old_entries.is_empty() => {
                return Err(refused(format!(
                    "an `AtMostOne` binding holds one plugin at most, and holds `{}`: \
                     replace or remove it first",
                    old.members[0].id
                )));
            }
            (Action::Remove, Some(_), CardinalityKind::AtLeastOne) if old_entries.len() == 1 => {
                return Err(refused(
                    "an `AtLeastOne` binding keeps at least one plugin: replace it instead".into(),
                ));
            }
            _ => {}
        }

        let mut members = old.members.clone();
        let mut entries: Vec<(C::Id, PluginInstance<Ctx>)> = old_entries
            .iter()
            .map(|(id, instance)| (id.clone(), instance.share()))
            .collect();
        if let Some(index) = position {
            members.remove(index);
            entries.remove(index);
        }
        if let Some(instance) = newcomer {
            let member = core.member(id, &instance);
            check_newcomer(core, &members, &member)?;
            for (_, check) in core
                .watchers
                .typed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
            {
                check(core, &member, &instance)?;
            }
            let at = entries.partition_point(|(known, _)| known < id);
            members.insert(at, member);
            entries.insert(at, (id.clone(), instance));
        }
        let next = Membership::new(core.declared(), members, entries);
        for (alive, check) in core
            .watchers
            .imports
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            if alive.strong_count() > 0 {
                check(core, &next, &id.to_string())?;
            }
        }
        Ok(next)
    }
}

/// The newcomer exports every declared function, each with the type the
/// `others` (the members it joins) export.
fn check_newcomer(
    core: &BindingCore,
    others: &[Member],
    newcomer: &Member,
) -> Result<(), LinkError> {
    for interface in core.declared() {
        for function in &interface.functions {
            let mismatch = |reason: String| LinkError::ExportMismatch {
                exporter: newcomer.id.clone(),
                binding: core.package.clone(),
                function: format!("{}#{}", interface.name, function.name),
                reason,
            };
            let established = others
                .iter()
                .find_map(|m| m.exports[function.slot].as_ref().map(|ty| (m, ty)));
            newcomer
                .export_fitting((interface, function), established)
                .map_err(mismatch)?;
        }
    }
    Ok(())
}

impl<Ctx: 'static> PluginInstance<Ctx> {
    /// Another handle to the same plugin, for a membership being built.
    fn share(&self) -> Self {
        Self {
            cell: Arc::clone(&self.cell),
        }
    }
}
