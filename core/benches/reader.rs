//! The strict JSON reader beside serde_json reading the same texts into a `Value`, as a ratio.
//!
//! Runs over the real submissions (the conformance cases and the bundled examples) that are
//! valid JSON. The two readers take turns within each round, so drift in the machine (clock,
//! caches, a neighbour's build) lands on both; the median round is reported, not the best.
//! A plain loop rather than criterion: the answer wanted is one ratio, and criterion would
//! time the two readers minutes apart.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zonescore::input::parse_json;

const ROUNDS: usize = 31;
/// Each timed batch reads every text this many times, long enough (milliseconds) that the
/// clock's resolution does not matter.
const PASSES: usize = 40;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The submissions: every conformance case's `submission.json` and every example file.
fn texts() -> Vec<String> {
    let root = repo_root();
    let mut paths = Vec::new();
    if let Ok(cases) = std::fs::read_dir(root.join("tests/conformance")) {
        paths.extend(cases.flatten().map(|c| c.path().join("submission.json")).filter(|p| p.is_file()));
    }
    json_files(&root.join("rules/examples"), &mut paths);
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        // Only valid JSON: both readers must do the whole job, not stop at the first error.
        .filter(|t| serde_json::from_str::<serde_json::Value>(t).is_ok())
        .collect()
}

fn time(mut read: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..PASSES {
        read();
    }
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then one quick
    // pass checks the bench still runs.
    let quick = !std::env::args().any(|a| a == "--bench");
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let ours = || {
        for t in &texts {
            black_box(parse_json(black_box(t.as_bytes()), 1 << 20, 64).ok());
        }
    };
    let serde = || {
        for t in &texts {
            black_box(serde_json::from_str::<serde_json::Value>(black_box(t)).ok());
        }
    };
    if quick {
        ours();
        serde();
        println!("reader: {} texts read once by each reader (run `cargo bench` to time)", texts.len());
        return;
    }
    // Warm both up so neither pays for first-touch page faults in its timed rounds.
    for _ in 0..3 {
        time(ours);
        time(serde);
    }
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Alternate who goes first, so neither always runs on the warmer cache.
        let (x, y) = if round % 2 == 0 {
            let x = time(ours);
            (x, time(serde))
        } else {
            let y = time(serde);
            (time(ours), y)
        };
        ratios.push(x.as_secs_f64() / y.as_secs_f64());
        a.push(x);
        b.push(y);
    }
    ratios.sort_by(f64::total_cmp);
    let per_pass = |d: Duration| d.as_secs_f64() * 1e6 / PASSES as f64;
    let (ours_us, serde_us) = (per_pass(median(a)), per_pass(median(b)));
    let mb_s = |us: f64| bytes as f64 / us;
    println!("reader: {} texts, {} bytes, median of {ROUNDS} rounds", texts.len(), bytes);
    println!("  parse_json            {ours_us:9.1} µs per pass  ({:6.1} MB/s)", mb_s(ours_us));
    println!("  serde_json::Value     {serde_us:9.1} µs per pass  ({:6.1} MB/s)", mb_s(serde_us));
    println!(
        "  ratio parse_json / serde_json: {:.3} (median of medians), {:.3} (median round; range {:.3}–{:.3})",
        ours_us / serde_us,
        ratios.get(ROUNDS / 2).copied().unwrap_or_default(),
        ratios.first().copied().unwrap_or_default(),
        ratios.last().copied().unwrap_or_default(),
    );
}
