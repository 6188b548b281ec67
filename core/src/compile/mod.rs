//! Loading a rule file: parse (strict, versioned), then compile (resolve fields, check
//! expressions, static checks), reporting every problem at once with line and column.

mod build;
mod clauses;
mod closest;
mod codes;
mod criteria;
mod derived;
mod diagnostic;
mod fields;
mod grades;
mod layout;
mod locate;
mod notices;
mod numbers;
mod period;
mod pipeline;
mod places;
mod plan;
mod read;
mod relabel;
#[cfg(feature = "toml")]
mod toml_words;
#[cfg(feature = "toml")]
pub(crate) use toml_words::toml_words_zh;
mod types;
#[cfg(feature = "toml")]
mod unknown_keys;

pub(crate) use build::names_in;
pub use clauses::{Citation, ClauseCoverage};
pub(crate) use closest::closest as closest_name;
pub use diagnostic::{Diagnostic, DiagnosticCode, RuleFormat, RulesetError};
pub(crate) use diagnostic::{RulePath, RulePathSeg};
pub use layout::LayoutWarning;
pub use places::RulePlace;
pub(crate) use plan::{Cond, CriterionPlan, FastBody, FastPart, Quantity};
pub(crate) use read::parse_tree;
#[cfg(feature = "toml")]
pub(crate) use read::{reader_words_zh, unknown_key_near};
#[cfg(not(target_family = "wasm"))]
pub(crate) use relabel::Borrowed;
pub(crate) use relabel::OwnCounts;
pub use types::CompiledRuleset;
pub(crate) use types::*;

use crate::model::RuleFile;
use sha2::{Digest, Sha256};

/// Largest rule file accepted, in bytes.
pub const MAX_RULE_FILE_BYTES: usize = 4 << 20;

/// Reads and compiles a rule file's text.
pub fn compile_text(text: &str, format: RuleFormat, origin: &str) -> Result<CompiledRuleset, RulesetError> {
    let fail = |diagnostics: Vec<Diagnostic>| {
        let mut diagnostics: Vec<Diagnostic> = diagnostics.into_iter().map(|d| d.complete(Some(text))).collect();
        in_file_order(&mut diagnostics);
        RulesetError { origin: origin.to_owned(), diagnostics }
    };
    if text.len() > MAX_RULE_FILE_BYTES {
        return Err(fail(vec![Diagnostic::too_large(text.len())]));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(fail(vec![Diagnostic::about_file(DiagnosticCode::Empty, "规则文件为空", "rule file is empty")]));
    }
    // Comments alone (a file just started, or everything commented out) are as empty.
    #[cfg(feature = "toml")]
    if format == RuleFormat::Toml && toml::de::DeTable::parse(text).is_ok_and(|t| t.get_ref().is_empty()) {
        let (zh, en) = ("规则文件只有注释，没有规则", "the rule file holds only comments, no rules");
        return Err(fail(vec![Diagnostic::about_file(DiagnosticCode::Empty, zh, en)]));
    }
    let (file, legacy) = match read::rule_file(text, format) {
        Ok(read) => read,
        // A number past the engine's range (`1e30`) fails the reader too: said as what it
        // is, out of range, where the reader's words would point to quotes and commas.
        Err(d) if d.code != DiagnosticCode::InvalidRuleFile => return Err(fail(vec![d])),
        Err(d) => {
            let mut found = numbers::inexact_numbers(text, format);
            if !found.iter().any(|n| n.line.is_some() && n.line == d.line) {
                // The reader stops at the first unknown key: the others are looked for too,
                // and the rules as meant (every unknown key out) are checked for the rest.
                #[cfg(feature = "toml")]
                {
                    // Numbers past the engine's range are told alone, as when the file reads.
                    let inexact = !found.is_empty();
                    let (others, meant) = unknown_keys::other_unknown_keys(text, format, &d);
                    found.extend(others);
                    if let Some(file) = meant.filter(|_| !inexact) {
                        let (digest, plain_texts) = digest_of(&file);
                        if let Err(more) = build::Builder::new(text, format, false).build(file, digest, plain_texts) {
                            found.extend(more);
                        }
                    }
                }
                found.insert(0, d);
            }
            return Err(fail(found));
        }
    };
    let inexact = numbers::inexact_numbers(text, format);
    if !inexact.is_empty() {
        return Err(fail(inexact));
    }
    let (digest, plain_texts) = digest_of(&file);
    build::Builder::new(text, format, legacy).build(file, digest, plain_texts).map_err(fail)
}

/// The most problems put in the order of the file's lines; a longer list (a generated file
/// wrong throughout) keeps the compiler's order, rule kind by rule kind.
const MOST_SORTED: usize = 1000;

/// Problems in the order of the file's lines, those with no line last, in every face: the
/// compiler finds them rule kind by rule kind, vetoes before criteria. By insertion (the list
/// is a few runs in order already), which adds no sort routine to the browser's module.
fn in_file_order(diagnostics: &mut [Diagnostic]) {
    if diagnostics.len() > MOST_SORTED {
        return;
    }
    let key = |d: &Diagnostic| (d.line.is_none(), d.line, d.column);
    for i in 1..diagnostics.len() {
        let Some((last, before)) = diagnostics.get(..=i).and_then(<[Diagnostic]>::split_last) else { break };
        let at = before.partition_point(|d| key(d) <= key(last));
        if let Some(moved) = diagnostics.get_mut(at..=i) {
            moved.rotate_right(1);
        }
    }
}

/// `sha256:` and the hex digest of the rule file's canonical JSON form, so the same
/// rules written in TOML or JSON, with any layout, have the same digest; and whether every
/// text of the file is plain: that form escapes none (no `"`, `\` or control character).
fn digest_of(file: &RuleFile) -> (String, bool) {
    // Both languages, whatever the calling thread writes (`options::write_in`): a side left out
    // would be missing from the digest and from the check for escapes.
    let canonical = crate::options::write_in(crate::Lang::Both, || serde_json::to_vec(file)).unwrap_or_default();
    let hash = Sha256::digest(&canonical);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    (format!("sha256:{hex}"), !canonical.is_empty() && !canonical.contains(&b'\\'))
}
