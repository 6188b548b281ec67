//! Replay: score the same submissions under old and new rules on the numbers-only path and
//! say whom the change moves: score deltas, grade and outcome transitions, criteria moved,
//! and submissions valid under one ruleset only.

use super::stored::{ProbeBase, ProbeBaseError, Stored};
use super::RuleItem;
use crate::api::Ruleset;
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
    /// Every grade of either ruleset, in the rules' order (the old rules', then grades only
    /// the new rules have): the axes of a transition matrix.
    pub grades: Vec<String>,
    /// Every submission, in input order.
    pub cases: Vec<ReplayCase>,
    /// Probes only: thresholds no probe could reach from the base submission.
    pub unreached: Vec<Unreached>,
}

impl ReplaySet {
    /// What the replay came to, in one sentence: how many changed, and in which way.
    pub fn tally(&self) -> Text {
        Text::new(
            format!(
                "共 {} 份：{} 份有变化（两份规则下均有效的：得分变化 {}，等级变化 {}，结果变化 {}；仅原规则下有效 {}，仅新规则下有效 {}，均无效 {}）。",
                self.count, self.changed, self.score_changed, self.grade_changed, self.outcome_changed,
                self.valid_in_old_only, self.valid_in_new_only, self.invalid_in_both
            ),
            format!(
                "{} in all: {} changed (valid under both: {} score, {} grade, {} outcome; valid under the old rules only {}, under the new only {}, under neither {}).",
                self.count, self.changed, self.score_changed, self.grade_changed, self.outcome_changed,
                self.valid_in_old_only, self.valid_in_new_only, self.invalid_in_both
            ),
        )
    }
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
    #[schemars(with = "Option<String>")]
    pub delta: Option<Decimal>,
    /// The criteria (and bonus items) whose points differ, in rule order.
    pub moved: Vec<Moved>,
    /// The gates whose passing and the vetoes whose firing differ (a new veto that fires, a
    /// gate that a changed threshold now fails), gates first, in rule order.
    #[serde(default)]
    pub checks: Vec<CheckMoved>,
    /// What moved besides criteria's points, in words, as a row of changed submissions lists
    /// it after them: the applicable maximum (`应得分 100→102`), then each of `checks`
    /// (`V4 触发否决`). Why a score or grade moved where no criterion did.
    #[serde(default)]
    pub also_moved: Vec<Text>,
    /// For a probe: the threshold it sits at.
    pub probe: Option<Probe>,
}

/// A submission's result under one ruleset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    /// Whether it could be scored.
    pub valid: bool,
    /// Final score, when valid.
    #[schemars(with = "Option<String>")]
    pub final_score: Option<Decimal>,
    /// Grade code, when valid.
    pub grade: Option<String>,
    /// Outcome code, when valid.
    pub outcome: Option<String>,
    /// The points the criteria that apply can give (应得分), when valid: where it moves, every
    /// normalised score moves with it.
    #[schemars(with = "Option<String>")]
    #[serde(default)]
    pub applicable_max: Option<Decimal>,
    /// The errors, when invalid (sorted by path, at most 100).
    pub errors: Vec<FieldError>,
    /// When invalid, the first error as one line (`/path: message`) and how many more
    /// there are: what a row of an overview shows.
    pub error: Option<Text>,
}

/// A criterion whose points differ; `null` where the criterion does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Moved {
    /// Criterion or bonus item id.
    pub criterion: String,
    /// Points under the old rules.
    #[schemars(with = "Option<String>")]
    pub old: Option<Decimal>,
    /// Points under the new rules.
    #[schemars(with = "Option<String>")]
    pub new: Option<Decimal>,
}

/// A gate or veto whose result differs between the rulesets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckMoved {
    /// Gate or veto id.
    pub id: String,
    /// `gate` or `veto`.
    pub kind: String,
    /// Under the old rules: whether the gate passed, or the veto fired; `null` when the old
    /// rules do not have it.
    pub old: Option<bool>,
    /// The same under the new rules.
    pub new: Option<bool>,
    /// What changed, in both languages: `V4 触发否决` (`V4 fires`), `G1 不符合` (`G1 fails`).
    pub said: Text,
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

