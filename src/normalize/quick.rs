//! The quick check: one pass over the bytes that proves a text is already
//! normal, so that the common case returns the input borrowed without
//! running the steps one by one.
//!
//! It is conservative: `false` only means "run the steps", which then decide
//! for themselves. Anything rare in clean Vietnamese text (combining marks,
//! look-alike scripts, Latin-1 symbols that legacy encodings use, invisible
//! characters) sends the text to the steps.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized};

use super::{encoding, Legacy, NormalizeConfig};
use crate::bytes;
use crate::chunk::{ChunkKey, CHUNK_MAX};
use crate::syllable::{self, ToneStyle};
use std::ops::Range;

use crate::bytes::decode;
use crate::tables::letters::{IS_LETTER, IS_MARKED, IS_TONED, IS_VOWEL};
use crate::tables::{is_exotic_space, is_invisible, tables};

/// ASCII classes for the check.
const WORD: u8 = 1;
const BLANK: u8 = 4;
const SPECIAL: u8 = 8;

// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = WORD;
        }
        if matches!(c, b' ' | b'\t') {
            t[b] = BLANK;
        }
        if c == b'\r'
            || c == b'&'
            || matches!(c, 0x01 | 0x02 | 0x04..=0x06 | 0x11..=0x17 | 0x19 | 0x1E)
        {
            t[b] = SPECIAL;
        }
        b += 1;
    }
    t
};

/// What the quick scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    /// Evidence for the document-level steps.
    pub(super) legacy: bool,
    pub(super) mojibake: bool,
    /// A character of CJK mojibake ([`super::cjk::is_cjk`]).
    pub(super) cjk: bool,
    pub(super) html: bool,
    /// Byte ranges of the lines that a line-level step may change
    /// (whitespace, NFC, look-alikes, tone marks), in order.
    pub(super) lines: Vec<Range<usize>>,
    /// Legacy-encoding suspects and Vietnamese letters seen.
    pub(super) suspects: u32,
    pub(super) letters: u32,
    /// Where doubtful lines went on past their first doubt, with their
    /// letters not counted in `letters` (see [`Scan::letters`]).
    pub(super) uncounted: Vec<Range<usize>>,
}

/// The Vietnamese letters of `text` that are not ASCII, as [`scan`] counts
/// them.
fn vietnamese_letters(t: &crate::tables::Tables, text: &str) -> u32 {
    let b = text.as_bytes();
    let mut n = 0u32;
    let mut i = 0;
    while let Some(p) = next_letter_lead(b, i) {
        let (cp, len) = decode(b, p);
        if t.letters.class_of(cp) & IS_LETTER != 0 {
            n = n.saturating_add(1);
        }
        i = p + len.max(1);
    }
    n
}

/// The first lead byte of a letter [`vietnamese_letters`] may count at or
/// after `from`: 0xC3-0xC6 (U+00C0-U+01B0) or 0xE1 (U+1EA0-U+1EF9). Eight
/// bytes at a time, since decomposed text puts a combining mark (0xCC) in
/// nearly every word and a byte-at-a-time search stopped short of nothing.
fn next_letter_lead(b: &[u8], from: usize) -> Option<usize> {
    bytes::find(b, from, &LETTER_LEAD, |w| {
        bytes::equal(w, 0xC3)
            | bytes::equal(w, 0xC4)
            | bytes::equal(w, 0xC5)
            | bytes::equal(w, 0xC6)
            | bytes::equal(w, 0xE1)
    })
}

// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static LETTER_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    t[0xC3] = true;
    t[0xC4] = true;
    t[0xC5] = true;
    t[0xC6] = true;
    t[0xE1] = true;
    t
};

/// The legacy step's evidence rule: legacy text is dense with suspects
/// (most marked letters turn into one); a stray "ü" or "ß" in a Vietnamese
/// text is not evidence.
pub(super) fn legacy_dense(suspects: u32, letters: u32) -> bool {
    suspects >= 2 && suspects.saturating_mul(20) >= letters
}

