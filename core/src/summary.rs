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
    /// Outcome name in both languages, as the report gives it.
    pub outcome_label: Text,
    /// Whether it counts: `false` for a report set aside because the same subject has another
    /// for the same year (see [`GoalSummary::repeated`]).
    pub counted: bool,
    /// Whether its year lies outside the period in which the rules apply: shown for
    /// reference only (仅供参考).
    pub outside_period: bool,
}

/// Several reports of one subject for one year: the rules cannot tell which is current, so
/// the lowest final score counts (a goal is never reached on a doubtful record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RepeatedReport {
    /// The subject's identifying values.
    pub subject: Vec<String>,
    /// The year.
    pub year: i64,
    /// The final scores of its reports, in the order given.
    pub final_scores: Vec<String>,
    /// The final score that counts.
    pub used: String,
    /// Where its reports are in the list given to [`summarize`], in that order: which
    /// files to look at.
    pub reports: Vec<usize>,
    /// What happened and what to do, in both languages.
    pub message: Text,
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
    /// The goal's statement for these reports (截至2014年累计3个示范区通过考核验收（目标3个以上）).
    pub statement: Option<Text>,
    /// Pairs of subjects that are probably the same zone written two ways.
    pub probable_duplicates: Vec<ProbableDuplicate>,
    /// Subjects with more than one report for a year, and which one counts.
    pub repeated: Vec<RepeatedReport>,
}

impl GoalSummary {
    /// The result in one line: `已达成：…` / `met: …` with the goal's statement, or, for a
    /// goal that states none, the year it was met or how many subjects count of how many.
    pub fn verdict(&self) -> Text {
        let (zh, en) = if self.met { ("已达成：", "met: ") } else { ("未达成：", "not met: ") };
        match (&self.statement, self.met) {
            (Some(t), _) => Text::new(format!("{zh}{}", t.zh), format!("{en}{}", t.en)),
            (None, true) => {
                let year = self.met_in_year.unwrap_or_default();
                Text::new(format!("{zh}{year}"), format!("{en}{year}"))
            }
            (None, false) => Text::new(
                format!("未达成：累计{}个（目标{}个以上）", self.named.len(), self.target),
                format!("not met: {} of {}", self.named.len(), self.target),
            ),
        }
    }

    /// The note a table of the rows gives when some year lies outside the rules' period.
    pub fn period_note(&self) -> Option<Text> {
        self.rows.iter().any(|r| r.outside_period).then(|| {
            Text::new(
                "标“仅供参考”的年度不在规则有效期内，其结果不计入目标。",
                "Years marked “for reference” are outside the period the rules apply to; their results do not count for the goal.",
            )
        })
    }

    /// Why a ruleset cannot be summarised: it sets no goal over many reports.
    pub fn no_goal(ruleset_id: &str) -> Text {
        Text::new(
            format!("规则集 `{ruleset_id}` 没有设定跨多份报告的目标，无可汇总"),
            format!("the ruleset `{ruleset_id}` sets no goal over many reports, so there is nothing to summarise"),
        )
    }
}

impl SummaryRow {
    /// What a table of the rows adds to this one's cell: （未计入） for a report set aside,
    /// （仅供参考） for a year outside the rules' period; empty for neither.
    pub fn marks(&self) -> Text {
        let (mut zh, mut en) = (String::new(), String::new());
        if !self.counted {
            zh.push_str("（未计入）");
            en.push_str(" (not counted)");
        }
        if self.outside_period {
            zh.push_str("（仅供参考）");
            en.push_str(" (for reference)");
        }
        Text::new(zh, en)
    }
}

