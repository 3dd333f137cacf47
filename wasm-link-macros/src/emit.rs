//! The Rust we emit for a [`Model`]: per package a module with the runtime
//! metadata, a typed `Group`, and per interface a module with its types and
//! typed calls.
//!
//! Generated code reaches the runtime only through `::wasm_link` (public
//! API) and `::wasm_link::__private` (the typed call path and wasmtime), and
//! names everything else by absolute path (`::core::primitive::u32`,
//! `::std::string::String`), so WIT names cannot shadow what it uses.

use std::collections::HashMap;
use std::path::PathBuf;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use wit_parser::{Docs, FunctionKind as WitKind, Handle, InterfaceId, Type, TypeDefKind, TypeId};

use crate::model::{Func, FuncKind, Interface, Model, Package, Returns, TypeKind};
use crate::names::{Scope, camel, shouty, snake};

/// Names of the Rust prelude: generated types do not take them, since code
/// that derives and macros emit in the same module names them bare.
const PRELUDE: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "AsMut",
    "AsRef",
    "DoubleEndedIterator",
    "ExactSizeIterator",
];

/// Where a named type lives: package module, interface module, type name.
#[derive(Clone)]
struct TypePath {
    package: usize,
    interface: InterfaceId,
    name: Ident,
}

/// Rust names for every package, interface and named type, decided up front
/// so that references and definitions agree.
struct Names {
    packages: Vec<Ident>,
    interfaces: HashMap<InterfaceId, (usize, Ident)>,
    types: HashMap<TypeId, TypePath>,
}

