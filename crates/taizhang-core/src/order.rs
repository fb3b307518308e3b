//! Sorting through one copy of the standard library's sort.
//!
//! Each `sort_by` with its own element type or comparator compiles another copy of the standard
//! sort into the wasm, 1–4 KB each: the release carried 85 KB of them (39 KB in the main module)
//! for about twenty sorted lists. Here every list is sorted by a key of one shape, [`Key`], paired
//! with each item's position: one instantiation, in [`order`], serves every caller, and the
//! positions then put the items in place.
//!
//! The sort is stable: equal keys keep the order they had, ascending or descending.

/// The shape of every sort key: two numbers, then a string (a part a list does not need is 0 or
/// ""). Numbers of other kinds map onto `i64` keeping their order: [`f64_key`] for floats, `!x`
/// for a descending part inside an ascending key.
pub type Key<'a> = (i64, i64, &'a str);

/// Sorts `items` by `key`, smallest first; equal keys keep their order.
pub fn sort_by<T>(items: &mut Vec<T>, key: impl Fn(&T) -> Key<'_>) {
    sort(items, key, false);
}

/// Sorts `items` by `key`, greatest first; equal keys keep their order.
pub fn sort_by_desc<T>(items: &mut Vec<T>, key: impl Fn(&T) -> Key<'_>) {
    sort(items, key, true);
}

fn sort<T>(items: &mut Vec<T>, key: impl Fn(&T) -> Key<'_>, descending: bool) {
    let positions = {
        let keyed = items
            .iter()
            .enumerate()
            .map(|(i, t)| (key(t), i as u32))
            .collect();
        order(keyed, descending)
    };
    reorder(items, &positions);
}

/// Sorts strings and removes repeats (`sort` + `dedup` on strings).
pub fn sort_dedup_strings<S: AsRef<str>>(items: &mut Vec<S>) {
    sort_by(items, |s| (0, 0, s.as_ref()));
    items.dedup_by(|a, b| a.as_ref() == b.as_ref());
}

/// A float's place in [`f64::total_cmp`]'s order, as an `i64` in the same order.
pub fn f64_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    // Negative floats order backwards by their bits: flip all but the sign bit.
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// The positions of the keyed items in sorted order. Not generic: the one place the standard
/// sort is instantiated.
#[inline(never)]
fn order(mut keyed: Vec<(Key<'_>, u32)>, descending: bool) -> Vec<u32> {
    let last = keyed.len().saturating_sub(1) as u32;
    if descending {
        // Numbered backwards, sorted ascending and then reversed, equal keys come out in their
        // original order.
        for k in &mut keyed {
            k.1 = last - k.1;
        }
    }
    // Positions are unique, so every key is too: the unstable sort is deterministic, and stable
    // in effect.
    keyed.sort_unstable();
    if descending {
        keyed.reverse();
        for k in &mut keyed {
            k.1 = last - k.1;
        }
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Puts `items` in the order `positions` gives (a permutation of their indices).
fn reorder<T>(items: &mut Vec<T>, positions: &[u32]) {
    if positions.iter().enumerate().all(|(i, &p)| p as usize == i) {
        return;
    }
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(positions.iter().filter_map(|&p| slots[p as usize].take()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Ascending: the standard library's stable sort by the same key, item for item.
        #[test]
        fn sorts_like_the_standard_stable_sort(
            items in proptest::collection::vec((-3i64..3, -3i64..3, "[ab]{0,2}", any::<u16>()), 0..60)
        ) {
            let mut ours = items.clone();
            sort_by(&mut ours, |t| (t.0, t.1, t.2.as_str()));
            let mut std = items;
            std.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
            prop_assert_eq!(ours, std);
        }

        /// Descending: the standard stable sort with the comparison reversed (ties keep their
        /// order, as there).
        #[test]
        fn sorts_descending_like_the_standard_stable_sort(
            items in proptest::collection::vec((-3i64..3, "[ab]{0,2}", any::<u16>()), 0..60)
        ) {
            let mut ours = items.clone();
            sort_by_desc(&mut ours, |t| (t.0, 0, t.1.as_str()));
            let mut std = items;
            std.sort_by(|a, b| (b.0, &b.1).cmp(&(a.0, &a.1)));
            prop_assert_eq!(ours, std);
        }

        /// Floats: the order of `total_cmp`, negative zero, infinities and NaN included.
        #[test]
        fn f64_keys_order_like_total_cmp(a in any::<f64>(), b in any::<f64>()) {
            prop_assert_eq!(f64_key(a).cmp(&f64_key(b)), a.total_cmp(&b));
        }

        #[test]
        fn sort_dedup_strings_is_sort_then_dedup(items in proptest::collection::vec("[abc]{0,3}", 0..40)) {
            let mut ours = items.clone();
            sort_dedup_strings(&mut ours);
            let mut std = items;
            std.sort();
            std.dedup();
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn special_floats_in_order() {
        let xs = [
            f64::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            1e-300,
            2.0,
            f64::INFINITY,
            f64::NAN,
        ];
        for w in xs.windows(2) {
            assert!(f64_key(w[0]) < f64_key(w[1]), "{} < {}", w[0], w[1]);
        }
    }
}
