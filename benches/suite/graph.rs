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
//!
//! Group `graph_100_start` ([`start`]): the same graph started from the
//! fixtures' text, components included, as a host starts:
//!
//! - `compile`: `Component::new` of the leaf and the root (parsing their
//!   WAT and compiling), then the graph as `graph_100_lean/wasm_link`
//!   builds it.
//! - `cache`: `ComponentCache::load` of both from a warm cache on disk
//!   (reading the WAT and the entry, checking the entry, deserializing),
//!   then the graph.
//! - `precompiled`: `load_precompiled` of both from artifacts in memory,
//!   then the graph: `cache` without the files.
//! - `restart_one`: `Binding::restart` of the leaf in a built graph (a new
//!   instance, linked to nothing; its 99 importers keep calling through
//!   the binding). Floor: `raw_instantiate_one`, the leaf instantiated in a
//!   new store with wasmtime.
//!
//! - `cache_pooling` and `restart_one_pooling`: `cache` and `restart_one`
//!   on an engine using Wasmtime's pooling allocator.
//! - `raw_naive` (floor): wasmtime alone, as a host without wasm-link
//!   starts it naively: `Component::new` of both, then
//!   `graph_100_lean/raw_wasmtime`'s 100 stores.
//! - `raw_best` (floor): wasmtime alone, done best: both components
//!   deserialized from their artifacts in memory, one `InstancePre` each,
//!   and 100 stores on a pooling engine. `raw_best_one`: one store of the
//!   leaf that way, the floor of `restart_one_pooling`.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion};
use wasm_link::wasmtime::Store;
use wasm_link::wasmtime::component::Instance;
use wasm_link::{
    Binding, Component, ComponentCache, Engine, ExactlyOne, Linker, Plugin, PluginInstance,
    load_precompiled, precompile,
};

