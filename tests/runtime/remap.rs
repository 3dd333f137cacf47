//! Plugins plugged into a binding under other names (`Remap`): found on the
//! `Val` path, the typed path and through sockets, each member with names of
//! its own, and a name that finds nothing reported like a missing export.

use std::collections::HashMap;

use wasm_link::__private::{TypedSocket, call_typed, typed_function};
use wasm_link::{
    Any, Binding, DispatchError, Engine, ExactlyOne, LinkError, PluginInstance, Remap, Socket, Val,
};

use crate::common::{Ctx, interfaces, linker, plain_interface, plugin};

/// `tripler.wat`'s `test:other/maths@1.0.0#triple` as the binding's
/// `numbers#double`.
fn as_double() -> Remap {
    Remap::found_as("test:other/maths@1.0.0").resolves_item("double", "triple")
}

fn tripler(engine: &Engine, remap: Remap) -> PluginInstance<Ctx> {
    plugin(engine, "remap/tripler.wat")
        .remap_interfaces([("numbers", remap)])
        .instantiate(engine, &linker(engine))
        .expect("the tripler instantiates")
}

fn doubler(engine: &Engine) -> PluginInstance<Ctx> {
    plugin(engine, "smoke/leaf.wat")
        .instantiate(engine, &linker(engine))
        .expect("the doubler instantiates")
}

fn numbers<C>(plugins: C) -> Binding<C>
where
    C: wasm_link::Cardinality<Item = PluginInstance<Ctx>>,
    C::Id: wasm_link::PluginId,
{
    Binding::new(
        "test:smoke",
        interfaces("numbers", plain_interface(&["double"])),
        plugins,
    )
}

#[test]
fn a_remapped_export_answers_on_the_val_and_typed_paths() {
    let engine = Engine::default();
    let binding = numbers(ExactlyOne(
        "tripler".to_owned(),
        tripler(&engine, as_double()),
    ));
    let ExactlyOne(_, result) = binding
        .dispatch("numbers", "double", &[Val::U32(5)])
        .expect("dispatch");
    assert_eq!(result.expect("the remapped export runs"), Val::U32(15));

    let double = typed_function::<_, _, (u32,), (u32,)>(&binding, "numbers", "double")
        .expect("the remapped export has the declared type");
    let ExactlyOne(_, result) = call_typed(&binding, &double, (7,), |(n,)| n);
    assert_eq!(result.expect("typed call"), 21);

    // Restarted, the plugin finds the same export again.
    binding
        .restart(&"tripler".to_owned(), Ctx::new())
        .expect("restart");
    let ExactlyOne(_, result) = call_typed(&binding, &double, (2,), |(n,)| n);
    assert_eq!(result.expect("typed call after a restart"), 6);
}

#[test]
fn members_of_one_binding_may_use_names_of_their_own() {
    let engine = Engine::default();
    let binding = numbers(Any(HashMap::from([
        ("doubler".to_owned(), doubler(&engine)),
        ("tripler".to_owned(), tripler(&engine, as_double())),
    ])));
    let Any(results) = binding
        .dispatch("numbers", "double", &[Val::U32(10)])
        .expect("dispatch");
    assert_eq!(results["doubler"].as_ref().expect("doubler"), &Val::U32(20));
    assert_eq!(results["tripler"].as_ref().expect("tripler"), &Val::U32(30));
}

/// `smoke/root.wat` (`app#quadruple` calls `numbers#double` twice) linked
/// to `socket`.
fn quadruple_through(engine: &Engine, socket: impl Into<Socket>) -> u32 {
    let root = plugin(engine, "smoke/root.wat")
        .link(engine, linker(engine), [socket])
        .expect("the root links to the remapped binding");
    let app = Binding::new(
        "test:smoke",
        interfaces("app", plain_interface(&["quadruple"])),
        ExactlyOne("root".to_owned(), root),
    );
    let ExactlyOne(_, result) = app
        .dispatch("app", "quadruple", &[Val::U32(2)])
        .expect("dispatch");
    match result.expect("the root's call") {
        Val::U32(n) => n,
        other => panic!("not a u32: {other:?}"),
    }
}

#[test]
fn an_importer_reaches_a_remapped_export_through_val_and_typed_sockets() {
    let engine = Engine::default();
    let binding = numbers(ExactlyOne(
        "tripler".to_owned(),
        tripler(&engine, as_double()),
    ));
    // The importer imports `test:smoke/numbers#double`; the plugin behind
    // the socket exports `test:other/maths@1.0.0#triple`: 2 * 3 * 3.
    assert_eq!(quadruple_through(&engine, &binding), 18);
    let typed = TypedSocket::new(&binding)
        .forward::<(u32,), (u32,)>("numbers", "double")
        .into_socket();
    assert_eq!(quadruple_through(&engine, typed), 18);
}

#[test]
fn a_remap_that_finds_nothing_is_reported_like_a_missing_export() {
    let engine = Engine::default();
    // The interface is found, the function is not.
    let binding = numbers(ExactlyOne(
        "tripler".to_owned(),
        tripler(
            &engine,
            Remap::found_as("test:other/maths@1.0.0").resolves_item("double", "quadruple"),
        ),
    ));
    let ExactlyOne(_, result) = binding
        .dispatch("numbers", "double", &[Val::U32(1)])
        .expect("dispatch");
    assert!(
        matches!(&result, Err(DispatchError::MissingExport(site)) if site.plugin == "tripler"),
        "{result:?}"
    );
    let error = typed_function::<_, _, (u32,), (u32,)>(&binding, "numbers", "double")
        .expect_err("nothing to check");
    assert!(
        matches!(&error, LinkError::ExportMismatch { exporter, .. } if exporter == "tripler"),
        "{error:?}"
    );
    // An importer is refused when it links, naming the plugin.
    let error = plugin(&engine, "smoke/root.wat")
        .link(&engine, linker(&engine), [&binding])
        .expect_err("the socket's plugin lacks the function");
    assert!(error.to_string().contains("tripler"), "{error}");

    // Without any remap the tripler exports nothing the binding declares.
    let plain = numbers(ExactlyOne(
        "tripler".to_owned(),
        tripler(&engine, Remap::default()),
    ));
    let ExactlyOne(_, result) = plain
        .dispatch("numbers", "double", &[Val::U32(1)])
        .expect("dispatch");
    assert!(
        matches!(result, Err(DispatchError::MissingExport(_))),
        "{result:?}"
    );
}
