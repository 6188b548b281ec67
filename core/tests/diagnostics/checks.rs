//! The checks that keep a rule file from being read as other rules: every score graded,
//! numbers kept to the engine's 28 digits, a pipeline that scores, ids that look like none other.

use super::{codes, en, errors, zh, HEAD};
use zonescore::{RuleFormat, Ruleset};

#[test]
fn every_score_gets_a_grade_and_every_submission_an_outcome() {
    let e = errors(
        r#"
[[grades]]
id = "A"
min = 90
label = { zh = "优", en = "A" }

[[grades]]
id = "B"
min = 60
label = { zh = "良", en = "B" }

[[outcomes]]
id = "pass"
when = "result.final_score >= 60"
label = { zh = "通过", en = "Pass" }
"#,
    );
    let found: Vec<(&str, &str)> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "no_fallback")
        .map(|d| (d.path.as_str(), d.message.en.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("grades[1].min", "the last grade `B` has `min = 60`: a score below 60 would get no grade"),
            (
                "outcomes[0].when",
                "the last outcome `pass` has a `when`: a submission that meets none would get no outcome"
            ),
        ],
        "{e}"
    );
    let grade = e.diagnostics.iter().find(|d| d.path == "grades[1].min").unwrap();
    assert_eq!(grade.message.zh, "最后一个等级 `B` 设了 `min = 60`：低于 60 分的申报将没有等级");
    assert!(grade.line.is_some());
}

#[test]
fn a_number_past_28_digits_is_refused_wherever_it_is_written() {
    // Rounded by a float or by rust_decimal, each of these would have been read as 0 or as
    // another number; the engine refuses such a number in a submission too.
    let head = r#"format_version = 2

[ruleset]
id = "numbers"
version = "1"
title = { zh = "数", en = "Numbers" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }

[pipeline]
rounding = { places = 1, mode = "half_away_from_zero" }

[[fields]]
path = "firm.share_pct"
type = "percent"
title = { zh = "份额", en = "Share" }
"#;
    let read = |body: &str| Ruleset::from_text(&format!("{head}{body}"), Some(RuleFormat::Toml), "numbers.toml");
    let tiny = "0.00000000000000000000000000001";
    let title = "title = { zh = \"x\", en = \"x\" }";
    let field = |bound: &str| format!("[[fields]]\npath = \"firm.x\"\ntype = \"decimal\"\n{bound}\n{title}\n");
    let cases = [
        (format!("[[derived]]\nid = \"d\"\nvalue = \"firm.share_pct * {tiny}\"\n{title}\n"), "out_of_range"),
        (field(&format!("min = {tiny}")), "out_of_range"),
        // As float tokens: the first would be read as 0, the second as a bound no
        // submission can reach.
        (field("min = 1.5e-29"), "out_of_range"),
        (field("max = 1e28"), "out_of_range"),
        (field(&format!("min = \"{tiny}\"")), "invalid_rule_file"),
        (field("max = 10000000000000000000000000000"), "invalid_rule_file"),
    ];
    for (body, code) in cases {
        let e = read(&body).unwrap_err();
        assert_eq!(codes(&e), [code], "{e}");
        let d = &e.diagnostics[0];
        assert!(d.line.is_some(), "{e}");
        let told = format!("{} {}", d.message.zh, zh(&d.help).unwrap_or_default());
        assert!(told.contains("28 位"), "{told}");
    }
    // Within 28 digits, an integer past 64 bits is read as written.
    assert!(read(&field("max = 99999999999999999999")).is_ok());
}

