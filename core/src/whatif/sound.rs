//! The sound half of score bounds: what every rule can still give, read from the rules and
//! the fields filled so far, never narrower than the truth for any rule file.
//!
//! A condition is decided when three-valued evaluation gives it a value without asking
//! whether a missing field is present (`false and …` is false whatever is missing). A
//! number that is not decided spans its field's declared range (a derived value spans
//! everything). Ends that no number bounds are `Decimal::MIN` / `Decimal::MAX`.

use super::candidates::Atom;
use super::enumerate::Witness;
use super::record::Record;
use super::Settled;
use crate::compile::{CCriterion, CompiledRuleset, PartBody};
use crate::expr::{BinOp, Env, Expr, Gap, Num, ResultVar, Value};
use crate::score::{truth, Ctx};
use crate::validate::ValidSubmission;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What the sound analysis found.
#[derive(Debug, Clone)]
pub(super) struct Sound {
    /// Each criterion then bonus item: its points span when it applies, whether it applies,
    /// and whether a highest end of `Decimal::MAX` is real (no cap on an unbounded count).
    pub criteria: Vec<Crit>,
    /// For each criterion whose combinations were all tried, the ones that give its ends.
    pub witnesses: Vec<Option<Witness>>,
    pub gates: Vec<Settled>,
    pub vetoes: Vec<Settled>,
    /// The final-score spans, one per way the open conditional criteria can apply.
    pub finals: Vec<(Decimal, Decimal)>,
    /// Reachable grade and outcome indices, in rule order.
    pub grades: Vec<usize>,
    pub outcomes: Vec<usize>,
}

impl Sound {
    pub(super) fn final_span(&self) -> (Decimal, Decimal) {
        let lo = self.finals.iter().map(|f| f.0).min().unwrap_or_default();
        let hi = self.finals.iter().map(|f| f.1).max().unwrap_or_default();
        (lo, hi)
    }
}

/// What the analysis found for one criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Crit {
    pub lo: Decimal,
    pub hi: Decimal,
    pub applies: Settled,
    pub unbounded: bool,
}

impl Crit {
    /// Its lowest and highest points: 0 is among them while whether it applies is open.
    pub(super) fn ends(&self) -> (Decimal, Decimal) {
        match self.applies {
            Settled::Open => (self.lo.min(Decimal::ZERO), self.hi.max(Decimal::ZERO)),
            _ => (self.lo, self.hi),
        }
    }
}

/// An expression's value whatever the missing fields are, or `None` when it depends on them.
type Decided<'a> = Option<Result<Value<'a>, Gap>>;

struct Analysis<'a> {
    rules: &'a CompiledRuleset,
    ctx: Ctx<'a>,
    open: &'a [bool],
}

