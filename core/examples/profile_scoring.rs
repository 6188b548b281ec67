//! Scores one conformance case many times: a steady workload for profilers
//! (`valgrind --tool=callgrind target/release/examples/profile_scoring`).
fn main() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/zq-worked-example/submission.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let Ok(rules) = zonescore::Ruleset::bundled("zone-qualification") else { return };
    let rounds: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let mut bytes = 0;
    for _ in 0..rounds {
        bytes += rules.score_json(&text).len();
    }
    println!("{bytes}");
}
