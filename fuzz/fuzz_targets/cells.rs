//! Fuzz target `cells`: see `checks::cells` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::cells(data));
