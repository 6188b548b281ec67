//! No command writes over a file it reads: `score -o` onto a submission, `migrate` onto
//! its input or an earlier backup, `replay --write-tests` onto a rule file or submission.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{run, run_in};
use std::path::{Path, PathBuf};

fn example(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples").join(rel)
}

/// A copy of the Oubei example in `dir`, and its bytes.
fn victim(dir: &Path, name: &str) -> (PathBuf, Vec<u8>) {
    let bytes = std::fs::read(example("zone-qualification/oubei-valves-2013.json")).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn score_refuses_an_output_that_is_an_input_and_leaves_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (json, bytes) = victim(dir.path(), "victim.json");
    let r = run_in(dir.path(), &["score", "--format", "html", "-o", "victim.json", "victim.json"]);
    r.expect_code(2);
    assert!(r.stderr.contains("victim.json：输出文件就是要评分的输入"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing scored: {}", r.stdout);
    assert_eq!(std::fs::read(&json).unwrap(), bytes);

    // The same file by another spelling, in English.
    let r = run_in(dir.path(), &["score", "--lang", "en", "--format", "html", "-o", "./victim.json", "victim.json"]);
    r.expect_code(2);
    assert!(r.stderr.contains("./victim.json: the output file is the input victim.json"), "{}", r.stderr);
    assert_eq!(std::fs::read(&json).unwrap(), bytes);

    // A workbook scored into itself.
    let book = dir.path().join("filled.xlsx");
    run(&["template", "--ruleset", "zone-qualification", "-o", book.to_str().unwrap()]).expect_code(0);
    let before = std::fs::read(&book).unwrap();
    let r = run_in(dir.path(), &["score", "--format", "xlsx", "-o", "filled.xlsx", "filled.xlsx"]);
    r.expect_code(2);
    assert!(r.stderr.contains("filled.xlsx"), "{}", r.stderr);
    assert_eq!(std::fs::read(&book).unwrap(), before);
}

#[test]
fn score_refuses_an_output_that_is_a_file_of_a_scored_folder() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("subs");
    std::fs::create_dir(&sub).unwrap();
    let (json, bytes) = victim(&sub, "a.json");
    let r = run_in(dir.path(), &["score", "--format", "html", "-o", json.to_str().unwrap(), "subs"]);
    r.expect_code(2);
    assert!(r.stderr.contains("subs/a.json"), "names the input: {}", r.stderr);
    assert_eq!(std::fs::read(&json).unwrap(), bytes);
    // An output beside the inputs that is none of them is written.
    let r = run_in(dir.path(), &["score", "--format", "html", "-o", "subs/cards.html", "subs"]);
    r.expect_code(0);
    assert!(sub.join("cards.html").exists());
}

#[test]
fn migrate_keeps_an_earlier_backup_and_never_writes_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(common::fixture("rules/good.toml")).unwrap();
    let file = dir.path().join("g.toml");
    std::fs::write(&file, &original).unwrap();
    let backup = dir.path().join("g.v1.toml");
    std::fs::write(&backup, "an older original\n").unwrap();

    let r = run_in(dir.path(), &["migrate", "--in-place", "g.toml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("g.v1.toml：备份文件已存在") && r.stderr.contains("移走"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "an older original\n");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    let r = run_in(dir.path(), &["migrate", "--lang", "en", "--in-place", "g.toml"]);
    assert!(r.stderr.contains("the backup file exists") && r.stderr.contains("move or rename it"), "{}", r.stderr);

    for out in ["g.toml", "./g.toml"] {
        let r = run_in(dir.path(), &["migrate", "--lang", "en", "g.toml", "-o", out]);
        r.expect_code(2);
        assert!(r.stderr.contains("--in-place"), "points to --in-place: {}", r.stderr);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    }
    let r = run_in(dir.path(), &["migrate", "g.toml", "-o", "g.toml"]);
    assert!(r.stderr.contains("不留备份"), "{}", r.stderr);
}

#[test]
fn replay_never_writes_tests_over_what_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (json, bytes) = victim(dir.path(), "zone.json");
    let rules = dir.path().join("new.toml");
    let revised = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/fixtures/zone-qualification-revised.toml");
    let rule_text = std::fs::read_to_string(revised).unwrap();
    std::fs::write(&rules, &rule_text).unwrap();
    let replay = |target: &str, lang: &str| {
        run_in(
            dir.path(),
            &[
                "replay",
                "--lang",
                lang,
                "--old",
                "zone-qualification",
                "--new",
                "new.toml",
                "--write-tests",
                target,
                "zone.json",
            ],
        )
    };
    let r = replay("new.toml", "en");
    r.expect_code(2);
    assert!(r.stderr.contains("the new rule file new.toml"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), rule_text);
    let r = replay("./zone.json", "zh");
    r.expect_code(2);
    assert!(r.stderr.contains("这是本次要读取的提交 zone.json"), "{}", r.stderr);
    assert_eq!(std::fs::read(&json).unwrap(), bytes);
    // A hard link is the file it links to, whatever its name.
    #[cfg(unix)]
    {
        std::fs::hard_link(&rules, dir.path().join("linked.toml")).unwrap();
        let r = replay("linked.toml", "en");
        r.expect_code(2);
        assert!(r.stderr.contains("the new rule file new.toml"), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(&rules).unwrap(), rule_text);
    }
    replay("changed.tests.toml", "en").expect_code(0);
}

#[test]
fn a_file_reached_by_two_arguments_is_replayed_once() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("subs");
    std::fs::create_dir(&sub).unwrap();
    victim(&sub, "a.json");
    victim(&sub, "b.json");
    let count = |paths: &[&str]| {
        let args =
            [&["replay", "--old", "zone-qualification", "--new", "zone-qualification", "--format", "json"], paths]
                .concat();
        let r = run_in(dir.path(), &args);
        r.expect_code(0);
        let answer: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        answer["submissions"]["count"].as_u64().unwrap()
    };
    assert_eq!(count(&["subs"]), 2);
    assert_eq!(count(&["subs", "subs"]), 2);
    assert_eq!(count(&["subs", "subs/a.json", "./subs/b.json"]), 2);
    #[cfg(unix)]
    {
        std::fs::hard_link(sub.join("a.json"), dir.path().join("again.json")).unwrap();
        assert_eq!(count(&["subs", "again.json"]), 2);
    }
}

