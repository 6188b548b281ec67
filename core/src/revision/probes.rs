//! Boundary probes: submissions made from the rules themselves, one field changed on a base
//! submission to just below, at and just above every threshold of either ruleset (band
//! edges, conditions of parts, gates, vetoes and outcomes, grade edges), so a moved
//! threshold shows up even when no stored submission sits near it.
//!
//! A threshold on a field is probed directly. A threshold on a derived value or on the final
//! score is found by bisection along one field the value reads, on the field's precision.

use super::replay::{Probe, Unreached};
use super::RuleItem;
use crate::api::Ruleset;
use crate::expr::{parse, Ast, BinOp};
use crate::input::{dotted_to_pointer, Input};
use crate::model::{FieldType, Part, RuleFile, Text};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// What a threshold bounds.
#[derive(Debug, Clone, PartialEq)]
enum Quantity {
    /// A numeric field, by dotted path.
    Field(String),
    /// A derived value, by id.
    Derived(String),
    /// The rounded final score (grade edges, outcome conditions).
    FinalScore,
}

#[derive(Debug, Clone, PartialEq)]
enum Site {
    /// `quantity op at` holds or not.
    Number { quantity: Quantity, op: BinOp, at: Decimal },
    /// A yes/no field read as a condition.
    Flag(String),
    /// An enum field compared with a code.
    Code(String, String),
}

/// The probes of both rulesets' thresholds on `base`, each valid under at least one, and
/// the thresholds no probe could reach (a grade edge no field can bring the score to). A rule
/// of the old rules `renamed` (its kind, old id, new id) is named by its new id, as the same rule.
pub(super) fn make(
    old: &Ruleset,
    new: &Ruleset,
    base: &Input,
    renamed: &[(RuleItem, &str, &str)],
) -> (Vec<(Input, Probe)>, Vec<Unreached>) {
    let mut out: Vec<(Input, Probe)> = Vec::new();
    let mut unreached: Vec<Unreached> = Vec::new();
    for (rules, which) in [(old, "old"), (new, "new")] {
        for (kind, rule, site) in sites(&rules.compiled().model) {
            let rule = match renamed.iter().find(|(k, was, _)| which == "old" && *k == kind && *was == rule) {
                Some((_, _, now)) => (*now).to_owned(),
                None => rule,
            };
            let threshold = describe(rules, &site);
            let found = values(rules, base, &site);
            if found.is_empty() {
                match unreached.iter_mut().find(|u| u.rule == rule && u.threshold == threshold) {
                    Some(u) => u.rules = "both".into(),
                    None => unreached.push(Unreached {
                        rule: rule.clone(),
                        rules: which.into(),
                        threshold: threshold.clone(),
                    }),
                }
            }
            for found in found {
                let field = dotted_to_pointer(&found.field);
                let also: Vec<(String, String)> =
                    found.also.iter().map(|(f, v)| (dotted_to_pointer(f), v.clone())).collect();
                // One probe per rule and submission: `≥ 10` and `< 10` of one rule make the
                // same three; the same threshold from the other ruleset tests both.
                let same = |p: &Probe| p.rule == rule && p.field == field && p.value == found.value && p.also == also;
                if let Some((_, p)) = out.iter_mut().find(|(_, p)| same(p)) {
                    if p.rules != which && p.threshold == threshold {
                        p.rules = "both".into();
                    }
                    continue;
                }
                let Some(input) = build(base, &found) else { continue };
                if !old.validate(&input).valid && !new.validate(&input).valid {
                    continue;
                }
                let (value, position) = (found.value, found.position.to_owned());
                let probe = Probe {
                    rule: rule.clone(),
                    rules: which.into(),
                    threshold: threshold.clone(),
                    also,
                    field,
                    value,
                    position,
                };
                out.push((input, probe));
            }
        }
    }
    (out, unreached)
}

/// The base with a probe's fields set.
fn build(base: &Input, found: &Found) -> Option<Input> {
    let mut input = base.clone();
    for (field, value) in found.also.iter().chain(std::iter::once(&(found.field.clone(), found.value.clone()))) {
        let parsed = crate::input::parse_json(value.as_bytes(), 1024, 4).ok()?;
        input.set(field, Some(parsed.value));
    }
    Some(input)
}

