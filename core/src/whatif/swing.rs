//! How far each missing field can move the final score, read from the sound analysis.

use super::scored::Scored;
use super::sound::{Crit, Sound};
use super::Settled;
use crate::compile::CompiledRuleset;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Open conditional criteria among those a field moves, past which the sound analysis' own
/// final-score spans are asked instead.
const MAX_SWITCHES: usize = 6;

/// A field's swing: how far the final score can move from either completion shown when
/// only the criteria that read the field change, each within the span the sound analysis
/// gives it and applying or not as it allows. It is never less than the field alone can
/// move the score from there, and more when those criteria read other missing fields too.
pub(super) struct Swings<'a> {
    rules: &'a CompiledRuleset,
    sound: &'a Sound,
    ends: &'a [&'a Scored],
    /// Each scored criterion's most points (bonus items have none).
    maxima: Vec<Decimal>,
    /// Swings already worked out, by the criteria that move: fields often share them.
    known: HashMap<Vec<usize>, Decimal>,
}

impl<'a> Swings<'a> {
    pub(super) fn new(rules: &'a CompiledRuleset, sound: &'a Sound, ends: &'a [&'a Scored]) -> Self {
        let scored = rules.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        let maxima = rules.all_criteria().iter().take(scored).map(|c| c.max.unwrap_or_default()).collect();
        Swings { rules, sound, ends, maxima, known: HashMap::new() }
    }

    /// The swing of a field read by the criteria `moving` (0 when it is read by none).
    pub(super) fn of(&mut self, moving: Vec<usize>) -> Decimal {
        if moving.is_empty() {
            return Decimal::ZERO;
        }
        if let Some(found) = self.known.get(&moving) {
            return *found;
        }
        let found = self
            .ends
            .iter()
            .map(|at| self.by_sums(&moving, at).unwrap_or_else(|| self.in_full(&moving, at)))
            .max()
            .unwrap_or_default();
        self.known.insert(moving, found);
        found
    }

    /// The swing from a completion's sums of points, the moving criteria's share taken out
    /// and put back at each end of their spans; `None` when the sums are not at hand or too
    /// many of the criteria may or may not apply.
    fn by_sums(&self, moving: &[usize], at: &Scored) -> Option<Decimal> {
        let (mut earned, mut max, mut bonus) = at.sums?;
        // The moving criteria's spans, and which of them may apply or not.
        let mut spans: Vec<(Decimal, Decimal, Option<Decimal>)> = Vec::with_capacity(moving.len());
        let mut switches: Vec<usize> = Vec::new();
        for &i in moving {
            let (applies, points) = *at.criteria.get(i)?;
            let crit = *self.sound.criteria.get(i)?;
            match self.maxima.get(i) {
                Some(m) => {
                    if applies {
                        earned = earned.checked_sub(points)?;
                        max = max.checked_sub(*m)?;
                    }
                    if crit.applies == Settled::Open {
                        switches.push(spans.len());
                    }
                    if crit.applies != Settled::No {
                        spans.push((crit.lo, crit.hi, Some(*m)));
                    }
                }
                None => {
                    bonus = bonus.checked_sub(points)?;
                    let (lo, hi) = crit.ends();
                    spans.push((lo, hi, None));
                }
            }
        }
        if switches.len() > MAX_SWITCHES {
            return None;
        }
        let (mut lo, mut hi) = (Decimal::MAX, Decimal::MIN);
        for mask in 0u32..1 << switches.len() {
            let (mut elo, mut ehi, mut most, mut blo, mut bhi) = (earned, earned, max, bonus, bonus);
            for (k, (slo, shi, smax)) in spans.iter().enumerate() {
                if switches.iter().position(|&s| s == k).is_some_and(|b| mask & (1 << b) == 0) {
                    continue;
                }
                match smax {
                    Some(m) => {
                        (elo, ehi) = (elo.saturating_add(*slo), ehi.saturating_add(*shi));
                        most = most.saturating_add(*m);
                    }
                    None => (blo, bhi) = (blo.saturating_add(*slo), bhi.saturating_add(*shi)),
                }
            }
            for (e, b) in [(elo, blo), (ehi, bhi)] {
                let score = self.rules.finish(e, most, b).3;
                (lo, hi) = (lo.min(score), hi.max(score));
            }
        }
        Some(super::arith::minus(hi, lo))
    }

    /// The swing by the sound analysis' own final-score spans, the other criteria held at
    /// the completion's results.
    fn in_full(&self, moving: &[usize], at: &Scored) -> Decimal {
        let all = self.rules.all_criteria();
        let criteria: Vec<Crit> = self
            .sound
            .criteria
            .iter()
            .zip(&at.criteria)
            .enumerate()
            .map(|(i, (crit, &(applies, points)))| {
                if moving.contains(&i) {
                    return *crit;
                }
                let applies = if applies { Settled::Yes } else { Settled::No };
                Crit { lo: points, hi: points, applies, unbounded: false }
            })
            .collect();
        let spans = self.rules.final_spans(&all, &criteria);
        let lo = spans.iter().map(|s| s.0).min().unwrap_or_default();
        let hi = spans.iter().map(|s| s.1).max().unwrap_or_default();
        super::arith::minus(hi, lo)
    }
}
