//! Per-plugin limits: fuel and epoch deadlines per call, budgets for
//! start-up, a memory limiter, and a cap on the data copied out of a plugin
//! per call; and how a call's budget passes down its call tree.
//!
//! # The budget of a call tree
//!
//! A call into a plugin gets a fuel budget and a deadline in epoch ticks:
//! its own limiter's answer (or none), capped by what its caller's call
//! tree has left. What the callee burns is charged to its caller, so no tree
//! of socket calls outlasts the limits its root was given, and a callee
//! without a limiter of its own runs on its caller's remaining budget.
//!
//! Epoch deadlines count ticks while the tree runs WebAssembly: each store
//! arms a one-tick deadline and counts ticks in a callback, so a limiter's
//! answer is never added to the engine's epoch (any value, `u64::MAX`
//! included, is safe) and a callee's ticks can be charged to its caller.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use wasmtime::{ResourceLimiter, Store, UpdateDeadline};

/// Fuel for start-up when the plugin sets no initial fuel, on an engine
/// that meters fuel: about a second of work, enough for any sane start-up,
/// and a bound on an endless one.
pub const DEFAULT_STARTUP_FUEL: u64 = 1_000_000_000;

/// Epoch ticks for start-up when the plugin sets no start-up deadline, on an
/// engine with epoch interruption.
pub const DEFAULT_STARTUP_TICKS: u64 = 1_000;

/// Computes a per-call budget from the plugin's context and the call's
/// interface and function names.
pub(crate) type CallBudget<Ctx> = Box<dyn FnMut(&mut Ctx, &str, &str) -> u64 + Send>;

/// Hands wasmtime the plugin's memory limiter. Shared, so that a restarted
/// plugin's new store gets it too.
pub(crate) type MemoryLimiter<Ctx> =
    Arc<dyn Fn(&mut Ctx) -> &mut (dyn ResourceLimiter + 'static) + Send + Sync>;

/// What a caller's call tree has left for a call it makes: `None` where the
/// tree has no bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Budget {
    pub(crate) fuel: Option<u64>,
    pub(crate) ticks: Option<u64>,
}

impl Budget {
    /// No bound: a call from the host.
    pub(crate) const NONE: Self = Self {
        fuel: None,
        ticks: None,
    };
}

/// What one call burnt, to charge to its caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Spent {
    pub(crate) fuel: u64,
    pub(crate) ticks: u64,
}

impl std::ops::AddAssign for Spent {
    fn add_assign(&mut self, other: Self) {
        self.fuel = self.fuel.saturating_add(other.fuel);
        self.ticks = self.ticks.saturating_add(other.ticks);
    }
}

/// The limits that shape a plugin's store when it starts (and restarts).
pub(crate) struct StartLimits<Ctx> {
    pub(crate) initial_fuel: Option<u64>,
    pub(crate) startup_ticks: Option<u64>,
    pub(crate) memory: Option<MemoryLimiter<Ctx>>,
    /// The bytes the host may copy out of the plugin in one call.
    pub(crate) transfer: Option<usize>,
}

impl<Ctx> Default for StartLimits<Ctx> {
    fn default() -> Self {
        Self {
            initial_fuel: None,
            startup_ticks: None,
            memory: None,
            transfer: None,
        }
    }
}

/// The per-call limiters, called before every call.
pub(crate) struct CallLimiters<Ctx> {
    pub(crate) fuel: Option<CallBudget<Ctx>>,
    pub(crate) epoch: Option<CallBudget<Ctx>>,
    /// The engine's settings, read once when the store is set up rather
    /// than on every call.
    engine: EngineLimits,
}

/// Which limits the engine can enforce.
#[derive(Clone, Copy, Default)]
pub(crate) struct EngineLimits {
    fuel: bool,
    epochs: bool,
}

impl EngineLimits {
    pub(crate) fn of(engine: &wasmtime::Engine) -> Self {
        Self {
            fuel: engine.get_consume_fuel(),
            epochs: engine.get_epoch_interruption(),
        }
    }
}

impl<Ctx> Default for CallLimiters<Ctx> {
    fn default() -> Self {
        Self {
            fuel: None,
            epoch: None,
            engine: EngineLimits::default(),
        }
    }
}

