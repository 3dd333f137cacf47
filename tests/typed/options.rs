//! `bind!` on WIT whose names collide with what generated code uses, and
//! the `features:` and `crate:` options.

use wasm_link::{Engine, ExactlyOne};

use crate::common::instance;

/// A package named like the runtime crate, with types named like the
/// generated code's generic parameters and helper types.
mod hygiene {
    wasm_link::bind!(inline: "
        package wasm:link;

        interface names {
            record c { x: u32 }
            record ctx { y: u32 }
            type calls = u32;
            type functions = string;
            enum group { one, two }
            pick: func(a: c, b: ctx, n: calls) -> c;
            label: func(g: group) -> functions;
        }
    ");
}

#[test]
fn generated_code_works_whatever_the_wit_names() {
    // The package module steps aside for the crate: `wasm_link_`.
    assert_eq!(hygiene::wasm_link_::PACKAGE, "wasm:link");
    assert!(hygiene::wasm_link_::interfaces().contains_key("names"));
    let c = hygiene::wasm_link_::names::C { x: 1 };
    let ctx = hygiene::wasm_link_::names::Ctx { y: 2 };
    let n: hygiene::wasm_link_::names::Calls = 3;
    assert_eq!((c.x, ctx.y, n), (1, 2, 3));
    // A plugin without these exports is refused by name, so the typed
    // functions were generated and checked.
    let engine = Engine::default();
    let error = hygiene::wasm_link_::Group::new(ExactlyOne(
        "p".to_owned(),
        instance(&engine, "resources/plugin.wat"),
    ))
    .expect_err("the plugin exports another package");
    assert!(error.to_string().contains("names"), "{error}");
}

/// The same package with and without its feature.
macro_rules! gated {
    ($($option:tt)*) => {
        wasm_link::bind!(inline: "
            package test:gated;

            interface api {
                get: func() -> u32;
            }

            @unstable(feature = beta)
            interface preview {
                peek: func() -> u32;
            }
        " $($option)*);
    };
}

mod with_beta {
    gated!(, features: ["beta"]);
}

mod without_beta {
    gated!();
}

#[test]
fn features_enable_unstable_interfaces() {
    let mut with: Vec<_> = with_beta::test_gated::interfaces().into_keys().collect();
    with.sort();
    assert_eq!(with, ["api", "preview"]);
    let without: Vec<_> = without_beta::test_gated::interfaces().into_keys().collect();
    assert_eq!(without, ["api"]);
}

/// The runtime under another path, as a renamed dependency or a re-export
/// would give it.
pub mod rt {
    pub use wasm_link::*;
}

mod relocated {
    wasm_link::bind!(inline: "
        package test:relocated;

        interface api {
            get: func() -> u32;
        }
    ", crate: crate::options::rt);
}

#[test]
fn the_crate_option_moves_every_runtime_path() {
    assert_eq!(relocated::test_relocated::PACKAGE, "test:relocated");
    let engine = Engine::default();
    let error = relocated::test_relocated::Group::new(ExactlyOne(
        "p".to_owned(),
        instance(&engine, "resources/plugin.wat"),
    ))
    .expect_err("the plugin exports another package");
    assert!(error.to_string().contains("api"), "{error}");
}
