//! What every scenario needs: a context, an engine, and fixtures read from
//! the scenario's folder.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use wasm_link::{Component, Engine, Linker, Plugin, PluginContext, ResourceTable};

/// The plugin context used by the tests.
pub struct Ctx {
    pub table: ResourceTable,
    /// Counts this context's drop (its store's), for tests that count what
    /// was freed.
    pub freed: Option<Arc<AtomicUsize>>,
}

impl Drop for Ctx {
    fn drop(&mut self) {
        if let Some(freed) = &self.freed {
            freed.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

impl Ctx {
    pub fn new() -> Self {
        Self {
            table: ResourceTable::new(),
            freed: None,
        }
    }

    /// A context whose drop adds one to `freed`.
    pub fn counted(freed: &Arc<AtomicUsize>) -> Self {
        Self {
            table: ResourceTable::new(),
            freed: Some(Arc::clone(freed)),
        }
    }
}

/// Reads `tests/runtime/<path>` (a `.wat` component) and compiles it.
pub fn component(engine: &Engine, path: &str) -> Component {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime")
        .join(path);
    Component::from_file(engine, &full)
        .unwrap_or_else(|e| panic!("fixture {} does not compile: {e:#}", full.display()))
}

/// A plugin of the fixture at `path`, with a fresh context.
pub fn plugin(engine: &Engine, path: &str) -> Plugin<Ctx> {
    Plugin::new(component(engine, path), Ctx::new())
}

/// An empty linker.
pub fn linker(engine: &Engine) -> Linker<Ctx> {
    Linker::new(engine)
}

/// An interface whose functions are all freestanding and resource-free.
pub fn plain_interface(functions: &[&str]) -> wasm_link::Interface {
    interface(
        &functions
            .iter()
            .map(|f| {
                (
                    *f,
                    wasm_link::FunctionKind::Freestanding,
                    wasm_link::ReturnKind::AssumeNoResources,
                )
            })
            .collect::<Vec<_>>(),
        &[],
    )
}

/// An interface from `(name, kind, return kind)` triples and resource names.
pub fn interface(
    functions: &[(&str, wasm_link::FunctionKind, wasm_link::ReturnKind)],
    resources: &[&str],
) -> wasm_link::Interface {
    wasm_link::Interface::new(
        functions
            .iter()
            .map(|(name, kind, returns)| {
                (
                    (*name).to_owned(),
                    wasm_link::Function::new(*kind, *returns),
                )
            })
            .collect(),
        resources.iter().map(|r| (*r).to_owned()).collect(),
    )
}

/// A one-interface map, as `Binding::new` takes it.
pub fn interfaces(
    name: &str,
    interface: wasm_link::Interface,
) -> std::collections::HashMap<String, wasm_link::Interface> {
    std::collections::HashMap::from([(name.to_owned(), interface)])
}

/// Runs `f` on another thread and returns its result, failing the test if it
/// has not returned after a minute (a hang, not a slow machine).
pub fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    within(what, std::time::Duration::from_mins(1), f)
}

/// Runs `f` on another thread and returns its result, failing the test if it
/// has not returned within `limit`. A hang is left running on its thread.
pub fn within<T: Send + 'static>(
    what: &str,
    limit: std::time::Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not return within {limit:?}: hung")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            unreachable!("the thread sends before it ends")
        }
    }
}

/// An engine with `configure` applied to a default config.
pub fn engine_with(configure: impl FnOnce(&mut wasm_link::wasmtime::Config)) -> Engine {
    let mut config = wasm_link::wasmtime::Config::new();
    configure(&mut config);
    Engine::new(&config).expect("engine")
}

/// An engine that meters fuel.
pub fn fuel_engine() -> Engine {
    engine_with(|config| {
        config.consume_fuel(true);
    })
}

/// An engine with epoch interruption.
pub fn epoch_engine() -> Engine {
    engine_with(|config| {
        config.epoch_interruption(true);
    })
}
