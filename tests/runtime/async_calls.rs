//! Async calls: `Plugin::instantiate_async`, `Plugin::link_async`,
//! `Binding::dispatch_async` and `Binding::restart_async` on tokio, through
//! the diamond, the cardinality sources, the limits worker and a chain of
//! relays (`async_calls/relay.wit`). Every test runs under a bound: a
//! deadlock fails it instead of hanging.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, OnceLock};
use std::time::Duration;

use wasm_link::{
    Any, Binding, DispatchError, Engine, ExactlyOne, LinkError, Linker, Plugin, PluginInstance, Val,
};

use crate::common::{
    Ctx, component, epoch_engine, interfaces, linker, plain_interface, plugin, within,
};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// Long enough for any step here on a loaded machine, short enough that a
/// hang fails fast.
const STEP: Duration = Duration::from_mins(1);

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}

fn multi_thread(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_time()
        .build()
        .unwrap()
}

/// Runs `test` on `runtime` on another thread, failing if it has not
/// finished within [`STEP`].
fn run<T: Send + 'static>(
    what: &str,
    runtime: impl FnOnce() -> tokio::runtime::Runtime + Send + 'static,
    test: impl AsyncFnOnce() -> T + Send + 'static,
) -> T {
    within(what, STEP, move || runtime().block_on(test()))
}

fn one(
    package: &str,
    interface: &str,
    functions: &[&str],
    id: &str,
    instance: PluginInstance<Ctx>,
) -> One {
    Binding::new(
        package,
        interfaces(interface, plain_interface(functions)),
        ExactlyOne(id.to_owned(), instance),
    )
}

async fn call(
    binding: &One,
    interface: &str,
    function: &str,
    args: &[Val],
) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = binding
        .dispatch_async(interface, function, args)
        .await
        .unwrap_or_else(|e| panic!("dispatch_async of {function} failed: {e}"));
    result
}

/// The diamond of `diamond.rs`, linked for async calls.
struct Diamond {
    counter: One,
    top: One,
}

async fn diamond(engine: &Engine) -> Diamond {
    let counter = plugin(engine, "diamond/counter.wat")
        .instantiate_async(engine, &linker(engine))
        .await
        .unwrap();
    let counter = one(
        "test:diamond",
        "counter",
        &["bump", "count"],
        "counter",
        counter,
    );
    let left = plugin(engine, "diamond/left.wat")
        .link_async(engine, linker(engine), [counter.clone()])
        .await
        .unwrap();
    let left = one("test:diamond", "left", &["left"], "left", left);
    let right = plugin(engine, "diamond/right.wat")
        .link_async(engine, linker(engine), [counter.clone()])
        .await
        .unwrap();
    let right = one("test:diamond", "right", &["right"], "right", right);
    let top = plugin(engine, "diamond/top.wat")
        .link_async(engine, linker(engine), [left, right])
        .await
        .unwrap();
    let top = one("test:diamond", "top", &["run"], "top", top);
    Diamond { counter, top }
}

#[test]
fn an_async_diamond_answers_as_the_sync_one() {
    run("an async diamond", current_thread, async || {
        let engine = Engine::default();
        let diamond = diamond(&engine).await;
        // As in diamond.rs: run(4) is 25, and bumps the shared counter once
        // through each branch.
        assert_eq!(
            call(&diamond.top, "top", "run", &[Val::U32(4)])
                .await
                .unwrap(),
            Val::U32(25)
        );
        assert_eq!(
            call(&diamond.counter, "counter", "count", &[])
                .await
                .unwrap(),
            Val::U32(2)
        );
    });
}

/// Many tasks through one diamond, all in flight at once: `tasks` runs of
/// `top`, each checked, then the shared counter, which every run bumped
/// twice.
async fn many_tasks_through_a_diamond(tasks: u32) {
    let engine = Engine::default();
    let diamond = diamond(&engine).await;
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let top = diamond.top.clone();
            tokio::spawn(async move { call(&top, "top", "run", &[Val::U32(4)]).await })
        })
        .collect();
    let mut answered = 0;
    for handle in handles {
        assert_eq!(handle.await.unwrap().unwrap(), Val::U32(25));
        answered += 1;
    }
    assert_eq!(answered, tasks);
    assert_eq!(
        call(&diamond.counter, "counter", "count", &[])
            .await
            .unwrap(),
        Val::U32(2 * tasks)
    );
}

