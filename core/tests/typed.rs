//! Text typed into one field, read leniently and exactly (`Ruleset::read_typed`): what a
//! town official types in the form (or a spreadsheet cell holds) and what it reads as.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use zonescore::Ruleset;

fn read(pointer: &str, text: &str) -> zonescore::TypedReading {
    Ruleset::bundled("zone-qualification").unwrap().read_typed(pointer, text)
}

/// The value read, and the notes in Chinese.
fn ok(pointer: &str, text: &str) -> (String, Vec<String>) {
    let r = read(pointer, text);
    assert!(r.errors.is_empty(), "{text}: {:?}", r.errors);
    (r.value.unwrap(), r.normalised.iter().map(|n| n.zh.clone()).collect())
}

fn refused(pointer: &str, text: &str) -> String {
    let r = read(pointer, text);
    assert_eq!(r.value, None, "{text}");
    assert_eq!(r.errors.len(), 1, "{text}");
    assert_eq!(r.errors[0].code, "unreadable_text");
    assert_eq!(r.errors[0].path, pointer);
    r.errors[0].message.zh.clone()
}

const RATE: &str = "/quality/spot_check_pass_rate_pct";
const OUTPUT: &str = "/industry/output_10k_cny";

#[test]
fn chinese_typing_habits_read_as_the_number_exactly() {
    assert_eq!(ok(RATE, "94.6"), ("94.6".into(), vec![]));
    assert_eq!(ok(RATE, "94.6%"), ("94.6".into(), vec!["已去掉单位「%」".to_owned()]));
    assert_eq!(ok(RATE, "９４．６"), ("94.6".into(), vec!["全角字符已按半角读取".to_owned()]));
    assert_eq!(ok(RATE, "９４。６％").0, "94.6");
    assert_eq!(ok(RATE, " 94.99999999999999999% ").0, "94.99999999999999999");
    assert_eq!(ok("/zone/assessment_year", "2013年"), ("2013".into(), vec!["已去掉单位「年」".to_owned()]));
    assert_eq!(ok("/organization/leading_group_meetings", "３").0, "3");
    assert_eq!(ok(OUTPUT, "1,180,000"), ("1180000".into(), vec!["已去掉千位分隔符".to_owned()]));
    assert_eq!(ok(OUTPUT, "1,180,000.5 万元").0, "1180000.5");
    assert_eq!(ok(OUTPUT, "52000万元"), ("52000".into(), vec!["已去掉单位「万元」".to_owned()]));
    // 万 alone is the same unit in a sum of 万元; in a count it is still a unit to take away.
    assert_eq!(ok(OUTPUT, "450万"), ("450".into(), vec!["已去掉单位「万」".to_owned()]));
    assert_eq!(ok(OUTPUT, "450 万"), ("450".into(), vec!["已去掉单位「万」".to_owned()]));
    // Spaces between groups of three, as a copied document writes thousands.
    assert_eq!(ok(OUTPUT, "1 180 000"), ("1180000".into(), vec!["已去掉千位分隔符".to_owned()]));
    assert_eq!(ok(OUTPUT, "1 180 000.5 万元").0, "1180000.5");
}

#[test]
fn yes_no_and_enum_labels() {
    assert_eq!(ok("/organization/work_plan_issued", "是").0, "true");
    assert_eq!(ok("/organization/work_plan_issued", "否").0, "false");
    assert_eq!(ok("/organization/work_plan_issued", "TRUE").0, "true");
    assert_eq!(ok("/zone/industry", "阀门"), ("\"valves\"".into(), vec!["已按名称「阀门」选定".to_owned()]));
    assert_eq!(ok("/zone/industry", "valves"), ("\"valves\"".into(), vec![]));
    assert!(refused("/zone/industry", "水泵").contains("阀门"));
    assert!(refused("/organization/work_plan_issued", "也许").contains("“是”或“否”"));
    // A code typed in full-width letters is the code.
    let widened = ok("/zone/industry", "ｖａｌｖｅｓ");
    assert_eq!(widened, ("\"valves\"".into(), vec!["全角字符已按半角读取".to_owned()]));
}

