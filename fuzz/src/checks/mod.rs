//! Per-input checks of the seven fuzz targets, also replayed by `core/tests/fuzz_regressions.rs`.
//!
//! Each public function takes the fuzzer's raw bytes, builds its input from them and panics
//! on any broken invariant, so a crash file replays the same way under libFuzzer and `cargo test`.

use arbitrary::{Arbitrary, Result as ArbResult, Unstructured};
use rust_decimal::Decimal;
use serde_json::Value;
use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::OnceLock;
mod cells;
mod input_tree;
mod prepared;
mod revision;
mod rules;
mod submissions;
mod whatif;

pub use cells::cells;
pub use input_tree::input_tree;
pub use prepared::prepared;
pub use revision::revision;
pub use rules::compile_rules;
pub use submissions::score_submission;
pub use whatif::whatif;

use zonescore::input::{escape_pointer_segment, parse_json, parse_number, Input, JsonFailure};
use zonescore::{
    compile_text, detect_ruleset, expr, score_json_bundled, Answer, RuleFormat, Ruleset, MAX_DEPTH,
    MAX_SUBMISSION_BYTES,
};

/// The bundled rulesets; bit 0 of an input's first byte picks one.
pub const RULESETS: [&str; 2] = ["zone-qualification", "annual-assessment"];

/// Submissions that structure-aware inputs start from: (index into `RULESETS`, JSON text).
const EXAMPLES: [(usize, &str); 10] = [
    (0, include_str!("../../../rules/examples/zone-qualification/oubei-valves-2013.json")),
    (0, include_str!("../../../rules/examples/zone-qualification/dongcheng-hardware-ornaments-2012-ineligible.json")),
    (0, include_str!("../../../rules/examples/zone-qualification/huangtian-leather-shoes-2013-vetoed.json")),
    (0, include_str!("../../../rules/examples/zone-qualification/yantou-nanxi-agrifood-2015.json")),
    (0, include_str!("../../../rules/fixtures/zone-qualification-full-marks.json")),
    (1, include_str!("../../../rules/examples/annual-assessment/oubei-2014.json")),
    (1, include_str!("../../../rules/examples/annual-assessment/qiaotou-2013-vetoed.json")),
    (1, include_str!("../../../rules/examples/annual-assessment/qiaoxia-2012-fail.json")),
    (1, include_str!("../../../rules/examples/annual-assessment/wuniu-2013.json")),
    (1, include_str!("../../../rules/fixtures/annual-assessment-full-marks.json")),
];

/// Number texts JSON can hold, at and past the engine's limits of 28 digits and 10^28.
#[rustfmt::skip]
const EXTREMES: &[&str] = &[
    "9999999999999999999999999999", "99999999999999999999999999999", "79228162514264337593543950335",
    "79228162514264337593543950336", "0.0000000000000000000000000001", "0.00000000000000000000000000001", "1e28",
    "1e27", "-1e27", "1e-28", "1e-29", "94.99999999999999999999999999", "100.00000000000000000000000001",
    "1e9999999999999999999999", "1e-9999999999999999999999", "123456789012345678901234567.8", "1e400", "-0", "-0.0",
    "2.014e3", "2014.0", "1E2", "1e+2", "0e-5",
];

/// Number texts only a host language sends (JSON cannot hold them).
#[rustfmt::skip]
const HOST_NUMBERS: &[&str] = &[
    "NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "-inf", "０", "１００", "٣", "+5", ".5", "5.", "-.5",
    "1e", "1e+", "", " 1", "1 ", "1_000", "0x10", "1,5", "1.2.3", "1e1e1", "∞", "e5", "-", "+", "00", "01", "-01",
    "+1e400", "+.0000000000000000000000000001",
];

/// Strings for text and enum fields, and for keys.
#[rustfmt::skip]
const TEXTS: &[&str] = &[
    "瓯北", "永嘉瓯北阀门优质产品生产示范区", "a", "", " ", "\u{0}", "\"\\/", "😀", "VALVES", "阀门", "other", "none", "true", "95",
    "\u{feff}", "a/b", "~0", "x.y",
];

/// Words the rule-file mutator drops in place of a token.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "0", "1", "-1", "0.5", "100", "1e30", "99999999999999999999999999999", "0.0000000000000000000000000001", "true",
    "false", "\"\"", "[]", "{}", "\"x\"", "and", "or", "not", "in", "if", "then", "else", "present(", ")", "min(",
    "max(", "/", "*", "==", "result.final_score", "result.grade", "result.veto_fired", "result.gate_failed",
    "zone.assessment_year", "quality.above_scale_firms", "integer", "count", "percent", "amount", "decimal", "enum",
    "text", "bool", "bands", "flag", "weighted", "set", "sourced", "at_least", "points", "max", "min", "cap",
    "scale", "places", "half_even", "half_away_from_zero", "normalise", "required", "default",
    "[[dimensions.criteria]]", "[[fields]]", "[[vetoes]]", "[[gates]]", "[[grades]]", "[[outcomes]]",
    "[[dimensions]]", "[[constraints]]", "id", "A1", "C1", "X1", "\n", "#", "=", ",", "'", "\\u0000",
    "format_version", "[pipeline]", "veto_grade", "title", "when", "value", "effective", "2011-05-12",
];

