//! `zonescore test`: run the ruleset tests that travel with the rules
//! (`rules/*.tests.toml`), print each failing case with its differences, and close with
//! `通过 N，失败 M` (`N passed, M failed`).

use crate::lang::Lang;
use crate::out::{self, Exit};
use crate::rules;
use std::path::PathBuf;

/// Options of `zonescore test`.
pub struct Options {
    pub files: Vec<String>,
    pub ruleset: Option<String>,
    pub verbose: bool,
    pub lang: Lang,
}

pub fn run(o: &Options) -> Exit {
    let ruleset = match &o.ruleset {
        Some(spec) => match zonescore::Ruleset::resolve(spec) {
            Ok(r) => Some(r),
            Err(e) => {
                rules::report_error(&e, o.lang);
                return Exit::Usage;
            }
        },
        None => None,
    };
    let files: Vec<PathBuf> = if o.files.is_empty() {
        std::env::current_dir().map(|d| zonescore::ruletest::test_files_near(&d)).unwrap_or_default()
    } else {
        o.files.iter().map(PathBuf::from).collect()
    };
    if files.is_empty() {
        out::error(o.lang.pick(
            "没有给出测试文件，本文件夹及其上级文件夹中也没有 `rules/*.tests.toml`",
            "no test files given, and no `rules/*.tests.toml` found here or in a parent folder",
        ));
        return Exit::Usage;
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut broken = 0usize;
    for file in &files {
        match zonescore::ruletest::run_file(file, ruleset.as_ref()) {
            Ok(run) => {
                let (name, lang) = (file.display(), o.lang);
                let (p, f) = (run.passed(), run.failed());
                // Which rules ran: an edited copy keeps the bundled id, often its version too.
                let (id, version) = (&run.ruleset, &run.version);
                let mut text = match (lang, &run.rule_file) {
                    (Lang::Zh, None) => format!("{name}（内置 {id} {version}）：通过 {p}，失败 {f}\n"),
                    (Lang::Zh, Some(rules)) => {
                        format!("{name}（{id} {version}，规则文件 {rules}）：通过 {p}，失败 {f}\n")
                    }
                    (Lang::En, None) => format!("{name} (bundled {id} {version}): {p} passed, {f} failed\n"),
                    (Lang::En, Some(rules)) => {
                        format!("{name} ({id} {version}, rule file {rules}): {p} passed, {f} failed\n")
                    }
                };
                // Said before the cases and after them, where a long list of failures ends.
                let note = run.written_for.as_ref().map(|id| match lang {
                    Lang::Zh => format!(
                        "  注意：这些用例为 `{id}` 而写，却按 `{}`（--ruleset）运行：请给出 `{id}` 的规则\n",
                        run.ruleset
                    ),
                    Lang::En => format!(
                        "  note: the cases are written for `{id}` and ran under `{}` (--ruleset): give rules of `{id}`\n",
                        run.ruleset
                    ),
                });
                text.push_str(note.as_deref().unwrap_or_default());
                let (ok, fail) = (lang.pick("通过", "ok  "), lang.pick("失败", "FAIL"));
                for case in &run.cases {
                    if case.failures.is_empty() {
                        if o.verbose {
                            text.push_str(&format!("  {ok}  {}\n", case.name));
                        }
                        continue;
                    }
                    text.push_str(&format!("  {fail}  {}\n", case.name));
                    for f in &case.failures {
                        text.push_str(&format!("        - {}\n", lang.text(f)));
                    }
                }
                if run.failed() > 0 {
                    text.push_str(note.as_deref().unwrap_or_default());
                }
                text.push_str(&shared_failures(&run, lang));
                out::print(&text);
                passed += run.passed();
                failed += run.failed();
            }
            Err(e) => {
                out::error(o.lang.text(&e));
                broken += 1;
            }
        }
    }
    // A file that could not be run is counted, so that `0 passed, 0 failed` never closes a
    // run that tested nothing.
    let not_run = match (broken, o.lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("，{n} 个测试文件未运行"),
        (1, Lang::En) => ", 1 test file not run".to_owned(),
        (n, Lang::En) => format!(", {n} test files not run"),
    };
    out::print(&match o.lang {
        Lang::Zh => format!("通过 {passed}，失败 {failed}{not_run}\n"),
        Lang::En => format!("{passed} passed, {failed} failed{not_run}\n"),
    });
    if broken > 0 {
        Exit::Usage
    } else if failed > 0 {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

/// A note for each failure three or more cases share (a test file copied without the
/// submission files it names fails every case the same way): the cause once, with its count.
fn shared_failures(run: &zonescore::ruletest::TestRun, lang: Lang) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for f in run.cases.iter().flat_map(|c| &c.failures) {
        let f = lang.text(f);
        match counts.iter_mut().find(|(m, _)| *m == f) {
            Some((_, n)) => *n += 1,
            None => counts.push((f, 1)),
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n >= 3)
        .map(|(m, n)| match lang {
            Lang::Zh => format!("  注意：{n} 个用例以同样的方式失败：{m}\n"),
            Lang::En => format!("  note: {n} cases failed the same way: {m}\n"),
        })
        .collect()
}
