//! What the search keeps of a scored completion (each rule's result and what they add up
//! to), the order it climbs in, everything the completions it scored reached, and one rule's
//! result evaluated.

use super::arith;
use super::memo::Outcome;
use super::record::Unit;
use crate::compile::CompiledRuleset;
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

/// Widens a span to take in `v`.
pub(super) fn widen(span: &mut Option<(Decimal, Decimal)>, v: Decimal) {
    *span = Some(match *span {
        None => (v, v),
        Some((lo, hi)) => (lo.min(v), hi.max(v)),
    });
}

impl Seen {
    /// Adds what a rescored completion reached, of which only `units` differ from a
    /// completion added before: the other rules gave what they gave there.
    pub(super) fn add_changed(&mut self, e: &Scored, units: &[Unit]) {
        widen(&mut self.finals, e.final_score);
        self.grades.extend(e.grade);
        self.outcomes.extend(e.outcome);
        self.criteria.resize(e.criteria.len(), None);
        self.gates.resize(e.gates.len(), (false, false));
        self.vetoes.resize(e.vetoes.len(), (false, false));
        for unit in units {
            let (seen, held) = match *unit {
                Unit::Criterion(i) => {
                    if let (Some(span), Some((_, points))) = (self.criteria.get_mut(i), e.criteria.get(i)) {
                        widen(span, *points);
                    }
                    continue;
                }
                Unit::Gate(i) => (self.gates.get_mut(i), e.gates.get(i)),
                Unit::Veto(i) => (self.vetoes.get_mut(i), e.vetoes.get(i)),
            };
            if let (Some(seen), Some(held)) = (seen, held) {
                if *held {
                    seen.0 = true;
                } else {
                    seen.1 = true;
                }
            }
        }
    }

    pub(super) fn add(&mut self, e: &Scored) {
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
    /// The points earned and the most points of the criteria that apply, and the bonus
    /// points before their cap: what the final score is worked out from.
    pub sums: Option<(Decimal, Decimal, Decimal)>,
    pub final_score: Decimal,
    pub unrounded: Decimal,
    /// Earned points plus bonus points before the cap.
    pub points: Decimal,
    pub grade: Option<usize>,
    pub outcome: Option<usize>,
}

impl Scored {
    /// Becomes a copy of `other`, keeping its own lists' room: a search copies a scored
    /// completion for every value it tries.
    pub(super) fn copy_from(&mut self, other: &Self) {
        self.criteria.clone_from(&other.criteria);
        self.gates.clone_from(&other.gates);
        self.vetoes.clone_from(&other.vetoes);
        self.sums = other.sums;
        self.final_score = other.final_score;
        self.unrounded = other.unrounded;
        self.points = other.points;
        self.grade = other.grade;
        self.outcome = other.outcome;
    }
}

/// Conclusions worked out before, by the exact bits of the sums of points and whether a gate
/// failed and a veto fired: a search meets the same sums again and again, and the division,
/// rounding and outcome rules cost more than a look-up. Bits, not values, key it, so that a
/// found conclusion is the very one `finish` gives (its scale included).
pub(super) type Conclusions = std::collections::HashMap<
    ([u8; 16], [u8; 16], [u8; 16], bool, bool),
    Concluded,
    std::hash::BuildHasherDefault<Mix>,
>;

/// A multiply-and-rotate hasher over 8-byte words: the keys are a few decimals' bits, made by
/// the search itself, so a flooding-proof hash would only cost time (it was a third of a
/// look-up).
#[derive(Default)]
pub(super) struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = *b;
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The unrounded and final score, grade and outcome of some sums of points.
pub(super) type Concluded = (Decimal, Decimal, Option<usize>, Option<usize>);

/// Sums of points stay exact well below this; past it they are added up afresh.
const LARGE: Decimal = Decimal::from_parts(0x6310_0000, 0x6BC7_5E2D, 0x5, false, 0); // 10^20

impl CompiledRuleset {
    /// The search's view of a full evaluation.
    pub(super) fn scored(&self, e: &Evaluation) -> Scored {
        Scored {
            criteria: e.criteria.iter().map(|c| (c.applicable, c.points)).collect(),
            gates: e.gates.iter().map(|g| g.held == Ok(true)).collect(),
            vetoes: e.vetoes.iter().map(|v| v.held == Ok(true)).collect(),
            sums: Some((e.earned, e.applicable_max, e.bonus)),
            final_score: e.final_score,
            unrounded: e.unrounded,
            points: e.earned.saturating_add(e.bonus),
            grade: e.grade,
            outcome: e.outcome,
        }
    }

    /// Adds up rule results as the pipeline does: final score, grade, outcome. `maxima` is
    /// each criterion's most points (0 without one), then nothing for bonus items.
    pub(super) fn total(&self, s: &mut Scored, maxima: &[Decimal], known: &mut Conclusions) {
        let (mut earned, mut max, mut bonus) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for (i, (applies, points)) in s.criteria.iter().enumerate() {
            match maxima.get(i) {
                None => bonus = bonus.saturating_add(*points),
                Some(m) if *applies => {
                    earned = earned.saturating_add(*points);
                    max = max.saturating_add(*m);
                }
                Some(_) => {}
            }
        }
        self.conclude(s, (earned, max, bonus), known);
    }

