//! The folded view: a lower-case ASCII skeleton of a text, with a map from
//! every folded byte back to the source.
//!
//! Spam matching runs on this view, so it must erase what attackers vary:
//! case, diacritics, đ/Đ/Ð (→ `d`), look-alike letters from other scripts
//! (→ Latin), fullwidth and mathematical letters (by compatibility
//! decomposition), and invisible characters, which vanish without breaking
//! the word ("b\u{200b}óng" → "bong"). Every other run of characters that
//! are not letters or digits becomes one space.

use std::ops::Range;

use unicode_normalization::char::decompose_compatible;

use crate::tables::{is_invisible, tables};

/// ASCII byte → its folded byte, or 0 for a separator.
// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
const fn ascii_fold() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() || c.is_ascii_lowercase() {
            c
        } else if c.is_ascii_uppercase() {
            c + 32
        } else {
            0
        };
        b += 1;
    }
    t
}
static ASCII_FOLD: [u8; 128] = ascii_fold();

/// A folded text and its map back to the source. Build it with [`fold`];
/// reuse the buffers of an old one with [`Folded::refold`].
///
/// # Example
/// ```
/// let src = "Hội khuyến LICH truyen\u{a0}hinh b\u{200b}óng Ðá!";
/// let f = vnclean::fold(src);
/// assert_eq!(f.as_str(), "hoi khuyen lich truyen hinh bong da ");
/// let at = f.as_str().find("bong da").unwrap();
/// let span = f.source_span(at..at + "bong da".len());
/// assert_eq!(&src[span], "b\u{200b}óng Ðá");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Folded<'a> {
    source: &'a str,
    text: String,
    /// Low 32 bits of the source offset where each folded byte's character
    /// starts, plus one entry for the end of the source.
    starts: Vec<u32>,
    /// Folded indices at which the high bits of the source offset step up
    /// (only for sources of 4 GiB or more).
    steps: Vec<usize>,
}

/// Folds `source` into its matching skeleton.
pub fn fold(source: &str) -> Folded<'_> {
    let mut f = Folded::default();
    f.fill(source);
    f
}

