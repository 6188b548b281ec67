//! The attained half of score bounds: completions of the missing fields, each scored by the
//! engine itself, searched towards the highest and the lowest score, with everything they
//! reach kept (final scores, grades, outcomes, each criterion's points, gates and vetoes).

use super::candidates::{Atom, Crossings};
use super::memo::{Memo, Packed};
use super::record::{FieldFacts, Record, Unit};
pub(super) use super::scored::{blows, down, up, Key, Scored, Seen};
use super::scored::{evaluate, put, result, Conclusions};
use crate::compile::{CCriterion, CompiledRuleset};
use crate::expr::FieldValue;
use crate::validate::ValidSubmission;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Values of some fields, or the candidates of one.
type Values = Vec<Option<FieldValue>>;

/// The candidates of one field, shared by every search step that tries them (and, when the
/// same in every record, by every search of the ruleset).
pub(super) type Options = Arc<Values>;

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
pub(super) const MAX_ROUNDS: usize = 4;

pub(super) struct Search<'a> {
    pub(super) rules: &'a CompiledRuleset,
    atoms: &'a [Atom],
    /// The fields it may set, in declaration order.
    pub free: Vec<usize>,
    /// Free fields that share a rule or a constraint with another free field: only these can
    /// gain from a second round.
    pub(super) coupled: Vec<usize>,
    /// What the search needs to know of each field, the same in every record.
    facts: &'a [FieldFacts],
    /// The rules that read each field.
    readers: &'a [Vec<Unit>],
    /// The other free fields of the cross-field constraints on each field.
    pub(super) partners: Vec<Vec<usize>>,
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
    /// Whether fields read by one criterion alone are ordered by its points (see `alone`);
    /// tests turn it off to compare with scoring each value.
    pub(super) shortcut: bool,
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
    /// `CompiledRuleset::rising`), in declaration order.
    pub(super) rising: Vec<usize>,
    /// How the next climb treats each field (set by `Search::end` in `bounds`; empty: it
    /// climbs every field).
    pub(super) starts: Vec<Start>,
    /// The best final score and count of blows the sound analysis allows the next climb, as
    /// its key has them: a start already there needs no rounds (set by `Search::end`).
    pub(super) goal: Option<(Decimal, i64)>,
    /// The free fields, those that no criterion reads first.
    pub(super) checks_first: Vec<usize>,
    pub seen: Seen,
}

impl<'a> Search<'a> {
    pub(super) fn new(rules: &'a CompiledRuleset, atoms: &'a [Atom], free: Vec<usize>, base: &Record) -> Self {
        let units = rules.units();
        // Free fields that share a rule or a constraint with another.
        let mut coupled = BTreeSet::new();
        let mut link = |fields: &mut dyn Iterator<Item = usize>| {
            let mut inside = fields.filter(|f| free.contains(f));
            if let (Some(a), Some(b)) = (inside.next(), inside.next()) {
                coupled.extend([a, b].into_iter().chain(inside));
            }
        };
        for (_, fields) in units {
            link(&mut fields.iter().copied());
        }
        for c in rules.constraints.iter().filter(|c| c.left != c.right) {
            link(&mut [c.left, c.right].into_iter());
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
        let facts = rules.field_facts();
        let rising = free.iter().copied().filter(|&f| facts.get(f).is_some_and(|x| x.rising)).collect();
        let scores = |f: &usize| readers.get(*f).is_some_and(|u| u.iter().any(|u| matches!(u, Unit::Criterion(_))));
        let checks_first =
            free.iter().filter(|f| !scores(f)).chain(free.iter().filter(|f| scores(f))).copied().collect();
        Self {
            rules,
            atoms,
            checks_first,
            free,
            coupled: coupled.into_iter().collect(),
            facts,
            readers,
            partners,
            solved: Vec::new(),
            crossings: Crossings::default(),
            all,
            maxima,
            memo,
            shortcut: true,
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
        let Some(facts) = self.facts.get(field) else { return Options::default() };
        if let Some(list) = &facts.fixed {
            return Arc::clone(list);
        }
        let inputs = facts.inputs.as_slice();
        let same =
            |k: &Values| k.iter().zip(inputs).all(|(v, &f)| record.get(f).and_then(Option::as_ref) == v.as_ref());
        if let Some((_, _, list)) = self.solved.iter().find(|(f, k, _)| *f == field && same(k)) {
            return Arc::clone(list);
        }
        let key: Values = inputs.iter().map(|&f| record.get(f).cloned().flatten()).collect();
        let list = Arc::new(self.rules.candidates_with(record, field, self.atoms, &mut self.crossings));
        self.solved.push((field, key, Arc::clone(&list)));
        list
    }

    /// The criterion that alone reads `field`, whose points order its values (see `alone`).
    pub(super) fn alone(&self, field: usize) -> Option<usize> {
        self.facts.get(field).and_then(|x| x.alone).filter(|_| self.shortcut)
    }

    /// Whether the candidates of `field` are the same in every record.
    pub(super) fn fixed(&self, field: usize) -> bool {
        self.facts.get(field).is_some_and(|x| x.fixed.is_some())
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
        for i in 0..self.free.len() {
            let Some(&f) = self.free.get(i) else { break };
            let options = self.options(base, f);
            let ordered: &mut dyn Iterator<Item = _> =
                if low { &mut options.iter() } else { &mut options.iter().rev() };
            for v in ordered {
                if let Some(slot) = record.get_mut(f) {
                    slot.clone_from(v);
                }
                if self.rules.constraints_hold(&record) {
                    break;
                }
            }
        }
        record
    }
}
