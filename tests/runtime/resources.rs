//! Resources across plugins: a counter plugin exports a `counter` resource
//! (see `resources/counters.wit`); the host and an importing plugin create,
//! use, pass and drop counters, and the owner's destructor is observed through
//! its `drops` function.

use std::collections::HashMap;

use wasm_link::wasmtime::component::ResourceAny;
use wasm_link::{
    Any, Binding, Engine, ExactlyOne, FunctionKind, Interface, LinkError, PluginInstance,
    ReturnKind, Val, drop_resource,
};

use crate::common::{Ctx, bounded, interface, interfaces, linker, plugin};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

pub(crate) fn counters_interface() -> Interface {
    use FunctionKind::{Freestanding, Method};
    use ReturnKind::{AssumeNoResources, MayContainResources, Void};
    interface(
        &[
            ("[constructor]counter", Freestanding, MayContainResources),
            ("[static]counter.zero", Freestanding, MayContainResources),
            ("[method]counter.add", Method, Void),
            ("[method]counter.get", Method, AssumeNoResources),
            ("[method]counter.merge", Method, Void),
            ("drops", Freestanding, AssumeNoResources),
            ("sum", Freestanding, AssumeNoResources),
            ("consume", Freestanding, AssumeNoResources),
            ("make-list", Freestanding, MayContainResources),
            ("make-pair", Freestanding, MayContainResources),
            ("make-maybe", Freestanding, MayContainResources),
            ("make-result", Freestanding, MayContainResources),
        ],
        &["counter"],
    )
}

pub(crate) fn user_interface() -> Interface {
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
    interface(
        &functions.map(|f| (f, FunctionKind::Freestanding, ReturnKind::AssumeNoResources)),
        &[],
    )
}

pub(crate) fn counter_plugin(engine: &Engine) -> PluginInstance<Ctx> {
    plugin(engine, "resources/counter.wat")
        .instantiate(engine, &linker(engine))
        .expect("the counter plugin instantiates")
}

/// A binding of one counter plugin, with id `counter`.
fn counter_binding(engine: &Engine) -> One {
    Binding::new(
        "test:resources",
        interfaces("counters", counters_interface()),
        ExactlyOne("counter".to_owned(), counter_plugin(engine)),
    )
}

/// The engine of these tests: `recommended_config()`'s, without
/// concurrency support. On an engine with it, Wasmtime 50 cannot lift two
/// borrowed handles into one host function, so `user.wat` (whose `sum` and
/// `merge` take two) would not link (`cm_async.rs` tests that refusal).
pub(crate) fn engine() -> Engine {
    Engine::new(&wasm_link::recommended_config()).expect("engine")
}

/// A counter binding and the binding of a user plugin linked to it.
fn counter_and_user(engine: &Engine) -> (One, One) {
    let counters = counter_binding(engine);
    let user = plugin(engine, "resources/user.wat")
        .link(engine, linker(engine), [&counters])
        .expect("the user plugin links to the counter binding");
    let user = Binding::new(
        "test:resources",
        interfaces("user", user_interface()),
        ExactlyOne("user".to_owned(), user),
    );
    (counters, user)
}

/// Calls `function` on a one-plugin binding and unwraps its result.
fn call(binding: &One, interface: &str, function: &str, args: &[Val]) -> Val {
    let ExactlyOne(_, result) = binding
        .dispatch(interface, function, args)
        .unwrap_or_else(|e| panic!("dispatch of {function} failed: {e}"));
    result.unwrap_or_else(|e| panic!("{function} failed: {e}"))
}

fn call_counters(binding: &One, function: &str, args: &[Val]) -> Val {
    call(binding, "counters", function, args)
}

/// Calls the user plugin, which calls the counter plugin: bounded, so that a
/// deadlock between them fails the test instead of hanging it.
fn call_user(binding: &One, function: &'static str, args: &[Val]) -> Val {
    let (binding, args) = (binding.clone(), args.to_vec());
    bounded(function, move || call(&binding, "user", function, &args))
}

fn handle(val: &Val) -> ResourceAny {
    match val {
        Val::Resource(handle) => *handle,
        other => panic!("expected a resource handle, got {other:?}"),
    }
}

