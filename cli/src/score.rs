//! `zonescore score`: score submissions and print scorecards or canonical answers.
//!
//! JSON output: one submission (a single file or `-`) prints exactly the canonical
//! answer (`Ruleset::score_json`) and a newline, byte for byte what Python and the
//! browser return. Several (a folder, or more than one argument) print one JSON array
//! of `{"source": path, "answer": answer}` in input order (folders sorted by name).

use crate::inputs::{self, Source};
use crate::lang::{Lang, ScoreFormat as Format};
use crate::out::{self, Exit};
use crate::progress::Progress;
use crate::render;
use crate::rules;
use crate::scorecard::{self, Context};
use crate::workbook;
use std::io::IsTerminal;
use std::path::Path;
use zonescore::xlsx::ResultEntry;
use zonescore::{Answer, Ruleset};

/// Options of `zonescore score`.
pub struct Options {
    pub paths: Vec<String>,
    pub ruleset: Option<String>,
    pub format: Format,
    /// Where xlsx and html output go (standard output for html when absent).
    pub output: Option<String>,
    /// `-o` may replace a file that is not zonescore's own results.
    pub force: bool,
    pub lang: Lang,
    /// Detail and languages of JSON answers.
    pub answer: zonescore::ScoreOptions,
    /// JSON as the canonical bytes rather than indented.
    pub compact: bool,
}

impl Options {
    /// Whether JSON answers are made with options other than the full answer in both languages.
    fn shaped(&self) -> bool {
        self.format == Format::Json && self.answer != zonescore::ScoreOptions::default()
    }

    /// JSON text as this run prints it: canonical with --compact, indented otherwise.
    fn json_text(&self, canonical: String) -> String {
        if self.compact {
            return canonical;
        }
        // Answers hold decimals as strings, so reading them back into a tree loses nothing.
        serde_json::from_str::<serde_json::Value>(&canonical).map_or(canonical, |v| zonescore::pretty(&v))
    }
}

/// A ruleset in use, with its identity for human output, loaded once per run.
struct Loaded {
    ruleset: Ruleset,
    info: zonescore::RulesetInfo,
}

impl Loaded {
    fn new(ruleset: Ruleset) -> Self {
        Self { info: ruleset.info(), ruleset }
    }
}

/// The name of a source in a scorecard header.
pub fn display_name(source: &Source, lang: Lang) -> String {
    match source {
        Source::Stdin => lang.pick("（标准输入）", "(standard input)").to_owned(),
        Source::File(_) => source.name(),
    }
}

/// Whether `-o` goes with the format (xlsx needs it, html may have it, the others print),
/// and `--detail` and `--compact` with JSON.
fn check_output(o: &Options) -> Result<(), Exit> {
    if o.format != Format::Json && (o.answer.detail != zonescore::Detail::Full || o.compact) {
        out::error_in(
            "`--detail` 和 `--compact` 只用于 `--format json`",
            "`--detail` and `--compact` are for `--format json`",
        );
        return Err(Exit::Usage);
    }
    match (o.format, &o.output) {
        (Format::Xlsx, None) => {
            out::error_in(
                "xlsx 是二进制工作簿，不写到终端或标准输出：请用 `-o results.xlsx` 指定文件",
                "xlsx is a binary workbook, not written to a terminal or standard output: name a file with `-o results.xlsx`",
            );
            Err(Exit::Usage)
        }
        (Format::Xlsx, Some(path)) if !crate::workbook::named_as_workbook(path) => Err(Exit::Usage),
        (Format::Xlsx | Format::Html, _) | (_, None) => Ok(()),
        (_, Some(_)) => {
            out::error_in(
                "`-o` 只用于 `--format xlsx` 和 `--format html`；其他格式写到标准输出（可用 `>` 重定向）",
                "`-o` is for `--format xlsx` and `--format html`; other formats go to standard output (redirect with `>`)",
            );
            Err(Exit::Usage)
        }
    }
}

/// Says on standard error when a submission refused by the `--ruleset` given is shaped as
/// another bundled ruleset's (`zonescore::shaped_for_another`).
fn say_if_another_rulesets(answer: &zonescore::Answer, given: Option<&Ruleset>, bytes: &[u8], name: &str) {
    let (zonescore::Answer::Failure(_), Some(given)) = (answer, given) else { return };
    let Some(shaped) = zonescore::shaped_for_another(given, zonescore::detect_ruleset_json(bytes)) else { return };
    let given = given.id();
    out::eprint(crate::lang::Lang::current().pick(
        &format!("{name}：注意：这是一份 {shaped} 的提交，却按 --ruleset {given} 评分；去掉 --ruleset 即按其形状选用规则集\n"),
        &format!("{name}: note: a submission for {shaped}, scored with --ruleset {given}; without --ruleset, its shape chooses the ruleset\n"),
    ));
}

