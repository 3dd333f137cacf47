//! Component-model async: plugins whose WIT functions are `async func`
//! (`cm_async/answer.wit`), called from the host and through sockets on an
//! engine from `wasm_link::async_config()`, beside plain functions. Every
//! test runs under a bound: a deadlock fails it instead of hanging.

use std::time::Duration;

use wasm_link::{
    Any, Binding, DispatchError, Engine, ExactlyOne, LinkError, PluginInstance, Socket, Val,
    async_config,
};

use crate::common::{Ctx, interfaces, linker, plain_interface, plugin, within};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

const STEP: Duration = Duration::from_mins(1);

fn engine() -> Engine {
    Engine::new(&async_config()).expect("an engine with concurrency support")
}

/// Runs `test` on a current-thread runtime on another thread, failing if it
/// has not finished within [`STEP`].
fn run<T: Send + 'static>(what: &str, test: impl AsyncFnOnce() -> T + Send + 'static) -> T {
    within(what, STEP, move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(test())
    })
}

async fn answer(engine: &Engine) -> PluginInstance<Ctx> {
    plugin(engine, "cm_async/answer.wat")
        .instantiate_async(engine, &linker(engine))
        .await
        .expect("answer.wat instantiates")
}

fn answers(instance: PluginInstance<Ctx>) -> One {
    Binding::new(
        "test:cm",
        interfaces("answer", plain_interface(&["next", "plain"])),
        ExactlyOne("answer".to_owned(), instance),
    )
}

async fn call(
    binding: &One,
    interface: &str,
    function: &str,
    x: u32,
) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = binding
        .dispatch_async(interface, function, &[Val::U32(x)])
        .await
        .unwrap_or_else(|e| panic!("dispatch_async of {function} failed: {e}"));
    result
}

#[test]
fn an_async_func_export_answers_dispatch_async_beside_a_plain_function() {
    run("an async func from the host", async || {
        let engine = engine();
        let binding = answers(answer(&engine).await);
        assert_eq!(
            call(&binding, "answer", "next", 1).await.unwrap(),
            Val::U32(2)
        );
        assert_eq!(
            call(&binding, "answer", "plain", 1).await.unwrap(),
            Val::U32(2)
        );
        // Many in a row: each call's task is finished before the next.
        for x in 0..100 {
            assert_eq!(
                call(&binding, "answer", "next", x).await.unwrap(),
                Val::U32(x + 1)
            );
        }
    });
}

#[test]
fn a_sync_call_of_an_async_func_is_refused_naming_dispatch_async_and_harms_nothing() {
    run("an async func called the sync way", async || {
        let engine = engine();
        let binding = answers(answer(&engine).await);
        let ExactlyOne(_, refused) = binding.dispatch("answer", "next", &[Val::U32(1)]).unwrap();
        let error = refused.unwrap_err();
        // This also pins the wasmtime wording the refusal is recognised by.
        assert!(
            matches!(&error, DispatchError::WrongEntryPoint { help, .. }
                if help.contains("async func") && help.contains("dispatch_async")),
            "{error:?}"
        );
        // Nothing ran, so the plugin is not left unusable: a plain function
        // answers the sync way, the async func the async way.
        let ExactlyOne(_, plain) = binding.dispatch("answer", "plain", &[Val::U32(1)]).unwrap();
        assert_eq!(plain.unwrap(), Val::U32(2));
        assert_eq!(
            call(&binding, "answer", "next", 1).await.unwrap(),
            Val::U32(2)
        );
    });
}

/// `fixture`, an importer of test:cm/answer, linked for async calls.
async fn asker(
    engine: &Engine,
    fixture: &str,
    socket: impl Into<Socket>,
) -> Result<PluginInstance<Ctx>, LinkError> {
    plugin(engine, fixture)
        .with_name("asker")
        .link_async(engine, linker(engine), [socket.into()])
        .await
}

fn askers(instance: PluginInstance<Ctx>) -> One {
    Binding::new(
        "test:cm",
        interfaces("asker", plain_interface(&["ask", "ask-plain"])),
        ExactlyOne("asker".to_owned(), instance),
    )
}

/// The binding of `fixture`, an importer of test:cm/answer linked for
/// async calls to `socket`.
async fn linked(engine: &Engine, fixture: &str, socket: impl Into<Socket>) -> One {
    askers(asker(engine, fixture, socket).await.unwrap())
}

