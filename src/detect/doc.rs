//! One document as the detectors see it: the folded view, its tokens with
//! what lies between them, and whether the text is written with accents.

use std::ops::Range;

use super::scratch::{self, DocBuffers};
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
    /// The tokens that open a line (after the first): where keyword lines
    /// are looked for.
    pub lines: Vec<usize>,
    /// The tokens that may be joined to the next one into a spelled-out
    /// word: the next follows a joiner ([`Gap::Joined`]), or both are
    /// single letters apart. Real text has few, so the matcher looks at
    /// these instead of at every pair.
    pub joins: Vec<usize>,
    /// Whether the text is accented Vietnamese: see [`Doc::set_accented`].
    pub accented: bool,
    /// Whether the text may hold words written in disguise: folding it met
    /// a character [`Doc::is_disguised`] looks for. Most pages have none,
    /// and their tokens are never asked.
    pub hides: bool,
    /// The language model's id of each token as written, filled as asked
    /// (the judge asks of the same words for phrase after phrase).
    pub lm_ids: std::cell::OnceCell<Vec<std::cell::Cell<u16>>>,
    /// How strongly two words make one word together, by the pair of their
    /// readings, filled as asked (`context::attachment`: the same words
    /// meet at every occurrence of a phrase).
    pub attachments: std::cell::RefCell<crate::tables::KeyMap<f32>>,
    /// Whether the text may hold a CJK character, found when first asked
    /// ([`Doc::may_hold_cjk`]).
    cjk: std::cell::OnceCell<bool>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let DocBuffers {
            mut folded,
            mut toks,
            mut runs,
            mut lines,
            mut joins,
        } = scratch::take(&scratch::DOCS);
        toks.reserve(text.len() / 5);
        let hides = fold_words(text, &mut folded, &mut toks);
        let marked = survey(&toks, &mut runs, &mut lines, &mut joins);
        // Words joined by one hyphen, as a slug writes a phrase
        // ("soi-keo-nha-cai"), run on as words joined by a space do. Few
        // pages have any (each is among the joins): only those are read
        // again.
        if joins.iter().any(|&c| hyphenated(text, &toks, c + 1)) {
            runs.clear();
            runs_across_hyphens(text, &toks, &mut runs);
        }
        let mut doc = Doc {
            text,
            folded,
            toks,
            marked,
            runs,
            lines,
            joins,
            accented: false,
            hides,
            lm_ids: std::cell::OnceCell::new(),
            attachments: std::cell::RefCell::default(),
            cjk: std::cell::OnceCell::new(),
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

    /// Whether the text may hold a CJK character (Han, kana, Hangul or
    /// their punctuation): one scan of its bytes, shared by the page's
    /// mojibake and the keywords in another script.
    pub fn may_hold_cjk(&self) -> bool {
        *self
            .cjk
            .get_or_init(|| crate::normalize::cjk::may_hold_cjk(self.text))
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

    /// Token `j` as written in the source (empty when there is none).
    pub fn written(&self, j: usize) -> &'a str {
        self.toks
            .get(j)
            .and_then(|t| self.text.get(t.source.clone()))
            .unwrap_or_default()
    }

    /// The tokens written in disguise ([`Doc::is_disguised`]), in order;
    /// none without reading them when the page has no such character.
    pub fn disguised(&self) -> Vec<usize> {
        if !self.hides {
            return Vec::new();
        }
        (0..self.toks.len())
            .filter(|&j| self.is_disguised(j))
            .collect()
    }

    /// Whether token `j` is written in disguise: a character that shows
    /// nothing between its letters ("hac\u{200b}k"), or letters from
    /// another script that look like Latin ones among Latin letters
    /// ("іptv", Cyrillic "і"), or in fullwidth or mathematical letters
    /// ("ｓｏｉ"). Real text does so by accident, once; a tool that hides a
    /// pasted phrase from filters does so on purpose, and differently in
    /// each paste.
    pub fn is_disguised(&self, j: usize) -> bool {
        let w = self.written(j);
        if plain_letters(w) {
            return false;
        }
        let (mut latin, mut alike, mut hidden, mut after_hidden) = (false, false, false, false);
        for c in w.chars() {
            let cp = u32::from(c);
            match cp {
                _ if crate::tables::is_invisible(c) => hidden = true,
                // Fullwidth Latin and digits, mathematical alphanumerics:
                // a disguise alone.
                0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0x1D400..=0x1D7FF => {
                    return true
                }
                // Greek and Cyrillic.
                0x370..=0x4FF => alike = true,
                // Phonetic letters: a transcription ("ˌsaʊθ"), which mixes
                // Greek letters in.
                0x250..=0x2FF | 0x1D00..=0x1DBF => return false,
                // Latin letters (Vietnamese ones included).
                0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => {
                    latin = true;
                    after_hidden |= hidden;
                }
                _ if c.is_alphabetic() => after_hidden |= hidden,
                _ => {}
            }
        }
        after_hidden || (alike && latin)
    }

    /// Whether token `j` mixes Latin letters with Cyrillic or Greek ones
    /// that stand for Latin letters (the confusables table, and looser
    /// look-alikes spam uses):
    /// "vаy" with a Cyrillic "а", "tiέn" with a Greek "έ". Two Latin
    /// letters at least, or one in a word of three letters or more ("cһо"):
    /// a chemical symbol or a variable written with a Greek capital ("Ηe",
    /// "xα") is a slip or a formula, not a disguise.
    pub fn is_lookalike(&self, j: usize) -> bool {
        if !self.hides {
            return false;
        }
        let w = self.written(j);
        if plain_letters(w) {
            return false;
        }
        let (mut latin, mut alike) = (0, 0);
        for c in w.chars() {
            match u32::from(c) {
                0x370..=0x4FF => {
                    let t = crate::tables::tables();
                    if t.lookalike_letter(c).is_none()
                        && crate::tables::loose_lookalike(c).is_none()
                    {
                        return false;
                    }
                    alike += 1;
                }
                0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => latin += 1,
                _ => {}
            }
        }
        // ("cһо": Cyrillic "һ" and "о" for the "ho" of "cho".)
        alike > 0 && (latin >= 2 || (latin >= 1 && latin + alike >= 3))
    }

    /// Whether token `j` is a word of ASCII letters and digits with an
    /// invisible character between two of its letters that no converter
    /// puts there (a zero-width space, joiner or non-joiner, a word joiner,
    /// a byte order mark; not a soft hyphen): "hac\u{200b}k". Real text
    /// has them inside words written with marks now and then (a navigation
    /// list's "h\u{feff}ọc") or in other scripts (Persian's non-joiner),
    /// inside a bare Latin word next to never.
    pub fn is_hidden_inside(&self, j: usize) -> bool {
        if !self.hides {
            return false;
        }
        let w = self.written(j);
        let mut hidden = false;
        let mut letters_before = false;
        for c in w.chars() {
            if c.is_ascii_alphanumeric() {
                if hidden && letters_before && c.is_ascii_alphabetic() {
                    return true;
                }
                letters_before |= c.is_ascii_alphabetic();
            } else if c != '\u{ad}' && crate::tables::is_invisible(c) {
                hidden = letters_before;
            } else {
                return false;
            }
        }
        false
    }

    /// Whether token `j` starts with a capital letter, as written.
    pub fn is_capitalised(&self, j: usize) -> bool {
        let Some(t) = self.toks.get(j).filter(|t| !t.source.is_empty()) else {
            return false;
        };
        match self.text.as_bytes().get(t.source.start) {
            // (Most words start with an ASCII letter, and the n-gram search
            // asks of every word of every n-gram it counts: no decoding.)
            Some(&b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self
                .written(j)
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
        }
    }

    /// Whether token `b`, right beside token `a` with only spaces between
    /// them, says `a`'s word again, spelled the same way (its marks
    /// included; letter case and disguises aside, as [`spelling`] reads
    /// them).
    ///
    /// [`spelling`]: crate::syllable::spelling
    pub fn said_again(&self, a: usize, b: usize) -> bool {
        let (Some(ta), Some(tb)) = (self.toks.get(a), self.toks.get(b)) else {
            return false;
        };
        let later = if a < b { tb } else { ta };
        if a.abs_diff(b) != 1
            || later.gap != Gap::Space
            || ta.marked != tb.marked
            || self.folded_text(ta) != self.folded_text(tb)
        {
            return false;
        }
        if !ta.marked {
            return true;
        }
        let spelled = |t: &Tok| {
            crate::syllable::spelling(
                self.text
                    .get(t.source.clone())
                    .unwrap_or_default()
                    .trim_end(),
            )
        };
        matches!((spelled(ta), spelled(tb)), (Some(a), Some(b)) if a == b)
    }

    /// The source text between token `j - 1` and token `j`.
    pub fn gap_text(&self, j: usize) -> &'a str {
        gap_text(self.text, &self.toks, j)
    }

    /// Whether tokens `range` are separated by nothing but spaces.
    pub fn is_phrase(&self, range: Range<usize>) -> bool {
        self.toks
            .get(range.start + 1..range.end)
            .is_some_and(|ts| ts.iter().all(|t| t.gap == Gap::Space))
    }
}

