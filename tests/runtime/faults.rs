//! Faults: a trap or an exhausted limit in one plugin is that plugin's `Err`,
//! names where it happened, leaves its siblings and the host running, and
//! makes a transparent caller trap with the cause (see `faults/faults.wit`).

use std::collections::HashMap;
use std::error::Error as _;

use wasm_link::wasmtime::{Config, Trap};
use wasm_link::{
    Any, Binding, DispatchError, Engine, ExactlyOne, FunctionKind, Interface, PluginInstance,
    ReturnKind, Val,
};

use crate::common::{Ctx, bounded, interface, interfaces, linker, plain_interface, plugin};

type Many = Binding<Any<String, PluginInstance<Ctx>>>;
type One = Binding<ExactlyOne<String, PluginInstance<Ctx>>>;

fn work_interface() -> Interface {
    plain_interface(&["answer", "crash", "spin"])
}

fn instance(engine: &Engine, path: &str) -> PluginInstance<Ctx> {
    plugin(engine, path)
        .instantiate(engine, &linker(engine))
        .unwrap_or_else(|e| panic!("{path} instantiates: {e}"))
}

/// `flaky` (worker.wat) and `steady` (steady.wat) in one `Any` binding.
fn flaky_and_steady(flaky: PluginInstance<Ctx>, steady: PluginInstance<Ctx>) -> Many {
    Binding::new(
        "test:faults",
        interfaces("work", work_interface()),
        Any(HashMap::from([
            ("flaky".to_owned(), flaky),
            ("steady".to_owned(), steady),
        ])),
    )
}

/// Calls `function` on both plugins: flaky's result and steady's value.
fn fan_out(work: &Many, function: &'static str) -> (Result<Val, DispatchError>, Val) {
    let work = work.clone();
    let Any(mut results) =
        bounded(function, move || work.dispatch("work", function, &[])).expect("dispatch");
    let flaky = results.remove("flaky").expect("flaky answers");
    let steady = results.remove("steady").expect("steady answers");
    (flaky, steady.expect("steady never fails"))
}

fn assert_site(error: &DispatchError, (plugin, interface, function): (&str, &str, &str)) {
    let site = error.site();
    assert_eq!(
        (
            site.plugin.as_str(),
            site.interface.as_str(),
            site.function.as_str()
        ),
        (plugin, interface, function),
        "{error}"
    );
    let shown = error.to_string();
    for name in [plugin, interface, function] {
        assert!(shown.contains(name), "the message names `{name}`: {shown}");
    }
}

/// The trap somewhere in `error`'s chain of sources.
fn trap_in_sources(error: &DispatchError) -> Option<Trap> {
    let mut source = error.source();
    while let Some(error) = source {
        if let Some(trap) = error.downcast_ref::<Trap>() {
            return Some(*trap);
        }
        source = error.source();
    }
    None
}

#[test]
fn trap_in_one_plugin_of_a_fan_out_is_only_that_plugins_err() {
    let engine = Engine::default();
    let work = flaky_and_steady(
        instance(&engine, "faults/worker.wat"),
        instance(&engine, "faults/steady.wat"),
    );

    let (flaky, steady) = fan_out(&work, "crash");
    assert_eq!(steady, Val::U32(1));
    let error = flaky.expect_err("flaky traps");
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    assert_site(&error, ("flaky", "work", "crash"));
    assert!(
        error.source().is_some(),
        "the trap is the error's source: {error:?}"
    );
    assert_eq!(
        trap_in_sources(&error),
        Some(Trap::UnreachableCodeReached),
        "{error:?}"
    );
}

#[test]
fn exhausted_fuel_in_one_plugin_of_a_fan_out_is_only_that_plugins_err() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config).expect("engine");
    let flaky = plugin(&engine, "faults/worker.wat")
        .with_fuel_limiter(|_, _, _| 10_000)
        .instantiate(&engine, &linker(&engine))
        .expect("instantiate");
    let work = flaky_and_steady(flaky, instance(&engine, "faults/steady.wat"));

    let (flaky, steady) = fan_out(&work, "spin");
    assert_eq!(
        steady,
        Val::U32(2),
        "a plugin without a fuel limiter is not limited"
    );
    let error = flaky.expect_err("flaky runs out of fuel");
    assert!(
        matches!(error, DispatchError::FuelExhausted(_)),
        "{error:?}"
    );
    assert_site(&error, ("flaky", "work", "spin"));
}

#[test]
fn trapped_plugin_is_unusable_afterwards_and_its_siblings_are_not() {
    let engine = Engine::default();
    let work = flaky_and_steady(
        instance(&engine, "faults/worker.wat"),
        instance(&engine, "faults/steady.wat"),
    );
    let (flaky, _) = fan_out(&work, "crash");
    flaky.expect_err("flaky traps");

    // Wasmtime 48 refuses to enter a store whose instance trapped.
    let (flaky, steady) = fan_out(&work, "answer");
    assert_eq!(steady, Val::U32(42));
    let error = flaky.expect_err("a trapped plugin cannot be entered again");
    assert!(matches!(error, DispatchError::Unusable(_)), "{error:?}");
    assert_site(&error, ("flaky", "work", "answer"));
}

