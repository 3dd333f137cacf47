//! Async calls: `__private::call_typed_async` (what `bind!(.., async)` code
//! calls), `Binding::dispatch_async` and `Plugin::link_async`, each beside
//! wasmtime's own async calls on the same engine: the lean config, and with
//! the feature `concurrency` `async_config()`'s too (and an `async func`).
//!
//! Groups `async_lean` and `async_concurrent`, one call per iteration, each driven to its end by
//! `block_on` of a current-thread tokio runtime (the same runtime and the
//! same `block_on` per iteration on both sides, so the driver's cost is in
//! the floor too):
//!
//! - `typed_get_value`: `get-value: func() -> u32` (`fixtures/leaf.wat`)
//!   through `call_typed_async` over an `ExactlyOne` binding; floor
//!   `raw_typed_call_async`: `TypedFunc::call_async` on the same component
//!   instantiated directly. Also measured paired.
//! - `socket_hop`: the host calls the root's `run-value`
//!   (`fixtures/root.wat`) with `call_typed_async`; the root was
//!   `link_async`ed to the leaf's binding, so its import is wasm-link's
//!   async `Val` forwarder, which awaits the leaf's lock and calls it with
//!   `call_async`. `socket_hop_val`: the same call with `dispatch_async`.
//!   `socket_hop_typed`: the root linked to a `TypedSocket` of the leaf's
//!   binding (what a `bind!` group provides), whose async typed forwarder
//!   builds no `Val`.
//!   Floor `raw_func_wrap_async`: the root in a raw store whose import
//!   `get-value` is a `Linker::func_wrap_async` host function doing
//!   `TypedFunc::call_async` into the leaf's own raw store. The leaf's store
//!   is shared with the host function as an
//!   `Arc<futures_util::lock::Mutex<(Store, TypedFunc)>>`: a host function
//!   must be `Send + Sync + 'static` and its future `Send`, so the other
//!   store has to sit behind a lock that can be held across an `.await` (a
//!   `std::sync::MutexGuard` is not `Send`, and a lock held only between
//!   awaits cannot cover the call). It is the lock wasm-link takes per
//!   plugin, so both sides take and release one uncontended async lock per
//!   hop and the ratio shows the rest. Also measured paired (no target).
//!
//! Group `async_parallel`, wall clock, 10 samples per case: one
//! `dispatch_async` of `burn` (`fixtures/burn.wat`, a CPU-bound loop of
//! about 8 ms per call) fanned out over an `Any` binding of [`FAN_OUT`] plugins.
//!
//! - `fan_out/serial`: on a current-thread runtime, where the members run
//!   concurrently on one thread, so one after another;
//!   `fan_out/parallel`: on a multi-threaded runtime of [`WORKERS`]
//!   workers, where each member runs as a tokio task. The speed-up is
//!   serial / parallel; the target is 0.8 x [`WORKERS`]. Measured paired
//!   too (parallel against serial).
//! - `typed_fan_out/serial` and `typed_fan_out/parallel`: the same fan-out
//!   through `call_typed_async` (what a `bind!(.., async)` group's method
//!   calls), whose members also run as tasks on the multi-threaded runtime.
//! - Floors `raw_fan_out/serial` and `raw_fan_out/parallel`: the same
//!   [`FAN_OUT`] calls with `TypedFunc::call_async` on directly
//!   instantiated plugins in stores of their own, awaited in turn on the
//!   current-thread runtime, and as one `tokio::spawn`ed task per store
//!   (the store moved into its task and back) on the multi-threaded one.

use std::collections::HashMap;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use futures_util::lock::Mutex;
use tokio::runtime::{Builder, Runtime};
use wasm_link::__private::{TypedFunction, TypedSocket, call_typed_async, typed_function};
use wasm_link::wasmtime::Store;
use wasm_link::wasmtime::component::{Instance, TypedFunc};
use wasm_link::{
    Any, Binding, Component, Engine, ExactlyOne, Linker, Plugin, PluginInstance, Socket, Val,
};

use crate::common::{
    Config, Ctx, Id, LEAF_INTERFACE, One, component, export_func, leaf_binding, plain_interface,
    raw_instance,
};
use crate::selection::Selection;
use crate::{paired, report};

/// The root's exported interface (see `fixtures/root.wat`).
const APP_INTERFACE: &str = "bench:root/app";

/// The burn plugin's package and exported interface (see `fixtures/burn.wat`).
const BURN_PACKAGE: &str = "bench:burn";
const BURN_INTERFACE: &str = "bench:burn/api";

