//! Resources across plugins.
//!
//! A resource handle that leaves its owner travels as a [`Transit`]: the
//! owner and the owner's own handle. Arriving in another plugin it becomes a
//! host resource ([`ForeignResource`], kept in that plugin's
//! [`ResourceTable`](wasmtime::component::ResourceTable)); arriving back at its
//! owner, or at the host, it is the owner's own handle again. Calls on it are
//! routed to the owner, and dropping the last wrapper drops the owner's
//! resource, which runs its destructor.

pub(crate) mod handle;
pub(crate) mod handles;

use std::sync::{Arc, OnceLock, RwLock, Weak};

use wasmtime::AsContextMut;
use wasmtime::component::types::Type;
use wasmtime::component::{Resource, ResourceAny, ResourceType, Val};

use crate::PluginContext;
use crate::error::DispatchError;
use crate::plugin::cell::ErasedPlugin;

/// A handle to another plugin's resource, held in a plugin's resource table.
///
/// Dropping it (when the holder's store goes away, e.g. on restart) drops
/// the owner's resource, unless its transit was taken out or only lent.
pub(crate) struct ForeignResource(Option<Transit>);

impl ForeignResource {
    /// Takes the transit out, leaving nothing to drop.
    fn take(mut self) -> Transit {
        self.0
            .take()
            .expect("a foreign resource holds its transit until taken")
    }
}

impl Drop for ForeignResource {
    fn drop(&mut self) {
        if let Some(transit) = self.0.take().filter(|t| !t.borrowed) {
            // Nothing to report to: the holder is gone. A busy owner on this
            // thread (re-entrance) or a trapped owner keeps its resource.
            let _ = transit.owner.drop_owned(transit.handle, transit.generation);
        }
    }
}

/// The WIT resource type under which plugins see other plugins' resources.
pub(crate) fn foreign_type() -> ResourceType {
    ResourceType::host::<ForeignResource>()
}

/// A resource handle on its way between plugins (or the host).
#[derive(Clone)]
pub(crate) struct Transit {
    pub(crate) owner: Arc<dyn ErasedPlugin>,
    /// The owner's own handle, valid in the owner's store.
    pub(crate) handle: ResourceAny,
    /// Lent for the duration of one call rather than moved.
    pub(crate) borrowed: bool,
    /// The owner's instance generation the handle belongs to.
    pub(crate) generation: u64,
}

impl Transit {
    pub(crate) fn is_owned_by(&self, plugin: *const ()) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&self.owner), plugin)
    }
}

/// A plugin that resource handles are moved into: its identity and the
/// generation of its current instance.
#[derive(Clone, Copy)]
pub(crate) struct Target {
    pub(crate) plugin: *const (),
    pub(crate) generation: u64,
}

impl Target {
    pub(crate) fn new<T>(plugin: &T, generation: u64) -> Self {
        Self {
            plugin: std::ptr::from_ref(plugin).cast(),
            generation,
        }
    }
}

/// Host resources lent to a plugin for one call, released when it returns.
#[derive(Default)]
pub(crate) struct Loans(Vec<(ResourceAny, u32)>);

impl Loans {
    pub(crate) fn release<T: PluginContext>(self, mut store: impl AsContextMut<Data = T>) {
        for (handle, rep) in self.0 {
            let _ = handle.resource_drop(&mut store);
            let _ = store
                .as_context_mut()
                .data_mut()
                .resource_table()
                .delete(Resource::<ForeignResource>::new_own(rep));
        }
    }
}

/// Takes a resource handle out of the store of `me`, which produced it.
pub(crate) fn lift<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    me: &Arc<dyn ErasedPlugin>,
    handle: ResourceAny,
) -> Result<Transit, String> {
    if let Some(generation) = me.owns(handle.ty()) {
        return Ok(Transit {
            owner: Arc::clone(me),
            handle,
            borrowed: !handle.owned(),
            generation,
        });
    }
    if handle.ty() != foreign_type() {
        return Err("the handle is neither the plugin's own resource nor one it received".into());
    }
    let borrowed = !handle.owned();
    let resource = handle
        .try_into_resource::<ForeignResource>(&mut store)
        .map_err(|e| format!("{e:#}"))?;
    let mut context = store.as_context_mut();
    let table = context.data_mut().resource_table();
    if borrowed {
        let entry = table.get(&resource).map_err(|e| e.to_string())?;
        let transit = entry.0.as_ref().ok_or("the handle was already moved")?;
        Ok(Transit {
            borrowed: true,
            ..transit.clone()
        })
    } else {
        Ok(table.delete(resource).map_err(|e| e.to_string())?.take())
    }
}

