//! Bilingual messages of field errors, built from their code, parameters and field label.

use crate::model::Text;
use serde_json::{Map, Value};

fn param(params: &Map<String, Value>, key: &str) -> String {
    match params.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => {
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect::<Vec<_>>().join(", ")
        }
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// An enum's codes with their labels: `阀门 \`valves\`、皮鞋 \`leather_shoes\``, and in
/// English `valves (Valves), leather_shoes (Leather shoes)`; codes alone without labels.
fn enum_choices(params: &Map<String, Value>) -> (String, String) {
    let codes = params.get("allowed").and_then(Value::as_array).cloned().unwrap_or_default();
    let labels = params.get("allowed_labels").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let code = code.as_str().unwrap_or_default();
        match labels.get(i) {
            Some(l) => {
                zh.push(format!("{} `{code}`", l["zh"].as_str().unwrap_or_default()));
                en.push(format!("{code} ({})", l["en"].as_str().unwrap_or_default()));
            }
            None => {
                zh.push(format!("`{code}`"));
                en.push(code.to_owned());
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
/// the error is about a declared field; `other` the label of a constraint's other field.
pub(crate) fn message(code: &str, params: &Map<String, Value>, label: Option<&Text>, other: Option<&Text>) -> Text {
    let p = |k: &str| param(params, k);
    // A figure in a sentence, with thousands separators from 10,000 up (1,180,000 万元);
    // the params keep it plain.
    let n = |k: &str| grouped(&param(params, k));
    let (zh_name, en_name) = match label {
        Some(l) => (format!("「{}」", l.zh), format!("“{}”", l.en)),
        None => ("该项".to_owned(), "this value".to_owned()),
    };
    let (zh, en) = match code {
        "invalid_json" => (
            format!("不是有效的 JSON（第 {} 行第 {} 列：{}）", p("line"), p("column"), p("reason_zh")),
            format!("not valid JSON (line {}, column {}: {})", p("line"), p("column"), p("reason")),
        ),
        "empty_input" => ("提交内容为空".to_owned(), "the submission is empty".to_owned()),
        "too_large" => (
            format!("提交内容为 {} 字节，超过上限 {} 字节", p("size"), p("limit")),
            format!("the submission is {} bytes, more than the limit of {}", p("size"), p("limit")),
        ),
        "too_deep" => (
            format!("嵌套层数超过上限 {} 层", p("limit")),
            format!("nested deeper than the limit of {} levels", p("limit")),
        ),
        "invalid_utf8" => (
            format!("不是有效的 UTF-8 文本（第 {} 字节）", p("offset")),
            format!("not valid UTF-8 text (at byte {})", p("offset")),
        ),
        "not_an_object" => (
            format!("提交内容应为 JSON 对象，实际为{}", type_zh(&p("found"))),
            format!("the submission must be a JSON object, not {}", with_article(&p("found"))),
        ),
        "duplicate_key" => {
            ("同一对象中该键重复出现".to_owned(), "this key appears twice in the same object".to_owned())
        }
        "unknown_field" => match params.get("did_you_mean") {
            Some(_) => (
                format!("未知字段，是否应为 `{}`？", p("did_you_mean")),
                format!("unknown field; did you mean `{}`?", p("did_you_mean")),
            ),
            None => (
                "未知字段（可能是拼写错误；备注请放在顶层 `meta` 中）".to_owned(),
                "unknown field (a typo? free-form notes go under the top-level `meta`)".to_owned(),
            ),
        },
        "required" if p("found") == "null" => {
            (format!("{zh_name}为必填项，不能为空"), format!("{en_name} is required and cannot be empty"))
        }
        "required" => (format!("缺少必填项{zh_name}"), format!("{en_name} is required but missing")),
        "wrong_type" => (
            format!("{zh_name}应为{}，实际为{}", type_zh(&p("expected")), type_zh(&p("found"))),
            format!("{en_name} must be a {}, not a {}", p("expected"), p("found")),
        ),
        "not_finite" => (
            format!("{zh_name}不是有限数字（NaN 或无穷大）"),
            format!("{en_name} is not a finite number (NaN or infinity)"),
        ),
        "out_of_range" => match (params.get("min"), params.get("max")) {
            (Some(_), Some(_)) => (
                format!("{zh_name}应在 {} 到 {} 之间，实际为 {}", n("min"), n("max"), n("value")),
                format!("{en_name} must be from {} to {}, not {}", n("min"), n("max"), n("value")),
            ),
            (Some(_), None) => (
                format!("{zh_name}不能小于 {}，实际为 {}", n("min"), n("value")),
                format!("{en_name} must be {} or more, not {}", n("min"), n("value")),
            ),
            (None, Some(_)) => (
                format!("{zh_name}不能大于 {}，实际为 {}", n("max"), n("value")),
                format!("{en_name} must be {} or less, not {}", n("max"), n("value")),
            ),
            (None, None) => (
                format!("{zh_name}超出可精确表示的范围（最多 28 位有效数字，绝对值小于 10^28）"),
                format!("{en_name} is out of the exact range (at most 28 significant digits, below 10^28)"),
            ),
        },
        "not_whole_number" => (
            format!("{zh_name}应为整数，实际为 {}", n("value")),
            format!("{en_name} must be a whole number, not {}", n("value")),
        ),
        "too_short" => (format!("{zh_name}不能为空字符串"), format!("{en_name} cannot be an empty string")),
        "too_long" => (
            format!("{zh_name}最多 {} 个字符，实际为 {} 个", p("max_length"), p("length")),
            format!("{en_name} may have at most {} characters, not {}", p("max_length"), p("length")),
        ),
        "unknown_enum_value" if params.contains_key("did_you_mean") => (
            format!("{zh_name}应填代码 `{}`，不是名称 `{}`", p("did_you_mean"), p("value")),
            format!("{en_name} takes the code `{}`, not the name `{}`", p("did_you_mean"), p("value")),
        ),
        "unknown_enum_value" => {
            let (zh, en) = enum_choices(params);
            (
                format!("{zh_name}的取值 `{}` 无效，应为：{zh}", p("value")),
                format!("{en_name} cannot be `{}`; use one of: {en}", p("value")),
            )
        }
        "constraint_violated" => (
            format!(
                "{zh_name}（{}）应 {} 「{}」（{}）",
                n("value"),
                p("op"),
                other.map_or("", |t| t.zh.as_str()),
                n("other_value")
            ),
            format!(
                "{en_name} ({}) must be {} “{}” ({})",
                n("value"),
                p("op"),
                other.map_or("", |t| t.en.as_str()),
                n("other_value")
            ),
        ),
        other => (format!("{zh_name}无效（{other}）"), format!("{en_name} is invalid ({other})")),
    };
    Text::new(zh, en)
}

/// A JSON type's name in a sentence: `an array`, `a string`, `null`.
fn with_article(found: &str) -> String {
    match found {
        "null" => "null".to_owned(),
        "array" | "object" => format!("an {found}"),
        other => format!("a {other}"),
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
