//! One zone's scorecard sheet in the results workbook: the header (ruleset, digest, file,
//! subject), totals, gates, vetoes, dimensions, criteria and bonus items with points, max,
//! status, reasons and clauses. Every figure and sentence is the report's.

use super::numbers::write_decimal;
use super::{Lang, XlsxError};
use crate::api::Ruleset;
use crate::report::{Check, CriterionResult, Report};
use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet};

/// The formats of a scorecard sheet.
pub(super) struct Styles {
    pub title: Format,
    pub bold: Format,
    pub head: Format,
    pub cell: Format,
    pub wrap: Format,
}

impl Styles {
    pub fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Self {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            head: cell.clone().set_bold().set_background_color(Color::RGB(0xDDEBF7)),
            wrap: cell.clone().set_text_wrap(),
            cell,
        }
    }
}

/// What a scorecard sheet needs besides the report.
pub(super) struct Card<'a> {
    pub source: &'a str,
    pub ruleset: Option<&'a Ruleset>,
    pub lang: Lang,
}

/// A reason as every scorecard prints it: with the fields it needed that were missing
/// (`…。缺少：…`), so that a veto left unfilled never reads as one checked and not fired.
fn reason(reason: &crate::Sentence, missing: &[String], card: &Card<'_>) -> String {
    match card.ruleset {
        Some(r) => card.lang.text(&r.reason_with_missing(reason, missing)).to_owned(),
        None if missing.is_empty() => card.lang.sentence(reason).to_owned(),
        None => {
            format!("{}{}{}", card.lang.sentence(reason), card.lang.pick("。缺少：", ". Missing: "), missing.join(", "))
        }
    }
}

/// Clause IDs as the document numbers them in Chinese (`§5.2.3（五（二）3）`).
pub(super) fn clauses(clause: &[String], card: &Card<'_>) -> String {
    match card.ruleset {
        Some(r) => card.lang.text(&r.clauses_cited(clause)).to_owned(),
        None => clause.join(" "),
    }
}

