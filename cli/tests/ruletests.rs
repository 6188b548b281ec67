//! `zonescore test` as a rule author reads it: a failing case's errors written out
//! (`unknown_field at /firm/nmae`), a case that could not fail refused, and a rule file
//! given by mistake pointed to `check`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{fixture, fixture_str, run, run_in};

/// A test file beside the CLI's sample rules, with these cases.
fn tests_file(dir: &std::path::Path, cases: &str) -> String {
    let rules = fixture("rules/good.toml").display().to_string().replace('\\', "/");
    let path = dir.join("t.tests.toml");
    std::fs::write(&path, format!("ruleset = \"{rules}\"\n{cases}")).unwrap();
    path.display().to_string()
}

#[test]
fn a_case_s_errors_are_written_out_not_debug_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = tests_file(
        dir.path(),
        r#"
[[cases]]
name = "misspelt"
submission_json = '{"firm": {"name": "甲厂", "pass_rate_pct": 96, "certified": true, "nmae": 1}}'
expect = { final_score = "100.0" }

[[cases]]
name = "other errors"
submission_json = '{"firm": {"name": "甲厂", "pass_rate_pct": 96, "certified": true, "nmae": 1}}'
expect = { errors = [{ code = "required", path = "/firm/name" }] }
"#,
    );
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(1);
    assert!(r.stdout.contains("expected a scored submission, got errors: unknown_field at /firm/nmae"), "{}", r.stdout);
    assert!(
        r.stdout.contains("errors: expected required at /firm/name, got unknown_field at /firm/nmae"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("ExpectedError"), "{}", r.stdout);
}

