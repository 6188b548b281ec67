//! Which submissions count towards a ruleset's goal over many reports (§2.1: 3 or more
//! zones named): the valid ones written for the ruleset. Invalid submissions, and those
//! whose shape names another bundled ruleset, count for nothing and are listed as skipped
//! with the reason. Shared by `zonescore summary`, Python's `goal_summary` and ruleset goal
//! tests.

use super::choose::{Chosen, Submission};
use crate::api::Ruleset;
use crate::model::Text;
use crate::report::{Answer, Report};
use crate::summary::{summarize, GoalSummary};
use schemars::JsonSchema;
use serde::Serialize;

/// A submission that counts for nothing, and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Skipped {
    /// Where it came from (a file name).
    pub source: String,
    /// `other_ruleset`, or the code of its first field error.
    pub code: String,
    /// JSON pointer of the first error (empty for the whole submission).
    pub path: String,
    /// Why, in both languages: the first error's message, and how many more there are.
    pub message: Text,
}

/// Why [`GoalMembers::summary`] gives no summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalRefusal {
    /// No submission counts: none was given, or each one was written for another ruleset or
    /// is invalid.
    NothingToSumUp(Text),
    /// The ruleset sets no goal over many reports.
    NoGoal(Text),
}

impl GoalRefusal {
    /// Stable code: `nothing_to_sum_up` or `no_goal`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NothingToSumUp(_) => "nothing_to_sum_up",
            Self::NoGoal(_) => "no_goal",
        }
    }

    /// Why, in both languages.
    pub fn message(&self) -> &Text {
        match self {
            Self::NothingToSumUp(why) | Self::NoGoal(why) => why,
        }
    }
}

/// The submissions of a goal, sorted into those that count and those skipped.
#[derive(Debug, Clone, Default)]
pub struct GoalMembers {
    /// Reports of the submissions that count, in the order added.
    pub reports: Vec<Report>,
    /// Where each report came from, in the same order.
    pub sources: Vec<String>,
    /// The submissions that count for nothing, in the order added.
    pub skipped: Vec<Skipped>,
}

impl GoalMembers {
    /// Scores the JSON bytes of one submission from `source` with `ruleset` and files it.
    /// With `others_apart`, a submission whose shape names another bundled ruleset (an
    /// annual assessment beside zone applications) is skipped rather than failed: what a
    /// run does when the user named no ruleset.
    pub fn add(&mut self, ruleset: &Ruleset, others_apart: bool, source: String, json: &[u8]) {
        self.add_submission(ruleset, others_apart, source, Submission::Json(json));
    }

    /// Files a submission as a face hands it over (JSON text, or a host's object read into a
    /// tree), as [`GoalMembers::add`] files JSON text.
    pub fn add_submission(
        &mut self,
        ruleset: &Ruleset,
        others_apart: bool,
        source: String,
        submission: Submission<'_>,
    ) {
        let given = (!others_apart).then_some(ruleset);
        // Only a named ruleset that is unknown fails, and the ruleset is given or bundled.
        let Ok(mut chosen) = Chosen::new(given, submission) else {
            return;
        };
        // The detected bundled ruleset has the caller's id; an edited copy of it under the
        // same id scores with its own rules.
        if chosen.ruleset.id() == ruleset.id() && chosen.ruleset.digest() != ruleset.digest() {
            let Ok(own) = Chosen::new(Some(ruleset), submission) else {
                return;
            };
            chosen = own;
        }
        self.file(ruleset, chosen.ruleset.id(), source, || chosen.answer());
    }

    /// Scores the filled rows of a workbook's sheets, as [`crate::xlsx::read_sheets`] read
    /// them from `file`, with `ruleset`, and files each as `file!sheet!row`. Sheets read
    /// without a ruleset name the bundled one their paths row is written for, and a row of
    /// another ruleset's sheet is skipped as [`GoalMembers::add`] skips a file of it; sheets
    /// read for `ruleset` name none, and their rows are its submissions.
    #[cfg(feature = "xlsx")]
    pub fn add_sheets(&mut self, ruleset: &Ruleset, file: &str, sheets: &[crate::xlsx::Sheet]) {
        for sheet in sheets {
            let written_for = sheet.ruleset.map_or(ruleset.id(), |id| id);
            for row in &sheet.rows {
                self.file(ruleset, written_for, row.name(file), || row.score(ruleset));
            }
        }
    }