/// Whether `path` is named as an HTML file.
fn is_html_name(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Refuses, before anything is scored, an `-o` file that exists and is not this format's
/// output of an earlier run (a results workbook, an HTML file) unless `--force`: a town's
/// filled workbook given as `-o` would be lost. HTML goes to an `.html` file.
fn may_replace(o: &Options) -> Result<(), Exit> {
    let (Some(path), format, force) = (&o.output, o.format, o.force) else { return Ok(()) };
    if format == Format::Html && !is_html_name(path) {
        out::error_in(
            &format!("{path}：HTML 记分卡请写到 .html 文件（如 `-o 记分卡.html`）；工作簿用 `--format xlsx`"),
            &format!("{path}: write the HTML scorecards to an .html file (`-o scorecards.html`); a workbook is `--format xlsx`"),
        );
        return Err(Exit::Usage);
    }
    let at = Path::new(path);
    if at.is_dir() {
        out::error_in(
            &format!("{path}：这是一个文件夹，请给出文件名"),
            &format!("{path}: this is a folder: name a file"),
        );
        return Err(Exit::Usage);
    }
    let ours = match format {
        Format::Xlsx => zonescore::xlsx::is_results_workbook_file(at),
        _ => true,
    };
    if force || !at.exists() || ours {
        return Ok(());
    }
    out::error_in(
        &format!("{path}：文件已存在，且不是 zonescore 写出的评分结果工作簿（可能是填报的工作簿）；请换一个文件名，或用 `--force` 覆盖"),
        &format!(
            "{path}: the file exists and is not a results workbook zonescore wrote (it may be a filled workbook):              name another file, or use `--force` to overwrite it"
        ),
    );
    Err(Exit::Usage)
}

/// Refuses, before anything is scored, an `-o` file that is one of the inputs: writing the
/// results over the submission they came from would destroy it.
fn check_not_an_input(o: &Options, sources: &[Source]) -> Result<(), Exit> {
    let Some(path) = &o.output else { return Ok(()) };
    let Some(input) = inputs::overwritten(Path::new(path), sources) else { return Ok(()) };
    let name = input.name();
    out::error_in(
        &format!("{path}：输出文件就是要评分的输入 {name}，写入会覆盖它：请用 `-o` 指定另一个文件"),
        &format!("{path}: the output file is the input {name} being scored, and writing it would overwrite it: name another file with `-o`"),
    );
    Err(Exit::Usage)
}

/// Writes the run's xlsx or html output to its file, or html to standard output.
fn write_output(o: &Options, bytes: &[u8]) -> Exit {
    let Some(path) = &o.output else {
        out::print(&String::from_utf8_lossy(bytes));
        return Exit::Ok;
    };
    match std::fs::write(path, bytes) {
        Ok(()) => {
            out::eprint(&format!("{}\n", o.lang.pick(&format!("已写入 {path}"), &format!("wrote {path}"))));
            Exit::Ok
        }
        Err(e) => {
            let why = inputs::io_reason(&e);
            out::error_in(&format!("{path}：无法写入：{why}"), &format!("{path}: cannot write: {why}"));
            Exit::Usage
        }
    }
}

pub fn run(o: &Options) -> Exit {
    if let Err(exit) = check_output(o) {
        return exit;
    }
    let explicit = match &o.ruleset {
        Some(spec) => match zonescore::Ruleset::resolve(spec) {
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
    let sources = match inputs::collect_with_workbooks(&args) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                out::error(&e);
            }
            return Exit::Usage;
        }
    };
    if let Err(exit) = check_not_an_input(o, &sources).and_then(|()| may_replace(o)) {
        return exit;
    }
    let single = inputs::is_single(&args) && !args.iter().any(|a| workbook::is_workbook(Path::new(a)));
    let mut detected: Vec<Loaded> = Vec::new();
    let mut run = Emitted::default();
    // Files that could not be read at all, named in the closing tally.
    let mut unread: Vec<String> = Vec::new();
    let progress = Progress::new(sources.len(), o.lang.pick("评分", "scoring"));
    // Files not (fully) scored because standard output closed (`| head`): counted, so that
    // the closing line does not claim that all were scored.
    let mut left = 0;
    // Whether a workbook had no filled rows: with nothing else scored, the run scored nothing.
    let mut unfilled = false;
    let mut made_with_other = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        if out::closed() {
            left = sources.len().saturating_sub(i);
            break;
        }
        progress.inc();
        if let Source::File(path) = source {
            if workbook::is_workbook(path) {
                let sheets = match workbook::read(path, &source.name(), explicit.as_ref().map(|l| &l.ruleset)) {
                    Ok(s) => s,
                    Err(e) => {
                        out::error(&e);
                        run.exit = run.exit.max(Exit::Usage);
                        unread.push(source.name());
                        continue;
                    }
                };
                unfilled |= workbook::say_if_unfilled(&sheets, &source.name());
                progress.add(sheets.iter().map(|s| s.rows.len()).sum::<usize>().saturating_sub(1));
                'sheets: for sheet in sheets {
                    let Some(loaded) = pick(&explicit, &mut detected, sheet.ruleset_id(), o) else {
                        return Exit::Usage;
                    };
                    workbook::say_if_columns_missing(&sheet, &source.name(), &loaded.ruleset);
                    workbook::say_if_made_with_other_rules(
                        &sheet,
                        &source.name(),
                        &loaded.ruleset,
                        &mut made_with_other,
                    );
                    for row in &sheet.rows {
                        if out::closed() {
                            left = sources.len().saturating_sub(i);
                            break 'sheets;
                        }
                        let answer = row.score(&loaded.ruleset);
                        let json = o.shaped().then(|| row.score_json_with(&loaded.ruleset, &o.answer));
                        let subject = match &answer {
                            Answer::Failure(_) if o.format == Format::Xlsx => {
                                loaded.ruleset.subject_given(&row.read(&loaded.ruleset).submission)
                            }
                            _ => Vec::new(),
                        };
                        let item = Item { name: row.name(&source.name()), answer, json, refs: &row.refs, subject };
                        run.emit(o, single, item, loaded);
                        progress.inc();
                    }
                }
                if left > 0 {
                    break;
                }
                continue;
            }
        }
        let bytes = match source.read() {
            Ok(b) => b,
            Err(e) => {
                out::error(&e);
                run.exit = run.exit.max(Exit::Usage);
                unread.push(source.name());
                continue;
            }
        };
        // The text is read once: for the ruleset its shape names, then for the answer.
        let given = explicit.as_ref().map(|l| &l.ruleset);
        let chosen = match zonescore::Chosen::new(given, zonescore::Submission::Json(&bytes)) {
            Ok(c) => c,
            Err(e) => {
                rules::report_error(&e, o.lang);
                return Exit::Usage;
            }
        };
        let Some(loaded) = pick(&explicit, &mut detected, chosen.ruleset.id(), o) else {
            return Exit::Usage;
        };
        let answer = chosen.answer();
        say_if_another_rulesets(&answer, given, &bytes, &source.name());
        let json = o.shaped().then(|| chosen.answer_json(&o.answer));
        let name = match o.format {
            Format::Json => source.name(),
            _ => display_name(source, o.lang),
        };
        run.emit(o, single, Item { name, answer, json, refs: &[], subject: Vec::new() }, loaded);
    }
    progress.finish();
    let Emitted { listed, rows, entries, pages, scored, invalid, mut exit, .. } = run;
    match o.format {
        Format::Json if !single => out::print(&format!("{}\n", o.json_text(zonescore::canonical(&listed)))),
        // A table of no rows says nothing the closing tally does not (CSV keeps its header).
        Format::Rows if rows.is_empty() => {}
        Format::Rows => out::print(&crate::rows::table(&rows, o.lang, false)),
        Format::Csv => {
            let rulesets: Vec<&Ruleset> = explicit.iter().chain(&detected).map(|l| &l.ruleset).collect();
            out::print(&crate::rows::csv(&rows, &rulesets, o.lang));
        }
        Format::Xlsx => {
            let rulesets: Vec<&Ruleset> = explicit.iter().chain(&detected).map(|l| &l.ruleset).collect();
            match zonescore::xlsx::results_workbook(&entries, &rulesets, o.lang.xlsx()) {
                Ok(bytes) => exit = exit.max(write_output(o, &bytes)),
                Err(e) => {
                    out::error(o.lang.text(&e.message()));
                    exit = Exit::Usage;
                }
            }
        }
        Format::Html => exit = exit.max(write_output(o, crate::html::page(&pages, o.lang).as_bytes())),
        Format::Json | Format::Table | Format::Markdown => {}
    }
    if left > 0 {
        // Not every input was scored: never a success, whatever was shown before.
        exit = exit.max(Exit::Failed);
        let bad = invalid.len();
        // Closed by its reader, or unwritable (a full disk, already said).
        let (zh, en) = if out::write_failed() { ("无法写入", "unwritable") } else { ("已关闭", "closed") };
        out::eprint(o.lang.pick(
            &format!("标准输出{zh}：已评分 {scored} 份（{bad} 份无效），其余 {left} 个文件未评分\n"),
            &format!(
                "standard output {en}: {scored} scored ({bad} invalid), {left} more {} not scored\n",
                if left == 1 { "file" } else { "files" }
            ),
        ));
    } else if !single {
        out::eprint(&format!("{}\n", o.lang.text(&zonescore::batch_tally(scored, &invalid, &unread))));
    }
    if scored == 0 && unfilled {
        // An empty template scored is a mistake (the wrong file), as a folder without
        // submissions is, not a success with nothing in it.
        exit = exit.max(Exit::Usage);
        let first = zonescore::xlsx::FIRST_DATA_ROW + 1;
        out::error_in(
            &format!("没有评分任何提交：工作簿中没有已填写的行（从第 {first} 行起，每行填写一个示范区）"),
            &format!("nothing was scored: the workbook has no filled rows (one zone per row, from row {first})"),
        );
    }
    exit
}

