//! A package's `interfaces()`: the runtime metadata `wasm_link::Binding::new`
//! takes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{FuncKind, Package, Returns};

/// `interfaces()`: what `Binding::new` needs to know about each function.
pub(super) fn emit_metadata(package: &Package) -> TokenStream {
    let interfaces = package.grouped().map(|iface| {
        let name = iface.name;
        let functions = iface.functions.iter().map(|f| {
            let name = &f.wit.name;
            let kind = if let FuncKind::Method(_) = f.kind {
                quote!(Method)
            } else {
                quote!(Freestanding)
            };
            let returns = match f.returns {
                Returns::Void => quote!(Void),
                Returns::AssumeNoResources => quote!(AssumeNoResources),
                Returns::MayContainResources => quote!(MayContainResources),
            };
            quote! {
                (
                    ::std::string::String::from(#name),
                    ::wasm_link::Function::new(
                        ::wasm_link::FunctionKind::#kind,
                        ::wasm_link::ReturnKind::#returns,
                    ),
                )
            }
        });
        let resources = &iface.resources;
        quote! {
            (
                ::std::string::String::from(#name),
                ::wasm_link::Interface::new(
                    ::std::collections::HashMap::from([ #( #functions ),* ]),
                    ::std::collections::HashSet::from([ #( ::std::string::String::from(#resources) ),* ]),
                ),
            )
        }
    });
    quote! {
        /// The package's interfaces, by name, as `wasm_link::Binding::new`
        /// takes them: each function's kind and what its result may hold,
        /// and each interface's resource types.
        pub fn interfaces() -> ::std::collections::HashMap<::std::string::String, ::wasm_link::Interface> {
            ::std::collections::HashMap::from([ #( #interfaces ),* ])
        }
    }
}
