//! Cleaning in every mode, with and without normalisation: the whole
//! contract of `check_clean`.
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::clean(data));