impl<'a> Analysis<'a> {
    fn decide(&self, expr: &'a Expr) -> Decided<'a> {
        let mut asked = BTreeSet::new();
        self.rules.presence_reads(expr, &mut asked);
        if asked.iter().any(|&i| self.open.get(i).copied().unwrap_or(false)) {
            return None;
        }
        let mut missing = Vec::new();
        let value = expr.eval(&self.ctx, &mut missing);
        // A value computed while fields were missing came from logic that ignores them.
        let depends = missing.iter().any(|&i| self.open.get(i).copied().unwrap_or(false));
        if value.is_err() && depends {
            return None;
        }
        Some(value)
    }

    fn holds(&self, expr: &'a Expr) -> Settled {
        match self.decide(expr) {
            None => self.compared(expr),
            Some(v) if truth(v.clone()) == Ok(true) => Settled::Yes,
            Some(_) => Settled::No,
        }
    }

    /// A comparison of numbers the missing fields leave open, settled by the spans of its
    /// sides when neither can be missing: `cases >= 0` of a count holds whatever is filled
    /// in. The spans are never narrower than the truth, so what they settle is certain.
    fn compared(&self, expr: &'a Expr) -> Settled {
        let Expr::Compare(op, l, r) = expr else { return Settled::Open };
        let (Some((llo, lhi, false)), Some((rlo, rhi, false))) = (self.interval(l), self.interval(r)) else {
            return Settled::Open;
        };
        // An end no number bounds (or one held at the last decimal) decides nothing.
        let known = |a: Decimal, b: Decimal| [a, b].iter().all(|d| *d != Decimal::MIN && *d != Decimal::MAX);
        let (always, never) = match op {
            BinOp::Ge => (known(llo, rhi) && llo >= rhi, known(lhi, rlo) && lhi < rlo),
            BinOp::Gt => (known(llo, rhi) && llo > rhi, known(lhi, rlo) && lhi <= rlo),
            BinOp::Le => (known(lhi, rlo) && lhi <= rlo, known(llo, rhi) && llo > rhi),
            BinOp::Lt => (known(lhi, rlo) && lhi < rlo, known(llo, rhi) && llo >= rhi),
            _ => (false, false),
        };
        match (always, never) {
            (true, _) => Settled::Yes,
            (_, true) => Settled::No,
            _ => Settled::Open,
        }
    }

    /// The span a numeric expression can take and whether it can have no value.
    fn span(&self, expr: &'a Expr) -> (Decimal, Decimal, bool) {
        match self.interval(expr) {
            Some((lo, hi, gap)) => (lo, hi, gap),
            // It never has a value (a denominator that is 0 whatever is filled in).
            None => (Decimal::ZERO, Decimal::ZERO, true),
        }
    }

    /// Interval arithmetic: `None` when the expression can have no value at all; ends
    /// that no number bounds are `Decimal::MIN` / `Decimal::MAX`.
    fn interval(&self, expr: &'a Expr) -> Option<(Decimal, Decimal, bool)> {
        let everything = Some((Decimal::MIN, Decimal::MAX, true));
        match self.decide(expr) {
            Some(Ok(Value::Number(n))) => {
                return Some(match n.to_decimal() {
                    Ok(d) => (d, d, false),
                    Err(_) if n.is_negative() => (Decimal::MIN, Decimal::MIN, false),
                    Err(_) => (Decimal::MAX, Decimal::MAX, false),
                })
            }
            Some(_) => return None,
            None => {}
        }
        match expr {
            Expr::Field(i) => match self.rules.fields.get(*i) {
                Some(f) => {
                    let gap = !f.decl.required && f.default.is_none();
                    let (lo, hi) = self.rules.domain(*i, &self.ctx);
                    Some((lo, hi, gap))
                }
                None => everything,
            },
            Expr::Derived(d) => match self.rules.derived.get(*d) {
                Some(derived) => self.interval(&derived.expr),
                None => everything,
            },
            Expr::Neg(e) => self.interval(e).map(|(lo, hi, gap)| (-hi, -lo, gap)),
            Expr::Arith(op, l, r) => {
                let (a, b) = (self.interval(l)?, self.interval(r)?);
                arith(*op, a, b)
            }
            _ => everything,
        }
    }

    /// Points span of one criterion, before whether it applies, and whether a highest end
    /// of `Decimal::MAX` is real: a weighted count with no cap and no upper bound.
    fn criterion(&self, c: &'a CCriterion) -> (Decimal, Decimal, bool) {
        let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
        let mut unbounded = false;
        for part in &c.parts {
            let (mut plo, mut phi) = match &part.body {
                PartBody::Flag { when, points } => match self.holds(when) {
                    Settled::Yes => (*points, *points),
                    Settled::No => (Decimal::ZERO, Decimal::ZERO),
                    Settled::Open => ((*points).min(Decimal::ZERO), (*points).max(Decimal::ZERO)),
                },
                PartBody::Bands { value, bands } => {
                    let (vlo, vhi, gap) = self.span(value);
                    let mut reach: Vec<Decimal> = Vec::new();
                    let mut upper: Option<Decimal> = None;
                    for (at, points) in bands {
                        if *at <= vhi && upper.is_none_or(|u| vlo < u) {
                            reach.push(*points);
                        }
                        upper = Some(*at);
                    }
                    if gap || upper.is_none_or(|last| vlo < last) {
                        reach.push(Decimal::ZERO);
                    }
                    let min = reach.iter().copied().min().unwrap_or_default();
                    (min, reach.iter().copied().max().unwrap_or_default())
                }
                PartBody::Weighted { terms, cap } => {
                    let (mut slo, mut shi) = (Decimal::ZERO, Decimal::ZERO);
                    for (expr, weight, _) in terms {
                        let (vlo, vhi, gap) = self.span(expr);
                        let (a, b) = (vlo.saturating_mul(*weight), vhi.saturating_mul(*weight));
                        let (mut tlo, mut thi) = (a.min(b), a.max(b));
                        if gap {
                            (tlo, thi) = (tlo.min(Decimal::ZERO), thi.max(Decimal::ZERO));
                        }
                        (slo, shi) = (slo.saturating_add(tlo), shi.saturating_add(thi));
                    }
                    let limit = cap.or(c.max).unwrap_or(Decimal::MAX);
                    let endless = |(e, w, _): &(Expr, Decimal, crate::model::Text)| match e {
                        Expr::Field(i) => {
                            *w > Decimal::ZERO
                                && self.open.get(*i).copied().unwrap_or(false)
                                && self.rules.fields.get(*i).is_some_and(|f| f.max.is_none())
                        }
                        _ => false,
                    };
                    let requires_ok = part.requires.as_ref().is_none_or(|r| self.holds(r) != Settled::No);
                    unbounded |= limit == Decimal::MAX && requires_ok && terms.iter().any(endless);
                    // The part is held to its own cap alone: the criterion's maximum caps the
                    // parts' total, below, which a deduction beside this part may pull back.
                    let own = cap.unwrap_or(Decimal::MAX);
                    (slo.min(own), shi.min(own))
                }
            };
            if let Some(req) = &part.requires {
                match self.holds(req) {
                    Settled::Yes => {}
                    Settled::No => (plo, phi) = (Decimal::ZERO, Decimal::ZERO),
                    Settled::Open => (plo, phi) = (plo.min(Decimal::ZERO), phi.max(Decimal::ZERO)),
                }
            }
            (lo, hi) = (lo.saturating_add(plo), hi.saturating_add(phi));
        }
        match c.max {
            Some(mx) => (lo.min(mx), hi.min(mx), false),
            None => (lo, hi, unbounded && hi == Decimal::MAX),
        }
    }
}

/// Widens an end computed by an inexact step (a quotient rounded to 28 digits) so that the
/// interval still holds the exact value.
const SLACK: Decimal = Decimal::from_parts(1, 0, 0, false, 20);

fn arith(op: BinOp, a: (Decimal, Decimal, bool), b: (Decimal, Decimal, bool)) -> Option<(Decimal, Decimal, bool)> {
    let gap = a.2 || b.2;
    let bounded = |d: Decimal| d != Decimal::MIN && d != Decimal::MAX;
    let ends = |v: [Decimal; 4]| {
        let lo = v.iter().copied().min().unwrap_or(Decimal::MIN);
        let hi = v.iter().copied().max().unwrap_or(Decimal::MAX);
        (lo, hi)
    };
    let (lo, hi) = match op {
        BinOp::Add => (a.0.saturating_add(b.0), a.1.saturating_add(b.1)),
        BinOp::Sub => (a.0.saturating_sub(b.1), a.1.saturating_sub(b.0)),
        BinOp::Mul => {
            ends([a.0.saturating_mul(b.0), a.0.saturating_mul(b.1), a.1.saturating_mul(b.0), a.1.saturating_mul(b.1)])
        }
        BinOp::Div => {
            if b.0 <= Decimal::ZERO && Decimal::ZERO <= b.1 {
                if b.0.is_zero() && b.1.is_zero() {
                    return None;
                }
                // A denominator that can be 0 can also be tiny: only the signs bound the
                // quotient (0 ÷ anything is 0).
                let zero = Decimal::ZERO;
                let span = match (a.0 >= zero, a.1 <= zero, b.0 >= zero, b.1 <= zero) {
                    (true, true, _, _) => (zero, zero),
                    (true, _, true, _) | (_, true, _, true) => (zero, Decimal::MAX),
                    (true, _, _, true) | (_, true, true, _) => (Decimal::MIN, zero),
                    _ => (Decimal::MIN, Decimal::MAX),
                };
                return Some((span.0, span.1, true));
            }
            let q = |x: Decimal, y: Decimal| {
                if !bounded(x) || !bounded(y) {
                    // An unbounded side: the quotient is unbounded that way, or tends to 0.
                    return if !bounded(x) {
                        if (x > Decimal::ZERO) == (y > Decimal::ZERO) {
                            Decimal::MAX
                        } else {
                            Decimal::MIN
                        }
                    } else {
                        Decimal::ZERO
                    };
                }
                x.checked_div(y).unwrap_or(if (x > Decimal::ZERO) == (y > Decimal::ZERO) {
                    Decimal::MAX
                } else {
                    Decimal::MIN
                })
            };
            let (lo, hi) = ends([q(a.0, b.0), q(a.0, b.1), q(a.1, b.0), q(a.1, b.1)]);
            (lo.saturating_sub(SLACK), hi.saturating_add(SLACK))
        }
        _ => return Some((Decimal::MIN, Decimal::MAX, true)),
    };
    // Products of decimals can round too; ends beyond a decimal are already sentinels.
    let lo = if bounded(lo) && op == BinOp::Mul { lo.saturating_sub(SLACK) } else { lo };
    let hi = if bounded(hi) && op == BinOp::Mul { hi.saturating_add(SLACK) } else { hi };
    Some((lo, hi, gap))
}

/// Outcome rules read only `result.…`; this gives them those.
struct Results<'a> {
    score: Decimal,
    grade: &'a str,
    gate_failed: bool,
    veto_fired: bool,
}

