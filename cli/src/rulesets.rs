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
