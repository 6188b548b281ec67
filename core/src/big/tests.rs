//! `Big` and `Ratio` beside num-bigint's, on random values shaped to reach every correction
//! of the long division.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

use super::{Big, Ratio};
use num_bigint::BigInt;
use std::str::FromStr;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value of up to `most` limbs, its limbs often all ones, all zeros, a top bit or one.
    fn big(&mut self, most: u64) -> (Big, BigInt) {
        let n = self.next() % (most + 1);
        let mut text = String::from("0");
        let mut ours = Big::default();
        for _ in 0..n {
            let limb = match self.next() % 6 {
                0 => u32::MAX,
                1 => 0,
                2 => 1 << 31,
                3 => 1,
                _ => self.next() as u32,
            };
            ours = &ours.shl(32) + &Big::from_u128(u128::from(limb));
            text = (BigInt::from_str(&text).unwrap() * (1u64 << 32) + limb).to_string();
        }
        let theirs = BigInt::from_str(&text).unwrap();
        if self.next() % 3 == 0 {
            (-&ours, -theirs)
        } else {
            (ours, theirs)
        }
    }
}

#[test]
fn agrees_with_num_bigint() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for round in 0..20_000 {
        let most = [1, 2, 3, 5, 12][round % 5];
        let ((a, ta), (b, tb)) = (rng.big(most), rng.big(most));
        assert_eq!(a.to_string(), ta.to_string());
        assert_eq!((&a + &b).to_string(), (&ta + &tb).to_string(), "{ta} + {tb}");
        assert_eq!((&a - &b).to_string(), (&ta - &tb).to_string(), "{ta} - {tb}");
        assert_eq!((&a * &b).to_string(), (&ta * &tb).to_string(), "{ta} × {tb}");
        assert_eq!(a.cmp(&b), ta.cmp(&tb), "{ta} ? {tb}");
        assert_eq!(a.bits(), ta.bits());
        assert_eq!(a.is_odd(), ta.bit(0));
        assert_eq!(a.trailing_zeros(), ta.trailing_zeros());
        assert_eq!(a.to_i128(), i128::try_from(&ta).ok(), "{ta}");
        assert_eq!(a.to_u64(), u64::try_from(&ta).ok(), "{ta}");
        if !b.is_zero() {
            let (q, r) = a.div_rem(&b);
            assert_eq!(
                (q.to_string(), r.to_string()),
                ((&ta / &tb).to_string(), (&ta % &tb).to_string()),
                "{ta} ÷ {tb}"
            );
        }
        assert_eq!(a.gcd(&b).to_string(), num_integer::Integer::gcd(&ta, &tb).to_string(), "gcd({ta}, {tb})");
        let shift = rng.next() % 100;
        if !a.is_negative() {
            assert_eq!(a.shl(shift).to_string(), (&ta << shift).to_string());
            assert_eq!(a.shr(shift).to_string(), (&ta >> shift).to_string());
        }
    }
}

#[test]
fn edges() {
    for v in [0, 1, -1, i128::MAX, i128::MIN, i128::MIN + 1, 1 << 64, -(1 << 96)] {
        assert_eq!(Big::from_i128(v).to_i128(), Some(v));
        assert_eq!(Big::from_i128(v).to_string(), v.to_string());
    }
    assert_eq!((&Big::from_i128(i128::MAX) + &Big::from_i128(1)).to_i128(), None);
    assert_eq!((&Big::from_i128(i128::MIN) - &Big::from_i128(1)).to_i128(), None);
    assert_eq!(Big::from_u128(u128::MAX).to_string(), u128::MAX.to_string());
    for p in [0, 1, 9, 10, 28, 100, 330] {
        assert_eq!(Big::pow10(p).to_string(), format!("1{}", "0".repeat(p as usize)));
    }
    assert_eq!(Big::default().trailing_zeros(), None);
    assert_eq!(Big::from_i128(-5).div_rem(&Big::from_i128(2)), (Big::from_i128(-2), Big::from_i128(-1)));
    assert_eq!(Big::from_i128(7).div_rem(&Big::default()), (Big::default(), Big::from_i128(7)), "no panic");
    // A zero is never negative, however it comes.
    let zero = &Big::from_i128(-3) + &Big::from_i128(3);
    assert!(!zero.is_negative() && zero.is_zero());
    assert!(!(&Big::from_i128(-3) * &Big::default()).is_negative());
}

#[test]
fn fractions_are_kept_in_lowest_terms() {
    let r = |n: i128, d: i128| Ratio::new(Big::from_i128(n), Big::from_i128(d));
    assert_eq!(r(6, -4), r(-3, 2));
    assert_eq!((r(-3, 2).numer().to_i128(), r(-3, 2).denom().to_i128()), (Some(-3), Some(2)));
    assert_eq!(r(1, 3).add(&r(1, 6)), r(1, 2));
    assert_eq!(r(2, 3).mul(&r(3, 4)), r(1, 2));
    assert_eq!(r(2, 3).div(&r(-4, 9)), r(-3, 2));
    assert_eq!(r(2, 3).neg(), r(-2, 3));
    assert_eq!(r(-7, 2).trunc().to_i128(), Some(-3));
    assert!(r(1, 3) < r(1, 2) && r(-1, 2) < r(-1, 3));
    assert_eq!(r(0, 5), r(0, 1));
    assert_eq!(r(5, 0), r(0, 1), "no panic");
}

#[test]
fn fractions_agree_with_num_rational() {
    use num_rational::BigRational;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let text = |r: &Ratio| format!("{}/{}", r.numer(), r.denom());
    let theirs_text = |r: &BigRational| format!("{}/{}", r.numer(), r.denom());
    for _ in 0..5_000 {
        let ((a, ta), (b, tb), (c, tc), (d, td)) = (rng.big(3), rng.big(3), rng.big(3), rng.big(3));
        if b.is_zero() || d.is_zero() {
            continue;
        }
        let (x, tx) = (Ratio::new(a, b), BigRational::new(ta, tb));
        let (y, ty) = (Ratio::new(c, d), BigRational::new(tc, td));
        assert_eq!(text(&x), theirs_text(&tx));
        assert_eq!(text(&x.add(&y)), theirs_text(&(&tx + &ty)));
        assert_eq!(text(&x.mul(&y)), theirs_text(&(&tx * &ty)));
        assert_eq!(text(&x.neg()), theirs_text(&-&tx));
        assert_eq!(x.cmp(&y), tx.cmp(&ty));
        assert_eq!(x.trunc().to_string(), tx.to_integer().to_string());
        if !y.numer().is_zero() {
            assert_eq!(text(&x.div(&y)), theirs_text(&(&tx / &ty)));
        }
    }
}
