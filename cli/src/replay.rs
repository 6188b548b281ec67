//! `zonescore replay --old OLD --new NEW PATH…`: the stored submissions (and, with
//! `--probes`, boundary probes made from the rules) scored under both rulesets: whom the
//! change moves, by how much, and from which grade and outcome to which.

use crate::inputs::{self, Source};
use crate::lang::{Format, Lang};
use crate::out::{self, Exit};
use crate::render::{self, Doc, Table};
use crate::workbook;
use zonescore::{ProbeBase, ProbeBaseError, ReplayCase, ReplaySet, Ruleset, Side, Stored};

/// The old and the new rules.
type Pair<'a> = (&'a Ruleset, &'a Ruleset);

pub struct Options {
    pub old: String,
    pub new: String,
    pub paths: Vec<String>,
    pub probes: bool,
    pub base: Option<String>,
    pub fail_on_change: bool,
    pub write_tests: Option<String>,
    pub format: Format,
    pub lang: Lang,
}

/// Exit 0 when replayed (1 with `--fail-on-change` when anything changed), 2 for a usage
/// error, an unreadable path or a broken rule file.
pub fn run(o: &Options) -> Exit {
    let l = o.lang;
    let (old, new) = match (Ruleset::resolve(&o.old), Ruleset::resolve(&o.new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                crate::rules::report_error(&e, l);
            }
            return Exit::Usage;
        }
    };
    if o.paths.is_empty() && !(o.probes && o.base.is_some()) {
        out::error(l.pick(
            "请给出要重放的提交（文件或文件夹），或用 --probes --base FILE 只重放边界探针",
            "give submissions to replay (files or folders), or --probes --base FILE for probes only",
        ));
        return Exit::Usage;
    }
    let sources = match inputs::collect_with_workbooks(&o.paths).map(inputs::each_once) {
        Ok(s) => s,
        Err(errors) => {
            errors.iter().for_each(|e| out::error(e));
            return Exit::Usage;
        }
    };
    if let Some(path) = &o.write_tests {
        if let Some(clash) = write_tests_clash(path, o, &sources) {
            out::error_in(
                &format!("--write-tests {path}：这是本次要读取的{clash}，写入会覆盖它：请指定另一个文件"),
                &format!("--write-tests {path}: this is {clash} being read, and writing it would overwrite it: name another file"),
            );
            return Exit::Usage;
        }
    }
    let (names, submissions, unreadable) = read_all(&sources, (&old, &new), l);
    // Workbooks without a filled row alone: nothing to replay, as `score` scores nothing.
    if submissions.is_empty() && unreadable == 0 && !o.paths.is_empty() {
        let first = zonescore::xlsx::FIRST_DATA_ROW + 1;
        out::error_in(
            &format!("没有可重放的提交：工作簿中没有已填写的行（从第 {first} 行起，每行填写一个示范区）"),
            &format!("nothing to replay: the workbooks have no filled rows (one zone per row, from row {first})"),
        );
        return Exit::Usage;
    }
    let probes = match (&o.base, o.probes) {
        (Some(path), _) => match Source::File(path.into()).read() {
            Ok(bytes) => ProbeBase::Given(Stored::Text(bytes)),
            Err(why) => {
                out::error(&format!("--base: {why}"));
                return Exit::Usage;
            }
        },
        (None, true) => ProbeBase::FirstValid,
        (None, false) => ProbeBase::None,
    };
    let base = match probes.choose(&old, &new, &submissions) {
        Ok(base) => base,
        Err(why) => {
            report_base(&why, o.base.as_deref().unwrap_or_default(), l);
            return Exit::Usage;
        }
    };
    let based_on = match (&probes, &o.base) {
        (_, Some(path)) => Some(path.clone()),
        (ProbeBase::FirstValid, None) => {
            ProbeBase::first_valid(&old, &new, &submissions).and_then(|i| names.get(i)).cloned()
        }
        _ => None,
    };
    let Ok(replay) = zonescore::replay(&old, &new, &submissions, &names, &probes) else {
        return Exit::Usage;
    };
    match o.format {
        Format::Json => out::print(&format!("{}\n", zonescore::canonical(&replay))),
        Format::Table => out::print(&render::text(&doc(&replay, (&old, &new), o, based_on.as_deref(), l))),
        Format::Markdown => out::print(&render::markdown(&doc(&replay, (&old, &new), o, based_on.as_deref(), l))),
    }
    if let Some(path) = &o.write_tests {
        let spec = zonescore::ruletest::ruleset_spec_for(std::path::Path::new(path), &o.new);
        let tests = zonescore::tests_from_replay(&replay, &new, &submissions, base.as_ref(), &spec);
        if let Err(e) = std::fs::write(path, &tests.text) {
            out::error(&format!("{path}: {}", inputs::io_reason(&e)));
            return Exit::Usage;
        }
        let n = tests.cases;
        out::eprint(&match l {
            Lang::Zh => format!("已写入 {path}：{n} 个测试用例（运行 zonescore test {path}）\n"),
            Lang::En => {
                let cases = if n == 1 { "case" } else { "cases" };
                format!("wrote {path}: {n} test {cases} (run zonescore test {path})\n")
            }
        });
    }
    if unreadable > 0 {
        out::eprint(&match l {
            Lang::Zh => format!("另有 {unreadable} 个文件无法读取，未重放（见上）\n"),
            Lang::En => {
                let (files, were) = if unreadable == 1 { ("file", "was") } else { ("files", "were") };
                format!("{unreadable} more {files} could not be read and {were} not replayed (see above)\n")
            }
        });
    }
    let exit = if o.fail_on_change && replay.any_change() { Exit::Failed } else { Exit::Ok };
    // As `score` and `summary` do: a file left out is no success, nor a gate passed over it.
    if unreadable > 0 {
        exit.max(Exit::Usage)
    } else {
        exit
    }
}

