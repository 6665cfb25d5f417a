//! The Vietnamese letter model: a letter is an ASCII base, an optional vowel
//! mark (circumflex, breve, horn, stroke), an optional tone and a case.
//!
//! The decomposition and composition tables are derived at first use from
//! `unicode-normalization`'s canonical decompositions, so no code point is
//! typed by hand here.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::UnicodeNormalization;

/// One of the five Vietnamese tone marks (or none: thanh ngang).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub(crate) enum Tone {
    #[default]
    Level = 0,
    /// huyền, U+0300
    Grave = 1,
    /// sắc, U+0301
    Acute = 2,
    /// hỏi, U+0309
    Hook = 3,
    /// ngã, U+0303
    Tilde = 4,
    /// nặng, U+0323
    Dot = 5,
}

impl Tone {
    pub(crate) const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];

    pub(crate) fn combining(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A mark that changes the letter itself (â ă ơ đ), as opposed to a tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub(crate) enum Mark {
    #[default]
    None = 0,
    Circumflex = 1,
    Breve = 2,
    Horn = 3,
    /// The bar of đ; no Unicode decomposition exists for it.
    Stroke = 4,
}

impl Mark {
    fn combining(self) -> Option<char> {
        match self {
            Mark::None | Mark::Stroke => None,
            Mark::Circumflex => Some('\u{302}'),
            Mark::Breve => Some('\u{306}'),
            Mark::Horn => Some('\u{31B}'),
        }
    }
}

/// A combining mark that Vietnamese text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Combining {
    Tone(Tone),
    Mark(Mark),
}

/// Classifies a combining character. U+0340/U+0341 are the deprecated tone
/// marks that NFC itself maps to U+0300/U+0301.
pub(crate) fn combining_of(c: char) -> Option<Combining> {
    Some(match c {
        '\u{300}' | '\u{340}' => Combining::Tone(Tone::Grave),
        '\u{301}' | '\u{341}' => Combining::Tone(Tone::Acute),
        '\u{309}' => Combining::Tone(Tone::Hook),
        '\u{303}' => Combining::Tone(Tone::Tilde),
        '\u{323}' => Combining::Tone(Tone::Dot),
        '\u{302}' => Combining::Mark(Mark::Circumflex),
        '\u{306}' => Combining::Mark(Mark::Breve),
        '\u{31B}' => Combining::Mark(Mark::Horn),
        _ => return None,
    })
}

/// A letter of the Vietnamese alphabet (or a plain ASCII letter), decomposed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Letter {
    /// Lower-case ASCII base letter.
    pub(crate) base: u8,
    pub(crate) mark: Mark,
    pub(crate) tone: Tone,
    pub(crate) upper: bool,
}

impl Letter {
    pub(crate) fn is_vowel(self) -> bool {
        matches!(self.base, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') && self.mark != Mark::Stroke
    }

    /// Whether base + mark is one of the 29 letters of the Vietnamese alphabet.
    pub(crate) fn is_vietnamese(self) -> bool {
        if self.tone != Tone::Level && !self.is_vowel() {
            return false;
        }
        match self.mark {
            Mark::None => !matches!(self.base, b'f' | b'j' | b'w' | b'z'),
            Mark::Circumflex => matches!(self.base, b'a' | b'e' | b'o'),
            Mark::Breve => self.base == b'a',
            Mark::Horn => matches!(self.base, b'o' | b'u'),
            Mark::Stroke => self.base == b'd',
        }
    }

    /// A 6-bit code for base + mark (1..=34), used to pack syllables into keys.
    pub(crate) fn code(self) -> u64 {
        let base = u64::from(self.base.wrapping_sub(b'a')) + 1;
        let extra = match (self.mark, self.base) {
            (Mark::None, _) => 0,
            (Mark::Circumflex, b'a') => 27,
            (Mark::Circumflex, b'e') => 28,
            (Mark::Circumflex, _) => 29,
            (Mark::Breve, _) => 30,
            (Mark::Horn, b'o') => 31,
            (Mark::Horn, _) => 32,
            (Mark::Stroke, _) => 33,
        };
        if extra == 0 {
            base
        } else {
            extra
        }
    }
}

const LATIN_START: u32 = 0xC0;
const LATIN_END: u32 = 0x1B0;
const EXT_START: u32 = 0x1EA0;
const EXT_END: u32 = 0x1EF9;

/// Bits of [`LetterTables::class_of`].
pub(crate) const IS_LETTER: u8 = 1;
pub(crate) const IS_VOWEL: u8 = 2;
pub(crate) const IS_TONED: u8 = 4;
/// A vowel with its own diacritic (ă â ê ô ơ ư).
pub(crate) const IS_MARKED: u8 = 8;

/// Tables built once from Unicode's canonical decompositions.
pub(crate) struct LetterTables {
    latin: Vec<Option<Letter>>,
    extended: Vec<Option<Letter>>,
    /// `IS_*` bits for U+00C0..=U+01B0 and U+1EA0..=U+1EF9: the quick
    /// check's compact view of the same letters.
    latin_class: Vec<u8>,
    extended_class: Vec<u8>,
    /// index: base (0..26) * 5 * 6 + mark * 6 + tone; lower-case chars.
    composed: Vec<Option<char>>,
}

impl LetterTables {
    pub(crate) fn build() -> LetterTables {
        let decomp = |cp: u32| -> Option<Letter> {
            let c = char::from_u32(cp)?;
            if c == 'đ' || c == 'Đ' {
                return Some(Letter {
                    base: b'd',
                    mark: Mark::Stroke,
                    tone: Tone::Level,
                    upper: c == 'Đ',
                });
            }
            let mut parts = Vec::with_capacity(3);
            decompose_canonical(c, |d| parts.push(d));
            let (&first, rest) = parts.split_first()?;
            if !first.is_ascii_alphabetic() || rest.is_empty() {
                return None;
            }
            let mut letter = Letter {
                base: first.to_ascii_lowercase() as u8,
                upper: first.is_ascii_uppercase(),
                ..Letter::default()
            };
            for &m in rest {
                match combining_of(m)? {
                    Combining::Tone(t) => letter.tone = t,
                    Combining::Mark(k) => letter.mark = k,
                }
            }
            letter.is_vietnamese().then_some(letter)
        };
        let latin: Vec<_> = (LATIN_START..=LATIN_END).map(decomp).collect();
        let extended: Vec<_> = (EXT_START..=EXT_END).map(decomp).collect();
        let mut composed = vec![None; 26 * 5 * 6];
        for base in b'a'..=b'z' {
            for mark in [
                Mark::None,
                Mark::Circumflex,
                Mark::Breve,
                Mark::Horn,
                Mark::Stroke,
            ] {
                for tone in Tone::ALL {
                    let letter = Letter {
                        base,
                        mark,
                        tone,
                        upper: false,
                    };
                    if !letter.is_vietnamese() {
                        continue;
                    }
                    let c = if mark == Mark::Stroke {
                        tone.combining().map_or(Some('đ'), |_| None)
                    } else {
                        let seq = [Some(char::from(base)), mark.combining(), tone.combining()];
                        let nfc: String = seq.into_iter().flatten().nfc().collect();
                        let mut chars = nfc.chars();
                        chars.next().filter(|_| chars.next().is_none())
                    };
                    if let Some(slot) = composed.get_mut(compose_index(base, mark, tone)) {
                        *slot = c;
                    }
                }
            }
        }
        let class = |l: &Option<Letter>| match l {
            None => 0,
            Some(l) => {
                IS_LETTER
                    | if l.is_vowel() { IS_VOWEL } else { 0 }
                    | if l.tone != Tone::Level { IS_TONED } else { 0 }
                    | if l.is_vowel() && l.mark != Mark::None {
                        IS_MARKED
                    } else {
                        0
                    }
            }
        };
        let latin_class = latin.iter().map(class).collect();
        let extended_class = extended.iter().map(class).collect();
        LetterTables {
            latin,
            extended,
            latin_class,
            extended_class,
            composed,
        }
    }

