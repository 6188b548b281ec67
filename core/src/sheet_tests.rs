//! Unit tests of reading spreadsheet cells into submissions.

use super::*;
use crate::{Answer, Ruleset};

fn rules() -> Ruleset {
    Ruleset::bundled("zone-qualification").unwrap()
}

fn cells(pairs: &[(&str, Cell)]) -> Vec<(String, Cell)> {
    pairs.iter().map(|(p, c)| ((*p).to_owned(), c.clone())).collect()
}

#[test]
fn numbers_take_their_shortest_round_trip_text() {
    let r = rules().read_cells(&cells(&[
        ("quality.spot_check_pass_rate_pct", Cell::Number(94.6)),
        ("zone.assessment_year", Cell::Number(2013.0)),
        ("quality.standards_led.national", Cell::Number(6.0)),
    ]));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        r.submission.to_json(),
        r#"{"quality":{"spot_check_pass_rate_pct":94.6,"standards_led":{"national":6}},"zone":{"assessment_year":2013}}"#
    );
}

#[test]
fn a_float_halfway_between_two_shortest_texts_reads_as_the_even_one() {
    let tie = 135_257_678_481_216.0 + 0.625;
    let r = rules().read_cells(&cells(&[("organization.dedicated_budget_10k_cny", Cell::Number(tie))]));
    assert_eq!(r.submission.to_json(), r#"{"organization":{"dedicated_budget_10k_cny":135257678481216.62}}"#);
}

#[test]
fn text_is_read_leniently_and_empty_cells_are_missing() {
    let r = rules().read_cells(&cells(&[
        ("zone.industry", Cell::Text("阀门".into())),
        ("quality.spot_check_pass_rate_pct", Cell::Text("９４.６%".into())),
        ("organization.leading_group", Cell::Text("是".into())),
        ("industry.output_10k_cny", Cell::Text("1,180,000".into())),
        ("zone.town", Cell::Empty),
        ("zone.name", Cell::Text("  ".into())),
        ("organization.work_plan_issued", Cell::Bool(false)),
    ]));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        r.submission.to_json(),
        r#"{"zone":{"industry":"valves"},"quality":{"spot_check_pass_rate_pct":94.6},"organization":{"leading_group":true,"work_plan_issued":false},"industry":{"output_10k_cny":1180000}}"#
    );
}

#[test]
fn unreadable_cells_are_errors_by_path_and_left_out() {
    let r = rules().read_cells(&cells(&[
        ("quality.spot_check_pass_rate_pct", Cell::Text("九十".into())),
        ("quality.above_scale_firms", Cell::Bool(true)),
        ("zone.industry", Cell::Text("bananas".into())),
        ("quality.unlicensed_cases", Cell::Number(f64::NAN)),
    ]));
    let found: Vec<(&str, &str)> = r.errors.iter().map(|(p, e)| (p.as_str(), e.code.as_str())).collect();
    assert_eq!(
        found,
        [
            ("quality.spot_check_pass_rate_pct", "unreadable_text"),
            ("quality.above_scale_firms", "wrong_type"),
            ("zone.industry", "unreadable_text"),
            ("quality.unlicensed_cases", "not_finite"),
        ]
    );
    assert_eq!(r.errors.first().map(|(_, e)| e.path.as_str()), Some("/quality/spot_check_pass_rate_pct"));
    assert_eq!(r.submission.to_json(), "{}");
}

#[test]
fn a_number_as_a_host_writes_it_is_read_not_left_out() {
    let r = rules().read_cells(&cells(&[
        ("quality.spot_check_pass_rate_pct", Cell::Text("+94.6".into())),
        ("industry.output_10k_cny", Cell::Text("00052000".into())),
        ("quality.standards_led.national", Cell::Text(".5e1".into())),
    ]));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        r.submission.to_json(),
        r#"{"quality":{"spot_check_pass_rate_pct":94.6,"standards_led":{"national":0.5e1}},"industry":{"output_10k_cny":52000}}"#
    );
}

