//! The typed form of one function (its Rust parameter and result types, and
//! the pieces of a method calling it), shared by `calls` and `socket`.

use proc_macro2::TokenStream;
use quote::quote;
use wit_parser::Type;

use super::emitter::InterfaceEmitter;
use crate::model::{Func, Model};
use crate::names::{Scope, snake};

/// Whether a function's parameters or result can hold a resource handle.
pub(super) fn holds_resources(model: &Model, func: &Func) -> bool {
    func.wit
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(&func.wit.result)
        .any(|ty| model.may_hold_resource(ty))
}

impl InterfaceEmitter<'_, '_> {
    pub(super) fn typed_function(&self, func: &Func) -> TypedFunction {
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
pub(super) struct TypedFunction {
    /// `(P1, P2,)`
    pub(super) params: TokenStream,
    /// `(R,)` or `()`
    pub(super) results: TokenStream,
    /// The method's parameter declarations.
    pub(super) decls: Vec<TokenStream>,
    /// The expressions that make the argument tuple.
    pub(super) args: Vec<TokenStream>,
    /// The per-plugin success type.
    pub(super) ok: TokenStream,
    /// The closure from `results` to `ok`.
    pub(super) output: TokenStream,
}
