//! Typed text as people type it in a form or a spreadsheet cell, read leniently and exactly:
//! full-width digits (９４．６), a trailing % on a percent, thousands separators (1,180,000,
//! 1 180 000), the field's own unit (2013年, 52000万元), 是/否, an enum's label (阀门). Every change is
//! noted; anything else gets a message that says what to change. JSON submissions stay
//! strict: this reading is only for text typed into one field.

use super::{FieldError, FieldErrorKind};
use crate::compile::{CField, CompiledRuleset};
use crate::input::{parse_number, Input, NumberError};
use crate::model::{FieldType, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What typed text reads as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TypedReading {
    /// The value as JSON text to put in the submission (`94.6`, `true`, `"valves"`); `null`
    /// when the text is empty (the field is left out) or cannot be read.
    pub value: Option<String>,
    /// What was changed to read it, in both languages (已去掉单位「万元」).
    pub normalised: Vec<Text>,
    /// Why it cannot be used: the text cannot be read, or the value it reads as breaks the
    /// field's declaration (range, whole number, length). Empty when it can be used.
    pub errors: Vec<FieldError>,
}

impl CompiledRuleset {
    /// Reads text typed into the field at `pointer`.
    pub(crate) fn read_typed(&self, pointer: &str, text: &str) -> TypedReading {
        let (value, reading) = self.read_typed_value(pointer, text);
        TypedReading { value: value.map(|v| v.to_json()), ..reading }
    }

    /// [`CompiledRuleset::read_typed`] with the value as a tree's node (what a row of cells
    /// is built from); the reading's own `value` is left `None`.
    pub(crate) fn read_typed_value(&self, pointer: &str, text: &str) -> (Option<Input>, TypedReading) {
        let reading = |normalised, errors| TypedReading { value: None, normalised, errors };
        let field = self.fields.iter().find(|f| f.pointer == pointer);
        let note = pointer == "/meta" || pointer.starts_with("/meta/");
        if field.is_none() && !note {
            return (None, reading(Vec::new(), self.check_one(pointer, &Input::Null)));
        }
        // A paste past a whole submission's size is refused before it is read or copied back.
        let limit = super::MAX_SUBMISSION_BYTES;
        if text.len() > limit {
            let too_large = FieldErrorKind::TooLarge { size: text.len(), limit };
            return (None, reading(Vec::new(), vec![FieldError::new(too_large, pointer, field.map(|f| &*f.label))]));
        }
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if text.is_empty() {
            return (None, reading(Vec::new(), Vec::new()));
        }
        // Free-form notes take any text, as a whole submission's `meta` takes any value.
        let Some(field) = field else { return (Some(Input::String(text.to_owned())), reading(Vec::new(), Vec::new())) };
        let mut notes = Vec::new();
        let half = half_width(text);
        // Text is kept as typed (（一）, ％ in a name); a choice is matched as typed first (a
        // label may hold full-width brackets), then half-width (ｖａｌｖｅｓ); numbers and
        // yes/no read the half-width form.
        let widened = |notes: &mut Vec<Text>| {
            notes.push(Text::new("全角字符已按半角读取", "full-width characters read as half-width"));
        };
        let read = match field.decl.field_type {
            t if t.is_numeric() || t == FieldType::Bool => {
                if half != text {
                    widened(&mut notes);
                }
                if t == FieldType::Bool {
                    yes_no(&half)
                } else {
                    number(field, &half, &mut notes)
                }
            }
            FieldType::Enum => code(field, text, &mut notes).or_else(|refused| {
                if half == text {
                    return Err(refused);
                }
                widened(&mut notes);
                code(field, &half, &mut notes).map_err(|_| refused)
            }),
            _ => Ok(Input::String(text.to_owned())),
        };
        match read {
            Ok(value) => {
                let errors = self.check_one(pointer, &value);
                (Some(value), reading(notes, errors))
            }
            Err(message) => {
                let kind = FieldErrorKind::UnreadableText {
                    text: text.to_owned(),
                    expected: field.decl.field_type.name(),
                    reason: message,
                };
                let error = FieldError::new(kind, pointer, None);
                (None, reading(notes, vec![error]))
            }
        }
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E) as their ASCII twins, and the ideographic full
/// stop between digits as a decimal point.
fn half_width(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(c));
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '。' if i > 0 && digit(chars.get(i - 1)) && digit(chars.get(i + 1)) => '.',
            c => c,
        })
        .collect()
}