impl Scan {
    pub(super) fn is_normal(&self) -> bool {
        !self.legacy && !self.mojibake && !self.cjk && !self.html && self.lines.is_empty()
    }

    /// The Vietnamese letters of `text`, the text this scan read. Letters
    /// weigh legacy suspects only when there are two or more, so the scan
    /// counts those of doubtful lines past their first doubt only then
    /// (decomposed text doubts every line, and counting its letters was a
    /// sixth of normalising it); this completes the count.
    pub(super) fn letters(&self, text: &str) -> u32 {
        let t = tables();
        self.uncounted.iter().fold(self.letters, |n, r| {
            n.saturating_add(vietnamese_letters(
                t,
                text.get(r.clone()).unwrap_or_default(),
            ))
        })
    }
}

/// Whether no step of `cfg` would change `text`.
#[cfg(test)]
pub(super) fn is_normal(text: &str, cfg: &NormalizeConfig) -> bool {
    scan(text, cfg).is_normal()
}

/// One pass over `text`: which steps of `cfg` may change it, and where.
/// Long texts get a chunk cache of their own.
pub(super) fn scan(text: &str, cfg: &NormalizeConfig) -> Scan {
    let mut cache = (text.len() >= CACHE_MIN_TEXT).then(|| ChunkCache::new(text.len()));
    scan_with(text, cfg, cache.as_mut())
}

/// [`scan`] with a chunk cache kept by the caller across texts. The cache
/// must only ever be used with one `cfg`: its verdicts are that config's.
pub(super) fn scan_cached(text: &str, cfg: &NormalizeConfig, cache: &mut ChunkCache) -> Scan {
    scan_with(text, cfg, Some(cache))
}

