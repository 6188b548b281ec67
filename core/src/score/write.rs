//! The full answer written straight to its canonical JSON text, without building a
//! [`Report`](crate::Report) first: the bytes of serialising the report (a test compares them
//! on every case and on random submissions), without the report's hundreds of copied titles,
//! labels, clauses and number strings. The path of `score_json` and every JSON face.

use super::evaluate::{CheckEval, CritEval, Ctx, Evaluation, PartEval};
use super::{band_of, bonus_status, check_reason, explain, part_reason, value_text};
use crate::compile::{CCheck, CCriterion, CPart, CompiledRuleset};
use crate::expr::Env;
use crate::model::{Basis, BasisKind, Text};
use crate::report::Status;
use crate::validate::ValidSubmission;
use crate::Lang;
use rust_decimal::Decimal;
use std::fmt::Write;

/// The answer being written, and the languages its texts carry.
pub(super) struct Out {
    pub(super) buf: String,
    pub(super) lang: Lang,
    /// Whether the ruleset's texts are all plain (`CompiledRuleset::plain_texts`), so that
    /// its labels and the sentences made of them are copied out as they are.
    pub(super) plain: bool,
    /// A part's sentence and its criterion's, written there before they are escaped into
    /// `buf`; reused from one criterion to the next.
    pub(super) sentences: Sentences,
}

/// Strings a sentence is written in, one a language: a part's (or a gate's or veto's) and
/// its criterion's.
#[derive(Default)]
pub(super) struct Sentences {
    part: (String, String),
    criterion: (String, String),
}

// Writing to a `String` cannot fail, so the `fmt::Result`s below are dropped.
#[allow(
    clippy::single_char_add_str,
    reason = "a quote appended as a string is one copy; pushed as a `char` it is first encoded as \
              UTF-8 by a call of its own in the browser's build (docs/performance.md, \
              \"Fewer, larger pieces in the answer\")"
)]
impl Out {
    pub(super) fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// A JSON string of the rules' texts or the engine's own words, never of what a
    /// submission gave ([`Out::given`]). When the ruleset's texts are all plain it is copied
    /// as it is: the engine's words hold nothing to escape either, and a full answer is
    /// mostly these texts, so scanning them is work for nothing
    /// (`docs/performance/issue-9-2026-12-05.md`).
    pub(super) fn string(&mut self, s: &str) {
        if self.plain {
            debug_assert!(needs_no_escape(s), "a text to escape: {s:?}");
            self.buf.push_str("\"");
            self.buf.push_str(s);
            self.buf.push_str("\"");
        } else {
            self.given(s);
        }
    }

    /// A JSON string of what a submission gave (a value, a message that quotes one), escaped
    /// as serde_json escapes it: `"`, `\\` and control characters only (short forms where
    /// JSON has them, else `\u00xx` in lower case).
    pub(super) fn given(&mut self, s: &str) {
        self.buf.push_str("\"");
        let bytes = s.as_bytes();
        let mut start = 0;
        loop {
            let at = crate::input::run_end(bytes, start);
            // The bytes found are ASCII, so both ends are character boundaries.
            self.buf.push_str(s.get(start..at).unwrap_or_default());
            let Some(&b) = bytes.get(at) else { break };
            match b {
                b'"' => self.raw("\\\""),
                b'\\' => self.raw("\\\\"),
                b'\n' => self.raw("\\n"),
                b'\r' => self.raw("\\r"),
                b'\t' => self.raw("\\t"),
                0x08 => self.raw("\\b"),
                0x0c => self.raw("\\f"),
                _ => {
                    let _ = write!(self.buf, "\\u{b:04x}");
                }
            }
            start = at + 1;
        }
        self.buf.push_str("\"");
    }

    pub(super) fn opt_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    pub(super) fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// A decimal as answers give it: a string, no exponent, no trailing zeros.
    pub(super) fn dec(&mut self, d: Decimal) {
        self.buf.push_str("\"");
        crate::expr::push_normalized(&mut self.buf, d);
        self.buf.push_str("\"");
    }

