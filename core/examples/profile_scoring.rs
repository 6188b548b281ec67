//! Scores one conformance case many times: a steady workload for profilers.
//! `profile_scoring [rounds] [report|summary|validate]`, e.g.
//! `valgrind --tool=callgrind target/release/examples/profile_scoring 1000 summary`.
fn main() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/zq-worked-example/submission.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let Ok(rules) = zonescore::Ruleset::bundled("zone-qualification") else { return };
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let what = args.next().unwrap_or_else(|| "report".into());
    let tree =
        zonescore::input::parse_json(text.as_bytes(), 1 << 20, 64).map(|p| p.value).unwrap_or(zonescore::Input::Null);
    let mut work = 0usize;
    for _ in 0..rounds {
        work += match what.as_str() {
            "summary" => rules.score_summary(&tree).map_or(0, |s| s.points.len()),
            "validate" => rules.validate(&tree).errors.len(),
            _ => rules.score_json(&text).len(),
        };
    }
    println!("{work}");
}
