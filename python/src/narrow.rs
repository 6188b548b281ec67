//! The texts of narrow floats (`float32`, `float16`): the shortest decimal that reads back
//! as the same value at its own precision, the nearest of those, ties to the even digit, as
//! numpy's `repr` writes it (`np.float32(1.06)` is `1.06`, never the double 1.059999942779541).
//! numpy scalars and Arrow columns of these types are read through them.

use arrow_array::types::Float16Type;
use arrow_array::ArrowPrimitiveType;

/// arrow's half-precision float (the `half` crate's `f16`, named through arrow).
pub(crate) type F16 = <Float16Type as ArrowPrimitiveType>::Native;

/// The text of an `f32`. Rust's `Display` gives the shortest length but, where two texts of
/// that length read back (3032018.25 as 3032018.2 or .3), not always the nearest-even one
/// numpy writes; so it only says where the search starts.
pub(crate) fn f32_text(x: f32) -> String {
    let display = x.to_string();
    if !x.is_finite() || x == 0.0 {
        return display;
    }
    // Nine significant digits always read back as the same f32.
    let from = significant_digits(&display).clamp(1, 9);
    shortest(f64::from(x), from..=9, |text, _| text.parse::<f32>().is_ok_and(|y| y == x)).unwrap_or(display)
}

/// The text of an `f16`. `half`'s own `Display` writes the `f32` text (`0.099975586` for
/// 0.1), which would read as another number.
pub(crate) fn f16_text(x: F16) -> String {
    let wide = x.to_f32();
    if !wide.is_finite() || wide == 0.0 {
        return wide.to_string();
    }
    // Five significant digits always read back as the same f16.
    shortest(f64::from(wide), 1..=5, |_, v| f16_reads_back(v, x)).unwrap_or_else(|| wide.to_string())
}

/// The digits of a positional text that are not padding (`3032018.3`: 8; `1000`: 1).
fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// The shortest decimal, over `lengths` significant digits, that `reads_back` (given its
/// text and its value), the nearest to `wide` of those, written positionally. At each
/// length the nearest decimal is tried with its two neighbours: next to a power of two a
/// value's interval is lopsided, and a neighbour may read back when the nearest does not.
fn shortest(
    wide: f64,
    lengths: std::ops::RangeInclusive<usize>,
    reads_back: impl Fn(&str, f64) -> bool,
) -> Option<String> {
    for length in lengths {
        let places = length.saturating_sub(1);
        // Rust rounds the exact value half to even here, as numpy does.
        let nearest = format!("{wide:.places$e}");
        let (mantissa, exponent) = nearest.split_once('e')?;
        let m: i64 = mantissa.replace('.', "").parse().ok()?;
        let scale = exponent.parse::<i32>().ok()? - i32::try_from(places).ok()?;
        // The nearest first, so that it wins a tie.
        let best = [m, m - 1, m + 1]
            .into_iter()
            .map(|c| format!("{c}e{scale}"))
            .filter_map(|text| text.parse::<f64>().ok().filter(|v| reads_back(&text, *v)))
            .min_by(|a, b| (a - wide).abs().total_cmp(&(b - wide).abs()));
        if let Some(value) = best {
            // Nine digits or fewer: the shortest f64 text of the value is those digits.
            return Some(value.to_string());
        }
    }
    None
}

/// Whether `v` rounds to `x` (to nearest, ties to even), as numpy reads a decimal into a
/// `float16`. `half`'s `from_f64` drops the double's low bits first and can round a value
/// just past a half-way point the wrong way; the half-way points of f16 values are exact in
/// an f64, and a decimal of five digits or fewer never lies within an f64's rounding of one
/// without being on it, so comparing with them is exact.
fn f16_reads_back(v: f64, x: F16) -> bool {
    let bits = x.to_bits() & 0x7FFF;
    let v = if x.is_sign_negative() { -v } else { v };
    let at = |b: u16| f64::from(F16::from_bits(b).to_f32());
    let below = if bits == 0 { 0.0 } else { at(bits - 1) };
    // Past the largest finite f16 (65504), the next step would be 2^16: infinity.
    let above = if bits >= 0x7BFF { 65536.0 } else { at(bits + 1) };
    let (low, high) = ((below + at(bits)) / 2.0, (at(bits) + above) / 2.0);
    (low < v && v < high) || (bits % 2 == 0 && (v == low || v == high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_floats_read_as_their_own_shortest_text() {
        assert_eq!(f32_text(1.06), "1.06");
        assert_eq!(f32_text(94.6), "94.6");
        assert_eq!(f32_text(-94.6), "-94.6");
        assert_eq!(f32_text(1e-7), "0.0000001");
        assert_eq!(f32_text(1e30), format!("1{}", "0".repeat(30)));
        // Two texts of eight digits read back; numpy takes the even one, Display the other.
        assert_eq!(f32_text(3_032_018.0 + 0.25), "3032018.2");
        assert_eq!(f32_text(f32::NAN), "NaN");
        assert_eq!(f16_text(F16::from_f32(0.1)), "0.1");
        assert_eq!(f16_text(F16::from_f32(1.06)), "1.06");
        assert_eq!(f16_text(F16::from_f32(2013.0)), "2013");
        assert_eq!(f16_text(F16::from_f32(65504.0)), "65500");
        assert_eq!(f16_text(F16::from_f32(0.046_875)), "0.04688");
        assert_eq!(f16_text(F16::from_bits(986)), "0.00005877");
        assert_eq!(f16_text(F16::from_f32(f32::NEG_INFINITY)), "-inf");
    }

    #[test]
    fn every_f16_text_reads_back_as_itself() {
        for bits in 0..=u16::MAX {
            let x = F16::from_bits(bits);
            if x.is_finite() {
                let text = f16_text(x);
                assert!(f16_reads_back(text.parse().unwrap_or(f64::NAN), x), "{bits:#x}: {text}");
            }
        }
    }

    #[test]
    fn f32_texts_read_back_as_themselves() {
        for bits in (0..u32::MAX).step_by(7919) {
            let x = f32::from_bits(bits);
            if x.is_finite() {
                assert_eq!(f32_text(x).parse::<f32>().ok(), Some(x), "{bits:#x}");
            }
        }
    }
}