/// The hostile `spinner.wat`, whose `next` yields forever.
async fn spinner(engine: &Engine) -> One {
    answers(
        plugin(engine, "cm_async/spinner.wat")
            .instantiate_async(engine, &linker(engine))
            .await
            .unwrap(),
    )
}

/// `async_config()`'s engine, metering fuel.
fn metered_engine() -> Engine {
    let mut config = async_config();
    config.consume_fuel(true);
    Engine::new(&config).expect("an engine with concurrency support and fuel")
}

/// The spinner with 100,000 units of fuel per call.
async fn metered_spinner(engine: &Engine) -> One {
    answers(
        plugin(engine, "cm_async/spinner.wat")
            .with_fuel_limiter(|_, _, _| 100_000)
            .instantiate_async(engine, &linker(engine))
            .await
            .unwrap(),
    )
}

/// `binding`'s answer to `function(1)`, which must come within seconds (a
/// plugin nothing holds answers at once).
async fn promptly(binding: &One, function: &str) -> Result<Val, DispatchError> {
    tokio::time::timeout(Duration::from_secs(5), call(binding, "answer", function, 1))
        .await
        .unwrap_or_else(|_| panic!("`{function}` waited: something still holds the plugin"))
}

#[test]
fn an_async_func_reaches_its_importer_through_a_transparent_socket() {
    run("an async func through a socket", async || {
        let engine = engine();
        let answers = answers(answer(&engine).await);
        let askers = linked(&engine, "cm_async/asker.wat", &answers).await;
        for x in 0..50 {
            // `next` is served by a concurrent host function, `plain` by an
            // async one, in one importer.
            assert_eq!(
                call(&askers, "asker", "ask", x).await.unwrap(),
                Val::U32(x + 1)
            );
            assert_eq!(
                call(&askers, "asker", "ask-plain", x).await.unwrap(),
                Val::U32(x + 1)
            );
        }
    });
}

#[test]
fn an_async_func_fans_out_to_every_plugin_of_an_any_socket_and_to_a_newcomer() {
    run("an async func fanned out", async || {
        let engine = engine();
        let answers = Binding::new(
            "test:cm",
            interfaces("answer", plain_interface(&["next", "plain"])),
            Any([
                ("a".to_owned(), answer(&engine).await),
                ("b".to_owned(), answer(&engine).await),
            ]
            .into()),
        );
        let askers = linked(&engine, "cm_async/asker_all.wat", &answers).await;
        // Each plugin answers x + 1; the asker sums the list.
        assert_eq!(call(&askers, "asker", "ask", 1).await.unwrap(), Val::U32(4));
        assert_eq!(
            call(&askers, "asker", "ask-plain", 1).await.unwrap(),
            Val::U32(4)
        );
        answers
            .insert("c".to_owned(), answer(&engine).await)
            .unwrap();
        assert_eq!(call(&askers, "asker", "ask", 1).await.unwrap(), Val::U32(6));
    });
}

#[test]
fn an_async_func_reaches_its_importer_in_the_wrapped_shape() {
    run("an async func, wrapped", async || {
        let engine = engine();
        let answers = answers(answer(&engine).await);
        // `tuple<string, result<u32, dispatch-error>>`: the id and the value.
        let askers = linked(&engine, "cm_async/asker_wrapped.wat", &answers).await;
        assert_eq!(call(&askers, "asker", "ask", 4).await.unwrap(), Val::U32(5));
        assert_eq!(
            call(&askers, "asker", "ask-plain", 4).await.unwrap(),
            Val::U32(5)
        );
    });
}

#[test]
fn an_async_func_that_fails_reaches_a_wrapped_importer_as_its_error_value() {
    run("an async func failing, wrapped", async || {
        let engine = metered_engine();
        let spinner = metered_spinner(&engine).await;
        // The spinner runs out of fuel: the wrapped import has room for the
        // error, so the importer gets it as a value (and answers 1000)
        // instead of trapping.
        let askers = linked(&engine, "cm_async/asker_wrapped.wat", &spinner).await;
        assert_eq!(
            call(&askers, "asker", "ask", 1).await.unwrap(),
            Val::U32(1000)
        );
    });
}

#[test]
fn a_plain_import_reaches_an_async_func_export() {
    run("sync and async functions mixed", async || {
        let engine = engine();
        let answers = answers(answer(&engine).await);
        // The asker declares `next` as a plain `func`: an async host
        // function calls the exporter's `async func`.
        let askers = linked(&engine, "cm_async/asker_plain.wat", &answers).await;
        assert_eq!(call(&askers, "asker", "ask", 7).await.unwrap(), Val::U32(8));
    });
}

