//! Finding injected spam: lexicon matching, repeated unaccented phrases and
//! keyword lines, combined into findings with evidence and a verdict.

pub(crate) mod accent;
pub(crate) mod context;
pub(crate) mod doc;
mod judge;
mod keywords;
mod matcher;
pub(crate) mod ngram;
mod page;
mod scan;
mod scratch;
mod script;
mod siblings;
mod spelled;
mod vocab;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::lexicon::{Category, Lexicon};
use crate::lm::LanguageModel;
use crate::syllable::{spelled_as, spelling, Spelling};
use crate::tables::{KeyMap, KeySet};
use doc::{Doc, Gap};
pub use judge::Features;
use matcher::{Hit, Matcher};
pub use page::PageFeatures;

pub use keywords::LABELS as KEYWORD_LABELS;

/// Findings scoring below this are dropped.
const MIN_SCORE: f32 = 0.5;
/// The score of a keyword in another script pasted at unrelated places
/// ([`Evidence::Script`]): no clean document of the corpus has one.
const SCRIPT_SCORE: f32 = 0.9;
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

impl Verdict {
    /// The verdict's name, as reports write it: `clean`, `injected` or
    /// `spam`.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Injected => "injected",
            Verdict::Spam => "spam",
        }
    }
}

/// What repair concluded for a phrase: whether it displaced a word.
/// (Defined here, with the evidence that reports it, so that repair
/// reads detection's types and detection none of repair's.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Attack {
    /// The phrase replaced a word.
    Replaced,
    /// The phrase was inserted between words.
    Inserted,
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
    /// The phrase repeats, unaccented, in accented text; or a lexicon
    /// phrase written with its marks repeats on a page on something else
    /// (`suspicion` 0: a long streaming phrase, or a phrase of another
    /// kind on a page that says none of the words stories on its subject
    /// say: "vé số", "mở thưởng" for a lottery's).
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
    /// The span, a phrase pasted once, was grown over words beside it that
    /// the text reads on without: the words before it lead into the words
    /// after it far better with them taken than as it was found.
    ReadsOn {
        /// Words added before it.
        before: usize,
        /// Words added after it.
        after: usize,
        /// How much better the words either side read together (log10).
        gain: f64,
    },
    /// The judge's weighing of a repeated phrase on all the evidence:
    /// spelling, repetition, vocabulary, lexicon and how it fits its
    /// sentences.
    Judged {
        /// The probability that it is spam.
        probability: f64,
        /// The phrase as the language model read it (with its marks put
        /// back where it was written bare).
        reading: String,
        /// What the weightiest pieces of evidence added to the log-odds,
        /// the largest first: at most four (every finding of the phrase
        /// repeats them; [`Detector::explain`] gives every feature).
        contributions: Vec<Contribution>,
    },
    /// A lexicon phrase written with its marks breaks the sentence it
    /// stands in at both edges, and the sentence reads better without it:
    /// pasted into a text on something else, as real text does not use it.
    /// (Seen once on a page that says none of the words stories on its
    /// subject say, the edges suffice, whatever the join: it took a word's
    /// place.) Log10 ratios by the language model, as the judge reads
    /// them.
    Breaks {
        /// How much the words before raise its first words (below 0: they
        /// lower them).
        left: f64,
        /// How much its last words raise the words after.
        right: f64,
        /// How much the words before raise the words after, without it.
        join: f64,
    },
    /// A spun variant or a fragment of a phrase found on the page.
    Sibling {
        /// The phrase, folded.
        phrase: String,
        /// The words of this occurrence.
        words: usize,
    },
    /// What repair concluded for the finding's phrase.
    Repair {
        /// Whether the phrase replaced a word or was inserted.
        attack: Attack,
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
    /// spelling no Vietnamese word, or look-alike letters of another script
    /// carrying their own marks ("kѐo"): a disguise.
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
    /// The span is a keyword in another script (Chinese or Japanese)
    /// standing where Vietnamese words would, pasted at unrelated places,
    /// outside brackets and quotations, or once on a page read in a CJK
    /// encoding, misreading nothing itself: a keyword hack. Real text
    /// glosses names and terms in Han or kana once, in brackets or after a
    /// label, and a misread page's own Han was misread with it.
    Script {
        /// `han` or `kana`.
        script: &'static str,
        /// Occurrences on the page.
        count: usize,
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

/// How many of the judge's reasons a finding's evidence lists.
const REPORTED_CONTRIBUTIONS: usize = 4;

/// One piece of evidence's part in the judge's verdict
/// ([`Evidence::Judged`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature, named as the field of [`Features`] that holds it:
    /// spelling (`bare`, `suspicion`, `hot`, `stripped`), what the words
    /// are (`brands`, `vocabulary`, `vocabulary_max`, `marked`, `name`,
    /// `foreign`, `lexicon`), repetition (`occurrences`, `places`,
    /// `words`), how the phrase fits its sentences by the language model
    /// (`left`, `right`, `join`, `inner`, `stripped_name`, `edges_name`)
    /// and the page's subject (`off_topic`). First, when a rule outside
    /// the fitted model held the phrase at a floor, that rule and what it
    /// lifted the log-odds by: `disguised`, `splits_words` (it stands
    /// inside the text's words), `stripped_repeated`, `foreign_off_page`,
    /// `stripped_once`, `foreign_repeated`, `mixed_repeated`.
    pub feature: &'static str,
    /// What it added to the log-odds of spam.
    pub log_odds: f64,
}

/// A repeated phrase the judge weighed ([`Detector::explain`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Judgement {
    /// The phrase, folded.
    pub phrase: String,
    /// Its occurrences, as byte ranges of the text.
    pub occurrences: Vec<(usize, usize)>,
    /// The judge's probability that it is spam (findings take 0.5 and
    /// over; a lexicon entry can make one of a phrase the judge doubts).
    pub probability: f64,
    /// The evidence, feature by feature.
    pub features: Features,
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
    /// What the page as a whole shows: why it is (or is not) spam from
    /// top to bottom.
    pub page: PageFeatures,
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
    /// Per kind of spam, the hashes of [`SUBJECT_WORDS`]: a page that uses
    /// one is on that subject.
    /// (Made when first asked: few pages ask.)
    subjects: OnceLock<Vec<(Category, KeySet)>>,
    /// Per entry written with marks, the spelling of each of its words
    /// (`None` for entries written without).
    spellings: Vec<Option<Box<[Option<Spelling>]>>>,
    /// The model phrases are weighed with (`None`: the embedded one).
    model: Option<Arc<LanguageModel>>,
    vocabulary: OnceLock<vocab::Vocabulary>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

/// A finding under construction: a token range and what speaks for it.
struct Cand {
    toks: Range<usize>,
    /// Tokens whose folded text is the phrase it is an instance of, when
    /// that is not its own (a spun variant, a fragment).
    canonical: Option<Range<usize>>,
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
        let anchors = vocab::anchor_words(&lexicon);
        let spelled = vocab::spelled_anchor_folds(&lexicon, &anchors);
        let matcher = Matcher::new(&lexicon, &anchors, &spelled);
        let topic = lexicon
            .entries()
            .iter()
            // The vocabulary of entries that are spam in themselves: the
            // words of weaker entries ("đá gà cựa dao") are too common.
            .filter(|e| e.suspect && e.weight >= 0.8 && !e.in_other_script())
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
            subjects: OnceLock::new(),
            spellings,
            model: None,
            vocabulary: OnceLock::new(),
        }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The language model that judges how phrases fit their sentences.
    pub fn language_model(&self) -> &LanguageModel {
        self.model
            .as_deref()
            .unwrap_or_else(|| LanguageModel::embedded())
    }

    /// Uses `lm` instead of the embedded model.
    pub fn with_language_model(mut self, lm: Arc<LanguageModel>) -> Detector {
        self.model = Some(lm);
        self.vocabulary = OnceLock::new();
        self
    }

    /// The spam vocabulary, built on first use from the lexicon and the
    /// model's unigrams.
    fn vocabulary(&self) -> &vocab::Vocabulary {
        self.vocabulary.get_or_init(|| {
            vocab::Vocabulary::new(&self.lexicon, self.language_model(), &self.topic)
        })
    }

    /// Finds the spam in `text`.
    pub fn detect(&self, text: &str) -> Detection {
        self.run(text, None, true)
    }

    /// Every phrase of `text` that the judge weighed (the phrases that
    /// repeat there, spam or not), with the evidence on each: why a phrase
    /// was or was not taken for spam. What `vnclean explain` writes.
    ///
    /// # Example
    /// ```
    /// use vnclean::Detector;
    ///
    /// let p = "tai app xem phim sex mien phi";
    /// let text = format!(
    ///     "Hội khuyến học các tỉnh {p} đã tổ chức trao thưởng cho học sinh nghèo. \
    ///      Phong trào {p} khuyến học được phát động trong toàn tỉnh, {p} và \
    ///      nhiều gia đình đã hưởng ứng."
    /// );
    /// let judged = Detector::new().explain(&text);
    /// let j = judged.iter().find(|j| j.phrase == p).unwrap();
    /// assert_eq!(j.occurrences.len(), 3);
    /// assert!(j.probability > 0.5);
    /// ```
    pub fn explain(&self, text: &str) -> Vec<Judgement> {
        let mut out = Vec::new();
        self.run(text, Some(&mut out), false);
        out
    }

    /// `respell`: also read the text with its letters spelled out written
    /// as words ([`spelled::Respelled`]), once.
    fn run(
        &self,
        text: &str,
        mut explain: Option<&mut Vec<Judgement>>,
        respell: bool,
    ) -> Detection {
        let mut doc = Doc::new(text);
        // Hits that are other words (spelled otherwise) are dropped before
        // overlaps are settled: a mis-accented "dảng kỷ w88" must not hide
        // the brand inside it.
        let (mut anchors, mut noted) = (Vec::new(), spelled::Noted::default());
        // Words strong spam vocabulary as written with their marks ("kèo",
        // "xổ") are looked around too, whatever the lexicon's entries
        // that hold them: the matcher finds their folds, and each token
        // found is asked how it is written.
        let spelled_anchor = |j: usize| {
            let vocab = self.vocabulary();
            doc.toks
                .get(j)
                .is_some_and(|t| vocab.is_spelled_anchor(&doc, t))
        };
        let (hits, readings): (Vec<Hit>, Vec<Reading>) = self
            .matcher
            .find(
                &doc,
                |h| {
                    let e = self.lexicon.entries().get(h.entry)?;
                    let spelled = self.spellings.get(h.entry).and_then(Option::as_deref);
                    read_hit(&doc, h, e, spelled, self.vocabulary())
                },
                &mut anchors,
                spelled_anchor,
                &mut noted,
            )
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
        // Each lexicon hit on its own: whether it counts as written, and
        // what it makes of its span.
        let repeats = accented_repeats(&doc, &hits);
        let stuffing = stuffing(&doc, &hits);
        let mut off_topic_seen = OffTopic {
            hits: hits.iter().map(|h| (h.entry, h.toks.clone())).collect(),
            ..OffTopic::default()
        };
        let weighed: Vec<Option<Weighed>> = hits
            .iter()
            .zip(&readings)
            .zip(&repeats)
            .map(|((h, reading), &n)| {
                self.weigh_hit(&doc, accented, stuffing, h, reading, n, &mut off_topic_seen)
            })
            .collect();
        // Repeated phrases, each weighed by the judge on all the evidence,
        // the lexicon entries that count inside it included.
        for (h, w) in hits.iter().zip(&weighed) {
            if w.is_some() {
                anchors.push(h.toks.start);
            }
        }
        anchors.sort_unstable();
        anchors.dedup();
        // Words written in disguise are looked around as spam's are: a
        // phrase hidden from filters needs no spam word to be found.
        let disguised = doc.disguised();
        let regions = ngram::repeated_regions(&doc, &anchors, &disguised);
        let listed: Vec<Range<usize>> = hits
            .iter()
            .zip(&weighed)
            .filter(|(_, w)| w.is_some())
            .map(|(h, _)| h.toks.clone())
            .collect();
        let mut units = ngram::repeated_units(
            &doc,
            &self.topic,
            self.vocabulary(),
            self.language_model(),
            &regions,
            &listed,
            &disguised,
        );
        // A phrase the lexicon lists as legitimate written with its marks
        // ("xổ số kiến thiết", the state lottery companies' name: not
        // `suspect`, so it did not count) is the page's own, however often
        // it repeats, and so is the name it is part of ("Xổ số kiến thiết
        // Đắk Lắk": its other words capitalised): a phrase with most of
        // its occurrences so is not weighed.
        let own: Vec<Range<usize>> = hits
            .iter()
            .zip(&weighed)
            .zip(&readings)
            .filter(|((_, w), r)| w.is_none() && !r.plain && !r.noisy)
            .map(|((h, _), _)| h.toks.clone())
            .collect();
        if !own.is_empty() {
            units.retain(|u| {
                let inside = u
                    .occurrences
                    .iter()
                    .filter(|r| {
                        own.iter().any(|o| {
                            o.start < r.end
                                && r.start < o.end
                                && (r.start..r.end)
                                    .filter(|j| !o.contains(j))
                                    .all(|j| doc.is_capitalised(j))
                        })
                    })
                    .count();
                inside * 2 <= u.occurrences.len()
            });
        }
        // A phrase seen once that a lexicon entry which counts already
        // covers adds nothing to it (and must not make a spun sibling of
        // a phrase found elsewhere out of what the lexicon vouches for).
        units.retain(|u| match u.occurrences.as_slice() {
            [r] => !hits
                .iter()
                .zip(&weighed)
                .any(|(h, w)| w.is_some() && h.toks.start <= r.start && r.end <= h.toks.end),
            _ => true,
        });
        let mut inside = vec![0f32; units.len()];
        let holders = holders(&units, &hits);
        for ((h, w), holder) in hits.iter().zip(&weighed).zip(&holders) {
            if let (Some(_), Some(u)) = (w, holder) {
                let weight = self
                    .lexicon
                    .entries()
                    .get(h.entry)
                    .map_or(0.0, |e| e.weight);
                if let Some(v) = inside.get_mut(*u) {
                    *v = v.max(weight);
                }
            }
        }
        let mut page = judge::PageWords::default();
        // Per unit: its probability, its evidence, and how much better the
        // text reads with it taken out (`join`, 0 when the model was not
        // asked), which trimming to the lexicon asks.
        let judged: Vec<(f32, Option<Evidence>, f64)> = units
            .iter()
            .zip(&inside)
            .map(|(u, &lex)| {
                // (What `explain` shows is the whole evidence, the model's
                // included.)
                let full = explain.is_some();
                let (p, ev, features) = self.judge(&doc, u, lex, &mut page, full);
                let join = features.join;
                if let Some(out) = explain.as_deref_mut() {
                    out.push(Judgement {
                        phrase: u
                            .alike()
                            .first()
                            .map_or("", |r| doc.folded_span(r.clone()))
                            .to_string(),
                        occurrences: u
                            .occurrences
                            .iter()
                            .map(|r| {
                                let s = doc.source_span(r.clone());
                                (s.start, s.end)
                            })
                            .collect(),
                        probability: round(p),
                        features,
                    });
                }
                (p, ev, join)
            })
            .collect();
        let accepted = |u: usize| judged.get(u).is_some_and(|(p, _, _)| *p >= MIN_SCORE);
        // Where the lexicon vouches for part of a phrase, relative to its
        // occurrences.
        // With the entries at its two ends: how the words at its edges are
        // spelled.
        let mut vouched: Vec<Option<Vouched>> = vec![None; units.len()];
        for ((h, w), holder) in hits.iter().zip(&weighed).zip(&holders) {
            let (Some(_), Some(u)) = (w, holder) else {
                continue;
            };
            let (Some(unit), Some(v)) = (units.get(*u), vouched.get_mut(*u)) else {
                continue;
            };
            let at = unit
                .occurrences
                .partition_point(|r| r.start <= h.toks.start);
            // (Relative to an occurrence written alike: a spun one has its
            // words elsewhere.)
            let Some(r) = at
                .checked_sub(1)
                .and_then(|i| unit.occurrences.get(i))
                .filter(|r| !unit.spun.contains(r))
            else {
                continue;
            };
            let rel = h.toks.start - r.start..h.toks.end - r.start;
            *v = Some(match v.take() {
                Some(l) => Vouched {
                    words: l.words.start.min(rel.start)..l.words.end.max(rel.end),
                    first: if rel.start < l.words.start {
                        h.entry
                    } else {
                        l.first
                    },
                    last: if rel.end > l.words.end {
                        h.entry
                    } else {
                        l.last
                    },
                },
                None => Vouched {
                    words: rel,
                    first: h.entry,
                    last: h.entry,
                },
            });
        }
        let mut cands: Vec<Cand> = Vec::new();
        // Each accepted phrase's occurrences, as its findings take them.
        let mut taken_by: Vec<Vec<Range<usize>>> = vec![Vec::new(); units.len()];
        // Phrases seen once: a spun variant of a phrase found elsewhere is
        // that phrase's sibling before it is a phrase of its own.
        let mut once: Vec<Range<usize>> = Vec::new();
        for (ui, (u, (p, ev, join))) in units.iter().zip(&judged).enumerate() {
            if *p < MIN_SCORE {
                continue;
            }
            if let [r] = u.occurrences.as_slice() {
                once.push(r.clone());
            }
            let (lead, trail) = match vouched.get(ui).cloned().flatten() {
                Some(lex) => self.trim_to_lexicon(&doc, u, &lex, *join),
                None => (0, 0),
            };
            // (A spun occurrence stands for the phrase as written alike: it
            // is found as its sibling, and repaired as the phrase.)
            let template = u.alike().first().cloned();
            for r in &u.occurrences {
                let spun = u.spun.contains(r);
                // (Trimmed by the lexicon's words as the phrase is written
                // alike; a spun occurrence, with a word more, fewer or
                // moved, keeps its whole span.)
                let r = if spun || lead + trail >= r.len() {
                    r.clone()
                } else {
                    r.start + lead..r.end - trail
                };
                if let Some(t) = taken_by.get_mut(ui) {
                    t.push(r.clone());
                }
                let mut evidence = evidence_of(if spun {
                    Evidence::Sibling {
                        phrase: template
                            .clone()
                            .map_or("", |t| doc.folded_span(t))
                            .to_string(),
                        words: r.len(),
                    }
                } else {
                    Evidence::Repeated {
                        count: u.occurrences.len(),
                        suspicion: round(u.suspicion),
                        topic_words: u.topic,
                    }
                });
                evidence.extend(ev.clone());
                cands.push(Cand {
                    toks: r.clone(),
                    canonical: if spun { template.clone() } else { None },
                    source: Source::Ngram,
                    score: *p,
                    evidence,
                });
            }
            // (The phrase as written alike first: its siblings and
            // fragments are read against the first occurrence taken, and a
            // spun one lacks a word, or says one twice.)
            let alike = u.occurrences.iter().position(|r| !u.spun.contains(r));
            if let (Some(t), Some(k)) = (taken_by.get_mut(ui), alike) {
                if k > 0 && k < t.len() {
                    t.swap(0, k);
                }
            }
        }
        // Occurrences never overlap: sorted, a hit's holder is found by
        // binary search.
        cands.sort_by_key(|c| c.toks.start);
        let mut lexical = Vec::new();
        for ((h, w), holder) in hits.iter().zip(weighed).zip(holders) {
            let Some(w) = w else { continue };
            if holder.is_some_and(accepted) {
                // It confirms the phrase it is part of.
                let at = cands.partition_point(|c| c.toks.start <= h.toks.start);
                if let Some(c) = at
                    .checked_sub(1)
                    .and_then(|i| cands.get_mut(i))
                    .filter(|c| h.toks.end <= c.toks.end)
                {
                    c.source = Source::Lexicon;
                    c.evidence.push(w.lexicon);
                    continue;
                }
            }
            lexical.push(self.standalone(&doc, h, w));
        }
        cands.append(&mut lexical);
        cands.sort_by_key(|c| c.toks.start);
        // Each phrase found leads to its spun variants and fragments.
        let seen_once = |r: &Range<usize>| once.iter().any(|o| o.start < r.end && r.start < o.end);
        let mut taken: Vec<Range<usize>> = cands
            .iter()
            .map(|c| c.toks.clone())
            .filter(|r| !seen_once(r))
            .collect();
        taken.sort_by_key(|r| r.start);
        let found: Vec<(usize, siblings::Found)> = units
            .iter()
            .enumerate()
            .filter(|&(u, unit)| accepted(u) && unit.occurrences.len() > 1)
            .filter_map(|(u, unit)| {
                let occ = taken_by.get(u)?;
                Some((u, self.found(&doc, unit, occ)))
            })
            .collect();
        let finds: Vec<siblings::Found> = found.iter().map(|(_, f)| f.clone()).collect();
        let sibs = siblings::siblings(&doc, &finds, &taken);
        cands.retain(|c| {
            !(seen_once(&c.toks)
                && sibs
                    .iter()
                    .any(|s| s.toks.start < c.toks.end && c.toks.start < s.toks.end))
        });
        for s in sibs {
            let Some(&(u, _)) = found.get(s.of) else {
                continue;
            };
            let (Some(unit), Some((p, _, _))) = (units.get(u), judged.get(u)) else {
                continue;
            };
            cands.push(Cand {
                canonical: unit.alike().first().cloned(),
                source: Source::Ngram,
                score: *p,
                evidence: evidence_of(Evidence::Sibling {
                    phrase: unit
                        .alike()
                        .first()
                        .map_or("", |r| doc.folded_span(r.clone()))
                        .to_string(),
                    words: s.toks.len(),
                }),
                toks: s.toks,
            });
        }
        // A spun occurrence says a word twice ("thabet casino casino"): the
        // word said again beside a phrase found, spelled just as its edge
        // word is, is the phrase's too. (Once a side: a page of one word
        // said a million times must not cost a walk per occurrence.)
        for c in cands.iter_mut().filter(|c| c.score >= MIN_SCORE) {
            if c.toks.end < doc.toks.len() && doc.said_again(c.toks.end - 1, c.toks.end) {
                c.toks.end += 1;
            }
            if c.toks.start > 0 && doc.said_again(c.toks.start, c.toks.start - 1) {
                c.toks.start -= 1;
            }
        }
        // A piece of a phrase found, taken on its own (a fragment that
        // repeated by itself, a spun paste that dropped an end word), is
        // completed by the phrase's words that stand right beside it, in the
        // phrase's order and spelled as the phrase is: "seo" after "viet
        // bai chuan" of "thue viet bai chuan seo".
        let phrases: Vec<(Range<usize>, bool)> = found
            .iter()
            .filter_map(|(_, f)| Some((f.occurrences.first()?.clone(), f.marked)))
            .collect();
        complete_fragments(&doc, &mut cands, &phrases);
        // And a phrase spun at its edge ("tien kiem online khong can von",
        // "kiem online tien …") leaves its core found and its edge words
        // around it in another order each time: the words most of its
        // occurrences have beside them, in any order, are the phrase's.
        grow_by_words_beside(&doc, &mut cands, &disguised);
        // What grew over the same words beside every occurrence may have
        // taken the partner of the word a phrase displaced ("kinh" before
        // the phrase where "tế" of "kinh tế" stood): the model tells.
        trim_partners(&doc, self.language_model(), &mut cands);
        // A phrase pasted in capitals amid lower case is one run of them:
        // a finding of its core, or a spun paste, leaves the rest of the
        // run behind ("LINK" of "LINK 8XBET MỚI NHẤT").
        // (The vocabulary is made on first use: not for a page without
        // findings.)
        if cands.iter().any(|c| c.score >= MIN_SCORE) {
            grow_capitals(&doc, self.vocabulary(), &mut cands);
        }
        // Keywords in another script where Vietnamese words stood.
        let taken = |j: usize| cands.iter().any(|c| c.toks.contains(&j));
        for s in script::spliced(&doc, taken) {
            let count = s.toks.len();
            cands.extend(s.toks.into_iter().map(|j| Cand {
                toks: j..j + 1,
                canonical: None,
                source: Source::Ngram,
                score: SCRIPT_SCORE,
                evidence: vec![Evidence::Script {
                    script: s.script,
                    count,
                }],
            }));
        }
        cands.sort_by_key(|c| c.toks.start);
        let mut cands = merge(cands);
        self.read_on(&doc, &mut cands);
        let flagged: Vec<Range<usize>> = cands
            .iter()
            .filter(|c| c.score >= MIN_SCORE)
            .map(|c| c.toks.clone())
            .collect();
        // An item's words are the lexicon's, or spam's: spam uses them far
        // more than real text does (a small or ablated lexicon's vocabulary
        // still knows "online", "link" and brands' parts).
        let vocab = self.vocabulary();
        let words = keywords::Words {
            is_topic: &|w| self.is_topic(w),
            is_spam: &|w| vocab.folded_weight(w) >= KEYWORD_VOCAB,
        };
        let lines = keywords::keyword_lines(&doc, &flagged, &words);
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
                    phrase: doc
                        .folded_span(c.canonical.unwrap_or_else(|| c.toks.clone()))
                        .to_string(),
                    source: c.source,
                    score: round(c.score),
                    action: Action::Flagged,
                    replacement: None,
                    evidence: c.evidence,
                }
            })
            .collect();
        let findings = if respell {
            self.with_respelled(&doc, findings, &noted)
        } else {
            findings
        };
        let page = page::features(
            &doc,
            &hits,
            self.lexicon.entries(),
            &findings,
            self.vocabulary(),
            &anchors,
            explain.is_some(),
        );
        verdict(findings, page)
    }

    /// `findings` of `doc`, with those of its letters spelled out and its
    /// words with digits for letters (as the matcher `noted` them): the
    /// text with each such run written as the words it
    /// spells, and each such word with its letters, is read again, as
    /// a whole (a phrase no list names, spelled out everywhere it is
    /// pasted, repeats there as any phrase does), and what is found over a
    /// run is reported over the run as written, in place of what the first
    /// read found inside it.
    fn with_respelled(
        &self,
        doc: &Doc,
        mut findings: Vec<Finding>,
        noted: &spelled::Noted,
    ) -> Vec<Finding> {
        let Some(respelled) = spelled::Respelled::of(doc, noted) else {
            return findings;
        };
        // (`findings` are in order and apart, and so are the second read's
        // once mapped back: each is placed by binary search, and what gives
        // way is only marked, so that a page of a million runs stays
        // linear.)
        let mut gone = vec![false; findings.len()];
        let mut taken: Vec<Finding> = Vec::new();
        for f in self.run(&respelled.text, None, false).findings {
            let Some(span) = respelled.source_of(f.start..f.end) else {
                continue;
            };
            // Two findings inside one run both map to all of it.
            if taken.last().is_some_and(|t| span.start < t.end) {
                continue;
            }
            // What the first read found of a part of it (written as words,
            // "keo nha cai" after "s0i") gives way to the whole, and so does
            // a finding of just the run, read as written ("ch01 b4i d0i
            // thu0ng" as words of another language): the second read says
            // what it spells. A finding beyond it stays, and this one is
            // not taken.
            let from = findings.partition_point(|g| g.end <= span.start);
            let to = findings.partition_point(|g| g.start < span.end);
            let over = findings.get(from..to.max(from)).unwrap_or_default();
            let part = |g: &Finding| span.start <= g.start && g.end <= span.end;
            if !over.iter().all(part) {
                continue;
            }
            for g in gone.get_mut(from..to.max(from)).unwrap_or_default() {
                *g = true;
            }
            taken.push(Finding {
                text: doc.text.get(span.clone()).unwrap_or_default().to_string(),
                start: span.start,
                end: span.end,
                ..f
            });
        }
        if !taken.is_empty() {
            findings = findings
                .into_iter()
                .zip(gone)
                .filter(|(_, gone)| !gone)
                .map(|(f, _)| f)
                .chain(taken)
                .collect();
            findings.sort_by_key(|f| f.start);
        }
        findings
    }

    /// Whether lexicon hit `h` counts as written, and if so what it says:
    /// its score on its own and its evidence. `reading` is how it is
    /// written; `repeats` is how often the entry occurs accented in the
    /// document.
    #[allow(clippy::too_many_arguments)]
    fn weigh_hit(
        &self,
        doc: &Doc,
        accented: bool,
        stuffing: Option<f32>,
        h: &Hit,
        reading: &Reading,
        repeats: usize,
        off_topic_seen: &mut OffTopic,
    ) -> Option<Weighed> {
        let e = self.lexicon.entries().get(h.entry)?;
        let toks = doc.toks.get(h.toks.clone()).unwrap_or_default();
        let &Reading {
            plain,
            has_marks,
            noisy,
        } = reading;
        // A brand named as models and weapons are ("W88"), the page's only
        // lexicon phrase, on a page that names several things so ("B61-12",
        // "F-35A"), is one of them: the W88 warhead. (A page listing
        // bookmakers in capitals, "FB88 | W88 | M88", names more than one.)
        if e.category == Category::Brand && h.toks.len() == 1 {
            let written = doc
                .text
                .get(doc.source_span(h.toks.clone()))
                .unwrap_or_default();
            if is_code(written)
                && off_topic_seen.hits.len() <= 1
                && other_codes(doc, written) >= CODES
            {
                return None;
            }
        }
        let lexicon = Evidence::Lexicon {
            entry: e.phrase.clone(),
            category: e.category,
            weight: round(e.weight),
            accented: !plain,
            glued: h.glued,
        };
        // Glued inside a longer word, an entry that is not spam in itself
        // is a name's or an address's ("xosokienthietvinhlong.com.vn", a
        // state lottery company's site) unless what it is glued to is a
        // brand's: digits ("xosomienbacvn88") or spam vocabulary.
        let glued_brand = h.glued && {
            let word = doc.folded_span(h.toks.clone());
            let rest = word.replacen(&e.glued_key(), "", 1);
            rest.bytes().any(|b| b.is_ascii_digit())
                || self.vocabulary().listed_weight(&rest) >= GLUED_VOCABULARY
        };
        let bare = plain && has_marks && if h.glued { glued_brand } else { accented };
        // A long streaming phrase repeated with its accents ("kết quả bóng
        // đá hôm nay" four times) in a page on something else is pasted.
        // News on betting or pharma repeats its subject's phrases; only
        // streaming SEO titles are never written twice on purpose.
        // Another listed phrase repeated with its marks is pasted when the
        // page says nothing else of its subject: none of the words stories
        // on it say ([`SUBJECT_WORDS`]) stands anywhere but in its
        // occurrences ("xổ số miền bắc" three times in a story on gold
        // prices; a lottery story says "vé số", "mở thưởng" around it).
        let pasted = !plain
            && e.weight >= 0.5
            && repeats >= 2
            && if e.category == Category::Streaming && h.toks.len() >= 4 {
                off_topic_seen.judge(doc, h.entry, &e.key, repeats)
            } else {
                h.toks.len() >= BREAKS_WORDS
                    && !e.suspect
                    && !off_topic_seen.on_subject(self, doc, e.category, h.entry)
                    && off_topic_seen.judge(doc, h.entry, &e.key, repeats)
            };
        // An entry that does not count as written (accented "bóng đá")
        // says nothing, on its own or of the phrase around it.
        // A bare word that makes a pair real text writes bare with the
        // word beyond it belongs to the text: "Tây Ban Nha cai trị" is no
        // "nhà cái", "kẽm gai bao quanh" no "gái bao".
        let edge_pair = |a: Option<usize>, b: Option<usize>| {
            let tok = |j: Option<usize>| j.and_then(|j| doc.toks.get(j));
            match (tok(a), tok(b)) {
                (Some(x), Some(y)) if !x.marked && !y.marked && y.gap == Gap::Space => {
                    accent::is_plain_pair(
                        doc.folded_text(x).as_bytes(),
                        doc.folded_text(y).as_bytes(),
                    )
                }
                _ => false,
            }
        };
        let bare = bare
            && !edge_pair(h.toks.start.checked_sub(1), Some(h.toks.start))
            && !edge_pair(h.toks.end.checked_sub(1), Some(h.toks.end));
        // A suspect phrase written with its marks, in lower case, once,
        // right before a web address the lexicon does not list, says what
        // that site is, as news names a business ("Người thắng cuộc là
        // sòng bạc online GoldenPalace.com"): an anchor pasted into a page
        // is link text, with no address after it.
        let next = h.toks.end;
        let names_site = e.suspect
            && !plain
            && has_marks
            && repeats <= 1
            && !h.toks.clone().any(|j| doc.is_capitalised(j))
            && doc.toks.get(next).is_some_and(|t| t.gap == Gap::Space)
            && doc.is_capitalised(next)
            && doc.toks.get(next).is_some_and(|t| {
                page::domain_after(doc.text.as_bytes().get(t.source.end..).unwrap_or_default())
            })
            && !off_topic_seen.hits.iter().any(|(_, r)| r.contains(&next));
        // A phrase that real text writes with its marks ("xổ số miền bắc",
        // "xem bóng đá trực tuyến"), pasted with them into a sentence on
        // something else: both its edges break the sentence, and the words
        // either side of it join up once it is taken out. Where real text
        // uses it, its edges fit ("kết quả xổ số miền bắc hôm nay").
        // (Asked only when nothing else made the entry count: each edge
        // costs a few lookups of the model.)
        // Seen once (in title case too: on a page that is not on its
        // subject, no title of the page's) on a page that says nothing
        // else of its subject, it is pasted when neither edge
        // fits, whether or not the words either side join up without it:
        // it took a word's place, or went in beside a comma. Real text that
        // names it once leads into it or out of it ("kết quả xổ số miền
        // bắc", "có thể xem bóng đá trực tuyến").
        let mut breaks = || {
            (!plain
                && !e.suspect
                && e.weight >= BREAKS_WEIGHT
                && h.toks.len() >= BREAKS_WORDS
                && !h.glued
                // (Words as written, not letters spelled out.)
                && doc.is_phrase(h.toks.clone()))
            .then_some(())
            .and_then(|()| {
                let (left, right, join) =
                    context::breaks(doc, self.language_model(), &h.toks, ANY_FIT)?;
                let (left_breaks, right_breaks) =
                    (left < context::BREAKS.0, right < context::BREAKS.1);
                // Seen once between two words that make one together, it
                // split them, whichever edge fits.
                let split = repeats <= 1
                    && context::split((f64::from(left), f64::from(right), f64::from(join)));
                // (The page's words are read only for a phrase whose edges
                // break: few are.)
                (split
                    || (left_breaks
                        && right_breaks
                        && (join > context::BREAKS.2
                            || (repeats <= 1
                                && doc.toks.len() >= h.toks.len() + SILENT_WORDS
                                && !off_topic_seen.on_subject(self, doc, e.category, h.entry)))))
                .then_some((left, right, join))
            })
            .map(|(left, right, join)| Evidence::Breaks {
                left: round(left),
                right: round(right),
                join: round(join),
            })
        };
        let mut broken = None;
        let score = if e.suspect && !names_site {
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
        } else if let Some(b) = breaks() {
            broken = Some(b);
            combine(e.weight, BREAKS_EVIDENCE)
        } else {
            return None;
        };
        let mut extra = Vec::new();
        if let Some(share) = stuffing {
            extra.push(Evidence::Stuffing {
                share: round(share),
            });
        }
        if noisy {
            extra.push(Evidence::ToneNoise {
                words: toks.iter().filter(|t| t.marked).count(),
            });
        }
        extra.extend(broken);
        if pasted {
            extra.push(Evidence::Repeated {
                count: repeats,
                suspicion: 0.0,
                topic_words: h.toks.len(),
            });
        }
        Some(Weighed {
            score,
            lexicon,
            extra,
            grow: plain && accented,
        })
    }

    /// Phrase `unit`, found, as its siblings are looked for: its
    /// distinctive words are those of spam vocabulary, brands, and words
    /// written bare that real text writes with marks.
    fn found<'u>(
        &self,
        doc: &Doc,
        unit: &ngram::Unit,
        occurrences: &'u [Range<usize>],
    ) -> siblings::Found<'u> {
        let vocab = self.vocabulary();
        let distinctive = occurrences
            .first()
            .map(|r| {
                r.clone()
                    .map(|j| {
                        doc.toks.get(j).is_some_and(|t| {
                            let w = doc.folded_text(t);
                            vocab.weight(doc, t) >= TAIL_VOCAB
                                || vocab.is_brand_like(w)
                                || (!t.marked
                                    && doc.accented
                                    && accent::suspicion(w.as_bytes())
                                        .is_some_and(|s| s >= ngram::HOT))
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        siblings::Found {
            occurrences,
            marked: unit.marked >= 0.5,
            distinctive,
        }
    }

    /// How many words to drop at the start and at the end of each
    /// occurrence of phrase `u`, whose words `vouched` (relative to an
    /// occurrence) lexicon entries vouch for: the words outside them that
    /// are the text's own, repeated with the phrase only because they stood
    /// by the word it replaced ("ta" of "chúng ta", every "chúng" replaced)
    /// or around the place it went in. Only one such word a side: two or
    /// more that come with the entry at every place are the phrase's. And
    /// words that spam uses ("… uy tin", "… lo", and after the entry "…
    /// mobile": see [`KEPT_AFTER_ENTRY_VOCAB`]), words real text all but
    /// never writes bare, brands, and words that make one word with the
    /// entry ("hôm" + "nay") stay with the phrase. So does every word a
    /// phrase inserted between words shares at each place
    /// ([`INSERTED_JOIN`]).
    fn trim_to_lexicon(
        &self,
        doc: &Doc,
        u: &ngram::Unit,
        vouched: &Vouched,
        join: f64,
    ) -> (usize, usize) {
        let lex = vouched.words.clone();
        let alike = u.alike();
        let Some(first) = alike.first() else {
            return (0, 0);
        };
        let vocab = self.vocabulary();
        let lm = self.language_model();
        let ordinary = |j: usize, inner: usize| {
            let Some(t) = doc.toks.get(j) else {
                return false;
            };
            let w = doc.folded_text(t);
            // (After the entry, a word that spam uses less is kept: see
            // [`KEPT_AFTER_ENTRY_VOCAB`].)
            let kept = if j > inner {
                KEPT_AFTER_ENTRY_VOCAB
            } else {
                TAIL_VOCAB
            };
            if vocab.weight(doc, t) >= kept || vocab.is_brand_like(w) {
                return false;
            }
            // A brand's top-level domain after it is its address written
            // with a space ("lucky88 com"), not a word of the text.
            if j > inner
                && page::is_tld(w.as_bytes())
                && doc
                    .toks
                    .get(inner)
                    .is_some_and(|b| vocab.is_brand_like(doc.folded_text(b)))
            {
                return false;
            }
            if !t.marked
                && doc.accented
                && accent::suspicion(w.as_bytes()).is_some_and(|s| s >= ngram::HOT)
            {
                return false;
            }
            // Beside the entry, its word as the entry spells it.
            let (entry_start, entry_end) = (first.start + lex.start, first.start + lex.end);
            let spelled = if inner == entry_start && j < inner {
                self.edge_word(vouched.first, true).map(|w| (w, true))
            } else if inner + 1 == entry_end && j > inner {
                self.edge_word(vouched.last, false).map(|w| (w, false))
            } else {
                None
            };
            let lift = match spelled {
                Some((w, first)) => context::attachment_to(doc, lm, j, w, !first),
                None => context::attachment(doc, lm, j, inner),
            };
            lift < ATTACHED
        };
        // Repetition vouches for the words around the entry only where the
        // occurrences stand in unrelated places: a sentence pasted twice
        // ("Học sinh xem soi keo nha cai" twice) repeats its own words.
        let word = |j: Option<usize>| j.and_then(|j| doc.toks.get(j)).map(|t| doc.folded_text(t));
        // Alike on one side is the word next to a replaced one, every time;
        // alike on both sides (a sentence's end counting as a side) is one
        // sentence, pasted again.
        let outer = |side: &dyn Fn(&Range<usize>) -> Option<usize>| {
            let mut words = u.occurrences.iter().map(|r| word(side(r)));
            let first = words.next().flatten();
            (words.all(|w| w == first), first.is_none())
        };
        let (same_before, none_before) = outer(&|r: &Range<usize>| {
            r.start.checked_sub(1).filter(|_| {
                doc.toks
                    .get(r.start)
                    .is_some_and(|t| t.gap == doc::Gap::Space)
            })
        });
        let (same_after, none_after) = outer(&|r: &Range<usize>| {
            Some(r.end).filter(|&e| doc.toks.get(e).is_some_and(|t| t.gap == doc::Gap::Space))
        });
        // (Seen once, a phrase has no neighbours in common with itself to
        // speak of: every side is "the same" and none says anything.)
        let repeated = u.occurrences.len() >= 2;
        let (same_before, same_after) = (same_before && repeated, same_after && repeated);
        // A sentence pasted again is alike to its ends: alike for a word or
        // two on each side, then apart, the occurrences stand in one
        // compound's place each ("lộ trình [thay] thế", every "thay"
        // replaced), and the words the repetition vouches for are the
        // phrase's.
        let clause = |r: &Range<usize>, before: bool| -> Vec<&str> {
            let mut out = Vec::new();
            let mut j = if before { r.start } else { r.end };
            while out.len() < PASTED_CONTEXT {
                let (at, gap_at) = if before {
                    match j.checked_sub(1) {
                        Some(b) => (b, j),
                        None => break,
                    }
                } else {
                    (j, j)
                };
                if !doc
                    .toks
                    .get(gap_at)
                    .is_some_and(|t| t.gap == doc::Gap::Space)
                    || at >= doc.toks.len()
                {
                    break;
                }
                out.push(word(Some(at)).unwrap_or_default());
                j = if before { at } else { at + 1 };
            }
            out
        };
        let alike_to_the_ends = |before: bool| {
            let mut all = u.occurrences.iter().map(|r| clause(r, before));
            let first = all.next().unwrap_or_default();
            all.all(|c| c == first)
        };
        let pasted = same_before
            && same_after
            && !(none_before && none_after)
            && alike_to_the_ends(true)
            && alike_to_the_ends(false);
        let (mut start, mut end) = (first.start, first.end);
        let (lex_start, lex_end) = (first.start + lex.start, first.start + lex.end);
        // The same word beyond a side, every time, puts the occurrences in
        // one recurring context: the ordinary words on that side of the
        // entry spelled as the text is, with marks, are that context's
        // ("học sinh" before every "yếu" replaced), however many. Words
        // spelled as the entry is ("nha cai" bare before a brand, every
        // "bóng" after "đội" replaced) are the phrase's all the same.
        let (context_before, context_after) =
            (same_before && !none_before, same_after && !none_after);
        // Only one word on a side can be the text's by its own lights: the
        // word that stood with the replaced one ("tổ" of "tổ chức"). Two or
        // more that come with the entry everywhere are the phrase's ("nha
        // cai … uy tin"), however plain.
        // (Not where the text reads on across every occurrence with the
        // phrase taken out, words shared and all (`join`): the phrase went
        // in between two words, and displaced none whose neighbour could
        // stand by it.)
        let inserted_whole = repeated && join >= INSERTED_JOIN;
        let (lead_one, trail_one) = (
            lex_start == start + 1 && !inserted_whole,
            end == lex_end + 1 && !inserted_whole,
        );
        // (Spelled otherwise than the entry: with marks beside a bare one.)
        let entry_marked = doc.toks.get(lex_start).is_some_and(|t| t.marked);
        let other = |j: usize| doc.toks.get(j).is_some_and(|t| t.marked != entry_marked);
        // A word written in disguise in some occurrence (look-alike letters,
        // invisible characters) is the phrase's whatever else holds, and so
        // is every word between it and the entry's other side: no text
        // writes its own words so ("cа cuoc" after every "tk88" where
        // "trừng" of "biện pháp trừng phạt" stood, the same words around
        // each as around a sentence pasted again).
        let disguised = |j: usize| {
            doc.hides
                && alike
                    .iter()
                    .any(|r| doc.is_disguised(r.start + (j - first.start)))
        };
        let (lead_hidden, trail_hidden) = (
            (start..lex_start).any(disguised),
            (lex_end..end).any(disguised),
        );
        while start < lex_start
            && !lead_hidden
            && (pasted
                || ((lead_one || (context_before && other(start))) && ordinary(start, start + 1)))
        {
            start += 1;
        }
        while end > lex_end
            && !trail_hidden
            && (pasted
                || ((trail_one || (context_after && other(end - 1))) && ordinary(end - 1, end - 2)))
        {
            end -= 1;
        }
        // A word beside the entry that makes one word with the text beyond
        // the entry's other end was split from it by the phrase ("hoang"
        // of "hoang … mang"): the text's.
        let split = |j: usize, inner: usize, beyond: usize| {
            let across = context::attachment(doc, lm, j, beyond);
            across >= ATTACHED && across > context::attachment(doc, lm, j, inner)
        };
        // (The entry went in between the two: what stands on either side
        // of it is the text's.)
        let inserted = (start + 1 == lex_start
            && lex_end < doc.toks.len()
            && split(start, start + 1, lex_end))
            || (end == lex_end + 1 && lex_start > 0 && split(end - 1, end - 2, lex_start - 1));
        if inserted && !lead_hidden && !trail_hidden {
            (start, end) = (lex_start, lex_end);
        }
        (start - first.start, first.end - end)
    }

    /// The language model's id of the first (or last) word of entry `e` as
    /// the entry spells it.
    fn edge_word(&self, e: usize, first: bool) -> Option<u16> {
        let phrase = &self.lexicon.entries().get(e)?.phrase;
        let mut words = phrase.split_whitespace();
        let w = if first {
            words.next()
        } else {
            words.next_back()
        }?;
        Some(self.language_model().id(&w.to_lowercase()))
    }

    /// A hit that counts, outside every phrase the judge took for spam, as
    /// a finding of its own: grown over the unaccented words around it.
    fn standalone(&self, doc: &Doc, h: &Hit, w: Weighed) -> Cand {
        let mut r = h.toks.clone();
        let mut evidence = evidence_of(w.lexicon);
        if w.grow {
            let vocab = self.vocabulary();
            let grown = grow(
                doc,
                r.clone(),
                &|w| self.is_topic(w) || vocab.listed_weight(w) >= TAIL_VOCAB,
                &|w| vocab.is_brand_like(w),
            );
            if grown.len() > r.len() {
                evidence.push(Evidence::Unaccented {
                    words: grown.len() - r.len(),
                });
                r = grown;
            }
        }
        evidence.extend(w.extra);
        Cand {
            canonical: None,
            toks: r,
            source: Source::Lexicon,
            score: w.score,
            evidence,
        }
    }

    /// Grows each phrase found once on the page (no other finding written
    /// alike, none repeated or a sibling) over the words past its edges
    /// that the text reads on without ([`context::reads_on`]): a lexicon
    /// entry or a judged piece may be the head or the tail of the phrase
    /// pasted, and the merged finding is read whole ("tải game mod" and
    /// "game mod apk" before "miễn phí"). Not into another finding.
    /// (Repeated, the words beside every occurrence are the repeated
    /// n-gram's to weigh, or the partner of a replaced word.)
    fn read_on(&self, doc: &Doc, cands: &mut [Cand]) {
        if !doc.accented {
            return;
        }
        let key = |r: &Range<usize>| ngram::hash_word(doc.folded_span(r.clone()).as_bytes());
        let mut written: KeyMap<usize> = KeyMap::default();
        for c in cands.iter() {
            *written.entry(key(&c.toks)).or_default() += 1;
        }
        for i in 0..cands.len() {
            let prev_end = i
                .checked_sub(1)
                .and_then(|p| cands.get(p))
                .map_or(0, |p| p.toks.end);
            let next_start = cands.get(i + 1).map_or(doc.toks.len(), |n| n.toks.start);
            let Some(c) = cands.get_mut(i) else { continue };
            let alone = c.score >= MIN_SCORE
                && written.get(&key(&c.toks)) == Some(&1)
                && !c.evidence.iter().any(|e| {
                    matches!(e, Evidence::Sibling { .. } | Evidence::KeywordLine { .. })
                        || matches!(e, Evidence::Repeated { count, .. } if *count >= 2)
                });
            if !alone {
                continue;
            }
            let (before, after, gain) = context::reads_on(doc, self.language_model(), &c.toks);
            let grown = c.toks.start - before..c.toks.end + after;
            if before + after > 0 && grown.start >= prev_end && grown.end <= next_start {
                c.toks = grown;
                c.evidence.push(Evidence::ReadsOn {
                    before,
                    after,
                    gain: round(gain),
                });
            }
        }
    }

    /// The judge's probability that unit `u` is spam, and the evidence
    /// that says why (when it is taken, or with `full`); `lexicon` is the
    /// weight of the strongest entry that
    /// counts inside it. Without `full`, the language model is asked only
    /// when its answer could make the phrase spam.
    fn judge<'d>(
        &self,
        doc: &'d Doc,
        u: &ngram::Unit,
        lexicon: f32,
        page: &mut judge::PageWords<'d>,
        full: bool,
    ) -> (f32, Option<Evidence>, Features) {
        let lm = self.language_model();
        // The language model is asked only when its answer could matter.
        // (Where the phrase stands inside the text's words is asked of every
        // phrase: a rule outside the fitted model takes it on that alone.)
        let split = context::splits(doc, lm, &u.occurrences);
        let cheap = judge::features(doc, u, lexicon, &context::Fit::default(), 0.0, split, None);
        let skip = |restorable| {
            !full
                && !cheap.may_be_floored(restorable)
                && (cheap.ruled_out_whatever_the_model(restorable)
                    || cheap.without_model(restorable) < 0.0)
        };
        // Marks put back can make only a phrase with a bare syllable read
        // better. (Asked only when it could matter: the phrase is skipped
        // whatever the answer when it would be even if restorable.)
        // (The model reads the phrase where it is written alike: a spun
        // occurrence counts, but its words are not the phrase's.)
        let alike = u.alike();
        let restorable =
            !skip(true) && u.marked < 1.0 && doc.accented && context::restorable(doc, lm, &alike);
        let (fit, f) = if skip(restorable) {
            (context::Fit::default(), cheap)
        } else {
            let fit = context::fit(doc, lm, &alike);
            let stripped = if restorable {
                context::stripped(doc, lm, &alike)
            } else {
                0.0
            };
            let f = judge::features(doc, u, lexicon, &fit, stripped, split, Some(page));
            (fit, f)
        };
        let p = f.score();
        // The evidence is written out only for a phrase that is taken (most
        // weighed on a clean page are not), or shown.
        let ev = (full || p >= MIN_SCORE).then(|| Evidence::Judged {
            probability: round(p),
            reading: fit.reading.clone(),
            contributions: f
                .contributions()
                .into_iter()
                .take(REPORTED_CONTRIBUTIONS)
                .map(|(feature, log_odds)| Contribution { feature, log_odds })
                .collect(),
        });
        (p, ev, f)
    }

    /// [`Detector::subjects`], made on first use.
    fn subjects(&self) -> &[(Category, KeySet)] {
        self.subjects.get_or_init(|| {
            SUBJECT_WORDS
                .iter()
                .map(|&(c, words)| {
                    let words = words.split(';').map(subject_key).collect();
                    (c, words)
                })
                .collect()
        })
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
struct OffTopic {
    seen: std::collections::HashMap<usize, bool>,
    /// The page's words as folded, counted (by their hash, as the
    /// repeated-phrase search counts them: a dense page counts hundreds).
    counts: Option<KeyMap<usize>>,
    /// [`Self::on_subject`]'s answers, by kind and entry.
    subject_seen: std::collections::HashMap<(Category, usize), bool>,
    /// The page's lexicon hits: entry and tokens.
    hits: Vec<(usize, Range<usize>)>,
}

impl OffTopic {
    /// Whether `doc`, outside the occurrences of lexicon entry `entry`,
    /// uses a word or pair of words of stories on kind `c`
    /// ([`Detector::subjects`]): a story on a lottery company says "mở
    /// thưởng", one on a gambling raid "sới bạc" as well as "lắc tài xỉu".
    fn on_subject(&mut self, d: &Detector, doc: &Doc, c: Category, entry: usize) -> bool {
        // (A kind whose stories' words are not known may be the page's
        // subject for all that can be told: "thuốc kích dục" in a story on
        // fake medicines.)
        let Some((_, words)) = d.subjects().iter().find(|(k, _)| *k == c) else {
            return true;
        };
        if let Some(&known) = self.subject_seen.get(&(c, entry)) {
            return known;
        }
        let hits = &self.hits;
        let inside = |j: usize| hits.iter().any(|(e, r)| *e == entry && r.contains(&j));
        // Each word in lower case, and each pair of words apart by a space,
        // up to the first that stories on the subject say (most pages that
        // ask are on it, and say so early).
        let mut before: Option<u64> = None;
        let mut found = false;
        for j in 0..doc.toks.len() {
            let word = lower_hash(doc.written(j));
            let spaced = doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
            let pair = before
                .filter(|_| spaced && j > 0)
                .map(|b| ngram::combine(b, word));
            if (words.contains(&word) && !inside(j))
                || (pair.is_some_and(|p| words.contains(&p)) && !inside(j - 1) && !inside(j))
            {
                found = true;
                break;
            }
            before = Some(word);
        }
        self.subject_seen.insert((c, entry), found);
        found
    }

    fn judge(&mut self, doc: &Doc, entry: usize, key: &str, repeats: usize) -> bool {
        if let Some(&off) = self.seen.get(&entry) {
            return off;
        }
        let counts = self.counts.get_or_insert_with(|| {
            let mut counts = KeyMap::default();
            for t in &doc.toks {
                *counts
                    .entry(ngram::hash_word(doc.folded_text(t).as_bytes()))
                    .or_insert(0) += 1;
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
        let all: usize = words
            .iter()
            .filter_map(|w| counts.get(&ngram::hash_word(w.as_bytes())))
            .sum();
        let off = all.saturating_sub(inside) < inside;
        self.seen.insert(entry, off);
        off
    }
}

/// What a lexicon hit that counts says ([`Detector::weigh_hit`]).
struct Weighed {
    /// Its score as a finding of its own.
    score: f32,
    lexicon: Evidence,
    /// Evidence besides the entry (tone noise, stuffing, pasting).
    extra: Vec<Evidence>,
    /// Written bare in accented text: it grows over the bare words of
    /// spam vocabulary around it.
    grow: bool,
}

/// The words of a phrase that lexicon entries vouch for (relative to an
/// occurrence), and the entries at their first and last word.
#[derive(Clone)]
struct Vouched {
    words: Range<usize>,
    first: usize,
    last: usize,
}

/// For each hit, the unit one of whose occurrences holds it.
fn holders(units: &[ngram::Unit], hits: &[Hit]) -> Vec<Option<usize>> {
    let mut occ: Vec<(Range<usize>, usize)> = units
        .iter()
        .enumerate()
        .flat_map(|(u, unit)| unit.occurrences.iter().map(move |r| (r.clone(), u)))
        .collect();
    occ.sort_by_key(|(r, _)| r.start);
    hits.iter()
        .map(|h| {
            let at = occ.partition_point(|(r, _)| r.start <= h.toks.start);
            at.checked_sub(1)
                .and_then(|i| occ.get(i))
                .filter(|(r, _)| h.toks.end <= r.end)
                .map(|&(_, u)| u)
        })
        .collect()
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
    vocab: &vocab::Vocabulary,
) -> Option<Reading> {
    if another_word(doc, h, e) || foreign_glue(doc, h, e, vocab) {
        return None;
    }
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
    // So is a word that mixes in a Cyrillic or Greek letter carrying its
    // own mark ("kѐo", "cάi"): no real text spells a Vietnamese word so.
    let (mut doubled, mut nonsense, mut disguised) = (false, 0, false);
    for t in toks {
        let w = doc.text.get(t.source.clone()).unwrap_or_default();
        // (Greek and Cyrillic letters are no marks to the fold: a
        // disguised word may read as unmarked.)
        disguised |= !w.is_ascii()
            && w.chars().any(|c| c.is_ascii_alphabetic())
            && w.chars()
                .any(|c| matches!(c as u32, 0x370..=0x4FF | 0x1F00..=0x1FFF));
        if t.marked {
            doubled |= crate::syllable::tone_marks_in(w) >= 2;
            nonsense += usize::from(!crate::syllable::is_syllable(w));
        }
    }
    // (A disguised word passes the spelling test as an unmarked one; the
    // disguise is what counts.)
    let noisy = !plain
        && !h.glued
        && (disguised
            || (!spelled
                && (doubled || nonsense >= 2 || (nonsense == 1 && toks.len() == 1 && e.suspect))));
    (plain || spelled || noisy).then_some(Reading {
        plain,
        has_marks,
        noisy,
    })
}

/// Whether hit `h` of entry `e` is part of another word that only shares
/// its letters: a longer number ("VX8800", "FM88.8" for the brands "vx88"
/// and "fm88": a brand's digits are its name, more digits another), or,
/// glued, a word Wikipedia writes often ("pornographic").
fn another_word(doc: &Doc, h: &Hit, e: &crate::lexicon::Entry) -> bool {
    let span = doc.source_span(h.toks.clone());
    if e.key.ends_with(|c: char| c.is_ascii_digit()) {
        let after = doc.text.get(span.end..).unwrap_or_default().as_bytes();
        let number = match after {
            [d, ..] if d.is_ascii_digit() => true,
            [b'.' | b',', d, ..] => d.is_ascii_digit(),
            _ => false,
        };
        let glued_digits = h.glued
            && doc
                .folded_span(h.toks.clone())
                .split(&e.key)
                .nth(1)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if number || glued_digits {
            return true;
        }
    }
    h.glued
        && h.toks.len() == 1
        && vocab::wikipedia_count(doc.folded_span(h.toks.clone())) >= KNOWN_WORD
}

/// Whether glued hit `h` of an entry written without marks is inside a
/// foreign word: what the word has beyond the entry is letters that split
/// into no Vietnamese syllables, spam words or web addresses' endings,
/// [`FOREIGN_REST`] of them or more ("porno" in "pornography"; "pornohay",
/// "pornovn", "oxbetd" are spam's own glue), in a word of letters alone.
fn foreign_glue(doc: &Doc, h: &Hit, e: &crate::lexicon::Entry, vocab: &vocab::Vocabulary) -> bool {
    if !h.glued || h.toks.len() != 1 || !e.key.is_ascii() {
        return false;
    }
    let word = doc.folded_span(h.toks.clone());
    let key = e.glued_key();
    let Some(at) = word.find(&key) else {
        return false;
    };
    let word_of = |piece: &str| {
        piece.bytes().all(|b| b.is_ascii_digit())
            || crate::syllable::is_syllable(piece)
            || page::is_tld(piece.as_bytes())
            || vocab.listed_weight(piece) > 0.0
    };
    // Whether `rest` splits into such words (none is longer than eight
    // letters: a syllable has at most seven, "nghieng").
    let splits = |rest: &str| {
        let n = rest.len();
        let mut reach = vec![false; n + 1];
        if let Some(r) = reach.first_mut() {
            *r = true;
        }
        for i in 0..n {
            if !reach.get(i).copied().unwrap_or(false) {
                continue;
            }
            for j in i + 1..=n.min(i + 8) {
                if rest.get(i..j).is_some_and(word_of) {
                    if let Some(r) = reach.get_mut(j) {
                        *r = true;
                    }
                }
            }
        }
        reach.last().copied().unwrap_or(false)
    };
    word.bytes().all(|b| b.is_ascii_lowercase())
        && [word.get(..at), word.get(at + key.len()..)]
            .into_iter()
            .any(|rest| rest.is_some_and(|rest| rest.len() >= FOREIGN_REST && !splits(rest)))
}

/// The letters beyond a glued entry, splitting into no words, that make
/// its word a foreign one: fewer are a brand's own ("oxbetd", "vlxxx").
const FOREIGN_REST: usize = 4;

/// Whether `w` is written as a model's or a weapon's designation: one to
/// three capitals and digits, maybe a dash and a suffix ("W88", "B61-12",
/// "F-35A", "PA-200").
fn is_code(w: &str) -> bool {
    let b = w.as_bytes();
    let caps = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = b.get(caps..).unwrap_or_default();
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    (1..=3).contains(&caps)
        && b.len() <= 8
        && rest.first().is_some_and(u8::is_ascii_digit)
        && rest
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || *c == b'-')
}

/// How many designations other than `own` page `doc` writes ([`is_code`]),
/// counted up to [`CODES`].
fn other_codes(doc: &Doc, own: &str) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for w in doc
        .text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
    {
        if is_code(w) && w != own && !seen.contains(&w) {
            seen.push(w);
            if seen.len() >= CODES {
                break;
            }
        }
    }
    seen.len()
}

/// How many other designations make a page one that names things so.
const CODES: usize = 3;

/// The spam vocabulary weight of what an entry is glued to that makes the
/// whole word a brand.
const GLUED_VOCABULARY: f32 = 1.0;

/// How often Wikipedia writes a word for a glued entry inside it to be
/// that word's letters.
const KNOWN_WORD: u32 = 20;

/// For each hit, how many hits of the same entry in the document carry
/// accents.
///
/// An occurrence the page writes as a name of its own does not count: a
/// label ("Trực tiếp bóng đá: A – B" in a TV schedule) or a title in
/// capitals mid-sentence ("chương trình Trực tiếp bóng đá bắt đầu").
fn accented_repeats(doc: &Doc, hits: &[Hit]) -> Vec<usize> {
    let mut per_entry: std::collections::HashMap<usize, usize> = Default::default();
    let own = |h: &Hit| {
        let label = doc
            .text
            .get(doc.source_span(h.toks.clone()).end..)
            .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'));
        // (Not in capitals throughout: that is shouting, "được LỊCH
        // TRUYỀN HÌNH …", as SEO phrases are pasted.)
        let span = doc.source_span(h.toks.clone());
        let title = doc.is_capitalised(h.toks.start)
            && doc
                .toks
                .get(h.toks.start)
                .is_some_and(|t| t.gap == Gap::Space)
            && h.toks.start > 0
            && doc
                .text
                .get(span)
                .is_some_and(|t| t.chars().any(char::is_lowercase));
        label || title
    };
    let marked: Vec<bool> = hits
        .iter()
        .map(|h| {
            !own(h)
                && doc
                    .toks
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
/// is the text's own. Then over one more word on each side that is no
/// syllable and looks like a brand no list names, written in lower case
/// ("nha cai zizabet"): beside a phrase already taken for spam, in accented
/// text, it is the phrase's brand, not a name of the page's (names are
/// capitalised).
fn grow(
    doc: &Doc,
    mut r: Range<usize>,
    is_topic: &dyn Fn(&str) -> bool,
    is_brand_like: &dyn Fn(&str) -> bool,
) -> Range<usize> {
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
        let suspicion = accent::suspicion(w.as_bytes());
        !t.marked
            && pair != Some(true)
            && match suspicion {
                Some(s) => s >= OUTSIDE && (is_topic(w) || s >= OUTSIDE_ANY),
                // Spam vocabulary that is no syllable ("tv", "link").
                None => is_topic(w),
            }
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
    let brand = |j: usize| {
        doc.toks.get(j).is_some_and(|t| {
            !t.marked && !doc.is_capitalised(j) && is_brand_like(doc.folded_text(t))
        })
    };
    if r.start > 0 && space_before(r.start) && brand(r.start - 1) {
        r.start -= 1;
    }
    if space_before(r.end) && brand(r.end) {
        r.end += 1;
    }
    r
}

/// What a lexicon phrase written with its marks needs to be weighed by how
/// it breaks its sentence ([`Evidence::Breaks`], at [`context::BREAKS`]):
/// the entry's weight, and its words (a short phrase, "bóng đá", fits too
/// many places). Set on the tune half of `scripts/gen_pages.py`'s pages
/// and the corpus splits' documents: 11 of the 14 phrases pasted into one
/// sentence, none of 964 uses in real text.
const BREAKS_WEIGHT: f32 = 0.5;
const BREAKS_WORDS: usize = 3;
/// What a broken sentence adds to the entry's weight.
const BREAKS_EVIDENCE: f32 = 0.6;

/// Words and pairs of words that real stories on a kind's subject use
/// around its phrases, in lower case, apart by ';': lottery results and
/// regulations, football and its broadcasts, betting and gambling news,
/// lending. (Pairs, as single words are too often other words' halves:
/// "giải" of "giải quyết", "đặc biệt" in any story. The lexicon's own
/// words are no guide: its SEO strings say "hôm nay", "nuôi", "giây".)
const SUBJECT_WORDS: &[(Category, &str)] = &[
    (
        Category::Lottery,
        "vé số;giải đặc;trúng giải;mở thưởng;trúng thưởng;quay số;xổ số;lô tô;vietlott;jackpot",
    ),
    (
        Category::Streaming,
        "trận đấu;bàn thắng;cầu thủ;hlv;vòng bảng;phát sóng;truyền hình;tỷ số;bóng đá",
    ),
    (
        Category::Betting,
        "cá độ;cá cược;tỷ lệ;nhà cái;đánh bạc;bóng đá;trận đấu",
    ),
    (
        Category::Casino,
        "cờ bạc;đánh bạc;sòng bạc;casino;con bạc;sới bạc;chiếu bạc",
    ),
    (
        Category::Loan,
        "lãi suất;ngân hàng;tín dụng;khoản vay;vay tiền",
    ),
];

/// The key of an item of [`SUBJECT_WORDS`]: its word's [`ngram::hash_word`],
/// or its two words' combined.
fn subject_key(item: &str) -> u64 {
    match item.split_once(' ') {
        Some((a, b)) => ngram::combine(lower_hash(a), lower_hash(b)),
        None => lower_hash(item),
    }
}

/// [`ngram::hash_word`] of `w` in lower case, without writing it out.
fn lower_hash(w: &str) -> u64 {
    let mut buf = [0u8; 4];
    w.chars()
        .flat_map(char::to_lowercase)
        .fold(ngram::HASH_START, |h, c| {
            ngram::hash_more(h, c.encode_utf8(&mut buf).as_bytes())
        })
}

/// Thresholds that let every fit through [`context::breaks`]: the lone rule
/// weighs all three itself.
const ANY_FIT: (f32, f32, f32) = (f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY);

/// The words a page must have beside a listed phrase seen once for its
/// saying nothing else of the phrase's subject to tell: a sentence alone
/// ("Công ty xổ số miền bắc thông báo lịch nghỉ Tết.") is about the
/// phrase for all its other words say.
const SILENT_WORDS: usize = 10;

/// The spam vocabulary weight that keeps a word at a phrase's edge with it
/// ("lo", "uy tin" of "xo so … lo", "nha cai uy tin").
const TAIL_VOCAB: f32 = 1.5;
/// The spam vocabulary weight that keeps the word after a lexicon entry
/// inside a repeated phrase when the phrase is trimmed to the entry
/// ([`Detector::trim_to_lexicon`]): lower than [`TAIL_VOCAB`], since the
/// repetition already says the word goes with the entry, and spam phrases
/// end in qualifiers real text also writes bare ("mobile" of "hack pubg
/// mobile" weighs 0.73, "lo" of "soi cau bach thu lo" 1.1; at
/// [`TAIL_VOCAB`] they were cut from every occurrence). The text's own
/// neighbours of a replaced word weigh next to nothing ("tra" of "tra cứu"
/// 0.01).
/// Before the entry [`TAIL_VOCAB`] holds: a verb that spam uses there is as
/// often the text's, leading into the pasted keyword ("Học sinh xem soi
/// keo nha cai").
const KEPT_AFTER_ENTRY_VOCAB: f32 = 0.5;
/// How much a word must raise the probability of its neighbour (log10)
/// for the two to make one word ("hôm nay").
const ATTACHED: f32 = 1.5;
/// How much better the text reads with a repeated phrase taken out
/// (`join`, log10) for it to have gone in between words rather than in a
/// word's place: then no word it shares at every occurrence is the text's
/// ([`Detector::trim_to_lexicon`]). "bang ty le keo world cup" inserted at
/// unrelated places: 1.9-2.0; the phrases put in for a word with its
/// neighbour ("thanh" of "thanh toán", "set" of "set đồ"): -1.6 to 0.9.
const INSERTED_JOIN: f64 = 1.0;
/// Words of a clause compared on each side of a repeated phrase's
/// occurrences to tell a sentence pasted again (alike to its ends) from a
/// compound every one of whose replaced words the phrase took ("lộ trình
/// [thay] thế"): past this many alike, the sentence is taken as pasted.
const PASTED_CONTEXT: usize = 12;

/// Words a lexicon hit may grow by on each side.
const MAX_GROWTH: usize = 6;

/// The spam vocabulary weight that makes a bare word of a keyword line's
/// item count as spam's, as a word of the lexicon does.
const KEYWORD_VOCAB: f32 = 1.5;

/// Suspicion that lets a bare word outside the lexicon's vocabulary join
/// a bare hit it stands beside: real text all but never writes it so.
const OUTSIDE_ANY: f32 = 0.99;

/// Suspicion a word outside every lexicon hit needs to stay in a phrase
/// the lexicon vouches for: a replaced word's bare neighbour ("tay" after
/// "bàn" was replaced) repeats with every occurrence too, but real text
/// writes it bare now and then; the words of a pasted phrase ("lich
/// truyen hinh" before "trực tiếp bóng đá") it almost never does.
const OUTSIDE: f32 = 0.97;

/// Per token of `doc`, whether a candidate of `cands` holds it.
fn covered_by(doc: &Doc, cands: &[Cand]) -> Vec<bool> {
    let mut covered = vec![false; doc.toks.len()];
    for j in cands.iter().flat_map(|c| c.toks.clone()) {
        if let Some(v) = covered.get_mut(j) {
            *v = true;
        }
    }
    covered
}

/// Extends each candidate that holds words of a phrase found, in order,
/// fewer than all (`phrases`: its first occurrence, and whether it is
/// written with marks), over the phrase's next words beside it: only
/// spaces between, spelled as the phrase is, no other candidate's. A
/// candidate so completed stands for the phrase. (See the caller.)
fn complete_fragments(doc: &Doc, cands: &mut [Cand], phrases: &[(Range<usize>, bool)]) {
    if phrases.is_empty() {
        return;
    }
    let word = |j: usize| doc.toks.get(j).map_or("", |t| doc.folded_text(t));
    let mut covered = covered_by(doc, cands);
    for c in cands.iter_mut().filter(|c| c.score >= MIN_SCORE) {
        let n = c.toks.len();
        for (p, marked) in phrases {
            // (One word too: a brand of the phrase found alone where a
            // spun paste dropped the word before it, "okvip" of "minh
            // okvip" beside "lien minh okvip" found whole.)
            if n == 0 || n >= p.len() {
                continue;
            }
            // Where the candidate's words stand in the phrase.
            let Some(i) = (0..=p.len() - n).find(|&i| {
                c.toks
                    .clone()
                    .zip(p.start + i..)
                    .all(|(j, k)| word(j) == word(k))
            }) else {
                continue;
            };
            let fits = |j: usize, k: usize, gap_at: usize| {
                !covered.get(j).copied().unwrap_or(true)
                    && doc.toks.get(gap_at).is_some_and(|t| t.gap == Gap::Space)
                    && doc.toks.get(j).is_some_and(|t| t.marked == *marked)
                    && word(j) == word(k)
            };
            let (mut a, mut b) = (c.toks.start, c.toks.end);
            let mut k = p.start + i + n;
            while k < p.end && fits(b, k, b) {
                b += 1;
                k += 1;
            }
            let mut k = p.start + i;
            while k > p.start && a > 0 && fits(a - 1, k - 1, a) {
                a -= 1;
                k -= 1;
            }
            if (a, b) != (c.toks.start, c.toks.end) {
                for j in (a..c.toks.start).chain(c.toks.end..b) {
                    if let Some(v) = covered.get_mut(j) {
                        *v = true;
                    }
                }
                c.toks = a..b;
                // (Completed, it stands for the phrase, as a sibling does:
                // repair weighs it with the phrase's other occurrences.)
                c.canonical = Some(p.clone());
                break;
            }
        }
    }
}

/// The hash of token `j`'s folded word.
fn word_hash(doc: &Doc, j: usize) -> u64 {
    ngram::hash_word(
        doc.toks
            .get(j)
            .map_or("", |t| doc.folded_text(t))
            .as_bytes(),
    )
}

/// The candidates taken (score [`MIN_SCORE`] or more) of each phrase, by
/// the phrase's text: their own, or the one they stand for.
fn phrase_groups(doc: &Doc, cands: &[Cand]) -> crate::tables::KeyMap<Vec<usize>> {
    let mut phrases: crate::tables::KeyMap<Vec<usize>> = Default::default();
    for (i, c) in cands.iter().enumerate() {
        if c.score >= MIN_SCORE {
            let of = c.canonical.clone().unwrap_or_else(|| c.toks.clone());
            let key = of.fold(0u64, |h, j| ngram::combine(h, word_hash(doc, j)));
            phrases.entry(key).or_default().push(i);
        }
    }
    phrases
}

/// Words looked at on each side of a phrase's occurrences by
/// [`grow_by_words_beside`].
const BESIDE: usize = 4;

/// Extends the candidates of each phrase found (the candidates standing
/// for the same phrase, its spun and fragmentary siblings included: two or
/// more) over the words beside them that most of them (two thirds, two at
/// least) have among their [`BESIDE`] nearest words on that side, in any
/// order, or that are the phrase's own: bare words joined by spaces that
/// real text writes with marks, or that are no syllable, and words with
/// marks written in disguise beside some occurrence; no other candidate's.
/// Beside candidates written alike, only words in another
/// order, or missing, beside some of them: words in the same order beside
/// every one are the repeated n-gram's to weigh, which did (the partner of
/// a replaced word, "set" of every "set đồ"). Beside candidates spun
/// differently, no n-gram saw them ("link" before "bet69x vao moi nhat"
/// and "vao vao bet69x moi nhat"); there the partner of a word replaced
/// under a spun phrase, written bare, can join it too ("tai" of "tai
/// nạn"). `disguised`: the page's words written in disguise, sorted
/// ([`Doc::disguised`]).
fn grow_by_words_beside(doc: &Doc, cands: &mut [Cand], disguised: &[usize]) {
    let hash = |j: usize| word_hash(doc, j);
    let phrases = phrase_groups(doc, cands);
    if phrases.values().all(|p| p.len() < 2) {
        return;
    }
    let covered = covered_by(doc, cands);
    let spaced = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    let may_belong = |j: usize, hidden: &KeySet| {
        !covered.get(j).copied().unwrap_or(true)
            && doc.toks.get(j).is_some_and(|t| {
                let w = doc.folded_text(t);
                !doc.is_capitalised(j)
                    && w.bytes().any(|b| b.is_ascii_lowercase())
                    && if t.marked {
                        hidden.contains(&hash(j))
                    } else {
                        accent::suspicion(w.as_bytes()).is_none_or(|s| s >= ngram::STRIPPED)
                    }
            })
    };
    // The words beside an occurrence, nearest first.
    let beside = |r: &Range<usize>, left: bool, hidden: &KeySet| -> Vec<usize> {
        let mut out = Vec::new();
        let mut j = if left { r.start } else { r.end };
        while out.len() < BESIDE {
            let (next, gap_at) = if left {
                let Some(p) = j.checked_sub(1) else { break };
                (p, j)
            } else {
                (j, j)
            };
            if !spaced(gap_at) || !may_belong(next, hidden) {
                break;
            }
            out.push(next);
            j = if left { next } else { next + 1 };
        }
        out
    };
    let mut grown: Vec<(usize, Range<usize>)> = Vec::new();
    for members in phrases.values().filter(|p| p.len() >= 2) {
        let occ: Vec<Range<usize>> = members
            .iter()
            .filter_map(|&i| cands.get(i))
            .map(|c| c.toks.clone())
            .collect();
        // (The members stand for one text: the first one's words are all.)
        let own: KeySet = members
            .first()
            .and_then(|&i| cands.get(i))
            .map(|c| c.canonical.clone().unwrap_or_else(|| c.toks.clone()))
            .unwrap_or_default()
            .map(hash)
            .collect();
        let need = (occ.len() * 2).div_ceil(3).max(2);
        let text = |r: &Range<usize>| r.clone().map(hash).collect::<Vec<u64>>();
        let alike = occ
            .iter()
            .all(|r| occ.first().is_some_and(|f| text(f) == text(r)));
        // (Words with marks beside it are the text's, unless the same word
        // stands in disguise beside one of its occurrences: the text's
        // words are not disguised, a converter's soft hyphens aside, and
        // such a word would also have to stand beside most of them. "đặt"
        // of "cài đặt app trên ios không cần jailbreak", spun, "đặ\u{ad}t"
        // in one paste.)
        let mut hidden = KeySet::default();
        for r in &occ {
            let near = r.start.saturating_sub(BESIDE)..(r.end + BESIDE).min(doc.toks.len());
            for &k in ngram::disguised_in(disguised, near) {
                if !r.contains(&k) {
                    hidden.insert(hash(k));
                }
            }
        }
        let mut ext = occ.clone();
        for left in [true, false] {
            let windows: Vec<Vec<usize>> = occ.iter().map(|r| beside(r, left, &hidden)).collect();
            let mut counts: crate::tables::KeyMap<usize> = Default::default();
            for w in &windows {
                let mut seen: Vec<u64> = w.iter().map(|&j| hash(j)).collect();
                seen.sort_unstable();
                seen.dedup();
                for h in seen {
                    *counts.entry(h).or_default() += 1;
                }
            }
            // (A word of the phrase's own counts beside a piece of it
            // that lacks it: "online" before the "khong can von" of
            // "kiem online tien khong can von".)
            let shared = |j: usize, r: &Range<usize>| {
                let h = hash(j);
                (own.contains(&h) && !r.clone().any(|k| hash(k) == h))
                    || counts.get(&h).is_some_and(|&n| n >= need)
            };
            let takes: Vec<&[usize]> = windows
                .iter()
                .zip(&occ)
                .map(|(w, r)| {
                    w.get(..w.iter().take_while(|&&j| shared(j, r)).count())
                        .unwrap_or_default()
                })
                .collect();
            let mut forms: Vec<Vec<u64>> = takes
                .iter()
                .filter(|t| !t.is_empty())
                .map(|t| t.iter().map(|&j| hash(j)).collect())
                .collect();
            forms.sort_unstable();
            forms.dedup();
            if forms.len() < 2 && alike {
                continue;
            }
            for (r, t) in ext.iter_mut().zip(&takes) {
                if let Some(&last) = t.last() {
                    if left {
                        r.start = last;
                    } else {
                        r.end = last + 1;
                    }
                }
            }
        }
        for ((&i, r), e) in members.iter().zip(&occ).zip(ext) {
            if e != *r {
                grown.push((i, e));
            }
        }
    }
    for (i, e) in grown {
        if let Some(c) = cands.get_mut(i) {
            c.toks = e;
        }
    }
}

/// Whether `word` is written in capitals throughout (its letters; one at
/// least).
fn in_capitals(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Words beside a finding [`grow_capitals`] takes at most, a side.
const CAPITALS_GROWN: usize = 3;
/// Letters a word in capitals needs to be taken: shorter ones are mostly
/// abbreviations ("MU", "TP", "HA" of "HA Gia Lai").
const CAPITALS_LETTERS: usize = 3;
/// The share of a syllable's uses that Wikipedia capitalises mid-sentence
/// under which, in capitals beside a phrase pasted so, it is the phrase's:
/// not "HÀ", 0.68.
const CAPITALS_NAME_SHARE: f32 = 0.5;

/// Extends each finding written in capitals throughout over the words
/// beside it written so, up to the text's words not in capitals that
/// bound the run inside its sentence: a phrase pasted in capitals amid
/// lower case is one run of them, and a finding of its core, or a spun
/// paste that dropped a word, leaves the rest of the run behind ("LINK"
/// of "LINK 8XBET MỚI NHẤT", "THAO" of "THAO VN88 THE"). The whole run
/// beside the finding is taken or none of it: every word of it a
/// syllable, not a name's ([`CAPITALS_NAME_SHARE`]), or a word of spam's
/// vocabulary ("LINK"), [`CAPITALS_LETTERS`] letters or more (an
/// abbreviation is the text's: "UBND", "FIFA", "MU"), numbers between
/// them. A run that reaches a
/// sentence's start, a line's or punctuation is not bounded by the text's
/// own words, and is left. (Not title case: the text's names and the first
/// words of its institutions' names, "Lục quân", "Đoàn đại biểu", stand
/// capitalised beside a phrase pasted where a word of theirs stood, and
/// their syllables are no names' by Wikipedia's counts: on the 600 dev
/// replace attacks, growing title case as well took the text's words
/// beside three phrases, "Đoàn", "Lục", "Con", and a phrase's own beside
/// none.)
fn grow_capitals(doc: &Doc, vocab: &vocab::Vocabulary, cands: &mut [Cand]) {
    let spaced = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    let letters = |j: usize| doc.written(j).chars().any(char::is_alphabetic);
    let capitals = |j: usize| in_capitals(doc.written(j));
    let growable = |j: usize| {
        let Some(t) = doc.toks.get(j) else {
            return false;
        };
        let w = doc.folded_text(t);
        doc.written(j).chars().filter(|c| c.is_alphabetic()).count() >= CAPITALS_LETTERS
            && match accent::name_share(w.as_bytes()) {
                Some(share) => share < CAPITALS_NAME_SHARE,
                None => vocab.folded_weight(w) >= KEYWORD_VOCAB,
            }
    };
    let mut covered = covered_by(doc, cands);
    for c in cands.iter_mut().filter(|c| c.score >= MIN_SCORE) {
        let words = || c.toks.clone().filter(|&j| letters(j));
        if words().next().is_none() || !words().all(capitals) {
            continue;
        }
        // The run on one side: the tokens outward from the finding, each
        // with the token whose gap joins it to its inward neighbour. The
        // outermost word taken, when a word not in capitals bounds the run.
        let run = |outward: &mut dyn Iterator<Item = (usize, usize)>| -> Option<usize> {
            let mut at = None;
            let mut taken = 0;
            for (j, gap_at) in outward {
                if !spaced(gap_at) || covered.get(j).copied().unwrap_or(true) {
                    return None;
                }
                if letters(j) {
                    if !capitals(j) {
                        return at;
                    }
                    if !growable(j) || taken == CAPITALS_GROWN {
                        return None;
                    }
                    taken += 1;
                    at = Some(j);
                } else if !doc.written(j).chars().all(|ch| ch.is_ascii_digit()) {
                    return None;
                }
            }
            None
        };
        let (start, end) = (c.toks.start, c.toks.end);
        let left = run(&mut (0..start).rev().map(|j| (j, j + 1)));
        let right = run(&mut (end..doc.toks.len()).map(|j| (j, j)));
        let (a, b) = (left.unwrap_or(start), right.map_or(end, |j| j + 1));
        if (a, b) != (start, end) {
            for j in (a..start).chain(end..b) {
                if let Some(v) = covered.get_mut(j) {
                    *v = true;
                }
            }
            c.toks = a..b;
        }
    }
}

/// Cuts from the candidates of each phrase found (two or more standing for
/// one text) the words at their edges that are the partners of the word
/// the phrase displaced ([`context::partners`]): the same words beside
/// every occurrence, which the repeated n-gram and the growth by words
/// beside took as the phrase's. Cut, they stay in the text, and repair
/// puts the displaced word back beside them ("tế" after "kinh").
fn trim_partners(doc: &Doc, lm: &LanguageModel, cands: &mut [Cand]) {
    let text = |r: &Range<usize>| r.clone().map(|j| word_hash(doc, j)).collect::<Vec<u64>>();
    let phrases = phrase_groups(doc, cands);
    if phrases.values().all(|p| p.len() < 2) {
        return;
    }
    let covered = covered_by(doc, cands);
    for members in phrases.values().filter(|p| p.len() >= 2) {
        // (Its occurrences written as the phrase is: the partners stand at
        // the same place in each.)
        let Some(first) = members.first().and_then(|&i| cands.get(i)) else {
            continue;
        };
        let own = text(first.canonical.as_ref().unwrap_or(&first.toks));
        let alike: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| cands.get(i).is_some_and(|c| text(&c.toks) == own))
            .collect();
        if alike.len() < 2 {
            continue;
        }
        let mut occ: Vec<Range<usize>> = alike
            .iter()
            .filter_map(|&i| cands.get(i).map(|c| c.toks.clone()))
            .collect();
        let lead = context::partners(doc, lm, &occ, &covered, true);
        occ.iter_mut().for_each(|r| r.start += lead);
        let trail = context::partners(doc, lm, &occ, &covered, false);
        if lead + trail == 0 {
            continue;
        }
        // (Its spun siblings too, where the same words stand at the edge.)
        let (head, tail) = (
            own.get(..lead).unwrap_or_default(),
            own.get(own.len().saturating_sub(trail)..)
                .unwrap_or_default(),
        );
        for &i in members {
            let Some(c) = cands.get_mut(i) else { continue };
            let words = text(&c.toks);
            if words.len() > lead + trail && words.starts_with(head) && words.ends_with(tail) {
                c.toks = c.toks.start + lead..c.toks.end - trail;
            }
            // (One standing for the phrase as the first is written stands
            // for it cut, whether or not its own edges were the same: repair
            // weighs the phrase's findings together.)
            if let Some(t) = c.canonical.as_mut().filter(|t| t.len() > lead + trail) {
                *t = t.start + lead..t.end - trail;
            }
        }
    }
}

/// Merges overlapping candidates, keeping the stronger one's identity.
fn merge(cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        match out.last_mut() {
            Some(last) if c.toks.start < last.toks.end => {
                last.toks.end = last.toks.end.max(c.toks.end);
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
            canonical: None,
            toks: l.toks,
            source,
            score,
            evidence,
        });
    }
    out.extend(cands);
    out
}

/// The verdict over a document's findings and its page evidence.
fn verdict(findings: Vec<Finding>, page: PageFeatures) -> Detection {
    let score = findings.iter().map(|f| f.score).fold(0.0, f64::max);
    let verdict = if page.probability >= page::SPAM {
        Verdict::Spam
    } else if findings.is_empty() {
        Verdict::Clean
    } else {
        Verdict::Injected
    };
    let score = if verdict == Verdict::Spam {
        score.max(page.probability)
    } else {
        score
    };
    Detection {
        verdict,
        score,
        findings,
        page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_words_are_words_or_pairs_in_lower_case() {
        // (A page is read word by word and pair by pair: a longer item
        // could never be found.)
        for (_, words) in SUBJECT_WORDS {
            for w in words.split(';') {
                assert!(w.split(' ').count() <= 2, "{w}");
                assert_eq!(w, w.to_lowercase(), "{w}");
            }
        }
        // A word is read in lower case as it would be written out so.
        for w in ["Vé", "XỔ", "giải", "Đặc"] {
            assert_eq!(lower_hash(w), ngram::hash_word(w.to_lowercase().as_bytes()));
        }
    }

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
