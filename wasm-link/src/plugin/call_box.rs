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
//! the last few blocks it let go of ([`SLOTS`], one per level of a chain of
//! nested calls: host to importer to exporter) and hands the smallest that
//! fits to the next call. The blocks are freed when the thread ends.
#![allow(unsafe_code)]

use std::alloc::{self, Layout};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll};

/// How many blocks a thread keeps.
const SLOTS: usize = 4;

/// Heap memory and the layout it was allocated with. Whoever holds it owns
/// it: a slot (below) or a [`CallBox`].
#[derive(Clone, Copy)]
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

    fn fits(self, layout: Layout) -> bool {
        self.layout.size() >= layout.size() && self.layout.align() >= layout.align()
    }

    fn size(slot: &Cell<Option<Block>>) -> usize {
        slot.get().map_or(0, |block| block.layout.size())
    }

    fn free(self) {
        // SAFETY: allocated by `allocate` with this very layout, owned by
        // the caller, and never used again.
        unsafe { alloc::dealloc(self.ptr.as_ptr(), self.layout) };
    }
}

/// The blocks a thread keeps; freed with the thread.
struct Spare([Cell<Option<Block>>; SLOTS]);

impl Drop for Spare {
    fn drop(&mut self) {
        for slot in &self.0 {
            if let Some(block) = slot.take() {
                block.free();
            }
        }
    }
}

thread_local! {
    static SPARE: Spare = const { Spare([const { Cell::new(None) }; SLOTS]) };
}

/// A block for `layout`: the smallest of the thread's that fits, else a new
/// one.
fn take(layout: Layout) -> Block {
    let kept = SPARE
        .try_with(|spare| {
            let slot = spare
                .0
                .iter()
                .filter(|slot| slot.get().is_some_and(|block| block.fits(layout)))
                .min_by_key(|slot| Block::size(slot))?;
            slot.take()
        })
        .ok()
        .flatten();
    kept.unwrap_or_else(|| Block::allocate(layout))
}

/// Keeps `block` in an empty slot, or in place of the smallest block kept
/// if that one is smaller; frees whichever block is left over (`block`
/// itself on a thread being torn down).
fn give_back(block: Block) {
    let kept = SPARE.try_with(|spare| {
        let slot = spare
            .0
            .iter()
            .find(|slot| slot.get().is_none())
            .or_else(|| {
                let smallest = spare.0.iter().min_by_key(|slot| Block::size(slot))?;
                (Block::size(smallest) < block.layout.size()).then_some(smallest)
            })?;
        Some(slot.replace(Some(block)))
    });
    match kept {
        // Kept; an evicted block, if any, is freed.
        Ok(Some(evicted)) => evicted.into_iter().for_each(Block::free),
        // Smaller than everything kept, or no thread-local any more.
        Ok(None) | Err(_) => block.free(),
    }
}

/// A `Pin<Box<dyn Future + Send>>` whose memory comes from, and goes back
/// to, the blocks the thread keeps. Every async call into a plugin returns
/// its future in one.
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
        // Should `make` panic, the block goes back rather than leaking.
        let mut unwritten = GiveBack(Some(block));
        // SAFETY: the block is at least as large and as aligned as `F`, and
        // nothing else uses it.
        unsafe { typed.as_ptr().write(make()) };
        unwritten.0 = None;
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
        // The block goes back after the future is dropped, even if its
        // destructor panics.
        let _block = GiveBack(Some(Block {
            ptr: self.future.cast(),
            layout: self.layout,
        }));
        // SAFETY: the future is initialised and dropped exactly once, here.
        unsafe { self.future.as_ptr().drop_in_place() };
    }
}

/// Gives its block back ([`give_back`]) when dropped, unwinding included.
struct GiveBack(Option<Block>);

impl Drop for GiveBack {
    #[inline]
    fn drop(&mut self) {
        if let Some(block) = self.0.take() {
            give_back(block);
        }
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

    /// The sizes of the blocks this thread keeps, in ascending order.
    fn kept() -> Vec<usize> {
        let mut sizes: Vec<usize> = SPARE.with(|spare| {
            spare
                .0
                .iter()
                .filter_map(|slot| slot.get().map(|block| block.layout.size()))
                .collect()
        });
        sizes.sort_unstable();
        sizes
    }

    #[test]
    fn a_call_box_runs_and_drops_its_future_once_and_its_block_is_reused() {
        let drops = Arc::new(AtomicUsize::new(0));
        let run = |future: CallBox<'static, u32>| {
            futures_util::FutureExt::now_or_never(future).expect("ready at once")
        };
        assert_eq!(run(counted::<4096>(7, &drops)), 7);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        let first = kept();
        assert!(matches!(first[..], [size] if size >= 4096), "{first:?}");
        // A smaller future reuses that block: still one kept.
        assert_eq!(run(counted::<64>(8, &drops)), 8);
        assert_eq!(kept(), first);
        // A larger one needs a block of its own; both are kept.
        assert_eq!(run(counted::<16384>(9, &drops)), 9);
        let two = kept();
        assert!(matches!(two[..], [small, large] if small == first[0] && large >= 16384));
        // Two alive at once (nested calls) take the two blocks, smallest
        // that fits first, and give both back.
        let (a, b) = (counted::<128>(1, &drops), counted::<128>(2, &drops));
        assert!(kept().is_empty());
        drop(a);
        drop(b);
        assert_eq!(drops.load(Ordering::SeqCst), 5);
        assert_eq!(kept(), two);
        // More alive at once than there are slots: the smallest block is
        // the one let go of; the large ones stay.
        let many: Vec<_> = (0..=SLOTS).map(|_| counted::<256>(0, &drops)).collect();
        drop(many);
        assert_eq!(drops.load(Ordering::SeqCst), 5 + SLOTS + 1);
        let after = kept();
        assert_eq!(after.len(), SLOTS);
        assert_eq!(after[SLOTS - 2..], two[..]);
    }

    #[test]
    fn a_future_that_panics_while_built_or_dropped_gives_its_block_back() {
        /// Panics when dropped.
        struct Bomb {
            _padding: [u8; 512],
        }
        impl Future for Bomb {
            type Output = u32;
            fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
                Poll::Ready(0)
            }
        }
        impl Drop for Bomb {
            fn drop(&mut self) {
                panic!("a destructor that panics");
            }
        }
        std::thread::spawn(|| {
            let built = std::panic::catch_unwind(|| {
                CallBox::new(|| -> Bomb { panic!("a future that cannot be built") })
            });
            assert!(built.is_err());
            assert!(matches!(kept()[..], [size] if size >= 512));
            let bomb = CallBox::new(|| Bomb { _padding: [0; 512] });
            assert!(kept().is_empty(), "the kept block was reused");
            let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(bomb)));
            assert!(dropped.is_err());
            assert!(matches!(kept()[..], [size] if size >= 512));
        })
        .join()
        .expect("the assertions hold");
    }

    #[test]
    fn a_call_box_dropped_on_another_thread_gives_its_block_to_that_thread() {
        let drops = Arc::new(AtomicUsize::new(0));
        let future = counted::<2048>(3, &drops);
        let (before, after) = std::thread::spawn(move || {
            let before = kept();
            drop(future);
            (before, kept())
        })
        .join()
        .expect("the thread finishes");
        assert!(before.is_empty());
        assert!(matches!(after[..], [size] if size >= 2048), "{after:?}");
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }
}
