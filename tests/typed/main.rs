//! Typed bindings (`wasm_link::bind!`): every fixture expands and compiles,
//! expansions match their snapshots, misuse fails to compile with the right
//! error, and plugins are called through the typed API over every
//! cardinality.

mod cardinality;
mod codegen;
mod common;
mod options;
mod resource_socket;
mod resources;
mod roundtrip;
mod select;
mod snapshots;
mod socket;
mod ui;
