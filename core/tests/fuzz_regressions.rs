//! Replays the committed fuzz corpus and every minimised crash in `fuzz/` through the fuzz targets' checks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

#[path = "../../fuzz/src/checks/mod.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    out.sort();
    out
}

/// Every corpus file (there must be some) and every regression file of `target`, each checked
/// on its own so that one failure names its file and the others still run.
fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let corpus = files(&fuzz.join("corpus").join(target));
    assert!(!corpus.is_empty(), "fuzz/corpus/{target}/ is empty: the replay would test nothing");
    let regressions = files(&fuzz.join("regressions").join(target));
    let failed: Vec<String> = corpus
        .iter()
        .chain(&regressions)
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            std::panic::catch_unwind(|| check(&data)).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs fail: {failed:#?}",
        failed.len(),
        corpus.len() + regressions.len()
    );
}

#[test]
fn json_reader() {
    replay("json_reader", checks::json_reader);
}

#[test]
fn score_submission() {
    replay("score_submission", checks::score_submission);
}

#[test]
fn compile_rules() {
    replay("compile_rules", checks::compile_rules);
}

#[test]
fn input_tree() {
    replay("input_tree", checks::input_tree);
}

#[test]
fn generated_json_reads_back() {
    let tree = zonescore::input::parse_json(br#"{"a": ["x\n\"", -0, 2.5e3, null, true, {}]}"#, 1024, 8).unwrap().value;
    assert_eq!(zonescore::input::parse_json(checks::to_json(&tree).as_bytes(), 1024, 8).unwrap().value, tree);
    assert_eq!(checks::depth_of(&tree), 3);
    assert_eq!(checks::RULESETS.len(), zonescore::bundled::IDS.len());
}

#[test]
fn whatif() {
    replay("whatif", checks::whatif);
}

#[test]
fn cells() {
    replay("cells", checks::cells);
}

#[test]
fn prepared() {
    replay("prepared", checks::prepared);
}

#[test]
fn revision() {
    replay("revision", checks::revision);
}
