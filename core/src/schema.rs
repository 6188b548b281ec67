//! The JSON Schema (draft 2020-12) of a ruleset's submissions, generated from its field
//! declarations, with zh/en titles, help, units and enum labels for form generators.
//!
//! Standard keywords carry everything a validator needs; bilingual texts ride in
//! `x-` keywords (`x-title`, `x-help`, `x-unit`, `x-enum-labels`, `x-constraints`),
//! which validators ignore and form code reads. `title` and `description` are in
//! Chinese, the language of the forms' users.

use crate::compile::{CField, CompiledRuleset, Group, Member};
use crate::expr::FieldValue;
use crate::model::FieldType;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

fn number(d: Decimal) -> Value {
    let n = d.normalize();
    if n.fract().is_zero() {
        if let Ok(i) = i64::try_from(n) {
            return json!(i);
        }
    }
    // Bounds are short decimals (0, 100, 2000); their f64 text is the same number.
    serde_json::Number::from_f64(crate::input::nearest_f64(n)).map_or(Value::Null, Value::Number)
}

fn leaf(f: &CField) -> Value {
    let d = &f.decl;
    let base = match d.field_type {
        FieldType::Text => "string",
        FieldType::Bool => "boolean",
        FieldType::Integer | FieldType::Count => "integer",
        FieldType::Decimal | FieldType::Percent | FieldType::Amount => "number",
        FieldType::Enum => "string",
    };
    let mut s = Map::new();
    // `null` is an empty form field: allowed (as missing) unless the field is required.
    s.insert("type".into(), if d.required { json!(base) } else { json!([base, "null"]) });
    s.insert("title".into(), json!(d.title.zh));
    if let Some(h) = &d.help {
        s.insert("description".into(), json!(h.zh));
    }
    match d.field_type {
        FieldType::Text => {
            s.insert("minLength".into(), json!(1));
            s.insert("maxLength".into(), json!(f.max_length));
        }
        FieldType::Enum => {
            let mut codes: Vec<Value> = d.values.iter().map(|v| json!(v.code)).collect();
            if !d.required {
                codes.push(Value::Null);
            }
            s.insert("enum".into(), Value::Array(codes));
            let labels: Vec<Value> = d.values.iter().map(|v| json!({"code": v.code, "label": v.title})).collect();
            s.insert("x-enum-labels".into(), Value::Array(labels));
        }
        _ => {}
    }
    if let Some(m) = f.min {
        s.insert("minimum".into(), number(m));
    }
    if let Some(m) = f.max {
        s.insert("maximum".into(), number(m));
    }
    if let Some(def) = &f.default {
        let v = match def {
            FieldValue::Number(n) => number(*n),
            FieldValue::Bool(b) => json!(b),
            FieldValue::Text(t) => json!(t),
        };
        s.insert("default".into(), v);
    }
    s.insert("x-type".into(), json!(d.field_type.name()));
    s.insert("x-title".into(), json!(d.title));
    if let Some(h) = &d.help {
        s.insert("x-help".into(), json!(h));
    }
    if let Some(u) = &d.unit {
        s.insert("x-unit".into(), json!(u));
    }
    Value::Object(s)
}

fn group(rs: &CompiledRuleset, g: &Group, top: bool) -> (Value, bool) {
    let mut props = Map::new();
    let mut required = Vec::new();
    for (name, member) in &g.members {
        let (schema, needed) = match member {
            Member::Leaf(i) => match rs.fields.get(*i) {
                Some(f) => (leaf(f), f.decl.required),
                None => continue,
            },
            Member::Group(inner) => group(rs, inner, false),
        };
        if needed {
            required.push(json!(name));
        }
        props.insert(name.clone(), schema);
    }
    if top {
        props.insert(
            "meta".into(),
            json!({"title": "备注", "description": "自由填写的备注（编号、联系人等），不参与评分", "x-title": {"zh": "备注", "en": "Notes"}}),
        );
    }
    let needed = !required.is_empty();
    let mut s = Map::new();
    s.insert("type".into(), if needed || top { json!("object") } else { json!(["object", "null"]) });
    if let Some((label, help)) = &g.label {
        s.insert("title".into(), json!(label.zh));
        if let Some(h) = help {
            s.insert("description".into(), json!(h.zh));
            s.insert("x-help".into(), json!(h));
        }
        s.insert("x-title".into(), json!(label));
    }
    s.insert("properties".into(), Value::Object(props));
    if needed {
        s.insert("required".into(), Value::Array(required));
    }
    s.insert("additionalProperties".into(), json!(false));
    (Value::Object(s), needed)
}

/// The submission schema of a compiled ruleset.
pub(crate) fn submission_schema(rs: &CompiledRuleset) -> Value {
    let (body, _) = group(rs, &rs.root, true);
    let mut s = Map::new();
    s.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    s.insert("$id".into(), json!(format!("urn:zonescore:{}:{}", rs.meta.id, rs.meta.version)));
    s.insert("title".into(), json!(rs.meta.title.zh));
    s.insert("x-title".into(), json!(rs.meta.title));
    if let Value::Object(body) = body {
        s.extend(body);
    }
    let constraints: Vec<Value> = rs
        .constraints
        .iter()
        .filter_map(|c| {
            let (l, r) = (rs.fields.get(c.left)?, rs.fields.get(c.right)?);
            Some(json!({"id": c.model.id, "left": l.pointer, "op": c.op, "right": r.pointer}))
        })
        .collect();
    s.insert("x-constraints".into(), Value::Array(constraints));
    s.insert("x-ruleset".into(), json!({"id": rs.meta.id, "version": rs.meta.version, "digest": rs.digest}));
    Value::Object(s)
}
