//! Replay: score the same submissions under old and new rules on the numbers-only path and
//! say whom the change moves: score deltas, grade and outcome transitions, criteria moved,
//! and submissions valid under one ruleset only.

use crate::api::Ruleset;
use crate::input::Input;
use crate::model::Text;
use crate::report::RulesetRef;
use crate::validate::FieldError;
use crate::ScoreSummary;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The answer to "whom does this rule change change?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Replay {
    /// The old rules.
    pub old: RulesetRef,
    /// The new rules.
    pub new: RulesetRef,
    /// The stored submissions, scored under both.
    pub submissions: ReplaySet,
    /// Boundary probes made from both rulesets' thresholds on a base submission, when asked for.
    pub probes: Option<ReplaySet>,
}

impl Replay {
    /// Whether any submission or probe scores, grades, qualifies or validates differently.
    pub fn any_change(&self) -> bool {
        self.submissions.changed > 0 || self.probes.as_ref().is_some_and(|p| p.changed > 0)
    }
}

/// A set of submissions replayed under both rulesets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReplaySet {
    /// How many submissions.
    pub count: usize,
    /// How many changed in any way: score, grade, outcome, validity or a criterion's points.
    pub changed: usize,
    /// How many changed final score (valid under both).
    pub score_changed: usize,
    /// How many changed grade (valid under both).
    pub grade_changed: usize,
    /// How many changed outcome (valid under both).
    pub outcome_changed: usize,
    /// How many are valid under the old rules only.
    pub valid_in_old_only: usize,
    /// How many are valid under the new rules only.
    pub valid_in_new_only: usize,
    /// How many are invalid under both.
    pub invalid_in_both: usize,
    /// The distribution of final-score deltas (new − old) over submissions valid under both,
    /// by exact delta, ascending; zero included.
    pub deltas: Vec<ValueCount>,
    /// Old grade → new grade, with counts, the unchanged pairs included; `null` is invalid.
    pub grade_transitions: Vec<Transition>,
    /// Old outcome → new outcome, with counts, the unchanged pairs included; `null` is invalid.
    pub outcome_transitions: Vec<Transition>,
    /// Every submission, in input order.
    pub cases: Vec<ReplayCase>,
    /// Probes only: thresholds no probe could reach from the base submission.
    pub unreached: Vec<Unreached>,
}

/// A threshold no probe reached: moving one field at a time from the base could not bring
/// its value (a grade edge, a derived value) across it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Unreached {
    /// The rule whose threshold it is.
    pub rule: String,
    /// Whose threshold: `old`, `new` or `both`.
    pub rules: String,
    /// The threshold in words.
    pub threshold: Text,
}

/// How many submissions have a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ValueCount {
    /// The value (an exact decimal).
    pub value: String,
    /// How many.
    pub count: usize,
}

/// How many submissions went from one grade (or outcome) to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Transition {
    /// Under the old rules; `null` when invalid there.
    pub from: Option<String>,
    /// Under the new rules; `null` when invalid there.
    pub to: Option<String>,
    /// How many.
    pub count: usize,
}

/// One submission under both rulesets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReplayCase {
    /// Where it came from (a file path, a row label), or what a probe tests.
    pub source: String,
    /// Whether anything differs.
    pub changed: bool,
    /// Under the old rules.
    pub old: Side,
    /// Under the new rules.
    pub new: Side,
    /// New final score − old, when valid under both.
    pub delta: Option<String>,
    /// The criteria (and bonus items) whose points differ, in rule order.
    pub moved: Vec<Moved>,
    /// For a probe: the threshold it sits at.
    pub probe: Option<Probe>,
}

/// A submission's result under one ruleset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    /// Whether it could be scored.
    pub valid: bool,
    /// Final score, when valid.
    pub final_score: Option<String>,
    /// Grade code, when valid.
    pub grade: Option<String>,
    /// Outcome code, when valid.
    pub outcome: Option<String>,
    /// The errors, when invalid (sorted by path, at most 100).
    pub errors: Vec<FieldError>,
}

/// A criterion whose points differ; `null` where the criterion does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Moved {
    /// Criterion or bonus item id.
    pub criterion: String,
    /// Points under the old rules.
    pub old: Option<String>,
    /// Points under the new rules.
    pub new: Option<String>,
}

/// Where a boundary probe sits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Probe {
    /// The rule whose threshold it tests (`C2`, `G1`, `V1`, a grade code).
    pub rule: String,
    /// Whose threshold: `old`, `new` or `both`.
    pub rules: String,
    /// The threshold in words (现场抽检合格率 ≥ 95).
    pub threshold: Text,
    /// Fields set first, as JSON pointer and JSON text, when one field alone could not
    /// bring the final score to a grade edge; empty otherwise.
    pub also: Vec<(String, String)>,
    /// The field changed, as a JSON pointer.
    pub field: String,
    /// Its value in the probe (JSON text).
    pub value: String,
    /// `below`, `at` or `above` the threshold; `other` for a flipped flag or another code.
    pub position: String,
}

