//! Resources on the typed path: constructors, static functions and
//! freestanding functions are typed and hand out the owner's handles;
//! typed methods run in the plugin that owns the resource. Handles are
//! `Own<Counter>` and `Borrow<Counter>`.

use std::collections::HashMap;

use wasm_link::{
    Any, DispatchError, Engine, ExactlyOne, FunctionKind, Own, ReturnKind, drop_resource,
};

use crate::common::instance;

wasm_link::bind!("typed/resources/resources.wit");

use test_resources::Group;
use test_resources::counters::Counter;

fn group() -> Group<ExactlyOne<String, wasm_link::PluginInstance<crate::common::Ctx>>> {
    let engine = Engine::default();
    Group::new(ExactlyOne(
        "counters".to_owned(),
        instance(&engine, "resources/plugin.wat"),
    ))
    .unwrap()
}

fn get(
    group: &Group<ExactlyOne<String, wasm_link::PluginInstance<crate::common::Ctx>>>,
    counter: &Own<Counter>,
) -> u32 {
    group.counters().counter_get(counter.borrow()).unwrap()
}

#[test]
fn constructors_statics_and_functions_return_handles() {
    let group = group();
    let api = group.counters();
    let ExactlyOne(_, made) = api.counter_new(5);
    let made = made.unwrap();
    let ExactlyOne(_, zero) = api.counter_zero();
    let zero = zero.unwrap();
    let ExactlyOne(_, other) = api.make(9);
    let other = other.unwrap();

    // Typed methods are routed to the owner.
    assert_eq!(get(&group, &made), 5);
    assert_eq!(get(&group, &zero), 0);
    assert_eq!(get(&group, &other), 9);

    // A typed freestanding function borrows a handle the host owns.
    let ExactlyOne(_, value) = api.value_of((&other).into());
    assert_eq!(value.unwrap(), 9);

    made.release().unwrap();
    zero.release().unwrap();
    drop_resource(other).unwrap();
}

#[test]
fn metadata_marks_methods_and_resource_results() {
    let interfaces = test_resources::interfaces();
    let counters = &interfaces["counters"];
    assert_eq!(counters.resources().iter().collect::<Vec<_>>(), ["counter"]);
    let f = counters.functions();
    assert_eq!(f.len(), 6);
    assert_eq!(f["[method]counter.get"].kind(), FunctionKind::Method);
    assert_eq!(
        f["[method]counter.get"].return_kind(),
        ReturnKind::AssumeNoResources
    );
    assert_eq!(f["[constructor]counter"].kind(), FunctionKind::Freestanding);
    assert_eq!(
        f["[constructor]counter"].return_kind(),
        ReturnKind::MayContainResources
    );
    assert_eq!(f["[static]counter.zero"].kind(), FunctionKind::Freestanding);
    assert_eq!(f["make"].return_kind(), ReturnKind::MayContainResources);
    assert_eq!(f["value-of"].return_kind(), ReturnKind::AssumeNoResources);
    assert_eq!(f["plain"].return_kind(), ReturnKind::AssumeNoResources);
}

#[test]
fn resource_free_functions_stay_typed() {
    let group = group();
    let ExactlyOne(_, n) = group.counters().plain();
    assert_eq!(n.unwrap(), 7);
}

#[test]
fn typed_methods_run_in_the_plugin_that_owns_the_resource() {
    let engine = Engine::default();
    let group = Group::new(Any(HashMap::from([
        ("a".to_owned(), instance(&engine, "resources/plugin.wat")),
        ("b".to_owned(), instance(&engine, "resources/plugin.wat")),
    ])))
    .unwrap();
    let api = group.counters();
    let Any(made) = api.counter_new(3);
    assert_eq!(made.len(), 2, "the constructor fans out");
    for (id, handle) in made {
        let handle = handle.unwrap();
        // Each handle is valid only in its owner's store: a method sent to
        // the other plugin would fail, so success shows the routing.
        assert_eq!(api.counter_get(handle.borrow()).unwrap(), 3, "plugin {id}");
        handle.release().unwrap();
    }
}

#[test]
fn typed_method_on_a_dropped_handle_is_an_error() {
    let group = group();
    let api = group.counters();
    let ExactlyOne(_, made) = api.counter_new(1);
    let made = made.unwrap();
    // A borrow outlives nothing: taken before the release, it is stale after.
    let borrowed = made.borrow();
    made.release().unwrap();
    let error = api.counter_get(borrowed).unwrap_err();
    assert!(
        matches!(error, DispatchError::InvalidResource { .. }),
        "{error:?}"
    );
}

#[test]
fn typed_method_on_another_groups_resource_is_an_error() {
    let (mine, theirs) = (group(), group());
    let ExactlyOne(_, foreign) = theirs.counters().counter_new(1);
    let foreign = foreign.unwrap();
    let error = mine.counters().counter_get(foreign.borrow()).unwrap_err();
    assert!(
        matches!(error, DispatchError::InvalidResource { .. }),
        "{error:?}"
    );
    drop_resource(foreign).unwrap();
}

#[test]
fn an_owned_handle_where_the_wit_borrows_is_a_type_mismatch() {
    use wasm_link::__private::typed_function;
    use wasm_link::{Borrow, LinkError};
    let group = group();
    // `value-of` takes `borrow<counter>`: typed as such it is accepted...
    typed_function::<_, _, (Borrow<Counter>,), (u32,)>(group.binding(), "counters", "value-of")
        .unwrap();
    // ...and typed with an owned handle it is refused, saying why.
    let error =
        typed_function::<_, _, (Own<Counter>,), (u32,)>(group.binding(), "counters", "value-of")
            .unwrap_err();
    assert!(
        matches!(&error, LinkError::ExportMismatch { reason, .. }
            if reason.contains("expected an `own` handle, found a `borrow`")),
        "{error}"
    );
}
