//! Evaluation of the compiled plan (`compile/plan.rs`): conditions and part points read from
//! the record's slots, numbers compared as exact fractions in machine integers (in big
//! integers, without reducing, past them). Every function answers exactly as the expression
//! it stands for; only a weighted part whose sum leaves the decimals answers `None`, and the
//! caller then scores the part by its expressions.

use super::evaluate::{truth, Ctx};
use crate::big::Big;
use crate::compile::{Cond, FastBody, FastPart, PartBody, Quantity};
use crate::expr::{cmp_decimals, holds, kleene, pow10, FieldValue, Gap, Num};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// What a quantity came to.
enum Exact {
    Dec(Decimal),
    /// `num / den`, `den > 0`.
    Frac(i128, i128),
    /// `num / den`, `den > 0`, past machine integers (28-digit inputs).
    Big(Box<(Big, Big)>),
    /// A present value that is not a number (a record the checker did not type).
    NotNumber,
}

impl Exact {
    /// Against a constant; `None` for a value that is not a number.
    fn cmp(&self, c: Decimal) -> Option<Ordering> {
        match self {
            Self::Dec(d) => Some(cmp_decimals(*d, c)),
            Self::Frac(num, den) => {
                let small = pow10(c.scale()).and_then(|p| num.checked_mul(p)).zip(c.mantissa().checked_mul(*den));
                Some(match small {
                    Some((left, right)) => left.cmp(&right),
                    None => (&Big::from_i128(*num) * &Big::pow10(c.scale()))
                        .cmp(&(&Big::from_i128(c.mantissa()) * &Big::from_i128(*den))),
                })
            }
            Self::Big(f) => Some((&f.0 * &Big::pow10(c.scale())).cmp(&(&Big::from_i128(c.mantissa()) * &f.1))),
            Self::NotNumber => None,
        }
    }
}

/// `(a − b) ÷ d × k` in machine integers (`d` not zero), `None` past them.
fn ratio_small(a: Decimal, b: Option<Decimal>, d: Option<Decimal>, k: Decimal) -> Option<Exact> {
    let (mut n, mut scale) = (a.mantissa(), a.scale());
    if let Some(b) = b {
        let s = scale.max(b.scale());
        n = n.checked_mul(pow10(s - scale)?)?.checked_sub(b.mantissa().checked_mul(pow10(s - b.scale())?)?)?;
        scale = s;
    }
    let num = n.checked_mul(k.mantissa())?;
    let scale = scale + k.scale();
    let Some(d) = d else { return Some(Exact::Frac(num, pow10(scale)?)) };
    // num / 10^scale ÷ (d / 10^ds) = num · 10^ds / (d · 10^scale)
    let (num, den) = (num.checked_mul(pow10(d.scale())?)?, d.mantissa().checked_mul(pow10(scale)?)?);
    Some(if den < 0 { Exact::Frac(num.checked_neg()?, den.checked_neg()?) } else { Exact::Frac(num, den) })
}

/// [`ratio_small`] in big integers: the same fraction, not reduced (only compared).
fn ratio_big(a: Decimal, b: Option<Decimal>, d: Option<Decimal>, k: Decimal) -> Exact {
    let scale = a.scale().max(b.map_or(0, |b| b.scale()));
    let at = |x: Decimal| &Big::from_i128(x.mantissa()) * &Big::pow10(scale - x.scale());
    let n = &b.map_or_else(|| at(a), |b| &at(a) - &at(b)) * &Big::from_i128(k.mantissa());
    let scale = scale + k.scale();
    let (num, den) = match d {
        Some(d) => (&n * &Big::pow10(d.scale()), &Big::from_i128(d.mantissa()) * &Big::pow10(scale)),
        None => (n, Big::pow10(scale)),
    };
    Exact::Big(Box::new(if den.is_negative() { (-&num, -&den) } else { (num, den) }))
}

impl<'a> Ctx<'a> {
    /// A condition, as `truth(expr.eval(..))` would give it.
    pub(crate) fn cond(&self, c: &'a Cond, missing: &mut Vec<usize>) -> Result<bool, Gap> {
        match c {
            Cond::Flag(i) => match self.slot(*i) {
                None => {
                    missing.push(*i);
                    Err(Gap::Missing)
                }
                Some(FieldValue::Bool(b)) => Ok(*b),
                Some(_) => Err(Gap::Missing),
            },
            Cond::Present(i) => Ok(self.slot(*i).is_some()),
            Cond::Not(inner) => self.cond(inner, missing).map(|b| !b),
            Cond::And(l, r) => kleene(self.cond(l, missing), self.cond(r, missing), false),
            Cond::Or(l, r) => kleene(self.cond(l, missing), self.cond(r, missing), true),
            // A comparison of values of two types holds for no operator.
            Cond::Compare(q, op, c) => self.quantity(q, missing).map(|v| v.cmp(*c).is_some_and(|o| holds(*op, o))),
            Cond::OneOf { field, items, equal } => match self.slot(*field) {
                None => {
                    missing.push(*field);
                    Err(Gap::Missing)
                }
                Some(FieldValue::Text(t)) => Ok(items.iter().any(|i| **i == **t) == *equal),
                Some(_) => Ok(false),
            },
            Cond::Expr(e) => truth(e.eval(self, missing)),
        }
    }