impl Drop for Doc<'_> {
    /// The buffers go back to this thread's pool, for the next document.
    fn drop(&mut self) {
        let mut b = DocBuffers {
            folded: std::mem::take(&mut self.folded),
            toks: std::mem::take(&mut self.toks),
            runs: std::mem::take(&mut self.runs),
            lines: std::mem::take(&mut self.lines),
            joins: std::mem::take(&mut self.joins),
        };
        let bytes = b.bytes();
        b.clear();
        scratch::give(&scratch::DOCS, b, bytes);
    }
}

/// Whether `w` holds only ASCII and Vietnamese letters as precomposed
/// (U+00C0..U+01BF, U+1E80..U+1EFF), read from its bytes: no disguise can
/// be in it, and most words of a page are so. (A page with one zero-width
/// space asks of every word whether it is disguised.)
fn plain_letters(w: &str) -> bool {
    let b = w.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            0x00..=0x7F => i += 1,
            0xC3..=0xC6 => i += 2,
            0xE1 if matches!(b.get(i + 1), Some(0xBA | 0xBB)) => i += 3,
            _ => return false,
        }
    }
    true
}

/// What [`Doc`] records of its tokens, gathered in one pass over them
/// (each further pass over a page's tokens costs as much again): the runs,
/// lines and joins, into the vectors given; returns how many are marked.
fn survey(
    toks: &[Tok],
    runs: &mut Vec<Range<usize>>,
    lines: &mut Vec<usize>,
    joins: &mut Vec<usize>,
) -> usize {
    let mut marked = 0;
    let mut start = 0;
    let mut single = false;
    // Accented text ends a run at most words, and lines and joins are
    // rare: one branch each, rarely taken, instead of one per word on
    // whether it is marked.
    for (i, t) in toks.iter().enumerate() {
        marked += usize::from(t.marked);
        let boundary = t.marked | (t.gap != Gap::Space);
        run_step(runs, &mut start, i, boundary, t.marked);
        let this_single = t.folded.len() == 1;
        let joined = (t.gap == Gap::Joined) | ((t.gap == Gap::Space) & single & this_single);
        if joined & (i > 0) {
            joins.push(i - 1);
        }
        if (t.gap == Gap::Line) & (i > 0) {
            lines.push(i);
        }
        single = this_single;
    }
    run_end(runs, start, toks.len());
    marked
}