/// How many plugins the parallel fan-out calls.
pub const FAN_OUT: usize = 4;

/// The worker threads of the multi-threaded runtime.
pub const WORKERS: usize = 2;

/// Rounds of `burn` per call: about 8 ms on this machine (2 cores, AMD
/// EPYC, virtualised; about 1.15 ns per round). A quick run burns an
/// eighth of that.
fn burn_rounds() -> u32 {
    if crate::quick() { 875_000 } else { 7_000_000 }
}

/// What `burn(n)` answers, computed on the host.
fn burn_expected(n: u32) -> u32 {
    (0..n).fold(1_u32, |x, _| {
        x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223)
    })
}

fn current_thread() -> Runtime {
    Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime starts")
}

fn multi_thread() -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .build()
        .expect("a multi-threaded runtime starts")
}

/// A component instantiated directly with wasmtime, asynchronously (its
/// linker may hold async host functions, which sync instantiation refuses).
async fn raw_instance_async(
    engine: &Engine,
    component: &Component,
    linker: &Linker<Ctx>,
) -> (Store<Ctx>, Instance) {
    let mut store = Store::new(engine, Ctx::new());
    let instance = linker
        .instantiate_async(&mut store, component)
        .await
        .expect("the component instantiates with wasmtime");
    (store, instance)
}

pub fn bench(c: &mut Criterion, selected: &Selection) {
    calls(c, selected, Config::Lean);
    #[cfg(feature = "concurrency")]
    {
        calls(c, selected, Config::Concurrent);
        component_model_async(c, selected);
    }
    parallel(c, selected);
}

/// The leaf's store and `get-value`, shared with the floor's host function.
type LeafSide = Arc<Mutex<(Store<Ctx>, TypedFunc<(), (u32,)>)>>;

/// A linker that provides the leaf's interface to the root with an async
/// host function calling into the leaf's own store (`echo`, which
/// `run-value` does not call, is a sync stand-in).
fn forwarding_linker(engine: &Engine, leaf: &LeafSide) -> Linker<Ctx> {
    let mut linker = Linker::new(engine);
    let mut api = linker
        .instance(LEAF_INTERFACE)
        .expect("the interface is defined once");
    let leaf = Arc::clone(leaf);
    api.func_wrap_async("get-value", move |_, (): ()| {
        let leaf = Arc::clone(&leaf);
        Box::new(async move {
            let mut leaf = leaf.lock().await;
            let (store, get_value) = &mut *leaf;
            get_value.call_async(store, ()).await
        })
    })
    .expect("get-value is defined once");
    api.func_wrap("echo", |_, (s,): (String,)| Ok((s,)))
        .expect("echo is defined once");
    linker
}

/// The cases of the plugin -> plugin hop.
const HOP_CASES: [&str; 4] = [
    "socket_hop",
    "socket_hop_typed",
    "socket_hop_val",
    "raw_func_wrap_async",
];

/// The root linked with `link_async` to `socket`, as a binding, and its
/// typed `run-value`.
fn async_root(
    rt: &Runtime,
    engine: &Engine,
    root: &Component,
    socket: Socket,
) -> (One, TypedFunction<(), (u32,)>) {
    let root = rt
        .block_on(Plugin::new(root.clone(), Ctx::new()).link_async(
            engine,
            Linker::new(engine),
            [socket],
        ))
        .expect("the root links to the leaf for async calls");
    let app = Binding::new(
        "bench:root",
        plain_interface("app", &["run-value", "run-string"]),
        ExactlyOne(Id::from("root"), root),
    );
    let run_value = typed_function::<_, _, (), (u32,)>(&app, "app", "run-value")
        .expect("run-value is func() -> u32");
    (app, run_value)
}

