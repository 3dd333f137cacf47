//! Sockets: a binding as the provider of another plugin's imports.
//!
//! When a plugin is linked, every function it imports from a socket's
//! interface gets a host function that forwards the call to the binding's
//! plugins. The importer's declared result type picks the shape the results
//! come back in (see the crate docs, "The socket ABI"); it is checked here,
//! at link time, against the cardinality and the exporters' own types.

mod concurrent;
mod link;
pub(crate) mod typed;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak};

use futures_util::future::join_all;
use wasmtime::component::types::{ComponentFunc, ComponentItem, Type};
use wasmtime::component::{Component, Linker, Val};
use wasmtime::{Engine, StoreContextMut};

use crate::PluginContext;
use crate::PluginInstance;
use crate::binding::cardinality::{Cardinality, CardinalityKind};
use crate::binding::interface::FunctionKind;
use crate::binding::membership::{FunctionEntry, InterfaceEntry, Member, Membership};
use crate::binding::{Binding, BindingCore, fan_out};
use crate::error::wire::is_dispatch_error;
use crate::error::{CallSite, DispatchError, LinkError, PluginLabel};
use crate::plugin::cell::{ErasedPlugin, Mode};
use crate::plugin::chain::InChain;
use crate::plugin::limits::{Budget, Spent, Ticks};
#[cfg(feature = "component-model-async")]
use crate::plugin::subtasks::Subtasks;
use crate::resources::foreign::{self, OwnLoans};
use crate::resources::owner::Owner;
use crate::resources::visit::for_each_resource;
use crate::resources::{Target, Transit};
use crate::socket::typed::TypedForwards;
use crate::wit_type;

/// A binding with its plugin id and cardinality types erased, so that
/// bindings of different cardinalities can be passed to one
/// [`Plugin::link`](crate::Plugin::link) call: `vec![a.into(), b.into()]`.
#[derive(Clone)]
pub struct Socket {
    core: Arc<BindingCore>,
    /// Typed forwarders, when the socket came from a typed group: a
    /// `TypedForwards<Ctx>` for the group's context type.
    typed: Option<Arc<dyn std::any::Any + Send + Sync>>,
}

impl Socket {
    pub(crate) fn typed(
        core: Arc<BindingCore>,
        typed: Arc<dyn std::any::Any + Send + Sync>,
    ) -> Self {
        Self {
            core,
            typed: Some(typed),
        }
    }
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket")
            .field("package", &self.core.package)
            .field("cardinality", &self.core.kind)
            .finish_non_exhaustive()
    }
}

impl<C: Cardinality> From<Binding<C>> for Socket {
    fn from(binding: Binding<C>) -> Self {
        Self {
            core: binding.core,
            typed: None,
        }
    }
}

impl<C: Cardinality> From<&Binding<C>> for Socket {
    fn from(binding: &Binding<C>) -> Self {
        Self {
            core: Arc::clone(&binding.core),
            typed: None,
        }
    }
}

/// The importing plugin, known only once it is instantiated; host functions
/// need it to move resource handles in and out of its store, and to charge
/// what its socket calls spend to its call's budget.
#[derive(Clone, Default)]
pub(crate) struct Importer(Arc<OnceLock<(Weak<dyn ErasedPlugin>, Ticks)>>);

impl Importer {
    pub(crate) fn set<Ctx: PluginContext>(&self, instance: &PluginInstance<Ctx>) {
        let erased: Arc<dyn ErasedPlugin> = instance.cell.clone();
        let _ = self.0.set((Arc::downgrade(&erased), erased.ticks()));
    }

    pub(crate) fn get(&self) -> Option<Arc<dyn ErasedPlugin>> {
        self.0.get().and_then(|(me, _)| me.upgrade())
    }

    /// The socket calls the importer's guest started without waiting for
    /// them (none before it has started).
    #[cfg(feature = "component-model-async")]
    pub(crate) fn subtasks(&self) -> Option<Arc<Subtasks>> {
        self.get().map(|me| me.subtasks())
    }

    /// The importer as an owner of resources (when it can pass handles: it
    /// has started), and as the target of the handles a call returns.
    pub(crate) fn owner(&self) -> (Option<Arc<dyn Owner>>, Target) {
        match self.get() {
            Some(me) => {
                let target = me.target();
                (Some(me as Arc<dyn Owner>), target)
            }
            None => (None, Target::none()),
        }
    }

