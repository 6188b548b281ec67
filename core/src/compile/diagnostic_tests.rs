//! Tests of diagnostics: the first problem always listed, long lines shown around the
//! column, inexact numbers found.

use super::*;

#[test]
fn an_error_always_lists_a_first_problem() {
    let none = RulesetError { origin: "x.toml".into(), diagnostics: Vec::new() };
    let listed = none.listed();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].code, DiagnosticCode::InvalidRuleFile);
    assert!(listed[0].message.en.contains("cannot be used") && listed[0].help.is_some());
    let one = RulesetError { origin: "y".into(), diagnostics: vec![Diagnostic::too_large(9)] };
    assert_eq!(*one.listed(), one.diagnostics[..]);
}

#[test]
fn a_long_line_is_shown_around_its_column() {
    let line = format!("{}x{}", "a".repeat(5000), "b".repeat(5000));
    let (shown, before) = around(&line, 5000);
    assert_eq!(shown.chars().count(), SHOWN_CHARS + 2);
    assert!(shown.starts_with("…a") && shown.ends_with("b…"));
    assert_eq!(shown.chars().nth(before), Some('x'));
    // A short line whole; the caret after wide characters by their cells.
    assert_eq!(around("名称 = 1", 5), ("名称 = 1".to_owned(), 7));
    // Near either end of a long line, the cut is on the other side only.
    let (start, at) = around(&line, 3);
    assert!(!start.starts_with('…') && start.ends_with('…') && at == 3);
    let (end, _) = around(&line, 10_001);
    assert!(end.starts_with('…') && !end.ends_with('…'));
}

#[test]
fn a_place_in_a_string_counts_its_escapes_as_written() {
    // The expression `a == 'é' and b` as each file writes it; `b` is at byte 15 of it.
    let b_at = "a == 'é' and b".find('b').unwrap();
    let json = [
        r#"{"x": "a == 'é' and b"}"#,
        r#"{"x": "a\u0020==\u0020\u0027\u00e9' and b"}"#,
        r#"{"x": "a\u0020==\u0020\u0027\u00E9\u0027\u0020and\u0020b"}"#,
        r#"{"x": "a == \"\u00e9\" and\tb"}"#,
    ];
    for text in json {
        let start = text.find(": \"").unwrap() + 2;
        let at = inside_string(text, RuleFormat::Json, start, b_at);
        assert_eq!(text.get(at..at + 1), Some("b"), "{text}");
    }
    // A surrogate pair is one character of four bytes.
    let text = r#""\ud83d\ude00 b""#;
    let at = inside_string(text, RuleFormat::Json, 0, "😀 ".len());
    assert_eq!(text.get(at..at + 1), Some("b"), "{text}");
    // Past the string's end, or at a broken escape, the walk stops without a panic.
    assert_eq!(inside_string(r#""ab""#, RuleFormat::Json, 0, 99), 3);
    assert!(inside_string(r#""\u12"#, RuleFormat::Json, 0, 3) <= 5);
    #[cfg(feature = "toml")]
    for (text, written) in [
        (r#"x = "a == 'é' and b""#, "plain"),
        (r#"x = "a\u0020==\u0020\u0027\u00e9' and b""#, "\\u escapes"),
        (r#"x = "a\u0020==\u0020\U00000027é' and b""#, "\\U escapes"),
        (r#"x = "a\x20==\x20\x27\xe9' and b""#, "TOML 1.1's \\x escapes"),
        (r#"x = "a == \"é\" and b""#, "\\\" escapes"),
        (r#"x = 'a == "é" and b'"#, "a literal string"),
        ("x = \"\"\"\na == 'é' \\\n    and b\"\"\"", "a line-ending backslash"),
        ("x = '''\r\na == 'é' and b'''", "a multi-line literal after its newline"),
    ] {
        let start = text.find(['"', '\'']).unwrap();
        let at = inside_string(text, RuleFormat::Toml, start, b_at);
        assert_eq!(text.get(at..at + 1), Some("b"), "{written}: {text}");
    }
}
