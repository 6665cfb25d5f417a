//! Vietnamese UTF-8 that was decoded as a CJK encoding: "C么ng ty" (GBK or
//! GB18030), "C繫ng ty" (Big5), "Cﾃｴng ty" (Shift_JIS) for "Công ty".
//!
//! Pages re-hosted by spam sites arrive so: the bytes were read in the
//! wrong encoding, and spam vocabulary in them is invisible to any search.
//! Each pair of UTF-8 bytes became one CJK character (an ASCII letter after
//! a lead byte goes with it: "Việt" → "Vi峄噒"), so encoding the characters
//! back gives the bytes, and the bytes decode as UTF-8. A byte the decoder
//! could not pair (before a space or a digit) was replaced by U+FFFD and is
//! lost: such a word is left as it is and counted as unrepaired.
//!
//! Words are repaired only when the page shows the damage as a whole: most
//! of its words with CJK characters turn into Vietnamese syllables in one
//! encoding. Real Chinese or Japanese text does not ("東京" encodes to
//! bytes that are no UTF-8), and a page quoting a few Han characters
//! keeps them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use encoding_rs::{Encoding, BIG5, GBK, SHIFT_JIS};

use super::encoding::{chunks, is_combining};
use super::NormalizeReport;
use crate::align::Edits;
use crate::syllable;

/// The encodings tried, in order: GBK (decoded as GB18030 by browsers,
/// a superset), Big5, Shift_JIS.
const ENCODINGS: [&Encoding; 3] = [GBK, BIG5, SHIFT_JIS];

/// Whether `c` is a character CJK mojibake of Vietnamese is made of: Han,
/// kana (half-width included), Hangul, CJK punctuation and symbols, the
/// enclosed numbers Big5 puts where "ư" was ("⑹"), and the replacement
/// character for a byte lost.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2460..=0x24FF
            | 0x2E80..=0x9FFF
            | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF
            | 0xFF61..=0xFF9F
            | 0xFFFD)
}

/// Repairs the CJK mojibake in `text`; see the module's documentation.
pub(super) fn repair<'a>(text: &'a str, report: &mut NormalizeReport) -> Cow<'a, str> {
    let chunks: Vec<(usize, &str)> = chunks(text)
        .filter(|(_, c)| c.chars().any(|c| is_cjk(c) && c != '\u{FFFD}'))
        .collect();
    if chunks.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut best: Vec<(usize, usize, String)> = Vec::new();
    for enc in ENCODINGS {
        let repaired: Vec<(usize, usize, String)> = chunks
            .iter()
            .filter_map(|&(at, c)| Some((at, c.len(), decode_back(c, enc)?)))
            .collect();
        if repaired.len() > best.len() {
            best = repaired;
        }
    }
    // Most of the damaged words read as Vietnamese once repaired, two at
    // least (one word in a foreign script is no evidence).
    if best.len() < 2 || best.len() * 2 < chunks.len() {
        return Cow::Borrowed(text);
    }
    report.cjk_mojibake += best.len();
    report.cjk_unrepaired += chunks.len() - best.len();
    let mut edits = Edits::new(text);
    for (at, len, fixed) in &best {
        edits.replace(*at..*at + *len, fixed);
    }
    edits.finish()
}

/// Whether `text` may hold a CJK character: a byte scan, in blocks the
/// compiler vectorises (CJK characters all have lead bytes from 0xE3;
/// Vietnamese letters 0xE1 at most).
pub(crate) fn may_hold_cjk(text: &str) -> bool {
    text.as_bytes()
        .chunks(64)
        .any(|c| c.iter().fold(0, |m, &b| m.max(b)) >= 0xE3)
}

/// The words of `text` that look like CJK mojibake left unrepaired: CJK
/// characters (or a lost byte's U+FFFD) glued to ASCII letters in one
/// run between spaces ("C峄�", "Vi峄噒"). Real CJK text stands apart.
pub(crate) fn mojibake_words(text: &str) -> usize {
    if !may_hold_cjk(text) {
        return 0;
    }
    // (CJK spaces and punctuation, "1\u{3000}Eiso", are not the mark.)
    let mark = |c: char| is_cjk(c) && !matches!(c as u32, 0x3000..=0x303F);
    chunks(text)
        .filter(|(_, c)| c.chars().any(|c| c.is_ascii_alphabetic()) && c.chars().any(mark))
        .count()
}

/// Whether `word` (CJK characters) is Vietnamese UTF-8 decoded as one of
/// the CJK encodings, whether or not the bytes around it survived: in one
/// of them it encodes back to bytes that are mostly UTF-8, holding a Latin
/// letter beyond ASCII ("膼岷痥" of "Đắk", which no table of syllables
/// knows; "ﾄ黛ｻ" of "đố", its last byte lost). Chinese or Japanese text
/// encodes to bytes that are no UTF-8.
pub(crate) fn is_mojibake(word: &str) -> bool {
    ENCODINGS.iter().any(|&enc| {
        encoded_back(word, enc).is_some_and(|s| {
            s.chars().filter(|&c| c == '\u{FFFD}').count() <= 1
                && s.chars().any(|c| {
                    c.is_alphabetic() && matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF)
                })
        })
    })
}

