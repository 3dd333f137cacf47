#![doc = include_str!(concat!(env!("OUT_DIR"), "/README.md"))]
//!
//! # The socket ABI
//!
//! For a function `f: func(params) -> T` of a socket's interface, an
//! importing plugin declares one of these result types, chosen by the
//! socket binding's cardinality, and checked when [`Plugin::link`] runs:
//!
//! | cardinality | importer declares |
//! |---|---|
//! | [`ExactlyOne`] | `tuple<id, result<T, dispatch-error>>`, or plain `T` (a failure traps the importer, with the cause in the trap) |
//! | [`AtMostOne`] | `option<tuple<id, result<T, dispatch-error>>>` |
//! | [`AtLeastOne`], [`Any`] | `list<tuple<id, result<T, dispatch-error>>>`, or `map<id, result<T, dispatch-error>>` where the engine enables maps |
//!
//! `id` is the plugin id's WIT type ([`PluginId::WIT_TYPE`]); a function
//! without a result uses `result<_, dispatch-error>`; `result<T>` (no error
//! payload) narrows the error away. Resource methods go to the plugin that
//! owns the resource and return `result<T, dispatch-error>` or plain `T`.
//! `dispatch-error` is declared in [`DISPATCH_WIT`].
//!
//! # Resources
//!
//! A resource handle that leaves its owner is wrapped: another plugin sees a
//! handle of its own whose calls are routed to the owner, and dropping it
//! drops the owner's resource. The host receives the owner's own handles and
//! releases them with [`drop_resource`].

mod binding;
mod cardinality;
mod config;
mod context;
mod dispatch_error_wit;
mod error;
mod instance;
mod interface;
mod limits;
mod plugin;
mod plugin_id;
mod resources;
mod socket;
mod typed;
mod typed_socket;
mod wit_type;

pub use binding::Binding;
pub use cardinality::{Any, AtLeastOne, AtMostOne, Cardinality, CardinalityKind, ExactlyOne};
pub use config::recommended_config;
pub use context::PluginContext;
pub use dispatch_error_wit::DISPATCH_WIT;
pub use error::{CallSite, DispatchError, LinkError, PluginLabel};
pub use instance::PluginInstance;
pub use interface::{Function, FunctionKind, Interface, ReturnKind};
pub use plugin::Plugin;
pub use plugin_id::PluginId;
pub use resources::drop_resource;
pub use socket::Socket;

pub use wasmtime::Engine;
pub use wasmtime::component::{Component, Linker, ResourceTable, Val};

/// The Wasmtime version this crate is built on, re-exported so that users
/// can reach types the runtime does not re-export by name.
pub use wasmtime;

/// Typed bindings generated from WIT at compile time (docs to come).
pub use wasm_link_macros::bind;

/// What `bind!`-generated code uses from the runtime. Not a public API: it
/// changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::typed::{TypedFunction, call_typed, typed_function};
    pub use crate::typed_socket::{SingleResult, TypedSocket};
    pub use wasmtime;
}
