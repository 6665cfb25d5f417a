//! What the document itself says: its words, the context around each
//! occurrence of a phrase, and the untouched text seen around the same
//! neighbours ("khuyến học các" in the title, where the body reads
//! "khuyến ___ các").

use std::hash::Hasher;
use std::ops::Range;

use crate::detect::Finding;
use crate::lm::{scan, Piece, COMMA};
use crate::tables::{KeyHasher, KeyMap, KeySet};

/// A word (or comma) of the text as the model reads it.
pub(super) struct Word {
    pub(super) span: Range<usize>,
    /// Hash of its lower-case form: the document's words are compared by
    /// key, so no word is lower-cased into a string unless it is needed.
    pub(super) key: u64,
    /// Written in lower case (a sentence-initial "Học" escapes a
    /// case-sensitive replace, so it says nothing about one).
    pub(super) lowercase: bool,
    /// Punctuation or a line break separates it from the word before.
    pub(super) after_break: bool,
    /// Inside a finding.
    pub(super) spam: bool,
}

/// `c` in lower case when that is one character: the letters of
/// Vietnamese text without the Unicode tables, the rest by them.
#[inline]
fn lower_char(c: char) -> Option<char> {
    let cp = c as u32;
    let lowered = match cp {
        0..=0x7F => cp | u32::from(c.is_ascii_uppercase()) << 5,
        0xC0..=0xDE if cp != 0xD7 => cp + 0x20,
        0xDF..=0xFF => cp,
        // Ă Đ Ĩ Ũ Ơ Ư.
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 | 0x1AF => cp + 1,
        // Latin Extended Additional: upper case at even code points.
        0x1EA0..=0x1EFF => cp | 1,
        _ => {
            let mut l = c.to_lowercase();
            return match (l.next(), l.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            };
        }
    };
    char::from_u32(lowered)
}

/// The key of a word's lower-case form, and whether it is written in
/// lower case already. Hashed a character at a time; never 0, which
/// `Context::keys` uses for "no word".
pub(super) fn key_of(s: &str) -> (u64, bool) {
    let mut h = KeyHasher::default();
    let mut lowercase = true;
    for c in s.chars() {
        match lower_char(c) {
            Some(l) => {
                lowercase &= l == c;
                h.write_u64(u64::from(u32::from(l)));
            }
            None => {
                lowercase = false;
                for l in c.to_lowercase() {
                    h.write_u64(u64::from(u32::from(l)));
                }
            }
        }
    }
    (h.finish() | 1, lowercase)
}

/// The lower-case form of `word`.
pub(super) fn lower(text: &str, word: &Word) -> String {
    let s = text.get(word.span.clone()).unwrap_or_default();
    if s == COMMA {
        return COMMA.to_string();
    }
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The words (and commas) of the text, marked when inside a finding.
pub(super) fn words_of(text: &str, findings: &[Finding]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 5);
    let mut brk = true;
    let mut f = 0;
    scan(text, |r, piece| {
        if piece == Piece::Break {
            brk = true;
            return;
        }
        while findings.get(f).is_some_and(|x| x.end <= r.start) {
            f += 1;
        }
        let (key, lowercase) = key_of(text.get(r.clone()).unwrap_or_default());
        out.push(Word {
            key,
            lowercase,
            spam: findings.get(f).is_some_and(|x| x.start < r.end),
            span: r,
            after_break: brk,
        });
        brk = false;
    });
    out
}

/// One occurrence's context: up to two words each side (indices into the
/// words), within its sentence, `None` past a break or another finding.
pub(super) struct Context {
    pub(super) left: [Option<usize>; 2],
    pub(super) right: [Option<usize>; 2],
}

