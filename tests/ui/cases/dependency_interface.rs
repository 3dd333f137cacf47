// `interfaces:` names an interface of a dependency package: the error says
// whose it is, and which group covers it.
wasm_link::bind!(inline: "
package test:ui;

interface api {
    use test:log/logging.{level};
    get: func() -> level;
}

package test:log {
    interface logging {
        enum level { info, error }
    }
}
", interfaces: ["logging"]);

fn main() {}
