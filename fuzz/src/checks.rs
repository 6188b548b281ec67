//! Per-input checks of the four fuzz targets, also replayed by `core/tests/fuzz_regressions.rs`.
//!
//! Each public function takes the fuzzer's raw bytes, builds its input from them and panics
//! on any broken invariant, so a crash file replays the same way under libFuzzer and `cargo test`.

use arbitrary::{Arbitrary, Result as ArbResult, Unstructured};
use rust_decimal::Decimal;
use serde_json::Value;
use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::OnceLock;
use zonescore::input::{escape_pointer_segment, parse_json, parse_number, Input, JsonFailure};
use zonescore::{
    compile_text, detect_ruleset, expr, score_json_bundled, Answer, RuleFormat, Ruleset, MAX_DEPTH,
    MAX_SUBMISSION_BYTES,
};

/// The bundled rulesets; bit 0 of an input's first byte picks one.
pub const RULESETS: [&str; 2] = ["zone-qualification", "annual-assessment"];

/// Submissions that structure-aware inputs start from: (index into `RULESETS`, JSON text).
const EXAMPLES: [(usize, &str); 10] = [
    (0, include_str!("../../rules/examples/zone-qualification/oubei-valves-2013.json")),
    (0, include_str!("../../rules/examples/zone-qualification/dongcheng-hardware-ornaments-2012-ineligible.json")),
    (0, include_str!("../../rules/examples/zone-qualification/huangtian-leather-shoes-2013-vetoed.json")),
    (0, include_str!("../../rules/examples/zone-qualification/yantou-nanxi-agrifood-2015.json")),
    (0, include_str!("../../rules/fixtures/zone-qualification-full-marks.json")),
    (1, include_str!("../../rules/examples/annual-assessment/oubei-2014.json")),
    (1, include_str!("../../rules/examples/annual-assessment/qiaotou-2013-vetoed.json")),
    (1, include_str!("../../rules/examples/annual-assessment/qiaoxia-2012-fail.json")),
    (1, include_str!("../../rules/examples/annual-assessment/wuniu-2013.json")),
    (1, include_str!("../../rules/fixtures/annual-assessment-full-marks.json")),
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
    "format_version",
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
            assert_eq!((&r.grade, &r.outcome), (&s.grade, &s.outcome), "score_summary's grade or outcome differs");
            let points: Vec<Decimal> = r.criteria.iter().chain(&r.bonus_items).map(|c| dec(&c.points)).collect();
            assert_eq!(points, s.points, "score_summary's points differ");
            let ids: Vec<&str> = r.criteria.iter().chain(&r.bonus_items).map(|c| c.id.as_str()).collect();
            assert_eq!(ids, rules.criterion_ids(), "criterion_ids differ from the report's order");
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
    if depth_of(tree) <= MAX_DEPTH && text.len() <= MAX_SUBMISSION_BYTES && !has_duplicate_keys(tree) {
        assert_eq!(via_text, via_tree, "score_json and score(Input) differ for {text}");
        if bounded && detect_ruleset(tree) == Some(rules.id()) {
            let detected = score_json_bundled(None, text).expect("a bundled ruleset loads");
            assert_eq!(detected, via_text, "score_json_bundled(None) differs for {text}");
        }
    } else {
        assert!(matches!(answer, Answer::Failure(_)), "a tree too deep for JSON was scored");
        assert!(via_text.contains("\"type\": \"failure\""), "a text too deep was scored");
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

// ───────────────────────── Target 2: score_submission ─────────────────────────

/// A near-valid submission scored as JSON text and as an `Input` tree. First byte: bit 0 picks
/// the ruleset; bit 1 clear = the rest drives a generator that starts from a bundled example and
/// changes fields; bit 1 set = the rest is the submission's JSON text itself.
pub fn score_submission(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(k) = known().get(usize::from(first & 1)) else {
        return;
    };
    if first & 2 == 0 {
        let Ok(tree) = near_valid(&mut Unstructured::new(rest), k, true) else {
            return;
        };
        check_scored(&k.rules, &tree, &to_json(&tree), true);
        return;
    }
    let answer = k.rules.score_bytes(rest).to_canonical_json();
    check_answer_text(&answer, true);
    if let Ok(text) = std::str::from_utf8(rest) {
        assert_eq!(k.rules.score_json(text), answer, "score_json and score_bytes differ");
        if let Ok(p) = parse_json(rest, MAX_SUBMISSION_BYTES, MAX_DEPTH) {
            if p.duplicate_keys.is_empty() {
                check_scored(&k.rules, &p.value, text, true);
            }
        }
    }
}

fn near_valid(u: &mut Unstructured, k: &Known, json: bool) -> ArbResult<Input> {
    // Index 0 (what an exhausted input gives) is the first example: near-valid by default.
    let base = match k.examples.get(u.choose_index(k.examples.len() + 1)?) {
        Some((Input::Object(m), _)) => m.as_slice(),
        _ => &[],
    };
    Ok(Input::Object(gen_group(u, k, &k.fields, base, 1, json)?))
}

fn gen_group(
    u: &mut Unstructured,
    k: &Known,
    fields: &[Field],
    base: &[(String, Input)],
    depth: usize,
    json: bool,
) -> ArbResult<Vec<(String, Input)>> {
    let mut out: Vec<(String, Input)> = Vec::new();
    for f in fields {
        let old = base.iter().find(|(key, _)| key == f.key()).map(|(_, v)| v);
        let value = match f {
            Field::Group { members, .. } => match u.int_in_range(0u8..=9)? {
                0..=5 => {
                    let inner = match old {
                        Some(Input::Object(m)) => m.as_slice(),
                        _ => &[],
                    };
                    Some(Input::Object(gen_group(u, k, members, inner, depth + 1, json)?))
                }
                6 => None,
                7 => Some(Input::Null),
                8 => Some(Input::Object(Vec::new())),
                _ => Some(gen_value(u, depth + 1, json)?),
            },
            Field::Leaf { kind, min, max, codes, .. } => match u.int_in_range(0u8..=15)? {
                0..=6 => old.cloned(),
                7 => None,
                8 => Some(Input::Null),
                9..=12 => Some(valid_value(u, k, kind, *min, *max, codes)?),
                13 | 14 => Some(wrong_value(u, k, kind)?),
                _ => Some(gen_value(u, depth + 1, json)?),
            },
        };
        if let Some(v) = value {
            out.push((f.key().to_owned(), v));
        }
    }
    // Members of the example that the schema does not list (`meta`) stay.
    for (key, v) in base {
        if !fields.iter().any(|f| f.key() == key) {
            out.push((key.clone(), v.clone()));
        }
    }
    // Now and then an unknown key: a typo, a dotted path, a pointer-hostile name; some deeply nested.
    for _ in 0..4 {
        if u.int_in_range(0u8..=5)? != 5 {
            break;
        }
        let key = gen_unknown_key(u, fields)?;
        let value = if u.int_in_range(0u8..=3)? == 3 {
            let inner = gen_value(u, 6, json)?;
            nest(u, inner)?
        } else {
            gen_value(u, depth + 1, json)?
        };
        if !out.iter().any(|(k2, _)| *k2 == key) {
            out.push((key, value));
        }
    }
    if u.int_in_range(0u8..=15)? == 15 {
        out.reverse();
    }
    Ok(out)
}

fn gen_unknown_key(u: &mut Unstructured, fields: &[Field]) -> ArbResult<String> {
    let near = fields.get(u.choose_index(fields.len().max(1))?).map_or("zone", Field::key);
    Ok(match u.int_in_range(0u8..=5)? {
        0 => format!("{near}s"),
        1 => near.chars().take(near.chars().count().saturating_sub(1)).collect(),
        2 => near.to_uppercase(),
        3 => format!("{near}.{}", u.choose(known_keys())?),
        4 => format!("{near}/~{}", u.choose(TEXTS)?),
        _ => gen_string(u)?,
    })
}

/// A value the field accepts, or one just past its limits: numbers near band edges and limits,
/// written plain, with trailing zeros, in exponent form or with many digits.
fn valid_value(
    u: &mut Unstructured,
    k: &Known,
    kind: &str,
    min: Option<Decimal>,
    max: Option<Decimal>,
    codes: &[String],
) -> ArbResult<Input> {
    Ok(match kind {
        "bool" => Input::Bool(u.arbitrary()?),
        "text" => Input::String(match u.int_in_range(0u8..=3)? {
            0 => u.choose(TEXTS)?.to_string(),
            1 => "字".repeat(u.int_in_range(99..=101)?),
            _ => gen_string(u)?,
        }),
        "enum" => Input::String(u.choose(codes).map_or_else(|_| "other".to_owned(), String::clone)),
        _ => Input::Number(number_near(u, k, min, max, matches!(kind, "count" | "integer"))?),
    })
}

fn number_near(
    u: &mut Unstructured,
    k: &Known,
    min: Option<Decimal>,
    max: Option<Decimal>,
    whole: bool,
) -> ArbResult<String> {
    let mut anchors: Vec<Decimal> = [min, max, Some(Decimal::ZERO), Some(Decimal::ONE)].into_iter().flatten().collect();
    anchors.extend_from_slice(&k.edges);
    let anchor = *u.choose(&anchors)?;
    const WHOLE: [i64; 5] = [0, 1, -1, 2, -2];
    const FINE: [(i64, u32); 8] = [(5, 1), (-5, 1), (1, 2), (-1, 2), (1, 10), (-1, 10), (1, 28), (-1, 28)];
    let delta = if whole || u.int_in_range(0u8..=2)? == 0 {
        Decimal::from(*u.choose(&WHOLE)?)
    } else {
        let (m, s) = *u.choose(&FINE)?;
        Decimal::new(m, s)
    };
    let value = anchor.checked_add(delta).unwrap_or(anchor);
    Ok(match u.int_in_range(0u8..=9)? {
        0..=4 => render(u, value)?,
        5 => render(u, -value)?,
        6 => u.choose(EXTREMES)?.to_string(),
        7 => format!("{}.0", value.trunc()),
        8 => format!("{}.{}", value.trunc(), u.choose(&["9", "0", "5", "1"])?.repeat(u.int_in_range(1..=32)?)),
        _ => u.int_in_range(0..=u64::MAX)?.to_string(),
    })
}

/// `value` as JSON number text: plain, with trailing zeros, in exponent form (`9.5e1`, `950E-1`).
fn render(u: &mut Unstructured, value: Decimal) -> ArbResult<String> {
    let plain = value.to_string();
    Ok(match u.int_in_range(0u8..=3)? {
        0 => plain,
        1 if plain.contains('.') => format!("{plain}{}", "0".repeat(u.int_in_range(1..=30)?)),
        1 => format!("{plain}.{}", "0".repeat(u.int_in_range(1..=30)?)),
        _ => {
            let (sign, body) = plain.strip_prefix('-').map_or(("", plain.as_str()), |b| ("-", b));
            let (int, frac) = body.split_once('.').unwrap_or((body, ""));
            let all = format!("{int}{frac}");
            let mut digits = all.trim_start_matches('0').to_owned();
            if digits.is_empty() {
                return Ok(format!("{sign}0e{}", u.int_in_range(0..=3)?));
            }
            let zeros = u.int_in_range(0..=3)?;
            digits.push_str(&"0".repeat(zeros));
            let at = u.int_in_range(1..=digits.len())?;
            // value = digits × 10^-(frac + zeros) = digits[..at].digits[at..] × 10^exponent
            let exponent =
                i64::try_from(digits.len() - at).unwrap_or(0) - i64::try_from(frac.len() + zeros).unwrap_or(0);
            let (a, b) = digits.split_at(at);
            let mantissa = if b.is_empty() { a.to_owned() } else { format!("{a}.{b}") };
            let e = if u.arbitrary()? { "E" } else { "e" };
            let plus = if exponent >= 0 && u.arbitrary()? { "+" } else { "" };
            format!("{sign}{mantissa}{e}{plus}{exponent}")
        }
    })
}

/// A value of the wrong JSON type for the field (or a string the field does not accept).
fn wrong_value(u: &mut Unstructured, k: &Known, kind: &str) -> ArbResult<Input> {
    let number = || Input::Number("1".to_owned());
    Ok(match (kind, u.int_in_range(0u8..=3)?) {
        ("bool", 0) => number(),
        ("bool", 1) => Input::String("true".to_owned()),
        ("text" | "enum", 0) => number(),
        ("text" | "enum", 1) => Input::String(u.choose(TEXTS)?.to_string()),
        (_, 0) => Input::String(number_near(u, k, None, None, false)?),
        (_, 1) => Input::Bool(u.arbitrary()?),
        (_, 2) => Input::Array(vec![number()]),
        _ => Input::Object(vec![("value".to_owned(), number())]),
    })
}

fn gen_string(u: &mut Unstructured) -> ArbResult<String> {
    let s: &str = u.arbitrary()?;
    Ok(s.chars().take(120).collect())
}

/// Any JSON-shaped value, at most about 6 levels below `depth`.
fn gen_value(u: &mut Unstructured, depth: usize, json: bool) -> ArbResult<Input> {
    let top = if depth >= 6 { 5 } else { 9 };
    Ok(match u.int_in_range(0u8..=top)? {
        0 => Input::Null,
        1 => Input::Bool(u.arbitrary()?),
        2 | 3 => Input::Number(if json { json_number(u)? } else { host_number(u)? }),
        4 | 5 => Input::String(if u.arbitrary()? { u.choose(TEXTS)?.to_string() } else { gen_string(u)? }),
        6 => {
            let n = u.int_in_range(0..=4)?;
            Input::Array((0..n).map(|_| gen_value(u, depth + 1, json)).collect::<ArbResult<_>>()?)
        }
        7 => nest(u, Input::Null)?,
        _ => {
            let n = u.int_in_range(0..=6)?;
            let mut members: Vec<(String, Input)> = Vec::new();
            for _ in 0..n {
                let key = if u.int_in_range(0u8..=3)? == 0 { gen_string(u)? } else { u.choose(known_keys())?.clone() };
                let value = gen_value(u, depth + 1, json)?;
                if !members.iter().any(|(k, _)| *k == key) {
                    members.push((key, value));
                }
            }
            Input::Object(members)
        }
    })
}

/// `inner` wrapped in 1 to 200 arrays and objects: around and past the depth limit of 64.
fn nest(u: &mut Unstructured, inner: Input) -> ArbResult<Input> {
    let levels = u.int_in_range(1..=200usize)?;
    let mut value = inner;
    for _ in 0..levels {
        value = if u.arbitrary()? { Input::Array(vec![value]) } else { Input::Object(vec![("a".to_owned(), value)]) };
    }
    Ok(value)
}

/// Number text as a host language may send it: JSON numbers, and `NaN`, `+5`, `０`, …
fn host_number(u: &mut Unstructured) -> ArbResult<String> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => u.choose(HOST_NUMBERS)?.to_string(),
        1 => gen_string(u)?,
        _ => {
            let mut s = u.choose(&["", "", "-", "+"])?.to_string();
            digits(u, 0, 35, &mut s)?;
            if u.arbitrary()? {
                s.push('.');
                digits(u, 0, 35, &mut s)?;
            }
            if u.arbitrary()? {
                s.push_str(u.choose(&["e", "E", "e-", "E+", "e+"])?);
                digits(u, 0, 25, &mut s)?;
            }
            s
        }
    })
}

