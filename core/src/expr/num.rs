//! Exact numbers of the expression language: a decimal, or an exact fraction once a
//! division does not come out even.
//!
//! Decimal arithmetic rounds a quotient to 28 significant digits, which could decide a
//! band: 8999999999999999999999999999 ÷ 9999999999999999999999999999 × 100 would round up
//! to 90. A quotient that is not exact is kept as a fraction of big integers instead, so
//! `a ÷ b × 100 ≥ 90` is decided without rounding; values are rounded only for display.

use super::decimal::cmp_decimals;
use super::Gap;
use crate::big::{Big, Ratio};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The most bits a numerator or denominator may take (about 308 decimal digits). Numbers
/// read from a submission or a rule file take at most 94; only a rule file that chains
/// products (a derived value squaring another, again and again) could grow them without
/// end, and each step would double the work. Past this size a result is an overflow gap.
pub const MAX_BITS: u64 = 1024;

/// An exact number.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// A decimal (every number read from a submission or a rule file).
    Dec(Decimal),
    /// A fraction in lowest terms (denominator above 1) that no decimal holds exactly,
    /// kept in machine integers while they fit: the common ratio, at no allocation.
    Small(i128, i128),
    /// A fraction too large for machine integers.
    Frac(Box<Ratio>),
}

/// The greatest common divisor, by Stein's binary method: shifts and subtractions only, as
/// 128-bit division is a slow library call (most operands fit 64 bits, which divide fast).
fn gcd(a: u128, b: u128) -> u128 {
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(gcd64(a, b));
    }
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    let (mut a, mut b) = (a >> a.trailing_zeros(), b);
    while b != 0 {
        b >>= b.trailing_zeros();
        if a > b {
            (a, b) = (b, a);
        }
        b -= a;
    }
    a << shift
}

