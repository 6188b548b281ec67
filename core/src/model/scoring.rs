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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
    pub applies_when: Option<String>,
    /// What counts and how, in both languages.
    #[serde(default)]
    pub help: Option<Text>,
    /// The parts; independent of each other unless one `requires` a condition.
    pub parts: Vec<Part>,
}

/// How a part earns points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// `points` when `when` holds.
    Flag,
    /// The points of the first band whose `at_least` the `value` reaches.
    Bands,
    /// The sum of `weight × value` over `terms`, capped at `cap`.
    Weighted,
}

/// One band of a band table: `value ≥ at_least` earns `points`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Numeric expression, usually a count field.
    pub value: String,
    /// Points per unit.
    #[schemars(with = "super::DecimalSchema")]
    #[serde(deserialize_with = "super::decimal")]
    pub weight: Decimal,
}

/// A part of a criterion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// How the part earns points.
    pub kind: PartKind,
    /// What the part checks, in both languages; defaults to the label of the field it reads.
    #[serde(default)]
    pub label: Option<Text>,
    /// The part counts only when this holds ("and if …").
    #[serde(default)]
    pub requires: Option<String>,
    /// What the report says when `requires` does not hold, as the condition itself
    /// (全国市场占有率已达10%以上，不按省内排名计分); without it, a generic sentence.
    #[serde(default)]
    pub otherwise: Option<Text>,
    /// Condition (flag).
    #[serde(default)]
    pub when: Option<String>,
    /// Points (flag).
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub points: Option<Decimal>,
    /// Numeric expression (bands).
    #[serde(default)]
    pub value: Option<String>,
    /// Band table, highest first (bands).
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Terms (weighted).
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Most points of the part (weighted).
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub cap: Option<Decimal>,
    /// Basis of this part's numbers when it differs from the criterion's.
    #[serde(default)]
    pub basis: Option<Basis>,
}

/// An eligibility condition (资格条件).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Veto {
    /// Identifier (`V1`).
    pub id: String,
    /// Title in both languages.
    pub title: Text,
    /// Condition that fires the veto; a missing value does not fire it.
    pub fires_when: String,
    /// Clause IDs.
    pub clause: Vec<String>,
    /// Basis.
    pub basis: Basis,
}

/// Bonus items (加分项) and their common cap.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// Grade code (`A`).
    pub id: String,
    /// Name in both languages (优秀 / Excellent).
    pub label: Text,
    /// Inclusive lower bound of the rounded final score; the last row has none.
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub min: Option<Decimal>,
}

/// One outcome rule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Outcome code (`named`).
    pub id: String,
    /// Name in both languages.
    pub label: Text,
    /// Condition over `result.final_score`, `result.grade`, `result.gate_failed` and
    /// `result.veto_fired`; the last outcome may omit it (otherwise).
    #[serde(default)]
    pub when: Option<String>,
}

/// A note or warning shown in the report when its condition holds; never blocks scoring.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    /// Rounding mode.
    pub mode: RoundingMode,
}

/// The final-score pipeline: normalise, add bonus, clamp, round.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}