impl<'a> Env<'a> for Results<'a> {
    fn field(&self, _: usize) -> Option<Value<'a>> {
        None
    }
    fn derived(&self, _: usize, _: &mut Vec<usize>) -> Result<Value<'a>, Gap> {
        Err(Gap::Missing)
    }
    fn var(&self, var: ResultVar) -> Option<Value<'a>> {
        Some(match var {
            ResultVar::FinalScore => Value::Number(Num::Dec(self.score)),
            ResultVar::Grade => Value::Text(self.grade),
            ResultVar::GateFailed => Value::Bool(self.gate_failed),
            ResultVar::VetoFired => Value::Bool(self.veto_fired),
        })
    }
}

/// Subsets of open conditional criteria enumerated one by one up to this many; past it,
/// one coarser span covers them all.
const MAX_OPEN_SWITCHES: usize = 10;

impl CompiledRuleset {
    /// The outcome a final score, grade and the two flags give.
    pub(super) fn outcome_of(
        &self,
        score: Decimal,
        grade: Option<usize>,
        gate_failed: bool,
        veto_fired: bool,
    ) -> Option<usize> {
        let grade = grade.and_then(|g| self.grades.get(g)).map_or("", |g| g.id.as_str());
        let env = Results { score, grade, gate_failed, veto_fired };
        self.outcomes.iter().position(|o| match &o.when {
            None => true,
            Some(w) => truth(w.eval(&env, &mut Vec::new())) == Ok(true),
        })
    }

