//! The word pass: NFC composition, look-alike letters and tone placement,
//! done together on each word so that a word is decoded once.
//!
//! Words made only of letters this crate models (ASCII and Vietnamese
//! letters, Vietnamese combining marks, look-alikes) are recomposed from
//! their letters. Any other word with combining marks goes to
//! `unicode-normalization`'s NFC, so text in other scripts is composed
//! correctly too.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::{NormalizeConfig, NormalizeReport};
use crate::align::Edits;
use crate::bytes::decode;
use crate::chunk::ChunkKey;
use crate::syllable;
use crate::tables::{combining_of, tables, Combining, Letter, Mark, Tables, Tone};

#[inline]
fn is_mark(c: char) -> bool {
    !c.is_ascii() && canonical_combining_class(c) != 0
}

/// One decoded letter and the character it came from, if it was one
/// precomposed character.
#[derive(Clone, Copy)]
struct Slot {
    letter: Letter,
    orig: Option<char>,
    lookalike: bool,
}

/// The word being read, decoded as it is scanned, and per-call buffers.
#[derive(Default)]
struct Scratch {
    slots: Vec<Slot>,
    letters: Vec<Letter>,
    out: String,
    /// Combining marks in the word.
    combining: usize,
    /// Look-alike letters in the word.
    lookalikes: usize,
    /// Whether every character is part of the letter model.
    modelled: bool,
    /// Whether a Latin letter (not a look-alike) is in the word.
    latin: bool,
    /// Whether a non-ASCII character is in the word.
    non_ascii: bool,
    /// Whether a character outside the model may change under NFC though
    /// it is no combining mark (Hangul jamo, Bengali vowel signs).
    nfc_maybe: bool,
    /// Whether the last fix came from general NFC.
    via_nfc: bool,
}

impl Scratch {
    fn reset(&mut self) {
        self.slots.clear();
        self.combining = 0;
        self.lookalikes = 0;
        self.modelled = true;
        self.latin = false;
        self.non_ascii = false;
        self.nfc_maybe = false;
        self.via_nfc = false;
    }

    /// Adds `c` to the word; `false` when `c` is not a word character.
    #[inline]
    fn push(&mut self, t: &Tables, c: char) -> bool {
        if let Some(letter) = t.letters.letter_of(c) {
            self.latin = true;
            self.non_ascii |= !c.is_ascii();
            self.slots.push(Slot {
                letter,
                orig: Some(c),
                lookalike: false,
            });
            return true;
        }
        if c.is_ascii_digit() {
            self.modelled = false;
            return true;
        }
        self.non_ascii |= !c.is_ascii();
        if let Some(m) = combining_of(c) {
            self.combining += 1;
            let Some(last) = self.slots.last_mut() else {
                self.modelled = false;
                return true;
            };
            last.orig = None;
            match m {
                Combining::Tone(tone)
                    if last.letter.tone == Tone::Level || last.letter.tone == tone =>
                {
                    last.letter.tone = tone;
                    // A tone on a consonant ("c" + acute of "ć") is outside
                    // the model: the word goes to general NFC.
                    self.modelled &= last.letter.is_vietnamese();
                }
                Combining::Mark(mark) if last.letter.mark == Mark::None => {
                    last.letter.mark = mark;
                    self.modelled &= last.letter.is_vietnamese();
                }
                _ => self.modelled = false,
            }
            return true;
        }
        let lookalike = t.lookalike_letter(c);
        if let Some(letter) = lookalike {
            self.lookalikes += 1;
            // Ð and the small capitals are Latin letters: a word made of
            // them alone is still Latin (a styled title: "ɴᴏ́ɴɢ").
            self.latin |= matches!(c, 'Ð' | 'ð') || crate::tables::small_capital(c).is_some();
            self.slots.push(Slot {
                letter,
                orig: Some(c),
                lookalike: true,
            });
            return true;
        }
        let word_char = is_mark(c) || c.is_alphanumeric();
        if word_char {
            self.combining += usize::from(is_mark(c));
            self.modelled = false;
            self.nfc_maybe |= is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes;
        }
        word_char
    }
}

