//! What the WIT says, independent of the Rust we emit: one walk over the
//! resolved packages, their interfaces, their named types (one case per type
//! kind) and their functions, with the facts the runtime needs (function
//! kind, whether results can hold resources) and the reasons a type or
//! function has no typed form.

use std::cell::RefCell;
use std::collections::HashMap;

use wit_parser::{
    Docs, Enum, Flags, Function, FunctionKind, Handle, InterfaceId, PackageId, Record, Resolve,
    Type, TypeDefKind, TypeId, TypeOwner, Variant,
};

/// The largest tuple (and parameter list) with a typed form: Rust implements
/// `Clone`, `Debug` and `PartialEq` for tuples up to 12 elements.
pub(crate) const MAX_TUPLE: usize = 12;

/// Every package of the resolved WIT, dependencies first.
pub(crate) struct Model<'r> {
    pub(crate) resolve: &'r Resolve,
    /// The package the macro was pointed at.
    pub(crate) root: PackageId,
    pub(crate) packages: Vec<Package<'r>>,
    /// `bind!(.., async)`: the typed methods are `async fn`.
    pub(crate) asynchronous: bool,
    unsupported: RefCell<HashMap<TypeId, Option<String>>>,
}

pub(crate) struct Package<'r> {
    pub(crate) id: PackageId,
    /// `ns:name@version`, as bindings name their package.
    pub(crate) name: String,
    pub(crate) docs: &'r Docs,
    pub(crate) interfaces: Vec<Interface<'r>>,
}

impl<'r> Package<'r> {
    /// The interfaces its `Group` and `interfaces()` cover.
    pub(crate) fn grouped(&self) -> impl Iterator<Item = &Interface<'r>> {
        self.interfaces.iter().filter(|iface| iface.in_group)
    }
}

pub(crate) struct Interface<'r> {
    pub(crate) id: InterfaceId,
    /// As the binding names it: `api`.
    pub(crate) name: &'r str,
    pub(crate) docs: &'r Docs,
    pub(crate) types: Vec<TypeItem<'r>>,
    pub(crate) functions: Vec<Func<'r>>,
    /// The resource types the interface defines.
    pub(crate) resources: Vec<&'r str>,
    /// Whether the package's `Group` and `interfaces()` cover it: all
    /// interfaces, unless the `interfaces:` option chose some of the root
    /// package's.
    pub(crate) in_group: bool,
}

/// One named type of an interface.
pub(crate) struct TypeItem<'r> {
    pub(crate) id: TypeId,
    pub(crate) name: &'r str,
    pub(crate) docs: &'r Docs,
    pub(crate) kind: TypeKind<'r>,
    /// Whether its values hold an owned handle ([`holds_own`]): such a
    /// record or variant is not `Clone`.
    pub(crate) holds_own: bool,
    /// Whether its values can hold any resource handle: one that cannot is
    /// `NoHandles`, and a list of it is taken as a slice.
    pub(crate) holds_handles: bool,
}

