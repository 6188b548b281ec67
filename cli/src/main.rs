//! `zonescore`: the command line of the zonescore engine. It reads files, calls the
//! engine in `core` and renders what the engine answers; it never computes a point.
//!
//! Exit codes: 0 when everything was scored (a veto or a D grade is still a success),
//! 1 when a submission is invalid or a ruleset test fails, 2 for a usage error, an
//! unreadable path or a broken rule file.

mod check;
mod diff;
mod html;
mod inputs;
mod lang;
mod migrate;
mod out;
mod progress;
mod render;
mod replay;
mod rows;
mod rules;
mod rulesets;
mod schema;
mod score;
mod scorecard;
mod summary;
mod template;
mod testcmd;
mod usage;
mod whatif;
mod workbook;

use clap::{Args, Parser, Subcommand};
use lang::{Detail, Format, Lang, LangParser, ScoreFormat};
use std::process::ExitCode;

const ABOUT: &str = "Score submissions for quality-product demonstration zones (优质产品生产示范区) \
against data-driven rules, with exact decimals and an explanation of every point.";

const MAIN_EXAMPLES: &str = "\
Examples:
  zonescore score rules/examples/zone-qualification/oubei-valves-2013.json
  zonescore score --lang en --format markdown submissions/ > scorecards.md
  zonescore check rules/zone-qualification.toml
  zonescore test
  zonescore template --ruleset zone-qualification -o zones.xlsx
  zonescore score zones.xlsx
  zonescore summary submissions/
  zonescore diff zone-qualification my-rules.toml
  zonescore replay --old zone-qualification --new my-rules.toml --probes submissions/

Exit codes: 0 scored (a veto or a low grade is a success), 1 invalid submission or failed test,
2 usage error, unreadable path or broken rule file.";

const SCORE_EXAMPLES: &str = "\
Examples:
  zonescore score rules/examples/zone-qualification/oubei-valves-2013.json
  zonescore score --lang en zone.json
  zonescore score --format json zone.json            # the answer, indented for people
  zonescore score --format json --compact zone.json  # the canonical bytes, as Python and the browser give them
  zonescore score --format json --detail numbers submissions/   # decisions only: scores, grades, statuses
  zonescore score --format json --detail reasons --lang zh zone.json   # each part's reason code, no sentences
  zonescore score --format markdown zone.json > scorecard.md
  zonescore score submissions/                        # every *.json and *.xlsx in the folder, sorted, recursively
  zonescore score zones.xlsx                          # every filled row of a workbook made by `zonescore template`
  zonescore score --format rows submissions/          # one line per file: subject, year, score, grade, outcome, why
  zonescore score --format csv submissions/ > scores.csv   # one row per file, a column per criterion
  zonescore score --format xlsx -o results.xlsx zones.xlsx  # summary, a scorecard sheet per zone, errors
  zonescore score --format html -o scorecards.html submissions/   # A4, one zone per page, to print and sign
  cat zone.json | zonescore score -
  zonescore score --ruleset my-rules.toml zone.json

The ruleset is read from the submission's shape (`zone` → zone-qualification, `town` →
annual-assessment), else zone-qualification, unless --ruleset names a bundled id or a rule file.

