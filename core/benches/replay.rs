//! Replay against its bound: replaying 10,000 submissions under two rulesets should cost
//! no more than scoring them twice on the numbers-only path (both on every core). Both are
//! measured in turns in one run and the ratio of medians is printed, since absolute times
//! on shared machines swing from run to run: `cargo bench -p zonescore --bench replay`.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;
use zonescore::input::{parse_json, Input};
use zonescore::Ruleset;

/// 10,000 submissions: the bundled examples with the spot-check pass rate spread over
/// 85–99.99, so that the revised band and the added veto both have work to do.
fn submissions() -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification");
    let mut paths: Vec<_> =
        std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    paths.sort();
    let examples: Vec<Input> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| parse_json(&b, 1 << 20, 64).ok().map(|p| p.value))
        .collect();
    (0..10_000)
        .filter_map(|i| {
            let mut s = examples.get(i % examples.len().max(1))?.clone();
            let rate = format!("{}.{:02}", 85 + (i * 7) % 15, (i * 13) % 100);
            s.set("quality.spot_check_pass_rate_pct", Some(Input::Number(rate)));
            Some(s)
        })
        .collect()
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let (Ok(old), Ok(new)) = (
        Ruleset::bundled("zone-qualification"),
        Ruleset::from_path(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/fixtures/zone-qualification-revised.toml"),
        ),
    ) else {
        eprintln!("replay bench: cannot load the rulesets");
        return;
    };
    let subs = submissions();
    let stored: Vec<zonescore::Stored> = subs.iter().cloned().map(zonescore::Stored::Tree).collect();
    let names: Vec<String> = (0..subs.len()).map(|i| format!("#{i}")).collect();
    let rounds = 15;
    let (mut twice, mut replayed) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(old.score_summary_many(black_box(&subs)));
        black_box(new.score_summary_many(black_box(&subs)));
        twice.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let _ = black_box(zonescore::replay(&old, &new, black_box(&stored), &names, &zonescore::ProbeBase::None));
        replayed.push(t.elapsed().as_secs_f64());
    }
    let (a, b) = (median(twice), median(replayed));
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("{} submissions, {cores} cores, median of {rounds} turns", subs.len());
    println!("  numbers only, scored twice: {:>8.1} ms", a * 1e3);
    println!("  replay (old and new):       {:>8.1} ms", b * 1e3);
    println!("  replay / scoring twice:     {:>8.2}", b / a);
}
