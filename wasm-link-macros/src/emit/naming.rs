//! The Rust names of every package, interface and named type, decided before
//! anything is emitted so that references and definitions agree.

use std::collections::HashMap;

use proc_macro2::Ident;
use wit_parser::{InterfaceId, TypeId};

use crate::model::{Model, Package};
use crate::names::{Scope, camel, snake};

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
pub(super) struct TypePath {
    pub(super) package: usize,
    pub(super) interface: InterfaceId,
    pub(super) name: Ident,
}

/// Rust names for every package, interface and named type, decided up front
/// so that references and definitions agree.
pub(super) struct Names {
    pub(super) packages: Vec<Ident>,
    pub(super) interfaces: HashMap<InterfaceId, (usize, Ident)>,
    pub(super) types: HashMap<TypeId, TypePath>,
}

impl Names {
    /// `runtime`: the runtime crate's name, which a package module would
    /// make ambiguous at the call site (package `wasm:link` is `wasm_link_`).
    pub(super) fn new(model: &Model, runtime: &str) -> Self {
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
        let mut scope = Scope::with_reserved(&[runtime]);
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
