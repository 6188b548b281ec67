//! The pieces of a full answer that are the same in every answer of a ruleset (a
//! criterion's id, title, maximum, clauses and basis; a part's label and basis; a gate's or
//! veto's id, title, clauses and basis), written once in each language as the ruleset
//! compiles, so that an answer copies each piece whole instead of writing it key by key.

use super::write::{Out, Sentences};
use crate::model::{Basis, Criterion, Text};
use crate::Lang;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A piece of answer text in each language an answer may be written in; shared, not copied,
/// by a ruleset's copies (a thread's own labels, `CompiledRuleset::relabeled`).
#[derive(Debug, Clone)]
pub(crate) struct Piece([Arc<str>; 3]);

impl Piece {
    /// The piece `write` writes, in each language. Texts are escaped whether or not the
    /// ruleset's are plain: here that costs nothing an answer pays.
    fn of(write: &dyn Fn(&mut Out)) -> Self {
        Self([Lang::Zh, Lang::En, Lang::Both].map(|lang| {
            let mut o = Out { buf: String::new(), lang, plain: false, sentences: Sentences::default() };
            write(&mut o);
            Arc::from(o.buf)
        }))
    }

    pub(super) fn get(&self, lang: Lang) -> &str {
        let [zh, en, both] = &self.0;
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
            Lang::Both => both,
        }
    }
}

/// A criterion's or bonus item's pieces.
#[derive(Debug, Clone)]
pub(crate) struct CriterionPieces {
    /// `{"id":…,"dimension":…,"title":…,"points":`
    pub(super) head: Piece,
    /// `,"max":…,"status":`
    pub(super) max: Piece,
    /// `,"clause":…,"basis":…,"parts":`
    pub(super) tail: Piece,
}

/// A part's pieces.
#[derive(Debug, Clone)]
pub(crate) struct PartPieces {
    /// `{"label":…,`
    pub(super) head: Piece,
    /// `,"basis":…`, or nothing for a part without a basis of its own.
    pub(super) basis: Piece,
}

/// A gate's or veto's pieces.
#[derive(Debug, Clone)]
pub(crate) struct CheckPieces {
    /// `{"id":…,"title":…,"passed":` (a gate) or `…,"fired":` (a veto)
    pub(super) head: Piece,
    /// `,"clause":…,"basis":…,"missing":`
    pub(super) tail: Piece,
}

/// What every criterion and bonus item says whatever it earns; `id` and `dimension` are the
/// criterion's and its dimension's.
pub(crate) fn criterion(id: &str, dimension: &str, max: Option<Decimal>, model: &Criterion) -> CriterionPieces {
    CriterionPieces {
        head: Piece::of(&|o| {
            o.raw("{\"id\":");
            o.string(id);
            o.raw(",\"dimension\":");
            o.string(dimension);
            o.raw(",\"title\":");
            o.text(&model.title);
            o.raw(",\"points\":");
        }),
        max: Piece::of(&|o| {
            o.raw(",\"max\":");
            match max {
                Some(max) => o.dec(max),
                None => o.raw("null"),
            }
            o.raw(",\"status\":");
        }),
        tail: Piece::of(&|o| {
            o.raw(",\"clause\":");
            o.strings(&model.clause);
            o.raw(",\"basis\":");
            o.basis(&model.basis);
            o.raw(",\"parts\":");
        }),
    }
}

/// What a part says whatever it reads.
pub(crate) fn part(label: &Text, basis: Option<&Basis>) -> PartPieces {
    PartPieces {
        head: Piece::of(&|o| {
            o.raw("{\"label\":");
            o.text(label);
            o.raw(",");
        }),
        basis: Piece::of(&|o| {
            if let Some(basis) = basis {
                o.raw(",\"basis\":");
                o.basis(basis);
            }
        }),
    }
}

/// What a gate (`is_gate`) or veto says whether or not it holds.
pub(crate) fn check(id: &str, title: &Text, clause: &[String], basis: &Basis, is_gate: bool) -> CheckPieces {
    CheckPieces {
        head: Piece::of(&|o| {
            o.raw("{\"id\":");
            o.string(id);
            o.raw(",\"title\":");
            o.text(title);
            o.raw(if is_gate { ",\"passed\":" } else { ",\"fired\":" });
        }),
        tail: Piece::of(&|o| {
            o.raw(",\"clause\":");
            o.strings(clause);
            o.raw(",\"basis\":");
            o.basis(basis);
            o.raw(",\"missing\":");
        }),
    }
}
