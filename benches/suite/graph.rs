//! Instantiating and linking a graph of 100 plugins: one leaf
//! (`fixtures/leaf.wat`) and 99 roots (`fixtures/root.wat`), each root with
//! the leaf's binding as its socket. Components are compiled once, outside
//! the timed loop; tearing the graph down is not timed either. Group
//! `graph_100_lean`:
//!
//! - `wasm_link`: `Plugin::instantiate` for the leaf, `Binding::new` around
//!   it, then `Plugin::link` for each root (each with a fresh `Linker`, as
//!   `link` takes one by value).
//! - `raw_wasmtime` (floor): 100 stores; `Linker::instantiate` of the leaf,
//!   then of each root with one prepared linker whose host functions stand
//!   in for the socket.

use criterion::{BatchSize, Criterion};
use wasm_link::wasmtime::Store;
use wasm_link::wasmtime::component::Instance;
use wasm_link::{Binding, ExactlyOne, Linker, Plugin, PluginInstance};

use crate::common::{Config, Ctx, Id, LEAF_PACKAGE, component, leaf_interfaces, leaf_plugin};
use crate::plugin_call::host_leaf_linker;
use crate::selection::Selection;

/// Plugins in the graph: one leaf and `GRAPH_SIZE - 1` roots.
pub const GRAPH_SIZE: usize = 100;

pub fn bench(c: &mut Criterion, selected: &Selection) {
    if !selected.wants("graph_100_lean", None) {
        return;
    }
    let engine = Config::Lean.engine();
    let leaf = component(&engine, "leaf.wat");
    let root = component(&engine, "root.wat");
    let empty = Linker::new(&engine);
    let stand_in = host_leaf_linker(&engine);

    let build_wasm_link = || -> Vec<PluginInstance<Ctx>> {
        let leaf = Binding::new(
            LEAF_PACKAGE,
            leaf_interfaces(),
            ExactlyOne(Id::from("leaf"), leaf_plugin(&engine, &leaf)),
        );
        (1..GRAPH_SIZE)
            .map(|_| {
                Plugin::new(root.clone(), Ctx::new())
                    .link(&engine, Linker::new(&engine), [&leaf])
                    .expect("a root links to the leaf")
            })
            .collect()
    };
    let build_raw = || -> Vec<(Store<Ctx>, Instance)> {
        let mut graph = Vec::with_capacity(GRAPH_SIZE);
        let mut store = Store::new(&engine, Ctx::new());
        let instance = empty
            .instantiate(&mut store, &leaf)
            .expect("the leaf instantiates");
        graph.push((store, instance));
        for _ in 1..GRAPH_SIZE {
            let mut store = Store::new(&engine, Ctx::new());
            let instance = stand_in
                .instantiate(&mut store, &root)
                .expect("a root instantiates");
            graph.push((store, instance));
        }
        graph
    };
    assert_eq!(build_wasm_link().len(), GRAPH_SIZE - 1);
    assert_eq!(build_raw().len(), GRAPH_SIZE);

    let mut group = c.benchmark_group("graph_100_lean");
    group.sample_size(10);
    group.bench_function("wasm_link", |b| {
        b.iter_batched(|| (), |()| build_wasm_link(), BatchSize::PerIteration);
    });
    group.bench_function("raw_wasmtime", |b| {
        b.iter_batched(|| (), |()| build_raw(), BatchSize::PerIteration);
    });
    group.finish();
}
