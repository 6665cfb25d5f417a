//! Detection: findings in order, apart, on character boundaries, with
//! their text; a clean verdict has no findings.
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::detect(data));