#[test]
fn text_is_kept_as_typed_and_notes_take_any_text() {
    // Full-width punctuation in a name is the name: nothing was changed, so nothing is noted.
    assert_eq!(ok("/zone/town", "瓯北（一）"), ("\"瓯北（一）\"".into(), vec![]));
    assert_eq!(ok("/meta/notes", "补充：１２"), ("\"补充：１２\"".into(), vec![]));
    assert!(read("/meta/notes", "  ").value.is_none());
    assert_eq!(read("/zone/twn", "瓯北").errors[0].code, "unknown_field");
}

#[test]
fn what_cannot_be_read_says_what_to_change() {
    assert!(refused(RATE, "94.6分").contains("请去掉单位「分」"), "{}", refused(RATE, "94.6分"));
    assert!(refused(OUTPUT, "52000元").contains("本项单位为「万元」"));
    assert!(refused(OUTPUT, "1,18").contains("千位分隔符"));
    // Spaces that do not group digits by three are not guessed at.
    assert!(refused(OUTPUT, "1 18").contains("千位分隔符应每三位一个"));
    // A space before a unit is still read for the unit it names.
    assert!(refused(OUTPUT, "1180000 元").contains("请填 118"), "{}", refused(OUTPUT, "1180000 元"));
    assert!(refused(RATE, "九十四点六").contains("请只填阿拉伯数字"), "{}", refused(RATE, "九十四点六"));
    assert!(refused(OUTPUT, "118万0000").contains("请只填阿拉伯数字"), "{}", refused(OUTPUT, "118万0000"));
    let en = read(RATE, "94.6分").errors[0].message.en.clone();
    assert!(en.contains("remove “分”"), "{en}");
    // Well-grouped digits with a unit after them: the unit is named, not the separators.
    let firms = "/quality/above_scale_firms";
    assert!(
        refused(firms, "1,200万元").contains("请去掉单位「万元」，只填数字（本项单位为「家」）"),
        "{}",
        refused(firms, "1,200万元")
    );
}

#[test]
fn money_in_another_unit_is_worked_out_in_10k_cny_not_only_stripped() {
    // Taking the unit away alone would leave 4,500,000 万元: 10,000 times the sum.
    assert_eq!(
        refused(OUTPUT, "4,500,000元"),
        "无法读取「4,500,000元」：本项单位为「万元」，4500000元 = 450 万元（1 万元 = 10000 元）：请填 450"
    );
    assert!(refused(OUTPUT, "45亿").contains("45亿 = 450000 万元（1 亿元 = 10000 万元）：请填 450000"));
    assert!(refused(OUTPUT, "3.5千元").contains("= 0.35 万元"));
    assert!(read(OUTPUT, "52000元").errors[0].message.en.ends_with("52000 元 is 5.2 万元: type 5.2"));
    // The example is of the field's kind: a year for a year, a sum for a sum.
    assert!(refused("/zone/assessment_year", "二〇一三年").ends_with("请只填阿拉伯数字，如 2013"));
    assert!(refused(OUTPUT, "约四百五十").ends_with("如 450"));
    assert!(refused(RATE, "九十四点六").ends_with("如 94.6"));
    // Other units are named as before; a count is no sum of money.
    assert!(refused("/quality/above_scale_firms", "1200元").contains("请去掉单位「元」"));
}

#[test]
fn a_number_beyond_exact_decimals_is_told_so_not_asked_for_digits() {
    for text in ["94.60000000000000000000000000001", "1e-30", "1e400"] {
        let r = read(RATE, text);
        assert_eq!(r.value.as_deref(), Some(text));
        assert_eq!(r.errors.len(), 1, "{text}: {:?}", r.errors);
        assert_eq!(r.errors[0].code, "out_of_range", "{text}");
        assert!(r.errors[0].message.en.contains("out of the exact range"), "{}", r.errors[0].message.en);
    }
}

