//! The WIT form of [`DispatchError`]: the `dispatch-error` variant in
//! `wasm-link/wit/dispatch.wit`, as guests receive it through sockets.

use wasmtime::component::Val;
use wasmtime::component::types::Type;

use crate::error::{CallSite, DispatchError};

/// The WIT source that declares `dispatch-error`, for guests to `use`.
pub const DISPATCH_WIT: &str = include_str!("../../wit/dispatch.wit");

/// Case names of `dispatch-error`, in declaration order.
pub(crate) const CASES: [&str; 10] = [
    "unknown-interface",
    "unknown-function",
    "missing-export",
    "fuel-exhausted",
    "deadline-exceeded",
    "trap",
    "unusable",
    "reentrant",
    "invalid-arguments",
    "invalid-resource",
];

const FIELDS: [&str; 4] = ["plugin", "interface", "function", "message"];

impl DispatchError {
    /// Where the failure happened.
    pub fn site(&self) -> &CallSite {
        match self {
            Self::UnknownInterface(site)
            | Self::UnknownFunction(site)
            | Self::MissingExport(site)
            | Self::FuelExhausted(site)
            | Self::DeadlineExceeded(site)
            | Self::Unusable(site)
            | Self::Reentrant(site)
            | Self::Trap { site, .. }
            | Self::WrongEntryPoint { site, .. }
            | Self::InvalidArguments { site, .. }
            | Self::InvalidResource { site, .. } => site,
        }
    }

    /// The `dispatch-error` case this error encodes to.
    pub fn case_name(&self) -> &'static str {
        CASES[match self {
            Self::UnknownInterface(_) => 0,
            Self::UnknownFunction(_) => 1,
            Self::MissingExport(_) => 2,
            Self::FuelExhausted(_) => 3,
            Self::DeadlineExceeded(_) => 4,
            Self::Trap { .. } => 5,
            // No case of its own, so that guests built against the shipped
            // WIT keep working: the plugin cannot be used from this call.
            Self::Unusable(_) | Self::WrongEntryPoint { .. } => 6,
            Self::Reentrant(_) => 7,
            Self::InvalidArguments { .. } => 8,
            Self::InvalidResource { .. } => 9,
        }]
    }

    /// What goes in the `message` field: the case's own message, or the
    /// error's description for cases that carry none.
    fn message(&self) -> String {
        match self {
            Self::Trap { message, .. }
            | Self::InvalidArguments { message, .. }
            | Self::InvalidResource { message, .. } => message.clone(),
            _ => self.to_string(),
        }
    }

    /// Encodes the error as a `dispatch-error` value.
    pub fn to_val(&self) -> Val {
        let site = self.site();
        let message = self.message();
        let fields = [&site.plugin, &site.interface, &site.function, &message];
        let record = FIELDS
            .iter()
            .zip(fields)
            .map(|(name, value)| ((*name).to_owned(), Val::String(value.to_owned())))
            .collect();
        Val::Variant(
            self.case_name().to_owned(),
            Some(Box::new(Val::Record(record))),
        )
    }

    /// Decodes a `dispatch-error` value, as produced by
    /// [`to_val`](Self::to_val) or by a guest. Returns `None` for a value of
    /// another shape. The decoded error carries no wasmtime source.
    pub fn from_val(val: &Val) -> Option<Self> {
        let Val::Variant(case, Some(payload)) = val else {
            return None;
        };
        let Val::Record(fields) = &**payload else {
            return None;
        };
        let field = |name: &str| {
            fields.iter().find_map(|(n, v)| match v {
                Val::String(s) if n == name => Some(s.clone()),
                _ => None,
            })
        };
        let site = CallSite {
            plugin: field("plugin")?,
            interface: field("interface")?,
            function: field("function")?,
        };
        let message = field("message")?;
        Some(match case.as_str() {
            "unknown-interface" => Self::UnknownInterface(site),
            "unknown-function" => Self::UnknownFunction(site),
            "missing-export" => Self::MissingExport(site),
            "fuel-exhausted" => Self::FuelExhausted(site),
            "deadline-exceeded" => Self::DeadlineExceeded(site),
            "trap" => Self::Trap {
                site,
                message,
                source: None,
            },
            "unusable" => Self::Unusable(site),
            "reentrant" => Self::Reentrant(site),
            "invalid-arguments" => Self::InvalidArguments { site, message },
            "invalid-resource" => Self::InvalidResource { site, message },
            _ => return None,
        })
    }
}

