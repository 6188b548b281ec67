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
    let mut broken = false;
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
                out::print(&text);
                passed += run.passed();
                failed += run.failed();
            }
            Err(e) => {
                out::error(&e);
                broken = true;
            }
        }
    }
    out::print(&format!("{passed} passed, {failed} failed\n"));
    if broken {
        Exit::Usage
    } else if failed > 0 {
        Exit::Failed
    } else {
        Exit::Ok
    }
}
