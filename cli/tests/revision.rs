//! `zonescore diff` and `zonescore replay`: exit codes, the three output formats, the CI gate
//! and the ruleset tests written from a replay.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{run, run_env_in, run_in};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const REVISED: &str = "rules/fixtures/zone-qualification-revised.toml";
const EXAMPLES: &str = "rules/examples/zone-qualification";

#[test]
fn diff_of_identical_rules_exits_0() {
    let r = run_in(&root(), &["diff", "zone-qualification", "rules/zone-qualification.toml"]);
    r.expect_code(0);
    assert!(r.stdout.contains("无修改：两份规则完全相同。"), "{}", r.stdout);
}

#[test]
fn diff_of_a_revision_exits_1_with_score_changes_first() {
    let r = run_in(&root(), &["diff", "--lang", "en", "zone-qualification", REVISED]);
    r.expect_code(1);
    let out = &r.stdout;
    assert!(
        out.contains("5 changes: 4 can change scores, 0 change validity, 0 change reports, 1 is wording."),
        "{out}"
    );
    let score = out.find("Can change scores").unwrap();
    let wording = out.find("Wording, labels and clause citations").unwrap();
    assert!(score < wording);
    assert!(out.contains("≥95: 10; ≥94: 8; ≥92: 6; ≥90: 3"), "{out}");
    assert!(out.contains("V4 Spot-check pass rate below 92%"), "{out}");
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn diff_as_markdown_and_json() {
    let md = run_in(&root(), &["diff", "--format", "markdown", "zone-qualification", REVISED]);
    md.expect_code(1);
    assert!(md.stdout.starts_with("# 规则集修订对比"), "{}", md.stdout);
    assert!(md.stdout.contains("| 评分项 | C2 采标率 | 分值 | 6 | 8 | §5.2.1 |"), "{}", md.stdout);
    let json = run_in(&root(), &["diff", "--format", "json", "zone-qualification", REVISED]);
    json.expect_code(1);
    let expected = std::fs::read_to_string(root().join("tests/diff-cases/zq-revised/expected.json")).unwrap();
    assert_eq!(json.stdout, expected, "the CLI prints the conformance bytes");
}

#[test]
fn diff_of_a_broken_or_missing_rule_file_is_a_usage_error() {
    let r = run_in(&root(), &["diff", "zone-qualification", "no/such/rules.toml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("no/such/rules.toml"), "{}", r.stderr);
    let r = run(&["diff", "zone-qualification"]);
    r.expect_code(2);
}

#[test]
fn replay_lists_whom_the_revision_moves() {
    let r = run_in(&root(), &["replay", "--lang", "en", "--old", "zone-qualification", "--new", REVISED, EXAMPLES]);
    r.expect_code(0);
    let out = &r.stdout;
    assert!(out.contains("10 in all: 10 changed (valid under both: 9 score, 2 grade, 0 outcome;"), "{out}");
    assert!(out.contains("qiaoxia-educational-toys-2012.json"), "{out}");
    // Outcomes by their names in each side's rules, as `summary` shows them, not by code.
    assert!(out.contains("67.0 C Not named") && out.contains("65.7 D Not named"), "{out}");
    assert!(!out.contains("not_named"), "{out}");
    assert!(out.contains("C1 10→8 C2 6→8"), "{out}");
    // Unwrapped, in Markdown: what else moved, after the points.
    let md = run_in(
        &root(),
        &["replay", "--lang", "en", "--format", "markdown", "--old", "zone-qualification", "--new", REVISED, EXAMPLES],
    );
    assert!(md.stdout.contains("C1 10→8 C2 6→8 applicable max 100→102"), "{}", md.stdout);
    assert!(md.stdout.contains("applicable max 100→102 V4 fires"), "why qiaoxia 2012 falls to D: {}", md.stdout);
    // English brackets in English.
    assert!(out.contains("zone-qualification (zone-qualification ") && !out.contains('（'), "{out}");
    let zh = run_in(&root(), &["replay", "--old", "zone-qualification", "--new", REVISED, EXAMPLES]);
    assert!(
        zh.stdout.contains("91.0 A 通过考核验收，推荐命名") && zh.stdout.contains("65.7 D 未通过考核验收"),
        "{}",
        zh.stdout
    );
    assert!(!zh.stdout.contains("named"), "{}", zh.stdout);
}

#[test]
fn replay_in_a_terminal_too_narrow_for_its_tables_lists_each_case_as_a_record() {
    let args = ["replay", "--lang", "en", "--probes", "--old", "zone-qualification", "--new", REVISED, EXAMPLES];
    let narrow = run_env_in(&root(), &args, &[("COLUMNS", "100")]);
    narrow.expect_code(0);
    let out = &narrow.stdout;
    let widest = out.lines().map(unicode_width::UnicodeWidthStr::width).max().unwrap();
    assert!(widest <= 100, "a line of {widest} cells in\n{out}");
    // Each changed case is a record: its cells one a line, after their headers.
    let record = "Submission  rules/examples/zone-qualification/qiaoxia-educational-toys-2012.json\n\
                  Old         67.0 C Not named\n\
                  New         65.7 D Not named\n\
                  Delta       -1.3\n";
    assert!(out.contains(record), "{out}");
    assert!(out.contains("Submission  G1 "), "the probes too: {out}");
    // A terminal wide enough for the stored submissions' table shows it as a table.
    let wide = run_env_in(&root(), &args[..args.len()], &[("COLUMNS", "250")]);
    assert!(wide.stdout.contains("Submission  ") && wide.stdout.contains("----  "), "{}", wide.stdout);
    let row =
        wide.stdout.lines().find(|l| l.starts_with("rules/examples/zone-qualification/qiaoxia-educational-toys-2012"));
    assert!(row.is_some_and(|l| l.contains("67.0 C Not named") && l.contains("-1.3")), "{}", wide.stdout);
}

#[test]
fn diff_in_a_terminal_too_narrow_for_its_table_lists_each_change_as_a_record() {
    let narrow = run_env_in(&root(), &["diff", "--lang", "en", "zone-qualification", REVISED], &[("COLUMNS", "100")]);
    narrow.expect_code(1);
    let widest = narrow.stdout.lines().map(unicode_width::UnicodeWidthStr::width).max().unwrap();
    assert!(widest <= 100, "a line of {widest} cells in\n{}", narrow.stdout);
    assert!(
        narrow.stdout.contains("Item    criterion\nID      C1 Spot-check pass rate\nChange  part 1 bands\n"),
        "{}",
        narrow.stdout
    );
}

#[test]
fn replay_as_json_with_probes() {
    let r = run_in(
        &root(),
        &["replay", "--format", "json", "--probes", "--old", "zone-qualification", "--new", REVISED, EXAMPLES],
    );
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["submissions"]["count"], 10);
    let probes = v["probes"]["cases"].as_array().unwrap();
    assert!(probes.iter().any(|c| c["probe"]["rule"] == "V4" && c["probe"]["value"] == "91.9"));
}

#[test]
fn replay_fails_on_change_only_when_asked_and_something_changed() {
    let gate = ["replay", "--fail-on-change", "--old", "zone-qualification", "--new", REVISED, EXAMPLES];
    run_in(&root(), &gate).expect_code(1);
    let same = [
        "replay",
        "--fail-on-change",
        "--probes",
        "--old",
        "zone-qualification",
        "--new",
        "zone-qualification",
        EXAMPLES,
    ];
    run_in(&root(), &same).expect_code(0);
}

#[test]
fn replay_writes_tests_that_pass_under_the_new_rules() {
    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("changed.tests.toml");
    let revised = root().join(REVISED);
    let r = run_in(
        &root(),
        &[
            "replay",
            "--old",
            "zone-qualification",
            "--new",
            revised.to_str().unwrap(),
            "--write-tests",
            tests.to_str().unwrap(),
            EXAMPLES,
        ],
    );
    r.expect_code(0);
    assert!(r.stderr.contains("10 个测试用例"), "{}", r.stderr);
    let text = std::fs::read_to_string(&tests).unwrap();
    assert!(text.contains("zone-qualification-revised.toml"), "{text}");
    let t = run(&["test", "--lang", "en", tests.to_str().unwrap()]);
    t.expect_code(0);
    let t = run(&["test", "--lang", "en", "--ruleset", "zone-qualification", tests.to_str().unwrap()]);
    t.expect_code(1);
}

#[test]
fn replay_needs_submissions_or_a_valid_base_and_replays_broken_files_as_invalid() {
    run(&["replay", "--old", "zone-qualification", "--new", "zone-qualification"]).expect_code(2);
    let wrong_base = root().join("rules/examples/annual-assessment/oubei-2011.json");
    let r = run(&[
        "replay",
        "--probes",
        "--base",
        wrong_base.to_str().unwrap(),
        "--old",
        "zone-qualification",
        "--new",
        "zone-qualification",
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("在两份规则下均无效"), "{}", r.stderr);
    let dir = tempfile::tempdir().unwrap();
    // A base that is no submission at all: its error is the whole submission's, no place.
    std::fs::write(dir.path().join("empty.json"), "").unwrap();
    let empty = dir.path().join("empty.json");
    let args = ["replay", "--probes", "--base", empty.to_str().unwrap(), "--old", "zone-qualification"];
    let r = run(&[&args[..], &["--new", "zone-qualification"]].concat());
    r.expect_code(2);
    assert!(r.stderr.contains("在两份规则下均无效：提交内容为空"), "{}", r.stderr);
    std::fs::remove_file(&empty).unwrap();
    std::fs::write(dir.path().join("broken.json"), "{\"zone\": ").unwrap();
    std::fs::copy(root().join(EXAMPLES).join("oubei-valves-2013.json"), dir.path().join("ok.json")).unwrap();
    let revised = root().join(REVISED);
    let args = ["replay", "--format", "json", "--old", "zone-qualification", "--new", revised.to_str().unwrap()];
    let r = run(&[&args[..], &[dir.path().to_str().unwrap()]].concat());
    r.expect_code(0);
    // A file that is not JSON is invalid under both rulesets, with the engine's errors.
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["submissions"]["count"], 2);
    assert_eq!(v["submissions"]["invalid_in_both"], 1);
    let cases = v["submissions"]["cases"].as_array().unwrap();
    let broken = cases.iter().find(|c| c["source"].as_str().unwrap().ends_with("broken.json")).unwrap();
    assert_eq!(broken["old"]["errors"][0]["code"], "invalid_json");
    // And the engine's one line for an overview, in both languages.
    assert!(broken["old"]["error"]["en"].as_str().unwrap().starts_with("/: "), "{}", broken["old"]);
    assert_eq!(broken["old"]["error"], broken["new"]["error"]);
    let ok = cases.iter().find(|c| c["source"].as_str().unwrap().ends_with("ok.json")).unwrap();
    assert!(ok["old"]["error"].is_null());
    assert_eq!(broken["changed"], false);
    // The text names it, not only counts it.
    let text = ["replay", "--lang", "en", "--old", "zone-qualification", "--new", revised.to_str().unwrap()];
    let r = run(&[&text[..], &[dir.path().to_str().unwrap()]].concat());
    r.expect_code(0);
    let named = r.stdout.split("Invalid under both rules:").nth(1).unwrap_or_default();
    assert!(named.contains("broken.json") && !named.contains("ok.json"), "{}", r.stdout);
}

#[test]
fn replay_refuses_a_repeated_key_as_score_does() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(EXAMPLES).join("oubei-valves-2013.json")).unwrap();
    std::fs::write(dir.path().join("twice.json"), text.replacen('{', "{\"zone\": {},", 1)).unwrap();
    let args = ["replay", "--format", "json", "--old", "zone-qualification", "--new", "zone-qualification"];
    let r = run(&[&args[..], &[dir.path().to_str().unwrap()]].concat());
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["submissions"]["cases"][0]["old"]["errors"][0]["code"], "duplicate_key");
}