#[test]
fn thousands_of_tasks_through_a_diamond_on_a_current_thread_runtime_all_complete() {
    run("2000 tasks on one thread", current_thread, async || {
        many_tasks_through_a_diamond(2000).await;
    });
}

#[test]
fn thousands_of_tasks_through_a_diamond_on_a_multi_threaded_runtime_all_complete() {
    run(
        "2000 tasks on two workers",
        || multi_thread(2),
        async || {
            many_tasks_through_a_diamond(2000).await;
        },
    );
}

#[test]
fn a_sync_call_into_a_plugin_linked_for_async_calls_names_dispatch_async() {
    let engine = Engine::default();
    let diamond = run("an async diamond", current_thread, async move || {
        diamond(&engine).await
    });
    let ExactlyOne(_, result) = diamond.top.dispatch("top", "run", &[Val::U32(4)]).unwrap();
    let error = result.unwrap_err();
    assert!(
        matches!(&error, DispatchError::WrongEntryPoint { help, .. } if help.contains("dispatch_async")),
        "{error}"
    );
    assert_eq!(error.site().plugin, "top");
    // Refused before it ran: the plugin is not harmed.
    let top = diamond.top.clone();
    let value = run("the async call after it", current_thread, async move || {
        call(&top, "top", "run", &[Val::U32(4)]).await
    });
    assert_eq!(value.unwrap(), Val::U32(25));
    // Its start-up must be awaited: a sync restart names the async one.
    let error = diamond
        .top
        .restart(&"top".to_owned(), Ctx::new())
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::RestartRefused { reason, .. } if reason.contains("restart_async")),
        "{error}"
    );
}

#[test]
fn an_async_call_into_a_plugin_linked_for_sync_calls_names_link_async() {
    let engine = Engine::default();
    let counter = plugin(&engine, "diamond/counter.wat")
        .instantiate(&engine, &linker(&engine))
        .unwrap();
    let counter = one(
        "test:diamond",
        "counter",
        &["bump", "count"],
        "counter",
        counter,
    );
    let left = plugin(&engine, "diamond/left.wat")
        .link(&engine, linker(&engine), [counter.clone()])
        .unwrap();
    let left = one("test:diamond", "left", &["left"], "left", left);
    run(
        "an async call into a sync-linked plugin",
        current_thread,
        async move || {
            let error = call(&left, "left", "left", &[Val::U32(1)])
                .await
                .unwrap_err();
            assert!(
                matches!(&error, DispatchError::WrongEntryPoint { help, .. } if help.contains("link_async")),
                "{error}"
            );
            // A plugin without sockets takes both.
            assert_eq!(
                call(&counter, "counter", "count", &[]).await.unwrap(),
                Val::U32(0)
            );
            let ExactlyOne(_, sync) = counter.dispatch("counter", "count", &[]).unwrap();
            assert_eq!(sync.unwrap(), Val::U32(0));
        },
    );
}

/// A linker whose `test:live/gate` `wait` awaits an async barrier for two:
/// it opens only when two calls are inside it at once.
fn async_barrier_gate(engine: &Engine) -> Linker<Ctx> {
    let barrier = Arc::new(tokio::sync::Barrier::new(2));
    let mut gate = linker(engine);
    gate.instance("test:live/gate")
        .unwrap()
        .func_wrap_async("wait", move |_, (): ()| {
            let barrier = Arc::clone(&barrier);
            Box::new(async move {
                barrier.wait().await;
                Ok(())
            })
        })
        .unwrap();
    gate
}

/// Two cardinality sources behind host gates: `value` waits at the gate
/// before it answers.
fn gated_sources(engine: &Engine) -> Vec<(String, wasm_link::Plugin<Ctx>)> {
    ["a", "b"]
        .into_iter()
        .map(|id| {
            (
                id.to_owned(),
                Plugin::new(component(engine, "live/gated.wat"), Ctx::new()),
            )
        })
        .collect()
}

type Sources = Binding<Any<String, PluginInstance<Ctx>>>;

