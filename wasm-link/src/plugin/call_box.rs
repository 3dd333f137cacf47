//! The heap block an async plugin call's future lives in, kept for the
//! next call.
//!
//! Wasmtime's call future is several kilobytes once its component-model
//! async support is compiled in. Kept inline in wasm-link's own futures it
//! is copied at every move of theirs (measured: more than twice the cost of
//! a box); boxed, every call pays for a large allocation, which glibc's
//! malloc serves from its bins rather than its per-thread cache (about 500
//! instructions with the free, a third of wasm-link's async overhead). So a
//! [`CallBox`] is a box whose memory is not given back: each thread keeps
//! the last block it let go of and hands it to the next call that fits in
//! it. A thread keeps at most one block, freed when the thread ends.
#![allow(unsafe_code)]

use std::alloc::{self, Layout};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll};

/// Heap memory and the layout it was allocated with.
struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
}

impl Block {
    /// A fresh block for `layout` (not zero-sized).
    fn allocate(layout: Layout) -> Self {
        // SAFETY: `layout` is not zero-sized (`CallBox::new` checks it).
        let ptr = unsafe { alloc::alloc(layout) };
        let ptr = NonNull::new(ptr).unwrap_or_else(|| alloc::handle_alloc_error(layout));
        Self { ptr, layout }
    }

    fn fits(&self, layout: Layout) -> bool {
        self.layout.size() >= layout.size() && self.layout.align() >= layout.align()
    }

    fn free(self) {
        // SAFETY: allocated by `allocate` with this very layout, and owned.
        unsafe { alloc::dealloc(self.ptr.as_ptr(), self.layout) };
    }
}

/// The block a thread keeps; freed with the thread.
struct Spare(Cell<Option<Block>>);

impl Drop for Spare {
    fn drop(&mut self) {
        if let Some(block) = self.0.take() {
            block.free();
        }
    }
}

thread_local! {
    static SPARE: Spare = const { Spare(Cell::new(None)) };
}

/// A block for `layout`: the thread's spare if it fits, else a new one.
fn take(layout: Layout) -> Block {
    let spare = SPARE
        .try_with(|spare| {
            let block = spare.0.take()?;
            if block.fits(layout) {
                return Some(block);
            }
            spare.0.set(Some(block));
            None
        })
        .ok()
        .flatten();
    spare.unwrap_or_else(|| Block::allocate(layout))
}

/// Keeps `block` as the thread's spare, or the larger of it and the one
/// kept already; frees the other (and `block` on a thread being torn down).
fn give_back(block: Block) {
    let mut block = Some(block);
    let freed = SPARE.try_with(|spare| {
        let incoming = block.take()?;
        match spare.0.take() {
            Some(kept) if kept.layout.size() >= incoming.layout.size() => {
                spare.0.set(Some(kept));
                Some(incoming)
            }
            kept => {
                spare.0.set(Some(incoming));
                kept
            }
        }
    });
    if let Some(unwanted) = freed.ok().flatten().or(block) {
        unwanted.free();
    }
}

/// A `Pin<Box<dyn Future + Send>>` whose memory comes from, and goes back
/// to, the thread's spare block.
pub(crate) struct CallBox<'a, T> {
    future: NonNull<dyn Future<Output = T> + Send + 'a>,
    /// The layout of the whole block, which may be larger than the future.
    layout: Layout,
}

// SAFETY: a `CallBox` owns its future as a `Box` does, and the future is
// `Send`; the block it came from is plain memory, which any thread may free.
unsafe impl<T> Send for CallBox<'_, T> {}

