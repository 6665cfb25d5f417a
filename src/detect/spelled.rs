//! Words spelled out letter by letter to dodge matching ("s.o.i k.e.o",
//! "s o i  k e o"): where such runs are, the words they spell, and the
//! text with each run written as those words, so that the whole of
//! detection, discovery of phrases no list names included, reads them as
//! it reads any phrase written bare.

use std::ops::Range;

use super::doc::{Doc, Gap};

/// Letters spelled out that are read word by word: fewer are an
/// abbreviation's ("T.P.H.C.M" is five).
pub(crate) const MIN_SPELLED_LETTERS: usize = 6;

/// What joins the letters or syllables of a spelled-out word.
pub(crate) const JOINERS: [char; 8] = ['.', '-', '_', '*', '+', '~', '·', '•'];

/// Whether token `j` continues a spelled-out word: joined to the one
/// before by one or two dots, hyphens or the like with nothing else, or,
/// both being single letters, by any spacing ("s o i", "s.o.i k.e.o").
pub(crate) fn joined(doc: &Doc, j: usize) -> bool {
    let (Some(a), Some(b)) = (doc.toks.get(j.wrapping_sub(1)), doc.toks.get(j)) else {
        return false;
    };
    let letters = a.folded.len() == 1 && b.folded.len() == 1;
    match b.gap {
        Gap::Line => false,
        Gap::Space => letters,
        // Punctuation that does not open with a joiner joins nothing.
        Gap::Punct => false,
        Gap::Joined => {
            let gap = doc.gap_text(j);
            // The fold tested a lead byte only ('§' shares '·''s): every
            // mark must be a joiner.
            let marks = gap.trim_end_matches(|c: char| letters && c.is_whitespace());
            marks.chars().count() <= 2 && marks.chars().all(|c| JOINERS.contains(&c))
        }
    }
}

/// Tokens `r`, single letters spelled out, read as the words they spell
/// into `run` (words apart by a space) and `words` (their byte ranges):
/// with dots between letters ("s.o.i k.e.o"), a gap with a space parts
/// words; with spaces only ("s o i  k e o"), a wider gap does. False when
/// they are not all single letters or spell one word.
pub(crate) fn spelled_words(
    doc: &Doc,
    r: Range<usize>,
    run: &mut String,
    words: &mut Vec<Range<usize>>,
) -> bool {
    let toks = doc.toks.get(r.clone()).unwrap_or_default();
    if toks.iter().any(|t| t.folded.len() != 1) {
        return false;
    }
    let gap = |k: usize| doc.gap_text(r.start + k);
    let dotted = (1..toks.len()).any(|k| gap(k).contains(|c: char| JOINERS.contains(&c)));
    run.clear();
    words.clear();
    let mut start = 0;
    for (k, t) in toks.iter().enumerate() {
        let g = gap(k);
        let parts = k > 0
            && if dotted {
                g.contains(char::is_whitespace)
            } else {
                g.chars().filter(|c| c.is_whitespace()).count() >= 2
            };
        if parts {
            words.push(start..run.len());
            run.push(' ');
            start = run.len();
        }
        run.push_str(doc.folded_text(t));
    }
    words.push(start..run.len());
    words.len() >= 2
}

/// The letter a digit imitates in "s0i k3o", or the byte itself.
pub(crate) fn leet_letter(b: u8) -> u8 {
    match b {
        b'0' => b'o',
        b'1' => b'i',
        b'3' => b'e',
        b'4' => b'a',
        b'5' => b's',
        b'7' => b't',
        _ => b,
    }
}

/// What the lexicon's matcher notes of spelled-out text on its way, for
/// [`Respelled`]: the runs of letters spelled out (six or more) it read as
/// two words or more, with their reading, and the tokens with digits for
/// letters, each in order.
#[derive(Debug, Default)]
pub(crate) struct Noted {
    pub letters: Vec<(Range<usize>, String)>,
    pub leet: Vec<usize>,
}

