//! Every cardinality, seen from both sides: from wasm, through each socket
//! shape an importer may declare (see cardinality/cardinality.wit), and from
//! the host, through `Binding::dispatch`.

use std::collections::{BTreeMap, HashMap};

use wasm_link::wasmtime::Config;
use wasm_link::{
    Any, AtLeastOne, AtMostOne, Binding, DispatchError, Engine, ExactlyOne, FunctionKind,
    PluginInstance, ReturnKind, Socket, Val,
};

use crate::common::{Ctx, interface, interfaces, linker, plugin};

/// What the importers report for an `err` carrying `dispatch-error::trap`
/// (case 5).
const TRAP: u32 = 1005;
/// What the narrowed importer reports for an `err` without payload.
const NARROWED_ERR: u32 = 1000;

pub(crate) type Probe = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// test:card/source as its bindings declare it.
pub(crate) fn source_interface() -> HashMap<String, wasm_link::Interface> {
    let f = FunctionKind::Freestanding;
    interfaces(
        "source",
        interface(
            &[
                ("value", f, ReturnKind::AssumeNoResources),
                ("touch", f, ReturnKind::Void),
                ("touches", f, ReturnKind::AssumeNoResources),
            ],
            &[],
        ),
    )
}

/// A source plugin by id: `one` is `plus_one.wat`, `two` `plus_two.wat`, `bad`
/// `broken.wat`.
pub(crate) fn source(engine: &Engine, id: &str) -> PluginInstance<Ctx> {
    let file = match id {
        "one" => "cardinality/plus_one.wat",
        "two" => "cardinality/plus_two.wat",
        "bad" => "cardinality/broken.wat",
        other => panic!("no source plugin {other}"),
    };
    plugin(engine, file)
        .instantiate(engine, &linker(engine))
        .unwrap()
}

/// Sources by id, as `Any` and `AtLeastOne` take them.
pub(crate) fn sources(engine: &Engine, ids: &[&str]) -> HashMap<String, PluginInstance<Ctx>> {
    ids.iter()
        .map(|id| ((*id).to_owned(), source(engine, id)))
        .collect()
}

/// Links the importer `file` to `socket` and binds its test:card/probe.
pub(crate) fn probe(engine: &Engine, file: &str, socket: impl Into<Socket>) -> Probe {
    let importer = plugin(engine, file)
        .with_name("probe")
        .link(engine, linker(engine), [socket.into()])
        .unwrap_or_else(|e| panic!("linking {file}: {e}"));
    let f = FunctionKind::Freestanding;
    let r = ReturnKind::AssumeNoResources;
    let probe = interface(
        &[("value", f, r), ("touch", f, r), ("value-fields", f, r)],
        &[],
    );
    Binding::new(
        "test:card",
        interfaces("probe", probe),
        ExactlyOne("probe".to_owned(), importer),
    )
}

/// Calls a probe function and returns its value.
pub(crate) fn call(probe: &Probe, function: &str, args: &[Val]) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = probe.dispatch("probe", function, args).unwrap();
    result
}

/// Calls a probe function and decodes its `list<tuple<string, u32>>`: the
/// code the importer saw per plugin id.
pub(crate) fn codes(probe: &Probe, function: &str, args: &[Val]) -> BTreeMap<String, u32> {
    let value =
        call(probe, function, args).unwrap_or_else(|e| panic!("probe `{function}` failed: {e}"));
    let Val::List(items) = value else {
        panic!("not a list: {value:?}")
    };
    let count = items.len();
    let codes: BTreeMap<String, u32> = items
        .into_iter()
        .map(|item| match item {
            Val::Tuple(fields) => match fields.as_slice() {
                [Val::String(id), Val::U32(code)] => (id.clone(), *code),
                other => panic!("not an entry: {other:?}"),
            },
            other => panic!("not an entry: {other:?}"),
        })
        .collect();
    assert_eq!(codes.len(), count, "an id was delivered twice");
    codes
}

