//! Boundary probes: submissions made from the rules themselves, one field changed on a base
//! submission to just below, at and just above every threshold of either ruleset (band
//! edges, conditions of parts, gates, vetoes and outcomes, grade edges), so a moved
//! threshold shows up even when no stored submission sits near it.
//!
//! A threshold on a field is probed directly. A threshold on a derived value or on the final
//! score is found by bisection along one field the value reads, on the field's precision.

use super::replay::Probe;
use crate::api::Ruleset;
use crate::expr::{parse, Ast, BinOp};
use crate::input::{dotted_to_pointer, Input};
use crate::model::{FieldType, RuleFile, Text};
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

/// The probes of both rulesets' thresholds on `base`, each valid under at least one.
pub(super) fn make(old: &Ruleset, new: &Ruleset, base: &Input) -> Vec<(Input, Probe)> {
    let mut out: Vec<(Input, Probe)> = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (rules, which) in [(old, "old"), (new, "new")] {
        for (rule, site) in sites(&rules.compiled().model) {
            for (dotted, value, position) in values(rules, base, &site) {
                let field = dotted_to_pointer(&dotted);
                let key = (field.clone(), value.clone());
                let threshold = describe(rules, &site);
                if !seen.insert(key.clone()) {
                    // The same probe from the other ruleset's same rule: it tests both.
                    if let Some((_, p)) = out.iter_mut().find(|(_, p)| (p.field.clone(), p.value.clone()) == key) {
                        if p.rule == rule && p.rules != which && p.threshold == threshold {
                            p.rules = "both".into();
                        }
                    }
                    continue;
                }
                let Ok(parsed) = crate::input::parse_json(value.as_bytes(), 1024, 4) else { continue };
                let mut input = base.clone();
                input.set(&dotted, Some(parsed.value));
                if !old.validate(&input).valid && !new.validate(&input).valid {
                    continue;
                }
                let probe = Probe { rule: rule.clone(), rules: which.into(), threshold, field, value, position };
                out.push((input, probe));
            }
        }
    }
    out
}

