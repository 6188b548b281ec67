//! Rule-file diagnostics: every problem of a rule file, located by rule path, line and column.

pub use super::codes::DiagnosticCode;
pub(crate) use super::locate::{inside_string, line_col, locate, Locator};
use crate::model::Text;
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
    Key(std::borrow::Cow<'static, str>),
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
        segs.push(RulePathSeg::Key(key.into()));
        Self(segs)
    }

    /// The path as [`fmt::Display`] writes it (`dimensions[0].criteria[1].max`), to find a
    /// problem the reader names by path alone.
    pub(crate) fn parse(text: &str) -> Self {
        let mut segs = Vec::new();
        for piece in text.split('.') {
            let mut parts = piece.split('[');
            if let Some(key) = parts.next().filter(|k| !k.is_empty()) {
                segs.push(RulePathSeg::Key(key.to_owned().into()));
            }
            segs.extend(parts.filter_map(|i| i.trim_end_matches(']').parse().ok()).map(RulePathSeg::Index));
        }
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

/// One problem in a rule file, its message and help in Chinese and in English like the
/// messages of field errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Stable snake_case code (`unknown_name`, `duplicate_id`, `unreachable_band`, …).
    pub code: DiagnosticCode,
    /// The problem in both languages: one sentence each, no final period (the English in
    /// lowercase). The detail of a TOML or JSON reader's error stays in English in both.
    pub message: Text,
    /// What to do about it, in both languages; `null` when there is nothing more to say.
    pub help: Option<Text>,
    /// Where in the rule file's structure (empty for the whole file).
    pub path: String,
    /// 1-based line in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "usize")]
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "usize")]
    pub column: Option<usize>,
    /// The text of the line the diagnostic points at, shown with a caret under the column.
    /// Not serialised: an editor has the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub source_line: Option<String>,
}

/// A rule file that cannot be used, with every problem found in it.
///
/// It displays in English (`{origin} has 2 problems` and one line per problem), as Python
/// and JavaScript errors show it; [`RulesetError::to_string_in`] renders it in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct RulesetError {
    /// Where the rules came from (a file path, `<text>` or a bundled id).
    pub origin: String,
    /// All problems, in the order of the file's lines (those with no line last).
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for RulesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_in("en"))
    }
}

/// Whether a language code asks for Chinese (`zh`, `zh-CN`, `zh-Hans`, …), read as every
/// face reads `lang`.
fn is_zh(lang: &str) -> bool {
    crate::Lang::parse_one(lang) == Ok(crate::Lang::Zh)
}

impl RulesetError {
    /// Every diagnostic, never none: an error made without any (no code path of the
    /// engine does) lists one `invalid_rule_file` saying so, so that every face has a
    /// first problem to show, the same one.
    pub fn listed(&self) -> std::borrow::Cow<'_, [Diagnostic]> {
        if self.diagnostics.is_empty() {
            let (zh, en) = ("规则无法使用", "the rules cannot be used");
            vec![Diagnostic::about_file(DiagnosticCode::InvalidRuleFile, zh, en).complete(None)].into()
        } else {
            self.diagnostics.as_slice().into()
        }
    }

    /// The error as text in a language: `"zh"` (or `zh-CN`, …) gives
    /// `{origin}：发现 2 处问题` and each problem in Chinese; any other code gives the
    /// English of `Display`.
    pub fn to_string_in(&self, lang: &str) -> String {
        let n = self.diagnostics.len();
        let mut out = if is_zh(lang) {
            format!("{}：发现 {n} 处问题", self.origin)
        } else {
            format!("{} has {n} problem{}", self.origin, if n == 1 { "" } else { "s" })
        };
        for d in &self.diagnostics {
            out.push('\n');
            out.push_str(&d.render_in(&self.origin, lang));
        }
        out
    }
}

impl Diagnostic {
    /// `file:line:col: error[code]: message (at `path`)\n  help: …`, in English.
    pub fn render(&self, origin: &str) -> String {
        self.render_in(origin, "en")
    }

    /// The diagnostic as text in a language: for `"zh"`
    /// `file:line:col: 错误[code]：message（位于 `path`）\n  提示：…`, else [`Self::render`]'s
    /// English. The location stays `file:line:col` in both, so editors and terminals link it.
    pub fn render_in(&self, origin: &str, lang: &str) -> String {
        let zh = is_zh(lang);
        let pick = |t: &Text| if zh { t.zh.clone() } else { t.en.clone() };
        let at = match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{origin}:{l}:{c}"),
            _ => origin.to_owned(),
        };
        let message = pick(&self.message);
        let mut out = if zh {
            format!("{at}: 错误[{}]：{message}", self.code)
        } else {
            format!("{at}: error[{}]: {message}", self.code)
        };
        if !self.path.is_empty() {
            out.push_str(&if zh { format!("（位于 `{}`）", self.path) } else { format!(" (at `{}`)", self.path) });
        }
        if let (Some(source), Some(line), Some(column)) = (&self.source_line, self.line, self.column) {
            // `  3 | id = "x` and a caret under the column, counted in display cells.
            let number = line.to_string();
            let (shown, before) = around(source, column.saturating_sub(1));
            let blank = " ".repeat(number.len());
            out.push_str(&format!("\n  {number} | {shown}\n  {blank} | {}^", " ".repeat(before)));
        }
        if let Some(help) = &self.help {
            out.push_str(&if zh {
                format!("\n  提示：{}", pick(help))
            } else {
                format!("\n  help: {}", pick(help))
            });
        }
        out
    }

    /// Fills in what a diagnostic made without them lacks: the source line it points at
    /// (from `text`), and help for its code, so every diagnostic says what to do.
    pub(crate) fn complete(mut self, text: Option<&str>) -> Self {
        if let (Some(text), Some(line), None) = (text, self.line, &self.source_line) {
            self.source_line = text.lines().nth(line.saturating_sub(1)).map(|l| {
                let l: String = l.chars().filter(|c| !c.is_control() || *c == '\t').collect();
                l.replace('\t', " ")
            });
        }
        if self.help.is_none() {
            let (zh, en) = self.code.default_help();
            self.help = Some(Text::new(zh, en));
        }
        self
    }
}

