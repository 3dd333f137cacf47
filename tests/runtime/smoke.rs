//! The smallest socket: a root plugin calls a leaf through an ExactlyOne
//! socket declared with the transparent shape.

use wasm_link::{Binding, Engine, ExactlyOne, Val};

use crate::common::{interfaces, linker, plain_interface, plugin};

#[test]
fn root_calls_leaf_through_transparent_socket() {
    let engine = Engine::default();
    let leaf = plugin(&engine, "smoke/leaf.wat").instantiate(&engine, &linker(&engine)).unwrap();
    let numbers = Binding::new(
        "test:smoke",
        interfaces("numbers", plain_interface(&["double"])),
        ExactlyOne("leaf".to_owned(), leaf),
    );
    let root = plugin(&engine, "smoke/root.wat")
        .link(&engine, linker(&engine), [numbers])
        .unwrap();
    let app = Binding::new(
        "test:smoke",
        interfaces("app", plain_interface(&["quadruple"])),
        ExactlyOne("root".to_owned(), root),
    );
    let ExactlyOne(id, result) = app.dispatch("app", "quadruple", &[Val::U32(5)]).unwrap();
    assert_eq!(id, "root");
    assert_eq!(result.unwrap(), Val::U32(20));
}