/// The two gated sources, started with `instantiate_async` behind `gate`
/// (whose async host function makes their stores take async calls only).
async fn async_gated_sources(engine: &Engine, gate: &Linker<Ctx>) -> Sources {
    let mut members = Vec::new();
    for (id, plugin) in gated_sources(engine) {
        members.push((id, plugin.instantiate_async(engine, gate).await.unwrap()));
    }
    source_binding(members)
}

fn source_binding(members: Vec<(String, PluginInstance<Ctx>)>) -> Sources {
    Binding::new(
        "test:card",
        interfaces("source", plain_interface(&["value", "touch", "touches"])),
        Any(members.into_iter().collect()),
    )
}

/// The two gated sources behind a gate that is a blocking barrier for two:
/// it opens only when both members are inside their calls at once, on two
/// threads.
fn blocking_gated_sources(engine: &Engine) -> Sources {
    let barrier = Arc::new(Barrier::new(2));
    let mut gate = linker(engine);
    gate.instance("test:live/gate")
        .unwrap()
        .func_wrap("wait", move |_, (): ()| {
            barrier.wait();
            Ok(())
        })
        .unwrap();
    let members = gated_sources(engine)
        .into_iter()
        .map(|(id, plugin)| (id, plugin.instantiate(engine, &gate).unwrap()))
        .collect();
    source_binding(members)
}

#[test]
fn fan_out_members_run_in_parallel_on_a_multi_threaded_runtime() {
    // The gate is a barrier for two: it opens only when both members are
    // inside their calls at once, which a fan-out running them one after
    // the other never reaches (the barrier's timeout then fails the test).
    let engine = Engine::default();
    let sources = blocking_gated_sources(&engine);
    let answers = run(
        "two gated members on two workers",
        || multi_thread(2),
        async move || {
            sources
                .dispatch_async("source", "value", &[Val::U32(1)])
                .await
                .unwrap()
        },
    );
    let Any(answers) = answers;
    assert_eq!(answers.len(), 2);
    for (id, value) in answers {
        assert_eq!(value.unwrap(), Val::U32(2), "member {id}");
    }
}

#[test]
fn fan_out_members_run_concurrently_on_a_current_thread_runtime() {
    // An async gate for two: each member's call awaits it, so the second
    // member must be started while the first is suspended inside its call.
    let engine = Engine::default();
    let gate = async_barrier_gate(&engine);
    let answers = run(
        "two gated members on one thread",
        current_thread,
        async move || {
            let sources = async_gated_sources(&engine, &gate).await;
            let Any(answers) = sources
                .dispatch_async("source", "value", &[Val::U32(1)])
                .await
                .unwrap();
            // Its store takes async calls only (wasmtime's rule for async host
            // functions): a sync call is refused, and harms nothing.
            let Any(sync) = sources.dispatch("source", "touches", &[]).unwrap();
            for (id, refused) in sync {
                let error = refused.unwrap_err();
                assert!(
                    matches!(error, DispatchError::WrongEntryPoint { .. }),
                    "{id}: {error}"
                );
            }
            let Any(after) = sources
                .dispatch_async("source", "touches", &[])
                .await
                .unwrap();
            assert!(after.into_values().all(|v| v.unwrap() == Val::U32(0)));
            answers
        },
    );
    assert_eq!(answers.len(), 2);
    assert!(
        answers
            .into_values()
            .all(|value| value.unwrap() == Val::U32(2))
    );
}

/// Increments `engine`'s epoch every millisecond until the returned flag is
/// set.
fn ticker(engine: &Engine) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let (engine, stopped) = (engine.clone(), Arc::clone(&stop));
    std::thread::spawn(move || {
        while !stopped.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(1));
            engine.increment_epoch();
        }
    });
    stop
}

fn worker(engine: &Engine, ticks: u64) -> Plugin<Ctx> {
    plugin(engine, "limits/work.wat").with_epoch_limiter(move |_, _, _| ticks)
}

fn work(instance: PluginInstance<Ctx>) -> One {
    one(
        "test:limits",
        "work",
        &["spin", "burn", "cheap", "grow"],
        "worker",
        instance,
    )
}