/// [`scan`], with a chunk cache or without (the tests compare the two).
fn scan_with(text: &str, cfg: &NormalizeConfig, mut cache: Option<&mut ChunkCache>) -> Scan {
    let mut out = Scan {
        legacy: matches!(cfg.legacy, Legacy::From(_)),
        ..Scan::default()
    };
    // Vietnamese letters seen, against which legacy suspects are weighed.
    let mut letters = 0u32;
    let t = tables();
    let b = text.as_bytes();
    let tones = cfg.tone_style != ToneStyle::Keep;
    let detect_legacy = cfg.legacy == Legacy::Detect;
    let mut word = WordState::default();
    // The code point of the previous character when it can stand for a
    // UTF-8 lead byte of Vietnamese mojibake.
    let mut lead: Option<u32> = None;
    let mut suspects = 0u32;
    let mut line_start = 0;
    let mut i = 0;
    // Each `break 'doubt` marks the current line doubtful and skips to the next.
    // Space-separated chunks that passed repeat a lot in real text; the
    // cache remembers them so that a repeat costs a hash, not a decode.
    // A chunk being checked the slow way, to remember if it passes: its
    // key and end, and the letters and suspects counted before it.
    let mut pending: Option<(ChunkKey, usize, u32, u32)>;
    while i < b.len() {
        pending = None;
        let doubt = 'doubt: {
            while let Some(&byte) = b.get(i) {
                let (len, in_word) = if byte < 0x80 {
                    let class = ASCII.get(usize::from(byte)).copied().unwrap_or(0);
                    lead = None;
                    if class & WORD != 0 {
                        // Vowels, Latin-ness and digits of ASCII letters are
                        // read from the word's bytes when a rule needs them.
                        i += 1;
                        continue;
                    }
                    if class & BLANK != 0 && cfg.spaces {
                        let next = b.get(i + 1).copied();
                        let trailing = matches!(next, None | Some(b'\r' | b'\n'));
                        let doubled =
                            byte == b' ' && matches!(next, Some(b' ' | b'\t')) && i != line_start;
                        if trailing || doubled {
                            break 'doubt true;
                        }
                    }
                    if class & SPECIAL != 0 {
                        match byte {
                            b'\r' if cfg.line_endings => break 'doubt true,
                            b'&' if cfg.html_entities => out.html = true,
                            b'\r' | b'&' => {}
                            _ if detect_legacy => suspects += 1,
                            _ => {}
                        }
                    }
                    if i == line_start && byte == b' ' {
                        // Indentation is kept: step over it whole.
                        while b.get(i + 1) == Some(&b' ') {
                            i += 1;
                        }
                        if matches!(b.get(i + 1), None | Some(b'\r' | b'\n' | b'\t')) && cfg.spaces
                        {
                            break 'doubt true;
                        }
                    }
                    (1, false)
                } else {
                    // Vietnamese letters: two-byte U+00C0-U+01BF and
                    // three-byte U+1EA0-U+1EF9, decoded inline.
                    let (cp, len) = decode(b, i);
                    let class = t.letters.class_of(cp);
                    let prev_lead = lead.take();
                    if matches!(cp, 0xC3..=0xC6 | 0xE1) {
                        lead = Some(cp);
                    } else if cp == 0x102 {
                        // Windows-1258's "Ă" for the lead byte 0xC3.
                        lead = Some(0xC3);
                    }
                    if let (Some(l), true) = (prev_lead, cfg.mojibake) {
                        let c = char::from_u32(cp).unwrap_or(' ');
                        if encoding::cp1252_byte(c).is_some_and(|n| encoding::mojibake_pair(l, n)) {
                            out.mojibake = true;
                        }
                    }
                    if class & IS_LETTER != 0 {
                        if class & IS_TONED != 0 {
                            word.toned += 1;
                            // A tone on a vowel with a diacritic is in place
                            // in either style unless a later vowel has one
                            // too (ư in ươ).
                            word.marked_tone = class & IS_MARKED != 0;
                        } else if class & IS_MARKED != 0 {
                            word.marked_tone = false;
                        }
                        word.vowels += u32::from(class & IS_VOWEL != 0);
                        word.latin = true;
                        letters += 1;
                        i += len;
                        continue;
                    }
                    let c = char::from_u32(cp).unwrap_or(' ');
                    out.cjk |= cfg.mojibake && super::cjk::is_cjk(c);
                    if cp < 0xA0 || is_invisible(c) || is_exotic_space(c) {
                        // C1 controls (misread bytes), invisible and exotic spaces.
                        break 'doubt true;
                    }
                    if detect_legacy && encoding::is_legacy_suspect(c) {
                        suspects += 1;
                    }
                    if cp >= 0x300
                        && cfg.nfc
                        && is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
                    {
                        break 'doubt true;
                    }
                    if t.lookalike_letter(c).is_some() {
                        word.lookalike = true;
                        (len, true)
                    } else {
                        (len, c.is_alphanumeric() || is_combining_mark(c))
                    }
                };
                if in_word {
                    word.non_letter = true;
                    i += len;
                    continue;
                }
                if !word.ok(text, i, tones, cfg) {
                    break 'doubt true;
                }
                if byte == b'\n' {
                    line_start = i + 1;
                }
                i += len;
                word = WordState {
                    start: i,
                    ..WordState::default()
                };
                // After a space or a line feed: a chunk ends and the next
                // one starts.
                if let (Some(cache), b' ' | b'\n') = (cache.as_deref_mut(), byte) {
                    // The chunk checked the slow way passed, its last word
                    // included (checked at this separator): remember it,
                    // unless it moved the document evidence. (A chunk with
                    // a CJK character did: replayed from the cache in the
                    // next document, it would not say so, and that page's
                    // CJK mojibake would go unrepaired.)
                    if let Some((key, end, l0, s0)) = pending.take() {
                        if end + 1 == i && suspects == s0 && !out.mojibake && !out.html && !out.cjk
                        {
                            cache.insert(key, letters.saturating_sub(l0));
                        }
                    }
                    // Chunks seen and passed are skipped one after another;
                    // the separator after each is checked here when plain (a
                    // letter or mark follows), else by the loop. (A line feed
                    // ends a chunk too: the last word of a paragraph and the
                    // first of the next would otherwise make one chunk that
                    // is never cached, 4 % of the bytes of news text.)
                    while let Some((key, end)) = ChunkKey::at_line(b, i) {
                        let Some(seen) = cache.get(key) else {
                            if b.get(i..end).is_some_and(cacheable) {
                                pending = Some((key, end, letters, suspects));
                            }
                            break;
                        };
                        letters = letters.saturating_add(u32::from(seen));
                        lead = None;
                        if matches!(b.get(end + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
                            i = end;
                            break;
                        }
                        if b.get(end) == Some(&b'\n') {
                            line_start = end + 1;
                        }
                        i = end + 1;
                        word.start = i;
                    }
                }
            }
            !word.ok(text, b.len(), tones, cfg)
        };
        if doubt {
            // Skip to the end of the doubtful line.
            let end = b
                .get(i..)
                .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
                .map_or(b.len(), |p| i + p + 1);
            out.lines.push(line_start..end);
            // The rest of the line still counts as evidence for the
            // document-level steps.
            let rest = text.get(i..end).unwrap_or_default();
            out.html |= cfg.html_entities && rest.contains('&');
            let found = encoding::evidence(rest);
            out.mojibake |= cfg.mojibake && found.mojibake;
            if detect_legacy {
                // Letters count as evidence against a legacy encoding here
                // too, counted as the loop above counts them: a rougher
                // count (every non-ASCII character) would judge a text
                // otherwise once its doubted line is fixed, and a second
                // normalisation would then decode what the first did not.
                out.uncounted.push(i..end);
                suspects =
                    suspects.saturating_add(u32::try_from(found.suspects).unwrap_or(u32::MAX));
            }
            i = end;
            line_start = end;
            lead = None;
            word = WordState {
                start: end,
                ..WordState::default()
            };
        }
    }
    out.suspects = suspects;
    out.letters = letters;
    if suspects >= 2 {
        // Only now do the letters matter.
        out.letters = out.letters(text);
        out.uncounted.clear();
    }
    out.legacy |= legacy_dense(suspects, out.letters);
    out
}

