//! The rule-file model: what a TOML or JSON rule file says, before it is compiled.
//!
//! These types are the rule format. They derive `JsonSchema` so editors can complete
//! and check rule files (`rules/schema/ruleset.schema.json`), and reject unknown keys
//! so a typo in a rule file is an error, not a silently ignored rule. Each table says
//! `expecting = "a table (…)"`: serde would name the Rust type to whoever wrote `ruleset = "x"`
//! (`expected struct RulesetMeta`), and an attribute takes no constant.

mod fields;
mod scoring;
mod values;

pub(crate) use values::{decimal, optional_decimal, text_or_string};

pub use fields::{Constraint, ConstraintOp, EnumValue, FieldDecl, FieldType};
pub use scoring::{
    Band, Basis, BasisKind, Bonus, Criterion, Dimension, ForEachField, Gate, Grade, Outcome, Part, PartCommon,
    Pipeline, Rounding, RoundingMode, Term, Veto, WarningRule,
};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The rule-format version this build writes and reads natively. It is separate from
/// the crate version. Format 1 files keep loading: they are migrated as they are read
/// (see [`migrate`](crate::migrate)).
pub const FORMAT_VERSION: u32 = 2;

/// Schema of a decimal in a rule file: a number (`5`, `0.5`) or a decimal string (`"94.99"`).
pub(crate) struct DecimalSchema;

impl JsonSchema for DecimalSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A decimal: a number, or a string of digits for exact values (`\"94.99\"`)",
            "anyOf": [{"type": "number"}, {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}]
        })
    }
}

/// Schema of a text that a rule file may give in both languages or as one string for both.
pub(crate) struct TextOrStringSchema;

impl JsonSchema for TextOrStringSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TextOrString".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let text = generator.subschema_for::<Text>();
        schemars::json_schema!({
            "description": "A text in both languages (`{ zh = \"…\", en = \"…\" }`), or one string for both",
            "anyOf": [text, {"type": "string"}]
        })
    }
}

/// A text in both languages of the project: Simplified Chinese first, English second.
/// An answer written in one language carries only that side.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Simplified Chinese (zh-CN).
    pub zh: String,
    /// English.
    pub en: String,
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_text(&self.zh, &self.en, serializer)
    }
}

/// A text's two halves as a text is written: both, or the one language an answer asks for.
pub(crate) fn serialize_text<S: serde::Serializer>(zh: &str, en: &str, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let lang = crate::options::writing_lang();
    let (with_zh, with_en) = (lang != crate::Lang::En, lang != crate::Lang::Zh);
    let mut s = serializer.serialize_struct("Text", usize::from(with_zh) + usize::from(with_en))?;
    if with_zh {
        s.serialize_field("zh", zh)?;
    }
    if with_en {
        s.serialize_field("en", en)?;
    }
    s.end()
}

impl Text {
    /// A bilingual text from its two halves.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { zh: zh.into(), en: en.into() }
    }

    /// Whether the text is missing in a language: its Chinese or its English is empty.
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() || self.en.is_empty()
    }
}

/// A whole rule file, format 2. The order of the keys is the order a rule file reads in:
/// who the ruleset is, how the final score is made, then the rules as the published
/// table lists them, and last the submission form they read.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
#[schemars(title = "zonescore rule file")]
pub struct RuleFile {
    /// Version of the rule format: 2 (format 1 files are migrated as they are read).
    pub format_version: u32,
    /// Who the ruleset is, where it comes from and when it applies.
    pub ruleset: RulesetMeta,
    /// How earned points become the final score, and the grade a veto gives.
    pub pipeline: Pipeline,
    /// A goal over many reports, such as "3 or more zones named in 2011–2015" (§2.1),
    /// counted over the years of `ruleset.effective`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    /// Eligibility conditions (资格条件); a failed gate makes the submission ineligible.
    #[serde(default)]
    pub gates: Vec<Gate>,
    /// Dimensions (一级指标) and their criteria.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// Bonus items (加分项) and their common cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<Bonus>,
    /// Vetoes (一票否决).
    #[serde(default)]
    pub vetoes: Vec<Veto>,
    /// Grade table (等级), read top-down.
    #[serde(default)]
    pub grades: Vec<Grade>,
    /// Outcome rules, read top-down; the first whose condition holds is the outcome.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Facts shown in the report that earn nothing (a focus industry of §3.2).
    #[serde(default)]
    pub notes: Vec<WarningRule>,
    /// Warnings that never block scoring. A year outside `ruleset.effective` is warned
    /// of without one (`year_outside_effective_period`).
    #[serde(default)]
    pub warnings: Vec<WarningRule>,
    /// Titles of the groups fields are gathered in (`quality` → 质量水平), for forms.
    #[serde(default)]
    pub groups: Vec<GroupDecl>,
    /// The submission fields, by dotted path (`quality.spot_check_pass_rate_pct`).
    #[serde(default)]
    pub fields: Vec<FieldDecl>,
    /// Cross-field constraints such as `a <= b`, checked when both sides are valid.
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    /// Named intermediate values (ratios, growth rates) that criteria can read.
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// The source document's clauses: their own numbering, and why no rule scores those
    /// that none does. When given, every clause a rule cites must be one of them.
    #[serde(default)]
    pub clauses: Vec<ClauseDecl>,
}

