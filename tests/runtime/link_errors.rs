//! Everything that fails when a plugin is linked, with errors that name the
//! plugin, the import and the WIT types; and the host's own mistakes when it
//! dispatches.

use std::collections::HashMap;
use std::error::Error;

use wasm_link::{
    Any, AtMostOne, Binding, CardinalityKind, DispatchError, Engine, ExactlyOne, LinkError, Linker,
    PluginInstance, Socket, Val,
};

use crate::common::{Ctx, interface, interfaces, linker, plain_interface, plugin};

/// test:errors/source as bindings declare it: `value` and `missing`.
fn source_interface() -> HashMap<String, wasm_link::Interface> {
    interfaces("source", plain_interface(&["value", "missing"]))
}

fn source(engine: &Engine, file: &str) -> PluginInstance<Ctx> {
    plugin(engine, &format!("link_errors/{file}"))
        .instantiate(engine, &linker(engine))
        .unwrap()
}

/// `source.wat` as binding `test:errors`, id `src`, `ExactlyOne`.
fn exactly_one(engine: &Engine) -> Binding<ExactlyOne<String, PluginInstance<Ctx>>> {
    Binding::new(
        "test:errors",
        source_interface(),
        ExactlyOne("src".to_owned(), source(engine, "source.wat")),
    )
}

/// Like [`exactly_one`], but the binding declares only `value`, which
/// `source.wat` does export.
fn exactly_one_value(engine: &Engine) -> Binding<ExactlyOne<String, PluginInstance<Ctx>>> {
    Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        ExactlyOne("src".to_owned(), source(engine, "source.wat")),
    )
}

/// Links the importer `file`, named `app`, to `sockets`; returns the error.
fn link_error(engine: &Engine, file: &str, sockets: Vec<Socket>) -> LinkError {
    link_error_with(engine, file, linker(engine), sockets)
}

fn link_error_with(
    engine: &Engine,
    file: &str,
    linker: Linker<Ctx>,
    sockets: Vec<Socket>,
) -> LinkError {
    match plugin(engine, &format!("link_errors/{file}"))
        .with_name("app")
        .link(engine, linker, sockets)
    {
        Ok(_) => panic!("{file} linked, but should not have"),
        Err(error) => error,
    }
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

fn assert_mentions(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "`{part}` is missing from: {text}");
    }
}

// ---- Link errors ----

#[test]
fn plain_import_against_an_any_socket_is_an_import_type_error() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        Any(HashMap::from([(
            "src".to_owned(),
            source(&engine, "source.wat"),
        )])),
    );
    let error = link_error(&engine, "app.wat", vec![sources.into()]);
    let LinkError::ImportType {
        plugin,
        import,
        socket,
        cardinality,
        expected,
        found,
    } = &error
    else {
        panic!("expected ImportType, got {error:?}");
    };
    assert_eq!(plugin.0.as_deref(), Some("app"));
    assert_eq!(
        (import.as_str(), socket.as_str(), *cardinality),
        ("source#value", "test:errors", CardinalityKind::Any)
    );
    assert_eq!(found, "func(x: u32) -> u32");
    assert!(
        expected.contains("func(x: u32) -> list<tuple<string, result<u32, dispatch-error>>>"),
        "{expected}"
    );
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: u32) -> u32",
            "func(x: u32) -> list<tuple<string, result<u32, dispatch-error>>>",
            "Any",
        ],
    );
}

#[test]
fn plain_import_against_an_at_most_one_socket_is_an_import_type_error() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        AtMostOne(Some(("src".to_owned(), source(&engine, "source.wat")))),
    );
    let error = link_error(&engine, "app.wat", vec![sources.into()]);
    assert!(
        matches!(
            error,
            LinkError::ImportType {
                cardinality: CardinalityKind::AtMostOne,
                ..
            }
        ),
        "{error:?}"
    );
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: u32) -> u32",
            "func(x: u32) -> option<tuple<string, result<u32, dispatch-error>>>",
            "AtMostOne",
        ],
    );
}

