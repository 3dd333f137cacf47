// Handles are typed by resource and kind: a `directory` is not a `file`,
// and an owned handle is not a borrow.
use wasm_link::{ExactlyOne, Own, PluginContext, PluginInstance, ResourceTable};

wasm_link::bind!(inline: "
package test:ui;

interface fs {
    resource file {
        size: func() -> u64;
    }
    resource directory {}
}
");

struct Ctx(ResourceTable);

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.0
    }
}

fn call(
    group: &test_ui::Group<ExactlyOne<String, PluginInstance<Ctx>>>,
    file: Own<test_ui::fs::File>,
    directory: Own<test_ui::fs::Directory>,
) {
    let _ = group.fs().file_size(directory.borrow());
    let _ = group.fs().file_size(file);
}

fn main() {}