/// A goal over many reports: at least `target` distinct subjects reach `outcome` in a
/// year of the ruleset's effective period.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Goal {
    /// Title in both languages.
    pub title: Text,
    /// Clause IDs.
    pub clause: Vec<String>,
    /// The outcome that counts (`named`).
    pub outcome: String,
    /// How many distinct subjects are needed.
    pub target: u32,
    /// What the county states, with `{year}`, `{count}` and `{target}` filled in:
    /// 截至{year}年累计{count}个示范区通过考核验收（目标{target}个以上）.
    #[serde(default)]
    pub statement: Option<Text>,
    /// Subjects whose names differ only by these suffixes (镇, 街道) or by spaces are
    /// flagged as probable duplicates; they still count as the rules say.
    #[serde(default)]
    pub similar_name_suffixes: Vec<String>,
}

/// A group of submission fields: the object at a dotted path that holds fields.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct GroupDecl {
    /// Dotted path of the group (`quality`, `quality.standards_led`).
    pub path: String,
    /// Title in both languages, a form's section heading.
    pub title: Text,
    /// What belongs in it, in both languages.
    #[serde(default)]
    pub help: Option<Text>,
}

/// Identity and provenance of a ruleset.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct RulesetMeta {
    /// Stable identifier, lowercase words joined by `-` (`zone-qualification`).
    pub id: String,
    /// Version of this ruleset's content (not of the engine).
    pub version: String,
    /// Title in both languages.
    pub title: Text,
    /// What it is for, in both languages.
    #[serde(default)]
    pub description: Option<Text>,
    /// The document the rules implement.
    pub source: SourceDocument,
    /// The period in which the rules apply.
    #[serde(default)]
    pub effective: Option<EffectivePeriod>,
    /// The field holding the submission's year, shown in reports and summaries.
    #[serde(default)]
    pub year_field: Option<String>,
    /// Fields that name the subject of a submission (zone and town), for reports and summaries.
    #[serde(default)]
    pub subject_fields: Vec<String>,
    /// Clause IDs the ruleset as a whole rests on (the annual assessment: §4.3).
    #[serde(default)]
    pub clause: Vec<String>,
}

/// A clause of the source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct ClauseDecl {
    /// Clause ID, as rules cite it (`§5.2.3`).
    pub id: String,
    /// The document's own numbering (`五（二）3`), shown beside the ID in Chinese output.
    pub number: String,
    /// What the clause is about, in a few words.
    #[serde(default)]
    pub title: Option<Text>,
    /// Why no rule scores this clause; absent when rules cite it.
    #[serde(default)]
    pub unscored: Option<Unscored>,
}

/// Why no rule scores a clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Unscored {
    /// The kind of reason.
    pub reason: UnscoredReason,
    /// The reason in both languages.
    pub note: Text,
}

/// The kinds of reason for leaving a clause unscored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnscoredReason {
    /// A principle or aim that no submission's figures can show (§1 guiding ideology).
    NotScorable,
    /// A duty of the county or one of its bureaus, not of the assessed town or zone.
    CountyDuty,
    /// Assessed by another programme (agricultural standardisation zones, for instance).
    OtherProgramme,
}

/// The published document a ruleset implements.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct SourceDocument {
    /// Document number, e.g. `永政办发〔2011〕83号`.
    pub document: String,
    /// Title in both languages.
    pub title: Text,
    /// Date of issue, `YYYY-MM-DD`.
    #[serde(default)]
    pub issued: Option<String>,
}

/// First and last day on which a ruleset applies, `YYYY-MM-DD`. With `ruleset.year_field`,
/// a submission whose year falls outside it gets the notice `year_outside_effective_period`,
/// and a goal counts the years from the first day's to the last day's.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct EffectivePeriod {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Clause IDs that set the period, cited by the notice of a year outside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clause: Vec<String>,
    /// Whether a year outside the period gets the notice `year_outside_effective_period`
    /// (`true`); a format 1 file that gave no such warning migrates with `false`.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub notice: bool,
}

fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_yes(b: &bool) -> bool {
    *b
}

/// A named value computed from fields, e.g. a ratio.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Derived {
    /// Name used in expressions (`agglomeration_pct`); no dots.
    pub id: String,
    /// Expression giving the value.
    pub value: String,
    /// What the value is, in both languages.
    pub title: Text,
    /// Unit of the value, if any.
    #[serde(default)]
    pub unit: Option<Text>,
}
