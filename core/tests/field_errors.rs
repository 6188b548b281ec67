//! Field errors come only from their kinds: every code is listed once (in the answer schema
//! too), every kind has its code, params in wire order and a message in both languages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use serde_json::json;
use zonescore::model::Text;
use zonescore::{FieldCode, FieldError, FieldErrorKind};

/// One error of every kind, with the label of a declared field where a kind names one.
fn one_of_each() -> Vec<FieldErrorKind> {
    let label = || Text::new("其他", "other");
    vec![
        FieldErrorKind::InvalidJson { line: 1, column: 2, reason: "r".into(), reason_zh: "原因".into() },
        FieldErrorKind::EmptyInput,
        FieldErrorKind::TooLarge { size: 10, limit: 5 },
        FieldErrorKind::TooDeep { limit: 64, at: "/a".into() },
        FieldErrorKind::InvalidUtf8 { offset: 3 },
        FieldErrorKind::DuplicateKey,
        FieldErrorKind::NotAnObject { found: "array" },
        FieldErrorKind::UnknownField { did_you_mean: Some("/zone".into()) },
        FieldErrorKind::UnknownField { did_you_mean: None },
        FieldErrorKind::Required { null: true },
        FieldErrorKind::Required { null: false },
        FieldErrorKind::WrongType { expected: "number", found: "string" },
        FieldErrorKind::NotFinite,
        FieldErrorKind::OutOfRange { value: "120".into(), min: Some("0".into()), max: Some("100".into()) },
        FieldErrorKind::OutOfRange { value: "-1".into(), min: Some("0".into()), max: None },
        FieldErrorKind::OutOfRange { value: "120".into(), min: None, max: Some("100".into()) },
        FieldErrorKind::BeyondExactRange { max_digits: 28 },
        FieldErrorKind::NotWholeNumber { value: "1.5".into() },
        FieldErrorKind::TooShort,
        FieldErrorKind::TooLong { length: 9, max_length: 5 },
        FieldErrorKind::UnknownEnumValue {
            value: "x".into(),
            allowed: vec!["valves".into()],
            allowed_labels: vec![Text::new("阀门", "Valves")],
            did_you_mean: None,
        },
        FieldErrorKind::UnknownEnumValue {
            value: "阀门".into(),
            allowed: vec!["valves".into()],
            allowed_labels: vec![Text::new("阀门", "Valves")],
            did_you_mean: Some("valves".into()),
        },
        FieldErrorKind::ConstraintViolated {
            constraint: "c".into(),
            value: "5".into(),
            op: "≤",
            other: "/b".into(),
            other_value: "4".into(),
            other_label: label(),
        },
        FieldErrorKind::UnreadableText {
            text: "abc".into(),
            expected: "percent",
            reason: Text::new("读不出", "unread"),
        },
        FieldErrorKind::UnknownTarget {
            target: "Z".into(),
            allowed: vec!["A".into(), "B".into()],
            names: vec![Text::new("优秀", "Excellent"), Text::new("良好", "Good")],
        },
        FieldErrorKind::UnknownOption { option: "lang", value: "fr".into(), allowed: vec!["zh", "en", "both"] },
        FieldErrorKind::Invalid,
        FieldErrorKind::UnsupportedColumn { arrow_type: "Date32".into() },
        FieldErrorKind::NonStringKey { key: "1".into(), type_name: "int".into() },
        FieldErrorKind::InvalidText,
        FieldErrorKind::UnsupportedValue { type_name: "function".into() },
        FieldErrorKind::UnreadableValue { reason: "Error: x".into() },
    ]
}

#[test]
fn every_code_is_written_as_serde_writes_it() {
    for code in FieldCode::ALL {
        assert_eq!(serde_json::to_value(code).unwrap(), json!(code.as_str()));
    }
}

#[test]
fn the_answer_schema_lists_every_code_and_no_other() {
    let schema = zonescore::answer_schema();
    assert_eq!(schema["$defs"]["FieldError"]["properties"]["code"]["$ref"], "#/$defs/FieldCode");
    let listed: Vec<&str> = schema["$defs"]["FieldCode"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["const"].as_str().unwrap())
        .collect();
    let all: Vec<&str> = FieldCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, all);
}

