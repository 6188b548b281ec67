//! One row per submission for many files: `zonescore score --format rows` (an aligned
//! overview) and `--format csv` (RFC 4180, UTF-8, exact decimals as text, for spreadsheets
//! and pandas). Every value is the engine's answer; nothing is computed here.

use crate::lang::Lang;
use crate::render::{self, Doc, Table};
use zonescore::{Answer, Check, GateResult, Report, VetoResult};

/// A scored (or refused) submission with where it came from.
pub struct Row {
    pub source: String,
    pub ruleset: String,
    pub answer: Answer,
    /// Where a workbook row's fields were typed: JSON pointer → `示范区!F7` (empty for JSON).
    pub cells: Vec<(String, String)>,
}

/// The vetoes that fired (core's [`Check::against`]).
pub fn vetoes_fired(r: &Report) -> impl Iterator<Item = &VetoResult> {
    r.vetoes.iter().filter(|c| c.against())
}

/// The gates that failed or could not be decided (core's [`Check::against`]).
pub fn gates_failed(r: &Report) -> impl Iterator<Item = &GateResult> {
    r.gates.iter().filter(|c| c.against())
}

fn ids<'a, C: Check + 'a>(checks: impl Iterator<Item = &'a C>) -> Vec<&'a str> {
    checks.map(|c| c.id()).collect()
}

fn vetoes(r: &Report) -> Vec<&str> {
    ids(vetoes_fired(r))
}

/// Where a workbook row's field was typed (`示范区!F7`), by JSON pointer.
fn cell_of<'a>(row: &'a Row) -> impl Fn(&str) -> Option<&'a str> {
    |path| row.cells.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str())
}

/// The first error of a refused submission, in `l`, with how many more there are: an
/// overview has a line per row.
fn first_error(row: &Row, l: Lang) -> String {
    let Answer::Failure(f) = &row.answer else { return String::new() };
    l.text(&f.first_line_at(cell_of(row))).to_owned()
}

/// A scored submission's warnings (a year outside the rules' period, a percentage typed as
/// a fraction), in `l`, joined: an overview and a CSV carry what its scorecard warns of.
fn warnings(r: &Report, l: Lang) -> String {
    l.text(&r.warnings_line()).to_owned()
}

/// The overview table: file, subject, year, score, grade, outcome with what decided it,
/// and a refused submission's error or a scored one's warnings.
pub fn table(rows: &[Row], l: Lang, markdown: bool) -> String {
    let mut doc = Doc::default();
    doc.title(l.pick("评分一览", "Overview"));
    let mut t = Table::new(
        &[
            l.pick("文件", "File"),
            l.pick("评价对象", "Subject"),
            l.pick("年度", "Year"),
            l.pick("得分", "Score"),
            l.pick("等级", "Grade"),
            l.pick("结论", "Outcome"),
            l.pick("说明", "Note"),
        ],
        &[3],
    );
    for row in rows {
        match &row.answer {
            Answer::Success(r) => {
                let subject: Vec<&str> = r.subject.iter().map(|s| s.value.as_str()).collect();
                t.row([
                    row.source.clone(),
                    subject.join(" / "),
                    r.year.clone().unwrap_or_default(),
                    r.final_score.to_string(),
                    format!("{} {}", r.grade, l.text(&r.grade_label)),
                    // The outcome with the gates or vetoes that decided it, as the scorecard says it.
                    l.text(&r.conclusion).to_owned(),
                    warnings(r, l),
                ]);
            }
            Answer::Failure(_) => t.row([
                row.source.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                l.text(&zonescore::Failure::word()).to_owned(),
                first_error(row, l),
            ]),
        }
    }
    doc.table(t);
    let doc = doc.cleaned();
    if markdown {
        render::markdown(&doc)
    } else {
        render::text(&doc)
    }
}

/// CSV: `source, ruleset, valid`, the subject fields by JSON pointer, `year, final_score,
/// grade, outcome, vetoes_fired, gates_failed`, one column per criterion and bonus item,
/// `warnings` in `l` (a scored submission's, joined) and `errors` in `l`: every error, as
/// Python's results tables write them. The subject and criterion columns are those of
/// `rulesets`, in order, so that files scored apart give the same columns whether or not a
/// row is valid; any other an answer holds follows, in first-seen order.
pub fn csv(rows: &[Row], rulesets: &[&zonescore::Ruleset], l: Lang) -> String {
    let mut subject_cols: Vec<String> = Vec::new();
    let mut criteria: Vec<String> = Vec::new();
    for rules in rulesets {
        for path in rules.subject_paths() {
            if !subject_cols.iter().any(|c| c == path) {
                subject_cols.push(path.to_owned());
            }
        }
        for id in rules.criterion_ids() {
            if !criteria.iter().any(|c| c == id) {
                criteria.push(id.to_owned());
            }
        }
    }
    for row in rows {
        if let Answer::Success(r) = &row.answer {
            for s in &r.subject {
                if !subject_cols.contains(&s.path) {
                    subject_cols.push(s.path.clone());
                }
            }
            for c in r.criteria.iter().chain(&r.bonus_items) {
                if !criteria.iter().any(|id| **id == *c.id) {
                    criteria.push(c.id.to_string());
                }
            }
        }
    }
    let mut header: Vec<String> = vec!["source".into(), "ruleset".into(), "valid".into()];
    header.extend(subject_cols.iter().cloned());
    header.extend(["year", "final_score", "grade", "outcome", "vetoes_fired", "gates_failed"].map(String::from));
    header.extend(criteria.iter().cloned());
    header.extend(["warnings", "errors"].map(String::from));
    let mut out = line(&header);
    for row in rows {
        let mut cells = vec![text_cell(&row.source), row.ruleset.clone()];
        match &row.answer {
            Answer::Success(r) => {
                cells.push("true".into());
                for col in &subject_cols {
                    cells.push(
                        r.subject.iter().find(|s| &s.path == col).map(|s| text_cell(&s.value)).unwrap_or_default(),
                    );
                }
                cells.extend([
                    r.year.clone().unwrap_or_default(),
                    r.final_score.to_string(),
                    r.grade.to_string(),
                    r.outcome.to_string(),
                    vetoes(r).join(" "),
                    ids(gates_failed(r)).join(" "),
                ]);
                for id in &criteria {
                    let c = r.criteria.iter().chain(&r.bonus_items).find(|c| *c.id == **id);
                    cells.push(c.and_then(|c| c.shown_points()).unwrap_or_default().to_owned());
                }
                cells.extend([text_cell(&warnings(r, l)), String::new()]);
            }
            Answer::Failure(f) => {
                cells.push("false".into());
                cells.extend(std::iter::repeat_n(String::new(), subject_cols.len() + 7 + criteria.len()));
                cells.push(text_cell(l.text(&f.cell_at(cell_of(row)))));
            }
        }
        out.push_str(&line(&cells));
    }
    out
}

/// Text from a submission or a message, kept from being read as a spreadsheet formula
/// (`=HYPERLINK(…)` in a zone name) by a leading apostrophe. A leading tab or carriage
/// return is guarded too (OWASP's list): some spreadsheets skip it and run what follows.
/// Other control characters (an ANSI escape) and bidirectional overrides become `�`, as in
/// every other output; a tab or line break is kept, as CSV can hold it.
fn text_cell(s: &str) -> String {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let s: String = s.chars().map(|c| if bad(c) { '\u{fffd}' } else { c }).collect();
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

/// One CSV record: fields with a comma, quote or line break are quoted, quotes doubled.
fn line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
        .collect();
    format!("{}\r\n", quoted.join(","))
}