#[test]
fn fanned_out_import_against_an_exactly_one_socket_is_an_import_type_error() {
    let engine = Engine::default();
    let error = link_error(
        &engine,
        "listed.wat",
        vec![exactly_one_value(&engine).into()],
    );
    assert!(
        matches!(
            error,
            LinkError::ImportType {
                cardinality: CardinalityKind::ExactlyOne,
                ..
            }
        ),
        "{error:?}"
    );
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: u32) -> list<tuple<string, result<u32, dispatch-error>>>",
            "func(x: u32) -> u32",
            "func(x: u32) -> tuple<string, result<u32, dispatch-error>>",
        ],
    );
}

#[test]
fn params_that_differ_from_the_exporters_are_an_import_type_error() {
    let engine = Engine::default();
    let error = link_error(
        &engine,
        "string_param.wat",
        vec![exactly_one_value(&engine).into()],
    );
    let LinkError::ImportType { import, found, .. } = &error else {
        panic!("expected ImportType, got {error:?}");
    };
    assert_eq!(
        (import.as_str(), found.as_str()),
        ("source#value", "func(x: string) -> u32")
    );
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: string) -> u32",
            "func(x: u32) -> u32",
        ],
    );
}

#[test]
fn result_that_differs_from_the_exporters_is_an_import_type_error() {
    let engine = Engine::default();
    let error = link_error(
        &engine,
        "u64_result.wat",
        vec![exactly_one_value(&engine).into()],
    );
    assert!(matches!(error, LinkError::ImportType { .. }), "{error:?}");
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: u32) -> u64",
            "func(x: u32) -> u32",
        ],
    );
}

#[test]
fn plugin_id_type_must_match_the_bindings() {
    let engine = Engine::default();
    // Ids are u32 here, so the importer's `string` ids do not fit.
    let sources = Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        Any(HashMap::from([(7_u32, source(&engine, "source.wat"))])),
    );
    let error = link_error(&engine, "listed.wat", vec![sources.into()]);
    assert!(
        matches!(
            error,
            LinkError::ImportType {
                cardinality: CardinalityKind::Any,
                ..
            }
        ),
        "{error:?}"
    );
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: u32) -> list<tuple<string, result<u32, dispatch-error>>>",
            "func(x: u32) -> list<tuple<u32, result<u32, dispatch-error>>>",
        ],
    );
}

#[test]
fn error_type_other_than_dispatch_error_is_an_import_type_error() {
    let engine = Engine::default();
    let sources = Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        Any(HashMap::from([(
            "src".to_owned(),
            source(&engine, "source.wat"),
        )])),
    );
    let error = link_error(&engine, "string_error.wat", vec![sources.into()]);
    assert!(matches!(error, LinkError::ImportType { .. }), "{error:?}");
    assert_mentions(
        &error.to_string(),
        &[
            "plugin `app`",
            "source#value",
            "func(x: u32) -> list<tuple<string, result<u32, string>>>",
            "func(x: u32) -> list<tuple<string, result<u32, dispatch-error>>>",
        ],
    );
}

#[test]
fn import_the_binding_does_not_declare_is_an_undeclared_import() {
    let engine = Engine::default();
    let error = link_error(
        &engine,
        "extra.wat",
        vec![exactly_one_value(&engine).into()],
    );
    let LinkError::UndeclaredImport {
        plugin,
        import,
        socket,
    } = &error
    else {
        panic!("expected UndeclaredImport, got {error:?}");
    };
    assert_eq!(
        (plugin.0.as_deref(), import.as_str(), socket.as_str()),
        (Some("app"), "source#extra", "test:errors")
    );
    assert_mentions(
        &error.to_string(),
        &["plugin `app`", "source#extra", "test:errors"],
    );
}