/// A field of a submission, as the ruleset's submission schema declares it.
enum Field {
    Group { key: String, members: Vec<Field> },
    Leaf { key: String, kind: String, min: Option<Decimal>, max: Option<Decimal>, codes: Vec<String> },
}

impl Field {
    fn key(&self) -> &str {
        match self {
            Field::Group { key, .. } | Field::Leaf { key, .. } => key,
        }
    }
}

/// What the generators know about one bundled ruleset.
struct Known {
    rules: Ruleset,
    fields: Vec<Field>,
    /// Every number written in the rule file: band edges, limits, years.
    edges: Vec<Decimal>,
    examples: Vec<(Input, &'static str)>,
    /// JSON pointers of the declared fields.
    pointers: Vec<String>,
    toml: &'static str,
    json: String,
}

fn known() -> &'static [Known] {
    static KNOWN: OnceLock<Vec<Known>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        RULESETS
            .iter()
            .enumerate()
            .map(|(index, id)| {
                let rules = Ruleset::bundled(id).expect("a bundled ruleset compiles");
                let toml = zonescore::bundled::text(id).expect("a bundled ruleset has text");
                let json = toml::from_str::<Value>(toml)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
                    .expect("the bundled TOML converts to JSON");
                let mut edges: Vec<Decimal> = toml
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                    .filter_map(|t| Decimal::from_str(t).ok())
                    .collect();
                edges.sort();
                edges.dedup();
                let examples = EXAMPLES
                    .iter()
                    .filter(|(i, _)| *i == index)
                    .map(|(_, text)| (read(text.as_bytes()).expect("an example is JSON"), *text))
                    .collect();
                let fields = fields_of(&rules.submission_schema());
                let mut pointers = Vec::new();
                leaf_pointers(&fields, "", &mut pointers);
                Known { rules, fields, edges, examples, pointers, toml, json }
            })
            .collect()
    })
}

fn read(bytes: &[u8]) -> Option<Input> {
    parse_json(bytes, MAX_SUBMISSION_BYTES, MAX_DEPTH).ok().map(|p| p.value)
}

fn fields_of(schema: &Value) -> Vec<Field> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let number = |v: Option<&Value>| v.and_then(|n| Decimal::from_str(&n.to_string()).ok());
    properties
        .iter()
        .filter_map(|(key, node)| {
            if node.get("properties").is_some() {
                return Some(Field::Group { key: key.clone(), members: fields_of(node) });
            }
            let kind = node.get("x-type")?.as_str()?.to_owned();
            let codes = node
                .get("enum")
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect());
            let (min, max) = (number(node.get("minimum")), number(node.get("maximum")));
            Some(Field::Leaf { key: key.clone(), kind, min, max, codes })
        })
        .collect()
}

fn leaf_pointers(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let pointer = format!("{prefix}/{}", escape_pointer_segment(f.key()));
        match f {
            Field::Group { members, .. } => leaf_pointers(members, &pointer, out),
            Field::Leaf { .. } => out.push(pointer),
        }
    }
}

/// Every key either bundled ruleset declares, for trees that reach past the first level.
fn known_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        fn walk(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
            for f in fields {
                out.push(f.key().to_owned());
                let dotted = if prefix.is_empty() { f.key().to_owned() } else { format!("{prefix}.{}", f.key()) };
                if let Field::Group { members, .. } = f {
                    walk(members, &dotted, out);
                } else {
                    out.push(dotted);
                }
            }
        }
        let mut out = vec!["meta".to_owned()];
        for k in known() {
            walk(&k.fields, "", &mut out);
        }
        out.sort();
        out.dedup();
        out
    })
}

// ───────────────────────── Input trees ─────────────────────────