    /// Decomposes a precomposed letter; `None` for anything that is not a
    /// letter of the Vietnamese alphabet with its marks (ASCII letters are
    /// handled by the caller's fast path but are accepted here too).
    #[inline]
    pub(crate) fn letter_of(&self, c: char) -> Option<Letter> {
        let cp = c as u32;
        if c.is_ascii_alphabetic() {
            return Some(Letter {
                base: c.to_ascii_lowercase() as u8,
                mark: Mark::None,
                tone: Tone::Level,
                upper: c.is_ascii_uppercase(),
            });
        }
        if (LATIN_START..=LATIN_END).contains(&cp) {
            return self
                .latin
                .get((cp - LATIN_START) as usize)
                .copied()
                .flatten();
        }
        if (EXT_START..=EXT_END).contains(&cp) {
            return self
                .extended
                .get((cp - EXT_START) as usize)
                .copied()
                .flatten();
        }
        None
    }

    /// `IS_*` bits of a non-ASCII code point; 0 for anything that is not a
    /// Vietnamese letter.
    #[inline]
    pub(crate) fn class_of(&self, cp: u32) -> u8 {
        if (LATIN_START..=LATIN_END).contains(&cp) {
            return self
                .latin_class
                .get((cp - LATIN_START) as usize)
                .copied()
                .unwrap_or(0);
        }
        if (EXT_START..=EXT_END).contains(&cp) {
            return self
                .extended_class
                .get((cp - EXT_START) as usize)
                .copied()
                .unwrap_or(0);
        }
        0
    }

    /// Composes a letter back to one precomposed character.
    #[inline]
    pub(crate) fn char_of(&self, l: Letter) -> Option<char> {
        if !l.base.is_ascii_lowercase() {
            return None;
        }
        let c = self
            .composed
            .get(compose_index(l.base, l.mark, l.tone))
            .copied()
            .flatten()?;
        if l.upper {
            // Every Vietnamese letter upper-cases to exactly one character.
            c.to_uppercase().next()
        } else {
            Some(c)
        }
    }
}

fn compose_index(base: u8, mark: Mark, tone: Tone) -> usize {
    usize::from(base.wrapping_sub(b'a')) * 30 + (mark as usize) * 6 + tone as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_vietnamese_letter() {
        let t = LetterTables::build();
        let mut n = 0;
        for cp in (LATIN_START..=LATIN_END).chain(EXT_START..=EXT_END) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some(l) = t.letter_of(c) {
                assert_eq!(t.char_of(l), Some(c), "{c}");
                n += 1;
            }
        }
        // 12 vowels x 6 tones minus the 12 level forms that are ASCII, plus đ,
        // times two cases: (12 * 6 - 6) * 2 + 2.
        assert_eq!(n, 134);
        assert_eq!(
            t.letter_of('ệ'),
            Some(Letter {
                base: b'e',
                mark: Mark::Circumflex,
                tone: Tone::Dot,
                upper: false
            })
        );
        assert_eq!(t.letter_of('ñ'), None);
    }
}
