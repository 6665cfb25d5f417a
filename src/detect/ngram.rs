//! Phrases no lexicon lists: runs of unaccented Vietnamese syllables that
//! repeat in an accented document.
//!
//! Real accented text writes "lịch", "truyền", "trực tiếp"; a pasted SEO
//! phrase arrives bare ("lich truyen hinh truc tiep bong da") and, because
//! attacks splice the same phrase everywhere, it repeats. Within each run of
//! unaccented words every n-gram (up to [`MAX_N`] words) is counted; the
//! longest n-grams that repeat, whose words are rarely written bare, are the
//! units, and shorter n-grams inside an occurrence already taken are not
//! reported again. Each run adds at most `MAX_N` n-grams per word, so the
//! whole pass is linear in the text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use super::accent::{is_plain_pair, suspicion};
use super::doc::{Doc, Gap, Tok};
use super::scratch;
use super::vocab::{Vocabulary, SPELLED_ANCHOR_WEIGHT};
use crate::lm::LanguageModel;
use crate::tables::{KeyHasher, KeyMap, KeySet};

/// Longest n-gram counted, in words.
pub(crate) const MAX_N: usize = 12;
/// Words looked at either side of a repeated anchor word: a phrase around
/// it is rarely longer.
const WINDOW: usize = 6;
/// A word at least this suspicious is "hot": nearly always written with
/// marks in real text.
pub(crate) const HOT: f32 = 0.9;
/// The value of a word in a pair real text writes bare.
const PLAIN: f32 = 0.2;

type Counts = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;
/// Called with each counted n-gram: its tokens, its hash, its run.
type NgramVisitor<'f> = dyn FnMut(Range<usize>, u64, &Range<usize>) + 'f;

/// A phrase found repeated in a document.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// Each occurrence, as a token range, in order.
    pub occurrences: Vec<Range<usize>>,
    /// Those of them that are spun ([`spun_occurrences`]): they count,
    /// but the language model reads the phrase where it is written alike.
    pub spun: Vec<Range<usize>>,
    /// Mean suspicion of its words.
    pub suspicion: f32,
    /// Summed suspicion of its words.
    pub sum: f32,
    /// Its words that appear in the lexicon's vocabulary.
    pub topic: usize,
    /// It reads as a proper name: most words capitalised, and words that
    /// real text writes capitalised as names' (the mean share of their
    /// uses Wikipedia capitalises mid-sentence, scaled so that 0.25 and
    /// more is 1; 0 when not capitalised). A phrase in title case made of
    /// ordinary words ("Vay Tien Nhanh") reads less as one.
    pub name: f32,
    /// How sure its bare spelling alone makes it spam (0 for a phrase
    /// written with marks, or in a page without them).
    pub score: f32,
    /// The spam vocabulary weights of its words (see [`Vocabulary`]), the
    /// positive ones summed, and the largest.
    pub vocab: f32,
    pub vocab_max: f32,
    /// Share of its occurrences' words written with marks.
    pub marked: f32,
    /// Its words written bare that real text nearly always writes with
    /// marks ([`HOT`]).
    pub hot: usize,
    /// Its words that look like brands (see [`Vocabulary::is_brand_like`]).
    pub brands: usize,
    /// Share of its words that are foreign: letters, neither syllables nor
    /// spam vocabulary.
    pub foreign: f32,
    /// Share of its words of another language whatever their spam
    /// vocabulary weight (`foreign`, and English words a lexicon uses:
    /// "free spin no deposit"): never less than `foreign`.
    pub english: f32,
}

impl Unit {
    /// Its occurrences written alike: all but the spun ones.
    pub(crate) fn alike(&self) -> std::borrow::Cow<'_, [Range<usize>]> {
        if self.spun.is_empty() {
            std::borrow::Cow::Borrowed(&self.occurrences)
        } else {
            std::borrow::Cow::Owned(
                self.occurrences
                    .iter()
                    .filter(|r| !self.spun.contains(r))
                    .cloned()
                    .collect(),
            )
        }
    }
}

/// Per-token facts the counting needs, for tokens inside runs.
struct Word {
    hash: u64,
    /// Written bare in accented text: its suspicion when a Vietnamese
    /// skeleton; for other words, 0.8 when the lexicon uses them
    /// ("online", "fb88") and 0 otherwise. 0 when written with marks.
    value: f32,
    /// Its spam vocabulary weight.
    vocab: f32,
    /// What it counts for towards [`MIN_GATE`]: the larger of `value` and
    /// the vocabulary weight, scaled to `[0, 1]`.
    gate: f32,
    topic: bool,
    /// A Vietnamese syllable skeleton.
    syllable: bool,
    /// A word that may be a phrase alone: not a syllable, and weighing as
    /// spam vocabulary or unknown to Wikipedia (a brand, "kubet", "qq288").
    token: bool,
    /// A word of letters that is neither a syllable nor spam vocabulary
    /// (English, Latin, codes).
    foreign: bool,
    /// A word of another language whatever its spam vocabulary weight:
    /// `foreign`, or a word of letters that is no syllable and no brand
    /// (not a `token`): "free", "deposit" with the default lexicon.
    english: bool,
}

impl Word {
    /// Takes it for a word written bare as real text writes it there
    /// ([`PLAIN`] at most), its gate with it.
    fn make_plain(&mut self) {
        self.value = self.value.min(PLAIN);
        self.gate = self.value.max(self.vocab / VOCAB_FULL).min(1.0);
    }
}

/// The [`Word`]s of the tokens inside runs, by token. (A page's runs hold
/// a few of its tokens: an index of 4 bytes a token, not a slot of a
/// whole `Word`, which would cost more to clear than the runs to read.)
struct Slots {
    index: Vec<u32>,
    words: Vec<Word>,
}