/// `doc`'s text with each run of letters spelled out into two words or
/// more written as those words, and each word with digits for letters
/// written with the letters, and where each such run or word was.
pub(crate) struct Respelled {
    pub text: String,
    /// Each run, in order: its bytes in `text`, in the source, and what
    /// the runs before it added to the text's length (source offset =
    /// text offset - that, between runs).
    runs: Vec<(Range<usize>, Range<usize>, isize)>,
}

impl Respelled {
    /// `doc`'s spelled-out runs written as words, and its tokens with
    /// digits for letters that spell a syllable with them read as letters
    /// ("s0i", "k3o"; not "fb88", "4g"), written with the letters, as the
    /// matcher `noted` them; `None` when it noted none (real text has
    /// none).
    pub(crate) fn of(doc: &Doc, noted: &Noted) -> Option<Respelled> {
        if noted.letters.is_empty() && noted.leet.is_empty() {
            return None;
        }
        let mut found: Vec<(Range<usize>, String)> = Vec::new();
        let read = |j: usize| -> Option<String> {
            let t = doc.toks.get(j)?;
            let read: String = doc
                .folded_text(t)
                .bytes()
                .map(|b| char::from(leet_letter(b)))
                .collect();
            super::accent::suspicion(read.as_bytes()).map(|_| read)
        };
        let readings: Vec<(usize, String)> = noted
            .leet
            .iter()
            .filter_map(|&j| Some((j, read(j)?)))
            .collect();
        // Two such words side by side at least: real text has words with
        // a digit that read as syllables ("hạng A1", "B1"), one at a time.
        let side_by_side = |a: &(usize, String), b: &(usize, String)| {
            a.0 + 1 == b.0 && doc.toks.get(b.0).is_some_and(|t| t.gap == Gap::Space)
        };
        for (k, here) in readings.iter().enumerate() {
            let before = k
                .checked_sub(1)
                .and_then(|p| readings.get(p))
                .is_some_and(|p| side_by_side(p, here));
            let after = readings.get(k + 1).is_some_and(|n| side_by_side(here, n));
            if let (true, Some(t)) = (before || after, doc.toks.get(here.0)) {
                found.push((t.source.clone(), here.1.clone()));
            }
        }
        // From the first letter to the last, as the tokens' own spans go
        // (invisible characters right after included).
        found.extend(
            noted
                .letters
                .iter()
                .map(|(r, words)| (doc.source_span(r.clone()), words.clone())),
        );
        if found.is_empty() {
            return None;
        }
        // (Letter runs are of single letters, words with digits are not:
        // the two never overlap.)
        found.sort_by_key(|(r, _)| r.start);
        let mut text = String::with_capacity(doc.text.len());
        let mut runs = Vec::with_capacity(found.len());
        let mut at = 0;
        let mut grown = 0isize;
        for (source, words) in found {
            text.push_str(doc.text.get(at..source.start)?);
            let start = text.len();
            text.push_str(&words);
            runs.push((start..text.len(), source.clone(), grown));
            grown += words.len() as isize - source.len() as isize;
            at = source.end;
        }
        text.push_str(doc.text.get(at..)?);
        Some(Respelled { text, runs })
    }

