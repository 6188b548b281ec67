//! `zonescore check`: compile rule files and print every diagnostic, located by
//! `file:line:col`, with its code, message and help, in Chinese (the default) or English.

use crate::lang::Lang;
use crate::out::{self, Exit};
use std::path::Path;
use zonescore::model::RuleFile;
use zonescore::{RuleFormat, Ruleset};

/// What a rule file holds, for the one-line summary of a file that compiles.
fn counts(path: &Path, lang: Lang) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut tree: serde_json::Value = match RuleFormat::detect(&path.display().to_string(), text) {
        RuleFormat::Toml => toml::from_str(text).ok()?,
        RuleFormat::Json => serde_json::from_str(text).ok()?,
    };
    zonescore::migrate::migrate_v1(&mut tree).ok()?;
    let file: RuleFile = serde_json::from_value(tree).ok()?;
    let criteria: usize = file.dimensions.iter().map(|d| d.criteria.len()).sum();
    let bonus = file.bonus.as_ref().map_or(0, |b| b.items.len());
    let (fields, dimensions, gates, vetoes, grades) =
        (file.fields.len(), file.dimensions.len(), file.gates.len(), file.vetoes.len(), file.grades.len());
    Some(match lang {
        Lang::Zh => format!(
            "{fields} 个字段，{dimensions} 个一级指标下 {criteria} 项指标，{bonus} 个加分项，\
             {gates} 个资格条件，{vetoes} 项一票否决，{grades} 个等级"
        ),
        Lang::En => format!(
            "{}, {} in {}, {}, {}, {}, {}",
            count(fields, "field"),
            count(criteria, "criteria"),
            count(dimensions, "dimension"),
            count(bonus, "bonus item"),
            count(gates, "gate"),
            count(vetoes, "veto"),
            count(grades, "grade"),
        ),
    })
}

/// Whether `path` is a ruleset test file (`*.tests.toml`, or TOML with `[[cases]]` or
/// `[[goals]]` beside a top-level `ruleset`): `check rules/*.toml` then points it to `test`.
fn is_ruleset_test_file(path: &Path) -> bool {
    if path.to_string_lossy().ends_with(".tests.toml") {
        return true;
    }
    let Some(text) = std::fs::read_to_string(path).ok().filter(|_| path.extension().is_some_and(|e| e == "toml"))
    else {
        return false;
    };
    let Ok(table) = text.parse::<toml::Table>() else { return false };
    table.get("ruleset").is_some_and(toml::Value::is_str)
        && (table.contains_key("cases") || table.contains_key("goals"))
}

/// `1 field`, `3 fields`, `1 criterion`, `2 criteria`, `1 veto`, `2 vetoes`.
fn count(n: usize, noun: &str) -> String {
    let word = match (n, noun) {
        (1, "criteria") => "criterion".to_owned(),
        (1, _) | (_, "criteria") => noun.to_owned(),
        (_, "veto") => "vetoes".to_owned(),
        _ => format!("{noun}s"),
    };
    format!("{n} {word}")
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
        if is_ruleset_test_file(path) {
            out::print(&match lang {
                Lang::Zh => format!("{file}：这是规则集测试文件，不是规则文件；请用 `zonescore test {file}` 运行\n"),
                Lang::En => {
                    format!("{file}: a ruleset test file, not a rule file: run it with `zonescore test {file}`\n")
                }
            });
            continue;
        }
        match Ruleset::from_path(path) {
            Ok(rules) => {
                let (id, version, digest) = (rules.id(), rules.version(), rules.digest());
                let line = match (lang, counts(path, lang)) {
                    (Lang::Zh, Some(c)) => format!("{file}：检查通过：{id} {version} {digest}（{c}）"),
                    (Lang::Zh, None) => format!("{file}：检查通过：{id} {version} {digest}"),
                    (Lang::En, Some(c)) => format!("{file}: ok: {id} {version} {digest} ({c})"),
                    (Lang::En, None) => format!("{file}: ok: {id} {version} {digest}"),
                };
                out::print(&format!("{line}\n"));
                // A clause of the source document that nothing accounts for does not stop
                // the rules from loading, but an assessor would ask about it.
                for warning in rules.clause_coverage().iter().filter_map(|c| c.warning()) {
                    out::eprint(&match lang {
                        Lang::Zh => format!("{file}：警告[unaccounted_clause]：{}\n", warning.zh),
                        Lang::En => format!("{file}: warning[unaccounted_clause]: {}\n", warning.en),
                    });
                }
            }
            Err(e) => {
                problems += e.diagnostics.len();
                out::eprint(&format!("{}\n", e.to_string_in(lang.code())));
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

fn run_json(files: &[String]) -> Exit {
    let mut exit = Exit::Ok;
    let results: Vec<serde_json::Value> = files
        .iter()
        .map(|file| match Ruleset::from_path(Path::new(file)) {
            _ if is_ruleset_test_file(Path::new(file)) => {
                serde_json::json!({"file": file, "ok": true, "ruleset_tests": true})
            }
            Ok(rules) => {
                let warnings: Vec<serde_json::Value> = rules
                    .clause_coverage()
                    .iter()
                    .filter_map(|c| {
                        Some(serde_json::json!({"code": "unaccounted_clause", "clause": c.id, "message": c.warning()?}))
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
