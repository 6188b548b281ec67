//! The zone-qualification criteria as one JsonLogic rule for datalogic-rs, the peer engine.
//!
//! JsonLogic has no variables, so the rule binds intermediate results with `map` over a
//! one-element array: the first stage lists every criterion's points with the gate, veto and
//! conditional switches; the second computes the final score from them; the third gives
//! grade and outcome. datalogic-rs reads numbers as `f64`, so exact cases can differ.
//! Its answer is `[[final, grade, outcome, p1, …, p26]]`.

use serde_json::{json, Value};

fn var(path: &str) -> Value {
    json!({ "var": path })
}

fn present(path: &str) -> Value {
    json!({ "!==": [var(path), null] })
}

fn flag(path: &str, points: u32) -> Value {
    json!({ "if": [{ "===": [var(path), true] }, points, 0] })
}

/// `{"if": [v ≥ t1, p1, v ≥ t2, p2, …, 0]}` over an expression known to be present.
fn bands_of(value: &Value, bands: &[(f64, u32)]) -> Value {
    let mut branches = Vec::new();
    for (at, points) in bands {
        branches.push(json!({ ">=": [value, at] }));
        branches.push(json!(points));
    }
    branches.push(json!(0));
    json!({ "if": branches })
}

fn bands(path: &str, list: &[(f64, u32)]) -> Value {
    json!({ "if": [present(path), bands_of(&var(path), list), 0] })
}

/// Bands of `num ÷ den × 100 + offset`; 0 when a side is missing or the base is 0.
fn share_bands(num: &str, den: &str, offset: f64, list: &[(f64, u32)]) -> Value {
    let ratio = json!({ "+": [{ "*": [{ "/": [var(num), var(den)] }, 100] }, offset] });
    json!({ "if": [{ "and": [present(num), present(den), { ">": [var(den), 0] }] }, bands_of(&ratio, list), 0] })
}

/// `min(cap, Σ weight × value)`, a missing value adding nothing.
fn weighted(terms: &[(&str, f64)], cap: u32) -> Value {
    let sum: Vec<Value> = terms.iter().map(|(p, w)| json!({ "if": [present(p), { "*": [var(p), w] }, 0] })).collect();
    json!({ "min": [cap, { "+": sum }] })
}

fn sum(items: Vec<Value>) -> Value {
    json!({ "+": items })
}

fn at(i: usize) -> Value {
    var(&i.to_string())
}

