//! The dispatch traits, one file per family: its levels, their impls, and
//! the macro generated code asks it through. Only when the ledger is on:
//! off, nothing refers to them, and the crates they name
//! (wasm-bindgen-futures) are not linked.

/// One level of a yes/no question about a type: a trait with one
/// provided method answering `$answer`, implemented for `$self_ty`.
macro_rules! level {
    ($trait:ident :: $method:ident = $answer:expr; impl[$($gen:tt)*] for $self_ty:ty $(where [$($bound:tt)*])?) => {
        pub trait $trait {
            answer! {
                fn $method(&self) -> bool {
                    $answer
                }
            }
        }
        impl<$($gen)*> $trait for $self_ty $(where $($bound)*)? {}
    };
}

pub mod bytes;
pub mod caches;
pub mod closures;
pub mod futures;
pub mod receivers;
pub mod results;
