//! Evaluation proper: gates → criteria → conditional → bonus → vetoes → final-score pipeline
//! → grade → outcome, into a compact record of numbers and indices with no text.
//!
//! Keeping text out of this step makes scoring cheap (a batch of spreadsheet rows needs
//! only the numbers); `explain` turns an evaluation into the bilingual report.

use crate::compile::{CCheck, CCriterion, CPart, CompiledRuleset, PartBody};
use crate::expr::{add_decimals as add, cmp_decimals, Env, FieldValue, Gap, Num, ResultVar, Value};
use crate::model::RoundingMode;
use crate::report::Status;
use crate::validate::ValidSubmission;
use rust_decimal::{Decimal, RoundingStrategy};
use std::cell::OnceCell;
use std::cmp::Ordering;

use super::evaluation::keep_missing;
pub(crate) use super::evaluation::{CheckEval, CritEval, Evaluation, PartEval, Seen};

/// A derived value once computed, with the fields it lacked.
type DerivedSlot<'a> = OnceCell<(Result<Value<'a>, Gap>, Vec<usize>)>;

pub(crate) struct Ctx<'a> {
    rules: &'a CompiledRuleset,
    values: &'a [Option<FieldValue>],
    /// Whether parts are kept with what they read, for an explanation (`Evaluation::parts`,
    /// `PartEval::value`, the terms of a weighted part); numbers-only answers need the points
    /// alone, which the compiled plan gives.
    keep_values: bool,
    /// Computed when first read (the compiled plan reads most shares without them), in
    /// slots made on the first read: a rule that reads no derived value allocates nothing,
    /// which what-if searches, evaluating one rule at a time, meet most.
    derived: OnceCell<Box<[DerivedSlot<'a>]>>,
    vars: Option<(Decimal, &'a str, bool, bool)>,
}

impl<'a> Ctx<'a> {
    /// The same values, for scoring that needs the points alone (what-if searches).
    pub(crate) fn numbers_only(mut self) -> Self {
        self.keep_values = false;
        self
    }

    /// Field `index` of the record, `None` when it is missing.
    pub(crate) fn slot(&self, index: usize) -> Option<&'a FieldValue> {
        self.values.get(index).and_then(Option::as_ref)
    }

    /// Derived value `index` with the fields it lacked, computed on first use with every
    /// derived value before it in dependency order: each then reads only values already
    /// computed, so a long chain of derived values never recurses deeply.
    fn derived_slot(&self, index: usize) -> Option<&(Result<Value<'a>, Gap>, Vec<usize>)> {
        let rules = self.rules;
        let slots =
            self.derived.get_or_init(|| std::iter::repeat_with(OnceCell::new).take(rules.derived.len()).collect());
        let slot = slots.get(index)?;
        if slot.get().is_none() {
            for &j in rules.derived_order.iter() {
                let Some(cell) = slots.get(j) else { continue };
                cell.get_or_init(|| {
                    let mut lacking = Vec::new();
                    let value = match rules.derived.get(j) {
                        Some(d) => d.expr.eval(self, &mut lacking),
                        None => Err(Gap::Missing),
                    };
                    (value, lacking)
                });
                if j == index {
                    break;
                }
            }
        }
        slot.get()
    }
}

impl<'a> Env<'a> for Ctx<'a> {
    fn field(&self, index: usize) -> Option<Value<'a>> {
        self.slot(index).map(FieldValue::as_value)
    }

    fn derived(&self, index: usize, missing: &mut Vec<usize>) -> Result<Value<'a>, Gap> {
        match self.derived_slot(index) {
            Some((value, lacking)) => {
                missing.extend_from_slice(lacking);
                value.clone()
            }
            None => Err(Gap::Missing),
        }
    }

    fn var(&self, var: ResultVar) -> Option<Value<'a>> {
        let (score, grade, gate_failed, veto_fired) = self.vars?;
        Some(match var {
            ResultVar::FinalScore => Value::Number(Num::Dec(score)),
            ResultVar::Grade => Value::Text(grade),
            ResultVar::GateFailed => Value::Bool(gate_failed),
            ResultVar::VetoFired => Value::Bool(veto_fired),
        })
    }
}

pub(crate) fn truth(r: Result<Value<'_>, Gap>) -> Result<bool, Gap> {
    match r? {
        Value::Bool(b) => Ok(b),
        _ => Err(Gap::Missing),
    }
}

fn number(r: Result<Value<'_>, Gap>) -> Result<Num, Gap> {
    match r? {
        Value::Number(n) => Ok(n),
        _ => Err(Gap::Missing),
    }
}

