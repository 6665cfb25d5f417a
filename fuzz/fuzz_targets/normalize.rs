//! Normalisation under each configuration: no panic, idempotent, no
//! invented U+FFFD, `normalize_to` agrees with `normalize`.
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::normalize(data));
