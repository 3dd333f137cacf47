//! What the macro emits when the WIT cannot be loaded: the error, and stand-in
//! modules under the names the packages would have had.
//!
//! rustc reports nothing about paths into a module whose expansion failed, so
//! putting the `compile_error!` inside a module, and aliasing every package
//! name to that module, leaves the user with one error instead of one per use
//! of the generated items. The package names come from a lenient scan of the
//! WIT text for `package ns:name` declarations, which works even where the
//! parser gave up.

use std::collections::BTreeSet;
use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::input::Source;
use crate::names::{ident, snake};

/// The error, with a stand-in module for every package the WIT declares
/// (named as the expansion would name it, so none takes `runtime`'s name).
pub(crate) fn emit(source: &Source, runtime: &str, error: &syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    let packages = package_modules(source, runtime);
    let Some(first) = packages.first() else {
        return error;
    };
    let wrapper = format_ident!("__wasm_link_bind_{first}");
    let aliases = packages.iter().map(|name| ident(name));
    quote! {
        #[doc(hidden)]
        pub mod #wrapper {
            #error
        }
        #( pub use #wrapper as #aliases; )*
    }
}

/// The Rust module names of the packages declared in the WIT, in the order
/// found, without duplicates.
fn package_modules(source: &Source, runtime: &str) -> Vec<String> {
    let mut texts = Vec::new();
    match source {
        Source::Inline(lit) => texts.push(lit.value()),
        Source::Path(lit) => {
            let path = match std::env::var_os("CARGO_MANIFEST_DIR") {
                Some(base) => Path::new(&base).join(lit.value()),
                None => lit.value().into(),
            };
            read_wit(&path, &mut texts);
        }
    }
    let mut seen = BTreeSet::new();
    texts
        .iter()
        .flat_map(|text| declared_packages(text))
        .map(|(namespace, name)| {
            let module = format!("{}_{}", snake(&namespace), snake(&name));
            if module == runtime {
                module + "_"
            } else {
                module
            }
        })
        .filter(|name| seen.insert(name.clone()))
        .collect()
}

/// Collects the text of a `.wit` file, or of every `.wit` file in a
/// directory and its `deps/`, as the loader would read them. Unreadable
/// files are skipped: the loader has already reported what went wrong.
fn read_wit(path: &Path, texts: &mut Vec<String>) {
    if path.is_file() {
        if let Ok(text) = std::fs::read_to_string(path) {
            texts.push(text);
        }
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // Files before directories, so the root package comes before `deps/`.
    paths.sort_by_key(|p| (p.is_dir(), p.clone()));
    for entry in paths {
        let is_wit = entry.extension().is_some_and(|e| e == "wit");
        let names_deps = entry.file_name().is_some_and(|n| n == "deps");
        let in_deps = path.file_name().is_some_and(|n| n == "deps");
        if (is_wit && entry.is_file()) || (entry.is_dir() && (names_deps || in_deps)) {
            read_wit(&entry, texts);
        }
    }
}

/// `(namespace, name)` of every `package ns:name[@version]` declaration, with
/// comments skipped and `%` escapes removed.
fn declared_packages(text: &str) -> Vec<(String, String)> {
    let words = words(text);
    words
        .windows(4)
        .filter(|w| w[0] == "package" && w[2] == ":")
        .map(|w| (unescape(&w[1]), unescape(&w[3])))
        .filter(|(namespace, name)| is_name(namespace) && is_name(name))
        .collect()
}

/// The text as identifiers (with their `%`) and single punctuation
/// characters, without whitespace and comments.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                chars.by_ref().find(|&c| c == '\n');
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            c if c.is_whitespace() => {}
            c if c.is_ascii_alphanumeric() || c == '%' || c == '-' => {
                let mut word = String::from(c);
                while let Some(&next) = chars.peek() {
                    if !(next.is_ascii_alphanumeric() || next == '-') {
                        break;
                    }
                    word.push(next);
                    chars.next();
                }
                words.push(word);
            }
            c => words.push(c.to_string()),
        }
    }
    words
}

fn unescape(word: &str) -> String {
    word.strip_prefix('%').unwrap_or(word).to_owned()
}

/// A WIT identifier: kebab-case words of ASCII letters and digits, each
/// starting with a letter.
fn is_name(word: &str) -> bool {
    !word.is_empty()
        && word.split('-').all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::{Source, declared_packages, package_modules};

    #[test]
    fn finds_package_declarations_past_comments_and_escapes() {
        let text = "
            // package commented:out;
            /* package also:out; */
            package %my-ns:app@1.0.0;
            interface api { f: func(); }
            package nested:dep { interface x {} }
            package not valid;
        ";
        assert_eq!(
            declared_packages(text),
            [
                ("my-ns".to_owned(), "app".to_owned()),
                ("nested".to_owned(), "dep".to_owned())
            ]
        );
    }

    #[test]
    fn a_directory_declares_its_packages_and_those_in_deps() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/typed/fixtures/project"
        );
        let lit = syn::LitStr::new(dir, proc_macro2::Span::call_site());
        assert_eq!(
            package_modules(&Source::Path(lit), "wasm_link"),
            ["test_project", "test_dep"]
        );
    }

    #[test]
    fn text_without_a_package_declares_none() {
        assert!(declared_packages("interface api {}").is_empty());
        assert!(declared_packages("package").is_empty());
    }
}
