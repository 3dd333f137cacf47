//! WASI, per plugin and deny by default: a plugin that reads its
//! environment through `wasi:cli/environment` sees only what its own
//! context grants.

use std::collections::HashMap;

use wasm_link::wasi::{self, WasiCtx, WasiCtxView, WasiView};
use wasm_link::{
    Any, Binding, Engine, ExactlyOne, Linker, Plugin, PluginContext, ResourceTable, Val,
};

use crate::common::{component, interfaces, plain_interface};

/// A context with a WASI context of its own.
struct WasiCtxt {
    table: ResourceTable,
    wasi: WasiCtx,
}

impl PluginContext for WasiCtxt {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

impl WasiView for WasiCtxt {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

fn wasi_linker(engine: &Engine) -> Linker<WasiCtxt> {
    let mut linker = Linker::new(engine);
    wasi::add_to_linker(&mut linker).unwrap();
    linker
}

/// The env-probe plugin, with a context built from `wasi`.
fn probe(engine: &Engine, wasi: WasiCtx) -> Plugin<WasiCtxt> {
    Plugin::new(
        component(engine, "wasi/env-probe.wat"),
        WasiCtxt {
            table: ResourceTable::new(),
            wasi,
        },
    )
}

/// The environment a probe returned, as `(name, value)` pairs.
fn environment(value: Val) -> Vec<(String, String)> {
    let Val::List(entries) = value else {
        panic!("not a list: {value:?}")
    };
    entries
        .into_iter()
        .map(|entry| match entry {
            Val::Tuple(pair) => match pair.as_slice() {
                [Val::String(name), Val::String(value)] => (name.clone(), value.clone()),
                other => panic!("not a pair of strings: {other:?}"),
            },
            other => panic!("not a tuple: {other:?}"),
        })
        .collect()
}

fn env_of(plugin: Plugin<WasiCtxt>, engine: &Engine) -> Vec<(String, String)> {
    let instance = plugin.instantiate(engine, &wasi_linker(engine)).unwrap();
    let binding = Binding::new(
        "test:wasi",
        interfaces("probe", plain_interface(&["env"])),
        ExactlyOne("probe".to_owned(), instance),
    );
    let ExactlyOne(_, result) = binding.dispatch("probe", "env", &[]).unwrap();
    environment(result.unwrap())
}

#[test]
fn deny_all_grants_no_environment() {
    // The host process has variables (cargo sets some); the plugin must
    // see none of them.
    assert!(std::env::vars().next().is_some());
    let engine = Engine::default();
    let plugin = probe(&engine, wasi::deny_all().build());
    assert_eq!(env_of(plugin, &engine), vec![]);
}

#[test]
fn a_granted_variable_is_all_the_plugin_sees() {
    let engine = Engine::default();
    let plugin = probe(&engine, wasi::deny_all().env("GREETING", "hello").build());
    assert_eq!(
        env_of(plugin, &engine),
        vec![("GREETING".to_owned(), "hello".to_owned())]
    );
}

#[test]
fn grants_are_per_plugin() {
    let engine = Engine::default();
    let linker = wasi_linker(&engine);
    let granted = probe(&engine, wasi::deny_all().env("ONLY_A", "a").build())
        .instantiate(&engine, &linker)
        .unwrap();
    let other = probe(&engine, wasi::deny_all().env("ONLY_B", "b").build())
        .instantiate(&engine, &linker)
        .unwrap();
    let denied = probe(&engine, wasi::deny_all().build())
        .instantiate(&engine, &linker)
        .unwrap();
    let probes = Binding::new(
        "test:wasi",
        interfaces("probe", plain_interface(&["env"])),
        Any(HashMap::from([
            ("a".to_owned(), granted),
            ("b".to_owned(), other),
            ("none".to_owned(), denied),
        ])),
    );
    let Any(results) = probes.dispatch("probe", "env", &[]).unwrap();
    let seen: HashMap<String, Vec<(String, String)>> = results
        .into_iter()
        .map(|(id, result)| (id, environment(result.unwrap())))
        .collect();
    assert_eq!(seen["a"], vec![("ONLY_A".to_owned(), "a".to_owned())]);
    assert_eq!(seen["b"], vec![("ONLY_B".to_owned(), "b".to_owned())]);
    assert_eq!(seen["none"], vec![]);
}

#[test]
fn without_wasi_in_its_linker_a_wasi_plugin_does_not_instantiate() {
    let engine = Engine::default();
    let Err(error) =
        probe(&engine, wasi::deny_all().build()).instantiate(&engine, &Linker::new(&engine))
    else {
        panic!("instantiated without WASI");
    };
    let mut causes = vec![error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    let message = causes.join(": ");
    assert!(message.contains("wasi:cli/environment"), "{message}");
    // Said in wasm-link's words, with the fix.
    let wasm_link::LinkError::MissingImport { import, help, .. } = &error else {
        panic!("expected MissingImport, got {error:?}");
    };
    assert!(import.starts_with("wasi:cli/environment"), "{import}");
    assert!(help.contains("`wasi` feature"), "{help}");
}
