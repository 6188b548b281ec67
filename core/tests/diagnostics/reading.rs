//! Reading a rule file: TOML and JSON syntax, its encoding, its format version, unknown keys
//! and values that do not fit them, each told where it is; hostile files neither hang nor crash.

use super::{codes, en, errors, zh, HEAD};
use zonescore::model::Text;
use zonescore::{RuleFormat, Ruleset};

#[test]
#[cfg(feature = "toml")]
fn every_unknown_key_is_told_at_once_where_the_reader_stops_at_the_first() {
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/zone-qualification.toml")).unwrap();
    let broken = rules
        .replacen("when = \"zone.industry_policy_category", "wen = \"zone.industry_policy_category", 1)
        .replacen("clause = [\"§2.1\"]", "clauses = [\"§2.1\"]", 1)
        .replacen(
            "{ kind = \"bands\", value = \"agglomeration_pct\"",
            "{ kind = \"bands\", valeu = \"agglomeration_pct\"",
            1,
        );
    let e = Ruleset::from_text(&broken, Some(RuleFormat::Toml), "typos.toml").unwrap_err();
    let line_of = |what: &str| broken.lines().position(|l| l.contains(what)).map(|i| i + 1);
    let found: Vec<_> = e.diagnostics.iter().map(|d| (d.message.en.split(',').next().unwrap(), d.line)).collect();
    assert_eq!(
        found,
        [
            ("unknown field `clauses`", line_of("clauses = [")),
            ("unknown field `wen`", line_of("wen = ")),
            ("unknown field `valeu`", line_of("valeu = ")),
        ],
        "{e}"
    );
    assert!(e
        .diagnostics
        .iter()
        .all(|d| d.code == "invalid_rule_file" && d.message.zh.starts_with("规则文件不符合规则格式：未知字段")));
    // Each with the name it is closest to among those expected there.
    let helps: Vec<_> = e.diagnostics.iter().map(|d| en(&d.help).unwrap_or_default()).collect();
    assert_eq!(helps, ["did you mean `clause`?", "did you mean `when`?", "did you mean `value`?"]);
    // One unknown key is told once.
    let one = rules.replacen("clause = [\"§2.1\"]", "clauses = [\"§2.1\"]", 1);
    assert_eq!(Ruleset::from_text(&one, Some(RuleFormat::Toml), "typo.toml").unwrap_err().diagnostics.len(), 1);
}

#[test]
#[cfg(feature = "toml")]
fn the_rest_of_the_rules_is_checked_beside_a_misspelt_key() {
    // A misspelt key stops the reader; the rules as meant are checked too, so that a duplicate
    // id and an unknown name come in the same run, not after the key is mended.
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/zone-qualification.toml")).unwrap();
    let broken = rules
        .replacen("clause = [\"§2.1\"]", "clauses = [\"§2.1\"]", 1)
        .replacen("id = \"D2\"", "id = \"D1\"", 1)
        .replacen("when = \"zone.industry_policy_category", "when = \"zone.industry_polcy_category", 1);
    let e = Ruleset::from_text(&broken, Some(RuleFormat::Toml), "typos.toml").unwrap_err();
    let codes: Vec<&str> = e.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["invalid_rule_file", "unknown_name", "duplicate_id"], "{e}");
    // Each at its own line, in the order of the file.
    assert!(e.diagnostics.iter().all(|d| d.line.is_some()), "{e}");
    assert!(e.diagnostics.windows(2).all(|w| w[0].line <= w[1].line), "{e}");
}

#[test]
#[cfg(feature = "toml")]
fn a_value_that_does_not_fit_its_key_gets_help_about_values_not_syntax() {
    let rules =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/zone-qualification.toml")).unwrap();
    let help = |text: &str| {
        let e = Ruleset::from_text(text, Some(RuleFormat::Toml), "typo.toml").unwrap_err();
        en(&e.diagnostics[0].help).unwrap_or_default().to_owned()
    };
    let variant = rules.replacen("mode = \"half_away_from_zero\"", "mode = \"half_up\"", 1);
    assert_eq!(help(&variant), "use one of the values listed");
    let kind = rules.replacen("places = 1", "places = \"one\"", 1);
    assert!(
        help(&kind).starts_with("write the value as the rule format asks: numbers without quotes"),
        "{}",
        help(&kind)
    );
}

