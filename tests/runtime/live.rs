//! A live graph: members replaced, inserted and removed while the graph
//! runs. The sources and importers are the `cardinality` scenario's (see
//! cardinality/cardinality.wit); `live/` holds the newcomers the bindings
//! must refuse, a source that waits at a gate the test holds, and a second
//! build of the diamond's leaf.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use wasm_link::{
    Any, AtLeastOne, AtMostOne, Binding, CardinalityKind, Component, DispatchError, Engine,
    ExactlyOne, LinkError, Plugin, PluginInstance, Val, drop_resource,
};

use crate::cardinality::{call, codes, expect, probe, source, source_interface, sources};
use crate::common::{Ctx, bounded, component, interfaces, linker, plain_interface, plugin, within};

/// Long enough for any step here on a loaded machine, short enough that a
/// hang fails fast.
const STEP: Duration = Duration::from_secs(30);

/// A source plugin of the fixture at `path` (under tests/runtime).
fn source_at(engine: &Engine, path: &str) -> PluginInstance<Ctx> {
    plugin(engine, path)
        .instantiate(engine, &linker(engine))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn exactly_one(engine: &Engine, id: &str) -> Binding<ExactlyOne<String, PluginInstance<Ctx>>> {
    Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne(id.to_owned(), source(engine, id)),
    )
}

fn any(engine: &Engine, ids: &[&str]) -> Binding<Any<String, PluginInstance<Ctx>>> {
    Binding::new("test:card", source_interface(), Any(sources(engine, ids)))
}

#[test]
fn replacing_an_exactly_one_member_reaches_its_importer_without_linking_it_again() {
    let engine = Engine::default();
    let sources = exactly_one(&engine, "one");
    let probe = probe(&engine, "cardinality/transparent.wat", &sources);
    assert_eq!(call(&probe, "value", &[Val::U32(1)]).unwrap(), Val::U32(2));

    // plus_two.wat answers x + 2, under the same id.
    sources
        .replace(&"one".to_owned(), source(&engine, "two"))
        .unwrap();
    assert_eq!(call(&probe, "value", &[Val::U32(1)]).unwrap(), Val::U32(3));
    let ExactlyOne(id, value) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert_eq!((id.as_str(), value.unwrap()), ("one", Val::U32(3)));
    // The new instance starts fresh: the old one's touches are gone.
    call(&probe, "touch", &[]).unwrap();
    let ExactlyOne(_, touches) = sources.dispatch("source", "touches", &[]).unwrap();
    assert_eq!(touches.unwrap(), Val::U32(1));
}

#[test]
fn inserting_and_removing_members_changes_what_a_list_importer_receives() {
    let engine = Engine::default();
    let sources = any(&engine, &["one"]);
    let probe = probe(&engine, "cardinality/listed.wat", &sources);
    let value = |probe| codes(probe, "value", &[Val::U32(1)]);
    assert_eq!(value(&probe), expect(&[("one", 2)]));

    sources
        .insert("two".to_owned(), source(&engine, "two"))
        .unwrap();
    assert_eq!(value(&probe), expect(&[("one", 2), ("two", 3)]));
    assert_eq!(sources.ids(), ["one", "two"]);

    sources.remove(&"one".to_owned()).unwrap();
    assert_eq!(value(&probe), expect(&[("two", 3)]));
    // An `Any` may end up empty; its importers then receive nothing.
    sources.remove(&"two".to_owned()).unwrap();
    assert_eq!(value(&probe), BTreeMap::new());
    let Any(results) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert!(results.is_empty());

    // And it fills again.
    sources
        .insert("bad".to_owned(), source(&engine, "bad"))
        .unwrap();
    sources
        .insert("one".to_owned(), source(&engine, "one"))
        .unwrap();
    assert_eq!(value(&probe), expect(&[("bad", 1005), ("one", 2)]));
}

#[test]
fn an_at_most_one_binding_gains_and_loses_its_plugin_behind_an_optional_import() {
    let engine = Engine::default();
    let sources: Binding<AtMostOne<String, PluginInstance<Ctx>>> =
        Binding::new("test:card", source_interface(), AtMostOne(None));
    let probe = probe(&engine, "cardinality/optional.wat", &sources);
    let value = |probe| codes(probe, "value", &[Val::U32(1)]);
    assert_eq!(value(&probe), BTreeMap::new());

    sources
        .insert("one".to_owned(), source(&engine, "one"))
        .unwrap();
    assert_eq!(value(&probe), expect(&[("one", 2)]));
    sources
        .replace(&"one".to_owned(), source(&engine, "two"))
        .unwrap();
    assert_eq!(value(&probe), expect(&[("one", 3)]));
    sources.remove(&"one".to_owned()).unwrap();
    assert_eq!(value(&probe), BTreeMap::new());
}