#[test]
fn a_looping_plugin_yields_at_every_tick_so_a_quick_call_finishes_on_the_same_thread() {
    let engine = epoch_engine();
    let stop = ticker(&engine);
    run(
        "a loop beside a quick call",
        current_thread,
        async move || {
            // 500 ticks of about a millisecond: the loop runs for half a second.
            let looping = work(
                worker(&engine, 500)
                    .instantiate_async(&engine, &linker(&engine))
                    .await
                    .unwrap(),
            );
            let quick = work(
                worker(&engine, 500)
                    .instantiate_async(&engine, &linker(&engine))
                    .await
                    .unwrap(),
            );
            let spinning = tokio::spawn(async move { call(&looping, "work", "spin", &[]).await });
            // Let the loop start.
            tokio::task::yield_now().await;
            assert_eq!(
                call(&quick, "work", "cheap", &[Val::U32(1)]).await.unwrap(),
                Val::U32(2)
            );
            assert!(
                !spinning.is_finished(),
                "the quick call waited for the loop"
            );
            // The loop still traps at its deadline.
            let error = spinning.await.unwrap().unwrap_err();
            assert!(
                matches!(error, DispatchError::DeadlineExceeded(_)),
                "{error}"
            );
        },
    );
    stop.store(true, Ordering::Relaxed);
}

#[test]
fn a_member_replaced_from_async_code_mid_call_never_waits_for_the_call() {
    let engine = epoch_engine();
    let stop = ticker(&engine);
    run(
        "a replacement beside a running call",
        current_thread,
        async move || {
            let instance = async || {
                worker(&engine, 500)
                    .instantiate_async(&engine, &linker(&engine))
                    .await
                    .unwrap()
            };
            let binding = work(instance().await);
            let looping = binding.clone();
            let spinning = tokio::spawn(async move { call(&looping, "work", "spin", &[]).await });
            tokio::task::yield_now().await;
            // On the executor's only thread, while the old instance runs:
            // the change does not wait for it (there is no async twin to
            // need), and the next call reaches the newcomer at once.
            binding
                .replace(&"worker".to_owned(), instance().await)
                .unwrap();
            assert_eq!(
                call(&binding, "work", "cheap", &[Val::U32(1)])
                    .await
                    .unwrap(),
                Val::U32(2)
            );
            assert!(!spinning.is_finished(), "the change waited for the call");
            // The call in flight finishes on the instance it started on.
            let error = spinning.await.unwrap().unwrap_err();
            assert!(
                matches!(error, DispatchError::DeadlineExceeded(_)),
                "{error}"
            );
        },
    );
    stop.store(true, Ordering::Relaxed);
}

/// A chain of `depth` relays in front of a worker: the bindings from the
/// worker's up to the outermost relay's.
async fn chain(engine: &Engine, depth: usize) -> Vec<One> {
    let worker = worker(engine, u64::MAX)
        .instantiate_async(engine, &linker(engine))
        .await
        .unwrap();
    let mut chain = vec![work(worker)];
    for link in 0..depth {
        let fixture = if link == 0 {
            "async_calls/relay_work.wat"
        } else {
            "async_calls/relay_relay.wat"
        };
        let relay = plugin(engine, fixture)
            .link_async(engine, linker(engine), [chain[link].clone()])
            .await
            .unwrap();
        chain.push(one(
            "test:async",
            "relay",
            &["spin", "cheap"],
            &format!("relay{link}"),
            relay,
        ));
    }
    chain
}

/// The interface a link of a chain exports.
fn interface_of(link: usize) -> &'static str {
    if link == 0 { "work" } else { "relay" }
}

