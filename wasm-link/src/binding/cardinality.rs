//! Cardinality wrappers: how many plugins a binding holds, and the shape of
//! one call's results across them.
//!
//! The same wrapper type holds the plugins when a [`Binding`](crate::Binding)
//! is built and the per-plugin results when it is called, so a binding built
//! from `ExactlyOne(id, plugin)` answers with `ExactlyOne(id, result)`.
//!
//! Each wrapper has the same three combinators: `map` (a new wrapper, same
//! ids), `map_mut` (in place) and `get` (by id). A wrapper of results
//! converts into one [`Val`] (see the `From` impls below), so a fan-out's
//! results can be handed on as one WIT value.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

use wasmtime::component::Val;

use crate::error::DispatchError;
use crate::plugin::id::PluginId;

/// Exactly one plugin, with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactlyOne<Id, T>(pub Id, pub T);

/// Zero or one plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtMostOne<Id, T>(pub Option<(Id, T)>);

/// One or more plugins, keyed by id. Cannot be empty.
///
/// A hash map: iterating it follows no order. Its [`Val`] form lists the
/// entries in ascending id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtLeastOne<Id: Eq + Hash, T>(HashMap<Id, T>);

/// Any number of plugins (including none), keyed by id.
///
/// A hash map: iterating it follows no order. Its [`Val`] form lists the
/// entries in ascending id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Any<Id: Eq + Hash, T>(pub HashMap<Id, T>);

impl<Id, T> ExactlyOne<Id, T> {
    /// Applies `f` to the value, keeping the id.
    ///
    /// ```
    /// use wasm_link::ExactlyOne;
    ///
    /// let greeting = ExactlyOne("en", "hello");
    /// assert_eq!(greeting.map(str::len), ExactlyOne("en", 5));
    /// ```
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> ExactlyOne<Id, U> {
        ExactlyOne(self.0, f(self.1))
    }

    /// Applies `f` to the value in place.
    ///
    /// ```
    /// use wasm_link::ExactlyOne;
    ///
    /// let mut count = ExactlyOne("en", 1);
    /// count.map_mut(|n| *n += 1);
    /// assert_eq!(count, ExactlyOne("en", 2));
    /// ```
    pub fn map_mut(&mut self, mut f: impl FnMut(&mut T)) {
        f(&mut self.1);
    }

    /// The value, if `id` is its id (compared with `==`, through any form
    /// the id borrows as: a `String` id is found by a `&str`).
    ///
    /// ```
    /// use wasm_link::ExactlyOne;
    ///
    /// let greeting = ExactlyOne("en".to_owned(), "hello");
    /// assert_eq!(greeting.get("en"), Some(&"hello"));
    /// assert_eq!(greeting.get("fr"), None);
    /// ```
    pub fn get<Q>(&self, id: &Q) -> Option<&T>
    where
        Id: Borrow<Q>,
        Q: PartialEq + ?Sized,
    {
        (self.0.borrow() == id).then_some(&self.1)
    }
}

impl<Id, T> AtMostOne<Id, T> {
    /// Applies `f` to the value, if any, keeping its id.
    ///
    /// ```
    /// use wasm_link::AtMostOne;
    ///
    /// let greeting = AtMostOne(Some(("en", "hello")));
    /// assert_eq!(greeting.map(str::len), AtMostOne(Some(("en", 5))));
    /// let nobody = AtMostOne::<&str, &str>(None);
    /// assert_eq!(nobody.map(str::len), AtMostOne(None));
    /// ```
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> AtMostOne<Id, U> {
        AtMostOne(self.0.map(|(id, value)| (id, f(value))))
    }

    /// Applies `f` to the value, if any, in place.
    ///
    /// ```
    /// use wasm_link::AtMostOne;
    ///
    /// let mut count = AtMostOne(Some(("en", 1)));
    /// count.map_mut(|n| *n += 1);
    /// assert_eq!(count, AtMostOne(Some(("en", 2))));
    /// ```
    pub fn map_mut(&mut self, mut f: impl FnMut(&mut T)) {
        if let Some((_, value)) = &mut self.0 {
            f(value);
        }
    }

