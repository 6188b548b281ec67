//! `zonescore bounds` (what a half-filled submission can still score) and `zonescore
//! advise` (the fewest changes that reach a grade), laid out from core's answers.

use crate::inputs::Source;
use crate::lang::{Format, Lang};
use crate::out::{self, Exit};
use crate::render::{markdown, text, Doc, Table};
use zonescore::{
    Advice, AdviceAnswer, Bounds, BoundsAnswer, Chosen, Failure, Ruleset, Settled, Submission, Target, Verdict,
};

/// What both commands were asked.
pub struct Options {
    pub path: String,
    pub ruleset: Option<String>,
    pub target: Option<String>,
    pub options: usize,
    pub format: Format,
    pub lang: Lang,
}

/// Reads the submission once and answers it with `f`, under `--ruleset` or the bundled
/// ruleset the submission's shape names; or the exit already reported.
fn answer<T>(o: &Options, command: &str, f: impl FnOnce(&Chosen<'_>) -> T) -> Result<(T, Labels), Exit> {
    let source = if o.path == "-" { Source::Stdin } else { Source::File(o.path.clone().into()) };
    let bytes = source.read().map_err(|e| {
        out::error(&e);
        Exit::Usage
    })?;
    // A workbook holds many rows, and read as JSON it would only be `invalid_utf8`.
    let zip = bytes.starts_with(b"PK\x03\x04");
    if zip || crate::workbook::is_workbook(std::path::Path::new(&o.path)) {
        let name = source.name();
        out::error_in(
            &format!("{name}：`{command}` 只接受一份 JSON 提交，不接受 Excel 工作簿（工作簿的各行用 `zonescore score` 评分）"),
            &format!("{name}: `{command}` takes one JSON submission, not an Excel workbook (score a workbook's rows with `zonescore score`)"),
        );
        return Err(Exit::Usage);
    }
    let refused = |e: zonescore::RulesetError| {
        crate::rules::report_error(&e, o.lang);
        Exit::Usage
    };
    let given = o.ruleset.as_deref().map(Ruleset::resolve).transpose().map_err(refused)?;
    let chosen = Chosen::new(given.as_ref(), Submission::Json(&bytes)).map_err(refused)?;
    // The zone the document is about, by its label (示范区名称), as a scorecard names it.
    let tree = zonescore::input::parse_json(&bytes, zonescore::MAX_SUBMISSION_BYTES, zonescore::MAX_DEPTH);
    let year = tree.as_ref().ok().and_then(|t| chosen.ruleset.year_of(&t.value));
    let subject = tree.map(|t| chosen.ruleset.subject_of(&t.value)).unwrap_or_default();
    let subject = subject.into_iter().map(|s| {
        let label =
            chosen.ruleset.field_label(&s.path).unwrap_or_else(|| zonescore::model::Text::new(&s.path, &s.path));
        (label, s.value)
    });
    Ok((f(&chosen), Labels { targets: chosen.ruleset.targets(), subject: subject.collect(), year }))
}

/// The names of a ruleset's grades and outcomes, for the codes an answer holds (JSON keeps
/// the codes; people read 良好 and 通过考核验收), and the submission's subject fields and year.
struct Labels {
    targets: Vec<Target>,
    subject: Vec<(zonescore::model::Text, String)>,
    year: Option<String>,
}

impl Labels {
    fn of(&self, kind: &str, code: &str, l: Lang) -> Option<String> {
        self.targets.iter().find(|t| t.kind == kind && t.code == code).map(|t| l.text(&t.label).to_owned())
    }

    /// A grade as the engine's sentences name it: `良好（B）`, `Good (B)`.
    fn grade(&self, code: &str, l: Lang) -> String {
        let named = |label: String| format!("{label}{}{code}{}", l.pick("（", " ("), l.pick("）", ")"));
        self.of("grade", code, l).map_or_else(|| code.to_owned(), named)
    }

    /// An outcome by its name (`通过考核验收，推荐命名`).
    fn outcome(&self, code: &str, l: Lang) -> String {
        self.of("outcome", code, l).unwrap_or_else(|| code.to_owned())
    }

    /// A target: a grade or an outcome.
    fn target(&self, code: &str, l: Lang) -> String {
        match self.of("grade", code, l) {
            Some(_) => self.grade(code, l),
            None => self.outcome(code, l),
        }
    }
}

fn emit(doc: &Doc, format: Format) {
    match format {
        Format::Markdown => out::print(&markdown(&doc.cleaned())),
        _ => out::print(&text(&doc.cleaned())),
    }
}

/// An invalid submission's errors under the rows that say what was asked about, as a
/// scorecard of one says which file and rules they are of.
fn failed_doc(f: &Failure, labels: &Labels, o: &Options) -> Exit {
    let (l, format) = (o.lang, o.format);
    let mut doc = Doc::default();
    doc.title(l.text(&Failure::title()).to_owned());
    doc.fields(asked(&f.ruleset, labels, &o.path, l));
    crate::scorecard::errors(&mut doc, f, l, &[]);
    emit(&doc, format);
    Exit::Failed
}

/// `zonescore bounds FILE`.
pub fn bounds(o: &Options) -> Exit {
    let (answer, labels) = match answer(o, "bounds", |c| c.bounds()) {
        Ok(a) => a,
        Err(exit) => return exit,
    };
    let l = o.lang;
    let b = match (&answer, o.format) {
        (_, Format::Json) => {
            out::print(&format!("{}\n", zonescore::canonical(&answer)));
            return if matches!(answer, BoundsAnswer::Failure(_)) { Exit::Failed } else { Exit::Ok };
        }
        (BoundsAnswer::Failure(f), _) => return failed_doc(f, &labels, o),
        (BoundsAnswer::Bounds(b), _) => b,
    };
    emit(&bounds_doc(b, &labels, l, &o.path), o.format);
    Exit::Ok
}

/// The rows that say what was asked about, as a scorecard's header does: the ruleset, its
/// digest, the submission's file, the zone it names and the year.
fn asked(ruleset: &zonescore::RulesetRef, labels: &Labels, path: &str, l: Lang) -> Vec<(String, String)> {
    let source = if path == "-" { Source::Stdin } else { Source::File(path.into()) };
    let name = crate::score::display_name(&source, l);
    let mut rows = vec![(l.pick("规则", "Rules").to_owned(), format!("{} {}", ruleset.id, ruleset.version))];
    rows.extend(crate::scorecard::provenance(&ruleset.digest, Some(&name), l));
    rows.extend(labels.subject.iter().map(|(label, value)| (l.text(label).to_owned(), value.clone())));
    rows.extend(labels.year.iter().map(|year| (l.pick("考核年度", "Year").to_owned(), year.clone())));
    rows
}

fn bounds_doc(b: &Bounds, labels: &Labels, l: Lang, path: &str) -> Doc {
    let mut doc = Doc::default();
    doc.title(l.pick("尚可得分范围", "Score bounds"));
    let mut fields = asked(&b.ruleset, labels, path, l);
    fields.push((
        l.pick("可能结论", "Outcomes").to_owned(),
        b.outcomes.iter().map(|c| labels.outcome(c, l)).collect::<Vec<_>>().join(l.pick("；", "; ")),
    ));
    doc.fields(fields);
    doc.text(l.text(&b.summary).to_owned());
    let mut checks = Table::new(&[l.pick("编号", "Id"), l.pick("名称", "Title"), l.pick("状态", "State")], &[]);
    for (c, gate) in b.gates.iter().map(|c| (c, true)).chain(b.vetoes.iter().map(|c| (c, false))) {
        let verdict = Verdict::of_settled(c.holds, gate);
        let mut state = l.text(&verdict.word()).to_owned();
        if verdict == Verdict::Open {
            state = format!("{state}{}{}", l.pick("：", ": "), c.open_fields.join(", "));
        }
        checks.row([c.id.clone(), l.text(&c.title).to_owned(), state]);
    }
    doc.table(checks);
    let mut t = Table::new(
        &[l.pick("指标", "Criterion"), l.pick("名称", "Title"), l.pick("得分范围", "Points"), l.pick("分值", "Max")],
        &[2, 3],
    );
    for c in &b.criteria {
        let mut title = l.text(&c.title).to_owned();
        // As the scorecard shows a criterion that does not apply (合理缺项): no points.
        let points = if c.applies == Settled::No { "-".to_owned() } else { l.text(&c.points.text()).to_owned() };
        if c.applies != Settled::Yes {
            title.push_str(&format!(
                "{}{}{}",
                l.pick("（", " ("),
                l.text(&c.applies.applies_word()),
                l.pick("）", ")")
            ));
        }
        t.row([c.id.clone(), title, points, c.max.clone().unwrap_or_default()]);
    }
    doc.table(t);
    // A filled form has no missing field: the summary above says so, and no empty table.
    if !b.open_fields.is_empty() {
        doc.heading(l.pick("待填字段（影响大的在前）", "Missing fields, the ones that matter most first"));
        let mut f =
            Table::new(&[l.pick("字段", "Field"), l.pick("影响分数", "Swing"), l.pick("相关规则", "Rules")], &[1]);
        for o in &b.open_fields {
            f.row([format!("{} {}", l.text(&o.label), o.path), o.swing.clone(), o.affects.join(", ")]);
        }
        doc.table(f);
    }
    doc
}

/// `zonescore advise FILE [--target A]`.
pub fn advise(o: &Options) -> Exit {
    let (answer, labels) = match answer(o, "advise", |c| c.advise(o.target.as_deref(), o.options)) {
        Ok(a) => a,
        Err(exit) => return exit,
    };
    let failed = matches!(answer, AdviceAnswer::Failure(_));
    // A target the rules do not have is a mistake on the command line, not in the
    // submission: said as such (JSON still prints the answer every face gives).
    if let AdviceAnswer::Failure(f) = &answer {
        if let [e] = f.errors.as_slice() {
            if e.code == "unknown_target" {
                if o.format == Format::Json {
                    out::print(&format!("{}\n", zonescore::canonical(&answer)));
                }
                out::error(&format!("--target{}{}", o.lang.pick("：", ": "), o.lang.text(&e.message)));
                return Exit::Usage;
            }
        }
    }
    match (&answer, o.format) {
        (_, Format::Json) => out::print(&format!("{}\n", zonescore::canonical(&answer))),
        (AdviceAnswer::Failure(f), _) => return failed_doc(f, &labels, o),
        (AdviceAnswer::Advice(a), _) => emit(&advice_doc(a, &labels, o.lang, &o.path), o.format),
    }
    if failed {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

fn advice_doc(a: &Advice, labels: &Labels, l: Lang, path: &str) -> Doc {
    let mut doc = Doc::default();
    doc.title(format!("{}{}", l.pick("如何达到 ", "How to reach "), labels.target(&a.target, l)));
    // Score, grade and outcome: `67.0 合格（C）；未通过考核验收` (an outcome's name may hold a comma).
    let state = |score: &str, grade: &str, outcome: &str| {
        format!("{score} {}{}{}", labels.grade(grade, l), l.pick("；", "; "), labels.outcome(outcome, l))
    };
    let mut fields = asked(&a.ruleset, labels, path, l);
    fields.push((l.pick("现在", "Now").to_owned(), state(&a.final_score, &a.grade, &a.outcome)));
    doc.fields(fields);
    doc.text(l.text(&a.summary).to_owned());
    for (i, o) in a.options.iter().enumerate() {
        let (option, colon) = (l.pick("方案", "Option"), l.pick("：", ": "));
        doc.heading(format!("{option} {}{colon}{}", i + 1, state(&o.final_score, &o.grade, &o.outcome)));
        let mut t = Table::new(
            &[
                l.pick("字段", "Field"),
                l.pick("现值", "Now"),
                l.pick("改为", "To"),
                l.pick("指标", "Rule"),
                // Points the change gains, not 加分项 (bonus items).
                l.pick("增加得分", "Points gained"),
            ],
            &[1, 2, 4],
        );
        for c in &o.changes {
            let (from, to) = (l.text(&c.from_text).to_owned(), l.text(&c.to_text).to_owned());
            t.row([l.text(&c.label).to_owned(), from, to, c.criterion.clone(), c.points.clone()]);
        }
        doc.table(t);
    }
    if !a.blocked_by.is_empty() {
        doc.heading(l.text(&Advice::blocked_heading()).to_owned());
    }
    for b in &a.blocked_by {
        doc.text(format!("{} {}{}{}", b.id, l.text(&b.title), l.pick("：", ": "), b.fields.join(", ")));
    }
    if let (Some(best), Some(heading)) = (&a.best, a.best_heading()) {
        doc.heading(l.text(&heading).to_owned());
        doc.text(l.text(&best.summary).to_owned());
    }
    doc
}