thread_local! {
    /// Slot tables and n-gram counts for reuse (see [`scratch`]).
    static SLOTS: RefCell<Vec<(Vec<u32>, Vec<Word>)>> = const { RefCell::new(Vec::new()) };
    static COUNTS: RefCell<Vec<Counts>> = const { RefCell::new(Vec::new()) };
    /// [`foreign_repeats`]' words and the hashes it keeps: a clean comment
    /// allocates nothing once the thread is warm.
    static FOUND: RefCell<Vec<Vec<(usize, u64, bool)>>> = const { RefCell::new(Vec::new()) };
    static HASHES: RefCell<Vec<Vec<u64>>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Slots {
    fn drop(&mut self) {
        let (mut index, mut words) = (
            std::mem::take(&mut self.index),
            std::mem::take(&mut self.words),
        );
        let bytes = index.capacity() * 4 + words.capacity() * std::mem::size_of::<Word>();
        index.clear();
        words.clear();
        scratch::give(&SLOTS, (index, words), bytes);
    }
}

impl Slots {
    const NONE: u32 = u32::MAX;

    fn new(tokens: usize) -> Slots {
        let (mut index, words) = scratch::take(&SLOTS);
        index.resize(tokens, Self::NONE);
        Slots { index, words }
    }

    fn set(&mut self, j: usize, w: Word) {
        let (Some(at), Ok(n)) = (self.index.get_mut(j), u32::try_from(self.words.len())) else {
            return;
        };
        if n == Self::NONE {
            return;
        }
        *at = n;
        self.words.push(w);
    }

    fn get(&self, j: usize) -> Option<&Word> {
        let &i = self.index.get(j)?;
        self.words.get(i as usize)
    }

    fn get_mut(&mut self, j: usize) -> Option<&mut Word> {
        let &i = self.index.get(j)?;
        self.words.get_mut(i as usize)
    }
}

/// The summed gates an n-gram needs to be counted: two words that real
/// text nearly always writes with marks, bare; or words of spam
/// vocabulary.
const MIN_GATE: f32 = 1.0;
/// The vocabulary weight that makes a word that is no syllable a phrase
/// candidate on its own (a brand).
const TOKEN_WEIGHT: f32 = 1.4;
/// Words spelled one way (with marks, or stripped of them) that a stretch
/// of a repeated n-gram needs to outweigh a lone word spelled the other
/// way at the n-gram's edge ([`repeated_units`]).
const SPELLED_AGAINST: usize = 3;
/// Mean weight (gate) below which words around a phrase are ordinary text.
const ORDINARY: f32 = 0.34;

/// Occurrences from which a phrase's extra words at unrelated places are
/// its own whatever their spelling (see [`repeated_units`]), and the share
/// of its occurrences that must stand between other words.
const UNRELATED_REPEATS: u32 = 3;
const UNRELATED_PLACES: f32 = 0.75;

/// The bare value (suspicion) of a word that, written bare, shows a phrase
/// stripped of its marks.
pub(crate) const STRIPPED: f32 = 0.5;

/// The vocabulary weight that counts as much towards [`MIN_GATE`] as a word
/// real text always writes with marks, written bare.
const VOCAB_FULL: f32 = 3.0;
/// How much a word must raise the probability of its neighbour (log10)
/// for the two to make one word ("miễn phí").
const ATTACHED: f32 = 1.0;

pub(crate) fn hash_word(w: &[u8]) -> u64 {
    hash_more(HASH_START, w)
}

/// [`hash_word`]'s value before any byte.
pub(crate) const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// [`hash_word`] carried on over `w` from `h`: a word hashed piece by
/// piece hashes as it does whole.
pub(crate) fn hash_more(h: u64, w: &[u8]) -> u64 {
    w.iter().fold(h, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub(crate) fn combine(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Repeated phrases in `doc`, best first: runs of unaccented words in
/// accented text, and stretches where word pairs repeat (`regions`), in
/// any spelling. `topic` is the vocabulary of the lexicon (hashes of its
/// words), `vocab` the spam vocabulary, `listed` the tokens of the lexicon
/// hits that count.
pub(crate) fn repeated_units(
    doc: &Doc,
    topic: &KeySet,
    vocab: &Vocabulary,
    lm: &LanguageModel,
    regions: &[Range<usize>],
    listed: &[Range<usize>],
    disguised: &[usize],
) -> Vec<Unit> {
    let bare = if doc.accented { &doc.runs[..] } else { &[] };
    // A stretch of words none of which can weigh (written with marks that
    // spam vocabulary does not spell, bare as real text writes them,
    // numbers) is no phrase to weigh: most stretches of clean text go
    // here, before any word of them is weighed in full.
    let may_weigh = |j: usize, t: &super::doc::Tok| {
        if doc.hides && doc.is_disguised(j) {
            return true;
        }
        let w = doc.folded_text(t);
        if t.marked {
            return vocab.may_weigh(w);
        }
        match vocab.syllable(hash_word(w.as_bytes())) {
            Some(f) => (doc.accented && f.suspicion >= STRIPPED) || f.weight > 0.0,
            None => !w.bytes().all(|b| b.is_ascii_digit()),
        }
    };
    // A phrase pasted with its marks around a word of another language
    // ("hack tài khoản facebook người khác") is looked at as the windows
    // around spam's words are ([`foreign_repeats`]).
    let (foreign_at, foreign) = if doc.accented {
        foreign_repeats(doc, vocab)
    } else {
        Default::default()
    };
    let with_foreign;
    let regions = if foreign.is_empty() {
        regions
    } else {
        with_foreign = union(doc, regions, &foreign);
        &with_foreign[..]
    };
    let regions: Vec<Range<usize>> = regions
        .iter()
        .filter(|r| (r.start..r.end).any(|j| doc.toks.get(j).is_some_and(|t| may_weigh(j, t))))
        .cloned()
        .collect();
    let merged;
    let runs: &[Range<usize>] = if regions.is_empty() {
        bare
    } else {
        merged = union(doc, bare, &regions);
        &merged
    };
    if runs.is_empty() {
        return Vec::new();
    }
    let mut slots = Slots::new(doc.toks.len());
    let mut weighs = false;
    for r in runs {
        let mut sum = 0.0;
        for i in r.clone() {
            let Some(t) = doc.toks.get(i) else { continue };
            let folded = doc.folded_text(t);
            let w = folded.as_bytes();
            let hash = hash_word(w);
            let syllable = vocab.syllable(hash);
            let (s, is_topic) = match syllable {
                Some(f) => (Some(f.suspicion), f.topic),
                None => (suspicion(w), topic.contains(&hash)),
            };
            let value = if t.marked || !doc.accented {
                0.0
            } else {
                s.unwrap_or(if is_topic { 0.8 } else { 0.0 })
            };
            let (weight, unknown) = match syllable {
                _ if t.marked => (vocab.weight(doc, t), false),
                Some(f) => (f.weight, false),
                None => vocab.bare_facts(folded, hash, s),
            };
            // (A word written in disguise weighs as a word stripped of its
            // marks does, written with marks or not.)
            // (So does a word of another language a phrase pasted with its
            // marks is built around, [`foreign_repeats`].)
            let hidden = (doc.hides && doc.is_disguised(i)) || foreign_at.binary_search(&i).is_ok();
            // (Common English words that spell skeletons, "the", "to",
            // count as the English they are.)
            let foreign_shape = !t.marked
                && (s.is_none() || is_english(folded))
                && folded.bytes().any(|b| b.is_ascii_lowercase());
            let gate = value
                .max(
                    if unknown {
                        weight.max(super::vocab::UNKNOWN_WEIGHT)
                    } else {
                        weight
                    } / VOCAB_FULL,
                )
                .max(if hidden { MIN_GATE } else { 0.0 })
                // (A word that is spam's as written with its marks, "kèo",
                // counts in full, as it opens a window: the rest of a
                // phrase pasted around it may weigh nothing once the
                // lexicon has lost its other words, "tài xỉu".)
                .max(if t.marked && weight >= SPELLED_ANCHOR_WEIGHT {
                    MIN_GATE
                } else {
                    0.0
                })
                .min(1.0);
            sum += gate;
            // (An unknown word alone is a name as often as a brand: it
            // needs spam parts, "thabet", to stand alone.)
            let token = weight >= TOKEN_WEIGHT && vocab.is_brand_like(folded);
            slots.set(
                i,
                Word {
                    hash,
                    value,
                    vocab: weight,
                    gate,
                    topic: is_topic,
                    syllable: s.is_some(),
                    token,
                    foreign: foreign_shape && weight <= 0.0,
                    english: foreign_shape && (!token || is_english(folded)),
                },
            );
        }
        weighs |= sum >= MIN_GATE;
    }
    // A keyword string of another language spliced once into a sentence
    // written with marks: a run of bare words, all in lower case and none
    // a Vietnamese syllable (or a common English word that spells one),
    // [`SPLICED_FOREIGN_WORDS`] or more, no single letter among them (a
    // formula's, "cytochrome c") and one English function word at most,
    // inside ([`SPLICED_FUNCTION_WORDS`]), with Vietnamese right before
    // and after it, a word with marks on one side at least, and only
    // spaces between ("tấn công premium account free download và").
    // No other evidence makes it a phrase: the judge weighs it against the
    // page's words, which say something of a page's subject only on a
    // page long enough to have one ([`SPLICED_FOREIGN_PAGE`]: a reader's
    // comment that switches to English for four words is no article with
    // a keyword string in it).
    let spliced_foreign: Vec<Range<usize>> =
        if doc.accented && doc.toks.len() >= SPLICED_FOREIGN_PAGE {
            // (The stretches of words no Vietnamese syllable spells, or
            // English ones, in each run of bare words: a run may hold bare
            // Vietnamese words around the string, "gần đây | free vpn
            // unlimited speed | sau khi".)
            let foreign_word = |j: usize| {
                slots.get(j).is_some_and(|w| {
                    !w.syllable
                        || doc
                            .toks
                            .get(j)
                            .is_some_and(|t| is_english(doc.folded_text(t)))
                })
            };
            let mut stretches: Vec<Range<usize>> = Vec::new();
            for r in bare.iter().filter(|r| r.len() >= SPLICED_FOREIGN_WORDS) {
                let mut j = r.start;
                while j < r.end {
                    let a = j;
                    while j < r.end && foreign_word(j) {
                        j += 1;
                    }
                    if j > a {
                        stretches.push(a..j);
                    } else {
                        j += 1;
                    }
                }
            }
            stretches
                .iter()
                .filter(|r| {
                    // (As the judge weighs it: `inside` and
                    // `amid_vietnamese` 1, Vietnamese right beside it
                    // either side, one word with marks at least.)
                    let at = std::slice::from_ref(*r);
                    (SPLICED_FOREIGN_WORDS..=MAX_N).contains(&r.len())
                        && inside(doc, at) >= 1.0
                        && amid_vietnamese(doc, at) >= 1.0
                        && (r.start..r.end).all(|j| {
                            let Some(t) = doc.toks.get(j) else {
                                return false;
                            };
                            let text = doc.folded_text(t);
                            (j == r.start || t.gap == Gap::Space)
                                && text.len() >= 2
                                && text.bytes().all(|b| b.is_ascii_lowercase())
                                && !doc.is_capitalised(j)
                                // (One function word inside: "free spin no
                                // deposit"; at an end, a sentence's piece.)
                                && (!is_function_word(text) || (j > r.start && j + 1 < r.end))
                        })
                        && (r.start..r.end)
                            .filter(|&j| {
                                doc.toks
                                    .get(j)
                                    .is_some_and(|t| is_function_word(doc.folded_text(t)))
                            })
                            .count()
                            <= SPLICED_FUNCTION_WORDS
                })
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
    // No n-gram can be counted unless some run sums to the threshold (the
    // pairs below only lower values): most documents stop here.
    if !weighs && spliced_foreign.is_empty() {
        return Vec::new();
    }
    // Whether tokens `r` overlap a lexicon phrase that counts: its words
    // grow by the lexicon's rules, not by the words' spelling.
    let near_listed = |r: Range<usize>| listed.iter().any(|l| l.start < r.end && r.start < l.end);
    // A pair real text writes bare ("tai nghe") is not suspicious there.
    // Nor is a bare word that makes one word, as written, with the word
    // with marks beside it: "ty" of "công ty", "uy" of "uy tín", "ma" of
    // "ma túy" are the spelling of those words, not Vietnamese stripped of
    // its marks, inside a phrase pasted with its marks ("công ty seo uy tín
    // tại hà nội") as in the text around one. (In lower case: a phrase in
    // capitals or title case is settled by its case, below. Not beside a
    // lexicon phrase, which grows by its own rules.)
    for r in runs {
        for j in r.start + 1..r.end {
            let (Some(a), Some(b)) = (doc.toks.get(j - 1), doc.toks.get(j)) else {
                continue;
            };
            // (Nor is a pair written in disguise.)
            if doc.hides && (doc.is_disguised(j - 1) || doc.is_disguised(j)) {
                continue;
            }
            if a.marked || b.marked {
                if a.marked == b.marked || near_listed(j - 1..j + 1) {
                    continue;
                }
                let bare = if a.marked { j } else { j - 1 };
                // (The model is asked only of a word that counts as
                // stripped: most bare words beside marks are not.)
                if slots.get(bare).is_some_and(|w| w.value >= STRIPPED)
                    && !doc.is_capitalised(bare)
                    && super::context::attachment_as_written(doc, lm, j - 1, j) >= ATTACHED
                {
                    if let Some(w) = slots.get_mut(bare) {
                        w.make_plain();
                    }
                }
                continue;
            }
            if is_plain_pair(doc.folded_text(a).as_bytes(), doc.folded_text(b).as_bytes()) {
                for k in [j - 1, j] {
                    if let Some(w) = slots.get_mut(k) {
                        w.make_plain();
                    }
                }
            }
        }
    }
    let words = |j: usize| slots.get(j);
    // Whether a run of bare words may hold a phrase pasted once (see
    // below). (What the whole run lacks, no part of it has: most runs stop
    // here, before the model is asked about their ends.)
    let hot_at = |j: usize| {
        words(j).is_some_and(|w| w.value >= HOT)
            && doc
                .toks
                .get(j)
                .is_some_and(|t| !is_english(doc.folded_text(t)))
    };
    // The brand-like words of a phrase seen once, as written.
    let brands_in = |r: Range<usize>| {
        r.filter(|&j| {
            doc.toks
                .get(j)
                .is_some_and(|t| vocab.is_brand_like(doc.folded_text(t)))
        })
        .count()
    };
    // Whether a run stands on a brand for [`single_worth`]: two words or
    // more in lower case, one a brand-like token of spam's parts.
    let brand_run = |r: &Range<usize>| {
        r.len() >= 2
            && r.clone().filter_map(words).any(|w| w.token)
            && !r.clone().any(|j| doc.is_capitalised(j))
    };
    // Words real text writes with marks more often than not, written bare,
    // count half a word it nearly always writes so: "trang danh lo de uy
    // tin" (one of the second kind, four of the first) counts three.
    // (Not beside a lexicon phrase, which grows by its own rules: "con mua"
    // before "thuoc bo than" is the text's "Bà con mua".)
    let warm = |r: Range<usize>| {
        if near_listed(r.clone()) {
            return r.filter(|&j| hot_at(j)).count();
        }
        let (mut hot, mut warm) = (0, 0);
        for j in r {
            if hot_at(j) {
                hot += 1;
            } else if words(j).is_some_and(|w| w.syllable && w.value >= STRIPPED)
                && doc
                    .toks
                    .get(j)
                    .is_some_and(|t| !is_english(doc.folded_text(t)))
            {
                warm += 1;
            }
        }
        hot + warm / 2
    };
    // Or four words or more in lower case, whatever words they are, with
    // one at least that real text writes with marks more often than not:
    // each may be one that real text writes bare now and then ("game ban
    // ca an xu", "guest post bao chi"), and the model, reading them with
    // their marks put back, tells a phrase stripped of them from the text's
    // own bare words, which read no better so. (Few runs of an accented
    // page are so long: about 27 a megabyte of the dev split.)
    let long = |r: &Range<usize>| {
        r.len() >= SINGLE_LONG && !r.clone().any(|j| doc.is_capitalised(j)) && warm(r.clone()) >= 1
    };
    let may_be = |r: &Range<usize>| {
        doc.accented
            && (long(r)
                || single_worth(
                    warm(r.clone()),
                    r.clone()
                        .filter_map(words)
                        .map(|w| w.vocab)
                        .fold(0.0, f32::max),
                    brand_run(r),
                ))
    };
    // Count only n-grams suspicious enough to become units.
    let mut counts = scratch::lend(&COUNTS);
    let each_ngram = |f: &mut NgramVisitor| {
        for r in runs {
            for i in r.clone() {
                let (mut h, mut sum) = (0u64, 0.0f32);
                for j in i..r.end.min(i + MAX_N) {
                    let Some(w) = words(j) else { break };
                    h = combine(h, w.hash);
                    sum += w.gate;
                    if sum >= MIN_GATE || (j == i && w.token) {
                        f(i..j + 1, h, r);
                    }
                }
            }
        }
    };
    // Whether tokens `r` are written capitalised, every word, amid words in
    // lower case: a phrase pasted in title case or capitals, whose words
    // with marks are its own ("Nhà Cái I9Bet Uy Tín" in a sentence in
    // lower case). The word that stood beside a replaced one is in lower
    // case as the text around it.
    let island = |r: &Range<usize>| {
        let spaced = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
        // (Most n-grams fail at their first word: asked first.)
        r.len() >= 2
            && r.clone().all(|j| doc.is_capitalised(j))
            && ((r.start > 0 && spaced(r.start) && !doc.is_capitalised(r.start - 1))
                || (r.end < doc.toks.len() && spaced(r.end) && !doc.is_capitalised(r.end)))
    };
    // (And how many of each n-gram's occurrences are so: the shape of the
    // n-gram is settled for most of them.)
    let mut capitals: KeyMap<u32> = KeyMap::default();
    each_ngram(&mut |r, h, _| {
        *counts.entry(h).or_insert(0) += 1;
        if island(&r) {
            *capitals.entry(h).or_insert(0) += 1;
        }
    });
    let count = |h: u64| counts.get(&h).copied().unwrap_or(0);
    let hash_of = |r: Range<usize>| {
        r.into_iter()
            .fold(0u64, |h, j| words(j).map_or(h, |w| combine(h, w.hash)))
    };
    // Whether an n-gram (tokens `r`, `c` occurrences) is shaped like a
    // unit of its own rather than a piece of text around one that repeats
    // more often. Not a repeated core plus an ordinary word seen around
    // only some of its occurrences ("<phrase> tập" twice, the phrase five
    // times): a word spam uses, or one that makes one word with its
    // neighbour inside ("miễn" + "phí"), goes with the core even so, as a
    // spun occurrence ("… mien mien phi") must not cut the tail off the
    // rest. Nor a phrase repeated more often with ordinary words around
    // some of its occurrences (a sentence the text says twice around a
    // pasted phrase).
    let extra_ordinary = |j: usize, inner: usize| {
        words(j).is_none_or(|w| w.gate < STRIPPED && !w.token)
            && super::context::attachment(doc, lm, j, inner) < ATTACHED
    };
    let ordinary = |part: Range<usize>| {
        let n = part.len().max(1) as f32;
        part.filter_map(words).map(|w| w.gate).sum::<f32>() / n < ORDINARY
    };
    // (No word taken yet, for counting where an n-gram stands spun.)
    let no_taken: std::cell::OnceCell<Vec<bool>> = std::cell::OnceCell::new();
    // Whether an n-gram seen `c` times is rarer than the piece of it seen
    // `inner` times by enough that its extra words are the text's: with
    // more than half the piece's occurrences, they are the phrase's, and
    // the piece's other occurrences are spun ones that dropped a word.
    // (Only for words written bare as a bare phrase is: a word with marks
    // beside it is the text's, as every "tập" after a replaced "học". A
    // foreign word in lower case goes with a piece holding Vietnamese
    // stripped of its marks, "xem world cup" with "online khong giat lag":
    // no text writes its own words so; beside a piece of foreign words, it
    // is a quotation's, an anthem's refrain said again.)
    let stripped_piece = |piece: &Range<usize>| {
        piece.clone().any(|j| {
            words(j).is_some_and(|w| w.syllable && w.value >= STRIPPED)
                && doc
                    .toks
                    .get(j)
                    .is_some_and(|t| !is_english(doc.folded_text(t)))
        })
    };
    let bare_word = |j: usize, stripped: bool| {
        doc.toks.get(j).is_some_and(|t| !t.marked)
            && words(j).is_some_and(|w| !w.foreign || (stripped && !doc.is_capitalised(j)))
    };
    // (`rarer` says `Some` when the extra words are the text's, and
    // `Some(true)` when only because they are written bare in another
    // language, [`UNRELATED_REPEATS`] times or more: that is settled once
    // the n-gram's occurrences are known, below. A word with marks beside
    // a phrase is the text's wherever the phrase stands: the partner of a
    // replaced word.)
    // (`spun`: how often the n-gram stands spun, asked only when the piece
    // is seen twice as often as the n-gram written alike, or when the extra
    // words are written with marks: a phrase spun in a third of its pastes,
    // a word dropped or said twice, leaves its core seen more often than
    // the whole, and those pastes are the phrase's.)
    // (Whether `rarer` took the extra words for the phrase's because its
    // spun pastes account for the piece's surplus: settled by where the
    // n-gram stands, once its occurrences are known.)
    let by_spun = std::cell::Cell::new(false);
    let rarer = |c: u32,
                 inner: u32,
                 piece: &Range<usize>,
                 mut extra: std::iter::Chain<Range<usize>, Range<usize>>,
                 island: bool,
                 spun: &dyn Fn() -> u32|
     -> Option<bool> {
        if c >= inner {
            return None;
        }
        let whole = piece.len() + extra.clone().count();
        let stripped = stripped_piece(piece);
        // (In capitals, the phrase's words are ordinary ones; a name beside
        // it, "Qatar", is capitalised of itself.)
        let ordinary_words = island && extra.clone().all(|j| name_likeness(doc, j..j + 1) < 1.0);
        let unmarked = extra
            .clone()
            .all(|j| doc.toks.get(j).is_some_and(|t| !t.marked));
        let by_spelling = (!ordinary_words && !extra.all(|j| bare_word(j, stripped)))
            .then_some(unmarked && c >= UNRELATED_REPEATS);
        // But where the n-gram's spun pastes make up every occurrence of
        // the piece it lacks, the piece is seen more often only because the
        // phrase was spun there, and its words with marks are the phrase's:
        // "thuốc" of every "Mua Thuốc Cường Dương Online", two of nine
        // pasted with a word said twice or swapped. (A keyword string's
        // length at most: a replaced word's partner in a frame the text
        // says again, "Việt Nam có địa chỉ tại" after every "công <phrase>",
        // is longer.) A replaced word's partner stands beside only the
        // occurrences where the word had it, and no spun paste is there.
        if by_spelling == Some(false) && whole <= KEYWORD_STRING_WORDS && c + spun() >= inner {
            by_spun.set(true);
            return None;
        }
        // (The page is read for spun pastes last, and only when they could
        // change the verdict.)
        if c * 2 <= inner && (by_spelling == Some(false) || (c + spun()) * 2 <= inner) {
            return Some(false);
        }
        by_spelling
    };
    // Whether the n-gram is shaped like a unit (`Some`), and whether only
    // if it stands at unrelated places (`Some(true)`: see `rarer`).
    let unit_shaped = |r: Range<usize>, c: u32, island: bool| -> Option<bool> {
        let mut conditional = false;
        let spun_pastes = std::cell::OnceCell::new();
        let spun = || {
            *spun_pastes.get_or_init(|| {
                if r.len() < SPUN_WORDS {
                    return 0;
                }
                let marked = r
                    .clone()
                    .filter(|&j| doc.toks.get(j).is_some_and(|t| t.marked))
                    .count()
                    * 2
                    > r.len();
                let free = no_taken.get_or_init(|| vec![false; doc.toks.len()]);
                let n =
                    spun_occurrences(doc, &r, std::slice::from_ref(&r), free, marked, false).len();
                u32::try_from(n).unwrap_or(u32::MAX)
            })
        };
        // A verdict that its extra words are the text's: final, or to be
        // settled by where it stands.
        let mut texts = |by_spelling: bool| {
            conditional |= by_spelling;
            !by_spelling
        };
        let inner = [
            (r.start + 1..r.end, r.start, r.start + 1),
            (r.start..r.end - 1, r.end - 1, r.end.saturating_sub(2)),
        ];
        for (i, extra, next) in &inner {
            if i.len() < 2 {
                continue;
            }
            let verdict = rarer(
                c,
                count(hash_of(i.clone())),
                i,
                (*extra..*extra + 1).chain(0..0),
                island,
                &spun,
            );
            if let Some(by_spelling) = verdict {
                if extra_ordinary(*extra, *next) && texts(by_spelling) {
                    return None;
                }
            }
        }
        for a in r.start..r.end {
            for b in a + 1..=r.end {
                // The whole, and the pieces the test above saw.
                if b - a == r.len()
                    || (a == r.start && b + 1 >= r.end)
                    || (b == r.end && a <= r.start + 1)
                {
                    continue;
                }
                // (The counts first: the model is asked about the parts'
                // words only for a piece that repeats more often.)
                let extra = (r.start..a).chain(b..r.end);
                let Some(by_spelling) =
                    rarer(c, count(hash_of(a..b)), &(a..b), extra, island, &spun)
                else {
                    continue;
                };
                // An empty part holds nothing of its own; a part whose word
                // next to the core makes one word with it is not ordinary.
                let before = a == r.start || (ordinary(r.start..a) && extra_ordinary(a - 1, a));
                if before
                    && (b == r.end || (ordinary(b..r.end) && extra_ordinary(b, b - 1)))
                    && texts(by_spelling)
                {
                    return None;
                }
            }
        }
        Some(conditional)
    };
    // Candidates: closed n-grams shaped like units. The shape reads only
    // the n-gram's words, so it is settled once per n-gram, not once per
    // occurrence (a page of one syllable repeated has a handful of
    // n-grams and a million occurrences).
    let mut shaped: KeyMap<Option<bool>> = KeyMap::default();
    let mut spun_shaped: KeySet = KeySet::default();
    let mut cands: KeyMap<Vec<Range<usize>>> = KeyMap::default();
    each_ngram(&mut |r, h, run| {
        let c = count(h);
        if c < 2 {
            return;
        }
        // Only closed n-grams: one that always comes with the same word
        // before or after is part of a longer unit (and storing every
        // piece of a phrase repeated 100,000 times costs memory).
        // (The n-gram with the word after it hashes on from its own hash;
        // with the word before, it is hashed anew.)
        let grows = r.len() < MAX_N
            && ((r.end < run.end && words(r.end).is_some_and(|w| count(combine(h, w.hash)) == c))
                || (r.start > run.start && count(hash_of(r.start - 1..r.end)) == c));
        if grows {
            return;
        }
        let shape = *shaped.entry(h).or_insert_with(|| {
            let most_in_capitals = capitals.get(&h).copied().unwrap_or(0) * 2 > c;
            by_spun.set(false);
            let shape = unit_shaped(r.clone(), c, most_in_capitals);
            if shape.is_some() && by_spun.get() {
                spun_shaped.insert(h);
            }
            shape
        });
        if shape.is_some() {
            cands.entry(h).or_default().push(r);
        }
    });
    // Words beside most occurrences of a phrase that repeats at unrelated
    // places, or amid Vietnamese written with marks, are the phrase's,
    // however they are spelled ("fake ip" of "fake ip vpn xem phim", spun
    // now and then; "stream free" of "epl live stream free" put in for
    // every "forint" of "tiền tệ forint Hungary"): a quotation said again
    // in the same frame, amid its own language, keeps them apart.
    //
    // An n-gram whose words with marks were taken for its own by its spun
    // pastes is a phrase pasted at unrelated places, or not one: and one
    // written with marks stands inside the sentences at half of them, as a
    // paste does, unless written in disguise. A list's items said in the
    // same words stand at the starts of their lines ("com.vn Dành cho các
    // tổ chức", "edu.vn Dành cho tổ chức").
    cands.retain(|h, occ| {
        if spun_shaped.contains(h)
            && ((places(doc, occ) as f32) < UNRELATED_PLACES * occ.len() as f32
                || (inside(doc, occ) < SPUN_INSIDE
                    && mostly_marked(doc, occ)
                    && !occ
                        .iter()
                        .any(|r| !disguised_in(disguised, r.clone()).is_empty())))
        {
            return false;
        }
        shaped.get(h).copied().flatten() != Some(true)
            || places(doc, occ) as f32 >= UNRELATED_PLACES * occ.len() as f32
            || amid_marks(doc, occ) >= 0.5
    });
    // Words with look-alike letters of another script, or bare words with
    // an invisible character inside, for a phrase pasted once in disguise
    // (below); whether each is of the second kind.
    let in_disguise: Vec<(usize, bool)> = disguised
        .iter()
        .filter_map(|&j| {
            if doc.is_hidden_inside(j) {
                Some((j, true))
            } else {
                doc.is_lookalike(j).then_some((j, false))
            }
        })
        .collect();
    let pasted_in_disguise =
        in_disguise.len() >= 2 || in_disguise.iter().any(|&(_, hidden)| hidden);
    if cands.is_empty()
        && !bare.iter().any(may_be)
        && !pasted_in_disguise
        && spliced_foreign.is_empty()
    {
        return Vec::new();
    }
    let mut cands: Vec<Vec<Range<usize>>> = cands.into_values().collect();
    cands.sort_by(|a, b| {
        let (la, lb) = (
            a.first().map_or(0, |r| r.len()),
            b.first().map_or(0, |r| r.len()),
        );
        lb.cmp(&la)
            .then(b.len().cmp(&a.len()))
            .then(a.first().map(|r| r.start).cmp(&b.first().map(|r| r.start)))
    });
    let mut taken = vec![false; doc.toks.len()];
    let mut units = Vec::new();
    for occ in cands {
        let Some(first) = occ.first().cloned() else {
            continue;
        };
        // An injected phrase is written one way throughout each occurrence:
        // with its marks, or stripped of them. Its core is the weightiest
        // stretch that is not both: a word with marks beside a phrase
        // written bare is the text's own, however often it repeats with it
        // (every "an" replaced by a brand, each one after "Công"), and so
        // is a stripped word beside a phrase written with marks. Words real
        // text writes bare ("xem", "link", brands) go either way.
        let offset = |j: usize| j - first.start;
        let marked_at = |k: usize| {
            occ.iter()
                .filter(|r| doc.toks.get(r.start + k).is_some_and(|t| t.marked))
                .count()
                * 2
                > occ.len()
        };
        #[derive(Clone, Copy, PartialEq)]
        enum Spelled {
            Marked,
            Stripped,
            Either,
        }
        // (A word written bare that makes one word, as written, with its
        // neighbour written with marks is spelled as that word is: "Uy" of
        // "Uy Tín" in a phrase pasted in capitals amid lower case, "ty" of
        // "công ty seo uy tín" in any case. Beside a lexicon phrase, only
        // in capitals: elsewhere the lexicon's words say where the phrase
        // ends, and the text's words that stood by a replaced word, "tâm
        // tình báo" after every "nhà cái uy tín" where "trung" stood, are
        // spelled as a phrase with marks is.)
        let capitalised = occ.iter().filter(|r| island(r)).count() * 2 > occ.len();
        let spelled_as_its_word = |j: usize| {
            (capitalised || !near_listed(first.clone()))
                && [j.checked_sub(1), Some(j + 1)]
                    .into_iter()
                    .flatten()
                    .filter(|o| first.contains(o))
                    .any(|o| {
                        marked_at(offset(o))
                            && super::context::attachment_as_written(doc, lm, j, o) >= ATTACHED
                    })
        };
        // (Settled once a word: the stretches below ask of each word more
        // than once, and the model is asked about some.)
        let spellings: Vec<Spelled> = first
            .clone()
            .map(|j| {
                if marked_at(offset(j)) {
                    Spelled::Marked
                } else if words(j).is_some_and(|w| {
                    // (A syllable that is spam's word, "seo", goes either
                    // way, as the words real text writes bare do.)
                    w.syllable && w.value >= STRIPPED && w.vocab < TOKEN_WEIGHT
                }) && !spelled_as_its_word(j)
                {
                    Spelled::Stripped
                } else {
                    Spelled::Either
                }
            })
            .collect();
        let spelled = |j: usize| spellings.get(offset(j)).copied().unwrap_or(Spelled::Either);
        let gate = |j: usize| words(j).map_or(0.0, |w| w.gate);
        let mut core = first.clone();
        let mut best = -1.0f32;
        // Each stretch: its words, its way, and how many of them are
        // spelled its way (not either).
        let mut stretches: Vec<(Range<usize>, Spelled, usize)> = Vec::new();
        let mut at = first.start;
        while at < first.end {
            // A stretch runs until a word spelled against its way.
            let mut way = Spelled::Either;
            let mut end = at;
            while end < first.end {
                match (way, spelled(end)) {
                    (_, Spelled::Either) => {}
                    (Spelled::Either, s) => way = s,
                    (w, s) if w == s => {}
                    _ => break,
                }
                end += 1;
            }
            let sum: f32 = (at..end).map(gate).sum();
            if sum > best {
                best = sum;
                core = at..end;
            }
            let own = (at..end).filter(|&j| spelled(j) != Spelled::Either).count();
            stretches.push((at..end, way, own));
            // The next stretch may take the words real text writes bare at
            // the end of this one.
            let mut next = end;
            while next > at + 1 && spelled(next - 1) == Spelled::Either {
                next -= 1;
            }
            at = if next > at { next } else { end };
            if end == first.end {
                break;
            }
        }
        // Words with marks weigh nothing by their spelling, so the stripped
        // stretch is the weightiest even where the phrase is the one
        // written with marks. But one word spelled against the rest at
        // the n-gram's edge is the text's beside [`SPELLED_AGAINST`] words
        // or more spelled the other way, as one word with marks beside a
        // phrase written bare is ("tập"): "thi" of every "thi đấu" before
        // "mod skin liên quân mùa mới".
        if let Some(&(_, way, 1)) = stretches.iter().find(|s| s.0 == core) {
            let lone_at_edge = core
                .clone()
                .filter(|&j| spelled(j) != Spelled::Either)
                .all(|j| {
                    // (Not one real text nearly always writes with marks:
                    // "hang" of "livestream show hang" is spam's own,
                    // whatever the text's words before it.)
                    (j == first.start || j + 1 == first.end)
                        && words(j).is_none_or(|w| w.value < HOT)
                });
            let other = stretches
                .iter()
                .filter(|s| s.1 != way && s.1 != Spelled::Either && s.2 >= SPELLED_AGAINST)
                .max_by_key(|s| s.2);
            if let (true, Some(o)) = (lone_at_edge, other) {
                core = o.0.clone();
            }
        }
        // A word written in disguise in some occurrence, beside a core
        // that is, is the phrase's, however it is spelled: the text's
        // words are not disguised (a converter's soft hyphens aside: the
        // word would also have to stand beside every occurrence), and a
        // phrase pasted with look-alike letters mixes words with marks and
        // English or brand words that read as stripped ("mаp" and "baп" of
        // "hack mаp liêп quâп không bị baп").
        if doc.hides {
            let disguised_at = |j: usize| occ.iter().any(|r| doc.is_disguised(r.start + offset(j)));
            if core.clone().any(disguised_at) {
                while core.start > first.start && disguised_at(core.start - 1) {
                    core.start -= 1;
                }
                while core.end < first.end && disguised_at(core.end) {
                    core.end += 1;
                }
            }
        }
        // Its edges: no numbers, no capitalised word beside a phrase in
        // lower case (a name next to it: "Keanu <phrase> Reeves"), and no
        // word that spam does not use unless real text writes it with
        // marks (a tail such as "hom nay", "uy tin", "lo" is spam
        // vocabulary or a bare word; "ta" of "chúng ta", every "chúng"
        // replaced, is neither).
        let capital_at = |k: usize| {
            occ.iter()
                .filter(|r| doc.is_capitalised(r.start + k))
                .count()
                * 2
                > occ.len()
        };
        let lower_core = core.clone().filter(|&j| capital_at(offset(j))).count() * 2 < core.len();
        // A number at an edge is the text's ("hôm 3-7" of a sentence said
        // twice) unless the occurrences stand in unrelated places, with
        // other words beyond them on that side: then it comes with the
        // phrase every time, as "7" of "xsmn thu 7" does.
        let beyond_differs = |side: &dyn Fn(&Range<usize>) -> Option<usize>| {
            let mut words = occ.iter().map(|r| {
                side(r)
                    .and_then(|j| doc.toks.get(j))
                    .map(|t| doc.folded_text(t))
            });
            let first = words.next().flatten();
            words.any(|w| w != first)
        };
        // (Each edge asks its own side: a phrase pasted in place of one
        // word stands after the same word every time, "chuyển" of every
        // "chuyển nhượng", while the words after it differ.)
        let unrelated_before =
            occ.len() >= 2 && beyond_differs(&|r: &Range<usize>| r.start.checked_sub(1));
        let unrelated_after = occ.len() >= 2 && beyond_differs(&|r: &Range<usize>| Some(r.end));
        // A word that makes one word with its neighbour inside the phrase
        // ("hôm" + "nay") belongs with it.
        // And a word that makes one word with the text's word beyond it
        // rather than with the phrase ("du" of "du lịch", after every
        // replaced word) is the text's.
        let edge = |j: usize, inner: usize, outer: Option<usize>| {
            let number = doc
                .toks
                .get(j)
                .is_some_and(|t| doc.folded_text(t).bytes().all(|b| b.is_ascii_digit()));
            // (Only a word every occurrence has beyond it: one occurrence's
            // neighbour says nothing.)
            let outside = outer
                .filter(|o| first.contains(o))
                .filter(|&o| doc.toks.get(o.max(j)).is_some_and(|t| t.gap == Gap::Space))
                .is_some_and(|o| {
                    let out = super::context::attachment(doc, lm, j, o);
                    out >= ATTACHED && out > super::context::attachment(doc, lm, j, inner)
                });
            let unrelated = if j < inner {
                unrelated_before
            } else {
                unrelated_after
            };
            (number && !unrelated) || (lower_core && capital_at(offset(j))) || outside
        };
        while core.len() > 1 && edge(core.start, core.start + 1, core.start.checked_sub(1)) {
            core.start += 1;
        }
        while core.len() > 1 && edge(core.end - 1, core.end - 2, Some(core.end)) {
            core.end -= 1;
        }
        if core.is_empty() {
            continue;
        }
        let lead = core.start - first.start;
        let trail = first.end - core.end;
        if lead + trail >= first.len() {
            continue;
        }
        let occ: Vec<Range<usize>> = occ
            .into_iter()
            .map(|r| r.start + lead..r.end - trail)
            .collect();
        let Some(first) = occ.first().cloned() else {
            continue;
        };
        let ws: Vec<&Word> = first.clone().filter_map(words).collect();
        let token = ws.first().is_some_and(|w| w.token);
        let sum = ws.iter().map(|w| w.value).sum::<f32>();
        let gate_sum = ws.iter().map(|w| w.gate).sum::<f32>();
        let mean = sum / ws.len().max(1) as f32;
        let topic = ws.iter().filter(|w| w.topic).count();
        let free: Vec<Range<usize>> = occ
            .into_iter()
            .filter(|r| !r.clone().any(|j| taken.get(j).copied().unwrap_or(true)))
            .collect();
        // Overlapping occurrences ("bong da bong da bong da") count once.
        let mut kept: Vec<Range<usize>> = Vec::new();
        for r in free {
            if kept.last().is_none_or(|k| k.end <= r.start) {
                kept.push(r);
            }
        }
        // An injected phrase is written one way wherever it is pasted: the
        // occurrences written the other way (the text's own "hôm nay" where
        // a keyword line says "hom nay") are not it.
        let with_marks =
            |r: &Range<usize>| r.clone().any(|j| doc.toks.get(j).is_some_and(|t| t.marked));
        let marked_occ = kept.iter().filter(|r| with_marks(r)).count();
        let majority_marked = marked_occ * 2 > kept.len();
        kept.retain(|r| with_marks(r) == majority_marked);
        // Lexicon words that are no syllables ("fb88", "online") count
        // as Vietnamese here.
        let syllables = ws.iter().filter(|w| w.syllable || w.topic).count();
        // Words of ASCII letters that are neither syllables nor the
        // lexicon's: English, mixed into the phrase or making it a
        // quotation. Then the common English words among its syllables
        // say nothing for Vietnamese, and the rest must make the case.
        let (mut foreign, mut vietnamese, mut vietnamese_sum) = (0, 0, 0.0f32);
        for j in first.clone() {
            let (Some(w), Some(t)) = (words(j), doc.toks.get(j)) else {
                continue;
            };
            let text = doc.folded_text(t);
            if w.topic || (w.syllable && !is_english(text)) {
                vietnamese += 1;
                vietnamese_sum += w.value;
            } else if !w.syllable && text.bytes().all(|b| b.is_ascii_lowercase()) {
                foreign += 1;
            }
        }
        let score = if foreign == 0 {
            unit_score(sum, first.len(), kept.len(), syllables)
        } else {
            let mixed = Mixed {
                len: first.len(),
                count: kept.len(),
                syllables,
                foreign,
                vietnamese,
                vietnamese_sum,
            };
            unit_score(vietnamese_sum, first.len(), kept.len(), vietnamese).max(mixed.score())
        };
        // Everything else is for the judge, which weighs more than the
        // spelling: here only phrases that repeat, and hold enough to
        // weigh, go on.
        if kept.len() < 2 || (score < 0.5 && gate_sum < MIN_GATE && !(first.len() == 1 && token)) {
            continue;
        }
        // And spun: the phrase pasted with a word said twice, two of its
        // words swapped or one inside it dropped stands elsewhere too, and
        // counts as it does (a third of the occurrences of a spun phrase
        // are so, and may leave two written alike). (Not beside a lexicon
        // phrase, which grows, and finds its siblings, by its own rules.)
        let mut spun = Vec::new();
        if first.len() >= SPUN_WORDS && !near_listed(first.clone()) {
            spun = spun_occurrences(doc, &first, &kept, &taken, majority_marked, false);
            if !spun.is_empty() {
                kept.extend(spun.iter().cloned());
                kept.sort_by_key(|r| r.start);
            }
        }
        let marked = kept
            .iter()
            .flat_map(|r| r.clone())
            .filter(|&j| doc.toks.get(j).is_some_and(|t| t.marked))
            .count() as f32
            / kept.iter().map(|r| r.len()).sum::<usize>().max(1) as f32;
        // (A spun occurrence is not taken: should the phrase be rejected,
        // its words are still another phrase's to hold, "family gia re" of
        // "youtube family gia re".)
        for r in kept.iter().filter(|r| !spun.contains(r)) {
            for j in r.clone() {
                if let Some(t) = taken.get_mut(j) {
                    *t = true;
                }
            }
        }
        let name = if is_name(doc, first.clone())
            && !shouted_among_others(doc, &kept)
            && !case_varies(doc, &kept)
        {
            name_likeness(doc, first.clone())
        } else {
            0.0
        };
        units.push(Unit {
            occurrences: kept,
            spun,
            suspicion: mean,
            sum,
            topic,
            name,
            // The spelling's verdict holds for phrases written wholly bare.
            score: if marked > 0.0 { 0.0 } else { score },
            vocab: ws.iter().map(|w| w.vocab.max(0.0)).sum(),
            vocab_max: ws.iter().map(|w| w.vocab).fold(0.0, f32::max),
            marked,
            // (Common English words that spell skeletons, "the", "in",
            // are no Vietnamese written bare.)
            hot: first
                .clone()
                .filter(|&j| {
                    words(j).is_some_and(|w| w.value >= HOT)
                        && doc
                            .toks
                            .get(j)
                            .is_some_and(|t| !is_english(doc.folded_text(t)))
                })
                .count(),
            foreign: ws.iter().filter(|w| w.foreign).count() as f32 / ws.len().max(1) as f32,
            english: ws.iter().filter(|w| w.english).count() as f32 / ws.len().max(1) as f32,
            brands: first
                .clone()
                .filter(|&j| {
                    doc.toks
                        .get(j)
                        // (Written with marks, a word is Vietnamese, "Đắk
                        // Lắk", whatever its letters fold to.)
                        .is_some_and(|t| !t.marked && vocab.is_brand_like(doc.folded_text(t)))
                })
                .count(),
        });
    }
    // A phrase pasted once: a run of bare words in accented text that real
    // text would write with marks ("kenh truc tiep bong da chat luong cao"
    // once in a news story), less the words at its ends that belong to the
    // text around it; the judge's model of phrases seen once weighs it.
    if doc.accented {
        for r in bare.iter().filter(|r| may_be(r)) {
            let (mut a, mut b) = (r.start, r.end);
            // An end word is the text's when it is capitalised beside words
            // in lower case ("Nam" of "Việt Nam"), or plain and making one
            // word with the text beside it, or beyond the run's other end
            // (the phrase went in between: "điều … tra").
            let lower = (r.start..r.end).filter(|&j| !doc.is_capitalised(j)).count() * 2 > r.len();
            let plain = |j: usize| {
                words(j).is_none_or(|w| w.value < STRIPPED && w.vocab < SINGLE_EDGE && !w.token)
            };
            let before = r.start.checked_sub(1);
            let after = Some(r.end).filter(|&e| e < doc.toks.len());
            let joins = |j: usize, o: Option<usize>| {
                o.is_some_and(|o| super::context::attachment(doc, lm, j, o) >= ATTACHED)
            };
            // (Beside it, only a plain word; across, any: "tra", which
            // real text writes with marks, is "điều tra"'s all the same.
            // With no word written bare that real text writes with marks,
            // a brand and spam's strong words make the phrase, and a word
            // at its ends that is neither, nor one real text writes with
            // marks ("du phong" of "... link du phong"), is the text's:
            // "tham quan" before "kqxs online", "xem" of "có thể xem"
            // before "zizabet".)
            let no_hot = !r.clone().any(&hot_at);
            let weak = |j: usize| {
                words(j).is_none_or(|w| !w.token && w.vocab < SINGLE_VOCAB && w.value < STRIPPED)
            };
            let outside = |j: usize| {
                let (beside, across) = if j + 1 == r.end {
                    (after, before)
                } else {
                    (before, after)
                };
                (lower && doc.is_capitalised(j))
                    || (plain(j) && joins(j, beside))
                    || (no_hot && weak(j))
                    || joins(j, across)
            };
            while a < b && outside(a) {
                a += 1;
            }
            while b > a && outside(b - 1) {
                b -= 1;
            }
            // A name or an abbreviation inside a run in lower case, with
            // only plain words of the text beyond it, ends the text's part:
            // "giao UBND TP" before "kenh the thao truc tiep".
            if lower {
                let text_word = |j: usize| {
                    !hot_at(j) && words(j).is_none_or(|w| !w.token && w.vocab < SINGLE_VOCAB)
                };
                let capital = (a..b).find(|&j| doc.is_capitalised(j));
                if let Some(c) = capital.filter(|&c| (a..c).all(text_word)) {
                    a = c + 1;
                    while a < b && outside(a) {
                        a += 1;
                    }
                }
                let capital = (a..b).rev().find(|&j| doc.is_capitalised(j));
                if let Some(c) = capital.filter(|&c| (c + 1..b).all(text_word)) {
                    b = c;
                    while b > a && outside(b - 1) {
                        b -= 1;
                    }
                }
            }
            if b - a < 2 || b - a > MAX_N || (a..b).any(|j| taken.get(j).copied().unwrap_or(true)) {
                continue;
            }
            let ws: Vec<&Word> = (a..b).filter_map(words).collect();
            let hot = (a..b).filter(|&j| hot_at(j)).count();
            let vocab_max = ws.iter().map(|w| w.vocab).fold(0.0, f32::max);
            // (A common English word that is also a syllable, "an", "so",
            // is English only beside another foreign word: among words
            // stripped of their marks, "lo xien 2 an bao nhieu", it is
            // Vietnamese too. Not beside a lexicon phrase, which grows by
            // its own rules: "than" of "con mua thuoc bo than", whose "con
            // mua" is the text's "Bà con mua".)
            let near_listed = near_listed(a..b);
            let english_beside = |j: usize| {
                near_listed
                    || [j.checked_sub(1), Some(j + 1)]
                        .into_iter()
                        .flatten()
                        .filter(|o| (a..b).contains(o))
                        .any(|o| words(o).is_some_and(|w| w.foreign))
            };
            let foreign = (a..b)
                .filter(|&j| {
                    words(j).is_some_and(|w| w.foreign && (!w.syllable || english_beside(j)))
                })
                .count();
            // (Once is little evidence: no name, and not mostly words of
            // another language, whose skeletons look stripped: "que de me
            // ...". With such words in it, the phrase is spam's only when
            // one of them is spam's own word, "online", "sex", "apk", not
            // when a syllable of it spells one: pinyin "xuan"; or when it is
            // one foreign word among words stripped of their marks
            // ([`stripped_with_foreign`]), or one among two such words,
            // which the judge weighs only if the model reads it far better
            // with marks and it breaks its sentence (not beside a lexicon
            // phrase, which grows by its own rules); or when it mixes the
            // two as Vietnamese spam does ([`stripped_mixed`]). The judge's
            // own model for phrases seen once weighs the rest.)
            let spam_token = ws.iter().any(|w| !w.syllable && w.vocab >= SINGLE_VOCAB);
            // And a phrase that is its whole clause breaks no sentence that
            // can be seen: a list, a caption, a line of another language.
            let space = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
            // (Its clause starts where the run does when only the sentence's
            // first words were trimmed, "Cam on" of "Cam on ban da theo doi
            // trang facebook cua chung toi.", a line an editor stripped of
            // its marks; and ends where the run does when only words in
            // lower case were, not a name.)
            let sentence_start = {
                let gap = doc.gap_text(r.start).trim_end_matches([' ', '\u{a0}']);
                r.start == 0 || gap.contains('\n') || gap.ends_with(['.', '!', '?', ':'])
            };
            let starts = !space(a) || (!space(r.start) && sentence_start);
            let ends = !space(b) || (!space(r.end) && !(b..r.end).any(|j| doc.is_capitalised(j)));
            let whole_clause = starts && ends;
            let mixed = stripped_mixed(hot, foreign) && !near_listed;
            let foreign_allowed = foreign == 0
                || spam_token
                || mixed
                || stripped_with_foreign(hot, foreign)
                || (foreign == 1 && hot + 1 >= SINGLE_FOREIGN_HOT && !near_listed);
            // (A long run with a foreign word in it as well: "guest post
            // bao chi". Not beside a lexicon phrase, which grows by its own
            // rules: "con mua" of "Bà con mua thuoc bo than".)
            let long = long(&(a..b)) && foreign <= 1 && !near_listed;
            if !(single_worth(warm(a..b), vocab_max, brand_run(&(a..b))) || long)
                || whole_clause
                || (foreign * 2 >= ws.len() && !mixed)
                || (!foreign_allowed && !long)
            {
                continue;
            }
            let sum = ws.iter().map(|w| w.value).sum::<f32>();
            units.push(Unit {
                occurrences: std::iter::once(a..b).collect(),
                spun: Vec::new(),
                suspicion: sum / ws.len().max(1) as f32,
                sum,
                topic: ws.iter().filter(|w| w.topic).count(),
                // (Capitalised, a phrase seen once is a name's as far as
                // its words can tell: the judge wants the model's word
                // that it breaks its sentence.)
                name: if is_name(doc, a..b) { 1.0 } else { 0.0 },
                score: unit_score(
                    sum,
                    b - a,
                    1,
                    ws.iter().filter(|w| w.syllable || w.topic).count(),
                ),
                vocab: ws.iter().map(|w| w.vocab.max(0.0)).sum(),
                vocab_max,
                marked: 0.0,
                hot,
                foreign: foreign as f32 / ws.len().max(1) as f32,
                english: foreign as f32 / ws.len().max(1) as f32,
                brands: brands_in(a..b),
            });
        }
    }
    // The same keyword string spliced at several places is one phrase,
    // wherever it stands among bare words, with its spun forms: judged one
    // paste at a time, each paste's words would be the page's own words at
    // the others ("premium account free download" eight times in one
    // story, twice spun, once with a number after it).
    let pastes_of = |r: &Range<usize>| {
        let hashes: Vec<u64> = r.clone().filter_map(words).map(|w| w.hash).collect();
        let mut occ: Vec<Range<usize>> = Vec::new();
        for run in &doc.runs {
            let mut at = run.start;
            while at + hashes.len() <= run.end {
                let o = at..at + hashes.len();
                if o.clone()
                    .zip(&hashes)
                    .all(|(j, &h)| words(j).is_some_and(|w| w.hash == h))
                {
                    occ.push(o);
                    at += hashes.len();
                } else {
                    at += 1;
                }
            }
        }
        occ
    };
    // (The string pasted most often first: a spun paste is its, not a
    // phrase of its own.)
    let mut pastes: Vec<(Range<usize>, Vec<Range<usize>>)> = spliced_foreign
        .into_iter()
        .map(|r| {
            let occ = pastes_of(&r);
            (r, occ)
        })
        .collect();
    pastes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.start.cmp(&b.0.start)));
    for (r, mut occ) in pastes {
        // (A piece of the string that the search for phrases pasted once
        // took alone, its words at the ends trimmed as the text's, is the
        // string's: "betting tips" of "best betting tips today".)
        units.retain(|u| {
            !(u.spun.is_empty()
                && matches!(u.occurrences.as_slice(), [o] if r.start <= o.start && o.end <= r.end))
        });
        let free = |o: &Range<usize>, units: &[Unit]| {
            !o.clone().any(|j| taken.get(j).copied().unwrap_or(true))
                && !units.iter().any(|u| {
                    u.occurrences
                        .iter()
                        .any(|x| x.start < o.end && o.start < x.end)
                })
        };
        if !free(&r, &units) {
            continue;
        }
        occ.retain(|o| free(o, &units));
        if occ.is_empty() {
            occ.push(r.clone());
        }
        let spun: Vec<Range<usize>> = if occ.len() >= 2 {
            spun_occurrences(doc, &r, &occ, &taken, false, true)
                .into_iter()
                .filter(|s| free(s, &units))
                .collect()
        } else {
            Vec::new()
        };
        let mut all: Vec<Range<usize>> = occ.iter().chain(&spun).cloned().collect();
        all.sort_by_key(|o| o.start);
        let ws: Vec<&Word> = r.clone().filter_map(words).collect();
        units.push(Unit {
            occurrences: all,
            spun,
            suspicion: 0.0,
            sum: 0.0,
            topic: ws.iter().filter(|w| w.topic).count(),
            name: 0.0,
            score: 0.0,
            vocab: ws.iter().map(|w| w.vocab.max(0.0)).sum(),
            vocab_max: ws.iter().map(|w| w.vocab).fold(0.0, f32::max),
            marked: 0.0,
            hot: 0,
            foreign: ws.iter().filter(|w| w.foreign).count() as f32 / ws.len().max(1) as f32,
            english: ws.iter().filter(|w| w.english).count() as f32 / ws.len().max(1) as f32,
            brands: brands_in(r.clone()),
        });
    }
    // A phrase pasted once in disguise: two words or more close together
    // with look-alike letters of another script ("vаy tiеn bаng cmnd"), or
    // a bare word with an invisible character inside ("hac\u{200b}k",
    // [`Doc::is_hidden_inside`]). It needs no word real text writes with
    // marks, nor spam vocabulary: the disguise is the evidence, and the
    // judge weighs it as such. Its extent: from the first such word to the
    // last, and the words written bare around them in the same run of bare
    // words (a phrase written bare, disguised in some of its words).
    if pasted_in_disguise {
        let spaced = |a: usize, b: usize| {
            (a + 1..=b).all(|j| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space))
        };
        let mut k = 0;
        while k < in_disguise.len() {
            let (first, mut hidden) = in_disguise.get(k).copied().unwrap_or((0, false));
            let mut last = first;
            let mut n = 1;
            while let Some(&(next, h)) = in_disguise.get(k + n) {
                if next - last > DISGUISE_GAP || !spaced(last, next) {
                    break;
                }
                last = next;
                hidden |= h;
                n += 1;
            }
            k += n;
            if n < 2 && !hidden {
                continue;
            }
            let (mut a, mut b) = (first, last + 1);
            // A phrase pasted once found already, in part, by its bare
            // words: the disguise shows how far it runs.
            let overlaps = |r: &Range<usize>| r.start < b && a < r.end;
            if let Some(u) = units
                .iter_mut()
                .find(|u| u.occurrences.len() == 1 && u.occurrences.iter().any(overlaps))
            {
                if let Some(r) = u.occurrences.first_mut() {
                    let (a, b) = (a.min(r.start), b.max(r.end));
                    if b - a <= MAX_N && !(a..b).any(|j| taken.get(j).copied().unwrap_or(true)) {
                        *r = a..b;
                    }
                }
                continue;
            }
            // (Not over a capitalised word beside words in lower case: a
            // name of the text, "Anh" before "vaу tin dung".)
            if let Some(run) = bare.iter().find(|r| r.start <= a && b <= r.end) {
                let lower = !doc.is_capitalised(first);
                let text_word = |j: usize| lower && doc.is_capitalised(j);
                a = (run.start..a)
                    .rev()
                    .take_while(|&j| !text_word(j))
                    .last()
                    .unwrap_or(a);
                b = (b..run.end)
                    .take_while(|&j| !text_word(j))
                    .last()
                    .map_or(b, |j| j + 1);
            }
            let overlaps = |r: &Range<usize>| r.start < b && a < r.end;
            if b - a > MAX_N
                || (a..b).any(|j| taken.get(j).copied().unwrap_or(true))
                || units.iter().any(|u| u.alike().iter().any(overlaps))
            {
                continue;
            }
            let ws: Vec<&Word> = (a..b).filter_map(words).collect();
            let sum = ws.iter().map(|w| w.value).sum::<f32>();
            let count = b - a;
            units.push(Unit {
                occurrences: std::iter::once(a..b).collect(),
                spun: Vec::new(),
                suspicion: sum / count as f32,
                sum,
                topic: ws.iter().filter(|w| w.topic).count(),
                name: if is_name(doc, a..b) { 1.0 } else { 0.0 },
                score: 0.0,
                vocab: ws.iter().map(|w| w.vocab.max(0.0)).sum(),
                vocab_max: ws.iter().map(|w| w.vocab).fold(0.0, f32::max),
                marked: (a..b)
                    .filter(|&j| doc.toks.get(j).is_some_and(|t| t.marked))
                    .count() as f32
                    / count as f32,
                hot: (a..b).filter(|&j| hot_at(j)).count(),
                foreign: ws.iter().filter(|w| w.foreign && !w.syllable).count() as f32
                    / count as f32,
                english: ws.iter().filter(|w| w.foreign && !w.syllable).count() as f32
                    / count as f32,
                brands: brands_in(a..b),
            });
        }
    }
    units.sort_by(|a, b| b.score.total_cmp(&a.score));
    units
}

/// Words a keyword string of another language spliced once into a
/// sentence needs to be weighed (see [`repeated_units`]): three are a
/// term as often ("fashion week show").
pub(crate) const SPLICED_FOREIGN_WORDS: usize = 4;
/// English function words such a string may hold, inside it: a keyword
/// string has one at most ("free spin no deposit", "fast loan no credit
/// check"), a quoted line several.
pub(crate) const SPLICED_FUNCTION_WORDS: usize = 1;
/// Words a page needs for such a string to be weighed.
const SPLICED_FOREIGN_PAGE: usize = 100;

/// Words a phrase needs for its spun occurrences to count
/// ([`spun_occurrences`]); and a spun form, for a word inside it dropped:
/// two words are a piece of text as often as a phrase's.
const SPUN_WORDS: usize = 3;
/// The most words a keyword string has: past them, a stretch written with
/// marks is a sentence's (as the judge's `MARKED_SENTENCE_WORDS` says).
const KEYWORD_STRING_WORDS: usize = 8;
/// The share of its occurrences inside sentences ([`inside`]) a phrase
/// written with marks, taken whole by its spun pastes, needs.
const SPUN_INSIDE: f64 = 0.5;

/// Whether most occurrences `occ` are mostly written with marks.
fn mostly_marked(doc: &Doc, occ: &[Range<usize>]) -> bool {
    let marked = |r: &Range<usize>| {
        (r.start..r.end)
            .filter(|&j| doc.toks.get(j).is_some_and(|t| t.marked))
            .count()
            * 2
            > r.len()
    };
    occ.iter().filter(|r| marked(r)).count() * 2 > occ.len()
}

/// The tokens of `disguised` (the page's words written in disguise,
/// sorted: [`Doc::disguised`]) that stand in tokens `r`.
pub(crate) fn disguised_in(disguised: &[usize], r: Range<usize>) -> &[usize] {
    let from = disguised.partition_point(|&j| j < r.start);
    let to = disguised.partition_point(|&j| j < r.end);
    disguised.get(from..to.max(from)).unwrap_or_default()
}

/// Where phrase `first` (a range of tokens) stands spun, outside `kept`
/// (its occurrences written alike) and `taken`: with a word said twice,
/// two neighbouring words swapped, or a word inside it dropped (not one at
/// its ends: the rest is a piece of it that real text uses on its own,
/// "Hội đồng nhân dân" of "Hội đồng nhân dân tỉnh"), with only spaces
/// between its words, and written with marks as its occurrences are
/// (`marked`). With `ends`, a word at its ends may be dropped too: a
/// keyword string of another language is no piece of the page's own
/// sentences, whatever part of it stands.
fn spun_occurrences(
    doc: &Doc,
    first: &Range<usize>,
    kept: &[Range<usize>],
    taken: &[bool],
    marked: bool,
    ends: bool,
) -> Vec<Range<usize>> {
    let word = |j: usize| doc.toks.get(j).map_or("", |t| doc.folded_text(t));
    let hash = |j: usize| hash_word(word(j).as_bytes());
    let words: Vec<u64> = first.clone().map(hash).collect();
    let n = words.len();
    let mut forms: Vec<Vec<u64>> = Vec::with_capacity(3 * n);
    for (i, &w) in words.iter().enumerate() {
        let mut twice = words.clone();
        twice.insert(i, w);
        forms.push(twice);
        if i + 1 < n {
            let mut swapped = words.clone();
            swapped.swap(i, i + 1);
            forms.push(swapped);
        }
        if ((i > 0 && i + 1 < n) || ends) && n > SPUN_WORDS {
            let mut dropped = words.clone();
            dropped.remove(i);
            forms.push(dropped);
        }
    }
    forms.retain(|f| *f != words);
    forms.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    forms.dedup();
    let busy =
        |j: usize| taken.get(j).copied().unwrap_or(true) || kept.iter().any(|r| r.contains(&j));
    let fits = |at: usize, form: &[u64]| {
        let r = at..at + form.len();
        r.end <= doc.toks.len()
            && r.clone().zip(form).all(|(j, &h)| hash(j) == h)
            && !r.clone().any(busy)
            && (at + 1..r.end).all(|j| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space))
            && r.clone().any(|j| doc.toks.get(j).is_some_and(|t| t.marked)) == marked
    };
    // (A form starts with one of the phrase's first two words: the other
    // words of the page are passed over by their text, unhashed. A phrase
    // written bare in accented text is looked for only in the runs of
    // bare words, where any bare form of it stands.)
    let starts: Vec<&str> = first.clone().take(2).map(word).collect();
    let whole = 0..doc.toks.len();
    let scope: &[Range<usize>] = if doc.accented && !marked {
        &doc.runs
    } else {
        std::slice::from_ref(&whole)
    };
    let mut out = Vec::new();
    for r in scope {
        let mut at = r.start;
        while at < r.end {
            let found = starts
                .contains(&word(at))
                .then(|| forms.iter().find(|f| fits(at, f)))
                .flatten();
            match found {
                Some(f) => {
                    out.push(at..at + f.len());
                    at += f.len();
                }
                None => at += 1,
            }
        }
    }
    out
}

/// Words apart, at most, that two disguised words of one phrase pasted
/// once stand.
const DISGUISE_GAP: usize = 3;

/// What a phrase pasted once needs to be weighed: words real text writes
/// with marks, written bare, or one such word and a word of spam
/// vocabulary. A word at its ends weighing less than [`SINGLE_EDGE`] (and
/// not stripped of marks) may be the text's.
const SINGLE_HOT: usize = 2;
const SINGLE_VOCAB: f32 = 2.0;
const SINGLE_EDGE: f32 = 1.0;
/// A run of bare words in lower case this long, one of them a word real
/// text writes with marks more often than not, is weighed as a phrase
/// pasted once whatever its other words (the judge's
/// `Features::stripped_pasted_once` asks as many).
const SINGLE_LONG: usize = 4;
/// Words stripped of their marks that make a phrase seen once Vietnamese
/// with one foreign word in it ("xem bong da tren dien thoai khong lag"):
/// a line of another language whose skeletons look stripped (Swedish "den
/// som inom …", Hawaiian "mau ke ea o ka aina …") has more foreign words.
const SINGLE_FOREIGN_HOT: usize = 3;

/// Whether a phrase seen once with `hot` words stripped of their marks and
/// `foreign` foreign words is stripped Vietnamese with a foreign word in
/// it, whatever that word is.
pub(crate) fn stripped_with_foreign(hot: usize, foreign: usize) -> bool {
    hot >= SINGLE_FOREIGN_HOT && foreign <= 1
}

/// Words stripped of their marks a phrase seen once needs to mix in words
/// of another language (see [`stripped_mixed`]).
const MIXED_HOT: usize = 2;

/// Whether a phrase seen once with `hot` words stripped of their marks and
/// `foreign` foreign words mixes the two as Vietnamese spam does, "dich vu
/// review google maps": two stripped words or more, and no more foreign
/// ones than those and one. (Weighed only spliced into a sentence and
/// reading far better with marks, [`super::Features`]' rule for that:
/// pinyin and Latin names read no better so.)
pub(crate) fn stripped_mixed(hot: usize, foreign: usize) -> bool {
    hot >= MIXED_HOT && foreign <= hot + 1
}

/// Whether a run of bare words with `hot` words real text writes with
/// marks (those it nearly always does count one, those it does more often
/// than not, half), and spam vocabulary weighing `vocab` at most, may be a
/// phrase pasted once. With no such word, a brand (`brand`: a brand-like token
/// of spam's parts, among two words or more, none capitalised, as names
/// are: "qq288 link", "cliphot69 xem online") stands for one.
fn single_worth(hot: usize, vocab: f32, brand: bool) -> bool {
    hot >= SINGLE_HOT || ((hot >= 1 || brand) && vocab >= SINGLE_VOCAB)
}

/// The union of two sorted lists of disjoint token ranges: overlapping
/// ranges joined, and ranges that touch where only spaces lie between
/// them (a run of bare words ends at a word with marks, where a stretch
/// of repeated pairs may go on).
fn union(doc: &Doc, a: &[Range<usize>], b: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut all: Vec<Range<usize>> = a.iter().chain(b).cloned().collect();
    all.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(all.len());
    for r in all {
        match out.last_mut() {
            Some(last)
                if r.start < last.end
                    || (r.start == last.end
                        && doc.toks.get(r.start).is_some_and(|t| t.gap == Gap::Space)) =>
            {
                last.end = last.end.max(r.end)
            }
            _ => out.push(r),
        }
    }
    out
}

/// Where to look for repeated phrases beyond runs of bare words: around
/// the words that repeat and are spam's. `anchors` are tokens of strong
/// spam vocabulary (found by the lexicon's matcher in its one pass) and the
/// first tokens of lexicon entries that count (a brand: "fi88"), sorted. A
/// word of them that occurs twice or more opens a window of [`WINDOW`]
/// words either side of each occurrence, within its clause; overlapping
/// windows join. A page without them costs nothing here.
///
/// Words written in disguise (`disguised`, sorted) open windows too, each
/// of them when there are two or more: a tool that hides a phrase in each
/// paste disguises different words of it each time.
pub(crate) fn repeated_regions(
    doc: &Doc,
    anchors: &[usize],
    disguised: &[usize],
) -> Vec<Range<usize>> {
    let mut by_word: KeyMap<Vec<usize>> = KeyMap::default();
    for &j in anchors {
        if let Some(t) = doc.toks.get(j) {
            by_word
                .entry(hash_word(doc.folded_text(t).as_bytes()))
                .or_default()
                .push(j);
        }
    }
    let joined = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    let mut windows: Vec<Range<usize>> = Vec::new();
    let hidden = (disguised.len() >= 2).then_some(disguised);
    for occ in by_word
        .values()
        .filter(|o| o.len() >= 2)
        .map(Vec::as_slice)
        .chain(hidden)
    {
        for &j in occ {
            let mut a = j;
            while a > 0 && j - a < WINDOW && joined(a) {
                a -= 1;
            }
            let mut b = j + 1;
            while b < doc.toks.len() && b - j <= WINDOW && joined(b) {
                b += 1;
            }
            windows.push(a..b);
        }
    }
    windows.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for r in windows {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Words of another language in lower case ([`unlike_a_syllable`]) that a
/// page repeats [`FOREIGN_REPEATS`] times or more with the same word beside
/// them every time (on one side), and the stretch around each that every
/// occurrence shares: the stable part of a phrase pasted with its marks,
/// "facebook" of every "hack tài khoản facebook người khác". Real text
/// uses such a word in sentences of its own each time ("trên facebook",
/// "trang facebook của", "Facebook cho biết"), or in the same sentence
/// frame, which the words beyond the stretch tell ([`FOREIGN_PLACES`]).
/// A word no language writes ([`lone_unknown`]) with other words beside it
/// at nearly every place is the phrase itself: a brand pasted bare. Words
/// are counted in whatever case a tool pastes them ([`count_in_any_case`]).
fn foreign_repeats(doc: &Doc, vocab: &Vocabulary) -> (Vec<usize>, Vec<Range<usize>>) {
    // Such words, with their hash and whether capitalised, in one pass (a
    // page has few).
    let mut found = scratch::lend(&FOUND);
    for (j, t) in doc.toks.iter().enumerate() {
        if t.marked {
            continue;
        }
        let w = doc.folded_text(t);
        if w.len() < 3 {
            continue;
        }
        let h = hash_word(w.as_bytes());
        // (No syllable's skeleton: the detector's own table, one lookup.)
        if vocab.syllable(h).is_none() && (unlike_a_syllable(w) || lone_unknown(doc, j)) {
            let capitalised = doc.is_capitalised(j);
            // (Capitalised, only mid-sentence: a sentence's first word is
            // capitalised whatever it is.)
            if !capitalised || (j > 0 && t.gap == Gap::Space) {
                found.push((j, h, capitalised));
            }
        }
    }
    // (A capitalised word counts only beside the same word in lower case
    // or in capitals: without either, nothing repeats.)
    if found.len() < FOREIGN_REPEATS
        || found
            .iter()
            .all(|&(j, _, capitalised)| capitalised && !second_capital(doc, j))
    {
        return Default::default();
    }
    // (Counted in a buffer kept from page to page.)
    let mut counts = scratch::lend(&COUNTS);
    count_in_any_case(doc, &found, &mut counts);
    let repeated = |h: &u64| {
        counts
            .get(h)
            .is_some_and(|&c| c as usize >= FOREIGN_REPEATS)
    };
    let mut by_word: KeyMap<Vec<usize>> = KeyMap::default();
    for &(j, h, _) in found.iter() {
        if repeated(&h) {
            by_word.entry(h).or_default().push(j);
        }
    }
    drop(counts);
    let joined = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    // Token `o`, when only spaces stand between it and token `j`.
    let reach = |j: usize, o: usize| {
        (o.min(j) + 1..=o.max(j))
            .all(joined)
            .then_some(o)
            .filter(|&o| o < doc.toks.len())
    };
    let (mut at, mut windows) = (Vec::new(), Vec::new());
    for occ in by_word.values() {
        let same = |beside: &dyn Fn(usize) -> Option<usize>| {
            let mut forms = occ.iter().map(|&j| {
                beside(j)
                    .and_then(|o| reach(j, o))
                    .map(|o| doc.written(o).to_lowercase())
            });
            let first = forms.next().flatten();
            first.is_some() && forms.all(|f| f == first)
        };
        if !same(&|j: usize| j.checked_sub(1)) && !same(&|j: usize| Some(j + 1)) {
            // A word no language writes, alone between words with marks at
            // unrelated places each time: a brand pasted bare ("moneycat",
            // "vnloto"), the phrase itself.
            // (Most of its occurrences: one beside a number or a comma is
            // as pasted.)
            let lone = occ.iter().filter(|&&j| lone_unknown(doc, j)).count();
            let lone = lone >= FOREIGN_REPEATS && lone as f32 >= FOREIGN_PLACES * occ.len() as f32;
            // (And no word beside it the same at most places, in any
            // spelling: then it is a word of a longer phrase, which the
            // n-grams read whole.)
            let word =
                |o: Option<usize>| o.and_then(|o| doc.toks.get(o)).map(|t| doc.folded_text(t));
            let distinct = |side: &dyn Fn(usize) -> Option<usize>| {
                let mut words: Vec<Option<&str>> = occ.iter().map(|&j| word(side(j))).collect();
                words.sort_unstable();
                words.dedup();
                words.len() as f32 >= FOREIGN_PLACES * occ.len() as f32
            };
            let apart = distinct(&|j: usize| j.checked_sub(1)) && distinct(&|j: usize| Some(j + 1));
            if lone && apart {
                for &j in occ {
                    windows.push(j..j + 1);
                    at.push(j);
                }
            }
            continue;
        }
        // And the phrase around it stands in unrelated places: the words
        // beyond the stretch that every occurrence shares differ (a term in
        // the same sentence frame each time is the text's).
        let (mut before, mut after) = (0, 0);
        while before + after < MAX_N && same(&|j: usize| j.checked_sub(before + 1)) {
            before += 1;
        }
        while before + after < MAX_N && same(&|j: usize| Some(j + after + 1)) {
            after += 1;
        }
        let mut places: Vec<(Option<&str>, Option<&str>)> = occ
            .iter()
            .map(|&j| {
                // (Beyond punctuation, nothing: a clause of its own.)
                let word = |o: Option<usize>| {
                    o.and_then(|o| reach(j, o))
                        .and_then(|o| doc.toks.get(o))
                        .map(|t| doc.folded_text(t))
                };
                (word(j.checked_sub(before + 1)), word(Some(j + after + 1)))
            })
            .collect();
        places.sort_unstable();
        places.dedup();
        if (places.len() as f32) < FOREIGN_PLACES * occ.len() as f32 {
            continue;
        }
        // (The window is the shared stretch itself: the phrase, as far as
        // every occurrence has it; wider windows cost clean pages more.)
        for &j in occ {
            windows.push(j - before..j + after + 1);
            at.push(j);
        }
    }
    windows.sort_by_key(|r| r.start);
    at.sort_unstable();
    (at, windows)
}

/// Counts the words of `found` ([`foreign_repeats`]: position, hash,
/// whether capitalised) into `counts`: each in lower case, and capitalised
/// mid-sentence too when the page also writes the word in lower case amid
/// other words (not only inside an address: "phenikaa-uni.edu.vn" licenses
/// no "Phenikaa"), or writes it both in title case and in capitals amid
/// lower case. A tool varies the case of what it pastes ("jackpot",
/// "Jackpot", "JACKPOT"); a name keeps its case wherever it stands.
fn count_in_any_case(doc: &Doc, found: &[(usize, u64, bool)], counts: &mut Counts) {
    let joined = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    // The words whose capitalised occurrences count: those written in
    // lower case amid other words, then those shouted beside title case.
    let mut licensed = scratch::lend(&HASHES);
    for &(j, h, capitalised) in found {
        if !capitalised {
            *counts.entry(h).or_insert(0) += 1;
            if j > 0 && joined(j) && joined(j + 1) {
                licensed.push(h);
            }
        }
    }
    licensed.sort_unstable();
    licensed.dedup();
    let has_lower = |j: usize| doc.written(j).chars().any(char::is_lowercase);
    let on_line = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap != Gap::Line);
    // (Words in capitals amid lower case first: few pages have any, and
    // only theirs are read for their title case.)
    let mut shouted: Vec<u64> = found
        .iter()
        .filter(|&&(j, h, capitalised)| {
            capitalised
                && second_capital(doc, j)
                && licensed.binary_search(&h).is_err()
                && !has_lower(j)
                && ((j > 0 && on_line(j) && has_lower(j - 1))
                    || (on_line(j + 1) && has_lower(j + 1)))
        })
        .map(|&(_, h, _)| h)
        .collect();
    shouted.sort_unstable();
    shouted.dedup();
    if !shouted.is_empty() {
        for &(j, h, capitalised) in found {
            if capitalised && has_lower(j) && shouted.binary_search(&h).is_ok() {
                licensed.push(h);
            }
        }
        licensed.sort_unstable();
        licensed.dedup();
    }
    for &(_, h, capitalised) in found {
        if capitalised && licensed.binary_search(&h).is_ok() {
            *counts.entry(h).or_insert(0) += 1;
        }
    }
}

/// Whether token `j`'s second letter is a capital, as in a word in capitals:
/// asked before reading the word whole, since most capitalised words are
/// names in title case.
fn second_capital(doc: &Doc, j: usize) -> bool {
    doc.written(j)
        .as_bytes()
        .get(1)
        .is_some_and(u8::is_ascii_uppercase)
}

/// Whether token `j` is a word of letters only that is no syllable and that
/// Wikipedia has hardly used ([`super::vocab::is_unknown`]), right beside
/// a word with marks (only spaces between): set into Vietnamese, not into
/// a passage of another language.
fn lone_unknown(doc: &Doc, j: usize) -> bool {
    let marked_beside = |o: Option<usize>, gap_at: usize| {
        o.and_then(|o| doc.toks.get(o)).is_some_and(|t| t.marked)
            && doc.toks.get(gap_at).is_some_and(|t| t.gap == Gap::Space)
    };
    let Some(t) = doc.toks.get(j) else {
        return false;
    };
    let w = doc.folded_text(t);
    // (Letters only: a token with digits is a time, a unit or a model as
    // often, "19h".)
    !t.marked
        && w.len() >= 3
        && (marked_beside(j.checked_sub(1), j) || marked_beside(Some(j + 1), j + 1))
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && super::vocab::is_unknown(w)
}

/// The distinct places of occurrences `occ`: pairs of the word before and
/// the word after ("" at the text's edges).
pub(crate) fn places(doc: &Doc, occ: &[Range<usize>]) -> usize {
    let word = |j: usize| doc.toks.get(j).map_or("", |t| doc.folded_text(t));
    let mut places: Vec<(&str, &str)> = occ
        .iter()
        .map(|r| (r.start.checked_sub(1).map_or("", word), word(r.end)))
        .collect();
    places.sort_unstable();
    places.dedup();
    places.len()
}

/// The share of the words beside occurrences `occ` (the word before and
/// the word after each, across punctuation; none at the text's edges)
/// written with marks ([`super::Features::amid_marks`]). Numbers are of
/// no language and do not count: a phrase put in place of "năm" stands
/// before a year at every place.
pub(crate) fn amid_marks(doc: &Doc, occ: &[Range<usize>]) -> f64 {
    share_beside(doc, occ, |t, _, _| t.marked)
}

/// The share of the words beside occurrences `occ`, as [`amid_marks`]
/// counts them, for which `counts(token, its index, whether it stands
/// before the occurrence)` holds.
fn share_beside(
    doc: &Doc,
    occ: &[Range<usize>],
    counts: impl Fn(&Tok, usize, bool) -> bool,
) -> f64 {
    let (mut beside, mut counted) = (0usize, 0usize);
    for r in occ {
        let before = r.start.checked_sub(1).map(|j| (j, true));
        let after = Some((r.end, false));
        for (j, left) in before.into_iter().chain(after) {
            let Some(t) = doc.toks.get(j) else { continue };
            if doc.folded_text(t).bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            beside += 1;
            counted += usize::from(counts(t, j, left));
        }
    }
    counted as f64 / beside.max(1) as f64
}

/// [`amid_marks`], counting as Vietnamese also a bare word beside an
/// occurrence that is a syllable and no English word, with a word written
/// with marks beyond it past [`AMID_BARE`] such words at most, only spaces
/// between: "sau" of "free vpn unlimited speed sau khi lệnh", "ra" of
/// "make money online fast ra cân nhắc". A bare syllable alone says
/// little: Latin and French spell some ("et situm", "ne vous").
/// ([`super::Features::amid_vietnamese`].)
pub(crate) fn amid_vietnamese(doc: &Doc, occ: &[Range<usize>]) -> f64 {
    let spaced = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    let bare_vietnamese = |j: usize| {
        doc.toks.get(j).is_some_and(|t| {
            let w = doc.folded_text(t);
            !t.marked
                && !doc.is_capitalised(j)
                && super::accent::suspicion(w.as_bytes()).is_some()
                && !is_english(w)
        })
    };
    // Whether the bare word `j` leads, outward (`left`: towards the
    // start), through bare Vietnamese words to a word with marks.
    let anchored = |j: usize, left: bool| {
        let mut k = j;
        for _ in 0..AMID_BARE {
            if !bare_vietnamese(k) {
                return false;
            }
            let (next, gap_at) = if left {
                match k.checked_sub(1) {
                    Some(n) => (n, k),
                    None => return false,
                }
            } else {
                (k + 1, k + 1)
            };
            if !spaced(gap_at) {
                return false;
            }
            if doc.toks.get(next).is_some_and(|t| t.marked) {
                return true;
            }
            k = next;
        }
        false
    };
    share_beside(doc, occ, |t, j, left| t.marked || anchored(j, left))
}

/// Bare Vietnamese words at most between a string pasted once and the
/// word with marks that makes them Vietnamese ([`amid_vietnamese`]).
const AMID_BARE: usize = 2;

/// The share of occurrences `occ` set inside a sentence written with
/// marks: a word right before and after each, only spaces between, one of
/// the two at least written with marks ([`super::Features::inside`]).
pub(crate) fn inside(doc: &Doc, occ: &[Range<usize>]) -> f64 {
    let spaced = |j: usize, gap_at: usize| {
        doc.toks
            .get(gap_at)
            .is_some_and(|t| t.gap == Gap::Space)
            .then(|| doc.toks.get(j).map(|t| t.marked))
            .flatten()
    };
    let inside = occ
        .iter()
        .filter(|r| {
            let before = r.start.checked_sub(1).and_then(|j| spaced(j, r.start));
            let after = spaced(r.end, r.end);
            matches!((before, after), (Some(a), Some(b)) if a || b)
        })
        .count();
    inside as f64 / occ.len().max(1) as f64
}

/// Whether `w` is a word of three lower-case letters or more that no
/// Vietnamese syllable is spelled like: with "f", "j", "w" or "z", an end
/// no syllable has ("hack", "mod", "doctor"), or longer than any syllable
/// ("facebook"). (By its shape alone: most words of a page are asked.)
fn unlike_a_syllable(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3
        && b.iter().all(u8::is_ascii_lowercase)
        && (b.len() > 7
            || b.iter().any(|c| matches!(c, b'f' | b'j' | b'w' | b'z'))
            || b.last().is_some_and(|c| !b"aeiouycmnptgh".contains(c)))
}

/// Occurrences a word of another language needs for [`foreign_repeats`],
/// and the share of them that must stand among other words.
const FOREIGN_REPEATS: usize = 3;
const FOREIGN_PLACES: f32 = 0.75;

/// How much the words of tokens `r` are names' words: the mean share of
/// their uses that Wikipedia capitalises mid-sentence, times four, at most
/// 1. Words the counts do not know are left out (all unknown: 1).
fn name_likeness(doc: &Doc, r: Range<usize>) -> f32 {
    let shares: Vec<f32> = r
        .filter_map(|j| doc.toks.get(j))
        .filter_map(|t| {
            let w = doc.folded_text(t);
            super::accent::name_share(w.as_bytes())
                .or_else(|| super::vocab::wikipedia_name_share(w))
        })
        .collect();
    if shares.is_empty() {
        return 1.0;
    }
    (shares.iter().sum::<f32>() / shares.len() as f32 * NAME_SCALE).min(1.0)
}

/// What a mean capitalised share is scaled by to make a name's likeness.
const NAME_SCALE: f32 = 4.0;

/// Whether tokens `r` read as a proper name: at least half the words
/// capitalised ("Gia Lai", "Tây Ban Nha", "Lee Min Ho"). Names are written
/// without marks for good reasons; only lexicon words make them suspect.
/// A phrase of two words or more in capitals throughout is shouted, as SEO
/// phrases are pasted ("SOI KEO NHA CAI"), not a name.
///
/// A name's word is in title case ("Gia") or in capitals ("FIFA", "DAI
/// DUONG SEA"); one with capitals after small letters ("sOi KeO", random
/// case) is a disguise.
fn is_name(doc: &Doc, r: Range<usize>) -> bool {
    let capitalised = |j: usize| {
        let w = doc.written(j);
        let mut cs = w.chars().filter(|c| c.is_alphabetic());
        let rest: Vec<char> = cs.by_ref().skip(1).collect();
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_uppercase)
            && (rest.iter().all(|c| !c.is_uppercase()) || rest.iter().all(|c| !c.is_lowercase()))
    };
    let caps = r.clone().filter(|&j| capitalised(j)).count();
    caps * 2 >= r.len()
}

/// Whether a phrase is written in capitals throughout, mid-line beside
/// words in lower case, in one of its occurrences `occ` and otherwise in
/// another: a name keeps one case ("Man Utd" or "MAN UTD" in a heading
/// line), a tool that disguises a pasted phrase varies it from paste to
/// paste.
fn shouted_among_others(doc: &Doc, occ: &[Range<usize>]) -> bool {
    let has_lower = |j: usize| doc.written(j).chars().any(char::is_lowercase);
    let on_line = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap != Gap::Line);
    let (mut shouted, mut other) = (false, false);
    for r in occ {
        let letters = || {
            r.clone()
                .flat_map(|j| doc.written(j).chars())
                .filter(|c| c.is_alphabetic())
        };
        let upper = letters().count() >= 2 && letters().all(char::is_uppercase);
        if !upper {
            other = true;
            continue;
        }
        // (Beside words in lower case on its line: not a heading in capitals.)
        let before = r.start > 0 && on_line(r.start) && has_lower(r.start - 1);
        let after = on_line(r.end) && has_lower(r.end);
        shouted |= before || after;
    }
    shouted && other
}