/// Emits the whole expansion: a hidden wrapper module holding one module per
/// package (so that packages can refer to each other by `super::super::`
/// wherever the macro is called, even in a function body), re-exported
/// under the packages' own names.
pub(crate) fn emit(model: &Model, files: &[PathBuf]) -> TokenStream {
    let names = Names::new(model);
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

impl Names {
    fn new(model: &Model) -> Self {
        // `ns:name` -> `ns_name`; two versions of one package get their
        // version in the name too.
        let base = |p: &Package| {
            let name = &model.resolve.packages[p.id].name;
            format!("{}_{}", snake(&name.namespace), snake(&name.name))
        };
        let mut counts = HashMap::<String, usize>::new();
        for p in &model.packages {
            *counts.entry(base(p)).or_default() += 1;
        }
        let mut scope = Scope::default();
        let packages = model
            .packages
            .iter()
            .map(|p| {
                let mut name = base(p);
                if counts[&name] > 1
                    && let Some(version) = &model.resolve.packages[p.id].name.version
                {
                    let version: String = version
                        .to_string()
                        .chars()
                        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                        .collect();
                    name = format!("{name}_v{version}");
                }
                scope.claim(name)
            })
            .collect();

        let mut interfaces = HashMap::new();
        let mut types = HashMap::new();
        for (index, package) in model.packages.iter().enumerate() {
            let mut modules = Scope::default();
            for iface in &package.interfaces {
                interfaces.insert(iface.id, (index, modules.claim(snake(iface.name))));
                let mut scope = Scope::with_reserved(PRELUDE);
                for ty in &iface.types {
                    types.insert(
                        ty.id,
                        TypePath {
                            package: index,
                            interface: iface.id,
                            name: scope.claim(camel(ty.name)),
                        },
                    );
                }
            }
        }
        Self {
            packages,
            interfaces,
            types,
        }
    }
}

/// `#[doc = ...]` lines for WIT docs, if any.
fn docs(docs: &Docs) -> TokenStream {
    let Some(text) = &docs.contents else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|line| format!(" {line}"));
    quote! { #( #[doc = #lines] )* }
}

/// WIT docs as a paragraph after other doc lines.
fn paragraph(wit: &Docs) -> TokenStream {
    let lines = docs(wit);
    if lines.is_empty() {
        lines
    } else {
        quote! { #[doc = ""] #lines }
    }
}

fn doc(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote! { #[doc = #text] }
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

/// `interfaces()`: what `Binding::new` needs to know about each function.
fn emit_metadata(package: &Package) -> TokenStream {
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

/// The names of an interface's typed functions and their accessor types.
struct CallNames {
    calls: Ident,
    functions: Ident,
}

fn call_names(names: &Names, iface: &Interface) -> CallNames {
    let mut scope = Scope::default();
    for ty in &iface.types {
        scope.claim(
            names.types[&ty.id]
                .name
                .to_string()
                .trim_start_matches("r#")
                .to_owned(),
        );
    }
    CallNames {
        calls: scope.claim("Calls".into()),
        functions: scope.claim("Functions".into()),
    }
}

/// Accessor names on `Group`, one per interface, avoiding its own methods.
fn accessor_names(package: &Package) -> Vec<Ident> {
    let mut scope =
        Scope::with_reserved(&["new", "from_binding", "binding", "into_binding", "socket"]);
    package
        .grouped()
        .map(|iface| scope.claim(snake(iface.name)))
        .collect()
}

fn emit_group(model: &Model, names: &Names, package: &Package) -> TokenStream {
    let socket = emit_socket(model, names, package);
    let package_name = &package.name;
    let accessors = accessor_names(package);
    let modules: Vec<_> = package
        .grouped()
        .map(|iface| names.interfaces[&iface.id].1.clone())
        .collect();
    let call_names: Vec<_> = package
        .grouped()
        .map(|iface| call_names(names, iface))
        .collect();
    let functions: Vec<_> = call_names.iter().map(|c| &c.functions).collect();
    let calls: Vec<_> = call_names.iter().map(|c| &c.calls).collect();
    let accessor_docs = package
        .grouped()
        .map(|iface| doc(&format!("Typed calls of interface `{}`.", iface.name)));
    let group_doc = doc(&format!(
        "The plugins implementing package `{package_name}`, in the cardinality `C`, with a typed method per function."
    ));
    quote! {
        #group_doc
        ///
        /// Built by `Group::new`, which checks every plugin's exports against
        /// the WIT once. `group.<interface>().<function>(..)` calls every
        /// plugin and returns one result per plugin in `C`'s shape (for
        /// `ExactlyOne<Id, _>`, `ExactlyOne<Id, Result<T, DispatchError>>`).
        /// `&group` converts into a `wasm_link::Socket`, so the group can be
        /// another plugin's socket; `group.binding()` reaches the untyped
        /// `Binding` (for `dispatch`, e.g. of resource methods).
        pub struct Group<C: ::wasm_link::Cardinality> {
            binding: ::wasm_link::Binding<C>,
            #( #accessors: #modules::#functions, )*
        }

        impl<C: ::wasm_link::Cardinality> ::core::fmt::Debug for Group<C> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Group")
                    .field("binding", &self.binding)
                    .finish_non_exhaustive()
            }
        }

        impl<C, Ctx> Group<C>
        where
            C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>>,
            C::Id: ::wasm_link::PluginId,
            Ctx: ::wasm_link::PluginContext,
        {
            /// Binds `plugins` to this package (with the metadata of
            /// `interfaces()`) and checks every plugin's exports against the
            /// WIT.
            ///
            /// # Errors
            ///
            /// `LinkError::ExportMismatch`, naming the plugin, the function
            /// and the expected and found types, when a plugin does not
            /// export a function with the WIT's type.
            pub fn new(plugins: C) -> ::core::result::Result<Self, ::wasm_link::LinkError> {
                Self::from_binding(::wasm_link::Binding::new(PACKAGE, interfaces(), plugins))
            }

            /// Wraps an existing binding of this package (e.g. one shared
            /// with other plugins as a socket), checking its plugins' exports
            /// against the WIT.
            ///
            /// # Errors
            ///
            /// As `Group::new`; also `LinkError::UndeclaredImport` when the
            /// binding does not declare a function of the WIT.
            pub fn from_binding(
                binding: ::wasm_link::Binding<C>,
            ) -> ::core::result::Result<Self, ::wasm_link::LinkError> {
                ::core::result::Result::Ok(Self {
                    #( #accessors: #modules::#functions::new(&binding)?, )*
                    binding,
                })
            }

            /// The untyped binding: a cheap shared handle to the same plugins.
            pub fn binding(&self) -> &::wasm_link::Binding<C> {
                &self.binding
            }

            /// Unwraps the untyped binding.
            pub fn into_binding(self) -> ::wasm_link::Binding<C> {
                self.binding
            }

            #(
                #accessor_docs
                pub fn #accessors(&self) -> #modules::#calls<'_, C> {
                    #modules::#calls {
                        binding: &self.binding,
                        functions: &self.#accessors,
                    }
                }
            )*
        }

        #socket
    }
}

