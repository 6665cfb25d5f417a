//! The set of Vietnamese syllables, from `data/syllables.txt`.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::letters::{Letter, LetterTables};

const SYLLABLES: &str = include_str!("../../data/syllables.txt");

/// Longest syllable the packed key holds ("nghiêng" has 7 letters).
pub(crate) const MAX_LETTERS: usize = 10;

/// Keys are already well mixed by `pack`; a multiply is enough.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // Mixed into what came before, so pairs of keys hash by both.
        self.0 = (self.0.rotate_left(29) ^ n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
pub(crate) type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Toneless syllables with the tones each one takes, and their ASCII
/// skeletons (đ → d, marks dropped).
pub(crate) struct SyllableSet {
    tones: KeyMap<u8>,
    skeletons: KeySet,
}

/// Packs base + mark of up to [`MAX_LETTERS`] letters into a key, ignoring
/// tone and case; `None` when too long.
#[inline]
pub(crate) fn pack(letters: &[Letter]) -> Option<u64> {
    if letters.len() > MAX_LETTERS {
        return None;
    }
    Some(letters.iter().fold(0u64, |k, l| (k << 6) | l.code()))
}

/// Packs an ASCII skeleton (lower-case letters only).
#[inline]
pub(crate) fn pack_ascii(s: &[u8]) -> Option<u64> {
    if s.len() > MAX_LETTERS {
        return None;
    }
    s.iter().try_fold(0u64, |k, &b| {
        b.is_ascii_lowercase()
            .then(|| (k << 6) | u64::from(b - b'a' + 1))
    })
}

impl SyllableSet {
    pub(crate) fn build(letters: &LetterTables) -> SyllableSet {
        let mut tones = KeyMap::default();
        let mut skeletons = KeySet::default();
        let mut buf = Vec::with_capacity(MAX_LETTERS);
        let mut skel = Vec::with_capacity(MAX_LETTERS);
        for line in SYLLABLES.lines() {
            buf.clear();
            skel.clear();
            let mut tone = super::Tone::Level;
            for c in line.trim().chars() {
                match letters.letter_of(c) {
                    Some(l) => {
                        if l.tone != super::Tone::Level {
                            tone = l.tone;
                        }
                        buf.push(Letter {
                            tone: super::Tone::Level,
                            upper: false,
                            ..l
                        });
                        skel.push(l.base);
                    }
                    None => {
                        debug_assert!(false, "bad syllable line {line:?}");
                    }
                }
            }
            if let Some(k) = pack(&buf) {
                *tones.entry(k).or_insert(0) |= tone.bit();
            }
            if let Some(k) = pack_ascii(&skel) {
                skeletons.insert(k);
            }
        }
        SyllableSet { tones, skeletons }
    }

    /// The tones (as a bit set of `Tone::bit`) that the toneless syllable
    /// `letters` takes; 0 when it is not a syllable.
    #[inline]
    pub(crate) fn tones_of(&self, letters: &[Letter]) -> u8 {
        pack(letters)
            .and_then(|k| self.tones.get(&k).copied())
            .unwrap_or(0)
    }

    /// Whether lower-case ASCII `s` is the skeleton of some syllable.
    #[inline]
    pub(crate) fn is_skeleton(&self, s: &[u8]) -> bool {
        pack_ascii(s).is_some_and(|k| self.skeletons.contains(&k))
    }

    /// The packed keys of every skeleton.
    pub(crate) fn skeletons(&self) -> impl Iterator<Item = u64> + '_ {
        self.skeletons.iter().copied()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.tones.len()
    }
}
