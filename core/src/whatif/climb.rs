//! The coordinate climb towards the highest or the lowest score, and how its trial records
//! are made from a scored one: a field set, the other free sides of its constraints repaired.

use super::alone::best_of;
use super::record::{Record, Unit};
use super::search::{down, up, Key, Scored, Search, Start, MAX_ROUNDS};
use crate::expr::FieldValue;
use rust_decimal::Decimal;

impl Search<'_> {
    /// Coordinate search: each free field in turn set to its best candidate, until a round
    /// changes nothing.
    pub(super) fn climb(&mut self, mut record: Record, high: bool) -> Option<(Record, Scored)> {
        let key: fn(&Scored) -> Key = if high { up } else { down };
        let mut starts = std::mem::take(&mut self.starts);
        let start = match self.score(&record) {
            Some(e) => e,
            None => {
                // The start breaks a constraint: begin from the low start, which leaves
                // optional fields empty (and climbs every field).
                starts.clear();
                record = self.start(&record, true);
                self.score(&record)?
            }
        };
        let mut now = (record, start);
        // Scored trials go to `scratch`; the best of a field's values is kept in `best`.
        let mut scratch = now.1.clone();
        let mut best = now.1.clone();
        let mut trial = now.0.clone();
        // The fields in which `trial` may differ from `now.0` (see `set`).
        let mut apart = Vec::new();
        // Moves counted, when each field last moved, and when each field read alone was last
        // left at its best: it stays so until a field its criterion reads moves.
        let mut moves = 0usize;
        let mut moved_at = vec![0usize; self.rules.fields.len()];
        let mut settled_at: Vec<Option<usize>> = vec![None; self.rules.fields.len()];
        // Nothing can beat a completion at the goal on final score or blows: the climb stops.
        let goal = self.goal.take();
        let at_goal = |s: &Scored| goal.is_some_and(|g| matches!(key(s), (score, blows, _) if (score, blows) == g));
        'rounds: for round in 0..MAX_ROUNDS {
            let mut moved = false;
            // A field that shares no rule or constraint with another free field is best set
            // once: its best value does not depend on the others (points only add up, and
            // the pipeline is monotone).
            // Towards a goal, fields that only gates and vetoes read come first: they move
            // the blows, never the final score, so a start already at its best score reaches
            // the goal with them.
            let fields = match (round, goal) {
                (0, Some(_)) => self.checks_first.clone(),
                (0, None) => self.free.clone(),
                _ => self.coupled.clone(),
            };
            for f in fields {
                if at_goal(&now.1) {
                    break 'rounds;
                }
                if starts.get(f).is_some_and(|s| *s != Start::Climb) {
                    continue;
                }
                let alone = self.alone(f);
                if let (Some(c), Some(Some(at))) = (alone, settled_at.get(f)) {
                    let reads = self.memo.reads(Unit::Criterion(c));
                    if reads.iter().all(|&g| moved_at.get(g).is_some_and(|m| m <= at)) {
                        continue;
                    }
                }
                let current = now.0.get(f).cloned().flatten();
                let options = self.options(&now.0, f);
                if let Some(c) = alone {
                    self.set(&mut trial, &now.0, f, &current, &mut apart);
                    if let Some(points) = self.points_over(&now, &mut trial, f, c, &options) {
                        let here = now.1.criteria.get(c).map_or(Decimal::ZERO, |r| r.1);
                        if let Some(v) = best_of(&points, here, high).and_then(|i| options.get(i)) {
                            self.set(&mut trial, &now.0, f, v, &mut apart);
                            if self.rescore(&now, &trial, f, &mut best) {
                                std::mem::swap(&mut now.0, &mut trial);
                                std::mem::swap(&mut now.1, &mut best);
                                moved = true;
                                moves += 1;
                                if let Some(m) = moved_at.get_mut(f) {
                                    *m = moves;
                                }
                            }
                        }
                        if let Some(s) = settled_at.get_mut(f) {
                            *s = Some(moves);
                        }
                        continue;
                    }
                }
                let mut pick: Option<usize> = None;
                for (i, v) in options.iter().enumerate() {
                    if *v == current {
                        continue;
                    }
                    self.set(&mut trial, &now.0, f, v, &mut apart);
                    self.repair(&mut trial, f);
                    if self.rescore(&now, &trial, f, &mut scratch) {
                        let bar = if pick.is_some() { &best } else { &now.1 };
                        if key(&scratch) > key(bar) {
                            std::mem::swap(&mut best, &mut scratch);
                            pick = Some(i);
                        }
                    }
                }
                if let Some(v) = pick.and_then(|i| options.get(i)) {
                    self.set(&mut trial, &now.0, f, v, &mut apart);
                    self.repair(&mut trial, f);
                    std::mem::swap(&mut now.0, &mut trial);
                    std::mem::swap(&mut now.1, &mut best);
                    moved = true;
                    // The field and any other side of its constraints that was repaired.
                    moves += 1;
                    for &g in &apart {
                        if let Some(m) = moved_at.get_mut(g) {
                            *m = moves;
                        }
                    }
                }
            }
            if !moved {
                break;
            }
        }
        // The completion shown: each field at the first of its candidates (left empty, then
        // the smallest) that scores as well, not at a value far past every threshold.
        // A field whose thresholds are solved (a share, a growth rate) would need them solved
        // afresh for this completion, which cost as much as the rest of the bounds: it stays
        // where the climb left it, but for a count that only raises its criterion's points,
        // which is left empty when that scores as well, and else solved.
        for f in self.free.clone() {
            if starts.get(f) == Some(&Start::Shown) {
                continue;
            }
            let current = now.0.get(f).cloned().flatten();
            let alone = self.alone(f);
            if !self.fixed(f) {
                if !self.rising.contains(&f) {
                    continue;
                }
                let optional = self.rules.fields.get(f).is_some_and(|x| !x.decl.required);
                if optional && current.is_some() {
                    self.set(&mut trial, &now.0, f, &None, &mut apart);
                    if self.rescore(&now, &trial, f, &mut scratch) && key(&scratch) == key(&now.1) {
                        std::mem::swap(&mut now.0, &mut trial);
                        std::mem::swap(&mut now.1, &mut scratch);
                        continue;
                    }
                }
            }
            let options = self.options(&now.0, f);
            if let Some(c) = alone {
                // The same points score as well and leave every other result as it is.
                self.set(&mut trial, &now.0, f, &current, &mut apart);
                // Only the values before its own can be shown instead.
                let before = options.get(..options.iter().position(|v| *v == current).unwrap_or(options.len()));
                if let Some(points) = self.points_over(&now, &mut trial, f, c, before.unwrap_or_default()) {
                    let here = now.1.criteria.get(c).map_or(Decimal::ZERO, |r| r.1);
                    let first = options.iter().zip(&points).find(|(_, p)| **p == here);
                    if let (Some((v, _)), Some(slot)) = (first, now.0.get_mut(f)) {
                        slot.clone_from(v);
                    }
                    continue;
                }
            }
            for v in options.iter() {
                if *v == current {
                    break;
                }
                self.set(&mut trial, &now.0, f, v, &mut apart);
                if self.rescore(&now, &trial, f, &mut scratch) && key(&scratch) == key(&now.1) {
                    std::mem::swap(&mut now.0, &mut trial);
                    std::mem::swap(&mut now.1, &mut scratch);
                    break;
                }
            }
        }
        self.starts = starts;
        Some(now)
    }

    /// Makes `trial` a copy of `to` with `field` at `value`, copying back only the fields in
    /// `apart`: cheaper than a fresh copy for each value tried.
    ///
    /// Requires that `trial` differs from `to` in no field outside `apart`. On return `apart`
    /// lists `field` and the free sides of its constraints (all that [`Search::repair`] may
    /// move next), so the requirement holds for the next call, and also after the caller
    /// swaps the two records.
    fn set(&self, trial: &mut Record, to: &Record, field: usize, value: &Option<FieldValue>, apart: &mut Vec<usize>) {
        debug_assert!(
            (0..to.len()).all(|f| apart.contains(&f) || trial.get(f) == to.get(f)),
            "a trial differs from its record outside the fields it lists"
        );
        for &f in apart.iter() {
            if let (Some(slot), Some(v)) = (trial.get_mut(f), to.get(f)) {
                if slot != v {
                    slot.clone_from(v);
                }
            }
        }
        apart.clear();
        apart.push(field);
        apart.extend(self.partners.get(field).map_or(&[][..], Vec::as_slice));
        if let Some(slot) = trial.get_mut(field) {
            slot.clone_from(value);
        }
    }

    /// After `changed` moved, brings the other free side of each cross-field constraint it
    /// breaks to the nearest value that keeps it: a move of the denominator of a share
    /// takes the numerator with it (firms with ISO 9001 ≤ above-scale firms).
    fn repair(&self, record: &mut Record, changed: usize) {
        use crate::model::ConstraintOp::{Ge, Gt, Le, Lt};
        for c in &self.rules.constraints {
            let (other, op) = if c.left == changed {
                (c.right, c.op)
            } else if c.right == changed {
                // Seen from the other side: a ≤ b is b ≥ a.
                let flipped = match c.op {
                    Le => Ge,
                    Lt => Gt,
                    Ge => Le,
                    Gt => Lt,
                };
                (c.left, flipped)
            } else {
                continue;
            };
            if !self.free.contains(&other) || self.rules.constraints_hold(record) {
                continue;
            }
            let Some(Some(FieldValue::Number(v))) = record.get(changed).cloned() else { continue };
            let step = self.rules.step_of(other);
            // `changed op other` must hold: pick `other` just on the right side of `v`.
            let to = match op {
                Le | Ge => Some(v),
                Lt => super::arith::add(v, step),
                Gt => super::arith::sub(v, step),
            };
            let Some(to) = to else { continue };
            let allowed = self.rules.fields.get(other).is_some_and(|f| {
                f.min.is_none_or(|m| to >= m)
                    && f.max.is_none_or(|m| to <= m)
                    && (!f.decl.field_type.is_whole() || to.fract().is_zero())
            });
            if let (true, Some(slot)) = (allowed, record.get_mut(other)) {
                *slot = Some(FieldValue::Number(to));
            }
        }
    }
}
