//! The data each plugin's store holds.

use wasmtime::component::ResourceTable;

/// The data stored in a plugin's `wasmtime::Store<T>`.
///
/// The runtime keeps the handles a plugin holds to other plugins' resources in
/// this table, so that calls on them can be routed to their owner and
/// dropping them drops the owner's resource.
pub trait PluginContext: Send + 'static {
    /// The store's resource table.
    fn resource_table(&mut self) -> &mut ResourceTable;
}
