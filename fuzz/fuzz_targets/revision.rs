//! Fuzz target `revision`: see `checks::revision` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::revision(data));
