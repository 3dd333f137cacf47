// Options other than `inline` are rejected, under the option's name.
wasm_link::bind!(path: "wit/app.wit");

fn main() {}
