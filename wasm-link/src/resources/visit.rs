//! Finding the resource handles inside `Val`s, in one fixed order: with
//! their types (to tell lent from moved handles) or without.

use wasmtime::component::types::Type;
use wasmtime::component::{ResourceAny, Val};

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
