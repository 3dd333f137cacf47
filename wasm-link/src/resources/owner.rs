//! The plugins that own resources, as the resource machinery sees them, and
//! the registry that finds the owner of a handle the host holds.
//!
//! Handles refer to their owner weakly: a handle kept in another plugin's
//! table never keeps its owner's store alive, so plugins that hold each
//! other's resources form no reference cycle and are freed with their
//! bindings.

use std::sync::{Arc, PoisonError, RwLock, Weak};

use wasmtime::component::{ResourceAny, ResourceType};

use crate::error::DispatchError;

/// What the resource machinery needs of a plugin that owns resources.
pub(crate) trait Owner: Send + Sync + 'static {
    /// The plugin's name in errors: its id in its binding, or its label.
    fn name(&self) -> String;

    /// The current instance's generation if `ty` is one of its resource
    /// types.
    fn owns(&self, ty: ResourceType) -> Option<u64>;

    /// Drops a handle to one of this plugin's resources, taken from its
    /// instance of `generation` (a no-op when that instance is gone or has
    /// trapped). With `wait`, a busy owner is waited for and its destructor's
    /// failure returned; without, a busy owner gets the drop queued, to run
    /// when it is free, and `Ok` is returned.
    fn drop_owned(
        &self,
        handle: ResourceAny,
        generation: u64,
        wait: bool,
    ) -> Result<(), DispatchError>;

    /// Records that the host now holds `handle`, one of this plugin's own.
    fn host_receive(&self, handle: ResourceAny);

    /// Whether the host holds `handle` (it was given to the host and not
    /// since moved to a plugin or dropped).
    fn host_holds(&self, handle: ResourceAny) -> bool;

    /// Takes `handle` from the host: moved to a plugin or dropped. `false`
    /// when the host did not hold it.
    fn host_release(&self, handle: ResourceAny) -> bool;
}

/// A weak reference to an owner, and the identity it is compared by.
#[derive(Clone)]
pub(crate) struct OwnerRef(Weak<dyn Owner>);

impl OwnerRef {
    pub(crate) fn new(owner: &Arc<dyn Owner>) -> Self {
        Self(Arc::downgrade(owner))
    }

    /// The owner, while it lives.
    pub(crate) fn get(&self) -> Option<Arc<dyn Owner>> {
        self.0.upgrade()
    }

    /// The owner's address: its identity, alive or not.
    pub(crate) fn addr(&self) -> *const () {
        self.0.as_ptr().cast()
    }
}

/// Owners of the resource types the host may hold handles of, one entry per
/// resource type of every live plugin instance: an instance registers its
/// types when it starts and removes them when it is restarted or dropped.
///
/// Guest resource types identify their store, so a type names its owner
/// without ambiguity. Wasmtime's `ResourceType` has no hash, so this is a
/// list; its length is the number of resource types of live plugins, not of
/// handles.
type Registry = RwLock<Vec<(ResourceType, OwnerRef)>>;

static REGISTRY: Registry = RwLock::new(Vec::new());

/// Registers `types` as owned by `owner`, replacing what it registered
/// before (types of an instance from before a restart).
pub(crate) fn register(owner: &Arc<dyn Owner>, types: &[ResourceType]) {
    let me = OwnerRef::new(owner);
    let mut registry = REGISTRY.write().unwrap_or_else(PoisonError::into_inner);
    registry.retain(|(_, known)| !std::ptr::addr_eq(known.addr(), me.addr()));
    registry.extend(types.iter().map(|ty| (*ty, me.clone())));
}

/// Removes every type `owner` (by address) registered.
pub(crate) fn unregister(owner: *const ()) {
    let mut registry = REGISTRY.write().unwrap_or_else(PoisonError::into_inner);
    registry.retain(|(_, known)| !std::ptr::addr_eq(known.addr(), owner));
}

/// The live owner of resource type `ty`.
pub(crate) fn find(ty: ResourceType) -> Option<Arc<dyn Owner>> {
    let registry = REGISTRY.read().unwrap_or_else(PoisonError::into_inner);
    registry
        .iter()
        .find(|(owned, _)| *owned == ty)
        .and_then(|(_, owner)| owner.get())
}
