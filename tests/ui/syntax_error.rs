// A WIT syntax error: the parser's message with its line and column, on the
// literal.
wasm_link::bind!(inline: "
package test:ui;

interface api {
    greet: func(name: string) -> string
    add: func(a: u32, b: u32) -> u32;
}
");

fn main() {}