/// Whether `ty` is the `dispatch-error` variant (structurally: its cases, in
/// order, each carrying the `failure` record).
pub(crate) fn is_dispatch_error(ty: &Type) -> bool {
    let Type::Variant(variant) = ty else {
        return false;
    };
    variant.cases().len() == CASES.len()
        && variant.cases().zip(CASES).all(|(case, name)| {
            case.name == name
                && matches!(&case.ty, Some(Type::Record(record)) if is_failure(record))
        })
}

fn is_failure(record: &wasmtime::component::types::Record) -> bool {
    record.fields().len() == FIELDS.len()
        && record
            .fields()
            .zip(FIELDS)
            .all(|(field, name)| field.name == name && matches!(field.ty, Type::String))
}

/// `failure` as a Rust type, for typed socket calls.
#[derive(
    wasmtime::component::ComponentType,
    wasmtime::component::Lower,
    wasmtime::component::Lift,
    Debug,
    Clone,
)]
#[component(record)]
pub(crate) struct WireFailure {
    plugin: String,
    #[component(name = "interface")]
    interface: String,
    function: String,
    message: String,
}

/// `dispatch-error` as a Rust type, for typed socket calls.
#[derive(
    wasmtime::component::ComponentType,
    wasmtime::component::Lower,
    wasmtime::component::Lift,
    Debug,
    Clone,
)]
#[component(variant)]
pub(crate) enum WireDispatchError {
    #[component(name = "unknown-interface")]
    UnknownInterface(WireFailure),
    #[component(name = "unknown-function")]
    UnknownFunction(WireFailure),
    #[component(name = "missing-export")]
    MissingExport(WireFailure),
    #[component(name = "fuel-exhausted")]
    FuelExhausted(WireFailure),
    #[component(name = "deadline-exceeded")]
    DeadlineExceeded(WireFailure),
    #[component(name = "trap")]
    Trap(WireFailure),
    #[component(name = "unusable")]
    Unusable(WireFailure),
    #[component(name = "reentrant")]
    Reentrant(WireFailure),
    #[component(name = "invalid-arguments")]
    InvalidArguments(WireFailure),
    #[component(name = "invalid-resource")]
    InvalidResource(WireFailure),
}

impl From<&DispatchError> for WireDispatchError {
    fn from(error: &DispatchError) -> Self {
        let site = error.site();
        let failure = WireFailure {
            plugin: site.plugin.clone(),
            interface: site.interface.clone(),
            function: site.function.clone(),
            message: error.message(),
        };
        match error {
            DispatchError::UnknownInterface(_) => Self::UnknownInterface(failure),
            DispatchError::UnknownFunction(_) => Self::UnknownFunction(failure),
            DispatchError::MissingExport(_) => Self::MissingExport(failure),
            DispatchError::FuelExhausted(_) => Self::FuelExhausted(failure),
            DispatchError::DeadlineExceeded(_) => Self::DeadlineExceeded(failure),
            DispatchError::Trap { .. } => Self::Trap(failure),
            DispatchError::Unusable(_) | DispatchError::WrongEntryPoint { .. } => {
                Self::Unusable(failure)
            }
            DispatchError::Reentrant(_) => Self::Reentrant(failure),
            DispatchError::InvalidArguments { .. } => Self::InvalidArguments(failure),
            DispatchError::InvalidResource { .. } => Self::InvalidResource(failure),
        }
    }
}
