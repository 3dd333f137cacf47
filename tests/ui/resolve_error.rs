// A WIT resolution error (a `use` of an interface that does not exist).
wasm_link::bind!(inline: "
package test:ui;

interface api {
    use missing.{thing};
    get: func() -> thing;
}
");

fn main() {}
