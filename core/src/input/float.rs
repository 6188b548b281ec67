//! Binary floats decided in integer arithmetic: whether a decimal survives a trip through an
//! `f64`, the `f64` nearest a decimal, and a float's shortest text. The browser module then
//! carries no float parser or formatter (about 16 KB gzipped).

use crate::big::Big;
use rust_decimal::Decimal;

/// `value` as `{}` writes it (the fewest digits that read back as it, the nearest of
/// them on a choice, no exponent: `0.1`, `-0`, `1000000000000000000000`, `inf`), in
/// integer arithmetic: the browser module carries no float formatter.
pub(crate) fn float_text(value: f64) -> String {
    let bits = value.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let (biased, fraction) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    if biased == 0x7ff {
        return if fraction == 0 { format!("{sign}inf") } else { "NaN".to_owned() };
    }
    if biased == 0 && fraction == 0 {
        return format!("{sign}0");
    }
    // value = m × 2^k; the halves of the gaps to the neighbours are `minus` and `plus`
    // quarters of 2^k (a power of two has a closer lower neighbour). As Rust decides it,
    // the ends read back when the (subnormal: doubled) mantissa is even.
    let (m, k, lower_quarters, inclusive) = if biased == 0 {
        (fraction, -1074, 2u8, true)
    } else {
        let m = fraction | 1 << 52;
        let k = i64::try_from(biased).unwrap_or(0) - 1075;
        (m, k, if fraction == 0 { 1 } else { 2 }, m % 2 == 0)
    };
    let s = (2 - k).max(0);
    let f = Big::from_u128(m.into()).shl((k + s).unsigned_abs());
    let quarter = Big::from_u128(1).shl((k - 2 + s).unsigned_abs());
    let low = &f - &(&quarter * &Big::from_u128(lower_quarters.into()));
    let high = &f + &quarter.shl(1);
    // Down from above the value's magnitude, the first power of ten with a multiple
    // that reads back as the value.
    let mut exp10 = (bit_length(&high) - s) * 30_103 / 100_000 + 2;
    loop {
        let (up, down) = ((exp10).max(0), (-exp10).max(0));
        let (f, low, high) = (&f * &ten_to(down), &low * &ten_to(down), &high * &ten_to(down));
        let unit = ten_to(up).shl(s.unsigned_abs());
        let reads_back = |y: &Big| if inclusive { low <= *y && *y <= high } else { low < *y && *y < high };
        let below = &f.div_rem(&unit).0 * &unit;
        let above = &below + &unit;
        let pick = match (reads_back(&below), reads_back(&above)) {
            (true, true) if &f - &below < &above - &f => below,
            (_, true) => above,
            (true, false) => below,
            (false, false) => {
                exp10 -= 1;
                continue;
            }
        };
        let digits = pick.div_rem(&unit).0.to_string();
        let n = usize::try_from(down).unwrap_or(0);
        return if exp10 >= 0 {
            format!("{sign}{digits}{}", "0".repeat(usize::try_from(up).unwrap_or(0)))
        } else if digits.len() > n {
            let (int, frac) = digits.split_at(digits.len() - n);
            format!("{sign}{int}.{frac}")
        } else {
            format!("{sign}0.{}{digits}", "0".repeat(n - digits.len()))
        };
    }
}

/// `x` read as the nearest `f64`, half-way cases to even (as `str::parse` reads it), in
/// integer arithmetic: the browser module carries no float parser.
pub(crate) fn nearest_f64(x: Decimal) -> f64 {
    let sign = u64::from(x.is_sign_negative()) << 63;
    let mantissa = x.mantissa().unsigned_abs();
    if mantissa == 0 {
        return f64::from_bits(sign);
    }
    let (m, k) = nearest_float(mantissa, -i64::from(x.scale()));
    // A decimal's magnitude (10^-28 to 8·10^28) is well inside the normal floats.
    let fraction = m.to_u64().unwrap_or(0) & ((1 << 52) - 1);
    let exponent = u64::try_from(k + 1075).unwrap_or(0);
    f64::from_bits(sign | exponent << 52 | fraction)
}

