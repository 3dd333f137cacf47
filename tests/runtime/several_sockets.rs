//! One plugin linked with two sockets of different cardinalities (an
//! `ExactlyOne` and an `Any`) in one `link` call, through the type-erased
//! `Socket`.

use std::collections::HashMap;

use wasm_link::{Any, Binding, Engine, ExactlyOne, PluginInstance, Socket, Val};

use crate::common::{Ctx, interfaces, linker, plain_interface, plugin};

fn base(engine: &Engine) -> Binding<ExactlyOne<String, PluginInstance<Ctx>>> {
    let base = plugin(engine, "several_sockets/base.wat")
        .instantiate(engine, &linker(engine))
        .unwrap();
    Binding::new(
        "test:base",
        interfaces("base", plain_interface(&["base"])),
        ExactlyOne("base".to_owned(), base),
    )
}

/// The Any binding of the bonus plugins named in `ids` (`twenty`, `three`).
fn bonus(engine: &Engine, ids: &[&str]) -> Binding<Any<String, PluginInstance<Ctx>>> {
    let plugins = ids
        .iter()
        .map(|id| {
            let file = match *id {
                "twenty" => "several_sockets/bonus_20.wat",
                "three" => "several_sockets/bonus_3.wat",
                other => panic!("no bonus plugin {other}"),
            };
            let instance = plugin(engine, file)
                .instantiate(engine, &linker(engine))
                .unwrap();
            ((*id).to_owned(), instance)
        })
        .collect();
    Binding::new(
        "test:bonus",
        interfaces("bonus", plain_interface(&["bonus"])),
        Any(plugins),
    )
}

/// Links the hub with `sockets` and returns its `total()`.
fn hub_total(engine: &Engine, sockets: Vec<Socket>) -> Val {
    let hub = plugin(engine, "several_sockets/hub.wat")
        .with_name("hub")
        .link(engine, linker(engine), sockets)
        .unwrap();
    let hub = Binding::new(
        "test:hub",
        interfaces("hub", plain_interface(&["total"])),
        ExactlyOne("hub".to_owned(), hub),
    );
    let ExactlyOne(_, total) = hub.dispatch("hub", "total", &[]).unwrap();
    total.unwrap()
}

#[test]
fn one_link_call_wires_an_exactly_one_and_an_any_socket() {
    let engine = Engine::default();
    let sockets: Vec<Socket> = vec![
        base(&engine).into(),
        bonus(&engine, &["twenty", "three"]).into(),
    ];
    assert_eq!(hub_total(&engine, sockets), Val::U32(123));
}

#[test]
fn socket_order_in_the_link_call_does_not_matter() {
    let engine = Engine::default();
    let sockets: Vec<Socket> = vec![
        bonus(&engine, &["twenty", "three"]).into(),
        base(&engine).into(),
    ];
    assert_eq!(hub_total(&engine, sockets), Val::U32(123));
}

#[test]
fn empty_any_socket_beside_an_exactly_one_contributes_nothing() {
    let engine = Engine::default();
    let sockets: Vec<Socket> = vec![base(&engine).into(), bonus(&engine, &[]).into()];
    assert_eq!(hub_total(&engine, sockets), Val::U32(100));
}

#[test]
fn bindings_lent_as_sockets_stay_callable_from_the_host() {
    let engine = Engine::default();
    let (base, bonus) = (base(&engine), bonus(&engine, &["twenty", "three"]));
    let sockets = vec![Socket::from(&base), (&bonus).into()];
    assert_eq!(hub_total(&engine, sockets), Val::U32(123));

    let ExactlyOne(id, value) = base.dispatch("base", "base", &[]).unwrap();
    assert_eq!((id.as_str(), value.unwrap()), ("base", Val::U32(100)));
    let Any(bonuses) = bonus.dispatch("bonus", "bonus", &[]).unwrap();
    let bonuses: HashMap<String, Val> = bonuses
        .into_iter()
        .map(|(id, v)| (id, v.unwrap()))
        .collect();
    assert_eq!(
        bonuses,
        HashMap::from([
            ("twenty".to_owned(), Val::U32(20)),
            ("three".to_owned(), Val::U32(3))
        ])
    );
}
