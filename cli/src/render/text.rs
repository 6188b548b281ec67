//! Terminal rendering: columns aligned by display width (a CJK character takes two
//! cells), the last column wrapped to the terminal width. Only ASCII rules and bullets
//! are drawn, because box-drawing characters are double width in many CJK terminals.

use super::{Align, Block, Doc, Row, Table};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width used when `COLUMNS` does not say.
const DEFAULT_WIDTH: usize = 120;
/// The wrapped last column never gets narrower than this.
const MIN_WRAP: usize = 24;
const GAP: &str = "  ";

/// The line width: `COLUMNS` when set, else the terminal's width when standard output is
/// one, else 120 (so piped output does not depend on the window it was typed in).
pub fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let from_tty = || terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    from_env.or_else(from_tty).filter(|w| *w >= 40).unwrap_or(DEFAULT_WIDTH)
}

/// Renders a document as plain text for a terminal.
pub fn text(doc: &Doc) -> String {
    render(&doc.cleaned())
}

fn render(doc: &Doc) -> String {
    render_at(doc, terminal_width())
}

/// Renders a cleaned document for a line of `width` display cells.
fn render_at(doc: &Doc, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut after_heading = true;
    for block in &doc.blocks {
        if !after_heading {
            out.push(String::new());
        }
        after_heading = false;
        match block {
            Block::Title(t) => {
                out.push(t.clone());
                out.push("=".repeat(t.width()));
            }
            Block::Heading(h) => {
                out.push(h.clone());
                out.push("-".repeat(h.width()));
                after_heading = true;
            }
            Block::Fields(fields) => {
                let key_width = fields.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
                // A long value wraps beside its key, as a table's last column does.
                let room = width.saturating_sub(key_width + GAP.len()).max(MIN_WRAP);
                for (k, v) in fields {
                    for (i, line) in wrap(v, room).iter().enumerate() {
                        let key = if i == 0 { k.as_str() } else { "" };
                        out.push(format!("{}{GAP}{line}", pad(key, key_width, Align::Left)).trim_end().to_owned());
                    }
                }
            }
            Block::Table(t) => table(t, width, &mut out),
            Block::Bullets(items) => {
                for item in items {
                    let lines = wrap(item, width.saturating_sub(2).max(MIN_WRAP));
                    for (i, line) in lines.iter().enumerate() {
                        out.push(format!("{}{line}", if i == 0 { "- " } else { "  " }));
                    }
                }
            }
            Block::Text(t) => out.extend(wrap(t, width)),
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

fn pad(s: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(s.width()));
    match align {
        Align::Left => format!("{s}{fill}"),
        Align::Right => format!("{fill}{s}"),
    }
}

/// Each column's width unwrapped: its widest cell or header, in display cells.
fn column_widths(t: &Table) -> Vec<usize> {
    let mut widths: Vec<usize> = t.columns.iter().map(|c| c.header.width()).collect();
    for row in &t.rows {
        if let Row::Cells(cells) = row {
            for (w, cell) in widths.iter_mut().zip(cells) {
                *w = (*w).max(cell.width());
            }
        }
    }
    widths
}

/// The width a table takes unwrapped: its widest cells and the gaps between columns.
pub fn natural_width(t: &Table) -> usize {
    let widths = column_widths(t);
    widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1)
}

fn table(t: &Table, total: usize, out: &mut Vec<String>) {
    let n = t.columns.len();
    if n == 0 {
        return;
    }
    let mut widths = column_widths(t);
    // The last column (the reason) takes what is left of the line and wraps.
    let fixed: usize = widths.iter().take(n - 1).sum::<usize>() + GAP.len() * (n - 1);
    // Columns that leave the last too little of the line (long file names, a boundary
    // probe's description) would run past it and be broken by the terminal: one record
    // per row instead, each cell beside its header, where the table allows it.
    if t.records_when_narrow && n > 1 && fixed + MIN_WRAP > total {
        records(t, total, out);
        return;
    }
    if let Some(last) = widths.last_mut() {
        *last = (*last).min(total.saturating_sub(fixed).max(MIN_WRAP));
    }
    let line = |cells: &[String]| -> Vec<String> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| if i + 1 == n { wrap(c, *w) } else { vec![c.clone()] })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (0..height)
            .map(|k| {
                let parts: Vec<String> = wrapped
                    .iter()
                    .zip(&widths)
                    .zip(&t.columns)
                    .map(|((lines, w), col)| pad(lines.get(k).map_or("", String::as_str), *w, col.align))
                    .collect();
                parts.join(GAP).trim_end().to_owned()
            })
            .collect()
    };
    let headers: Vec<String> = t.columns.iter().map(|c| c.header.clone()).collect();
    out.extend(line(&headers));
    out.push(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join(GAP));
    for row in &t.rows {
        match row {
            Row::Cells(cells) => out.extend(line(cells)),
            Row::Section(label) => out.push(label.clone()),
        }
    }
}

