//! The host calls one plugin directly: scalar, composite (strings, lists,
//! records through the canonical ABI) and void functions.

use wasm_link::{Binding, Engine, ExactlyOne, FunctionKind, PluginInstance, ReturnKind, Val};

use crate::common::{Ctx, interface, interfaces, linker, plugin};

type Single = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// The plugin of `single_plugin/plugin.wat` as binding `test:single`, id `only`.
fn binding() -> Single {
    let engine = Engine::default();
    let instance = plugin(&engine, "single_plugin/plugin.wat")
        .instantiate(&engine, &linker(&engine))
        .unwrap();
    let api = interface(
        &[
            (
                "add",
                FunctionKind::Freestanding,
                ReturnKind::AssumeNoResources,
            ),
            (
                "greet",
                FunctionKind::Freestanding,
                ReturnKind::AssumeNoResources,
            ),
            (
                "summarize",
                FunctionKind::Freestanding,
                ReturnKind::AssumeNoResources,
            ),
            ("ping", FunctionKind::Freestanding, ReturnKind::Void),
            (
                "pings",
                FunctionKind::Freestanding,
                ReturnKind::AssumeNoResources,
            ),
        ],
        &[],
    );
    Binding::new(
        "test:single",
        interfaces("api", api),
        ExactlyOne("only".to_owned(), instance),
    )
}

/// Calls `function` and returns the plugin's value, checking the id.
fn call(binding: &Single, function: &str, args: &[Val]) -> Val {
    let ExactlyOne(id, result) = binding.dispatch("api", function, args).unwrap();
    assert_eq!(id, "only");
    result.unwrap_or_else(|e| panic!("`{function}` failed: {e}"))
}

#[test]
fn scalar_function_returns_its_result() {
    let binding = binding();
    assert_eq!(
        call(&binding, "add", &[Val::U32(40), Val::U32(2)]),
        Val::U32(42)
    );
    assert_eq!(
        call(&binding, "add", &[Val::U32(u32::MAX), Val::U32(3)]),
        Val::U32(2)
    );
}

#[test]
fn string_argument_and_result_cross_guest_memory() {
    let binding = binding();
    assert_eq!(
        call(&binding, "greet", &[Val::String("wasm".into())]),
        Val::String("hello, wasm".into())
    );
    // A second call allocates again and must not see the first one's bytes.
    assert_eq!(
        call(&binding, "greet", &[Val::String("žluťoučký kůň".into())]),
        Val::String("hello, žluťoučký kůň".into())
    );
    assert_eq!(
        call(&binding, "greet", &[Val::String(String::new())]),
        Val::String("hello, ".into())
    );
}

#[test]
fn list_argument_and_record_result_cross_guest_memory() {
    let binding = binding();
    let values = [7, 8, u32::MAX].map(Val::U32).to_vec();
    assert_eq!(
        call(&binding, "summarize", &[Val::List(values)]),
        Val::Record(vec![
            ("count".into(), Val::U32(3)),
            ("total".into(), Val::U64(15 + u64::from(u32::MAX))),
        ])
    );
    assert_eq!(
        call(&binding, "summarize", &[Val::List(vec![])]),
        Val::Record(vec![
            ("count".into(), Val::U32(0)),
            ("total".into(), Val::U64(0))
        ])
    );
}

#[test]
fn void_function_returns_empty_tuple_and_runs() {
    let binding = binding();
    assert_eq!(call(&binding, "pings", &[]), Val::U32(0));
    assert_eq!(call(&binding, "ping", &[]), Val::Tuple(vec![]));
    assert_eq!(call(&binding, "ping", &[]), Val::Tuple(vec![]));
    assert_eq!(call(&binding, "pings", &[]), Val::U32(2));
}

#[test]
fn plugin_state_persists_across_binding_clones() {
    let binding = binding();
    let clone = binding.clone();
    call(&clone, "ping", &[]);
    assert_eq!(call(&binding, "pings", &[]), Val::U32(1));
    assert_eq!(binding.ids(), ["only".to_owned()]);
    assert_eq!(binding.package(), "test:single");
}
