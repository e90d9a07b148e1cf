//! Ordering lists most first, with one sort in the module for all of them.
//!
//! Each `sort_by_key` with its own element type and key is a stable sort of
//! its own in the wasm (about 5 KB each: its quicksort, its merge, its
//! small sorts). The lists here are sorted instead through (key, index)
//! pairs: one sort, compiled once, whatever the element type.

use core::cmp::Reverse;

/// Reorders `v` by `key`, largest first, equal keys in the order they had
/// (what a stable sort by `Reverse(key)` gives).
pub(crate) fn most_first<T>(v: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<(Reverse<u64>, usize)> = v
        .iter()
        .enumerate()
        .map(|(i, x)| (Reverse(key(x)), i))
        .collect();
    sort_pairs(&mut order);
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&(_, i)| items.get_mut(i).and_then(Option::take)),
    );
}

/// The one sort: the index breaks ties, so an unstable sort gives the
/// stable order.
#[inline(never)]
fn sort_pairs(pairs: &mut [(Reverse<u64>, usize)]) {
    pairs.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::most_first;

    #[test]
    fn largest_first_and_ties_kept_in_their_order() {
        let mut v = vec![("a", 1), ("b", 3), ("c", 1), ("d", 3), ("e", 2)];
        most_first(&mut v, |x| x.1);
        assert_eq!(v, [("b", 3), ("d", 3), ("e", 2), ("a", 1), ("c", 1)]);
        let mut empty: Vec<u8> = Vec::new();
        most_first(&mut empty, |x| u64::from(*x));
        assert!(empty.is_empty());
    }

    #[test]
    fn the_same_order_as_a_stable_sort_on_arbitrary_lists() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..40 {
            let v: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 5, i)
                })
                .collect();
            let mut ours = v.clone();
            most_first(&mut ours, |x| x.0);
            let mut stable = v;
            stable.sort_by_key(|x| core::cmp::Reverse(x.0));
            assert_eq!(ours, stable);
        }
    }
}
