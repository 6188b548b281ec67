//! Integers of any size and fractions of them: the few operations the exact fractions of the
//! expression language and the float checks need, where a general big-integer crate brought
//! some 29 KB into a browser module of 406.
//!
//! A magnitude is 32-bit limbs, least significant first: WebAssembly multiplies 64-bit
//! integers in one instruction, 128-bit ones in a library call. None of this is on a hot
//! path: numbers come here only once they no longer fit machine integers.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// A signed integer of any size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Big {
    /// Below zero (never for zero itself).
    negative: bool,
    /// The magnitude, least significant limb first, with no zero limb on top.
    limbs: Vec<u32>,
}

const LIMB: u64 = 1 << 32;

fn trimmed(mut limbs: Vec<u32>) -> Vec<u32> {
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    limbs
}

fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn add_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, &x) in long.iter().enumerate() {
        let sum = u64::from(x) + u64::from(short.get(i).copied().unwrap_or(0)) + carry;
        out.push(sum as u32);
        carry = sum >> 32;
    }
    out.push(carry as u32);
    trimmed(out)
}

/// `a - b` for `a ≥ b`.
fn sub_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &x) in a.iter().enumerate() {
        let diff = i64::from(x) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        out.push(diff as u32);
        borrow = i64::from(diff < 0);
    }
    trimmed(out)
}

#[allow(clippy::indexing_slicing, reason = "indices within the lengths the loops are bounded by")]
fn mul_mag(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    trimmed(out)
}

/// `a × m + add`, in place.
fn mul_small(a: &mut Vec<u32>, m: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in a.iter_mut() {
        let t = u64::from(*limb) * u64::from(m) + carry;
        *limb = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        a.push(carry as u32);
    }
}

/// `a ÷ d` and its remainder, `d` not zero.
#[allow(clippy::indexing_slicing, reason = "indices within the lengths the loops are bounded by")]
fn div_small(a: &[u32], d: u32) -> (Vec<u32>, u32) {
    let mut q = vec![0u32; a.len()];
    let mut rem = 0u64;
    for i in (0..a.len()).rev() {
        let cur = rem << 32 | u64::from(a[i]);
        q[i] = (cur / u64::from(d)) as u32;
        rem = cur % u64::from(d);
    }
    (trimmed(q), rem as u32)
}

/// The limbs shifted up by `bits` (under 32), one limb longer.
fn shl_limbs(a: &[u32], bits: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + 1);
    let mut carry = 0u32;
    for &x in a {
        out.push(x << bits | carry);
        carry = if bits == 0 { 0 } else { x >> (32 - bits) };
    }
    out.push(carry);
    out
}

/// `a ÷ b` and its remainder for `b` of two limbs or more (Knuth's algorithm D: the divisor
/// shifted until its top bit is set, each quotient limb guessed from the top limbs and
/// corrected at most twice).
#[allow(clippy::indexing_slicing, reason = "indices within the lengths the loops are bounded by")]
fn div_mag(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let n = b.len();
    let shift = b.last().map_or(0, |top| top.leading_zeros());
    let b = trimmed(shl_limbs(b, shift));
    let mut a = shl_limbs(a, shift);
    let m = a.len() - n;
    let mut q = vec![0u32; m];
    let (top, next) = (u64::from(b[n - 1]), u64::from(b[n - 2]));
    for j in (0..m).rev() {
        let num = u64::from(a[j + n]) << 32 | u64::from(a[j + n - 1]);
        let (mut qhat, mut rhat) = (num / top, num % top);
        while qhat >= LIMB || qhat * next > (rhat << 32 | u64::from(a[j + n - 2])) {
            qhat -= 1;
            rhat += top;
            if rhat >= LIMB {
                break;
            }
        }
        // a[j..=j+n] -= qhat × b
        let (mut borrow, mut carry) = (0i64, 0u64);
        for i in 0..n {
            let p = qhat * u64::from(b[i]) + carry;
            carry = p >> 32;
            let t = i64::from(a[i + j]) - borrow - (p & 0xffff_ffff) as i64;
            a[i + j] = t as u32;
            borrow = i64::from(t < 0);
        }
        let t = i64::from(a[j + n]) - borrow - carry as i64;
        a[j + n] = t as u32;
        if t < 0 {
            // One too many: add b back.
            qhat -= 1;
            let mut c = 0u64;
            for i in 0..n {
                let s = u64::from(a[i + j]) + u64::from(b[i]) + c;
                a[i + j] = s as u32;
                c = s >> 32;
            }
            a[j + n] = a[j + n].wrapping_add(c as u32);
        }
        q[j] = qhat as u32;
    }
    a.truncate(n);
    let rem = Big::from_parts(false, a).shr(u64::from(shift)).limbs;
    (trimmed(q), rem)
}

