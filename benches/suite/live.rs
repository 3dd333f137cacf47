//! Changing a binding's members while it runs (`Binding::replace`).
//!
//! - `live_lean/replace`: swapping the leaf of an `ExactlyOne` binding for
//!   a newcomer already instantiated (its start-up is not timed): the
//!   newcomer resolves the binding's exports and is checked against the
//!   other members, the importers and the typed groups, the membership is
//!   rebuilt and swapped, and the old instance's store is freed (no call
//!   holds it). Floor: `raw_swap_store`, wasmtime's part of the same work,
//!   a store and instance put in place of another, whose store is freed.
//! - `live_lean/typed_after_1000_swaps`: the typed `get-value` call on a
//!   binding whose member was replaced 1,000 times, against the raw
//!   `TypedFunc` on the same engine: what the swaps left on the hot path.
//!   Every call pays one atomic load of the membership whether or not
//!   anything ever changed; `get_value_lean/typed` measures that too.

use criterion::{BatchSize, Criterion};
use wasm_link::__private::{call_typed, typed_function};
use wasm_link::{ExactlyOne, Linker};

use crate::common::{
    Config, LEAF_INTERFACE, component, export_func, leaf_binding, leaf_plugin, raw_instance,
};
use crate::paired;
use crate::report;
use crate::selection::Selection;

pub fn bench(c: &mut Criterion, selected: &Selection) {
    if !selected.wants("live_lean", None) {
        return;
    }
    let engine = Config::Lean.engine();
    let leaf = component(&engine, "leaf.wat");
    let binding = leaf_binding(&engine, &leaf);
    let typed = typed_function::<_, _, (), (u32,)>(&binding, "api", "get-value")
        .expect("get-value is func() -> u32");
    for _ in 0..1_000 {
        binding
            .replace(&"leaf", leaf_plugin(&engine, &leaf))
            .expect("a leaf replaces a leaf");
    }
    let ExactlyOne(_, value) = call_typed(&binding, &typed, (), |(v,)| v);
    assert_eq!(value.expect("typed call after the swaps"), 42);

    let (mut store, instance) = raw_instance(&engine, &leaf, &Linker::new(&engine));
    let typed_func = export_func(&mut store, &instance, LEAF_INTERFACE, "get-value")
        .typed::<(), (u32,)>(&store)
        .expect("get-value is func() -> u32");

    let mut group = c.benchmark_group("live_lean");
    group.bench_function("replace", |b| {
        b.iter_batched(
            || leaf_plugin(&engine, &leaf),
            |newcomer| binding.replace(&"leaf", newcomer).is_ok(),
            BatchSize::SmallInput,
        );
    });
    let mut slot = Some(raw_instance(&engine, &leaf, &Linker::new(&engine)));
    group.bench_function("raw_swap_store", |b| {
        b.iter_batched(
            || raw_instance(&engine, &leaf, &Linker::new(&engine)),
            |newcomer| {
                slot = Some(newcomer);
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("typed_after_1000_swaps", |b| {
        b.iter(|| call_typed(&binding, &typed, (), |(v,)| v));
    });
    group.bench_function("raw_typed_func", |b| {
        b.iter(|| typed_func.call(&mut store, ()));
    });
    group.finish();

    paired::measure(
        "live_lean/typed_after_1000_swaps",
        "live_lean/raw_typed_func",
        report::TYPED,
        || call_typed(&binding, &typed, (), |(v,)| v),
        || typed_func.call(&mut store, ()),
    );
}
