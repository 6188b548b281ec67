//! Ruleset tests that travel with the rules: submission → expected score, grade, outcome,
//! points, statuses, gates, vetoes, warnings or errors. Run by `zonescore test` and `cargo test`.
//!
//! A test file (`rules/<id>.tests.toml`) lists cases. Each case takes its submission from
//! a JSON file (`submission`), inline JSON text (`submission_json`), or a `base` file
//! changed by `set` (a JSON object of dotted path → JSON value, read exactly) and `unset`
//! (dotted paths to remove), which keeps boundary tests short.

#[path = "ruletest_submission.rs"]
mod case_submission;
#[path = "ruletest_expect.rs"]
mod expect;

use crate::api::Ruleset;
use crate::model::Text;
use crate::{submission_files, GoalMembers, Take};
use case_submission::{submission, Submission};
use expect::{check, compare, What};
pub use expect::{Expect, ExpectedError, Number};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Whether `path` is a ruleset test file (`*.tests.toml`, or TOML with `[[cases]]` or
/// `[[goals]]` beside a top-level `ruleset`), not a rule file. A file named `*.tests.toml`
/// that is empty, cannot be read or holds rules instead (a rule file saved under a test
/// file's name) is not: `check` then checks it, rather than passing it unread.
pub fn is_test_file(path: &Path) -> bool {
    if path.to_string_lossy().ends_with(".tests.toml") {
        // One that cannot be read is left to `check`, which says why.
        return std::fs::read_to_string(path).is_ok_and(|text| !text.trim().is_empty() && !looks_like_rules(&text));
    }
    let Some(text) = std::fs::read_to_string(path).ok().filter(|_| path.extension().is_some_and(|e| e == "toml"))
    else {
        return false;
    };
    let Ok(table) = text.parse::<toml::Table>() else { return false };
    table.get("ruleset").is_some_and(toml::Value::is_str)
        && (table.contains_key("cases") || table.contains_key("goals"))
}

/// Whether a text that is no test file holds a rule file (TOML or JSON) instead: its
/// top level has what only rules have (`format_version`, `dimensions`, `grades`) and no
/// cases. `zonescore test` given a rule file says so, as `check` given a test file does.
fn looks_like_rules(text: &str) -> bool {
    let keys: Vec<String> = match text.parse::<toml::Table>() {
        Ok(table) => table.keys().cloned().collect(),
        Err(_) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => return false,
        },
    };
    let has = |k: &str| keys.iter().any(|x| x == k);
    (has("format_version") || has("dimensions") || has("grades")) && !has("cases") && !has("goals")
}

/// The test files that travel with the rules: `rules/*.tests.toml` of the nearest folder,
/// from `dir` upwards, that has them, sorted, relative to `dir` where they are under it.
pub fn test_files_near(dir: &Path) -> Vec<PathBuf> {
    for up in dir.ancestors() {
        let Ok(entries) = std::fs::read_dir(up.join("rules")) else { continue };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".tests.toml")))
            .collect();
        if !found.is_empty() {
            found.sort();
            return found
                .into_iter()
                .map(|p| p.strip_prefix(dir).map_or_else(|_| p.clone(), Path::to_path_buf))
                .collect();
        }
    }
    Vec::new()
}

/// How a test file at `test_path` names the rules `rules` (a bundled id or a rule file's
/// path): the id, or the path relative to the test file's folder, so that
/// [`Ruleset::resolve_in`] from that folder finds them again.
pub fn ruleset_spec_for(test_path: &Path, rules: &str) -> String {
    if crate::bundled::IDS.contains(&rules) {
        return rules.to_owned();
    }
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let target = abs(Path::new(rules));
    let dir = test_path.parent().map(abs).unwrap_or_default();
    let dir = if dir.as_os_str().is_empty() { abs(Path::new(".")) } else { dir };
    let common = target.components().zip(dir.components()).take_while(|(a, b)| a == b).count();
    let ups = dir.components().count().saturating_sub(common);
    let rest = target.components().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned());
    let mut parts = vec!["..".to_owned(); ups];
    parts.extend(rest);
    parts.join("/")
}

/// A test file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    /// Bundled ruleset id the cases are written for (a rule-file path may be given instead).
    pub ruleset: String,
    /// The cases.
    pub cases: Vec<TestCase>,
    /// Cases of the ruleset's goal over a folder of submissions.
    #[serde(default)]
    pub goals: Vec<GoalCase>,
}

