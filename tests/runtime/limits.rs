//! Per-plugin limits: fuel per call and for start-up, epoch deadlines per
//! call, a memory limiter, and the engine settings they need (see
//! `limits/limits.wit`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use wasm_link::wasmtime::{StoreLimits, StoreLimitsBuilder, Trap};
use wasm_link::{
    Binding, DispatchError, Engine, ExactlyOne, LinkError, Linker, Plugin, PluginContext,
    PluginInstance, ResourceTable, Val,
};

use crate::common::{
    Ctx, bounded, component, epoch_engine, fuel_engine, interfaces, linker, plain_interface, plugin,
};

type Work<C = Ctx> = Binding<ExactlyOne<String, PluginInstance<C>>>;

fn work<C: PluginContext>(instance: PluginInstance<C>) -> Work<C> {
    Binding::new(
        "test:limits",
        interfaces("work", plain_interface(&["spin", "burn", "cheap", "grow"])),
        ExactlyOne("worker".to_owned(), instance),
    )
}

fn call<C: PluginContext>(
    work: &Work<C>,
    function: &str,
    args: &[Val],
) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = work
        .dispatch("work", function, args)
        .unwrap_or_else(|e| panic!("dispatch of {function} failed: {e}"));
    result
}

/// Calls `function` on another thread, failing the test if it hangs.
fn call_bounded(work: &Work, function: &'static str, args: Vec<Val>) -> Result<Val, DispatchError> {
    let work = work.clone();
    bounded(function, move || call(&work, function, &args))
}

fn assert_site(error: &DispatchError, function: &str) {
    let site = error.site();
    assert_eq!(
        (
            site.plugin.as_str(),
            site.interface.as_str(),
            site.function.as_str()
        ),
        ("worker", "work", function),
        "{error}"
    );
}

#[test]
fn fuel_limiter_stops_an_infinite_loop_and_sees_interface_and_function_names() {
    let engine = fuel_engine();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let worker = plugin(&engine, "limits/work.wat")
        .with_fuel_limiter(move |_ctx, interface, function| {
            log.lock().unwrap().push(format!("{interface}#{function}"));
            10_000
        })
        .instantiate(&engine, &linker(&engine))
        .expect("instantiate");
    let work = work(worker);

    assert_eq!(
        call(&work, "cheap", &[Val::U32(1)]).expect("a cheap call fits"),
        Val::U32(2)
    );
    let error = call_bounded(&work, "spin", vec![]).expect_err("an infinite loop runs out of fuel");
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_site(&error, "spin");
    assert_eq!(
        *seen.lock().unwrap(),
        ["work#cheap", "work#spin"],
        "one budget per call"
    );
}

#[test]
fn fuel_budget_is_granted_afresh_for_every_call() {
    let engine = fuel_engine();
    let worker = plugin(&engine, "limits/work.wat")
        .with_fuel_limiter(|_, _, _| 10_000)
        .instantiate(&engine, &linker(&engine))
        .expect("instantiate");
    let work = work(worker);

    // About 7500 units each: together more than one budget.
    for _ in 0..3 {
        call_bounded(&work, "burn", vec![Val::U32(1500)]).expect("a call within its budget");
    }
    // About 15000 units: more than one budget.
    let error = call_bounded(&work, "burn", vec![Val::U32(3000)]).expect_err("over budget");
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_site(&error, "burn");
}

#[test]
fn too_little_initial_fuel_fails_start_up_with_out_of_fuel() {
    let engine = fuel_engine();
    let error = plugin(&engine, "limits/startup.wat")
        .with_initial_fuel(1_000)
        .instantiate(&engine, &linker(&engine))
        .expect_err("start-up needs more than 1000 units of fuel");
    let LinkError::Instantiate { source, .. } = &error else {
        panic!("expected LinkError::Instantiate, got {error:?}");
    };
    assert_eq!(
        source.downcast_ref::<Trap>(),
        Some(&Trap::OutOfFuel),
        "{source:?}"
    );
}

