//! Fast start: components loaded through a `ComponentCache` and through the
//! `precompile` / `load_precompiled` pair beneath it. A hit gives a working
//! plugin; damaged entries, foreign files and artifacts of another engine
//! configuration or Wasmtime version are refused with an error saying so,
//! and the cache compiles again over them; loads from two threads at once
//! both succeed; and a graph of 100 plugins starts from cached components.
//!
//! Fixtures: `fast_start/leaf.wat` exports `test:leaf/api#get-value` (42),
//! `fast_start/root.wat` imports it and exports `test:root/app#run-value`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Barrier};

use wasm_link::wasmtime::ModuleVersionStrategy;
use wasm_link::{
    Any, Binding, CacheError, CacheOutcome, Component, ComponentCache, Engine, ExactlyOne, Plugin,
    PluginInstance, Val, load_precompiled, precompile,
};

use crate::common::{
    Ctx, bounded, engine_with, epoch_engine, fuel_engine, interfaces, linker, plain_interface,
};

/// `tests/runtime/fast_start/<name>`.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runtime")
        .join("fast_start")
        .join(name)
}

/// A directory of the test's own under the system's temporary directory,
/// removed when dropped. (A real cache belongs in a directory only the host
/// can write to: see `ComponentCache`'s docs.)
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "wasm-link-fast-start-{test}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// A cache in a directory not created yet.
    fn cache(&self) -> ComponentCache {
        ComponentCache::new(self.0.join("cache"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file in the cache's directory, sorted.
fn files(cache: &ComponentCache) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache.dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The one file of the cache, which must hold exactly one entry and nothing
/// else (no temporary file left behind).
fn only_entry(cache: &ComponentCache) -> PathBuf {
    match &files(cache)[..] {
        [entry] if entry.extension().is_some_and(|e| e == "cwasm") => entry.clone(),
        other => panic!("expected one entry, found {other:?}"),
    }
}

/// Loads `fixture` through `cache`, expecting it compiled and its entry
/// written; returns the component and why the entry before was refused.
fn compiled(
    cache: &ComponentCache,
    engine: &Engine,
    fixture_name: &str,
) -> (Component, Option<CacheError>) {
    match cache
        .load_with_outcome(engine, fixture(fixture_name))
        .unwrap()
    {
        (
            component,
            CacheOutcome::Compiled {
                refused,
                not_stored: None,
            },
        ) => (component, refused),
        (_, outcome) => panic!("expected a compilation that wrote its entry, got {outcome:?}"),
    }
}

/// Loads `fixture` through `cache`, expecting a hit.
fn hit(cache: &ComponentCache, engine: &Engine, fixture_name: &str) -> Component {
    match cache
        .load_with_outcome(engine, fixture(fixture_name))
        .unwrap()
    {
        (component, CacheOutcome::Hit) => component,
        (_, outcome) => panic!("expected a hit, got {outcome:?}"),
    }
}

/// The leaf's binding, `test:leaf` with `api#get-value`.
fn leaf_binding(leaf: PluginInstance<Ctx>) -> Binding<ExactlyOne<String, PluginInstance<Ctx>>> {
    Binding::new(
        "test:leaf",
        interfaces("api", plain_interface(&["get-value"])),
        ExactlyOne("leaf".to_owned(), leaf),
    )
}

/// Runs `component` as the leaf plugin and returns what its `get-value`
/// answers.
fn leaf_value(engine: &Engine, component: &Component) -> u32 {
    let leaf = Plugin::new(component.clone(), Ctx::new())
        .instantiate(engine, &linker(engine))
        .unwrap();
    let ExactlyOne(_, result) = leaf_binding(leaf)
        .dispatch("api", "get-value", &[])
        .unwrap();
    match result.unwrap() {
        Val::U32(value) => value,
        other => panic!("get-value answered {other:?}"),
    }
}

/// `len` bytes of a fixed pseudo-random sequence (xorshift64).
fn random_bytes(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// Asserts that `refused` renders naming every one of `expected`.
fn assert_names(refused: &CacheError, expected: &[&str]) {
    let message = refused.to_string();
    for word in expected {
        assert!(message.contains(word), "`{word}` not in: {message}");
    }
}

#[test]
fn a_cache_hit_gives_a_working_plugin() {
    let dir = TempDir::new("hit");
    let cache = dir.cache();
    let engine = Engine::default();

    let (first, refused) = compiled(&cache, &engine, "leaf.wat");
    assert!(refused.is_none(), "{refused:?}");
    assert_eq!(leaf_value(&engine, &first), 42);
    only_entry(&cache);

    let loaded = hit(&cache, &engine, "leaf.wat");
    assert_eq!(leaf_value(&engine, &loaded), 42);
    // `load` and `load_bytes` find the same entry.
    let bytes = std::fs::read(fixture("leaf.wat")).unwrap();
    let from_bytes = cache.load_bytes(&engine, &bytes).unwrap();
    assert_eq!(leaf_value(&engine, &from_bytes), 42);
    only_entry(&cache);
}

/// An entry damaged on disk is refused before Wasmtime loads any of it; the
/// component is compiled again, the entry rewritten, and the next load is a
/// hit: one bad file costs one compilation.
#[test]
fn a_damaged_entry_is_refused_and_replaced() {
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage, &[&str]); 4] = [
        (
            "one bit flipped in the compiled code",
            |bytes| {
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x10;
            },
            &["is corrupt", "checksum does not match"],
        ),
        (
            "cut in half",
            |bytes| bytes.truncate(bytes.len() / 2),
            &["is corrupt", "its header announces"],
        ),
        (
            "cut inside its header",
            |bytes| bytes.truncate(20),
            &["is corrupt", "cut short: 20 bytes"],
        ),
        (
            "another format version",
            |bytes| bytes[8] = 2,
            &[
                "version 2 of wasm-link's precompiled format",
                "reads version 1",
            ],
        ),
    ];
    let engine = Engine::default();
    for (damage, apply, expected) in damages {
        let dir = TempDir::new("damaged");
        let cache = dir.cache();
        compiled(&cache, &engine, "leaf.wat");
        let entry = only_entry(&cache);
        let mut bytes = std::fs::read(&entry).unwrap();
        apply(&mut bytes);
        std::fs::write(&entry, &bytes).unwrap();

        let (component, refused) = compiled(&cache, &engine, "leaf.wat");
        let refused = refused.unwrap_or_else(|| panic!("{damage}: the entry was not refused"));
        assert!(
            matches!(
                refused,
                CacheError::Corrupt { .. } | CacheError::FormatVersion { .. }
            ),
            "{damage}: {refused:?}"
        );
        let name = entry.file_name().unwrap().to_string_lossy();
        assert_names(&refused, &[expected, &[&*name]].concat());
        assert_eq!(leaf_value(&engine, &component), 42, "{damage}");
        assert_eq!(only_entry(&cache), entry);
        assert_eq!(leaf_value(&engine, &hit(&cache, &engine, "leaf.wat")), 42);
    }
}

/// Files that are not entries at all, in an entry's place: refused for
/// what they are, and replaced.
#[test]
fn random_bytes_and_other_files_are_refused() {
    let engine = Engine::default();
    let wat = std::fs::read(fixture("leaf.wat")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "random bytes",
            random_bytes(4096),
            "does not start with wasm-link's header",
        ),
        ("an empty file", Vec::new(), "does not start with"),
        (
            "the component's WebAssembly",
            wat::parse_bytes(&wat).unwrap().into_owned(),
            "these are WebAssembly",
        ),
        (
            "Wasmtime's own artifact",
            engine.precompile_component(&wat).unwrap(),
            "bare Wasmtime artifact",
        ),
    ];
    for (what, bytes, expected) in cases {
        let dir = TempDir::new("foreign");
        let cache = dir.cache();
        compiled(&cache, &engine, "leaf.wat");
        let entry = only_entry(&cache);
        std::fs::write(&entry, &bytes).unwrap();

        let (component, refused) = compiled(&cache, &engine, "leaf.wat");
        let refused = refused.unwrap_or_else(|| panic!("{what}: not refused"));
        assert!(
            matches!(refused, CacheError::NotPrecompiled { .. }),
            "{what}: {refused:?}"
        );
        assert_names(&refused, &["is not a precompiled component", expected]);
        assert_eq!(leaf_value(&engine, &component), 42, "{what}");
        hit(&cache, &engine, "leaf.wat");
    }
}

/// An engine like `Engine::default()` but for one setting, and the words
/// Wasmtime's refusal uses for that setting.
fn other_engines() -> [(Engine, &'static str); 3] {
    [
        (fuel_engine(), "fuel support"),
        (epoch_engine(), "epoch interruption"),
        // What an artifact of another Wasmtime release carries.
        (
            engine_with(|config| {
                config
                    .module_version(ModuleVersionStrategy::Custom("49.0.0".to_owned()))
                    .unwrap();
            }),
            "compiled with incompatible version",
        ),
    ]
}

/// An entry made for an engine of another configuration, or by another
/// Wasmtime version, put where this engine's entry belongs: Wasmtime
/// refuses it, and the error says what differs.
#[test]
fn an_entry_of_another_engine_is_refused() {
    let engine = Engine::default();
    for (other, difference) in other_engines() {
        let dir = TempDir::new("engine");
        let cache = dir.cache();
        compiled(&cache, &other, "leaf.wat");
        let other_entry = only_entry(&cache);
        compiled(&cache, &engine, "leaf.wat");
        let entry = files(&cache)
            .into_iter()
            .find(|file| *file != other_entry)
            .expect("each engine has its own entry");
        std::fs::copy(&other_entry, &entry).unwrap();

        let (component, refused) = compiled(&cache, &engine, "leaf.wat");
        let refused = refused.unwrap_or_else(|| panic!("{difference}: not refused"));
        assert!(
            matches!(refused, CacheError::EngineMismatch { .. }),
            "{difference}: {refused:?}"
        );
        assert_names(
            &refused,
            &[
                "was made by another Wasmtime version or engine configuration",
                difference,
            ],
        );
        assert_eq!(leaf_value(&engine, &component), 42);
        hit(&cache, &engine, "leaf.wat");
        // The other engine's entry is still its own.
        assert_eq!(leaf_value(&other, &hit(&cache, &other, "leaf.wat")), 42);
    }
}

/// The entry of one component under another's name is not loaded as that
/// other component.
#[test]
fn an_entry_of_another_component_is_refused() {
    let dir = TempDir::new("other");
    let cache = dir.cache();
    let engine = Engine::default();
    compiled(&cache, &engine, "leaf.wat");
    let leaf_entry = only_entry(&cache);
    compiled(&cache, &engine, "root.wat");
    let root_entry = files(&cache)
        .into_iter()
        .find(|file| *file != leaf_entry)
        .unwrap();
    std::fs::copy(&leaf_entry, &root_entry).unwrap();

    let (root, refused) = compiled(&cache, &engine, "root.wat");
    let refused = refused.expect("the leaf's entry is refused as the root");
    assert!(
        matches!(refused, CacheError::OtherComponent { .. }),
        "{refused:?}"
    );
    assert_names(&refused, &["holds another component"]);
    let imports = root.component_type().imports(&engine).count();
    assert_eq!(imports, 1, "the root, which imports the leaf, was loaded");
}

/// The pair beneath the cache refuses what the cache refuses, as errors.
#[test]
#[allow(unsafe_code)]
fn load_precompiled_refuses_other_engines_and_foreign_bytes() {
    let wat = std::fs::read(fixture("leaf.wat")).unwrap();
    let engine = Engine::default();
    let artifact = precompile(&engine, &wat).unwrap();
    // SAFETY: `artifact` is `precompile`'s output, unmodified.
    let component = unsafe { load_precompiled(&engine, &artifact) }.unwrap();
    assert_eq!(leaf_value(&engine, &component), 42);

    for (other, difference) in other_engines() {
        // SAFETY: as above.
        let refused = unsafe { load_precompiled(&other, &artifact) }.unwrap_err();
        assert!(
            matches!(refused, CacheError::EngineMismatch { path: None, .. }),
            "{difference}: {refused:?}"
        );
        assert_names(
            &refused,
            &[
                "the precompiled component was made by another Wasmtime version or engine configuration",
                difference,
            ],
        );
    }

    let mut damaged = artifact.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    // SAFETY: `precompile`'s output damaged (not crafted): the checksum
    // refuses it before Wasmtime sees it.
    let refused = unsafe { load_precompiled(&engine, &damaged) }.unwrap_err();
    assert!(matches!(refused, CacheError::Corrupt { .. }), "{refused:?}");

    // SAFETY: random bytes carry no valid checksum by design; they are
    // refused before Wasmtime sees them.
    let refused = unsafe { load_precompiled(&engine, &random_bytes(1000)) }.unwrap_err();
    assert!(
        matches!(refused, CacheError::NotPrecompiled { .. }),
        "{refused:?}"
    );

    let refused = precompile(&engine, b"(component (core module (func (result i32))))")
        .expect_err("a function without its result does not compile");
    assert!(matches!(refused, CacheError::Compile { .. }), "{refused:?}");
}

/// A load fails only for the component's own reasons: its file is missing
/// or does not compile. A cache directory that cannot be written costs the
/// entry, not the load.
#[test]
fn only_the_component_can_fail_a_load() {
    let dir = TempDir::new("errors");
    let cache = dir.cache();
    let engine = Engine::default();

    let missing = dir.0.join("missing.wasm");
    let error = cache.load(&engine, &missing).unwrap_err();
    assert!(
        matches!(&error, CacheError::Io { action: "read", path, .. } if *path == missing),
        "{error:?}"
    );

    let broken = dir.0.join("broken.wat");
    std::fs::write(&broken, "(component (core module (func (result i32))))").unwrap();
    let error = cache.load(&engine, &broken).unwrap_err();
    assert!(matches!(error, CacheError::Compile { .. }), "{error:?}");
    assert_names(&error, &["broken.wat", "does not compile"]);

    // A cache "directory" below a file cannot be created.
    let blocker = dir.0.join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let unwritable = ComponentCache::new(blocker.join("cache"));
    let (component, outcome) = unwritable
        .load_with_outcome(&engine, fixture("leaf.wat"))
        .unwrap();
    assert!(
        matches!(
            outcome,
            CacheOutcome::Compiled {
                refused: None,
                not_stored: Some(CacheError::Io {
                    action: "create",
                    ..
                }),
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(leaf_value(&engine, &component), 42);
}

/// Two threads load one component through one cache at once, both missing
/// its entry: both get a working component, neither sees a partial entry,
/// and one complete entry remains.
#[test]
fn two_threads_loading_one_component_at_once_both_succeed() {
    bounded("two loads at once", || {
        let engine = Engine::default();
        for _ in 0..3 {
            let dir = TempDir::new("threads");
            let cache = dir.cache();
            let start = Arc::new(Barrier::new(2));
            let threads: Vec<_> = (0..2)
                .map(|_| {
                    let (cache, engine, start) = (cache.clone(), engine.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        cache.load_with_outcome(&engine, fixture("leaf.wat"))
                    })
                })
                .collect();
            for thread in threads {
                let (component, outcome) = thread.join().unwrap().unwrap();
                match outcome {
                    CacheOutcome::Hit => {}
                    CacheOutcome::Compiled {
                        refused,
                        not_stored,
                    } => {
                        assert!(refused.is_none(), "a partial entry was seen: {refused:?}");
                        // Windows may refuse a rename over a file another
                        // thread is reading; the load succeeds regardless.
                        if cfg!(unix) {
                            assert!(not_stored.is_none(), "{not_stored:?}");
                        }
                    }
                    other => panic!("unexpected outcome {other:?}"),
                }
                assert_eq!(leaf_value(&engine, &component), 42);
            }
            only_entry(&cache);
            hit(&cache, &engine, "leaf.wat");
        }
    });
}

/// An engine on Wasmtime's pooling allocator with room for `instances`
/// plugins of these fixtures (at most 2 core instances, 1 memory and 1
/// table each). Its other settings are `recommended_config()`'s, so it
/// compiles as the on-demand engine does.
fn pooling_engine(instances: u32) -> Engine {
    use wasm_link::wasmtime::{InstanceAllocationStrategy, PoolingAllocationConfig};
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(instances)
        .total_core_instances(2 * instances)
        .total_memories(instances)
        .total_tables(instances)
        .max_memory_size(1 << 20);
    let mut config = wasm_link::recommended_config();
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config).expect("a pooling engine")
}

type Leaf = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;
type Roots = Binding<Any<String, PluginInstance<Ctx>>>;

/// A graph of `plugins` started from cached components on `engine`: one
/// leaf in a binding and the others importers linked to it, in one `Any`
/// binding. Each importer answers 42 through the leaf.
fn graph_from_cache(engine: &Engine, cache: &ComponentCache, plugins: usize) -> (Leaf, Roots) {
    let leaf = cache.load(engine, fixture("leaf.wat")).unwrap();
    let root = cache.load(engine, fixture("root.wat")).unwrap();
    let leaf = leaf_binding(
        Plugin::new(leaf, Ctx::new())
            .instantiate(engine, &linker(engine))
            .unwrap(),
    );
    let roots: HashMap<String, PluginInstance<Ctx>> = (1..plugins)
        .map(|n| {
            let root = Plugin::new(root.clone(), Ctx::new())
                .link(engine, linker(engine), [&leaf])
                .unwrap();
            (format!("root-{n:02}"), root)
        })
        .collect();
    let app = Binding::new(
        "test:root",
        interfaces("app", plain_interface(&["run-value"])),
        Any(roots),
    );
    let Any(results) = app.dispatch("app", "run-value", &[]).unwrap();
    assert_eq!(results.len(), plugins - 1);
    for (id, result) in results {
        assert!(matches!(result, Ok(Val::U32(42))), "{id}: {result:?}");
    }
    (leaf, app)
}

#[test]
fn a_graph_of_100_plugins_starts_from_the_cache_on_either_allocator() {
    const PLUGINS: usize = 100;
    let dir = TempDir::new("graph");
    let cache = dir.cache();
    let on_demand = Engine::new(&wasm_link::recommended_config()).unwrap();
    graph_from_cache(&on_demand, &cache, PLUGINS);
    // The allocator does not change compiled code: the pooling engine's
    // loads are hits on the same entries.
    let entries = files(&cache).len();
    let pooling = pooling_engine(101);
    let (_leaf, app) = graph_from_cache(&pooling, &cache, PLUGINS);
    assert_eq!(files(&cache).len(), entries, "no new entries");
    // The pool's spare slot lets a plugin restart.
    app.restart(&"root-01".to_owned(), Ctx::new())
        .expect("one slot is free for the new instance");
}

#[test]
fn a_full_pool_refuses_a_plugin_and_a_restart_and_the_graph_serves_on() {
    let dir = TempDir::new("full-pool");
    let cache = dir.cache();
    // Exactly the graph's three plugins.
    let engine = pooling_engine(3);
    let (leaf, app) = graph_from_cache(&engine, &cache, 3);
    let root = cache.load(&engine, fixture("root.wat")).unwrap();
    let error = Plugin::new(root, Ctx::new())
        .link(&engine, linker(&engine), [&leaf])
        .expect_err("no slot is left");
    assert!(
        matches!(error, wasm_link::LinkError::Instantiate { .. }),
        "{error:?}"
    );
    // A restart starts the new instance before the old one goes: refused.
    let error = app
        .restart(&"root-01".to_owned(), Ctx::new())
        .expect_err("no slot for the new instance");
    assert!(
        matches!(error, wasm_link::LinkError::Instantiate { .. }),
        "{error:?}"
    );
    let Any(results) = app.dispatch("app", "run-value", &[]).unwrap();
    assert!(
        results.values().all(|r| matches!(r, Ok(Val::U32(42)))),
        "{results:?}"
    );
}
