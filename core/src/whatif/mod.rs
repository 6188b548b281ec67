//! What-if questions over the rules: the score bounds of a half-filled submission (every
//! completion of its missing fields) and advice on the fewest changes that reach a grade.
//!
//! Both answer from the rules themselves. Bounds are computed twice: a sound analysis of
//! every rule (never narrower than the truth, for any rule file) and a search for
//! completions scored by the engine itself, which attain what they claim; the answer is
//! `exact` when the search attains every end of the sound analysis.

mod advice_words;
mod advise;
mod alone;
mod arith;
mod around;
mod bounds;
mod candidates;
mod climb;
mod enumerate;
mod memo;
mod moves;
mod never;
pub use never::Unreachable;
mod reach;
mod record;
pub(crate) use record::Static;
mod scored;
mod search;
mod sound;
mod swing;
#[cfg(test)]
mod tests;
mod trim;

use crate::api::{canonical, Ruleset};
use crate::input::Input;
use crate::model::Text;
use crate::report::{Failure, RulesetRef};
use crate::Shared;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The answer to "what can this half-filled submission still score?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant, reason = "answers are made once and serialised")]
pub enum BoundsAnswer {
    /// The bounds over every completion of the missing fields.
    Bounds(Bounds),
    /// A present field is invalid; every error is listed.
    Failure(Failure),
}

/// Lowest and highest, as decimal strings; `null` where nothing bounds it (points per
/// item of an uncapped count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// Lowest reachable.
    pub min: Option<String>,
    /// Highest reachable.
    pub max: Option<String>,
}

impl Span {
    /// The range as every face writes it: `61.0–91.0`, one number when both ends are the
    /// same, 无下限 / 无上限 (no lower / upper limit) for an open end.
    pub fn text(&self) -> Text {
        let end = |e: &Option<String>, words: (&str, &str)| {
            e.as_ref().map_or_else(|| Text::new(words.0, words.1), |v| Text::new(v.clone(), v.clone()))
        };
        if let (Some(a), Some(b)) = (&self.min, &self.max) {
            if a == b {
                return Text::new(a.clone(), a.clone());
            }
        }
        let low = end(&self.min, ("无下限", "no lower limit"));
        let high = end(&self.max, ("无上限", "no upper limit"));
        Text::new(format!("{}–{}", low.zh, high.zh), format!("{}–{}", low.en, high.en))
    }
}

/// Whether something is settled by the fields filled so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Settled {
    /// Holds whatever the missing fields say.
    Yes,
    /// Does not hold whatever the missing fields say.
    No,
    /// Depends on missing fields.
    Open,
}

/// The reachable points of a criterion or bonus item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionBounds {
    /// Criterion id.
    pub id: String,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// Lowest and highest points (a criterion that does not apply has 0).
    pub points: Span,
    /// Most points of the criterion, when it has a maximum.
    pub max: Option<String>,
    /// Whether it applies (合理缺项 decided by a missing switch is `open`).
    pub applies: Settled,
    /// Missing fields it reads, as JSON pointers.
    pub open_fields: Vec<String>,
}

/// A gate or veto: decided, or open on missing fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckBounds {
    /// Gate or veto id.
    pub id: String,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// `yes`: the gate passes / the veto fires whatever is filled in; `no`: it fails / does
    /// not fire; `open`: it hangs on `open_fields`.
    pub holds: Settled,
    /// Missing fields it reads, as JSON pointers.
    pub open_fields: Vec<String>,
}

/// A missing field and how much it can still move the final score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpenField {
    /// JSON pointer.
    pub path: String,
    /// Form label in both languages.
    pub label: Shared<Text>,
    /// How far the final score can move from the best or the worst completion found when
    /// only the criteria that read this field change, each within its reachable points (the
    /// larger of the two): never less than this field alone can move it from there, more
    /// when those criteria read other missing fields too.
    pub swing: String,
    /// Whether filling it can still change the answer: it moves the final score (a swing
    /// above 0) or decides a gate or veto still open (which moves the grade or outcome, not
    /// the score). The fields a form asks for next are these, in this order.
    pub worth_asking: bool,
    /// Criteria, gates and vetoes that read it.
    pub affects: Vec<String>,
}

