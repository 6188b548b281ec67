//! A ruleset's text as an answer holds it: borrowed from a bundled ruleset, or counted.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A label, id, clause list or basis that an answer shares with its ruleset instead of
/// copying it. Reads as the value it holds (`&*report.grade_label`, `c.title.zh`) and
/// compares, hashes, prints and serialises as that value.
///
/// A bundled ruleset lives as long as the program, so its answers borrow its texts outright:
/// making and dropping such an answer changes no count. An answer of a ruleset read from a
/// file shares them by an [`Arc`]. An answer holds some 300 of them, each an atomic step
/// to count up and down (the batch row of `docs/performance/issue-9-2026-12-05.md`). In the
/// browser, which has one thread, a bundled ruleset's answers count them too (`bundled.rs`).
pub struct Shared<T: ?Sized + 'static>(Held<T>);

enum Held<T: ?Sized + 'static> {
    Static(&'static T),
    Counted(Arc<T>),
}

impl<T: ?Sized> Shared<T> {
    /// A value that lives as long as the program, shared without a count.
    pub const fn borrowed(value: &'static T) -> Self {
        Self(Held::Static(value))
    }

    /// Whether it is borrowed for the life of the program (no count to change).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Held::Static(_))
    }

    /// Whether both are the one value in the one place (not only equal).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        std::ptr::eq(&**a, &**b)
    }

    /// The same value with a count of its own, for a thread that scores beside others (a
    /// count shared between cores is slow to change); a borrowed value has no count and
    /// stays as it is.
    pub(crate) fn own(&self) -> Self
    where
        T: Copied,
    {
        match &self.0 {
            Held::Static(value) => Self::borrowed(value),
            Held::Counted(value) => Self(Held::Counted(T::copied(value))),
        }
    }
}

/// A value that can be copied into an [`Arc`] of its own.
pub(crate) trait Copied {
    fn copied(&self) -> Arc<Self>;
}

impl Copied for str {
    fn copied(&self) -> Arc<str> {
        Arc::from(self)
    }
}

impl<T: Clone> Copied for T {
    fn copied(&self) -> Arc<T> {
        Arc::new(self.clone())
    }
}

impl<T> Shared<T> {
    /// A value shared by count.
    pub fn new(value: T) -> Self {
        Self(Held::Counted(Arc::new(value)))
    }
}

impl<T: ?Sized> From<Arc<T>> for Shared<T> {
    fn from(value: Arc<T>) -> Self {
        Self(Held::Counted(value))
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Shared<str> {
    fn from(value: &str) -> Self {
        Self(Held::Counted(Arc::from(value)))
    }
}

impl From<String> for Shared<str> {
    fn from(value: String) -> Self {
        Self(Held::Counted(Arc::from(value)))
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl Default for Shared<str> {
    fn default() -> Self {
        Self::borrowed("")
    }
}

impl<T: ?Sized> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match &self.0 {
            Held::Static(value) => value,
            Held::Counted(value) => value,
        }
    }
}

impl<T: ?Sized> AsRef<T> for Shared<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T: ?Sized> std::borrow::Borrow<T> for Shared<T> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T: ?Sized> Clone for Shared<T> {
    fn clone(&self) -> Self {
        match &self.0 {
            Held::Static(value) => Self::borrowed(value),
            Held::Counted(value) => Self(Held::Counted(Arc::clone(value))),
        }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: ?Sized + PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: ?Sized + Eq> Eq for Shared<T> {}

impl<T: ?Sized + PartialOrd> PartialOrd for Shared<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: ?Sized + Ord> Ord for Shared<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: ?Sized + std::hash::Hash> std::hash::Hash for Shared<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: ?Sized + Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de, T: ?Sized> Deserialize<'de> for Shared<T>
where
    Arc<T>: Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Arc::<T>::deserialize(deserializer).map(Self::from)
    }
}

// The schema of the value, as the answer's schema has always said.
impl<T: ?Sized + JsonSchema> JsonSchema for Shared<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    #[test]
    fn borrowed_and_counted_values_read_compare_and_serialise_alike() {
        static TITLE: std::sync::OnceLock<Text> = std::sync::OnceLock::new();
        let title = TITLE.get_or_init(|| Text::new("领导小组", "Leading group"));
        let borrowed = Shared::borrowed(title);
        let counted = Shared::new(title.clone());
        assert!(borrowed.is_borrowed() && !counted.is_borrowed());
        assert_eq!(borrowed, counted);
        assert_eq!(borrowed.zh, "领导小组");
        assert_eq!(serde_json::to_string(&borrowed).unwrap(), serde_json::to_string(&counted).unwrap());
        let read: Shared<Text> = serde_json::from_str(&serde_json::to_string(&borrowed).unwrap()).unwrap();
        assert_eq!(read, borrowed);
        assert!(!read.is_borrowed());
        assert_eq!(format!("{:?}", borrowed), format!("{:?}", title));
    }

    #[test]
    fn a_clone_is_the_same_value_in_the_same_place_and_its_own_copy_is_not() {
        let counted: Shared<str> = Shared::from("A1");
        assert!(Shared::ptr_eq(&counted, &counted.clone()));
        let own = counted.own();
        assert!(!Shared::ptr_eq(&counted, &own) && own == counted);
        let borrowed: Shared<str> = Shared::borrowed("A1");
        assert!(Shared::ptr_eq(&borrowed, &borrowed.own()) && borrowed.own().is_borrowed());
    }
}