#[test]
fn numbers_are_expected_by_value_bare_or_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let certified = r#"submission_json = '{"firm": {"name": "甲厂", "pass_rate_pct": 96, "certified": true}}'"#;
    let file = tests_file(
        dir.path(),
        &format!(
            r#"
[[cases]]
name = "bare, quoted, with or without places"
{certified}
expect = {{ final_score = 100, earned = "10.00", applicable_max = 10.0, points = {{ Q1 = 6, Q2 = "4.0" }} }}

[[cases]]
name = "a wrong value still fails"
{certified}
expect = {{ final_score = 99, points = {{ Q1 = "3" }} }}
"#
        ),
    );
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(1);
    assert!(r.stdout.contains("1 passed, 1 failed"), "{}", r.stdout);
    // A failure shows the answer's own text, places kept.
    assert!(r.stdout.contains(r#"final_score: expected "99", got "100.0""#), "{}", r.stdout);
    assert!(r.stdout.contains(r#"points of Q1: expected "3", got "6""#), "{}", r.stdout);
}

#[test]
fn a_copied_test_file_without_its_submissions_says_why_once_and_where_paths_start() {
    let dir = tempfile::tempdir().unwrap();
    let case = "[[cases]]\nname = \"c{n}\"\nbase = \"fixtures/full.json\"\nset = '{\"firm.certified\": false}'\nexpect = { valid = true }\n";
    let cases: String = (1..=4).map(|n| case.replace("{n}", &n.to_string())).collect();
    let file = tests_file(dir.path(), &cases);
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(1);
    assert!(r.stdout.contains("(a case's paths are taken from the test file's folder)"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("note: 4 cases failed the same way: cannot read").count(), 1, "{}", r.stdout);
    // A file that cannot be run is counted in the closing line.
    let missing = dir.path().join("missing.tests.toml").display().to_string();
    let r = run(&["test", "--lang", "en", &file, &missing]);
    r.expect_code(2);
    assert!(r.stdout.ends_with("0 passed, 4 failed, 1 test file not run\n"), "{}", r.stdout);
}

#[test]
fn a_rule_file_given_to_test_is_pointed_to_check() {
    let rules = fixture("rules/good.toml").display().to_string();
    let r = run(&["test", "--lang", "en", &rules]);
    r.expect_code(2);
    assert!(r.stderr.contains("unknown field `format_version`"), "{}", r.stderr);
    assert!(r.stderr.contains("this looks like a rule file") && r.stderr.contains("zonescore check"), "{}", r.stderr);
    // A broken test file is not called a rule file.
    let dir = tempfile::tempdir().unwrap();
    let broken = tests_file(dir.path(), "[[cases]]\nnom = 1\n");
    let r = run(&["test", "--lang", "en", &broken]);
    r.expect_code(2);
    assert!(!r.stderr.contains("rule file"), "{}", r.stderr);
}

#[test]
fn a_case_that_could_not_fail_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.json"),
        r#"{"firm": {"name": "甲厂", "pass_rate_pct": 96, "certified": true}}"#,
    )
    .unwrap();
    let file = tests_file(
        dir.path(),
        r#"
[[cases]]
name = "expects nothing"
base = "base.json"
expect = {}

[[cases]]
name = "expects nothing, from nowhere"
base = "missing.json"
expect = {}

[[cases]]
name = "one field twice"
base = "base.json"
set = '{"firm.pass_rate_pct": 99, "firm.pass_rate_pct": 10}'
expect = { valid = true }

[[cases]]
name = "one field twice, in a group"
base = "base.json"
set = '{"firm": {"name": "乙厂", "name": "丙厂"}}'
expect = { valid = true }

[[cases]]
name = "below a value"
base = "base.json"
set = '{"firm.pass_rate_pct.x": 1}'
expect = { valid = true }

[[cases]]
name = "nothing to remove"
base = "base.json"
unset = ["firm.nmae"]
expect = { valid = true }

[[cases]]
name = "set and unset as meant"
base = "base.json"
set = '{"firm.pass_rate_pct": 99}'
unset = ["firm.certified"]
expect = { valid = true }
"#,
    );
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(1);
    for said in [
        "`expect` is empty, so the case would pass whatever the rules say",
        "`set` gives firm.pass_rate_pct twice: which value is meant?",
        "`set` gives firm.name twice: which value is meant?",
        "`set` firm.pass_rate_pct.x: firm.pass_rate_pct holds a value, not a group",
        "`unset` firm.nmae: the submission has nothing there to remove",
    ] {
        assert!(r.stdout.contains(said), "{said}\n{}", r.stdout);
    }
    // A case that expects nothing still says what else is wrong with it.
    let nowhere = r.stdout.split("expects nothing, from nowhere").nth(1).unwrap_or_default();
    assert!(
        nowhere.contains("missing.json (a case's paths are taken from the test file's folder): no such file"),
        "{}",
        r.stdout
    );
    assert!(nowhere.contains("`expect` is empty"), "{}", r.stdout);
    assert!(r.stdout.contains("1 passed, 6 failed"), "{}", r.stdout);
}

#[test]
fn a_mistake_in_a_test_file_is_placed_by_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file =
        tests_file(dir.path(), "[[cases]]\nname = \"x\"\nsubmission_json = '{}'\n[cases.expect]\nvalid = \"yes\"\n");
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(2);
    // The file's first line names the ruleset: `valid` is on its sixth.
    assert!(r.stderr.contains(r#"t.tests.toml:6:9: invalid type: string "yes", expected a boolean"#), "{}", r.stderr);
}

#[test]
fn the_heading_says_which_rules_the_cases_ran_under() {
    // An edited copy keeps the bundled id and version: the heading names the rule file.
    let bundled_tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/annual-assessment.tests.toml");
    let tests = bundled_tests.display().to_string();
    let r = run(&["test", "--lang", "en", &tests]);
    r.expect_code(0);
    assert!(r.stdout.contains("annual-assessment.tests.toml (bundled annual-assessment 2011.1): "), "{}", r.stdout);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("edited.toml");
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/annual-assessment.toml"), &copy)
        .unwrap();
    let r = run(&["test", "--ruleset", copy.to_str().unwrap(), &tests]);
    r.expect_code(0);
    let heading = format!("（annual-assessment 2011.1，规则文件 {}）：通过", copy.display());
    assert!(r.stdout.contains(&heading), "{}", r.stdout);
}

#[test]
fn a_misspelt_key_of_a_test_file_is_told_in_the_run_s_language_with_the_name_meant() {
    let dir = tempfile::tempdir().unwrap();
    let file = tests_file(
        dir.path(),
        "\n[[cases]]\nname = \"a\"\nsubmission_json = '{}'\nexpect = { final_scor = \"80.0\" }\n",
    );
    let r = run(&["test", &file]);
    r.expect_code(2);
    assert!(r.stderr.contains("未知字段 `final_scor`，应为 `valid`、`final_score`"), "{}", r.stderr);
    assert!(r.stderr.contains("提示：你是否想写 `final_score`？"), "{}", r.stderr);
    let r = run(&["test", "--lang", "en", &file]);
    assert!(r.stderr.contains("help: did you mean `final_score`?"), "{}", r.stderr);
}

#[test]
fn an_expectation_about_a_rule_the_rules_lack_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let cases = "\n[[cases]]\nname = \"retired\"\nsubmission_json = '{\"firm\": {\"name\": \"甲厂\", \"pass_rate_pct\": 96, \"certified\": true}}'\nexpect = { points = { Z9 = 1 }, status = { Z9 = \"met\" }, vetoes = { V9 = false } }\n";
    let file = tests_file(dir.path(), cases);
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(1);
    assert_eq!(r.stdout.matches("Z9 is no criterion or bonus item of these rules").count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("V9 is no veto of these rules"), "{}", r.stdout);
    assert!(!r.stdout.contains("got nothing"), "{}", r.stdout);
}

#[test]
fn test_closing_line_when_all_pass() {
    let r = run(&["test", "--lang", "en", &fixture_str("tests/pass.tests.toml")]);
    r.expect_code(0);
    assert_eq!(r.stdout.lines().last(), Some("3 passed, 0 failed"));
    let v = run(&["test", "--lang", "en", "-v", &fixture_str("tests/pass.tests.toml")]);
    assert!(v.stdout.contains("ok    full marks"));
}

#[test]
fn test_prints_failing_cases_with_differences() {
    let r =
        run(&["test", "--lang", "en", &fixture_str("tests/fail.tests.toml"), &fixture_str("tests/pass.tests.toml")]);
    r.expect_code(1);
    assert_eq!(r.stdout.lines().last(), Some("4 passed, 2 failed"), "{}", r.stdout);
    assert!(r.stdout.contains("FAIL  wrong expectation"));
    assert!(r.stdout.contains("FAIL  wrong points"));
    assert!(r.stdout.contains("final_score") && r.stdout.contains("99.0") && r.stdout.contains("30.0"), "{}", r.stdout);
    assert!(!r.stdout.contains("FAIL  full marks"));
}

#[test]
fn test_speaks_chinese_by_default_as_every_command() {
    let r = run(&["test", &fixture_str("tests/fail.tests.toml"), &fixture_str("tests/pass.tests.toml")]);
    r.expect_code(1);
    assert_eq!(r.stdout.lines().last(), Some("通过 4，失败 2"), "{}", r.stdout);
    assert!(r.stdout.contains("失败  wrong expectation"), "{}", r.stdout);
    assert!(r.stdout.contains("- final_score：应为 \"99.0\"，实为 \"30.0\""), "{}", r.stdout);
    let missing = run(&["test", "no-such.tests.toml"]);
    missing.expect_code(2);
    assert!(missing.stderr.contains("无法读取 no-such.tests.toml："), "{}", missing.stderr);
    assert_eq!(missing.stdout.lines().last(), Some("通过 0，失败 0，1 个测试文件未运行"), "{}", missing.stdout);
}

#[test]
fn test_an_edited_rule_file() {
    // The sample tests pass against the sample rules given explicitly …
    let r = run(&[
        "test",
        "--lang",
        "en",
        "--ruleset",
        &fixture_str("rules/good.toml"),
        &fixture_str("tests/pass.tests.toml"),
    ]);
    r.expect_code(0);
    assert!(!r.stdout.contains("note:"), "{}", r.stdout);
    // … rules of another id are named as such, before the cases and after the failures …
    let r = run(&["test", "--lang", "en", "--ruleset", "annual-assessment", &fixture_str("tests/pass.tests.toml")]);
    r.expect_code(1);
    let note = "note: the cases are written for `cli-sample` and ran under `annual-assessment` (--ruleset)";
    assert_eq!(r.stdout.matches(note).count(), 2, "{}", r.stdout);
    // … and a broken edit is reported as a rule-file error.
    let r = run(&[
        "test",
        "--lang",
        "en",
        "--ruleset",
        &fixture_str("rules/unreachable-band.toml"),
        &fixture_str("tests/pass.tests.toml"),
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("unreachable_band"));
}

#[test]
fn test_finds_rules_tests_in_the_repository() {
    // Run from a folder with a `rules/` of test files: the default is rules/*.tests.toml.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules/deeper")).unwrap();
    std::fs::copy(fixture("rules/good.toml"), dir.path().join("rules/good.toml")).unwrap();
    let tests =
        std::fs::read_to_string(fixture("tests/pass.tests.toml")).unwrap().replace("../rules/good.toml", "good.toml");
    std::fs::write(dir.path().join("rules/sample.tests.toml"), tests).unwrap();
    let r = run_in(&dir.path().join("rules/deeper"), &["test", "--lang", "en"]);
    r.expect_code(0);
    assert_eq!(r.stdout.lines().last(), Some("3 passed, 0 failed"), "{}", r.stdout);

    let empty = tempfile::tempdir().unwrap();
    let r = run_in(empty.path(), &["test", "--lang", "en"]);
    r.expect_code(2);
    assert!(r.stderr.contains("no test files"), "{}", r.stderr);
}

#[test]
fn an_expected_value_the_rules_never_give_is_said_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let certified = r#"submission_json = '{"firm": {"name": "甲厂", "pass_rate_pct": 96, "certified": true}}'"#;
    let file = tests_file(
        dir.path(),
        &format!("[[cases]]\nname = \"no such grade\"\n{certified}\nexpect = {{ grade = \"E\", status = {{ Q1 = \"met_fully\" }} }}\n"),
    );
    let r = run(&["test", "--lang", "en", &file]);
    r.expect_code(1);
    assert!(r.stdout.contains("grade should be one of the grades of these rules (`A`, `D`), not `E`"), "{}", r.stdout);
    assert!(
        r.stdout.contains("status.Q1 should be one of the statuses") && r.stdout.contains("not `met_fully`"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("expected \"E\""), "said once, not also as a mismatch: {}", r.stdout);
}

#[test]
fn an_empty_test_file_and_rules_that_cannot_be_read_are_said_with_the_test_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.tests.toml");
    std::fs::write(&empty, "# nothing yet\n\n").unwrap();
    let r = run(&["test", "--lang", "en", &empty.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("the test file is empty: write `ruleset ="), "{}", r.stderr);
    let lost = dir.path().join("lost.tests.toml");
    std::fs::write(&lost, "ruleset = \"nosuch.toml\"\n[[cases]]\nname = \"x\"\nexpect = { valid = true }\n").unwrap();
    let r = run(&["test", "--lang", "en", &lost.display().to_string()]);
    r.expect_code(2);
    assert!(r.stderr.contains("lost.tests.toml names the ruleset `nosuch.toml`, which cannot be used"), "{}", r.stderr);
}
