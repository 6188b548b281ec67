//! Target 4, `input_tree`: trees as Python and JavaScript hosts build them, scored against both rulesets.

use super::submissions::{gen_string, gen_value, host_number, near_valid};
use super::*;

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
