//! Timing in turns (every contender once per round, the order rotating) and the markdown tables of ratios.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One thing timed: a pass over every submission.
pub struct Contender<'a> {
    pub name: &'static str,
    run: Box<dyn Fn() -> usize + 'a>,
}

impl<'a> Contender<'a> {
    pub fn new(name: &'static str, run: impl Fn() -> usize + 'a) -> Self {
        Self { name, run: Box::new(run) }
    }
}

/// Shortest sample: a fast contender repeats its pass until a sample is this long, so the
/// clock's resolution and one interruption weigh little.
const SAMPLE: Duration = Duration::from_millis(25);

/// Median seconds per pass of each contender over `rounds` rounds. In each round every
/// contender runs once, starting from a different one each round, so that machine noise
/// (another process, frequency changes) falls on all alike rather than on one.
pub fn measure(contenders: &[Contender<'_>], rounds: usize) -> Vec<(&'static str, f64)> {
    let reps: Vec<u32> = contenders
        .iter()
        .map(|c| {
            black_box((c.run)());
            let start = Instant::now();
            black_box((c.run)());
            let once = start.elapsed().max(Duration::from_nanos(1));
            u32::try_from(SAMPLE.as_nanos() / once.as_nanos()).unwrap_or(u32::MAX).max(1)
        })
        .collect();
    let n = contenders.len();
    let mut samples = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            let (Some(c), Some(&r)) = (contenders.get(i), reps.get(i)) else { continue };
            let start = Instant::now();
            for _ in 0..r {
                black_box((c.run)());
            }
            if let Some(s) = samples.get_mut(i) {
                s.push(start.elapsed().as_secs_f64() / f64::from(r));
            }
        }
    }
    contenders.iter().zip(samples).map(|(c, s)| (c.name, median(s))).collect()
}

/// Runs the contender called `name` alone for about `time`, for a profiler to watch.
pub fn run_only(contenders: &[Contender<'_>], name: &str, time: Duration) -> Result<(), Box<dyn std::error::Error>> {
    let c = contenders.iter().find(|c| c.name == name).ok_or_else(|| format!("no contender `{name}`"))?;
    let start = Instant::now();
    let mut passes = 0_u32;
    while start.elapsed() < time {
        black_box((c.run)());
        passes += 1;
    }
    println!("{name}: {passes} passes in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn time_of(medians: &[(&str, f64)], name: &str) -> f64 {
    medians.iter().find(|(n, _)| *n == name).map_or(f64::NAN, |(_, t)| *t)
}

fn verdict(ratio: f64, target: f64) -> &'static str {
    if ratio <= target {
        "yes"
    } else {
        "**no**"
    }
}

/// Prints the tables (markdown, to paste into docs/performance.md).
pub fn report(medians: &[(&str, f64)], submissions: usize, rounds: usize, differing: usize) {
    let t = |name: &str| time_of(medians, name);
    let per = |name: &str| t(name) / submissions as f64 * 1e6;
    println!("\n### zonescore ÷ hand-written scorer, same input form ({submissions} submissions, median of {rounds} rounds)\n");
    println!("| zonescore | hand-written scorer | zonescore ÷ hand-written | target | met |");
    println!("|---|---|---|---|---|");
    let rows: [(&str, &str, &str, &str, Option<f64>); 8] = [
        (
            "numbers only from a validated record (`summarize`)",
            "zs record",
            "from its deserialised struct",
            "hw typed",
            Some(3.0),
        ),
        (
            "numbers only from an `Input` tree, validation included (`score_summary`)",
            "zs tree",
            "from a `serde_json::Value`",
            "hw value",
            Some(1.0),
        ),
        (
            "numbers only from a host's tree as the bindings read it (`HostReader`), validation included",
            "zs host",
            "from a `serde_json::Value`",
            "hw value",
            None,
        ),
        (
            "numbers only from a table's row of cells, validation included (`summarize_row`)",
            "zs row",
            "from a `serde_json::Value`",
            "hw value",
            None,
        ),
        ("numbers only from JSON text (`score_summary_bytes`)", "zs text", "from JSON text", "hw text", Some(1.3)),
        (
            "explained answer from JSON text, both languages (`score_json`)",
            "zs full",
            "from JSON text (numbers)",
            "hw text",
            Some(8.0),
        ),
        (
            "`reasons` answer from JSON text (`score_json_with`)",
            "zs reasons",
            "from JSON text (numbers)",
            "hw text",
            Some(2.5),
        ),
        (
            "`numbers` answer from JSON text (`score_json_with`)",
            "zs numbers json",
            "from JSON text (numbers)",
            "hw text",
            None,
        ),
    ];
    for (what, zs, base, hw, target) in rows {
        let ratio = t(zs) / t(hw);
        let (target_text, met) = match target {
            Some(x) => (format!("≤ {x}×"), verdict(ratio, x)),
            None => ("—".to_owned(), "—"),
        };
        println!("| {what} | {base} | {ratio:.2}× | {target_text} | {met} |");
    }
    println!(
        "\n### zonescore ÷ datalogic-rs 5.4, numbers only (datalogic-rs differs on {differing} of {submissions})\n"
    );
    println!("| input form | zonescore | datalogic-rs | zonescore ÷ datalogic-rs | target | met |");
    println!("|---|---|---|---|---|---|");
    let dl_rows = [
        ("parsed", "`Input` tree (`score_summary`)", "zs tree", "`serde_json::Value`", "dl value"),
        ("JSON text", "`score_summary_bytes`", "zs text", "text → `serde_json::Value` → evaluate", "dl text"),
        ("JSON text", "`score_summary_bytes`", "zs text", "its own reader (`&str` input)", "dl native text"),
    ];
    for (form, zs_what, zs, dl_what, dl) in dl_rows {
        let ratio = t(zs) / t(dl);
        println!("| {form} | {zs_what} | {dl_what} | {ratio:.2}× | < 1× | {} |", verdict(ratio, 0.999));
    }
    println!("\nMedian µs per submission on this run (absolute times swing run to run; read the ratios):");
    let mut names: Vec<&str> = medians.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    for name in names {
        println!("  {name:<16} {:>9.2}", per(name));
    }
}
