//! Lexicon matching: one Aho-Corasick automaton over the folded view, so a
//! single pass finds every entry whatever its case, accents, look-alike
//! letters, invisible characters or spacing.

use std::cell::RefCell;
use std::ops::Range;

use super::doc::{Doc, Gap};
use super::scan::{Match, Scanner};
use super::scratch;
#[cfg(test)]
use super::spelled::JOINERS;
use super::spelled::{joined, leet_letter, spelled_words, Noted, MIN_SPELLED_LETTERS};
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
    ac: Option<Scanner>,
    /// Pattern id → (entry index, glued form); [`ANCHOR`] for an anchor
    /// word.
    patterns: Vec<(usize, bool)>,
}

/// The entry index of an anchor word's pattern: a word of strong spam
/// vocabulary, matched in the same pass as the lexicon so that finding
/// where to look for repeated phrases costs nothing more than the scan.
const ANCHOR: usize = usize::MAX;
/// The entry index of a spelled anchor's pattern: the folded form of a
/// word that may be strong spam vocabulary as written with its marks
/// ("kèo", not "kéo"), which the detector asks of each token found.
const SPELLED_ANCHOR: usize = usize::MAX - 1;

impl Matcher {
    /// A matcher for the entries of `lexicon`, the `anchors` and the
    /// `spelled` anchors (folded single words).
    pub fn new(lexicon: &Lexicon, anchors: &[String], spelled: &[String]) -> Matcher {
        let mut keys: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        // An anchor is a whole word: between the spaces that join the
        // folded words, so that it is never found inside another ("heo" in
        // every "theo"). (None is found as the page's first or last word:
        // it must repeat to count, and one more occurrence will do.)
        for (words, kind) in [(anchors, ANCHOR), (spelled, SPELLED_ANCHOR)] {
            for a in words {
                keys.push(format!(" {a} "));
                patterns.push((kind, false));
            }
        }
        for (i, e) in lexicon.entries().iter().enumerate() {
            // A one-word entry that may glue ("fb88" in "nhacaifb88") is
            // its own glued form.
            let one_word = !e.key.contains(' ');
            keys.push(e.key.clone());
            patterns.push((i, e.glue && one_word));
            if e.glue && !one_word {
                keys.push(e.glued_key());
                patterns.push((i, true));
            }
        }
        let ac = Scanner::new(&keys);
        Matcher { ac, patterns }
    }

    /// Every entry found in `doc`: on whole tokens separated by spaces only,
    /// or glued inside one token for entries that allow it. Where entries
    /// overlap, the one starting first wins, then the longest. All
    /// overlapping matches are considered, so a longer entry that fails
    /// the word checks ("soi keo nha cai" across "soi keo, nha cai"), or
    /// that `read` refuses (spelled as another word), does not hide a
    /// shorter one that passes. Each hit comes with what `read` made of it.
    ///
    /// The tokens that are anchor words go to `anchors`, in order, and so
    /// do those that fold as a spelled anchor does when `spelled` says the
    /// token is one as written; the runs of letters spelled out read as
    /// words, and the tokens with digits for letters ("s0i", "k3o"), to
    /// `noted`.
    pub fn find<R>(
        &self,
        doc: &Doc,
        read: impl Fn(&Hit) -> Option<R>,
        anchors: &mut Vec<usize>,
        spelled: impl Fn(usize) -> bool,
        noted: &mut Noted,
    ) -> Vec<(Hit, R)> {
        let mut found = scratch::lend(&FOUND);
        // (Without entries or anchors nothing matches, but spelled-out
        // text is still noted for the second read.)
        let Some(ac) = &self.ac else {
            self.find_spelled_out(None, doc, &mut found, &mut noted.letters);
            self.find_leet(None, doc, &mut found, &mut noted.leet);
            return Vec::new();
        };
        let hay = doc.folded.as_str();
        let mut matches = scratch::lend(&MATCHES);
        ac.overlapping_into(hay.as_bytes(), &mut matches);
        let mut cur = 0;
        for m in matches.iter() {
            let Some(&(entry, glued)) = self.patterns.get(m.pattern) else {
                continue;
            };
            let len = m.end - m.start;
            if entry == ANCHOR || entry == SPELLED_ANCHOR {
                let word = m.start + 1..m.end.saturating_sub(1);
                if let Some(toks) = self.accept(doc, word, false, &mut cur) {
                    if anchors.last() != Some(&toks.start)
                        && (entry == ANCHOR || spelled(toks.start))
                    {
                        anchors.push(toks.start);
                    }
                }
                continue;
            }
            if let Some(toks) = self.accept(doc, m.start..m.end, glued, &mut cur) {
                // Glued: the match is only part of the words it takes.
                let glued = doc.folded_span(toks.clone()).len() != len;
                found.push((Hit { entry, toks, glued }, len));
            }
        }
        self.find_spelled_out(Some(ac), doc, &mut found, &mut noted.letters);
        self.find_leet(Some(ac), doc, &mut found, &mut noted.leet);
        found.sort_by(|(a, la), (b, lb)| {
            a.toks
                .start
                .cmp(&b.toks.start)
                .then(b.toks.end.cmp(&a.toks.end))
                .then(lb.cmp(la))
        });
        let mut hits: Vec<(Hit, R)> = Vec::new();
        for (h, _) in found.drain(..) {
            if hits
                .last()
                .is_none_or(|(last, _)| last.toks.end <= h.toks.start)
            {
                if let Some(r) = read(&h) {
                    hits.push((h, r));
                }
            }
        }
        hits
    }

