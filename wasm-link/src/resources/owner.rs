//! The plugins that own resources, as the resource machinery sees them, and
//! the registry that finds the owner of a handle the host holds.
//!
//! Handles refer to their owner weakly: a handle kept in another plugin's
//! table never keeps its owner's store alive, so plugins that hold each
//! other's resources form no reference cycle and are freed with their
//! bindings.

use std::collections::{HashMap, VecDeque};
use std::fmt::{self, Write as _};
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock, Weak};

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
/// types when it starts and removes them when it is restarted or dropped,
/// so the registry holds live plugins only.
///
/// Guest resource types identify their store, so a type names its owner
/// without ambiguity.
type Registry = RwLock<HashMap<u64, Vec<(ResourceType, OwnerRef)>>>;

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::default)
}

/// A hash of `ty`. Wasmtime's `ResourceType` implements no `Hash`, but its
/// derived `Debug` prints every field, so equal types print, and hash,
/// equally; the text is streamed into the hasher, nothing is allocated.
/// Entries are still compared with `==`.
fn key(ty: &ResourceType) -> u64 {
    struct Feed(foldhash::fast::FoldHasher<'static>);
    impl fmt::Write for Feed {
        fn write_str(&mut self, text: &str) -> fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut feed = Feed(foldhash::fast::FixedState::default().build_hasher());
    // Cannot fail: `Feed` never does.
    let _ = write!(feed, "{ty:?}");
    feed.0.finish()
}

/// Registers `types` as owned by `owner`.
pub(crate) fn register(owner: &Arc<dyn Owner>, types: &[ResourceType]) {
    let me = OwnerRef::new(owner);
    let mut registry = registry().write().unwrap_or_else(PoisonError::into_inner);
    for ty in types {
        registry.entry(key(ty)).or_default().push((*ty, me.clone()));
    }
}

/// Removes the `types` that `owner` (by address) registered, remembering
/// that they were `name`'s (see [`gone`]).
pub(crate) fn unregister(owner: *const (), name: &str, types: &[ResourceType]) {
    let mut registry = registry().write().unwrap_or_else(PoisonError::into_inner);
    for ty in types {
        let key = key(ty);
        if let Some(entries) = registry.get_mut(&key) {
            entries.retain(|(known, by)| !(known == ty && std::ptr::addr_eq(by.addr(), owner)));
            if entries.is_empty() {
                registry.remove(&key);
            }
        }
    }
    drop(registry);
    if types.is_empty() {
        return;
    }
    let name: Arc<str> = Arc::from(name);
    let mut departed = departed().lock().unwrap_or_else(PoisonError::into_inner);
    for ty in types {
        if departed.len() == DEPARTED {
            departed.pop_front();
        }
        departed.push_back((*ty, Arc::clone(&name)));
    }
}

/// How many departed resource types are remembered: enough to name the
/// owner of a stale handle after many restarts and swaps, bounded so that
/// memory stays flat however many there are.
const DEPARTED: usize = 4096;

/// Resource types whose instance is gone, with their plugin's name, oldest
/// first.
type Departed = Mutex<VecDeque<(ResourceType, Arc<str>)>>;

fn departed() -> &'static Departed {
    static DEPARTED_TYPES: OnceLock<Departed> = OnceLock::new();
    DEPARTED_TYPES.get_or_init(Departed::default)
}

/// The plugin whose instance made resource type `ty`, if that instance is
/// gone and still remembered.
pub(crate) fn departed_owner(ty: ResourceType) -> Option<Arc<str>> {
    let departed = departed().lock().unwrap_or_else(PoisonError::into_inner);
    departed
        .iter()
        .rev()
        .find(|(known, _)| *known == ty)
        .map(|(_, name)| Arc::clone(name))
}

/// Why a handle of type `ty` has no live owner, for errors: names the
/// plugin whose instance made it when that is remembered.
pub(crate) fn gone(ty: ResourceType) -> String {
    match departed_owner(ty) {
        Some(name) => format!(
            "the handle belongs to an instance of plugin `{name}` that is gone \
             (restarted, replaced, removed from its binding, or dropped)"
        ),
        None => "the handle does not belong to any live plugin's resource".to_owned(),
    }
}

/// The live owner of resource type `ty`.
pub(crate) fn find(ty: ResourceType) -> Option<Arc<dyn Owner>> {
    let registry = registry().read().unwrap_or_else(PoisonError::into_inner);
    registry
        .get(&key(&ty))?
        .iter()
        .find(|(owned, _)| *owned == ty)
        .and_then(|(_, owner)| owner.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An owner that owns nothing: only its identity matters here.
    struct Nobody;

    impl Owner for Nobody {
        fn name(&self) -> String {
            "nobody".into()
        }
        fn owns(&self, _: ResourceType) -> Option<u64> {
            None
        }
        fn drop_owned(&self, _: ResourceAny, _: u64, _: bool) -> Result<(), DispatchError> {
            Ok(())
        }
        fn host_receive(&self, _: ResourceAny) {}
        fn host_holds(&self, _: ResourceAny) -> bool {
            false
        }
        fn host_release(&self, _: ResourceAny) -> bool {
            false
        }
    }

    fn entries() -> usize {
        registry()
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .map(Vec::len)
            .sum()
    }

    #[test]
    fn types_are_found_by_hash_and_removed_with_their_owner() {
        // Distinct types of this test alone, so that other tests registering
        // concurrently do not matter: dynamic host types with payloads no
        // plugin uses.
        let types: Vec<ResourceType> = (0..1_000)
            .map(|n| ResourceType::host_dynamic(0xdead_0000 + n))
            .collect();
        let (a, b): (Arc<dyn Owner>, Arc<dyn Owner>) = (Arc::new(Nobody), Arc::new(Nobody));
        register(&a, &types[..500]);
        register(&b, &types[500..]);
        for (i, ty) in types.iter().enumerate() {
            let found = find(*ty).expect("registered");
            let expected = if i < 500 { &a } else { &b };
            assert!(Arc::ptr_eq(&found, expected), "type {i}");
        }
        assert!(find(ResourceType::host_dynamic(0xdead_ffff)).is_none());

        let before = entries();
        unregister(Arc::as_ptr(&a).cast(), "a", &types[..500]);
        assert_eq!(entries(), before - 500, "a's entries are gone");
        assert!(find(types[0]).is_none());
        assert!(find(types[999]).is_some(), "b's are kept");
        // A dead owner is not found, even before it unregisters.
        let b_addr = Arc::as_ptr(&b).cast::<()>();
        drop(b);
        assert!(find(types[999]).is_none());
        unregister(b_addr, "b", &types[500..]);
        assert_eq!(entries(), before - 1_000);
        // Their owners are named when their handles turn up.
        assert!(
            gone(types[999]).contains("plugin `b`"),
            "{}",
            gone(types[999])
        );
        assert!(gone(types[0]).contains("plugin `a`"));
        assert!(gone(ResourceType::host_dynamic(0xdead_fffe)).contains("any live plugin"));
    }
}
