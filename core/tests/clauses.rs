//! Every clause of the source document is accounted for: cited by a rule, or listed as
//! unscored with the reason; citations must name clauses of the outline.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "tests fail loudly")]

use zonescore::Ruleset;

#[test]
fn the_bundled_rulesets_account_for_every_clause() {
    for id in zonescore::bundled::IDS {
        let rules = Ruleset::bundled(id).unwrap();
        let coverage = rules.clause_coverage();
        assert_eq!(coverage.len(), 38, "{id}: the outline of 永政办发〔2011〕83号");
        let open: Vec<&str> = coverage.iter().filter(|c| c.unaccounted()).map(|c| c.id.as_str()).collect();
        assert!(open.is_empty(), "{id}: {open:?}");
        for c in coverage {
            assert!(c.number.is_some() && c.title.is_some(), "{id}: {}", c.id);
        }
    }
    let zq = Ruleset::bundled("zone-qualification").unwrap();
    let cited = |id: &str| zq.clause_coverage().iter().find(|c| c.id == id).unwrap().cited_by.clone();
    let ids: Vec<String> = cited("§2.2.a").into_iter().map(|c| format!("{} {}", c.kind, c.id)).collect();
    assert_eq!(ids, ["criterion B1", "gate G1"]);
    assert_eq!(cited("§3.2")[0].kind, "note", "the focus-industry note cites §3.2");
    assert_eq!(cited("§4.2")[0].id, "year_outside_effective_period", "the effective period cites §4.2");
    // A table of clauses names each in words, not by its kind's code.
    let names = |id: &str| cited(id).iter().map(|c| c.name().zh).collect::<Vec<_>>();
    assert_eq!(names("§2.1"), ["汇总目标"]);
    assert_eq!(names("§4.2"), ["提示 year_outside_effective_period"]);
    assert_eq!(names("§2.2.a"), ["B1", "G1"]);
    let aa = Ruleset::bundled("annual-assessment").unwrap();
    let basis = &aa.clause_coverage().iter().find(|c| c.id == "§4.3").unwrap().cited_by;
    assert_eq!(basis[0].kind, "ruleset", "the annual assessment rests on §4.3");
    assert_eq!(zq.clause_label("§5.2.3"), "§5.2.3（五（二）3）");
    assert_eq!(zq.clause_label("§9"), "§9");
}

const RULES: &str = r#"format_version = 1
final_score = { rounding = { places = 1, mode = "half_away_from_zero" } }

[ruleset]
id = "outline"
version = "1"
title = { zh = "条款", en = "Clauses" }
source = { document = "样例", title = { zh = "样例", en = "Sample" } }

[[fields]]
path = "s.a"
type = "bool"
label = { zh = "甲", en = "A" }

[[dimensions]]
id = "D"
title = { zh = "维", en = "Dim" }

[[dimensions.criteria]]
id = "K"
title = { zh = "一", en = "One" }
max = 1
clause = ["§1.2"]
basis = { kind = "set" }
parts = [{ kind = "flag", when = "s.a", points = 1 }]

[[grades]]
id = "A"
label = { zh = "好", en = "Good" }

[[outcomes]]
id = "ok"
label = { zh = "好", en = "Good" }
"#;

#[test]
fn without_an_outline_every_cited_clause_is_listed() {
    let rules = Ruleset::from_text(RULES, None, "outline.toml").unwrap();
    let coverage = rules.clause_coverage();
    assert_eq!((coverage.len(), coverage[0].id.as_str(), coverage[0].number.as_deref()), (1, "§1.2", None));
}

#[test]
fn an_outline_is_checked_against_the_citations() {
    let with = |outline: &str| format!("{RULES}\n{outline}");
    let good = with(
        r#"[[clauses]]
id = "§1.2"
number = "一（二）"

[[clauses]]
id = "§1.3"
number = "一（三）"
"#,
    );
    let rules = Ruleset::from_text(&good, None, "outline.toml").unwrap();
    let open: Vec<&str> = rules.clause_coverage().iter().filter(|c| c.unaccounted()).map(|c| c.id.as_str()).collect();
    assert_eq!(open, ["§1.3"], "neither cited nor explained");

    let bad = with(
        r#"[[clauses]]
id = "§1.3"
number = "一（三）"
unscored = { reason = "county_duty", note = { zh = "县的职责", en = "The county's duty" } }

[[clauses]]
id = "§1.3"
number = "一（三）"

[[clauses]]
id = "1.4"
number = "一（四）"
"#,
    )
    .replace("clause = [\"§1.2\"]", "clause = [\"§1.2\", \"§1.3\"]");
    let e = Ruleset::from_text(&bad, None, "outline.toml").unwrap_err();
    let found: Vec<(&str, &str)> = e.diagnostics.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            // In the order of the file: the criteria come before the outline.
            ("unknown_clause", "dimensions[0].criteria[0].clause[0]"),
            ("cited_and_unscored", "clauses[0].unscored"),
            ("duplicate_id", "clauses[1].id"),
            ("invalid_clause", "clauses[2].id"),
        ],
        "{e}"
    );
    let unknown = e.diagnostics.iter().find(|d| d.code == "unknown_clause").unwrap();
    assert_eq!(unknown.help.as_ref().map(|h| h.en.as_str()), Some("did you mean `§1.3`?"));
    // A citation that is no clause ID at all (`1.2`, the `§` left out) is said once, as such.
    let no_sign = with("[[clauses]]\nid = \"§1.2\"\nnumber = \"一（二）\"\n")
        .replace("clause = [\"§1.2\"]", "clause = [\"1.2\"]");
    let e = Ruleset::from_text(&no_sign, None, "outline.toml").unwrap_err();
    let found: Vec<(&str, &str)> = e.diagnostics.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
    assert_eq!(found, [("invalid_clause", "dimensions[0].criteria[0].clause[0]")], "{e}");
}

#[test]
fn a_criterion_gate_or_veto_cites_at_least_one_clause() {
    let rules = RULES.replace("clause = [\"§1.2\"]", "clause = []")
        + "\n[[gates]]\nid = \"G\"\ntitle = { zh = \"门\", en = \"Gate\" }\nclause = []\nbasis = { kind = \"set\" }\nwhen = \"s.a\"\n";
    let e = Ruleset::from_text(&rules, None, "outline.toml").unwrap_err();
    let found: Vec<(&str, &str)> = e.diagnostics.iter().map(|d| (d.code.as_str(), d.path.as_str())).collect();
    assert_eq!(found, [("no_clause", "dimensions[0].criteria[0].clause"), ("no_clause", "gates[0].clause")], "{e}");
    assert_eq!(e.diagnostics[0].message.zh, "指标 `K` 未引用任何条款");
    assert_eq!(e.diagnostics[1].message.en, "gate `G` cites no clause");
}
