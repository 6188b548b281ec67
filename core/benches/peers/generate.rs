//! Seeded submissions near the band thresholds of zone-qualification, made from the valid examples.
//!
//! Each one starts from a valid example and changes a few fields to values on, just
//! below or just above a band's bound (for ratios: a numerator that puts the share there),
//! keeping field ranges and the `≤` constraints; zonescore's validation drops the rest.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

/// A small deterministic generator (SplitMix64): the same submissions on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(usize::try_from(self.below(items.len() as u64)).ok()?)
    }
}

/// Percent fields with the bounds of their bands.
const PERCENTS: [(&str, &[i64]); 5] = [
    ("/quality/spot_check_pass_rate_pct", &[95, 94, 92, 90]),
    ("/quality/standard_adoption_rate_pct", &[53, 40, 20]),
    ("/industry/national_market_share_pct", &[30, 10]),
    ("/quality/agri_monitoring_pass_rate_pct", &[96, 90]),
    ("/quality/food_spot_check_pass_rate_pct", &[98, 95]),
];

/// Offsets from a bound, in hundredths: on it, just below, just above, further off.
const NUDGES: [i64; 9] = [0, -1, 1, -10, 10, -50, 50, -100, 100];

const BOOLS: [&str; 16] = [
    "/organization/work_plan_issued",
    "/organization/work_plan_complete",
    "/organization/plan_in_development_plan",
    "/organization/leading_group",
    "/organization/targets_filed",
    "/organization/self_assessment_submitted",
    "/organization/preferential_policies",
    "/industry/development_plan_in_force",
    "/industry/firms_compliant",
    "/quality/alliance_standard",
    "/quality/market_access_full",
    "/brands/collective_mark",
    "/brands/regional_title",
    "/innovation/public_service_platform",
    "/market_order/anti_counterfeit_mechanism",
    "/bonus/export_returns_down",
];

const COUNTS: [&str; 17] = [
    "/organization/leading_group_meetings",
    "/quality/standards_led/international",
    "/quality/standards_led/national",
    "/quality/standards_led/industry",
    "/quality/standards_led/local",
    "/quality/standards_led/group",
    "/quality/unlicensed_cases",
    "/brands/famous_products/national",
    "/brands/famous_products/zhejiang",
    "/brands/famous_products/wenzhou",
    "/brands/trademarks/well_known",
    "/brands/trademarks/zhejiang_famous",
    "/brands/trademarks/wenzhou_known",
    "/innovation/high_tech_firms",
    "/innovation/provincial_rd_centres",
    "/innovation/national_rd_centres",
    "/innovation/tech_upgrade_projects",
];

/// Sets the member at a JSON pointer, making the groups on the way objects.
fn set(root: &mut Value, pointer: &str, value: Value) {
    let mut at = root;
    let mut keys = pointer.split('/').skip(1).peekable();
    while let Some(key) = keys.next() {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        at = map.entry(key.to_owned()).or_insert(Value::Null);
    }
}

fn get(root: &Value, pointer: &str) -> Option<Decimal> {
    let n = root.pointer(pointer)?.as_number()?;
    Decimal::from_str(&n.to_string()).ok()
}

/// A JSON number of a decimal with few digits, which an `f64` carries exactly.
fn number(d: Decimal) -> Value {
    let d = d.normalize();
    if d.is_integer() {
        if let Ok(i) = i64::try_from(d) {
            return Value::from(i);
        }
    }
    f64::from_str(&d.to_string()).ok().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
}

fn whole(n: u64) -> Value {
    Value::from(n)
}

/// Makes `count` submissions from `bases` (valid zone-qualification submissions).
pub fn submissions(bases: &[Value], count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let Some(base) = rng.pick(bases) else { break };
        let mut v = base.clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut v, &mut rng);
        }
        out.push(serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    out
}

