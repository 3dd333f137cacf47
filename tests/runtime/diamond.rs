//! A diamond: one counter binding, cloned, is the socket of two plugins
//! (`left`, `right`), which are the sockets of `top`. The shared plugin is
//! one instance: every path reaches the same counter, also from many threads.

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use wasm_link::{Binding, Engine, ExactlyOne, PluginInstance, Val};

use crate::common::{Ctx, interfaces, linker, plain_interface, plugin};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

struct Diamond {
    counter: One,
    left: One,
    right: One,
    top: One,
}

fn diamond() -> Diamond {
    let engine = Engine::default();
    let one = |id: &str, interface: &str, functions: &[&str], instance| {
        Binding::new(
            "test:diamond",
            interfaces(interface, plain_interface(functions)),
            ExactlyOne(id.to_owned(), instance),
        )
    };
    let counter = plugin(&engine, "diamond/counter.wat")
        .instantiate(&engine, &linker(&engine))
        .unwrap();
    let counter = one("counter", "counter", &["bump", "count"], counter);
    // Both branches get a clone of the one counter binding.
    let left = plugin(&engine, "diamond/left.wat")
        .link(&engine, linker(&engine), [counter.clone()])
        .unwrap();
    let left = one("left", "left", &["left"], left);
    let right = plugin(&engine, "diamond/right.wat")
        .link(&engine, linker(&engine), [counter.clone()])
        .unwrap();
    let right = one("right", "right", &["right"], right);
    let top = plugin(&engine, "diamond/top.wat")
        .link(&engine, linker(&engine), [left.clone(), right.clone()])
        .unwrap();
    let top = one("top", "top", &["run"], top);
    Diamond {
        counter,
        left,
        right,
        top,
    }
}

/// Calls the binding's only plugin and returns its value.
fn call(binding: &One, interface: &str, function: &str, args: &[Val]) -> Result<Val, String> {
    let ExactlyOne(_, result) = binding
        .dispatch(interface, function, args)
        .map_err(|e| e.to_string())?;
    result.map_err(|e| e.to_string())
}

fn count(diamond: &Diamond) -> Val {
    call(&diamond.counter, "counter", "count", &[]).unwrap()
}

#[test]
fn both_branches_reach_the_one_shared_plugin() {
    let diamond = diamond();
    assert_eq!(
        call(&diamond.top, "top", "run", &[Val::U32(4)]).unwrap(),
        Val::U32(25)
    );
    // One run bumped the shared counter once through each branch.
    assert_eq!(count(&diamond), Val::U32(2));
    assert_eq!(
        call(&diamond.left, "left", "left", &[Val::U32(1)]).unwrap(),
        Val::U32(4)
    );
    assert_eq!(
        call(&diamond.right, "right", "right", &[Val::U32(1)]).unwrap(),
        Val::U32(6)
    );
    assert_eq!(
        call(&diamond.counter, "counter", "bump", &[Val::U32(1)]).unwrap(),
        Val::U32(2)
    );
    assert_eq!(count(&diamond), Val::U32(5));
}

#[test]
fn concurrent_dispatch_through_the_diamond_loses_no_call() {
    const TOP_THREADS: u32 = 4;
    /// Threads per branch, and threads calling the shared counter itself.
    const SIDE_THREADS: u32 = 2;
    const CALLS: u32 = 200;

    let diamond = Arc::new(diamond());
    let threads = TOP_THREADS + 3 * SIDE_THREADS;
    let start = Arc::new(Barrier::new(threads as usize));
    let (done, finished) = mpsc::channel::<(u32, Result<(), String>)>();
    for thread in 0..threads {
        let (diamond, start, done) = (Arc::clone(&diamond), Arc::clone(&start), done.clone());
        std::thread::spawn(move || {
            // Threads enter at the top, at a branch or at the counter, so
            // that every plugin is entered from several places at once.
            let (binding, interface, function, factor) = match thread {
                t if t < TOP_THREADS => (&diamond.top, "top", "run", 5),
                t => match (t - TOP_THREADS) % 3 {
                    0 => (&diamond.left, "left", "left", 2),
                    1 => (&diamond.right, "right", "right", 3),
                    _ => (&diamond.counter, "counter", "bump", 1),
                },
            };
            start.wait();
            let outcome = (0..CALLS).try_for_each(|i| {
                let x = thread * 1000 + i;
                match call(binding, interface, function, &[Val::U32(x)]) {
                    Ok(Val::U32(n)) if n == factor * (x + 1) => Ok(()),
                    other => Err(format!("call {i} of thread {thread}: {other:?}")),
                }
            });
            let _ = done.send((thread, outcome));
        });
    }
    drop(done);

    // A generous deadline, so that a deadlock fails the test instead of
    // hanging it.
    let deadline = Instant::now() + Duration::from_mins(2);
    for _ in 0..threads {
        let left = deadline.saturating_duration_since(Instant::now());
        let (thread, outcome) = finished
            .recv_timeout(left)
            .expect("threads did not finish: deadlock or lost wake-up");
        outcome.unwrap_or_else(|e| panic!("thread {thread} failed: {e}"));
    }
    // Every top call bumps twice, every other call once.
    let expected = TOP_THREADS * CALLS * 2 + 3 * SIDE_THREADS * CALLS;
    assert_eq!(count(&diamond), Val::U32(expected));
}
