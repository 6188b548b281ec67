//! Reading filled workbooks for `zonescore score`: the file's bytes handed to core's reader
//! ([`zonescore::xlsx::read_sheets`]), its errors worded with the file's name in the
//! language of the run.

use crate::inputs::Source;
use std::path::Path;
use zonescore::xlsx::{self, Sheet};
use zonescore::Ruleset;

/// Tables of other formats, which a person saves from Excel or WPS: refused in words, by
/// name, rather than read as JSON text (`不是有效的 JSON`, or invalid UTF-8 for a CSV in GBK).
const OTHER_TABLES: [(&str, &str, &str); 6] = [
    ("csv", "CSV", "CSV"),
    ("tsv", "TSV", "TSV"),
    ("et", "WPS 表格（.et）", "WPS spreadsheet (.et)"),
    ("ods", "OpenDocument 表格（.ods）", "OpenDocument spreadsheet (.ods)"),
    ("xlsb", "Excel 二进制工作簿（.xlsb）", "Excel binary workbook (.xlsb)"),
    ("numbers", "Numbers", "Numbers"),
];

/// The kind of table `path` is named as (in Chinese, in English), when it is one the reader
/// cannot read.
fn other_table(path: &Path) -> Option<(&'static str, &'static str)> {
    let ext = path.extension().and_then(|e| e.to_str())?;
    OTHER_TABLES.iter().find(|(e, ..)| ext.eq_ignore_ascii_case(e)).map(|(_, zh, en)| (*zh, *en))
}

/// Whether a path names an Excel workbook (`.xlsx`, `.xlsm`; and `.xls` or a table of
/// another format, which the reader refuses in words rather than reading it as JSON text).
pub fn is_workbook(path: &Path) -> bool {
    let old = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xls"));
    old || other_table(path).is_some() || path.file_name().and_then(|n| n.to_str()).is_some_and(xlsx::is_workbook_name)
}

/// Whether `path` is the lock file Excel or WPS keeps beside a workbook while it is open
/// (`~$瓯北.xlsx`, a few hundred bytes): no workbook, and no submission.
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$")) && is_workbook(path)
}

/// What is said of a lock file passed over, naming the workbook it belongs to.
pub fn lock_note(path: &Path) -> zonescore::model::Text {
    let name = path.display();
    let book = path.file_name().and_then(|n| n.to_str()).map_or("", |n| n.trim_start_matches("~$"));
    zonescore::model::Text::new(
        format!("{name}：Excel 或 WPS 打开 {book} 时留下的临时锁定文件（工作簿正在打开，或上次未正常关闭），不是提交，已跳过"),
        format!("{name}: the lock file Excel or WPS keeps while {book} is open (or was not closed properly), not a submission: passed over"),
    )
}

/// Says so and answers `false` when a workbook is to be written under a name other than
/// `*.xlsx`: read back, `zones.json` would be taken for JSON, and Excel refuses a workbook
/// without macros named `.xlsm`.
pub fn named_as_workbook(path: &str) -> bool {
    let xlsx = Path::new(path).extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        return true;
    }
    crate::out::error_in(
        &format!("{path}：写出的是 Excel 工作簿（.xlsx），文件名请以 .xlsx 结尾（如 `zones.xlsx`）"),
        &format!("{path}: an Excel workbook (.xlsx) is written: end the name with .xlsx (e.g. `zones.xlsx`)"),
    );
    false
}

/// Reads the workbook at `path` (named `name` in output). With `ruleset`, the sheets whose
/// paths row names one of its fields; without, the sheets whose paths row a bundled
/// ruleset is detected from. An unreadable workbook, or one without such a sheet, is an
/// error message in the language of the run.
pub fn read(path: &Path, name: &str, ruleset: Option<&Ruleset>) -> Result<Vec<Sheet>, String> {
    let l = crate::lang::Lang::current();
    if is_lock_file(path) {
        return Err(l.text(&lock_note(path)).to_owned());
    }
    if let Some((zh, en)) = other_table(path) {
        return Err(l
            .pick(
                &format!("{name}：{zh} 文件不能读取：请在 Excel 或 WPS 中另存为 Excel 工作簿（.xlsx），或填写 `zonescore template` 生成的模板"),
                &format!("{name}: a {en} file cannot be read: save it as an Excel workbook (.xlsx) in Excel or WPS, or fill in the template `zonescore template` writes"),
            )
            .to_owned());
    }
    let bytes = Source::File(path.to_path_buf()).read()?;
    xlsx::read_sheets(&bytes, ruleset).map_err(|e| format!("{name}{}{}", l.pick("：", ": "), l.text(&e.message())))
}

