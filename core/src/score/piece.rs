//! The pieces a sentence is appended from, in place: strings, decimals, units.

use crate::model::Text;
use rust_decimal::Decimal;

/// A piece of a sentence, appended in place. Sentences are most of an explained answer's
/// text; written through the formatting machinery (`write!`, a string for each value) they
/// cost a full answer much of its time (`docs/performance/issue-9-2026-12-05.md`, morning).
pub(super) trait Piece {
    fn put(&self, s: &mut String);
}

impl Piece for str {
    fn put(&self, s: &mut String) {
        s.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, s: &mut String) {
        s.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, s: &mut String) {
        (**self).put(s);
    }
}

/// Appends each piece to `s` in turn: `cat!(s; label.zh, "：是，得", Dec(points), "分")`.
macro_rules! cat {
    ($s:expr; $($piece:expr),+ $(,)?) => {{
        let s: &mut String = $s;
        $($crate::score::piece::Piece::put(&$piece, s);)+
    }};
}
pub(super) use cat;

/// A decimal in a sentence: no exponent, no trailing zeros (`10`, `4.5`).
#[derive(Clone, Copy)]
pub(super) struct Dec(pub(super) Decimal);

impl Piece for Dec {
    fn put(&self, s: &mut String) {
        crate::expr::push_normalized(s, self.0);
    }
}

/// Points in English, counted as English counts them: `1 point`, `0 points`, `4.5 points`.
pub(super) struct EnPoints(pub(super) Decimal);

impl Piece for EnPoints {
    fn put(&self, s: &mut String) {
        Dec(self.0).put(s);
        s.push(' ');
        s.push_str(crate::sentence::points_en(self.0));
    }
}

/// The unit after a value in Chinese: `94.6%`, `40家`.
pub(super) struct ZhUnit<'a>(pub(super) Option<&'a Text>);

impl Piece for ZhUnit<'_> {
    fn put(&self, s: &mut String) {
        if let Some(u) = self.0 {
            s.push_str(&u.zh);
        }
    }
}

/// The unit after a value in English: `94.6 %`, `40 firms`.
/// After exactly 1, a unit counted in the plural (`patents`, `percentage points`) loses its
/// `s`: `1 patent`; a unit not ending in one `s` (`%`, `10k CNY`, `year`) stays as written.
pub(super) struct EnUnit<'a>(pub(super) Option<&'a Text>, pub(super) bool);

impl EnUnit<'_> {
    /// The unit after `n`.
    pub(super) fn after(unit: Option<&Text>, n: Decimal) -> EnUnit<'_> {
        EnUnit(unit, n == Decimal::ONE)
    }
}

impl Piece for EnUnit<'_> {
    fn put(&self, s: &mut String) {
        if let Some(u) = self.0 {
            s.push(' ');
            let one = self.1 && u.en.ends_with('s') && !u.en.ends_with("ss");
            s.push_str(if one { u.en.get(..u.en.len() - 1).unwrap_or(&u.en) } else { &u.en });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Dec, EnPoints, EnUnit, Piece};
    use crate::model::Text;
    use rust_decimal::Decimal;

    #[test]
    fn english_counts_a_unit_in_the_singular_after_one_alone() {
        for (n, unit, want) in [
            ("1", "patents", "1 patent"),
            ("1.0", "percentage points", "1.0 percentage point"),
            ("2", "patents", "2 patents"),
            ("0", "firms", "0 firms"),
            ("1", "%", "1 %"),
            ("1", "10k CNY", "1 10k CNY"),
            ("1", "glass", "1 glass"),
        ] {
            let (mut s, unit) = (String::new(), Text::new("", unit));
            let n = n.parse::<Decimal>().unwrap();
            s.push_str(&n.to_string());
            EnUnit::after(Some(&unit), n).put(&mut s);
            assert_eq!(s, want);
        }
        let mut s = String::new();
        Dec(Decimal::ONE).put(&mut s);
        EnUnit(None, true).put(&mut s);
        assert_eq!(s, "1");
    }

    #[test]
    fn english_says_point_for_one_alone() {
        for (points, want) in [
            ("1", "1 point"),
            ("1.0", "1 point"),
            ("0", "0 points"),
            ("0.5", "0.5 points"),
            ("1.5", "1.5 points"),
            ("10", "10 points"),
        ] {
            let mut s = String::new();
            EnPoints(points.parse::<Decimal>().unwrap()).put(&mut s);
            assert_eq!(s, want);
        }
    }
}
