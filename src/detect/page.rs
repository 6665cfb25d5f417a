//! The whole page: whether it is spam from top to bottom (a doorway page,
//! a keyword list, a link block, tone-mark noise), real text that carries
//! spam, or clean.
//!
//! Findings say where spam is; a page's verdict also needs what the page
//! as a whole shows. A doorway title ("kuwin | xổ số miền bắc hôm nay |
//! lô đề online") is written with its accents and may hold no finding at
//! all, while a state lottery company's page says "xổ số" in every line
//! and is clean. What tells them apart: how much of the page findings
//! cover, how much of it is spam vocabulary, brands (named, or promoted
//! with links and hashtags), how many kinds of spam, lines that are
//! keyword strings, tone marks strewn at random, and how much running text
//! is left once the spam is cut. These are weighed together
//! ([`PageFeatures::score`]), and the report says what each added.

use serde::Serialize;

use super::doc::Doc;
use super::matcher::Hit;
use super::vocab::Vocabulary;
use super::{round, Contribution, Finding};
use crate::lexicon::{Category, Entry};

/// The page evidence a verdict rests on: see the module's documentation.
/// Fields are rounded to 3 decimals.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PageFeatures {
    /// The probability that the page is spam from top to bottom.
    pub probability: f64,
    /// Words on the page.
    pub words: usize,
    /// Share of the page's bytes under findings.
    pub coverage: f64,
    /// Distinct brands named: lexicon brand entries, and names no
    /// dictionary has that the page both writes and links to ("k8tip35"
    /// and `"https://k8tip35.com"`, "#k8tip35"), as a page that promotes a
    /// site does.
    pub brands: usize,
    /// Share of the page's words that are spam vocabulary ("kèo", "cược",
    /// "xsmn", "sex": a weight of 1 and over by the judge's vocabulary),
    /// on a sample of the page.
    pub vocabulary: f64,
    /// Distinct spam categories named, the weakest entries left out.
    pub categories: usize,
    /// Share of the lines that are keyword strings: short, and mostly
    /// lexicon phrases or findings.
    pub keyword_lines: f64,
    /// Share of the words written with marks that carry marks no
    /// Vietnamese syllable has ("gìớí", "thảò", "lũôn"), on a sample of
    /// the page, one such word (a typo) left out.
    pub noise: f64,
    /// Share of the page's words in running text outside the spam:
    /// lines of sentences that lexicon phrases do not make up.
    pub prose: f64,
    /// Share of the page's words that are CJK mojibake left unrepaired:
    /// Vietnamese read in a CJK encoding whose bytes were lost ("C峄�"),
    /// the mark of a page re-hosted by a spam site. Evidence on its own:
    /// it does not weigh in the probability, and a clean page that shows
    /// it is reported.
    pub mojibake: f64,
    /// What each feature added to the log-odds, the largest first (those
    /// under 0.05 either way left out).
    pub contributions: Vec<Contribution>,
}

/// A page whose [`PageFeatures::probability`] reaches this is spam.
pub(crate) const SPAM: f64 = 0.5;
/// The [`PageFeatures::noise`] that counts in full.
const NOISE_FULL: f64 = 0.012;
/// Words a line of running text has at least.
const SENTENCE_WORDS: usize = 5;
/// Words a keyword string has at most.
const KEYWORD_LINE_WORDS: usize = 16;

/// The weights of the page's evidence, in log-odds, fitted by
/// `scripts/fit_page.py` on the tune half of `scripts/gen_pages.py` and
/// the train split (the held half measures them: README, "Page
/// verdicts"). The bias is set so that no clean page of those reaches
/// 0.5.
const BIAS: f64 = -4.69;
const WEIGHTS: [(&str, f64); 7] = [
    // Findings over much of the page.
    ("coverage", 9.59),
    // Each brand named or promoted, up to three, and each kind of spam
    // past the first (betting and lottery and casino), on a page without
    // running text: a real article with one stuffed keyword line names
    // as many.
    ("brands", 5.71),
    ("categories", 6.86),
    // Words spam uses, in any phrase.
    ("vocabulary", 10.46),
    ("keyword_lines", 4.35),
    // Words with impossible marks, a hundredth of them counting in full
    // (one word alone, a typo, is left out).
    ("noise", 8.26),
    // Running text speaks for the page, mostly through the features it
    // scales (by 1 - prose).
    ("prose", -0.25),
];

