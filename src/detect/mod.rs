//! Finding injected spam: lexicon matching, repeated unaccented phrases and
//! keyword lines, combined into findings with evidence and a verdict.

pub(crate) mod accent;
pub(crate) mod doc;
mod keywords;
mod matcher;
pub(crate) mod ngram;
mod scan;

use std::ops::Range;

use serde::Serialize;

use crate::lexicon::{Category, Lexicon};
use crate::syllable::{spelled_as, spelling, Spelling};
use crate::tables::KeySet;
use doc::Doc;
use matcher::{Hit, Matcher};

pub use keywords::LABELS as KEYWORD_LABELS;

/// Findings scoring below this are dropped.
const MIN_SCORE: f32 = 0.5;
/// Share of a page's bytes under findings that makes the whole page spam.
const SPAM_COVERAGE: f32 = 0.5;
/// Keyword stuffing: lexicon phrases cover at least this share of a page's
/// words, in at least this many phrases. The news on betting or football
/// in the corpus stays far below (lexicon phrases are a few words in a
/// hundred there).
const STUFFED_SHARE: f32 = 0.5;
const STUFFED_HITS: usize = 8;
/// What tone-mark noise on a lexicon phrase adds to its weight: enough on
/// its own to flag the weakest entries (0.3 -> 0.72).
const NOISE_EVIDENCE: f32 = 0.6;

/// What a document is, as far as spam goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No spam found.
    Clean,
    /// Legitimate text carrying injected spam: clean it.
    Injected,
    /// The whole page is spam (a doorway page, a keyword list, tone-mark
    /// noise).
    Spam,
}

/// Which detector found a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A lexicon entry (possibly grown to the repeated phrase around it).
    Lexicon,
    /// A repeated unaccented phrase that no lexicon lists.
    Ngram,
}

/// Why a span was judged spam.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A lexicon entry matched.
    Lexicon {
        /// The entry as listed.
        entry: String,
        /// Its category.
        category: Category,
        /// Its weight.
        weight: f64,
        /// Whether the text carried accents (only `suspect` entries count
        /// then).
        accented: bool,
        /// Whether it was glued to neighbouring letters.
        glued: bool,
    },
    /// The phrase repeats, unaccented, in accented text.
    Repeated {
        /// Occurrences in the document.
        count: usize,
        /// Mean share of real text writing its words with marks.
        suspicion: f64,
        /// Words it shares with the lexicon's vocabulary.
        topic_words: usize,
    },
    /// The span was grown over unaccented words that real text writes with
    /// marks.
    Unaccented {
        /// Words added.
        words: usize,
    },
    /// What repair concluded for the finding's phrase.
    Repair {
        /// Whether the phrase replaced a word or was inserted.
        attack: crate::repair::Attack,
        /// The word the votes chose (empty when none), shared by the
        /// findings of the phrase.
        word: std::sync::Arc<str>,
        /// Its share of the occurrences' votes.
        confidence: f64,
        /// The mean share the document's own text gave the word, per
        /// occurrence (0 when the page says nothing of it).
        document: f64,
    },
    /// The phrase's words carry tone marks strewn at random ("sói kẹó"),
    /// spelling no Vietnamese word: a disguise.
    ToneNoise {
        /// Words with marks.
        words: usize,
    },
    /// The page is stuffed with lexicon phrases, accented or not: they
    /// cover this share of its words. Real text on the same subjects says
    /// much else besides.
    Stuffing {
        /// Share of the page's words inside lexicon phrases.
        share: f64,
    },
    /// The span is a keyword line listing spam.
    KeywordLine {
        /// Its label ("Từ khóa"), empty for a bare list.
        label: String,
        /// Items in the list.
        items: usize,
        /// Items found to be spam.
        spam_items: usize,
    },
}

/// What was done with a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Cut out of the text.
    Removed,
    /// Replaced by [`Finding::replacement`].
    Replaced,
    /// Reported only; the text is unchanged.
    Flagged,
}

/// One span of a document judged to be spam.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Start byte offset in the text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The text of the span.
    pub text: String,
    /// The canonical (folded) phrase it is an instance of.
    pub phrase: String,
    /// Which detector found it.
    pub source: Source,
    /// How sure, in `[0, 1]`.
    pub score: f64,
    /// What was done with it.
    pub action: Action,
    /// The text put in its place when [`Action::Replaced`].
    pub replacement: Option<String>,
    /// What the judgement rests on.
    pub evidence: Vec<Evidence>,
}

