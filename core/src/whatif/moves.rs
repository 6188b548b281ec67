//! The single changes advice builds its options from: each candidate value of each actionable
//! field, scored on its own, with the rule it lifts most and how large a change it is.

use super::advise::LARGE;
use super::arith;
use super::candidates::Atom;
use super::record::Record;
use super::search::blows;
use crate::compile::CompiledRuleset;
use crate::expr::FieldValue;
use crate::score::Evaluation;
use rust_decimal::Decimal;

/// One field set to one value, as scored on its own.
#[derive(Debug, Clone)]
pub(super) struct Move {
    pub field: usize,
    pub value: Option<FieldValue>,
    /// Unrounded score gained on its own.
    pub gain: Decimal,
    /// How much smaller the change is than others: |Δ| / |now|.
    pub size: Decimal,
    /// The rule it lifts most, its clauses and the points gained there.
    pub lifts: (String, Vec<String>, Decimal),
}

impl CompiledRuleset {
    /// Every single change worth making on its own: each candidate value of each free field.
    pub(super) fn moves(&self, record: &Record, now: &Evaluation, free: &[usize], atoms: &[Atom]) -> Vec<Move> {
        let mut out = Vec::new();
        for &f in free {
            let from = record.get(f).cloned().flatten();
            for value in self.candidates(record, f, atoms) {
                // Never a value left out: a blank reads as missing evidence, and a veto's
                // fact left out would lift the veto by hiding the fact.
                if value == from || value.is_none() {
                    continue;
                }
                out.extend(self.single(record, now, f, value).filter(|(_, worth)| *worth).map(|(m, _)| m));
            }
        }
        out
    }

    /// `field` set to `value` alone: the move, with the rule it lifts most, and whether it is
    /// worth making on its own (it lifts a veto, a gate or some points, and no score falls).
    #[inline(never)]
    pub(super) fn single(
        &self,
        record: &Record,
        now: &Evaluation,
        field: usize,
        value: Option<FieldValue>,
    ) -> Option<(Move, bool)> {
        let from = record.get(field).cloned().flatten();
        let mut trial = record.clone();
        if let Some(slot) = trial.get_mut(field) {
            slot.clone_from(&value);
        }
        let e = self.score_record(&trial)?;
        let undone = |list: &[crate::score::CheckEval], before: &[crate::score::CheckEval], fire: bool| {
            list.iter()
                .zip(before)
                .position(|(a, b)| (a.held == Ok(true)) != (b.held == Ok(true)) && (b.held == Ok(true)) == fire)
        };
        let all = self.all_criteria();
        let lifts = if let Some(v) = undone(&e.vetoes, &now.vetoes, true) {
            self.vetoes.get(v).map(|c| (c.id.to_string(), c.clause.to_vec(), Decimal::ZERO))
        } else if let Some(g) = undone(&e.gates, &now.gates, false) {
            self.gates.get(g).map(|c| (c.id.to_string(), c.clause.to_vec(), Decimal::ZERO))
        } else {
            let best = e.criteria.iter().zip(&now.criteria).zip(&all).max_by(|((a, b), _), ((c, d), _)| {
                arith::minus(a.points, b.points).cmp(&arith::minus(c.points, d.points))
            });
            best.filter(|((a, b), _)| a.points > b.points)
                .map(|((a, b), c)| (c.model.id.clone(), c.model.clause.clone(), arith::minus(a.points, b.points)))
        };
        let gain = arith::minus(e.unrounded, now.unrounded);
        let worth = lifts.is_some() && gain >= Decimal::ZERO && blows(&self.scored(&e)) <= blows(&self.scored(now));
        // Each at most LARGE, so that sums of a few never overflow.
        let size = self.size(field, from.as_ref(), value.as_ref()).min(LARGE);
        let lifts = lifts.unwrap_or_default();
        Some((Move { field, size, value, gain: gain.min(LARGE), lifts }, worth))
    }

    /// The numbers of a record (no part values, notes or warnings: advice reads points,
    /// gates, vetoes and the conclusions only), `None` when it breaks a constraint.
    #[inline(never)]
    pub(super) fn score_record(&self, record: &Record) -> Option<Evaluation> {
        if !self.constraints_hold(record) {
            return None;
        }
        Some(self.evaluate_scores(&self.completed(record), false).0)
    }

    /// Relative size of a change: |Δ| / |now| for numbers; 1 for anything else, and for a
    /// number given where there was none, 1 and a little more the larger it is (so that of
    /// two blank fields filled, the smaller number is proposed first).
    pub(super) fn size(&self, field: usize, from: Option<&FieldValue>, to: Option<&FieldValue>) -> Decimal {
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
