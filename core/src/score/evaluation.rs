//! What an evaluation decided, as numbers and indices into the compiled ruleset, in lists
//! that one evaluation hands to the next on the same thread.

use crate::expr::{Gap, Num};
use crate::report::Status;
use rust_decimal::Decimal;
use std::cell::Cell;
use std::ops::Range;

/// What a part read or computed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seen {
    Bool(bool),
    Number(Decimal),
    /// A number of 10^28 or more in size, which no decimal holds: it was compared
    /// exactly, and is shown by its whole part (digits, cut toward zero).
    Beyond(Box<str>),
}

impl Seen {
    /// A computed number as it can be shown.
    pub fn of(n: &Num) -> Self {
        n.to_decimal().map_or_else(|_| Self::Beyond(n.whole_digits().into()), Self::Number)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PartEval {
    pub counted: bool,
    pub value: Option<Seen>,
    /// Index of the band reached (bands parts).
    pub band: Option<usize>,
    /// Points before the criterion's cap.
    pub points: Decimal,
    /// Whether a weighted part hit its cap.
    pub capped: bool,
    pub gap: Option<Gap>,
    /// Values of a weighted part's terms, in `Evaluation::terms`.
    pub terms: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct CritEval {
    pub applicable: bool,
    pub points: Decimal,
    pub capped: bool,
    pub parts: Range<usize>,
    /// Missing field indices, sorted and unique, in `Evaluation::missing`.
    pub missing: Range<usize>,
    /// Met, partly met, … : decided with the points, so that numbers-only answers have it.
    pub status: Status,
}

#[derive(Debug, Clone)]
pub(crate) struct CheckEval {
    pub held: Result<bool, Gap>,
    pub missing: Range<usize>,
}

/// Everything scoring decided, as numbers and indices into the compiled ruleset.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evaluation {
    pub gates: Vec<CheckEval>,
    pub vetoes: Vec<CheckEval>,
    /// Criteria of every dimension in rule order, then bonus items.
    pub criteria: Vec<CritEval>,
    pub parts: Vec<PartEval>,
    pub terms: Vec<Result<Seen, Gap>>,
    pub missing: Vec<usize>,
    /// Points and applicable maximum of each dimension.
    pub dimensions: Vec<(Decimal, Decimal)>,
    pub earned: Decimal,
    pub applicable_max: Decimal,
    pub base: Decimal,
    pub bonus: Decimal,
    pub bonus_counted: Decimal,
    pub unrounded: Decimal,
    /// Whether the sum went past the highest final score and was held to it.
    pub capped: bool,
    pub final_score: Decimal,
    pub grade: Option<usize>,
    pub outcome: Option<usize>,
    pub notes: Vec<usize>,
    pub warnings: Vec<usize>,
    /// Room for the fields one rule finds missing, reused rule after rule (`keep_missing`).
    pub found: Vec<usize>,
}

impl Evaluation {
    /// An empty evaluation with room for `criteria`, `dimensions` and the `parts` kept (none
    /// for numbers only).
    pub fn with_room(criteria: usize, dimensions: usize, parts: usize) -> Self {
        Self {
            criteria: Vec::with_capacity(criteria),
            dimensions: Vec::with_capacity(dimensions),
            parts: Vec::with_capacity(parts),
            ..Self::default()
        }
    }

    /// Empties every list, keeping its room, and zeroes every number.
    pub fn reset(&mut self) {
        *self = Self {
            gates: cleared(&mut self.gates),
            vetoes: cleared(&mut self.vetoes),
            criteria: cleared(&mut self.criteria),
            parts: cleared(&mut self.parts),
            terms: cleared(&mut self.terms),
            missing: cleared(&mut self.missing),
            dimensions: cleared(&mut self.dimensions),
            notes: cleared(&mut self.notes),
            warnings: cleared(&mut self.warnings),
            found: cleared(&mut self.found),
            ..Self::default()
        };
    }
}

fn cleared<T>(list: &mut Vec<T>) -> Vec<T> {
    let mut list = std::mem::take(list);
    list.clear();
    list
}

thread_local! {
    /// The evaluation the last numbers-only summary on this thread filled, kept for its room.
    static SCRATCH: Cell<Evaluation> = Cell::new(Evaluation::default());
}

/// Runs `f` with this thread's reused evaluation (a fresh one if `f` runs inside another
/// call of this): once its lists have grown, scoring into it allocates nothing.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Evaluation) -> R) -> R {
    SCRATCH.with(|cell| {
        let mut eval = cell.take();
        let answer = f(&mut eval);
        cell.set(eval);
        answer
    })
}

/// Moves the fields one rule found missing (`found`, emptied) to the end of `missing`, sorted
/// and without repeats; returns their range there. Inlined (as [`add_decimals`]) for the
/// common case, a rule that found nothing missing.
///
/// [`add_decimals`]: crate::expr::add_decimals
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(crate) fn keep_missing(missing: &mut Vec<usize>, found: &mut Vec<usize>) -> Range<usize> {
    if found.is_empty() {
        let at = missing.len();
        return at..at;
    }
    keep_found(missing, found)
}

fn keep_found(missing: &mut Vec<usize>, found: &mut Vec<usize>) -> Range<usize> {
    let start = missing.len();
    crate::order::heapsort_by(found, |a, b| a < b);
    found.dedup();
    missing.extend_from_slice(found);
    found.clear();
    start..missing.len()
}