/// Compact JSON text of a tree (number texts are written as they are).
pub fn to_json(value: &Input) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Input, out: &mut String) {
    match value {
        Input::Null => out.push_str("null"),
        Input::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Input::Number(text) => out.push_str(text),
        Input::String(s) => write_str(s, out),
        Input::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Input::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(key, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Nesting depth as the validator counts it: each object or array is one level.
pub fn depth_of(value: &Input) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        match node {
            Input::Object(m) => {
                deepest = deepest.max(depth);
                stack.extend(m.iter().map(|(_, v)| (v, depth + 1)));
            }
            Input::Array(items) => {
                deepest = deepest.max(depth);
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    deepest
}

/// Every node of a tree with its JSON pointer, without recursion.
fn nodes(value: &Input) -> Vec<(String, &Input)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Input::Object(m) => {
                stack.extend(m.iter().map(|(k, v)| (format!("{pointer}/{}", escape_pointer_segment(k)), v)));
            }
            Input::Array(items) => stack.extend(items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v))),
            _ => {}
        }
        out.push((pointer, node));
    }
    out
}

/// Whether the JSON text of `tree` reads back as the same tree (depth and size within the
/// limits, no repeated keys): then asking with either must give the same bytes.
fn json_carries(tree: &Input, text: &str) -> bool {
    depth_of(tree) <= MAX_DEPTH && text.len() <= MAX_SUBMISSION_BYTES && !has_duplicate_keys(tree)
}

fn has_duplicate_keys(value: &Input) -> bool {
    nodes(value).iter().any(|(_, node)| match node {
        Input::Object(m) => m.iter().enumerate().any(|(i, (k, _))| m.iter().take(i).any(|(j, _)| j == k)),
        _ => false,
    })
}

fn is_json_number(text: &str) -> bool {
    matches!(parse_json(text.as_bytes(), 4096, 1), Ok(p) if p.value == Input::Number(text.to_owned()))
}

/// The fast path and the general path of `parse_number` agree, and a number read reads back.
fn check_number_text(text: &str) {
    let direct = parse_number(text);
    if !text.starts_with(['+', '-']) {
        assert_eq!(parse_number(&format!("+{text}")), direct, "`+{text}` and `{text}` read differently");
    }
    if let Ok(n) = direct {
        if !text.contains(['e', 'E']) {
            assert_eq!(parse_number(&format!("{text}e0")), Ok(n), "`{text}e0` and `{text}` read differently");
        }
        assert_eq!(parse_number(&n.to_string()), Ok(n), "`{text}` read as {n}, which does not read back");
    }
}

// ───────────────────────── Answers ─────────────────────────

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("`{text}` is not a decimal: {e}"))
}

/// One canonical answer: JSON, `type` success or failure, errors on a failure, a round trip
/// through `Answer`; for a bundled ruleset (`bounded`) scores within 0..=100 and each criterion's maximum.
fn check_answer_text(text: &str, bounded: bool) -> Answer {
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("the answer is not JSON ({e}): {text}"));
    let answer: Answer =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("the answer does not read as an Answer ({e}): {text}"));
    assert_eq!(answer.to_canonical_json(), text, "the answer does not survive a round trip");
    match (value.get("type").and_then(Value::as_str), &answer) {
        (Some("failure"), Answer::Failure(f)) => assert!(!f.errors.is_empty(), "a failure without errors: {text}"),
        (Some("success"), Answer::Success(r)) => {
            let score = dec(&r.final_score);
            if bounded {
                assert!(score >= Decimal::ZERO && score <= Decimal::ONE_HUNDRED, "final score {score} outside 0..=100");
                for c in r.criteria.iter().chain(&r.bonus_items) {
                    let points = dec(&c.points);
                    let within = c.max.as_deref().is_none_or(|m| points <= dec(m));
                    assert!(points >= Decimal::ZERO && within, "criterion {} has {points} of {:?}", c.id, c.max);
                }
            }
        }
        (kind, _) => panic!("answer of type {kind:?}: {text}"),
    }
    answer
}

/// `score_summary` agrees with the explained answer.
fn check_summary(rules: &Ruleset, tree: &Input, answer: &Answer) {
    match (rules.score_summary(tree), answer) {
        (Ok(s), Answer::Success(r)) => {
            assert_eq!(dec(&r.final_score), s.final_score, "score_summary's final score differs");
            assert_eq!(
                (&*r.grade, &*r.outcome),
                (s.grade.as_str(), s.outcome.as_str()),
                "score_summary's grade or outcome differs"
            );
            let points: Vec<Decimal> = r.criteria.iter().chain(&r.bonus_items).map(|c| dec(&c.points)).collect();
            assert_eq!(points, s.points, "score_summary's points differ");
            let ids: Vec<&str> = r.criteria.iter().chain(&r.bonus_items).map(|c| &*c.id).collect();
            assert_eq!(ids, rules.criterion_ids(), "criterion_ids differ from the report's order");
            assert_eq!(r.warnings, s.warnings, "score_summary's warnings differ");
        }
        (Err(f), Answer::Failure(g)) => assert_eq!(&f, g, "score_summary's failure differs"),
        (s, a) => panic!("score_summary (ok: {}) and score disagree: {}", s.is_ok(), a.to_canonical_json()),
    }
}