/// Score bounds of a half-filled submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Bounds {
    /// The ruleset that answered.
    pub ruleset: RulesetRef,
    /// Whether every bound below is attained by a completion the engine scored (else the
    /// bounds are sound, never narrower than the truth, but may be wider).
    pub exact: bool,
    /// How many fields the rules read are still missing (an optional field that only
    /// criteria which do not apply read is not).
    pub missing: usize,
    /// Lowest and highest final score.
    pub final_score: Span,
    /// Grade codes still reachable, best first.
    pub grades: Vec<String>,
    /// Outcome codes still reachable, in rule order.
    pub outcomes: Vec<String>,
    /// What the bounds say, in both languages: how many fields are missing, the range and
    /// grades still reachable, and whether the range may be wider than the truth.
    pub summary: Text,
    /// Each criterion then each bonus item, in rule order.
    pub criteria: Vec<CriterionBounds>,
    /// Each gate.
    pub gates: Vec<CheckBounds>,
    /// Each veto.
    pub vetoes: Vec<CheckBounds>,
    /// Missing fields the rules read, the ones that can move the final score most first.
    pub open_fields: Vec<OpenField>,
    /// A completion scoring the highest final score found: each missing field's value
    /// (`null`: left empty), by JSON pointer.
    pub highest: serde_json::Map<String, serde_json::Value>,
    /// A completion scoring the lowest final score found.
    pub lowest: serde_json::Map<String, serde_json::Value>,
}

/// The answer to "what must change to reach a grade or outcome?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant, reason = "answers are made once and serialised")]
pub enum AdviceAnswer {
    /// Advice.
    Advice(Advice),
    /// The submission is invalid or the target unknown; every error is listed.
    Failure(Failure),
}

/// One field changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// JSON pointer.
    pub path: String,
    /// Form label in both languages.
    pub label: Shared<Text>,
    /// Value now (`null` when missing): decimal string, boolean or enum code.
    pub from: serde_json::Value,
    /// Value proposed: for a threshold, the threshold itself to the field's precision; where
    /// points grow with the value, the value nearest the present one that still reaches the
    /// target.
    pub to: serde_json::Value,
    /// `from` as a form shows it: 是/否 (yes/no), an enum value's title, 未填写 (blank)
    /// for none, a number as written.
    pub from_text: Text,
    /// `to` as a form shows it.
    pub to_text: Text,
    /// The criterion (or veto, gate) the change lifts most.
    pub criterion: String,
    /// Its clause IDs.
    pub clause: Vec<String>,
    /// Points the change adds to that criterion on its own (`0` for a veto or gate).
    pub points: String,
}

/// A set of changes that reaches the target, checked by scoring the changed submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AdviceOption {
    /// The changes, in form order.
    pub changes: Vec<Change>,
    /// Final score after the changes.
    pub final_score: String,
    /// Grade after the changes.
    pub grade: String,
    /// Outcome after the changes.
    pub outcome: String,
}

/// A veto or gate in the way that no actionable field can change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Blocker {
    /// Veto or gate id.
    pub id: String,
    /// Title in both languages.
    pub title: Shared<Text>,
    /// The fields its condition reads, as JSON pointers.
    pub fields: Vec<String>,
}

/// Advice towards a target grade or outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Advice {
    /// The ruleset that answered.
    pub ruleset: RulesetRef,
    /// The target: a grade code or an outcome code.
    pub target: String,
    /// Final score now.
    pub final_score: String,
    /// Grade now.
    pub grade: String,
    /// Outcome now.
    pub outcome: String,
    /// Whether the submission already reaches the target.
    pub reached: bool,
    /// Whether changes to at most four actionable fields reach it (or it is reached).
    pub reachable: bool,
    /// The smallest sets of changes found: fewest fields first, then the smallest relative change.
    pub options: Vec<AdviceOption>,
    /// Vetoes and gates in the way that no actionable field changes.
    pub blocked_by: Vec<Blocker>,
    /// When the target is above the present result and out of reach: the best grade that is
    /// not, and how.
    pub best: Option<Box<Advice>>,
    /// What the advice says, in both languages.
    pub summary: Text,
}