/// What `--write-tests PATH` would overwrite: the old or new rule file, the base or a
/// submission, named in the run's language; `None` when it is none of them.
fn write_tests_clash(path: &str, o: &Options, sources: &[Source]) -> Option<String> {
    let target = std::path::Path::new(path);
    let l = o.lang;
    // A bundled id names no file, and `same_file` is false for it unless such a file exists.
    let rules =
        [(&o.old, l.pick("原规则文件", "the old rule file")), (&o.new, l.pick("新规则文件", "the new rule file"))];
    if let Some((spec, what)) = rules.iter().find(|(spec, _)| inputs::same_file(std::path::Path::new(spec), target)) {
        return Some(format!("{what} {spec}"));
    }
    if let Some(base) = o.base.as_ref().filter(|b| inputs::same_file(std::path::Path::new(b), target)) {
        return Some(format!("{} {base}", l.pick("基准提交", "the base submission")));
    }
    inputs::overwritten(target, sources).map(|s| format!("{} {}", l.pick("提交", "the submission"), s.name()))
}

/// Reads every source, with a progress bar on a terminal for long runs: a JSON file's
/// bytes for the engine to read (a file that is not JSON is invalid under both rulesets,
/// with its errors), a workbook's filled rows as their cells, which each ruleset reads by its
/// own fields, each named `book.xlsx!示范区!4`. Only a file that cannot be read at all (or a
/// workbook with no sheet for the old rules) is named on standard error and left out.
fn read_all(sources: &[Source], (old, new): Pair, l: Lang) -> (Vec<String>, Vec<Stored>, usize) {
    let progress = crate::progress::Progress::new(sources.len(), l.pick("读取", "reading"));
    let (mut names, mut stored, mut unreadable, mut said) = (Vec::new(), Vec::new(), 0, Vec::new());
    for source in sources {
        let read = match source {
            Source::File(path) if workbook::is_workbook(path) => {
                workbook::read(path, &source.name(), Some(old)).map(|sheets| {
                    for sheet in &sheets {
                        if let Some(made_with) = workbook::made_with_other_rules(sheet, &source.name(), old, &mut said)
                        {
                            say_made_with_other_rules(&source.name(), made_with, (old, new), l);
                        }
                    }
                    for row in sheets.iter().flat_map(|s| &s.rows) {
                        names.push(row.name(&source.name()));
                        stored.push(Stored::Row(row.cells.clone()));
                    }
                })
            }
            _ => source.read().map(|bytes| {
                names.push(source.name());
                stored.push(Stored::Text(bytes));
            }),
        };
        if let Err(why) = read {
            unreadable += 1;
            out::error(&why);
        }
        progress.inc();
    }
    progress.finish();
    (names, stored, unreadable)
}

