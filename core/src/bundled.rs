//! The bundled rulesets, embedded in the binary (as rule files, or compiled ahead of time) so
//! that nothing needs a path to start.

// Every build embeds the rule files but one with `prepared` and without the TOML reader (the
// browser's modules): its bundled rulesets come compiled ahead of time (`use_prepared`), so it
// holds no rule compiler. With both features, a ruleset not given prepared is compiled from its
// embedded file: `prepared` takes nothing away there.
#[cfg(any(feature = "toml", not(feature = "prepared")))]
use crate::compile::{compile_text, RuleFormat};
use crate::compile::{CompiledRuleset, Diagnostic, RulesetError};
use std::sync::{Arc, OnceLock};

/// Ids of the bundled rulesets, in listing order.
pub const IDS: [&str; 2] = ["zone-qualification", "annual-assessment"];

/// The ruleset used when none is named and none can be told from a submission.
pub const DEFAULT: &str = "zone-qualification";

#[cfg(feature = "toml")]
const ZONE_QUALIFICATION: &str = include_str!("../../rules/zone-qualification.toml");
#[cfg(feature = "toml")]
const ANNUAL_ASSESSMENT: &str = include_str!("../../rules/annual-assessment.toml");
// Without a TOML reader, the JSON copies that build.rs made of the same files.
#[cfg(not(any(feature = "toml", feature = "prepared")))]
const ZONE_QUALIFICATION: &str = include_str!(concat!(env!("OUT_DIR"), "/zone-qualification.json"));
#[cfg(not(any(feature = "toml", feature = "prepared")))]
const ANNUAL_ASSESSMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/annual-assessment.json"));

/// The format of the embedded texts.
#[cfg(any(feature = "toml", not(feature = "prepared")))]
const FORMAT: RuleFormat = if cfg!(feature = "toml") { RuleFormat::Toml } else { RuleFormat::Json };

/// The rule-file text of a bundled ruleset (TOML, or JSON in a build without `toml`; none
/// in a build with `prepared` and without `toml`, which embeds no rule file).
pub fn text(id: &str) -> Option<&'static str> {
    #[cfg(any(feature = "toml", not(feature = "prepared")))]
    match id {
        "zone-qualification" => Some(ZONE_QUALIFICATION),
        "annual-assessment" => Some(ANNUAL_ASSESSMENT),
        _ => None,
    }
    #[cfg(all(feature = "prepared", not(feature = "toml")))]
    {
        let _ = id;
        None
    }
}

/// The bundled rulesets compiled ahead of time, in the order of [`IDS`], as
/// [`CompiledRuleset::to_prepared`] wrote them in a build of this very version (a build
/// script's work). Given once, before the first use of a bundled ruleset: a later call
/// changes nothing, and a ruleset already opened stays as it was. Until it is given, a bundled
/// ruleset is unknown in a build without `toml`, and compiled from its embedded rule file in
/// one with it.
#[cfg(feature = "prepared")]
pub fn use_prepared(rulesets: [&'static [u8]; 2]) {
    let _ = PREPARED.set(rulesets);
}

#[cfg(feature = "prepared")]
static PREPARED: OnceLock<[&'static [u8]; 2]> = OnceLock::new();

// A bundled ruleset is compiled once and lives as long as the program, so the copy that
// scores borrows its labels outright (`Shared::borrowed`): its answers change no count as
// they are made and dropped. The original stays beside it, to be borrowed from. Not in the
// browser: it has one thread, its counts are plain memory, and the copy would bring the
// code that copies a ruleset into the first download (some 6 KB gzipped).
static COMPILED: [OnceLock<Result<Arc<CompiledRuleset>, RulesetError>>; 2] = [OnceLock::new(), OnceLock::new()];
#[cfg(not(target_family = "wasm"))]
static SCORING: [OnceLock<Arc<CompiledRuleset>>; 2] = [OnceLock::new(), OnceLock::new()];

/// A bundled ruleset, compiled (or read prepared) on first use and shared after that.
pub(crate) fn compiled(id: &str) -> Result<Arc<CompiledRuleset>, RulesetError> {
    let unknown = || RulesetError { origin: id.to_owned(), diagnostics: vec![Diagnostic::unknown_ruleset(id, &IDS)] };
    let index = IDS.iter().position(|i| *i == id).ok_or_else(unknown)?;
    let slot = COMPILED.get(index).ok_or_else(unknown)?;
    let origin = format!("rules/{id}.toml");
    #[cfg(feature = "prepared")]
    let prepared = PREPARED.get().and_then(|p| p.get(index));
    // Not given yet: unknown for now, and not remembered so, as `use_prepared` may come later.
    #[cfg(all(feature = "prepared", not(feature = "toml")))]
    if prepared.is_none() && slot.get().is_none() {
        return Err(unknown());
    }
    let make = || {
        #[cfg(feature = "prepared")]
        if let Some(bytes) = prepared {
            return CompiledRuleset::from_prepared(bytes).map_err(|e| RulesetError { origin: origin.clone(), ..e });
        }
        #[cfg(any(feature = "toml", not(feature = "prepared")))]
        return compile_text(text(id).ok_or_else(unknown)?, FORMAT, &origin);
        #[cfg(all(feature = "prepared", not(feature = "toml")))]
        Err(unknown())
    };
    let compiled: &'static Arc<CompiledRuleset> =
        slot.get_or_init(|| make().map(Arc::new)).as_ref().map_err(Clone::clone)?;
    #[cfg(not(target_family = "wasm"))]
    {
        let scoring = SCORING.get(index).ok_or_else(unknown)?;
        Ok(Arc::clone(scoring.get_or_init(|| Arc::new(compiled.relabeled(&crate::compile::Borrowed)))))
    }
    #[cfg(target_family = "wasm")]
    Ok(Arc::clone(compiled))
}
