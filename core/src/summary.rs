//! Goals over many reports: which subjects reached an outcome in which year (§2.1).

use crate::api::Ruleset;
use crate::model::Text;
use crate::report::{Report, RulesetRef};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A subject that reached the goal's outcome, from its first such year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NamedZone {
    /// The subject's identifying values (zone name, town).
    pub subject: Vec<String>,
    /// First year it reached the outcome.
    pub first_year: i64,
    /// Final score in that year.
    pub final_score: String,
}

/// One report in the table of subjects × years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SummaryRow {
    /// The subject's identifying values.
    pub subject: Vec<String>,
    /// Assessment year.
    pub year: Option<i64>,
    /// Final score.
    pub final_score: String,
    /// Grade.
    pub grade: String,
    /// Outcome.
    pub outcome: String,
}

/// Whether a goal such as "3 or more zones named in 2011–2015" is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GoalSummary {
    /// The ruleset whose goal this is.
    pub ruleset: RulesetRef,
    /// The goal's title.
    pub title: Text,
    /// Clause IDs.
    pub clause: Vec<String>,
    /// How many distinct subjects are needed.
    pub target: u32,
    /// Whether the goal is met.
    pub met: bool,
    /// The year the target-th subject reached the outcome, when the goal is met.
    pub met_in_year: Option<i64>,
    /// Subjects that count, by first year, then by name.
    pub named: Vec<NamedZone>,
    /// Every report given, by subject then year.
    pub rows: Vec<SummaryRow>,
}

/// Summarises reports against the ruleset's goal; reports of other rulesets are ignored.
/// Returns `None` when the ruleset has no goal.
pub fn summarize(ruleset: &Ruleset, reports: &[Report]) -> Option<GoalSummary> {
    let compiled = ruleset.compiled();
    let goal = compiled.goal.as_ref()?;
    let mine: Vec<&Report> = reports.iter().filter(|r| r.ruleset.id == ruleset.id()).collect();
    let year_of = |r: &Report| r.year.as_deref().and_then(|y| y.parse::<i64>().ok());
    let mut first: BTreeMap<Vec<String>, (i64, String)> = BTreeMap::new();
    for r in &mine {
        let Some(year) = year_of(r) else { continue };
        if r.outcome != goal.outcome || year < goal.from_year || year > goal.to_year {
            continue;
        }
        let subject: Vec<String> = r.subject.iter().map(|s| s.value.clone()).collect();
        let entry = first.entry(subject).or_insert((year, r.final_score.clone()));
        if year < entry.0 {
            *entry = (year, r.final_score.clone());
        }
    }
    let mut named: Vec<NamedZone> = first
        .into_iter()
        .map(|(subject, (first_year, final_score))| NamedZone { subject, first_year, final_score })
        .collect();
    named.sort_by(|a, b| (a.first_year, &a.subject).cmp(&(b.first_year, &b.subject)));
    let target = usize::try_from(goal.target).unwrap_or(usize::MAX);
    let met_in_year = if target == 0 { Some(goal.from_year) } else { named.get(target - 1).map(|z| z.first_year) };
    let mut rows: Vec<SummaryRow> = mine
        .iter()
        .map(|r| SummaryRow {
            subject: r.subject.iter().map(|s| s.value.clone()).collect(),
            year: year_of(r),
            final_score: r.final_score.clone(),
            grade: r.grade.clone(),
            outcome: r.outcome.clone(),
        })
        .collect();
    rows.sort_by(|a, b| (&a.subject, a.year, &a.outcome).cmp(&(&b.subject, b.year, &b.outcome)));
    Some(GoalSummary {
        ruleset: compiled.ruleset_ref(),
        title: goal.title.clone(),
        clause: goal.clause.clone(),
        target: goal.target,
        met: met_in_year.is_some(),
        met_in_year,
        named,
        rows,
    })
}
