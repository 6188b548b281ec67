//! `zonescore check`: compile rule files and print every diagnostic, located by
//! `file:line:col`, with its code, message and help, in Chinese (the default) or English.
//! A bundled ruleset's id where no such file is checks the bundled ruleset.

use crate::lang::Lang;
use crate::out::{self, Exit};
use std::path::Path;
use zonescore::Ruleset;

/// Says so when a file that is no rule file is a submission (its shape names a bundled
/// ruleset): the user meant `zonescore score`. A file with a rule file's own members
/// (`format_version`, `ruleset`) is a rule file with problems, though its `bonus` section
/// has a submission group's name.
fn say_if_a_submission(file: &str, lang: Lang) {
    let Ok(bytes) = std::fs::read(file) else { return };
    let Some(id) = zonescore::detect_ruleset_json(&bytes) else { return };
    let members = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes).unwrap_or_default();
    if members.contains_key("format_version") || members.contains_key("ruleset") {
        return;
    }
    out::eprint(&match lang {
        Lang::Zh => format!("{file}：这是一份 {id} 的提交，不是规则文件；请用 `zonescore score {file}` 评分\n"),
        Lang::En => format!("{file}: a submission for {id}, not a rule file: score it with `zonescore score {file}`\n"),
    });
}

/// Prints each file's result in `lang`: `file: ok: …` on standard output, or every
/// diagnostic on standard error (exit 2). With `json`, prints `[{"file", "ok": true,
/// "ruleset": {id, version, digest}} | {"file", "ok": false, "origin", "diagnostics": [...]}]`
/// on standard output instead, each message and help in both languages.
pub fn run(files: &[String], json: bool, lang: Lang) -> Exit {
    if json {
        return run_json(files);
    }
    let mut exit = Exit::Ok;
    let mut problems = 0usize;
    for file in files {
        let path = Path::new(file);
        if zonescore::ruletest::is_test_file(path) {
            out::print(&match lang {
                Lang::Zh => format!("{file}：这是规则集测试文件，不是规则文件；请用 `zonescore test {file}` 运行\n"),
                Lang::En => {
                    format!("{file}: a ruleset test file, not a rule file: run it with `zonescore test {file}`\n")
                }
            });
            continue;
        }
        match open(file) {
            Ok(rules) => {
                let (id, version, digest) = (rules.id(), rules.version(), rules.digest());
                let counts = rules.counts().phrase();
                let line = match lang {
                    Lang::Zh => format!("{file}：检查通过：{id} {version} {digest}（{}）", counts.zh),
                    Lang::En => format!("{file}: ok: {id} {version} {digest} ({})", counts.en),
                };
                out::print(&format!("{line}\n"));
                for w in warnings(&rules, file) {
                    // Placed as an error is (`file:line:col: `), where the rule is found.
                    let at = match w.place.as_ref().and_then(|p| p.line.zip(p.column)) {
                        Some((line, column)) => format!("{file}:{line}:{column}"),
                        None => file.clone(),
                    };
                    out::eprint(&match lang {
                        Lang::Zh => format!("{at}: 警告[{}]：{}\n", w.code, w.message.zh),
                        Lang::En => format!("{at}: warning[{}]: {}\n", w.code, w.message.en),
                    });
                }
            }
            Err(e) => {
                problems += e.diagnostics.len();
                out::eprint(&format!("{}\n", e.to_string_in(lang.code())));
                say_if_a_submission(file, lang);
                exit = Exit::Usage;
            }
        }
    }
    if exit != Exit::Ok && files.len() > 1 {
        out::eprint(&match lang {
            Lang::Zh => format!("共发现 {problems} 处问题\n"),
            Lang::En => format!("{problems} problem{} found\n", if problems == 1 { "" } else { "s" }),
        });
    }
    exit
}

/// A warning of a rule file that compiles: its `code`, what it is `about` (`clause` or
/// `rule`, as `--json` keys it) and its `id`, what it means, and where that rule is in the
/// file (none for a warning about no one rule).
struct Warning {
    code: String,
    about: &'static str,
    id: String,
    message: zonescore::model::Text,
    place: Option<zonescore::RulePlace>,
}

/// Every warning of a compiled rule file, in the order `check` prints them: a clause of the
/// source document that nothing accounts for (it does not stop the rules from loading, but
/// an assessor would ask about it), a rule that can never do what it is written for, and a
/// criterion that sits in another dimension than its id says.
fn warnings(rules: &Ruleset, file: &str) -> Vec<Warning> {
    let code = zonescore::ClauseCoverage::WARNING_CODE;
    let clauses = rules.clause_coverage().iter().filter_map(|c| {
        let message = c.warning()?;
        Some((code.to_owned(), "clause", c.id.clone(), message))
    });
    let never = rules.unreachable().into_iter().map(|u| (u.code, "rule", u.id, u.message));
    let layout = rules.layout_warnings().into_iter().map(|w| (w.code, "rule", w.id, w.message));
    // The text the rules were compiled from: the file, or the bundled rules' own.
    let path = Path::new(file);
    let text = if path.is_file() { std::fs::read_to_string(path).ok() } else { None };
    let text = text.or_else(|| zonescore::bundled::text(rules.id()).map(str::to_owned)).unwrap_or_default();
    let format = zonescore::RuleFormat::detect(file, &text);
    clauses
        .chain(never)
        .chain(layout)
        .map(|(code, about, id, message)| {
            let place = rules.warning_place(&code, &id, &text, format);
            Warning { code, about, id, message, place }
        })
        .collect()
}

/// The rule file at `file`, or the bundled ruleset `file` names when there is no such file
/// (a folder of that name, as `rules/examples/zone-qualification`, is none). A file is
/// preferred, unlike `--ruleset`'s id first: `check` is given rule files.
fn open(file: &str) -> Result<Ruleset, zonescore::RulesetError> {
    let path = Path::new(file);
    if path.is_file() {
        return Ruleset::from_path(path);
    }
    // A bundled id, or what reads as a mistyped one (`annual-assesment`: answered with the
    // ids, as `score --ruleset` answers it), else a missing file.
    Ruleset::resolve(file)
}

fn run_json(files: &[String]) -> Exit {
    let mut exit = Exit::Ok;
    let results: Vec<serde_json::Value> = files
        .iter()
        .map(|file| match open(file) {
            _ if zonescore::ruletest::is_test_file(Path::new(file)) => {
                serde_json::json!({"file": file, "ok": true, "ruleset_tests": true})
            }
            Ok(rules) => {
                let warnings: Vec<serde_json::Value> = warnings(&rules, file)
                    .into_iter()
                    .map(|w| {
                        let mut said = serde_json::json!({"code": w.code, w.about: w.id, "message": w.message});
                        if let (Some(place), Some(said)) = (w.place, said.as_object_mut()) {
                            said.insert("path".into(), place.path.into());
                            said.insert("line".into(), place.line.into());
                            said.insert("column".into(), place.column.into());
                        }
                        said
                    })
                    .collect();
                serde_json::json!({
                    "file": file,
                    "ok": true,
                    "ruleset": {"id": rules.id(), "version": rules.version(), "digest": rules.digest()},
                    "warnings": warnings,
                })
            }
            Err(e) => {
                exit = Exit::Usage;
                serde_json::json!({"file": file, "ok": false, "origin": e.origin, "diagnostics": e.diagnostics})
            }
        })
        .collect();
    out::print(&format!("{}\n", zonescore::canonical(&results)));
    exit
}
