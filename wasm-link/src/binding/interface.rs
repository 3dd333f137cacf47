//! What a binding declares: its interfaces, their functions and resources.

use std::collections::{HashMap, HashSet};

/// How a function is reached across the plugins of a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionKind {
    /// A plain function, a resource constructor or a static function: the call
    /// fans out to every plugin of the binding.
    Freestanding,
    /// A resource method (`[method]r.f`): the call goes to the one plugin that
    /// owns the resource passed as its first argument.
    Method,
}

/// What the runtime must do with a function's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnKind {
    /// The function returns nothing.
    Void,
    /// The results cannot hold a resource, so they are passed through without
    /// being walked.
    AssumeNoResources,
    /// The results may hold resources, which are wrapped so that they stay
    /// routed to the plugin that owns them.
    MayContainResources,
}

/// What the function returns, in words that follow its name in a message:
/// `returns nothing`, `returns no resources`, `may return resources`.
///
/// ```
/// use wasm_link::ReturnKind;
///
/// let kind = ReturnKind::MayContainResources;
/// assert_eq!(format!("`open` {kind}"), "`open` may return resources");
/// ```
impl std::fmt::Display for ReturnKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Void => "returns nothing",
            Self::AssumeNoResources => "returns no resources",
            Self::MayContainResources => "may return resources",
        })
    }
}

/// One function of an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Function {
    kind: FunctionKind,
    returns: ReturnKind,
}

impl Function {
    /// Declares a function of the given kind and return kind.
    pub fn new(kind: FunctionKind, returns: ReturnKind) -> Self {
        Self { kind, returns }
    }

    /// How the function is reached.
    pub fn kind(&self) -> FunctionKind {
        self.kind
    }

    /// What its results may hold.
    pub fn return_kind(&self) -> ReturnKind {
        self.returns
    }
}

/// One interface of a binding's package: its functions, by WIT name
/// (`get-value`, `[constructor]counter`, `[method]counter.add`,
/// `[static]counter.zero`), and the names of the resource types it defines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interface {
    functions: HashMap<String, Function>,
    resources: HashSet<String>,
}

impl Interface {
    /// Declares an interface from its functions and resource type names.
    pub fn new(functions: HashMap<String, Function>, resources: HashSet<String>) -> Self {
        Self {
            functions,
            resources,
        }
    }

    /// The declared functions, by WIT name.
    pub fn functions(&self) -> &HashMap<String, Function> {
        &self.functions
    }

    /// The declared resource type names.
    pub fn resources(&self) -> &HashSet<String> {
        &self.resources
    }
}
