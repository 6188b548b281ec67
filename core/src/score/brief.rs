//! The `numbers` and `reasons` answers, made from the evaluation directly: no sentence is
//! written, and nothing from the ruleset is copied but ids.

use super::evaluate::{CheckEval, CritEval, Evaluation, PartEval, Seen};
use super::explain::{self, seen_figure};
use super::value_text;
use crate::brief::*;
use crate::compile::{CCriterion, CPart, CompiledRuleset, PartBody};
use crate::expr::{Env, Gap};
use crate::validate::ValidSubmission;
use crate::Detail;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

fn dec(d: Decimal) -> String {
    explain::dec(d)
}

impl CompiledRuleset {
    /// Scores a valid submission at `numbers` or `reasons` detail.
    pub(crate) fn brief_valid(&self, sub: &ValidSubmission, detail: Detail) -> Brief {
        let (eval, ctx) = self.evaluate(sub);
        let with_parts = detail != Detail::Numbers;
        let all = self.dimensions.iter().flat_map(|d| d.criteria.iter());
        let mut criteria: Vec<BriefCriterion> = all
            .chain(self.bonus.iter().flat_map(|(_, i)| i.iter()))
            .zip(&eval.criteria)
            .map(|(c, ce)| self.brief_criterion(c, ce, &eval, with_parts))
            .collect();
        let bonus_items = criteria.split_off(criteria.len() - self.bonus.as_ref().map_or(0, |(_, i)| i.len()));
        let text_of = |i: usize| ctx.field(i).map(value_text);
        let gate = |c: &crate::compile::CCheck, ce: &CheckEval| BriefGate {
            id: c.id.to_string(),
            passed: ce.held == Ok(true),
            missing: self.pointers(&eval, &ce.missing),
        };
        let veto = |c: &crate::compile::CCheck, ce: &CheckEval| BriefVeto {
            id: c.id.to_string(),
            fired: ce.held == Ok(true),
            missing: self.pointers(&eval, &ce.missing),
        };
        let notices = |list: &[crate::compile::CWarning], found: &[usize]| -> Vec<BriefNotice> {
            let notice =
                |w: &crate::compile::CWarning| BriefNotice { code: w.model.id.clone(), path: w.pointer.clone() };
            found.iter().filter_map(|&i| list.get(i)).map(notice).collect()
        };
        Brief {
            detail,
            ruleset: self.ruleset_ref(),
            subject: self.subject(&ctx),
            year: self.year_field.and_then(text_of),
            final_score: eval.final_score.to_string(),
            grade: eval.grade.and_then(|g| self.grades.get(g)).map(|g| g.id.clone()).unwrap_or_default(),
            outcome: eval.outcome.and_then(|o| self.outcomes.get(o)).map(|o| o.model.id.clone()).unwrap_or_default(),
            earned: dec(eval.earned),
            applicable_max: dec(eval.applicable_max),
            base: dec(eval.base),
            bonus: dec(eval.bonus),
            bonus_counted: dec(eval.bonus_counted),
            unrounded: dec(eval.unrounded),
            gates: self.gates.iter().zip(&eval.gates).map(|(g, ge)| gate(g, ge)).collect(),
            vetoes: self.vetoes.iter().zip(&eval.vetoes).map(|(v, ve)| veto(v, ve)).collect(),
            dimensions: self
                .dimensions
                .iter()
                .zip(&eval.dimensions)
                .map(|(d, (points, max))| BriefDimension { id: d.id.to_string(), points: dec(*points), max: dec(*max) })
                .collect(),
            criteria,
            bonus_items,
            notes: notices(&self.notes, &eval.notes),
            warnings: notices(&self.warnings, &eval.warnings),
        }
    }

