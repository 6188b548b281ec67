//! The committed JSON Schemas must match what the code generates (run with
//! `ZONESCORE_BLESS=1`, as `scripts/bless.sh` does, to rewrite them after a change to the rule
//! format or the answer).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::Path;

fn check(relative: &str, value: serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
    let text = format!("{}\n", zonescore::pretty(&value));
    if std::env::var_os("ZONESCORE_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{relative} is out of date: run `bash scripts/bless.sh` (or `ZONESCORE_BLESS=1 cargo test -p zonescore --test schema_files`)"
    );
}

#[test]
fn rule_format_schema_is_committed() {
    check("rules/schema/ruleset.schema.json", zonescore::rule_format_schema());
}

#[test]
fn answer_schema_is_committed() {
    check("rules/schema/answer.schema.json", zonescore::answer_schema());
}

#[test]
fn whatif_schema_is_committed() {
    check("rules/schema/whatif.schema.json", zonescore::whatif_schema());
}

#[test]
fn bundled_rule_files_name_the_schema_types() {
    let schema = zonescore::rule_format_schema();
    let text = schema.to_string();
    for key in ["format_version", "dimensions", "pipeline", "veto_grade", "effective", "goal"] {
        assert!(text.contains(key), "rule format schema lacks `{key}`");
    }
}
