//! Bytes of UTF-8 text read fast: one character decoded in place, and
//! byte searches eight bytes at a time. The normaliser looks for a few
//! byte values over whole lines of decomposed or odd text; a byte-at-a-time
//! loop with a table lookup and a branch per byte runs at about 250 MB/s on
//! this project's machine, and a word-at-a-time test of the same bytes
//! several times faster.

/// The high bit of each byte of `w` that equals `c`, exactly (no byte
/// after a match is flagged by a borrow), all other bits clear.
#[inline(always)]
pub(crate) fn equal(w: u64, c: u8) -> u64 {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let v = w ^ (u64::from(c) * 0x0101_0101_0101_0101);
    !(((v & LOW) + LOW) | v | LOW)
}

/// The high bit of each byte of `w` below 0x20 (ASCII controls), exactly.
#[inline(always)]
pub(crate) fn control(w: u64) -> u64 {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // Adding 0x60 to the low seven bits carries into the high bit from
    // 0x20 up; bytes with the high bit set are not controls.
    !(((w & LOW) + 0x6060_6060_6060_6060) | w | LOW)
}

/// The high bit of each byte of `w` at or above `c`, for `c` in
/// 0x81..=0xFF, exactly.
#[inline(always)]
pub(crate) fn at_least(w: u64, c: u8) -> u64 {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // The low seven bits plus (0x80 - (c - 0x80)) carry into the high bit
    // from c - 0x80 up; only bytes with the high bit set count.
    let add = u64::from(0x80u8.wrapping_sub(c.wrapping_sub(0x80))) * 0x0101_0101_0101_0101;
    ((w & LOW) + add) & w & !LOW
}

/// The high bit of each byte of `w` at or below 0x20 (controls and the
/// space), exactly.
#[inline(always)]
pub(crate) fn blank_or_control(w: u64) -> u64 {
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((w & LOW) + 0x5F5F_5F5F_5F5F_5F5F) | w | LOW)
}

/// The 8 bytes at `j`, little-endian, if there are 8.
#[inline(always)]
pub(crate) fn load(b: &[u8], j: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(j..j + 8)?.try_into().ok()?))
}

/// The first position at or after `from` whose byte is in `set`, where
/// `candidates` flags (with the high bit of each byte) a superset of the
/// bytes of `set` in a word of 8.
#[inline]
pub(crate) fn find(
    b: &[u8],
    from: usize,
    set: &[bool; 256],
    candidates: impl Fn(u64) -> u64,
) -> Option<usize> {
    let in_set = |k: usize| {
        b.get(k)
            .is_some_and(|&c| set.get(usize::from(c)) == Some(&true))
    };
    let mut j = from;
    while let Some(w) = load(b, j) {
        let mut m = candidates(w);
        while m != 0 {
            let k = j + m.trailing_zeros() as usize / 8;
            if in_set(k) {
                return Some(k);
            }
            m &= m - 1;
        }
        j += 8;
    }
    (j..b.len()).find(|&k| in_set(k))
}

/// Decodes the character at `i` of valid UTF-8 `b`: (code point, length).
#[inline]
pub(crate) fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let b0 = b.get(i).copied().unwrap_or(0);
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    match b0 {
        0x00..=0x7F => (u32::from(b0), 1),
        0xC0..=0xDF => ((u32::from(b0 & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equal_and_control_flag_exactly_their_bytes() {
        let bytes = [b' ', 0xE1, 0, 0xFF, 0x1F, 0x80, 0x7F, b'!'];
        let w = u64::from_le_bytes(bytes);
        let mask = |f: &dyn Fn(u8) -> bool| {
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| f(b))
                .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k))
        };
        for c in [b' ', 0xE1, 0, 0xFF, 0x80, 0x7F, b'!', b'a', 0x1F] {
            assert_eq!(equal(w, c), mask(&|b| b == c), "{c:#x}");
        }
        assert_eq!(control(w), mask(&|b| b < 0x20));
        assert_eq!(blank_or_control(w), mask(&|b| b <= 0x20));
        for c in [0x81, 0xC2, 0xE1, 0xE2, 0xFF] {
            assert_eq!(at_least(w, c), mask(&|b| b >= c), "{c:#x}");
        }
    }

    proptest! {
        /// The range tests agree with plain comparisons on any bytes.
        #[test]
        fn ranges_agree_with_comparisons(bytes in proptest::array::uniform8(any::<u8>()), c in 0x81u8..=0xFF) {
            let w = u64::from_le_bytes(bytes);
            let mask = |f: &dyn Fn(u8) -> bool| bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| f(b))
                .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
            prop_assert_eq!(at_least(w, c), mask(&|b| b >= c));
            prop_assert_eq!(blank_or_control(w), mask(&|b| b <= 0x20));
            prop_assert_eq!(control(w), mask(&|b| b < 0x20));
            prop_assert_eq!(equal(w, c), mask(&|b| b == c));
        }
    }

    proptest! {
        /// `find` agrees with a plain search, whatever the superset.
        #[test]
        fn find_agrees_with_a_plain_search(
            b in proptest::collection::vec(prop_oneof![Just(0xC3u8), Just(0x05u8), any::<u8>()], 0..40),
            from in 0usize..40,
        ) {
            let mut set = [false; 256];
            set[0xC3] = true;
            set[0x05] = true;
            set[0x0A] = true;
            let plain = (from..b.len()).find(|&k| set[usize::from(b[k])]);
            prop_assert_eq!(find(&b, from, &set, |w| equal(w, 0xC3) | control(w)), plain);
        }
    }
}
