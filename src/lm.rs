//! A Vietnamese syllable trigram language model: what repair asks when it
//! weighs the word a spam phrase displaced.
//!
//! Smoothing is interpolated Kneser-Ney (absolute discounting, D = 0.75,
//! with continuation counts for the lower orders) estimated on the full
//! counts; rare bigrams and trigrams are then pruned and the model
//! is stored in backoff form (log10 probabilities and backoff weights,
//! quantised to a byte), so lookups are binary searches over sorted keys
//! read in place from the file's bytes: loading is parsing the vocabulary.
//!
//! File format (little-endian), version 2 (probabilities in steps of
//! 0.025, numbers folded into `<num>`; version 1 files are refused):
//!
//! ```text
//! "VNLM" u32 version  u32 n_vocab  u32 vocab_bytes  vocab (words joined by '\n')
//! n_vocab × (f32 log10 p, f32 log10 backoff)                       unigrams
//! (p bytes: -q / 40 in log10; backoff bytes: (q - 128) / 20)
//! u32 n_bi   n_bi × u32 key (u16 first, u16 second)  n_bi × u8 p  n_bi × u8 backoff
//! u32 n_tri  n_tri × 6-byte key (3 × u16)            n_tri × u8 p
//! ```
//! Ids 0, 1, 2 are `<unk>`, `<s>` and `</s>`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

/// The index of [`LanguageModel::variants`]: skeleton to word ids, asked
/// for every bare word weighed. Its keys are the model's own words (input
/// only looks up, never inserts), so the crate's fast hash will do where
/// the default one guards against chosen keys.
type Skeletons = HashMap<String, Vec<u16>, std::hash::BuildHasherDefault<crate::tables::KeyHasher>>;

const MAGIC: &[u8; 4] = b"VNLM";
const VERSION: u32 = 2;
/// Ids of the special words.
pub(crate) const UNK: u16 = 0;
pub(crate) const BOS: u16 = 1;
pub(crate) const EOS: u16 = 2;
const DISCOUNT: f64 = 0.75;

static EMBEDDED: &[u8] = include_bytes!("../data/lm.bin");

/// A model file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LmError(pub String);

impl fmt::Display for LmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LmError {}

/// A syllable trigram model. The embedded default was trained on
/// Vietnamese Wikipedia; train your own with [`Trainer`] (or
/// `vnclean lm train`).
///
/// # Example
/// ```
/// use vnclean::LanguageModel;
///
/// let lm = LanguageModel::embedded();
/// let good = lm.score(&["xã", "hội", "học", "tập"]);
/// let bad = lm.score(&["xã", "hội", "khích", "tập"]);
/// assert!(good > bad);
/// ```
pub struct LanguageModel {
    bytes: Cow<'static, [u8]>,
    ids: HashMap<String, u16>,
    words: Vec<String>,
    /// (log10 p, log10 backoff) per id.
    unigrams: Vec<(f32, f32)>,
    bi: Section,
    tri: Section,
    /// Bigram indices grouped by second word, built on first use.
    predecessors: OnceLock<Grouped>,
    /// Where each first word's bigrams start, built on first use: a
    /// lookup then searches one word's block, not the whole table (repair
    /// asks many questions).
    bi_blocks: OnceLock<Vec<u32>>,
    /// How a trigram is found, chosen on first use.
    tri_index: OnceLock<TriIndex>,
    /// Word ids by folded skeleton, built on first use.
    variants: OnceLock<Skeletons>,
    /// Tells this model from every other one in the process: a cache of
    /// what it answered (repair's per-thread proposals) is keyed by it.
    uid: u64,
}

/// A model's [`LanguageModel::uid`].
fn next_uid() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The bigram table's indices grouped by second word (the predecessors
/// index): group `k` is `items[starts[k]..starts[k + 1]]` (flat vectors,
/// not a map of vectors: built in a few passes without an allocation per
/// key).
struct Grouped {
    starts: Vec<u32>,
    items: Vec<u32>,
    /// Per item, the first word of its bigram: walked in order where the
    /// items would send each step elsewhere in the table.
    firsts: Vec<u16>,
}

/// The trigram table's index. A trigram's context (its first two words)
/// is a bigram of the table in every model `Trainer` writes, and then a
/// lookup finds the context's bigram (whose backoff a miss needs anyway)
/// and searches the few trigrams that extend it: two short searches where
/// one search of the first word's whole block took most of repair's time
/// on the devset. A model whose trigrams have contexts missing from its
/// bigrams is searched by first word instead.
enum TriIndex {
    /// Per bigram, where the trigrams extending it start (`bi.n + 1`).
    ByContext(Vec<u32>),
    /// Per first word, where its trigrams start.
    ByFirst(Vec<u32>),
}

impl fmt::Debug for LanguageModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LanguageModel")
            .field("vocabulary", &self.unigrams.len())
            .field("bigrams", &self.bi.n)
            .field("trigrams", &self.tri.n)
            .finish()
    }
}

/// Where a table lies in the file.
#[derive(Clone, Copy, Debug, Default)]
struct Section {
    n: usize,
    keys: usize,
    probs: usize,
    backoffs: usize,
}

impl Section {
    /// Reads a table's count and takes the table whole, so that the
    /// offsets it records fit: `n` keys of `key_bytes`, `n` quantised
    /// probabilities, and `n` backoffs when the order has them.
    fn read(r: &mut Reader, key_bytes: usize, backoffs: bool) -> Result<Section, LmError> {
        let n = r.u32()? as usize;
        let at = r.at;
        let width = key_bytes + 1 + usize::from(backoffs);
        let size = n
            .checked_mul(width)
            .ok_or_else(|| LmError("table size overflows".into()))?;
        r.take(size)?;
        Ok(Section {
            n,
            keys: at,
            probs: at + key_bytes * n,
            backoffs: if backoffs {
                at + (key_bytes + 1) * n
            } else {
                0
            },
        })
    }
}

