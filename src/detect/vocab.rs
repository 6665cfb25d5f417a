//! Spam vocabulary at the word level: how much more often spam uses a word
//! than real text does.
//!
//! A phrase no list names is still made of words that live mostly in spam
//! ("sex", "casino", "kèo", "xsmn", brand parts such as "bet" or "88").
//! Each word's weight is a log10 likelihood ratio: its share of the spam
//! vocabulary (the words of the lexicon in use, weighted by entry, and the
//! words that Vietnamese gambling and adult domain names are made of,
//! `data/domain_words.tsv`) over its share of real text (Vietnamese
//! Wikipedia: `data/unmarked.tsv` and `data/tokens.tsv` for words as
//! folded, the language model's unigrams for words as spelled). A word
//! written with marks is weighed as spelled ("kèo" is spam vocabulary,
//! "kéo" is not); one written without, as folded.

use std::collections::HashMap;

use super::accent;
use super::doc::{Doc, Tok};
use super::ngram::hash_word;
use crate::lexicon::Lexicon;
use crate::lm::LanguageModel;
use crate::syllable::spelling_key;
use crate::tables::{KeyMap, KeySet};

static DOMAIN_WORDS: &str = include_str!("../../data/domain_words.tsv");
static TOKENS: &str = include_str!("../../data/tokens.tsv");

/// What a domain name holding a word counts for, against one lexicon entry
/// (weight 1) holding it: names repeat their parts far more than phrase
/// lists do.
const DOMAIN_MASS: f32 = 0.25;
/// What an entry that is spam only when written bare ("bóng đá", not
/// `suspect`) counts for, against a suspect one.
const PLAIN_ENTRY: f32 = 0.5;
/// A word that is no syllable, seen fewer times than this in Wikipedia, is
/// unknown ([`is_unknown`]).
const RARE_TOKEN: u32 = 20;
/// What an unknown word counts for towards a phrase being weighed (as a
/// vocabulary weight would).
pub(crate) const UNKNOWN_WEIGHT: f32 = 1.0;
/// The folded weight of an anchor word ([`anchor_words`]).
const ANCHOR_WEIGHT: f32 = 1.5;
/// The weight a word written with marks needs, as spelled, to be an
/// anchor ([`Vocabulary::is_spelled_anchor`]): "kèo" (2.2 to 2.7 as the
/// lexicon loses entries), "xổ" (2.6), not the name parts of lottery
/// phrases ("nẵng" of "xổ số đà nẵng", 1.65) nor "thưởng" of "đổi
/// thưởng" (1.65).
pub(crate) const SPELLED_ANCHOR_WEIGHT: f32 = 2.0;
/// The log10 ratio of a fold's spam mass (from words with marks) over its
/// share of Wikipedia's words, in any spelling, that makes it a spelled
/// anchor's fold ([`spelled_anchor_folds`]): "keo" 2.0, "lieng" 1.5, "xo"
/// 1.4; not "cuoc" 0.8, which "cuộc" folds to, 17,649 times.
const SPELLED_ANCHOR_FOLD: f32 = 1.0;
/// How often Wikipedia may write a spelled anchor's fold, in any spelling
/// (of some ten million words): "xo" 3,304 times, "keo" 2,920; not
/// "bong", 10,261, whose "bóng" is no spam word written so. Each token
/// found costs a look: the lexicon's words with marks fold as 15 % of a
/// page's words, these as 0.2 %.
const SPELLED_ANCHOR_FREQUENCY: u32 = 5_000;
/// How often Wikipedia may write an anchor word that is a syllable (of
/// some ten million words): "kèo" and "soi", under 3,000 times, not
/// "phim", nearly 5,000.
const ANCHOR_FREQUENCY: u32 = 3_000;
/// The share of real text's words taken for any one number: spam's "88"
/// still weighs, "24" does not.
const NUMBER_SHARE: f32 = 1.0e-4;
/// The shortest part of an unknown word weighed ("88", "bet").
const MIN_PART: usize = 2;
/// The weight of the spam word a token of letters and digits must hold to
/// be a brand.
const BRAND_PART: f32 = 1.0;
/// Words Wikipedia was counted over (the header of `data/tokens.tsv` says
/// it exactly; this is the fallback).
const WIKI_WORDS: f32 = 1.0e7;
/// Weights are clipped to this range: a word unseen in Wikipedia is not
/// infinitely spammy, and a common one not infinitely clean.
const MAX_WEIGHT: f32 = 4.0;
const MIN_WEIGHT: f32 = -2.0;

