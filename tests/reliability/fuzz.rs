//! Property-based fuzzing with proptest: `dispatch` with arbitrary `Val`
//! arguments (well typed, wrongly typed, too few or too many, nested,
//! random strings and names; never resources) against the `runtime`
//! binary's fixture plugins, directly, fanned out and through a socket; and
//! corrupted component bytes. Every call returns a value or an error, never a
//! panic; well-typed calls return the right value, ill-typed ones
//! `InvalidArguments`; and the plugins keep answering a known-good call.
//!
//! 256 cases per property by default; `PROPTEST_CASES=<n>` overrides it. A
//! failure is saved under `tests/proptest-regressions/` (commit it) and
//! replayed first on later runs.

use std::collections::HashMap;
use std::time::Duration;

use proptest::collection::{SizeRange, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use wasm_link::{
    Any, Binding, Component, DispatchError, Engine, ExactlyOne, Linker, Plugin, PluginInstance, Val,
};

use crate::common::{
    Ctx, bounded, component, engine, instance, interfaces, plain_interface, runtime,
};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// The proptest configuration: `PROPTEST_CASES` or 256 cases, failures
/// persisted beside this file's crate.
fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(256),
        source_file: Some(file!()),
        ..Config::default()
    }
}

/// Runs `property` over the values of `strategy()` with [`config`], on another thread and
/// bounded in time, so that a hang fails the test. `fixture` is made once,
/// on that thread, and shared by every case: compiling plugins per case
/// would dominate the run time.
fn check<S, T>(
    name: &str,
    strategy: impl FnOnce() -> S + Send + 'static,
    fixture: impl FnOnce() -> T + Send + 'static,
    property: impl Fn(&T, S::Value) -> Result<(), TestCaseError> + Send + 'static,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    bounded(name, Duration::from_mins(5), move || {
        let (strategy, fixture) = (strategy(), fixture());
        let mut runner = TestRunner::new(config());
        if let Err(failure) = runner.run(&strategy, |value| property(&fixture, value)) {
            panic!("{failure}");
        }
    });
}

// ---- Arbitrary values ----

/// WIT-ish names, and now and then anything at all.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9-]{0,8}",
        1 => ".{0,12}",
    ]
}

/// Any resource-free `Val`, nested a few levels deep.
fn val() -> impl Strategy<Value = Val> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Val::Bool),
        any::<u8>().prop_map(Val::U8),
        any::<i8>().prop_map(Val::S8),
        any::<u16>().prop_map(Val::U16),
        any::<i16>().prop_map(Val::S16),
        any::<u32>().prop_map(Val::U32),
        any::<i32>().prop_map(Val::S32),
        any::<u64>().prop_map(Val::U64),
        any::<i64>().prop_map(Val::S64),
        any::<f32>().prop_map(Val::Float32),
        any::<f64>().prop_map(Val::Float64),
        any::<char>().prop_map(Val::Char),
        ".{0,40}".prop_map(Val::String),
        name().prop_map(Val::Enum),
        vec(name(), 0..4).prop_map(Val::Flags),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let boxed = || option::of(inner.clone().prop_map(Box::new));
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Val::List),
            vec(inner.clone(), 0..4).prop_map(Val::FixedLengthList),
            vec((inner.clone(), inner.clone()), 0..4).prop_map(Val::Map),
            vec((name(), inner.clone()), 0..4).prop_map(Val::Record),
            vec(inner.clone(), 0..4).prop_map(Val::Tuple),
            (name(), boxed()).prop_map(|(case, payload)| Val::Variant(case, payload)),
            boxed().prop_map(Val::Option),
            (any::<bool>(), boxed()).prop_map(|(ok, payload)| Val::Result(if ok {
                Ok(payload)
            } else {
                Err(payload)
            })),
        ]
    })
}

