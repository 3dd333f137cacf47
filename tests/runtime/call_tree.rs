//! Limits cover the whole call tree (see `call_tree/call_tree.wit`): a call
//! through a socket gets at most what its caller's call tree has left, what
//! it burns is charged to the caller, any limiter value (`0`, `u64::MAX`) is
//! safe, start-up is bounded by default, a restart never holds callers up,
//! and initial fuel without a per-call limiter is a lifetime budget.
//!
//! # Fuel numbers
//!
//! `burn(n)` of worker.wat, and the loops caller.wat and prober.wat run
//! themselves, cost [`FUEL_PER_TURN`] units of fuel per turn: eight
//! instructions that cost one unit each (`local.get`, `i32.eqz`, `br_if`,
//! `local.get`, `i32.const`, `i32.sub`, `local.set`, `br`; `block`, `loop`
//! and `end` are free). Measured by bisecting a per-call fuel limiter for
//! the smallest budget a call succeeds with: `burn(n)` needs `8n + 4`,
//! `relay-burn(n, m)` `8(n + m) + 12` and `try-spin(m)` `8m + 79`;
//! worker.wat's start-up needs none (it has no start function), primed.wat's
//! `8 * 50_000 + 9` (bisecting its initial fuel). The budgets
//! below keep at least 10% between what a call needs and what it is given,
//! far more than those few units.

use std::error::Error as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wasm_link::wasmtime::{StoreContextMut, Trap};
use wasm_link::{
    Binding, DEFAULT_STARTUP_FUEL, DEFAULT_STARTUP_TICKS, DispatchError, Engine, ExactlyOne,
    LinkError, Linker, Plugin, PluginContext, PluginInstance, ResourceTable, Socket, Val,
};

use crate::common::{
    Ctx, component, epoch_engine, fuel_engine, interfaces, linker, plain_interface, plugin, within,
};

type One<C = Ctx> = Binding<ExactlyOne<String, PluginInstance<C>>>;

/// Fuel per turn of the fixtures' loops (see the module docs).
const FUEL_PER_TURN: u64 = 8;

/// How long a call that takes milliseconds may take before it counts as
/// hung: a regression fails in seconds, not at the minute of `bounded`.
const HANG: Duration = Duration::from_secs(10);

