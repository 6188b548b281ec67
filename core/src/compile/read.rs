//! Reading a rule file's text into the rule format: the version first, format 1 migrated,
//! every problem located by line and column.

use super::diagnostic::{line_col, locate, Diagnostic, RuleFormat, RulePath};
use super::DiagnosticCode;
use super::MAX_RULE_FILE_BYTES;
use crate::model::{RuleFile, FORMAT_VERSION};

/// Reads a rule file: format 2 as it is, format 1 migrated (then `true`), any other
/// version refused.
///
/// Format 2 is read straight from its text, for the reader's own positions. Format 1 (in
/// the builds with TOML) is read as a tree, migrated, then read into the rule format with
/// the path of any problem kept and looked up in the file's text.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
pub(super) fn rule_file(text: &str, format: RuleFormat) -> Result<(RuleFile, bool), Diagnostic> {
    versioned_rule_file(text, format).map_err(|mut d| {
        // A version this build does not read, a format 1 file that cannot be migrated: told
        // by their rule path, shown where the text has it (in the builds for rule authors:
        // the browser's first download names the key, 0.3 KB gzipped less).
        if cfg!(feature = "toml") && d.line.is_none() && !d.path.is_empty() {
            let offset = locate(text, format, &RulePath::parse(&d.path));
            (d.line, d.column) = offset.map(|o| line_col(text, o)).unzip();
        }
        d
    })
}

#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn versioned_rule_file(text: &str, format: RuleFormat) -> Result<(RuleFile, bool), Diagnostic> {
    #[derive(serde::Deserialize)]
    struct Version {
        format_version: Option<serde_json::Value>,
    }
    let version = match format {
        #[cfg(feature = "toml")]
        RuleFormat::Toml => toml::from_str::<Version>(text).ok(),
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => None,
        RuleFormat::Json => serde_json::from_str::<Version>(text).ok(),
    };
    if !check_version(version.and_then(|v| v.format_version).as_ref())? {
        return parse_as::<RuleFile>(text, format).map(|f| (f, false));
    }
    format_1(text, format)
}

/// A format 1 file, migrated. The browser's first download (a build without `toml`) reads
/// format 2 only, which keeps the migration and a second reader of the rule format out of
/// it: it points the author at `zonescore migrate`.
#[cfg(not(feature = "toml"))]
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn format_1(_: &str, _: RuleFormat) -> Result<(RuleFile, bool), Diagnostic> {
    let mut d = Diagnostic::about_file(
        DiagnosticCode::UnsupportedFormatVersion,
        "本模块只读取规则格式 2 的文件",
        "this module reads rule format 2 only",
    )
    .with_help(
        "请用 `zonescore migrate` 将规则格式 1 的文件转换为格式 2，或使用完整模块",
        "convert the format 1 file with `zonescore migrate`, or use the full module",
    );
    d.path = "format_version".into();
    Err(d)
}

#[cfg(feature = "toml")]
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn format_1(text: &str, format: RuleFormat) -> Result<(RuleFile, bool), Diagnostic> {
    let mut tree = parse_as::<serde_json::Value>(text, format)?;
    crate::migrate::migrate_v1(&mut tree).map_err(|p| {
        let mut d = Diagnostic::about_file(DiagnosticCode::CannotMigrate, p.message.zh, p.message.en).with_help(
            "规则格式 1 的文件读取时迁移为格式 2；请按提示修改，或用 `zonescore migrate` 转换后再改",
            "a format 1 file is migrated to format 2 as it is read; mend it as told, or convert it with `zonescore migrate` first",
        );
        d.path = p.path;
        d
    })?;
    from_tree(tree, text, format).map(|f| (f, true))
}

/// Whether the file is format 1; an error for a version this build does not read. A
/// missing or malformed version is left to the reader, which says so.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn check_version(version: Option<&serde_json::Value>) -> Result<bool, Diagnostic> {
    let Some(v) = version.filter(|v| v.is_u64() || v.is_i64()) else { return Ok(false) };
    if v.as_u64() == Some(1) || v.as_u64() == Some(u64::from(FORMAT_VERSION)) {
        return Ok(v.as_u64() == Some(1));
    }
    let mut d = Diagnostic::about_file(
        DiagnosticCode::UnsupportedFormatVersion,
        format!("不支持规则格式版本 `{v}`"),
        format!("format version `{v}` is not supported"),
    )
    .with_help(
        format!("本程序读取 `format_version = {FORMAT_VERSION}`（以及迁移后的 1）的规则文件"),
        format!("this build reads `format_version = {FORMAT_VERSION}` (and 1, migrated)"),
    );
    d.path = "format_version".into();
    Err(d)
}

