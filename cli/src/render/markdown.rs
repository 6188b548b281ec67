//! Markdown rendering (GitHub-flavoured tables), for a document a bureau attaches to a report.

use super::{Align, Block, Doc, Row};

/// Escapes text, in one pass, so that Markdown shows it as it is: text from a submission is
/// woven into the engine's sentences (a zone name inside a message), so every text is
/// escaped, and a zone name cannot open a link (`[官方](http://…)`, a bare `http://…`),
/// emphasis, raw HTML or, in a table cell (`cell`), a new column. The
/// engine's own code spans (`` `valves` ``) are kept: nothing inside a code span is read as
/// Markdown, so a backtick a submission adds can at most set text in monospace.
fn escape(s: &str, cell: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '`' {
            let run = run_length(&chars, i);
            match closing_run(&chars, i + run, run) {
                Some(end) => {
                    // A code span, kept as written; only a pipe is escaped in a cell, as
                    // GFM splits cells before it finds code spans.
                    for &k in chars.get(i..end + run).unwrap_or_default() {
                        if cell && k == '|' {
                            out.push('\\');
                        }
                        out.push(k);
                    }
                    i = end + run;
                }
                None => {
                    out.push_str(&"\\`".repeat(run));
                    i += run;
                }
            }
            continue;
        }
        let before = i.checked_sub(1).and_then(|b| chars.get(b)).copied();
        let after = chars.get(i + 1).copied();
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            // An underscore between letters or digits never emphasises (snake_case paths).
            '_' if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) => {
                out.push('_')
            }
            '\\' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // A bare URL (`http://…`, `www.…`) would be made a link by GFM. (An e-mail address
            // is linked after escapes are undone, cmark-gfm#278, so no escape stops it; its
            // link shows its own address.)
            ':' if chars.get(i + 1..i + 3) == Some(&['/', '/']) => out.push_str("\\:"),
            '.' if i >= 3 && chars.get(i - 3..i).is_some_and(|w| w.iter().all(|c| c.eq_ignore_ascii_case(&'w'))) => {
                out.push_str("\\.");
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// How many backticks start at `i`.
fn run_length(chars: &[char], i: usize) -> usize {
    chars.get(i..).map_or(0, |rest| rest.iter().take_while(|&&c| c == '`').count())
}

/// Where the next run of exactly `run` backticks at or after `from` starts: the end of a
/// code span opened by `run` backticks.
fn closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        let n = run_length(chars, j);
        if n == run {
            return Some(j);
        }
        j += n.max(1);
    }
    None
}

/// Inline text: a title, heading, or field.
fn inline(s: &str) -> String {
    escape(s, false)
}

/// A table cell.
fn cell(s: &str) -> String {
    escape(s, true)
}

/// Text at the start of a block (a paragraph, a list item): what would begin a list, a
/// quote or a rule there is escaped too.
fn paragraph(s: &str) -> String {
    let escaped = inline(s);
    if escaped.starts_with(['-', '+', '=', '>']) {
        return format!("\\{escaped}");
    }
    // `1.` or `1)` would begin an ordered list.
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    match escaped.get(digits..) {
        Some(rest) if digits > 0 && rest.starts_with(['.', ')']) => {
            format!("{}\\{rest}", escaped.get(..digits).unwrap_or_default())
        }
        _ => escaped,
    }
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
                    out.push(format!("- **{}**: {}", inline(k), inline(v)));
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
            Block::Bullets(items) => out.extend(items.iter().map(|i| format!("- {}", paragraph(i)))),
            Block::Text(t) => out.push(paragraph(t)),
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_text_cannot_open_a_link_emphasis_or_html() {
        assert_eq!(
            inline("[官方](http://e.x) *a* _b_ a\\b <i> ~~s~~"),
            "\\[官方\\](http\\://e.x) \\*a\\* \\_b\\_ a\\\\b &lt;i> \\~\\~s\\~\\~"
        );
        assert_eq!(inline("www.e.x"), "www\\.e.x");
        assert_eq!(cell("a|b"), "a\\|b");
    }

    #[test]
    fn the_engine_s_code_spans_and_snake_case_paths_are_kept() {
        assert_eq!(
            inline("应填代码 `valves`，不是 /quality/spot_check"),
            "应填代码 `valves`，不是 /quality/spot_check"
        );
        assert_eq!(cell("`a|b`"), "`a\\|b`");
        // A backtick added by a submission closes a span early; the rest is escaped text.
        assert_eq!(inline("`x` [a](u) ``"), "`x` \\[a\\](u) \\`\\`");
    }

    #[test]
    fn a_paragraph_cannot_start_a_list_or_a_quote() {
        assert_eq!(paragraph("- a"), "\\- a");
        assert_eq!(paragraph("12. a"), "12\\. a");
        assert_eq!(paragraph("> a"), "\\> a");
        assert_eq!(paragraph("2013 年"), "2013 年");
    }
}