/// The whole rule.
pub fn rule() -> Value {
    let b = |p: &str| json!({ "===": [var(p), true] });
    let points = vec![
        sum(vec![
            flag("organization.work_plan_issued", 3),
            json!({ "if": [b("organization.work_plan_issued"), sum(vec![flag("organization.work_plan_complete", 1), flag("organization.plan_in_development_plan", 1)]), 0] }),
        ]),
        sum(vec![
            flag("organization.leading_group", 2),
            json!({ "if": [{ "and": [b("organization.leading_group"), present("organization.leading_group_meetings"), { ">=": [var("organization.leading_group_meetings"), 2] }] }, 1, 0] }),
        ]),
        sum(vec![flag("organization.targets_filed", 2), flag("organization.self_assessment_submitted", 2)]),
        sum(vec![
            flag("organization.preferential_policies", 2),
            json!({ "if": [{ "and": [present("organization.dedicated_budget_10k_cny"), { ">": [var("organization.dedicated_budget_10k_cny"), 0] }] }, 1, 0] }),
        ]),
        sum(vec![flag("industry.development_plan_in_force", 4), flag("industry.firms_compliant", 3)]),
        share_bands("industry.output_10k_cny", "industry.town_industrial_output_10k_cny", 0.0, &[(50.0, 5), (30.0, 3)]),
        json!({ "min": [4, sum(vec![
            bands("industry.national_market_share_pct", &[(30.0, 4), (10.0, 2)]),
            json!({ "if": [{ "and": [
                { "or": [{ "!": present("industry.national_market_share_pct") }, { "<": [var("industry.national_market_share_pct"), 10] }] },
                present("industry.provincial_rank"),
                { "<=": [var("industry.provincial_rank"), 3] },
            ] }, 1, 0] }),
        ])] }),
        // Growth: (out − prev) ÷ prev × 100 = out ÷ prev × 100 − 100.
        share_bands("industry.output_10k_cny", "industry.previous_output_10k_cny", -100.0, &[(6.0, 4), (0.0, 2)]),
        bands("quality.spot_check_pass_rate_pct", &[(95.0, 10), (94.0, 8), (92.0, 6), (90.0, 3)]),
        bands("quality.standard_adoption_rate_pct", &[(53.0, 6), (40.0, 4), (20.0, 2)]),
        share_bands(
            "quality.iso9001_certified_firms",
            "quality.above_scale_firms",
            0.0,
            &[(90.0, 6), (70.0, 4), (50.0, 2)],
        ),
        json!({ "min": [5, sum(vec![
            flag("quality.alliance_standard", 2),
            weighted(&[
                ("quality.standards_led.international", 1.0),
                ("quality.standards_led.national", 1.0),
                ("quality.standards_led.industry", 0.5),
                ("quality.standards_led.local", 0.5),
                ("quality.standards_led.group", 0.5),
            ], 5),
        ])] }),
        json!({ "if": [{ "and": [b("quality.market_access_full"), { "===": [var("quality.unlicensed_cases"), 0] }] }, 3, 0] }),
        json!({ "if": [b("quality.has_agricultural_products"), bands("quality.agri_monitoring_pass_rate_pct", &[(96.0, 3), (90.0, 1)]), 0] }),
        json!({ "if": [b("quality.has_food_products"), bands("quality.food_spot_check_pass_rate_pct", &[(98.0, 3), (95.0, 1)]), 0] }),
        weighted(
            &[
                ("brands.famous_products.national", 4.0),
                ("brands.famous_products.zhejiang", 2.0),
                ("brands.famous_products.wenzhou", 1.0),
            ],
            8,
        ),
        weighted(
            &[
                ("brands.trademarks.well_known", 4.0),
                ("brands.trademarks.zhejiang_famous", 2.0),
                ("brands.trademarks.wenzhou_known", 1.0),
            ],
            8,
        ),
        sum(vec![flag("brands.collective_mark", 2), flag("brands.regional_title", 2)]),
        weighted(
            &[
                ("innovation.high_tech_firms", 1.0),
                ("innovation.provincial_rd_centres", 1.0),
                ("innovation.national_rd_centres", 2.0),
            ],
            4,
        ),
        bands("innovation.invention_patents", &[(10.0, 3), (5.0, 2), (1.0, 1)]),
        sum(vec![
            flag("innovation.public_service_platform", 2),
            json!({ "if": [{ "and": [present("innovation.tech_upgrade_projects"), { ">=": [var("innovation.tech_upgrade_projects"), 1] }] }, 1, 0] }),
        ]),
        flag("market_order.anti_counterfeit_mechanism", 3),
        share_bands("market_order.pledge_signed_firms", "quality.above_scale_firms", 0.0, &[(80.0, 2), (50.0, 1)]),
        json!({ "if": [
            { "===": [var("bonus.national_brand_zone"), "named"] }, 3,
            { "===": [var("bonus.national_brand_zone"), "preparing"] }, 2, 0] }),
        json!({ "if": [present("bonus.quality_awards"), var("bonus.quality_awards"), 0] }),
        flag("bonus.export_returns_down", 1),
    ];
    let criteria = points.len();
    let gate_ok = json!({ "and": [
        { "in": [var("zone.industry_policy_category"), ["encouraged", "permitted"]] },
        { "in": [var("zone.creating_subject"), ["town_government", "subdistrict_office"]] },
    ] });
    let veto = json!({ "or": [
        { "and": [present("integrity.major_quality_incidents_3y"), { ">": [var("integrity.major_quality_incidents_3y"), 0] }] },
        b("integrity.falsified_material"),
        { "and": [present("integrity.major_counterfeit_cases_3y"), { ">": [var("integrity.major_counterfeit_cases_3y"), 0] }] },
    ] });
    // Stage 1: [p1 … p26, gate ok, veto fired, C6 applies, C7 applies].
    let mut stage1 = points;
    stage1.extend([
        json!({ "!!": [gate_ok] }),
        json!({ "!!": [veto] }),
        b("quality.has_agricultural_products"),
        b("quality.has_food_products"),
    ]);
    // Stage 2 (over stage 1): [final, gate ok, veto fired, p1 … p26].
    let earned = sum((0..criteria - 3).map(at).collect());
    let bonus = json!({ "min": [5, sum((criteria - 3..criteria).map(at).collect())] });
    let max = json!({ "+": [100,
        { "if": [at(criteria + 2), 3, 0] },
        { "if": [at(criteria + 3), 3, 0] }] });
    let unrounded = json!({ "min": [100, { "+": [{ "/": [{ "*": [earned, 100] }, max] }, bonus] }] });
    // Half away from zero to one place, for a score ≥ 0: ⌊10x + 0.5⌋ ÷ 10.
    let shifted = json!({ "+": [{ "*": [unrounded, 10] }, 0.5] });
    let final_score = json!({ "/": [{ "-": [shifted, { "%": [shifted, 1] }] }, 10] });
    let mut stage2 = vec![final_score, at(criteria), at(criteria + 1)];
    stage2.extend((0..criteria).map(at));
    // Stage 3 (over stage 2): [final, grade, outcome, p1 … p26].
    let grade = json!({ "if": [at(2), "D", { ">=": [at(0), 90] }, "A", { ">=": [at(0), 80] }, "B", { ">=": [at(0), 60] }, "C", "D"] });
    let outcome = json!({ "if": [
        { "!": at(1) }, "ineligible",
        { "and": [{ "!": at(2) }, { ">=": [at(0), 80] }] }, "named",
        "not_named"] });
    let mut stage3 = vec![at(0), grade, outcome];
    stage3.extend((0..criteria).map(|i| at(i + 3)));
    json!({ "map": [{ "map": [[stage1], stage2] }, stage3] })
}