#[test]
fn a_call_timed_out_at_any_depth_leaves_its_chain_unusable_until_restart_and_nothing_else() {
    let engine = epoch_engine();
    let stop = ticker(&engine);
    run("timeouts along a chain", current_thread, async move || {
        for depth in 0..3 {
            let chain = chain(&engine, depth).await;
            let outside = work(
                worker(&engine, u64::MAX)
                    .instantiate_async(&engine, &linker(&engine))
                    .await
                    .unwrap(),
            );
            let entry = &chain[depth];
            let timed_out = tokio::time::timeout(
                Duration::from_millis(50),
                call(entry, interface_of(depth), "spin", &[]),
            )
            .await;
            assert!(
                timed_out.is_err(),
                "depth {depth}: the loop ended on its own"
            );
            // Every plugin the cut call was inside answers Unusable...
            for (link, binding) in chain.iter().enumerate() {
                let error = call(binding, interface_of(link), "cheap", &[Val::U32(1)])
                    .await
                    .unwrap_err();
                assert!(
                    matches!(error, DispatchError::Unusable(_)),
                    "depth {depth}, link {link}: {error}"
                );
            }
            // ...no other plugin is affected, and no lock is left held...
            assert_eq!(
                call(&outside, "work", "cheap", &[Val::U32(1)])
                    .await
                    .unwrap(),
                Val::U32(2)
            );
            // ...and restarting them, innermost first, resumes service.
            for (link, binding) in chain.iter().enumerate() {
                let id = if link == 0 {
                    "worker".to_owned()
                } else {
                    format!("relay{}", link - 1)
                };
                binding.restart_async(&id, Ctx::new()).await.unwrap();
            }
            // First a sync call: the worker takes them too, and the cut call's yielding at
            // every tick went with it (a sync call cannot yield).
            let ExactlyOne(_, sync) = chain[0]
                .dispatch("work", "burn", &[Val::U32(3_000_000)])
                .unwrap();
            sync.unwrap();
            assert_eq!(
                call(entry, interface_of(depth), "cheap", &[Val::U32(1)])
                    .await
                    .unwrap(),
                Val::U32(2),
                "depth {depth}"
            );
        }
    });
    stop.store(true, Ordering::Relaxed);
}

#[test]
fn a_call_cancelled_while_it_waits_for_a_busy_plugin_leaves_nothing_behind() {
    let engine = epoch_engine();
    let stop = ticker(&engine);
    run("a cancelled wait", current_thread, async move || {
        let worker = work(
            worker(&engine, 300)
                .instantiate_async(&engine, &linker(&engine))
                .await
                .unwrap(),
        );
        let busy = worker.clone();
        let spinning = tokio::spawn(async move { call(&busy, "work", "spin", &[]).await });
        tokio::task::yield_now().await;
        // Waits for the lock the loop holds, and is given up.
        let waited = tokio::time::timeout(
            Duration::from_millis(20),
            call(&worker, "work", "cheap", &[Val::U32(1)]),
        )
        .await;
        assert!(waited.is_err(), "the wait should have been cut off");
        let error = spinning.await.unwrap().unwrap_err();
        assert!(
            matches!(error, DispatchError::DeadlineExceeded(_)),
            "{error}"
        );
        // The loop's own failure is its own (a deadline traps the store);
        // the cancelled wait added nothing: after a restart it answers.
        worker
            .restart_async(&"worker".to_owned(), Ctx::new())
            .await
            .unwrap();
        assert_eq!(
            call(&worker, "work", "cheap", &[Val::U32(1)])
                .await
                .unwrap(),
            Val::U32(2)
        );
    });
    stop.store(true, Ordering::Relaxed);
}