    /// The source bytes of `r`, bytes of [`Self::text`], when it holds a
    /// spelled-out run or part of one (a run partly held is taken whole);
    /// `None` when it holds none.
    pub(crate) fn source_of(&self, r: Range<usize>) -> Option<Range<usize>> {
        // (Runs are in order: each look-up is a binary search, so a page of
        // a million runs maps a million findings in linear time.)
        let total = self.runs.last().map_or(0, |(new, old, grown)| {
            grown + new.len() as isize - old.len() as isize
        });
        let shift = |k: usize| self.runs.get(k).map_or(total, |run| run.2);
        let start = {
            let k = self.runs.partition_point(|(new, _, _)| new.end <= r.start);
            match self.runs.get(k) {
                Some((new, old, _)) if new.start <= r.start => old.start,
                _ => r.start.saturating_add_signed(-shift(k)),
            }
        };
        let end = {
            let k = self.runs.partition_point(|(new, _, _)| new.end < r.end);
            match self.runs.get(k) {
                Some((new, old, _)) if new.start < r.end => old.end,
                _ => r.end.saturating_add_signed(-shift(k)),
            }
        };
        let k = self.runs.partition_point(|(new, _, _)| new.end <= r.start);
        let holds = self
            .runs
            .get(k)
            .is_some_and(|(new, _, _)| new.start < r.end);
        holds.then_some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::matcher::Matcher;
    use crate::lexicon::Lexicon;

    /// `text` respelled as the matcher notes it, without a lexicon.
    fn respelled(doc: &Doc) -> Option<Respelled> {
        let mut noted = Noted::default();
        Matcher::new(&Lexicon::empty(), &[], &[]).find(
            doc,
            |_| Some(()),
            &mut Vec::new(),
            |_| false,
            &mut noted,
        );
        Respelled::of(doc, &noted)
    }

    #[test]
    fn runs_are_written_as_words_and_mapped_back_whole() {
        let text =
            "Trước đó s.o.i k.e.o n.h.a c.a.i\u{200b} rồi mới đọc tin, sau đó s o i  k e o lại.";
        let doc = Doc::new(text);
        let r = respelled(&doc).expect("two runs");
        assert_eq!(
            r.text,
            "Trước đó soi keo nha cai rồi mới đọc tin, sau đó soi keo lại."
        );
        let at = |s: &str| r.text.find(s).unwrap();
        // A phrase over a run maps to the run, whole, in the source.
        let first = at("soi keo nha cai");
        let src = r.source_of(first..first + "soi keo nha cai".len()).unwrap();
        // (The invisible character after the last letter goes with it.)
        assert_eq!(&text[src], "s.o.i k.e.o n.h.a c.a.i\u{200b}");
        let part = r.source_of(first + 4..first + 7).unwrap();
        assert_eq!(&text[part], "s.o.i k.e.o n.h.a c.a.i\u{200b}");
        let second = r.text.rfind("soi keo").unwrap();
        let src = r.source_of(second..second + 7).unwrap();
        assert_eq!(&text[src], "s o i  k e o");
        // With the words around it, shifted by what the first run changed.
        let (from, to) = (at("sau đó"), at(" lại") + " lại".len());
        let wide = r.source_of(from..to).unwrap();
        assert_eq!(&text[wide], "sau đó s o i  k e o lại");
        // Text that holds no run is not the respelling's to report.
        assert_eq!(r.source_of(0..5), None);
    }

    #[test]
    fn words_with_digits_for_letters_are_written_with_the_letters_side_by_side_only() {
        let text = "Hôm nay s0i k3o nh4 cai rồi, xe hạng B1 và fb88 k3o.";
        let doc = Doc::new(text);
        let r = respelled(&doc).expect("three words side by side");
        // "B1" reads "bi" but stands alone, "fb88" is no syllable, and the
        // last "k3o" has none beside it.
        assert_eq!(
            r.text,
            "Hôm nay soi keo nha cai rồi, xe hạng B1 và fb88 k3o."
        );
        let at = r.text.find("soi keo nha").unwrap();
        let src = r.source_of(at..at + "soi keo nha".len()).unwrap();
        assert_eq!(&text[src], "s0i k3o nh4");
    }

    #[test]
    fn real_text_has_nothing_to_respell() {
        for text in [
            "Tại T.P.H.C.M, ông Nguyễn Văn A cho biết dự án đã hoàn thành.",
            "Giá xăng RON 95 giảm, theo Bộ Công Thương.",
        ] {
            assert!(respelled(&Doc::new(text)).is_none(), "{text}");
        }
    }
}
