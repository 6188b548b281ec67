//! The tallest expressions a rule file may hold compile, score, validate and answer what-if
//! questions on an ordinary 2 MiB test thread, unoptimised; one level more is a clear error.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "tests fail loudly")]

use zonescore::expr::MAX_EXPR_HEIGHT;
use zonescore::{Answer, Detail, Lang, RuleFormat, Ruleset, ScoreOptions};

const SUBMISSION: &str = r#"{"firm": {"name": "样例企业", "score_a": 2.25, "score_b": 7, "kind": "b"}}"#;

/// `n` terms joined by `op`: a chain stands one level a term.
fn chain(term: &str, op: &str, n: usize) -> String {
    vec![term; n].join(op)
}

/// The sample ruleset with a tall expression in each place one may stand: a derived value, a
/// criterion's value, a veto's condition and an outcome's. `extra` levels are added to one of
/// them, `at` (0 to 3).
fn rules(extra: usize, at: usize) -> String {
    let height = |i: usize| MAX_EXPR_HEIGHT + if i == at { extra } else { 0 };
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/custom-ruleset/ruleset.toml"),
    )
    .unwrap();
    // A sum of fields; a criterion's sum of the derived value; `and` over comparisons, which
    // stand two levels each, so one term fewer.
    let derived = chain("firm.score_a", " + ", height(0));
    let value = chain("tall", " + ", height(1));
    let veto = chain("firm.score_b > 100", " and ", height(2) - 1);
    let outcome = chain("firm.score_b > 0", " and ", height(3) - 1);
    let text = base
        .replacen(
            "[[fields]]\npath = \"firm.points\"",
            &format!(
                "[[derived]]\nid = \"tall\"\nexpr = \"{derived}\"\nlabel = {{ zh = \"高\", en = \"Tall\" }}\n\n\
                 [[fields]]\npath = \"firm.points\""
            ),
            1,
        )
        .replacen(
            "[[grades]]",
            &format!(
                "[[dimensions.criteria]]\nid = \"S3\"\ntitle = {{ zh = \"高\", en = \"Tall\" }}\nmax = 10\n\
                 clause = [\"§3\"]\nbasis = {{ kind = \"set\" }}\nparts = [{{ kind = \"bands\", value = \"{value}\", \
                 bands = [{{ at_least = 100, points = 10 }}, {{ at_least = 1, points = 3 }}] }}]\n\n\
                 [[vetoes]]\nid = \"V1\"\ntitle = {{ zh = \"否\", en = \"Veto\" }}\nfires_when = \"{veto}\"\n\
                 clause = [\"§4\"]\nbasis = {{ kind = \"set\" }}\n\n[[grades]]"
            ),
            1,
        )
        .replacen("[[outcomes]]", &format!("[[outcomes]]\nid = \"tall\"\nwhen = \"{outcome}\"\nlabel = {{ zh = \"高\", en = \"Tall\" }}\n\n[[outcomes]]"), 1);
    text
}

#[test]
fn the_tallest_expressions_score_everywhere_on_an_ordinary_thread() {
    let ruleset = Ruleset::from_text(&rules(0, 0), Some(RuleFormat::Toml), "tall.toml").unwrap();
    let Answer::Success(report) = ruleset.score_bytes(SUBMISSION.as_bytes()) else { panic!("scored") };
    // 128 × 2.25 = 288 reaches the top band; 128 × 288 in the criterion too.
    let s3 = report.criteria.iter().find(|c| &*c.id == "S3").unwrap();
    assert_eq!(s3.points.to_string(), "10");
    assert_eq!(&*report.outcome, "tall");
    assert!(report.vetoes.iter().all(|v| !v.fired));
    for detail in [Detail::Numbers, Detail::Reasons, Detail::Full] {
        let json = ruleset.score_json_with(SUBMISSION, &ScoreOptions { detail, lang: Lang::Both });
        assert!(json.contains("\"final_score\""), "{detail:?}: {json}");
    }
    assert!(ruleset.validate_bytes(SUBMISSION.as_bytes()).errors.is_empty());
    let bounds = ruleset.bounds_json(r#"{"firm": {"name": "样例企业", "kind": "b"}}"#);
    assert!(bounds.contains("\"final_score\""), "{bounds}");
    let advice = ruleset.advise_json(SUBMISSION, None, 3);
    assert!(!advice.contains("\"error"), "{advice}");
}

#[test]
fn one_level_taller_is_refused_wherever_it_stands() {
    let places = ["derived[1].", "dimensions[0].criteria[2].parts[0].", "vetoes[0].", "outcomes[0]."];
    for (at, place) in places.iter().enumerate() {
        let e = Ruleset::from_text(&rules(1, at), Some(RuleFormat::Toml), "tall.toml").unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.code.as_str(), "expr_too_deep", "{place}: {e:?}");
        assert!(d.path.starts_with(place), "{place}: {}", d.path);
        assert_eq!(d.message.en, format!("expression stacks more than {MAX_EXPR_HEIGHT} operations"));
        assert!(d.line.is_some(), "{place}: placed at its line: {d:?}");
    }
}
