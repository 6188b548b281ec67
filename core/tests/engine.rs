//! Engine behaviour through the public API: expressions over missing values, part kinds,
//! the pipeline, validation of single fields, batches, detection and the §2.1 goal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use zonescore::{Answer, Input, Report, Ruleset, Status};

const RULES: &str = r#"format_version = 1
final_score = { normalise = true, max = 100, rounding = { places = 1, mode = "half_away_from_zero" } }

[ruleset]
id = "engine-test"
version = "1"
title = { zh = "测试", en = "Test" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }
year_field = "s.year"
subject_fields = ["s.name"]

[[fields]]
path = "s.name"
type = "text"
required = true
max_length = 5
label = { zh = "名称", en = "Name" }

[[fields]]
path = "s.year"
type = "integer"
label = { zh = "年度", en = "Year" }

[[fields]]
path = "s.a"
type = "bool"
label = { zh = "甲", en = "A" }

[[fields]]
path = "s.b"
type = "bool"
label = { zh = "乙", en = "B" }

[[fields]]
path = "s.num"
type = "amount"
label = { zh = "分子", en = "Numerator" }

[[fields]]
path = "s.den"
type = "amount"
label = { zh = "分母", en = "Denominator" }

[[fields]]
path = "s.extra"
type = "bool"
default = false
label = { zh = "附加", en = "Extra" }

[[derived]]
id = "ratio"
expr = "s.num / s.den * 100"
label = { zh = "比率", en = "Ratio" }

[[dimensions]]
id = "D"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "K1"
title = { zh = "或", en = "Or" }
max = 2
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "flag", when = "s.a or s.b", points = 2 }]

[[dimensions.criteria]]
id = "K2"
title = { zh = "且", en = "And" }
max = 2
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "flag", when = "s.a and s.b", points = 2 }]

[[dimensions.criteria]]
id = "R"
title = { zh = "比率", en = "Ratio" }
max = 4
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "bands", value = "ratio", bands = [{ at_least = 50, points = 4 }, { at_least = 30, points = 2 }] }]

[[dimensions.criteria]]
id = "P"
title = { zh = "存在", en = "Presence" }
max = 1
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "flag", when = "if present(s.num) then s.num >= min(3, max(1, 2)) else false", points = 1 }]

[[dimensions.criteria]]
id = "X"
title = { zh = "附加", en = "Extra" }
max = 1
clause = ["§1"]
basis = { kind = "set" }
applies_when = "s.extra"
parts = [{ kind = "flag", when = "s.a", points = 1 }]

[[grades]]
id = "A"
min = 60
label = { zh = "好", en = "Good" }

[[grades]]
id = "B"
label = { zh = "差", en = "Poor" }

[[outcomes]]
id = "ok"
when = "result.grade == 'A'"
label = { zh = "好", en = "Good" }

[[outcomes]]
id = "no"
label = { zh = "否", en = "No" }

[goal]
title = { zh = "两个", en = "Two" }
clause = ["§2.1"]
outcome = "ok"
from_year = 2011
to_year = 2015
target = 2
"#;

fn rules() -> Ruleset {
    Ruleset::from_text(RULES, None, "engine.toml").unwrap()
}

fn report(json: &str) -> Report {
    match serde_json::from_str::<Answer>(&rules().score_json(json)).unwrap() {
        Answer::Success(r) => r,
        Answer::Failure(f) => panic!("invalid: {:?}", f.errors),
    }
}

fn criterion<'a>(r: &'a Report, id: &str) -> &'a zonescore::CriterionResult {
    r.criteria.iter().find(|c| *c.id == *id).unwrap()
}