impl PageFeatures {
    fn values(&self) -> [f64; 7] {
        [
            self.coverage,
            (self.brands as f64).min(3.0) * (1.0 - self.prose),
            self.categories.saturating_sub(1).min(3) as f64 * (1.0 - self.prose),
            self.vocabulary * (1.0 - self.prose),
            self.keyword_lines,
            (self.noise / NOISE_FULL).min(1.5),
            self.prose,
        ]
    }

    /// The log-odds that the page is spam.
    fn log_odds(&self) -> f64 {
        BIAS + WEIGHTS
            .iter()
            .zip(self.values())
            .map(|(&(_, w), v)| w * v)
            .sum::<f64>()
    }

    /// Fills in the probability and the contributions.
    fn score(mut self) -> PageFeatures {
        let z = self.log_odds();
        self.probability = round((1.0 / (1.0 + (-z).exp())) as f32);
        // Straight from the weights: a page with nothing to say (most
        // clean ones) allocates nothing here.
        let mut contributions: Vec<Contribution> = WEIGHTS
            .iter()
            .zip(self.values())
            .map(|(&(feature, w), v)| Contribution {
                feature,
                log_odds: round((w * v) as f32),
            })
            .filter(|c| c.log_odds.abs() >= 0.05)
            .collect();
        contributions.sort_by(|a, b| b.log_odds.abs().total_cmp(&a.log_odds.abs()));
        self.contributions = contributions;
        self
    }
}

/// The page evidence of `doc`, from every lexicon hit (counted or not:
/// `entries` are the lexicon's), the findings, and the tokens that are
/// strong spam words (`anchors`, sorted, as the matcher found them).
pub(crate) fn features(
    doc: &Doc,
    hits: &[Hit],
    entries: &[Entry],
    findings: &[Finding],
    vocab: &Vocabulary,
    anchors: &[usize],
    full: bool,
) -> PageFeatures {
    let words = doc.toks.len();
    let (noise, mojibake, promoted) = (noise(doc), mojibake(doc), promoted(doc, vocab));
    // A page with no lexicon phrase, no finding, no link to a name it
    // writes and no tone noise is weighed no further: spam vocabulary alone
    // (what is left) makes no page spam from top to bottom, and most pages
    // are so. (`explain` weighs every page in full.)
    if !full
        && hits.is_empty()
        && findings.is_empty()
        && noise == 0.0
        && mojibake == 0.0
        && promoted.is_empty()
    {
        return PageFeatures {
            words,
            ..PageFeatures::default()
        }
        .score();
    }
    let body = doc.text.trim().len().max(1);
    let covered: usize = findings.iter().map(|f| f.end - f.start).sum();
    // Each word under the strongest entry over it.
    let mut weight = vec![0f32; words];
    let mut brands: Vec<&str> = Vec::new();
    let mut categories: Vec<Category> = Vec::new();
    for h in hits {
        let Some(e) = entries.get(h.entry) else {
            continue;
        };
        for j in h.toks.clone() {
            if let Some(w) = weight.get_mut(j) {
                *w = w.max(e.weight);
            }
        }
        if e.category == Category::Brand && !brands.contains(&e.key.as_str()) {
            brands.push(e.key.as_str());
        }
        if e.weight >= 0.5 && e.category != Category::Other && !categories.contains(&e.category) {
            categories.push(e.category);
        }
    }
    // Inside a finding, a word is spam whatever the lexicon says.
    for f in findings {
        let from = doc.toks.partition_point(|t| t.source.start < f.start);
        let to = doc.toks.partition_point(|t| t.source.start < f.end);
        for j in from..to {
            if let Some(w) = weight.get_mut(j) {
                *w = w.max(1.0);
            }
        }
    }
    // A hashtag of spam vocabulary is a keyword, as a phrase found is
    // ("#vaytien #linkvao #lode" under a loan app's profile).
    if memchr::memchr(b'#', doc.text.as_bytes()).is_some() {
        for (t, w) in doc.toks.iter().zip(weight.iter_mut()) {
            let tagged = t
                .source
                .start
                .checked_sub(1)
                .is_some_and(|at| doc.text.as_bytes().get(at) == Some(&b'#'));
            if tagged && *w < 1.0 && vocab.weight(doc, t) >= SPAM_WORD {
                *w = 1.0;
            }
        }
    }
    let (keyword_lines, prose) = lines(doc, &weight, anchors);
    let per_word = |n: usize| n as f64 / words.max(1) as f64;
    let mut page = PageFeatures {
        probability: 0.0,
        words,
        coverage: round((covered as f32 / body as f32).min(1.0)),
        brands: brands.len(),
        vocabulary: 0.0,
        categories: categories.len(),
        keyword_lines: round(keyword_lines),
        noise: round(noise),
        mojibake: round(mojibake as f32),
        prose: round(per_word(prose) as f32),
        contributions: Vec::new(),
    };
    for name in promoted {
        if !brands.contains(&name) {
            brands.push(name);
        }
    }
    page.brands = brands.len();
    // The words of a page are weighed one by one only when they can make
    // it spam (all of them spam vocabulary at most): most pages are
    // running text, and this is the dearest part of the page's evidence.
    let most = PageFeatures {
        vocabulary: 1.0,
        ..page.clone()
    };
    if full || !findings.is_empty() || most.log_odds() >= 0.0 {
        // (A sample spread over the page tells the share.)
        let stride = (words / VOCABULARY_SAMPLE).max(1);
        let (mut seen, mut spam_words) = (0usize, 0usize);
        for t in doc.toks.iter().step_by(stride) {
            seen += 1;
            spam_words += usize::from(vocab.weight(doc, t) >= SPAM_WORD);
        }
        page.vocabulary = round(spam_words as f32 / seen.max(1) as f32);
    }
    page.score()
}