/// A rule file's text read as a tree of JSON values, in its own key order.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
pub(crate) fn parse_tree(text: &str, format: RuleFormat) -> Result<serde_json::Value, Diagnostic> {
    parse_as::<serde_json::Value>(text, format)
}

#[cfg(feature = "toml")]
/// A migrated format 1 file's tree read into the rule format. A tree has no positions: a
/// problem is shown where the file's text has the key the reader stopped at, or, for an
/// unknown key, where the text first writes it.
#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn from_tree(tree: serde_json::Value, text: &str, format: RuleFormat) -> Result<RuleFile, Diagnostic> {
    let (detail, at) = match read_tracked(tree) {
        Ok(file) => return Ok(file),
        Err(problem) => problem,
    };
    let mut d = library_error(None, detail.clone());
    let found = crate::migrate::v1_paths(&at).into_iter().find_map(|p| locate(text, format, &p).map(|o| (p, o)));
    let unknown = detail.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
    let offset = match (unknown, found) {
        (Some(k), _) => key_offset(text, k),
        (None, Some((p, o))) if !p.0.is_empty() => {
            d.path = p.to_string();
            Some(o)
        }
        _ => None,
    };
    (d.line, d.column) = offset.map(|o| line_col(text, o)).unzip();
    Err(d)
}

/// The rule file, or the reader's message and the path it stopped at.
#[cfg(feature = "toml")]
pub(super) fn read_tracked(tree: serde_json::Value) -> Result<RuleFile, (String, RulePath)> {
    serde_path_to_error::deserialize::<_, RuleFile>(tree).map_err(|e| {
        let mut at = RulePath::default();
        for seg in e.path().iter() {
            at.0.push(match seg {
                serde_path_to_error::Segment::Map { key } => super::RulePathSeg::Key(key.clone().into()),
                serde_path_to_error::Segment::Seq { index } => super::RulePathSeg::Index(*index),
                _ => break,
            });
        }
        (first_line(&e.inner().to_string()), at)
    })
}

#[cfg(feature = "toml")]
/// Where `key` is first written as a key: `key =` in TOML (at a line's start or in an
/// inline table), `"key":` in JSON.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).map(|(at, _)| at).find(|&at| {
        let before = text.get(..at).unwrap_or_default().trim_end_matches([' ', '\t', '"']);
        let after = text.get(at + key.len()..).unwrap_or_default().trim_start_matches('"').trim_start();
        let opens = before.is_empty() || before.ends_with(['\n', '{', ',']);
        opens && (after.starts_with('=') || after.starts_with(':'))
    })
}

#[allow(clippy::result_large_err, reason = "called once per rule file; the diagnostic is the answer")]
fn parse_as<T: serde::de::DeserializeOwned>(text: &str, format: RuleFormat) -> Result<T, Diagnostic> {
    match format {
        #[cfg(not(feature = "toml"))]
        RuleFormat::Toml => Err(Diagnostic::about_file(
            DiagnosticCode::TomlUnsupported,
            "本版本的 zonescore 只读取 JSON 格式的规则文件",
            "this build of zonescore reads JSON rule files only",
        )
        .with_help(
            "请将规则文件转换为 JSON，或使用带 `toml` 功能的版本",
            "convert the rule file to JSON, or use a build with the `toml` feature",
        )),
        #[cfg(feature = "toml")]
        RuleFormat::Toml => toml::from_str::<T>(text).map_err(|e| {
            // A text that parses as TOML failed on the rule format's structure (an unknown
            // or missing key, a value of the wrong type), not on TOML syntax.
            let syntax = toml::de::DeTable::parse(text).is_err();
            let mut d = library_error(syntax.then_some("TOML"), first_line(e.message()));
            // TOML never opens with `{`: a JSON rule file saved under a `.toml` name.
            if syntax && text.trim_start().starts_with('{') {
                d = d.with_help(
                    "这是 JSON 格式的规则文件：请将文件扩展名改为 .json",
                    "this is a rule file in JSON: give the file the extension .json",
                );
            }
            (d.line, d.column) = e.span().map(|s| line_col(text, s.start)).unzip();
            // A repeated key has its code, as in a JSON rule file.
            if e.message().starts_with("duplicate key") {
                d.code = DiagnosticCode::DuplicateKey;
            }
            // A number past a binary float's range (`1e400`), which no decimal holds either.
            if e.message().contains("number overflowed") {
                d.message = crate::model::Text::new(
                    "数值过大：规则中的数至多 28 位有效数字，且小于 10^28",
                    "a number too large: a number of the rules has at most 28 significant digits and is below 10^28",
                );
            }
            d
        }),
        RuleFormat::Json => {
            // The strict reader first: it refuses duplicate keys and deep nesting that
            // serde_json would accept or overflow on.
            let parsed = crate::input::parse_json(text.as_bytes(), MAX_RULE_FILE_BYTES, 64)
                .map_err(|e| json_failure(text, e))?;
            if let Some(dup) = parsed.duplicate_keys.first() {
                let mut d = Diagnostic::about_file(
                    DiagnosticCode::DuplicateKey,
                    format!("键 `{dup}` 重复出现"),
                    format!("key `{dup}` appears more than once"),
                );
                d.path = dup.clone();
                (d.line, d.column) = parsed.first_duplicate_at.unzip();
                return Err(d);
            }
            serde_json::from_str::<T>(text).map_err(|e| {
                let syntax = !matches!(e.classify(), serde_json::error::Category::Data);
                let detail = e.to_string().replace(&format!(" at line {} column {}", e.line(), e.column()), "");
                let mut d = library_error(syntax.then_some("JSON"), first_line(&detail));
                // serde_json counts a column in bytes; a diagnostic, in characters.
                let line = text.lines().nth(e.line().saturating_sub(1)).unwrap_or_default();
                let before = line.get(..e.column().saturating_sub(1));
                (d.line, d.column) = (Some(e.line()), Some(before.map_or(e.column(), |b| b.chars().count() + 1)));
                d
            })
        }
    }
}

