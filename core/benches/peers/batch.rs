//! The batch row in parts: making the answers, the caller's drop of them, and the page faults of each.

use std::any::Any;
use std::hint::black_box;
use std::time::Instant;

use crate::timing::median;

/// One side of the batch (or a control): what it makes is kept until its clock has stopped,
/// then dropped under a clock of its own, so that a run shows what each part costs.
pub struct Side<'a> {
    pub name: &'static str,
    run: Box<dyn Fn() -> Box<dyn Any> + 'a>,
}

impl<'a> Side<'a> {
    pub fn new<T: 'static>(name: &'static str, run: impl Fn() -> T + 'a) -> Self {
        Self { name, run: Box::new(move || Box::new(run()) as Box<dyn Any>) }
    }
}

/// A side's medians over the rounds, in seconds, and its page faults a round.
pub struct Timed {
    pub name: &'static str,
    /// Making and dropping, as one pass: what the batch row compares.
    pub total: f64,
    pub make: f64,
    pub drop: f64,
    /// Minor page faults while making: the median round's and the most in a round (Linux).
    pub faults: Option<(u64, u64)>,
}

/// Every side once a round, the order rotating as `timing::measure` rotates it.
pub fn measure(sides: &[Side<'_>], rounds: usize) -> Vec<Timed> {
    for side in sides {
        drop(black_box((side.run)()));
    }
    let n = sides.len();
    let mut samples = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            let Some(side) = sides.get(i) else { continue };
            let before = minor_faults();
            let start = Instant::now();
            let made = black_box((side.run)());
            let made_at = Instant::now();
            let faults = minor_faults().zip(before).map(|(after, before)| after.saturating_sub(before));
            drop(made);
            let dropped_at = Instant::now();
            if let Some(s) = samples.get_mut(i) {
                s.push(((made_at - start).as_secs_f64(), (dropped_at - made_at).as_secs_f64(), faults));
            }
        }
    }
    sides
        .iter()
        .zip(samples)
        .map(|(side, s)| {
            let faults: Option<Vec<u64>> = s.iter().map(|(_, _, f)| *f).collect();
            Timed {
                name: side.name,
                total: median(s.iter().map(|(m, d, _)| m + d).collect()),
                make: median(s.iter().map(|(m, _, _)| *m).collect()),
                drop: median(s.iter().map(|(_, d, _)| *d).collect()),
                faults: faults.map(|mut f| {
                    f.sort_unstable();
                    (f.get(f.len() / 2).copied().unwrap_or(0), f.last().copied().unwrap_or(0))
                }),
            }
        })
        .collect()
}

/// The process's minor page faults so far, every thread's (`/proc/self/stat`, field 10);
/// `None` where there is no such file.
fn minor_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: count from after it.
    let after_name = stat.get(stat.rfind(')')? + 1..)?;
    after_name.split_whitespace().nth(7)?.parse().ok()
}

/// Prints the batch section (markdown).
pub fn report(timed: &[Timed]) {
    let find = |name: &str| timed.iter().find(|t| t.name == name);
    let (Some(all), Some(one)) = (find("batch all cores"), find("batch one core")) else { return };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("\n### 10,000 explained answers (`score_many` on {cores} cores vs a loop of `score`)\n");
    println!("| speed-up (one core ÷ every core) | target | met |");
    println!("|---|---|---|");
    let speedup = one.total / all.total;
    println!("| {speedup:.2}× | ≥ 1.7× | {} |", if speedup >= 1.7 { "yes" } else { "**no**" });
    let ms = |s: f64| s * 1e3;
    println!(
        "\nIn parts (medians of the rounds): making the answers {:.2}× ({:.1} ms against {:.1}); the \
         caller's drop of them, on its one thread either way, {:.1} ms and {:.1}.",
        one.make / all.make,
        ms(all.make),
        ms(one.make),
        ms(all.drop),
        ms(one.drop),
    );
    if let (Some((all_median, all_most)), Some((one_median, one_most))) = (all.faults, one.faults) {
        println!(
            "Page faults while making, a round: {all_median} (at most {all_most}) on every core, \
             {one_median} (at most {one_most}) on one."
        );
        if all_median > one_median {
            println!(
                "The allocator gave a helper thread's freed memory back to the system, and the next \
                 round faulted it in again (glibc does by default; docs/performance.md)."
            );
        }
    }
    if let (Some(e_all), Some(e_one)) = (find("each all cores"), find("each one core")) {
        println!(
            "\nHanded over as they are made (`answer_each`: the caller keeps what it needs of each \
             answer, and the answer is dropped in the thread that made it, while still in its cache): \
             {:.2}× ({:.1} ms against {:.1}, making and dropping).",
            e_one.total / e_all.total,
            ms(e_all.total),
            ms(e_one.total),
        );
    }
    if let (Some(c_all), Some(c_one)) = (find("control all cores"), find("control one core")) {
        let control = c_one.total / c_all.total;
        println!("\nControl: the hand-written scorer split the same way over 200,000 gets {control:.2}× on this run.");
    }
    let per_answer = |s: f64| s * 1e6 / 10_000.0;
    println!(
        "\nMedian µs per answer: batch all cores {:.2}, batch one core {:.2}.",
        per_answer(all.total),
        per_answer(one.total)
    );
}