#[test]
fn restarting_a_trapped_plugin_resumes_service() {
    let engine = Engine::default();
    let work = flaky_and_steady(
        instance(&engine, "faults/worker.wat"),
        instance(&engine, "faults/steady.wat"),
    );
    let (flaky, _) = fan_out(&work, "crash");
    flaky.expect_err("flaky traps");
    let (flaky, _) = fan_out(&work, "answer");
    assert!(
        matches!(flaky, Err(DispatchError::Unusable(_))),
        "{flaky:?}"
    );

    work.restart(&"flaky".to_owned(), Ctx::new())
        .expect("a trapped plugin restarts");
    let (flaky, steady) = fan_out(&work, "answer");
    assert_eq!(flaky.expect("the restarted plugin answers"), Val::U32(42));
    assert_eq!(steady, Val::U32(42));
}

#[test]
fn restarting_a_plugin_the_binding_does_not_hold_is_an_error() {
    let engine = Engine::default();
    let work = flaky_and_steady(
        instance(&engine, "faults/worker.wat"),
        instance(&engine, "faults/steady.wat"),
    );
    let error = work
        .restart(&"nobody".to_owned(), Ctx::new())
        .expect_err("no plugin `nobody`");
    let wasm_link::LinkError::UnknownPlugin { package, plugin } = &error else {
        panic!("expected UnknownPlugin, got {error:?}");
    };
    assert_eq!(
        (package.as_str(), plugin.as_str()),
        ("test:faults", "nobody")
    );
    let (flaky, steady) = fan_out(&work, "answer");
    assert_eq!(flaky.expect("flaky is untouched"), Val::U32(42));
    assert_eq!(steady, Val::U32(42));
}

/// The caller plugin linked to worker.wat (id `flaky`) through a transparent
/// `ExactlyOne` socket.
fn caller_of_flaky(engine: &Engine) -> One {
    let work = Binding::new(
        "test:faults",
        interfaces("work", work_interface()),
        ExactlyOne("flaky".to_owned(), instance(engine, "faults/worker.wat")),
    );
    let caller = plugin(engine, "faults/caller.wat")
        .link(engine, linker(engine), [work])
        .expect("the caller links");
    Binding::new(
        "test:faults",
        interfaces("front", plain_interface(&["relay"])),
        ExactlyOne("caller".to_owned(), caller),
    )
}

fn relay(front: &One) -> Result<Val, DispatchError> {
    let front = front.clone();
    let ExactlyOne(_, result) =
        bounded("relay", move || front.dispatch("front", "relay", &[])).expect("dispatch");
    result
}

#[test]
fn transparent_socket_failure_traps_the_caller_with_the_cause() {
    let engine = Engine::default();
    let front = caller_of_flaky(&engine);

    let error = relay(&front).expect_err("the callee's trap makes the caller trap");
    assert!(matches!(error, DispatchError::Trap { .. }), "{error:?}");
    assert_site(&error, ("caller", "front", "relay"));
    let shown = error.to_string();
    assert!(
        shown.contains("flaky"),
        "the cause names the callee plugin: {shown}"
    );
    assert!(
        shown.contains("crash"),
        "the cause names the callee function: {shown}"
    );
    assert!(error.source().is_some(), "{error:?}");
}

#[test]
fn caller_of_a_failed_transparent_call_is_unusable_afterwards() {
    let engine = Engine::default();
    let front = caller_of_flaky(&engine);
    relay(&front).expect_err("the first call traps");

    let error = relay(&front).expect_err("the caller trapped, so it cannot be entered again");
    assert!(matches!(error, DispatchError::Unusable(_)), "{error:?}");
    assert_site(&error, ("caller", "front", "relay"));
}

/// Links the keeper and the owner, gives one of the owner's tokens to the
/// keeper, then calls the owner's `poke`: owner.poke -> keeper.release ->
/// drop the owner's token -> the owner's destructor, while the owner is still
/// running `poke`. Returns the owner's result.
fn poke_owner_through_keeper() -> Result<Val, DispatchError> {
    let engine = Engine::default();
    // The keeper imports the `token` type only: a socket without plugins gives it.
    let types: Many = Binding::new(
        "test:faults",
        interfaces("tokens", interface(&[], &["token"])),
        Any(HashMap::new()),
    );
    let keeper = plugin(&engine, "faults/keeper.wat")
        .link(&engine, linker(&engine), [types])
        .expect("the keeper links");
    let keeper: One = Binding::new(
        "test:faults",
        interfaces("keeper", plain_interface(&["keep", "release"])),
        ExactlyOne("keeper".to_owned(), keeper),
    );
    let owner = plugin(&engine, "faults/owner.wat")
        .link(&engine, linker(&engine), [&keeper])
        .expect("the owner links");
    let owner: One = Binding::new(
        "test:faults",
        HashMap::from([
            (
                "tokens".to_owned(),
                interface(
                    &[(
                        "[constructor]token",
                        FunctionKind::Freestanding,
                        ReturnKind::MayContainResources,
                    )],
                    &["token"],
                ),
            ),
            ("poker".to_owned(), plain_interface(&["poke"])),
        ]),
        ExactlyOne("owner".to_owned(), owner),
    );

    // The host gives one of the owner's tokens to the keeper.
    let ExactlyOne(_, token) = owner
        .dispatch("tokens", "[constructor]token", &[])
        .expect("dispatch");
    let token = token.expect("the owner makes a token");
    let ExactlyOne(_, kept) = keeper
        .dispatch("keeper", "keep", &[token])
        .expect("dispatch");
    kept.expect("the keeper keeps the token");

    let ExactlyOne(_, poked) =
        bounded("poke", move || owner.dispatch("poker", "poke", &[])).expect("dispatch");
    poked
}

