//! Runtime behaviour tests: one module per scenario, its WIT and WAT
//! fixtures in the folder of the same name.

mod common;
mod smoke;
