use wasm_link::{ExactlyOne, PluginContext, PluginInstance, ResourceTable};

wasm_link::bind!(inline: "
package test:ui;

interface api {
    greet: func(name: string) -> string;
    add: func(a: u32, b: u32) -> u32;
}
");

struct Ctx(ResourceTable);

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.0
    }
}

fn call(group: &test_ui::Group<ExactlyOne<String, PluginInstance<Ctx>>>) {
    let ExactlyOne(_, result) = group.api().add(1, 2);
    let text: String = result.unwrap();
    let _ = text;
}

fn main() {}
