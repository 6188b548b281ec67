//! The attained half of score bounds: completions of the missing fields, each scored by the
//! engine itself, searched towards the highest and the lowest score, with everything they
//! reach kept (final scores, grades, outcomes, each criterion's points, gates and vetoes).

use super::candidates::Atom;
use super::record::{Record, Unit};
use crate::compile::CompiledRuleset;
use crate::expr::FieldValue;
use crate::score::{truth, Evaluation};
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
    fn add(&mut self, e: &Scored) {
        widen(&mut self.finals, e.final_score);
        self.grades.extend(e.grade);
        self.outcomes.extend(e.outcome);
        self.criteria.resize(e.criteria.len(), None);
        for (span, (_, points)) in self.criteria.iter_mut().zip(&e.criteria) {
            widen(span, *points);
        }
        for (seen, now) in [(&mut self.gates, &e.gates), (&mut self.vetoes, &e.vetoes)] {
            seen.resize(now.len(), (false, false));
            for (seen, held) in seen.iter_mut().zip(now) {
                if *held {
                    seen.0 = true;
                } else {
                    seen.1 = true;
                }
            }
        }
    }
}

/// What the search needs of a scored completion: each rule's result and what they add up to.
#[derive(Debug, Clone)]
pub(super) struct Scored {
    /// Whether each criterion then bonus item applies, and its points.
    pub criteria: Vec<(bool, Decimal)>,
    /// Whether each gate holds (passes).
    pub gates: Vec<bool>,
    /// Whether each veto holds (fires).
    pub vetoes: Vec<bool>,
    pub final_score: Decimal,
    pub unrounded: Decimal,
    /// Earned points plus bonus points before the cap.
    pub points: Decimal,
    pub grade: Option<usize>,
    pub outcome: Option<usize>,
}

impl CompiledRuleset {
    /// The search's view of a full evaluation.
    pub(super) fn scored(&self, e: &Evaluation) -> Scored {
        Scored {
            criteria: e.criteria.iter().map(|c| (c.applicable, c.points)).collect(),
            gates: e.gates.iter().map(|g| g.held == Ok(true)).collect(),
            vetoes: e.vetoes.iter().map(|v| v.held == Ok(true)).collect(),
            final_score: e.final_score,
            unrounded: e.unrounded,
            points: e.earned.saturating_add(e.bonus),
            grade: e.grade,
            outcome: e.outcome,
        }
    }

    /// Adds up rule results as the pipeline does: final score, grade, outcome.
    fn total(&self, s: &mut Scored) {
        let scored = self.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        let all = self.all_criteria();
        let (mut earned, mut max, mut bonus) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for (i, (c, (applies, points))) in all.iter().zip(&s.criteria).enumerate() {
            if i >= scored {
                bonus = bonus.saturating_add(*points);
            } else if *applies {
                earned = earned.saturating_add(*points);
                max = max.saturating_add(c.max.unwrap_or_default());
            }
        }
        let (_, _, unrounded, final_score) = self.finish(earned, max, bonus);
        let veto_fired = s.vetoes.iter().any(|v| *v);
        let gate_failed = s.gates.iter().any(|g| !*g);
        s.final_score = final_score;
        s.unrounded = unrounded;
        s.points = earned.saturating_add(bonus);
        s.grade = self.grade_of(final_score, veto_fired);
        s.outcome = self.outcome_of(final_score, s.grade, gate_failed, veto_fired);
    }
}

/// Values of some fields, or the candidates of one.
type Values = Vec<Option<FieldValue>>;

/// What a search climbs: larger is better.
pub(super) type Key = (Decimal, i64, Decimal);

/// How many gates fail and vetoes fire.
pub(super) fn blows(e: &Scored) -> i64 {
    let failed = e.gates.iter().filter(|g| !**g).count();
    let fired = e.vetoes.iter().filter(|v| **v).count();
    i64::try_from(failed + fired).unwrap_or(i64::MAX)
}

/// Towards the highest score, then fewer blows, then more points.
pub(super) fn up(e: &Scored) -> Key {
    (e.final_score, -blows(e), e.points)
}

/// Towards the lowest score, then more blows, then fewer points.
pub(super) fn down(e: &Scored) -> Key {
    (-e.final_score, blows(e), -e.points)
}

