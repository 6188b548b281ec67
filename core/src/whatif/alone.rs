//! Fields read by one criterion alone: the search orders their values by that criterion's
//! points instead of scoring a completion for each.
//!
//! Moving such a field changes one rule result. When whether the criterion applies stays the
//! same, the final score is monotone in its points (sums, the normalising division by a fixed
//! maximum, caps and rounding all keep order), so the completion that scores highest, or
//! lowest, or as well, is the one with the most, fewest or same points: what the search
//! would find by scoring each, at the cost of a rule look-up.

use super::memo::Outcome;
use super::record::{Record, Unit};
use super::scored::widen;
use super::search::{Scored, Search};
use crate::compile::{CCriterion, CompiledRuleset, PartBody};
use crate::expr::{Expr, FieldValue};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl CompiledRuleset {
    /// For each field, the criterion that alone reads it, when no cross-field constraint
    /// names it and the final score keeps the order of points (no negative scale or maximum).
    pub(super) fn read_alone(&self, readers: &[Vec<Unit>]) -> Vec<Option<usize>> {
        let ordered = self.pipeline.scale >= Decimal::ZERO
            && self.all_criteria().iter().all(|c| c.max.is_none_or(|m| m >= Decimal::ZERO));
        readers
            .iter()
            .enumerate()
            .map(|(f, units)| match units.as_slice() {
                [Unit::Criterion(c)] if ordered && !self.constraints.iter().any(|k| k.left == f || k.right == f) => {
                    Some(*c)
                }
                _ => None,
            })
            .collect()
    }

    /// Whether `field` enters `c` only as a count weighed with a positive weight under a cap,
    /// and is never below 0: then `c`'s points never fall as it rises, at its highest value
    /// they reach the most the count can give, and left empty (counting 0) or at its lowest
    /// the fewest.
    pub(super) fn rising(&self, c: &CCriterion, field: usize) -> bool {
        let mut term = false;
        let mut elsewhere = BTreeSet::new();
        let mut read = |e: &Expr| self.reads(e, &mut elsewhere);
        c.applies.iter().for_each(&mut read);
        for part in &c.parts {
            part.requires.iter().for_each(&mut read);
            match &part.body {
                PartBody::Flag { when: e, .. } | PartBody::Bands { value: e, .. } => read(e),
                PartBody::Weighted { terms, cap } => {
                    for (e, w, _) in terms {
                        // Uncapped, more always gives more points: left to the climb.
                        let capped = cap.is_some() || c.max.is_some();
                        if *e == Expr::Field(field) && *w > Decimal::ZERO && capped {
                            term = true;
                        } else {
                            read(e);
                        }
                    }
                }
            }
        }
        term && !elsewhere.contains(&field)
            && self.fields.get(field).is_some_and(|f| f.min.is_some_and(|m| m >= Decimal::ZERO))
    }
}

impl Search<'_> {
    /// The points of criterion `c` for each of `options` of `field` (read by `c` alone), the
    /// other fields as in `from`; `None` when whether `c` applies changes with the field, as
    /// then points alone do not order the final score. `trial` must equal `from`'s record in
    /// `field` and stays so. Each result is a completion's, so it counts as seen.
    pub(super) fn points_over(
        &mut self,
        from: &(Record, Scored),
        trial: &mut Record,
        field: usize,
        c: usize,
        options: &[Option<FieldValue>],
    ) -> Option<Vec<Decimal>> {
        let (applies, here) = *from.1.criteria.get(c)?;
        let current = from.0.get(field).and_then(Option::as_ref);
        let mut points = Vec::with_capacity(options.len());
        let mut same = true;
        for v in options {
            if v.as_ref() == current {
                points.push(here);
                continue;
            }
            if let Some(slot) = trial.get_mut(field) {
                slot.clone_from(v);
            }
            match self.look_up(Unit::Criterion(c), trial) {
                Some((a, p)) if a == applies => {
                    if let Some(span) = self.seen.criteria.get_mut(c) {
                        widen(span, p);
                    }
                    points.push(p);
                }
                _ => {
                    same = false;
                    break;
                }
            }
        }
        if let (Some(slot), Some(v)) = (trial.get_mut(field), from.0.get(field)) {
            slot.clone_from(v);
        }
        same.then_some(points)
    }

    /// One rule's result in `trial`, remembered or evaluated.
    fn look_up(&mut self, unit: Unit, trial: &Record) -> Option<Outcome> {
        match self.memo.lookup(unit, trial) {
            Ok(outcome) => Some(outcome),
            Err(key) => {
                self.sync(unit, trial);
                let ctx = self.rules.context(&self.sub).numbers_only();
                let outcome = super::scored::evaluate(self.rules, &self.all, unit, &ctx)?;
                if let Some(key) = key {
                    self.memo.insert(unit, key, outcome);
                }
                Some(outcome)
            }
        }
    }
}

/// The first place of the most (`most`) or fewest points that beats `bar` strictly: where
/// a climb moves a field read alone, as scoring each value in turn would (the field's own
/// value has `bar` points, so it never wins).
pub(super) fn best_of(points: &[Decimal], mut bar: Decimal, most: bool) -> Option<usize> {
    let mut pick = None;
    for (i, p) in points.iter().enumerate() {
        if (most && *p > bar) || (!most && *p < bar) {
            bar = *p;
            pick = Some(i);
        }
    }
    pick
}
