//! Exact decimal strings written as Excel numbers, each with a number format that shows
//! exactly its own decimals (the rules' scale: `91.0` shows as 91.0, `2.5` as 2.5).

use super::XlsxError;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Worksheet};

/// Most significant digits a double holds exactly enough for Excel to show them back.
const DOUBLE_DIGITS: usize = 15;

/// Writes the engine's decimal text `text` at (row, col) as a number showing its scale.
///
/// Excel stores every number as a binary double, so the cell holds the double nearest the
/// decimal, and its number format shows exactly the decimal's own places (the rules'
/// rounding for a final score): what the cell shows is the engine's text, never rounded
/// further. A decimal with more significant digits than a double keeps (an unrounded
/// quotient) is written as text so that no digit is lost; so is anything not a decimal.
pub(super) fn write_decimal(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    base: &Format,
) -> Result<(), XlsxError> {
    let digits = text.trim_start_matches(['-', '0', '.']).bytes().filter(u8::is_ascii_digit).count();
    match Decimal::from_str_exact(text).ok().zip(text.parse::<f64>().ok()) {
        Some((d, value)) if digits <= DOUBLE_DIGITS && value.is_finite() => {
            let scale = usize::try_from(d.scale()).unwrap_or_default();
            sheet.write_number_with_format(row, col, value, &base.clone().set_num_format(num_format(scale)))?;
        }
        _ => {
            sheet.write_string_with_format(row, col, text, base)?;
        }
    }
    Ok(())
}

/// `0`, `0.0`, `0.00`, …: a number format showing `places` decimals.
fn num_format(places: usize) -> String {
    if places == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(places))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_show_the_decimal_places() {
        assert_eq!(num_format(0), "0");
        assert_eq!(num_format(2), "0.00");
    }
}
