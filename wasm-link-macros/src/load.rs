//! Loading the WIT: a path relative to `CARGO_MANIFEST_DIR` (a file, or a
//! directory with an optional `deps/`), or inline text.
//!
//! Every failure is a [`syn::Error`] on the literal that named the WIT, with
//! the parser's own rendering (`file:line:col` and the source line).

use std::path::{Path, PathBuf};

use syn::LitStr;
use wit_parser::{PackageId, Resolve, Stability};

use crate::input::Source;

/// The WIT, resolved.
pub(crate) struct Loaded {
    pub(crate) resolve: Resolve,
    /// The package the path (or inline text) names; its dependencies are in
    /// `resolve` too.
    pub(crate) root: PackageId,
    /// Every file read, as absolute paths, so cargo can track them.
    pub(crate) files: Vec<PathBuf>,
}

/// The file name inline WIT gets in error messages.
const INLINE_NAME: &str = "<inline WIT>";

/// Loads the WIT with `features` enabled. When it fails, and would load
/// with every feature on, the error names the features to enable.
pub(crate) fn load(source: &Source, features: &[LitStr]) -> syn::Result<Loaded> {
    let enabled: Vec<String> = features.iter().map(LitStr::value).collect();
    load_with(source, &enabled, false).map_err(|mut error| {
        if let Ok(all) = load_all_features(source) {
            let missing = gated_features(&all.resolve, &enabled);
            if !missing.is_empty() {
                error.combine(syn::Error::new(
                    source.literal().span(),
                    format!(
                        "this WIT has items gated behind {}, which are left out unless enabled: add `features: [{}]` to `bind!` if the error is about one of them",
                        list(&missing, |f| format!("`@unstable(feature = {f})`")),
                        list(&missing, |f| format!("\"{f}\"")),
                    ),
                ));
            }
        }
        error
    })
}

/// The WIT with every `@unstable` feature on, to tell what a feature hides.
pub(crate) fn load_all_features(source: &Source) -> syn::Result<Loaded> {
    load_with(source, &[], true)
}

/// The features `@unstable` items of `resolve` are gated on, other than
/// `enabled`, sorted.
pub(crate) fn gated_features(resolve: &Resolve, enabled: &[String]) -> Vec<String> {
    let interfaces = resolve.interfaces.iter().flat_map(|(_, i)| {
        std::iter::once(&i.stability).chain(i.functions.values().map(|f| &f.stability))
    });
    let worlds = resolve.worlds.iter().map(|(_, w)| &w.stability);
    let types = resolve.types.iter().map(|(_, t)| &t.stability);
    let mut features: Vec<String> = interfaces
        .chain(worlds)
        .chain(types)
        .filter_map(|stability| match stability {
            Stability::Unstable { feature, .. } => Some(feature.clone()),
            _ => None,
        })
        .filter(|feature| !enabled.contains(feature))
        .collect();
    features.sort();
    features.dedup();
    features
}

/// `items` rendered by `each`, joined with commas.
fn list(items: &[String], each: impl Fn(&str) -> String) -> String {
    items
        .iter()
        .map(|item| each(item))
        .collect::<Vec<_>>()
        .join(", ")
}

fn load_with(source: &Source, features: &[String], all_features: bool) -> syn::Result<Loaded> {
    let base = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let mut resolve = Resolve {
        all_features,
        ..Resolve::default()
    };
    resolve.features.extend(features.iter().cloned());
    let lit = source.literal();
    let fail = |resolve: &Resolve, err: &_| {
        let message = resolve.render_error(err);
        syn::Error::new(lit.span(), relative(&message, base.as_deref()))
    };
    match source {
        Source::Path(lit) => {
            let written = lit.value();
            let path = match &base {
                Some(base) => base.join(&written),
                None => PathBuf::from(&written),
            };
            if let Err(e) = std::fs::metadata(&path) {
                return Err(syn::Error::new(
                    lit.span(),
                    format!("cannot read WIT at `{written}` (relative to CARGO_MANIFEST_DIR): {e}"),
                ));
            }
            refuse_components(&path, &written)
                .map_err(|message| syn::Error::new(lit.span(), message))?;
            let (root, sources) = resolve
                .push_path(&path)
                .map_err(|err| fail(&resolve, &err))?;
            let files = sources.paths().map(Path::to_path_buf).collect();
            Ok(Loaded {
                resolve,
                root,
                files,
            })
        }
        Source::Inline(lit) => {
            let root = resolve
                .push_str(INLINE_NAME, &lit.value())
                .map_err(|err| fail(&resolve, &err))?;
            Ok(Loaded {
                resolve,
                root,
                files: Vec::new(),
            })
        }
    }
}

