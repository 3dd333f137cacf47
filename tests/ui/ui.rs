//! Misuse of `wasm_link::bind!` fails to compile with one error under the
//! tokens that caused it (`cases/*.rs`, each with its `.stderr`;
//! `TRYBUILD=overwrite` rewrites them).

#[test]
fn compile_errors() {
    trybuild::TestCases::new().compile_fail("cases/*.rs");
}
