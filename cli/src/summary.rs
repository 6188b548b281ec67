//! `zonescore summary`: score every submission in folders and show the county's goal
//! (§2.1: 3 or more zones named in 2011–2015) from the engine's `summarize`: a table of
//! zones × years, the named zones with their first year, and whether the goal is met.
//! Invalid submissions count for nothing and are listed as skipped with their first error.
//! A filled workbook gives one submission per row, as `score` reads it.

use crate::inputs::{self, Source};
use crate::lang::{Format, Lang};
use crate::out::{self, Exit};
use crate::render::{self, Doc, Table};
use crate::rules;
use crate::workbook;
use std::collections::BTreeMap;
use zonescore::{bundled, GoalMembers, GoalRefusal, GoalSummary, Report, Skipped};

/// Options of `zonescore summary`.
pub struct Options {
    pub folders: Vec<String>,
    pub ruleset: Option<String>,
    pub format: Format,
    pub lang: Lang,
}

pub fn run(o: &Options) -> Exit {
    let spec = o.ruleset.as_deref().unwrap_or(bundled::DEFAULT);
    let ruleset = match zonescore::Ruleset::resolve(spec) {
        Ok(r) => r,
        Err(e) => {
            rules::report_error(&e, o.lang);
            return Exit::Usage;
        }
    };
    let sources = match inputs::collect_with_workbooks(&o.folders).map(inputs::each_once) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                out::error(&e);
            }
            return Exit::Usage;
        }
    };
    let mut members = GoalMembers::default();
    let mut made_with_other = Vec::new();
    let mut exit = Exit::Ok;
    // Without --ruleset a workbook's sheets say which ruleset they were written for, as a
    // JSON submission's shape does, so that another ruleset's rows are skipped, not failed.
    let given = o.ruleset.is_some().then_some(&ruleset);
    for source in &sources {
        let read = match source {
            Source::File(path) if workbook::is_workbook(path) => {
                workbook::read(path, &source.name(), given).map(|sheets| {
                    workbook::say_if_unfilled(&sheets, &source.name());
                    // Sheets of another ruleset are skipped by name: only this one's rows count.
                    let ours = |s: &&zonescore::xlsx::Sheet| s.ruleset.is_none_or(|id| id == ruleset.id());
                    for sheet in sheets.iter().filter(|s| !s.rows.is_empty()).filter(ours) {
                        workbook::say_if_made_with_other_rules(sheet, &source.name(), &ruleset, &mut made_with_other);
                    }
                    members.add_sheets(&ruleset, &source.name(), &sheets);
                })
            }
            _ => source.read().map(|bytes| members.add(&ruleset, o.ruleset.is_none(), source.name(), &bytes)),
        };
        if let Err(e) = read {
            out::error(&e);
            exit = Exit::Usage;
        }
    }
    // Workbooks without a filled row alone: nothing to sum up, as `score` scores nothing.
    if members.reports.is_empty() && members.skipped.is_empty() && exit == Exit::Ok {
        let first = zonescore::xlsx::FIRST_DATA_ROW + 1;
        out::error_in(
            &format!("没有可汇总的提交：工作簿中没有已填写的行（从第 {first} 行起，每行填写一个示范区）"),
            &format!("nothing to sum up: the workbooks have no filled rows (one zone per row, from row {first})"),
        );
        return Exit::Usage;
    }
    let summary = match members.summary(&ruleset) {
        Ok(summary) => summary,
        Err(refusal) => {
            // Nothing counted (a folder of annual assessments, or of files all invalid): no
            // report is printed, whose verdict (goal not met, 0 zones) would pass for a result
            // on paper; what was skipped is shown, and why.
            if matches!(refusal, GoalRefusal::NothingToSumUp(_)) && !members.skipped.is_empty() {
                let mut doc = Doc::default();
                skipped_section(&mut doc, &members.skipped, o.lang);
                out::print(&match o.format {
                    Format::Json => {
                        format!("{}\n", zonescore::canonical(&serde_json::json!({ "skipped": members.skipped })))
                    }
                    Format::Markdown => render::markdown(&doc),
                    Format::Table => render::text(&doc),
                });
            }
            out::error(o.lang.text(refusal.message()));
            return Exit::Usage;
        }
    };
    match o.format {
        Format::Json => out::print(&format!("{}\n", members.summary_json(&summary))),
        Format::Table | Format::Markdown => {
            let scored = Scored { reports: &members.reports, sources: &members.sources };
            let width = (o.format == Format::Table).then(crate::render::terminal_width);
            let doc = summary_doc(&summary, &scored, &members.skipped, &ruleset, &ruleset.info(), (o.lang, width));
            out::print(&if o.format == Format::Markdown { render::markdown(&doc) } else { render::text(&doc) });
        }
    }
    exit
}

