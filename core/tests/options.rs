//! Answer options: every `numbers` and `reasons` answer says what the full answer says, and an
//! answer in one language is the full answer with the other language taken out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use zonescore::{Detail, Lang, Ruleset, ScoreOptions};

/// Every submission at hand: the conformance cases' and the bundled examples', with the
/// bundled ruleset each is written for (cases with their own rule file are left out).
fn submissions() -> Vec<(PathBuf, Ruleset)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/conformance")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("case.json").is_file() {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
        if let Some(id) = case["ruleset"].as_str() {
            out.push((dir.join("submission.json"), Ruleset::bundled(id).unwrap()));
        }
    }
    for id in ["zone-qualification", "annual-assessment"] {
        for entry in std::fs::read_dir(root.join("rules/examples").join(id)).unwrap() {
            out.push((entry.unwrap().path(), Ruleset::bundled(id).unwrap()));
        }
    }
    assert!(out.len() > 40, "only {} submissions found", out.len());
    out
}

fn answer(rules: &Ruleset, bytes: &[u8], detail: Detail, lang: Lang) -> Value {
    serde_json::from_str(&rules.score_bytes_json_with(bytes, &ScoreOptions { detail, lang })).unwrap()
}

/// The members of a full answer's item that a shorter answer keeps.
fn kept(item: &Value, keys: &[&str]) -> Value {
    keys.iter().map(|k| ((*k).to_owned(), item[*k].clone())).collect::<serde_json::Map<_, _>>().into()
}

#[test]
fn numbers_and_reasons_say_what_the_full_answer_says() {
    let mut successes = 0;
    for (path, rules) in submissions() {
        let bytes = std::fs::read(&path).unwrap();
        let full = answer(&rules, &bytes, Detail::Full, Lang::Both);
        let numbers = answer(&rules, &bytes, Detail::Numbers, Lang::Both);
        let reasons = answer(&rules, &bytes, Detail::Reasons, Lang::Both);
        let at = path.display();
        if full["type"] == "failure" {
            assert_eq!(numbers, full, "{at}: a failure is the same at every detail");
            assert_eq!(reasons, full, "{at}");
            continue;
        }
        successes += 1;
        assert_eq!(numbers["detail"], "numbers", "{at}");
        assert_eq!(reasons["detail"], "reasons", "{at}");
        let top = [
            "ruleset",
            "subject",
            "year",
            "final_score",
            "grade",
            "outcome",
            "earned",
            "applicable_max",
            "base",
            "bonus",
            "bonus_counted",
            "unrounded",
        ];
        for key in top {
            assert_eq!(numbers[key], full[key], "{at}: {key}");
            assert_eq!(reasons[key], full[key], "{at}: {key}");
        }
        for (list, keys) in [
            ("gates", &["id", "passed", "missing"][..]),
            ("vetoes", &["id", "fired", "missing"][..]),
            ("dimensions", &["id", "points", "max"][..]),
        ] {
            let want: Vec<Value> = full[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| {
                    let mut v = kept(item, keys);
                    v.as_object_mut().unwrap().retain(|_, x| !x.is_null());
                    v
                })
                .collect();
            assert_eq!(numbers[list], Value::Array(want), "{at}: {list}");
        }
        let criterion = ["id", "dimension", "points", "max", "status", "applicable", "missing"];
        let part = ["counted", "value", "band", "points", "gap"];
        for list in ["criteria", "bonus_items"] {
            let full_items = full[list].as_array().unwrap();
            assert_eq!(numbers[list].as_array().unwrap().len(), full_items.len(), "{at}: {list}");
            for (i, item) in full_items.iter().enumerate() {
                assert_eq!(numbers[list][i], kept(item, &criterion), "{at}: {list}[{i}]");
                let mut with_parts = kept(item, &criterion);
                let parts: Vec<Value> = item["parts"].as_array().unwrap().iter().map(|p| kept(p, &part)).collect();
                let got = &reasons[list][i];
                for (j, p) in parts.iter().enumerate() {
                    assert_eq!(kept(&got["parts"][j], &part), *p, "{at}: {list}[{i}].parts[{j}]");
                    assert!(got["parts"][j]["reason"]["code"].is_string(), "{at}: {list}[{i}].parts[{j}]");
                }
                with_parts["parts"] = got["parts"].clone();
                assert_eq!(*got, with_parts, "{at}: {list}[{i}]");
            }
        }
        for list in ["notes", "warnings"] {
            let want: Vec<Value> = full[list].as_array().unwrap().iter().map(|n| kept(n, &["code", "path"])).collect();
            assert_eq!(numbers[list], Value::Array(want), "{at}: {list}");
        }
        let text = serde_json::to_string(&numbers).unwrap();
        assert!(!text.contains("\"zh\"") && !text.contains("\"reason\""), "{at}: numbers carry no text");
    }
    assert!(successes > 30, "only {successes} scored submissions");
}

