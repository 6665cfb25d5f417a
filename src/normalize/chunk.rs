//! Chunks: the bytes between two spaces. Words never span a space, so the
//! quick scan and the word pass can judge and fix a chunk on its own, and
//! remember the verdict for its next occurrence; real text repeats a few
//! thousand distinct chunks.

/// Longest chunk that is keyed (and so cached).
pub(super) const CHUNK_MAX: usize = 16;

/// A chunk of at most 16 bytes that ends at a space, as two words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ChunkKey(u64, u64);

impl ChunkKey {
    /// The chunk starting at `i`, read with two 8-byte loads, and where it
    /// ends (the space after it); `None` when it is longer than 16 bytes or
    /// the text is too short to load.
    #[inline]
    pub(super) fn at(b: &[u8], i: usize) -> Option<(ChunkKey, usize)> {
        let load = |o: usize| -> Option<u64> {
            Some(u64::from_le_bytes(b.get(o..o + 8)?.try_into().ok()?))
        };
        let (w0, w1) = (load(i)?, load(i + 8)?);
        let len = match first_space(w0) {
            Some(p) => p,
            None => 8 + first_space(w1)?,
        };
        if len == 0 {
            return None;
        }
        let mask = |n: usize| {
            if n >= 8 {
                u64::MAX
            } else {
                (1u64 << (n * 8)) - 1
            }
        };
        Some((
            ChunkKey(w0 & mask(len), w1 & mask(len.saturating_sub(8))),
            i + len,
        ))
    }

    /// The key of a whole chunk of 1 to 16 bytes.
    pub(super) fn of(chunk: &str) -> Option<ChunkKey> {
        let chunk = chunk.as_bytes();
        if chunk.is_empty() || chunk.len() > CHUNK_MAX {
            return None;
        }
        let mut w = [0u8; CHUNK_MAX];
        w.get_mut(..chunk.len())?.copy_from_slice(chunk);
        let word = |o: usize| -> Option<u64> {
            Some(u64::from_le_bytes(w.get(o..o + 8)?.try_into().ok()?))
        };
        Some(ChunkKey(word(0)?, word(8)?))
    }

    /// A slot in a table of `2^bits` entries.
    pub(super) fn slot(self, bits: u32) -> usize {
        let h =
            self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.1.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        (h >> (64 - bits)) as usize
    }
}

/// The index of the first space byte in `w` (little-endian), if any.
#[inline]
fn first_space(w: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = w ^ (ONES * u64::from(b' '));
    let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
    (zero != 0).then(|| zero.trailing_zeros() as usize / 8)
}