/// Scores `submissions` (named by `sources`) under both rulesets, and, given a base
/// submission, the boundary probes of both rulesets' thresholds built on it.
pub fn replay(
    old: &Ruleset,
    new: &Ruleset,
    submissions: &[Input],
    sources: &[String],
    probe_base: Option<&Input>,
) -> Replay {
    let probes = probe_base.map(|base| {
        let (made, unreached) = super::probes::make(old, new, base);
        let (inputs, about): (Vec<Input>, Vec<Probe>) = made.into_iter().unzip();
        let names: Vec<String> = about.iter().map(|p| format!("{} {}={}", p.rule, p.field, p.value)).collect();
        let mut set = replay_set(old, new, &inputs, &names);
        for (case, probe) in set.cases.iter_mut().zip(about) {
            case.probe = Some(probe);
        }
        set.unreached = unreached;
        set
    });
    Replay {
        old: old.compiled().ruleset_ref(),
        new: new.compiled().ruleset_ref(),
        submissions: replay_set(old, new, submissions, sources),
        probes,
    }
}

fn replay_set(old: &Ruleset, new: &Ruleset, inputs: &[Input], sources: &[String]) -> ReplaySet {
    // Numbers only, on every core: replaying costs two summary passes and a comparison.
    let before = old.score_summary_batch(inputs);
    let after = new.score_summary_batch(inputs);
    let (old_ids, new_ids) = (old.criterion_ids(), new.criterion_ids());
    let mut set = ReplaySet { count: inputs.len(), ..ReplaySet::default() };
    let mut deltas: BTreeMap<Decimal, usize> = BTreeMap::new();
    let mut grades: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
    let mut outcomes: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
    for (i, (a, b)) in before.iter().zip(&after).enumerate() {
        let source = sources.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
        let moved = match (a, b) {
            (Ok(a), Ok(b)) => moved(&old_ids, a, &new_ids, b),
            _ => Vec::new(),
        };
        let delta = match (a, b) {
            (Ok(a), Ok(b)) => {
                let d = b.final_score - a.final_score;
                *deltas.entry(d).or_default() += 1;
                set.score_changed += usize::from(!d.is_zero());
                set.grade_changed += usize::from(a.grade != b.grade);
                set.outcome_changed += usize::from(a.outcome != b.outcome);
                Some(d.to_string())
            }
            (Ok(_), Err(_)) => {
                set.valid_in_old_only += 1;
                None
            }
            (Err(_), Ok(_)) => {
                set.valid_in_new_only += 1;
                None
            }
            (Err(_), Err(_)) => {
                set.invalid_in_both += 1;
                None
            }
        };
        let (old_side, new_side) = (side(a), side(b));
        *grades.entry((old_side.grade.clone(), new_side.grade.clone())).or_default() += 1;
        *outcomes.entry((old_side.outcome.clone(), new_side.outcome.clone())).or_default() += 1;
        let changed = old_side.valid != new_side.valid
            || old_side.final_score != new_side.final_score
            || old_side.grade != new_side.grade
            || old_side.outcome != new_side.outcome
            || !moved.is_empty();
        set.changed += usize::from(changed);
        set.cases.push(ReplayCase { source, changed, old: old_side, new: new_side, delta, moved, probe: None });
    }
    set.deltas = deltas.into_iter().map(|(d, count)| ValueCount { value: d.to_string(), count }).collect();
    set.grade_transitions = transitions(grades, &grade_order(old), &grade_order(new));
    set.outcome_transitions = transitions(outcomes, &outcome_order(old), &outcome_order(new));
    set
}

fn side(r: &Result<ScoreSummary, crate::Failure>) -> Side {
    match r {
        Ok(s) => Side {
            valid: true,
            final_score: Some(s.final_score.to_string()),
            grade: Some(s.grade.clone()),
            outcome: Some(s.outcome.clone()),
            errors: Vec::new(),
        },
        Err(f) => Side { valid: false, final_score: None, grade: None, outcome: None, errors: f.errors.clone() },
    }
}

/// The criteria whose points differ, matched by id: the old rules' order, then new ids.
fn moved(old_ids: &[&str], a: &ScoreSummary, new_ids: &[&str], b: &ScoreSummary) -> Vec<Moved> {
    let points = |ids: &[&str], s: &ScoreSummary, id: &str| {
        ids.iter().position(|i| *i == id).and_then(|p| s.points.get(p).copied())
    };
    let all = old_ids.iter().chain(new_ids.iter().filter(|id| !old_ids.contains(id)));
    all.filter_map(|id| {
        let (x, y) = (points(old_ids, a, id), points(new_ids, b, id));
        (x != y).then(|| Moved {
            criterion: (*id).to_owned(),
            old: x.map(|d| d.to_string()),
            new: y.map(|d| d.to_string()),
        })
    })
    .collect()
}

fn grade_order(r: &Ruleset) -> Vec<String> {
    r.compiled().grades.iter().map(|g| g.id.clone()).collect()
}

fn outcome_order(r: &Ruleset) -> Vec<String> {
    r.compiled().outcomes.iter().map(|o| o.model.id.clone()).collect()
}

/// Transitions in the rules' own order (grade A first), invalid last.
fn transitions(
    counts: BTreeMap<(Option<String>, Option<String>), usize>,
    from: &[String],
    to: &[String],
) -> Vec<Transition> {
    let rank = |order: &[String], v: &Option<String>| match v {
        Some(v) => order.iter().position(|o| o == v).unwrap_or(order.len()),
        None => order.len() + 1,
    };
    let mut list: Vec<Transition> =
        counts.into_iter().map(|((from, to), count)| Transition { from, to, count }).collect();
    list.sort_by_key(|t| (rank(from, &t.from), rank(to, &t.to)));
    list
}