/// Every threshold of a rule file with the id of the rule it belongs to, in file order.
fn sites(file: &RuleFile) -> Vec<(RuleItem, String, Site)> {
    let mut out = Vec::new();
    let cond = |kind: RuleItem, rule: &str, text: &str, out: &mut Vec<(RuleItem, String, Site)>| {
        if let Ok(ast) = parse(text) {
            walk(file, &ast, &mut |s| out.push((kind, rule.to_owned(), s)));
        }
    };
    for g in &file.gates {
        cond(RuleItem::Gate, &g.id, &g.when, &mut out);
    }
    let criteria = file.dimensions.iter().flat_map(|d| d.criteria.iter()).map(|c| (RuleItem::Criterion, c));
    let bonus = file.bonus.iter().flat_map(|b| b.items.iter()).map(|c| (RuleItem::BonusItem, c));
    for (kind, c) in criteria.chain(bonus) {
        if let Some(w) = &c.when {
            cond(kind, &c.id, w, &mut out);
        }
        for p in &c.parts {
            if let Some(text) = p.common().when {
                cond(kind, &c.id, text, &mut out);
            }
            let (value, bands) = match p {
                Part::Flag { value, .. } => {
                    cond(kind, &c.id, value, &mut out);
                    continue;
                }
                Part::Bands { value, bands, .. } => (value, bands),
                Part::Weighted { .. } => continue,
            };
            let Some(quantity) = parse(value).ok().and_then(|a| quantity(file, &a)) else {
                continue;
            };
            for band in bands {
                let site = Site::Number { quantity: quantity.clone(), op: BinOp::Ge, at: band.at_least };
                out.push((kind, c.id.clone(), site));
            }
        }
    }
    for v in &file.vetoes {
        cond(RuleItem::Veto, &v.id, &v.when, &mut out);
    }
    for g in &file.grades {
        if let Some(min) = g.min {
            let site = Site::Number { quantity: Quantity::FinalScore, op: BinOp::Ge, at: min };
            out.push((RuleItem::Grade, g.id.clone(), site));
        }
    }
    for o in &file.outcomes {
        if let Some(w) = &o.when {
            cond(RuleItem::Outcome, &o.id, w, &mut out);
        }
    }
    out
}

fn field_type(file: &RuleFile, path: &str) -> Option<FieldType> {
    file.fields.iter().find(|f| f.path == path).map(|f| f.field_type)
}

fn quantity(file: &RuleFile, ast: &Ast) -> Option<Quantity> {
    let Ast::Name(name, _) = ast else { return None };
    if name == "result.final_score" {
        return Some(Quantity::FinalScore);
    }
    if field_type(file, name).is_some_and(FieldType::is_numeric) {
        return Some(Quantity::Field(name.clone()));
    }
    file.derived.iter().any(|d| &d.id == name).then(|| Quantity::Derived(name.clone()))
}

/// The thresholds a condition holds: comparisons with a number, flags, enum codes.
fn walk(file: &RuleFile, ast: &Ast, found: &mut dyn FnMut(Site)) {
    match ast {
        Ast::Binary(op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne), l, r, _) => {
            match (l.as_ref(), r.as_ref()) {
                (q, Ast::Number(at, _)) | (Ast::Number(at, _), q) => {
                    if let Some(quantity) = quantity(file, q) {
                        found(Site::Number { quantity, op: *op, at: *at });
                    }
                }
                (Ast::Name(f, _), Ast::Text(code, _)) | (Ast::Text(code, _), Ast::Name(f, _)) => {
                    found(Site::Code(f.clone(), code.clone()));
                }
                _ => {
                    walk(file, l, found);
                    walk(file, r, found);
                }
            }
        }
        Ast::In(subject, list, _) => {
            if let Ast::Name(f, _) = subject.as_ref() {
                for item in list {
                    if let Ast::Text(code, _) = item {
                        found(Site::Code(f.clone(), code.clone()));
                    }
                }
            }
        }
        Ast::Name(f, _) if field_type(file, f) == Some(FieldType::Bool) => found(Site::Flag(f.clone())),
        Ast::Neg(e, _) | Ast::Not(e, _) => walk(file, e, found),
        Ast::Binary(_, l, r, _) => {
            walk(file, l, found);
            walk(file, r, found);
        }
        Ast::Call(_, args, _) => args.iter().for_each(|a| walk(file, a, found)),
        Ast::If(c, a, b, _) => [c, a, b].iter().for_each(|e| walk(file, e, found)),
        _ => {}
    }
}

