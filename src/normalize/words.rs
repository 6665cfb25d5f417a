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

use super::{NormalizeConfig, NormalizeReport};
use crate::align::Edits;
use crate::syllable;
use crate::tables::{combining_of, tables, Combining, Letter, Mark, Tone};

/// Whether `c` continues a word: letters and digits of any script,
/// combining marks, and the look-alikes the tables know.
#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c) || tables().confusable_of(c).is_some()
}

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

/// Per-call buffers.
#[derive(Default)]
struct Scratch {
    slots: Vec<Slot>,
    letters: Vec<Letter>,
    out: String,
}

pub(super) fn apply<'a>(
    text: &'a str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut edits = Edits::new(text);
    let mut scratch = Scratch::default();
    let mut i = 0;
    while i < bytes.len() {
        // Find the next word that has a non-ASCII character: pure ASCII
        // words never change here.
        let Some(rel) = bytes.get(i..).and_then(|b| b.iter().position(|&b| b >= 0x80)) else {
            break;
        };
        let hot = i + rel;
        // Back up to the start of the word holding that byte.
        let start = bytes
            .get(i..hot)
            .and_then(|b| b.iter().rposition(|b| !b.is_ascii_alphanumeric()))
            .map_or(i, |p| i + p + 1);
        let mut end = hot;
        let mut saw_word_char = start < hot;
        for c in text.get(hot..).unwrap_or_default().chars() {
            if !is_word_char(c) {
                break;
            }
            saw_word_char = true;
            end += c.len_utf8();
        }
        if !saw_word_char || end == hot {
            // The non-ASCII character is not part of a word: step over it.
            i = hot + text.get(hot..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
            continue;
        }
        let word = text.get(start..end).unwrap_or_default();
        if let Some(new) = word_fix(word, cfg, report, &mut scratch) {
            edits.replace(start..end, new);
        }
        i = end;
    }
    edits.finish()
}

/// The corrected word, or `None` when it stays as it is.
fn word_fix<'s>(
    word: &str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
    scratch: &'s mut Scratch,
) -> Option<&'s str> {
    let t = tables();
    let Scratch {
        slots,
        letters,
        out,
    } = scratch;
    slots.clear();
    let mut combining = 0usize;
    let mut modelled = true;
    let mut lookalikes = 0usize;
    let mut latin = false;
    for c in word.chars() {
        if let Some(letter) = t.letters.letter_of(c) {
            latin = true;
            slots.push(Slot {
                letter,
                orig: Some(c),
                lookalike: false,
            });
            continue;
        }
        if let Some(m) = combining_of(c) {
            combining += 1;
            let Some(last) = slots.last_mut() else {
                modelled = false;
                continue;
            };
            last.orig = None;
            match m {
                Combining::Tone(tone) if last.letter.tone == Tone::Level || last.letter.tone == tone => {
                    last.letter.tone = tone
                }
                Combining::Mark(mark) if last.letter.mark == Mark::None => {
                    last.letter.mark = mark;
                    modelled &= last.letter.is_vietnamese();
                }
                _ => modelled = false,
            }
            continue;
        }
        let lookalike = match c {
            'Ð' | 'ð' => Some(Letter {
                base: b'd',
                mark: Mark::Stroke,
                tone: Tone::Level,
                upper: c == 'Ð',
            }),
            _ => t.confusable_of(c).map(|a| Letter {
                base: a.to_ascii_lowercase(),
                mark: Mark::None,
                tone: Tone::Level,
                upper: a.is_ascii_uppercase(),
            }),
        };
        match lookalike {
            Some(letter) => {
                lookalikes += 1;
                // Ð is a Latin letter: a word made of it alone is still Latin.
                latin |= matches!(c, 'Ð' | 'ð');
                slots.push(Slot {
                    letter,
                    orig: Some(c),
                    lookalike: true,
                });
            }
            None => {
                if is_mark(c) {
                    combining += 1;
                }
                modelled = false;
            }
        }
    }

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
        apply(s, cfg, &mut NormalizeReport::default()).into_owned()
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
