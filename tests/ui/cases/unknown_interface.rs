// `interfaces:` names an interface the package does not declare: one error,
// on that name, listing the package's interfaces.
wasm_link::bind!(inline: "
package test:ui;

interface api {
    greet: func(name: string) -> string;
}
", interfaces: ["api", "nope"]);

fn main() {
    let _ = test_ui::interfaces();
}