/// `suspects_gained` counts the legacy-encoding suspects that composition
/// made.
///
/// Words never span a space, so the text is fixed chunk by chunk (the
/// bytes between spaces). Chunks repeat heavily in real text; with a
/// `cache` (the normaliser keeps them across calls) the fix of each chunk of
/// up to 16 bytes is remembered and replayed, counts included.
pub(super) fn apply<'a>(
    text: &'a str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
    suspects_gained: &mut u32,
    mut cache: Option<&mut FixCache>,
) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut edits = Edits::new(text);
    let mut scratch = Scratch::default();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // Most chunks are short: two 8-byte loads find their end and key
        // them at once; the others are searched for their end.
        let keyed = ChunkKey::at(bytes, i);
        let end = match keyed {
            Some((_, e)) => e,
            None => memchr::memchr(b' ', bytes.get(i..).unwrap_or_default())
                .map_or(bytes.len(), |p| i + p),
        };
        let chunk = text.get(i..end).unwrap_or_default();
        let next = end + 1;
        let ascii = match keyed {
            Some((key, _)) => key.is_ascii(),
            None => chunk.is_ascii(),
        };
        if ascii {
            i = next;
            continue;
        }
        let key = cache.as_deref().and_then(|_| match keyed {
            Some((key, _)) => Some(key),
            // At the text's end (too short to load) a copy keys it.
            None => ChunkKey::of(chunk),
        });
        if let (Some(cache), Some(key)) = (cache.as_deref(), key) {
            if let Some(hit) = cache.get(key) {
                hit.counts.add_to(report, suspects_gained);
                if let Some(fixed) = hit.fixed {
                    edits.replace(i..end, fixed);
                }
                i = next;
                continue;
            }
        }
        let before = Counts::of(report, *suspects_gained);
        out.clear();
        let changed = fix_chunk(chunk, cfg, report, suspects_gained, &mut scratch, &mut out);
        if changed {
            edits.replace(i..end, &out);
        }
        if let (Some(cache), Some(key)) = (cache.as_deref_mut(), key) {
            let counts = Counts::of(report, *suspects_gained).minus(before);
            cache.insert(key, changed.then_some(out.as_str()), counts);
        }
        i = next;
    }
    edits.finish()
}

/// Fixes the words of `chunk` (no spaces), writing the whole chunk to
/// `out`; whether anything changed.
fn fix_chunk(
    chunk: &str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
    suspects_gained: &mut u32,
    scratch: &mut Scratch,
    out: &mut String,
) -> bool {
    let t = tables();
    let bytes = chunk.as_bytes();
    scratch.reset();
    let mut changed = false;
    let mut orphan_mark = false;
    let mut copied = 0;
    let mut start = 0;
    let mut i = 0;
    loop {
        let (c, len) = match bytes.get(i) {
            None => (None, 0),
            Some(&b) if b < 0x80 => (Some(char::from(b)), 1),
            Some(_) => {
                let (cp, len) = decode(bytes, i);
                (char::from_u32(cp), len)
            }
        };
        if let Some(c) = c {
            // A mark that starts a word belongs to the character before it
            // ("=" + U+0338 is "≠"): the chunk then goes to NFC whole.
            orphan_mark |= i == start && !c.is_ascii() && is_mark(c);
            if scratch.push(t, c) {
                i += len;
                continue;
            }
        }
        // A word ends here; pure ASCII words never change.
        if scratch.non_ascii {
            let word = chunk.get(start..i).unwrap_or_default();
            if let Some(new) = word_fix(word, cfg, report, suspects_gained, scratch) {
                out.push_str(chunk.get(copied..start).unwrap_or_default());
                let at = out.len();
                out.push_str(new);
                if scratch.via_nfc {
                    // General NFC can make letters the model covers (a Greek
                    // prosgegrammeni becomes the iota look-alike): the
                    // composed word gets the word rules too, as a second run
                    // would give it.
                    let composed = out.split_off(at);
                    scratch.reset();
                    let whole = composed.chars().all(|c| scratch.push(t, c));
                    let again = whole
                        .then(|| word_fix(&composed, cfg, report, suspects_gained, scratch))
                        .flatten();
                    out.push_str(again.unwrap_or(&composed));
                }
                copied = i;
                changed = true;
            }
        }
        if c.is_none() {
            break;
        }
        scratch.reset();
        i += len;
        start = i;
    }
    out.push_str(chunk.get(copied..).unwrap_or_default());
    if orphan_mark && cfg.nfc {
        let composed: String = out.nfc().collect();
        if composed != *out {
            report.nfc += out.chars().count().saturating_sub(composed.chars().count());
            *out = composed;
            changed = true;
        }
    }
    changed
}

/// The report counts one chunk's fix added.
#[derive(Clone, Copy, Default)]
struct Counts {
    nfc: usize,
    tone_marks: usize,
    confusables: usize,
    suspects: u32,
}

impl Counts {
    fn of(r: &NormalizeReport, suspects: u32) -> Counts {
        Counts {
            nfc: r.nfc,
            tone_marks: r.tone_marks,
            confusables: r.confusables,
            suspects,
        }
    }

    fn minus(self, before: Counts) -> Counts {
        Counts {
            nfc: self.nfc - before.nfc,
            tone_marks: self.tone_marks - before.tone_marks,
            confusables: self.confusables - before.confusables,
            suspects: self.suspects - before.suspects,
        }
    }

