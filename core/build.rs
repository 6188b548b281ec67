//! Embeds the bundled rulesets as JSON rule files for builds without the `toml` feature
//! (the size-optimised browser module), converted here from `rules/*.toml`. The digest
//! hashes the rules' model, not their text, so both forms compile to the same digest.

use std::path::{Path, PathBuf};

const IDS: [&str; 2] = ["zone-qualification", "annual-assessment"];

fn main() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    for id in IDS {
        let source = rules.join(format!("{id}.toml"));
        println!("cargo::rerun-if-changed={}", source.display());
        let json = std::fs::read_to_string(&source)
            .map_err(|e| e.to_string())
            .and_then(|text| toml::from_str::<toml::Value>(&text).map_err(|e| e.to_string()))
            .and_then(|value| serde_json::to_string(&value).map_err(|e| e.to_string()));
        match json {
            Ok(json) => {
                let target = out_dir.join(format!("{id}.json"));
                if let Err(e) = std::fs::write(&target, json) {
                    println!("cargo::error=cannot write {}: {e}", target.display());
                }
            }
            // The TOML build reports the same file with line and column; here it is enough to stop.
            Err(e) => println!("cargo::error=rules/{id}.toml: {e}"),
        }
    }
}
