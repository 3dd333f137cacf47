//! The smallest socket: a root plugin calls a leaf through an `ExactlyOne`
//! socket declared with the transparent shape, on the `Val` path, the typed
//! path and through typed forwarding.

use wasm_link::__private::{TypedSocket, call_typed, typed_function};
use wasm_link::{Binding, Engine, ExactlyOne, PluginInstance, Socket, Val};

use crate::common::{Ctx, interfaces, linker, plain_interface, plugin};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// The leaf's binding: `numbers#double`.
fn numbers(engine: &Engine) -> One {
    let leaf = plugin(engine, "smoke/leaf.wat")
        .instantiate(engine, &linker(engine))
        .unwrap();
    Binding::new(
        "test:smoke",
        interfaces("numbers", plain_interface(&["double"])),
        ExactlyOne("leaf".to_owned(), leaf),
    )
}

/// The root linked to `socket`, as the binding of `app#quadruple`.
fn app(engine: &Engine, socket: impl Into<Socket>) -> One {
    let root = plugin(engine, "smoke/root.wat")
        .link(engine, linker(engine), [socket])
        .unwrap();
    Binding::new(
        "test:smoke",
        interfaces("app", plain_interface(&["quadruple"])),
        ExactlyOne("root".to_owned(), root),
    )
}

#[test]
fn root_calls_leaf_through_transparent_socket() {
    let engine = Engine::default();
    let app = app(&engine, numbers(&engine));
    let ExactlyOne(id, result) = app.dispatch("app", "quadruple", &[Val::U32(5)]).unwrap();
    assert_eq!(id, "root");
    assert_eq!(result.unwrap(), Val::U32(20));
}

#[test]
fn typed_path_calls_through_the_same_graph() {
    let engine = Engine::default();
    let app = app(&engine, numbers(&engine));
    let quadruple = typed_function::<_, _, (u32,), (u32,)>(&app, "app", "quadruple").unwrap();
    let ExactlyOne(_, result) = call_typed(&app, &quadruple, (3,), |(n,)| n);
    assert_eq!(result.unwrap(), 12);

    let wrong = typed_function::<_, _, (String,), (u32,)>(&app, "app", "quadruple").unwrap_err();
    let message = wrong.to_string();
    assert!(
        message.contains("root") && message.contains("func(x: u32) -> u32"),
        "{message}"
    );
}

#[test]
fn typed_socket_forwards_to_the_importer() {
    let engine = Engine::default();
    let socket = TypedSocket::new(&numbers(&engine))
        .forward::<(u32,), (u32,)>("numbers", "double")
        .into_socket();
    let app = app(&engine, socket);
    let ExactlyOne(_, result) = app.dispatch("app", "quadruple", &[Val::U32(7)]).unwrap();
    assert_eq!(result.unwrap(), Val::U32(28));
}