/// The threshold in words: 现场抽检合格率 ≥ 95.
fn describe(rules: &Ruleset, site: &Site) -> Text {
    let file = &rules.compiled().model;
    let label = |path: &str| file.fields.iter().find(|f| f.path == path).map(|f| f.title.clone());
    match site {
        Site::Number { quantity, op, at } => {
            let name = match quantity {
                Quantity::Field(p) => label(p).unwrap_or_else(|| Text::new(p.clone(), p.clone())),
                Quantity::Derived(id) => file
                    .derived
                    .iter()
                    .find(|d| &d.id == id)
                    .map_or_else(|| Text::new(id.clone(), id.clone()), |d| d.title.clone()),
                Quantity::FinalScore => Text::new("最终得分", "final score"),
            };
            let sign = match op {
                BinOp::Ge => "≥",
                BinOp::Le => "≤",
                BinOp::Ne => "≠",
                BinOp::Eq => "=",
                other => other.symbol(),
            };
            Text::new(format!("{} {sign} {at}", name.zh), format!("{} {sign} {at}", name.en))
        }
        Site::Flag(f) => {
            let name = label(f).unwrap_or_else(|| Text::new(f.clone(), f.clone()));
            Text::new(format!("{}（是/否）", name.zh), format!("{} (yes/no)", name.en))
        }
        Site::Code(f, code) => {
            let name = label(f).unwrap_or_else(|| Text::new(f.clone(), f.clone()));
            Text::new(format!("{} = {code}", name.zh), format!("{} = {code}", name.en))
        }
    }
}

/// One probe: fields changed first (`also`, dotted path and JSON text), then `field`.
pub(super) struct Found {
    pub also: Vec<(String, String)>,
    pub field: String,
    pub value: String,
    pub position: &'static str,
}

/// The probes of one site.
fn values(rules: &Ruleset, base: &Input, site: &Site) -> Vec<Found> {
    let one =
        |(field, value, position): (String, String, &'static str)| Found { also: Vec::new(), field, value, position };
    match site {
        Site::Flag(f) => {
            let now = matches!(lookup(base, f), Some(Input::Bool(true)));
            vec![one((f.clone(), (!now).to_string(), "other"))]
        }
        Site::Code(f, code) => vec![one((f.clone(), format!("\"{code}\""), "at"))],
        Site::Number { quantity: Quantity::Field(f), at, .. } => {
            let step = step(rules, base, f, *at);
            let at = if whole(rules, f) { at.ceil() } else { *at };
            around(f, at, step).into_iter().map(one).collect()
        }
        Site::Number { quantity, op, at } => search(rules, base, quantity, *op, *at),
    }
}

fn around(f: &str, at: Decimal, step: Decimal) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for (v, position) in [(at.checked_sub(step), "below"), (Some(at), "at"), (at.checked_add(step), "above")] {
        if let Some(v) = v {
            out.push((f.to_owned(), v.to_string(), position));
        }
    }
    out
}

fn whole(rules: &Ruleset, path: &str) -> bool {
    field_type(&rules.compiled().model, path).is_some_and(FieldType::is_whole)
}

fn lookup<'a>(input: &'a Input, dotted: &str) -> Option<&'a Input> {
    dotted.split('.').try_fold(input, |node, key| node.get(key))
}

/// The field's precision: 1 for whole numbers, else the finest of the threshold, the base
/// value and one decimal place.
fn step(rules: &Ruleset, base: &Input, field: &str, at: Decimal) -> Decimal {
    if whole(rules, field) {
        return Decimal::ONE;
    }
    let base_scale = number_at(base, field).map_or(0, |d| d.normalize().scale());
    Decimal::new(1, at.normalize().scale().max(base_scale).clamp(1, 10))
}

/// The base's number at a field, read as the validator reads it (`2.014e3` too).
fn number_at(base: &Input, field: &str) -> Option<Decimal> {
    match lookup(base, field) {
        Some(Input::Number(text)) => crate::input::parse_number(text).ok(),
        _ => None,
    }
}

/// Where `quantity op at` flips, searched along one numeric field at a time. For a derived
/// value, each field it reads is tried alone. For the final score (grade edges, outcome
/// conditions), a field that cannot cross on its own is left at the value that came
/// closest and the search goes on with the next field, so the probe may change several.
fn search(rules: &Ruleset, base: &Input, quantity: &Quantity, op: BinOp, at: Decimal) -> Vec<Found> {
    let file = &rules.compiled().model;
    let candidates: Vec<String> = match quantity {
        Quantity::Derived(id) => reads(file, id),
        _ => sites(file)
            .into_iter()
            .filter_map(|(_, _, s)| match s {
                Site::Number { quantity: Quantity::Field(f), .. } => Some(f),
                _ => None,
            })
            .collect(),
    };
    let mut tried = BTreeSet::new();
    let mut work = base.clone();
    let mut also: Vec<(String, String)> = Vec::new();
    for field in candidates.into_iter().filter(|f| tried.insert(f.clone())) {
        match cross(rules, &work, quantity, op, at, &field) {
            Ok(found) => {
                return found
                    .into_iter()
                    .map(|(f, v, p)| Found { also: also.clone(), field: f, value: v, position: p })
                    .collect()
            }
            Err(Some(closer)) if *quantity == Quantity::FinalScore => {
                if let Ok(v) = crate::input::parse_json(closer.as_bytes(), 1024, 4) {
                    work.set(&field, Some(v.value));
                    also.push((field, closer));
                }
            }
            Err(_) => {}
        }
    }
    Vec::new()
}

