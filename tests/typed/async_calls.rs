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