use crate::common::{
    Config, Ctx, Id, LEAF_PACKAGE, One, component, leaf_interfaces, leaf_plugin, raw_instance,
};
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

    let build_wasm_link = || -> Vec<PluginInstance<Ctx>> { graph(&engine, &leaf, &root).1 };
    let build_raw = || -> Vec<(Store<Ctx>, Instance)> {
        raw_graph(
            || raw_instance(&engine, &leaf, &empty),
            || raw_instance(&engine, &root, &stand_in),
        )
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

/// The graph of `graph_100_lean/wasm_link`: the leaf's binding, and the
/// roots linked to it.
fn graph(engine: &Engine, leaf: &Component, root: &Component) -> (One, Vec<PluginInstance<Ctx>>) {
    let leaf = Binding::new(
        LEAF_PACKAGE,
        leaf_interfaces(),
        ExactlyOne(Id::from("leaf"), leaf_plugin(engine, leaf)),
    );
    let roots = (1..GRAPH_SIZE)
        .map(|_| {
            Plugin::new(root.clone(), Ctx::new())
                .link(engine, Linker::new(engine), [&leaf])
                .expect("a root links to the leaf")
        })
        .collect();
    (leaf, roots)
}

/// What `graph_100_start` starts from: the fixtures' text, their artifacts,
/// and a warm cache in a temporary directory (removed when dropped).
struct Start {
    engine: Engine,
    /// The same configuration on Wasmtime's pooling allocator, with room
    /// for the graph and one restart.
    pooling: Engine,
    leaf_file: PathBuf,
    root_file: PathBuf,
    leaf_wat: Vec<u8>,
    root_wat: Vec<u8>,
    leaf_artifact: Vec<u8>,
    root_artifact: Vec<u8>,
    /// Wasmtime's own artifacts, without wasm-link's envelope.
    leaf_raw: Vec<u8>,
    root_raw: Vec<u8>,
    cache: ComponentCache,
}

impl Start {
    fn new() -> Self {
        let engine = Config::Lean.engine();
        let fixture = |name: &str| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(name)
        };
        let (leaf_file, root_file) = (fixture("leaf.wat"), fixture("root.wat"));
        let read = |file: &Path| std::fs::read(file).expect("the fixture is readable");
        let (leaf_wat, root_wat) = (read(&leaf_file), read(&root_file));
        let artifact = |wat: &[u8]| precompile(&engine, wat).expect("the fixture compiles");
        let (leaf_artifact, root_artifact) = (artifact(&leaf_wat), artifact(&root_wat));
        let raw = |wat: &[u8]| {
            Component::new(&engine, wat)
                .and_then(|component| component.serialize())
                .expect("the fixture compiles")
        };
        let (leaf_raw, root_raw) = (raw(&leaf_wat), raw(&root_wat));
        let cache = ComponentCache::new(
            std::env::temp_dir().join(format!("wasm-link-bench-cache-{}", std::process::id())),
        );
        for file in [&leaf_file, &root_file] {
            cache.load(&engine, file).expect("the fixture compiles");
        }
        Self {
            pooling: pooling_engine(GRAPH_SIZE + 1),
            engine,
            leaf_file,
            root_file,
            leaf_wat,
            root_wat,
            leaf_artifact,
            root_artifact,
            leaf_raw,
            root_raw,
            cache,
        }
    }

    /// Loads the leaf and the root from the cache, checking that both hit.
    fn cached(&self) -> (Component, Component) {
        self.cached_on(&self.engine)
    }

    /// The same for `engine` (compiling as `self.engine` does, so its loads
    /// hit the same entries).
    fn cached_on(&self, engine: &Engine) -> (Component, Component) {
        let load = |file: &Path| match self.cache.load_with_outcome(engine, file) {
            Ok((component, wasm_link::CacheOutcome::Hit)) => component,
            other => panic!("the warm cache misses {}: {other:?}", file.display()),
        };
        (load(&self.leaf_file), load(&self.root_file))
    }

    #[allow(unsafe_code)]
    fn deserialized(&self) -> (Component, Component) {
        // SAFETY: both artifacts are `precompile`'s output, made above and
        // not modified since.
        let load = |artifact: &[u8]| unsafe { load_precompiled(&self.engine, artifact) };
        (
            load(&self.leaf_artifact).expect("the artifact loads"),
            load(&self.root_artifact).expect("the artifact loads"),
        )
    }

    /// Wasmtime alone, naively: compile both, then instantiate each plugin
    /// through a linker.
    fn raw_naive(&self) -> Vec<(Store<Ctx>, Instance)> {
        let (leaf, root) = self.compiled();
        let (empty, stand_in) = (Linker::new(&self.engine), host_leaf_linker(&self.engine));
        raw_graph(
            || raw_instance(&self.engine, &leaf, &empty),
            || raw_instance(&self.engine, &root, &stand_in),
        )
    }

    /// Wasmtime alone, done best: deserialize both, prepare each once
    /// (`InstancePre`), and instantiate each plugin from the pool.
    #[allow(unsafe_code)]
    fn raw_best(&self) -> Vec<(Store<Ctx>, Instance)> {
        let engine = &self.pooling;
        // SAFETY: both artifacts are `Component::serialize`'s output on an
        // engine of this configuration, made in `Start::new` and not
        // modified since.
        let load = |artifact: &[u8]| unsafe { Component::deserialize(engine, artifact) };
        let leaf = load(&self.leaf_raw).expect("the artifact loads");
        let root = load(&self.root_raw).expect("the artifact loads");
        let leaf = Linker::new(engine)
            .instantiate_pre(&leaf)
            .expect("the leaf imports nothing");
        let root = host_leaf_linker(engine)
            .instantiate_pre(&root)
            .expect("the stand-in provides the root's imports");
        let instantiate = |pre: &wasm_link::wasmtime::component::InstancePre<Ctx>| {
            let mut store = Store::new(engine, Ctx::new());
            let instance = pre
                .instantiate(&mut store)
                .expect("an instance from the pool");
            (store, instance)
        };
        raw_graph(|| instantiate(&leaf), || instantiate(&root))
    }

    fn compiled(&self) -> (Component, Component) {
        let compile = |wat: &[u8]| Component::new(&self.engine, wat).expect("the fixture compiles");
        (compile(&self.leaf_wat), compile(&self.root_wat))
    }

    fn graph(&self, (leaf, root): (Component, Component)) -> (One, Vec<PluginInstance<Ctx>>) {
        graph(&self.engine, &leaf, &root)
    }
}

impl Drop for Start {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.cache.dir());
    }
}

