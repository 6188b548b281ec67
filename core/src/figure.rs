//! `Figure`: a number in an answer, as the text its JSON gives, kept without an allocation.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Bytes a figure keeps in place: the longest decimal text, `-0.` and 28 places, is 31.
const INLINE: usize = 31;

/// A figure of an answer (points, a maximum, a value read or computed, a band) as the text
/// the JSON gives it: a decimal (`85.5`), `true` or `false`, or the whole digits of a number
/// too large for a decimal. It reads as a `&str` (it dereferences to one, and compares with
/// one) and is written in JSON as a string.
///
/// ```
/// let figure = zonescore::Figure::from("85.5");
/// assert_eq!(figure, "85.5");
/// assert_eq!(figure.parse::<f64>(), Ok(85.5));
/// ```
#[derive(Clone)]
pub struct Figure(Repr);

// An answer holds some 130 figures; kept in place, they are 130 allocations fewer to make
// and to free (the batch row; `docs/performance/issue-9-2026-12-01-to-04.md`, 2026-12-04
// night). Only a longer text, which no decimal is, has a box of its own.
#[derive(Clone)]
enum Repr {
    Inline { len: Len, bytes: [u8; INLINE] },
    Boxed(Box<str>),
}

/// The length of an inline text, 0 to 31. A length byte cannot hold any other value, so the
/// `Boxed` case is told by one of those and a figure takes 32 bytes, not 40: an answer's
/// lists are smaller to make and to walk when it is dropped.
#[derive(Clone, Copy)]
#[repr(u8)]
#[rustfmt::skip]
enum Len {
    L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15,
    L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31,
}

impl Len {
    #[rustfmt::skip]
    const ALL: [Self; INLINE + 1] = {
        use Len::*;
        [
            L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15,
            L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31,
        ]
    };

    fn of(len: usize) -> Option<Self> {
        Self::ALL.get(len).copied()
    }

    fn get(self) -> usize {
        usize::from(self as u8)
    }
}

impl Figure {
    /// A decimal as answers write it (`format_decimal`: no exponent, its scale's places).
    pub(crate) fn decimal(d: Decimal) -> Self {
        let mut figure = Self::default();
        let _ = crate::expr::format_decimal(&mut figure, d);
        figure
    }

    /// `Figure::decimal(d.normalize())`: no trailing zeros.
    pub(crate) fn normalized(d: Decimal) -> Self {
        let mut figure = Self::default();
        let _ = crate::expr::format_normalized(&mut figure, d);
        figure
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only whole `&str`s are copied in, so the bytes are always UTF-8.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(bytes.get(..len.get()).unwrap_or_default()).unwrap_or_default()
            }
            Repr::Boxed(text) => text,
        }
    }
}

impl Default for Figure {
    fn default() -> Self {
        Self(Repr::Inline { len: Len::L0, bytes: [0; INLINE] })
    }
}

impl fmt::Write for Figure {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match &mut self.0 {
            Repr::Inline { len, bytes } => {
                let at = len.get();
                match (bytes.get_mut(at..at + s.len()), Len::of(at + s.len())) {
                    (Some(room), Some(longer)) => {
                        room.copy_from_slice(s.as_bytes());
                        *len = longer;
                    }
                    _ => self.0 = Repr::Boxed([self.as_str(), s].concat().into_boxed_str()),
                }
            }
            Repr::Boxed(text) => *text = [&**text, s].concat().into_boxed_str(),
        }
        Ok(())
    }
}

impl From<&str> for Figure {
    fn from(text: &str) -> Self {
        let mut figure = Self::default();
        let _ = fmt::Write::write_str(&mut figure, text);
        figure
    }
}

impl From<String> for Figure {
    fn from(text: String) -> Self {
        if text.len() <= INLINE {
            Self::from(text.as_str())
        } else {
            Self(Repr::Boxed(text.into_boxed_str()))
        }
    }
}

impl From<Figure> for String {
    fn from(figure: Figure) -> Self {
        figure.as_str().to_owned()
    }
}

impl std::ops::Deref for Figure {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Figure {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Figure {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Figure {}

impl std::hash::Hash for Figure {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Figure {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Figure {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Figure {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Figure> for String {
    fn eq(&self, other: &Figure) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Figure> for &str {
    fn eq(&self, other: &Figure) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

// The schema of a string, as the answer's schema has always said.
impl JsonSchema for Figure {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;
    use std::str::FromStr;

    #[test]
    fn every_decimal_is_kept_in_place_and_reads_back() {
        for text in ["0", "-0.0000000000000000000000000001", "-7.9228162514264337593543950335", "85.5"] {
            let figure = Figure::decimal(Decimal::from_str(text).unwrap());
            assert_eq!(figure, text);
            assert!(matches!(figure.0, Repr::Inline { .. }), "{text}");
        }
    }

    #[test]
    fn a_normalized_figure_is_the_normalized_decimal_written() {
        for text in [
            "0",
            "0.000",
            "-0.0",
            "85.50",
            "100",
            "1.00e3",
            "-7.9228162514264337593543950335",
            "79228162514264337593543950335",
        ] {
            let d = Decimal::from_scientific(text).unwrap_or_else(|_| Decimal::from_str(text).unwrap());
            assert_eq!(Figure::normalized(d), Figure::decimal(d.normalize()), "{text}");
        }
    }

    #[test]
    fn thirty_one_bytes_stay_in_place_and_one_more_boxes_the_whole_text() {
        let digits = "1234567890".repeat(4);
        let mut figure = Figure::default();
        for (i, digit) in digits[..31].char_indices() {
            figure.write_char(digit).unwrap();
            assert_eq!(figure, &digits[..=i]);
        }
        assert!(matches!(figure.0, Repr::Inline { .. }));
        figure.write_str("").unwrap();
        assert!(matches!(figure.0, Repr::Inline { .. }));
        figure.write_char('2').unwrap();
        assert!(matches!(figure.0, Repr::Boxed(_)));
        assert_eq!(figure, &digits[..32]);
        assert!(matches!(Figure::from(digits[..31].to_owned()).0, Repr::Inline { .. }));
        assert!(matches!(Figure::from(digits[..32].to_owned()).0, Repr::Boxed(_)));
        assert_eq!(Figure::from(digits[..32].to_owned()), &digits[..32]);
    }

    // Not a layout Rust promises, but the one this type is written for: a regression here
    // would make every answer larger again.
    #[test]
    fn a_figure_takes_32_bytes_with_or_without_a_value() {
        assert_eq!(std::mem::size_of::<Figure>(), 32);
        assert_eq!(std::mem::size_of::<Option<Figure>>(), 32);
    }

    #[test]
    fn a_longer_text_is_boxed_whole() {
        let digits = "9".repeat(60);
        let mut figure = Figure::from(&digits[..20]);
        figure.write_str(&digits[20..40]).unwrap();
        figure.write_str(&digits[40..]).unwrap();
        assert_eq!(figure, digits.as_str());
        assert!(matches!(figure.0, Repr::Boxed(_)));
        assert_eq!(Figure::from(digits.clone()), Figure::from(digits.as_str()));
    }

    #[test]
    fn it_is_a_string_in_json_and_in_the_schema() {
        let figure = Figure::from("66.5");
        assert_eq!(serde_json::to_string(&figure).unwrap(), r#""66.5""#);
        assert_eq!(serde_json::from_str::<Figure>(r#""66.5""#).unwrap(), figure);
        assert_eq!(schemars::schema_for!(Figure), schemars::schema_for!(String));
    }
}