/// Arguments for a function whose well-typed arguments `typed` generates:
/// those, arbitrary values, or those with one argument dropped, replaced or
/// added.
fn args(
    typed: impl Strategy<Value = Vec<Val>> + Clone + 'static,
) -> impl Strategy<Value = Vec<Val>> {
    prop_oneof![
        2 => typed.clone(),
        2 => vec(val(), 0..4),
        1 => (typed.clone(), any::<prop::sample::Index>()).prop_map(|(mut args, i)| {
            if !args.is_empty() {
                args.remove(i.index(args.len()));
            }
            args
        }),
        1 => (typed.clone(), any::<prop::sample::Index>(), val()).prop_map(|(mut args, i, v)| {
            if args.is_empty() {
                args.push(v);
            } else {
                let i = i.index(args.len());
                args[i] = v;
            }
            args
        }),
        1 => (typed, val()).prop_map(|(mut args, v)| {
            args.push(v);
            args
        }),
    ]
}

fn u32s(n: impl Into<SizeRange>) -> impl Strategy<Value = Vec<Val>> + Clone {
    vec(any::<u32>().prop_map(Val::U32), n)
}

/// What one plugin's call should give.
#[derive(Debug)]
enum Expect {
    /// The arguments fit: this value.
    Value(Val),
    /// The arguments fit a counting function: some `u32`.
    Count,
    /// The arguments do not fit: the whole call is refused with
    /// `InvalidArguments` before any plugin runs.
    Invalid,
}

/// Checks a whole call's refusal: only arguments that do not fit may be
/// refused, and only as `InvalidArguments`. `Ok(true)` when the call was
/// refused, `Ok(false)` when it went ahead (and the arguments must fit).
fn refused<T>(
    who: &str,
    args: &[Val],
    outcome: &Result<T, DispatchError>,
    expected: &Expect,
) -> Result<bool, TestCaseError> {
    match (expected, outcome) {
        (Expect::Invalid, Err(DispatchError::InvalidArguments { .. })) => Ok(true),
        (Expect::Invalid, Ok(_)) => Err(TestCaseError::fail(format!(
            "{who}: ill-typed {args:?} reached a plugin instead of being refused"
        ))),
        (_, Err(error)) => Err(TestCaseError::fail(format!(
            "{who}: {args:?} was refused: {error}"
        ))),
        (_, Ok(_)) => Ok(false),
    }
}

/// Checks one plugin's result against what it should be.
fn expect_result(
    who: &str,
    args: &[Val],
    result: &Result<Val, DispatchError>,
    expected: Expect,
) -> Result<(), TestCaseError> {
    match (expected, result) {
        (Expect::Value(expected), Ok(value)) => {
            prop_assert_eq!(value, &expected, "{}: {:?}", who, args);
        }
        (Expect::Count, Ok(Val::U32(_))) => {}
        (Expect::Invalid, other) => {
            return Err(TestCaseError::fail(format!(
                "{who}: ill-typed {args:?} reached the plugin and gave {other:?}"
            )));
        }
        (expected, other) => {
            return Err(TestCaseError::fail(format!(
                "{who}: well-typed {args:?} gave {other:?}, expected {expected:?}"
            )));
        }
    }
    Ok(())
}

// ---- One plugin: runtime/single_plugin ----

/// What `single_plugin/plugin.wat` returns for `function(args)`.
fn single_expected(function: &str, args: &[Val]) -> Expect {
    match (function, args) {
        ("add", [Val::U32(a), Val::U32(b)]) => Expect::Value(Val::U32(a.wrapping_add(*b))),
        ("greet", [Val::String(name)]) => Expect::Value(Val::String(format!("hello, {name}"))),
        ("summarize", [Val::List(values)]) => {
            let numbers: Option<Vec<u64>> = values
                .iter()
                .map(|v| match v {
                    Val::U32(n) => Some(u64::from(*n)),
                    _ => None,
                })
                .collect();
            numbers.map_or(Expect::Invalid, |numbers| {
                Expect::Value(Val::Record(vec![
                    (
                        "count".into(),
                        Val::U32(u32::try_from(numbers.len()).unwrap()),
                    ),
                    ("total".into(), Val::U64(numbers.iter().sum())),
                ]))
            })
        }
        ("ping", []) => Expect::Value(Val::Tuple(vec![])),
        ("pings", []) => Expect::Count,
        _ => Expect::Invalid,
    }
}

