//! A host's binary float (a Python `float`, an Arrow `float64` cell, a workbook's number, a
//! numpy or Arrow `float32` or `float16`) as the exact number it stands for: the value of its
//! shortest round-trip text at its own precision, of two equally near the one ending in an
//! even digit, as Python's `repr`, numpy and JavaScript write it (Rust's `{:?}` takes the
//! upper one). Every face reads floats through here, so a float is the same
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

/// A host's `float32` (a numpy scalar, an Arrow column) as an [`Input::Number`](super::Input)
/// text, as [`float_input`] writes a double: the value of its own shortest round-trip text,
/// of two equally near the even one (`1.06`, never the double 1.059999942779541 it widens
/// to), as numpy's `repr` writes it.
pub fn f32_input(x: f32) -> String {
    number_input(ryu::Buffer::new().format(x))
}

/// A host's `float16`, given by its bits (a numpy scalar, an Arrow column), as
/// [`f32_input`] writes a `float32`: ryu has no half precision, so its shortest text is
/// searched for here, five significant digits always being enough.
pub fn f16_input(bits: u16) -> String {
    let wide = f16_value(bits);
    if !wide.is_finite() || wide == 0.0 {
        return number_input(ryu::Buffer::new().format(wide));
    }
    let text = shortest(wide, 5, |v| f16_reads_back(v, bits));
    number_input(&text.unwrap_or_else(|| ryu::Buffer::new().format(wide).to_owned()))
}

/// Number text as the engine gets it: its value's digits (`2013`, not `2013.0`), or the
/// text itself for what the number reader refuses (`NaN`, `inf`, `1e30`).
fn number_input(text: &str) -> String {
    match parse_number(text) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => text.to_owned(),
    }
}

/// The value of a half-precision float's bits, exact in a double.
fn f16_value(bits: u16) -> f64 {
    let fraction = f64::from(bits & 0x3FF);
    let magnitude = match (bits >> 10) & 0x1F {
        0 => fraction * 2f64.powi(-24),
        0x1F if fraction == 0.0 => f64::INFINITY,
        0x1F => f64::NAN,
        exponent => (1024.0 + fraction) * 2f64.powi(i32::from(exponent) - 25),
    };
    if bits & 0x8000 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// Whether `v` rounds to the half-precision float `bits` (to nearest, ties to even), as
/// numpy reads a decimal into a `float16`. Its half-way points are exact in a double, and a
/// decimal of five digits or fewer never lies within a double's rounding of one without
/// being on it, so comparing with them is exact.
fn f16_reads_back(v: f64, bits: u16) -> bool {
    let magnitude = bits & 0x7FFF;
    let v = if bits & 0x8000 == 0 { v } else { -v };
    let below = if magnitude == 0 { 0.0 } else { f16_value(magnitude - 1) };
    // Past the largest finite value (65504) the next step would be 2^16: infinity.
    let above = if magnitude >= 0x7BFF { 65536.0 } else { f16_value(magnitude + 1) };
    let at = f16_value(magnitude);
    let (low, high) = ((below + at) / 2.0, (at + above) / 2.0);
    (low < v && v < high) || (magnitude % 2 == 0 && (v == low || v == high))
}

/// The shortest decimal of at most `most` significant digits that `reads_back`, the nearest
/// to `wide` of those. At each length the nearest decimal is tried with its two neighbours:
/// next to a power of two a value's interval is lopsided, and a neighbour may read back
/// when the nearest does not.
fn shortest(wide: f64, most: usize, reads_back: impl Fn(f64) -> bool) -> Option<String> {
    for places in 0..most {
        // Rust rounds the exact value half to even here, as numpy does.
        let nearest = format!("{wide:.places$e}");
        let (mantissa, exponent) = nearest.split_once('e')?;
        let m: i64 = mantissa.replace('.', "").parse().ok()?;
        let scale = exponent.parse::<i32>().ok()? - i32::try_from(places).ok()?;
        // The nearest first, so that it wins a tie.
        let best = [m, m - 1, m + 1]
            .into_iter()
            .filter_map(|c| format!("{c}e{scale}").parse::<f64>().ok().filter(|v| reads_back(*v)))
            .min_by(|a, b| (a - wide).abs().total_cmp(&(b - wide).abs()));
        if let Some(value) = best {
            return Some(ryu::Buffer::new().format(value).to_owned());
        }
    }
    None
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

    #[test]
    fn narrow_floats_read_as_their_own_shortest_text() {
        assert_eq!(f32_input(1.06), "1.06");
        assert_eq!(f32_input(-94.6), "-94.6");
        assert_eq!(f32_input(2013.0), "2013");
        assert_eq!(f32_input(1e-7), "0.0000001");
        assert_eq!(f32_input(-0.0), "0");
        // Two texts of eight digits read back; numpy (and ryu) take the even one.
        assert_eq!(f32_input(3_032_018.0 + 0.25), "3032018.2");
        assert_eq!(f32_input(f32::NAN), "NaN");
        assert_eq!(parse_number(&f32_input(1e30)), Err(super::super::NumberError::OutOfRange));
        let half = |x: f32| {
            // The nearest half-precision float, found among all of them.
            (0..0x7C00u16)
                .min_by(|a, b| (f16_value(*a) - f64::from(x)).abs().total_cmp(&(f16_value(*b) - f64::from(x)).abs()))
        };
        assert_eq!(f16_input(half(0.1).unwrap()), "0.1");
        assert_eq!(f16_input(half(1.06).unwrap()), "1.06");
        assert_eq!(f16_input(half(2013.0).unwrap()), "2013");
        assert_eq!(f16_input(0x7BFF), "65500");
        assert_eq!(f16_input(986), "0.00005877");
        assert_eq!(f16_input(0xFC00), "-inf");
        assert_eq!(f16_input(0x8000), "0");
    }

    #[test]
    fn every_f16_text_reads_back_as_itself() {
        for bits in 0..=u16::MAX {
            if f16_value(bits).is_finite() {
                let text = f16_input(bits);
                assert!(f16_reads_back(text.parse().unwrap_or(f64::NAN), bits), "{bits:#x}: {text}");
            }
        }
    }

    #[test]
    fn f32_texts_read_back_as_themselves() {
        for bits in (0..u32::MAX).step_by(7919) {
            let x = f32::from_bits(bits);
            if x.is_finite() && x.abs() < 1e27 {
                assert_eq!(f32_input(x).parse::<f32>().ok(), Some(x), "{bits:#x}");
            }
        }
    }
}