#[test]
fn replay_over_a_file_it_cannot_read_replays_the_rest_and_is_no_success() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join(EXAMPLES).join("oubei-valves-2013.json");
    std::fs::copy(&example, dir.path().join("a.json")).unwrap();
    std::fs::write(dir.path().join("b.xlsx"), "not a workbook").unwrap();
    let folder = dir.path().display().to_string();
    let r = run_in(&root(), &["replay", "--lang", "en", "--old", "zone-qualification", "--new", REVISED, &folder]);
    r.expect_code(2);
    assert!(r.stdout.contains("oubei-valves") || r.stdout.contains("a.json"), "{}", r.stdout);
    assert!(r.stderr.contains("1 more file could not be read and was not replayed"), "{}", r.stderr);
    // Nor does a CI gate pass over it.
    let gate = ["replay", "--fail-on-change", "--old", "zone-qualification", "--new", "zone-qualification", &folder];
    run_in(&root(), &gate).expect_code(2);
}

#[test]
fn replay_names_the_submission_its_probes_are_built_on() {
    let args = ["replay", "--lang", "en", "--probes", "--old", "zone-qualification", "--new", REVISED, EXAMPLES];
    let r = run_in(&root(), &args);
    r.expect_code(0);
    // The examples begin with an ineligible and a vetoed zone: the first eligible one is the base.
    let line = r.stdout.lines().find(|l| l.starts_with("Probes built on")).unwrap();
    assert!(line.ends_with("oubei-valves-2013.json"), "{line}");
    let given = [&args[..], &["--base", "rules/examples/zone-qualification/wuniu-early-tea-2014.json"]].concat();
    let r = run_in(&root(), &given);
    assert!(r.stdout.contains("wuniu-early-tea-2014.json"), "{}", r.stdout);
    // Without probes there is no base.
    let r = run_in(&root(), &["replay", "--lang", "en", "--old", "zone-qualification", "--new", REVISED, EXAMPLES]);
    assert!(!r.stdout.contains("Probes built on"), "{}", r.stdout);
}