fn single_call() -> impl Strategy<Value = (&'static str, Vec<Val>)> {
    prop_oneof![
        args(u32s(2)).prop_map(|a| ("add", a)),
        args(".{0,40}".prop_map(|s| vec![Val::String(s)])).prop_map(|a| ("greet", a)),
        args(u32s(0..8).prop_map(|l| vec![Val::List(l)])).prop_map(|a| ("summarize", a)),
        args(Just(vec![])).prop_map(|a| ("ping", a)),
        args(Just(vec![])).prop_map(|a| ("pings", a)),
    ]
}

fn single_binding() -> One {
    let engine = engine();
    Binding::new(
        "test:single",
        interfaces(
            "api",
            plain_interface(&["add", "greet", "summarize", "ping", "pings"]),
        ),
        ExactlyOne(
            "only".to_owned(),
            instance(&engine, &runtime("single_plugin/plugin.wat")),
        ),
    )
}

fn add_answers(binding: &One) -> Result<(), TestCaseError> {
    let ExactlyOne(_, result) = binding
        .dispatch("api", "add", &[Val::U32(40), Val::U32(2)])
        .map_err(|e| TestCaseError::fail(format!("known-good dispatch: {e}")))?;
    prop_assert_eq!(result.map_err(|e| e.to_string()), Ok(Val::U32(42)));
    Ok(())
}

#[test]
fn dispatch_to_one_plugin_with_arbitrary_arguments_is_a_value_or_an_error() {
    check(
        "single plugin",
        single_call,
        single_binding,
        |binding, (function, args)| {
            let expected = single_expected(function, &args);
            let outcome = binding.dispatch("api", function, &args);
            if !refused(function, &args, &outcome, &expected)? {
                let ExactlyOne(_, result) = outcome.expect("checked above");
                expect_result(function, &args, &result, expected)?;
            }
            add_answers(binding)
        },
    );
}

#[test]
fn dispatch_with_arbitrary_interface_and_function_names_is_an_unknown_name_error() {
    let names = || {
        (
            prop_oneof![Just("api".to_owned()), name()],
            prop_oneof![Just("add".to_owned()), name()],
            vec(val(), 0..3),
        )
    };
    check(
        "names",
        names,
        single_binding,
        |binding, (interface, function, args)| {
            let declared = ["add", "greet", "summarize", "ping", "pings"];
            match binding.dispatch(&interface, &function, &args) {
                Err(DispatchError::UnknownInterface(site)) => {
                    prop_assert_ne!(interface.as_str(), "api");
                    prop_assert_eq!(site.interface, interface);
                }
                Err(DispatchError::UnknownFunction(site)) => {
                    prop_assert_eq!(interface.as_str(), "api");
                    prop_assert!(!declared.contains(&function.as_str()));
                    prop_assert_eq!(site.function, function);
                }
                Ok(ExactlyOne(_, result)) => {
                    prop_assert!(interface == "api" && declared.contains(&function.as_str()));
                    expect_result(&function, &args, &result, single_expected(&function, &args))?;
                }
                Err(DispatchError::InvalidArguments { .. })
                    if interface == "api"
                        && declared.contains(&function.as_str())
                        && matches!(single_expected(&function, &args), Expect::Invalid) => {}
                Err(other) => {
                    return Err(TestCaseError::fail(format!(
                        "{interface}#{function}: {other}"
                    )));
                }
            }
            add_answers(binding)
        },
    );
}

// ---- Fan-out: runtime/cardinality's sources, one of them broken ----

