//! The attained half of score bounds: completions of the missing fields, each scored by the
//! engine itself, searched towards the highest and the lowest score, with everything they
//! reach kept (final scores, grades, outcomes, each criterion's points, gates and vetoes).

use super::alone::best_of;
use super::candidates::{Atom, Crossings};
use super::memo::{Memo, Packed};
use super::record::{Record, Unit};
pub(super) use super::scored::{blows, down, up, Key, Scored, Seen};
use super::scored::{evaluate, put, result, Conclusions};
use crate::compile::{CCriterion, CompiledRuleset};
use crate::expr::FieldValue;
use crate::validate::ValidSubmission;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Values of some fields, or the candidates of one.
type Values = Vec<Option<FieldValue>>;

/// The candidates of one field, shared by every search step that tries them.
type Options = Rc<Values>;

/// How a climb treats a field it starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// Climbed.
    Climb,
    /// At its end already; shown at the first value that scores as well.
    End,
    /// At its end already, and shown as it is.
    Shown,
}

/// Rounds of coordinate search before it stops improving on its own.
const MAX_ROUNDS: usize = 4;

pub(super) struct Search<'a> {
    pub(super) rules: &'a CompiledRuleset,
    atoms: &'a [Atom],
    /// The fields it may set, in declaration order.
    pub free: Vec<usize>,
    /// Free fields that share a rule or a constraint with another free field: only these can
    /// gain from a second round.
    coupled: Vec<usize>,
    /// Candidates of fields whose thresholds are constants: the same in every record.
    fixed: std::collections::BTreeMap<usize, Options>,
    /// The fields the thresholds on each field read (solved candidates depend on them).
    inputs: Vec<Vec<usize>>,
    /// The rules that read each field.
    readers: &'a [Vec<Unit>],
    /// The other free fields of the cross-field constraints on each field.
    partners: Vec<Vec<usize>>,
    /// Candidates solved for a field, by the values of the fields its thresholds read.
    solved: Vec<(usize, Values, Options)>,
    /// Each threshold's crossing by the values of the fields it reads.
    crossings: Crossings,
    /// Every criterion then bonus item, and the most points of each criterion (not the
    /// bonus items): what adding up rule results needs, found once.
    pub(super) all: Vec<&'a CCriterion>,
    maxima: Vec<Decimal>,
    /// Rule results by the values they read.
    pub(super) memo: Memo,
    /// For each field read by one criterion alone, that criterion (see `alone`).
    pub(super) alone: Vec<Option<usize>>,
    /// The record rules are evaluated in, completed as the scorer sees it; kept between
    /// evaluations so that only the free fields that moved are written, and only those the
    /// rule evaluated reads (the others may lag behind).
    pub(super) sub: ValidSubmission,
    /// Final scores, grades and outcomes by the sums they come from.
    known: Conclusions,
    /// The rules a rescore looks up, and those it missed in the memo, kept to spare two
    /// allocations per trial.
    units: Vec<Unit>,
    misses: Vec<(Unit, Option<Packed>)>,
    /// Free fields that only raise the points of the criterion that alone reads them (see
    /// `CompiledRuleset::rising`).
    pub(super) rising: Vec<usize>,
    /// How the next climb treats each field (set by `Search::end` in `bounds`; empty: it
    /// climbs every field).
    pub(super) starts: Vec<Start>,
    /// The best final score and count of blows the sound analysis allows the next climb, as
    /// its key has them: a start already there needs no rounds (set by `Search::end`).
    pub(super) goal: Option<(Decimal, i64)>,
    /// The free fields, those that no criterion reads first.
    checks_first: Vec<usize>,
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
        let mut inputs = vec![Vec::new(); rules.fields.len()];
        for &f in &free {
            let direct = atoms.iter().filter(|a| a.fields.contains(&f)).all(|a| a.expr == crate::expr::Expr::Field(f));
            if direct {
                fixed.insert(f, Rc::new(rules.candidates(base, f, atoms)));
            } else if let Some(slot) = inputs.get_mut(f) {
                let read: BTreeSet<usize> =
                    atoms.iter().filter(|a| a.fields.contains(&f)).flat_map(|a| a.fields.iter().copied()).collect();
                *slot = read.into_iter().collect();
            }
        }
        let all = rules.all_criteria();
        let scored = rules.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        let maxima = all.iter().take(scored).map(|c| c.max.unwrap_or_default()).collect();
        let memo = Memo::new(units, &free, rules.fields.len());
        let mut partners = vec![Vec::new(); rules.fields.len()];
        for c in &rules.constraints {
            for (a, b) in [(c.left, c.right), (c.right, c.left)] {
                if let (true, Some(list)) = (free.contains(&b) && a != b, partners.get_mut(a)) {
                    if !list.contains(&b) {
                        list.push(b);
                    }
                }
            }
        }
        let readers = rules.readers();
        let alone = rules.read_alone(readers);
        let rising = free
            .iter()
            .copied()
            .filter(|&f| alone.get(f).copied().flatten().and_then(|c| all.get(c)).is_some_and(|c| rules.rising(c, f)))
            .collect();
        let scores = |f: &usize| readers.get(*f).is_some_and(|u| u.iter().any(|u| matches!(u, Unit::Criterion(_))));
        let checks_first =
            free.iter().filter(|f| !scores(f)).chain(free.iter().filter(|f| scores(f))).copied().collect();
        Self {
            rules,
            atoms,
            checks_first,
            free,
            coupled: coupled.into_iter().collect(),
            fixed,
            inputs,
            readers,
            partners,
            solved: Vec::new(),
            crossings: Crossings::default(),
            all,
            maxima,
            memo,
            alone,
            rising,
            sub: rules.completed(base),
            known: Conclusions::default(),
            units: Vec::new(),
            misses: Vec::new(),
            starts: Vec::new(),
            goal: None,
            seen: Seen::default(),
        }
    }

    /// The candidates of `field` in `record`; thresholds solved for it are solved once for
    /// each set of values of the fields they read.
    pub(super) fn options(&mut self, record: &Record, field: usize) -> Options {
        if let Some(list) = self.fixed.get(&field) {
            return Rc::clone(list);
        }
        let inputs = self.inputs.get(field).map_or(&[][..], Vec::as_slice);
        let same =
            |k: &Values| k.iter().zip(inputs).all(|(v, &f)| record.get(f).and_then(Option::as_ref) == v.as_ref());
        if let Some((_, _, list)) = self.solved.iter().find(|(f, k, _)| *f == field && same(k)) {
            return Rc::clone(list);
        }
        let key: Values = inputs.iter().map(|&f| record.get(f).cloned().flatten()).collect();
        let list = Rc::new(self.rules.candidates_with(record, field, self.atoms, &mut self.crossings));
        self.solved.push((field, key, Rc::clone(&list)));
        list
    }

    /// Scores a record, or `None` when it breaks a cross-field constraint.
    pub(super) fn score(&mut self, record: &Record) -> Option<Scored> {
        if !self.rules.constraints_hold(record) {
            return None;
        }
        let sub = self.rules.completed(record);
        let (eval, _) = self.rules.evaluate_scores(&sub, false);
        let scored = self.rules.scored(&eval);
        self.seen.add(&scored);
        Some(scored)
    }

    /// Scores `trial`, which differs from the scored `base` in a few free fields, into `out`;
    /// `false` when it breaks a cross-field constraint. Only the rules that read the fields
    /// that moved are looked up, and only those not met with these values before are
    /// evaluated.
    /// `moved` is the field set: only it and the free fields sharing a constraint with it
    /// (which [`Search::repair`] may have moved too) can differ.
    pub(super) fn rescore(&mut self, base: &(Record, Scored), trial: &Record, moved: usize, out: &mut Scored) -> bool {
        if !self.rules.constraints_hold(trial) {
            return false;
        }
        let mut units = std::mem::take(&mut self.units);
        units.clear();
        let partners = self.partners.get(moved).map_or(&[][..], Vec::as_slice);
        let mut sources = 0;
        for &f in std::iter::once(&moved).chain(partners) {
            if trial.get(f) != base.0.get(f) {
                units.extend(self.readers.get(f).map_or(&[][..], Vec::as_slice));
                sources += 1;
            }
        }
        // Each field's readers come in unit order already; only a merge needs sorting.
        if sources > 1 {
            units.sort_by_key(|u| match u {
                Unit::Criterion(i) => (0, *i),
                Unit::Gate(i) => (1, *i),
                Unit::Veto(i) => (2, *i),
            });
            units.dedup();
        }
        out.copy_from(&base.1);
        let mut misses = std::mem::take(&mut self.misses);
        misses.clear();
        for &unit in &units {
            match self.memo.lookup(unit, trial) {
                Ok(outcome) => put(out, unit, outcome),
                Err(key) => misses.push((unit, key)),
            }
        }
        if !misses.is_empty() {
            for &(unit, _) in &misses {
                self.sync(unit, trial);
            }
            let ctx = self.rules.context(&self.sub).numbers_only();
            for &(unit, key) in &misses {
                if let Some(outcome) = evaluate(self.rules, &self.all, unit, &ctx) {
                    put(out, unit, outcome);
                    if let Some(key) = key {
                        self.memo.insert(unit, key, outcome);
                    }
                }
            }
        }
        // No rule moved: the totals are the base's (and the base is seen already).
        if !units.iter().all(|&u| result(out, u) == result(&base.1, u)) {
            self.rules.total_moved(out, &base.1, &units, &self.maxima, &mut self.known);
            self.seen.add_changed(out, &units);
        }
        self.units = units;
        self.misses = misses;
        true
    }

    /// Brings the free fields `unit` reads in the kept completed record to `record`'s: all
    /// that evaluating it there needs.
    pub(super) fn sync(&mut self, unit: Unit, record: &Record) {
        for &f in self.memo.reads(unit) {
            let want = self.rules.seen_as(f, record.get(f).and_then(Option::as_ref));
            if let Some(slot) = self.sub.values.get_mut(f) {
                if slot.as_ref() != want {
                    *slot = want.cloned();
                }
            }
        }
    }

    /// A record with each free field at the first (`low`) or last of its candidates that
    /// keeps the cross-field constraints with the fields set before it.
    pub(super) fn start(&mut self, base: &Record, low: bool) -> Record {
        let mut record = base.clone();
        for f in self.free.clone() {
            let mut options: Values = self.options(base, f).to_vec();
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
                let alone = self.alone.get(f).copied().flatten();
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
            let alone = self.alone.get(f).copied().flatten();
            if !self.fixed.contains_key(&f) {
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