fn gcd64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `n / d` as a number, in lowest terms; `None` when a step overflows (the caller then
/// takes the big-integer path).
fn from_parts(n: i128, d: i128) -> Option<Num> {
    if d == 0 {
        return None;
    }
    let (n, d) = if d < 0 { (n.checked_neg()?, d.checked_neg()?) } else { (n, d) };
    let g = i128::try_from(gcd(n.unsigned_abs(), d.unsigned_abs())).ok()?.max(1);
    let (n, d) = if g == 1 { (n, d) } else { (n / g, d / g) };
    // A denominator 2^a·5^b makes an exact decimal of max(a, b) places.
    let twos = d.trailing_zeros();
    let (mut rest, mut fives) = (d >> twos, 0u32);
    match u64::try_from(rest) {
        Ok(mut small) => {
            while small % 5 == 0 {
                small /= 5;
                fives += 1;
            }
            rest = i128::from(small);
        }
        Err(_) => {
            while rest % 5 == 0 {
                rest /= 5;
                fives += 1;
            }
        }
    }
    let scale = twos.max(fives);
    if rest == 1 && scale <= 28 {
        let mantissa = n.checked_mul(10i128.checked_pow(scale)? / d)?;
        if let Ok(dec) = Decimal::try_from_i128_with_scale(mantissa, scale) {
            return Some(Num::Dec(dec));
        }
        return None;
    }
    Some(Num::Small(n, d))
}

fn rational(d: Decimal) -> Ratio {
    Ratio::new(Big::from_i128(d.mantissa()), Big::pow10(d.scale()))
}

/// Whether `x × y == z` exactly, in integers (rust_decimal would round the product).
fn product_is(x: Decimal, y: Decimal, z: Decimal) -> bool {
    let scale = x.scale() + y.scale();
    let Some(product) = x.mantissa().checked_mul(y.mantissa()) else { return false };
    let Some(shift) = scale.checked_sub(z.scale()) else { return false };
    let target = 10i128.checked_pow(shift).and_then(|p| z.mantissa().checked_mul(p));
    target == Some(product)
}

/// `n / d` cut toward zero to the places a decimal holds beside its whole part, in machine
/// integers; `None` when a step overflows.
fn small_to_decimal(n: i128, d: i128) -> Option<Decimal> {
    let whole = (n / d).unsigned_abs();
    let whole_digits = if whole == 0 { 0 } else { whole.ilog10() + 1 };
    let scale = 28u32.checked_sub(whole_digits)?;
    // 28 significant digits may pass a decimal's 96-bit mantissa; then one place fewer.
    [scale, scale.checked_sub(1)?].into_iter().find_map(|s| {
        let q = n.checked_mul(10i128.checked_pow(s)?)? / d;
        Decimal::try_from_i128_with_scale(q, s).ok()
    })
}

impl Num {
    fn to_rational(&self) -> Ratio {
        match self {
            Self::Dec(d) => rational(*d),
            Self::Small(n, d) => Ratio::new_raw(Big::from_i128(*n), Big::from_i128(*d)),
            Self::Frac(f) => (**f).clone(),
        }
    }

    /// Numerator and denominator in machine integers, when they fit.
    fn parts(&self) -> Option<(i128, i128)> {
        match self {
            Self::Dec(d) => Some((d.mantissa(), 10i128.checked_pow(d.scale())?)),
            Self::Small(n, d) => Some((*n, *d)),
            Self::Frac(_) => None,
        }
    }

    /// Keeps a fraction as a decimal when it has an exact one: when its denominator
    /// (in lowest terms) is 2^a·5^b with max(a, b) ≤ 28. A fraction past [`MAX_BITS`] is
    /// an overflow.
    fn from_rational(r: Ratio) -> Result<Self, Gap> {
        if let (Some(n), Some(d)) = (r.numer().to_i128(), r.denom().to_i128()) {
            if let Some(num) = from_parts(n, d) {
                return Ok(num);
            }
        }
        if r.numer().bits() > MAX_BITS || r.denom().bits() > MAX_BITS {
            return Err(Gap::Overflow);
        }
        // The denominator's factors 2 and 5, up to 29 of each.
        let twos = r.denom().trailing_zeros().unwrap_or(0).min(29) as u32;
        let mut rest = r.denom().shr(u64::from(twos));
        let (five, mut fives) = (Big::from_u128(5), 0u32);
        while fives <= 28 {
            let (q, remainder) = rest.div_rem(&five);
            if !remainder.is_zero() {
                break;
            }
            rest = q;
            fives += 1;
        }
        let scale = twos.max(fives);
        if rest == Big::from_u128(1) && scale <= 28 {
            let mantissa = r.numer() * &Big::pow10(scale).div_rem(r.denom()).0;
            if let Some(dec) = mantissa.to_i128().and_then(|m| Decimal::try_from_i128_with_scale(m, scale).ok()) {
                return Ok(Self::Dec(dec));
            }
        }
        Ok(Self::Frac(Box::new(r)))
    }

    /// The whole part, cut toward zero, as digits: how a number too large for a decimal
    /// is shown (it has at most about 308 of them, see `MAX_BITS`).
    pub fn whole_digits(&self) -> String {
        match self {
            Self::Dec(d) => d.trunc().normalize().to_string(),
            Self::Small(n, d) => (n / d).to_string(),
            Self::Frac(f) => f.trunc().to_string(),
        }
    }

    /// The value as a decimal; a fraction is cut (toward zero) to as many places as a
    /// decimal holds beside its whole part, so a value just below a bound is never shown
    /// on or above it. Only a value of 10^28 or more fails.
    pub fn to_decimal(&self) -> Result<Decimal, Gap> {
        let big;
        let f = match self {
            Self::Dec(d) => return Ok(*d),
            Self::Small(n, d) => {
                if let Some(dec) = small_to_decimal(*n, *d) {
                    return Ok(dec);
                }
                big = self.to_rational();
                &big
            }
            Self::Frac(f) => &**f,
        };
        let (n, d) = (f.numer().abs(), f.denom());
        let whole_digits =
            u32::try_from(n.div_rem(d).0.to_string().trim_start_matches('0').len()).map_err(|_| Gap::Overflow)?;
        if whole_digits > 28 {
            return Err(Gap::Overflow);
        }
        let mut scale = 28 - whole_digits;
        loop {
            // n × 10^scale / d, cut toward zero, in integers.
            let q = (&n * &Big::pow10(scale)).div_rem(d).0;
            let q = if f.numer().is_negative() { -&q } else { q };
            if let Some(dec) = q.to_i128().and_then(|m| Decimal::try_from_i128_with_scale(m, scale).ok()) {
                return Ok(dec);
            }
            scale = scale.checked_sub(1).ok_or(Gap::Overflow)?;
        }
    }

    /// `-self`.
    pub fn neg(&self) -> Self {
        match self {
            Self::Dec(d) => Self::Dec(-*d),
            // Only `i128::MIN` has no negation in machine integers; it takes the big path.
            Self::Small(n, d) => match n.checked_neg() {
                Some(n) => Self::Small(n, *d),
                None => Self::Frac(Box::new(self.to_rational().neg())),
            },
            Self::Frac(f) => Self::Frac(Box::new(f.neg())),
        }
    }

    /// `self + other`, `self - other`, `self × other`: exact.
    pub fn add(&self, other: &Self) -> Result<Self, Gap> {
        if let (Self::Dec(a), Self::Dec(b)) = (self, other) {
            // rust_decimal rounds a sum that needs more than 96 bits, taking places off
            // its scale; a sum that kept the larger scale is exact.
            if let Some(sum) = a.checked_add(*b).filter(|s| s.scale() == a.scale().max(b.scale())) {
                return Ok(Self::Dec(sum));
            }
        }
        if let (Some((n1, d1)), Some((n2, d2))) = (self.parts(), other.parts()) {
            let small =
                n1.checked_mul(d2).zip(n2.checked_mul(d1)).and_then(|(a, b)| a.checked_add(b)).zip(d1.checked_mul(d2));
            if let Some(num) = small.and_then(|(n, d)| from_parts(n, d)) {
                return Ok(num);
            }
        }
        Self::from_rational(self.to_rational().add(&other.to_rational()))
    }

    /// `self - other`.
    pub fn sub(&self, other: &Self) -> Result<Self, Gap> {
        self.add(&other.neg())
    }

    /// `self × other`.
    pub fn mul(&self, other: &Self) -> Result<Self, Gap> {
        if let (Self::Dec(a), Self::Dec(b)) = (self, other) {
            // A product with a zero is a plain 0, whatever the scales: what rust_decimal gives
            // for it, or the fraction 0/1 below when that falls short of both scales. Said
            // here first, as most weighted terms are zero counts.
            if a.is_zero() || b.is_zero() {
                return Ok(Self::Dec(Decimal::ZERO));
            }
            // rust_decimal rounds a product whose scale would pass 28 or whose digits pass
            // 96 bits, taking places off its scale; a product that kept both scales is exact.
            if let Some(product) = a.checked_mul(*b).filter(|p| p.scale() == a.scale() + b.scale()) {
                return Ok(Self::Dec(product));
            }
        }
        if let (Some((n1, d1)), Some((n2, d2))) = (self.parts(), other.parts()) {
            if let Some(num) = n1.checked_mul(n2).zip(d1.checked_mul(d2)).and_then(|(n, d)| from_parts(n, d)) {
                return Ok(num);
            }
        }
        Self::from_rational(self.to_rational().mul(&other.to_rational()))
    }

    /// `self ÷ other`; a zero denominator is a gap, an uneven quotient a fraction.
    pub fn div(&self, other: &Self) -> Result<Self, Gap> {
        if other.is_zero() {
            return Err(Gap::ZeroDenominator);
        }
        // In machine integers first: cheaper than a decimal division, and exact either way.
        if let (Some((n1, d1)), Some((n2, d2))) = (self.parts(), other.parts()) {
            if let Some(num) = n1.checked_mul(d2).zip(d1.checked_mul(n2)).and_then(|(n, d)| from_parts(n, d)) {
                return Ok(num);
            }
        }
        if let (Self::Dec(a), Self::Dec(b)) = (self, other) {
            if let Some(q) = a.checked_div(*b) {
                if product_is(q, *b, *a) {
                    return Ok(Self::Dec(q));
                }
            }
        }
        Self::from_rational(self.to_rational().div(&other.to_rational()))
    }

    fn is_zero(&self) -> bool {
        match self {
            Self::Dec(d) => d.is_zero(),
            Self::Small(n, _) => *n == 0,
            Self::Frac(f) => f.numer().is_zero(),
        }
    }

    /// Whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        match self {
            Self::Dec(d) => d.is_sign_negative() && !d.is_zero(),
            Self::Small(n, _) => *n < 0,
            Self::Frac(f) => f.numer().is_negative(),
        }
    }

    /// Exact comparison.
    pub fn cmp_exact(&self, other: &Self) -> Ordering {
        if let (Self::Dec(a), Self::Dec(b)) = (self, other) {
            return cmp_decimals(*a, *b);
        }
        // Denominators are positive, so n1/d1 ? n2/d2 is n1·d2 ? n2·d1.
        if let (Some((n1, d1)), Some((n2, d2))) = (self.parts(), other.parts()) {
            if let (Some(l), Some(r)) = (n1.checked_mul(d2), n2.checked_mul(d1)) {
                return l.cmp(&r);
            }
        }
        self.to_rational().cmp(&other.to_rational())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn n(s: &str) -> Num {
        Num::Dec(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn binary_gcd_agrees_with_euclid() {
        fn euclid(mut a: u128, mut b: u128) -> u128 {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        }
        let mut x: u128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for i in 0..2000u32 {
            // Whole 128-bit values, 64-bit ones, shared factors of two and zeros.
            let (a, b) = (next() >> (i % 100), next() >> (i % 90));
            let common = 1u128 << (i % 20);
            for (a, b) in [(a, b), (a >> 64, b >> 64), (a.wrapping_mul(common), b.wrapping_mul(common)), (a, 0), (0, b)]
            {
                assert_eq!(gcd(a, b), euclid(a, b), "gcd({a}, {b})");
            }
        }
    }

    #[test]
    fn a_product_with_a_zero_is_what_the_general_path_gives() {
        // The general path: rust_decimal's zero where it keeps both scales, else the
        // fraction 0/10^k in lowest terms.
        let general = |a: Decimal, b: Decimal| match a.checked_mul(b).filter(|p| p.scale() == a.scale() + b.scale()) {
            Some(p) => p,
            None => match from_parts(0, 10i128.pow(a.scale() + b.scale())) {
                Some(Num::Dec(d)) => d,
                other => panic!("{other:?}"),
            },
        };
        for zero in ["0", "0.0", "-0", "0.000"] {
            for other in ["0", "0.5", "3", "-2.25", "0.0000000000000000000000000001", "79228162514264337593543950335"] {
                let (z, o) = (Decimal::from_str(zero).unwrap(), Decimal::from_str(other).unwrap());
                for (a, b) in [(z, o), (o, z)] {
                    let Ok(Num::Dec(product)) = Num::Dec(a).mul(&Num::Dec(b)) else { panic!("{a} × {b}") };
                    let expected = general(a, b);
                    assert_eq!((product, product.scale()), (expected, expected.scale()), "{a} × {b}");
                }
            }
        }
    }

    #[test]
    fn uneven_quotients_stay_exact() {
        let share =
            n("8999999999999999999999999999").div(&n("9999999999999999999999999999")).unwrap().mul(&n("100")).unwrap();
        assert_eq!(share.cmp_exact(&n("90")), Ordering::Less);
        assert!(!matches!(share, Num::Dec(_)), "no decimal holds it: {share:?}");
        let growth = n("620000").sub(&n("600000")).unwrap().div(&n("600000")).unwrap().mul(&n("100")).unwrap();
        assert_eq!(growth, Num::Small(10, 3));
        assert_eq!(growth.cmp_exact(&n("3.34")), Ordering::Less);
        assert_eq!(growth.cmp_exact(&n("3.33")), Ordering::Greater);
        let third = n("1").div(&n("3")).unwrap();
        assert_eq!(third.mul(&n("3")).unwrap(), n("1"), "1/3 × 3 is exactly 1");
    }

    #[test]
    fn even_quotients_stay_decimal() {
        assert_eq!(n("36").div(&n("40")).unwrap().mul(&n("100")).unwrap(), n("90"));
        assert_eq!(n("1").div(&n("8")).unwrap(), n("0.125"));
        assert_eq!(n("1").div(&n("0")), Err(Gap::ZeroDenominator));
    }

    #[test]
    fn big_products_do_not_overflow_or_round() {
        let big = n("9999999999999999999999999999");
        let sq = big.mul(&big).unwrap();
        assert!(matches!(sq, Num::Frac(_)));
        assert_eq!(sq.div(&big).unwrap(), big);
        let tiny = n("0.00000000000001").mul(&n("0.000000000000001")).unwrap();
        assert_eq!(tiny.mul(&n("1000000000000000")).unwrap(), n("0.00000000000001"));
        assert_eq!(sq.to_decimal(), Err(Gap::Overflow));
        let share = n("8999999999999999999999999999").div(&n("9999999999999999999999999999")).unwrap();
        assert_eq!(share.to_decimal().unwrap().to_string(), "0.8999999999999999999999999999");
        assert_eq!(n("-2").div(&n("3")).unwrap().to_decimal().unwrap().to_string(), "-0.6666666666666666666666666666");
        assert_eq!(sq.whole_digits(), "99999999999999999999999999980000000000000000000000000001");
        assert_eq!(n("-2").div(&n("3")).unwrap().whole_digits(), "0");
        assert_eq!(n("-7.9").whole_digits(), "-7");
    }

    #[test]
    fn sums_and_products_past_96_bits_are_not_rounded() {
        let sum = n("9999999999999999999999999").sub(&n("0.0000000000000000000001")).unwrap();
        assert_eq!(sum.cmp_exact(&n("9999999999999999999999999")), Ordering::Less);
        assert_eq!(
            sum.add(&n("0.0000000000000000000001")).unwrap(),
            n("9999999999999999999999999.0000000000000000000000")
        );
        let product = n("1234567890123456.789012345678").mul(&n("1000000000000.1")).unwrap();
        assert_eq!(product.whole_digits(), "1234567890123580245801358023");
        assert_eq!(product.div(&n("1000000000000.1")).unwrap(), n("1234567890123456.789012345678"));
        assert_eq!(n("1.5").mul(&n("2.50")).unwrap(), n("3.750"));
    }

    #[test]
    fn quotients_through_big_integers_come_back_exact() {
        // A square past machine integers, divided down again: a denominator 2^a·5^b gives a
        // decimal back, any other a fraction, and either times the divisor is exactly `big`.
        let big = n("99999999999999999999");
        let sq = big.mul(&big).unwrap();
        assert!(matches!(sq, Num::Frac(_)));
        for (divisor, places) in
            [("2", Some(1)), ("1024", Some(10)), ("0.5", Some(0)), ("390625", Some(8)), ("7", None)]
        {
            let back = sq.div(&n(divisor)).unwrap().div(&big).unwrap();
            match (&back, places) {
                (Num::Dec(d), Some(p)) => assert_eq!(d.scale(), p, "{divisor}: {d}"),
                (Num::Small(..), None) => {}
                _ => panic!("{divisor}: {back:?}"),
            }
            assert_eq!(back.mul(&n(divisor)).unwrap().cmp_exact(&big), Ordering::Equal, "{divisor}");
        }
    }

    #[test]
    fn growth_past_the_size_limit_is_an_overflow() {
        // Squaring again and again doubles the digits each time: the 4th square of a
        // 28-digit number has ~450 of them, the 6th would have ~1800.
        let mut x = n("9999999999999999999999999999");
        let mut squares = 0;
        let gap = loop {
            match x.mul(&x) {
                Ok(y) => x = y,
                Err(g) => break g,
            }
            squares += 1;
            assert!(squares < 10, "no limit");
        };
        assert_eq!(gap, Gap::Overflow);
        assert_eq!(squares, 3, "3 squares fit in 1024 bits, the 4th does not");
        // Denominators count too: 10^-28 to the 12th power needs more than 1024 bits.
        let tiny = n("0.0000000000000000000000000001");
        let powers = (1..12).try_fold(tiny.clone(), |t, _| t.mul(&tiny));
        assert_eq!(powers, Err(Gap::Overflow));
    }
}
