//! Decoding repairs: UTF-8 read as Windows-1252 ("mojibake") and legacy
//! Vietnamese encodings (TCVN3, VNI, VISCII) read as Latin-1.
//!
//! Both work on chunks (runs of non-ASCII-whitespace characters): a chunk is
//! turned back into the bytes that were misread, those bytes are decoded
//! properly, and the result is kept only where it reads as Vietnamese.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::{Legacy, NormalizeReport};
use crate::align::Edits;
use crate::syllable;
use crate::tables::{is_invisible, tables};

/// A legacy Vietnamese 8-bit encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// TCVN 5712:1993 (VN3, the "ABC" fonts .VnTime); its VN1 superset too.
    Tcvn3,
    /// VNI-Windows (VNI fonts): base letter followed by a diacritic byte.
    Vni,
    /// VISCII (RFC 1456).
    Viscii,
}

impl Encoding {
    /// Every legacy encoding, in the order detection tries them.
    pub const ALL: [Encoding; 3] = [Encoding::Tcvn3, Encoding::Vni, Encoding::Viscii];

    fn table(self) -> &'static std::collections::HashMap<Vec<u8>, String> {
        let t = &tables().legacy;
        match self {
            Encoding::Tcvn3 => &t[0],
            Encoding::Vni => &t[1],
            Encoding::Viscii => &t[2],
        }
    }

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Viscii => "viscii",
        }
    }

    /// Decodes raw bytes in this encoding (ASCII bytes stand for
    /// themselves; a byte the encoding does not define is kept as the
    /// Windows-1252 character it would show as).
    ///
    /// ```
    /// use vnclean::Encoding;
    /// // "Việt" in TCVN3: 'V' 'i' 0xD6 't'.
    /// assert_eq!(Encoding::Tcvn3.decode_bytes(b"Vi\xD6t"), "Việt");
    /// ```
    pub fn decode_bytes(self, bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
        decode_into(self, bytes, &mut out, true);
        out
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "tcvn3" | "tcvn" | "abc" | "tcvn5712" => Ok(Encoding::Tcvn3),
            "vni" | "vni-windows" => Ok(Encoding::Vni),
            "viscii" => Ok(Encoding::Viscii),
            _ => Err(format!(
                "unknown encoding {s:?}: expected tcvn3, vni or viscii"
            )),
        }
    }
}

/// Decodes `bytes` with `enc`: longest match first (VNI pairs), else the
/// byte alone; `lenient` keeps undefined bytes as their Windows-1252
/// character, otherwise `false` is returned on the first one.
fn decode_into(enc: Encoding, bytes: &[u8], out: &mut String, lenient: bool) -> bool {
    let table = enc.table();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(s) = bytes.get(i..i + 2).and_then(|pair| table.get(pair)) {
            out.push_str(s);
            i += 2;
            continue;
        }
        if let Some(s) = table.get(std::slice::from_ref(&b)) {
            out.push_str(s);
        } else if b.is_ascii() {
            out.push(char::from(b));
        } else if lenient {
            out.push(cp1252_char(b));
        } else {
            return false;
        }
        i += 1;
    }
    true
}

/// Windows-1252 bytes 0x80-0x9F (WHATWG encoding index); the five bytes it
/// leaves undefined decode to the C1 control of the same value, as browsers
/// and Latin-1 decoders do.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '•', '–', '—', '˜', '™', 'š', '›',
    'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The character a byte shows as when read as Windows-1252.
pub(crate) fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(b),
    }
}

/// The byte a character came from when bytes were read as Windows-1252 or
/// Latin-1.
pub(crate) fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp <= 0xFF {
        return u8::try_from(cp).ok();
    }
    if !(0x152..=0x2122).contains(&cp) {
        return None;
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .and_then(|p| u8::try_from(p + 0x80).ok())
}

