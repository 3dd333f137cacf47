//! Deeply nested values: a plugin returns (and takes) a value nested as deep
//! as Wasmtime's validator allows, and the host lifts, checks and forwards it
//! through `dispatch` and through a socket without overflowing its stack. A
//! value nested deeper than any type, built by the host, is refused.
//!
//! The fixtures are templates (`nesting/*.wat`) filled in here with the type
//! chain for a given depth: the limit is the validator's, so the test also
//! pins it, and fails if a Wasmtime upgrade moves it.

use std::fmt::Write as _;
use std::time::Duration;

use wasm_link::{
    Binding, Component, DispatchError, Engine, ExactlyOne, Linker, Plugin, PluginInstance, Val,
};

use crate::common::{
    Ctx, bounded, engine, interfaces, is_child, own, plain_interface, run_in_child,
};

/// The deepest `list<list<...<u32>>>` nesting Wasmtime 50's validator
/// accepts in these fixtures: a type may be nested 100 deep
/// (`MAX_WASM_COMPONENT_TYPE_DEPTH`), and the function and instance types
/// around the value count too.
const MAX_DEPTH: usize = 96;

/// The type chain `$l1 = list<u32>`, ..., `$deep = list<$l{depth-1}>`.
fn types(depth: usize) -> String {
    let name = |k: usize| {
        if k == depth {
            "$deep".to_owned()
        } else {
            format!("$l{k}")
        }
    };
    (1..=depth).fold(String::new(), |mut out, k| {
        let element = if k == 1 {
            "u32".to_owned()
        } else {
            name(k - 1)
        };
        let _ = writeln!(out, "(type {} (list {element}))", name(k));
        out
    })
}

/// The template `nesting/<file>` filled in for `depth`.
fn fill(file: &str, depth: usize) -> String {
    let template = std::fs::read_to_string(own(&format!("nesting/{file}")))
        .unwrap_or_else(|e| panic!("nesting/{file}: {e}"));
    // The static value, from 0x100: 7 (the u32 at the bottom), then per
    // level a (ptr, len = 1) pointing at the level below; then the (ptr, len)
    // of the whole value, which `deep()` returns.
    let base = 0x100_u32;
    let mut bytes = 7_u32.to_le_bytes().to_vec();
    bytes.extend([0; 4]);
    for level in 1..=depth {
        let below = if level == 1 {
            base
        } else {
            base + 8 * u32::try_from(level - 1).unwrap()
        };
        bytes.extend(below.to_le_bytes());
        bytes.extend(1_u32.to_le_bytes());
    }
    let result = base + 8 * u32::try_from(depth).unwrap();
    let value = bytes.iter().fold(String::from("\""), |mut out, b| {
        let _ = write!(out, "\\{b:02x}");
        out
    }) + "\"";
    template
        .replace("(; TYPES ;)", &types(depth))
        .replace("(; VALUE ;)", &value)
        .replace("(; RESULT ;)", &result.to_string())
}

/// The value `deep()` returns at `depth`: one element per level, 7 at the
/// bottom.
fn nested(depth: usize) -> Val {
    (0..depth).fold(Val::U32(7), |inner, _| Val::List(vec![inner]))
}

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// An instance of `deep.wat` at `depth`.
fn deep_instance(engine: &Engine, depth: usize) -> PluginInstance<Ctx> {
    let component = Component::new(engine, fill("deep.wat", depth)).expect("deep.wat compiles");
    Plugin::new(component, Ctx::new())
        .instantiate(engine, &Linker::new(engine))
        .expect("deep.wat instantiates")
}

/// `deep.wat` at `depth` as binding `test:nesting`, id `deep`, declaring
/// `functions` of interface `deep`.
fn deep(engine: &Engine, depth: usize, functions: &[&str]) -> One {
    Binding::new(
        "test:nesting",
        interfaces("deep", plain_interface(functions)),
        ExactlyOne("deep".to_owned(), deep_instance(engine, depth)),
    )
}

/// `relay.wat` at `depth`, linked to [`deep`] through a transparent
/// `ExactlyOne` socket.
fn relay(engine: &Engine, depth: usize) -> One {
    let component = Component::new(engine, fill("relay.wat", depth)).expect("relay.wat compiles");
    let socket = deep(engine, depth, &["deep", "echo"]);
    let instance = Plugin::new(component, Ctx::new())
        .link(engine, Linker::new(engine), [socket])
        .expect("relay.wat links");
    Binding::new(
        "test:nesting",
        interfaces("relay", plain_interface(&["relay", "relay-echo"])),
        ExactlyOne("relay".to_owned(), instance),
    )
}