/// Texts shorter than this are scanned without the chunk cache.
const CACHE_MIN_TEXT: usize = 32 * 1024;
/// The cache has one slot per 64 bytes of text, between 2^10 and 2^16
/// slots of 16 bytes (1 MB for a cache kept across texts): real text of
/// 1 MB has about 13,000 distinct chunks, and a direct-mapped table needs
/// room to spare against collisions (2^14 slots scanned normal text 25 %
/// slower, 2^15 8 %).
const CACHE_BITS: std::ops::RangeInclusive<u32> = 10..=16;

/// A direct-mapped cache of chunks (bytes between two spaces) that the
/// scan has checked and found normal, with their Vietnamese letter counts.
pub(super) struct ChunkCache {
    bits: u32,
    /// Each key tagged with its letters + 1 (0: empty slot) in the byte a
    /// chunk of at most 15 bytes leaves free: 16 bytes a slot, four to a
    /// cache line (a two-way table, trying both slots of a pair, was no
    /// faster).
    slots: Vec<ChunkKey>,
}

impl ChunkCache {
    /// A cache for texts of about `text_len` bytes; `usize::MAX` gives the
    /// largest, for a cache kept across texts.
    pub(super) fn new(text_len: usize) -> ChunkCache {
        let want = (text_len / 64).max(1).next_power_of_two().trailing_zeros();
        let bits = want.clamp(*CACHE_BITS.start(), *CACHE_BITS.end());
        ChunkCache {
            bits,
            slots: vec![ChunkKey::default(); 1 << bits],
        }
    }

    #[inline]
    fn get(&self, key: ChunkKey) -> Option<u8> {
        let &slot = self.slots.get(key.slot(self.bits))?;
        key.tag_of(slot)?.checked_sub(1)
    }

    fn insert(&mut self, key: ChunkKey, letters: u32) {
        if let Some(slot) = self.slots.get_mut(key.slot(self.bits)) {
            *slot = key.tagged(u8::try_from(letters.saturating_add(1)).unwrap_or(u8::MAX));
        }
    }
}