impl CompiledRuleset {
    pub(crate) fn context<'a>(&'a self, sub: &'a ValidSubmission) -> Ctx<'a> {
        Ctx { rules: self, values: &sub.values, keep_values: true, derived: OnceCell::new(), vars: None }
    }

    /// Derived value `index` (declaration order) of a valid submission, `None` with a gap:
    /// what boundary probes search along.
    pub(crate) fn derived_value(&self, sub: &ValidSubmission, index: usize) -> Option<Num> {
        match self.context(sub).derived_slot(index)?.0 {
            Ok(Value::Number(ref n)) => Some(n.clone()),
            _ => None,
        }
    }

    /// Scores a valid submission into numbers, with what each part read.
    pub(crate) fn evaluate<'a>(&'a self, sub: &'a ValidSubmission) -> (Evaluation, Ctx<'a>) {
        self.evaluate_with(sub, true)
    }

    /// Scores a valid submission into numbers, with the notes and warnings that hold;
    /// `keep_values` keeps what each part read (for an explanation), which the numbers alone
    /// do not need.
    pub(crate) fn evaluate_with<'a>(&'a self, sub: &'a ValidSubmission, keep_values: bool) -> (Evaluation, Ctx<'a>) {
        let (mut eval, ctx) = self.evaluate_scores(sub, keep_values);
        let mut scratch = Vec::new();
        let mut holds = |list: &'a [crate::compile::CWarning]| -> Vec<usize> {
            list.iter().enumerate().filter(|(_, w)| notice_holds(w, &ctx, &mut scratch)).map(|(i, _)| i).collect()
        };
        eval.notes = holds(&self.notes);
        eval.warnings = holds(&self.warnings);
        (eval, ctx)
    }

    /// [`Self::evaluate_with`] without the notes and warnings: the score, grade, outcome and
    /// each rule's result, all that a numbers-only summary or a what-if trial reads.
    pub(crate) fn evaluate_scores<'a>(&'a self, sub: &'a ValidSubmission, keep_values: bool) -> (Evaluation, Ctx<'a>) {
        let parts = if keep_values { 64 } else { 0 };
        let mut eval = Evaluation::with_room(32, self.dimensions.len(), parts);
        let ctx = self.evaluate_scores_into(sub, keep_values, &mut eval);
        (eval, ctx)
    }

    /// [`Self::evaluate_scores`] into `eval`, emptied first: its lists keep their room, so
    /// an evaluation reused allocates nothing once they have grown.
    pub(crate) fn evaluate_scores_into<'a>(
        &'a self,
        sub: &'a ValidSubmission,
        keep_values: bool,
        eval: &mut Evaluation,
    ) -> Ctx<'a> {
        let mut ctx = self.context(sub);
        ctx.keep_values = keep_values;
        eval.reset();
        for g in &self.gates {
            let checked = check(&ctx, g, &mut eval.missing, &mut eval.found);
            eval.gates.push(checked);
        }
        for v in &self.vetoes {
            let checked = check(&ctx, v, &mut eval.missing, &mut eval.found);
            eval.vetoes.push(checked);
        }
        // A gate that cannot be decided fails; a veto whose field is missing does not fire.
        let gate_failed = eval.gates.iter().any(|g| g.held != Ok(true));
        let veto_fired = eval.vetoes.iter().any(|v| v.held == Ok(true));

        for dim in &self.dimensions {
            let (mut points, mut max) = (Decimal::ZERO, Decimal::ZERO);
            for c in &dim.criteria {
                let ce = self.criterion(c, &ctx, eval);
                if ce.applicable {
                    points = add(points, ce.points);
                    max = add(max, c.max.unwrap_or_default());
                }
                eval.criteria.push(ce);
            }
            eval.earned = add(eval.earned, points);
            eval.applicable_max = add(eval.applicable_max, max);
            eval.dimensions.push((points, max));
        }
        if let Some((_, items)) = &self.bonus {
            for item in items {
                let ce = self.criterion(item, &ctx, eval);
                eval.bonus = add(eval.bonus, ce.points);
                eval.criteria.push(ce);
            }
        }
        let finished = self.finish(eval.earned, eval.applicable_max, eval.bonus);
        (eval.base, eval.bonus_counted, eval.unrounded, eval.final_score, eval.capped) = finished;
        let final_score = eval.final_score;
        eval.grade = self.grade_of(final_score, veto_fired);
        let grade_id = eval.grade.and_then(|g| self.grades.get(g)).map_or("", |g| g.id.as_str());
        ctx.vars = Some((final_score, grade_id, gate_failed, veto_fired));
        let found = &mut eval.found;
        eval.outcome = self.outcomes.iter().position(|o| match &o.when {
            None => true,
            Some(w) => {
                let held = truth(w.eval(&ctx, found));
                found.clear();
                held == Ok(true)
            }
        });
        ctx
    }

    /// The final-score pipeline: from earned points, the applicable maximum and the bonus
    /// before its cap to (base, bonus counted, unrounded, final score, whether the sum went
    /// past the highest final score and was held to it).
    pub(crate) fn finish(
        &self,
        earned: Decimal,
        max: Decimal,
        bonus: Decimal,
    ) -> (Decimal, Decimal, Decimal, Decimal, bool) {
        let p = &self.pipeline;
        let bonus_cap = self.bonus.as_ref().map_or(Decimal::ZERO, |(cap, _)| *cap);
        let bonus_counted = bonus.min(bonus_cap).max(Decimal::ZERO);
        // base = earned × scale ÷ applicable max. Multiplying first keeps the division the
        // only inexact step; its 28 significant digits cannot move a rounding to one place,
        // since earned and the maximum are multiples of small steps.
        let base = if p.normalise && !max.is_zero() {
            earned.saturating_mul(p.scale).checked_div(max).unwrap_or(earned)
        } else {
            earned
        };
        let mut unrounded = base.saturating_add(bonus_counted);
        let capped = p.max.is_some_and(|m| unrounded > m);
        if let (true, Some(m)) = (capped, p.max) {
            unrounded = m;
        }
        let strategy = match p.rounding.mode {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
        };
        let mut final_score = unrounded.round_dp_with_strategy(p.rounding.places, strategy);
        final_score.rescale(p.rounding.places);
        (base, bonus_counted, unrounded, final_score, capped)
    }

    /// The grade of a final score; a fired veto gives the veto grade.
    pub(crate) fn grade_of(&self, final_score: Decimal, veto_fired: bool) -> Option<usize> {
        let by_score = self.grades.iter().position(|g| g.min.is_none_or(|m| final_score >= m));
        let vetoed = self.veto_grade.as_ref().and_then(|id| self.grades.iter().position(|g| &g.id == id));
        if veto_fired {
            vetoed.or(by_score)
        } else {
            by_score
        }
    }

    /// Whether one criterion applies and its points, on its own: what-if questions try
    /// many values of the few fields it reads.
    pub(crate) fn criterion_alone<'a>(&'a self, c: &'a CCriterion, ctx: &Ctx<'a>) -> (bool, Decimal) {
        // One criterion alone adds no criterion to the evaluation: no room for any.
        let mut scratch = Evaluation::default();
        let ce = self.criterion(c, ctx, &mut scratch);
        (ce.applicable, ce.points)
    }

    fn criterion<'a>(&'a self, c: &'a CCriterion, ctx: &Ctx<'a>, eval: &mut Evaluation) -> CritEval {
        let applicable = match (&c.applies, &c.plan.applies) {
            (None, _) => true,
            // A missing switch counts as false: the criterion does not apply.
            (Some(_), Some(cond)) => ctx.cond(cond, &mut eval.found) == Ok(true),
            (Some(e), None) => truth(e.eval(ctx, &mut eval.found)) == Ok(true),
        };
        eval.found.clear();
        let start = eval.parts.len();
        if !applicable {
            let at = eval.missing.len();
            let status = Status::NotApplicable;
            return CritEval {
                applicable,
                points: Decimal::ZERO,
                capped: false,
                parts: start..start,
                missing: at..at,
                status,
            };
        }
        let mut found = std::mem::take(&mut eval.found);
        let mut total = Decimal::ZERO;
        for (k, part) in c.parts.iter().enumerate() {
            // Numbers only: the part's planned shape when it has one (and stays in machine
            // integers), else the part's expressions.
            let plan = c.plan.parts.get(k).and_then(Option::as_ref).filter(|_| !ctx.keep_values);
            let at = found.len();
            if let Some(points) = plan.and_then(|p| ctx.fast_points(p, &part.body, &mut found)) {
                total = add(total, points);
                continue;
            }
            found.truncate(at);
            let pe = score_part(part, c.max, ctx, &mut found, &mut eval.terms);
            total = add(total, pe.points);
            if ctx.keep_values {
                eval.parts.push(pe);
            }
        }
        let capped = c.max.is_some_and(|mx| cmp_decimals(total, mx) == Ordering::Greater);
        let points = if capped { c.max.unwrap_or(total) } else { total };
        let lacking = !found.is_empty();
        let missing = keep_missing(&mut eval.missing, &mut found);
        eval.found = found;
        let status = match c.max {
            Some(mx) if cmp_decimals(points, mx) != Ordering::Less => Status::Met,
            _ if lacking => Status::MissingEvidence,
            _ if points > Decimal::ZERO && c.max.is_some() => Status::PartlyMet,
            _ if points > Decimal::ZERO => Status::Met,
            _ => Status::NotMet,
        };
        CritEval { applicable, points, capped, parts: start..eval.parts.len(), missing, status }
    }
}

