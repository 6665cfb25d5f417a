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

/// Markers in the fast path of [`Folded::fill`]: skip the character
/// (combining marks), or take the general path. (Folded bytes are ASCII, 0 is a separator.)
const SKIP: u8 = 0xFF;
const GENERAL: u8 = 0xFE;

/// A delta that does not fit in the byte map.
const FAR: u8 = u8::MAX;
const FAR_USIZE: usize = FAR as usize;
/// Folded bytes between two checkpoints of the map.
const CHECKPOINT: usize = 64;

/// Notes a far gap and/or a checkpoint for folded byte `index`, whose
/// character starts at source offset `at`.
#[cold]
fn record(
    far: &mut Vec<(usize, usize)>,
    checkpoints: &mut Vec<usize>,
    index: usize,
    gap: usize,
    at: usize,
) {
    if gap >= FAR_USIZE {
        far.push((index, gap));
    }
    if index % CHECKPOINT == 0 {
        checkpoints.push(at);
    }
}

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
    /// The map back to the source, one byte per folded byte: how many
    /// source bytes lie between the character behind folded byte `i - 1` and
    /// the one behind byte `i` (for `i = 0`, from the start of the source;
    /// one extra entry reaches the end of the source). [`FAR`] means the gap
    /// is in `far`.
    deltas: Vec<u8>,
    /// Gaps of [`FAR`] bytes or more: (folded index, gap), in order.
    far: Vec<(usize, usize)>,
    /// The source offset behind every [`CHECKPOINT`]-th folded byte, so a
    /// lookup sums at most that many deltas.
    checkpoints: Vec<usize>,
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
            deltas: self.deltas,
            far: self.far,
            checkpoints: self.checkpoints,
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
        let deltas = &mut self.deltas;
        deltas.clear();
        deltas.resize(n + 1, 0);
        let far = &mut self.far;
        far.clear();
        let checkpoints = &mut self.checkpoints;
        checkpoints.clear();
        checkpoints.reserve(n / CHECKPOINT + 2);
        let t = tables();
        let bytes = source.as_bytes();
        let mut len = 0usize;
        // Whether the last byte written is a separator space.
        let mut after_space = false;
        // Source offset behind the last folded byte written.
        let mut last = 0usize;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let lo = i;
            // Every character writes at most one byte here, into room that
            // is always there (`len <= i < n`); a separator after a
            // separator is written and then not counted.
            let (byte, step) = if b < 0x80 {
                (ASCII_FOLD.get(usize::from(b)).copied().unwrap_or(0), 1)
            } else {
                let b1 = bytes.get(i + 1).copied().unwrap_or(0);
                // The tables give 0 for characters they do not cover.
                let or_general = |f: u8| if f == 0 { GENERAL } else { f };
                match b {
                    0xC3..=0xC6 => (or_general(t.fold2(b, b1)), 2),
                    0xE1 if matches!(b1, 0xBA | 0xBB) => (
                        or_general(t.fold3(b1, bytes.get(i + 2).copied().unwrap_or(0))),
                        3,
                    ),
                    // Combining diacritical marks U+0300-U+036F: dropped.
                    0xCC => (SKIP, 2),
                    0xCD if b1 < 0xB0 => (SKIP, 2),
                    _ => (GENERAL, 0),
                }
            };
            if byte == SKIP {
                i += step;
                continue;
            }
            if byte != GENERAL {
                let is_sep = byte == 0;
                let counted = !is_sep || !after_space;
                let gap = lo - last;
                if let (Some(o), Some(d)) = (out.get_mut(len), deltas.get_mut(len)) {
                    *o = if is_sep { b' ' } else { byte };
                    *d = gap.min(FAR_USIZE) as u8;
                }
                if counted && (gap >= FAR_USIZE || len % CHECKPOINT == 0) {
                    record(far, checkpoints, len, gap, lo);
                }
                if counted {
                    last = lo;
                }
                len += usize::from(counted);
                after_space = is_sep;
                i += step;
                continue;
            }
            let (cp, clen) = crate::normalize::decode(bytes, i);
            i += clen;
            let c = char::from_u32(cp).unwrap_or(' ');
            let mut emit = |byte: u8, len: &mut usize| {
                if *len + 1 >= out.len() {
                    out.resize(*len + 16, 0);
                    deltas.resize(*len + 16, 0);
                }
                let gap = lo - last;
                if let (Some(o), Some(d)) = (out.get_mut(*len), deltas.get_mut(*len)) {
                    *o = byte;
                    *d = gap.min(FAR_USIZE) as u8;
                }
                if gap >= FAR_USIZE || *len % CHECKPOINT == 0 {
                    record(far, checkpoints, *len, gap, lo);
                }
                last = lo;
                *len += 1;
            };
            if let Some(l) = t.letters.letter_of(c).or_else(|| t.lookalike_letter(c)) {
                emit(l.base, &mut len);
                after_space = false;
            } else if let Some(b) = loose_lookalike(c) {
                emit(b, &mut len);
                after_space = false;
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
                    after_space = false;
                } else if !after_space {
                    // A letter with no Latin skeleton (Han, Thai, …) separates
                    // words like punctuation does.
                    emit(b' ', &mut len);
                    after_space = true;
                }
            }
        }
        // The end of the source, as one more entry.
        let gap = n - last;
        deltas.truncate(len);
        deltas.push(gap.min(FAR_USIZE) as u8);
        if gap >= FAR_USIZE || len % CHECKPOINT == 0 {
            record(far, checkpoints, len, gap, n);
        }
        out.truncate(len);
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

    /// The gap in source bytes between the characters behind folded bytes
    /// `j - 1` and `j`.
    #[inline]
    fn delta(&self, j: usize) -> usize {
        match self.deltas.get(j) {
            Some(&FAR) => self
                .far
                .binary_search_by_key(&j, |&(k, _)| k)
                .ok()
                .and_then(|p| self.far.get(p))
                .map_or(0, |&(_, gap)| gap),
            Some(&d) => usize::from(d),
            None => 0,
        }
    }

    /// The source byte offset where the character behind folded byte `i`
    /// starts; `i == len` gives the source length. Offsets never decrease
    /// and always lie on character boundaries.
    pub fn source_offset(&self, i: usize) -> usize {
        let i = i.min(self.text.len());
        let base = i / CHECKPOINT * CHECKPOINT;
        let at = self.checkpoints.get(i / CHECKPOINT).copied().unwrap_or(0);
        at + (base + 1..=i).map(|j| self.delta(j)).sum::<usize>()
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

    /// Calls `f(folded, source)` for every word of the folded text, in
    /// order: one pass over the text and its map, for callers that take
    /// every word (detection).
    pub(crate) fn for_each_word(&self, mut f: impl FnMut(Range<usize>, Range<usize>)) {
        let text = self.text.as_bytes();
        let mut at = 0;
        let mut start: Option<(usize, usize)> = None;
        for (i, &b) in text.iter().enumerate() {
            at += self.delta(i);
            if b == b' ' {
                if let Some((fs, ss)) = start.take() {
                    f(fs..i, ss..at);
                }
            } else if start.is_none() {
                start = Some((i, at));
            }
        }
        if let Some((fs, ss)) = start {
            at += self.delta(text.len());
            f(fs..text.len(), ss..at.max(ss));
        }
    }

    /// The words of the folded text (maximal runs without a space), with
    /// their source spans.
    pub fn tokens(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        // Walk the map once, front to back, rather than looking every
        // offset up from a checkpoint: detection tokenises whole documents.
        let mut pos = 0;
        let mut at = self.source_offset(0);
        let mut offset = move |to: usize| {
            while pos < to {
                pos += 1;
                at += self.delta(pos);
            }
            at
        };
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
            let s = offset(folded.start);
            let source = s..offset(folded.end).max(s);
            Some(Token {
                folded_text: self.text.get(folded.clone()).unwrap_or_default(),
                source_text: self.source.get(source.clone()).unwrap_or_default(),
                folded,
                source,
            })
        })
    }
}

/// Letters that imitate a Latin letter closely enough for spam evasion
/// ("boпg" with Cyrillic п) but not by the strict UTS #39 standard that the
/// normaliser's repairs follow. Matching may be looser than repairing: the
/// folded view changes no text.
pub(crate) fn loose_lookalike(c: char) -> Option<u8> {
    Some(match c {
        'п' | 'П' | 'ո' => b'n',
        'ε' | 'Ε' | 'є' | 'Є' => b'e',
        'κ' | 'к' | 'К' => b'k',
        'τ' | 'т' | 'Т' => b't',
        'χ' => b'x',
        'ν' => b'v',
        'ι' => b'i',
        'ω' | 'ш' => b'w',
        'ѕ' | 'Ѕ' => b's',
        'ԁ' => b'd',
        'ս' => b'u',
        'հ' | 'Һ' | 'һ' => b'h',
        'м' | 'М' => b'm',
        'в' | 'В' => b'b',
        'г' => b'r',
        _ => return None,
    })
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
