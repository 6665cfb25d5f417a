//! The character pass: line endings, invisible characters and spaces.
//!
//! A "blank run" is a maximal run of spaces, exotic spaces, tabs and
//! removable invisible characters. At a line end it is trimmed; at a line
//! start (indentation) its spaces are kept, exotic ones made plain; inside a
//! line it becomes one space (tabs inside a line are kept).

use std::borrow::Cow;

use super::{NormalizeConfig, NormalizeReport};
use crate::align::Edits;
use crate::bytes;
use crate::tables::{is_exotic_space, is_invisible, is_sequence_joiner};

/// First bytes of everything [`interesting`] accepts.
// Evaluated at compile time: an out-of-range index fails the build.
#[allow(clippy::indexing_slicing)]
static MAYBE: [bool; 256] = {
    let mut t = [false; 256];
    let firsts = [
        b' ', b'\t', b'\r', 0xC2, 0xCD, 0xD8, 0xE1, 0xE2, 0xE3, 0xEF, 0xF0, 0xF3,
    ];
    let mut i = 0;
    while i < firsts.len() {
        t[firsts[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether the bytes at `b` may start something this pass changes: a space
/// before another blank or a line end, a tab, CR, or the UTF-8 form of an
/// invisible or exotic space character. Everything else is skipped without
/// decoding.
#[inline]
fn interesting(b: &[u8]) -> bool {
    match b {
        // A space before a letter (in Vietnamese often one of U+1EA0-U+1EF9,
        // lead byte 0xE1, like U+180B) is left as it is: only what may be a
        // blank after it counts.
        [b' ', rest @ ..] => match rest {
            [] | [b' ' | b'\t' | b'\r' | b'\n', ..] => true,
            _ => invisible_or_exotic(rest),
        },
        [b'\t' | b'\r', ..] => true,
        _ => invisible_or_exotic(b),
    }
}

/// Whether `b` may start with the UTF-8 form of an invisible or exotic
/// space character (by its first two bytes).
#[inline]
fn invisible_or_exotic(b: &[u8]) -> bool {
    match b {
        // U+00A0, U+00AD; U+034F; U+061C
        [0xC2, 0xA0 | 0xAD, ..] | [0xCD, 0x8F, ..] | [0xD8, 0x9C, ..] => true,
        // U+115F-U+1160, U+17B4-U+17B5, U+180B-U+180F
        [0xE1, 0x85 | 0x9E | 0xA0, ..] => true,
        // U+2000-U+206F; U+3000, U+3164; U+FE00-U+FE0F, U+FEFF, U+FFA0, U+FFF0-U+FFF8
        [0xE2, 0x80 | 0x81, ..]
        | [0xE3, 0x80 | 0x85, ..]
        | [0xEF, 0xB8 | 0xBB | 0xBE | 0xBF, ..] => true,
        // U+1BCA0-U+1BCA3, U+1D173-U+1D17A; U+E0000-U+E0FFF
        [0xF0, 0x9B | 0x9D, ..] | [0xF3, 0xA0, ..] => true,
        _ => false,
    }
}

/// The first position at or after `from` where [`interesting`] holds.
/// Eight bytes at a time: a byte-at-a-time search stopped at every space
/// and at every 0xE1 (the lead byte of most Vietnamese letters) to ask, and
/// was a sixth of normalising decomposed text.
fn next_interesting(b: &[u8], from: usize) -> Option<usize> {
    let found = |p: usize| interesting(b.get(p..).unwrap_or_default());
    let mut j = from;
    let mut hit = None;
    while let Some(m) = candidates(b, j) {
        if m == 0 {
            j += 8;
            continue;
        }
        let p = j + m.trailing_zeros() as usize / 8;
        if found(p) {
            hit = Some(p);
            break;
        }
        j = p + 1;
    }
    // The last bytes, one at a time.
    let p = hit.or_else(|| {
        (j..b.len()).find(|&k| b.get(k).is_some_and(|&c| is_set(&MAYBE, c)) && found(k))
    })?;
    // A space before an invisible or exotic space starts the blank run, but
    // is no candidate itself (its next byte is a lead byte, not a blank),
    // and the search may have stepped past it: it is looked for here. Two
    // spaces before would have been found first.
    let space = p > from && b.get(p - 1) == Some(&b' ') && found(p - 1);
    Some(if space { p - 1 } else { p })
}

/// For the eight bytes at `j`, a mask with the high bit of each byte that
/// may start something [`interesting`] accepts (a superset: the second
/// byte of most multi-byte forms is not checked); `None` when fewer than
/// nine bytes are left.
#[inline]
fn candidates(b: &[u8], j: usize) -> Option<u64> {
    let (w, n) = (bytes::load(b, j)?, bytes::load(b, j + 1)?);
    let eq = bytes::equal;
    // A superset: any control (tabs, CR, and line feeds, which the check
    // turns away), a space before a blank or a control, any lead byte from
    // 0xE2 up, and the other lead bytes of invisible and exotic spaces.
    let e1_next = eq(n, 0x85) | eq(n, 0x9E) | eq(n, 0xA0);
    Some(
        bytes::control(w)
            | (eq(w, b' ') & bytes::blank_or_control(n))
            | bytes::at_least(w, 0xE2)
            | eq(w, 0xC2)
            | eq(w, 0xCD)
            | eq(w, 0xD8)
            | (eq(w, 0xE1) & e1_next),
    )
}

/// What a character is to this pass.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Exotic,
    Tab,
    Invisible,
    Other,
}

/// `prev` is only asked for when `c` is a joiner.
fn class_of(c: char, prev: impl FnOnce() -> Option<char>, cfg: &NormalizeConfig) -> Class {
    match c {
        ' ' => Class::Space,
        '\t' => Class::Tab,
        _ if c.is_ascii() => Class::Other,
        _ if cfg.spaces && is_exotic_space(c) => Class::Exotic,
        _ if cfg.invisible && is_invisible(c) => {
            // A joiner after an emoji or another symbol is part of its
            // sequence (👨‍👩‍👧, ❤️): keep it.
            let in_sequence = is_sequence_joiner(c)
                && prev()
                    .is_some_and(|p| !p.is_ascii() && !p.is_alphanumeric() && !p.is_whitespace());
            if in_sequence {
                Class::Other
            } else {
                Class::Invisible
            }
        }
        _ => Class::Other,
    }
}

pub(super) fn apply<'a>(
    text: &'a str,
    cfg: &NormalizeConfig,
    report: &mut NormalizeReport,
) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut edits = Edits::new(text);
    let mut buf = String::new();
    let mut i = 0;
    while let Some(p) = next_interesting(bytes, i) {
        i = p;
        let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        if c == '\r' {
            if cfg.line_endings {
                report.line_endings += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    edits.delete(i..i + 1);
                } else {
                    edits.replace(i..i + 1, "\n");
                }
            }
            i += 1;
            continue;
        }
        // The last visible character before `at`: a joiner belongs to the
        // symbol before it even across other joiners (🏴 + tag characters).
        // Bounded, so a long run of invisibles stays linear.
        let prev_of = |at: usize| {
            text.get(..at).and_then(|s| {
                s.chars().rev().take(32).find(|&p| {
                    !is_invisible(p) && !unicode_normalization::char::is_combining_mark(p)
                })
            })
        };
        if class_of(c, || prev_of(i), cfg) == Class::Other {
            i += c.len_utf8();
            continue;
        }
        // A blank run: gather it.
        let start = i;
        let (mut spaces, mut exotic, mut tabs, mut invisible) = (0usize, 0usize, 0usize, 0usize);
        let mut prev = prev_of(i);
        for ch in text.get(start..).unwrap_or_default().chars() {
            match class_of(ch, || prev, cfg) {
                Class::Space => spaces += 1,
                Class::Exotic => exotic += 1,
                Class::Tab => tabs += 1,
                Class::Invisible => invisible += 1,
                Class::Other => break,
            }
            if !is_invisible(ch) {
                prev = Some(ch);
            }
            i += ch.len_utf8();
        }
        let end = i;
        let run = text.get(start..end).unwrap_or_default();
        let blanks = spaces + exotic + tabs;
        let at_line_start = start == 0 || matches!(bytes.get(start - 1), Some(b'\n' | b'\r'));
        let at_line_end = matches!(bytes.get(end), None | Some(b'\n' | b'\r'));
        report.invisible += invisible;
        buf.clear();
        if !cfg.spaces || blanks == 0 {
            // Only invisible characters to drop.
            buf.extend(run.chars().filter(|&ch| !is_invisible(ch)));
        } else if at_line_end {
            // Trailing blanks: trimmed.
        } else if at_line_start || tabs > 0 {
            // Indentation, or a run with tabs: keep its shape, make exotic
            // spaces plain and drop invisibles; inside a line collapse the
            // spaces around the tabs.
            for ch in run.chars() {
                let ch = if is_exotic_space(ch) { ' ' } else { ch };
                let keep = ch == '\t' || (ch == ' ' && (at_line_start || !buf.ends_with(' ')));
                if keep {
                    buf.push(ch);
                }
            }
        } else {
            buf.push(' ');
        }
        if cfg.spaces && blanks > 0 && !same_blanks(run, &buf) {
            report.spaces += 1;
        }
        edits.replace(start..end, &buf);
    }
    edits.finish()
}

