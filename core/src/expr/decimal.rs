//! Decimals compared and scaled in machine integers: the comparisons every band and cap
//! makes, at one scale with one 64-bit multiplication in the usual case.

use rust_decimal::Decimal;
use std::cmp::Ordering;

/// `a` against `b`: signs first, then magnitudes at one scale in machine integers (a value
/// of a few places against a whole-number bound is one 64-bit multiplication).
pub(crate) fn cmp_decimals(a: Decimal, b: Decimal) -> Ordering {
    let (ma, mb) = (a.mantissa(), b.mantissa());
    let (sa, sb) = (a.scale(), b.scale());
    if sa == sb {
        return ma.cmp(&mb);
    }
    if (ma < 0) != (mb < 0) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_powers_of_ten_are_right() {
        for (i, p) in POW10.iter().enumerate() {
            assert_eq!(Some(*p), 10i128.checked_pow(u32::try_from(i).unwrap()));
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
}