/// Rounds of coordinate search before it stops improving on its own.
const MAX_ROUNDS: usize = 4;

pub(super) struct Search<'a> {
    rules: &'a CompiledRuleset,
    atoms: &'a [Atom],
    /// The fields it may set, in declaration order.
    pub free: Vec<usize>,
    /// Free fields that share a rule or a constraint with another free field: only these can
    /// gain from a second round.
    coupled: Vec<usize>,
    /// Candidates of fields whose thresholds are constants: the same in every record.
    fixed: std::collections::BTreeMap<usize, Vec<Option<FieldValue>>>,
    /// The rules that read each field.
    readers: Vec<Vec<Unit>>,
    /// Candidates solved for a field, by the values of the fields its thresholds read.
    solved: Vec<(usize, Values, Values)>,
    pub seen: Seen,
}

impl<'a> Search<'a> {
    pub(super) fn new(rules: &'a CompiledRuleset, atoms: &'a [Atom], free: Vec<usize>, base: &Record) -> Self {
        let units = rules.units();
        let links =
            units.iter().map(|(_, f)| f.clone()).chain(rules.constraints.iter().map(|c| [c.left, c.right].into()));
        let mut coupled = BTreeSet::new();
        for fields in links {
            let inside: Vec<usize> = fields.iter().copied().filter(|f| free.contains(f)).collect();
            if inside.len() > 1 {
                coupled.extend(inside);
            }
        }
        let mut fixed = std::collections::BTreeMap::new();
        for &f in &free {
            let direct = atoms.iter().filter(|a| a.fields.contains(&f)).all(|a| a.expr == crate::expr::Expr::Field(f));
            if direct {
                fixed.insert(f, rules.candidates(base, f, atoms));
            }
        }
        let mut readers = vec![Vec::new(); rules.fields.len()];
        for (unit, fields) in &units {
            for &f in fields {
                if let Some(list) = readers.get_mut(f) {
                    list.push(*unit);
                }
            }
        }
        Self {
            rules,
            atoms,
            free,
            coupled: coupled.into_iter().collect(),
            fixed,
            readers,
            solved: Vec::new(),
            seen: Seen::default(),
        }
    }

    /// The candidates of `field` in `record`; thresholds solved for it are solved once for
    /// each set of values of the fields they read.
    fn options(&mut self, record: &Record, field: usize) -> Vec<Option<FieldValue>> {
        if let Some(list) = self.fixed.get(&field) {
            return list.clone();
        }
        let inputs: BTreeSet<usize> =
            self.atoms.iter().filter(|a| a.fields.contains(&field)).flat_map(|a| a.fields.iter().copied()).collect();
        let key: Vec<Option<FieldValue>> = inputs.iter().map(|&f| record.get(f).cloned().flatten()).collect();
        if let Some((_, _, list)) = self.solved.iter().find(|(f, k, _)| *f == field && *k == key) {
            return list.clone();
        }
        let list = self.rules.candidates(record, field, self.atoms);
        self.solved.push((field, key, list.clone()));
        list
    }

    /// Scores a record, or `None` when it breaks a cross-field constraint.
    pub(super) fn score(&mut self, record: &Record) -> Option<Scored> {
        if !self.rules.constraints_hold(record) {
            return None;
        }
        let sub = self.rules.completed(record);
        let (eval, _) = self.rules.evaluate_with(&sub, false);
        let scored = self.rules.scored(&eval);
        self.seen.add(&scored);
        Some(scored)
    }

