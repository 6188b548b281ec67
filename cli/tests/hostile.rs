//! Hostile input: each gets a clear message and the right exit code, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{run, run_stdin};

/// Scores `bytes` from a file and from standard input, in table and JSON form, and
/// checks the exit code 1 and the failure's error code.
fn invalid(bytes: &[u8], code: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("submission.json");
    std::fs::write(&path, bytes).unwrap();
    let p = path.display().to_string();

    let table = run(&["score", &p]);
    table.expect_code(1);
    assert!(table.stdout.contains("提交内容无效，未予评分"), "{}", table.stdout);
    assert!(table.stdout.contains(code), "want `{code}` in\n{}", table.stdout);

    let json = run(&["score", "--format", "json", &p]);
    json.expect_code(1);
    let answer: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(answer["type"], "failure");
    let codes: Vec<&str> = answer["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&code), "want `{code}` in {codes:?}");
    for e in answer["errors"].as_array().unwrap() {
        assert!(!e["message"]["zh"].as_str().unwrap().is_empty() && !e["message"]["en"].as_str().unwrap().is_empty());
    }

    let stdin = run_stdin(&["score", "--lang", "en", "-"], bytes);
    stdin.expect_code(1);
    assert!(stdin.stdout.contains("Invalid submission: not scored") && stdin.stdout.contains(code));
}

#[test]
fn empty_file() {
    invalid(b"", "empty_input");
    invalid(b"  \n\t ", "empty_input");
}

#[test]
fn not_json() {
    invalid(b"zone = 'valves'", "invalid_json");
    invalid(b"{\"zone\": {", "invalid_json");
}

#[test]
fn json_array() {
    invalid(b"[{\"zone\": {}}]", "not_an_object");
    invalid(b"42", "not_an_object");
}

#[test]
fn nesting_100k_deep() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    invalid(deep.as_bytes(), "too_deep");
    let objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    invalid(objects.as_bytes(), "too_deep");
}

