//! Runtime behaviour tests: one module per scenario, its WIT and WAT
//! fixtures in the folder of the same name.

mod async_calls;
mod call_tree;
mod cardinality;
mod chain;
mod cm_async;
mod common;
mod diamond;
mod dispatch_error_wit;
mod fast_start;
mod faults;
mod hostile_handles;
mod lifetime;
mod limits;
mod link_errors;
mod live;
mod remap;
mod resources;
mod several_sockets;
mod single_plugin;
mod smoke;
mod tracing_feature;
mod wasi;
