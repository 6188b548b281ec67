//! Score bounds and advice against their targets, as ratios measured in turns in one run
//! (absolute times on shared machines swing from run to run): bounds of a half-filled
//! zone-qualification form against the numbers-only score of a complete one (target ≤ 50×),
//! and advice to the next grade (target ≤ 5 ms). `cargo bench -p zonescore --bench whatif`
//! (`WHATIF_ONLY=bounds`, `advise` or `score` repeats one call for 10 s, for a profiler;
//! `WHATIF_CALLS=n` makes n calls, for an instruction count).

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;
use zonescore::input::{parse_json, Input};
use zonescore::Ruleset;

fn example(name: &str) -> Option<Input> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification").join(name);
    parse_json(&std::fs::read(path).ok()?, 1 << 20, 64).ok().map(|p| p.value)
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The median time of one call of `f`, over `rounds` rounds of `reps` calls.
fn time(rounds: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        times.push(t.elapsed().as_secs_f64() / reps as f64);
    }
    median(times)
}

fn main() {
    let (Ok(rules), Some(complete), Some(low)) = (
        Ruleset::bundled("zone-qualification"),
        example("oubei-valves-2013.json"),
        example("qiaoxia-educational-toys-2012.json"),
    ) else {
        eprintln!("whatif bench: cannot load the rules or the examples");
        return;
    };
    // Half filled: identity, organisation and industry answered; quality, brands,
    // innovation, market order, integrity and bonus left blank.
    let mut half = complete.clone();
    for group in ["quality", "brands", "innovation", "market_order", "integrity", "bonus"] {
        half.set(group, None);
    }
    // `WHATIF_ONLY=bounds` (or `advise`, `score`) repeats one call for 10 s, for a profiler.
    if let Ok(only) = std::env::var("WHATIF_ONLY") {
        // `WHATIF_CALLS=n` makes exactly n calls instead: for an instruction count
        // (`valgrind --tool=callgrind`), which does not swing with the machine's load.
        let most = std::env::var("WHATIF_CALLS").ok().and_then(|n| n.parse::<u64>().ok());
        let t = Instant::now();
        let mut calls = 0u64;
        while most.map_or(t.elapsed().as_secs() < 10, |n| calls < n) {
            match only.as_str() {
                "bounds" => drop(black_box(rules.bounds(black_box(&half)))),
                "score" => drop(black_box(rules.score_summary(black_box(&complete)))),
                _ => drop(black_box(rules.advise(black_box(&low), None, 3))),
            }
            calls += 1;
        }
        println!("{calls} calls of {only}");
        return;
    }
    let mut score = Vec::new();
    let mut bounds = Vec::new();
    let mut advise = Vec::new();
    for _ in 0..5 {
        score.push(time(5, 2000, || {
            let _ = black_box(rules.score_summary(black_box(&complete)));
        }));
        bounds.push(time(5, 5, || {
            black_box(rules.bounds(black_box(&half)));
        }));
        advise.push(time(5, 5, || {
            black_box(rules.advise(black_box(&low), None, 3));
        }));
    }
    let (s, b, a) = (median(score), median(bounds), median(advise));
    println!("numbers-only score of a complete submission: {:.1} µs", s * 1e6);
    println!("bounds of a half-filled form:                {:.0} µs = {:.0}× the score (target ≤ 50×)", b * 1e6, b / s);
    println!("advice to the next grade:                    {:.2} ms (target ≤ 5 ms)", a * 1e3);
}
