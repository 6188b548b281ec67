//! The boundary's policy tested against the engine's own answers: one reading of a
//! submission gives the bytes two readings gave, and each worded rule says what it should.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests fail loudly"
)]

use super::*;
use crate::{Answer, Input, Ruleset, ScoreOptions};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn conformance_cases() -> Vec<(String, serde_json::Value, Vec<u8>, String)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(repo("tests/conformance")).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(case) = std::fs::read_to_string(dir.join("case.json")) else { continue };
        let case: serde_json::Value = serde_json::from_str(&case).unwrap();
        let submission = std::fs::read(dir.join("submission.json")).unwrap();
        let expected = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        cases.push((name, case, submission, expected.trim_end_matches('\n').to_owned()));
    }
    assert!(cases.len() > 30, "the conformance cases are found");
    cases
}

#[test]
fn one_reading_answers_every_conformance_case_as_two_readings_did() {
    for (name, case, submission, expected) in conformance_cases() {
        let Some(id) = case["ruleset"].as_str() else { continue };
        let options: ScoreOptions = serde_json::from_value(case["options"].clone()).unwrap_or_default();
        let given = Ruleset::bundled(id).unwrap();
        let chosen = Chosen::new(Some(&given), Submission::Json(&submission)).unwrap();
        assert_eq!(chosen.answer_json(&options), expected, "{name}: the given ruleset");
        // Without a ruleset, the text is parsed once to find it and that tree is scored:
        // the bytes must be those of scoring the text with the ruleset found.
        let detected = Chosen::new(None, Submission::Json(&submission)).unwrap();
        let twice = Ruleset::bundled(detected.ruleset.id()).unwrap().score_bytes_json_with(&submission, &options);
        assert_eq!(detected.answer_json(&options), twice, "{name}: the detected ruleset");
        if detected.ruleset.id() == id {
            assert_eq!(detected.answer_json(&options), expected, "{name}: detected");
            let answer = detected.answer();
            assert_eq!(matches!(answer, Answer::Success(_)), detected.validation().valid, "{name}");
        }
    }
}