    fn brief_criterion(&self, c: &CCriterion, ce: &CritEval, eval: &Evaluation, with_parts: bool) -> BriefCriterion {
        let parts = with_parts.then(|| {
            let found = eval.parts.get(ce.parts.clone()).unwrap_or_default();
            c.parts.iter().zip(found).map(|(part, pe)| brief_part(part, pe, eval)).collect()
        });
        BriefCriterion {
            id: c.model.id.clone(),
            dimension: c.dimension.to_string(),
            points: dec(ce.points),
            max: c.max.map(dec),
            status: ce.status,
            applicable: ce.applicable,
            missing: self.pointers(eval, &ce.missing),
            parts,
        }
    }
}

/// Why a part earned what it did: the decision behind a machine reason, shared by the
/// typed [`Reason`] and the answer writer.
pub(super) enum Why<'e> {
    /// A code with no params (`not_counted`, `yes`, `no`, `band`, `no_band`, a gap).
    Plain(&'static str),
    /// Below the lowest band, which starts at this value.
    BelowLowest(Decimal),
    /// A weighted sum: each term's value (or gap) and weight, and the cap when it was hit.
    Weighted { values: &'e [Result<Seen, Gap>], weights: Vec<Decimal>, capped_at: Option<Decimal> },
}

/// The machine twin of `part_reason`'s sentence.
pub(super) fn why<'e>(part: &CPart, pe: &PartEval, eval: &'e Evaluation) -> Why<'e> {
    if !pe.counted {
        return Why::Plain("not_counted");
    }
    match &part.body {
        PartBody::Flag { .. } => match (&pe.value, pe.gap) {
            (Some(Seen::Bool(true)), _) => Why::Plain("yes"),
            (_, Some(g)) => Why::Plain(explain::gap_code(g)),
            _ => Why::Plain("no"),
        },
        PartBody::Bands { bands, .. } => match (&pe.value, pe.gap, pe.band) {
            (None, Some(g), _) => Why::Plain(explain::gap_code(g)),
            (None, None, _) => Why::Plain(explain::gap_code(Gap::Missing)),
            (Some(_), _, Some(_)) => Why::Plain("band"),
            (Some(_), _, None) => bands.last().map_or(Why::Plain("no_band"), |(lowest, _)| Why::BelowLowest(*lowest)),
        },
        PartBody::Weighted { terms, cap } => Why::Weighted {
            values: eval.terms.get(pe.terms.clone()).unwrap_or_default(),
            weights: terms.iter().map(|(_, w, _)| *w).collect(),
            capped_at: pe.capped.then(|| cap.unwrap_or(pe.points)),
        },
    }
}

fn reason_of(why: Why<'_>) -> Reason {
    let mut params = Map::new();
    let code = match why {
        Why::Plain(code) => code,
        Why::BelowLowest(lowest) => {
            params.insert("lowest".into(), dec(lowest).into());
            "below_lowest"
        }
        Why::Weighted { values, weights, capped_at } => {
            let terms = values.iter().zip(weights).map(|(v, weight)| {
                let mut term = Map::new();
                match v {
                    Ok(seen) => term.insert("value".into(), seen_figure(seen).as_str().into()),
                    Err(g) => term.insert("gap".into(), explain::gap_code(*g).into()),
                };
                term.insert("weight".into(), dec(weight).into());
                Value::Object(term)
            });
            params.insert("terms".into(), Value::Array(terms.collect()));
            if let Some(cap) = capped_at {
                params.insert("capped_at".into(), dec(cap).into());
            }
            "weighted"
        }
    };
    Reason { code, params }
}

fn brief_part(part: &CPart, pe: &PartEval, eval: &Evaluation) -> BriefPart {
    BriefPart {
        counted: pe.counted,
        value: pe.value.as_ref().map(|v| seen_figure(v).into()),
        band: super::band_of(part, pe).map(dec),
        points: dec(pe.points),
        gap: pe.gap.map(|g| explain::gap_code(g).to_owned()),
        reason: reason_of(why(part, pe, eval)),
    }
}
