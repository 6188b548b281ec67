//! Advice: the fewest changes to actionable fields that reach a target grade or outcome,
//! each proposed value a threshold of the rules, each set checked by scoring it.

use super::advice_words::{shown, Note};
use super::arith;
use super::candidates::Atom;
use super::record::{Record, Unit};
use super::search::blows;
use super::{Advice, AdviceOption, Blocker, Change};
use crate::compile::CompiledRuleset;
use crate::expr::FieldValue;
use crate::model::Text;
use crate::score::{explain_dec as dec, Evaluation};
use crate::validate::{FieldError, FieldErrorKind, ValidSubmission};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Most fields one option changes.
pub(super) const MAX_CHANGES: usize = 4;
/// Most sets of changes scored in one search.
const BUDGET: usize = 4000;

/// Past any real gain or change (2^64, about 1.8 × 10^19): a rule file's points and a field's
/// values can be as large as a decimal holds, and advice adds up a few gains and sizes.
const LARGE: Decimal = Decimal::from_parts(0, 0, 1, false, 0);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Goal {
    Grade(usize),
    Outcome(usize),
}

/// One field set to one value, as scored on its own.
#[derive(Debug, Clone)]
struct Move {
    field: usize,
    value: Option<FieldValue>,
    /// Unrounded score gained on its own.
    gain: Decimal,
    /// How much smaller the change is than others: |Δ| / |now|.
    size: Decimal,
    /// The rule it lifts most, its clauses and the points gained there.
    lifts: (String, Vec<String>, Decimal),
}

impl CompiledRuleset {
    fn goal(&self, target: Option<&str>, now: &Evaluation) -> Result<Goal, Box<FieldError>> {
        let Some(code) = target else {
            return Ok(Goal::Grade(now.grade.unwrap_or(0).saturating_sub(1)));
        };
        if let Some(g) = self.grades.iter().position(|g| g.id == code) {
            return Ok(Goal::Grade(g));
        }
        if let Some(o) = self.outcomes.iter().position(|o| o.model.id == code) {
            return Ok(Goal::Outcome(o));
        }
        let allowed: Vec<&str> = self
            .grades
            .iter()
            .map(|g| g.id.as_str())
            .chain(self.outcomes.iter().map(|o| o.model.id.as_str()))
            .collect();
        let target = code.chars().take(40).collect();
        let allowed = allowed.into_iter().map(str::to_owned).collect();
        Err(Box::new(FieldError::new(FieldErrorKind::UnknownTarget { target, allowed }, "", None)))
    }

    fn reaches(goal: Goal, e: &Evaluation) -> bool {
        match goal {
            Goal::Grade(k) => e.grade.is_some_and(|g| g <= k),
            Goal::Outcome(k) => e.outcome == Some(k),
        }
    }

    fn goal_label(&self, goal: Goal) -> (String, Text) {
        match goal {
            Goal::Grade(k) => self.grades.get(k).map(|g| (g.id.clone(), g.title.clone())),
            Goal::Outcome(k) => self.outcomes.get(k).map(|o| (o.model.id.clone(), o.model.title.clone())),
        }
        .unwrap_or_else(|| (String::new(), Text::new("", "")))
    }

    /// Whether a fired veto (or a failed gate) keeps the goal out of reach at any score.
    fn blocks(&self, goal: Goal, veto: bool) -> bool {
        let top = self.pipeline.max.unwrap_or(self.pipeline.scale);
        let (gf, vf) = if veto { (false, true) } else { (true, false) };
        let grade = self.grade_of(top, vf);
        match goal {
            Goal::Grade(k) => veto && grade.is_none_or(|g| g > k),
            Goal::Outcome(k) => self.outcome_of(top, grade, gf, vf) != Some(k),
        }
    }

    pub(super) fn advise_valid(
        &self,
        valid: ValidSubmission,
        target: Option<&str>,
        n: usize,
    ) -> Result<Advice, Box<FieldError>> {
        let (now, _) = self.evaluate(&valid);
        let goal = self.goal(target, &now)?;
        Ok(self.advise_goal(valid.values, &now, goal, n.max(1), true))
    }

