//! Where in a rule file's text a problem is: the line and column of an offset, the value at
//! a rule path, a character inside a string value.

use super::diagnostic::{RuleFormat, RulePath, RulePathSeg};
use crate::input::{locate_json, JsonPathSeg};

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
                    RulePathSeg::Key(k) => JsonPathSeg::Key(k.to_string()),
                    RulePathSeg::Index(i) => JsonPathSeg::Index(*i),
                })
                .collect();
            locate_json(text, &segs)
        }
        #[cfg(feature = "toml")]
        RuleFormat::Toml => locate_toml(text, path),
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => None,
    }
}

/// The most problems a JSON rule file has located: each is a pass over the text, so a file
/// wrong throughout (a generated one) would take time growing as its size squared. Past
/// these, a problem has its rule path and no line. A TOML file is read once for all.
const MOST_LOCATED_JSON: usize = 200;

/// [`locate`] for many problems of one text: a TOML file read once, its tree kept.
pub(crate) struct Locator<'t> {
    text: &'t str,
    format: RuleFormat,
    #[cfg(feature = "toml")]
    toml: std::cell::OnceCell<Option<toml::Spanned<toml::de::DeTable<'t>>>>,
    located: std::cell::Cell<usize>,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str, format: RuleFormat) -> Self {
        #[cfg(feature = "toml")]
        let toml = std::cell::OnceCell::new();
        Self {
            text,
            format,
            #[cfg(feature = "toml")]
            toml,
            located: std::cell::Cell::new(0),
        }
    }

    /// Byte offset of the value at `path`, as [`locate`] finds it.
    pub(crate) fn locate(&self, path: &RulePath) -> Option<usize> {
        #[cfg(feature = "toml")]
        if self.format == RuleFormat::Toml {
            let root = self.toml.get_or_init(|| toml::de::DeTable::parse(self.text).ok()).as_ref()?;
            return locate_in_toml(root, path);
        }
        self.located.set(self.located.get() + 1);
        (self.located.get() <= MOST_LOCATED_JSON).then(|| locate(self.text, self.format, path)).flatten()
    }
}

#[cfg(feature = "toml")]
fn locate_toml(text: &str, path: &RulePath) -> Option<usize> {
    locate_in_toml(&toml::de::DeTable::parse(text).ok()?, path)
}

#[cfg(feature = "toml")]
fn locate_in_toml(root: &toml::Spanned<toml::de::DeTable<'_>>, path: &RulePath) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let mut span = root.span();
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&toml::de::DeArray<'_>> = None;
    for seg in &path.0 {
        let value = match seg {
            RulePathSeg::Key(k) => {
                table?.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_ref()).map(|(_, v)| v)?
            }
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

/// Offset in the file of byte `at` of a string value's text, the value starting at
/// `value_start`. The text is the string as read: escapes (`\u00e9`, `\"`, TOML's `\U…` and
/// line-ending backslash) are walked over as written, so a caret lands under the character
/// meant, not as many columns early as the escapes before it saved.
pub(crate) fn inside_string(text: &str, format: RuleFormat, value_start: usize, at: usize) -> usize {
    match format {
        RuleFormat::Json if text.as_bytes().get(value_start) == Some(&b'"') => {
            crate::input::json_string_offset(text, value_start, at)
        }
        #[cfg(feature = "toml")]
        RuleFormat::Toml => inside_toml_string(text, value_start, at),
        _ => value_start + 1 + at,
    }
}

/// [`inside_string`] of a TOML string: basic or literal, on one line or several.
#[cfg(feature = "toml")]
fn inside_toml_string(text: &str, value_start: usize, at: usize) -> usize {
    let rest = text.get(value_start..).unwrap_or_default();
    let (quote, escapes) = match rest.as_bytes() {
        [b'"', b'"', b'"', ..] => (3, true),
        [b'\'', b'\'', b'\'', ..] => (3, false),
        [b'"', ..] => (1, true),
        [b'\'', ..] => (1, false),
        _ => (0, false),
    };
    let mut start = value_start + quote;
    if quote == 3 {
        // A newline just after a multi-line string's opening quotes is not part of it.
        let body = text.get(start..).unwrap_or_default();
        start += if body.starts_with("\r\n") { 2 } else { usize::from(body.starts_with('\n')) };
    }
    if !escapes {
        return start + at;
    }
    // Byte by byte: outside an escape a byte read is a byte written.
    let raw = text.get(start..).unwrap_or_default().as_bytes();
    let (mut read, mut i) = (0, 0);
    while read < at && i < raw.len() {
        if raw.get(i) != Some(&b'\\') {
            (read, i) = (read + 1, i + 1);
            continue;
        }
        let digits = match raw.get(i + 1) {
            Some(b'x') => 2,
            Some(b'u') => 4,
            Some(b'U') => 8,
            // TOML's line-ending backslash: the line end and the white space after it go.
            Some(b'\n' | b'\r' | b' ' | b'\t') => {
                i += 1 + raw.iter().skip(i + 1).take_while(|b| b" \t\r\n".contains(b)).count();
                continue;
            }
            _ => 0,
        };
        let code = raw.get(i + 2..i + 2 + digits).unwrap_or_default();
        let code =
            code.iter().fold(0u32, |v, &d| v.wrapping_mul(16).wrapping_add(char::from(d).to_digit(16).unwrap_or(0)));
        // Its UTF-8 bytes (TOML's `\x`, `\u` and `\U` are scalar values; other escapes are one).
        read += match digits {
            0 => 1,
            _ => 1 + usize::from(code >= 0x80) + usize::from(code >= 0x800) + usize::from(code >= 0x1_0000),
        };
        i += 2 + digits;
    }
    start + i.min(raw.len())
}
