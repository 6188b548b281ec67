//! Labels of submission fields for human output, read from the ruleset's submission
//! schema (`x-title`), so the CLI shows a field by the name the rule file gives it.

use serde_json::Value;
use zonescore::model::Text;
use zonescore::Ruleset;

/// The field labels of one ruleset.
pub struct FieldLabels {
    schema: Value,
}

impl FieldLabels {
    pub fn new(ruleset: &Ruleset) -> Self {
        Self { schema: ruleset.submission_schema() }
    }

    /// The label of the field at a JSON pointer (`/zone/name`), when it is declared.
    pub fn get(&self, pointer: &str) -> Option<Text> {
        let mut node = &self.schema;
        for seg in pointer.split('/').skip(1) {
            let seg = seg.replace("~1", "/").replace("~0", "~");
            node = node.get("properties")?.get(seg.as_str())?;
        }
        serde_json::from_value(node.get("x-title")?.clone()).ok()
    }
}
