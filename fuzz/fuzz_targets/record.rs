//! The JSON-lines reader: any bytes give a record or an error (never a
//! panic), and a record written back is JSON holding the cleaned text and
//! the report where they belong.
#![no_main]

mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::record(data));
