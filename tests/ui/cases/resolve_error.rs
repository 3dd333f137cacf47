// A WIT resolution error (a `use` of an interface that does not exist).
// Code using the package's module adds no errors of its own.
wasm_link::bind!(inline: "
package test:ui;

interface api {
    use missing.{thing};
    get: func() -> thing;
}
");

use test_ui::api::Thing;

fn main() {
    let thing: Thing = test_ui::Group::new(()).api().get();
    let _ = thing;
}
