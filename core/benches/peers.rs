//! zonescore beside a hand-written scorer of the same rules and datalogic-rs, as speed ratios from one run.
//!
//! Run with `cargo bench -p zonescore --bench peers` (`PEERS_ROUNDS`, default 15, sets the
//! rounds; `PEERS_GENERATED`, default 400, the generated submissions). It reads the valid
//! zone-qualification conformance cases and examples, adds seeded submissions near the band
//! bounds, checks that the hand-written scorer agrees with zonescore on every one (exit 1
//! if not), counts where datalogic-rs differs, then times every contender in turns and
//! prints markdown tables of medians and ratios. Results are in docs/performance.md.

#[path = "peers/batch.rs"]
mod batch;
#[path = "peers/exact_json.rs"]
mod exact_json;
#[path = "peers/generate.rs"]
mod generate;
#[path = "peers/handwritten.rs"]
mod handwritten;
#[path = "peers/host.rs"]
mod host;
#[path = "peers/jsonlogic.rs"]
mod jsonlogic;
#[path = "peers/timing.rs"]
mod timing;

use datalogic_rs::{DataValue, Engine, Logic};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::path::Path;
use std::str::FromStr;
use timing::Contender;
use zonescore::{Detail, Input, Lang, RowColumns, RowValue, Ruleset, ScoreOptions, ScoreSummary, ValidSubmission};

type Failed = Box<dyn std::error::Error>;

/// One submission in every input form a contender reads.
struct Case {
    name: String,
    text: String,
    tree: Input,
    value: serde_json::Value,
    typed: handwritten::Submission,
    record: ValidSubmission,
    /// The submission as a table's row: its columns matched to fields, and its cells.
    row: (RowColumns, Vec<Cell>),
    expected: ScoreSummary,
}

/// A table cell as a DataFrame holds it: a number's or a text's characters, or a boolean.
enum Cell {
    Number(String),
    Text(String),
    Bool(bool),
}

impl Cell {
    fn value(&self) -> RowValue<'_> {
        match self {
            Self::Number(n) => RowValue::Number(n),
            Self::Text(t) => RowValue::Text(t),
            Self::Bool(b) => RowValue::Bool(*b),
        }
    }
}

/// The leaves of a submission as dotted column names and cells (`meta` left out).
fn flatten(prefix: &str, input: &Input, out: &mut Vec<(String, Cell)>) {
    let name = |k: &str| if prefix.is_empty() { k.to_owned() } else { format!("{prefix}.{k}") };
    match input {
        Input::Object(members) => {
            for (k, v) in members.iter().filter(|(k, _)| !(prefix.is_empty() && k == "meta")) {
                flatten(&name(k), v, out);
            }
        }
        Input::Number(n) => out.push((prefix.to_owned(), Cell::Number(n.clone()))),
        Input::String(t) => out.push((prefix.to_owned(), Cell::Text(t.clone()))),
        Input::Bool(b) => out.push((prefix.to_owned(), Cell::Bool(*b))),
        _ => {}
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("peers: {e}");
        std::process::exit(1);
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The valid zone-qualification conformance cases and examples, by name.
fn real_cases(rules: &Ruleset) -> Result<Vec<(String, String)>, Failed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/conformance"))? {
        let dir = entry?.path();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name.starts_with("zq-") {
            found.push((name, std::fs::read_to_string(dir.join("submission.json"))?));
        }
    }
    for entry in std::fs::read_dir(root.join("rules/examples/zone-qualification"))? {
        let path = entry?.path();
        let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        found.push((format!("example {name}"), std::fs::read_to_string(&path)?));
    }
    found.sort();
    // Invalid ones on purpose are left out: every contender here scores.
    found.retain(|(_, text)| rules.score_summary_bytes(text.as_bytes()).is_ok());
    Ok(found)
}

