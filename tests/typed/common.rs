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

/// Runs `f` on another thread and returns its result, failing the test if it
/// has not returned after a minute (a hang, not a slow machine).
pub fn within_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(std::time::Duration::from_mins(1)) {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("did not return within a minute: hung")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            unreachable!("the thread sends before it ends")
        }
    }
}