#[test]
fn a_rule_file_saved_in_gbk_is_told_where_and_how_to_save_it() {
    // 阀门 in GBK on line 3: the text before is UTF-8, so the place is a line and a column.
    let mut bytes = b"format_version = 2\n# notes\nid = \"".to_vec();
    bytes.extend_from_slice(&[0xb7, 0xa7, 0xc3, 0xc5]);
    let e = Ruleset::from_utf8(&bytes, Some(RuleFormat::Toml), "gbk.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.line, d.column), ("invalid_utf8", Some(3), Some(7)));
    assert!(d.help.as_ref().is_some_and(|h| h.zh.contains("另存为 UTF-8")), "{e}");
}

#[test]
fn rejects_unknown_keys_with_their_position() {
    let e = errors("\n[[gates]]\nid = \"G1\"\ntitle = { zh = \"甲\", en = \"A\" }\nwen = \"true\"\nclause = []\nbasis = { kind = \"set\" }\n");
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "invalid_rule_file");
    assert!(d.message.en.contains("unknown field `wen`"), "{}", d.message.en);
    assert_eq!(d.line, Some(HEAD.lines().count() + 5));
    // Valid TOML that does not fit the rule format: the reader's words in Chinese.
    assert!(d.message.zh.starts_with("规则文件不符合规则格式：未知字段 `wen`，应为 `"), "{}", d.message.zh);
}

#[test]
fn reports_toml_syntax_errors_with_position() {
    let e = Ruleset::from_text("format_version = 1\nruleset = {\n", Some(RuleFormat::Toml), "x.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "invalid_rule_file");
    assert_eq!(d.line, Some(2));
    // The TOML reader's commonest words are put into Chinese; English keeps its own.
    assert_eq!(d.message.en, "unclosed inline table, expected `}`");
    assert_eq!(d.message.zh, "TOML 语法错误：内联表缺少右花括号，此处应为 `}`");
    // A repeated key has its own code, as in a JSON rule file.
    let dup = Ruleset::from_text(
        "format_version = 1
format_version = 1
",
        None,
        "d.toml",
    )
    .unwrap_err();
    let d = &dup.diagnostics[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.message.zh.as_str()),
        ("duplicate_key", Some(2), "TOML 语法错误：键重复出现")
    );
    let json = Ruleset::from_text("{\"format_version\": 1,", None, "b.json").unwrap_err();
    let d = &json.diagnostics[0];
    assert_eq!(
        d.message,
        Text::new("JSON 语法错误：此处应为用双引号括起的字段名", "expected a member name in double quotes")
    );
}

