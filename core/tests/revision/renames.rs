//! Renames in `diff` and `replay`: an item given a new id (a field a new path) and nothing
//! else is one change, renumbering included, and replay matches it by what it is.

use super::{bundled, examples, replay, repo, text};
use zonescore::{diff, Change, Impact, RuleItem, Ruleset};

/// A change's old and new id when it is a rename.
type Renamed<'a> = Option<(&'a str, &'a str)>;

/// The bundled rules' text edited by `edit`.
fn edited(edit: impl Fn(String) -> String) -> Ruleset {
    let text = std::fs::read_to_string(repo().join("rules/zone-qualification.toml")).unwrap();
    Ruleset::from_text(&edit(text), None, "edited.toml").unwrap()
}

/// The bundled zone-qualification rules with C7, gate G1 and veto V1 given other ids, and
/// `edit` applied to the text besides.
fn renamed(edit: impl Fn(String) -> String) -> Ruleset {
    edited(|text| {
        let text = text.replacen("id = \"C7\"", "id = \"C8\"", 1).replacen("id = \"G1\"", "id = \"G9\"", 1);
        edit(text.replacen("id = \"V1\"", "id = \"V9\"", 1))
    })
}

#[test]
fn an_item_renamed_and_nothing_else_is_one_change_of_its_id() {
    let d = diff(&bundled(), &renamed(|t| t));
    let found: Vec<(Impact, Change, RuleItem, &str, Renamed<'_>)> =
        d.changes.iter().map(|c| (c.impact, c.change, c.item, c.id.as_str(), c.renamed())).collect();
    assert_eq!(
        found,
        vec![
            (Impact::Wording, Change::Changed, RuleItem::Gate, "G9", Some(("G1", "G9"))),
            (Impact::Wording, Change::Changed, RuleItem::Criterion, "C8", Some(("C7", "C8"))),
            (Impact::Wording, Change::Changed, RuleItem::Veto, "V9", Some(("V1", "V9"))),
        ]
    );
    let c7 = &d.changes[1];
    assert_eq!((c7.aspect.as_deref(), c7.what().zh.as_str(), c7.what().en.as_str()), (Some("id"), "编号", "id"));
    assert_eq!(c7.message.zh, "评分项「C7 食品安全」编号改为 C8，内容不变");
    assert_eq!(c7.message.en, "criterion C7 (Food safety) renamed to C8, its content unchanged");
    assert_eq!((c7.old_text.en.as_str(), c7.new_text.en.as_str()), ("C7", "C8"));
}

/// The bundled rules with C6 left out and C7 renumbered C6, as a revised document numbers them.
fn renumbered() -> Ruleset {
    edited(|text| {
        let start = text.find("[[dimensions.criteria]]\nid = \"C6\"").unwrap();
        let end = text.find("[[dimensions.criteria]]\nid = \"C7\"").unwrap();
        format!("{}{}", &text[..start], text[end..].replacen("id = \"C7\"", "id = \"C6\"", 1))
    })
}

#[test]
fn a_criterion_renumbered_once_one_before_it_is_gone_is_renamed() {
    let d = diff(&bundled(), &renumbered());
    let found: Vec<(Impact, Change, &str, Renamed<'_>)> =
        d.changes.iter().map(|c| (c.impact, c.change, c.id.as_str(), c.renamed())).collect();
    // Not C6 changed in every key and C7 removed.
    assert_eq!(
        found,
        [(Impact::Score, Change::Removed, "C6", None), (Impact::Wording, Change::Changed, "C6", Some(("C7", "C6")))]
    );
    // Replay: C6's points are gone where it applied; C7's, now C6's, did not move.
    let (inputs, names) = examples();
    let r = replay(&bundled(), &renumbered(), &inputs, &names, None);
    let moved: Vec<(&str, Option<String>, Option<String>)> = r
        .submissions
        .cases
        .iter()
        .flat_map(|c| &c.moved)
        .map(|m| (m.criterion.as_str(), text(m.old), text(m.new)))
        .collect();
    assert!(!moved.is_empty());
    assert!(moved.iter().all(|(id, _, new)| *id == "C6" && new.is_none()), "{moved:?}");
}

#[test]
fn another_ruleset_id_is_a_change_of_the_ruleset_not_a_rename() {
    let annual = Ruleset::bundled("annual-assessment").unwrap();
    let d = diff(&bundled(), &annual);
    let id = d.changes.iter().find(|c| c.item == RuleItem::Ruleset && c.aspect.as_deref() == Some("id")).unwrap();
    assert_eq!(id.renamed(), None);
    assert!(!id.message.en.contains("content unchanged"), "{}", id.message.en);
    assert!(d.changes.iter().any(|c| c.item == RuleItem::Ruleset && c.aspect.as_deref() == Some("title")));
}

#[test]
fn a_dimension_renamed_keeps_its_criteria_where_they_were() {
    let renamed = edited(|text| {
        let at = text.find("[[dimensions]]\nid = \"C\"").unwrap();
        format!("{}{}", &text[..at], text[at..].replacen("id = \"C\"", "id = \"P\"", 1))
    });
    let d = diff(&bundled(), &renamed);
    let found: Vec<(Impact, RuleItem, Renamed<'_>)> =
        d.changes.iter().map(|c| (c.impact, c.item, c.renamed())).collect();
    // Not seven criteria moved from dimension C to P, each of which could change a score.
    assert_eq!(found, [(Impact::Wording, RuleItem::Dimension, Some(("C", "P")))]);
}

#[test]
fn a_field_renamed_is_one_change_and_the_rules_that_read_it_follow_it() {
    let path = |t: String| t.replace("food_spot_check_pass_rate_pct", "food_spot_pct");
    let was = ("quality.food_spot_check_pass_rate_pct", "quality.food_spot_pct");
    // C7 reads the field by its new path: the same rule, no change of its own.
    let d = diff(&bundled(), &edited(path));
    let found: Vec<(Impact, RuleItem, Renamed<'_>)> =
        d.changes.iter().map(|c| (c.impact, c.item, c.renamed())).collect();
    assert_eq!(found, [(Impact::Validity, RuleItem::Field, Some(was))]);
    assert_eq!(d.changes[0].what().zh, "路径");
    // C7 renamed besides: a rename of its own.
    let d = diff(&bundled(), &renamed(path));
    let c8 = d.changes.iter().find(|c| c.item == RuleItem::Criterion).unwrap();
    assert_eq!(c8.renamed(), Some(("C7", "C8")));
    // C7 edited besides: the edit, not the path it reads.
    let d = diff(&bundled(), &edited(|t| path(t).replacen("at_least = 98", "at_least = 97", 1)));
    let found: Vec<(&str, Option<&str>)> = d.changes.iter().map(|c| (c.id.as_str(), c.aspect.as_deref())).collect();
    assert_eq!(found, [("C7", Some("parts[0].bands")), ("quality.food_spot_pct", Some("path"))]);
}

#[test]
fn a_derived_value_renamed_is_one_change_and_the_rules_that_read_it_follow_it() {
    let d = diff(&bundled(), &edited(|t| t.replace("agglomeration_pct", "cluster_share_pct")));
    let found: Vec<(RuleItem, Renamed<'_>)> = d.changes.iter().map(|c| (c.item, c.renamed())).collect();
    assert_eq!(found, [(RuleItem::Derived, Some(("agglomeration_pct", "cluster_share_pct")))]);
}

#[test]
fn a_rename_with_another_edit_stays_a_removal_and_an_addition() {
    let edited = renamed(|t| t.replacen("title = { zh = \"食品安全\"", "title = { zh = \"食品质量安全\"", 1));
    let d = diff(&bundled(), &edited);
    let criteria: Vec<(Change, &str, Renamed<'_>)> = d
        .changes
        .iter()
        .filter(|c| c.item == RuleItem::Criterion)
        .map(|c| (c.change, c.id.as_str(), c.renamed()))
        .collect();
    assert_eq!(criteria, [(Change::Removed, "C7", None), (Change::Added, "C8", None)]);
    assert_eq!(d.counts.wording, 2, "the gate and the veto are still renames");
}

#[test]
fn replay_matches_a_renamed_criterion_gate_and_veto_by_what_they_are() {
    let (inputs, names) = examples();
    let old = bundled();
    // The renamed rules must make a difference to some example, or this test proves nothing:
    // C7 earns points, G1 fails and V1 fires somewhere.
    let c7 = old.criterion_ids().iter().position(|id| *id == "C7").unwrap();
    let summaries: Vec<_> = inputs.iter().filter_map(|i| old.score_summary(i).ok()).collect();
    assert!(summaries.iter().any(|s| !s.points[c7].is_zero()));
    assert!(summaries.iter().any(|s| !s.gates[0]) && summaries.iter().any(|s| s.vetoes[0]));
    let r = replay(&old, &renamed(|t| t), &inputs, &names, inputs.first());
    assert_eq!(r.submissions.changed, 0, "{:#?}", r.submissions.cases.iter().find(|c| c.changed));
    // The probes of a renamed rule's thresholds are made once, for both rulesets.
    let probes = r.probes.unwrap();
    assert_eq!(probes.changed, 0);
    assert!(probes.cases.iter().all(|c| c.probe.as_ref().unwrap().rules == "both"));
    assert!(probes.cases.iter().any(|c| c.probe.as_ref().unwrap().rule == "C8"));
    // An edit besides the rename makes C7 another criterion: its points move from C7 to C8.
    let edited = renamed(|t| t.replacen("title = { zh = \"食品安全\"", "title = { zh = \"食品质量安全\"", 1));
    let r = replay(&old, &edited, &inputs, &names, None);
    let moved: Vec<&str> = r.submissions.cases.iter().flat_map(|c| &c.moved).map(|m| m.criterion.as_str()).collect();
    assert!(moved.contains(&"C7") && moved.contains(&"C8"), "{moved:?}");
}

#[test]
fn two_ids_swapped_in_place_are_two_renames_and_no_change_of_order() {
    let d = diff(
        &bundled(),
        &edited(|t| {
            t.replacen("id = \"G1\"", "id = \"Gx\"", 1).replacen("id = \"G2\"", "id = \"G1\"", 1).replacen(
                "id = \"Gx\"",
                "id = \"G2\"",
                1,
            )
        }),
    );
    let found: Vec<(&str, Option<&str>, Renamed<'_>)> =
        d.changes.iter().map(|c| (c.id.as_str(), c.aspect.as_deref(), c.renamed())).collect();
    assert_eq!(found, [("G2", Some("id"), Some(("G1", "G2"))), ("G1", Some("id"), Some(("G2", "G1")))]);
}

#[test]
fn an_outcome_renamed_and_moved_first_is_renamed_and_reordered() {
    // Read top-down, the outcome now comes before `ineligible`: whom it names can change.
    let moved = edited(|t| {
        let named = "[[outcomes]]\nid = \"named\"\nwhen = \"not result.veto_fired and result.final_score >= 80\"\ntitle = { zh = \"通过考核验收，推荐命名\", en = \"Named\" }\n\n";
        let t = t.replacen(named, "", 1).replacen(
            "[[outcomes]]\nid = \"ineligible\"",
            &format!("{named}[[outcomes]]\nid = \"ineligible\""),
            1,
        );
        t.replacen("id = \"named\"", "id = \"recommended\"", 1).replacen(
            "outcome = \"named\"",
            "outcome = \"recommended\"",
            1,
        )
    });
    let d = diff(&bundled(), &moved);
    let outcomes: Vec<(Impact, &str, Option<&str>)> = d
        .changes
        .iter()
        .filter(|c| c.item == RuleItem::Outcome)
        .map(|c| (c.impact, c.id.as_str(), c.aspect.as_deref()))
        .collect();
    assert_eq!(outcomes, [(Impact::Score, "recommended", Some("id")), (Impact::Score, "outcomes", Some("order"))]);
    let order = d.changes.iter().find(|c| c.aspect.as_deref() == Some("order")).unwrap();
    assert_eq!(order.new_text.en, "recommended, ineligible, not_named");
    assert_eq!(order.old_text.en, "ineligible, recommended, not_named", "the old order by the new ids");
}

#[test]
fn an_item_edited_beside_a_copy_of_it_under_a_new_id_is_edited_and_the_copy_added() {
    let both = edited(|text| {
        let start = text.find("[[dimensions.criteria]]\nid = \"C7\"").unwrap();
        let end = start + text[start..].find("\n\n").unwrap() + 2;
        let copy = text[start..end].replacen("id = \"C7\"", "id = \"C8\"", 1);
        let c7 = text[start..end].replacen("at_least = 98", "at_least = 97", 1);
        format!("{}{c7}{copy}{}", &text[..start], &text[end..])
    });
    let d = diff(&bundled(), &both);
    let found: Vec<(Change, &str, Option<&str>)> =
        d.changes.iter().map(|c| (c.change, c.id.as_str(), c.aspect.as_deref())).collect();
    assert_eq!(found, [(Change::Changed, "C7", Some("parts[0].bands")), (Change::Added, "C8", None)]);
}

#[test]
fn the_probes_of_a_rule_are_renamed_only_by_a_rename_of_its_own_kind() {
    // Gate G1 is `A` in both rulesets; only the grade `A` is renamed.
    let gate_a = |t: String| t.replacen("id = \"G1\"", "id = \"A\"", 1);
    let old = edited(gate_a);
    let new = edited(|t| gate_a(t).replacen("[[grades]]\nid = \"A\"", "[[grades]]\nid = \"AA\"", 1));
    let (inputs, names) = examples();
    let base = names.iter().position(|n| n == "oubei-valves-2013").map(|k| &inputs[k]);
    let r = replay(&old, &new, &inputs, &names, base);
    let rules: Vec<(String, String)> =
        r.probes.unwrap().cases.into_iter().filter_map(|c| c.probe).map(|p| (p.rule, p.rules)).collect();
    assert!(rules.iter().any(|(rule, _)| rule == "A") && rules.iter().any(|(rule, _)| rule == "AA"), "{rules:?}");
    assert!(rules.iter().all(|(_, which)| which == "both"), "{rules:?}");
}
