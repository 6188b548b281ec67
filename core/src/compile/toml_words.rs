//! The TOML reader's syntax messages in Chinese: its commonest words, with what it expected.

/// What the reader says, and the same in Chinese.
const SAYS: [(&str, &str); 63] = [
    ("invalid key-value pair", "键值对无效"),
    ("key with no value", "键没有值"),
    ("unclosed array table", "数组表头缺少右方括号"),
    ("unclosed table", "表头缺少右方括号"),
    ("unclosed inline table", "内联表缺少右花括号"),
    ("unclosed array", "数组缺少右方括号"),
    ("invalid multi-line basic string", "多行文本无效（可能缺少结尾的三个引号）"),
    ("invalid multi-line literal string", "多行文本无效（可能缺少结尾的三个单引号）"),
    ("invalid basic string", "文本无效（可能缺少右引号）"),
    ("invalid literal string", "文本无效（可能缺少右单引号）"),
    ("string values must be quoted", "文本值须用引号括起"),
    ("extra assignment between key-value pairs", "键值对之间多了赋值（可能缺少逗号）"),
    ("missing assignment between key-value pairs", "键值对之间缺少 `=`"),
    ("missing comma between key-value pairs", "键值对之间缺少逗号"),
    ("missing comma between array elements", "数组元素之间缺少逗号"),
    ("missing key for inline table element", "内联表的元素缺少键"),
    ("missing value for key", "键缺少值"),
    ("missing value", "缺少值"),
    ("missing escaped value", "反斜杠 `\\` 后缺少可转义的字符"),
    ("duplicate key", "键重复出现"),
    ("unexpected leading zero", "数字不能以 0 开头"),
    ("unquoted keys cannot be empty", "不带引号的键不能为空"),
    ("invalid unquoted key", "不带引号的键无效"),
    ("invalid key", "键无效"),
    ("invalid value", "值无效"),
    ("invalid table", "表头无效"),
    ("invalid string", "文本无效"),
    ("unexpected content between comment and newline", "注释与换行之间有多余内容"),
    ("unexpected content", "多余的内容"),
    ("unexpected key or value", "此处不应有键或值"),
    ("unexpected `=` in array", "数组中不应有 `=`"),
    ("carriage return must be followed by newline", "回车符后须紧跟换行符"),
    ("redundant numeric sign", "数字的正负号重复"),
    ("extra comma in array", "数组中多了逗号"),
    ("extra comma in inline table", "内联表中多了逗号"),
    ("invalid binary number", "二进制数无效"),
    ("invalid boolean", "逻辑值无效（只能写 true 或 false，小写且不加引号）"),
    ("invalid comment character", "注释中有无效字符"),
    ("invalid date-time", "日期时间无效"),
    ("invalid exponent", "指数无效"),
    ("invalid float", "小数无效"),
    ("invalid fraction", "小数部分无效"),
    ("invalid hexadecimal number", "十六进制数无效"),
    ("invalid inline table element", "内联表的元素无效"),
    ("invalid integer number", "整数无效"),
    ("invalid mantissa", "数字的有效数字部分无效"),
    ("invalid octal number", "八进制数无效"),
    ("missing array opening", "数组缺少左方括号"),
    ("missing comment start", "注释缺少 `#`"),
    ("missing inline table opening", "内联表缺少左花括号"),
    ("missing opening quote", "文本缺少左引号"),
    ("missing table open", "表头缺少左方括号"),
    ("redundant integer number prefix", "整数的前缀重复"),
    ("unexpected sign", "此处不应有正负号"),
    ("unquoted string", "文本未加引号"),
    ("`_` may only go between digits", "`_` 只能写在两个数字之间"),
    ("cannot recurse further; max recursion depth met", "嵌套过深，超过读取的层数上限"),
    ("extra `=`", "多了一个 `=`"),
    ("integers with a radix cannot be signed", "带进制前缀的整数不能带正负号"),
    ("keys cannot be multi-line basic strings", "键不能是多行文本"),
    ("keys cannot be multi-line literal strings", "键不能是多行文本"),
    ("radix must be lowercase", "进制前缀须为小写（0x、0o、0b）"),
    ("too few unicode value digits", "Unicode 转义的十六进制位数不够"),
];

/// Names in an "expected …" list, and the same in Chinese; names in backquotes stay.
const NAMES: [(&str, &str); 5] =
    [("literal string", "带引号的文本"), ("letters", "字母"), ("numbers", "数字"), ("nothing", "无"), ("key", "键")];

/// `key with no value, expected `=`` as 键没有值，此处应为 `=`; a message it does not know
/// as it is, so that nothing the reader says is lost.
pub(crate) fn toml_words_zh(detail: &str) -> String {
    let (says, expected) = detail.split_once(", expected ").unwrap_or((detail, ""));
    let Some((_, zh)) = SAYS.iter().find(|(en, _)| *en == says) else {
        return detail.to_owned();
    };
    if expected.is_empty() || expected == "nothing" {
        return (*zh).to_owned();
    }
    let names: Vec<String> = expected
        .split(", ")
        .map(|n| NAMES.iter().find(|(en, _)| *en == n).map_or_else(|| n.to_owned(), |(_, z)| (*z).to_owned()))
        .collect();
    // A name in backquotes is set off by a space, as the other messages write them.
    let space = if names.first().is_some_and(|n| n.starts_with('`')) { " " } else { "" };
    format!("{zh}，此处应为{space}{}", names.join("、"))
}

#[cfg(test)]
mod tests {
    use super::toml_words_zh;

    #[test]
    fn the_readers_commonest_syntax_messages_are_in_chinese() {
        assert_eq!(toml_words_zh("key with no value, expected `=`"), "键没有值，此处应为 `=`");
        assert_eq!(toml_words_zh("unexpected leading zero, expected nothing"), "数字不能以 0 开头");
        assert_eq!(
            toml_words_zh("unquoted keys cannot be empty, expected letters, numbers, `-`, `_`"),
            "不带引号的键不能为空，此处应为字母、数字、`-`、`_`"
        );
        assert_eq!(toml_words_zh("duplicate key"), "键重复出现");
        assert_eq!(toml_words_zh("`_` may only go between digits, expected nothing"), "`_` 只能写在两个数字之间");
        assert_eq!(
            toml_words_zh("invalid boolean, expected `true`"),
            "逻辑值无效（只能写 true 或 false，小写且不加引号），此处应为 `true`"
        );
        assert_eq!(toml_words_zh("invalid key-value pair, expected key"), "键值对无效，此处应为键");
        // Words it does not know stay as the reader wrote them.
        assert_eq!(toml_words_zh("something new, expected `x`"), "something new, expected `x`");
    }
}
