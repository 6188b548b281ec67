//! The answer contract: what a scoring call returns, as plain serialisable data.
//!
//! A veto, a failed gate or a low grade is a successful answer; a failure is a
//! submission that could not be scored. Decimals are strings, collections are in rule
//! order, and nothing depends on time or hash order, so the canonical JSON of an answer
//! is the same byte for byte in Rust, Python, Node and the browser. Titles, labels, clause
//! IDs and bases are the compiled ruleset's, shared with every answer rather than copied into
//! each ([`Shared`]: borrowed from a bundled ruleset, counted for one read from a file).

use crate::model::{Basis, Text};
use crate::validate::FieldError;
use crate::{Figure, Sentence, Shared};
// The field-error kinds beside the answer that carries their errors: the only way to make
// a `FieldError`, so every face that reports one (a binding's own value errors) names them.
pub use crate::validate::{FieldCode, FieldErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The answer to "score this submission".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant, reason = "answers are made once and serialised; a box would only add a hop")]
pub enum Answer {
    /// The submission was scored.
    Success(Report),
    /// The submission could not be scored; every error is listed.
    Failure(Failure),
}

/// Which ruleset gave an answer, so it can be reproduced later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RulesetRef {
    // Shared with the ruleset, as every answer names it.
    /// Ruleset id.
    pub id: Shared<str>,
    /// Ruleset version.
    pub version: Shared<str>,
    /// `sha256:` digest of the ruleset's canonical form.
    pub digest: Shared<str>,
}

/// An invalid submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Failure {
    /// The ruleset the submission was checked against.
    pub ruleset: RulesetRef,
    /// The errors, sorted by path, at most 100.
    pub errors: Vec<FieldError>,
    /// How many more errors there were beyond those listed.
    pub more_errors: usize,
}

/// A scored submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The ruleset that scored it.
    pub ruleset: RulesetRef,
    /// The subject's identifying fields (zone name, town), in rule order.
    pub subject: Vec<SubjectField>,
    /// The assessment year, when the ruleset names a year field.
    pub year: Option<String>,
    /// The final score, rounded as the ruleset says (`84.0`).
    pub final_score: Figure,
    /// Grade code (`B`).
    pub grade: Shared<str>,
    /// Grade name in both languages.
    pub grade_label: Shared<Text>,
    /// Outcome code (`named`).
    pub outcome: Shared<str>,
    /// Outcome name in both languages.
    pub outcome_label: Shared<Text>,
    /// The outcome with what decided it, in one line: the gates that failed, else the vetoes
    /// that fired (`未通过考核验收（一票否决：V1 …）`), else the outcome's name alone.
    pub conclusion: Text,
    /// Sum of the points of applicable criteria.
    pub earned: Figure,
    /// Sum of the maxima of applicable criteria.
    pub applicable_max: Figure,
    /// Earned points normalised to the scale (equal to `earned` when nothing is left out).
    pub base: Figure,
    /// Bonus points before the cap.
    pub bonus: Figure,
    /// Bonus points counted, after the cap.
    pub bonus_counted: Figure,
    /// The final score before rounding.
    pub unrounded: Figure,
    /// How the final score comes about, in one line: `实得 88 + 加分 3 → 91.0`, or with criteria
    /// left out `实得 84.5（应得 103，折算 82.03…） + 加分 2 → 84.0`.
    pub breakdown: Text,
    /// Eligibility conditions.
    pub gates: Vec<GateResult>,
    /// Vetoes.
    pub vetoes: Vec<VetoResult>,
    /// Dimensions with their points.
    pub dimensions: Vec<DimensionResult>,
    /// Every criterion, in rule order.
    pub criteria: Vec<CriterionResult>,
    /// Bonus items, in rule order.
    pub bonus_items: Vec<CriterionResult>,
    /// Facts about the submission that earn nothing (a focus industry).
    pub notes: Vec<Notice>,
    /// Warnings that did not block scoring (a year outside the effective period).
    pub warnings: Vec<Notice>,
}

/// One identifying field of the subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubjectField {
    /// JSON pointer.
    pub path: String,
    /// Its value, as text.
    pub value: String,
}

/// An eligibility condition (资格条件), decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GateResult {
    /// Identifier.
    pub id: Shared<str>,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// Whether it passed; a gate whose fields are missing has not.
    pub passed: bool,
    /// Clause IDs.
    pub clause: Shared<Vec<String>>,
    /// Basis.
    pub basis: Shared<Basis>,
    /// Fields it needed that were missing, as JSON pointers.
    pub missing: Vec<String>,
    /// Why, in both languages.
    pub reason: Sentence,
}