    /// What the importer's running call has left, for the calls it makes.
    pub(crate) fn budget<Ctx>(&self, store: &StoreContextMut<'_, Ctx>) -> Budget {
        let engine = store.engine();
        Budget {
            // Asked only where the engine meters fuel: elsewhere `get_fuel`
            // fails, and its error allocates.
            fuel: engine
                .get_consume_fuel()
                .then(|| store.get_fuel().ok())
                .flatten(),
            ticks: engine
                .get_epoch_interruption()
                .then(|| self.0.get().map(|(_, ticks)| ticks.left()))
                .flatten(),
        }
    }

    /// Charges what its socket calls spent to the importer's running call.
    pub(crate) fn charge<Ctx>(&self, store: &mut StoreContextMut<'_, Ctx>, spent: Spent) {
        if spent.fuel > 0
            && let Ok(left) = store.get_fuel()
        {
            let _ = store.set_fuel(left.saturating_sub(spent.fuel));
        }
        if let Some((_, ticks)) = self.0.get() {
            ticks.charge(store, spent.ticks);
        }
    }
}

/// How an importer receives one socket function's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `T`: exactly one plugin, a failure traps the importer.
    Transparent,
    /// `tuple<id, result<T, E>>`
    Tagged,
    /// `option<tuple<id, result<T, E>>>`
    Optional,
    /// `list<tuple<id, result<T, E>>>`
    List,
    /// `map<id, result<T, E>>`
    Map,
    /// A method's `result<T, E>`.
    MethodResult,
    /// A method's plain `T`: a failure traps the importer.
    MethodPlain,
}

/// Defines, in `linker`, every import of `component` that a socket provides.
/// With [`Mode::Async`], the functions await the socket's plugins (wasmtime
/// then requires async calls into the importer).
pub(crate) fn define_sockets<Ctx: PluginContext>(
    engine: &Engine,
    linker: &mut Linker<Ctx>,
    (component, plugin): (&Component, &PluginLabel),
    sockets: &[Socket],
    mode: Mode,
) -> Result<Importer, LinkError> {
    let provided = provided(sockets, plugin)?;
    let importer = Importer::default();
    for (name, item) in component.component_type().imports(engine) {
        let Some(&(socket, interface_index)) = provided.get(name) else {
            continue;
        };
        let core = &socket.core;
        // Typed forwarders serve importers of the group's own context type.
        let typed = socket
            .typed
            .as_ref()
            .and_then(|typed| typed.downcast_ref::<TypedForwards<Ctx>>());
        let ComponentItem::ComponentInstance(import_ty) = item.ty else {
            continue;
        };
        // Checked against the members now; a later change of members is
        // checked against this import (see `watch`).
        let membership = core.current.load();
        let interface = &membership.interfaces[interface_index];
        check_exporters(core, &membership, interface)?;
        check_names(core, interface)?;
        let define = |source| LinkError::Define {
            plugin: plugin.clone(),
            import: name.to_owned(),
            source,
        };
        let mut instance = linker.instance(name).map_err(define)?;
        // The socket functions defined, to check again once a change of
        // members in progress is stored (see `recheck`).
        let mut defined = Vec::new();
        for (item_name, item) in import_ty.exports(engine) {
            let import = || format!("{}#{item_name}", interface.name);
            match item.ty {
                ComponentItem::Resource(_) => {
                    instance
                        .resource(item_name, foreign::foreign_type(), |store, rep| {
                            foreign::drop_foreign(store, rep)
                        })
                        .map_err(define)?;
                }
                ComponentItem::ComponentFunc(func) => {
                    let Some(function_index) =
                        interface.functions.iter().position(|f| f.name == item_name)
                    else {
                        return Err(LinkError::UndeclaredImport {
                            plugin: plugin.clone(),
                            import: import(),
                            socket: core.package.clone(),
                        });
                    };
                    let function = &interface.functions[function_index];
                    if let Some(reason) = concurrent::unserved(engine, mode, function, &func) {
                        return Err(LinkError::Unserved {
                            plugin: plugin.clone(),
                            import: import(),
                            reason,
                        });
                    }
                    let shape =
                        checked_shape((core, &membership), (plugin, import()), function, &func)?;
                    defined.push((function_index, func.clone(), shape, import()));
                    watch(
                        core,
                        &importer,
                        Watched {
                            plugin: plugin.clone(),
                            import: import(),
                            at: (interface_index, function_index),
                            func: func.clone(),
                            shape,
                        },
                    );
                    let narrowed = is_narrowed(&func);
                    // A typed socket has forwarders for importers of both
                    // kinds; other sockets use the `Val` forwarder below.
                    // (An `async func` import takes a concurrent host
                    // function, which only the `Val` forwarder defines.)
                    if let Some(typed) = typed
                        .filter(|_| !func.async_())
                        .and_then(|t| t.get(function.slot, mode))
                    {
                        typed(&mut instance, item_name, shape, narrowed, &importer)
                            .map_err(define)?;
                        continue;
                    }
                    let forward = Forward {
                        core: Arc::clone(core),
                        interface: interface_index,
                        function: function_index,
                        shape,
                        narrowed,
                        importer: importer.clone(),
                    };
                    forward
                        .define(&mut instance, item_name, mode, func.async_())
                        .map_err(define)?;
                }
                _ => {}
            }
        }
        recheck(core, interface_index, plugin, defined)?;
    }
    Ok(importer)
}

