//! Embeds the bundled rulesets as JSON rule files for builds without the `toml` feature
//! (the size-optimised browser module), converted here from `rules/*.toml`. The digest
//! hashes the rules' model, not their text, so both forms compile to the same digest.

use std::path::{Path, PathBuf};

const IDS: [&str; 2] = ["zone-qualification", "annual-assessment"];

fn main() {
    // Read when the script runs, not baked in when it is compiled: a target folder shared by
    // two checkouts may reuse a script compiled in the other one.
    let (Some(manifest_dir), Some(out_dir)) = (std::env::var_os("CARGO_MANIFEST_DIR"), std::env::var_os("OUT_DIR"))
    else {
        println!("cargo::error=CARGO_MANIFEST_DIR or OUT_DIR is not set");
        return;
    };
    let rules = Path::new(&manifest_dir).join("../rules");
    let out_dir = PathBuf::from(out_dir);
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