/// Whether a chunk's verdict does not depend on where it stands: no line
/// break, tab, CR, control byte or `&` (those touch line or document state).
fn cacheable(chunk: &[u8]) -> bool {
    chunk.len() <= CHUNK_MAX && chunk.iter().all(|&c| c >= 0x20 && c != b'&' && c != 0x7F)
}

/// What the check knows of the word being read.
#[derive(Default)]
struct WordState {
    start: usize,
    /// Letters with a tone mark.
    toned: u32,
    /// Non-ASCII vowels (ASCII ones are counted when a rule needs them).
    vowels: u32,
    /// The (last) tone sits on a vowel with a diacritic and no vowel with a
    /// diacritic follows it.
    marked_tone: bool,
    /// A non-ASCII Latin letter (ASCII ones are looked up when needed).
    latin: bool,
    /// Letters outside the model: no tone rule applies.
    non_letter: bool,
    /// A look-alike letter from another script, or Ð.
    lookalike: bool,
}

impl WordState {
    /// Whether the word ending at `end` stays as it is.
    #[inline]
    fn ok(&self, text: &str, end: usize, tones: bool, cfg: &NormalizeConfig) -> bool {
        if self.toned == 0 && !self.lookalike {
            return true;
        }
        if self.toned == 1 && self.marked_tone && !self.lookalike {
            return true;
        }
        self.ok_slow(text, end, tones, cfg)
    }

