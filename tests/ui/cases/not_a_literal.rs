// The WIT source must be a string literal.
wasm_link::bind!(42);

fn main() {}