/// Whether the occurrences `occ` of a phrase, those not wholly in capitals
/// (a heading), are written in two patterns of case or more past their
/// first letter (which a sentence's start capitalises), one with a capital
/// after a small letter inside a word: "ban SIM So dEp" and "BAn SIm So
/// DEp" are a tool's random case, while a name keeps one. (Not "Ngân hàng
/// Banco" beside "ngân hàng Banco": a text may write a common word of a
/// name either way.)
fn case_varies(doc: &Doc, occ: &[Range<usize>]) -> bool {
    let switches = |j: usize| {
        let w = doc.written(j);
        w.chars()
            .zip(w.chars().skip(1))
            .any(|(a, b)| a.is_lowercase() && b.is_uppercase())
    };
    if !occ.iter().any(|r| r.clone().any(switches)) {
        return false;
    }
    let pattern = |r: &Range<usize>| -> Option<Vec<bool>> {
        let cased: Vec<bool> = r
            .clone()
            .flat_map(|j| doc.written(j).chars())
            .filter(|c| c.is_alphabetic())
            .skip(1)
            .map(char::is_uppercase)
            .collect();
        (!cased.iter().all(|&u| u)).then_some(cased)
    };
    let mut patterns = occ.iter().filter_map(pattern);
    let Some(first) = patterns.next() else {
        return false;
    };
    patterns.any(|p| p != first)
}