/// The word weights for one lexicon and one language model. Built once per
/// [`Detector`](super::Detector), on first use.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    /// By the hash of the folded word: for words written without marks.
    folded: KeyMap<f32>,
    /// By [`spelling_key`]: for words written with marks.
    spelled: KeyMap<f32>,
    /// The folded forms of the words in `spelled`: a word with marks whose
    /// fold is not among them is not read letter by letter.
    spelled_folds: KeySet,
    /// By the hash of the skeleton: what detection asks of a syllable
    /// skeleton written bare, in one lookup (see [`Syllable`]).
    syllables: KeyMap<Syllable>,
    /// The folds of the spellings that are anchors as written
    /// ([`Self::is_spelled_anchor`]): most tokens asked fold otherwise,
    /// and are answered by one lookup.
    anchor_folds: KeySet,
}

/// What the n-gram detector asks of each bare word that is a syllable
/// skeleton, looked up at once: it asks of most bare words of a page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Syllable {
    /// Its [`accent::suspicion`].
    pub suspicion: f32,
    /// Its weight written bare ([`Vocabulary::folded_weight`]).
    pub weight: f32,
    /// Among the words of the lexicon's spam entries (the detector's topic).
    pub topic: bool,
}

impl Vocabulary {
    /// `topic`: the hashes of the words of the lexicon's spam entries.
    pub(crate) fn new(lexicon: &Lexicon, lm: &LanguageModel, topic: &KeySet) -> Vocabulary {
        let (folded, total) = folded_weights(lexicon);
        let folded: KeyMap<f32> = folded
            .into_iter()
            .map(|(w, weight)| (hash_word(w.as_bytes()), weight))
            .collect();
        // Spam mass per spelling of the words written with marks.
        let mut spelled: HashMap<u64, f32> = HashMap::new();
        let mut spelled_folds = KeySet::default();
        // Each fold with its spellings' keys, for the anchors below.
        let mut fold_keys: Vec<(u64, u64)> = Vec::new();
        for e in vocabulary_entries(lexicon) {
            let mass = entry_mass(e);
            let accented: Vec<&str> = e
                .phrase
                .split_whitespace()
                .filter(|w| !w.is_ascii())
                .collect();
            for w in &accented {
                let fold = hash_word(crate::fold::fold(w).as_str().as_bytes());
                spelled_folds.insert(fold);
                if let Some(k) = spelling_key(w) {
                    fold_keys.push((fold, k));
                }
            }
            let mut keys: Vec<u64> = accented.into_iter().filter_map(spelling_key).collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                *spelled.entry(k).or_default() += mass;
            }
        }
        let wiki = tokens().words;
        let weight = |spam: f32, clean: f32| {
            ((spam / total) / clean)
                .log10()
                .clamp(MIN_WEIGHT, MAX_WEIGHT)
        };
        // The model's unigrams, by spelling: several ids may share one
        // ("hòa", "hoà").
        let mut unigram: KeyMap<f32> = KeyMap::default();
        if !spelled.is_empty() {
            for id in 3..lm.vocabulary_size() {
                let Ok(id) = u16::try_from(id) else { break };
                let Some(k) = lm.word(id).and_then(spelling_key) else {
                    continue;
                };
                let p = 10f32.powf(lm.unigram(id));
                *unigram.entry(k).or_default() += p;
            }
        }
        // A spelling the model does not know is no syllable ("đắk", a
        // name's spelling): how often real text uses it is unknown, so it
        // weighs nothing either way.
        let floor = 1.0 / wiki;
        let spelled: KeyMap<f32> = spelled
            .into_iter()
            .filter_map(|(k, spam)| {
                let clean = unigram.get(&k)?.max(floor);
                Some((k, weight(spam, clean)))
            })
            .collect();
        let anchor_folds = fold_keys
            .into_iter()
            .filter(|(_, k)| spelled.get(k).is_some_and(|&w| w >= SPELLED_ANCHOR_WEIGHT))
            .map(|(fold, _)| fold)
            .collect();
        let syllables = accent::skeleton_suspicions()
            .map(|(w, suspicion)| {
                let hash = hash_word(&w);
                let syllable = Syllable {
                    suspicion,
                    weight: folded.get(&hash).copied().unwrap_or(0.0),
                    topic: topic.contains(&hash),
                };
                (hash, syllable)
            })
            .collect();
        Vocabulary {
            folded,
            spelled,
            spelled_folds,
            syllables,
            anchor_folds,
        }
    }

    /// The weight of token `t` as written (0 for a word neither list uses).
    pub(crate) fn weight(&self, doc: &Doc, t: &Tok) -> f32 {
        if t.marked {
            if !self
                .spelled_folds
                .contains(&hash_word(doc.folded_text(t).as_bytes()))
            {
                return 0.0;
            }
            let word = doc.text.get(t.source.clone()).unwrap_or_default();
            spelling_key(word)
                .and_then(|k| self.spelled.get(&k))
                .copied()
                .unwrap_or(0.0)
        } else {
            self.folded_weight(doc.folded_text(t))
        }
    }

    /// Whether token `t`, written with marks, is strong spam vocabulary as
    /// written ([`SPELLED_ANCHOR_WEIGHT`]): a word to look around for a
    /// phrase pasted with its marks, as around an anchor.
    pub(crate) fn is_spelled_anchor(&self, doc: &Doc, t: &Tok) -> bool {
        t.marked
            && self
                .anchor_folds
                .contains(&hash_word(doc.folded_text(t).as_bytes()))
            && self.weight(doc, t) >= SPELLED_ANCHOR_WEIGHT
    }

    /// Whether a word with marks that folds to `w` may weigh anything:
    /// only the folds of the spellings spam vocabulary holds do.
    pub(crate) fn may_weigh(&self, w: &str) -> bool {
        self.spelled_folds.contains(&hash_word(w.as_bytes()))
    }

    /// Whether folded word `w` looks like a brand or a site's name: no
    /// syllable, and letters mixed with digits ("qq288", "sv388") or a word
    /// Wikipedia has (almost) never used ("kubet", "moneycat"). Such a word
    /// may be a spam phrase on its own.
    pub(crate) fn is_brand_like(&self, w: &str) -> bool {
        let letters = w.bytes().any(|b| b.is_ascii_lowercase());
        let digits = w.bytes().any(|b| b.is_ascii_digit());
        if !letters || w.len() < 3 || accent::suspicion(w.as_bytes()).is_some() {
            return false;
        }
        if digits {
            // Letters and digits are brands when spam's ("fb88", "789bet",
            // "sv388"), not isotopes, units or models ("241am", "100g",
            // "h5n1", "u23").
            let whole = self.folded.get(&hash_word(w.as_bytes())).copied();
            return whole.unwrap_or_else(|| self.parts_weight(w)) >= BRAND_PART;
        }
        tokens().count(w) < RARE_TOKEN
    }

    /// The weight of a word as folded. Numbers weigh nothing: real text
    /// is full of them, and the counts of Wikipedia leave them out. A word
    /// that is no syllable and that neither list knows weighs what the
    /// spam words it is glued from weigh (a brand: "thabet").
    pub(crate) fn folded_weight(&self, w: &str) -> f32 {
        let hash = hash_word(w.as_bytes());
        match self.syllable(hash) {
            Some(s) => s.weight,
            None => self.bare_facts(w, hash, accent::suspicion(w.as_bytes())).0,
        }
    }

    /// The weight the lists give folded word `w` itself (not by its
    /// parts, as [`Self::folded_weight`] weighs a word they do not know).
    pub(crate) fn listed_weight(&self, w: &str) -> f32 {
        self.folded
            .get(&hash_word(w.as_bytes()))
            .copied()
            .unwrap_or(0.0)
    }

    /// The facts of the syllable skeleton whose [`hash_word`] is `hash`;
    /// `None` for a word that is no skeleton.
    pub(crate) fn syllable(&self, hash: u64) -> Option<Syllable> {
        self.syllables.get(&hash).copied()
    }

    /// [`Self::folded_weight`] and [`is_unknown`] of folded word `w` at
    /// once, given its [`hash_word`] and its [`accent::suspicion`]:
    /// detection asks both of most bare words of a page, and each asked
    /// alone hashes and looks the word up again.
    pub(crate) fn bare_facts(&self, w: &str, hash: u64, suspicion: Option<f32>) -> (f32, bool) {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            return (0.0, false);
        }
        let unknown = unknown(w, hash, suspicion);
        let weight = match self.folded.get(&hash) {
            Some(&weight) => weight,
            None if unknown => self.parts_weight(w),
            None => 0.0,
        };
        (weight, unknown)
    }

    /// The weight of an unknown word by its parts: a brand glues spam
    /// vocabulary to a name ("thabet", "hitclub", "qq288", "vayvnd"). The
    /// largest weight of a known word it starts or ends with.
    fn parts_weight(&self, w: &str) -> f32 {
        let b = w.as_bytes();
        let mut best = 0.0f32;
        for k in MIN_PART..b.len().saturating_sub(1) {
            for part in [b.get(..k), b.get(b.len() - k..)].into_iter().flatten() {
                if let Some(&x) = self.folded.get(&hash_word(part)) {
                    best = best.max(x);
                }
            }
        }
        best
    }
}

