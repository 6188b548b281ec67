//! A ruleset read back from its prepared form is the compiled one: the same structure, and
//! the same answers byte for byte on every submission at hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

#[cfg(feature = "toml")]
use crate::compile::CompiledRuleset;
use crate::{Detail, Lang, Ruleset, ScoreOptions};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every rule file of the repository that compiles: the bundled ones, the conformance cases'
/// own, the fixtures (format 1 among them).
#[cfg(feature = "toml")]
fn rule_files() -> Vec<PathBuf> {
    let mut out = vec![root().join("rules/zone-qualification.toml"), root().join("rules/annual-assessment.toml")];
    let mut walk = vec![root().join("tests/conformance"), root().join("rules/fixtures")];
    while let Some(dir) = walk.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk.push(path);
            } else if name.ends_with(".toml") && !name.ends_with(".tests.toml") || name == "ruleset.json" {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[cfg(feature = "toml")]
fn compiled(path: &Path) -> Option<CompiledRuleset> {
    let text = std::fs::read_to_string(path).unwrap();
    let origin = path.display().to_string();
    crate::compile::compile_text(&text, crate::RuleFormat::detect(&origin, &text), &origin).ok()
}

// The repository's rule files are TOML: these two need the TOML reader.
#[cfg(feature = "toml")]
#[test]
fn every_rule_file_reads_back_as_it_was_compiled() {
    let mut read = 0;
    for path in rule_files() {
        let Some(compiled) = compiled(&path) else { continue };
        let bytes = compiled.to_prepared();
        let back = CompiledRuleset::from_prepared(&bytes).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(format!("{back:#?}"), format!("{compiled:#?}"), "{}", path.display());
        // Written again, it is the same bytes: the form has one way to say each ruleset.
        assert_eq!(back.to_prepared(), bytes, "{}", path.display());
        read += 1;
    }
    assert!(read >= 8, "only {read} rule files compiled");
}

/// The submissions at hand with the bundled ruleset each is written for.
fn submissions() -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/conformance")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(case) = std::fs::read_to_string(dir.join("case.json")) else { continue };
        let case: serde_json::Value = serde_json::from_str(&case).unwrap();
        match case["ruleset"].as_str() {
            Some("annual-assessment") => out.push((dir.join("submission.json"), "annual-assessment")),
            Some(_) => out.push((dir.join("submission.json"), "zone-qualification")),
            None => {}
        }
    }
    for id in crate::bundled::IDS {
        for entry in std::fs::read_dir(root().join("rules/examples").join(id)).unwrap() {
            out.push((entry.unwrap().path(), id));
        }
    }
    out
}

#[test]
fn a_bundled_ruleset_read_back_gives_every_answer_byte_for_byte() {
    let pairs = crate::bundled::IDS.map(|id| {
        let compiled = Ruleset::bundled(id).unwrap();
        let bytes = compiled.compiled().to_prepared();
        let back = Ruleset::from_prepared(&bytes).unwrap();
        assert_eq!(back.source(), compiled.source());
        (id, compiled, back)
    });
    let options = [Detail::Full, Detail::Reasons, Detail::Numbers]
        .into_iter()
        .flat_map(|detail| [Lang::Both, Lang::Zh, Lang::En].map(|lang| ScoreOptions { detail, lang }));
    let options: Vec<ScoreOptions> = options.collect();
    let cases = submissions();
    assert!(cases.len() > 40, "only {} submissions", cases.len());
    for (path, id) in cases {
        let (_, compiled, back) = pairs.iter().find(|(i, ..)| *i == id).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let at = path.display();
        assert_eq!(back.validate_bytes(&bytes), compiled.validate_bytes(&bytes), "{at}");
        for o in &options {
            assert_eq!(back.score_bytes_json_with(&bytes, o), compiled.score_bytes_json_with(&bytes, o), "{at}");
        }
        if let Ok(tree) = crate::input::parse_json(&bytes, 1 << 20, 64) {
            let (a, b) = (back.score(&tree.value), compiled.score(&tree.value));
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{at}");
        }
    }
}

