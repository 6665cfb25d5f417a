//! One document as the detectors see it: the folded view, its tokens with
//! what lies between them, and whether the text is written with accents.

use std::ops::Range;

use crate::fold::fold_words;
pub(crate) use crate::fold::{Gap, Word as Tok};

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    /// The folded text: words joined by single spaces.
    pub folded: String,
    pub toks: Vec<Tok>,
    /// Tokens that carry marks.
    pub marked: usize,
    /// The tokens in maximal runs of at least two unaccented words
    /// separated by spaces only: what the n-gram detector reads.
    pub runs: Vec<Range<usize>>,
    /// Whether the text is accented Vietnamese: see [`Doc::set_accented`].
    pub accented: bool,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let mut folded = String::new();
        let mut toks = Vec::with_capacity(text.len() / 5);
        fold_words(text, &mut folded, &mut toks);
        let (marked, runs) = marks_and_runs(&toks);
        let mut doc = Doc {
            text,
            folded,
            toks,
            marked,
            runs,
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
                .get(a.folded.start..b.folded.end)
                .unwrap_or_default(),
            _ => "",
        }
    }

    /// Whether token `j` starts with a capital letter, as written.
    pub fn is_capitalised(&self, j: usize) -> bool {
        self.toks
            .get(j)
            .and_then(|t| self.text.get(t.source.clone()))
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    }

    /// Whether tokens `range` are separated by nothing but spaces.
    pub fn is_phrase(&self, range: Range<usize>) -> bool {
        self.toks
            .get(range.start + 1..range.end)
            .is_some_and(|ts| ts.iter().all(|t| t.gap == Gap::Space))
    }
}

/// How many of `toks` carry marks, and their runs (see [`Doc::runs`]),
/// in one pass over the tokens.
fn marks_and_runs(toks: &[Tok]) -> (usize, Vec<Range<usize>>) {
    let mut marked = 0;
    let mut runs = Vec::new();
    let mut start = 0;
    // Accented text ends a run at most words: one branch, rarely taken,
    // instead of one per word on whether it is marked.
    for (i, t) in toks.iter().enumerate() {
        marked += usize::from(t.marked);
        let boundary = t.marked | (t.gap != Gap::Space);
        if boundary & (i >= start + 2) {
            runs.push(start..i);
        }
        start = if boundary {
            i + usize::from(t.marked)
        } else {
            start
        };
    }
    if toks.len() >= start + 2 {
        runs.push(start..toks.len());
    }
    (marked, runs)
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
        // "lich truyen": the comma ends the run before "bоng".
        assert_eq!(d.runs, Vec::from_iter(std::iter::once(2..4)));
        assert_eq!(d.marked, 3);
    }
}