/// The entries whose words make the vocabulary: not those in another
/// script, which no Vietnamese phrase shares a word with (and which would
/// thin every other word's share of the spam mass).
fn vocabulary_entries(lexicon: &Lexicon) -> impl Iterator<Item = &crate::lexicon::Entry> {
    lexicon.entries().iter().filter(|e| !e.in_other_script())
}

/// What one lexicon entry holding a word adds to its spam mass.
fn entry_mass(e: &crate::lexicon::Entry) -> f32 {
    e.weight * if e.suspect { 1.0 } else { PLAIN_ENTRY }
}

/// The weight of every folded word of the lexicon and of the domain names,
/// and the total spam mass they share.
fn folded_weights(lexicon: &Lexicon) -> (HashMap<String, f32>, f32) {
    let mut folded: HashMap<String, f32> = HashMap::new();
    let mut total = 0.0f32;
    for e in vocabulary_entries(lexicon) {
        let mass = entry_mass(e);
        let mut words: Vec<&str> = e.key.split(' ').collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            *folded.entry(w.to_string()).or_default() += mass;
            total += mass;
        }
    }
    for line in DOMAIN_WORDS.lines().filter(|l| !l.starts_with('#')) {
        let mut cols = line.split('\t');
        let (Some(w), Some(g), Some(a)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let n = g.parse::<f32>().unwrap_or(0.0) + a.parse::<f32>().unwrap_or(0.0);
        *folded.entry(w.to_string()).or_default() += DOMAIN_MASS * n;
        total += DOMAIN_MASS * n;
    }
    let total = total.max(1.0);
    let tokens = tokens();
    let wiki = tokens.words;
    let weights = folded
        .into_iter()
        .map(|(w, spam)| {
            let seen = match accent::frequency(w.as_bytes()) {
                0 => tokens.count(&w),
                n => n,
            };
            // Wikipedia's counts leave numbers out; real text is full of
            // them ("24", "100"), so each is taken as common.
            let clean = if w.bytes().all(|b| b.is_ascii_digit()) {
                NUMBER_SHARE
            } else {
                (seen as f32 + 1.0) / wiki
            };
            let weight = ((spam / total) / clean)
                .log10()
                .clamp(MIN_WEIGHT, MAX_WEIGHT);
            (w, weight)
        })
        .collect();
    (weights, total)
}

