//! The shorter answers: `numbers` (what was decided) and `reasons` (with every part's machine
//! reason), made straight from the evaluation without writing a sentence.
//!
//! They carry ids, not the ruleset's texts: titles, clauses and basis are looked up in the
//! ruleset by id, so a table of many answers does not repeat them.

use crate::report::{Failure, RulesetRef, Status, SubjectField};
use crate::Detail;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

/// The answer to "score this submission" at `numbers` or `reasons` detail.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant, reason = "answers are made once and serialised; a box would only add a hop")]
pub enum BriefAnswer {
    /// The submission was scored.
    Success(Brief),
    /// The submission could not be scored; every error is listed.
    Failure(Failure),
}

/// A scored submission without sentences.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Brief {
    /// `numbers` or `reasons`.
    pub detail: Detail,
    /// The ruleset that scored it.
    pub ruleset: RulesetRef,
    /// The subject's identifying fields (zone name, town), in rule order.
    pub subject: Vec<SubjectField>,
    /// The assessment year, when the ruleset names a year field.
    pub year: Option<String>,
    /// The final score, rounded as the ruleset says.
    pub final_score: String,
    /// Grade code.
    pub grade: String,
    /// Outcome code.
    pub outcome: String,
    /// Sum of the points of applicable criteria.
    pub earned: String,
    /// Sum of the maxima of applicable criteria.
    pub applicable_max: String,
    /// Earned points normalised to the scale.
    pub base: String,
    /// Bonus points before the cap.
    pub bonus: String,
    /// Bonus points counted, after the cap.
    pub bonus_counted: String,
    /// The final score before rounding.
    pub unrounded: String,
    /// Eligibility conditions.
    pub gates: Vec<BriefGate>,
    /// Vetoes.
    pub vetoes: Vec<BriefVeto>,
    /// Dimensions with their points.
    pub dimensions: Vec<BriefDimension>,
    /// Every criterion, in rule order.
    pub criteria: Vec<BriefCriterion>,
    /// Bonus items, in rule order.
    pub bonus_items: Vec<BriefCriterion>,
    /// Codes of the notes (facts that earn nothing).
    pub notes: Vec<BriefNotice>,
    /// Codes of the warnings that did not block scoring.
    pub warnings: Vec<BriefNotice>,
}

/// A gate, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BriefGate {
    /// Identifier.
    pub id: String,
    /// Whether it passed; a gate whose fields are missing has not.
    pub passed: bool,
    /// Fields it needed that were missing, as JSON pointers.
    pub missing: Vec<String>,
}

/// A veto, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BriefVeto {
    /// Identifier.
    pub id: String,
    /// Whether it fired; a veto whose fields are missing has not.
    pub fired: bool,
    /// Fields it needed that were missing, as JSON pointers.
    pub missing: Vec<String>,
}

/// A dimension's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BriefDimension {
    /// Identifier.
    pub id: String,
    /// Points earned by its applicable criteria.
    pub points: String,
    /// Sum of the maxima of its applicable criteria.
    pub max: String,
}

/// How a criterion did.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BriefCriterion {
    /// Identifier.
    pub id: String,
    /// Dimension id (`bonus` for bonus items).
    pub dimension: String,
    /// Points earned.
    pub points: String,
    /// Most points (absent for uncapped bonus items).
    pub max: Option<String>,
    /// Status.
    pub status: Status,
    /// Whether it counts (false for a conditional criterion that does not apply).
    pub applicable: bool,
    /// Fields it read that were missing, as JSON pointers.
    pub missing: Vec<String>,
    /// `reasons` detail: each part, with its machine reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<BriefPart>>,
}

/// What one part read, computed and earned, and why, as a code.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BriefPart {
    /// Whether its condition held, so that it counted.
    pub counted: bool,
    /// The value read or computed, when there is one.
    pub value: Option<String>,
    /// The band reached, as its lower bound.
    pub band: Option<String>,
    /// Points earned by this part (before the criterion's cap).
    pub points: String,
    /// Why the value could not be computed: `missing`, `zero_denominator`, `overflow`.
    pub gap: Option<String>,
    /// Why it earned what it did.
    pub reason: Reason,
}

/// A machine reason: a stable code and what a sentence would say with it.
///
/// Codes: `not_counted` (its condition does not hold); `yes`, `no` (a flag); `band`
/// (a band reached), `below_lowest` (params `lowest`), `no_band`; `weighted` (params `terms`:
/// each `{value, weight}` or `{gap, weight}`, and `capped_at` when the cap was hit);
/// `missing`, `zero_denominator`, `overflow` (no value).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reason {
    /// Stable snake_case code.
    pub code: &'static str,
    /// Its details.
    pub params: Map<String, Value>,
}

/// A note or warning, by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BriefNotice {
    /// Code (`year_outside_effective_period`).
    pub code: String,
    /// JSON pointer of the field or group it is about, when it is about one.
    pub path: Option<String>,
}
