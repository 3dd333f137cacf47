//! Structural comparison and WIT rendering of component types.
//!
//! Types of two different components are never `==` in wasmtime (they are
//! nominal per component), so socket checks compare them by structure.
//! Resources compare by handle kind only: their identity is the owner's.

use std::fmt::Write;

use wasmtime::component::Val;
use wasmtime::component::types::{ComponentFunc, Type};

/// Whether `a` and `b` have the same structure.
pub(crate) fn same(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::List(a), Type::List(b)) => same(&a.ty(), &b.ty()),
        (Type::FixedLengthList(a), Type::FixedLengthList(b)) => {
            a.len() == b.len() && same(&a.ty(), &b.ty())
        }
        (Type::Map(a), Type::Map(b)) => same(&a.key(), &b.key()) && same(&a.value(), &b.value()),
        (Type::Record(a), Type::Record(b)) => {
            a.fields().len() == b.fields().len()
                && a.fields()
                    .zip(b.fields())
                    .all(|(a, b)| a.name == b.name && same(&a.ty, &b.ty))
        }
        (Type::Tuple(a), Type::Tuple(b)) => {
            a.types().len() == b.types().len()
                && a.types().zip(b.types()).all(|(a, b)| same(&a, &b))
        }
        (Type::Variant(a), Type::Variant(b)) => {
            a.cases().len() == b.cases().len()
                && a.cases()
                    .zip(b.cases())
                    .all(|(a, b)| a.name == b.name && same_opt(a.ty.as_ref(), b.ty.as_ref()))
        }
        (Type::Enum(a), Type::Enum(b)) => a.names().eq(b.names()),
        (Type::Flags(a), Type::Flags(b)) => a.names().eq(b.names()),
        (Type::Option(a), Type::Option(b)) => same(&a.ty(), &b.ty()),
        (Type::Result(a), Type::Result(b)) => {
            same_opt(a.ok().as_ref(), b.ok().as_ref())
                && same_opt(a.err().as_ref(), b.err().as_ref())
        }
        (Type::Own(_), Type::Own(_)) | (Type::Borrow(_), Type::Borrow(_)) => true,
        (Type::Future(_) | Type::Stream(_) | Type::ErrorContext, _) => false,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// [`same`] for optional types (a missing result, a payload-less case).
