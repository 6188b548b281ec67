//! Goal cases (`goal-cases/`): a ruleset's goal over a folder of submissions (§2.1), as
//! `zonescore summary --format json` answers it from the case's folder and Python's
//! `goal_summary` answers it from what `score_many` returns.
//!
//! `case.json` names the `folder` of submissions (relative to the case, walked as the CLI
//! walks it; each file is named by its path from the case's folder) and, optionally, the
//! `ruleset`: named, every file is scored with it (`--ruleset`); unnamed, each file with the
//! bundled ruleset it is written for, and the default ruleset's goal is summed up.

use crate::{case_json, Bundled};
use serde_json::Value;
use std::path::Path;
use zonescore::{bundled, submission_files, GoalMembers, Take};

/// The canonical answer of a goal case: `{"summary": …, "sources": […], "skipped": […]}`.
pub fn answer(case_dir: &Path, bundled: Bundled) -> Result<String, String> {
    let case = case_json(case_dir)?;
    let folder = case.get("folder").and_then(Value::as_str).ok_or("case.json needs `folder`")?;
    let named = case.get("ruleset").and_then(Value::as_str);
    let rules = bundled(named.unwrap_or(bundled::DEFAULT))?;
    let (files, problems) = submission_files(&case_dir.join(folder), Take::Json);
    if let Some(p) = problems.first() {
        return Err(format!("{folder}: {}", p.code()));
    }
    let mut members = GoalMembers::default();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file.strip_prefix(case_dir).unwrap_or(file).display().to_string();
        members.add(&rules, named.is_none(), name, &bytes);
    }
    let summary =
        members.summary(&rules).map_err(|r| format!("a goal case must sum something up: {}", r.message().en))?;
    Ok(members.summary_json(&summary))
}