impl<'a, T> CallBox<'a, T> {
    /// Puts the future `make` returns into a block. `make` only builds the
    /// future (an `async` block), after the block is found, so that it can
    /// be written in place instead of copied in.
    #[inline]
    pub(crate) fn new<F: Future<Output = T> + Send + 'a>(make: impl FnOnce() -> F) -> Self {
        const { assert!(size_of::<F>() > 0, "a call future holds its store") };
        let block = take(Layout::new::<F>());
        let typed = block.ptr.cast::<F>();
        // SAFETY: the block is at least as large and as aligned as `F`, and
        // nothing else uses it.
        unsafe { typed.as_ptr().write(make()) };
        Self {
            future: typed,
            layout: block.layout,
        }
    }
}

impl<T> Future for CallBox<'_, T> {
    type Output = T;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        // SAFETY: the future stays where it was written until it is dropped
        // in place (`Drop` below): it is pinned. It is initialised, and only
        // this `CallBox` refers to it.
        unsafe { Pin::new_unchecked(self.future.as_mut()) }.poll(cx)
    }
}

impl<T> Drop for CallBox<'_, T> {
    fn drop(&mut self) {
        /// Gives the block back after the future is dropped, even if its
        /// destructor panics.
        struct Return(Option<Block>);
        impl Drop for Return {
            fn drop(&mut self) {
                if let Some(block) = self.0.take() {
                    give_back(block);
                }
            }
        }
        let _return = Return(Some(Block {
            ptr: self.future.cast(),
            layout: self.layout,
        }));
        // SAFETY: the future is initialised and dropped exactly once, here.
        unsafe { self.future.as_ptr().drop_in_place() };
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A future that counts its drops and answers `value` at once.
    struct Counted<const N: usize> {
        value: u32,
        drops: Arc<AtomicUsize>,
        _padding: [u8; N],
    }

    impl<const N: usize> Future for Counted<N> {
        type Output = u32;
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
            Poll::Ready(self.value)
        }
    }

    impl<const N: usize> Drop for Counted<N> {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counted<const N: usize>(value: u32, drops: &Arc<AtomicUsize>) -> CallBox<'static, u32> {
        let drops = Arc::clone(drops);
        CallBox::new(move || Counted::<N> {
            value,
            drops,
            _padding: [0; N],
        })
    }

    fn spare_size() -> Option<usize> {
        SPARE.with(|spare| {
            let block = spare.0.take();
            let size = block.as_ref().map(|block| block.layout.size());
            spare.0.set(block);
            size
        })
    }

    #[test]
    fn a_call_box_runs_and_drops_its_future_once_and_keeps_the_larger_block() {
        let drops = Arc::new(AtomicUsize::new(0));
        let run = |future: CallBox<'static, u32>| {
            futures_util::FutureExt::now_or_never(future).expect("ready at once")
        };
        assert_eq!(run(counted::<4096>(7, &drops)), 7);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        let large = spare_size().expect("the block is kept");
        assert!(large >= 4096);
        // A smaller future reuses it, and it is kept again.
        assert_eq!(run(counted::<64>(8, &drops)), 8);
        assert_eq!(spare_size(), Some(large));
        // A larger one needs a new block, which replaces the smaller spare.
        assert_eq!(run(counted::<16384>(9, &drops)), 9);
        assert!(spare_size().expect("kept") >= 16384);
        // Dropped unpolled, two at once: both futures dropped, one block kept.
        let (a, b) = (counted::<128>(1, &drops), counted::<128>(2, &drops));
        drop(a);
        drop(b);
        assert_eq!(drops.load(Ordering::SeqCst), 5);
        assert!(spare_size().expect("kept") >= 16384);
    }

    #[test]
    fn a_call_box_dropped_on_another_thread_gives_its_block_to_that_thread() {
        let drops = Arc::new(AtomicUsize::new(0));
        let future = counted::<2048>(3, &drops);
        let sizes = std::thread::spawn(move || {
            let before = spare_size();
            drop(future);
            (before, spare_size())
        })
        .join()
        .expect("the thread finishes");
        assert_eq!(sizes.0, None);
        assert!(sizes.1.expect("kept by the dropping thread") >= 2048);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }
}