    /// Scores `trial`, which differs from the scored `base` in a few free fields: only the
    /// rules that read them are evaluated again.
    fn rescore(&mut self, base: &(Record, Scored), trial: &Record) -> Option<Scored> {
        if !self.rules.constraints_hold(trial) {
            return None;
        }
        let changed: Vec<usize> = self.free.iter().copied().filter(|&f| trial.get(f) != base.0.get(f)).collect();
        let mut units: Vec<Unit> =
            changed.iter().flat_map(|&f| self.readers.get(f).cloned().unwrap_or_default()).collect();
        units.sort_by_key(|u| match u {
            Unit::Criterion(i) => (0, *i),
            Unit::Gate(i) => (1, *i),
            Unit::Veto(i) => (2, *i),
        });
        units.dedup();
        let mut scored = base.1.clone();
        let sub = self.rules.completed(trial);
        let ctx = self.rules.context(&sub).numbers_only();
        let all = self.rules.all_criteria();
        for unit in units {
            match unit {
                Unit::Criterion(i) => {
                    if let (Some(c), Some(slot)) = (all.get(i), scored.criteria.get_mut(i)) {
                        *slot = self.rules.criterion_alone(c, &ctx);
                    }
                }
                Unit::Gate(i) => {
                    if let (Some(g), Some(slot)) = (self.rules.gates.get(i), scored.gates.get_mut(i)) {
                        *slot = truth(g.expr.eval(&ctx, &mut Vec::new())) == Ok(true);
                    }
                }
                Unit::Veto(i) => {
                    if let (Some(v), Some(slot)) = (self.rules.vetoes.get(i), scored.vetoes.get_mut(i)) {
                        *slot = truth(v.expr.eval(&ctx, &mut Vec::new())) == Ok(true);
                    }
                }
            }
        }
        self.rules.total(&mut scored);
        self.seen.add(&scored);
        Some(scored)
    }

    /// A record with each free field at the first (`low`) or last of its candidates that
    /// keeps the cross-field constraints with the fields set before it.
    pub(super) fn start(&mut self, base: &Record, low: bool) -> Record {
        let mut record = base.clone();
        for f in self.free.clone() {
            let mut options = self.options(base, f);
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
    pub(super) fn climb(&mut self, mut record: Record, key: fn(&Scored) -> Key) -> Option<(Record, Scored)> {
        let start = match self.score(&record) {
            Some(e) => e,
            None => {
                // The start breaks a constraint: begin from the low start, which leaves
                // optional fields empty.
                record = self.start(&record, true);
                self.score(&record)?
            }
        };
        let mut now = (record, start);
        for round in 0..MAX_ROUNDS {
            let mut moved = false;
            // A field alone in its rules is best set once: its best value does not depend on
            // the others (points only add up, and the pipeline is monotone).
            let fields = if round == 0 { self.free.clone() } else { self.coupled.clone() };
            for f in fields {
                let current = now.0.get(f).cloned().flatten();
                let mut pick: Option<(Record, Scored)> = None;
                for v in self.options(&now.0, f) {
                    if v == current {
                        continue;
                    }
                    let mut trial = now.0.clone();
                    if let Some(slot) = trial.get_mut(f) {
                        *slot = v;
                    }
                    self.repair(&mut trial, f);
                    if let Some(e) = self.rescore(&now, &trial) {
                        let best = pick.as_ref().map_or(&now.1, |p| &p.1);
                        if key(&e) > key(best) {
                            pick = Some((trial, e));
                        }
                    }
                }
                if let Some(better) = pick {
                    now = better;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        // The completion shown: each field at the first of its candidates (left empty, then
        // the smallest) that scores as well, not at a value far past every threshold.
        for f in self.free.clone() {
            let current = now.0.get(f).cloned().flatten();
            for v in self.options(&now.0, f) {
                if v == current {
                    break;
                }
                let mut trial = now.0.clone();
                if let Some(slot) = trial.get_mut(f) {
                    *slot = v;
                }
                if let Some(e) = self.rescore(&now, &trial).filter(|e| key(e) == key(&now.1)) {
                    now = (trial, e);
                    break;
                }
            }
        }
        Some(now)
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
    pub(super) fn walk(&mut self, from: &(Record, Scored), to: &Record) {
        let mut now = from.clone();
        for f in self.free.clone() {
            let mut trial = now.0.clone();
            if let (Some(slot), Some(v)) = (trial.get_mut(f), to.get(f)) {
                slot.clone_from(v);
            }
            if let Some(e) = self.rescore(&now, &trial) {
                now = (trial, e);
            }
        }
    }

    /// How far the final score moves over one field's candidates from a scored record.
    pub(super) fn swing(&mut self, from: &(Record, Scored), field: usize) -> Decimal {
        let mut span: Option<(Decimal, Decimal)> = None;
        for v in self.options(&from.0, field) {
            let mut trial = from.0.clone();
            if let Some(slot) = trial.get_mut(field) {
                *slot = v;
            }
            if let Some(e) = self.rescore(from, &trial) {
                widen(&mut span, e.final_score);
            }
        }
        span.map_or(Decimal::ZERO, |(lo, hi)| hi - lo)
    }
}
