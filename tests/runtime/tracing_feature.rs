//! The `tracing` feature: a span per call into a plugin, nested as the
//! calls nest (a socket hop inside its importer's call), with the fuel the
//! call burnt; events for failures, restarts and changes of members.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use tracing_subscriber::fmt::format::FmtSpan;
use wasm_link::{Binding, Engine, ExactlyOne, PluginInstance, Val};

use crate::common::{Ctx, fuel_engine, interfaces, linker, plain_interface, plugin};

/// A writer into a shared buffer, for the formatter.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What `f` traced on this thread, one line per event and closed span.
fn traced(f: impl FnOnce()) -> String {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .without_time()
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        // Other tests call into plugins on other threads at the same time,
        // with no subscriber: a call site they reach first may have cached
        // "no interest" while this subscriber was being set. Asked again now.
        tracing::callsite::rebuild_interest_cache();
        f();
    });
    let bytes = captured
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    String::from_utf8(bytes).expect("the formatter writes UTF-8")
}

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// `smoke/root.wat` (`app#quadruple` calls `numbers#double` twice) over
/// `smoke/leaf.wat`, each plugin with a fuel limiter of `fuel` per call.
fn graph(engine: &Engine, fuel: u64) -> (One, One) {
    let leaf = plugin(engine, "smoke/leaf.wat")
        .with_fuel_limiter(move |_, _, _| fuel)
        .instantiate(engine, &linker(engine))
        .expect("the leaf starts");
    let numbers = Binding::new(
        "test:smoke",
        interfaces("numbers", plain_interface(&["double"])),
        ExactlyOne("leaf".to_owned(), leaf),
    );
    let root = plugin(engine, "smoke/root.wat")
        .with_fuel_limiter(move |_, _, _| fuel)
        .link(engine, linker(engine), [&numbers])
        .expect("the root links");
    let app = Binding::new(
        "test:smoke",
        interfaces("app", plain_interface(&["quadruple"])),
        ExactlyOne("root".to_owned(), root),
    );
    (numbers, app)
}

#[test]
fn a_call_tree_is_a_tree_of_spans_with_the_fuel_each_call_burnt() {
    let engine = fuel_engine();
    let (_numbers, app) = graph(&engine, 1_000_000);
    let trace = traced(|| {
        let ExactlyOne(_, result) = app
            .dispatch("app", "quadruple", &[Val::U32(3)])
            .expect("dispatch");
        assert_eq!(result.expect("the call"), Val::U32(12));
    });
    let lines: Vec<&str> = trace.lines().filter(|l| l.contains("close")).collect();
    // Two hops into the leaf, inside the root's call, then the root's call.
    assert_eq!(lines.len(), 3, "{trace}");
    let root = r#"call{plugin="root" package="test:smoke" interface="app" function="quadruple""#;
    let leaf = r#"call{plugin="leaf" package="test:smoke" interface="numbers" function="double""#;
    for hop in &lines[..2] {
        assert!(hop.contains(root) && hop.contains(leaf), "{trace}");
        assert!(hop.contains("fuel="), "a hop records its fuel: {trace}");
    }
    assert!(
        lines[2].contains(root) && !lines[2].contains(leaf),
        "{trace}"
    );
    assert!(lines[2].contains("fuel="), "{trace}");
}

#[test]
fn failures_and_restarts_are_events() {
    let engine = fuel_engine();
    // Too little fuel for the root to finish.
    let (_numbers, app) = graph(&engine, 3);
    let trace = traced(|| {
        let ExactlyOne(_, result) = app
            .dispatch("app", "quadruple", &[Val::U32(3)])
            .expect("dispatch");
        assert!(result.is_err(), "{result:?}");
        app.restart(&"root".to_owned(), Ctx::new())
            .expect("restart");
    });
    assert!(
        trace.contains("WARN") && trace.contains("call failed") && trace.contains("fuel exhausted"),
        "{trace}"
    );
    assert!(
        trace.contains("INFO") && trace.contains("plugin restarted") && trace.contains("root"),
        "{trace}"
    );
}

#[test]
fn changes_of_members_are_events() {
    let engine = fuel_engine();
    let (numbers, _app) = graph(&engine, 1_000_000);
    let leaf = || {
        plugin(&engine, "smoke/leaf.wat")
            .instantiate(&engine, &linker(&engine))
            .expect("the leaf starts")
    };
    let trace = traced(|| {
        numbers
            .replace(&"leaf".to_owned(), leaf())
            .expect("a leaf replaces a leaf");
        numbers
            .remove(&"leaf".to_owned())
            .expect_err("an ExactlyOne keeps its plugin");
    });
    let changed = trace
        .lines()
        .find(|l| l.contains("members changed"))
        .unwrap_or_else(|| panic!("{trace}"));
    assert!(
        changed.contains("INFO")
            && changed.contains(r#"package="test:smoke""#)
            && changed.contains(r#"action="replace""#)
            && changed.contains(r#"plugin="leaf""#),
        "{changed}"
    );
    let refused = trace
        .lines()
        .find(|l| l.contains("change refused"))
        .unwrap_or_else(|| panic!("{trace}"));
    assert!(
        refused.contains("WARN") && refused.contains(r#"action="remove""#),
        "{refused}"
    );
}