#[test]
fn a_bound_outside_its_types_range_is_refused_where_it_is_written() {
    let text = |ty: &str, bound: &str| {
        let field =
            format!("[[fields]]\npath = \"firm.x\"\ntype = \"{ty}\"\n{bound}\ntitle = {{ zh = \"x\", en = \"x\" }}\n");
        HEAD.replacen("[[fields]]", &format!("{field}\n[[fields]]"), 1)
    };
    for (ty, bound, key) in
        [("percent", "max = 150", "max"), ("percent", "min = -5", "min"), ("count", "min = -1", "min")]
    {
        let e = Ruleset::from_text(&text(ty, bound), Some(RuleFormat::Toml), "bounds.toml").unwrap_err();
        assert_eq!(codes(&e), ["out_of_range"], "{e}");
        let d = &e.diagnostics[0];
        assert!(d.path.ends_with(&format!("].{key}")) && d.line.is_some(), "{e}");
        assert!(en(&d.help).unwrap_or_default().contains("`decimal`"), "{e}");
    }
    // Within the type's range, a bound narrows it.
    for (ty, bound) in [("percent", "max = 100"), ("percent", "min = 50"), ("count", "max = 5"), ("amount", "min = 0")]
    {
        assert!(Ruleset::from_text(&text(ty, bound), Some(RuleFormat::Toml), "bounds.toml").is_ok(), "{ty} {bound}");
    }
}

#[test]
fn a_scale_or_cap_of_zero_or_below_is_refused() {
    let pipeline = |settings: &str| {
        HEAD.replacen("final_score = { rounding", &format!("final_score = {{ {settings}, rounding"), 1)
    };
    for (settings, path) in [("normalise = true, scale = 0", "final_score.scale"), ("max = -100", "final_score.max")] {
        let e = Ruleset::from_text(&pipeline(settings), Some(RuleFormat::Toml), "pipeline.toml").unwrap_err();
        let found: Vec<(&str, &str)> = e.diagnostics.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
        assert_eq!(found, [("out_of_range", path)], "{e}");
    }
    // Without normalising, the scale is not read.
    assert!(Ruleset::from_text(&pipeline("scale = 0"), Some(RuleFormat::Toml), "pipeline.toml").is_ok());
}

