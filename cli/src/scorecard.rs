//! The scorecard of one answer as a [`Doc`]: header, gates, dimensions and criteria,
//! bonus, vetoes, the final-score pipeline, grade, outcome, notes and warnings; or,
//! for an invalid submission, every field error by path. It only lays out what the
//! report says: no points are computed here.

use crate::lang::Lang;
use crate::render::{Doc, Table};
use zonescore::model::Basis;
use zonescore::{Answer, Check, CriterionResult, Failure, Report, Ruleset, RulesetInfo, Status, Verdict};

/// What a scorecard needs besides the answer.
pub struct Context<'a> {
    pub lang: Lang,
    /// Adds clause and basis columns (the Markdown document for a bureau).
    pub detailed: bool,
    /// With `detailed`, the basis column too (the printed scorecard leaves it out to fit a page).
    pub basis: bool,
    /// The file the submission came from.
    pub source: Option<&'a str>,
    pub info: &'a RulesetInfo,
    /// Gives field labels, and clause IDs the document's own numbering in Chinese
    /// (`§5.2.3（五（二）3）`).
    pub ruleset: &'a Ruleset,
    /// Where a workbook row's fields were typed: JSON pointer → `示范区!F7` (empty for JSON).
    pub cells: &'a [(String, String)],
}

/// The scorecard of an answer.
pub fn answer_doc(answer: &Answer, cx: &Context<'_>) -> Doc {
    match answer {
        Answer::Success(report) => report_doc(report, cx),
        Answer::Failure(failure) => failure_doc(failure, cx),
    }
}

/// The label of a criterion's status, as the engine words it.
pub fn status_label(status: Status, lang: Lang) -> String {
    let label = status.label();
    lang.pick(&label.zh, &label.en).to_owned()
}

fn ruleset_line(info: &RulesetInfo, lang: Lang) -> String {
    format!("{} ({} {})", lang.text(&info.title), info.id, info.version)
}

fn header(cx: &Context<'_>, ruleset_id: &str, version: &str, digest: &str) -> Vec<(String, String)> {
    let l = cx.lang;
    let mut f = Vec::new();
    let ruleset = if cx.info.id == ruleset_id && cx.info.version == version {
        ruleset_line(cx.info, l)
    } else {
        format!("{ruleset_id} {version}")
    };
    f.push((l.pick("规则集", "Ruleset").to_owned(), ruleset));
    f.push((l.pick("依据文件", "Source document").to_owned(), cx.info.source_document.clone()));
    f.extend(provenance(digest, cx.source, l));
    f
}

/// The rows that say which rules and which file an answer is about: the rule file's digest,
/// and the submission's file when there is one. `bounds` and `advise` head their answers so.
pub fn provenance(digest: &str, source: Option<&str>, l: Lang) -> Vec<(String, String)> {
    let mut f = vec![(l.pick("规则文件校验码", "Digest").to_owned(), digest.to_owned())];
    if let Some(src) = source {
        f.push((l.pick("提交文件", "File").to_owned(), src.to_owned()));
    }
    f
}

/// Points over the maximum; `-` where core shows none (a criterion that does not apply).
fn points_of(points: Option<&str>, max: Option<&str>) -> String {
    let points = points.unwrap_or("-");
    match max {
        Some(m) => format!("{points}/{m}"),
        None => points.to_owned(),
    }
}

/// Headers of an itemised table, with clause and basis before the reason when detailed.
fn item_table(cx: &Context<'_>, first: &[&str], right: &[usize]) -> Table {
    let l = cx.lang;
    let mut headers: Vec<&str> = first.to_vec();
    if cx.detailed {
        headers.push(l.pick("条款", "Clause"));
    }
    if cx.detailed && cx.basis {
        headers.push(l.pick("依据", "Basis"));
    }
    headers.push(l.pick("评分说明", "Reason"));
    Table::new(&headers, right)
}

fn item_row(cx: &Context<'_>, mut cells: Vec<String>, clause: &[String], basis: &Basis, reason: String) -> Vec<String> {
    if cx.detailed {
        cells.push(cx.lang.text(&cx.ruleset.clauses_cited(clause)).to_owned());
    }
    if cx.detailed && cx.basis {
        cells.push(cx.lang.text(&basis.text()).to_owned());
    }
    cells.push(reason);
    cells
}

