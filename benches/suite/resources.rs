//! A resource from the host's side (`fixtures/counter.wat`): construct a
//! counter in the plugin, call its `get` method, drop it (the plugin's
//! destructor runs). One iteration is all three. Group `resource_lean`:
//!
//! - `dispatch_val`: `Binding::dispatch` for the constructor and the method,
//!   `wasm_link::drop_resource` for the drop; floor `raw_func_val`: the same
//!   three on one wasmtime instance with `Func::call` and
//!   `ResourceAny::resource_drop`.
//! - `typed`: what `bind!` code calls: `call_typed_moving` for the
//!   constructor (its result holds a handle), `call_typed_method` for the
//!   method, `Own::release` for the drop; floor `raw_typed_func`:
//!   `TypedFunc`s and `resource_drop`.

use std::collections::{HashMap, HashSet};

use criterion::Criterion;
use wasm_link::__private::{call_typed_method, call_typed_moving, typed_function};
use wasm_link::wasmtime::component::ResourceAny;
use wasm_link::{
    Binding, Borrow, ExactlyOne, Function, FunctionKind, Interface, Linker, Own, Plugin,
    ReturnKind, Val, drop_resource,
};

use crate::common::{Config, Ctx, Id, component, export_func, raw_instance};
use crate::selection::Selection;

const INTERFACE: &str = "bench:counter/counters";
const CONSTRUCTOR: &str = "[constructor]counter";
const GET: &str = "[method]counter.get";

fn counters_interface() -> HashMap<String, Interface> {
    let functions = HashMap::from([
        (
            CONSTRUCTOR.to_owned(),
            Function::new(FunctionKind::Freestanding, ReturnKind::MayContainResources),
        ),
        (
            GET.to_owned(),
            Function::new(FunctionKind::Method, ReturnKind::AssumeNoResources),
        ),
    ]);
    let resources = HashSet::from(["counter".to_owned()]);
    HashMap::from([("counters".to_owned(), Interface::new(functions, resources))])
}

/// The marker `bind!` would generate for the WIT resource `counter`.
enum Counter {}

fn resource(value: Val) -> ResourceAny {
    match value {
        Val::Resource(handle) => handle,
        other => panic!("expected a resource, got {other:?}"),
    }
}

pub fn bench(c: &mut Criterion, selected: &Selection) {
    if !selected.wants("resource_lean", None) {
        return;
    }
    let engine = Config::Lean.engine();
    let counter = component(&engine, "counter.wat");

    let plugin = Plugin::new(counter.clone(), Ctx::new())
        .instantiate(&engine, &Linker::new(&engine))
        .expect("the counter plugin instantiates");
    let binding = Binding::new(
        "bench:counter",
        counters_interface(),
        ExactlyOne(Id::from("counter"), plugin),
    );
    // The types `bind!` generates for the counter resource.
    let typed_new =
        typed_function::<_, _, (u32,), (Own<Counter>,)>(&binding, "counters", CONSTRUCTOR)
            .expect("the constructor is func(init: u32) -> counter");
    let typed_get = typed_function::<_, _, (Borrow<Counter>,), (u32,)>(&binding, "counters", GET)
        .expect("get is func(self: borrow<counter>) -> u32");

    let (mut store, instance) = raw_instance(&engine, &counter, &Linker::new(&engine));
    let new_func = export_func(&mut store, &instance, INTERFACE, CONSTRUCTOR);
    let get_func = export_func(&mut store, &instance, INTERFACE, GET);
    let raw_new = new_func
        .typed::<(u32,), (ResourceAny,)>(&store)
        .expect("the constructor is func(init: u32) -> counter");
    let raw_get = get_func
        .typed::<(ResourceAny,), (u32,)>(&store)
        .expect("get is func(self: borrow<counter>) -> u32");

    let via_dispatch = || {
        let ExactlyOne(_, made) = binding
            .dispatch("counters", CONSTRUCTOR, &[Val::U32(7)])
            .expect("dispatch the constructor");
        let handle = resource(made.expect("the constructor"));
        let ExactlyOne(_, value) = binding
            .dispatch("counters", GET, &[Val::Resource(handle)])
            .expect("dispatch the method");
        drop_resource(handle).expect("drop the counter");
        value.expect("the method")
    };
    // What `bind!` code calls: `counter_new` moves the handle in its
    // result, `counter_get` is a method routed to the owner.
    let via_typed = || {
        let ExactlyOne(_, made) = call_typed_moving(&binding, &typed_new, (7,), |(h,)| h);
        let handle = made.expect("the constructor");
        let value = call_typed_method(&binding, &typed_get, (handle.borrow(),), |(v,)| v);
        handle.release().expect("drop the counter");
        value.expect("the method")
    };
    let raw_val = |store: &mut wasm_link::wasmtime::Store<Ctx>| {
        let mut results = [Val::Bool(false)];
        new_func
            .call(&mut *store, &[Val::U32(7)], &mut results)
            .expect("the constructor");
        let handle = resource(std::mem::replace(&mut results[0], Val::Bool(false)));
        get_func
            .call(&mut *store, &[Val::Resource(handle)], &mut results)
            .expect("the method");
        handle.resource_drop(&mut *store).expect("drop the counter");
        std::mem::replace(&mut results[0], Val::Bool(false))
    };
    let raw_typed = |store: &mut wasm_link::wasmtime::Store<Ctx>| {
        let (handle,) = raw_new.call(&mut *store, (7,)).expect("the constructor");
        let (value,) = raw_get.call(&mut *store, (handle,)).expect("the method");
        handle.resource_drop(&mut *store).expect("drop the counter");
        value
    };

    assert_eq!(via_dispatch(), Val::U32(7));
    assert_eq!(via_typed(), 7);
    assert_eq!(raw_val(&mut store), Val::U32(7));
    assert_eq!(raw_typed(&mut store), 7);

    let mut group = c.benchmark_group("resource_lean");
    group.bench_function("dispatch_val", |b| b.iter(via_dispatch));
    group.bench_function("typed", |b| b.iter(via_typed));
    group.bench_function("raw_func_val", |b| b.iter(|| raw_val(&mut store)));
    group.bench_function("raw_typed_func", |b| b.iter(|| raw_typed(&mut store)));
    group.finish();
}
