//! Plugins that do not match what the host says about them: an import no
//! socket provides, a binding that names another package or declares a
//! function's kind or return kind wrongly, and typed groups over plugins
//! whose exports differ from the WIT. The `runtime` binary's
//! `link_errors.rs` covers the rest (no sockets at all, undeclared imports,
//! missing exports, wrong argument types and counts, shape mismatches).

use std::collections::{HashMap, HashSet};
use std::error::Error;

use wasm_link::{
    Any, Binding, DispatchError, Engine, ExactlyOne, Function, FunctionKind, Interface, LinkError,
    Linker, Plugin, PluginInstance, ReturnKind, Val, drop_resource,
};

use crate::common::{Ctx, component, engine, instance, interfaces, plain_interface, runtime};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// An interface from `(name, kind, return kind)` triples.
fn interface(functions: &[(&str, FunctionKind, ReturnKind)], resources: &[&str]) -> Interface {
    Interface::new(
        functions
            .iter()
            .map(|(name, kind, returns)| ((*name).to_owned(), Function::new(*kind, *returns)))
            .collect(),
        resources
            .iter()
            .map(|r| (*r).to_owned())
            .collect::<HashSet<_>>(),
    )
}

/// An error and its causes, one per line.
fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push('\n');
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `runtime/<file>` as a plugin named `app`, linked to `sockets`; the error.
fn link_error(engine: &Engine, file: &str, sockets: Vec<wasm_link::Socket>) -> LinkError {
    match Plugin::new(component(engine, &runtime(file)), Ctx::new())
        .with_name("app")
        .link(engine, Linker::new(engine), sockets)
    {
        Ok(_) => panic!("{file} linked, but should not have"),
        Err(error) => error,
    }
}

// ---- (b) Imports nothing provides ----

#[test]
fn import_of_an_interface_no_given_socket_provides_fails_to_link_naming_it() {
    // diamond/top.wat imports test:diamond/left and test:diamond/right; it is
    // given only `left`.
    let engine = engine();
    let counter = Binding::new(
        "test:diamond",
        interfaces("counter", plain_interface(&["bump", "count"])),
        ExactlyOne(
            "counter".to_owned(),
            instance(&engine, &runtime("diamond/counter.wat")),
        ),
    );
    let left = Plugin::new(component(&engine, &runtime("diamond/left.wat")), Ctx::new())
        .link(&engine, Linker::new(&engine), [counter])
        .expect("left links");
    let left: One = Binding::new(
        "test:diamond",
        interfaces("left", plain_interface(&["left"])),
        ExactlyOne("left".to_owned(), left),
    );
    let error = link_error(&engine, "diamond/top.wat", vec![left.into()]);
    assert!(
        matches!(&error, LinkError::MissingImport { import, .. } if import.starts_with("test:diamond/right")),
        "{error:?}"
    );
    let text = chain(&error);
    assert!(text.contains("plugin `app`"), "{text}");
    assert!(
        text.contains("test:diamond/right"),
        "names the import: {text}"
    );
}

#[test]
fn socket_of_another_package_version_does_not_satisfy_an_import() {
    // link_errors/app.wat imports `test:errors/source` (no version); the
    // socket provides `test:errors/source@1.0.0`.
    let engine = engine();
    let versioned: One = Binding::new(
        "test:errors@1.0.0",
        interfaces("source", plain_interface(&["value"])),
        ExactlyOne(
            "src".to_owned(),
            instance(&engine, &runtime("link_errors/source.wat")),
        ),
    );
    let error = link_error(&engine, "link_errors/app.wat", vec![versioned.into()]);
    assert!(
        matches!(&error, LinkError::MissingImport { import, .. } if import.starts_with("test:errors/source#")),
        "{error:?}"
    );
    let text = chain(&error);
    assert!(
        text.contains("test:errors/source"),
        "names the import: {text}"
    );
}

// ---- (d) Bindings that do not match their plugins ----

/// `single_plugin/plugin.wat` bound as `package`/`interface` declaring
/// `functions`.
fn single(
    engine: &Engine,
    package: &str,
    name: &str,
    functions: &[(&str, FunctionKind, ReturnKind)],
) -> One {
    Binding::new(
        package,
        interfaces(name, interface(functions, &[])),
        ExactlyOne(
            "only".to_owned(),
            instance(engine, &runtime("single_plugin/plugin.wat")),
        ),
    )
}

