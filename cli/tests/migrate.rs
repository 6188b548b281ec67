//! `zonescore migrate`: format 1 rule files rewritten in format 2, to standard output, a
//! file, or in place with the original kept.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{fixture_str, run};
use zonescore::{RuleFormat, Ruleset};

#[test]
fn migrate_prints_format_2_that_compiles_to_the_same_rules() {
    let r = run(&["migrate", &fixture_str("rules/good.toml")]);
    r.expect_code(0);
    assert!(r.stdout.contains("format_version = 2\n") && r.stdout.contains("[pipeline]"), "{}", r.stdout);
    let old = Ruleset::from_path(std::path::Path::new(&fixture_str("rules/good.toml"))).unwrap();
    let new = Ruleset::from_text(&r.stdout, Some(RuleFormat::Toml), "new.toml").unwrap();
    assert_eq!(old.digest(), new.digest());
}

#[test]
fn migrate_in_place_keeps_the_original_and_a_second_run_has_nothing_to_do() {
    let dir = std::env::temp_dir().join(format!("zonescore-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("rules.toml");
    let original = std::fs::read_to_string(fixture_str("rules/good.toml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let path = file.display().to_string();
    run(&["migrate", "--in-place", "--lang", "en", &path]).expect_code(0);
    assert_eq!(std::fs::read_to_string(dir.join("rules.v1.toml")).unwrap(), original);
    assert!(std::fs::read_to_string(&file).unwrap().contains("format_version = 2"));
    let migrated = std::fs::read_to_string(&file).unwrap();
    let again = run(&["migrate", "--in-place", "--lang", "en", &path]);
    again.expect_code(0);
    assert!(again.stderr.contains("already in rule format 2; nothing to migrate, and the file is left as it is"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), migrated);
    // To standard output or `-o`, a format 2 file goes through as it is: a script migrating a
    // folder of mixed files (`migrate f > out`) loses none.
    let printed = run(&["migrate", "--lang", "en", &path]);
    printed.expect_code(0);
    assert_eq!(printed.stdout, migrated);
    assert!(printed.stderr.contains("nothing to migrate, printed as it is"), "{}", printed.stderr);
    let copy = dir.join("copy.toml").display().to_string();
    let to_file = run(&["migrate", "--lang", "en", &path, "-o", &copy]);
    to_file.expect_code(0);
    assert!(to_file.stderr.contains(&format!("nothing to migrate, written to {copy} as it is")), "{}", to_file.stderr);
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), migrated);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn migrate_refuses_a_broken_file_and_a_missing_one() {
    let broken = run(&["migrate", "--lang", "en", &fixture_str("rules/type-error.toml")]);
    broken.expect_code(2);
    assert!(broken.stderr.contains("type-error.toml:"), "{}", broken.stderr);
    assert!(broken.stdout.is_empty());
    run(&["migrate", "/no/such/rules.toml"]).expect_code(2);
}

#[test]
fn migrate_of_a_missing_file_says_why_in_the_run_s_language() {
    let r = run(&["migrate", "no-such-rules.toml"]);
    r.expect_code(2);
    assert!(r.stderr.contains("无法读取 no-such-rules.toml：没有这个文件或文件夹"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    let r = run(&["migrate", "--lang", "en", "no-such-rules.toml"]);
    assert!(r.stderr.contains("cannot read no-such-rules.toml: no such file or folder"), "{}", r.stderr);
}