#[test]
fn number_too_large_for_a_decimal() {
    invalid(br#"{"zone": {"assessment_year": 1e40}}"#, "out_of_range");
    invalid(br#"{"zone": {"assessment_year": 10000000000000000000000000000000000000000}}"#, "out_of_range");
}

#[test]
fn file_of_2_megabytes() {
    let big = format!("{{\"meta\": {{\"x\": \"{}\"}}}}", "a".repeat(2 << 20));
    invalid(big.as_bytes(), "too_large");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, &big).unwrap();
    let r = run(&["score", &path.display().to_string()]);
    // The engine reports the real size.
    assert!(r.stdout.contains(&big.len().to_string()), "{}", r.stdout);
}

#[test]
fn invalid_utf8() {
    invalid(b"{\"zone\": {\"name\": \"\xff\xfe\"}}", "invalid_utf8");
}

#[test]
fn nan_and_infinity() {
    invalid(br#"{"zone": {"assessment_year": NaN}}"#, "invalid_json");
    invalid(br#"{"zone": {"assessment_year": Infinity}}"#, "invalid_json");
}

#[test]
fn duplicate_keys() {
    invalid(br#"{"zone": {"name": "a", "name": "b"}}"#, "duplicate_key");
}

#[test]
fn folder_without_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a submission").unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let r = run(&["score", &dir.path().display().to_string()]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("zonescore：错误：") && r.stderr.contains("文件夹中没有 `*.json` 或 `*.xlsx` 文件"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    let r = run(&["score", "--lang", "en", &dir.path().display().to_string()]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("zonescore: error: ") && r.stderr.contains("holds no `*.json` or `*.xlsx` files"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_path() {
    let r = run(&["score", "/no/such/submission.json"]);
    r.expect_code(2);
    assert!(r.stderr.contains("/no/such/submission.json：没有这个文件或文件夹"), "{}", r.stderr);
    let r = run(&["score", "--lang", "en", "/no/such/submission.json"]);
    assert!(r.stderr.contains("/no/such/submission.json: no such file or folder"), "{}", r.stderr);
    let r = run(&["summary", "/no/such/folder"]);
    r.expect_code(2);
    let r = run(&["check", "/no/such/rules.toml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("unreadable"), "{}", r.stderr);
    let r = run(&["test", "--lang", "en", "/no/such/rules.tests.toml"]);
    r.expect_code(2);
    assert!(r.stdout.ends_with("0 passed, 0 failed, 1 test file not run\n"), "{}", r.stdout);
}

#[test]
fn hostile_rule_files() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "[".repeat(100_000);
    let cases: [(&str, &[u8]); 5] = [
        ("empty.toml", b""),
        ("garbage.toml", b"this is = = not toml"),
        ("array.json", b"[1, 2, 3]"),
        ("deep.json", deep.as_bytes()),
        ("binary.toml", b"\xff\xfe\x00\x01"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = run(&["check", &path.display().to_string()]);
        r.expect_code(2);
        assert!(r.stderr.contains("错误["), "{name}: {}", r.stderr);
        let en = run(&["check", "--lang", "en", &path.display().to_string()]);
        en.expect_code(2);
        assert!(en.stderr.contains("error["), "{name}: {}", en.stderr);
    }
}

#[test]
fn markup_and_terminal_escapes_in_a_submission_are_neutralised() {
    let mut sub: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::fixture(common::OUBEI)).unwrap()).unwrap();
    sub["zone"]["name"] = serde_json::json!("\u{1b}[2J<script>x</script>|名\u{202e}");
    let bytes = serde_json::to_vec(&sub).unwrap();
    let table = run_stdin(&["score", "-"], &bytes);
    table.expect_code(0);
    assert!(!table.stdout.contains('\u{1b}') && !table.stdout.contains('\u{202e}'), "{:?}", table.stdout);
    let md = run_stdin(&["score", "--format", "markdown", "-"], &bytes);
    md.expect_code(0);
    assert!(md.stdout.contains("&lt;script>x&lt;/script>\\|名"), "{}", md.stdout);
    // JSON output is the engine's answer, untouched.
    let json = run_stdin(&["score", "--format", "json", "-"], &bytes);
    assert!(json.stdout.contains("\\u001b[2J<script>"), "{}", json.stdout);
}

#[test]
fn a_zone_name_cannot_inject_a_link_or_emphasis_into_markdown() {
    let mut sub: serde_json::Value =
        serde_json::from_slice(&std::fs::read(common::fixture(common::OUBEI)).unwrap()).unwrap();
    sub["zone"]["name"] = serde_json::json!("[官方](http://evil.example) *粗* _斜_ a\\b");
    let bytes = serde_json::to_vec(&sub).unwrap();
    let want = "\\[官方\\](http\\://evil.example) \\*粗\\* \\_斜\\_ a\\\\b";
    let md = run_stdin(&["score", "--format", "markdown", "-"], &bytes);
    md.expect_code(0);
    assert!(md.stdout.contains(want), "{}", md.stdout);
    assert!(!md.stdout.contains("[官方](http"), "{}", md.stdout);
    let rows = run_stdin(&["score", "--format", "rows", "-"], &bytes);
    assert!(
        rows.stdout.contains("[官方](http://evil.example) *粗* _斜_ a\\b"),
        "only Markdown is escaped: {}",
        rows.stdout
    );

    // The summary's tables too.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), &bytes).unwrap();
    let summary = run(&["summary", "--format", "markdown", &dir.path().display().to_string()]);
    summary.expect_code(0);
    assert!(summary.stdout.contains(want), "{}", summary.stdout);
}

/// Runs `zonescore` with its standard output closed at once, as `| head -0` would: the
/// exit code and standard error.
fn with_output_closed(args: &[String]) -> (Option<i32>, String) {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonescore"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn closed_output_pipe_is_not_a_panic() {
    let file = common::fixture_str(common::OUBEI);
    let mut args = vec!["score".to_owned()];
    args.extend(std::iter::repeat_n(file, 200));
    let (code, stderr) = with_output_closed(&args);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The files left unscored are counted, never "all scored", and the run is no success.
    assert!(stderr.contains("标准输出已关闭：已评分 ") && stderr.contains("个文件未评分"), "{stderr}");
    assert!(!stderr.contains("全部已评分"), "{stderr}");
    assert_eq!(code, Some(1));
}

#[test]
fn a_closed_pipe_after_every_file_was_scored_is_still_a_success() {
    // The CSV is printed once everything is scored: closing it then loses nothing unscored.
    let file = common::fixture_str(common::OUBEI);
    let args = ["score", "--lang", "en", "--format", "csv", &file, &file].map(str::to_owned);
    let (code, stderr) = with_output_closed(&args);
    assert!(stderr.contains("2 submissions: all scored"), "{stderr}");
    assert_eq!(code, Some(0));
}

#[test]
fn output_lost_to_a_full_disk_is_reported_and_is_no_success() {
    use std::process::{Command, Stdio};
    // /dev/full fails every write with ENOSPC, as a full disk does.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        panic!("this test needs /dev/full (Linux)");
    };
    let file = common::fixture_str(common::OUBEI);
    let runs = [
        vec!["score", &file],
        vec!["score", "--format", "csv", &file, &file],
        vec!["rulesets"],
        vec!["--help"],
        vec!["score", "--help"],
        vec!["--version"],
    ];
    for args in runs {
        let out = Command::new(env!("CARGO_BIN_EXE_zonescore"))
            .args(args.iter().chain(&["--lang", "en"]))
            .stdin(Stdio::null())
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.matches("cannot write standard output: ").count(), 1, "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    }
}

#[test]
fn hostile_test_files() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.tests.toml");
    std::fs::write(&garbage, "cases = = [").unwrap();
    let unknown = dir.path().join("unknown.tests.toml");
    std::fs::write(&unknown, "ruleset = \"zone-qualification\"\nsurprise = 1\ncases = []\n").unwrap();
    for path in [garbage, unknown] {
        let r = run(&["test", "--lang", "en", &path.display().to_string()]);
        r.expect_code(2);
        assert!(r.stderr.contains(&path.display().to_string()), "{}", r.stderr);
        assert_eq!(r.stdout, "0 passed, 0 failed, 1 test file not run\n");
    }
}

#[test]
fn summary_of_only_hostile_submissions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.json"), "").unwrap();
    std::fs::write(dir.path().join("nan.json"), "{\"zone\": NaN}").unwrap();
    std::fs::write(dir.path().join("bad-utf8.json"), b"\xff").unwrap();
    // Nothing counts: no verdict (goal not met, 0 zones) that would pass for a result, but
    // what was skipped, and why.
    let r = run(&["summary", "--format", "json", &dir.path().display().to_string()]);
    r.expect_code(2);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v.get("summary").is_none(), "{}", r.stdout);
    let codes: Vec<&str> = v["skipped"].as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["invalid_utf8", "empty_input", "invalid_json"]);
    assert!(
        r.stderr.contains("没有可汇总的提交：3 份提交都未计入（3 份无效；各自的原因见已跳过的提交）"),
        "{}",
        r.stderr
    );
    let t = run(&["summary", &dir.path().display().to_string()]);
    t.expect_code(2);
    assert!(!t.stdout.contains("未达成"), "{}", t.stdout);
    assert!(t.stdout.contains("invalid_utf8"), "{}", t.stdout);
}

