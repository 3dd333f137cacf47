//! Arguments lowered by reference: what lets `bind!` methods take `&str` for
//! a `string` parameter and `&[T]` for a `list<T>` (as wasmtime's `bindgen!`
//! does), and lets one set of arguments reach every plugin of a fan-out
//! without a clone.
//!
//! A typed function is checked in each plugin with its parameters' owned
//! types (`String`, `Vec<T>`): the plugin records the checked signature by
//! its `TypeId`, which needs `'static` types, and a `(&'a str,)` is not.
//! The call itself goes through a `TypedFunc` over a tuple of *references*
//! to the caller's arguments, made with `TypedFunc::new_unchecked` from the
//! checked handle's `Func`. That skips wasmtime's type check, so it is sound
//! only because the references lower exactly as the owned types that were
//! checked. The two traits below state that; this module is the only place
//! that implements them, and [`call`] the only place that relies on them.
//!
//! Why the references lower as the owned types: wasmtime implements
//! `ComponentType` and `Lower` for `&T` by forwarding to `T`, for `String`
//! by forwarding to `str`, and for `Vec<T>` by forwarding to `[T]` (its
//! `forward_type_impls!` and `forward_lowers!`): the same `Lower`
//! representation, `ABI`, `typecheck` and lowering code. So `&&str` lowers
//! as `String` does, `&&[T]` as `Vec<T>`, and `&T` as `T`; tuples lower
//! element by element.
//!
//! The per-plugin record stays, although `Group::new` already checked every
//! plugin and a restart keeps the component (so its types): the record
//! is what proves, at the call, that *this* plugin's current
//! instance was checked against `P -> R`. A `TypedFunction` alone does not
//! (the hidden API takes any binding with it, and a slot of another binding
//! may hold another function), and the record costs one `TypeId` comparison
//! per call ([`crate::plugin`]'s `export` module keeps it).
#![allow(unsafe_code)]

use wasmtime::AsContextMut;
use wasmtime::component::{ComponentNamedList, ComponentType, Lift, Lower, TypedFunc};

use super::call_box::CallBox;

/// An argument type that lowers exactly as `Owned`, the parameter type a
/// typed function was checked with: `Owned` itself, `&str` for `String`,
/// `&[T]` for `Vec<T>`.
///
/// # Safety
///
/// `Self` must lower exactly as `Owned`, wherever `Owned::typecheck`
/// accepts the component type: the same `Lower` representation, `ABI` and
/// `MAY_REQUIRE_REALLOC`, and the same lowering of the same value. The
/// typed path lowers `Self` where wasmtime checked `Owned`.
pub unsafe trait LowersAs<Owned>: ComponentType + Lower {}

// SAFETY: the same type.
unsafe impl<T: ComponentType + Lower> LowersAs<T> for T {}

// SAFETY: wasmtime implements `ComponentType` and `Lower` for both `&str`
// (as `&T`, forwarding to `T = str`) and `String` by forwarding to `str`.
unsafe impl LowersAs<String> for &str {}

// SAFETY: wasmtime implements `ComponentType` and `Lower` for both `&[T]`
// (as `&T`, forwarding to `[T]`) and `Vec<T>` by forwarding to `[T]`.
unsafe impl<T: ComponentType + Lower> LowersAs<Vec<T>> for &[T] {}

/// The arguments of a typed function whose parameters are `P` (owned, and
/// checked against the plugin's export): a tuple whose every element
/// [`LowersAs`] the matching element of `P`. Implemented for tuples of up
/// to 12 elements.
///
/// # Safety
///
/// `Self::Refs` must lower exactly as `P` (see [`LowersAs`]).
pub unsafe trait Args<P> {
    /// The arguments by reference, as they are lowered: `(&A, &B)`.
    type Refs<'a>: ComponentNamedList + Lower
    where
        Self: 'a;

    /// `self`'s elements by reference.
    fn refs(&self) -> Self::Refs<'_>;
}

// SAFETY: no parameters, nothing lowered.
unsafe impl Args<()> for () {
    type Refs<'a> = ();

    fn refs(&self) -> Self::Refs<'_> {}
}

/// `Args` for the tuples of `$arg`s whose elements lower as the `$param`s,
/// and `IntoParams` for those whose elements turn into them.
macro_rules! tuples {
    ($($arg:ident $param:ident),+) => {
        // SAFETY: `&$arg` lowers as `$arg` (wasmtime forwards `&T` to `T`),
        // which lowers as `$param` (`LowersAs`); a tuple lowers element by
        // element, so the tuple of references lowers as the tuple of
        // `$param`s.
        unsafe impl<$($arg, $param),+> Args<($($param,)+)> for ($($arg,)+)
        where
            $($arg: LowersAs<$param>,)+
        {
            type Refs<'a> = ($(&'a $arg,)+) where Self: 'a;

            #[allow(non_snake_case)]
            fn refs(&self) -> Self::Refs<'_> {
                let ($($arg,)+) = self;
                ($($arg,)+)
            }
        }

        impl<$($arg, $param),+> IntoParams<($($param,)+)> for ($($arg,)+)
        where
            $($arg: IntoParam<$param>,)+
        {
            #[allow(non_snake_case)]
            fn to_params(&self) -> ($($param,)+) {
                let ($($arg,)+) = self;
                ($($arg.to_param(),)+)
            }
        }
    };
}