/// The `reason` of a refused change, after checking what it names.
fn refused(error: LinkError, cardinality: CardinalityKind, plugin: &str) -> String {
    match error {
        LinkError::MembershipRefused {
            binding,
            cardinality: kind,
            plugin: id,
            reason,
        } => {
            assert_eq!(
                (binding.as_str(), kind, id.as_str()),
                ("test:card", cardinality, plugin)
            );
            reason
        }
        other => panic!("expected MembershipRefused, got {other:?}"),
    }
}

#[test]
fn each_cardinality_refuses_the_changes_it_forbids_and_stays_as_it_was() {
    let engine = Engine::default();
    let one = || "one".to_owned();

    // ExactlyOne: only replaces.
    let exactly = exactly_one(&engine, "one");
    let error = exactly
        .insert("two".to_owned(), source(&engine, "two"))
        .unwrap_err();
    let reason = refused(error, CardinalityKind::ExactlyOne, "two");
    assert!(reason.contains("replace it instead"), "{reason}");
    let error = exactly.remove(&one()).unwrap_err();
    refused(error, CardinalityKind::ExactlyOne, "one");
    assert_eq!(exactly.ids(), ["one"]);

    // AtMostOne: a second plugin is refused, naming the first.
    let at_most: Binding<AtMostOne<String, PluginInstance<Ctx>>> = Binding::new(
        "test:card",
        source_interface(),
        AtMostOne(Some((one(), source(&engine, "one")))),
    );
    let error = at_most
        .insert("two".to_owned(), source(&engine, "two"))
        .unwrap_err();
    let reason = refused(error, CardinalityKind::AtMostOne, "two");
    assert!(reason.contains("holds `one`"), "{reason}");
    assert_eq!(at_most.ids(), ["one"]);

    // AtLeastOne: keeps its last plugin.
    let at_least: Binding<AtLeastOne<String, PluginInstance<Ctx>>> = Binding::new(
        "test:card",
        source_interface(),
        AtLeastOne::new(one(), source(&engine, "one"), []),
    );
    let error = at_least.remove(&one()).unwrap_err();
    let reason = refused(error, CardinalityKind::AtLeastOne, "one");
    assert!(reason.contains("at least one"), "{reason}");
    at_least
        .insert("two".to_owned(), source(&engine, "two"))
        .unwrap();
    at_least.remove(&one()).unwrap();
    assert_eq!(at_least.ids(), ["two"]);

    // Any: an id already there is refused; an unknown id is not there.
    let sources = any(&engine, &["one"]);
    let error = sources.insert(one(), source(&engine, "two")).unwrap_err();
    let reason = refused(error, CardinalityKind::Any, "one");
    assert!(reason.contains("already holds"), "{reason}");
    for error in [
        sources.remove(&"nobody".to_owned()).unwrap_err(),
        sources
            .replace(&"nobody".to_owned(), source(&engine, "two"))
            .unwrap_err(),
    ] {
        assert!(
            matches!(&error, LinkError::UnknownPlugin { package, plugin }
                if package == "test:card" && plugin == "nobody"),
            "{error:?}"
        );
    }
    // Nothing changed: `one` still answers x + 1.
    let Any(results) = sources.dispatch("source", "value", &[Val::U32(1)]).unwrap();
    assert_eq!(results[&one()].as_ref().unwrap(), &Val::U32(2));
}

#[test]
fn a_newcomer_whose_exports_do_not_fit_is_refused_and_the_binding_is_untouched() {
    let engine = Engine::default();
    let sources = any(&engine, &["one"]);
    let probe = probe(&engine, "cardinality/listed.wat", &sources);

    // `value` returns a u64 where `one` returns a u32.
    let error = sources
        .insert("wide".to_owned(), source_at(&engine, "live/wide.wat"))
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::ExportMismatch { exporter, binding, function, reason }
            if exporter == "wide" && binding == "test:card" && function == "source#value"
                && reason.contains("u64") && reason.contains("plugin `one`")),
        "{error:?}"
    );
    // `touches` is missing.
    let error = sources
        .replace(&"one".to_owned(), source_at(&engine, "live/partial.wat"))
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::ExportMismatch { exporter, function, reason, .. }
            if exporter == "one" && function == "source#touches"
                && reason.contains("no such function")),
        "{error:?}"
    );

    assert_eq!(sources.ids(), ["one"]);
    assert_eq!(
        codes(&probe, "value", &[Val::U32(1)]),
        expect(&[("one", 2)])
    );
}