/// The numeric fields a derived value reads, through other derived values, in reading order.
fn reads(file: &RuleFile, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![id.to_owned()];
    let mut visited = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !visited.insert(name.clone()) {
            continue;
        }
        let Some(d) = file.derived.iter().find(|d| d.id == name) else { continue };
        let Ok(ast) = parse(&d.value) else { continue };
        let mut names = Vec::new();
        crate::compile::names_in(&ast, &mut names);
        for n in names {
            if field_type(file, &n).is_some_and(FieldType::is_numeric) {
                out.push(n);
            } else {
                stack.push(n);
            }
        }
    }
    out
}

/// Where along `field` the condition flips: below, at and above that value. Steps double
/// away from the current value, down then up, within the field's range and while the
/// submission stays valid; a flip is then narrowed by bisection. Without a flip, the value
/// whose quantity came closest to `at`, when closer than now.
fn cross(
    rules: &Ruleset,
    base: &Input,
    quantity: &Quantity,
    op: BinOp,
    at: Decimal,
    field: &str,
) -> Result<Vec<(String, String, &'static str)>, Option<String>> {
    let compiled = rules.compiled();
    let decl = compiled.fields.iter().find(|f| f.decl.path == field).ok_or(None)?;
    let step = step(rules, base, field, Decimal::ZERO);
    let now = number_at(base, field);
    let origin = now.or(decl.min).unwrap_or_default();
    let value_at = |k: i64| origin.checked_add(step.checked_mul(Decimal::from(k))?);
    let within = |v: Decimal| decl.min.is_none_or(|m| v >= m) && decl.max.is_none_or(|m| v <= m);
    // The quantity with the field at origin + k steps, `None` when invalid or uncomputable.
    let measure = |k: i64| -> Option<Decimal> {
        let v = value_at(k).filter(|v| within(*v))?;
        let mut input = base.clone();
        input.set(field, Some(Input::Number(v.to_string())));
        let valid = compiled.check_input(&input, Vec::new()).ok()?;
        match quantity {
            Quantity::FinalScore => Some(compiled.summarize_valid(&valid).final_score),
            Quantity::Derived(id) => {
                let index = compiled.model.derived.iter().position(|d| &d.id == id)?;
                compiled.derived_value(&valid, index)?.to_decimal().ok()
            }
            Quantity::Field(_) => None,
        }
    };
    let holds = |m: Decimal| if matches!(op, BinOp::Gt | BinOp::Le) { m > at } else { m >= at };
    let start = if now.is_some() { measure(0) } else { None };
    let mut closest: Option<(Decimal, i64)> = start.map(|m| ((m - at).abs(), 0));
    for direction in [-1_i64, 1] {
        let (mut last_k, mut last_m) = (0_i64, start);
        for power in 0..62 {
            let k = direction * (1_i64 << power);
            let Some(m) = measure(k) else { break };
            if closest.is_none_or(|(d, _)| (m - at).abs() < d) {
                closest = Some(((m - at).abs(), k));
            }
            match last_m {
                Some(prev) if holds(prev) != holds(m) => {
                    let (mut a, mut b) = if direction > 0 { (last_k, k) } else { (k, last_k) };
                    let ha = if direction > 0 { holds(prev) } else { holds(m) };
                    // INVARIANT: the condition at a is ha and at b is not; the flip is between.
                    while b - a > 1 {
                        let mid = a + (b - a) / 2;
                        match measure(mid) {
                            Some(x) if holds(x) == ha => a = mid,
                            Some(_) => b = mid,
                            None => return Err(None),
                        }
                    }
                    let v = value_at(b).ok_or(None)?;
                    return Ok(around(field, v, step)
                        .into_iter()
                        .filter(|(_, t, _)| t.parse().is_ok_and(within))
                        .collect());
                }
                _ => {}
            }
            (last_k, last_m) = (k, Some(m));
        }
    }
    Err(closest.filter(|(_, k)| *k != 0).and_then(|(_, k)| value_at(k)).map(|v| v.to_string()))
}