/// The words, folded, where repeated phrases are looked for beyond runs of
/// bare words (in text written with marks, or all bare): strong spam
/// vocabulary ("sex", "casino", "fb88", "kèo"), whatever the page's
/// spelling of them. Computed from the lexicon and the domain names alone,
/// so that the lexicon's matcher can find them in its one pass. Not the
/// syllables real text has all the time ("hôm", "phim"): each occurrence
/// would open a window to look at.
pub(crate) fn anchor_words(lexicon: &Lexicon) -> Vec<String> {
    let (folded, _) = folded_weights(lexicon);
    let mut words: Vec<String> = folded
        .into_iter()
        .filter(|(w, weight)| {
            *weight >= ANCHOR_WEIGHT
                && !w.bytes().all(|b| b.is_ascii_digit())
                && accent::frequency(w.as_bytes()) <= ANCHOR_FREQUENCY
        })
        .map(|(w, _)| w)
        .collect();
    words.sort_unstable();
    words
}

/// The folded forms of the lexicon's words written with marks that may be
/// strong spam vocabulary as written ([`Vocabulary::is_spelled_anchor`]):
/// "keo" for "kèo", which "kéo" folds to as well, so that its folded weight
/// is no anchor's once the lexicon loses most of its entries that say
/// "kèo". The matcher finds them in its one pass. Only folds whose spam
/// mass, from the words with marks alone, stands out against how often
/// Wikipedia writes the fold in any spelling ([`SPELLED_ANCHOR_FOLD`]):
/// each token found is looked at, and "bong" of "bóng đá" or "da" would
/// be every few words of a page. Not the `anchors` already.
pub(crate) fn spelled_anchor_folds(lexicon: &Lexicon, anchors: &[String]) -> Vec<String> {
    let mut mass: HashMap<String, f32> = HashMap::new();
    let mut total = 0.0f32;
    for e in vocabulary_entries(lexicon) {
        let m = entry_mass(e);
        let mut words: Vec<&str> = e.phrase.split_whitespace().collect();
        words.sort_unstable();
        words.dedup();
        for w in words {
            total += m;
            if !w.is_ascii() {
                *mass
                    .entry(crate::fold::fold(w).as_str().to_owned())
                    .or_default() += m;
            }
        }
    }
    let total = total.max(1.0);
    let wiki = tokens().words;
    let mut words: Vec<String> = mass
        .into_iter()
        .filter(|(w, m)| {
            let seen = accent::frequency(w.as_bytes());
            seen <= SPELLED_ANCHOR_FREQUENCY
                && ((m / total) / ((seen as f32 + 1.0) / wiki)).log10() >= SPELLED_ANCHOR_FOLD
                && anchors.binary_search(w).is_err()
        })
        .map(|(w, _)| w)
        .collect();
    words.sort_unstable();
    words
}