/// The result of [`Detector::detect`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Detection {
    /// The document's verdict.
    pub verdict: Verdict,
    /// How sure the verdict is spam or injected, in `[0, 1]`.
    pub score: f64,
    /// Spam spans, in text order, not overlapping.
    pub findings: Vec<Finding>,
}

/// Finds injected spam. Build one (the lexicon's automaton is compiled
/// once) and share it across threads.
///
/// # Example
/// ```
/// use vnclean::{Detector, Source, Verdict};
///
/// let d = Detector::new();
/// let text = "Hội khuyến học các tỉnh trao thưởng. Xem soi keo nha cai tại đây.";
/// let found = d.detect(text);
/// assert_eq!(found.verdict, Verdict::Injected);
/// let f = &found.findings[0];
/// assert_eq!(&text[f.start..f.end], "soi keo nha cai");
/// assert_eq!(f.source, Source::Lexicon);
///
/// // Legitimate sports vocabulary, accented, is left alone.
/// let news = "Lịch thi đấu bóng đá hôm nay: trực tiếp bóng đá trên VTV6.";
/// assert_eq!(d.detect(news).verdict, Verdict::Clean);
/// ```
#[derive(Debug)]
pub struct Detector {
    lexicon: Lexicon,
    matcher: Matcher,
    /// Hashes of every word of the lexicon's entries.
    topic: KeySet,
    /// Per entry written with marks, the spelling of each of its words
    /// (`None` for entries written without).
    spellings: Vec<Option<Box<[Option<Spelling>]>>>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

/// A finding under construction: a token range and what speaks for it.
struct Cand {
    toks: Range<usize>,
    /// The repeated phrase (index into the units) it is an occurrence of.
    unit: Option<usize>,
    /// A two-word or name-like repeated phrase: kept only when a lexicon
    /// entry matches inside one of its occurrences.
    needs_vouch: bool,
    /// The tokens counted lexicon hits cover inside it.
    lex: Option<Range<usize>>,
    source: Source,
    score: f32,
    evidence: Vec<Evidence>,
}

impl Detector {
    /// A detector with the embedded default lexicon.
    pub fn new() -> Detector {
        Detector::with_lexicon(Lexicon::default())
    }

