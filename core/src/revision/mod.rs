//! Rules change: what differs between two rulesets (`diff`), and whom it changes
//! (`replay` of stored submissions and of boundary probes made from the rules).

mod diff;
mod probes;
mod replay;
mod replay_words;
mod stored;
#[cfg(feature = "toml")]
mod tests_file;
mod words;

pub use replay::{
    replay, CheckMoved, Moved, Probe, Replay, ReplayCase, ReplaySet, Side, Transition, Unreached, ValueCount,
};
pub use stored::{ProbeBase, ProbeBaseError, Stored};
#[cfg(feature = "toml")]
pub use tests_file::{tests_from_replay, ReplayTests};

use crate::api::{canonical, Ruleset};
use crate::model::Text;
use crate::report::RulesetRef;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a rule change can change; changes are listed in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Points, the final score, the grade or the outcome (bands, points, conditions, the pipeline).
    Score,
    /// Which submissions are valid (field types, ranges, required fields, enum codes, constraints).
    Validity,
    /// Notes, warnings, subject and year fields, the goal: what a report says beside the score.
    Report,
    /// Titles, labels, help, units, clause citations, basis, version: never a number.
    Wording,
}

/// The kind of rule item a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleItem {
    /// The ruleset's identity and provenance (`[ruleset]`).
    Ruleset,
    /// A group of fields.
    Group,
    /// A submission field, by dotted path.
    Field,
    /// A cross-field constraint.
    Constraint,
    /// A derived value.
    Derived,
    /// An eligibility gate.
    Gate,
    /// A dimension (一级指标).
    Dimension,
    /// A criterion (二级指标).
    Criterion,
    /// The bonus section (its common cap).
    Bonus,
    /// A bonus item.
    BonusItem,
    /// A veto.
    Veto,
    /// A grade, the grade table's order, or the grade given when vetoed.
    Grade,
    /// An outcome rule.
    Outcome,
    /// A note.
    Note,
    /// A warning.
    Warning,
    /// The final-score pipeline.
    FinalScore,
    /// The goal over many reports.
    Goal,
    /// A clause of the source document's outline.
    Clause,
}

impl RuleItem {
    /// The key items of this kind are matched by: `path` for fields and groups, `id` for the rest.
    pub fn key(self) -> &'static str {
        match self {
            Self::Field | Self::Group => "path",
            _ => "id",
        }
    }

    /// What renaming an item of this kind can change: a field's path, which submissions are
    /// valid (they must use the new one); a grade's or outcome's id, the grade or outcome an
    /// answer gives; any other id, no number (an answer names the item by it).
    fn rename_impact(self) -> Impact {
        match self {
            Self::Field => Impact::Validity,
            Self::Grade | Self::Outcome => Impact::Score,
            _ => Impact::Wording,
        }
    }
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in the new rules.
    Added,
    /// Only in the old rules.
    Removed,
    /// In both, with another value.
    Changed,
}

/// One difference between two rule files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleChange {
    /// What it can change.
    pub impact: Impact,
    /// Added, removed or changed.
    pub change: Change,
    /// The kind of item.
    pub item: RuleItem,
    /// The item's id (a field's dotted path; `final_score`, `bonus` for sections); the new one
    /// for an item renamed.
    pub id: String,
    /// The item's title or label, for an item added or removed as a whole.
    pub title: Option<Text>,
    /// Which key changed, as a rule-file path inside the item (`max`, `parts[1].bands`,
    /// `values`, `order`; `id`, or `path` for a field, when the item was renamed with its
    /// content unchanged); absent when the whole item was added or removed.
    pub aspect: Option<String>,
    /// The key's name in both languages (第2部分分档 / part 2 bands).
    pub aspect_label: Option<Text>,
    /// The old value as the rule file has it (decimals as strings); absent when added.
    pub old: Option<serde_json::Value>,
    /// The new value; absent when removed.
    pub new: Option<serde_json::Value>,
    /// The old value as a memo shows it (`≥95得10分；≥90得8分`).
    pub old_text: Text,
    /// The new value as a memo shows it.
    pub new_text: Text,
    /// Clause IDs of the item, when it cites any.
    pub clause: Vec<String>,
    /// The change in one sentence.
    pub message: Text,
}

