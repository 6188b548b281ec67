//! Fuzz target `score_submission`: see `checks::score_submission` for what it feeds and asserts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zonescore_fuzz::checks::score_submission(data));