/// Which socket provides each interface (by qualified name), and its index
/// there; an interface two sockets provide is refused.
fn provided<'s>(
    sockets: &'s [Socket],
    plugin: &PluginLabel,
) -> Result<HashMap<&'s str, (&'s Socket, usize)>, LinkError> {
    let mut provided = HashMap::new();
    for socket in sockets {
        for (index, interface) in socket.core.declared().iter().enumerate() {
            if provided
                .insert(interface.qualified.as_str(), (socket, index))
                .is_some()
            {
                return Err(LinkError::DuplicateSocket {
                    plugin: plugin.clone(),
                    interface: interface.qualified.clone(),
                });
            }
        }
    }
    Ok(provided)
}

/// Checks the socket functions `defined` (index, imported type, shape,
/// import name) of interface `interface` again, against the members of the
/// moment. Their watchers check every change from now on; a change that was
/// in progress when they were registered is stored first, so no change
/// escapes both checks.
fn recheck(
    core: &BindingCore,
    interface: usize,
    plugin: &PluginLabel,
    defined: Vec<(usize, ComponentFunc, Shape, String)>,
) -> Result<(), LinkError> {
    core.settle_changes();
    let now = core.current.load();
    let interface = &now.interfaces[interface];
    check_exporters(core, &now, interface)?;
    for (function, func, shape, import) in defined {
        let function = &interface.functions[function];
        let found = checked_shape((core, &now), (plugin, import.clone()), function, &func)?;
        if found != shape {
            return Err(LinkError::ImportType {
                plugin: plugin.clone(),
                import,
                socket: core.package.clone(),
                cardinality: core.kind,
                expected: expected_shapes(core, function),
                found: wit_type::render_func(&func),
            });
        }
    }
    Ok(())
}

/// The shape `plugin` declared for `function` (its import `import`), if it
/// fits the socket's cardinality and its members' types, and moves no owned
/// handle into several plugins.
fn checked_shape(
    (core, membership): (&BindingCore, &Membership),
    (plugin, import): (&PluginLabel, String),
    function: &FunctionEntry,
    func: &ComponentFunc,
) -> Result<Shape, LinkError> {
    let shape = match choose_shape(core, function, func) {
        Ok(shape) => shape,
        Err(expected) => {
            return Err(LinkError::ImportType {
                plugin: plugin.clone(),
                import,
                socket: core.package.clone(),
                cardinality: core.kind,
                expected,
                found: wit_type::render_func(func),
            });
        }
    };
    match check_moves_once(membership, shape, func) {
        Ok(()) => Ok(shape),
        Err(plugins) => Err(LinkError::MovesIntoSeveral {
            plugin: plugin.clone(),
            import,
            socket: core.package.clone(),
            plugins,
        }),
    }
}

/// An import that takes an owned handle must reach one plugin at most: the
/// canonical ABI takes the handle from the importer before any host code
/// could refuse the call, so it could never be handed back. A method reaches
/// its resource's owner; anything else reaches every plugin, so it is
/// refused (with the count) when the socket holds several.
fn check_moves_once(
    membership: &Membership,
    shape: Shape,
    func: &ComponentFunc,
) -> Result<(), usize> {
    let method = matches!(shape, Shape::MethodPlain | Shape::MethodResult);
    let moves = func.params().any(|(_, ty)| wit_type::may_hold_own(&ty));
    if !method && moves && membership.members.len() > 1 {
        return Err(membership.members.len());
    }
    Ok(())
}

