//! Loading a rule file: parse (strict, versioned), then compile (resolve fields, check
//! expressions, static checks), reporting every problem at once with line and column.

mod build;
mod clauses;
mod criteria;
mod derived;
mod diagnostic;
mod fields;
mod notices;
mod plan;
mod types;

pub(crate) use build::{closest as closest_name, names_in};
pub use clauses::{Citation, ClauseCoverage};
pub use diagnostic::{Diagnostic, RuleFormat, RulesetError};
pub(crate) use plan::{Cond, CriterionPlan, FastBody, FastPart, Quantity};
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
    let fail = |diagnostics: Vec<Diagnostic>| RulesetError {
        origin: origin.to_owned(),
        diagnostics: diagnostics.into_iter().map(|d| d.complete(Some(text))).collect(),
    };
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(fail(vec![Diagnostic::too_large(text.len())]));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(fail(vec![Diagnostic::about_file("empty", "规则文件为空", "rule file is empty")]));
    }
    let file = parse_rule_file(text, format).map_err(|d| fail(vec![d]))?;
    let inexact = diagnostic::inexact_numbers(text, format);
    if !inexact.is_empty() {
        return Err(fail(inexact));
    }
    if file.format_version != FORMAT_VERSION {
        let version = file.format_version;
        let mut d = Diagnostic::about_file(
            "unsupported_format_version",
            format!("不支持规则格式版本 `{version}`"),
            format!("format version `{version}` is not supported"),
        )
        .with_help(
            format!("本程序只读取 `format_version = {FORMAT_VERSION}` 的规则文件"),
            format!("this build reads `format_version = {FORMAT_VERSION}`"),
        );
        d.path = "format_version".into();
        return Err(fail(vec![d]));
    }
    let digest = digest_of(&file);
    build::Builder::new(text, format).build(file, digest).map_err(fail)
}

#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn parse_rule_file(text: &str, format: RuleFormat) -> Result<RuleFile, Diagnostic> {
    match format {
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => Err(Diagnostic::about_file(
            "toml_unsupported",
            "本版本的 zonescore 只读取 JSON 格式的规则文件",
            "this build of zonescore reads JSON rule files only",
        )
        .with_help(
            "请将规则文件转换为 JSON，或使用带 `toml` 功能的版本",
            "convert the rule file to JSON, or use a build with the `toml` feature",
        )),
        #[cfg(feature = "toml")]
        RuleFormat::Toml => toml::from_str::<RuleFile>(text).map_err(|e| {
            // A text that parses as TOML failed on the rule format's structure (an unknown
            // or missing key, a value of the wrong type), not on TOML syntax.
            let syntax = toml::de::DeTable::parse(text).is_err();
            let mut d = library_error(syntax.then_some("TOML"), first_line(e.message()));
            (d.line, d.column) = e.span().map(|s| line_col(text, s.start)).unzip();
            d
        }),
        RuleFormat::Json => {
            // The strict reader first: it refuses duplicate keys and deep nesting that
            // serde_json would accept or overflow on.
            let parsed = crate::input::parse_json(text.as_bytes(), MAX_RULE_FILE_BYTES, 64)
                .map_err(|e| json_failure(text, e))?;
            if let Some(dup) = parsed.duplicate_keys.first() {
                let mut d = Diagnostic::about_file(
                    "duplicate_key",
                    format!("键 `{dup}` 重复出现"),
                    format!("key `{dup}` appears twice"),
                );
                d.path = dup.clone();
                return Err(d);
            }
            serde_json::from_str::<RuleFile>(text).map_err(|e| {
                let syntax = !matches!(e.classify(), serde_json::error::Category::Data);
                let detail = e.to_string().replace(&format!(" at line {} column {}", e.line(), e.column()), "");
                let mut d = library_error(syntax.then_some("JSON"), first_line(&detail));
                (d.line, d.column) = (Some(e.line()), Some(e.column()));
                d
            })
        }
    }
}

fn json_failure(text: &str, e: crate::input::JsonFailure) -> Diagnostic {
    use crate::input::JsonFailure as F;
    match e {
        F::Syntax { line, column, reason, reason_zh } => {
            let mut d = Diagnostic::about_file("invalid_rule_file", format!("JSON 语法错误：{reason_zh}"), reason);
            (d.line, d.column) = (Some(line), Some(column));
            d
        }
        F::TooDeep { pointer, limit } => Diagnostic::about_file(
            "too_deep",
            format!("嵌套超过 {limit} 层（位于 `{pointer}`）"),
            format!("nested deeper than {limit} at `{pointer}`"),
        ),
        other => Diagnostic::about_file(
            "invalid_rule_file",
            format!("无法读取规则文件：{other:?}（全文 {} 字节）", text.len()),
            format!("{other:?} in a text of {} bytes", text.len()),
        ),
    }
}

/// A TOML or JSON reader's error: its English text (kept as the English message, as
/// before) in a Chinese frame, `TOML 语法错误：…` for a syntax error (`format` given) or
/// `规则文件不符合规则格式：…` for a text that parses but does not fit the rule format.
fn library_error(syntax_of: Option<&str>, detail: String) -> Diagnostic {
    let zh = match syntax_of {
        Some(format) => format!("{format} 语法错误：{detail}"),
        None => format!("规则文件不符合规则格式：{detail}"),
    };
    Diagnostic::about_file("invalid_rule_file", zh, detail)
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