/// How sure a repeated unaccented phrase is spam, in `[0, 1]`, from the
/// summed suspicion of its words and its repeats. Words that real text
/// writes bare ("uy tín" → "tin") do not lower it: repeating with the
/// phrase every time is what put them in. A run that is mostly not
/// Vietnamese (an English quotation) is no unit.
fn unit_score(sum: f32, len: usize, count: usize, syllables: usize) -> f32 {
    if syllables * 4 < len * 3 || sum < 0.6 * len as f32 {
        return 0.0;
    }
    let repeat = match count {
        0 | 1 => 0.0,
        2 => 0.85,
        3 => 0.95,
        _ => 1.0,
    };
    let base = (sum / 2.8).min(1.0) * repeat;
    if count < 3 && !(len >= 4 && sum >= 3.5) {
        // Twice is little: a name or a quotation repeats too. Long runs of
        // words real text all but never writes bare are the exception.
        return base * 0.5;
    }
    base
}

/// Whether `w` (folded) is an English function word
/// ([`super::Features::function_words`]).
pub(crate) fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "to"
            | "of"
            | "and"
            | "or"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "it"
            | "its"
            | "this"
            | "that"
            | "you"
            | "your"
            | "we"
            | "our"
            | "they"
            | "their"
            | "he"
            | "she"
            | "his"
            | "her"
            | "i"
            | "my"
            | "as"
            | "if"
            | "but"
            | "not"
            | "no"
            | "do"
            | "can"
            | "will"
            | "has"
            | "have"
            | "so"
            | "than"
            | "there"
            | "what"
            | "who"
            | "how"
    )
}

