//! The meaning of an answer without its wording: what `expected.meaning.json` holds, so that a
//! reviewer reads what changed in scores and verdicts apart from what changed in sentences.
//!
//! Core already answers without sentences at `detail: "reasons"` (scores, statuses, grades,
//! outcomes, gate and veto verdicts, each part's value, band and reason code, missing fields),
//! and the harness asks it for that answer; what-if and diff answers have no such detail, and
//! every answer still carries two things that move with wording: the ruleset's digest (a hash
//! of the whole rule file, help texts included) and a failure's messages. So one projection is
//! still needed, and it is written here once (Python's and the browser package's conformance
//! tests mirror these three rules and must produce the same bytes):
//!
//! 1. a member whose value is a text — `{"zh": …, "en": …}`, either or both, strings only — or
//!    a non-empty list of texts is left out (titles, labels, messages, summaries);
//! 2. every member named `digest` is left out (ids and versions stay);
//! 3. in a ruleset comparison, the changes whose `impact` is `wording`, the `wording` count and
//!    `same` (which a wording change alone turns false) are left out.
//!
//! The result is pretty JSON (two-space indent, as `serde_json`, Python's `json.dumps(…,
//! indent=2, ensure_ascii=False)` and JavaScript's `JSON.stringify(…, null, 2)` all write it),
//! one member a line, so that its diff names the member that changed.

use serde_json::Value;

/// Which kind of answer is projected: rule 3 applies to ruleset comparisons only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// A score answer (success or failure) or a what-if answer (bounds, advice).
    Answer,
    /// A comparison of two rulesets (`diff_json`).
    Diff,
}

/// The meaning-only form of a canonical answer, as the text of `expected.meaning.json`
/// (pretty JSON and one newline).
pub fn meaning_of(kind: AnswerKind, canonical: &str) -> Result<String, String> {
    let mut answer: Value = serde_json::from_str(canonical).map_err(|e| format!("answer is not JSON: {e}"))?;
    if kind == AnswerKind::Diff {
        drop_wording_changes(&mut answer);
    }
    strip(&mut answer);
    let text = serde_json::to_string_pretty(&answer).map_err(|e| e.to_string())?;
    Ok(format!("{text}\n"))
}

/// Whether `value` is a text in one or both languages.
pub fn is_text(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty() && map.iter().all(|(k, v)| (k == "zh" || k == "en") && v.is_string()),
        _ => false,
    }
}

fn is_wording(value: &Value) -> bool {
    is_text(value) || matches!(value, Value::Array(items) if !items.is_empty() && items.iter().all(is_text))
}

/// Rules 1 and 2, everywhere in the tree.
fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, member| key != "digest" && !is_wording(member));
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Rule 3, at the top of a comparison.
fn drop_wording_changes(answer: &mut Value) {
    let Some(top) = answer.as_object_mut() else { return };
    top.shift_remove("same");
    if let Some(Value::Object(counts)) = top.get_mut("counts") {
        counts.shift_remove("wording");
    }
    if let Some(Value::Array(changes)) = top.get_mut("changes") {
        changes.retain(|change| change.get("impact").and_then(Value::as_str) != Some("wording"));
    }
}