/// Advances an engine's epoch every `period` until dropped.
struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    fn start(engine: &Engine, period: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (engine, flag) = (engine.clone(), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                engine.increment_epoch();
                std::thread::sleep(period);
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

/// worker.wat, configured by `configure`, as plugin `worker` of a binding
/// of `work`.
fn worker(engine: &Engine, configure: impl FnOnce(Plugin<Ctx>) -> Plugin<Ctx>) -> One {
    let instance = configure(plugin(engine, "call_tree/worker.wat"))
        .instantiate(engine, &linker(engine))
        .expect("the worker instantiates");
    Binding::new(
        "test:call-tree",
        interfaces("work", plain_interface(&["spin", "burn", "answer"])),
        ExactlyOne("worker".to_owned(), instance),
    )
}

/// caller.wat linked to `work` (transparently), as plugin `caller`.
fn caller(engine: &Engine, work: &One, configure: impl FnOnce(Plugin<Ctx>) -> Plugin<Ctx>) -> One {
    let instance = configure(plugin(engine, "call_tree/caller.wat").with_name("caller"))
        .link(engine, linker(engine), [work])
        .expect("the caller links");
    Binding::new(
        "test:call-tree",
        interfaces("front", plain_interface(&["relay-spin", "relay-burn"])),
        ExactlyOne("caller".to_owned(), instance),
    )
}

/// prober.wat linked to `work` (tagged, with `dispatch-error`), as plugin
/// `prober`.
fn prober(engine: &Engine, work: &One, configure: impl FnOnce(Plugin<Ctx>) -> Plugin<Ctx>) -> One {
    let instance = configure(plugin(engine, "call_tree/prober.wat").with_name("prober"))
        .link(engine, linker(engine), [work])
        .expect("the prober links");
    Binding::new(
        "test:call-tree",
        interfaces("probe", plain_interface(&["try-spin"])),
        ExactlyOne("prober".to_owned(), instance),
    )
}

/// Calls `interface#function`, failing the test if it hangs.
fn call<C: PluginContext>(
    binding: &One<C>,
    interface: &'static str,
    function: &'static str,
    args: &[Val],
) -> Result<Val, DispatchError> {
    let (binding, args) = (binding.clone(), args.to_vec());
    within(&format!("{interface}#{function}"), HANG, move || {
        let ExactlyOne(_, result) = binding
            .dispatch(interface, function, &args)
            .unwrap_or_else(|e| panic!("dispatch of {function} failed: {e}"));
        result
    })
}

fn relay_spin(front: &One) -> Result<Val, DispatchError> {
    call(front, "front", "relay-spin", &[])
}

fn relay_burn(front: &One, n: u32, m: u32) -> Result<Val, DispatchError> {
    call(front, "front", "relay-burn", &[Val::U32(n), Val::U32(m)])
}

fn burn(work: &One, n: u32) -> Result<Val, DispatchError> {
    call(work, "work", "burn", &[Val::U32(n)])
}

fn answer<C: PluginContext>(work: &One<C>) -> Result<Val, DispatchError> {
    call(work, "work", "answer", &[])
}

/// `try-spin(m)`: the failure `spin` returned to the prober, as
/// (100 * result case + error case, failing plugin).
fn try_spin(probe: &One, m: u32) -> Result<(u32, String), DispatchError> {
    let value = call(probe, "probe", "try-spin", &[Val::U32(m)])?;
    let Val::Tuple(fields) = value else {
        panic!("try-spin returns a tuple, got {value:?}");
    };
    match fields.as_slice() {
        [Val::U32(code), Val::String(plugin)] => Ok((*code, plugin.clone())),
        other => panic!("try-spin returns (u32, string), got {other:?}"),
    }
}

/// `try-spin`'s code for a `fuel-exhausted` error (result case `err` = 1,
/// error case 3, as in wasm-link/wit/dispatch.wit).
const SAW_FUEL_EXHAUSTED: u32 = 103;
/// `try-spin`'s code for a `deadline-exceeded` error (error case 4).
const SAW_DEADLINE_EXCEEDED: u32 = 104;

fn assert_site(error: &DispatchError, (plugin, interface, function): (&str, &str, &str)) {
    let site = error.site();
    assert_eq!(
        (
            site.plugin.as_str(),
            site.interface.as_str(),
            site.function.as_str()
        ),
        (plugin, interface, function),
        "{error}"
    );
}

/// The callee's own `DispatchError` in the chain of sources of a caller's
/// error (a transparent socket turns it into a trap of the caller).
fn callee_error(error: &DispatchError) -> Option<&DispatchError> {
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(found) = cause.downcast_ref::<DispatchError>() {
            return Some(found);
        }
        source = cause.source();
    }
    None
}

/// Asserts that `error` is a trap of the caller's `function` caused by the
/// worker's `spin` failing as `expected` says, named in the message too.
fn assert_caller_trapped_by_worker(
    error: &DispatchError,
    function: &str,
    expected: fn(&DispatchError) -> bool,
    said: &str,
) {
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    assert_site(error, ("caller", "front", function));
    let shown = error.to_string();
    assert!(
        shown.contains(&format!("`work#spin` of plugin `worker` {said}")),
        "the message names the worker and why: {shown}"
    );
    let cause = callee_error(error)
        .unwrap_or_else(|| panic!("the worker's error is in the chain of sources: {error:?}"));
    assert!(expected(cause), "{cause:?}");
    assert_site(cause, ("worker", "work", "spin"));
}

// ----- Fuel along a call tree ------------------------------------------------

#[test]
fn callee_without_fuel_limiter_runs_on_its_callers_fuel_and_is_stopped_by_it() {
    let engine = fuel_engine();
    let work = worker(&engine, |p| p);
    let front = caller(&engine, &work, |p| p.with_fuel_limiter(|_, _, _| 1_000_000));

    // An endless loop in a callee with no limit of its own: it gets what the
    // caller's call has left, not an unmetered call that would never end.
    let error = relay_spin(&front).expect_err("the caller's fuel ends the endless loop");
    assert_caller_trapped_by_worker(
        &error,
        "relay-spin",
        |cause| matches!(cause, DispatchError::FuelExhausted(_)),
        "ran out of fuel",
    );

    // Both stores trapped: each answers Unusable until restarted.
    let error = answer(&work).expect_err("the worker ran out of fuel");
    assert!(matches!(error, DispatchError::Unusable(_)), "{error:?}");
    assert_site(&error, ("worker", "work", "answer"));
    let error = relay_burn(&front, 1, 1).expect_err("the caller trapped");
    assert!(matches!(error, DispatchError::Unusable(_)), "{error:?}");
    assert_site(&error, ("caller", "front", "relay-burn"));

    work.restart(&"worker".to_owned(), Ctx::new())
        .expect("the worker restarts");
    assert_eq!(
        answer(&work).expect("the restarted worker answers"),
        Val::U32(1),
        "a fresh instance"
    );
    front
        .restart(&"caller".to_owned(), Ctx::new())
        .expect("the caller restarts");
    assert_eq!(
        relay_burn(&front, 10, 10).expect("the restarted caller relays to the restarted worker"),
        Val::U32(10)
    );
}

#[test]
fn fuel_a_callee_burns_is_charged_to_its_caller() {
    // The caller gets 1_000_000 units per call. It calls burn(n) in the
    // worker (no limiter) first, then loops m times itself: 75_000 turns are
    // 600_000 units, so either part alone fits with 40% to spare and both
    // together (1_200_000) are 20% over.
    const BUDGET: u64 = 1_000_000;
    const TURNS: u32 = 75_000;
    assert!(u64::from(TURNS) * FUEL_PER_TURN * 10 <= BUDGET * 6);
    assert!(u64::from(TURNS) * FUEL_PER_TURN * 2 * 10 >= BUDGET * 12);

    let engine = fuel_engine();
    let work = worker(&engine, |p| p);
    let front = caller(&engine, &work, |p| p.with_fuel_limiter(|_, _, _| BUDGET));

    assert_eq!(
        relay_burn(&front, TURNS, 0).expect("the callee's part alone fits"),
        Val::U32(TURNS)
    );
    assert_eq!(
        relay_burn(&front, 0, TURNS).expect("the caller's part alone fits"),
        Val::U32(0)
    );
    assert_eq!(
        relay_burn(&front, 1_000, TURNS).expect("a short callee and the caller's part fit"),
        Val::U32(1_000)
    );

    // The callee finishes (it ran on the caller's budget), the caller pays
    // for it and runs out in its own loop.
    let error = relay_burn(&front, TURNS, TURNS).expect_err("both parts do not fit in one budget");
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "the caller itself runs out: {error:?}"
    );
    assert_site(&error, ("caller", "front", "relay-burn"));
    assert_eq!(
        burn(&work, 1).expect("the worker finished its part and is still usable"),
        Val::U32(1)
    );

    // With half as much again (1_500_000), both parts fit.
    let richer = caller(&engine, &work, |p| {
        p.with_fuel_limiter(|_, _, _| BUDGET * 3 / 2)
    });
    assert_eq!(
        relay_burn(&richer, TURNS, TURNS).expect("a budget for both parts"),
        Val::U32(TURNS)
    );
}