/// Writes the scorecard of `r` on `sheet`.
pub(super) fn scorecard_sheet(sheet: &mut Worksheet, r: &Report, card: &Card<'_>) -> Result<(), XlsxError> {
    let l = card.lang;
    let s = Styles::new();
    let mut row = 0u32;
    let title = card.ruleset.map_or_else(|| r.ruleset.id.to_string(), |rs| l.text(&rs.info().title).to_owned());
    sheet.write_string_with_format(row, 0, format!("{title} — {}", l.pick("评分表", "scorecard")), &s.title)?;
    row += 2;
    let mut fields: Vec<(String, String, bool)> = vec![
        (l.pick("规则集", "Ruleset").into(), format!("{} {}", r.ruleset.id, r.ruleset.version), false),
        (l.pick("规则文件校验码", "Digest").into(), r.ruleset.digest.to_string(), false),
        (l.pick("提交文件", "File").into(), card.source.to_owned(), false),
    ];
    if let Some(rs) = card.ruleset {
        fields.insert(1, (l.pick("依据文件", "Source document").into(), rs.info().source_document, false));
    }
    let labels = card.ruleset.map(Ruleset::form_fields).unwrap_or_default();
    for subject in &r.subject {
        let label =
            labels.iter().find(|f| f.pointer == subject.path).map_or(subject.path.as_str(), |f| l.text(&f.label));
        fields.push((label.to_owned(), subject.value.clone(), false));
    }
    if let Some(year) = &r.year {
        fields.push((l.pick("考核年度", "Year").into(), year.clone(), false));
    }
    fields.extend([
        (l.pick("应得分", "Applicable maximum").into(), r.applicable_max.to_string(), true),
        (l.pick("实得分", "Earned").into(), r.earned.to_string(), true),
    ]);
    // As every scorecard: only where normalisation moved the score (`Report::normalised_line`).
    if r.normalised_line().is_some() {
        fields.push((l.pick("折算得分", "Base (normalised)").into(), r.base.to_string(), true));
    }
    fields.extend([
        (l.pick("加分", "Bonus counted").into(), r.bonus_counted.to_string(), true),
        (l.pick("最终得分", "Final score").into(), r.final_score.to_string(), true),
        (l.pick("等级", "Grade").into(), format!("{} {}", r.grade, l.text(&r.grade_label)), false),
        (l.pick("结论", "Outcome").into(), l.text(&r.conclusion).to_owned(), false),
    ]);
    for (key, value, number) in &fields {
        sheet.write_string_with_format(row, 0, key, &s.bold)?;
        if *number {
            write_decimal(sheet, row, 1, value, &Format::new())?;
        } else {
            sheet.write_string(row, 1, value)?;
        }
        row += 1;
    }
    if !r.gates.is_empty() {
        let verdict = |against| if against { l.pick("不符合", "failed") } else { l.pick("符合", "passed") };
        row = checks(sheet, row + 1, l.pick("资格条件", "Eligibility conditions"), &r.gates, verdict, card, &s)?;
    }
    if !r.vetoes.is_empty() {
        let verdict =
            |against| if against { l.pick("是（一票否决）", "fired") } else { l.pick("否", "not fired") };
        row = checks(sheet, row + 1, l.pick("一票否决", "Vetoes"), &r.vetoes, verdict, card, &s)?;
    }
    if !r.dimensions.is_empty() {
        row += 1;
        sheet.write_string_with_format(row, 0, l.pick("一级指标", "Dimensions"), &s.bold)?;
        row += 1;
        let head =
            [l.pick("编号", "ID"), l.pick("一级指标", "Dimension"), l.pick("得分", "Points"), l.pick("分值", "Max")];
        row = header(sheet, row, &head, &s)?;
        for d in &r.dimensions {
            sheet.write_string_with_format(row, 0, &*d.id, &s.cell)?;
            sheet.write_string_with_format(row, 1, l.text(&d.title), &s.cell)?;
            write_decimal(sheet, row, 2, &d.points, &s.cell)?;
            write_decimal(sheet, row, 3, &d.max, &s.cell)?;
            row += 1;
        }
    }
    if !r.criteria.is_empty() {
        row = criteria(sheet, row + 1, l.pick("评分明细", "Criteria"), &r.criteria, card, &s)?;
    }
    if !r.bonus_items.is_empty() {
        row = criteria(sheet, row + 1, l.pick("加分项", "Bonus"), &r.bonus_items, card, &s)?;
    }
    // Notes and warnings, as every scorecard lists them.
    for (title, list) in [(l.pick("说明", "Notes"), &r.notes), (l.pick("提示", "Warnings"), &r.warnings)] {
        if !list.is_empty() {
            row += 1;
            sheet.write_string_with_format(row, 0, title, &s.bold)?;
            for notice in list {
                row += 1;
                sheet.write_string(row, 0, l.text(&notice.message))?;
            }
            row += 1;
        }
    }
    if let Some(note) = crate::cut_note(r) {
        sheet.write_string(row + 1, 0, l.text(&note))?;
    }
    for (col, width) in [(0u16, 16), (1, 30), (2, 10), (3, 10), (4, 14), (5, 70), (6, 24)] {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

fn header(sheet: &mut Worksheet, row: u32, heads: &[&str], s: &Styles) -> Result<u32, XlsxError> {
    for (col, h) in (0u16..).zip(heads) {
        sheet.write_string_with_format(row, col, *h, &s.head)?;
    }
    Ok(row + 1)
}

fn checks(
    sheet: &mut Worksheet,
    mut row: u32,
    title: &str,
    list: &[impl Check],
    verdict: impl Fn(bool) -> &'static str,
    card: &Card<'_>,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let l = card.lang;
    sheet.write_string_with_format(row, 0, title, &s.bold)?;
    let head = [
        l.pick("编号", "ID"),
        l.pick("事项", "Item"),
        l.pick("结果", "Result"),
        "",
        "",
        l.pick("评分说明", "Reason"),
        l.pick("条款", "Clause"),
    ];
    row = header(sheet, row + 1, &head, s)?;
    for c in list {
        let cells = [
            c.id(),
            l.text(c.title()),
            verdict(c.against()),
            "",
            "",
            &reason(c.reason(), c.missing(), card),
            &clauses(c.clause(), card),
        ];
        for (col, text) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, text, if col == 5 { &s.wrap } else { &s.cell })?;
        }
        row += 1;
    }
    Ok(row)
}

fn criteria(
    sheet: &mut Worksheet,
    mut row: u32,
    title: &str,
    list: &[CriterionResult],
    card: &Card<'_>,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let l = card.lang;
    sheet.write_string_with_format(row, 0, title, &s.bold)?;
    let head = [
        l.pick("编号", "ID"),
        l.pick("指标", "Criterion"),
        l.pick("得分", "Points"),
        l.pick("分值", "Max"),
        l.pick("状态", "Status"),
        l.pick("评分说明", "Reason"),
        l.pick("条款", "Clause"),
    ];
    row = header(sheet, row + 1, &head, s)?;
    for c in list {
        sheet.write_string_with_format(row, 0, &*c.id, &s.cell)?;
        sheet.write_string_with_format(row, 1, l.text(&c.title), &s.cell)?;
        if c.applicable {
            write_decimal(sheet, row, 2, &c.points, &s.cell)?;
        } else {
            sheet.write_string_with_format(row, 2, "-", &s.cell)?;
        }
        match &c.max {
            Some(max) => write_decimal(sheet, row, 3, max, &s.cell)?,
            None => {
                sheet.write_blank(row, 3, &s.cell)?;
            }
        }
        sheet.write_string_with_format(row, 4, l.text(&c.status_label), &s.cell)?;
        sheet.write_string_with_format(row, 5, reason(&c.reason, &c.missing, card), &s.wrap)?;
        sheet.write_string_with_format(row, 6, clauses(&c.clause, card), &s.cell)?;
        row += 1;
    }
    Ok(row)
}