/// The float nearest `mantissa × 10^exp10` (mantissa > 0), half-way cases to even, as
/// `m × 2^k` with 2^52 ≤ m < 2^53.
fn nearest_float(mantissa: u128, exp10: i64) -> (Big, i64) {
    let (num, den) = if exp10 >= 0 {
        (&Big::from_u128(mantissa) * &ten_to(exp10), Big::from_u128(1))
    } else {
        (Big::from_u128(mantissa), ten_to(-exp10))
    };
    // x / 2^k as quotient, remainder and divisor.
    let divide = |k: i64| {
        let shift = k.unsigned_abs();
        if k >= 0 {
            let d = den.shl(shift);
            let (q, r) = num.div_rem(&d);
            (q, r, d)
        } else {
            let (q, r) = num.shl(shift).div_rem(&den);
            (q, r, den.clone())
        }
    };
    let mut k = bit_length(&num) - bit_length(&den) - 53;
    let (mut m, mut rem, mut div) = divide(k);
    while bit_length(&m) > 53 {
        k += 1;
        (m, rem, div) = divide(k);
    }
    while bit_length(&m) < 53 {
        k -= 1;
        (m, rem, div) = divide(k);
    }
    let twice = rem.shl(1);
    if twice > div || (twice == div && m.is_odd()) {
        m = &m + &Big::from_u128(1);
    }
    if bit_length(&m) > 53 {
        m = m.shr(1);
        k += 1;
    }
    (m, k)
}

fn ten_to(p: i64) -> Big {
    Big::pow10(u32::try_from(p).unwrap_or(0))
}

fn bit_length(v: &Big) -> i64 {
    i64::try_from(v.bits()).unwrap_or(i64::MAX)
}

/// Whether `x` comes back unchanged through a binary float: read into the nearest `f64`
/// (ties to even) and written back with the fewest digits that read back as that float,
/// the closest of them to it (what Rust's `{:?}`, JavaScript and JSON writers print).
/// `0.1` does; `0.30000000000000001` (read as `0.3`) does not.
///
/// Decided in integer arithmetic, so the browser module carries no float parser or
/// formatter. With `f = m·2^k` (2^52 ≤ m < 2^53), the values that read as `f` are those
/// strictly between the midpoints to its neighbours, the midpoints included when `m` is
/// even. The shortest text is a multiple of the largest power of ten with a multiple
/// there; of two, the one nearer `f`, the upper one on a tie.
pub(crate) fn survives_f64(x: Decimal) -> bool {
    let mut mantissa = x.mantissa().unsigned_abs();
    if mantissa == 0 {
        return true;
    }
    // x = ±mantissa × 10^exp10, the mantissa without trailing zeros.
    let mut exp10 = -i64::from(x.scale());
    while mantissa % 10 == 0 {
        mantissa /= 10;
        exp10 += 1;
    }
    // Up to 15 significant digits always come back (DBL_DIG); the shortest text of a
    // float never has more than 17.
    match mantissa.ilog10() + 1 {
        ..=15 => return true,
        18.. => return false,
        _ => {}
    }
    let (m, k) = nearest_float(mantissa, exp10);
    // Everything scaled by 2^a × 10^b to whole numbers: the float, a quarter of its
    // spacing, x and x's last digit's unit.
    let (a, b) = ((2 - k).max(0), (-exp10).max(0));
    let scaled = |v: Big, p2: i64, p10: i64| &v.shl((p2 + a).unsigned_abs()) * &ten_to(p10 + b);
    let f = scaled(m.clone(), k, 0);
    let quarter = scaled(Big::from_u128(1), k - 2, 0);
    let x = scaled(Big::from_u128(mantissa), 0, exp10);
    let unit = scaled(Big::from_u128(1), 0, exp10);
    let power_of_two = m.trailing_zeros() == Some(52);
    let low = if power_of_two { &f - &quarter } else { &f - &quarter.shl(1) };
    let high = &f + &quarter.shl(1);
    let even = !m.is_odd();
    let reads_as_f = |y: &Big| if even { low <= *y && *y <= high } else { low < *y && *y < high };
    // Multiples of `u` on either side of the float.
    let around = |u: &Big| {
        let below = &f.div_rem(u).0 * u;
        let above = &below + u;
        (below, above)
    };
    let (below, above) = around(&(&unit * &Big::from_u128(10)));
    if reads_as_f(&below) || reads_as_f(&above) {
        return false;
    }
    let (below, above) = around(&unit);
    let shortest = match (reads_as_f(&below), reads_as_f(&above)) {
        (true, true) if &f - &below < &above - &f => below,
        (_, true) => above,
        (true, false) => below,
        (false, false) => return false,
    };
    shortest == x
}

#[cfg(test)]
mod tests {
    use super::super::number::parse_number;
    use super::*;

    /// The check as the standard library's float reader and shortest writer make it.
    fn survives_through_std(text: &str) -> bool {
        let exact = parse_number(text).unwrap();
        let float: f64 = text.parse().unwrap();
        parse_number(&format!("{float:?}")) == Ok(exact)
    }

    fn agrees_with_std(text: &str) {
        if let Ok(x) = parse_number(text) {
            assert_eq!(survives_f64(x), survives_through_std(text), "{text}");
            assert_eq!(nearest_f64(x).to_bits(), text.parse::<f64>().unwrap().to_bits(), "{text}");
        }
    }