#[test]
fn callee_own_fuel_limit_applies_when_smaller_than_its_callers_budget() {
    // The caller's budget is large (1e9), or unbounded (u64::MAX: a callee
    // that ignored its own limit would then never stop, and the call would
    // hang); the worker's own limit, 10_000, stops its endless loop either
    // way, and the caller sees the worker's `fuel-exhausted`.
    for caller_budget in [1_000_000_000, u64::MAX] {
        let engine = fuel_engine();
        let work = worker(&engine, |p| p.with_fuel_limiter(|_, _, _| 10_000));
        let probe = prober(&engine, &work, |p| {
            p.with_fuel_limiter(move |_, _, _| caller_budget)
        });
        assert_eq!(
            try_spin(&probe, 0).expect("the prober carries on after the worker's failure"),
            (SAW_FUEL_EXHAUSTED, "worker".to_owned()),
            "caller budget {caller_budget}"
        );

        // The same through a transparent socket: the caller traps with the
        // worker's FuelExhausted as its cause.
        let work = worker(&engine, |p| p.with_fuel_limiter(|_, _, _| 10_000));
        let front = caller(&engine, &work, |p| {
            p.with_fuel_limiter(move |_, _, _| caller_budget)
        });
        let error = relay_spin(&front).expect_err("the worker runs out of its own fuel");
        assert_caller_trapped_by_worker(
            &error,
            "relay-spin",
            |cause| matches!(cause, DispatchError::FuelExhausted(_)),
            "ran out of fuel",
        );
    }
}