fn emit_enum(name: &Ident, docs: &TokenStream, enumeration: &wit_parser::Enum) -> TokenStream {
    let derives = component_derives(&quote!(enum));
    let handles = handles_impl(name, &quote!(::core::result::Result::Ok(())));
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
/// `each` (for typed socket forwarding of resource-bearing functions).
fn handles_impl(name: &Ident, body: &TokenStream) -> TokenStream {
    quote! {
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
fn emit_flags(name: &Ident, flags: &wit_parser::Flags) -> TokenStream {
    let mut scope = Scope::default();
    let flags = flags.flags.iter().map(|flag| {
        let wit = &flag.name;
        let rust = scope.claim(shouty(wit));
        quote! { #[component(name = #wit)] const #rust; }
    });
    let handles = handles_impl(name, &quote!(::core::result::Result::Ok(())));
    quote! {
        ::wasm_link::__private::wasmtime::component::flags! {
            #name { #( #flags )* }
        }
        #handles
    }
}

fn emit_resource(name: &Ident, docs: &TokenStream, wit: &str) -> TokenStream {
    let note = doc(&format!(
        "The `{wit}` resource, as a type parameter: handles to it are `wasm_link::Own<{name}>` (owned) and `wasm_link::Borrow<{name}>` (borrowed). Its typed methods run in the plugin that owns the handle; release an owned handle with `Own::release`."
    ));
    quote! {
        #docs
        #note
        pub enum #name {}
    }
}

/// Whether a function's parameters or result can hold a resource handle.
fn holds_resources(model: &Model, func: &Func) -> bool {
    func.wit
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(&func.wit.result)
        .any(|ty| model.may_hold_resource(ty))
}

/// `Group::socket` and `From<&Group> for Socket`: resource-free typed
/// functions are forwarded to importers through typed host functions.
fn emit_socket(model: &Model, names: &Names, package: &Package) -> TokenStream {
    let forwards = package.grouped().flat_map(|iface| {
        // The socket is built in the package module: paths from there.
        let emitter = InterfaceEmitter {
            model,
            names,
            package: names.interfaces[&iface.id].0,
            interface: iface.id,
            at_package: true,
        };
        iface
            .functions
            .iter()
            .filter(|f| f.untyped.is_none())
            .map(move |f| {
                let TypedFunction {
                    params, results, ..
                } = emitter.typed_function(f);
                let (name, function) = (iface.name, &f.wit.name);
                // Handles in the types are found and moved from the static
                // types; the others skip that work.
                if holds_resources(model, f) {
                    quote! { .forward_moving::<#params, #results>(#name, #function) }
                } else {
                    quote! { .forward::<#params, #results>(#name, #function) }
                }
            })
    });
    quote! {
        impl<C, Ctx> Group<C>
        where
            C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>> + 'static,
            C::Id: ::wasm_link::__private::SocketId,
            Ctx: ::wasm_link::PluginContext,
        {
            /// The group as a socket for another plugin's `link`: every
            /// function with a typed form reaches importers of the same
            /// context type through typed host functions (resource handles
            /// included); importers of other context types, and functions
            /// without a typed form, use the `Val` path.
            pub fn socket(&self) -> ::wasm_link::Socket {
                ::wasm_link::__private::TypedSocket::new(&self.binding)
                    #( #forwards )*
                    .into_socket()
            }
        }

        impl<C, Ctx> ::core::convert::From<&Group<C>> for ::wasm_link::Socket
        where
            C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>> + 'static,
            C::Id: ::wasm_link::__private::SocketId,
            Ctx: ::wasm_link::PluginContext,
        {
            /// `group.socket()`.
            fn from(group: &Group<C>) -> Self {
                group.socket()
            }
        }
    }
}

/// Emits code for one interface: inside its module, where type references
/// are relative to it, or (`at_package`) in its package's module.
struct InterfaceEmitter<'a, 'r> {
    model: &'a Model<'r>,
    names: &'a Names,
    package: usize,
    interface: InterfaceId,
    at_package: bool,
}

fn emit_interface(model: &Model, names: &Names, iface: &Interface) -> TokenStream {
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
                TypeKind::Record(record) => emitter.record(name, &docs, record),
                TypeKind::Variant(variant) => emitter.variant(name, &docs, variant),
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
    fn record(&self, name: &Ident, docs: &TokenStream, record: &wit_parser::Record) -> TokenStream {
        let derives = component_derives(&quote!(record));
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
        );
        quote! {
            #docs
            #derives
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub struct #name { #( #fields )* }
            #handles
        }
    }

    fn variant(
        &self,
        name: &Ident,
        docs: &TokenStream,
        variant: &wit_parser::Variant,
    ) -> TokenStream {
        let derives = component_derives(&quote!(variant));
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
        );
        quote! {
            #docs
            #derives
            #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
            pub enum #name { #( #cases )* }
            #handles
        }
    }

    /// The Rust type for a WIT type, as seen from this interface's module.
    fn ty(&self, ty: &Type) -> TokenStream {
        match ty {
            Type::Bool => quote!(::core::primitive::bool),
            Type::U8 => quote!(::core::primitive::u8),
            Type::U16 => quote!(::core::primitive::u16),
            Type::U32 => quote!(::core::primitive::u32),
            Type::U64 => quote!(::core::primitive::u64),
            Type::S8 => quote!(::core::primitive::i8),
            Type::S16 => quote!(::core::primitive::i16),
            Type::S32 => quote!(::core::primitive::i32),
            Type::S64 => quote!(::core::primitive::i64),
            Type::F32 => quote!(::core::primitive::f32),
            Type::F64 => quote!(::core::primitive::f64),
            Type::Char => quote!(::core::primitive::char),
            Type::String => quote!(::std::string::String),
            // Filtered out by the model (unsupported), kept total here.
            Type::ErrorContext => quote!(()),
            Type::Id(id) => match (self.names.types.get(id), self.model.owner(*id)) {
                (Some(path), Some(_)) => self.path(path),
                _ => self.kind(&self.model.resolve.types[*id].kind),
            },
        }
    }

    /// The path to a named type from this interface's module (or its
    /// package's module).
    fn path(&self, path: &TypePath) -> TokenStream {
        let name = &path.name;
        let (package, module) = &self.names.interfaces[&path.interface];
        let package_name = &self.names.packages[path.package];
        match (self.at_package, *package == self.package) {
            (false, true) if path.interface == self.interface => quote!(#name),
            (false, true) => quote!(super::#module::#name),
            (false, false) => quote!(super::super::#package_name::#module::#name),
            (true, true) => quote!(self::#module::#name),
            (true, false) => quote!(super::#package_name::#module::#name),
        }
    }

    /// The Rust type for an anonymous WIT type (or an alias's target).
    fn kind(&self, kind: &TypeDefKind) -> TokenStream {
        match kind {
            TypeDefKind::Type(ty) => self.ty(ty),
            TypeDefKind::Handle(Handle::Own(resource)) => {
                let resource = self.ty(&Type::Id(*resource));
                quote!(::wasm_link::Own<#resource>)
            }
            TypeDefKind::Handle(Handle::Borrow(resource)) => {
                let resource = self.ty(&Type::Id(*resource));
                quote!(::wasm_link::Borrow<#resource>)
            }
            // A resource is always named, so reached through its path; kept
            // total with the untyped handle.
            TypeDefKind::Resource => quote!(::wasm_link::wasmtime::component::ResourceAny),
            TypeDefKind::List(ty) => {
                let ty = self.ty(ty);
                quote!(::std::vec::Vec<#ty>)
            }
            TypeDefKind::FixedLengthList(ty, n) => {
                let ty = self.ty(ty);
                let n = Literal::usize_unsuffixed(*n as usize);
                quote!([#ty; #n])
            }
            TypeDefKind::Map(k, v) => {
                let (k, v) = (self.ty(k), self.ty(v));
                quote!(::std::collections::HashMap<#k, #v>)
            }
            TypeDefKind::Option(ty) => {
                let ty = self.ty(ty);
                quote!(::core::option::Option<#ty>)
            }
            TypeDefKind::Result(r) => {
                let ok = r.ok.as_ref().map_or_else(|| quote!(()), |t| self.ty(t));
                let err = r.err.as_ref().map_or_else(|| quote!(()), |t| self.ty(t));
                quote!(::core::result::Result<#ok, #err>)
            }
            TypeDefKind::Tuple(t) => {
                let types = t.types.iter().map(|t| self.ty(t));
                quote!(( #( #types, )* ))
            }
            // Named kinds are reached through their names; the rest are
            // unsupported and filtered out by the model.
            TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_)
            | TypeDefKind::Future(_)
            | TypeDefKind::Stream(_)
            | TypeDefKind::Unknown => quote!(()),
        }
    }

    /// The typed functions of the interface: the handles `Group` caches and
    /// the `Calls` accessor with one method per function.
    fn calls(&self, iface: &Interface, call_names: &CallNames) -> TokenStream {
        let CallNames { calls, functions } = call_names;
        let name = iface.name;
        let mut scope = Scope::default();
        let mut notes = Vec::new();
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        let mut methods = Vec::new();
        for func in &iface.functions {
            if let Some(reason) = &func.untyped {
                notes.push(doc(&format!("- `{}`: {reason}", func.wit.name)));
                continue;
            }
            let method = scope.claim(self.method_name(func));
            let typed = self.typed_function(func);
            let (params, results) = (&typed.params, &typed.results);
            let wit_name = &func.wit.name;
            fields.push(quote! {
                #method: ::wasm_link::__private::TypedFunction<#params, #results>
            });
            inits.push(quote! {
                #method: ::wasm_link::__private::typed_function::<_, _, #params, #results>(
                    binding, #name, #wit_name,
                )?
            });
            methods.push(self.typed_method(func, &method, typed));
        }
        let calls_doc = doc(&format!(
            "Typed calls of interface `{name}`, from `Group`'s accessor of the same name. Each call runs in every plugin of the group and returns one result per plugin, in the group's cardinality; a resource method runs in the plugin that owns the resource and returns its one result."
        ));
        let notes = (!notes.is_empty()).then(|| {
            quote! {
                #[doc = ""]
                #[doc = " Functions without a typed method:"]
                #[doc = ""]
                #( #notes )*
            }
        });
        quote! {
            /// The typed function handles `Group` checks and caches.
            pub(super) struct #functions {
                #( #fields, )*
            }

            impl #functions {
                pub(super) fn new<C, Ctx>(
                    binding: &::wasm_link::Binding<C>,
                ) -> ::core::result::Result<Self, ::wasm_link::LinkError>
                where
                    C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>>,
                    Ctx: ::wasm_link::PluginContext,
                {
                    let _ = binding;
                    ::core::result::Result::Ok(Self { #( #inits, )* })
                }
            }

            #calls_doc
            #notes
            pub struct #calls<'a, C: ::wasm_link::Cardinality> {
                pub(super) binding: &'a ::wasm_link::Binding<C>,
                pub(super) functions: &'a #functions,
            }

            impl<C, Ctx> #calls<'_, C>
            where
                C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<Ctx>>,
                C::Id: ::core::clone::Clone,
                Ctx: ::wasm_link::PluginContext,
            {
                #( #methods )*
            }
        }
    }

    /// The typed method of `func`: a call of every plugin in the group, or
    /// for a resource method of the plugin that owns `self`.
    fn typed_method(&self, func: &Func, method: &Ident, typed: TypedFunction) -> TokenStream {
        let wit_name = &func.wit.name;
        let docs = docs(&func.wit.docs);
        let signature = doc(&format!("WIT: `{wit_name}`"));
        let TypedFunction {
            args,
            decls,
            ok,
            output,
            ..
        } = typed;
        let docs = if docs.is_empty() {
            docs
        } else {
            quote! { #docs #[doc = ""] }
        };
        if let FuncKind::Method(_) = &func.kind {
            // A method runs only in the plugin that owns `self`.
            return quote! {
                #docs
                #signature
                #[doc = ""]
                #[doc = " Runs in the plugin that owns the resource."]
                pub fn #method(&self, #( #decls ),*) -> ::core::result::Result<#ok, ::wasm_link::DispatchError> {
                    ::wasm_link::__private::call_typed_method(self.binding, &self.functions.#method, (#( #args, )*), #output)
                }
            };
        }
        // Functions whose types can hold handles move them between the host
        // and the plugins; the others skip that work.
        let call = if holds_resources(self.model, func) {
            quote!(call_typed_moving)
        } else {
            quote!(call_typed)
        };
        quote! {
            #docs
            #signature
            pub fn #method(&self, #( #decls ),*) -> C::Rebind<::core::result::Result<#ok, ::wasm_link::DispatchError>> {
                ::wasm_link::__private::#call(self.binding, &self.functions.#method, (#( #args, )*), #output)
            }
        }
    }

    /// `greet`, `counter_new` (constructor), `counter_zero` (static),
    /// `set_x` (setter).
    fn method_name(&self, func: &Func) -> String {
        let item = snake(func.wit.item_name());
        let item = match func.wit.kind {
            WitKind::Setter | WitKind::StaticSetter(_) => format!("set_{item}"),
            _ => item,
        };
        let resource = |id: TypeId| {
            snake(
                self.model.resolve.types[id]
                    .name
                    .as_deref()
                    .unwrap_or("resource"),
            )
        };
        match func.kind {
            FuncKind::Constructor(r) => format!("{}_new", resource(r)),
            FuncKind::Static(r) | FuncKind::Method(r) => format!("{}_{item}", resource(r)),
            FuncKind::Freestanding => item,
        }
    }

    fn typed_function(&self, func: &Func) -> TypedFunction {
        let mut scope = Scope::default();
        let mut decls = Vec::new();
        let mut args = Vec::new();
        let mut params = Vec::new();
        for param in &func.wit.params {
            let name = scope.claim(snake(&param.name));
            let ty = self.ty(&param.ty);
            if param.ty == Type::String {
                // Strings are taken as `impl Into<String>`: `greet("x")`.
                decls.push(quote!(#name: impl ::core::convert::Into<::std::string::String>));
                args.push(quote!(::core::convert::Into::into(#name)));
            } else {
                decls.push(quote!(#name: #ty));
                args.push(quote!(#name));
            }
            params.push(ty);
        }
        let (results, ok, output) = match &func.wit.result {
            Some(ty) => {
                let ty = self.ty(ty);
                (quote!((#ty,)), ty, quote!(|(result,)| result))
            }
            None => (quote!(()), quote!(()), quote!(|()| ())),
        };
        TypedFunction {
            params: quote!(( #( #params, )* )),
            results,
            decls,
            args,
            ok,
            output,
        }
    }
}

/// The pieces of one typed function.
struct TypedFunction {
    /// `(P1, P2,)`
    params: TokenStream,
    /// `(R,)` or `()`
    results: TokenStream,
    /// The method's parameter declarations.
    decls: Vec<TokenStream>,
    /// The expressions that make the argument tuple.
    args: Vec<TokenStream>,
    /// The per-plugin success type.
    ok: TokenStream,
    /// The closure from `results` to `ok`.
    output: TokenStream,
}
