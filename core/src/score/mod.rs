//! Evaluation of a valid submission: gates → criteria → conditional → bonus → vetoes →
//! final-score pipeline → grade → outcome, explaining every point on the way.

mod explain;

use crate::compile::{CCheck, CCriterion, CPart, CompiledRuleset, PartBody};
use crate::expr::{Env, Expr, FieldValue, Gap, ResultVar, Value};
use crate::model::{RoundingMode, Text};
use crate::report::*;
use crate::validate::ValidSubmission;
use explain::dec;
use rust_decimal::{Decimal, RoundingStrategy};

struct Ctx<'a> {
    values: &'a [Option<FieldValue>],
    derived: Vec<Option<(Result<Value<'a>, Gap>, Vec<usize>)>>,
    vars: Option<(Decimal, &'a str, bool, bool)>,
}

impl<'a> Env<'a> for Ctx<'a> {
    fn field(&self, index: usize) -> Option<Value<'a>> {
        self.values.get(index).and_then(|v| v.as_ref()).map(FieldValue::as_value)
    }

    fn derived(&self, index: usize, missing: &mut Vec<usize>) -> Result<Value<'a>, Gap> {
        match self.derived.get(index).and_then(Option::as_ref) {
            Some((value, lacking)) => {
                missing.extend_from_slice(lacking);
                *value
            }
            // INVARIANT: derived values are computed in dependency order before use.
            None => Err(Gap::Missing),
        }
    }

    fn var(&self, var: ResultVar) -> Option<Value<'a>> {
        let (score, grade, gate_failed, veto_fired) = self.vars?;
        Some(match var {
            ResultVar::FinalScore => Value::Number(score),
            ResultVar::Grade => Value::Text(grade),
            ResultVar::GateFailed => Value::Bool(gate_failed),
            ResultVar::VetoFired => Value::Bool(veto_fired),
        })
    }
}

fn truth(r: Result<Value<'_>, Gap>) -> Result<bool, Gap> {
    match r? {
        Value::Bool(b) => Ok(b),
        _ => Err(Gap::Missing),
    }
}

fn number(r: Result<Value<'_>, Gap>) -> Result<Decimal, Gap> {
    match r? {
        Value::Number(n) => Ok(n),
        _ => Err(Gap::Missing),
    }
}

fn value_text(v: Value<'_>) -> String {
    match v {
        Value::Number(n) => dec(n),
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => t.to_owned(),
    }
}

impl CompiledRuleset {
    pub(crate) fn ruleset_ref(&self) -> RulesetRef {
        RulesetRef { id: self.meta.id.clone(), version: self.meta.version.clone(), digest: self.digest.clone() }
    }

    fn pointers(&self, mut missing: Vec<usize>) -> Vec<String> {
        missing.sort_unstable();
        missing.dedup();
        missing.iter().filter_map(|&i| self.fields.get(i).map(|f| f.pointer.clone())).collect()
    }

