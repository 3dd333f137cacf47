//! Typed handles to plugin resources, as `bind!` hands them out:
//! [`Own<R>`] and [`Borrow<R>`], where `R` names the WIT resource.
//!
//! Both are a wasmtime [`ResourceAny`] plus the resource's name in the type,
//! so a `file` cannot be passed where a `directory` is expected, nor an owned
//! handle where the WIT says `borrow`, without a compile error. On the wire
//! they are exactly a `ResourceAny`: every canonical-ABI operation below
//! forwards to its implementation.
//!
//! Wasmtime's component traits are `unsafe` to implement because `Lower` must
//! describe the flat representation exactly; this module is the one place in
//! the crate that implements them, and it only ever reuses `ResourceAny`'s.
#![allow(unsafe_code)]

use std::fmt;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

use wasmtime::component::__internal::{
    CanonicalAbiInfo, InstanceType, InterfaceType, LiftContext, LowerContext,
};
use wasmtime::component::{ComponentType, Lift, Lower, ResourceAny};

/// An owned handle to a resource of kind `R` that lives in a plugin.
///
/// `R` is the marker type `bind!` generates for the WIT resource (e.g.
/// `files::File`). Typed methods taking the resource run in the plugin that
/// owns it. Passing it to a plugin (an `own` parameter) moves it: the value
/// is consumed, as Rust moves are, and using it afterwards is a compile
/// error. It is not `Clone` (one resource, one owner), so a typed function
/// whose parameters hold an `Own` runs in one plugin only. Dropping it
/// releases the resource at its owner, whose destructor runs; a busy owner
/// is not waited for (the release is queued and runs when the owner is
/// free). Use [`Own::release`] to wait for the destructor and see its error.
pub struct Own<R> {
    handle: ResourceAny,
    kind: PhantomData<fn() -> R>,
}

/// A borrowed handle to a resource of kind `R`, for `borrow<r>` parameters
/// (including a method's `self`). Made from an owned handle with
/// [`Own::borrow`] or `(&own).into()`; valid while that handle is.
pub struct Borrow<R> {
    handle: ResourceAny,
    kind: PhantomData<fn() -> R>,
}

impl<R> Own<R> {
    /// Wraps a wasmtime handle. The resource kind is not checked here:
    /// passing a handle of another kind to a plugin is refused by wasmtime
    /// at that call.
    #[must_use]
    pub fn from_handle(handle: ResourceAny) -> Self {
        Self {
            handle,
            kind: PhantomData,
        }
    }

    /// The wasmtime handle.
    #[must_use]
    pub fn handle(&self) -> ResourceAny {
        self.handle
    }

    pub(crate) fn handle_mut(&mut self) -> &mut ResourceAny {
        &mut self.handle
    }

    /// A borrow of this handle, for `borrow<r>` parameters and methods.
    #[must_use]
    pub fn borrow(&self) -> Borrow<R> {
        Borrow::from_handle(self.handle)
    }

    /// Releases the resource and waits for its owner's destructor (unless
    /// called from within a plugin's call, where a busy owner gets the
    /// release queued).
    ///
    /// # Errors
    ///
    /// As [`crate::drop_resource`]: the host no longer holds the handle, its
    /// owner is gone, or the destructor failed.
    pub fn release(self) -> Result<(), crate::DispatchError> {
        crate::drop_resource(self.into_handle())
    }

    /// Gives up the typed handle without releasing the resource: the
    /// returned wasmtime handle is the caller's to pass on or drop (with
    /// [`crate::drop_resource`]).
    #[must_use]
    pub fn into_handle(self) -> ResourceAny {
        let handle = self.handle;
        std::mem::forget(self);
        handle
    }
}

impl<R> Borrow<R> {
    /// Wraps a wasmtime handle. The resource kind is not checked here:
    /// passing a handle of another kind to a plugin is refused by wasmtime
    /// at that call.
    #[must_use]
    pub fn from_handle(handle: ResourceAny) -> Self {
        Self {
            handle,
            kind: PhantomData,
        }
    }

    /// The wasmtime handle.
    #[must_use]
    pub fn handle(&self) -> ResourceAny {
        self.handle
    }

    pub(crate) fn handle_mut(&mut self) -> &mut ResourceAny {
        &mut self.handle
    }
}

impl<R> From<&Own<R>> for Borrow<R> {
    fn from(own: &Own<R>) -> Self {
        own.borrow()
    }
}

