//! A validated record's numbers-only score allocates nothing but its answer, and nothing
//! into a summary reused but the notices of warnings that hold (issue 9: no heap allocation
//! on the numbers-only path once the record is built).
//!
//! The count is global (a test binary's allocator), so this file holds one test and reads the
//! least count of a few tries: other threads of the harness can only add to it.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::path::Path;
use zonescore::input::parse_json;
use zonescore::{Input, Ruleset, ScoreSummary, ValidSubmission};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The least number of allocations `f` makes in three tries.
fn allocations(mut f: impl FnMut()) -> usize {
    (0..3)
        .map(|_| {
            let region = Region::new(GLOBAL);
            f();
            region.change().allocations
        })
        .min()
        .unwrap_or(usize::MAX)
}

/// The dotted paths of a tree's leaves (`meta` left out).
fn leaves(prefix: &str, input: &Input, out: &mut Vec<String>) {
    if let Input::Object(members) = input {
        for (key, value) in members.iter().filter(|(k, _)| !(prefix.is_empty() && k == "meta")) {
            let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            match value {
                Input::Object(_) => leaves(&path, value, out),
                _ => out.push(path),
            }
        }
    }
}

/// Each bundled example, and each with one leaf left out (where it stays valid): complete
/// submissions and ones whose rules find fields missing.
fn records(rules: &Ruleset, dir: &Path) -> Vec<ValidSubmission> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let tree = parse_json(text.as_bytes(), zonescore::MAX_SUBMISSION_BYTES, zonescore::MAX_DEPTH).unwrap().value;
        let mut paths = Vec::new();
        leaves("", &tree, &mut paths);
        found.push(rules.check(&tree).unwrap());
        for path in paths {
            let mut fewer = tree.clone();
            fewer.set(&path, None);
            found.extend(rules.check(&fewer).ok());
        }
    }
    found
}

#[test]
fn the_numbers_only_score_of_a_record_allocates_only_its_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples");
    let mut lacking = 0;
    let mut warned = 0;
    for id in zonescore::bundled::IDS {
        let rules = Ruleset::bundled(id).unwrap();
        let records = records(&rules, &root.join(id));
        assert!(records.len() > 100, "{id}: {} records", records.len());
        let mut reused = ScoreSummary::default();
        for record in &records {
            let answer = rules.summarize(record);
            lacking += usize::from(answer.statuses.contains(&zonescore::Status::MissingEvidence));
            // Warmed up on this record, a reused summary gets its answer with no allocation
            // but the notices of the warnings that hold (a year outside the rules' period).
            rules.summarize_into(record, &mut reused);
            let notices = allocations(|| rules.summarize_into(record, &mut reused));
            assert_eq!(notices == 0, answer.warnings.is_empty(), "{id}: {notices}, {answer:?}");
            assert_eq!(reused, answer);
            warned += usize::from(notices > 0);
            // A new summary allocates its lists and texts, and nothing else.
            let lists = [!answer.gates.is_empty(), !answer.vetoes.is_empty(), !answer.warnings.is_empty()];
            let lists = 2 + lists.into_iter().map(usize::from).sum::<usize>();
            let texts = usize::from(!answer.grade.is_empty()) + usize::from(!answer.outcome.is_empty());
            assert_eq!(allocations(|| drop(rules.summarize(record))), lists + texts + notices, "{id}: {answer:?}");
        }
    }
    assert!(lacking > 50, "records whose rules find fields missing: {lacking}");
    assert!(warned > 10, "records with a warning: {warned}");
}