/// The budget one call was given, to work out what it spent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Metered {
    /// The fuel set for the call, when the engine meters fuel.
    fuel: Option<u64>,
    /// Fuel the plugin had before the call when start-up fuel is its
    /// lifetime budget (no per-call fuel limiter).
    lifetime: Option<u64>,
    /// The ticks set for the call, when the engine has epochs.
    ticks: Option<u64>,
}

impl Metered {
    /// A call on an engine that meters nothing.
    const UNMETERED: Self = Self {
        fuel: None,
        lifetime: None,
        ticks: None,
    };
}

/// The remaining epoch ticks of the call running in a store, shared with the
/// store's epoch callback, which counts them down.
#[derive(Clone, Default)]
pub(crate) struct Ticks(Arc<TicksLeft>);

#[derive(Default)]
pub(crate) struct TicksLeft {
    left: AtomicU64,
    /// An async call runs: each tick yields to the executor.
    yielding: AtomicBool,
}

impl Ticks {
    pub(crate) fn left(&self) -> u64 {
        self.0.left.load(Ordering::Relaxed)
    }

    /// Makes every tick of the running call yield to the executor (an
    /// async call) or not (a sync call, which cannot yield).
    pub(crate) fn set_yielding(&self, yielding: bool) {
        self.0.yielding.store(yielding, Ordering::Relaxed);
    }

    /// Makes every tick yield until the returned guard is dropped.
    pub(crate) fn yielding(&self) -> YieldingGuard<'_> {
        self.set_yielding(true);
        YieldingGuard(self)
    }
}

/// Yielding at every tick, until dropped (see [`Ticks::yielding`]).
pub(crate) struct YieldingGuard<'a>(&'a Ticks);

impl Drop for YieldingGuard<'_> {
    fn drop(&mut self) {
        self.0.set_yielding(false);
    }
}

impl Ticks {
    /// Sets the ticks left and arms the store's deadline for them.
    fn arm<Ctx>(&self, store: &mut Store<Ctx>, ticks: u64) {
        self.0.left.store(ticks, Ordering::Relaxed);
        // A zero budget stops the call at its first epoch check; any other
        // is counted down one tick at a time by the callback.
        store.set_epoch_deadline(u64::from(ticks > 0));
    }

    /// Charges `ticks` a callee spent to the call running in `store`; the
    /// call stops at its next epoch check when nothing is left.
    pub(crate) fn charge(&self, store: &mut impl wasmtime::AsContextMut, ticks: u64) {
        if ticks == 0 {
            return;
        }
        let left = self.left().saturating_sub(ticks);
        self.0.left.store(left, Ordering::Relaxed);
        if left == 0 {
            store.as_context_mut().set_epoch_deadline(0);
        }
    }
}

/// The engine settings a plugin's limits need, missing on this engine.
pub(crate) type MissingConfig = (&'static str, &'static str);

/// Checks the limits against the engine and installs the start-up limits in
/// a fresh store.
pub(crate) fn install<Ctx: 'static>(
    store: &mut Store<Ctx>,
    start: &StartLimits<Ctx>,
    calls: &CallLimiters<Ctx>,
    ticks: &Ticks,
) -> Result<(), MissingConfig> {
    let engine = store.engine();
    let fuel_enabled = engine.get_consume_fuel();
    let epochs = engine.get_epoch_interruption();
    if fuel_enabled {
        store
            .set_fuel(start.initial_fuel.unwrap_or(DEFAULT_STARTUP_FUEL))
            .map_err(|_| ("a fuel limit", "consume_fuel"))?;
    } else if calls.fuel.is_some() || start.initial_fuel.is_some() {
        return Err(("a fuel limit", "consume_fuel"));
    }
    if !epochs && (calls.epoch.is_some() || start.startup_ticks.is_some()) {
        return Err(("an epoch limit", "epoch_interruption"));
    }
    if epochs {
        count_ticks(store, ticks);
        ticks.arm(store, start.startup_ticks.unwrap_or(DEFAULT_STARTUP_TICKS));
    }
    if let Some(bytes) = start.transfer {
        store.set_hostcall_fuel(bytes);
    }
    if let Some(memory) = &start.memory {
        let memory = Arc::clone(memory);
        store.limiter(move |ctx| memory(ctx));
    }
    Ok(())
}

