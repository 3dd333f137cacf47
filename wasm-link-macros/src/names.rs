//! From WIT names to Rust identifiers.
//!
//! WIT names are kebab-case words (`get-value`, `HTTP-client`), possibly
//! `%`-escaped keywords (`%type`, which the parser hands over as `type`).
//! Rust keywords become raw identifiers (`r#type`); the few names that
//! cannot be raw (`self`, `Self`, `super`, `crate`) get a trailing `_`.
//! Two WIT names that map to one Rust name in the same scope (`a-b` and
//! `A-B`) are told apart by [`Scope::claim`], which appends `_` to the later.

use std::collections::HashSet;

use proc_macro2::{Ident, Span};

/// Rust keywords (strict and reserved, all editions).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// `get-value` -> `get_value`, `HTTP-client` -> `http_client`.
pub(crate) fn snake(name: &str) -> String {
    name.to_lowercase().replace('-', "_")
}

/// `get-value` -> `GetValue`, `HTTP-client` -> `HttpClient`.
pub(crate) fn camel(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect()
}

/// `read-only` -> `READ_ONLY`.
pub(crate) fn shouty(name: &str) -> String {
    name.to_uppercase().replace('-', "_")
}

/// A Rust identifier for `name` (already in Rust case): raw for keywords,
/// with a trailing `_` where a raw identifier is not allowed.
pub(crate) fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// One Rust namespace (a module's types, a struct's fields, a type's
/// methods): hands out names that do not collide.
#[derive(Default)]
pub(crate) struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|&r| r.to_owned()).collect(),
        }
    }

    /// `base`, or `base_`, `base__`... if it is taken; as an identifier.
    pub(crate) fn claim(&mut self, base: String) -> Ident {
        let mut name = base;
        // `self` and friends are suffixed by `ident`; reserve the suffixed form.
        if NOT_RAW.contains(&name.as_str()) {
            name.push('_');
        }
        while !self.taken.insert(name.clone()) {
            name.push('_');
        }
        ident(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("get-value"), "get_value");
        assert_eq!(snake("HTTP-client"), "http_client");
        assert_eq!(camel("get-value"), "GetValue");
        assert_eq!(camel("HTTP-client"), "HttpClient");
        assert_eq!(camel("a1-b2"), "A1B2");
        assert_eq!(shouty("read-only"), "READ_ONLY");
    }

    #[test]
    fn keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("Self").to_string(), "Self_");
        assert_eq!(ident("greet").to_string(), "greet");
    }

    #[test]
    fn collisions() {
        let mut scope = Scope::with_reserved(&["new"]);
        assert_eq!(scope.claim("new".into()).to_string(), "new_");
        assert_eq!(scope.claim("a_b".into()).to_string(), "a_b");
        assert_eq!(scope.claim("a_b".into()).to_string(), "a_b_");
        assert_eq!(scope.claim("self".into()).to_string(), "self_");
        assert_eq!(scope.claim("self".into()).to_string(), "self__");
    }
}