/// Group `graph_100_start`. Its set-up (compiling the fixtures, warming the
/// cache) runs only if one of its cases does: criterion calls a case's
/// closure only when the case is selected.
pub fn start(c: &mut Criterion) {
    let start = OnceCell::new();
    let start = || start.get_or_init(Start::new);

    let mut group = c.benchmark_group("graph_100_start");
    group.sample_size(10);
    // The graph from components compiled, loaded from the cache, and
    // loaded from artifacts in memory.
    let loads: [(&str, Load); 3] = [
        ("compile", Start::compiled),
        ("cache", Start::cached),
        ("precompiled", Start::deserialized),
    ];
    for (name, load) in loads {
        group.bench_function(name, |b| {
            let start = start();
            assert_eq!(start.graph(load(start)).1.len(), GRAPH_SIZE - 1);
            b.iter_batched(
                || (),
                |()| start.graph(load(start)),
                BatchSize::PerIteration,
            );
        });
    }
    group.bench_function("restart_one", |b| {
        let start = start();
        let (leaf, roots) = start.graph(start.deserialized());
        let leaf_id: Id = "leaf";
        b.iter(|| {
            leaf.restart(&leaf_id, Ctx::new())
                .expect("the leaf restarts");
        });
        drop(roots);
    });
    group.bench_function("raw_naive", |b| {
        let start = start();
        b.iter_batched(|| (), |()| start.raw_naive(), BatchSize::PerIteration);
    });
    group.bench_function("raw_best", |b| {
        let start = start();
        assert_eq!(start.raw_best().len(), GRAPH_SIZE);
        b.iter_batched(|| (), |()| start.raw_best(), BatchSize::PerIteration);
    });
    group.bench_function("raw_instantiate_one", |b| {
        let start = start();
        let (leaf, _) = start.deserialized();
        let linker = Linker::new(&start.engine);
        b.iter_batched(
            || (),
            |()| raw_instance(&start.engine, &leaf, &linker),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("raw_best_one", |b| {
        let start = start();
        let (leaf, _) = start.cached_on(&start.pooling);
        let pre = Linker::new(&start.pooling)
            .instantiate_pre(&leaf)
            .expect("the leaf imports nothing");
        b.iter_batched(
            || (),
            |()| {
                let mut store = Store::new(&start.pooling, Ctx::new());
                let instance = pre
                    .instantiate(&mut store)
                    .expect("an instance from the pool");
                (store, instance)
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("cache_pooling", |b| {
        let start = start();
        let pooled = || {
            let (leaf, root) = start.cached_on(&start.pooling);
            graph(&start.pooling, &leaf, &root)
        };
        assert_eq!(pooled().1.len(), GRAPH_SIZE - 1);
        b.iter_batched(|| (), |()| pooled(), BatchSize::PerIteration);
    });
    group.bench_function("restart_one_pooling", |b| {
        let start = start();
        let (leaf, root) = start.cached_on(&start.pooling);
        let (leaf, roots) = graph(&start.pooling, &leaf, &root);
        let leaf_id: Id = "leaf";
        b.iter(|| {
            leaf.restart(&leaf_id, Ctx::new())
                .expect("the leaf restarts in the pool's spare slot");
        });
        drop(roots);
    });
    group.finish();
}

/// How a start gets the leaf's and the root's components.
type Load = fn(&Start) -> (Component, Component);

/// A raw Wasmtime graph: the leaf's store from `leaf`, then the roots'
/// from `root`.
fn raw_graph<T>(leaf: impl FnOnce() -> T, mut root: impl FnMut() -> T) -> Vec<T> {
    let mut graph = Vec::with_capacity(GRAPH_SIZE);
    graph.push(leaf());
    graph.extend(std::iter::repeat_with(&mut root).take(GRAPH_SIZE - 1));
    graph
}

/// `recommended_config()` on the pooling allocator, with room for
/// `instances` plugins of the fixtures (at most 2 core instances, 1 memory
/// and 1 table each). Compiled code is the same as on-demand's.
fn pooling_engine(instances: usize) -> Engine {
    use wasm_link::wasmtime::{InstanceAllocationStrategy, PoolingAllocationConfig};
    let instances = u32::try_from(instances).expect("a small graph");
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(instances)
        .total_core_instances(2 * instances)
        .total_memories(instances)
        .total_tables(instances);
    let mut config = wasm_link::recommended_config();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config).expect("a pooling engine")
}