/// A target advice can aim at: a grade or an outcome of the ruleset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    /// The code `advise` takes (`A`, `named`).
    pub code: String,
    /// `grade` or `outcome`.
    pub kind: String,
    /// Its name in both languages (优秀 / Excellent).
    pub label: Text,
}

/// How many options advice gives unless asked otherwise.
pub const DEFAULT_OPTIONS: usize = 3;

impl Ruleset {
    /// Score bounds of a submission whose fields may be missing: present fields are
    /// validated as always; the answer covers every completion of the missing ones.
    pub fn bounds(&self, submission: &Input) -> BoundsAnswer {
        match self.compiled().check_partial(submission) {
            Ok(values) => BoundsAnswer::Bounds(self.compiled().bounds_of(values)),
            Err((errors, more_errors)) => {
                BoundsAnswer::Failure(Failure { ruleset: self.compiled().ruleset_ref(), errors, more_errors })
            }
        }
    }

    /// JSON twin of [`Ruleset::bounds`]: JSON text in, canonical JSON out.
    pub fn bounds_json(&self, json: &str) -> String {
        canonical(&self.bounds_bytes(json.as_bytes()))
    }

    /// [`Ruleset::bounds`] of JSON bytes, read as [`Ruleset::score_bytes`] reads them.
    pub fn bounds_bytes(&self, json: &[u8]) -> BoundsAnswer {
        match self.compiled().read_submission(json) {
            Ok(input) => self.bounds(&input),
            Err(failure) => BoundsAnswer::Failure(failure),
        }
    }

    /// Advice: the fewest changes to actionable fields that reach `target` (a grade code
    /// or an outcome code, in any case, or its name in either language: `良好`, `Good`;
    /// `None`: the next grade up), at most `options` alternatives (at
    /// least one is looked for: 0 counts as 1, as it decides whether the target is reachable).
    pub fn advise(&self, submission: &Input, target: Option<&str>, options: usize) -> AdviceAnswer {
        let compiled = self.compiled();
        let failure = |errors, more_errors| Failure { ruleset: compiled.ruleset_ref(), errors, more_errors };
        match compiled.check_input(submission, Vec::new()) {
            Ok(valid) => match compiled.advise_valid(valid, target, options) {
                Ok(advice) => AdviceAnswer::Advice(advice),
                Err(error) => AdviceAnswer::Failure(failure(vec![*error], 0)),
            },
            Err((errors, more_errors)) => AdviceAnswer::Failure(failure(errors, more_errors)),
        }
    }

    /// The targets advice accepts: the grades, best first, then the outcomes, in rule order.
    pub fn targets(&self) -> Vec<Target> {
        let c = self.compiled();
        let grades =
            c.grades.iter().map(|g| Target { code: g.id.clone(), kind: "grade".into(), label: g.title.clone() });
        let outcomes = c.outcomes.iter().map(|o| Target {
            code: o.model.id.clone(),
            kind: "outcome".into(),
            label: o.model.title.clone(),
        });
        grades.chain(outcomes).collect()
    }

    /// JSON twin of [`Ruleset::advise`].
    pub fn advise_json(&self, json: &str, target: Option<&str>, options: usize) -> String {
        canonical(&self.advise_bytes(json.as_bytes(), target, options))
    }

    /// [`Ruleset::advise`] of JSON bytes, read as [`Ruleset::score_bytes`] reads them (text
    /// that is not UTF-8 fails with `invalid_utf8`).
    pub fn advise_bytes(&self, json: &[u8], target: Option<&str>, options: usize) -> AdviceAnswer {
        match self.compiled().read_submission(json) {
            Ok(input) => self.advise(&input, target, options),
            Err(failure) => AdviceAnswer::Failure(failure),
        }
    }
}