#[test]
fn an_async_func_import_needs_link_async_and_the_error_says_so() {
    run("an async func import linked the sync way", async || {
        let engine = engine();
        let answers = answers(answer(&engine).await);
        let error = plugin(&engine, "cm_async/asker.wat")
            .with_name("asker")
            .link(&engine, linker(&engine), [&answers])
            .unwrap_err();
        assert!(
            matches!(&error, LinkError::Unserved { import, reason, .. }
                if import == "answer#next" && reason.contains("link_async")),
            "{error:?}"
        );
        assert!(error.to_string().contains("asker"), "{error}");
    });
}

#[test]
fn two_borrowed_handles_into_one_socket_function_are_refused_on_a_concurrent_engine() {
    use crate::resources::{counter_plugin, counters_interface};
    let engine = engine();
    let counters = Binding::new(
        "test:resources",
        interfaces("counters", counters_interface()),
        ExactlyOne("counter".to_owned(), counter_plugin(&engine)),
    );
    // `sum(a: borrow<counter>, b: borrow<counter>)` and `merge(self, other)`
    // take two: Wasmtime 50 fails lifting the second into a host function
    // of a store with concurrency support, so linking refuses it.
    let error = plugin(&engine, "resources/user.wat")
        .link(&engine, linker(&engine), [&counters])
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::Unserved { import, reason, .. }
            if (import == "counters#sum" || import == "counters#[method]counter.merge")
                && reason.contains("recommended_config")),
        "{error:?}"
    );
}

#[test]
fn an_async_func_that_yields_forever_is_cut_by_a_timeout_and_harms_no_other_plugin() {
    run("a task that never returns", async || {
        let engine = engine();
        let spinner = spinner(&engine).await;
        let other = answers(answer(&engine).await);
        // Each yield goes back to the executor: on this one thread, the
        // timer still fires, and another plugin still answers meanwhile.
        let spinning = {
            let spinner = spinner.clone();
            tokio::spawn(async move {
                tokio::time::timeout(
                    Duration::from_millis(300),
                    call(&spinner, "answer", "next", 1),
                )
                .await
            })
        };
        tokio::task::yield_now().await;
        assert_eq!(
            call(&other, "answer", "next", 1).await.unwrap(),
            Val::U32(2)
        );
        let spun = spinning.await.unwrap();
        assert!(spun.is_err(), "the endless task returned: {spun:?}");
        // The cancelled plugin is left unusable until it is restarted, and
        // then starts afresh.
        let error = call(&spinner, "answer", "plain", 0).await.unwrap_err();
        assert!(matches!(error, DispatchError::Unusable(_)), "{error}");
        spinner
            .restart_async(&"answer".to_owned(), Ctx::new())
            .await
            .unwrap();
        assert_eq!(
            call(&spinner, "answer", "plain", 0).await.unwrap(),
            Val::U32(0)
        );
        assert_eq!(
            call(&other, "answer", "next", 5).await.unwrap(),
            Val::U32(6)
        );
    });
}

#[test]
fn fuel_stops_an_async_func_that_yields_forever() {
    run("a task that never returns, metered", async || {
        let engine = metered_engine();
        let spinner = metered_spinner(&engine).await;
        // Every callback burns a little: the budget of the call runs out.
        let error = call(&spinner, "answer", "next", 1).await.unwrap_err();
        assert!(matches!(error, DispatchError::FuelExhausted(_)), "{error}");
    });
}

#[test]
fn an_async_func_behind_a_socket_runs_under_its_importers_fuel() {
    run(
        "a task that never returns, behind a metered importer",
        async || {
            let engine = metered_engine();
            // The spinner has no limiter of its own: the importer's budget is
            // the only one over the call tree.
            let spinner = spinner(&engine).await;
            let asker = plugin(&engine, "cm_async/asker.wat")
                .with_name("asker")
                .with_fuel_limiter(|_, _, _| 100_000)
                .link_async(&engine, linker(&engine), [&spinner])
                .await
                .unwrap();
            let askers = askers(asker);
            let error = call(&askers, "asker", "ask", 1).await.unwrap_err();
            // The transparent import has no room for the spinner's error: the
            // importer traps with it.
            assert!(
                matches!(&error, DispatchError::Trap { message, .. } if message.contains("fuel")),
                "{error:?}"
            );
        },
    );
}

