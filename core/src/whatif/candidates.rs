//! The values worth trying for a field: found from the rules themselves (band edges, the
//! constants of conditions, weighted caps), and for a threshold on a ratio or a growth rate
//! by solving it for the field, to the field's precision, with the other fields as they are.

use super::arith;
use super::record::Record;
use crate::compile::{CompiledRuleset, PartBody};
use crate::expr::{BinOp, Const, Expr, FieldValue, Num, Value};
use crate::model::FieldType;
use crate::validate::ValidSubmission;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// A threshold of the rules: where `expr` crosses `at`, something changes.
#[derive(Debug, Clone)]
pub(super) struct Atom {
    pub expr: Expr,
    pub at: Decimal,
    pub edge: Edge,
    /// The fields it reads, in order: a list, as most read one or two and every search
    /// step asks which atoms read a field.
    pub fields: Vec<usize>,
}

/// A crossing solved: by field, atom (its place in the list) and the values of the atom's
/// other fields, which are all it depends on.
type Solved = (usize, usize, Vec<Option<FieldValue>>, Option<(Decimal, Decimal)>);

/// Crossings already solved, and a record to solve in.
#[derive(Default)]
pub(super) struct Crossings {
    found: Vec<Solved>,
    /// A completed record kept between solves, made on the first: each solve brings the
    /// fields its threshold reads up to date, which is all the threshold's value depends on.
    sub: Option<ValidSubmission>,
}

/// Which side of a threshold its value belongs to, so that one value stands for each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edge {
    /// `≥ at` (or `< at`): the threshold and one step below.
    AtOrAbove,
    /// `> at` (or `≤ at`): the threshold and one step above.
    Above,
    /// `= at` (or `≠ at`): the threshold and a step either side.
    Exactly,
}

impl Edge {
    /// The edge of `x op n`, or of `n op x` when `flipped`.
    fn of(op: BinOp, flipped: bool) -> Self {
        match (op, flipped) {
            (BinOp::Ge | BinOp::Lt, false) | (BinOp::Le | BinOp::Gt, true) => Self::AtOrAbove,
            (BinOp::Gt | BinOp::Le, false) | (BinOp::Lt | BinOp::Ge, true) => Self::Above,
            _ => Self::Exactly,
        }
    }
}

/// How far a search for a crossing doubles before it gives up (beyond any real amount).
const FAR: Decimal = Decimal::from_parts(0xA4C6_8000, 0x3_8D7E, 0, false, 0); // 10^15

impl CompiledRuleset {
    /// Every threshold of the rules that score: conditions of gates, vetoes, switches,
    /// parts; band edges; weighted caps.
    pub(super) fn find_atoms(&self) -> Vec<Atom> {
        let mut out: Vec<(Expr, Decimal, Edge)> = Vec::new();
        let mut conditions: Vec<&Expr> = self.gates.iter().chain(&self.vetoes).map(|c| &c.expr).collect();
        for c in self.all_criteria() {
            conditions.extend(c.applies.iter());
            for part in &c.parts {
                conditions.extend(part.requires.iter());
                match &part.body {
                    PartBody::Flag { when, .. } => conditions.push(when),
                    PartBody::Bands { value, bands } => {
                        out.extend(bands.iter().map(|(at, _)| (value.clone(), *at, Edge::AtOrAbove)))
                    }
                    PartBody::Weighted { terms, cap } => {
                        // A bonus item with no cap of its own counts up to the bonus cap.
                        let bonus_cap = self.bonus.as_ref().filter(|_| c.bonus).map(|(cap, _)| *cap);
                        let limit = cap.or(c.max).or(bonus_cap);
                        let sum = terms.iter().map(|(e, w, _)| {
                            Expr::Arith(BinOp::Mul, Box::new(e.clone()), Box::new(Expr::Const(Const::Number(*w))))
                        });
                        let sum = sum.reduce(|a, b| Expr::Arith(BinOp::Add, Box::new(a), Box::new(b)));
                        if let (Some(sum), Some(limit)) = (sum, limit) {
                            out.push((sum, limit, Edge::AtOrAbove));
                        }
                        // Each term alone reaching the cap, which holds while the other terms
                        // are blank (a blank term counts 0, but leaves the sum above no value).
                        for (e, w, _) in terms.iter().filter(|(_, w, _)| *w > Decimal::ZERO) {
                            if let Some(at) = limit.and_then(|l| l.checked_div(*w)) {
                                out.push((e.clone(), at, Edge::AtOrAbove));
                            }
                        }
                    }
                }
            }
        }
        for cond in conditions {
            self.visit(cond, &mut |e| {
                if let Expr::Compare(op, l, r) = e {
                    match (l.as_ref(), r.as_ref()) {
                        (x, Expr::Const(Const::Number(n))) => out.push((x.clone(), *n, Edge::of(*op, false))),
                        (Expr::Const(Const::Number(n)), x) => out.push((x.clone(), *n, Edge::of(*op, true))),
                        (Expr::Const(_), _) | (_, Expr::Const(_)) => {}
                        (l, r) => out.push((
                            Expr::Arith(BinOp::Sub, Box::new(l.clone()), Box::new(r.clone())),
                            Decimal::ZERO,
                            Edge::of(*op, false),
                        )),
                    }
                }
            });
        }
        out.into_iter()
            .map(|(expr, at, edge)| {
                let mut fields = BTreeSet::new();
                self.reads(&expr, &mut fields);
                Atom { expr, at, edge, fields: fields.into_iter().collect() }
            })
            .collect()
    }