/// A table too wide for the line, as records: each row's cells one a line after their
/// headers (aligned, the cell wrapped to what is left), a blank line between rows; an empty
/// cell is left out.
fn records(t: &Table, total: usize, out: &mut Vec<String>) {
    let key_width = t.columns.iter().map(|c| c.header.width()).max().unwrap_or(0);
    let room = total.saturating_sub(key_width + GAP.len()).max(MIN_WRAP);
    for (i, row) in t.rows.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        match row {
            Row::Cells(cells) => {
                for (column, cell) in t.columns.iter().zip(cells).filter(|(_, c)| !c.is_empty()) {
                    for (k, line) in wrap(cell, room).iter().enumerate() {
                        let key = if k == 0 { column.header.as_str() } else { "" };
                        out.push(format!("{}{GAP}{line}", pad(key, key_width, Align::Left)).trim_end().to_owned());
                    }
                }
            }
            Row::Section(label) => out.push(label.clone()),
        }
    }
}

/// Closing punctuation that must not start a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '、' | '）' | '」' | '』' | '》' | '！' | '？' | ',' | '.' | ';' | ':' | ')'
    )
}

/// Opening punctuation that must not end a line.
fn opens(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '《' | '“' | '‘' | '(')
}

/// A long word in the pieces a line may end between: before each `/` (`/zone`, `/name`),
/// after each `.`, `_` and `-`.
fn pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        let cut = match c {
            '/' => i,
            '.' | '_' | '-' => i + 1,
            _ => continue,
        };
        if cut > start {
            out.extend(word.get(start..cut));
            start = cut;
        }
    }
    out.extend(word.get(start..).filter(|rest| !rest.is_empty()));
    out
}

