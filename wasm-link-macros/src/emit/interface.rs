//! An interface's module: its types, its typed calls (for an interface in the
//! group), and the list of types left out.

use proc_macro2::TokenStream;
use quote::quote;

use super::calls::call_names;
use super::docs::{doc, docs, paragraph};
use super::emitter::InterfaceEmitter;
use super::naming::Names;
use super::types::{emit_enum, emit_flags, emit_resource};
use crate::model::{Interface, Model, TypeKind};

pub(super) fn emit_interface(model: &Model, names: &Names, iface: &Interface) -> TokenStream {
    let (package, module) = names.interfaces[&iface.id].clone();
    let emitter = InterfaceEmitter {
        model,
        names,
        package,
        interface: iface.id,
        at_package: false,
    };
    let mut notes = Vec::new();
    let mut has_flags = false;
    let types: Vec<_> = iface
        .types
        .iter()
        .map(|ty| {
            let name = &names.types[&ty.id].name;
            let docs = docs(ty.docs);
            match &ty.kind {
                TypeKind::Record(record) => emitter.record(ty, name, &docs, record),
                TypeKind::Variant(variant) => emitter.variant(ty, name, &docs, variant),
                TypeKind::Enum(enumeration) => emit_enum(name, &docs, enumeration),
                TypeKind::Flags(flags) => {
                    has_flags = true;
                    emit_flags(name, flags)
                }
                TypeKind::Resource => emit_resource(name, &docs, ty.name),
                TypeKind::Alias(kind) => {
                    let target = emitter.kind(kind);
                    quote! { #docs pub type #name = #target; }
                }
                TypeKind::Unsupported(reason) => {
                    notes.push(format!("- type `{}`: {reason}", ty.name));
                    TokenStream::new()
                }
            }
        })
        .collect();
    // An interface outside the group has types but no typed calls.
    let calls = iface
        .in_group
        .then(|| emitter.calls(iface, &call_names(names, iface)));
    let header = doc(&format!(
        "Interface `{}`: its types and typed calls.",
        iface.name
    ));
    let interface_docs = paragraph(iface.docs);
    let notes = (!notes.is_empty()).then(|| {
        let notes = notes.iter().map(|n| doc(n));
        quote! {
            #[doc = ""]
            #[doc = " Types without a typed form (not generated):"]
            #[doc = ""]
            #( #notes )*
        }
    });
    // `flags!` names the wasmtime crate as `wasmtime`.
    let wasmtime = has_flags.then(|| quote! { use ::wasm_link::__private::wasmtime; });
    quote! {
        #header
        #interface_docs
        #notes
        pub mod #module {
            #wasmtime
            #( #types )*
            #calls
        }
    }
}