    fn number(&self, i: usize, missing: &mut Vec<usize>) -> Result<Decimal, Gap> {
        match self.slot(i) {
            None => {
                missing.push(i);
                Err(Gap::Missing)
            }
            Some(FieldValue::Number(n)) => Ok(*n),
            Some(_) => Err(Gap::Missing),
        }
    }

    fn quantity(&self, q: &Quantity, missing: &mut Vec<usize>) -> Result<Exact, Gap> {
        match q {
            Quantity::Field(i) => match self.slot(*i) {
                None => {
                    missing.push(*i);
                    Err(Gap::Missing)
                }
                Some(FieldValue::Number(n)) => Ok(Exact::Dec(*n)),
                Some(_) => Ok(Exact::NotNumber),
            },
            Quantity::Ratio(r) => {
                let a = self.number(r.a, missing);
                let b = r.b.map(|b| self.number(b, missing)).transpose();
                let d = r.d.map(|d| self.number(d, missing)).transpose();
                let (Ok(a), Ok(b), Ok(d)) = (a, b, d) else { return Err(Gap::Missing) };
                if d.is_some_and(|d| d.is_zero()) {
                    return Err(Gap::ZeroDenominator);
                }
                Ok(ratio_small(a, b, d, r.k).unwrap_or_else(|| ratio_big(a, b, d, r.k)))
            }
        }
    }

    /// The points of a part in a fast shape (before its criterion's cap); `body` is the
    /// part's own, for its bands. Inlined into the scorer's hot loop (`criterion`): left to
    /// itself the compiler's choice flips with unrelated changes elsewhere in the crate.
    #[inline]
    pub(crate) fn fast_points(&self, p: &'a FastPart, body: &PartBody, missing: &mut Vec<usize>) -> Option<Decimal> {
        if let Some(req) = &p.requires {
            if self.cond(req, missing) != Ok(true) {
                return Some(Decimal::ZERO);
            }
        }
        Some(match (&p.body, body) {
            (FastBody::Flag { when, points }, _) => {
                if self.cond(when, missing) == Ok(true) {
                    *points
                } else {
                    Decimal::ZERO
                }
            }
            (FastBody::Bands { value }, PartBody::Bands { bands, .. }) => match self.quantity(value, missing) {
                // The first band reached; a value that is not a number reaches none.
                Ok(v) => bands
                    .iter()
                    .find(|(at, _)| v.cmp(*at).is_some_and(|o| o != Ordering::Less))
                    .map_or(Decimal::ZERO, |b| b.1),
                Err(_) => Decimal::ZERO,
            },
            (FastBody::Weighted { terms, cap }, _) => {
                // The expression's own arithmetic, term by term in its order, so that every
                // sum has the scale the expression gives it; only a sum that leaves the
                // decimals (past 28 places) gives way to the expression.
                let mut sum = Num::Dec(Decimal::ZERO);
                for (i, w) in terms.iter() {
                    let Ok(v) = self.number(*i, missing) else { continue };
                    // Most terms are zero counts. A zero term is a plain 0 (`Num::mul`), and
                    // `Num::add` of it leaves a sum as it is, scale and all, but makes a zero
                    // sum a plain 0 too (`0.0 + 0` is `0`): the same, without the calls.
                    if v.is_zero() || w.is_zero() {
                        if matches!(sum, Num::Dec(s) if s.is_zero()) {
                            sum = Num::Dec(Decimal::ZERO);
                        }
                        continue;
                    }
                    sum = sum.add(&Num::Dec(v).mul(&Num::Dec(*w)).ok()?).ok()?;
                }
                let Num::Dec(sum) = sum else { return None };
                match cap {
                    Some(c) if cmp_decimals(sum, *c) == Ordering::Greater => *c,
                    _ => sum,
                }
            }
            // INVARIANT: a bands plan is made only for a bands part.
            (FastBody::Bands { .. }, _) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn big_ratios_compare_as_small_ones() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let cases = [
            ("9", Some("1"), Some("10"), "100", "80"),
            ("2", None, Some("3"), "100", "66.67"),
            ("2", None, Some("-3"), "100", "-66.66"),
            ("94.6", Some("95"), None, "1", "-0.4"),
            ("106", Some("100"), Some("100"), "100", "6"),
            ("0.0001", None, Some("7"), "0.5", "0.00000714"),
        ];
        for (a, b, den, k, c) in cases {
            let (a, b, den, k, c) = (d(a), b.map(d), den.map(d), d(k), d(c));
            let small = ratio_small(a, b, den, k).unwrap();
            assert_eq!(small.cmp(c), ratio_big(a, b, den, k).cmp(c), "{a} {b:?} {den:?} {k} {c}");
        }
        // 28-digit values at 28 places leave machine integers.
        let (max, tiny) = (Decimal::MAX, d("0.0000000000000000000000000001"));
        assert!(ratio_small(tiny, None, Some(max), d("100")).is_none());
        assert_eq!(ratio_big(tiny, None, Some(max), d("100")).cmp(Decimal::ZERO), Some(Ordering::Greater));
        assert_eq!(ratio_big(max, Some(tiny), None, Decimal::ONE).cmp(max), Some(Ordering::Less));
    }
}