/// Common English words that are also the skeleton of some Vietnamese
/// syllable ("the", "go", "may"): in a phrase that mixes in English, they
/// say nothing for Vietnamese. (A `match`, not a list searched in turn:
/// it is asked of most bare words of a page.)
pub(crate) fn is_english(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "at"
            | "be"
            | "but"
            | "by"
            | "can"
            | "day"
            | "do"
            | "go"
            | "he"
            | "him"
            | "i"
            | "in"
            | "it"
            | "may"
            | "me"
            | "my"
            | "no"
            | "not"
            | "on"
            | "say"
            | "so"
            | "than"
            | "that"
            | "the"
            | "them"
            | "then"
            | "to"
            | "up"
    )
}

/// A repeated phrase holding English words: SEO phrases mix them in
/// ("tang like facebook mien phi"), and an English quotation is full of
/// words that spell Vietnamese skeletons ("do it for them"). Only its
/// Vietnamese words (syllables that are no common English word, and the
/// lexicon's words) speak for it. Judged as a wholly Vietnamese phrase
/// on those (with the foreign words against it), or by [`Mixed::score`].
struct Mixed {
    len: usize,
    count: usize,
    /// Its syllables and lexicon words, English or not.
    syllables: usize,
    /// Its words of ASCII letters that are neither.
    foreign: usize,
    vietnamese: usize,
    /// The suspicion of its Vietnamese words.
    vietnamese_sum: f32,
}

