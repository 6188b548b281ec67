//! Rule format 1 to 2: the same rules under format 2's names, for files read in format 1
//! and for `zonescore migrate`.
//!
//! The migration works on the file's tree (a TOML or JSON text read into JSON values, in
//! its own key order), so one function serves both formats. What format 2 states once and
//! format 1 stated several times (the effective period) is checked to agree, and a file
//! whose statements disagree is refused with the place that disagrees.

#[cfg(feature = "toml")]
mod toml_text;

use crate::compile::DiagnosticCode;
use crate::compile::{Diagnostic, RuleFormat, RulePath, RulePathSeg, RulesetError};
use crate::model::Text;
use serde_json::{Map, Value};

/// A rule file in format 2, from `migrate_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// The file's text in format 2, in the format it was read in.
    pub text: String,
    /// Whether the file was format 1; `false` gives a format 2 file back unchanged.
    pub changed: bool,
}

/// Rewrites a format 1 rule file's text as format 2, in the same format (TOML or JSON).
/// The result is compiled before it is given back, so a migration never writes a file
/// that does not load; a file with problems gets them, located in its own text.
/// Comments of a TOML file are not carried over: the original stays beside the result.
pub fn migrate_text(text: &str, format: Option<RuleFormat>, origin: &str) -> Result<Migrated, RulesetError> {
    let format = format.unwrap_or_else(|| RuleFormat::detect(origin, text));
    // The file must load as it is: its own problems are told at its own lines.
    crate::compile::compile_text(text, format, origin)?;
    let fail = |d: Diagnostic| RulesetError { origin: origin.to_owned(), diagnostics: vec![d] };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut tree = crate::compile::parse_tree(body, format).map_err(fail)?;
    if tree.get("format_version").and_then(Value::as_u64) != Some(1) {
        return Ok(Migrated { text: text.to_owned(), changed: false });
    }
    migrate_v1(&mut tree)
        .map_err(|p| fail(Diagnostic::about_file(DiagnosticCode::CannotMigrate, p.message.zh, p.message.en)))?;
    let out = match (format, tree.as_object()) {
        #[cfg(feature = "toml")]
        (RuleFormat::Toml, Some(root)) => {
            toml_text::write(root, &["Rule format 2, migrated from format 1 by `zonescore migrate`."])
        }
        _ => {
            let mut json = serde_json::to_string_pretty(&tree).unwrap_or_default();
            json.push('\n');
            json
        }
    };
    crate::compile::compile_text(&out, format, origin)?;
    Ok(Migrated { text: out, changed: true })
}

/// The notice format 2 gives for a year outside the effective period, in both languages.
pub(crate) fn effective_period_message(from_year: i64, to_year: i64) -> Text {
    Text::new(
        format!("考核年度不在本规则的有效期（{from_year}—{to_year} 年）内，结果仅供参考"),
        format!("the assessment year is outside the ruleset's effective period ({from_year}–{to_year}); the result is for reference only"),
    )
}

/// The id of the notice of a year outside the effective period.
pub(crate) const EFFECTIVE_PERIOD_NOTICE: &str = "year_outside_effective_period";

/// The year of a `YYYY-MM-DD` date.
pub(crate) fn year_of(date: &str) -> Option<i64> {
    date.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit())).and_then(|y| y.parse().ok())
}

/// The sections of a format 2 file in the order it is written.
const ORDER: [&str; 17] = [
    "format_version",
    "ruleset",
    "pipeline",
    "goal",
    "gates",
    "dimensions",
    "bonus",
    "vetoes",
    "grades",
    "outcomes",
    "notes",
    "warnings",
    "groups",
    "fields",
    "constraints",
    "derived",
    "clauses",
];

/// The keys format 2 renames in each list of tables: format 1's name, then format 2's.
const RENAMES: [(&str, &[(&str, &str)]); 6] = [
    ("groups", &[("label", "title")]),
    ("fields", &[("label", "title")]),
    ("derived", &[("expr", "value"), ("label", "title")]),
    ("grades", &[("label", "title")]),
    ("outcomes", &[("label", "title")]),
    ("vetoes", &[("fires_when", "when")]),
];

/// The keys of a field's enum value, a criterion and a part that format 2 renames.
const VALUE_RENAMES: &[(&str, &str)] = &[("label", "title")];
const CRITERION_RENAMES: &[(&str, &str)] = &[("applies_when", "when")];
/// A flag's `when` becomes its `value` first, so that `requires` can become `when`.
const FLAG_RENAMES: &[(&str, &str)] = &[("when", "value")];
const PART_RENAMES: &[(&str, &str)] = &[("label", "title"), ("requires", "when")];