/// What scoring many submissions came to, in a line: `共 30 份：18 份已评分，12 份无效：a.json、b.json`
/// / `30 submissions: 18 scored, 12 invalid: a.json, b.json`; `invalid` names the refused ones,
/// `unread` the files that could not be read at all (`；1 个文件无法读取：book.xlsx`).
pub fn batch_tally(total: usize, invalid: &[String], unread: &[String]) -> Text {
    let noun = if total == 1 { "submission" } else { "submissions" };
    let (mut zh, mut en) = match (total, invalid.len()) {
        (0, _) => ("共 0 份".to_owned(), "0 submissions".to_owned()),
        (_, 0) => (format!("共 {total} 份：全部已评分"), format!("{total} {noun}: all scored")),
        (_, refused) => {
            let valid = total.saturating_sub(refused);
            (
                format!("共 {total} 份：{valid} 份已评分，{refused} 份无效：{}", invalid.join("、")),
                format!("{total} {noun}: {valid} scored, {refused} invalid: {}", invalid.join(", ")),
            )
        }
    };
    if !unread.is_empty() {
        let files = if unread.len() == 1 { "file" } else { "files" };
        zh.push_str(&format!("；{} 个文件无法读取：{}", unread.len(), unread.join("、")));
        en.push_str(&format!("; {} {files} could not be read: {}", unread.len(), unread.join(", ")));
    }
    Text::new(zh, en)
}

/// Two subjects that are probably one zone: the same name but for a suffix or spacing
/// (`name_variant`), or the same zone name under two towns (`same_name_other_town`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProbableDuplicate {
    /// `name_variant` or `same_name_other_town`.
    pub kind: String,
    /// The two subjects' identifying values.
    pub subjects: [Vec<String>; 2],
    /// Why, in both languages.
    pub message: Text,
}

/// A subject's value with spaces and the given suffixes taken off: `瓯北 镇` → `瓯北`.
fn bare(value: &str, suffixes: &[String]) -> String {
    let mut v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    while let Some(cut) = suffixes.iter().find_map(|s| v.strip_suffix(s.as_str()).filter(|r| !r.is_empty())) {
        v = cut.to_owned();
    }
    v
}

/// Distinct subjects that are probably the same zone.
fn duplicates(subjects: &[Vec<String>], suffixes: &[String]) -> Vec<ProbableDuplicate> {
    let mut found = Vec::new();
    for (i, a) in subjects.iter().enumerate() {
        for b in subjects.iter().skip(i + 1) {
            let norm = |s: &Vec<String>| s.iter().map(|v| bare(v, suffixes)).collect::<Vec<_>>();
            let (kind, zh, en) = if norm(a) == norm(b) {
                (
                    "name_variant",
                    "名称仅有“镇/街道”后缀或空格之差，疑为同一示范区",
                    "the names differ only by a suffix or spaces: probably one zone",
                )
            } else if a.len() > 1 && a.first() == b.first() {
                (
                    "same_name_other_town",
                    "同一示范区名称出现在两个镇（街道），疑为重复或填写有误",
                    "the same zone name under two towns: probably a duplicate or a typo",
                )
            } else {
                continue;
            };
            found.push(ProbableDuplicate {
                kind: kind.to_owned(),
                subjects: [a.clone(), b.clone()],
                message: Text::new(zh, en),
            });
        }
    }
    found
}

