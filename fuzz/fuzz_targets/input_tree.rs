//! Fuzz target `input_tree`: see `checks::input_tree` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::input_tree(data));
