//! A rule file's layout that reads as a slip: a criterion whose id names another dimension
//! than the one it sits in. In TOML a `[[dimensions.criteria]]` table belongs to the last
//! `[[dimensions]]` above it, so a criterion added at the end of a file joins the last
//! dimension, changes its maximum and scores there, and the file still compiles.

use crate::api::Ruleset;
use crate::model::{Dimension, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A layout that reads as a slip, as `zonescore check` warns of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LayoutWarning {
    /// `criterion_in_other_dimension`.
    pub code: String,
    /// The criterion's id.
    pub id: String,
    /// What it means and what to check, in both languages.
    pub message: Text,
}

/// Whether `id` is `prefix` followed by a digit (`A9` of dimension `A`): the way the
/// county's criteria are numbered.
fn numbered_under(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).and_then(|rest| rest.chars().next()).is_some_and(|c| c.is_ascii_digit())
}

impl Ruleset {
    /// Criteria whose id is numbered under another dimension than their own (`A9` in
    /// dimension `F`), when every other criterion is numbered under its own: rules that number
    /// their criteria otherwise are told nothing.
    pub fn layout_warnings(&self) -> Vec<LayoutWarning> {
        let dims: &[Dimension] = &self.compiled().model.dimensions;
        let other_than = |own: &Dimension, id: &str| {
            dims.iter().filter(|d| d.id != own.id).find(|d| numbered_under(id, &d.id) && !numbered_under(id, &own.id))
        };
        let all = || dims.iter().flat_map(|d| d.criteria.iter().map(move |c| (d, c)));
        // The numbering is the file's own convention only if the rest keeps it.
        if !all().all(|(d, c)| numbered_under(&c.id, &d.id) || other_than(d, &c.id).is_some()) {
            return Vec::new();
        }
        all()
            .filter_map(|(own, c)| {
                let named = other_than(own, &c.id)?;
                let (id, title) = (&c.id, &c.title);
                Some(LayoutWarning {
                    code: "criterion_in_other_dimension".into(),
                    id: id.clone(),
                    message: Text::new(
                        format!(
                            "{id}「{}」位于一级指标 {}「{}」，但其编号属于一级指标 {}「{}」：TOML 中的 [[dimensions.criteria]] 归属其上方最近的 [[dimensions]]，写在文件末尾的指标会并入最后一个一级指标",
                            title.zh, own.id, own.title.zh, named.id, named.title.zh
                        ),
                        format!(
                            "{id} “{}” is in dimension {} “{}”, but its id is numbered under dimension {} “{}”: in TOML a [[dimensions.criteria]] table belongs to the last [[dimensions]] above it, so a criterion added at the end of a file joins the last dimension",
                            title.en, own.id, own.title.en, named.id, named.title.en
                        ),
                    ),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use crate::Ruleset;

    #[test]
    fn the_bundled_rules_keep_their_numbering() {
        for id in ["zone-qualification", "annual-assessment"] {
            assert_eq!(Ruleset::bundled(id).unwrap().layout_warnings(), Vec::new(), "{id}");
        }
    }

    /// The bundled zone-qualification rules with one criterion of dimension A added at the
    /// end of the file, where TOML puts it in the last dimension.
    #[cfg(feature = "toml")]
    fn pasted_at_the_end(id: &str) -> Ruleset {
        let mut text = crate::bundled::text("zone-qualification").unwrap().to_owned();
        text.push_str(&format!(
            "\n[[dimensions.criteria]]\nid = \"{id}\"\ntitle = {{ zh = \"创建宣传\", en = \"Publicity\" }}\n\
             clause = [\"§5.2.1\"]\nmax = 2\nbasis = {{ kind = \"set\" }}\n\
             parts = [{{ kind = \"flag\", value = \"organization.leading_group\", points = 2 }}]\n"
        ));
        Ruleset::from_text(&text, None, "pasted.toml").unwrap()
    }

    #[test]
    #[cfg(feature = "toml")]
    fn a_criterion_numbered_under_another_dimension_is_named() {
        let found = pasted_at_the_end("A9").layout_warnings();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].code.as_str(), found[0].id.as_str()), ("criterion_in_other_dimension", "A9"));
        assert!(found[0].message.zh.starts_with("A9「创建宣传」位于一级指标 F「"), "{:?}", found[0].message);
        assert!(found[0].message.en.contains("numbered under dimension A “Organisation”"), "{:?}", found[0].message);
    }

    #[test]
    #[cfg(feature = "toml")]
    fn rules_that_keep_or_do_not_use_the_numbering_are_told_nothing() {
        // Numbered under its own dimension (the last), or by no dimension at all.
        assert!(pasted_at_the_end("F9").layout_warnings().is_empty());
        assert!(pasted_at_the_end("publicity").layout_warnings().is_empty());
    }
}
