//! An interface's typed calls: the function handles `Group` caches, and the
//! `Calls` accessor with one typed method per function.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use wit_parser::{FunctionKind as WitKind, TypeId};

use super::docs::{doc, docs};
use super::emitter::InterfaceEmitter;
use super::function::{TypedFunction, holds_resources};
use super::naming::Names;
use crate::model::{Func, FuncKind, Interface};
use crate::names::{Scope, snake};

/// The names of an interface's typed functions and their accessor types.
pub(super) struct CallNames {
    pub(super) calls: Ident,
    pub(super) functions: Ident,
}

pub(super) fn call_names(names: &Names, iface: &Interface) -> CallNames {
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

impl InterfaceEmitter<'_, '_> {
    /// The typed functions of the interface: the handles `Group` caches and
    /// the `Calls` accessor with one method per function.
    pub(super) fn calls(&self, iface: &Interface, call_names: &CallNames) -> TokenStream {
        let CallNames { calls, functions } = call_names;
        let name = iface.name;
        let mut scope = Scope::default();
        let mut notes = Vec::new();
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        let mut methods = Vec::new();
        let mut untyped = Vec::new();
        let mut markers = Vec::new();
        for func in &iface.functions {
            let method = scope.claim(self.method_name(func));
            if let Some(reason) = &func.untyped {
                notes.push(doc(&format!("- `{}`: {reason}", func.wit.name)));
                let (stub, marker) = untyped_method(func, &method, reason);
                untyped.push(stub);
                markers.push(marker);
                continue;
            }
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
                pub(super) fn new<__C, __Ctx>(
                    binding: &::wasm_link::Binding<__C>,
                ) -> ::core::result::Result<Self, ::wasm_link::LinkError>
                where
                    __C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<__Ctx>>,
                    __C::Id: 'static,
                    __Ctx: ::wasm_link::PluginContext,
                {
                    let _ = binding;
                    ::core::result::Result::Ok(Self { #( #inits, )* })
                }
            }

            #calls_doc
            #notes
            pub struct #calls<'a, __C: ::wasm_link::Cardinality> {
                pub(super) binding: &'a ::wasm_link::Binding<__C>,
                pub(super) functions: &'a #functions,
            }

            impl<__C, __Ctx> #calls<'_, __C>
            where
                __C: ::wasm_link::Cardinality<Item = ::wasm_link::PluginInstance<__Ctx>>,
                __C::Id: ::core::clone::Clone + 'static,
                __Ctx: ::wasm_link::PluginContext,
            {
                #( #methods )*
                #( #untyped )*
            }

            #( #markers )*
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
        // `bind!(.., async)`: the same calls, awaited.
        let (asyncness, awaited, suffix) = if self.model.asynchronous {
            (quote!(async), quote!(.await), "_async")
        } else {
            (TokenStream::new(), TokenStream::new(), "")
        };
        let call_method = format_ident!("call_typed_method{suffix}");
        if let FuncKind::Method(_) = &func.kind {
            // A method runs only in the plugin that owns `self`.
            return quote! {
                #docs
                #signature
                #[doc = ""]
                #[doc = " Runs in the plugin that owns the resource."]
                pub #asyncness fn #method(&self, #( #decls ),*) -> ::core::result::Result<#ok, ::wasm_link::DispatchError> {
                    ::wasm_link::__private::#call_method(self.binding, &self.functions.#method, (#( #args, )*), #output) #awaited
                }
            };
        }
        // Functions whose types can hold handles move them between the host
        // and the plugins; the others skip that work. Owned handles in the
        // arguments cannot be cloned, nor moved into several plugins: those
        // calls reach one plugin, or are refused.
        let (call, once) = if func.params_hold_own {
            (
                format_ident!("call_typed_moving_once{suffix}"),
                quote! {
                    #[doc = ""]
                    #[doc = " Its arguments hold an owned handle, which moves into one plugin: on a group of several plugins every result is `DispatchError::InvalidResource`, whatever the arguments hold."]
                },
            )
        } else if holds_resources(self.model, func) {
            (
                format_ident!("call_typed_moving{suffix}"),
                TokenStream::new(),
            )
        } else {
            (format_ident!("call_typed{suffix}"), TokenStream::new())
        };
        quote! {
            #docs
            #signature
            #once
            pub #asyncness fn #method(&self, #( #decls ),*) -> __C::Rebind<::core::result::Result<#ok, ::wasm_link::DispatchError>> {
                ::wasm_link::__private::#call(self.binding, &self.functions.#method, (#( #args, )*), #output) #awaited
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
}

/// A stand-in for `func`, which has no typed method (for `reason`): a
/// method of the name it would have had, with as many parameters, bound on
/// a marker trait nothing implements, so that a call fails to compile with
/// `reason` as its error (a missing method would only say it is missing).
/// Returns the method, and the marker trait for the interface's module.
fn untyped_method(func: &Func, method: &Ident, reason: &str) -> (TokenStream, TokenStream) {
    let wit_name = &func.wit.name;
    // Wasmtime calls an `async func` only asynchronously.
    let (dispatch, way) = if func.wit.kind.is_async() {
        ("Binding::dispatch_async", "or call it")
    } else {
        ("Binding::dispatch", "call it")
    };
    let message = format!(
        "`{wit_name}` has no typed method: {reason}; {way} through `{dispatch}` (the group's `binding()`)"
    );
    // A leading `__` and an `_`: no WIT name turns into this.
    let marker = format_ident!("__Untyped_{}", method.to_string().trim_start_matches("r#"));
    let params: Vec<_> = (0..func.wit.params.len())
        .map(|i| format_ident!("__P{i}"))
        .collect();
    let doc = doc(&format!(
        "No typed method: {reason}. A call fails to compile, saying so; call `{wit_name}` through `{dispatch}`."
    ));
    let method = quote! {
        #doc
        pub fn #method<#( #params ),*>(&self, #( _: #params ),*) -> !
        where
            Self: #marker,
        {
            <Self as #marker>::never(self)
        }
    };
    let marker = quote! {
        #[doc(hidden)]
        #[diagnostic::on_unimplemented(message = #message, label = "no typed method")]
        pub trait #marker {
            fn never(&self) -> !;
        }
    };
    (method, marker)
}
