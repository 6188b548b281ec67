//! `zonescore score --format html`: the scorecards as one self-contained HTML document to
//! print and sign (A4, one zone per page, Chinese first), rendered from the same [`Doc`]
//! as the terminal table and the Markdown document, so every sentence and figure is the
//! engine's. Every text is HTML-escaped: a zone name is data, never markup.

use crate::lang::Lang;
use crate::render::{Align, Block, Doc, Row};

/// One scorecard page.
pub struct Page {
    pub doc: Doc,
    /// A scored submission gets the signature lines; a refused one lists its errors only.
    pub scored: bool,
}

/// Text made safe for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Headers of columns whose cells are short words that read badly when wrapped.
const SHORT: [&str; 14] = [
    "状态",
    "Status",
    "结果",
    "Result",
    "得分",
    "Points",
    "指标",
    "Criterion",
    "项目",
    "Item",
    "条件",
    "Condition",
    "一级指标",
    "Dimension",
];

/// Headers of the clause column, kept narrow.
const CLAUSE: [&str; 2] = ["条款", "Clause"];

/// Fits a scorecard of the bundled rulesets (about 30 criteria with their reasons) on one
/// A4 page; a longer one flows onto the next page, and the next zone starts a new page.
const STYLE: &str = r#"
@page { size: A4; margin: 10mm 10mm 10mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
  font-size: 7pt; line-height: 1.2; color: #000; margin: 0; }
.card { break-after: page; page-break-after: always; }
.card:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 12pt; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 8.5pt; margin: 2mm 0 1mm; border-bottom: 0.3mm solid #000; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.2mm solid #555; padding: 0.3mm 1mm; vertical-align: top; text-align: left; }
th { background: #eee; white-space: nowrap; }
td.r, th.r { text-align: right; white-space: nowrap; }
td.n { white-space: nowrap; }
td.c { white-space: nowrap; }
tr.section td { background: #f4f4f4; font-weight: bold; }
table.fields { width: 100%; }
table.fields th { width: 20mm; }
table.fields td { width: 75mm; }
table.fields td { word-break: break-all; }
ul { margin: 0.5mm 0; padding-left: 5mm; }
p { margin: 1mm 0; }
tr, .signatures { break-inside: avoid; page-break-inside: avoid; }
.signatures { margin-top: 4mm; display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 2mm 6mm; font-size: 9pt; }
.signatures .line { border-bottom: 0.3mm solid #000; height: 8mm; }
.signatures .label { grid-column: 1 / -1; font-weight: bold; }
@media screen { body { max-width: 210mm; margin: 0 auto; padding: 10mm; background: #fff; }
  .card { border-bottom: 1px dashed #999; padding-bottom: 8mm; margin-bottom: 8mm; } }
"#;

/// The whole document: every page, in order.
pub fn page(pages: &[Page], l: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        l.pick("zh-CN", "en"),
        escape(l.pick("评分表", "Scorecards")),
    ));
    for p in pages {
        out.push_str("<section class=\"card\">\n");
        body(&mut out, &p.doc.cleaned());
        if p.scored {
            signatures(&mut out, l);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn body(out: &mut String, doc: &Doc) {
    for block in &doc.blocks {
        match block {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", escape(t))),
            Block::Heading(h) => out.push_str(&format!("<h2>{}</h2>\n", escape(h))),
            Block::Fields(fields) => {
                // Two labelled values a row: half the height of a list.
                out.push_str("<table class=\"fields\">\n");
                for pair in fields.chunks(2) {
                    out.push_str("<tr>");
                    for (k, v) in pair {
                        out.push_str(&format!("<th>{}</th><td>{}</td>", escape(k), escape(v)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            Block::Table(t) => {
                // Short columns (ids, points, statuses) never wrap; titles, clauses and reasons do.
                let short: Vec<bool> = t
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| i == 0 || c.align == Align::Right || SHORT.contains(&c.header.as_str()))
                    .collect();
                let clause: Vec<bool> = t.columns.iter().map(|c| CLAUSE.contains(&c.header.as_str())).collect();
                let class = |i: usize, a: Align| match (a, short.get(i), clause.get(i)) {
                    (Align::Right, _, _) => " class=\"r\"",
                    (Align::Left, Some(true), _) => " class=\"n\"",
                    (Align::Left, _, Some(true)) => " class=\"c\"",
                    _ => "",
                };
                out.push_str("<table>\n<thead><tr>");
                for (i, c) in t.columns.iter().enumerate() {
                    out.push_str(&format!("<th{}>{}</th>", class(i, c.align), escape(&c.header)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in &t.rows {
                    match row {
                        Row::Cells(cells) => {
                            out.push_str("<tr>");
                            for (i, c) in t.columns.iter().enumerate() {
                                let text = cells.get(i).map(String::as_str).unwrap_or_default();
                                let mut html = escape(text);
                                if clause.get(i).copied().unwrap_or(false) {
                                    // One clause a line: a label never breaks inside.
                                    html = html.replace(" §", "<br>§");
                                }
                                out.push_str(&format!("<td{}>{html}</td>", class(i, c.align)));
                            }
                            out.push_str("</tr>\n");
                        }
                        Row::Section(label) => out.push_str(&format!(
                            "<tr class=\"section\"><td colspan=\"{}\">{}</td></tr>\n",
                            t.columns.len().max(1),
                            escape(label)
                        )),
                    }
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Bullets(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(i)));
                }
                out.push_str("</ul>\n");
            }
            Block::Text(t) => out.push_str(&format!("<p>{}</p>\n", escape(t))),
        }
    }
}

/// Lines for the assessment team's signatures and the date.
fn signatures(out: &mut String, l: Lang) {
    out.push_str(&format!(
        "<div class=\"signatures\">\n<div class=\"label\">{}</div>\n{}<div class=\"label\">{}</div>\n<div class=\"line\"></div>\n</div>\n",
        escape(l.pick("考核组成员签字", "Assessment team members' signatures")),
        "<div class=\"line\"></div>\n".repeat(6),
        escape(l.pick("日期", "Date")),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_texts_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