    pub(super) fn text(&mut self, t: &Text) {
        self.words(&t.zh, &t.en);
    }

    /// A text that may quote what a submission gave (a notice's message): always escaped.
    pub(super) fn given_text(&mut self, t: &Text) {
        let plain = std::mem::replace(&mut self.plain, false);
        self.text(t);
        self.plain = plain;
    }

    /// A text from its two sides. Plain texts are written with their keys and quotes in
    /// as few pieces as can be: a full answer holds some hundred of these, and in the browser
    /// each piece appended is a call.
    pub(super) fn words(&mut self, zh: &str, en: &str) {
        if !self.plain {
            return self.words_escaped(zh, en);
        }
        debug_assert!(needs_no_escape(zh) && needs_no_escape(en), "a text to escape: {zh:?} {en:?}");
        match self.lang {
            Lang::Zh => {
                self.raw("{\"zh\":\"");
                self.raw(zh);
            }
            Lang::En => {
                self.raw("{\"en\":\"");
                self.raw(en);
            }
            Lang::Both => {
                self.raw("{\"zh\":\"");
                self.raw(zh);
                self.raw("\",\"en\":\"");
                self.raw(en);
            }
        }
        self.raw("\"}");
    }

    fn words_escaped(&mut self, zh: &str, en: &str) {
        match self.lang {
            Lang::Zh => self.raw("{\"zh\":"),
            Lang::En => self.raw("{\"en\":"),
            Lang::Both => {
                self.raw("{\"zh\":");
                self.given(zh);
                self.raw(",\"en\":");
            }
        }
        self.given(if self.lang == Lang::Zh { zh } else { en });
        self.raw("}");
    }

    pub(super) fn list<T>(&mut self, items: impl IntoIterator<Item = T>, mut each: impl FnMut(&mut Self, T)) {
        self.raw("[");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            each(self, item);
        }
        self.raw("]");
    }

    pub(super) fn strings(&mut self, items: &[String]) {
        self.list(items, |o, s| o.string(s));
    }

    pub(super) fn basis(&mut self, b: &Basis) {
        self.raw(match b.kind {
            BasisKind::Sourced => "{\"kind\":\"sourced\"",
            BasisKind::Set => "{\"kind\":\"set\"",
        });
        if let Some(source) = &b.source {
            self.raw(",\"source\":");
            self.string(source);
        }
        if let Some(note) = &b.note {
            self.raw(",\"note\":");
            self.text(note);
        }
        self.raw("}");
    }
}

/// Whether a text is written in JSON as it is, with nothing to escape.
fn needs_no_escape(s: &str) -> bool {
    crate::input::run_end(s.as_bytes(), 0) == s.len()
}

fn status_code(s: Status) -> &'static str {
    match s {
        Status::Met => "\"met\"",
        Status::PartlyMet => "\"partly_met\"",
        Status::NotMet => "\"not_met\"",
        Status::MissingEvidence => "\"missing_evidence\"",
        Status::NotApplicable => "\"not_applicable\"",
    }
}