fn calls(c: &mut Criterion, selected: &Selection, config: Config) {
    let name = format!("async_{}", config.name());
    let wants = |case: &str| selected.wants(&name, Some(case));
    let typed_wanted = wants("typed_get_value") || wants("raw_typed_call_async");
    let hop_wanted = HOP_CASES.iter().any(|case| wants(case));
    if !typed_wanted && !hop_wanted {
        return;
    }
    let engine = config.engine();
    let leaf = component(&engine, "leaf.wat");
    let root = component(&engine, "root.wat");
    let rt = current_thread();

    // Host -> plugin: one leaf plugin in an ExactlyOne binding.
    let binding = leaf_binding(&engine, &leaf);
    let typed = typed_function::<_, _, (), (u32,)>(&binding, "api", "get-value")
        .expect("get-value is func() -> u32");
    let (mut store, instance) = raw_instance(&engine, &leaf, &Linker::new(&engine));
    let typed_func = export_func(&mut store, &instance, LEAF_INTERFACE, "get-value")
        .typed::<(), (u32,)>(&store)
        .expect("get-value is func() -> u32");

    // Plugin -> plugin: the root linked for async calls to the leaf's
    // binding, and to a typed socket of it.
    let (app, run_value) = async_root(&rt, &engine, &root, Socket::from(&binding));
    let typed_socket = TypedSocket::new(&binding)
        .forward::<(), (u32,)>("api", "get-value")
        .forward::<(String,), (String,)>("api", "echo")
        .into_socket();
    let (typed_app, typed_run_value) = async_root(&rt, &engine, &root, typed_socket);
    // The floor: the root in a raw store, an async host function calling
    // the leaf in a raw store of its own.
    let (mut leaf_store, leaf_instance) = raw_instance(&engine, &leaf, &Linker::new(&engine));
    let leaf_get = export_func(&mut leaf_store, &leaf_instance, LEAF_INTERFACE, "get-value")
        .typed::<(), (u32,)>(&leaf_store)
        .expect("get-value is func() -> u32");
    let leaf_side: LeafSide = Arc::new(Mutex::new((leaf_store, leaf_get)));
    let (mut root_store, root_instance) = rt.block_on(raw_instance_async(
        &engine,
        &root,
        &forwarding_linker(&engine, &leaf_side),
    ));
    let root_run = export_func(&mut root_store, &root_instance, APP_INTERFACE, "run-value")
        .typed::<(), (u32,)>(&root_store)
        .expect("run-value is func() -> u32");

    // Every way in answers 42 before anything is timed.
    let ExactlyOne(_, value) = rt.block_on(call_typed_async(&binding, &typed, (), |(v,)| v));
    assert_eq!(value.expect("async typed call"), 42);
    assert_eq!(
        rt.block_on(typed_func.call_async(&mut store, ()))
            .expect("raw async typed call"),
        (42,)
    );
    let ExactlyOne(_, value) = rt.block_on(call_typed_async(&app, &run_value, (), |(v,)| v));
    assert_eq!(value.expect("async typed call through the socket"), 42);
    let ExactlyOne(_, value) =
        rt.block_on(call_typed_async(&typed_app, &typed_run_value, (), |(v,)| v));
    assert_eq!(
        value.expect("async typed call through the typed socket"),
        42
    );
    let ExactlyOne(_, value) = rt
        .block_on(app.dispatch_async("app", "run-value", &[]))
        .expect("dispatch_async");
    assert_eq!(value.expect("async call through the socket"), Val::U32(42));
    assert_eq!(
        rt.block_on(root_run.call_async(&mut root_store, ()))
            .expect("raw async call through the host function"),
        (42,)
    );

    let mut group = c.benchmark_group(&name);
    group.bench_function("typed_get_value", |b| {
        b.iter(|| rt.block_on(call_typed_async(&binding, &typed, (), |(v,)| v)));
    });
    group.bench_function("raw_typed_call_async", |b| {
        b.iter(|| rt.block_on(typed_func.call_async(&mut store, ())));
    });
    group.bench_function("socket_hop", |b| {
        b.iter(|| rt.block_on(call_typed_async(&app, &run_value, (), |(v,)| v)));
    });
    group.bench_function("socket_hop_typed", |b| {
        b.iter(|| rt.block_on(call_typed_async(&typed_app, &typed_run_value, (), |(v,)| v)));
    });
    group.bench_function("socket_hop_val", |b| {
        b.iter(|| rt.block_on(app.dispatch_async("app", "run-value", &[])));
    });
    group.bench_function("raw_func_wrap_async", |b| {
        b.iter(|| rt.block_on(root_run.call_async(&mut root_store, ())));
    });
    group.finish();

    if typed_wanted {
        paired::measure(
            &format!("{name}/typed_get_value"),
            &format!("{name}/raw_typed_call_async"),
            report::ASYNC_TYPED,
            || rt.block_on(call_typed_async(&binding, &typed, (), |(v,)| v)),
            || rt.block_on(typed_func.call_async(&mut store, ())),
        );
    }
    if hop_wanted {
        paired::measure(
            &format!("{name}/socket_hop"),
            &format!("{name}/raw_func_wrap_async"),
            None,
            || rt.block_on(call_typed_async(&app, &run_value, (), |(v,)| v)),
            || rt.block_on(root_run.call_async(&mut root_store, ())),
        );
    }
}

