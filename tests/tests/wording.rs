//! A wording-only edit of a bundled rule file moves no meaning: with a field's help text or
//! a criterion's title reworded, every case gives the same `expected.meaning.json` text,
//! while every full answer of a case on that ruleset changes (its digest covers the wording).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use serde_json::Value;
use zonescore::Ruleset;
use zonescore_conformance::{answers, real_bundled, Suite};

/// The first English help text of the ruleset's fields, as the submission schema shows it.
fn a_help_text(rules: &Ruleset) -> String {
    fn first(value: &Value) -> Option<String> {
        match value {
            Value::Object(map) => match map.get("x-help").and_then(|h| h.get("en")).and_then(Value::as_str) {
                Some(help) => Some(help.to_owned()),
                None => map.values().find_map(first),
            },
            Value::Array(items) => items.iter().find_map(first),
            _ => None,
        }
    }
    first(&rules.submission_schema()).expect("a field with a help text")
}

/// The English title of the first criterion of the first successful conformance case that
/// names the ruleset.
fn a_criterion_title(rules: &Ruleset) -> String {
    for name in Suite::Conformance.case_names() {
        let dir = Suite::Conformance.dir().join(&name);
        let case: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
        if case.get("ruleset").and_then(Value::as_str) != Some(rules.id()) || case.get("options").is_some() {
            continue;
        }
        let answer: Value =
            serde_json::from_str(&answers(Suite::Conformance, &dir, &real_bundled).unwrap().full).unwrap();
        if let Some(title) = answer.pointer("/criteria/0/title/en").and_then(Value::as_str) {
            return title.to_owned();
        }
    }
    panic!("no successful case of {}", rules.id());
}

/// The bundled ruleset `id` with every occurrence of the rule-file string `"old"` reworded.
fn reworded(id: &str, old: &str) -> Ruleset {
    let text = zonescore::bundled::text(id).unwrap();
    let quoted = format!("\"{old}\"");
    assert!(old.len() >= 8 && text.contains(&quoted), "{quoted} is not a string of rules/{id}.toml");
    let edited = text.replace(&quoted, &format!("\"{old} (reworded)\""));
    Ruleset::from_text(&edited, None, &format!("rules/{id}.toml")).unwrap()
}

/// Whether a case's `case.json` names the bundled ruleset `id` (`ruleset`, `old` or `new`);
/// a goal case that names none sums up the default ruleset's goal.
fn names(suite: Suite, case: &str, id: &str) -> bool {
    let text = std::fs::read_to_string(suite.dir().join(case).join("case.json")).unwrap();
    let case: Value = serde_json::from_str(&text).unwrap();
    if suite == Suite::Goal && case.get("ruleset").is_none() {
        return id == zonescore::bundled::DEFAULT;
    }
    ["ruleset", "old", "new"].iter().any(|key| case.get(*key).and_then(Value::as_str) == Some(id))
}

fn assert_wording_moves_no_meaning(id: &str, pick: fn(&Ruleset) -> String) {
    let real = real_bundled(id).unwrap();
    let edited = reworded(id, &pick(&real));
    assert_ne!(edited.digest(), real.digest(), "the digest of {id} does not cover the edit");
    let stand_in = |wanted: &str| if wanted == id { Ok(edited.clone()) } else { real_bundled(wanted) };
    let mut on_this_ruleset = 0;
    for suite in Suite::ALL {
        for case in suite.case_names() {
            let dir = suite.dir().join(&case);
            let (before, after) =
                (answers(suite, &dir, &real_bundled).unwrap(), answers(suite, &dir, &stand_in).unwrap());
            assert_eq!(before.meaning, after.meaning, "{case}: a wording edit of {id} changed its meaning");
            if names(suite, &case, id) {
                on_this_ruleset += 1;
                assert_ne!(before.full, after.full, "{case}: the full answer does not show the edit of {id}");
            } else {
                assert_eq!(before.full, after.full, "{case}: does not use {id} but its answer changed");
            }
        }
    }
    assert!(on_this_ruleset >= 3, "only {on_this_ruleset} cases use {id}");
}

#[test]
fn a_help_text_of_zone_qualification_moves_no_meaning() {
    assert_wording_moves_no_meaning("zone-qualification", a_help_text);
}

#[test]
fn a_criterion_title_of_zone_qualification_moves_no_meaning() {
    assert_wording_moves_no_meaning("zone-qualification", a_criterion_title);
}

#[test]
fn a_help_text_of_annual_assessment_moves_no_meaning() {
    assert_wording_moves_no_meaning("annual-assessment", a_help_text);
}

#[test]
fn a_criterion_title_of_annual_assessment_moves_no_meaning() {
    assert_wording_moves_no_meaning("annual-assessment", a_criterion_title);
}