    /// The value, if there is one and `id` is its id (compared with `==`,
    /// through any form the id borrows as: a `String` id is found by a
    /// `&str`).
    ///
    /// ```
    /// use wasm_link::AtMostOne;
    ///
    /// let greeting = AtMostOne(Some(("en".to_owned(), "hello")));
    /// assert_eq!(greeting.get("en"), Some(&"hello"));
    /// assert_eq!(greeting.get("fr"), None);
    /// ```
    pub fn get<Q>(&self, id: &Q) -> Option<&T>
    where
        Id: Borrow<Q>,
        Q: PartialEq + ?Sized,
    {
        self.0
            .as_ref()
            .and_then(|(known, value)| (known.borrow() == id).then_some(value))
    }
}

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

    /// The entry for `id`, if any. As with [`HashMap::get`], `id` may be
    /// any form the id borrows as: a `String` id is found by a `&str`.
    ///
    /// ```
    /// use wasm_link::AtLeastOne;
    ///
    /// let greetings = AtLeastOne::new("en".to_owned(), "hello", [("fr".to_owned(), "salut")]);
    /// assert_eq!(greetings.get("fr"), Some(&"salut"));
    /// assert_eq!(greetings.get("de"), None);
    /// ```
    pub fn get<Q>(&self, id: &Q) -> Option<&T>
    where
        Id: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.0.get(id)
    }

    /// Applies `f` to every value, keeping the ids (and so the count).
    ///
    /// `f` is called once per entry, in the map's order, which is none in
    /// particular.
    ///
    /// ```
    /// use wasm_link::AtLeastOne;
    ///
    /// let greetings = AtLeastOne::new("en", "hello", [("fr", "salut")]);
    /// let lengths = greetings.map(str::len);
    /// assert_eq!(lengths, AtLeastOne::new("en", 5, [("fr", 5)]));
    /// ```
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> AtLeastOne<Id, U> {
        AtLeastOne(
            self.0
                .into_iter()
                .map(|(id, value)| (id, f(value)))
                .collect(),
        )
    }

    /// Applies `f` to every value in place, in the map's order.
    ///
    /// ```
    /// use wasm_link::AtLeastOne;
    ///
    /// let mut counts = AtLeastOne::new("en", 1, [("fr", 10)]);
    /// counts.map_mut(|n| *n += 1);
    /// assert_eq!(counts, AtLeastOne::new("en", 2, [("fr", 11)]));
    /// ```
    pub fn map_mut(&mut self, f: impl FnMut(&mut T)) {
        self.0.values_mut().for_each(f);
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

impl<Id: Eq + Hash, T> Any<Id, T> {
    /// Applies `f` to every value, keeping the ids.
    ///
    /// `f` is called once per entry, in the map's order, which is none in
    /// particular.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use wasm_link::Any;
    ///
    /// let greetings = Any(HashMap::from([("en", "hello"), ("fr", "salut")]));
    /// let Any(lengths) = greetings.map(str::len);
    /// assert_eq!(lengths, HashMap::from([("en", 5), ("fr", 5)]));
    /// ```
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Any<Id, U> {
        Any(self
            .0
            .into_iter()
            .map(|(id, value)| (id, f(value)))
            .collect())
    }

    /// Applies `f` to every value in place, in the map's order.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use wasm_link::Any;
    ///
    /// let mut counts = Any(HashMap::from([("en", 1), ("fr", 10)]));
    /// counts.map_mut(|n| *n += 1);
    /// assert_eq!(counts.0, HashMap::from([("en", 2), ("fr", 11)]));
    /// ```
    pub fn map_mut(&mut self, f: impl FnMut(&mut T)) {
        self.0.values_mut().for_each(f);
    }

    /// The entry for `id`, if any. As with [`HashMap::get`], `id` may be
    /// any form the id borrows as: a `String` id is found by a `&str`.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use wasm_link::Any;
    ///
    /// let greetings = Any(HashMap::from([("en".to_owned(), "hello")]));
    /// assert_eq!(greetings.get("en"), Some(&"hello"));
    /// assert_eq!(greetings.get("fr"), None);
    /// ```
    pub fn get<Q>(&self, id: &Q) -> Option<&T>
    where
        Id: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.0.get(id)
    }
}

