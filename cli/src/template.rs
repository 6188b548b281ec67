//! `zonescore template`: writes the fillable workbook core makes from a ruleset's field
//! declarations ([`zonescore::xlsx::template_workbook`]), one zone per row, read back by
//! `zonescore score book.xlsx` through its row of field paths.
//!
//! One row per zone rather than one sheet per submission: a county collects many zones in
//! one table, sorts and filters it, and the sheet reads back as a DataFrame.

use crate::lang::Lang;
use crate::out::{self, Exit};
use crate::rules;
use std::path::PathBuf;

/// Options of `zonescore template`.
pub struct Options {
    pub ruleset: String,
    pub output: Option<String>,
    pub force: bool,
    pub lang: Lang,
}

pub fn run(o: &Options) -> Exit {
    let ruleset = match zonescore::Ruleset::resolve(&o.ruleset) {
        Ok(r) => r,
        Err(e) => {
            rules::report_error(&e, o.lang);
            return Exit::Usage;
        }
    };
    if o.output.as_deref() == Some("-") {
        out::error_in(
            "xlsx 是二进制工作簿，不写到终端或标准输出：请用 `-o` 指定文件（如 `-o zones.xlsx`）",
            "xlsx is a binary workbook, not written to a terminal or standard output: name a file with `-o` (e.g. `-o zones.xlsx`)",
        );
        return Exit::Usage;
    }
    let path = PathBuf::from(o.output.clone().unwrap_or_else(|| format!("{}.xlsx", ruleset.id())));
    let shown = path.display().to_string();
    if !path.is_dir() && !crate::workbook::named_as_workbook(&shown) {
        return Exit::Usage;
    }
    // `--force` replaces a file, never a folder: say what it is rather than "exists" or the OS's words.
    if path.is_dir() {
        let shown = shown.trim_end_matches('/');
        out::error_in(
            &format!("{shown}：这是一个文件夹，不能写成工作簿：请给出文件名（如 `{shown}/zones.xlsx`）"),
            &format!("{shown}: this is a folder, not a file to write the workbook to: name a file (e.g. `{shown}/zones.xlsx`)"),
        );
        return Exit::Usage;
    }
    if path.exists() && !o.force {
        out::error_in(
            &format!("{shown}：文件已存在；用 `--force` 覆盖"),
            &format!("{shown}: the file exists; use `--force` to overwrite it"),
        );
        return Exit::Usage;
    }
    let written = zonescore::xlsx::template_workbook(&ruleset, o.lang.xlsx())
        .map_err(|e| o.lang.text(&e.message()).to_owned())
        .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| crate::inputs::io_reason(&e)));
    match written {
        Ok(()) => {
            let fields = ruleset.form_fields().len();
            out::print(&format!(
                "{}\n",
                o.lang.pick(
                    &format!("已写入 {shown}：{} {}，{fields} 列，每行填写一个示范区", ruleset.id(), ruleset.version()),
                    &format!(
                        "wrote {shown}: {} {}, {fields} columns, one zone per row",
                        ruleset.id(),
                        ruleset.version()
                    ),
                )
            ));
            Exit::Ok
        }
        Err(e) => {
            out::error_in(&format!("{shown}：无法写入：{e}"), &format!("{shown}: cannot write: {e}"));
            Exit::Usage
        }
    }
}
