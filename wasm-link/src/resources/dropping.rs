//! Dropping a resource handle in a store of either kind: a store that takes
//! sync calls drops it at once; a store that takes async calls only (its
//! plugin was linked with `link_async`, or its linker has async host
//! functions) refuses that, and gets wasmtime's async drop, driven to its end
//! on this thread.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

use wasmtime::AsContextMut;
use wasmtime::component::ResourceAny;

use crate::error::requires_async;

/// Drops `handle` in `store`, the sync way where the store allows it. Not
/// for a store whose call is running on this thread (a host function's own
/// store): its async drop must be awaited there (`drop_async`).
pub(crate) fn drop_handle<T: Send>(
    mut store: impl AsContextMut<Data = T>,
    handle: ResourceAny,
) -> wasmtime::Result<()> {
    match handle.resource_drop(&mut store) {
        Err(error) if requires_async(&error) => block_on(handle.resource_drop_async(&mut store)),
        dropped => dropped,
    }
}

/// Runs `future` to its end on this thread, parking between polls.
///
/// For the places sync code must finish wasmtime's async work: a handle
/// dropped in a store that takes async calls only (a destructor, a loan
/// handed back). It only waits while the destructor does.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park();
    }
}
