//! Scoring building blocks of the rule format: criteria and their parts, gates,
//! vetoes, bonus, grades, outcomes, warnings and the final-score pipeline.

use super::Text;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BasisKind {
    /// Taken from a published document, named in `source`.
    Sourced,
    /// A choice of the ruleset's authors in the style of published documents.
    Set,
}

/// The basis of a rule: sourced (with its source) or set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Basis {
    /// Sourced or set.
    pub kind: BasisKind,
    /// The published source (`GB47`, `WZ2014`), required when sourced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Which numbers the basis covers, when it covers only some, in both languages; a plain
    /// string in a rule file stands for both.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::text_or_string")]
    #[schemars(with = "Option<super::TextOrStringSchema>")]
    pub note: Option<Text>,
}

/// A dimension (一级指标) grouping criteria.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Dimension {
    /// Identifier (`A`).
    pub id: String,
    /// Title in both languages.
    pub title: Text,
    /// The criteria (二级指标) of the dimension.
    pub criteria: Vec<Criterion>,
}

/// A criterion: parts whose points add up, capped at `max`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Criterion {
    /// Identifier, unique in the ruleset (`A1`).
    pub id: String,
    /// Title in both languages.
    pub title: Text,
    /// Most points the criterion can earn (分值); required except for bonus items.
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub max: Option<Decimal>,
    /// Clause IDs of the source document (`§5.2.3`).
    pub clause: Vec<String>,
    /// Basis of the criterion's numbers.
    pub basis: Basis,
    /// A conditional criterion (合理缺项) applies only when this holds; a missing
    /// value counts as not applying.
    #[serde(default)]
    pub when: Option<String>,
    /// What counts and how, in both languages.
    #[serde(default)]
    pub help: Option<Text>,
    /// The parts; independent of each other unless one counts only `when` a condition holds.
    pub parts: Vec<Part>,
}

/// One band of a band table: `value ≥ at_least` earns `points`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Band {
    /// Inclusive lower bound.
    #[schemars(with = "super::DecimalSchema")]
    #[serde(deserialize_with = "super::decimal")]
    pub at_least: Decimal,
    /// Points earned.
    #[schemars(with = "super::DecimalSchema")]
    #[serde(deserialize_with = "super::decimal")]
    pub points: Decimal,
}

/// One term of a weighted count: `weight × value`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Term {
    /// Numeric expression, usually a count field.
    pub value: String,
    /// Points per unit.
    #[schemars(with = "super::DecimalSchema")]
    #[serde(deserialize_with = "super::decimal")]
    pub weight: Decimal,
}

/// A part of a criterion. `kind` decides how it earns points and which keys it takes;
/// every kind takes `title`, `when`, `otherwise` and `basis`.
// Read through `PartKeys` rather than as serde's internally tagged enum, which buffers
// every part and reads it twice: code the browser module would carry.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Part {
    /// `points` when the condition `value` holds.
    Flag {
        /// What the part checks, in both languages; defaults to the title of the field it reads.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<Text>,
        /// The part counts only when this holds ("and if …").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<String>,
        /// What the report says when `when` does not hold, as the condition itself
        /// (全国市场占有率已达10%以上，不按省内排名计分); without it, a generic sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        otherwise: Option<Text>,
        /// Basis of this part's numbers when it differs from the criterion's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
        /// Condition that earns the points.
        value: String,
        /// Points earned.
        #[schemars(with = "super::DecimalSchema")]
        #[serde(deserialize_with = "super::decimal")]
        points: Decimal,
    },
    /// The points of the first band whose `at_least` the number `value` reaches.
    Bands {
        /// What the part checks, in both languages; defaults to the title of the field it reads.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<Text>,
        /// The part counts only when this holds ("and if …").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<String>,
        /// What the report says when `when` does not hold, as the condition itself
        /// (全国市场占有率已达10%以上，不按省内排名计分); without it, a generic sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        otherwise: Option<Text>,
        /// Basis of this part's numbers when it differs from the criterion's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
        /// Numeric expression.
        value: String,
        /// Band table, highest first.
        bands: Vec<Band>,
    },
    /// The sum of `weight × value` over `terms`, capped at `cap`.
    Weighted {
        /// What the part checks, in both languages; defaults to the title of the field it reads.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<Text>,
        /// The part counts only when this holds ("and if …").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<String>,
        /// What the report says when `when` does not hold, as the condition itself
        /// (全国市场占有率已达10%以上，不按省内排名计分); without it, a generic sentence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        otherwise: Option<Text>,
        /// Basis of this part's numbers when it differs from the criterion's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        basis: Option<Basis>,
        /// Terms.
        terms: Vec<Term>,
        /// Most points of the part.
        #[serde(deserialize_with = "super::optional_decimal", default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "Option<super::DecimalSchema>")]
        cap: Option<Decimal>,
    },
}

