//! Rule format 1 keeps loading: the bundled rulesets as they were written in format 1
//! compile to the same rules as the format 2 files, score every example alike, and
//! `migrate_text` turns them into format 2 text that does too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use zonescore::migrate::migrate_text;
use zonescore::{RuleFormat, Ruleset};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn format_1(id: &str) -> String {
    std::fs::read_to_string(repo().join(format!("rules/fixtures/format-1/{id}.toml"))).unwrap()
}

/// Every example submission of a bundled ruleset (valid, invalid and edge cases).
fn examples(id: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [repo().join("rules/examples").join(id), repo().join("rules/examples/invalid")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 4, "{id} has examples");
    out
}

#[test]
fn format_1_bundled_rulesets_score_every_example_as_format_2() {
    for id in zonescore::bundled::IDS {
        let bundled = Ruleset::bundled(id).unwrap();
        let old = Ruleset::from_text(&format_1(id), Some(RuleFormat::Toml), "format-1.toml").unwrap();
        assert_eq!(old.digest(), bundled.digest(), "{id}: the same rules");
        for (name, json) in examples(id) {
            assert_eq!(old.score_json(&json), bundled.score_json(&json), "{id}: {name}");
        }
    }
}

#[test]
fn migrate_writes_format_2_that_loads_as_the_same_rules() {
    for id in zonescore::bundled::IDS {
        let bundled = Ruleset::bundled(id).unwrap();
        let migrated = migrate_text(&format_1(id), None, "format-1.toml").unwrap();
        assert!(migrated.changed);
        assert!(migrated.text.contains("format_version = 2\n"), "{}", &migrated.text[..200]);
        for old_key in ["fires_when", "applies_when", "requires =", "final_score =", "from_year", "label ="] {
            assert!(!migrated.text.contains(old_key), "{id}: {old_key} left in the migrated text");
        }
        let again = Ruleset::from_text(&migrated.text, Some(RuleFormat::Toml), "migrated.toml").unwrap();
        assert_eq!(again.digest(), bundled.digest(), "{id}");
        // Format 2 comes back as it is.
        let unchanged = migrate_text(&migrated.text, None, "migrated.toml").unwrap();
        assert!(!unchanged.changed);
        assert_eq!(unchanged.text, migrated.text);
        // A JSON rule file migrates to JSON.
        let tree: serde_json::Value = toml::from_str(&format_1(id)).unwrap();
        let json = migrate_text(&serde_json::to_string(&tree).unwrap(), None, "format-1.json").unwrap();
        let from_json = Ruleset::from_text(&json.text, Some(RuleFormat::Json), "migrated.json").unwrap();
        assert_eq!(from_json.digest(), bundled.digest(), "{id} from JSON");
    }
}

#[test]
fn a_format_1_file_is_told_its_problems_at_its_own_keys() {
    let text = format_1("annual-assessment").replacen(
        "fires_when = \"integrity.major_quality_problem\"",
        "fires_when = \"integrity.major_quality_problm\"",
        1,
    );
    let line = text.lines().position(|l| l.contains("major_quality_problm")).unwrap() + 1;
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "old.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.path.as_str(), d.line), ("unknown_name", "vetoes[0].fires_when", Some(line)));
    // An unknown key of a format 1 file is found in its text too.
    let text = format_1("annual-assessment").replacen("fires_when = ", "fires_wen = ", 1);
    let line = text.lines().position(|l| l.starts_with("fires_wen")).unwrap() + 1;
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "old.toml").unwrap_err();
    assert!(e.diagnostics[0].message.en.contains("unknown field `fires_wen`"), "{e}");
    assert_eq!(e.diagnostics[0].line, Some(line));
    // A value of the wrong type is shown at its format 1 key.
    let text =
        format_1("annual-assessment").replacen("fires_when = \"integrity.major_quality_problem\"", "fires_when = 3", 1);
    let line = text.lines().position(|l| l == "fires_when = 3").unwrap() + 1;
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "old.toml").unwrap_err();
    assert_eq!((e.diagnostics[0].path.as_str(), e.diagnostics[0].line), ("vetoes[0].fires_when", Some(line)), "{e}");
    // A file that cannot be migrated says so, and `migrate_text` refuses it the same way.
    let text = format_1("zone-qualification").replace("to_year = 2015", "to_year = 2016");
    let e = migrate_text(&text, None, "old.toml").unwrap_err();
    assert_eq!(e.diagnostics[0].code, "cannot_migrate");
    assert_eq!(e.diagnostics[0].path, "goal.from_year");
    // Shown at that key's line when the file is read as it is.
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "old.toml").unwrap_err();
    let d = &e.diagnostics[0];
    let line = d.line.map(|l| text.lines().nth(l - 1).unwrap());
    assert!(d.code == "cannot_migrate" && line.is_some_and(|l| l.contains("from_year")), "{e}");
}

