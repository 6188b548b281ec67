//! `zonescore test`: run the ruleset tests that travel with the rules
//! (`rules/*.tests.toml`), print each failing case with its differences, and close with
//! `N passed, M failed`.

use crate::out::{self, Exit};
use crate::rules;
use std::path::{Path, PathBuf};

/// Options of `zonescore test`.
pub struct Options {
    pub files: Vec<String>,
    pub ruleset: Option<String>,
    pub verbose: bool,
}

/// `rules/*.tests.toml` of the nearest folder, from the current one upwards, that has them.
fn default_files() -> Vec<PathBuf> {
    let Ok(cwd) = std::env::current_dir() else { return Vec::new() };
    for dir in cwd.ancestors() {
        let rules = dir.join("rules");
        let Ok(entries) = std::fs::read_dir(&rules) else { continue };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".tests.toml")))
            .collect();
        if !found.is_empty() {
            found.sort();
            return found.into_iter().map(|p| relative(&p, &cwd)).collect();
        }
    }
    Vec::new()
}

fn relative(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
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
    let files: Vec<PathBuf> =
        if o.files.is_empty() { default_files() } else { o.files.iter().map(PathBuf::from).collect() };
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