#[cfg(unix)]
#[test]
fn folder_with_a_symlink_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::fixture(common::OUBEI), dir.path().join("a.json")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let r = run(&["score", "--format", "json", &dir.path().display().to_string()]);
    r.expect_code(0);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn a_link_to_a_submission_that_is_gone_is_named_and_the_rest_scored() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::fixture(common::OUBEI), dir.path().join("a.json")).unwrap();
    std::fs::copy(common::fixture(common::OUBEI), dir.path().join("c.json")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.json"), dir.path().join("b.json")).unwrap();
    let folder = dir.path().display().to_string();
    for command in ["score", "summary"] {
        let r = run(&[command, "--format", "json", "--lang", "en", &folder]);
        r.expect_code(2);
        assert!(r.stderr.contains("b.json: cannot read: no such file or folder"), "{command}: {}", r.stderr);
        if command == "score" {
            let list: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(list.as_array().unwrap().len(), 2, "{}", r.stdout);
        }
    }
}

#[test]
fn an_input_over_16_mib_is_named_with_its_size_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let size = 16 * 1024 * 1024 + 1000;
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(size).unwrap();
    let p = path.display().to_string();
    let r = run(&["score", "--format", "json", &p]);
    r.expect_code(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains(&format!("有 {size} 字节，超过任何输入的上限 16777216 字节")), "{}", r.stderr);
    // Standard input has no size to ask for: it is read up to the limit, and said to exceed it.
    let r = run_stdin(&["score", "--lang", "en", "-"], &vec![b' '; 16 * 1024 * 1024 + 1]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("(standard input): more than any input may hold (16777216 bytes, 16 MiB); not read"),
        "{}",
        r.stderr
    );
    // Within the limit, the engine refuses a submission over 1 MiB with its exact size.
    std::fs::File::create(&path).unwrap().set_len(2_000_000).unwrap();
    let r = run(&["score", "--format", "json", &p]);
    r.expect_code(1);
    assert!(r.stdout.contains("\"size\": 2000000"), "{}", r.stdout);
}

/// A usage error is said in Chinese first, then in clap's English with its usage line; with
/// `--lang en` in English alone. Help and version are no errors.
#[test]
fn usage_errors_are_said_in_chinese_too() {
    let r = run(&["score", "--frmat", "json", "x.json"]);
    r.expect_code(2);
    assert!(r.stderr.starts_with("zonescore：用法错误：未知参数 `--frmat`；你是否想写 `--format`？"), "{}", r.stderr);
    assert!(r.stderr.contains("unexpected argument '--frmat' found"), "{}", r.stderr);
    let r = run(&["score", "--format", "xml", "x.json"]);
    r.expect_code(2);
    assert!(r.stderr.contains("`--format <FORMAT>` 的取值 `xml` 无效，可选：`table`、`json`"), "{}", r.stderr);
    let r = run(&["replay", "a.json"]);
    r.expect_code(2);
    assert!(r.stderr.contains("缺少必需的参数：`--old <ID|PATH>`、`--new <ID|PATH>`"), "{}", r.stderr);
    let r = run(&["score", "--frmat", "json", "--lang", "en", "x.json"]);
    r.expect_code(2);
    assert!(r.stderr.starts_with("error: unexpected argument '--frmat' found"), "{}", r.stderr);
    let r = run(&["--version"]);
    r.expect_code(0);
    assert!(r.stderr.is_empty() && r.stdout.starts_with("zonescore "), "{} {}", r.stdout, r.stderr);
}

/// An argument that is not UTF-8 beside a usage error is reported, never a panic.
#[cfg(unix)]
#[test]
fn a_usage_error_beside_an_argument_that_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zonescore"))
        .args([std::ffi::OsStr::from_bytes(b"\xff.json"), "--frmat".as_ref(), "x".as_ref()])
        .arg("score")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
