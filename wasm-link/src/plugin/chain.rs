//! Who is calling: the call chain a plugin's lock is taken for.
//!
//! A chain is one line of calls, from the host through sockets, importer to
//! exporter. A sync chain runs on one thread, so the thread identifies it.
//! An async chain may move between threads at every `.await`, so each async
//! call from the host starts a chain of its own (see [`InChain`]) and
//! carries it while it is polled. Both answer the same two questions: is
//! this chain already inside plugin X (a re-entrant call, which would wait
//! for itself), and is it inside any plugin (then it must not wait for
//! another plugin's lock outside a socket, see `cell.rs`).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

thread_local! {
    /// The async chain being polled on this thread, or 0 for the thread's
    /// own (sync) chain.
    static POLLED: Cell<u64> = const { Cell::new(0) };
    /// How many plugins the current chain holds the lock of.
    static HELD: Cell<usize> = const { Cell::new(0) };
    /// The chains the current async chain was started from (a host call made
    /// inside another call): their plugins are on its stack too.
    static ANCESTORS: RefCell<Option<Arc<[u64]>>> = const { RefCell::new(None) };
}

/// Async chains take tokens with the top bit set, which no address (a sync
/// chain's token) has, so the two never collide.
const ASYNC: u64 = 1 << 63;

/// A token for the current chain, never 0: the async chain being polled,
/// else this thread (the address of a thread-local, which costs no
/// initialisation check). A finished thread's address may be reused, but a
/// thread never finishes while it holds a plugin.
#[inline]
pub(crate) fn current() -> u64 {
    let polled = POLLED.with(Cell::get);
    if polled != 0 {
        return polled;
    }
    thread_local!(static TOKEN: u8 = const { 0 });
    TOKEN.with(|token| std::ptr::from_ref(token).addr() as u64)
}

/// Whether a plugin held by chain `holder` is on the current chain's stack:
/// held by this chain, or by one it was started from.
#[inline]
pub(crate) fn is_mine(holder: u64) -> bool {
    holder != 0
        && (holder == current()
            || ANCESTORS.with(|a| a.borrow().as_ref().is_some_and(|a| a.contains(&holder))))
}

/// Whether `token` is an async chain's: a task that may be suspended while
/// it holds a plugin, so no thread may block waiting for it.
#[inline]
pub(crate) fn is_async(token: u64) -> bool {
    token & ASYNC != 0
}

/// Whether the current chain is running a plugin (holds its lock).
#[inline]
pub(crate) fn holds_a_plugin() -> bool {
    HELD.with(Cell::get) > 0
}

/// Counts a plugin's lock taken (`true`) or let go by the current chain.
/// Saturating: a count gone wrong must never panic here, as this runs while
/// locks are let go, unwinding included (a panic there aborts the process).
#[inline]
pub(crate) fn count_held(taken: bool) {
    HELD.with(|held| {
        held.set(if taken {
            held.get().saturating_add(1)
        } else {
            held.get().saturating_sub(1)
        });
    });
}

pin_project_lite::pin_project! {
    /// A future that runs as a chain of its own: while it is polled (and
    /// while it is dropped, which lets go of the locks it holds) the
    /// thread's chain is this one. Every async call from the host is wrapped
    /// in one.
    ///
    /// The inner future is kept in place (pinned through
    /// `pin-project-lite`), not boxed: the typed async call is a hot path.
    pub(crate) struct InChain<F> {
        chain: Chain,
        #[pin]
        future: Option<F>,
    }

    impl<F> PinnedDrop for InChain<F> {
        fn drop(this: Pin<&mut Self>) {
            // Dropped mid-call (cancelled): the locks it holds are let go
            // as this chain's.
            let this = this.project();
            if this.future.as_ref().as_pin_ref().is_some() {
                let mut future = this.future;
                this.chain.inside(|| future.set(None));
            }
        }
    }
}

/// A token for a new async chain, unique for the life of the process.
/// Threads take them from one shared counter in blocks, so that starting a
/// chain (every async call from the host) costs no shared atomic operation.
fn next_async_token() -> u64 {
    const BLOCK: u64 = 1 << 16;
    static NEXT_BLOCK: AtomicU64 = AtomicU64::new(1);
    thread_local! {
        /// The next token of this thread's block, and the block's end.
        static LOCAL: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
    }
    LOCAL.with(|local| {
        let (mut next, mut end) = local.get();
        if next == end {
            next = NEXT_BLOCK.fetch_add(BLOCK, Ordering::Relaxed);
            end = next + BLOCK;
        }
        local.set((next + 1, end));
        ASYNC | next
    })
}

/// An async chain's identity and state, installed while its future runs.
struct Chain {
    token: u64,
    held: usize,
    ancestors: Option<Arc<[u64]>>,
}

impl<F: Future> InChain<F> {
    /// A chain of its own for `inner`. Made inside another chain (a host
    /// call from inside a call), it remembers that chain as an ancestor, so
    /// that calling a plugin on the ancestor's stack is re-entrant.
    pub(crate) fn new(inner: F) -> Self {
        let parent = (POLLED.with(Cell::get) != 0 || holds_a_plugin()).then(current);
        let ancestors = parent.map(|parent| {
            ANCESTORS.with(|a| {
                let mut chain: Vec<u64> = a.borrow().as_deref().unwrap_or_default().to_vec();
                chain.push(parent);
                Arc::from(chain)
            })
        });
        Self {
            chain: Chain {
                token: next_async_token(),
                held: 0,
                ancestors,
            },
            future: Some(inner),
        }
    }
}

impl Chain {
    /// Runs `f` with this chain as the thread's chain.
    fn inside<R>(&mut self, f: impl FnOnce() -> R) -> R {
        /// Puts the thread's own chain back, unwinding included.
        struct Restore {
            polled: u64,
            held: usize,
            /// Whether the ancestors were swapped, and the thread's own.
            swapped: bool,
            ancestors: Option<Arc<[u64]>>,
        }
        impl Drop for Restore {
            fn drop(&mut self) {
                POLLED.with(|p| p.set(self.polled));
                HELD.with(|h| h.set(self.held));
                if self.swapped {
                    ANCESTORS.with(|a| *a.borrow_mut() = self.ancestors.take());
                }
            }
        }
        // Most chains have no ancestors, nor has the thread's own: then
        // there is nothing to swap.
        let swap = self.ancestors.is_some() || ANCESTORS.with(|a| a.borrow().is_some());
        let outer = Restore {
            polled: POLLED.with(|p| p.replace(self.token)),
            held: HELD.with(|h| h.replace(self.held)),
            swapped: swap,
            ancestors: if swap {
                ANCESTORS.with(|a| a.replace(self.ancestors.clone()))
            } else {
                None
            },
        };
        let result = f();
        self.held = HELD.with(Cell::get);
        drop(outer);
        result
    }
}

impl<F: Future> Future for InChain<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let mut future = this.future;
        this.chain.inside(|| {
            let polled = match future.as_mut().as_pin_mut() {
                Some(inner) => inner.poll(cx),
                None => panic!("an InChain future polled after it finished"),
            };
            if polled.is_ready() {
                future.set(None);
            }
            polled
        })
    }
}