type Many = Binding<Any<String, PluginInstance<Ctx>>>;

/// `plus_one.wat` (`one`), `plus_two.wat` (`two`) and `broken.wat` (`bad`, whose
/// `value` and `touch` trap) as one `Any` binding.
fn sources() -> Many {
    let engine = engine();
    let source = |file: &str| instance(&engine, &runtime(&format!("cardinality/{file}")));
    Binding::new(
        "test:card",
        interfaces("source", plain_interface(&["value", "touch", "touches"])),
        Any(HashMap::from([
            ("one".to_owned(), source("plus_one.wat")),
            ("two".to_owned(), source("plus_two.wat")),
            ("bad".to_owned(), source("broken.wat")),
        ])),
    )
}

fn source_call() -> impl Strategy<Value = (&'static str, Vec<Val>)> {
    prop_oneof![
        args(u32s(1)).prop_map(|a| ("value", a)),
        args(Just(vec![])).prop_map(|a| ("touch", a)),
        args(Just(vec![])).prop_map(|a| ("touches", a)),
    ]
}

/// What source `id` (`one` or `two`) returns for `function(args)`.
fn source_expected(id: &str, function: &str, args: &[Val]) -> Expect {
    let plus = if id == "one" { 1 } else { 2 };
    match (function, args) {
        ("value", [Val::U32(x)]) => Expect::Value(Val::U32(x.wrapping_add(plus))),
        ("touch", []) => Expect::Value(Val::Tuple(vec![])),
        ("touches", []) => Expect::Count,
        _ => Expect::Invalid,
    }
}

#[test]
fn fanned_out_dispatch_with_arbitrary_arguments_is_a_value_or_an_error_per_plugin() {
    check(
        "fan-out",
        source_call,
        sources,
        |sources, (function, args)| {
            let outcome = sources.dispatch("source", function, &args);
            // Every source exports the same types: the arguments fit all or none.
            let fit = source_expected("one", function, &args);
            if !refused(function, &args, &outcome, &fit)? {
                let Any(results) = outcome.expect("checked above");
                prop_assert_eq!(results.len(), 3);
                for (id, result) in &results {
                    if id == "bad" {
                        // Traps, then is unusable: any error, or `touches`' count.
                        continue;
                    }
                    expect_result(id, &args, result, source_expected(id, function, &args))?;
                }
            }
            // The known-good call: the healthy plugins answer.
            let Any(values) = sources
                .dispatch("source", "value", &[Val::U32(1)])
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(values["one"].as_ref().ok(), Some(&Val::U32(2)));
            prop_assert_eq!(values["two"].as_ref().ok(), Some(&Val::U32(3)));
            prop_assert!(values["bad"].is_err());
            Ok(())
        },
    );
}

// ---- Through a socket: runtime/cardinality/transparent.wat over plus_one ----

/// `transparent.wat` (`value(x)` is its socket's `value(x)`) linked to
/// `plus_one.wat`.
fn transparent() -> One {
    let engine = engine();
    let source: One = Binding::new(
        "test:card",
        interfaces("source", plain_interface(&["value", "touch", "touches"])),
        ExactlyOne(
            "one".to_owned(),
            instance(&engine, &runtime("cardinality/plus_one.wat")),
        ),
    );
    let probe = Plugin::new(
        component(&engine, &runtime("cardinality/transparent.wat")),
        Ctx::new(),
    )
    .link(&engine, Linker::new(&engine), [source])
    .expect("transparent.wat links");
    Binding::new(
        "test:card",
        interfaces("probe", plain_interface(&["value", "touch"])),
        ExactlyOne("probe".to_owned(), probe),
    )
}

