//! The typed form of one function (its Rust parameter and result types, and
//! the pieces of a method calling it), shared by `calls` and `socket`.

use proc_macro2::TokenStream;
use quote::quote;
use wit_parser::{Type, TypeDefKind};

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
            let taken = self.borrowed(&param.ty).unwrap_or_else(|| ty.clone());
            decls.push(quote!(#name: #taken));
            args.push(quote!(#name));
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

    /// The borrowed form a parameter of type `ty` is taken as, as wasmtime's
    /// `bindgen!` takes them: `&str` for `string`, `&[T]` for `list<T>`
    /// (written as such, not through an alias) whose elements hold no
    /// resource handle (the runtime puts handles into the arguments, which
    /// it cannot do in a borrowed slice). The runtime checks the function
    /// with the owned type (`String`, `Vec<T>`), which lowers the same.
    fn borrowed(&self, ty: &Type) -> Option<TokenStream> {
        match ty {
            Type::String => Some(quote!(&::core::primitive::str)),
            Type::Id(id) => {
                let def = &self.model.resolve.types[*id];
                match &def.kind {
                    TypeDefKind::List(element)
                        if def.name.is_none() && !self.model.may_hold_resource(element) =>
                    {
                        let element = self.ty(element);
                        Some(quote!(&[#element]))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// The pieces of one typed function.
pub(super) struct TypedFunction {
    /// `(P1, P2,)`, owned: what the function is checked and cached with.
    pub(super) params: TokenStream,
    /// `(R,)` or `()`
    pub(super) results: TokenStream,
    /// The method's parameter declarations: `params`, but `&str` and `&[T]`
    /// for strings and lists.
    pub(super) decls: Vec<TokenStream>,
    /// The expressions that make the argument tuple.
    pub(super) args: Vec<TokenStream>,
    /// The per-plugin success type.
    pub(super) ok: TokenStream,
    /// The closure from `results` to `ok`.
    pub(super) output: TokenStream,
}
