//! Typed bindings (`wasm_link::bind!`): every fixture expands and compiles,
//! expansions match their snapshots, and plugins are called through the
//! typed API over every cardinality. Misuse that must fail to compile is
//! tested in `tests/ui` (the `wasm-link-ui-tests` crate).

mod async_calls;
mod cardinality;
mod codegen;
mod common;
mod live;
mod options;
mod resource_socket;
mod resources;
mod roundtrip;
mod select;
mod snapshots;
mod socket;
