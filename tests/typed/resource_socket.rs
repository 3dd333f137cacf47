//! Typed socket forwarding of functions whose types hold resource handles:
//! the importer (`runtime/resources/user.wat`) creates, passes, lends and
//! drops counters owned by `counter.wat` through a typed group's socket, and
//! handles nested in records, lists, options and results reach it.

use std::collections::HashMap;

use wasm_link::{
    Any, DispatchError, Engine, ExactlyOne, Linker, Own, PluginInstance, drop_resource,
};

use crate::common::{Ctx, instance, plugin};

/// `recommended_config()`'s engine: on one with concurrency support,
/// Wasmtime 50 cannot lift two borrowed handles into one host function, so
/// `user.wat` (whose `sum` and `merge` take two) would not link.
fn engine() -> Engine {
    Engine::new(&wasm_link::recommended_config()).expect("engine")
}

/// The owner's side: only `counters`, which `counter.wat` exports.
mod owner {
    wasm_link::bind!("runtime/resources/counters.wit", interfaces: ["counters"]);
}

/// typed/resources' counters, for a fan-out socket.
mod fan {
    wasm_link::bind!("typed/resources/resources.wit");
}

/// The importer's side: only `user`, which `user.wat` exports.
mod importer {
    wasm_link::bind!("runtime/resources/counters.wit", interfaces: ["user"]);
}

pub(crate) type Counters = owner::test_resources::Group<ExactlyOne<String, PluginInstance<Ctx>>>;
type User = importer::test_resources::Group<ExactlyOne<String, PluginInstance<Ctx>>>;

pub(crate) fn counters(engine: &Engine) -> Counters {
    Counters::new(ExactlyOne(
        "counter".to_owned(),
        instance(engine, "../runtime/resources/counter.wat"),
    ))
    .expect("counter.wat exports `counters` as the WIT says")
}

/// The user plugin linked to the counters group's typed socket.
fn user(engine: &Engine, counters: &Counters) -> User {
    let user = plugin(engine, "../runtime/resources/user.wat")
        .link(engine, Linker::new(engine), [counters.socket()])
        .expect("user.wat links to the typed socket");
    User::new(ExactlyOne("user".to_owned(), user)).expect("user.wat exports `user`")
}

pub(crate) fn drops(counters: &Counters) -> u32 {
    let ExactlyOne(_, dropped) = counters.counters().drops();
    dropped.expect("drops")
}

fn ok<T>(ExactlyOne(_, result): ExactlyOne<String, Result<T, wasm_link::DispatchError>>) -> T {
    result.expect("the user's call succeeds")
}

#[test]
fn an_importer_creates_uses_and_drops_counters_through_a_typed_socket() {
    let engine = engine();
    let counters = counters(&engine);
    let user = user(&engine, &counters);
    let api = user.user();

    // Constructor, methods through the importer's own handle, drop.
    assert_eq!(ok(api.round_trip(5, 3)), 8);
    assert_eq!(
        drops(&counters),
        1,
        "the importer's drop ran the destructor"
    );

    // Handles nested in results: a list, a record, an option, a result.
    assert_eq!(ok(api.list_total()), 4 + 6);
    assert_eq!(ok(api.pair_total()), 5 + 5);
    assert_eq!(ok(api.maybe_total()), 7);
    assert_eq!(ok(api.result_total()), 9);
    assert_eq!(drops(&counters), 6, "every nested counter was dropped");

    // Handles as arguments: given (own), lent (borrow), and a method's
    // argument other than `self`. `consume` traps unless the handle arrives
    // as the owner's own, so success shows the unwrapping.
    assert_eq!(ok(api.give(7)), 7);
    assert_eq!(ok(api.sum_two(2, 3)), 5);
    assert_eq!(ok(api.merge_two(2, 3)), 5);
    assert_eq!(
        drops(&counters),
        11,
        "the importer dropped all its counters"
    );
}

#[test]
fn the_host_lends_and_gives_its_counter_to_the_importer() {
    let engine = engine();
    let counters = counters(&engine);
    let user = user(&engine, &counters);
    let ExactlyOne(_, counter) = counters.counters().counter_new(4);
    let counter = counter.expect("a counter");
    // The two `bind!` calls make two `Counter` types for one WIT resource;
    // the wasmtime handle converts between them.
    let theirs = Own::<importer::test_resources::user::Counter>::from_handle(counter.handle());

    assert_eq!(ok(user.user().read(theirs.borrow())), 4);
    assert_eq!(drops(&counters), 0, "a lent counter is not dropped");
    let value = counters.counters().counter_get(counter.borrow());
    assert_eq!(value.expect("the host still holds it"), 4);

    assert_eq!(ok(user.user().take(theirs)), 4);
    assert_eq!(
        drops(&counters),
        1,
        "the importer dropped the given counter"
    );
}

#[test]
fn dropping_an_owned_handle_runs_the_owners_destructor() {
    let engine = engine();
    let counters = counters(&engine);
    let ExactlyOne(_, counter) = counters.counters().counter_new(3);
    let counter = counter.expect("a counter");
    assert_eq!(drops(&counters), 0);
    drop(counter);
    assert_eq!(drops(&counters), 1, "dropping the `Own` ran the destructor");
}

