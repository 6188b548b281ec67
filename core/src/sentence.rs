//! `Sentence`: why an answer's part, criterion, gate or veto came out as it did, in both
//! languages, kept with the answer's other sentences in one string they share.

use crate::model::Text;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// "point" or "points" after a number of them in English: `1 point`, `0 points`, `4.5 points`.
pub(crate) fn points_en(points: Decimal) -> &'static str {
    if points == Decimal::ONE {
        "point"
    } else {
        "points"
    }
}

/// A sentence of an answer in Simplified Chinese and in English: [`Sentence::zh`] and
/// [`Sentence::en`], or both as a [`Text`] with [`Sentence::to_text`]. Its JSON is a
/// text's, `{"zh": …, "en": …}` (one member when an answer is written in one language).
///
/// The sentences of one answer share one string, so a sentence kept after its answer is
/// dropped keeps that string too.
///
/// ```
/// use zonescore::{model::Text, Sentence};
/// let sentence = Sentence::from(&Text::new("符合：有质量管理机构", "met: a quality office"));
/// assert_eq!((sentence.zh(), sentence.en()), ("符合：有质量管理机构", "met: a quality office"));
/// ```
#[derive(Clone)]
pub struct Sentence {
    // An answer holds some 70 sentences, and a criterion's sentence is its parts' joined:
    // one string for them all, each sentence a range of it, is some 70 allocations fewer to
    // make and to free and no part written twice (the batch row;
    // `docs/performance/issue-9-2026-12-01-to-04.md`, 2026-12-04 late night).
    // `None` only while the answer is being written (see `score::explain::Book`).
    text: Option<Arc<str>>,
    // Byte ranges of `text`. An answer's sentences are bounded by the rule file's and the
    // submission's size limits, far below 4 GiB.
    zh: [u32; 2],
    en: [u32; 2],
}

/// A byte offset as a [`Sentence`] keeps it.
pub(crate) fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Sentence {
    /// A sentence from its two halves.
    pub fn new(zh: &str, en: &str) -> Self {
        let text: Arc<str> = Arc::from([zh, en].concat());
        Self { text: Some(text), zh: [0, offset(zh.len())], en: [offset(zh.len()), offset(zh.len() + en.len())] }
    }

    /// A sentence of an answer being written: its ranges of the answer's Chinese and of its
    /// English, until [`Sentence::bind`] gives it the string they are in.
    pub(crate) fn pending(zh: [u32; 2], en: [u32; 2]) -> Self {
        Self { text: None, zh, en }
    }

    /// Gives a pending sentence its answer's string: the Chinese, then the English from
    /// `en_at` on.
    pub(crate) fn bind(&mut self, text: &Arc<str>, en_at: u32) {
        if self.text.is_none() {
            self.text = Some(Arc::clone(text));
            self.en = self.en.map(|at| at.saturating_add(en_at));
        }
    }

    fn range(&self, [from, to]: [u32; 2]) -> &str {
        let text = self.text.as_deref().unwrap_or_default();
        text.get(from as usize..to as usize).unwrap_or_default()
    }

    /// Simplified Chinese (zh-CN).
    pub fn zh(&self) -> &str {
        self.range(self.zh)
    }

    /// English.
    pub fn en(&self) -> &str {
        self.range(self.en)
    }

    /// Both languages as a [`Text`] of its own.
    pub fn to_text(&self) -> Text {
        Text::new(self.zh(), self.en())
    }

    /// Whether two sentences share one string, as the sentences of one answer do.
    #[cfg(test)]
    pub(crate) fn shares_with(&self, other: &Self) -> bool {
        matches!((&self.text, &other.text), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
    }
}

impl PartialEq for Sentence {
    fn eq(&self, other: &Self) -> bool {
        (self.zh(), self.en()) == (other.zh(), other.en())
    }
}

impl Eq for Sentence {}

impl Hash for Sentence {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.zh(), self.en()).hash(state);
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
    fn sentences_of_one_string_compare_and_hash_by_their_words() {
        use std::collections::hash_map::DefaultHasher;
        let text: Arc<str> = Arc::from("甲乙AB");
        let mut part = Sentence::pending([0, 3], [0, 1]);
        part.bind(&text, 6);
        let mut whole = Sentence::pending([0, 6], [0, 2]);
        whole.bind(&text, 6);
        assert_eq!((part.zh(), part.en(), whole.zh(), whole.en()), ("甲", "A", "甲乙", "AB"));
        assert!(part.shares_with(&whole));
        let alone = Sentence::new("甲", "A");
        assert!(part == alone && !part.shares_with(&alone));
        let hash = |s: &Sentence| {
            let mut h = DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&part), hash(&alone));
        assert_ne!(part, whole);
    }

    #[test]
    fn an_answers_sentences_share_one_string_and_a_criterions_holds_its_parts() {
        let rules = crate::Ruleset::bundled("zone-qualification").unwrap();
        let text = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
        let input =
            crate::input::parse_json(text.as_bytes(), crate::MAX_SUBMISSION_BYTES, crate::MAX_DEPTH).unwrap().value;
        let crate::Answer::Success(report) = rules.score(&input) else { panic!("the example scores") };
        let first = &report.gates[0].reason;
        let checks = report.gates.iter().map(|g| &g.reason).chain(report.vetoes.iter().map(|v| &v.reason));
        let criteria: Vec<_> = report.criteria.iter().chain(&report.bonus_items).collect();
        let parts = criteria.iter().flat_map(|c| c.parts.iter().map(|p| &p.reason));
        for sentence in checks.chain(criteria.iter().map(|c| &c.reason)).chain(parts) {
            assert!(sentence.shares_with(first) && !sentence.zh().is_empty() && !sentence.en().is_empty());
        }
        let with_parts = criteria.iter().filter(|c| c.parts.len() > 1);
        for c in with_parts {
            let (zh, en) = (c.parts.iter().map(|p| p.reason.zh()), c.parts.iter().map(|p| p.reason.en()));
            assert!(c.reason.zh().starts_with(&zh.collect::<Vec<_>>().join("；")), "{}", c.reason.zh());
            assert!(c.reason.en().starts_with(&en.collect::<Vec<_>>().join("; ")), "{}", c.reason.en());
        }
    }

    #[test]
    fn an_empty_half_stays_empty() {
        let sentence = Sentence::new("", "only English");
        assert_eq!((sentence.zh(), sentence.en()), ("", "only English"));
    }
}