#[test]
fn every_code_has_a_kind_and_every_kind_a_message_in_both_languages() {
    let kinds = one_of_each();
    for code in FieldCode::ALL {
        assert!(kinds.iter().any(|k| k.code() == code), "no kind gives `{}`", code.as_str());
    }
    let label = Text::new("抽检合格率", "spot-check pass rate");
    let mut seen = std::collections::BTreeSet::new();
    for kind in kinds {
        let e = FieldError::new(kind.clone(), "/q/rate", Some(&label));
        assert_eq!(e.code, kind.code().as_str());
        assert!(e.is(kind.code()));
        assert_eq!(e.params, kind.params());
        assert!(!e.message.zh.is_empty() && !e.message.en.is_empty(), "{kind:?}");
        // Each kind words its own sentence: no shared fallback.
        assert!(seen.insert(e.message.zh.clone()) && seen.insert(e.message.en.clone()), "{kind:?}: {:?}", e.message);
    }
}

#[test]
fn a_field_error_keeps_its_wire_shape() {
    let label = Text::new("抽检合格率", "spot-check pass rate");
    let kind = FieldErrorKind::OutOfRange { value: "120000".into(), min: Some("0".into()), max: Some("100".into()) };
    let e = FieldError::new(kind, "/q/rate", Some(&label));
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({
            "code": "out_of_range",
            "path": "/q/rate",
            "params": {"value": "120000", "min": "0", "max": "100"},
            "message": {
                "zh": "「抽检合格率」应在 0 到 100 之间，实际为 120,000",
                "en": "“spot-check pass rate” must be from 0 to 100, not 120,000",
            },
        })
    );
    // Params keep their order on the wire (`value` before the bounds).
    assert_eq!(serde_json::to_string(&e.params).unwrap(), r#"{"value":"120000","min":"0","max":"100"}"#);
}

#[test]
fn a_host_value_with_no_json_form_names_its_type() {
    let e = FieldError::new(FieldErrorKind::UnsupportedValue { type_name: "symbol".into() }, "/zone/name", None);
    assert_eq!(e.code, "unsupported_value");
    assert_eq!(serde_json::Value::Object(e.params), json!({"type": "symbol"}));
    assert_eq!(
        e.message,
        Text::new(
            "不支持 `symbol` 类型的值：请使用对象、数组、文本、数字、布尔值或空值",
            "a value of type `symbol` is not supported: use an object, array, string, number, boolean or null"
        )
    );
}

#[test]
fn an_answer_read_back_keeps_its_errors() {
    let kind = FieldErrorKind::Required { null: false };
    let e = FieldError::new(kind, "/zone/name", Some(&Text::new("示范区名称", "zone name")));
    let read: FieldError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    assert_eq!(read, e);
}

