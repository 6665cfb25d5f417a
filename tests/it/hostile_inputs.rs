//! Hostile inputs shared by `tests/it/hostile.rs` (which checks they are
//! handled) and `benches/hostile.rs` (which times them).
#![allow(dead_code)]

use std::fmt::Write as _;

/// A line of ordinary accented prose, about 200 bytes.
pub const PROSE: &str =
    "Hội khuyến học các tỉnh đã tổ chức trao thưởng cho học sinh nghèo vượt khó, \
     đồng thời phát động phong trào xây dựng gia đình hiếu học trong năm qua. ";

/// `unit` repeated to at least `bytes` bytes.
pub fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// A lexicon file of 100,000 distinct made-up phrases of three words, one
/// in seven allowed to glue. (An entry written without marks counts only
/// when `suspect`.) "tu12345 khoa26 spam8" is one of them.
pub fn big_lexicon_file() -> String {
    let mut file = String::new();
    for i in 0..100_000 {
        let flags = if i % 7 == 0 {
            "suspect,glue"
        } else {
            "suspect"
        };
        // Writing to a String cannot fail.
        let _ = writeln!(
            file,
            "tu{i} khoa{} spam{}\tbetting\t0.9\t{flags}",
            i % 97,
            i % 13
        );
    }
    file
}