/// Splits text into lines of at most `width` display cells: between words, or between
/// any two CJK characters, never before closing or after opening punctuation.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    // Tokens: a word or a wide character, with the punctuation glued to it; or a space.
    let mut tokens: Vec<(String, bool)> = Vec::new(); // (text, is_space)
    let mut word = String::new();
    let mut in_code = false;
    for c in s.chars() {
        let wide = c.width().unwrap_or(0) >= 2;
        // Inline code (`dimensions[0].criteria[1]`) is one token: never split across lines.
        if c == '`' {
            if !in_code && !word.is_empty() && !word.chars().all(opens) {
                tokens.push((std::mem::take(&mut word), false));
            }
            word.push(c);
            in_code = !in_code;
            if !in_code {
                tokens.push((std::mem::take(&mut word), false));
            }
            continue;
        }
        if in_code {
            word.push(c);
            continue;
        }
        if c.is_whitespace() {
            if !word.is_empty() {
                tokens.push((std::mem::take(&mut word), false));
            }
            tokens.push((" ".into(), true));
        } else if closes(c) && word.is_empty() {
            match tokens.last_mut() {
                Some((t, false)) => t.push(c),
                _ => word.push(c),
            }
        } else if opens(c) {
            // Starts a new token that the next character joins.
            if !word.is_empty() && !word.chars().all(opens) {
                tokens.push((std::mem::take(&mut word), false));
            }
            word.push(c);
        } else if closes(c) {
            // After a word (`true/false）`): it ends the word, never starts a line.
            word.push(c);
            tokens.push((std::mem::take(&mut word), false));
        } else if wide {
            if !word.is_empty() && !word.chars().all(opens) {
                tokens.push((std::mem::take(&mut word), false));
            }
            word.push(c);
            tokens.push((std::mem::take(&mut word), false));
        } else {
            if !word.is_empty() && word.chars().last().is_some_and(|l| l.width().unwrap_or(0) >= 2 && !opens(l)) {
                tokens.push((std::mem::take(&mut word), false));
            }
            word.push(c);
        }
    }
    if !word.is_empty() {
        tokens.push((word, false));
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let mut pending_space = false;
    for (token, space) in tokens {
        if space {
            pending_space = line_width > 0;
            continue;
        }
        let tw = token.width();
        let sep = usize::from(pending_space);
        if line_width > 0 && line_width + sep + tw > width {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        } else if pending_space {
            line.push(' ');
            line_width += 1;
        }
        pending_space = false;
        if tw > width {
            // A word longer than the line (a JSON pointer, a path): cut before a `/` or after
            // a `.`, `_` or `-` where the piece fits, else by characters.
            for piece in pieces(&token) {
                let pw = piece.width();
                if line_width > 0 && line_width + pw > width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                for c in piece.chars() {
                    let cw = c.width().unwrap_or(0);
                    if line_width > 0 && line_width + cw > width {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0;
                    }
                    line.push(c);
                    line_width += cw;
                }
            }
        } else {
            line.push_str(&token);
            line_width += tw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        let lines = wrap("已印发创建工作方案：是，得 3 分", 10);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), "已印发创建工作方案：是，得3分");
        assert!(lines.iter().all(|l| !l.starts_with('，') && !l.starts_with('：')));
        let lines = wrap("共得 8 分（满分 10 分）", 9);
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
    }

    #[test]
    fn never_splits_inline_code() {
        let lines = wrap("未知字段 `quality.spot_check_rate`：是否应为 `quality.spot_check_pass_rate_pct`？", 40);
        assert!(lines.iter().any(|l| l.contains("`quality.spot_check_pass_rate_pct`？")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("`quality.spot_check_rate`：")), "{lines:?}");
        assert!(lines.iter().all(|l| l.matches('`').count() % 2 == 0), "{lines:?}");
    }

    #[test]
    fn a_closing_bracket_after_a_word_never_starts_a_line() {
        // From the width of its longest word (`（true/false），`) on.
        for width in 15..40 {
            let lines = wrap("应为是/否（true/false），实际为文本（另有 3 处）", width);
            assert!(lines.iter().all(|l| !l.starts_with('）') && !l.starts_with('，')), "{width}: {lines:?}");
            assert_eq!(lines.concat().replace(' ', ""), "应为是/否（true/false），实际为文本（另有3处）");
        }
    }

    #[test]
    fn a_long_pointer_is_cut_after_a_slash() {
        let lines = wrap("/organization/leading_group: 「已成立创建领导小组」应为是/否", 24);
        assert_eq!(lines[0], "/organization/leading_", "{lines:?}");
        assert!(lines[1].starts_with("group:"), "{lines:?}");
        assert_eq!(wrap("/a/b", 2), vec!["/a", "/b"]);
    }

    #[test]
    fn wraps_english_between_words() {
        assert_eq!(wrap("one two three", 8), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut t = Table::new(&["名称", "说明"], &[]);
        t.row(["\u{1b}[2J坏\u{202e}名", "a\nb"]);
        let mut doc = Doc::default();
        doc.fields(vec![("k".into(), "\u{7}v".into())]);
        doc.table(t);
        let s = text(&doc);
        assert!(!s.chars().any(|c| c.is_control() && c != '\n') && !s.contains('\u{202e}'), "{s:?}");
        assert!(s.contains("\u{fffd}[2J坏\u{fffd}名  a b"), "{s}");
    }

    #[test]
    fn a_table_too_wide_for_the_line_is_records_where_it_allows_it() {
        let wide = |records: bool| {
            let mut t = Table::new(&["提交", "原", "变化"], &[2]);
            t.row(["rules/examples/zone-qualification/oubei-valves-2013.json", "91.0 A 通过考核验收，推荐命名", ""]);
            t.row(["b.json", "67.0 C", "-1.3"]);
            let t = if records { t.records_when_narrow() } else { t };
            let mut doc = Doc::default();
            doc.fields(vec![(
                "新规则".into(),
                "rules/fixtures/zone-qualification-revised.toml (zone-qualification revised-2011.1)".into(),
            )]);
            doc.table(t);
            doc
        };
        let s = render_at(&wide(true), 70);
        assert!(s.lines().all(|l| l.width() <= 70), "{s}");
        // Each row a record, its empty cells left out; a long field value wraps beside its key.
        assert!(s.contains("提交  rules/examples/zone-qualification/oubei-valves-2013.json\n原    91.0 A 通过考核验收，推荐命名\n\n提交  b.json\n原    67.0 C\n变化  -1.3\n"), "{s}");
        assert!(
            s.starts_with(
                "新规则  rules/fixtures/zone-qualification-revised.toml\n        (zone-qualification revised-2011.1)\n"
            ),
            "{s}"
        );
        // Wide enough, or a table whose rows must stay one a line: a table.
        assert!(render_at(&wide(true), 120).contains("b.json  "), "{}", render_at(&wide(true), 120));
        let rows = render_at(&wide(false), 60);
        assert!(rows.lines().any(|l| l.starts_with("b.json  ")) && rows.lines().any(|l| l.width() > 60), "{rows}");
    }

    #[test]
    fn aligns_cjk_columns() {
        let mut t = Table::new(&["编号", "名称", "得分"], &[2]);
        t.row(["A1", "创建工作方案", "5/5"]);
        t.row(["B10", "x", "10/10"]);
        let mut doc = Doc::default();
        doc.table(t);
        let s = text(&doc);
        let widths: Vec<usize> = s.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(widths.first(), widths.get(2), "{s}");
        assert_eq!(widths.get(2), widths.get(3), "{s}");
    }
}
