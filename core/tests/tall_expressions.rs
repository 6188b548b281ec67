//! The tallest expressions a rule file may hold, and the longest chains of derived values,
//! compile, score, validate and answer what-if questions on an ordinary 2 MiB test thread,
//! unoptimised; one level more is a clear error.

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
        assert!(json.starts_with(r#"{"type":"success""#), "{detail:?}: {json}");
    }
    assert!(ruleset.validate_bytes(SUBMISSION.as_bytes()).errors.is_empty());
    let bounds = ruleset.bounds_json(r#"{"firm": {"name": "样例企业", "kind": "b"}}"#);
    assert!(bounds.starts_with(r#"{"type":"bounds""#), "{bounds}");
    let advice = ruleset.advise_json(SUBMISSION, None, 3);
    assert!(advice.starts_with(r#"{"type":"advice""#), "{advice}");
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

/// The sample ruleset with `derived` (TOML) added and a criterion S3 whose bands read `last`.
fn with_derived(derived: &str, last: &str) -> String {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/custom-ruleset/ruleset.toml"),
    )
    .unwrap();
    base.replacen("[[fields]]\npath = \"firm.points\"", &format!("{derived}[[fields]]\npath = \"firm.points\""), 1)
        .replacen(
            "[[grades]]",
            &format!(
                "[[dimensions.criteria]]\nid = \"S3\"\ntitle = {{ zh = \"链\", en = \"Chain\" }}\nmax = 10\n\
                 clause = [\"§3\"]\nbasis = {{ kind = \"set\" }}\nparts = [{{ kind = \"bands\", value = \"{last}\", \
                 bands = [{{ at_least = 100, points = 10 }}, {{ at_least = 1, points = 3 }}] }}]\n\n[[grades]]"
            ),
            1,
        )
}

fn derived(id: &str, value: &str) -> String {
    format!("[[derived]]\nid = \"{id}\"\nexpr = \"{value}\"\nlabel = {{ zh = \"{id}\", en = \"{id}\" }}\n\n")
}

/// A tall value, then `steps` values each adding 1 to the one before: with the values they
/// read written out, each stands two levels above the one before.
fn chain_of(steps: usize) -> String {
    let mut text = derived("d0", &chain("firm.score_a", " + ", MAX_EXPR_HEIGHT));
    for k in 1..=steps {
        text.push_str(&derived(&format!("d{k}"), &format!("d{} + 1", k - 1)));
    }
    with_derived(&text, &format!("d{steps}"))
}

/// Values each reading the one before twice: each holds twice the operations.
fn doubling(steps: usize) -> String {
    let mut text = derived("e0", "firm.score_a");
    for k in 1..=steps {
        text.push_str(&derived(&format!("e{k}"), &format!("e{} + e{}", k - 1, k - 1)));
    }
    with_derived(&text, &format!("e{steps}"))
}

#[test]
fn derived_values_that_read_one_another_are_bounded_as_the_what_if_walks_follow_them() {
    let half = r#"{"firm": {"name": "样例企业", "kind": "b"}}"#;
    // 128 + 2 × 192 = 512 levels, and 2^10 × 4 − 3 = 4,093 operations, are the most taken:
    // scored, and followed by bounds and advice on an ordinary thread.
    for (text, what) in [(chain_of(192), "chain"), (doubling(10), "doubling")] {
        let ruleset =
            Ruleset::from_text(&text, Some(RuleFormat::Toml), "chain.toml").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(matches!(ruleset.score_bytes(SUBMISSION.as_bytes()), Answer::Success(_)), "{what}");
        assert!(ruleset.bounds_json(half).starts_with(r#"{"type":"bounds""#), "{what}");
        assert!(ruleset.advise_json(half, None, 3).starts_with(r#"{"type":"advice""#), "{what}");
    }
    // One step more is refused at that value.
    let e = Ruleset::from_text(&chain_of(193), Some(RuleFormat::Toml), "chain.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.path.as_str()), ("expr_too_deep", "derived[194].expr"), "{e}");
    assert!(d.message.en.starts_with("with the derived values it reads written out"), "{e}");
    let e = Ruleset::from_text(&doubling(11), Some(RuleFormat::Toml), "doubling.toml").unwrap_err();
    let d = &e.diagnostics[0];
    assert_eq!((d.code.as_str(), d.path.as_str()), ("expr_too_long", "derived[12].expr"), "{e}");
    assert!(d.help.as_ref().is_some_and(|h| h.en.contains("`d * 2`")), "{e}");
}

#[test]
fn a_field_path_as_deep_as_a_submission_may_nest_is_taken_and_one_deeper_refused() {
    let path = |n: usize| vec!["g"; n - 1].join(".") + ".x";
    let rules = |n: usize| {
        with_derived("", "firm.score_a").replacen(
            "[[fields]]\npath = \"firm.points\"",
            &format!(
                "[[fields]]\npath = \"{}\"\ntype = \"integer\"\nlabel = {{ zh = \"深\", en = \"Deep\" }}\n\n\
                 [[fields]]\npath = \"firm.points\"",
                path(n)
            ),
            1,
        )
    };
    let deepest = zonescore::MAX_DEPTH;
    let ruleset = Ruleset::from_text(&rules(deepest), Some(RuleFormat::Toml), "deep.toml").unwrap();
    // The value 7 at that path, in a submission that nests exactly that deep.
    let (open, close) = ("\"g\": {".repeat(deepest - 1), "}".repeat(deepest - 1));
    let given = format!(
        r#"{{"firm": {{"name": "样例企业", "score_a": 2.25, "score_b": 7, "kind": "b"}}, {open}"x": 7{close}}}"#
    );
    let validation = ruleset.validate_bytes(given.as_bytes());
    assert!(validation.errors.is_empty(), "{:?}", validation.errors);
    let e = Ruleset::from_text(&rules(deepest + 1), Some(RuleFormat::Toml), "deep.toml").unwrap_err();
    assert_eq!(e.diagnostics[0].code.as_str(), "invalid_path", "{e}");
    assert!(e.diagnostics[0].message.en.contains(&format!("nests at most {deepest}")), "{e}");
}
