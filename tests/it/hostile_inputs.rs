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

/// At least `bytes` bytes of words each written in disguise: a zero-width
/// space, a soft hyphen or a Cyrillic "о" at a place that moves from word
/// to word, so that no two pastes of a word are alike. Every word opens a
/// window for the repeated-phrase search and every phrase is a candidate.
pub fn disguised_words(bytes: usize) -> String {
    let words: Vec<&str> = PROSE.split_whitespace().collect();
    let mut out = String::with_capacity(bytes + 64);
    let mut i = 0usize;
    while out.len() < bytes {
        let w = words[i % words.len()];
        let chars: Vec<char> = w.chars().collect();
        let at = 1 + (i / words.len()) % chars.len().max(1);
        for (k, c) in chars.iter().enumerate() {
            if k == at.min(chars.len()) - 1 && *c == 'o' && i % 3 == 2 {
                out.push('\u{43e}');
                continue;
            }
            out.push(*c);
            if k + 1 == at && k + 1 < chars.len() {
                out.push(if i % 2 == 0 { '\u{200b}' } else { '\u{ad}' });
            }
        }
        out.push(' ');
        i += 1;
    }
    out
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
