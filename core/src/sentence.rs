//! `Sentence`: why an answer's part, criterion, gate or veto came out as it did, in both
//! languages, kept in one allocation.

use crate::model::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A sentence of an answer in Simplified Chinese and in English: [`Sentence::zh`] and
/// [`Sentence::en`], or both as a [`Text`] with [`Sentence::to_text`]. Its JSON is a
/// text's, `{"zh": …, "en": …}` (one member when an answer is written in one language).
///
/// ```
/// use zonescore::{model::Text, Sentence};
/// let sentence = Sentence::from(&Text::new("符合：有质量管理机构", "met: a quality office"));
/// assert_eq!((sentence.zh(), sentence.en()), ("符合：有质量管理机构", "met: a quality office"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Sentence {
    // The Chinese, then the English, in one string: an answer holds some 70 sentences, and
    // one allocation each rather than two is 70 fewer to make and to free (the batch row of
    // docs/performance.md).
    both: Box<str>,
    zh_len: usize,
}

impl Sentence {
    /// A sentence from its two halves.
    pub fn new(zh: &str, en: &str) -> Self {
        Self { both: [zh, en].concat().into_boxed_str(), zh_len: zh.len() }
    }

    /// Simplified Chinese (zh-CN).
    pub fn zh(&self) -> &str {
        self.both.get(..self.zh_len).unwrap_or_default()
    }

    /// English.
    pub fn en(&self) -> &str {
        self.both.get(self.zh_len..).unwrap_or_default()
    }

    /// Both languages as a [`Text`] of its own.
    pub fn to_text(&self) -> Text {
        Text::new(self.zh(), self.en())
    }
}

impl From<&Text> for Sentence {
    fn from(text: &Text) -> Self {
        Self::new(&text.zh, &text.en)
    }
}

impl From<Text> for Sentence {
    fn from(text: Text) -> Self {
        Self::from(&text)
    }
}

impl fmt::Debug for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sentence").field("zh", &self.zh()).field("en", &self.en()).finish()
    }
}

impl Serialize for Sentence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::model::serialize_text(self.zh(), self.en(), serializer)
    }
}

impl<'de> Deserialize<'de> for Sentence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Text::deserialize(deserializer).map(Self::from)
    }
}

// A text's schema, shared with every other text of the answer's schema.
impl JsonSchema for Sentence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Text::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        Text::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Text::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_and_writes_as_a_text() {
        let sentence = Sentence::new("否，不得分", "no, 0 points");
        assert_eq!(sentence.to_text(), Text::new("否，不得分", "no, 0 points"));
        let json = serde_json::to_string(&sentence).unwrap();
        assert_eq!(json, serde_json::to_string(&sentence.to_text()).unwrap());
        assert_eq!(serde_json::from_str::<Sentence>(&json).unwrap(), sentence);
        let written = crate::options::write_in(crate::Lang::En, || serde_json::to_string(&sentence).unwrap());
        assert_eq!(written, r#"{"en":"no, 0 points"}"#);
    }

    #[test]
    fn an_empty_half_stays_empty() {
        let sentence = Sentence::new("", "only English");
        assert_eq!((sentence.zh(), sentence.en()), ("", "only English"));
    }
}
