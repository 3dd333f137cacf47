// `async` is a flag: given twice, the second is refused under its token.
wasm_link::bind!(inline: "package test:ui; interface api { get: func() -> u32; }", async, async);

fn main() {}