fn case(rules: &Ruleset, name: String, text: String) -> Result<Case, Failed> {
    let tree = zonescore::input::parse_json(text.as_bytes(), zonescore::MAX_SUBMISSION_BYTES, zonescore::MAX_DEPTH)
        .map_err(|e| format!("{name}: {e:?}"))?
        .value;
    let record = rules.check(&tree).map_err(|_| format!("{name}: invalid"))?;
    let expected = rules.score_summary(&tree).map_err(|_| format!("{name}: invalid"))?;
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))?;
    let typed =
        handwritten::parse_text(&text).map_err(|e| format!("{name}: the hand-written reader refuses it: {e}"))?;
    let mut cells = Vec::new();
    flatten("", &tree, &mut cells);
    let columns = rules.row_columns(&cells.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
    let row: (RowColumns, Vec<Cell>) = (columns, cells.into_iter().map(|(_, c)| c).collect());
    let values: Vec<RowValue<'_>> = row.1.iter().map(Cell::value).collect();
    if rules.summarize_row(&row.0, &values).as_ref() != Some(&expected) {
        return Err(format!("{name}: its row of cells does not score as its tree").into());
    }
    Ok(Case { name, text, tree, value, typed, record, row, expected })
}

fn same(zs: &ScoreSummary, hw: &handwritten::Summary) -> bool {
    zs.final_score == hw.final_score && zs.grade == hw.grade && zs.outcome == hw.outcome && zs.points == hw.points
}

/// The check before timing: every entry of the hand-written scorer gives zonescore's numbers.
fn check_handwritten(rules: &Ruleset, cases: &[Case]) -> Result<(), Failed> {
    let (mut lossy, mut straight) = (0, 0);
    for c in cases {
        let typed = handwritten::score(&c.typed);
        let text = handwritten::from_text(&c.text);
        let record = rules.summarize(&c.record);
        for (entry, got) in [("typed struct", &typed), ("JSON text", &text)] {
            match got {
                Ok(hw) if same(&c.expected, hw) => {}
                other => {
                    return Err(format!(
                        "{}: the hand-written scorer from its {entry} gives {other:?}, zonescore {:?}",
                        c.name, c.expected
                    )
                    .into())
                }
            }
        }
        if record != c.expected {
            return Err(format!("{}: summarize(check) gives {record:?}, score_summary {:?}", c.name, c.expected).into());
        }
        // A serde_json Value holds f64 numbers: compare with zonescore reading that Value's text.
        let value_text = serde_json::to_string(&c.value)?;
        let from_value = handwritten::from_value(&c.value);
        let (from_host, was_straight) = host::summary(rules, &c.value);
        straight += usize::from(was_straight);
        match (rules.score_summary_bytes(value_text.as_bytes()), &from_value) {
            (Ok(zs), Ok(hw)) if same(&zs, hw) && from_host.as_ref() == Some(&zs) => {
                lossy += usize::from(zs != c.expected);
            }
            (Err(_), Err(_)) => lossy += 1,
            (zs, hw) => {
                return Err(format!(
                    "{}: from a Value, hand-written {hw:?}, zonescore {:?}, as a binding reads it {from_host:?}",
                    c.name,
                    zs.ok()
                )
                .into())
            }
        }
    }
    println!(
        "check: the hand-written scorer agrees with zonescore on all {} submissions (typed struct, JSON text; \
         from a serde_json Value as that Value reads, which differs from the text on {lossy}); \
         read as a binding reads a host's tree, {straight} of them go straight into the record",
        cases.len()
    );
    Ok(())
}

/// The numbers compared with datalogic-rs.
struct Numbers {
    final_score: Decimal,
    grade: String,
    outcome: String,
    points: Vec<Decimal>,
}

/// datalogic-rs's answer as numbers (its f64s read through their shortest text).
fn datalogic_summary(v: &DataValue<'_>) -> Option<Numbers> {
    let row = v.as_array()?.first()?.as_array()?;
    let dec = |v: &DataValue<'_>| Decimal::from_str(&v.as_f64()?.to_string()).ok();
    let mut items = row.iter();
    let final_score = dec(items.next()?)?;
    let grade = items.next()?.as_str()?.to_owned();
    let outcome = items.next()?.as_str()?.to_owned();
    let points = items.map(dec).collect::<Option<Vec<_>>>()?;
    Some(Numbers { final_score, grade, outcome, points })
}

