//! The feature `prepared`: bundled rulesets given compiled ahead of time are the ones used from
//! then on. Run with and without `toml`: without it no rule file is embedded, and a bundled
//! ruleset is unknown until it is given.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::Path;
use zonescore::{bundled, RuleFormat, Ruleset};

/// A bundled rule file, read as JSON (which every build compiles), its version changed by
/// `version` when given.
fn rule_file(id: &str, version: Option<&str>) -> Ruleset {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules").join(format!("{id}.toml"));
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut json = serde_json::to_value(&value).unwrap();
    if let Some(version) = version {
        json["ruleset"]["version"] = version.into();
    }
    Ruleset::from_text(&json.to_string(), Some(RuleFormat::Json), id).unwrap()
}

fn leaked(rules: &Ruleset) -> &'static [u8] {
    Box::leak(rules.compiled().to_prepared().into_boxed_slice())
}

// One test, as what is given is the program's from then on.
#[test]
fn the_rulesets_given_prepared_are_the_bundled_ones() {
    let annual = rule_file("annual-assessment", None);
    // Asked before any is given: compiled from its embedded rule file, or unknown for now in a
    // build that embeds none (and not remembered as unknown).
    let before = Ruleset::bundled("annual-assessment");
    assert_eq!(before.is_ok(), cfg!(feature = "toml"), "{before:?}");

    // Given as zone-qualification: a version of it no embedded rule file says, so that an
    // answer shows which was used.
    let revised = rule_file("zone-qualification", Some("2099-test"));
    assert_ne!(revised.digest(), rule_file("zone-qualification", None).digest());
    bundled::use_prepared([leaked(&revised), leaked(&annual)]);
    // Given again, nothing changes.
    bundled::use_prepared([leaked(&annual), leaked(&revised)]);

    let zq = Ruleset::bundled("zone-qualification").unwrap();
    assert_eq!(zq.digest(), revised.digest());
    assert_eq!(Ruleset::bundled("annual-assessment").unwrap().digest(), annual.digest());
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification");
    for entry in std::fs::read_dir(examples).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert_eq!(zq.score_json(&text), revised.score_json(&text));
    }
    assert!(Ruleset::bundled("zone-qualifications").is_err());
}
