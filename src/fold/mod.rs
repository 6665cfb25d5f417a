//! The folded view: a lower-case skeleton of a text, with a map from every
//! folded byte back to the source.
//!
//! Spam matching runs on this view, so it must erase what attackers vary:
//! case, diacritics, đ/Đ/Ð (→ `d`), look-alike letters from other scripts
//! (→ Latin, precomposed ones with their marks too), fullwidth and
//! mathematical letters (by compatibility decomposition), Latin letters
//! with no decomposition and small capitals (by their conventional
//! skeleton, `data/skeletons.tsv`: "ß" → "ss", "ɴ" → "n"), and invisible
//! characters, which vanish without breaking the word ("b\u{200b}óng" →
//! "bong"). It deletes no letter: one with no Latin skeleton (Han, Thai,
//! Hangul) is kept as itself, lower-cased where its script has case. Every
//! other run of characters that are not letters or digits becomes one
//! space.

use std::ops::Range;

use unicode_normalization::char::decompose_compatible;

use crate::chunk::{ChunkKey, CHUNK_MAX};
use crate::tables::{is_invisible, loose_lookalike, tables, Combining, Letter, Mark};
use cache::{FoldCache, CACHE, CACHE_MIN_TEXT};
use table::{fold_table, load4, SEP};

mod cache;
mod table;

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

/// Markers of [`classify`] and of the fold table: skip the character (a
/// combining mark; in the table, also a continuation byte or an invisible
/// character), or take the general path ([`fold_other`]). Folded bytes
/// are ASCII; 0 is a separator.
const SKIP: u8 = 0xFF;
const GENERAL: u8 = 0xFE;

/// A delta that does not fit in the byte map.
const FAR: u8 = u8::MAX;
const FAR_USIZE: usize = FAR as usize;
/// Folded bytes between two checkpoints of the map.
const CHECKPOINT: usize = 64;

/// The fast path of folding the character at `bytes[i]`: its folded byte
/// (0 for a separator), [`SKIP`] for a combining mark, or [`GENERAL`] when
/// [`fold_other`] must decide; and its length (0 with [`GENERAL`]).
#[inline]
fn classify(t: &crate::tables::Tables, bytes: &[u8], i: usize) -> (u8, usize) {
    let b = bytes.get(i).copied().unwrap_or(0);
    if b < 0x80 {
        return (ASCII_FOLD.get(usize::from(b)).copied().unwrap_or(0), 1);
    }
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
}

/// What a character off the fast path folds to.
enum Other {
    /// Up to [`Other::MAX`] folded letters ("ﬁ" → "fi", "ℌ" → "h").
    Letters([u8; Other::MAX], usize),
    /// Nothing, without breaking the word: invisible characters and marks.
    Dropped,
    /// A word break: punctuation, symbols, spaces, letters with no Latin
    /// skeleton (Han, Thai, …).
    Separator,
}

impl Other {
    // (A compatibility character may stand for many letters: "ﷺ" is
    // eighteen Arabic letters.)
    const MAX: usize = 64;
}

