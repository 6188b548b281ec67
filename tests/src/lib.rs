//! Harness of the shared cases: every runtime (Rust here, Python, Node and the browser
//! elsewhere) must turn each case into exactly the bytes of its `expected.json`, and of its
//! `expected.meaning.json` (the same answer without its wording, see [`meaning`]).

pub mod goal;
pub mod meaning;
pub mod shapes;
pub mod stale;

use meaning::{meaning_of, AnswerKind};
use serde_json::Value;
use std::path::{Path, PathBuf};
use zonescore::{Detail, Ruleset, ScoreOptions};

/// The full canonical answer of a case, and one newline.
pub const EXPECTED: &str = "expected.json";
/// The answer's meaning without its wording (pretty JSON and one newline).
pub const EXPECTED_MEANING: &str = "expected.meaning.json";

/// A folder of cases, each case a sub-folder with a `case.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// `conformance/`: score a submission.
    Conformance,
    /// `diff-cases/`: compare two rulesets.
    Diff,
    /// `whatif-cases/`: score bounds and advice.
    Whatif,
    /// `goal-cases/`: a goal over a folder of submissions (§2.1).
    Goal,
}

impl Suite {
    /// Every suite.
    pub const ALL: [Self; 4] = [Self::Conformance, Self::Diff, Self::Whatif, Self::Goal];

    /// The folder holding the suite's cases.
    pub fn dir(self) -> PathBuf {
        let name = match self {
            Self::Conformance => "conformance",
            Self::Diff => "diff-cases",
            Self::Whatif => "whatif-cases",
            Self::Goal => "goal-cases",
        };
        Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
    }

    /// The names of its case folders (those with a `case.json`), sorted.
    pub fn case_names(self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir())
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .filter(|e| e.path().join("case.json").is_file())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// Where a case's bundled rulesets come from: [`real_bundled`], or, to prove that an edit of
/// wording moves no meaning, a stand-in compiled from edited rule text.
pub type Bundled<'a> = &'a dyn Fn(&str) -> Result<Ruleset, String>;

/// The bundled ruleset `id`, as shipped.
pub fn real_bundled(id: &str) -> Result<Ruleset, String> {
    Ruleset::bundled(id).map_err(|e| e.to_string())
}

/// What a case is answered: the full canonical answer and its meaning, each as the text of
/// its expected file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// The text of `expected.json`.
    pub full: String,
    /// The text of `expected.meaning.json`.
    pub meaning: String,
}

/// A case's answers, with its bundled rulesets taken from `bundled`.
pub fn answers(suite: Suite, case_dir: &Path, bundled: Bundled) -> Result<Answers, String> {
    match suite {
        Suite::Conformance => score_answers(case_dir, bundled),
        Suite::Diff => {
            let (old, new) = (diff_side(case_dir, "old", bundled)?, diff_side(case_dir, "new", bundled)?);
            let full = zonescore::diff_json(&old, &new);
            Ok(Answers { meaning: meaning_of(AnswerKind::Diff, &full)?, full: format!("{full}\n") })
        }
        Suite::Whatif => {
            let full = whatif_answer(case_dir, bundled)?;
            Ok(Answers { meaning: meaning_of(AnswerKind::Answer, &full)?, full: format!("{full}\n") })
        }
        Suite::Goal => {
            let full = goal::answer(case_dir, bundled)?;
            Ok(Answers { meaning: meaning_of(AnswerKind::Answer, &full)?, full: format!("{full}\n") })
        }
    }
}