    /// The texts worth trying for text field `field`: each text a rule compares it with
    /// (`== '瓯北'`, `in ['a', 'b']`), which stands for itself, and one that none of them is,
    /// which stands for every other text.
    fn text_candidates(&self, field: usize) -> BTreeSet<String> {
        let mut texts = BTreeSet::new();
        let mut exprs: Vec<&Expr> = self.gates.iter().chain(&self.vetoes).map(|c| &c.expr).collect();
        for c in self.all_criteria() {
            exprs.extend(self.criterion_exprs(c));
        }
        exprs.extend(self.outcomes.iter().filter_map(|o| o.when.as_ref()));
        for expr in exprs {
            self.visit(expr, &mut |e| {
                let consts: &[Const] = match e {
                    Expr::Compare(_, l, r) => match (l.as_ref(), r.as_ref()) {
                        (Expr::Field(f), Expr::Const(c)) | (Expr::Const(c), Expr::Field(f)) if *f == field => {
                            std::slice::from_ref(c)
                        }
                        _ => &[],
                    },
                    Expr::In(inner, list) if matches!(inner.as_ref(), Expr::Field(f) if *f == field) => list,
                    _ => &[],
                };
                texts.extend(consts.iter().filter_map(|c| match c {
                    Const::Text(t) => Some(t.clone()),
                    _ => None,
                }));
            });
        }
        let mut other = "-".to_owned();
        while texts.contains(&other) {
            other.push('-');
        }
        texts.insert(other);
        texts
    }

    /// The values worth trying for `field` in `record`: `None` (left empty) for an optional
    /// field, then values in increasing order.
    pub(super) fn candidates(&self, record: &Record, field: usize, atoms: &[Atom]) -> Vec<Option<FieldValue>> {
        self.candidates_with(record, field, atoms, &mut Crossings::default())
    }

    /// [`CompiledRuleset::candidates`], with the crossings solved before kept in `solved`: a
    /// search asks again whenever any field its thresholds read has moved, though each
    /// threshold's crossing changes only with the fields that threshold reads.
    pub(super) fn candidates_with(
        &self,
        record: &Record,
        field: usize,
        atoms: &[Atom],
        solved: &mut Crossings,
    ) -> Vec<Option<FieldValue>> {
        let Some(f) = self.fields.get(field) else { return Vec::new() };
        let mut out: Vec<Option<FieldValue>> = Vec::with_capacity(8);
        if !f.decl.required {
            out.push(None);
        }
        match f.decl.field_type {
            FieldType::Bool => out.extend([false, true].map(|b| Some(FieldValue::Bool(b)))),
            FieldType::Enum => out.extend(f.codes().iter().map(|v| Some(FieldValue::Text(v.code.clone())))),
            FieldType::Text => out.extend(self.text_candidates(field).into_iter().map(|t| Some(FieldValue::Text(t)))),
            _ => {
                let numbers = self.numbers(record, field, atoms, solved);
                out.extend(numbers.into_iter().map(|n| Some(FieldValue::Number(n))));
            }
        }
        out
    }

