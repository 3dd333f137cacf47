// An async group's methods return futures: using one as the result without
// `.await` is a type error, not a call.
use wasm_link::{ExactlyOne, PluginContext, PluginInstance, ResourceTable};

wasm_link::bind!(inline: "
package test:ui;

interface api {
    add: func(a: u32, b: u32) -> u32;
}
", async);

struct Ctx(ResourceTable);

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.0
    }
}

fn call(group: &test_ui::Group<ExactlyOne<String, PluginInstance<Ctx>>>) {
    let ExactlyOne(_, result) = group.api().add(1, 2);
    let _ = result;
}

fn main() {}
