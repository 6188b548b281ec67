//! Every sentence agrees with its numbers, at the extremes too: values too large for a
//! decimal are shown as such (never as missing evidence), and rule files that make
//! numbers grow get an overflow gap, not a hang.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use zonescore::{Answer, CriterionResult, Report, Ruleset};

fn report(rules: &Ruleset, json: &str) -> Report {
    match serde_json::from_str::<Answer>(&rules.score_json(json)).unwrap() {
        Answer::Success(r) => r,
        Answer::Failure(f) => panic!("invalid: {:?}", f.errors),
    }
}

fn criterion<'a>(r: &'a Report, id: &str) -> &'a CriterionResult {
    r.criteria.iter().chain(&r.bonus_items).find(|c| *c.id == *id).unwrap()
}

/// The bundled valve-zone example with some industry figures replaced.
fn oubei_with(changes: &[(&str, &str)]) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules/examples/zone-qualification/oubei-valves-2013.json");
    let mut text = std::fs::read_to_string(path).unwrap();
    for (key, value) in changes {
        let at = text.find(&format!("\"{key}\"")).unwrap();
        let start = at + text[at..].find(':').unwrap() + 1;
        let end = start + text[start..].find([',', '}']).unwrap();
        text.replace_range(start..end, &format!(" {value}"));
    }
    text
}

#[test]
fn a_growth_rate_too_large_for_a_decimal_is_shown_not_called_missing() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let json = oubei_with(&[
        ("previous_output_10k_cny", "0.0000000000000000000001"),
        ("output_10k_cny", "9999999999999999999999999"),
        ("town_industrial_output_10k_cny", "9999999999999999999999999"),
    ]);
    let r = report(&rules, &json);
    let b4 = criterion(&r, "B4");
    assert_eq!((b4.points.as_str(), b4.max.as_deref()), ("4", Some("4")));
    let growth = &b4.parts[0];
    assert_eq!(growth.gap, None);
    assert_eq!(growth.band.as_deref(), Some("6"));
    // (9999999999999999999999999 − 10^-22) ÷ 10^-22 × 100, cut to its whole part.
    assert_eq!(growth.value.as_deref(), Some("9999999999999999999999998999999999999999999999900"));
    for text in [&growth.reason.zh(), &b4.reason.zh()] {
        assert!(!text.contains("缺少"), "{text}");
        assert!(text.contains("产值同比增长率约为9.99×10^48%，达到“6%及以上”档，得4分"), "{text}");
    }
    assert!(
        !b4.reason.en().contains("missing") && b4.reason.en().contains("≈9.99×10^48 % reaches the ≥ 6 % band"),
        "{}",
        b4.reason.en()
    );
    let negative = report(
        &rules,
        &oubei_with(&[("previous_output_10k_cny", "0.0000000000000000000001"), ("output_10k_cny", "0")]),
    );
    let shrink = &criterion(&negative, "B4").parts[0];
    assert_eq!((shrink.value.as_deref(), shrink.band.as_deref()), (Some("-100"), None));
    // A sentence showing a cut value brings the note a printed answer gives once.
    assert!(
        zonescore::cut_note(&r).is_some_and(|n| n.zh.contains("截至第2位小数") && n.en.contains("never rounded up"))
    );
    // Shares and growth that are whole percentages: no value is cut, so no note.
    let whole = [
        ("output_10k_cny", "1200000"),
        ("previous_output_10k_cny", "1000000"),
        ("town_industrial_output_10k_cny", "2400000"),
        ("above_scale_firms", "100"),
        ("iso9001_certified_firms", "80"),
    ];
    assert_eq!(zonescore::cut_note(&report(&rules, &oubei_with(&whole))), None);
}

const GROWING: &str = r#"format_version = 1
final_score = { normalise = false, rounding = { places = 1, mode = "half_away_from_zero" } }

[ruleset]
id = "growing"
version = "1"
title = { zh = "增长", en = "Growth" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }

[[fields]]
path = "s.x"
type = "amount"
label = { zh = "数", en = "X" }

[[derived]]
id = "big"
expr = "9999999999999999999999999999 * 9999999999999999999999999999 * s.x"
label = { zh = "大数", en = "Big" }

[[derived]]
id = "square"
expr = "big * big"
label = { zh = "平方", en = "Square" }

[[derived]]
id = "fourth"
expr = "square * square"
label = { zh = "四次方", en = "Fourth" }

[[derived]]
id = "eighth"
expr = "fourth * fourth"
label = { zh = "八次方", en = "Eighth" }

[[dimensions]]
id = "D"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "BIG"
title = { zh = "大", en = "Big" }
max = 2
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "bands", value = "big", label = { zh = "大数", en = "Big" }, bands = [{ at_least = 1, points = 2 }] }]

[[dimensions.criteria]]
id = "HUGE"
title = { zh = "巨", en = "Huge" }
max = 2
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "bands", value = "eighth", label = { zh = "八次方", en = "Eighth" }, bands = [{ at_least = 1, points = 2 }] }]

[[dimensions.criteria]]
id = "SUM"
title = { zh = "和", en = "Sum" }
max = 3
clause = ["§1"]
basis = { kind = "set" }
parts = [{ kind = "weighted", label = { zh = "加权", en = "Weighted" }, cap = 3, terms = [{ value = "big", weight = 1 }] }]

[[grades]]
id = "A"
label = { zh = "好", en = "Good" }

[[outcomes]]
id = "ok"
label = { zh = "好", en = "Good" }
"#;