fn number(field: &CField, text: &str, notes: &mut Vec<Text>) -> Result<Input, Text> {
    let mut body = text.trim().to_owned();
    let unit = field.decl.unit.as_ref().map(|u| u.zh.trim().to_owned()).filter(|u| !u.is_empty());
    if let Some(unit) = &unit {
        // 万 alone in a sum of 万元 is the same unit (`450万` is 450 万元).
        let written = if unit == "万元" && !body.ends_with(unit.as_str()) { "万" } else { unit.as_str() };
        if let Some(rest) = body.strip_suffix(written) {
            notes.push(Text::new(format!("已去掉单位「{written}」"), format!("unit “{written}” removed")));
            body = rest.trim_end().to_owned();
        }
    }
    if field.decl.field_type == FieldType::Percent {
        if let Some(rest) = body.strip_suffix('%') {
            if unit.as_deref() != Some("%") {
                notes.push(Text::new("已去掉百分号", "percent sign removed"));
            }
            body = rest.trim_end().to_owned();
        }
    }
    // A space between two digits, as a copied document writes thousands (1 000 000): read as
    // the comma it stands for, checked and said as commas are. Elsewhere (`450 千元`) a space
    // is left to the advice below. By bytes: the browser's first download carries this.
    let bytes = body.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    body = (body.char_indices())
        .map(|(i, c)| if c == ' ' && digit(i.wrapping_sub(1)) && digit(i + 1) { ',' } else { c })
        .collect();
    if body.contains(',') {
        if !grouped(&body) {
            // Digits well grouped with a unit after them: the unit is what to remove.
            let digits = body.trim_end_matches(|c: char| !c.is_ascii_digit());
            if digits.len() < body.len() && grouped(digits) {
                return Err(advice(text, field, unit.as_deref(), &body.replace(',', "")));
            }
            return Err(Text::new(
                format!("无法读取「{text}」：千位分隔符应每三位一个，小数点请用“.”"),
                format!(
                    "cannot read “{text}”: thousands separators go every three digits, and the decimal point is “.”"
                ),
            ));
        }
        notes.push(Text::new("已去掉千位分隔符", "thousands separators removed"));
        body = body.replace(',', "");
    }
    match parse_number(&body) {
        // A number beyond exact decimals is still a number: the field's own check says
        // what is wrong with it (out of the exact range), as for JSON text.
        Ok(_) | Err(NumberError::OutOfRange) => Ok(Input::Number(json_number(&body))),
        Err(NumberError::Syntax | NumberError::NotFinite) => Err(advice(text, field, unit.as_deref(), &body)),
    }
}

/// Whether number text with commas has them every three digits, in its whole part only.
fn grouped(body: &str) -> bool {
    let (whole, fraction) = body.split_once('.').map_or((body, None), |(w, f)| (w, Some(f)));
    let groups: Vec<&str> = whole.trim_start_matches(['-', '+']).split(',').collect();
    groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups.iter().skip(1).all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && fraction.is_none_or(|f| !f.contains(','))
}

/// Number text as JSON writes it, every digit kept: what a host may write for a number
/// (`+5`, `.5`, `007`) would make the submission's JSON text unreadable.
fn json_number(text: &str) -> String {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, tail) = rest.split_at(rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len()));
    let whole = whole.trim_start_matches('0');
    format!("{sign}{}{tail}", if whole.is_empty() { "0" } else { whole })
}