    #[test]
    fn float_survival_in_examples() {
        for text in ["0.1", "0.5", "-0", "0", "0.3", "94.5", "1e-28", "9007199254740992", "1125899906842624.3"] {
            assert!(survives_f64(parse_number(text).unwrap()), "{text}");
        }
        for text in [
            "0.30000000000000001",
            "123456789012345678901",
            "9007199254740993.0",
            "12.000000000000000001",
            "9999999999999999999999999999",
            "1125899906842624.2",
        ] {
            assert!(!survives_f64(parse_number(text).unwrap()), "{text}");
        }
    }

    #[test]
    fn nearest_float_of_any_decimal() {
        for x in [Decimal::MAX, Decimal::MIN, Decimal::new(1, 28), Decimal::new(-5, 1), Decimal::new(123_456_789, 28)] {
            assert_eq!(nearest_f64(x).to_bits(), x.to_string().parse::<f64>().unwrap().to_bits(), "{x}");
        }
        assert_eq!(nearest_f64(Decimal::ZERO).to_bits(), 0f64.to_bits());
    }

    #[test]
    fn float_text_matches_the_standard_library() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut floats = vec![0.0, -0.0, 1.0, 0.1, 0.3, 1e21, 1e22, 1e23, 5e-324, f64::MAX, f64::MIN_POSITIVE];
        floats.extend([f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 2f64.powi(-1022) * 0.5]);
        // 2^50 + 1/4, as near 1125899906842624.2 as ...624.3.
        floats.push(f64::from_bits((1073 << 52) | 1));
        for p in -1074i64..=1023 {
            let power = if p >= -1022 { ((p + 1023) as u64) << 52 } else { 1 << (p + 1074) };
            floats.extend([power - 1, power, power + 1].map(f64::from_bits));
        }
        for _ in 0..5_000 {
            floats.push(f64::from_bits(next()));
            // Near the decimals rule files hold.
            floats.push(f64::from_bits((next() >> 12) | ((960 + next() % 130) << 52)));
        }
        for value in floats {
            assert_eq!(float_text(value), value.to_string(), "{:?}", value.to_bits());
        }
    }

    #[test]
    fn float_survival_matches_the_standard_library() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Numbers near floats across the range, written with 14 to 18 digits and the
        // last digit moved a little: round trips, near misses and near midpoints.
        for _ in 0..20_000 {
            let exp2 = (next() % 190) as i32 - 95;
            let float = f64::from_bits((next() >> 12) | (((1023 + exp2) as u64) << 52));
            let precision = 13 + (next() % 5) as usize;
            let written = format!("{float:.precision$e}");
            let (digits, exp) = written.split_once('e').unwrap();
            let digits: i128 = digits.replace('.', "").parse().unwrap();
            let exp: i32 = exp.parse().unwrap();
            for delta in -2..=2 {
                agrees_with_std(&format!("{}e{}", digits + delta, exp - precision as i32));
                agrees_with_std(&format!("-{}e{}", digits + delta, exp - precision as i32));
            }
        }
        // Any digits.
        for _ in 0..20_000 {
            let digits = 1 + next() % 28;
            let mantissa = u128::from(next()) << 64 | u128::from(next());
            let mantissa = mantissa % 10u128.pow(digits as u32);
            agrees_with_std(&format!("{mantissa}e{}", (next() % 57) as i64 - 28 - digits as i64 / 2));
        }
        // Beside powers of two and of ten, and ties between two shortest texts
        // (2^50 + 1/4 is as near 1125899906842624.2 as ...624.3).
        for p in -93..=93 {
            let float = 2f64.powi(p);
            for float in [float, f64::from_bits(float.to_bits() - 1), f64::from_bits(float.to_bits() + 1)] {
                for precision in 14..=17 {
                    let written = format!("{float:.precision$e}");
                    let (digits, exp) = written.split_once('e').unwrap();
                    let digits: i128 = digits.replace('.', "").parse().unwrap();
                    let exp: i32 = exp.parse().unwrap();
                    for delta in -3..=3 {
                        agrees_with_std(&format!("{}e{}", digits + delta, exp - precision as i32));
                    }
                }
            }
        }
        for p in -28..=27 {
            for digits in ["1", "9999999999999999", "99999999999999999", "10000000000000001", "1000000000000001"] {
                agrees_with_std(&format!("{digits}e{p}"));
            }
        }
        for whole in [1u64 << 49, 1 << 50, 1 << 51, 1 << 52, 1 << 53] {
            for offset in 0..40 {
                for tenth in 0..10 {
                    agrees_with_std(&format!("{}.{tenth}", whole + offset));
                    agrees_with_std(&format!("{}.{tenth}", whole - offset));
                    agrees_with_std(&format!("{}.{tenth}5", whole + offset));
                }
            }
        }
    }
}