/// Why a format 1 file cannot be migrated: where (a dotted rule path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationProblem {
    /// Rule path of the key (`goal.from_year`).
    pub path: String,
    /// What disagrees, in both languages.
    pub message: Text,
}

/// Rewrites a format 1 rule file's tree as format 2, in place. A tree that is not a table
/// is left as it is (reading it then says why).
pub fn migrate_v1(file: &mut Value) -> Result<(), MigrationProblem> {
    let Some(root) = file.as_object_mut() else { return Ok(()) };
    if root.get("format_version").and_then(Value::as_u64) != Some(1) {
        return Ok(());
    }
    conflicts(root)?;
    root.insert("format_version".into(), 2.into());
    let mut pipeline = root.shift_remove("final_score").unwrap_or_else(|| Value::Object(Map::new()));
    if let (Some(p), Some(grade)) = (pipeline.as_object_mut(), root.shift_remove("veto_grade")) {
        p.insert("veto_grade".into(), grade);
    }
    let effective = effective_years(root);
    goal(root, effective)?;
    effective_notice(root);
    root.insert("pipeline".into(), std::mem::take(&mut pipeline));
    // Format 2's order: the rules as the published table reads, then the form.
    let mut out = Map::new();
    for key in ORDER {
        if let Some(value) = root.shift_remove(key) {
            out.insert(key.to_owned(), value);
        }
    }
    out.extend(std::mem::take(root));
    *root = out;
    for (list, renames) in RENAMES {
        for item in items(root.get_mut(list)) {
            rename(item, renames);
            if list == "fields" {
                items(item.get_mut("values")).for_each(|v| rename(v, VALUE_RENAMES));
            }
        }
    }
    for c in items(root.get_mut("constraints")) {
        constraint(c);
    }
    for d in items(root.get_mut("dimensions")) {
        items(d.get_mut("criteria")).for_each(criterion);
    }
    if let Some(bonus) = root.get_mut("bonus").and_then(Value::as_object_mut) {
        items(bonus.get_mut("items")).for_each(criterion);
    }
    Ok(())
}

/// A format 1 key written beside its format 2 name (`fires_when` and `when`, a half-migrated
/// file): one of the two would silently be lost, so neither is taken.
fn conflicts(root: &Map<String, Value>) -> Result<(), MigrationProblem> {
    let check = |table: &Map<String, Value>, at: &str, pairs: &[(&str, &str)]| {
        let clash = pairs.iter().find(|(old, new)| table.contains_key(*old) && table.contains_key(*new));
        clash.map_or(Ok(()), |(old, new)| {
            Err(MigrationProblem {
                path: if at.is_empty() { (*new).to_owned() } else { format!("{at}.{new}") },
                message: Text::new(
                    format!("`{old}` 与 `{new}` 同时出现：格式 1 的 `{old}` 即格式 2 的 `{new}`，只能保留一个"),
                    format!("both `{old}` and `{new}`: format 1's `{old}` is format 2's `{new}`; keep one"),
                ),
            })
        })
    };
    check(root, "", &[("final_score", "pipeline")])?;
    // The top-level `veto_grade` moves into the pipeline, where one may already be.
    let in_pipeline = root.get("final_score").and_then(|p| p.get("veto_grade")).is_some();
    if root.contains_key("veto_grade") && in_pipeline {
        return Err(MigrationProblem {
            path: "final_score.veto_grade".into(),
            message: Text::new(
                "`veto_grade` 写了两处：顶层一处、`final_score` 中一处，只能保留一个",
                "`veto_grade` is written twice, at the top and in `final_score`; keep one",
            ),
        });
    }
    for (key, pairs) in RENAMES {
        for (i, item) in tables(root.get(key)).enumerate() {
            check(item, &format!("{key}[{i}]"), pairs)?;
            for (j, v) in tables(item.get("values")).enumerate() {
                check(v, &format!("{key}[{i}].values[{j}]"), VALUE_RENAMES)?;
            }
        }
    }
    // `left`, `op` and `right` become `when`.
    for (i, c) in tables(root.get("constraints")).enumerate() {
        check(c, &format!("constraints[{i}]"), &[("left", "when"), ("op", "when"), ("right", "when")])?;
    }
    let mut criteria: Vec<(String, &Map<String, Value>)> = Vec::new();
    for (d, dim) in tables(root.get("dimensions")).enumerate() {
        criteria.extend(
            tables(dim.get("criteria")).enumerate().map(|(c, x)| (format!("dimensions[{d}].criteria[{c}]"), x)),
        );
    }
    let bonus = root.get("bonus").and_then(|b| b.get("items"));
    criteria.extend(tables(bonus).enumerate().map(|(i, c)| (format!("bonus.items[{i}]"), c)));
    for (at, c) in criteria {
        check(c, &at, CRITERION_RENAMES)?;
        for (p, part) in tables(c.get("parts")).enumerate() {
            let pairs = if is_flag(part) { [FLAG_RENAMES, VALUE_RENAMES].concat() } else { PART_RENAMES.to_vec() };
            check(part, &format!("{at}.parts[{p}]"), &pairs)?;
        }
    }
    Ok(())
}