/// Whether folded word `w` is no syllable and Wikipedia has (almost) never
/// used it: brands and site names are such words, and so are rare foreign
/// words. Such a word counts for something towards a phrase being weighed
/// ([`UNKNOWN_WEIGHT`]), but it is no spam vocabulary.
pub(crate) fn is_unknown(w: &str) -> bool {
    let b = w.as_bytes();
    !b.iter().all(u8::is_ascii_digit) && unknown(w, hash_word(b), accent::suspicion(b))
}

/// [`is_unknown`] of a word that is not all digits, given its
/// [`hash_word`] and its [`accent::suspicion`].
fn unknown(w: &str, hash: u64, suspicion: Option<f32>) -> bool {
    suspicion.is_none() && w.len() >= 3 && tokens().count_hash(hash) < RARE_TOKEN
}

/// How often Wikipedia writes the ASCII word `w` that is no syllable
/// skeleton (0 when under 5 times).
pub(crate) fn wikipedia_count(w: &str) -> u32 {
    tokens().count(w)
}

/// The share of Wikipedia's uses of the ASCII word `w` (no syllable
/// skeleton) written with a capital mid-sentence; `None` when too rare.
pub(crate) fn wikipedia_name_share(w: &str) -> Option<f32> {
    tokens().capital.get(&hash_word(w.as_bytes())).copied()
}

/// The words Wikipedia was counted over.
pub(crate) fn wikipedia_words() -> f32 {
    tokens().words
}

/// Wikipedia's counts of ASCII words that are no syllable skeleton.
struct Tokens {
    /// By [`hash_word`]: detection asks for many words of every page.
    counts: KeyMap<u32>,
    /// Share of each word's uses capitalised mid-sentence.
    capital: KeyMap<f32>,
    words: f32,
}

