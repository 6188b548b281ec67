//! Submission field declarations and cross-field constraints of the rule format.

use super::Text;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The type of a submission field. Each type fixes the JSON it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A string of 1 to `max_length` (default 100) Unicode characters.
    Text,
    /// `true` or `false`.
    Bool,
    /// A whole number (`2014`, `2014.0` and `2.014e3` are the same).
    Integer,
    /// A decimal number.
    Decimal,
    /// A decimal number from 0 to 100.
    Percent,
    /// A decimal amount of money, 0 or more.
    Amount,
    /// A whole number, 0 or more.
    Count,
    /// One of the declared `values` codes, as a string.
    Enum,
}

impl FieldType {
    /// Whether values of this type are numbers in expressions.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Decimal | Self::Percent | Self::Amount | Self::Count)
    }

    /// Whether values of this type must be whole numbers.
    pub fn is_whole(self) -> bool {
        matches!(self, Self::Integer | Self::Count)
    }

    /// Every type, in declaration order.
    pub const ALL: [Self; 8] =
        [Self::Text, Self::Bool, Self::Integer, Self::Decimal, Self::Percent, Self::Amount, Self::Count, Self::Enum];

    /// What a Chinese form calls values of this type (是/否, 百分数), where English uses
    /// [`FieldType::name`].
    pub fn word_zh(self) -> &'static str {
        match self {
            Self::Text => "文本",
            Self::Bool => "是/否",
            Self::Integer => "整数",
            Self::Decimal => "数值",
            Self::Percent => "百分数",
            Self::Amount => "金额",
            Self::Count => "个数",
            Self::Enum => "选项",
        }
    }

    /// The name used in rule files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Bool => "bool",
            Self::Integer => "integer",
            Self::Decimal => "decimal",
            Self::Percent => "percent",
            Self::Amount => "amount",
            Self::Count => "count",
            Self::Enum => "enum",
        }
    }
}

/// One allowed value of an enum field.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct EnumValue {
    /// The code written in submissions (`valves`).
    pub code: String,
    /// What it means, in both languages (阀门 / Valves).
    pub title: Text,
}

/// A submission field.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct FieldDecl {
    /// Dotted path of the field in the submission (`quality.above_scale_firms`).
    pub path: String,
    /// The field's type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// Form label in both languages.
    pub title: Text,
    /// Help text in both languages: what to enter and where it comes from.
    #[serde(default)]
    pub help: Option<Text>,
    /// Unit in both languages (万元 / 10k CNY).
    #[serde(default)]
    pub unit: Option<Text>,
    /// Whether the submission is invalid without it.
    #[serde(default)]
    pub required: bool,
    /// Smallest allowed value (numbers). Percent, amount and count imply 0.
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub min: Option<Decimal>,
    /// Largest allowed value (numbers). Percent implies 100.
    #[serde(deserialize_with = "super::optional_decimal", default)]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub max: Option<Decimal>,
    /// Largest text length in Unicode characters (text); default 100.
    #[serde(default)]
    pub max_length: Option<u32>,
    /// Allowed codes (enum).
    #[serde(default)]
    pub values: Vec<EnumValue>,
    /// Value used when the field is missing or `null` (flags that switch a criterion on).
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// Whether advice may propose changing it: something the zone can act on. Numbers and
    /// flags are by default; text, enums, the year and the subject's identity are not. A
    /// fact the zone cannot undo (an incident that happened) sets `actionable = false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actionable: Option<bool>,
    /// The smallest change that counts (numbers): thresholds on derived values are solved
    /// for the field to this precision. Whole numbers imply 1; other numbers 0.01.
    #[serde(deserialize_with = "super::optional_decimal", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<super::DecimalSchema>")]
    pub step: Option<Decimal>,
}

/// A comparison between two fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintOp {
    /// `left ≤ right`.
    Le,
    /// `left < right`.
    Lt,
    /// `left ≥ right`.
    Ge,
    /// `left > right`.
    Gt,
}

impl ConstraintOp {
    /// The mathematical sign, for messages.
    pub fn sign(self) -> &'static str {
        match self {
            Self::Le => "≤",
            Self::Lt => "<",
            Self::Ge => "≥",
            Self::Gt => ">",
        }
    }
}

/// A cross-field constraint, checked only when both sides are present and valid,
/// and reported at the field on the left.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a table (`{ … }`)")]
pub struct Constraint {
    /// Identifier (`output_within_town`).
    pub id: String,
    /// A comparison of two fields by dotted path with `<=`, `<`, `>=` or `>`
    /// (`industry.export_value <= industry.output_value`); errors are reported at the left one.
    pub when: String,
}
