//! Loading a rule file: parse (strict, versioned), then compile (resolve fields, check
//! expressions, static checks), reporting every problem at once with line and column.

mod build;
mod clauses;
mod criteria;
mod derived;
mod diagnostic;
mod fields;
mod notices;
mod period;
mod plan;
mod types;

pub(crate) use build::{closest as closest_name, names_in};
pub use clauses::{Citation, ClauseCoverage};
pub use diagnostic::{Diagnostic, RuleFormat, RulesetError};
pub(crate) use diagnostic::{RulePath, RulePathSeg};
pub(crate) use plan::{Cond, CriterionPlan, FastBody, FastPart, Quantity};
pub use types::CompiledRuleset;
pub(crate) use types::*;

use crate::model::{RuleFile, FORMAT_VERSION};
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
    let (file, legacy) = parse_rule_file(text, format).map_err(|d| fail(vec![d]))?;
    let inexact = diagnostic::inexact_numbers(text, format);
    if !inexact.is_empty() {
        return Err(fail(inexact));
    }
    let digest = digest_of(&file);
    build::Builder::new(text, format, legacy).build(file, digest).map_err(fail)
}

/// The version a rule file says it is written in, read before the rest.
#[derive(serde::Deserialize)]
struct Version {
    format_version: Option<serde_json::Value>,
}

/// Reads a rule file: format 2 as it is, format 1 migrated (then `true`), any other refused.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn parse_rule_file(text: &str, format: RuleFormat) -> Result<(RuleFile, bool), Diagnostic> {
    let version = match format {
        #[cfg(feature = "toml")]
        RuleFormat::Toml => toml::from_str::<Version>(text).ok(),
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => None,
        RuleFormat::Json => serde_json::from_str::<Version>(text).ok(),
    };
    match version.and_then(|v| v.format_version) {
        Some(v) if v.as_u64() == Some(1) => return parse_v1(text, format).map(|f| (f, true)),
        Some(v) if v.as_u64() != Some(u64::from(FORMAT_VERSION)) && (v.is_u64() || v.is_i64()) => {
            let mut d = Diagnostic::about_file(
                "unsupported_format_version",
                format!("不支持规则格式版本 `{v}`"),
                format!("format version `{v}` is not supported"),
            )
            .with_help(
                format!("本程序读取 `format_version = {FORMAT_VERSION}`（以及迁移后的 1）的规则文件"),
                format!("this build reads `format_version = {FORMAT_VERSION}` (and 1, migrated)"),
            );
            d.path = "format_version".into();
            return Err(d);
        }
        _ => {}
    }
    parse_as::<RuleFile>(text, format).map(|f| (f, false))
}

/// A rule file's text read as a tree of JSON values, in its own key order.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
pub(crate) fn parse_tree(text: &str, format: RuleFormat) -> Result<serde_json::Value, Diagnostic> {
    parse_as::<serde_json::Value>(text, format)
}

/// A format 1 file: read as a tree, migrated, then read as format 2.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn parse_v1(text: &str, format: RuleFormat) -> Result<RuleFile, Diagnostic> {
    let mut tree = parse_as::<serde_json::Value>(text, format)?;
    crate::migrate::migrate_v1(&mut tree).map_err(|p| {
        let mut d = Diagnostic::about_file("cannot_migrate", p.message.zh, p.message.en).with_help(
            "规则格式 1 的文件读取时迁移为格式 2；请按提示修改，或用 `zonescore migrate` 转换后再改",
            "a format 1 file is migrated to format 2 as it is read; mend it as told, or convert it with `zonescore migrate` first",
        );
        d.path = p.path;
        d
    })?;
    serde_path_to_error::deserialize::<_, RuleFile>(tree).map_err(|e| {
        let detail = first_line(&e.inner().to_string());
        let mut d = library_error(None, detail.clone());
        // A tree has no positions: the problem is shown where the format 1 text has the key
        // the reader stopped at, or, for an unknown key, where the text first writes it.
        let mut at = RulePath::default();
        for seg in e.path().iter() {
            at.0.push(match seg {
                serde_path_to_error::Segment::Map { key } => RulePathSeg::Key(key.clone().into()),
                serde_path_to_error::Segment::Seq { index } => RulePathSeg::Index(*index),
                _ => break,
            });
        }
        let unknown = detail.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
        let found = crate::migrate::v1_paths(&at)
            .into_iter()
            .find_map(|p| diagnostic::locate(text, format, &p).map(|o| (p, o)));
        let offset = match (unknown, found) {
            (Some(k), _) => key_offset(text, k),
            (None, Some((p, o))) => {
                d.path = p.to_string();
                Some(o)
            }
            (None, None) => None,
        };
        (d.line, d.column) = offset.map(|o| line_col(text, o)).unzip();
        d
    })
}

/// Where `key` is first written as a key: `key =` in TOML (at a line's start or in an
/// inline table), `"key":` in JSON.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).map(|(at, _)| at).find(|&at| {
        let before = text.get(..at).unwrap_or_default().trim_end_matches([' ', '\t', '"']);
        let after = text.get(at + key.len()..).unwrap_or_default().trim_start_matches('"').trim_start();
        let opens = before.is_empty() || before.ends_with(['\n', '{', ',']);
        opens && (after.starts_with('=') || after.starts_with(':'))
    })
}

#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn parse_as<T: serde::de::DeserializeOwned>(text: &str, format: RuleFormat) -> Result<T, Diagnostic> {
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
        RuleFormat::Toml => toml::from_str::<T>(text).map_err(|e| {
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
            serde_json::from_str::<T>(text).map_err(|e| {
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