#[test]
fn socket_plugin_missing_a_declared_export_is_an_export_mismatch() {
    let engine = Engine::default();
    // The binding declares `missing`, which source.wat does not export.
    let error = link_error(&engine, "app.wat", vec![exactly_one(&engine).into()]);
    let LinkError::ExportMismatch {
        exporter,
        binding,
        function,
        ..
    } = &error
    else {
        panic!("expected ExportMismatch, got {error:?}");
    };
    assert_eq!(
        (exporter.as_str(), binding.as_str(), function.as_str()),
        ("src", "test:errors", "source#missing")
    );
    assert_mentions(
        &error.to_string(),
        &["`src`", "test:errors", "source#missing"],
    );
}

#[test]
fn sibling_exporting_a_declared_function_with_another_type_is_an_export_mismatch() {
    let engine = Engine::default();
    // Both plugins export `value`, but `odd` takes a string, not a u32: the
    // importer cannot be given one type for both.
    let sources = Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        Any(HashMap::from([
            ("src".to_owned(), source(&engine, "source.wat")),
            ("odd".to_owned(), source(&engine, "source_string.wat")),
        ])),
    );
    // Which plugin the runtime looks at first must not matter.
    let linked = plugin(&engine, "link_errors/listed.wat")
        .with_name("app")
        .link(&engine, linker(&engine), [sources]);
    let Err(error) = linked else {
        panic!(
            "linked, though `odd` exports `value` with another type than `src`: left to fail at the first call"
        );
    };
    let LinkError::ExportMismatch { function, .. } = &error else {
        panic!("expected ExportMismatch, got {error:?}");
    };
    assert_eq!(function, "source#value");
    // Both exporters' types, and the plugin that disagrees, whichever it is.
    let text = error.to_string();
    assert_mentions(
        &text,
        &[
            "source#value",
            "test:errors",
            "func(x: u32) -> u32",
            "func(x: string) -> u32",
        ],
    );
    assert!(text.contains("`odd`") || text.contains("`src`"), "{text}");
}

#[test]
fn plugins_exporting_one_function_with_different_types_are_refused_naming_both() {
    let engine = Engine::default();
    let both = || {
        Any(HashMap::from([
            ("src".to_owned(), source(&engine, "source.wat")),
            ("odd".to_owned(), source(&engine, "source_string.wat")),
        ]))
    };
    // `try_new` refuses the binding, naming both plugins in id order.
    let error = Binding::try_new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        both(),
    )
    .expect_err("two types for one function");
    let LinkError::ExportMismatch {
        function, reason, ..
    } = &error
    else {
        panic!("expected ExportMismatch, got {error:?}");
    };
    assert_eq!(function, "source#value");
    assert!(
        reason.contains("plugins `odd` and `src`"),
        "both plugins, in id order: {reason}"
    );
    // `new` keeps the binding (its signature has no error) and refuses every
    // call of that function the same way, before any plugin runs.
    let binding = Binding::new(
        "test:errors",
        interfaces("source", plain_interface(&["value"])),
        both(),
    );
    for _ in 0..3 {
        let refused = binding
            .dispatch("source", "value", &[Val::U32(1)])
            .expect_err("refused");
        assert!(
            matches!(&refused, DispatchError::InvalidArguments { message, .. }
                if message.contains("plugins `odd` and `src`")),
            "{refused:?}"
        );
    }
}

#[test]
fn an_interface_declaring_a_resource_and_a_function_of_one_name_is_a_link_error() {
    let engine = Engine::default();
    let source = Binding::new(
        "test:errors",
        interfaces(
            "source",
            interface(
                &[(
                    "value",
                    wasm_link::FunctionKind::Freestanding,
                    wasm_link::ReturnKind::AssumeNoResources,
                )],
                &["value"],
            ),
        ),
        ExactlyOne("src".to_owned(), source(&engine, "source.wat")),
    );
    let error = link_error(&engine, "app.wat", vec![source.into()]);
    let LinkError::NameClash {
        interface, name, ..
    } = &error
    else {
        panic!("expected NameClash, got {error:?}");
    };
    assert_eq!((interface.as_str(), name.as_str()), ("source", "value"));
}