#[test]
fn dispatch_through_a_socket_with_arbitrary_arguments_is_a_value_or_an_error() {
    let calls = || {
        prop_oneof![
            args(u32s(1)).prop_map(|a| ("value", a)),
            args(Just(vec![])).prop_map(|a| ("touch", a)),
        ]
    };
    check("socket", calls, transparent, |probe, (function, args)| {
        // The probe exports `value` and `touch` as plus_one.wat does.
        let expected = source_expected("one", function, &args);
        let outcome = probe.dispatch("probe", function, &args);
        if !refused(function, &args, &outcome, &expected)? {
            let ExactlyOne(_, result) = outcome.expect("checked above");
            expect_result(function, &args, &result, expected)?;
        }
        let ExactlyOne(_, value) = probe
            .dispatch("probe", "value", &[Val::U32(1)])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(value.map_err(|e| e.to_string()), Ok(Val::U32(2)));
        Ok(())
    });
}

// ---- Corrupted component bytes ----

/// `single_plugin/plugin.wat`'s binary.
fn plugin_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        wat::parse_file(runtime("single_plugin/plugin.wat")).expect("the fixture is valid WAT")
    })
}

/// An engine that meters fuel, so that a corrupted plugin that loops is
/// stopped.
fn fuel_engine() -> Engine {
    let mut config = wasm_link::recommended_config();
    config.consume_fuel(true);
    Engine::new(&config).expect("engine")
}

#[test]
fn corrupted_component_bytes_are_an_error_or_a_plugin_that_answers_never_a_panic() {
    // 1 to 8 bytes overwritten, then perhaps the end cut off.
    let corruption = || {
        (
            vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            option::of(any::<prop::sample::Index>()),
        )
    };
    check(
        "corrupted bytes",
        corruption,
        fuel_engine,
        |engine, (writes, cut)| {
            let mut bytes = plugin_bytes().to_vec();
            for (at, byte) in writes {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            let Ok(component) = Component::new(engine, &bytes) else {
                return Ok(());
            };
            let Ok(instance) = Plugin::new(component, Ctx::new())
                .with_initial_fuel(1_000_000)
                .with_fuel_limiter(|_, _, _| 1_000_000)
                .instantiate(engine, &Linker::new(engine))
            else {
                return Ok(());
            };
            let binding: One = Binding::new(
                "test:single",
                interfaces(
                    "api",
                    plain_interface(&["add", "greet", "summarize", "ping", "pings"]),
                ),
                ExactlyOne("corrupt".to_owned(), instance),
            );
            // Whatever the corruption did, each call is a value or an error:
            // the plugin's, or the whole call's refusal when the corruption
            // changed a parameter's type so that the arguments no longer fit.
            for (function, args) in [
                ("add", vec![Val::U32(40), Val::U32(2)]),
                ("greet", vec![Val::String("x".into())]),
                ("summarize", vec![Val::List(vec![Val::U32(1), Val::U32(2)])]),
                ("ping", vec![]),
                ("pings", vec![]),
            ] {
                match binding.dispatch("api", function, &args) {
                    Ok(_) | Err(DispatchError::InvalidArguments { .. }) => {}
                    Err(e) => {
                        return Err(TestCaseError::fail(format!("dispatch of {function}: {e}")));
                    }
                }
            }
            Ok(())
        },
    );
}

// ---- Changes of members ----

/// One change of an `Any` binding's members: ids 0-3, each member built as
/// `plus_one` (build 0) or `plus_two` (build 1).
#[derive(Debug, Clone, Copy)]
enum Change {
    Insert(u8, usize),
    Replace(u8, usize),
    Remove(u8),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..4_u8, 0..2_usize).prop_map(|(id, build)| Change::Insert(id, build)),
        (0..4_u8, 0..2_usize).prop_map(|(id, build)| Change::Replace(id, build)),
        (0..4_u8).prop_map(Change::Remove),
    ]
}

