//! The compiled plan against the expressions it was made from: on every bundled example and
//! on variants of them (each field missing in turn, each number at zero, negative, with many
//! places, or beyond machine integers), every planned condition and part gives the same
//! truth value, gap, points and missing fields as the expression.

use super::evaluate::{score_part, truth};
use crate::compile::CompiledRuleset;
use crate::expr::FieldValue;
use crate::input::parse_json;
use crate::validate::ValidSubmission;
use crate::{Ruleset, MAX_DEPTH, MAX_SUBMISSION_BYTES};
use rust_decimal::Decimal;
use std::str::FromStr;

thread_local! {
    /// How many planned parts gave way to their expressions (a weighted sum past 28 places).
    static GAVE_WAY: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn examples(id: &str) -> Vec<ValidSubmission> {
    let rules = Ruleset::bundled(id).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(id);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let input = parse_json(&bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH).unwrap().value;
        out.extend(rules.check(&input).ok());
    }
    assert!(out.len() >= 3, "{id}: too few valid examples");
    out
}

/// Each example, then each with one field missing, then each number field at values that
/// take the plan's every path.
fn variants(base: &[ValidSubmission]) -> Vec<ValidSubmission> {
    let odd = [
        "0",
        "-3",
        "0.0000000001",
        "99.999999999999999999",
        "79228162514264337593543950335",
        "-0.5",
        // × 0.5 is past 28 places: a weighted part's sum takes the expressions' way.
        "0.0000000000000000000000000001",
    ];
    let mut out = base.to_vec();
    for sub in base {
        for i in 0..sub.values.len() {
            let mut gone = sub.clone();
            gone.values[i] = None;
            out.push(gone);
            if let Some(Some(FieldValue::Number(_))) = sub.values.get(i) {
                for v in odd {
                    let mut changed = sub.clone();
                    changed.values[i] = Some(FieldValue::Number(Decimal::from_str(v).unwrap()));
                    out.push(changed);
                }
            }
        }
    }
    out
}

fn plan_agrees(rules: &CompiledRuleset, sub: &ValidSubmission) {
    let ctx = rules.context(sub).numbers_only();
    for check in rules.gates.iter().chain(&rules.vetoes) {
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        let planned = ctx.cond(check.cond.as_ref().unwrap(), &mut fast);
        let expr = truth(check.expr.eval(&ctx, &mut slow));
        assert_eq!((planned, &fast), (expr, &slow), "{}", check.id);
    }
    let bonus = rules.bonus.iter().flat_map(|(_, items)| items.iter());
    for c in rules.dimensions.iter().flat_map(|d| d.criteria.iter()).chain(bonus) {
        if let (Some(e), Some(cond)) = (&c.applies, &c.plan.applies) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let expr = truth(e.eval(&ctx, &mut slow));
            assert_eq!((ctx.cond(cond, &mut fast), &fast), (expr, &slow), "{} applies", c.model.id);
        }
        for (part, plan) in c.parts.iter().zip(&c.plan.parts) {
            let Some(plan) = plan else { continue };
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let expr = score_part(part, c.max, &ctx, &mut slow, &mut Vec::new());
            match ctx.fast_points(plan, &part.body, &mut fast) {
                // The scale too: a summary hands the points out as they are (`3.0` is not `3`
                // to a caller who prints them).
                Some(points) => assert_eq!(
                    (points, points.scale(), &fast),
                    (expr.points, expr.points.scale(), &slow),
                    "{} {:?}",
                    c.model.id,
                    part.label
                ),
                None => GAVE_WAY.with(|n| n.set(n.get() + 1)),
            }
        }
    }
}

/// Numbers-only scoring (the plan, falling back to the expressions) against the explained
/// report (the expressions alone).
fn summary_agrees(rules: &CompiledRuleset, sub: &ValidSubmission) {
    let summary = rules.summarize_valid(sub);
    let report = rules.score_valid(sub);
    assert_eq!(summary.final_score.to_string(), report.final_score);
    let all = report.criteria.iter().chain(&report.bonus_items);
    let explained: Vec<(Decimal, crate::Status)> =
        all.map(|c| (Decimal::from_str(&c.points).unwrap(), c.status)).collect();
    let planned: Vec<(Decimal, crate::Status)> = summary.points.into_iter().zip(summary.statuses).collect();
    assert_eq!(planned, explained);
}

