//! `bind!(.., async)`: the same typed calls as `async fn`, awaited on tokio,
//! over the resources fixture (constructors, methods routed to the owner,
//! handles in and out) and a fan-out of two plugins.

use std::time::Duration;

use wasm_link::{Any, Engine, ExactlyOne, PluginInstance};

use crate::common::{Ctx, instance};

mod bound {
    wasm_link::bind!("typed/resources/resources.wit", async);
}

use bound::test_resources::Group;

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}

/// Runs `test` on a current-thread runtime, failing if it hangs.
fn run(test: impl AsyncFnOnce() + Send + 'static) {
    crate::common::within_minute(move || current_thread().block_on(test()));
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[test]
fn async_typed_calls_answer_as_the_sync_ones() {
    run(async || {
        let engine = Engine::default();
        let group = Group::new(ExactlyOne(
            "counters".to_owned(),
            instance(&engine, "resources/plugin.wat"),
        ))
        .unwrap();
        let api = group.counters();
        // The group's futures can move to another worker thread.
        let ExactlyOne(_, made) = assert_send(api.counter_new(5)).await;
        let made = made.unwrap();
        let ExactlyOne(_, other) = api.make(9).await;
        let other = other.unwrap();
        // Methods are routed to the owner, awaited.
        assert_eq!(api.counter_get(made.borrow()).await.unwrap(), 5);
        assert_eq!(api.counter_get(other.borrow()).await.unwrap(), 9);
        let ExactlyOne(_, value) = api.value_of((&other).into()).await;
        assert_eq!(value.unwrap(), 9);
        made.release().unwrap();
        other.release().unwrap();
    });
}

#[test]
fn an_async_typed_fan_out_answers_for_every_plugin_and_many_tasks_all_complete() {
    run(async || {
        let engine = Engine::default();
        let members: std::collections::HashMap<String, PluginInstance<Ctx>> = ["a", "b"]
            .into_iter()
            .map(|id| (id.to_owned(), instance(&engine, "resources/plugin.wat")))
            .collect();
        let group = std::sync::Arc::new(Group::new(Any(members)).unwrap());
        let tasks: Vec<_> = (0..500)
            .map(|_| {
                let group = std::sync::Arc::clone(&group);
                tokio::spawn(async move {
                    let Any(answers) = group.counters().plain().await;
                    answers
                })
            })
            .collect();
        let mut answered = 0;
        for task in tasks {
            let answers = tokio::time::timeout(Duration::from_secs(30), task)
                .await
                .expect("a task hung")
                .unwrap();
            assert_eq!(answers.len(), 2);
            let plain: Vec<u32> = answers.into_values().map(Result::unwrap).collect();
            assert_eq!(plain, [7, 7]);
            answered += 1;
        }
        assert_eq!(answered, 500);
    });
}

#[test]
fn a_typed_group_is_the_socket_of_a_plugin_linked_for_async_calls() {
    use crate::socket::{test_app, test_numbers};
    run(async || {
        let engine = Engine::default();
        let numbers = test_numbers::Group::new(ExactlyOne(
            "leaf".to_owned(),
            instance(&engine, "socket/leaf.wat"),
        ))
        .unwrap();
        // The group's typed forwarders, in their async form.
        let root = crate::common::plugin(&engine, "socket/root.wat")
            .link_async(&engine, wasm_link::Linker::new(&engine), [&numbers])
            .await
            .unwrap();
        let app = test_app::Group::new(ExactlyOne("root".to_owned(), root)).unwrap();
        let ExactlyOne(_, result) = app
            .binding()
            .dispatch_async("app", "quadruple", &[wasm_link::Val::U32(5)])
            .await
            .unwrap();
        assert_eq!(result.unwrap(), wasm_link::Val::U32(20));
        // The sync group cannot call it, and says how to.
        let ExactlyOne(_, refused) = app.app().quadruple(5);
        let error = refused.unwrap_err();
        assert!(
            matches!(error, wasm_link::DispatchError::WrongEntryPoint { .. }),
            "{error}"
        );
    });
}

#[test]
fn resources_cross_a_typed_socket_into_a_plugin_linked_for_async_calls() {
    use crate::resource_socket::{counters, drops};
    use wasm_link::Val;
    run(async || {
        // Without concurrency support: `user.wat`'s `sum` takes two borrowed
        // handles (see `resource_socket::engine`).
        let engine = Engine::new(&wasm_link::recommended_config()).unwrap();
        let counters = counters(&engine);
        // The group's typed forwarders for functions with handles, async.
        let user = crate::common::plugin(&engine, "../runtime/resources/user.wat")
            .link_async(
                &engine,
                wasm_link::Linker::new(&engine),
                [counters.socket()],
            )
            .await
            .unwrap();
        let user = wasm_link::Binding::new(
            "test:resources",
            [("user".to_owned(), user_interface())].into(),
            ExactlyOne("user".to_owned(), user),
        );
        let call = async |function: &str, args: &[Val]| {
            let ExactlyOne(_, result) = user.dispatch_async("user", function, args).await.unwrap();
            result.unwrap_or_else(|e| panic!("{function}: {e}"))
        };
        assert_eq!(
            call("round-trip", &[Val::U32(5), Val::U32(3)]).await,
            Val::U32(8)
        );
        assert_eq!(
            drops(&counters),
            1,
            "the importer's drop ran the destructor"
        );
        // Handles nested in results, then given, lent and merged.
        assert_eq!(call("list-total", &[]).await, Val::U32(10));
        assert_eq!(call("pair-total", &[]).await, Val::U32(10));
        assert_eq!(call("maybe-total", &[]).await, Val::U32(7));
        assert_eq!(call("result-total", &[]).await, Val::U32(9));
        assert_eq!(call("give", &[Val::U32(7)]).await, Val::U32(7));
        assert_eq!(
            call("sum-two", &[Val::U32(2), Val::U32(3)]).await,
            Val::U32(5)
        );
        assert_eq!(
            call("merge-two", &[Val::U32(2), Val::U32(3)]).await,
            Val::U32(5)
        );
        assert_eq!(
            drops(&counters),
            11,
            "the importer dropped all its counters"
        );
    });
}

/// The `user` interface of runtime/resources/counters.wit, as the binding
/// declares it.
fn user_interface() -> wasm_link::Interface {
    let functions = [
        "round-trip",
        "list-total",
        "pair-total",
        "maybe-total",
        "result-total",
        "give",
        "sum-two",
        "merge-two",
        "read",
        "take",
    ];
    wasm_link::Interface::new(
        functions
            .iter()
            .map(|f| {
                let kind = wasm_link::FunctionKind::Freestanding;
                let returns = wasm_link::ReturnKind::AssumeNoResources;
                ((*f).to_owned(), wasm_link::Function::new(kind, returns))
            })
            .collect(),
        std::collections::HashSet::default(),
    )
}

mod answering {
    wasm_link::bind!("runtime/cm_async/answer.wit", async, interfaces: ["answer"]);
}

#[test]
fn an_async_group_calls_an_async_func_beside_a_plain_function() {
    run(async || {
        // Component-model async: `next` is an `async func`, which wasmtime
        // calls through `TypedFunc::call_async` on an engine with
        // concurrency support.
        let engine = Engine::new(&wasm_link::async_config()).unwrap();
        let group = answering::test_cm::Group::new(Any([
            (
                "a".to_owned(),
                instance(&engine, "../runtime/cm_async/answer.wat"),
            ),
            (
                "b".to_owned(),
                instance(&engine, "../runtime/cm_async/answer.wat"),
            ),
        ]
        .into()))
        .unwrap();
        let api = group.answer();
        for x in [0, 41, u32::MAX - 1] {
            let Any(next) = assert_send(api.next(x)).await;
            let Any(plain) = api.plain(x).await;
            for answers in [next, plain] {
                let mut answers: Vec<_> = answers
                    .into_iter()
                    .map(|(id, r)| (id, r.unwrap()))
                    .collect();
                answers.sort();
                assert_eq!(answers, [("a".to_owned(), x + 1), ("b".to_owned(), x + 1)]);
            }
        }
    });
}

mod asking {
    wasm_link::bind!("runtime/cm_async/answer.wit", async, interfaces: ["asker"]);
}

#[test]
fn an_async_groups_socket_serves_an_async_func_import_and_a_plain_one() {
    run(async || {
        let engine = Engine::new(&wasm_link::async_config()).unwrap();
        let answers = answering::test_cm::Group::new(ExactlyOne(
            "answer".to_owned(),
            instance(&engine, "../runtime/cm_async/answer.wat"),
        ))
        .unwrap();
        // `plain` goes through the group's typed forwarder, `next` (an
        // `async func` import) through a concurrent `Val` one.
        let asker = crate::common::plugin(&engine, "../runtime/cm_async/asker.wat")
            .link_async(&engine, wasm_link::Linker::new(&engine), [answers.socket()])
            .await
            .unwrap();
        let askers = asking::test_cm::Group::new(ExactlyOne("asker".to_owned(), asker)).unwrap();
        let ExactlyOne(_, value) = askers.asker().ask(9).await;
        assert_eq!(value.unwrap(), 10);
        let ExactlyOne(_, value) = askers.asker().ask_plain(9).await;
        assert_eq!(value.unwrap(), 10);
    });
}

mod card {
    wasm_link::bind!(inline: "
        package test:card;
        interface source {
            value: func(x: u32) -> u32;
            touch: func();
            touches: func() -> u32;
        }
    ", async);
}

#[test]
fn an_async_typed_fan_out_runs_its_members_in_parallel_on_a_multi_threaded_runtime() {
    // The gate is a barrier for two, which blocks its thread: it opens only
    // when both members are inside their calls at the same time, on two
    // workers; a fan-out on one thread (or in turn) never gets there, and
    // the test fails on its bound instead.
    let engine = Engine::default();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let mut gate = wasm_link::Linker::new(&engine);
    gate.instance("test:live/gate")
        .unwrap()
        .func_wrap("wait", move |_, (): ()| {
            barrier.wait();
            Ok(())
        })
        .unwrap();
    let members = ["a", "b"].map(|id| {
        let plugin = crate::common::plugin(&engine, "../runtime/live/gated.wat");
        (id.to_owned(), plugin.instantiate(&engine, &gate).unwrap())
    });
    let group = card::test_card::Group::new(Any(members.into_iter().collect())).unwrap();
    let Any(answers) = crate::common::within_minute(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap()
            .block_on(async move { group.source().value(1).await })
    });
    let mut answers: Vec<_> = answers
        .into_iter()
        .map(|(id, r)| (id, r.unwrap()))
        .collect();
    answers.sort();
    assert_eq!(answers, [("a".to_owned(), 2), ("b".to_owned(), 2)]);
}
