//! Hostile handles: forged, foreign and already-dropped resource handles are
//! errors, never panics, whether the host or a guest presents them (see
//! `hostile_handles/hostile.wit`).

use std::collections::HashMap;

use wasm_link::wasmtime::Store;
use wasm_link::wasmtime::component::{Resource, ResourceAny};
use wasm_link::{
    Any, Binding, DispatchError, Engine, ExactlyOne, FunctionKind, Interface, PluginInstance,
    ReturnKind, Val, drop_resource,
};

use crate::common::{Ctx, bounded, interface, interfaces, linker, plain_interface, plugin};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

fn counters_interface() -> Interface {
    use FunctionKind::{Freestanding, Method};
    use ReturnKind::{AssumeNoResources, MayContainResources};
    interface(
        &[
            ("[constructor]counter", Freestanding, MayContainResources),
            ("[method]counter.get", Method, AssumeNoResources),
            ("drops", Freestanding, AssumeNoResources),
            ("consume", Freestanding, AssumeNoResources),
        ],
        &["counter"],
    )
}

fn counter_plugin(engine: &Engine) -> PluginInstance<Ctx> {
    plugin(engine, "hostile_handles/counter.wat")
        .instantiate(engine, &linker(engine))
        .expect("the counter plugin instantiates")
}

fn counter_binding(engine: &Engine, id: &str) -> One {
    Binding::new(
        "test:hostile",
        interfaces("counters", counters_interface()),
        ExactlyOne(id.to_owned(), counter_plugin(engine)),
    )
}

fn call(binding: &One, function: &str, args: &[Val]) -> Val {
    let ExactlyOne(_, result) = binding
        .dispatch("counters", function, args)
        .unwrap_or_else(|e| panic!("dispatch of {function} failed: {e}"));
    result.unwrap_or_else(|e| panic!("{function} failed: {e}"))
}

fn new_counter(binding: &One, init: u32) -> ResourceAny {
    match call(binding, "[constructor]counter", &[Val::U32(init)]) {
        Val::Resource(handle) => handle,
        other => panic!("expected a handle, got {other:?}"),
    }
}

fn assert_invalid_resource(error: &DispatchError) {
    assert!(
        matches!(error, DispatchError::InvalidResource { .. }),
        "expected InvalidResource, got {error:?}"
    );
}

#[test]
fn dropping_a_handle_twice_is_an_error_and_runs_the_destructor_once() {
    let engine = Engine::default();
    let counters = counter_binding(&engine, "counter");
    let counter = new_counter(&counters, 5);

    drop_resource(counter).expect("the first drop succeeds");
    assert_eq!(call(&counters, "drops", &[]), Val::U32(1));
    let error = drop_resource(counter).expect_err("a second drop of one handle must fail");
    assert_invalid_resource(&error);
    assert_eq!(
        call(&counters, "drops", &[]),
        Val::U32(1),
        "the destructor ran once"
    );
}

#[test]
fn method_on_a_dropped_handle_is_an_invalid_resource_error() {
    let engine = Engine::default();
    let counters = counter_binding(&engine, "counter");
    let counter = new_counter(&counters, 5);
    drop_resource(counter).expect("drop");

    let error =
        match counters.dispatch("counters", "[method]counter.get", &[Val::Resource(counter)]) {
            Err(error) => error,
            Ok(ExactlyOne(_, result)) => {
                result.expect_err("a method on a dropped handle must not succeed")
            }
        };
    assert_eq!(
        call(&counters, "drops", &[]),
        Val::U32(1),
        "the owner still answers"
    );
    assert_invalid_resource(&error);
}

#[test]
fn method_on_a_handle_of_another_bindings_plugin_is_rejected_before_dispatch() {
    let engine = Engine::default();
    let first = counter_binding(&engine, "first");
    let second = counter_binding(&engine, "second");
    let theirs = new_counter(&second, 5);

    let error = first
        .dispatch("counters", "[method]counter.get", &[Val::Resource(theirs)])
        .expect_err("a handle of another binding's plugin must be rejected");
    assert_invalid_resource(&error);
    assert_eq!(error.site().plugin, "", "no plugin was reached: {error}");

    // Neither plugin was disturbed.
    assert_eq!(call(&first, "drops", &[]), Val::U32(0));
    assert_eq!(
        call(&second, "[method]counter.get", &[Val::Resource(theirs)]),
        Val::U32(5)
    );
}

#[test]
fn handle_made_by_the_host_is_rejected() {
    let engine = Engine::default();
    let counters = counter_binding(&engine, "counter");
    let mut store = Store::new(&engine, ());
    let forged = Resource::<u32>::new_own(1)
        .try_into_resource_any(&mut store)
        .expect("a host resource in a store of the host's own");

    let error = counters
        .dispatch("counters", "[method]counter.get", &[Val::Resource(forged)])
        .expect_err("a handle of no plugin must be rejected");
    assert_invalid_resource(&error);
    let error = drop_resource(forged).expect_err("a handle of no plugin cannot be dropped");
    assert_invalid_resource(&error);
    assert_eq!(
        call(&counters, "drops", &[]),
        Val::U32(0),
        "the plugin is unaffected"
    );
}

