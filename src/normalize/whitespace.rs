//! The character pass: line endings, invisible characters and spaces.
//!
//! A "blank run" is a maximal run of spaces, exotic spaces, tabs and
//! removable invisible characters. At a line end it is trimmed; at a line
//! start (indentation) its spaces are kept, exotic ones made plain; inside a
//! line it becomes one space (tabs inside a line are kept).

use std::borrow::Cow;

use super::{NormalizeConfig, NormalizeReport};
use crate::align::Edits;
use crate::tables::{is_exotic_space, is_invisible, is_sequence_joiner};

/// Bytes that can start something this pass changes: space, tab, CR and the
/// lead bytes of every invisible or exotic space character. Other bytes are
/// skipped without decoding.
const fn interesting() -> [bool; 256] {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\r' as usize] = true;
    // U+00A0, U+00AD; U+034F; U+061C; U+115F-U+180F; U+2000-U+206F;
    // U+3000, U+3164; U+FE00-U+FFF8; planes 1 and 14.
    let leads = [0xC2, 0xCD, 0xD8, 0xE1, 0xE2, 0xE3, 0xEF, 0xF0, 0xF3];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i]] = true;
        i += 1;
    }
    t
}
static INTERESTING: [bool; 256] = interesting();

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
                && prev().is_some_and(|p| !p.is_ascii() && !p.is_alphanumeric() && !p.is_whitespace());
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
    while let Some(skip) = bytes.get(i..).and_then(|b| b.iter().position(|&b| INTERESTING[usize::from(b)])) {
        i += skip;
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
        let prev_of = |at: usize| text.get(..at).and_then(|s| s.chars().next_back());
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
            prev = Some(ch);
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
