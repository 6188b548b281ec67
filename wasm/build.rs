//! With the feature `prepared`, compiles the bundled rulesets on the build machine and writes
//! them in their prepared form to `OUT_DIR`, where `src/lib.rs` embeds them: the module then
//! scores them without a rule compiler of its own.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "prepared")]
    prepare();
}

/// The bundled rule files compiled as the engine compiles them (`bundled::compiled`): the
/// build dependency has `prepared` too, so it is given their text, not asked for them.
#[cfg(feature = "prepared")]
fn prepare() {
    use std::path::Path;
    let (Some(manifest_dir), Some(out_dir)) = (std::env::var_os("CARGO_MANIFEST_DIR"), std::env::var_os("OUT_DIR"))
    else {
        println!("cargo::error=CARGO_MANIFEST_DIR or OUT_DIR is not set");
        return;
    };
    for id in zonescore::bundled::IDS {
        let source = Path::new(&manifest_dir).join(format!("../rules/{id}.toml"));
        println!("cargo::rerun-if-changed={}", source.display());
        let origin = format!("rules/{id}.toml");
        let compiled = std::fs::read_to_string(&source).map_err(|e| e.to_string()).and_then(|text| {
            zonescore::Ruleset::from_text(&text, Some(zonescore::RuleFormat::Toml), &origin).map_err(|e| e.to_string())
        });
        match compiled {
            Ok(rules) => {
                let target = Path::new(&out_dir).join(format!("{id}.prepared"));
                if let Err(e) = std::fs::write(&target, rules.compiled().to_prepared()) {
                    println!("cargo::error=cannot write {}: {e}", target.display());
                }
            }
            Err(e) => println!("cargo::error={origin}: {e}"),
        }
    }
}