#[test]
fn fuel_a_failed_callee_burnt_is_still_charged_to_its_caller() {
    // The prober (1_000_000 units per call) calls `spin` in the worker (no
    // limiter), which burns what the prober's call has left and fails; the
    // prober sees the failure as a value and carries on with 100_000 turns
    // of its own (800_000 units). The call tree has burnt its budget, so the
    // prober must run out: a failing callee's fuel is charged like a
    // successful one's, or a tree would outlast its root's limit.
    const BUDGET: u64 = 1_000_000;
    const OWN_TURNS: u32 = 100_000;
    assert!(u64::from(OWN_TURNS) * FUEL_PER_TURN * 10 <= BUDGET * 8);

    let engine = fuel_engine();
    let work = worker(&engine, |p| p);
    let probe = prober(&engine, &work, |p| p.with_fuel_limiter(|_, _, _| BUDGET));
    // Without the callee, the prober's own loop fits.
    let stopped_at_once = worker(&engine, |p| p.with_fuel_limiter(|_, _, _| 0));
    let control = prober(&engine, &stopped_at_once, |p| {
        p.with_fuel_limiter(|_, _, _| BUDGET)
    });
    assert_eq!(
        try_spin(&control, OWN_TURNS).expect("a callee that burns nothing costs nothing"),
        (SAW_FUEL_EXHAUSTED, "worker".to_owned())
    );

    let outcome = try_spin(&probe, OWN_TURNS);
    let error = outcome.expect_err(
        "the worker burnt the prober's budget before failing, so the prober's own loop runs out",
    );
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_site(&error, ("prober", "probe", "try-spin"));
}

#[test]
fn fuel_a_failed_callee_burnt_is_still_charged_to_its_caller_through_a_typed_socket() {
    // As above, with the worker linked through typed forwarding (what a
    // `bind!` group's `socket()` gives), which has its own call path.
    const BUDGET: u64 = 1_000_000;
    const OWN_TURNS: u32 = 100_000;
    let engine = fuel_engine();
    let work = worker(&engine, |p| p);
    let typed = wasm_link::__private::TypedSocket::new(&work)
        .forward::<(), (u32,)>("work", "spin")
        .into_socket();
    let instance = plugin(&engine, "call_tree/prober.wat")
        .with_name("prober")
        .with_fuel_limiter(|_, _, _| BUDGET)
        .link(&engine, linker(&engine), [typed])
        .expect("the prober links to the typed socket");
    let probe: One = Binding::new(
        "test:call-tree",
        interfaces("probe", plain_interface(&["try-spin"])),
        ExactlyOne("prober".to_owned(), instance),
    );
    let error = try_spin(&probe, OWN_TURNS).expect_err(
        "the worker burnt the prober's budget before failing, so the prober's own loop runs out",
    );
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_site(&error, ("prober", "probe", "try-spin"));
}

// ----- Epoch deadlines along a call tree --------------------------------------

#[test]
fn callee_without_epoch_limiter_runs_on_its_callers_deadline_and_is_stopped_by_it() {
    let engine = epoch_engine();
    let _ticker = Ticker::start(&engine, Duration::from_millis(5));
    let work = worker(&engine, |p| p);
    let front = caller(&engine, &work, |p| p.with_epoch_limiter(|_, _, _| 5));

    assert_eq!(
        relay_burn(&front, 10, 10).expect("a quick call fits in five ticks"),
        Val::U32(10)
    );
    // About 25 ms; a callee that escaped the caller's deadline would hang.
    let error = relay_spin(&front).expect_err("the caller's deadline ends the endless loop");
    assert_caller_trapped_by_worker(
        &error,
        "relay-spin",
        |cause| matches!(cause, DispatchError::DeadlineExceeded(_)),
        "exceeded its epoch deadline",
    );

    let error = answer(&work).expect_err("the worker passed its deadline");
    assert!(matches!(error, DispatchError::Unusable(_)), "{error:?}");
    assert_site(&error, ("worker", "work", "answer"));
    work.restart(&"worker".to_owned(), Ctx::new())
        .expect("the worker restarts");
    assert_eq!(
        answer(&work).expect("the restarted worker answers"),
        Val::U32(1)
    );
}

