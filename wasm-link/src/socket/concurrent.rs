//! Socket functions of component-model async: an importer's `async func`
//! import, served by a concurrent host function (Wasmtime's
//! `func_new_concurrent`), and what a socket cannot serve on an engine with
//! concurrency support.
//!
//! A concurrent host function gets no store of its own: it reaches the
//! importer's store through an [`Accessor`] between awaits, never across
//! one. It moves no resource handles (refused at link time), so all it
//! needs of the importer is its budget, and a place to charge what the
//! socket's plugins spent.

use wasmtime::Engine;
use wasmtime::component::types::ComponentFunc;

use crate::binding::membership::FunctionEntry;
use crate::plugin::cell::Mode;
use crate::wit_type;

/// Why a socket cannot serve the import `func` (the binding's `function`)
/// of an importer linked in `mode` on `engine`, if it cannot.
pub(super) fn unserved(
    engine: &Engine,
    mode: Mode,
    function: &FunctionEntry,
    func: &ComponentFunc,
) -> Option<&'static str> {
    // Wasmtime 50 fails (a panic in debug builds, a trap in release ones)
    // when it lifts a second borrowed handle the importer owns into one
    // host function of a store with concurrency support.
    let borrows: usize = func.params().map(|(_, ty)| wit_type::borrows(&ty)).sum();
    if engine.get_concurrency_support() && borrows >= 2 {
        return Some(
            "it takes two or more borrowed handles, which Wasmtime 50 cannot pass to a host \
             function on an engine with concurrency support: use an engine from \
             `recommended_config()`, or pass one borrowed handle per call",
        );
    }
    if !func.async_() {
        return None;
    }
    if mode != Mode::Async {
        return Some(
            "it is an `async func` (component-model async), which only an async importer can \
             wait for: link the plugin with `Plugin::link_async`",
        );
    }
    if function.params_hold_resources || function.lift_results {
        return Some(
            "an `async func` socket function cannot move resource handles: declare it as a \
             plain `func`, or keep the handles out of its signature",
        );
    }
    None
}

#[cfg(feature = "component-model-async")]
mod serve {
    use std::sync::Arc;

    use futures_util::future::join_all;
    use wasmtime::AsContextMut;
    use wasmtime::component::{Accessor, Val};

    use crate::PluginContext;
    use crate::error::{CallSite, DispatchError};
    use crate::plugin::chain::InChain;
    use crate::plugin::limits::{Budget, Spent};
    use crate::resources::Target;
    use crate::socket::{Called, Forward};

    impl Forward {
        /// [`call_async`](Self::call_async) for an `async func` import: the
        /// same steps without handles, the importer's store reached through
        /// `accessor` before and after each await. Each plugin's call runs
        /// as a subtask of the importer (`plugin/subtasks.rs`): the
        /// importer's guest may leave it running, and it must not outlive
        /// the importer's call.
        pub(in crate::socket) async fn call_concurrent<Ctx: PluginContext>(
            self: Arc<Self>,
            accessor: &Accessor<Ctx>,
            params: &[Val],
            results: &mut [Val],
        ) -> wasmtime::Result<()> {
            let m = self.core.current.load_full();
            // `async func` imports move no handles, and no method is one.
            let reached = match m.reach(false, &[]) {
                Ok(reached) => reached,
                Err(message) => return self.refuse(&m, &message, results),
            };
            let Some(subtasks) = self.importer.subtasks() else {
                return Err(wasmtime::Error::msg("the importing plugin is gone"));
            };
            let params: Arc<[Val]> = params.into();
            let budget =
                || accessor.with(|mut access| self.importer.budget(&access.as_context_mut()));
            // One plugin's call, owning what it needs (a subtask may outlive
            // this future); a call chain of its own, started from the
            // importer's: calls the importer runs at once are siblings, not
            // re-entrance.
            let call = |at: usize, budget: Budget| {
                let (forward, m, params) = (Arc::clone(&self), Arc::clone(&m), Arc::clone(&params));
                subtasks.run(InChain::new(async move {
                    let member = &m.members[at];
                    forward
                        .call_member_async(&m, member, &params, Vec::new(), budget)
                        .await
                }))
            };
            // Charges what it spent and takes its result; a call cancelled
            // (the importer's lock let go meanwhile) is the plugin's
            // `Unusable`, as any call cut off midway leaves it.
            let land = |at: usize, called: Option<Called>| {
                let member = &m.members[at];
                let called = called.unwrap_or_else(|| {
                    let interface = &m.interfaces[self.interface];
                    let site = CallSite::new(
                        &member.id,
                        &interface.name,
                        &interface.functions[self.function].name,
                    );
                    (Err(DispatchError::Unusable(site)), Spent::default())
                });
                accessor.with(|mut access| {
                    self.land(
                        &m,
                        &mut access.as_context_mut(),
                        Target::none(),
                        member,
                        called,
                    )
                })
            };
            let mut outcomes = Vec::with_capacity(reached.len());
            let first = budget();
            if reached.len() > 1 && first.fuel.is_none() {
                // Concurrently, as `call_async` does.
                let called = join_all(reached.clone().map(|at| call(at, first))).await;
                for (at, called) in reached.clone().zip(called) {
                    outcomes.push(land(at, called));
                }
            } else {
                for at in reached.clone() {
                    let called = call(at, budget()).await;
                    outcomes.push(land(at, called));
                }
            }
            let members = &m.members[reached];
            self.deliver(&m, members, outcomes, results)
        }
    }
}