/// Says on standard error that workbook `name`'s template was made from rules other than the
/// old ones (a template of the new rules, a revision tried out on this year's forms, or of a
/// third ruleset): a column only one ruleset has is an unknown field under the other.
fn say_made_with_other_rules(name: &str, made_with: &str, (old, new): Pair, l: Lang) {
    let (id, version, digest) = (old.id(), old.version(), old.digest());
    let of_new = made_with == new.digest();
    out::eprint(&match l {
        Lang::Zh => format!(
            "{name}：注意：此工作簿的模板由{}（校验码 {made_with}）生成，不是原规则 {id} {version}（校验码 {digest}）；\
             每份规则按自己的字段读取各行，只有一份规则有的列在另一份规则下是未知字段\n",
            if of_new { "新规则（--new）" } else { "另一份规则" }
        ),
        Lang::En => format!(
            "{name}: note: this workbook's template was made from {} (digest {made_with}), not the old rules, \
             {id} {version} (digest {digest}); each ruleset reads its rows by its own fields, and a column only one \
             of them has is an unknown field under the other\n",
            if of_new { "the new rules (--new)" } else { "other rules" }
        ),
    });
}

/// Why probes have no base, on standard error, with the option that gives one.
fn report_base(why: &ProbeBaseError, path: &str, l: Lang) {
    let message = why.message();
    out::error(&match (why, l) {
        (ProbeBaseError::NoneValid, Lang::Zh) => format!("--probes：{}（--base FILE）", message.zh),
        (ProbeBaseError::NoneValid, Lang::En) => format!("--probes: {} (--base FILE)", message.en),
        (ProbeBaseError::Invalid(_), Lang::Zh) => format!("--base {path}：{}", message.zh),
        (ProbeBaseError::Invalid(_), Lang::En) => format!("--base {path}: {}", message.en),
    });
}

/// The replay as a document; `base` names the submission the probes were built on.
fn doc(r: &zonescore::Replay, rules: Pair, o: &Options, base: Option<&str>, l: Lang) -> Doc {
    let mut doc = Doc::default();
    doc.title(l.pick("规则修订重放", "Replay under revised rules"));
    let mut fields = crate::diff::sides((&o.old, &r.old), (&o.new, &r.new), l);
    // What every probe's score moves from.
    if let (Some(_), Some(base)) = (&r.probes, base) {
        fields.push((l.pick("探针基准", "Probes built on").to_owned(), base.to_owned()));
    }
    doc.fields(fields);
    if let Some(note) = zonescore::kept_version(&r.old, &r.new) {
        doc.text(l.text(&note).to_owned());
    }
    section(&mut doc, &r.submissions, rules, l, l.pick("已存提交", "Stored submissions"));
    if let Some(p) = &r.probes {
        section(&mut doc, p, rules, l, l.pick("边界探针", "Boundary probes"));
    }
    doc.cleaned()
}