#[test]
fn empty_text_leaves_the_field_out_and_the_value_is_still_checked() {
    let r = read(RATE, "　");
    assert_eq!((r.value, r.errors.len()), (None, 0));
    let r = read(RATE, "101%");
    assert_eq!(r.value.as_deref(), Some("101"));
    assert_eq!(r.errors[0].code, "out_of_range");
    let r = read("/organization/leading_group_meetings", "2.5");
    assert_eq!(r.errors[0].code, "not_whole_number");
    let r = read("/quality/spot_check_pass_rate", "94");
    assert_eq!(r.errors[0].code, "unknown_field");
}

#[test]
fn the_json_twin_is_canonical() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let json: serde_json::Value = serde_json::from_str(&rules.read_typed_json(RATE, "９４.６%")).unwrap();
    assert_eq!(json["value"], "94.6");
    assert_eq!(json["normalised"][0]["en"], "full-width characters read as half-width");
    assert_eq!(json["errors"], serde_json::json!([]));
}

#[test]
fn a_number_as_hosts_write_it_reads_as_json_number_text() {
    // Each value is put into a submission's JSON text (the form, a workbook row): it must be
    // JSON, or the whole submission would be unreadable (or the cell silently left out).
    assert_eq!(ok(RATE, "+94.6").0, "94.6");
    assert_eq!(ok(RATE, ".5").0, "0.5");
    assert_eq!(read(RATE, "-.5").value.as_deref(), Some("-0.5")); // and out of range
    assert_eq!(ok(RATE, "0094.60").0, "94.60");
    assert_eq!(ok(RATE, "000").0, "0");
    assert_eq!(ok(RATE, "9.46E+1").0, "9.46E+1");
    for text in ["+5", ".5", "00012", "-0", "0.0", "1e2", "+.5e-1"] {
        let value = read(OUTPUT, text).value.unwrap();
        let json: serde_json::Value = serde_json::from_str(&value).unwrap_or_else(|e| panic!("{text} → {value}: {e}"));
        assert!(json.is_number(), "{text} → {value}");
    }
}

#[test]
fn a_choice_label_with_full_width_brackets_is_matched_as_typed() {
    let text = r#"format_version = 1
final_score = { rounding = { places = 1, mode = "half_away_from_zero" } }

[ruleset]
id = "labels"
version = "1"
title = { zh = "标签", en = "Labels" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }

[[fields]]
path = "zone.industry"
type = "enum"
label = { zh = "产业", en = "Industry" }
values = [{ code = "machinery", label = { zh = "机械（含阀门）", en = "Machinery" } }]
"#;
    let rules = Ruleset::from_text(text, Some(zonescore::RuleFormat::Toml), "labels.toml").unwrap();
    let r = rules.read_typed("/zone/industry", "机械（含阀门）");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.value.as_deref(), Some("\"machinery\""));
    let notes: Vec<&str> = r.normalised.iter().map(|n| n.zh.as_str()).collect();
    assert_eq!(notes, ["已按名称「机械（含阀门）」选定"]);
}

#[test]
fn a_paste_past_a_submissions_size_is_refused_at_the_field_not_copied_back() {
    let huge = "9".repeat(zonescore::MAX_SUBMISSION_BYTES + 1);
    for pointer in ["/zone/name", "/quality/spot_check_pass_rate_pct", "/meta/note"] {
        let r = read(pointer, &huge);
        assert_eq!(r.value, None, "{pointer}");
        let codes: Vec<(&str, &str)> = r.errors.iter().map(|e| (e.code.as_str(), e.path.as_str())).collect();
        assert_eq!(codes, [("too_large", pointer)]);
    }
    // At the limit, read as any text is.
    let r = read("/zone/name", &"名".repeat(100));
    assert!(r.value.is_some() && r.errors.is_empty(), "{:?}", r.errors);
}