/// Steps per unit of log10 probability: 0.025 apart, down to -6.375.
const P_STEPS: f32 = 40.0;

fn dequant_p(q: u8) -> f32 {
    -f32::from(q) / P_STEPS
}

fn quant_p(lp: f64) -> u8 {
    (-lp * f64::from(P_STEPS)).round().clamp(0.0, 255.0) as u8
}

fn dequant_bo(q: u8) -> f32 {
    (f32::from(q) - 128.0) / 20.0
}

fn quant_bo(lb: f64) -> u8 {
    (lb * 20.0 + 128.0).round().clamp(0.0, 255.0) as u8
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], LmError> {
        let s = self
            .bytes
            .get(self.at..self.at.saturating_add(n))
            .ok_or_else(|| LmError(format!("model file truncated at byte {}", self.at)))?;
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, LmError> {
        let b: [u8; 4] = self
            .take(4)?
            .try_into()
            .map_err(|_| LmError("model file truncated".into()))?;
        Ok(u32::from_le_bytes(b))
    }
    fn f32(&mut self) -> Result<f32, LmError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

impl LanguageModel {
    /// The model embedded in the library (trained on Vietnamese Wikipedia,
    /// CC BY-SA 3.0), loaded on first use.
    pub fn embedded() -> &'static LanguageModel {
        static LM: OnceLock<LanguageModel> = OnceLock::new();
        LM.get_or_init(|| {
            // The embedded file is checked by a test; were it damaged, an
            // empty model makes repair fall back to in-document evidence.
            LanguageModel::parse(Cow::Borrowed(EMBEDDED)).unwrap_or_else(|_| LanguageModel::empty())
        })
    }

    fn empty() -> LanguageModel {
        let mut bytes = Vec::new();
        write_model(
            &mut bytes,
            &["<unk>", "<s>", "</s>"],
            &[(0.0, 0.0); 3],
            &[],
            &[],
        );
        LanguageModel::parse(Cow::Owned(bytes)).unwrap_or_else(|_| LanguageModel {
            bytes: Cow::Borrowed(&[]),
            ids: HashMap::new(),
            words: Vec::new(),
            unigrams: Vec::new(),
            bi: Section::default(),
            tri: Section::default(),
            predecessors: OnceLock::new(),
            bi_blocks: OnceLock::new(),
            tri_index: OnceLock::new(),
            variants: OnceLock::new(),
            uid: next_uid(),
        })
    }

    /// Reads a model file written by [`Trainer::finish`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<LanguageModel, LmError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| LmError(format!("{}: {e}", path.display())))?;
        LanguageModel::from_bytes(bytes)
            .map_err(|e| LmError(format!("{}: {}", path.display(), e.0)))
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<LanguageModel, LmError> {
        LanguageModel::parse(Cow::Owned(bytes))
    }

    fn parse(bytes: Cow<'static, [u8]>) -> Result<LanguageModel, LmError> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        if r.take(4)? != MAGIC {
            return Err(LmError("not a vnclean language model (bad magic)".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(LmError(format!(
                "language model version {version}; this vnclean reads version {VERSION}"
            )));
        }
        let n_vocab = r.u32()? as usize;
        let vocab_bytes = r.u32()? as usize;
        let vocab = std::str::from_utf8(r.take(vocab_bytes)?)
            .map_err(|_| LmError("vocabulary is not UTF-8".into()))?;
        let words: Vec<String> = vocab.split('\n').map(str::to_string).collect();
        let ids: HashMap<String, u16> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u16))
            .collect();
        if ids.len() != n_vocab
            || words.len() != n_vocab
            || n_vocab > usize::from(u16::MAX)
            || n_vocab < 3
        {
            return Err(LmError("vocabulary size does not match the header".into()));
        }
        let mut unigrams = Vec::with_capacity(n_vocab);
        for _ in 0..n_vocab {
            let (p, b) = (r.f32()?, r.f32()?);
            if !(p.is_finite() && b.is_finite()) {
                return Err(LmError(
                    "a unigram probability is not a finite number".into(),
                ));
            }
            unigrams.push((p, b));
        }
        let bi = Section::read(&mut r, 4, true)?;
        let tri = Section::read(&mut r, 6, false)?;
        Ok(LanguageModel {
            bytes,
            ids,
            words,
            unigrams,
            bi,
            tri,
            predecessors: OnceLock::new(),
            bi_blocks: OnceLock::new(),
            tri_index: OnceLock::new(),
            variants: OnceLock::new(),
            uid: next_uid(),
        })
    }

    /// The id of `word` (lower case), or `<unk>`; numbers share `<num>`.
    pub(crate) fn id(&self, word: &str) -> u16 {
        let key = if is_number(word) { NUM } else { word };
        self.ids.get(key).copied().unwrap_or(UNK)
    }

    /// This model's identity in the process (see the field).
    pub(crate) fn uid(&self) -> u64 {
        self.uid
    }

    /// The word of `id`.
    pub(crate) fn word(&self, id: u16) -> Option<&str> {
        self.words.get(usize::from(id)).map(String::as_str)
    }

    fn bi_key(&self, i: usize) -> u32 {
        let at = self.bi.keys + 4 * i;
        self.bytes
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_le_bytes)
    }

    fn tri_key(&self, i: usize) -> u64 {
        let at = self.tri.keys + 6 * i;
        let mut k = [0u8; 8];
        if let (Some(src), Some(dst)) = (self.bytes.get(at..at + 6), k.get_mut(..6)) {
            dst.copy_from_slice(src);
        }
        u64::from_le_bytes(k)
    }

    fn byte(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    /// Where each word's group starts among `n` entries grouped by a word,
    /// `word(i)` being entry `i`'s: counts shifted one place up, summed.
    fn group_starts(&self, n: usize, word: impl Fn(usize) -> usize) -> Vec<u32> {
        let mut s = vec![0u32; self.unigrams.len() + 2];
        for i in 0..n {
            if let Some(c) = s.get_mut(word(i) + 1) {
                *c += 1;
            }
        }
        prefix_sums(&mut s);
        s
    }

    fn bi_blocks(&self) -> &[u32] {
        self.bi_blocks
            .get_or_init(|| self.group_starts(self.bi.n, |i| (self.bi_key(i) >> 16) as usize))
    }

    fn tri_index(&self) -> &TriIndex {
        self.tri_index.get_or_init(|| {
            // Both tables are sorted, so one walk pairs each trigram with
            // its context's bigram.
            let mut starts = vec![0u32; self.bi.n + 1];
            let mut b = 0;
            for t in 0..self.tri.n {
                let context = (self.tri_key(t) >> 16) as u32;
                while b < self.bi.n && self.bi_key(b) < context {
                    b += 1;
                }
                match starts.get_mut(b + 1) {
                    Some(c) if b < self.bi.n && self.bi_key(b) == context => *c += 1,
                    _ => {
                        return TriIndex::ByFirst(
                            self.group_starts(self.tri.n, |i| (self.tri_key(i) >> 32) as usize),
                        )
                    }
                }
            }
            prefix_sums(&mut starts);
            TriIndex::ByContext(starts)
        })
    }

    /// Binary search for `key` among entries `lo..hi` of a sorted table.
    fn search<K: Ord>(lo: usize, hi: usize, key: K, at: impl Fn(usize) -> K) -> Option<usize> {
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match at(mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Entries `starts[k]..starts[k + 1]`, or none.
    fn block(starts: &[u32], k: usize) -> (usize, usize) {
        (
            starts.get(k).copied().unwrap_or(0) as usize,
            starts.get(k + 1).copied().unwrap_or(0) as usize,
        )
    }

    fn find_bi(&self, u: u16, v: u16) -> Option<usize> {
        let key = u32::from(u) << 16 | u32::from(v);
        let (lo, hi) = Self::block(self.bi_blocks(), usize::from(u));
        Self::search(lo, hi.min(self.bi.n), key, |i| self.bi_key(i))
    }

    fn p_uni(&self, w: u16) -> f32 {
        self.unigrams.get(usize::from(w)).map_or(-10.0, |u| u.0)
    }

    fn p_bi(&self, v: u16, w: u16) -> f32 {
        self.bigram_logprob(self.bigram(v, w))
    }

    /// log10 P(w | u v); `u`, `v` may be `<s>`.
    pub(crate) fn logprob(&self, u: Option<u16>, v: Option<u16>, w: u16) -> f32 {
        match (u, v) {
            (_, None) => self.p_uni(w),
            (None, Some(v)) => self.p_bi(v, w),
            (Some(u), Some(v)) => self.trigram_logprob(self.bigram(u, v), w, || self.p_bi(v, w)),
        }
    }

    /// The bigram `u v`, looked up: repair asks about the same pairs for
    /// many candidates, and looks each up once.
    pub(crate) fn bigram(&self, u: u16, v: u16) -> Bigram {
        Bigram {
            u,
            v,
            at: self.find_bi(u, v).map(|i| i as u32),
        }
    }

    /// log10 P(v | u) of the bigram `b`.
    pub(crate) fn bigram_logprob(&self, b: Bigram) -> f32 {
        match b.at {
            Some(i) => dequant_p(self.byte(self.bi.probs + i as usize)),
            None => self.unigrams.get(usize::from(b.u)).map_or(0.0, |u| u.1) + self.p_uni(b.v),
        }
    }

    /// log10 P(w | u v), given the bigram `u v` and, for a trigram the
    /// model lacks, log10 P(w | v).
    pub(crate) fn trigram_logprob(&self, uv: Bigram, w: u16, p_vw: impl FnOnce() -> f32) -> f32 {
        let key = u64::from(uv.u) << 32 | u64::from(uv.v) << 16 | u64::from(w);
        let (lo, hi) = match (self.tri_index(), uv.at) {
            (TriIndex::ByContext(starts), Some(i)) => Self::block(starts, i as usize),
            (TriIndex::ByContext(_), None) => (0, 0),
            (TriIndex::ByFirst(starts), _) => Self::block(starts, usize::from(uv.u)),
        };
        match Self::search(lo, hi.min(self.tri.n), key, |i| self.tri_key(i)) {
            Some(t) => dequant_p(self.byte(self.tri.probs + t)),
            None => self.backoff(uv) + p_vw(),
        }
    }

    /// log10 of the backoff weight of the context `uv` (0 for a bigram the
    /// model lacks).
    fn backoff(&self, uv: Bigram) -> f32 {
        uv.at.map_or(0.0, |i| {
            dequant_bo(self.byte(self.bi.backoffs + i as usize))
        })
    }

    /// log10 probability of a run of lower-case syllables, each given the
    /// two before it (the first ones given what precedes them in the run).
    pub fn score(&self, words: &[&str]) -> f32 {
        let ids: Vec<u16> = words.iter().map(|w| self.id(w)).collect();
        self.score_ids(&ids, 0)
    }

    /// log10 probability of `ids[from..]`, each given up to two words
    /// before it in `ids`.
    pub(crate) fn score_ids(&self, ids: &[u16], from: usize) -> f32 {
        (from..ids.len())
            .map(|i| {
                let w = ids.get(i).copied().unwrap_or(UNK);
                let v = i.checked_sub(1).and_then(|j| ids.get(j).copied());
                let u = i.checked_sub(2).and_then(|j| ids.get(j).copied());
                self.logprob(u, v, w)
            })
            .sum()
    }

    /// Words seen after `v`, with log10 P(w | v): the model's candidates
    /// for a word that followed `v`.
    pub(crate) fn continuations(&self, v: u16) -> Vec<(u16, f32)> {
        let (lo, hi) = Self::block(self.bi_blocks(), usize::from(v));
        (lo..hi.min(self.bi.n))
            .map(|i| {
                let k = self.bi_key(i);
                ((k & 0xFFFF) as u16, dequant_p(self.byte(self.bi.probs + i)))
            })
            .collect()
    }

    /// Words seen before `w`, with log10 P(w | v): the model's candidates
    /// for a word that preceded `w`.
    pub(crate) fn predecessors(&self, w: u16) -> Vec<(u16, f32)> {
        let (items, firsts) = self.predecessor_bigrams(w);
        items
            .iter()
            .zip(firsts)
            .map(|(&i, &u)| (u, dequant_p(self.byte(self.bi.probs + i as usize))))
            .collect()
    }

    /// The bigrams ending in `w`, as table indices in table order (by
    /// first word), and their first words.
    fn predecessor_bigrams(&self, w: u16) -> (&[u32], &[u16]) {
        let index = self.predecessors.get_or_init(|| {
            let second = |i: usize| usize::from(self.bi_key(i) as u16);
            let starts = self.group_starts(self.bi.n, second);
            // Each group filled in table order, from its start.
            let mut next = starts.clone();
            let mut items = vec![0u32; self.bi.n];
            for i in 0..self.bi.n {
                if let Some(at) = next.get_mut(second(i)) {
                    if let Some(slot) = items.get_mut(*at as usize) {
                        *slot = i as u32;
                    }
                    *at += 1;
                }
            }
            let firsts = items
                .iter()
                .map(|&i| (self.bi_key(i as usize) >> 16) as u16)
                .collect();
            Grouped {
                starts,
                items,
                firsts,
            }
        });
        let (lo, hi) = Self::block(&index.starts, usize::from(w));
        (
            index.items.get(lo..hi).unwrap_or_default(),
            index.firsts.get(lo..hi).unwrap_or_default(),
        )
    }

    /// `xs.iter().map(|&x| self.bigram(u, x))`, for many `xs` at once:
    /// `order` lists the indices of `xs` by word id, and `u`'s block of
    /// the table (sorted by second word) is walked once beside them where
    /// that is cheaper than a search per word (repair asks a neighbour
    /// about thousands of candidates).
    pub(crate) fn bigrams_after(&self, u: u16, xs: &[u16], order: &[usize]) -> Vec<Bigram> {
        let (lo, hi) = Self::block(self.bi_blocks(), usize::from(u));
        let hi = hi.min(self.bi.n);
        let mut out: Vec<Bigram> = xs.iter().map(|&v| Bigram { u, v, at: None }).collect();
        if walk_pays(hi.saturating_sub(lo), xs.len()) {
            walk(
                lo..hi,
                xs,
                order,
                |i| self.bi_key(i) as u16,
                |k, i| {
                    if let Some(b) = out.get_mut(k) {
                        b.at = Some(i as u32);
                    }
                },
            );
        } else {
            out.iter_mut().for_each(|b| *b = self.bigram(u, b.v));
        }
        out
    }

    /// `xs.iter().map(|&x| self.bigram(x, v))`, for many `xs` at once, as
    /// [`LanguageModel::bigrams_after`] does.
    pub(crate) fn bigrams_before(&self, xs: &[u16], v: u16, order: &[usize]) -> Vec<Bigram> {
        let (before, firsts) = self.predecessor_bigrams(v);
        let mut out: Vec<Bigram> = xs.iter().map(|&u| Bigram { u, v, at: None }).collect();
        if walk_pays(before.len(), xs.len()) {
            let first = |j: usize| firsts.get(j).copied().unwrap_or(u16::MAX);
            walk(0..before.len(), xs, order, first, |k, j| {
                if let (Some(b), Some(&i)) = (out.get_mut(k), before.get(j)) {
                    b.at = Some(i);
                }
            });
        } else {
            out.iter_mut().for_each(|b| *b = self.bigram(b.u, v));
        }
        out
    }

    /// log10 P(x | u v) for the second word `x` of each bigram of `vx`
    /// (all `v x`, ordered by `order`), given the bigram `uv`: the
    /// trigrams extending `uv` walked once where that pays, as
    /// [`LanguageModel::bigrams_after`] does.
    pub(crate) fn trigrams_after(&self, uv: Bigram, vx: &[Bigram], order: &[usize]) -> Vec<f32> {
        let mut out: Vec<Option<f32>> = vec![None; vx.len()];
        if let (TriIndex::ByContext(starts), Some(at)) = (self.tri_index(), uv.at) {
            let (lo, hi) = Self::block(starts, at as usize);
            let hi = hi.min(self.tri.n);
            if walk_pays(hi.saturating_sub(lo), vx.len()) {
                let xs: Vec<u16> = vx.iter().map(|b| b.v).collect();
                walk(
                    lo..hi,
                    &xs,
                    order,
                    |t| self.tri_key(t) as u16,
                    |k, t| {
                        if let Some(p) = out.get_mut(k) {
                            *p = Some(dequant_p(self.byte(self.tri.probs + t)));
                        }
                    },
                );
                let backoff = self.backoff(uv);
                return vx
                    .iter()
                    .zip(out)
                    .map(|(&b, p)| p.unwrap_or_else(|| backoff + self.bigram_logprob(b)))
                    .collect();
            }
        }
        vx.iter()
            .map(|&b| self.trigram_logprob(uv, b.v, || self.bigram_logprob(b)))
            .collect()
    }

    /// log10 P(w), the unigram.
    pub(crate) fn unigram(&self, w: u16) -> f32 {
        self.p_uni(w)
    }

    /// The number of words in the vocabulary (ids are below it).
    pub(crate) fn vocabulary_size(&self) -> usize {
        self.words.len()
    }

    /// The ids of the words whose folded skeleton is `skeleton` ("bong" →
    /// bóng, bông, bỏng, …), most probable first: the readings of a word
    /// written without its marks. The index is built on first use.
    pub(crate) fn variants(&self, skeleton: &str) -> &[u16] {
        let index = self.variants.get_or_init(|| {
            let mut index = Skeletons::default();
            for (id, w) in self.words.iter().enumerate().skip(3) {
                if w == COMMA || w == NUM {
                    continue;
                }
                let folded = crate::fold::fold(w);
                if let Ok(id) = u16::try_from(id) {
                    index
                        .entry(folded.as_str().to_string())
                        .or_default()
                        .push(id);
                }
            }
            for ids in index.values_mut() {
                ids.sort_by(|&a, &b| self.p_uni(b).total_cmp(&self.p_uni(a)));
            }
            index
        });
        index.get(skeleton).map_or(&[], Vec::as_slice)
    }

    /// The sizes of the vocabulary and of the bigram and trigram tables.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.unigrams.len(), self.bi.n, self.tri.n)
    }
}

/// What the model reads in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A run of letters and digits.
    Word,
    /// A comma: a word of the model ("khuyến học, khuyến tài").
    Comma,
    /// Where a sentence or clause ends: . ! ? ; : a line break, brackets,
    /// quotes, dashes, other symbols.
    Break,
}