#[test]
fn import_nothing_satisfies_fails_instantiation_naming_the_import() {
    let engine = Engine::default();
    let error = link_error(&engine, "app.wat", vec![]);
    let LinkError::MissingImport {
        plugin,
        import,
        help,
        ..
    } = &error
    else {
        panic!("expected MissingImport, got {error:?}");
    };
    assert_eq!(plugin.0.as_deref(), Some("app"));
    assert!(import.starts_with("test:errors/source#"), "{import}");
    assert_eq!(
        help,
        "no socket provides `test:errors/source`: pass the binding of `test:errors` to `link`"
    );
    assert_mentions(&chain(&error), &["plugin `app`", "test:errors/source"]);
}

#[test]
fn two_sockets_providing_one_interface_are_a_duplicate_socket() {
    let engine = Engine::default();
    let error = link_error(
        &engine,
        "app.wat",
        vec![
            exactly_one_value(&engine).into(),
            exactly_one_value(&engine).into(),
        ],
    );
    let LinkError::DuplicateSocket { plugin, interface } = &error else {
        panic!("expected DuplicateSocket, got {error:?}");
    };
    assert_eq!(
        (plugin.0.as_deref(), interface.as_str()),
        (Some("app"), "test:errors/source")
    );
    assert_mentions(&error.to_string(), &["plugin `app`", "test:errors/source"]);
}

#[test]
fn socket_interface_the_linker_already_defines_is_a_define_error() {
    let engine = Engine::default();
    let mut taken = linker(&engine);
    taken
        .instance("test:errors/source")
        .unwrap()
        .func_wrap("value", |_, (x,): (u32,)| Ok((x,)))
        .unwrap();
    let error = link_error_with(
        &engine,
        "app.wat",
        taken,
        vec![exactly_one_value(&engine).into()],
    );
    let LinkError::Define { plugin, import, .. } = &error else {
        panic!("expected Define, got {error:?}");
    };
    assert_eq!(
        (plugin.0.as_deref(), import.as_str()),
        (Some("app"), "test:errors/source")
    );
    assert_mentions(&error.to_string(), &["plugin `app`", "test:errors/source"]);
}

#[test]
fn fuel_limiter_on_an_engine_without_fuel_is_an_engine_config_error() {
    let engine = Engine::default();
    let error = plugin(&engine, "link_errors/source.wat")
        .with_name("thirsty")
        .with_fuel_limiter(|_, _, _| 1_000)
        .instantiate(&engine, &linker(&engine))
        .unwrap_err();
    assert!(
        matches!(
            error,
            LinkError::EngineConfig {
                config: "consume_fuel",
                ..
            }
        ),
        "{error:?}"
    );
    assert_mentions(&error.to_string(), &["plugin `thirsty`", "consume_fuel"]);
}

#[test]
fn fitting_importer_links_and_runs() {
    // The control for the tests above: the same importer and socket, fitting.
    let engine = Engine::default();
    let app = plugin(&engine, "link_errors/app.wat")
        .with_name("app")
        .link(&engine, linker(&engine), [exactly_one_value(&engine)])
        .unwrap();
    let app = Binding::new(
        "test:errors",
        interfaces("app", plain_interface(&["run"])),
        ExactlyOne("app".to_owned(), app),
    );
    let ExactlyOne(_, result) = app.dispatch("app", "run", &[Val::U32(21)]).unwrap();
    assert_eq!(result.unwrap(), Val::U32(42));
}

// ---- Dispatch errors ----

#[test]
fn unknown_interface_fails_the_whole_dispatch() {
    let engine = Engine::default();
    let error = exactly_one(&engine)
        .dispatch("nope", "value", &[Val::U32(1)])
        .unwrap_err();
    let DispatchError::UnknownInterface(site) = &error else {
        panic!("expected UnknownInterface, got {error:?}");
    };
    assert_eq!(site.interface, "nope");
    assert!(error.to_string().contains("nope"), "{error}");
}