impl Mixed {
    /// How sure the phrase is spam, in `[0, 1]`, when its Vietnamese words
    /// are three or more, half the phrase or more, as suspicious on
    /// average as a wholly Vietnamese phrase's must be, and it is made of
    /// words only (no numbers) and seen three times or more (a quotation
    /// repeats too).
    fn score(&self) -> f32 {
        if self.syllables + self.foreign < self.len
            || self.vietnamese * 2 < self.len
            || self.vietnamese < 3
            || self.count < 3
            || self.vietnamese_sum < 0.6 * self.vietnamese as f32
        {
            return 0.0;
        }
        let repeat = if self.count == 3 { 0.95 } else { 1.0 };
        (self.vietnamese_sum / 2.8).min(1.0) * repeat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str, topic: &[&str]) -> Vec<Vec<String>> {
        let doc = Doc::new(text);
        let topic = topic.iter().map(|w| hash_word(w.as_bytes())).collect();
        let vocab = Vocabulary::default();
        repeated_units(
            &doc,
            &topic,
            &vocab,
            LanguageModel::embedded(),
            &[],
            &[],
            &doc.disguised(),
        )
        .into_iter()
        .map(|u| {
            u.occurrences
                .into_iter()
                .map(|r| text[doc.source_span(r)].to_string())
                .collect()
        })
        .collect()
    }

