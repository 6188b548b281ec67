//! Target 6, `cells`: rows of spreadsheet cells (a workbook's row, text typed into the form)
//! read leniently and scored, against both bundled rulesets.

use super::submissions::{gen_string, host_number, near_valid};
use super::*;
use zonescore::input::{dotted_to_pointer, is_blank_text};
use zonescore::{Cell, Chosen, FieldError, Submission};

// ───────────────────────── Target 6: cells ─────────────────────────

/// Pieces typed text is made of: digits as people type them (full-width, the ideographic full
/// stop, thousands separators), units, signs, 是/否, enum labels and codes.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "0", "1", "5", "9", "94.6", "2013", "100", "000", ".", ",", "+", "-", "e", "E", "%", "％", "万元", "元", "年",
    "家", "个", "项", "分", " ", "\u{3000}", "\t", "０", "９", "４", "。", "．", "，", "是", "否", "有", "无", "√", "×",
    "true", "FALSE", "阀门", "valves", "鞋", "1,180,000", "1,18", "52000万元", "九十", "٣", "½", "\u{feff}", "\u{0}",
];

/// First byte: bit 0 picks the ruleset. The rest makes a near-valid submission (as
/// `score_submission` does), flattened into a row of cells as a workbook holds them (numbers
/// as floats or as text, booleans as TRUE/FALSE or 是/否), then edits cells: any float (also
/// in a cell formatted as a percentage),
/// typed text made of [`PIECES`], host number texts, any string, an empty cell, a formula
/// without its result, an Excel error value; some at paths the rules do not declare.
///
/// Asserts: no panic; nothing is lost (every filled cell is read into the tree or has an
/// error at its path; a formula without its result or an Excel error value always has one); a row read whole scores as its tree does; a row with unread cells
/// fails with their errors and no `required` error beside one; `Submission::Cells` answers
/// as `score_cells` does in every question; the answer is canonical and its JSON twin the
/// same bytes.
pub fn cells(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Some(k) = known().get(usize::from(first & 1)) else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let Ok(row) = gen_row(&mut u, k) else {
        return;
    };
    check_row(&k.rules, &row);
}

fn gen_row(u: &mut Unstructured, k: &Known) -> ArbResult<Vec<(String, Cell)>> {
    let tree = near_valid(u, k, true)?;
    let mut row = Vec::new();
    flatten(u, "", &tree, &mut row)?;
    let declared: Vec<String> = k.pointers.iter().map(|p| p.trim_start_matches('/').replace('/', ".")).collect();
    for _ in 0..u.int_in_range(0..=8)? {
        let path = match u.int_in_range(0u8..=5)? {
            0 => gen_string(u)?,
            1 => format!("meta.{}", u.choose(&["notes", "source", ""])?),
            _ => u.choose(&declared)?.clone(),
        };
        let cell = gen_cell(u)?;
        match row.iter_mut().find(|(p, _)| *p == path) {
            Some((_, slot)) => *slot = cell,
            None => row.push((path, cell)),
        }
    }
    Ok(row)
}

/// A tree's leaves as cells by dotted path, typed as a person or a spreadsheet keeps them.
fn flatten(u: &mut Unstructured, prefix: &str, node: &Input, out: &mut Vec<(String, Cell)>) -> ArbResult<()> {
    let cell = match node {
        Input::Object(members) => {
            for (key, value) in members {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                flatten(u, &path, value, out)?;
            }
            return Ok(());
        }
        Input::Null => Cell::Empty,
        Input::Bool(b) if u.arbitrary()? => Cell::Bool(*b),
        Input::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_owned()),
        Input::Number(n) => match f64::from_str(n) {
            Ok(x) if u.arbitrary()? => Cell::Number(x),
            _ => Cell::Text(n.clone()),
        },
        Input::String(s) => Cell::Text(s.clone()),
        Input::Array(_) => Cell::Text(node.to_json()),
    };
    out.push((prefix.to_owned(), cell));
    Ok(())
}