    fn advise_goal(&self, record: Record, now: &Evaluation, goal: Goal, n: usize, fall_back: bool) -> Advice {
        let (code, label) = self.goal_label(goal);
        let grade_now = now.grade.and_then(|g| self.grades.get(g)).map_or("", |g| g.id.as_str()).to_owned();
        let mut advice = Advice {
            ruleset: self.ruleset_ref(),
            target: code.clone(),
            final_score: now.final_score.to_string(),
            grade: grade_now,
            outcome: now.outcome.and_then(|o| self.outcomes.get(o)).map_or("", |o| o.model.id.as_str()).to_owned(),
            reached: Self::reaches(goal, now),
            reachable: true,
            options: Vec::new(),
            blocked_by: Vec::new(),
            best: None,
            summary: Text::new("", ""),
        };
        if advice.reached {
            // A grade better than the target is said as it is: the zone has that grade.
            let (code, label) = match (goal, now.grade) {
                (Goal::Grade(k), Some(g)) if g != k => self.goal_label(Goal::Grade(g)),
                _ => (code, label),
            };
            advice.summary = Text::new(
                format!("已达到{}（{}，{}分）", label.zh, code, now.final_score),
                format!("Already {} ({}, {})", label.en, code, now.final_score),
            );
            return advice;
        }
        // Before any blocker: a veto in the way of an upward target says nothing of one
        // reached only by failing a gate.
        if !self.above(goal, now) {
            advice.reachable = false;
            let note = if self.nowhere(goal) { Note::Never(None) } else { Note::Below };
            advice.summary = self.summary(&advice, &label, &note);
            return advice;
        }
        let atoms = self.atoms();
        let units = self.units();
        let reads: BTreeSet<usize> = units.iter().flat_map(|(_, f)| f.iter().copied()).collect();
        let free: Vec<usize> = reads.into_iter().filter(|&f| self.actionable(f)).collect();
        let moves = self.moves(&record, now, &free, atoms);

        // Vetoes and gates that keep the goal out of reach must be undone first, each by
        // the smallest single change that undoes it.
        let mut fixes: Vec<Move> = Vec::new();
        let checks = [(true, &self.vetoes, Unit::Veto as fn(usize) -> Unit), (false, &self.gates, Unit::Gate)];
        for (veto, list, unit) in checks {
            for (i, c) in list.iter().enumerate() {
                let in_way = match (veto, now.vetoes.get(i), now.gates.get(i)) {
                    (true, Some(v), _) => v.held == Ok(true),
                    (false, _, Some(g)) => g.held != Ok(true),
                    _ => false,
                };
                if !in_way || !self.blocks(goal, veto) {
                    continue;
                }
                let undone = |m: &&Move| *m.lifts.0 == *c.id;
                match moves.iter().filter(undone).min_by(|a, b| a.size.cmp(&b.size)) {
                    Some(m) => fixes.push(m.clone()),
                    None => {
                        let fields =
                            units.iter().find(|(u, _)| *u == unit(i)).map(|(_, f)| f.clone()).unwrap_or_default();
                        let pointers = fields.iter().filter_map(|&f| self.fields.get(f).map(|x| x.pointer.clone()));
                        advice.blocked_by.push(Blocker {
                            id: c.id.to_string(),
                            title: c.title.clone(),
                            fields: pointers.collect(),
                        });
                    }
                }
            }
        }
        let mut failing = Vec::new();
        if advice.blocked_by.is_empty() {
            advice.options = self.search_options(&record, goal, &fixes, &moves, n, &mut failing);
        }
        // A grade reached while a failing gate decides the outcome: say so.
        let mut note = match goal {
            Goal::Grade(_) if !failing.is_empty() => Note::GatesFail(failing),
            _ => Note::Plain,
        };
        advice.reachable = !advice.options.is_empty();
        if !advice.reachable && advice.blocked_by.is_empty() {
            if let Some(top) = self.never(&record, goal, &free) {
                note = Note::Never(top);
            }
        }
        if !advice.reachable && fall_back {
            advice.best = self.best_instead(&record, now, goal, n).map(Box::new);
        }
        advice.summary = self.summary(&advice, &label, &note);
        advice
    }