/// Scores `submissions` (named by `sources`) under both rulesets on the numbers-only path,
/// and the boundary probes of both rulesets' thresholds built on `probes`' base.
pub fn replay(
    old: &Ruleset,
    new: &Ruleset,
    submissions: &[Stored],
    sources: &[String],
    probes: &ProbeBase,
) -> Result<Replay, ProbeBaseError> {
    let base = probes.choose(old, new, submissions)?;
    // A rule renamed and nothing else is the same rule under its new id.
    let changes = super::diff(old, new).changes;
    let renamed: Vec<(RuleItem, &str, &str)> =
        changes.iter().filter_map(|c| c.renamed().map(|(was, now)| (c.item, was, now))).collect();
    let of = |kinds: &[RuleItem]| -> Vec<(&str, &str)> {
        renamed.iter().filter(|(kind, ..)| kinds.contains(kind)).map(|(_, was, now)| (*was, *now)).collect()
    };
    let criteria = of(&[RuleItem::Criterion, RuleItem::BonusItem]);
    let ids = Ids {
        criteria: Matched::new(old.criterion_ids(), new.criterion_ids(), &criteria),
        gates: Matched::new(check_ids(old, false), check_ids(new, false), &of(&[RuleItem::Gate])),
        vetoes: Matched::new(check_ids(old, true), check_ids(new, true), &of(&[RuleItem::Veto])),
    };
    let probes = base.map(|base| {
        let (made, unreached) = super::probes::make(old, new, &base, &renamed);
        let (inputs, about): (Vec<Stored>, Vec<Probe>) = made.into_iter().map(|(i, p)| (Stored::Tree(i), p)).unzip();
        let names: Vec<String> = about.iter().map(|p| format!("{} {}={}", p.rule, p.field, p.value)).collect();
        let mut set = replay_set(old, new, &ids, &inputs, &names);
        for (case, probe) in set.cases.iter_mut().zip(about) {
            case.probe = Some(probe);
        }
        set.unreached = unreached;
        set
    });
    Ok(Replay {
        old: old.compiled().ruleset_ref(),
        new: new.compiled().ruleset_ref(),
        submissions: replay_set(old, new, &ids, submissions, sources),
        probes,
    })
}

fn replay_set(old: &Ruleset, new: &Ruleset, ids: &Ids<'_>, inputs: &[Stored], sources: &[String]) -> ReplaySet {
    // Numbers only, both rulesets and the comparison in one pass on every core.
    let compared = crate::parallel::map_on_every_core(inputs, |s| compare(ids, s.summary(old), s.summary(new)));
    let mut set = ReplaySet { count: inputs.len(), cases: Vec::with_capacity(inputs.len()), ..ReplaySet::default() };
    let mut deltas: BTreeMap<Decimal, usize> = BTreeMap::new();
    for (i, (mut case, delta)) in compared.into_iter().enumerate() {
        case.source = sources.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
        match (case.old.valid, case.new.valid, delta) {
            (true, true, Some(d)) => {
                *deltas.entry(d).or_default() += 1;
                set.score_changed += usize::from(!d.is_zero());
                set.grade_changed += usize::from(case.old.grade != case.new.grade);
                set.outcome_changed += usize::from(case.old.outcome != case.new.outcome);
            }
            (true, false, _) => set.valid_in_old_only += 1,
            (false, true, _) => set.valid_in_new_only += 1,
            _ => set.invalid_in_both += 1,
        }
        set.changed += usize::from(case.changed);
        set.cases.push(case);
    }
    type Pair<'a> = (Option<&'a str>, Option<&'a str>);
    let mut grades: BTreeMap<Pair<'_>, usize> = BTreeMap::new();
    let mut outcomes: BTreeMap<Pair<'_>, usize> = BTreeMap::new();
    for c in &set.cases {
        *grades.entry((c.old.grade.as_deref(), c.new.grade.as_deref())).or_default() += 1;
        *outcomes.entry((c.old.outcome.as_deref(), c.new.outcome.as_deref())).or_default() += 1;
    }
    let (old_grades, new_grades) = (grade_order(old), grade_order(new));
    let grade_transitions = transitions(grades, &old_grades, &new_grades);
    let outcome_transitions = transitions(outcomes, &outcome_order(old), &outcome_order(new));
    set.grade_transitions = grade_transitions;
    set.outcome_transitions = outcome_transitions;
    set.grades = old_grades.iter().chain(new_grades.iter().filter(|g| !old_grades.contains(g))).cloned().collect();
    set.deltas = deltas.into_iter().map(|(d, count)| ValueCount { value: d.to_string(), count }).collect();
    set
}

/// How the criteria (with the bonus items), the gates and the vetoes of both rulesets match.
struct Ids<'a> {
    criteria: Matched<'a>,
    gates: Matched<'a>,
    vetoes: Matched<'a>,
}

/// One kind of rule of both rulesets, and which old rule is which new one: the one with its
/// id, or with its new id when it was renamed and nothing else (`diff`'s renames).
struct Matched<'a> {
    old: Vec<&'a str>,
    new: Vec<&'a str>,
    /// Where each old rule sits among the new ones, found once for every submission.
    in_new: Vec<Option<usize>>,
    /// The new rules no old one is.
    only_new: Vec<usize>,
}

