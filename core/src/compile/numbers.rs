//! Numbers a rule file writes that its reader would take as another number: more digits
//! than a binary float keeps, or more than the engine's 28.

use super::diagnostic::{line_col, Diagnostic, RuleFormat};
use super::DiagnosticCode;
use crate::input::{locate_json, JsonPathSeg};
use crate::model::Text;

/// Numbers a rule file writes with more digits than a binary float keeps (TOML and JSON
/// readers hand floats over as `f64`): `0.30000000000000001` would silently become `0.3`;
/// and those past the engine's 28 digits (`1e-30` would become 0).
pub(crate) fn inexact_numbers(text: &str, format: RuleFormat) -> Vec<Diagnostic> {
    // A number of at most 15 significant digits and no exponent survives a float exactly
    // (DBL_DIG) and is within 28 digits, so a file without a longer run of digits or a
    // digit followed by an exponent needs no second look.
    let mut run = 0usize;
    let bytes = text.as_bytes();
    let second_look = bytes.iter().enumerate().any(|(i, &b)| {
        run = match b {
            b'0'..=b'9' => run + 1,
            b'.' | b'_' => run,
            _ => 0,
        };
        let exponent = matches!(b, b'e' | b'E') && i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
        run > 15 || exponent
    });
    if !second_look {
        return Vec::new();
    }
    let mut found: Vec<(String, Option<usize>, String)> = Vec::new();
    match format {
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => {}
        #[cfg(feature = "toml")]
        RuleFormat::Toml => {
            use toml::de::{DeTable, DeValue};
            fn walk(v: &toml::Spanned<DeValue<'_>>, path: &str, out: &mut Vec<(String, Option<usize>, String)>) {
                match v.get_ref() {
                    DeValue::Float(f) => out.push((f.as_str().replace('_', ""), Some(v.span().start), path.to_owned())),
                    DeValue::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            walk(item, &format!("{path}[{i}]"), out);
                        }
                    }
                    DeValue::Table(t) => {
                        for (k, item) in t.iter() {
                            let key: &str = k.get_ref().as_ref();
                            walk(item, &if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }, out);
                        }
                    }
                    _ => {}
                }
            }
            if let Ok(root) = DeTable::parse(text) {
                for (k, v) in root.get_ref().iter() {
                    let key: &str = k.get_ref().as_ref();
                    walk(v, key, &mut found);
                }
            }
        }
        RuleFormat::Json => {
            fn walk(
                v: &crate::input::Input,
                path: &mut Vec<JsonPathSeg>,
                text: &str,
                out: &mut Vec<(String, Option<usize>, String)>,
            ) {
                use crate::input::Input;
                match v {
                    Input::Number(n) => {
                        let shown = path
                            .iter()
                            .map(|s| match s {
                                JsonPathSeg::Key(k) => format!(".{k}"),
                                JsonPathSeg::Index(i) => format!("[{i}]"),
                            })
                            .collect::<String>();
                        // Located only when reported: locating reads the whole text again,
                        // and a file has thousands of numbers (a 1.2 MB one took 54 s).
                        let at = if read_as_written(n) { None } else { locate_json(text, path) };
                        out.push((n.clone(), at, shown.trim_start_matches('.').to_owned()));
                    }
                    Input::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            path.push(JsonPathSeg::Index(i));
                            walk(item, path, text, out);
                            path.pop();
                        }
                    }
                    Input::Object(members) => {
                        for (k, item) in members {
                            path.push(JsonPathSeg::Key(k.clone()));
                            walk(item, path, text, out);
                            path.pop();
                        }
                    }
                    _ => {}
                }
            }
            if let Ok(parsed) = crate::input::parse_json(text.as_bytes(), usize::MAX, 64) {
                walk(&parsed.value, &mut Vec::new(), text, &mut found);
            }
        }
    }
    found
        .into_iter()
        .filter_map(|(raw, at, path)| {
            if read_as_written(&raw) {
                return None;
            }
            let (code, message, help) = match crate::input::parse_number(&raw) {
                Ok(_) => (
                    DiagnosticCode::InexactNumber,
                    Text::new(
                        format!("数值 `{raw}` 的有效数字多于浮点数所能保存的位数，会被读成另一个数"),
                        format!("`{raw}` has more digits than a float keeps and would be read as another number"),
                    ),
                    Text::new(format!("请写成字符串：\"{raw}\""), format!("write it as a string: \"{raw}\"")),
                ),
                // Past the engine's 28 digits (`0.000…0001`, 29 places): read as a float, it
                // would silently become another number (0), as a string it is refused.
                Err(crate::input::NumberError::OutOfRange) => (
                    DiagnosticCode::OutOfRange,
                    Text::new(
                        format!("数值 `{raw}` 超出引擎能精确保存的范围"),
                        format!("`{raw}` is beyond what the engine keeps exactly"),
                    ),
                    Text::new(
                        "数值至多 28 位有效数字、28 位小数，且小于 10^28",
                        "a number has at most 28 significant digits and 28 decimal places, and is below 10^28",
                    ),
                ),
                _ => return None,
            };
            let (line, column) = at.map(|o| line_col(text, o)).unzip();
            Some(Diagnostic { code, message, help: Some(help), path, line, column, source_line: None })
        })
        .collect()
}

/// Whether a number's text is read as the number written: within the engine's 28 digits, and
/// kept exactly by a binary float.
#[inline(never)]
fn read_as_written(raw: &str) -> bool {
    matches!(crate::input::parse_number(raw), Ok(x) if crate::input::survives_f64(x))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, reason = "tests fail loudly")]
    use super::*;

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
}