#[test]
fn callee_own_epoch_limit_applies_when_smaller_than_its_callers_deadline() {
    let engine = epoch_engine();
    let _ticker = Ticker::start(&engine, Duration::from_millis(1));
    let work = worker(&engine, |p| p.with_epoch_limiter(|_, _, _| 3));
    // The prober's deadline never comes: only the worker's own can end it.
    let probe = prober(&engine, &work, |p| p.with_epoch_limiter(|_, _, _| u64::MAX));
    assert_eq!(
        try_spin(&probe, 0).expect("the prober carries on after the worker's failure"),
        (SAW_DEADLINE_EXCEEDED, "worker".to_owned())
    );
}

/// A linker defining test:call-tree/clock: `tick` advances `engine`'s epoch.
fn clock_linker(engine: &Engine) -> Linker<Ctx> {
    let mut linker = linker(engine);
    let clock = engine.clone();
    linker
        .instance("test:call-tree/clock")
        .expect("the clock instance")
        .func_wrap("tick", move |_, (): ()| {
            clock.increment_epoch();
            Ok(())
        })
        .expect("tick");
    linker
}

#[test]
fn epoch_ticks_a_callee_spends_are_charged_to_its_caller() {
    // No ticker: the plugins advance the epoch themselves, one tick per
    // `tick()` with an epoch check after each, so the ticks each side spends
    // are exact. The caller gets 10 ticks per call and spends `m` itself
    // after the callee (no limiter) spent `n`: one more tick counts on the
    // caller's side for the time the callee ran, so 6 and 6 are 6 + 1 + 6 =
    // 13 ticks charged (3 over), and would be 1 + 6 = 7 (3 under) if the
    // callee's ticks were not charged.
    const DEADLINE: u64 = 10;
    const TICKS: u32 = 6;
    let engine = epoch_engine();
    let ticking = plugin(&engine, "call_tree/ticking_worker.wat")
        .instantiate(&engine, &clock_linker(&engine))
        .expect("the ticking worker instantiates");
    let ticking: One = Binding::new(
        "test:call-tree",
        interfaces("ticking", plain_interface(&["tick-times"])),
        ExactlyOne("ticking".to_owned(), ticking),
    );
    let front = plugin(&engine, "call_tree/ticking_caller.wat")
        .with_epoch_limiter(|_, _, _| DEADLINE)
        .link(&engine, clock_linker(&engine), [&ticking])
        .expect("the ticking caller links");
    let front: One = Binding::new(
        "test:call-tree",
        interfaces("ticking-front", plain_interface(&["relay-ticks"])),
        ExactlyOne("caller".to_owned(), front),
    );
    let relay = |n: u32, m: u32| {
        call(
            &front,
            "ticking-front",
            "relay-ticks",
            &[Val::U32(n), Val::U32(m)],
        )
    };

    assert_eq!(
        relay(TICKS, 0).expect("the callee's part alone fits"),
        Val::U32(TICKS)
    );
    assert_eq!(
        relay(0, TICKS).expect("the caller's part alone fits"),
        Val::U32(0)
    );
    let error = relay(TICKS, TICKS).expect_err("both parts do not fit in one deadline");
    assert!(
        matches!(error, DispatchError::DeadlineExceeded(_)),
        "the caller itself passes its deadline: {error:?}"
    );
    assert_site(&error, ("caller", "ticking-front", "relay-ticks"));
}

// ----- Any limiter value is safe ----------------------------------------------

#[test]
fn fuel_limiters_answering_u64_max_are_safe_along_a_call_tree() {
    let engine = fuel_engine();
    let work = worker(&engine, |p| p.with_fuel_limiter(|_, _, _| u64::MAX));
    let front = caller(&engine, &work, |p| p.with_fuel_limiter(|_, _, _| u64::MAX));
    assert_eq!(
        burn(&work, 100_000).expect("a host call"),
        Val::U32(100_000)
    );
    assert_eq!(
        relay_burn(&front, 100_000, 100_000).expect("a call through the socket"),
        Val::U32(100_000)
    );

    // Initial fuel of u64::MAX as a lifetime budget, under such a caller.
    let lifetime = worker(&engine, |p| p.with_initial_fuel(u64::MAX));
    let front = caller(&engine, &lifetime, |p| {
        p.with_fuel_limiter(|_, _, _| u64::MAX)
    });
    for _ in 0..3 {
        assert_eq!(
            relay_burn(&front, 100_000, 100_000).expect("a call through the socket"),
            Val::U32(100_000)
        );
    }
}