pub(crate) fn expect(entries: &[(&str, u32)]) -> BTreeMap<String, u32> {
    entries
        .iter()
        .map(|(id, code)| ((*id).to_owned(), *code))
        .collect()
}

/// How many times the sources of `binding` ran `touch`, per id.
fn touches<C>(binding: &Binding<C>) -> C::Rebind<Result<Val, DispatchError>>
where
    C: wasm_link::Cardinality,
    C::Id: wasm_link::PluginId,
{
    binding.dispatch("source", "touches", &[]).unwrap()
}

// ---- From wasm: ExactlyOne ----

#[test]
fn exactly_one_wrapped_import_receives_id_and_ok_value() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("one".to_owned(), source(&engine, "one")),
    );
    let probe = probe(&engine, "cardinality/tagged.wat", &sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(41)]),
        expect(&[("one", 42)])
    );
}

#[test]
fn exactly_one_wrapped_import_receives_the_failing_plugins_dispatch_error() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("bad".to_owned(), source(&engine, "bad")),
    );
    let probe = probe(&engine, "cardinality/tagged.wat", sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(1)]),
        expect(&[("bad", TRAP)])
    );
}

#[test]
fn dispatch_error_received_by_wasm_names_plugin_interface_function_and_cause() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("bad".to_owned(), source(&engine, "bad")),
    );
    let probe = probe(&engine, "cardinality/tagged.wat", sources);
    let fields = call(&probe, "value-fields", &[Val::U32(1)]).unwrap();
    let Val::List(fields) = fields else {
        panic!("not a list: {fields:?}")
    };
    let fields: Vec<String> = fields
        .into_iter()
        .map(|f| match f {
            Val::String(s) => s,
            other => panic!("not a string: {other:?}"),
        })
        .collect();
    let [id, plugin, interface, function, message] = fields.as_slice() else {
        panic!("expected five strings, got {fields:?}");
    };
    assert_eq!(
        [id, plugin, interface, function],
        ["bad", "bad", "source", "value"]
    );
    assert!(message.contains("unreachable"), "{message}");
}

#[test]
fn exactly_one_transparent_import_receives_the_plain_value() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("one".to_owned(), source(&engine, "one")),
    );
    let probe = probe(&engine, "cardinality/transparent.wat", &sources);
    assert_eq!(
        call(&probe, "value", &[Val::U32(41)]).unwrap(),
        Val::U32(42)
    );
    assert_eq!(call(&probe, "touch", &[]).unwrap(), Val::Tuple(vec![]));
    let ExactlyOne(_, count) = touches(&sources);
    assert_eq!(count.unwrap(), Val::U32(1));
}

#[test]
fn exactly_one_transparent_failure_traps_the_importer_with_the_cause() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("bad".to_owned(), source(&engine, "bad")),
    );
    let probe = probe(&engine, "cardinality/transparent.wat", sources);
    let error = call(&probe, "value", &[Val::U32(1)]).unwrap_err();
    let DispatchError::Trap { site, message, .. } = &error else {
        panic!("expected a trap, got {error:?}");
    };
    assert_eq!(site.plugin, "probe");
    assert!(
        message.contains("`source#value` of plugin `bad`"),
        "{message}"
    );
}

// ---- From wasm: AtMostOne ----

#[test]
fn at_most_one_with_a_plugin_delivers_some_entry() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne(Some(("one".to_owned(), source(&engine, "one")))),
    );
    let probe = probe(&engine, "cardinality/optional.wat", sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(41)]),
        expect(&[("one", 42)])
    );
}

#[test]
fn at_most_one_with_a_failing_plugin_delivers_some_error() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne(Some(("bad".to_owned(), source(&engine, "bad")))),
    );
    let probe = probe(&engine, "cardinality/optional.wat", sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(41)]),
        expect(&[("bad", TRAP)])
    );
}

#[test]
fn empty_at_most_one_delivers_none() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne::<String, PluginInstance<Ctx>>(None),
    );
    let probe = probe(&engine, "cardinality/optional.wat", sources);
    assert_eq!(codes(&probe, "value", &[Val::U32(41)]), expect(&[]));
    assert_eq!(codes(&probe, "touch", &[]), expect(&[]));
}

