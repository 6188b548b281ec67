//! Target 2, `score_submission`: near-valid submissions generated from the rules, scored by every path.

use super::*;

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

pub(super) fn near_valid(u: &mut Unstructured, k: &Known, json: bool) -> ArbResult<Input> {
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

pub(super) fn gen_string(u: &mut Unstructured) -> ArbResult<String> {
    let s: &str = u.arbitrary()?;
    Ok(s.chars().take(120).collect())
}

/// Any JSON-shaped value, at most about 6 levels below `depth`.
pub(super) fn gen_value(u: &mut Unstructured, depth: usize, json: bool) -> ArbResult<Input> {
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
pub(super) fn host_number(u: &mut Unstructured) -> ArbResult<String> {
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
