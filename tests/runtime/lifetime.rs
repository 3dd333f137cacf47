//! Resource lifetime and lock discipline: plugins that hold each other's
//! resources and drop them from several threads at once, an owner calling
//! its keeper while the keeper drops the owner's handle, restarts in the
//! middle of calls, stores freed with their bindings, destructors that fail,
//! and handles that move. Every scenario that could deadlock runs under
//! `bounded`, so a regression fails in seconds instead of hanging.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use wasm_link::{
    Any, Binding, Component, DispatchError, Engine, ExactlyOne, FunctionKind, Interface, Linker,
    Plugin, PluginContext, PluginInstance, ResourceTable, ReturnKind, Val, drop_resource,
};

use wasm_link::wasmtime::Config;

use crate::common::{Ctx, bounded, component, interface, interfaces, plugin};

type One<C = Ctx> = Binding<ExactlyOne<String, PluginInstance<C>>>;

const PACKAGE: &str = "test:lifetime";

/// The `peer` interface as bindings declare it.
pub(crate) fn peer_interface() -> Interface {
    use FunctionKind::Freestanding;
    use ReturnKind::{AssumeNoResources, MayContainResources, Void};
    interface(
        &[
            ("make", Freestanding, MayContainResources),
            ("keep", Freestanding, Void),
            ("keep-both", Freestanding, Void),
            ("release", Freestanding, Void),
            ("peek", Freestanding, Void),
            ("drops", Freestanding, AssumeNoResources),
            ("crash", Freestanding, Void),
        ],
        &["mine"],
    )
}

/// The binding that gives importers the `token` type: it has no plugins.
pub(crate) fn tokens<C: PluginContext>() -> Binding<Any<String, PluginInstance<C>>> {
    Binding::new(
        PACKAGE,
        interfaces("tokens", interface(&[], &["token"])),
        Any(HashMap::new()),
    )
}

/// `peer` (compiled `peer.wat`) with context `ctx`, as binding `id`.
fn peer_with<C: PluginContext>(engine: &Engine, peer: &Component, id: &str, ctx: C) -> One<C> {
    let instance = Plugin::new(peer.clone(), ctx)
        .link(engine, Linker::new(engine), [tokens::<C>()])
        .expect("peer.wat links");
    Binding::new(
        PACKAGE,
        interfaces("peer", peer_interface()),
        ExactlyOne(id.to_owned(), instance),
    )
}

fn peer(engine: &Engine, id: &str) -> One {
    peer_with(
        engine,
        &component(engine, "lifetime/peer.wat"),
        id,
        Ctx::new(),
    )
}

/// Calls `function` of interface `peer` and returns the plugin's result.
fn call<C: PluginContext>(
    binding: &One<C>,
    function: &str,
    args: &[Val],
) -> Result<Val, DispatchError> {
    let ExactlyOne(_, result) = binding
        .dispatch("peer", function, args)
        .unwrap_or_else(|e| panic!("dispatch of {function}: {e}"));
    result
}

/// `token` (one of `owner`'s, none destroyed yet) is still the host's: the
/// host can drop it, and that destroys it.
fn assert_host_still_holds(owner: &One, token: &Val) {
    let &Val::Resource(handle) = token else {
        panic!("not a handle: {token:?}")
    };
    drop_resource(handle).expect("the host still holds it");
    assert_eq!(drops(owner), 1);
}

/// A new `mine` of `owner`, as the host holds it.
fn make<C: PluginContext>(owner: &One<C>) -> Val {
    let made = call(owner, "make", &[]).expect("make");
    assert!(matches!(made, Val::Resource(_)), "{made:?}");
    made
}

fn drops<C: PluginContext>(owner: &One<C>) -> u32 {
    match call(owner, "drops", &[]).expect("drops") {
        Val::U32(n) => n,
        other => panic!("drops: {other:?}"),
    }
}