    /// The sound analysis of a record whose `open` fields are missing. Not inlined: bounds
    /// and advice both call it, and the what-if module carries one copy.
    #[inline(never)]
    pub(super) fn sound(&self, record: &Record, open: &[bool], atoms: &[Atom]) -> Sound {
        let sub = ValidSubmission { values: record.clone() };
        let a = Analysis { rules: self, ctx: self.context(&sub), open };
        let all = self.all_criteria();
        let (mut trial, mut completed) = (record.clone(), self.completed(record));
        let (criteria, witnesses): (Vec<Crit>, Vec<Option<Witness>>) = all
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let scratch = (&mut trial, &mut completed);
                if let Some((found, witness)) = self.enumerate((i, c), record, open, atoms, scratch) {
                    return (found, Some(witness));
                }
                let applies = c.applies.as_ref().map_or(Settled::Yes, |e| a.holds(e));
                let (lo, hi, unbounded) = if applies == Settled::No { Default::default() } else { a.criterion(c) };
                (Crit { lo, hi, applies, unbounded }, None)
            })
            .unzip();
        let gates: Vec<Settled> = self.gates.iter().map(|g| a.holds(&g.expr)).collect();
        let vetoes: Vec<Settled> = self.vetoes.iter().map(|v| a.holds(&v.expr)).collect();
        let finals = self.final_spans(&all, &criteria);
        let can = |list: &[Settled], s: Settled| list.iter().any(|x| *x == s || *x == Settled::Open);
        let gate_failed: Vec<bool> = [(can(&gates, Settled::No), true), (!gates.contains(&Settled::No), false)]
            .into_iter()
            .filter_map(|(possible, v)| possible.then_some(v))
            .collect();
        let veto_fired: Vec<bool> = [(can(&vetoes, Settled::Yes), true), (!vetoes.contains(&Settled::Yes), false)]
            .into_iter()
            .filter_map(|(possible, v)| possible.then_some(v))
            .collect();
        let mut grades = BTreeSet::new();
        let mut outcomes = BTreeSet::new();
        let places = self.pipeline.rounding.places;
        let tick = Decimal::new(1, places);
        let mut marks: Vec<Decimal> = self.grades.iter().filter_map(|g| g.min).collect();
        // An outcome rule that computes with the result (`final_score * 2 >= 101`) crosses
        // where no constant of it says, so the scores tried cannot rule any outcome out.
        let mut computed = false;
        for o in &self.outcomes {
            if let Some(w) = &o.when {
                self.visit(w, &mut |e| match e {
                    Expr::Const(crate::expr::Const::Number(n)) => {
                        marks.extend([*n, n.saturating_sub(tick), n.saturating_add(tick)])
                    }
                    Expr::Arith(..) | Expr::Neg(_) | Expr::Min(_) | Expr::Max(_) | Expr::If(..) => computed = true,
                    _ => {}
                });
            }
        }
        // Each score is tried once, however many spans hold it: there are a few thousand at
        // most, and a search of the list costs the browser's module fewer bytes than a set
        // or a sort.
        let mut scores: Vec<Decimal> = Vec::new();
        for &(lo, hi) in &finals {
            for m in marks.iter().copied().filter(|m| lo <= *m && *m <= hi).chain([lo, hi]) {
                if !scores.contains(&m) {
                    scores.push(m);
                }
            }
        }
        for &score in &scores {
            for &vf in &veto_fired {
                let grade = self.grade_of(score, vf);
                grades.extend(grade);
                for &gf in &gate_failed {
                    outcomes.extend(self.outcome_of(score, grade, gf, vf));
                }
            }
        }
        if computed {
            outcomes.extend(0..self.outcomes.len());
        }
        Sound {
            criteria,
            witnesses,
            gates,
            vetoes,
            finals,
            grades: grades.into_iter().collect(),
            outcomes: outcomes.into_iter().collect(),
        }
    }

    /// Final-score spans over the ways open conditional criteria can apply.
    fn final_spans(&self, all: &[&CCriterion], criteria: &[Crit]) -> Vec<(Decimal, Decimal)> {
        let scored = self.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        let (mut blo, mut bhi) = (Decimal::ZERO, Decimal::ZERO);
        for Crit { lo, hi, applies, .. } in criteria.iter().skip(scored) {
            let (lo, hi) = if *applies == Settled::Open {
                ((*lo).min(Decimal::ZERO), (*hi).max(Decimal::ZERO))
            } else {
                (*lo, *hi)
            };
            (blo, bhi) = (blo.saturating_add(lo), bhi.saturating_add(hi));
        }
        let (mut elo, mut ehi, mut fixed_max) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let mut switches: Vec<(Decimal, Decimal, Decimal)> = Vec::new();
        for (c, Crit { lo, hi, applies, .. }) in all.iter().zip(criteria).take(scored) {
            let max = c.max.unwrap_or_default();
            match applies {
                Settled::Yes => {
                    (elo, ehi) = (elo.saturating_add(*lo), ehi.saturating_add(*hi));
                    fixed_max = fixed_max.saturating_add(max);
                }
                Settled::No => {}
                Settled::Open => switches.push((*lo, *hi, max)),
            }
        }
        let span = |elo: Decimal, ehi: Decimal, max_lo: Decimal, max_hi: Decimal| {
            // Earned points can be negative only in a rule file with negative points; then a
            // larger maximum raises the base, so both maxima are tried at each end.
            let lo = [max_lo, max_hi].map(|m| self.finish(elo, m, blo).3).into_iter().min().unwrap_or_default();
            let hi = [max_lo, max_hi].map(|m| self.finish(ehi, m, bhi).3).into_iter().max().unwrap_or_default();
            (lo, hi)
        };
        if switches.len() > MAX_OPEN_SWITCHES && self.pipeline.normalise {
            // Too many switches to try each set, and a base that divides by the maximum of
            // those that apply: a share of it. Each criterion's points are held to its own
            // maximum, so the base is at most the scale (unbounded where a criterion has no
            // maximum), and below 0 only with deductions.
            let capped = all.iter().take(scored).all(|c| c.max.is_some());
            let deducts = criteria.iter().take(scored).any(|k| k.lo < Decimal::ZERO);
            let scale = self.pipeline.scale;
            let hi = if capped { scale } else { Decimal::MAX };
            let lo = if deducts { Decimal::MIN } else { Decimal::ZERO };
            // `finish` of an amount over a maximum of `scale` is that amount.
            return vec![span(lo, hi, scale, scale)];
        }
        if switches.len() > MAX_OPEN_SWITCHES {
            let (mut lo, mut hi, mut extra) = (elo, ehi, Decimal::ZERO);
            for (slo, shi, max) in &switches {
                (lo, hi) = (lo.saturating_add((*slo).min(Decimal::ZERO)), hi.saturating_add(*shi));
                extra = extra.saturating_add(*max);
            }
            return vec![span(lo, hi, fixed_max, fixed_max.saturating_add(extra))];
        }
        (0u32..1 << switches.len())
            .map(|mask| {
                let (mut lo, mut hi, mut max) = (elo, ehi, fixed_max);
                for (k, (slo, shi, smax)) in switches.iter().enumerate() {
                    if mask & (1 << k) != 0 {
                        (lo, hi, max) = (lo.saturating_add(*slo), hi.saturating_add(*shi), max.saturating_add(*smax));
                    }
                }
                span(lo, hi, max, max)
            })
            .collect()
    }
}