/// Number text in JSON syntax: up to 35 digits each side of the point, exponents up to 25 digits.
fn json_number(u: &mut Unstructured) -> ArbResult<String> {
    if u.int_in_range(0u8..=3)? == 0 {
        return Ok(u.choose(EXTREMES)?.to_string());
    }
    let mut s = u.choose(&["", "", "-"])?.to_string();
    let start = s.len();
    digits(u, 1, 35, &mut s)?;
    let int = s.get(start..).unwrap_or_default().trim_start_matches('0').to_owned();
    s.truncate(start);
    s.push_str(if int.is_empty() { "0" } else { &int });
    if u.arbitrary()? {
        s.push('.');
        digits(u, 1, 35, &mut s)?;
    }
    if u.arbitrary()? {
        s.push_str(u.choose(&["e", "E", "e-", "E+", "e+"])?);
        digits(u, 1, 25, &mut s)?;
    }
    Ok(s)
}

fn digits(u: &mut Unstructured, min: usize, max: usize, s: &mut String) -> ArbResult<()> {
    for _ in 0..u.int_in_range(min..=max)? {
        s.push(char::from(u.int_in_range(b'0'..=b'9')?));
    }
    Ok(())
}

// ───────────────────────── Target 3: compile_rules ─────────────────────────

/// Rule files and expressions. First byte mod 4: 0 = the rest is a rule file, compiled as TOML
/// and as JSON; 1 / 3 = the rest mutates a bundled rule file (TOML / JSON); 2 = the rest is an
/// expression, parsed alone and put in place of one of the bundled rules' expressions
/// (`first >> 2` picks which). Whatever compiles scores a bundled example.
pub fn compile_rules(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let k = known();
    match first % 4 {
        0 => {
            let text = String::from_utf8_lossy(rest);
            for format in [RuleFormat::Toml, RuleFormat::Json] {
                compile_and_use(&text, format, usize::from(first >> 2));
            }
        }
        2 => {
            let text = String::from_utf8_lossy(rest);
            match expr::parse(&text) {
                Ok(_) => {}
                Err(e) => {
                    let within = e.span.start <= e.span.end && e.span.end <= text.len();
                    assert!(within && !e.code.is_empty() && !e.message.is_empty(), "bad expression error {e:?}");
                }
            }
            let sites = expression_sites();
            let Some(&(index, start, end)) = sites.get(usize::from(first >> 2) % sites.len().max(1)) else {
                return;
            };
            let Some(base) = k.get(index).map(|k| k.toml) else {
                return;
            };
            let (Some(before), Some(after)) = (base.get(..start), base.get(end..)) else {
                return;
            };
            let rules = format!("{before}{}{after}", toml_string_body(&text));
            compile_and_use(&rules, RuleFormat::Toml, index * 8 + usize::from(first >> 5));
        }
        mode => {
            let mut u = Unstructured::new(rest);
            let Ok(index) = u.choose_index(k.len()) else {
                return;
            };
            let Some(base) = k.get(index) else {
                return;
            };
            let (format, text) =
                if mode == 1 { (RuleFormat::Toml, base.toml) } else { (RuleFormat::Json, base.json.as_str()) };
            let Ok(mutated) = mutate(&mut u, text) else {
                return;
            };
            let pick = u.int_in_range(0..=7usize).unwrap_or(0);
            compile_and_use(&mutated, format, index * 8 + pick);
        }
    }
}

