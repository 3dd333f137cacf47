//! Reliability: load through a diamond from many threads, hostile plugins
//! and bad input, and property-based fuzzing of dispatch. One module per
//! scenario; its fixtures in the folder of the same name, or reused from
//! `tests/runtime/`. See RELIABILITY.md at the repository root.

mod bad_components;
mod common;
mod fuzz;
mod hostile_values;
mod load;
mod mismatch;
mod nesting;
mod transfer_limit;
