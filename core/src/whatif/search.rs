//! The attained half of score bounds: completions of the missing fields, each scored by the
//! engine itself, searched towards the highest and the lowest score, with everything they
//! reach kept (final scores, grades, outcomes, each criterion's points, gates and vetoes).

use super::candidates::Atom;
use super::record::Record;
use crate::compile::CompiledRuleset;
use crate::expr::FieldValue;
use crate::score::Evaluation;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Everything scored completions reached.
#[derive(Debug, Clone, Default)]
pub(super) struct Seen {
    pub finals: Option<(Decimal, Decimal)>,
    pub grades: BTreeSet<usize>,
    pub outcomes: BTreeSet<usize>,
    /// Lowest and highest points of each criterion then bonus item.
    pub criteria: Vec<Option<(Decimal, Decimal)>>,
    /// Whether each gate was seen passing, and failing.
    pub gates: Vec<(bool, bool)>,
    /// Whether each veto was seen firing, and not.
    pub vetoes: Vec<(bool, bool)>,
}

fn widen(span: &mut Option<(Decimal, Decimal)>, v: Decimal) {
    *span = Some(match *span {
        None => (v, v),
        Some((lo, hi)) => (lo.min(v), hi.max(v)),
    });
}

impl Seen {
    fn add(&mut self, e: &Evaluation) {
        widen(&mut self.finals, e.final_score);
        self.grades.extend(e.grade);
        self.outcomes.extend(e.outcome);
        self.criteria.resize(e.criteria.len(), None);
        for (span, c) in self.criteria.iter_mut().zip(&e.criteria) {
            widen(span, c.points);
        }
        self.gates.resize(e.gates.len(), (false, false));
        for (seen, g) in self.gates.iter_mut().zip(&e.gates) {
            if g.held == Ok(true) {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
        }
        self.vetoes.resize(e.vetoes.len(), (false, false));
        for (seen, v) in self.vetoes.iter_mut().zip(&e.vetoes) {
            if v.held == Ok(true) {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
        }
    }
}

/// What a search climbs: larger is better.
pub(super) type Key = (Decimal, i64, Decimal);

/// How many gates fail and vetoes fire.
pub(super) fn blows(e: &Evaluation) -> i64 {
    let failed = e.gates.iter().filter(|g| g.held != Ok(true)).count();
    let fired = e.vetoes.iter().filter(|v| v.held == Ok(true)).count();
    i64::try_from(failed + fired).unwrap_or(i64::MAX)
}

/// Towards the highest score, then fewer blows, then more points.
pub(super) fn up(e: &Evaluation) -> Key {
    (e.final_score, -blows(e), e.earned.saturating_add(e.bonus))
}

/// Towards the lowest score, then more blows, then fewer points.
pub(super) fn down(e: &Evaluation) -> Key {
    (-e.final_score, blows(e), -e.earned.saturating_add(e.bonus))
}

/// Rounds of coordinate search before it stops improving on its own.
const MAX_ROUNDS: usize = 4;

pub(super) struct Search<'a> {
    pub rules: &'a CompiledRuleset,
    pub atoms: &'a [Atom],
    /// The fields it may set, in declaration order.
    pub free: Vec<usize>,
    pub seen: Seen,
}

impl Search<'_> {
    /// Scores a record, or `None` when it breaks a cross-field constraint.
    pub(super) fn score(&mut self, record: &Record) -> Option<Evaluation> {
        if !self.rules.constraints_hold(record) {
            return None;
        }
        let sub = self.rules.completed(record);
        let (eval, _) = self.rules.evaluate(&sub);
        self.seen.add(&eval);
        Some(eval)
    }

    /// A record with each free field at the first (`low`) or last of its candidates that
    /// keeps the cross-field constraints with the fields set before it.
    pub(super) fn start(&self, base: &Record, low: bool) -> Record {
        let mut record = base.clone();
        for &f in &self.free {
            let mut options = self.rules.candidates(base, f, self.atoms);
            if !low {
                options.reverse();
            }
            for v in options {
                if let Some(slot) = record.get_mut(f) {
                    *slot = v;
                }
                if self.rules.constraints_hold(&record) {
                    break;
                }
            }
        }
        record
    }

    /// Coordinate search: each free field in turn set to its best candidate, until a round
    /// changes nothing.
    pub(super) fn climb(&mut self, mut record: Record, key: fn(&Evaluation) -> Key) -> Option<(Record, Evaluation)> {
        let mut best = match self.score(&record) {
            Some(e) => e,
            None => {
                // The start breaks a constraint: begin from the low start, which leaves
                // optional fields empty.
                record = self.start(&record, true);
                self.score(&record)?
            }
        };
        for _ in 0..MAX_ROUNDS {
            let mut moved = false;
            for f in self.free.clone() {
                let now = record.get(f).cloned().flatten();
                let mut pick: Option<Option<FieldValue>> = None;
                for v in self.rules.candidates(&record, f, self.atoms) {
                    if v == now {
                        continue;
                    }
                    let mut trial = record.clone();
                    if let Some(slot) = trial.get_mut(f) {
                        slot.clone_from(&v);
                    }
                    self.repair(&mut trial, f);
                    if let Some(e) = self.score(&trial) {
                        if key(&e) > key(&best) {
                            best = e;
                            pick = Some(v);
                        }
                    }
                }
                if let (Some(v), Some(slot)) = (pick, record.get_mut(f)) {
                    *slot = v;
                    self.repair(&mut record, f);
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        Some((record, best))
    }

    /// After `changed` moved, brings the other free side of each cross-field constraint it
    /// breaks to the nearest value that keeps it: a move of the denominator of a share
    /// takes the numerator with it (firms with ISO 9001 ≤ above-scale firms).
    fn repair(&self, record: &mut Record, changed: usize) {
        use crate::model::ConstraintOp::{Ge, Gt, Le, Lt};
        for c in &self.rules.constraints {
            let (other, op) = if c.left == changed {
                (c.right, c.model.op)
            } else if c.right == changed {
                // Seen from the other side: a ≤ b is b ≥ a.
                let flipped = match c.model.op {
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
                Le | Ge => v,
                Lt => v + step,
                Gt => v - step,
            };
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

    /// Scores the records on the way from `from` to `to`, one free field at a time.
    pub(super) fn walk(&mut self, from: &Record, to: &Record) {
        let mut record = from.clone();
        for f in self.free.clone() {
            if let (Some(slot), Some(v)) = (record.get_mut(f), to.get(f)) {
                slot.clone_from(v);
            }
            self.score(&record);
        }
    }

    /// How far the final score moves over one field's candidates in `record`.
    pub(super) fn swing(&mut self, record: &Record, field: usize) -> Decimal {
        let mut span: Option<(Decimal, Decimal)> = None;
        for v in self.rules.candidates(record, field, self.atoms) {
            let mut trial = record.clone();
            if let Some(slot) = trial.get_mut(field) {
                *slot = v;
            }
            if let Some(e) = self.score(&trial) {
                widen(&mut span, e.final_score);
            }
        }
        span.map_or(Decimal::ZERO, |(lo, hi)| hi - lo)
    }
}
