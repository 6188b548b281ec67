//! `zonescore diff OLD NEW`: what changed between two rulesets, grouped by what it can
//! change (scores first, wording last), as a table, a revision memo in Markdown, or JSON.

use crate::lang::{Format, Lang};
use crate::out::{self, Exit};
use crate::render::{self, Doc, Table};
use zonescore::{Impact, RulesetDiff};

pub struct Options {
    pub old: String,
    pub new: String,
    pub format: Format,
    pub lang: Lang,
}

/// Exit 0 when nothing changed, 1 when something did (like `diff`), 2 for a usage error.
pub fn run(o: &Options) -> Exit {
    let (old, new) = match (zonescore::Ruleset::resolve(&o.old), zonescore::Ruleset::resolve(&o.new)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                crate::rules::report_error(&e, o.lang);
            }
            return Exit::Usage;
        }
    };
    let diff = zonescore::diff(&old, &new);
    match o.format {
        Format::Json => out::print(&format!("{}\n", zonescore::diff_json(&old, &new))),
        Format::Table => out::print(&render::text(&doc(&diff, o, o.lang))),
        Format::Markdown => out::print(&render::markdown(&doc(&diff, o, o.lang))),
    }
    if diff.same {
        Exit::Ok
    } else {
        Exit::Failed
    }
}

fn doc(d: &RulesetDiff, o: &Options, l: Lang) -> Doc {
    let mut doc = Doc::default();
    doc.title(l.pick("规则集修订对比", "Ruleset revision"));
    doc.fields(sides((&o.old, &d.old), (&o.new, &d.new), l));
    if let Some(note) = zonescore::kept_version(&d.old, &d.new) {
        doc.text(l.text(&note).to_owned());
    }
    doc.text(l.text(&d.headline()));
    if d.same {
        return doc;
    }
    for impact in Impact::ALL {
        let mut list = d.of(impact).peekable();
        if list.peek().is_none() {
            continue;
        }
        doc.heading(l.text(&impact.label()));
        let mut t = Table::new(
            &[
                l.pick("项目", "Item"),
                l.pick("编号", "ID"),
                l.pick("修改", "Change"),
                l.pick("原", "Old"),
                l.pick("新", "New"),
                l.pick("条款", "Clause"),
            ],
            &[],
        )
        .records_when_narrow();
        for ch in list {
            let what = l.text(&ch.what()).to_owned();
            let id = match &ch.title {
                Some(t) => format!("{} {}", ch.id, l.text(t)),
                None => ch.id.clone(),
            };
            t.row([
                l.text(&ch.item.label()).to_owned(),
                id,
                what,
                l.text(&ch.old_text).to_owned(),
                l.text(&ch.new_text).to_owned(),
                ch.clause.join(" "),
            ]);
        }
        doc.table(t);
    }
    doc.cleaned()
}

/// The old and new rules as a revision's heading names them: as given, with their id,
/// version and digest (`zone-qualification（zone-qualification 2011.1，sha256:cb809577dca3）`).
pub(crate) fn sides(
    (old_spec, old): (&str, &zonescore::RulesetRef),
    (new_spec, new): (&str, &zonescore::RulesetRef),
    l: Lang,
) -> Vec<(String, String)> {
    let side = |spec: &str, r: &zonescore::RulesetRef| match l {
        Lang::Zh => format!("{spec}（{} {}，{}）", r.id, r.version, short(&r.digest)),
        Lang::En => format!("{spec} ({} {}, {})", r.id, r.version, short(&r.digest)),
    };
    vec![
        (l.pick("原规则", "Old rules").to_owned(), side(old_spec, old)),
        (l.pick("新规则", "New rules").to_owned(), side(new_spec, new)),
    ]
}

/// The first 12 hex digits of a digest, enough to tell two rulesets apart in a memo.
fn short(digest: &str) -> String {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    format!("sha256:{}", hex.chars().take(12).collect::<String>())
}
