//! Finding the resource handles inside typed values, from their static types.
//!
//! Typed socket forwarding moves handles between plugins: out of the
//! importer's arguments, into the callee, out of the callee's results and
//! into the importer. [`Handles`] visits every handle a value holds, in a
//! fixed order, with code the compiler generates per type: no `Val` tree is
//! built or walked. `bind!` implements it for the records and variants it
//! generates.

use std::collections::HashMap;

use wasmtime::component::ResourceAny;

use crate::resources::handle::{Borrow, Own};

/// A visitor of resource handles: replaces or records each one, or says why
/// it cannot. The flag says whether the handle is passed as a `borrow` (a
/// [`Borrow`], or a borrowed `ResourceAny`).
pub type HandleVisitor<'a> = dyn FnMut(&mut ResourceAny, bool) -> Result<(), String> + 'a;

/// A value whose resource handles can be visited, depth first, left to
/// right. Visiting an unchanged value twice meets its handles in the same
/// order.
pub trait Handles {
    /// Calls `each` on every handle in `self`, stopping at the first error.
    ///
    /// # Errors
    ///
    /// The first error `each` returns.
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String>;
}

/// A value that never holds a resource handle, whatever it is: lent to a
/// plugin as it is, with nothing to visit. A typed call can take a list of
/// these as a borrowed slice (`&[T]`, which the visitor cannot change).
/// `bind!` implements it for the records, variants, enums and flags that
/// cannot hold a handle.
pub trait NoHandles {}

/// Types that never hold a handle.
macro_rules! no_handles {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Handles for $ty {
                fn for_each_handle(&mut self, _: &mut HandleVisitor<'_>) -> Result<(), String> {
                    Ok(())
                }
            }

            impl NoHandles for $ty {}
        )*
    };
}

no_handles!(
    (),
    bool,
    u8,
    u16,
    u32,
    u64,
    i8,
    i16,
    i32,
    i64,
    f32,
    f64,
    char,
    String
);

/// A borrowed string argument (`&str` for a `string` parameter).
impl Handles for &str {
    fn for_each_handle(&mut self, _: &mut HandleVisitor<'_>) -> Result<(), String> {
        Ok(())
    }
}

/// A borrowed list argument (`&[T]` for a `list<T>` parameter): its
/// elements hold no handle, so there is nothing to visit (a handle could
/// not be replaced in a borrowed slice).
impl<T: NoHandles> Handles for &[T] {
    fn for_each_handle(&mut self, _: &mut HandleVisitor<'_>) -> Result<(), String> {
        Ok(())
    }
}

/// The value behind a mutable reference: the typed path visits arguments
/// it keeps, and lowers them by reference afterwards.
impl<T: Handles + ?Sized> Handles for &mut T {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        (**self).for_each_handle(each)
    }
}

impl Handles for ResourceAny {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        let borrowed = !self.owned();
        each(self, borrowed)
    }
}

impl<R> Handles for Own<R> {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        each(self.handle_mut(), false)
    }
}

impl<R> Handles for Borrow<R> {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        each(self.handle_mut(), true)
    }
}

impl<T: Handles> Handles for Vec<T> {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        self.iter_mut()
            .try_for_each(|item| item.for_each_handle(each))
    }
}

impl<T: Handles, const N: usize> Handles for [T; N] {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        self.iter_mut()
            .try_for_each(|item| item.for_each_handle(each))
    }
}

impl<T: Handles> Handles for Option<T> {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        self.as_mut()
            .map_or(Ok(()), |item| item.for_each_handle(each))
    }
}

impl<T: Handles, E: Handles> Handles for Result<T, E> {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        match self {
            Ok(value) => value.for_each_handle(each),
            Err(error) => error.for_each_handle(each),
        }
    }
}

/// Map keys are never resources (WIT keys are primitives), so only values
/// are visited; an unchanged map iterates in the same order every time.
impl<K, V: Handles, S> Handles for HashMap<K, V, S> {
    fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
        self.values_mut()
            .try_for_each(|value| value.for_each_handle(each))
    }
}

impl<T: NoHandles> NoHandles for Vec<T> {}
impl<T: NoHandles, const N: usize> NoHandles for [T; N] {}
impl<T: NoHandles> NoHandles for Option<T> {}
impl<T: NoHandles, E: NoHandles> NoHandles for Result<T, E> {}
impl<K, V: NoHandles, S> NoHandles for HashMap<K, V, S> {}

/// Tuples, element by element.
macro_rules! tuple_handles {
    ($($name:ident)+) => {
        impl<$($name: Handles),+> Handles for ($($name,)+) {
            #[allow(non_snake_case)]
            fn for_each_handle(&mut self, each: &mut HandleVisitor<'_>) -> Result<(), String> {
                let ($($name,)+) = self;
                $( $name.for_each_handle(each)?; )+
                Ok(())
            }
        }

        impl<$($name: NoHandles),+> NoHandles for ($($name,)+) {}
    };
}

tuple_handles!(A);
tuple_handles!(A B);
tuple_handles!(A B C);
tuple_handles!(A B C D);
tuple_handles!(A B C D E);
tuple_handles!(A B C D E F);
tuple_handles!(A B C D E F G);
tuple_handles!(A B C D E F G H);
tuple_handles!(A B C D E F G H I);
tuple_handles!(A B C D E F G H I J);
tuple_handles!(A B C D E F G H I J K);
tuple_handles!(A B C D E F G H I J K L);

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts handles without touching them.
    fn count<T: Handles>(value: &mut T) -> usize {
        let mut n = 0;
        value
            .for_each_handle(&mut |_, _| {
                n += 1;
                Ok(())
            })
            .unwrap();
        n
    }

    #[test]
    fn values_without_handles_visit_nothing() {
        assert_eq!(count(&mut (1u32, String::from("x"), vec![1.5f64])), 0);
        assert_eq!(count(&mut Some(vec![Ok::<u8, String>(1)])), 0);
    }
}