fn section(doc: &mut Doc, s: &ReplaySet, rules: Pair, l: Lang, title: &str) {
    doc.heading(title);
    doc.text(l.text(&s.tally()).to_owned());
    if let Some(line) = s.unreached_line() {
        doc.text(l.text(&line).to_owned());
        doc.bullets(s.unreached.iter().map(|u| format!("{} {}", u.rule, l.text(&u.threshold))).collect());
    }
    if s.count == 0 {
        return;
    }
    let word = zonescore::Failure::word();
    let invalid = l.text(&word);
    let name = |v: &Option<String>| v.clone().unwrap_or_else(|| invalid.to_owned());
    let mut t =
        Table::new(&[l.pick("原等级", "Old grade"), l.pick("新等级", "New grade"), l.pick("份数", "Count")], &[2]);
    for tr in s.grade_transitions.iter().filter(|t| t.from != t.to) {
        t.row([name(&tr.from), name(&tr.to), tr.count.to_string()]);
    }
    if !t.rows.is_empty() {
        doc.text(l.pick("等级变化：", "Grade transitions:"));
        doc.table(t);
    }
    let mut t =
        Table::new(&[l.pick("原结果", "Old outcome"), l.pick("新结果", "New outcome"), l.pick("份数", "Count")], &[2]);
    let outcome =
        |v: &Option<String>, r: &Ruleset| v.as_ref().map_or_else(|| invalid.to_owned(), |o| outcome_name(o, r, l));
    for tr in s.outcome_transitions.iter().filter(|t| t.from != t.to) {
        t.row([outcome(&tr.from, rules.0), outcome(&tr.to, rules.1), tr.count.to_string()]);
    }
    if !t.rows.is_empty() {
        doc.text(l.pick("结果变化：", "Outcome transitions:"));
        doc.table(t);
    }
    if s.scores_moved() {
        doc.text(l.pick("得分变化分布（新 − 原）：", "Score deltas (new − old):"));
        let most = s.deltas.iter().map(|d| d.count).max().unwrap_or(1).max(1);
        let mut t = Table::new(&[l.pick("变化", "Delta"), l.pick("份数", "Count"), ""], &[0, 1]);
        for d in &s.deltas {
            let bar = "█".repeat((d.count * 30).div_ceil(most));
            t.row([d.signed(), d.count.to_string(), bar]);
        }
        doc.table(t);
    }
    let source =
        |c: &ReplayCase| c.probe.as_ref().map_or_else(|| c.source.clone(), |p| l.text(&p.describe()).to_owned());
    let changed: Vec<&ReplayCase> = s.cases.iter().filter(|c| c.changed).collect();
    if !changed.is_empty() {
        changed_table(doc, &changed, rules, l, source);
    }
    // Named, so that a file neither rule set can read is not only a count.
    let neither: Vec<&ReplayCase> = s.cases.iter().filter(|c| !c.old.valid && !c.new.valid).collect();
    if !neither.is_empty() {
        let mut t =
            Table::new(&[l.pick("提交", "Submission"), l.pick("原规则下的错误", "Error under the old rules")], &[])
                .records_when_narrow();
        for c in neither {
            t.row([source(c), c.old.error.as_ref().map_or_else(String::new, |e| l.text(e).to_owned())]);
        }
        doc.text(l.pick("两份规则下均无效的提交：", "Invalid under both rules:"));
        doc.table(t);
    }
}

fn changed_table(doc: &mut Doc, changed: &[&ReplayCase], rules: Pair, l: Lang, source: impl Fn(&ReplayCase) -> String) {
    let mut t = Table::new(
        &[
            l.pick("提交", "Submission"),
            l.pick("原", "Old"),
            l.pick("新", "New"),
            l.pick("变化", "Delta"),
            l.pick("变动项", "What moved"),
        ],
        &[3],
    )
    .records_when_narrow();
    for c in changed {
        let points = c.moved.iter().map(|m| format!("{} {}→{}", m.criterion, shown(m.old), shown(m.new)));
        // The maximum, a gate or a veto: why a score or grade moved with no criterion.
        let moved: Vec<String> = points.chain(c.also_moved.iter().map(|t| l.text(t).to_owned())).collect();
        t.row([
            source(c),
            side(&c.old, rules.0, l),
            side(&c.new, rules.1, l),
            c.signed_delta().unwrap_or_default(),
            moved.join(" "),
        ]);
    }
    doc.text(l.pick("有变化的提交：", "Changed:"));
    doc.table(t);
}

/// A side as people read it: score, grade code and the outcome's name in the rules it was
/// scored by (the code where they have no such outcome).
fn side(s: &Side, rules: &Ruleset, l: Lang) -> String {
    match (&s.final_score, &s.grade, &s.outcome) {
        (Some(score), Some(grade), Some(outcome)) => format!("{score} {grade} {}", outcome_name(outcome, rules, l)),
        _ => match &s.error {
            Some(error) => match l {
                Lang::Zh => format!("{}（{}）", l.text(&zonescore::Failure::word()), l.text(error)),
                Lang::En => format!("{} ({})", l.text(&zonescore::Failure::word()), l.text(error)),
            },
            None => l.text(&zonescore::Failure::word()).to_owned(),
        },
    }
}

fn outcome_name(code: &str, rules: &Ruleset, l: Lang) -> String {
    rules.outcome_title(code).map_or_else(|| code.to_owned(), |t| l.text(t).to_owned())
}

fn shown(points: Option<impl std::fmt::Display>) -> String {
    points.map_or_else(|| "-".to_owned(), |p| p.to_string())
}
