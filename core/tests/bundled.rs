//! The bundled rulesets are the same rules in every build: with the `toml` feature they are
//! compiled from TOML, without it from the JSON copies build.rs makes; the digests (and so
//! every answer) must match the committed conformance answers either way.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests fail loudly")]

fn committed_digest(case: &str) -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance").join(case).join("expected.json");
    let answer: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    answer["ruleset"]["digest"].as_str().unwrap().to_owned()
}

#[test]
fn bundled_digests_match_the_committed_answers() {
    let zq = zonescore::Ruleset::bundled("zone-qualification").unwrap();
    let aa = zonescore::Ruleset::bundled("annual-assessment").unwrap();
    assert_eq!(zq.digest(), committed_digest("zq-worked-example"));
    assert_eq!(aa.digest(), committed_digest("aa-ordinary"));
}

#[test]
fn without_toml_a_toml_rule_file_is_refused_clearly() {
    let result = zonescore::Ruleset::from_text("format_version = 1\n", None, "rules.toml");
    let code = result.map_or_else(|e| e.diagnostics[0].code.to_string(), |_| String::new());
    if cfg!(feature = "toml") {
        assert_ne!(code, "toml_unsupported");
    } else {
        assert_eq!(code, "toml_unsupported");
    }
}
