//! Bad component bytes: garbage, a core module, a truncated or corrupted
//! component. `wasm_link::Component` is wasmtime's; these tests pin that,
//! through the runtime's re-export, every one is an `Err` with a message
//! (never a panic), and that the engine and the host go on working
//! afterwards. Corrupted bytes that still validate are fuzzed in `fuzz.rs`.

use wasm_link::{Binding, Component, DispatchError, Engine, ExactlyOne, Linker, Plugin, Val};

use crate::common::{Ctx, engine, interfaces, plain_interface, runtime};

/// The binary of the `runtime` binary's `single_plugin/plugin.wat`.
fn plugin_bytes() -> Vec<u8> {
    wat::parse_file(runtime("single_plugin/plugin.wat")).expect("the fixture is valid WAT")
}

/// Compiling `bytes` fails; returns the message (with its causes).
fn compile_error(engine: &Engine, what: &str, bytes: &[u8]) -> String {
    match Component::new(engine, bytes) {
        Ok(_) => panic!("{what} compiled as a component"),
        Err(e) => {
            let message = format!("{e:#}");
            assert!(!message.trim().is_empty(), "{what}: an empty message");
            message
        }
    }
}

/// The host goes on: a good component compiles, runs and answers on `engine`.
fn still_works(engine: &Engine, bytes: &[u8]) {
    let component = Component::new(engine, bytes).expect("the good component compiles");
    let instance = Plugin::new(component, Ctx::new())
        .instantiate(engine, &Linker::new(engine))
        .expect("the good component instantiates");
    let binding = Binding::new(
        "test:single",
        interfaces("api", plain_interface(&["add"])),
        ExactlyOne("good".to_owned(), instance),
    );
    let ExactlyOne(_, result) = binding
        .dispatch("api", "add", &[Val::U32(40), Val::U32(2)])
        .expect("dispatch");
    assert_eq!(result.expect("add"), Val::U32(42));
}

/// 4 KiB from a splitmix64 stream: deterministic garbage.
fn garbage(seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..512)
        .flat_map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)).to_le_bytes()
        })
        .collect()
}

#[test]
fn garbage_bytes_are_an_error() {
    let engine = engine();
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("no bytes".into(), vec![]),
        ("text that is not WAT".into(), b"hello, plugin".to_vec()),
        ("the magic number alone".into(), b"\0asm".to_vec()),
        (
            "an unknown binary version".into(),
            b"\0asm\x0e\x00\x02\x00".to_vec(),
        ),
        (
            "a component header alone".into(),
            b"\0asm\x0d\x00\x01\x00".to_vec(),
        ),
        ("every byte value".into(), (0..=255).collect()),
    ];
    for seed in 1..=8 {
        cases.push((format!("random bytes (seed {seed})"), garbage(seed)));
        // The component header, then garbage.
        let mut headed = b"\0asm\x0d\x00\x01\x00".to_vec();
        headed.extend(garbage(seed));
        cases.push((format!("a header and random bytes (seed {seed})"), headed));
    }
    for (what, bytes) in &cases {
        if what == "a component header alone" {
            // An empty component is a valid component.
            continue;
        }
        compile_error(&engine, what, bytes);
    }
    let message = compile_error(&engine, "an unknown version", &cases[3].1);
    assert!(message.contains("version"), "{message}");
    still_works(&engine, &plugin_bytes());
}

#[test]
fn core_module_is_not_a_component() {
    let engine = engine();
    let text = "(module (memory 1) (func (export \"add\") (param i32 i32) (result i32) \
                (i32.add (local.get 0) (local.get 1))))";
    let binary = wat::parse_str(text).expect("valid WAT");
    for (what, bytes) in [
        ("a core module's text", text.as_bytes()),
        ("a core module", &binary),
    ] {
        let message = compile_error(&engine, what, bytes);
        assert!(
            message.contains("module") && message.contains("component"),
            "{what}: the error says it is a module, not a component: {message}"
        );
    }
    still_works(&engine, &plugin_bytes());
}

#[test]
fn truncated_component_is_an_error_or_a_smaller_valid_component_never_a_panic() {
    let engine = engine();
    let bytes = plugin_bytes();
    let mut errors = 0;
    let mut valid = Vec::new();
    for cut in 0..bytes.len() {
        match Component::new(&engine, &bytes[..cut]) {
            Err(e) => {
                assert!(!format!("{e:#}").trim().is_empty(), "cut at {cut}");
                errors += 1;
            }
            // Cut at a section boundary, the prefix is a component with fewer
            // sections: then it must fail cleanly later, not at a call.
            Ok(component) => valid.push((cut, component)),
        }
    }
    assert!(
        errors > bytes.len() * 9 / 10,
        "{errors} of {} cuts failed",
        bytes.len()
    );
    for (cut, component) in valid {
        let linked = Plugin::new(component, Ctx::new()).instantiate(&engine, &Linker::new(&engine));
        let Ok(instance) = linked else { continue };
        let binding = Binding::new(
            "test:single",
            interfaces("api", plain_interface(&["add"])),
            ExactlyOne("cut".to_owned(), instance),
        );
        let ExactlyOne(_, result) = binding
            .dispatch("api", "add", &[Val::U32(1), Val::U32(2)])
            .expect("dispatch");
        // Either the cut removed the export, or only what follows it (the
        // custom `name` section) and the plugin works.
        assert!(
            matches!(
                result,
                Err(DispatchError::MissingExport(_)) | Ok(Val::U32(3))
            ),
            "cut at {cut}: {result:?}"
        );
    }
    still_works(&engine, &bytes);
}

#[test]
fn truncated_component_text_is_an_error() {
    let engine = engine();
    let text = std::fs::read_to_string(runtime("single_plugin/plugin.wat")).expect("fixture");
    for cut in (1..text.len()).step_by(97) {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let message = compile_error(
            &engine,
            &format!("text cut at {cut}"),
            &text.as_bytes()[..cut],
        );
        assert!(!message.is_empty());
    }
    still_works(&engine, text.as_bytes());
}

#[test]
fn missing_component_file_is_an_error() {
    let engine = engine();
    let error = Component::from_file(&engine, runtime("single_plugin/no-such-plugin.wat"))
        .map(drop)
        .expect_err("no such file");
    assert!(
        format!("{error:#}").contains("no-such-plugin.wat"),
        "{error:#}"
    );
}
