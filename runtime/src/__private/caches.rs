//! Collections of JS handles: the length of one an insertion fills, for
//! the growing-cache detector.

use crate::site::Site;

hot! {
    /// After an insertion (`insert`, `push`...) into a collection: its length,
    /// if it holds JS handles (`len` is `None` for any other collection).
    pub fn record_cache_len(site: &'static Site, len: Option<usize>) {
        if let Some(len) = len {
            site.set_cache_len(len);
        }
    }
}

/// A collection whose elements (or values) are JS handles.
pub trait HandleCollection {
    fn handle_len(&self) -> usize;
}
#[cfg(wasm_ledger_on)]
mod collections {
    use super::HandleCollection;
    use std::collections::{BTreeMap, HashMap, VecDeque};
    use wasm_bindgen::JsCast;

    impl<T: JsCast> HandleCollection for Vec<T> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
    impl<T: JsCast> HandleCollection for VecDeque<T> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
    impl<K, V: JsCast, S> HandleCollection for HashMap<K, V, S> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
    impl<K, V: JsCast> HandleCollection for BTreeMap<K, V> {
        fn handle_len(&self) -> usize {
            self.len()
        }
    }
}