/// Every key a part may have, read in one pass; [`Part`] checks them against the kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
struct PartKeys {
    kind: PartKind,
    #[serde(default)]
    title: Option<Text>,
    #[serde(default)]
    when: Option<String>,
    #[serde(default)]
    otherwise: Option<Text>,
    #[serde(default)]
    basis: Option<Basis>,
    #[serde(default)]
    value: Option<String>,
    #[serde(deserialize_with = "super::optional_decimal", default)]
    points: Option<Decimal>,
    #[serde(default)]
    bands: Option<Vec<Band>>,
    #[serde(default)]
    terms: Option<Vec<Term>>,
    #[serde(deserialize_with = "super::optional_decimal", default)]
    cap: Option<Decimal>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum PartKind {
    Flag,
    Bands,
    Weighted,
}

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let k = PartKeys::deserialize(d)?;
        let (kind, allowed): (&str, &[&str]) = match k.kind {
            PartKind::Flag => ("flag", &["value", "points"]),
            PartKind::Bands => ("bands", &["value", "bands"]),
            PartKind::Weighted => ("weighted", &["terms", "cap"]),
        };
        let given = [
            ("value", k.value.is_some()),
            ("points", k.points.is_some()),
            ("bands", k.bands.is_some()),
            ("terms", k.terms.is_some()),
            ("cap", k.cap.is_some()),
        ];
        if let Some((key, _)) = given.iter().find(|(key, has)| *has && !allowed.contains(key)) {
            return Err(D::Error::custom(format_args!(
                "unknown field `{key}` in a {kind} part, expected one of `title`, `when`, `otherwise`, `basis`, `{}`",
                allowed.join("`, `")
            )));
        }
        let missing = |key: &str| D::Error::custom(format_args!("missing field `{key}` in a {kind} part"));
        let (title, when, otherwise, basis) = (k.title, k.when, k.otherwise, k.basis);
        Ok(match k.kind {
            PartKind::Flag => Self::Flag {
                title,
                when,
                otherwise,
                basis,
                value: k.value.ok_or_else(|| missing("value"))?,
                points: k.points.ok_or_else(|| missing("points"))?,
            },
            PartKind::Bands => Self::Bands {
                title,
                when,
                otherwise,
                basis,
                value: k.value.ok_or_else(|| missing("value"))?,
                bands: k.bands.ok_or_else(|| missing("bands"))?,
            },
            PartKind::Weighted => Self::Weighted {
                title,
                when,
                otherwise,
                basis,
                terms: k.terms.ok_or_else(|| missing("terms"))?,
                cap: k.cap,
            },
        })
    }
}

/// The keys every kind of part takes.
#[derive(Debug, Clone, Copy)]
pub struct PartCommon<'a> {
    /// What the part checks.
    pub title: Option<&'a Text>,
    /// The condition for the part to count.
    pub when: Option<&'a String>,
    /// What the report says when `when` does not hold.
    pub otherwise: Option<&'a Text>,
    /// Basis of this part's numbers when it differs from the criterion's.
    pub basis: Option<&'a Basis>,
}

impl Part {
    /// The keys every kind of part takes.
    pub fn common(&self) -> PartCommon<'_> {
        match self {
            Self::Flag { title, when, otherwise, basis, .. }
            | Self::Bands { title, when, otherwise, basis, .. }
            | Self::Weighted { title, when, otherwise, basis, .. } => PartCommon {
                title: title.as_ref(),
                when: when.as_ref(),
                otherwise: otherwise.as_ref(),
                basis: basis.as_ref(),
            },
        }
    }

    /// The kind's name, as written in a rule file.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Flag { .. } => "flag",
            Self::Bands { .. } => "bands",
            Self::Weighted { .. } => "weighted",
        }
    }
}