/// The source text between token `j - 1` and token `j` (empty when either
/// is not there).
pub(crate) fn gap_text<'a>(text: &'a str, toks: &[Tok], j: usize) -> &'a str {
    match (toks.get(j.wrapping_sub(1)), toks.get(j)) {
        (Some(a), Some(b)) => text.get(a.source.end..b.source.start).unwrap_or_default(),
        _ => "",
    }
}

/// The runs of [`survey`], with words joined by one hyphen
/// ([`hyphenated`]) running on.
fn runs_across_hyphens(text: &str, toks: &[Tok], runs: &mut Vec<Range<usize>>) {
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        let boundary = t.marked || (t.gap != Gap::Space && !hyphenated(text, toks, i));
        run_step(runs, &mut start, i, boundary, t.marked);
    }
    run_end(runs, start, toks.len());
}

/// One token of a walk over runs of unaccented words: at a `boundary`,
/// the run since `start` ends (kept when it has two words or more), and
/// the next starts at the token, or after it when it is `marked`.
#[inline(always)]
fn run_step(
    runs: &mut Vec<Range<usize>>,
    start: &mut usize,
    i: usize,
    boundary: bool,
    marked: bool,
) {
    if boundary & (i >= *start + 2) {
        runs.push(*start..i);
    }
    *start = if boundary {
        i + usize::from(marked)
    } else {
        *start
    };
}

/// The run left open at the end of `len` tokens.
fn run_end(runs: &mut Vec<Range<usize>>, start: usize, len: usize) {
    if len >= start + 2 {
        runs.push(start..len);
    }
}

