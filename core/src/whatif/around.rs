//! What the search does between and around its two ends: walks from one to the other, and
//! every value of each free field scored around one.

use super::record::Record;
use super::search::{Scored, Search, Seen};

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

    /// Scores every candidate of every free field from a scored record, the others as they
    /// are: what the completions found reach then counts as attained.
    pub(super) fn score_every_value(&mut self, from: &(Record, Scored)) {
        let mut trial = from.0.clone();
        let mut scratch = from.1.clone();
        for field in self.free.clone() {
            let current = from.0.get(field).and_then(Option::as_ref);
            for v in self.options(&from.0, field).iter() {
                // The value it has is scored already.
                if v.as_ref() == current {
                    continue;
                }
                if let Some(slot) = trial.get_mut(field) {
                    slot.clone_from(v);
                }
                self.rescore(from, &trial, field, &mut scratch);
            }
            // Back to the record's own value before the next field.
            if let (Some(slot), Some(v)) = (trial.get_mut(field), from.0.get(field)) {
                slot.clone_from(v);
            }
        }
    }
}
