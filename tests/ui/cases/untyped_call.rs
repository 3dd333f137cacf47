// A function without a typed method (here an `async func` in a sync group) is
// still a method of its group, so that a call says why it cannot be made
// (and what to do) rather than that the method does not exist.
use wasm_link::{ExactlyOne, PluginContext, PluginInstance, ResourceTable};

wasm_link::bind!(inline: "
package test:ui;

interface api {
    later: async func(n: u32) -> u32;
}
");

struct Ctx(ResourceTable);

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.0
    }
}

fn call(group: &test_ui::Group<ExactlyOne<String, PluginInstance<Ctx>>>) {
    group.api().later(7_u32);
}

fn main() {}