    #[inline(never)]
    fn ok_slow(&self, text: &str, end: usize, tones: bool, cfg: &NormalizeConfig) -> bool {
        let word = text.get(self.start..end).unwrap_or_default();
        if self.lookalike
            && cfg.confusables
            && (self.latin || word.bytes().any(|b| b.is_ascii_alphabetic()))
        {
            return false;
        }
        if !tones || self.toned == 0 || self.non_letter || word.bytes().any(|b| b.is_ascii_digit())
        {
            return true;
        }
        // One toned vowel alone is always in place.
        let ascii_vowels = word
            .bytes()
            .filter(|b| {
                matches!(
                    b.to_ascii_lowercase(),
                    b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
                )
            })
            .count();
        if self.toned == 1 && self.vowels as usize + ascii_vowels < 2 {
            return true;
        }
        syllable::tone_in_place(word, cfg.tone_style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_text_passes_and_doubts_are_found() {
        let cfg = NormalizeConfig::default();
        for ok in [
            "Hội khuyến học các tỉnh, thành phố.\nDòng họ học tập",
            "    thụt lề đầu dòng",
            "người được việc của hòa thủy khuyến",
            "Москва and Tōkyō",
            "",
        ] {
            assert!(is_normal(ok, &cfg), "{ok:?}");
        }
        for bad in [
            "hai  dấu cách",
            "cuối dòng \nx",
            "ho\u{300}a",
            "lựơng",
            "hoà",
            "b\u{200b}óng",
            "b\u{43e}ng",
            "a\r\nb",
            "\u{a0}x",
            "Viá»‡t",
        ] {
            assert!(!is_normal(bad, &cfg), "{bad:?}");
        }
        let keep = NormalizeConfig {
            tone_style: ToneStyle::Keep,
            ..NormalizeConfig::default()
        };
        assert!(is_normal("hoà lựơng", &keep));
    }

    /// The chunk cache changes the cost of the scan, never its result: a
    /// long text whose chunks repeat, with doubtful words placed after the
    /// same chunks passed, gives the same scan with and without it.
    #[test]
    fn chunk_cache_does_not_change_the_scan() {
        let seed = include_str!("../../fixtures/seed/article.spammed.txt");
        let doubtful = [
            "hòa hoà hòa",
            "lựơng lượng",
            "x  y",
            "b\u{43e}ng bong",
            "Viá»‡t Việt",
            "cuối \n",
            "Ä‘ê Việt",
            "ho\u{300}a hòa",
            "&amp; a",
            "\t tab",
        ];
        let mut text = String::new();
        for round in 0..12 {
            text.push_str(seed);
            for (k, d) in doubtful.iter().enumerate() {
                if (round + k) % 3 == 0 {
                    text.push_str(d);
                    text.push('\n');
                }
            }
        }
        assert!(text.len() > CACHE_MIN_TEXT);
        for cfg in [
            NormalizeConfig::default(),
            NormalizeConfig {
                tone_style: ToneStyle::Modern,
                html_entities: true,
                ..NormalizeConfig::default()
            },
        ] {
            let with = scan_with(&text, &cfg, Some(&mut ChunkCache::new(text.len())));
            let without = scan_with(&text, &cfg, None);
            assert!(!without.lines.is_empty());
            assert_eq!(with, without);
        }
    }

    /// Nor does what the cache learnt from one document change the scan of
    /// the next: a page of CJK mojibake seen before leaves no chunk that
    /// hides the CJK evidence of another page.
    #[test]
    fn a_cache_warmed_on_one_page_scans_the_next_as_a_cold_one() {
        let story = "TP.HCM phê bình hàng loạt cán bộ liên quan đến đất đai. Ông Anh Kiệt, \
                     nguyên giám đốc sở, và bà Liên, nguyên chủ tịch quận, bị phê bình.\n";
        let story = story.repeat(40);
        let (misread, _, _) = encoding_rs::BIG5.decode(story.as_bytes());
        let cfg = NormalizeConfig::default();
        let mut cache = ChunkCache::new(usize::MAX);
        let first = scan_with(&misread, &cfg, Some(&mut cache));
        let again = scan_with(&misread, &cfg, Some(&mut cache));
        let cold = scan_with(&misread, &cfg, None);
        assert!(cold.cjk);
        assert_eq!(first, cold);
        assert_eq!(again, cold);
    }

    proptest::proptest! {
        /// Line feeds end cached chunks too: whatever stands around them
        /// (indentation, blank lines, CR LF, trailing spaces, doubtful
        /// words at a line's start or end), the cache changes nothing.
        #[test]
        fn chunks_ending_at_line_feeds_scan_as_without_the_cache(
            picks in proptest::collection::vec((0usize..16, 0usize..10), 1..300)
        ) {
            let words = [
                "Hội", "khuyến", "học", "các", "tỉnh.", "Ngày", "hòa", "hoà",
                "lựơng", "b\u{43e}ng", "Viá»‡t", "x", "(cụm", "3)", "&amp;", "nghiêng",
            ];
            let gaps = [" ", " ", " ", "\n", "  ", "\n ", " \n", "\r\n", "\n\n", "\t"];
            let mut text = String::new();
            for (w, g) in picks {
                text.push_str(words[w]);
                text.push_str(gaps[g]);
            }
            for cfg in [
                NormalizeConfig::default(),
                NormalizeConfig {
                    tone_style: ToneStyle::Keep,
                    html_entities: true,
                    ..NormalizeConfig::default()
                },
            ] {
                let with = scan_with(&text, &cfg, Some(&mut ChunkCache::new(1 << 20)));
                let without = scan_with(&text, &cfg, None);
                proptest::prop_assert_eq!(with, without);
            }
        }
    }

    #[test]
    fn letters_are_counted_across_eight_byte_steps() {
        let t = tables();
        for text in [
            "",
            "ệ",
            "Việt Nam, Đà Nẵng; e\u{302}\u{323} ﬁ ü Ω 中 ă",
            "abcdefgh\u{1ea0}ijklmnop\u{1ef9}xyz\u{c0}\u{1b0}\u{1b1}",
        ] {
            let plain = text
                .chars()
                .filter(|&c| t.letters.class_of(c as u32) & IS_LETTER != 0)
                .count();
            assert_eq!(vietnamese_letters(t, text) as usize, plain, "{text:?}");
        }
    }

    #[test]
    fn doubtful_lines_are_located() {
        let s = scan(
            "dòng một\nhai  cách\nba\nlựơng\n",
            &NormalizeConfig::default(),
        );
        assert_eq!(s.lines, vec![12..23, 26..35]);
    }
}
