//! `conformance/README.md` describes every member of the answers (score and what-if) that the
//! code's JSON Schemas have, and no member they lack (see `zonescore_conformance::shapes`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use serde_json::json;
use zonescore_conformance::shapes::{disagreements, disagreements_marked, parse, Spelled};
use zonescore_conformance::Suite;

#[test]
fn the_readme_spells_out_every_member_of_the_answer_schema() {
    let readme = std::fs::read_to_string(Suite::Conformance.dir().join("README.md")).unwrap();
    let problems = disagreements(&readme, &zonescore::answer_schema());
    assert!(
        problems.is_empty(),
        "tests/conformance/README.md and the answer schema disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_readme_spells_out_every_member_of_the_whatif_schema() {
    let readme = std::fs::read_to_string(Suite::Conformance.dir().join("README.md")).unwrap();
    let problems = disagreements_marked(&readme, &zonescore::whatif_schema(), "whatif");
    assert!(
        problems.is_empty(),
        "tests/conformance/README.md and the what-if schema disagree:\n{}",
        problems.join("\n")
    );
}

/// A small schema: a tagged answer whose report has a score and a list of checks.
fn schema() -> serde_json::Value {
    json!({
        "oneOf": [{"properties": {"type": {"const": "success"}}, "$ref": "#/$defs/Report"}],
        "$defs": {
            "Report": {"type": "object", "properties": {
                "score": {"type": "string"},
                "checks": {"type": "array", "items": {"$ref": "#/$defs/Check"}},
                "label": {"anyOf": [{"$ref": "#/$defs/Text"}, {"type": "null"}]}
            }},
            "Check": {"type": "object", "properties": {"id": {"type": "string"}, "passed": {}, "fired": {}}},
            "Text": {"type": "object", "properties": {"zh": {}, "en": {}}}
        }
    })
}

fn readme(block: &str) -> String {
    format!("# Answer\n\n<!-- schema: Report -->\n```\n{block}\n```\n")
}

#[test]
fn a_complete_description_passes_with_members_spread_over_spellings() {
    let text = readme(
        r#"{"type": "success", "score": "84.0" | null,   // "ignored": a comment
  "label": {"zh", "en"},
  "checks": [{"id", "passed"}], "checks": [{"id", "fired"}]}"#,
    );
    assert_eq!(disagreements(&text, &schema()), Vec::<String>::new());
}

#[test]
fn a_member_the_readme_lacks_fails() {
    let text = readme(r#"{"type", "score", "label": {"zh", "en"}, "checks": [{"id", "passed"}]}"#);
    assert_eq!(disagreements(&text, &schema()), vec!["Check: the README lacks `fired`".to_owned()]);
}

#[test]
fn a_member_the_schema_lacks_and_an_object_never_spelled_fail() {
    let text = readme(r#"{"score", "grade", "label", "checks"}"#);
    let problems = disagreements(&text, &schema());
    assert!(problems.contains(&"Report: the README names `grade`, which the schema lacks".to_owned()), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("Check is never spelled out")), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("Text is never spelled out")), "{problems:?}");
    assert!(!disagreements("no blocks at all", &schema()).is_empty());
}

#[test]
fn the_notation_reads_names_brackets_and_values() {
    let shape = parse(r#"{"a", "b": "x" | null, "c": [{"d"}], "e": [ same shape ]}"#).unwrap();
    let other = || Spelled::Other;
    assert_eq!(
        shape,
        Spelled::Object(vec![
            ("a".into(), other()),
            ("b".into(), other()),
            ("c".into(), Spelled::List(vec![Spelled::Object(vec![("d".into(), other())])])),
            ("e".into(), Spelled::List(vec![])),
        ])
    );
    assert_eq!(
        parse(r#"{"n": 0, "m": null}"#).unwrap(),
        Spelled::Object(vec![("n".into(), other()), ("m".into(), other())])
    );
    assert!(parse(r#"{"a": :}"#).is_err());
    assert!(parse(r#"{"a" ["#).is_err());
}