fn json_failure(text: &str, e: crate::input::JsonFailure) -> Diagnostic {
    use crate::input::JsonFailure as F;
    match e {
        F::Syntax { line, column, reason, reason_zh } => {
            let mut d =
                Diagnostic::about_file(DiagnosticCode::InvalidRuleFile, format!("JSON 语法错误：{reason_zh}"), reason);
            (d.line, d.column) = (Some(line), Some(column));
            d
        }
        F::TooDeep { pointer, limit, line, column } => {
            let mut d = Diagnostic::about_file(
                DiagnosticCode::TooDeep,
                format!("嵌套超过 {limit} 层（位于 `{pointer}`）"),
                format!("nested deeper than {limit} at `{pointer}`"),
            );
            (d.line, d.column) = (Some(line), Some(column));
            d
        }
        other => Diagnostic::about_file(
            DiagnosticCode::InvalidRuleFile,
            format!("无法读取规则文件：{other:?}（全文 {} 字节）", text.len()),
            format!("{other:?} in a text of {} bytes", text.len()),
        ),
    }
}

/// A TOML or JSON reader's error: its English text (kept as the English message, as
/// before) in a Chinese frame, `TOML 语法错误：…` for a syntax error (`format` given) or
/// `规则文件不符合规则格式：…` for a text that parses but does not fit the rule format,
/// the reader's commonest words put into Chinese.
pub(super) fn library_error(syntax_of: Option<&str>, detail: String) -> Diagnostic {
    let zh = match syntax_of {
        #[cfg(feature = "toml")]
        Some("TOML") => format!("TOML 语法错误：{}", super::toml_words::toml_words_zh(&detail)),
        Some(format) => format!("{format} 语法错误：{detail}"),
        None => format!("规则文件不符合规则格式：{}", reader_words_zh(&detail)),
    };
    let d = Diagnostic::about_file(DiagnosticCode::InvalidRuleFile, zh, detail);
    // A misspelt key (`clauses`) is answered with the name it is closest to among those the
    // reader expected there: in the builds for rule authors (the browser's modules read rule
    // files seldom, and this would cost them 0.7 KB gzipped).
    #[cfg(feature = "toml")]
    if let Some((old, new)) = format_1_key(&d.message.en).map(|(old, new)| (old.to_owned(), new)) {
        return d.with_help(
            format!("`{old}` 是规则格式 1 的键名，格式 2 写作 `{new}`（`zonescore migrate` 可转换整个文件）"),
            format!("`{old}` is rule format 1's name of the key format 2 calls `{new}` (`zonescore migrate` converts a whole file)"),
        );
    }
    #[cfg(feature = "toml")]
    if let Some(near) = unknown_key_near(&d.message.en) {
        return d.with_help(format!("你是否想写 `{near}`？"), format!("did you mean `{near}`?"));
    }
    // A value that does not fit its key: the syntax hint (quotes, commas, brackets) points
    // elsewhere; what fits is in the message.
    #[cfg(feature = "toml")]
    if syntax_of.is_none() {
        let en = d.message.en.as_str();
        // A key left out: the quotes and commas are fine, the key is what to write.
        if let Some(key) = en.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            if key == "format_version" {
                return d.with_help(
                    "请在文件开头写上 `format_version = 2`（JSON 中为 `\"format_version\": 2`）；规则格式 2 见 rules/README.md",
                    "write `format_version = 2` at the top of the file (`\"format_version\": 2` in JSON); rules/README.md describes rule format 2",
                );
            }
            let (zh, en) = (
                format!("请补上键 `{key}`；各键的含义见 rules/README.md"),
                format!("add the key `{key}`; rules/README.md says what each means"),
            );
            return d.with_help(zh, en);
        }
        if en.starts_with("unknown variant ") {
            return d.with_help("请改为上面列出的取值之一", "use one of the values listed");
        }
        if en.starts_with("invalid type: ") || en.starts_with("invalid value: ") {
            return d.with_help(
                "请按规则格式填写该值：数字不加引号，文本加引号，表写成 `{ … }`，列表写成 `[ … ]`",
                "write the value as the rule format asks: numbers without quotes, text in quotes, tables as `{ … }`, lists as `[ … ]`",
            );
        }
    }
    d
}