#[test]
fn an_async_host_call_back_into_the_calling_plugin_is_reentrant_not_a_deadlock() {
    let engine = Engine::default();
    let binding: Arc<OnceLock<Sources>> = Arc::default();
    let seen: Arc<OnceLock<String>> = Arc::default();
    let mut gate = linker(&engine);
    let (inner, record) = (Arc::clone(&binding), Arc::clone(&seen));
    gate.instance("test:live/gate")
        .unwrap()
        .func_wrap_async("wait", move |_, (): ()| {
            let (binding, seen) = (Arc::clone(&inner), Arc::clone(&record));
            Box::new(async move {
                let sources = binding.get().expect("set before the call");
                let Any(answers) = sources
                    .dispatch_async("source", "touches", &[])
                    .await
                    .unwrap();
                for (_, answer) in answers {
                    let _ = seen.set(answer.unwrap_err().to_string());
                }
                Ok(())
            })
        })
        .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    run(
        "a call back into its caller",
        current_thread,
        async move || {
            let member = Plugin::new(component(&engine, "live/gated.wat"), Ctx::new())
                .instantiate_async(&engine, &gate)
                .await
                .unwrap();
            let _ = binding.set(source_binding(vec![("a".to_owned(), member)]));
            let Any(answers) = binding
                .get()
                .unwrap()
                .dispatch_async("source", "value", &[Val::U32(1)])
                .await
                .unwrap();
            counted.fetch_add(answers.len(), Ordering::SeqCst);
            assert_eq!(answers["a"].as_ref().unwrap(), &Val::U32(2));
        },
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let error = seen.get().expect("the host callback called the plugin");
    assert!(
        error.contains("re-entered") && error.contains("`a`"),
        "{error}"
    );
}

#[test]
fn a_callee_without_a_limiter_runs_on_its_async_callers_deadline_and_is_stopped_by_it() {
    let engine = epoch_engine();
    let stop = ticker(&engine);
    run(
        "a deadline over an async call tree",
        current_thread,
        async move || {
            // The worker has no epoch limiter of its own: only the relay's 100
            // ticks bound the loop it runs.
            let worker = work(
                plugin(&engine, "limits/work.wat")
                    .instantiate_async(&engine, &linker(&engine))
                    .await
                    .unwrap(),
            );
            let relay = plugin(&engine, "async_calls/relay_work.wat")
                .with_epoch_limiter(|_, _, _| 100)
                .link_async(&engine, linker(&engine), [worker.clone()])
                .await
                .unwrap();
            let relay = one("test:async", "relay", &["spin", "cheap"], "relay0", relay);
            assert_eq!(
                call(&relay, "relay", "cheap", &[Val::U32(1)])
                    .await
                    .unwrap(),
                Val::U32(2)
            );
            let error = call(&relay, "relay", "spin", &[]).await.unwrap_err();
            // The relay imports `spin` transparently, so the worker's failure
            // traps it; the cause names the deadline.
            assert!(error.to_string().contains("epoch deadline"), "{error}");
            let error = call(&worker, "work", "cheap", &[Val::U32(1)])
                .await
                .unwrap_err();
            assert!(matches!(error, DispatchError::Unusable(_)), "{error}");
        },
    );
    stop.store(true, Ordering::Relaxed);
}

#[test]
fn async_graphs_dropped_free_every_store() {
    let freed = Arc::new(AtomicUsize::new(0));
    let freed_in_rounds = Arc::clone(&freed);
    let rounds = 200;
    run(
        "200 async diamonds built, called and dropped",
        current_thread,
        async move || {
            let engine = Engine::default();
            for _ in 0..rounds {
                let made = |path: &str| {
                    Plugin::new(component(&engine, path), Ctx::counted(&freed_in_rounds))
                };
                let counter = made("diamond/counter.wat")
                    .instantiate_async(&engine, &linker(&engine))
                    .await
                    .unwrap();
                let counter = one(
                    "test:diamond",
                    "counter",
                    &["bump", "count"],
                    "counter",
                    counter,
                );
                let left = made("diamond/left.wat")
                    .link_async(&engine, linker(&engine), [counter.clone()])
                    .await
                    .unwrap();
                let left = one("test:diamond", "left", &["left"], "left", left);
                let right = made("diamond/right.wat")
                    .link_async(&engine, linker(&engine), [counter.clone()])
                    .await
                    .unwrap();
                let right = one("test:diamond", "right", &["right"], "right", right);
                let top = made("diamond/top.wat")
                    .link_async(&engine, linker(&engine), [left, right])
                    .await
                    .unwrap();
                let top = one("test:diamond", "top", &["run"], "top", top);
                assert_eq!(
                    call(&top, "top", "run", &[Val::U32(4)]).await.unwrap(),
                    Val::U32(25)
                );
            }
        },
    );
    assert_eq!(freed.load(Ordering::SeqCst), 4 * rounds);
}

#[test]
fn resources_cross_async_sockets_lent_given_and_dropped_as_on_the_sync_path() {
    use crate::resources::{counter_plugin, counters_interface, user_interface};
    run(
        "resources through an async socket",
        current_thread,
        async || {
            let engine = crate::resources::engine();
            let counters = Binding::new(
                "test:resources",
                interfaces("counters", counters_interface()),
                ExactlyOne("counter".to_owned(), counter_plugin(&engine)),
            );
            let user = plugin(&engine, "resources/user.wat")
                .link_async(&engine, linker(&engine), [&counters])
                .await
                .unwrap();
            let user = Binding::new(
                "test:resources",
                interfaces("user", user_interface()),
                ExactlyOne("user".to_owned(), user),
            );
            let user_call = async |function: &str, args: &[Val]| {
                call(&user, "user", function, args)
                    .await
                    .unwrap_or_else(|e| panic!("{function}: {e}"))
            };
            let drops = async || call(&counters, "counters", "drops", &[]).await.unwrap();
            // Made, used and dropped by the importer through its socket.
            assert_eq!(
                user_call("round-trip", &[Val::U32(5), Val::U32(3)]).await,
                Val::U32(8)
            );
            assert_eq!(drops().await, Val::U32(1));
            // Given back to their owner, in other argument positions.
            assert_eq!(user_call("give", &[Val::U32(7)]).await, Val::U32(7));
            assert_eq!(
                user_call("sum-two", &[Val::U32(2), Val::U32(3)]).await,
                Val::U32(5)
            );
            assert_eq!(
                user_call("merge-two", &[Val::U32(2), Val::U32(3)]).await,
                Val::U32(5)
            );
            // One for `give`, four for the two pairs: six with the first.
            assert_eq!(drops().await, Val::U32(6));
            // The host lends a counter to the importer, then gives it one.
            let Val::Resource(counter) = call(
                &counters,
                "counters",
                "[constructor]counter",
                &[Val::U32(4)],
            )
            .await
            .unwrap() else {
                panic!("the constructor returns a handle");
            };
            for _ in 0..3 {
                assert_eq!(
                    user_call("read", &[Val::Resource(counter)]).await,
                    Val::U32(4)
                );
            }
            assert_eq!(drops().await, Val::U32(6), "a lent counter is not dropped");
            assert_eq!(
                call(
                    &counters,
                    "counters",
                    "[method]counter.get",
                    &[Val::Resource(counter)]
                )
                .await
                .unwrap(),
                Val::U32(4)
            );
            assert_eq!(
                user_call("take", &[Val::Resource(counter)]).await,
                Val::U32(4)
            );
            assert_eq!(
                drops().await,
                Val::U32(7),
                "the importer dropped the counter it was given"
            );
        },
    );
}

/// `lifetime/peer.wat` linked for async calls, as binding `id` (see
/// lifetime.rs).
async fn async_peer(engine: &Engine, id: &str, freed: &Arc<AtomicUsize>) -> One {
    use crate::lifetime::{peer_interface, tokens};
    let instance = Plugin::new(component(engine, "lifetime/peer.wat"), Ctx::counted(freed))
        .link_async(engine, linker(engine), [tokens::<Ctx>()])
        .await
        .unwrap();
    Binding::new(
        "test:lifetime",
        interfaces("peer", peer_interface()),
        ExactlyOne(id.to_owned(), instance),
    )
}

async fn peer_call(binding: &One, function: &str, args: &[Val]) -> Val {
    call(binding, "peer", function, args)
        .await
        .unwrap_or_else(|e| panic!("{function}: {e}"))
}

#[test]
fn two_async_plugins_dropping_each_others_handles_at_the_same_moment_both_finish() {
    const ROUNDS: u32 = 200;
    let freed = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&freed);
    run(
        "crossed drops on two workers",
        || multi_thread(2),
        async move || {
            let engine = Engine::default();
            let (a, b) = (
                async_peer(&engine, "a", &counted).await,
                async_peer(&engine, "b", &counted).await,
            );
            for _ in 0..ROUNDS {
                // Each keeps a resource of the other, then both drop it at once,
                // on two workers: a's drop reaches into b while b's reaches into a.
                let made = peer_call(&a, "make", &[]).await;
                peer_call(&b, "keep", &[made]).await;
                let made = peer_call(&b, "make", &[]).await;
                peer_call(&a, "keep", &[made]).await;
                let (ra, rb) = (a.clone(), b.clone());
                let first = tokio::spawn(async move { peer_call(&ra, "release", &[]).await });
                let second = tokio::spawn(async move { peer_call(&rb, "release", &[]).await });
                first.await.unwrap();
                second.await.unwrap();
            }
            assert_eq!(
                peer_call(&a, "drops", &[]).await,
                Val::U32(ROUNDS),
                "every resource of a destroyed once"
            );
            assert_eq!(
                peer_call(&b, "drops", &[]).await,
                Val::U32(ROUNDS),
                "every resource of b destroyed once"
            );
        },
    );
    // Their stores went with the bindings, though each held the other's.
    assert_eq!(freed.load(Ordering::SeqCst), 2);
}