#[test]
fn binding_naming_another_package_version_or_interface_answers_missing_export() {
    use FunctionKind::Freestanding;
    use ReturnKind::AssumeNoResources;
    let engine = engine();
    let add = [("add", Freestanding, AssumeNoResources)];
    for (package, name) in [
        ("test:other", "api"),
        ("test:single@1.0.0", "api"),
        ("test:single", "apis"),
    ] {
        let binding = single(&engine, package, name, &add);
        let ExactlyOne(_, result) = binding
            .dispatch(name, "add", &[Val::U32(1), Val::U32(2)])
            .expect("the binding declares the function");
        let error = result.expect_err("the plugin exports no such interface");
        assert!(
            matches!(&error, DispatchError::MissingExport(site) if site.plugin == "only"),
            "{package} {name}: {error:?}"
        );
    }
    // The control: the right names.
    let binding = single(&engine, "test:single", "api", &add);
    let ExactlyOne(_, result) = binding
        .dispatch("api", "add", &[Val::U32(1), Val::U32(2)])
        .expect("dispatch");
    assert_eq!(result.expect("add"), Val::U32(3));
}

#[test]
fn method_declared_for_a_freestanding_function_is_refused_before_any_call() {
    use FunctionKind::{Freestanding, Method};
    use ReturnKind::AssumeNoResources;
    let engine = engine();
    let binding = single(
        &engine,
        "test:single",
        "api",
        &[
            ("add", Method, AssumeNoResources),
            ("pings", Freestanding, AssumeNoResources),
        ],
    );
    let error = binding
        .dispatch("api", "add", &[Val::U32(1), Val::U32(2)])
        .expect_err("a method needs a resource to route by");
    assert!(
        matches!(&error, DispatchError::InvalidResource { site, .. } if site.plugin.is_empty()),
        "{error:?}"
    );
    let ExactlyOne(_, pings) = binding.dispatch("api", "pings", &[]).expect("dispatch");
    assert_eq!(pings.expect("the plugin still answers"), Val::U32(0));
}

#[test]
fn declared_return_kinds_give_way_to_the_exporters_types_on_the_host_path() {
    use FunctionKind::{Freestanding, Method};
    use ReturnKind::{AssumeNoResources, MayContainResources, Void};
    let engine = engine();
    // `pings` returns a u32, `ping` nothing, `greet` a string.
    let binding = single(
        &engine,
        "test:single",
        "api",
        &[
            ("pings", Freestanding, Void),
            ("ping", Freestanding, AssumeNoResources),
            ("greet", Freestanding, MayContainResources),
        ],
    );
    let call = |function: &str, args: &[Val]| {
        let ExactlyOne(_, result) = binding.dispatch("api", function, args).expect("dispatch");
        result.unwrap_or_else(|e| panic!("{function}: {e}"))
    };
    assert_eq!(call("pings", &[]), Val::U32(0));
    assert_eq!(call("ping", &[]), Val::Tuple(vec![]));
    assert_eq!(
        call("greet", &[Val::String("x".into())]),
        Val::String("hello, x".into())
    );
    assert_eq!(call("pings", &[]), Val::U32(1));

    // A constructor declared resource-free still hands the host a handle that
    // works and whose drop runs the destructor.
    let counters: One = Binding::new(
        "test:hostile",
        interfaces(
            "counters",
            interface(
                &[
                    ("[constructor]counter", Freestanding, AssumeNoResources),
                    ("[method]counter.get", Method, AssumeNoResources),
                    ("drops", Freestanding, AssumeNoResources),
                ],
                &["counter"],
            ),
        ),
        ExactlyOne(
            "counter".to_owned(),
            instance(&engine, &runtime("hostile_handles/counter.wat")),
        ),
    );
    let counter = |function: &str, args: &[Val]| {
        let ExactlyOne(_, result) = counters
            .dispatch("counters", function, args)
            .expect("dispatch");
        result.unwrap_or_else(|e| panic!("{function}: {e}"))
    };
    let Val::Resource(handle) = counter("[constructor]counter", &[Val::U32(5)]) else {
        panic!("the constructor returns a handle");
    };
    assert_eq!(
        counter("[method]counter.get", &[Val::Resource(handle)]),
        Val::U32(5)
    );
    drop_resource(handle).expect("drop");
    assert_eq!(counter("drops", &[]), Val::U32(1));
}