#[test]
fn dropping_a_resource_of_a_plugin_on_the_stack_is_queued_not_a_deadlock_or_an_error() {
    // The keeper drops the owner's token while the owner is running `poke`:
    // the drop is queued to the owner, which runs it once `poke` returns.
    // (`lifetime.rs` counts the destructor runs.)
    let poked = poke_owner_through_keeper().expect("poke finishes");
    assert_eq!(poked, Val::U32(1));
}

/// Links callback.wat with `callback` as its host function, which is given
/// the plugin's own binding; runs `calls#run` (bounded, so a deadlock
/// fails the test) and returns the binding and what `callback` returned.
fn run_with_callback<T: Send + 'static>(
    callback: impl Fn(&One) -> T + Send + Sync + 'static,
) -> (One, T) {
    use std::sync::{Arc, Mutex, OnceLock};
    let engine = Engine::default();
    let binding: Arc<OnceLock<One>> = Arc::new(OnceLock::new());
    let seen: Arc<Mutex<Option<T>>> = Arc::new(Mutex::new(None));
    let mut linker = linker(&engine);
    {
        let (binding, seen) = (Arc::clone(&binding), Arc::clone(&seen));
        linker
            .instance("test:faults/host")
            .unwrap()
            .func_wrap("callback", move |_, (): ()| {
                let answer = callback(binding.get().expect("set before the call"));
                *seen.lock().unwrap() = Some(answer);
                Ok(())
            })
            .unwrap();
    }
    let instance = plugin(&engine, "faults/callback.wat")
        .instantiate(&engine, &linker)
        .expect("callback.wat instantiates");
    let _ = binding.set(Binding::new(
        "test:faults",
        interfaces("calls", plain_interface(&["run"])),
        ExactlyOne("callback".to_owned(), instance),
    ));
    let calls = binding.get().unwrap().clone();
    let ExactlyOne(_, ran) =
        bounded("run", move || calls.dispatch("calls", "run", &[])).expect("dispatch");
    assert_eq!(ran.expect("the outer call finishes"), Val::U32(7));
    let answer = seen.lock().unwrap().take().expect("the callback ran");
    (binding.get().unwrap().clone(), answer)
}

#[test]
fn checking_a_typed_group_from_inside_its_plugins_call_is_an_error_not_a_deadlock() {
    // What a typed group does when it is built: check the plugin's exports,
    // which needs the plugin, which is running.
    let check = |binding: &One| {
        wasm_link::__private::typed_function::<_, _, (), (u32,)>(binding, "calls", "run").err()
    };
    let (binding, refused) = run_with_callback(check);
    let error = refused.expect("the check was refused");
    let wasm_link::LinkError::PluginRunning { plugin } = &error else {
        panic!("expected PluginRunning, got {error:?}");
    };
    assert_eq!(plugin, "callback");
    // Outside the call, the same check succeeds.
    assert!(check(&binding).is_none(), "the group can be built outside");
}

#[test]
fn restarting_a_plugin_from_inside_its_own_call_is_refused_not_a_deadlock() {
    let (_, refused) = run_with_callback(|binding: &One| {
        binding.restart(&"callback".to_owned(), Ctx::new()).err()
    });
    let error = refused.expect("the restart was refused");
    let wasm_link::LinkError::RestartRefused { plugin, reason } = &error else {
        panic!("expected RestartRefused, got {error:?}");
    };
    assert_eq!(plugin, "callback");
    assert!(reason.contains("its own call"), "{reason}");
}

#[test]
fn a_host_function_calling_back_into_its_own_plugin_is_a_reentrance_error() {
    let (_, inner) = run_with_callback(|binding: &One| {
        let ExactlyOne(_, again) = binding.dispatch("calls", "run", &[]).expect("dispatch");
        again.err()
    });
    let error = inner.expect("the inner call failed");
    assert!(matches!(error, DispatchError::Reentrant(_)), "{error:?}");
    assert_site(&error, ("callback", "calls", "run"));
}
