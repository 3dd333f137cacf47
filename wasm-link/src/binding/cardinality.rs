//! Cardinality wrappers: how many plugins a binding holds, and the shape of
//! one call's results across them.
//!
//! The same wrapper type holds the plugins when a [`Binding`](crate::Binding)
//! is built and the per-plugin results when it is called, so a binding built
//! from `ExactlyOne(id, plugin)` answers with `ExactlyOne(id, result)`.

use std::collections::HashMap;
use std::hash::Hash;

/// Exactly one plugin, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactlyOne<Id, T>(pub Id, pub T);

/// Zero or one plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtMostOne<Id, T>(pub Option<(Id, T)>);

/// One or more plugins, keyed by id. Cannot be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtLeastOne<Id: Eq + Hash, T>(HashMap<Id, T>);

/// Any number of plugins (including none), keyed by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Any<Id: Eq + Hash, T>(pub HashMap<Id, T>);

impl<Id: Eq + Hash, T> AtLeastOne<Id, T> {
    /// Builds the set from its first entry and any others.
    ///
    /// If `rest` holds `first_id` too, the entry from `rest` wins.
    pub fn new(first_id: Id, first: T, rest: impl IntoIterator<Item = (Id, T)>) -> Self {
        let mut map = HashMap::from([(first_id, first)]);
        map.extend(rest);
        Self(map)
    }

    /// Wraps `map`, or returns `None` when it is empty.
    pub fn from_map(map: HashMap<Id, T>) -> Option<Self> {
        (!map.is_empty()).then_some(Self(map))
    }

    /// The entries, keyed by plugin id.
    pub fn as_map(&self) -> &HashMap<Id, T> {
        &self.0
    }

    /// Unwraps into the (non-empty) map.
    pub fn into_map(self) -> HashMap<Id, T> {
        self.0
    }

    /// The entry for `id`, if any.
    pub fn get(&self, id: &Id) -> Option<&T> {
        self.0.get(id)
    }

    /// Number of entries; never zero.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: kept for symmetry with collections.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl<Id: Eq + Hash, T> IntoIterator for AtLeastOne<Id, T> {
    type Item = (Id, T);
    type IntoIter = std::collections::hash_map::IntoIter<Id, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Which of the four cardinalities a wrapper is.
///
/// It decides the result shape an importing plugin declares for a socket
/// (see the crate docs, "The socket ABI").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardinalityKind {
    /// [`ExactlyOne`]
    ExactlyOne,
    /// [`AtMostOne`]
    AtMostOne,
    /// [`AtLeastOne`]
    AtLeastOne,
    /// [`Any`]
    Any,
}

impl std::fmt::Display for CardinalityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::ExactlyOne => "ExactlyOne",
            Self::AtMostOne => "AtMostOne",
            Self::AtLeastOne => "AtLeastOne",
            Self::Any => "Any",
        })
    }
}

/// A cardinality wrapper over values of type [`Item`](Cardinality::Item),
/// each tagged with a plugin id.
///
/// Implemented by [`ExactlyOne`], [`AtMostOne`], [`AtLeastOne`] and [`Any`];
/// the runtime uses it to take plugins out of a wrapper and to put one call's
/// results back into the same kind of wrapper.
pub trait Cardinality: Sized {
    /// The plugin id type.
    type Id;
    /// What each entry holds.
    type Item;
    /// The same wrapper over another item type.
    type Rebind<U>;
    /// Which cardinality this is.
    const KIND: CardinalityKind;

    /// Takes the entries out, in the wrapper's iteration order.
    fn into_entries(self) -> Vec<(Self::Id, Self::Item)>;

    /// Rebuilds the wrapper from entries taken out of a wrapper of the same
    /// kind, with the same ids.
    ///
    /// # Panics
    ///
    /// Panics if `entries` breaks the wrapper's count invariant, which cannot
    /// happen for entries that came from [`into_entries`](Self::into_entries).
    fn from_entries<U>(entries: impl Iterator<Item = (Self::Id, U)>) -> Self::Rebind<U>;
}

impl<Id, T> Cardinality for ExactlyOne<Id, T> {
    type Id = Id;
    type Item = T;
    type Rebind<U> = ExactlyOne<Id, U>;
    const KIND: CardinalityKind = CardinalityKind::ExactlyOne;

    fn into_entries(self) -> Vec<(Id, T)> {
        vec![(self.0, self.1)]
    }

    fn from_entries<U>(mut entries: impl Iterator<Item = (Id, U)>) -> ExactlyOne<Id, U> {
        let (id, value) = entries.next().expect("ExactlyOne holds one entry");
        ExactlyOne(id, value)
    }
}

impl<Id, T> Cardinality for AtMostOne<Id, T> {
    type Id = Id;
    type Item = T;
    type Rebind<U> = AtMostOne<Id, U>;
    const KIND: CardinalityKind = CardinalityKind::AtMostOne;

    fn into_entries(self) -> Vec<(Id, T)> {
        self.0.into_iter().collect()
    }

    fn from_entries<U>(mut entries: impl Iterator<Item = (Id, U)>) -> AtMostOne<Id, U> {
        AtMostOne(entries.next())
    }
}

impl<Id: Eq + Hash, T> Cardinality for AtLeastOne<Id, T> {
    type Id = Id;
    type Item = T;
    type Rebind<U> = AtLeastOne<Id, U>;
    const KIND: CardinalityKind = CardinalityKind::AtLeastOne;

    fn into_entries(self) -> Vec<(Id, T)> {
        self.0.into_iter().collect()
    }

    fn from_entries<U>(entries: impl Iterator<Item = (Id, U)>) -> AtLeastOne<Id, U> {
        AtLeastOne::from_map(entries.collect()).expect("AtLeastOne holds at least one entry")
    }
}

impl<Id: Eq + Hash, T> Cardinality for Any<Id, T> {
    type Id = Id;
    type Item = T;
    type Rebind<U> = Any<Id, U>;
    const KIND: CardinalityKind = CardinalityKind::Any;

    fn into_entries(self) -> Vec<(Id, T)> {
        self.0.into_iter().collect()
    }

    fn from_entries<U>(entries: impl Iterator<Item = (Id, U)>) -> Any<Id, U> {
        Any(entries.collect())
    }
}