    #[test]
    fn finds_the_seed_phrase_whole_and_leaves_neighbours() {
        let p = "lich truyen hinh truc tiep bong da";
        let text = format!(
            "Hội khuyến {p} các tỉnh đã trao thưởng. Dòng họ {p} tập trong năm qua, \
             trong {p} tập của con cháu. Ông nói rằng việc {p} là quan trọng nhất."
        );
        assert_eq!(units(&text, &["bong", "da"]), [vec![p.to_string(); 4]]);
    }

    #[test]
    fn a_phrase_mixing_in_english_words_is_a_unit() {
        let p = "tang like facebook mien phi";
        let text = format!(
            "Vào buổi chiều trong ngày trận {p} được diễn ra để phục vụ người hâm mộ. \
             Giá vé ở trận {p} lần lượt có giá 60.000 đồng. Chị nói chuyện nhiều hơn \
             {p} với Minh Tú, thử thách lại khá {p} căng thẳng."
        );
        assert_eq!(units(&text, &[]), [vec![p.to_string(); 4]]);
        // (Whether such a phrase, or an English quotation that repeats,
        // is spam is the judge's to say: see the detector's tests.)
        // A Vietnamese phrase with one foreign word, twice.
        let euro = "lich truyen hinh euro truc tiep bong da";
        let twice = format!("Hội khuyến {euro} các tỉnh đã trao thưởng. Dòng họ {euro} tập.");
        assert_eq!(units(&twice, &[]), [vec![euro.to_string(); 2]]);
    }