/// One socket function as an importer declared it.
struct Watched {
    plugin: PluginLabel,
    /// As `interface#function`.
    import: String,
    /// The function's indices in the binding.
    at: (usize, usize),
    func: ComponentFunc,
    shape: Shape,
}

/// Keeps `watched` for as long as the importer lives: every later change of
/// the binding's members must leave it the shape it was linked with.
fn watch(core: &BindingCore, importer: &Importer, watched: Watched) {
    let alive = Arc::downgrade(&importer.0);
    core.watchers.watch_import(
        alive,
        Box::new(move |core, next, plugin| {
            let Watched {
                at: (interface, function),
                ref func,
                shape,
                ..
            } = watched;
            let entry = &next.interfaces[interface].functions[function];
            let fits = choose_shape(core, entry, func).ok() == Some(shape);
            let found = wit_type::render_func(func);
            let reason = if !fits {
                format!(
                    "as `{found}`, which would need `{}`",
                    expected_shapes(core, entry)
                )
            } else if let Err(plugins) = check_moves_once(next, shape, func) {
                format!(
                    "as `{found}`, taking an owned handle, which cannot move into the \
                     {plugins} plugins the binding would hold"
                )
            } else {
                return Ok(());
            };
            Err(LinkError::ImporterMismatch {
                binding: core.package.clone(),
                plugin: plugin.to_owned(),
                importer: watched.plugin.clone(),
                import: watched.import.clone(),
                reason,
            })
        }),
    );
}

/// An interface cannot declare a resource and a function of one name: an
/// importer could not import both.
fn check_names(core: &BindingCore, interface: &InterfaceEntry) -> Result<(), LinkError> {
    match interface
        .resources
        .iter()
        .find(|r| interface.functions.iter().any(|f| &f.name == *r))
    {
        Some(clash) => Err(LinkError::NameClash {
            socket: core.package.clone(),
            interface: interface.name.clone(),
            name: clash.clone(),
        }),
        None => Ok(()),
    }
}

/// Every plugin of the socket must export every function the interface
/// declares, all with one type: importers are checked against it.
fn check_exporters(
    core: &BindingCore,
    membership: &Membership,
    interface: &InterfaceEntry,
) -> Result<(), LinkError> {
    for function in &interface.functions {
        let mismatch = |member: &Member, reason: String| LinkError::ExportMismatch {
            exporter: member.id.clone(),
            binding: core.package.clone(),
            function: format!("{}#{}", interface.name, function.name),
            reason,
        };
        let mut first: Option<(&Member, &ComponentFunc)> = None;
        for member in &membership.members {
            let ty = member
                .export_fitting((interface, function), first)
                .map_err(|reason| mismatch(member, reason))?;
            first.get_or_insert((member, ty));
        }
    }
    Ok(())
}

/// Whether the importer declared `result<T>` (no error payload) where the
/// error would go.
fn is_narrowed(func: &ComponentFunc) -> bool {
    fn find(ty: &Type) -> Option<bool> {
        match ty {
            Type::Result(r) => Some(r.err().is_none()),
            Type::Tuple(t) => t.types().nth(1).as_ref().and_then(find),
            Type::Option(o) => find(&o.ty()),
            Type::List(l) => find(&l.ty()),
            Type::Map(m) => find(&m.value()),
            _ => None,
        }
    }
    func.results()
        .next()
        .as_ref()
        .and_then(find)
        .unwrap_or(false)
}

/// Picks the shape of `imported` or says which WIT types would fit.
fn choose_shape(
    core: &BindingCore,
    function: &FunctionEntry,
    imported: &ComponentFunc,
) -> Result<Shape, String> {
    let exported = function.ty.as_ref();
    let same_params = exported.is_none_or(|f| wit_type::same_params(f, imported));
    match match_shape(core, function, imported) {
        Some(shape) if same_params => Ok(shape),
        _ => Err(expected_shapes(core, function)),
    }
}