#[test]
fn an_async_owner_calling_its_keeper_while_the_keeper_drops_the_owners_handle_finishes() {
    let freed = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&freed);
    run(
        "an async callback object",
        current_thread,
        async move || {
            use wasm_link::{FunctionKind::Freestanding, ReturnKind};
            let engine = Engine::default();
            let keeper = async_peer(&engine, "keeper", &counted).await;
            let caller = plugin(&engine, "lifetime/caller.wat")
                .link_async(&engine, linker(&engine), [&keeper])
                .await
                .unwrap();
            let functions = [
                ("make", Freestanding, ReturnKind::MayContainResources),
                ("drops", Freestanding, ReturnKind::AssumeNoResources),
                ("poke", Freestanding, ReturnKind::AssumeNoResources),
            ];
            let caller = Binding::new(
                "test:lifetime",
                interfaces("caller", crate::common::interface(&functions, &["mine"])),
                ExactlyOne("caller".to_owned(), caller),
            );
            for round in 1..=50 {
                let token = call(&caller, "caller", "make", &[]).await.unwrap();
                peer_call(&keeper, "keep", &[token]).await;
                // caller.poke -> keeper.release -> drop of the caller's own
                // resource while the caller runs: queued, run when it is free.
                assert_eq!(
                    call(&caller, "caller", "poke", &[]).await.unwrap(),
                    Val::U32(1)
                );
                assert_eq!(
                    call(&caller, "caller", "drops", &[]).await.unwrap(),
                    Val::U32(round),
                    "the queued destructor ran once the caller was free"
                );
            }
        },
    );
    assert_eq!(freed.load(Ordering::SeqCst), 1);
}