/// The tables of an array, read only (nothing for anything else).
fn tables(list: Option<&Value>) -> impl Iterator<Item = &Map<String, Value>> {
    list.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object)
}

/// The tables of an array (nothing for anything else).
fn items(list: Option<&mut Value>) -> impl Iterator<Item = &mut Map<String, Value>> {
    list.and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut)
}

/// Renames keys in place, keeping their order.
fn rename(table: &mut Map<String, Value>, renames: &[(&str, &str)]) {
    if !renames.iter().any(|(old, _)| table.contains_key(*old)) {
        return;
    }
    *table = std::mem::take(table)
        .into_iter()
        .map(|(k, v)| match renames.iter().find(|(old, _)| *old == k) {
            Some((_, new)) => ((*new).to_owned(), v),
            None => (k, v),
        })
        .collect();
}

fn criterion(c: &mut Map<String, Value>) {
    rename(c, CRITERION_RENAMES);
    for p in items(c.get_mut("parts")) {
        if is_flag(p) {
            rename(p, FLAG_RENAMES);
        }
        rename(p, PART_RENAMES);
    }
}

fn is_flag(part: &Map<String, Value>) -> bool {
    part.get("kind").and_then(Value::as_str) == Some("flag")
}

/// `left`, `op`, `right` become one comparison in `when`.
fn constraint(c: &mut Map<String, Value>) {
    let sign = match c.get("op").and_then(Value::as_str) {
        Some("le") => "<=",
        Some("lt") => "<",
        Some("ge") => ">=",
        Some("gt") => ">",
        _ => return,
    };
    let (Some(left), Some(right)) = (c.get("left").and_then(Value::as_str), c.get("right").and_then(Value::as_str))
    else {
        return;
    };
    let when = format!("{left} {sign} {right}");
    *c = std::mem::take(c)
        .into_iter()
        .filter_map(|(k, v)| match k.as_str() {
            "left" => Some(("when".to_owned(), Value::String(when.clone()))),
            "op" | "right" => None,
            _ => Some((k, v)),
        })
        .collect();
}

/// The years of `ruleset.effective`, when it is there and well written.
fn effective_years(root: &Map<String, Value>) -> Option<(i64, i64)> {
    let e = root.get("ruleset")?.get("effective")?;
    Some((year_of(e.get("from")?.as_str()?)?, year_of(e.get("to")?.as_str()?)?))
}

/// The goal's years are the effective period's in format 2: equal ones are dropped, and a
/// file without an effective period gets one spanning those years.
fn goal(root: &mut Map<String, Value>, effective: Option<(i64, i64)>) -> Result<(), MigrationProblem> {
    let Some(goal) = root.get_mut("goal").and_then(Value::as_object_mut) else { return Ok(()) };
    let (Some(from), Some(to)) =
        (goal.get("from_year").and_then(Value::as_i64), goal.get("to_year").and_then(Value::as_i64))
    else {
        return Ok(());
    };
    goal.shift_remove("from_year");
    goal.shift_remove("to_year");
    match effective {
        Some(years) if years == (from, to) => Ok(()),
        Some((f, t)) => Err(MigrationProblem {
            path: "goal.from_year".into(),
            message: Text::new(
                format!("目标年度 {from}—{to} 与有效期年度 {f}—{t} 不一致；规则格式 2 中目标按有效期计年"),
                format!("the goal's years {from}–{to} differ from the effective period's {f}–{t}; in format 2 a goal counts the effective period's years"),
            ),
        }),
        None => {
            let ruleset = root.get_mut("ruleset").and_then(Value::as_object_mut);
            if let Some(r) = ruleset {
                let mut period = Map::new();
                period.insert("from".into(), format!("{from}-01-01").into());
                period.insert("to".into(), format!("{to}-12-31").into());
                r.insert("effective".into(), Value::Object(period));
            }
            Ok(())
        }
    }
}

