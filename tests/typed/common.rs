//! What every scenario needs: a context, and plugins compiled from the WAT
//! fixtures beside the tests.

use std::path::Path;

use wasm_link::{Component, Engine, Linker, Plugin, PluginContext, PluginInstance, ResourceTable};

/// The plugin context used by the tests.
pub struct Ctx {
    pub table: ResourceTable,
}

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

/// Reads `tests/typed/<path>` (a `.wat` component) and compiles it.
pub fn component(engine: &Engine, path: &str) -> Component {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("typed")
        .join(path);
    Component::from_file(engine, &full)
        .unwrap_or_else(|e| panic!("fixture {} does not compile: {e:#}", full.display()))
}

/// A plugin of the fixture at `path`, with a fresh context.
pub fn plugin(engine: &Engine, path: &str) -> Plugin<Ctx> {
    Plugin::new(
        component(engine, path),
        Ctx {
            table: ResourceTable::new(),
        },
    )
}

/// An instance of the leaf plugin at `path` (no sockets).
pub fn instance(engine: &Engine, path: &str) -> PluginInstance<Ctx> {
    plugin(engine, path)
        .instantiate(engine, &Linker::new(engine))
        .unwrap_or_else(|e| panic!("fixture {path} does not instantiate: {e:#}"))
}