#[test]
fn a_text_names_its_ruleset_or_gets_the_default_one() {
    let town = br#"{"town": {"name": "x"}}"#;
    assert_eq!(Chosen::new(None, Submission::Json(town)).unwrap().ruleset.id(), "annual-assessment");
    assert_eq!(detect_ruleset_json(town), Some("annual-assessment"));
    assert_eq!(detect_ruleset_json(b"not json"), None);
    let broken = Chosen::new(None, Submission::Json(b"not json")).unwrap();
    assert_eq!(broken.ruleset.id(), crate::bundled::DEFAULT);
    assert_eq!(broken.validation().errors[0].code, "invalid_json");
    // Repeated keys are reported by the engine's reader, under the ruleset the shape names.
    let repeated = Chosen::new(None, Submission::Json(br#"{"town": {}, "town": {}}"#)).unwrap();
    assert_eq!(repeated.ruleset.id(), "annual-assessment");
    assert!(repeated.validation().errors.iter().any(|e| e.code == "duplicate_key"));
}

#[test]
fn host_values_with_no_json_shape_fail_under_the_ruleset_given_or_the_default() {
    let errors = vec![
        host_error("/zone/name", HostProblem::UnsupportedValue { host_type: "set" }),
        host_error("/b", HostProblem::InvalidText),
        host_error("/a", HostProblem::NonStringKey { host_type: "int", key: "1" }),
    ];
    let chosen = Chosen::new(None, Submission::Unreadable(&errors)).unwrap();
    assert_eq!(chosen.ruleset.id(), crate::bundled::DEFAULT);
    let v = chosen.validation();
    assert!(!v.valid);
    // Sorted by path, as the engine's own errors are.
    let paths: Vec<&str> = v.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["/a", "/b", "/zone/name"]);
    let unsupported = &v.errors[2];
    assert_eq!(unsupported.code, "unsupported_value");
    assert_eq!(unsupported.params["type"], "set");
    assert!(unsupported.message.zh.contains("`set`") && unsupported.message.en.contains("`set`"));
    // A type error for every face; a tree too large is not one.
    let Answer::Failure(f) = chosen.answer() else { panic!("a failure") };
    assert!(f.holds_host_values());
    let mut budget = crate::HostBudget::default();
    assert!(budget.spend(1 << 20) && budget.left() == 0 && !budget.spend(1));
    let big = [crate::HostBudget::error()];
    let Answer::Failure(f) = Chosen::new(None, Submission::Unreadable(&big)).unwrap().answer() else { panic!() };
    assert!(!f.holds_host_values());
    assert_eq!((f.errors[0].code.as_str(), &f.errors[0].params["limit"]), ("too_large", &serde_json::json!(1 << 20)));
}

#[test]
fn a_ruleset_argument_is_a_bundled_id_or_a_path() {
    assert_eq!(Ruleset::resolve("annual-assessment").unwrap().id(), "annual-assessment");
    let path = repo("rules/zone-qualification.toml");
    assert_eq!(Ruleset::resolve(&path.display().to_string()).unwrap().id(), "zone-qualification");
    assert_eq!(Ruleset::resolve_in("zone-qualification.toml", &repo("rules")).unwrap().id(), "zone-qualification");
    let misspelled = Ruleset::resolve("zone-qualificaton").unwrap_err();
    assert_eq!(misspelled.diagnostics[0].code, "unknown_ruleset");
    let missing = Ruleset::resolve("no/such/rules.toml").unwrap_err();
    assert_ne!(missing.diagnostics[0].code, "unknown_ruleset");
}

#[test]
fn a_failure_is_summed_up_in_one_sentence_quoting_three_errors() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let failure =
        match rules.score_bytes(&std::fs::read(repo("rules/examples/invalid/zq-several-mistakes.json")).unwrap()) {
            Answer::Failure(f) => f,
            Answer::Success(_) => panic!("the example is invalid"),
        };
    let total = failure.errors.len() + failure.more_errors;
    assert!(total > 3, "the example has several mistakes");
    let summary = failure.summary();
    assert!(summary.en.starts_with(&format!("invalid submission for `zone-qualification`, {total} errors: ")));
    assert!(summary.en.ends_with(&format!(" (and {} more)", total - 3)), "{}", summary.en);
    assert!(summary.zh.contains(&format!("共 {total} 处错误")), "{}", summary.zh);
    assert_eq!(summary.en.matches("; ").count(), 2, "three errors quoted");
    assert_eq!(failure.first_error(), failure.errors[0]);
    // A table cell lists every error, and counts those past the list.
    let cell = failure.cell();
    assert_eq!(cell.en.matches("; ").count(), failure.errors.len() - 1);
    assert!(cell.en.starts_with(&format!("{}: {}", failure.errors[0].path, failure.errors[0].message.en)));
    // A workbook row's errors are led by the cells they were typed in.
    let first = failure.errors[0].path.clone();
    let at = |p: &str| (p == first).then_some("示范区!F7");
    let in_book = failure.cell_at(at);
    assert_eq!(in_book.zh, format!("示范区!F7 {}", cell.zh));
    assert_eq!(failure.first_line_at(at).en, format!("示范区!F7 {}", failure.first_line().en));
    let cut = crate::Failure { more_errors: 7, ..failure.clone() };
    assert!(cut.cell().en.ends_with(" (and 7 more)") && cut.cell().zh.ends_with("（另有 7 处）"));
    let empty = crate::Failure { errors: Vec::new(), more_errors: 0, ..failure };
    assert_eq!(empty.first_error().code, "invalid");
    assert_eq!(empty.first_error().message.zh, "提交内容无效");
}

/// The `x-title` of every declared property of the submission schema, by JSON pointer.
fn schema_titles(node: &serde_json::Value, pointer: &str, out: &mut Vec<(String, crate::model::Text)>) {
    let Some(props) = node.get("properties").and_then(serde_json::Value::as_object) else { return };
    for (name, child) in props {
        let here = format!("{pointer}/{}", crate::input::escape_pointer_segment(name));
        if let Some(title) = child.get("x-title") {
            out.push((here.clone(), serde_json::from_value(title.clone()).unwrap()));
        }
        schema_titles(child, &here, out);
    }
}