#[test]
fn a_change_an_importer_could_not_follow_is_refused_naming_the_importer() {
    let engine = Engine::default();
    // Empty, the binding knows no export types yet: the importer's
    // `list<tuple<string, result<u32, dispatch-error>>>` linked on trust,
    // and now decides what may join.
    let sources = any(&engine, &[]);
    let probe = probe(&engine, "cardinality/listed.wat", &sources);
    let error = sources
        .insert("wide".to_owned(), source_at(&engine, "live/wide.wat"))
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::ImporterMismatch { binding, plugin, importer, import, reason }
            if binding == "test:card" && plugin == "wide"
                && importer.0.as_deref() == Some("probe") && import == "source#value"
                && reason.contains("u64")),
        "{error:?}"
    );
    assert!(error.to_string().contains("plugin `probe`"), "{error}");
    assert!(sources.ids().is_empty());

    sources
        .insert("one".to_owned(), source(&engine, "one"))
        .unwrap();
    assert_eq!(
        codes(&probe, "value", &[Val::U32(1)]),
        expect(&[("one", 2)])
    );

    // Once the importer is gone, it no longer has a say (here, `wide` still
    // does not fit `one`, so empty the binding first).
    drop(probe);
    sources.remove(&"one".to_owned()).unwrap();
    sources
        .insert("wide".to_owned(), source_at(&engine, "live/wide.wat"))
        .expect("no importer is left to refuse it");
}

#[test]
fn a_replacement_the_importer_could_not_follow_is_refused_and_the_old_member_stays() {
    let engine = Engine::default();
    let sources = exactly_one(&engine, "one");
    let probe = probe(&engine, "cardinality/transparent.wat", &sources);
    // An `ExactlyOne` has no other member to compare the newcomer with: the
    // transparent importer's `func(x: u32) -> u32` is what refuses a `u64`.
    let error = sources
        .replace(&"one".to_owned(), source_at(&engine, "live/wide.wat"))
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::ImporterMismatch { binding, plugin, importer, import, reason }
            if binding == "test:card" && plugin == "one"
                && importer.0.as_deref() == Some("probe") && import == "source#value"
                && reason.contains("u64")),
        "{error:?}"
    );
    // Untouched: the old member still answers through the importer.
    assert_eq!(sources.ids(), ["one"]);
    assert_eq!(call(&probe, "value", &[Val::U32(1)]).unwrap(), Val::U32(2));
}

#[test]
fn an_import_moving_an_owned_handle_keeps_its_binding_to_one_plugin() {
    let engine = Engine::default();
    let counters = crate::resources::counters_any(&engine, &["a"]);
    let _consumer = plugin(&engine, "live/consumer.wat")
        .with_name("consumer")
        .link(&engine, linker(&engine), [&counters])
        .expect("one plugin can take the counter");

    let error = counters
        .insert("b".to_owned(), crate::resources::counter_plugin(&engine))
        .unwrap_err();
    assert!(
        matches!(&error, LinkError::ImporterMismatch { plugin, import, reason, .. }
            if plugin == "b" && import == "counters#consume"
                && reason.contains("owned handle") && reason.contains("2 plugins")),
        "{error:?}"
    );
    assert_eq!(counters.ids(), ["a"]);
    // A replacement keeps it at one.
    counters
        .replace(&"a".to_owned(), crate::resources::counter_plugin(&engine))
        .unwrap();
}

/// A gate the gated source waits at: `entered` hears of each arrival, and
/// each message on the returned sender lets one through.
fn gate(engine: &Engine, entered: mpsc::Sender<()>) -> (wasm_link::Linker<Ctx>, mpsc::Sender<()>) {
    let (release, released) = mpsc::channel::<()>();
    let released = Mutex::new(released);
    let mut linker = linker(engine);
    linker
        .instance("test:live/gate")
        .unwrap()
        .func_wrap("wait", move |_, (): ()| {
            let _ = entered.send(());
            let _ = released.lock().unwrap().recv_timeout(STEP);
            Ok(())
        })
        .unwrap();
    (linker, release)
}

