//! Host -> plugin calls into the leaf (`fixtures/leaf.wat`).
//!
//! - `get_value_<config>`: `get-value: func() -> u32` through the typed path
//!   (`__private::typed_function` + `call_typed` over an `ExactlyOne`
//!   binding, what `bind!` code calls; with a `&'static str` id, and as
//!   `typed_arc_id` and `typed_string_id` with `Arc<str>` and `String` ids)
//!   and through `Binding::dispatch` with
//!   `Val`; floors: wasmtime's `TypedFunc::call` and `Func::call` with `Val`
//!   on the same component instantiated directly.
//! - `echo_lean`: `echo: func(s: string) -> string` with 16 B, 1 KiB and
//!   64 KiB strings, typed path against a raw `TypedFunc`. As `bind!` code
//!   does, the function is checked as `(String,) -> (String,)` and called
//!   with the borrowed `(&str,)`, which is lowered as it is (no `String` is
//!   built per call). Each size is also measured paired with its floor.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion};
use wasm_link::__private::{call_typed, typed_function};
use wasm_link::{ExactlyOne, Linker, Val};

use crate::common::{
    Config, LEAF_INTERFACE, component, export_func, leaf_binding, leaf_binding_with, raw_instance,
};
use crate::selection::Selection;
use crate::{paired, report};

pub fn get_value(c: &mut Criterion, selected: &Selection, config: Config) {
    let group_name = format!("get_value_{}", config.name());
    if !selected.wants(&group_name, None) {
        return;
    }
    let engine = config.engine();
    let leaf = component(&engine, "leaf.wat");

    // wasm-link: one leaf plugin in an ExactlyOne binding.
    let binding = leaf_binding(&engine, &leaf);
    let typed = typed_function::<_, _, (), (u32,)>(&binding, "api", "get-value")
        .expect("get-value is func() -> u32");
    // The same with an `Arc<str>` and a `String` id, which every result
    // clones.
    let arc_binding = leaf_binding_with(&engine, &leaf, Arc::<str>::from("leaf"));
    let arc_typed = typed_function::<_, _, (), (u32,)>(&arc_binding, "api", "get-value")
        .expect("get-value is func() -> u32");
    let string_binding = leaf_binding_with(&engine, &leaf, "leaf".to_owned());
    let string_typed = typed_function::<_, _, (), (u32,)>(&string_binding, "api", "get-value")
        .expect("get-value is func() -> u32");

    // The floor: the same component, instantiated directly.
    let (mut store, instance) = raw_instance(&engine, &leaf, &Linker::new(&engine));
    let func = export_func(&mut store, &instance, LEAF_INTERFACE, "get-value");
    let typed_func = func
        .typed::<(), (u32,)>(&store)
        .expect("get-value is func() -> u32");

    // Every way in answers 42 before anything is timed.
    let ExactlyOne(_, value) = call_typed(&binding, &typed, (), |(v,)| v);
    assert_eq!(value.expect("typed call"), 42);
    let ExactlyOne(_, value) = call_typed(&arc_binding, &arc_typed, (), |(v,)| v);
    assert_eq!(value.expect("typed call, Arc<str> id"), 42);
    let ExactlyOne(_, value) = call_typed(&string_binding, &string_typed, (), |(v,)| v);
    assert_eq!(value.expect("typed call, String id"), 42);
    let ExactlyOne(_, value) = binding.dispatch("api", "get-value", &[]).expect("dispatch");
    assert_eq!(value.expect("dispatched call"), Val::U32(42));
    assert_eq!(
        typed_func.call(&mut store, ()).expect("raw typed call"),
        (42,)
    );

    let mut group = c.benchmark_group(group_name);
    group.bench_function("typed", |b| {
        b.iter(|| call_typed(&binding, &typed, (), |(v,)| v));
    });
    group.bench_function("typed_arc_id", |b| {
        b.iter(|| call_typed(&arc_binding, &arc_typed, (), |(v,)| v));
    });
    group.bench_function("typed_string_id", |b| {
        b.iter(|| call_typed(&string_binding, &string_typed, (), |(v,)| v));
    });
    group.bench_function("dispatch_val", |b| {
        b.iter(|| binding.dispatch("api", "get-value", &[]));
    });
    group.bench_function("raw_typed_func", |b| {
        b.iter(|| typed_func.call(&mut store, ()));
    });
    group.bench_function("raw_func_val", |b| {
        let mut results = [Val::Bool(false)];
        b.iter(|| {
            let outcome = func.call(&mut store, &[], &mut results);
            black_box(&results);
            outcome
        });
    });
    group.finish();

    let group = format!("get_value_{}", config.name());
    paired::measure(
        &format!("{group}/typed"),
        &format!("{group}/raw_typed_func"),
        report::TYPED,
        || call_typed(&binding, &typed, (), |(v,)| v),
        || typed_func.call(&mut store, ()),
    );
    paired::measure(
        &format!("{group}/typed_arc_id"),
        &format!("{group}/raw_typed_func"),
        report::TYPED,
        || call_typed(&arc_binding, &arc_typed, (), |(v,)| v),
        || typed_func.call(&mut store, ()),
    );
    paired::measure(
        &format!("{group}/typed_string_id"),
        &format!("{group}/raw_typed_func"),
        report::TYPED,
        || call_typed(&string_binding, &string_typed, (), |(v,)| v),
        || typed_func.call(&mut store, ()),
    );
    let mut results = [Val::Bool(false)];
    paired::measure(
        &format!("{group}/dispatch_val"),
        &format!("{group}/raw_func_val"),
        report::VAL,
        || binding.dispatch("api", "get-value", &[]),
        || {
            let outcome = func.call(&mut store, &[], &mut results);
            black_box(&results);
            outcome
        },
    );
}

