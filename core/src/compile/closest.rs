//! "Did you mean": the known name nearest a misspelt one, for rule files and submissions;
//! and the characters that make two names look alike.

/// The candidate within a small edit distance of `name`, or sharing its last segment.
pub(crate) fn closest<'a>(name: &str, mut candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    // One body for every caller's kind of list: the browser module carries it once.
    nearest(name, &mut candidates)
}

/// A character that shows as nothing, or as a blank that is no space: Unicode's format
/// characters (zero-width spaces and joiners, direction marks and overrides, the byte-order
/// mark, tags), variation selectors, the combining grapheme joiner and the Hangul fillers.
/// Two ids that differ by one look the same.
pub(crate) fn invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{115f}'
        | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{fff9}'..='\u{fffb}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

fn nearest(name: &str, candidates: &mut dyn Iterator<Item = &str>) -> Option<String> {
    let last = name.rsplit('.').next().unwrap_or(name);
    // Whether `c`'s last segment is `last`, without splitting every candidate.
    let ends_alike = |c: &str| c.strip_suffix(last).is_some_and(|head| head.is_empty() || head.ends_with('.'));
    let limit = 3.max(name.len() / 5);
    let length = name.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let same_end = ends_alike(c);
        let score = if same_end {
            usize::from(c != name)
        } else if length.abs_diff(c.chars().count()) > limit {
            // The distance is at least the difference in length: a hostile 1 MiB key is
            // never compared character by character with every name.
            continue;
        } else {
            edit_distance(name, c, limit)
        };
        // A name every letter of which would change (`max` for `id`) is no typo of it.
        if score <= limit && (score < length || same_end) && best.is_none_or(|(b, _)| score < b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

/// Edit distance counting a swap of two neighbours as one edit (typos like `nmu` for `num`),
/// or some number above `limit` as soon as it is sure to be above it.
///
/// A submission's unknown key is compared with every name of its group: most names differ
/// from it in too many letters to be near, and are passed over without the table.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let short = a.len().max(b.len()) <= usize::from(u8::MAX);
    if short && a.is_ascii() && b.is_ascii() && letters_apart(a.as_bytes(), b.as_bytes()) > limit {
        return limit + 1;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // Rows i, i - 1 and i - 2 of the table, taking turns in the three thirds of `rows`.
    let mut rows = vec![0usize; 3 * width];
    let start = |i: usize| (i % 3) * width;
    for i in 0..=a.len() {
        let (this, previous, before) = (start(i), start(i + 2), start(i + 1));
        let mut smallest = usize::MAX;
        for j in 0..width {
            let value = if i == 0 || j == 0 {
                i + j
            } else {
                let at = |row: usize, column: usize| rows.get(row + column).copied().unwrap_or(0);
                let cost = usize::from(a.get(i - 1) != b.get(j - 1));
                let mut v = (at(previous, j) + 1).min(at(this, j - 1) + 1).min(at(previous, j - 1) + cost);
                if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                    v = v.min(at(before, j - 2) + 1);
                }
                v
            };
            smallest = smallest.min(value);
            if let Some(cell) = rows.get_mut(this + j) {
                *cell = value;
            }
        }
        // A cell comes from the row above it by adding 0 or 1, or from a swap two rows up by
        // adding 1 to a cell at most 1 below the one between them: once a row is all above
        // the limit, so is every row after it.
        if smallest > limit {
            return limit + 1;
        }
    }
    rows.get(start(a.len()) + b.len()).copied().unwrap_or(0)
}

/// How many letters one word has that the other lacks, counted with repeats, whichever is
/// more: no more than the edit distance, since an edit adds, drops or changes one letter and a
/// swap none. For words of at most 255 letters, whose counts fit in a byte.
fn letters_apart(a: &[u8], b: &[u8]) -> usize {
    let mut unmatched = [0u8; 128];
    for &x in a {
        if let Some(c) = unmatched.get_mut(usize::from(x)) {
            *c += 1;
        }
    }
    let mut shared = 0;
    for &x in b {
        if let Some(c) = unmatched.get_mut(usize::from(x)).filter(|c| **c > 0) {
            *c -= 1;
            shared += 1;
        }
    }
    (a.len() - shared).max(b.len() - shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, as plainly as it can be written: what the rows must agree with.
    #[allow(clippy::indexing_slicing, reason = "the table indexed as the textbook writes it")]
    fn full_table(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        d[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(edit_distance("/s/nmu", "/s/num", 3), 1);
        assert_eq!(edit_distance("kitten", "sitting", 3), 3);
        assert_eq!(edit_distance("kitten", "sitting", 2), 3);
        assert_eq!(edit_distance("", "abc", 3), 3);
        assert_eq!(closest("/s/nmu", ["/s/name", "/s/num"].into_iter()).as_deref(), Some("/s/num"));
        assert_eq!(
            closest("famus_products", ["national", "famous_products"].into_iter()).as_deref(),
            Some("famous_products")
        );
        assert_eq!(closest("extra_000", ["industry", "quality", "innovation"].into_iter()), None);
        // The same last segment is a near miss whatever comes before it, but only a whole one.
        assert_eq!(closest("s.num", ["s.xyz", "group.inner.num"].into_iter()).as_deref(), Some("group.inner.num"));
        assert_eq!(closest("num", ["abcdefg.num"].into_iter()).as_deref(), Some("abcdefg.num"));
        assert_eq!(closest("num", ["abcdefgnum"].into_iter()), None);
        // A short name every letter of which would change has no near miss (`max` on a
        // dimension, whose keys are `id`, `title`, `criteria`); one letter kept is one.
        assert_eq!(closest("max", ["id", "title", "criteria"].into_iter()), None);
        assert_eq!(closest("mx", ["id", "max"].into_iter()).as_deref(), Some("max"));
        assert_eq!(closest("ab", ["xy"].into_iter()), None);
        assert_eq!(closest("x", ["group.x"].into_iter()).as_deref(), Some("group.x"));
    }

    #[test]
    fn rows_agree_with_the_whole_table() {
        // Every pair of words over a small alphabet (swaps, repeats, Chinese and long names
        // included): the same distance up to the limit, and above it
        // whenever the table's is.
        let letters = ["a", "b", "c", "质", "量"];
        let mut words = vec![String::new()];
        let mut longest = words.clone();
        for _ in 0..3 {
            longest = longest.iter().flat_map(|w| letters.iter().map(move |l| format!("{w}{l}"))).collect();
            words.extend(longest.iter().cloned());
        }
        words.push("a".repeat(60));
        words.push(format!("{}b", "a".repeat(58)));
        words.push("ba".repeat(30));
        for a in &words {
            for b in &words {
                let whole = full_table(a, b);
                for limit in [0, 1, 2, 3, 12] {
                    let rows = edit_distance(a, b, limit);
                    if whole <= limit {
                        assert_eq!(rows, whole, "{a:?} {b:?} limit {limit}");
                    } else {
                        assert!(rows > limit, "{a:?} {b:?} limit {limit}: {rows}, table {whole}");
                    }
                }
            }
        }
    }
}