/// A format 1 key in a format 2 file (`fires_when` where `when` is expected), from an
/// `unknown field `x`, expected …` error: the old name and the new. The keys format 2
/// renamed, as `zonescore migrate` renames them.
#[cfg(feature = "toml")]
fn format_1_key(detail: &str) -> Option<(&str, &'static str)> {
    const RENAMED: [(&str, &str); 5] =
        [("label", "title"), ("expr", "value"), ("fires_when", "when"), ("applies_when", "when"), ("requires", "when")];
    let (name, expected) = detail.strip_prefix("unknown field `")?.split_once("`, expected ")?;
    let new = RENAMED.iter().find(|(old, _)| *old == name)?.1;
    expected.contains(&format!("`{new}`")).then_some((name, new))
}

/// The name closest to the key of an `unknown field `x`, expected …` error, among those.
#[cfg(feature = "toml")]
pub(crate) fn unknown_key_near(detail: &str) -> Option<String> {
    let (name, expected) = detail.strip_prefix("unknown field `")?.split_once("`, expected ")?;
    let names = expected.trim_start_matches("one of ").split(", ").map(|n| n.trim_matches('`'));
    super::closest::closest(name, names)
}

/// serde's words for a text that does not fit a type, in Chinese where they are its
/// commonest (`missing field `x``: 缺少字段 `x`); any other text as it is.
pub(crate) fn reader_words_zh(detail: &str) -> String {
    let after = |prefix: &str| detail.strip_prefix(prefix);
    // `a`, `b` or `c` (serde's lists of names) as `a`、`b` 或 `c`.
    let names = |list: &str| list.trim_start_matches("one of ").replace(", ", "、").replace(" or ", " 或 ");
    if let Some(rest) = after("missing field ") {
        format!("缺少字段 {rest}")
    } else if let Some(rest) = after("duplicate field ") {
        format!("字段重复：{rest}")
    } else if let Some((name, rest)) = after("unknown field ").and_then(|r| r.split_once(", expected ")) {
        format!("未知字段 {name}，应为 {}", names(rest))
    } else if let Some((name, rest)) = after("unknown variant ").and_then(|r| r.split_once(", expected ")) {
        format!("未知取值 {name}，应为 {}", names(rest))
    } else if let Some((found, rest)) = after("invalid type: ").and_then(|r| r.split_once(", expected ")) {
        format!("类型不符：应为{}，实际为{}", kind_zh(rest), kind_zh(found))
    } else if let Some((found, rest)) = after("invalid value: ").and_then(|r| r.split_once(", expected ")) {
        format!("取值无效：应为{}，实际为{}", kind_zh(rest), kind_zh(found))
    } else if let Some((length, rest)) = after("invalid length ").and_then(|r| r.split_once(", expected ")) {
        format!("长度不符：应为{}，实际为 {length} 项", kind_zh(rest))
    } else if detail == "JSON number out of range" {
        // A format 1 file is read through a JSON tree, which holds no integer past 64 bits.
        "数值超出范围：整数至多 64 位，更大的数请写成字符串".to_owned()
    } else {
        detail.to_owned()
    }
}