/// The comma's word in the vocabulary.
pub(crate) const COMMA: &str = ",";
/// The word every number stands for.
const NUM: &str = "<num>";

/// A bigram looked up in the model's table ([`LanguageModel::bigram`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bigram {
    u: u16,
    v: u16,
    /// Its index in the table; `None`: the model lacks it.
    at: Option<u32>,
}

/// Whether walking a sorted block of `block` entries beside `asked` sorted
/// words costs less than a binary search per word (of that block, or of a
/// block of about its size).
fn walk_pays(block: usize, asked: usize) -> bool {
    block <= asked.saturating_mul(8)
}

/// Walks the entries `block` of a table, sorted by `word(i)`, beside
/// `xs` taken in `order` (ascending by id), calling `found(k, i)` for
/// each `xs[k]` that entry `i` holds: the entry a binary search for it
/// would find, as the keys are unique within a block.
fn walk(
    block: Range<usize>,
    xs: &[u16],
    order: &[usize],
    word: impl Fn(usize) -> u16,
    mut found: impl FnMut(usize, usize),
) {
    let mut i = block.start;
    for &k in order {
        let Some(&x) = xs.get(k) else { continue };
        while i < block.end && word(i) < x {
            i += 1;
        }
        if i < block.end && word(i) == x {
            found(k, i);
        }
    }
}