/// Whether `run` without its invisible characters is `out`: the run's
/// spacing itself did not change.
fn same_blanks(run: &str, out: &str) -> bool {
    run.chars().filter(|&c| !is_invisible(c)).eq(out.chars())
}

/// A byte's entry in a 256-entry table (cannot be out of range).
#[inline]
fn is_set(table: &[bool; 256], b: u8) -> bool {
    table.get(usize::from(b)).copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every position the byte-at-a-time search accepted.
    fn plain(b: &[u8]) -> Vec<usize> {
        (0..b.len())
            .filter(|&k| is_set(&MAYBE, b[k]) && interesting(&b[k..]))
            .collect()
    }

    fn fast(b: &[u8]) -> Vec<usize> {
        let (mut out, mut j) = (Vec::new(), 0);
        while let Some(p) = next_interesting(b, j) {
            out.push(p);
            j = p + 1;
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The word-at-a-time search finds what the byte-at-a-time one
        /// found, in every place: spaces before blanks, invisible and
        /// exotic spaces (after a space too), Vietnamese letters with the
        /// same lead byte as U+180B, at the start, the end and across the
        /// eight-byte steps.
        #[test]
        fn the_fast_search_finds_what_the_plain_one_did(
            picks in proptest::collection::vec(0usize..16, 0..60)
        ) {
            let pieces = [
                " ", " ", "a", "ệ", "học", "\u{a0}", "\t", "\r", "\n", "\u{200b}",
                "\u{180b}", "\u{1160}", "\u{feff}", "\u{3000}", "中", "\u{e0001}",
            ];
            let text: String = picks.iter().map(|&k| pieces[k]).collect();
            prop_assert_eq!(fast(text.as_bytes()), plain(text.as_bytes()), "{:?}", text);
        }
    }

    #[test]
    fn a_space_before_an_exotic_space_near_the_end_starts_the_run() {
        // The line the idempotence property found: the space before the
        // no-break space fell in the last bytes, searched one at a time.
        let t = "Hội khuyến học người dân trong năm quacác tỉnh người dân, nha caicác tỉnh đã tổ chức \u{a0}, ";
        let cfg = NormalizeConfig::default();
        let out = apply(t, &cfg, &mut NormalizeReport::default());
        assert!(out.ends_with("tổ chức ,"), "{out:?}");
        assert_eq!(fast(t.as_bytes()), plain(t.as_bytes()));
    }
}