fn get(binding: &One, counter: ResourceAny) -> Val {
    call_counters(binding, "[method]counter.get", &[Val::Resource(counter)])
}

fn drops(binding: &One) -> Val {
    call_counters(binding, "drops", &[])
}

#[test]
fn host_constructs_calls_methods_and_drops_a_counter() {
    let engine = engine();
    let binding = counter_binding(&engine);

    let counter = handle(&call_counters(
        &binding,
        "[constructor]counter",
        &[Val::U32(5)],
    ));
    assert!(
        counter.owned(),
        "a constructor gives the host an owned handle"
    );
    let added = call_counters(
        &binding,
        "[method]counter.add",
        &[Val::Resource(counter), Val::U32(3)],
    );
    assert_eq!(
        added,
        Val::Tuple(vec![]),
        "a method without a result returns an empty tuple"
    );
    assert_eq!(get(&binding, counter), Val::U32(8));

    assert_eq!(drops(&binding), Val::U32(0), "nothing dropped yet");
    drop_resource(counter).expect("the host drops its counter");
    assert_eq!(drops(&binding), Val::U32(1), "the owner's destructor ran");
}

#[test]
fn static_function_returns_a_counter_the_host_can_use_and_drop() {
    let engine = engine();
    let binding = counter_binding(&engine);

    let counter = handle(&call_counters(&binding, "[static]counter.zero", &[]));
    assert_eq!(get(&binding, counter), Val::U32(0));
    drop_resource(counter).expect("the host drops its counter");
    assert_eq!(drops(&binding), Val::U32(1));
}

#[test]
fn constructor_and_static_fan_out_and_methods_reach_each_handles_owner() {
    let engine = engine();
    let both = Binding::new(
        "test:resources",
        interfaces("counters", counters_interface()),
        Any(HashMap::from([
            ("a".to_owned(), counter_plugin(&engine)),
            ("b".to_owned(), counter_plugin(&engine)),
        ])),
    );
    let dispatch = |function: &str, args: &[Val]| -> HashMap<String, Val> {
        let Any(results) = both.dispatch("counters", function, args).expect("dispatch");
        results
            .into_iter()
            .map(|(id, result)| (id, result.unwrap_or_else(|e| panic!("{function}: {e}"))))
            .collect()
    };

    let made = dispatch("[constructor]counter", &[Val::U32(1)]);
    assert_eq!(made.len(), 2, "one counter per plugin: {made:?}");
    let (a, b) = (handle(&made["a"]), handle(&made["b"]));

    // A method runs in the owner only, so only the owner answers.
    let added = dispatch("[method]counter.add", &[Val::Resource(a), Val::U32(10)]);
    assert_eq!(added.keys().collect::<Vec<_>>(), ["a"]);
    let added = dispatch("[method]counter.add", &[Val::Resource(b), Val::U32(20)]);
    assert_eq!(added.keys().collect::<Vec<_>>(), ["b"]);
    assert_eq!(
        dispatch("[method]counter.get", &[Val::Resource(a)]),
        HashMap::from([("a".to_owned(), Val::U32(11))])
    );
    assert_eq!(
        dispatch("[method]counter.get", &[Val::Resource(b)]),
        HashMap::from([("b".to_owned(), Val::U32(21))])
    );

    let zeros = dispatch("[static]counter.zero", &[]);
    assert_eq!(zeros.len(), 2, "one counter per plugin: {zeros:?}");
    for (id, zero) in &zeros {
        assert_eq!(
            dispatch("[method]counter.get", std::slice::from_ref(zero)),
            HashMap::from([(id.clone(), Val::U32(0))])
        );
    }

    drop_resource(a).expect("drop a's counter");
    assert_eq!(
        dispatch("drops", &[]),
        HashMap::from([("a".to_owned(), Val::U32(1)), ("b".to_owned(), Val::U32(0))]),
        "only the owner's destructor runs"
    );
    drop_resource(b).expect("drop b's counter");
    for zero in zeros.values() {
        drop_resource(handle(zero)).expect("drop a zero counter");
    }
    assert_eq!(
        dispatch("drops", &[]),
        HashMap::from([("a".to_owned(), Val::U32(2)), ("b".to_owned(), Val::U32(2))])
    );
}

