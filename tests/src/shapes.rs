//! Checks the answer shapes written out in `conformance/README.md` against the answer's JSON
//! Schema, so that the document cannot drift from the code: a member added in Rust fails
//! the check until the README names it, and a member the README names must exist.
//!
//! A checked shape is a fenced block right after a line `<!-- schema: Name -->`, where `Name`
//! is a definition of the schema. Inside it, only the quoted names and the brackets count:
//! `{"a", "b": {"c"}, "d": [{"e"}]}` spells an object with members `a`, `b` (an object with
//! `c`) and `d` (a list of objects with `e`); `"x": "84.0"` is a member with an example value;
//! other words, `|`, `null` and `// comments` are prose. A nested object or list of objects
//! is checked against the definition its member refers to. Per definition, the members of
//! all its spellings together must be exactly its properties (a gate's `passed` and a veto's
//! `fired` may be spelled in two places), plus `type` for a variant of a tagged answer; and
//! every object definition the answer can contain must be spelled somewhere.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A value as the README spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spelled {
    /// An object, its members in order.
    Object(Vec<(String, Spelled)>),
    /// A list, its items as spelled (often one object, or none: "same shape as …").
    List(Vec<Spelled>),
    /// A bare member, an example value, or prose.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Name(String),
}

fn tokens(block: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for line in block.lines() {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'/') => break,
                '{' | '[' => out.push(Token::Open(c)),
                '}' | ']' => out.push(Token::Close(c)),
                ':' => out.push(Token::Colon),
                ',' => out.push(Token::Comma),
                '"' => out.push(Token::Name(chars.by_ref().take_while(|&c| c != '"').collect())),
                _ => {}
            }
        }
    }
    out
}

/// Reads a shape block: its first bracket to the one that closes it.
pub fn parse(block: &str) -> Result<Spelled, String> {
    let tokens = tokens(block);
    let mut at = tokens.iter().position(|t| matches!(t, Token::Open(_))).ok_or("no `{` or `[` in the block")?;
    value(&tokens, &mut at)
}

fn value(tokens: &[Token], at: &mut usize) -> Result<Spelled, String> {
    // A value the tokens skip (`0`, `null`) leaves the comma or bracket that follows.
    if matches!(tokens.get(*at), Some(Token::Comma | Token::Close(_))) {
        return Ok(Spelled::Other);
    }
    let token = tokens.get(*at).cloned();
    *at += 1;
    match token {
        Some(Token::Open('{')) => object(tokens, at),
        Some(Token::Open(_)) => list(tokens, at),
        Some(Token::Name(_)) => Ok(Spelled::Other),
        other => Err(format!("expected a value, found {other:?}")),
    }
}

fn object(tokens: &[Token], at: &mut usize) -> Result<Spelled, String> {
    let mut members = Vec::new();
    loop {
        let token = tokens.get(*at).cloned();
        *at += 1;
        match token {
            Some(Token::Comma) => {}
            Some(Token::Close('}')) => return Ok(Spelled::Object(members)),
            Some(Token::Name(name)) => {
                let spelled = if tokens.get(*at) == Some(&Token::Colon) {
                    *at += 1;
                    value(tokens, at)?
                } else {
                    Spelled::Other
                };
                members.push((name, spelled));
            }
            other => return Err(format!("in an object, found {other:?}")),
        }
    }
}

fn list(tokens: &[Token], at: &mut usize) -> Result<Spelled, String> {
    let mut items = Vec::new();
    loop {
        match tokens.get(*at) {
            Some(Token::Comma) => *at += 1,
            Some(Token::Close(']')) => {
                *at += 1;
                return Ok(Spelled::List(items));
            }
            Some(_) => items.push(value(tokens, at)?),
            None => return Err("a list is not closed".into()),
        }
    }
}

/// The checked blocks of a Markdown text: each `<!-- marker: Name -->` line's marker
/// (`schema` for a score answer, `whatif` for a what-if answer), definition name, and the
/// fenced block that follows it.
pub fn checked_blocks(markdown: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((marker, name)) = line
            .trim()
            .strip_prefix("<!-- ")
            .and_then(|r| r.strip_suffix("-->"))
            .and_then(|r| r.split_once(':'))
            .filter(|(m, _)| MARKERS.contains(m))
        else {
            continue;
        };
        let rest = lines.iter().skip(i + 1).skip_while(|l| !l.trim_start().starts_with("```"));
        let body: Vec<&str> = rest.skip(1).take_while(|l| !l.trim_start().starts_with("```")).copied().collect();
        blocks.push((marker.to_owned(), name.trim().to_owned(), body.join("\n")));
    }
    blocks
}

/// The markers of checked blocks.
const MARKERS: [&str; 2] = ["schema", "whatif"];

/// Every disagreement between the checked blocks of `markdown` and the score answer's
/// schema (`schema` blocks).
pub fn disagreements(markdown: &str, schema: &Value) -> Vec<String> {
    disagreements_marked(markdown, schema, "schema")
}

