//! Plugin -> plugin calls: the host calls the root's `run-value` (or
//! `run-string`), which calls the leaf's `get-value` (or `echo` with a 1 KiB
//! string) once. Groups `plugin_to_plugin_u32` and
//! `plugin_to_plugin_string_1k`, lean config:
//!
//! - `socket_typed`: root and leaf are wasm-link plugins in stores of their
//!   own; the root's import is a transparent `ExactlyOne` socket forwarded
//!   through typed host functions (`TypedSocket`, what a `bind!` group
//!   provides); the host calls the root with the typed path.
//! - `socket_val`: the same, with the leaf's plain `Binding` as the socket
//!   (the runtime's `Val` forwarding).
//! - `static_composition` (floor): `fixtures/composed.wat`, both components
//!   composed into one and instantiated in one store; raw `TypedFunc`.
//! - `host_func` (floor): the root alone, its import provided by
//!   `Linker::func_wrap` host functions (`get-value` returns 42, `echo`
//!   returns its argument); raw `TypedFunc`.

use criterion::Criterion;
use wasm_link::__private::{TypedSocket, call_typed, typed_function};
use wasm_link::{Binding, ExactlyOne, Linker, Plugin};

use crate::common::{
    Config, Ctx, Id, LEAF_INTERFACE, component, export_func, leaf_binding, plain_interface,
    raw_instance,
};
use crate::selection::Selection;
use crate::{paired, report};

/// The root's exported interface (see `fixtures/root.wat`).
const APP_INTERFACE: &str = "bench:root/app";

/// The length of the string `run-string` sends through the leaf.
const STRING_LEN: u32 = 1024;

/// A linker that provides the leaf's interface with host functions.
pub fn host_leaf_linker(engine: &wasm_link::Engine) -> Linker<Ctx> {
    let mut linker = Linker::new(engine);
    let mut api = linker
        .instance(LEAF_INTERFACE)
        .expect("the interface is defined once");
    api.func_wrap("get-value", |_, (): ()| Ok((42_u32,)))
        .expect("get-value is defined once");
    api.func_wrap("echo", |_, (s,): (String,)| Ok((s,)))
        .expect("echo is defined once");
    linker
}

pub fn bench(c: &mut Criterion, selected: &Selection) {
    let groups = ["plugin_to_plugin_u32", "plugin_to_plugin_string_1k"];
    if !groups.iter().any(|group| selected.wants(group, None)) {
        return;
    }
    let engine = Config::Lean.engine();
    let leaf = component(&engine, "leaf.wat");
    let root = component(&engine, "root.wat");
    let composed = component(&engine, "composed.wat");

    // wasm-link: the root linked to the leaf's binding as its socket.
    let leaf_binding = leaf_binding(&engine, &leaf);
    let root_plugin = Plugin::new(root.clone(), Ctx::new())
        .link(&engine, Linker::new(&engine), [&leaf_binding])
        .expect("the root links to the leaf");
    let app_val = Binding::new(
        "bench:root",
        plain_interface("app", &["run-value", "run-string"]),
        ExactlyOne(Id::from("root"), root_plugin),
    );
    // wasm-link: the same, its socket forwarded through typed host functions.
    let typed_socket = TypedSocket::new(&leaf_binding)
        .forward::<(), (u32,)>("api", "get-value")
        .forward::<(String,), (String,)>("api", "echo")
        .into_socket();
    let root_typed = Plugin::new(root.clone(), Ctx::new())
        .link(&engine, Linker::new(&engine), [typed_socket])
        .expect("the root links to the leaf's typed socket");
    let app = Binding::new(
        "bench:root",
        plain_interface("app", &["run-value", "run-string"]),
        ExactlyOne(Id::from("root"), root_typed),
    );

    // Floor (a): both components in one store, composed statically.
    let (mut composed_store, composed_instance) =
        raw_instance(&engine, &composed, &Linker::new(&engine));
    // Floor (b): the root alone, host functions standing in for the leaf.
    let (mut host_store, host_instance) = raw_instance(&engine, &root, &host_leaf_linker(&engine));

    for (function, group_name, expected) in [
        ("run-value", groups[0], 42),
        ("run-string", groups[1], STRING_LEN),
    ] {
        if !selected.wants(group_name, None) {
            continue;
        }
        let typed = typed_function::<_, _, (), (u32,)>(&app, "app", function)
            .expect("run-* is func() -> u32");
        let composed_func = export_func(
            &mut composed_store,
            &composed_instance,
            APP_INTERFACE,
            function,
        )
        .typed::<(), (u32,)>(&composed_store)
        .expect("run-* is func() -> u32");
        let host_func = export_func(&mut host_store, &host_instance, APP_INTERFACE, function)
            .typed::<(), (u32,)>(&host_store)
            .expect("run-* is func() -> u32");

        let typed_val = typed_function::<_, _, (), (u32,)>(&app_val, "app", function)
            .expect("run-* is func() -> u32");
        let ExactlyOne(_, value) = call_typed(&app, &typed, (), |(v,)| v);
        assert_eq!(value.expect("call through the typed socket"), expected);
        let ExactlyOne(_, value) = call_typed(&app_val, &typed_val, (), |(v,)| v);
        assert_eq!(value.expect("call through the Val socket"), expected);
        assert_eq!(
            composed_func
                .call(&mut composed_store, ())
                .expect("composed call")
                .0,
            expected
        );
        assert_eq!(
            host_func
                .call(&mut host_store, ())
                .expect("host-func call")
                .0,
            expected
        );

        let mut group = c.benchmark_group(group_name);
        group.bench_function("socket_typed", |b| {
            b.iter(|| call_typed(&app, &typed, (), |(v,)| v));
        });
        group.bench_function("socket_val", |b| {
            b.iter(|| call_typed(&app_val, &typed_val, (), |(v,)| v));
        });
        group.bench_function("static_composition", |b| {
            b.iter(|| composed_func.call(&mut composed_store, ()));
        });
        group.bench_function("host_func", |b| {
            b.iter(|| host_func.call(&mut host_store, ()));
        });
        group.finish();
        paired::measure(
            &format!("{group_name}/socket_typed"),
            &format!("{group_name}/static_composition"),
            report::SOCKET,
            || call_typed(&app, &typed, (), |(v,)| v),
            || composed_func.call(&mut composed_store, ()),
        );
    }
}
