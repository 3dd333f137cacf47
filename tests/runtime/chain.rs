//! A chain of three plugins, leaf <- middle <- root, each linked to the one
//! below through an `ExactlyOne` socket: values flow through two sockets.

use wasm_link::{
    Binding, DispatchError, Engine, ExactlyOne, FunctionKind, PluginInstance, ReturnKind, Val,
};

use crate::common::{Ctx, interface, interfaces, linker, plugin};

type Level = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

/// The interface every level exports under its own name (see chain.wit).
fn level_interface(name: &str) -> std::collections::HashMap<String, wasm_link::Interface> {
    let plain = (FunctionKind::Freestanding, ReturnKind::AssumeNoResources);
    interfaces(
        name,
        interface(
            &[
                ("digit", plain.0, plain.1),
                ("wrap", plain.0, plain.1),
                ("fail", plain.0, plain.1),
            ],
            &[],
        ),
    )
}

/// Builds the chain bottom-up and returns the bindings of (leaf, middle, root).
fn chain() -> (Level, Level, Level) {
    let engine = Engine::default();
    let leaf = plugin(&engine, "chain/leaf.wat")
        .instantiate(&engine, &linker(&engine))
        .unwrap();
    let leaf = Binding::new(
        "test:chain",
        level_interface("leaf"),
        ExactlyOne("leaf".to_owned(), leaf),
    );
    let middle = plugin(&engine, "chain/middle.wat")
        .with_name("middle")
        .link(&engine, linker(&engine), [&leaf])
        .unwrap();
    let middle = Binding::new(
        "test:chain",
        level_interface("middle"),
        ExactlyOne("middle".to_owned(), middle),
    );
    let root = plugin(&engine, "chain/root.wat")
        .with_name("root")
        .link(&engine, linker(&engine), [&middle])
        .unwrap();
    let root = Binding::new(
        "test:chain",
        level_interface("root"),
        ExactlyOne("root".to_owned(), root),
    );
    (leaf, middle, root)
}

fn call(
    binding: &Level,
    interface: &str,
    function: &str,
    args: &[Val],
) -> Result<Val, DispatchError> {
    let ExactlyOne(id, result) = binding.dispatch(interface, function, args).unwrap();
    assert_eq!(id, interface, "each level's id is its interface's name");
    result
}

#[test]
fn scalar_flows_from_leaf_through_middle_to_root() {
    let (leaf, middle, root) = chain();
    assert_eq!(
        call(&root, "root", "digit", &[Val::U32(7)]).unwrap(),
        Val::U32(7123)
    );
    // The lower levels stay callable from the host, through the same bindings.
    assert_eq!(
        call(&middle, "middle", "digit", &[Val::U32(7)]).unwrap(),
        Val::U32(712)
    );
    assert_eq!(
        call(&leaf, "leaf", "digit", &[Val::U32(7)]).unwrap(),
        Val::U32(71)
    );
    assert_eq!(
        call(&root, "root", "digit", &[Val::U32(0)]).unwrap(),
        Val::U32(123)
    );
}

#[test]
fn strings_flow_through_two_sockets_both_ways() {
    let (_leaf, _middle, root) = chain();
    let wrap = |s: &str| call(&root, "root", "wrap", &[Val::String(s.into())]).unwrap();
    assert_eq!(wrap("x"), Val::String("{[(x)]}".into()));
    assert_eq!(wrap(""), Val::String("{[()]}".into()));
    // Longer than any scratch space and not ASCII: lengths are in bytes.
    let long = "řetěz ".repeat(500);
    assert_eq!(wrap(&long), Val::String(format!("{{[({long})]}}")));
}

#[test]
fn leaf_trap_fails_root_call_with_every_hop_in_the_cause() {
    let (_leaf, _middle, root) = chain();
    let error = call(&root, "root", "fail", &[]).unwrap_err();
    let DispatchError::Trap { site, message, .. } = &error else {
        panic!("expected a trap, got {error:?}");
    };
    assert_eq!(
        (
            site.plugin.as_str(),
            site.interface.as_str(),
            site.function.as_str()
        ),
        ("root", "root", "fail")
    );
    // The transparent sockets turn the leaf's trap into a trap of each caller,
    // keeping the cause: the leaf's own failure and the middle hop.
    assert!(
        message.contains("`leaf#fail` of plugin `leaf`"),
        "{message}"
    );
    assert!(
        message.contains("`middle#fail` of plugin `middle`"),
        "{message}"
    );
    assert!(message.contains("unreachable"), "{message}");
}