/// The full answer with every text's other language taken out; an error's `params` are data
/// (an enum's labels among them) and are kept whole.
fn only(value: &Value, drop: &str) -> Value {
    match value {
        Value::Object(map) => {
            let is_text = map.len() == 2 && map.contains_key("zh") && map.contains_key("en");
            map.iter()
                .filter(|(k, _)| !(is_text && *k == drop))
                .map(|(k, v)| (k.clone(), if k == "params" { v.clone() } else { only(v, drop) }))
                .collect()
        }
        Value::Array(items) => items.iter().map(|v| only(v, drop)).collect(),
        other => other.clone(),
    }
}

#[test]
fn one_language_is_the_full_answer_without_the_other() {
    for (path, rules) in submissions() {
        let bytes = std::fs::read(&path).unwrap();
        let full = answer(&rules, &bytes, Detail::Full, Lang::Both);
        assert_eq!(answer(&rules, &bytes, Detail::Full, Lang::Zh), only(&full, "en"), "{}", path.display());
        assert_eq!(answer(&rules, &bytes, Detail::Full, Lang::En), only(&full, "zh"), "{}", path.display());
    }
}

#[test]
fn the_written_answer_is_the_serialised_report() {
    // `score_json` writes its text straight from the evaluation; the typed report, serialised,
    // must give the very same bytes, in every language.
    for (path, rules) in submissions() {
        let bytes = std::fs::read(&path).unwrap();
        let typed = rules.score_bytes(&bytes);
        for lang in [Lang::Both, Lang::Zh, Lang::En] {
            let written = rules.score_bytes_json_with(&bytes, &ScoreOptions { detail: Detail::Full, lang });
            assert_eq!(written, typed.to_json(lang), "{} in {lang:?}", path.display());
        }
    }
}

#[test]
fn the_written_short_answers_are_the_serialised_briefs() {
    for (path, rules) in submissions() {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(parsed) = zonescore::input::parse_json(&bytes, 1 << 20, 64) else { continue };
        if !parsed.duplicate_keys.is_empty() {
            continue;
        }
        for detail in [Detail::Numbers, Detail::Reasons] {
            let written = rules.score_bytes_json_with(&bytes, &ScoreOptions { detail, lang: Lang::Both });
            let typed = zonescore::canonical(&rules.brief(&parsed.value, detail));
            assert_eq!(written, typed, "{} at {detail:?}", path.display());
        }
    }
}

#[test]
fn written_text_is_escaped_as_serde_json_escapes_it() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification/oubei-valves-2013.json");
    let mut tree: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name: String = (0u8..0x20).map(char::from).chain("\"\\/\u{7f}\u{2028}名😀".chars()).collect();
    tree["zone"]["name"] = Value::String(name);
    let text = serde_json::to_string(&tree).unwrap();
    let typed = rules.score_bytes(text.as_bytes());
    assert!(matches!(typed, zonescore::Answer::Success(_)));
    assert_eq!(rules.score_json(&text), typed.to_canonical_json());
}