#[test]
fn unknown_function_fails_the_whole_dispatch() {
    let engine = Engine::default();
    let error = exactly_one(&engine)
        .dispatch("source", "nope", &[])
        .unwrap_err();
    let DispatchError::UnknownFunction(site) = &error else {
        panic!("expected UnknownFunction, got {error:?}");
    };
    assert_eq!(
        (site.interface.as_str(), site.function.as_str()),
        ("source", "nope")
    );
    assert!(error.to_string().contains("source#nope"), "{error}");
}

/// Dispatches `value` with `args` and returns the refusal: bad arguments are
/// refused before any plugin is entered (Wasmtime would leave a plugin it
/// refused them for trapped).
fn value_error(
    binding: &Binding<ExactlyOne<String, PluginInstance<Ctx>>>,
    args: &[Val],
) -> DispatchError {
    binding
        .dispatch("source", "value", args)
        .expect_err("the call should have been refused")
}

#[test]
fn wrong_argument_type_is_refused_before_the_plugin_runs() {
    let engine = Engine::default();
    let binding = exactly_one(&engine);
    let error = value_error(&binding, &[Val::String("one".into())]);
    let DispatchError::InvalidArguments { site, message } = &error else {
        panic!("expected InvalidArguments, got {error:?}");
    };
    assert_eq!(
        (site.interface.as_str(), site.function.as_str()),
        ("source", "value")
    );
    assert!(
        message.contains("u32"),
        "names the expected type: {message}"
    );
    // Bad arguments never reach the plugin, which stays usable.
    let ExactlyOne(_, result) = binding.dispatch("source", "value", &[Val::U32(4)]).unwrap();
    assert_eq!(result.unwrap(), Val::U32(8));
}

#[test]
fn wrong_argument_count_is_refused_before_the_plugin_runs() {
    let engine = Engine::default();
    let binding = exactly_one(&engine);
    for args in [vec![], vec![Val::U32(1), Val::U32(2)]] {
        let error = value_error(&binding, &args);
        assert!(
            matches!(&error, DispatchError::InvalidArguments { site, .. } if site.function == "value"),
            "{} args: {error:?}",
            args.len()
        );
    }
    let ExactlyOne(_, result) = binding.dispatch("source", "value", &[Val::U32(4)]).unwrap();
    assert_eq!(result.unwrap(), Val::U32(8));
}

#[test]
fn declared_function_the_plugin_does_not_export_is_missing_export() {
    let engine = Engine::default();
    let ExactlyOne(id, result) = exactly_one(&engine)
        .dispatch("source", "missing", &[])
        .unwrap();
    assert_eq!(id, "src");
    let error = result.unwrap_err();
    let DispatchError::MissingExport(site) = &error else {
        panic!("expected MissingExport, got {error:?}");
    };
    assert_eq!(
        (
            site.plugin.as_str(),
            site.interface.as_str(),
            site.function.as_str()
        ),
        ("src", "source", "missing")
    );
    assert!(error.to_string().contains("source#missing"), "{error}");
}

#[test]
fn checking_a_typed_group_speaks_of_its_binding_not_of_a_socket() {
    let engine = Engine::default();
    let binding = exactly_one(&engine);
    // A function the binding does not declare.
    let error =
        wasm_link::__private::typed_function::<_, _, (u32,), (u32,)>(&binding, "source", "nope")
            .expect_err("undeclared");
    let LinkError::UndeclaredFunction {
        binding: package,
        function,
    } = &error
    else {
        panic!("expected UndeclaredFunction, got {error:?}");
    };
    assert_eq!(
        (package.as_str(), function.as_str()),
        ("test:errors", "source#nope")
    );
    // A function the plugin exports with another type.
    let error = wasm_link::__private::typed_function::<_, _, (String,), (u32,)>(
        &binding, "source", "value",
    )
    .expect_err("mistyped");
    assert!(
        matches!(error, LinkError::ExportMismatch { .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.contains("of binding `test:errors`"), "{text}");
    assert!(!text.contains("socket"), "no socket is involved: {text}");
}
