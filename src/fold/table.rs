//! The fold of every common character in one table, looked up from any
//! byte position without decoding.
//!
//! Folding a character at a time makes each step wait on the length of
//! the character before it, and a branch on that length mispredicts on
//! Vietnamese text, where ASCII and accented letters alternate at random.
//! [`Folded::fill`](super::Folded) therefore visits every byte: the byte
//! and the two after it give an index into this table, which answers
//! "what does the character starting here fold to", and continuation bytes
//! answer [`SKIP`]. Nothing in a step depends on the step before except
//! the output position, so the core runs many steps ahead.

use std::sync::OnceLock;

use super::{classify, fold_other, Other, GENERAL, SKIP};
use crate::tables::tables;

/// The table's answer for a separator, which folds to a space: 0, so that
/// "a separator after a separator" is one test of two bytes together.
pub(super) const SEP: u8 = 0;

/// The table is indexed by a character's bytes, not its code point: the
/// lead byte picks a region and a mask, and the six payload bits of the
/// following bytes, taken where they stand, give the place in it. Regions:
/// three-byte characters at 0 (16 leads × 2^14: bytes two and three at
/// bits 0-5 and 8-13), two-byte characters at `TWO` (32 leads × 64), and
/// single bytes at `ONE` (ASCII, continuation bytes, four-byte leads).
const TWO: u32 = 0x4_0000;
const ONE: u32 = TWO + 32 * 64;
/// A power of two above every index, so that an index masked to it needs
/// no bounds check; only the entries for real characters are ever read.
const LEN: usize = 0x8_0000;

/// Blocks of three-byte characters that real text uses and that get an
/// entry; the rest of the BMP answers [`GENERAL`] and takes the slow path,
/// as before, so that the table builds in well under a millisecond.
const BLOCKS: &[(u32, u32)] = &[
    // Latin Extended Additional: Vietnamese letters with tone marks.
    (0x1E00, 0x1F00),
    // General punctuation (dashes, quotes, invisible characters),
    // super- and subscripts, currency signs, letterlike symbols.
    (0x2000, 0x2150),
    // CJK punctuation and the ideographic space.
    (0x3000, 0x3040),
    // Variation selectors, the byte order mark, fullwidth forms.
    (0xFE00, 0xFE10),
    (0xFEFF, 0xFF00),
    (0xFF00, 0xFFF0),
];

/// One allocation, so that the fold loop keeps a single pointer to it.
pub(super) struct FoldTable(Box<Entries>);

struct Entries {
    /// Per lead byte: the base of its region (bits 0-31) and the mask of
    /// the following bytes' bits that index it (bits 32-63).
    lead: [u64; 256],
    /// Per index: the folded letter, [`SEP`] for a separator, [`SKIP`] for a
    /// continuation byte or a character dropped without a break, [`GENERAL`]
    /// for the slow path.
    values: [u8; LEN],
}

static TABLE: OnceLock<FoldTable> = OnceLock::new();

/// The process-wide table.
#[inline]
pub(super) fn fold_table() -> &'static FoldTable {
    TABLE.get_or_init(FoldTable::build)
}

impl FoldTable {
    fn build() -> FoldTable {
        let mut lead = [0u64; 256];
        for (b, e) in (0u32..).zip(lead.iter_mut()) {
            let (base, mask) = match b {
                0xC2..=0xDF => (TWO + ((b & 0x1F) << 6), 0x3Fu32),
                0xE0..=0xEF => ((b & 0x0F) << 14, 0x3F3F),
                _ => (ONE + b, 0),
            };
            *e = u64::from(base) | (u64::from(mask) << 32);
        }
        let mut table = FoldTable(Box::new(Entries {
            lead,
            values: [GENERAL; LEN],
        }));
        let t = tables();
        let ranges = std::iter::once((0x80, 0x800)).chain(BLOCKS.iter().copied());
        for c in ranges
            .flat_map(|(lo, hi)| lo..hi)
            .filter_map(char::from_u32)
        {
            let mut buf = [0u8; 4];
            let at = table.index(load4(c.encode_utf8(&mut buf).as_bytes(), 0));
            if let Some(v) = table.0.values.get_mut(at) {
                *v = entry(t, c);
            }
        }
        for b in 0..=255u8 {
            let value = match b {
                0x00..=0x7F => entry(t, char::from(b)),
                0x80..=0xBF => SKIP,
                _ => GENERAL,
            };
            if let Some(v) = table.0.values.get_mut((ONE + u32::from(b)) as usize) {
                *v = value;
            }
        }
        table
    }

    /// The index of the character starting at the first byte of `w`.
    #[inline(always)]
    fn index(&self, w: u32) -> usize {
        // In bounds by construction (a byte; a mask of the table's
        // power-of-two length), so the compiler drops both checks.
        let e = self.0.lead.get((w & 0xFF) as usize).copied().unwrap_or(0);
        let index = (e as u32).wrapping_add((w >> 8) & (e >> 32) as u32);
        index as usize & (LEN - 1)
    }

    /// What the character starting at the first byte of `w` (the source
    /// bytes from there, little-endian, zero-padded) folds to; [`SKIP`] if
    /// a character does not start there.
    #[inline(always)]
    pub(super) fn value(&self, w: u32) -> u8 {
        self.0.values.get(self.index(w)).copied().unwrap_or(GENERAL)
    }
}

/// The table's answer for `c`: what the character-at-a-time path
/// ([`classify`], then [`fold_other`]) folds it to, where that is one byte.
fn entry(t: &crate::tables::Tables, c: char) -> u8 {
    let mut buf = [0u8; 4];
    let bytes = c.encode_utf8(&mut buf).as_bytes();
    match classify(t, bytes, 0).0 {
        0 => SEP,
        GENERAL => match fold_other(t, c) {
            Other::Letters(f, 1) => f[0],
            Other::Letters(..) => GENERAL,
            Other::Dropped => SKIP,
            Other::Separator => SEP,
        },
        v => v,
    }
}

/// The four source bytes from `i`, little-endian, zero-padded at the end.
#[inline(always)]
pub(super) fn load4(bytes: &[u8], i: usize) -> u32 {
    match bytes.get(i..i + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => {
            let mut w = [0u8; 4];
            for (k, slot) in w.iter_mut().enumerate() {
                *slot = bytes.get(i + k).copied().unwrap_or(0);
            }
            u32::from_le_bytes(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table answers what the character-at-a-time path answers, for
    /// every character it covers, and the slow path for the rest.
    #[test]
    fn table_agrees_with_classify_and_fold_other() {
        let t = tables();
        let table = fold_table();
        let mut covered = 0;
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let mut buf = [0u8; 8];
            let n = c.len_utf8();
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let value = table.value(load4(bytes, 0));
            let want = entry(t, c);
            if value != GENERAL {
                covered += 1;
                assert_eq!(value, want, "{c:?}");
            }
            // Continuation bytes never start a character.
            for k in 1..n {
                assert_eq!(table.value(load4(&buf, k)), SKIP, "{c:?} byte {k}");
            }
        }
        // ASCII, the two-byte range and the blocks: most of what real text
        // uses. (Letters with no Latin skeleton, Greek and most Cyrillic,
        // fold to themselves: several bytes, the slow path.)
        assert!(covered > 1_850, "{covered}");
        for s in ["a", "Ệ", "đ", "\u{200b}", "–", "Ｆ", "\u{301}"] {
            let v = table.value(load4(s.as_bytes(), 0));
            assert_ne!(v, GENERAL, "{s:?}");
        }
    }
}
