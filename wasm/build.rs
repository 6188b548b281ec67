//! Without the `toml` feature (the size-optimised browser build), embeds the bundled
//! rulesets as JSON rule files, converted here from the core's own TOML texts through the
//! core's rule-file model. The model's canonical JSON is what the digest hashes, so the
//! JSON copies compile to the same rules with the same digest, and the module needs no
//! TOML reader at run time (about 100 KB gzipped).

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../rules");
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    let with_toml = std::env::var_os("CARGO_FEATURE_TOML").is_some();
    let mut table = String::from("/// Bundled rulesets as JSON rule files: (id, text).\n");
    table.push_str("pub(crate) const BUNDLED_JSON: &[(&str, &str)] = &[\n");
    if !with_toml {
        for id in zonescore::bundled::IDS {
            let Some(text) = zonescore::bundled::text(id) else {
                println!("cargo::error=bundled ruleset `{id}` has no text");
                return;
            };
            let json = toml::from_str::<zonescore::model::RuleFile>(text)
                .map_err(|e| e.to_string())
                .and_then(|file| serde_json::to_string(&file).map_err(|e| e.to_string()));
            match json {
                Ok(json) => {
                    let path = out_dir.join(format!("{id}.json"));
                    if let Err(e) = std::fs::write(&path, json) {
                        println!("cargo::error=cannot write {}: {e}", path.display());
                        return;
                    }
                    let _ = writeln!(table, "    ({id:?}, include_str!({:?})),", path.display().to_string());
                }
                Err(e) => {
                    println!("cargo::error=bundled ruleset `{id}` does not parse: {e}");
                    return;
                }
            }
        }
    }
    table.push_str("];\n");
    if let Err(e) = std::fs::write(out_dir.join("bundled_json.rs"), table) {
        println!("cargo::error=cannot write bundled_json.rs: {e}");
    }
}
