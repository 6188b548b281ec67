//! Fuzz target `json_reader`: see `checks::json_reader` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::json_reader(data));