#[test]
fn logic_over_missing_values_is_three_valued() {
    let r = report(r#"{"s": {"name": "x", "a": true}}"#);
    assert_eq!(criterion(&r, "K1").points, "2", "true or missing is true");
    assert_eq!(criterion(&r, "K2").status, Status::MissingEvidence, "true and missing is unknown");
    assert_eq!(criterion(&r, "K2").missing, ["/s/b"]);
    let r = report(r#"{"s": {"name": "x", "a": false}}"#);
    assert_eq!(criterion(&r, "K2").points, "0");
    assert_eq!(criterion(&r, "K1").status, Status::MissingEvidence);
}

#[test]
fn ratios_say_why_they_cannot_be_computed() {
    let r = report(r#"{"s": {"name": "x", "num": 5, "den": 0}}"#);
    let c = criterion(&r, "R");
    assert_eq!((c.points.as_str(), c.parts[0].gap.as_deref()), ("0", Some("zero_denominator")));
    assert!(c.reason.en().contains("denominator is 0"), "{}", c.reason.en());
    let r = report(r#"{"s": {"name": "x", "num": 5}}"#);
    assert_eq!(criterion(&r, "R").missing, ["/s/den"]);
    let r = report(r#"{"s": {"name": "x", "num": 1, "den": 2}}"#);
    let c = criterion(&r, "R");
    assert_eq!(
        (c.points.as_str(), c.parts[0].value.as_deref(), c.parts[0].band.as_deref()),
        ("4", Some("50"), Some("50"))
    );
}

#[test]
fn presence_min_max_and_if_evaluate() {
    assert_eq!(criterion(&report(r#"{"s": {"name": "x", "num": 2}}"#), "P").points, "1");
    assert_eq!(criterion(&report(r#"{"s": {"name": "x", "num": 1.99}}"#), "P").points, "0");
    let absent = report(r#"{"s": {"name": "x"}}"#);
    assert_eq!(criterion(&absent, "P").status, Status::NotMet, "present() reads nothing missing");
}

#[test]
fn conditional_criteria_change_the_maximum() {
    let off = report(r#"{"s": {"name": "x", "a": true, "b": true, "num": 1, "den": 1}}"#);
    assert_eq!((off.applicable_max.as_str(), criterion(&off, "X").status), ("9", Status::NotApplicable));
    let on = report(r#"{"s": {"name": "x", "a": true, "b": true, "num": 2, "den": 2, "extra": true}}"#);
    assert_eq!((on.applicable_max.as_str(), on.earned.as_str(), on.final_score.as_str()), ("10", "10", "100.0"));
    let half = report(r#"{"s": {"name": "x", "a": true, "b": false, "num": 1, "den": 1, "extra": true}}"#);
    // earned 2 + 0 + 4 + 0 (1 < 2) + 1 = 7 of 10 → 70.0
    assert_eq!(
        (half.earned.as_str(), half.final_score.as_str(), &*half.grade, &*half.outcome),
        ("7", "70.0", "A", "ok")
    );
    let low = report(r#"{"s": {"name": "x", "a": false, "b": false, "num": 1, "den": 4, "extra": true}}"#);
    // earned 0 + 0 + 0 + 0 + 0 = 0 of 10 → 0.0, grade B, outcome no
    assert_eq!((low.final_score.as_str(), &*low.grade, &*low.outcome), ("0.0", "B", "no"));
}

#[test]
fn single_fields_validate_as_typed() {
    let r = rules();
    let e = r.validate_field("/s/name", &Input::String("一二三四五六".into()));
    assert_eq!((e[0].code.as_str(), e[0].params["max_length"].as_u64()), ("too_long", Some(5)));
    assert_eq!(r.validate_field("/s/num", &Input::Number("NaN".into()))[0].code, "not_finite");
    assert_eq!(r.validate_field("/s/num", &Input::Number("-1".into()))[0].code, "out_of_range");
    assert_eq!(r.validate_field("/s/name", &Input::Null)[0].code, "required");
    assert!(r.validate_field("/s/num", &Input::Number("12.5".into())).is_empty());
    // A dotted path is the same field; its errors name it by its JSON pointer.
    let dotted = r.validate_field("s.num", &Input::Number("-1".into()));
    assert_eq!(dotted, r.validate_field("/s/num", &Input::Number("-1".into())));
    assert_eq!(dotted[0].path, "/s/num");
    assert_eq!(r.read_typed("s.num", "12.5"), r.read_typed("/s/num", "12.5"));
    let typo = r.validate_field("/s/nmu", &Input::Number("1".into()));
    assert_eq!((typo[0].code.as_str(), typo[0].params["did_you_mean"].as_str()), ("unknown_field", Some("/s/num")));
}

#[test]
fn flat_rows_nest_and_batches_keep_order() {
    let row = Input::from_flat([
        ("s.name".to_owned(), Input::String("x".into())),
        ("s.num".to_owned(), Input::Number("1".into())),
        ("s.den".to_owned(), Input::Number("4".into())),
    ]);
    assert_eq!(row.get("s").and_then(|s| s.get("den")), Some(&Input::Number("4".into())));
    let r = rules();
    let many: Vec<Input> = (0..300).map(|i| if i % 7 == 0 { Input::Array(vec![]) } else { row.clone() }).collect();
    let batch = r.score_many(&many);
    let one_by_one: Vec<Answer> = many.iter().map(|s| r.score(s)).collect();
    assert_eq!(batch, one_by_one);
    assert!(matches!(batch[7], Answer::Failure(_)) && matches!(batch[8], Answer::Success(_)));
}

#[test]
fn answers_are_deterministic_and_exact() {
    let r = rules();
    let json = r#"{"s": {"name": "x", "num": 0.1, "den": 0.3}}"#;
    assert_eq!(r.score_json(json), r.score_json(json));
    let rep = report(json);
    assert_eq!(criterion(&rep, "R").parts[0].value.as_deref(), Some("33.33333333333333333333333333"));
    assert_eq!(criterion(&rep, "R").points, "2");
}

#[test]
fn answers_share_the_rulesets_names_rather_than_copy_them() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let text = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
    let input = zonescore::input::parse_json(text.as_bytes(), zonescore::MAX_SUBMISSION_BYTES, zonescore::MAX_DEPTH)
        .unwrap()
        .value;
    let (Answer::Success(a), Answer::Success(b)) = (rules.score(&input), rules.score(&input)) else {
        panic!("the example scores")
    };
    use zonescore::Shared;
    assert!(Shared::ptr_eq(&a.ruleset.id, &b.ruleset.id) && Shared::ptr_eq(&a.ruleset.digest, &b.ruleset.digest));
    assert!(Shared::ptr_eq(&a.grade, &b.grade) && Shared::ptr_eq(&a.grade_label, &b.grade_label));
    assert!(Shared::ptr_eq(&a.outcome, &b.outcome) && Shared::ptr_eq(&a.outcome_label, &b.outcome_label));
    assert!(Shared::ptr_eq(&a.gates[0].id, &b.gates[0].id) && Shared::ptr_eq(&a.dimensions[0].id, &b.dimensions[0].id));
    let (c, d) = (&a.criteria[0], &b.criteria[0]);
    assert!(
        Shared::ptr_eq(&c.id, &d.id)
            && Shared::ptr_eq(&c.title, &d.title)
            && Shared::ptr_eq(&c.status_label, &d.status_label)
    );
    // A bundled ruleset lives as long as the program: its answers borrow its names, with
    // no count to change as they are made and dropped (but in the browser, `bundled.rs`).
    #[cfg(not(target_family = "wasm"))]
    {
        assert!(a.grade_label.is_borrowed() && c.title.is_borrowed() && c.parts[0].label.is_borrowed());
        assert!(a.ruleset.digest.is_borrowed() && a.gates[0].basis.is_borrowed() && c.clause.is_borrowed());
    }
    // So are the common bonus statuses (加2分, 加1分, 不加分 here), worded once.
    let bonus: Vec<&str> = a.bonus_items.iter().map(|b| b.status_label.zh.as_str()).collect();
    assert_eq!(bonus, ["加2分", "加1分", "不加分"]);
    assert!(a.bonus_items.iter().all(|b| b.status_label.is_borrowed()));
    // A ruleset read from a file shares them by count, and answers the same.
    let text_rules = Ruleset::from_text(
        zonescore::bundled::text("zone-qualification").unwrap(),
        None,
        "zone-qualification (bundled text)",
    )
    .unwrap();
    let Answer::Success(e) = text_rules.score(&input) else { panic!("the example scores") };
    assert!(!e.criteria[0].title.is_borrowed() && !e.grade_label.is_borrowed());
    assert_eq!(e, a);
}

#[test]
fn the_ruleset_is_told_from_the_shape() {
    let zone = zonescore::input::parse_json(br#"{"zone": {}, "quality": {}}"#, 1000, 64).unwrap().value;
    let town = zonescore::input::parse_json(br#"{"town": {}, "work": {}}"#, 1000, 64).unwrap().value;
    let neither = zonescore::input::parse_json(br#"{"x": 1}"#, 1000, 64).unwrap().value;
    assert_eq!(zonescore::detect_ruleset(&zone), Some("zone-qualification"));
    assert_eq!(zonescore::detect_ruleset(&town), Some("annual-assessment"));
    assert_eq!(zonescore::detect_ruleset(&neither), None);
}

#[test]
fn the_goal_counts_distinct_subjects_from_their_first_year() {
    let r = rules();
    let good = |name: &str, year: u32| {
        format!(r#"{{"s": {{"name": "{name}", "year": {year}, "a": true, "b": true, "num": 1, "den": 1}}}}"#)
    };
    let reports: Vec<Report> = [good("a", 2013), good("a", 2012), good("b", 2016), good("c", 2014), good("c", 2015)]
        .iter()
        .map(|j| match r.score_bytes(j.as_bytes()) {
            Answer::Success(rep) => rep,
            Answer::Failure(f) => panic!("{:?}", f.errors),
        })
        .collect();
    let s = zonescore::summarize(&r, &reports).unwrap();
    let named: Vec<(&str, i64)> = s.named.iter().map(|z| (z.subject[0].as_str(), z.first_year)).collect();
    assert_eq!(named, [("a", 2012), ("c", 2014)]);
    assert!(s.met);
    assert_eq!(s.met_in_year, Some(2014));
    assert_eq!(s.rows.len(), 5);
    let one = zonescore::summarize(&r, &reports[..2]).unwrap();
    assert!(!one.met && one.met_in_year.is_none());
}

#[test]
fn the_summary_has_the_numbers_of_the_full_report() {
    let r = Ruleset::bundled("zone-qualification").unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance/zq-two-conditional/submission.json");
    let text = std::fs::read(path).unwrap();
    let tree = zonescore::input::parse_json(&text, 1 << 20, 64).unwrap().value;
    let summary = r.score_summary(&tree).unwrap();
    let Answer::Success(full) = r.score(&tree) else { panic!("valid") };
    assert_eq!(summary.final_score.to_string(), full.final_score);
    assert_eq!((summary.grade.as_str(), summary.outcome.as_str()), (&*full.grade, &*full.outcome));
    let ids = r.criterion_ids();
    let from_report: Vec<(&str, String)> =
        full.criteria.iter().chain(&full.bonus_items).map(|c| (&*c.id, c.points.to_string())).collect();
    let from_summary: Vec<(&str, String)> =
        ids.iter().zip(&summary.points).map(|(id, p)| (*id, p.normalize().to_string())).collect();
    assert_eq!(from_summary, from_report);
    assert!(r.score_summary(&Input::Array(vec![])).is_err());
}

#[test]
fn the_summary_has_the_warnings_of_the_full_report() {
    let r = Ruleset::bundled("zone-qualification").unwrap();
    let text = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
    let example = zonescore::input::parse_json(text.as_bytes(), 1 << 20, 64).unwrap().value;
    let mut tree = example.clone();
    tree.set("quality.spot_check_pass_rate_pct", Some(Input::Number("0.95".into())));
    tree.set("zone.assessment_year", Some(Input::Number("2030".into())));
    let summary = r.score_summary(&tree).unwrap();
    let Answer::Success(full) = r.score(&tree) else { panic!("valid") };
    let codes: Vec<&str> = summary.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["year_outside_effective_period", "percent_as_fraction"]);
    assert_eq!(summary.warnings, full.warnings);
    assert_eq!(summary.warnings_line(), full.warnings_line());
    assert_eq!(summary.warnings_line().zh.matches('；').count(), 1, "two warnings, one line");
    let plain = r.score_summary(&example).unwrap();
    assert!(plain.warnings.is_empty() && plain.warnings_line().zh.is_empty());
}

#[test]
fn declared_warnings_point_at_their_field() {
    let with = |warnings: &str| RULES.replacen("[[dimensions]]", &format!("{warnings}\n[[dimensions]]"), 1);
    let each = r#"[[warnings]]
id = "small"
for_each = { type = "amount", except = ["s.den"] }
when = "value < 1"
message = { zh = "「{label}」为{value}，偏小", en = "“{label}” is {value}: small" }

[[warnings]]
id = "nothing_about_a"
path = "s"
when = "not present(s.a)"
message = { zh = "未填甲", en = "A is blank" }
"#;
    let rules = Ruleset::from_text(&with(each), None, "engine.toml").unwrap();
    let Answer::Success(r) = rules.score(
        &zonescore::input::parse_json(br#"{"s": {"name": "x", "num": 0.5, "den": 0.5}}"#, 1000, 64).unwrap().value,
    ) else {
        panic!("valid")
    };
    let found: Vec<(&str, Option<&str>, &str)> =
        r.warnings.iter().map(|w| (w.code.as_str(), w.path.as_deref(), w.message.zh.as_str())).collect();
    assert_eq!(found, [("small", Some("/s/num"), "「分子」为0.5，偏小"), ("nothing_about_a", Some("/s"), "未填甲")]);

    let broken =
        with(&each.replace("except = [\"s.den\"]", "except = [\"s.dne\"]").replace("path = \"s\"", "path = \"t\""));
    let e = Ruleset::from_text(&broken, None, "engine.toml").unwrap_err();
    let paths: Vec<&str> = e.diagnostics.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["warnings[0].for_each.except[0]", "warnings[1].path"], "{e}");
}

#[test]
fn the_goal_flags_probable_duplicates_and_states_the_result() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/examples/zone-qualification/oubei-valves-2013.json");
    let text = std::fs::read_to_string(path).unwrap();
    let variant = |from: &str, to: &str, year: &str| text.replace(from, to).replace("\"assessment_year\": 2013", year);
    let reports: Vec<Report> = [
        text.clone(),
        variant("\"town\": \"瓯北\"", "\"town\": \"瓯北 镇\"", "\"assessment_year\": 2014"),
        variant("\"town\": \"瓯北\"", "\"town\": \"桥头\"", "\"assessment_year\": 2014"),
    ]
    .iter()
    .map(|j| match rules.score_bytes(j.as_bytes()) {
        Answer::Success(r) => r,
        Answer::Failure(f) => panic!("{:?}", f.errors),
    })
    .collect();
    let s = zonescore::summarize(&rules, &reports).unwrap();
    let found: Vec<(&str, &str, &str)> = s
        .probable_duplicates
        .iter()
        .map(|d| (d.kind.as_str(), d.subjects[0][1].as_str(), d.subjects[1][1].as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("same_name_other_town", "桥头", "瓯北"),
            ("same_name_other_town", "桥头", "瓯北 镇"),
            ("name_variant", "瓯北", "瓯北 镇")
        ]
    );
    assert_eq!(s.named.len(), 3, "they still count as the rules say");
    assert_eq!(s.statement.unwrap().zh, "截至2014年累计3个示范区通过考核验收（目标3个以上）");
    let one = zonescore::summarize(&rules, &reports[..1]).unwrap();
    assert!(!one.met && one.probable_duplicates.is_empty());
    assert_eq!(one.statement.unwrap().zh, "截至2013年累计1个示范区通过考核验收（目标3个以上）");
}

#[test]
fn an_enum_error_names_codes_with_their_labels() {
    let zq = Ruleset::bundled("zone-qualification").unwrap();
    let typo = zq.validate_field("/zone/industry", &Input::String("valve".into()));
    assert!(typo[0].message.zh.contains("应为：阀门 `valves`、皮鞋 `leather_shoes`"), "{}", typo[0].message.zh);
    assert!(typo[0].message.en.contains("use one of: valves (Valves), leather_shoes ("), "{}", typo[0].message.en);
    let label = zq.validate_field("/zone/industry", &Input::String("阀门".into()));
    assert_eq!(label[0].message.zh, "「主导产业」应填代码 `valves`，不是名称 `阀门`");
    assert_eq!(label[0].params["did_you_mean"], "valves");
}