    /// Scores a valid submission.
    pub(crate) fn score_valid(&self, sub: &ValidSubmission) -> Report {
        let mut ctx = Ctx { values: &sub.values, derived: vec![None; self.derived.len()], vars: None };
        for &i in &self.derived_order {
            let mut lacking = Vec::new();
            let value = match self.derived.get(i) {
                Some(d) => d.expr.eval(&ctx, &mut lacking),
                None => Err(Gap::Missing),
            };
            if let Some(slot) = ctx.derived.get_mut(i) {
                *slot = Some((value, lacking));
            }
        }
        let gates: Vec<CheckResult> = self.gates.iter().map(|g| self.check(g, &ctx, true)).collect();
        let vetoes: Vec<CheckResult> = self.vetoes.iter().map(|v| self.check(v, &ctx, false)).collect();
        let gate_failed = gates.iter().any(|g| g.passed != Some(true));
        let veto_fired = vetoes.iter().any(|v| v.fired == Some(true));

        let mut criteria = Vec::new();
        let mut dimensions = Vec::new();
        let (mut earned, mut applicable_max) = (Decimal::ZERO, Decimal::ZERO);
        for dim in &self.dimensions {
            let (mut points, mut max) = (Decimal::ZERO, Decimal::ZERO);
            for c in &dim.criteria {
                let (result, p) = self.criterion(c, &ctx);
                if result.applicable {
                    points = points.saturating_add(p);
                    max = max.saturating_add(c.max.unwrap_or_default());
                }
                criteria.push(result);
            }
            earned = earned.saturating_add(points);
            applicable_max = applicable_max.saturating_add(max);
            dimensions.push(DimensionResult {
                id: dim.id.clone(),
                title: dim.title.clone(),
                points: dec(points),
                max: dec(max),
            });
        }
        let (mut bonus, mut bonus_items) = (Decimal::ZERO, Vec::new());
        let mut bonus_cap = Decimal::ZERO;
        if let Some((cap, items)) = &self.bonus {
            bonus_cap = *cap;
            for item in items {
                let (result, p) = self.criterion(item, &ctx);
                bonus = bonus.saturating_add(p);
                bonus_items.push(result);
            }
        }
        let bonus_counted = bonus.min(bonus_cap).max(Decimal::ZERO);
        let p = &self.pipeline;
        // base = earned × scale ÷ applicable max. Multiplying first keeps the division the
        // only inexact step; its 28 significant digits cannot move a rounding to one place,
        // since earned and the maximum are multiples of small steps.
        let base = if p.normalise && !applicable_max.is_zero() {
            earned.saturating_mul(p.scale).checked_div(applicable_max).unwrap_or(earned)
        } else {
            earned
        };
        let mut unrounded = base.saturating_add(bonus_counted);
        if let Some(m) = p.max {
            unrounded = unrounded.min(m);
        }
        let strategy = match p.rounding.mode {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
        };
        let mut final_score = unrounded.round_dp_with_strategy(p.rounding.places, strategy);
        final_score.rescale(p.rounding.places);

        let by_score = self.grades.iter().find(|g| g.min.is_none_or(|m| final_score >= m));
        let vetoed = self.veto_grade.as_ref().and_then(|id| self.grades.iter().find(|g| &g.id == id));
        let grade = if veto_fired { vetoed.or(by_score) } else { by_score };
        let (grade_id, grade_label) =
            grade.map_or((String::new(), Text::new("", "")), |g| (g.id.clone(), g.label.clone()));

        ctx.vars = Some((final_score, grade.map_or("", |g| g.id.as_str()), gate_failed, veto_fired));
        let outcome = self.outcomes.iter().find(|o| match &o.when {
            None => true,
            Some(w) => truth(w.eval(&ctx, &mut Vec::new())) == Ok(true),
        });
        let (outcome_id, outcome_label) =
            outcome.map_or((String::new(), Text::new("", "")), |o| (o.model.id.clone(), o.model.label.clone()));
        let notices = |list: &[crate::compile::CWarning]| -> Vec<Notice> {
            list.iter()
                .filter(|w| truth(w.when.eval(&ctx, &mut Vec::new())) == Ok(true))
                .map(|w| Notice { code: w.model.id.clone(), message: w.model.message.clone() })
                .collect()
        };
        let notes = notices(&self.notes);
        let warnings = notices(&self.warnings);
        let text_of = |i: usize| ctx.field(i).map(value_text);
        Report {
            ruleset: self.ruleset_ref(),
            subject: self
                .subject_fields
                .iter()
                .filter_map(|&i| Some(SubjectField { path: self.fields.get(i)?.pointer.clone(), value: text_of(i)? }))
                .collect(),
            year: self.year_field.and_then(text_of),
            final_score: final_score.to_string(),
            grade: grade_id,
            grade_label,
            outcome: outcome_id,
            outcome_label,
            earned: dec(earned),
            applicable_max: dec(applicable_max),
            base: dec(base),
            bonus: dec(bonus),
            bonus_counted: dec(bonus_counted),
            unrounded: dec(unrounded),
            gates,
            vetoes,
            dimensions,
            criteria,
            bonus_items,
            notes,
            warnings,
        }
    }

    fn check(&self, c: &CCheck, ctx: &Ctx<'_>, is_gate: bool) -> CheckResult {
        let mut missing = Vec::new();
        let held = truth(c.expr.eval(ctx, &mut missing));
        let (passed, fired, reason) = if is_gate {
            (Some(held == Ok(true)), None, explain::gate(&c.title, held))
        } else {
            // A missing or null veto field does not fire its veto.
            (None, Some(held == Ok(true)), explain::veto(&c.title, held == Ok(true)))
        };
        CheckResult {
            id: c.id.clone(),
            title: c.title.clone(),
            passed,
            fired,
            clause: c.clause.clone(),
            basis: c.basis.clone(),
            missing: self.pointers(missing),
            reason,
        }
    }