/// A revision that kept its version is told apart by its digest, and told to take a version
/// of its own, in `diff` and in `replay` alike; one with its own version is not.
#[test]
fn a_revision_that_kept_its_version_is_told_to_take_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(REVISED)).unwrap();
    let kept = dir.path().join("kept.toml");
    let version = text.lines().find(|l| l.starts_with("version = ")).unwrap();
    std::fs::write(&kept, text.replacen(version, "version = \"2011.1\"", 1)).unwrap();
    let kept = kept.display().to_string();
    let note = "the two rulesets differ but are both zone-qualification 2011.1";
    let diff = run_in(&root(), &["diff", "--lang", "en", "zone-qualification", &kept]);
    diff.expect_code(1);
    assert!(diff.stdout.contains(note), "{}", diff.stdout);
    let replay = run_in(&root(), &["replay", "--lang", "en", "--old", "zone-qualification", "--new", &kept, EXAMPLES]);
    replay.expect_code(0);
    assert!(replay.stdout.contains(note) && replay.stdout.contains("2011.1, sha256:"), "{}", replay.stdout);
    let own = run_in(&root(), &["replay", "--lang", "en", "--old", "zone-qualification", "--new", REVISED, EXAMPLES]);
    assert!(!own.stdout.contains("differ but are both"), "{}", own.stdout);
}

