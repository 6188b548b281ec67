//! Decimals compared and scaled in machine integers: the comparisons every band and cap
//! makes, at one scale with one 64-bit multiplication in the usual case; points added with
//! the zeros most parts score skipped; and written as text from a 64-bit mantissa, the
//! explained answer's most common number.

use rust_decimal::Decimal;
use std::cmp::Ordering;

/// `a` against `b`: signs first, then magnitudes at one scale in machine integers (a value
/// of a few places against a whole-number bound is one 64-bit multiplication).
pub(crate) fn cmp_decimals(a: Decimal, b: Decimal) -> Ordering {
    let (ma, mb) = (a.mantissa(), b.mantissa());
    let (sa, sb) = (a.scale(), b.scale());
    // Equal scales, opposite signs or a zero (most fields' lower bound): the mantissas tell.
    if sa == sb || (ma < 0) != (mb < 0) || ma == 0 || mb == 0 {
        return ma.cmp(&mb);
    }
    let (ua, ub) = (ma.unsigned_abs(), mb.unsigned_abs());
    // A magnitude raised past u128 is past every mantissa (96 bits): it is the larger.
    let magnitude = if sa < sb {
        raise(ua, sb - sa).map_or(Ordering::Greater, |x| x.cmp(&ub))
    } else {
        raise(ub, sa - sb).map_or(Ordering::Less, |y| ua.cmp(&y))
    };
    if ma < 0 {
        magnitude.reverse()
    } else {
        magnitude
    }
}

/// `a + b` as `saturating_add` gives it; most parts score nothing, and a zero added either
/// way leaves the other operand as it is (its scale too), so those skip the general addition.
/// As in rust_decimal, a zero `a` gives `b` even when both are zero. Forced inline natively
/// only: the browser modules are built for size, and copies of it cost them bytes.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(crate) fn add_decimals(a: Decimal, b: Decimal) -> Decimal {
    if a.is_zero() {
        b
    } else if b.is_zero() {
        a
    } else {
        a.saturating_add(b)
    }
}

/// `m × 10^places`, `None` past u128.
fn raise(m: u128, places: u32) -> Option<u128> {
    let p = pow10(places)?.unsigned_abs();
    match (u64::try_from(m), u64::try_from(p)) {
        // Both below 2^64: the product fits, in one multiplication.
        (Ok(m), Ok(p)) => Some(u128::from(m) * u128::from(p)),
        _ => m.checked_mul(p),
    }
}

/// 10^`power`, for powers 0 to 28 (a decimal's scales).
pub(crate) fn pow10(power: u32) -> Option<i128> {
    POW10.get(usize::try_from(power).ok()?).copied()
}

/// 10^0 to 10^28: the shifts between two decimals' scales.
const POW10: [i128; 29] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
    100_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000,
    100_000_000_000_000_000_000_000_000,
    1_000_000_000_000_000_000_000_000_000,
    10_000_000_000_000_000_000_000_000_000,
];

/// Appends a decimal's text exactly as its `Display` writes it (`-1.50`, `0.05`, every
/// place of its scale kept), from machine digits: `Display` divides a 96-bit mantissa by ten
/// for each digit and goes through the formatting machinery, and an explained answer writes
/// a few hundred numbers.
pub(crate) fn push_decimal(out: &mut String, d: Decimal) {
    let _ = format_decimal(out, d);
}

/// [`push_decimal`] into any writer (a figure's inline text).
pub(crate) fn format_decimal<W: std::fmt::Write + ?Sized>(out: &mut W, d: Decimal) -> std::fmt::Result {
    let parts = d.unpack();
    // Display writes a negative zero with its sign.
    if parts.negative && (parts.hi, parts.mid, parts.lo) == (0, 0, 0) {
        return write!(out, "{d}");
    }
    emit(out, parts.negative, mantissa(parts.hi, parts.mid, parts.lo), parts.scale)
}

