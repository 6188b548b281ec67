//! A hand-written scorer of the bundled zone-qualification rules: the baseline zonescore's speed is measured against.
//!
//! A plain serde struct and one function, as an engineer would write for this one ruleset
//! alone: no rule file, no explanations. It validates what scoring needs (types, required
//! fields, the ranges and cross-field constraints of criteria.md) and computes the same
//! final score, grade, outcome and points as zonescore, exactly, in `rust_decimal`.

use crate::exact_json::{mark_numbers, Num};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// Criteria then bonus items, in the order of `Ruleset::criterion_ids`.
pub const CRITERIA: usize = 26;

/// What the hand-written scorer answers: the numbers of `zonescore::ScoreSummary`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub final_score: Decimal,
    pub grade: &'static str,
    pub outcome: &'static str,
    pub points: [Decimal; CRITERIA],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    Valves,
    LeatherShoes,
    EducationalToys,
    ButtonsZippers,
    HardwareOrnaments,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    TownGovernment,
    SubdistrictOffice,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    Encouraged,
    Permitted,
    Restricted,
    Eliminated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrandZone {
    #[default]
    None,
    Preparing,
    Named,
}

// One struct per group; `Option` because `null` or an absent member means missing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Free-form; read only so that it is not an unknown field.
    #[serde(rename = "meta")]
    pub _meta: Option<IgnoredAny>,
    pub zone: Option<Zone>,
    pub organization: Option<Organization>,
    pub industry: Option<IndustryGroup>,
    pub quality: Option<Quality>,
    pub brands: Option<Brands>,
    pub innovation: Option<Innovation>,
    pub market_order: Option<MarketOrder>,
    pub integrity: Option<Integrity>,
    pub bonus: Option<Bonus>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub name: Option<String>,
    pub town: Option<String>,
    pub industry: Option<Industry>,
    pub creating_subject: Option<Subject>,
    pub assessment_year: Option<Num>,
    pub industry_policy_category: Option<Policy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub work_plan_issued: Option<bool>,
    pub work_plan_complete: Option<bool>,
    pub plan_in_development_plan: Option<bool>,
    pub leading_group: Option<bool>,
    pub leading_group_meetings: Option<Num>,
    pub targets_filed: Option<bool>,
    pub self_assessment_submitted: Option<bool>,
    pub preferential_policies: Option<bool>,
    pub dedicated_budget_10k_cny: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndustryGroup {
    pub development_plan_in_force: Option<bool>,
    pub firms_compliant: Option<bool>,
    pub output_10k_cny: Option<Num>,
    pub previous_output_10k_cny: Option<Num>,
    pub town_industrial_output_10k_cny: Option<Num>,
    pub national_market_share_pct: Option<Num>,
    pub provincial_rank: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quality {
    pub spot_check_pass_rate_pct: Option<Num>,
    pub standard_adoption_rate_pct: Option<Num>,
    pub above_scale_firms: Option<Num>,
    pub iso9001_certified_firms: Option<Num>,
    pub alliance_standard: Option<bool>,
    pub standards_led: Option<StandardsLed>,
    pub market_access_full: Option<bool>,
    pub unlicensed_cases: Option<Num>,
    pub has_agricultural_products: Option<bool>,
    pub agri_monitoring_pass_rate_pct: Option<Num>,
    pub has_food_products: Option<bool>,
    pub food_spot_check_pass_rate_pct: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardsLed {
    pub international: Option<Num>,
    pub national: Option<Num>,
    pub industry: Option<Num>,
    pub local: Option<Num>,
    pub group: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brands {
    pub famous_products: Option<FamousProducts>,
    pub trademarks: Option<Trademarks>,
    pub collective_mark: Option<bool>,
    pub regional_title: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamousProducts {
    pub national: Option<Num>,
    pub zhejiang: Option<Num>,
    pub wenzhou: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trademarks {
    pub well_known: Option<Num>,
    pub zhejiang_famous: Option<Num>,
    pub wenzhou_known: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Innovation {
    pub high_tech_firms: Option<Num>,
    pub provincial_rd_centres: Option<Num>,
    pub national_rd_centres: Option<Num>,
    pub invention_patents: Option<Num>,
    pub public_service_platform: Option<bool>,
    pub tech_upgrade_projects: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketOrder {
    pub anti_counterfeit_mechanism: Option<bool>,
    pub pledge_signed_firms: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integrity {
    pub major_quality_incidents_3y: Option<Num>,
    pub falsified_material: Option<bool>,
    pub major_counterfeit_cases_3y: Option<Num>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    pub national_brand_zone: Option<BrandZone>,
    pub quality_awards: Option<Num>,
    pub export_returns_down: Option<bool>,
}

/// Scores JSON text.
pub fn from_text(text: &str) -> Result<Summary, String> {
    score(&parse_text(text)?)
}

/// Reads JSON text into the struct: numbers are made marked strings (see [`Num`]), then
/// serde reads the struct.
pub fn parse_text(text: &str) -> Result<Submission, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > 1 << 20 {
        return Err("too_large".into());
    }
    let marked = mark_numbers(text)?;
    serde_json::from_str(&marked).map_err(|e| e.to_string())
}

/// Scores a parsed `serde_json::Value` (exact where the Value's numbers are, see [`Num`]).
pub fn from_value(value: &serde_json::Value) -> Result<Summary, String> {
    let sub = Submission::deserialize(value).map_err(|e| e.to_string())?;
    score(&sub)
}

fn pct(v: Option<Num>) -> Result<Option<Decimal>, String> {
    match v {
        Some(Num(d)) if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED => Err("out_of_range percent".into()),
        other => Ok(other.map(|n| n.0)),
    }
}

fn amount(v: Option<Num>) -> Result<Option<Decimal>, String> {
    match v {
        Some(Num(d)) if d < Decimal::ZERO => Err("negative amount".into()),
        other => Ok(other.map(|n| n.0)),
    }
}

fn count(v: Option<Num>) -> Result<Option<Decimal>, String> {
    match v {
        Some(Num(d)) if d < Decimal::ZERO || !d.is_integer() => Err("not a count".into()),
        other => Ok(other.map(|n| n.0)),
    }
}

fn text(v: Option<&String>) -> Result<(), String> {
    let n = v.ok_or("required text missing")?.chars().count();
    if (1..=100).contains(&n) {
        Ok(())
    } else {
        Err("text length".into())
    }
}

fn within(left: Option<Decimal>, right: Option<Decimal>) -> Result<(), String> {
    match (left, right) {
        (Some(l), Some(r)) if l > r => Err("constraint".into()),
        _ => Ok(()),
    }
}

/// Whether `a × ka ≥ b × kb` exactly, for `a, b ≥ 0`: a ratio against a band's bound
/// without dividing (`a ÷ b × 100 ≥ t` is `a × 100 ≥ b × t`).
fn scaled_ge(a: Decimal, ka: i128, b: Decimal, kb: i128) -> bool {
    // Mantissas are below 2^96 and the factors below 2^7, so these products fit an i128.
    let (mut x, mut y) = (a.mantissa() * ka, b.mantissa() * kb);
    let (sa, sb) = (a.scale(), b.scale());
    // Bring both to one scale; a side that overflows when scaled up is the larger.
    if sa < sb {
        match 10_i128.checked_pow(sb - sa).and_then(|p| x.checked_mul(p)) {
            Some(v) => x = v,
            None => return true,
        }
    } else if sb < sa {
        match 10_i128.checked_pow(sa - sb).and_then(|p| y.checked_mul(p)) {
            Some(v) => y = v,
            None => return false,
        }
    }
    x >= y
}

fn on(flag: Option<bool>, points: u32) -> Decimal {
    if flag == Some(true) {
        Decimal::from(points)
    } else {
        Decimal::ZERO
    }
}

/// Points of the first band whose bound (`≥`) the value reaches.
fn bands(value: Option<Decimal>, bands: &[(u32, u32)]) -> Decimal {
    let Some(v) = value else { return Decimal::ZERO };
    bands.iter().find(|(at, _)| v >= Decimal::from(*at)).map_or(Decimal::ZERO, |(_, p)| Decimal::from(*p))
}

/// Bands of the share `num ÷ den × 100`; 0 when a side is missing or the base is 0.
fn share_bands(num: Option<Decimal>, den: Option<Decimal>, bands: &[(i128, u32)]) -> Decimal {
    match (num, den) {
        (Some(n), Some(d)) if !d.is_zero() => {
            bands.iter().find(|(at, _)| scaled_ge(n, 100, d, *at)).map_or(Decimal::ZERO, |(_, p)| Decimal::from(*p))
        }
        _ => Decimal::ZERO,
    }
}

/// `Σ weight × count`, capped; a missing count adds nothing; a sum past any decimal is the cap.
fn weighted(terms: &[(Option<Decimal>, Decimal)], cap: Decimal) -> Decimal {
    let mut sum = Decimal::ZERO;
    for (v, w) in terms {
        let Some(v) = v else { continue };
        match v.checked_mul(*w).and_then(|t| sum.checked_add(t)) {
            Some(s) => sum = s,
            None => return cap,
        }
    }
    sum.min(cap)
}

/// Validates a deserialised submission and scores it.
pub fn score(s: &Submission) -> Result<Summary, String> {
    let d = |n: u32| Decimal::from(n);
    let zone = s.zone.as_ref().ok_or("zone missing")?;
    text(zone.name.as_ref())?;
    text(zone.town.as_ref())?;
    zone.industry.ok_or("industry missing")?;
    let subject = zone.creating_subject.ok_or("creating_subject missing")?;
    let policy = zone.industry_policy_category.ok_or("policy missing")?;
    let year = zone.assessment_year.ok_or("year missing")?.0;
    if !year.is_integer() || year < d(2000) || year > d(2100) {
        return Err("year out of range".into());
    }
    let o = s.organization.as_ref();
    let i = s.industry.as_ref();
    let q = s.quality.as_ref();
    let b = s.brands.as_ref();
    let n = s.innovation.as_ref();
    let m = s.market_order.as_ref();
    let g = s.integrity.as_ref();
    let x = s.bonus.as_ref();

    let meetings = count(o.and_then(|o| o.leading_group_meetings))?;
    let budget = amount(o.and_then(|o| o.dedicated_budget_10k_cny))?;
    let output = amount(i.and_then(|i| i.output_10k_cny))?;
    let previous = amount(i.and_then(|i| i.previous_output_10k_cny))?;
    let town = amount(i.and_then(|i| i.town_industrial_output_10k_cny))?;
    let share = pct(i.and_then(|i| i.national_market_share_pct))?;
    let rank = i.and_then(|i| i.provincial_rank).map(|r| r.0);
    if rank.is_some_and(|r| !r.is_integer() || r < Decimal::ONE) {
        return Err("rank out of range".into());
    }
    let spot = pct(q.and_then(|q| q.spot_check_pass_rate_pct))?;
    let adoption = pct(q.and_then(|q| q.standard_adoption_rate_pct))?;
    let above = count(q.and_then(|q| q.above_scale_firms))?;
    let iso = count(q.and_then(|q| q.iso9001_certified_firms))?;
    let sl = q.and_then(|q| q.standards_led.as_ref());
    let intl = count(sl.and_then(|s| s.international))?;
    let natl = count(sl.and_then(|s| s.national))?;
    let ind = count(sl.and_then(|s| s.industry))?;
    let local = count(sl.and_then(|s| s.local))?;
    let group = count(sl.and_then(|s| s.group))?;
    let unlicensed = count(q.and_then(|q| q.unlicensed_cases))?;
    let agri = pct(q.and_then(|q| q.agri_monitoring_pass_rate_pct))?;
    let food = pct(q.and_then(|q| q.food_spot_check_pass_rate_pct))?;
    let fp = b.and_then(|b| b.famous_products.as_ref());
    let (fp_n, fp_z, fp_w) =
        (count(fp.and_then(|f| f.national))?, count(fp.and_then(|f| f.zhejiang))?, count(fp.and_then(|f| f.wenzhou))?);
    let tm = b.and_then(|b| b.trademarks.as_ref());
    let (tm_w, tm_z, tm_k) = (
        count(tm.and_then(|t| t.well_known))?,
        count(tm.and_then(|t| t.zhejiang_famous))?,
        count(tm.and_then(|t| t.wenzhou_known))?,
    );
    let high_tech = count(n.and_then(|n| n.high_tech_firms))?;
    let prov_rd = count(n.and_then(|n| n.provincial_rd_centres))?;
    let natl_rd = count(n.and_then(|n| n.national_rd_centres))?;
    let patents = count(n.and_then(|n| n.invention_patents))?;
    let upgrades = count(n.and_then(|n| n.tech_upgrade_projects))?;
    let pledges = count(m.and_then(|m| m.pledge_signed_firms))?;
    let incidents = count(g.and_then(|g| g.major_quality_incidents_3y))?;
    let counterfeit = count(g.and_then(|g| g.major_counterfeit_cases_3y))?;
    let awards = count(x.and_then(|x| x.quality_awards))?.unwrap_or_default();
    within(output, town)?;
    within(iso, above)?;
    within(pledges, above)?;

    let flag = |f: Option<bool>| f == Some(true);
    let issued = flag(o.and_then(|o| o.work_plan_issued));
    let led = flag(o.and_then(|o| o.leading_group));
    let agri_applies = flag(q.and_then(|q| q.has_agricultural_products));
    let food_applies = flag(q.and_then(|q| q.has_food_products));
    let half = Decimal::new(5, 1);
    let mut p = [Decimal::ZERO; CRITERIA];
    p[0] = on(o.and_then(|o| o.work_plan_issued), 3)
        + if issued {
            on(o.and_then(|o| o.work_plan_complete), 1) + on(o.and_then(|o| o.plan_in_development_plan), 1)
        } else {
            d(0)
        };
    p[1] =
        on(o.and_then(|o| o.leading_group), 2) + if led && meetings.is_some_and(|v| v >= d(2)) { d(1) } else { d(0) };
    p[2] = on(o.and_then(|o| o.targets_filed), 2) + on(o.and_then(|o| o.self_assessment_submitted), 2);
    p[3] = on(o.and_then(|o| o.preferential_policies), 2) + if budget.is_some_and(|v| v > d(0)) { d(1) } else { d(0) };
    p[4] = on(i.and_then(|i| i.development_plan_in_force), 4) + on(i.and_then(|i| i.firms_compliant), 3);
    p[5] = share_bands(output, town, &[(50, 5), (30, 3)]);
    let fallback = share.is_none_or(|v| v < d(10)) && rank.is_some_and(|r| r <= d(3));
    p[6] = (bands(share, &[(30, 4), (10, 2)]) + if fallback { d(1) } else { d(0) }).min(d(4));
    // Growth (out − prev) ÷ prev × 100 ≥ t is out × 100 ≥ prev × (100 + t).
    p[7] = share_bands(output, previous, &[(106, 4), (100, 2)]);
    p[8] = bands(spot, &[(95, 10), (94, 8), (92, 6), (90, 3)]);
    p[9] = bands(adoption, &[(53, 6), (40, 4), (20, 2)]);
    p[10] = share_bands(iso, above, &[(90, 6), (70, 4), (50, 2)]);
    let standards = weighted(&[(intl, d(1)), (natl, d(1)), (ind, half), (local, half), (group, half)], d(5));
    p[11] = (on(q.and_then(|q| q.alliance_standard), 2) + standards).min(d(5));
    p[12] = if flag(q.and_then(|q| q.market_access_full)) && unlicensed == Some(d(0)) { d(3) } else { d(0) };
    p[13] = if agri_applies { bands(agri, &[(96, 3), (90, 1)]) } else { d(0) };
    p[14] = if food_applies { bands(food, &[(98, 3), (95, 1)]) } else { d(0) };
    p[15] = weighted(&[(fp_n, d(4)), (fp_z, d(2)), (fp_w, d(1))], d(8));
    p[16] = weighted(&[(tm_w, d(4)), (tm_z, d(2)), (tm_k, d(1))], d(8));
    p[17] = on(b.and_then(|b| b.collective_mark), 2) + on(b.and_then(|b| b.regional_title), 2);
    p[18] = weighted(&[(high_tech, d(1)), (prov_rd, d(1)), (natl_rd, d(2))], d(4));
    p[19] = bands(patents, &[(10, 3), (5, 2), (1, 1)]);
    p[20] = on(n.and_then(|n| n.public_service_platform), 2)
        + if upgrades.is_some_and(|v| v >= d(1)) { d(1) } else { d(0) };
    p[21] = on(m.and_then(|m| m.anti_counterfeit_mechanism), 3);
    p[22] = share_bands(pledges, above, &[(80, 2), (50, 1)]);
    p[23] = match x.and_then(|x| x.national_brand_zone).unwrap_or_default() {
        BrandZone::Named => d(3),
        BrandZone::Preparing => d(2),
        BrandZone::None => d(0),
    };
    p[24] = awards;
    p[25] = on(x.and_then(|x| x.export_returns_down), 1);

    let earned = p.iter().take(23).fold(Decimal::ZERO, |a, v| a.saturating_add(*v));
    let max = d(100) + if agri_applies { d(3) } else { d(0) } + if food_applies { d(3) } else { d(0) };
    let bonus = p.iter().skip(23).fold(Decimal::ZERO, |a, v| a.saturating_add(*v)).min(d(5));
    // As zonescore: multiply first, so the division is the only inexact step.
    let base = earned.saturating_mul(d(100)).checked_div(max).unwrap_or(earned);
    let unrounded = base.saturating_add(bonus).min(d(100));
    let mut final_score = unrounded.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    final_score.rescale(1);

    let gate_failed = !matches!(policy, Policy::Encouraged | Policy::Permitted)
        || !matches!(subject, Subject::TownGovernment | Subject::SubdistrictOffice);
    let veto = incidents.is_some_and(|v| v > d(0))
        || flag(g.and_then(|g| g.falsified_material))
        || counterfeit.is_some_and(|v| v > d(0));
    let grade = if veto {
        "D"
    } else if final_score >= d(90) {
        "A"
    } else if final_score >= d(80) {
        "B"
    } else if final_score >= d(60) {
        "C"
    } else {
        "D"
    };
    let outcome = if gate_failed {
        "ineligible"
    } else if !veto && final_score >= d(80) {
        "named"
    } else {
        "not_named"
    };
    Ok(Summary { final_score, grade, outcome, points: p })
}