impl CompiledRuleset {
    /// The canonical JSON of the full success answer for a valid submission, in `lang`.
    pub(crate) fn write_full(&self, sub: &ValidSubmission, lang: Lang) -> String {
        let (eval, ctx) = self.evaluate(sub);
        let mut o = Out {
            buf: String::with_capacity(48 * 1024),
            lang,
            plain: self.plain_texts,
            sentences: Sentences::default(),
        };
        o.raw("{\"type\":\"success\",");
        self.write_head(&mut o, &eval, &ctx);
        let grade = eval.grade.and_then(|g| self.grades.get(g));
        let outcome = eval.outcome.and_then(|i| self.outcomes.get(i));
        let empty = Text::new("", "");
        o.raw(",\"grade\":");
        o.string(grade.map_or("", |g| &g.id));
        o.raw(",\"grade_label\":");
        o.text(grade.map_or(&empty, |g| &g.title));
        o.raw(",\"outcome\":");
        o.string(outcome.map_or("", |x| &x.model.id));
        let outcome_label = outcome.map_or(&empty, |x| &x.model.title);
        o.raw(",\"outcome_label\":");
        o.text(outcome_label);
        o.raw(",\"conclusion\":");
        o.text(&self.conclusion(&eval, outcome_label));
        write_totals(&mut o, &eval);
        o.raw(",\"breakdown\":");
        o.text(&crate::scorecard::breakdown(&eval));
        o.raw(",\"gates\":");
        o.list(self.gates.iter().zip(&eval.gates), |o, (c, ce)| self.write_check(o, c, ce, &eval, true));
        o.raw(",\"vetoes\":");
        o.list(self.vetoes.iter().zip(&eval.vetoes), |o, (c, ce)| self.write_check(o, c, ce, &eval, false));
        self.write_tail(&mut o, &eval, Some(&ctx), |o, c, ce| self.write_criterion(o, c, ce, &eval));
        o.raw("}");
        o.buf
    }

    /// `ruleset`, `subject`, `year` and `final_score`, as every success answer starts.
    pub(super) fn write_head(&self, o: &mut Out, eval: &Evaluation, ctx: &Ctx<'_>) {
        o.raw("\"ruleset\":{\"id\":");
        o.string(&self.meta.id);
        o.raw(",\"version\":");
        o.string(&self.meta.version);
        o.raw(",\"digest\":");
        o.string(&self.digest);
        o.raw("},\"subject\":");
        let subject = self.subject_fields.iter().filter_map(|&i| Some((self.fields.get(i)?, ctx.field(i)?)));
        o.list(subject, |o, (f, v)| {
            o.raw("{\"path\":");
            o.string(&f.pointer);
            o.raw(",\"value\":");
            o.given(&value_text(v));
            o.raw("}");
        });
        o.raw(",\"year\":");
        match self.year_field.and_then(|i| ctx.field(i)) {
            Some(year) => o.given(&value_text(year)),
            None => o.raw("null"),
        }
        o.raw(",\"final_score\":\"");
        crate::expr::push_decimal(&mut o.buf, eval.final_score);
        o.raw("\"");
    }

    /// `dimensions` to `warnings`, as every success answer ends (without its closing brace);
    /// `full` (the submission's values, for notice messages) adds titles and messages, and
    /// `criterion` writes each criterion and bonus item.
    pub(super) fn write_tail(
        &self,
        o: &mut Out,
        eval: &Evaluation,
        full: Option<&Ctx<'_>>,
        criterion: impl Fn(&mut Out, &CCriterion, &CritEval),
    ) {
        o.raw(",\"dimensions\":");
        o.list(self.dimensions.iter().zip(&eval.dimensions), |o, (d, (points, max))| {
            o.raw("{\"id\":");
            o.string(&d.id);
            if full.is_some() {
                o.raw(",\"title\":");
                o.text(&d.title);
            }
            o.raw(",\"points\":");
            o.dec(*points);
            o.raw(",\"max\":");
            o.dec(*max);
            o.raw("}");
        });
        let criteria = self.dimensions.iter().flat_map(|d| d.criteria.iter());
        let bonus = self.bonus.iter().flat_map(|(_, items)| items.iter());
        let count = self.dimensions.iter().map(|d| d.criteria.len()).sum::<usize>();
        o.raw(",\"criteria\":");
        o.list(criteria.zip(&eval.criteria), |o, (c, ce)| criterion(o, c, ce));
        o.raw(",\"bonus_items\":");
        o.list(bonus.zip(eval.criteria.iter().skip(count)), |o, (c, ce)| criterion(o, c, ce));
        for (key, list, found) in
            [(",\"notes\":", &self.notes, &eval.notes), (",\"warnings\":", &self.warnings, &eval.warnings)]
        {
            o.raw(key);
            o.list(found.iter().filter_map(|&i| list.get(i)), |o, w| {
                o.raw("{\"code\":");
                o.string(&w.model.id);
                o.raw(",\"path\":");
                o.opt_string(w.pointer.as_deref());
                if let Some(ctx) = full {
                    o.raw(",\"message\":");
                    o.given_text(&self.notice_message(w, ctx));
                }
                o.raw("}");
            });
        }
    }

