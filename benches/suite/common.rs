//! What every case needs: the plugin context, the two engine
//! configurations, the fixtures, and raw wasmtime instances for the floors.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use wasm_link::wasmtime::Store;
use wasm_link::wasmtime::component::{Func, Instance};
use wasm_link::{
    Binding, Component, Engine, ExactlyOne, Function, FunctionKind, Interface, Linker,
    PluginContext, PluginId, PluginInstance, ResourceTable, ReturnKind,
};

/// The context of every store, wasm-link's and the floors' alike.
pub struct Ctx {
    table: ResourceTable,
}

impl Ctx {
    pub fn new() -> Self {
        Self {
            table: ResourceTable::new(),
        }
    }
}

impl PluginContext for Ctx {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

/// The engine configuration a case runs on; its floor runs on the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Config {
    /// `wasm_link::recommended_config()`: `concurrency_support(false)`.
    Lean,
    /// `wasmtime::Config::default()`.
    Default,
    /// `wasm_link::async_config()`: concurrency support and component-model
    /// async on (feature `concurrency`).
    #[cfg(feature = "concurrency")]
    Concurrent,
}

impl Config {
    pub fn name(self) -> &'static str {
        match self {
            Self::Lean => "lean",
            Self::Default => "default",
            #[cfg(feature = "concurrency")]
            Self::Concurrent => "concurrent",
        }
    }

    pub fn engine(self) -> Engine {
        let config = match self {
            Self::Lean => wasm_link::recommended_config(),
            Self::Default => wasm_link::wasmtime::Config::default(),
            #[cfg(feature = "concurrency")]
            Self::Concurrent => wasm_link::async_config(),
        };
        Engine::new(&config).expect("the engine configuration is valid")
    }
}

/// Compiles `benches/fixtures/<name>`.
pub fn component(engine: &Engine, name: &str) -> Component {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    Component::from_file(engine, &path)
        .unwrap_or_else(|e| panic!("fixture {} does not compile: {e:#}", path.display()))
}

/// A one-interface map, as `Binding::new` takes it; every function named is
/// freestanding and resource-free.
pub fn plain_interface(name: &str, functions: &[&str]) -> HashMap<String, Interface> {
    let functions = functions
        .iter()
        .map(|f| {
            (
                (*f).to_owned(),
                Function::new(FunctionKind::Freestanding, ReturnKind::AssumeNoResources),
            )
        })
        .collect();
    HashMap::from([(name.to_owned(), Interface::new(functions, HashSet::new()))])
}

/// The leaf's binding package and interface (see `fixtures/leaf.wat`).
pub const LEAF_PACKAGE: &str = "bench:leaf";
pub const LEAF_INTERFACE: &str = "bench:leaf/api";

pub fn leaf_interfaces() -> HashMap<String, Interface> {
    plain_interface("api", &["get-value", "echo"])
}

/// A leaf plugin, instantiated with wasm-link.
pub fn leaf_plugin(engine: &Engine, leaf: &Component) -> PluginInstance<Ctx> {
    wasm_link::Plugin::new(leaf.clone(), Ctx::new())
        .instantiate(engine, &Linker::new(engine))
        .expect("the leaf instantiates")
}

/// The plugin ids of the suite: `&'static str`, which results copy (one of
/// the cheap ids the docs recommend for hot paths). Every result carries
/// its plugin's id, so `get_value_*` also times `Arc<str>` ids (a reference
/// count per result) and `String` ids (an allocation per result, as in the
/// seed README and the tests).
pub type Id = &'static str;

/// An `ExactlyOne` binding of one leaf plugin, id `leaf`.
pub type One = Binding<ExactlyOne<Id, PluginInstance<Ctx>>>;

pub fn leaf_binding(engine: &Engine, leaf: &Component) -> One {
    leaf_binding_with(engine, leaf, "leaf")
}

/// The same binding with the id `id`, of any id type.
pub fn leaf_binding_with<I: PluginId>(
    engine: &Engine,
    leaf: &Component,
    id: I,
) -> Binding<ExactlyOne<I, PluginInstance<Ctx>>> {
    Binding::new(
        LEAF_PACKAGE,
        leaf_interfaces(),
        ExactlyOne(id, leaf_plugin(engine, leaf)),
    )
}

/// A component instantiated directly with wasmtime, in a store of its own.
pub fn raw_instance(
    engine: &Engine,
    component: &Component,
    linker: &Linker<Ctx>,
) -> (Store<Ctx>, Instance) {
    let mut store = Store::new(engine, Ctx::new());
    let instance = linker
        .instantiate(&mut store, component)
        .expect("the component instantiates with wasmtime");
    (store, instance)
}

/// The function `function` of the exported instance `interface`.
pub fn export_func(
    store: &mut Store<Ctx>,
    instance: &Instance,
    interface: &str,
    function: &str,
) -> Func {
    let outer = instance
        .get_export_index(&mut *store, None, interface)
        .unwrap_or_else(|| panic!("no export {interface}"));
    let index = instance
        .get_export_index(&mut *store, Some(&outer), function)
        .unwrap_or_else(|| panic!("no export {interface}#{function}"));
    instance
        .get_func(&mut *store, index)
        .unwrap_or_else(|| panic!("{interface}#{function} is not a function"))
}