/// `listed.wat` linked for async calls to `sources` (its `Any` socket), and
/// its report of `value(1)`: one entry per source (listed.wat's codes).
async fn listed_through(engine: &Engine, sources: &Sources) -> Vec<Val> {
    let importer = plugin(engine, "cardinality/listed.wat")
        .link_async(engine, linker(engine), [sources])
        .await
        .unwrap();
    let f = wasm_link::FunctionKind::Freestanding;
    let r = wasm_link::ReturnKind::AssumeNoResources;
    let probe = Binding::new(
        "test:card",
        interfaces("probe", crate::common::interface(&[("value", f, r)], &[])),
        ExactlyOne("probe".to_owned(), importer),
    );
    match call(&probe, "probe", "value", &[Val::U32(1)])
        .await
        .unwrap()
    {
        Val::List(entries) => entries,
        other => panic!("not a list: {other:?}"),
    }
}

#[test]
fn an_async_importers_fan_out_reaches_its_plugins_in_parallel_on_two_workers() {
    // The two sources behind the importer's `Any` socket wait at a blocking
    // barrier for two: it opens only if the socket runs both at once on two
    // workers (concurrently on one thread, each would block it alone).
    let engine = Engine::default();
    let sources = blocking_gated_sources(&engine);
    let listed = run(
        "a socket's fan-out on two workers",
        || multi_thread(2),
        async move || listed_through(&engine, &sources).await,
    );
    assert_eq!(listed.len(), 2, "{listed:?}");
}

#[test]
fn an_async_importers_fan_out_reaches_its_plugins_concurrently() {
    // The two sources behind the importer's `Any` socket wait at an async
    // barrier for two: it opens only if the socket runs both at once.
    let engine = Engine::default();
    let gate = async_barrier_gate(&engine);
    let listed = run(
        "a socket's fan-out on one thread",
        current_thread,
        async move || {
            let sources = async_gated_sources(&engine, &gate).await;
            listed_through(&engine, &sources).await
        },
    );
    assert_eq!(listed.len(), 2, "{listed:?}");
}