/// The shape `imported`'s result has, if it fits the socket.
fn match_shape(
    core: &BindingCore,
    function: &FunctionEntry,
    imported: &ComponentFunc,
) -> Option<Shape> {
    // The exporters' result type; unknown when the socket has no plugin.
    let t = function.ty.as_ref().map(|f| f.results().next());
    // `T` itself, or nothing for a function without a result.
    let is_t = |ty: Option<&Type>| {
        t.as_ref()
            .is_none_or(|t| wit_type::same_opt(ty, t.as_ref()))
    };
    // `result<T, dispatch-error>` or `result<T>`.
    let is_result = |ty: &Type| match ty {
        Type::Result(r) => is_t(r.ok().as_ref()) && r.err().as_ref().is_none_or(is_dispatch_error),
        _ => false,
    };
    // `tuple<id, result<T, E>>`
    let is_entry = |ty: &Type| match ty {
        Type::Tuple(t) => {
            let mut types = t.types();
            types.len() == 2
                && types.next().is_some_and(|id| (core.id_matches)(&id))
                && types.next().is_some_and(|r| is_result(&r))
        }
        _ => false,
    };

    let found = imported.results().next();
    if function.meta.kind() == FunctionKind::Method {
        return match &found {
            found if is_t(found.as_ref()) => Some(Shape::MethodPlain),
            Some(ty) if is_result(ty) => Some(Shape::MethodResult),
            _ => None,
        };
    }
    match (core.kind, &found) {
        (CardinalityKind::ExactlyOne, found) if is_t(found.as_ref()) => Some(Shape::Transparent),
        (CardinalityKind::ExactlyOne, Some(ty)) if is_entry(ty) => Some(Shape::Tagged),
        (CardinalityKind::AtMostOne, Some(Type::Option(o))) if is_entry(&o.ty()) => {
            Some(Shape::Optional)
        }
        (CardinalityKind::AtLeastOne | CardinalityKind::Any, Some(Type::List(l)))
            if is_entry(&l.ty()) =>
        {
            Some(Shape::List)
        }
        (CardinalityKind::AtLeastOne | CardinalityKind::Any, Some(Type::Map(m)))
            if (core.id_matches)(&m.key()) && is_result(&m.value()) =>
        {
            Some(Shape::Map)
        }
        _ => None,
    }
}

/// The WIT types an importer may declare for `function`, for link errors.
fn expected_shapes(core: &BindingCore, function: &FunctionEntry) -> String {
    let exported = function.ty.as_ref();
    let t = exported.map(|f| f.results().next());
    let t_wit = t
        .as_ref()
        .map_or_else(|| "T".to_owned(), |t| wit_type::render_opt(t.as_ref()));
    let params_wit = exported.map_or_else(
        || "..".to_owned(),
        |f| {
            let rendered = wit_type::render_func(f);
            rendered[..rendered.find(')').map_or(rendered.len(), |i| i + 1)].to_owned()
        },
    );
    let result_wit = format!("result<{t_wit}, dispatch-error>");
    let entry_wit = format!("tuple<{}, {result_wit}>", core.id_wit);
    let results = if function.meta.kind() == FunctionKind::Method {
        vec![t_wit, result_wit]
    } else {
        match core.kind {
            CardinalityKind::ExactlyOne => vec![t_wit, entry_wit],
            CardinalityKind::AtMostOne => vec![format!("option<{entry_wit}>")],
            CardinalityKind::AtLeastOne | CardinalityKind::Any => vec![
                format!("list<{entry_wit}>"),
                format!("map<{}, {result_wit}>", core.id_wit),
            ],
        }
    };
    results
        .iter()
        .map(|r| {
            if r == "_" {
                params_wit.clone()
            } else {
                format!("{params_wit} -> {r}")
            }
        })
        .collect::<Vec<_>>()
        .join("` or `")
}

/// One plugin's call through a socket: its result value and the handles in
/// it, or its failure; and what it spent.
type Called = (Result<(Val, Vec<Transit>), DispatchError>, Spent);

/// The host function behind one imported socket function.
struct Forward {
    core: Arc<BindingCore>,
    interface: usize,
    function: usize,
    shape: Shape,
    narrowed: bool,
    importer: Importer,
}