/// What differs between zonescore's numbers and datalogic-rs's, or `None`.
fn differs(ids: &[&str], zs: &ScoreSummary, dl: &Numbers) -> Option<String> {
    let mut why: Vec<String> = ids
        .iter()
        .zip(zs.points.iter().zip(&dl.points))
        .filter(|(_, (a, b))| a != b)
        .map(|(id, (a, b))| format!("{id} {a} vs {b}"))
        .collect();
    if zs.final_score != dl.final_score || zs.grade != dl.grade || zs.outcome != dl.outcome {
        why.push(format!(
            "final {} {} {} vs {} {} {}",
            zs.final_score, zs.grade, zs.outcome, dl.final_score, dl.grade, dl.outcome
        ));
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// Counts and lists the submissions datalogic-rs scores differently from zonescore.
fn check_datalogic(engine: &Engine, logic: &Logic, rules: &Ruleset, cases: &[Case]) -> Result<usize, Failed> {
    let ids = rules.criterion_ids();
    let mut session = engine.session();
    let mut differing = 0;
    for c in cases {
        let answer = session.eval_borrowed(logic, &c.value).map_err(|e| format!("{}: datalogic-rs: {e}", c.name))?;
        let dl = datalogic_summary(answer).ok_or_else(|| format!("{}: datalogic-rs answers {answer}", c.name))?;
        if dl.points.len() != ids.len() {
            return Err(format!("datalogic-rs gives {} points, zonescore {}", dl.points.len(), ids.len()).into());
        }
        if let Some(why) = differs(&ids, &c.expected, &dl) {
            differing += 1;
            println!("  datalogic-rs differs on {}: {why} (zonescore vs datalogic-rs)", c.name);
        }
        session.reset();
    }
    println!("check: datalogic-rs scores {differing} of {} submissions differently from zonescore", cases.len());
    Ok(differing)
}

fn run() -> Result<(), Failed> {
    let rounds = env_number("PEERS_ROUNDS", 15).max(3);
    let generated = env_number("PEERS_GENERATED", 400);
    let rules = Ruleset::bundled("zone-qualification")?;
    if rules.criterion_ids().len() != handwritten::CRITERIA {
        return Err(format!("zonescore lists {:?}", rules.criterion_ids()).into());
    }
    let real = real_cases(&rules)?;
    let bases: Vec<serde_json::Value> =
        real.iter().filter_map(|(_, t)| serde_json::from_str(t.trim_start_matches('\u{feff}')).ok()).collect();
    let made = generate::submissions(&bases, generated, 0x5EED_2011);
    let mut texts = real.clone();
    let mut kept = 0;
    for (i, text) in made.into_iter().enumerate() {
        if rules.score_summary_bytes(text.as_bytes()).is_ok() {
            kept += 1;
            texts.push((format!("generated #{i}"), text));
        }
    }
    println!(
        "submissions: {} real (conformance cases and examples) + {kept} of {generated} generated kept valid",
        real.len()
    );
    let cases = texts.into_iter().map(|(n, t)| case(&rules, n, t)).collect::<Result<Vec<_>, _>>()?;
    check_handwritten(&rules, &cases)?;
    let engine = Engine::new();
    let logic = engine.compile(&jsonlogic::rule())?;
    let differing = check_datalogic(&engine, &logic, &rules, &cases)?;

    let reasons = ScoreOptions { detail: Detail::Reasons, lang: Lang::Both };
    let numbers = ScoreOptions { detail: Detail::Numbers, lang: Lang::Both };
    // The answers timed below must be successes, not failure answers that are cheaper to make.
    for c in &cases {
        let answers = [
            rules.score_json(&c.text),
            rules.score_json_with(&c.text, &reasons),
            rules.score_json_with(&c.text, &numbers),
        ];
        if let Some(a) = answers.iter().find(|a| !a.contains("\"success\"")) {
            return Err(format!("{}: zonescore answers {}", c.name, a.chars().take(200).collect::<String>()).into());
        }
    }
    let session = std::cell::RefCell::new(engine.session());
    let dl_eval = |data: &serde_json::Value| {
        let mut s = session.borrow_mut();
        let len = s.eval_borrowed(&logic, data).ok().and_then(|v| v.as_array()).map_or(0, <[_]>::len);
        s.reset();
        len
    };
    let dl_native = |text: &str| {
        let mut s = session.borrow_mut();
        let len = s.eval_borrowed(&logic, text).ok().and_then(|v| v.as_array()).map_or(0, <[_]>::len);
        s.reset();
        len
    };
    let each = |f: &dyn Fn(&Case) -> usize| cases.iter().map(|c| black_box(f(black_box(c)))).sum::<usize>();
    let ok = |r: bool| usize::from(r);
    let contenders: Vec<Contender<'_>> = vec![
        Contender::new("hw typed", || each(&|c| ok(handwritten::score(&c.typed).is_ok()))),
        Contender::new("zs record", || each(&|c| rules.summarize(&c.record).points.len())),
        Contender::new("hw value", || each(&|c| ok(handwritten::from_value(&c.value).is_ok()))),
        Contender::new("zs tree", || each(&|c| ok(rules.score_summary(&c.tree).is_ok()))),
        Contender::new("zs host", || each(&|c| ok(host::summary(&rules, &c.value).0.is_some()))),
        Contender::new("zs row", || {
            each(&|c| {
                let row: Vec<RowValue<'_>> = c.row.1.iter().map(Cell::value).collect();
                ok(rules.summarize_row(&c.row.0, &row).is_some())
            })
        }),
        Contender::new("hw text", || each(&|c| ok(handwritten::from_text(&c.text).is_ok()))),
        Contender::new("zs text", || each(&|c| ok(rules.score_summary_bytes(c.text.as_bytes()).is_ok()))),
        Contender::new("zs full", || each(&|c| rules.score_json(&c.text).len())),
        Contender::new("zs reasons", || each(&|c| rules.score_json_with(&c.text, &reasons).len())),
        Contender::new("zs numbers json", || each(&|c| rules.score_json_with(&c.text, &numbers).len())),
        Contender::new("dl value", || each(&|c| dl_eval(&c.value))),
        Contender::new("dl text", || {
            each(&|c| serde_json::from_str::<serde_json::Value>(&c.text).map_or(0, |v| dl_eval(&v)))
        }),
        Contender::new("dl native text", || each(&|c| dl_native(&c.text))),
    ];
    // For a profiler: `PEERS_ONLY="zs full"` runs that one contender for 10 seconds.
    if let Ok(only) = std::env::var("PEERS_ONLY") {
        return timing::run_only(&contenders, &only, std::time::Duration::from_secs(10));
    }
    let medians = timing::measure(&contenders, rounds);
    let many: Vec<Input> = cases.iter().map(|c| c.tree.clone()).cycle().take(10_000).collect();
    // A control: the speed-up the machine gives right now to work that shares nothing
    // (the hand-written scorer, split the same way, keeping nothing), as other processes may
    // hold a core. 200,000 of them, about as long as the batch: over 10,000 (some 10 ms) it
    // measured the start of a thread more than the machine, 0.98–1.79× from run to run.
    let typed: Vec<&handwritten::Submission> = cases.iter().map(|c| &c.typed).cycle().take(200_000).collect();
    let score_all = |part: &[&handwritten::Submission]| part.iter().filter(|s| handwritten::score(s).is_ok()).count();
    let listed: Vec<zonescore::Submission<'_>> = many.iter().map(zonescore::Submission::Tree).collect();
    let kept = |answer: zonescore::Answer| matches!(answer, zonescore::Answer::Success(_));
    let batch = vec![
        batch::Side::new("batch all cores", || rules.score_many(&many)),
        // The loop keeps its answers too, as `score_many` does: the same memory traffic.
        batch::Side::new("batch one core", || many.iter().map(|s| rules.score(s)).collect::<Vec<_>>()),
        // Each answer handed to the caller as it is made, who keeps what it needs (here
        // whether it scored), and dropped in the thread that made it: `answer_each`, as a
        // service writing each answer out would use it.
        batch::Side::new("each all cores", || rules.answer_each(&listed, kept)),
        batch::Side::new("each one core", || many.iter().map(|s| kept(rules.score(s))).collect::<Vec<_>>()),
        batch::Side::new("control one core", || score_all(&typed)),
        batch::Side::new("control all cores", || {
            let chunk = typed.len().div_ceil(std::thread::available_parallelism().map_or(1, usize::from));
            std::thread::scope(|scope| {
                let parts: Vec<_> = typed.chunks(chunk).map(|part| scope.spawn(move || score_all(part))).collect();
                parts.into_iter().map(|h| h.join().unwrap_or(0)).sum::<usize>()
            })
        }),
    ];
    let batch_timed = batch::measure(&batch, rounds);
    timing::report(&medians, cases.len(), rounds, differing);
    batch::report(&batch_timed);
    Ok(())
}