fn fold_other(t: &crate::tables::Tables, c: char) -> Other {
    let one = |b: u8| {
        let mut folded = [0u8; Other::MAX];
        folded[0] = b;
        Other::Letters(folded, 1)
    };
    if let Some(l) = t.letters.letter_of(c).or_else(|| t.lookalike_letter(c)) {
        return one(l.base);
    }
    if let Some(b) = loose_lookalike(c) {
        return one(b);
    }
    if is_invisible(c) || is_mark(c) {
        return Other::Dropped;
    }
    // ICU's skeleton first where it has one: "Ŀ" decomposes to "L·".
    if let Some(s) = crate::tables::skeleton(c) {
        let mut folded = [0u8; Other::MAX];
        if let Some(slots) = folded.get_mut(..s.len()) {
            slots.copy_from_slice(s.as_bytes());
            return Other::Letters(folded, s.len());
        }
    }
    let mut folded = [0u8; Other::MAX];
    let mut k = 0;
    let mut foldable = c.is_alphanumeric();
    let mut push = |bytes: &[u8]| match folded.get_mut(k..k + bytes.len()) {
        Some(slots) => {
            slots.copy_from_slice(bytes);
            k += bytes.len();
            true
        }
        None => false,
    };
    if foldable {
        decompose_compatible(c, |d| {
            // A precomposed look-alike carries its own mark ("ѐ" is
            // Cyrillic "е" + grave): its base letter is a look-alike too.
            let byte = if d.is_ascii_alphanumeric() {
                Some(d.to_ascii_lowercase() as u8)
            } else {
                t.letters
                    .letter_of(d)
                    .or_else(|| t.lookalike_letter(d))
                    .map(|l| l.base)
                    .or_else(|| loose_lookalike(d))
            };
            let fits = match byte {
                Some(byte) => push(&[byte]),
                // A letter no decomposition reaches ASCII from: its
                // conventional skeleton ("ß" → "ss", "ɴ" → "n"), or, in a
                // script with no Latin skeleton (Han, Thai, Hangul), the
                // letter itself, lower-cased where the script has case. The
                // fold deletes no letter.
                None if is_mark(d) => true,
                None => match crate::tables::skeleton(d) {
                    Some(s) => push(s.as_bytes()),
                    None if d.is_alphanumeric() => d.to_lowercase().all(|l| {
                        let mut buf = [0u8; 4];
                        push(l.encode_utf8(&mut buf).as_bytes())
                    }),
                    None => false,
                },
            };
            foldable &= fits;
        });
    }
    if foldable && k > 0 {
        Other::Letters(folded, k)
    } else if c.is_alphanumeric() {
        // A letter whose compatibility form is no word ("ﷺ" is four words,
        // "ﹰ" a space and a mark): the letter itself.
        let mut folded = [0u8; Other::MAX];
        let mut k = 0;
        for l in c.to_lowercase() {
            let mut buf = [0u8; 4];
            let b = l.encode_utf8(&mut buf).as_bytes();
            if let Some(slots) = folded.get_mut(k..k + b.len()) {
                slots.copy_from_slice(b);
                k += b.len();
            }
        }
        Other::Letters(folded, k)
    } else {
        Other::Separator
    }
}

/// What separates a word of [`fold_words`] from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Only spaces (of any kind) and invisible characters.
    Space,
    /// Punctuation or symbols on the same line.
    Punct,
    /// Punctuation as [`Gap::Punct`], opening right after the word before
    /// with a character that may join the parts of a spelled-out word
    /// ("x.o", "bong-da", "s·o·i": see [`opens_join`]). Detection's
    /// spelled-out pass looks only at these and at single letters.
    Joined,
    /// A line break, or the start of the text.
    Line,
}

/// Whether `b` is the first byte of a character that may join the parts
/// of a spelled-out word: . - _ * + ~, and the lead byte of '·' (C2) and
/// of '•' (E2), a superset the spelled-out pass narrows.
pub(crate) fn opens_join(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b'_' | b'*' | b'+' | b'~' | 0xC2 | 0xE2)
}

/// A word of the folded view, as detection takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// Byte range in the folded text.
    pub folded: Range<usize>,
    /// Byte range in the source: from its first letter to the separator
    /// after it (invisible characters inside and right after included).
    pub source: Range<usize>,
    /// The source carries tone or vowel marks, as opposed to being plain
    /// ASCII or ASCII disguised with look-alikes and invisible characters.
    /// A look-alike that carries a mark of its own ("ί" of "tίn") counts:
    /// the word is written with marks, in disguise.
    pub marked: bool,
    pub gap: Gap,
}

/// Lead bytes of the UTF-8 forms of Latin letters with marks
/// (U+00C0–U+01BF, U+1EA0–U+1EFF) and of combining marks (U+0300–U+036F).
/// Look-alikes from Cyrillic and Greek and invisible characters have other
/// lead bytes, so a disguised "bоng" still counts as unaccented.
#[inline]
fn is_mark_lead(b: u8) -> bool {
    matches!(b, 0xC3..=0xC6 | 0xCC | 0xCD | 0xE1)
}

/// Folds `source` into `text` (words joined by single spaces) and lists its
/// words with their source spans, in one pass and without the byte map of
/// [`Folded`]: detection works at word granularity.
///
/// Returns whether the source holds a character that may disguise a word
/// ([`may_disguise`]): found on the slow path, where such characters go, at
/// no cost to text without them.
pub(crate) fn fold_words(source: &str, text: &mut String, words: &mut Vec<Word>) -> bool {
    if source.len() >= CACHE_MIN_TEXT {
        let done = CACHE.try_with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else {
                return None;
            };
            let cache = cache.get_or_insert_with(FoldCache::new);
            Some(fold_words_with(source, text, words, Some(cache)))
        });
        if let Ok(Some(hides)) = done {
            return hides;
        }
    }
    fold_words_with(source, text, words, None)
}