/// `push_decimal(out, d.normalize())`: no trailing zeros (`4.5`, `10`).
pub(crate) fn push_normalized(out: &mut String, d: Decimal) {
    let _ = format_normalized(out, d);
}

/// [`push_normalized`] into any writer. The mantissa sheds its trailing zeros as it is
/// written, without making the normalised decimal (`normalize` divides 96 bits by ten for
/// each zero; answers write a few hundred of them).
pub(crate) fn format_normalized<W: std::fmt::Write + ?Sized>(out: &mut W, d: Decimal) -> std::fmt::Result {
    let parts = d.unpack();
    let (mut n, mut scale) = (mantissa(parts.hi, parts.mid, parts.lo), parts.scale);
    // Zero, negative or of any scale, is `0`.
    if n == Mantissa::Word(0) {
        return out.write_char('0');
    }
    while scale > 0 && n.divides_by_ten() {
        n = n.tenth();
        scale -= 1;
    }
    emit(out, parts.negative, n, scale)
}

/// A mantissa's magnitude: one machine word, as nearly every number of an answer has
/// (points, bands, `66.5`), or the 96 bits a decimal may take.
#[derive(Clone, Copy, PartialEq)]
enum Mantissa {
    Word(u64),
    Wide(u128),
}

/// The mantissa of a decimal's unpacked words, without making the signed 128-bit one.
fn mantissa(hi: u32, mid: u32, lo: u32) -> Mantissa {
    let low = u64::from(mid) << 32 | u64::from(lo);
    match hi {
        0 => Mantissa::Word(low),
        hi => Mantissa::Wide(u128::from(hi) << 64 | u128::from(low)),
    }
}

impl Mantissa {
    fn divides_by_ten(self) -> bool {
        match self {
            Self::Word(n) => n % 10 == 0,
            Self::Wide(n) => n % 10 == 0,
        }
    }

    fn tenth(self) -> Self {
        match self {
            Self::Word(n) => Self::Word(n / 10),
            Self::Wide(n) => Self::Wide(n / 10),
        }
    }
}

/// `n` with `scale` places (at most 28) written into the end of `buf` (29 digits, or `0.`
/// before 28 places); the text's first index. A wide mantissa's digits come from machine
/// words, 19 at a time.
fn digits(buf: &mut [u8; 48], n: Mantissa, scale: u32) -> usize {
    const TEN_19: u128 = 10_000_000_000_000_000_000;
    let scale = scale.min(28);
    let mut at = buf.len();
    let mut placed = 0;
    let mut put = |byte: u8| {
        at = at.saturating_sub(1);
        if let Some(slot) = buf.get_mut(at) {
            *slot = byte;
        }
    };
    // The next digit from the end, and the point after `scale` of them.
    let mut digit = |d: u8| {
        put(b'0' + d);
        placed += 1;
        if placed == scale {
            put(b'.');
        }
        placed
    };
    let (mut word, mut high) = match n {
        Mantissa::Word(word) => (word, 0),
        Mantissa::Wide(n) => (u64::try_from(n % TEN_19).unwrap_or_default(), n / TEN_19),
    };
    let mut placed_now = 0;
    loop {
        // Below a higher word, a word keeps its leading zeros: all 19 places.
        let width = if high == 0 { 0 } else { 19 };
        let mut written = 0;
        while word != 0 || written < width {
            placed_now = digit((word % 10) as u8);
            word /= 10;
            written += 1;
        }
        if high == 0 {
            break;
        }
        word = u64::try_from(high % TEN_19).unwrap_or_default();
        high /= TEN_19;
    }
    // Zeros up to the point, and one before it.
    while placed_now <= scale {
        placed_now = digit(0);
    }
    at
}