    /// A detector with the given lexicon (which may be empty: the n-gram and
    /// keyword-line detectors still run).
    pub fn with_lexicon(lexicon: Lexicon) -> Detector {
        let matcher = Matcher::new(&lexicon);
        let topic = lexicon
            .entries()
            .iter()
            // The vocabulary of entries that are spam in themselves: the
            // words of weaker entries ("đá gà cựa dao") are too common.
            .filter(|e| e.suspect && e.weight >= 0.8)
            .flat_map(|e| e.key.split(' '))
            // Numbers, single letters and words real text writes bare
            // ("ta", "chi", "tin") say nothing about the topic.
            .filter(|w| {
                w.len() > 1
                    && !w.bytes().all(|b| b.is_ascii_digit())
                    && accent::suspicion(w.as_bytes()).is_none_or(|s| s >= 0.5)
            })
            .map(|w| ngram::hash_word(w.as_bytes()))
            .collect();
        let spellings = lexicon
            .entries()
            .iter()
            .map(|e| {
                (!e.phrase.is_ascii()).then(|| e.phrase.split_whitespace().map(spelling).collect())
            })
            .collect();
        Detector {
            lexicon,
            matcher,
            topic,
            spellings,
        }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Finds the spam in `text`.
    pub fn detect(&self, text: &str) -> Detection {
        let mut doc = Doc::new(text);
        // Hits that are other words (spelled otherwise) are dropped before
        // overlaps are settled: a mis-accented "dảng kỷ w88" must not hide
        // the brand inside it.
        let (hits, readings): (Vec<Hit>, Vec<Reading>) = self
            .matcher
            .find(&doc, |h| {
                let e = self.lexicon.entries().get(h.entry)?;
                let spelled = self.spellings.get(h.entry).and_then(Option::as_deref);
                read_hit(&doc, h, e, spelled)
            })
            .into_iter()
            .unzip();
        // Judge the text's accents without the spam in it, so that the
        // judgement does not change once the spam is cut (idempotence).
        let spam_words: usize = hits
            .iter()
            .filter_map(|h| doc.toks.get(h.toks.clone()))
            .map(|ts| ts.iter().filter(|t| !t.marked).count())
            .sum();
        doc.set_accented(spam_words);
        let accented = doc.accented;
        let units = ngram::repeated_units(&doc, &self.topic);
        let mut cands: Vec<Cand> = Vec::new();
        for (ui, u) in units.iter().enumerate() {
            for r in &u.occurrences {
                cands.push(Cand {
                    toks: r.clone(),
                    unit: Some(ui),
                    // Names run short ("Gia Lai", "Lee Min Ho"); a long
                    // capitalised phrase of words real text writes with
                    // marks is spam in title case.
                    needs_vouch: r.len() < 3 || (u.name && (r.len() <= 3 || u.sum < 3.0)),
                    lex: None,
                    source: Source::Ngram,
                    score: u.score,
                    evidence: evidence_of(Evidence::Repeated {
                        count: u.occurrences.len(),
                        suspicion: round(u.suspicion),
                        topic_words: u.topic,
                    }),
                });
            }
        }
        // Occurrences of repeated phrases never overlap: sorted, a hit's
        // holder is found by binary search.
        cands.sort_by_key(|c| c.toks.start);
        let repeats = accented_repeats(&doc, &hits);
        let mut vouched = vec![false; units.len()];
        let mut lexical = Vec::new();
        let mut off_topic_seen = OffTopic::default();
        let stuffing = stuffing(&doc, &hits);
        for ((h, reading), &n) in hits.iter().zip(&readings).zip(&repeats) {
            self.add_hit(
                &doc,
                accented,
                stuffing,
                h,
                reading,
                n,
                &mut cands,
                &mut lexical,
                &mut vouched,
                &mut off_topic_seen,
            );
        }
        cands.append(&mut lexical);
        cands.retain(|c| !c.needs_vouch || c.unit.is_some_and(|u| vouched.get(u) == Some(&true)));
        for c in &mut cands {
            if let Some(lex) = &c.lex {
                c.toks = trim_to_lexicon(&doc, c.toks.clone(), lex.clone());
            }
        }
        cands.sort_by_key(|c| c.toks.start);
        let cands = merge(cands);
        let flagged: Vec<Range<usize>> = cands
            .iter()
            .filter(|c| c.score >= MIN_SCORE)
            .map(|c| c.toks.clone())
            .collect();
        let lines = keywords::keyword_lines(&doc, &flagged, &|w| self.is_topic(w));
        let cands = absorb_lines(cands, lines);
        let findings: Vec<Finding> = cands
            .into_iter()
            .filter(|c| c.score >= MIN_SCORE)
            .map(|c| {
                let span = doc.source_span(c.toks.clone());
                Finding {
                    start: span.start,
                    end: span.end,
                    text: text.get(span).unwrap_or_default().to_string(),
                    // From the final tokens: trimming and merging moved them.
                    phrase: doc.folded_span(c.toks.clone()).to_string(),
                    source: c.source,
                    score: round(c.score),
                    action: Action::Flagged,
                    replacement: None,
                    evidence: c.evidence,
                }
            })
            .collect();
        verdict(&doc, findings)
    }

    /// Turns a lexicon hit into a candidate: into the repeated phrase that
    /// holds it (among `units`, sorted), or grown over the unaccented words
    /// around it (pushed to `cands`). `reading` is how it is written;
    /// `repeats` is how often the entry occurs accented in the document.
    #[allow(clippy::too_many_arguments)]
    fn add_hit<'d>(
        &self,
        doc: &'d Doc,
        accented: bool,
        stuffing: Option<f32>,
        h: &Hit,
        reading: &Reading,
        repeats: usize,
        units: &mut [Cand],
        cands: &mut Vec<Cand>,
        vouched: &mut [bool],
        off_topic_seen: &mut OffTopic<'d>,
    ) {
        let Some(e) = self.lexicon.entries().get(h.entry) else {
            return;
        };
        let toks = doc.toks.get(h.toks.clone()).unwrap_or_default();
        let &Reading {
            plain,
            has_marks,
            noisy,
        } = reading;
        let ev = Evidence::Lexicon {
            entry: e.phrase.clone(),
            category: e.category,
            weight: round(e.weight),
            accented: !plain,
            glued: h.glued,
        };
        let bare = plain && has_marks && (accented || h.glued);
        // A long streaming phrase repeated with its accents ("kết quả bóng
        // đá hôm nay" four times) in a page on something else is pasted.
        // News on betting or pharma repeats its subject's phrases; only
        // streaming SEO titles are never written twice on purpose.
        let pasted = !plain
            && e.category == Category::Streaming
            && e.weight >= 0.5
            && h.toks.len() >= 4
            && repeats >= 2
            && off_topic_seen.judge(doc, h.entry, &e.key, repeats);
        let counts = e.suspect || bare || pasted || noisy || stuffing.is_some();
        // Inside a repeated phrase already: it confirms it.
        let holder = units.partition_point(|c| c.toks.start <= h.toks.start);
        if let Some(c) = holder
            .checked_sub(1)
            .and_then(|i| units.get_mut(i))
            .filter(|c| h.toks.end <= c.toks.end)
        {
            if counts {
                if let Some(v) = c.unit.and_then(|u| vouched.get_mut(u)) {
                    *v = true;
                }
                c.lex = Some(match c.lex.take() {
                    Some(l) => l.start.min(h.toks.start)..l.end.max(h.toks.end),
                    None => h.toks.clone(),
                });
            }
            c.source = Source::Lexicon;
            c.score = combine(c.score, e.weight);
            c.evidence.push(ev);
            return;
        }
        let score = if e.suspect {
            e.weight
        } else if bare {
            // Bare sport words in accented text: the bareness is evidence.
            let s = mean_suspicion(doc, h.toks.clone());
            combine(e.weight, 0.6 * s)
        } else if pasted {
            combine(e.weight, 0.15 * repeats.min(4) as f32)
        } else if noisy {
            combine(e.weight, NOISE_EVIDENCE)
        } else if let Some(share) = stuffing {
            combine(e.weight, share)
        } else {
            return;
        };
        let mut r = h.toks.clone();
        let mut evidence = evidence_of(ev);
        if plain && accented {
            let grown = grow(doc, r.clone(), &|w| self.is_topic(w));
            if grown.len() > r.len() {
                evidence.push(Evidence::Unaccented {
                    words: grown.len() - r.len(),
                });
                r = grown;
            }
        }
        if let Some(share) = stuffing {
            evidence.push(Evidence::Stuffing {
                share: round(share),
            });
        }
        if noisy {
            evidence.push(Evidence::ToneNoise {
                words: toks.iter().filter(|t| t.marked).count(),
            });
        }
        if pasted {
            evidence.push(Evidence::Repeated {
                count: repeats,
                suspicion: 0.0,
                topic_words: h.toks.len(),
            });
        }
        cands.push(Cand {
            unit: None,
            needs_vouch: false,
            lex: None,
            toks: r,
            source: Source::Lexicon,
            score,
            evidence,
        });
    }