/// The string sizes of the echo case.
pub const ECHO_SIZES: [usize; 3] = [16, 1024, 64 * 1024];

pub fn echo(c: &mut Criterion, selected: &Selection) {
    if !selected.wants("echo_lean", None) {
        return;
    }
    let engine = Config::Lean.engine();
    let leaf = component(&engine, "leaf.wat");

    let binding = leaf_binding(&engine, &leaf);
    let typed = typed_function::<_, _, (String,), (String,)>(&binding, "api", "echo")
        .expect("echo is func(s: string) -> string");

    let (mut store, instance) = raw_instance(&engine, &leaf, &Linker::new(&engine));
    let typed_func = export_func(&mut store, &instance, LEAF_INTERFACE, "echo")
        .typed::<(&'static str,), (String,)>(&store)
        .expect("echo is func(s: string) -> string");

    let mut group = c.benchmark_group("echo_lean");
    for size in ECHO_SIZES {
        if !selected.wants("echo_lean", Some(&size.to_string())) {
            continue;
        }
        // Both sides lower the same borrowed string and lift a fresh `String`.
        let text: &'static str = "x".repeat(size).leak();
        let ExactlyOne(_, echoed) = call_typed(&binding, &typed, (text,), |(s,)| s);
        assert_eq!(echoed.expect("typed echo"), text);
        assert_eq!(
            typed_func.call(&mut store, (text,)).expect("raw echo").0,
            text
        );

        group.bench_function(BenchmarkId::new("typed", size), |b| {
            b.iter(|| call_typed(&binding, &typed, (text,), |(s,)| s));
        });
        group.bench_function(BenchmarkId::new("raw_typed_func", size), |b| {
            b.iter(|| typed_func.call(&mut store, (text,)));
        });
        paired::measure(
            &format!("echo_lean/typed/{size}"),
            &format!("echo_lean/raw_typed_func/{size}"),
            report::TYPED,
            || call_typed(&binding, &typed, (text,), |(s,)| s),
            || typed_func.call(&mut store, (text,)),
        );
    }
    group.finish();
}
