//! Resources across plugins.
//!
//! A resource handle that leaves its owner travels as a [`Transit`]: a weak
//! reference to the owner and the owner's own handle. Arriving in another
//! plugin it becomes a host resource ([`foreign::ForeignResource`], kept in
//! that plugin's [`ResourceTable`](wasmtime::component::ResourceTable));
//! arriving back at its owner, or at the host, it is the owner's own handle
//! again. Calls on it are routed to the owner, and dropping the last wrapper
//! drops the owner's resource, which runs its destructor.
//!
//! Two rules keep this sound under threads:
//! - A handle never keeps its owner alive ([`owner::OwnerRef`] is weak), so
//!   plugins holding each other's resources are freed with their bindings.
//! - Dropping a handle never waits for a busy owner while the dropping thread
//!   runs a plugin: the drop is queued to the owner and runs when it is free
//!   ([`owner::Owner::drop_owned`]).
//!
//! Handles the host holds are recorded by their owner, so a handle the host
//! moved to a plugin, or dropped, is refused before any plugin is entered
//! (Wasmtime marks a store trapped when a call fails on a bad handle).

pub(crate) mod dropping;
pub(crate) mod foreign;
pub(crate) mod handle;
pub(crate) mod handles;
pub(crate) mod owner;
pub(crate) mod visit;

use std::sync::Arc;

use wasmtime::component::ResourceAny;

use crate::error::{CallSite, DispatchError};
use owner::{Owner, OwnerRef};

/// A resource handle on its way between plugins (or the host).
#[derive(Clone)]
pub(crate) struct Transit {
    pub(crate) owner: OwnerRef,
    /// The owner's own handle, valid in the owner's store.
    pub(crate) handle: ResourceAny,
    /// Lent for the duration of one call rather than moved.
    pub(crate) borrowed: bool,
    /// The owner's instance generation the handle belongs to.
    pub(crate) generation: u64,
    /// Taken from the host: moving it into a plugin takes it from the host.
    pub(crate) from_host: bool,
}

impl Transit {
    /// Whether the plugin at address `plugin` owns the handle.
    pub(crate) fn is_owned_by(&self, plugin: usize) -> bool {
        self.owner.addr().addr() == plugin
    }

    /// Gives up the handle: an owned one is dropped at its owner (queued if
    /// the owner is busy), a lent one is left alone. For handles a refused
    /// call had already taken from a plugin, so that nothing leaks.
    pub(crate) fn discard(self) {
        if !self.borrowed
            && !self.from_host
            && let Some(owner) = self.owner.get()
        {
            let _ = owner.drop_owned(self.handle, self.generation, false);
        }
    }
}

/// A plugin that resource handles are moved into: its identity and the
/// generation of its current instance.
#[derive(Clone, Copy)]
pub(crate) struct Target {
    /// The plugin's address, as its identity (0 for none); an address, not
    /// a pointer, so that async calls carrying it stay `Send`.
    pub(crate) plugin: usize,
    pub(crate) generation: u64,
}

impl Target {
    pub(crate) fn new<T>(plugin: &T, generation: u64) -> Self {
        Self {
            plugin: std::ptr::from_ref(plugin).addr(),
            generation,
        }
    }

    /// No plugin: the host, or an importer still starting up.
    pub(crate) fn none() -> Self {
        Self {
            plugin: 0,
            generation: 0,
        }
    }
}

/// A handle the host holds, as a transit from its owner: lent when the
/// parameter it is passed in is a `borrow`, moved otherwise.
///
/// Refused when no live plugin owns it, when it belongs to an instance from
/// before its owner's restart, or when the host no longer holds it (it was
/// moved to a plugin or dropped).
pub(crate) fn from_host(handle: ResourceAny, borrowed: bool) -> Result<Transit, String> {
    let owner = owner::find(handle.ty()).ok_or_else(|| owner::gone(handle.ty()))?;
    let generation = owner
        .owns(handle.ty())
        .ok_or_else(|| owner::gone(handle.ty()))?;
    if !owner.host_holds(handle) {
        return Err(format!(
            "the host no longer holds this handle to a resource of plugin `{}`: \
             it was moved to a plugin or dropped",
            owner.name()
        ));
    }
    Ok(Transit {
        owner: OwnerRef::new(&owner),
        handle,
        borrowed: borrowed || !handle.owned(),
        generation,
        from_host: true,
    })
}