/// Makes `store`'s epoch deadline count down `ticks`, one tick at a time,
/// and stop the call when none is left.
pub(crate) fn count_ticks<Ctx>(store: &mut Store<Ctx>, ticks: &Ticks) {
    if !store.engine().get_epoch_interruption() {
        return;
    }
    let counter = ticks.clone();
    store.epoch_deadline_callback(move |_| {
        let left = counter.left().saturating_sub(1);
        counter.0.left.store(left, Ordering::Relaxed);
        Ok(if left == 0 {
            UpdateDeadline::Interrupt
        } else if counter.0.yielding.load(Ordering::Relaxed) {
            // An async call gives its thread to other tasks at every tick,
            // the way tokio's own tasks do: a plain self-wake would run it
            // again before tokio looks at timers and sockets (on a
            // current-thread runtime, for up to 61 ticks).
            UpdateDeadline::YieldCustom(1, Box::pin(tokio::task::yield_now()))
        } else {
            UpdateDeadline::Continue(1)
        })
    });
}

impl<Ctx: 'static> CallLimiters<Ctx> {
    /// Records the engine's settings; before the first call.
    pub(crate) fn set_engine(&mut self, engine: &wasmtime::Engine) {
        self.engine = EngineLimits::of(engine);
    }

    /// Sets the fuel and epoch deadline for one call: the plugin's own
    /// budget, capped by what the caller's tree has left (`inherited`).
    /// Inlined so that an engine without fuel or epochs pays one branch.
    #[inline]
    pub(crate) fn before_call(
        &mut self,
        store: &mut Store<Ctx>,
        ticks: &Ticks,
        names: (&str, &str),
        inherited: Budget,
        lifetime_fuel: bool,
    ) -> Metered {
        if !(self.engine.fuel || self.engine.epochs) {
            return Metered::UNMETERED;
        }
        self.meter(store, ticks, names, inherited, lifetime_fuel)
    }

    fn meter(
        &mut self,
        store: &mut Store<Ctx>,
        ticks: &Ticks,
        (interface, function): (&str, &str),
        inherited: Budget,
        lifetime_fuel: bool,
    ) -> Metered {
        let EngineLimits {
            fuel: fuel_on,
            epochs: epochs_on,
        } = self.engine;
        let mut metered = Metered::UNMETERED;
        if fuel_on {
            let own = match &mut self.fuel {
                Some(budget) => budget(store.data_mut(), interface, function),
                // Start-up fuel is the plugin's lifetime budget: what is left.
                None if lifetime_fuel => {
                    let left = store.get_fuel().unwrap_or(0);
                    metered.lifetime = Some(left);
                    left
                }
                None => u64::MAX,
            };
            let fuel = own.min(inherited.fuel.unwrap_or(u64::MAX));
            // Cannot fail: the engine meters fuel.
            let _ = store.set_fuel(fuel);
            metered.fuel = Some(fuel);
        }
        if epochs_on {
            let own = match &mut self.epoch {
                Some(budget) => budget(store.data_mut(), interface, function),
                None => u64::MAX,
            };
            let given = own.min(inherited.ticks.unwrap_or(u64::MAX));
            ticks.arm(store, given);
            metered.ticks = Some(given);
        }
        metered
    }
}

impl Metered {
    /// What the call spent; leaves a lifetime budget's remainder in the
    /// store for the next call.
    #[inline]
    pub(crate) fn after_call<Ctx>(self, store: &mut Store<Ctx>, ticks: &Ticks) -> Spent {
        let mut spent = Spent::default();
        if let Some(given) = self.fuel {
            let left = store.get_fuel().unwrap_or(0);
            spent.fuel = given.saturating_sub(left);
            if let Some(before) = self.lifetime {
                let _ = store.set_fuel(before.saturating_sub(spent.fuel));
            }
        }
        if let Some(given) = self.ticks {
            spent.ticks = given.saturating_sub(ticks.left());
        }
        spent
    }
}