/// Words whose spam vocabulary weight is looked up, spread over a page.
const VOCABULARY_SAMPLE: usize = 256;
/// A promoted name is written at least once in this many words.
const PROMOTED_EVERY: usize = 150;

/// The share of words of `doc` that are CJK mojibake left unrepaired, when
/// the page shows it as a whole (a few Han characters glued to Latin
/// letters, "東京Tokyo" in an encyclopedia, are not).
pub(super) fn mojibake(doc: &Doc) -> f64 {
    if !doc.may_hold_cjk() {
        return 0.0;
    }
    let n = crate::normalize::cjk::mojibake_words(doc.text);
    let share = n as f64 / doc.toks.len().max(1) as f64;
    if n >= 3 && share >= MOJIBAKE_SHARE {
        share
    } else {
        0.0
    }
}

/// The share of a page's words mojibake must reach to be reported.
const MOJIBAKE_SHARE: f64 = 0.02;

/// The spam vocabulary weight of a word that counts as spam vocabulary.
const SPAM_WORD: f32 = 1.0;

/// The names `doc` promotes: words no dictionary has (no syllable, unknown
/// to Wikipedia or brand-like) that it writes as words and also in a link,
/// a web address or a hashtag.
fn promoted<'d>(doc: &'d Doc, vocab: &Vocabulary) -> Vec<&'d str> {
    let b = doc.text.as_bytes();
    // The index of the token a byte offset falls in.
    let tok_at = |at: usize| {
        let k = doc.toks.partition_point(|t| t.source.end <= at);
        doc.toks
            .get(k)
            .filter(|t| t.source.contains(&at))
            .map(|_| k)
    };
    // Where links are ("://", "www.", "#", "name.tld"): most pages have
    // none, and are done after a scan of their bytes for these.
    let mut linked: Vec<usize> = Vec::new();
    for at in memchr::memchr3_iter(b'/', b'#', b'.', b) {
        let name = match b.get(at) {
            Some(b'/') if b.get(at.saturating_sub(1)..at + 2) == Some(b"://") => tok_at(at + 2),
            Some(b'#') => tok_at(at + 1),
            Some(b'.') if at >= 3 && b.get(at - 3..at) == Some(b"www") => tok_at(at + 1),
            Some(b'.') if domain_after(b.get(at..).unwrap_or_default()) => {
                tok_at(at.saturating_sub(1))
            }
            _ => None,
        };
        linked.extend(name);
    }
    if linked.is_empty() {
        return Vec::new();
    }
    // (Sorted, looked up by halves: a page of links has thousands.)
    linked.sort_unstable();
    linked.dedup();
    let mut names: Vec<(&str, usize, bool)> = Vec::new();
    for t in linked.iter().filter_map(|&k| doc.toks.get(k)) {
        let w = doc.folded_text(t);
        if w.len() >= 3
            && !t.marked
            && !w.bytes().all(|c| c.is_ascii_digit())
            && !names.iter().any(|n| n.0 == w)
            && super::accent::suspicion(w.as_bytes()).is_none()
            && (super::vocab::is_unknown(w) || vocab.is_brand_like(w))
        {
            names.push((w, 0, false));
        }
    }
    // Each name's occurrences as a whole word of the folded text (words
    // joined by single spaces), found by a substring search rather than by
    // comparing every word of the page with every name.
    let folded = doc.folded.as_bytes();
    for (w, n, word) in &mut names {
        for at in memchr::memmem::find_iter(folded, w.as_bytes()) {
            let end = at + w.len();
            if (at > 0 && folded.get(at - 1) != Some(&b' '))
                || (end < folded.len() && folded.get(end) != Some(&b' '))
            {
                continue;
            }
            let k = doc.toks.partition_point(|t| t.folded.start < at);
            *n += 1;
            *word |= linked.binary_search(&k).is_err();
        }
    }
    // (A page that promotes a name says it often: a long list that links
    // a title once does not.)
    let often = (doc.toks.len() / PROMOTED_EVERY).max(2);
    names
        .into_iter()
        .filter(|&(_, n, word)| word && n >= often)
        .map(|(w, ..)| w)
        .collect()
}