/// A goal case: every `*.json` in a folder and its sub-folders (relative to the test file,
/// taken as `zonescore summary` takes them) is scored, the
/// invalid ones count for nothing, and the ruleset's goal is summarised.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalCase {
    /// What the case shows.
    pub name: String,
    /// The folder of submissions.
    pub folder: String,
    /// Whether the goal is met.
    #[serde(default)]
    pub met: Option<bool>,
    /// The year the target was reached.
    #[serde(default)]
    pub met_in_year: Option<i64>,
    /// The subjects that count with their first year, as `"name / town: year"`.
    #[serde(default)]
    pub named: Option<Vec<String>>,
    /// Probable duplicates, as `"kind: name / town ~ name / town"`.
    #[serde(default)]
    pub probable_duplicates: Option<Vec<String>>,
    /// The goal's statement, in Chinese.
    #[serde(default)]
    pub statement: Option<String>,
}

/// One case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// What the case shows.
    pub name: String,
    /// A submission file, relative to the test file.
    #[serde(default)]
    pub submission: Option<String>,
    /// Inline submission JSON text.
    #[serde(default)]
    pub submission_json: Option<String>,
    /// A submission file to start from, changed by `set` and `unset`.
    #[serde(default)]
    pub base: Option<String>,
    /// JSON object text: dotted path → JSON value to put there.
    #[serde(default)]
    pub set: Option<String>,
    /// Dotted paths to remove.
    #[serde(default)]
    pub unset: Vec<String>,
    /// What the answer must show.
    pub expect: Expect,
}

/// The result of one case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// What did not match, in both languages (empty when it passed).
    pub failures: Vec<Text>,
}

/// The result of a test file.
#[derive(Debug, Clone, Serialize)]
pub struct TestRun {
    /// The test file.
    pub file: String,
    /// Ruleset id.
    pub ruleset: String,
    /// The ruleset's version.
    pub version: String,
    /// The rule file the cases ran under, as it was named; `None` for a bundled ruleset. An
    /// edited copy keeps its id, and often its version: this says which rules were tested.
    pub rule_file: Option<String>,
    /// The ruleset id the file is written for, when it is not the one the cases ran under
    /// (a `--ruleset` of another id): most failures then say so rather than that the rules
    /// are wrong.
    pub written_for: Option<String>,
    /// Every case, in file order.
    pub cases: Vec<CaseResult>,
}

impl TestRun {
    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.failures.is_empty()).count()
    }

    /// How many cases failed.
    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }
}