tuples!(A1 P1);
tuples!(A1 P1, A2 P2);
tuples!(A1 P1, A2 P2, A3 P3);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6, A7 P7);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6, A7 P7, A8 P8);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6, A7 P7, A8 P8, A9 P9);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6, A7 P7, A8 P8, A9 P9, A10 P10);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6, A7 P7, A8 P8, A9 P9, A10 P10, A11 P11);
tuples!(A1 P1, A2 P2, A3 P3, A4 P4, A5 P5, A6 P6, A7 P7, A8 P8, A9 P9, A10 P10, A11 P11, A12 P12);

/// An argument turned into its owned parameter: what a member of a typed
/// fan-out takes when it runs as a task of its own (on another worker, so
/// it cannot borrow the caller's arguments). Implemented for `Clone` values
/// (as themselves), `&str` (a `String`) and `&[T]` (a `Vec<T>`): the
/// parameters of every typed function that moves no resource handle.
pub trait IntoParam<Owned> {
    /// `self` as the owned parameter.
    fn to_param(&self) -> Owned;
}

impl<T: Clone> IntoParam<T> for T {
    fn to_param(&self) -> T {
        self.clone()
    }
}

impl IntoParam<String> for &str {
    fn to_param(&self) -> String {
        (*self).to_owned()
    }
}

impl<T: Clone> IntoParam<Vec<T>> for &[T] {
    fn to_param(&self) -> Vec<T> {
        self.to_vec()
    }
}

/// The arguments of a typed function turned into its owned parameters `P`
/// ([`IntoParam`] element by element).
pub trait IntoParams<P> {
    /// `self` as the owned parameters.
    fn to_params(&self) -> P;
}

impl IntoParams<()> for () {
    fn to_params(&self) {}
}

/// Calls `typed`'s function with `args`, lowered by reference: no argument
/// is cloned, so the same `args` can go to any number of plugins.
pub(crate) fn call<P, R, A>(
    typed: &TypedFunc<P, R>,
    store: impl AsContextMut,
    args: &A,
) -> wasmtime::Result<R>
where
    P: ComponentNamedList + Lower,
    R: ComponentNamedList + Lift,
    A: Args<P>,
{
    // SAFETY: `typed` says its function takes `P` and returns `R`: wasmtime
    // checked that when it made `typed` (`Func::typed`, which is how the
    // typed path makes them), or whoever made it with `new_unchecked`
    // vouched for it. `A::Refs` lowers exactly as `P` (the contract of
    // `Args`, implemented in this module only), and the results are the same
    // `R`, so this handle's types are as correct as `typed`'s.
    let by_ref = unsafe { TypedFunc::<A::Refs<'_>, R>::new_unchecked(*typed.func()) };
    by_ref.call(store, args.refs())
}

/// [`call`], for async calls: the same borrowed arguments, through
/// wasmtime's `call_async`.
///
/// The future is boxed as `Send`: wasmtime's future is `Send` only where its
/// parameters (here references) are `Sync`, a bound the compiler cannot
/// prove for every lifetime once the future is inside another one (it would
/// then refuse to spawn generated methods' futures); checked here, where
/// the lifetimes are known, it is proven once. The box is a [`CallBox`],
/// whose memory the next call reuses.
#[inline]
pub(crate) fn call_async<'a, T, P, R, A>(
    typed: &TypedFunc<P, R>,
    store: &'a mut wasmtime::Store<T>,
    args: &'a A,
) -> CallBox<'a, wasmtime::Result<R>>
where
    T: Send + 'static,
    P: ComponentNamedList + Lower + Send + Sync + 'static,
    R: ComponentNamedList + Lift + Send + Sync + 'static,
    A: Args<P> + Sync,
{
    // SAFETY: as in `call`: `A::Refs` lowers exactly as `P`.
    let by_ref = unsafe { TypedFunc::<A::Refs<'a>, R>::new_unchecked(*typed.func()) };
    CallBox::new(move || async move { by_ref.call_async(store, args.refs()).await })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `A`'s references lower with `P`'s ABI (a compile-time check that the
    /// impls line up; the rest is wasmtime's forwarding).
    fn same_abi<A: Args<P>, P: ComponentType>(args: &A) -> bool {
        fn abi<T: ComponentType>(_: &T) -> (usize, u32) {
            (T::SIZE32, T::ALIGN32)
        }
        abi(&args.refs()) == (P::SIZE32, P::ALIGN32)
    }

    #[test]
    fn borrowed_arguments_lower_as_their_owned_twins() {
        let bytes = [1u8, 2, 3];
        assert!(same_abi::<_, (String, Vec<u8>, u32)>(&(
            "text",
            &bytes[..],
            7u32
        )));
        assert!(same_abi::<_, (String,)>(&(String::from("owned"),)));
        assert!(same_abi::<_, ()>(&()));
    }
}
