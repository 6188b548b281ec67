//! Hostile submissions get a clear failure, never a panic, a stack overflow or a hang.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "tests fail loudly")]

use zonescore::{Answer, Failure, Input, Ruleset};

fn failure(bytes: &[u8]) -> Failure {
    match Ruleset::bundled("zone-qualification").unwrap().score_bytes(bytes) {
        Answer::Failure(f) => f,
        Answer::Success(r) => panic!("scored {}", r.final_score),
    }
}

fn codes(f: &Failure) -> Vec<&str> {
    f.errors.iter().map(|e| e.code.as_str()).collect()
}

#[test]
fn refuses_what_is_not_a_json_object() {
    assert_eq!(codes(&failure(b"")), ["empty_input"]);
    assert_eq!(codes(&failure(b"\xef\xbb\xbf")), ["empty_input"]);
    assert_eq!(codes(&failure(b"hello")), ["invalid_json"]);
    assert_eq!(codes(&failure(b"[1, 2]")), ["not_an_object"]);
    assert_eq!(codes(&failure(b"\"zone\"")), ["not_an_object"]);
    assert_eq!(codes(&failure(b"{\"zone\": {\"name\": \"\xff\xfe\"}}")), ["invalid_utf8"]);
    let f = failure(b"{\"a\": 1,\n \"b\": }");
    assert_eq!((f.errors[0].params["line"].as_u64(), f.errors[0].params["column"].as_u64()), (Some(2), Some(7)));
}

#[test]
fn bounds_size_depth_and_errors() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(codes(&failure(format!("{{\"meta\": {deep}}}").as_bytes())), ["too_deep"]);
    let big = format!("{{\"meta\": \"{}\"}}", "x".repeat(zonescore::MAX_SUBMISSION_BYTES));
    let f = failure(big.as_bytes());
    assert_eq!(codes(&f), ["too_large"]);
    assert_eq!(f.errors[0].params["limit"].as_u64(), Some(1 << 20));
    let many: String = (0..20_000).map(|i| format!("\"k{i}\": {i},")).collect();
    let f = failure(format!("{{{many} \"z\": 0}}").as_bytes());
    assert_eq!((f.errors.len(), f.more_errors), (zonescore::MAX_ERRORS, 20_001 + 6 - zonescore::MAX_ERRORS));
}

#[test]
fn a_huge_text_in_a_field_is_refused_with_its_length() {
    let name = "永".repeat(5000);
    let text = format!(
        r#"{{"zone": {{"name": "{name}", "town": "瓯北", "industry": "valves", "creating_subject": "town_government", "assessment_year": 2013, "industry_policy_category": "encouraged"}}}}"#
    );
    let f = failure(text.as_bytes());
    assert_eq!(codes(&f), ["too_long"]);
    assert_eq!(f.errors[0].params["length"].as_u64(), Some(5000));
}

#[test]
fn a_host_tree_one_level_too_deep_is_refused_wherever_the_depth_hides() {
    // A value `levels` containers deep.
    let nested = |levels: usize| (1..levels).fold(Input::Array(Vec::new()), |inner, _| Input::Array(vec![inner]));
    // Where a deep value can sit, and how many levels the tree has above it.
    type Place = (&'static str, usize, fn(Input) -> Input);
    let places: [Place; 7] = [
        ("meta", 1, |v| Input::Object(vec![("meta".into(), v)])),
        ("an unknown key", 1, |v| Input::Object(vec![("extra".into(), v)])),
        ("a group given as an array", 1, |v| Input::Object(vec![("zone".into(), v)])),
        ("a leaf", 2, |v| Input::Object(vec![("zone".into(), Input::Object(vec![("name".into(), v)]))])),
        ("an unknown key in a group", 2, |v| {
            Input::Object(vec![("zone".into(), Input::Object(vec![("nope".into(), v)]))])
        }),
        ("a repeated key", 2, |v| {
            let members = vec![("name".into(), Input::String("x".into())), ("name".into(), v)];
            Input::Object(vec![("zone".into(), Input::Object(members))])
        }),
        ("the whole submission", 0, |v| v),
    ];
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    for (place, above, build) in places {
        for depth in [zonescore::MAX_DEPTH, zonescore::MAX_DEPTH + 1] {
            let tree = build(nested(depth - above));
            let Answer::Failure(f) = rules.score(&tree) else { panic!("scored") };
            let refused = codes(&f).contains(&"too_deep");
            assert_eq!(refused, depth > zonescore::MAX_DEPTH, "{place} at depth {depth}: {:?}", codes(&f));
            if refused {
                // The same errors as the same submission as text: one, placed where it goes too deep.
                let Answer::Failure(text) = rules.score_bytes(tree.to_json().as_bytes()) else { panic!("scored") };
                assert_eq!(f.errors, text.errors, "{place}");
                assert_ne!(f.errors[0].params["at"], "", "{place}");
            }
        }
    }
}

#[test]
fn host_trees_of_any_depth_are_refused_without_recursion() {
    let mut deep = Input::Null;
    for _ in 0..10_000 {
        deep = Input::Array(vec![deep]);
    }
    let tree = Input::Object(vec![("meta".into(), deep)]);
    let answer = Ruleset::bundled("zone-qualification").unwrap().score(&tree);
    let Answer::Failure(f) = answer else { panic!("scored") };
    assert!(codes(&f).contains(&"too_deep"), "{:?}", codes(&f));
    // Dropping a tree this deep recurses in Rust's own drop glue: take it apart in a loop.
    let mut node = tree;
    loop {
        node = match node {
            Input::Object(mut m) => match m.pop() {
                Some((_, v)) => v,
                None => break,
            },
            Input::Array(mut a) => match a.pop() {
                Some(v) => v,
                None => break,
            },
            _ => break,
        };
    }
}

#[test]
fn numbers_a_host_cannot_represent_are_field_errors() {
    let r = Ruleset::bundled("zone-qualification").unwrap();
    for text in ["NaN", "Infinity", "-inf", "1e999999", "0.00000000000000000000000000001"] {
        let errors = r.validate_field("/quality/spot_check_pass_rate_pct", &Input::Number(text.into()));
        assert!(matches!(errors[0].code.as_str(), "not_finite" | "out_of_range"), "{text}: {errors:?}");
    }
}

#[test]
fn a_huge_unknown_key_gets_no_suggestion_but_a_short_typo_does() {
    let key = "z".repeat(1_000_000);
    let f = failure(format!(r#"{{"zone": {{}}, "{key}": 0}}"#).as_bytes());
    let unknown = f.errors.iter().find(|e| e.code == "unknown_field").unwrap();
    assert!(!unknown.params.contains_key("did_you_mean"), "no name is within reach of a 1 MiB key");
    let f = failure(br#"{"zone": {}, "qualty": {}}"#);
    let typo = f.errors.iter().find(|e| e.code == "unknown_field").unwrap();
    assert_eq!(typo.params["did_you_mean"], "quality");
}
