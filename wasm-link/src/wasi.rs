//! WASI for the plugins that need it: per plugin, deny by default.
//!
//! Only with the `wasi` feature. A plugin that imports WASI p2 interfaces
//! (`wasi:cli/environment`, `wasi:filesystem/preopens`, ...) gets them from
//! its linker, which [`add_to_linker`] fills with Wasmtime's synchronous
//! WASI p2 host. What the interfaces can reach is decided by the
//! [`WasiCtx`] in the plugin's own context, so grants are per plugin: every
//! plugin runs in its own store with its own context, and sees the
//! directories, environment, arguments and stdio of its own `WasiCtx` and
//! nothing else. Start from [`deny_all`], which grants nothing, and add only
//! what the plugin needs:
//!
//! ```
//! use wasm_link::wasi::{self, WasiCtx, WasiCtxView, WasiView};
//! use wasm_link::{Engine, Linker, PluginContext, ResourceTable};
//!
//! struct Ctx {
//!     table: ResourceTable,
//!     wasi: WasiCtx,
//! }
//!
//! impl PluginContext for Ctx {
//!     fn resource_table(&mut self) -> &mut ResourceTable {
//!         &mut self.table
//!     }
//! }
//!
//! impl WasiView for Ctx {
//!     fn ctx(&mut self) -> WasiCtxView<'_> {
//!         // One table per store: the runtime's and WASI's resources share it.
//!         WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
//!     }
//! }
//!
//! let engine = Engine::default();
//! let mut linker = Linker::<Ctx>::new(&engine);
//! wasi::add_to_linker(&mut linker)?;
//!
//! // This plugin may read one environment variable, and nothing else.
//! let ctx = Ctx {
//!     table: ResourceTable::new(),
//!     wasi: wasi::deny_all().env("LANG", "en").build(),
//! };
//! // Plugin::new(component, ctx).instantiate(&engine, &linker)?
//! # let _ = ctx;
//! # Ok::<(), wasm_link::wasmtime::Error>(())
//! ```
//!
//! Plugins that import no WASI need none of this: their linker stays without
//! it, and a plugin importing WASI from such a linker fails to instantiate.

use wasmtime::component::Linker;

use crate::PluginContext;

/// The Wasmtime WASI crate this module is built on, for the rest of its API
/// (`WasiCtxBuilder::preopened_dir`, `FsPerms`, pipes for stdio, ...).
pub use wasmtime_wasi;
pub use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// A plugin context that can host WASI: a [`PluginContext`] that also gives
/// WASI its [`WasiCtx`] (through [`WasiView`]).
///
/// Implemented for every type that implements both; implement
/// [`WasiView`] for your context. Its `table` should be the same
/// [`ResourceTable`](crate::ResourceTable) as
/// [`PluginContext::resource_table`] returns: a store has one table.
pub trait WasiPluginContext: PluginContext + WasiView {}

impl<T: PluginContext + WasiView> WasiPluginContext for T {}

/// Adds the WASI p2 interfaces (synchronous host: `wasi:cli`, `wasi:clocks`,
/// `wasi:filesystem`, `wasi:io`, `wasi:random`, `wasi:sockets`) to a
/// plugin's linker.
///
/// This grants no capability by itself: each call is served from the
/// calling plugin's own [`WasiCtx`], which grants only what it was built
/// with (see [`deny_all`]). Use one linker for the plugins that may import
/// WASI and a plain one for those that may not.
///
/// # Errors
///
/// If `linker` already defines one of the interfaces (and does not allow
/// shadowing).
pub fn add_to_linker<Ctx: WasiPluginContext>(linker: &mut Linker<Ctx>) -> wasmtime::Result<()> {
    wasmtime_wasi::p2::add_to_linker_sync(linker)
}

/// A builder for a [`WasiCtx`] that grants nothing: the starting point for
/// each plugin's grants.
///
/// A fresh [`WasiCtxBuilder`] has no preopened directories, no environment
/// variables and no arguments; its stdin is closed, and stdout and stderr
/// discard what is written. The host's environment, files and stdio are
/// reached only through what you add (`env`, `arg`, `preopened_dir`,
/// `inherit_stdio`, ...). Network use is denied too: sockets may be
/// created, but every address is refused and name lookup is off, until you
/// `inherit_network` or set `socket_addr_check` and `allow_ip_name_lookup`.
/// What it does give is the clocks and random numbers (`wasi:clocks`,
/// `wasi:random`).
///
/// Build one `WasiCtx` per plugin and keep it in that plugin's context: two
/// plugins never share grants.
pub fn deny_all() -> WasiCtxBuilder {
    WasiCtxBuilder::new()
}
