//! `zonescore check`: compile rule files and print every diagnostic, located by
//! `file:line:col`, with its code, message and help.

use crate::out::{self, Exit};
use std::path::Path;
use zonescore::model::RuleFile;
use zonescore::{RuleFormat, Ruleset};

/// What a rule file holds, for the one-line summary of a file that compiles.
fn counts(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file: RuleFile = match RuleFormat::detect(&path.display().to_string(), text) {
        RuleFormat::Toml => toml::from_str(text).ok()?,
        RuleFormat::Json => serde_json::from_str(text).ok()?,
    };
    let criteria: usize = file.dimensions.iter().map(|d| d.criteria.len()).sum();
    let bonus = file.bonus.as_ref().map_or(0, |b| b.items.len());
    Some(format!(
        "{}, {} in {}, {}, {}, {}, {}",
        count(file.fields.len(), "field"),
        count(criteria, "criteria"),
        count(file.dimensions.len(), "dimension"),
        count(bonus, "bonus item"),
        count(file.gates.len(), "gate"),
        count(file.vetoes.len(), "veto"),
        count(file.grades.len(), "grade"),
    ))
}

/// `1 field`, `3 fields`, `1 criterion`, `2 criteria`, `1 veto`, `2 vetoes`.
fn count(n: usize, noun: &str) -> String {
    let word = match (n, noun) {
        (1, "criteria") => "criterion".to_owned(),
        (1, _) | (_, "criteria") => noun.to_owned(),
        (_, "veto") => "vetoes".to_owned(),
        _ => format!("{noun}s"),
    };
    format!("{n} {word}")
}

/// With `json`, prints `[{"file", "ok": true, "ruleset": {id, version, digest}} |
/// {"file", "ok": false, "origin", "diagnostics": [...]}]` on standard output instead.
pub fn run(files: &[String], json: bool) -> Exit {
    if json {
        return run_json(files);
    }
    let mut exit = Exit::Ok;
    let mut problems = 0usize;
    for file in files {
        let path = Path::new(file);
        match Ruleset::from_path(path) {
            Ok(rules) => {
                let what = counts(path).map(|c| format!(" ({c})")).unwrap_or_default();
                out::print(&format!("{file}: ok: {} {} {}{what}\n", rules.id(), rules.version(), rules.digest()));
            }
            Err(e) => {
                problems += e.diagnostics.len();
                out::eprint(&format!("{e}\n"));
                exit = Exit::Usage;
            }
        }
    }
    if exit != Exit::Ok && files.len() > 1 {
        out::eprint(&format!("{problems} problem{} found\n", if problems == 1 { "" } else { "s" }));
    }
    exit
}

fn run_json(files: &[String]) -> Exit {
    let mut exit = Exit::Ok;
    let results: Vec<serde_json::Value> = files
        .iter()
        .map(|file| match Ruleset::from_path(Path::new(file)) {
            Ok(rules) => serde_json::json!({
                "file": file,
                "ok": true,
                "ruleset": {"id": rules.id(), "version": rules.version(), "digest": rules.digest()},
            }),
            Err(e) => {
                exit = Exit::Usage;
                serde_json::json!({"file": file, "ok": false, "origin": e.origin, "diagnostics": e.diagnostics})
            }
        })
        .collect();
    out::print(&format!("{}\n", zonescore::canonical(&results)));
    exit
}