// ---- From wasm: AtLeastOne and Any ----

#[test]
fn at_least_one_delivers_an_entry_per_plugin_with_failures_kept_apart() {
    let engine = Engine::default();
    let mut rest = sources(&engine, &["two", "bad"]);
    let sources = AtLeastOne::new("one".to_owned(), source(&engine, "one"), rest.drain());
    let probe = probe(
        &engine,
        "cardinality/listed.wat",
        Binding::new("test:card", source_interface(), sources),
    );
    assert_eq!(
        codes(&probe, "value", &[Val::U32(10)]),
        expect(&[("one", 11), ("two", 12), ("bad", TRAP)])
    );
}

#[test]
fn any_with_three_plugins_delivers_three_entries() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["one", "two", "bad"])),
    );
    let probe = probe(&engine, "cardinality/listed.wat", sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(10)]),
        expect(&[("one", 11), ("two", 12), ("bad", TRAP)])
    );
}

#[test]
fn static_str_ids_reach_importers_and_the_host_as_strings() {
    let engine = Engine::default();
    let ids = ["one", "two", "bad"];
    let bind = || {
        Binding::new(
            "test:card",
            source_interface(),
            Any(ids
                .iter()
                .map(|id| (*id, source(&engine, id)))
                .collect::<HashMap<_, _>>()),
        )
    };
    let every = expect(&[("one", 11), ("two", 12), ("bad", TRAP)]);
    // Through the `Val` path and through typed forwarding (fresh plugins
    // each: `bad` cannot be entered again once it trapped).
    let probe_val = probe(&engine, "cardinality/listed.wat", bind());
    assert_eq!(codes(&probe_val, "value", &[Val::U32(10)]), every);
    let typed = wasm_link::__private::TypedSocket::new(&bind())
        .forward::<(u32,), (u32,)>("source", "value")
        .into_socket();
    let probe_typed = probe(&engine, "cardinality/listed.wat", typed);
    assert_eq!(codes(&probe_typed, "value", &[Val::U32(10)]), every);
    // The host gets the same `&'static str` back.
    let Any(results) = bind()
        .dispatch("source", "value", &[Val::U32(1)])
        .expect("dispatch");
    assert_eq!(results["one"].as_ref().expect("one answers"), &Val::U32(2));
}

#[test]
fn empty_any_delivers_an_empty_list() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any::<String, PluginInstance<Ctx>>(HashMap::new()),
    );
    let probe = probe(&engine, "cardinality/listed.wat", sources);
    assert_eq!(codes(&probe, "value", &[Val::U32(10)]), expect(&[]));
    assert_eq!(codes(&probe, "touch", &[]), expect(&[]));
}

#[test]
fn map_import_delivers_an_entry_per_plugin() {
    let engine = Engine::new(Config::new().wasm_component_model_map(true)).unwrap();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["one", "two", "bad"])),
    );
    let probe = probe(&engine, "cardinality/mapped.wat", &sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(10)]),
        expect(&[("one", 11), ("two", 12), ("bad", TRAP)])
    );
}

#[test]
fn map_import_of_a_void_function_delivers_an_entry_per_plugin() {
    let engine = Engine::new(Config::new().wasm_component_model_map(true)).unwrap();
    let mut rest = sources(&engine, &["two"]);
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtLeastOne::new("one".to_owned(), source(&engine, "one"), rest.drain()),
    );
    let probe = probe(&engine, "cardinality/mapped.wat", &sources);
    assert_eq!(
        codes(&probe, "touch", &[]),
        expect(&[("one", 0), ("two", 0)])
    );
    let counts = touches(&sources).into_map();
    assert_eq!(counts.len(), 2);
    assert!(
        counts.values().all(|c| matches!(c, Ok(Val::U32(1)))),
        "{counts:?}"
    );
}