/// The byte a character of mojibake came from: as [`cp1252_byte`], and
/// "Ă" for 0xC3, as Windows-1258 (Vietnamese Windows' own code page, and
/// browsers' default for a Vietnamese page that names no encoding) shows
/// it where Windows-1252 shows "Ã": "ngĂ\u{a0}y" for "ngày". Its other
/// bytes that UTF-8's Vietnamese letters are made of show as in
/// Windows-1252.
pub(crate) fn mojibake_byte(c: char) -> Option<u8> {
    cp1252_byte(c).or((c == 'Ă').then_some(0xC3))
}

/// Chunks of `text` split where `sep` says, with their byte offsets.
fn chunks_by(text: &str, sep: fn(char) -> bool) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while rest.next_if(|&(_, c)| sep(c)).is_some() {}
        let &(start, _) = rest.peek()?;
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if sep(c) {
                end = i;
                break;
            }
            rest.next();
        }
        text.get(start..end).map(|c| (start, c))
    })
}

/// Mojibake chunks: split at ASCII whitespace only, since NBSP is a misread
/// byte 0xA0 ("à" is "Ã" + NBSP) as often as a space.
pub(super) fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    chunks_by(text, |c| c.is_ascii_whitespace())
}

/// Legacy-encoding chunks: split at any white space, as the space rule will
/// leave the text, so that a second run sees the same chunks.
fn legacy_chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    chunks_by(text, char::is_whitespace)
}

/// Whether every word of `s` that has a non-ASCII letter is a valid
/// Vietnamese syllable written in a sane case, and there is at least one.
fn reads_as_vietnamese(s: &str) -> bool {
    reads_as_vietnamese_with(s, false)
}

/// [`reads_as_vietnamese`], an acronym in Vietnamese capitals passing for a
/// syllable when `acronyms` ([`is_acronym`]: mojibake's pairs spell what
/// the bytes were, whatever word they make; a legacy encoding's guess is
/// weighed on syllables alone).
fn reads_as_vietnamese_with(s: &str, acronyms: bool) -> bool {
    let mut any = false;
    let mut buf = Vec::new();
    for word in s.split(|c: char| !c.is_alphanumeric() && !is_combining(c)) {
        if word.is_ascii() {
            continue;
        }
        let syllable = syllable::letters_of(word, &mut buf).is_some()
            && syllable::is_valid(&buf)
            && sane_case(&buf);
        let acronym = acronyms && !syllable && is_acronym(word, &mut buf);
        if !syllable && !acronym {
            return false;
        }
        any = true;
    }
    any
}

/// Whether `word` is an acronym in Vietnamese capitals ("HĐQT", "ĐHĐCĐ"):
/// two characters or more, capitals and digits, the capitals Vietnamese
/// letters. No syllable, but what misread bytes of Vietnamese text spell
/// as often as words do (one news story in eight names a board so).
fn is_acronym(word: &str, buf: &mut Vec<crate::tables::Letter>) -> bool {
    let mut tmp = [0u8; 4];
    word.chars().nth(1).is_some()
        && word.chars().all(|c| {
            c.is_ascii_digit()
                || (c.is_uppercase()
                    && syllable::letters_of(c.encode_utf8(&mut tmp), buf).is_some())
        })
}

pub(super) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F)
}

/// Lower case, Title case or UPPER case.
fn sane_case(letters: &[crate::tables::Letter]) -> bool {
    let rest = letters.get(1..).unwrap_or_default();
    rest.iter().all(|l| !l.upper) || letters.iter().all(|l| l.upper)
}

// ---------------------------------------------------------------- mojibake

/// Bytes the damaged form of mojibake lost: Windows-1252 leaves them
/// undefined, so a strict decoder dropped them. Ordered by how often the
/// Vietnamese letter they complete occurs (ề, ờ, ọ, ỏ, Ố; Á Í Ý; Đ).
const LOST_BYTES: [u8; 5] = [0x81, 0x9D, 0x8D, 0x8F, 0x90];

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

