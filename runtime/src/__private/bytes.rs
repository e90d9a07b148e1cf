//! Bytes a typed-array copy moves, by its types (the probe counts every
//! byte the glue moves where it runs), and the length in bytes of what is
//! copied.

use crate::site::Site;
use crate::tally::Counter;

hot! {
    /// Bytes a typed-array copy moved out of wasm memory into JS at `site`
    /// (`copy_from`).
    pub fn count_bytes_to_js(moved: bool, n: u64, site: &'static Site) {
        if moved && n > 0 {
            site.add(Counter::BytesToJs, n);
        }
    }
}

hot! {
    /// Bytes a typed-array copy moved from JS into wasm memory at `site`
    /// (`copy_to`, `to_vec`).
    pub fn count_bytes_from_js(moved: bool, n: u64, site: &'static Site) {
        if moved && n > 0 {
            site.add(Counter::BytesFromJs, n);
        }
    }
}

/// The length in bytes of a slice, array or vector (through references).
pub trait ByteLen {
    fn byte_len(&self) -> u64;
}
impl<E> ByteLen for [E] {
    fn byte_len(&self) -> u64 {
        core::mem::size_of_val(self) as u64
    }
}
impl<E, const N: usize> ByteLen for [E; N] {
    fn byte_len(&self) -> u64 {
        core::mem::size_of_val(self) as u64
    }
}
impl<E> ByteLen for Vec<E> {
    fn byte_len(&self) -> u64 {
        self.as_slice().byte_len()
    }
}
impl<E> ByteLen for Box<[E]> {
    fn byte_len(&self) -> u64 {
        (**self).byte_len()
    }
}
impl<T: ByteLen + ?Sized> ByteLen for &T {
    fn byte_len(&self) -> u64 {
        (**self).byte_len()
    }
}
impl<T: ByteLen + ?Sized> ByteLen for &mut T {
    fn byte_len(&self) -> u64 {
        (**self).byte_len()
    }
}