#[test]
fn two_plugins_dropping_each_others_handles_at_the_same_moment_both_finish() {
    const ROUNDS: u32 = 300;
    let engine = Engine::default();
    let (a, b) = (peer(&engine, "a"), peer(&engine, "b"));
    bounded("crossed drops", move || {
        let start = Arc::new(Barrier::new(3));
        let done = Arc::new(Barrier::new(3));
        let releaser = |binding: One| {
            let (start, done) = (Arc::clone(&start), Arc::clone(&done));
            std::thread::spawn(move || {
                for _ in 0..ROUNDS {
                    start.wait();
                    call(&binding, "release", &[]).expect("release");
                    done.wait();
                }
            })
        };
        let threads = [releaser(a.clone()), releaser(b.clone())];
        for _ in 0..ROUNDS {
            // Each keeps a resource of the other...
            call(&b, "keep", &[make(&a)]).expect("b keeps a's");
            call(&a, "keep", &[make(&b)]).expect("a keeps b's");
            // ...and both drop it at once: a's drop reaches into b while b's
            // reaches into a.
            start.wait();
            done.wait();
        }
        for thread in threads {
            thread.join().expect("releaser");
        }
        assert_eq!(drops(&a), ROUNDS, "every resource of a was destroyed once");
        assert_eq!(drops(&b), ROUNDS, "every resource of b was destroyed once");
    });
}

/// `caller.wat` linked to `keeper` (a peer), as binding `caller`.
fn caller_of(engine: &Engine, keeper: &One) -> One {
    let instance = plugin(engine, "lifetime/caller.wat")
        .link(engine, Linker::new(engine), [keeper])
        .expect("caller.wat links");
    Binding::new(
        PACKAGE,
        interfaces(
            "caller",
            interface(
                &[
                    (
                        "make",
                        FunctionKind::Freestanding,
                        ReturnKind::MayContainResources,
                    ),
                    (
                        "drops",
                        FunctionKind::Freestanding,
                        ReturnKind::AssumeNoResources,
                    ),
                    (
                        "poke",
                        FunctionKind::Freestanding,
                        ReturnKind::AssumeNoResources,
                    ),
                ],
                &["mine"],
            ),
        ),
        ExactlyOne("caller".to_owned(), instance),
    )
}

fn caller_call(caller: &One, function: &str) -> Val {
    let ExactlyOne(_, result) = caller.dispatch("caller", function, &[]).expect("dispatch");
    result.unwrap_or_else(|e| panic!("{function}: {e}"))
}

#[test]
fn an_owner_calling_its_keeper_while_the_keeper_drops_the_owners_handle_finishes() {
    let engine = Engine::default();
    let keeper = peer(&engine, "keeper");
    let caller = caller_of(&engine, &keeper);
    bounded("callback object", move || {
        for round in 1..=50 {
            let token = caller_call(&caller, "make");
            call(&keeper, "keep", &[token]).expect("keep");
            // caller.poke -> keeper.release -> drop of the caller's own
            // resource while the caller is running: queued, then run when
            // the caller's call ends.
            assert_eq!(caller_call(&caller, "poke"), Val::U32(1));
            assert_eq!(
                caller_call(&caller, "drops"),
                Val::U32(round),
                "the queued destructor ran once the caller was free"
            );
        }
    });
}

#[test]
fn restarting_a_keeper_while_its_owner_calls_it_finishes_and_loses_no_destructor() {
    let engine = Engine::default();
    let keeper = peer(&engine, "keeper");
    let caller = caller_of(&engine, &keeper);
    bounded("restart mid-call", move || {
        let poker = {
            let caller = caller.clone();
            std::thread::spawn(move || {
                for _ in 0..300 {
                    assert_eq!(caller_call(&caller, "poke"), Val::U32(1));
                }
            })
        };
        let mut made = 0;
        for _ in 0..100 {
            call(&keeper, "keep", &[caller_call(&caller, "make")]).expect("keep");
            made += 1;
            // The keeper's old store, and the caller's resource it holds, go
            // while the caller may be calling the keeper.
            keeper
                .restart(&"keeper".to_owned(), Ctx::new())
                .expect("restart");
        }
        poker.join().expect("poker");
        call(&keeper, "release", &[]).expect("release");
        assert_eq!(
            caller_call(&caller, "drops"),
            Val::U32(made),
            "each resource given to the keeper was destroyed exactly once"
        );
    });
}

