//! The JSON reader's tokens: white space, strings, numbers and literals, and where a syntax error is.
//!
//! Kept apart from the structure (objects, arrays, depth, duplicates in `json.rs`) so that a
//! key can be read again from its offset: the reader remembers where keys start rather than
//! copying them, and decodes one again only when an error or a duplicate needs its pointer.

use super::json::JsonFailure;
use super::Input;

pub(super) type Step<T> = Result<T, JsonFailure>;

/// A position in a JSON text.
#[derive(Clone, Copy)]
pub(super) struct Cursor<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGHS: u64 = ONES << 7;

/// Whether any byte of the eight in `word` ends a plain run in a string: `"`, `\` or a
/// control character. Exact, not approximate: a byte below 0x80 borrows only when it is
/// below the subtracted value, and bytes of 0x80 and up are masked out by `!word`.
fn any_stop(word: u64) -> bool {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    (zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\'))) | control) != 0
}

fn is_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Offset of the first `"`, `\` or control byte at or after `from` (the length if none).
/// Strings are most of a submission's bytes, so they are scanned eight bytes at a time (and
/// most of an answer's: the answer writer finds what to escape with it too).
pub(crate) fn run_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let mut skipped = 0;
    for chunk in rest.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else { break };
        if any_stop(u64::from_le_bytes(word)) {
            break;
        }
        skipped += 8;
    }
    let tail = rest.get(skipped..).unwrap_or_default();
    from + skipped + tail.iter().position(|&b| is_stop(b)).unwrap_or(tail.len())
}

impl<'a> Cursor<'a> {
    /// The key (or string) whose opening quote is at `at`, decoded again; it was read once
    /// already, so this cannot fail.
    pub(super) fn string_at(text: &'a str, at: usize) -> String {
        Cursor { text, pos: at }.string().unwrap_or_default()
    }

    /// Offset in `text` of byte `at` of the string whose opening quote is at `quote`, as read:
    /// each escape walked over as written (`\u00e9` is six bytes of the text, two read).
    pub(super) fn raw_offset(text: &'a str, quote: usize, at: usize) -> usize {
        let mut cur = Cursor { text, pos: quote + 1 };
        let mut read = String::new();
        while read.len() < at {
            match cur.peek() {
                Some(b'\\') => {
                    cur.pos += 1;
                    if cur.escape(&mut read).is_err() {
                        break;
                    }
                }
                Some(b'"') | None => break,
                Some(_) => {
                    let c = text.get(cur.pos..).and_then(|r| r.chars().next()).unwrap_or_default();
                    read.push(c);
                    cur.pos += c.len_utf8();
                }
            }
        }
        cur.pos
    }

    pub(super) fn syntax(&self, reason: &'static str, reason_zh: &'static str) -> JsonFailure {
        self.syntax_at(self.pos, reason, reason_zh)
    }

    pub(super) fn syntax_at(&self, pos: usize, reason: &'static str, reason_zh: &'static str) -> JsonFailure {
        let (line, column) = self.line_col(pos);
        JsonFailure::Syntax { line, column, reason, reason_zh }
    }

    /// The 1-based line and column (in characters) of byte `pos`.
    pub(super) fn line_col(&self, pos: usize) -> (usize, usize) {
        let before = self.text.get(..pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        (line, before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1)
    }

    pub(super) fn skip_ws(&mut self) {
        while matches!(self.text.as_bytes().get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub(super) fn literal(&mut self, word: &'static str, value: Input) -> Step<Input> {
        if self.text.as_bytes().get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
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

    pub(super) fn number(&mut self) -> Step<Input> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_digits = self.digits();
        if int_digits == 0 {
            return Err(self.syntax("expected a digit", "此处应为数字"));
        }
        if int_digits > 1 && self.text.as_bytes().get(int_start) == Some(&b'0') {
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

    /// A string whose opening quote is at the cursor. Most have no escape: those are copied
    /// with one allocation of the right size.
    pub(super) fn string(&mut self) -> Step<String> {
        self.pos += 1;
        let start = self.pos;
        // INVARIANT: runs end at an ASCII byte or the end of the text, so every slice taken
        // here falls on a character boundary.
        self.pos = run_end(self.text.as_bytes(), self.pos);
        let run = self.text.get(start..self.pos).unwrap_or_default();
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(run.to_owned());
        }
        let mut out = String::with_capacity(run.len() + 8);
        out.push_str(run);
        loop {
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
            let start = self.pos;
            self.pos = run_end(self.text.as_bytes(), self.pos);
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
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
                    if self.text.as_bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
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

    #[test]
    fn the_word_scan_stops_where_the_byte_scan_does() {
        // Every byte value at every offset of a run, so each lane of the word is tried.
        for stop in 0..=255u8 {
            for at in 0..20 {
                let mut bytes = vec![b'a'; 20];
                if let Some(b) = bytes.get_mut(at) {
                    *b = stop;
                }
                for from in [0, 3] {
                    let naive = (from..bytes.len()).find(|&i| bytes.get(i).is_some_and(|&b| is_stop(b)));
                    assert_eq!(run_end(&bytes, from), naive.unwrap_or(bytes.len()), "byte {stop:#x} at {at}");
                }
            }
        }
        assert_eq!(run_end("永嘉瓯北阀门\"".as_bytes(), 0), 18);
        assert_eq!(run_end(b"abc", 5), 5);
    }
}