/// Turns counts (shifted one place up) into where each group starts.
fn prefix_sums(s: &mut [u32]) {
    let mut sum = 0u32;
    for c in s.iter_mut() {
        sum = sum.wrapping_add(*c);
        *c = sum;
    }
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// `char::is_alphanumeric`, with the Latin letters of Vietnamese text
/// answered without the Unicode tables (their lookup was a tenth of
/// repair's time on the seed article).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1 letters, Latin Extended-A and -B, Latin Extended
        // Additional: all letters but × and ÷.
        0xC0..=0x24F => !matches!(c, '\u{D7}' | '\u{F7}'),
        0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// Calls `f` with each piece of `text` and its byte range, in order;
/// spaces and invisible characters are nothing.
pub(crate) fn scan(text: &str, mut f: impl FnMut(Range<usize>, Piece)) {
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            f(s..i, Piece::Word);
        }
        if c == ',' {
            f(i..i + 1, Piece::Comma);
        } else if c == '\n' || !(c.is_whitespace() || crate::tables::is_invisible(c)) {
            f(i..i + c.len_utf8(), Piece::Break);
        }
    }
    if let Some(s) = start {
        f(s..text.len(), Piece::Word);
    }
}

/// The sentences of `text` as the model reads them: lower-case words and
/// commas, between breaks.
pub(crate) fn sentences(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    scan(text, |r, piece| match piece {
        Piece::Word => cur.push(text.get(r).unwrap_or_default().to_lowercase()),
        Piece::Comma => cur.push(COMMA.to_string()),
        Piece::Break => {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    });
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Counts syllable n-grams over documents and writes a model file.
///
/// # Example
/// ```
/// use vnclean::{LanguageModel, Trainer};
///
/// let mut t = Trainer::new();
/// for _ in 0..3 {
///     t.add("Hội khuyến học tỉnh. Phong trào học tập.");
/// }
/// let lm = LanguageModel::from_bytes(t.finish(1, 1)).unwrap();
/// assert!(lm.score(&["khuyến", "học"]) > lm.score(&["khuyến", "tập"]));
/// ```
#[derive(Default)]
pub struct Trainer {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    uni: Vec<u64>,
    bi: HashMap<u64, u32>,
    tri: HashMap<u128, u32>,
}

impl Trainer {
    /// An empty trainer.
    pub fn new() -> Trainer {
        let mut t = Trainer::default();
        for w in ["<unk>", "<s>", "</s>"] {
            t.intern(w);
        }
        t
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&i) = self.ids.get(w) {
            return i;
        }
        let i = self.words.len() as u32;
        self.ids.insert(w.to_string(), i);
        self.words.push(w.to_string());
        self.uni.push(0);
        i
    }

    /// Counts the n-grams of one document. Words that are not Vietnamese
    /// syllables count as `<unk>`.
    pub fn add(&mut self, text: &str) {
        for s in sentences(text) {
            let mut ids = vec![1u32];
            for w in &s {
                ids.push(if is_number(w) {
                    self.intern(NUM)
                } else if w == COMMA || crate::syllable::is_syllable(w) {
                    self.intern(w)
                } else {
                    0
                });
            }
            ids.push(2);
            for (i, &w) in ids.iter().enumerate() {
                if let Some(c) = self.uni.get_mut(w as usize) {
                    *c += 1;
                }
                if i >= 1 {
                    let v = ids.get(i - 1).copied().unwrap_or(0);
                    *self
                        .bi
                        .entry(u64::from(v) << 32 | u64::from(w))
                        .or_default() += 1;
                }
                if i >= 2 {
                    let u = ids.get(i - 2).copied().unwrap_or(0);
                    let v = ids.get(i - 1).copied().unwrap_or(0);
                    let key = u128::from(u) << 64 | u128::from(v) << 32 | u128::from(w);
                    *self.tri.entry(key).or_default() += 1;
                }
            }
        }
    }

    /// Smooths, prunes n-grams seen fewer than `min_bigram` / `min_trigram`
    /// times, and returns the model file's bytes. The vocabulary keeps the
    /// 65,000 most frequent syllables.
    pub fn finish(self, min_bigram: u32, min_trigram: u32) -> Vec<u8> {
        let Trainer {
            words: all_words,
            uni: uni_counts,
            bi: bi_counts,
            tri: tri_counts,
            ..
        } = self;
        // New ids by frequency (specials first).
        let mut order: Vec<u32> = (3..all_words.len() as u32).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(uni_counts.get(i as usize).copied().unwrap_or(0)));
        order.truncate(65_000);
        let mut remap = vec![UNK; all_words.len()];
        for (old, new) in [(1, BOS), (2, EOS)] {
            if let Some(r) = remap.get_mut(old) {
                *r = new;
            }
        }
        let mut words: Vec<&str> = vec!["<unk>", "<s>", "</s>"];
        for (k, &old) in order.iter().enumerate() {
            if let Some(r) = remap.get_mut(old as usize) {
                *r = (k + 3) as u16;
            }
            words.push(all_words.get(old as usize).map_or("", String::as_str));
        }
        let id = |old: u32| remap.get(old as usize).copied().unwrap_or(UNK);
        let v = words.len();
        // Counts under the new ids (words cut from the vocabulary fold into
        // <unk>).
        let mut uni = vec![0f64; v];
        for (old, &c) in uni_counts.iter().enumerate() {
            if let Some(u) = uni.get_mut(usize::from(id(old as u32))) {
                *u += c as f64;
            }
        }
        let mut bi: HashMap<u32, f64> = HashMap::new();
        for (&k, &c) in &bi_counts {
            let key = u32::from(id((k >> 32) as u32)) << 16 | u32::from(id(k as u32));
            *bi.entry(key).or_default() += f64::from(c);
        }
        let mut tri: HashMap<u64, f64> = HashMap::new();
        for (&k, &c) in &tri_counts {
            let key = u64::from(id((k >> 64) as u32)) << 32
                | u64::from(id((k >> 32) as u32)) << 16
                | u64::from(id(k as u32));
            *tri.entry(key).or_default() += f64::from(c);
        }
        drop(bi_counts);
        drop(tri_counts);
        // Lower orders are Kneser-Ney: a word's unigram weight is how many
        // different words it follows, a bigram's how many different words
        // precede it ("Francisco" follows only "San"). Bigrams after <s>
        // have nothing before them and keep their raw counts.
        let mut follows = vec![0f64; v];
        for &k in bi.keys() {
            if let Some(f) = follows.get_mut(usize::from(k as u16)) {
                *f += 1.0;
            }
        }
        let total: f64 = follows.iter().sum::<f64>() + 0.5 * v as f64;
        let p1: Vec<f64> = follows.iter().map(|&c| (c + 0.5) / total).collect();
        let mut preceded: HashMap<u32, f64> = HashMap::new();
        for &k in tri.keys() {
            *preceded.entry((k & 0xFFFF_FFFF) as u32).or_default() += 1.0;
        }
        let count2 = |k: u32, raw: f64| -> f64 {
            if (k >> 16) as u16 == BOS {
                raw
            } else {
                preceded.get(&k).copied().unwrap_or(raw)
            }
        };
        // Bigram context totals and distinct continuations.
        let mut ctx1: HashMap<u16, (f64, f64)> = HashMap::new();
        for (&k, &c) in &bi {
            let e = ctx1.entry((k >> 16) as u16).or_default();
            e.0 += count2(k, c);
            e.1 += 1.0;
        }
        let p2_full = |k: u32, c: f64| -> f64 {
            let (u, w) = ((k >> 16) as u16, k as u16);
            let (tot, n1) = ctx1.get(&u).copied().unwrap_or((0.0, 0.0));
            let pw = p1.get(usize::from(w)).copied().unwrap_or(1e-9);
            if tot == 0.0 {
                return pw;
            }
            (count2(k, c) - DISCOUNT).max(0.0) / tot + DISCOUNT * n1 / tot * pw
        };
        // Kept bigrams and each context's backoff weight.
        let mut kept_bi: Vec<(u32, f64)> = bi
            .iter()
            .filter(|(_, &c)| c >= f64::from(min_bigram))
            .map(|(&k, &c)| (k, p2_full(k, c)))
            .collect();
        kept_bi.sort_by_key(|&(k, _)| k);
        let mut bo1 = vec![0f64; v];
        {
            let mut sums: HashMap<u16, (f64, f64)> = HashMap::new();
            for &(k, p) in &kept_bi {
                let e = sums.entry((k >> 16) as u16).or_default();
                e.0 += p;
                e.1 += p1.get(usize::from(k as u16)).copied().unwrap_or(0.0);
            }
            for (u, (sp, sl)) in sums {
                let w = ((1.0 - sp).max(1e-9) / (1.0 - sl).max(1e-9)).log10();
                if let Some(b) = bo1.get_mut(usize::from(u)) {
                    *b = w;
                }
            }
        }
        let bi_index: HashMap<u32, f64> = kept_bi.iter().copied().collect();
        let p2_bo = |u: u16, w: u16| -> f64 {
            match bi_index.get(&(u32::from(u) << 16 | u32::from(w))) {
                Some(&p) => p,
                None => {
                    10f64.powf(bo1.get(usize::from(u)).copied().unwrap_or(0.0))
                        * p1.get(usize::from(w)).copied().unwrap_or(1e-9)
                }
            }
        };
        // Trigrams.
        let mut ctx2: HashMap<u32, (f64, f64)> = HashMap::new();
        for (&k, &c) in &tri {
            let e = ctx2.entry((k >> 16) as u32).or_default();
            e.0 += c;
            e.1 += 1.0;
        }
        let mut kept_tri: Vec<(u64, f64)> = tri
            .iter()
            .filter(|(_, &c)| c >= f64::from(min_trigram))
            .map(|(&k, &c)| {
                let (u, vv, w) = ((k >> 32) as u16, (k >> 16) as u16, k as u16);
                let (tot, n1) = ctx2.get(&((k >> 16) as u32)).copied().unwrap_or((1.0, 0.0));
                let p = (c - DISCOUNT).max(0.0) / tot + DISCOUNT * n1 / tot * p2_bo(vv, w);
                let _ = u;
                (k, p)
            })
            .collect();
        kept_tri.sort_by_key(|&(k, _)| k);
        let mut bo2: HashMap<u32, f64> = HashMap::new();
        {
            let mut sums: HashMap<u32, (f64, f64)> = HashMap::new();
            for &(k, p) in &kept_tri {
                let e = sums.entry((k >> 16) as u32).or_default();
                e.0 += p;
                e.1 += p2_bo((k >> 16) as u16, k as u16);
            }
            for (ctx, (sp, sl)) in sums {
                bo2.insert(ctx, ((1.0 - sp).max(1e-9) / (1.0 - sl).max(1e-9)).log10());
            }
        }
        let unigrams: Vec<(f32, f32)> = p1
            .iter()
            .zip(&bo1)
            .map(|(&p, &b)| (p.log10() as f32, b as f32))
            .collect();
        let bigrams: Vec<(u32, u8, u8)> = kept_bi
            .iter()
            .map(|&(k, p)| {
                (
                    k,
                    quant_p(p.log10()),
                    quant_bo(bo2.get(&k).copied().unwrap_or(0.0)),
                )
            })
            .collect();
        let trigrams: Vec<(u64, u8)> = kept_tri
            .iter()
            .map(|&(k, p)| (k, quant_p(p.log10())))
            .collect();
        let mut out = Vec::new();
        write_model(&mut out, &words, &unigrams, &bigrams, &trigrams);
        out
    }
}

