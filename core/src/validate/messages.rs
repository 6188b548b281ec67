//! Bilingual messages of field errors, built from their kind and the field's label.

use super::FieldErrorKind;
use crate::model::Text;

/// An enum's codes with their labels: `阀门 \`valves\`、皮鞋 \`leather_shoes\``, and in
/// English `valves (Valves), leather_shoes (Leather shoes)`; codes alone without labels.
fn enum_choices(codes: &[String], labels: &[Text]) -> (String, String) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        match labels.get(i) {
            Some(l) => {
                zh.push(format!("{} `{code}`", l.zh));
                en.push(format!("{code} ({})", l.en));
            }
            None => {
                zh.push(format!("`{code}`"));
                en.push(code.clone());
            }
        }
    }
    (zh.join("、"), en.join(", "))
}

fn type_zh(name: &str) -> &str {
    match name {
        "number" => "数字",
        "string" => "文本",
        "boolean" => "是/否（true/false）",
        "object" => "对象",
        "array" => "数组",
        "null" => "空值",
        other => other,
    }
}

/// The zh-CN and English message of a field error. `label` is the field's label, when
/// the error is about a declared field.
pub(super) fn message(kind: &FieldErrorKind, label: Option<&Text>) -> Text {
    // A figure in a sentence, with thousands separators from 10,000 up (1,180,000 万元);
    // the params keep it plain.
    let n = |text: &str| grouped(text);
    let (zh_name, en_name) = match label {
        Some(l) => (format!("「{}」", l.zh), format!("“{}”", l.en)),
        None => ("该项".to_owned(), "this value".to_owned()),
    };
    let (zh, en) = match kind {
        FieldErrorKind::InvalidJson { line, column, reason, reason_zh } => (
            format!("不是有效的 JSON（第 {line} 行第 {column} 列：{reason_zh}）"),
            format!("not valid JSON (line {line}, column {column}: {reason})"),
        ),
        FieldErrorKind::EmptyInput => ("提交内容为空".to_owned(), "the submission is empty".to_owned()),
        FieldErrorKind::TooLarge { size, limit } => (
            format!("提交内容为 {size} 字节，超过上限 {limit} 字节"),
            format!("the submission is {size} bytes, more than the limit of {limit}"),
        ),
        FieldErrorKind::TooManyValues { limit } => (
            format!("提交内容的值和文本字符超过 {limit} 个，超过最大提交的上限"),
            format!("the submission holds more than {limit} values and string characters, more than the largest submission"),
        ),
        FieldErrorKind::TooDeep { limit, at: _ } => {
            (format!("嵌套层数超过上限 {limit} 层"), format!("nested deeper than the limit of {limit} levels"))
        }
        FieldErrorKind::InvalidUtf8 { offset } => {
            // Text saved on a Chinese Windows is most often GBK ("ANSI") or UTF-16 ("Unicode").
            (
                format!("不是有效的 UTF-8 文本（第 {offset} 字节）：请改用 UTF-8 编码（GBK、UTF-16 等编码不能读取）"),
                format!("not valid UTF-8 text (at byte {offset}): use the UTF-8 encoding (GBK, UTF-16 and others cannot be read)"),
            )
        }
        FieldErrorKind::NotAnObject { found } => (
            format!("提交内容应为 JSON 对象，实际为{}", type_zh(found)),
            format!("the submission must be a JSON object, not {}{found}", article(found)),
        ),
        FieldErrorKind::DuplicateKey => {
            ("同一对象中该键重复出现".to_owned(), "this key appears more than once in the same object".to_owned())
        }
        FieldErrorKind::UnknownField { did_you_mean: Some(meant) } => {
            (format!("未知字段，是否应为 `{meant}`？"), format!("unknown field; did you mean `{meant}`?"))
        }
        FieldErrorKind::UnknownField { did_you_mean: None } => (
            "未知字段（可能是拼写错误；备注请放在顶层 `meta` 中）".to_owned(),
            "unknown field (a typo? free-form notes go under the top-level `meta`)".to_owned(),
        ),
        FieldErrorKind::Required { null: true } => {
            (format!("{zh_name}为必填项，不能为空"), format!("{en_name} is required and cannot be empty"))
        }
        FieldErrorKind::Required { null: false } => {
            (format!("缺少必填项{zh_name}"), format!("{en_name} is required but missing"))
        }
        FieldErrorKind::WrongType { expected, found } => (
            format!("{zh_name}应为{}，实际为{}", type_zh(expected), type_zh(found)),
            format!("{en_name} must be {}{expected}, not {}{found}", article(expected), article(found)),
        ),
        FieldErrorKind::NotFinite => (
            format!("{zh_name}不是有限数字（NaN 或无穷大）"),
            format!("{en_name} is not a finite number (NaN or infinity)"),
        ),
        FieldErrorKind::OutOfRange { value, min, max } => match (min, max) {
            (Some(min), Some(max)) => (
                format!("{zh_name}应在 {} 到 {} 之间，实际为 {}", n(min), n(max), n(value)),
                format!("{en_name} must be from {} to {}, not {}", n(min), n(max), n(value)),
            ),
            (Some(min), None) => (
                format!("{zh_name}不能小于 {}，实际为 {}", n(min), n(value)),
                format!("{en_name} must be {} or more, not {}", n(min), n(value)),
            ),
            (None, Some(max)) => (
                format!("{zh_name}不能大于 {}，实际为 {}", n(max), n(value)),
                format!("{en_name} must be {} or less, not {}", n(max), n(value)),
            ),
            (None, None) => (format!("{zh_name}超出范围"), format!("{en_name} is out of range")),
        },
        FieldErrorKind::BeyondExactRange { max_digits } => (
            format!("{zh_name}超出可精确表示的范围（最多 {max_digits} 位有效数字、{max_digits} 位小数，绝对值小于 10^28）"),
            format!(
                "{en_name} is out of the exact range (at most {max_digits} significant digits and {max_digits} decimal places, below 10^28)"
            ),
        ),
        FieldErrorKind::NotWholeNumber { value } => (
            format!("{zh_name}应为整数，实际为 {}", n(value)),
            format!("{en_name} must be a whole number, not {}", n(value)),
        ),
        FieldErrorKind::TooShort => {
            (format!("{zh_name}不能为空字符串"), format!("{en_name} cannot be an empty string"))
        }
        FieldErrorKind::TooLong { length, max_length } => (
            format!("{zh_name}最多 {max_length} 个字符，实际为 {length} 个"),
            format!("{en_name} may have at most {max_length} characters, not {length}"),
        ),
        FieldErrorKind::UnknownEnumValue { value, did_you_mean: Some(meant), .. } => (
            format!("{zh_name}应填代码 `{meant}`，不是名称 `{value}`"),
            format!("{en_name} takes the code `{meant}`, not the name `{value}`"),
        ),
        FieldErrorKind::UnknownEnumValue { value, allowed, allowed_labels, did_you_mean: None } => {
            let (zh, en) = enum_choices(allowed, allowed_labels);
            (
                format!("{zh_name}的取值 `{value}` 无效，应为：{zh}"),
                format!("{en_name} cannot be `{value}`; use one of: {en}"),
            )
        }
        FieldErrorKind::ConstraintViolated { value, op, other_value, other_label, .. } => (
            format!("{zh_name}（{}）应 {op} 「{}」（{}）", n(value), other_label.zh, n(other_value)),
            format!("{en_name} ({}) must be {op} “{}” ({})", n(value), other_label.en, n(other_value)),
        ),
        FieldErrorKind::UnreadableText { reason, .. } => return reason.clone(),
        FieldErrorKind::UnknownTarget { target, allowed, names } => {
            let each = |name: fn(&Text) -> &str| {
                allowed.iter().zip(names).map(|(code, t)| format!("{code} {}", name(t))).collect::<Vec<_>>()
            };
            (
                format!("目标“{target}”不是本规则的等级或结论，可选：{}", each(|t| &t.zh).join("、")),
                format!("target “{target}” is not a grade or outcome of these rules; one of: {}", each(|t| &t.en).join(", ")),
            )
        }
        FieldErrorKind::UnknownOption { option, value, allowed } => {
            let list = allowed.join(", ");
            (
                format!("选项 {option} 的取值“{value}”无效，可选：{list}"),
                format!("`{value}` is not a value of the option {option}; use one of: {list}"),
            )
        }
        FieldErrorKind::UnsupportedColumn { arrow_type } => (
            format!("不支持 Arrow 类型 `{arrow_type}` 的列：请使用数值、小数（decimal）、布尔、文本或结构（struct）列"),
            format!(
                "an Arrow column of type `{arrow_type}` is not supported: use number, decimal, boolean, string or struct columns"
            ),
        ),
        FieldErrorKind::NonStringKey { key, type_name } => (
            format!("对象的键必须是文本，不能是 `{type_name}`（`{key}`）"),
            format!("object keys must be strings, not `{type_name}` (`{key}`)"),
        ),
        FieldErrorKind::InvalidText => (
            "文本含有无法编码为 UTF-8 的字符（孤立代理项）".to_owned(),
            "text holds a lone surrogate that cannot be encoded as UTF-8".to_owned(),
        ),
        FieldErrorKind::UnsupportedValue { type_name } => (
            format!("不支持 `{type_name}` 类型的值：请使用对象、数组、文本、数字、布尔值或空值"),
            format!(
                "a value of type `{type_name}` is not supported: use an object, array, string, number, boolean or null"
            ),
        ),
        FieldErrorKind::UnreadableValue { reason } => (
            format!("读取此值时出错，无法读取：{reason}"),
            format!("this value could not be read: reading it failed with {reason}"),
        ),
        FieldErrorKind::Invalid => ("提交内容无效".to_owned(), "invalid submission".to_owned()),
    };
    Text::new(zh, en)
}

/// The article a type's name takes in a sentence: `an array`, `a string`, `null` (a host's
/// type names too: `an int`, `a datetime.date`).
fn article(name: &str) -> &'static str {
    match name {
        "null" | "undefined" => "",
        other if other.starts_with(['a', 'e', 'i', 'o', 'u']) => "an ",
        _ => "a ",
    }
}

/// `1180000` → `1,180,000`, `-12345.678` → `-12,345.678`; numbers under 10,000 and
/// anything that is not plain number text stay as they are.
fn grouped(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (whole, fraction) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    if !plain || whole.len() < 5 {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands_from_ten_thousand() {
        assert_eq!(super::grouped("1180000"), "1,180,000");
        assert_eq!(super::grouped("-12345.678"), "-12,345.678");
        assert_eq!(super::grouped("2013"), "2013");
        assert_eq!(super::grouped("94.6"), "94.6");
        assert_eq!(super::grouped("1e30"), "1e30");
        assert_eq!(super::grouped("100000"), "100,000");
    }
}
