// A package without any interface: nothing to bind is an error, not an
// empty module.
wasm_link::bind!(inline: "
package test:ui;

world app {}
");

fn main() {}