#[test]
fn an_importer_awaits_two_async_lowered_calls_through_its_socket_at_once() {
    run("two subtasks through one socket", async || {
        let engine = engine();
        let answers = answers(answer(&engine).await);
        // `ask` starts both calls before it waits for either: two forwarder
        // futures of one importer run at once, and the second waits for the
        // plugin the first holds (a sibling, not re-entrance).
        let askers = linked(&engine, "cm_async/asker_both.wat", &answers).await;
        for x in 0..20 {
            assert_eq!(
                call(&askers, "asker", "ask", x).await.unwrap(),
                Val::U32((x + 1) + (x + 11))
            );
        }
    });
}

#[test]
fn an_importer_cut_off_mid_call_lets_go_of_the_plugin_its_socket_call_is_in() {
    run("a call cut off above an async func", async || {
        let engine = engine();
        let spinner = spinner(&engine).await;
        let waiter = linked(&engine, "cm_async/asker.wat", &spinner).await;
        let cut =
            tokio::time::timeout(Duration::from_millis(200), call(&waiter, "asker", "ask", 1))
                .await;
        assert!(cut.is_err(), "the endless call returned: {cut:?}");
        // The socket call held the spinner: it was dropped with the
        // importer's call, so the spinner answers at once (`Unusable`: it was
        // cut off midway) instead of waiting for a lock nobody will let go.
        let after = promptly(&spinner, "plain").await;
        assert!(
            matches!(after, Err(DispatchError::Unusable(_))),
            "{after:?}"
        );
        let asked = call(&waiter, "asker", "ask", 1).await;
        assert!(
            matches!(asked, Err(DispatchError::Unusable(_))),
            "{asked:?}"
        );

        // The same when the importer returned without waiting for its call
        // (an answer given, the call still running behind it): the call into
        // the importer lasts until its subtask ends, and cut off, it lets go.
        spinner
            .restart_async(&"answer".to_owned(), Ctx::new())
            .await
            .unwrap();
        let leaver = linked(&engine, "cm_async/asker_leaves.wat", &spinner).await;
        let cut =
            tokio::time::timeout(Duration::from_millis(200), call(&leaver, "asker", "ask", 1))
                .await;
        assert!(
            cut.is_err(),
            "the call outlived by its subtask returned: {cut:?}"
        );
        let after = promptly(&spinner, "plain").await;
        assert!(
            matches!(after, Err(DispatchError::Unusable(_))),
            "{after:?}"
        );
    });
}

#[test]
fn a_subtask_left_running_by_a_finished_call_does_not_hold_its_callee() {
    run("a subtask left behind", async || {
        let engine = engine();
        let answers = answers(answer(&engine).await);
        // `ask` starts `next` and returns 7 without waiting for it: the call
        // into the asker finishes only once that subtask has too.
        let askers = linked(&engine, "cm_async/asker_leaves.wat", &answers).await;
        for _ in 0..10 {
            assert_eq!(call(&askers, "asker", "ask", 1).await.unwrap(), Val::U32(7));
            // Nothing holds the callee afterwards.
            let after = promptly(&answers, "next").await;
            assert_eq!(after.unwrap(), Val::U32(2));
        }
    });
}

#[test]
fn component_model_async_graphs_dropped_free_every_store() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let freed = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&freed);
    let rounds = 100;
    run(
        "100 graphs of async funcs built, called and dropped",
        async move || {
            let engine = engine();
            for round in 0..rounds {
                let made = |path: &str| {
                    wasm_link::Plugin::new(
                        crate::common::component(&engine, path),
                        Ctx::counted(&counted),
                    )
                };
                let answers = answers(
                    made("cm_async/answer.wat")
                        .instantiate_async(&engine, &linker(&engine))
                        .await
                        .unwrap(),
                );
                // Half the rounds leave a subtask running behind the call.
                let fixture = if round % 2 == 0 {
                    "cm_async/asker_both.wat"
                } else {
                    "cm_async/asker_leaves.wat"
                };
                let askers = askers(
                    made(fixture)
                        .link_async(&engine, linker(&engine), [&answers])
                        .await
                        .unwrap(),
                );
                assert!(call(&askers, "asker", "ask", 1).await.is_ok());
            }
        },
    );
    // Every store of every round was freed with its bindings: nothing the
    // subtasks or the concurrent forwarders hold keeps one alive.
    assert_eq!(freed.load(Ordering::SeqCst), 2 * rounds);
}