/// serde's name of a kind of value (`a sequence`, `string "1"`) in Chinese, with what
/// follows it kept (`文本 "1"`); a name it does not know as it is.
fn kind_zh(words: &str) -> String {
    const KINDS: [(&str, &str); 13] = [
        ("string", "文本"),
        ("sequence", "数组"),
        ("map", "对象"),
        ("boolean", "是/否"),
        ("integer", "整数"),
        ("floating point", "小数"),
        ("null", "空值"),
        (
            "decimal number of at most 28 significant digits and 28 decimal places, below 10^28",
            "至多 28 位有效数字、28 位小数且小于 10^28 的数",
        ),
        ("struct Text with 2 elements", "中英文两项文本"),
        ("struct Text", "中英文文本（`{ zh = …, en = … }`）"),
        ("u32", "非负整数"),
        ("table (`{ … }`)", "表（`{ … }`）"),
        ("number, or its text (`'84.0'`)", "数或其文本（`'84.0'`）"),
    ];
    let bare = words.trim_start_matches("a ").trim_start_matches("an ");
    KINDS
        .iter()
        .find_map(|(en, zh)| bare.strip_prefix(en).map(|rest| format!("{zh}{rest}")))
        .unwrap_or_else(|| format!(" {words}"))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small format 1 rule file, in JSON: the only format this build reads.
    #[cfg(not(feature = "toml"))]
    #[test]
    fn the_browser_build_points_a_format_1_file_at_migrate() {
        let text = r#"{"format_version": 1, "final_score": {"rounding": {"places": 1, "mode": "half_even"}},
            "ruleset": {"id": "x", "version": "1", "title": {"zh": "甲", "en": "A"},
            "source": {"document": "d", "title": {"zh": "甲", "en": "A"}}}}"#;
        let d = rule_file(text, RuleFormat::Json).unwrap_err();
        assert_eq!((d.code.as_str(), d.path.as_str()), ("unsupported_format_version", "format_version"));
        assert!(d.help.is_some_and(|h| h.en.contains("zonescore migrate")));
        // The same rules in format 2 are read.
        let v2 = text.replace("\"format_version\": 1, \"final_score\"", "\"format_version\": 2, \"pipeline\"");
        assert!(rule_file(&v2, RuleFormat::Json).is_ok());
    }

    #[cfg(feature = "toml")]
    #[test]
    fn versions_other_than_1_and_2_are_refused_at_their_key() {
        let d = rule_file("format_version = 7\n", RuleFormat::Toml).unwrap_err();
        assert_eq!((d.code.as_str(), d.path.as_str()), ("unsupported_format_version", "format_version"));
    }

    #[cfg(feature = "toml")]
    #[test]
    fn a_key_left_out_is_answered_with_the_key_to_write() {
        let help = |d: Diagnostic| d.help.map(|h| (h.zh, h.en)).unwrap_or_default();
        let (zh, en) = help(library_error(None, "missing field `format_version`".into()));
        assert!(
            zh.starts_with("请在文件开头写上 `format_version = 2`") && en.contains("`\"format_version\": 2` in JSON"),
            "{en}"
        );
        let (zh, en) = help(library_error(None, "missing field `title` at line 3 column 1".into()));
        assert_eq!(
            (zh.as_str(), en.as_str()),
            (
                "请补上键 `title`；各键的含义见 rules/README.md",
                "add the key `title`; rules/README.md says what each means"
            )
        );
    }

    #[cfg(feature = "toml")]
    #[test]
    fn a_format_1_key_in_a_format_2_file_is_named_with_its_new_name() {
        let d = library_error(None, "unknown field `fires_when`, expected one of `id`, `title`, `when`".into());
        let help = d.help.expect("a help");
        assert!(
            help.en.starts_with("`fires_when` is rule format 1's name of the key format 2 calls `when`"),
            "{help:?}"
        );
        // Only where its new name is expected: a `label` among keys without `title` is a typo.
        let d = library_error(None, "unknown field `label`, expected `id` or `value`".into());
        assert!(d.help.is_none_or(|h| !h.en.contains("format 1")));
    }

    #[test]
    fn the_readers_commonest_words_are_in_chinese() {
        for (en, zh) in [
            ("missing field `format_version`", "缺少字段 `format_version`"),
            ("unknown variant `sum`, expected one of `all`, `any`", "未知取值 `sum`，应为 `all`、`any`"),
            ("unknown field `wen`, expected `when` or `why`", "未知字段 `wen`，应为 `when` 或 `why`"),
            ("invalid type: string \"1\", expected a sequence", "类型不符：应为数组，实际为文本 \"1\""),
            ("invalid type: map, expected a table (`{ … }`)", "类型不符：应为表（`{ … }`），实际为对象"),
            (
                "invalid type: boolean `true`, expected a number, or its text (`'84.0'`)",
                "类型不符：应为数或其文本（`'84.0'`），实际为是/否 `true`",
            ),
            ("data did not match", "data did not match"),
        ] {
            assert_eq!(reader_words_zh(en), zh);
        }
    }
}