/// The scored reports and the files they came from, in the same order.
struct Scored<'a> {
    reports: &'a [Report],
    sources: &'a [String],
}

fn summary_doc(
    s: &GoalSummary,
    scored: &Scored<'_>,
    skipped: &[Skipped],
    ruleset: &zonescore::Ruleset,
    info: &zonescore::RulesetInfo,
    (l, width): (Lang, Option<usize>),
) -> Doc {
    let reports = scored.reports;
    let mut doc = Doc::default();
    doc.title(format!("{} — {}", l.text(&s.title), l.pick("汇总", "summary")));
    let verdict = l.text(&s.verdict()).to_owned();
    doc.fields(vec![
        (
            l.pick("规则集", "Ruleset").to_owned(),
            format!("{} ({} {})", l.text(&info.title), s.ruleset.id, s.ruleset.version),
        ),
        (l.pick("目标", "Goal").to_owned(), format!("{} ({})", l.text(&s.title), s.clause.join(" "))),
        (l.pick("参与评分的提交", "Submissions scored").to_owned(), reports.len().to_string()),
        (l.pick("已跳过", "Skipped").to_owned(), skipped.len().to_string()),
        (
            l.pick("命名示范区数", "Zones named").to_owned(),
            format!("{}{}{}{}", s.named.len(), l.pick("（目标 ", " (target "), s.target, l.pick("）", ")")),
        ),
        (l.pick("结果", "Result").to_owned(), verdict),
    ]);

    // Column titles of the subject (zone name, town), from the reports' field paths.
    let subject_headers: Vec<String> = reports
        .first()
        .map(|r| {
            r.subject
                .iter()
                .map(|f| ruleset.field_label(&f.path).map_or_else(|| f.path.clone(), |t| l.text(&t).to_owned()))
                .collect()
        })
        .unwrap_or_else(|| vec![l.pick("示范区", "Zone").to_owned()]);
    let cell = |r: &zonescore::SummaryRow| {
        format!("{} {} {}{}", r.grade, l.text(&r.outcome_label), r.final_score, l.text(&r.marks()))
    };
    let grid = grid(s, &subject_headers, &cell, l);
    // A document has no line width; a terminal has, and a column per year may not fit it.
    let fits = width
        .is_none_or(|w| grid.columns.len() <= subject_headers.len() + 1 || crate::render::natural_width(&grid) <= w);
    if fits {
        doc.heading(l.pick("示范区 × 年度（等级 结论 得分）", "Zones × years (grade, outcome, score)"));
        doc.table(grid);
    } else {
        // Too many years for the line: one row per report instead of a column per year.
        doc.heading(l.pick("各示范区各年度结果", "Results by zone and year"));
        let mut headers: Vec<&str> = subject_headers.iter().map(String::as_str).collect();
        headers.extend([l.pick("年度", "Year"), l.pick("等级 结论 得分", "Grade, outcome, score")]);
        let mut t = Table::new(&headers, &[]);
        for r in &s.rows {
            let mut row: Vec<String> =
                (0..subject_headers.len()).map(|i| r.subject.get(i).cloned().unwrap_or_default()).collect();
            row.push(r.year.map_or_else(|| "?".to_owned(), |y| y.to_string()));
            row.push(cell(r));
            t.row(row);
        }
        doc.table(t);
    }
    if let Some(note) = s.period_note() {
        doc.text(l.text(&note));
    }
    if !s.repeated.is_empty() {
        doc.heading(l.pick("同一年度有多份提交", "Several submissions for one year"));
        doc.bullets(
            s.repeated
                .iter()
                .map(|r| {
                    format!(
                        "{}{}{}",
                        l.text(&r.message),
                        l.pick("：", ": "),
                        r.reports
                            .iter()
                            .filter_map(|&i| scored.sources.get(i).map(String::as_str))
                            .collect::<Vec<_>>()
                            .join(l.pick("、", ", "))
                    )
                })
                .collect(),
        );
    }

    doc.heading(l.pick("已命名示范区（按首次命名年度）", "Named zones (by first year named)"));
    let mut named_headers: Vec<String> = vec!["#".to_owned()];
    named_headers.extend(subject_headers.iter().cloned());
    named_headers.push(l.pick("首次命名年度", "First year named").to_owned());
    named_headers.push(l.pick("当年得分", "Score that year").to_owned());
    let refs: Vec<&str> = named_headers.iter().map(String::as_str).collect();
    let last = refs.len().saturating_sub(1);
    let mut named = Table::new(&refs, &[0, last]);
    for (i, z) in s.named.iter().enumerate() {
        let mut row = vec![(i + 1).to_string()];
        row.extend((0..subject_headers.len()).map(|k| z.subject.get(k).cloned().unwrap_or_default()));
        row.push(z.first_year.to_string());
        row.push(z.final_score.clone());
        named.row(row);
    }
    doc.table(named);

    if !s.probable_duplicates.is_empty() {
        doc.heading(l.pick("疑似重复的示范区（仍按规则计入）", "Probable duplicates (still counted as the rules say)"));
        let mut t =
            Table::new(&[l.pick("示范区", "Zone"), l.pick("另一写法", "Written also as"), l.pick("说明", "Why")], &[]);
        for d in &s.probable_duplicates {
            let [a, b] = &d.subjects;
            t.row([a.join(" / "), b.join(" / "), l.text(&d.message).to_owned()]);
        }
        doc.table(t);
    }

    skipped_section(&mut doc, skipped, l);
    doc
}