#[test]
fn products_of_large_constants_are_shown_and_growth_is_bounded() {
    let rules = Ruleset::from_text(GROWING, None, "growing.toml").unwrap();
    let r = report(&rules, r#"{"s": {"x": 9999999999999999999999999999}}"#);

    let big = criterion(&r, "BIG");
    assert_eq!(big.points, "2");
    assert_eq!(big.parts[0].value.as_deref().map(str::len), Some(84), "the product's 84 digits, exactly");
    assert!(big.reason.zh().contains("约为9.99×10^83") && !big.reason.zh().contains("缺少"), "{}", big.reason.zh());

    // The eighth power would have ~670 digits: past the size limit it is an overflow gap.
    let huge = criterion(&r, "HUGE");
    assert_eq!(
        (huge.points.as_str(), huge.parts[0].gap.as_deref(), huge.parts[0].value.as_deref()),
        ("0", Some("overflow"), None)
    );
    assert!(huge.reason.en().contains("too large to compute exactly"), "{}", huge.reason.en());

    let sum = criterion(&r, "SUM");
    assert_eq!(sum.points, "3");
    assert!(sum.reason.zh().contains("big ≈9.99×10^83 × 1 = ≈9.99×10^83，最高计3分"), "{}", sum.reason.zh());
    assert!(!sum.reason.zh().contains("缺少"), "{}", sum.reason.zh());
}

#[test]
fn a_long_chain_of_squares_stops_at_the_size_limit() {
    // Ten derived values, each the square of the one before (plus 1): unbounded, the last
    // would have some 430 digits; it stops growing at the limit and reads as an overflow.
    // (Ten is as many as a ruleset may chain so: each reads the one before twice, and the
    // what-if walks follow both, so the compiler caps the operations written out.)
    let head = GROWING.split("[[derived]]").next().unwrap();
    let mut text = head.to_owned();
    text.push_str("[[derived]]\nid = \"d0\"\nexpr = \"s.x * 2\"\nlabel = { zh = \"零\", en = \"Zero\" }\n");
    for i in 1..10 {
        let _ = std::fmt::Write::write_fmt(
            &mut text,
            format_args!(
                "\n[[derived]]\nid = \"d{i}\"\nexpr = \"d{} * d{} + 1\"\nlabel = {{ zh = \"值\", en = \"Value\" }}\n",
                i - 1,
                i - 1
            ),
        );
    }
    text.push_str(
        "\n[[dimensions]]\nid = \"D\"\ntitle = { zh = \"维\", en = \"Dim\" }\n\n[[dimensions.criteria]]\nid = \"LAST\"\n\
         title = { zh = \"末\", en = \"Last\" }\nmax = 1\nclause = [\"§1\"]\nbasis = { kind = \"set\" }\n\
         parts = [{ kind = \"bands\", value = \"d9\", label = { zh = \"末\", en = \"Last\" }, bands = [{ at_least = 1, points = 1 }] }]\n\n\
         [[grades]]\nid = \"A\"\nlabel = { zh = \"好\", en = \"Good\" }\n\n[[outcomes]]\nid = \"ok\"\nlabel = { zh = \"好\", en = \"Good\" }\n",
    );
    let rules = Ruleset::from_text(&text, None, "chain.toml").unwrap();
    let r = report(&rules, r#"{"s": {"x": 3.5}}"#);
    let last = criterion(&r, "LAST");
    assert_eq!((last.points.as_str(), last.parts[0].gap.as_deref()), ("0", Some("overflow")));
}

#[test]
fn scorecard_lines_say_how_the_score_comes_about() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let example = |name: &str| {
        let path = format!("{}/../rules/examples/zone-qualification/{name}", env!("CARGO_MANIFEST_DIR"));
        report(&rules, &std::fs::read_to_string(path).unwrap())
    };
    let oubei = example("oubei-valves-2013.json");
    assert_eq!(oubei.breakdown.zh, "实得 88 + 加分 3 → 91.0");
    assert_eq!(oubei.bonus_line().map(|t| t.zh).as_deref(), Some("加分合计：3"));
    assert_eq!(oubei.conclusion, *oubei.outcome_label, "nothing failed or fired");
    // Criteria left out: the normalised base, cut to 2 decimals and marked.
    let wuniu = example("wuniu-early-tea-2014.json");
    assert_eq!(wuniu.breakdown.en, "earned 84.5 (of 103, normalised 82.03…) + bonus 2 → 84.0");
    let vetoed = example("huangtian-leather-shoes-2013-vetoed.json");
    assert!(vetoed.conclusion.zh.starts_with(&format!("{}（一票否决：V1 ", vetoed.outcome_label.zh)));
    let ineligible = example("dongcheng-hardware-ornaments-2012-ineligible.json");
    assert!(ineligible.conclusion.en.contains(" (eligibility not met: G1 "), "{}", ineligible.conclusion.en);
    // Past the cap, the bonus line says what was counted.
    let caps = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance/zq-caps/submission.json");
    let capped = report(&rules, &std::fs::read_to_string(caps).unwrap());
    let line = capped.bonus_line().unwrap();
    assert_eq!(line.zh, format!("加分合计：{}，按上限计入 {}", capped.bonus, capped.bonus_counted));
}

#[test]
fn a_gate_that_divides_by_zero_says_so_not_missing_evidence() {
    let gate = "\n[[gates]]\nid = \"G\"\ntitle = { zh = \"比值\", en = \"Ratio\" }\nwhen = \"s.x / s.x > 0\"\nclause = [\"§1\"]\nbasis = { kind = \"set\" }\n";
    let rules = Ruleset::from_text(&format!("{GROWING}{gate}"), None, "gated.toml").unwrap();
    let r = report(&rules, r#"{"s": {"x": 0}}"#);
    let g = &r.gates[0];
    assert!(g.missing.is_empty());
    assert_eq!(g.reason.zh(), "无法判断：比值（分母为0，无法计算），按不符合申报条件处理");
    assert_eq!(g.reason.en(), "cannot be decided: Ratio (the denominator is 0); counts as not met");
    let missing = report(&rules, r#"{"s": {}}"#);
    assert_eq!(missing.gates[0].reason.en(), "cannot be decided: Ratio (missing evidence); counts as not met");
}