/// The kinds of named types, one emitter hook each.
pub(crate) enum TypeKind<'r> {
    Record(&'r Record),
    Variant(&'r Variant),
    Enum(&'r Enum),
    Flags(&'r Flags),
    Resource,
    /// `type x = ...`, a `use`d type, or a name for an anonymous type
    /// (`type bytes = list<u8>`, `type h = borrow<r>`).
    Alias(&'r TypeDefKind),
    /// No typed form, and why.
    Unsupported(String),
}

/// How the runtime reaches a function.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FuncKind {
    Freestanding,
    Constructor(TypeId),
    Static(TypeId),
    /// `[method]r.f` (and method getters and setters): goes to the owner of
    /// the resource, so it has no fanned-out typed form.
    Method(TypeId),
}

/// What the runtime must do with a function's result.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Returns {
    Void,
    AssumeNoResources,
    MayContainResources,
}

pub(crate) struct Func<'r> {
    pub(crate) wit: &'r Function,
    pub(crate) kind: FuncKind,
    pub(crate) returns: Returns,
    /// Whether its parameters hold an owned handle ([`holds_own`]): its
    /// arguments can be moved into one plugin only.
    pub(crate) params_hold_own: bool,
    /// Why it has no typed method, if it has none.
    pub(crate) untyped: Option<String>,
}

impl<'r> Model<'r> {
    /// The model of every package; `selected` (interface names of the root
    /// package, already checked to exist) narrows the root's group;
    /// `asynchronous` is `bind!`'s `async` flag.
    pub(crate) fn new(
        resolve: &'r Resolve,
        root: PackageId,
        selected: Option<&[String]>,
        asynchronous: bool,
    ) -> Self {
        let mut model = Self {
            resolve,
            root,
            packages: Vec::new(),
            asynchronous,
            unsupported: RefCell::default(),
        };
        model.packages = resolve
            .packages
            .iter()
            .map(|(id, package)| Package {
                id,
                name: package.name.to_string(),
                docs: &package.docs,
                interfaces: package
                    .interfaces
                    .iter()
                    .map(|(name, &iface)| {
                        let in_group = id != root
                            || selected.is_none_or(|chosen| chosen.iter().any(|c| c == name));
                        model.interface(iface, name, in_group)
                    })
                    .collect(),
            })
            .collect();
        model
    }

    /// Refuses a `bind!` that would bind nothing, and one whose root package
    /// declares items in a world (functions, types, inline interfaces),
    /// which have no typed form: better an error than methods that silently
    /// do not exist. With `narrowed` (the `interfaces:` option) the user
    /// chose what to bind, and worlds are not mentioned.
    pub(crate) fn check_bound(&self, narrowed: bool) -> Result<(), String> {
        let root = &self.resolve.packages[self.root];
        if self.packages.iter().all(|p| p.interfaces.is_empty()) {
            return Err(format!(
                "package `{}` declares no interface, so `bind!` has nothing to bind: it binds the interfaces of a package and its dependencies",
                root.name
            ));
        }
        if narrowed {
            return Ok(());
        }
        let mut found = Vec::new();
        for &world in root.worlds.values() {
            let world = &self.resolve.worlds[world];
            let items = world
                .imports
                .iter()
                .map(|item| ("import", item))
                .chain(world.exports.iter().map(|item| ("export", item)));
            for (direction, (key, item)) in items {
                if let Some(what) = self.world_item(key, item) {
                    found.push(format!("`{direction} {what}` in world `{}`", world.name));
                }
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        let count = found.len();
        found.truncate(3);
        let more = if count > 3 {
            format!(" and {} more", count - 3)
        } else {
            String::new()
        };
        Err(format!(
            "`bind!` binds interfaces, not worlds, so it would leave out {}{more}: declare them in an interface (for a function `f`: `interface api {{ f: func(); }}` and `export api;` in the world), or pass `interfaces: [..]` to bind only the interfaces named",
            found.join(", ")
        ))
    }

    /// How a world item that `bind!` cannot bind reads (`run: func`,
    /// `type t`, `x: interface`); `None` for a named interface, or a type a
    /// world `use`s from one.
    fn world_item(
        &self,
        key: &wit_parser::WorldKey,
        item: &wit_parser::WorldItem,
    ) -> Option<String> {
        use wit_parser::WorldItem;
        let name = self.resolve.name_world_key(key);
        match item {
            WorldItem::Function(_) => Some(format!("{name}: func")),
            WorldItem::Interface { id, .. } => self.resolve.interfaces[*id]
                .name
                .is_none()
                .then(|| format!("{name}: interface {{ .. }}")),
            WorldItem::Type { id, .. } => match self.resolve.types[*id].kind {
                TypeDefKind::Type(Type::Id(_)) => None,
                _ => Some(format!("type {name}")),
            },
        }
    }

    fn interface(&self, id: InterfaceId, name: &'r str, in_group: bool) -> Interface<'r> {
        let iface = &self.resolve.interfaces[id];
        let types = iface
            .types
            .iter()
            .map(|(name, &ty)| TypeItem {
                id: ty,
                name,
                docs: &self.resolve.types[ty].docs,
                kind: self.type_kind(ty),
                holds_own: holds_own(self.resolve, &Type::Id(ty)),
                holds_handles: self.may_hold_resource(&Type::Id(ty)),
            })
            .collect::<Vec<_>>();
        let resources = types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Resource))
            .map(|t| t.name)
            .collect();
        Interface {
            id,
            name,
            docs: &iface.docs,
            types,
            functions: iface.functions.values().map(|f| self.function(f)).collect(),
            resources,
            in_group,
        }
    }

    fn type_kind(&self, id: TypeId) -> TypeKind<'r> {
        if let Some(reason) = self.unsupported_def(id) {
            return TypeKind::Unsupported(reason);
        }
        match &self.resolve.types[id].kind {
            TypeDefKind::Record(r) => TypeKind::Record(r),
            TypeDefKind::Variant(v) => TypeKind::Variant(v),
            TypeDefKind::Enum(e) => TypeKind::Enum(e),
            TypeDefKind::Flags(f) => TypeKind::Flags(f),
            TypeDefKind::Resource => TypeKind::Resource,
            other => TypeKind::Alias(other),
        }
    }

    fn function(&self, wit: &'r Function) -> Func<'r> {
        let kind = match wit.kind {
            FunctionKind::Freestanding
            | FunctionKind::AsyncFreestanding
            | FunctionKind::Getter
            | FunctionKind::Setter => FuncKind::Freestanding,
            FunctionKind::Constructor(r) => FuncKind::Constructor(r),
            FunctionKind::Static(r)
            | FunctionKind::AsyncStatic(r)
            | FunctionKind::StaticGetter(r)
            | FunctionKind::StaticSetter(r) => FuncKind::Static(r),
            FunctionKind::Method(r)
            | FunctionKind::AsyncMethod(r)
            | FunctionKind::MethodGetter(r)
            | FunctionKind::MethodSetter(r) => FuncKind::Method(r),
        };
        let returns = match &wit.result {
            None => Returns::Void,
            Some(ty) if self.may_hold_resource(ty) => Returns::MayContainResources,
            Some(_) => Returns::AssumeNoResources,
        };
        let untyped = if wit.kind.is_async() && !self.asynchronous {
            // Wasmtime calls an async-lifted export only through
            // `call_async`: a sync group has no way in.
            Some(
                "it is an `async func` (component-model async), which only an async group can \
                 call: bind the package with `bind!(\"..\", async)`"
                    .to_owned(),
            )
        } else if wit.params.len() > MAX_TUPLE {
            Some(format!("it has more than {MAX_TUPLE} parameters"))
        } else {
            wit.params
                .iter()
                .map(|p| &p.ty)
                .chain(&wit.result)
                .find_map(|ty| self.unsupported(ty))
        };
        Func {
            wit,
            kind,
            returns,
            params_hold_own: wit.params.iter().any(|p| holds_own(self.resolve, &p.ty)),
            untyped,
        }
    }

    /// Whether a value of `ty` can contain a resource handle.
    pub(crate) fn may_hold_resource(&self, ty: &Type) -> bool {
        let Type::Id(id) = ty else { return false };
        match &self.resolve.types[*id].kind {
            TypeDefKind::Resource
            | TypeDefKind::Handle(_)
            | TypeDefKind::Future(_)
            | TypeDefKind::Stream(_)
            | TypeDefKind::Unknown => true,
            TypeDefKind::Record(r) => r.fields.iter().any(|f| self.may_hold_resource(&f.ty)),
            TypeDefKind::Variant(v) => v
                .cases
                .iter()
                .any(|c| c.ty.as_ref().is_some_and(|t| self.may_hold_resource(t))),
            TypeDefKind::Tuple(t) => t.types.iter().any(|t| self.may_hold_resource(t)),
            TypeDefKind::Option(t)
            | TypeDefKind::List(t)
            | TypeDefKind::FixedLengthList(t, _)
            | TypeDefKind::Type(t) => self.may_hold_resource(t),
            TypeDefKind::Map(k, v) => self.may_hold_resource(k) || self.may_hold_resource(v),
            TypeDefKind::Result(r) => [&r.ok, &r.err]
                .into_iter()
                .flatten()
                .any(|t| self.may_hold_resource(t)),
            TypeDefKind::Enum(_) | TypeDefKind::Flags(_) => false,
        }
    }

    /// Why `ty` has no typed form, if it has none.
    pub(crate) fn unsupported(&self, ty: &Type) -> Option<String> {
        match ty {
            Type::ErrorContext => Some("`error-context` is not supported yet".to_owned()),
            Type::Id(id) => self.unsupported_def(*id),
            _ => None,
        }
    }

    fn unsupported_def(&self, id: TypeId) -> Option<String> {
        if let Some(known) = self.unsupported.borrow().get(&id) {
            return known.clone();
        }
        let def = &self.resolve.types[id];
        let reason = match &def.kind {
            TypeDefKind::Future(_) | TypeDefKind::Stream(_) => {
                Some(format!("`{}` is not supported yet", def.kind.as_str()))
            }
            TypeDefKind::Unknown => Some("the type is not resolved".to_owned()),
            TypeDefKind::Tuple(t) if t.types.len() > MAX_TUPLE => Some(format!(
                "tuples of more than {MAX_TUPLE} elements are not supported"
            )),
            TypeDefKind::Tuple(t) => self.first_unsupported(&t.types),
            TypeDefKind::Record(r) => self.first_unsupported(r.fields.iter().map(|f| &f.ty)),
            TypeDefKind::Variant(v) => {
                self.first_unsupported(v.cases.iter().filter_map(|c| c.ty.as_ref()))
            }
            TypeDefKind::Option(t)
            | TypeDefKind::List(t)
            | TypeDefKind::FixedLengthList(t, _)
            | TypeDefKind::Type(t) => self.unsupported(t),
            TypeDefKind::Map(k, v) => self.first_unsupported([k, v]),
            TypeDefKind::Result(r) => self.first_unsupported([&r.ok, &r.err].into_iter().flatten()),
            TypeDefKind::Resource
            | TypeDefKind::Handle(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_) => None,
        };
        self.unsupported.borrow_mut().insert(id, reason.clone());
        reason
    }

    fn first_unsupported<'t>(&self, types: impl IntoIterator<Item = &'t Type>) -> Option<String> {
        types.into_iter().find_map(|t| self.unsupported(t))
    }

    /// The interface that defines the named type `id`, if an interface does.
    pub(crate) fn owner(&self, id: TypeId) -> Option<InterfaceId> {
        match self.resolve.types[id].owner {
            TypeOwner::Interface(iface) if self.resolve.types[id].name.is_some() => Some(iface),
            _ => None,
        }
    }
}

/// Whether a value of `ty` holds an owned resource handle (`own<r>`, or a
/// resource named as a type) anywhere inside it: through records, variants,
/// tuples, lists, options, results, maps and aliases, whichever interface or
/// package defines them. Such a value cannot be `Clone` (`Own` is not), and
/// a typed call can move it into one plugin only. WIT types are not
/// recursive, so the walk ends.
pub(crate) fn holds_own(resolve: &Resolve, ty: &Type) -> bool {
    let Type::Id(id) = ty else { return false };
    let holds = |ty: &Type| holds_own(resolve, ty);
    match &resolve.types[*id].kind {
        TypeDefKind::Handle(Handle::Own(_)) | TypeDefKind::Resource => true,
        TypeDefKind::Handle(Handle::Borrow(_))
        | TypeDefKind::Enum(_)
        | TypeDefKind::Flags(_)
        | TypeDefKind::Future(_)
        | TypeDefKind::Stream(_)
        | TypeDefKind::Unknown => false,
        TypeDefKind::Record(r) => r.fields.iter().any(|f| holds(&f.ty)),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty.as_ref()).any(holds),
        TypeDefKind::Tuple(t) => t.types.iter().any(holds),
        TypeDefKind::Option(t)
        | TypeDefKind::List(t)
        | TypeDefKind::FixedLengthList(t, _)
        | TypeDefKind::Type(t) => holds(t),
        TypeDefKind::Map(k, v) => holds(k) || holds(v),
        TypeDefKind::Result(r) => [&r.ok, &r.err].into_iter().flatten().any(holds),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The named types of `text`'s packages, by name, with [`holds_own`].
    fn owning(text: &str) -> HashMap<String, bool> {
        let mut resolve = Resolve::default();
        resolve
            .push_str("test.wit", text)
            .expect("the WIT resolves");
        resolve
            .types
            .iter()
            .filter_map(|(id, def)| {
                let name = def.name.clone()?;
                Some((name, holds_own(&resolve, &Type::Id(id))))
            })
            .collect()
    }

    #[test]
    fn owned_handles_are_found_through_every_kind_of_type() {
        let found = owning(
            "
            package test:owning;

            interface base {
                resource r;
                type h = own<r>;
                record plain { n: u32, s: string, l: list<u8> }
                record lent { b: borrow<r> }
                flags f { a }
                enum e { a }
            }

            interface user {
                use base.{r, h, plain, lent};
                record direct { r: r }
                record aliased { h: h }
                record nested { d: direct }
                variant v { none, some(option<r>) }
                type in-list = list<r>;
                type in-result = result<u32, tuple<string, r>>;
                type just-plain = list<plain>;
                record with-lent { l: lent, t: tuple<plain, borrow<r>> }
            }
            ",
        );
        for name in [
            "h",
            "direct",
            "aliased",
            "nested",
            "v",
            "in-list",
            "in-result",
        ] {
            assert!(found[name], "`{name}` holds an owned handle");
        }
        for name in ["plain", "lent", "f", "e", "just-plain", "with-lent"] {
            assert!(!found[name], "`{name}` holds no owned handle");
        }
    }

    #[test]
    fn owned_handles_are_found_across_packages() {
        let mut resolve = Resolve::default();
        resolve
            .push_str(
                "dep.wit",
                "package test:dep; interface i { resource r; record holder { r: r } }",
            )
            .expect("the dependency resolves");
        resolve
            .push_str(
                "main.wit",
                "package test:main; interface j { use test:dep/i.{holder}; type many = list<option<holder>>; }",
            )
            .expect("the package resolves");
        let many = resolve
            .types
            .iter()
            .find(|(_, def)| def.name.as_deref() == Some("many"))
            .map(|(id, _)| id)
            .expect("`many` is defined");
        assert!(holds_own(&resolve, &Type::Id(many)));
    }
}