    /// Phrases spelled out to dodge matching ("s.o.i k.e.o", "s o i  k e o",
    /// "soi-keo-nha-cai"): runs of words joined by a dot or hyphen, or of
    /// single letters, are read as one glued word and matched against the
    /// entries that may glue (distinctive ones: a slug "bong-da" is not
    /// spam). Matches must start and end on the run's word boundaries and
    /// span two words or more; one word is the main pass's job. Letters
    /// spelled out one by one are also read as the words they spell and
    /// matched against every entry, one word ("s.e.x") or more; those that
    /// read as two words or more go to `letters`, with their reading.
    fn find_spelled_out(
        &self,
        ac: Option<&Scanner>,
        doc: &Doc,
        found: &mut Vec<(Hit, usize)>,
        letters: &mut Vec<(Range<usize>, String)>,
    ) {
        if doc.joins.is_empty() {
            return;
        }
        let mut run = scratch::lend(&TEXT);
        let mut words = scratch::lend(&WORDS);
        let mut matches = scratch::lend(&MATCHES);
        let mut i = 0;
        // Real text has no such runs: only the pairs that may be joined
        // (listed by the document) are checked the slow way.
        for &c in &doc.joins {
            if c < i {
                continue;
            }
            i = c;
            let mut j = i + 1;
            while j < doc.toks.len() && joined(doc, j) {
                j += 1;
            }
            if j - i >= 2 {
                run.clear();
                words.clear();
                for t in doc.toks.get(i..j).unwrap_or_default() {
                    let start = run.len();
                    run.push_str(doc.folded_text(t));
                    words.push(start..run.len());
                }
                for (pattern, x, y, len) in word_aligned(ac, &run, &words, &mut matches) {
                    let Some(&(entry, true)) = self.patterns.get(pattern) else {
                        continue;
                    };
                    if y > x {
                        let hit = Hit {
                            entry,
                            toks: i + x..i + y + 1,
                            glued: true,
                        };
                        found.push((hit, len));
                    }
                }
                // Letters spelled out one by one are read word by word too,
                // and then any entry may match: real text spells no
                // Vietnamese word so ("c.a c.u.o.c b.o.n.g d.a").
                if j - i >= MIN_SPELLED_LETTERS && spelled_words(doc, i..j, &mut run, &mut words) {
                    letters.push((i..j, run.clone()));
                    for (pattern, x, y, len) in word_aligned(ac, &run, &words, &mut matches) {
                        let Some(&(entry, _)) =
                            self.patterns.get(pattern).filter(|p| p.0 < SPELLED_ANCHOR)
                        else {
                            continue;
                        };
                        // (Word `k` of the reading spans tokens from the
                        // letter its start is.)
                        let (Some(a), Some(b)) = (words.get(x), words.get(y)) else {
                            continue;
                        };
                        let first = run
                            .get(..a.start)
                            .map_or(0, |r| r.bytes().filter(|&c| c != b' ').count());
                        let last = first
                            + run
                                .get(a.start..b.end)
                                .map_or(0, |r| r.bytes().filter(|&c| c != b' ').count());
                        if last > first + 1 {
                            let hit = Hit {
                                entry,
                                toks: i + first..i + last,
                                glued: false,
                            };
                            found.push((hit, len));
                        }
                    }
                }
            }
            i = j;
        }
    }

