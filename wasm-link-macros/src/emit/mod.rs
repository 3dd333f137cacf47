//! The Rust we emit for a [`Model`]: per package a module with the runtime
//! metadata, a typed `Group`, and per interface a module with its types and
//! typed calls.
//!
//! Generated code reaches the runtime only through `::wasm_link` (public
//! API) and `::wasm_link::__private` (the typed call path and wasmtime), and
//! names everything else by absolute path (`::core::primitive::u32`,
//! `::std::string::String`), so WIT names cannot shadow what it uses.
//!
//! This module emits the whole expansion and each package's module; one
//! submodule per thing inside them:
//!
//! - `naming`: the Rust names of packages, interfaces and types, decided up
//!   front;
//! - `metadata`: a package's `interfaces()`;
//! - `group`: a package's `Group<C>`, its constructors and accessors;
//! - `socket`: `Group::socket`, the typed forwarding of functions;
//! - `interface`: an interface's module;
//! - `emitter`: `InterfaceEmitter`, and the Rust type it names each WIT
//!   type by;
//! - `types`: records, variants, enums and flags, with their `Handles`
//!   impls, and resource markers;
//! - `calls`: an interface's `Calls` accessor and its typed methods;
//! - `function`: the typed form of one function, shared by `calls` and
//!   `socket`;
//! - `docs`: `#[doc]` attributes from WIT docs and from our own text.

mod calls;
mod docs;
mod emitter;
mod function;
mod group;
mod interface;
mod metadata;
mod naming;
mod socket;
mod types;

use std::path::PathBuf;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use self::docs::{doc, paragraph};
use self::group::emit_group;
use self::interface::emit_interface;
use self::metadata::emit_metadata;
use self::naming::Names;
use crate::model::{Model, Package};

/// Emits the whole expansion: a hidden wrapper module holding one module per
/// package (so that packages can refer to each other by `super::super::`
/// wherever the macro is called, even in a function body), re-exported
/// under the packages' own names.
///
/// `runtime` is the runtime crate's name at the call site, which no package
/// module may take.
pub(crate) fn emit(model: &Model, files: &[PathBuf], runtime: &str) -> TokenStream {
    let names = Names::new(model, runtime);
    let packages = model
        .packages
        .iter()
        .enumerate()
        .map(|(index, package)| emit_package(model, &names, index, package));
    let root = model
        .packages
        .iter()
        .position(|p| p.id == model.root)
        .map_or_else(|| format_ident!("bindings"), |i| names.packages[i].clone());
    let wrapper = format_ident!(
        "__wasm_link_bind_{}",
        root.to_string().trim_start_matches("r#")
    );
    let files = files.iter().map(|f| Literal::string(&f.to_string_lossy()));
    let package_names = &names.packages;
    quote! {
        #[doc(hidden)]
        #[allow(dead_code, missing_docs, unused_imports, non_camel_case_types, clippy::all, clippy::pedantic)]
        pub mod #wrapper {
            // Cargo rebuilds the crate when one of these files changes.
            #( const _: &[u8] = include_bytes!(#files); )*
            #( #packages )*
        }
        pub use #wrapper::{ #( #package_names ),* };
    }
}

fn emit_package(model: &Model, names: &Names, index: usize, package: &Package) -> TokenStream {
    let module = &names.packages[index];
    let package_docs = paragraph(package.docs);
    let package_name = &package.name;
    let header = doc(&format!("Typed bindings of WIT package `{package_name}`."));

    let metadata = emit_metadata(package);
    let interfaces = package
        .interfaces
        .iter()
        .map(|iface| emit_interface(model, names, iface));
    let group = emit_group(model, names, package);
    quote! {
        #header
        #package_docs
        pub mod #module {
            #[doc = " The package name, as `wasm_link::Binding::new` takes it."]
            pub const PACKAGE: &::core::primitive::str = #package_name;
            #metadata
            #group
            #( #interfaces )*
        }
    }
}
