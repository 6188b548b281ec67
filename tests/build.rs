//! Generates one Rust test per case folder of each suite (`conformance/`, `diff-cases/`,
//! `whatif-cases/`, `goal-cases/`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).to_path_buf();
    generate(&dir.join("conformance"), "run", "CASE_COUNT", &out.join("cases.rs"));
    generate(&dir.join("diff-cases"), "run_diff", "DIFF_CASE_COUNT", &out.join("diff_cases.rs"));
    generate(&dir.join("whatif-cases"), "run_whatif", "WHATIF_CASE_COUNT", &out.join("whatif_cases.rs"));
    generate(&dir.join("goal-cases"), "run_goal", "GOAL_CASE_COUNT", &out.join("goal_cases.rs"));
}

/// One `#[test]` per case folder of `root`, calling `runner` with the folder's name.
fn generate(root: &Path, runner: &str, count: &str, dest: &Path) {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().join("case.json").is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::new();
    for name in &names {
        println!("cargo:rerun-if-changed={}", root.join(name).display());
        let ident: String =
            name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let _ = writeln!(out, "#[test]\nfn case_{ident}() {{\n    {runner}(\"{name}\");\n}}\n");
    }
    let _ = writeln!(out, "pub const {count}: usize = {};", names.len());
    let _ = std::fs::write(dest, out);
}