#[test]
fn importer_narrowing_the_error_receives_err_without_payload() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["one", "bad"])),
    );
    let probe = probe(&engine, "cardinality/narrowed.wat", sources);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(10)]),
        expect(&[("one", 11), ("bad", NARROWED_ERR)])
    );
}

// ---- From wasm: void functions in the wrapped shapes ----

#[test]
fn void_function_wrapped_for_exactly_one_runs_the_plugin() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("one".to_owned(), source(&engine, "one")),
    );
    let probe = probe(&engine, "cardinality/tagged.wat", &sources);
    assert_eq!(codes(&probe, "touch", &[]), expect(&[("one", 0)]));
    assert_eq!(codes(&probe, "touch", &[]), expect(&[("one", 0)]));
    let ExactlyOne(_, count) = touches(&sources);
    assert_eq!(count.unwrap(), Val::U32(2));
}

#[test]
fn void_function_wrapped_for_at_most_one_runs_the_plugin() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne(Some(("one".to_owned(), source(&engine, "one")))),
    );
    let probe = probe(&engine, "cardinality/optional.wat", &sources);
    assert_eq!(codes(&probe, "touch", &[]), expect(&[("one", 0)]));
    let AtMostOne(Some((_, count))) = touches(&sources) else {
        panic!("the plugin is gone")
    };
    assert_eq!(count.unwrap(), Val::U32(1));
}

#[test]
fn void_function_wrapped_for_any_runs_every_plugin_and_reports_failures() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["one", "two", "bad"])),
    );
    let probe = probe(&engine, "cardinality/listed.wat", &sources);
    assert_eq!(
        codes(&probe, "touch", &[]),
        expect(&[("one", 0), ("two", 0), ("bad", TRAP)])
    );
    let Any(counts) = touches(&sources);
    for id in ["one", "two"] {
        assert!(
            matches!(counts[id], Ok(Val::U32(1))),
            "{id}: {:?}",
            counts[id]
        );
    }
}

// ---- From the host ----

#[test]
fn host_dispatch_exactly_one_returns_id_and_result() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("one".to_owned(), source(&engine, "one")),
    );
    let ExactlyOne(id, result) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert_eq!((id.as_str(), result.unwrap()), ("one", Val::U32(2)));
}

#[test]
fn host_dispatch_empty_at_most_one_returns_none() {
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne::<String, PluginInstance<Ctx>>(None),
    );
    assert!(sources.ids().is_empty());
    let AtMostOne(result) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert!(result.is_none(), "{result:?}");
}

#[test]
fn host_dispatch_at_most_one_returns_some_id_and_result() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne(Some(("two".to_owned(), source(&engine, "two")))),
    );
    let AtMostOne(Some((id, result))) =
        sources.dispatch("source", "value", &[Val::U32(1)]).unwrap()
    else {
        panic!("no result");
    };
    assert_eq!((id.as_str(), result.unwrap()), ("two", Val::U32(3)));
}

#[test]
fn host_dispatch_at_least_one_returns_a_result_per_id() {
    let engine = Engine::default();
    let mut rest = sources(&engine, &["two", "bad"]);
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtLeastOne::new("one".to_owned(), source(&engine, "one"), rest.drain()),
    );
    let results = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert_eq!(results.len(), 3);
    assert!(
        matches!(results.get(&"one".to_owned()), Some(Ok(Val::U32(2)))),
        "{results:?}"
    );
    assert!(
        matches!(results.get(&"two".to_owned()), Some(Ok(Val::U32(3)))),
        "{results:?}"
    );
    match results.get(&"bad".to_owned()) {
        Some(Err(DispatchError::Trap { site, .. })) => assert_eq!(site.plugin, "bad"),
        other => panic!("expected the trap of `bad`, got {other:?}"),
    }
}

#[test]
fn host_dispatch_any_returns_a_result_per_id() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["one", "two", "bad"])),
    );
    let Any(results) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    let mut ids: Vec<&str> = results.keys().map(String::as_str).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["bad", "one", "two"]);
    assert!(matches!(results["one"], Ok(Val::U32(2))));
    assert!(matches!(results["two"], Ok(Val::U32(3))));
    assert!(
        matches!(&results["bad"], Err(DispatchError::Trap { site, .. }) if site.plugin == "bad")
    );
}