/// Whether `c` may disguise a word it stands in: an invisible character
/// (Unicode's default ignorables: [`is_invisible`]), a Greek or Cyrillic
/// letter, a fullwidth or mathematical one. None takes the fast path.
fn may_disguise(c: char) -> bool {
    is_invisible(c) || matches!(c as u32, 0x370..=0x4FF | 0xFF10..=0xFF5A | 0x1D400..=0x1D7FF)
}

/// Whether `c` is a Greek or Cyrillic look-alike that carries a mark of its
/// own ("ѐ", "ά", "ί"): a word written with it is written with marks, in
/// disguise ("tίn" for "tín"), as the normaliser reads it back.
fn carries_its_mark(c: char) -> bool {
    use unicode_normalization::UnicodeNormalization;
    matches!(c as u32, 0x370..=0x4FF) && std::iter::once(c).nfd().skip(1).any(is_mark)
}

/// [`fold_words`], with a chunk cache or without (the tests compare the two).
fn fold_words_with(
    source: &str,
    text: &mut String,
    words: &mut Vec<Word>,
    mut cache: Option<&mut FoldCache>,
) -> bool {
    let mut hides = false;
    let t = tables();
    let bytes = source.as_bytes();
    let mut out = std::mem::take(text).into_bytes();
    out.clear();
    out.reserve(bytes.len() + CHUNK_MAX);
    words.clear();
    // The word being read: (folded start, source start, marked).
    let mut word: Option<(usize, usize, bool)> = None;
    let mut gap = Gap::Line;
    // A chunk the cache missed, folded below the slow way: its key, start
    // and end, the number of words before it and the gap before it.
    let mut pending: Option<(ChunkKey, usize, usize, usize, Gap)> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let lo = i;
        let (byte, step) = classify(t, bytes, i);
        if byte != 0 && byte != SKIP && byte != GENERAL {
            // The common case: one letter, one folded byte.
            i += step;
            match &mut word {
                Some(w) => w.2 |= is_mark_lead(b),
                None => {
                    if !out.is_empty() {
                        out.push(b' ');
                    }
                    word = Some((out.len(), lo, is_mark_lead(b)));
                }
            }
            out.push(byte);
            continue;
        }
        let letters = if byte == SKIP {
            i += step;
            if let Some(w) = &mut word {
                w.2 = true;
            }
            continue;
        } else if byte == 0 {
            i += step;
            None
        } else {
            let (cp, clen) = crate::bytes::decode(bytes, i);
            i += clen;
            let c = char::from_u32(cp).unwrap_or(' ');
            if may_disguise(c) {
                hides = true;
                // (Not learnt: replayed from the cache, the chunk would not
                // say it holds one.)
                pending = None;
            }
            match fold_other(t, c) {
                Other::Letters(f, k) => Some((f, k, carries_its_mark(c))),
                Other::Dropped => continue,
                Other::Separator => None,
            }
        };
        match letters {
            Some((f, k, carried)) => {
                let w = word.get_or_insert_with(|| {
                    if !out.is_empty() {
                        out.push(b' ');
                    }
                    (out.len(), lo, false)
                });
                w.2 |= is_mark_lead(b) | carried;
                out.extend_from_slice(f.get(..k).unwrap_or_default());
            }
            None => {
                let ended = word.take().map(|(fs, ss, marked)| {
                    words.push(Word {
                        folded: fs..out.len(),
                        source: ss..lo,
                        marked,
                        gap,
                    });
                    gap = Gap::Space;
                });
                match b {
                    b'\n' | b'\r' => gap = Gap::Line,
                    b' ' | b'\t' => {}
                    _ if gap == Gap::Space => {
                        let c = source.get(lo..i).and_then(|s| s.chars().next());
                        if !c.is_some_and(char::is_whitespace) {
                            gap = if ended.is_some() && opens_join(b) {
                                Gap::Joined
                            } else {
                                Gap::Punct
                            };
                        }
                    }
                    _ => {}
                }
                if let (b' ', Some(cache)) = (b, cache.as_deref_mut()) {
                    if let Some((key, start, end, before, was)) = pending.take() {
                        if lo == end {
                            cache.learn(
                                key,
                                (start, end),
                                bytes,
                                (words, before),
                                &out,
                                (was, gap),
                            );
                        }
                    }
                    if let Some(missed) = replay(cache, bytes, &mut i, &mut out, words, &mut gap) {
                        pending = Some((missed.0, i, missed.1, words.len(), gap));
                    }
                }
            }
        }
    }
    if let Some((fs, ss, marked)) = word {
        words.push(Word {
            folded: fs..out.len(),
            source: ss..bytes.len(),
            marked,
            gap,
        });
    }
    // Only ASCII bytes were written.
    *text = String::from_utf8(out).unwrap_or_default();
    hides
}