/// A reason, with the fields it needed that were missing, by label.
fn reason_with_missing(cx: &Context<'_>, reason: &zonescore::Sentence, missing: &[String]) -> String {
    cx.lang.text(&cx.ruleset.reason_with_missing(reason, missing)).to_owned()
}

fn check_table<C: Check>(cx: &Context<'_>, checks: &[C], what: &str, verdict: impl Fn(&C) -> String) -> Table {
    let l = cx.lang;
    let mut t = item_table(cx, &[l.pick("编号", "ID"), what, l.pick("结果", "Result")], &[]);
    for c in checks {
        let cells = vec![c.id().to_owned(), l.text(c.title()).to_owned(), verdict(c)];
        let reason = reason_with_missing(cx, c.reason(), c.missing());
        t.row(item_row(cx, cells, c.clause(), c.basis(), reason));
    }
    t
}

fn criterion_row(cx: &Context<'_>, c: &CriterionResult) -> Vec<String> {
    let l = cx.lang;
    let cells = vec![
        c.id.to_string(),
        l.text(&c.title).to_owned(),
        points_of(c.shown_points(), c.max.as_deref()),
        status_label(c.status, l).to_owned(),
    ];
    let reason = reason_with_missing(cx, &c.reason, &c.missing);
    item_row(cx, cells, &c.clause, &c.basis, reason)
}

fn report_doc(r: &Report, cx: &Context<'_>) -> Doc {
    let l = cx.lang;
    let mut doc = Doc::default();
    doc.title(format!("{} — {}", l.text(&cx.info.title), l.pick("评分表", "scorecard")));
    let mut head = header(cx, &r.ruleset.id, &r.ruleset.version, &r.ruleset.digest);
    for s in &r.subject {
        let label = cx.ruleset.field_label(&s.path).map_or_else(|| s.path.clone(), |t| l.text(&t).to_owned());
        head.push((label, s.value.clone()));
    }
    if let Some(year) = &r.year {
        head.push((l.pick("考核年度", "Year").to_owned(), year.clone()));
    }
    head.push((l.pick("最终得分", "Final score").to_owned(), r.final_score.to_string()));
    head.push((l.pick("计分", "Sum").to_owned(), l.text(&r.breakdown).to_owned()));
    head.push((l.pick("等级", "Grade").to_owned(), format!("{} {}", r.grade, l.text(&r.grade_label))));
    head.push((l.pick("结论", "Outcome").to_owned(), l.text(&r.conclusion).to_owned()));
    doc.fields(head);

    if !r.gates.is_empty() {
        doc.heading(l.pick("资格条件", "Eligibility conditions"));
        doc.table(check_table(cx, &r.gates, l.pick("条件", "Condition"), |c| {
            l.text(&Verdict::of_gate(Some(c.passed)).word()).to_owned()
        }));
    }

    if !r.dimensions.is_empty() {
        doc.heading(l.pick("一级指标", "Dimensions"));
        let mut t = Table::new(
            &[l.pick("编号", "ID"), l.pick("一级指标", "Dimension"), l.pick("得分/分值", "Points/max")],
            &[2],
        );
        for d in &r.dimensions {
            t.row([d.id.to_string(), l.text(&d.title).to_owned(), format!("{}/{}", d.points, d.max)]);
        }
        doc.table(t);
    }

    if !r.criteria.is_empty() {
        doc.heading(l.pick("评分明细", "Criteria"));
        let mut t = item_table(
            cx,
            &[
                l.pick("编号", "ID"),
                l.pick("指标", "Criterion"),
                l.pick("得分/分值", "Points/max"),
                l.pick("状态", "Status"),
            ],
            &[2],
        );
        for d in &r.dimensions {
            t.section(format!(
                "{} {}{}{}/{}{}",
                d.id,
                l.text(&d.title),
                l.pick("（", " ("),
                d.points,
                d.max,
                l.pick(" 分）", ")")
            ));
            for c in r.criteria.iter().filter(|c| *c.dimension == *d.id) {
                t.row(criterion_row(cx, c));
            }
        }
        // Criteria of a dimension the report does not list (none in well-formed reports).
        for c in r.criteria.iter().filter(|c| !r.dimensions.iter().any(|d| *d.id == *c.dimension)) {
            t.row(criterion_row(cx, c));
        }
        doc.table(t);
    }

    if !r.bonus_items.is_empty() {
        doc.heading(l.pick("加分项", "Bonus"));
        let mut t = item_table(
            cx,
            &[l.pick("编号", "ID"), l.pick("项目", "Item"), l.pick("得分", "Points"), l.pick("状态", "Status")],
            &[2],
        );
        for c in &r.bonus_items {
            t.row(criterion_row(cx, c));
        }
        doc.table(t);
        if let Some(line) = r.bonus_line() {
            doc.text(l.text(&line).to_owned());
        }
    }

    if !r.vetoes.is_empty() {
        doc.heading(l.pick("一票否决", "Vetoes"));
        doc.table(check_table(cx, &r.vetoes, l.pick("事项", "Veto"), |c| {
            l.text(&Verdict::of_veto(Some(c.fired)).word()).to_owned()
        }));
    }

    doc.heading(l.pick("计分与结论", "Score and outcome"));
    let mut fields = vec![
        (l.pick("实得分（适用指标合计）", "Earned (applicable criteria)").to_owned(), r.earned.to_string()),
        (l.pick("应得分", "Applicable maximum").to_owned(), r.applicable_max.to_string()),
    ];
    if let Some(base) = r.normalised_line() {
        fields.push((
            l.pick("折算得分（按应得分折算）", "Base (normalised to the applicable maximum)").to_owned(),
            l.text(&base).to_owned(),
        ));
    }
    fields.extend([
        (l.pick("计入加分", "Bonus counted").to_owned(), r.bonus_counted.to_string()),
        (
            l.pick("四舍五入前得分", "Before rounding").to_owned(),
            l.text(&zonescore::readable_decimal(&r.unrounded)).to_owned(),
        ),
        (l.pick("最终得分", "Final score").to_owned(), r.final_score.to_string()),
        (l.pick("等级", "Grade").to_owned(), format!("{} {}", r.grade, l.text(&r.grade_label))),
        (l.pick("结论", "Outcome").to_owned(), l.text(&r.conclusion).to_owned()),
    ]);
    doc.fields(fields);

    if !r.notes.is_empty() {
        doc.heading(l.pick("说明", "Notes"));
        doc.bullets(r.notes.iter().map(|n| l.text(&n.message).to_owned()).collect());
    }
    if !r.warnings.is_empty() {
        doc.heading(l.pick("提示", "Warnings"));
        doc.bullets(r.warnings.iter().map(|n| l.text(&n.message).to_owned()).collect());
    }
    // Where a sentence shows a value cut to 2 decimals, what that means, once.
    if let Some(note) = zonescore::cut_note(r) {
        doc.text(l.text(&note));
    }
    doc
}

