//! Work on many submissions split across the machine's cores, answers kept in input order.

use crate::api::Ruleset;
use std::borrow::Cow;
use std::cell::RefCell;

/// `items.map(f)` split across the machine's cores (one thread on WebAssembly), in order.
pub(crate) fn map_on_every_core<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    map_on_every_core_with(items, |_| (), |(), item| f(item))
}

/// [`map_on_every_core`] where each thread first makes its own `state`: `state(true)` in a
/// thread that works beside others, `state(false)` when the calling thread does it all.
pub(crate) fn map_on_every_core_with<I: Sync, S, T: Send>(
    items: &[I],
    state: impl Fn(bool) -> S + Sync,
    f: impl Fn(&S, &I) -> T + Sync,
) -> Vec<T> {
    #[cfg(not(target_family = "wasm"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        if threads > 1 && items.len() >= 64 {
            return in_blocks(items, threads, &state, &f);
        }
    }
    let own = state(false);
    items.iter().map(|item| f(&own, item)).collect()
}

/// `items.map(f)` in blocks that `threads` threads, the calling one among them, take in turn:
/// a thread slowed by other work on the machine takes fewer blocks rather than holding the
/// whole batch back, as a fixed half would.
#[cfg(not(target_family = "wasm"))]
fn in_blocks<I: Sync, S, T: Send>(
    items: &[I],
    threads: usize,
    state: &(impl Fn(bool) -> S + Sync),
    f: &(impl Fn(&S, &I) -> T + Sync),
) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    // About 8 blocks a thread: few enough that taking one costs nothing, enough to even out.
    let size = items.len().div_ceil(threads * 8).max(16);
    let blocks: Vec<&[I]> = items.chunks(size).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let own = state(true);
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(block) = blocks.get(at) else { return done };
            done.push((at, block.iter().map(|item| f(&own, item)).collect::<Vec<_>>()));
        }
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        // A helper cannot panic (no panics in this crate); if one ever did, the blocks it took
        // are missing below and done again here rather than lost.
        done.extend(helpers.into_iter().flat_map(|h| h.join().unwrap_or_default()));
        done
    });
    done.sort_unstable_by_key(|(at, _)| *at);
    let mut all = Vec::with_capacity(items.len());
    let mut done = done.into_iter().peekable();
    for (at, block) in blocks.iter().enumerate() {
        match done.next_if(|(taken, _)| *taken == at) {
            Some((_, answers)) => all.extend(answers),
            None => {
                let own = state(false);
                all.extend(block.iter().map(|item| f(&own, item)));
            }
        }
    }
    all
}

/// The rulesets a worker thread scores with, each a copy whose labels' counts are the
/// thread's own (see `compile::OwnCounts`), made on first use; or, for a thread that works
/// alone or a ruleset that counts nothing (a bundled one borrows its labels), the rulesets
/// themselves, borrowed: not even the ruleset's own count changes as a worker scores.
pub(crate) struct OwnRulesets {
    // Keyed by the address of the rules copied: the caller's ruleset, which outlives the
    // batch, so an address is not reused while a worker runs.
    copies: Option<RefCell<Vec<(*const crate::CompiledRuleset, Ruleset)>>>,
}

impl OwnRulesets {
    pub(crate) fn new(beside_others: bool) -> Self {
        Self { copies: beside_others.then(RefCell::default) }
    }

