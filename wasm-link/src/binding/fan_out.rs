//! How an async host call reaches the members of a binding: one member is
//! awaited where it stands; several run concurrently, and in parallel on a
//! multi-threaded tokio runtime (each plugin has its own store, so members
//! never share anything a call could race on).

use std::ops::Range;
use std::sync::Arc;

use futures_util::future::join_all;
use wasmtime::component::Val;

use crate::error::DispatchError;
use crate::plugin::chain::InChain;
use crate::resources::Transit;

use super::membership::Membership;

/// One async host call of the function at `at` (interface and function
/// indices) on the members in `reached`; per member, `None` where the call
/// does not reach it, else its result.
///
/// Each member's call is a call chain of its own (`chain::InChain`): the
/// members of a fan-out may meet in a shared plugin below them, where one
/// waits for the other as two host calls would.
///
/// On a multi-threaded tokio runtime the members run as tasks on its
/// workers. Dropping the returned future then lets calls already running
/// finish on their own (their results are dropped): a plugin is never left
/// half-called by a cancelled fan-out.
pub(crate) async fn call_members(
    membership: Arc<Membership>,
    at: (usize, usize),
    args: &[Val],
    incoming: Vec<Transit>,
    reached: Range<usize>,
) -> Vec<Option<Result<Val, DispatchError>>> {
    let count = membership.members.len();
    let mut outcomes: Vec<Option<Result<Val, DispatchError>>> = (0..count).map(|_| None).collect();
    if reached.len() > 1 && parallel_runtime() {
        let args: Arc<[Val]> = Arc::from(args);
        let tasks: Vec<_> = reached
            .clone()
            .map(|index| {
                let membership = Arc::clone(&membership);
                let args = Arc::clone(&args);
                let incoming = incoming.clone();
                tokio::spawn(InChain::new(async move {
                    call_member(&membership, index, at, &args, incoming).await
                }))
            })
            .collect();
        for (index, outcome) in reached.zip(join_tasks(tasks).await) {
            outcomes[index] = Some(outcome);
        }
        return outcomes;
    }
    let calls = reached.clone().map(|index| {
        let (membership, incoming) = (&membership, incoming.clone());
        InChain::new(async move { call_member(membership, index, at, args, incoming).await })
    });
    for (index, outcome) in reached.zip(join_all(calls).await) {
        outcomes[index] = Some(outcome);
    }
    outcomes
}

async fn call_member(
    membership: &Membership,
    index: usize,
    (interface, function): (usize, usize),
    args: &[Val],
    incoming: Vec<Transit>,
) -> Result<Val, DispatchError> {
    let interface = &membership.interfaces[interface];
    let function = &interface.functions[function];
    membership.members[index]
        .call_from_host_async(interface, function, args, incoming)
        .await
}

/// The results of a fan-out's member tasks, in order. A member's panic is
/// the caller's, as it would be on one thread; tasks are never aborted
/// (dropped, they finish on their own).
pub(crate) async fn join_tasks<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(match task.await {
            Ok(result) => result,
            Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
            Err(_) => unreachable!("member tasks are never aborted"),
        });
    }
    results
}

/// Whether the call runs on a tokio runtime with worker threads to spread
/// the members over.
pub(crate) fn parallel_runtime() -> bool {
    tokio::runtime::Handle::try_current()
        .is_ok_and(|runtime| runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread)
}