impl Forward {
    /// Defines this forwarder as `name` in `instance`: a sync host function,
    /// or for [`Mode::Async`] an async one; for an `async func` import
    /// (`concurrent`, only ever in [`Mode::Async`]), a concurrent one.
    fn define<Ctx: PluginContext>(
        self,
        instance: &mut wasmtime::component::LinkerInstance<'_, Ctx>,
        name: &str,
        mode: Mode,
        concurrent: bool,
    ) -> wasmtime::Result<()> {
        #[cfg(feature = "component-model-async")]
        if concurrent {
            let forward = Arc::new(self);
            return instance.func_new_concurrent(name, move |accessor, _ty, params, results| {
                let forward = Arc::clone(&forward);
                Box::pin(async move { forward.call_concurrent(accessor, params, results).await })
            });
        }
        // Without the feature, wasmtime compiles no `async func` import.
        #[cfg(not(feature = "component-model-async"))]
        let _ = concurrent;
        if mode == Mode::Async {
            let forward = Arc::new(self);
            instance.func_new_async(name, move |store, _ty, params, results| {
                Box::new(Arc::clone(&forward).call_async(store, params, results))
            })
        } else {
            instance.func_new(name, move |store, _ty, params, results| {
                self.call(store, params, results)
            })
        }
    }

    fn call<Ctx: PluginContext>(
        &self,
        mut store: StoreContextMut<'_, Ctx>,
        params: &[Val],
        results: &mut [Val],
    ) -> wasmtime::Result<()> {
        // One membership for the whole call: it finishes on the members it
        // started with, whatever changes meanwhile.
        let m = self.core.current.load();
        let (target, incoming, lent) = match self.take_handles(&m, &mut store, params) {
            Ok(taken) => taken,
            Err(message) => return self.refuse(&m, &message, results),
        };
        let delivered = match self.reach(&m, incoming) {
            Ok((members, incoming)) => {
                let mut outcomes = Vec::with_capacity(members.len());
                for member in members {
                    let budget = self.importer.budget(&store);
                    let called = self.call_member(&m, member, params, incoming.clone(), budget);
                    outcomes.push(self.land(&m, &mut store, target, member, called));
                }
                self.deliver(&m, members, outcomes, results)
            }
            Err(message) => self.refuse(&m, &message, results),
        };
        lent.release(&mut store);
        delivered
    }

    /// [`call`](Self::call) for an importer linked with `link_async`: the
    /// same steps, awaiting the socket's plugins: all at once where the
    /// engine meters no fuel, else in turn.
    async fn call_async<Ctx: PluginContext>(
        self: Arc<Self>,
        mut store: StoreContextMut<'_, Ctx>,
        params: &[Val],
        results: &mut [Val],
    ) -> wasmtime::Result<()> {
        let m = self.core.current.load_full();
        let (target, incoming, lent) = match self.take_handles(&m, &mut store, params) {
            Ok(taken) => taken,
            Err(message) => return self.refuse(&m, &message, results),
        };
        let delivered = match self.reach(&m, incoming) {
            Ok((members, incoming)) => {
                let budget = self.importer.budget(&store);
                let mut outcomes = Vec::with_capacity(members.len());
                if members.len() > 1 && budget.fuel.is_none() {
                    // Concurrently, each a call chain of its own started from
                    // the importer's; on a multi-threaded runtime in parallel
                    // where no handle moves (a task may outlive a cancelled
                    // importer call, and must not hold its loans). Not where
                    // fuel is metered: members running at once would each
                    // get what the importer has left, and together could
                    // burn more.
                    let called = if incoming.is_empty() && fan_out::parallel_runtime() {
                        Arc::clone(&self)
                            .in_parallel(&m, members, params, budget)
                            .await
                    } else {
                        join_all(members.iter().map(|member| {
                            let call = self.call_member_async(
                                &m,
                                member,
                                params,
                                incoming.clone(),
                                budget,
                            );
                            InChain::new(call)
                        }))
                        .await
                    };
                    for (member, called) in members.iter().zip(called) {
                        outcomes.push(self.land(&m, &mut store, target, member, called));
                    }
                } else {
                    for member in members {
                        let budget = self.importer.budget(&store);
                        let called = self
                            .call_member_async(&m, member, params, incoming.clone(), budget)
                            .await;
                        outcomes.push(self.land(&m, &mut store, target, member, called));
                    }
                }
                self.deliver(&m, members, outcomes, results)
            }
            Err(message) => self.refuse(&m, &message, results),
        };
        lent.release_async(&mut store).await;
        delivered
    }