    fn add_to(self, r: &mut NormalizeReport, suspects: &mut u32) {
        r.nfc += self.nfc;
        r.tone_marks += self.tone_marks;
        r.confusables += self.confusables;
        *suspects = suspects.saturating_add(self.suspects);
    }
}

/// A cached fix: the chunk's new text (`None`: unchanged) and its counts.
struct Hit<'c> {
    fixed: Option<&'c str>,
    counts: Counts,
}

/// 2^15 slots of 32 bytes (1 MB), as the other chunk caches: decomposed
/// text of 1 MB has about 13,000 distinct chunks to fix, and at 2^13 slots
/// collisions sent many of them back to the slow fix (normalising the 1 MB
/// sample in NFD: 2^13 / 2^14 / 2^15 / 2^16 slots 12.2 / 10.5 / 9.8-10.0 /
/// 9.8 ms).
const FIX_CACHE_BITS: u32 = 15;

/// Where a cached chunk's fixed text lies in the arena, and the counts its
/// fix added, packed small so that the table stays in cache. `len` 0 means
/// the chunk stays as it is (a fix is never empty: chunks are not).
#[derive(Clone, Copy, Default)]
struct Meta {
    start: u32,
    len: u16,
    nfc: u16,
    tone_marks: u8,
    confusables: u8,
    suspects: u8,
    used: bool,
}

/// A direct-mapped cache from chunk to fix; fixed texts live in an arena
/// that is cleared when it grows past a bound.
pub(super) struct FixCache {
    /// Key and metadata side by side, so that a lookup touches one line.
    slots: Vec<(ChunkKey, Meta)>,
    arena: String,
}

impl Default for FixCache {
    fn default() -> FixCache {
        FixCache {
            slots: vec![(ChunkKey::default(), Meta::default()); 1 << FIX_CACHE_BITS],
            arena: String::new(),
        }
    }
}

impl FixCache {
    fn get(&self, key: ChunkKey) -> Option<Hit<'_>> {
        let (k, m) = self.slots.get(key.slot(FIX_CACHE_BITS))?;
        if !m.used || *k != key {
            return None;
        }
        let fixed = match m.len {
            0 => None,
            len => {
                let start = m.start as usize;
                Some(self.arena.get(start..start + usize::from(len))?)
            }
        };
        Some(Hit {
            fixed,
            counts: Counts {
                nfc: usize::from(m.nfc),
                tone_marks: usize::from(m.tone_marks),
                confusables: usize::from(m.confusables),
                suspects: u32::from(m.suspects),
            },
        })
    }

    fn insert(&mut self, key: ChunkKey, fixed: Option<&str>, counts: Counts) {
        // Counts or texts too big for the packed form are not cached.
        let (Ok(nfc), Ok(tone_marks), Ok(confusables), Ok(suspects)) = (
            u16::try_from(counts.nfc),
            u8::try_from(counts.tone_marks),
            u8::try_from(counts.confusables),
            u8::try_from(counts.suspects),
        ) else {
            return;
        };
        if self.arena.len() > 1 << 20 {
            // Entries pointing into the arena go with it.
            self.arena.clear();
            self.slots
                .iter_mut()
                .filter(|(_, m)| m.len > 0)
                .for_each(|(_, m)| m.used = false);
        }
        let (start, len) = match fixed {
            Some(f) => (self.arena.len(), f.len()),
            None => (0, 0),
        };
        let (Ok(start), Ok(len)) = (u32::try_from(start), u16::try_from(len)) else {
            return;
        };
        if let Some(f) = fixed {
            self.arena.push_str(f);
        }
        if let Some(slot) = self.slots.get_mut(key.slot(FIX_CACHE_BITS)) {
            *slot = (
                key,
                Meta {
                    start,
                    len,
                    nfc,
                    tone_marks,
                    confusables,
                    suspects,
                    used: true,
                },
            );
        }
    }
}

