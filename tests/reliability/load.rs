//! Load: eight threads call through the `runtime` binary's diamond at once
//! (`tests/runtime/diamond/`: one counter plugin shared by `left` and
//! `right`, both sockets of `top`), 10,000 calls each. Every call returns the
//! right value, none fails, nothing deadlocks, and the shared counter counts
//! every bump exactly once.

use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

use wasm_link::{Binding, Engine, ExactlyOne, Linker, Plugin, PluginInstance, Val};

use crate::common::{Ctx, component, engine, interfaces, plain_interface, runtime};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// Threads, and calls per thread.
const THREADS: u32 = 8;
const CALLS: u32 = 10_000;
/// A deadline far above the run time (about 3 s in a debug build on two
/// busy cores), so that a deadlock fails the test instead of hanging it.
const DEADLINE: Duration = Duration::from_mins(3);

struct Diamond {
    counter: One,
    left: One,
    right: One,
    top: One,
}

fn diamond(engine: &Engine) -> Diamond {
    let one = |id: &str, interface: &str, functions: &[&str], instance| {
        Binding::new(
            "test:diamond",
            interfaces(interface, plain_interface(functions)),
            ExactlyOne(id.to_owned(), instance),
        )
    };
    let plugin = |file: &str| {
        Plugin::new(
            component(engine, &runtime(&format!("diamond/{file}"))),
            Ctx::new(),
        )
    };
    let counter = plugin("counter.wat")
        .instantiate(engine, &Linker::new(engine))
        .expect("counter instantiates");
    let counter = one("counter", "counter", &["bump", "count"], counter);
    let left = plugin("left.wat")
        .link(engine, Linker::new(engine), [counter.clone()])
        .expect("left links");
    let left = one("left", "left", &["left"], left);
    let right = plugin("right.wat")
        .link(engine, Linker::new(engine), [counter.clone()])
        .expect("right links");
    let right = one("right", "right", &["right"], right);
    let top = plugin("top.wat")
        .link(engine, Linker::new(engine), [left.clone(), right.clone()])
        .expect("top links");
    let top = one("top", "top", &["run"], top);
    Diamond {
        counter,
        left,
        right,
        top,
    }
}

/// What thread `thread` calls: half enter at the top (two bumps per call,
/// holding `top` while `left` and `right` run), the others at a branch (one
/// bump), so that the shared counter is entered from several threads at once.
/// Returns the binding, interface, function, the factor of the result
/// (`run(x)` is `5 * (x + 1)`) and the bumps per call.
fn entry(diamond: &Diamond, thread: u32) -> (&One, &'static str, &'static str, u32, u32) {
    match thread % 4 {
        0 | 1 => (&diamond.top, "top", "run", 5, 2),
        2 => (&diamond.left, "left", "left", 2, 1),
        _ => (&diamond.right, "right", "right", 3, 1),
    }
}

/// Starts the `THREADS` calling threads: each waits at `start`, makes
/// `calls` calls at its entry point, checking every answer, and reports on
/// `done` with its number.
fn spawn_callers(
    diamond: &Arc<Diamond>,
    calls: u32,
    start: &Arc<Barrier>,
    done: &mpsc::Sender<(u32, Result<(), String>)>,
) {
    for thread in 0..THREADS {
        let (diamond, start, done) = (Arc::clone(diamond), Arc::clone(start), done.clone());
        std::thread::spawn(move || {
            let (binding, interface, function, factor, _) = entry(&diamond, thread);
            start.wait();
            let outcome = (0..calls).try_for_each(|i| {
                let x = thread * calls + i;
                match binding.dispatch(interface, function, &[Val::U32(x)]) {
                    Ok(ExactlyOne(_, Ok(Val::U32(n)))) if n == factor * (x + 1) => Ok(()),
                    Ok(ExactlyOne(_, other)) => {
                        Err(format!("call {i} of thread {thread}: {other:?}"))
                    }
                    Err(e) => Err(format!("call {i} of thread {thread}: {e}")),
                }
            });
            let _ = done.send((thread, outcome));
        });
    }
}

#[test]
fn eight_threads_through_a_diamond_lose_no_call() {
    let engine = engine();
    let diamond = Arc::new(diamond(&engine));
    let start = Arc::new(Barrier::new(THREADS as usize));
    let (done, finished) = mpsc::channel::<(u32, Result<(), String>)>();
    let began = Instant::now();
    spawn_callers(&diamond, CALLS, &start, &done);
    drop(done);

    let deadline = began + DEADLINE;
    for _ in 0..THREADS {
        let left = deadline.saturating_duration_since(Instant::now());
        let (thread, outcome) = finished.recv_timeout(left).unwrap_or_else(|_| {
            panic!("threads still running after {DEADLINE:?}: deadlock or lost wake-up")
        });
        outcome.unwrap_or_else(|e| panic!("thread {thread} failed: {e}"));
    }
    let elapsed = began.elapsed();

    let expected: u32 = (0..THREADS).map(|t| entry(&diamond, t).4 * CALLS).sum();
    let ExactlyOne(_, count) = diamond
        .counter
        .dispatch("counter", "count", &[])
        .expect("dispatch");
    assert_eq!(
        count.expect("count"),
        Val::U32(expected),
        "every bump is counted exactly once"
    );
    eprintln!(
        "{} calls through the diamond in {elapsed:?} ({expected} bumps of the shared counter)",
        THREADS * CALLS
    );
}

#[test]
fn restarting_the_branches_while_eight_threads_call_through_them_loses_no_call() {
    const CALLS: u32 = 2_000;
    const RESTARTS: u32 = 200;
    let engine = engine();
    let diamond = Arc::new(diamond(&engine));
    let start = Arc::new(Barrier::new(THREADS as usize + 1));
    let (done, finished) = mpsc::channel::<(u32, Result<(), String>)>();
    let began = Instant::now();
    spawn_callers(&diamond, CALLS, &start, &done);
    // The branches hold no state: restarting them in the middle of calls
    // (waiting for the call in progress, swapping in a fresh instance) must
    // be invisible to every caller.
    {
        let (diamond, start, done) = (Arc::clone(&diamond), Arc::clone(&start), done.clone());
        std::thread::spawn(move || {
            start.wait();
            let outcome = (0..RESTARTS).try_for_each(|i| {
                let (binding, id) = if i % 2 == 0 {
                    (&diamond.left, "left")
                } else {
                    (&diamond.right, "right")
                };
                binding
                    .restart(&id.to_owned(), Ctx::new())
                    .map_err(|e| format!("restart {i} of {id}: {e}"))
            });
            let _ = done.send((THREADS, outcome));
        });
    }
    drop(done);

    let deadline = began + DEADLINE;
    for _ in 0..=THREADS {
        let left = deadline.saturating_duration_since(Instant::now());
        let (thread, outcome) = finished.recv_timeout(left).unwrap_or_else(|_| {
            panic!("threads still running after {DEADLINE:?}: deadlock or lost wake-up")
        });
        outcome.unwrap_or_else(|e| panic!("thread {thread} failed: {e}"));
    }
    let expected: u32 = (0..THREADS).map(|t| entry(&diamond, t).4 * CALLS).sum();
    let ExactlyOne(_, count) = diamond
        .counter
        .dispatch("counter", "count", &[])
        .expect("dispatch");
    assert_eq!(
        count.expect("count"),
        Val::U32(expected),
        "every bump is counted exactly once"
    );
}
