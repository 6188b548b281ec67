//! Prints one JSON Schema whose `$defs` hold every type the JS API returns, generated from
//! the core's own Rust types (as serialised), for `scripts/gen-types.mjs` to turn into
//! the package's TypeScript declarations. Run natively: `cargo run -p zonescore-wasm --example ts_schemas`.

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

fn main() {
    let mut generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let roots = [
        ("answer", generator.subschema_for::<zonescore::Answer>()),
        ("report", generator.subschema_for::<zonescore::Report>()),
        ("failure", generator.subschema_for::<zonescore::Failure>()),
        ("validation", generator.subschema_for::<zonescore::Validation>()),
        ("field_error", generator.subschema_for::<zonescore::FieldError>()),
        ("ruleset_info", generator.subschema_for::<zonescore::RulesetInfo>()),
        ("diagnostic", generator.subschema_for::<zonescore::Diagnostic>()),
        ("clause_coverage", generator.subschema_for::<zonescore::ClauseCoverage>()),
        ("typed_reading", generator.subschema_for::<zonescore::TypedReading>()),
        ("bounds_answer", generator.subschema_for::<zonescore::BoundsAnswer>()),
        ("advice_answer", generator.subschema_for::<zonescore::AdviceAnswer>()),
        ("target", generator.subschema_for::<zonescore::Target>()),
        ("brief_answer", generator.subschema_for::<zonescore::BriefAnswer>()),
        ("lang", generator.subschema_for::<zonescore::Lang>()),
        ("goal_summary", generator.subschema_for::<zonescore::GoalSummary>()),
        ("skipped", generator.subschema_for::<zonescore::Skipped>()),
    ];
    let properties: serde_json::Map<String, Value> =
        roots.into_iter().map(|(name, schema)| (name.to_owned(), schema.to_value())).collect();
    let definitions = generator.take_definitions(true);
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ZonescoreTypes",
        "type": "object",
        "properties": properties,
        "$defs": definitions,
    });
    match serde_json::to_string_pretty(&root) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("ts_schemas: {e}");
            std::process::exit(1);
        }
    }
}