/// Refuses a call that would move one owned handle twice: each owned handle
/// can go to one place only.
pub(crate) fn check_moved_once(incoming: &[Transit]) -> Result<(), &'static str> {
    let owned: Vec<&Transit> = incoming.iter().filter(|t| !t.borrowed).collect();
    for (i, a) in owned.iter().enumerate() {
        if owned[i + 1..].iter().any(|b| b.handle == a.handle) {
            return Err("the same owned handle is passed twice in one call");
        }
    }
    Ok(())
}

/// Records the handles a call gave the host (the owners' own handles).
pub(crate) fn to_host(outgoing: &[Transit]) {
    for transit in outgoing {
        if let Some(owner) = transit.owner.get() {
            owner.host_receive(transit.handle);
        }
    }
}

/// Drops a resource handle the host received from a plugin (a wasmtime
/// `ResourceAny` or a typed [`Own`](crate::Own)): the owner's destructor runs,
/// under the owner's per-call limits like any call into it.
///
/// From a thread that is running a plugin (a host function, say), a busy
/// owner is not waited for: the drop is queued to run when the owner is free,
/// and `Ok` is returned. A handle to an instance that has trapped, or that is
/// gone (restarted, replaced, removed from its binding), is discarded with
/// `Ok`: its resources are gone with it.
///
/// # Errors
///
/// [`DispatchError::InvalidResource`] if the handle belongs to no plugin
/// instance known to the runtime (forged, or from an instance gone so long
/// ago that it is no longer remembered: the last 4,096 resource types of
/// departed instances are), or the host no longer holds it (already
/// dropped, or moved to a plugin);
/// the owner's error if its destructor fails (a trap, exhausted fuel or a
/// passed deadline), after which the owner is unusable until restarted.
pub fn drop_resource(handle: impl Into<ResourceAny>) -> Result<(), DispatchError> {
    let handle = handle.into();
    let invalid = |message: String| DispatchError::InvalidResource {
        site: CallSite::new("", "", "[resource-drop]"),
        message,
    };
    let Some(owner) = owner::find(handle.ty()) else {
        // An instance that is gone (restarted, replaced, removed, dropped)
        // took its resources with it: nothing is left to drop.
        if owner::departed_owner(handle.ty()).is_some() {
            return Ok(());
        }
        return Err(invalid(owner::gone(handle.ty())));
    };
    drop_held(&owner, handle, true).map_err(invalid)?
}

/// Releases a handle the host may still hold, without waiting for a busy
/// owner and without an error: what dropping a typed handle does.
pub(crate) fn release_from_host(handle: ResourceAny) {
    if let Some(owner) = owner::find(handle.ty()) {
        let _ = drop_held(&owner, handle, false);
    }
}

/// Takes `handle` from the host and drops it at `owner`; the outer error says
/// why the host could not give it up, the inner one is the destructor's.
pub(crate) fn drop_held(
    owner: &Arc<dyn Owner>,
    handle: ResourceAny,
    wait: bool,
) -> Result<Result<(), DispatchError>, String> {
    let Some(generation) = owner.owns(handle.ty()) else {
        // The instance that owned it was restarted: its resources are gone.
        return Ok(Ok(()));
    };
    if !owner.host_release(handle) {
        return Err(format!(
            "the host no longer holds this handle to a resource of plugin `{}`: \
             it was already dropped or moved to a plugin",
            owner.name()
        ));
    }
    Ok(owner.drop_owned(handle, generation, wait))
}