/// Decodes bytes as UTF-8, filling in at most one lost byte per broken
/// sequence; each broken sequence has several readings, and the first that
/// makes `check` happy wins.
fn decode_utf8_repairing(bytes: &[u8], check: impl Fn(&str) -> bool) -> Option<String> {
    // Split into pieces: complete text, and broken sequences with their
    // candidate completions.
    let mut fixed: Vec<Vec<u8>> = vec![Vec::new()];
    let mut i = 0;
    let mut broken = 0;
    while let Some(&b) = bytes.get(i) {
        let need = utf8_len(b);
        if need == 0 {
            // A stray NBSP or soft hyphen is what it looks like, not a lost
            // piece of a letter: keep it (as UTF-8) and decode around it, so
            // the result does not depend on whether the space and invisible
            // rules have run yet.
            let mut buf = [0u8; 4];
            let kept = cp1252_char(b).encode_utf8(&mut buf);
            fixed
                .iter_mut()
                .for_each(|f| f.extend_from_slice(kept.as_bytes()));
            i += 1;
            continue;
        }
        let cont = bytes
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .take(need - 1)
            .take_while(|&&c| (0x80..=0xBF).contains(&c))
            .count();
        let seq = bytes.get(i..i + 1 + cont).unwrap_or_default();
        if cont == need - 1 {
            fixed.iter_mut().for_each(|f| f.extend_from_slice(seq));
        } else {
            // A broken sequence. If one byte is missing, each lost byte that
            // makes a letter is a reading; the last reading is always the
            // characters as they look (a real "ê" before an NBSP).
            let mut next = Vec::new();
            if cont + 2 == need && broken < 3 {
                broken += 1;
                for f in &fixed {
                    for &lost in &LOST_BYTES {
                        for pos in 1..need {
                            let mut s = seq.to_vec();
                            s.insert(pos, lost);
                            let letter = std::str::from_utf8(&s)
                                .ok()
                                .and_then(|st| st.chars().next());
                            if letter.is_some_and(|c| tables().letters.letter_of(c).is_some()) {
                                let mut g = f.clone();
                                g.extend_from_slice(&s);
                                next.push(g);
                            }
                        }
                    }
                }
            }
            let mut literal = Vec::with_capacity(seq.len() * 2);
            let mut buf = [0u8; 4];
            for &byte in seq {
                literal.extend_from_slice(cp1252_char(byte).encode_utf8(&mut buf).as_bytes());
            }
            for f in &fixed {
                let mut g = f.clone();
                g.extend_from_slice(&literal);
                next.push(g);
            }
            fixed = next;
        }
        i += 1 + cont;
    }
    fixed
        .into_iter()
        .filter_map(|f| String::from_utf8(f).ok())
        .find(|s| check(s))
}

/// Whether a character standing for UTF-8 lead byte `lead` (as the code
/// point it shows as: Ã Ä Å Æ á) followed by one standing for `next` starts
/// the UTF-8 form of a Vietnamese letter. These are the only pairs that
/// Vietnamese mojibake is made of (Ã© Ä‘ Å© Æ° áº áº»).
pub(crate) fn mojibake_pair(lead: u32, next: u8) -> bool {
    match lead {
        0xC3 => (0x80..=0xBF).contains(&next),
        0xC4 => matches!(next, 0x82 | 0x83 | 0x90 | 0x91 | 0xA8 | 0xA9),
        0xC5 => matches!(next, 0xA8 | 0xA9),
        0xC6 => matches!(next, 0xA0 | 0xA1 | 0xAF | 0xB0),
        0xE1 => matches!(next, 0xBA | 0xBB),
        _ => false,
    }
}