    fn is_topic(&self, w: &str) -> bool {
        self.topic.contains(&ngram::hash_word(w.as_bytes()))
    }
}

/// Whether the distinctive words of an entry's key are rarer in a page
/// outside its `repeats` occurrences than inside them: a phrase pasted into
/// a page on another subject, not a news story on betting that says "cá
/// độ" and "bóng đá" all through. Judged once per entry, from word counts
/// made once per page (a page of nothing but lexicon phrases must not cost
/// a scan per entry).
#[derive(Default)]
struct OffTopic<'d> {
    seen: std::collections::HashMap<usize, bool>,
    counts: Option<std::collections::HashMap<&'d str, usize>>,
}

impl<'d> OffTopic<'d> {
    fn judge(&mut self, doc: &'d Doc, entry: usize, key: &str, repeats: usize) -> bool {
        if let Some(&off) = self.seen.get(&entry) {
            return off;
        }
        let counts = self.counts.get_or_insert_with(|| {
            let mut counts = std::collections::HashMap::new();
            for t in &doc.toks {
                *counts.entry(doc.folded_text(t)).or_insert(0) += 1;
            }
            counts
        });
        // Words too common to say anything (đã/đá/da): over this many
        // occurrences in the Wikipedia counts.
        let mut words: Vec<&str> = key
            .split(' ')
            .filter(|w| accent::frequency(w.as_bytes()) < 30_000)
            .collect();
        let inside = repeats * words.len();
        words.sort_unstable();
        words.dedup();
        let all: usize = words.iter().filter_map(|w| counts.get(w)).sum();
        let off = all.saturating_sub(inside) < inside;
        self.seen.insert(entry, off);
        off
    }
}