    pub(super) fn write_missing(&self, o: &mut Out, eval: &Evaluation, range: &std::ops::Range<usize>) {
        let found = eval.missing.get(range.clone()).unwrap_or_default();
        o.list(found.iter().filter_map(|&i| self.fields.get(i)), |o, f| o.string(&f.pointer));
    }

    fn write_check(&self, o: &mut Out, c: &CCheck, ce: &CheckEval, eval: &Evaluation, is_gate: bool) {
        o.raw(c.pieces.head.get(o.lang));
        o.bool(ce.held == Ok(true));
        o.raw(c.pieces.tail.get(o.lang));
        self.write_missing(o, eval, &ce.missing);
        o.raw(",\"reason\":");
        let mut sentences = std::mem::take(&mut o.sentences);
        let (zh, en) = &mut sentences.part;
        zh.clear();
        en.clear();
        check_reason(&mut explain::Said::new(zh, en), c, ce, is_gate);
        o.words(zh, en);
        o.sentences = sentences;
        o.raw("}");
    }

    fn write_criterion(&self, o: &mut Out, c: &CCriterion, ce: &CritEval, eval: &Evaluation) {
        o.raw(c.pieces.head.get(o.lang));
        o.dec(ce.points);
        o.raw(c.pieces.max.get(o.lang));
        o.raw(status_code(ce.status));
        o.raw(",\"status_label\":");
        match bonus_status(c, ce) {
            Some(bonus) => o.text(&bonus),
            None => {
                let (zh, en) = if ce.applicable { ce.status } else { Status::NotApplicable }.words();
                o.words(zh, en);
            }
        }
        o.raw(",\"applicable\":");
        o.bool(ce.applicable);
        o.raw(c.pieces.tail.get(o.lang));
        let found = if ce.applicable { eval.parts.get(ce.parts.clone()).unwrap_or_default() } else { &[] };
        // Each part's sentence is written once, into the part and into its criterion's.
        let mut sentences = std::mem::take(&mut o.sentences);
        let Sentences { part: (part_zh, part_en), criterion: (zh, en) } = &mut sentences;
        zh.clear();
        en.clear();
        let mut first = true;
        o.list(c.parts.iter().zip(found), |o, (part, pe)| {
            part_zh.clear();
            part_en.clear();
            part_reason(&mut explain::Said::new(part_zh, part_en), part, pe, eval);
            write_part(o, part, pe, (part_zh, part_en));
            explain::Said::new(zh, en).then((part_zh, part_en), first);
            first = false;
        });
        o.raw(",\"missing\":");
        self.write_missing(o, eval, &ce.missing);
        o.raw(",\"reason\":");
        if ce.applicable {
            explain::criterion_total(&mut explain::Said::new(zh, en), ce.points, c.max, ce.capped);
            o.words(zh, en);
        } else {
            o.words(explain::NOT_APPLICABLE.0, explain::NOT_APPLICABLE.1);
        }
        o.raw("}");
        o.sentences = sentences;
    }
}

/// A criterion's members from `id` to `applicable` as the answers without titles give them
/// (a full answer writes them from its `CriterionPieces`).
pub(super) fn write_criterion_head(o: &mut Out, c: &CCriterion, ce: &CritEval) {
    o.raw("{\"id\":");
    o.string(&c.model.id);
    o.raw(",\"dimension\":");
    o.string(&c.dimension);
    o.raw(",\"points\":");
    o.dec(ce.points);
    o.raw(",\"max\":");
    match c.max {
        Some(max) => o.dec(max),
        None => o.raw("null"),
    }
    o.raw(",\"status\":");
    o.raw(status_code(ce.status));
    o.raw(",\"applicable\":");
    o.bool(ce.applicable);
}

