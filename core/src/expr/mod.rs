//! The rule expression language: parsed and type-checked when a ruleset loads, then
//! evaluated over exact decimals with three-valued logic for missing evidence.
//!
//! The language is total: no loops, no recursion, no I/O, bounded depth, checked
//! arithmetic. An expression that cannot be computed (a missing field, a zero
//! denominator, an overflow) yields a [`Gap`] instead of a value, never a panic.

mod check;
mod decimal;
mod eval;
mod lex;
mod num;
mod parse;

pub(crate) use check::{check, DEPENDS_ON_ERROR};
pub use check::{Names, Resolved};
pub(crate) use decimal::{
    add_decimals, cmp_decimals, format_decimal, format_normalized, pow10, push_decimal, push_normalized,
};
pub(crate) use eval::{holds, kleene, Const, Env, Expr};
pub(crate) use lex::rename_names;
pub use num::Num;
pub use parse::{parse, Ast, BinOp, ExprError, Span, MAX_EXPR_DEPTH, MAX_EXPR_HEIGHT, MAX_EXPR_LEN};

use rust_decimal::Decimal;

/// The static type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// An exact decimal.
    Number,
    /// `true` or `false`.
    Bool,
    /// Text, including enum codes.
    Text,
}

impl Ty {
    /// The name used in diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Bool => "bool",
            Self::Text => "text",
        }
    }
}

/// A value an expression computes, borrowing text from the submission.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// An exact number.
    Number(Num),
    /// A truth value.
    Bool(bool),
    /// Text.
    Text(&'a str),
}

/// A typed field value held by a validated record.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A number.
    Number(Decimal),
    /// A truth value.
    Bool(bool),
    /// Text or an enum code.
    Text(String),
}

impl FieldValue {
    /// Borrows the value for evaluation.
    pub fn as_value(&self) -> Value<'_> {
        match self {
            Self::Number(n) => Value::Number(Num::Dec(*n)),
            Self::Bool(b) => Value::Bool(*b),
            Self::Text(t) => Value::Text(t),
        }
    }
}

/// Why an expression has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// A field it reads is missing or `null`.
    Missing,
    /// It divides by zero (a ratio whose denominator is 0).
    ZeroDenominator,
    /// A result is too large for a decimal.
    Overflow,
}

/// Variables that outcome rules read, filled in after the score is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultVar {
    /// The rounded final score.
    FinalScore,
    /// The grade code.
    Grade,
    /// Whether any gate failed.
    GateFailed,
    /// Whether any veto fired.
    VetoFired,
}

impl ResultVar {
    /// The names of the outcome variables, as [`ResultVar::from_name`] reads them.
    pub const NAMES: [&'static str; 4] =
        ["result.final_score", "result.grade", "result.gate_failed", "result.veto_fired"];

    /// Resolves `result.…` names.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "result.final_score" => Some(Self::FinalScore),
            "result.grade" => Some(Self::Grade),
            "result.gate_failed" => Some(Self::GateFailed),
            "result.veto_fired" => Some(Self::VetoFired),
            _ => None,
        }
    }

    /// The type of the variable.
    pub fn ty(self) -> Ty {
        match self {
            Self::FinalScore => Ty::Number,
            Self::Grade => Ty::Text,
            Self::GateFailed | Self::VetoFired => Ty::Bool,
        }
    }
}