pub(crate) fn same_opt(a: Option<&Type>, b: Option<&Type>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Collects the resource types `ty` can hold (`own` and `borrow` alike).
pub(crate) fn resource_types(ty: &Type, found: &mut Vec<wasmtime::component::ResourceType>) {
    match ty {
        Type::Own(r) | Type::Borrow(r) => {
            if !found.contains(r) {
                found.push(*r);
            }
        }
        Type::List(l) => resource_types(&l.ty(), found),
        Type::FixedLengthList(l) => resource_types(&l.ty(), found),
        Type::Option(o) => resource_types(&o.ty(), found),
        Type::Tuple(t) => t.types().for_each(|t| resource_types(&t, found)),
        Type::Record(r) => r.fields().for_each(|f| resource_types(&f.ty, found)),
        Type::Variant(v) => v
            .cases()
            .filter_map(|c| c.ty)
            .for_each(|t| resource_types(&t, found)),
        Type::Result(r) => {
            if let Some(t) = r.ok() {
                resource_types(&t, found);
            }
            if let Some(t) = r.err() {
                resource_types(&t, found);
            }
        }
        Type::Map(m) => {
            resource_types(&m.key(), found);
            resource_types(&m.value(), found);
        }
        _ => {}
    }
}

/// Whether two functions have the same structure.
pub(crate) fn same_func(a: &ComponentFunc, b: &ComponentFunc) -> bool {
    same_params(a, b) && same_opt(a.results().next().as_ref(), b.results().next().as_ref())
}

/// Whether the parameter lists of two functions have the same structure.
pub(crate) fn same_params(a: &ComponentFunc, b: &ComponentFunc) -> bool {
    a.params().len() == b.params().len()
        && a.params()
            .zip(b.params())
            .all(|((_, a), (_, b))| same(&a, &b))
}

/// Whether a value of type `ty` may hold a resource handle.
pub(crate) fn may_hold_resource(ty: &Type) -> bool {
    may_hold(ty, &|t| matches!(t, Type::Own(_) | Type::Borrow(_)))
}

/// Whether a value of type `ty` may hold an owned resource handle.
pub(crate) fn may_hold_own(ty: &Type) -> bool {
    may_hold(ty, &|t| matches!(t, Type::Own(_)))
}

/// How many borrowed handles a value of type `ty` may hold: 0, 1, or 2 for
/// "two or more" (a list of them counts as that).
pub(crate) fn borrows(ty: &Type) -> usize {
    let many = |t: &Type| if borrows(t) > 0 { 2 } else { 0 };
    let most = match ty {
        Type::Borrow(_) => 1,
        Type::List(t) => many(&t.ty()),
        Type::FixedLengthList(t) => many(&t.ty()),
        Type::Map(t) => many(&t.key()).max(many(&t.value())),
        Type::Record(t) => t.fields().map(|f| borrows(&f.ty)).sum(),
        Type::Tuple(t) => t.types().map(|t| borrows(&t)).sum(),
        Type::Variant(t) => t
            .cases()
            .filter_map(|c| c.ty.as_ref().map(borrows))
            .max()
            .unwrap_or(0),
        Type::Option(t) => borrows(&t.ty()),
        Type::Result(t) => {
            let side = |t: Option<Type>| t.as_ref().map_or(0, borrows);
            side(t.ok()).max(side(t.err()))
        }
        _ => 0,
    };
    most.min(2)
}

/// Whether a value of type `ty` may hold a value of a type `leaf` accepts.
fn may_hold(ty: &Type, leaf: &dyn Fn(&Type) -> bool) -> bool {
    let inner = |t: &Type| may_hold(t, leaf);
    leaf(ty)
        || match ty {
            Type::List(t) => inner(&t.ty()),
            Type::FixedLengthList(t) => inner(&t.ty()),
            Type::Map(t) => inner(&t.key()) || inner(&t.value()),
            Type::Record(t) => t.fields().any(|f| inner(&f.ty)),
            Type::Tuple(t) => t.types().any(|t| inner(&t)),
            Type::Variant(t) => t.cases().any(|c| c.ty.as_ref().is_some_and(inner)),
            Type::Option(t) => inner(&t.ty()),
            Type::Result(t) => {
                t.ok().as_ref().is_some_and(inner) || t.err().as_ref().is_some_and(inner)
            }
            _ => false,
        }
}

/// Renders `ty` in WIT syntax, expanding records and variants inline (they
/// are anonymous at this level). Only used to build error messages.
pub(crate) fn render(ty: &Type) -> String {
    let mut out = String::new();
    write_type(&mut out, ty);
    out
}

/// Renders an optional result type: `_` when the function returns nothing.
pub(crate) fn render_opt(ty: Option<&Type>) -> String {
    ty.map_or_else(|| "_".to_owned(), render)
}

/// Renders a function type: `func(a: u32) -> string`.
pub(crate) fn render_func(func: &ComponentFunc) -> String {
    let mut out = String::from("func(");
    for (i, (name, ty)) in func.params().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{name}: ");
        write_type(&mut out, &ty);
    }
    out.push(')');
    if let Some(result) = func.results().next() {
        out.push_str(" -> ");
        write_type(&mut out, &result);
    }
    out
}

fn write_list<I: Iterator>(out: &mut String, items: I, mut each: impl FnMut(&mut String, I::Item)) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
}

/// The WIT name of a type that has no parameters.
fn simple_name(ty: &Type) -> Option<&'static str> {
    Some(match ty {
        Type::Bool => "bool",
        Type::S8 => "s8",
        Type::U8 => "u8",
        Type::S16 => "s16",
        Type::U16 => "u16",
        Type::S32 => "s32",
        Type::U32 => "u32",
        Type::S64 => "s64",
        Type::U64 => "u64",
        Type::Float32 => "f32",
        Type::Float64 => "f64",
        Type::Char => "char",
        Type::String => "string",
        Type::Own(_) => "own<resource>",
        Type::Borrow(_) => "borrow<resource>",
        Type::Future(_) => "future",
        Type::Stream(_) => "stream",
        Type::ErrorContext => "error-context",
        _ => return None,
    })
}