/// The submissions not counted, each with its file, place, code and why.
fn skipped_section(doc: &mut Doc, skipped: &[Skipped], l: Lang) {
    if !skipped.is_empty() {
        doc.heading(l.pick("已跳过的提交（不计入）", "Skipped submissions (not counted)"));
        let mut t = Table::new(
            &[l.pick("文件", "File"), l.pick("路径", "Path"), l.pick("代码", "Code"), l.pick("说明", "Message")],
            &[],
        );
        for k in skipped {
            t.row([
                k.source.clone(),
                l.text(&zonescore::error_place(&k.path)).to_owned(),
                k.code.clone(),
                l.text(&k.message).to_owned(),
            ]);
        }
        doc.table(t);
    }
}

/// Zones × years: one row per subject, one column per year.
fn grid(
    s: &GoalSummary,
    subject_headers: &[String],
    cell: &dyn Fn(&zonescore::SummaryRow) -> String,
    l: Lang,
) -> Table {
    let mut years: Vec<Option<i64>> = s.rows.iter().map(|r| r.year).collect();
    years.sort();
    years.dedup();
    let mut headers: Vec<String> = subject_headers.to_vec();
    headers.extend(years.iter().map(|y| y.map_or_else(|| "?".to_owned(), |y| y.to_string())));
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut grid = Table::new(&header_refs, &[]);
    let mut by_subject: BTreeMap<&Vec<String>, BTreeMap<Option<i64>, Vec<String>>> = BTreeMap::new();
    for r in &s.rows {
        by_subject.entry(&r.subject).or_default().entry(r.year).or_default().push(cell(r));
    }
    for (subject, cells) in &by_subject {
        let mut row: Vec<String> =
            (0..subject_headers.len()).map(|i| subject.get(i).cloned().unwrap_or_default()).collect();
        row.extend(years.iter().map(|y| cells.get(y).map_or_else(|| "-".to_owned(), |v| v.join(l.pick("；", "; ")))));
        grid.row(row);
    }
    grid
}
