//! Sorting by heap (by insertion when there are a few items), in place and without
//! allocating: the standard library's sort routines (a pattern-defeating quicksort, a
//! driftsort) came to 6 KB of the browser's first download for two sorts of a few items each.

/// Sorts `items` so that no item comes after one it is `before`; not stable (sort by a
/// key that ends in the position where the order of equals matters). O(n log n) for any
/// input, so a hostile list of thousands of errors sorts as fast as the standard sort.
pub(crate) fn heapsort_by<T>(items: &mut [T], mut before: impl FnMut(&T, &T) -> bool) {
    let n = items.len();
    // A few items (a criterion's missing fields, most often) sort faster by insertion.
    if n <= 12 {
        return insertion_sort_by(items, before);
    }
    for root in (0..n / 2).rev() {
        sift_down(items, root, n, &mut before);
    }
    for end in (1..n).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &mut before);
    }
}

/// Sorts `items` by insertion, so that no item comes after one it is `before`: stable, and
/// quadratic, for lists of a handful.
pub(crate) fn insertion_sort_by<T>(items: &mut [T], mut before: impl FnMut(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && matches!((items.get(j - 1), items.get(j)), (Some(a), Some(b)) if before(b, a)) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Moves `items[root]` down the heap `items[..end]` (largest on top) to where it belongs.
fn sift_down<T>(items: &mut [T], mut root: usize, end: usize, before: &mut impl FnMut(&T, &T) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        let later = |a: usize, b: usize, before: &mut dyn FnMut(&T, &T) -> bool| matches!((items.get(a), items.get(b)), (Some(x), Some(y)) if before(x, y));
        if child + 1 < end && later(child, child + 1, before) {
            child += 1;
        }
        if !later(root, child, before) {
            return;
        }
        items.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::heapsort_by;

    #[test]
    fn sorts_as_the_standard_sort_does() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for n in (0..40).chain([100, 1000, 4097]) {
            for spread in [3, 1000, u64::MAX] {
                let mut items: Vec<u64> = (0..n)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        x % spread
                    })
                    .collect();
                let mut expected = items.clone();
                expected.sort_unstable();
                heapsort_by(&mut items, |a, b| a < b);
                assert_eq!(items, expected, "{n} items below {spread}");
                // Sorted and reversed input too.
                heapsort_by(&mut items, |a, b| a > b);
                expected.reverse();
                assert_eq!(items, expected);
            }
        }
    }
}