/// How a lexicon hit is written.
struct Reading {
    /// Without marks (its accents may have been stripped).
    plain: bool,
    /// The entry is written with marks.
    has_marks: bool,
    /// With marks strewn at random, spelling no syllable.
    noisy: bool,
}

/// How hit `h` of entry `e` is written, or `None` when it is another word
/// that folds the same: written without marks ("fb88", "champions
/// league"), a marked word in the text ("lớn" for "lon") is another word;
/// written with marks, the phrase's accents may have been stripped, or
/// strewn at random ("sói kẹó nhá cài", "kủwin"), a disguise. `words`:
/// the spelling of the entry's words, when it is written with marks.
fn read_hit(
    doc: &Doc,
    h: &Hit,
    e: &crate::lexicon::Entry,
    words: Option<&[Option<Spelling>]>,
) -> Option<Reading> {
    let toks = doc.toks.get(h.toks.clone()).unwrap_or_default();
    // The quick lead-byte test, confirmed on the hit's own text: an odd
    // character ("fb\u{34f}88", dotless ı) is no accent.
    let plain = toks.iter().all(|t| !t.marked)
        || !crate::fold::has_marks(
            doc.text
                .get(doc.source_span(h.toks.clone()))
                .unwrap_or_default(),
        );
    let has_marks = !e.phrase.is_ascii();
    let spelled = (has_marks && h.glued) || same_spelling(doc, h.toks.clone(), words);
    // Noise is a word with two tone marks ("kẹó"), which no syllable has,
    // or two words that spell nothing (one alone may be a typo: "bóng
    // đấ"), or a brand, spam in any spelling, standing alone ("kủwin";
    // glued inside a foreign word, "Alfabético", it is that word's accent).
    let (mut doubled, mut nonsense) = (false, 0);
    for t in toks.iter().filter(|t| t.marked) {
        let w = doc.text.get(t.source.clone()).unwrap_or_default();
        doubled |= crate::syllable::tone_marks_in(w) >= 2;
        nonsense += usize::from(!crate::syllable::is_syllable(w));
    }
    let noisy = !plain
        && !spelled
        && !h.glued
        && (doubled || nonsense >= 2 || (nonsense == 1 && toks.len() == 1 && e.suspect));
    (plain || spelled || noisy).then_some(Reading {
        plain,
        has_marks,
        noisy,
    })
}

/// For each hit, how many hits of the same entry in the document carry
/// accents.
fn accented_repeats(doc: &Doc, hits: &[Hit]) -> Vec<usize> {
    let mut per_entry: std::collections::HashMap<usize, usize> = Default::default();
    let marked: Vec<bool> = hits
        .iter()
        .map(|h| {
            doc.toks
                .get(h.toks.clone())
                .unwrap_or_default()
                .iter()
                .any(|t| t.marked)
        })
        .collect();
    for (h, &m) in hits.iter().zip(&marked) {
        if m {
            *per_entry.entry(h.entry).or_default() += 1;
        }
    }
    hits.iter()
        .zip(&marked)
        .map(|(h, &m)| {
            if m {
                per_entry.get(&h.entry).copied().unwrap_or(0)
            } else {
                0
            }
        })
        .collect()
}

/// Whether the marked words of tokens `r` are spelled as the entry's
/// `words` (`None`: an entry written without marks): "lớn" is not "lồn",
/// though both fold to "lon". Unmarked words pass: their accents may have
/// been stripped.
fn same_spelling(doc: &Doc, r: Range<usize>, words: Option<&[Option<Spelling>]>) -> bool {
    let Some(words) = words else {
        return false;
    };
    let toks = doc.toks.get(r).unwrap_or_default();
    if words.len() != toks.len() {
        return true;
    }
    toks.iter().zip(words).all(|(t, w)| {
        let src = doc.text.get(t.source.clone()).unwrap_or_default();
        !t.marked || spelled_as(src, w.as_ref())
    })
}

/// A page made of lexicon phrases (keyword stuffing), however they are
/// spelled: the share of its words they cover, when at least
/// [`STUFFED_SHARE`] of them and over [`STUFFED_HITS`] phrases.
fn stuffing(doc: &Doc, hits: &[Hit]) -> Option<f32> {
    if hits.len() < STUFFED_HITS {
        return None;
    }
    let covered: usize = hits.iter().map(|h| h.toks.len()).sum();
    let share = covered as f32 / doc.toks.len().max(1) as f32;
    (share >= STUFFED_SHARE).then_some(share.min(1.0))
}