#[test]
fn a_grade_with_the_min_of_the_one_above_is_told_so() {
    let grade =
        |id: &str, min: &str| format!("\n[[grades]]\nid = \"{id}\"\n{min}label = {{ zh = \"{id}\", en = \"{id}\" }}\n");
    let text = |b: &str| format!("{HEAD}{}{}{}", grade("A", "min = 90\n"), grade("B", b), grade("D", ""));
    let e = Ruleset::from_text(&text("min = 90\n"), Some(RuleFormat::Toml), "grades.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((codes(&e), d.path.as_str()), (vec!["unreachable_band"], "grades[1].min"), "{e}");
    assert_eq!(d.message.en, "grade `B` has the same `min = 90` as grade `A` above it: it can never be reached");
    // Above the one before: out of order.
    let e = Ruleset::from_text(&text("min = 95\n"), Some(RuleFormat::Toml), "grades.toml").unwrap_err();
    assert_eq!(en(&e.diagnostics[0].help), Some("list grades from the highest `min` down"), "{e}");
}

#[test]
fn a_grade_above_the_final_scores_cap_is_unreachable() {
    let text = HEAD.replacen("final_score = { rounding", "final_score = { max = 100, rounding", 1)
        + "\n[[grades]]\nid = \"A\"\nmin = 1000\nlabel = { zh = \"优\", en = \"A\" }\n\n[[grades]]\nid = \"D\"\nlabel = { zh = \"差\", en = \"D\" }\n";
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "cap.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((codes(&e), d.path.as_str()), (vec!["unreachable_band"], "grades[0].min"), "{e}");
    assert_eq!(d.message.en, "grade `A` needs 1000, above the final score's cap of 100: it can never be reached");
    assert!(Ruleset::from_text(&text.replace("min = 1000", "min = 100"), Some(RuleFormat::Toml), "cap.toml").is_ok());
}

#[test]
fn an_id_that_is_empty_or_looks_like_another_is_refused() {
    let grade = |id: &str| format!("[[grades]]\nid = \"{id}\"\nlabel = {{ zh = \"甲\", en = \"A\" }}\n\n");
    // `A\u200b` shows as `A` in every report; a TOML escape writes it as it is read.
    let e = errors(&[grade("A"), grade("A\\u200b"), grade(""), grade("B C")].concat());
    let ids: Vec<(&str, &str)> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "invalid_id")
        .map(|d| (d.path.as_str(), d.message.en.as_str()))
        .collect();
    assert_eq!(
        ids.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
        ["grades[1].id", "grades[2].id", "grades[3].id"],
        "{e}"
    );
    assert!(ids[0].1.contains(r#"grade id "A\u{200b}" is empty, or holds"#), "{}", ids[0].1);
    // `A１` (full-width 1) shows as `A1` and is another id.
    let e = errors(&[grade("A１"), grade("B")].concat());
    let d = e.diagnostics.iter().find(|d| d.code == "invalid_id").expect("the full-width id");
    assert_eq!(d.path, "grades[0].id");
    assert_eq!(d.message.en, "grade id `A１` holds the full-width `１`: write the ASCII `1`");
}

#[test]
fn a_ruleset_id_is_words_joined_by_single_hyphens() {
    for id in ["a-", "-a", "a--b", "A-b", ""] {
        let text = HEAD.replacen("id = \"broken\"", &format!("id = \"{id}\""), 1);
        let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "id.toml").unwrap_err();
        assert!(codes(&e).contains(&"invalid_id"), "{id:?}: {e}");
    }
    let text = HEAD.replacen("id = \"broken\"", "id = \"county-zones-2016\"", 1);
    let e = Ruleset::from_text(&text, Some(RuleFormat::Toml), "id.toml").err();
    assert!(e.as_ref().is_none_or(|e| !codes(e).contains(&"invalid_id")), "{e:?}");
}

#[test]
fn a_veto_grade_that_is_no_grade_is_placed_at_its_key_with_the_grades_to_choose() {
    let text = format!(
        "{}[[grades]]\nid = \"A\"\nlabel = {{ zh = \"优\", en = \"A\" }}\n",
        HEAD.replace("format_version = 1\n", "format_version = 1\nveto_grade = \"Z\"\n")
    );
    let e = Ruleset::from_text(&text, None, "v.toml").unwrap_err();
    let d = e.diagnostics.iter().find(|d| d.message.en.contains("veto grade")).expect("a veto grade error");
    assert_eq!((d.code.as_str(), d.line), ("unknown_name", Some(2)), "{d:?}");
    assert_eq!(en(&d.help), Some("name one of the grades' ids: A"));
    assert_eq!(zh(&d.help), Some("请改为 `grades` 中的一个编号：A"));
}

#[test]
fn an_outcome_that_reads_a_grade_no_grade_has_is_refused() {
    let e = errors(
        r#"
[[grades]]
id = "A"
min = 90
label = { zh = "优", en = "A" }

[[grades]]
id = "B"
label = { zh = "良", en = "B" }

[[outcomes]]
id = "top"
when = "result.grade in ['A', 'S']"
label = { zh = "优", en = "Top" }

[[outcomes]]
id = "good"
when = "result.grade == 'b'"
label = { zh = "良", en = "Good" }

[[outcomes]]
id = "other"
label = { zh = "其他", en = "Other" }
"#,
    );
    let found: Vec<(&str, &str, Option<&str>)> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown_enum_value")
        .map(|d| (d.path.as_str(), d.message.en.as_str(), en(&d.help)))
        .collect();
    assert_eq!(
        found,
        [
            ("outcomes[0].when", "`S` is not a code of this field", Some("use one of: A, B")),
            ("outcomes[1].when", "`b` is not a code of this field", Some("use one of: A, B")),
        ]
    );
}

#[test]
fn a_division_by_a_written_zero_is_refused() {
    let e = errors(
        r#"
[[derived]]
id = "half"
expr = "firm.share_pct / 0.0"
label = { zh = "半", en = "Half" }

[[derived]]
id = "minus"
expr = "firm.share_pct / -0"
label = { zh = "负", en = "Minus" }
"#,
    );
    let paths: Vec<&str> = e.diagnostics.iter().filter(|d| d.code == "out_of_range").map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["derived[0].expr", "derived[1].expr"]);
    let d = e.diagnostics.iter().find(|d| d.code == "out_of_range").expect("division by 0");
    assert_eq!(d.path, "derived[0].expr");
    assert_eq!(d.message.en, "division by 0: no value for any submission");
    assert_eq!(d.message.zh, "除数为 0：对任何申报都没有值");
    assert!(d.line.is_some() && d.column.is_some(), "{d:?}");
}

