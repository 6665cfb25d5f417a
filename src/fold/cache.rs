//! Chunk caches for folding: real text repeats a few thousand distinct
//! chunks (bytes between two spaces), and a chunk folds the same wherever
//! it stands, so a repeat costs a hash and a copy instead of a decode per
//! character. One cache per thread, kept across calls: what a chunk folds
//! to depends on its bytes alone.

use std::cell::RefCell;

use super::{Gap, Word};
use crate::chunk::ChunkKey;

/// Texts shorter than this are folded without the chunk cache: a short
/// text alone gains little from it.
pub(super) const CACHE_MIN_TEXT: usize = 256;
/// The cache has 2^15 slots of 32 bytes (1 MB): real text of 1 MB has
/// about 13,000 distinct chunks, and a direct-mapped table needs room to
/// spare against collisions (2^13 slots: 6 % slower detection; 2^16
/// outgrows the core's 2 MB L2 cache and is slower again).
const CACHE_BITS: u32 = 15;
/// Longest folded word a slot holds.
const FOLDED_MAX: usize = 8;

/// A direct-mapped cache of chunks (bytes between two spaces) with what
/// folding them gives: at most one word, with separators before and after
/// it ("học", "(Ảnh:", "–"). A chunk folds the same wherever it stands, so
/// a repeat costs a hash and a copy instead of a decode per character.
pub(crate) struct FoldCache {
    slots: Vec<Slot>,
}

/// A folded chunk. Its effect on the gap before the next word depends on
/// that gap only when it is [`Gap::Space`] (separators turn it into
/// [`Gap::Punct`]); chunks holding a line break are not kept, so a
/// [`Gap::Line`] or [`Gap::Punct`] before passes through unchanged.
// 32 bytes, aligned: one lookup touches one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
pub(super) struct Slot {
    /// The chunk; the all-zero key of an empty slot is no chunk's (every
    /// key carries its chunk's length, 1 or more).
    pub(super) key: ChunkKey,
    /// A space, then the folded bytes (a word of up to 8 letters: every
    /// Vietnamese syllable): copied whole after the word before.
    pub(super) spaced: [u8; 1 + FOLDED_MAX],
    /// Folded length: 0 for a chunk of separators only.
    pub(super) len: u8,
    /// Source bytes before the word, and of the word (see [`Word::source`]).
    pub(super) lead: u8,
    pub(super) word: u8,
    pub(super) marked: bool,
    /// The word's gap, and the gap after the chunk, where a space came before.
    pub(super) gap: Gap,
    pub(super) after: Gap,
}

impl Default for Slot {
    fn default() -> Slot {
        Slot {
            key: ChunkKey::default(),
            spaced: [b' '; 1 + FOLDED_MAX],
            len: 0,
            lead: 0,
            word: 0,
            marked: false,
            gap: Gap::Space,
            after: Gap::Space,
        }
    }
}

impl FoldCache {
    pub(super) fn new() -> FoldCache {
        FoldCache {
            slots: vec![Slot::default(); 1 << CACHE_BITS],
        }
    }

    /// How many chunks it holds.
    #[cfg(test)]
    pub(super) fn kept(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.key != ChunkKey::default())
            .count()
    }

    #[inline]
    pub(super) fn get(&self, key: ChunkKey) -> Option<&Slot> {
        let slot = self.slots.get(key.slot(CACHE_BITS))?;
        (slot.key == key).then_some(slot)
    }

    /// Remembers chunk `key` at `start..end` of `source`, folded the slow
    /// way into `words` after the first `before`, into `out`, where the gap
    /// was `gap` before it and is `after` past it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn learn(
        &mut self,
        key: ChunkKey,
        (start, end): (usize, usize),
        source: &[u8],
        (words, before): (&[Word], usize),
        out: &[u8],
        (gap, after): (Gap, Gap),
    ) {
        let Some(chunk) = source.get(start..end) else {
            return;
        };
        if chunk.iter().any(|&b| b == b'\n' || b == b'\r') {
            return;
        }
        let mut slot = Slot {
            key,
            after,
            ..Slot::default()
        };
        match words.get(before..) {
            // Separators alone change a gap after a space only.
            Some([]) if gap == Gap::Space => {}
            Some([w]) => {
                let folded = out.get(w.folded.clone()).unwrap_or_default();
                let lead = w.source.start.checked_sub(start);
                let (Some(to), Ok(len), Some(lead), Ok(word)) = (
                    slot.spaced.get_mut(1..1 + folded.len()),
                    u8::try_from(folded.len()),
                    lead.and_then(|l| u8::try_from(l).ok()),
                    u8::try_from(w.source.len()),
                ) else {
                    // Longer words are left to the slow way.
                    return;
                };
                to.copy_from_slice(folded);
                (slot.len, slot.lead, slot.word) = (len, lead, word);
                slot.marked = w.marked;
                // The slot keeps the word's gap after a space. After
                // punctuation ("... Các") the word took that gap instead,
                // and would have taken the space's where it opens the
                // chunk: what turns a space to `Punct` lies before the
                // word. Sentence openers are learnt that way.
                slot.gap = match (gap, lead) {
                    (Gap::Space, _) => w.gap,
                    (_, 0) => Gap::Space,
                    _ => return,
                };
            }
            _ => return,
        }
        if let Some(s) = self.slots.get_mut(key.slot(CACHE_BITS)) {
            *s = slot;
        }
    }
}

thread_local! {
    /// One cache per thread, kept across calls: the fold of a chunk depends
    /// on its bytes alone, so every detector on the thread shares it, and a
    /// pipeline's documents repeat the same chunks.
    pub(super) static CACHE: RefCell<Option<FoldCache>> = const { RefCell::new(None) };
}
