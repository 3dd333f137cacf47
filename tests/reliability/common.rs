//! What every scenario needs: a context, engines, fixtures (this binary's own
//! and the `runtime` binary's, reused where they fit) and a time bound.

use std::path::{Path, PathBuf};
use std::time::Duration;

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

impl Ctx {
    pub fn new() -> Self {
        Self {
            table: ResourceTable::new(),
        }
    }
}

/// An engine on `wasm_link::recommended_config()`.
pub fn engine() -> Engine {
    Engine::new(&wasm_link::recommended_config()).expect("the recommended config is valid")
}

/// `tests/reliability/<path>`: this binary's own fixtures.
pub fn own(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("reliability")
        .join(path)
}

/// `tests/runtime/<path>`: a fixture of the `runtime` binary, reused.
pub fn runtime(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime")
        .join(path)
}

/// Compiles the `.wat` component at `path`.
pub fn component(engine: &Engine, path: &Path) -> Component {
    Component::from_file(engine, path)
        .unwrap_or_else(|e| panic!("fixture {} does not compile: {e:#}", path.display()))
}

/// Instantiates the leaf plugin (no sockets) at `path`.
pub fn instance(engine: &Engine, path: &Path) -> PluginInstance<Ctx> {
    Plugin::new(component(engine, path), Ctx::new())
        .instantiate(engine, &Linker::new(engine))
        .unwrap_or_else(|e| panic!("{} instantiates: {e}", path.display()))
}

/// An interface whose functions are all freestanding and resource-free.
pub fn plain_interface(functions: &[&str]) -> wasm_link::Interface {
    wasm_link::Interface::new(
        functions
            .iter()
            .map(|f| {
                (
                    (*f).to_owned(),
                    wasm_link::Function::new(
                        wasm_link::FunctionKind::Freestanding,
                        wasm_link::ReturnKind::AssumeNoResources,
                    ),
                )
            })
            .collect(),
        std::collections::HashSet::new(),
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
/// has not returned within `limit` (a hang, not a slow machine). A panic in
/// `f` is the test's panic.
pub fn bounded<T: Send + 'static>(
    what: &str,
    limit: Duration,
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

/// The environment variable that marks a child process of [`run_in_child`].
const CHILD: &str = "WASM_LINK_RELIABILITY_CHILD";

/// Whether this process is a child started by [`run_in_child`]. Child tests
/// are `#[ignore]`d and return at once outside a child, so that
/// `--include-ignored` cannot abort the whole binary.
pub fn is_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

/// Runs the ignored test `name` (its full path, `module::test`) of this
/// binary in a child process, so that an abort there (a stack overflow)
/// fails the calling test instead of killing every test of the binary.
/// Returns what went wrong, with the child's output.
pub fn run_in_child(name: &str) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("no test binary: {e}"))?;
    let output = std::process::Command::new(exe)
        .args([name, "--exact", "--ignored", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .map_err(|e| format!("cannot start the child process: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && stdout.contains("1 passed") {
        return Ok(());
    }
    let tail = |text: &str| {
        let lines: Vec<_> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    };
    Err(format!(
        "the child process ended with {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        tail(&stdout),
        tail(&stderr)
    ))
}