/// A burn plugin of the raw floor: its store and `burn`.
type RawBurner = (Store<Ctx>, TypedFunc<(u32,), (u32,)>);

/// The raw floor of the fan-out: [`FAN_OUT`] burn plugins instantiated
/// directly, each in a store of its own.
struct RawFanOut {
    burners: Vec<RawBurner>,
    rounds: u32,
}

impl RawFanOut {
    fn new(engine: &Engine, burn: &Component, rounds: u32) -> Self {
        let burners = (0..FAN_OUT)
            .map(|_| {
                let (mut store, instance) = raw_instance(engine, burn, &Linker::new(engine));
                let typed = export_func(&mut store, &instance, BURN_INTERFACE, "burn")
                    .typed::<(u32,), (u32,)>(&store)
                    .expect("burn is func(n: u32) -> u32");
                (store, typed)
            })
            .collect();
        Self { burners, rounds }
    }

    /// The calls one after another on `rt`; the last answer.
    fn serial(&mut self, rt: &Runtime) -> u32 {
        let rounds = self.rounds;
        rt.block_on(async {
            let mut last = 0;
            for (store, burn) in &mut self.burners {
                last = burn.call_async(store, (rounds,)).await.expect("raw burn").0;
            }
            last
        })
    }

    /// The calls as one task each on `rt`, every store moved into its task
    /// and back; the last answer.
    fn parallel(&mut self, rt: &Runtime) -> u32 {
        let rounds = self.rounds;
        rt.block_on(async {
            let tasks: Vec<_> = self
                .burners
                .drain(..)
                .map(|(mut store, burn)| {
                    tokio::spawn(async move {
                        let answer = burn.call_async(&mut store, (rounds,)).await;
                        (store, burn, answer)
                    })
                })
                .collect();
            let mut last = 0;
            for task in tasks {
                let (store, burn, answer) = task.await.expect("the task finishes");
                last = answer.expect("raw burn").0;
                self.burners.push((store, burn));
            }
            last
        })
    }
}

/// Group `cm_async` (feature `concurrency`): an `async func` export
/// (`fixtures/answer.wat`, whose task returns at once) called through
/// `call_typed_async` on `async_config()`'s engine, beside
/// `TypedFunc::call_async` of the same export instantiated directly (which
/// runs the task in Wasmtime's concurrent event loop too). Also paired.
#[cfg(feature = "concurrency")]
fn component_model_async(c: &mut Criterion, selected: &Selection) {
    let wants = |case: &str| selected.wants("cm_async", Some(case));
    if !wants("typed_next") && !wants("raw_typed_call_async") {
        return;
    }
    let engine = Config::Concurrent.engine();
    let answer = component(&engine, "answer.wat");
    let rt = current_thread();
    let plugin = rt
        .block_on(
            Plugin::new(answer.clone(), Ctx::new())
                .instantiate_async(&engine, &Linker::new(&engine)),
        )
        .expect("answer.wat instantiates");
    let binding = Binding::new(
        "bench:answer",
        plain_interface("api", &["next"]),
        ExactlyOne(Id::from("answer"), plugin),
    );
    let typed = typed_function::<_, _, (u32,), (u32,)>(&binding, "api", "next")
        .expect("next is async func(x: u32) -> u32");
    let (mut store, instance) =
        rt.block_on(raw_instance_async(&engine, &answer, &Linker::new(&engine)));
    let next = export_func(&mut store, &instance, "bench:answer/api", "next")
        .typed::<(u32,), (u32,)>(&store)
        .expect("next is async func(x: u32) -> u32");

    let ExactlyOne(_, value) = rt.block_on(call_typed_async(&binding, &typed, (41,), |(v,)| v));
    assert_eq!(value.expect("async typed call of an async func"), 42);
    assert_eq!(
        rt.block_on(next.call_async(&mut store, (41,)))
            .expect("raw async call of an async func"),
        (42,)
    );

    let mut group = c.benchmark_group("cm_async");
    group.bench_function("typed_next", |b| {
        b.iter(|| rt.block_on(call_typed_async(&binding, &typed, (41,), |(v,)| v)));
    });
    group.bench_function("raw_typed_call_async", |b| {
        b.iter(|| rt.block_on(next.call_async(&mut store, (41,))));
    });
    group.finish();
    paired::measure(
        "cm_async/typed_next",
        "cm_async/raw_typed_call_async",
        report::ASYNC_TYPED,
        || rt.block_on(call_typed_async(&binding, &typed, (41,), |(v,)| v)),
        || rt.block_on(next.call_async(&mut store, (41,))),
    );
}