#[test]
fn a_call_in_flight_through_a_transparent_socket_finishes_on_the_instance_it_started_on() {
    let engine = Engine::default();
    let freed = Arc::new(AtomicUsize::new(0));
    let (entered, arrivals) = mpsc::channel();
    let (gated_linker, release) = gate(&engine, entered);
    let gated = Plugin::new(component(&engine, "live/gated.wat"), Ctx::counted(&freed))
        .instantiate(&engine, &gated_linker)
        .unwrap();
    let sources = Binding::new(
        "test:card",
        source_interface(),
        ExactlyOne("s".to_owned(), gated),
    );
    let probe = probe(&engine, "cardinality/transparent.wat", &sources);

    let in_flight = {
        let probe = probe.clone();
        thread::spawn(move || call(&probe, "value", &[Val::U32(1)]))
    };
    arrivals
        .recv_timeout(STEP)
        .expect("the call reached the gate");

    // The swap does not wait for the call.
    let newcomer = source(&engine, "two");
    let swapped = sources.clone();
    within("replace during a call", STEP, move || {
        swapped
            .replace(&"s".to_owned(), newcomer)
            .map_err(|e| e.to_string())
    })
    .unwrap();
    // Calls that start now reach the new member, even while the old one
    // still runs the first call (from the host here: the probe is busy
    // with that call).
    let ExactlyOne(_, value) = within("a call after the swap", STEP, {
        let sources = sources.clone();
        move || sources.dispatch("source", "value", &[Val::U32(1)]).unwrap()
    });
    assert_eq!(value.unwrap(), Val::U32(3));
    assert_eq!(freed.load(Ordering::SeqCst), 0, "the old store still runs");

    release.send(()).unwrap();
    let answered = bounded("the call in flight", move || in_flight.join().unwrap());
    assert_eq!(
        answered.unwrap(),
        Val::U32(2),
        "the old instance answered it"
    );
    assert_eq!(freed.load(Ordering::SeqCst), 1, "freed when its call ended");
    // The probe, never linked again, now reaches the new member.
    assert_eq!(call(&probe, "value", &[Val::U32(1)]).unwrap(), Val::U32(3));
}

#[test]
fn handles_of_a_plugin_that_left_are_refused_by_name_and_drop_harmlessly() {
    let engine = Engine::default();
    let counters = crate::resources::counters_any(&engine, &["a", "b"]);
    let made = |binding: &Binding<Any<String, PluginInstance<Ctx>>>, id: &str| {
        let Any(mut made) = binding
            .dispatch("counters", "[constructor]counter", &[Val::U32(5)])
            .unwrap();
        match made.remove(id).unwrap().unwrap() {
            Val::Resource(handle) => handle,
            other => panic!("not a handle: {other:?}"),
        }
    };
    let (of_a, of_b) = (made(&counters, "a"), made(&counters, "b"));
    let get = |handle| {
        counters
            .dispatch("counters", "[method]counter.get", &[Val::Resource(handle)])
            .map(|Any(results)| results)
    };

    counters
        .replace(&"a".to_owned(), crate::resources::counter_plugin(&engine))
        .unwrap();
    counters.remove(&"b".to_owned()).unwrap();
    for (handle, id) in [(of_a, "a"), (of_b, "b")] {
        match get(handle) {
            Err(DispatchError::InvalidResource { message, .. }) => assert!(
                message.contains(&format!("plugin `{id}`")) && message.contains("gone"),
                "{message}"
            ),
            other => panic!("a handle of departed `{id}` was accepted: {other:?}"),
        }
        drop_resource(handle).expect("dropping a departed plugin's handle is harmless");
    }
    // The new `a` serves its own counters.
    let fresh = made(&counters, "a");
    assert_eq!(get(fresh).unwrap()["a"].as_ref().unwrap(), &Val::U32(5));
}

