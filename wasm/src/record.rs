//! A plainly valid submission object read straight into the ruleset's typed record (core's
//! `HostReader`): no input tree and no validation by key. Anything unusual (a key no group
//! declares, a value its field refuses, a bigint) gives up, and `input.rs` reads the object
//! into a tree, whose path words every error; the answers are the same (`api.test.mjs`).

use crate::input::{number_text, own_entries, to_input, Host};
use js_sys::{Array, JsString};
use wasm_bindgen::{JsCast, JsValue};
use zonescore::{HostGroup, HostLeaf, HostMember, HostReader, Ruleset, ValidSubmission};

/// The record of `value` for `rules`, or `None` for the tree path.
pub(crate) fn read_record(value: &JsValue, rules: &Ruleset) -> Option<ValidSubmission> {
    let mut reader = rules.host_reader();
    let root = reader.root();
    read_group(&mut reader, root, value)?;
    reader.finish()
}

/// The own enumerable members of a plain object (not an array, a `Map`, a `Date`…), in JS
/// order; anything else is the tree path's error.
fn entries(value: &JsValue) -> Option<Array> {
    if !value.is_object() || crate::js::is_array(value) != Ok(false) || crate::js::is_plain(value) != Ok(true) {
        return None;
    }
    // A throwing getter or proxy gives up here; the tree path reports it at its path.
    own_entries(value).ok()
}

fn read_group<'r>(reader: &mut HostReader<'r>, group: HostGroup<'r>, value: &JsValue) -> Option<()> {
    for entry in entries(value)?.iter() {
        let pair: Array = entry.unchecked_into();
        let member = pair.get(1);
        // An `undefined` member is missing, as in JSON (the tree path skips it too).
        if member.is_undefined() {
            continue;
        }
        // A key with a lone surrogate is the tree path's error.
        let key = crate::js::text(&JsString::from(pair.get(0)))?;
        match reader.member(group, &key)? {
            HostMember::Leaf(field) => {
                let read = leaf(&member, |leaf| reader.leaf(field, leaf));
                read.then_some(())?;
            }
            HostMember::Group(_) if member.is_null() => {}
            HostMember::Group(inner) => read_group(reader, inner, &member)?,
            HostMember::Meta => match to_input(&member, "/meta") {
                // Core counts at least what `input.rs` spends on a tree: the same UTF-8
                // bytes of text, and a number's text where `input.rs` spends one unit.
                Host::Tree(meta) => reader.meta(&meta, 0).then_some(())?,
                Host::Unreadable(_) => return None,
            },
        }
    }
    Some(())
}

/// A field's value as core's leaf; `false` for a value only the tree path reads (a bigint).
fn leaf(value: &JsValue, take: impl FnOnce(HostLeaf<'_>) -> bool) -> bool {
    if value.is_null() {
        return take(HostLeaf::Null);
    }
    if let Some(b) = value.as_bool() {
        return take(HostLeaf::Bool(b));
    }
    if let Some(s) = value.dyn_ref::<JsString>() {
        // Text with a lone surrogate is the tree path's error.
        return crate::js::text(s).is_some_and(|text| take(HostLeaf::Text(&text)));
    }
    // The number's shortest text, as the tree path reads it: the module keeps no
    // float-to-decimal code of its own.
    value.as_f64().is_some() && take(HostLeaf::Number(&number_text(value)))
}