impl<'a> Matched<'a> {
    fn new(old: Vec<&'a str>, new: Vec<&'a str>, renamed: &[(&str, &str)]) -> Self {
        let now = |id: &'a str| match renamed.iter().find(|(was, _)| *was == id) {
            Some((_, now)) => Some(*now),
            // Another rule took its id (C8 renumbered C7 once C7 was gone): it has none.
            None if renamed.iter().any(|(_, now)| *now == id) => None,
            None => Some(id),
        };
        let in_new: Vec<Option<usize>> =
            old.iter().map(|id| now(id).and_then(|now| new.iter().position(|n| *n == now))).collect();
        let only_new = (0..new.len()).filter(|j| !in_new.contains(&Some(*j))).collect();
        Self { old, new, in_new, only_new }
    }

    /// Every rule once, as its id (the new one where both have it) and its place in the old
    /// rules and in the new: the old rules in order, then those only the new ones have.
    fn each(&self) -> impl Iterator<Item = (&'a str, Option<usize>, Option<usize>)> + '_ {
        let old = self.old.iter().zip(&self.in_new).enumerate().map(|(i, (id, j))| {
            let named = j.and_then(|j| self.new.get(j)).unwrap_or(id);
            (*named, Some(i), *j)
        });
        old.chain(self.only_new.iter().map(|&j| (self.new.get(j).copied().unwrap_or_default(), None, Some(j))))
    }
}

/// A ruleset's gate ids, or its veto ids, in rule order.
fn check_ids(r: &Ruleset, vetoes: bool) -> Vec<&str> {
    let c = r.compiled();
    (if vetoes { &c.vetoes } else { &c.gates }).iter().map(|g| &*g.id).collect()
}

/// The gates (or vetoes) whose result differs (one that only one ruleset has differs when it
/// fails or fires).
fn checks_moved(vetoes: bool, rules: &Matched<'_>, a: &[bool], b: &[bool], out: &mut Vec<CheckMoved>) {
    for (id, i, j) in rules.each() {
        let (x, y) = (i.and_then(|i| a.get(i).copied()), j.and_then(|j| b.get(j).copied()));
        // A rule that is not there neither fails (a gate) nor fires (a veto): a new veto that
        // does not fire changes nothing.
        let absent = !vetoes;
        if x.unwrap_or(absent) != y.unwrap_or(absent) {
            let kind = if vetoes { "veto" } else { "gate" };
            let said = super::replay_words::check_moved(id, !vetoes, y);
            out.push(CheckMoved { id: id.to_owned(), kind: kind.to_owned(), old: x, new: y, said });
        }
    }
}

type Summary = Result<ScoreSummary, crate::Failure>;

/// One submission under both rulesets (its source is filled in by the caller), and its
/// score delta when valid under both.
fn compare(ids: &Ids<'_>, a: Summary, b: Summary) -> (ReplayCase, Option<Decimal>) {
    let (mut moved, mut checks) = (Vec::new(), Vec::new());
    let (mut delta, mut changed) = (None, a.is_ok() != b.is_ok());
    if let (Ok(a), Ok(b)) = (&a, &b) {
        let point = |s: &ScoreSummary, j: Option<usize>| j.and_then(|j| s.points.get(j).copied());
        for (id, i, j) in ids.criteria.each() {
            let (x, y) = (point(a, i), point(b, j));
            if x != y {
                moved.push(Moved { criterion: id.to_owned(), old: x, new: y });
            }
        }
        checks_moved(false, &ids.gates, &a.gates, &b.gates, &mut checks);
        checks_moved(true, &ids.vetoes, &a.vetoes, &b.vetoes, &mut checks);
        delta = Some(b.final_score - a.final_score);
        changed = a.final_score != b.final_score
            || a.grade != b.grade
            || a.outcome != b.outcome
            || !moved.is_empty()
            || !checks.is_empty()
            || a.applicable_max != b.applicable_max;
    }
    let (old, new) = (side(a), side(b));
    let mut case =
        ReplayCase { source: String::new(), changed, old, new, delta, moved, checks, also_moved: vec![], probe: None };
    case.also_moved = case.words_for_also_moved();
    (case, delta)
}

fn side(r: Summary) -> Side {
    match r {
        Ok(s) => Side {
            valid: true,
            final_score: Some(s.final_score),
            applicable_max: Some(s.applicable_max.normalize()),
            grade: Some(s.grade),
            outcome: Some(s.outcome),
            errors: Vec::new(),
            error: None,
        },
        Err(f) => Side {
            valid: false,
            final_score: None,
            applicable_max: None,
            grade: None,
            outcome: None,
            error: Some(f.first_line()),
            errors: f.errors,
        },
    }
}

fn grade_order(r: &Ruleset) -> Vec<String> {
    r.compiled().grades.iter().map(|g| g.id.clone()).collect()
}

fn outcome_order(r: &Ruleset) -> Vec<String> {
    r.compiled().outcomes.iter().map(|o| o.model.id.clone()).collect()
}

/// Transitions in the rules' own order (grade A first), invalid last.
fn transitions(
    counts: BTreeMap<(Option<&str>, Option<&str>), usize>,
    from: &[String],
    to: &[String],
) -> Vec<Transition> {
    let rank = |order: &[String], v: &Option<String>| match v {
        Some(v) => order.iter().position(|o| o == v).unwrap_or(order.len()),
        None => order.len() + 1,
    };
    let own = |v: Option<&str>| v.map(str::to_owned);
    let mut list: Vec<Transition> =
        counts.into_iter().map(|((from, to), count)| Transition { from: own(from), to: own(to), count }).collect();
    list.sort_by_key(|t| (rank(from, &t.from), rank(to, &t.to)));
    list
}
