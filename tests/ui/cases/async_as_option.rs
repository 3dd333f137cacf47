// `async` takes no value: `async: true` is not an option.
wasm_link::bind!(inline: "package test:ui; interface api { get: func() -> u32; }", async: true);

fn main() {}