/// The explicit ruleset, else the bundled one `id` names, loaded once per run.
fn pick<'a>(explicit: &'a Option<Loaded>, detected: &'a mut Vec<Loaded>, id: &str, o: &Options) -> Option<&'a Loaded> {
    if let Some(l) = explicit {
        return Some(l);
    }
    let pos = match detected.iter().position(|l| l.ruleset.id() == id) {
        Some(p) => p,
        None => match Ruleset::bundled(id) {
            Ok(r) => {
                detected.push(Loaded::new(r));
                detected.len() - 1
            }
            Err(e) => {
                rules::report_error(&e, o.lang);
                return None;
            }
        },
    };
    detected.get(pos)
}

/// One answer to show: where it came from and, for a workbook row, its cells' references.
struct Item<'a> {
    name: String,
    answer: Answer,
    /// The JSON answer, when the run asks for other than the full answer in both languages.
    json: Option<String>,
    /// JSON pointer → `示范区!F7`.
    refs: &'a [(String, String)],
    /// A workbook row that was not scored: the zone it still names (for the results workbook).
    subject: Vec<zonescore::SubjectField>,
}

/// What a run has shown and gathered so far.
#[derive(Default)]
struct Emitted {
    listed: Vec<serde_json::Value>,
    rows: Vec<crate::rows::Row>,
    /// For the results workbook.
    entries: Vec<ResultEntry>,
    /// For the HTML scorecards: one page per submission.
    pages: Vec<crate::html::Page>,
    printed: usize,
    scored: usize,
    invalid: Vec<String>,
    exit: Exit,
}