/// Whether a note or warning holds; `scratch` takes the fields it found missing.
pub(crate) fn notice_holds<'a>(w: &'a crate::compile::CWarning, ctx: &Ctx<'a>, scratch: &mut Vec<usize>) -> bool {
    scratch.clear();
    let held = match &w.cond {
        Some(cond) => ctx.cond(cond, scratch),
        None => truth(w.when.eval(ctx, scratch)),
    };
    scratch.clear();
    held == Ok(true)
}

/// A gate's or veto's result, the fields it lacked moved from `found` to `missing`.
fn check<'a>(ctx: &Ctx<'a>, c: &'a CCheck, missing: &mut Vec<usize>, found: &mut Vec<usize>) -> CheckEval {
    let held = match &c.cond {
        Some(cond) => ctx.cond(cond, found),
        None => truth(c.expr.eval(ctx, found)),
    };
    CheckEval { held, missing: keep_missing(missing, found) }
}

/// Scores one part; `limit` is its criterion's maximum.
pub(super) fn score_part<'a>(
    part: &'a CPart,
    limit: Option<Decimal>,
    ctx: &Ctx<'a>,
    missing: &mut Vec<usize>,
    terms_out: &mut Vec<Result<Seen, Gap>>,
) -> PartEval {
    let at = terms_out.len();
    let mut pe = PartEval {
        counted: true,
        value: None,
        band: None,
        points: Decimal::ZERO,
        capped: false,
        gap: None,
        terms: at..at,
    };
    if let Some(req) = &part.requires {
        if truth(req.eval(ctx, missing)) != Ok(true) {
            pe.counted = false;
            return pe;
        }
    }
    match &part.body {
        PartBody::Flag { when, points } => {
            let held = truth(when.eval(ctx, missing));
            pe.value = held.ok().map(Seen::Bool);
            pe.gap = held.err();
            if held == Ok(true) {
                pe.points = *points;
            }
        }
        PartBody::Bands { value, bands } => {
            let v = number(value.eval(ctx, missing));
            pe.gap = v.as_ref().err().copied();
            if let Ok(v) = &v {
                // Exact comparison: a ratio just below a bound stays below it.
                pe.band = bands.iter().position(|(at, _)| v.cmp_exact(&Num::Dec(*at)) != Ordering::Less);
                if ctx.keep_values {
                    pe.value = Some(Seen::of(v));
                }
            }
            pe.points = pe.band.and_then(|b| bands.get(b)).map_or(Decimal::ZERO, |(_, p)| *p);
        }
        PartBody::Weighted { terms, cap } => {
            let mut sum = Num::Dec(Decimal::ZERO);
            for (expr, weight, _) in terms {
                let v = number(expr.eval(ctx, missing));
                match &v {
                    Ok(v) => sum = v.mul(&Num::Dec(*weight)).and_then(|t| sum.add(&t)).unwrap_or(sum),
                    Err(g) => pe.gap = Some(*g),
                }
                if ctx.keep_values {
                    terms_out.push(v.map(|v| Seen::of(&v)));
                }
            }
            pe.terms = at..terms_out.len();
            pe.capped = cap.is_some_and(|c| sum.cmp_exact(&Num::Dec(c)) == Ordering::Greater);
            let total = Seen::of(&sum);
            pe.points = match (cap, &total) {
                (Some(c), _) if pe.capped => *c,
                (_, Seen::Number(n)) => *n,
                _ if sum.is_negative() => Decimal::ZERO,
                // A sum beyond any decimal (a hostile count) counts as the criterion's
                // maximum, which it is far above: the part reads as capped there.
                _ => {
                    pe.capped = true;
                    limit.unwrap_or(Decimal::MAX)
                }
            };
            pe.value = Some(total);
        }
    }
    pe
}