    /// The numbers worth trying for `field`, in increasing order, each once.
    fn numbers(&self, record: &Record, field: usize, atoms: &[Atom], solved: &mut Crossings) -> Vec<Decimal> {
        let Some(f) = self.fields.get(field) else { return Vec::new() };
        // Its bounds, its value, up to three values per threshold and one far above.
        let mut out = Vec::with_capacity(4 + 3 * self.atoms_of(field).len());
        let step = self.step_of(field);
        let whole = f.decl.field_type.is_whole();
        out.extend(f.min);
        out.extend(f.max);
        if let Some(Some(FieldValue::Number(n))) = record.get(field) {
            out.push(*n);
        }
        let places = self.atoms_of(field).iter().filter_map(|&p| Some((p, atoms.get(p)?)));
        for (place, atom) in places.filter(|(_, a)| a.fields.contains(&field)) {
            if atom.expr == Expr::Field(field) {
                let at = atom.at;
                match atom.edge {
                    Edge::AtOrAbove => {
                        let at = if whole { at.ceil() } else { at };
                        out.extend([at.saturating_sub(step), at]);
                    }
                    Edge::Above => {
                        let at = if whole { at.floor() } else { at };
                        out.extend([at, at.saturating_add(step)]);
                    }
                    Edge::Exactly => out.extend([at.saturating_sub(step), at, at.saturating_add(step)]),
                }
            } else if let Some((below, at)) = self.solve_once(record, field, (place, atom), solved) {
                // A computed value can land on the threshold itself: for `>` and `=`, the
                // value a step past it too.
                out.extend([below, at]);
                if atom.edge != Edge::AtOrAbove {
                    out.push(at.saturating_add(step));
                }
            }
        }
        if f.max.is_none() {
            // Well above every threshold: a denominator that makes shares and growth rates
            // computable, and a count past every cap.
            let top = out.iter().copied().max().unwrap_or_default().max(Decimal::ONE_HUNDRED);
            out.push(top.saturating_mul(Decimal::TEN));
        }
        if out.is_empty() {
            out.push(Decimal::ZERO);
        }
        // In order, each value once (`5` and `5.0` are one); normalised, so they stay apart.
        out.sort();
        out.dedup();
        let lo = f.min.unwrap_or(Decimal::MIN);
        let hi = f.max.unwrap_or(Decimal::MAX);
        out.iter_mut().for_each(|n| *n = n.normalize());
        // Normalised, a whole number has no decimal places.
        out.retain(|n| lo <= *n && *n <= hi && (!whole || n.scale() == 0));
        out
    }

    /// [`CompiledRuleset::crossing`] (guessed) of `record`, looked up in `solved` first.
    fn solve_once(
        &self,
        record: &Record,
        field: usize,
        (place, atom): (usize, &Atom),
        solved: &mut Crossings,
    ) -> Option<(Decimal, Decimal)> {
        let others = || atom.fields.iter().filter(|&&g| g != field);
        let same = |key: &[Option<FieldValue>]| {
            key.iter().zip(others()).all(|(v, &g)| record.get(g).and_then(Option::as_ref) == v.as_ref())
        };
        if let Some((_, _, _, found)) =
            solved.found.iter().find(|(f, p, key, _)| *f == field && *p == place && same(key))
        {
            return *found;
        }
        let sub = solved.sub.get_or_insert_with(|| self.completed(record));
        for &g in &atom.fields {
            let want = self.seen_as(g, record.get(g).and_then(Option::as_ref));
            if let Some(slot) = sub.values.get_mut(g) {
                if slot.as_ref() != want {
                    *slot = want.cloned();
                }
            }
        }
        let found = self.crossing(sub, field, atom, true);
        solved.found.push((field, place, others().map(|&g| record.get(g).cloned().flatten()).collect(), found));
        found
    }

