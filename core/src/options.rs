//! How much an answer explains (`detail`) and in which languages (`lang`): the options every
//! face passes through to core, read from their names with a clear error for any other.

use crate::validate::{FieldError, FieldErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::cell::Cell;

/// How much a score answer explains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Final score, grade, outcome, gates, vetoes, and each criterion's points and status.
    Numbers,
    /// The numbers, and every part's machine reason (a code and its params), no sentences.
    Reasons,
    /// Everything: titles, clauses, basis, and a sentence for every part, criterion, gate and veto.
    #[default]
    Full,
}

/// Which languages an answer's texts carry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese only.
    Zh,
    /// English only.
    En,
    /// Both (`{"zh": …, "en": …}`).
    #[default]
    Both,
}

/// The options of a score answer; the default is the full answer in both languages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreOptions {
    /// How much the answer explains.
    pub detail: Detail,
    /// Which languages its texts carry.
    pub lang: Lang,
}

impl Detail {
    /// Every detail's name, in order of growing detail.
    pub const NAMES: [&'static str; 3] = ["numbers", "reasons", "full"];

    /// The detail called `name` (`numbers`, `reasons`, `full`), or an `unknown_option` error.
    #[allow(clippy::result_large_err, reason = "read once per call; the error is the answer's own shape")]
    pub fn parse(name: &str) -> Result<Self, FieldError> {
        match name {
            "numbers" => Ok(Self::Numbers),
            "reasons" => Ok(Self::Reasons),
            "full" => Ok(Self::Full),
            _ => Err(unknown_option("detail", name, &Self::NAMES)),
        }
    }
}

impl Lang {
    /// Every language option's name.
    pub const NAMES: [&'static str; 3] = ["zh", "en", "both"];

    /// The option called `name` (`zh`, `en`, `both`), or an `unknown_option` error. A
    /// language tag names its language too, in any case (`zh-CN`, `zh_CN`, `zh-Hans`, `EN-us`):
    /// a page passes `navigator.language` as it is, a script its locale.
    #[allow(clippy::result_large_err, reason = "read once per call; the error is the answer's own shape")]
    pub fn parse(name: &str) -> Result<Self, FieldError> {
        match name {
            "both" => Ok(Self::Both),
            _ => Self::of_tag(name).ok_or_else(|| unknown_option("lang", name, &Self::NAMES)),
        }
    }

    /// One language (`zh` or `en`, or a tag of either), for what shows one (a results table,
    /// a workbook, a plot); anything else, `both` too, is an `unknown_option` error.
    #[allow(clippy::result_large_err, reason = "read once per call; the error is the answer's own shape")]
    pub fn parse_one(name: &str) -> Result<Self, FieldError> {
        Self::of_tag(name).ok_or_else(|| unknown_option("lang", name, &Self::NAMES[..2]))
    }

    /// The language of a language tag: its first subtag `zh` or `en`, in any case, and any
    /// further subtags (a script, a region: letters and digits, 1 to 8) after `-` or `_`.
    // Byte by byte: the browser's first download carries this.
    fn of_tag(tag: &str) -> Option<Self> {
        let lang = match tag.as_bytes().get(..2)? {
            [b'z' | b'Z', b'h' | b'H'] => Self::Zh,
            [b'e' | b'E', b'n' | b'N'] => Self::En,
            _ => return None,
        };
        // The length of the subtag being read; 9 before the first separator, where no
        // letter may follow the language.
        let mut subtag = 9;
        for &c in tag.as_bytes().get(2..)? {
            if c == b'-' || c == b'_' {
                if subtag == 0 {
                    return None;
                }
                subtag = 0;
            } else if c.is_ascii_alphanumeric() && subtag < 8 {
                subtag += 1;
            } else {
                return None;
            }
        }
        (subtag != 0).then_some(lang)
    }
}

impl ScoreOptions {
    /// Options from their names as a binding receives them; `None` keeps the default.
    #[allow(clippy::result_large_err, reason = "read once per call; the error is the answer's own shape")]
    pub fn parse(detail: Option<&str>, lang: Option<&str>) -> Result<Self, FieldError> {
        Ok(Self {
            detail: detail.map(Detail::parse).transpose()?.unwrap_or_default(),
            lang: lang.map(Lang::parse).transpose()?.unwrap_or_default(),
        })
    }
}

fn unknown_option(option: &'static str, value: &str, allowed: &[&'static str]) -> FieldError {
    let kind =
        FieldErrorKind::UnknownOption { option, value: value.chars().take(40).collect(), allowed: allowed.to_vec() };
    FieldError::new(kind, "", None)
}

thread_local! {
    /// The languages texts are written in while an answer is made and serialised: sentences
    /// are formatted and [`Text`]s serialised in these only. Both otherwise, so rule files,
    /// digests and every other serialisation always carry both.
    static WRITING: Cell<Lang> = const { Cell::new(Lang::Both) };
}

/// The languages a [`Text`] being serialised right now should carry.
pub(crate) fn writing_lang() -> Lang {
    WRITING.with(Cell::get)
}

/// Runs `write` with sentences made and texts serialised in `lang` only, and restores
/// what was before afterwards (even if `write` unwinds).
pub(crate) fn write_in<T>(lang: Lang, write: impl FnOnce() -> T) -> T {
    struct Restore(Lang);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITING.with(|w| w.set(self.0));
        }
    }
    let _restore = Restore(WRITING.with(|w| w.replace(lang)));
    write()
}