    /// The socket's `members` called as tasks on the runtime's workers, with
    /// one shared copy of the arguments (no handles among them). A task
    /// dropped with a cancelled importer call finishes on its own, as a
    /// parallel `dispatch_async` member does.
    async fn in_parallel(
        self: Arc<Self>,
        m: &Arc<Membership>,
        members: &[Member],
        params: &[Val],
        budget: Budget,
    ) -> Vec<Called> {
        let params: Arc<[Val]> = params.into();
        let first = m
            .members
            .iter()
            .position(|member| std::ptr::eq(member, members.as_ptr()))
            .unwrap_or_default();
        let tasks: Vec<_> = (first..first + members.len())
            .map(|at| {
                let (forward, m, params) = (Arc::clone(&self), Arc::clone(m), Arc::clone(&params));
                tokio::spawn(InChain::new(async move {
                    let member = &m.members[at];
                    forward
                        .call_member_async(&m, member, &params, Vec::new(), budget)
                        .await
                }))
            })
            .collect();
        fan_out::join_tasks(tasks).await
    }

    /// Takes the resource handles in the arguments out of the importer's
    /// store; with them, where the results' handles go. On failure, why.
    fn take_handles<Ctx: PluginContext>(
        &self,
        m: &Membership,
        store: &mut StoreContextMut<'_, Ctx>,
        params: &[Val],
    ) -> Result<(Target, Vec<Transit>, OwnLoans), String> {
        let function = &m.interfaces[self.interface].functions[self.function];
        // Only calls that move resource handles need the importer itself.
        let (importer, target) = if function.params_hold_resources || function.lift_results {
            self.importer.owner()
        } else {
            (None, Target::none())
        };
        if !function.params_hold_resources {
            return Ok((target, Vec::new(), OwnLoans::default()));
        }
        let mut scratch = params.to_vec();
        let (incoming, lent) = foreign::from_importer(store, importer.as_ref(), |each| {
            for_each_resource(&mut scratch, &mut |handle| each(handle))
        })?;
        Ok((target, incoming, lent))
    }

