//! The fuzz targets' shared per-input checks (also replayed by `core/tests/fuzz_regressions.rs`).
pub mod checks;
