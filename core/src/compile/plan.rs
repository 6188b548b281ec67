//! The compiled evaluation plan: conditions and part values of the common shapes (a yes/no
//! field, a number against a constant, an enum code in a list, a share or growth rate of
//! fields) recognised once when a ruleset compiles, so that numbers-only scoring reads the
//! record's slots directly instead of walking expression trees over exact-number values.
//!
//! Each shape evaluates exactly as the expression it stands for (same value, same gap, same
//! missing fields; `score/fast.rs` holds the evaluation and the tests that compare the two);
//! any other shape keeps its expression, and a step that would leave machine integers falls
//! back to the expression at run time.

use super::types::{CCriterion, CPart, CompiledRuleset, PartBody};
use crate::expr::{BinOp, Const, Expr};
use rust_decimal::Decimal;

/// A condition in a shape that evaluates without building values.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    /// A yes/no field.
    Flag(usize),
    /// `present(field)`.
    Present(usize),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    /// A quantity against a constant.
    Compare(Quantity, BinOp, Decimal),
    /// A text field (an enum code) equal to one of some constants (`equal`), or not equal
    /// to the one constant (`!equal`).
    OneOf {
        field: usize,
        items: Box<[Box<str>]>,
        equal: bool,
    },
    /// Any other condition, evaluated as an expression.
    Expr(Box<Expr>),
}

/// A number a part or a condition reads.
#[derive(Debug, Clone)]
pub(crate) enum Quantity {
    /// A number field.
    Field(usize),
    /// A derived value `(a − b) ÷ d × k` of number fields, where `− b`, `÷ d` and `× k` may
    /// each be absent: a share, a growth rate or a difference.
    Ratio(Ratio),
}

/// See [`Quantity::Ratio`].
#[derive(Debug, Clone)]
pub(crate) struct Ratio {
    pub a: usize,
    pub b: Option<usize>,
    pub d: Option<usize>,
    pub k: Decimal,
}

/// A part of a criterion in a fast shape.
#[derive(Debug, Clone)]
pub(crate) struct FastPart {
    pub requires: Option<Cond>,
    pub body: FastBody,
}

#[derive(Debug, Clone)]
pub(crate) enum FastBody {
    Flag {
        when: Cond,
        points: Decimal,
    },
    /// The bands themselves are the part's (`PartBody::Bands`).
    Bands {
        value: Quantity,
    },
    /// Number fields and their weights.
    Weighted {
        terms: Box<[(usize, Decimal)]>,
        cap: Option<Decimal>,
    },
}

/// The plan of one criterion: its applicability and each part, `None` where a part keeps
/// the general way.
#[derive(Debug, Clone, Default)]
pub(crate) struct CriterionPlan {
    pub applies: Option<Cond>,
    pub parts: Vec<Option<FastPart>>,
}

impl CompiledRuleset {
    /// Recognises the fast shapes of every rule: the last step of compiling.
    pub(crate) fn attach_plan(&mut self) {
        let derived: Vec<Expr> = self.derived.iter().map(|d| d.expr.clone()).collect();
        let planner = Planner { derived: &derived };
        for check in self.gates.iter_mut().chain(self.vetoes.iter_mut()) {
            check.cond = Some(planner.cond(&check.expr));
        }
        let bonus = self.bonus.iter_mut().flat_map(|(_, items)| items.iter_mut());
        for c in self.dimensions.iter_mut().flat_map(|d| d.criteria.iter_mut()).chain(bonus) {
            c.plan = planner.criterion(c);
        }
        for w in self.notes.iter_mut().chain(self.warnings.iter_mut()) {
            w.cond = Some(planner.cond(&w.when));
        }
    }
}

struct Planner<'a> {
    derived: &'a [Expr],
}

