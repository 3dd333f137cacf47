//! Integration tests of wasm-link live in `runtime/`; this library is empty.
