//! The per-call transfer limit (`Plugin::with_transfer_limit`): a plugin
//! cannot make the host copy more than its limit out of it in one call,
//! whether as one large result, as a list of many references to one large
//! list (which would otherwise multiply the copy), or as the arguments it
//! passes to a socket. The call fails with an error naming the plugin, the
//! function and the limit; the host carries on, and the plugin answers
//! `Unusable` until restarted (see `transfer_limit/transfer.wit`).

use wasm_link::__private::{call_typed, typed_function};
use wasm_link::{Binding, DispatchError, Engine, ExactlyOne, Linker, Plugin, PluginInstance, Val};

use crate::common::{Ctx, component, engine, interfaces, own, plain_interface};

type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

const KIB: u32 = 1024;
const MIB: u32 = 1024 * KIB;

/// data.wat as binding `test:transfer`, id `data`, with `limit` if given.
fn data(engine: &Engine, limit: Option<usize>) -> One {
    let plugin = Plugin::new(
        component(engine, &own("transfer_limit/data.wat")),
        Ctx::new(),
    );
    let plugin = match limit {
        Some(bytes) => plugin.with_transfer_limit(bytes),
        None => plugin,
    };
    Binding::new(
        "test:transfer",
        interfaces("data", plain_interface(&["text", "lists", "sink", "fine"])),
        ExactlyOne(
            "data".to_owned(),
            plugin
                .instantiate(engine, &Linker::new(engine))
                .expect("data.wat instantiates"),
        ),
    )
}

/// relay.wat, with `limit` if given, linked to `data`.
fn relay(engine: &Engine, data: &One, limit: Option<usize>) -> One {
    let plugin = Plugin::new(
        component(engine, &own("transfer_limit/relay.wat")),
        Ctx::new(),
    );
    let plugin = match limit {
        Some(bytes) => plugin.with_transfer_limit(bytes),
        None => plugin,
    };
    Binding::new(
        "test:transfer",
        interfaces("relay", plain_interface(&["relay-text", "send"])),
        ExactlyOne(
            "relay".to_owned(),
            plugin
                .link(engine, Linker::new(engine), [data])
                .expect("relay.wat links"),
        ),
    )
}

fn call(
    binding: &One,
    interface: &str,
    function: &str,
    args: &[Val],
) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = binding
        .dispatch(interface, function, args)
        .unwrap_or_else(|e| panic!("dispatch of {function}: {e}"));
    result
}

/// `error` is a failure of `plugin`'s `function` that names the limit.
fn assert_over_limit(error: &DispatchError, plugin: &str, function: &str) {
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    let site = error.site();
    assert_eq!(
        (site.plugin.as_str(), site.function.as_str()),
        (plugin, function),
        "{error}"
    );
    assert!(error.to_string().contains("transfer limit"), "{error}");
}

/// After going over its limit, the plugin answers `Unusable` (Wasmtime 50
/// does not enter a store again after a failed call, and the flood was the
/// plugin's doing) until it is restarted; then it answers again.
fn assert_unusable_until_restarted(binding: &One, id: &str) {
    let after = call(binding, "data", "fine", &[]);
    assert!(
        matches!(after, Err(DispatchError::Unusable(_))),
        "{id} after the limit: {after:?}"
    );
    binding
        .restart(&id.to_owned(), Ctx::new())
        .expect("restart");
    assert_eq!(
        call(binding, "data", "fine", &[]).expect("fine after the restart"),
        Val::U32(42)
    );
}

fn text_length(value: &Val) -> usize {
    match value {
        Val::String(text) => text.len(),
        other => panic!("expected a string, got {other:?}"),
    }
}

#[test]
fn a_result_over_the_limit_is_the_plugins_err_and_stops_it_until_restarted() {
    let engine = engine();
    let data = data(&engine, Some(MIB as usize));

    // Under the limit, on the Val path and the typed path.
    let text = call(&data, "data", "text", &[Val::U32(512 * KIB)]).expect("512 KiB fits");
    assert_eq!(text_length(&text), 512 * KIB as usize);
    let typed = typed_function::<_, _, (u32,), (String,)>(&data, "data", "text").unwrap();
    let ExactlyOne(_, text) = call_typed(&data, &typed, (512 * KIB,), |(s,)| s);
    assert_eq!(text.expect("512 KiB fits").len(), 512 * KIB as usize);

    // Over it: the call fails, whichever path copies the data.
    let error = call(&data, "data", "text", &[Val::U32(2 * MIB)]).expect_err("2 MiB is over");
    assert_over_limit(&error, "data", "text");
    assert_unusable_until_restarted(&data, "data");
    let ExactlyOne(_, text) = call_typed(&data, &typed, (2 * MIB,), |(s,)| s);
    assert_over_limit(&text.expect_err("2 MiB is over"), "data", "text");
    assert_unusable_until_restarted(&data, "data");
}

