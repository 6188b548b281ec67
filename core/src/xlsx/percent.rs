//! Which cells of a workbook show their number as a percentage. Excel keeps `94.6%` typed
//! into a cell as 0.946 and formats the cell as a percentage; calamine gives the number
//! alone, so the cell's style is read here from the workbook's XML.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// (row, column) of a cell, from 0, as calamine counts them.
pub(super) type At = (u32, u32);

/// The percentage-formatted cells of each sheet, by sheet name. A workbook whose parts
/// cannot be read gives none: its numbers are then read as they are kept.
pub(super) fn percent_cells(bytes: &[u8]) -> HashMap<String, HashSet<At>> {
    read(bytes).unwrap_or_default()
}

fn read(bytes: &[u8]) -> Option<HashMap<String, HashSet<At>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut part = |name: &str| -> Option<String> {
        let mut text = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let styles = percent_styles(&part("xl/styles.xml")?);
    if styles.is_empty() {
        return Some(HashMap::new());
    }
    let targets: HashMap<String, String> =
        elements(&part("xl/_rels/workbook.xml.rels")?, b"Relationship", &[b"Id", b"Target"])
            .into_iter()
            .filter_map(|mut v| Some((v.remove(0)?, v.remove(0)?)))
            .collect();
    let mut out = HashMap::new();
    for sheet in elements(&part("xl/workbook.xml")?, b"sheet", &[b"name", b"id"]) {
        let (Some(name), Some(id)) = (sheet.first().cloned().flatten(), sheet.get(1).cloned().flatten()) else {
            continue;
        };
        let Some(target) = targets.get(&id) else { continue };
        // Relative to `xl/`, or from the package's root when it starts with `/`.
        let path = match target.strip_prefix('/') {
            Some(root) => root.to_owned(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = part(&path) else { continue };
        // Streamed: a sheet may hold millions of cells, of which only these are kept.
        let mut cells: HashSet<At> = HashSet::new();
        let mut reader = Reader::from_str(&xml);
        // Where a cell written without its reference (`r`) sits, counted as calamine counts
        // it: after the cell before it in its row, in the row after the one before.
        let (mut row, mut col) = (0u32, 0u32);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"row" => {
                    if let Some(r) = attribute(&e, b"r", reader.decoder()).and_then(|r| r.parse::<u32>().ok()) {
                        row = r.saturating_sub(1);
                    }
                }
                Ok(Event::End(e)) if e.local_name().as_ref() == b"row" => {
                    row = row.saturating_add(1);
                    col = 0;
                }
                // An empty element holds no value, and calamine does not count it.
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"c" => {
                    let at = attribute(&e, b"r", reader.decoder()).and_then(|r| cell_ref(&r)).unwrap_or((row, col));
                    col = at.1.saturating_add(1);
                    let style = attribute(&e, b"s", reader.decoder()).and_then(|s| s.parse::<usize>().ok());
                    if styles.contains(&style.unwrap_or(0)) {
                        cells.insert(at);
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        if !cells.is_empty() {
            out.insert(name, cells);
        }
    }
    Some(out)
}

/// Whether the workbook asks to be calculated when it is opened (`fullCalcOnLoad`), as
/// programs that write workbooks without calculating them mark it (XlsxWriter,
/// rust_xlsxwriter, openpyxl). Their formulas' results are then placeholders (XlsxWriter keeps
/// 0 for every one), not results. Excel, WPS and LibreOffice drop the mark when they save.
pub(super) fn calculated_on_open(bytes: &[u8]) -> bool {
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(_) => return false,
    };
    let mut xml = String::new();
    if zip.by_name("xl/workbook.xml").map(|mut f| f.read_to_string(&mut xml)).is_err() {
        return false;
    }
    elements(&xml, b"calcPr", &[b"fullCalcOnLoad"])
        .into_iter()
        .any(|v| matches!(v.first().cloned().flatten().as_deref(), Some("1" | "true")))
}

/// The indexes of the cell styles (`cellXfs`) whose number format is a percentage.
fn percent_styles(styles: &str) -> HashSet<usize> {
    // Excel's built-in percentage formats: 0% and 0.00%.
    let mut percent: HashSet<u32> = HashSet::from([9, 10]);
    for v in elements(styles, b"numFmt", &[b"numFmtId", b"formatCode"]) {
        if let (Some(Some(id)), Some(Some(code))) = (v.first(), v.get(1)) {
            if let (Ok(id), true) = (id.parse(), scales_by_hundred(code)) {
                percent.insert(id);
            }
        }
    }
    let mut out = HashSet::new();
    let mut reader = Reader::from_str(styles);
    let mut in_cell_xfs = false;
    let mut index = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Ok(Event::Start(e) | Event::Empty(e)) if in_cell_xfs && e.local_name().as_ref() == b"xf" => {
                let format =
                    attribute(&e, b"numFmtId", reader.decoder()).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
                if percent.contains(&format) {
                    out.insert(index);
                }
                index += 1;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// Whether a number format code shows the number times 100: a `%` that is not quoted
/// (`0.0"%"`) or escaped (`0.0\%`), in the first section.
fn scales_by_hundred(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// The values of `names` on every element called `local` (any namespace prefix), for the
/// small parts (the workbook's sheets and relationships, the number formats).
fn elements(xml: &str, local: &[u8], names: &[&[u8]]) -> Vec<Vec<Option<String>>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                out.push(names.iter().map(|n| attribute(&e, n, reader.decoder())).collect());
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The value of the attribute whose local name is `name` (`r:id` answers to `id`).
fn attribute(e: &BytesStart<'_>, name: &[u8], decoder: Decoder) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.decode_and_unescape_value(decoder).ok().map(|v| v.into_owned()))
}

/// `W4` (or `w4`, as calamine reads it too) as (3, 22): row and column from 0.
fn cell_ref(r: &str) -> Option<At> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let mut col = 0u32;
    for b in letters.bytes() {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        col = col.checked_mul(26)?.checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percent_sign_scales_unless_quoted_or_escaped() {
        assert!(scales_by_hundred("0.0%") && scales_by_hundred("#,##0.00%;[Red]-0%"));
        assert!(!scales_by_hundred("0.0\"%\"") && !scales_by_hundred("0.0\\%") && !scales_by_hundred("0.00"));
        assert!(!scales_by_hundred("0;-0%"));
    }

    #[test]
    fn cell_references_count_from_zero() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("W4"), Some((3, 22)));
        assert_eq!(cell_ref("AA10"), Some((9, 26)));
        assert_eq!(cell_ref("aa10"), Some((9, 26)));
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(cell_ref("A0"), None);
    }
}
