//! Bindings: a WIT package's interfaces, implemented by a cardinality of
//! plugins, callable from the host and usable as other plugins' sockets.

pub(crate) mod cardinality;
mod change;
pub(crate) mod fan_out;
pub(crate) mod interface;
pub(crate) mod membership;

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};

use arc_swap::ArcSwap;
use wasmtime::component::Val;

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::cardinality::{Cardinality, CardinalityKind};
use crate::binding::interface::Interface;
use crate::binding::membership::{FunctionEntry, InterfaceEntry, Member, Membership};
use crate::error::{CallSite, DispatchError};
use crate::plugin::cell::{ErasedPlugin, PluginCell};
use crate::plugin::chain::InChain;
use crate::plugin::id::PluginId;

/// A binding: the interfaces of one WIT package, implemented by the plugins
/// in a cardinality wrapper.
///
/// `Binding` is a cheap shared handle: cloning it shares the same plugins, so
/// one binding can be a socket of several plugins (a diamond) and still be
/// called from the host. Its members can change while it runs
/// ([`replace`](Self::replace), [`insert`](Self::insert),
/// [`remove`](Self::remove)); every clone, socket and typed group sees the
/// change from its next call on.
pub struct Binding<C: Cardinality> {
    pub(crate) core: Arc<BindingCore>,
    _cardinality: PhantomData<fn() -> C>,
}