/// A context that counts how many of its kind were dropped, i.e. how many
/// stores were freed.
struct Counted {
    table: ResourceTable,
    freed: Arc<AtomicUsize>,
}

impl PluginContext for Counted {
    fn resource_table(&mut self) -> &mut ResourceTable {
        &mut self.table
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.freed.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn stores_of_plugins_holding_each_others_resources_are_freed_with_their_bindings() {
    const ROUNDS: usize = 1_000;
    let engine = Engine::default();
    let compiled = component(&engine, "lifetime/peer.wat");
    let freed = Arc::new(AtomicUsize::new(0));
    let counted = || Counted {
        table: ResourceTable::new(),
        freed: Arc::clone(&freed),
    };
    for round in 1..=ROUNDS {
        let a = peer_with(&engine, &compiled, "a", counted());
        let b = peer_with(&engine, &compiled, "b", counted());
        call(&b, "keep", &[make(&a)]).expect("b keeps a's");
        call(&a, "keep", &[make(&b)]).expect("a keeps b's");
        drop((a, b));
        assert_eq!(
            freed.load(Ordering::Relaxed),
            2 * round,
            "round {round}: both stores are freed although each holds the other's resource"
        );
    }
}

#[test]
fn a_destructor_runs_under_its_owners_fuel_limit_and_its_failure_is_the_owners() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).expect("engine");
    let looper = Plugin::new(component(&engine, "lifetime/looper.wat"), Ctx::new())
        .with_fuel_limiter(|_, _, _| 100_000)
        .instantiate(&engine, &Linker::new(&engine))
        .expect("looper.wat");
    let looper: One = Binding::new(
        PACKAGE,
        interfaces("peer", peer_interface()),
        ExactlyOne("looper".to_owned(), looper),
    );
    let keeper = peer(&engine, "keeper");

    // The host drops one: the destructor's failure comes back as a value.
    let Val::Resource(handle) = make(&looper) else {
        unreachable!()
    };
    let error = bounded("host drop", move || drop_resource(handle)).expect_err("loops");
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_eq!(error.site().plugin, "looper", "{error}");
    assert_eq!(error.site().function, "[resource-drop]mine", "{error}");

    // The owner failed, so it is unusable until restarted; the host runs on.
    let after = call(&looper, "make", &[]).expect_err("unusable");
    assert!(matches!(after, DispatchError::Unusable(_)), "{after:?}");
    looper
        .restart(&"looper".to_owned(), Ctx::new())
        .expect("restart");

    // A plugin drops one: the failure is the owner's, never the dropper's.
    call(&keeper, "keep", &[make(&looper)]).expect("keep");
    let keeper2 = keeper.clone();
    bounded("guest drop", move || call(&keeper2, "release", &[]))
        .expect("the dropping plugin does not fail");
    assert_eq!(drops(&keeper), 0);
    let after = call(&looper, "make", &[]).expect_err("unusable");
    assert!(matches!(after, DispatchError::Unusable(_)), "{after:?}");
}

#[test]
fn dropping_a_handle_to_an_owner_that_trapped_discards_it_and_succeeds() {
    let engine = Engine::default();
    let (owner, keeper) = (peer(&engine, "owner"), peer(&engine, "keeper"));
    let Val::Resource(held) = make(&owner) else {
        unreachable!()
    };
    call(&keeper, "keep", &[make(&owner)]).expect("keep");
    assert!(call(&owner, "crash", &[]).is_err());
    // The owner's resources went with its instance: nothing to destroy.
    drop_resource(held).expect("the host's drop succeeds");
    call(&keeper, "release", &[]).expect("the keeper's drop succeeds");
}