/// Whether `after` (what follows a word) makes the word a web address's
/// name: a dot and a top-level domain ("k8tip35.com", "fb88.vip/…").
pub(crate) fn domain_after(after: &[u8]) -> bool {
    let Some(rest) = after.strip_prefix(b".") else {
        return false;
    };
    let label = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    // (A dot that ends a sentence has a space after it: no label.)
    label >= 2 && rest.get(..label).is_some_and(is_tld)
}

/// Whether `w` is a top-level domain spam sites use ("com", "vip", "bet").
pub(crate) fn is_tld(w: &[u8]) -> bool {
    const TLDS: [&[u8]; 24] = [
        b"com", b"net", b"org", b"vn", b"info", b"io", b"co", b"vip", b"club", b"bet", b"top",
        b"xyz", b"me", b"tv", b"cc", b"live", b"pro", b"fun", b"asia", b"biz", b"online", b"site",
        b"win", b"app",
    ];
    (2..=6).contains(&w.len()) && TLDS.iter().any(|t| w.eq_ignore_ascii_case(t))
}

/// The share of lines that are keyword strings, and the words of running
/// text outside spam phrases (in lines of sentences that spam does not make
/// up: neither its phrases nor its strongest words), given each word's
/// spam weight and the tokens that are strong spam words, sorted.
fn lines(doc: &Doc, weight: &[f32], anchors: &[usize]) -> (f32, usize) {
    let (mut lines, mut keyword_lines, mut prose) = (0usize, 0usize, 0usize);
    let mut anchor = 0;
    let starts = std::iter::once(0).chain(doc.lines.iter().copied());
    let ends = doc
        .lines
        .iter()
        .copied()
        .chain(std::iter::once(doc.toks.len()));
    for (start, end) in starts.zip(ends) {
        let n = end.saturating_sub(start);
        if n == 0 {
            continue;
        }
        let line_weights = weight.get(start..end).unwrap_or_default();
        let spam: f32 = line_weights.iter().sum();
        lines += 1;
        if n <= KEYWORD_LINE_WORDS && spam * 2.0 >= n as f32 && spam >= 0.5 {
            keyword_lines += 1;
        } else if n >= SENTENCE_WORDS && spam * 2.0 <= n as f32 {
            // (Up to the next line: the full stop after the last word is
            // no part of the words' own span.)
            let from = doc.source_span(start..end).start;
            let to = doc.toks.get(end).map_or(doc.text.len(), |t| t.source.start);
            let text = doc.text.get(from..to).unwrap_or_default();
            let b = text.as_bytes();
            let sentence = memchr::memchr3(b'.', b',', b':', b).is_some()
                || memchr::memchr3(b'?', b'!', b';', b).is_some();
            if sentence {
                // The sentence's own words: a phrase pasted into it is not,
                // nor are the strong spam words the lexicon's matcher found
                // on its way (`anchors`): a bookmaker's profile is sentences
                // too ("… là nhà cái uy tín, cung cấp tip bong da …").
                // (Lines come in order: the anchors are walked, not
                // searched for each word.)
                for (j, &w) in (start..end).zip(line_weights) {
                    while anchors.get(anchor).is_some_and(|&a| a < j) {
                        anchor += 1;
                    }
                    prose += usize::from(w < 0.5 && anchors.get(anchor) != Some(&j));
                }
            }
        }
    }
    (keyword_lines as f32 / lines.max(1) as f32, prose)
}

