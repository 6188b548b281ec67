//! Evaluation of checked expressions over a validated record.
//!
//! Logic is three-valued (Kleene): `false and missing` is `false`, `true or missing` is
//! `true`, anything else touching a gap has no value. Both sides are always evaluated
//! so that every missing field a rule reads is named in the report.

use super::parse::BinOp;
use super::{Gap, Num, ResultVar, Value};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// A literal in a compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Const {
    Number(Decimal),
    Bool(bool),
    Text(String),
}

impl Const {
    fn as_value(&self) -> Value<'_> {
        match self {
            Self::Number(n) => Value::Number(Num::Dec(*n)),
            Self::Bool(b) => Value::Bool(*b),
            Self::Text(t) => Value::Text(t),
        }
    }
}

/// A checked expression with names resolved to indices.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Const(Const),
    Field(usize),
    Derived(usize),
    Var(ResultVar),
    Present(usize),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Arith(BinOp, Box<Expr>, Box<Expr>),
    Compare(BinOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Const>),
    Min(Vec<Expr>),
    Max(Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// What an expression reads while it is evaluated.
pub(crate) trait Env<'a> {
    /// The value of field `index`, or `None` when it is missing.
    fn field(&self, index: usize) -> Option<Value<'a>>;
    /// The value of derived value `index`; adds the fields it lacked to `missing`.
    fn derived(&self, index: usize, missing: &mut Vec<usize>) -> Result<Value<'a>, Gap>;
    /// An outcome variable (only outcome rules read them).
    fn var(&self, var: ResultVar) -> Option<Value<'a>>;
}

type Out<'a> = Result<Value<'a>, Gap>;

fn number(v: Value<'_>) -> Result<Num, Gap> {
    match v {
        Value::Number(n) => Ok(n),
        // INVARIANT: the checker gave every operand of arithmetic the type number.
        _ => Err(Gap::Missing),
    }
}

fn truth(v: Out<'_>) -> Result<bool, Gap> {
    match v? {
        Value::Bool(b) => Ok(b),
        // INVARIANT: the checker gave every operand of logic the type bool.
        _ => Err(Gap::Missing),
    }
}

fn worst(a: Gap, b: Gap) -> Gap {
    a.max(b)
}

impl Expr {
    /// Whether the expression reads outcome variable `var` anywhere.
    pub(crate) fn reads_var(&self, var: ResultVar) -> bool {
        match self {
            Self::Var(v) => *v == var,
            Self::Const(_) | Self::Field(_) | Self::Derived(_) | Self::Present(_) => false,
            Self::Neg(e) | Self::Not(e) | Self::In(e, _) => e.reads_var(var),
            Self::Arith(_, a, b) | Self::Compare(_, a, b) | Self::And(a, b) | Self::Or(a, b) => {
                a.reads_var(var) || b.reads_var(var)
            }
            Self::Min(list) | Self::Max(list) => list.iter().any(|e| e.reads_var(var)),
            Self::If(c, a, b) => c.reads_var(var) || a.reads_var(var) || b.reads_var(var),
        }
    }

