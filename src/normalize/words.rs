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
use unicode_normalization::UnicodeNormalization;

use super::quick::decode;
use super::{NormalizeConfig, NormalizeReport};
use crate::align::Edits;
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
}

impl Scratch {
    fn reset(&mut self) {
        self.slots.clear();
        self.combining = 0;
        self.lookalikes = 0;
        self.modelled = true;
        self.latin = false;
        self.non_ascii = false;
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
                    last.letter.tone = tone
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
            // Ð is a Latin letter: a word made of it alone is still Latin.
            self.latin |= matches!(c, 'Ð' | 'ð');
            self.slots.push(Slot {
                letter,
                orig: Some(c),
                lookalike: true,
            });
            return true;
        }
        if is_mark(c) {
            self.combining += 1;
            self.modelled = false;
            return true;
        }
        if c.is_alphanumeric() {
            self.modelled = false;
            return true;
        }
        false
    }
}

/// `suspects_gained` counts the legacy-encoding suspects that composition
/// made.
pub(super) fn apply<'a>(
    text: &'a str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
    suspects_gained: &mut u32,
) -> Cow<'a, str> {
    let t = tables();
    let bytes = text.as_bytes();
    let mut edits = Edits::new(text);
    let mut scratch = Scratch::default();
    scratch.reset();
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
            if scratch.push(t, c) {
                i += len;
                continue;
            }
        }
        // A word ends here; pure ASCII words never change.
        if scratch.non_ascii {
            let range = start..i;
            let word = text.get(range.clone()).unwrap_or_default();
            if let Some(new) = word_fix(word, cfg, report, suspects_gained, &mut scratch) {
                edits.replace(range, new);
            }
        }
        if c.is_none() {
            break;
        }
        scratch.reset();
        i += len;
        start = i;
    }
    edits.finish()
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
        ..
    } = scratch;
    let (combining, lookalikes, latin) = (*combining, *lookalikes, *latin);
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
        if combining == 0 || !cfg.nfc {
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

    fn run(s: &str, cfg: &NormalizeConfig) -> String {
        apply(s, cfg, &mut NormalizeReport::default(), &mut 0).into_owned()
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
    }
}