#[cfg(feature = "toml")]
#[test]
fn bytes_cut_short_or_changed_are_an_error_or_a_ruleset_that_scores_never_a_panic() {
    let dir = root().join("tests/conformance/custom-ruleset");
    let bytes = compiled(&dir.join("ruleset.toml")).unwrap().to_prepared();
    let submission = std::fs::read(dir.join("submission.json")).unwrap();
    for len in 0..bytes.len() {
        let err = CompiledRuleset::from_prepared(&bytes[..len]).unwrap_err();
        assert_eq!(err.diagnostics[0].code, crate::DiagnosticCode::Unreadable, "cut at {len}");
    }
    // One more byte, or another version's header, is not this engine's form either.
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(CompiledRuleset::from_prepared(&longer).is_err());
    let mut other = bytes.clone();
    let version = super::MAGIC.len() - 2;
    other[version] = other[version].wrapping_add(1);
    let err = CompiledRuleset::from_prepared(&other).unwrap_err();
    assert!(err.diagnostics[0].message.en.contains("byte 0"), "{err:?}");
    // Every byte changed, each in a few ways: an error, or a ruleset whose answers are made.
    let (mut refused, mut read) = (0, 0);
    for at in super::MAGIC.len()..bytes.len() {
        for x in [0x01, 0x5a, 0x80, 0xff] {
            let mut changed = bytes.clone();
            changed[at] ^= x;
            match Ruleset::from_prepared(&changed) {
                Err(_) => refused += 1,
                Ok(rules) => {
                    read += 1;
                    let _ = rules.score_bytes_json_with(&submission, &ScoreOptions::default());
                    let _ = rules.validate_bytes(&submission);
                }
            }
        }
    }
    assert!(refused > 0 && read > 0, "{refused} refused, {read} read");
}

#[test]
fn decimals_keep_their_sign_scale_and_every_digit() {
    use super::codec::{Plan, Reader, Writer};
    use rust_decimal::Decimal;
    let values = [
        Decimal::ZERO,
        Decimal::from_parts(0, 0, 0, true, 0),
        Decimal::from_parts(0, 0, 0, false, 28),
        Decimal::MAX,
        Decimal::MIN,
        Decimal::new(1, 28),
        Decimal::new(500, 3),
        Decimal::from_i128_with_scale(-9_499_999_999_999_999_999_999, 20),
        Decimal::new(127, 0),
        Decimal::new(128, 0),
    ];
    let mut w = Writer::default();
    values.to_vec().put(&mut w);
    let mut bytes = Vec::new();
    w.finish(&mut bytes);
    let mut r = Reader::new(&bytes);
    let back: Vec<Decimal> = Plan::get(&mut r);
    r.finish().unwrap();
    assert_eq!(back.iter().map(|d| d.serialize()).collect::<Vec<_>>(), values.map(|d| d.serialize()));
}

#[cfg(feature = "toml")]
#[test]
fn the_tallest_expression_the_compiler_takes_reads_back() {
    let base = std::fs::read_to_string(root().join("tests/conformance/custom-ruleset/ruleset.toml")).unwrap();
    // `1+1+…+1` stands one level a term.
    let chain = vec!["1"; crate::expr::MAX_EXPR_HEIGHT].join("+");
    let tall = format!("[[derived]]\nid = \"tall\"\nexpr = \"{chain}\"\nlabel = {{ zh = \"高\", en = \"Tall\" }}\n\n");
    let text =
        base.replacen("[[fields]]\npath = \"firm.points\"", &format!("{tall}[[fields]]\npath = \"firm.points\""), 1);
    let compiled = crate::compile::compile_text(&text, crate::RuleFormat::Toml, "tall.toml").unwrap();
    let back = CompiledRuleset::from_prepared(&compiled.to_prepared()).unwrap();
    assert_eq!(format!("{back:?}"), format!("{compiled:?}"));
}

#[test]
fn nesting_past_any_expression_is_an_error_not_a_stack_overflow() {
    use super::codec::{Plan, Reader};
    // An empty table of texts, then 100,000 nested negations (tag 5), or arrays (tag 6 and
    // a length of 1 each).
    let negations: Vec<u8> = std::iter::once(0).chain(std::iter::repeat_n(5, 100_000)).collect();
    let mut r = Reader::new(&negations);
    let _ = <crate::expr::Expr as Plan>::get(&mut r);
    assert!(r.finish().is_err());
    let arrays: Vec<u8> = std::iter::once(0).chain(std::iter::repeat_n([6, 1], 100_000).flatten()).collect();
    let mut r = Reader::new(&arrays);
    let _ = <serde_json::Value as Plan>::get(&mut r);
    assert!(r.finish().is_err());
}

#[test]
fn lists_that_claim_every_byte_left_are_read_one_item_at_a_time() {
    use super::codec::{Plan, Reader};
    // 2,000 `min(…)` expressions (tag 12) nested, each claiming as many items as there are
    // bytes left (a two-byte length): each length passes the check against the bytes, and a
    // reader that reserved each list's room first would ask for hundreds of MB.
    let depth = 2_000;
    let mut bytes = vec![0u8];
    for level in 0..depth {
        let left = 3 * (depth - level) - 3;
        bytes.extend([12, (left as u8 & 0x7f) | 0x80, (left >> 7) as u8]);
    }
    let mut r = Reader::new(&bytes);
    let _ = <crate::expr::Expr as Plan>::get(&mut r);
    assert!(r.finish().is_err());
}