fn mutate(v: &mut Value, rng: &mut Rng) {
    let hundredth = |n: i64| Decimal::new(n, 2);
    match rng.below(10) {
        0 | 1 => {
            let Some((path, bounds)) = rng.pick(&PERCENTS) else { return };
            let bound = rng.pick(bounds).copied().unwrap_or(50);
            let nudge = rng.pick(&NUDGES).copied().unwrap_or(0);
            let value = (Decimal::from(bound) + hundredth(nudge)).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
            set(v, path, number(value));
            if path.contains("agri") && rng.below(2) == 0 {
                set(v, "/quality/has_agricultural_products", Value::Bool(true));
            }
            if path.contains("food") && rng.below(2) == 0 {
                set(v, "/quality/has_food_products", Value::Bool(true));
            }
        }
        2 => {
            // A firm share (C3 or F2) on, just below or just above a bound.
            let above = 10 + rng.below(190);
            let (path, bounds): (&str, &[u64]) = if rng.below(2) == 0 {
                ("/quality/iso9001_certified_firms", &[90, 70, 50])
            } else {
                ("/market_order/pledge_signed_firms", &[80, 50])
            };
            let bound = rng.pick(bounds).copied().unwrap_or(50);
            let on = (above * bound).div_ceil(100);
            let firms = (on + rng.below(3)).saturating_sub(1).min(above);
            set(v, "/quality/above_scale_firms", whole(above));
            set(v, path, whole(firms));
            // The other share keeps within the new base.
            for other in ["/quality/iso9001_certified_firms", "/market_order/pledge_signed_firms"] {
                if get(v, other).is_some_and(|n| n > Decimal::from(above)) {
                    set(v, other, whole(above));
                }
            }
        }
        3 => {
            // Agglomeration (B2) and growth (B4): output near a share of the town's, or
            // near a growth rate over the previous year.
            let town = 100_000 + rng.below(2_000_000);
            let (output, previous) = if rng.below(2) == 0 {
                let bound = *rng.pick(&[50_u64, 30]).unwrap_or(&50);
                let output = (town * bound / 100 + rng.below(3)).saturating_sub(1);
                (output, output * 100 / (100 + rng.below(12)))
            } else {
                let previous = 50_000 + rng.below(500_000);
                let rate = *rng.pick(&[106_u64, 100]).unwrap_or(&106);
                let output = (previous * rate / 100 + rng.below(3)).saturating_sub(1);
                (output, previous)
            };
            set(v, "/industry/town_industrial_output_10k_cny", whole(town.max(output)));
            set(v, "/industry/output_10k_cny", whole(output));
            set(v, "/industry/previous_output_10k_cny", whole(previous));
        }
        4 => {
            let Some(path) = rng.pick(&BOOLS) else { return };
            let value = match rng.below(4) {
                0 => Value::Null,
                1 => Value::Bool(false),
                _ => Value::Bool(true),
            };
            set(v, path, value);
        }
        5 => {
            let Some(path) = rng.pick(&COUNTS) else { return };
            set(v, path, whole(rng.below(5)));
        }
        6 => {
            set(v, "/innovation/invention_patents", whole(*rng.pick(&[0_u64, 1, 4, 5, 9, 10, 11]).unwrap_or(&1)));
            set(v, "/industry/provincial_rank", whole(1 + rng.below(6)));
        }
        7 => {
            let zone = *rng.pick(&["none", "preparing", "named"]).unwrap_or(&"none");
            set(v, "/bonus/national_brand_zone", Value::from(zone));
            set(v, "/bonus/quality_awards", whole(rng.below(5)));
        }
        8 => {
            // Conditional criteria switched, and now and then a gate or a veto.
            set(v, "/quality/has_agricultural_products", Value::Bool(rng.below(2) == 0));
            set(v, "/quality/has_food_products", Value::Bool(rng.below(2) == 0));
            match rng.below(8) {
                0 => set(v, "/zone/industry_policy_category", Value::from("restricted")),
                1 => set(v, "/integrity/major_quality_incidents_3y", whole(1)),
                2 => set(v, "/integrity/falsified_material", Value::Bool(true)),
                _ => {}
            }
        }
        _ => {
            // A percent field or a count made missing: scoring must go on without it.
            let path = if rng.below(2) == 0 {
                rng.pick(&PERCENTS).map_or("", |p| p.0)
            } else {
                rng.pick(&COUNTS).copied().unwrap_or("")
            };
            if !path.is_empty() {
                set(v, path, Value::Null);
            }
        }
    }
}