#[test]
fn without_grades_every_grade_is_empty_and_a_veto_grade_asks_for_grades() {
    // `result.grade == ''` is what every submission gets where no grade is declared.
    let ok = format!(
        "{HEAD}\n[[outcomes]]\nid = \"none\"\nwhen = \"result.grade == ''\"\nlabel = {{ zh = \"无\", en = \"None\" }}\n\n[[outcomes]]\nid = \"other\"\nlabel = {{ zh = \"其他\", en = \"Other\" }}\n"
    );
    Ruleset::from_text(&ok, None, "g.toml").unwrap();
    let text = HEAD.replace("format_version = 1\n", "format_version = 1\nveto_grade = \"D\"\n");
    let e = Ruleset::from_text(&text, None, "v.toml").unwrap_err();
    let d = e.diagnostics.iter().find(|d| d.message.en.contains("veto grade")).expect("a veto grade error");
    assert_eq!(en(&d.help), Some("declare the grades under `[[grades]]` first"));
}

#[test]
fn a_derived_id_that_is_a_field_path_is_reported_once_where_it_is_declared() {
    // Its uses, and its own expression, read the field: no cycle, no type to mismatch.
    let e = errors(
        r#"
[[derived]]
id = "firm.share_pct"
expr = "firm.share_pct * 2"
label = { zh = "倍", en = "Double" }
"#,
    );
    assert_eq!(codes(&e), ["invalid_id"]);
    assert_eq!(e.diagnostics[0].path, "derived[0].id");
}

/// What a Chinese keyboard or an editor types into an expression is answered with what to
/// write: a full-width or curly character its plain twin, `%` after a percentage.
#[test]
fn characters_typed_on_a_chinese_keyboard_are_answered_with_what_to_write() {
    for (typed, help) in [
        ("firm.share_pct ≥ 30", "write `>=` (half-width)"),
        ("firm.share_pct （ 30", "write `(` (half-width)"),
        ("firm.kind == ‘a’", "write `'` (half-width)"),
        ("firm.kind == “a”", "write `'` (half-width)"),
        ("firm.share_pct >= 30%", "a percent field holds the percentage (0–100): write `90`, not `90%`"),
        ("firm.share_pct >= 30 ％", "a percent field holds the percentage (0–100): write `90`, not `90%`"),
        ("firm.share_pct ＝ 30", "compare with `==`"),
    ] {
        let body = format!(
            "[[gates]]\nid = \"G1\"\ntitle = {{ zh = \"门\", en = \"Gate\" }}\nclause = [\"§5.2.3\"]\nbasis = {{ kind = \"set\" }}\nwhen = \"{}\"\n",
            typed.replace('"', "\\\"")
        );
        let e = super::errors(&body);
        let syntax = e.diagnostics.iter().find(|d| d.code == "expr_syntax").unwrap_or_else(|| panic!("{typed}: {e}"));
        assert_eq!(super::en(&syntax.help), Some(help), "{typed}");
        assert!(super::zh(&syntax.help).is_some_and(|h| !h.is_empty()), "{typed}");
        assert_eq!(syntax.path, "gates[0].when", "{typed}");
    }
    // A `%` that is no percentage (a remainder, which the language has not) gets no such help.
    let body = "[[gates]]\nid = \"G1\"\ntitle = { zh = \"门\", en = \"Gate\" }\nclause = [\"§5.2.3\"]\nbasis = { kind = \"set\" }\nwhen = \"firm.share_pct % 2 == 0\"\n";
    let e = super::errors(body);
    let syntax = e.diagnostics.iter().find(|d| d.code == "expr_syntax").unwrap();
    assert!(!super::en(&syntax.help).unwrap_or_default().contains("percent"), "{e}");
}
