//! Generates one Rust test per conformance case folder in `conformance/`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut names: Vec<String> = std::fs::read_dir(&root)
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
        let _ = writeln!(out, "#[test]\nfn case_{ident}() {{\n    run(\"{name}\");\n}}\n");
    }
    let _ = writeln!(out, "pub const CASE_COUNT: usize = {};", names.len());
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("cases.rs");
    let _ = std::fs::write(dest, out);
}