/// Runs a test file. `ruleset` overrides the ruleset the file names (to test an edited copy).
/// A file that cannot be run is an error in both languages.
pub fn run_file(path: &Path, ruleset: Option<&Ruleset>) -> Result<TestRun, Text> {
    let at = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = crate::io_reason(&e);
        Text::new(format!("无法读取 {at}：{}", why.zh), format!("cannot read {at}: {}", why.en))
    })?;
    // Nothing but blank lines and comments: said as such, not as a missing `ruleset`.
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(Text::new(
            format!("{at}：测试文件是空的：请写 `ruleset = \"规则集编号或规则文件\"` 和至少一个 `[[cases]]`（见 rules/README.md）"),
            format!("{at}: the test file is empty: write `ruleset = \"ruleset id or rule file\"` and at least one `[[cases]]` (see rules/README.md)"),
        ));
    }
    let file: TestFile = toml::from_str(&text).map_err(|e| {
        let hint = if looks_like_rules(&text) {
            Text::new(
                "\n  提示：这是规则文件，不是规则集测试文件：规则文件请用 `zonescore check` 检查，\
                 用 `zonescore test --ruleset RULEFILE TESTFILE` 测试",
                "\n  help: this looks like a rule file, not a ruleset test file: check a rule file with `zonescore check`, \
                 and test it with `zonescore test --ruleset RULEFILE TESTFILE`",
            )
        } else {
            Text::new("", "")
        };
        // `file:line:column:`, as compilers write it, so that an editor can jump there.
        let before = e.span().and_then(|span| text.get(..span.start));
        let place = before.map_or_else(String::new, |b| {
            let column = b.rsplit('\n').next().map_or(0, |line| line.chars().count()) + 1;
            format!(":{}:{column}", b.matches('\n').count() + 1)
        });
        // The reader's words in Chinese: a syntax error's, or those of a value that does not
        // fit a test file (`unknown field`), with the name a misspelt key is closest to.
        let message = e.message();
        let zh = match crate::compile::toml_words_zh(message) {
            same if same == message => crate::compile::reader_words_zh(message),
            words => words,
        };
        let near = crate::compile::unknown_key_near(message).map_or_else(
            || Text::new("", ""),
            |n| Text::new(format!("\n  提示：你是否想写 `{n}`？"), format!("\n  help: did you mean `{n}`?")),
        );
        Text::new(
            format!("{at}{place}：{zh}{}{}", near.zh, hint.zh),
            format!("{at}{place}: {message}{}{}", near.en, hint.en),
        )
    })?;
    let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
    let owned;
    let rules = match ruleset {
        Some(r) => r,
        None => {
            // Led by the test file that names the rules: the rule file's own error names it alone.
            owned = Ruleset::resolve_in(&file.ruleset, &dir).map_err(|e| {
                let named = &file.ruleset;
                Text::new(
                    format!("{at} 所指的规则集 `{named}` 无法使用：\n{}", e.to_string_in("zh")),
                    format!("{at} names the ruleset `{named}`, which cannot be used:\n{e}"),
                )
            })?;
            &owned
        }
    };
    let cases: Vec<CaseResult> = file
        .cases
        .iter()
        .map(|case| {
            let mut failures = match submission(case, &dir) {
                // Whole files and inline text are scored as bytes, so that what only the
                // JSON reader sees (duplicate keys, a byte-order mark) is tested too.
                Ok(Submission::Bytes(bytes)) => compare(&case.expect, &rules.score_bytes(&bytes), rules),
                Ok(Submission::Tree(input)) => compare(&case.expect, &rules.score(&input), rules),
                Err(e) => vec![e],
            };
            if case.expect.is_empty() {
                failures.push(Text::new(
                    "`expect` 为空，无论规则如何此用例都会通过：请给出 `valid`、`final_score`、`grade`、`errors` 或其他期望",
                    "`expect` is empty, so the case would pass whatever the rules say: give `valid`, \
                     `final_score`, `grade`, `errors` or another expectation",
                ));
            }
            CaseResult { name: case.name.clone(), failures }
        })
        .collect();
    let goals = file.goals.iter().map(|g| CaseResult { name: g.name.clone(), failures: goal_case(g, &dir, rules) });
    let cases = cases.into_iter().chain(goals).collect();
    // The id the file names: a bundled id as written, a rule file's by loading it.
    let written_for = match ruleset {
        Some(_) if crate::bundled::IDS.contains(&file.ruleset.as_str()) => Some(file.ruleset.clone()),
        Some(_) => Ruleset::resolve_in(&file.ruleset, &dir).ok().map(|r| r.id().to_owned()),
        None => None,
    }
    .filter(|id| id != rules.id());
    let rule_file = match rules.source() {
        crate::RulesetSource::Bundled(_) => None,
        crate::RulesetSource::Text { origin, .. } => Some(origin.clone()),
    };
    Ok(TestRun {
        file: path.display().to_string(),
        ruleset: rules.id().to_owned(),
        version: rules.version().to_owned(),
        rule_file,
        written_for,
        cases,
    })
}

fn goal_case(g: &GoalCase, dir: &Path, rules: &Ruleset) -> Vec<Text> {
    let folder = dir.join(&g.folder);
    let (files, problems) = submission_files(&folder, Take::Json);
    if let Some(problem) = problems.first() {
        return vec![problem.message()];
    }
    let mut members = GoalMembers::default();
    for file in &files {
        if let Ok(bytes) = std::fs::read(file) {
            members.add(rules, false, file.display().to_string(), &bytes);
        }
    }
    let reports = members.reports;
    let Some(summary) = crate::summarize(rules, &reports) else {
        return vec![Text::new("该规则集没有总体目标", "the ruleset has no goal")];
    };
    let mut out = Vec::new();
    check(&mut out, &What::key("met"), g.met.as_ref(), Some(&summary.met));
    check(&mut out, &What::key("met_in_year"), g.met_in_year.as_ref(), summary.met_in_year.as_ref());
    let named: Vec<String> =
        summary.named.iter().map(|z| format!("{}: {}", z.subject.join(" / "), z.first_year)).collect();
    check(&mut out, &What::key("named"), g.named.as_ref(), Some(&named));
    let duplicates: Vec<String> = summary
        .probable_duplicates
        .iter()
        .map(|d| {
            let [a, b] = &d.subjects;
            format!("{}: {} ~ {}", d.kind, a.join(" / "), b.join(" / "))
        })
        .collect();
    check(&mut out, &What::key("probable_duplicates"), g.probable_duplicates.as_ref(), Some(&duplicates));
    check(&mut out, &What::key("statement"), g.statement.as_ref(), summary.statement.as_ref().map(|t| &t.zh));
    out
}