/// A cheap byte-level look for the signature of Vietnamese mojibake: one of
/// the [`mojibake_pair`]s. It looks for the rarer half first (a character
/// standing for a continuation byte: U+0080-U+00BF, the Windows-1252
/// punctuation and letters in C5, C6 92, CB, E2) and then at the two bytes
/// before it, where Ã Ä Å Æ á stand as C3 83-86 or C3 A1 (and Windows-1258's
/// Ă as C4 82).
pub(crate) fn might_be_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = crate::bytes::find(bytes, i, &CONTINUATION_LEAD, continuation_leads) {
        i = at + 1;
        let (Some(&c3), Some(&second)) =
            (bytes.get(at.wrapping_sub(2)), bytes.get(at.wrapping_sub(1)))
        else {
            continue;
        };
        // (Ã Ä Å Æ á as C3 83-86, C3 A1; Windows-1258's "Ă" for 0xC3 as C4 82.)
        let lead = match (c3, second) {
            (0xC3, 0x83..=0x86 | 0xA1) => 0xC0 + u32::from(second & 0x3F),
            (0xC4, 0x82) => 0xC3,
            _ => continue,
        };
        if at < 2 {
            continue;
        }
        let next = text
            .get(at..)
            .and_then(|s| s.chars().next())
            .and_then(cp1252_byte);
        if next.is_some_and(|n| mojibake_pair(lead, n)) {
            return true;
        }
    }
    false
}

/// First bytes of the characters that stand for a UTF-8 continuation byte
/// when read as Windows-1252 (see [`might_be_mojibake`]).
// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static CONTINUATION_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let leads = [0xC2, 0xC5, 0xC6, 0xCB, 0xE2];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i]] = true;
        i += 1;
    }
    t
};

/// A superset of the bytes of [`CONTINUATION_LEAD`] in a word of 8, for
/// [`crate::bytes::find`].
fn continuation_leads(w: u64) -> u64 {
    use crate::bytes::equal;
    equal(w, 0xC2) | equal(w, 0xC5) | equal(w, 0xC6) | equal(w, 0xCB) | equal(w, 0xE2)
}