/// A veto (一票否决), decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VetoResult {
    /// Identifier.
    pub id: Shared<str>,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// Whether it fired; a veto whose fields are missing has not.
    pub fired: bool,
    /// Clause IDs.
    pub clause: Shared<Vec<String>>,
    /// Basis.
    pub basis: Shared<Basis>,
    /// Fields it needed that were missing, as JSON pointers.
    pub missing: Vec<String>,
    /// Why, in both languages.
    pub reason: Sentence,
}

/// What a gate and a veto have in common, for a scorecard that lists both alike.
pub trait Check {
    /// Identifier.
    fn id(&self) -> &str;
    /// Title in both languages.
    fn title(&self) -> &Text;
    /// Clause IDs.
    fn clause(&self) -> &[String];
    /// Basis.
    fn basis(&self) -> &Basis;
    /// Fields it needed that were missing, as JSON pointers.
    fn missing(&self) -> &[String];
    /// Why, in both languages.
    fn reason(&self) -> &Sentence;
    /// Whether it went against the submission: a gate that did not pass, a veto that fired.
    fn against(&self) -> bool;
}

macro_rules! check_of {
    ($type:ty, |$c:ident| $against:expr) => {
        impl Check for $type {
            fn id(&self) -> &str {
                &self.id
            }
            fn title(&self) -> &Text {
                &self.title
            }
            fn clause(&self) -> &[String] {
                &self.clause
            }
            fn basis(&self) -> &Basis {
                &self.basis
            }
            fn missing(&self) -> &[String] {
                &self.missing
            }
            fn reason(&self) -> &Sentence {
                &self.reason
            }
            fn against(&self) -> bool {
                let $c = self;
                $against
            }
        }
    };
}
check_of!(GateResult, |gate| !gate.passed);
check_of!(VetoResult, |veto| veto.fired);

/// A dimension's total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DimensionResult {
    /// Identifier.
    pub id: Shared<str>,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// Points earned by its applicable criteria.
    pub points: Figure,
    /// Sum of the maxima of its applicable criteria.
    pub max: Figure,
}

/// How a criterion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Full points.
    Met,
    /// Some points.
    PartlyMet,
    /// No points, with all evidence given.
    NotMet,
    /// Short of full points, and some evidence it reads is missing (缺少证明材料).
    MissingEvidence,
    /// Not applicable (合理缺项): left out of the maximum.
    NotApplicable,
}

impl Status {
    /// The status in both languages, as the county's forms word it.
    pub fn label(self) -> Text {
        let (zh, en) = self.words();
        Text::new(zh, en)
    }

    /// [`Status::label`]'s words, in Chinese and English.
    pub(crate) fn words(self) -> (&'static str, &'static str) {
        match self {
            Self::Met => ("达标", "met"),
            Self::PartlyMet => ("部分达标", "partly met"),
            Self::NotMet => ("未达标", "not met"),
            Self::MissingEvidence => ("缺少证明材料", "missing evidence"),
            Self::NotApplicable => ("合理缺项", "not applicable"),
        }
    }
}

/// A criterion's result, with an explanation of every point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionResult {
    // The id, dimension, maximum and status label are the ruleset's, shared as the title is
    // (`Shared`; a bonus item's status label, 加3分, is worded once for the program unless
    // its points are unusual): fewer allocations an answer.
    /// Identifier.
    pub id: Shared<str>,
    /// Dimension id (`bonus` for bonus items).
    pub dimension: Shared<str>,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// Points earned.
    pub points: Figure,
    /// Most points (absent for uncapped bonus items).
    pub max: Option<Shared<str>>,
    /// Status.
    pub status: Status,
    /// Status in words (达标 / Met), the same in every front end.
    pub status_label: Shared<Text>,
    /// Whether it counts (false for a conditional criterion that does not apply).
    pub applicable: bool,
    /// Clause IDs.
    pub clause: Shared<Vec<String>>,
    /// Basis.
    pub basis: Shared<Basis>,
    /// Each part: what it read, computed and earned.
    pub parts: Vec<PartResult>,
    /// Fields it read that were missing, as JSON pointers.
    pub missing: Vec<String>,
    /// Why, in both languages.
    pub reason: Sentence,
}