impl Big {
    fn from_parts(negative: bool, limbs: Vec<u32>) -> Self {
        let limbs = trimmed(limbs);
        Self { negative: negative && !limbs.is_empty(), limbs }
    }

    pub fn from_u128(mut v: u128) -> Self {
        let mut limbs = Vec::new();
        while v != 0 {
            limbs.push(v as u32);
            v >>= 32;
        }
        Self { negative: false, limbs }
    }

    pub fn from_i128(v: i128) -> Self {
        Self::from_parts(v < 0, Self::from_u128(v.unsigned_abs()).limbs)
    }

    /// 10^power.
    pub fn pow10(mut power: u32) -> Self {
        let mut limbs = vec![1];
        while power > 0 {
            let step = power.min(9);
            mul_small(&mut limbs, 10u32.pow(step), 0);
            power -= step;
        }
        Self { negative: false, limbs }
    }

    pub fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    pub fn is_odd(&self) -> bool {
        self.limbs.first().is_some_and(|l| l & 1 == 1)
    }

    pub fn abs(&self) -> Self {
        Self { negative: false, limbs: self.limbs.clone() }
    }

    /// How many bits the magnitude takes (0 for zero).
    pub fn bits(&self) -> u64 {
        self.limbs.last().map_or(0, |top| (self.limbs.len() as u64 - 1) * 32 + u64::from(32 - top.leading_zeros()))
    }

    /// How many zero bits end the magnitude; `None` for zero.
    #[allow(clippy::indexing_slicing, reason = "indices within the lengths the loops are bounded by")]
    pub fn trailing_zeros(&self) -> Option<u64> {
        let i = self.limbs.iter().position(|&l| l != 0)?;
        Some(i as u64 * 32 + u64::from(self.limbs[i].trailing_zeros()))
    }

    pub fn to_i128(&self) -> Option<i128> {
        if self.limbs.len() > 4 {
            return None;
        }
        let mag = self.limbs.iter().rev().fold(0u128, |acc, &l| acc << 32 | u128::from(l));
        if self.negative {
            (mag <= 1 << 127).then(|| 0u128.wrapping_sub(mag) as i128)
        } else {
            i128::try_from(mag).ok()
        }
    }

    pub fn to_u64(&self) -> Option<u64> {
        match (self.negative, self.limbs.as_slice()) {
            (false, []) => Some(0),
            (false, [a]) => Some(u64::from(*a)),
            (false, [a, b]) => Some(u64::from(*b) << 32 | u64::from(*a)),
            _ => None,
        }
    }

    /// The magnitude shifted up by `bits`, the sign kept.
    pub fn shl(&self, bits: u64) -> Self {
        let Ok(whole) = usize::try_from(bits / 32) else { return self.clone() };
        let mut limbs = vec![0u32; whole];
        limbs.extend(shl_limbs(&self.limbs, (bits % 32) as u32));
        Self::from_parts(self.negative, limbs)
    }

    /// The magnitude shifted down by `bits` (the bits shifted out dropped), the sign kept.
    #[allow(clippy::indexing_slicing, reason = "indices within the lengths the loops are bounded by")]
    pub fn shr(&self, bits: u64) -> Self {
        let whole = usize::try_from(bits / 32).unwrap_or(usize::MAX);
        let rest = (bits % 32) as u32;
        let kept = self.limbs.get(whole..).unwrap_or_default();
        let limbs = (0..kept.len())
            .map(|i| {
                let high = if rest == 0 { 0 } else { kept.get(i + 1).map_or(0, |h| h << (32 - rest)) };
                kept[i] >> rest | high
            })
            .collect();
        Self::from_parts(self.negative, limbs)
    }

