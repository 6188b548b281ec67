//! The county's goal over many reports (§2.1: 3 or more zones named; feature `goal`, in the
//! full module only): submissions filed and summed up by the engine as `zonescore summary`
//! files and sums up a folder, byte for byte its JSON.

use crate::errors::{self, string_arg};
use crate::score::each_submission;
use crate::{json_bytes, read, Ruleset};
use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;
use zonescore::{bundled, GoalMembers, Submission};

#[wasm_bindgen(typescript_custom_section)]
const TS_GOAL: &str = r#"import type { GoalAnswer } from "./types.js";"#;

#[wasm_bindgen]
extern "C" {
    /// The names of the submissions as JavaScript passes them: declared so that the
    /// TypeScript signature reads `sources?: string[] | null` (an unchecked cast: checked
    /// below).
    #[wasm_bindgen(typescript_type = "string[]")]
    pub type SourcesArg;
}

#[wasm_bindgen]
impl Ruleset {
    /// The goal of this ruleset over many submissions, every one scored with it (as
    /// `zonescore summary --ruleset`): see the free function `goalSummary`.
    #[wasm_bindgen(js_name = goalSummary, unchecked_return_type = "GoalAnswer")]
    pub fn goal_summary(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Iterable<unknown>")] submissions: JsValue,
        sources: Option<SourcesArg>,
    ) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(&summed(&self.inner, false, &submissions, sources)?)
    }

    /// JSON twin of `goalSummary`: the text `zonescore summary --ruleset <id> --format json`
    /// prints for the same files and names, without its final newline.
    #[wasm_bindgen(js_name = goalSummaryJson)]
    pub fn goal_summary_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Iterable<unknown>")] submissions: JsValue,
        sources: Option<SourcesArg>,
    ) -> Result<JsString, JsValue> {
        Ok(JsString::from(summed(&self.inner, false, &submissions, sources)?.as_str()))
    }
}

/// Whether the county's goal over many reports is met (for `zone-qualification`, §2.1: 3 or
/// more zones named in 2011–2015), as `zonescore summary` answers it for a folder.
///
/// Each submission is JSON text (a string or a `Uint8Array`, such as a file's bytes) or a
/// submission object. Without `rulesetId`, each is scored with the bundled ruleset it is
/// written for, another ruleset's is skipped (`other_ruleset`), and the default ruleset's
/// goal is summed up; with it, every one is scored with that ruleset. Invalid submissions
/// count for nothing and are listed in `skipped` with why; of several reports of one zone
/// for one year the lowest score counts. `sources` names each submission (file names, say),
/// by default its position. Throws a `GoalError` (`no_goal`, `nothing_to_sum_up`) where
/// the command line refuses to print a verdict.
#[wasm_bindgen(js_name = goalSummary, unchecked_return_type = "GoalAnswer")]
pub fn goal_summary(
    #[wasm_bindgen(unchecked_param_type = "Iterable<unknown>")] submissions: JsValue,
    ruleset_id: Option<JsString>,
    sources: Option<SourcesArg>,
) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&summed_bundled(&submissions, ruleset_id, sources)?)
}

/// JSON twin of `goalSummary`: the text `zonescore summary --format json` prints for the
/// same files and names (`--ruleset` when `rulesetId` is given), without its final newline.
#[wasm_bindgen(js_name = goalSummaryJson)]
pub fn goal_summary_json(
    #[wasm_bindgen(unchecked_param_type = "Iterable<unknown>")] submissions: JsValue,
    ruleset_id: Option<JsString>,
    sources: Option<SourcesArg>,
) -> Result<JsString, JsValue> {
    Ok(JsString::from(summed_bundled(&submissions, ruleset_id, sources)?.as_str()))
}

/// The summary's JSON with the bundled ruleset `ruleset_id` names (every submission scored
/// with it), or with the default one, each submission scored with the ruleset it names.
fn summed_bundled(
    submissions: &JsValue,
    ruleset_id: Option<JsString>,
    sources: Option<SourcesArg>,
) -> Result<String, JsValue> {
    let id = match ruleset_id.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) {
        Some(id) => Some(string_arg("rulesetId", id.into())?),
        None => None,
    };
    let ruleset = zonescore::Ruleset::bundled(id.as_deref().unwrap_or(bundled::DEFAULT))
        .map_err(|e| errors::ruleset_error(&e))?;
    summed(&ruleset, id.is_none(), submissions, sources)
}

/// Files every submission with the engine and sums up `ruleset`'s goal: its canonical JSON,
/// or the `GoalError` of its refusal. The list and the names are checked before any
/// submission is scored.
fn summed(
    ruleset: &zonescore::Ruleset,
    others_apart: bool,
    submissions: &JsValue,
    sources: Option<SourcesArg>,
) -> Result<String, JsValue> {
    let mut items = Vec::new();
    each_submission(submissions, |item| {
        items.push(item);
        Ok(())
    })?;
    let names = names(sources, items.len())?;
    let mut members = GoalMembers::default();
    for (item, name) in items.iter().zip(names) {
        if item.is_string() || item.is_instance_of::<Uint8Array>() {
            members.add_submission(ruleset, others_apart, name, Submission::Json(&json_bytes(item)?));
        } else {
            members.add_submission(ruleset, others_apart, name, read(item, "").as_core());
        }
    }
    let summary = members.summary(ruleset).map_err(|refusal| errors::goal_error(&refusal, &members.skipped))?;
    Ok(members.summary_json(&summary))
}

/// The name of each of `count` submissions: `sources`, an array of as many strings, or
/// their positions when it is `undefined` or `null`. One string is refused, though it
/// iterates as a list (a name per character), as Python's `goal_summary` refuses it.
fn names(sources: Option<SourcesArg>, count: usize) -> Result<Vec<String>, JsValue> {
    let Some(sources) = sources.map(JsValue::from).filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok((0..count).map(|at| at.to_string()).collect());
    };
    let wrong = || errors::sources_error(count);
    if !crate::js::is_array(&sources)? {
        return Err(wrong());
    }
    // Read through catching calls: a proxy's `length` or item may throw.
    let length = js_sys::Reflect::get(&sources, &JsValue::from_str("length"))?;
    if length.as_f64() != Some(count as f64) {
        return Err(wrong());
    }
    (0..count)
        .map(|at| {
            let name = js_sys::Reflect::get_u32(&sources, u32::try_from(at).map_err(|_| wrong())?)?;
            if name.is_string() {
                string_arg("sources", name.unchecked_into())
            } else {
                Err(wrong())
            }
        })
        .collect()
}
