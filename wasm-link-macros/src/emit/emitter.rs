//! [`InterfaceEmitter`], which emits code from one interface's point of
//! view, and the Rust type it names each WIT type by from there.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use wit_parser::{Handle, InterfaceId, Type, TypeDefKind};

use super::naming::{Names, TypePath};
use crate::model::Model;

/// Emits code for one interface: inside its module, where type references
/// are relative to it, or (`at_package`) in its package's module.
pub(super) struct InterfaceEmitter<'a, 'r> {
    pub(super) model: &'a Model<'r>,
    pub(super) names: &'a Names,
    pub(super) package: usize,
    pub(super) interface: InterfaceId,
    pub(super) at_package: bool,
}

impl InterfaceEmitter<'_, '_> {
    /// The Rust type for a WIT type, as seen from this interface's module.
    pub(super) fn ty(&self, ty: &Type) -> TokenStream {
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
    pub(super) fn kind(&self, kind: &TypeDefKind) -> TokenStream {
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
}