impl Context {
    pub(super) fn of(text: &str, words: &[Word], f: &Finding) -> Context {
        let before = words.partition_point(|w| w.span.end <= f.start);
        let after = words.partition_point(|w| w.span.start < f.end);
        let breaks = |gap: Range<usize>| {
            let mut broken = false;
            scan(text.get(gap).unwrap_or_default(), |_, p| {
                broken |= p != Piece::Word
            });
            broken
        };
        let usable = |j: usize| words.get(j).filter(|w| !w.spam).map(|_| j);
        let mut ctx = Context {
            left: [None; 2],
            right: [None; 2],
        };
        if let Some(l1) = before.checked_sub(1).and_then(usable) {
            if words.get(l1).is_some_and(|w| !breaks(w.span.end..f.start)) {
                ctx.left[0] = Some(l1);
                let joined = words.get(l1).is_some_and(|w| !w.after_break);
                ctx.left[1] = l1.checked_sub(1).and_then(usable).filter(|_| joined);
            }
        }
        if let Some(r1) = usable(after) {
            if words.get(r1).is_some_and(|w| !breaks(f.end..w.span.start)) {
                ctx.right[0] = Some(r1);
                ctx.right[1] =
                    usable(r1 + 1).filter(|&j| words.get(j).is_some_and(|w| !w.after_break));
            }
        }
        ctx
    }

    /// The keys of the words around the gap (0: none): l2, l1, r1, r2.
    pub(super) fn keys(&self, words: &[Word]) -> [u64; 4] {
        let key = |j: Option<usize>| j.and_then(|j| words.get(j)).map_or(0, |w| w.key);
        [
            key(self.left[1]),
            key(self.left[0]),
            key(self.right[0]),
            key(self.right[1]),
        ]
    }
}

/// Key of an ordered pair of word keys.
fn pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Words seen in one context: (index of an example in the words, count).
type Seen = Vec<(usize, f32)>;

fn add(seen: &mut Seen, words: &[Word], j: usize) {
    let key = words.get(j).map_or(0, |w| w.key);
    match seen
        .iter_mut()
        .find(|(k, _)| words.get(*k).is_some_and(|w| w.key == key))
    {
        Some(e) => e.1 += 1.0,
        None => seen.push((j, 1.0)),
    }
}

/// The untouched text's n-grams that share the contexts' neighbours:
/// what follows the same pair, what precedes it, what stands between the
/// same two words, and how often those two stand side by side.
#[derive(Default)]
pub(super) struct Evidence {
    after_pair: KeyMap<Seen>,
    before_pair: KeyMap<Seen>,
    between: KeyMap<Seen>,
    adjacent: KeyMap<f32>,
}

/// How much a match on each kind of context counts.
const PAIR_CREDIT: f32 = 3.0;
const BETWEEN_CREDIT: f32 = 4.0;

