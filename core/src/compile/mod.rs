//! Loading a rule file: parse (strict, versioned), then compile (resolve fields, check
//! expressions, static checks), reporting every problem at once with line and column.

mod build;
mod clauses;
mod criteria;
mod diagnostic;
mod fields;
mod types;

pub(crate) use build::closest as closest_name;
pub use clauses::{Citation, ClauseCoverage};
pub use diagnostic::{Diagnostic, RuleFormat, RulesetError};
pub use types::CompiledRuleset;
pub(crate) use types::*;

use crate::model::{RuleFile, FORMAT_VERSION};
#[cfg(feature = "toml")]
use diagnostic::line_col;
use sha2::{Digest, Sha256};

/// Largest rule file accepted, in bytes.
pub const MAX_RULE_FILE_BYTES: usize = 4 << 20;

/// Reads and compiles a rule file's text.
pub fn compile_text(text: &str, format: RuleFormat, origin: &str) -> Result<CompiledRuleset, RulesetError> {
    let fail = |diagnostics| RulesetError { origin: origin.to_owned(), diagnostics };
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(fail(vec![Diagnostic::about_file(
            "too_large",
            format!("rule file is {} bytes, more than the limit of {MAX_RULE_FILE_BYTES}", text.len()),
        )]));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(fail(vec![Diagnostic::about_file("empty", "rule file is empty".into())]));
    }
    let file = parse_rule_file(text, format).map_err(|d| fail(vec![d]))?;
    let inexact = diagnostic::inexact_numbers(text, format);
    if !inexact.is_empty() {
        return Err(fail(inexact));
    }
    if file.format_version != FORMAT_VERSION {
        let mut d = Diagnostic::about_file(
            "unsupported_format_version",
            format!("format version `{}` is not supported", file.format_version),
        );
        d.path = "format_version".into();
        d.help = Some(format!("this build reads `format_version = {FORMAT_VERSION}`"));
        return Err(fail(vec![d]));
    }
    let digest = digest_of(&file);
    build::Builder::new(text, format).build(file, digest).map_err(fail)
}

#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn parse_rule_file(text: &str, format: RuleFormat) -> Result<RuleFile, Diagnostic> {
    match format {
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => Err(Diagnostic {
            code: "toml_unsupported".into(),
            message: "this build of zonescore reads JSON rule files only".into(),
            help: Some("convert the rule file to JSON, or use a build with the `toml` feature".into()),
            path: String::new(),
            line: None,
            column: None,
        }),
        #[cfg(feature = "toml")]
        RuleFormat::Toml => toml::from_str::<RuleFile>(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unzip();
            Diagnostic {
                code: "invalid_rule_file".into(),
                message: first_line(e.message()),
                help: None,
                path: String::new(),
                line,
                column,
            }
        }),
        RuleFormat::Json => {
            // The strict reader first: it refuses duplicate keys and deep nesting that
            // serde_json would accept or overflow on.
            let parsed = crate::input::parse_json(text.as_bytes(), MAX_RULE_FILE_BYTES, 64)
                .map_err(|e| json_failure(text, e))?;
            if let Some(dup) = parsed.duplicate_keys.first() {
                let mut d = Diagnostic::about_file("duplicate_key", format!("key `{dup}` appears twice"));
                d.path = dup.clone();
                return Err(d);
            }
            serde_json::from_str::<RuleFile>(text).map_err(|e| Diagnostic {
                code: "invalid_rule_file".into(),
                message: first_line(
                    &e.to_string().replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
                ),
                help: None,
                path: String::new(),
                line: Some(e.line()),
                column: Some(e.column()),
            })
        }
    }
}

fn json_failure(text: &str, e: crate::input::JsonFailure) -> Diagnostic {
    use crate::input::JsonFailure as F;
    match e {
        F::Syntax { line, column, reason } => Diagnostic {
            code: "invalid_rule_file".into(),
            message: reason.into(),
            help: None,
            path: String::new(),
            line: Some(line),
            column: Some(column),
        },
        F::TooDeep { pointer, limit } => {
            Diagnostic::about_file("too_deep", format!("nested deeper than {limit} at `{pointer}`"))
        }
        other => Diagnostic::about_file("invalid_rule_file", format!("{other:?} in a text of {} bytes", text.len())),
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().trim_end_matches('.').to_owned()
}

/// `sha256:` and the hex digest of the rule file's canonical JSON form, so the same
/// rules written in TOML or JSON, with any layout, have the same digest.
fn digest_of(file: &RuleFile) -> String {
    let canonical = serde_json::to_vec(file).unwrap_or_default();
    let hash = Sha256::digest(&canonical);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
