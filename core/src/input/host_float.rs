//! A host's binary float (a Python `float`, an Arrow `float64` cell, a workbook's number) as
//! the exact number it stands for: the value of its shortest round-trip text, of two equally
//! near the one ending in an even digit, as Python's `repr` and JavaScript write it (Rust's
//! `{:?}` takes the upper one). Every face reads floats through here, so a float is the same
//! number in Python, a workbook and the browser.

use super::number::parse_number;
use rust_decimal::Decimal;

/// The exact value of `x`'s shortest text; `None` for NaN, infinities and what the engine's
/// number reader refuses (28 significant digits, 10^28 and beyond).
///
/// Most floats people type have at most 15 significant digits: their value is found without
/// writing a text, as the first number of decimals `k` at which `x · 10^k`, rounded, divided
/// back by `10^k` is `x` again. Up to 15 digits a decimal is the only one of its length that
/// reads as its float (DBL_DIG), and the product's rounding cannot pick a wrong neighbour.
/// Longer ones are read from `ryu`'s text.
pub fn float_value(x: f64) -> Option<Decimal> {
    const POWERS: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    for (k, power) in (0u32..).zip(POWERS) {
        let m = (x * power).round();
        if m.abs() >= 1e15 {
            break;
        }
        if m / power == x {
            // |m| < 10^15: exact as an i64.
            return Some(Decimal::new(m as i64, k));
        }
    }
    parse_number(ryu::Buffer::new().format(x)).ok()
}

/// `x` as an [`Input::Number`](super::Input) text: its value's digits (`0.1`, `2013`), or for
/// what [`float_value`] refuses, the shortest text (`NaN`, `inf`, `1e30`), which the validator
/// answers with `not_finite` or `out_of_range`.
pub fn float_input(x: f64) -> String {
    match float_value(x) {
        Some(d) => d.to_string(),
        None => ryu::Buffer::new().format(x).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;

    #[test]
    fn a_float_halfway_between_two_shortest_texts_takes_the_even_one() {
        assert_eq!(float_input(135_257_678_481_216.0 + 0.625), "135257678481216.62");
        assert_eq!(float_input(955_615_016_978_545.0 + 0.25), "955615016978545.2");
        assert_eq!(float_input(94.6), "94.6");
        assert_eq!(float_input(2013.0), "2013");
        assert_eq!(float_input(1e-7), "0.0000001");
        assert_eq!(float_input(f64::NAN), "NaN");
        assert_eq!(parse_number(&float_input(f64::NEG_INFINITY)), Err(super::super::NumberError::NotFinite));
        assert_eq!(parse_number(&float_input(1e30)), Err(super::super::NumberError::OutOfRange));
    }

    #[test]
    fn a_float_has_the_value_of_its_shortest_text() {
        let mut floats = vec![0.0, -0.0, 0.1, 94.6, 2013.0, 1e15, 999_999_999_999_999.0, 1e-15, 123.456_789_012_345];
        floats.extend([f64::NAN, f64::INFINITY, 1e30, 5e-324, f64::MAX]);
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut ties = 0;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Typed values (a few decimals), any bits near everyday exponents, and any bits.
            floats.push((x % 100_000_000) as f64 / [1.0, 10.0, 100.0, 1000.0][(x >> 60) as usize % 4]);
            floats.push(f64::from_bits((x & 0x000F_FFFF_FFFF_FFFF) | ((1023 + (x >> 52) % 80 - 40) << 52)));
            floats.push(f64::from_bits(x));
        }
        for f in floats {
            // ryu's text is the shortest, ties to even; Rust's `{:?}` differs only at a tie,
            // by one unit of the last digit, ryu's ending in an even one.
            let by_ryu = parse_number(ryu::Buffer::new().format(f)).ok();
            assert_eq!(float_value(f).map(|d| d.normalize()), by_ryu.map(|d| d.normalize()), "{f:?}");
            let by_rust = parse_number(&format!("{f:?}")).ok();
            if let (Some(ours), Some(rust)) = (by_ryu, by_rust) {
                if ours != rust {
                    let (ours, rust) = (ours.normalize(), rust.normalize());
                    let unit = Decimal::new(1, ours.scale().max(rust.scale()));
                    assert!(ours.mantissa() % 2 == 0 && (ours - rust).abs() == unit, "{f:?}");
                    ties += 1;
                }
            }
        }
        assert!(ties > 0, "the random floats hold some ties");
    }
}