fn gen_cell(u: &mut Unstructured) -> ArbResult<Cell> {
    Ok(match u.int_in_range(0u8..=12)? {
        0 => Cell::Empty,
        // A cell merged into the one above it: an error, never empty.
        12 => Cell::Merged((*u.choose(&["B4:B5", "A4:C4", ""])?).to_owned()),
        // A formula whose result the workbook does not hold, and an Excel error value.
        9 => Cell::Formula(gen_string(u)?),
        10 => Cell::Error((*u.choose(&["#DIV/0!", "#N/A", "#VALUE!", "#REF!", ""])?).to_owned()),
        // A cell Excel keeps as a date, as the reader shows it.
        11 => Cell::Date((*u.choose(&["1900-04-04", "2013-03-04 12:30:00", "2280:00:00", ""])?).to_owned()),
        1 => Cell::Bool(u.arbitrary()?),
        2 => Cell::Number(*u.choose(&[f64::NAN, f64::INFINITY, -0.0, 0.1, 94.6, 1e300, 5e-324, 2013.0, 1e16])?),
        3 => Cell::Number(u.arbitrary()?),
        // A cell formatted as a percentage: Excel keeps 94.6% as 0.946.
        4 if u.arbitrary()? => Cell::Percent(*u.choose(&[0.946, 1.0, 0.0, -0.0, 1e-30, 1e300, f64::NAN, 0.1 + 0.2])?),
        4 => Cell::Percent(u.arbitrary()?),
        5 => Cell::Text(host_number(u)?),
        6 => Cell::Text(gen_string(u)?),
        _ => {
            let mut text = String::new();
            for _ in 0..u.int_in_range(1..=6)? {
                text.push_str(u.choose(PIECES)?);
            }
            Cell::Text(text)
        }
    })
}

fn filled(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => false,
        Cell::Text(t) => !is_blank_text(t),
        Cell::Number(_)
        | Cell::Percent(_)
        | Cell::Bool(_)
        | Cell::Formula(_)
        | Cell::Error(_)
        | Cell::Date(_)
        | Cell::Merged(_) => true,
    }
}

/// The node at a JSON pointer of a tree built from dotted paths: a note's key may hold `/` or
/// `~` (`meta.a/b` is the key `a/b`, the pointer `/meta/a~1b`).
fn at<'a>(tree: &'a Input, pointer: &str) -> Option<&'a Input> {
    pointer.split('/').skip(1).try_fold(tree, |node, key| node.get(&key.replace("~1", "/").replace("~0", "~")))
}

fn check_row(rules: &Ruleset, row: &[(String, Cell)]) {
    let reading = rules.read_cells(row);
    // Nothing is lost: a filled cell is in the tree or has an error at its path. A path that
    // another cell's path runs through (`meta` beside `meta.notes`) cannot hold both.
    for (path, cell) in row.iter().filter(|(_, c)| filled(c)) {
        let crossed = row.iter().any(|(other, _)| {
            other != path && (other.starts_with(&format!("{path}.")) || path.starts_with(&format!("{other}.")))
        });
        let pointer = dotted_to_pointer(path);
        let read = at(&reading.submission, &pointer).is_some_and(|v| *v != Input::Null);
        let refused = reading.errors.iter().any(|(p, e)| p == path && e.path == pointer);
        assert!(crossed || read || refused, "the cell {path} = {cell:?} was lost: {}", reading.submission.to_json());
        // A formula without its result, an Excel error value and a date are never a field's
        // value (a date is a note's text).
        let note = path == "meta" || path.starts_with("meta.");
        let never_read = matches!(cell, Cell::Formula(_) | Cell::Error(_)) || (matches!(cell, Cell::Date(_)) && !note);
        assert!(
            crossed || !never_read || refused,
            "the cell {path} = {cell:?} was read: {}",
            reading.submission.to_json()
        );
    }
    let unread: Vec<FieldError> = reading.errors.iter().map(|(_, e)| e.clone()).collect();
    let answer = rules.score_cells(row);
    let text = answer.to_canonical_json();
    check_answer_text(&text, true);
    assert_eq!(rules.score_cells_json_with(row, &zonescore::ScoreOptions::default()), text, "the JSON twin differs");
    if unread.is_empty() {
        assert_eq!(answer, rules.score(&reading.submission), "a row read whole scores otherwise than its tree");
    } else {
        let Answer::Failure(f) = &answer else { panic!("a row with unread cells was scored: {text}") };
        for e in &f.errors {
            let beside = e.code == "required" && unread.iter().any(|u| u.path == e.path);
            assert!(!beside, "a required error beside an unread cell at {}", e.path);
        }
        if f.more_errors == 0 {
            for e in &unread {
                assert!(f.errors.contains(e), "the unread cell's error {e:?} is missing from {text}");
            }
        }
    }
    let cells = Submission::Cells(&reading.submission, &unread);
    assert_eq!(rules.answer_to(cells), answer, "answer_to(Cells) differs from score_cells");
    let chosen = Chosen::new(Some(rules), cells).expect("a given ruleset");
    assert_eq!(chosen.answer(), answer, "Chosen(Cells) differs from score_cells");
    match (rules.summary_of(cells), &answer) {
        (Ok(s), Answer::Success(r)) => assert_eq!(s.final_score, dec(&r.final_score), "the summary's score differs"),
        (Err(f), Answer::Failure(g)) => assert_eq!(&f, g, "the summary's failure differs"),
        (s, _) => panic!("summary_of(Cells) (ok: {}) and score_cells disagree: {text}", s.is_ok()),
    }
}