#[test]
fn every_member_that_leaves_is_freed() {
    let engine = Engine::default();
    let freed = Arc::new(AtomicUsize::new(0));
    let one = component(&engine, "cardinality/plus_one.wat");
    let counted = |component: &Component| {
        Plugin::new(component.clone(), Ctx::counted(&freed))
            .instantiate(&engine, &linker(&engine))
            .unwrap()
    };
    let sources: Binding<Any<String, PluginInstance<Ctx>>> = Binding::new(
        "test:card",
        source_interface(),
        Any([("a".to_owned(), counted(&one))].into()),
    );
    let probe = probe(&engine, "cardinality/listed.wat", &sources);
    for round in 1..=200 {
        sources.replace(&"a".to_owned(), counted(&one)).unwrap();
        sources.insert("b".to_owned(), counted(&one)).unwrap();
        assert_eq!(
            codes(&probe, "value", &[Val::U32(1)]),
            expect(&[("a", 2), ("b", 2)])
        );
        sources.remove(&"b".to_owned()).unwrap();
        assert_eq!(freed.load(Ordering::SeqCst), 2 * round, "round {round}");
    }
    drop((sources, probe));
    assert_eq!(
        freed.load(Ordering::SeqCst),
        401,
        "and the last one with its binding"
    );
}

/// The diamond scenario (see diamond/diamond.wit) over a leaf built from
/// `leaf`: `top.run(x)` is `2 * bump(x) + 3 * bump(x)`.
struct Diamond {
    counter: Binding<ExactlyOne<String, PluginInstance<Ctx>>>,
    top: Binding<ExactlyOne<String, PluginInstance<Ctx>>>,
}

fn diamond(engine: &Engine, leaf: PluginInstance<Ctx>) -> Diamond {
    let one = |id: &str, interface: &str, functions: &[&str], instance| {
        Binding::new(
            "test:diamond",
            interfaces(interface, plain_interface(functions)),
            ExactlyOne(id.to_owned(), instance),
        )
    };
    let counter = one("counter", "counter", &["bump", "count"], leaf);
    let branch = |name: &str| {
        let instance = plugin(engine, &format!("diamond/{name}.wat"))
            .link(engine, linker(engine), [counter.clone()])
            .unwrap();
        one(name, name, &[name], instance)
    };
    let (left, right) = (branch("left"), branch("right"));
    let top = plugin(engine, "diamond/top.wat")
        .link(engine, linker(engine), [left, right])
        .unwrap();
    let top = one("top", "top", &["run"], top);
    Diamond { counter, top }
}

#[test]
fn under_load_every_call_is_answered_by_an_old_or_a_new_member() {
    const THREADS: usize = 8;
    const CHANGES: usize = 300;
    let engine = Engine::default();
    let freed = Arc::new(AtomicUsize::new(0));
    let made = Arc::new(AtomicUsize::new(0));
    // Two builds of each member: the diamond's leaf bumps by 1 or 2, the
    // source adds 1 or 2.
    let leaves = [
        component(&engine, "diamond/counter.wat"),
        component(&engine, "live/counter_plus_two.wat"),
    ];
    let adders = [
        component(&engine, "cardinality/plus_one.wat"),
        component(&engine, "cardinality/plus_two.wat"),
    ];
    let instance = {
        let (engine, freed, made) = (engine.clone(), Arc::clone(&freed), Arc::clone(&made));
        move |component: &Component| {
            made.fetch_add(1, Ordering::SeqCst);
            Plugin::new(component.clone(), Ctx::counted(&freed))
                .instantiate(&engine, &linker(&engine))
                .unwrap()
        }
    };
    let diamond = diamond(&engine, instance(&leaves[0]));
    let sources: Binding<Any<String, PluginInstance<Ctx>>> = Binding::new(
        "test:card",
        source_interface(),
        Any([("a".to_owned(), instance(&adders[0]))].into()),
    );
    let probe = probe(&engine, "cardinality/listed.wat", &sources);

    let stop = Arc::new(AtomicBool::new(false));
    let callers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (top, probe, stop) = (diamond.top.clone(), probe.clone(), Arc::clone(&stop));
            thread::spawn(move || {
                let mut calls = 0_usize;
                while !stop.load(Ordering::SeqCst) || calls == 0 {
                    // Each branch reaches the leaf once, before or after a
                    // swap: 2 * (4 + 1 or 2) + 3 * (4 + 1 or 2).
                    let ExactlyOne(_, run) = top.dispatch("top", "run", &[Val::U32(4)]).unwrap();
                    let run =
                        run.unwrap_or_else(|e| panic!("a call through the diamond failed: {e}"));
                    assert!(
                        [25, 27, 28, 30].map(Val::U32).contains(&run),
                        "run answered {run:?}"
                    );
                    for (id, code) in codes(&probe, "value", &[Val::U32(1)]) {
                        assert!(["a", "b"].contains(&id.as_str()), "from {id}");
                        assert!(code == 2 || code == 3, "{id} answered {code}");
                    }
                    calls += 1;
                }
                calls
            })
        })
        .collect();

    let changer = {
        let (counter, sources, instance) =
            (diamond.counter.clone(), sources.clone(), instance.clone());
        thread::spawn(move || {
            for change in 0..CHANGES {
                let build = change % 2;
                counter
                    .replace(&"counter".to_owned(), instance(&leaves[1 - build]))
                    .unwrap();
                sources
                    .replace(&"a".to_owned(), instance(&adders[1 - build]))
                    .unwrap();
                if build == 0 {
                    sources
                        .insert("b".to_owned(), instance(&adders[0]))
                        .unwrap();
                } else {
                    sources.remove(&"b".to_owned()).unwrap();
                }
            }
        })
    };
    bounded("the changes under load", move || changer.join().unwrap());
    stop.store(true, Ordering::SeqCst);
    let calls: Vec<usize> = callers
        .into_iter()
        .map(|caller| bounded("a caller", move || caller.join().unwrap()))
        .collect();
    assert!(calls.iter().all(|&n| n > 0), "{calls:?}");

    // Every member that left was freed: only the current leaf and `a` live.
    assert_eq!(
        freed.load(Ordering::SeqCst),
        made.load(Ordering::SeqCst) - 2,
        "stores of departed members were kept"
    );
    drop((diamond, sources, probe, instance));
    assert_eq!(freed.load(Ordering::SeqCst), made.load(Ordering::SeqCst));
}