    /// Every single change worth making on its own: each candidate value of each free field.
    fn moves(&self, record: &Record, now: &Evaluation, free: &[usize], atoms: &[Atom]) -> Vec<Move> {
        let all = self.all_criteria();
        let mut out = Vec::new();
        for &f in free {
            let from = record.get(f).cloned().flatten();
            for value in self.candidates(record, f, atoms) {
                // Never a value left out: a blank reads as missing evidence, and a veto's
                // fact left out would lift the veto by hiding the fact.
                if value == from || value.is_none() {
                    continue;
                }
                let mut trial = record.clone();
                if let Some(slot) = trial.get_mut(f) {
                    slot.clone_from(&value);
                }
                let Some(e) = self.score_record(&trial) else { continue };
                let undone = |list: &[crate::score::CheckEval], before: &[crate::score::CheckEval], fire: bool| {
                    list.iter()
                        .zip(before)
                        .position(|(a, b)| (a.held == Ok(true)) != (b.held == Ok(true)) && (b.held == Ok(true)) == fire)
                };
                let lifts = if let Some(v) = undone(&e.vetoes, &now.vetoes, true) {
                    self.vetoes.get(v).map(|c| (c.id.to_string(), c.clause.to_vec(), Decimal::ZERO))
                } else if let Some(g) = undone(&e.gates, &now.gates, false) {
                    self.gates.get(g).map(|c| (c.id.to_string(), c.clause.to_vec(), Decimal::ZERO))
                } else {
                    let best = e.criteria.iter().zip(&now.criteria).zip(&all).max_by(|((a, b), _), ((c, d), _)| {
                        arith::minus(a.points, b.points).cmp(&arith::minus(c.points, d.points))
                    });
                    best.filter(|((a, b), _)| a.points > b.points).map(|((a, b), c)| {
                        (c.model.id.clone(), c.model.clause.clone(), arith::minus(a.points, b.points))
                    })
                };
                let Some(lifts) = lifts else { continue };
                let gain = arith::minus(e.unrounded, now.unrounded);
                if gain < Decimal::ZERO || blows(&self.scored(&e)) > blows(&self.scored(now)) {
                    continue;
                }
                // Each at most LARGE, so that sums of a few never overflow.
                let size = self.size(f, from.as_ref(), value.as_ref()).min(LARGE);
                out.push(Move { field: f, size, value, gain: gain.min(LARGE), lifts });
            }
        }
        out
    }

    /// The numbers of a record (no part values, notes or warnings: advice reads points,
    /// gates, vetoes and the conclusions only), `None` when it breaks a constraint.
    fn score_record(&self, record: &Record) -> Option<Evaluation> {
        if !self.constraints_hold(record) {
            return None;
        }
        Some(self.evaluate_scores(&self.completed(record), false).0)
    }

    /// Relative size of a change: |Δ| / |now| for numbers; 1 for anything else, and for a
    /// number given where there was none, 1 and a little more the larger it is (so that of
    /// two blank fields filled, the smaller number is proposed first).
    fn size(&self, field: usize, from: Option<&FieldValue>, to: Option<&FieldValue>) -> Decimal {
        match (from, to) {
            (Some(FieldValue::Number(a)), Some(FieldValue::Number(b))) => {
                let scale = a.abs().max(self.step_of(field));
                arith::div(arith::minus(*b, *a).abs(), scale).unwrap_or(Decimal::ONE)
            }
            (None, Some(FieldValue::Number(b))) => {
                let b = b.abs();
                Decimal::ONE + arith::div(b, arith::plus(b, Decimal::ONE)).unwrap_or(Decimal::ZERO)
            }
            _ => Decimal::ONE,
        }
    }
}

/// A set of changes that reaches the goal: how many, their total size, the changes and the
/// scored result. Only the best few become options, so the rest are never worded.
type Found = (usize, Decimal, Vec<Move>, Evaluation);