/// Checks a case against its expected files; with `ZONESCORE_BLESS=1`, writes them instead.
pub fn check(suite: Suite, name: &str) -> Result<(), String> {
    let dir = suite.dir().join(name);
    let got = answers(suite, &dir, &real_bundled)?;
    let bless = std::env::var_os("ZONESCORE_BLESS").is_some();
    let mut problems = Vec::new();
    for (file, text) in [(EXPECTED, &got.full), (EXPECTED_MEANING, &got.meaning)] {
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        } else if let Err(e) = compare(name, file, &path, text) {
            problems.push(e);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

pub(crate) fn case_json(case_dir: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(case_dir.join("case.json")).map_err(|e| format!("case.json: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))
}

/// The ruleset a case names: a bundled id, or a rule file in the case's folder.
pub fn ruleset_of(case_dir: &Path, bundled: Bundled) -> Result<Ruleset, String> {
    let case = case_json(case_dir)?;
    match (case.get("ruleset").and_then(Value::as_str), case.get("ruleset_file").and_then(Value::as_str)) {
        (Some(id), None) => bundled(id),
        (None, Some(file)) => Ruleset::from_path(case_dir.join(file)).map_err(|e| e.to_string()),
        _ => Err("case.json needs exactly one of `ruleset` and `ruleset_file`".into()),
    }
}

/// The answer options a case names (`options: {detail, lang}`), the defaults when it names none.
pub fn options_of(case_dir: &Path) -> Result<ScoreOptions, String> {
    match case_json(case_dir)?.get("options") {
        Some(options) => serde_json::from_value(options.clone()).map_err(|e| format!("case.json options: {e}")),
        None => Ok(ScoreOptions::default()),
    }
}

/// A conformance case: the answer at the options it names, and the meaning of its answer at
/// `reasons` detail (core's answer without sentences). A case with default options is also
/// scored by `score_bytes`, which must give the same bytes.
fn score_answers(case_dir: &Path, bundled: Bundled) -> Result<Answers, String> {
    let rules = ruleset_of(case_dir, bundled)?;
    let options = options_of(case_dir)?;
    let bytes = std::fs::read(case_dir.join("submission.json")).map_err(|e| format!("submission.json: {e}"))?;
    let full = rules.score_bytes_json_with(&bytes, &options);
    if options == ScoreOptions::default() && full != rules.score_bytes(&bytes).to_canonical_json() {
        return Err("score_bytes and score_bytes_json_with with default options disagree".into());
    }
    let reasons = rules.score_bytes_json_with(&bytes, &ScoreOptions { detail: Detail::Reasons, ..options });
    Ok(Answers { full: format!("{full}\n"), meaning: meaning_of(AnswerKind::Answer, &reasons)? })
}

/// A ruleset a diff case names by `key` (`old`, `new`): a bundled id, or a rule file
/// relative to the case's folder.
pub fn diff_side(case_dir: &Path, key: &str, bundled: Bundled) -> Result<Ruleset, String> {
    let case = case_json(case_dir)?;
    let spec = case.get(key).and_then(Value::as_str).ok_or(format!("case.json needs `{key}`"))?;
    if zonescore::bundled::IDS.contains(&spec) {
        bundled(spec)
    } else {
        Ruleset::from_path(case_dir.join(spec)).map_err(|e| e.to_string())
    }
}

/// The canonical answer of a what-if case: `call` is `bounds` or `advise` (with an optional
/// `target` and `options`).
fn whatif_answer(case_dir: &Path, bundled: Bundled) -> Result<String, String> {
    let rules = ruleset_of(case_dir, bundled)?;
    let case = case_json(case_dir)?;
    let submission =
        std::fs::read_to_string(case_dir.join("submission.json")).map_err(|e| format!("submission.json: {e}"))?;
    match case.get("call").and_then(Value::as_str) {
        Some("bounds") => Ok(rules.bounds_json(&submission)),
        Some("advise") => {
            let target = case.get("target").and_then(Value::as_str);
            let options =
                case.get("options").and_then(Value::as_u64).map_or(zonescore::DEFAULT_OPTIONS, |n| n as usize);
            Ok(rules.advise_json(&submission, target, options))
        }
        _ => Err("case.json needs `call`: `bounds` or `advise`".into()),
    }
}

fn compare(name: &str, file: &str, path: &Path, got: &str) -> Result<(), String> {
    let want = std::fs::read_to_string(path).map_err(|e| format!("{name}/{file}: {e} (run scripts/bless.sh)"))?;
    if got == want {
        return Ok(());
    }
    let line = got
        .lines()
        .zip(want.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
    Err(format!(
        "{name}: answer differs from {file} at line {} (run scripts/bless.sh and review the diff):\n  got:      {}\n  expected: {}",
        line + 1,
        got.lines().nth(line).unwrap_or_default(),
        want.lines().nth(line).unwrap_or_default()
    ))
}