/// wasm-link's side of the fan-out: an `Any` binding of [`FAN_OUT`] burn
/// plugins.
fn burn_binding(
    engine: &Engine,
    burn: &Component,
    rt: &Runtime,
) -> Binding<Any<Id, PluginInstance<Ctx>>> {
    let empty = Linker::new(engine);
    Binding::new(
        BURN_PACKAGE,
        plain_interface("api", &["burn"]),
        Any((0..FAN_OUT)
            .map(|i| {
                let id: Id = format!("burn-{i}").leak();
                let plugin = rt
                    .block_on(
                        Plugin::new(burn.clone(), Ctx::new()).instantiate_async(engine, &empty),
                    )
                    .expect("the burn plugin instantiates");
                (id, plugin)
            })
            .collect::<HashMap<_, _>>()),
    )
}

fn parallel(c: &mut Criterion, selected: &Selection) {
    if !selected.wants("async_parallel", None) {
        return;
    }
    let engine = Config::Lean.engine();
    let burn = component(&engine, "burn.wat");
    let serial_rt = current_thread();
    let parallel_rt = multi_thread();
    let rounds = burn_rounds();
    let expected = burn_expected(rounds);
    let args = [Val::U32(rounds)];

    let binding = burn_binding(&engine, &burn, &serial_rt);
    let fan_out = |rt: &Runtime| rt.block_on(binding.dispatch_async("api", "burn", &args));
    // What a `bind!(.., async)` group's method calls: its fan-out runs its
    // members as tasks too, each with the arguments' one owned copy.
    let burn_typed = typed_function::<_, _, (u32,), (u32,)>(&binding, "api", "burn")
        .expect("burn is func(n: u32) -> u32");
    let typed_fan_out =
        |rt: &Runtime| rt.block_on(call_typed_async(&binding, &burn_typed, (rounds,), |(v,)| v));
    let mut raw = RawFanOut::new(&engine, &burn, rounds);

    // Every way answers the host's own result before anything is timed.
    for rt in [&serial_rt, &parallel_rt] {
        let Any(answers) = fan_out(rt).expect("dispatch_async");
        assert_eq!(answers.len(), FAN_OUT);
        assert!(
            answers
                .into_values()
                .all(|v| v.expect("burn") == Val::U32(expected))
        );
    }
    for rt in [&serial_rt, &parallel_rt] {
        let Any(answers) = typed_fan_out(rt);
        assert!(answers.into_values().all(|v| v.expect("burn") == expected));
    }
    assert_eq!(raw.serial(&serial_rt), expected);
    assert_eq!(raw.parallel(&parallel_rt), expected);

    let mut group = c.benchmark_group("async_parallel");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function(BenchmarkId::new("fan_out", "serial"), |b| {
        b.iter(|| fan_out(&serial_rt));
    });
    group.bench_function(BenchmarkId::new("fan_out", "parallel"), |b| {
        b.iter(|| fan_out(&parallel_rt));
    });
    group.bench_function(BenchmarkId::new("typed_fan_out", "serial"), |b| {
        b.iter(|| typed_fan_out(&serial_rt));
    });
    group.bench_function(BenchmarkId::new("typed_fan_out", "parallel"), |b| {
        b.iter(|| typed_fan_out(&parallel_rt));
    });
    group.bench_function(BenchmarkId::new("raw_fan_out", "serial"), |b| {
        b.iter(|| raw.serial(&serial_rt));
    });
    group.bench_function(BenchmarkId::new("raw_fan_out", "parallel"), |b| {
        b.iter(|| raw.parallel(&parallel_rt));
    });
    group.finish();

    if selected.wants("async_parallel", Some("parallel"))
        && selected.wants("async_parallel", Some("serial"))
    {
        paired::measure(
            "async_parallel/fan_out/parallel",
            "async_parallel/fan_out/serial",
            report::PARALLEL,
            || fan_out(&parallel_rt),
            || fan_out(&serial_rt),
        );
        // The raw floor alternates between the two runtimes in the same way.
        let raw = std::cell::RefCell::new(raw);
        paired::measure(
            "async_parallel/raw_fan_out/parallel",
            "async_parallel/raw_fan_out/serial",
            None,
            || raw.borrow_mut().parallel(&parallel_rt),
            || raw.borrow_mut().serial(&serial_rt),
        );
    }
}
