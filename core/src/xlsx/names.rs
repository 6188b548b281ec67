//! Names in a workbook: column letters, sheet references as formulas write them, and sheet
//! names Excel accepts (at most 31 characters, none of `[]:*?/\`, unique ignoring case).

use std::collections::{BTreeMap, BTreeSet};

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A sheet name as a cell reference writes it: quoted when it holds spaces or punctuation.
pub(super) fn sheet_ref(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// Most characters in a sheet name.
const MAX_SHEET_NAME: usize = 31;

/// Sheet names handed out so far, so that each new one is valid and unique.
#[derive(Debug, Default)]
pub struct SheetNames {
    /// Every name taken, lowercased (Excel compares names ignoring case).
    taken: BTreeSet<String>,
    /// For each wanted base, the suffix to try next: a thousand zones of one name cost a
    /// thousand lookups, not a million.
    next: BTreeMap<String, usize>,
}

impl SheetNames {
    /// A valid name not taken yet, made from `wanted`: forbidden characters become `_`,
    /// leading and trailing apostrophes go, it is cut to 31 characters, and a repeated name
    /// gets ` (2)`, ` (3)`, … (Excel compares names ignoring case).
    pub fn unique(&mut self, wanted: &str) -> String {
        let cleaned: String = wanted
            .chars()
            // A bidirectional override would show a zone's tab reversed, as the terminal's
            // and the web's scorecards never do.
            .map(|c| {
                let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() || bidi {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = cleaned.trim().trim_matches('\'').trim();
        let base = if cleaned.is_empty() { "_" } else { cleaned };
        let key = base.to_lowercase();
        let mut n = self.next.get(&key).copied().unwrap_or(1);
        loop {
            let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
            let room = MAX_SHEET_NAME.saturating_sub(suffix.chars().count());
            let head: String = base.chars().take(room).collect();
            let name = format!("{}{suffix}", head.trim_end());
            let lower = name.to_lowercase();
            n += 1;
            // "History" is reserved by Excel.
            if lower != "history" && self.taken.insert(lower) {
                self.next.insert(key, n);
                return name;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        let got: Vec<String> = [0, 5, 25, 26, 27, 51, 52, 701, 702].into_iter().map(column_letters).collect();
        assert_eq!(got, ["A", "F", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn sheet_names_are_quoted_when_needed() {
        assert_eq!(sheet_ref("示范区"), "示范区");
        assert_eq!(sheet_ref("My zones"), "'My zones'");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut many = SheetNames::default();
        let names: Vec<String> = (0..3000).map(|_| many.unique("示范区")).collect();
        assert_eq!(names[2999], "示范区 (3000)");
        let mut names = SheetNames::default();
        let long = "永嘉瓯北阀门优质产品生产示范区永嘉瓯北阀门优质产品生产示范区永嘉瓯北阀门";
        let a = names.unique(long);
        let b = names.unique(long);
        assert_eq!(a.chars().count(), 31);
        assert!(b.ends_with(" (2)") && b.chars().count() <= 31, "{b}");
        assert_eq!(names.unique("a/b:c[d]*?\\"), "a_b_c_d____");
        assert_eq!(names.unique("2013 abc\u{202e}evil\u{2066}x"), "2013 abc_evil_x");
        assert_eq!(names.unique("Summary"), "Summary");
        assert_eq!(names.unique("SUMMARY"), "SUMMARY (2)");
        assert_eq!(names.unique("''"), "_");
        assert_eq!(names.unique("history"), "history (2)");
    }
}