fn planned_parts(rules: &CompiledRuleset) -> usize {
    let bonus = rules.bonus.iter().flat_map(|(_, items)| items.iter());
    let all = rules.dimensions.iter().flat_map(|d| d.criteria.iter()).chain(bonus);
    all.map(|c| c.plan.parts.iter().flatten().count()).sum()
}

#[test]
fn the_plan_answers_as_the_expressions_do() {
    for id in ["zone-qualification", "annual-assessment"] {
        let rules = Ruleset::bundled(id).unwrap();
        let compiled = rules.compiled();
        let all = variants(&examples(id));
        for sub in &all {
            plan_agrees(compiled, sub);
            summary_agrees(compiled, sub);
        }
        assert!(GAVE_WAY.with(std::cell::Cell::get) > 0, "{id}: a weighted part took the expressions' way");
        GAVE_WAY.with(|n| n.set(0));
        // Every part of the bundled rules has a planned shape.
        let parts: usize = compiled.dimensions.iter().flat_map(|d| &d.criteria).map(|c| c.parts.len()).sum::<usize>()
            + compiled.bonus.iter().flat_map(|(_, i)| i).map(|c| c.parts.len()).sum::<usize>();
        assert_eq!(planned_parts(compiled), parts, "{id}");
    }
}

#[test]
fn shares_and_growth_compare_exactly_at_their_bounds() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let compiled = rules.compiled();
    let base = examples("zone-qualification").remove(0);
    let field = |path: &str| compiled.fields.iter().position(|f| f.decl.path == path).unwrap();
    let (firms, iso) = (field("quality.above_scale_firms"), field("quality.iso9001_certified_firms"));
    let (out, prev) = (field("industry.output_10k_cny"), field("industry.previous_output_10k_cny"));
    let set = |sub: &mut ValidSubmission, i: usize, v: &str| {
        sub.values[i] = Some(FieldValue::Number(Decimal::from_str(v).unwrap()));
    };
    // 9 of 10 firms is 90 % exactly; 8999999999999999999 of 10^19 is just below; 106 on 100
    // is growth of 6 % exactly; 2 of 3 is a share that is no decimal.
    for (a, b, x, y) in [
        ("9", "10", "106", "100"),
        ("8999999999999999999", "10000000000000000000", "105.99999999999999999", "100"),
        ("2", "3", "1", "0"),
        ("0", "0", "0.000000000000000000000000001", "0.000000000000000000000000003"),
        // Past machine integers: big integers.
        (
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ),
    ] {
        let mut sub = base.clone();
        set(&mut sub, iso, a);
        set(&mut sub, firms, b);
        set(&mut sub, out, x);
        set(&mut sub, prev, y);
        plan_agrees(compiled, &sub);
        summary_agrees(compiled, &sub);
    }
}

#[test]
fn weighted_sums_keep_the_expressions_scale_through_zeros_and_cancelling_terms() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let compiled = rules.compiled();
    let base = examples("zone-qualification").remove(0);
    // C4's standards led: weights 1, 1, 0.5, 0.5, 0.5.
    let kinds = ["international", "national", "industry", "local", "group"];
    let slots: Vec<usize> = kinds
        .iter()
        .map(|k| compiled.fields.iter().position(|f| f.decl.path == format!("quality.standards_led.{k}")).unwrap())
        .collect();
    // Zeros, terms that cancel to `0.0` (1 × 0.5 and -1 × 0.5), and a scale of 2.
    let values = ["0", "1", "-1", "0.25"];
    for n in 0..values.len().pow(5) {
        let mut sub = base.clone();
        for (k, slot) in slots.iter().enumerate() {
            let v = values[n / values.len().pow(u32::try_from(k).unwrap()) % values.len()];
            sub.values[*slot] = Some(FieldValue::Number(Decimal::from_str(v).unwrap()));
        }
        plan_agrees(compiled, &sub);
    }
}