/// Takes the chunks from `i` on that `cache` holds, one after another,
/// writing their words, and moves `i` past them. Returns the first chunk
/// it missed (key and end), to be folded the slow way and learnt; `None`
/// when it stopped for another reason (no chunk keyed at `i`, or nothing
/// folded yet: the first word takes no space before it).
#[inline]
fn replay(
    cache: &FoldCache,
    bytes: &[u8],
    i: &mut usize,
    out: &mut Vec<u8>,
    words: &mut Vec<Word>,
    gap: &mut Gap,
) -> Option<(ChunkKey, usize)> {
    if out.is_empty() {
        return None;
    }
    // Locals, written back once: through the references, every chunk
    // would store them again.
    let (mut at, mut g) = (*i, *gap);
    let mut missed = None;
    while let Some((key, end)) = ChunkKey::at(bytes, at) {
        let Some(slot) = cache.get(key) else {
            missed = Some((key, end));
            break;
        };
        if slot.len != 0 {
            let fs = out.len() + 1;
            // A fixed-size copy is a couple of moves; the excess is cut.
            out.extend_from_slice(&slot.spaced);
            out.truncate(fs + usize::from(slot.len));
            let ss = at + usize::from(slot.lead);
            words.push(Word {
                folded: fs..out.len(),
                source: ss..ss + usize::from(slot.word),
                marked: slot.marked,
                gap: if g == Gap::Space { slot.gap } else { g },
            });
            g = slot.after;
        } else if g == Gap::Space {
            g = slot.after;
        }
        at = end + 1;
    }
    (*i, *gap) = (at, g);
    missed
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
        let mut w = MapWriter::new(self, n);
        let t = tables();
        let table = fold_table();
        let bytes = source.as_bytes();
        let mut i = 0;
        loop {
            i = match w.run(table, bytes, i) {
                Halt::End => break,
                Halt::Note { at, gap } => {
                    w.note(at, gap);
                    at + 1
                }
                Halt::General(at) => w.fold_char(t, bytes, at),
            };
        }
        w.finish(self, n);
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

/// Why [`MapWriter::run`] stopped.
enum Halt {
    /// At the end of the source.
    End,
    /// At a character the table leaves to the slow path.
    General(usize),
    /// After the byte at `at`, `gap` bytes after the last counted one: if
    /// it was counted, its folded byte needs a checkpoint or a gap too far
    /// for a delta. (Testing for a far gap before knowing whether the byte
    /// counts keeps the loop shorter, at the cost of a stop at every byte
    /// of a run of 255 or more that fold to nothing.)
    Note { at: usize, gap: usize },
}

/// The state of [`MapWriter::run`]'s loop.
struct Steps<'a> {
    out: &'a mut [u8],
    deltas: &'a mut [u8],
    len: usize,
    last: usize,
    prev: u8,
    mark: usize,
}

impl Steps<'_> {
    /// Folds one source byte whose table value is `byte`: writes a folded
    /// byte and counts it or not, without a branch (continuation bytes,
    /// dropped characters and a separator after a separator do not count).
    #[inline(always)]
    fn step(&mut self, byte: u8, i: usize) -> Option<Halt> {
        if byte == GENERAL {
            return Some(Halt::General(i));
        }
        let keep = byte != SKIP;
        // A separator (0) counts unless the byte before was one too.
        let counted = keep & ((byte | self.prev) != 0);
        let gap = i - self.last;
        if let (Some(o), Some(d)) = (self.out.get_mut(self.len), self.deltas.get_mut(self.len)) {
            *o = byte;
            // Truncated; a far gap is noted below and marked then.
            *d = gap as u8;
        }
        self.last = if counted { i } else { self.last };
        self.len += usize::from(counted);
        self.prev = if keep { byte } else { self.prev };
        // Rare: about once per checkpoint.
        if (gap >= FAR_USIZE) | (self.len == self.mark) {
            return Some(Halt::Note { at: i, gap });
        }
        None
    }
}