#[test]
fn importer_creates_uses_and_drops_a_counter_through_its_socket() {
    let engine = engine();
    let (counters, user_binding) = counter_and_user(&engine);

    assert_eq!(
        call_user(&user_binding, "round-trip", &[Val::U32(5), Val::U32(3)]),
        Val::U32(8)
    );
    assert_eq!(
        drops(&counters),
        Val::U32(1),
        "the importer dropping its handle ran the owner's destructor"
    );
}

#[test]
fn resources_nested_in_results_reach_the_host_as_owner_handles() {
    let engine = engine();
    let binding = counter_binding(&engine);
    let mut all = Vec::new();

    let Val::List(items) = call_counters(&binding, "make-list", &[Val::U32(4), Val::U32(6)]) else {
        panic!("make-list returns a list");
    };
    let items: Vec<ResourceAny> = items.iter().map(handle).collect();
    assert_eq!(items.len(), 2);
    assert_eq!(get(&binding, items[0]), Val::U32(4));
    assert_eq!(get(&binding, items[1]), Val::U32(6));
    all.extend(items);

    let Val::Record(fields) = call_counters(&binding, "make-pair", &[Val::U32(5)]) else {
        panic!("make-pair returns a record");
    };
    assert_eq!(fields[0], ("tag".to_owned(), Val::U32(5)));
    assert_eq!(fields[1].0, "item");
    let item = handle(&fields[1].1);
    assert_eq!(get(&binding, item), Val::U32(5));
    all.push(item);

    let Val::Option(Some(maybe)) = call_counters(&binding, "make-maybe", &[Val::U32(7)]) else {
        panic!("make-maybe returns some");
    };
    let maybe = handle(&maybe);
    assert_eq!(get(&binding, maybe), Val::U32(7));
    all.push(maybe);

    let Val::Result(Ok(Some(ok))) = call_counters(&binding, "make-result", &[Val::U32(9)]) else {
        panic!("make-result returns ok");
    };
    let ok = handle(&ok);
    assert_eq!(get(&binding, ok), Val::U32(9));
    all.push(ok);

    assert_eq!(drops(&binding), Val::U32(0));
    for counter in all {
        drop_resource(counter).expect("the host drops a nested counter");
    }
    assert_eq!(
        drops(&binding),
        Val::U32(5),
        "every nested counter's destructor ran"
    );
}

#[test]
fn resources_nested_in_results_reach_an_importer() {
    let engine = engine();
    let (counters, user_binding) = counter_and_user(&engine);

    assert_eq!(call_user(&user_binding, "list-total", &[]), Val::U32(4 + 6));
    assert_eq!(call_user(&user_binding, "pair-total", &[]), Val::U32(5 + 5));
    assert_eq!(call_user(&user_binding, "maybe-total", &[]), Val::U32(7));
    assert_eq!(call_user(&user_binding, "result-total", &[]), Val::U32(9));
    assert_eq!(
        drops(&counters),
        Val::U32(5),
        "the importer dropped every nested counter it received"
    );
}

#[test]
fn host_passes_counters_to_their_owner_in_other_argument_positions() {
    let engine = engine();
    let binding = counter_binding(&engine);
    let a = handle(&call_counters(
        &binding,
        "[constructor]counter",
        &[Val::U32(2)],
    ));
    let b = handle(&call_counters(
        &binding,
        "[constructor]counter",
        &[Val::U32(3)],
    ));

    // Two borrows of a freestanding function.
    assert_eq!(
        call_counters(&binding, "sum", &[Val::Resource(a), Val::Resource(b)]),
        Val::U32(5)
    );
    // A borrow after `self`.
    call_counters(
        &binding,
        "[method]counter.merge",
        &[Val::Resource(a), Val::Resource(b)],
    );
    assert_eq!(get(&binding, a), Val::U32(5));
    assert_eq!(
        get(&binding, b),
        Val::U32(3),
        "the lent counter is unchanged"
    );
    // An owned argument: the owner receives its own handle (`resource.rep`
    // in `consume` traps on any other) and drops it.
    assert_eq!(
        call_counters(&binding, "consume", &[Val::Resource(a)]),
        Val::U32(5)
    );
    assert_eq!(
        drops(&binding),
        Val::U32(1),
        "consume dropped the counter it was given"
    );
    assert!(
        drop_resource(a).is_err(),
        "a handle passed as `own` has moved"
    );
    assert_eq!(drops(&binding), Val::U32(1));

    drop_resource(b).expect("the lent counter is still the host's");
    assert_eq!(drops(&binding), Val::U32(2));
}

