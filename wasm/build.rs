//! With the feature `prepared`, compiles the bundled rulesets on the build machine and writes
//! them in their prepared form to `OUT_DIR`, where `src/lib.rs` embeds them: the module then
//! scores them without a rule compiler of its own.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "prepared")]
    prepare();
}

/// The build dependency has `toml` (and `prepared`, which cargo turns on in every dependency
/// named `zonescore`): never given prepared rulesets, it compiles its embedded rule files.
#[cfg(feature = "prepared")]
fn prepare() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set");
        return;
    };
    for id in zonescore::bundled::IDS {
        let bytes = match zonescore::Ruleset::bundled(id) {
            Ok(rules) => rules.compiled().to_prepared(),
            Err(e) => {
                println!("cargo::error=bundled ruleset {id}: {e}");
                continue;
            }
        };
        // Read back here, so that a ruleset the form could not read fails the build.
        if let Err(e) = zonescore::CompiledRuleset::from_prepared(&bytes) {
            println!("cargo::error=bundled ruleset {id} does not read back prepared: {e}");
        }
        let target = std::path::Path::new(&out_dir).join(format!("{id}.prepared"));
        if let Err(e) = std::fs::write(&target, bytes) {
            println!("cargo::error=cannot write {}: {e}", target.display());
        }
    }
}
