//! One of a binding's functions in a plugin's current instance, with the
//! typed signature it was last checked against.
//!
//! The typed call path checks an export once per instance with wasmtime's
//! `Func::typed` and records the signature's `TypeId`; later calls with the
//! same signature compare that id and rebuild the `TypedFunc` from the
//! `Func` with `TypedFunc::new_unchecked`, which skips a type check wasmtime
//! already passed. Keeping a boxed `TypedFunc` instead would cost a dynamic
//! downcast per call. A restart resolves the exports afresh, so a record
//! never outlives the instance it was made in.
#![allow(unsafe_code)]

use std::any::TypeId;

use wasmtime::AsContext;
use wasmtime::component::{ComponentNamedList, Func, Lift, Lower, TypedFunc};

/// A function of the binding in this instance (`None` if the plugin does
/// not export it), and the signature `Func::typed` last accepted for it.
#[derive(Clone, Copy, Default)]
pub(crate) struct Export {
    func: Option<Func>,
    checked: Option<TypeId>,
}

impl Export {
    /// A freshly resolved export, not yet checked against any signature.
    pub(crate) fn new(func: Option<Func>) -> Self {
        Self {
            func,
            checked: None,
        }
    }

    /// The function, if the plugin exports it.
    pub(crate) fn func(self) -> Option<Func> {
        self.func
    }

    /// The function as `P -> R`: checked by wasmtime the first time (and
    /// whenever another signature was checked since), then rebuilt from
    /// the record. `None` when the plugin does not export it.
    pub(crate) fn typed<P, R>(
        &mut self,
        store: impl AsContext,
    ) -> Option<wasmtime::Result<TypedFunc<P, R>>>
    where
        P: ComponentNamedList + Lower + 'static,
        R: ComponentNamedList + Lift + 'static,
    {
        let func = self.func?;
        let signature = TypeId::of::<fn(P) -> R>();
        if self.checked == Some(signature) {
            // SAFETY: `checked` holds `P -> R`'s id only after `func.typed`
            // accepted exactly these types for this `func` (below), and an
            // `Export` is only ever made for one instance's `Func`.
            return Some(Ok(unsafe { TypedFunc::new_unchecked(func) }));
        }
        Some(func.typed::<P, R>(store).inspect(|_| {
            self.checked = Some(signature);
        }))
    }
}
