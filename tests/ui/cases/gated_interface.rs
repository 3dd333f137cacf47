// `interfaces:` names an interface gated behind a feature that is off: the
// error names the feature and the option that enables it.
wasm_link::bind!(inline: "
package test:ui@1.0.0;

interface api {
    get: func() -> u32;
}

@unstable(feature = beta)
interface preview {
    peek: func() -> u32;
}
", interfaces: ["preview"]);

fn main() {}
