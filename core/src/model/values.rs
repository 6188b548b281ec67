//! Reading a rule file's values as the rule format spells them: a text given in both
//! languages or as one string, and exact decimals written as numbers or strings.

use super::Text;
use serde::Deserialize;

/// Reads an optional [`Text`] written either as `{zh, en}` or as one string for both.
///
/// Read by hand, not as an untagged enum (which buffers every value first, code the
/// browser module would carry), and to the same effect: a string; a `{zh, en}` table, or
/// the `[zh, en]` pair a derived struct also takes; anything else fails, once the whole
/// value is read, with the untagged enum's message.
pub(crate) fn text_or_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Text>, D::Error> {
    use serde::de::{Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// A string, or (`None`) any other value, read through.
    struct Piece(Option<String>);
    impl<'de> Deserialize<'de> for Piece {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(Shape::<true>).map(|t| Piece(t.map(|t| t.zh)))
        }
    }

    /// Reads a value as a text (`Some`, in `zh` for a lone string when `LONE` is set)
    /// or as nothing usable (`None`), always to its end.
    struct Shape<const LONE: bool>;
    impl<'de, const LONE: bool> Visitor<'de> for Shape<LONE> {
        type Value = Option<Text>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a text in both languages or one string")
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Text::new(v, if LONE { String::new() } else { v.to_owned() })))
        }
        fn visit_bool<E: Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            if LONE {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                return Ok(None);
            }
            let mut items = Vec::new();
            while let Some(Piece(item)) = seq.next_element()? {
                items.push(item);
            }
            Ok(match <[_; 2]>::try_from(items) {
                Ok([Some(zh), Some(en)]) => Some(Text { zh, en }),
                _ => None,
            })
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            if LONE {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(None);
            }
            let (mut zh, mut en, mut usable) = (None, None, true);
            while let Some((Piece(key), Piece(value))) = map.next_entry()? {
                let slot = match key.as_deref() {
                    Some("zh") => &mut zh,
                    Some("en") => &mut en,
                    _ => {
                        usable = false;
                        continue;
                    }
                };
                usable &= slot.is_none() && value.is_some();
                *slot = value;
            }
            Ok(zh.zip(en).filter(|_| usable).map(|(zh, en)| Text { zh, en }))
        }
    }

    struct Optional;
    impl<'de> Visitor<'de> for Optional {
        type Value = Option<Text>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("option")
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            match d.deserialize_any(Shape::<false>)? {
                Some(text) => Ok(Some(text)),
                None => Err(D::Error::custom("data did not match any variant of untagged enum Either")),
            }
        }
    }
    d.deserialize_option(Optional)
}

/// Reads a rule file's decimal as `rust_decimal` does (a whole number, a decimal string,
/// or a float taken by the text `{}` writes for it), with the float's text written by
/// [`float_text`](crate::input::float_text): the browser module carries no float
/// formatter.
pub(crate) fn decimal<'de, D: serde::Deserializer<'de>>(d: D) -> Result<rust_decimal::Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

/// [`decimal`], optional.
pub(crate) fn optional_decimal<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<rust_decimal::Decimal>, D::Error> {
    struct Optional;
    impl<'de> serde::de::Visitor<'de> for Optional {
        type Value = Option<rust_decimal::Decimal>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("option")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            decimal(d).map(Some)
        }
    }
    d.deserialize_option(Optional)
}

struct DecimalVisitor;

impl serde::de::Visitor<'_> for DecimalVisitor {
    type Value = rust_decimal::Decimal;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a decimal number of at most 28 significant digits and 28 decimal places, below 10^28")
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    // TOML hands an integer past 64 bits over as one of 128.
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Self::Value, E> {
        wide(v, &self)
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Self::Value, E> {
        wide(v, &self)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        use std::str::FromStr;
        // A float token past 28 digits (`1e-30`) is refused from its text, which serde_json's
        // float reading need not keep to the last bit (`compile::numbers`).
        rust_decimal::Decimal::from_str(&crate::input::float_text(v))
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Float(v), &self))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        use std::str::FromStr;
        // rust_decimal rounds a text past 28 decimal places (`0.000…0001` becomes 0); the
        // engine's reader refuses it, as it refuses such a number in a submission.
        if beyond_28_digits(&v.replace('_', "")) {
            return Err(E::invalid_value(serde::de::Unexpected::Str(v), &self));
        }
        rust_decimal::Decimal::from_str(v)
            .or_else(|_| rust_decimal::Decimal::from_scientific(v))
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}