#[test]
fn host_dispatch_empty_any_returns_no_results() {
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any::<String, PluginInstance<Ctx>>(HashMap::new()),
    );
    let Any(results) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert!(results.is_empty());
}

#[test]
fn host_dispatch_of_a_void_function_returns_empty_tuples_per_id() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["one", "bad"])),
    );
    let Any(results) = sources.dispatch("source", "touch", &[]).unwrap();
    assert_eq!(results.len(), 2);
    assert!(
        matches!(&results["one"], Ok(Val::Tuple(v)) if v.is_empty()),
        "{results:?}"
    );
    assert!(
        matches!(&results["bad"], Err(DispatchError::Trap { .. })),
        "{results:?}"
    );
}

// ---- From wasm, through typed forwarding (what a `bind!` group provides) ----

/// `sources` as a typed socket: its functions reach the importer through
/// typed host functions instead of the `Val` path.
fn typed<C>(sources: &Binding<C>) -> Socket
where
    C: wasm_link::Cardinality<Id = String, Item = PluginInstance<Ctx>> + 'static,
{
    wasm_link::__private::TypedSocket::new(sources)
        .forward::<(u32,), (u32,)>("source", "value")
        .forward::<(), ()>("source", "touch")
        .forward::<(), (u32,)>("source", "touches")
        .into_socket()
}

#[test]
fn typed_forwarding_delivers_every_shape_like_the_val_path() {
    let engine = Engine::new(Config::new().wasm_component_model_map(true)).unwrap();
    let one = || ExactlyOne("one".to_owned(), source(&engine, "one"));
    let bad = || ExactlyOne("bad".to_owned(), source(&engine, "bad"));
    let any = |ids: &[&str]| Any(sources(&engine, ids));
    let bind = |plugins| Binding::new("test:card", source_interface(), plugins);
    let bind_any = |plugins| Binding::new("test:card", source_interface(), plugins);

    // ExactlyOne, tagged: the value, and the failing plugin's dispatch-error.
    let probe_ok = probe(&engine, "cardinality/tagged.wat", typed(&bind(one())));
    assert_eq!(
        codes(&probe_ok, "value", &[Val::U32(41)]),
        expect(&[("one", 42)])
    );
    assert_eq!(codes(&probe_ok, "touch", &[]), expect(&[("one", 0)]));
    let probe_bad = probe(&engine, "cardinality/tagged.wat", typed(&bind(bad())));
    assert_eq!(
        codes(&probe_bad, "value", &[Val::U32(1)]),
        expect(&[("bad", TRAP)])
    );

    // ExactlyOne, transparent: the plain value; a failure traps the importer.
    let probe_plain = probe(&engine, "cardinality/transparent.wat", typed(&bind(one())));
    assert_eq!(
        call(&probe_plain, "value", &[Val::U32(41)]).unwrap(),
        Val::U32(42)
    );
    let probe_trap = probe(&engine, "cardinality/transparent.wat", typed(&bind(bad())));
    let error = call(&probe_trap, "value", &[Val::U32(1)]).unwrap_err();
    assert!(
        error.to_string().contains("`source#value` of plugin `bad`"),
        "{error}"
    );

    // AtMostOne: some entry, and none.
    let some = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne(Some(("one".to_owned(), source(&engine, "one")))),
    );
    let probe_some = probe(&engine, "cardinality/optional.wat", typed(&some));
    assert_eq!(
        codes(&probe_some, "value", &[Val::U32(41)]),
        expect(&[("one", 42)])
    );
    let none = Binding::new("test:card", source_interface(), AtMostOne(None));
    let probe_none = probe(&engine, "cardinality/optional.wat", typed(&none));
    assert_eq!(codes(&probe_none, "value", &[Val::U32(41)]), expect(&[]));

    // Any: a list and a map of every plugin's result, failures kept apart.
    // (Each gets fresh plugins: `bad` cannot be entered again once it trapped.)
    let every = expect(&[("one", 11), ("two", 12), ("bad", TRAP)]);
    for importer in ["cardinality/listed.wat", "cardinality/mapped.wat"] {
        let three = bind_any(any(&["one", "two", "bad"]));
        let probe = probe(&engine, importer, typed(&three));
        assert_eq!(codes(&probe, "value", &[Val::U32(10)]), every, "{importer}");
    }

    // An importer narrowing the error away gets `err` without a payload.
    let probe_narrow = probe(
        &engine,
        "cardinality/narrowed.wat",
        typed(&bind_any(any(&["one", "bad"]))),
    );
    assert_eq!(
        codes(&probe_narrow, "value", &[Val::U32(10)]),
        expect(&[("one", 11), ("bad", NARROWED_ERR)])
    );
}

