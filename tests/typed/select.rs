//! The `interfaces:` option: a package whose interfaces serve different
//! bindings gets a group over the chosen ones only, so a plugin exporting
//! just those passes the group's export check.

use wasm_link::{Engine, ExactlyOne, LinkError};

use crate::common::instance;

/// The resources fixture's package with a second interface its plugin does
/// not export.
macro_rules! package_with_log {
    ($($option:tt)*) => {
        wasm_link::bind!(inline: "
            package test:resources;

            interface counters {
                resource counter {
                    constructor(start: u32);
                    get: func() -> u32;
                    zero: static func() -> counter;
                }
                make: func(start: u32) -> counter;
                value-of: func(c: borrow<counter>) -> u32;
                plain: func() -> u32;
            }

            interface log {
                write: func(line: string);
            }
        " $($option)*);
    };
}

mod chosen {
    package_with_log!(, interfaces: ["counters"]);
}

mod all {
    package_with_log!();
}

#[test]
fn the_group_covers_only_the_chosen_interfaces() {
    let interfaces = chosen::test_resources::interfaces();
    assert_eq!(interfaces.keys().collect::<Vec<_>>(), ["counters"]);
    let engine = Engine::default();
    let group = chosen::test_resources::Group::new(ExactlyOne(
        "counters".to_owned(),
        instance(&engine, "resources/plugin.wat"),
    ))
    .unwrap();
    let ExactlyOne(_, seven) = group.counters().plain();
    assert_eq!(seven.unwrap(), 7);
}

#[test]
fn without_the_option_the_missing_interface_is_an_error() {
    assert_eq!(all::test_resources::interfaces().len(), 2);
    let engine = Engine::default();
    let error = all::test_resources::Group::new(ExactlyOne(
        "counters".to_owned(),
        instance(&engine, "resources/plugin.wat"),
    ))
    .unwrap_err();
    assert!(
        matches!(&error, LinkError::ExportMismatch { function, .. } if function == "log#write"),
        "{error}"
    );
}
