// `interfaces:` must name at least one interface, each once.
mod empty {
    wasm_link::bind!(inline: "package test:ui; interface api {}", interfaces: []);
}

mod twice {
    wasm_link::bind!(inline: "package test:ui; interface api {}", interfaces: ["api", "api"]);
}

fn main() {}
