//! `wasm-link inspect`: what a component imports and exports, as WIT; which
//! of its imports look like sockets, and of which cardinality; and what
//! WASI it needs.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use wit_component::{DecodedWasm, WitPrinter};
use wit_parser::{FunctionKind, Resolve, Type, TypeDefKind, WorldItem};

/// What an imported interface's declared results say about how it is
/// provided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportShape {
    /// Plain results: an `ExactlyOne` socket imported transparently, or an
    /// interface the host provides.
    Plain,
    /// `tuple<id, result<T, E>>`: an `ExactlyOne` socket, wrapped.
    Wrapped,
    /// `option<tuple<id, result<T, E>>>`: an `AtMostOne` socket.
    Optional,
    /// `list<tuple<id, result<T, E>>>` or `map<id, result<T, E>>`: an
    /// `AtLeastOne` or `Any` socket.
    FanOut,
    /// Functions whose results disagree: no one cardinality fits them.
    Mixed,
    /// No functions: types that other imports use (such as the runtime's
    /// `dispatch-error`).
    TypesOnly,
}

impl ImportShape {
    /// What it means, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Plain => {
                "plain results: a transparent ExactlyOne socket, or an interface the host provides"
            }
            Self::Wrapped => {
                "a socket of cardinality ExactlyOne, wrapped (`tuple<id, result<..>>`)"
            }
            Self::Optional => "a socket of cardinality AtMostOne (`option<tuple<id, result<..>>>`)",
            Self::FanOut => {
                "a socket of cardinality AtLeastOne or Any (`list<tuple<id, result<..>>>` or `map`)"
            }
            Self::Mixed => "mixed result shapes: no one socket cardinality fits its functions",
            Self::TypesOnly => "types only, used by the other imports",
        }
    }
}

/// One imported or exported item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its name: `ns:pkg/interface@version`, or a bare function's name.
    pub name: String,
    /// For an imported interface, how it looks to be provided.
    pub shape: Option<ImportShape>,
}

/// What `inspect` found.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// The component's imports and exports as WIT (the world and the
    /// packages it uses).
    pub wit: String,
    /// What it imports, in its order.
    pub imports: Vec<Item>,
    /// What it exports, in its order.
    pub exports: Vec<Item>,
    /// The WASI interfaces it imports.
    pub wasi: Vec<String>,
}

/// Inspects the component at `path`.
///
/// # Errors
///
/// A file that cannot be read, or bytes that are not a component (a core
/// module or a WIT package is named as such).
pub fn inspect(path: &Path) -> Result<Inspection> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if wasmparser::Parser::is_core_wasm(&bytes) {
        bail!(
            "{} is a core WebAssembly module, not a WebAssembly component: a plugin is a \
             component (`wasm-link build` makes one from C; `wasm-tools component new` from a \
             module)",
            path.display()
        );
    }
    let decoded = wit_component::decode(&bytes).with_context(|| {
        format!(
            "{} is not a WebAssembly component (a core module must be made a component first: \
             `wasm-link build` does)",
            path.display()
        )
    })?;
    let (resolve, world) = match decoded {
        DecodedWasm::Component(resolve, world) => (resolve, world),
        DecodedWasm::WitPackage(..) => bail!(
            "{} is a WIT package in binary form, not a component",
            path.display()
        ),
    };
    let package = resolve.worlds[world]
        .package
        .context("the decoded world belongs to a package")?;
    let others: Vec<_> = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != package)
        .collect();
    let mut printer = WitPrinter::default();
    printer.print(&resolve, package, &others)?;

    let world = &resolve.worlds[world];
    let mut wasi = Vec::new();
    let imports = world
        .imports
        .iter()
        .map(|(key, item)| {
            let name = resolve.name_world_key(key);
            if name.starts_with("wasi:") {
                wasi.push(name.clone());
            }
            let shape = match item {
                WorldItem::Interface { id, .. } if !name.starts_with("wasi:") => {
                    Some(interface_shape(&resolve, *id))
                }
                _ => None,
            };
            Item { name, shape }
        })
        .collect();
    let exports = world
        .exports
        .keys()
        .map(|key| Item {
            name: resolve.name_world_key(key),
            shape: None,
        })
        .collect();
    Ok(Inspection {
        wit: printer.output.to_string(),
        imports,
        exports,
        wasi,
    })
}

impl Inspection {
    /// The report `wasm-link inspect` prints.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "imports:");
        if self.imports.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for item in &self.imports {
            match item.shape {
                Some(shape) => {
                    let _ = writeln!(out, "  {}\n      {}", item.name, shape.describe());
                }
                None => {
                    let _ = writeln!(out, "  {}", item.name);
                }
            }
        }
        let _ = writeln!(out, "exports:");
        for item in &self.exports {
            let _ = writeln!(out, "  {}", item.name);
        }
        if self.wasi.is_empty() {
            let _ = writeln!(out, "WASI: none (it needs no capability from the host)");
        } else {
            let _ = writeln!(
                out,
                "WASI: {} interfaces; grant them with wasm-link's `wasi` feature:",
                self.wasi.len()
            );
            for name in &self.wasi {
                let _ = writeln!(out, "  {name}");
            }
        }
        let _ = writeln!(out, "\nWIT:\n{}", self.wit.trim_end());
        out
    }
}

/// How an imported interface's functions declare their results.
fn interface_shape(resolve: &Resolve, interface: wit_parser::InterfaceId) -> ImportShape {
    if resolve.interfaces[interface].functions.is_empty() {
        return ImportShape::TypesOnly;
    }
    let mut shapes = resolve.interfaces[interface]
        .functions
        .values()
        // A method reaches its resource's owner: its shape says nothing of
        // the cardinality.
        .filter(|f| {
            !matches!(
                f.kind,
                FunctionKind::Method(_) | FunctionKind::AsyncMethod(_)
            )
        })
        .map(|f| result_shape(resolve, f.result.as_ref()));
    let Some(first) = shapes.next() else {
        return ImportShape::Plain;
    };
    if shapes.all(|s| s == first) {
        first
    } else {
        ImportShape::Mixed
    }
}

/// The socket shape a result type has.
fn result_shape(resolve: &Resolve, result: Option<&Type>) -> ImportShape {
    let kind = |ty: &Type| match ty {
        Type::Id(id) => Some(&resolve.types[*id].kind),
        _ => None,
    };
    // `result<..>`, through aliases.
    let is_result = |ty: &Type| {
        let mut ty = *ty;
        loop {
            match kind(&ty) {
                Some(TypeDefKind::Type(inner)) => ty = *inner,
                Some(TypeDefKind::Result(_)) => return true,
                _ => return false,
            }
        }
    };
    let is_entry = |ty: &Type| match kind(ty) {
        Some(TypeDefKind::Tuple(t)) => t.types.len() == 2 && is_result(&t.types[1]),
        _ => false,
    };
    match result.and_then(kind) {
        Some(TypeDefKind::List(entry)) if is_entry(entry) => ImportShape::FanOut,
        Some(TypeDefKind::Map(_, value)) if is_result(value) => ImportShape::FanOut,
        Some(TypeDefKind::Option(entry)) if is_entry(entry) => ImportShape::Optional,
        Some(TypeDefKind::Tuple(_)) if result.is_some_and(is_entry) => ImportShape::Wrapped,
        _ => ImportShape::Plain,
    }
}