/// Every disagreement between the blocks of `markdown` marked `marker` and `schema`'s
/// definitions. A block of another marker counts too when it spells a definition this
/// schema has (a failure is one object in every answer), so it is written once.
pub fn disagreements_marked(markdown: &str, schema: &Value, marker: &str) -> Vec<String> {
    let defs = schema.get("$defs").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let mut spelled: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (own, shared): (Vec<_>, Vec<_>) = checked_blocks(markdown).into_iter().partition(|(m, _, _)| m == marker);
    if own.is_empty() {
        problems.push(format!("no `<!-- {marker}: Name -->` block found"));
    }
    let shared = shared.into_iter().filter(|(_, name, _)| defs.contains_key(name));
    let blocks = own.into_iter().chain(shared).map(|(_, name, block)| (name, block));
    let tagged = tagged_variants(schema);
    let context = Context { defs: &defs, tagged: &tagged };
    for (name, block) in blocks {
        match parse(&block) {
            Ok(shape) => context.compare(&name, &shape, &mut spelled, &mut problems),
            Err(e) => problems.push(format!("the block of {name}: {e}")),
        }
    }
    for name in object_defs_reached(schema, &defs) {
        let props = properties(&defs, &name);
        let Some(seen) = spelled.get(&name) else {
            problems.push(format!("{name} is never spelled out (members: {})", props.join(", ")));
            continue;
        };
        for prop in props.iter().filter(|p| !seen.contains(*p)) {
            problems.push(format!("{name}: the README lacks `{prop}`"));
        }
    }
    problems
}

/// The schema's definitions, and those that are variants of an answer tagged by `type`.
struct Context<'a> {
    defs: &'a serde_json::Map<String, Value>,
    tagged: &'a BTreeSet<String>,
}

impl Context<'_> {
    /// Compares one spelled object with the definition `name`, and what it nests with the
    /// definitions its members refer to; records the members spelled per definition.
    fn compare(
        &self,
        name: &str,
        shape: &Spelled,
        spelled: &mut BTreeMap<String, BTreeSet<String>>,
        problems: &mut Vec<String>,
    ) {
        let defs = self.defs;
        let Spelled::Object(members) = shape else {
            problems.push(format!("{name}: spelled as something other than an object"));
            return;
        };
        let Some(def) = defs.get(name) else {
            problems.push(format!("{name}: no such definition in the schema"));
            return;
        };
        let tag_allowed = self.tagged.contains(name);
        for (member, value) in members {
            spelled.entry(name.to_owned()).or_default().insert(member.clone());
            let Some(prop) = def.get("properties").and_then(|p| p.get(member)) else {
                if !(tag_allowed && member == "type") {
                    problems.push(format!("{name}: the README names `{member}`, which the schema lacks"));
                }
                continue;
            };
            let inner = match value {
                Spelled::Object(_) => Some(value),
                Spelled::List(items) => items.iter().find(|i| matches!(i, Spelled::Object(_))),
                Spelled::Other => None,
            };
            let Some(inner) = inner else { continue };
            let targets: Vec<String> = refs(prop).into_iter().filter(|r| is_object_def(defs, r)).collect();
            match targets.as_slice() {
                [target] => self.compare(target, inner, spelled, problems),
                _ => problems.push(format!("{name}.{member}: spelled as an object, the schema has {targets:?} there")),
            }
        }
    }
}

/// The definitions a schema fragment refers to, looking through lists, unions and nulls.
fn refs(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        out.push(r.trim_start_matches("#/$defs/").to_owned());
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = schema.get(key) {
            out.extend(refs(inner));
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for inner in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            out.extend(refs(inner));
        }
    }
    out
}

fn is_object_def(defs: &serde_json::Map<String, Value>, name: &str) -> bool {
    defs.get(name).and_then(|d| d.get("properties")).is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
}

fn properties(defs: &serde_json::Map<String, Value>, name: &str) -> Vec<String> {
    let props = defs.get(name).and_then(|d| d.get("properties")).and_then(Value::as_object);
    props.map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

/// The definitions that are variants of an answer tagged by `type` (a `oneOf` branch that
/// adds a `type` property to a reference), anywhere in the schema: they gain a `type` member.
fn tagged_variants(schema: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = vec![schema];
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                for branch in map.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
                    if branch.get("properties").and_then(|p| p.get("type")).is_some() {
                        found.extend(refs(branch));
                    }
                }
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    found
}

/// Every object definition an answer can contain, from the schema's root down.
fn object_defs_reached(schema: &Value, defs: &serde_json::Map<String, Value>) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut todo = all_refs(schema);
    while let Some(name) = todo.pop() {
        if name == "$defs" || !reached.insert(name.clone()) {
            continue;
        }
        if let Some(def) = defs.get(&name) {
            todo.extend(all_refs(def));
        }
    }
    reached.into_iter().filter(|n| is_object_def(defs, n)).collect()
}

/// Every `$ref` in a fragment, at any depth, except inside `$defs` (reached through refs).
fn all_refs(schema: &Value) -> Vec<String> {
    match schema {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| *k != "$defs")
            .flat_map(|(k, v)| match (k.as_str(), v.as_str()) {
                ("$ref", Some(r)) => vec![r.trim_start_matches("#/$defs/").to_owned()],
                _ => all_refs(v),
            })
            .collect(),
        Value::Array(items) => items.iter().flat_map(all_refs).collect(),
        _ => Vec::new(),
    }
}
