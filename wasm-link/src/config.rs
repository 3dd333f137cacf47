//! The engine configurations recommended for plugins.

use wasmtime::Config;

/// A `wasmtime::Config` tuned for wasm-link plugins that do not use
/// component-model async: concurrency support is off, which cuts the cost
/// of every component call three- to fivefold (on Wasmtime 50 here: a sync
/// call 85 ns against 420, an async one 360 ns against 1.2-1.3 us).
///
/// It serves sync calls and async calls alike (`dispatch_async`,
/// `bind!(.., async)`, `link_async`): Wasmtime runs those on fibers, with
/// no concurrency support needed. Build your engine from it and add your
/// own settings on top:
///
/// ```
/// let mut config = wasm_link::recommended_config();
/// config.consume_fuel(true);
/// let engine = wasm_link::Engine::new(&config)?;
/// # Ok::<(), wasm_link::wasmtime::Error>(())
/// ```
///
/// Plugins whose WIT functions are `async func` (component-model async)
/// need [`async_config`] instead (feature `component-model-async`).
pub fn recommended_config() -> Config {
    let mut config = Config::new();
    config.concurrency_support(false);
    config
}

/// The async counterpart of [`recommended_config`]: concurrency support
/// and component-model async on, for plugins whose WIT functions are
/// `async func` (feature `component-model-async`).
///
/// Pick it only when a plugin needs it: every call on such an engine pays
/// for Wasmtime's concurrent machinery (an async call about 3.5x the lean
/// engine's: BENCHMARKS.md, "Async on the concurrent engine, and
/// component-model async"), and Wasmtime 50 cannot lift two or more
/// borrowed handles into one host function on it, so `link` refuses such
/// socket functions (the crate docs' "Component-model async" says what
/// works).
///
/// ```
/// let engine = wasm_link::Engine::new(&wasm_link::async_config())?;
/// assert!(engine.get_concurrency_support());
/// # Ok::<(), wasm_link::wasmtime::Error>(())
/// ```
#[cfg(feature = "component-model-async")]
pub fn async_config() -> Config {
    let mut config = Config::new();
    config.concurrency_support(true);
    config.wasm_component_model_async(true);
    config
}
