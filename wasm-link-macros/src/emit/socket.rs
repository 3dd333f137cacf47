//! `Group::socket` and `From<&Group> for Socket`: the typed forwarding of a
//! group's functions to the plugins that import them.

use proc_macro2::TokenStream;
use quote::quote;

use super::emitter::InterfaceEmitter;
use super::function::{TypedFunction, holds_resources};
use super::naming::Names;
use crate::model::{Model, Package};

/// `Group::socket` and `From<&Group> for Socket`: typed functions (but
/// `async func`s) are forwarded to importers through typed host functions,
/// those whose types can hold resource handles with `forward_moving`
/// (`forward_moving_once` when the arguments hold an owned handle).
pub(super) fn emit_socket(model: &Model, names: &Names, package: &Package) -> TokenStream {
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
            // An `async func` import takes a concurrent host function,
            // which the `Val` forwarder defines.
            .filter(|f| f.untyped.is_none() && !f.wit.kind.is_async())
            .map(move |f| {
                let TypedFunction {
                    params, results, ..
                } = emitter.typed_function(f);
                let (name, function) = (iface.name, &f.wit.name);
                // Handles in the types are found and moved from the static
                // types; the others skip that work. Owned handles in the
                // arguments go to one plugin (they cannot be cloned).
                if f.params_hold_own {
                    quote! { .forward_moving_once::<#params, #results>(#name, #function) }
                } else if holds_resources(model, f) {
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
