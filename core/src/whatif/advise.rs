//! Advice: the fewest changes to actionable fields that reach a target grade or outcome,
//! each proposed value a threshold of the rules, each set checked by scoring it.

use super::advice_words::{shown, Note};
use super::arith;
pub(super) use super::moves::Move;
use super::record::{Record, Unit};
use super::{Advice, AdviceOption, Blocker, Change};
use crate::compile::CompiledRuleset;
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
pub(super) const LARGE: Decimal = Decimal::from_parts(0, 0, 1, false, 0);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Goal {
    Grade(usize),
    Outcome(usize),
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
        // A code in another case (`b`), or a grade's or outcome's name in either language
        // (良好, Good), as a person types it; the answer gives the code.
        let t = code.trim();
        let named =
            |id: &str, title: &Text| id.eq_ignore_ascii_case(t) || title.zh == t || title.en.eq_ignore_ascii_case(t);
        if let Some(g) = self.grades.iter().position(|g| named(&g.id, &g.title)) {
            return Ok(Goal::Grade(g));
        }
        if let Some(o) = self.outcomes.iter().position(|o| named(&o.model.id, &o.model.title)) {
            return Ok(Goal::Outcome(o));
        }
        let (allowed, names) = self
            .grades
            .iter()
            .map(|g| (g.id.clone(), g.title.clone()))
            .chain(self.outcomes.iter().map(|o| (o.model.id.clone(), o.model.title.clone())))
            .unzip();
        let target = code.chars().take(40).collect();
        Err(Box::new(FieldError::new(FieldErrorKind::UnknownTarget { target, allowed, names }, "", None)))
    }

    pub(super) fn reaches(goal: Goal, e: &Evaluation) -> bool {
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
}

/// A set of changes that reaches the goal: how many, their total size, the changes and the
/// scored result. Only the best few become options, so the rest are never worded.
pub(super) type Found = (usize, Decimal, Vec<Move>, Evaluation);

/// Fewest changes first, then the smallest (one function for both sorts: one sort routine in
/// the browser's module).
fn fewest_then_smallest(a: &Found, b: &Found) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(a.1.cmp(&b.1))
}

/// Most sets of changes that pass the goal, kept to be brought back into it.
const PASSED: usize = 16;

/// Most sets of changes trimmed for one advice when few options are asked for (else four
/// times the options): as many for one option as for six, so that the first do not change
/// with how many are asked for. Each costs a few evaluations: 24 took advice to the next
/// grade from 13.5 to 20.3 million instructions, 48 to 28.4 (docs/performance/what-if.md).
const TRIMMED: usize = 24;