#[test]
fn a_number_in_an_enum_or_text_field_is_read_as_text() {
    let r = rules().read_cells(&cells(&[("zone.town", Cell::Number(12.0))]));
    assert_eq!(r.submission.to_json(), r#"{"zone":{"town":"12"}}"#);
}

#[test]
fn scoring_cells_equals_scoring_the_json() {
    let json = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
    let tree = crate::input::parse_json(json.as_bytes(), 1 << 20, 64).unwrap().value;
    let mut row = Vec::new();
    flatten("", &tree, &mut row);
    let rules = rules();
    let from_cells = rules.score_cells(&row).to_canonical_json();
    let from_json = rules.score_json(json);
    assert_eq!(from_cells, from_json);
}

#[test]
fn an_unreadable_required_cell_is_one_error_not_two() {
    let Answer::Failure(f) = rules().score_cells(&cells(&[("zone.assessment_year", Cell::Text("明年".into()))]))
    else {
        panic!("expected a failure")
    };
    let at_year: Vec<&str> =
        f.errors.iter().filter(|e| e.path == "/zone/assessment_year").map(|e| e.code.as_str()).collect();
    assert_eq!(at_year, ["unreadable_text"]);
    assert!(f.errors.iter().any(|e| e.code == "required" && e.path == "/zone/name"));
}

#[test]
fn a_row_with_unread_cells_is_answered_alike_by_every_question() {
    let json = include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json");
    let tree = crate::input::parse_json(json.as_bytes(), 1 << 20, 64).unwrap().value;
    let mut row = Vec::new();
    flatten("", &tree, &mut row);
    for (path, cell) in &mut row {
        match path.as_str() {
            "quality.spot_check_pass_rate_pct" => *cell = Cell::Text("9o.5".into()),
            "industry.output_10k_cny" => *cell = Cell::Number(-1.0),
            _ => {}
        }
    }
    let rules = rules();
    let reading = rules.read_cells(&row);
    let unread: Vec<FieldError> = reading.errors.iter().map(|(_, e)| e.clone()).collect();
    let cells = crate::Submission::Cells(&reading.submission, &unread);
    let Answer::Failure(f) = rules.score_cells(&row) else { panic!("expected a failure") };
    let found: Vec<(&str, &str)> = f.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
    // The unread cell is one error (no `required` beside it), with the tree's own.
    assert_eq!(
        found,
        [("/industry/output_10k_cny", "out_of_range"), ("/quality/spot_check_pass_rate_pct", "unreadable_text")]
    );
    let chosen = crate::Chosen::new(None, cells).unwrap();
    assert_eq!(chosen.ruleset.id(), "zone-qualification");
    assert_eq!(chosen.answer(), Answer::Failure(f.clone()));
    assert_eq!(rules.answer_to(cells), Answer::Failure(f.clone()));
    assert_eq!(rules.summary_of(cells).unwrap_err(), f);
    let crate::BoundsAnswer::Failure(b) = chosen.bounds() else { panic!("expected bounds to fail") };
    assert_eq!(b.errors, f.errors);
    // Bounds take missing fields: a required one left empty is no error of theirs.
    row.retain(|(path, _)| path != "zone.name");
    let reading = rules.read_cells(&row);
    let cells = crate::Submission::Cells(&reading.submission, &unread);
    let chosen = crate::Chosen::new(None, cells).unwrap();
    let Answer::Failure(f) = chosen.answer() else { panic!("expected a failure") };
    let crate::BoundsAnswer::Failure(b) = chosen.bounds() else { panic!("expected bounds to fail") };
    let required = |errors: &[FieldError]| errors.iter().filter(|e| e.code == "required").count();
    assert_eq!((required(&f.errors), required(&b.errors), b.errors.len()), (1, 0, f.errors.len() - 1));
    // With every cell read, it is the tree.
    let whole = crate::input::parse_json(json.as_bytes(), 1 << 20, 64).unwrap().value;
    assert_eq!(rules.answer_to(crate::Submission::Cells(&whole, &[])), rules.score(&whole));
}

#[test]
fn form_fields_follow_the_groups() {
    let rules = rules();
    let fields = rules.form_fields();
    assert_eq!(fields.len(), 60);
    let first = fields.first().unwrap();
    assert_eq!(
        (first.path.as_str(), first.group.as_ref().map(|g| g.zh.as_str())),
        ("zone.name", Some("示范区基本信息"))
    );
    let led = fields.iter().find(|f| f.path == "quality.standards_led.national").unwrap();
    assert_eq!(led.group.as_ref().map(|g| g.zh.as_str()), Some("C 质量水平"));
    assert_eq!(led.subgroup.as_ref().map(|g| g.zh.as_str()), Some("主导或参与制修订的标准"));
    let pct = fields.iter().find(|f| f.path == "quality.spot_check_pass_rate_pct").unwrap();
    assert_eq!(
        (pct.min.map(|d| d.to_string()), pct.max.map(|d| d.to_string())),
        (Some("0".into()), Some("100".into()))
    );
    let constraints = rules.form_constraints();
    assert_eq!(
        constraints.first().map(|c| (c.left.path.as_str(), c.right.path.as_str())),
        Some(("industry.output_10k_cny", "industry.town_industrial_output_10k_cny"))
    );
}

fn flatten(prefix: &str, node: &Input, out: &mut Vec<(String, Cell)>) {
    match node {
        Input::Object(members) => {
            for (k, v) in members {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&path, v, out);
            }
        }
        Input::Number(n) => out.push((prefix.to_owned(), Cell::Number(n.parse().unwrap()))),
        Input::String(s) => out.push((prefix.to_owned(), Cell::Text(s.clone()))),
        Input::Bool(b) => out.push((prefix.to_owned(), Cell::Bool(*b))),
        Input::Null | Input::Array(_) => out.push((prefix.to_owned(), Cell::Empty)),
    }
}