    /// The quotient cut toward zero and the remainder, of the dividend's sign. A zero divisor
    /// gives a zero quotient and the dividend (callers never divide by zero).
    pub fn div_rem(&self, d: &Self) -> (Self, Self) {
        let (q, r) = match (cmp_mag(&self.limbs, &d.limbs), d.limbs.as_slice()) {
            (_, []) | (Ordering::Less, _) => (Vec::new(), self.limbs.clone()),
            (_, [single]) => {
                let (q, r) = div_small(&self.limbs, *single);
                (q, vec![r])
            }
            _ => div_mag(&self.limbs, &d.limbs),
        };
        (Self::from_parts(self.negative != d.negative, q), Self::from_parts(self.negative, r))
    }

    /// The greatest common divisor, not negative.
    pub fn gcd(&self, other: &Self) -> Self {
        let (mut a, mut b) = (self.abs(), other.abs());
        while !b.is_zero() {
            let r = a.div_rem(&b).1;
            (a, b) = (b, r);
        }
        a
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_mag(&self.limbs, &other.limbs),
            (true, true) => cmp_mag(&other.limbs, &self.limbs),
        }
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Neg for &Big {
    type Output = Big;
    fn neg(self) -> Big {
        Big::from_parts(!self.negative, self.limbs.clone())
    }
}

impl Add for &Big {
    type Output = Big;
    fn add(self, other: &Big) -> Big {
        if self.negative == other.negative {
            return Big::from_parts(self.negative, add_mag(&self.limbs, &other.limbs));
        }
        match cmp_mag(&self.limbs, &other.limbs) {
            Ordering::Less => Big::from_parts(other.negative, sub_mag(&other.limbs, &self.limbs)),
            _ => Big::from_parts(self.negative, sub_mag(&self.limbs, &other.limbs)),
        }
    }
}

impl Sub for &Big {
    type Output = Big;
    fn sub(self, other: &Big) -> Big {
        self + &-other
    }
}

impl Mul for &Big {
    type Output = Big;
    fn mul(self, other: &Big) -> Big {
        Big::from_parts(self.negative != other.negative, mul_mag(&self.limbs, &other.limbs))
    }
}

impl fmt::Display for Big {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Nine digits at a time, from the bottom.
        let mut chunks = Vec::new();
        let mut rest = self.limbs.clone();
        while !rest.is_empty() {
            let (q, r) = div_small(&rest, 1_000_000_000);
            chunks.push(r);
            rest = q;
        }
        let mut text = String::from(if self.negative { "-" } else { "" });
        match chunks.split_last() {
            None => text.push('0'),
            Some((top, lower)) => {
                text.push_str(&top.to_string());
                for chunk in lower.iter().rev() {
                    let digits = chunk.to_string();
                    text.push_str(&"0".repeat(9 - digits.len()));
                    text.push_str(&digits);
                }
            }
        }
        f.write_str(&text)
    }
}

/// A fraction in lowest terms, its denominator above zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ratio {
    numer: Big,
    denom: Big,
}

impl Ratio {
    /// `numer / denom` in lowest terms; `denom` must not be zero (a zero gives 0).
    pub fn new(numer: Big, denom: Big) -> Self {
        if denom.is_zero() {
            return Self { numer: Big::default(), denom: Big::from_u128(1) };
        }
        let g = numer.gcd(&denom);
        let (mut numer, mut denom) = (numer.div_rem(&g).0, denom.div_rem(&g).0);
        if denom.is_negative() {
            (numer, denom) = (-&numer, -&denom);
        }
        Self { numer, denom }
    }

    /// `numer / denom`, already in lowest terms with `denom > 0`.
    pub fn new_raw(numer: Big, denom: Big) -> Self {
        Self { numer, denom }
    }

    pub fn numer(&self) -> &Big {
        &self.numer
    }

    pub fn denom(&self) -> &Big {
        &self.denom
    }

    pub fn add(&self, other: &Self) -> Self {
        Self::new(&(&self.numer * &other.denom) + &(&other.numer * &self.denom), &self.denom * &other.denom)
    }

    pub fn mul(&self, other: &Self) -> Self {
        Self::new(&self.numer * &other.numer, &self.denom * &other.denom)
    }

    /// `self ÷ other`, `other` not zero.
    pub fn div(&self, other: &Self) -> Self {
        Self::new(&self.numer * &other.denom, &self.denom * &other.numer)
    }

    pub fn neg(&self) -> Self {
        Self { numer: -&self.numer, denom: self.denom.clone() }
    }

    /// The whole part, cut toward zero.
    pub fn trunc(&self) -> Big {
        self.numer.div_rem(&self.denom).0
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.numer * &other.denom).cmp(&(&other.numer * &self.denom))
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests;
