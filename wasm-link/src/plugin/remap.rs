//! A plugin's exports under other names than its binding's: an interface
//! exported under another name (another package, version or interface
//! name), functions under other names, or both.
//!
//! The names are translated where a plugin resolves its binding's
//! functions, once per instance, so every way a call reaches the plugin
//! (the `Val` path, the typed path, sockets, restarts) finds the same
//! exports, and the binding's checks apply to them as to any export.

use std::collections::HashMap;

/// Where a plugin exports one of its binding's interfaces, when not under
/// the binding's own names. Give it to
/// [`Plugin::remap_interfaces`](crate::Plugin::remap_interfaces), keyed by
/// the binding's interface name.
///
/// Function names are WIT names as the binding declares them, resource
/// functions included (`[method]counter.get`, `[constructor]counter`);
/// functions the table does not name keep their names.
///
/// ```
/// use wasm_link::Remap;
///
/// // The binding's `api` is the plugin's `legacy:maths/ops@0.9.0`, whose
/// // `twice` is the binding's `double`.
/// let remap = Remap::found_as("legacy:maths/ops@0.9.0").resolves_item("double", "twice");
/// assert_eq!(remap.export_name(), Some("legacy:maths/ops@0.9.0"));
/// assert_eq!(remap.item_name("double"), "twice");
/// assert_eq!(remap.item_name("triple"), "triple");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remap {
    found_as: Option<String>,
    items: HashMap<String, String>,
}

impl Remap {
    /// The interface is exported as `export_name`, a full export name
    /// (`ns:pkg/interface`, with `@version` if it has one); its functions
    /// keep their names.
    pub fn found_as(export_name: impl Into<String>) -> Self {
        Self {
            found_as: Some(export_name.into()),
            items: HashMap::new(),
        }
    }

    /// The interface keeps its name; the functions `table` names are
    /// exported under other names (`(declared, exported)` pairs).
    pub fn item_resolution_table<D: Into<String>, E: Into<String>>(
        table: impl IntoIterator<Item = (D, E)>,
    ) -> Self {
        Self {
            found_as: None,
            items: table
                .into_iter()
                .map(|(declared, exported)| (declared.into(), exported.into()))
                .collect(),
        }
    }

    /// Both: the interface is exported as `export_name`, and the functions
    /// `table` names under other names.
    pub fn found_as_with_item_resolution_table<D: Into<String>, E: Into<String>>(
        export_name: impl Into<String>,
        table: impl IntoIterator<Item = (D, E)>,
    ) -> Self {
        Self {
            found_as: Some(export_name.into()),
            ..Self::item_resolution_table(table)
        }
    }

    /// Also finds the binding's function `declared` as `exported`.
    #[must_use]
    pub fn resolves_item(
        mut self,
        declared: impl Into<String>,
        exported: impl Into<String>,
    ) -> Self {
        self.items.insert(declared.into(), exported.into());
        self
    }

    /// The export name the interface is found under, if it is not the
    /// binding's.
    pub fn export_name(&self) -> Option<&str> {
        self.found_as.as_deref()
    }

    /// The name the binding's function `declared` is exported under.
    pub fn item_name<'a>(&'a self, declared: &'a str) -> &'a str {
        self.items.get(declared).map_or(declared, String::as_str)
    }
}

/// A plugin's remaps, by the binding interface they apply to (its short
/// name, `api`, or its export name, `ns:pkg/api@1.0.0`).
pub(crate) type Remaps = HashMap<String, Remap>;

/// The export name and function name a plugin with `remaps` exports the
/// binding's `function` of interface `qualified` (`ns:pkg/api@1.0.0`)
/// under.
pub(crate) fn resolve_name(remaps: &Remaps, qualified: &str, function: &str) -> (String, String) {
    let short = qualified.split_once('/').map_or(qualified, |(_, rest)| {
        rest.split('@').next().unwrap_or(rest)
    });
    match remaps.get(short).or_else(|| remaps.get(qualified)) {
        Some(remap) => (
            remap.export_name().unwrap_or(qualified).to_owned(),
            remap.item_name(function).to_owned(),
        ),
        None => (qualified.to_owned(), function.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_translated_by_short_or_export_name() {
        let remaps = Remaps::from([
            (
                "api".to_owned(),
                Remap::found_as("old:pkg/calc").resolves_item("add", "plus"),
            ),
            (
                "a:b/log@1.0.0".to_owned(),
                Remap::item_resolution_table([("write", "emit")]),
            ),
        ]);
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(
            resolve_name(&remaps, "a:b/api@1.0.0", "add"),
            pair("old:pkg/calc", "plus")
        );
        assert_eq!(
            resolve_name(&remaps, "a:b/api@1.0.0", "sub"),
            pair("old:pkg/calc", "sub")
        );
        assert_eq!(
            resolve_name(&remaps, "a:b/log@1.0.0", "write"),
            pair("a:b/log@1.0.0", "emit")
        );
        assert_eq!(
            resolve_name(&remaps, "a:b/other", "f"),
            pair("a:b/other", "f")
        );
    }
}