/// Two counter plugins, `a` and `b`, in one `Any` binding with
/// `[method]counter.get` declared `get_kind`.
fn two_counters(
    engine: &Engine,
    get_kind: FunctionKind,
) -> Binding<Any<String, PluginInstance<Ctx>>> {
    use FunctionKind::Freestanding;
    use ReturnKind::{AssumeNoResources, MayContainResources};
    Binding::new(
        "test:hostile",
        interfaces(
            "counters",
            interface(
                &[
                    ("[constructor]counter", Freestanding, MayContainResources),
                    ("[method]counter.get", get_kind, AssumeNoResources),
                    ("drops", Freestanding, AssumeNoResources),
                ],
                &["counter"],
            ),
        ),
        Any(HashMap::from([
            (
                "a".to_owned(),
                instance(engine, &runtime("hostile_handles/counter.wat")),
            ),
            (
                "b".to_owned(),
                instance(engine, &runtime("hostile_handles/counter.wat")),
            ),
        ])),
    )
}

#[test]
fn method_declared_freestanding_fans_a_handle_out_and_only_its_owner_accepts_it() {
    let engine = engine();
    let counters = two_counters(&engine, FunctionKind::Freestanding);
    let Any(made) = counters
        .dispatch("counters", "[constructor]counter", &[Val::U32(5)])
        .expect("dispatch");
    let Ok(Val::Resource(a)) = made["a"] else {
        panic!("a makes a counter: {made:?}");
    };
    let Ok(Val::Resource(b)) = made["b"] else {
        panic!("b makes a counter: {made:?}");
    };

    // `get` on a's counter goes to both: a answers, b refuses the handle.
    let Any(read) = counters
        .dispatch("counters", "[method]counter.get", &[Val::Resource(a)])
        .expect("a borrowed handle may go to several plugins");
    assert_eq!(
        read["a"].as_ref().expect("a owns the counter"),
        &Val::U32(5)
    );
    let error = read["b"]
        .as_ref()
        .expect_err("b must not accept a's handle");
    assert_eq!(error.site().plugin, "b", "{error}");
    assert!(error.to_string().contains("resource"), "{error}");

    // Neither plugin was harmed: b reads its own counter (and a refuses it).
    let Any(read) = counters
        .dispatch("counters", "[method]counter.get", &[Val::Resource(b)])
        .expect("dispatch");
    assert_eq!(read["b"].as_ref().expect("b is still usable"), &Val::U32(5));
    assert!(read["a"].is_err(), "{read:?}");
    drop_resource(a).expect("a's counter drops");
    drop_resource(b).expect("b's counter drops");
    let Any(drops) = counters
        .dispatch("counters", "drops", &[])
        .expect("dispatch");
    for (id, dropped) in drops {
        assert_eq!(dropped.expect("drops"), Val::U32(1), "plugin {id}");
    }
}