impl RuleChange {
    /// The old and the new id (a field's path) of an item renamed with its content unchanged;
    /// `None` for any other change. An item renamed and edited is removed and added instead.
    pub fn renamed(&self) -> Option<(&str, &str)> {
        // The ruleset's own id is one key of `[ruleset]` among others, not a listed item's.
        let listed = self.item != RuleItem::Ruleset;
        let rename = listed && self.change == Change::Changed && self.aspect.as_deref() == Some(self.item.key());
        match (&self.old, &self.new) {
            (Some(serde_json::Value::String(was)), Some(serde_json::Value::String(now))) if rename => Some((was, now)),
            _ => None,
        }
    }
}

/// How many changes of each impact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImpactCounts {
    /// Changes that can move a score, grade or outcome.
    pub score: usize,
    /// Changes to which submissions are valid.
    pub validity: usize,
    /// Changes to notes, warnings and the goal.
    pub report: usize,
    /// Wording changes.
    pub wording: usize,
}

/// The answer to "what changed between these two rulesets?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RulesetDiff {
    /// The old rules.
    pub old: RulesetRef,
    /// The new rules.
    pub new: RulesetRef,
    /// Whether nothing differs (a file written out differently, `95` for `95.0`, is the same).
    pub same: bool,
    /// How many changes of each impact.
    pub counts: ImpactCounts,
    /// Every change: those that can move a score first, then validity, report, wording;
    /// in rule-file order within each.
    pub changes: Vec<RuleChange>,
}

impl RulesetDiff {
    /// The changes of one impact.
    pub fn of(&self, impact: Impact) -> impl Iterator<Item = &RuleChange> {
        self.changes.iter().filter(move |c| c.impact == impact)
    }

    /// The diff in one sentence: no change (the very same file, or written differently),
    /// or how many changes of each impact.
    pub fn headline(&self) -> Text {
        if self.same && self.old.digest == self.new.digest {
            return Text::new("无修改：两份规则完全相同。", "No change: the two rulesets are the same.");
        }
        if self.same {
            return Text::new(
                "无修改：两份规则写法不同（如 95 与 95.0、键的顺序），内容相同。",
                "No change: the two files are written differently (95 and 95.0, key order) but say the same.",
            );
        }
        let (n, c) = (self.changes.len(), self.counts);
        Text::new(
            format!(
                "共 {n} 处修改：可能改变得分 {} 处，改变有效性 {} 处，改变报告提示 {} 处，文字修改 {} 处。",
                c.score, c.validity, c.report, c.wording
            ),
            format!(
                "{n} {}: {} can change scores, {} validity, {} reports, {} wording.",
                if n == 1 { "change" } else { "changes" },
                c.score,
                counted(c.validity, "changes", "change"),
                counted(c.report, "changes", "change"),
                counted(c.wording, "is", "are"),
            ),
        )
    }
}

/// `n` with the verb that agrees with it: `1 changes`, `2 change`.
fn counted(n: usize, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// Said of two rulesets that differ under one id and version: answers, reports and
/// scorecards name rules by id and version, so a revision needs a version of its own
/// (`diff` and `replay` say it in every face).
pub fn kept_version(old: &RulesetRef, new: &RulesetRef) -> Option<Text> {
    (old.id == new.id && old.version == new.version && old.digest != new.digest).then(|| {
        let (id, version) = (&new.id, &new.version);
        Text::new(
            format!("注意：两份规则内容不同，却都是 {id} {version}：请给修订版一个新的版本号，以免其评分与原规则的混淆"),
            format!("note: the two rulesets differ but are both {id} {version}: give the revision a version of its own, so that its scores are not taken for the old rules'"),
        )
    })
}

/// Compares two rulesets structurally.
pub fn diff(old: &Ruleset, new: &Ruleset) -> RulesetDiff {
    let mut changes = diff::compare(&old.compiled().model, &new.compiled().model);
    // A stable sort keeps rule-file order within each impact.
    changes.sort_by_key(|c| c.impact);
    let mut counts = ImpactCounts::default();
    for c in &changes {
        *match c.impact {
            Impact::Score => &mut counts.score,
            Impact::Validity => &mut counts.validity,
            Impact::Report => &mut counts.report,
            Impact::Wording => &mut counts.wording,
        } += 1;
    }
    RulesetDiff {
        old: old.compiled().ruleset_ref(),
        new: new.compiled().ruleset_ref(),
        same: changes.is_empty(),
        counts,
        changes,
    }
}

/// JSON twin of [`diff`]: the canonical JSON of a [`RulesetDiff`].
pub fn diff_json(old: &Ruleset, new: &Ruleset) -> String {
    canonical(&diff(old, new))
}
