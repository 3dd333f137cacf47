//! Per-plugin limits: fuel and epoch deadlines per call, fuel for start-up,
//! a memory limiter, and a cap on the data copied out of a plugin per call.

use std::sync::Arc;

use wasmtime::{ResourceLimiter, Store};

/// Computes a per-call budget from the plugin's context and the call's
/// interface and function names.
pub(crate) type CallBudget<Ctx> = Box<dyn FnMut(&mut Ctx, &str, &str) -> u64 + Send>;

/// Hands wasmtime the plugin's memory limiter. Shared, so that a restarted
/// plugin's new store gets it too.
pub(crate) type MemoryLimiter<Ctx> =
    Arc<dyn Fn(&mut Ctx) -> &mut (dyn ResourceLimiter + 'static) + Send + Sync>;

/// The limits a plugin was configured with.
pub(crate) struct Limits<Ctx> {
    pub(crate) fuel: Option<CallBudget<Ctx>>,
    pub(crate) epoch: Option<CallBudget<Ctx>>,
    pub(crate) initial_fuel: Option<u64>,
    pub(crate) memory: Option<MemoryLimiter<Ctx>>,
    /// The bytes the host may copy out of the plugin in one call.
    pub(crate) transfer: Option<usize>,
    /// Whether the engine meters fuel: then every call needs a budget, and
    /// calls into a plugin without a fuel limiter get an unlimited one.
    fuel_enabled: bool,
}

impl<Ctx> Default for Limits<Ctx> {
    fn default() -> Self {
        Self {
            fuel: None,
            epoch: None,
            initial_fuel: None,
            memory: None,
            transfer: None,
            fuel_enabled: false,
        }
    }
}

impl<Ctx: 'static> Limits<Ctx> {
    /// Installs the start-up limits in a fresh store. Returns the limit and
    /// the engine setting it needs when the engine lacks it.
    pub(crate) fn install(
        &mut self,
        store: &mut Store<Ctx>,
    ) -> Result<(), (&'static str, &'static str)> {
        let engine = store.engine();
        self.fuel_enabled = engine.get_consume_fuel();
        let epochs = engine.get_epoch_interruption();
        if self.fuel_enabled {
            store
                .set_fuel(self.initial_fuel.unwrap_or(u64::MAX))
                .map_err(|_| ("a fuel limit", "consume_fuel"))?;
        } else if self.fuel.is_some() || self.initial_fuel.is_some() {
            return Err(("a fuel limit", "consume_fuel"));
        }
        if self.epoch.is_some() && !epochs {
            return Err(("an epoch limit", "epoch_interruption"));
        }
        if epochs {
            // Like fuel: start-up, and every call of a plugin without an
            // epoch limiter, is not interrupted. (Half the range, so that
            // adding the current epoch cannot overflow.)
            store.set_epoch_deadline(u64::MAX / 2);
        }
        if let Some(bytes) = self.transfer {
            store.set_hostcall_fuel(bytes);
        }
        if let Some(memory) = &self.memory {
            let memory = Arc::clone(memory);
            store.limiter(move |ctx| memory(ctx));
        }
        Ok(())
    }

    /// Sets the fuel and epoch deadline for one call.
    pub(crate) fn before_call(&mut self, store: &mut Store<Ctx>, interface: &str, function: &str) {
        if self.fuel_enabled {
            let fuel = match &mut self.fuel {
                Some(budget) => budget(store.data_mut(), interface, function),
                None => u64::MAX,
            };
            // Cannot fail: the engine meters fuel (checked at install).
            let _ = store.set_fuel(fuel);
        }
        if let Some(budget) = &mut self.epoch {
            let ticks = budget(store.data_mut(), interface, function);
            store.set_epoch_deadline(ticks);
        }
    }
}
