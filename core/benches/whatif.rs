//! Score bounds and advice against their targets, as ratios measured in turns in one run
//! (absolute times on shared machines swing from run to run): bounds of a half-filled
//! zone-qualification form against the numbers-only score of a complete one (target ≤ 50×),
//! and advice to the next grade (target ≤ 5 ms). `cargo bench -p zonescore --bench whatif`
//! (`WHATIF_ROUNDS=n` sets the rounds, 15 by default; `WHATIF_ONLY=bounds`, `advise` or
//! `score` repeats one call for 10 s, for a profiler; `WHATIF_CALLS=n` makes n calls, for an
//! instruction count).

// The peers bench's timing: every contender once a round, the order rotating, samples of at
// least 25 ms. Its tables are the peers bench's own.
#[allow(dead_code, reason = "the report of the peers bench is not used here")]
#[path = "peers/timing.rs"]
mod timing;

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;
use timing::Contender;
use zonescore::input::{parse_json, Input};
use zonescore::{AdviceAnswer, BoundsAnswer, Ruleset};

fn example(name: &str) -> Option<Input> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification").join(name);
    parse_json(&std::fs::read(path).ok()?, 1 << 20, 64).ok().map(|p| p.value)
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
    let contenders = [
        Contender::new("score", || usize::from(rules.score_summary(black_box(&complete)).is_ok())),
        Contender::new("bounds", || usize::from(matches!(rules.bounds(black_box(&half)), BoundsAnswer::Bounds(_)))),
        Contender::new("advise", || {
            usize::from(matches!(rules.advise(black_box(&low), None, 3), AdviceAnswer::Advice(_)))
        }),
    ];
    let rounds = std::env::var("WHATIF_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(15);
    let medians = timing::measure(&contenders, rounds);
    let of = |name: &str| medians.iter().find(|(n, _)| *n == name).map_or(f64::NAN, |(_, t)| *t);
    let (s, b, a) = (of("score"), of("bounds"), of("advise"));
    println!("numbers-only score of a complete submission: {:.1} µs", s * 1e6);
    println!("bounds of a half-filled form:                {:.0} µs = {:.0}× the score (target ≤ 50×)", b * 1e6, b / s);
    println!("advice to the next grade:                    {:.2} ms (target ≤ 5 ms)", a * 1e3);
}
