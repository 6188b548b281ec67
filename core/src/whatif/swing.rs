//! How far each missing field can move the final score, read from the sound analysis.

use super::arith;
use super::scored::Scored;
use super::sound::Sound;
use super::Settled;
use crate::compile::CompiledRuleset;
use rust_decimal::Decimal;

/// Open conditional criteria among those a field moves, past which its swing is the whole
/// span of the final score.
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
    /// Swings already worked out, by the criteria that move: fields often share them (a
    /// list, as a form has a few dozen fields: a hash map cost the browser module 1 KB).
    known: Vec<(Vec<usize>, Decimal)>,
}

impl<'a> Swings<'a> {
    pub(super) fn new(rules: &'a CompiledRuleset, sound: &'a Sound, ends: &'a [&'a Scored]) -> Self {
        let scored = rules.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        let maxima = rules.all_criteria().iter().take(scored).map(|c| c.max.unwrap_or_default()).collect();
        Swings { rules, sound, ends, maxima, known: Vec::new() }
    }

    /// The swing of a field read by the criteria `moving` (0 when it is read by none).
    pub(super) fn of(&mut self, moving: &[usize]) -> Decimal {
        if moving.is_empty() {
            return Decimal::ZERO;
        }
        if let Some((_, found)) = self.known.iter().find(|(m, _)| m == moving) {
            return *found;
        }
        let found = self
            .ends
            .iter()
            .map(|at| self.by_sums(moving, at).unwrap_or_else(|| self.everything()))
            .max()
            .unwrap_or_default();
        self.known.push((moving.to_vec(), found));
        found
    }

    /// The whole span of the final score: no field moves it further (what a swing falls back
    /// to when it cannot be read from the sums).
    fn everything(&self) -> Decimal {
        let (lo, hi) = self.sound.final_span();
        arith::minus(hi, lo)
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
                        earned = arith::sub(earned, points)?;
                        max = arith::sub(max, *m)?;
                    }
                    if crit.applies == Settled::Open {
                        switches.push(spans.len());
                    }
                    if crit.applies != Settled::No {
                        spans.push((crit.lo, crit.hi, Some(*m)));
                    }
                }
                None => {
                    bonus = arith::sub(bonus, points)?;
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
                        (elo, ehi) = (arith::plus(elo, *slo), arith::plus(ehi, *shi));
                        most = arith::plus(most, *m);
                    }
                    None => (blo, bhi) = (arith::plus(blo, *slo), arith::plus(bhi, *shi)),
                }
            }
            for (e, b) in [(elo, blo), (ehi, bhi)] {
                // The completion's own sums (the moving criteria at its end): its own score.
                let score =
                    if at.sums == Some((e, most, b)) { at.final_score } else { self.rules.finish(e, most, b).3 };
                (lo, hi) = (lo.min(score), hi.max(score));
            }
        }
        Some(arith::minus(hi, lo))
    }
}
