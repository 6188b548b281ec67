//! Rules change: `diff` of two rulesets and `replay` of the bundled examples (and boundary
//! probes) under the bundled zone-qualification rules and a revision of them
//! (`rules/fixtures/zone-qualification-revised.toml`: C1's top band from 95 to 96, C2
//! re-weighted from 6 to 8 points, veto V4 added), with every expected change worked out by
//! hand from criteria.md and the examples.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use zonescore::input::{parse_json, Input};
use zonescore::{diff, Change, Impact, ProbeBase, ReplayCase, RuleItem, Ruleset, Stored};

mod renames;

/// A decimal as the answer writes it.
fn text(d: Option<rust_decimal::Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bundled() -> Ruleset {
    Ruleset::bundled("zone-qualification").unwrap()
}

fn revised() -> Ruleset {
    Ruleset::from_path(repo().join("rules/fixtures/zone-qualification-revised.toml")).unwrap()
}

fn read(path: &Path) -> Input {
    parse_json(&std::fs::read(path).unwrap(), 1 << 20, 64).unwrap().value
}

/// Replays trees, with probes on `base` when given.
fn replay(old: &Ruleset, new: &Ruleset, inputs: &[Input], names: &[String], base: Option<&Input>) -> zonescore::Replay {
    let stored: Vec<Stored> = inputs.iter().cloned().map(Stored::Tree).collect();
    let probes = base.map_or(ProbeBase::None, |b| ProbeBase::Given(Stored::Tree(b.clone())));
    zonescore::replay(old, new, &stored, names, &probes).unwrap()
}

/// The bundled zone-qualification examples, sorted, with their file names.
fn examples() -> (Vec<Input>, Vec<String>) {
    let dir = repo().join("rules/examples/zone-qualification");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let names = paths.iter().map(|p| p.file_stem().unwrap().to_string_lossy().into_owned()).collect();
    (paths.iter().map(|p| read(p)).collect(), names)
}

#[test]
fn a_ruleset_against_itself_has_no_change() {
    let d = diff(&bundled(), &bundled());
    assert!(d.same);
    assert!(d.changes.is_empty());
    assert_eq!(d.old, d.new);
}

#[test]
fn the_revision_shows_its_three_rule_changes_and_its_version() {
    let d = diff(&bundled(), &revised());
    assert!(!d.same);
    let found: Vec<(Impact, Change, RuleItem, &str, Option<&str>)> =
        d.changes.iter().map(|c| (c.impact, c.change, c.item, c.id.as_str(), c.aspect.as_deref())).collect();
    assert_eq!(
        found,
        vec![
            (Impact::Score, Change::Changed, RuleItem::Criterion, "C1", Some("parts[0].bands")),
            (Impact::Score, Change::Changed, RuleItem::Criterion, "C2", Some("max")),
            (Impact::Score, Change::Changed, RuleItem::Criterion, "C2", Some("parts[0].bands")),
            (Impact::Score, Change::Added, RuleItem::Veto, "V4", None),
            (Impact::Wording, Change::Changed, RuleItem::Ruleset, "zone-qualification", Some("version")),
        ]
    );
    let c1 = &d.changes[0];
    assert_eq!(c1.old_text.zh, "≥95得10分；≥94得8分；≥92得6分；≥90得3分");
    assert_eq!(c1.new_text.en, "≥96: 10; ≥94: 8; ≥92: 6; ≥90: 3");
    assert_eq!(c1.clause, ["§2.2.d", "§2.4"]);
    assert_eq!(d.changes[1].message.zh, "评分项「C2 采标率」分值：6 → 8");
    assert_eq!(
        d.changes[3].message.en,
        "veto V4 (Spot-check pass rate below 92%) added: quality.spot_check_pass_rate_pct < 92"
    );
    assert_eq!((d.counts.score, d.counts.validity, d.counts.report, d.counts.wording), (4, 0, 0, 1));
    // What changed, as a memo's column names it: the key, or the whole item added.
    assert_eq!(d.changes[1].what(), d.changes[1].aspect_label.clone().unwrap());
    assert_eq!(d.changes[1].what().zh, "分值");
    assert_eq!((d.changes[3].what().zh, d.changes[3].what().en), ("新增".into(), "added".into()));
    assert_eq!(Impact::ALL.iter().filter(|i| d.of(**i).next().is_some()).count(), 2);
}

#[test]
fn decimals_spelled_otherwise_are_no_change() {
    let text = std::fs::read_to_string(repo().join("rules/zone-qualification.toml")).unwrap();
    let respelled = text.replacen("{ at_least = 95, points = 10 }", "{ at_least = \"95.00\", points = \"10.0\" }", 1);
    assert_ne!(text, respelled);
    let other = Ruleset::from_text(&respelled, None, "respelled.toml").unwrap();
    assert_ne!(other.digest(), bundled().digest(), "the text differs, so the digest does");
    assert!(diff(&bundled(), &other).same);
}

#[test]
fn field_changes_are_about_validity_and_labels_about_wording() {
    let text = std::fs::read_to_string(repo().join("rules/zone-qualification.toml")).unwrap();
    let edited = text
        .replacen(
            "path = \"quality.spot_check_pass_rate_pct\"\ntype = \"percent\"",
            "path = \"quality.spot_check_pass_rate_pct\"\ntype = \"percent\"\nrequired = true",
            1,
        )
        .replacen(
            "title = { zh = \"采标率\", en = \"Standard adoption\" }",
            "title = { zh = \"采用国际标准率\", en = \"Standard adoption\" }",
            1,
        );
    let edited = Ruleset::from_text(&edited, None, "edited.toml").unwrap();
    let d = diff(&bundled(), &edited);
    let found: Vec<(Impact, &str, Option<&str>)> =
        d.changes.iter().map(|c| (c.impact, c.id.as_str(), c.aspect.as_deref())).collect();
    assert_eq!(
        found,
        vec![
            (Impact::Validity, "quality.spot_check_pass_rate_pct", Some("required")),
            (Impact::Wording, "C2", Some("title")),
        ]
    );
}

/// Example, old score, new score, old grade, new grade, criteria moved.
type Expected = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static [&'static str]);

const EXPECTED: [Expected; 10] = [
    // C2 42% stays in the 40 band: 4 → 5 points; 81 of 102 = 79.41 → 79.4, B → C.
    ("dongcheng-hardware-ornaments-2012-ineligible", "80.0", "79.4", "B", "C", &["C2"]),
    // C2 55%: 6 → 8; (89 + 2) of 102 = 89.2 + bonus 1 = 90.2; vetoed (V1) under both: D.
    ("huangtian-leather-shoes-2013-vetoed", "90.0", "90.2", "D", "D", &["C2"]),
    // C2 51.3%: 4 → 5; 89 of 102 = 87.25 + bonus 3 = 90.25 → 90.3.
    ("oubei-valves-2013", "91.0", "90.3", "A", "A", &["C2"]),
    // C1 95.4 falls below the new 96: 10 → 8; C2 54.1%: 6 → 8; 97 of 102 + 5 is still capped at 100.
    ("oubei-valves-2016", "100.0", "100.0", "A", "A", &["C1", "C2"]),
    // C2 missing: 0 under both; 56.5 of 102 = 55.39 → 55.4.
    ("qiaotou-buttons-zippers-2011", "56.5", "55.4", "D", "D", &[]),
    // C2 47%: 4 → 5; 92 of 102 = 90.196 → 90.2.
    ("qiaotou-buttons-zippers-2015", "91.0", "90.2", "A", "A", &["C2"]),
    // C2 31.5% keeps 2; 67 of 102 = 65.69 → 65.7; spot check 91.8 < 92 fires V4: D.
    ("qiaoxia-educational-toys-2012", "67.0", "65.7", "C", "D", &[]),
    // C2 38% keeps 2; 89 of 102 = 87.25 → 87.3.
    ("qiaoxia-educational-toys-2014", "89.0", "87.3", "B", "B", &[]),
    // C1 96.5 stays at 10; C2 45%: 4 → 5; 85.5 of 105 = 81.43 + bonus 2 = 83.4.
    ("wuniu-early-tea-2014", "84.0", "83.4", "B", "B", &["C2"]),
    // C1 95.2: 10 → 8; C2 41%: 4 → 5; 83 of 108 = 76.85 → 76.9.
    ("yantou-nanxi-agrifood-2015", "79.2", "76.9", "C", "C", &["C1", "C2"]),
];

#[test]
fn replaying_the_examples_gives_the_changes_worked_out_by_hand() {
    let (inputs, names) = examples();
    let r = replay(&bundled(), &revised(), &inputs, &names, None);
    assert!(r.probes.is_none());
    let s = &r.submissions;
    assert_eq!(s.count, 10);
    for (name, old, new, old_grade, new_grade, moved) in EXPECTED {
        let case: &ReplayCase = s.cases.iter().find(|c| c.source == name).unwrap();
        assert_eq!(text(case.old.final_score), Some(old.to_owned()), "{name}");
        assert_eq!(text(case.new.final_score), Some(new.to_owned()), "{name}");
        assert_eq!(
            (case.old.grade.as_deref(), case.new.grade.as_deref()),
            (Some(old_grade), Some(new_grade)),
            "{name}"
        );
        let ids: Vec<&str> = case.moved.iter().map(|m| m.criterion.as_str()).collect();
        assert_eq!(ids, moved, "{name}");
        assert!(case.changed, "{name}: every example moves under the revision");
    }
    assert_eq!((s.changed, s.score_changed, s.grade_changed, s.outcome_changed), (10, 9, 2, 0));
    assert_eq!((s.valid_in_old_only, s.valid_in_new_only, s.invalid_in_both), (0, 0, 0));
    let moves: Vec<(Option<&str>, Option<&str>, usize)> = s
        .grade_transitions
        .iter()
        .filter(|t| t.from != t.to)
        .map(|t| (t.from.as_deref(), t.to.as_deref(), t.count))
        .collect();
    assert_eq!(moves, vec![(Some("B"), Some("C"), 1), (Some("C"), Some("D"), 1)]);
    assert_eq!(s.grades, ["A", "B", "C", "D"]);
    let total: usize = s.grade_transitions.iter().map(|t| t.count).sum();
    assert_eq!(total, 10);
    let deltas: Vec<(&str, usize)> = s.deltas.iter().map(|d| (d.value.as_str(), d.count)).collect();
    assert_eq!(
        deltas,
        vec![
            ("-2.3", 1),
            ("-1.7", 1),
            ("-1.3", 1),
            ("-1.1", 1),
            ("-0.8", 1),
            ("-0.7", 1),
            ("-0.6", 2),
            ("0.0", 1),
            ("0.2", 1)
        ]
    );
    let c1 = s.cases.iter().find(|c| c.source == "oubei-valves-2016").unwrap();
    assert_eq!((text(c1.moved[0].old), text(c1.moved[0].new)), (Some("10".into()), Some("8".into())));
    // What moved besides points: C2's 6 → 8 raises every applicable maximum, and the new
    // veto V4 fires for qiaoxia 2012 (91.8 < 92) and for no one else.
    assert_eq!((text(c1.old.applicable_max), text(c1.new.applicable_max)), (Some("100".into()), Some("102".into())));
    let vetoed: Vec<&str> = s.cases.iter().filter(|c| !c.checks.is_empty()).map(|c| c.source.as_str()).collect();
    assert_eq!(vetoed, ["qiaoxia-educational-toys-2012"]);
    let case = s.cases.iter().find(|c| c.source == "qiaoxia-educational-toys-2012").unwrap();
    let check = &case.checks[0];
    assert_eq!((check.id.as_str(), check.kind.as_str(), check.old, check.new), ("V4", "veto", None, Some(true)));
    let said: Vec<&str> = case.also_moved.iter().map(|t| t.zh.as_str()).collect();
    assert_eq!(said, ["应得分 100→102", "V4 触发否决"]);
    // The same rules: nothing else moves.
    let same = replay(&bundled(), &bundled(), &inputs, &names, None);
    assert!(same.submissions.cases.iter().all(|c| c.checks.is_empty() && c.also_moved.is_empty()));
}

#[test]
fn replay_under_the_same_rules_changes_nothing() {
    let (inputs, names) = examples();
    let r = replay(&bundled(), &bundled(), &inputs, &names, Some(&inputs[2]));
    assert!(!r.any_change());
    assert!(r.submissions.cases.iter().all(|c| !c.changed && c.moved.is_empty()));
    assert_eq!(r.submissions.deltas.len(), 1, "every delta is zero");
}

#[test]
fn submissions_valid_under_one_ruleset_only_are_counted_with_their_errors() {
    let text = std::fs::read_to_string(repo().join("rules/zone-qualification.toml")).unwrap();
    // Standard adoption becomes required: the 2011 buttons-and-zippers example lacks it.
    let stricter = text.replacen(
        "path = \"quality.standard_adoption_rate_pct\"\ntype = \"percent\"",
        "path = \"quality.standard_adoption_rate_pct\"\ntype = \"percent\"\nrequired = true",
        1,
    );
    assert_ne!(stricter, text);
    let stricter = Ruleset::from_text(&stricter, None, "stricter.toml").unwrap();
    let (mut inputs, mut names) = examples();
    inputs.push(Input::Array(Vec::new()));
    names.push("not-an-object".into());
    let r = replay(&bundled(), &stricter, &inputs, &names, None);
    let s = &r.submissions;
    assert_eq!((s.valid_in_old_only, s.valid_in_new_only, s.invalid_in_both), (1, 0, 1));
    let lost = s.cases.iter().find(|c| c.source == "qiaotou-buttons-zippers-2011").unwrap();
    assert!(lost.changed && lost.old.valid && !lost.new.valid && lost.delta.is_none());
    assert_eq!(lost.new.errors[0].code, "required");
    assert_eq!(lost.new.errors[0].path, "/quality/standard_adoption_rate_pct");
    let broken = s.cases.iter().find(|c| c.source == "not-an-object").unwrap();
    assert!(!broken.changed, "invalid under both in the same way is no change");
    assert!(s.grade_transitions.iter().any(|t| t.from.as_deref() == Some("D") && t.to.is_none() && t.count == 1));
}

#[test]
fn boundary_probes_find_the_moved_band_and_the_new_veto() {
    let (inputs, names) = examples();
    let base = read(&repo().join("rules/examples/zone-qualification/oubei-valves-2013.json"));
    let r = replay(&bundled(), &revised(), &inputs, &names, Some(&base));
    let p = r.probes.as_ref().unwrap();
    let probe = |rule: &str, rules: &str, value: &str| {
        p.cases
            .iter()
            .find(|c| c.probe.as_ref().is_some_and(|x| x.rule == rule && x.rules == rules && x.value == value))
            .unwrap_or_else(|| panic!("no probe {rule} {rules} {value}"))
    };
    // The new edge of C1: 95.9 earns 10 under the old rules, 8 under the new.
    let c = probe("C1", "new", "95.9");
    assert_eq!(c.probe.as_ref().unwrap().field, "/quality/spot_check_pass_rate_pct");
    assert_eq!(c.probe.as_ref().unwrap().position, "below");
    let c1 = c.moved.iter().find(|m| m.criterion == "C1").unwrap();
    assert_eq!((text(c1.old), text(c1.new)), (Some("10".into()), Some("8".into())));
    // At 96 both rules give C1 its 10 points.
    assert!(probe("C1", "new", "96").moved.iter().all(|m| m.criterion != "C1"));
    // The new veto: 91.9 is vetoed under the new rules only, 92 under neither.
    // (Under the old rules C1 gives 91.9 its 3 points: 91 − 8 + 3 = 86, a B.)
    let v = probe("V4", "new", "91.9");
    assert_eq!((v.old.grade.as_deref(), v.new.grade.as_deref()), (Some("B"), Some("D")));
    assert_eq!(v.new.outcome.as_deref(), Some("not_named"));
    let v = probe("V4", "new", "92");
    assert_eq!(v.new.grade.as_deref(), Some("B"));
    // A derived value's threshold is found along a field it reads: 30% agglomeration.
    let b2 = p.cases.iter().filter_map(|c| c.probe.as_ref()).find(|x| x.rule == "B2" && x.position == "at").unwrap();
    assert_eq!(b2.field, "/industry/output_10k_cny");
    // The grade edge of 90 is probed; the edge of 60 is out of reach of the search from a
    // zone scoring 91 and is said so.
    assert!(p.cases.iter().any(|c| c.probe.as_ref().is_some_and(|x| x.rule == "A" && x.position == "at")));
    assert!(p.unreached.iter().any(|u| u.rule == "C" && u.threshold.en == "final score ≥ 60"));
}

#[test]
fn changed_cases_become_ruleset_tests_that_pass_under_the_new_rules() {
    let (inputs, names) = examples();
    let r = replay(&bundled(), &revised(), &inputs, &names, Some(&inputs[2]));
    let rules = repo().join("rules/fixtures/zone-qualification-revised.toml");
    let stored: Vec<Stored> = inputs.iter().cloned().map(Stored::Tree).collect();
    let tests = zonescore::tests_from_replay(&r, &revised(), &stored, Some(&inputs[2]), rules.to_str().unwrap());
    let path = std::env::temp_dir().join(format!("zonescore-replay-{}.tests.toml", std::process::id()));
    std::fs::write(&path, &tests.text).unwrap();
    let run = zonescore::ruletest::run_file(&path, None).unwrap();
    // And under the old rules they fail, which is what they are for.
    let under_old = zonescore::ruletest::run_file(&path, Some(&bundled())).unwrap();
    let _ = std::fs::remove_file(&path);
    let changed = r.submissions.changed + r.probes.as_ref().unwrap().changed;
    assert_eq!(run.cases.len(), changed);
    assert_eq!(tests.cases, changed, "the count it gives is the cases it wrote");
    // Without a base the probes cannot be rebuilt: left out, and not counted.
    let bare = zonescore::tests_from_replay(&r, &revised(), &stored, None, rules.to_str().unwrap());
    assert_eq!(bare.cases, r.submissions.changed);
    assert_eq!(run.failed(), 0, "{:?}", run.cases.iter().find(|c| !c.failures.is_empty()));
    assert_eq!(under_old.failed(), changed);
}

#[test]
fn a_tree_is_written_back_as_the_json_it_came_from() {
    let text = r#"{"zone":{"name":"瓯北\"阀门\"","year":2013,"rate":94.60,"tags":[true,null]}}"#;
    let mut input = parse_json(text.as_bytes(), 1024, 8).unwrap().value;
    assert_eq!(input.to_json(), text);
    input.set("zone.rate", Some(Input::Number("95".into())));
    input.set("zone.year", None);
    input.set("quality.new.deep", Some(Input::Bool(false)));
    assert_eq!(
        input.to_json(),
        r#"{"zone":{"name":"瓯北\"阀门\"","rate":95,"tags":[true,null]},"quality":{"new":{"deep":false}}}"#
    );
}

#[test]
fn the_probe_base_is_the_first_valid_submission_or_a_given_one_valid_somewhere() {
    let (inputs, _) = examples();
    let mut stored = vec![Stored::Text(b"{\"zone\": ".to_vec()), Stored::Refused(Vec::new())];
    stored.extend(inputs.iter().cloned().map(Stored::Tree));
    let base = ProbeBase::FirstValid.choose(&bundled(), &revised(), &stored).unwrap();
    // The first the old rules accept with every gate passed and no veto fired: the examples
    // before it fail a gate (dongcheng) and fire a veto (huangtian).
    let eligible = |input: &Input| match bundled().score(input) {
        zonescore::Answer::Success(r) => {
            !r.gates.iter().any(zonescore::Check::against) && !r.vetoes.iter().any(zonescore::Check::against)
        }
        zonescore::Answer::Failure(_) => false,
    };
    let first = inputs.iter().position(eligible).unwrap();
    assert!(first >= 2, "the examples begin with an ineligible and a vetoed zone");
    assert_eq!(base.as_ref(), Some(&inputs[first]), "the first eligible one");
    assert_eq!(ProbeBase::first_valid(&bundled(), &revised(), &stored), Some(first + 2));
    // Where none is eligible, the first that the old rules accept.
    let ineligible: Vec<Stored> = inputs[..first].iter().cloned().map(Stored::Tree).collect();
    let base = ProbeBase::FirstValid.choose(&bundled(), &revised(), &ineligible).unwrap();
    assert_eq!(base.as_ref(), Some(&inputs[0]), "the first that the old rules accept");
    let broken = ProbeBase::FirstValid.choose(&bundled(), &revised(), &stored[..2]);
    assert_eq!(broken, Err(zonescore::ProbeBaseError::NoneValid));
    let annual = read(&repo().join("rules/examples/annual-assessment/oubei-2011.json"));
    let given = ProbeBase::Given(Stored::Tree(annual)).choose(&bundled(), &revised(), &[]);
    assert!(matches!(given, Err(zonescore::ProbeBaseError::Invalid(f)) if f.errors[0].code == "unknown_field"));
    assert_eq!(ProbeBase::None.choose(&bundled(), &revised(), &stored), Ok(None));
}

#[test]
fn the_probe_base_is_one_both_rulesets_accept_before_one_the_new_rules_refuse() {
    // New rules that refuse every zone assessed after 2012: a base of 2013 would leave every
    // probe valid under the old rules only, and no threshold reached.
    let text = std::fs::read_to_string(repo().join("rules/zone-qualification.toml")).unwrap();
    let year = "path = \"zone.assessment_year\"";
    let at = text.find(year).unwrap();
    let max = at + text[at..].find("max = 2100").unwrap();
    let stricter = format!("{}max = 2012{}", &text[..max], &text[max + "max = 2100".len()..]);
    let new =
        Ruleset::from_text(&stricter.replacen("version = \"2011.1\"", "version = \"2012\"", 1), None, "new").unwrap();
    let (inputs, names) = examples();
    let stored: Vec<Stored> = inputs.iter().cloned().map(Stored::Tree).collect();
    let at = ProbeBase::first_valid(&bundled(), &new, &stored).unwrap();
    assert!(new.validate(&inputs[at]).valid && bundled().validate(&inputs[at]).valid, "{}", names[at]);
    let before = ProbeBase::first_valid(&bundled(), &bundled(), &stored).unwrap();
    assert!(!new.validate(&inputs[before]).valid, "{} is refused by the new rules", names[before]);
    assert!(at > before, "{} comes after {}", names[at], names[before]);
    // Of those both accept, the first with every gate passed and no veto fired.
    assert_eq!(names[at], "qiaotou-buttons-zippers-2011");
}