#[test]
fn the_effective_period_notice_is_format_2s_own_and_a_declared_one_replaces_it() {
    let zq = Ruleset::bundled("zone-qualification").unwrap();
    let sample =
        std::fs::read_to_string(repo().join("rules/examples/zone-qualification/oubei-valves-2013.json")).unwrap();
    let out_of_period = sample.replacen("\"assessment_year\": 2013", "\"assessment_year\": 2018", 1);
    assert_ne!(out_of_period, sample, "the example states its year");
    let answer: serde_json::Value = serde_json::from_str(&zq.score_json(&out_of_period)).unwrap();
    let notice = &answer["warnings"][0];
    assert_eq!(notice["code"], "year_outside_effective_period");
    assert_eq!(notice["path"], "/zone/assessment_year");
    assert!(notice["message"]["zh"].as_str().unwrap().contains("2011—2015"));
    // A ruleset that words the notice itself keeps its own words.
    let text = std::fs::read_to_string(repo().join("rules/zone-qualification.toml")).unwrap().replacen(
        "[[warnings]]\n",
        "[[warnings]]\nid = \"year_outside_effective_period\"\nwhen = \"zone.assessment_year > 2015\"\nmessage = { zh = \"过期\", en = \"out of date\" }\n\n[[warnings]]\n",
        1,
    );
    let own = Ruleset::from_text(&text, Some(RuleFormat::Toml), "own.toml").unwrap();
    let answer: serde_json::Value = serde_json::from_str(&own.score_json(&out_of_period)).unwrap();
    let notices: Vec<&serde_json::Value> = answer["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "year_outside_effective_period")
        .collect();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["message"]["zh"], "过期");
}

#[test]
fn a_format_1_file_without_the_year_warning_scores_as_it_did() {
    let v1 = format_1("zone-qualification");
    let start = v1.find("[[warnings]]\nid = \"year_outside_effective_period\"").unwrap();
    let end = start + v1[start..].find("\n\n").unwrap();
    let without = format!("{}{}", &v1[..start], &v1[end + 2..]);
    let rules = Ruleset::from_text(&without, Some(RuleFormat::Toml), "old.toml").unwrap();
    let sample =
        std::fs::read_to_string(repo().join("rules/examples/zone-qualification/oubei-valves-2013.json")).unwrap();
    let out_of_period = sample.replacen("\"assessment_year\": 2013", "\"assessment_year\": 2018", 1);
    let answer: serde_json::Value = serde_json::from_str(&rules.score_json(&out_of_period)).unwrap();
    assert!(
        answer["warnings"].as_array().unwrap().iter().all(|w| w["code"] != "year_outside_effective_period"),
        "{}",
        answer["warnings"]
    );
    let migrated = migrate_text(&without, None, "old.toml").unwrap();
    assert!(migrated.text.contains("notice = false"), "the migrated file says so");
}

#[test]
fn a_format_1_key_beside_its_format_2_name_is_refused_not_dropped() {
    // A half-migrated file: the veto would have fired on the other condition, silently.
    let old = "fires_when = \"integrity.major_quality_problem\"";
    let both = format!("{old}\nwhen = \"integrity.falsified_material\"");
    let text = format_1("annual-assessment").replacen(old, &both, 1);
    for e in [
        Ruleset::from_text(&text, Some(RuleFormat::Toml), "half.toml").unwrap_err(),
        migrate_text(&text, None, "half.toml").unwrap_err(),
    ] {
        let d = &e.diagnostics[0];
        assert_eq!((d.code.as_str(), d.path.as_str()), ("cannot_migrate", "vetoes[0].when"), "{e}");
        let line = d.line.map(|l| text.lines().nth(l - 1).unwrap());
        assert_eq!(line, Some("when = \"integrity.falsified_material\""), "{e}");
        assert_eq!(
            d.message.en,
            "both `fires_when` and `when`: format 1's `fires_when` is format 2's `when`; keep one"
        );
        assert!(d.message.zh.contains("只能保留一个"), "{}", d.message.zh);
    }
    // So are a constraint's `left`, `op` and `right` beside its `when`, and a second
    // `veto_grade`, which would replace the first.
    let text = format_1("annual-assessment").replacen("final_score = { ", "final_score = { veto_grade = \"C\", ", 1);
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "half.toml").unwrap_err();
    assert_eq!(e.diagnostics[0].path, "final_score.veto_grade", "{e}");
    let text = format!(
        "{}\n[[constraints]]\nid = \"c\"\nleft = \"a\"\nop = \"le\"\nright = \"b\"\nwhen = \"true\"\n",
        format_1("annual-assessment")
    );
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "half.toml").unwrap_err();
    assert!(e.diagnostics[0].path.ends_with("].when") && e.diagnostics[0].message.en.starts_with("both `left`"), "{e}");
    // So is a `[pipeline]` beside `final_score`, which the migrated pipeline would replace.
    let text = format_1("annual-assessment").replacen("[ruleset]", "[pipeline]\nmax = 50\n\n[ruleset]", 1);
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "half.toml").unwrap_err();
    assert_eq!((e.diagnostics[0].code.as_str(), e.diagnostics[0].path.as_str()), ("cannot_migrate", "pipeline"));
}
