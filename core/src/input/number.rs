//! Exact reading of number text into a decimal, with the 28-digit limits of the engine.

use rust_decimal::Decimal;

/// Most significant digits a number may have, and the power of ten it must stay below.
pub const MAX_DIGITS: usize = 28;

/// Why a number text is not a usable decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// `NaN`, `Infinity` and the like, which a host language may send.
    NotFinite,
    /// Not number syntax at all.
    Syntax,
    /// More than 28 significant digits, magnitude of 10^28 or more, or finer than 10^-28.
    OutOfRange,
}

/// Reads number text exactly: `2014`, `2014.0`, `2.014e3`, `-0`, `1e+16`, `1E-3`.
///
/// Accepts JSON number syntax plus what hosts write for their numbers (a leading `+`,
/// `E+` exponents). Trailing zeros after the point do not count as significant digits.
pub fn parse_number(text: &str) -> Result<Decimal, NumberError> {
    if let Some(quick) = short_plain(text) {
        return Ok(quick);
    }
    let bytes = text.as_bytes();
    let unsigned = text.trim_start_matches(['+', '-']);
    if unsigned.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
        let named = ["nan", "snan", "inf", "infinity"].iter().any(|n| unsigned.eq_ignore_ascii_case(n));
        return Err(if named { NumberError::NotFinite } else { NumberError::Syntax });
    }
    let mut pos = 0;
    let negative = read_sign(bytes, &mut pos);
    // The mantissa's digits are bytes[int_start..int_end] then bytes[frac_start..frac_end].
    let int_start = pos;
    while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let int_end = pos;
    let (mut frac_start, mut frac_end) = (pos, pos);
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        frac_start = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        frac_end = pos;
        if frac_end == frac_start {
            return Err(NumberError::Syntax);
        }
    }
    if int_end == int_start && frac_end == frac_start {
        return Err(NumberError::Syntax);
    }
    let mut exponent: i64 = 0;
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        let exp_negative = read_sign(bytes, &mut pos);
        let start = pos;
        while let Some(&b) = bytes.get(pos) {
            if !b.is_ascii_digit() {
                break;
            }
            // Saturate: an exponent this large is out of range whatever the digits.
            exponent = exponent.saturating_mul(10).saturating_add(i64::from(b - b'0'));
            pos += 1;
        }
        if pos == start {
            return Err(NumberError::Syntax);
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if pos != bytes.len() {
        return Err(NumberError::Syntax);
    }
    let int = bytes.get(int_start..int_end).unwrap_or_default();
    let frac = bytes.get(frac_start..frac_end).unwrap_or_default();
    let shift = i64::try_from(frac.len()).map_err(|_| NumberError::OutOfRange)?;
    build(negative, int, frac, exponent.saturating_sub(shift))
}

/// Whether the number or its exponent at `pos` is negative: a `-` or `+` there is read.
fn read_sign(bytes: &[u8], pos: &mut usize) -> bool {
    let sign = bytes.get(*pos).copied();
    if matches!(sign, Some(b'-' | b'+')) {
        *pos += 1;
    }
    sign == Some(b'-')
}

