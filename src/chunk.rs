//! Chunks: the bytes between two spaces. Words never span a space, so the
//! normaliser's quick scan and word pass, and the folded view, can judge,
//! fix or fold a chunk on its own and remember the result for its next
//! occurrence; real text repeats a few thousand distinct chunks.

/// Longest chunk that is keyed (and so cached).
pub(crate) const CHUNK_MAX: usize = 14;

/// A chunk of at most 14 bytes that ends at a space, as two words: its
/// bytes, zero-padded, and its length in the fifteenth byte, so that a
/// chunk holding NUL bytes ("ầu`\0\0") keeps a key of its own, apart from
/// its shorter twin ("ầu`"). The last byte is left to [`ChunkKey::tagged`].
/// No chunk has the all-zero key (the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ChunkKey(u64, u64);

/// Where a key keeps its length.
const LEN_SHIFT: u32 = 48;

impl ChunkKey {
    /// The chunk starting at `i` and where it ends (the space after it);
    /// `None` when it is empty, longer than 14 bytes, or the text too short
    /// to load its bytes eight at a time.
    #[inline]
    pub(crate) fn at(b: &[u8], i: usize) -> Option<(ChunkKey, usize)> {
        Self::until(b, i, first_space)
    }

    /// [`ChunkKey::at`], where a line feed ends a chunk too: for a reader
    /// that handles line breaks between chunks itself.
    #[inline]
    pub(crate) fn at_line(b: &[u8], i: usize) -> Option<(ChunkKey, usize)> {
        // A chunk ending at a tab or another control is not keyed.
        Self::until(b, i, first_blank).filter(|&(_, end)| matches!(b.get(end), Some(b' ' | b'\n')))
    }

    #[inline(always)]
    fn until(b: &[u8], i: usize, end_in: fn(u64) -> u64) -> Option<(ChunkKey, usize)> {
        let w0 = crate::bytes::load(b, i)?;
        let e0 = end_in(w0);
        // Most chunks end within eight bytes: one word to read and mask.
        let (key, len) = if e0 != 0 {
            let len = (e0.trailing_zeros() / 8) as usize;
            (ChunkKey(w0 & below_first(e0), 0), len)
        } else {
            let w1 = crate::bytes::load(b, i + 8)?;
            let e1 = end_in(w1);
            let len = 8 + (e1.trailing_zeros() / 8) as usize;
            (ChunkKey(w0, w1 & below_first(e1)), len)
        };
        if len > CHUNK_MAX || len == 0 {
            return None;
        }
        Some((ChunkKey(key.0, key.1 | (len as u64) << LEN_SHIFT), i + len))
    }

    /// The key of a whole chunk of 1 to 14 bytes.
    pub(crate) fn of(chunk: &str) -> Option<ChunkKey> {
        let chunk = chunk.as_bytes();
        if chunk.is_empty() || chunk.len() > CHUNK_MAX {
            return None;
        }
        let mut w = [0u8; 16];
        w.get_mut(..chunk.len())?.copy_from_slice(chunk);
        let word = |o: usize| -> Option<u64> {
            Some(u64::from_le_bytes(w.get(o..o + 8)?.try_into().ok()?))
        };
        Some(ChunkKey(
            word(0)?,
            word(8)? | (chunk.len() as u64) << LEN_SHIFT,
        ))
    }

    /// The key with `tag` in its last byte, which every key leaves zero: a
    /// cache stores a small value in the key's own 16 bytes.
    #[inline]
    pub(crate) fn tagged(self, tag: u8) -> ChunkKey {
        ChunkKey(self.0, self.1 | (u64::from(tag) << 56))
    }

    /// The tag of a key made by [`ChunkKey::tagged`] from `self`, if `tagged`
    /// is that key.
    #[inline]
    pub(crate) fn tag_of(self, tagged: ChunkKey) -> Option<u8> {
        const LOW: u64 = u64::MAX >> 8;
        (tagged.0 == self.0 && tagged.1 & LOW == self.1).then_some((tagged.1 >> 56) as u8)
    }

    /// Whether the chunk is ASCII (its padding and length are below 0x80).
    #[inline]
    pub(crate) fn is_ascii(self) -> bool {
        (self.0 | self.1) & 0x8080_8080_8080_8080 == 0
    }

    /// A slot in a table of `2^bits` entries.
    pub(crate) fn slot(self, bits: u32) -> usize {
        let h =
            self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.1.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        (h >> (64 - bits)) as usize
    }
}