    /// Phrases with digits for letters ("s0i k3o nh4 c41"): runs of words
    /// on one line, one of them mixing letters and digits, are matched
    /// again with those words' digits read as the letters they imitate.
    /// Matches must hold such a word; the digits of brands ("fb88", "w88")
    /// are never read as letters (8, 9, 2 and 6 imitate nothing here).
    fn find_leet(
        &self,
        ac: Option<&Scanner>,
        doc: &Doc,
        found: &mut Vec<(Hit, usize)>,
        leet: &mut Vec<usize>,
    ) {
        let folded = doc.folded.as_bytes();
        let is_mixed = |w: &[u8]| {
            w.iter().any(u8::is_ascii_lowercase) && w.iter().any(|&b| leet_letter(b) != b)
        };
        let mut text = scratch::lend(&TEXT);
        let mut words = scratch::lend(&WORDS);
        let mut mixed = scratch::lend(&MIXED);
        let mut matches = scratch::lend(&MATCHES);
        // Only words holding such a digit are looked at: one quick scan of
        // the folded text finds them (news is full of numbers, rarely of
        // digits inside words).
        // memchr's vector search, two sets of three digits, the nearer hit
        // of each kept until passed.
        let after = |from: usize, [x, y, z]: [u8; 3]| {
            folded
                .get(from..)
                .and_then(|r| memchr::memchr3(x, y, z, r))
                .map(|p| from + p)
        };
        let (low, high) = (*b"013", *b"457");
        let (mut next_low, mut next_high) = (after(0, low), after(0, high));
        let mut at = 0;
        loop {
            if next_low.is_some_and(|p| p < at) {
                next_low = after(at, low);
            }
            if next_high.is_some_and(|p| p < at) {
                next_high = after(at, high);
            }
            let Some(k) = next_low.into_iter().chain(next_high).min() else {
                break;
            };
            let start = folded
                .get(..k)
                .and_then(|r| r.iter().rposition(|&b| b == b' '))
                .map_or(0, |s| s + 1);
            let end = folded
                .get(k..)
                .and_then(|r| r.iter().position(|&b| b == b' '))
                .map_or(folded.len(), |e| k + e);
            at = end + 1;
            if !folded.get(start..end).is_some_and(is_mixed) {
                continue;
            }
            let Ok(i) = doc.toks.binary_search_by_key(&start, |t| t.folded.start) else {
                continue;
            };
            // The phrase around it: a few words either side, on the line.
            let mut a = i;
            while a > 0
                && i - a < MAX_LEET_WORDS
                && doc.toks.get(a).is_some_and(|t| t.gap == Gap::Space)
            {
                a -= 1;
            }
            let mut b = i + 1;
            while b - i < MAX_LEET_WORDS && doc.toks.get(b).is_some_and(|t| t.gap == Gap::Space) {
                b += 1;
            }
            text.clear();
            words.clear();
            mixed.clear();
            for (j, t) in (a..b).zip(doc.toks.get(a..b).unwrap_or_default()) {
                if !text.is_empty() {
                    text.push(' ');
                }
                let start = text.len();
                let w = doc.folded_text(t).as_bytes();
                let m = is_mixed(w);
                if m && leet.last().is_none_or(|&l| l < j) {
                    leet.push(j);
                }
                text.extend(
                    w.iter()
                        .map(|&c| char::from(if m { leet_letter(c) } else { c })),
                );
                words.push(start..text.len());
                mixed.push(m);
            }
            for (pattern, x, y, len) in word_aligned(ac, &text, &words, &mut matches) {
                let Some(&(entry, glued)) =
                    self.patterns.get(pattern).filter(|p| p.0 < SPELLED_ANCHOR)
                else {
                    continue;
                };
                if mixed.get(x..=y).is_some_and(|m| m.contains(&true)) {
                    let hit = Hit {
                        entry,
                        toks: a + x..a + y + 1,
                        glued,
                    };
                    found.push((hit, len));
                }
            }
            // Past the window: its words were all read.
            at = at.max(doc.toks.get(b - 1).map_or(at, |t| t.folded.end + 1));
        }
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

thread_local! {
    /// Buffers for reuse (see [`scratch`]): the automaton's matches, the
    /// hits kept, and the words rebuilt by the second passes.
    static MATCHES: RefCell<Vec<Vec<Match>>> = const { RefCell::new(Vec::new()) };
    static FOUND: RefCell<Vec<Vec<(Hit, usize)>>> = const { RefCell::new(Vec::new()) };
    static TEXT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static WORDS: RefCell<Vec<Vec<Range<usize>>>> = const { RefCell::new(Vec::new()) };
    static MIXED: RefCell<Vec<Vec<bool>>> = const { RefCell::new(Vec::new()) };
}

/// The matches of `ac` in `text` that start where one of `words` (sorted
/// byte ranges of `text`) starts and end where one ends: pattern id, first
/// and last word, match length. Both second passes (spelled-out words,
/// digits for letters) rebuild a few words as a new text and match it so.
fn word_aligned<'t>(
    ac: Option<&'t Scanner>,
    text: &'t str,
    words: &'t [Range<usize>],
    matches: &'t mut Vec<Match>,
) -> impl Iterator<Item = (usize, usize, usize, usize)> + 't {
    // (No automaton: no match.)
    matches.clear();
    if let Some(ac) = ac {
        ac.overlapping_into(text.as_bytes(), matches);
    }
    matches.iter().filter_map(move |m| {
        let x = words.binary_search_by_key(&m.start, |w| w.start).ok()?;
        let y = words.binary_search_by_key(&m.end, |w| w.end).ok()?;
        (y >= x).then_some((m.pattern, x, y, m.end - m.start))
    })
}

