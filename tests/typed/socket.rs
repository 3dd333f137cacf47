//! A typed group as another plugin's socket, bound from a WIT directory with
//! `deps/`: one module per package.

use wasm_link::{Engine, ExactlyOne, Linker, Socket};

use crate::common::{instance, plugin};

wasm_link::bind!("typed/socket/wit");

#[test]
fn a_typed_group_is_a_socket() {
    let engine = Engine::default();
    let numbers = test_numbers::Group::new(ExactlyOne(
        "leaf".to_owned(),
        instance(&engine, "socket/leaf.wat"),
    ))
    .unwrap();
    let root = plugin(&engine, "socket/root.wat")
        .link(&engine, Linker::new(&engine), [&numbers])
        .unwrap();
    let app = test_app::Group::new(ExactlyOne("root".to_owned(), root)).unwrap();
    let ExactlyOne(id, result) = app.app().quadruple(5);
    assert_eq!(id, "root");
    assert_eq!(result.unwrap(), 20);
    // The socket's group is still callable from the host.
    let ExactlyOne(_, doubled) = numbers.numbers().double(21);
    assert_eq!(doubled.unwrap(), 42);
}

#[test]
fn the_untyped_binding_is_a_socket_too() {
    let engine = Engine::default();
    let numbers = test_numbers::Group::new(ExactlyOne(
        "leaf".to_owned(),
        instance(&engine, "socket/leaf.wat"),
    ))
    .unwrap();
    let root = plugin(&engine, "socket/root.wat")
        .link(
            &engine,
            Linker::new(&engine),
            [Socket::from(numbers.binding())],
        )
        .unwrap();
    let app = test_app::Group::new(ExactlyOne("root".to_owned(), root)).unwrap();
    let ExactlyOne(_, result) = app.app().quadruple(3);
    assert_eq!(result.unwrap(), 12);
}

#[test]
fn a_group_checks_exports_when_built() {
    let engine = Engine::default();
    // The leaf exports test:numbers, not test:app.
    let error = test_app::Group::new(ExactlyOne(
        "leaf".to_owned(),
        instance(&engine, "socket/leaf.wat"),
    ))
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("leaf") && message.contains("app#quadruple"),
        "{message}"
    );
}

/// The same package, as another WIT declares it: `double` takes a string.
mod mismatched {
    wasm_link::bind!(inline: "
        package test:numbers;
        interface numbers { double: func(x: string) -> u32; }
    ");
}

#[test]
fn a_type_mismatch_names_plugin_function_and_types() {
    let engine = Engine::default();
    let error = mismatched::test_numbers::Group::new(ExactlyOne(
        "leaf".to_owned(),
        instance(&engine, "socket/leaf.wat"),
    ))
    .unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, wasm_link::LinkError::ExportMismatch { .. }),
        "{message}"
    );
    assert!(message.contains("`leaf`"), "{message}");
    assert!(message.contains("numbers#double"), "{message}");
    assert!(message.contains("func(x: u32) -> u32"), "{message}");
    assert!(message.contains("string"), "{message}");
}