/// One search for sets of changes: where it starts, what it needs, what it has found.
struct Hunt<'a, 'm> {
    base: &'a Record,
    goal: Goal,
    /// Per field, the moves worth trying, fields best first.
    by_field: Vec<Vec<&'m Move>>,
    /// Unrounded score the goal needs above the start.
    needed: Decimal,
    /// The same, as a final unrounded score, when the rules tell it.
    at: Option<Decimal>,
    fixes: &'a [Move],
    found: Vec<Found>,
    /// Sets that reach the score but pass the goal (an outcome between two others).
    passed: Vec<Vec<Move>>,
    budget: usize,
}

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
            let (.., moves, e) =
                self.trim(record, fixes, goal, None).unwrap_or((0, Decimal::ZERO, fixes.to_vec(), start));
            return vec![self.option(record, &moves, &e)];
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
        let at = self.needed(goal);
        let needed = at.map_or(Decimal::ZERO, |s| arith::minus(s, start.unrounded));
        // A grade passed is a grade reached; only an outcome can be passed.
        let at = at.filter(|_| matches!(goal, Goal::Outcome(_)));
        let mut hunt = Hunt {
            base: &base,
            goal,
            by_field,
            needed,
            at,
            fixes,
            found: Vec::new(),
            passed: Vec::new(),
            budget: BUDGET,
        };
        // The best few, each change made no larger than the goal needs; two that come to the
        // same changes are one. Trimming reorders sets (a change found at a band's edge may
        // need only a step), so the sets of each count of changes are trimmed before any is
        // kept, up to a number that does not depend on how many options are asked for: the
        // first options are the same whether one or six are asked for. Past that number,
        // sets that trim to the changes of those kept are all that is left.
        let mut kept: Vec<Found> = Vec::new();
        let (mut trimmed, most) = (0, TRIMMED.max(n.saturating_mul(4)));
        for k in 1..=MAX_CHANGES {
            let mut picked: Vec<&Move> = Vec::new();
            self.combine(&mut hunt, 0, k, &mut picked);
            // Sets that passed the goal, each number brought back until the score is just
            // enough: an outcome between two others lies between their thresholds.
            for moves in std::mem::take(&mut hunt.passed) {
                hunt.found.extend(self.trim(record, &moves, goal, at));
            }
            let mut found = std::mem::take(&mut hunt.found);
            found.sort_by(fewest_then_smallest);
            let mut round: Vec<Found> = Vec::new();
            for one in found.into_iter().take(most.saturating_sub(trimmed)) {
                trimmed += 1;
                let one = self.trim(record, &one.2, goal, None).unwrap_or(one);
                let same =
                    |k: &Found| k.2.iter().map(|m| (m.field, &m.value)).eq(one.2.iter().map(|m| (m.field, &m.value)));
                if !kept.iter().chain(&round).any(same) {
                    round.push(one);
                }
            }
            round.sort_by(fewest_then_smallest);
            kept.extend(round.into_iter().take(n.saturating_sub(kept.len())));
            if kept.len() >= n || trimmed >= most || hunt.budget == 0 {
                break;
            }
        }
        kept.sort_by(fewest_then_smallest);
        if let Some((.., e)) = kept.first() {
            failed(e, failing);
        }
        kept.into_iter().map(|(_, _, all, e)| self.option(record, &all, &e)).collect()
    }

    /// `record` with `moves` made.
    #[inline(never)]
    pub(super) fn with(record: &Record, moves: &[Move]) -> Record {
        let mut trial = record.clone();
        for m in moves {
            if let Some(slot) = trial.get_mut(m.field) {
                slot.clone_from(&m.value);
            }
        }
        trial
    }

    /// Depth-first over fields from `from`, one move each, until `k` are picked; a branch
    /// whose gains cannot add up to what the goal needs is cut.
    fn combine<'m>(&self, hunt: &mut Hunt<'_, 'm>, from: usize, k: usize, picked: &mut Vec<&'m Move>) {
        if hunt.budget == 0 {
            return;
        }
        let gained: Decimal = picked.iter().map(|m| m.gain).sum();
        if picked.len() == k {
            if gained < hunt.needed {
                return;
            }
            hunt.budget -= 1;
            let all: Vec<Move> = hunt.fixes.iter().cloned().chain(picked.iter().map(|m| (*m).clone())).collect();
            let Some(e) = self.score_record(&Self::with(hunt.base, &all)) else { return };
            if Self::reaches(hunt.goal, &e) {
                let size = all.iter().map(|m| m.size).sum();
                hunt.found.push((all.len(), size, all, e));
            } else if hunt.at.is_some_and(|at| e.unrounded >= at) && hunt.passed.len() < PASSED {
                hunt.passed.push(all);
            }
            return;
        }
        let left = k - picked.len();
        for i in from..hunt.by_field.len() {
            // Fields come best first: the next `left` are the most the rest can add.
            let hope: Decimal = (hunt.by_field.iter().skip(i).take(left))
                .map(|l| l.iter().map(|m| m.gain).max().unwrap_or_default())
                .sum();
            if gained + hope < hunt.needed {
                return;
            }
            let moves = hunt.by_field.get(i).cloned().unwrap_or_default();
            for m in moves {
                picked.push(m);
                self.combine(hunt, i + 1, k, picked);
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