#[test]
fn handle_outliving_its_plugin_is_rejected() {
    let engine = Engine::default();
    let counters = counter_binding(&engine, "counter");
    let counter = new_counter(&counters, 5);
    let survivor = counter_binding(&engine, "survivor");
    drop(counters);

    let error = survivor
        .dispatch("counters", "[method]counter.get", &[Val::Resource(counter)])
        .expect_err("its owner is gone");
    assert_invalid_resource(&error);
    assert!(
        error.to_string().contains("plugin `counter`"),
        "the error names the owner that is gone: {error}"
    );
    // Its resource went with its owner: dropping the handle has nothing
    // left to do, and succeeds.
    drop_resource(counter).expect("a handle of a plugin that is gone drops harmlessly");
    assert_eq!(
        call(&survivor, "drops", &[]),
        Val::U32(0),
        "other plugins are unaffected"
    );
}

#[test]
fn handle_from_before_its_owners_restart_is_refused() {
    let engine = Engine::default();
    let counters = counter_binding(&engine, "counter");
    let stale = new_counter(&counters, 5);
    counters
        .restart(&"counter".to_owned(), Ctx::new())
        .expect("restart");
    let fresh = new_counter(&counters, 7);

    let error = match counters.dispatch("counters", "[method]counter.get", &[Val::Resource(stale)])
    {
        Err(error) => error,
        Ok(ExactlyOne(_, result)) => result.expect_err("a stale handle must not reach the method"),
    };
    assert_invalid_resource(&error);
    assert!(error.to_string().contains("restarted"), "{error}");
    // Its resource went with the old instance: nothing is left to drop.
    drop_resource(stale).expect("a stale handle drops harmlessly");

    // The new instance is untouched: its own counter reads and nothing was dropped.
    assert_eq!(
        call(&counters, "[method]counter.get", &[Val::Resource(fresh)]),
        Val::U32(7)
    );
    assert_eq!(call(&counters, "drops", &[]), Val::U32(0));
}

#[test]
fn owned_handle_cannot_be_moved_into_several_plugins() {
    let engine = Engine::default();
    let both = Binding::new(
        "test:hostile",
        interfaces("counters", counters_interface()),
        Any(HashMap::from([
            ("a".to_owned(), counter_plugin(&engine)),
            ("b".to_owned(), counter_plugin(&engine)),
        ])),
    );
    let Any(made) = both
        .dispatch("counters", "[constructor]counter", &[Val::U32(5)])
        .unwrap();
    let counter = made["a"].as_ref().expect("a made a counter").clone();

    let error = both
        .dispatch("counters", "consume", std::slice::from_ref(&counter))
        .expect_err("an owned handle cannot go to two plugins");
    assert_invalid_resource(&error);

    let Any(read) = both
        .dispatch("counters", "[method]counter.get", &[counter])
        .unwrap();
    assert_eq!(
        read["a"].as_ref().expect("a still answers"),
        &Val::U32(5),
        "the handle was not moved"
    );
    let Any(drops) = both.dispatch("counters", "drops", &[]).unwrap();
    for (id, dropped) in drops {
        assert_eq!(
            dropped.expect("drops answers"),
            Val::U32(0),
            "plugin {id} dropped nothing"
        );
    }
}

/// A counter binding and a fan-out over the forger and the honest importer,
/// both linked to it.
fn forger_and_honest(engine: &Engine) -> (One, Binding<Any<String, PluginInstance<Ctx>>>) {
    let counters = counter_binding(engine, "counter");
    let link = |path: &str| {
        plugin(engine, path)
            .link(engine, linker(engine), [&counters])
            .unwrap_or_else(|e| panic!("{path} links: {e}"))
    };
    let probes = Binding::new(
        "test:hostile",
        interfaces("probe", plain_interface(&["probe", "stale"])),
        Any(HashMap::from([
            ("forger".to_owned(), link("hostile_handles/forger.wat")),
            ("honest".to_owned(), link("hostile_handles/honest.wat")),
        ])),
    );
    (counters, probes)
}

/// Calls `function` on both probes: the forger's error and the honest result.
fn probe(
    probes: &Binding<Any<String, PluginInstance<Ctx>>>,
    function: &'static str,
) -> (DispatchError, Val) {
    let probes = probes.clone();
    let Any(mut results) =
        bounded(function, move || probes.dispatch("probe", function, &[])).expect("dispatch");
    let forger = results.remove("forger").expect("the forger answers");
    let honest = results.remove("honest").expect("the honest plugin answers");
    (
        forger.expect_err("the forger's call must fail"),
        honest.expect("the honest plugin's call succeeds"),
    )
}

#[test]
fn guest_using_a_handle_index_it_never_received_traps_only_itself() {
    let engine = Engine::default();
    let (counters, probes) = forger_and_honest(&engine);

    let (error, honest) = probe(&probes, "probe");
    assert!(
        matches!(error, DispatchError::Trap { .. }),
        "the forger traps: {error:?}"
    );
    assert_eq!(error.site().plugin, "forger", "{error}");
    assert_eq!(error.site().function, "probe", "{error}");
    assert_eq!(honest, Val::U32(3));

    // The host, the counter plugin and the honest plugin keep working.
    assert_eq!(
        call(&counters, "drops", &[]),
        Val::U32(1),
        "only the honest counter was dropped"
    );
    let (_, honest) = probe(&probes, "probe");
    assert_eq!(honest, Val::U32(3));
}

#[test]
fn guest_using_a_handle_it_dropped_traps_only_itself() {
    let engine = Engine::default();
    let (counters, probes) = forger_and_honest(&engine);

    let (error, honest) = probe(&probes, "stale");
    assert!(
        matches!(error, DispatchError::Trap { .. }),
        "the forger traps: {error:?}"
    );
    assert_eq!(error.site().plugin, "forger", "{error}");
    assert_eq!(honest, Val::U32(3));
    assert_eq!(
        call(&counters, "drops", &[]),
        Val::U32(2),
        "both counters were dropped, the forger's once"
    );
}