impl<R> From<Own<R>> for ResourceAny {
    fn from(own: Own<R>) -> Self {
        own.into_handle()
    }
}

impl<R> Drop for Own<R> {
    fn drop(&mut self) {
        // Moved to a plugin or already released, the host no longer holds
        // it and this does nothing; otherwise the owner drops it, now or
        // (when busy) as soon as it is free.
        crate::resources::release_from_host(self.handle);
    }
}

impl<R> From<Borrow<R>> for ResourceAny {
    fn from(borrow: Borrow<R>) -> Self {
        borrow.handle
    }
}

// Written by hand rather than derived: a derive would demand `R: Clone` (or
// `Debug`, `PartialEq`) of a marker type that is never instantiated. `Own`
// is not `Clone`: it owns the resource, and a copy would release it twice
// (or release it under a plugin it was moved to). Generated types holding
// one are not `Clone` either, and typed calls move it into one plugin.

impl<R> Clone for Borrow<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Borrow<R> {}

impl<R> PartialEq for Own<R> {
    fn eq(&self, other: &Self) -> bool {
        self.handle == other.handle
    }
}

impl<R> Eq for Own<R> {}

impl<R> PartialEq for Borrow<R> {
    fn eq(&self, other: &Self) -> bool {
        self.handle == other.handle
    }
}

impl<R> Eq for Borrow<R> {}

impl<R> fmt::Debug for Own<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Own").field(&self.handle).finish()
    }
}

impl<R> fmt::Debug for Borrow<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Borrow").field(&self.handle).finish()
    }
}

/// Implements the canonical-ABI traits for a handle type by forwarding to
/// `ResourceAny`, accepting only the WIT handle kind `$kind`.
macro_rules! resource_abi {
    ($handle:ident, $other:ident, $mismatch:literal) => {
        // SAFETY: the lowered form, size and alignment are `ResourceAny`'s,
        // and every operation below is `ResourceAny`'s on the wrapped handle,
        // so the flat representation is exactly the one it describes.
        unsafe impl<R> ComponentType for $handle<R> {
            type Lower = <ResourceAny as ComponentType>::Lower;

            const ABI: CanonicalAbiInfo = <ResourceAny as ComponentType>::ABI;
            const MAY_REQUIRE_REALLOC: bool = <ResourceAny as ComponentType>::MAY_REQUIRE_REALLOC;

            fn typecheck(ty: &InterfaceType, types: &InstanceType<'_>) -> wasmtime::Result<()> {
                match ty {
                    InterfaceType::$other(_) => Err(wasmtime::Error::msg($mismatch)),
                    _ => ResourceAny::typecheck(ty, types),
                }
            }
        }

        // SAFETY: forwards to `ResourceAny`, whose `Lower` type this is.
        unsafe impl<R> Lower for $handle<R> {
            fn linear_lower_to_flat<T>(
                &self,
                cx: &mut LowerContext<'_, T>,
                ty: InterfaceType,
                dst: &mut MaybeUninit<Self::Lower>,
            ) -> wasmtime::Result<()> {
                self.handle.linear_lower_to_flat(cx, ty, dst)
            }

            fn linear_lower_to_memory<T>(
                &self,
                cx: &mut LowerContext<'_, T>,
                ty: InterfaceType,
                offset: usize,
            ) -> wasmtime::Result<()> {
                self.handle.linear_lower_to_memory(cx, ty, offset)
            }
        }

        // SAFETY: forwards to `ResourceAny`, whose `Lower` type this is.
        unsafe impl<R> Lift for $handle<R> {
            fn linear_lift_from_flat(
                cx: &mut LiftContext<'_>,
                ty: InterfaceType,
                src: &Self::Lower,
            ) -> wasmtime::Result<Self> {
                ResourceAny::linear_lift_from_flat(cx, ty, src).map(Self::from_handle)
            }

            fn linear_lift_from_memory(
                cx: &mut LiftContext<'_>,
                ty: InterfaceType,
                bytes: &[u8],
            ) -> wasmtime::Result<Self> {
                ResourceAny::linear_lift_from_memory(cx, ty, bytes).map(Self::from_handle)
            }
        }
    };
}

resource_abi!(Own, Borrow, "expected an `own` handle, found a `borrow`");
resource_abi!(Borrow, Own, "expected a `borrow` handle, found an `own`");
