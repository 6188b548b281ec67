//! The language of human output: Chinese by default, English on request.

use clap::ValueEnum;
use std::sync::atomic::{AtomicBool, Ordering};
use zonescore::model::Text;

/// The language of messages on standard error, set once from the command's `--lang`.
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// Language of tables and documents (JSON output always carries both).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Simplified Chinese (简体中文); a tag such as zh-CN too.
    #[default]
    Zh,
    /// English; a tag such as en-US too.
    En,
}

/// `--lang`'s reader: `zh` or `en`, or a language tag of either (`zh-CN`, `en_US`), as core
/// reads the option in every face; anything else gets clap's error with the two values.
#[derive(Clone)]
pub struct LangParser;

impl clap::builder::TypedValueParser for LangParser {
    type Value = Lang;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Lang, clap::Error> {
        match value.to_str().map(zonescore::Lang::parse_one) {
            Some(Ok(zonescore::Lang::En)) => Ok(Lang::En),
            Some(Ok(_)) => Ok(Lang::Zh),
            _ => clap::builder::EnumValueParser::<Lang>::new().parse_ref(cmd, arg, value),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(Lang::value_variants().iter().filter_map(ValueEnum::to_possible_value)))
    }
}

impl Lang {
    /// Makes `self` the language of messages on standard error for the rest of the run.
    pub fn set_current(self) {
        ENGLISH.store(self == Self::En, Ordering::Relaxed);
    }

    /// The language of messages on standard error.
    pub fn current() -> Self {
        if ENGLISH.load(Ordering::Relaxed) {
            Self::En
        } else {
            Self::Zh
        }
    }

    /// One of two literal texts.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }

    /// The language's code as the engine names it (`zh`, `en`).
    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }

    /// The same language for core's answers.
    pub fn answer(self) -> zonescore::Lang {
        match self {
            Self::Zh => zonescore::Lang::Zh,
            Self::En => zonescore::Lang::En,
        }
    }

    /// The same language for core's workbooks.
    pub fn xlsx(self) -> zonescore::xlsx::Lang {
        match self {
            Self::Zh => zonescore::xlsx::Lang::Zh,
            Self::En => zonescore::xlsx::Lang::En,
        }
    }

    /// The half of a bilingual text in this language.
    pub fn text(self, text: &Text) -> &str {
        self.pick(&text.zh, &text.en)
    }
}

/// How much a JSON answer explains (`--detail`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// Final score, grade, outcome, gates, vetoes, each criterion's points and status.
    Numbers,
    /// The numbers and each part's machine reason (code and params), no sentences.
    Reasons,
    /// Everything, with a sentence for every point.
    #[default]
    Full,
}

impl From<Detail> for zonescore::Detail {
    fn from(d: Detail) -> Self {
        match d {
            Detail::Numbers => Self::Numbers,
            Detail::Reasons => Self::Reasons,
            Detail::Full => Self::Full,
        }
    }
}

/// Output format of commands that render reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// Canonical JSON, as every runtime gives it.
    Json,
    /// A Markdown document to attach to a report.
    Markdown,
}

/// Output formats of `zonescore score`: those of every command, and two for many files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// A scorecard per submission, aligned for a terminal.
    #[default]
    Table,
    /// Canonical JSON, as every runtime gives it.
    Json,
    /// A scorecard per submission as a Markdown document.
    Markdown,
    /// One row per submission: file, subject, year, score, grade, outcome, why.
    Rows,
    /// One row per submission as CSV (UTF-8), one column per criterion.
    Csv,
    /// A results workbook (needs `-o`): a summary, a scorecard sheet per zone, the errors.
    Xlsx,
    /// A print-ready HTML scorecard per submission (A4, one zone per page) to sign.
    Html,
}
