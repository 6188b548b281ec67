//! Fuzz target `prepared`: see `checks::prepared` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::prepared(data));
