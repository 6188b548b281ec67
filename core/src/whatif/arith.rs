//! Decimal arithmetic that may overflow (checked, or saturated at the decimal's ends), as calls
//! rather than inlined code: the browser's what-if module carries one copy of each instead of one
//! per use (43 KB less code when they were introduced).

use rust_decimal::Decimal;

#[inline(never)]
pub(super) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b)
}

#[inline(never)]
pub(super) fn sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_sub(b)
}

#[inline(never)]
pub(super) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

#[inline(never)]
pub(super) fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)
}

/// `a - b`, or the decimal's end past which it would overflow.
#[inline(never)]
pub(super) fn minus(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_sub(b)
}

/// `a + b`, or the decimal's end past which it would overflow.
#[inline(never)]
pub(super) fn plus(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_add(b)
}