#[test]
fn epoch_limiters_answering_u64_max_are_safe_along_a_call_tree() {
    let engine = epoch_engine();
    // A deadline of u64::MAX ticks added to an epoch past 0 would overflow.
    for _ in 0..3 {
        engine.increment_epoch();
    }
    let _ticker = Ticker::start(&engine, Duration::from_millis(1));
    let work = worker(&engine, |p| p.with_epoch_limiter(|_, _, _| u64::MAX));
    let front = caller(&engine, &work, |p| p.with_epoch_limiter(|_, _, _| u64::MAX));
    // 2_000_000 turns take milliseconds: the epoch moves on during the calls.
    assert_eq!(
        burn(&work, 2_000_000).expect("a host call"),
        Val::U32(2_000_000)
    );
    for _ in 0..3 {
        assert_eq!(
            relay_burn(&front, 2_000_000, 2_000_000).expect("a call through the socket"),
            Val::U32(2_000_000)
        );
    }
}

/// A limiter answering zero (set by `zero`) stops a call at once, made by
/// the host or through a socket, with the error `stopped` accepts; the
/// worker behind a caller stopped this way is never entered.
fn zero_limit_stops_at_once(
    engine: &Engine,
    zero: fn(Plugin<Ctx>) -> Plugin<Ctx>,
    stopped: fn(&DispatchError) -> bool,
) {
    let work = worker(engine, zero);
    let error = call(&work, "work", "spin", &[]).expect_err("no budget at all");
    assert!(stopped(&error), "{error:?}");
    assert_site(&error, ("worker", "work", "spin"));

    let work = worker(engine, |p| p);
    let front = caller(engine, &work, zero);
    let error = relay_spin(&front).expect_err("no budget at all");
    assert!(
        stopped(&error),
        "the caller stops before it calls: {error:?}"
    );
    assert_site(&error, ("caller", "front", "relay-spin"));
    assert_eq!(
        answer(&work).expect("the worker was never entered"),
        Val::U32(1)
    );
}

#[test]
fn fuel_limiter_answering_zero_stops_the_call_at_once() {
    zero_limit_stops_at_once(
        &fuel_engine(),
        |p| p.with_fuel_limiter(|_, _, _| 0),
        |e| matches!(e, DispatchError::FuelExhausted(_)),
    );
}

#[test]
fn epoch_limiter_answering_zero_stops_the_call_at_once() {
    // No ticker: only a deadline of zero ticks can end these endless loops.
    zero_limit_stops_at_once(
        &epoch_engine(),
        |p| p.with_epoch_limiter(|_, _, _| 0),
        |e| matches!(e, DispatchError::DeadlineExceeded(_)),
    );
}

// ----- Start-up is bounded ------------------------------------------------------

/// Asserts that start-up failed with `LinkError::Instantiate` caused by `trap`.
fn assert_start_up_trapped<C: PluginContext>(
    result: Result<PluginInstance<C>, LinkError>,
    trap: Trap,
) {
    let Err(error) = result else {
        panic!("an endless start-up cannot succeed");
    };
    let LinkError::Instantiate { source, .. } = &error else {
        panic!("expected LinkError::Instantiate, got {error:?}");
    };
    assert_eq!(source.downcast_ref::<Trap>(), Some(&trap), "{source:?}");
}

#[test]
fn endless_start_up_on_a_fuel_engine_fails_with_the_default_start_up_fuel() {
    // DEFAULT_STARTUP_FUEL (1e9 units) of a one-instruction loop: about a
    // second; instantiate and link both stop.
    let limit = Duration::from_secs(20);
    let engine = fuel_engine();
    let endless = component(&engine, "call_tree/endless.wat");
    let (e, c) = (engine.clone(), endless.clone());
    within("instantiate", limit, move || {
        assert_start_up_trapped(
            Plugin::new(c, Ctx::new()).instantiate(&e, &linker(&e)),
            Trap::OutOfFuel,
        );
    });
    within("link", limit, move || {
        assert_start_up_trapped(
            Plugin::new(endless, Ctx::new()).link(&engine, linker(&engine), Vec::<Socket>::new()),
            Trap::OutOfFuel,
        );
    });
}