/// Whether number text is past what the engine keeps exactly (28 significant digits and 28
/// decimal places, below 10^28), as its reader of submissions finds it.
fn beyond_28_digits(text: &str) -> bool {
    crate::input::parse_number(text) == Err(crate::input::NumberError::OutOfRange)
}

/// An integer of 128 bits as the engine's reader takes it: within 28 digits.
fn wide<E: serde::de::Error>(v: impl std::fmt::Display, expected: &DecimalVisitor) -> Result<rust_decimal::Decimal, E> {
    let shown = v.to_string();
    crate::input::parse_number(&shown).map_err(|_| E::invalid_value(serde::de::Unexpected::Other(&shown), expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    /// The untagged enum `text_or_string` replaced, to compare with.
    fn untagged<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Text>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Both(Text),
            One(String),
        }
        Ok(Option::<Either>::deserialize(d)?.map(|e| match e {
            Either::Both(t) => t,
            Either::One(s) => Text::new(s.clone(), s),
        }))
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct New {
        #[serde(default, deserialize_with = "text_or_string")]
        note: Option<Text>,
        #[serde(default)]
        after: u8,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Old {
        #[serde(default, deserialize_with = "untagged")]
        note: Option<Text>,
        #[serde(default)]
        after: u8,
    }

    const VALUES: &[&str] = &[
        r#""甲""#,
        r#"{"zh": "甲", "en": "A"}"#,
        r#"{"en": "A", "zh": "甲"}"#,
        r#"["甲", "A"]"#,
        "null",
        "{}",
        r#"{"zh": "甲"}"#,
        r#"{"zh": "甲", "en": "A", "fr": "B"}"#,
        r#"{"zh": "甲", "en": 1.5}"#,
        r#"{"zh": "甲", "zh": "乙", "en": "A"}"#,
        r#"{"zh": "甲", "en": {"x": [1, 2]}}"#,
        r#"["甲"]"#,
        r#"["甲", "A", "B"]"#,
        r#"["甲", 2]"#,
        "[]",
        "12",
        "-3",
        "0.1",
        "true",
        r#"[{"zh": "甲", "en": "A"}, "A"]"#,
        r#"{"zh": "甲", "en": "A""#,
        r#"{"zh": "甲", "en": "A"} x"#,
    ];

    #[test]
    fn text_or_string_reads_json_as_the_untagged_enum_did() {
        for value in VALUES {
            for text in [format!(r#"{{"note": {value}, "after": 1}}"#), format!("{{\"note\":\n  {value}\n}}")] {
                let new = serde_json::from_str::<New>(&text).map(|n| (n.note, n.after)).map_err(|e| e.to_string());
                let old = serde_json::from_str::<Old>(&text).map(|o| (o.note, o.after)).map_err(|e| e.to_string());
                assert_eq!(new, old, "{text}");
            }
        }
        let ok = serde_json::from_str::<New>(r#"{"note": "甲"}"#).unwrap();
        assert_eq!(ok.note, Some(Text::new("甲", "甲")));
        assert!(serde_json::from_str::<New>(r#"{"note": 1}"#).is_err());
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct NewNumbers {
        #[serde(deserialize_with = "decimal")]
        one: rust_decimal::Decimal,
        #[serde(default, deserialize_with = "optional_decimal")]
        two: Option<rust_decimal::Decimal>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct OldNumbers {
        one: rust_decimal::Decimal,
        #[serde(default)]
        two: Option<rust_decimal::Decimal>,
    }

    const NUMBERS: &[&str] = &[
        "0.1",
        "5",
        "-3",
        "12.5",
        "-0.0",
        "0.30000000000000004",
        "1e-7",
        "1e-28",
        "1e-30",
        "1.5e-300",
        "1e28",
        "1e30",
        "1.5e300",
        "123456789.123456789",
        "79228162514264337593543950335",
        "79228162514264337593543950336",
        "18446744073709551615",
        "-9223372036854775808",
        "-9223372036854775809",
        r#""94.99""#,
        r#""1e3""#,
        r#""abc""#,
        "true",
        "[1]",
        "{}",
    ];

    /// Whether `new` reads a value as rust_decimal does (`old`), errors alike, except that a
    /// text or integer past the engine's 28 digits may be refused where rust_decimal rounds
    /// or keeps it, and an integer past 64 bits within them is read where rust_decimal
    /// refuses it (both checked in `a_text_or_integer_past_28_digits_is_refused`).
    fn read_alike<T: PartialEq + std::fmt::Debug, E>(new: Result<T, E>, old: Result<T, E>, value: &str, text: &str) {
        let (new, old) = (new.ok(), old.ok());
        let read = crate::input::parse_number(value.trim_matches('"'));
        let refused_beyond = new.is_none() && read == Err(crate::input::NumberError::OutOfRange);
        let wide_integer = old.is_none() && read.is_ok() && !value.contains(['.', 'e', '"']);
        if !refused_beyond && !wide_integer {
            assert_eq!(new, old, "{text}");
        }
    }

    #[test]
    fn a_text_or_integer_past_28_digits_is_refused() {
        let texts = [r#""0.00000000000000000000000000001""#, r#""1e28""#, r#""1_0.00000000000000000000000000001""#];
        for text in texts {
            let error = serde_json::from_str::<NewNumbers>(&format!(r#"{{"one": {text}}}"#)).unwrap_err().to_string();
            assert!(error.starts_with("invalid value: "), "{text}: {error}");
        }
        // TOML hands an integer past 64 bits over as one of 128 bits: read when within 28 digits.
        #[cfg(feature = "toml")]
        {
            let error = toml::from_str::<NewNumbers>("one = 10000000000000000000000000000").unwrap_err().to_string();
            assert!(error.contains("at most 28 significant digits"), "{error}");
            for digits in ["99999999999999999999", "-9223372036854775809", "9999999999999999999999999999"] {
                let read = toml::from_str::<NewNumbers>(&format!("one = {digits}")).unwrap().one;
                assert_eq!(read.to_string(), digits);
            }
        }
    }

    #[test]
    fn decimals_read_from_json_as_rust_decimal_reads_them() {
        for value in NUMBERS {
            for text in [format!(r#"{{"one": {value}, "two": {value}}}"#), format!(r#"{{"one": 1, "two": {value}}}"#)] {
                let new = serde_json::from_str::<NewNumbers>(&text).map(|n| (n.one, n.two));
                let old = serde_json::from_str::<OldNumbers>(&text).map(|o| (o.one, o.two));
                read_alike(new.as_ref(), old.as_ref(), value, &text);
                if let Ok((one, two)) = new {
                    assert_eq!((one.scale(), two.map(|t| t.scale())), (old_scales(&text)), "{text}");
                }
            }
        }
    }

    /// The scales rust_decimal gives (equal decimals may differ in scale: `12.50`).
    fn old_scales(text: &str) -> (u32, Option<u32>) {
        let old = serde_json::from_str::<OldNumbers>(text).unwrap();
        (old.one.scale(), old.two.map(|t| t.scale()))
    }

    #[cfg(feature = "toml")]
    #[test]
    fn decimals_read_from_toml_as_rust_decimal_reads_them() {
        let toml_only = ["inf", "-inf", "nan", "1979-05-27", "0x10", "1_000.5"];
        for value in NUMBERS.iter().chain(&toml_only) {
            for text in [format!("one = {value}\ntwo = {value}\n"), format!("one = 1\ntwo = {value}\n")] {
                let new = toml::from_str::<NewNumbers>(&text).map(|n| (n.one, n.two));
                let old = toml::from_str::<OldNumbers>(&text).map(|o| (o.one, o.two));
                read_alike(new, old, value, &text);
            }
        }
    }

    #[cfg(feature = "toml")]
    #[test]
    fn text_or_string_reads_toml_as_the_untagged_enum_did() {
        for value in [
            r#""甲""#,
            r#"{ zh = "甲", en = "A" }"#,
            r#"["甲", "A"]"#,
            r#"{ zh = "甲" }"#,
            r#"{ zh = "甲", en = "A", fr = "B" }"#,
            r#"{ zh = "甲", en = 1.5 }"#,
            r#"["甲", 2]"#,
            "12",
            "0.1",
            "true",
            "1979-05-27",
            "[]",
        ] {
            for text in [format!("note = {value}\nafter = 1\n"), format!("after = 1\nnote = {value}\n")] {
                let new = toml::from_str::<New>(&text).map(|n| (n.note, n.after)).map_err(|e| e.to_string());
                let old = toml::from_str::<Old>(&text).map(|o| (o.note, o.after)).map_err(|e| e.to_string());
                assert_eq!(new, old, "{text}");
            }
        }
    }
}