/// Every threshold of a rule file with the id of the rule it belongs to, in file order.
fn sites(file: &RuleFile) -> Vec<(String, Site)> {
    let mut out = Vec::new();
    let mut cond = |rule: &str, text: &str, out: &mut Vec<(String, Site)>| {
        if let Ok(ast) = parse(text) {
            walk(file, &ast, &mut |s| out.push((rule.to_owned(), s)));
        }
    };
    for g in &file.gates {
        cond(&g.id, &g.when, &mut out);
    }
    let bonus = file.bonus.iter().flat_map(|b| b.items.iter());
    for c in file.dimensions.iter().flat_map(|d| d.criteria.iter()).chain(bonus) {
        if let Some(w) = &c.applies_when {
            cond(&c.id, w, &mut out);
        }
        for p in &c.parts {
            for text in [&p.requires, &p.when].into_iter().flatten() {
                cond(&c.id, text, &mut out);
            }
            let Some(quantity) = p.value.as_deref().and_then(|v| parse(v).ok()).and_then(|a| quantity(file, &a)) else {
                continue;
            };
            for band in &p.bands {
                out.push((c.id.clone(), Site::Number { quantity: quantity.clone(), op: BinOp::Ge, at: band.at_least }));
            }
        }
    }
    for v in &file.vetoes {
        cond(&v.id, &v.fires_when, &mut out);
    }
    for g in &file.grades {
        if let Some(min) = g.min {
            out.push((g.id.clone(), Site::Number { quantity: Quantity::FinalScore, op: BinOp::Ge, at: min }));
        }
    }
    for o in &file.outcomes {
        if let Some(w) = &o.when {
            cond(&o.id, w, &mut out);
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
    let label = |path: &str| file.fields.iter().find(|f| f.path == path).map(|f| f.label.clone());
    match site {
        Site::Number { quantity, op, at } => {
            let name = match quantity {
                Quantity::Field(p) => label(p).unwrap_or_else(|| Text::new(p.clone(), p.clone())),
                Quantity::Derived(id) => file
                    .derived
                    .iter()
                    .find(|d| &d.id == id)
                    .map_or_else(|| Text::new(id.clone(), id.clone()), |d| d.label.clone()),
                Quantity::FinalScore => Text::new("最终得分", "final score"),
            };
            let sign = op.symbol();
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

/// The probes of one site: (dotted field, JSON value text, position).
fn values(rules: &Ruleset, base: &Input, site: &Site) -> Vec<(String, String, String)> {
    match site {
        Site::Flag(f) => {
            let now = matches!(lookup(base, f), Some(Input::Bool(true)));
            vec![(f.clone(), (!now).to_string(), "other".into())]
        }
        Site::Code(f, code) => vec![(f.clone(), format!("\"{code}\""), "at".into())],
        Site::Number { quantity: Quantity::Field(f), at, .. } => {
            let Some(step) = step(rules, base, f, *at) else { return Vec::new() };
            let at = if whole(rules, f) { at.ceil() } else { *at };
            around(f, at, step)
        }
        Site::Number { quantity, op, at } => search(rules, base, quantity, *op, *at),
    }
}

fn around(f: &str, at: Decimal, step: Decimal) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (v, position) in [(at.checked_sub(step), "below"), (Some(at), "at"), (at.checked_add(step), "above")] {
        if let Some(v) = v {
            out.push((f.to_owned(), v.to_string(), position.to_owned()));
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
fn step(rules: &Ruleset, base: &Input, field: &str, at: Decimal) -> Option<Decimal> {
    if whole(rules, field) {
        return Some(Decimal::ONE);
    }
    let base_scale = match lookup(base, field) {
        Some(Input::Number(text)) => text.parse::<Decimal>().map_or(0, |d| d.normalize().scale()),
        _ => 0,
    };
    let scale = at.normalize().scale().max(base_scale).clamp(1, 10);
    Some(Decimal::new(1, scale))
}

/// Bisection along one numeric field for where `quantity op at` flips, trying each field the
/// quantity reads (for the final score, each field a band reads) until one crosses.
fn search(rules: &Ruleset, base: &Input, quantity: &Quantity, op: BinOp, at: Decimal) -> Vec<(String, String, String)> {
    let file = &rules.compiled().model;
    let candidates: Vec<String> = match quantity {
        Quantity::Derived(id) => reads(file, id),
        _ => sites(file)
            .into_iter()
            .filter_map(|(_, s)| match s {
                Site::Number { quantity: Quantity::Field(f), .. } => Some(f),
                _ => None,
            })
            .collect(),
    };
    let mut tried = BTreeSet::new();
    for field in candidates.into_iter().filter(|f| tried.insert(f.clone())) {
        if let Some(found) = cross(rules, base, quantity, op, at, &field) {
            return found;
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
        let Ok(ast) = parse(&d.expr) else { continue };
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

/// Where along `field` the condition flips: below, at and above that value.
fn cross(
    rules: &Ruleset,
    base: &Input,
    quantity: &Quantity,
    op: BinOp,
    at: Decimal,
    field: &str,
) -> Option<Vec<(String, String, String)>> {
    let compiled = rules.compiled();
    let decl = compiled.fields.iter().find(|f| f.decl.path == field)?;
    let step = step(rules, base, field, Decimal::ZERO)?;
    let now = match lookup(base, field) {
        Some(Input::Number(t)) => t.parse::<Decimal>().ok(),
        _ => None,
    }
    .unwrap_or_default();
    let reach = now.abs().max(Decimal::ONE).checked_mul(Decimal::from(1000))?;
    let lo = decl.min.unwrap_or(now.checked_sub(reach)?);
    let hi = decl.max.unwrap_or(now.checked_add(reach)?);
    let holds = |k: i64| -> Option<bool> {
        let v = lo.checked_add(step.checked_mul(Decimal::from(k))?)?;
        let mut input = base.clone();
        input.set(field, Some(Input::Number(v.to_string())));
        let valid = compiled.check_input(&input, Vec::new()).ok()?;
        let value = match quantity {
            Quantity::FinalScore => compiled.summarize_valid(&valid).final_score,
            Quantity::Derived(id) => {
                let index = compiled.model.derived.iter().position(|d| &d.id == id)?;
                compiled.derived_value(&valid, index)?.to_decimal().ok()?
            }
            Quantity::Field(_) => return None,
        };
        Some(match op {
            BinOp::Gt | BinOp::Le => value > at,
            _ => value >= at,
        })
    };
    let last: i64 = ((hi - lo) / step).floor().try_into().ok()?;
    let (mut a, mut b) = (0_i64, last);
    let (ha, hb) = (holds(a)?, holds(b)?);
    if ha == hb {
        return None;
    }
    // INVARIANT: holds(a) == ha and holds(b) != ha; the flip is between them.
    while b - a > 1 {
        let mid = a + (b - a) / 2;
        if holds(mid)? == ha {
            a = mid;
        } else {
            b = mid;
        }
    }
    let v = lo.checked_add(step.checked_mul(Decimal::from(b))?)?;
    let within = |text: &str| text.parse::<Decimal>().is_ok_and(|d| d >= lo && d <= hi);
    Some(around(field, v, step).into_iter().filter(|(_, text, _)| within(text)).collect())
}
