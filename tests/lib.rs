//! Integration tests of wasm-link live in `runtime/` (the runtime) and
//! `typed/` and `ui/` (the `bind!` macro); this library is empty.