    /// The ruleset to score with in place of `ruleset`: the same rules, the same answers.
    pub(crate) fn of<'r>(&self, ruleset: &'r Ruleset) -> Cow<'r, Ruleset> {
        let Some(copies) = self.copies.as_ref().filter(|_| ruleset.compiled().counts_labels()) else {
            return Cow::Borrowed(ruleset);
        };
        let key: *const crate::CompiledRuleset = ruleset.compiled();
        let mut copies = copies.borrow_mut();
        if let Some((_, copy)) = copies.iter().find(|(k, _)| *k == key) {
            return Cow::Owned(copy.clone());
        }
        let copy = ruleset.with_own_labels();
        copies.push((key, copy.clone()));
        Cow::Owned(copy)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]
    use super::*;
    use crate::Shared;

    #[test]
    #[cfg(not(target_family = "wasm"))]
    fn blocks_come_back_in_order_even_when_a_helper_fails() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let items: Vec<usize> = (0..1000).collect();
        let caller = std::thread::current().id();
        let failed = AtomicBool::new(false);
        let doubled = in_blocks(&items, 3, &|_| (), &|(), i: &usize| {
            if std::thread::current().id() == caller {
                // The calling thread waits in its first item until a helper has failed.
                while !failed.load(Ordering::SeqCst) {
                    std::thread::yield_now();
                }
            } else if !failed.swap(true, Ordering::SeqCst) {
                panic!("a helper fails once");
            }
            i * 2
        });
        assert!(doubled.iter().copied().eq(items.iter().map(|i| i * 2)));
    }

    #[test]
    fn a_worker_scores_with_labels_of_its_own_and_answers_the_same() {
        // A ruleset read from a file counts its labels: a worker's copy counts its own.
        let bundled = Ruleset::bundled("zone-qualification").unwrap();
        let rules = Ruleset::from_text(
            crate::bundled::text("zone-qualification").unwrap(),
            None,
            "zone-qualification (bundled text)",
        )
        .unwrap();
        let text = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
        let input =
            crate::input::parse_json(text.as_bytes(), crate::MAX_SUBMISSION_BYTES, crate::MAX_DEPTH).unwrap().value;
        let alone = OwnRulesets::new(false);
        assert!(std::ptr::eq(alone.of(&rules).compiled(), rules.compiled()));
        let beside = OwnRulesets::new(true);
        let (copy, again) = (beside.of(&rules), beside.of(&rules));
        assert!(std::ptr::eq(copy.compiled(), again.compiled()), "one copy a thread");
        let (shared, own) = (&rules.compiled().dimensions[0].criteria[0], &copy.compiled().dimensions[0].criteria[0]);
        assert!(!Shared::ptr_eq(&shared.title, &own.title) && shared.title == own.title);
        assert!(!Shared::ptr_eq(&shared.parts[0].label, &own.parts[0].label));
        assert!(!Shared::ptr_eq(&shared.id, &own.id) && !Shared::ptr_eq(&shared.dimension, &own.dimension));
        assert!(!Shared::ptr_eq(&rules.compiled().gates[0].title, &copy.compiled().gates[0].title));
        assert!(!Shared::ptr_eq(&rules.compiled().gates[0].id, &copy.compiled().gates[0].id));
        let (names, own_names) = (&rules.compiled().names, &copy.compiled().names);
        assert!(!Shared::ptr_eq(&names.reference.id, &own_names.reference.id));
        assert!(
            !Shared::ptr_eq(&names.grades[0].1, &own_names.grades[0].1) && names.grades[0].1 == own_names.grades[0].1
        );
        assert!(!Shared::ptr_eq(&names.outcomes[0].0, &own_names.outcomes[0].0));
        assert!(!own.title.is_borrowed() && !own_names.grades[0].1.is_borrowed());
        // A bundled ruleset's labels are borrowed (but in the browser, `bundled.rs`), with
        // no count to contend for: a worker scores with it as it is.
        let bundled_copy = beside.of(&bundled);
        #[cfg(not(target_family = "wasm"))]
        {
            assert!(std::ptr::eq(bundled_copy.compiled(), bundled.compiled()));
            assert!(matches!(bundled_copy, std::borrow::Cow::Borrowed(_)));
            assert!(bundled.compiled().dimensions[0].criteria[0].parts[0].label.is_borrowed());
        }
        assert_eq!(bundled_copy.score(&input), copy.score(&input));
        assert_eq!(copy.score(&input), rules.score(&input));
        assert_eq!(copy.digest(), rules.digest());
        assert!(copy.source() == rules.source() && !std::ptr::eq(copy.source(), rules.source()));
    }
}
