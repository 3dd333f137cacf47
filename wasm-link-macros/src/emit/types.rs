//! An interface's named types: records, variants, enums and flags, each with
//! its `Handles` impl (and `NoHandles` when it cannot hold a handle), and
//! resource markers. (An alias is one line, emitted with the interface's
//! module.)

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{doc, docs};
use super::emitter::InterfaceEmitter;
use crate::model::TypeItem;
use crate::names::{Scope, camel, shouty, snake};

pub(super) fn emit_enum(
    name: &Ident,
    docs: &TokenStream,
    enumeration: &wit_parser::Enum,
) -> TokenStream {
    let derives = component_derives(&quote!(enum));
    let handles = handles_impl(name, &quote!(::core::result::Result::Ok(())), true);
    let repr = match enumeration.cases.len() {
        0..=256 => quote!(u8),
        257..=65536 => quote!(u16),
        _ => quote!(u32),
    };
    let mut scope = Scope::default();
    let cases = enumeration.cases.iter().map(|case| {
        let wit = &case.name;
        let rust = scope.claim(camel(wit));
        let docs = self::docs(&case.docs);
        quote! { #docs #[component(name = #wit)] #rust, }
    });
    quote! {
        #docs
        #derives
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::fmt::Debug,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        #[repr(#repr)]
        pub enum #name { #( #cases )* }
        #handles
    }
}

/// `impl Handles for #name`, with `body` visiting `self`'s handles through
/// `each` (for typed socket forwarding of resource-bearing functions); and
/// when the type can hold no handle at all, `impl NoHandles` (a list of it
/// is then passed as a slice).
fn handles_impl(name: &Ident, body: &TokenStream, no_handles: bool) -> TokenStream {
    let no_handles = no_handles.then(|| {
        quote! { impl ::wasm_link::__private::NoHandles for #name {} }
    });
    quote! {
        #no_handles
        impl ::wasm_link::__private::Handles for #name {
            fn for_each_handle(
                &mut self,
                each: &mut ::wasm_link::__private::HandleVisitor<'_>,
            ) -> ::core::result::Result<(), ::std::string::String> {
                let _ = &each;
                #body
            }
        }
    }
}

/// `flags!` takes no attributes on the type, so WIT docs are dropped.
pub(super) fn emit_flags(name: &Ident, flags: &wit_parser::Flags) -> TokenStream {
    let mut scope = Scope::default();
    let flags = flags.flags.iter().map(|flag| {
        let wit = &flag.name;
        let rust = scope.claim(shouty(wit));
        quote! { #[component(name = #wit)] const #rust; }
    });
    let handles = handles_impl(name, &quote!(::core::result::Result::Ok(())), true);
    quote! {
        ::wasm_link::__private::wasmtime::component::flags! {
            #name { #( #flags )* }
        }
        #handles
    }
}

pub(super) fn emit_resource(name: &Ident, docs: &TokenStream, wit: &str) -> TokenStream {
    let note = doc(&format!(
        "The `{wit}` resource, as a type parameter: handles to it are `wasm_link::Own<{name}>` (owned) and `wasm_link::Borrow<{name}>` (borrowed). Its typed methods run in the plugin that owns the handle. Dropping an `Own` releases the resource; `Own::release` also waits for the destructor and returns its error."
    ));
    quote! {
        #docs
        #note
        pub enum #name {}
    }
}

/// The standard derives of a record or variant: `Clone` only when it holds
/// no owned handle (`Own` is not `Clone`).
fn std_derives(clone: bool) -> TokenStream {
    let clone = clone.then(|| quote!(::core::clone::Clone,));
    quote! {
        #[derive(#clone ::core::fmt::Debug, ::core::cmp::PartialEq)]
    }
}

/// The derives every generated record, variant and enum carries.
fn component_derives(style: &TokenStream) -> TokenStream {
    quote! {
        #[derive(
            ::wasm_link::__private::wasmtime::component::ComponentType,
            ::wasm_link::__private::wasmtime::component::Lift,
            ::wasm_link::__private::wasmtime::component::Lower,
        )]
        #[component(#style)]
        #[component(wasmtime_crate = ::wasm_link::__private::wasmtime)]
    }
}

impl InterfaceEmitter<'_, '_> {
    pub(super) fn record(
        &self,
        item: &TypeItem,
        name: &Ident,
        docs: &TokenStream,
        record: &wit_parser::Record,
    ) -> TokenStream {
        let derives = component_derives(&quote!(record));
        let std_derives = std_derives(!item.holds_own);
        let mut scope = Scope::default();
        let mut visits = Vec::new();
        let fields: Vec<_> = record
            .fields
            .iter()
            .map(|field| {
                let wit = &field.name;
                let rust = scope.claim(snake(wit));
                let ty = self.ty(&field.ty);
                let docs = self::docs(&field.docs);
                visits.push(quote! { ::wasm_link::__private::Handles::for_each_handle(&mut self.#rust, each)?; });
                quote! { #docs #[component(name = #wit)] pub #rust: #ty, }
            })
            .collect();
        let handles = handles_impl(
            name,
            &quote! { #( #visits )* ::core::result::Result::Ok(()) },
            !item.holds_handles,
        );
        quote! {
            #docs
            #derives
            #std_derives
            pub struct #name { #( #fields )* }
            #handles
        }
    }

    pub(super) fn variant(
        &self,
        item: &TypeItem,
        name: &Ident,
        docs: &TokenStream,
        variant: &wit_parser::Variant,
    ) -> TokenStream {
        let derives = component_derives(&quote!(variant));
        let std_derives = std_derives(!item.holds_own);
        let mut scope = Scope::default();
        let mut arms = Vec::new();
        let cases: Vec<_> = variant
            .cases
            .iter()
            .map(|case| {
                let wit = &case.name;
                let rust = scope.claim(camel(wit));
                let docs = self::docs(&case.docs);
                let payload = case.ty.as_ref().map(|ty| {
                    let ty = self.ty(ty);
                    quote!((#ty))
                });
                if payload.is_some() {
                    arms.push(quote! {
                        Self::#rust(payload) => ::wasm_link::__private::Handles::for_each_handle(payload, each),
                    });
                }
                quote! { #docs #[component(name = #wit)] #rust #payload, }
            })
            .collect();
        let handles = handles_impl(
            name,
            &quote! {
                #[allow(unreachable_patterns)]
                match self {
                    #( #arms )*
                    _ => ::core::result::Result::Ok(()),
                }
            },
            !item.holds_handles,
        );
        quote! {
            #docs
            #derives
            #std_derives
            pub enum #name { #( #cases )* }
            #handles
        }
    }
}