#[test]
fn refuses_other_format_versions_and_empty_files() {
    let text = HEAD.replace("format_version = 1", "format_version = 3");
    let e = Ruleset::from_text(&text, None, "v3.toml").unwrap_err();
    assert_eq!(codes(&e), ["unsupported_format_version"]);
    assert_eq!(e.diagnostics[0].path, "format_version");
    // Shown at the version's line, as every other problem is.
    assert_eq!((e.diagnostics[0].line, e.diagnostics[0].column), (Some(1), Some(18)), "{e}");
    let json = Ruleset::from_text(r#"{"format_version": 7}"#, None, "v7.json").unwrap_err();
    assert_eq!((json.diagnostics[0].line, json.diagnostics[0].column), (Some(1), Some(20)), "{json}");
    let e = Ruleset::from_text("  \n", None, "empty.toml").unwrap_err();
    assert_eq!(codes(&e), ["empty"]);
    // Comments alone are as empty, said so, where the reader asked for `format_version`.
    #[cfg(feature = "toml")]
    {
        let e = Ruleset::from_text("# 2016 年修订稿\n# 待填写\n", Some(RuleFormat::Toml), "draft.toml").unwrap_err();
        assert_eq!(codes(&e), ["empty"], "{e}");
        assert_eq!(e.diagnostics[0].message.zh, "规则文件只有注释，没有规则");
    }
}

#[cfg(feature = "toml")]
#[test]
fn a_json_rule_file_named_toml_is_told_to_change_its_name() {
    let rules = include_str!("../../../rules/zone-qualification.toml");
    let tree: serde_json::Value = toml::from_str(rules).unwrap();
    let e = Ruleset::from_text(&tree.to_string(), Some(RuleFormat::Toml), "rules.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "invalid_rule_file", "{e}");
    assert_eq!(zh(&d.help), Some("这是 JSON 格式的规则文件：请将文件扩展名改为 .json"), "{e}");
    assert!(d.message.zh.starts_with("TOML 语法错误：") && !d.message.zh.contains("invalid"), "{e}");
}

#[test]
fn json_rule_files_are_located_too() {
    let text = r#"{
  "format_version": 1,
  "final_score": {"rounding": {"places": 1, "mode": "half_away_from_zero"}},
  "ruleset": {"id": "j", "version": "1", "title": {"zh": "甲", "en": "A"},
              "source": {"document": "d", "title": {"zh": "甲", "en": "A"}}},
  "fields": [{"path": "a.b", "type": "count", "label": {"zh": "甲", "en": "A"}}],
  "gates": [{"id": "G", "title": {"zh": "甲", "en": "A"}, "when": "a.c > 1", "clause": [], "basis": {"kind": "set"}}]
}"#;
    let e = Ruleset::from_text(text, None, "rules.json").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.path.as_str()), ("unknown_name", "gates[0].when"));
    assert_eq!(d.line, Some(7));
    let line = text.lines().nth(6).unwrap();
    let col = line[..line.find("a.c").unwrap()].chars().count() + 1;
    assert_eq!(d.column, Some(col));
    // A repeated key and a too-deep value are placed where the text writes them.
    let dup = Ruleset::from_text("{\"format_version\": 1,\n  \"format_version\": 1}", None, "d.json").unwrap_err();
    assert_eq!(codes(&dup), ["duplicate_key"]);
    assert_eq!((dup.diagnostics[0].line, dup.diagnostics[0].column), (Some(2), Some(3)));
    let deep = format!("{{\"a\":\n{}1{}}}", "[".repeat(70), "]".repeat(70));
    let deep = Ruleset::from_text(&deep, None, "deep.json").unwrap_err();
    assert_eq!(codes(&deep), ["too_deep"]);
    assert_eq!((deep.diagnostics[0].line, deep.diagnostics[0].column), (Some(2), Some(64)));
    let inexact = text.replace(r#""type": "count","#, r#""type": "count", "max": 12.000000000000000001,"#);
    let e = Ruleset::from_text(&inexact, None, "rules.json").unwrap_err();
    assert_eq!((e.diagnostics[0].code.as_str(), e.diagnostics[0].path.as_str()), ("inexact_number", "fields[0].max"));
    assert_eq!(e.diagnostics[0].line, Some(6));
    let bad = Ruleset::from_text("{\"format_version\": 1,", None, "b.json").unwrap_err();
    assert_eq!((bad.diagnostics[0].code.as_str(), bad.diagnostics[0].line), ("invalid_rule_file", Some(1)));
    // The JSON reader's column counts bytes: after Chinese text it is put in characters.
    let huge = text.replace(r#""en": "A"}}],"#, r#""en": "A"}, "max": 1e400}],"#);
    let e = Ruleset::from_text(&huge, None, "rules.json").unwrap_err();
    let line = huge.lines().nth(5).unwrap();
    let before = &line[..line.find("1e400").unwrap()];
    assert!(before.chars().count() < before.len(), "Chinese text before the number: {line}");
    let at = (e.diagnostics[0].line, e.diagnostics[0].column);
    assert_eq!(at, (Some(6), Some(before.chars().count() + 1)), "{:?}", e.diagnostics[0]);
}

#[test]
fn hostile_rule_files_do_not_hang_or_crash() {
    let deep = format!(
        "{HEAD}\n[[derived]]\nid = \"d\"\nexpr = \"{}1{}\"\nlabel = {{ zh = \"甲\", en = \"A\" }}\n",
        "(".repeat(500),
        ")".repeat(500)
    );
    assert_eq!(codes(&errors(&deep[HEAD.len()..])), ["expr_too_deep"]);
    let nested_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(codes(&Ruleset::from_text(&nested_json, None, "n.json").unwrap_err()), ["too_deep"]);
    let huge = "x".repeat(zonescore::MAX_RULE_FILE_BYTES + 1);
    assert_eq!(codes(&Ruleset::from_text(&huge, None, "h.toml").unwrap_err()), ["too_large"]);
}
