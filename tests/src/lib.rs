//! Harness of the conformance cases in `conformance/`: every runtime (Rust here, Python,
//! Node and the browser elsewhere) must turn each case's submission into exactly the
//! bytes of its `expected.json`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use zonescore::{Ruleset, ScoreOptions};

/// The folder holding the cases.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// The ruleset a case names: a bundled id, or a rule file in the case's folder.
pub fn ruleset_of(case_dir: &Path) -> Result<Ruleset, String> {
    let text = std::fs::read_to_string(case_dir.join("case.json")).map_err(|e| format!("case.json: {e}"))?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))?;
    match (case.get("ruleset").and_then(Value::as_str), case.get("ruleset_file").and_then(Value::as_str)) {
        (Some(id), None) => Ruleset::bundled(id).map_err(|e| e.to_string()),
        (None, Some(file)) => Ruleset::from_path(&case_dir.join(file)).map_err(|e| e.to_string()),
        _ => Err("case.json needs exactly one of `ruleset` and `ruleset_file`".into()),
    }
}

/// The answer options a case names (`options: {detail, lang}`), the defaults when it names none.
pub fn options_of(case_dir: &Path) -> Result<ScoreOptions, String> {
    let text = std::fs::read_to_string(case_dir.join("case.json")).map_err(|e| format!("case.json: {e}"))?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))?;
    match case.get("options") {
        Some(options) => serde_json::from_value(options.clone()).map_err(|e| format!("case.json options: {e}")),
        None => Ok(ScoreOptions::default()),
    }
}

/// The canonical answer for a case, with the trailing newline the expected files have. A case
/// with default options is also scored by `score_bytes`, which must give the same bytes.
pub fn answer(case_dir: &Path) -> Result<String, String> {
    let rules = ruleset_of(case_dir)?;
    let options = options_of(case_dir)?;
    let bytes = std::fs::read(case_dir.join("submission.json")).map_err(|e| format!("submission.json: {e}"))?;
    let got = rules.score_bytes_json_with(&bytes, &options);
    if options == ScoreOptions::default() && got != rules.score_bytes(&bytes).to_canonical_json() {
        return Err("score_bytes and score_bytes_json_with with default options disagree".into());
    }
    Ok(format!("{got}\n"))
}

/// The folder holding the ruleset-comparison cases.
pub fn diff_cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("diff-cases")
}

/// A ruleset a diff case names by `key` (`old`, `new`): a bundled id, or a rule file
/// relative to the case's folder.
pub fn diff_side(case_dir: &Path, key: &str) -> Result<Ruleset, String> {
    let text = std::fs::read_to_string(case_dir.join("case.json")).map_err(|e| format!("case.json: {e}"))?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))?;
    let spec = case.get(key).and_then(Value::as_str).ok_or(format!("case.json needs `{key}`"))?;
    if zonescore::bundled::IDS.contains(&spec) {
        Ruleset::bundled(spec).map_err(|e| e.to_string())
    } else {
        Ruleset::from_path(&case_dir.join(spec)).map_err(|e| e.to_string())
    }
}

/// The canonical comparison of a diff case's two rulesets, with a trailing newline.
pub fn diff_answer(case_dir: &Path) -> Result<String, String> {
    let (old, new) = (diff_side(case_dir, "old")?, diff_side(case_dir, "new")?);
    Ok(format!("{}\n", zonescore::diff_json(&old, &new)))
}

/// The folder holding the what-if cases (score bounds and advice).
pub fn whatif_cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("whatif-cases")
}

/// The canonical answer of a what-if case: `call` is `bounds` or `advise` (with an optional
/// `target` and `options`), with a trailing newline.
pub fn whatif_answer(case_dir: &Path) -> Result<String, String> {
    let rules = ruleset_of(case_dir)?;
    let text = std::fs::read_to_string(case_dir.join("case.json")).map_err(|e| format!("case.json: {e}"))?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("case.json: {e}"))?;
    let submission =
        std::fs::read_to_string(case_dir.join("submission.json")).map_err(|e| format!("submission.json: {e}"))?;
    let answer = match case.get("call").and_then(Value::as_str) {
        Some("bounds") => rules.bounds_json(&submission),
        Some("advise") => {
            let target = case.get("target").and_then(Value::as_str);
            let options =
                case.get("options").and_then(Value::as_u64).map_or(zonescore::DEFAULT_OPTIONS, |n| n as usize);
            rules.advise_json(&submission, target, options)
        }
        _ => return Err("case.json needs `call`: `bounds` or `advise`".into()),
    };
    Ok(format!("{answer}\n"))
}

/// Checks a what-if case; with `ZONESCORE_BLESS=1`, writes its expected answer instead.
pub fn check_whatif(name: &str) -> Result<(), String> {
    let dir = whatif_cases_dir().join(name);
    compare(name, &dir, whatif_answer(&dir)?)
}

/// Checks a conformance case; with `ZONESCORE_BLESS=1`, writes its expected answer instead.
pub fn check(name: &str) -> Result<(), String> {
    let dir = cases_dir().join(name);
    compare(name, &dir, answer(&dir)?)
}

/// Checks a diff case; with `ZONESCORE_BLESS=1`, writes its expected answer instead.
pub fn check_diff(name: &str) -> Result<(), String> {
    let dir = diff_cases_dir().join(name);
    compare(name, &dir, diff_answer(&dir)?)
}

fn compare(name: &str, dir: &Path, got: String) -> Result<(), String> {
    let expected_path = dir.join("expected.json");
    if std::env::var_os("ZONESCORE_BLESS").is_some() {
        return std::fs::write(&expected_path, got).map_err(|e| e.to_string());
    }
    let want =
        std::fs::read_to_string(&expected_path).map_err(|e| format!("expected.json: {e} (run scripts/bless.sh)"))?;
    if got == want {
        return Ok(());
    }
    let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
    Err(format!(
        "{name}: answer differs from expected.json at line {}:\n  got:      {}\n  expected: {}",
        line + 1,
        got.lines().nth(line).unwrap_or_default(),
        want.lines().nth(line).unwrap_or_default()
    ))
}