impl Planner<'_> {
    fn criterion(&self, c: &CCriterion) -> CriterionPlan {
        CriterionPlan {
            applies: c.applies.as_ref().map(|e| self.cond(e)),
            parts: c.parts.iter().map(|p| self.part(p)).collect(),
        }
    }

    fn part(&self, p: &CPart) -> Option<FastPart> {
        let body = match &p.body {
            PartBody::Flag { when, points } => FastBody::Flag { when: self.cond(when), points: *points },
            PartBody::Bands { value, .. } => FastBody::Bands { value: self.quantity(value)? },
            PartBody::Weighted { terms, cap } => {
                let field = |(e, w, _): &(Expr, Decimal, _)| match e {
                    Expr::Field(i) => Some((*i, *w)),
                    _ => None,
                };
                FastBody::Weighted { terms: terms.iter().map(field).collect::<Option<_>>()?, cap: *cap }
            }
        };
        Some(FastPart { requires: p.requires.as_ref().map(|e| self.cond(e)), body })
    }

    /// The fast shape of a condition, or the expression itself.
    fn cond(&self, e: &Expr) -> Cond {
        self.try_cond(e).unwrap_or_else(|| Cond::Expr(Box::new(e.clone())))
    }

    fn try_cond(&self, e: &Expr) -> Option<Cond> {
        Some(match e {
            Expr::Field(i) => Cond::Flag(*i),
            Expr::Present(i) => Cond::Present(*i),
            Expr::Not(inner) => Cond::Not(Box::new(self.cond(inner))),
            Expr::And(l, r) => Cond::And(Box::new(self.cond(l)), Box::new(self.cond(r))),
            Expr::Or(l, r) => Cond::Or(Box::new(self.cond(l)), Box::new(self.cond(r))),
            Expr::Compare(op, l, r) => match (&**l, &**r) {
                (Expr::Field(i), Expr::Const(Const::Text(t))) if matches!(op, BinOp::Eq | BinOp::Ne) => {
                    Cond::OneOf { field: *i, items: Box::new([t.as_str().into()]), equal: *op == BinOp::Eq }
                }
                (q, Expr::Const(Const::Number(c))) => Cond::Compare(self.quantity(q)?, *op, *c),
                _ => return None,
            },
            Expr::In(needle, items) => {
                let Expr::Field(i) = &**needle else { return None };
                let text = |c: &Const| match c {
                    Const::Text(t) => Some(t.as_str().into()),
                    _ => None,
                };
                Cond::OneOf { field: *i, items: items.iter().map(text).collect::<Option<_>>()?, equal: true }
            }
            _ => return None,
        })
    }

    fn quantity(&self, e: &Expr) -> Option<Quantity> {
        match e {
            Expr::Field(i) => Some(Quantity::Field(*i)),
            Expr::Derived(d) => ratio(self.derived.get(*d)?).map(Quantity::Ratio),
            _ => None,
        }
    }
}

/// `(a − b) ÷ d × k` with each of `− b`, `÷ d`, `× k` optional, over number fields.
fn ratio(e: &Expr) -> Option<Ratio> {
    let (quotient, k) = match e {
        Expr::Arith(BinOp::Mul, l, r) => match &**r {
            Expr::Const(Const::Number(k)) => (&**l, *k),
            _ => return None,
        },
        other => (other, Decimal::ONE),
    };
    let (difference, d) = match quotient {
        Expr::Arith(BinOp::Div, n, d) => match &**d {
            Expr::Field(d) => (&**n, Some(*d)),
            _ => return None,
        },
        other => (other, None),
    };
    let (a, b) = match difference {
        Expr::Field(a) => (*a, None),
        Expr::Arith(BinOp::Sub, a, b) => match (&**a, &**b) {
            (Expr::Field(a), Expr::Field(b)) => (*a, Some(*b)),
            _ => return None,
        },
        _ => return None,
    };
    // A bare field is not a derived shape worth a ratio; `Quantity::Field` reads it.
    if b.is_none() && d.is_none() && k == Decimal::ONE {
        return None;
    }
    Some(Ratio { a, b, d, k })
}
