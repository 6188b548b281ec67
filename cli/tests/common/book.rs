//! Filled workbooks written by hand, as a town fills the template: the bundled examples
//! flattened to dotted paths, one per row.

use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The bundled zone-qualification examples, sorted.
pub fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/examples/zone-qualification");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

/// The leaves of a JSON submission by dotted path (meta left out: the template has no notes).
pub fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                if path != "meta" {
                    flatten(&path, v, out);
                }
            }
        }
        leaf => out.push((prefix.to_owned(), leaf.clone())),
    }
}

/// The leaves of the JSON submission at `file`, by dotted path: one workbook row.
pub fn row_of_file(file: &Path) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    flatten("", &serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap(), &mut out);
    out
}

/// A workbook at `path` holding `files` (JSON submissions), one per row, as [`fill`] lays them out.
pub fn filled(path: &Path, files: &[PathBuf]) {
    let rows: Vec<Vec<(String, Value)>> = files.iter().map(|f| row_of_file(f)).collect();
    let mut paths: Vec<String> = Vec::new();
    for (p, _) in rows.iter().flatten() {
        if !paths.contains(p) {
            paths.push(p.clone());
        }
    }
    fill(path, &paths, &rows);
}

/// Writes a workbook like the template: the paths in row 3, one example per row from row 4,
/// with an empty row left between the first and the rest.
pub fn fill(path: &Path, paths: &[String], rows: &[Vec<(String, Value)>]) {
    fill_made_with(path, paths, rows, None);
}

/// [`fill`], the workbook saying it was made from the rules of `digest`, as a template says.
pub fn fill_made_with(path: &Path, paths: &[String], rows: &[Vec<(String, Value)>], digest: Option<&str>) {
    let mut book = Workbook::new();
    if let Some(d) = digest {
        book.define_name(zonescore::xlsx::RULES_DIGEST_NAME, &format!("=\"{d}\"")).unwrap();
    }
    let sheet = book.add_worksheet();
    sheet.set_name("示范区").unwrap();
    sheet.write_string(0, 0, "filled by a test").unwrap();
    for (c, p) in paths.iter().enumerate() {
        sheet.write_string(2, c as u16, p).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + i as u32 + u32::from(i > 0);
        for (path, value) in row {
            let c = paths.iter().position(|p| p == path).unwrap_or_else(|| panic!("no column for {path}")) as u16;
            match value {
                // Some cells typed as people type them, read leniently by the core.
                Value::Number(n) if path == "quality.spot_check_pass_rate_pct" => {
                    sheet.write_string(r, c, format!("{n}%")).unwrap()
                }
                Value::Number(n) => sheet.write_number(r, c, n.as_f64().unwrap()).unwrap(),
                Value::Bool(b) if path.starts_with("organization.") => {
                    sheet.write_string(r, c, if *b { "是" } else { "否" }).unwrap()
                }
                Value::Bool(b) => sheet.write_boolean(r, c, *b).unwrap(),
                Value::String(s) if s == "valves" => sheet.write_string(r, c, "阀门").unwrap(),
                Value::String(s) => sheet.write_string(r, c, s).unwrap(),
                Value::Null => continue,
                other => panic!("unexpected {other}"),
            };
        }
    }
    book.save(path).unwrap();
}
