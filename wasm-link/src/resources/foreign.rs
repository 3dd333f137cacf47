//! Handles to other plugins' resources, as a plugin holds them: a host
//! resource in its table that carries the transit to the owner. This is the
//! one place handles move in and out of a plugin's store.

use std::sync::Arc;

use wasmtime::AsContextMut;
use wasmtime::component::{Resource, ResourceAny, ResourceType};

use super::dropping;
use super::owner::{Owner, OwnerRef};
use super::{Target, Transit};
use crate::PluginContext;

/// A handle to another plugin's resource, held in a plugin's resource table.
///
/// Dropping it (when the holder drops it, or its store goes away on restart
/// or when its binding is dropped) drops the owner's resource, unless its
/// transit was taken out or only lent. The drop never waits for a busy
/// owner: it is queued to the owner instead.
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
        if let Some(transit) = self.0.take().filter(|t| !t.borrowed)
            && let Some(owner) = transit.owner.get()
        {
            // Nothing to report to: the holder is gone or dropping. A
            // failing destructor is the owner's failure, not the holder's.
            let _ = owner.drop_owned(transit.handle, transit.generation, false);
        }
    }
}

/// The WIT resource type under which plugins see other plugins' resources.
pub(crate) fn foreign_type() -> ResourceType {
    ResourceType::host::<ForeignResource>()
}

/// Host resources lent to a plugin for one call, released when it returns.
#[derive(Default)]
pub(crate) struct Loans(Vec<(ResourceAny, u32)>);

impl Loans {
    pub(crate) fn release<T: PluginContext>(self, mut store: impl AsContextMut<Data = T>) {
        for (handle, rep) in self.0 {
            let _ = dropping::drop_handle(&mut store, handle);
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
    me: &Arc<dyn Owner>,
    handle: ResourceAny,
) -> Result<Transit, String> {
    if let Some(generation) = me.owns(handle.ty()) {
        return Ok(Transit {
            owner: OwnerRef::new(me),
            handle,
            borrowed: !handle.owned(),
            generation,
            from_host: false,
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
/// recorded in `loans`, to be released when the call returns. A handle
/// moved from the host is taken from the host here.
pub(crate) fn lower<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    me: Target,
    transit: Transit,
    loans: &mut Loans,
) -> Result<ResourceAny, String> {
    if transit.from_host && !transit.borrowed {
        let owner = transit
            .owner
            .get()
            .ok_or_else(|| super::owner::gone(transit.handle.ty()))?;
        if !owner.host_release(transit.handle) {
            return Err("the host no longer holds this handle: it was moved or dropped".into());
        }
    }
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
    /// Ends the loans, from the importer's sync host function.
    pub(crate) fn release(self, mut store: impl AsContextMut) {
        for handle in self.0 {
            let _ = handle.resource_drop(&mut store);
        }
    }

    /// Ends the loans, from the importer's async host function: its store
    /// is running the importer's call, so the drops are awaited there.
    pub(crate) async fn release_async<T: Send>(self, mut store: impl AsContextMut<Data = T>) {
        for handle in self.0 {
            let _ = handle.resource_drop_async(&mut store).await;
        }
    }
}

/// Takes the handles an importer passes to a socket call out of its store,
/// in the order `visit` meets them. `importer` is the calling plugin (`None`
/// while it is still starting up, when it cannot pass handles). On failure,
/// the handles already taken are given up (dropped at their owners), so
/// nothing leaks.
pub(crate) fn from_importer<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    importer: Option<&Arc<dyn Owner>>,
    visit: impl FnOnce(VisitHandles<'_>) -> Result<(), String>,
) -> Result<(Vec<Transit>, OwnLoans), String> {
    let mut incoming = Vec::new();
    let visited = visit(&mut |handle| {
        let me = importer.ok_or("the importer is still starting up")?;
        incoming.push(lift(&mut store, me, *handle)?);
        Ok(())
    });
    if let Err(message) = visited {
        incoming.into_iter().for_each(Transit::discard);
        return Err(message);
    }
    let own = importer.map(|me| Arc::as_ptr(me).cast::<()>().addr());
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
    importer: Target,
    outgoing: Vec<Transit>,
    visit: impl FnOnce(VisitHandles<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut outgoing = outgoing.into_iter();
    // Results hold no borrows, so nothing is lent here.
    let mut loans = Loans::default();
    let delivered = visit(&mut |slot| {
        let transit = outgoing
            .next()
            .ok_or_else(|| "handle count changed".to_owned())?;
        *slot = lower(&mut store, importer, transit, &mut loans)?;
        Ok(())
    });
    // Whatever could not be delivered is given up rather than leaked.
    outgoing.for_each(Transit::discard);
    delivered
}

/// The destructor of [`ForeignResource`]: a plugin dropped its handle, so the
/// owner's resource is dropped too (or the drop is queued to a busy owner).
/// Never fails the dropping plugin: a destructor's failure is its owner's.
pub(crate) fn drop_foreign<T: PluginContext>(
    mut store: impl AsContextMut<Data = T>,
    rep: u32,
) -> wasmtime::Result<()> {
    let entry = store
        .as_context_mut()
        .data_mut()
        .resource_table()
        .delete(Resource::<ForeignResource>::new_own(rep))?;
    // Dropping the entry drops the owner's resource (see its `Drop`).
    drop(entry);
    Ok(())
}