/// The value alone: an `ExactlyOne` binding has one plugin, so the id adds
/// nothing. The value is not changed (the empty tuple
/// [`Binding::dispatch`](crate::Binding::dispatch) answers for a function
/// without a result stays an empty tuple).
///
/// ```
/// use wasm_link::{ExactlyOne, Val};
///
/// assert_eq!(Val::from(ExactlyOne("en", Val::U32(5))), Val::U32(5));
/// ```
impl<Id> From<ExactlyOne<Id, Val>> for Val {
    fn from(one: ExactlyOne<Id, Val>) -> Self {
        one.1
    }
}

/// `option<tuple<id, T>>`, as an importer of an `AtMostOne` socket
/// receives it: [`Val::Option`] of a [`Val::Tuple`] of the id's value
/// ([`PluginId::to_val`]) and the value, or `None` when there is no plugin.
///
/// ```
/// use wasm_link::{AtMostOne, Val};
///
/// let some = AtMostOne(Some(("en", Val::U32(5))));
/// let entry = Val::Tuple(vec![Val::String("en".into()), Val::U32(5)]);
/// assert_eq!(Val::from(some), Val::Option(Some(Box::new(entry))));
/// assert_eq!(Val::from(AtMostOne::<&str, Val>(None)), Val::Option(None));
/// ```
impl<Id: PluginId> From<AtMostOne<Id, Val>> for Val {
    fn from(at_most: AtMostOne<Id, Val>) -> Self {
        Val::Option(
            at_most
                .0
                .map(|(id, value)| Box::new(Val::Tuple(vec![id.to_val(), value]))),
        )
    }
}

/// `list<tuple<id, T>>`: a [`Val::List`] with one [`Val::Tuple`] per
/// entry, holding the id as the value an importing plugin receives it as
/// ([`PluginId::to_val`]: a string, or an integer
/// for integer ids) and the value, in ascending id order (id `2` comes
/// before id `10`), as a binding calls its plugins.
///
/// ```
/// use wasm_link::{AtLeastOne, Val};
///
/// let counts = AtLeastOne::new(10_u32, Val::U32(1), [(2, Val::U32(7))]);
/// let entry = |id, n| Val::Tuple(vec![Val::U32(id), Val::U32(n)]);
/// assert_eq!(Val::from(counts), Val::List(vec![entry(2, 7), entry(10, 1)]));
/// ```
impl<Id: PluginId> From<AtLeastOne<Id, Val>> for Val {
    fn from(many: AtLeastOne<Id, Val>) -> Self {
        keyed_list(many.0)
    }
}

/// `list<tuple<id, T>>`, as for [`AtLeastOne`]: one [`Val::Tuple`] of the
/// id's value and the value per entry, in ascending id order; an empty
/// [`Val::List`] when there are no plugins.
///
/// ```
/// use std::collections::HashMap;
/// use wasm_link::{Any, Val};
///
/// let counts = Any(HashMap::from([("fr", Val::U32(2)), ("en", Val::U32(1))]));
/// let entry = |id: &str, n| Val::Tuple(vec![Val::String(id.to_owned()), Val::U32(n)]);
/// assert_eq!(Val::from(counts), Val::List(vec![entry("en", 1), entry("fr", 2)]));
/// assert_eq!(Val::from(Any::<&str, Val>(HashMap::new())), Val::List(vec![]));
/// ```
impl<Id: PluginId> From<Any<Id, Val>> for Val {
    fn from(any: Any<Id, Val>) -> Self {
        keyed_list(any.0)
    }
}

/// The entries of a keyed wrapper as `list<tuple<id, T>>`, in ascending id
/// order.
fn keyed_list<Id: PluginId>(entries: HashMap<Id, Val>) -> Val {
    let mut entries: Vec<(Id, Val)> = entries.into_iter().collect();
    entries.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    Val::List(
        entries
            .into_iter()
            .map(|(id, value)| Val::Tuple(vec![id.to_val(), value]))
            .collect(),
    )
}