fn write_model(
    out: &mut Vec<u8>,
    words: &[&str],
    unigrams: &[(f32, f32)],
    bigrams: &[(u32, u8, u8)],
    trigrams: &[(u64, u8)],
) {
    let vocab = words.join("\n");
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    out.extend_from_slice(&(vocab.len() as u32).to_le_bytes());
    out.extend_from_slice(vocab.as_bytes());
    for &(p, b) in unigrams {
        out.extend_from_slice(&p.to_le_bytes());
        out.extend_from_slice(&b.to_le_bytes());
    }
    out.extend_from_slice(&(bigrams.len() as u32).to_le_bytes());
    for &(k, _, _) in bigrams {
        out.extend_from_slice(&k.to_le_bytes());
    }
    out.extend(bigrams.iter().map(|&(_, p, _)| p));
    out.extend(bigrams.iter().map(|&(_, _, b)| b));
    out.extend_from_slice(&(trigrams.len() as u32).to_le_bytes());
    for &(k, _) in trigrams {
        out.extend_from_slice(k.to_le_bytes().get(..6).unwrap_or_default());
    }
    out.extend(trigrams.iter().map(|&(_, p)| p));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads_and_prefers_real_text() {
        let lm = LanguageModel::embedded();
        let (v, b, t) = lm.sizes();
        assert!(v > 5_000 && b > 100_000 && t > 100_000, "{v} {b} {t}");
        assert!(lm.score(&["khuyến", "học"]) > lm.score(&["khuyến", "tập"]));
        assert!(lm.score(&["xã", "hội", "học", "tập"]) > lm.score(&["xã", "hội", "khích", "tập"]));
    }

    #[test]
    fn word_chars_are_the_alphanumeric_ones() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// log10 P(w | u v) read off the tables by linear scans: the
    /// definition the indexed lookups must agree with.
    fn by_scan(
        unigrams: &[(f32, f32)],
        bigrams: &[(u32, u8, u8)],
        trigrams: &[(u64, u8)],
        (u, v, w): (u16, u16, u16),
    ) -> f32 {
        let bi = |a: u16, b: u16| {
            let k = u32::from(a) << 16 | u32::from(b);
            bigrams.iter().find(|e| e.0 == k)
        };
        let p_bi = |a: u16, b: u16| match bi(a, b) {
            Some(e) => dequant_p(e.1),
            None => unigrams[usize::from(a)].1 + unigrams[usize::from(b)].0,
        };
        let k = u64::from(u) << 32 | u64::from(v) << 16 | u64::from(w);
        match trigrams.iter().find(|e| e.0 == k) {
            Some(e) => dequant_p(e.1),
            None => bi(u, v).map_or(0.0, |e| dequant_bo(e.2)) + p_bi(v, w),
        }
    }

    #[test]
    fn models_the_trainer_writes_are_looked_up_by_context() {
        assert!(matches!(
            LanguageModel::embedded().tri_index(),
            TriIndex::ByContext(_)
        ));
        let mut t = Trainer::new();
        t.add("một hai ba bốn. một hai ba năm. hai ba bốn sáu.");
        let lm = LanguageModel::from_bytes(t.finish(1, 1)).unwrap();
        assert!(matches!(lm.tri_index(), TriIndex::ByContext(_)));
    }

    #[test]
    fn indexed_lookups_agree_with_the_tables() {
        let words = ["<unk>", "<s>", "</s>", "a", "b", "c", "d"];
        let unigrams: Vec<(f32, f32)> = (0..words.len())
            .map(|i| (-1.0 - i as f32 / 10.0, -0.1 * i as f32))
            .collect();
        let key2 = |a: u32, b: u32| a << 16 | b;
        let key3 = |a: u64, b: u64, c: u64| a << 32 | b << 16 | c;
        let bigrams = vec![
            (key2(1, 3), 10, 3),
            (key2(3, 4), 20, 5),
            (key2(3, 5), 30, 7),
            (key2(4, 5), 40, 9),
            (key2(5, 3), 50, 11),
        ];
        let mut trigrams = vec![
            (key3(1, 3, 4), 5),
            (key3(3, 4, 5), 6),
            (key3(3, 4, 6), 7),
            (key3(4, 5, 3), 8),
        ];
        let ids: Vec<u16> = (0..words.len() as u16).collect();
        for orphan in [false, true] {
            if orphan {
                // Its context "d a" is no bigram: the lookup by context
                // cannot serve this model, the lookup by first word must.
                trigrams.push((key3(6, 3, 4), 9));
            }
            let mut bytes = Vec::new();
            write_model(&mut bytes, &words, &unigrams, &bigrams, &trigrams);
            let lm = LanguageModel::from_bytes(bytes).unwrap();
            assert_eq!(
                matches!(lm.tri_index(), TriIndex::ByFirst(_)),
                orphan,
                "{orphan}"
            );
            for &u in &ids {
                for &v in &ids {
                    for &w in &ids {
                        let want = by_scan(&unigrams, &bigrams, &trigrams, (u, v, w));
                        let got = lm.logprob(Some(u), Some(v), w);
                        assert_eq!(got, want, "{u} {v} {w} orphan {orphan}");
                    }
                }
            }
            if orphan {
                assert_eq!(lm.logprob(Some(6), Some(3), 4), dequant_p(9));
            }
            assert_eq!(lm.predecessors(5), [(3, dequant_p(30)), (4, dequant_p(40))]);
            assert_eq!(lm.predecessors(3), [(1, dequant_p(10)), (5, dequant_p(50))]);
            assert_eq!(lm.predecessors(6), []);
            assert_eq!(
                lm.continuations(3),
                [(4, dequant_p(20)), (5, dequant_p(30))]
            );
        }
    }

    /// Repair's lookups for many candidates at once answer as one lookup
    /// per candidate, whether they walk the table or search it.
    #[test]
    fn lookups_for_many_words_agree_with_one_by_one() {
        let mut t = Trainer::new();
        let seed = include_str!("../fixtures/seed/article.gold.txt");
        t.add(seed);
        let lm = LanguageModel::from_bytes(t.finish(1, 1)).unwrap();
        let n = lm.sizes().0;
        // Every word twice, in a scrambled order, and a few alone (a
        // search per word then costs less than a walk).
        let every: Vec<u16> = (0..n)
            .chain(0..n)
            .map(|i| ((i * 37 + 11) % n) as u16)
            .collect();
        let same = |a: &[Bigram], b: &[Bigram]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(a, b)| (a.u, a.v, a.at) == (b.u, b.v, b.at))
        };
        let neighbours = ["khuyến", "học", "các", "và", "<s>", "</s>", ","];
        let mut regimes = std::collections::HashSet::new();
        for xs in [every, vec![lm.id("học"), UNK], vec![lm.id("tập")]] {
            let mut order: Vec<usize> = (0..xs.len()).collect();
            order.sort_by_key(|&k| xs[k]);
            let mut found = 0;
            for w in neighbours {
                let u = lm.id(w);
                let (lo, hi) = LanguageModel::block(lm.bi_blocks(), usize::from(u));
                regimes.insert(walk_pays(hi - lo, xs.len()));
                let after = lm.bigrams_after(u, &xs, &order);
                let one: Vec<Bigram> = xs.iter().map(|&x| lm.bigram(u, x)).collect();
                assert!(same(&after, &one), "after {w}");
                found += after.iter().filter(|b| b.at.is_some()).count();
                let before = lm.bigrams_before(&xs, u, &order);
                let one: Vec<Bigram> = xs.iter().map(|&x| lm.bigram(x, u)).collect();
                assert!(same(&before, &one), "before {w}");
                for l2 in neighbours {
                    let context = lm.bigram(lm.id(l2), u);
                    let got = lm.trigrams_after(context, &after, &order);
                    let want: Vec<f32> = after
                        .iter()
                        .map(|&b| lm.trigram_logprob(context, b.v, || lm.bigram_logprob(b)))
                        .collect();
                    assert_eq!(got, want, "{l2} {w}");
                }
            }
            assert!(found > 0, "the model knows some of {xs:?}");
        }
        assert_eq!(regimes.len(), 2, "both a walk and searches were asked for");
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(LanguageModel::from_bytes(b"nope".to_vec()).is_err());
        let mut t = Trainer::new();
        t.add("một hai ba");
        let mut bytes = t.finish(1, 1);
        assert!(LanguageModel::from_bytes(bytes.clone()).is_ok());
        bytes.truncate(bytes.len() - 3);
        assert!(LanguageModel::from_bytes(bytes.clone()).is_err());
        bytes[4] = 9;
        let e = LanguageModel::from_bytes(bytes).unwrap_err();
        assert!(e.0.contains("version"), "{e}");
        // A vocabulary longer than its count, repeating a word: ids and
        // words would disagree.
        let vocab = "<unk>\n<s>\n</s>\n<s>";
        let mut bytes = MAGIC.to_vec();
        for n in [VERSION, 3, vocab.len() as u32] {
            bytes.extend_from_slice(&n.to_le_bytes());
        }
        bytes.extend_from_slice(vocab.as_bytes());
        bytes.extend(std::iter::repeat_n(0u8, 3 * 8 + 4 + 4));
        let e = LanguageModel::from_bytes(bytes).unwrap_err();
        assert!(e.0.contains("vocabulary"), "{e}");
    }
}
