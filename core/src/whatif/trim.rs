//! Advice's options brought back to the smallest changes that still reach the goal: each
//! number moved back towards its present value on the field's grid, by bisection, and each
//! change the goal does not need undone.

use super::advise::{Found, Goal, Move};
use super::arith;
use super::record::Record;
use super::search::blows;
use crate::compile::CompiledRuleset;
use crate::expr::FieldValue;
use crate::score::Evaluation;
use rust_decimal::Decimal;

impl CompiledRuleset {
    /// `moves` with no change larger than the goal needs, when the result reaches the goal.
    /// With `at`, `moves` pass the goal (an outcome between two others, scoring into the one
    /// above) and each number is brought back only as far as the unrounded score stays at
    /// `at` or more.
    #[inline(never)]
    pub(super) fn trim(&self, record: &Record, moves: &[Move], goal: Goal, at: Option<Decimal>) -> Option<Found> {
        let now = self.score_record(record)?;
        // No gate failed or veto fired that the set as found does not have.
        let limit = blows(&self.scored(&self.score_record(&Self::with(record, moves))?));
        let holds = |moves: &[Move]| self.holds(record, moves, (goal, at, limit));
        let mut moves = moves.to_vec();
        // The largest change first, as it has most to give back.
        crate::order::insertion_sort_by(&mut moves, |a, b| a.size > b.size);
        let mut i = 0;
        while i < moves.len() {
            // A change the others do without is dropped.
            let mut without = moves.clone();
            without.remove(i);
            if !without.is_empty() && holds(&without).is_some() {
                moves = without;
                continue;
            }
            let value = self.least(record, &mut moves, i, &holds).map(FieldValue::Number);
            let moved = value.and_then(|v| self.single(record, &now, moves.get(i)?.field, Some(v)));
            if let (Some(slot), Some((m, _))) = (moves.get_mut(i), moved) {
                *slot = m;
            }
            i += 1;
        }
        let e = holds(&moves).filter(|e| Self::reaches(goal, e))?;
        // In field order, as options list them: two sets trimmed to the same changes are equal.
        crate::order::insertion_sort_by(&mut moves, |a, b| a.field < b.field);
        Some((moves.len(), moves.iter().map(|m| m.size).sum(), moves, e))
    }

    /// Whether `moves` made in `record` reach `goal` (with `at`, the unrounded score `at`)
    /// with no more than `limit` gates failed and vetoes fired; their result when they do.
    #[inline(never)]
    fn holds(
        &self,
        record: &Record,
        moves: &[Move],
        (goal, at, limit): (Goal, Option<Decimal>, i64),
    ) -> Option<Evaluation> {
        let e = self.score_record(&Self::with(record, moves))?;
        let enough = at.map_or_else(|| Self::reaches(goal, &e), |at| e.unrounded >= at);
        (enough && blows(&self.scored(&e)) <= limit).then_some(e)
    }

    /// The value of the number `moves[i]` sets nearest its present one for which `holds`
    /// still does, on the field's grid (multiples of its step) between the two, bisected; `None`
    /// when it is not a number changed, or no nearer value holds.
    fn least(
        &self,
        record: &Record,
        moves: &mut [Move],
        i: usize,
        holds: &impl Fn(&[Move]) -> Option<Evaluation>,
    ) -> Option<Decimal> {
        let m = moves.get(i)?;
        let (Some(Some(FieldValue::Number(from))), Some(FieldValue::Number(to))) = (record.get(m.field), &m.value)
        else {
            return None;
        };
        let (from, to) = (*from, *to);
        let step = self.step_of(m.field);
        let up = to > from;
        // Grid points by index: `first` is the last at or before `from` (that side fails),
        // `last` the first at or past `to`, which stands for `to` itself.
        let (first, last) = match up {
            true => (arith::div(from, step)?.floor(), arith::div(to, step)?.ceil()),
            false => (arith::div(from, step)?.ceil(), arith::div(to, step)?.floor()),
        };
        let value = |t: Decimal| -> Option<Decimal> {
            let k = if up { arith::add(first, t)? } else { arith::sub(first, t)? };
            let past = if up { k >= last } else { k <= last };
            if past {
                Some(to)
            } else {
                arith::mul(k, step)
            }
        };
        let (mut lo, mut hi) = (Decimal::ZERO, arith::sub(last, first)?.abs());
        let original = moves.get(i)?.value.clone();
        let mut try_at = |t: Decimal| {
            let (Some(v), Some(slot)) = (value(t), moves.get_mut(i)) else { return false };
            slot.value = Some(FieldValue::Number(v));
            holds(moves).is_some()
        };
        // Most values proposed are a band's edge already: one step back tells, before a
        // bisection's dozen evaluations.
        let mut mid = arith::sub(hi, Decimal::ONE);
        while let Some(m) = mid.filter(|m| *m > lo) {
            if try_at(m) {
                hi = m;
            } else {
                lo = m;
            }
            // `lo + (hi - lo) / 2`: `lo + hi` overflows near a decimal's end.
            mid = arith::sub(hi, lo).and_then(|d| arith::div(d, Decimal::TWO)).and_then(|d| arith::add(lo, d.floor()));
        }
        if let Some(slot) = moves.get_mut(i) {
            slot.value = original;
        }
        let best = value(hi)?.normalize();
        (best != to.normalize()).then_some(best)
    }
}