/// A finding's evidence, `first` and room for the two that usually
/// follow (a lexicon hit on the unit, repair's conclusion): growing a
/// vector of one cost an allocation per finding, twice in repair mode.
fn evidence_of(first: Evidence) -> Vec<Evidence> {
    let mut v = Vec::with_capacity(3);
    v.push(first);
    v
}

/// `1 - (1 - a)(1 - b)`: independent pieces of evidence.
fn combine(a: f32, b: f32) -> f32 {
    1.0 - (1.0 - a.clamp(0.0, 1.0)) * (1.0 - b.clamp(0.0, 1.0))
}

/// A score for reports: three decimals, as f64 so that JSON shows "0.8",
/// not the f32's "0.800000011920929".
pub(crate) fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn mean_suspicion(doc: &Doc, r: Range<usize>) -> f32 {
    let n = r.len().max(1) as f32;
    doc.toks
        .get(r)
        .unwrap_or_default()
        .iter()
        .map(|t| accent::suspicion(doc.folded_text(t).as_bytes()).unwrap_or(0.5))
        .sum::<f32>()
        / n
}

/// Extends `r` over neighbouring unaccented words, joined by spaces only,
/// that belong to the lexicon's vocabulary and that real text nearly always
/// writes with marks ("soi cầu" grows over "mien bac"); a word that forms a
/// pair real text writes bare with the next one out ("so voi", "tai nan")
/// is the text's own.
fn grow(doc: &Doc, mut r: Range<usize>, is_topic: &dyn Fn(&str) -> bool) -> Range<usize> {
    let word = |j: usize| doc.toks.get(j).map(|t| doc.folded_text(t));
    let ok = |j: usize, out: Option<usize>| {
        let Some(t) = doc.toks.get(j) else {
            return false;
        };
        let w = doc.folded_text(t);
        let pair = out.and_then(|o| {
            let (a, b) = if o > j { (j, o) } else { (o, j) };
            let joined = doc.toks.get(b).is_some_and(|t| t.gap == doc::Gap::Space);
            let (wa, wb) = (word(a)?, word(b)?);
            Some(joined && accent::is_plain_pair(wa.as_bytes(), wb.as_bytes()))
        });
        !t.marked
            && is_topic(w)
            && accent::suspicion(w.as_bytes()).is_some_and(|s| s >= OUTSIDE)
            && pair != Some(true)
    };
    let space_before = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == doc::Gap::Space);
    // A phrase has a few words: growth stops there, which also keeps a
    // page of back-to-back spam linear.
    let (start, end) = (r.start, r.end);
    while r.start > 0
        && start - r.start < MAX_GROWTH
        && space_before(r.start)
        && ok(r.start - 1, r.start.checked_sub(2))
    {
        r.start -= 1;
    }
    while r.end - end < MAX_GROWTH && space_before(r.end) && ok(r.end, Some(r.end + 1)) {
        r.end += 1;
    }
    r
}

/// Words a lexicon hit may grow by on each side.
const MAX_GROWTH: usize = 6;

/// Suspicion a word outside every lexicon hit needs to stay in a phrase
/// the lexicon vouches for: a replaced word's bare neighbour ("tay" after
/// "bàn" was replaced) repeats with every occurrence too, but real text
/// writes it bare now and then; the words of a pasted phrase ("lich
/// truyen hinh" before "trực tiếp bóng đá") it almost never does.
const OUTSIDE: f32 = 0.97;

/// Drops edge words of a repeated phrase that lie outside the lexicon hits
/// in it and are not pasted-looking: not suspicious enough, or capitalised
/// in a lower-case phrase (a name next to it).
fn trim_to_lexicon(doc: &Doc, mut r: Range<usize>, lex: Range<usize>) -> Range<usize> {
    let capital = |j: usize| doc.is_capitalised(j);
    let phrase_capital = capital(lex.start);
    let weak = |j: usize| {
        let Some(t) = doc.toks.get(j) else {
            return true;
        };
        let s = accent::suspicion(doc.folded_text(t).as_bytes());
        s.is_some_and(|s| s < OUTSIDE) || (capital(j) && !phrase_capital)
    };
    while r.start < lex.start && weak(r.start) {
        r.start += 1;
    }
    while r.end > lex.end && weak(r.end - 1) {
        r.end -= 1;
    }
    r
}

