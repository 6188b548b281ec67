//! A strict JSON reader: exact number text, duplicate keys found, bounded depth and size.
//!
//! serde_json would round numbers through `f64` (or need a global feature), silently keep
//! the last of two duplicate keys, and recurse 128 deep; a submission reader fed by web
//! forms needs none of that, so this small reader keeps every detail the validator needs.

use super::{escape_pointer_segment, Input};

/// One step of a path into a JSON document, used to find where a value is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonPathSeg {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A JSON text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonFailure {
    /// Nothing but white space.
    Empty,
    /// Larger than the limit.
    TooLarge { size: usize, limit: usize },
    /// Not UTF-8.
    InvalidUtf8 { offset: usize },
    /// Not JSON; 1-based line and column (in characters), and why in English and Chinese.
    Syntax { line: usize, column: usize, reason: &'static str, reason_zh: &'static str },
    /// Nested deeper than the limit, at this JSON pointer.
    TooDeep { pointer: String, limit: usize },
}

/// A JSON document read into an [`Input`], with the pointers of any repeated keys.
#[derive(Debug)]
pub struct ParsedJson {
    /// The document.
    pub value: Input,
    /// JSON pointers of members whose key already appeared in the same object.
    pub duplicate_keys: Vec<String>,
}

/// Reads a JSON document from bytes (a UTF-8 byte-order mark is ignored).
pub fn parse_json(bytes: &[u8], max_bytes: usize, max_depth: usize) -> Result<ParsedJson, JsonFailure> {
    if bytes.len() > max_bytes {
        return Err(JsonFailure::TooLarge { size: bytes.len(), limit: max_bytes });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| JsonFailure::InvalidUtf8 { offset: e.valid_up_to() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(JsonFailure::Empty);
    }
    let mut reader = Reader::new(text, max_depth, None);
    let value = reader.document()?;
    Ok(ParsedJson { value, duplicate_keys: reader.duplicates })
}

/// Byte offset where the value at `path` starts in `text`, if the text is JSON and has it.
pub(crate) fn locate_json(text: &str, path: &[JsonPathSeg]) -> Option<usize> {
    let mut reader = Reader::new(text, usize::MAX, Some(path));
    let _ = reader.document();
    reader.found
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
    pointer: Vec<String>,
    duplicates: Vec<String>,
    target: Option<&'a [JsonPathSeg]>,
    trail: Vec<JsonPathSeg>,
    found: Option<usize>,
}

type Step<T> = Result<T, JsonFailure>;

impl<'a> Reader<'a> {
    fn new(text: &'a str, max_depth: usize, target: Option<&'a [JsonPathSeg]>) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            max_depth,
            pointer: Vec::new(),
            duplicates: Vec::new(),
            target,
            trail: Vec::new(),
            found: None,
        }
    }

    fn document(&mut self) -> Step<Input> {
        self.skip_ws();
        let value = self.value(1)?;
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.syntax("unexpected text after the JSON value", "JSON 值之后还有多余的内容"));
        }
        Ok(value)
    }

    fn syntax(&self, reason: &'static str, reason_zh: &'static str) -> JsonFailure {
        self.syntax_at(self.pos, reason, reason_zh)
    }

    fn syntax_at(&self, pos: usize, reason: &'static str, reason_zh: &'static str) -> JsonFailure {
        let before = self.text.get(..pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        JsonFailure::Syntax { line, column, reason, reason_zh }
    }

    /// A comma right before the closing `close` (`{"a": 1,}`): the mistake is the comma, so
    /// the error points at it, not at the bracket after it.
    fn trailing_comma(&self, comma: Option<usize>, close: u8) -> Option<JsonFailure> {
        let comma = comma.filter(|_| self.peek() == Some(close))?;
        Some(if close == b'}' {
            self.syntax_at(comma, "a comma before `}`: remove it", "右花括号 `}` 前多了一个逗号，请删去")
        } else {
            self.syntax_at(comma, "a comma before `]`: remove it", "右方括号 `]` 前多了一个逗号，请删去")
        })
    }

    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn value(&mut self, depth: usize) -> Step<Input> {
        if self.target.is_some_and(|t| t == self.trail.as_slice()) {
            self.found = Some(self.pos);
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Input::String),
            Some(b't') => self.literal("true", Input::Bool(true)),
            Some(b'f') => self.literal("false", Input::Bool(false)),
            Some(b'n') => self.literal("null", Input::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'N' | b'I') => {
                Err(self.syntax("NaN and Infinity are not JSON numbers", "NaN 和 Infinity 不是 JSON 数字"))
            }
            Some(_) => Err(self.syntax("expected a JSON value", "此处应为一个 JSON 值")),
            None => Err(self.syntax("unexpected end of input", "内容意外结束（可能缺少右括号或引号）")),
        }
    }

    fn enter(&self, depth: usize) -> Step<()> {
        if depth > self.max_depth {
            let pointer: String = self.pointer.iter().map(|s| format!("/{s}")).collect();
            return Err(JsonFailure::TooDeep { pointer, limit: self.max_depth });
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Step<Input> {
        self.enter(depth)?;
        self.pos += 1;
        let mut members: Vec<(String, Input)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Input::Object(members));
        }
        let mut comma = None;
        loop {
            self.skip_ws();
            if let Some(e) = self.trailing_comma(comma, b'}') {
                return Err(e);
            }
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a member name in double quotes", "此处应为用双引号括起的字段名"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.syntax("expected `:` after the member name", "字段名之后应为冒号 `:`"));
            }
            self.pos += 1;
            self.skip_ws();
            self.pointer.push(escape_pointer_segment(&key));
            if !seen.insert(key.clone()) {
                self.duplicates.push(self.pointer.iter().map(|s| format!("/{s}")).collect());
            }
            self.trail.push(JsonPathSeg::Key(key.clone()));
            let value = self.value(depth + 1)?;
            self.trail.pop();
            self.pointer.pop();
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    comma = Some(self.pos);
                    self.pos += 1;
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Input::Object(members));
                }
                _ => {
                    return Err(self
                        .syntax("expected `,` or `}` after an object member", "字段之后应为逗号 `,` 或右花括号 `}`"))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Step<Input> {
        self.enter(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Input::Array(items));
        }
        let mut comma = None;
        loop {
            self.skip_ws();
            if let Some(e) = self.trailing_comma(comma, b']') {
                return Err(e);
            }
            self.pointer.push(items.len().to_string());
            self.trail.push(JsonPathSeg::Index(items.len()));
            let value = self.value(depth + 1)?;
            self.trail.pop();
            self.pointer.pop();
            items.push(value);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    comma = Some(self.pos);
                    self.pos += 1;
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Input::Array(items));
                }
                _ => {
                    return Err(self.syntax(
                        "expected `,` or `]` after an array element",
                        "数组元素之后应为逗号 `,` 或右方括号 `]`",
                    ))
                }
            }
        }
    }

    fn literal(&mut self, word: &'static str, value: Input) -> Step<Input> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.syntax("expected `true`, `false` or `null`", "此处应为 `true`、`false` 或 `null`"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Step<Input> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = self.digits();
        if int_digits == 0 {
            return Err(self.syntax("expected a digit", "此处应为数字"));
        }
        if int_digits > 1 && self.bytes.get(int_start) == Some(&b'0') {
            return Err(self.syntax("a number may not start with 0", "数字不能以 0 开头"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.syntax("expected a digit after the decimal point", "小数点之后应为数字"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax("expected a digit in the exponent", "指数部分应为数字"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        Ok(Input::Number(text.to_owned()))
    }

    fn string(&mut self) -> Step<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.syntax("control character in a string", "字符串中含有控制字符")),
                None => return Err(self.syntax("unterminated string", "字符串缺少结尾的双引号")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Step<()> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&high) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.syntax("unpaired surrogate in a \\u escape", "\\u 转义中的代理项不成对"));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.syntax("unpaired surrogate in a \\u escape", "\\u 转义中的代理项不成对"));
                    }
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    high
                };
                let c = char::from_u32(code)
                    .ok_or_else(|| self.syntax("unpaired surrogate in a \\u escape", "\\u 转义中的代理项不成对"))?;
                out.push(c);
                return Ok(());
            }
            _ => return Err(self.syntax("unknown escape in a string", "字符串中有未知的转义")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Step<u32> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.syntax("expected four hex digits after \\u", "\\u 之后应为四位十六进制数字"))?;
        self.pos += 4;
        u32::from_str_radix(hex, 16)
            .map_err(|_| self.syntax("expected four hex digits after \\u", "\\u 之后应为四位十六进制数字"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ParsedJson, JsonFailure> {
        parse_json(text.as_bytes(), 1 << 20, 64)
    }

    #[test]
    fn keeps_number_text_and_member_order() {
        let doc = parse(r#"{"b": 94.99999999999999999, "a": [1, -0, 2.014e3]}"#).unwrap();
        let Input::Object(members) = doc.value else { panic!("object") };
        assert_eq!(members[0].0, "b");
        assert_eq!(members[0].1, Input::Number("94.99999999999999999".into()));
        assert_eq!(
            members[1].1,
            Input::Array(vec![Input::Number("1".into()), Input::Number("-0".into()), Input::Number("2.014e3".into())])
        );
    }

    #[test]
    fn finds_duplicate_keys_at_every_level() {
        let doc = parse(r#"{"a": 1, "a": 2, "g": {"x~y": 1, "x~y": 2}}"#).unwrap();
        assert_eq!(doc.duplicate_keys, vec!["/a".to_string(), "/g/x~0y".to_string()]);
    }

    #[test]
    fn refuses_hostile_text_with_a_reason() {
        assert_eq!(parse("  \n").unwrap_err(), JsonFailure::Empty);
        assert!(matches!(parse("{\"a\": NaN}").unwrap_err(), JsonFailure::Syntax { line: 1, column: 7, .. }));
        assert!(matches!(parse("[1,]").unwrap_err(), JsonFailure::Syntax { line: 1, column: 3, .. }));
        let trailing = parse("{\n  \"a\": 1,\n}").unwrap_err();
        assert!(matches!(
            trailing,
            JsonFailure::Syntax {
                line: 2, column: 9, reason_zh: "右花括号 `}` 前多了一个逗号，请删去", ..
            }
        ));
        assert!(matches!(parse("{\"a\":1}\n{").unwrap_err(), JsonFailure::Syntax { line: 2, column: 1, .. }));
        assert!(matches!(parse("\"\\ud800\"").unwrap_err(), JsonFailure::Syntax { .. }));
        assert!(matches!(parse_json(b"\"\xff\"", 100, 64).unwrap_err(), JsonFailure::InvalidUtf8 { offset: 1 }));
        assert!(matches!(parse_json(b"[1, 2]", 3, 64).unwrap_err(), JsonFailure::TooLarge { size: 6, limit: 3 }));
        let deep = "[".repeat(100_000);
        assert!(matches!(parse(&deep).unwrap_err(), JsonFailure::TooDeep { limit: 64, .. }));
    }

    #[test]
    fn ignores_a_byte_order_mark_and_reads_escapes() {
        let doc = parse("\u{feff}{\"a\": \"\\u6c38\\u5609 \\ud83d\\ude00\"}").unwrap();
        assert_eq!(doc.value.get("a"), Some(&Input::String("永嘉 😀".into())));
    }

    #[test]
    fn locates_a_value_by_path() {
        let text = "{\n  \"x\": [1, {\"y\": true}]\n}";
        let at =
            locate_json(text, &[JsonPathSeg::Key("x".into()), JsonPathSeg::Index(1), JsonPathSeg::Key("y".into())]);
        assert_eq!(at, text.find("true"));
    }
}
