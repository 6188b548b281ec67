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
    let lower = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
    if matches!(lower.as_str(), "nan" | "snan" | "inf" | "infinity") {
        return Err(NumberError::NotFinite);
    }
    let bytes = text.as_bytes();
    let mut pos = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            pos += 1;
            true
        }
        Some(b'+') => {
            pos += 1;
            false
        }
        _ => false,
    };
    let mut digits: Vec<u8> = Vec::with_capacity(text.len());
    let mut point_shift: i64 = 0;
    let mut seen_digit = false;
    while let Some(&b) = bytes.get(pos) {
        if !b.is_ascii_digit() {
            break;
        }
        digits.push(b - b'0');
        seen_digit = true;
        pos += 1;
    }
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
        let mut fraction_digit = false;
        while let Some(&b) = bytes.get(pos) {
            if !b.is_ascii_digit() {
                break;
            }
            digits.push(b - b'0');
            point_shift -= 1;
            fraction_digit = true;
            pos += 1;
        }
        if !fraction_digit {
            return Err(NumberError::Syntax);
        }
    }
    if !seen_digit && digits.is_empty() {
        return Err(NumberError::Syntax);
    }
    let mut exponent: i64 = 0;
    if matches!(bytes.get(pos), Some(b'e') | Some(b'E')) {
        pos += 1;
        let exp_negative = match bytes.get(pos) {
            Some(b'-') => {
                pos += 1;
                true
            }
            Some(b'+') => {
                pos += 1;
                false
            }
            _ => false,
        };
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
    build(negative, &digits, point_shift.saturating_add(exponent))
}

/// Builds `±digits × 10^exponent` if it fits the engine's decimal.
fn build(negative: bool, digits: &[u8], exponent: i64) -> Result<Decimal, NumberError> {
    let first = digits.iter().position(|&d| d != 0);
    let Some(first) = first else {
        return Ok(Decimal::ZERO);
    };
    let last = digits.iter().rposition(|&d| d != 0).unwrap_or(first);
    let significant = digits.get(first..=last).ok_or(NumberError::Syntax)?;
    // Value = significant × 10^(exponent + trailing zeros dropped).
    let trailing = i64::try_from(digits.len() - 1 - last).map_err(|_| NumberError::OutOfRange)?;
    let exp = exponent.saturating_add(trailing);
    let count = i64::try_from(significant.len()).map_err(|_| NumberError::OutOfRange)?;
    let max_digits = MAX_DIGITS as i64;
    // Highest digit sits at 10^(exp + count - 1); it must stay below 10^28.
    if count > max_digits || exp.saturating_add(count) > max_digits || exp < -max_digits {
        return Err(NumberError::OutOfRange);
    }
    let mut mantissa: i128 = 0;
    for &d in significant {
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