#[test]
fn endless_start_up_on_an_epoch_engine_fails_at_its_start_up_deadline() {
    let engine = epoch_engine();
    let _ticker = Ticker::start(&engine, Duration::from_millis(1));
    let endless = component(&engine, "call_tree/endless.wat");
    let (e, c) = (engine.clone(), endless.clone());
    within("instantiate", HANG, move || {
        assert_start_up_trapped(
            Plugin::new(c, Ctx::new())
                .with_startup_deadline(3)
                .instantiate(&e, &linker(&e)),
            Trap::Interrupt,
        );
    });
    within("link", HANG, move || {
        assert_start_up_trapped(
            Plugin::new(endless, Ctx::new())
                .with_startup_deadline(3)
                .link(&engine, linker(&engine), Vec::<Socket>::new()),
            Trap::Interrupt,
        );
    });
}

#[test]
fn endless_start_up_on_an_epoch_engine_fails_at_the_default_start_up_deadline() {
    let engine = epoch_engine();
    let period = Duration::from_millis(1);
    let _ticker = Ticker::start(&engine, period);
    let endless = component(&engine, "call_tree/endless.wat");
    let started = Instant::now();
    // DEFAULT_STARTUP_TICKS of at least a millisecond each: about a second.
    within("instantiate", Duration::from_secs(20), move || {
        assert_start_up_trapped(
            Plugin::new(endless, Ctx::new()).instantiate(&engine, &linker(&engine)),
            Trap::Interrupt,
        );
    });
    let took = started.elapsed();
    // Ticks come no faster than the ticker sleeps: the default deadline, not
    // a shorter one, ended it.
    let ticks = u32::try_from(DEFAULT_STARTUP_TICKS).expect("a small default");
    assert!(
        took >= period * (ticks - 1),
        "start-up ended after {took:?}, before {DEFAULT_STARTUP_TICKS} ticks"
    );
}

// ----- Restart never holds callers up -------------------------------------------

/// restartable.wat's context: whether its start-up must loop forever, and
/// where to say that start-up has begun.
struct StartCtx {
    table: ResourceTable,
    endless: bool,
    started: mpsc::Sender<()>,
}

impl PluginContext for StartCtx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

impl StartCtx {
    fn new(endless: bool, started: mpsc::Sender<()>) -> Self {
        Self {
            table: ResourceTable::new(),
            endless,
            started,
        }
    }
}

/// A linker defining test:call-tree/control from the context.
fn control_linker(engine: &Engine) -> Linker<StartCtx> {
    let mut linker = Linker::new(engine);
    linker
        .instance("test:call-tree/control")
        .expect("the control instance")
        .func_wrap(
            "should-loop",
            |store: StoreContextMut<'_, StartCtx>, (): ()| {
                let ctx = store.data();
                let _ = ctx.started.send(());
                Ok((ctx.endless,))
            },
        )
        .expect("should-loop");
    linker
}

#[test]
fn restart_with_an_endless_start_up_fails_and_never_holds_up_callers_of_the_old_instance() {
    // The new instance's start-up loops until its deadline: at least
    // STARTUP_TICKS milliseconds. A call that waited for it would take about
    // that long; one answered by the old instance takes microseconds. The
    // calls are given half of it.
    const STARTUP_TICKS: u64 = 2_000;
    let period = Duration::from_millis(1);
    let patience = period * 1_000;

    let engine = epoch_engine();
    let _ticker = Ticker::start(&engine, period);
    let (started, starting) = mpsc::channel();
    let instance = Plugin::new(
        component(&engine, "call_tree/restartable.wat"),
        StartCtx::new(false, started.clone()),
    )
    .with_startup_deadline(STARTUP_TICKS)
    .instantiate(&engine, &control_linker(&engine))
    .expect("a start-up that does not loop");
    starting.recv().expect("the first start-up asked");
    let work: One<StartCtx> = Binding::new(
        "test:call-tree",
        interfaces("work", plain_interface(&["answer"])),
        ExactlyOne("restartable".to_owned(), instance),
    );
    assert_eq!(answer(&work).expect("the first instance"), Val::U32(1));

    let restarting = work.clone();
    let restarter = std::thread::spawn(move || {
        restarting
            .restart(&"restartable".to_owned(), StartCtx::new(true, started))
            .err()
    });
    starting
        .recv_timeout(HANG)
        .expect("the new instance's start-up begins");

    // The old instance answers while the new one is starting: its count goes
    // on (a new instance would start again at 1).
    for expected in 2..=6 {
        let work = work.clone();
        let answered = within("a call during the restart", patience, move || answer(&work));
        assert_eq!(
            answered.expect("the old instance answers"),
            Val::U32(expected)
        );
    }
    assert!(
        !restarter.is_finished(),
        "the calls were answered while the new instance was still starting"
    );

    let failure = within("the restart", Duration::from_secs(20), move || {
        restarter.join().expect("the restart does not panic")
    });
    let error = failure.expect("an endless start-up fails the restart");
    let LinkError::Instantiate { source, .. } = &error else {
        panic!("expected LinkError::Instantiate, got {error:?}");
    };
    assert_eq!(
        source.downcast_ref::<Trap>(),
        Some(&Trap::Interrupt),
        "{source:?}"
    );
    assert_eq!(
        answer(&work).expect("the old instance keeps serving"),
        Val::U32(7)
    );
}

