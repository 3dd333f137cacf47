//! `wasm-link socket-wit`: the WIT an importer declares to import a
//! binding, in the socket shape of the binding's cardinality.
//!
//! A plugin that imports a binding as a socket declares each function's
//! result in the shape the runtime delivers it in (the crate docs of
//! `wasm-link`, "The socket ABI"): `list<tuple<id, result<T,
//! dispatch-error>>>` for a fan-out, and so on. This writes that second copy
//! of the exporter's package from the first, with the runtime's
//! `dispatch.wit` and the packages the exporter's package uses under
//! `deps/`, so that wit-bindgen, componentize-py and componentize-js read it
//! as it is.

mod bundle;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use wit_component::WitPrinter;
use wit_parser::{
    Docs, FunctionKind, PackageId, PackageSourceMap, Resolve, Result_, Span, Stability, Tuple,
    Type, TypeDef, TypeDefKind, TypeId, TypeOwner,
};

use crate::wit::load_package_sources;

/// The runtime's WIT: the `dispatch-error` variant importers receive.
pub const DISPATCH_WIT: &str = include_str!("../../wasm-link/wit/dispatch.wit");

/// How the importer receives a binding's results: the binding's cardinality
/// (and, for `ExactlyOne`, whether it wants its plugin's id too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `ExactlyOne`, results as the exporter declares them (`T`); a failure
    /// traps the importer.
    Transparent,
    /// `ExactlyOne`, `tuple<id, result<T, dispatch-error>>`.
    Wrapped,
    /// `AtMostOne`, `option<tuple<id, result<T, dispatch-error>>>`.
    Optional,
    /// `AtLeastOne` or `Any`, `list<tuple<id, result<T, dispatch-error>>>`.
    List,
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Transparent => "exactly-one (transparent)",
            Self::Wrapped => "exactly-one (wrapped)",
            Self::Optional => "at-most-one",
            Self::List => "at-least-one or any",
        })
    }
}

/// The WIT type of a plugin id, as the binding's `PluginId` declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// `string` (`String`, `&'static str`, `Arc<str>` ids).
    String,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
}

impl IdType {
    fn wit(self) -> Type {
        match self {
            Self::String => Type::String,
            Self::U32 => Type::U32,
            Self::U64 => Type::U64,
        }
    }
}

/// What `socket-wit` writes.
#[derive(Debug)]
pub struct Written {
    /// The importer-side package.
    pub package: PathBuf,
    /// The runtime's `dispatch.wit`, under `deps/` (none for a transparent
    /// socket, which uses no runtime type).
    pub dispatch: Option<PathBuf>,
    /// The packages the exporter's package uses, directly or not, under
    /// `deps/`: the files written, dependencies first.
    pub dependencies: Vec<PathBuf>,
}

/// The importer-side WIT of the exporter's package at `wit` (a file, or a
/// directory with `deps/`), in `shape`, as text.
///
/// # Errors
///
/// WIT that does not parse; an interface that already has a type named
/// `dispatch-error`; a resource constructor, whose result WIT cannot
/// reshape, in a socket that is not transparent.
///
/// ```
/// use wasm_link_cli::socket_wit::{IdType, Shape, render};
///
/// let dir = std::env::temp_dir().join(format!("socket-wit-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let wit = dir.join("greeter.wit");
/// std::fs::write(&wit, "package my:greeter; interface api { greet: func(name: string) -> string; }")?;
///
/// // An importer of an `Any` binding of greeters receives every answer.
/// let text = render(&[wit], Shape::List, IdType::String)?;
/// assert!(text.contains(
///     "greet: func(name: string) -> list<tuple<string, result<string, dispatch-error>>>;"
/// ));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(wit: &[PathBuf], shape: Shape, id: IdType) -> Result<String> {
    shaped(wit, shape, id).map(|shaped| shaped.text)
}

/// The exporter's package, reshaped.
struct Shaped {
    /// Every package read, the reshaped one among them.
    resolve: Resolve,
    /// The reshaped package.
    package: PackageId,
    /// The runtime's package, whose `dispatch-error` the shapes use (none
    /// for a transparent socket).
    runtime: Option<PackageId>,
    /// Which files each package was read from.
    sources: Vec<PackageSourceMap>,
    /// The reshaped package as WIT.
    text: String,
}

/// The exporter's package at `wit` in `shape`.
fn shaped(wit: &[PathBuf], shape: Shape, id: IdType) -> Result<Shaped> {
    let (mut resolve, package, sources) = load_package_sources(wit)?;
    let runtime = if shape == Shape::Transparent {
        None
    } else {
        Some(reshape(&mut resolve, package, shape, id)?)
    };
    let name = resolve.packages[package].name.to_string();
    resolve.packages[package].docs = Docs {
        contents: Some(format!(
            "Generated by `wasm-link socket-wit` from `{name}`: how an importer of a\n\
             binding of this package receives its results ({shape} socket)."
        )),
    };
    let mut printer = WitPrinter::default();
    printer.print(&resolve, package, &[])?;
    Ok(Shaped {
        resolve,
        package,
        runtime,
        sources,
        text: printer.output.to_string(),
    })
}