/// Compiles a rule file; an error needs a diagnostic with a sane line, a ruleset must load,
/// give its schema and score the example `pick` picks, with all the answer checks.
fn compile_and_use(text: &str, format: RuleFormat, pick: usize) {
    match compile_text(text, format, "fuzz") {
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "a rule file refused without a diagnostic");
            let lines = text.matches('\n').count() + 1;
            for d in &e.diagnostics {
                assert!(!d.code.is_empty() && !d.message.is_empty(), "empty diagnostic {d:?}");
                assert!(d.line.is_none_or(|l| l >= 1 && l <= lines), "line out of the file: {d:?}");
                assert!(d.column.is_none_or(|c| c >= 1), "column 0: {d:?}");
            }
        }
        Ok(_) => {
            let rules = Ruleset::from_text(text, Some(format), "fuzz").expect("compile_text accepted it");
            let _ = rules.submission_schema();
            let _ = rules.info();
            let examples: Vec<&(Input, &str)> = known().iter().flat_map(|k| &k.examples).collect();
            if let Some((tree, json)) = examples.get(pick % examples.len().max(1)) {
                check_scored(&rules, tree, json, false);
            }
        }
    }
}

/// (ruleset index, start, end) of the text of every expression in the bundled TOML files.
fn expression_sites() -> &'static [(usize, usize, usize)] {
    static SITES: OnceLock<Vec<(usize, usize, usize)>> = OnceLock::new();
    SITES.get_or_init(|| {
        let mut out = Vec::new();
        for (index, k) in known().iter().enumerate() {
            for key in ["when", "expr", "fires_when", "applies_when", "requires", "value"] {
                let pattern = format!("{key} = \"");
                for (at, _) in k.toml.match_indices(&pattern) {
                    let before = k.toml.get(..at).and_then(|b| b.chars().next_back());
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let start = at + pattern.len();
                    if let Some(len) = k.toml.get(start..).and_then(|r| r.find('"')) {
                        out.push((index, start, start + len));
                    }
                }
            }
        }
        out.sort_unstable();
        out
    })
}