#[test]
fn one_language_does_not_leak_into_other_writing() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let zh = rules.score_json_with("{}", &ScoreOptions { detail: Detail::Full, lang: Lang::Zh });
    assert!(zh.contains(r#""message":{"zh":"#) && !zh.contains(r#""en":"#), "{zh}");
    // Texts written afterwards carry both languages again, and so does the ruleset's digest.
    let text = zonescore::canonical(&zonescore::model::Text::new("甲", "a"));
    assert_eq!(text, r#"{"zh":"甲","en":"a"}"#);
    assert_eq!(Ruleset::bundled("zone-qualification").unwrap().digest(), rules.digest());
}

#[test]
fn the_default_options_give_the_full_answer() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification/oubei-valves-2013.json"),
    )
    .unwrap();
    assert_eq!(rules.score_json_with(&text, &ScoreOptions::default()), rules.score_json(&text));
    let input = zonescore::input::parse_json(text.as_bytes(), 1 << 20, 64).unwrap().value;
    let numbers = ScoreOptions { detail: Detail::Numbers, lang: Lang::Both };
    assert_eq!(rules.answer_json(&input, &numbers), rules.score_json_with(&text, &numbers));
    // The typed twin serialises to the same bytes.
    assert_eq!(zonescore::canonical(&rules.brief(&input, Detail::Numbers)), rules.score_json_with(&text, &numbers));
    // Numbers-only summaries carry the statuses of the full report.
    let summary = rules.score_summary(&input).unwrap();
    let zonescore::Answer::Success(report) = rules.score(&input) else { panic!("not scored") };
    let statuses: Vec<_> = report.criteria.iter().chain(&report.bonus_items).map(|c| c.status).collect();
    assert_eq!(summary.statuses, statuses);
}

#[test]
fn unknown_option_names_are_errors_with_the_allowed_values() {
    let e = ScoreOptions::parse(Some("short"), None).unwrap_err();
    assert_eq!(e.code, "unknown_option");
    assert_eq!(e.params["option"], "detail");
    assert_eq!(e.params["allowed"], serde_json::json!(["numbers", "reasons", "full"]));
    assert!(e.message.zh.contains("numbers, reasons, full") && e.message.en.contains("short"), "{:?}", e.message);
    let e = ScoreOptions::parse(None, Some("fr")).unwrap_err();
    assert_eq!(e.params["option"], "lang");
    let ok = ScoreOptions::parse(Some("reasons"), Some("en")).unwrap();
    assert_eq!(ok, ScoreOptions { detail: Detail::Reasons, lang: Lang::En });
    assert_eq!(ScoreOptions::parse(None, None).unwrap(), ScoreOptions::default());
}

#[test]
fn a_language_tag_names_its_language_as_a_page_or_a_locale_gives_it() {
    for (tag, lang) in [("zh-CN", Lang::Zh), ("zh_CN", Lang::Zh), ("zh-Hans-CN", Lang::Zh), ("ZH", Lang::Zh)] {
        assert_eq!(Lang::parse(tag).unwrap(), lang, "{tag}");
        assert_eq!(Lang::parse_one(tag).unwrap(), lang, "{tag}");
    }
    for (tag, lang) in [("en-US", Lang::En), ("en_GB", Lang::En), ("En", Lang::En), ("both", Lang::Both)] {
        assert_eq!(Lang::parse(tag).unwrap(), lang, "{tag}");
    }
    // Not a tag of either language: another language, a country alone, empty or overlong subtags.
    for tag in ["fr-FR", "cn", "zhs", "zh-", "zh--CN", "en-123456789", "en US", "", "中文"] {
        let e = Lang::parse(tag).unwrap_err();
        assert_eq!((e.code.as_str(), e.params["option"].as_str()), ("unknown_option", Some("lang")), "{tag}");
    }
    assert_eq!(Lang::parse_one("both").unwrap_err().params["allowed"], serde_json::json!(["zh", "en"]));
}