/// An eligibility condition (资格条件).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Gate {
    /// Identifier (`G1`).
    pub id: String,
    /// Title in both languages.
    pub title: Text,
    /// Condition that must hold; a missing value fails the gate.
    pub when: String,
    /// Clause IDs.
    pub clause: Vec<String>,
    /// Basis.
    pub basis: Basis,
}

/// A veto (一票否决).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Veto {
    /// Identifier (`V1`).
    pub id: String,
    /// Title in both languages.
    pub title: Text,
    /// Condition that fires the veto; a missing value does not fire it.
    pub when: String,
    /// Clause IDs.
    pub clause: Vec<String>,
    /// Basis.
    pub basis: Basis,
}

/// Bonus items (加分项) and their common cap.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Bonus {
    /// Most bonus points counted in all.
    #[schemars(with = "super::DecimalSchema")]
    #[serde(deserialize_with = "super::decimal")]
    pub cap: Decimal,
    /// The bonus items, written like criteria (`max` optional).
    pub items: Vec<Criterion>,
}

/// One row of the grade table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Grade {
    /// Grade code (`A`).
    pub id: String,
    /// Name in both languages (优秀 / Excellent).
    pub title: Text,
    /// Inclusive lower bound of the rounded final score; the last row has none.
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub min: Option<Decimal>,
}

/// One outcome rule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Outcome {
    /// Outcome code (`named`).
    pub id: String,
    /// Name in both languages.
    pub title: Text,
    /// Condition over `result.final_score`, `result.grade`, `result.gate_failed` and
    /// `result.veto_fired`; the last outcome has none (otherwise), so that every submission
    /// gets one.
    #[serde(default)]
    pub when: Option<String>,
}

/// A note or warning shown in the report when its condition holds; never blocks scoring.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct WarningRule {
    /// Warning code (`year_outside_effective_period`).
    pub id: String,
    /// Condition raising the warning; a missing value raises nothing.
    pub when: String,
    /// Message in both languages; with `for_each`, `{label}` and `{value}` name the field.
    pub message: Text,
    /// One notice per field of a type (`{ type = "percent" }`): in `when`, the name
    /// `value` is that field, and the notice points at it.
    #[serde(default)]
    pub for_each: Option<ForEachField>,
    /// The field or group the notice is about (dotted), shown as a JSON pointer.
    #[serde(default)]
    pub path: Option<String>,
    /// Clause IDs the notice rests on.
    #[serde(default)]
    pub clause: Vec<String>,
}

/// The fields a notice is checked for, one by one.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct ForEachField {
    /// Every field of this type.
    #[serde(rename = "type")]
    pub field_type: super::FieldType,
    /// But these (dotted paths).
    #[serde(default)]
    pub except: Vec<String>,
}

/// Rounding modes of the final score, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: halves go away from zero (84.05 → 84.1).
    HalfAwayFromZero,
    /// Banker's rounding: halves go to the even digit (84.05 → 84.0).
    HalfEven,
    /// Cut off the extra digits (84.09 → 84.0).
    TowardZero,
}

/// How and where the final score is rounded.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    /// Rounding mode.
    pub mode: RoundingMode,
}

/// The final-score pipeline: normalise, add bonus, clamp, round; and the grade a veto gives.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Pipeline {
    /// When true, base = earned × `scale` ÷ applicable max; otherwise base = earned.
    #[serde(default)]
    pub normalise: bool,
    /// The scale normalisation maps the applicable maximum to (100).
    #[serde(deserialize_with = "super::decimal", default = "hundred")]
    #[schemars(with = "super::DecimalSchema")]
    pub scale: Decimal,
    /// Upper clamp of base + bonus (100).
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub max: Option<Decimal>,
    /// Rounding applied once, at the end.
    pub rounding: Rounding,
    /// The grade given whatever the score when a veto fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto_grade: Option<String>,
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}