/// Words either side of a word with digits for letters that a phrase may
/// take: lexicon phrases are short.
const MAX_LEET_WORDS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_found_as_whole_words_only() {
        let m = Matcher::new(&Lexicon::empty(), &["heo".to_owned()], &[]);
        let doc = Doc::new("Đi theo con heo, rồi theo heo về nhà; heo!");
        let mut anchors = Vec::new();
        m.find(
            &doc,
            |_| Some(()),
            &mut anchors,
            |_| false,
            &mut Noted::default(),
        );
        let words: Vec<&str> = anchors
            .iter()
            .map(|&j| doc.folded_text(&doc.toks[j]))
            .collect();
        // Not inside "theo"; and not as the page's last word (see
        // `Matcher::new`).
        assert_eq!(words, ["heo", "heo"]);
        assert_eq!(anchors, [3, 6]);
    }

    fn lex() -> Lexicon {
        Lexicon::parse(
            "bóng đá\tstreaming\t0.3\ntrực tiếp bóng đá\tstreaming\t0.5\nlô đề\tlottery\t0.5\n\
             xổ số miền bắc\tlottery\t0.6\tglue\nfb88\tbrand\t1\tsuspect,glue\n",
            "t",
        )
        .unwrap()
    }

    fn found(text: &str) -> Vec<(String, bool)> {
        let doc = Doc::new(text);
        let m = Matcher::new(&lex(), &[], &[]);
        m.find(
            &doc,
            |_| Some(()),
            &mut Vec::new(),
            |_| false,
            &mut Noted::default(),
        )
        .into_iter()
        .map(|(h, ())| (text[doc.source_span(h.toks)].to_string(), h.glued))
        .collect()
    }

    #[test]
    fn the_fold_marks_every_joiner() {
        for c in JOINERS {
            let mut buf = [0u8; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(crate::fold::opens_join(lead), "{c:?}");
            let text = format!("x{c}o");
            let doc = Doc::new(&text);
            assert_eq!(doc.toks.get(1).map(|t| t.gap), Some(Gap::Joined), "{c:?}");
        }
        // After a space, or not a joiner: plain punctuation. ("x§o" is
        // Joined: '§' shares its lead byte with '·'; `joined` turns it away.)
        for text in ["x .o", "x,o", "x\u{a0}.o"] {
            let doc = Doc::new(text);
            assert_eq!(doc.toks.get(1).map(|t| t.gap), Some(Gap::Punct), "{text:?}");
        }
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

    #[test]
    fn spelled_out_entries_are_read_whole() {
        let hits = |text| found(text).into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(
            hits("xem x.o s.o m.i.e.n b.a.c nhé"),
            ["x.o s.o m.i.e.n b.a.c"]
        );
        assert_eq!(
            hits("xem x o  s o  m i e n  b a c"),
            ["x o  s o  m i e n  b a c"]
        );
        assert_eq!(
            hits("vào xo-so-mien-bac, f.b.8.8"),
            ["xo-so-mien-bac", "f.b.8.8"]
        );
        // Split anywhere, as an evader may.
        assert_eq!(hits("xos-omienbac"), ["xos-omienbac"]);
        // Only entries that may glue: a slug "bong-da" is not spam; nor is
        // a list of letters.
        assert!(hits("trang bong-da, truc-tiep-bong-da").is_empty());
        assert!(hits("x, o, s, o, m, i, e, n, b, a, c").is_empty());
        // Letters spelled out one by one spell words, and any entry may
        // match them, not only those that glue: no word of real text is
        // written so.
        assert_eq!(hits("tổ chức c.a c.u.o.c b.o.n.g d.a nhé"), ["b.o.n.g d.a"]);
        assert_eq!(
            hits("tổ chức t r u c  t i e p  b o n g  d a hôm nay"),
            ["t r u c  t i e p  b o n g  d a"]
        );
        // Fewer letters are an abbreviation's, not words spelled out,
        // though they spell an entry.
        assert!(hits("tổ chức l.o đ.e nhé").is_empty());
        assert_eq!(hits("tổ chức l.o đ.e l.o nhé"), ["l.o đ.e"]);
    }

    #[test]
    fn digits_for_letters_are_read_as_letters() {
        let hits = |text| found(text).into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(hits("vào x0 s0 m1en b4c, fb88"), ["x0 s0 m1en b4c", "fb88"]);
        assert_eq!(hits("tr4n b0ng d4 hay"), ["b0ng d4"]);
        // Words with digits that imitate nothing stay as they are.
        assert!(hits("đội U23 dùng 4G, cúm H5N1, b0ng").is_empty());
    }
}