/// One plugin's outcome as `result<T, dispatch-error>`: `ok` with the value,
/// `ok` without a payload for a function without a result (which
/// [`Binding::dispatch`](crate::Binding::dispatch) answers with an empty
/// tuple, a value no WIT type has), or `err` with
/// [`DispatchError::to_val`].
fn outcome(result: Result<Val, DispatchError>) -> Val {
    Val::Result(match result {
        Ok(Val::Tuple(fields)) if fields.is_empty() => Ok(None),
        Ok(value) => Ok(Some(Box::new(value))),
        Err(error) => Err(Some(Box::new(error.to_val()))),
    })
}

/// `result<T, dispatch-error>`, what [`Binding::dispatch`](crate::Binding::dispatch)
/// returned, as one value: [`Val::Result`] with `ok(value)`, `ok` without a
/// payload for a function without a result (the empty tuple `dispatch`
/// answers for it), or `err` with the error's
/// [`to_val`](DispatchError::to_val) form. The id is left out, as for
/// `ExactlyOne<Id, Val>`.
///
/// ```
/// use wasm_link::{ExactlyOne, Val};
///
/// let answer = ExactlyOne("en", Ok(Val::U32(5)));
/// assert_eq!(Val::from(answer), Val::Result(Ok(Some(Box::new(Val::U32(5))))));
/// let done = ExactlyOne("en", Ok(Val::Tuple(vec![])));
/// assert_eq!(Val::from(done), Val::Result(Ok(None)));
/// ```
impl<Id> From<ExactlyOne<Id, Result<Val, DispatchError>>> for Val {
    fn from(one: ExactlyOne<Id, Result<Val, DispatchError>>) -> Self {
        one.map(outcome).into()
    }
}

/// `option<tuple<id, result<T, dispatch-error>>>`: as for
/// `AtMostOne<Id, Val>`, the outcome in the form `ExactlyOne` gives it.
impl<Id: PluginId> From<AtMostOne<Id, Result<Val, DispatchError>>> for Val {
    fn from(at_most: AtMostOne<Id, Result<Val, DispatchError>>) -> Self {
        at_most.map(outcome).into()
    }
}

/// `list<tuple<id, result<T, dispatch-error>>>`: as for
/// `AtLeastOne<Id, Val>` (ids as importers receive them, ascending id
/// order), each outcome in the form `ExactlyOne` gives it. This is the
/// shape an importer of a socket declared as a list receives.
///
/// ```
/// use wasm_link::{AtLeastOne, CallSite, DispatchError, Val};
///
/// let site = CallSite { plugin: "fr".into(), ..CallSite::default() };
/// let unusable = || DispatchError::Unusable(site.clone());
/// let answers = AtLeastOne::new("fr", Err(unusable()), [("en", Ok(Val::U32(5)))]);
/// let entry = |id: &str, result| Val::Tuple(vec![Val::String(id.to_owned()), Val::Result(result)]);
/// assert_eq!(
///     Val::from(answers),
///     Val::List(vec![
///         entry("en", Ok(Some(Box::new(Val::U32(5))))),
///         entry("fr", Err(Some(Box::new(unusable().to_val())))),
///     ]),
/// );
/// ```
impl<Id: PluginId> From<AtLeastOne<Id, Result<Val, DispatchError>>> for Val {
    fn from(many: AtLeastOne<Id, Result<Val, DispatchError>>) -> Self {
        many.map(outcome).into()
    }
}

/// `list<tuple<id, result<T, dispatch-error>>>`: as for
/// `AtLeastOne<Id, Result<Val, DispatchError>>`; an empty [`Val::List`]
/// when there are no plugins.
impl<Id: PluginId> From<Any<Id, Result<Val, DispatchError>>> for Val {
    fn from(any: Any<Id, Result<Val, DispatchError>>) -> Self {
        any.map(outcome).into()
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