#[test]
fn typed_forwarding_installs_typed_host_functions() {
    // A forwarder typed `string -> u32` for `value: func(x: u32) -> u32`: the
    // importer's link fails on the host function's type, which shows that
    // the typed forwarder, not the `Val` path, provides the import.
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("one".to_owned(), source(&engine, "one")),
    );
    let mistyped = wasm_link::__private::TypedSocket::new(&sources)
        .forward::<(String,), (u32,)>("source", "value")
        .into_socket();
    let error = plugin(&engine, "cardinality/transparent.wat")
        .link(&engine, linker(&engine), [mistyped])
        .expect_err("the mistyped host function does not fit the import");
    let chain = anyhow_chain(&error).join(": ");
    assert!(
        chain.contains("`value` has the wrong type") && chain.contains("expected `string`"),
        "{chain}"
    );
}

/// An error and its sources, rendered.
fn anyhow_chain(error: &dyn std::error::Error) -> Vec<String> {
    std::iter::successors(Some(error), |e| e.source())
        .map(ToString::to_string)
        .collect()
}

#[test]
fn list_entries_come_in_ascending_id_order_every_time() {
    let engine = Engine::default();
    // Ids chosen so that a HashMap's order would vary between runs.
    let ids = ["m", "c", "x", "a", "q", "f", "z", "b"];
    for _ in 0..5 {
        let plugins = ids
            .iter()
            .map(|id| ((*id).to_owned(), source(&engine, "one")))
            .collect();
        let sources = Binding::new("test:card", source_interface(), Any(plugins));
        let probe = probe(&engine, "cardinality/listed.wat", sources);
        let Val::List(items) = call(&probe, "value", &[Val::U32(1)]).expect("value") else {
            panic!("not a list")
        };
        let order: Vec<String> = items
            .into_iter()
            .map(|item| match item {
                Val::Tuple(fields) => match &fields[0] {
                    Val::String(id) => id.clone(),
                    other => panic!("not an id: {other:?}"),
                },
                other => panic!("not an entry: {other:?}"),
            })
            .collect();
        let mut sorted = ids.map(str::to_owned).to_vec();
        sorted.sort();
        assert_eq!(order, sorted);
    }
}

// ---- Combinators and the `Val` form of results ----

/// `("one", 11), ("two", 12)`-style entries as a `HashMap`.
fn keyed<Id: Copy + Eq + std::hash::Hash, T: Copy>(entries: &[(Id, T)]) -> HashMap<Id, T> {
    entries.iter().copied().collect()
}

/// The `list<tuple<string, T>>` entry keyed wrappers with string ids
/// convert to.
fn entry(id: &str, value: Val) -> Val {
    Val::Tuple(vec![Val::String(id.to_owned()), value])
}