/// Format 2 gives the notice of a year outside the effective period itself: a format 1
/// warning that says just that is dropped, its clauses kept on the period. One worded
/// otherwise stays, and stands in for format 2's. A file that gave no such warning keeps
/// giving none (`notice = false`), so it scores as it did.
fn effective_notice(root: &mut Map<String, Value>) {
    let Some((from, to)) = effective_years(root) else { return };
    let Some(year_field) = root.get("ruleset").and_then(|r| r.get("year_field")).and_then(Value::as_str) else {
        return;
    };
    let year_field = year_field.to_owned();
    let when = format!("{year_field} < {from} or {year_field} > {to}");
    let message = effective_period_message(from, to);
    let declared = ["warnings", "notes"].iter().any(|list| {
        root.get(*list)
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|w| w.get("id").and_then(Value::as_str) == Some(EFFECTIVE_PERIOD_NOTICE)))
    });
    if !declared {
        let period = root.get_mut("ruleset").and_then(|r| r.get_mut("effective")).and_then(Value::as_object_mut);
        if let Some(period) = period {
            period.insert("notice".into(), false.into());
        }
        return;
    }
    let Some(warnings) = root.get_mut("warnings").and_then(Value::as_array_mut) else { return };
    let Some(at) = warnings.iter().position(|w| {
        w.get("id").and_then(Value::as_str) == Some(EFFECTIVE_PERIOD_NOTICE)
            && w.get("when").and_then(Value::as_str) == Some(when.as_str())
            && w.get("path").and_then(Value::as_str).is_none_or(|p| p == year_field)
            && w.get("for_each").is_none()
            && w.get("message").and_then(|m| m.get("zh")).and_then(Value::as_str) == Some(message.zh.as_str())
            && w.get("message").and_then(|m| m.get("en")).and_then(Value::as_str) == Some(message.en.as_str())
    }) else {
        return;
    };
    let removed = warnings.remove(at);
    if warnings.is_empty() {
        root.shift_remove("warnings");
    }
    let clause = removed.get("clause").filter(|c| c.as_array().is_some_and(|a| !a.is_empty()));
    let period = root.get_mut("ruleset").and_then(|r| r.get_mut("effective")).and_then(Value::as_object_mut);
    if let (Some(period), Some(clause)) = (period, clause) {
        period.insert("clause".into(), clause.clone());
    }
}