#[test]
fn score_replaces_its_own_results_but_not_a_filled_workbook_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let examples = example("zone-qualification");
    let examples = examples.to_str().unwrap();
    // A town's filled workbook, not among the inputs, named as the output by mistake.
    run_in(dir.path(), &["template", "--ruleset", "zone-qualification", "-o", "别的镇.xlsx"]).expect_code(0);
    let before = std::fs::read(dir.path().join("别的镇.xlsx")).unwrap();
    let r = run_in(dir.path(), &["score", "--format", "xlsx", "-o", "别的镇.xlsx", examples]);
    r.expect_code(2);
    assert!(r.stderr.contains("别的镇.xlsx：文件已存在，且不是 zonescore 写出的评分结果工作簿"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.path().join("别的镇.xlsx")).unwrap(), before);
    // Results written, then written again over themselves, each time said.
    for _ in 0..2 {
        let r = run_in(dir.path(), &["score", "--format", "xlsx", "-o", "结果.xlsx", examples]);
        r.expect_code(0);
        assert!(r.stderr.contains("已写入 结果.xlsx"), "{}", r.stderr);
    }
    // `--force` replaces what it is told to.
    run_in(dir.path(), &["score", "--force", "--format", "xlsx", "-o", "别的镇.xlsx", examples]).expect_code(0);
    assert_ne!(std::fs::read(dir.path().join("别的镇.xlsx")).unwrap(), before);
    // HTML goes to an .html file, never into a workbook's name.
    let r = run_in(dir.path(), &["score", "--lang", "en", "--format", "html", "-o", "cards.xlsx", examples]);
    r.expect_code(2);
    assert!(r.stderr.contains("write the HTML scorecards to an .html file"), "{}", r.stderr);
    assert!(!dir.path().join("cards.xlsx").exists());
}