/// Writes a [`Folded`] view: its text and its map back to the source.
struct MapWriter {
    /// Folded bytes; sized ahead and written by index, so that a step
    /// writes its byte whether or not it counts (see [`MapWriter::run`]).
    out: Vec<u8>,
    deltas: Vec<u8>,
    far: Vec<(usize, usize)>,
    checkpoints: Vec<usize>,
    /// Folded bytes that count.
    len: usize,
    /// Source offset of the character behind the last folded byte.
    last: usize,
    /// The last folded byte written, 0 for a separator (as the table has
    /// it; [`MapWriter::finish`] makes separators spaces).
    prev: u8,
}

impl MapWriter {
    /// A writer for a source of `n` bytes, with the buffers of `f`.
    fn new(f: &mut Folded, n: usize) -> MapWriter {
        let mut out = std::mem::take(&mut f.text).into_bytes();
        let mut deltas = std::mem::take(&mut f.deltas);
        let mut far = std::mem::take(&mut f.far);
        let mut checkpoints = std::mem::take(&mut f.checkpoints);
        out.clear();
        out.resize(n + 1, 0);
        deltas.clear();
        deltas.resize(n + 1, 0);
        far.clear();
        checkpoints.clear();
        checkpoints.reserve(n / CHECKPOINT + 2);
        MapWriter {
            out,
            deltas,
            far,
            checkpoints,
            len: 0,
            last: 0,
            prev: b'a', // No separator before the text.
        }
    }

    /// Room for `more` folded bytes after those written.
    fn reserve(&mut self, more: usize) {
        let room = self.len + more + 1;
        if self.out.len() < room {
            self.out.resize(room, 0);
            self.deltas.resize(room, 0);
        }
    }

    /// Folds the character at `bytes[at]` the general way; returns where
    /// the next one starts.
    fn fold_char(&mut self, t: &crate::tables::Tables, bytes: &[u8], at: usize) -> usize {
        let (cp, clen) = crate::bytes::decode(bytes, at);
        let next = at + clen;
        // It may fold to more bytes than it has ("Ⅷ" → "viii"), and every
        // byte after it to one: keep room for all of them.
        self.reserve(Other::MAX + bytes.len().saturating_sub(next));
        match fold_other(t, char::from_u32(cp).unwrap_or(' ')) {
            Other::Letters(folded, k) => {
                for &byte in folded.get(..k).unwrap_or_default() {
                    self.emit(byte, at);
                }
                self.prev = b'a'; // Any letter: not a separator.
            }
            Other::Dropped => {}
            Other::Separator => {
                if self.prev != SEP {
                    self.emit(SEP, at);
                    self.prev = SEP;
                }
            }
        }
        next
    }

    /// Appends folded byte `byte`, whose character starts at source offset
    /// `at` (within the room reserved).
    fn emit(&mut self, byte: u8, at: usize) {
        if let Some(o) = self.out.get_mut(self.len) {
            *o = byte;
        }
        self.map(self.len, at - self.last, at);
        self.last = at;
        self.len += 1;
    }

    /// Maps folded byte `index`, whose character starts at source offset
    /// `at`, `gap` bytes after the one before: its delta, and a far gap
    /// and a checkpoint where it needs them.
    fn map(&mut self, index: usize, gap: usize, at: usize) {
        if let Some(d) = self.deltas.get_mut(index) {
            *d = gap.min(FAR_USIZE) as u8;
        }
        if gap >= FAR_USIZE {
            self.far.push((index, gap));
        }
        if index % CHECKPOINT == 0 {
            self.checkpoints.push(at);
        }
    }

    /// Folds `bytes` from `from` a byte at a time (see [`table`]), up to the
    /// end, to a character the table leaves to the slow path, or to a folded
    /// byte the map may have to note; returns where it stopped and why.
    fn run(&mut self, table: &table::FoldTable, bytes: &[u8], from: usize) -> Halt {
        // The loop works on locals and plain slices and calls nothing, so
        // that its state stays in registers instead of memory.
        let mut s = Steps {
            out: &mut self.out[..],
            deltas: &mut self.deltas[..],
            len: self.len,
            last: self.last,
            prev: self.prev,
            // The count at which the next checkpoint's byte has been written.
            mark: self.len.div_ceil(CHECKPOINT) * CHECKPOINT + 1,
        };
        // Every position with four bytes from it, then the last three padded.
        let mut rest = bytes.get(from..).unwrap_or_default();
        let mut i = from;
        let mut halt = Halt::End;
        while let Some(w) = rest.first_chunk::<4>() {
            if let Some(h) = s.step(table.value(u32::from_le_bytes(*w)), i) {
                halt = h;
                break;
            }
            rest = rest.get(1..).unwrap_or_default();
            i += 1;
        }
        if matches!(halt, Halt::End) {
            for j in i..bytes.len() {
                if let Some(h) = s.step(table.value(load4(bytes, j)), j) {
                    halt = h;
                    break;
                }
            }
        }
        (self.len, self.last, self.prev) = (s.len, s.last, s.prev);
        halt
    }