#[test]
fn field_labels_are_those_the_submission_schema_shows() {
    for id in crate::bundled::IDS {
        let rules = Ruleset::bundled(id).unwrap();
        let mut titles = Vec::new();
        schema_titles(&rules.submission_schema(), "", &mut titles);
        assert!(titles.len() > 10, "{id} declares fields");
        for (pointer, title) in titles {
            assert_eq!(rules.field_label(&pointer), Some(title), "{id} {pointer}");
        }
        assert_eq!(rules.field_label("/no_such_group/field"), None);
        assert_eq!(rules.field_label(""), None);
    }
}

#[test]
fn missing_fields_are_named_by_label_and_pointer() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    assert_eq!(rules.missing_line(&[]), None);
    let rate = "/quality/spot_check_pass_rate_pct".to_owned();
    let line = rules.missing_line(&[rate.clone(), "/no/such".to_owned()]).unwrap();
    let label = rules.field_label(&rate).unwrap();
    assert_eq!(line.zh, format!("缺少：{} ({rate})、/no/such", label.zh));
    assert_eq!(line.en, format!("Missing: {} ({rate}), /no/such", label.en));
}

#[test]
fn rule_counts_are_those_of_the_rule_file() {
    let text = std::fs::read_to_string(repo("rules/zone-qualification.toml")).unwrap();
    let file: crate::model::RuleFile = toml::from_str(&text).unwrap();
    let counts = Ruleset::bundled("zone-qualification").unwrap().counts();
    assert_eq!(counts.fields, file.fields.len());
    assert_eq!(counts.dimensions, file.dimensions.len());
    assert_eq!(counts.criteria, file.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>());
    assert_eq!(counts.gates, file.gates.len());
    assert_eq!(counts.vetoes, file.vetoes.len());
    assert_eq!(counts.grades, file.grades.len());
    let one = RuleCounts { fields: 1, dimensions: 1, criteria: 1, bonus_items: 1, gates: 1, vetoes: 1, grades: 1 };
    assert_eq!(one.phrase().en, "1 field, 1 criterion in 1 dimension, 1 bonus item, 1 gate, 1 veto, 1 grade");
    let two = RuleCounts { fields: 2, dimensions: 2, criteria: 2, bonus_items: 2, gates: 2, vetoes: 2, grades: 2 };
    assert_eq!(two.phrase().en, "2 fields, 2 criteria in 2 dimensions, 2 bonus items, 2 gates, 2 vetoes, 2 grades");
    assert!(two.phrase().zh.starts_with("2 个字段，2 个一级指标下 2 项指标"));
}