/// The places in a format 1 file of a format 2 rule path, most likely first: a problem
/// found in a migrated file is shown where its file has it.
pub(crate) fn v1_paths(path: &RulePath) -> Vec<RulePath> {
    let segs = &path.0;
    let n = segs.len();
    let key_at = |i: Option<usize>| match i.and_then(|i| segs.get(i)) {
        Some(RulePathSeg::Key(k)) => Some(k.as_ref()),
        _ => None,
    };
    let (first, parent, last) = (key_at(Some(0)), key_at(n.checked_sub(3)), key_at(n.checked_sub(1)));
    let with_last = |keys: &[&'static str]| -> Vec<RulePath> {
        keys.iter()
            .map(|k| {
                let mut p = path.clone();
                if let Some(seg) = p.0.last_mut() {
                    *seg = RulePathSeg::Key((*k).into());
                }
                p
            })
            .collect()
    };
    match (first, parent, last) {
        (Some("pipeline"), _, Some("veto_grade")) if n == 2 => vec![RulePath::default().key("veto_grade")],
        (Some("pipeline"), _, _) => {
            let mut p = path.clone();
            if let Some(first) = p.0.first_mut() {
                *first = RulePathSeg::Key("final_score".into());
            }
            vec![p]
        }
        (_, Some("parts"), Some("title")) => with_last(&["label"]),
        (_, Some("parts"), Some("when")) => with_last(&["requires"]),
        // A flag part's condition was its `when`; a bands part's number was its `value`.
        (_, Some("parts"), Some("value")) => with_last(&["value", "when"]),
        (_, Some("criteria" | "items"), Some("when")) => with_last(&["applies_when"]),
        (_, Some("vetoes"), Some("when")) => with_last(&["fires_when"]),
        (_, Some("constraints"), Some("when")) => with_last(&["left"]),
        (_, Some("derived"), Some("value")) => with_last(&["expr"]),
        (_, Some("groups" | "fields" | "values" | "derived" | "grades" | "outcomes"), Some("title")) => {
            with_last(&["label"])
        }
        _ => vec![path.clone()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_renamed_key_moves_and_keeps_its_place() {
        let mut v1 = json!({
            "format_version": 1,
            "final_score": {"rounding": {"places": 1, "mode": "half_even"}},
            "veto_grade": "D",
            "ruleset": {"id": "x", "year_field": "s.year", "effective": {"from": "2011-05-12", "to": "2015-09-30"}},
            "goal": {"title": "g", "from_year": 2011, "to_year": 2015, "target": 3},
            "fields": [{"path": "s.a", "label": "A", "values": [{"code": "c", "label": "C"}]}],
            "constraints": [{"id": "c", "left": "s.a", "op": "le", "right": "s.b"}],
            "derived": [{"id": "d", "expr": "s.a", "label": "D"}],
            "dimensions": [{"id": "A", "criteria": [{"id": "A1", "applies_when": "s.on", "parts": [
                {"kind": "flag", "label": "L", "requires": "s.r", "when": "s.f", "points": 1},
                {"kind": "bands", "requires": "s.r", "value": "s.a", "bands": []}
            ]}]}],
            "vetoes": [{"id": "V1", "fires_when": "s.v"}],
            "grades": [{"id": "A", "label": "优"}],
            "warnings": [{"id": "year_outside_effective_period", "path": "s.year", "clause": ["§4.2"],
                "when": "s.year < 2011 or s.year > 2015",
                "message": {"zh": effective_period_message(2011, 2015).zh, "en": effective_period_message(2011, 2015).en}}]
        });
        migrate_v1(&mut v1).unwrap();
        let expected = json!({
            "format_version": 2,
            "ruleset": {"id": "x", "year_field": "s.year",
                "effective": {"from": "2011-05-12", "to": "2015-09-30", "clause": ["§4.2"]}},
            "pipeline": {"rounding": {"places": 1, "mode": "half_even"}, "veto_grade": "D"},
            "goal": {"title": "g", "target": 3},
            "dimensions": [{"id": "A", "criteria": [{"id": "A1", "when": "s.on", "parts": [
                {"kind": "flag", "title": "L", "when": "s.r", "value": "s.f", "points": 1},
                {"kind": "bands", "when": "s.r", "value": "s.a", "bands": []}
            ]}]}],
            "vetoes": [{"id": "V1", "when": "s.v"}],
            "grades": [{"id": "A", "title": "优"}],
            "fields": [{"path": "s.a", "title": "A", "values": [{"code": "c", "title": "C"}]}],
            "constraints": [{"id": "c", "when": "s.a <= s.b"}],
            "derived": [{"id": "d", "value": "s.a", "title": "D"}]
        });
        assert_eq!(v1, expected);
        assert_eq!(
            serde_json::to_string(&v1).unwrap(),
            serde_json::to_string(&expected).unwrap(),
            "format 2's order, each table's keys in their own"
        );
    }

    #[test]
    fn a_goal_over_other_years_than_the_period_is_refused_and_one_without_a_period_makes_it() {
        let mut v1 = json!({"format_version": 1, "ruleset": {"effective": {"from": "2012-01-01", "to": "2015-12-31"}},
            "goal": {"from_year": 2011, "to_year": 2015}});
        assert_eq!(migrate_v1(&mut v1).unwrap_err().path, "goal.from_year");
        let mut v1 = json!({"format_version": 1, "ruleset": {"id": "x"}, "goal": {"from_year": 2011, "to_year": 2015}});
        migrate_v1(&mut v1).unwrap();
        assert_eq!(v1["ruleset"]["effective"], json!({"from": "2011-01-01", "to": "2015-12-31"}));
        // With a year field and no warning of its own, the file keeps giving no notice.
        let mut v1 = json!({"format_version": 1, "ruleset": {"id": "x", "year_field": "s.y"},
            "goal": {"from_year": 2011, "to_year": 2015}});
        migrate_v1(&mut v1).unwrap();
        assert_eq!(v1["ruleset"]["effective"]["notice"], json!(false));
    }

    #[test]
    fn a_period_warning_worded_otherwise_stays_and_other_versions_are_untouched() {
        let mut v1 = json!({"format_version": 1, "ruleset": {"year_field": "s.y",
            "effective": {"from": "2011-01-01", "to": "2015-12-31"}},
            "warnings": [{"id": "year_outside_effective_period", "when": "s.y < 2011 or s.y > 2015",
                "message": {"zh": "年度不对", "en": "wrong year"}}]});
        migrate_v1(&mut v1).unwrap();
        assert_eq!(v1["warnings"][0]["message"]["en"], "wrong year");
        let mut v2 = json!({"format_version": 2, "final_score": 1});
        migrate_v1(&mut v2).unwrap();
        assert_eq!(v2, json!({"format_version": 2, "final_score": 1}));
    }
}
