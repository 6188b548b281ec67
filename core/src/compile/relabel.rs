//! Copies of a compiled ruleset that hold its labels another way: counted apart, or borrowed.

use super::{CCheck, CCriterion, CompiledRuleset, ReportNames, StatusLabels};
use crate::shared::Copied;
use crate::Shared;

/// How a copy of a ruleset holds each label, id, clause list and basis of the original.
pub(crate) trait Relabel<'a> {
    /// Whether every label it gives is borrowed.
    const BORROWS: bool;

    fn label<T: ?Sized + Copied>(&self, from: &'a Shared<T>) -> Shared<T>;
}

/// Counted apart from the original: answers hold labels by count, and threads that count
/// on the same ones take turns at them (the batch row of
/// `docs/performance/issue-9-2026-12-01-to-04.md`, 2026-12-04 evening). A borrowed label has
/// no count and stays borrowed.
pub(crate) struct OwnCounts;

impl<'a> Relabel<'a> for OwnCounts {
    const BORROWS: bool = false;

    fn label<T: ?Sized + Copied>(&self, from: &'a Shared<T>) -> Shared<T> {
        from.own()
    }
}

/// Borrowed from an original that lives as long as the program (a bundled ruleset): its
/// answers change no count as they are made and dropped. Not in the browser (`bundled.rs`).
#[cfg(not(target_family = "wasm"))]
pub(crate) struct Borrowed;

#[cfg(not(target_family = "wasm"))]
impl Relabel<'static> for Borrowed {
    const BORROWS: bool = true;

    fn label<T: ?Sized + Copied>(&self, from: &'static Shared<T>) -> Shared<T> {
        Shared::borrowed(from)
    }
}

impl CompiledRuleset {
    /// Whether its answers hold its labels by count (a ruleset read from a file), not
    /// borrowed (a bundled one, `Borrowed`).
    pub(crate) fn counts_labels(&self) -> bool {
        !self.borrows_labels
    }

    /// A copy of the ruleset whose every label answers share is held as `how` says.
    pub(crate) fn relabeled<'a, H: Relabel<'a>>(&'a self, how: &H) -> Self {
        let mut copy = self.clone();
        // A copy counted apart from a borrowing ruleset still borrows (`Shared::own`).
        copy.borrows_labels = self.borrows_labels || H::BORROWS;
        for (field, from) in copy.fields.iter_mut().zip(&self.fields) {
            field.label = how.label(&from.label);
        }
        for (dimension, from) in copy.dimensions.iter_mut().zip(&self.dimensions) {
            (dimension.id, dimension.title) = (how.label(&from.id), how.label(&from.title));
            for (criterion, from) in dimension.criteria.iter_mut().zip(&from.criteria) {
                criterion.relabel(from, how);
            }
        }
        if let (Some((_, criteria)), Some((_, from))) = (&mut copy.bonus, &self.bonus) {
            for (criterion, from) in criteria.iter_mut().zip(from) {
                criterion.relabel(from, how);
            }
        }
        let checks = copy.gates.iter_mut().zip(&self.gates).chain(copy.vetoes.iter_mut().zip(&self.vetoes));
        for (check, from) in checks {
            check.relabel(from, how);
        }
        copy.status_labels = StatusLabels(self.status_labels.0.each_ref().map(|label| how.label(label)));
        copy.names = self.names.relabeled(how);
        copy
    }
}

impl CCriterion {
    fn relabel<'a>(&mut self, from: &'a Self, how: &impl Relabel<'a>) {
        (self.title, self.clause, self.basis) =
            (how.label(&from.title), how.label(&from.clause), how.label(&from.basis));
        (self.id, self.dimension) = (how.label(&from.id), how.label(&from.dimension));
        self.max_text = from.max_text.as_ref().map(|max| how.label(max));
        for (part, from) in self.parts.iter_mut().zip(&from.parts) {
            part.label = how.label(&from.label);
            part.basis = from.basis.as_ref().map(|basis| how.label(basis));
        }
    }
}

impl CCheck {
    fn relabel<'a>(&mut self, from: &'a Self, how: &impl Relabel<'a>) {
        (self.title, self.clause, self.basis) =
            (how.label(&from.title), how.label(&from.clause), how.label(&from.basis));
        self.id = how.label(&from.id);
    }
}

impl ReportNames {
    fn relabeled<'a>(&'a self, how: &impl Relabel<'a>) -> Self {
        let named = |list: &'a [(Shared<str>, Shared<crate::model::Text>)]| {
            list.iter().map(|(id, title)| (how.label(id), how.label(title))).collect()
        };
        let reference = &self.reference;
        Self {
            reference: crate::RulesetRef {
                id: how.label(&reference.id),
                version: how.label(&reference.version),
                digest: how.label(&reference.digest),
            },
            grades: named(&self.grades),
            outcomes: named(&self.outcomes),
            none: (how.label(&self.none.0), how.label(&self.none.1)),
        }
    }
}