#[test]
fn a_folder_walk_takes_json_and_workbooks_in_sub_folders_sorted() {
    let dir = std::env::temp_dir().join(format!("zonescore-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b/inner")).unwrap();
    for file in ["b/inner/z.json", "b/a.JSON", "c.xlsx", "a.json", "notes.txt", "d.xlsm", "e.XLS", "f.et", "g.csv"] {
        std::fs::write(dir.join(file), b"{}").unwrap();
    }
    let names = |take| {
        let (files, problems) = submission_files(&dir, take);
        assert!(problems.is_empty());
        files.iter().map(|f| f.strip_prefix(&dir).unwrap().display().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(names(Take::Json), ["a.json", "b/a.JSON", "b/inner/z.json"]);
    // A spreadsheet of another format is taken, to be refused by name; a CSV (results are
    // written as one beside the submissions) and a text file are not.
    let all = ["a.json", "b/a.JSON", "b/inner/z.json", "c.xlsx", "d.xlsm", "e.XLS", "f.et"];
    assert_eq!(names(Take::JsonAndWorkbooks), all);
    let (_, problems) = submission_files(&dir.join("absent"), Take::Json);
    assert!(matches!(problems.as_slice(), [FolderProblem::Unreadable(..)]));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[cfg(unix)]
fn a_folder_walk_follows_links_once_and_names_a_link_to_nothing() {
    use std::os::unix::fs::symlink;
    let dir = std::env::temp_dir().join(format!("zonescore-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/a.json"), b"{}").unwrap();
    std::fs::write(dir.join("b.json"), b"{}").unwrap();
    symlink(dir.join("real"), dir.join("linked")).unwrap();
    symlink(dir.join("real"), dir.join("real/back")).unwrap();
    symlink(&dir, dir.join("real/up")).unwrap();
    symlink(dir.join("b.json"), dir.join("c.json")).unwrap();
    symlink(dir.join("gone.json"), dir.join("dangling.json")).unwrap();
    symlink(dir.join("gone.txt"), dir.join("dangling.txt")).unwrap();
    let (files, problems) = submission_files(&dir, Take::Json);
    let names: Vec<String> = files.iter().map(|f| f.strip_prefix(&dir).unwrap().display().to_string()).collect();
    // `linked` is `real` by another name, the loops lead back to folders walked, and
    // `c.json` is `b.json`: each submission once.
    assert_eq!(names, ["b.json", "linked/a.json"]);
    // A link to a submission that is gone is named; one to any other file is not ours.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].folder(), dir.join("dangling.json"));
    let message = problems[0].message();
    assert!(message.zh.ends_with("dangling.json：没有这个文件或文件夹"), "{}", message.zh);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_system_reason_is_worded_in_both_languages() {
    use std::io::{Error, ErrorKind};
    let folder = crate::io_reason(&Error::from(ErrorKind::IsADirectory));
    assert_eq!((folder.zh.as_str(), folder.en.as_str()), ("这是文件夹，不是文件", "is a folder, not a file"));
    let other = crate::io_reason(&Error::other("Stale file handle (os error 116)"));
    assert_eq!((other.zh.as_str(), other.en.as_str()), ("系统报告：stale file handle", "stale file handle"));
    let rules = Ruleset::from_path(std::env::temp_dir()).unwrap_err();
    let d = &rules.diagnostics[0];
    assert!(d.message.zh.starts_with("无法读取规则文件：这是文件夹"), "{:?}", d.message);
}

#[test]
fn a_goal_counts_the_valid_submissions_of_its_own_ruleset() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let (files, _) = submission_files(&repo("rules/examples"), Take::Json);
    let mut apart = GoalMembers::default();
    let mut given = GoalMembers::default();
    let mut from_answers = GoalMembers::default();
    let mut from_trees = GoalMembers::default();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        apart.add(&rules, true, f.display().to_string(), &bytes);
        given.add(&rules, false, f.display().to_string(), &bytes);
        // A host's objects, read into trees, are filed as their text is.
        let parsed = crate::input::parse_json(&bytes, crate::MAX_SUBMISSION_BYTES, crate::MAX_DEPTH);
        let submission = parsed.as_ref().map_or(Submission::Json(&bytes), |p| Submission::Tree(&p.value));
        from_trees.add_submission(&rules, true, f.display().to_string(), submission);
        // What a host holds: each submission scored with the bundled ruleset it is written for.
        let answer = Chosen::new(None, Submission::Json(&bytes)).unwrap().answer();
        from_answers.add_answer(&rules, f.display().to_string(), &answer);
    }
    let codes = |m: &GoalMembers| m.skipped.iter().map(|s| s.code.clone()).collect::<Vec<_>>();
    let others = codes(&apart).iter().filter(|c| *c == "other_ruleset").count();
    // The annual assessments (7 examples, 3 invalid ones) are another ruleset's when apart …
    assert_eq!(others, 10, "{:?}", codes(&apart));
    // … and invalid zone applications when the ruleset is given.
    assert!(!codes(&given).contains(&"other_ruleset".to_owned()));
    assert_eq!(apart.reports.len(), given.reports.len());
    assert_eq!(apart.reports.len() + apart.skipped.len(), files.len());
    assert!(apart.sources.iter().all(|s| s.contains("zone-qualification") || s.contains("invalid")));
    // Answers made already are filed as their files are.
    assert_eq!((&from_answers.sources, &from_answers.reports), (&apart.sources, &apart.reports));
    let skipped = |m: &GoalMembers| m.skipped.iter().map(|s| (s.source.clone(), s.code.clone())).collect::<Vec<_>>();
    assert_eq!(skipped(&from_answers), skipped(&apart));
    assert!(from_answers.summary(&rules).is_ok_and(|s| s.met));
    let summed = |m: &GoalMembers| m.summary_json(&m.summary(&rules).unwrap());
    assert_eq!(summed(&from_trees), summed(&apart));
}

#[test]
fn an_edited_copy_of_a_bundled_ruleset_scores_its_goal_with_its_own_rules() {
    let path = repo("rules/fixtures/zone-qualification-revised.toml");
    let edited = Ruleset::from_text(&std::fs::read_to_string(&path).unwrap(), None, "revised.toml").unwrap();
    let bundled = Ruleset::bundled("zone-qualification").unwrap();
    assert_eq!(edited.id(), bundled.id());
    assert_ne!(edited.digest(), bundled.digest());
    let bytes = std::fs::read(repo("rules/examples/zone-qualification/oubei-valves-2013.json")).unwrap();
    let tree = crate::input::parse_json(&bytes, crate::MAX_SUBMISSION_BYTES, crate::MAX_DEPTH).unwrap().value;
    let mut members = GoalMembers::default();
    // The submission names the bundled ruleset by its shape; it is scored with the copy.
    members.add(&edited, true, "text".into(), &bytes);
    members.add_submission(&edited, true, "tree".into(), Submission::Tree(&tree));
    assert_eq!(members.reports.len(), 2, "{:?}", members.skipped);
    assert!(members.reports.iter().all(|r| *r.ruleset.digest == *edited.digest()));
}

#[test]
fn a_summary_is_refused_when_nothing_counts_or_the_rules_set_no_goal() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let refusal = |m: &GoalMembers| m.summary(&rules).err().map(|r| (r.code(), r.message().clone()));
    let (code, none) = refusal(&GoalMembers::default()).unwrap();
    assert_eq!((code, none.en.as_str()), ("nothing_to_sum_up", "nothing to sum up: there are no submissions"));
    let annual = Ruleset::bundled("annual-assessment").unwrap();
    let mut others = GoalMembers::default();
    let mut invalid = GoalMembers::default();
    for (name, bytes) in [("a.json", &b"{}"[..]), ("b.json", &b"[]"[..])] {
        others.add_answer(&rules, name.to_owned(), &annual.score_bytes(bytes));
        invalid.add_answer(&rules, name.to_owned(), &rules.score_bytes(bytes));
    }
    let (_, why) = refusal(&others).unwrap();
    assert!(
        why.en.starts_with("nothing to sum up: none of the 2 submissions is a zone-qualification submission"),
        "{why:?}"
    );
    assert!(why.zh.contains("2 份都不是 zone-qualification 的提交"), "{why:?}");
    // Invalid submissions of the ruleset are no more a verdict than other rulesets' (a folder
    // of files all saved wrong is not "goal not met"): each is listed as skipped, and why.
    assert_eq!(invalid.skipped.len(), 2);
    assert!(invalid.skipped.iter().all(|s| s.code != "other_ruleset"));
    let (code, why) = refusal(&invalid).unwrap();
    assert_eq!(code, "nothing_to_sum_up");
    assert_eq!(
        why.en,
        "nothing to sum up: none of the 2 submissions counts (2 are invalid; the skipped list says why each one is)"
    );
    assert_eq!(why.zh, "没有可汇总的提交：2 份提交都未计入（2 份无效；各自的原因见已跳过的提交）");
    invalid.add_answer(&rules, "c.json".to_owned(), &annual.score_bytes(b"{}"));
    let (_, why) = refusal(&invalid).unwrap();
    assert!(why.en.contains("(2 are invalid, 1 written for another ruleset;"), "{why:?}");
    // One valid report is something to sum up.
    let oubei = std::fs::read(repo("rules/examples/zone-qualification/oubei-valves-2013.json")).unwrap();
    invalid.add_answer(&rules, "d.json".to_owned(), &rules.score_bytes(&oubei));
    assert_eq!(refusal(&invalid), None);
    // A ruleset without a goal: the annual assessment's reports sum up to no summary.
    let mut assessed = GoalMembers::default();
    let town = std::fs::read(repo("rules/examples/annual-assessment/oubei-2014.json")).unwrap();
    assessed.add_answer(&annual, "oubei-2014.json".into(), &annual.score_bytes(&town));
    let no_goal = assessed.summary(&annual).unwrap_err();
    assert_eq!(no_goal.code(), "no_goal");
    assert!(no_goal.message().en.contains("`annual-assessment` sets no goal"), "{no_goal:?}");
}

#[test]
fn gates_and_vetoes_have_one_pair_of_words() {
    assert_eq!(Verdict::of_gate(Some(true)).word().zh, "符合");
    assert_eq!(Verdict::of_gate(None), Verdict::Failed);
    assert_eq!(Verdict::of_veto(Some(true)).word().en, "fired");
    assert_eq!(Verdict::of_veto(None), Verdict::NotFired);
    assert!(Verdict::Fired.is_adverse() && !Verdict::Passed.is_adverse());
    use crate::Settled;
    assert_eq!(Verdict::of_settled(Settled::No, true), Verdict::Failed);
    assert_eq!(Verdict::of_settled(Settled::Yes, false), Verdict::Fired);
    assert_eq!(Verdict::of_settled(Settled::Open, false), Verdict::Open);
}

#[test]
fn a_list_of_submissions_is_answered_as_each_is_alone() {
    let town = Input::Object(vec![("town".into(), Input::Object(Vec::new()))]);
    let unreadable = [host_error("/zone", HostProblem::InvalidText)];
    let list = [
        Submission::Json(b"{not json"),
        Submission::Tree(&town),
        Submission::Unreadable(&unreadable),
        Submission::Json(br#"{"zone": {}}"#),
    ];
    let alone: Vec<(String, Answer)> =
        list.iter().map(|s| Chosen::new(None, *s).map(|c| (c.ruleset.id().to_owned(), c.answer())).unwrap()).collect();
    let each = answer_each_chosen(None, &list, |r, a| (r.id().to_owned(), a)).unwrap();
    assert_eq!(each, alone);
    let ids: Vec<&str> = each.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["zone-qualification", "annual-assessment", "zone-qualification", "zone-qualification"]);
    // A ruleset given scores every item.
    let given = Ruleset::bundled("annual-assessment").unwrap();
    let each = answer_each_chosen(Some(&given), &list, |r, _| r.id().to_owned()).unwrap();
    assert!(each.iter().all(|id| id == "annual-assessment"));
}

#[test]
fn a_record_in_a_list_is_scored_with_the_ruleset_that_read_it() {
    let text = std::fs::read("../rules/examples/annual-assessment/oubei-2014.json").unwrap();
    let tree = crate::input::parse_json(&text, crate::MAX_SUBMISSION_BYTES, crate::MAX_DEPTH).unwrap().value;
    let annual = Ruleset::bundled("annual-assessment").unwrap();
    let record = annual.check(&tree).unwrap();
    let zone = Ruleset::bundled("zone-qualification").unwrap();
    let list = [Listed::Record(&annual, &record), Submission::Tree(&tree).into(), Submission::Json(b"{}").into()];
    // More than a thread's share, so that the list is split across the cores.
    let many: Vec<Listed<'_>> = list.iter().copied().cycle().take(300).collect();
    for given in [None, Some(&zone)] {
        let each = answer_each_chosen(given, &many, |r, a| (r.id().to_owned(), a)).unwrap();
        let alone = |s: Submission<'_>| Chosen::new(given, s).map(|c| (c.ruleset.id().to_owned(), c.answer())).unwrap();
        let record_answer = ("annual-assessment".to_owned(), annual.score(&tree));
        assert!(matches!(record_answer.1, Answer::Success(_)));
        let expected = [record_answer, alone(Submission::Tree(&tree)), alone(Submission::Json(b"{}"))];
        for (i, got) in each.iter().enumerate() {
            assert_eq!(got, &expected[i % 3], "item {i}, ruleset given: {}", given.is_some());
        }
    }
}

#[test]
fn a_table_takes_the_ruleset_of_its_first_row_that_names_one() {
    let town = Input::Object(vec![("town".into(), Input::Object(Vec::new()))]);
    let unreadable = [host_error("/zone", HostProblem::InvalidText)];
    let first = |rows: &[Submission<'_>]| ruleset_for(None, rows.iter().copied()).unwrap().id().to_owned();
    assert_eq!(first(&[Submission::Tree(&town)]), "annual-assessment");
    // Text counts as a tree does; what cannot be read is passed over.
    let text = br#"{"town": {}}"#;
    assert_eq!(
        first(&[Submission::Json(b"{not json"), Submission::Unreadable(&unreadable), Submission::Json(text)]),
        "annual-assessment"
    );
    // A blank row (or a null one) names none, and is passed over too.
    let blank = Input::Object(Vec::new());
    let rows =
        [Submission::Json(b"{}"), Submission::Tree(&Input::Null), Submission::Tree(&blank), Submission::Tree(&town)];
    assert_eq!(first(&rows), "annual-assessment");
    assert_eq!(first(&[Submission::Json(b"{}")]), crate::bundled::DEFAULT);
    assert_eq!(first(&[]), crate::bundled::DEFAULT);
    assert_eq!(Submission::Json(b"{not json").names_ruleset(), None);
    let given = Ruleset::bundled("annual-assessment").unwrap();
    assert_eq!(ruleset_for(Some(&given), [Submission::Json(b"{\"zone\": {}}")]).unwrap().id(), "annual-assessment");
}

#[test]
fn a_table_of_errors_names_the_whole_submission_and_counts_the_unlisted() {
    let place = crate::error_place("");
    assert_eq!((place.zh.as_str(), place.en.as_str()), ("（整个提交）", "(whole submission)"));
    assert_eq!(crate::error_place("/zone/name").en, "/zone/name");
    let rules = crate::Ruleset::bundled("zone-qualification").unwrap();
    let many = format!("{{{}}}", (0..120).map(|i| format!("\"x{i}\": 1")).collect::<Vec<_>>().join(", "));
    let crate::Answer::Failure(f) = rules.answer_to(crate::Submission::Json(many.as_bytes())) else {
        panic!("120 unknown fields are not a valid submission")
    };
    // 120 unknown fields and the required ones missing: 100 listed, the rest counted.
    assert_eq!((f.errors.len(), f.more_errors), (100, 26));
    let line = f.unlisted_line().unwrap();
    assert_eq!((line.zh.as_str(), line.en.as_str()), ("另有 26 个错误未列出", "and 26 more errors not listed"));
    let crate::Answer::Failure(one) = rules.answer_to(crate::Submission::Json(b"[]")) else { panic!("an array") };
    assert_eq!(one.unlisted_line(), None);
}

#[test]
fn a_failure_refuses_the_target_only_when_every_error_is_the_target() {
    let rules = crate::Ruleset::bundled("zone-qualification").unwrap();
    let example = std::fs::read(repo("rules/examples/zone-qualification/oubei-valves-2013.json")).unwrap();
    let crate::AdviceAnswer::Failure(target) = rules.advise_bytes(&example, Some("Z"), 3) else {
        panic!("Z is neither a grade nor an outcome")
    };
    assert!(target.refuses_target(), "{target:?}");
    let crate::AdviceAnswer::Failure(invalid) = rules.advise_bytes(b"[]", Some("Z"), 3) else { panic!("an array") };
    assert!(!invalid.refuses_target(), "{invalid:?}");
    let crate::Answer::Failure(no_errors) = rules.answer_to(crate::Submission::Json(b"[]")) else { panic!("an array") };
    assert!(!crate::Failure { errors: Vec::new(), ..no_errors }.refuses_target());
}

#[test]
fn a_batch_is_tallied_in_one_line() {
    assert_eq!(crate::batch_tally(3, &[], &[]).en, "3 submissions: all scored");
    assert_eq!(crate::batch_tally(1, &[], &[]).en, "1 submission: all scored");
    let refused = ["a.json".to_owned(), "b.json".to_owned()];
    let tally = crate::batch_tally(30, &refused, &[]);
    assert_eq!(tally.zh, "共 30 份：28 份已评分，2 份无效：a.json、b.json");
    assert_eq!(tally.en, "30 submissions: 28 scored, 2 invalid: a.json, b.json");
    // A file that could not be read is named; none read is not "all scored".
    let unread = ["book.xlsx".to_owned()];
    let tally = crate::batch_tally(0, &[], &unread);
    assert_eq!(tally.zh, "共 0 份；1 个文件无法读取：book.xlsx");
    assert_eq!(tally.en, "0 submissions; 1 file could not be read: book.xlsx");
    assert_eq!(
        crate::batch_tally(2, &[], &unread).en,
        "2 submissions: all scored; 1 file could not be read: book.xlsx"
    );
}

#[test]
fn bases_points_and_states_have_one_wording() {
    use crate::model::{Basis, BasisKind, Text};
    let sourced =
        Basis { kind: BasisKind::Sourced, source: Some("GB47".into()), note: Some(Text::new("阈值", "thresholds")) };
    assert_eq!(sourced.text(), Text::new("有据：GB47（阈值）", "sourced: GB47 (thresholds)"));
    assert_eq!(Basis { kind: BasisKind::Set, source: None, note: None }.text(), Text::new("设定", "set"));
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let text = std::fs::read(repo("rules/examples/zone-qualification/oubei-valves-2013.json")).unwrap();
    let Answer::Success(report) = rules.score_bytes(&text) else { panic!("the example scores") };
    let c = report.criteria[0].clone();
    assert_eq!(c.shown_points(), Some(c.points.as_str()));
    let skipped = crate::CriterionResult { applicable: false, ..c };
    assert_eq!(skipped.shown_points(), None);
    assert_eq!(crate::Settled::Open.applies_word().en, "may not apply");
    assert_eq!(crate::Failure::word().zh, "无效");
}

#[test]
fn a_clause_table_names_citations_and_reasons_once() {
    let rules = Ruleset::bundled("zone-qualification").unwrap();
    let coverage = rules.clause_coverage();
    let cited = coverage.iter().find(|c| !c.cited_by.is_empty()).unwrap();
    assert_eq!(cited.why_unscored(), None);
    let by_ruleset = coverage.iter().flat_map(|c| &c.cited_by).find(|x| x.kind == "ruleset").unwrap();
    assert_eq!(by_ruleset.name().zh, "本规则集");
    let unscored = coverage.iter().find(|c| c.unscored.is_some()).unwrap();
    assert_eq!(unscored.why_unscored(), unscored.unscored.as_ref().map(|u| u.note.clone()));
    // The bundled rules account for every clause; a clause they did not would be counted.
    assert_eq!(crate::ClauseCoverage::unaccounted_line(coverage), None);
    let loose = crate::ClauseCoverage { cited_by: Vec::new(), unscored: None, ..cited.clone() };
    assert_eq!(loose.why_unscored().unwrap().en, "(not accounted for)");
    assert_eq!(crate::ClauseCoverage::unaccounted_line(&[loose]).unwrap().en, "Clauses neither cited nor explained: 1");
    // Chinese cites a clause with the document's numbering, English by ID.
    let numbered = coverage.iter().find(|c| c.number.is_some()).unwrap();
    let ids = [numbered.id.clone(), numbered.id.clone()];
    let cited = rules.clauses_cited(&ids);
    assert_eq!(cited.en, format!("{0} {0}", numbered.id));
    assert_eq!(cited.zh, format!("{0} {0}", rules.clause_label(&numbered.id)));
    assert!(cited.zh.contains(numbered.number.as_deref().unwrap()));
}

#[test]
fn a_submission_shaped_for_another_bundled_ruleset_is_named_for_bundled_rules_only() {
    let zones = Ruleset::bundled("zone-qualification").unwrap();
    let annual = Ruleset::bundled("annual-assessment").unwrap();
    assert_eq!(shaped_for_another(&zones, Some("annual-assessment")), Some("annual-assessment"));
    assert_eq!(shaped_for_another(&annual, Some("annual-assessment")), None);
    assert_eq!(shaped_for_another(&zones, None), None);
    // A rule file of an id of its own may read any shape.
    let text = std::fs::read_to_string(repo("rules/zone-qualification.toml")).unwrap();
    let own =
        Ruleset::from_text(&text.replacen("id = \"zone-qualification\"", "id = \"county-zones\"", 1), None, "own")
            .unwrap();
    assert_eq!(own.id(), "county-zones");
    assert_eq!(shaped_for_another(&own, Some("annual-assessment")), None);
}

#[test]
fn a_table_row_shaped_for_another_bundled_ruleset_says_so_before_its_errors() {
    let zones = Ruleset::bundled("zone-qualification").unwrap();
    let text = std::fs::read(repo("rules/examples/annual-assessment/oubei-2014.json")).unwrap();
    let failure = zones.summary_of(Submission::Json(&text)).unwrap_err();
    let shaped = shaped_for_another(&zones, Submission::Json(&text).names_ruleset());
    let cell = failure.cell_shaped(shaped);
    assert_eq!(
        cell.en,
        format!(
            "note: a submission for annual-assessment, scored with zone-qualification; score each ruleset's rows apart. {}",
            failure.cell().en
        )
    );
    assert!(
        cell.zh.starts_with("注意：此行是 annual-assessment 的提交，却按 zone-qualification 评分")
            && cell.zh.ends_with(&failure.cell().zh)
    );
    assert_eq!(failure.cell_shaped(None), failure.cell());
}
