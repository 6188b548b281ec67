//! Where advice's goal holds: the final scores, gates and vetoes at which a grade or outcome
//! is given, tried score by score where the outcome rules' constants alone cannot tell.

use super::advise::Goal;
use super::arith;
use super::record::Record;
use crate::compile::CompiledRuleset;
use crate::score::Evaluation;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

impl CompiledRuleset {
    /// The scores at which a grade or outcome can change: the grade table's and the outcome
    /// rules' constants, and 0.
    pub(super) fn marks(&self) -> BTreeSet<Decimal> {
        let mut marks: BTreeSet<Decimal> = self.grades.iter().filter_map(|g| g.min).collect();
        for o in &self.outcomes {
            if let Some(w) = &o.when {
                self.visit(w, &mut |e| {
                    if let crate::expr::Expr::Const(crate::expr::Const::Number(n)) = e {
                        marks.insert(*n);
                    }
                });
            }
        }
        marks.insert(Decimal::ZERO);
        marks
    }

    /// Whether the goal holds at final score `s`, a gate failed or not, a veto fired or not.
    pub(super) fn holds_at(&self, goal: Goal, s: Decimal, (gate_failed, veto_fired): (bool, bool)) -> bool {
        let grade = self.grade_of(s, veto_fired);
        match goal {
            Goal::Grade(k) => grade.is_some_and(|g| g <= k),
            Goal::Outcome(k) => self.outcome_of(s, grade, gate_failed, veto_fired) == Some(k),
        }
    }

    /// The lowest unrounded score at which the goal holds with no gate failed and no veto
    /// fired: for a grade, from the grade table; for an outcome, the first final score from
    /// the lowest mark up at which its rule holds, or where that is too long to try, the
    /// first of the rules' constants.
    pub(super) fn needed(&self, goal: Goal) -> Option<Decimal> {
        let half = Decimal::new(5, self.pipeline.rounding.places + 1);
        let marks = self.marks();
        let lowest = marks.first().copied().unwrap_or_default();
        let tried = match goal {
            Goal::Outcome(_) => self.first_between(goal, lowest, self.top(), &[(false, false)]),
            Goal::Grade(_) => None,
        };
        let found = tried.unwrap_or_else(|| marks.into_iter().find(|&m| self.holds_at(goal, m, (false, false))));
        found.map(|m| arith::minus(m, half))
    }

    /// The highest final score the rules give: `pipeline.max`, else the scale or the
    /// highest mark (beyond it only a rule without a cap goes).
    pub(super) fn top(&self) -> Decimal {
        let mark = self.marks().last().copied().unwrap_or_default();
        self.pipeline.max.unwrap_or_else(|| self.pipeline.scale.max(mark))
    }

    /// The first final score from `lo` to `hi` at which the goal holds with one of `flags`
    /// (a gate failed, a veto fired), each tried in turn (an outcome rule may compute with the
    /// score, `result.final_score * 2 >= 120`, so its constants alone do not tell); `Some(None)`
    /// at none; `None` when that is more than `SCAN` rule evaluations.
    pub(super) fn first_between(
        &self,
        goal: Goal,
        lo: Decimal,
        hi: Decimal,
        flags: &[(bool, bool)],
    ) -> Option<Option<Decimal>> {
        const SCAN: usize = 200_000;
        let step = Decimal::new(1, self.pipeline.rounding.places);
        let limit = SCAN / (self.outcomes.len().max(1) * flags.len().max(1));
        if arith::div(arith::minus(hi, lo), step)? > Decimal::from(limit) {
            return None;
        }
        let mut s = lo;
        while s <= hi {
            if flags.iter().any(|&f| self.holds_at(goal, s, f)) {
                return Some(Some(s));
            }
            // Past 28 digits a step is rounded away (`9e27 + 0.1`): no score between to try.
            let next = arith::plus(s, step);
            if next <= s {
                return None;
            }
            s = next;
        }
        Some(None)
    }

    /// Whether the goal may hold at some final score from the present one up, with each gate
    /// and veto as now or lifted: advice proposes no other change. A grade not reached is
    /// always above; an outcome may be met only lower down (`not_named` for a named zone) or
    /// only by failing a gate (`ineligible`). Above when that cannot be told, and under a
    /// pipeline without `max`, whose scores have no end.
    pub(super) fn above(&self, goal: Goal, now: &Evaluation) -> bool {
        let (Goal::Outcome(_), Some(top)) = (goal, self.pipeline.max) else { return true };
        let gate_failed = now.gates.iter().any(|g| g.held != Ok(true));
        let veto_fired = now.vetoes.iter().any(|v| v.held == Ok(true));
        let flags = [(false, false), (gate_failed, false), (false, veto_fired), (gate_failed, veto_fired)];
        self.first_between(goal, now.final_score, top, &flags) != Some(None)
    }

    /// Whether the goal holds at no final score the rules give, whatever the gates and
    /// vetoes: an outcome a rule before it always takes.
    pub(super) fn nowhere(&self, goal: Goal) -> bool {
        let lowest = self.marks().first().copied().unwrap_or_default();
        let flags = [(false, false), (true, false), (false, true), (true, true)];
        self.first_between(goal, lowest, self.top(), &flags) == Some(None)
    }

    /// When no value of the actionable fields can reach the goal, by the sound analysis with
    /// all of them open: `Some` of the highest final score they allow (`None` within when it
    /// has no bound). `None` when some values may reach it.
    pub(super) fn never(&self, record: &Record, goal: Goal, free: &[usize]) -> Option<Option<Decimal>> {
        let mut open = vec![false; record.len()];
        let mut trial = record.clone();
        for &f in free {
            if let (Some(o), Some(slot)) = (open.get_mut(f), trial.get_mut(f)) {
                *o = true;
                *slot = None;
            }
        }
        let sound = self.sound(&trial, &open, self.atoms());
        let (lo, hi) = sound.final_span();
        let possible = match goal {
            // Grades are read from the score by their `min` alone.
            Goal::Grade(k) => sound.grades.iter().any(|&g| g <= k),
            // The analysis reads outcome rules by their constants: every final score the
            // span allows is tried, with the gates and vetoes either way.
            Goal::Outcome(_) => {
                let flags = [(false, false), (false, true), (true, false), (true, true)];
                self.first_between(goal, lo, hi, &flags) != Some(None)
            }
        };
        (!possible).then_some((hi != Decimal::MAX).then_some(hi))
    }
}