    /// Where `atom` flips along `field`, the others as in `sub` (a completed record, whose
    /// slot of `field` it writes): the last value on the field's grid below the flip and the
    /// first at it (or the field's highest value, when that is off the grid). Assumes the
    /// threshold's value moves one way along the field, as ratios and growth rates do.
    /// Without `guess`, by doubling and bisection alone (what the guesses must agree with).
    pub(super) fn crossing(
        &self,
        sub: &mut ValidSubmission,
        field: usize,
        atom: &Atom,
        guess: bool,
    ) -> Option<(Decimal, Decimal)> {
        let f = self.fields.get(field)?;
        let step = self.step_of(field);
        // A derived value of fields alone is evaluated by its own expression: through the
        // context, every derived value declared before it would be computed first.
        let mut nested = false;
        let expr = match &atom.expr {
            Expr::Derived(d) => self.derived.get(*d).map(|x| &x.expr).filter(|e| {
                self.visit(e, &mut |x| nested |= matches!(x, Expr::Derived(_)));
                !nested
            }),
            _ => None,
        }
        .unwrap_or(&atom.expr);
        let mut value = |v: Decimal| -> Option<Num> {
            if let Some(slot) = sub.values.get_mut(field) {
                *slot = Some(FieldValue::Number(v));
            }
            let ctx = self.context(sub);
            match expr.eval(&ctx, &mut Vec::new()) {
                Ok(Value::Number(n)) => Some(n),
                _ => None,
            }
        };
        let at = Num::Dec(atom.at);
        let side = |n: &Option<Num>| n.as_ref().map(|n| n.cmp_exact(&at) != Ordering::Less);
        let mut a = f.min.unwrap_or(-FAR);
        let mut first = value(a);
        if side(&first).is_none() {
            a = arith::add(a, step)?;
            first = value(a);
        }
        let start = side(&first)?;
        // Both ends of the grid: multiples of the step from `a`, up to the highest value.
        let below = |b: Decimal| -> Option<Decimal> {
            let k = arith::sub(arith::div(arith::sub(b, a)?, step)?.ceil(), Decimal::ONE)?;
            arith::add(a, arith::mul(k, step)?)
        };
        let on_grid = step >= Decimal::ONE || Decimal::ONE.checked_rem(step).is_some_and(|r| r.is_zero());
        let width = step.max(Decimal::ONE);
        // Most thresholds are linear in the field or in its reciprocal (shares and growth
        // rates): guessed from two values and checked on the grid, a crossing takes a few
        // evaluations instead of a bisection's twenty.
        if let (true, Some(e0), Some(x1)) =
            (guess && on_grid, first.as_ref().and_then(|n| n.to_decimal().ok()), arith::add(a, width))
        {
            let x1 = f.max.map_or(x1, |hi| x1.min(hi));
            let e1 = value(x1).and_then(|n| n.to_decimal().ok());
            let mut flipped = |v: Decimal| side(&value(v)) == Some(!start);
            for guess in e1.map(|e1| guesses((a, e0), (x1, e1), atom.at)).unwrap_or_default().into_iter().flatten() {
                let Some(mut b) = arith::sub(guess, a)
                    .and_then(|d| arith::div(d, step))
                    .map(|k| k.ceil().max(Decimal::ONE))
                    .and_then(|k| arith::mul(k, step))
                    .and_then(|d| arith::add(a, d))
                else {
                    continue;
                };
                if f.max.is_some_and(|hi| b > hi) {
                    b = f.max.unwrap_or(b);
                }
                if arith::sub(b, a).is_none_or(|d| d > FAR) {
                    continue;
                }
                let Some(g) = below(b).filter(|g| *g >= a) else { continue };
                if flipped(b) && !flipped(g) {
                    return Some((g, b));
                }
            }
        }
        let mut flipped = |v: Decimal| side(&value(v)) == Some(!start);
        // The doubling below tries points up to `a + width × 2^k`, for the first k that
        // reaches the highest value or passes FAR: when that point has not flipped, none has.
        // Both tests only turn true as k grows, so k is found by bisection (an overflow
        // counts as past FAR: it is checked again at the end, as doubling would meet it).
        let done = |k: u32| {
            let w = arith::mul(width, Decimal::from(1u64 << k));
            let b = w.and_then(|w| arith::add(a, w));
            match (w, b) {
                (Some(w), Some(b)) => f.max.is_some_and(|hi| b >= hi) || w > FAR,
                _ => true,
            }
        };
        if guess {
            // FAR ÷ width < 2^50, as width ≥ 1.
            let (mut lo, mut hi) = (0u32, 50u32);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if done(mid) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            let last = arith::add(a, arith::mul(width, Decimal::from(1u64 << lo))?)?;
            if !flipped(f.max.map_or(last, |hi| last.min(hi))) {
                return None;
            }
        }
        // Doubling outward from the low end until the side changes.
        let mut width = width;
        let mut b;
        loop {
            b = arith::add(a, width)?;
            if let Some(hi) = f.max {
                b = b.min(hi);
            }
            if flipped(b) {
                break;
            }
            if f.max.is_some_and(|hi| b >= hi) || width > FAR {
                return None;
            }
            width = arith::mul(width, Decimal::TWO)?;
        }
        // Bisection on the field's grid (multiples of its step from the low end). A grid too
        // fine to count in a decimal gives no crossing: the search goes without it.
        while arith::sub(b, a)? > step {
            let steps = arith::div(arith::div(arith::sub(b, a)?, Decimal::TWO)?, step)?;
            let m = arith::add(a, arith::mul(steps.floor().max(Decimal::ONE), step)?)?;
            if m >= b {
                break;
            }
            if flipped(m) {
                b = m;
            } else {
                a = m;
            }
        }
        Some((a, b))
    }
}

/// Where a threshold at `at` is crossed, guessed from its values at two points: as a linear
/// function of the field, and as `c ÷ field + d` (a share's denominator, a growth rate's base).
fn guesses((x0, e0): (Decimal, Decimal), (x1, e1): (Decimal, Decimal), at: Decimal) -> [Option<Decimal>; 2] {
    let linear =
        || arith::add(arith::div(arith::mul(arith::sub(at, e0)?, arith::sub(x1, x0)?)?, arith::sub(e1, e0)?)?, x0);
    let reciprocal = || {
        let (r0, r1) = (arith::div(Decimal::ONE, x0)?, arith::div(Decimal::ONE, x1)?);
        let c = arith::div(arith::sub(e0, e1)?, arith::sub(r0, r1)?)?;
        let d = arith::sub(e0, arith::mul(c, r0)?)?;
        arith::div(c, arith::sub(at, d)?)
    };
    [linear(), reciprocal()]
}