/// Merges overlapping candidates, keeping the stronger one's identity.
fn merge(cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        match out.last_mut() {
            Some(last) if c.toks.start < last.toks.end => {
                last.toks.end = last.toks.end.max(c.toks.end);
                last.needs_vouch &= c.needs_vouch;
                if c.score > last.score || c.source == Source::Lexicon {
                    last.source = c.source;
                }
                last.score = last.score.max(c.score);
                last.evidence.extend(c.evidence);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Replaces the candidates inside each keyword line by one for the line.
fn absorb_lines(cands: Vec<Cand>, lines: Vec<keywords::KeywordLine>) -> Vec<Cand> {
    if lines.is_empty() {
        return cands;
    }
    let mut out: Vec<Cand> = Vec::new();
    let mut cands = cands.into_iter().peekable();
    for l in lines {
        let mut inner = Vec::new();
        while let Some(c) = cands.next_if(|c| c.toks.start < l.toks.end) {
            if c.toks.end <= l.toks.start {
                out.push(c);
            } else {
                inner.push(c);
            }
        }
        let source = if inner.iter().any(|c| c.source == Source::Lexicon) {
            Source::Lexicon
        } else {
            Source::Ngram
        };
        let score = inner
            .iter()
            .map(|c| c.score)
            .fold(0.6f32, |a, s| a.max(s))
            .max(0.5 + 0.5 * l.spam_items as f32 / l.items.max(1) as f32);
        let mut evidence = evidence_of(Evidence::KeywordLine {
            label: l.label.clone(),
            items: l.items,
            spam_items: l.spam_items,
        });
        evidence.extend(inner.into_iter().flat_map(|c| c.evidence));
        out.push(Cand {
            unit: None,
            needs_vouch: false,
            lex: None,
            toks: l.toks,
            source,
            score,
            evidence,
        });
    }
    out.extend(cands);
    out
}

/// The verdict over a document's findings.
fn verdict(doc: &Doc, findings: Vec<Finding>) -> Detection {
    let score = findings.iter().map(|f| f.score as f32).fold(0.0, f32::max);
    let covered: usize = findings.iter().map(|f| f.end - f.start).sum();
    let body = doc.text.trim().len().max(1);
    let noise = tone_noise(doc);
    let verdict = if covered as f32 >= SPAM_COVERAGE * body as f32 || noise >= 0.15 {
        Verdict::Spam
    } else if findings.is_empty() {
        Verdict::Clean
    } else {
        Verdict::Injected
    };
    let score = if verdict == Verdict::Spam {
        score.max(noise.min(1.0) * 2.0).min(1.0)
    } else {
        score
    };
    Detection {
        verdict,
        score: round(score),
        findings,
    }
}

/// The share of marked words carrying two or more tone marks, over a
/// sample: random tone marks ("gịớí", "thảó") on doorway pages. Real
/// Vietnamese never has them, and foreign names ("Hübner", "chō",
/// "Guenée") carry at most one. 0 when too few words to judge.
fn tone_noise(doc: &Doc) -> f32 {
    const SAMPLE: usize = 400;
    // Real text shows none in its first words; noise pages show it at once.
    const FIRST: usize = 64;
    let mut seen = 0;
    let mut bad = 0;
    for t in doc.toks.iter().filter(|t| t.marked).take(SAMPLE) {
        seen += 1;
        // Two tone marks take two non-ASCII characters (letters or
        // combining marks): most marked words have one.
        let w = doc.text.get(t.source.clone()).unwrap_or_default();
        if w.bytes().filter(|&b| b >= 0xC0).count() >= 2 {
            bad += usize::from(crate::syllable::tone_marks_in(w) >= 2);
        }
        if seen == FIRST && bad == 0 {
            return 0.0;
        }
    }
    if seen < 12 {
        0.0
    } else {
        bad as f32 / seen as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_article_phrase_found_at_every_occurrence() {
        let text = include_str!("../../fixtures/seed/article.spammed.txt");
        let d = Detector::new().detect(text);
        assert_eq!(d.verdict, Verdict::Injected);
        assert_eq!(d.findings.len(), 73);
        for f in &d.findings {
            assert_eq!(f.text, "lich truyen hinh truc tiep bong da");
            assert_eq!(f.phrase, "lich truyen hinh truc tiep bong da");
        }
    }

    #[test]
    fn tone_noise_pages_are_spam() {
        let page = "tròng thế gịớí thể thảó bóng đá ýêụ cá cược uy tín nhất việt nàm \
                    gịớí thiệụ nhà cáí hàng đầu tròng thế gịớí đăng kýý nhận thưởng ngáy";
        assert_eq!(Detector::new().detect(page).verdict, Verdict::Spam);
    }

    const NEWS: &str = "Hội khuyến học các tỉnh đã tổ chức trao thưởng cho học sinh \
                        nghèo vượt khó trong năm qua, đồng thời phát động phong trào.";

    #[test]
    fn a_phrase_in_tone_noise_is_a_disguise() {
        let d = Detector::new();
        let spelled = format!("{NEWS} Xem lịch truyền hình trực tiếp bóng đá tại đây.");
        assert_eq!(d.detect(&spelled).verdict, Verdict::Clean);
        let noisy = format!("{NEWS} Xem lịch trúyền hình trực tỉếp bóng đá tại đây.");
        let found = d.detect(&noisy);
        assert_eq!(found.findings.len(), 1, "{found:?}");
        let f = &found.findings[0];
        assert_eq!(f.text, "lịch trúyền hình trực tỉếp bóng đá");
        assert!(f
            .evidence
            .iter()
            .any(|e| matches!(e, Evidence::ToneNoise { words: 7 })));
    }

    #[test]
    fn a_brand_in_noise_or_inside_a_misspelled_phrase_is_found() {
        let d = Detector::new();
        let texts: Vec<String> = d
            .detect(&format!("{NEWS} Vào kủwin hoặc dảng kỷ w88 ngay."))
            .findings
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert_eq!(texts, ["kủwin", "w88"]);
    }

    #[test]
    fn a_hit_spelled_as_other_words_is_no_hit() {
        // An entry written without marks first: each entry's spellings
        // must be its own.
        let lexicon =
            Lexicon::parse("fb88\tbrand\nsoi kèo\tbetting\t1.0\tsuspect\n", "test").unwrap();
        let d = Detector::with_lexicon(lexicon);
        let found = |tail: &str| -> Vec<String> {
            let text = format!("{NEWS} {tail}");
            d.detect(&text)
                .findings
                .into_iter()
                .map(|f| f.text)
                .collect()
        };
        // Written as listed, without marks, or with look-alike letters.
        assert_eq!(found("Xem soi kèo ngay."), ["soi kèo"]);
        assert_eq!(found("Xem soi keo ngay."), ["soi keo"]);
        assert_eq!(found("Xem sоi kèо ngay."), ["sоi kèо"]);
        // "sợi kéo" (a pulling thread) folds alike and is other words.
        assert!(found("Thay sợi kéo của máy.").is_empty());
        assert!(found("Thay soi kéo của máy.").is_empty());
    }

    #[test]
    fn english_in_a_phrase_hides_it_no_more_and_a_quotation_stays() {
        let d = Detector::new();
        let p = "tang like facebook mien phi";
        let spammed =
            format!("{NEWS} Trận {p} diễn ra tối qua, vé trận {p} hết sớm, khá {p} đông.");
        let found = d.detect(&spammed);
        assert_eq!(found.verdict, Verdict::Injected);
        let texts: Vec<&str> = found.findings.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, [p; 3]);
        let q = "do it for them";
        let quoted = format!("{NEWS} Ca khúc {q} mở màn, {q} khép lại, và {q} vang mãi.");
        assert_eq!(d.detect(&quoted).verdict, Verdict::Clean);
    }

    #[test]
    fn a_page_stuffed_with_accented_phrases_is_spam() {
        let d = Detector::new();
        let stuffed = "kết quả bóng đá hôm nay, trực tiếp bóng đá, lịch thi đấu bóng đá, \
                       xem bóng đá trực tuyến, nhận định bóng đá, cá cược bóng đá, \
                       xổ số miền bắc, bóng đá hôm nay, lịch truyền hình bóng đá";
        let found = d.detect(stuffed);
        assert_eq!(found.verdict, Verdict::Spam, "{found:?}");
        let covered: usize = found.findings.iter().map(|f| f.end - f.start).sum();
        assert!(covered * 10 >= stuffed.len() * 9, "{found:?}");
        // A report that uses a few of them among much else is not.
        let report = format!(
            "{NEWS} Lịch thi đấu bóng đá hôm nay có trận trực tiếp bóng đá \
                              giữa hai đội, kết quả bóng đá sẽ được cập nhật. {NEWS}"
        );
        assert_eq!(d.detect(&report).verdict, Verdict::Clean);
    }
}