    /// Evaluates the expression; fields found missing are added to `missing`.
    pub(crate) fn eval<'a, E: Env<'a> + ?Sized>(&'a self, env: &E, missing: &mut Vec<usize>) -> Out<'a> {
        match self {
            Self::Const(c) => Ok(c.as_value()),
            Self::Field(i) => env.field(*i).ok_or_else(|| {
                missing.push(*i);
                Gap::Missing
            }),
            Self::Derived(i) => env.derived(*i, missing),
            Self::Var(v) => env.var(*v).ok_or(Gap::Missing),
            Self::Present(i) => Ok(Value::Bool(env.field(*i).is_some())),
            Self::Neg(e) => {
                let n = number(e.eval(env, missing)?)?;
                Ok(Value::Number(n.neg()))
            }
            Self::Not(e) => Ok(Value::Bool(!truth(e.eval(env, missing))?)),
            Self::Arith(op, l, r) => {
                let l = l.eval(env, missing);
                let r = r.eval(env, missing);
                let (l, r) = match (l, r) {
                    (Ok(l), Ok(r)) => (number(l)?, number(r)?),
                    (Err(a), Err(b)) => return Err(worst(a, b)),
                    (Err(g), _) | (_, Err(g)) => return Err(g),
                };
                arith(*op, &l, &r).map(Value::Number)
            }
            Self::Compare(op, l, r) => {
                let l = l.eval(env, missing);
                let r = r.eval(env, missing);
                match (l, r) {
                    (Ok(l), Ok(r)) => Ok(Value::Bool(compare(*op, &l, &r))),
                    (Err(a), Err(b)) => Err(worst(a, b)),
                    (Err(g), _) | (_, Err(g)) => Err(g),
                }
            }
            Self::And(l, r) => kleene(truth(l.eval(env, missing)), truth(r.eval(env, missing)), false).map(Value::Bool),
            Self::Or(l, r) => kleene(truth(l.eval(env, missing)), truth(r.eval(env, missing)), true).map(Value::Bool),
            Self::In(needle, items) => {
                let v = needle.eval(env, missing)?;
                Ok(Value::Bool(items.iter().any(|c| compare(BinOp::Eq, &v, &c.as_value()))))
            }
            Self::Min(args) | Self::Max(args) => {
                let is_min = matches!(self, Self::Min(_));
                let mut best: Option<Num> = None;
                let mut gap: Option<Gap> = None;
                for arg in args {
                    match arg.eval(env, missing).and_then(number) {
                        Ok(n) => {
                            let better = match &best {
                                None => true,
                                Some(b) if is_min => n.cmp_exact(b) == Ordering::Less,
                                Some(b) => n.cmp_exact(b) == Ordering::Greater,
                            };
                            if better {
                                best = Some(n);
                            }
                        }
                        Err(g) => gap = Some(gap.map_or(g, |old| worst(old, g))),
                    }
                }
                match (gap, best) {
                    (Some(g), _) => Err(g),
                    (None, Some(b)) => Ok(Value::Number(b)),
                    (None, None) => Err(Gap::Missing),
                }
            }
            Self::If(c, a, b) => {
                if truth(c.eval(env, missing))? {
                    a.eval(env, missing)
                } else {
                    b.eval(env, missing)
                }
            }
        }
    }
}

fn arith(op: BinOp, l: &Num, r: &Num) -> Result<Num, Gap> {
    match op {
        BinOp::Add => l.add(r),
        BinOp::Sub => l.sub(r),
        BinOp::Mul => l.mul(r),
        BinOp::Div => l.div(r),
        // INVARIANT: the checker only builds `Arith` from the four operators above.
        _ => Err(Gap::Overflow),
    }
}

fn compare(op: BinOp, l: &Value<'_>, r: &Value<'_>) -> bool {
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.cmp_exact(b),
        (Value::Text(a), Value::Text(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        // Values of two types compare by no operator.
        _ => return false,
    };
    holds(op, ord)
}

/// Whether `ord` satisfies the comparison `op`.
pub(crate) fn holds(op: BinOp, ord: Ordering) -> bool {
    match op {
        BinOp::Eq => ord == Ordering::Equal,
        BinOp::Ne => ord != Ordering::Equal,
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::Gt => ord == Ordering::Greater,
        BinOp::Ge => ord != Ordering::Less,
        _ => false,
    }
}

/// Three-valued (Kleene) `and` (`decisive` false) and `or` (`decisive` true): a decisive
/// side decides even beside a gap.
pub(crate) fn kleene(l: Result<bool, Gap>, r: Result<bool, Gap>, decisive: bool) -> Result<bool, Gap> {
    match (l, r) {
        (Ok(x), _) | (_, Ok(x)) if x == decisive => Ok(decisive),
        (Ok(_), Ok(_)) => Ok(!decisive),
        (Err(a), Err(b)) => Err(worst(a, b)),
        (Err(g), _) | (_, Err(g)) => Err(g),
    }
}
