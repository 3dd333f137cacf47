//! A value of every WIT type kind goes into a plugin and comes back, through
//! the typed API only.

use wasm_link::{Engine, ExactlyOne, FunctionKind, PluginInstance, ReturnKind};

use crate::common::{Ctx, instance};

wasm_link::bind!("typed/roundtrip/roundtrip.wit");

use test_roundtrip::api::{Color, Everything, Perms};
use test_roundtrip::shapes::{Point, Shape};

type Group = test_roundtrip::Group<ExactlyOne<String, PluginInstance<Ctx>>>;

fn group() -> Group {
    let engine = Engine::default();
    Group::new(ExactlyOne(
        "echo".to_owned(),
        instance(&engine, "roundtrip/plugin.wat"),
    ))
    .unwrap()
}

/// The one plugin's result of a call on an `ExactlyOne` group.
fn only<T>(result: ExactlyOne<String, Result<T, wasm_link::DispatchError>>) -> T {
    let ExactlyOne(id, result) = result;
    assert_eq!(id, "echo");
    result.unwrap()
}

/// A value with every field set to something non-default.
pub fn everything() -> Everything {
    Everything {
        b: true,
        u8v: u8::MAX,
        u16v: 0xBEEF,
        u32v: 0xDEAD_BEEF,
        u64v: u64::MAX - 1,
        s8v: i8::MIN,
        s16v: -12_345,
        s32v: i32::MIN + 1,
        s64v: i64::MIN,
        f32v: 1.5,
        f64v: -2.25e300,
        c: '🦀',
        s: "héllo".to_owned(),
        names: vec!["a".to_owned(), String::new(), "ccc".to_owned()],
        nested: vec![vec![], vec!["x".to_owned(), "yz".to_owned()]],
        opt: Some("present".to_owned()),
        none: None,
        ok: Ok(7),
        err: Err("bad".to_owned()),
        unit_err: Err("unit".to_owned()),
        bare: Ok(()),
        tup: (9, "nine".to_owned(), false),
        shape: Shape::Named("blob".to_owned()),
        shapes: vec![
            Shape::Circle(0.5),
            Shape::Square(4),
            Shape::Named("n".to_owned()),
            Shape::Nothing,
        ],
        color: Color::Blue,
        perms: Perms::READ | Perms::EXEC,
        bytes: vec![0, 1, 2, 254, 255],
        point: Point { x: -3, y: 4 },
        r#type: 42,
    }
}

#[test]
fn a_record_of_every_kind_round_trips() {
    let group = group();
    let value = everything();
    assert_eq!(only(group.api().echo_everything(value.clone())), value);
}

#[test]
fn lists_of_records_cross_the_boundary() {
    let group = group();
    let values = vec![everything(), everything(), everything()];
    // A `list<T>` parameter is a slice: the caller keeps its values.
    assert_eq!(only(group.api().count(&values)), 3);
    assert_eq!(only(group.api().count(&values[1..])), 2);
    assert_eq!(only(group.api().count(&[])), 0);
}

#[test]
fn scalars_round_trip() {
    let group = group();
    let api = group.api();
    assert!(only(api.echo_bool(true)));
    assert_eq!(only(api.echo_u8(200)), 200);
    assert_eq!(only(api.echo_u16(60_000)), 60_000);
    assert_eq!(only(api.echo_u32(4_000_000_000)), 4_000_000_000);
    assert_eq!(only(api.echo_u64(u64::MAX)), u64::MAX);
    assert_eq!(only(api.echo_s8(-100)), -100);
    assert_eq!(only(api.echo_s16(-30_000)), -30_000);
    assert_eq!(only(api.echo_s32(i32::MIN)), i32::MIN);
    assert_eq!(only(api.echo_s64(i64::MIN)), i64::MIN);
    assert!((only(api.echo_f32(3.5)) - 3.5).abs() < f32::EPSILON);
    assert!((only(api.echo_f64(-0.125)) + 0.125).abs() < f64::EPSILON);
    assert_eq!(only(api.echo_char('ß')), 'ß');
    assert_eq!(only(api.echo_color(Color::Green)), Color::Green);
    let perms = Perms::READ | Perms::WRITE;
    assert_eq!(only(api.echo_perms(perms)), perms);
    assert_eq!(only(api.echo_perms(Perms::empty())), Perms::empty());
}

#[test]
fn strings_are_borrowed() {
    let group = group();
    assert_eq!(only(group.api().echo_string("literal")), "literal");
    // A `String` lends itself, and is still the caller's after the call.
    let owned = String::from("owned");
    assert_eq!(only(group.api().echo_string(&owned)), owned);
    assert_eq!(only(group.api().echo_string("")), "");
    // `bytes` is an alias of `list<u8>`: an alias keeps its owned type.
    assert_eq!(only(group.api().echo_bytes(vec![1, 2, 3])), vec![1, 2, 3]);
}

#[test]
fn results_come_back_as_rust_results() {
    let group = group();
    assert_eq!(only(group.api().halve(10)), Ok(5));
    assert_eq!(only(group.api().halve(7)), Err("odd".to_owned()));
}

#[test]
fn functions_without_results_and_with_several_parameters() {
    let group = group();
    only(group.api().nothing());
    assert_eq!(only(group.api().add(40, 2)), 42);
    // `%match: func(%self: u32)`: a keyword function and parameter name.
    assert_eq!(only(group.api().r#match(1)), 2);
}

#[test]
fn metadata_follows_the_wit() {
    let interfaces = test_roundtrip::interfaces();
    assert_eq!(test_roundtrip::PACKAGE, "test:roundtrip");
    assert_eq!(interfaces.len(), 2);
    assert!(interfaces["shapes"].functions().is_empty());
    let api = &interfaces["api"];
    assert_eq!(api.functions().len(), 22);
    assert!(api.resources().is_empty());
    let nothing = api.functions()["nothing"];
    assert_eq!(nothing.kind(), FunctionKind::Freestanding);
    assert_eq!(nothing.return_kind(), ReturnKind::Void);
    let echo = api.functions()["echo-everything"];
    assert_eq!(echo.return_kind(), ReturnKind::AssumeNoResources);
}

#[test]
fn the_group_exposes_its_binding() {
    let group = group();
    assert_eq!(group.binding().package(), "test:roundtrip");
    assert_eq!(group.binding().ids(), ["echo"]);
    let debug = format!("{group:?}");
    assert!(debug.contains("test:roundtrip"), "{debug}");
}