/// The corrected word, or `None` when it stays as it is. `scratch` holds
/// the word's decoded letters.
fn word_fix<'s>(
    word: &str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
    suspects_gained: &mut u32,
    scratch: &'s mut Scratch,
) -> Option<&'s str> {
    let t = tables();
    let Scratch {
        slots,
        letters,
        out,
        combining,
        lookalikes,
        modelled,
        latin,
        nfc_maybe,
        via_nfc,
        ..
    } = scratch;
    let (combining, lookalikes, latin) = (*combining, *lookalikes, *latin);
    let scratch_nfc_maybe = *nfc_maybe;
    let mut modelled = *modelled;

    // Look-alikes are only replaced inside a Latin word that then reads as
    // a Vietnamese syllable; any other word with them keeps its letters.
    if lookalikes > 0 && !(cfg.confusables && latin) {
        modelled = false;
    }
    let mut toned = false;
    if modelled {
        if combining > 0 && !cfg.nfc {
            // Recomposing from letters would compose; leave the word alone.
            return None;
        }
        letters.clear();
        letters.extend(slots.iter().map(|s| s.letter));
        toned = syllable::place_tone(letters, cfg.tone_style);
        if lookalikes > 0 && !syllable::is_valid(letters) {
            modelled = false;
        }
    }
    if !modelled {
        // Not a word of our alphabet: only NFC can apply.
        if (combining == 0 && !scratch_nfc_maybe) || !cfg.nfc {
            return None;
        }
        out.clear();
        out.extend(word.nfc());
        if out == word {
            return None;
        }
        report.nfc += word.chars().count().saturating_sub(out.chars().count());
        // Only this path can compose a character that the legacy-encoding
        // rule counts as a suspect ("u" + diaeresis → "ü").
        let gained = super::encoding::count_legacy_suspects(out)
            .saturating_sub(super::encoding::count_legacy_suspects(word));
        *suspects_gained =
            suspects_gained.saturating_add(u32::try_from(gained).unwrap_or(u32::MAX));
        *via_nfc = true;
        return Some(out.as_str());
    }
    if combining == 0 && !toned && lookalikes == 0 {
        return None;
    }
    out.clear();
    for (slot, &letter) in slots.iter().zip(letters.iter()) {
        let c = match slot.orig {
            Some(orig) if letter == slot.letter && !slot.lookalike => orig,
            _ => t.letters.char_of(letter)?,
        };
        out.push(c);
    }
    if out == word {
        return None;
    }
    report.nfc += combining;
    report.tone_marks += usize::from(toned);
    report.confusables += lookalikes;
    Some(out.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syllable::ToneStyle;

    fn run(s: &str, cfg: &NormalizeConfig) -> String {
        apply(s, cfg, &mut NormalizeReport::default(), &mut 0, None).into_owned()
    }

    /// The fix cache changes the cost, never the result: a long text with
    /// repeated chunks, fixed and unfixed, gives the same text, report and
    /// suspect count with and without it.
    #[test]
    fn fix_cache_does_not_change_the_result() {
        use unicode_normalization::UnicodeNormalization;
        let seed: String = include_str!("../../fixtures/seed/article.spammed.txt")
            .nfd()
            .collect();
        let mut text = String::new();
        for round in 0..8 {
            text.push_str(&seed);
            text.push_str(
                ["hoà lựơng baỏ\n", "b\u{43e}ng Ðà\n", "Mu\u{308}ller gịớí\n"][round % 3],
            );
        }
        for cfg in [
            NormalizeConfig::default(),
            NormalizeConfig {
                tone_style: ToneStyle::Modern,
                ..NormalizeConfig::default()
            },
        ] {
            let (mut r1, mut r2) = (NormalizeReport::default(), NormalizeReport::default());
            let (mut g1, mut g2) = (0, 0);
            let mut cache = FixCache::default();
            let with = apply(&text, &cfg, &mut r1, &mut g1, Some(&mut cache)).into_owned();
            let without = apply(&text, &cfg, &mut r2, &mut g2, None).into_owned();
            assert_eq!(with, without);
            assert_eq!(r1, r2);
            assert_eq!(g1, g2);
            assert!(r1.nfc > 1000 && r1.tone_marks > 0 && g1 > 0, "{r1:?} {g1}");
        }
    }

    #[test]
    fn composes_and_places() {
        let cfg = NormalizeConfig::default();
        assert_eq!(run("Vie\u{302}\u{323}t Nam", &cfg), "Việt Nam");
        assert_eq!(run("tie\u{302}\u{300}\u{300}n", &cfg), "tiền");
        assert_eq!(run("lựơng baỏ", &cfg), "lượng bảo");
        assert_eq!(run("b\u{43e}ng \u{441}á", &cfg), "bong cá");
        assert_eq!(run("Ðà Nẵng", &cfg), "Đà Nẵng");
        assert_eq!(run("Москва Schro\u{308}dinger", &cfg), "Москва Schrödinger");
        assert_eq!(run("gịớí thàó", &cfg), "gịớí thàó");
        // A mark on a consonant: composed by general NFC.
        assert_eq!(
            run("Subotic\u{301} Nu\u{301}n\u{303}ez", &cfg),
            "Subotić Núñez"
        );
        assert_eq!(run("a =\u{338} b", &cfg), "a ≠ b");
        // NFC makes the Greek iota look-alike, which the word rules then fix.
        assert_eq!(run("Ò\u{1fbe}", &cfg), "Òi");
        // Hangul jamo and a Bengali vowel sign compose without being marks.
        assert_eq!(
            run("\u{1112}\u{1161}\u{11ab} \u{9b8}\u{9c7}\u{9be}", &cfg),
            "한 সো"
        );
    }
}