    #[test]
    fn low_suspicion_runs_are_not_units_and_a_phrase_seen_once_is_one_occurrence() {
        let text = "Trong khi đó, ông cho biết trong khi chờ đợi các cơ quan chức năng \
                    xem xét thì người dân vẫn lo lắng. Sau khi trong khi.";
        assert!(units(text, &[]).is_empty());
        // Stripped of its marks once, in accented text: a unit of one
        // occurrence, for the judge's model of such phrases to weigh.
        let once = "Hội khuyến lich truyen hinh truc tiep bong da các tỉnh đã trao thưởng \
                    cho các em học sinh giỏi trong năm học vừa qua.";
        assert_eq!(
            units(once, &["bong"]),
            [vec!["lich truyen hinh truc tiep bong da".to_string()]]
        );
        // A name written bare, once, is weighed as a name: the judge wants
        // the model's word that it was pasted.
        let name = "Trận đấu giữa Nguyen Van Toan và đồng đội diễn ra hôm qua.";
        let doc = Doc::new(name);
        let found = repeated_units(
            &doc,
            &KeySet::default(),
            &Vocabulary::default(),
            LanguageModel::embedded(),
            &[],
            &[],
            &[],
        );
        let names: Vec<(&str, f32)> = found
            .iter()
            .filter_map(|u| {
                u.occurrences
                    .first()
                    .map(|r| (&name[doc.source_span(r.clone())], u.name))
            })
            .collect();
        assert_eq!(names, [("Nguyen Van Toan", 1.0)]);
    }

    #[test]
    fn spun_occurrences_are_the_phrase_with_a_word_twice_swapped_or_dropped_inside() {
        let doc = Doc::new(
            "Hôm nay xem phim sex khong che ở nhà. Anh ấy xem phim sex sex khong che \
             suốt. Chị thích phim xem sex khong che lắm. Họ xem phim khong che mãi. \
             Ông xem phim sex khong rồi về. Bà xem phim sex không che nữa.",
        );
        let at = |w: &str| {
            (0..doc.toks.len())
                .find(|&j| doc.folded_text(&doc.toks[j]) == w)
                .expect("the word")
        };
        let first = at("xem")..at("xem") + 5;
        let taken = vec![false; doc.toks.len()];
        let spun = spun_occurrences(
            &doc,
            &first,
            std::slice::from_ref(&first),
            &taken,
            false,
            false,
        );
        let texts: Vec<&str> = spun
            .iter()
            .map(|r| &doc.text[doc.source_span(r.clone())])
            .collect();
        // Not the piece without its last word ("xem phim sex khong"), which
        // real text says on its own, nor the one written with marks.
        assert_eq!(
            texts,
            [
                "xem phim sex sex khong che",
                "phim xem sex khong che",
                "xem phim khong che"
            ]
        );
    }

    /// A capitalised occurrence counts beside the word in lower case in
    /// running text, not beside the word inside an address; a word in title
    /// case and in capitals amid lower case counts without one.
    #[test]
    fn a_capitalised_word_counts_beside_its_lower_case_in_running_text_only() {
        let count = |text: &str| {
            let doc = Doc::new(text);
            let h = hash_word(b"jackpot");
            let found: Vec<(usize, u64, bool)> = (0..doc.toks.len())
                .filter(|&j| {
                    doc.toks
                        .get(j)
                        .is_some_and(|t| doc.folded_text(t) == "jackpot")
                })
                .map(|j| (j, h, doc.is_capitalised(j)))
                .collect();
            let mut counts = Counts::default();
            count_in_any_case(&doc, &found, &mut counts);
            counts.get(&h).copied().unwrap_or(0)
        };
        let first = "Hôm qua Jackpot nổ hũ đã về. Người chơi thấy Jackpot nổ hũ ở mọi nơi";
        assert_eq!(
            count(&format!("{first}, và jackpot nổ hũ lại xuất hiện.")),
            3
        );
        assert_eq!(
            count(&format!("{first}, xem tại https://jackpot-nohu.vn nhé.")),
            1
        );
        assert_eq!(
            count("Hôm qua Jackpot nổ hũ đã về, người chơi thấy JACKPOT nổ hũ."),
            2
        );
        assert_eq!(
            count("Hôm qua Jackpot nổ hũ đã về, người chơi thấy Jackpot nổ hũ."),
            0
        );
    }
}