/// `earned` to `unrounded`, as every success answer gives them.
pub(super) fn write_totals(o: &mut Out, eval: &Evaluation) {
    for (key, value) in [
        (",\"earned\":", eval.earned),
        (",\"applicable_max\":", eval.applicable_max),
        (",\"base\":", eval.base),
        (",\"bonus\":", eval.bonus),
        (",\"bonus_counted\":", eval.bonus_counted),
        (",\"unrounded\":", eval.unrounded),
    ] {
        o.raw(key);
        o.dec(value);
    }
}

fn write_part(o: &mut Out, part: &CPart, pe: &PartEval, (reason_zh, reason_en): (&str, &str)) {
    o.raw(part.pieces.head.get(o.lang));
    write_part_numbers(o, part, pe);
    o.raw(part.pieces.basis.get(o.lang));
    o.raw(",\"reason\":");
    o.words(reason_zh, reason_en);
    o.raw("}");
}

/// What a part read, computed and earned, as every detail but `numbers` writes it:
/// `"counted":…,"value":…,"band":…,"points":…,"gap":…`.
pub(super) fn write_part_numbers(o: &mut Out, part: &CPart, pe: &PartEval) {
    o.raw("\"counted\":");
    o.bool(pe.counted);
    o.raw(",\"value\":");
    o.opt_string(pe.value.as_ref().map(explain::seen_figure).as_deref());
    o.raw(",\"band\":");
    match band_of(part, pe) {
        Some(at) => o.dec(at),
        None => o.raw("null"),
    }
    o.raw(",\"points\":");
    o.dec(pe.points);
    o.raw(",\"gap\":");
    o.opt_string(pe.gap.map(explain::gap_code));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use crate::Ruleset;

    /// The bundled zone-qualification rules with one part's English title written as `title`
    /// (in the rule file's own escapes, the same in TOML and JSON).
    fn with_part_title(title: &str) -> Ruleset {
        let source = crate::bundled::text("zone-qualification").unwrap();
        let changed = source.replace("At least 2 leading-group meetings", title);
        assert_ne!(changed, source);
        Ruleset::from_text(&changed, None, "zone-qualification (bundled text)").unwrap()
    }

    #[test]
    fn a_ruleset_whose_texts_need_escaping_is_escaped_and_a_plain_one_copied() {
        let bundled = Ruleset::bundled("zone-qualification").unwrap();
        assert!(bundled.compiled().plain_texts);
        // A part's title with a quote, a tab and a backslash.
        let title = r#"At least 2 \"leading-group\"\tmeetings \\"#;
        let rules = with_part_title(title);
        assert!(!rules.compiled().plain_texts);
        let text = include_str!("../../../rules/examples/zone-qualification/oubei-valves-2013.json");
        let written = rules.score_json(text);
        let typed = rules.score_bytes(text.as_bytes());
        assert_eq!(written, typed.to_canonical_json());
        // The pieces written once per language, in each language.
        for lang in [crate::Lang::Zh, crate::Lang::En] {
            let options = crate::ScoreOptions { detail: crate::Detail::Full, lang };
            assert_eq!(rules.score_json_with(text, &options), typed.to_json(lang), "{lang:?}");
        }
        // In the part's label and in its sentence, and its criterion's.
        assert_eq!(written.matches(title).count(), 3, "{written}");
        assert!(serde_json::from_str::<serde_json::Value>(&written).is_ok());
    }

    #[test]
    fn a_ruleset_compiled_while_one_language_is_written_reads_both() {
        // The quote is in the English side only; a thread writing Chinese compiles the file.
        let compile = || with_part_title(r#"At least 2 \"leading-group\" meetings"#);
        let (both, zh) = (compile(), crate::options::write_in(crate::Lang::Zh, compile));
        assert!(!zh.compiled().plain_texts);
        assert_eq!(zh.digest(), both.digest());
        // Its answers' pieces were written in every language all the same.
        let text = include_str!("../../../rules/examples/zone-qualification/oubei-valves-2013.json");
        assert_eq!(zh.score_json(text), both.score_json(text));
    }
}