#[test]
fn map_keeps_every_wrappers_ids_and_shape() {
    assert_eq!(ExactlyOne("a", 1).map(|n| n * 10), ExactlyOne("a", 10));
    assert_eq!(
        AtMostOne(Some(("a", 1))).map(|n| n * 10),
        AtMostOne(Some(("a", 10)))
    );
    assert_eq!(
        AtMostOne::<&str, i32>(None).map(|n| n * 10),
        AtMostOne(None)
    );
    let mapped = AtLeastOne::new("a", 1, [("b", 2), ("c", 3)]).map(|n| n * 10);
    assert_eq!(mapped.into_map(), keyed(&[("a", 10), ("b", 20), ("c", 30)]));
    let Any(mapped) = Any(keyed(&[("a", 1), ("b", 2)])).map(|n| n.to_string());
    assert_eq!(mapped.len(), 2);
    assert_eq!((mapped["a"].as_str(), mapped["b"].as_str()), ("1", "2"));
    let Any(empty) = Any::<&str, i32>(HashMap::new()).map(|n| n * 10);
    assert!(empty.is_empty());
}

#[test]
fn map_calls_f_once_per_entry() {
    let mut calls = 0;
    let _ = AtLeastOne::new("a", 1, [("b", 2), ("c", 3)]).map(|n| {
        calls += 1;
        n
    });
    let _ = Any(keyed(&[("a", 1), ("b", 2)])).map(|n| {
        calls += 1;
        n
    });
    let _ = AtMostOne::<&str, i32>(None).map(|n| {
        calls += 1;
        n
    });
    assert_eq!(calls, 5);
}

#[test]
fn map_mut_changes_every_item_in_place() {
    let mut one = ExactlyOne("a", vec![1]);
    one.map_mut(|v| v.push(2));
    assert_eq!(one, ExactlyOne("a", vec![1, 2]));

    let mut some = AtMostOne(Some(("a", 1)));
    some.map_mut(|n| *n += 1);
    assert_eq!(some, AtMostOne(Some(("a", 2))));
    let mut none = AtMostOne::<&str, i32>(None);
    none.map_mut(|_| panic!("no item to change"));
    assert_eq!(none, AtMostOne(None));

    let mut many = AtLeastOne::new("a", 1, [("b", 2)]);
    many.map_mut(|n| *n *= -1);
    assert_eq!(many.as_map(), &keyed(&[("a", -1), ("b", -2)]));

    let mut any = Any(keyed(&[("a", 1), ("b", 2), ("c", 3)]));
    let mut seen = 0;
    any.map_mut(|n| {
        seen += 1;
        *n += 100;
    });
    assert_eq!(seen, 3);
    assert_eq!(any.0, keyed(&[("a", 101), ("b", 102), ("c", 103)]));
}

#[test]
fn get_finds_by_id_or_a_borrowed_form_and_misses_others() {
    let one = ExactlyOne("a".to_owned(), 1);
    assert_eq!(one.get("a"), Some(&1));
    assert_eq!(one.get(&"a".to_owned()), Some(&1));
    assert_eq!(one.get("b"), None);

    let some = AtMostOne(Some(("a".to_owned(), 1)));
    assert_eq!(some.get("a"), Some(&1));
    assert_eq!(some.get("b"), None);
    assert_eq!(AtMostOne::<String, i32>(None).get("a"), None);

    let many = AtLeastOne::new("a".to_owned(), 1, [("b".to_owned(), 2)]);
    assert_eq!((many.get("a"), many.get("b")), (Some(&1), Some(&2)));
    assert_eq!(many.get("c"), None);

    let any = Any(HashMap::from([(7_u64, "seven")]));
    assert_eq!((any.get(&7), any.get(&8)), (Some(&"seven"), None));
    assert_eq!(Any::<u64, &str>(HashMap::new()).get(&7), None);
}

#[test]
fn single_wrappers_convert_to_their_socket_shapes() {
    // `T` (the transparent shape) and `option<tuple<id, T>>`.
    assert_eq!(Val::from(ExactlyOne("a", Val::U32(5))), Val::U32(5));
    assert_eq!(
        Val::from(AtMostOne(Some(("a", Val::String("x".into()))))),
        Val::Option(Some(Box::new(entry("a", Val::String("x".into())))))
    );
    assert_eq!(Val::from(AtMostOne::<&str, Val>(None)), Val::Option(None));
}

