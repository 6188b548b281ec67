//! The expression language's lexer: text into tokens, with help for characters a Chinese
//! keyboard types in place of an operator.

use super::parse::{ExprError, Span};
use crate::compile::DiagnosticCode;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(Decimal),
    Str(String),
    Ident(String),
    Sym(&'static str),
    End,
}

pub(super) fn lex(src: &str) -> Result<Vec<(Tok, Span)>, ExprError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let Some(&b) = bytes.get(i) else { break };
        let start = i;
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b.is_ascii_digit() {
            while bytes.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                i += 1;
            }
            let text = src.get(start..i).unwrap_or_default();
            let span = Span { start, end: i };
            // Past 28 decimal places rust_decimal would round (`0.000…0001` to 0): refused,
            // as the engine's reader refuses such a number in a submission.
            if crate::input::parse_number(text) == Err(crate::input::NumberError::OutOfRange) {
                return Err(ExprError::new(
                    DiagnosticCode::OutOfRange,
                    span,
                    format!("数值 `{text}` 超出引擎能精确保存的范围（至多 28 位有效数字、28 位小数，且小于 10^28）"),
                    format!("`{text}` is beyond what the engine keeps exactly and would be read as another number"),
                ));
            }
            let n = Decimal::from_str(text).map_err(|_| {
                ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    span,
                    format!("`{text}` 不是有效的数字"),
                    format!("`{text}` is not a number"),
                )
            })?;
            out.push((Tok::Num(n), span));
        } else if b.is_ascii_alphabetic() || b == b'_' {
            while bytes.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.') {
                i += 1;
            }
            out.push((Tok::Ident(src.get(start..i).unwrap_or_default().to_owned()), Span { start, end: i }));
        } else if b == b'"' || b == b'\'' {
            i += 1;
            while bytes.get(i).is_some_and(|c| *c != b) {
                i += 1;
            }
            if i >= bytes.len() {
                let span = Span { start, end: i };
                return Err(ExprError::new(
                    DiagnosticCode::ExprSyntax,
                    span,
                    "字符串缺少结束引号",
                    "unterminated string",
                ));
            }
            i += 1;
            let text = src.get(start + 1..i - 1).unwrap_or_default().to_owned();
            out.push((Tok::Str(text), Span { start, end: i }));
        } else {
            let two = src.get(i..i + 2).unwrap_or_default();
            let sym = match two {
                "==" | "!=" | "<=" | ">=" => Some(two),
                _ => None,
            };
            let sym: &'static str = match sym {
                Some("==") => "==",
                Some("!=") => "!=",
                Some("<=") => "<=",
                Some(">=") => ">=",
                _ => match b {
                    b'<' => "<",
                    b'>' => ">",
                    b'+' => "+",
                    b'-' => "-",
                    b'*' => "*",
                    b'/' => "/",
                    b'(' => "(",
                    b')' => ")",
                    b'[' => "[",
                    b']' => "]",
                    b',' => ",",
                    _ => {
                        let ch = src.get(i..).and_then(|s| s.chars().next()).unwrap_or('?');
                        let span = Span { start, end: i + ch.len_utf8() };
                        let err = ExprError::new(
                            DiagnosticCode::ExprSyntax,
                            span,
                            format!("无法识别的字符 `{ch}`"),
                            format!("unexpected character `{ch}`"),
                        );
                        return Err(match (ch, ascii_for(ch)) {
                            ('=' | '＝', _) => err.help("判断相等请用 `==`", "compare with `==`"),
                            // Help for rule authors, in the builds that read TOML: a build
                            // without the TOML reader leaves it out for size.
                            #[cfg(feature = "toml")]
                            _ if percent_after_number(src, start, ch) => err.help(
                                "百分比字段的值已是百分数（0–100）：写 `90`，不写 `90%`",
                                "a percent field holds the percentage (0–100): write `90`, not `90%`",
                            ),
                            (_, Some(ascii)) => {
                                err.help(format!("请改用半角的 `{ascii}`"), format!("write `{ascii}` (half-width)"))
                            }
                            _ => err,
                        });
                    }
                },
            };
            i += sym.len();
            out.push((Tok::Sym(sym), Span { start, end: i }));
        }
    }
    out.push((Tok::End, Span { start: src.len(), end: src.len() }));
    Ok(out)
}

/// Whether `ch` at `at` is a percent sign, half- or full-width, right after a number
/// (`90%`): a percentage written as people write it, not an operator.
#[cfg(feature = "toml")]
fn percent_after_number(src: &str, at: usize, ch: char) -> bool {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    matches!(ch, '%' | '％') && src.get(..at).is_some_and(|before| before.trim_end().ends_with(digit))
}

/// What a Chinese keyboard's character stands for in an expression: a full-width form
/// (`（`, `，`, `＞`, `Ｔ`) its half-width twin, `≥` `≤` `≠` the operators, a curly quote
/// (`‘encouraged’`, as an editor or a Chinese input method types it) the straight one, the
/// ideographic space a space.
fn ascii_for(ch: char) -> Option<String> {
    match ch {
        '‘' | '’' | '“' | '”' => Some("'".into()),
        '≥' => Some(">=".into()),
        '≤' => Some("<=".into()),
        '≠' => Some("!=".into()),
        '\u{3000}' => Some(" ".into()),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(ch) - 0xFEE0).map(String::from),
        _ => None,
    }
}

/// `src` with each name in it that `renamed` lists (old, new) written as its new name: an
/// expression read through a revision's renamed fields and derived values, so that `diff`
/// can tell one that only follows a rename from one that changed. `None` when `src` is not an
/// expression or names none of them.
pub(crate) fn rename_names(src: &str, renamed: &[(String, String)]) -> Option<String> {
    if renamed.is_empty() {
        return None;
    }
    let (mut out, mut at) = (String::new(), 0);
    for (tok, span) in lex(src).ok()? {
        let Tok::Ident(name) = tok else { continue };
        if let Some((_, now)) = renamed.iter().find(|(was, _)| *was == name) {
            out.push_str(src.get(at..span.start)?);
            out.push_str(now);
            at = span.end;
        }
    }
    (at > 0).then(|| out + src.get(at..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::rename_names;

    #[test]
    fn names_are_renamed_as_whole_names_outside_strings() {
        let renamed =
            [("firm.rate_pct".to_owned(), "firm.pass_pct".to_owned()), ("share".to_owned(), "ratio".to_owned())];
        let text = "firm.rate_pct >= 95 and share > 0.5 and firm.rate_pct_old == 1 and firm.kind in ['share']";
        let expected = "firm.pass_pct >= 95 and ratio > 0.5 and firm.rate_pct_old == 1 and firm.kind in ['share']";
        assert_eq!(rename_names(text, &renamed).as_deref(), Some(expected));
        assert_eq!(rename_names("firm.rate_pct", &renamed).as_deref(), Some("firm.pass_pct"));
        // Nothing renamed, no renames, and a text that is not an expression: no rewriting.
        assert_eq!(rename_names("firm.staff > 3", &renamed), None);
        assert_eq!(rename_names("firm.rate_pct", &[]), None);
        assert_eq!(rename_names("合格率 firm.rate_pct", &renamed), None);
    }
}
