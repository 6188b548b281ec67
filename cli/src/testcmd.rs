//! `zonescore test`: run the ruleset tests that travel with the rules
//! (`rules/*.tests.toml`), print each failing case with its differences, and close with
//! `N passed, M failed`.

use crate::out::{self, Exit};
use crate::rules;
use std::path::PathBuf;

/// Options of `zonescore test`.
pub struct Options {
    pub files: Vec<String>,
    pub ruleset: Option<String>,
    pub verbose: bool,
}

pub fn run(o: &Options) -> Exit {
    let ruleset = match &o.ruleset {
        Some(spec) => match zonescore::Ruleset::resolve(spec) {
            Ok(r) => Some(r),
            Err(e) => {
                // This command speaks English only (its output is for rule authors and CI logs).
                rules::report_error(&e, crate::lang::Lang::En);
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
        out::error("no test files given, and no `rules/*.tests.toml` found here or in a parent folder");
        return Exit::Usage;
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut broken = 0usize;
    for file in &files {
        match zonescore::ruletest::run_file(file, ruleset.as_ref()) {
            Ok(run) => {
                let mut text =
                    format!("{} ({}): {} passed, {} failed\n", file.display(), run.ruleset, run.passed(), run.failed());
                // Said before the cases and after them, where a long list of failures ends.
                let note = run.written_for.as_ref().map(|id| {
                    format!(
                        "  note: the cases are written for `{id}` and ran under `{}` (--ruleset): give rules of `{id}`\n",
                        run.ruleset
                    )
                });
                text.push_str(note.as_deref().unwrap_or_default());
                for case in &run.cases {
                    if case.failures.is_empty() {
                        if o.verbose {
                            text.push_str(&format!("  ok    {}\n", case.name));
                        }
                        continue;
                    }
                    text.push_str(&format!("  FAIL  {}\n", case.name));
                    for f in &case.failures {
                        text.push_str(&format!("        - {f}\n"));
                    }
                }
                if run.failed() > 0 {
                    text.push_str(note.as_deref().unwrap_or_default());
                }
                text.push_str(&shared_failures(&run));
                out::print(&text);
                passed += run.passed();
                failed += run.failed();
            }
            Err(e) => {
                out::error(&e);
                broken += 1;
            }
        }
    }
    // A file that could not be run is counted, so that `0 passed, 0 failed` never closes a
    // run that tested nothing.
    let not_run = match broken {
        0 => String::new(),
        1 => ", 1 test file not run".to_owned(),
        n => format!(", {n} test files not run"),
    };
    out::print(&format!("{passed} passed, {failed} failed{not_run}\n"));
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
fn shared_failures(run: &zonescore::ruletest::TestRun) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for f in run.cases.iter().flat_map(|c| &c.failures) {
        match counts.iter_mut().find(|(m, _)| *m == f.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((f, 1)),
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n >= 3)
        .map(|(m, n)| format!("  note: {n} cases failed the same way: {m}\n"))
        .collect()
}