#[test]
fn importer_passes_counters_to_their_owner_in_other_argument_positions() {
    let engine = engine();
    let (counters, user_binding) = counter_and_user(&engine);

    // The importer's handle comes back to the owner as the owner's own
    // handle: `consume` calls `resource.rep` on it, which traps on any other.
    assert_eq!(
        call_user(&user_binding, "give", &[Val::U32(7)]),
        Val::U32(7)
    );
    assert_eq!(
        drops(&counters),
        Val::U32(1),
        "consume dropped the counter it was given"
    );
    assert_eq!(
        call_user(&user_binding, "sum-two", &[Val::U32(2), Val::U32(3)]),
        Val::U32(5)
    );
    assert_eq!(
        call_user(&user_binding, "merge-two", &[Val::U32(2), Val::U32(3)]),
        Val::U32(5)
    );
    assert_eq!(
        drops(&counters),
        Val::U32(5),
        "the importer dropped all four of its counters"
    );
}

#[test]
fn host_lends_and_gives_counters_to_a_plugin_that_does_not_own_them() {
    let engine = engine();
    let (counters, user_binding) = counter_and_user(&engine);
    let counter = handle(&call_counters(
        &counters,
        "[constructor]counter",
        &[Val::U32(4)],
    ));

    // `read` takes a borrow: the plugin reads it through its socket.
    assert_eq!(
        call_user(&user_binding, "read", &[Val::Resource(counter)]),
        Val::U32(4)
    );
    assert_eq!(
        drops(&counters),
        Val::U32(0),
        "a lent counter is not dropped"
    );
    assert_eq!(
        get(&counters, counter),
        Val::U32(4),
        "the host still holds its counter"
    );

    // `take` takes ownership: the plugin reads it, then drops it.
    assert_eq!(
        call_user(&user_binding, "take", &[Val::Resource(counter)]),
        Val::U32(4)
    );
    assert_eq!(
        drops(&counters),
        Val::U32(1),
        "the non-owner dropping the given counter ran the owner's destructor"
    );
}

#[test]
fn host_lends_a_counter_to_every_plugin_of_a_fan_out() {
    let engine = engine();
    let counters = counter_binding(&engine);
    let user = || {
        plugin(&engine, "resources/user.wat")
            .link(&engine, linker(&engine), [&counters])
            .expect("a user plugin links")
    };
    let users = Binding::new(
        "test:resources",
        interfaces("user", user_interface()),
        Any(HashMap::from([
            ("one".to_owned(), user()),
            ("two".to_owned(), user()),
        ])),
    );
    let counter = handle(&call_counters(
        &counters,
        "[constructor]counter",
        &[Val::U32(4)],
    ));

    // `read` borrows: lending one handle to several plugins moves nothing.
    let Any(read) = bounded("read", move || {
        users.dispatch("user", "read", &[Val::Resource(counter)])
    })
    .expect("a lent handle may go to several plugins");
    for (id, value) in read {
        assert_eq!(
            value.expect("read"),
            Val::U32(4),
            "plugin {id} read the counter"
        );
    }
    assert_eq!(
        get(&counters, counter),
        Val::U32(4),
        "the host still holds its counter"
    );
    assert_eq!(drops(&counters), Val::U32(0));
}