impl<C: Cardinality> Clone for Binding<C> {
    fn clone(&self) -> Self {
        Self {
            core: Arc::clone(&self.core),
            _cardinality: PhantomData,
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
                &self
                    .core
                    .current
                    .load()
                    .members
                    .iter()
                    .map(|m| m.id.clone())
                    .collect::<Vec<_>>(),
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
    /// The interfaces as declared, before any exporter's type is known:
    /// each membership fills in its own copy, in this order.
    declared: Vec<InterfaceEntry>,
    /// Name lookups on every `dispatch`: a fast non-cryptographic hash (the
    /// keys are the host's own names, not attacker input).
    interface_index: foldhash::HashMap<String, usize>,
    /// The members now; a call loads it once and keeps it to its end.
    pub(crate) current: ArcSwap<Membership>,
    /// What a change of members must be checked against.
    pub(crate) watchers: change::Watchers,
    /// Serialises changes of members, so that none is lost.
    changing: Mutex<()>,
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
        let declared: Vec<InterfaceEntry> = interfaces
            .into_iter()
            .map(|(name, interface)| {
                let functions: Vec<FunctionEntry> = interface
                    .functions()
                    .iter()
                    .map(|(name, meta)| {
                        slots += 1;
                        FunctionEntry::declared(name.clone(), *meta, slots - 1)
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

        let mut plugins = plugins.into_entries();
        plugins.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut core = BindingCore {
            interface_index: declared
                .iter()
                .enumerate()
                .map(|(i, interface)| (interface.name.clone(), i))
                .collect(),
            package,
            kind: C::KIND,
            id_wit: C::Id::WIT_TYPE,
            id_matches: C::Id::matches,
            current: ArcSwap::from_pointee(Membership::new::<C::Id, C::Item>(
                &declared,
                Vec::new(),
                Vec::new(),
            )),
            declared,
            watchers: change::Watchers::default(),
            changing: Mutex::new(()),
        };
        // Members in ascending id order: calls, results and errors come in
        // the same order every time.
        let members = plugins
            .iter()
            .map(|(id, instance)| core.member(id, instance))
            .collect();
        core.current = ArcSwap::from_pointee(Membership::new(&core.declared, members, plugins));
        Self {
            core: Arc::new(core),
            _cardinality: PhantomData,
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
        binding
            .core
            .current
            .load()
            .check_conflicts(&binding.core.package)?;
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
        let outcome = self.cell_of(id)?.restart(context);
        crate::trace::restarted(&id.to_string(), &outcome);
        outcome
    }

    /// [`restart`](Self::restart) without blocking the thread: the new
    /// instance starts on a wasmtime fiber (yielding to the executor at
    /// every epoch tick), then the call in progress is awaited. The way to
    /// restart a plugin linked with [`Plugin::link_async`](crate::Plugin::link_async),
    /// whose start-up must be awaited; it restarts any plugin.
    ///
    /// # Errors
    ///
    /// Those of [`restart`](Self::restart).
    pub async fn restart_async<Ctx>(&self, id: &C::Id, context: Ctx) -> Result<(), crate::LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let cell = self.cell_of(id)?;
        let outcome = InChain::new(async move { cell.restart_async(context).await }).await;
        crate::trace::restarted(&id.to_string(), &outcome);
        outcome
    }

    /// The running plugin `id`, for a restart.
    fn cell_of<Ctx>(&self, id: &C::Id) -> Result<Arc<PluginCell<Ctx>>, crate::LinkError>
    where
        C: Cardinality<Item = PluginInstance<Ctx>>,
        Ctx: PluginContext,
    {
        let membership = self.core.current.load_full();
        membership
            .entries::<C>()
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, instance)| Arc::clone(&instance.cell))
            .ok_or_else(|| crate::LinkError::UnknownPlugin {
                package: self.core.package.clone(),
                plugin: id.to_string(),
            })
    }

    /// The package this binding implements.
    pub fn package(&self) -> &str {
        &self.core.package
    }

    /// The binding's plugin ids now, in ascending order (members can
    /// change, so this is a copy).
    pub fn ids(&self) -> Vec<C::Id> {
        self.core.current.load().ids::<C>().to_vec()
    }

    /// Calls `function` of `interface` and collects one result per plugin, in
    /// the binding's own cardinality.
    ///
    /// A freestanding function (including constructors and static functions)
    /// runs in every plugin, one after the other in ascending id order; a
    /// [`FunctionKind::Method`](crate::FunctionKind::Method) runs only in the plugin that owns the
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
        let membership = self.core.current.load();
        let function = self
            .core
            .find(&membership, interface, function)
            .map_err(|unknown| unknown(CallSite::new("", interface, function)))?;
        let entries = membership.call_from_host(function, args)?;
        Ok(C::from_entries(
            membership
                .ids::<C>()
                .iter()
                .zip(entries)
                .filter_map(|(id, result)| Some((id.clone(), result?))),
        ))
    }
}

impl<C> Binding<C>
where
    C: Cardinality,
    C::Id: PluginId,
{
    /// [`dispatch`](Self::dispatch) without blocking the thread, with the
    /// same result: a busy plugin is awaited, a long call yields to the
    /// executor at every epoch tick (with an epoch limiter), and the members
    /// of a fan-out (`AtLeastOne`, `Any`) run concurrently, in parallel on a
    /// multi-threaded tokio runtime.
    ///
    /// It calls plugins of any kind: those without sockets, and those linked
    /// with [`Plugin::link_async`](crate::Plugin::link_async). A plugin linked
    /// with [`Plugin::link`](crate::Plugin::link) answers
    /// [`DispatchError::WrongEntryPoint`] (its sockets would block the
    /// executor's thread).
    ///
    /// # Cancellation
    ///
    /// Dropping the future before it finishes (a timeout, a cancelled
    /// request) never holds a lock and never affects another plugin. A call
    /// cut off inside a plugin leaves that plugin [`DispatchError::Unusable`]
    /// until [`restart`](Self::restart) (wasmtime cannot resume or unwind a
    /// call it was not allowed to finish); a call still waiting for a busy
    /// plugin leaves nothing behind. On a multi-threaded runtime the members
    /// of a fan-out run as tasks of their own: those already running finish,
    /// and their results are dropped.
    ///
    /// # Errors
    ///
    /// Those of [`dispatch`](Self::dispatch).
    pub async fn dispatch_async(
        &self,
        interface: &str,
        function: &str,
        args: &[Val],
    ) -> Result<C::Rebind<Result<Val, DispatchError>>, DispatchError> {
        let membership = self.core.current.load_full();
        let at = self
            .core
            .locate(interface, function)
            .map_err(|unknown| unknown(CallSite::new("", interface, function)))?;
        let entry = &membership.interfaces[at.0];
        let (incoming, reached) =
            membership.plan_host_call((entry, &entry.functions[at.1]), args)?;
        let entries =
            fan_out::call_members(Arc::clone(&membership), at, args, incoming, reached).await;
        Ok(C::from_entries(
            membership
                .ids::<C>()
                .iter()
                .zip(entries)
                .filter_map(|(id, result)| Some((id.clone(), result?))),
        ))
    }
}

/// Builds the error for a name the binding does not declare.
type UnknownName = fn(CallSite) -> DispatchError;

impl BindingCore {
    /// Resolves a function by name in `membership`; on failure, the error's
    /// constructor.
    pub(crate) fn find<'m>(
        &self,
        membership: &'m Membership,
        interface: &str,
        function: &str,
    ) -> Result<(&'m InterfaceEntry, &'m FunctionEntry), UnknownName> {
        let (i, f) = self.locate(interface, function)?;
        let entry = &membership.interfaces[i];
        Ok((entry, &entry.functions[f]))
    }

    /// The indices of a function, by name (the same in every membership);
    /// on failure, the error's constructor.
    pub(crate) fn locate(
        &self,
        interface: &str,
        function: &str,
    ) -> Result<(usize, usize), UnknownName> {
        let i = *self
            .interface_index
            .get(interface)
            .ok_or(DispatchError::UnknownInterface as UnknownName)?;
        let f = *self.declared[i]
            .function_index
            .get(function)
            .ok_or(DispatchError::UnknownFunction as UnknownName)?;
        Ok((i, f))
    }

    /// The indices of a function, by name, if the binding declares it.
    pub(crate) fn position(&self, interface: &str, function: &str) -> Option<(usize, usize)> {
        self.locate(interface, function).ok()
    }

    /// Waits for a change of members in progress, if any, to be stored.
    /// Whoever registers a watcher calls this afterwards and then checks
    /// the current members: every change either started after the watcher
    /// was registered (and is checked by it) or is among those members.
    /// Changes never wait for calls, so this wait is short.
    pub(crate) fn settle_changes(&self) {
        drop(self.changing.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// The interfaces as declared (names, functions, slots), in the order
    /// every membership keeps.
    pub(crate) fn declared(&self) -> &[InterfaceEntry] {
        &self.declared
    }

    /// `instance` as the member `id`: it resolves the binding's functions
    /// once, by slot.
    fn member<Id: PluginId, Ctx: PluginContext>(
        &self,
        id: &Id,
        instance: &PluginInstance<Ctx>,
    ) -> Member {
        let mut names = vec![(String::new(), String::new()); self.slots()];
        for interface in &self.declared {
            for function in &interface.functions {
                names[function.slot] = (interface.qualified.clone(), function.name.clone());
            }
        }
        let plugin: Arc<dyn ErasedPlugin> = instance.cell.clone();
        let exports = plugin.bind(&id.to_string(), names.into());
        Member {
            id: id.to_string(),
            id_val: id.to_val(),
            plugin,
            exports: exports.into(),
        }
    }

    /// How many functions the binding declares (the size of each member's
    /// export table).
    fn slots(&self) -> usize {
        self.declared.iter().map(|i| i.functions.len()).sum()
    }
}

/// The current membership of a binding, loaded once for one call.
pub(crate) type Loaded = arc_swap::Guard<Arc<Membership>>;

impl<C: Cardinality> Binding<C> {
    /// The members now, for one call.
    pub(crate) fn load(&self) -> Loaded {
        self.core.current.load()
    }
}
