//! Exact spans of criteria whose missing fields are read only as themselves (compared with
//! constants, switched on, matched to codes): every combination of their candidates is tried,
//! which stands for every value they can take.

use super::candidates::Atom;
use super::record::Record;
use super::sound::Crit;
use super::Settled;
use crate::compile::{CCriterion, CompiledRuleset, PartBody};
use crate::expr::{Expr, FieldValue};
use crate::validate::ValidSubmission;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Most combinations of a criterion's missing fields tried one by one.
const MAX_COMBINATIONS: usize = 512;

/// The first combination of a criterion's missing fields (in the order they are tried:
/// left empty first, then each field's values upwards) that gives its fewest points, and
/// the first that gives its most: each field with its value.
pub(super) type Witness = [Vec<(usize, Option<FieldValue>)>; 2];

impl CompiledRuleset {
    /// A criterion's span found by trying every combination of its missing fields, when
    /// each is read only as itself (compared with constants, switched on, matched to
    /// codes): then its candidates stand for every value it can take, and the span is the
    /// truth, and the combinations that give its two ends are kept. `None` when a field
    /// enters arithmetic or there are too many combinations.
    pub(super) fn enumerate(
        &self,
        (i, c): (usize, &CCriterion),
        record: &Record,
        open: &[bool],
        atoms: &[Atom],
        (trial, sub): (&mut Record, &mut ValidSubmission),
    ) -> Option<(Crit, Witness)> {
        let (reads, tangled) = self.fields_of_criteria().get(i)?;
        let free: Vec<usize> = reads.iter().copied().filter(|&f| open.get(f).copied().unwrap_or(false)).collect();
        if free.iter().any(|f| tangled.contains(f)) {
            return None;
        }
        // Most fields here have the same candidates in every record, found once.
        let facts = self.field_facts();
        let options: Vec<super::search::Options> = free
            .iter()
            .map(|&f| match facts.get(f).and_then(|x| x.fixed.as_ref()) {
                Some(list) => std::sync::Arc::clone(list),
                None => std::sync::Arc::new(self.candidates(record, f, atoms)),
            })
            .collect();
        let count = options.iter().try_fold(1usize, |n, o| n.checked_mul(o.len().max(1)))?;
        if count > MAX_COMBINATIONS {
            return None;
        }
        // `trial` and `sub` are `record` and its completion, shared by every criterion: each
        // combination writes only the free slots (a default fills an empty one, as the scorer
        // does), which are put back at the end, not a fresh copy of the whole record.
        let (mut lo, mut hi) = (Decimal::MAX, Decimal::MIN);
        let (mut applied, mut skipped) = (false, false);
        let mut witness: Witness = Default::default();
        let combination = |trial: &Record| free.iter().map(|&f| (f, trial.get(f).cloned().flatten())).collect();
        for mut k in 0..count {
            for (&f, values) in free.iter().zip(&options) {
                let n = values.len().max(1);
                let value = values.get(k % n).and_then(Option::as_ref);
                let seen = self.seen_as(f, value);
                if let Some(slot) = sub.values.get_mut(f) {
                    if slot.as_ref() != seen {
                        *slot = seen.cloned();
                    }
                }
                if let Some(slot) = trial.get_mut(f) {
                    if slot.as_ref() != value {
                        *slot = value.cloned();
                    }
                }
                k /= n;
            }
            if !self.constraints_hold(trial) {
                continue;
            }
            let (applies, points) = self.criterion_alone(c, &self.context(sub).numbers_only());
            if applies {
                applied = true;
                if points < lo {
                    (lo, witness[0]) = (points, combination(trial));
                }
                if points > hi {
                    (hi, witness[1]) = (points, combination(trial));
                }
            } else {
                skipped = true;
            }
        }
        for &f in &free {
            let value = record.get(f).cloned().flatten();
            if let Some(slot) = sub.values.get_mut(f) {
                *slot = self.seen_as(f, value.as_ref()).cloned();
            }
            if let Some(slot) = trial.get_mut(f) {
                *slot = value;
            }
        }
        let applies = match (applied, skipped) {
            (true, true) => Settled::Open,
            (true, false) => Settled::Yes,
            _ => Settled::No,
        };
        if !applied {
            (lo, hi) = (Decimal::ZERO, Decimal::ZERO);
        }
        Some((Crit { lo, hi, applies, unbounded: false }, witness))
    }

    /// Each criterion's fields (in order), and those of them it reads where a few values
    /// cannot stand for all (see [`CompiledRuleset::tangled`]).
    pub(super) fn find_fields_of_criteria(&self) -> Vec<(Vec<usize>, BTreeSet<usize>)> {
        let mut out = Vec::new();
        for c in self.all_criteria() {
            let mut reads = BTreeSet::new();
            let mut tangled = BTreeSet::new();
            for e in self.criterion_exprs(c) {
                self.reads(e, &mut reads);
                self.tangled(e, &mut tangled);
            }
            for part in &c.parts {
                if let PartBody::Weighted { terms, .. } = &part.body {
                    terms.iter().for_each(|(e, _, _)| self.reads(e, &mut tangled));
                }
            }
            out.push((reads.into_iter().collect(), tangled));
        }
        out
    }

    /// Fields an expression reads inside arithmetic or a comparison of two computed sides,
    /// where a few values cannot stand for all.
    fn tangled(&self, expr: &Expr, out: &mut BTreeSet<usize>) {
        match expr {
            Expr::Arith(..) | Expr::Neg(_) | Expr::Min(_) | Expr::Max(_) => self.reads(expr, out),
            Expr::Compare(_, l, r) => {
                if matches!(**l, Expr::Const(_)) || matches!(**r, Expr::Const(_)) {
                    self.tangled(l, out);
                    self.tangled(r, out);
                } else {
                    self.reads(expr, out);
                }
            }
            Expr::Derived(d) => {
                if let Some(derived) = self.derived.get(*d) {
                    self.tangled(&derived.expr, out);
                }
            }
            Expr::Not(e) | Expr::In(e, _) => self.tangled(e, out),
            Expr::And(l, r) | Expr::Or(l, r) => {
                self.tangled(l, out);
                self.tangled(r, out);
            }
            // A field chosen by a condition is compared through it, not as itself.
            Expr::If(..) => self.reads(expr, out),
            Expr::Const(_) | Expr::Field(_) | Expr::Var(_) | Expr::Present(_) => {}
        }
    }
}
