// A world that declares a function of its own: `bind!` binds interfaces, so
// rather than leave `run` out without a word, it says so, on the WIT.
wasm_link::bind!(inline: "
package test:ui;

interface api {
    greet: func(name: string) -> string;
}

world app {
    export api;
    export run: func();
}
");

fn main() {}