    fn criterion(&self, c: &CCriterion, ctx: &Ctx<'_>) -> (CriterionResult, Decimal) {
        let m = &c.model;
        let applicable = match &c.applies {
            None => true,
            // A missing switch counts as false: the criterion does not apply.
            Some(e) => truth(e.eval(ctx, &mut Vec::new())) == Ok(true),
        };
        let mut result = CriterionResult {
            id: m.id.clone(),
            dimension: c.dimension.clone(),
            title: m.title.clone(),
            points: "0".into(),
            max: c.max.map(dec),
            status: Status::NotApplicable,
            applicable,
            clause: m.clause.clone(),
            basis: m.basis.clone(),
            parts: Vec::new(),
            missing: Vec::new(),
            reason: explain::not_applicable(),
        };
        if !applicable {
            return (result, Decimal::ZERO);
        }
        let mut missing = Vec::new();
        let mut total = Decimal::ZERO;
        for part in &c.parts {
            let (pr, p) = score_part(part, ctx, &mut missing);
            total = total.saturating_add(p);
            result.parts.push(pr);
        }
        let capped = c.max.is_some_and(|mx| total > mx);
        let points = c.max.map_or(total, |mx| total.min(mx));
        let sentences: Vec<Text> = result.parts.iter().map(|p| p.reason.clone()).collect();
        result.reason = explain::criterion(&sentences, points, c.max, capped);
        result.status = match c.max {
            Some(mx) if points >= mx => Status::Met,
            _ if !missing.is_empty() => Status::MissingEvidence,
            _ if points > Decimal::ZERO && c.max.is_some() => Status::PartlyMet,
            _ if points > Decimal::ZERO => Status::Met,
            _ => Status::NotMet,
        };
        result.points = dec(points);
        result.missing = self.pointers(missing);
        (result, points)
    }
}

fn score_part(part: &CPart, ctx: &Ctx<'_>, missing: &mut Vec<usize>) -> (PartResult, Decimal) {
    let mut pr = PartResult {
        label: part.label.clone(),
        counted: true,
        value: None,
        band: None,
        points: "0".into(),
        gap: None,
        basis: part.basis.clone(),
        reason: Text::new("", ""),
    };
    if let Some(req) = &part.requires {
        if truth(req.eval(ctx, missing)) != Ok(true) {
            pr.counted = false;
            pr.reason = explain::not_counted(&part.label);
            return (pr, Decimal::ZERO);
        }
    }
    let points = match &part.body {
        PartBody::Flag { when, points } => {
            let held = truth(when.eval(ctx, missing));
            pr.value = held.ok().map(|b| b.to_string());
            pr.reason = explain::flag(&part.label, held, *points);
            pr.gap = held.err().map(|g| explain::gap_code(g).to_owned());
            if held == Ok(true) {
                *points
            } else {
                Decimal::ZERO
            }
        }
        PartBody::Bands { value, bands } => {
            let v = number(value.eval(ctx, missing));
            let band = v.ok().and_then(|v| bands.iter().find(|(at, _)| v >= *at).copied());
            pr.value = v.ok().map(dec);
            pr.band = band.map(|(at, _)| dec(at));
            pr.gap = v.err().map(|g| explain::gap_code(g).to_owned());
            pr.reason = explain::bands(&part.label, v, band, bands.last().map(|b| b.0));
            band.map_or(Decimal::ZERO, |(_, p)| p)
        }
        PartBody::Weighted { terms, cap } => {
            let mut shown = Vec::with_capacity(terms.len());
            let mut sum = Decimal::ZERO;
            let mut gap = None;
            for (expr, weight, label) in terms {
                let v = number(eval_term(expr, ctx, missing));
                if let Ok(v) = v {
                    // Saturating: a count too large to multiply is above any cap anyway.
                    sum = sum.saturating_add(v.saturating_mul(*weight));
                } else {
                    gap = v.err();
                }
                shown.push((label.clone(), v, *weight));
            }
            let capped = cap.filter(|c| sum > *c);
            pr.value = Some(dec(sum));
            pr.gap = gap.map(|g| explain::gap_code(g).to_owned());
            pr.reason = explain::weighted(&part.label, &shown, sum, capped);
            capped.unwrap_or(sum)
        }
    };
    pr.points = dec(points);
    (pr, points)
}

fn eval_term<'a>(expr: &'a Expr, ctx: &Ctx<'a>, missing: &mut Vec<usize>) -> Result<Value<'a>, Gap> {
    expr.eval(ctx, missing)
}
