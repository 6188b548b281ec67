//! Exact JSON numbers for the hand-written scorer, with a serde_json that has no `arbitrary_precision`.

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A JSON number read exactly.
///
/// The workspace's serde_json has no `arbitrary_precision`, so it hands a visitor an `f64`
/// for `94.99999999999999999` (which is 95). `handwritten::from_text` therefore first turns every number
/// token into a string marked with [`MARK`], and this type reads the marked text with
/// rust_decimal. From a `serde_json::Value` only the `f64` is left: that entry is exact only
/// where the Value is (its shortest form, through serde_json's own `Number` display).
#[derive(Debug, Clone, Copy, Default)]
pub struct Num(pub Decimal);

/// Starts the strings `handwritten::from_text` makes of number tokens; a JSON text can carry this
/// character only as the escape `\u0001`, which `handwritten::from_text` refuses.
const MARK: char = '\u{1}';

/// Reads number text exactly (`2014`, `94.5`, `2.014e3`, `-0`) into a decimal of at most
/// 28 significant digits and magnitude below 10^28, like criteria.md.
fn exact(text: &str) -> Option<Decimal> {
    let (base, exp) = match text.find(['e', 'E']) {
        Some(at) => (text.get(..at)?, text.get(at + 1..)?.parse::<i64>().ok()?),
        None => (text, 0),
    };
    let mut d = Decimal::from_str_exact(base).ok()?;
    let scale = i64::from(d.scale()) - exp;
    if scale >= 0 {
        d.set_scale(u32::try_from(scale).ok()?).ok()?;
    } else {
        d.set_scale(0).ok()?;
        for _ in 0..-scale {
            d = d.checked_mul(Decimal::TEN)?;
        }
    }
    let d = d.normalize();
    (d.abs() < Decimal::from_i128_with_scale(10_i128.pow(28), 0)).then_some(d)
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NumVisitor;
        impl Visitor<'_> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                let text = serde_json::Number::from_f64(v).map(|n| n.to_string()).unwrap_or_default();
                exact(&text).map(Num).ok_or_else(|| E::custom("out_of_range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Num, E> {
                match v.strip_prefix(MARK) {
                    Some(text) => exact(text).map(Num).ok_or_else(|| E::custom("out_of_range")),
                    None => Err(E::invalid_type(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(NumVisitor)
    }
}

/// Copies `text` with every number token outside strings written as `"\u0001<token>"`.
pub fn mark_numbers(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let (mut copied, mut at, mut in_string) = (0, 0, false);
    while let Some(&b) = bytes.get(at) {
        if in_string {
            match b {
                b'\\' => {
                    if bytes.get(at + 1..at + 6).is_some_and(|e| e.eq_ignore_ascii_case(b"u0001")) {
                        return Err("a string holds \\u0001, which this reader reserves".into());
                    }
                    at += 2;
                    continue;
                }
                b'"' => in_string = false,
                _ => {}
            }
            at += 1;
        } else if b == b'"' {
            in_string = true;
            at += 1;
        } else if b == b'-' || b.is_ascii_digit() {
            let end =
                at + bytes.get(at..).map_or(0, |t| t.iter().take_while(|c| b"+-.eE0123456789".contains(c)).count());
            out.push_str(text.get(copied..at).ok_or("bad offset")?);
            out.push_str("\"\\u0001");
            out.push_str(text.get(at..end).ok_or("bad offset")?);
            out.push('"');
            (copied, at) = (end, end);
        } else {
            at += 1;
        }
    }
    out.push_str(text.get(copied..).ok_or("bad offset")?);
    Ok(out)
}
