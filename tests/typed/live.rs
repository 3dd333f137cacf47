//! A typed group whose plugins change while it runs: the group checks each
//! newcomer against its WIT, and its calls, and the importers it is the
//! socket of, see every change. The plugins are the runtime tests'
//! `cardinality` sources (`tests/runtime/cardinality/cardinality.wit`).

use std::collections::HashMap;

use wasm_link::{
    Any, Binding, Engine, ExactlyOne, Function, FunctionKind, Interface, LinkError, PluginInstance,
    ReturnKind, Val,
};

use crate::common::{Ctx, instance, plugin};

wasm_link::bind!(inline: "
    package test:card;
    interface source {
        value: func(x: u32) -> u32;
        touch: func();
        touches: func() -> u32;
    }
");

type Sources = test_card::Group<Any<String, PluginInstance<Ctx>>>;

/// A source of the runtime tests by file name under `runtime/`.
fn source(engine: &Engine, file: &str) -> PluginInstance<Ctx> {
    instance(engine, &format!("../runtime/{file}"))
}

/// What `value(1)` answers, per plugin, through the typed group.
fn values(group: &Sources) -> HashMap<String, u32> {
    let Any(results) = group.source().value(1);
    results
        .into_iter()
        .map(|(id, result)| (id, result.unwrap()))
        .collect()
}

#[test]
fn typed_calls_see_members_inserted_replaced_and_removed() {
    let engine = Engine::default();
    let group = Sources::new(Any(HashMap::new())).unwrap();
    assert!(values(&group).is_empty());

    group
        .insert("a".to_owned(), source(&engine, "cardinality/plus_one.wat"))
        .unwrap();
    group
        .insert("b".to_owned(), source(&engine, "cardinality/plus_one.wat"))
        .unwrap();
    assert_eq!(
        values(&group),
        HashMap::from([("a".into(), 2), ("b".into(), 2)])
    );

    group
        .replace(&"a".to_owned(), source(&engine, "cardinality/plus_two.wat"))
        .unwrap();
    assert_eq!(
        values(&group),
        HashMap::from([("a".into(), 3), ("b".into(), 2)])
    );

    group.remove(&"b".to_owned()).unwrap();
    assert_eq!(values(&group), HashMap::from([("a".into(), 3)]));
    // A change made through the untyped binding is the same change.
    group.binding().remove(&"a".to_owned()).unwrap();
    assert!(values(&group).is_empty());
}

#[test]
fn a_newcomer_that_does_not_fit_the_wit_is_refused_by_the_group() {
    let engine = Engine::default();
    // Empty, the binding has no export types to compare with: the WIT's
    // types, which the group checked its functions against, decide.
    let group = Sources::new(Any(HashMap::new())).unwrap();
    let error = group
        .insert("wide".to_owned(), source(&engine, "live/wide.wat"))
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::ExportMismatch { exporter, function, .. }
            if exporter == "wide" && function == "source#value"),
        "{error:?}"
    );
    // Through the untyped binding too: the group's checks stay with it.
    let error = group
        .binding()
        .insert("wide".to_owned(), source(&engine, "live/wide.wat"))
        .unwrap_err();
    assert!(
        matches!(error, LinkError::ExportMismatch { .. }),
        "{error:?}"
    );
    assert!(group.binding().ids().is_empty());
}

#[test]
fn a_typed_socket_forwards_to_the_members_of_the_moment() {
    let engine = Engine::default();
    let group = Sources::new(Any(HashMap::new())).unwrap();
    let probe = plugin(&engine, "../runtime/cardinality/listed.wat")
        .link(&engine, wasm_link::Linker::new(&engine), [group.socket()])
        .unwrap();
    let f = Function::new(FunctionKind::Freestanding, ReturnKind::AssumeNoResources);
    let probe = Binding::new(
        "test:card",
        HashMap::from([(
            "probe".to_owned(),
            Interface::new(
                HashMap::from([("value".to_owned(), f), ("touch".to_owned(), f)]),
                std::collections::HashSet::new(),
            ),
        )]),
        ExactlyOne("probe".to_owned(), probe),
    );
    let probed = || {
        let ExactlyOne(_, value) = probe.dispatch("probe", "value", &[Val::U32(1)]).unwrap();
        match value.unwrap() {
            Val::List(entries) => entries.len(),
            other => panic!("not a list: {other:?}"),
        }
    };
    assert_eq!(probed(), 0);
    group
        .insert("a".to_owned(), source(&engine, "cardinality/plus_one.wat"))
        .unwrap();
    group
        .insert("b".to_owned(), source(&engine, "cardinality/plus_two.wat"))
        .unwrap();
    assert_eq!(probed(), 2);
    group.remove(&"a".to_owned()).unwrap();
    assert_eq!(probed(), 1);
}

#[test]
fn a_group_that_could_not_be_built_leaves_no_check_behind() {
    let engine = Engine::default();
    // The binding holds a plugin whose `value` returns a u64: the group,
    // whose WIT says u32, cannot be built over it.
    let binding = Binding::new(
        "test:card",
        test_card::interfaces(),
        Any(HashMap::from([(
            "wide".to_owned(),
            source(&engine, "live/wide.wat"),
        )])),
    );
    let error = Sources::from_binding(binding.clone()).unwrap_err();
    assert!(
        matches!(&error, LinkError::ExportMismatch { exporter, .. } if exporter == "wide"),
        "{error:?}"
    );
    // So it does not judge the binding's later members: another plugin like
    // the first one joins.
    binding
        .insert("wider".to_owned(), source(&engine, "live/wide.wat"))
        .expect("no group of the failed signature is there to refuse it");
    assert_eq!(binding.ids(), ["wide", "wider"]);
}