    /// Notes in the map what [`Halt::Note`] asks for.
    fn note(&mut self, at: usize, gap: usize) {
        if self.last != at || self.len == 0 {
            return; // The byte at `at` did not count.
        }
        // The loop wrote the delta truncated: mapped again, whole.
        self.map(self.len - 1, gap, at);
    }

    /// Closes the map with the end of the source (`n`) and gives `f` the
    /// folded text and the map.
    fn finish(mut self, f: &mut Folded, n: usize) {
        // The end of the source, as one more entry.
        self.deltas.resize(self.len + 1, 0);
        self.map(self.len, n - self.last, n);
        self.out.truncate(self.len);
        // Separators (0) become spaces; letters and digits are above the
        // space. An unconditional store, so the compiler vectorises it.
        for b in &mut self.out {
            *b = (*b).max(b' ');
        }
        // Only ASCII bytes were written.
        f.text = String::from_utf8(self.out).unwrap_or_default();
        (f.deltas, f.far, f.checkpoints) = (self.deltas, self.far, self.checkpoints);
    }
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Whether `s` carries a Vietnamese tone or vowel mark (ă â ê ô ơ ư đ, any
/// tone), precomposed or combining; look-alike letters and other combining
/// characters (U+034F) are not marks.
pub(crate) fn has_marks(s: &str) -> bool {
    let t = tables();
    // A combining mark counts only where its composed form would: a tone
    // on a vowel, a vowel mark on the vowels that take it. "N\u{301}" is
    // "Ń" and "i\u{302}" is "î", foreign composed as decomposed.
    let mut vowel: Option<Letter> = None;
    s.chars().any(|c| {
        match crate::tables::combining_of(c) {
            Some(Combining::Tone(_)) => return vowel.is_some(),
            Some(Combining::Mark(m)) => {
                if vowel.is_some_and(|l| takes_mark(l, m)) {
                    return true;
                }
                // A mark the vowel does not take makes it a foreign letter
                // ("o\u{306}" is "ŏ"), as composed it is: a tone after it
                // is no Vietnamese one either.
                vowel = None;
                return false;
            }
            None => {}
        }
        let letter = t.letters.letter_of(c);
        vowel = letter.filter(|l| l.is_vowel());
        letter.is_some_and(|l| l.tone as u8 != 0 || l.mark as u8 != 0) || c == 'Ð' || c == 'ð'
    })
}

/// Whether vowel `l`, still without a vowel mark, takes `m` in
/// Vietnamese (â ê ô, ă, ơ ư): the alphabet's own rule.
fn takes_mark(l: Letter, m: Mark) -> bool {
    l.mark == Mark::None && Letter { mark: m, ..l }.is_vietnamese()
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
        has_marks(self.source_text)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn marks_are_vietnamese_marks_on_vowels_composed_or_not() {
        for marked in [
            "hòa",
            "ho\u{300}a",
            "Đà",
            "ươ",
            "u\u{31b}o\u{31b}",
            "Ðá",
            "a\u{306}n",
            "e\u{302}\u{301}",
            "i\u{300}",
        ] {
            assert!(has_marks(marked), "{marked:?}");
        }
        // Foreign letters, composed or decomposed, and look-alikes.
        for plain in [
            "fb88qŃ",
            "fb88qN\u{301}",
            "fb\u{34f}88",
            "bıng",
            "\u{301}a",
            "caî",
            "cai\u{302}",
            "u\u{302}",
            "e\u{31b}",
            // A tone on a foreign letter, as "ŏ\u{300}" composed.
            "o\u{306}\u{300}",
            "\u{14f}\u{300}",
        ] {
            assert!(!has_marks(plain), "{plain:?}");
        }
    }

    /// `fold_words` must give the words of `fold`, with the same spans.
    fn agree(s: &str) -> Result<(), TestCaseError> {
        let (mut text, mut words) = (String::new(), Vec::new());
        fold_words(s, &mut text, &mut words);
        let f = fold(s);
        let want: Vec<(&str, Range<usize>)> =
            f.tokens().map(|t| (t.folded_text, t.source)).collect();
        let got: Vec<(&str, Range<usize>)> = words
            .iter()
            .map(|w| (&text[w.folded.clone()], w.source.clone()))
            .collect();
        prop_assert_eq!(got, want, "{:?}", s);
        Ok(())
    }

    #[test]
    fn folding_words_says_whether_a_character_may_disguise_one() {
        let (mut text, mut words) = (String::new(), Vec::new());
        for (s, hides) in [
            ("Lịch “trực tiếp” – bóng đá\u{a0}hôm nay…", false),
            ("hac\u{200b}k", true),
            ("b\u{3cc}ng", true),
            ("lư\u{ad}ợng", true),
            ("ｓｏｉ", true),
        ] {
            assert_eq!(fold_words(s, &mut text, &mut words), hides, "{s}");
        }
        // Through the chunk cache too: a chunk holding one is not learnt,
        // so that the second page, which replays the first's chunks, says so.
        let page = "Xem kênh b\u{3cc}ng đá hôm nay. ".repeat(40);
        let mut cache = FoldCache::new();
        for _ in 0..2 {
            assert!(fold_words_with(
                &page,
                &mut text,
                &mut words,
                Some(&mut cache)
            ));
        }
    }

    #[test]
    fn fold_words_agrees_with_fold_on_tricky_text() {
        for s in [
            "",
            "  ",
            "Hội khuyến LICH truyen\u{a0}hinh b\u{200b}óng Ðá!",
            "\u{200b}lead and trail\u{200b} ",
            "Vie\u{302}\u{323}t  Nam, 2024 – ﬁnal ℌ 中文 bоng\r\n",
            "a\u{301}\u{301}b \u{feff}",
        ] {
            agree(s).unwrap();
        }
        let (mut text, mut words) = (String::new(), Vec::new());
        fold_words("Một, hai\nba  bốn", &mut text, &mut words);
        let gaps: Vec<Gap> = words.iter().map(|w| w.gap).collect();
        assert_eq!(gaps, [Gap::Line, Gap::Punct, Gap::Line, Gap::Space]);
        let marked: Vec<bool> = words.iter().map(|w| w.marked).collect();
        assert_eq!(marked, [true, false, false, true]);
    }

    /// The two folds (the byte map's table loop and the word fold's
    /// character loop) give the same words on real text: the seed, its
    /// decomposed form, and the Wikipedia sample, whole.
    #[test]
    fn fold_words_agrees_with_fold_on_real_text() {
        use unicode_normalization::UnicodeNormalization;
        let seed = include_str!("../../fixtures/seed/article.spammed.txt");
        let sample = include_str!("../../fixtures/corpus/viwiki.sample.jsonl");
        agree(seed).unwrap();
        agree(&seed.nfd().collect::<String>()).unwrap();
        agree(sample).unwrap();
    }

    /// The chunk cache changes the cost of folding, never its result: a
    /// long text whose chunks repeat in every setting (line starts, after
    /// punctuation, disguised, marked, glued to punctuation, at the end),
    /// folded cold and then warm, gives the words of the uncached fold.
    #[test]
    fn chunk_cache_does_not_change_the_words() {
        let seed = include_str!("../../fixtures/seed/article.spammed.txt");
        let tricky = [
            "hòa hoà b\u{200b}óng bоng ﬁnal ㎉ kcal ho\u{300}a",
            "học, học học\nhọc  học\thọc",
            "\u{301}học học\u{200b} học\u{200b}x x\u{200b}học",
            "fb88qN\u{301} fb88qŃ fb88 ĐÁ Ðá đá",
            "trao-thưởng trao thưởng «học» học",
        ];
        let mut text = String::new();
        for round in 0..6 {
            text.push_str(seed);
            for (k, d) in tricky.iter().enumerate() {
                if (round + k) % 2 == 0 {
                    text.push_str(d);
                    text.push(if k % 2 == 0 { ' ' } else { '\n' });
                }
            }
        }
        text.push_str(" học");
        let (mut want_text, mut want) = (String::new(), Vec::new());
        fold_words_with(&text, &mut want_text, &mut want, None);
        let mut cache = FoldCache::new();
        for pass in ["cold", "warm"] {
            let (mut got_text, mut got) = (String::new(), Vec::new());
            fold_words_with(&text, &mut got_text, &mut got, Some(&mut cache));
            assert_eq!(got_text, want_text, "{pass}");
            assert_eq!(got, want, "{pass}");
        }
        let kept = cache.kept();
        assert!(kept > 300, "{kept}");
    }

    /// A Greek or Cyrillic look-alike that carries its own mark makes its
    /// word one written with marks, in disguise; one without a mark does
    /// not ("bоng" with a Cyrillic "о" is still bare).
    #[test]
    fn a_look_alike_that_carries_its_mark_marks_its_word() {
        let (mut text, mut words) = (String::new(), Vec::new());
        fold_words(
            "uy t\u{3af}n k\u{450}o s\u{3cc} b\u{43e}ng tin",
            &mut text,
            &mut words,
        );
        assert_eq!(text, "uy tin keo so bong tin");
        let marked: Vec<bool> = words.iter().map(|w| w.marked).collect();
        assert_eq!(marked, [false, true, true, true, false, false]);
    }

    #[test]
    fn chunk_cache_learns_words_after_punctuation() {
        // "Các" opens sentences: it comes after "mưa." and "tỉnh.", never
        // after a bare space, and is still learnt, with the gap a space
        // would give it; "(Ảnh" after punctuation is not (its gap after a
        // space would be `Punct`, which this text does not show).
        let text = "Hôm nay trời mưa. Các tỉnh. (Ảnh: TTXVN). Các em.";
        let mut cache = FoldCache::new();
        let (mut folded, mut words) = (String::new(), Vec::new());
        fold_words_with(text, &mut folded, &mut words, Some(&mut cache));
        let slot = |chunk: &str| {
            let at = text.find(chunk).unwrap_or_default();
            ChunkKey::at(text.as_bytes(), at).and_then(|(key, _)| cache.get(key))
        };
        let cac = slot("Các").map(|s| (s.gap, s.len, s.lead));
        assert_eq!(cac, Some((Gap::Space, 3, 0)));
        assert!(slot("tỉnh.").is_some());
        assert!(slot("(Ảnh:").is_none());
        let (mut again, mut words_again) = (String::new(), Vec::new());
        fold_words_with(text, &mut again, &mut words_again, Some(&mut cache));
        assert_eq!((again, words_again), (folded, words));
    }

    /// Chunks that fold to a word, to separators only, with separators
    /// before or after the word, with line breaks, marks and disguises.
    const CHUNKS: &[&str] = &[
        "học",
        "Học",
        "(Ảnh:",
        "“Tôi”",
        "–",
        "...",
        "học,",
        "«học»",
        "\u{200b}học",
        "học\u{200b}",
        "\u{301}học",
        "b\u{43e}ng",
        "ﬁ",
        "㎉",
        "x\u{a0}y",
        "\u{a0}học",
        "a.b",
        "học\nhọc",
        "\nhọc",
        "học\n",
        "\t",
        "fb88qN\u{301}",
        "Ðá",
        "2024",
        "nghiêng-ngả",
        "ﾃｽﾄ",
        "中文",
        "\u{3000}",
        ",",
        "đá!",
    ];

    proptest! {
        /// Any sequence of those chunks, joined by one or two spaces or a
        /// line break, folds the same with a warm cache as without one.
        #[test]
        fn chunk_cache_agrees_on_any_chunk_sequence(
            picks in proptest::collection::vec((0..CHUNKS.len(), 0..4usize), 1..80)
        ) {
            let mut text = String::new();
            for &(c, sep) in &picks {
                text.push_str(CHUNKS[c]);
                text.push_str([" ", "  ", " \n", "\n "][sep]);
            }
            let (mut want_text, mut want) = (String::new(), Vec::new());
            fold_words_with(&text, &mut want_text, &mut want, None);
            let mut cache = FoldCache::new();
            for _ in 0..2 {
                let (mut got_text, mut got) = (String::new(), Vec::new());
                fold_words_with(&text, &mut got_text, &mut got, Some(&mut cache));
                prop_assert_eq!(&got_text, &want_text);
                prop_assert_eq!(&got, &want, "{:?}", text);
            }
        }
    }

    proptest! {
        #[test]
        fn fold_words_agrees_with_fold(s in any::<String>()) {
            agree(&s)?;
        }
    }
}
