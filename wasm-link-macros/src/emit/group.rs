//! A package's `Group<C>`: the struct, its constructors (which check every
//! plugin's exports once), and its per-interface accessors.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::calls::call_names;
use super::docs::doc;
use super::naming::Names;
use super::socket::emit_socket;
use crate::model::{Model, Package};
use crate::names::{Scope, snake};

/// Accessor names on `Group`, one per interface, avoiding its own methods.
fn accessor_names(package: &Package) -> Vec<Ident> {
    let mut scope = Scope::with_reserved(&[
        "new",
        "from_binding",
        "binding",
        "into_binding",
        "socket",
        "replace",
        "insert",
        "remove",
    ]);
    package
        .grouped()
        .map(|iface| scope.claim(snake(iface.name)))
        .collect()
}

pub(super) fn emit_group(model: &Model, names: &Names, package: &Package) -> TokenStream {
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
        /// A function whose arguments hold an owned handle (`wasm_link::Own`,
        /// which is not `Clone`) moves it into one plugin: on a group of
        /// several plugins its call is refused, every result
        /// `DispatchError::InvalidResource`.
        /// `&group` converts into a `wasm_link::Socket`, so the group can be
        /// another plugin's socket; `group.binding()` reaches the untyped
        /// `Binding` (for `dispatch` with `Val`s, and `restart`).
        /// `replace`, `insert` and `remove` change its plugins while it
        /// runs: newcomers are checked against the WIT first, and every call
        /// that starts afterwards sees the change.
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
            /// As `Group::new`; also `LinkError::UndeclaredFunction` when the
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

            /// Swaps the plugin `id` for `plugin` while the group runs
            /// (`Binding::replace`): `plugin` is checked against the WIT,
            /// the binding's other plugins and its importers first, and the
            /// group's calls reach it from their next call on.
            ///
            /// # Errors
            ///
            /// As `Binding::replace`; the binding is then unchanged.
            pub fn replace(
                &self,
                id: &C::Id,
                plugin: ::wasm_link::PluginInstance<Ctx>,
            ) -> ::core::result::Result<(), ::wasm_link::LinkError> {
                self.binding.replace(id, plugin)
            }

            /// Adds `plugin` as the plugin `id` (`Binding::insert`), checked
            /// as for `replace`.
            ///
            /// # Errors
            ///
            /// As `Binding::insert`; the binding is then unchanged.
            pub fn insert(
                &self,
                id: C::Id,
                plugin: ::wasm_link::PluginInstance<Ctx>,
            ) -> ::core::result::Result<(), ::wasm_link::LinkError> {
                self.binding.insert(id, plugin)
            }

            /// Takes the plugin `id` out of the group (`Binding::remove`).
            ///
            /// # Errors
            ///
            /// As `Binding::remove`; the binding is then unchanged.
            pub fn remove(&self, id: &C::Id) -> ::core::result::Result<(), ::wasm_link::LinkError> {
                self.binding.remove(id)
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