impl Evidence {
    /// One pass over the words, keeping only the n-grams some context asks
    /// about (the rest of the page costs a flag lookup per word).
    pub(super) fn gather<'c>(words: &[Word], contexts: impl Iterator<Item = &'c [u64; 4]>) -> Self {
        const L1: u8 = 1;
        const R1: u8 = 2;
        let mut flags: KeyMap<u8> = KeyMap::default();
        let (mut left, mut right, mut mid) =
            (KeySet::default(), KeySet::default(), KeySet::default());
        for &[l2, l1, r1, r2] in contexts {
            if l1 != 0 {
                *flags.entry(l1).or_default() |= L1;
                if l2 != 0 {
                    left.insert(pair(l2, l1));
                }
            }
            if r1 != 0 {
                *flags.entry(r1).or_default() |= R1;
                if r2 != 0 {
                    right.insert(pair(r1, r2));
                }
            }
            if l1 != 0 && r1 != 0 {
                mid.insert(pair(l1, r1));
            }
        }
        let mut ev = Evidence::default();
        if flags.is_empty() {
            return ev;
        }
        let flag: Vec<u8> = words
            .iter()
            .map(|w| flags.get(&w.key).copied().unwrap_or(0))
            .collect();
        let flag = |j: usize| flag.get(j).copied().unwrap_or(0);
        // Words j and j + 1 stand side by side in untouched text.
        let joined = |j: usize| {
            words.get(j).is_some_and(|w| !w.spam)
                && words.get(j + 1).is_some_and(|w| !w.after_break && !w.spam)
        };
        let key = |j: usize| words.get(j).map_or(0, |w| w.key);
        for i in 1..words.len() {
            if !joined(i - 1) {
                continue;
            }
            let (fa, fb) = (flag(i - 1), flag(i));
            if fa == 0 && fb == 0 {
                continue;
            }
            let (a, b) = (key(i - 1), key(i));
            if fa & L1 != 0 && fb & R1 != 0 && mid.contains(&pair(a, b)) {
                *ev.adjacent.entry(pair(a, b)).or_default() += 1.0;
            }
            if !joined(i) {
                continue;
            }
            let c = key(i + 1);
            if fb & L1 != 0 && left.contains(&pair(a, b)) {
                add(ev.after_pair.entry(pair(a, b)).or_default(), words, i + 1);
            }
            if fb & R1 != 0 && right.contains(&pair(b, c)) {
                add(ev.before_pair.entry(pair(b, c)).or_default(), words, i - 1);
            }
            if fa & L1 != 0 && flag(i + 1) & R1 != 0 && mid.contains(&pair(a, c)) {
                add(ev.between.entry(pair(a, c)).or_default(), words, i);
            }
        }
        ev
    }

    /// Calls `f(word index, credit, entry)` for each word the untouched
    /// text shows in this context: one word on both sides, or two on one
    /// side (`entry` names the n-gram that shows it). A
    /// single neighbour misleads: "khuyến tài" stands untouched all through
    /// an article where "khuyến học" was replaced. Returns how often the
    /// two neighbours stand side by side (evidence that nothing was there).
    pub(super) fn credit(&self, keys: &[u64; 4], mut f: impl FnMut(usize, f32, u64)) -> f32 {
        let [l2, l1, r1, r2] = *keys;
        let mut give = |map: &KeyMap<Seen>, key: u64, weight: f32, kind: u64| {
            for &(j, count) in map.get(&key).into_iter().flatten() {
                f(j, weight * count, key ^ kind);
            }
        };
        if l2 != 0 && l1 != 0 {
            give(&self.after_pair, pair(l2, l1), PAIR_CREDIT, 1);
        }
        if r1 != 0 && r2 != 0 {
            give(&self.before_pair, pair(r1, r2), PAIR_CREDIT, 2);
        }
        if l1 != 0 && r1 != 0 {
            give(&self.between, pair(l1, r1), BETWEEN_CREDIT, 3);
            return self.adjacent.get(&pair(l1, r1)).copied().unwrap_or(0.0);
        }
        0.0
    }
}

/// For each key of `candidates`, whether a word of that lower-case form
/// still stands untouched at or after byte `from`.
pub(super) fn standing(words: &[Word], from: usize, candidates: &[u64]) -> Vec<bool> {
    let index: KeyMap<usize> = candidates
        .iter()
        .enumerate()
        .map(|(k, &c)| (c, k))
        .collect();
    let mut out = vec![false; candidates.len()];
    let start = words.partition_point(|w| w.span.start < from);
    for w in words.get(start..).unwrap_or_default() {
        if w.spam || !w.lowercase {
            continue;
        }
        if let Some(s) = index.get(&w.key).and_then(|&k| out.get_mut(k)) {
            *s = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_lower_case_agrees_with_unicode() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let mut l = c.to_lowercase();
            let one = match (l.next(), l.next()) {
                (Some(a), None) => Some(a),
                _ => None,
            };
            assert_eq!(lower_char(c), one, "{c:?}");
        }
        assert_eq!(key_of("HỌC"), (key_of("học").0, false));
        assert_eq!(key_of("Ơn").0, key_of("ơn").0);
        assert!(key_of("học").1);
        assert_ne!(key_of("học").0, key_of("hoc").0);
    }
}
