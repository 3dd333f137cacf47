//! One typed group type over each cardinality: the same call returns one
//! result per plugin, in the group's own wrapper.

use std::collections::HashMap;

use wasm_link::{Any, AtLeastOne, AtMostOne, Engine, ExactlyOne, PluginInstance};

use crate::common::{Ctx, instance};
use crate::roundtrip::everything;
use crate::roundtrip::test_roundtrip::Group;

const PLUGIN: &str = "roundtrip/plugin.wat";

#[test]
fn exactly_one() {
    let engine = Engine::default();
    let group = Group::new(ExactlyOne(1_u32, instance(&engine, PLUGIN))).unwrap();
    let ExactlyOne(id, result) = group.api().echo_everything(everything());
    assert_eq!(id, 1);
    assert_eq!(result.unwrap(), everything());
}

#[test]
fn at_most_one_with_a_plugin() {
    let engine = Engine::default();
    let group = Group::new(AtMostOne(Some((
        "only".to_owned(),
        instance(&engine, PLUGIN),
    ))))
    .unwrap();
    let AtMostOne(Some((id, result))) = group.api().add(1, 2) else {
        panic!("the plugin answers");
    };
    assert_eq!(id, "only");
    assert_eq!(result.unwrap(), 3);
}

#[test]
fn at_most_one_without_a_plugin() {
    let group = Group::<AtMostOne<String, PluginInstance<Ctx>>>::new(AtMostOne(None)).unwrap();
    let AtMostOne(result) = group.api().echo_everything(everything());
    assert!(result.is_none());
}

#[test]
fn at_least_one() {
    let engine = Engine::default();
    let group = Group::new(AtLeastOne::new(
        "a".to_owned(),
        instance(&engine, PLUGIN),
        [
            ("b".to_owned(), instance(&engine, PLUGIN)),
            ("c".to_owned(), instance(&engine, PLUGIN)),
        ],
    ))
    .unwrap();
    let results = group.api().echo_everything(everything()).into_map();
    assert_eq!(results.len(), 3);
    for (id, result) in results {
        assert_eq!(result.unwrap(), everything(), "plugin {id}");
    }
    let halves = group.api().halve(7).into_map();
    assert!(
        halves
            .values()
            .all(|r| r.as_ref().unwrap() == &Err("odd".to_owned()))
    );
}

#[test]
fn any_with_several_plugins() {
    let engine = Engine::default();
    let plugins = (0..4_u8).map(|i| (i, instance(&engine, PLUGIN))).collect();
    let group = Group::new(Any(plugins)).unwrap();
    let Any(results) = group.api().echo_string("fan-out");
    let mut ids: Vec<_> = results.keys().copied().collect();
    ids.sort_unstable();
    assert_eq!(ids, [0, 1, 2, 3]);
    assert!(results.into_values().all(|r| r.unwrap() == "fan-out"));
}

#[test]
fn any_without_plugins() {
    let group = Group::<Any<String, PluginInstance<Ctx>>>::new(Any(HashMap::new())).unwrap();
    let Any(results) = group.api().echo_u64(5);
    assert!(results.is_empty());
}