/// Refuses a path to a component, and components among `deps/`: the parser
/// would read them as WIT and stop at their first `(`.
fn refuse_components(path: &Path, written: &str) -> Result<(), String> {
    let is_component = |p: &Path| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("wasm") || e.eq_ignore_ascii_case("wat"))
    };
    let reads = "`bind!` reads WIT text: a `.wit` file, or a directory of them with a `deps/` folder of WIT packages (a `.wit` file or a directory each)";
    if is_component(path) {
        return Err(format!(
            "`{written}` is a WebAssembly component, not WIT: {reads}; write out the WIT the component implements"
        ));
    }
    let Ok(deps) = std::fs::read_dir(path.join("deps")) else {
        return Ok(());
    };
    let mut found: Vec<String> = deps
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.is_file() && is_component(p))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    found.sort();
    match found.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "`{written}/deps/{first}` is a WebAssembly component, not WIT: {reads}; replace it with the WIT package it implements"
        )),
    }
}

/// Checks that the root package declares each interface `names` lists, and
/// returns the names.
///
/// # Errors
///
/// On the first literal naming an interface the package lacks, listing the
/// ones it has, and saying so when the name is an interface of a dependency
/// or one left out for a feature (`all_features`: the same WIT loaded with
/// every feature on, made only when needed).
pub(crate) fn check_interfaces(
    loaded: &Loaded,
    names: &[LitStr],
    all_features: impl Fn() -> Option<Loaded>,
) -> syn::Result<Vec<String>> {
    let package = &loaded.resolve.packages[loaded.root];
    names
        .iter()
        .map(|lit| {
            let name = lit.value();
            if package.interfaces.contains_key(&name) {
                return Ok(name);
            }
            let known: Vec<String> = package.interfaces.keys().cloned().collect();
            let known = if known.is_empty() {
                "none".to_owned()
            } else {
                list(&known, |k| format!("`{k}`"))
            };
            let mut message = format!(
                "package `{}` has no interface `{name}`; its interfaces: {known}",
                package.name
            );
            if let Some(feature) = all_features().and_then(|all| gate_of(&all, &name)) {
                message = format!(
                    "interface `{name}` of package `{}` is gated behind `@unstable(feature = {feature})`: enable it with `features: [\"{feature}\"]`",
                    package.name
                );
            } else if let Some(owner) = dependency_declaring(loaded, &name) {
                let module = format!(
                    "{}_{}",
                    crate::names::snake(&owner.namespace),
                    crate::names::snake(&owner.name)
                );
                message = format!(
                    "{message}; `{name}` is an interface of dependency `{owner}`, which has a group of its own (`{module}::Group`): `interfaces` only narrows the root package's group"
                );
            }
            Err(syn::Error::new(lit.span(), message))
        })
        .collect()
}

/// The feature the root package's interface `name` is gated on, in a
/// resolve with every feature on.
fn gate_of(all: &Loaded, name: &str) -> Option<String> {
    let id = *all.resolve.packages[all.root].interfaces.get(name)?;
    match &all.resolve.interfaces[id].stability {
        Stability::Unstable { feature, .. } => Some(feature.clone()),
        _ => None,
    }
}

/// The first dependency package (not the root) that declares interface
/// `name`.
fn dependency_declaring<'a>(loaded: &'a Loaded, name: &str) -> Option<&'a wit_parser::PackageName> {
    loaded
        .resolve
        .packages
        .iter()
        .find(|(id, package)| *id != loaded.root && package.interfaces.contains_key(name))
        .map(|(_, package)| &package.name)
}

/// Shortens absolute paths under the crate's directory to relative ones, so
/// messages read as the user wrote the path.
fn relative(message: &str, base: Option<&Path>) -> String {
    let Some(base) = base.and_then(Path::to_str) else {
        return message.to_owned();
    };
    let base = base.trim_end_matches('/');
    message.replace(&format!("{base}/"), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary one.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("wasm-link-macros-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary directory is writable");
        dir
    }

    #[test]
    fn components_are_refused_as_the_path_and_among_deps() {
        let dir = scratch("components");
        let error = refuse_components(&dir.join("plugin.wasm"), "plugin.wasm")
            .expect_err("a .wasm path is a component");
        assert!(
            error.contains("`plugin.wasm` is a WebAssembly component, not WIT"),
            "{error}"
        );
        assert!(refuse_components(&dir.join("app.WAT"), "app.WAT").is_err());

        std::fs::create_dir_all(dir.join("deps/logging")).unwrap();
        std::fs::write(dir.join("main.wit"), "package a:b;").unwrap();
        assert!(
            refuse_components(&dir, "wit").is_ok(),
            "no deps/ component yet"
        );
        std::fs::write(dir.join("deps/zeta.wat"), "(component)").unwrap();
        std::fs::write(dir.join("deps/alpha.wasm"), b"\0asm").unwrap();
        let error = refuse_components(&dir, "wit").expect_err("deps/ holds components");
        assert!(
            error.contains("`wit/deps/alpha.wasm` is a WebAssembly component"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn gated_features_lists_what_is_not_enabled() {
        let mut resolve = Resolve {
            all_features: true,
            ..Resolve::default()
        };
        resolve
            .push_str(
                "gated.wit",
                "package a:b;
                 @unstable(feature = zed) interface z { f: func(); }
                 interface i { @unstable(feature = alpha) g: func(); }",
            )
            .expect("valid WIT");
        assert_eq!(gated_features(&resolve, &[]), ["alpha", "zed"]);
        assert_eq!(gated_features(&resolve, &["zed".to_owned()]), ["alpha"]);
    }
}