/// What one part of a criterion read, computed and earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartResult {
    /// What the part checks.
    pub label: Shared<Text>,
    /// Whether its condition (`requires`) held, so that it counted.
    pub counted: bool,
    /// The value read or computed (`true`, `66.5`, a ratio), when there is one.
    pub value: Option<Figure>,
    /// The band reached, as its lower bound (`95`).
    pub band: Option<Figure>,
    /// Points earned by this part (before the criterion's cap).
    pub points: Figure,
    /// Why the value could not be computed: `missing`, `zero_denominator`, `overflow`.
    pub gap: Option<String>,
    /// Basis of this part when it differs from the criterion's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Shared<Basis>>,
    /// Explanation in both languages.
    pub reason: Sentence,
}

/// A note or warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Notice {
    /// Code (`year_outside_effective_period`, `percent_as_fraction`).
    pub code: String,
    /// JSON pointer of the field or group it is about, when it is about one.
    pub path: Option<String>,
    /// Message in both languages.
    pub message: Text,
}

impl Answer {
    /// The canonical JSON text of the answer: compact, fields in contract order, no trailing
    /// newline. Every runtime returns exactly these bytes.
    pub fn to_canonical_json(&self) -> String {
        crate::canonical(self)
    }

    /// The canonical JSON text with texts in `lang` only (`{"zh": …}` for [`crate::Lang::Zh`]).
    pub fn to_json(&self, lang: crate::Lang) -> String {
        crate::options::write_in(lang, || crate::canonical(self))
    }
}

impl Report {
    /// The first figure a report holds as a decimal that is not one (`"abc"`, `"NaN"`, `1e3`: an
    /// answer edited by hand), as its JSON pointer and text; `None` for every report the
    /// engine writes. A face that reads an answer back refuses such a one at once, rather
    /// than failing on first use.
    pub fn first_non_decimal(&self) -> Option<(String, String)> {
        let tops = [
            ("final_score", &self.final_score),
            ("earned", &self.earned),
            ("applicable_max", &self.applicable_max),
            ("base", &self.base),
            ("bonus", &self.bonus),
            ("bonus_counted", &self.bonus_counted),
            ("unrounded", &self.unrounded),
        ];
        let mut figures: Vec<(String, &str)> = tops.iter().map(|(k, f)| (format!("/{k}"), f.as_str())).collect();
        for (key, rows) in [("criteria", &self.criteria), ("bonus_items", &self.bonus_items)] {
            for (i, c) in rows.iter().enumerate() {
                figures.push((format!("/{key}/{i}/points"), &c.points));
                figures.extend(c.max.as_deref().map(|m| (format!("/{key}/{i}/max"), m)));
                for (j, p) in c.parts.iter().enumerate() {
                    figures.push((format!("/{key}/{i}/parts/{j}/points"), &p.points));
                    figures.extend(p.band.as_deref().map(|b| (format!("/{key}/{i}/parts/{j}/band"), b)));
                }
            }
        }
        for (i, d) in self.dimensions.iter().enumerate() {
            figures.push((format!("/dimensions/{i}/points"), &d.points));
            figures.push((format!("/dimensions/{i}/max"), &d.max));
        }
        let (at, text) = figures.into_iter().find(|(_, text)| !is_plain_decimal(text))?;
        Some((at, text.to_owned()))
    }
}

/// A decimal as the engine writes a figure: digits, a point and digits, a leading minus; of
/// any length (an exact quotient may hold more digits than a submission's number may).
fn is_plain_decimal(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = body.split_once('.').unwrap_or((body, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
    use crate::{Answer, Figure, Ruleset};

    #[test]
    fn a_figure_edited_by_hand_is_found_with_its_place() {
        let rules = Ruleset::bundled("zone-qualification").unwrap();
        let text = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
        let Answer::Success(mut report) = rules.score_bytes(text.as_bytes()) else { panic!("not scored") };
        assert_eq!(report.first_non_decimal(), None);
        // An exact quotient written in full is one, beyond a submission's 28 digits.
        report.base = Figure::from("79.126213592233009708737864078");
        assert_eq!(report.first_non_decimal(), None);
        report.criteria[0].parts[0].points = Figure::from("NaN");
        assert_eq!(report.first_non_decimal(), Some(("/criteria/0/parts/0/points".into(), "NaN".into())));
        report.earned = Figure::from("abc");
        assert_eq!(report.first_non_decimal(), Some(("/earned".into(), "abc".into())));
    }
}