/// Says on standard error, once per workbook, when its template was made from other rules
/// than `rules` (a revised rule file's template scored with the bundled rules): its rows
/// then score otherwise than the rules it was made for would score them.
pub fn say_if_made_with_other_rules(sheet: &Sheet, name: &str, rules: &Ruleset, said: &mut Vec<String>) {
    let Some(made_with) = made_with_other_rules(sheet, name, rules, said) else { return };
    let (id, version, digest) = (rules.id(), rules.version(), rules.digest());
    crate::out::eprint(crate::lang::Lang::current().pick(
        &format!(
            "{name}：注意：此工作簿的模板由另一份规则（校验码 {made_with}）生成，现按 {id} {version}（校验码 {digest}）评分；\
             要按生成模板的规则评分，请用 --ruleset 指定该规则文件\n"
        ),
        &format!(
            "{name}: note: this workbook's template was made from other rules (digest {made_with}); it is scored \
             with {id} {version} (digest {digest}); to score it with the rules it was made from, give that rule \
             file with --ruleset\n"
        ),
    ));
}

/// The digest of the rules `sheet`'s template was made from, when they are not `rules` and
/// workbook `name` has not been said to be so yet (one note a workbook, not one a sheet).
pub fn made_with_other_rules<'a>(
    sheet: &'a Sheet,
    name: &str,
    rules: &Ruleset,
    said: &mut Vec<String>,
) -> Option<&'a str> {
    let made_with = sheet.made_with.as_deref().filter(|d| *d != rules.digest())?;
    if said.iter().any(|n| n == name) {
        return None;
    }
    said.push(name.to_owned());
    Some(made_with)
}

/// Says on standard error when a sheet has no column for some of the rules' fields (a
/// column deleted from the template): every row then scores them as not filled in, which
/// may be meant (a field a town does not report) but should not pass unsaid.
pub fn say_if_columns_missing(sheet: &Sheet, name: &str, rules: &Ruleset) {
    let missing = sheet.fields_without_column(rules);
    if missing.is_empty() {
        return;
    }
    let l = crate::lang::Lang::current();
    // Each by its label, as the template's header row shows it, and its path.
    let shown: Vec<String> = missing
        .iter()
        .take(5)
        .map(|path| match rules.field_label(&zonescore::input::dotted_to_pointer(path)) {
            Some(label) => l.pick(&format!("「{}」{path}", label.zh), &format!("“{}” {path}", label.en)).to_owned(),
            None => path.clone(),
        })
        .collect();
    let (n, sheet) = (missing.len(), &sheet.name);
    let more = if n > shown.len() { "…" } else { "" };
    let fields = if n == 1 { "field" } else { "fields" };
    crate::out::eprint(l.pick(
        &format!("{name}：注意：工作表「{sheet}」没有 {n} 个字段的列（{}{more}），各行按未填写评分\n", shown.join("、")),
        &format!(
            "{name}: note: sheet “{sheet}” has no column for {n} {fields} ({}{more}); every row scores them as not filled in\n",
            shown.join(", ")
        ),
    ));
}

/// Says on standard error that the workbook `name` has no filled rows, when so; whether it
/// said it.
pub fn say_if_unfilled(sheets: &[Sheet], name: &str) -> bool {
    let empty = sheets.iter().all(|s| s.rows.is_empty());
    if empty {
        let l = crate::lang::Lang::current();
        crate::out::eprint(&format!("{name}{}{}\n", l.pick("：", ": "), l.pick("没有已填写的行", "no filled rows")));
    }
    empty
}