/// The common case, read fast: an optional `-`, at most 18 digits and at most one point
/// with digits after it (`2013`, `94.5`). Anything else takes the general path.
fn short_plain(text: &str) -> Option<Decimal> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // 18 digits always fit an i64; the point makes the 19th character.
    if body.is_empty() || body.len() > 19 || (body.len() == 19 && !body.contains('.')) {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut scale: u32 = 0;
    let mut seen_point = false;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                if seen_point {
                    scale += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if seen_point && scale == 0 || body.starts_with('.') {
        return None;
    }
    let value = Decimal::new(if negative { -mantissa } else { mantissa }, scale);
    // `-0` is 0, as on the general path.
    Some(if value.is_zero() { Decimal::ZERO } else { value })
}

/// Builds `±(int ‖ frac) × 10^exponent` if it fits the engine's decimal.
fn build(negative: bool, int: &[u8], frac: &[u8], exponent: i64) -> Result<Decimal, NumberError> {
    let digits = || int.iter().chain(frac.iter()).map(|d| d - b'0');
    let total = int.len() + frac.len();
    let Some(first) = digits().position(|d| d != 0) else {
        return Ok(Decimal::ZERO);
    };
    let last = total - 1 - digits().collect::<TrailingZeros>().0;
    // Value = digits[first..=last] × 10^(exponent + trailing zeros dropped).
    let trailing = i64::try_from(total - 1 - last).map_err(|_| NumberError::OutOfRange)?;
    let exp = exponent.saturating_add(trailing);
    let count = i64::try_from(last + 1 - first).map_err(|_| NumberError::OutOfRange)?;
    let max_digits = MAX_DIGITS as i64;
    // Highest digit sits at 10^(exp + count - 1); it must stay below 10^28.
    if count > max_digits || exp.saturating_add(count) > max_digits || exp < -max_digits {
        return Err(NumberError::OutOfRange);
    }
    let mut mantissa: i128 = 0;
    for d in digits().skip(first).take(last + 1 - first) {
        mantissa = mantissa * 10 + i128::from(d);
    }
    let (mantissa, scale) = if exp >= 0 {
        (mantissa * 10i128.pow(u32::try_from(exp).map_err(|_| NumberError::OutOfRange)?), 0)
    } else {
        (mantissa, u32::try_from(-exp).map_err(|_| NumberError::OutOfRange)?)
    };
    let mantissa = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NumberError::OutOfRange)
}

/// Counts trailing zero digits without allocating.
struct TrailingZeros(usize);

impl FromIterator<u8> for TrailingZeros {
    fn from_iter<I: IntoIterator<Item = u8>>(iter: I) -> Self {
        let mut zeros = 0;
        for d in iter {
            zeros = if d == 0 { zeros + 1 } else { 0 };
        }
        TrailingZeros(zeros)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn reads_whole_numbers_in_every_spelling() {
        for text in ["2014", "2014.0", "2.014e3", "2.014E+3", "20140e-1", "+2014"] {
            assert_eq!(parse_number(text), Ok(dec("2014")), "{text}");
        }
        assert_eq!(parse_number("-0"), Ok(Decimal::ZERO));
        assert!(parse_number("-0").unwrap().is_sign_positive() || parse_number("-0").unwrap().is_zero());
    }

    #[test]
    fn keeps_every_digit() {
        let below = parse_number("94.99999999999999999").unwrap();
        assert!(below < dec("95"));
        assert_eq!(parse_number("0.1"), Ok(dec("0.1")));
    }

    #[test]
    fn the_quick_path_agrees_with_the_general_one() {
        for text in [
            "0",
            "-0",
            "7",
            "2013",
            "94.5",
            "-12.25",
            "999999999999999999",
            "9999999999999999999",
            "99999999999999999.9",
            "0.000001",
        ] {
            let general = build_general(text);
            assert_eq!(parse_number(text), general, "{text}");
        }
        assert_eq!(parse_number("9999999999999999999"), Ok(dec("9999999999999999999")));
    }

    fn build_general(text: &str) -> Result<Decimal, NumberError> {
        // The general path, reached by writing the same number with an exponent.
        parse_number(&format!("{text}e0"))
    }

    #[test]
    fn rejects_what_does_not_fit() {
        assert_eq!(parse_number("1e28"), Err(NumberError::OutOfRange));
        assert_eq!(parse_number("9999999999999999999999999999"), Ok(dec("9999999999999999999999999999")));
        assert_eq!(parse_number("12345678901234567890123456789"), Err(NumberError::OutOfRange));
        assert_eq!(parse_number("1e-29"), Err(NumberError::OutOfRange));
        assert_eq!(parse_number("1e999999999999999999999"), Err(NumberError::OutOfRange));
        assert_eq!(parse_number("100.000000000000000000000000000000"), Ok(dec("100")));
    }

    #[test]
    fn names_non_finite_and_bad_syntax() {
        for text in ["NaN", "nan", "Infinity", "-Infinity", "inf", "sNaN"] {
            assert_eq!(parse_number(text), Err(NumberError::NotFinite), "{text}");
        }
        for text in ["", "-", "1.", ".5e", "1e", "12a", "0x10", "1..2"] {
            assert_eq!(parse_number(text), Err(NumberError::Syntax), "{text}");
        }
    }
}