#[test]
fn a_handle_moved_into_a_plugin_is_no_longer_the_hosts() {
    let engine = engine();
    let counters = counters(&engine);
    let api = counters.counters();
    let ExactlyOne(_, counter) = api.counter_new(6);
    let counter = counter.expect("a counter");
    let raw = counter.handle();
    // `consume` takes the counter: `counter` is moved, so `counter.release()`
    // here would not compile (`ui/own_used_after_move.rs`).
    assert_eq!(ok(api.consume(counter)), 6);
    assert_eq!(drops(&counters), 1, "the plugin dropped what it was given");
    // A copy of the raw wasmtime handle is not the host's to drop any more.
    let error = drop_resource(raw).expect_err("the handle was moved");
    assert!(
        matches!(&error, DispatchError::InvalidResource { message, .. }
            if message.contains("no longer holds")),
        "{error:?}"
    );
    assert_eq!(drops(&counters), 1, "nothing was dropped twice");
}

#[test]
fn an_owned_handle_is_not_moved_into_several_plugins() {
    // `consume` takes an `own<counter>`: over two plugins the call is
    // refused before either runs, and the refused argument, dropped,
    // releases its counter at its owner.
    let engine = engine();
    let group = owner::test_resources::Group::new(Any(["a", "b"]
        .into_iter()
        .map(|id| {
            let plugin = instance(&engine, "../runtime/resources/counter.wat");
            (id.to_owned(), plugin)
        })
        .collect::<HashMap<_, _>>()))
    .expect("counter.wat exports `counters`");
    let api = group.counters();
    let Any(made) = api.counter_new(2);
    let mut made: Vec<_> = made.into_iter().collect();
    made.sort_by(|(a, _), (b, _)| a.cmp(b));
    let mut counters = made.into_iter().map(|(_, c)| c.expect("a counter"));
    let (first, second) = (counters.next().unwrap(), counters.next().unwrap());

    let Any(consumed) = api.consume(first);
    assert_eq!(consumed.len(), 2, "every plugin gets the refusal");
    for (id, result) in consumed {
        let error = result.expect_err("refused");
        assert!(
            matches!(&error, DispatchError::InvalidResource { message, .. }
                if message.contains("cannot be moved into several plugins")),
            "plugin {id}: {error:?}"
        );
    }
    let Any(drops) = api.drops();
    let drops: u32 = drops.into_values().map(|d| d.expect("drops")).sum();
    assert_eq!(drops, 1, "the refused counter was released, and only it");
    second
        .release()
        .expect("the other counter is still the host's");
}

#[test]
fn resource_functions_are_served_by_typed_host_functions() {
    // A forwarder typed `string -> u32` for `consume: func(c: counter) ->
    // u32`: the importer's link fails on the host function's type, so the
    // typed forwarder, not the `Val` path, provides resource functions.
    let engine = engine();
    let counters = counters(&engine);
    let mistyped = wasm_link::__private::TypedSocket::new(counters.binding())
        .forward_moving::<(String,), (u32,)>("counters", "consume")
        .into_socket();
    let error = plugin(&engine, "../runtime/resources/user.wat")
        .link(&engine, Linker::new(&engine), [mistyped])
        .expect_err("the mistyped host function does not fit the import");
    let chain: Vec<String> =
        std::iter::successors(Some(&error as &dyn std::error::Error), |e| e.source())
            .map(ToString::to_string)
            .collect();
    assert!(chain.iter().any(|e| e.contains("wrong type")), "{chain:?}");
}

#[test]
fn fanned_out_resource_functions_and_result_shaped_methods_reach_an_importer() {
    // Two counter plugins behind an `Any` socket: the importer makes a counter
    // in each (`list<tuple<id, result<own<counter>, dispatch-error>>>`), reads
    // each through the method (`result<u32, dispatch-error>`, routed to the
    // handle's owner), and drops it.
    let engine = engine();
    let counters = fan::test_resources::Group::new(wasm_link::Any(
        ["a", "b"]
            .into_iter()
            .map(|id| (id.to_owned(), instance(&engine, "resources/plugin.wat")))
            .collect(),
    ))
    .expect("plugin.wat exports counters");
    let importer = plugin(&engine, "resource_socket/fanned.wat")
        .link(&engine, Linker::new(&engine), [counters.socket()])
        .expect("fanned.wat links to the typed socket");
    let fan = wasm_link::Binding::new(
        "test:resources",
        std::collections::HashMap::from([(
            "fan".to_owned(),
            wasm_link::Interface::new(
                std::collections::HashMap::from([(
                    "make-and-read".to_owned(),
                    wasm_link::Function::new(
                        wasm_link::FunctionKind::Freestanding,
                        wasm_link::ReturnKind::AssumeNoResources,
                    ),
                )]),
                std::collections::HashSet::new(),
            ),
        )]),
        ExactlyOne("fan".to_owned(), importer),
    );
    let ExactlyOne(_, sum) = fan
        .dispatch("fan", "make-and-read", &[wasm_link::Val::U32(5)])
        .expect("dispatch");
    // Each plugin's counter reads 5 in its owner: a `get` sent to the other
    // plugin would have failed (1000).
    assert_eq!(sum.expect("make-and-read"), wasm_link::Val::U32(5 + 5));
}
