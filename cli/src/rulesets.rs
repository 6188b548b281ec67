//! `zonescore rulesets`: the bundled rulesets.

use crate::lang::{Format, Lang};
use crate::out::{self, Exit};
use crate::render::{self, Doc, Table};

pub fn run(format: Format, lang: Lang) -> Exit {
    if format == Format::Json {
        out::print(&format!("{}\n", zonescore::list_rulesets_json()));
        return Exit::Ok;
    }
    let l = lang;
    let mut doc = Doc::default();
    doc.title(l.pick("内置规则集", "Bundled rulesets"));
    let mut t = Table::new(
        &[
            l.pick("编号", "ID"),
            l.pick("版本", "Version"),
            l.pick("依据文件", "Source document"),
            l.pick("有效期", "Effective"),
            l.pick("名称", "Title"),
        ],
        &[],
    );
    let list = zonescore::list_rulesets();
    for r in &list {
        let period = match (&r.effective_from, &r.effective_to) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(a), None) => format!("{a} –"),
            (None, Some(b)) => format!("– {b}"),
            (None, None) => "-".to_owned(),
        };
        t.row([r.id.clone(), r.version.clone(), r.source_document.clone(), period, l.text(&r.title).to_owned()]);
    }
    doc.table(t);
    doc.fields(list.iter().map(|r| (r.id.clone(), r.digest.clone())).collect());
    doc.text(format!(
        "{}{}",
        l.pick("默认规则集（无法从提交内容判断时）：", "Default (when a submission's shape does not tell): "),
        zonescore::bundled::DEFAULT
    ));
    out::print(&match format {
        Format::Markdown => render::markdown(&doc),
        _ => render::text(&doc),
    });
    Exit::Ok
}

/// `zonescore rulesets --clauses ID|PATH`: how the ruleset accounts for each clause.
pub fn clauses(spec: &str, format: Format, lang: Lang) -> Exit {
    let rules = match zonescore::Ruleset::resolve(spec) {
        Ok(r) => r,
        Err(e) => {
            crate::rules::report_error(&e, lang);
            return Exit::Usage;
        }
    };
    if format == Format::Json {
        out::print(&format!("{}\n", rules.clause_coverage_json()));
        return Exit::Ok;
    }
    let l = lang;
    let info = rules.info();
    let mut doc = Doc::default();
    doc.title(format!("{} — {}", l.text(&info.title), l.pick("条款对照", "clauses")));
    doc.fields(vec![(l.pick("依据文件", "Source document").to_owned(), info.source_document.clone())]);
    let mut t = Table::new(
        &[
            l.pick("条款", "Clause"),
            l.pick("原文编号", "Numbering"),
            l.pick("内容", "About"),
            l.pick("计分规则", "Cited by"),
            l.pick("未计分原因", "Why unscored"),
        ],
        &[],
    );
    let coverage = rules.clause_coverage();
    for c in coverage {
        let cited: Vec<String> = c.cited_by.iter().map(|x| l.text(&x.name()).to_owned()).collect();
        t.row([
            c.id.clone(),
            c.number.clone().unwrap_or_default(),
            c.title.as_ref().map(|t| l.text(t).to_owned()).unwrap_or_default(),
            cited.join(" "),
            c.why_unscored().map(|w| l.text(&w).to_owned()).unwrap_or_default(),
        ]);
    }
    doc.table(t);
    if let Some(line) = zonescore::ClauseCoverage::unaccounted_line(coverage) {
        doc.text(l.text(&line).to_owned());
    }
    out::print(&match format {
        Format::Markdown => render::markdown(&doc),
        _ => render::text(&doc),
    });
    Exit::Ok
}
