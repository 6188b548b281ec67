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
fn inexact_numbers_are_those_a_float_reads_as_another_number() {
    let text = r#"{"a": [0.1, 1e400, 123456789012345678901, 0.5, -0, 0.30000000000000001, 9007199254740993,
        1125899906842624.3, 1125899906842624.2, 12.000000000000000001, 1.5e-20, 0.00000000000000000000000000001]}"#;
    let found = inexact_numbers(text, RuleFormat::Json);
    let paths: Vec<(&str, &str)> = found.iter().map(|d| (d.path.as_str(), d.code.as_str())).collect();
    // Past the engine's 28 digits (1e400; 29 decimal places, which a float reads as 0) is out
    // of range; within them, more digits than a float keeps is inexact.
    let inexact = "inexact_number";
    let expected =
        [("a[1]", "out_of_range"), ("a[2]", inexact), ("a[5]", inexact), ("a[6]", inexact), ("a[8]", inexact)];
    assert_eq!(paths, [&expected[..], &[("a[9]", inexact), ("a[11]", "out_of_range")]].concat());
    assert!(found.iter().all(|d| d.line.is_some()));
    assert_eq!(found[4].line, Some(2));
}