/// Byte ranges of the maximal runs of non-ASCII characters in `s`.
fn non_ascii_stretches(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    // Continuation bytes the last lead byte still waits for: an NBSP (0xA0)
    // then is one of them ("à" is "Ã" + NBSP); otherwise it is a space, as
    // the space rule will make it, and ends the stretch like one.
    let mut pending = 0;
    for (i, c) in s.char_indices() {
        let byte = mojibake_byte(c).unwrap_or(0);
        let separator = c.is_ascii() || (byte == 0xA0 && pending == 0);
        pending = match byte {
            0x80..=0xBF if pending > 0 => pending - 1,
            // Only the lead bytes of Vietnamese letters and of punctuation
            // wait for an NBSP; "ê" (0xEA) before an NBSP is a real letter.
            0xC2..=0xC6 | 0xE1 | 0xE2 => utf8_len(byte).saturating_sub(1),
            _ => 0,
        };
        match (separator, open) {
            (false, None) => open = Some(i),
            (true, Some(lo)) => {
                out.push((lo, i));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(lo) = open {
        out.push((lo, s.len()));
    }
    // Stretches joined by ASCII letters or digits are one word ("Ä‘iá»u"):
    // decode them together.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (lo, hi) in out {
        match merged.last_mut() {
            Some(last)
                if s.get(last.1..lo)
                    .is_some_and(|gap| gap.bytes().all(|b| b.is_ascii_alphanumeric())) =>
            {
                last.1 = hi
            }
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

/// Whether `s` has a character standing for any UTF-8 lead byte followed by
/// one standing for a continuation byte ("â€" of a misread “, "Ä‘").
fn has_utf8_pair(s: &str) -> bool {
    first_utf8_pair(s).is_some()
}

/// The byte offset of the first such pair in `s`.
fn first_utf8_pair(s: &str) -> Option<usize> {
    let mut prev_lead = None;
    for (i, c) in s.char_indices() {
        let byte = if c.is_ascii() { None } else { mojibake_byte(c) };
        match byte {
            Some(0x80..=0xBF) if prev_lead.is_some() => return prev_lead,
            Some(b) if utf8_len(b) > 0 => prev_lead = Some(i),
            _ => prev_lead = None,
        }
    }
    None
}

pub(super) fn repair_mojibake<'a>(text: &'a str, report: &mut NormalizeReport) -> Cow<'a, str> {
    if text.is_ascii() || !might_be_mojibake(text) {
        return Cow::Borrowed(text);
    }
    // (range, repaired text, whether it has Vietnamese words)
    let mut repairs = Vec::new();
    let mut bytes = Vec::new();
    for (start, chunk) in chunks(text) {
        if !has_utf8_pair(chunk) {
            continue;
        }
        for run in cp1252_runs(chunk) {
            let Some(piece) = chunk.get(run.clone()) else {
                continue;
            };
            // A UTF-8 sequence has no ASCII byte: decode each maximal
            // non-ASCII stretch, from its first lead + continuation pair
            // (Latin-1 letters before it are what they look like).
            for (lo, hi) in non_ascii_stretches(piece) {
                let Some(stretch) = piece.get(lo..hi) else {
                    continue;
                };
                let Some(off) = first_utf8_pair(stretch) else {
                    continue;
                };
                let sub = start + run.start + lo + off..start + run.start + hi;
                // The words the repair touches, not the whole chunk.
                let in_word = |c: char| c.is_alphanumeric() || is_combining(c);
                let (Some(before), Some(after)) = (
                    text.get(start..sub.start).map(|b| {
                        b.char_indices()
                            .rev()
                            .find(|&(_, c)| !in_word(c))
                            .map_or(b, |(i, c)| b.get(i + c.len_utf8()..).unwrap_or_default())
                    }),
                    text.get(sub.end..start + chunk.len()).map(|a| {
                        a.char_indices()
                            .find(|&(_, c)| !in_word(c))
                            .map_or(a, |(i, _)| a.get(..i).unwrap_or_default())
                    }),
                ) else {
                    continue;
                };
                bytes.clear();
                bytes.extend(
                    text.get(sub.clone())
                        .unwrap_or_default()
                        .chars()
                        .filter_map(mojibake_byte),
                );
                // Context words count only where the repaired text touches them.
                let in_chunk = |s: &str| {
                    let b = if s.starts_with(|c: char| !in_word(c)) {
                        ""
                    } else {
                        before
                    };
                    let a = if s.ends_with(|c: char| !in_word(c)) {
                        ""
                    } else {
                        after
                    };
                    format!("{b}{s}{a}")
                };
                let Some(fixed) = decode_utf8_repairing(&bytes, |s| {
                    reads_as_vietnamese_with(&in_chunk(s), true) || symbols_only(s)
                }) else {
                    continue;
                };
                let words = reads_as_vietnamese_with(&in_chunk(&fixed), true);
                repairs.push((sub, fixed, words));
            }
        }
    }
    // Punctuation-only repairs ("â€œ" → "“") are trusted only in a text
    // where Vietnamese words were repaired too.
    let words = repairs.iter().filter(|r| r.2).count();
    if words == 0 {
        return Cow::Borrowed(text);
    }
    report.mojibake += words;
    let mut edits = Edits::new(text);
    for (range, fixed, _) in &repairs {
        edits.replace(range.clone(), fixed);
    }
    edits.finish()
}

/// The maximal runs of a chunk whose characters all stand for a byte.
fn cp1252_runs(chunk: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut run_start = None;
    for (i, c) in chunk.char_indices() {
        match (mojibake_byte(c), run_start) {
            (Some(_), None) => run_start = Some(i),
            (None, Some(s)) => {
                runs.push(s..i);
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = run_start {
        runs.push(s..chunk.len());
    }
    runs
}

/// Whether `s` has no letters or digits (punctuation, symbols).
fn symbols_only(s: &str) -> bool {
    !s.is_ascii() && !s.chars().any(char::is_alphanumeric)
}

// ----------------------------------------------------------------- legacy

/// Characters in the Windows-1252 range that are not Vietnamese letters nor
/// common punctuation: legacy text is full of them, real Vietnamese text
/// has almost none.
pub(crate) fn is_legacy_suspect(c: char) -> bool {
    let cp = c as u32;
    let Some(b) = cp1252_byte(c) else {
        return false;
    };
    if b < 0x80 {
        return is_legacy_control(b);
    }
    if tables().letters.letter_of(c).is_some() {
        return false;
    }
    !is_common_symbol(cp)
}

/// Symbols in the Windows-1252 range that clean text uses (quotes, dashes,
/// ©, °, ², ½, ×): not evidence of a legacy encoding.
pub(crate) fn is_common_symbol(cp: u32) -> bool {
    matches!(
        cp,
        0xA0 | 0xA7
            | 0xA9
            | 0xAB
            | 0xAE
            | 0xB0
            | 0xB1
            | 0xB2
            | 0xB3
            | 0xB7
            | 0xB9
            | 0xBB
            | 0xBC
            | 0xBD
            | 0xBE
            | 0xD7
            | 0xF7
            | 0x20AC
            | 0x2018
            | 0x2019
            | 0x201C
            | 0x201D
            | 0x2013
            | 0x2014
            | 0x2026
            | 0x2022
            | 0x2122
    )
}

/// The C0 control bytes that TCVN3 (VN1) and VISCII use for capital
/// letters.
pub(crate) fn is_legacy_control(b: u8) -> bool {
    matches!(b, 0x01 | 0x02 | 0x04..=0x06 | 0x11..=0x17 | 0x19 | 0x1E)
}

/// Bytes that can start a legacy suspect.
// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static SUSPECT_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let leads = [
        0xC2, 0xC3, 0xC5, 0xC6, 0xCB, 0xE2, 0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14,
        0x15, 0x16, 0x17, 0x19, 0x1E,
    ];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i]] = true;
        i += 1;
    }
    t
};

/// A superset of the bytes of [`SUSPECT_LEAD`] in a word of 8 (all ASCII
/// controls), for [`crate::bytes::find`].
fn suspect_leads(w: u64) -> u64 {
    use crate::bytes::{control, equal};
    control(w)
        | equal(w, 0xC2)
        | equal(w, 0xC3)
        | equal(w, 0xC5)
        | equal(w, 0xC6)
        | equal(w, 0xCB)
        | equal(w, 0xE2)
}

/// Byte offsets of legacy suspects in `text`. Scans bytes and decodes only
/// at the lead bytes a suspect can start with.
fn legacy_suspects(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let at = crate::bytes::find(bytes, i, &SUSPECT_LEAD, suspect_leads)?;
        let c = text.get(at..).and_then(|s| s.chars().next()).unwrap_or(' ');
        i = at + c.len_utf8();
        if is_legacy_suspect(c) {
            return Some(at);
        }
    })
}