/// Any sequence of inserts, replacements and removals on an `Any` binding
/// behaves as a map of ids to builds: a change the map refuses (an id
/// already there, or not there) is refused and changes nothing, and after
/// every step the host and an importer linked once, at the start, see
/// exactly the map's members answering with their builds' values.
#[test]
fn changes_of_members_behave_as_a_map_of_ids_seen_by_host_and_importer() {
    check(
        "changes of members",
        || vec(change(), 1..16),
        || {
            let engine = engine();
            let builds = [
                component(&engine, &runtime("cardinality/plus_one.wat")),
                component(&engine, &runtime("cardinality/plus_two.wat")),
            ];
            let listed = component(&engine, &runtime("cardinality/listed.wat"));
            (engine, builds, listed)
        },
        |(engine, builds, listed), changes| {
            let source = || {
                let f = wasm_link::FunctionKind::Freestanding;
                let r = wasm_link::ReturnKind::AssumeNoResources;
                interfaces(
                    "source",
                    wasm_link::Interface::new(
                        [
                            ("value", f, r),
                            ("touch", f, wasm_link::ReturnKind::Void),
                            ("touches", f, r),
                        ]
                        .into_iter()
                        .map(|(n, k, r)| (n.to_owned(), wasm_link::Function::new(k, r)))
                        .collect(),
                        std::collections::HashSet::new(),
                    ),
                )
            };
            let sources: Binding<Any<String, PluginInstance<Ctx>>> =
                Binding::new("test:card", source(), Any(HashMap::new()));
            let importer = Plugin::new(listed.clone(), Ctx::new())
                .link(engine, Linker::new(engine), [&sources])
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let probe: One = Binding::new(
                "test:card",
                interfaces("probe", plain_interface(&["value", "touch"])),
                ExactlyOne("probe".to_owned(), importer),
            );
            let plugin = |build: usize| {
                Plugin::new(builds[build].clone(), Ctx::new())
                    .instantiate(engine, &Linker::new(engine))
                    .expect("a source starts")
            };
            let mut model = std::collections::BTreeMap::new();
            for change in changes {
                let (outcome, allowed) = match change {
                    Change::Insert(id, build) => {
                        let id = id.to_string();
                        let allowed = !model.contains_key(&id);
                        if allowed {
                            model.insert(id.clone(), build);
                        }
                        (sources.insert(id, plugin(build)), allowed)
                    }
                    Change::Replace(id, build) => {
                        let id = id.to_string();
                        let allowed = model.contains_key(&id);
                        if allowed {
                            model.insert(id.clone(), build);
                        }
                        (sources.replace(&id, plugin(build)), allowed)
                    }
                    Change::Remove(id) => {
                        let id = id.to_string();
                        (sources.remove(&id), model.remove(&id).is_some())
                    }
                };
                prop_assert_eq!(outcome.is_ok(), allowed, "{:?}: {:?}", change, outcome);
                prop_assert_eq!(sources.ids(), model.keys().cloned().collect::<Vec<_>>());

                // The host: each member answers value(1) with its build's x + 1 or x + 2.
                let Any(results) = sources
                    .dispatch("source", "value", &[Val::U32(1)])
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                for (id, build) in &model {
                    let expected = Val::U32(2 + u32::try_from(*build).unwrap());
                    prop_assert_eq!(results[id].as_ref().ok(), Some(&expected));
                }
                prop_assert_eq!(results.len(), model.len());

                // The importer, linked once: one entry per member, in id order.
                let ExactlyOne(_, listed) = probe
                    .dispatch("probe", "value", &[Val::U32(1)])
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let Ok(Val::List(entries)) = listed else {
                    return Err(TestCaseError::fail(format!("the probe failed: {listed:?}")));
                };
                let expected: Vec<Val> = model
                    .iter()
                    .map(|(id, build)| {
                        Val::Tuple(vec![
                            Val::String(id.clone()),
                            Val::U32(2 + u32::try_from(*build).unwrap()),
                        ])
                    })
                    .collect();
                prop_assert_eq!(entries, expected);
            }
            Ok(())
        },
    );
}