/// Scores `tree` and its JSON `text` both ways; they must give the same bytes where JSON can
/// carry the tree (depth within the limit, no repeated keys).
fn check_scored(rules: &Ruleset, tree: &Input, text: &str, bounded: bool) {
    let via_text = rules.score_json(text);
    let answer = rules.score(tree);
    let via_tree = answer.to_canonical_json();
    check_answer_text(&via_text, bounded);
    check_answer_text(&via_tree, bounded);
    check_summary(rules, tree, &answer);
    if json_carries(tree, text) {
        assert_eq!(via_text, via_tree, "score_json and score(Input) differ for {text}");
        if bounded && detect_ruleset(tree) == Some(rules.id()) {
            let detected = score_json_bundled(text, None).expect("a bundled ruleset loads");
            assert_eq!(detected, via_text, "score_json_bundled(None) differs for {text}");
        }
    } else {
        assert!(matches!(answer, Answer::Failure(_)), "a tree too deep for JSON was scored");
        let kind = serde_json::from_str::<Value>(&via_text).ok().and_then(|v| v.get("type").cloned());
        assert_eq!(kind, Some(Value::from("failure")), "a text too deep was scored");
    }
}

// ───────────────────────── Target 1: json_reader ─────────────────────────

/// Arbitrary bytes through the strict JSON reader: never a panic; what it reads writes back and
/// reads the same, respects its limits exactly, and agrees with serde_json.
pub fn json_reader(data: &[u8]) {
    let parsed = parse_json(data, MAX_SUBMISSION_BYTES, MAX_DEPTH);
    let body = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    let serde = serde_json::from_slice::<Value>(body);
    match parsed {
        Ok(p) => {
            let depth = depth_of(&p.value);
            assert!(depth <= MAX_DEPTH, "read a document {depth} deep");
            let text = to_json(&p.value);
            let again = parse_json(text.as_bytes(), MAX_SUBMISSION_BYTES, MAX_DEPTH)
                .unwrap_or_else(|e| panic!("written back as {text}, it does not read: {e:?}"));
            assert_eq!(again.value, p.value, "reading {text} again gives another tree");
            assert_eq!(again.duplicate_keys, p.duplicate_keys, "reading {text} again finds other repeated keys");
            assert!(parse_json(data, MAX_SUBMISSION_BYTES, depth).is_ok(), "refused at its own depth {depth}");
            if depth > 0 {
                let tighter = parse_json(data, MAX_SUBMISSION_BYTES, depth - 1);
                assert!(matches!(tighter, Err(JsonFailure::TooDeep { .. })), "depth {depth} under a lower limit");
            }
            let smaller = parse_json(data, data.len() - 1, MAX_DEPTH);
            assert!(matches!(smaller, Err(JsonFailure::TooLarge { .. })), "read past its size limit");
            match serde {
                Ok(v) => assert!(
                    !p.duplicate_keys.is_empty() || same_tree(&p.value, &v),
                    "serde_json reads {text} differently"
                ),
                Err(e) => assert!(e.to_string().contains("number out of range"), "serde_json refuses {text}: {e}"),
            }
            for (_, node) in nodes(&p.value) {
                if let Input::Number(t) = node {
                    assert!(is_json_number(t), "number text `{t}` is not a JSON number");
                    check_number_text(t);
                }
            }
        }
        Err(e) => {
            match &e {
                JsonFailure::Syntax { line, column, .. } => assert!(*line >= 1 && *column >= 1, "{e:?}"),
                JsonFailure::InvalidUtf8 { offset } => {
                    let expected = std::str::from_utf8(data).err().map(|u| u.valid_up_to());
                    assert_eq!(Some(*offset), expected, "wrong offset of invalid UTF-8");
                }
                JsonFailure::Empty => {
                    let blank = std::str::from_utf8(body).is_ok_and(|t| t.trim().is_empty());
                    assert!(blank, "called empty: {data:?}");
                }
                JsonFailure::TooLarge { .. } | JsonFailure::TooDeep { .. } => {}
            }
            if !matches!(e, JsonFailure::TooDeep { .. }) {
                assert!(serde.is_err(), "serde_json reads what the reader refuses with {e:?}");
            }
        }
    }
}

fn same_tree(a: &Input, b: &Value) -> bool {
    match (a, b) {
        (Input::Null, Value::Null) | (Input::Number(_), Value::Number(_)) => true,
        (Input::Bool(x), Value::Bool(y)) => x == y,
        (Input::String(x), Value::String(y)) => x == y,
        (Input::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_tree(p, q)),
        (Input::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, p), (l, q))| k == l && same_tree(p, q))
        }
        _ => false,
    }
}
