//! Lexicon matching: one Aho-Corasick automaton over the folded view, so a
//! single pass finds every entry whatever its case, accents, look-alike
//! letters, invisible characters or spacing.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::doc::Doc;
use crate::lexicon::Lexicon;

/// A lexicon entry found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Index of the entry in the lexicon.
    pub entry: usize,
    /// The tokens it covers (by index).
    pub toks: Range<usize>,
    /// Found glued inside a longer word rather than on word boundaries.
    pub glued: bool,
}

#[derive(Debug)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    /// Pattern id → (entry index, glued form).
    patterns: Vec<(usize, bool)>,
}

impl Matcher {
    pub fn new(lexicon: &Lexicon) -> Matcher {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (i, e) in lexicon.entries().iter().enumerate() {
            // A one-word entry that may glue ("fb88" in "nhacaifb88") is
            // its own glued form.
            let one_word = !e.key.contains(' ');
            keys.push(e.key.clone());
            patterns.push((i, e.glue && one_word));
            if e.glue && !one_word {
                keys.push(e.key.split(' ').collect());
                patterns.push((i, true));
            }
        }
        // A DFA costs memory per pattern byte but scans fastest; past a few
        // hundred thousand pattern bytes the contiguous NFA is the better
        // trade (a user's list of 100,000 entries must still load quickly).
        let bytes: usize = keys.iter().map(String::len).sum();
        let kind = if bytes < 200_000 {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(&keys)
            .ok();
        Matcher { ac, patterns }
    }

    /// Every entry found in `doc`: on whole tokens separated by spaces only,
    /// or glued inside one token for entries that allow it. Where entries
    /// overlap, the one starting first wins, then the longest. All
    /// overlapping matches are considered, so a longer entry that fails
    /// the word checks ("soi keo nha cai" across "soi keo, nha cai") does
    /// not hide a shorter one that passes.
    pub fn find(&self, doc: &Doc) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let hay = doc.folded.as_str();
        let mut found: Vec<(Hit, usize)> = Vec::new();
        let mut cur = 0;
        for m in ac.find_overlapping_iter(hay) {
            let Some(&(entry, glued)) = self.patterns.get(m.pattern().as_usize()) else {
                continue;
            };
            if let Some(toks) = self.accept(doc, m.range(), glued, &mut cur) {
                // Glued: the match is only part of the words it takes.
                let glued = doc.folded_span(toks.clone()).len() != m.len();
                found.push((Hit { entry, toks, glued }, m.len()));
            }
        }
        found.sort_by(|(a, la), (b, lb)| {
            a.toks
                .start
                .cmp(&b.toks.start)
                .then(b.toks.end.cmp(&a.toks.end))
                .then(lb.cmp(la))
        });
        let mut hits: Vec<Hit> = Vec::new();
        for (h, _) in found {
            if hits.last().is_none_or(|last| last.toks.end <= h.toks.start) {
                hits.push(h);
            }
        }
        hits
    }

    /// The tokens match `m` covers, if it passes the word checks. `cur`
    /// is a cursor into the tokens: matches come in order of their end, so
    /// it only moves forward, and the start is found by walking back a few
    /// tokens (an entry has few words) rather than by search.
    fn accept(
        &self,
        doc: &Doc,
        m: Range<usize>,
        glued: bool,
        cur: &mut usize,
    ) -> Option<Range<usize>> {
        let last = m.end.checked_sub(1)?;
        while doc.toks.get(*cur).is_some_and(|t| t.folded.end <= last) {
            *cur += 1;
        }
        let b = *cur;
        let tb = doc.toks.get(b).filter(|t| t.folded.start <= last)?;
        let mut a = b;
        while a > 0 && doc.toks.get(a).is_some_and(|t| t.folded.start > m.start) {
            a -= 1;
        }
        let ta = doc.toks.get(a)?;
        if ta.folded.start == m.start && tb.folded.end == m.end && doc.is_phrase(a..b + 1) {
            return Some(a..b + 1);
        }
        // A glued brand takes its whole word with it: "fb88vn",
        // "xosomienbacvn88".
        (glued && ta.folded.start <= m.start && m.start < ta.folded.end).then_some(a..a + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::parse(
            "bóng đá\tstreaming\t0.3\ntrực tiếp bóng đá\tstreaming\t0.5\n\
             xổ số miền bắc\tlottery\t0.6\tglue\nfb88\tbrand\t1\tsuspect,glue\n",
            "t",
        )
        .unwrap()
    }

    fn found(text: &str) -> Vec<(String, bool)> {
        let doc = Doc::new(text);
        let m = Matcher::new(&lex());
        m.find(&doc)
            .into_iter()
            .map(|h| (text[doc.source_span(h.toks)].to_string(), h.glued))
            .collect()
    }

    #[test]
    fn whole_tokens_longest_first() {
        assert_eq!(
            found("Xem TRUC\u{a0}TIEP b\u{200b}оng da, bóng đá nữa"),
            [
                ("TRUC\u{a0}TIEP b\u{200b}оng da".to_string(), false),
                ("bóng đá".to_string(), false)
            ]
        );
        // Not inside words, not across punctuation.
        assert!(found("bong dan, bong-da, abong da").is_empty());
    }

    #[test]
    fn glued_entries_take_their_word() {
        assert_eq!(
            found("vào xosomienbacvn88 ngay, link fb88.com, nhacaifb88"),
            [
                ("xosomienbacvn88".to_string(), true),
                ("fb88".to_string(), false),
                ("nhacaifb88".to_string(), true)
            ]
        );
    }
}