impl CompiledRuleset {
    /// Sets of changes that reach the goal, fewest fields first, then the smallest; the gates
    /// the first still fails, when they decide its outcome, go to `failing`.
    fn search_options(
        &self,
        record: &Record,
        goal: Goal,
        fixes: &[Move],
        moves: &[Move],
        n: usize,
        failing: &mut Vec<usize>,
    ) -> Vec<AdviceOption> {
        // Only gates that decide the outcome: it would be another with every gate passed.
        let failed = |e: &Evaluation, out: &mut Vec<usize>| {
            let veto_fired = e.vetoes.iter().any(|v| v.held == Ok(true));
            if self.outcome_of(e.final_score, e.grade, false, veto_fired) != e.outcome {
                out.extend((e.gates.iter().enumerate()).filter_map(|(i, g)| (g.held != Ok(true)).then_some(i)));
            }
        };
        let mut base = record.clone();
        for m in fixes {
            if let Some(slot) = base.get_mut(m.field) {
                slot.clone_from(&m.value);
            }
        }
        let Some(start) = self.score_record(&base) else { return Vec::new() };
        if !fixes.is_empty() && Self::reaches(goal, &start) {
            failed(&start, failing);
            return vec![self.option(record, fixes, &start)];
        }
        // Per field, each level of gain by its smallest change; fields best first.
        let fixed: BTreeSet<usize> = fixes.iter().map(|m| m.field).collect();
        let mut by_field: Vec<Vec<&Move>> = Vec::new();
        for m in moves.iter().filter(|m| m.gain > Decimal::ZERO && !fixed.contains(&m.field)) {
            match by_field.iter_mut().find(|l| l.first().is_some_and(|x| x.field == m.field)) {
                Some(list) => match list.iter_mut().find(|x| x.gain == m.gain) {
                    Some(x) if m.size < x.size => *x = m,
                    Some(_) => {}
                    None => list.push(m),
                },
                None => by_field.push(vec![m]),
            }
        }
        let best_gain = |l: &Vec<&Move>| l.iter().map(|m| m.gain).max().unwrap_or_default();
        by_field.sort_by_key(|l| std::cmp::Reverse(best_gain(l)));
        let needed = self.needed(goal).map_or(Decimal::ZERO, |s| arith::minus(s, start.unrounded));
        let mut found: Vec<Found> = Vec::new();
        let mut budget = BUDGET;
        for k in 1..=MAX_CHANGES {
            let mut picked: Vec<&Move> = Vec::new();
            self.combine(&base, goal, &by_field, 0, k, needed, &mut picked, fixes, &mut found, &mut budget);
            if found.len() >= n || budget == 0 {
                break;
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        if let Some((.., e)) = found.first() {
            failed(e, failing);
        }
        found.into_iter().take(n).map(|(_, _, all, e)| self.option(record, &all, &e)).collect()
    }

    /// Depth-first over fields from `from`, one move each, until `k` are picked; a branch
    /// whose gains cannot add up to `needed` is cut.
    #[allow(clippy::too_many_arguments)]
    fn combine<'m>(
        &self,
        base: &Record,
        goal: Goal,
        by_field: &[Vec<&'m Move>],
        from: usize,
        k: usize,
        needed: Decimal,
        picked: &mut Vec<&'m Move>,
        fixes: &[Move],
        found: &mut Vec<Found>,
        budget: &mut usize,
    ) {
        if *budget == 0 {
            return;
        }
        let gained: Decimal = picked.iter().map(|m| m.gain).sum();
        if picked.len() == k {
            if gained < needed {
                return;
            }
            *budget -= 1;
            let mut trial = base.clone();
            for m in picked.iter() {
                if let Some(slot) = trial.get_mut(m.field) {
                    slot.clone_from(&m.value);
                }
            }
            if let Some(e) = self.score_record(&trial).filter(|e| Self::reaches(goal, e)) {
                let all: Vec<Move> = fixes.iter().cloned().chain(picked.iter().map(|m| (*m).clone())).collect();
                let size = all.iter().map(|m| m.size).sum();
                found.push((all.len(), size, all, e));
            }
            return;
        }
        let left = k - picked.len();
        for i in from..by_field.len() {
            // Fields come best first: the next `left` are the most the rest can add.
            let hope: Decimal =
                by_field.iter().skip(i).take(left).map(|l| l.iter().map(|m| m.gain).max().unwrap_or_default()).sum();
            if gained + hope < needed {
                return;
            }
            for m in by_field.get(i).into_iter().flatten() {
                picked.push(m);
                self.combine(base, goal, by_field, i + 1, k, needed, picked, fixes, found, budget);
                picked.pop();
            }
        }
    }

    fn option(&self, record: &Record, moves: &[Move], e: &Evaluation) -> AdviceOption {
        let mut changes: Vec<(usize, Change)> = moves
            .iter()
            .filter_map(|m| {
                let f = self.fields.get(m.field)?;
                let from = Self::json_of(record.get(m.field).and_then(Option::as_ref));
                let to = Self::json_of(m.value.as_ref());
                let change = Change {
                    path: f.pointer.clone(),
                    label: f.label.clone(),
                    from_text: shown(&f.decl, &from),
                    to_text: shown(&f.decl, &to),
                    from,
                    to,
                    criterion: m.lifts.0.clone(),
                    clause: m.lifts.1.clone(),
                    points: dec(m.lifts.2),
                };
                Some((m.field, change))
            })
            .collect();
        changes.sort_by_key(|(f, _)| *f);
        AdviceOption {
            changes: changes.into_iter().map(|(_, c)| c).collect(),
            final_score: e.final_score.to_string(),
            grade: e.grade.and_then(|g| self.grades.get(g)).map_or("", |g| g.id.as_str()).to_owned(),
            outcome: e.outcome.and_then(|o| self.outcomes.get(o)).map_or("", |o| o.model.id.as_str()).to_owned(),
        }
    }

    /// When the goal is out of reach: the best grade above the present one that is not.
    fn best_instead(&self, record: &Record, now: &Evaluation, goal: Goal, n: usize) -> Option<Advice> {
        let current = now.grade?;
        let first = match goal {
            Goal::Grade(k) => k + 1,
            Goal::Outcome(_) => 0,
        };
        (first..current).map(|g| self.advise_goal(record.clone(), now, Goal::Grade(g), n, false)).find(|a| a.reachable)
    }
}