/// The share of words with marks that carry marks no syllable has: two
/// tone marks ("gìớí") or a tone where Vietnamese puts none ("lũôn").
/// Real text has next to none. 0 under 8 words with marks.
fn noise(doc: &Doc) -> f32 {
    // Words looked at first: four runs of 30 spread over the page (noise
    // may start anywhere, and a clean page is not read whole for it; a run
    // is read in order, as memory is laid out).
    const RUNS: usize = 4;
    const RUN: usize = 30;
    let n = doc.toks.len();
    let sample = || {
        (0..RUNS)
            .flat_map(move |k| {
                let start = if n > RUNS * RUN {
                    (2 * k + 1) * n / (2 * RUNS) - RUN / 2
                } else {
                    k * RUN
                };
                doc.toks
                    .get(start.min(n)..(start + RUN).min(n))
                    .unwrap_or_default()
            })
            .filter(|t| t.marked)
    };
    let word = |t: &super::doc::Tok| doc.text.get(t.source.clone()).unwrap_or_default();
    // Real text has next to no syllable with two tone marks: without one
    // in the sample, no word is read closely. (Noise strews more than it
    // moves. Words glued together, "giádầu", carry two marks and spell no
    // syllable: they do not count.)
    if !sample().any(|t| {
        tones(word(t).as_bytes()) >= 2
            && super::accent::suspicion(doc.folded_text(t).as_bytes()).is_some()
    }) {
        return 0.0;
    }
    // With one, every word is read: noise strewn between the runs counts
    // as much as noise in them.
    let (mut seen, mut bad) = (0usize, 0usize);
    for t in doc.toks.iter().filter(|t| t.marked) {
        seen += 1;
        let w = word(t);
        // Two tone marks, or a tone on the wrong vowel ("lũôn", "ỳêu"):
        // no syllable. Only a word whose letters spell a Vietnamese
        // syllable: foreign names ("Guénée", "Jiří", "Kōkyō") are not
        // noise, nor a tone left out ("vươt"), a typo.
        if tones(w.as_bytes()) >= 1
            && w.bytes().filter(|&b| b >= 0xC0).count() >= 2
            && super::accent::suspicion(doc.folded_text(t).as_bytes()).is_some()
            && crate::syllable::is_misspelled(w)
        {
            bad += 1;
        }
    }
    // (One word is a typo, not noise.)
    if seen < 8 {
        0.0
    } else {
        bad.saturating_sub(1) as f32 / seen as f32
    }
}

/// The tone marks in UTF-8 word `w`, read off its bytes: the precomposed
/// letters that carry one (all of U+1EA0-U+1EF9, "à", "ĩ", "ũ", …) and the
/// combining tone marks.
fn tones(w: &[u8]) -> usize {
    // Each lead byte that may open a toned letter with the byte after it;
    // every other byte (ASCII, continuation bytes, "đ", "ơ", "ư") is
    // passed over at one compare: most bytes of a word are such.
    let mut n = 0usize;
    for (i, &b) in w.iter().enumerate() {
        if b < 0xC3 {
            continue;
        }
        let next = w.get(i + 1).copied().unwrap_or(0);
        n += usize::from(match b {
            0xE1 => (next | 1) == 0xBB,
            0xC3 => next >= 0x80 && ((TONED_C3 >> (next & 0x3F)) & 1) == 1,
            0xC4 | 0xC5 => (next | 1) == 0xA9,
            0xCC => (next | 1) == 0x81 || next == 0x83 || next == 0x89 || next == 0xA3,
            _ => false,
        });
    }
    n
}

/// The second bytes, less 0x80, of the letters U+00C0-U+00FF that carry
/// a tone, as bits: À Á Ã È É Ì Í Ò Ó Õ Ù Ú Ý (0x00 0x01 0x03 0x08 0x09 0x0C
/// 0x0D 0x12 0x13 0x15 0x19 0x1A 0x1D) and their small letters (0x20 more).
const TONED_C3: u64 = 0x262c_330b_262c_330b;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_read_off_the_bytes_agree_with_the_letter_tables() {
        // Every precomposed letter Vietnamese uses, alone and in pairs,
        // and the combining tone marks after a vowel.
        let letters: Vec<char> = (0xC0u32..0x1B0)
            .chain(0x1EA0..0x1EFA)
            .filter_map(char::from_u32)
            .filter(|c| c.is_alphabetic())
            .filter(|&c| crate::syllable::tone_marks_in(&c.to_string()) <= 1)
            .collect();
        for &a in &letters {
            let w = a.to_string();
            assert_eq!(
                tones(w.as_bytes()),
                crate::syllable::tone_marks_in(&w),
                "{w}"
            );
            for b in ['a', 'ê', 'ớ', 'ĩ', 'Ụ'] {
                let w = format!("g{a}{b}n");
                assert_eq!(
                    tones(w.as_bytes()),
                    crate::syllable::tone_marks_in(&w),
                    "{w}"
                );
            }
        }
        for m in ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'] {
            assert_eq!(tones(format!("a{m}").as_bytes()), 1);
        }
        assert_eq!(tones("gìớí".as_bytes()), 3);
        assert_eq!(tones("người Việt".as_bytes()), 2);
    }
}
