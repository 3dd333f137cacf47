// The path does not exist: one error, on the path literal.
wasm_link::bind!("wit/does-not-exist.wit");

fn main() {}