/// A criterion given a new id and nothing else is one wording change in `diff`, and moves
/// nobody in `replay`, stored submissions and probes alike.
#[test]
fn a_criterion_renamed_is_one_change_that_moves_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("rules/zone-qualification.toml")).unwrap();
    let renamed = dir.path().join("renamed.toml");
    std::fs::write(&renamed, text.replacen("id = \"C7\"", "id = \"C8\"", 1)).unwrap();
    let renamed = renamed.display().to_string();
    let diff = run_in(&root(), &["diff", "zone-qualification", &renamed]);
    diff.expect_code(1);
    assert!(
        diff.stdout.contains("共 1 处修改：可能改变得分 0 处，改变有效性 0 处，改变报告提示 0 处，文字修改 1 处。"),
        "{}",
        diff.stdout
    );
    assert!(diff.stdout.contains("评分项  C8 食品安全  编号  C7  C8  §5.8.3"), "{}", diff.stdout);
    let probes = format!("{EXAMPLES}/oubei-valves-2013.json");
    let args =
        ["replay", "--lang", "en", "--old", "zone-qualification", "--new", &renamed, "--probes", &probes, EXAMPLES];
    let replay = run_in(&root(), &args);
    replay.expect_code(0);
    assert!(replay.stdout.contains("10 in all: 0 changed"), "{}", replay.stdout);
    assert_eq!(replay.stdout.matches(" 0 changed").count(), 2, "{}", replay.stdout);
}