impl Tokens {
    fn count(&self, w: &str) -> u32 {
        self.count_hash(hash_word(w.as_bytes()))
    }

    /// [`Self::count`] of the word whose [`hash_word`] is `hash`.
    fn count_hash(&self, hash: u64) -> u32 {
        self.counts.get(&hash).copied().unwrap_or(0)
    }
}

fn tokens() -> &'static Tokens {
    static TABLE: std::sync::OnceLock<Tokens> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut words = WIKI_WORDS;
        let mut counts = KeyMap::default();
        let mut capital = KeyMap::default();
        for line in TOKENS.lines() {
            if let Some(n) = line.strip_prefix("# words in all: ") {
                words = n.trim().parse().unwrap_or(WIKI_WORDS);
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(w), Some(n)) = (cols.next(), cols.next().and_then(|n| n.parse::<u32>().ok()))
            else {
                continue;
            };
            let key = hash_word(w.as_bytes());
            counts.insert(key, n);
            if let Some(c) = cols.next().and_then(|c| c.parse::<f32>().ok()) {
                capital.insert(key, c / n.max(1) as f32);
            }
        }
        Tokens {
            counts,
            capital,
            words,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(text: &str) -> Vec<(String, f32)> {
        let v = Vocabulary::new(
            &Lexicon::default(),
            LanguageModel::embedded(),
            &KeySet::default(),
        );
        let doc = Doc::new(text);
        doc.toks
            .iter()
            .map(|t| {
                (
                    doc.text[t.source.clone()].trim().to_string(),
                    v.weight(&doc, t),
                )
            })
            .collect()
    }

    #[test]
    fn the_syllable_table_agrees_with_the_lookups_it_saves() {
        // Every skeleton, spelled back from its packed key, is found by
        // the word lookups with the same facts; a word that is no
        // skeleton is not in the table.
        let v = Vocabulary::new(
            &Lexicon::default(),
            LanguageModel::embedded(),
            &KeySet::default(),
        );
        let mut n = 0;
        for (w, s) in accent::skeleton_suspicions() {
            let word = std::str::from_utf8(&w).unwrap();
            assert_eq!(accent::suspicion(&w), Some(s), "{word}");
            let f = v.syllable(hash_word(&w)).unwrap();
            assert_eq!(
                (f.suspicion, f.weight),
                (s, v.folded_weight(word)),
                "{word}"
            );
            assert!(!is_unknown(word), "{word}");
            n += 1;
        }
        assert!(n > 2_000, "{n} skeletons");
        assert!(v.syllable(hash_word(b"keo")).unwrap().weight > 0.0);
        for other in ["fb88", "casino", "online", "2024", "nguyenn"] {
            assert!(v.syllable(hash_word(other.as_bytes())).is_none(), "{other}");
        }
    }

    #[test]
    fn spam_words_weigh_and_common_words_do_not() {
        let w = weights("sex casino kèo cược xsmn fb88 bet 88 keo nhà trong số năm kéo cuộc");
        let of = |word: &str| w.iter().find(|(x, _)| x == word).unwrap().1;
        for spam in ["sex", "casino", "kèo", "cược", "xsmn", "fb88", "bet", "keo"] {
            assert!(of(spam) >= 1.0, "{spam}: {w:?}");
        }
        for plain in ["trong", "năm", "kéo", "cuộc"] {
            assert!(of(plain) <= 0.0, "{plain}: {w:?}");
        }
        assert!(of("kèo") > of("kéo") + 2.0, "{w:?}");
    }

    #[test]
    fn anchors_are_strong_spam_words_real_text_seldom_writes() {
        let anchors = anchor_words(&Lexicon::default());
        for spam in ["casino", "kubet", "fb88", "sex", "keo"] {
            assert!(anchors.iter().any(|a| a == spam), "{spam} missing");
        }
        // "phim" weighs as spam vocabulary, but Wikipedia writes it
        // thousands of times: a window at each would cost every film page.
        assert!(!anchors.iter().any(|a| a == "phim"));
        assert!(anchors
            .iter()
            .all(|a| !a.bytes().all(|b| b.is_ascii_digit())));
    }
}
