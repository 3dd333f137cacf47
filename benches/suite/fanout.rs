//! Fan-out: one call of `get-value` to every plugin of an `Any` binding of N
//! leaves (N = 1, 8, 64), each in its own store. Group `fanout_lean`:
//!
//! - `typed/N`: the typed path; floor `raw_typed_func/N`: N wasmtime
//!   `TypedFunc` calls, one per instance, each in its own store.
//! - `dispatch_val/N`: `Binding::dispatch` with `Val`; floor
//!   `raw_func_val/N`: N `Func::call`s with `Val`.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use wasm_link::__private::{call_typed, typed_function};
use wasm_link::{Any, Binding, Linker, Val};

use crate::common::{
    Config, Id, LEAF_INTERFACE, LEAF_PACKAGE, component, export_func, leaf_interfaces, leaf_plugin,
    raw_instance,
};
use crate::selection::Selection;

/// The fan-out widths.
pub const WIDTHS: [usize; 3] = [1, 8, 64];

pub fn bench(c: &mut Criterion, selected: &Selection) {
    if !selected.wants("fanout_lean", None) {
        return;
    }
    let engine = Config::Lean.engine();
    let leaf = component(&engine, "leaf.wat");
    let empty = Linker::new(&engine);

    let mut group = c.benchmark_group("fanout_lean");
    for n in WIDTHS {
        if !selected.wants("fanout_lean", Some(&n.to_string())) {
            continue;
        }
        let binding = Binding::new(
            LEAF_PACKAGE,
            leaf_interfaces(),
            Any((0..n)
                .map(|i| {
                    let id: Id = format!("leaf-{i}").leak();
                    (id, leaf_plugin(&engine, &leaf))
                })
                .collect::<HashMap<_, _>>()),
        );
        let typed = typed_function::<_, _, (), (u32,)>(&binding, "api", "get-value")
            .expect("get-value is func() -> u32");

        let mut raw: Vec<_> = (0..n)
            .map(|_| {
                let (mut store, instance) = raw_instance(&engine, &leaf, &empty);
                let func = export_func(&mut store, &instance, LEAF_INTERFACE, "get-value");
                let typed = func
                    .typed::<(), (u32,)>(&store)
                    .expect("get-value is func() -> u32");
                (store, func, typed)
            })
            .collect();

        let Any(values) = call_typed(&binding, &typed, (), |(v,)| v);
        assert_eq!(values.len(), n);
        assert!(values.into_values().all(|v| v.expect("typed call") == 42));
        let Any(values) = binding.dispatch("api", "get-value", &[]).expect("dispatch");
        assert!(
            values
                .into_values()
                .all(|v| v.expect("call") == Val::U32(42))
        );

        group.bench_function(BenchmarkId::new("typed", n), |b| {
            b.iter(|| call_typed(&binding, &typed, (), |(v,)| v));
        });
        group.bench_function(BenchmarkId::new("dispatch_val", n), |b| {
            b.iter(|| binding.dispatch("api", "get-value", &[]));
        });
        group.bench_function(BenchmarkId::new("raw_typed_func", n), |b| {
            b.iter(|| {
                let mut sum = 0_u32;
                for (store, _, typed) in &mut raw {
                    sum = sum.wrapping_add(typed.call(store, ()).expect("raw typed call").0);
                }
                sum
            });
        });
        group.bench_function(BenchmarkId::new("raw_func_val", n), |b| {
            let mut results = [Val::Bool(false)];
            b.iter(|| {
                for (store, func, _) in &mut raw {
                    func.call(store, &[], &mut results).expect("raw call");
                    black_box(&results);
                }
            });
        });
    }
    group.finish();
}
