//! Target 3, `compile_rules`: arbitrary and mutated rule files and expressions, compiled and used.

use super::*;

// ───────────────────────── Target 3: compile_rules ─────────────────────────

/// Rule files and expressions. First byte mod 4: 0 = the rest is a rule file, compiled as TOML
/// and as JSON; 1 / 3 = the rest mutates a bundled rule file (TOML / JSON); 2 = the rest is an
/// expression, parsed alone and put in place of one of the bundled rules' expressions
/// (`first >> 2` picks which). Whatever compiles scores a bundled example.
pub fn compile_rules(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let k = known();
    match first % 4 {
        0 => {
            let text = String::from_utf8_lossy(rest);
            for format in [RuleFormat::Toml, RuleFormat::Json] {
                compile_and_use(&text, format, usize::from(first >> 2));
            }
        }
        2 => {
            let text = String::from_utf8_lossy(rest);
            match expr::parse(&text) {
                Ok(_) => {}
                Err(e) => {
                    let within = e.span.start <= e.span.end && e.span.end <= text.len();
                    assert!(
                        within && e.code != zonescore::DiagnosticCode::DependsOnError && !e.message.is_empty(),
                        "bad expression error {e:?}"
                    );
                }
            }
            let sites = expression_sites();
            let Some(&(index, start, end)) = sites.get(usize::from(first >> 2) % sites.len().max(1)) else {
                return;
            };
            let Some(base) = k.get(index).map(|k| k.toml) else {
                return;
            };
            let (Some(before), Some(after)) = (base.get(..start), base.get(end..)) else {
                return;
            };
            let rules = format!("{before}{}{after}", toml_string_body(&text));
            compile_and_use(&rules, RuleFormat::Toml, index * 8 + usize::from(first >> 5));
        }
        mode => {
            let mut u = Unstructured::new(rest);
            let Ok(index) = u.choose_index(k.len()) else {
                return;
            };
            let Some(base) = k.get(index) else {
                return;
            };
            let (format, text) =
                if mode == 1 { (RuleFormat::Toml, base.toml) } else { (RuleFormat::Json, base.json.as_str()) };
            let Ok(mutated) = mutate(&mut u, text) else {
                return;
            };
            let pick = u.int_in_range(0..=7usize).unwrap_or(0);
            compile_and_use(&mutated, format, index * 8 + pick);
        }
    }
}

/// Compiles a rule file; an error needs a diagnostic with a sane line, a ruleset must load,
/// give its schema and score the example `pick` picks, with all the answer checks.
fn compile_and_use(text: &str, format: RuleFormat, pick: usize) {
    match compile_text(text, format, "fuzz") {
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "a rule file refused without a diagnostic");
            let lines = text.matches('\n').count() + 1;
            for d in &e.diagnostics {
                assert!(
                    d.code != zonescore::DiagnosticCode::DependsOnError && !d.message.is_empty(),
                    "empty diagnostic {d:?}"
                );
                assert!(d.line.is_none_or(|l| l >= 1 && l <= lines), "line out of the file: {d:?}");
                assert!(d.column.is_none_or(|c| c >= 1), "column 0: {d:?}");
            }
        }
        Ok(_) => {
            let rules = Ruleset::from_text(text, Some(format), "fuzz").expect("compile_text accepted it");
            let _ = rules.submission_schema();
            let _ = rules.info();
            let examples: Vec<&(Input, &str)> = known().iter().flat_map(|k| &k.examples).collect();
            if let Some((tree, json)) = examples.get(pick % examples.len().max(1)) {
                check_scored(&rules, tree, json, false);
            }
        }
    }
}

/// (ruleset index, start, end) of the text of every expression in the bundled TOML files.
fn expression_sites() -> &'static [(usize, usize, usize)] {
    static SITES: OnceLock<Vec<(usize, usize, usize)>> = OnceLock::new();
    SITES.get_or_init(|| {
        let mut out = Vec::new();
        for (index, k) in known().iter().enumerate() {
            for key in ["when", "value"] {
                let pattern = format!("{key} = \"");
                for (at, _) in k.toml.match_indices(&pattern) {
                    let before = k.toml.get(..at).and_then(|b| b.chars().next_back());
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let start = at + pattern.len();
                    if let Some(len) = k.toml.get(start..).and_then(|r| r.find('"')) {
                        out.push((index, start, start + len));
                    }
                }
            }
        }
        out.sort_unstable();
        out
    })
}

fn toml_string_body(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// One to four edits of a rule file's bytes: a splice, a token replaced by a rule-file word,
/// lines copied elsewhere, lines removed, a word inserted.
pub(super) fn mutate(u: &mut Unstructured, text: &str) -> ArbResult<String> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..u.int_in_range(1u8..=4)? {
        let at = u.int_in_range(0..=bytes.len())?;
        match u.int_in_range(0u8..=4)? {
            0 => {
                let cut = u.int_in_range(0..=16usize)?.min(bytes.len() - at);
                let n = u.int_in_range(0..=24usize)?.min(u.len());
                let insert = u.bytes(n)?.to_vec();
                bytes.splice(at..at + cut, insert);
            }
            1 => {
                let token = |b: &u8| b.is_ascii_alphanumeric() || b"_.+-".contains(b);
                let start = bytes.get(..at).map_or(at, |b| b.iter().rposition(|c| !token(c)).map_or(0, |p| p + 1));
                let end = bytes.get(at..).map_or(at, |b| at + b.iter().position(|c| !token(c)).unwrap_or(b.len()));
                let word = u.choose(WORDS)?;
                bytes.splice(start..end, word.bytes());
            }
            2 => {
                let (start, end) = (line_start(&bytes, at), line_end(&bytes, at, u.int_in_range(1..=12)?));
                let lines = bytes.get(start..end).unwrap_or_default().to_vec();
                let to = line_start(&bytes, u.int_in_range(0..=bytes.len())?);
                bytes.splice(to..to, lines);
            }
            3 => {
                let (start, end) = (line_start(&bytes, at), line_end(&bytes, at, u.int_in_range(1..=12)?));
                bytes.drain(start..end);
            }
            _ => {
                let word = u.choose(WORDS)?;
                bytes.splice(at..at, word.bytes());
            }
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Where the line holding byte `at` starts.
fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes.get(..at).and_then(|b| b.iter().rposition(|c| *c == b'\n')).map_or(0, |p| p + 1)
}

/// Where the `n`-th line from the one holding byte `at` ends (after its newline).
fn line_end(bytes: &[u8], at: usize, n: usize) -> usize {
    let mut end = at;
    for _ in 0..n {
        end = bytes.get(end..).and_then(|b| b.iter().position(|c| *c == b'\n')).map_or(bytes.len(), |p| end + p + 1);
    }
    end
}
