//! Plugin ids and their WIT form.

use std::fmt::{Debug, Display};
use std::hash::Hash;

use wasmtime::component::Val;
use wasmtime::component::types::Type;

/// A plugin id: the key of a binding's cardinality wrapper.
///
/// Ids are ordered: a binding calls its plugins, and lists their results to
/// importers, in ascending id order, so a fan-out runs and answers the same
/// way every time.
///
/// Importing plugins receive ids in the results of fanned-out socket calls,
/// so an id has a WIT form: [`String`], `&'static str` and `Arc<str>` are `string`, the
/// unsigned and signed integers are `u8`..`s64`. Every result carries a
/// clone of its plugin's id, so on hot paths prefer an id that is cheap to
/// clone: an integer or a `&'static str` (a copy), or an `Arc<str>` (a
/// reference count), to `String` (an allocation per result).
pub trait PluginId: Clone + Ord + Hash + Debug + Display + Send + Sync + 'static {
    /// The id's WIT type, as written in an importer's declaration.
    const WIT_TYPE: &'static str;

    /// Whether `ty` is this id's WIT type.
    fn matches(ty: &Type) -> bool;

    /// The id as a component value.
    fn to_val(&self) -> Val;
}

/// A cheap-to-clone string id: results carry a copy of the id, and cloning
/// an `Arc<str>` allocates nothing.
impl PluginId for std::sync::Arc<str> {
    const WIT_TYPE: &'static str = "string";

    fn matches(ty: &Type) -> bool {
        matches!(ty, Type::String)
    }

    fn to_val(&self) -> Val {
        Val::String(self.to_string())
    }
}

/// A fixed name: the cheapest string id, since results copy a pointer
/// rather than count a reference or allocate.
impl PluginId for &'static str {
    const WIT_TYPE: &'static str = "string";

    fn matches(ty: &Type) -> bool {
        matches!(ty, Type::String)
    }

    fn to_val(&self) -> Val {
        Val::String((*self).to_owned())
    }
}

impl PluginId for String {
    const WIT_TYPE: &'static str = "string";

    fn matches(ty: &Type) -> bool {
        matches!(ty, Type::String)
    }

    fn to_val(&self) -> Val {
        Val::String(self.clone())
    }
}

macro_rules! integer_ids {
    ($($rust:ty => $wit:literal $variant:ident),* $(,)?) => {$(
        impl PluginId for $rust {
            const WIT_TYPE: &'static str = $wit;

            fn matches(ty: &Type) -> bool {
                matches!(ty, Type::$variant)
            }

            fn to_val(&self) -> Val {
                Val::$variant(*self)
            }
        }
    )*};
}

integer_ids! {
    u8 => "u8" U8, u16 => "u16" U16, u32 => "u32" U32, u64 => "u64" U64,
    i8 => "s8" S8, i16 => "s16" S16, i32 => "s32" S32, i64 => "s64" S64,
}
