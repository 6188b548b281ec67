//! Markdown rendering (GitHub-flavoured tables), for a document a bureau attaches to a report.

use super::{Align, Block, Doc, Row};

/// Escapes inline text: `<` would open raw HTML (a zone name must not inject markup).
fn inline(s: &str) -> String {
    s.replace('<', "&lt;")
}

/// Escapes text for a table cell: a pipe would end the cell. (Line breaks are already
/// spaces: the document is cleaned first.)
fn cell(s: &str) -> String {
    inline(s).replace('\\', "\\\\").replace('|', "\\|")
}

/// Renders a document as Markdown.
pub fn markdown(doc: &Doc) -> String {
    let doc = doc.cleaned();
    let mut out: Vec<String> = Vec::new();
    for block in &doc.blocks {
        if !out.is_empty() {
            out.push(String::new());
        }
        match block {
            Block::Title(t) => out.push(format!("# {}", inline(t))),
            Block::Heading(h) => out.push(format!("## {}", inline(h))),
            Block::Fields(fields) => {
                for (k, v) in fields {
                    out.push(format!("- **{}**: {}", cell(k), cell(v)));
                }
            }
            Block::Table(t) => {
                let n = t.columns.len();
                out.push(format!("| {} |", t.columns.iter().map(|c| cell(&c.header)).collect::<Vec<_>>().join(" | ")));
                out.push(format!(
                    "|{}|",
                    t.columns
                        .iter()
                        .map(|c| match c.align {
                            Align::Left => " --- ",
                            Align::Right => " ---: ",
                        })
                        .collect::<Vec<_>>()
                        .join("|")
                ));
                for row in &t.rows {
                    let cells: Vec<String> = match row {
                        Row::Cells(cells) => {
                            (0..n).map(|i| cells.get(i).map_or_else(String::new, |c| cell(c))).collect()
                        }
                        Row::Section(label) => (0..n)
                            .map(|i| if i == 0 { format!("**{}**", cell(label)) } else { String::new() })
                            .collect(),
                    };
                    out.push(format!("| {} |", cells.join(" | ")));
                }
            }
            Block::Bullets(items) => out.extend(items.iter().map(|i| format!("- {}", inline(i)))),
            Block::Text(t) => out.push(inline(t)),
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}