#[test]
fn a_handle_moved_to_a_plugin_is_no_longer_the_hosts() {
    let engine = Engine::default();
    let (owner, keeper) = (peer(&engine, "owner"), peer(&engine, "keeper"));
    let token = make(&owner);
    call(&keeper, "keep", std::slice::from_ref(&token)).expect("keep");
    // Moved: the host's copy can be neither passed again nor dropped, and
    // nothing reaches a plugin.
    let refused = keeper
        .dispatch("peer", "keep", std::slice::from_ref(&token))
        .expect_err("moved");
    assert!(
        matches!(&refused, DispatchError::InvalidResource { message, .. } if message.contains("no longer holds")),
        "{refused:?}"
    );
    let Val::Resource(handle) = token else {
        unreachable!()
    };
    let refused = drop_resource(handle).expect_err("moved");
    assert!(
        matches!(refused, DispatchError::InvalidResource { .. }),
        "{refused:?}"
    );
    assert_eq!(drops(&owner), 0, "the keeper still holds it");
    call(&keeper, "release", &[]).expect("release");
    assert_eq!(drops(&owner), 1);
}

#[test]
fn the_same_owned_handle_twice_in_one_call_is_refused_before_anything_runs() {
    let engine = Engine::default();
    let (owner, keeper) = (peer(&engine, "owner"), peer(&engine, "keeper"));
    let token = make(&owner);
    let refused = keeper
        .dispatch("peer", "keep-both", &[token.clone(), token.clone()])
        .expect_err("one handle cannot move twice");
    assert!(
        matches!(&refused, DispatchError::InvalidResource { message, .. } if message.contains("twice")),
        "{refused:?}"
    );
    // Nothing ran and nothing moved: the host still holds it.
    call(&keeper, "release", &[]).expect("release");
    assert_eq!(drops(&owner), 0);
    assert_host_still_holds(&owner, &token);
}

#[test]
fn an_owned_handle_refused_for_a_fan_out_stays_with_the_host_and_leaves_nothing_behind() {
    let engine = Engine::default();
    let owner = peer(&engine, "owner");
    let instance = || {
        Plugin::new(component(&engine, "lifetime/peer.wat"), Ctx::new())
            .link(&engine, Linker::new(&engine), [tokens::<Ctx>()])
            .expect("peer.wat links")
    };
    let keepers: Binding<Any<String, PluginInstance<Ctx>>> = Binding::new(
        PACKAGE,
        interfaces("peer", peer_interface()),
        Any(HashMap::from([
            ("k1".to_owned(), instance()),
            ("k2".to_owned(), instance()),
        ])),
    );
    let token = make(&owner);
    let refused = keepers
        .dispatch("peer", "keep", std::slice::from_ref(&token))
        .expect_err("an owned handle cannot go to two plugins");
    assert!(
        matches!(&refused, DispatchError::InvalidResource { message, .. } if message.contains("several")),
        "{refused:?}"
    );
    // No wrapper was left in either keeper: releasing drops nothing.
    let Any(released) = keepers.dispatch("peer", "release", &[]).expect("dispatch");
    assert!(released.values().all(Result::is_ok), "{released:?}");
    assert_eq!(drops(&owner), 0);
    // The host kept its handle.
    assert_host_still_holds(&owner, &token);
}

#[test]
fn a_plugin_keeping_a_borrow_past_the_call_is_told_so() {
    let engine = Engine::default();
    let (owner, keeper) = (peer(&engine, "owner"), peer(&engine, "keeper"));
    let token = make(&owner);
    let error = call(&keeper, "peek", std::slice::from_ref(&token)).expect_err("kept a borrow");
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("kept a borrowed resource handle"),
        "{error}"
    );
    // Lent, not moved: the host still holds it, and the owner is untouched.
    assert_host_still_holds(&owner, &token);
}