    /// [`CompiledRuleset::total`] of `s`, which differs from the totalled `base` only in the
    /// criteria of `units`: their differences are added to the base's sums.
    pub(super) fn total_moved(
        &self,
        s: &mut Scored,
        base: &Scored,
        units: &[Unit],
        maxima: &[Decimal],
        known: &mut Conclusions,
    ) {
        let moved = || -> Option<(Decimal, Decimal, Decimal)> {
            let (mut earned, mut max, mut bonus) = base.sums?;
            for unit in units {
                let Unit::Criterion(i) = *unit else { continue };
                let (was, now) = (base.criteria.get(i)?, s.criteria.get(i)?);
                if was == now {
                    continue;
                }
                if was.1.abs() > LARGE || now.1.abs() > LARGE {
                    return None;
                }
                let counted = |(applies, points): (bool, Decimal)| if applies { points } else { Decimal::ZERO };
                match maxima.get(i) {
                    None => bonus = arith::sub(arith::add(bonus, now.1)?, was.1)?,
                    Some(m) => {
                        earned = arith::sub(arith::add(earned, counted(*now))?, counted(*was))?;
                        let most = |applies: bool| if applies { *m } else { Decimal::ZERO };
                        max = arith::sub(arith::add(max, most(now.0))?, most(was.0))?;
                    }
                }
            }
            (earned.abs() <= LARGE && bonus.abs() <= LARGE).then_some((earned, max, bonus))
        };
        match moved() {
            Some(sums) => self.conclude(s, sums, known),
            None => self.total(s, maxima, known),
        }
    }

    /// The final score, grade and outcome from the sums of points.
    fn conclude(&self, s: &mut Scored, (earned, max, bonus): (Decimal, Decimal, Decimal), known: &mut Conclusions) {
        let veto_fired = s.vetoes.iter().any(|v| *v);
        let gate_failed = s.gates.iter().any(|g| !*g);
        let key = (earned.serialize(), max.serialize(), bonus.serialize(), gate_failed, veto_fired);
        let (unrounded, final_score, grade, outcome) = *known.entry(key).or_insert_with(|| {
            let (_, _, unrounded, final_score, _) = self.finish(earned, max, bonus);
            let grade = self.grade_of(final_score, veto_fired);
            (unrounded, final_score, grade, self.outcome_of(final_score, grade, gate_failed, veto_fired))
        });
        s.sums = Some((earned, max, bonus));
        s.final_score = final_score;
        s.unrounded = unrounded;
        s.points = earned.saturating_add(bonus);
        s.grade = grade;
        s.outcome = outcome;
    }
}

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

/// Whether a gate or veto condition holds.
pub(super) fn held<'a>(expr: &'a crate::expr::Expr, ctx: &crate::score::Ctx<'a>) -> bool {
    truth(expr.eval(ctx, &mut Vec::new())) == Ok(true)
}

/// One rule's result in a scored completion.
pub(super) fn result(scored: &Scored, unit: Unit) -> Option<Outcome> {
    match unit {
        Unit::Criterion(i) => scored.criteria.get(i).copied(),
        Unit::Gate(i) => scored.gates.get(i).map(|h| (*h, Decimal::ZERO)),
        Unit::Veto(i) => scored.vetoes.get(i).map(|h| (*h, Decimal::ZERO)),
    }
}

/// Writes one rule's result into a scored completion.
pub(super) fn put(scored: &mut Scored, unit: Unit, (holds, points): Outcome) {
    match unit {
        Unit::Criterion(i) => {
            if let Some(slot) = scored.criteria.get_mut(i) {
                *slot = (holds, points);
            }
        }
        Unit::Gate(i) => {
            if let Some(slot) = scored.gates.get_mut(i) {
                *slot = holds;
            }
        }
        Unit::Veto(i) => {
            if let Some(slot) = scored.vetoes.get_mut(i) {
                *slot = holds;
            }
        }
    }
}

/// One rule's result in `ctx`; `all` is every criterion then bonus item.
pub(super) fn evaluate<'c>(
    rules: &'c CompiledRuleset,
    all: &[&'c crate::compile::CCriterion],
    unit: Unit,
    ctx: &crate::score::Ctx<'c>,
) -> Option<Outcome> {
    match unit {
        Unit::Criterion(i) => all.get(i).map(|c| rules.criterion_alone(c, ctx)),
        Unit::Gate(i) => rules.gates.get(i).map(|g| (held(&g.expr, ctx), Decimal::ZERO)),
        Unit::Veto(i) => rules.vetoes.get(i).map(|v| (held(&v.expr, ctx), Decimal::ZERO)),
    }
}
