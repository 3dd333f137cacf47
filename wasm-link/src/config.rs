//! The engine configuration recommended for plugins.

use wasmtime::Config;

/// A `wasmtime::Config` tuned for wasm-link plugins that do not use
/// component-model async: concurrency support is off, which cuts the cost
/// of every component call about threefold on Wasmtime 48.
///
/// Build your engine from it and add your own settings on top:
///
/// ```
/// let mut config = wasm_link::recommended_config();
/// config.consume_fuel(true);
/// let engine = wasm_link::Engine::new(&config)?;
/// # Ok::<(), wasm_link::wasmtime::Error>(())
/// ```
///
/// Plugins that need component-model async (futures, streams) need the
/// default configuration instead.
pub fn recommended_config() -> Config {
    let mut config = Config::new();
    config.concurrency_support(false);
    config
}