#[test]
fn restarting_a_plugin_drops_the_counters_it_held() {
    let engine = engine();
    let counters = counter_binding(&engine);
    let keeper = plugin(&engine, "resources/keeper.wat")
        .link(&engine, linker(&engine), [&counters])
        .expect("the keeper links to the counter binding");
    let void = |name| (name, FunctionKind::Freestanding, ReturnKind::Void);
    let keeper = Binding::new(
        "test:resources",
        interfaces("keeper", interface(&[void("keep"), void("crash")], &[])),
        ExactlyOne("keeper".to_owned(), keeper),
    );
    let counter = handle(&call_counters(
        &counters,
        "[constructor]counter",
        &[Val::U32(3)],
    ));
    call(&keeper, "keeper", "keep", &[Val::Resource(counter)]);
    assert_eq!(
        drops(&counters),
        Val::U32(0),
        "the keeper holds the counter"
    );

    let ExactlyOne(_, crashed) = keeper.dispatch("keeper", "crash", &[]).expect("dispatch");
    assert!(
        matches!(crashed, Err(wasm_link::DispatchError::Trap { .. })),
        "{crashed:?}"
    );
    assert_eq!(
        drops(&counters),
        Val::U32(0),
        "a trapped holder still holds it"
    );

    keeper
        .restart(&"keeper".to_owned(), Ctx::new())
        .expect("restart");
    assert_eq!(
        drops(&counters),
        Val::U32(1),
        "the restarted plugin's old store released the counter it held"
    );
}

#[test]
fn a_method_that_cannot_be_routed_reaches_an_importer_that_declared_a_result_as_its_error() {
    let engine = engine();
    let counters = counter_binding(&engine);
    let reader = plugin(&engine, "resources/reader.wat")
        .link(&engine, linker(&engine), [&counters])
        .expect("reader.wat links to the counter binding");
    let reader: One = Binding::new(
        "test:resources",
        interfaces(
            "reader",
            interface(
                &[(
                    "try-read",
                    FunctionKind::Freestanding,
                    ReturnKind::AssumeNoResources,
                )],
                &[],
            ),
        ),
        ExactlyOne("reader".to_owned(), reader),
    );
    let try_read = |counter: &Val| {
        let (reader, counter) = (reader.clone(), counter.clone());
        bounded("try-read", move || {
            call(&reader, "reader", "try-read", &[counter])
        })
    };

    // Routed: a counter of the socket's own plugin.
    let ours = call_counters(&counters, "[constructor]counter", &[Val::U32(5)]);
    assert_eq!(try_read(&ours), Val::U32(5));

    // Not routable: a counter of a plugin outside the socket. The importer
    // gets `invalid-resource` (case 9) as a value and keeps running.
    let elsewhere = counter_binding(&engine);
    let theirs = call_counters(&elsewhere, "[constructor]counter", &[Val::U32(7)]);
    assert_eq!(try_read(&theirs), Val::U32(1009));
    assert_eq!(try_read(&ours), Val::U32(5), "the importer keeps answering");
}

/// The counter binding over `ids`, as `Any`.
pub(crate) fn counters_any(
    engine: &Engine,
    ids: &[&str],
) -> Binding<Any<String, PluginInstance<Ctx>>> {
    Binding::new(
        "test:resources",
        interfaces("counters", counters_interface()),
        Any(ids
            .iter()
            .map(|id| ((*id).to_owned(), counter_plugin(engine)))
            .collect()),
    )
}

#[test]
fn an_import_that_would_move_an_owned_handle_into_several_plugins_is_refused_at_link() {
    // The canonical ABI takes an `own` argument out of the importer's table
    // before any host code runs, so a fan-out refused at call time could not
    // hand the handle back: the import is refused when linking instead.
    let engine = engine();
    let two = counters_any(&engine, &["a", "b"]);
    let error = plugin(&engine, "resources/fanout_consumer.wat")
        .with_name("consumer")
        .link(&engine, linker(&engine), [&two])
        .expect_err("`consume` would move one counter into two plugins");
    assert!(
        matches!(&error, LinkError::MovesIntoSeveral { import, socket, plugins: 2, .. }
            if import == "counters#consume" && socket == "test:resources"),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("consumer") && message.contains("borrow<..>"),
        "{message}"
    );

    // Over one plugin the move has one destination: the same import links.
    let one = counters_any(&engine, &["a"]);
    plugin(&engine, "resources/fanout_consumer.wat")
        .link(&engine, linker(&engine), [&one])
        .expect("one plugin can take the counter");
}
