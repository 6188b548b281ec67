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
