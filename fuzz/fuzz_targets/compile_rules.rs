//! Fuzz target `compile_rules`: see `checks::compile_rules` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::compile_rules(data));