    /// The members the call reaches: a method's resource owner, or all of
    /// them. Handles that reach nobody are given up rather than leaked.
    fn reach<'m>(
        &self,
        m: &'m Membership,
        incoming: Vec<Transit>,
    ) -> Result<(&'m [Member], Vec<Transit>), String> {
        let method = matches!(self.shape, Shape::MethodPlain | Shape::MethodResult);
        match m.reach(method, &incoming) {
            Ok(reached) => Ok((&m.members[reached], incoming)),
            Err(message) => {
                incoming.into_iter().for_each(Transit::discard);
                Err(message)
            }
        }
    }

    /// The call's error before any plugin ran: an error value where the
    /// importer's shape has room for one, a trap otherwise.
    fn refuse(&self, m: &Membership, message: &str, results: &mut [Val]) -> wasmtime::Result<()> {
        let interface = &m.interfaces[self.interface];
        let function = &interface.functions[self.function];
        let error = DispatchError::InvalidResource {
            site: CallSite::new("", &interface.name, &function.name),
            message: message.to_owned(),
        };
        match self.shape {
            Shape::MethodResult | Shape::Tagged => {
                let value = self.result(Err(error));
                results[0] = if self.shape == Shape::Tagged {
                    // No member was reached: the binding's only member is
                    // named, as the shape has a place for an id.
                    match m.members.first() {
                        Some(member) => Val::Tuple(vec![member.id_val.clone(), value]),
                        None => return Err(wasmtime::Error::new(self.unreachable_error(m))),
                    }
                } else {
                    value
                };
                Ok(())
            }
            _ => Err(wasmtime::Error::new(error)),
        }
    }

    fn unreachable_error(&self, m: &Membership) -> DispatchError {
        let interface = &m.interfaces[self.interface];
        DispatchError::InvalidResource {
            site: CallSite::new(
                "",
                &interface.name,
                &interface.functions[self.function].name,
            ),
            message: "the socket has no plugin".to_owned(),
        }
    }

    /// Writes the importer's results from the outcomes of `members`, in the
    /// importer's shape.
    fn deliver(
        &self,
        m: &Membership,
        members: &[Member],
        outcomes: Vec<Result<Option<Val>, DispatchError>>,
        results: &mut [Val],
    ) -> wasmtime::Result<()> {
        let mut outcomes = members.iter().zip(outcomes);
        match self.shape {
            Shape::MethodPlain | Shape::MethodResult | Shape::Transparent => {
                match outcomes.next() {
                    Some((_, outcome)) => self.deliver_one(outcome, results),
                    None => Err(wasmtime::Error::new(self.unreachable_error(m))),
                }
            }
            Shape::Tagged => {
                let (member, outcome) = outcomes
                    .next()
                    .ok_or_else(|| wasmtime::Error::new(self.unreachable_error(m)))?;
                results[0] = self.entry(member, outcome);
                Ok(())
            }
            Shape::Optional => {
                results[0] = Val::Option(outcomes.next().map(|(m, o)| Box::new(self.entry(m, o))));
                Ok(())
            }
            Shape::List => {
                results[0] = Val::List(outcomes.map(|(m, o)| self.entry(m, o)).collect());
                Ok(())
            }
            Shape::Map => {
                results[0] = Val::Map(
                    outcomes
                        .map(|(m, o)| (m.id_val.clone(), self.result(o)))
                        .collect(),
                );
                Ok(())
            }
        }
    }

    /// Calls one plugin of the socket under what the importer's call has
    /// left (`budget`); its results as its store holds them.
    fn call_member(
        &self,
        m: &Membership,
        member: &Member,
        params: &[Val],
        incoming: Vec<Transit>,
        budget: Budget,
    ) -> Called {
        let interface = &m.interfaces[self.interface];
        let function = &interface.functions[self.function];
        let mut results = [Val::Bool(false)];
        let (outcome, spent) = member.call(
            interface,
            function,
            (params, incoming),
            budget,
            &mut results,
        );
        let [result] = results;
        (outcome.map(|outgoing| (result, outgoing)), spent)
    }

    /// [`call_member`](Self::call_member), awaiting a busy plugin.
    async fn call_member_async(
        &self,
        m: &Membership,
        member: &Member,
        params: &[Val],
        incoming: Vec<Transit>,
        budget: Budget,
    ) -> Called {
        let interface = &m.interfaces[self.interface];
        let function = &interface.functions[self.function];
        let mut results = [Val::Bool(false)];
        let (outcome, spent) = member
            .call_async(
                interface,
                function,
                (params, incoming),
                budget,
                &mut results,
            )
            .await;
        let [result] = results;
        (outcome.map(|outgoing| (result, outgoing)), spent)
    }

    /// Charges what one plugin's call spent to the importer, and moves the
    /// resource handles in its results into the importer's store.
    fn land<Ctx: PluginContext>(
        &self,
        m: &Membership,
        store: &mut StoreContextMut<'_, Ctx>,
        importer: Target,
        member: &Member,
        (called, spent): Called,
    ) -> Result<Option<Val>, DispatchError> {
        let interface = &m.interfaces[self.interface];
        let function = &interface.functions[self.function];
        // What the callee burnt is the caller's to pay, failed or not.
        self.importer.charge(store, spent);
        let (result, outgoing) = called?;
        let mut value = function.has_result.then_some(result);
        if !outgoing.is_empty() {
            let slots = std::slice::from_mut(value.get_or_insert(Val::Bool(false)));
            foreign::into_importer(&mut *store, importer, outgoing, |each| {
                for_each_resource(slots, &mut |slot| each(slot))
            })
            .map_err(|message| DispatchError::InvalidResource {
                site: CallSite::new(&member.id, &interface.name, &function.name),
                message,
            })?;
        }
        Ok(value)
    }

    /// Delivers a single outcome as a plain value (trapping the importer on
    /// failure) or as `result<T, E>`.
    fn deliver_one(
        &self,
        outcome: Result<Option<Val>, DispatchError>,
        results: &mut [Val],
    ) -> wasmtime::Result<()> {
        if self.shape == Shape::MethodResult {
            results[0] = self.result(outcome);
        } else if let Some(value) = outcome? {
            results[0] = value;
        }
        Ok(())
    }

    /// `tuple<id, result<T, E>>`
    fn entry(&self, member: &Member, outcome: Result<Option<Val>, DispatchError>) -> Val {
        Val::Tuple(vec![member.id_val.clone(), self.result(outcome)])
    }

    /// `result<T, E>`, or `result<T>` when the importer narrowed the error.
    fn result(&self, outcome: Result<Option<Val>, DispatchError>) -> Val {
        Val::Result(match outcome {
            Ok(value) => Ok(value.map(Box::new)),
            Err(error) => Err((!self.narrowed).then(|| Box::new(error.to_val()))),
        })
    }
}
