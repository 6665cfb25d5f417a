//! The folded view: lower-case ASCII with single spaces, an offset map that
//! is monotone and lands on character boundaries, tokens that fold back.
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::fold(data));