#[test]
fn a_plugin_holding_a_resource_of_a_member_that_left_is_told_which_plugin_is_gone() {
    let engine = Engine::default();
    let counters = crate::resources::counters_any(&engine, &["a"]);
    let holder = plugin(&engine, "live/holder.wat")
        .link(&engine, linker(&engine), [&counters])
        .expect("the holder links to the counters");
    let f = wasm_link::FunctionKind::Freestanding;
    let holder: Binding<ExactlyOne<String, PluginInstance<Ctx>>> = Binding::new(
        "test:live",
        interfaces(
            "holder",
            crate::common::interface(
                &[
                    ("keep", f, wasm_link::ReturnKind::Void),
                    ("read", f, wasm_link::ReturnKind::AssumeNoResources),
                ],
                &[],
            ),
        ),
        ExactlyOne("holder".to_owned(), holder),
    );
    let Any(mut made) = counters
        .dispatch("counters", "[constructor]counter", &[Val::U32(5)])
        .unwrap();
    let counter = made.remove("a").unwrap().unwrap();
    let call = |function: &str, args: &[Val]| {
        let ExactlyOne(_, result) = holder.dispatch("holder", function, args).unwrap();
        result.unwrap_or_else(|e| panic!("{function}: {e}"))
    };
    // The holder keeps `a`'s counter (moved into its table) and reads it.
    call("keep", &[counter]);
    assert_eq!(
        call("read", &[]),
        Val::Result(Ok(Some(Box::new(Val::U32(5)))))
    );

    counters
        .replace(&"a".to_owned(), crate::resources::counter_plugin(&engine))
        .unwrap();
    // Its handle now belongs to an instance that is gone: the holder gets
    // `invalid-resource` naming the plugin, as a value, and runs on.
    let Val::Result(Err(Some(error))) = call("read", &[]) else {
        panic!("the read was routed to the new member")
    };
    let Val::Variant(case, Some(failure)) = *error else {
        panic!("not a dispatch-error: {error:?}")
    };
    assert_eq!(case, "invalid-resource");
    let Val::Record(fields) = *failure else {
        panic!("not a failure record")
    };
    let message = fields
        .iter()
        .find_map(|(name, value)| match (name.as_str(), value) {
            ("message", Val::String(message)) => Some(message.clone()),
            _ => None,
        })
        .expect("a message");
    assert!(
        message.contains("plugin `a`") && message.contains("gone"),
        "{message}"
    );
    // Dropping the holder, and with it the handle, is harmless.
    drop(holder);
    let Any(results) = counters.dispatch("counters", "drops", &[]).unwrap();
    assert_eq!(results["a"].as_ref().unwrap(), &Val::U32(0));
}