/// Puts a resource handle into the store of `me`: the owner's own handle if
/// `me` owns it, a [`ForeignResource`] wrapper otherwise. Lent wrappers are
/// recorded in `loans`, to be released when the call returns.
pub(crate) fn lower<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    me: Target,
    transit: Transit,
    loans: &mut Loans,
) -> Result<ResourceAny, String> {
    if transit.is_owned_by(me.plugin) {
        if transit.generation != me.generation {
            return Err(
                "the handle belongs to an instance of the plugin from before its restart".into(),
            );
        }
        return Ok(transit.handle);
    }
    let borrowed = transit.borrowed;
    let entry = ForeignResource(Some(transit));
    let rep = store
        .as_context_mut()
        .data_mut()
        .resource_table()
        .push(entry)
        .map_err(|e| e.to_string())?
        .rep();
    // Always an owned host handle: wasmtime lends it when the parameter is a
    // `borrow` (a host borrow handle needs a call scope, which the host side
    // of a call does not have). A loan is released when the call returns.
    let handle = Resource::<ForeignResource>::new_own(rep)
        .try_into_resource_any(&mut store)
        .map_err(|e| format!("{e:#}"))?;
    if borrowed {
        loans.0.push((handle, rep));
    }
    Ok(handle)
}

/// Walks the resource handles of a value, giving each to the visitor.
pub(crate) type VisitHandles<'v> = &'v mut dyn FnMut(&mut ResourceAny) -> Result<(), String>;

/// The importer's own resources it lent to a socket call, to be released
/// when the call is over.
#[derive(Default)]
pub(crate) struct OwnLoans(Vec<ResourceAny>);

impl OwnLoans {
    pub(crate) fn release(self, mut store: impl AsContextMut) {
        for handle in self.0 {
            let _ = handle.resource_drop(&mut store);
        }
    }
}

/// Takes the handles an importer passes to a socket call out of its store,
/// in the order `visit` meets them. `importer` is the calling plugin (`None`
/// while it is still starting up, when it cannot pass handles).
pub(crate) fn from_importer<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    importer: Option<&Arc<dyn ErasedPlugin>>,
    visit: impl FnOnce(VisitHandles<'_>) -> Result<(), String>,
) -> Result<(Vec<Transit>, OwnLoans), String> {
    let mut incoming = Vec::new();
    visit(&mut |handle| {
        let me = importer.ok_or("the importer is still starting up")?;
        incoming.push(lift(&mut store, me, *handle)?);
        Ok(())
    })?;
    let own = importer.map(|me| Arc::as_ptr(me).cast::<()>());
    let lent = incoming
        .iter()
        .filter(|t| t.borrowed && own.is_some_and(|me| t.is_owned_by(me)))
        .map(|t| t.handle)
        .collect();
    Ok((incoming, OwnLoans(lent)))
}

/// Puts the handles a socket call returns into the importer's store, into
/// the slots `visit` meets, in order.
pub(crate) fn into_importer<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    importer: Option<&Arc<dyn ErasedPlugin>>,
    outgoing: Vec<Transit>,
    visit: impl FnOnce(VisitHandles<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let me = importer.map_or(
        Target {
            plugin: std::ptr::null(),
            generation: 0,
        },
        |me| me.target(),
    );
    let mut outgoing = outgoing.into_iter();
    // Results hold no borrows, so nothing is lent here.
    let mut loans = Loans::default();
    visit(&mut |slot| {
        let transit = outgoing
            .next()
            .ok_or_else(|| "handle count changed".to_owned())?;
        *slot = lower(&mut store, me, transit, &mut loans)?;
        Ok(())
    })
}

/// The destructor of [`ForeignResource`]: a plugin dropped its handle, so the
/// owner's resource is dropped too.
pub(crate) fn drop_foreign<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    rep: u32,
) -> wasmtime::Result<()> {
    let transit = store
        .as_context_mut()
        .data_mut()
        .resource_table()
        .delete(Resource::<ForeignResource>::new_own(rep))?
        .take();
    transit
        .owner
        .drop_owned(transit.handle, transit.generation)?;
    Ok(())
}

/// Calls `each` on every resource handle in `vals`, depth first, in order.
pub(crate) fn for_each_resource<E>(
    vals: &mut [Val],
    each: &mut impl FnMut(&mut ResourceAny) -> Result<(), E>,
) -> Result<(), E> {
    vals.iter_mut().try_for_each(|val| visit(val, each))
}

fn visit<E>(
    val: &mut Val,
    each: &mut impl FnMut(&mut ResourceAny) -> Result<(), E>,
) -> Result<(), E> {
    match val {
        Val::Resource(handle) => each(handle),
        Val::List(vals) | Val::Tuple(vals) | Val::FixedLengthList(vals) => {
            for_each_resource(vals, each)
        }
        Val::Record(fields) => fields.iter_mut().try_for_each(|(_, v)| visit(v, each)),
        Val::Map(entries) => entries.iter_mut().try_for_each(|(k, v)| {
            visit(k, each)?;
            visit(v, each)
        }),
        Val::Variant(_, Some(v))
        | Val::Option(Some(v))
        | Val::Result(Ok(Some(v)) | Err(Some(v))) => visit(v, each),
        _ => Ok(()),
    }
}