fn toml_string_body(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// One to four edits of a rule file's bytes: a splice, a token replaced by a rule-file word,
/// lines copied elsewhere, lines removed, a word inserted.
fn mutate(u: &mut Unstructured, text: &str) -> ArbResult<String> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..u.int_in_range(1u8..=4)? {
        let at = u.int_in_range(0..=bytes.len())?;
        match u.int_in_range(0u8..=4)? {
            0 => {
                let cut = u.int_in_range(0..=16usize)?.min(bytes.len() - at);
                let n = u.int_in_range(0..=24usize)?.min(u.len());
                let insert = u.bytes(n)?.to_vec();
                bytes.splice(at..at + cut, insert);
            }
            1 => {
                let token = |b: &u8| b.is_ascii_alphanumeric() || b"_.+-".contains(b);
                let start = bytes.get(..at).map_or(at, |b| b.iter().rposition(|c| !token(c)).map_or(0, |p| p + 1));
                let end = bytes.get(at..).map_or(at, |b| at + b.iter().position(|c| !token(c)).unwrap_or(b.len()));
                let word = u.choose(WORDS)?;
                bytes.splice(start..end, word.bytes());
            }
            2 => {
                let (start, end) = (line_start(&bytes, at), line_end(&bytes, at, u.int_in_range(1..=12)?));
                let lines = bytes.get(start..end).unwrap_or_default().to_vec();
                let to = line_start(&bytes, u.int_in_range(0..=bytes.len())?);
                bytes.splice(to..to, lines);
            }
            3 => {
                let (start, end) = (line_start(&bytes, at), line_end(&bytes, at, u.int_in_range(1..=12)?));
                bytes.drain(start..end);
            }
            _ => {
                let word = u.choose(WORDS)?;
                bytes.splice(at..at, word.bytes());
            }
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Where the line holding byte `at` starts.
fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes.get(..at).and_then(|b| b.iter().rposition(|c| *c == b'\n')).map_or(0, |p| p + 1)
}

/// Where the `n`-th line from the one holding byte `at` ends (after its newline).
fn line_end(bytes: &[u8], at: usize, n: usize) -> usize {
    let mut end = at;
    for _ in 0..n {
        end = bytes.get(end..).and_then(|b| b.iter().position(|c| *c == b'\n')).map_or(bytes.len(), |p| end + p + 1);
    }
    end
}

// ───────────────────────── Target 4: input_tree ─────────────────────────

/// A submission tree as a host language builds it (Python dict, JS object): any shape, bounded
/// depth, number texts that JSON cannot hold (`NaN`, `1e400`, `-0`, `０`), keys mostly those the
/// bundled rulesets declare.
#[derive(Debug)]
pub struct HostTree(pub Input);

impl<'a> Arbitrary<'a> for HostTree {
    fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
        let k = known();
        let tree = match u.int_in_range(0u8..=3)? {
            0 => {
                let mut tree = match k.iter().flat_map(|k| &k.examples).nth(u.int_in_range(0..=9)?) {
                    Some((tree, _)) => tree.clone(),
                    None => Input::Object(Vec::new()),
                };
                for _ in 0..u.int_in_range(1..=8)? {
                    edit(u, &mut tree, 0)?;
                }
                tree
            }
            1 => {
                let mut pairs = Vec::new();
                for _ in 0..u.int_in_range(0..=12)? {
                    let path =
                        if u.int_in_range(0u8..=4)? == 0 { gen_string(u)? } else { u.choose(known_keys())?.clone() };
                    pairs.push((path, gen_value(u, 3, false)?));
                }
                Input::from_flat(pairs)
            }
            2 => gen_value(u, 0, false)?,
            _ => match k.get(u.choose_index(k.len())?) {
                Some(k) => near_valid(u, k, false)?,
                None => Input::Null,
            },
        };
        Ok(HostTree(tree))
    }
}

/// Replaces a node somewhere in the tree with host-shaped values, or adds or removes a member.
fn edit(u: &mut Unstructured, node: &mut Input, depth: usize) -> ArbResult<()> {
    let descend = u.int_in_range(0u8..=3)? != 0;
    match node {
        Input::Object(m) if descend && !m.is_empty() => {
            let i = u.choose_index(m.len())?;
            match m.get_mut(i) {
                Some((_, child)) => edit(u, child, depth + 1),
                None => Ok(()),
            }
        }
        Input::Array(items) if descend && !items.is_empty() => {
            let i = u.choose_index(items.len())?;
            match items.get_mut(i) {
                Some(child) => edit(u, child, depth + 1),
                None => Ok(()),
            }
        }
        Input::Object(m) if u.arbitrary()? => {
            if !m.is_empty() && u.arbitrary()? {
                let i = u.choose_index(m.len())?;
                m.remove(i);
            } else {
                let key = u.choose(known_keys())?.clone();
                let value = gen_value(u, depth + 1, false)?;
                m.push((key, value));
            }
            Ok(())
        }
        _ => {
            *node = if u.arbitrary()? { Input::Number(host_number(u)?) } else { gen_value(u, depth, false)? };
            Ok(())
        }
    }
}

/// A host-built tree scored, validated and summarised with each bundled ruleset: no panic,
/// failures with errors, `validate` and `score` agree, and where JSON can carry the tree,
/// `score_json` gives the same bytes.
pub fn input_tree(data: &[u8]) {
    let Ok(HostTree(tree)) = HostTree::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let all = nodes(&tree);
    for (_, node) in &all {
        if let Input::Number(t) = node {
            check_number_text(t);
        }
    }
    let json_can_carry = depth_of(&tree) <= MAX_DEPTH
        && !has_duplicate_keys(&tree)
        && all.iter().all(|(_, n)| !matches!(n, Input::Number(t) if !is_json_number(t)));
    let _ = detect_ruleset(&tree);
    for k in known() {
        let answer = k.rules.score(&tree);
        let text = answer.to_canonical_json();
        check_answer_text(&text, true);
        check_summary(&k.rules, &tree, &answer);
        let validation = k.rules.validate(&tree);
        match &answer {
            Answer::Success(_) => assert!(validation.valid && validation.errors.is_empty(), "validate disagrees"),
            Answer::Failure(f) => {
                assert!(!validation.valid, "validate calls valid what score refuses");
                assert_eq!((&validation.errors, validation.more_errors), (&f.errors, f.more_errors));
            }
        }
        // As a form does, one field at a time: every declared field in the tree, and one other
        // pointer (an unknown pointer costs a did-you-mean search over every field).
        let declared = |p: &str| k.pointers.iter().any(|f| f == p);
        let (fields, others): (Vec<_>, Vec<_>) = all.iter().partition(|(p, _)| declared(p));
        for (pointer, value) in fields.into_iter().chain(others.into_iter().take(1)) {
            for e in k.rules.validate_field(pointer, value) {
                assert!(!e.code.is_empty() && !e.message.zh.is_empty(), "empty field error {e:?}");
            }
        }
        if json_can_carry {
            let json = to_json(&tree);
            if json.len() <= MAX_SUBMISSION_BYTES {
                assert_eq!(k.rules.score_json(&json), text, "score_json and score(Input) differ for {json}");
            }
        }
    }
}