#[test]
fn linking_an_importer_while_members_change_never_lets_an_unfit_member_in() {
    // One thread inserts and removes a member whose `value` returns a u64;
    // another links importers that take a u32, calls them and drops them.
    // Whichever comes first wins: a linked importer never sees that member.
    let engine = Engine::default();
    let sources = any(&engine, &[]);
    let wide = component(&engine, "live/wide.wat");
    let listed = component(&engine, "cardinality/listed.wat");
    let stop = Arc::new(AtomicBool::new(false));
    let changer = {
        let (engine, sources, stop) = (engine.clone(), sources.clone(), Arc::clone(&stop));
        thread::spawn(move || {
            let mut joined = 0_usize;
            while !stop.load(Ordering::SeqCst) {
                let newcomer = Plugin::new(wide.clone(), Ctx::new())
                    .instantiate(&engine, &linker(&engine))
                    .unwrap();
                if sources.insert("wide".to_owned(), newcomer).is_ok() {
                    joined += 1;
                    sources.remove(&"wide".to_owned()).unwrap();
                }
            }
            joined
        })
    };
    let (mut linked, mut refused) = (0, 0);
    for _ in 0..300 {
        let importer = Plugin::new(listed.clone(), Ctx::new())
            .with_name("probe")
            .link(&engine, linker(&engine), [&sources]);
        match importer {
            Ok(importer) => {
                linked += 1;
                let probe = Binding::new(
                    "test:card",
                    interfaces("probe", plain_interface(&["value", "touch"])),
                    ExactlyOne("probe".to_owned(), importer),
                );
                // While it lives the wide member cannot join: every call
                // succeeds, with no entry from it.
                for _ in 0..3 {
                    assert_eq!(codes(&probe, "value", &[Val::U32(1)]), BTreeMap::new());
                }
            }
            Err(LinkError::ImportType { .. }) => refused += 1,
            Err(other) => panic!("unexpected: {other}"),
        }
    }
    stop.store(true, Ordering::SeqCst);
    let joined = bounded("the changer", move || changer.join().unwrap());
    assert!(
        linked > 0,
        "no importer linked ({refused} refused, {joined} joins)"
    );
}

#[test]
fn restarts_and_replacements_of_one_member_racing_under_load_lose_no_call() {
    // Four threads call through the diamond while one thread restarts its
    // shared leaf and another replaces it, over and over: a restart may
    // reach an instance that a replacement has just retired, which must be
    // harmless.
    const THREADS: usize = 4;
    let engine = Engine::default();
    let builds = [
        component(&engine, "diamond/counter.wat"),
        component(&engine, "live/counter_plus_two.wat"),
    ];
    let leaf = |build: usize| {
        Plugin::new(builds[build].clone(), Ctx::new())
            .instantiate(&engine, &linker(&engine))
            .unwrap()
    };
    let diamond = diamond(&engine, leaf(0));
    let stop = Arc::new(AtomicBool::new(false));
    let callers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (top, stop) = (diamond.top.clone(), Arc::clone(&stop));
            thread::spawn(move || {
                let mut calls = 0_usize;
                while !stop.load(Ordering::SeqCst) || calls == 0 {
                    let ExactlyOne(_, run) = top.dispatch("top", "run", &[Val::U32(4)]).unwrap();
                    let run = run.unwrap_or_else(|e| panic!("a call was lost: {e}"));
                    assert!([25, 27, 28, 30].map(Val::U32).contains(&run), "{run:?}");
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    let restarter = {
        let (counter, stop) = (diamond.counter.clone(), Arc::clone(&stop));
        thread::spawn(move || {
            let mut restarts = 0_usize;
            while !stop.load(Ordering::SeqCst) {
                counter
                    .restart(&"counter".to_owned(), Ctx::new())
                    .expect("a restart outside any call succeeds");
                restarts += 1;
            }
            restarts
        })
    };
    for round in 0..500 {
        diamond
            .counter
            .replace(&"counter".to_owned(), leaf(round % 2))
            .unwrap();
    }
    stop.store(true, Ordering::SeqCst);
    let restarts = bounded("the restarter", move || restarter.join().unwrap());
    let calls: Vec<usize> = callers
        .into_iter()
        .map(|caller| bounded("a caller", move || caller.join().unwrap()))
        .collect();
    assert!(
        restarts > 0 && calls.iter().all(|&n| n > 0),
        "{restarts} {calls:?}"
    );
}
