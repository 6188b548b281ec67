//! Rule-file diagnostics: every problem of a rule file, located by rule path, line and column.

use crate::input::{locate_json, JsonPathSeg};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The format of a rule file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleFormat {
    /// TOML, for people.
    Toml,
    /// JSON, for machines.
    Json,
}

impl RuleFormat {
    /// Guesses the format from a file name, then from the text (`{` starts JSON).
    pub fn detect(origin: &str, text: &str) -> Self {
        let lower = origin.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Self::Json
        } else if lower.ends_with(".toml") {
            Self::Toml
        } else if text.trim_start_matches('\u{feff}').trim_start().starts_with('{') {
            Self::Json
        } else {
            Self::Toml
        }
    }
}

/// One step of a path into a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulePathSeg {
    /// A table key.
    Key(&'static str),
    /// An array element.
    Index(usize),
}

/// A path into a rule file (`dimensions[0].criteria[1].parts[0].when`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulePath(pub Vec<RulePathSeg>);

impl RulePath {
    /// This path extended by a key.
    pub fn key(&self, key: &'static str) -> Self {
        let mut segs = self.0.clone();
        segs.push(RulePathSeg::Key(key));
        Self(segs)
    }

    /// This path extended by an index.
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(RulePathSeg::Index(index));
        Self(segs)
    }
}

impl fmt::Display for RulePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                RulePathSeg::Key(k) if i == 0 => write!(f, "{k}")?,
                RulePathSeg::Key(k) => write!(f, ".{k}")?,
                RulePathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable snake_case code (`unknown_name`, `duplicate_id`, `unreachable_band`, …).
    pub code: String,
    /// One lowercase sentence, no final period.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Where in the rule file's structure (empty for the whole file).
    pub path: String,
    /// 1-based line in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// A rule file that cannot be used, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct RulesetError {
    /// Where the rules came from (a file path, `<text>` or a bundled id).
    pub origin: String,
    /// All problems, in file order of discovery.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for RulesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        write!(f, "{} has {n} problem{}", self.origin, if n == 1 { "" } else { "s" })?;
        for d in &self.diagnostics {
            write!(f, "\n{}", d.render(&self.origin))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// `file:line:col: error[code]: message (at path)\n  help: …`
    pub fn render(&self, origin: &str) -> String {
        let at = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{origin}:{l}:{c}"),
            _ => origin.to_owned(),
        };
        let mut out = format!("{at}: error[{}]: {}", self.code, self.message);
        if !self.path.is_empty() {
            out.push_str(&format!(" (at `{}`)", self.path));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  help: {help}"));
        }
        out
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Byte offset of the value at `path` in the rule file's text.
pub(crate) fn locate(text: &str, format: RuleFormat, path: &RulePath) -> Option<usize> {
    match format {
        RuleFormat::Json => {
            let segs: Vec<JsonPathSeg> = path
                .0
                .iter()
                .map(|s| match s {
                    RulePathSeg::Key(k) => JsonPathSeg::Key((*k).to_owned()),
                    RulePathSeg::Index(i) => JsonPathSeg::Index(*i),
                })
                .collect();
            locate_json(text, &segs)
        }
        RuleFormat::Toml => locate_toml(text, path),
    }
}

fn locate_toml(text: &str, path: &RulePath) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&toml::de::DeArray<'_>> = None;
    for seg in &path.0 {
        let value = match seg {
            RulePathSeg::Key(k) => table?.iter().find(|(key, _)| key.get_ref().as_ref() == *k).map(|(_, v)| v)?,
            RulePathSeg::Index(i) => array?.get(*i)?,
        };
        span = value.span();
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a),
            _ => {}
        }
    }
    Some(span.start)
}

/// Offset of an expression's character `at` inside the string value that starts at `value_start`.
pub(crate) fn inside_string(text: &str, value_start: usize, at: usize) -> usize {
    let rest = text.get(value_start..).unwrap_or_default();
    let quote = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3
    } else if rest.starts_with('"') || rest.starts_with('\'') {
        1
    } else {
        0
    };
    value_start + quote + at
}

impl Diagnostic {
    /// Adds guidance to a diagnostic being built.
    pub(crate) fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}