/// Writes the importer-side WIT of `wit` into `out`: `<package name>.wit`;
/// unless transparent, `deps/dispatch/dispatch.wit`; and every package the
/// exporter's package uses, directly or not, under `deps/<its name>/`
/// (copied from its `.wit` files, or printed when it has none of its own,
/// as a wasm-encoded package). `out` then parses on its own.
///
/// # Errors
///
/// As [`render`]; files that cannot be read or written; and a directory
/// that does not parse once written (files in `out` from before that
/// disagree with the new ones: the message names them).
pub fn write(wit: &[PathBuf], shape: Shape, id: IdType, out: &Path) -> Result<Written> {
    let shaped = shaped(wit, shape, id)?;
    let name = &shaped.resolve.packages[shaped.package].name;
    let file = out.join(format!("{}.wit", name.name));
    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    fs::write(&file, &shaped.text).with_context(|| format!("writing {}", file.display()))?;
    let deps = out.join("deps");
    let dispatch = if shaped.runtime.is_some() {
        let dir = deps.join("dispatch");
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join("dispatch.wit");
        fs::write(&path, DISPATCH_WIT).with_context(|| format!("writing {}", path.display()))?;
        Some(path)
    } else {
        None
    };
    let taken: &[&str] = if dispatch.is_some() {
        &["dispatch"]
    } else {
        &[]
    };
    let dependencies = bundle::write(
        &shaped.resolve,
        shaped.package,
        shaped.runtime,
        &shaped.sources,
        &deps,
        taken,
    )?;
    check_standalone(out)?;
    Ok(Written {
        package: file,
        dispatch,
        dependencies,
    })
}

/// Reads `out` back as the standard tools will, on its own: it must parse.
fn check_standalone(out: &Path) -> Result<()> {
    let mut resolve = Resolve::default();
    match resolve.push_dir(out) {
        Ok(_) => Ok(()),
        // Rendered against the files read, which it then names.
        Err(error) => bail!(
            "the WIT written to {} does not parse on its own: {}\n\
             remove what was there before (or write into an empty directory)",
            out.display(),
            resolve.render_error(&error)
        ),
    }
}

/// Rewrites every function result of `package`'s interfaces into `shape`.
/// Returns the runtime's package, whose `dispatch-error` they use.
fn reshape(
    resolve: &mut Resolve,
    package: PackageId,
    shape: Shape,
    id: IdType,
) -> Result<PackageId> {
    // Merged rather than pushed: an exporter that already uses the
    // runtime's package shares it.
    let mut own = Resolve::default();
    let runtime = own
        .push_str("dispatch.wit", DISPATCH_WIT)
        .context("the runtime's dispatch.wit")?;
    let runtime = resolve
        .merge(own)
        .context("the runtime's dispatch.wit, with the exporter's WIT")?
        .packages[runtime.index()];
    let dispatch_error = find_type(resolve, runtime, "dispatch", "dispatch-error")?;
    let interfaces: Vec<_> = resolve.packages[package]
        .interfaces
        .values()
        .copied()
        .collect();
    for interface in interfaces {
        let interface_name = resolve.interfaces[interface]
            .name
            .clone()
            .unwrap_or_default();
        if resolve.interfaces[interface]
            .types
            .contains_key("dispatch-error")
        {
            bail!(
                "interface `{interface_name}` already declares a type named `dispatch-error`, \
                 which the socket shapes use for the runtime's variant"
            );
        }
        // `use wasm-link:runtime/dispatch.{dispatch-error}`: an alias owned
        // by the interface.
        let alias = resolve.types.alloc(TypeDef {
            name: Some("dispatch-error".into()),
            kind: TypeDefKind::Type(Type::Id(dispatch_error)),
            owner: TypeOwner::Interface(interface),
            docs: Docs::default(),
            stability: Stability::Unknown,
            span: Span::default(),
            external_id: None,
        });
        resolve.interfaces[interface]
            .types
            .insert("dispatch-error".into(), alias);

        let names: Vec<String> = resolve.interfaces[interface]
            .functions
            .keys()
            .cloned()
            .collect();
        for name in names {
            let function = &resolve.interfaces[interface].functions[&name];
            let method = match function.kind {
                FunctionKind::Constructor(_) => bail!(
                    "`{interface_name}#{name}` is a resource constructor, whose result WIT \
                     cannot reshape: import this interface through a transparent socket, or \
                     give the resource a factory function"
                ),
                FunctionKind::Method(_) | FunctionKind::AsyncMethod(_) => true,
                _ => false,
            };
            let ok = function.result;
            let result = anonymous(
                resolve,
                TypeDefKind::Result(Result_ {
                    ok,
                    err: Some(Type::Id(alias)),
                }),
            );
            // A method reaches the one plugin that owns its resource.
            let shaped = if method {
                result
            } else {
                let entry = anonymous(
                    resolve,
                    TypeDefKind::Tuple(Tuple {
                        types: vec![id.wit(), result],
                    }),
                );
                match shape {
                    Shape::Transparent => unreachable!("transparent sockets are not reshaped"),
                    Shape::Wrapped => entry,
                    Shape::Optional => anonymous(resolve, TypeDefKind::Option(entry)),
                    Shape::List => anonymous(resolve, TypeDefKind::List(entry)),
                }
            };
            resolve.interfaces[interface]
                .functions
                .get_mut(&name)
                .expect("listed above")
                .result = Some(shaped);
        }
    }
    Ok(runtime)
}

/// A type of no name and no owner, as `list<..>` or `tuple<..>` are.
fn anonymous(resolve: &mut Resolve, kind: TypeDefKind) -> Type {
    Type::Id(resolve.types.alloc(TypeDef {
        name: None,
        kind,
        owner: TypeOwner::None,
        docs: Docs::default(),
        stability: Stability::Unknown,
        span: Span::default(),
        external_id: None,
    }))
}

/// The type `name` of interface `interface` of `package`.
fn find_type(resolve: &Resolve, package: PackageId, interface: &str, name: &str) -> Result<TypeId> {
    let interface = resolve.packages[package]
        .interfaces
        .get(interface)
        .with_context(|| format!("the runtime's WIT has no interface `{interface}`"))?;
    resolve.interfaces[*interface]
        .types
        .get(name)
        .copied()
        .with_context(|| format!("the runtime's WIT has no type `{name}`"))
}