/// How many legacy suspects `text` has.
pub(crate) fn count_legacy_suspects(text: &str) -> usize {
    legacy_suspects(text).count()
}

/// What the document-level repairs look for in a stretch of text, found in
/// one walk over the bytes that can start it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Evidence {
    /// A Vietnamese mojibake pair ([`might_be_mojibake`]).
    pub(crate) mojibake: bool,
    /// Legacy-encoding suspects.
    pub(crate) suspects: usize,
}

pub(crate) fn evidence(text: &str) -> Evidence {
    let bytes = text.as_bytes();
    let mut found = Evidence::default();
    let mut i = 0;
    while let Some(at) = crate::bytes::find(bytes, i, &SUSPECT_LEAD, suspect_leads) {
        let mut chars = text.get(at..).unwrap_or_default().chars();
        let c = chars.next().unwrap_or(' ');
        i = at + c.len_utf8();
        if is_legacy_suspect(c) {
            found.suspects += 1;
        }
        if matches!(c, 'Ã' | 'Ä' | 'Å' | 'Æ' | 'á') && !found.mojibake {
            let next = chars.next().and_then(cp1252_byte);
            found.mojibake = next.is_some_and(|n| mojibake_pair(c as u32, n));
        }
    }
    found
}

/// The chunk (run between ASCII whitespace) around byte `at`.
fn chunk_around(text: &str, at: usize) -> std::ops::Range<usize> {
    let start = text
        .get(..at)
        .and_then(|s| s.char_indices().rev().find(|(_, c)| c.is_whitespace()))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text
        .get(at..)
        .and_then(|s| s.char_indices().find(|(_, c)| c.is_whitespace()))
        .map_or(text.len(), |(i, _)| at + i);
    start..end
}

