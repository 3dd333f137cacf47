//! Shared helpers of the runnable examples.

pub mod server;
