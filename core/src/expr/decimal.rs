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
    let negative = d.is_sign_negative();
    match d.mantissa().unsigned_abs() {
        // Display writes a negative zero with its sign.
        0 if negative => write!(out, "{d}"),
        n => write_digits(out, negative, n, d.scale()),
    }
}

/// `push_decimal(out, d.normalize())`: no trailing zeros (`4.5`, `10`).
pub(crate) fn push_normalized(out: &mut String, d: Decimal) {
    let _ = format_normalized(out, d);
}

/// [`push_normalized`] into any writer. The mantissa sheds its trailing zeros as it is
/// written, without making the normalised decimal (`normalize` divides 96 bits by ten for
/// each zero; answers write a few hundred of them).
pub(crate) fn format_normalized<W: std::fmt::Write + ?Sized>(out: &mut W, d: Decimal) -> std::fmt::Result {
    let mut scale = d.scale();
    let n = match d.mantissa().unsigned_abs() {
        // Zero, negative or of any scale, is `0`.
        0 => return out.write_char('0'),
        n => match u64::try_from(n) {
            Ok(mut small) => {
                while scale > 0 && small % 10 == 0 {
                    small /= 10;
                    scale -= 1;
                }
                u128::from(small)
            }
            Err(_) => {
                let mut big = n;
                while scale > 0 && big % 10 == 0 {
                    big /= 10;
                    scale -= 1;
                }
                big
            }
        },
    };
    write_digits(out, d.is_sign_negative(), n, scale)
}

/// `n` (at most 96 bits, so 29 digits) with `scale` places (at most 28), after a `-` if
/// `negative`. Digits come from machine words, 19 at a time.
fn write_digits<W: std::fmt::Write + ?Sized>(out: &mut W, negative: bool, n: u128, scale: u32) -> std::fmt::Result {
    const TEN_19: u128 = 10_000_000_000_000_000_000;
    // Written from the end; the places a short mantissa does not reach stay '0'.
    let mut digits = [b'0'; 48];
    let mut slots = digits.iter_mut().rev();
    let mut len = 0;
    let mut rest = n;
    while rest != 0 {
        let (mut word, high) = match u64::try_from(rest) {
            Ok(word) => (word, 0),
            Err(_) => (u64::try_from(rest % TEN_19).unwrap_or_default(), rest / TEN_19),
        };
        // Below a higher word, a word keeps its leading zeros: all 19 places.
        let width = if high == 0 { 0 } else { 19 };
        let mut written = 0;
        while word != 0 || written < width {
            let Some(slot) = slots.next() else { break };
            *slot = b'0' + (word % 10) as u8;
            word /= 10;
            written += 1;
        }
        len += written;
        rest = high;
    }
    let scale = (scale as usize).min(28);
    let start = digits.len() - len.max(scale);
    let point = digits.len() - scale;
    if negative {
        out.write_char('-')?;
    }
    // ASCII digits, written as characters (no UTF-8 check of the buffer).
    let put = |out: &mut W, range: std::ops::Range<usize>| {
        digits.get(range).unwrap_or_default().iter().try_for_each(|&b| out.write_char(char::from(b)))
    };
    if start == point {
        out.write_char('0')?;
    } else {
        put(out, start..point)?;
    }
    if scale > 0 {
        out.write_char('.')?;
        put(out, point..digits.len())?;
    }
    Ok(())
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