#[test]
fn keyed_wrappers_convert_to_id_value_tuples_in_ascending_id_order() {
    // Integer ids: ordered as numbers (2 < 10 < 33), and given as integers,
    // as importers receive them.
    let many = AtLeastOne::new(33_u32, Val::U32(3), [(2, Val::U32(1)), (10, Val::U32(2))]);
    assert_eq!(
        Val::from(many),
        Val::List(vec![
            Val::Tuple(vec![Val::U32(2), Val::U32(1)]),
            Val::Tuple(vec![Val::U32(10), Val::U32(2)]),
            Val::Tuple(vec![Val::U32(33), Val::U32(3)]),
        ])
    );
    // Ids chosen so that a HashMap's order would vary between runs.
    let ids = ["m", "c", "x", "a", "q", "f", "z", "b"];
    let mut sorted = ids;
    sorted.sort_unstable();
    let expected = Val::List(sorted.iter().map(|id| entry(id, Val::Bool(true))).collect());
    for _ in 0..5 {
        let any = Any(ids.iter().map(|id| (*id, Val::Bool(true))).collect());
        assert_eq!(Val::from(any), expected);
    }
    assert_eq!(
        Val::from(Any::<&str, Val>(HashMap::new())),
        Val::List(vec![])
    );
}

#[test]
fn dispatch_results_convert_to_results_of_dispatch_errors() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        Any(sources(&engine, &["two", "one", "bad"])),
    );
    let results = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    let Val::List(items) = Val::from(results) else {
        panic!("not a list")
    };
    let [bad, one, two] = items.as_slice() else {
        panic!("expected three entries, got {items:?}")
    };
    assert_eq!(
        *one,
        entry("one", Val::Result(Ok(Some(Box::new(Val::U32(2))))))
    );
    assert_eq!(
        *two,
        entry("two", Val::Result(Ok(Some(Box::new(Val::U32(3))))))
    );
    let Val::Tuple(fields) = bad else {
        panic!("not an entry: {bad:?}")
    };
    let [Val::String(id), Val::Result(Err(Some(error)))] = fields.as_slice() else {
        panic!("not an error entry: {fields:?}")
    };
    assert_eq!(id, "bad");
    match DispatchError::from_val(error) {
        Some(DispatchError::Trap { site, .. }) => {
            assert_eq!(
                (site.plugin.as_str(), site.function.as_str()),
                ("bad", "value")
            );
        }
        other => panic!("expected the trap of `bad`, got {other:?}"),
    }

    // A function without a result: `ok` without a payload.
    let one = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("one".to_owned(), source(&engine, "one")),
    );
    let done = one.dispatch("source", "touch", &[]).unwrap();
    assert_eq!(Val::from(done), Val::Result(Ok(None)));
    let none = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne::<String, PluginInstance<Ctx>>(None),
    );
    let nothing = none.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert_eq!(Val::from(nothing), Val::Option(None));
}

#[test]
fn dispatch_results_mapped_to_values_convert_like_values() {
    let engine = Engine::default();
    let mut rest = sources(&engine, &["two"]);
    let sources = Binding::new(
        "test:card",
        source_interface(),
        AtLeastOne::new("one".to_owned(), source(&engine, "one"), rest.drain()),
    );
    let mut results = sources
        .dispatch("source", "value", &[Val::U32(1)])
        .unwrap()
        .map(|result| result.expect("every source answers"));
    assert_eq!(results.get("one"), Some(&Val::U32(2)));
    results.map_mut(|value| *value = Val::Option(Some(Box::new(value.clone()))));
    let some = |n| Val::Option(Some(Box::new(Val::U32(n))));
    assert_eq!(
        Val::from(results),
        Val::List(vec![entry("one", some(2)), entry("two", some(3))])
    );
}

#[test]
fn return_kinds_display_in_words() {
    let words = [
        ReturnKind::Void,
        ReturnKind::AssumeNoResources,
        ReturnKind::MayContainResources,
    ]
    .map(|kind| kind.to_string());
    assert_eq!(
        words,
        [
            "returns nothing",
            "returns no resources",
            "may return resources"
        ]
    );
}