/// Whether `word` (CJK characters) is text of any script misread in one of
/// the CJK encodings: it encodes back to bytes that are UTF-8, a lost byte
/// aside ("膽瓢峄" of "được", "鏃ユ湰" of "日本"). A word written in Chinese
/// or Japanese encodes to bytes that are not.
pub(crate) fn is_misread(word: &str) -> bool {
    ENCODINGS.iter().any(|&enc| {
        encoded_back(word, enc).is_some_and(|s| s.chars().filter(|&c| c == '\u{FFFD}').count() <= 1)
    })
}

/// `word` encoded in `enc` (every character must encode; ASCII as itself)
/// and read as UTF-8, lost bytes as U+FFFD.
fn encoded_back(word: &str, enc: &'static Encoding) -> Option<String> {
    Some(String::from_utf8_lossy(&encoded_in(word, enc)?).into_owned())
}

/// The bytes `text` was decoded from in `enc`, when every character came
/// from some (ASCII as itself).
fn encoded_in(text: &str, enc: &'static Encoding) -> Option<Vec<u8>> {
    let table = reverse(enc);
    let mut bytes = Vec::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii() {
            bytes.push(ch as u8);
        } else {
            bytes.extend_from_slice(table.get(&ch)?);
        }
    }
    Some(bytes)
}

/// Chunk `c` encoded back in `enc` and decoded as UTF-8, when every
/// character encodes, nothing was lost, and the result reads as Vietnamese
/// (punctuation around the words allowed).
fn decode_back(c: &str, enc: &'static Encoding) -> Option<String> {
    let s = String::from_utf8(encoded_in(c, enc)?).ok()?;
    let mut words = s
        .split(|c: char| !c.is_alphanumeric() && !is_combining(c))
        .filter(|w| !w.is_empty() && !w.is_ascii())
        .peekable();
    words.peek()?;
    words
        .all(syllable::is_syllable)
        .then_some(s)
        .filter(|s| !s.chars().any(is_cjk))
}

/// The bytes each character of `enc` is decoded from, built from its
/// decoder: the encoders leave out what browsers decode but never write
/// (Big5's Hong Kong extensions, where "ệt" lands), and mojibake is made
/// by decoders. One- and two-byte sequences; the first of several wins.
fn reverse(enc: &'static Encoding) -> &'static HashMap<char, Vec<u8>> {
    static TABLES: [OnceLock<HashMap<char, Vec<u8>>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = ENCODINGS.iter().position(|&e| e == enc).unwrap_or(0);
    let slot = TABLES.get(i).unwrap_or(&TABLES[0]);
    slot.get_or_init(|| {
        let mut table = HashMap::new();
        let mut add = |bytes: &[u8]| {
            let (s, _) = enc.decode_without_bom_handling(bytes);
            let mut chars = s.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if !c.is_ascii() && c != '\u{FFFD}' {
                    table.entry(c).or_insert_with(|| bytes.to_vec());
                }
            }
        };
        for b in 0x80..=0xFFu8 {
            add(&[b]);
        }
        for b1 in 0x81..=0xFEu8 {
            for b2 in 0x40..=0xFEu8 {
                add(&[b1, b2]);
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (String, NormalizeReport) {
        let mut report = NormalizeReport::default();
        let out = repair(text, &mut report).into_owned();
        (out, report)
    }

    /// `text`'s UTF-8 read in `enc`, as a browser does.
    fn misread(text: &str, enc: &'static Encoding) -> String {
        enc.decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    const NEWS: &str = "Công ty cổ phần đầu tư Việt Nam thông báo kết quả kinh doanh quý ba \
                        năm nay với lợi nhuận tăng mạnh so với cùng kỳ";

    #[test]
    fn words_whose_bytes_survive_come_back_in_each_encoding() {
        for enc in ENCODINGS {
            let bad = misread(NEWS, enc);
            assert_ne!(bad, NEWS);
            let (out, report) = repaired(&bad);
            assert!(report.cjk_mojibake >= 5, "{}: {bad} -> {out}", enc.name());
            // Every word without a lost byte is back.
            for (w, o) in bad.split(' ').zip(out.split(' ')) {
                if !w.contains('\u{FFFD}') {
                    assert!(
                        NEWS.split(' ').any(|n| n == o),
                        "{}: {w} -> {o}",
                        enc.name()
                    );
                }
            }
            // Idempotent.
            assert_eq!(repaired(&out).0, out);
        }
    }

    #[test]
    fn real_chinese_and_japanese_stay() {
        for text in [
            "Tokyo (東京) là thủ đô của Nhật Bản, nơi có nhiều đền chùa cổ kính.",
            "東京は日本の首都です。大阪も大きな都市です。",
            "北京是中国的首都，上海是最大的城市。",
            "Ông Tập Cận Bình (习近平) và ông Lý Cường (李强) đã hội đàm.",
        ] {
            let (out, report) = repaired(text);
            assert_eq!(out, text);
            assert_eq!(report.cjk_mojibake, 0);
        }
    }
}
