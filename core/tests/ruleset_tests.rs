//! Runs the tests that travel with the bundled rules (`rules/*.tests.toml`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::Path;

fn run(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules").join(name);
    let run = zonescore::ruletest::run_file(&path, None).unwrap_or_else(|e| panic!("{}", e.en));
    assert!(!run.cases.is_empty(), "{name} has no cases");
    let failures: Vec<String> = run
        .cases
        .iter()
        .filter(|c| !c.failures.is_empty())
        .map(|c| {
            format!("{}:\n  {}", c.name, c.failures.iter().map(|f| f.en.as_str()).collect::<Vec<_>>().join("\n  "))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), run.cases.len(), failures.join("\n"));
}

#[test]
fn zone_qualification() {
    run("zone-qualification.tests.toml");
}

#[test]
fn annual_assessment() {
    run("annual-assessment.tests.toml");
}
