// Passing an owned handle to a function that takes `own<r>` moves it, as any
// Rust move: using it afterwards, even to release it, does not compile.
use wasm_link::{ExactlyOne, Own, PluginContext, PluginInstance, ResourceTable};

wasm_link::bind!(inline: "
package test:ui;

interface counters {
    resource counter {}
    consume: func(c: counter) -> u32;
}
");

struct Ctx(ResourceTable);

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.0
    }
}

fn give(
    group: &test_ui::Group<ExactlyOne<String, PluginInstance<Ctx>>>,
    counter: Own<test_ui::counters::Counter>,
) {
    let _ = group.counters().consume(counter);
    let _ = counter.release();
}

fn main() {}