/// A number's text into any writer, in one piece: a call to append costs more than the few
/// characters appended (in the browser each append is a call that copies, and a character
/// pushed alone is encoded as UTF-8 by another call).
fn emit<W: std::fmt::Write + ?Sized>(out: &mut W, negative: bool, n: Mantissa, scale: u32) -> std::fmt::Result {
    // A digit alone, as most points are.
    if let (false, Mantissa::Word(digit @ 0..=9), 0) = (negative, n, scale) {
        const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        return out.write_str(DIGITS.get(digit as usize).copied().unwrap_or_default());
    }
    let mut buf = [0; 48];
    let mut start = digits(&mut buf, n, scale);
    if negative {
        // `digits` leaves the front of the buffer free: a decimal has at most 29 digits.
        start = start.saturating_sub(1);
        if let Some(b) = buf.get_mut(start) {
            *b = b'-';
        }
    }
    // Digits, a point and a minus: ASCII, so the check passes at once.
    out.write_str(buf.get(start..).and_then(|text| std::str::from_utf8(text).ok()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn the_powers_of_ten_are_right() {
        for (i, p) in POW10.iter().enumerate() {
            assert_eq!(Some(*p), 10i128.checked_pow(u32::try_from(i).unwrap()));
        }
    }

    #[test]
    fn points_add_as_rust_decimal_adds_them_scale_and_sign_included() {
        let values = ["0", "0.0", "-0", "-0.00", "1", "2.5", "-2.5", "0.10", "3.000", "79228162514264337593543950335"];
        for a in values {
            for b in values {
                let (a, b) = (Decimal::from_str(a).unwrap(), Decimal::from_str(b).unwrap());
                let (ours, theirs) = (add_decimals(a, b), a.saturating_add(b));
                assert_eq!(ours.to_string(), theirs.to_string(), "{a} + {b}");
                let sign_and_scale = |d: Decimal| (d.scale(), d.is_sign_negative());
                assert_eq!(sign_and_scale(ours), sign_and_scale(theirs), "{a} + {b}");
            }
        }
    }

    #[test]
    fn decimals_compare_as_rust_decimal_compares() {
        let values = ["0", "-0", "0.000", "94.6", "94.60", "95", "-3.25", "1e-28", "79228162514264337593543950335"];
        let values: Vec<Decimal> =
            values.iter().map(|v| Decimal::from_scientific(v).unwrap_or_else(|_| v.parse().unwrap())).collect();
        let max = Decimal::MAX;
        let tiny = Decimal::new(1, 28);
        for a in values.iter().chain([&max, &tiny, &-max]) {
            for b in values.iter().chain([&max, &tiny, &-max]) {
                assert_eq!(cmp_decimals(*a, *b), a.cmp(b), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        let mut cases: Vec<Decimal> = vec![Decimal::ZERO, -Decimal::ZERO, Decimal::MAX, Decimal::MIN, Decimal::ONE];
        for scale in 0..=28u32 {
            for m in [0i64, 1, 5, 9, 10, 150, 12345, -7, -120, i64::MAX, i64::MIN + 1, 999_999_999_999] {
                cases.push(Decimal::new(m, scale));
            }
            cases.push(Decimal::from_i128_with_scale(-(u64::MAX as i128) - 1, scale));
            cases.push(Decimal::from_i128_with_scale(u64::MAX as i128, scale));
            // Past 64 bits, the digits come in two words: zeros inside the lower one stay.
            for m in [10_000_000_000_000_000_000i128, 100_000_000_000_000_000_001, -123_450_000_000_000_000_000_000] {
                cases.push(Decimal::from_i128_with_scale(m, scale));
            }
            let mut negative_zero = Decimal::new(0, scale);
            negative_zero.set_sign_negative(true);
            cases.push(negative_zero);
        }
        let text = |push: fn(&mut String, Decimal), d: Decimal| {
            let mut out = String::new();
            push(&mut out, d);
            out
        };
        for d in cases {
            assert_eq!(text(push_decimal, d), d.to_string(), "{d:?}");
            assert_eq!(text(push_normalized, d), d.normalize().to_string(), "{d:?}");
        }
    }
}
