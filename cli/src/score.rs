//! `zonescore score`: score submissions and print scorecards or canonical answers.
//!
//! JSON output: one submission (a single file or `-`) prints exactly the canonical
//! answer (`Ruleset::score_json`) and a newline, byte for byte what Python and the
//! browser return. Several (a folder, or more than one argument) print one JSON array
//! of `{"source": path, "answer": answer}` in input order (folders sorted by name).

use crate::inputs::{self, Source, READ_CAP};
use crate::labels::FieldLabels;
use crate::lang::{Lang, ScoreFormat as Format};
use crate::out::{self, Exit};
use crate::render;
use crate::rules;
use crate::scorecard::{self, Context};
use std::io::IsTerminal;
use zonescore::{Answer, Ruleset};

/// Options of `zonescore score`.
pub struct Options {
    pub paths: Vec<String>,
    pub ruleset: Option<String>,
    pub format: Format,
    pub lang: Lang,
}

/// A ruleset in use, with its labels for human output, loaded once per run.
struct Loaded {
    ruleset: Ruleset,
    info: zonescore::RulesetInfo,
    labels: FieldLabels,
}

impl Loaded {
    fn new(ruleset: Ruleset) -> Self {
        Self { info: ruleset.info(), labels: FieldLabels::new(&ruleset), ruleset }
    }
}

/// The name of a source in a scorecard header.
pub fn display_name(source: &Source, lang: Lang) -> String {
    match source {
        Source::Stdin => lang.pick("（标准输入）", "(standard input)").to_owned(),
        Source::File(_) => source.name(),
    }
}

pub fn run(o: &Options) -> Exit {
    let explicit = match &o.ruleset {
        Some(spec) => match rules::load(spec) {
            Ok(r) => Some(Loaded::new(r)),
            Err(e) => {
                rules::report_error(&e, o.lang);
                return Exit::Usage;
            }
        },
        None => None,
    };
    let args = if o.paths.is_empty() {
        if std::io::stdin().is_terminal() {
            out::error_in(
                "请给出提交文件、文件夹，或用 `-` 从标准输入读取（见 `zonescore score --help`）",
                "give a submission file, a folder, or `-` to read standard input (see `zonescore score --help`)",
            );
            return Exit::Usage;
        }
        vec!["-".to_owned()]
    } else {
        o.paths.clone()
    };
    let sources = match inputs::collect(&args) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                out::error(&e);
            }
            return Exit::Usage;
        }
    };
    let single = inputs::is_single(&args);
    let mut detected: Vec<Loaded> = Vec::new();
    let mut exit = Exit::Ok;
    let mut listed: Vec<serde_json::Value> = Vec::new();
    let mut rows: Vec<crate::rows::Row> = Vec::new();
    let mut printed = 0usize;
    let (mut scored, mut invalid) = (0usize, Vec::new());
    for source in &sources {
        if out::closed() {
            break;
        }
        let bytes = match source.read() {
            Ok(b) => b,
            Err(e) => {
                out::error(&e);
                exit = exit.max(Exit::Usage);
                continue;
            }
        };
        if bytes.len() > READ_CAP {
            let name = source.name();
            out::error_in(
                &format!("{name}：读取 {READ_CAP} 字节后停止"),
                &format!("{name}: stopped reading after {READ_CAP} bytes"),
            );
        }
        let loaded = match &explicit {
            Some(l) => l,
            None => {
                let id = rules::detect(&bytes);
                let pos = match detected.iter().position(|l| l.ruleset.id() == id) {
                    Some(p) => p,
                    None => match Ruleset::bundled(id) {
                        Ok(r) => {
                            detected.push(Loaded::new(r));
                            detected.len() - 1
                        }
                        Err(e) => {
                            rules::report_error(&e, o.lang);
                            return Exit::Usage;
                        }
                    },
                };
                match detected.get(pos) {
                    Some(l) => l,
                    None => return Exit::Usage,
                }
            }
        };
        let answer = loaded.ruleset.score_bytes(&bytes);
        scored += 1;
        if matches!(answer, Answer::Failure(_)) {
            exit = exit.max(Exit::Failed);
            invalid.push(source.name());
        }
        match o.format {
            Format::Json if single => out::print(&format!("{}\n", answer.to_canonical_json())),
            Format::Json => {
                let answer = serde_json::to_value(&answer).unwrap_or_default();
                listed.push(serde_json::json!({ "source": source.name(), "answer": answer }));
            }
            Format::Rows | Format::Csv => {
                let ruleset = loaded.ruleset.id().to_owned();
                rows.push(crate::rows::Row { source: display_name(source, o.lang), ruleset, answer });
            }
            Format::Table | Format::Markdown => {
                let name = display_name(source, o.lang);
                let cx = Context {
                    lang: o.lang,
                    detailed: o.format == Format::Markdown,
                    source: Some(&name),
                    info: &loaded.info,
                    labels: &loaded.labels,
                    ruleset: &loaded.ruleset,
                };
                let doc = scorecard::answer_doc(&answer, &cx);
                let (sep, text) = match o.format {
                    Format::Markdown => ("\n---\n\n", render::markdown(&doc)),
                    _ => ("\n\n", render::text(&doc)),
                };
                if printed > 0 {
                    out::print(sep);
                }
                out::print(&text);
                printed += 1;
            }
        }
    }
    match o.format {
        Format::Json if !single => out::print(&format!("{}\n", zonescore::canonical(&listed))),
        Format::Rows => out::print(&crate::rows::table(&rows, o.lang, false)),
        Format::Csv => out::print(&crate::rows::csv(&rows, o.lang)),
        _ => {}
    }
    if !single {
        out::eprint(&closing_line(scored, &invalid, o.lang));
    }
    exit
}

/// What a run over many files came to, for standard error: `30 份：18 份已评分，12 份无效：…`.
fn closing_line(total: usize, invalid: &[String], lang: Lang) -> String {
    let valid = total - invalid.len();
    match (lang, invalid.is_empty()) {
        (Lang::Zh, true) => format!("共 {total} 份：全部已评分\n"),
        (Lang::Zh, false) => {
            format!("共 {total} 份：{valid} 份已评分，{} 份无效：{}\n", invalid.len(), invalid.join("、"))
        }
        (Lang::En, true) => format!("{total} submissions: all scored\n"),
        (Lang::En, false) => {
            format!("{total} submissions: {valid} scored, {} invalid: {}\n", invalid.len(), invalid.join(", "))
        }
    }
}