impl<'a> Folded<'a> {
    /// Folds `source`, reusing this value's buffers.
    pub fn refold<'b>(self, source: &'b str) -> Folded<'b> {
        let mut f = Folded {
            source,
            text: self.text,
            starts: self.starts,
            steps: self.steps,
        };
        f.fill(source);
        f
    }

    fn fill(&mut self, source: &'a str) {
        self.source = source;
        let n = source.len();
        // Buffers sized up front and written by index, so that the ASCII
        // path has no data-dependent branch: a separator after a separator
        // is written and then not counted.
        let mut out = std::mem::take(&mut self.text).into_bytes();
        out.clear();
        out.resize(n + 1, 0);
        let starts = &mut self.starts;
        starts.clear();
        starts.resize(n + 1, 0);
        self.steps.clear();
        let t = tables();
        let bytes = source.as_bytes();
        let mut len = 0usize;
        let mut high = 0usize;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // Truncation to the low 32 bits is the storage format.
            let lo = i as u32;
            if b < 0x80 {
                let f = ASCII_FOLD.get(usize::from(b)).copied().unwrap_or(0);
                let after_space = len > 0 && out.get(len - 1) == Some(&b' ');
                if let (Some(o), Some(s)) = (out.get_mut(len), starts.get_mut(len)) {
                    *o = if f == 0 { b' ' } else { f };
                    *s = lo;
                }
                len += usize::from(f != 0 || !after_space);
                i += 1;
                continue;
            }
            if i >> 32 != high {
                high = i >> 32;
                self.steps.push(len);
            }
            let (cp, clen) = crate::normalize::decode(bytes, i);
            i += clen;
            let c = char::from_u32(cp).unwrap_or(' ');
            let after_space = len > 0 && out.get(len - 1) == Some(&b' ');
            let mut emit = |byte: u8, len: &mut usize| {
                if *len + 1 >= out.len() {
                    out.resize(*len + 16, 0);
                    starts.resize(*len + 16, 0);
                }
                if let (Some(o), Some(s)) = (out.get_mut(*len), starts.get_mut(*len)) {
                    *o = byte;
                    *s = lo;
                }
                *len += 1;
            };
            if let Some(l) = t.letters.letter_of(c) {
                emit(l.base, &mut len);
            } else if let Some(l) = t.lookalike_letter(c) {
                emit(l.base, &mut len);
            } else if is_invisible(c) || is_mark(c) {
                // Dropped without a break.
            } else {
                let mut folded = [0u8; 8];
                let mut k = 0;
                let mut foldable = c.is_alphanumeric();
                if foldable {
                    decompose_compatible(c, |d| {
                        let byte = if d.is_ascii_alphanumeric() {
                            Some(d.to_ascii_lowercase() as u8)
                        } else {
                            t.letters.letter_of(d).map(|l| l.base)
                        };
                        match (byte, folded.get_mut(k)) {
                            (Some(byte), Some(slot)) => {
                                *slot = byte;
                                k += 1;
                            }
                            (None, _) if is_mark(d) => {}
                            _ => foldable = false,
                        }
                    });
                }
                if foldable && k > 0 {
                    for &byte in folded.get(..k).unwrap_or_default() {
                        emit(byte, &mut len);
                    }
                } else if !after_space {
                    // A letter with no Latin skeleton (Han, Thai, …) separates
                    // words like punctuation does.
                    emit(b' ', &mut len);
                }
            }
        }
        if n >> 32 != high {
            self.steps.push(len);
        }
        out.truncate(len);
        starts.truncate(len);
        starts.push(n as u32);
        // Only ASCII bytes were written.
        self.text = String::from_utf8(out).unwrap_or_default();
    }

    /// The folded text: lower-case ASCII letters, digits and single spaces.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text this view was folded from.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The source byte offset where the character behind folded byte `i`
    /// starts; `i == len` gives the source length. Offsets never decrease
    /// and always lie on character boundaries.
    pub fn source_offset(&self, i: usize) -> usize {
        let Some(&lo) = self.starts.get(i) else {
            return self.source.len();
        };
        let high = self.steps.partition_point(|&s| s <= i);
        (high << 32) | lo as usize
    }

    /// The source bytes behind folded bytes `range`: from the character of
    /// its first byte up to the character of the byte after it, so marks and
    /// invisible characters folded away inside or right after the range are
    /// included.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start);
        let end = self.source_offset(range.end).max(start);
        start..end
    }

    /// The words of the folded text (maximal runs without a space), with
    /// their source spans.
    pub fn tokens(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            let rest = bytes.get(i..)?;
            let start = i + rest.iter().position(|&b| b != b' ')?;
            let len = bytes
                .get(start..)?
                .iter()
                .position(|&b| b == b' ')
                .unwrap_or(bytes.len() - start);
            i = start + len;
            let folded = start..start + len;
            let source = self.source_span(folded.clone());
            Some(Token {
                folded_text: self.text.get(folded.clone()).unwrap_or_default(),
                source_text: self.source.get(source.clone()).unwrap_or_default(),
                folded,
                source,
            })
        })
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// A word of the folded view: a syllable, a glued run of syllables, a
/// brand, a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte range in the folded text.
    pub folded: Range<usize>,
    /// Byte range in the source text.
    pub source: Range<usize>,
    /// The folded form ("bong").
    pub folded_text: &'a str,
    /// The source text ("bóng", "b\u{200b}оng").
    pub source_text: &'a str,
}

impl Token<'_> {
    /// Whether the source carries a tone mark or a vowel mark (ă â ê ô ơ ư
    /// đ), however encoded.
    pub fn has_marks(&self) -> bool {
        let t = tables();
        self.source_text.chars().any(|c| {
            t.letters
                .letter_of(c)
                .is_some_and(|l| l.tone as u8 != 0 || l.mark as u8 != 0)
                || crate::tables::combining_of(c).is_some()
                || c == 'Ð'
                || c == 'ð'
        })
    }

    /// Whether the source, read through look-alikes and invisible
    /// characters, is a valid Vietnamese syllable.
    pub fn is_syllable(&self) -> bool {
        crate::syllable::is_syllable_lenient(self.source_text)
    }

    /// Whether the token carries no marks but is the unaccented spelling of
    /// some Vietnamese syllable ("bong", "truyen", "da").
    pub fn is_unaccented_syllable(&self) -> bool {
        !self.has_marks() && tables().syllables.is_skeleton(self.folded_text.as_bytes())
    }
}