#[test]
fn references_to_one_large_list_count_every_time_they_are_copied() {
    let engine = engine();
    let data = data(&engine, Some(MIB as usize));
    let typed =
        typed_function::<_, _, (u32, u32), (Vec<Vec<u8>>,)>(&data, "data", "lists").unwrap();

    // Four references to 128 KiB: 512 KiB once copied, under the limit.
    let ExactlyOne(_, lists) = call_typed(&data, &typed, (4, 128 * KIB), |(l,)| l);
    let lists = lists.expect("512 KiB fits");
    assert_eq!(lists.len(), 4);
    assert!(lists.iter().all(|list| list.len() == 128 * KIB as usize));

    // Sixteen references to the same 128 KiB of guest memory: 2 MiB once
    // copied, over the limit although the plugin's memory holds far less.
    let ExactlyOne(_, lists) = call_typed(&data, &typed, (16, 128 * KIB), |(l,)| l);
    assert_over_limit(&lists.expect_err("2 MiB is over"), "data", "lists");
    assert_unusable_until_restarted(&data, "data");
}

#[test]
fn without_a_limit_wasmtimes_default_stops_an_amplified_result() {
    let engine = engine();
    let data = data(&engine, None);
    let typed =
        typed_function::<_, _, (u32, u32), (Vec<Vec<u8>>,)>(&data, "data", "lists").unwrap();
    // 65,536 references to 2 MiB would be 128 GiB once copied; the default
    // limit (128 MiB) stops the copy early.
    let ExactlyOne(_, lists) = call_typed(&data, &typed, (65_536, 2 * MIB), |(l,)| l);
    assert_over_limit(&lists.expect_err("128 GiB is over"), "data", "lists");
    assert_unusable_until_restarted(&data, "data");
    // On the Val path too, where every byte would be a `Val`.
    let error = call(
        &data,
        "data",
        "lists",
        &[Val::U32(65_536), Val::U32(2 * MIB)],
    )
    .expect_err("128 GiB is over");
    assert_over_limit(&error, "data", "lists");
    assert_unusable_until_restarted(&data, "data");
}

#[test]
fn through_a_socket_the_exporters_limit_fails_the_importers_call_with_the_cause() {
    let engine = engine();
    let data = data(&engine, Some(MIB as usize));
    let relay = relay(&engine, &data, None);
    assert_eq!(
        call(&relay, "relay", "relay-text", &[Val::U32(512 * KIB)]).expect("512 KiB fits"),
        Val::U32(512 * KIB)
    );
    let error = call(&relay, "relay", "relay-text", &[Val::U32(2 * MIB)])
        .expect_err("2 MiB is over the exporter's limit");
    // A transparent socket traps the importer with the exporter's failure.
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    let shown = error.to_string();
    for part in ["`relay`", "`data`", "text", "transfer limit"] {
        assert!(shown.contains(part), "`{part}` is missing from: {shown}");
    }
    assert_unusable_until_restarted(&data, "data");
}

#[test]
fn an_importer_passing_more_than_its_limit_to_a_socket_fails_and_the_exporter_is_untouched() {
    let engine = engine();
    let data = data(&engine, None);
    let relay = relay(&engine, &data, Some(MIB as usize));
    assert_eq!(
        call(&relay, "relay", "send", &[Val::U32(512 * KIB)]).expect("512 KiB fits"),
        Val::U32(512 * KIB)
    );
    let error = call(&relay, "relay", "send", &[Val::U32(2 * MIB)])
        .expect_err("2 MiB is over the importer's limit");
    assert_over_limit(&error, "relay", "send");
    assert_eq!(
        call(&data, "data", "fine", &[]).expect("fine"),
        Val::U32(42)
    );
}