#[test]
fn enough_initial_fuel_lets_start_up_finish() {
    let engine = fuel_engine();
    let instance = plugin(&engine, "limits/startup.wat")
        .with_initial_fuel(10_000_000)
        .instantiate(&engine, &linker(&engine))
        .expect("start-up fits in its fuel");
    let ready = Binding::new(
        "test:limits",
        interfaces("ready", plain_interface(&["ready"])),
        ExactlyOne("startup".to_owned(), instance),
    );
    let ExactlyOne(_, result) = ready.dispatch("ready", "ready", &[]).expect("dispatch");
    assert_eq!(
        result.expect("ready"),
        Val::U32(100_000),
        "the start function ran to the end"
    );
}

/// Advances an engine's epoch every millisecond until dropped.
struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    fn start(engine: &Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (engine, flag) = (engine.clone(), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                engine.increment_epoch();
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        Self {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn epoch_limiter_stops_an_infinite_loop_and_lets_a_quick_call_through() {
    let engine = epoch_engine();
    let _ticker = Ticker::start(&engine);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let worker = plugin(&engine, "limits/work.wat")
        .with_epoch_limiter(move |_ctx, interface, function| {
            log.lock().unwrap().push(format!("{interface}#{function}"));
            if function == "spin" { 5 } else { 1_000_000 }
        })
        .instantiate(&engine, &linker(&engine))
        .expect("instantiate");
    let work = work(worker);

    assert_eq!(
        call(&work, "cheap", &[Val::U32(1)]).expect("a quick call"),
        Val::U32(2)
    );
    let error =
        call_bounded(&work, "spin", vec![]).expect_err("an infinite loop passes its deadline");
    assert!(
        matches!(error, DispatchError::DeadlineExceeded(_)),
        "{error:?}"
    );
    assert_site(&error, "spin");
    assert_eq!(
        *seen.lock().unwrap(),
        ["work#cheap", "work#spin"],
        "one deadline per call"
    );
}

#[test]
fn plugin_without_epoch_limiter_is_not_interrupted_on_an_epoch_engine() {
    // As with fuel, a plugin that has no limit of its own runs unlimited.
    let engine = epoch_engine();
    let worker = plugin(&engine, "limits/work.wat")
        .instantiate(&engine, &linker(&engine))
        .expect("instantiate");
    let work = work(worker);
    for _ in 0..3 {
        engine.increment_epoch();
    }
    assert_eq!(
        call(&work, "cheap", &[Val::U32(1)]).expect("an unlimited call"),
        Val::U32(2)
    );
}

/// A context holding the memory limiter.
struct LimitedCtx {
    table: ResourceTable,
    limits: StoreLimits,
}

impl PluginContext for LimitedCtx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

/// The work plugin with memory limited to two pages (it starts with one).
fn limited_worker(engine: &Engine, trap_on_grow_failure: bool) -> Work<LimitedCtx> {
    let limits = StoreLimitsBuilder::new()
        .memory_size(2 * 65536)
        .trap_on_grow_failure(trap_on_grow_failure)
        .build();
    let context = LimitedCtx {
        table: ResourceTable::new(),
        limits,
    };
    let instance = Plugin::new(component(engine, "limits/work.wat"), context)
        .with_memory_limiter(|ctx| &mut ctx.limits)
        .instantiate(engine, &Linker::new(engine))
        .expect("one page fits the limit");
    work(instance)
}

#[test]
fn memory_limiter_refuses_growth_beyond_its_limit() {
    let engine = Engine::default();
    let work = limited_worker(&engine, false);

    assert_eq!(
        call(&work, "grow", &[Val::U32(1)]).expect("grow"),
        Val::S32(1),
        "1 -> 2 pages fits"
    );
    assert_eq!(
        call(&work, "grow", &[Val::U32(10)]).expect("grow"),
        Val::S32(-1),
        "12 pages do not"
    );
    assert_eq!(
        call(&work, "grow", &[Val::U32(1)]).expect("grow"),
        Val::S32(-1),
        "3 pages do not"
    );
    assert_eq!(
        call(&work, "cheap", &[Val::U32(1)]).expect("the plugin still works"),
        Val::U32(2)
    );
}

#[test]
fn memory_limiter_that_traps_on_grow_failure_fails_the_call() {
    let engine = Engine::default();
    let work = limited_worker(&engine, true);

    assert_eq!(
        call(&work, "grow", &[Val::U32(1)]).expect("grow"),
        Val::S32(1),
        "1 -> 2 pages fits"
    );
    let error = call(&work, "grow", &[Val::U32(10)]).expect_err("12 pages trap");
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    assert_site(&error, "grow");
    assert!(
        error.to_string().contains("memory"),
        "the trap says why: {error}"
    );
}

#[test]
fn memory_limit_of_one_plugin_does_not_limit_another() {
    let engine = Engine::default();
    let limited = limited_worker(&engine, false);
    let unlimited = work(
        plugin(&engine, "limits/work.wat")
            .instantiate(&engine, &linker(&engine))
            .expect("instantiate"),
    );

    assert_eq!(
        call(&limited, "grow", &[Val::U32(10)]).expect("grow"),
        Val::S32(-1)
    );
    assert_eq!(
        call(&unlimited, "grow", &[Val::U32(10)]).expect("grow"),
        Val::S32(1)
    );
}

fn engine_config_error(result: Result<PluginInstance<Ctx>, LinkError>) -> &'static str {
    match result {
        Err(LinkError::EngineConfig { config, .. }) => config,
        Err(other) => panic!("expected LinkError::EngineConfig, got {other:?}"),
        Ok(_) => panic!("expected LinkError::EngineConfig, but the plugin instantiated"),
    }
}

#[test]
fn fuel_limits_on_an_engine_without_fuel_are_an_engine_config_error() {
    let engine = Engine::default();
    let per_call = plugin(&engine, "limits/work.wat")
        .with_fuel_limiter(|_, _, _| 1_000)
        .instantiate(&engine, &linker(&engine));
    assert_eq!(engine_config_error(per_call), "consume_fuel");
    let initial = plugin(&engine, "limits/work.wat")
        .with_initial_fuel(1_000)
        .instantiate(&engine, &linker(&engine));
    assert_eq!(engine_config_error(initial), "consume_fuel");
}

#[test]
fn epoch_limiter_on_an_engine_without_epoch_interruption_is_an_engine_config_error() {
    let engine = Engine::default();
    let result = plugin(&engine, "limits/work.wat")
        .with_epoch_limiter(|_, _, _| 5)
        .instantiate(&engine, &linker(&engine));
    assert_eq!(engine_config_error(result), "epoch_interruption");
}

#[test]
fn start_up_is_not_interrupted_by_an_epoch_limiter() {
    let engine = epoch_engine();
    // The epoch moves on before and during start-up: only calls are limited.
    engine.increment_epoch();
    let _ticker = Ticker::start(&engine);
    let instance = plugin(&engine, "limits/startup.wat")
        .with_epoch_limiter(|_, _, _| 1_000)
        .instantiate(&engine, &linker(&engine))
        .expect("start-up runs to the end under an epoch limiter");
    let ready = Binding::new(
        "test:limits",
        interfaces("ready", plain_interface(&["ready"])),
        ExactlyOne("startup".to_owned(), instance),
    );
    let ExactlyOne(_, result) = ready.dispatch("ready", "ready", &[]).expect("dispatch");
    assert_eq!(result.expect("ready"), Val::U32(100_000));
}

#[test]
fn debug_shows_a_plugins_name_id_and_limits_not_its_store() {
    let engine = fuel_engine();
    let configured = plugin(&engine, "limits/work.wat")
        .with_name("worker")
        .with_fuel_limiter(|_, _, _| 10_000_000)
        .with_initial_fuel(5_000_000)
        .with_transfer_limit(4096);
    let expected = [
        "worker",
        "fuel_limiter: true",
        "epoch_limiter: false",
        "memory_limiter: false",
        "initial_fuel: Some(5000000)",
        "transfer_limit: Some(4096)",
    ];
    let shown = format!("{configured:?}");
    for part in expected {
        assert!(shown.contains(part), "`{part}` missing from {shown}");
    }
    assert!(!shown.contains("Store"), "{shown}");

    let instance = configured
        .instantiate(&engine, &linker(&engine))
        .expect("work.wat instantiates");
    let shown = format!("{instance:?}");
    for part in expected.iter().chain(&["busy: false"]) {
        assert!(shown.contains(part), "`{part}` missing from {shown}");
    }
    assert!(!shown.contains("Store"), "{shown}");
    // A binding shows its package, cardinality and plugin ids.
    let shown = format!("{:?}", work(instance));
    for part in ["test:limits", "ExactlyOne", "\"worker\""] {
        assert!(shown.contains(part), "`{part}` missing from {shown}");
    }
    assert!(!shown.contains("Store"), "{shown}");
}