#[test]
fn resource_through_a_socket_declared_resource_free_is_refused_at_link_or_wrapped() {
    // The socket's binding declares the constructor `AssumeNoResources`, but
    // the exporter returns `own<counter>`, which the runtime knows from the
    // exporter's type when the binding is made. Either `link` refuses the
    // declaration, or the handle is wrapped for the importer as usual; the
    // importer must not be handed the owner's raw handle.
    use FunctionKind::{Freestanding, Method};
    use ReturnKind::AssumeNoResources;
    let engine = engine();
    let counters: One = Binding::new(
        "test:hostile",
        interfaces(
            "counters",
            interface(
                &[
                    ("[constructor]counter", Freestanding, AssumeNoResources),
                    ("[method]counter.get", Method, AssumeNoResources),
                    ("drops", Freestanding, AssumeNoResources),
                    ("consume", Freestanding, AssumeNoResources),
                ],
                &["counter"],
            ),
        ),
        ExactlyOne(
            "counter".to_owned(),
            instance(&engine, &runtime("hostile_handles/counter.wat")),
        ),
    );
    let linked = Plugin::new(
        component(&engine, &runtime("hostile_handles/honest.wat")),
        Ctx::new(),
    )
    .with_name("honest")
    .link(&engine, Linker::new(&engine), [&counters]);
    let honest = match linked {
        Err(error) => {
            // Refused at link: the error must say which function.
            let text = chain(&error);
            assert!(text.contains("[constructor]counter"), "{text}");
            return;
        }
        Ok(honest) => honest,
    };
    let probe: One = Binding::new(
        "test:hostile",
        interfaces("probe", plain_interface(&["probe", "stale"])),
        ExactlyOne("honest".to_owned(), honest),
    );
    // honest.wat makes a counter of 3 through the socket, reads it, drops it.
    let ExactlyOne(_, result) = probe.dispatch("probe", "probe", &[]).expect("dispatch");
    let ExactlyOne(_, drops) = counters
        .dispatch("counters", "drops", &[])
        .expect("dispatch");
    assert_eq!(
        (
            result.map_err(|e| e.to_string()),
            drops.map_err(|e| e.to_string())
        ),
        (Ok(Val::U32(3)), Ok(Val::U32(1))),
        "the importer reads its counter and dropping it runs the owner's destructor"
    );
}

// ---- (e) Typed groups over mismatched plugins ----

/// `test:errors/source` as a WIT that disagrees with `link_errors/source.wat` on
/// the result type (`u64`, where the plugin returns `u32`).
mod wide_result {
    wasm_link::bind!(inline: "
        package test:errors;
        interface source { value: func(x: u32) -> u64; }
    ");
}

/// `test:errors/source` as `link_errors/source.wat` exports it.
mod as_exported {
    wasm_link::bind!(inline: "
        package test:errors;
        interface source { value: func(x: u32) -> u32; }
    ");
}

#[test]
fn typed_group_over_a_plugin_with_another_result_type_names_plugin_function_and_types() {
    let engine = engine();
    let error = wide_result::test_errors::Group::new(ExactlyOne(
        "src".to_owned(),
        instance(&engine, &runtime("link_errors/source.wat")),
    ))
    .expect_err("the plugin returns u32, not u64");
    assert!(
        matches!(error, LinkError::ExportMismatch { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    for part in ["`src`", "source#value", "func(x: u32) -> u32", "u64"] {
        assert!(text.contains(part), "`{part}` is missing from: {text}");
    }
}

#[test]
fn typed_group_with_one_mismatched_plugin_among_good_ones_names_the_bad_one() {
    let engine = engine();
    // `odd` exports value: func(x: string) -> u32; the others fit.
    let plugins = Any(HashMap::from([
        (
            "good-1".to_owned(),
            instance(&engine, &runtime("link_errors/source.wat")),
        ),
        (
            "odd".to_owned(),
            instance(&engine, &runtime("link_errors/source_string.wat")),
        ),
        (
            "good-2".to_owned(),
            instance(&engine, &runtime("link_errors/source.wat")),
        ),
    ]));
    let error =
        as_exported::test_errors::Group::new(plugins).expect_err("one plugin does not fit the WIT");
    let LinkError::ExportMismatch {
        exporter, function, ..
    } = &error
    else {
        panic!("expected ExportMismatch, got {error:?}");
    };
    assert_eq!(
        (exporter.as_str(), function.as_str()),
        ("odd", "source#value")
    );
    assert!(error.to_string().contains("string"), "{error}");

    // The control: the good plugins alone make a working group.
    let group = as_exported::test_errors::Group::new(Any(HashMap::from([
        (
            "good-1".to_owned(),
            instance(&engine, &runtime("link_errors/source.wat")),
        ),
        (
            "good-2".to_owned(),
            instance(&engine, &runtime("link_errors/source.wat")),
        ),
    ])))
    .expect("the good plugins fit");
    let Any(results) = group.source().value(21);
    assert_eq!(results.len(), 2);
    assert!(results.into_values().all(|r| r.expect("value") == 42));
}