impl Emitted {
    fn emit(&mut self, o: &Options, single: bool, item: Item<'_>, loaded: &Loaded) {
        let Item { name, answer, json, refs, subject } = item;
        self.scored += 1;
        let cells = zonescore::xlsx::error_cells(&answer, refs);
        if matches!(answer, Answer::Failure(_)) {
            self.exit = self.exit.max(Exit::Failed);
            self.invalid.push(name.clone());
        }
        match o.format {
            Format::Json if single => {
                out::print(&format!("{}\n", o.json_text(json.unwrap_or_else(|| answer.to_canonical_json()))));
            }
            Format::Json => {
                let answer = match json {
                    Some(text) => serde_json::from_str(&text).unwrap_or_default(),
                    None => serde_json::to_value(&answer).unwrap_or_default(),
                };
                let mut entry = serde_json::json!({ "source": name, "answer": answer });
                if let (false, Some(map)) = (cells.is_empty(), entry.as_object_mut()) {
                    let cells: serde_json::Map<String, serde_json::Value> =
                        cells.into_iter().map(|(p, r)| (p, serde_json::Value::String(r))).collect();
                    map.insert("cells".into(), serde_json::Value::Object(cells));
                }
                self.listed.push(entry);
            }
            Format::Rows | Format::Csv => {
                let ruleset = loaded.ruleset.id().to_owned();
                self.rows.push(crate::rows::Row { source: name, ruleset, answer, cells });
            }
            Format::Xlsx => self.entries.push(ResultEntry::new(name, answer).with_cells(cells).with_subject(subject)),
            Format::Table | Format::Markdown | Format::Html => {
                let cx = Context {
                    lang: o.lang,
                    detailed: o.format != Format::Table,
                    basis: o.format == Format::Markdown,
                    source: Some(&name),
                    info: &loaded.info,
                    ruleset: &loaded.ruleset,
                    cells: &cells,
                };
                let doc = scorecard::answer_doc(&answer, &cx);
                if o.format == Format::Html {
                    self.pages.push(crate::html::Page { doc, scored: matches!(answer, Answer::Success(_)) });
                    return;
                }
                let (sep, text) = match o.format {
                    Format::Markdown => ("\n---\n\n", render::markdown(&doc)),
                    _ => ("\n\n", render::text(&doc)),
                };
                if self.printed > 0 {
                    out::print(sep);
                }
                out::print(&text);
                self.printed += 1;
            }
        }
    }
}