/// What to change in text that is still not a number: a unit after the number is named;
/// anything else (digits written in Chinese, letters in between) asks for the number alone.
fn advice(text: &str, field: &CField, unit: Option<&str>, body: &str) -> Text {
    let numeric = |c: char| c.is_ascii_digit() || ".-+".contains(c);
    let (number, suffix) = body.split_at(body.find(|c: char| !numeric(c)).unwrap_or(body.len()));
    let suffix_is_unit = !number.is_empty() && !suffix.is_empty() && !suffix.chars().any(|c| c.is_ascii_digit());
    if suffix_is_unit {
        let suffix = suffix.trim();
        // Money in another unit than the field's 万元: the number to type, worked out, so
        // that taking the unit away alone does not leave a sum 10,000 times off.
        if let Some((to_type, why)) = in_10k_cny(number, suffix).filter(|_| unit == Some("万元")) {
            return Text::new(
                format!("无法读取「{text}」：本项单位为「万元」，{number}{suffix} = {to_type} 万元（{why}）：请填 {to_type}"),
                format!("cannot read “{text}”: this field's unit is 万元 (10,000 CNY); {number} {suffix} is {to_type} 万元: type {to_type}"),
            );
        }
        let (zh, en) = match unit {
            Some(u) => (format!("本项单位为「{u}」"), format!("this field's unit is “{u}”")),
            None => ("本项不带单位".to_owned(), "this field has no unit".to_owned()),
        };
        return Text::new(
            format!("无法读取「{text}」：请去掉单位「{suffix}」，只填数字（{zh}）"),
            format!("cannot read “{text}”: remove “{suffix}” and type the number only ({en})"),
        );
    }
    // An example of the field's own kind: a year for a year (二〇一三年 → 2013), not a rate.
    let example = match (field.decl.field_type, unit) {
        (_, Some("年")) => "2013",
        (FieldType::Percent, _) => "94.6",
        (FieldType::Amount, _) => "450",
        (FieldType::Count | FieldType::Integer, _) => "3",
        _ => "12.5",
    };
    Text::new(
        format!("无法读取「{text}」：请只填阿拉伯数字，如 {example}"),
        format!("cannot read “{text}”: type the number alone, in digits, such as {example}"),
    )
}

/// `number` of `unit` (元, 千元, 亿元, 亿) in 万元, exactly, with how it is worked out.
fn in_10k_cny(number: &str, unit: &str) -> Option<(String, &'static str)> {
    let (shift, why) = match unit {
        "元" => (-4, "1 万元 = 10000 元"),
        "千元" => (-1, "1 万元 = 10 千元"),
        "亿" | "亿元" => (4, "1 亿元 = 10000 万元"),
        _ => return None,
    };
    Some((shift_point(number, shift)?, why))
}

/// Plain number text (`4500000`, `3.5`) times 10 to the `by`, written out: the decimal point
/// moved, digit for digit (no arithmetic, which would weigh on the browser's module).
fn shift_point(number: &str, by: isize) -> Option<String> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The digits with the point after `at` of them, padded with zeros where it moves past.
    let padding = "0".repeat(by.unsigned_abs());
    let digits = format!("{padding}{whole}{fraction}{padding}");
    let at = usize::try_from(isize::try_from(padding.len() + whole.len()).ok()? + by).ok()?;
    let (int, frac) = digits.split_at(at.min(digits.len()));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Some(if frac.is_empty() { int.to_owned() } else { format!("{int}.{frac}") })
}

fn yes_no(text: &str) -> Result<Input, Text> {
    const YES: [&str; 7] = ["是", "有", "对", "true", "yes", "y", "√"];
    const NO: [&str; 7] = ["否", "无", "没有", "false", "no", "n", "×"];
    // ASCII only: the words are 是/否 or English, and Unicode case tables would weigh on
    // the browser module.
    let t = text.to_ascii_lowercase();
    if YES.contains(&t.as_str()) {
        Ok(Input::Bool(true))
    } else if NO.contains(&t.as_str()) {
        Ok(Input::Bool(false))
    } else {
        Err(Text::new(
            format!("无法读取「{text}」：请填写“是”或“否”"),
            format!("cannot read “{text}”: type yes or no (是 / 否)"),
        ))
    }
}

fn code(field: &CField, text: &str, notes: &mut Vec<Text>) -> Result<Input, Text> {
    let values = field.codes();
    if values.iter().any(|v| v.code == text) {
        return Ok(Input::String(text.to_owned()));
    }
    let by_label = values.iter().find(|v| v.title.zh == text || v.title.en.eq_ignore_ascii_case(text));
    match by_label {
        Some(v) => {
            notes.push(Text::new(format!("已按名称「{text}」选定"), format!("chosen by its name “{text}”")));
            Ok(Input::String(v.code.clone()))
        }
        None => {
            let zh: Vec<&str> = values.iter().map(|v| v.title.zh.as_str()).collect();
            let en: Vec<&str> = values.iter().map(|v| v.title.en.as_str()).collect();
            Err(Text::new(
                format!("无法读取「{text}」：请从以下选项中选择：{}", zh.join("、")),
                format!("cannot read “{text}”: choose one of {}", en.join(", ")),
            ))
        }
    }
}