/// Whether token `i` follows the one before it across a single hyphen,
/// both being words of two letters or more in lower case, in a chain of such words that
/// stands in the text as a word does, after a space or a line break: not
/// the path of an address ("…/dien-dan-van-hoa/…").
fn hyphenated(text: &str, toks: &[Tok], i: usize) -> bool {
    let joined = |j: usize| {
        let (Some(a), Some(b)) = (j.checked_sub(1).and_then(|h| toks.get(h)), toks.get(j)) else {
            return false;
        };
        // (In lower case, as slugs are written: a name joins its parts so,
        // "Son Heung-min", and is no phrase's slug.)
        let lower = |t: &Tok| {
            text.get(t.source.clone())
                .and_then(|w| w.chars().next())
                .is_some_and(|c| !c.is_uppercase())
        };
        a.folded.len() >= 2
            && b.folded.len() >= 2
            && gap_text(text, toks, j) == "-"
            && lower(a)
            && lower(b)
    };
    if !joined(i) {
        return false;
    }
    // (A phrase has a few words: looking back from a word, a chain longer
    // than that is no phrase's slug, and the word does not run on. The
    // chain's end is not looked at: a slug may end in a domain,
    // "soi-keo-nha-cai.com", and that is still the phrase.)
    let mut first = i - 1;
    for _ in 0..MAX_HYPHENATED {
        if !joined(first) {
            // (After a space, a line break, or punctuation and a space: a
            // sentence's end.)
            return toks.get(first).is_some_and(|t| {
                matches!(t.gap, Gap::Space | Gap::Line)
                    || gap_text(text, toks, first).ends_with(char::is_whitespace)
            });
        }
        first -= 1;
    }
    false
}

/// The most words a chain of hyphenated words runs on over.
const MAX_HYPHENATED: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disguises_are_hidden_characters_inside_words_and_mixed_scripts() {
        // "іptv" with a Cyrillic і; a zero-width space inside "hack"; a
        // soft hyphen inside "lượng"; fullwidth "ｓｏｉ".
        let d = Doc::new(
            "іptv hac\u{200b}k l\u{ad}ượng ｓｏｉ kiến \u{200b}\u{200b}thức Москва μm iptv học",
        );
        let disguised: Vec<bool> = (0..d.toks.len()).map(|j| d.is_disguised(j)).collect();
        // Zero-width spaces before a word (an editor's, after a space) hide
        // nothing inside it; a word all in Cyrillic is Russian; "μm" is a
        // unit, as real text mixes them.
        let words: Vec<&str> = (0..d.toks.len()).map(|j| d.written(j)).collect();
        assert_eq!(
            disguised,
            [true, true, true, true, false, false, false, true, false, false],
            "{words:?}"
        );
    }

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

    #[test]
    fn words_joined_by_hyphens_run_on_unless_they_are_an_address_path() {
        // A slug standing as a word, after a space or a sentence's end.
        let d = Doc::new("Bạn nên soi-keo-nha-cai hôm nay. soi-keo tại đây");
        assert_eq!(d.runs, [2..6, 8..10]);
        // Letters joined so are spelled out, not a run; a path is no
        // phrase, nor is a word joined to a number by two hyphens.
        let d = Doc::new(
            "Nguồn: http://thethaovanhoa.vn/dien-dan-van-hoa/bai-viet.htm và s-o-i--keo của Son \
             Heung-min",
        );
        let words: Vec<_> = d.toks.iter().map(|t| d.folded_text(t)).collect();
        assert_eq!(
            words,
            [
                "nguon",
                "http",
                "thethaovanhoa",
                "vn",
                "dien",
                "dan",
                "van",
                "hoa",
                "bai",
                "viet",
                "htm",
                "va",
                "s",
                "o",
                "i",
                "keo",
                "cua",
                "son",
                "heung",
                "min"
            ]
        );
        // ("Son Heung", joined by a space, is a run; "min" is not joined.)
        assert_eq!(d.runs, Vec::from_iter(std::iter::once(17..19)));
    }

    #[test]
    fn lines_and_joins_are_the_tokens_a_pass_over_pairs_finds() {
        for text in [
            "Soi kèo s.o.i k.e.o hôm nay\nTừ khóa: s o i  k e o, nha-cai\n\nx y",
            "a b c\nd-e\r\nf. g h",
            "Hội khuyến học các tỉnh.\nDòng họ học tập",
            "",
            "a",
        ] {
            let d = Doc::new(text);
            let lines: Vec<usize> = (1..d.toks.len())
                .filter(|&j| d.toks[j].gap == Gap::Line)
                .collect();
            let joins: Vec<usize> = d
                .toks
                .windows(2)
                .enumerate()
                .filter(|(_, w)| {
                    let letters = w[0].folded.len() == 1 && w[1].folded.len() == 1;
                    w[1].gap == Gap::Joined || (w[1].gap == Gap::Space && letters)
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(d.lines, lines, "{text:?}");
            assert_eq!(d.joins, joins, "{text:?}");
        }
        let d = Doc::new("Tin mới\ns.o.i k e o");
        assert_eq!(d.lines, [2]);
        assert_eq!(d.joins, [2, 3, 4, 5, 6]);
    }
}