/// Which plugin owns each guest resource type the host may hold handles of.
///
/// Guest resource types identify their store, so a type found here names its
/// owner without ambiguity.
type Owners = RwLock<Vec<(ResourceType, Weak<dyn ErasedPlugin>)>>;

fn registry() -> &'static Owners {
    static OWNERS: OnceLock<Owners> = OnceLock::new();
    OWNERS.get_or_init(RwLock::default)
}

pub(crate) fn register_owner(types: &[ResourceType], owner: &Arc<dyn ErasedPlugin>) {
    let mut owners = registry()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Forget dead plugins, and this plugin's types from before a restart.
    owners.retain(|(_, known)| {
        known.strong_count() > 0 && !std::ptr::addr_eq(known.as_ptr(), Arc::as_ptr(owner))
    });
    owners.extend(types.iter().map(|ty| (*ty, Arc::downgrade(owner))));
}

pub(crate) fn find_owner(ty: ResourceType) -> Option<Arc<dyn ErasedPlugin>> {
    let owners = registry()
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    owners
        .iter()
        .find(|(owned, _)| *owned == ty)
        .and_then(|(_, owner)| owner.upgrade())
}

/// A handle the host holds, as a transit from its owner: lent when the
/// parameter it is passed in is a `borrow`, moved otherwise.
pub(crate) fn from_host(handle: ResourceAny, borrowed: bool) -> Result<Transit, String> {
    let stale = || "the handle does not belong to any live plugin's resource".to_owned();
    let owner = find_owner(handle.ty()).ok_or_else(stale)?;
    let generation = owner.owns(handle.ty()).ok_or_else(stale)?;
    Ok(Transit {
        owner,
        handle,
        borrowed: borrowed || !handle.owned(),
        generation,
    })
}

/// Calls `each` on every resource handle in `vals` (of types `types`), in
/// [`for_each_resource`] order, with whether its type is a `borrow`.
pub(crate) fn for_each_resource_typed<E>(
    vals: &[Val],
    types: impl Iterator<Item = Type>,
    each: &mut impl FnMut(ResourceAny, bool) -> Result<(), E>,
) -> Result<(), E> {
    vals.iter()
        .zip(types)
        .try_for_each(|(val, ty)| visit_typed(val, &ty, each))
}

fn visit_typed<E>(
    val: &Val,
    ty: &Type,
    each: &mut impl FnMut(ResourceAny, bool) -> Result<(), E>,
) -> Result<(), E> {
    match (val, ty) {
        (Val::Resource(handle), ty) => each(*handle, matches!(ty, Type::Borrow(_))),
        (Val::List(vals), Type::List(t)) => {
            let t = t.ty();
            vals.iter().try_for_each(|v| visit_typed(v, &t, each))
        }
        (Val::FixedLengthList(vals), Type::FixedLengthList(t)) => {
            let t = t.ty();
            vals.iter().try_for_each(|v| visit_typed(v, &t, each))
        }
        (Val::Tuple(vals), Type::Tuple(t)) => for_each_resource_typed(vals, t.types(), each),
        (Val::Record(fields), Type::Record(t)) => fields
            .iter()
            .zip(t.fields())
            .try_for_each(|((_, v), f)| visit_typed(v, &f.ty, each)),
        (Val::Map(entries), Type::Map(t)) => {
            let (key, value) = (t.key(), t.value());
            entries.iter().try_for_each(|(k, v)| {
                visit_typed(k, &key, each)?;
                visit_typed(v, &value, each)
            })
        }
        (Val::Variant(case, Some(v)), Type::Variant(t)) => {
            match t.cases().find(|c| c.name == case).and_then(|c| c.ty) {
                Some(ty) => visit_typed(v, &ty, each),
                None => Ok(()),
            }
        }
        (Val::Option(Some(v)), Type::Option(t)) => visit_typed(v, &t.ty(), each),
        (Val::Result(Ok(Some(v))), Type::Result(t)) => match t.ok() {
            Some(ty) => visit_typed(v, &ty, each),
            None => Ok(()),
        },
        (Val::Result(Err(Some(v))), Type::Result(t)) => match t.err() {
            Some(ty) => visit_typed(v, &ty, each),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Drops a resource handle the host received from a plugin (a wasmtime
/// `ResourceAny` or a typed [`Own`](crate::Own)): the owner's destructor runs.
///
/// # Errors
///
/// [`DispatchError::InvalidResource`] if the handle belongs to no live plugin
/// or was already dropped, or the owner's error if its destructor fails.
pub fn drop_resource(handle: impl Into<ResourceAny>) -> Result<(), DispatchError> {
    let handle = handle.into();
    let invalid = |message: String| DispatchError::InvalidResource {
        site: crate::error::CallSite::default(),
        message,
    };
    let transit = from_host(handle, false).map_err(invalid)?;
    transit
        .owner
        .drop_owned(handle, transit.generation)
        .map_err(|e| match e.downcast::<DispatchError>() {
            Ok(e) => e,
            Err(e) => invalid(format!("{e:#}")),
        })
}