/// The high bit of the first space byte of `w` (little-endian), and
/// perhaps of later bytes; 0 when there is none.
#[inline]
fn first_space(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = w ^ (ONES * u64::from(b' '));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// The high bit of each byte of `w` at or below 0x20 (controls and the
/// space): one test where a space or a line feed ends a chunk; the caller
/// turns away the other controls.
#[inline]
fn first_blank(w: u64) -> u64 {
    crate::bytes::blank_or_control(w)
}

/// The bits of the bytes before the first one flagged in `e` (as the
/// functions above flag them), all of them when none is.
#[inline(always)]
fn below_first(e: u64) -> u64 {
    ((e & e.wrapping_neg()) >> 7).wrapping_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `at` and `at_line` should give for `b` when its chunk ends at
    /// `end`: the key `of` gives, when the chunk is 1 to 14 bytes of UTF-8
    /// and the words holding it and its end can be loaded (8 bytes for a
    /// chunk of up to 7, else 16).
    fn keyed_up_to(b: &[u8], end: Option<usize>) -> Option<(ChunkKey, usize)> {
        let end = end?;
        let chunk = std::str::from_utf8(&b[..end]).ok()?;
        let loadable = b.len() >= if end < 8 { 8 } else { 16 };
        (loadable && (1..=14).contains(&end))
            .then(|| ChunkKey::of(chunk).map(|k| (k, end)))
            .flatten()
    }

    proptest! {
        /// `at` keys exactly the chunk `of` keys: the bytes up to the first
        /// space, when there are 1 to 14 of them and they can be loaded.
        #[test]
        fn at_agrees_with_of(b in proptest::collection::vec(
            prop_oneof![Just(b' '), Just(0u8), any::<u8>(), Just(0xE1u8)], 0..40)
        ) {
            let end = b.iter().position(|&c| c == b' ');
            let got = ChunkKey::at(&b, 0);
            if std::str::from_utf8(&b[..got.map_or(0, |g| g.1)]).is_ok() {
                prop_assert_eq!(got, keyed_up_to(&b, end));
            }
        }
    }

    proptest! {
        /// `at_line` ends a chunk at the first space or line feed, and keys
        /// it as `of` does; a chunk that meets another control first (a
        /// tab, CR) has no key.
        #[test]
        fn at_line_ends_at_a_line_feed_too(b in proptest::collection::vec(
            prop_oneof![Just(b' '), Just(b'\n'), Just(0u8), any::<u8>(), Just(0xE1u8)], 0..40)
        ) {
            let end = b
                .iter()
                .position(|&c| c <= b' ')
                .filter(|&end| matches!(b[end], b' ' | b'\n'));
            let got = ChunkKey::at_line(&b, 0);
            if std::str::from_utf8(&b[..got.map_or(0, |g| g.1)]).is_ok() {
                prop_assert_eq!(got, keyed_up_to(&b, end));
            }
        }
    }

    #[test]
    fn a_key_knows_whether_its_chunk_is_ascii() {
        for (chunk, ascii) in [
            ("hoc", true),
            ("học", false),
            ("x1234567890abc", true),
            ("abcdefghijkló", false),
        ] {
            assert_eq!(ChunkKey::of(chunk).unwrap().is_ascii(), ascii, "{chunk}");
        }
    }

    #[test]
    fn a_chunk_with_nul_bytes_keeps_a_key_of_its_own() {
        let text = b"abc\0\0 abc xxxxxxxxxxxxxxxxxxxxxx";
        let (nul, end) = ChunkKey::at(text, 0).unwrap();
        assert_eq!((Some(nul), end), (ChunkKey::of("abc\0\0"), 5));
        let (key, end) = ChunkKey::at(text, 6).unwrap();
        assert_eq!((Some(key), end), (ChunkKey::of("abc"), 9));
        assert_ne!(nul, key, "zero padding must not make them one");
        assert_ne!(ChunkKey::of("abc"), ChunkKey::of("abcd"));
        assert_ne!(ChunkKey::of("\0"), Some(ChunkKey::default()));
    }

    #[test]
    fn a_tag_rides_in_the_byte_a_chunk_leaves_free() {
        let (key, _) = ChunkKey::at(b"nguyen xxxxxxxxxxxxxxx", 0).unwrap();
        let (long, end) = ChunkKey::at(b"nghiengnghieng x", 0).unwrap();
        assert_eq!(end, 14, "a chunk of 14 bytes, the longest");
        assert_eq!(ChunkKey::at(b"nghiengnghieng! x", 0), None);
        for k in [key, long] {
            assert_eq!(k.tag_of(k.tagged(200)), Some(200));
            assert_eq!(k.tag_of(k), Some(0));
        }
        assert_eq!(key.tag_of(long.tagged(1)), None);
        assert_eq!(long.tag_of(ChunkKey::default()), None);
    }

    /// The bug the fuzzer found: with zero-padded keys, a warm normaliser
    /// replayed the fix of "thầu`" for "thầu`\0\0", putting NULs in.
    #[test]
    fn a_warm_normalizer_never_takes_a_chunk_for_its_nul_padded_twin() {
        use crate::Normalizer;
        // Long enough (32 KB) for the fix cache to be used.
        let pad = "Hội khuyến học các tỉnh trao thưởng. ".repeat(1000);
        let plain = format!("{pad}thâ\u{300}u` câ\u{301}m");
        let nul = format!("{pad}thâ\u{300}u`\0\0 câ\u{301}m");
        let warm = Normalizer::new();
        warm.normalize(&plain);
        let tail = |s: &str| s.chars().rev().take(16).collect::<String>();
        let fresh = Normalizer::new().normalize(&nul).text.into_owned();
        assert!(fresh.ends_with("thầu`\0\0 cấm"), "{:?}", tail(&fresh));
        let again = warm.normalize(&nul).text.into_owned();
        assert!(again == fresh, "reversed tail {:?}", tail(&again));
    }
}
