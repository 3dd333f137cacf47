//! Socket calls that a plugin's guest started and may not wait for: its
//! async-lowered `async func` imports (component-model async), whose host
//! futures Wasmtime keeps in the plugin's store and polls only while the
//! store runs.
//!
//! Such a call holds the lock of the plugin it is in. Left to Wasmtime, a
//! call the guest abandoned (it returned without waiting for it), or one in
//! a call the host cancelled, would keep holding that lock until the
//! importer's store is dropped: a hostile importer could lock a shared
//! exporter for good. So the importer keeps them here: a call into the
//! importer does not finish before the subtasks it started have (see
//! [`Subtasks::poll_idle`]), and when the importer's lock is let go, those
//! still running are dropped (cancelled: [`Subtasks::cancel_all`]), which
//! lets go of the locks they hold.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A running subtask in the registry.
enum Entry {
    /// Waiting to be polled again.
    Waiting(Task),
    /// Being polled (taken out, so that no lock is held while it runs).
    Polling,
    /// Cancelled while it was being polled: its poller drops it.
    Cancelled,
}

/// The subtasks of one plugin.
#[derive(Default)]
pub(crate) struct Subtasks {
    /// By id (never reused, so a finished subtask's handle never reaches a
    /// later one).
    entries: Mutex<HashMap<u64, Entry>>,
    next: AtomicU64,
    /// How many are running: read on every lock release, so that a plugin
    /// without subtasks pays one atomic load.
    live: AtomicUsize,
    /// Woken when the last subtask ends (see [`Subtasks::poll_idle`]).
    idle: Mutex<Option<Waker>>,
}

impl Subtasks {
    /// Whether no subtask is running.
    pub(crate) fn is_empty(&self) -> bool {
        self.live.load(Ordering::Acquire) == 0
    }

    /// Runs `future` as a subtask: the returned future polls it, and
    /// answers `None` if it was cancelled instead.
    pub(crate) fn run<T: Send + 'static>(
        self: &Arc<Self>,
        future: impl Future<Output = T> + Send + 'static,
    ) -> Subtask<T> {
        let slot = Arc::new(Mutex::new(None));
        let out = Arc::clone(&slot);
        let task: Task = Box::pin(async move {
            let value = future.await;
            *out.lock().unwrap_or_else(PoisonError::into_inner) = Some(value);
        });
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.live.fetch_add(1, Ordering::AcqRel);
        self.lock().insert(id, Entry::Waiting(task));
        Subtask {
            tasks: Arc::clone(self),
            id,
            slot,
            done: false,
        }
    }

    /// Ready once no subtask is running; else `cx` is woken when the last
    /// one ends.
    pub(crate) fn poll_idle(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_empty() {
            return Poll::Ready(());
        }
        *self.idle.lock().unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        // It may have ended between the check and the waker's registration.
        if self.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Drops every subtask still running (outside the registry's lock, as a
    /// subtask's drop lets go of other plugins' locks). One being polled
    /// right now is dropped by its poller.
    pub(crate) fn cancel_all(&self) {
        if self.is_empty() {
            return;
        }
        let dropped: Vec<Task> = {
            let mut entries = self.lock();
            let mut dropped = Vec::new();
            entries.retain(|_, entry| match entry {
                Entry::Waiting(_) => {
                    if let Entry::Waiting(task) = std::mem::replace(entry, Entry::Cancelled) {
                        dropped.push(task);
                    }
                    false
                }
                Entry::Polling | Entry::Cancelled => {
                    *entry = Entry::Cancelled;
                    true
                }
            });
            dropped
        };
        self.ended(dropped.len());
        drop(dropped);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts `n` subtasks ended, waking the idle waiter after the last.
    fn ended(&self, n: usize) {
        if n > 0
            && self.live.fetch_sub(n, Ordering::AcqRel) == n
            && let Some(waker) = self
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        {
            waker.wake();
        }
    }
}

/// A subtask's result, once it has one: `None` if it was cancelled.
pub(crate) struct Subtask<T> {
    tasks: Arc<Subtasks>,
    id: u64,
    slot: Arc<Mutex<Option<T>>>,
    done: bool,
}

impl<T> Subtask<T> {
    fn result(&mut self) -> Poll<Option<T>> {
        self.done = true;
        Poll::Ready(
            self.slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        )
    }
}

impl<T> Future for Subtask<T> {
    type Output = Option<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        if self.done {
            return Poll::Ready(None);
        }
        let id = self.id;
        let taken = match self.tasks.lock().get_mut(&id) {
            Some(entry @ Entry::Waiting(_)) => match std::mem::replace(entry, Entry::Polling) {
                Entry::Waiting(task) => Some(task),
                _ => None,
            },
            _ => None,
        };
        // Cancelled: its result, if it had one.
        let Some(mut task) = taken else {
            return self.result();
        };
        let polled = task.as_mut().poll(cx);
        let mut entries = self.tasks.lock();
        let cancelled = matches!(entries.get(&id), Some(Entry::Cancelled));
        if polled.is_ready() || cancelled {
            entries.remove(&id);
            drop(entries);
            drop(task);
            self.tasks.ended(1);
            return self.result();
        }
        entries.insert(id, Entry::Waiting(task));
        Poll::Pending
    }
}

impl<T> Drop for Subtask<T> {
    /// Given up (Wasmtime dropped the host call): the subtask goes with it.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let removed = self.tasks.lock().remove(&self.id);
        if let Some(entry) = removed {
            self.tasks.ended(1);
            drop(entry);
        }
    }
}
