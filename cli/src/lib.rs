//! The `wasm-link` command for plugin authors, as a library: what its
//! subcommands do, for build tools that would rather call them than run
//! the command (the repository's `xtask` builds the example's plugins with
//! [`build`]).
//!
//! - [`socket_wit`]: the WIT an importer declares to import a binding, in
//!   the socket shape of the binding's cardinality, with the runtime's
//!   `dispatch.wit` and the packages the exporter's package uses under
//!   `deps/`.
//! - [`build`]: a C plugin compiled against a WIT world into a component.
//! - [`inspect`]: what a component imports and exports, as WIT, which of
//!   its imports look like sockets (and of which cardinality), and what
//!   WASI it needs.

pub mod build;
pub mod inspect;
pub mod socket_wit;
pub mod wit;