// ----- Initial fuel without a limiter is a lifetime budget ----------------------

#[test]
fn initial_fuel_without_a_fuel_limiter_is_a_lifetime_budget_that_restart_renews() {
    // primed.wat's start-up burns 50_000 turns (400_009 units, measured) of
    // its 1_000_000 units of initial fuel; each call of burn(10_000) costs
    // 80_004. What start-up left fits 7 calls (7.5 would), the 8th runs out;
    // were start-up not charged to the lifetime budget, 12 would fit.
    const INITIAL: u64 = 1_000_000;
    const START_UP_TURNS: u64 = 50_000;
    const TURNS: u32 = 10_000;
    let fits = (INITIAL - START_UP_TURNS * FUEL_PER_TURN) / (u64::from(TURNS) * FUEL_PER_TURN);
    assert_eq!(fits, 7);

    let engine = fuel_engine();
    let instance = plugin(&engine, "call_tree/primed.wat")
        .with_initial_fuel(INITIAL)
        .instantiate(&engine, &linker(&engine))
        .expect("start-up fits in the initial fuel");
    let work: One = Binding::new(
        "test:call-tree",
        interfaces("work", plain_interface(&["burn", "answer"])),
        ExactlyOne("primed".to_owned(), instance),
    );
    for life in ["first instance", "restarted instance"] {
        let mut calls = 0;
        let error = loop {
            match burn(&work, TURNS) {
                Ok(value) => assert_eq!(value, Val::U32(TURNS)),
                Err(error) => break error,
            }
            calls += 1;
            assert!(
                calls <= 100,
                "{life}: calls are refilled, not a lifetime budget"
            );
        };
        assert_eq!(calls, fits, "{life}: calls before the fuel ran out");
        assert!(
            matches!(error, DispatchError::FuelExhausted(_)),
            "{life}: {error:?}"
        );
        assert_site(&error, ("primed", "work", "burn"));
        let error = answer(&work).expect_err("a plugin that ran out of fuel");
        assert!(
            matches!(error, DispatchError::Unusable(_)),
            "{life}: {error:?}"
        );
        assert_site(&error, ("primed", "work", "answer"));

        work.restart(&"primed".to_owned(), Ctx::new())
            .expect("restart gives the initial fuel again");
    }
}

#[test]
fn fuel_limiter_grants_its_budget_afresh_to_every_call_despite_initial_fuel() {
    // 30 calls of 80_000 units: more than twice the initial fuel in all,
    // each within the limiter's 100_000.
    let engine = fuel_engine();
    let work = worker(&engine, |p| {
        p.with_initial_fuel(1_000_000)
            .with_fuel_limiter(|_, _, _| 100_000)
    });
    for _ in 0..30 {
        assert_eq!(
            burn(&work, 10_000).expect("a call within its budget"),
            Val::U32(10_000)
        );
    }
    // 160_000 units: over the per-call budget, though the initial fuel would
    // have covered it.
    let error = burn(&work, 20_000).expect_err("over the per-call budget");
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_site(&error, ("worker", "work", "burn"));
}

#[test]
fn plugin_without_fuel_limits_runs_calls_unmetered_on_a_fuel_engine() {
    // One call burning more than the default start-up fuel: it is not the
    // plugin's lifetime budget when no initial fuel was set.
    const TURNS: u32 = 150_000_000;
    assert!(u64::from(TURNS) * FUEL_PER_TURN > DEFAULT_STARTUP_FUEL);
    let engine = fuel_engine();
    let work = worker(&engine, |p| p);
    assert_eq!(
        burn(&work, TURNS).expect("an unmetered call"),
        Val::U32(TURNS)
    );
    assert_eq!(burn(&work, TURNS).expect("and another"), Val::U32(TURNS));
}