fn write_type(out: &mut String, ty: &Type) {
    if let Some(name) = simple_name(ty) {
        out.push_str(name);
        return;
    }
    match ty {
        Type::List(t) => {
            out.push_str("list<");
            write_type(out, &t.ty());
            out.push('>');
        }
        Type::FixedLengthList(t) => {
            out.push_str("list<");
            write_type(out, &t.ty());
            let _ = write!(out, ", {}>", t.len());
        }
        Type::Map(t) => {
            out.push_str("map<");
            write_type(out, &t.key());
            out.push_str(", ");
            write_type(out, &t.value());
            out.push('>');
        }
        Type::Tuple(t) => {
            out.push_str("tuple<");
            write_list(out, t.types(), |out, t| write_type(out, &t));
            out.push('>');
        }
        Type::Option(t) => {
            out.push_str("option<");
            write_type(out, &t.ty());
            out.push('>');
        }
        Type::Result(t) => match (t.ok(), t.err()) {
            (None, None) => out.push_str("result"),
            (ok, err) => {
                out.push_str("result<");
                out.push_str(&render_opt(ok.as_ref()));
                if let Some(err) = err {
                    out.push_str(", ");
                    write_type(out, &err);
                }
                out.push('>');
            }
        },
        Type::Record(t) => {
            out.push_str("record { ");
            write_list(out, t.fields(), |out, f| {
                let _ = write!(out, "{}: ", f.name);
                write_type(out, &f.ty);
            });
            out.push_str(" }");
        }
        Type::Variant(_) if crate::error::wire::is_dispatch_error(ty) => {
            out.push_str("dispatch-error");
        }
        Type::Variant(t) => {
            out.push_str("variant { ");
            write_list(out, t.cases(), |out, c| {
                out.push_str(c.name);
                if let Some(ty) = &c.ty {
                    out.push('(');
                    write_type(out, ty);
                    out.push(')');
                }
            });
            out.push_str(" }");
        }
        Type::Enum(t) => {
            out.push_str("enum { ");
            write_list(out, t.names(), String::push_str);
            out.push_str(" }");
        }
        Type::Flags(t) => {
            out.push_str("flags { ");
            write_list(out, t.names(), String::push_str);
            out.push_str(" }");
        }
        _ => {}
    }
}

/// Whether `val` is a value of type `ty` (resources: any handle of the right
/// kind). Used to tell bad arguments from guest faults after a call fails.
pub(crate) fn val_matches(val: &Val, ty: &Type) -> bool {
    match (val, ty) {
        (Val::Bool(_), Type::Bool)
        | (Val::S8(_), Type::S8)
        | (Val::U8(_), Type::U8)
        | (Val::S16(_), Type::S16)
        | (Val::U16(_), Type::U16)
        | (Val::S32(_), Type::S32)
        | (Val::U32(_), Type::U32)
        | (Val::S64(_), Type::S64)
        | (Val::U64(_), Type::U64)
        | (Val::Float32(_), Type::Float32)
        | (Val::Float64(_), Type::Float64)
        | (Val::Char(_), Type::Char)
        | (Val::String(_), Type::String)
        | (Val::Resource(_), Type::Borrow(_)) => true,
        (Val::Resource(handle), Type::Own(_)) => handle.owned(),
        (Val::List(vals), Type::List(t)) => {
            let t = t.ty();
            vals.iter().all(|v| val_matches(v, &t))
        }
        (Val::FixedLengthList(vals), Type::FixedLengthList(t)) => {
            let item = t.ty();
            vals.len() == t.len() as usize && vals.iter().all(|v| val_matches(v, &item))
        }
        (Val::Map(entries), Type::Map(t)) => {
            let (key, value) = (t.key(), t.value());
            entries
                .iter()
                .all(|(k, v)| val_matches(k, &key) && val_matches(v, &value))
        }
        (Val::Record(fields), Type::Record(t)) => {
            fields.len() == t.fields().len()
                && fields
                    .iter()
                    .zip(t.fields())
                    .all(|((name, v), f)| *name == f.name && val_matches(v, &f.ty))
        }
        (Val::Tuple(vals), Type::Tuple(t)) => {
            vals.len() == t.types().len()
                && vals.iter().zip(t.types()).all(|(v, t)| val_matches(v, &t))
        }
        (Val::Variant(case, payload), Type::Variant(t)) => t
            .cases()
            .any(|c| c.name == case && payload_matches(payload.as_deref(), c.ty.as_ref())),
        (Val::Enum(name), Type::Enum(t)) => t.names().any(|n| n == name),
        (Val::Flags(names), Type::Flags(t)) => names.iter().all(|n| t.names().any(|m| m == n)),
        (Val::Option(v), Type::Option(t)) => v.as_deref().is_none_or(|v| val_matches(v, &t.ty())),
        (Val::Result(Ok(v)), Type::Result(t)) => payload_matches(v.as_deref(), t.ok().as_ref()),
        (Val::Result(Err(v)), Type::Result(t)) => payload_matches(v.as_deref(), t.err().as_ref()),
        _ => false,
    }
}

fn payload_matches(val: Option<&Val>, ty: Option<&Type>) -> bool {
    match (val, ty) {
        (Some(v), Some(t)) => val_matches(v, t),
        (None, None) => true,
        _ => false,
    }
}

/// Whether `args` fit the parameters of `func`.
pub(crate) fn args_match(args: &[Val], func: &ComponentFunc) -> bool {
    args.len() == func.params().len()
        && args
            .iter()
            .zip(func.params())
            .all(|(v, (_, t))| val_matches(v, &t))
}