fn failure_doc(f: &Failure, cx: &Context<'_>) -> Doc {
    let l = cx.lang;
    let mut doc = Doc::default();
    doc.title(l.text(&Failure::title()).to_owned());
    doc.fields(header(cx, &f.ruleset.id, &f.ruleset.version, &f.ruleset.digest));
    doc.heading(format!("{}{}", l.pick("字段错误：", "Field errors: "), f.errors.len() + f.more_errors));
    errors(&mut doc, f, l, cx.cells);
    doc
}

/// A failure's errors as a table (with the workbook cell of each when `cells` has them),
/// and the line counting those not listed.
pub fn errors(doc: &mut Doc, f: &Failure, l: Lang, cells: &[(String, String)]) {
    let mut heads = vec![l.pick("路径", "Path"), l.pick("代码", "Code"), l.pick("说明", "Message")];
    if !cells.is_empty() {
        heads.insert(0, l.pick("单元格", "Cell"));
    }
    let mut t = Table::new(&heads, &[]);
    for e in &f.errors {
        let mut row =
            vec![l.text(&zonescore::error_place(&e.path)).to_owned(), e.code.clone(), l.text(&e.message).to_owned()];
        if !cells.is_empty() {
            let cell = cells.iter().find(|(p, _)| *p == e.path).map(|(_, c)| c.clone());
            row.insert(0, cell.unwrap_or_default());
        }
        t.row(row);
    }
    doc.table(t);
    if let Some(more) = f.unlisted_line() {
        doc.text(l.text(&more));
    }
}