/// Summarises reports against the ruleset's goal; reports of other rulesets are ignored.
/// Returns `None` when the ruleset has no goal.
pub fn summarize(ruleset: &Ruleset, reports: &[Report]) -> Option<GoalSummary> {
    let compiled = ruleset.compiled();
    let goal = compiled.goal.as_ref()?;
    let (from_year, to_year) = compiled.goal_years;
    let (places, mine): (Vec<usize>, Vec<&Report>) =
        reports.iter().enumerate().filter(|(_, r)| *r.ruleset.id == *ruleset.id()).unzip();
    let year_of = |r: &Report| r.year.as_deref().and_then(|y| y.parse::<i64>().ok());
    let subject_of = |r: &Report| r.subject.iter().map(|s| s.value.clone()).collect::<Vec<String>>();
    let score_of = |r: &Report| r.final_score.parse::<rust_decimal::Decimal>().unwrap_or_default();
    // One report per subject and year counts: of several, the lowest score.
    let mut groups: BTreeMap<(Vec<String>, i64), Vec<usize>> = BTreeMap::new();
    for (i, r) in mine.iter().enumerate() {
        if let Some(year) = year_of(r) {
            groups.entry((subject_of(r), year)).or_default().push(i);
        }
    }
    let mut counted = vec![true; mine.len()];
    let mut repeated = Vec::new();
    for ((subject, year), members) in &groups {
        let [_, _, ..] = members.as_slice() else { continue };
        let Some(&keep) = members.iter().min_by_key(|&&i| mine.get(i).map(|r| score_of(r))) else { continue };
        for &i in members.iter().filter(|&&i| i != keep) {
            if let Some(c) = counted.get_mut(i) {
                *c = false;
            }
        }
        let scores: Vec<String> =
            members.iter().filter_map(|&i| mine.get(i)).map(|r| r.final_score.to_string()).collect();
        let used = mine.get(keep).map(|r| r.final_score.to_string()).unwrap_or_default();
        let (name, n) = (subject.join(" / "), members.len());
        repeated.push(RepeatedReport {
            message: Text::new(
                format!(
                    "{name} {year}年有 {n} 份提交（得分 {}），按较低的 {used} 计；请核实后只保留一份",
                    scores.join("、")
                ),
                format!(
                    "{name} has {n} submissions for {year} (scores {}); the lower, {used}, counts: keep only one",
                    scores.join(", ")
                ),
            ),
            subject: subject.clone(),
            year: *year,
            final_scores: scores,
            used,
            reports: members.iter().filter_map(|&i| places.get(i).copied()).collect(),
        });
    }
    let period = compiled.meta.effective.as_ref().and_then(|e| {
        let year = |d: &str| d.get(..4).and_then(|y| y.parse::<i64>().ok());
        Some((year(&e.from)?, year(&e.to)?))
    });
    let outside = |year: Option<i64>| match (year, period) {
        (Some(y), Some((from, to))) => y < from || y > to,
        _ => false,
    };
    let mut first: BTreeMap<Vec<String>, (i64, String)> = BTreeMap::new();
    for (r, _) in mine.iter().zip(&counted).filter(|(_, c)| **c) {
        let Some(year) = year_of(r) else { continue };
        if *r.outcome != *goal.outcome || year < from_year || year > to_year {
            continue;
        }
        let entry = first.entry(subject_of(r)).or_insert((year, r.final_score.to_string()));
        if year < entry.0 {
            *entry = (year, r.final_score.to_string());
        }
    }
    let mut named: Vec<NamedZone> = first
        .into_iter()
        .map(|(subject, (first_year, final_score))| NamedZone { subject, first_year, final_score })
        .collect();
    named.sort_by(|a, b| (a.first_year, &a.subject).cmp(&(b.first_year, &b.subject)));
    let target = usize::try_from(goal.target).unwrap_or(usize::MAX);
    let met_in_year = if target == 0 { Some(from_year) } else { named.get(target - 1).map(|z| z.first_year) };
    let mut rows: Vec<SummaryRow> = mine
        .iter()
        .zip(&counted)
        .map(|(r, counted)| SummaryRow {
            subject: subject_of(r),
            year: year_of(r),
            final_score: r.final_score.to_string(),
            grade: r.grade.to_string(),
            outcome: r.outcome.to_string(),
            outcome_label: Text::clone(&r.outcome_label),
            counted: *counted,
            outside_period: outside(year_of(r)),
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.subject, a.year, !a.counted, &a.outcome).cmp(&(&b.subject, b.year, !b.counted, &b.outcome))
    });
    let mut subjects: Vec<Vec<String>> = rows.iter().map(|r| r.subject.clone()).collect();
    subjects.dedup();
    // The year the statement speaks of: when the target was reached, else the last year
    // that counts for which there is a report.
    let last_year = rows.iter().filter_map(|r| r.year).filter(|y| (from_year..=to_year).contains(y)).max();
    let statement = goal.statement.as_ref().zip(met_in_year.or(last_year)).map(|(t, year)| {
        let count = named.iter().filter(|z| z.first_year <= year).count();
        let fill = |s: &str| {
            s.replace("{year}", &year.to_string())
                .replace("{count}", &count.to_string())
                .replace("{target}", &goal.target.to_string())
        };
        Text::new(fill(&t.zh), fill(&t.en))
    });
    Some(GoalSummary {
        ruleset: compiled.ruleset_ref(),
        title: goal.title.clone(),
        clause: goal.clause.clone(),
        target: goal.target,
        met: met_in_year.is_some(),
        met_in_year,
        named,
        rows,
        statement,
        probable_duplicates: duplicates(&subjects, &goal.similar_name_suffixes),
        repeated,
    })
}
