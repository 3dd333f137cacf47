//! Loading the WIT: a path relative to `CARGO_MANIFEST_DIR` (a file, or a
//! directory with an optional `deps/`), or inline text.
//!
//! Every failure is a [`syn::Error`] on the literal that named the WIT, with
//! the parser's own rendering (`file:line:col` and the source line).

use std::path::{Path, PathBuf};

use syn::LitStr;
use wit_parser::{PackageId, Resolve};

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

pub(crate) fn load(source: &Source) -> syn::Result<Loaded> {
    let base = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let mut resolve = Resolve::default();
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

/// Checks that the root package declares each interface `names` lists, and
/// returns the names.
///
/// # Errors
///
/// On the first literal naming an interface the package lacks, listing the
/// ones it has.
pub(crate) fn check_interfaces(loaded: &Loaded, names: &[LitStr]) -> syn::Result<Vec<String>> {
    let package = &loaded.resolve.packages[loaded.root];
    names
        .iter()
        .map(|lit| {
            let name = lit.value();
            if package.interfaces.contains_key(&name) {
                return Ok(name);
            }
            let known: Vec<_> = package
                .interfaces
                .keys()
                .map(|k| format!("`{k}`"))
                .collect();
            let known = if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            };
            Err(syn::Error::new(
                lit.span(),
                format!(
                    "package `{}` has no interface `{name}`; its interfaces: {known}",
                    package.name
                ),
            ))
        })
        .collect()
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