    /// Files an answer made already (a host's list of reports and errors): a report of
    /// another ruleset is skipped as [`GoalMembers::add`] skips a file of it, a failure is
    /// skipped with its first error, a report of `ruleset` counts.
    pub fn add_answer(&mut self, ruleset: &Ruleset, source: String, answer: &Answer) {
        let written_for = match answer {
            Answer::Success(report) => &report.ruleset.id,
            Answer::Failure(failure) => &failure.ruleset.id,
        };
        self.file(ruleset, written_for, source, || answer.clone());
    }

    /// The goal of `ruleset` over the reports that count, or why none is given: a ruleset
    /// that sets no goal (checked first: whatever was given, there is nothing to sum it up
    /// to), or nothing to sum up.
    pub fn summary(&self, ruleset: &Ruleset) -> Result<GoalSummary, GoalRefusal> {
        if ruleset.compiled().goal.is_none() {
            return Err(GoalRefusal::NoGoal(GoalSummary::no_goal(ruleset.id())));
        }
        if let Some(why) = self.nothing_to_sum_up(ruleset.id()) {
            return Err(GoalRefusal::NothingToSumUp(why));
        }
        summarize(ruleset, &self.reports).ok_or_else(|| GoalRefusal::NoGoal(GoalSummary::no_goal(ruleset.id())))
    }

    /// The canonical JSON of `summary` with these members, as `zonescore summary --format
    /// json` prints it (without its newline): `{"summary", "sources", "skipped"}`, `sources`
    /// naming each report summed up in the order `summary.repeated[].reports` numbers them.
    pub fn summary_json(&self, summary: &GoalSummary) -> String {
        #[derive(Serialize)]
        struct Summed<'a> {
            summary: &'a GoalSummary,
            sources: &'a [String],
            skipped: &'a [Skipped],
        }
        crate::canonical(&Summed { summary, sources: &self.sources, skipped: &self.skipped })
    }

    /// Why there is nothing to sum up, when no submission counts: none was given, or each one
    /// was written for another ruleset or is invalid. A verdict over no report (goal not met,
    /// 0 zones) would pass for a result on paper; the skipped list says why each one is.
    fn nothing_to_sum_up(&self, ruleset_id: &str) -> Option<Text> {
        if !self.reports.is_empty() {
            return None;
        }
        if self.skipped.is_empty() {
            return Some(Text::new("没有可汇总的提交：没有任何提交", "nothing to sum up: there are no submissions"));
        }
        let n = self.skipped.len();
        let others = self.skipped.iter().filter(|s| s.code == "other_ruleset").count();
        Some(if others == n {
            Text::new(
                format!("没有可汇总的提交：{n} 份都不是 {ruleset_id} 的提交（各自的报告写明所属规则集）"),
                format!(
                    "nothing to sum up: none of the {n} submissions is a {ruleset_id} submission (each one's report names its ruleset)"
                ),
            )
        } else {
            let invalid = n - others;
            let (zh_others, en_others) = if others == 0 {
                (String::new(), String::new())
            } else {
                (format!("，{others} 份属于其他规则集"), format!(", {others} written for another ruleset"))
            };
            let were = if invalid == 1 { "is" } else { "are" };
            Text::new(
                format!("没有可汇总的提交：{n} 份提交都未计入（{invalid} 份无效{zh_others}；各自的原因见已跳过的提交）"),
                format!(
                    "nothing to sum up: none of the {n} submissions counts ({invalid} {were} invalid{en_others}; the skipped list says why each one is)"
                ),
            )
        })
    }

    /// Files one submission written for the ruleset `written_for`: skipped when that is
    /// not `ruleset`, else scored by `answer` and counted, or skipped with its first error.
    fn file(&mut self, ruleset: &Ruleset, written_for: &str, source: String, answer: impl FnOnce() -> Answer) {
        if written_for != ruleset.id() {
            self.skipped.push(Skipped {
                source,
                code: "other_ruleset".into(),
                path: String::new(),
                message: Text::new(
                    format!("该提交属于规则集 `{written_for}`，不计入"),
                    format!("written for the `{written_for}` ruleset; not counted"),
                ),
            });
            return;
        }
        match answer() {
            Answer::Success(report) => {
                self.reports.push(report);
                self.sources.push(source);
            }
            Answer::Failure(f) => {
                // The first error, and how many more, as a results table's row says them.
                let first = f.first_error();
                let more = f.errors.len().saturating_sub(1) + f.more_errors;
                let message = crate::Failure::counted(first.message.zh, first.message.en, more);
                self.skipped.push(Skipped { source, code: first.code, path: first.path, message });
            }
        }
    }
}