impl CompiledRuleset {
    /// The values a missing numeric field can take: its declared range, narrowed by the
    /// cross-field constraints whose other side is filled (firms with ISO 9001 ≤ above-scale
    /// firms). A strict constraint narrows as a loose one would, which keeps the span sound.
    fn domain(&self, field: usize, ctx: &Ctx<'_>) -> (Decimal, Decimal) {
        use crate::model::ConstraintOp::{Ge, Gt, Le, Lt};
        let Some(f) = self.fields.get(field) else { return (Decimal::MIN, Decimal::MAX) };
        let (mut lo, mut hi) = (f.min.unwrap_or(Decimal::MIN), f.max.unwrap_or(Decimal::MAX));
        let value = |i: usize| match ctx.field(i) {
            Some(Value::Number(Num::Dec(d))) => Some(d),
            _ => None,
        };
        for c in &self.constraints {
            // Seen from `field`: field ≤ v, or field ≥ v.
            let (other, below) = match c.op {
                Le | Lt if c.left == field => (c.right, true),
                Ge | Gt if c.left == field => (c.right, false),
                Le | Lt if c.right == field => (c.left, false),
                Ge | Gt if c.right == field => (c.left, true),
                _ => continue,
            };
            if let Some(v) = value(other) {
                if below {
                    hi = hi.min(v);
                } else {
                    lo = lo.max(v);
                }
            }
        }
        (lo, hi)
    }
}
