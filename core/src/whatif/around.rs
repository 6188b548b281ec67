//! What the search does between and around its two ends: walks from one to the other, and
//! how far each free field alone moves the final score.

use super::alone::best_of;
use super::arith;
use super::record::Record;
use super::scored::widen;
use super::search::{Scored, Search, Seen};
use crate::expr::FieldValue;
use rust_decimal::Decimal;

impl Search<'_> {
    /// Scores the records on the way from `from` to `to`, one free field at a time, until
    /// what the completions scored so far reached is `enough`.
    pub(super) fn walk(&mut self, from: &(Record, Scored), to: &Record, enough: impl Fn(&Seen) -> bool) {
        if enough(&self.seen) {
            return;
        }
        let mut now = from.clone();
        let mut trial = now.0.clone();
        let mut scratch = now.1.clone();
        for f in self.free.clone() {
            if enough(&self.seen) {
                return;
            }
            if let (Some(slot), Some(v)) = (trial.get_mut(f), to.get(f)) {
                slot.clone_from(v);
            }
            if self.rescore(&now, &trial, f, &mut scratch) {
                if let (Some(slot), Some(v)) = (now.0.get_mut(f), trial.get(f)) {
                    slot.clone_from(v);
                }
                std::mem::swap(&mut now.1, &mut scratch);
            } else if let (Some(slot), Some(v)) = (trial.get_mut(f), now.0.get(f)) {
                slot.clone_from(v);
            }
        }
    }

    /// Scores every candidate of every field from a scored record, the others as they are,
    /// fields read alone too (which [`Search::swings`] orders by points instead).
    pub(super) fn score_every_value(&mut self, from: &(Record, Scored)) {
        let alone = std::mem::take(&mut self.alone);
        self.swings(from);
        self.alone = alone;
    }

    /// How far the final score moves over each free field's candidates from a scored
    /// record, the other fields as they are: one span per field of `self.free`.
    pub(super) fn swings(&mut self, from: &(Record, Scored)) -> Vec<Decimal> {
        let mut trial = from.0.clone();
        let mut scratch = from.1.clone();
        let mut out = Vec::with_capacity(self.free.len());
        for field in self.free.clone() {
            let mut span: Option<(Decimal, Decimal)> = None;
            let options = self.options(&from.0, field);
            if let Some(c) = self.alone.get(field).copied().flatten() {
                if let Some(points) = self.points_over(from, &mut trial, field, c, &options) {
                    // The final score follows the points: its span lies between the values
                    // that give the fewest and the most.
                    for most in [false, true] {
                        let at = best_of(&points, if most { Decimal::MIN } else { Decimal::MAX }, most);
                        if let Some(v) = at.and_then(|i| options.get(i)) {
                            self.widen_by(from, (&mut trial, &mut scratch), field, v, &mut span);
                        }
                    }
                    if let (Some(slot), Some(v)) = (trial.get_mut(field), from.0.get(field)) {
                        slot.clone_from(v);
                    }
                    out.push(span.map_or(Decimal::ZERO, |(lo, hi)| arith::minus(hi, lo)));
                    continue;
                }
            }
            for v in options.iter() {
                self.widen_by(from, (&mut trial, &mut scratch), field, v, &mut span);
            }
            // Back to the record's own value before the next field.
            if let (Some(slot), Some(v)) = (trial.get_mut(field), from.0.get(field)) {
                slot.clone_from(v);
            }
            out.push(span.map_or(Decimal::ZERO, |(lo, hi)| arith::minus(hi, lo)));
        }
        out
    }

    /// Widens `span` by the final score of `from` with `field` at `value`, scored in `trial`
    /// (`from`'s record but for `field`) into `scratch`.
    fn widen_by(
        &mut self,
        from: &(Record, Scored),
        (trial, scratch): (&mut Record, &mut Scored),
        field: usize,
        value: &Option<FieldValue>,
        span: &mut Option<(Decimal, Decimal)>,
    ) {
        // The value it has: the completion's own final score (a scored completion keeps
        // every constraint, so rescoring it would give just that).
        if value.as_ref() == from.0.get(field).and_then(Option::as_ref) {
            widen(span, from.1.final_score);
            return;
        }
        if let Some(slot) = trial.get_mut(field) {
            slot.clone_from(value);
        }
        if self.rescore(from, trial, field, scratch) {
            widen(span, scratch.final_score);
        }
    }
}
