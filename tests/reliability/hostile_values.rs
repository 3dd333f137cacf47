//! Hostile values: a plugin returns what the canonical ABI forbids (a string
//! that is not UTF-8, a list past the end of its memory, a surrogate `char`,
//! an enum discriminant out of range) or overflows its own stack. Each is
//! that plugin's `Err`, naming where and why, never the host's crash; a
//! plugin whose bad value was refused answers `Unusable` until restarted
//! (Wasmtime 50 does not enter a store again after a failed call); through a
//! socket the importer traps with the cause (see
//! `hostile_values/hostile_values.wit`).

use std::error::Error as _;

use wasm_link::wasmtime::Trap;
use wasm_link::{Binding, DispatchError, Engine, ExactlyOne, Linker, Plugin, PluginInstance, Val};

use crate::common::{Ctx, component, engine, instance, interfaces, own, plain_interface};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// Each function that returns a forbidden value, and a word of the error
/// that says why.
const FORBIDDEN: [(&str, &str); 4] = [
    ("bad-string", "utf-8"),
    ("huge-list", "out of bounds"),
    ("bad-char", "char"),
    ("bad-enum", "discriminant"),
];

/// values.wat as binding `test:hostile-values`, id `values`, declaring
/// `functions`.
fn values(engine: &Engine, functions: &[&str]) -> One {
    Binding::new(
        "test:hostile-values",
        interfaces("values", plain_interface(functions)),
        ExactlyOne(
            "values".to_owned(),
            instance(engine, &own("hostile_values/values.wat")),
        ),
    )
}

fn all_values(engine: &Engine) -> One {
    values(
        engine,
        &[
            "bad-string",
            "huge-list",
            "bad-char",
            "bad-enum",
            "recurse",
            "fine",
        ],
    )
}

fn call(binding: &One, interface: &str, function: &str) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = binding
        .dispatch(interface, function, &[])
        .unwrap_or_else(|e| panic!("dispatch of {function}: {e}"));
    result
}

fn assert_trap_at(error: &DispatchError, plugin: &str, function: &str) {
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    let site = error.site();
    assert_eq!(
        (site.plugin.as_str(), site.function.as_str()),
        (plugin, function),
        "{error}"
    );
}

#[test]
fn forbidden_value_is_the_plugins_err_and_leaves_it_unusable_until_restarted() {
    let engine = engine();
    let values = all_values(&engine);
    for (function, why) in FORBIDDEN {
        let error = call(&values, "values", function).expect_err("a forbidden value");
        assert_trap_at(&error, "values", function);
        assert!(error.to_string().contains(why), "{function}: {error}");
        // The host refused the plugin's result: Wasmtime 50 treats that as
        // the plugin's fault and does not enter its store again, so the
        // plugin answers `Unusable` until it is restarted.
        let after = call(&values, "values", "fine").expect_err("unusable");
        assert!(
            matches!(after, DispatchError::Unusable(_)),
            "after {function}: {after:?}"
        );
        values
            .restart(&"values".to_owned(), Ctx::new())
            .expect("restart");
        assert_eq!(
            call(&values, "values", "fine").expect("answers after the restart"),
            Val::U32(42),
            "after {function}"
        );
    }
}

/// The trap somewhere in `error`'s chain of sources.
fn trap_in_sources(error: &DispatchError) -> Option<Trap> {
    let mut source = error.source();
    while let Some(error) = source {
        if let Some(trap) = error.downcast_ref::<Trap>() {
            return Some(*trap);
        }
        source = error.source();
    }
    None
}

#[test]
fn guest_stack_overflow_is_the_plugins_err_not_the_hosts() {
    let engine = engine();
    let values = all_values(&engine);
    let error = call(&values, "values", "recurse").expect_err("the guest's stack overflows");
    assert_trap_at(&error, "values", "recurse");
    assert_eq!(
        trap_in_sources(&error),
        Some(Trap::StackOverflow),
        "{error:?}"
    );
    // Like any trap, it leaves the plugin unusable until it is restarted.
    let error = call(&values, "values", "fine").expect_err("the plugin trapped");
    assert!(matches!(error, DispatchError::Unusable(_)), "{error:?}");
    values
        .restart(&"values".to_owned(), Ctx::new())
        .expect("restart");
    assert_eq!(call(&values, "values", "fine").expect("fine"), Val::U32(42));
}

/// relay.wat linked to a fresh values.wat; returns both bindings.
fn relay(engine: &Engine) -> (One, One) {
    let values = values(
        engine,
        &["bad-string", "huge-list", "bad-char", "recurse", "fine"],
    );
    let relay = Plugin::new(
        component(engine, &own("hostile_values/relay.wat")),
        Ctx::new(),
    )
    .link(engine, Linker::new(engine), [&values])
    .expect("relay.wat links");
    let relay = Binding::new(
        "test:hostile-values",
        interfaces(
            "relay",
            plain_interface(&[
                "relay-string",
                "relay-list",
                "relay-char",
                "relay-recurse",
                "relay-fine",
            ]),
        ),
        ExactlyOne("relay".to_owned(), relay),
    );
    (relay, values)
}

#[test]
fn forbidden_value_from_a_socket_traps_the_importer_with_the_cause() {
    let engine = engine();
    for (function, why) in [
        ("bad-string", "utf-8"),
        ("huge-list", "out of bounds"),
        ("bad-char", "char"),
        ("recurse", "call stack exhausted"),
    ] {
        let (relay, values) = relay(&engine);
        let relayed = format!("relay-{}", function.split('-').next_back().unwrap());
        let error = call(&relay, "relay", &relayed).expect_err("the socket call fails");
        assert_trap_at(&error, "relay", &relayed);
        let shown = error.to_string();
        for part in ["`values`", function, why] {
            assert!(
                shown.contains(part),
                "{relayed}: `{part}` is missing from: {shown}"
            );
        }
        // The exporter's fault leaves it unusable (its store is trapped);
        // the importer, which trapped on the transparent call, too.
        let fine = call(&values, "values", "fine");
        assert!(matches!(fine, Err(DispatchError::Unusable(_))), "{fine:?}");
    }
    let (relay, _) = relay(&engine);
    assert_eq!(
        call(&relay, "relay", "relay-fine").expect("the control"),
        Val::U32(42)
    );
}