/// Characters of a source line shown at most: a line of a megabyte (a minified JSON rule
/// file) is shown as the stretch around the column, `…` where it is cut.
const SHOWN_CHARS: usize = 100;

/// The part of `line` shown around the character `at`, and the display cells before it.
fn around(line: &str, at: usize) -> (String, usize) {
    let count = line.chars().count();
    let at = at.min(count);
    let start = if count <= SHOWN_CHARS { 0 } else { at.saturating_sub(SHOWN_CHARS / 2).min(count - SHOWN_CHARS) };
    let end = (start + SHOWN_CHARS).min(count);
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < count { "…" } else { "" };
    let part: String = line.chars().skip(start).take(end - start).collect();
    let before = lead.chars().count() + line.chars().skip(start).take(at - start).map(cells).sum::<usize>();
    (format!("{lead}{part}{tail}"), before)
}

/// Display cells of a character in a terminal: two for CJK and full-width forms.
fn cells(c: char) -> usize {
    let wide = matches!(u32::from(c), 0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x20000..=0x3fffd);
    if wide {
        2
    } else {
        1
    }
}

impl Diagnostic {
    /// A problem with the file as a whole (no rule path, line or column), with its message
    /// in Chinese and in English, side by side.
    pub fn about_file(code: DiagnosticCode, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code,
            message: Text::new(zh, en),
            help: None,
            path: String::new(),
            line: None,
            column: None,
            source_line: None,
        }
    }

    /// Adds guidance, in Chinese and in English, to a diagnostic being built.
    pub(crate) fn help(&mut self, zh: impl Into<String>, en: impl Into<String>) -> &mut Self {
        self.help = Some(Text::new(zh, en));
        self
    }

    /// This diagnostic with guidance in Chinese and in English.
    pub(crate) fn with_help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Self {
        self.help(zh, en);
        self
    }

    /// A rule file over [`MAX_RULE_FILE_BYTES`](super::MAX_RULE_FILE_BYTES), refused unread.
    pub(crate) fn too_large(size: impl fmt::Display) -> Self {
        let limit = super::MAX_RULE_FILE_BYTES;
        Self::about_file(
            DiagnosticCode::TooLarge,
            format!("规则文件大小为 {size} 字节，超过上限 {limit} 字节"),
            format!("rule file is {size} bytes, more than the limit of {limit}"),
        )
        .complete(None)
    }

    /// A rule file that cannot be read, and why ([`crate::io_reason`]).
    pub(crate) fn unreadable(error: &std::io::Error) -> Self {
        let why = crate::io_reason(error);
        Self::about_file(
            DiagnosticCode::Unreadable,
            format!("无法读取规则文件：{}", why.zh),
            format!("cannot read the file: {}", why.en),
        )
        .complete(None)
    }

    /// A rule file that is not UTF-8 text, at the line and column where it stops being so
    /// (the text before is UTF-8): a file saved in GBK, as Windows editors in China may.
    pub(crate) fn not_utf8(bytes: &[u8], offset: usize) -> Self {
        let before = std::str::from_utf8(bytes.get(..offset).unwrap_or_default()).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let mut d = Self::about_file(
            DiagnosticCode::InvalidUtf8,
            "规则文件不是 UTF-8 编码的文本",
            "the file is not UTF-8 text",
        )
        .with_help(
            "若文件是 GBK 等其他编码，请用编辑器另存为 UTF-8（如记事本“另存为”中的“编码”选 UTF-8）",
            "a file in GBK or another encoding: save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
        );
        (d.line, d.column) = (Some(line), Some(column));
        d.complete(None)
    }

    /// A bundled ruleset id that does not exist; `known` lists those that do.
    pub(crate) fn unknown_ruleset(id: &str, known: &[&str]) -> Self {
        Self::about_file(
            DiagnosticCode::UnknownRuleset,
            format!("没有编号为 `{id}` 的内置规则集"),
            format!("no bundled ruleset is called `{id}`"),
        )
        .with_help(
            match super::closest_name(id, known.iter().copied()) {
                Some(near) => {
                    format!("你是否想写 `{near}`？内置规则集为 `{}`；也可以给出规则文件的路径", known.join("`、`"))
                }
                None => format!("内置规则集为 `{}`；也可以给出规则文件的路径", known.join("`、`")),
            },
            match super::closest_name(id, known.iter().copied()) {
                Some(near) => format!(
                    "did you mean `{near}`? The bundled rulesets are `{}`; or pass a rule file's path",
                    known.join("`, `")
                ),
                None => format!("the bundled rulesets are `{}`; or pass a rule file's path", known.join("`, `")),
            },
        )
    }
}

#[cfg(test)]
#[path = "diagnostic_tests.rs"]
mod tests;