/// Calls `function` on another thread (failing the test if it hangs) and
/// returns the plugin's result, or the refusal of the whole call.
fn call(
    binding: &One,
    interface: &'static str,
    function: &'static str,
    args: Vec<Val>,
) -> Result<Val, DispatchError> {
    let binding = binding.clone();
    bounded(function, Duration::from_mins(1), move || {
        binding
            .dispatch(interface, function, &args)
            .and_then(|ExactlyOne(_, result)| result)
    })
}

#[test]
fn the_validator_refuses_one_level_more_than_the_deepest_fixture() {
    let engine = engine();
    for file in ["deep.wat", "relay.wat"] {
        Component::new(&engine, fill(file, MAX_DEPTH))
            .unwrap_or_else(|e| panic!("{file} at depth {MAX_DEPTH} compiles: {e:#}"));
        let error = Component::new(&engine, fill(file, MAX_DEPTH + 1))
            .expect_err("one level more is past the validator's limit");
        assert!(
            format!("{error:#}").contains("type nesting is too deep"),
            "{file}: {error:#}"
        );
    }
}

#[test]
fn deepest_value_comes_back_through_dispatch() {
    let engine = engine();
    let deep = deep(&engine, MAX_DEPTH, &["deep", "echo"]);
    assert_eq!(
        call(&deep, "deep", "deep", vec![]).expect("deep"),
        nested(MAX_DEPTH)
    );
    assert_eq!(
        call(&deep, "deep", "echo", vec![nested(MAX_DEPTH)]).expect("echo"),
        nested(MAX_DEPTH)
    );
}

#[test]
fn deepest_value_crosses_a_socket_both_ways() {
    let engine = engine();
    let relay = relay(&engine, MAX_DEPTH);
    assert_eq!(
        call(&relay, "relay", "relay", vec![]).expect("relay"),
        nested(MAX_DEPTH)
    );
    assert_eq!(
        call(&relay, "relay", "relay-echo", vec![nested(MAX_DEPTH)]).expect("relay-echo"),
        nested(MAX_DEPTH)
    );
}

#[test]
fn host_value_nested_deeper_than_the_type_is_invalid_arguments() {
    let engine = engine();
    let deep = deep(&engine, MAX_DEPTH, &["deep", "echo"]);
    let relay = relay(&engine, MAX_DEPTH);
    for depth in [MAX_DEPTH + 1, 10 * MAX_DEPTH, HOST_DEPTH] {
        let error = call(&deep, "deep", "echo", vec![nested(depth)])
            .expect_err("a value deeper than the parameter's type");
        assert!(
            matches!(error, DispatchError::InvalidArguments { .. }),
            "{error:?}"
        );
        let error = call(&relay, "relay", "relay-echo", vec![nested(depth)])
            .expect_err("a value deeper than the parameter's type");
        assert!(
            matches!(error, DispatchError::InvalidArguments { .. }),
            "{error:?}"
        );
    }
    // Both still answer.
    assert_eq!(
        call(&deep, "deep", "echo", vec![nested(MAX_DEPTH)]).expect("echo"),
        nested(MAX_DEPTH)
    );
    assert_eq!(
        call(&relay, "relay", "relay-echo", vec![nested(MAX_DEPTH)]).expect("relay-echo"),
        nested(MAX_DEPTH)
    );
}

/// How deep a host-built value the tests hand to `dispatch`: far past any
/// type, though shallow enough that building and dropping it (recursive in
/// Rust itself) is safe on a test thread's stack.
const HOST_DEPTH: usize = 10_000;

#[test]
fn host_value_nested_past_any_type_for_a_function_the_plugin_lacks_is_an_error() {
    // A stack overflow aborts the whole process, so the call runs in a child
    // process: an abort there fails this test, not the whole binary.
    if let Err(failure) = run_in_child("nesting::child_deep_value_for_a_missing_export") {
        panic!(
            "dispatching a value nested {HOST_DEPTH} deep to a function no plugin exports \
             did not return an error: {failure}"
        );
    }
}

/// Run by the test above, in a child process.
#[test]
#[ignore = "runs in a child process of host_value_nested_past_any_type_for_a_function_the_plugin_lacks_is_an_error"]
fn child_deep_value_for_a_missing_export() {
    if !is_child() {
        return;
    }
    // The binding declares `missing`, which deep.wat does not export: with no
    // exporter's type to check the arguments against, the runtime must still
    // not recurse itself to death on them. (The test thread itself builds
    // and drops the value without trouble.)
    let engine = engine();
    let deep = deep(&engine, MAX_DEPTH, &["deep", "echo", "missing"]);
    let error = call(&deep, "deep", "missing", vec![nested(HOST_DEPTH)])
        .expect_err("nothing exports `missing`");
    assert!(
        matches!(error, DispatchError::MissingExport(_)),
        "{error:?}"
    );
}
