//! One document as the detectors see it: the folded view, its tokens with
//! what lies between them, and whether the text is written with accents.

use std::ops::Range;

use crate::fold::{fold, Folded};
use crate::tables::is_invisible;

/// What separates a token from the one before it in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Only spaces (of any kind) and invisible characters.
    Space,
    /// Punctuation or symbols on the same line.
    Punct,
    /// A line break, or the start of the text.
    Line,
}

#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub folded: Range<usize>,
    pub source: Range<usize>,
    /// The source carries tone or vowel marks (as opposed to being plain
    /// ASCII, or ASCII disguised with look-alikes and invisible characters).
    pub marked: bool,
    pub gap: Gap,
}

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub folded: Folded<'a>,
    pub toks: Vec<Tok>,
    /// Tokens that carry marks.
    pub marked: usize,
    /// Whether the text is accented Vietnamese: see [`Doc::set_accented`].
    pub accented: bool,
}

/// Lead bytes of the UTF-8 forms of Latin letters with marks
/// (U+00C0–U+01BF, U+1EA0–U+1EFF) and of combining marks (U+0300–U+036F).
/// Look-alikes from Cyrillic and Greek and invisible characters have other
/// lead bytes, so a disguised "bоng" still counts as unaccented.
fn is_mark_lead(b: u8) -> bool {
    matches!(b, 0xC3..=0xC6 | 0xCC | 0xCD | 0xE1)
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let folded = fold(text);
        let mut toks = Vec::with_capacity(text.len() / 5);
        let mut marked = 0;
        let mut prev_end = None;
        let src = text.as_bytes();
        folded.for_each_word(|f, s| {
            // Same length: plain ASCII. Otherwise look for the lead byte of
            // a marked letter.
            let is_marked = s.len() != f.len()
                && src
                    .get(s.clone())
                    .is_some_and(|b| b.iter().copied().any(is_mark_lead));
            marked += usize::from(is_marked);
            let gap = match prev_end {
                None => Gap::Line,
                Some(end) if end + 1 == s.start && src.get(end) == Some(&b' ') => Gap::Space,
                Some(end) => gap_kind(text.get(end..s.start).unwrap_or_default()),
            };
            prev_end = Some(s.end);
            toks.push(Tok {
                folded: f,
                source: s,
                marked: is_marked,
                gap,
            });
        });
        let mut doc = Doc {
            text,
            folded,
            toks,
            marked,
            accented: false,
        };
        doc.set_accented(0);
        doc
    }

    /// Judges whether the text is accented Vietnamese, where unaccented
    /// Vietnamese words stand out, leaving out `spam_words` unaccented
    /// words already known to be spam.
    pub fn set_accented(&mut self, spam_words: usize) {
        let words = self.toks.len().saturating_sub(spam_words);
        self.accented = words >= 8 && self.marked * 10 >= words * 3;
    }

    pub fn folded_text(&self, t: &Tok) -> &str {
        self.folded
            .as_str()
            .get(t.folded.clone())
            .unwrap_or_default()
    }

    /// The source span of tokens `range` (by index).
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        match (
            self.toks.get(range.start),
            self.toks.get(range.end.wrapping_sub(1)),
        ) {
            (Some(a), Some(b)) if range.start < range.end => a.source.start..b.source.end,
            _ => 0..0,
        }
    }

    /// The folded text of tokens `range`, words joined by single spaces.
    pub fn folded_span(&self, range: Range<usize>) -> &str {
        match (
            self.toks.get(range.start),
            self.toks.get(range.end.wrapping_sub(1)),
        ) {
            (Some(a), Some(b)) if range.start < range.end => self
                .folded
                .as_str()
                .get(a.folded.start..b.folded.end)
                .unwrap_or_default(),
            _ => "",
        }
    }

    /// Whether tokens `range` are separated by nothing but spaces.
    pub fn is_phrase(&self, range: Range<usize>) -> bool {
        self.toks
            .get(range.start + 1..range.end)
            .is_some_and(|ts| ts.iter().all(|t| t.gap == Gap::Space))
    }

    /// The index of the token whose folded range starts at `at`, if any.
    pub fn token_starting_at(&self, at: usize) -> Option<usize> {
        self.toks.binary_search_by_key(&at, |t| t.folded.start).ok()
    }

    /// The index of the token whose folded range contains `at`.
    pub fn token_containing(&self, at: usize) -> Option<usize> {
        let i = self.toks.partition_point(|t| t.folded.end <= at);
        self.toks.get(i).filter(|t| t.folded.start <= at).map(|_| i)
    }
}

fn gap_kind(gap: &str) -> Gap {
    if gap == " " {
        return Gap::Space;
    }
    let mut kind = Gap::Space;
    for c in gap.chars() {
        if c == '\n' || c == '\r' {
            return Gap::Line;
        }
        if !(c.is_whitespace() || is_invisible(c)) {
            kind = Gap::Punct;
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_gaps_and_marks() {
        let d = Doc::new("Hội khuyến lich  truyen, b\u{200b}оng\nđá");
        let words: Vec<_> = d.toks.iter().map(|t| d.folded_text(t)).collect();
        assert_eq!(words, ["hoi", "khuyen", "lich", "truyen", "bong", "da"]);
        let marked: Vec<_> = d.toks.iter().map(|t| t.marked).collect();
        assert_eq!(marked, [true, true, false, false, false, true]);
        let gaps: Vec<_> = d.toks.iter().map(|t| t.gap).collect();
        use Gap::*;
        assert_eq!(gaps, [Line, Space, Space, Space, Punct, Line]);
        assert_eq!(&d.text[d.source_span(2..4)], "lich  truyen");
        assert_eq!(d.folded_span(2..4), "lich truyen");
        assert!(d.is_phrase(2..4) && !d.is_phrase(3..5));
        assert_eq!(d.token_starting_at(4), Some(1));
        assert_eq!(d.token_containing(6), Some(1));
        assert_eq!(d.token_containing(3), None);
    }
}