JSON output: for one submission (one file or `-`), the answer and a newline; for several (a folder
or more than one argument), one JSON array of {\"source\": path, \"answer\": answer} in input order.
Indented for people; with --compact, exactly the canonical bytes. --detail numbers|reasons|full
says how much it explains (default full); its texts are in both languages unless --lang names one.

More than 200 files or workbook rows show a progress bar on standard error when it is a terminal.

Exit codes: 0 all scored, 1 any submission invalid (its field errors are still printed) or
standard output closed before every input was scored, 2 usage error, unreadable path or broken
rule file.";

const TEMPLATE_EXAMPLES: &str = "\
Examples:
  zonescore template --ruleset zone-qualification               # writes zone-qualification.xlsx
  zonescore template --ruleset annual-assessment -o towns.xlsx --lang en
  zonescore template --ruleset my-rules.toml -o form.xlsx --force

The workbook has one zone per row (a county collects many zones in one table, and it reads back
as a data frame): row 1 the groups, row 2 the field labels with units (* and bold when required),
row 3 the dotted field paths that `zonescore score` finds its columns by, rows 4 on for the zones,
with dropdowns, number ranges and help as input messages; a second sheet explains how to fill it
and the rules between fields.";

const CHECK_EXAMPLES: &str = "\
Examples:
  zonescore check rules/zone-qualification.toml
  zonescore check --lang en rules/*.toml
  zonescore check --json my-rules.toml               # for editors: each message in zh and en

Prints `file:line:col: 错误[code]：message` (`error[code]: message` with --lang en) and a help
line for every problem, on standard error, and exits 2; prints one summary line per file and
exits 0 when all compile.";

const TEST_EXAMPLES: &str = "\
Examples:
  zonescore test                                     # rules/*.tests.toml of this repository
  zonescore test rules/zone-qualification.tests.toml
  zonescore test --ruleset edited.toml rules/zone-qualification.tests.toml

Closes with `N passed, M failed`; exits 1 when a case fails, 2 when a test file cannot be run.";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  zonescore schema > ruleset.schema.json             # the rule format, for editors
  zonescore schema --submission zone-qualification   # what a submission may hold, for forms
  zonescore schema --submission my-rules.toml
  zonescore schema --answer";

const RULESETS_EXAMPLES: &str = "\
Examples:
  zonescore rulesets
  zonescore rulesets --format json
  zonescore rulesets --clauses zone-qualification
  zonescore rulesets --clauses my-rules.toml --format json";

const DIFF_EXAMPLES: &str = "\
Examples:
  zonescore diff zone-qualification my-rules.toml          # a bundled id and an edited copy
  zonescore diff --format markdown old.toml new.toml > revision.md
  zonescore diff --format json old.toml new.toml

Changes are grouped by what they can change: scores, grades and outcomes first, then which
submissions are valid, then notes and warnings, then wording (titles, labels, help, clauses).

Exit codes: 0 no change, 1 changes (like diff), 2 usage error or broken rule file.";

const REPLAY_EXAMPLES: &str = "\
Examples:
  zonescore replay --old zone-qualification --new my-rules.toml submissions/
  zonescore replay --old zone-qualification --new my-rules.toml --probes submissions/
  zonescore replay --old old.toml --new new.toml --probes --base zone.json
  zonescore replay --old old.toml --new new.toml --fail-on-change submissions/   # a CI gate
  zonescore replay --old old.toml --new new.toml --write-tests changed.tests.toml submissions/

Every submission is scored under both rulesets (numbers only, on every core). Boundary probes
(--probes) change one field of a base submission (--base, else the first stored submission both
rulesets accept) to just below, at and just above every threshold of either ruleset: band
edges, conditions of parts, gates, vetoes and outcomes, grade edges.

Exit codes: 0 replayed, 1 with --fail-on-change when anything changed (a criterion's points too), 2 usage error,
unreadable path or broken rule file.";

const SUMMARY_EXAMPLES: &str = "\
Examples:
  zonescore summary submissions/
  zonescore summary --format markdown 2011/ 2012/ 2013/ > goal.md

Scores every zone-qualification submission in the folders, JSON files and each filled row of
a workbook (invalid ones and those written for another ruleset are listed as skipped and count
for nothing), then shows the county goal (§2.1):
zones × years with grade and outcome, the named zones with their first year, and whether 3 or
more distinct zones were named in 2011–2015. Exits 0 when the summary is shown.";

#[derive(Parser)]
#[command(name = "zonescore", version, about = ABOUT, after_help = MAIN_EXAMPLES, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Human {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Language of tables and documents (JSON always carries both).
    #[arg(long, value_parser = LangParser, default_value = "zh")]
    lang: Lang,
}

#[derive(Subcommand)]
enum Command {
    /// Score submissions: files, folders, or `-` for standard input.
    #[command(after_help = SCORE_EXAMPLES)]
    Score {
        /// Submission files (JSON, or Excel workbooks made by `zonescore template`), folders
        /// (every *.json and *.xlsx, recursively), or `-` for standard input; none reads
        /// standard input when it is a pipe or a file (`... | zonescore score`).
        #[arg(value_name = "PATH|-")]
        paths: Vec<String>,
        /// A bundled ruleset id or a rule file (default: read from the submission's shape).
        #[arg(long, value_name = "ID|PATH")]
        ruleset: Option<String>,
        /// Output format: a scorecard per submission (table, markdown, html to print and
        /// sign), the canonical answers (json), one row per submission (rows, csv), or a
        /// results workbook (xlsx, with -o).
        #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
        format: ScoreFormat,
        /// Write the xlsx or html output to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Let `-o` replace a file that is not zonescore's own results (a workbook of
        /// submissions, say).
        #[arg(long)]
        force: bool,
        /// Language of tables and documents (default zh); of the JSON answer's texts
        /// (default both).
        #[arg(long, value_parser = LangParser)]
        lang: Option<Lang>,
        /// How much a JSON answer explains: numbers (decisions only), reasons (each part's
        /// machine reason, no sentences), full.
        #[arg(long, value_enum, default_value_t = Detail::Full)]
        detail: Detail,
        /// Print JSON as the canonical bytes (no indentation), exactly what Python and the
        /// browser return.
        #[arg(long)]
        compact: bool,
    },
    /// Write a fillable Excel template (one zone per row) for a ruleset.
    #[command(after_help = TEMPLATE_EXAMPLES)]
    Template {
        /// A bundled ruleset id or a rule file.
        #[arg(long, value_name = "ID|PATH")]
        ruleset: String,
        /// The workbook to write (default: `<ruleset id>.xlsx`).
        #[arg(short, long, value_name = "FILE")]
        output: Option<String>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
        /// Language of the headings, choices and instructions.
        #[arg(long, value_parser = LangParser, default_value = "zh")]
        lang: Lang,
    },
    /// Compile rule files and print every problem with file:line:col.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// Rule files (TOML or JSON).
        #[arg(value_name = "RULEFILE", required = true)]
        files: Vec<String>,
        /// Print the results as JSON for editors and tools (one entry per file, in order).
        #[arg(long)]
        json: bool,
        /// Language of the messages (JSON always carries both).
        #[arg(long, value_parser = LangParser, default_value = "zh")]
        lang: Lang,
    },
    /// Rewrite a format 1 rule file in rule format 2 (format 1 files still load as they are).
    Migrate {
        /// The rule file (TOML or JSON).
        #[arg(value_name = "RULEFILE")]
        file: String,
        /// Write the result here instead of standard output.
        #[arg(short, long, value_name = "FILE", conflicts_with = "in_place")]
        output: Option<String>,
        /// Replace the file, keeping the original beside it as `*.v1.toml` (or `.v1.json`).
        #[arg(long)]
        in_place: bool,
        /// Language of the messages.
        #[arg(long, value_parser = LangParser, default_value = "zh")]
        lang: Lang,
    },
    /// Run ruleset tests (rules/*.tests.toml by default).
    #[command(after_help = TEST_EXAMPLES)]
    Test {
        /// Test files (default: rules/*.tests.toml here or in a parent folder).
        #[arg(value_name = "TESTFILE")]
        files: Vec<String>,
        /// Test this rule file (or bundled id) instead of the ruleset each test file names.
        #[arg(long, value_name = "ID|PATH")]
        ruleset: Option<String>,
        /// List passing cases too.
        #[arg(short, long)]
        verbose: bool,
        /// Language of the results and messages.
        #[arg(long, value_parser = LangParser, default_value = "zh")]
        lang: Lang,
    },
    /// Print a JSON Schema: the rule format (default), a ruleset's submissions, or answers.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema {
        /// The rule format's schema (the default).
        #[arg(long, conflicts_with_all = ["submission", "answer"])]
        rules: bool,
        /// The submission schema of a bundled ruleset id or a rule file.
        #[arg(long, value_name = "ID|PATH", conflicts_with = "answer")]
        submission: Option<String>,
        /// The schema of an answer (success or failure).
        #[arg(long)]
        answer: bool,
    },
    /// List the bundled rulesets.
    #[command(after_help = RULESETS_EXAMPLES)]
    Rulesets {
        /// Every clause of a ruleset's source document, with the rules that cite it or why
        /// none does (a bundled id or a rule file).
        #[arg(long, value_name = "ID|PATH")]
        clauses: Option<String>,
        #[command(flatten)]
        human: Human,
    },
    /// Compare two rulesets: what changed, and what each change can change.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff {
        /// The old rules: a bundled id or a rule file.
        #[arg(value_name = "OLD")]
        old: String,
        /// The new rules: a bundled id or a rule file.
        #[arg(value_name = "NEW")]
        new: String,
        #[command(flatten)]
        human: Human,
    },
    /// Score stored submissions (and boundary probes) under old and new rules: whom a change moves.
    #[command(after_help = REPLAY_EXAMPLES)]
    Replay {
        /// The old rules: a bundled id or a rule file.
        #[arg(long, value_name = "ID|PATH")]
        old: String,
        /// The new rules: a bundled id or a rule file.
        #[arg(long, value_name = "ID|PATH")]
        new: String,
        /// Submission files or folders (every *.json and *.xlsx, recursively); a workbook's
        /// filled rows are read by each ruleset's own fields.
        #[arg(value_name = "PATH")]
        paths: Vec<String>,
        /// Also replay boundary probes made from both rulesets' thresholds.
        #[arg(long)]
        probes: bool,
        /// The submission probes are built on (default: the first stored one both rulesets accept).
        #[arg(long, value_name = "FILE", requires = "probes")]
        base: Option<String>,
        /// Exit 1 when any submission or probe changes in any way: score, grade, outcome,
        /// validity, or a criterion's points (points moved between criteria, the score kept).
        #[arg(long)]
        fail_on_change: bool,
        /// Write the changed cases as ruleset tests of the new rules to this file.
        #[arg(long, value_name = "FILE")]
        write_tests: Option<String>,
        #[command(flatten)]
        human: Human,
    },
    /// What a half-filled submission can still score: lowest and highest final score,
    /// grades, outcomes, each criterion, gate and veto, and the fields that matter most.
    Bounds {
        /// A JSON submission file (fields may be missing), or `-` for standard input.
        #[arg(value_name = "FILE|-")]
        path: String,
        /// A bundled ruleset id or a rule file (default: read from the submission's shape).
        #[arg(long, value_name = "ID|PATH")]
        ruleset: Option<String>,
        #[command(flatten)]
        human: Human,
    },
    /// The fewest changes to actionable fields that reach a grade or outcome.
    Advise {
        /// A JSON submission file, or `-` for standard input.
        #[arg(value_name = "FILE|-")]
        path: String,
        /// A bundled ruleset id or a rule file (default: read from the submission's shape).
        #[arg(long, value_name = "ID|PATH")]
        ruleset: Option<String>,
        /// A grade code (`A`) or an outcome code (`named`); default: the next grade up.
        #[arg(long)]
        target: Option<String>,
        /// How many alternatives to give at most (at least one: 0 counts as 1).
        #[arg(long, default_value_t = zonescore::DEFAULT_OPTIONS)]
        options: usize,
        #[command(flatten)]
        human: Human,
    },
    /// The county goal (§2.1) over folders of zone-qualification submissions.
    #[command(after_help = SUMMARY_EXAMPLES)]
    Summary {
        /// Folders (or files) of submissions: JSON files and filled workbooks.
        #[arg(value_name = "FOLDER", required = true)]
        folders: Vec<String>,
        /// A bundled ruleset id or a rule file with a goal (default: zone-qualification).
        #[arg(long, value_name = "ID|PATH")]
        ruleset: Option<String>,
        #[command(flatten)]
        human: Human,
    },
}

impl Command {
    /// The language the command was asked to speak, for messages on standard error.
    fn lang(&self) -> Lang {
        match self {
            Self::Score { lang, .. } => lang.unwrap_or_default(),
            Self::Rulesets { human, .. }
            | Self::Summary { human, .. }
            | Self::Diff { human, .. }
            | Self::Replay { human, .. }
            | Self::Bounds { human, .. }
            | Self::Advise { human, .. } => human.lang,
            Self::Check { lang, .. }
            | Self::Template { lang, .. }
            | Self::Migrate { lang, .. }
            | Self::Test { lang, .. } => *lang,
            // A JSON Schema's words are English: it is for rule authors' editors.
            Self::Schema { .. } => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2, in
            // Chinese too unless the command line asks for English.
            return ExitCode::from(usage::print(&e).code());
        }
    };
    cli.command.lang().set_current();
    let exit = match cli.command {
        Command::Score { paths, ruleset, format, output, force, lang, detail, compact } => {
            let answer = zonescore::ScoreOptions {
                detail: detail.into(),
                lang: lang.map_or(zonescore::Lang::Both, Lang::answer),
            };
            let lang = lang.unwrap_or_default();
            score::run(&score::Options { paths, ruleset, format, output, force, lang, answer, compact })
        }
        Command::Template { ruleset, output, force, lang } => {
            template::run(&template::Options { ruleset, output, force, lang })
        }
        Command::Check { files, json, lang } => check::run(&files, json, lang),
        Command::Migrate { file, output, in_place, lang } => {
            migrate::run(&migrate::Options { file, output, in_place, lang })
        }
        Command::Test { files, ruleset, verbose, lang } => {
            testcmd::run(&testcmd::Options { files, ruleset, verbose, lang })
        }
        Command::Schema { rules: _, submission, answer } => schema::run(&match (submission, answer) {
            (Some(spec), _) => schema::Which::Submission(spec),
            (None, true) => schema::Which::Answer,
            (None, false) => schema::Which::Rules,
        }),
        Command::Rulesets { clauses: None, human } => rulesets::run(human.format, human.lang),
        Command::Rulesets { clauses: Some(spec), human } => rulesets::clauses(&spec, human.format, human.lang),
        Command::Diff { old, new, human } => {
            diff::run(&diff::Options { old, new, format: human.format, lang: human.lang })
        }
        Command::Replay { old, new, paths, probes, base, fail_on_change, write_tests, human } => {
            replay::run(&replay::Options {
                old,
                new,
                paths,
                probes,
                base,
                fail_on_change,
                write_tests,
                format: human.format,
                lang: human.lang,
            })
        }
        Command::Bounds { path, ruleset, human } => whatif::bounds(&whatif::Options {
            path,
            ruleset,
            target: None,
            options: 0,
            format: human.format,
            lang: human.lang,
        }),
        Command::Advise { path, ruleset, target, options, human } => {
            whatif::advise(&whatif::Options { path, ruleset, target, options, format: human.format, lang: human.lang })
        }
        Command::Summary { folders, ruleset, human } => {
            summary::run(&summary::Options { folders, ruleset, format: human.format, lang: human.lang })
        }
    };
    // Output that could not be written (a full disk) is lost, whatever the run found.
    let exit = if out::write_failed() { exit.max(out::Exit::Usage) } else { exit };
    ExitCode::from(exit.code())
}