#[test]
fn one_field_from_json_text_keeps_every_digit() {
    let rules = zonescore::Ruleset::bundled("zone-qualification").unwrap();
    let rate = "/quality/spot_check_pass_rate_pct";
    let codes = |json: &str| -> Vec<String> {
        let errors: Vec<serde_json::Value> =
            serde_json::from_str(&rules.validate_field_json(rate, json.as_bytes())).unwrap();
        errors.iter().map(|e| e["code"].as_str().unwrap().to_owned()).collect()
    };
    assert!(codes("100").is_empty());
    // One digit past 100, which a binary float would read as 100.
    assert_eq!(codes("100.00000000000000000001"), ["out_of_range"]);
    // Text that is not one JSON value gets what a whole submission of it gets, at the field.
    let whole = rules.validate_bytes(b"{\"a\": ").errors;
    assert_eq!(codes("{\"a\": "), whole.iter().map(|e| e.code.clone()).collect::<Vec<_>>());
    let errors: Vec<serde_json::Value> = serde_json::from_str(&rules.validate_field_json(rate, b"9 4")).unwrap();
    assert_eq!((errors[0]["code"].as_str(), errors[0]["path"].as_str()), (Some("invalid_json"), Some(rate)));
    let dotted = rules.validate_field_json("quality.spot_check_pass_rate_pct", b"\xff");
    assert!(dotted.contains(&format!(r#""path":"{rate}""#)), "{dotted}");
    // Nothing typed yet is no error, as `read_typed` answers empty text.
    assert!(codes("").is_empty());
    assert!(codes(" \n").is_empty());
    assert!(rules.read_typed(rate, "").errors.is_empty());
    for group in ["/quality", "quality.standards_led", "/zone/name", "/meta"] {
        assert_eq!(rules.validate_field_unset(group), [], "{group}");
    }
    let unknown = rules.validate_field_unset("/quality/no_such_field");
    assert_eq!(unknown.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["unknown_field"]);
}

#[test]
fn a_wrong_type_is_worded_with_the_article_each_type_takes() {
    let rules = zonescore::Ruleset::bundled("zone-qualification").unwrap();
    let zonescore::Answer::Failure(f) =
        rules.score_bytes(br#"{"zone": 1, "quality": [], "industry": {"output_10k_cny": {}}}"#)
    else {
        panic!("wrong types are refused")
    };
    let en = |path: &str| f.errors.iter().find(|e| e.path == path).map(|e| e.message.en.clone()).unwrap();
    assert_eq!(en("/zone"), "this value must be an object, not a number");
    assert_eq!(en("/quality"), "this value must be an object, not an array");
    assert!(
        en("/industry/output_10k_cny").ends_with("must be a number, not an object"),
        "{}",
        en("/industry/output_10k_cny")
    );
    // The group's error is the cause: the required fields inside it are not each reported.
    assert!(!f.errors.iter().any(|e| e.path.starts_with("/zone/")), "{:?}", f.errors);
    let zonescore::Answer::Failure(one) = rules.score_bytes(br#"{"zone": 1}"#) else { panic!("refused") };
    assert_eq!(one.errors.len(), 1, "{:?}", one.errors);
}

#[test]
fn a_field_error_is_an_error_with_a_code_to_match() {
    let rules = zonescore::Ruleset::bundled("zone-qualification").unwrap();
    let zonescore::Answer::Failure(f) = rules.score_bytes(br#"{"zone": {"name": 1}}"#) else { panic!("refused") };
    let first = &f.errors[0];
    assert_eq!(first.field_code(), Some(zonescore::FieldCode::Required));
    assert!(f.errors.iter().all(|e| e.field_code().is_some_and(|c| e.is(c))));
    let wrong = f.errors.iter().find(|e| e.path == "/zone/name").unwrap();
    assert_eq!(wrong.field_code(), Some(zonescore::FieldCode::WrongType));
    assert_eq!(wrong.to_string(), format!("/zone/name: {}", wrong.message.en));
    // A failure is an error too, worded as its summary; it goes where `?` takes it.
    let boxed: Box<dyn std::error::Error + Send + Sync> = f.clone().into();
    assert_eq!(boxed.to_string(), f.summary().en);
    let e = zonescore::input::parse_json(b"{\"a\": ", 1 << 20, 64).unwrap_err();
    assert_eq!(e.to_string(), rules.validate_bytes(b"{\"a\": ").errors[0].message.en);
    // A ruleset shows what it is, not its rules.
    assert_eq!(
        format!("{rules:?}"),
        format!("Ruleset {{ id: \"zone-qualification\", version: \"2011.1\", digest: \"{}\" }}", rules.digest())
    );
}

#[test]
fn number_text_that_is_no_number_is_unreadable_not_out_of_range() {
    let rules = zonescore::Ruleset::bundled("zone-qualification").unwrap();
    let rate = "/quality/spot_check_pass_rate_pct";
    for text in ["abc", "", " 95", "0x10", "95."] {
        let errors = rules.validate_field(rate, &zonescore::Input::Number(text.into()));
        assert_eq!(errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["unreadable_text"], "{text:?}");
        assert!(errors[0].message.en.contains("not a number"), "{}", errors[0].message.en);
    }
    // Past the exact range is still said as such.
    let long = zonescore::Input::Number("1.0000000000000000000000000001".into());
    assert_eq!(rules.validate_field(rate, &long)[0].code, "out_of_range");
}

#[test]
fn a_key_renamed_far_from_its_field_is_pointed_to_the_one_field_its_group_lacks() {
    let rules = zonescore::Ruleset::bundled("annual-assessment").unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/annual-assessment");
    let text = std::fs::read_to_string(root.join("oubei-2014.json")).unwrap();
    let renamed = |from: &str, to: &str| {
        let tree: serde_json::Value =
            serde_json::from_str(&text.replacen(&format!("\"{from}\""), &format!("\"{to}\""), 1)).unwrap();
        let errors = rules.validate_bytes(tree.to_string().as_bytes()).errors;
        errors.into_iter().map(|e| (e.code, e.path, e.message.en)).collect::<Vec<_>>()
    };
    let found = renamed("progress_reports", "reports_of_progress");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "unknown_field");
    assert!(found[0].2.contains("`progress_reports`"), "{found:?}");
    // Two keys renamed: which is which is not known, and neither is guessed.
    let text_two = text.replacen("\"leading_group\"", "\"group_that_leads\"", 1);
    let tree: serde_json::Value =
        serde_json::from_str(&text_two.replacen("\"progress_reports\"", "\"reports_of_progress\"", 1)).unwrap();
    let errors = rules.validate_bytes(tree.to_string().as_bytes()).errors;
    let unknown: Vec<_> = errors.iter().filter(|e| e.code == "unknown_field").collect();
    assert_eq!(unknown.len(), 2, "{errors:?}");
    assert!(unknown.iter().all(|e| !e.message.en.contains("did you mean")), "{errors:?}");
}
