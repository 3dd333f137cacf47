// A WIT syntax error: the parser's message with its line and column, on the
// literal. Code using the package's module adds no errors of its own.
wasm_link::bind!(inline: "
package test:ui;

interface api {
    greet: func(name: string) -> string
    add: func(a: u32, b: u32) -> u32;
}
");

fn call(group: &test_ui::Group<u8>) -> test_ui::api::Thing {
    group.api().add(1, 2).into()
}

fn main() {}