/// Decodes one chunk from `enc`; `None` when it has characters that do not
/// map to a byte or bytes the encoding does not define.
fn decode_chunk(enc: Encoding, chunk: &str, bytes: &mut Vec<u8>, out: &mut String) -> bool {
    bytes.clear();
    for c in chunk.chars() {
        match cp1252_byte(c) {
            Some(b) => bytes.push(b),
            // Invisible characters are not bytes of the encoding; the
            // invisible rule drops them anyway.
            None if is_invisible(c) => {}
            None => return false,
        }
    }
    out.clear();
    decode_into(enc, bytes, out, false)
}

/// Chooses the encoding that turns the most suspect chunks into
/// Vietnamese, if it is clearly right. Only chunks around suspect
/// characters are looked at, so the cost follows their number, not the
/// length of the text.
fn detect(text: &str) -> Option<Encoding> {
    const SAMPLE: usize = 400;
    let mut suspects: Vec<&str> = Vec::new();
    let mut last_end = 0;
    for at in legacy_suspects(text) {
        if at < last_end {
            continue;
        }
        let range = chunk_around(text, at);
        last_end = range.end;
        suspects.extend(text.get(range));
        if suspects.len() >= SAMPLE {
            break;
        }
    }
    if suspects.len() < 2 {
        return None;
    }
    let before = suspects.iter().filter(|c| reads_as_vietnamese(c)).count();
    let mut bytes = Vec::new();
    let mut out = String::new();
    let mut best = None;
    for enc in Encoding::ALL {
        let good = suspects
            .iter()
            .filter(|c| decode_chunk(enc, c, &mut bytes, &mut out) && reads_as_vietnamese(&out))
            .count();
        if best.is_none_or(|(_, g)| good > g) {
            best = Some((enc, good));
        }
    }
    let (enc, good) = best?;
    // Most suspect chunks must come out as Vietnamese, and far more of them
    // than read as Vietnamese already.
    (good * 10 >= suspects.len() * 7 && good >= 3 && good >= 2 * before + 2).then_some(enc)
}

pub(super) fn decode_legacy<'a>(
    text: &'a str,
    legacy: Legacy,
    report: &mut NormalizeReport,
) -> Cow<'a, str> {
    let enc = match legacy {
        Legacy::Off => return Cow::Borrowed(text),
        Legacy::From(enc) => enc,
        Legacy::Detect => {
            // The cheap gate: a couple of suspect characters at least.
            match detect(text) {
                Some(enc) => enc,
                None => return Cow::Borrowed(text),
            }
        }
    };
    let mut edits = Edits::new(text);
    let mut bytes = Vec::new();
    let mut out = String::new();
    let mut decoded = 0;
    for (start, chunk) in legacy_chunks(text) {
        if chunk.is_ascii() && !chunk.bytes().any(is_legacy_control) {
            continue;
        }
        if decode_chunk(enc, chunk, &mut bytes, &mut out) && out != chunk {
            decoded += bytes.iter().filter(|&&b| !b.is_ascii()).count();
            edits.replace(start..start + chunk.len(), &out);
        }
    }
    if edits.changed() {
        report.legacy_encoding = Some(enc);
        report.legacy_chars += decoded;
    }
    edits.finish()
}
