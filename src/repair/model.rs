//! The language model's side of repair: which words to weigh for a gap,
//! and how well each fits the words around it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::document::key_of;
use crate::lm::{Bigram, LanguageModel, BOS, EOS};
use crate::tables::{KeyMap, KeySet};

/// Model candidates taken per neighbour. (60 cost twice the time for the
/// same accuracy; 15 lost 0.01 on the embedded model.)
const MODEL_CANDIDATES: usize = 30;
/// The log10 price of the "inserted" hypothesis: one word fewer is one
/// factor fewer, and without a price "nothing was there" would win for
/// its brevity alone.
const NONE_PENALTY: f32 = 2.0;

/// A word the model proposes for a gap: a syllable of its vocabulary, with
/// the key repair compares words by.
#[derive(Clone, Copy)]
pub(super) struct Proposed {
    pub(super) id: u16,
    pub(super) key: u64,
}

/// The model's likeliest words after or before a word, per thread and
/// across pages: they depend on the model alone, and finding them (all of
/// the word's bigrams, the top 30, their spelling checked and keyed) cost
/// more than weighing them on a page with one phrase. Keyed by the model's
/// [`LanguageModel::uid`]; emptied when full.
struct ProposalCache {
    model: u64,
    /// By [`neighbour`].
    tops: KeyMap<Rc<[Proposed]>>,
}

thread_local! {
    static PROPOSALS: RefCell<ProposalCache> = RefCell::new(ProposalCache {
        model: 0,
        tops: KeyMap::default(),
    });
}

/// Neighbours whose proposals a thread keeps (about 500 bytes each).
const PROPOSALS_KEPT: usize = 8192;

/// A neighbour as one number: its id, and whether the gap is before it.
fn neighbour(before: bool, id: u16) -> u64 {
    u64::from(before) << 16 | u64::from(id)
}

/// The model's likeliest syllables after `id` (before it, with `before`).
fn tops(lm: &LanguageModel, before: bool, id: u16) -> Rc<[Proposed]> {
    let find = || -> Rc<[Proposed]> {
        let mut found = if before {
            lm.predecessors(id)
        } else {
            lm.continuations(id)
        };
        // Likeliest first; ties by id, as a stable sort of the table's
        // order would leave them.
        let order = |a: &(u16, f32), b: &(u16, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if MODEL_CANDIDATES < found.len() {
            found.select_nth_unstable_by(MODEL_CANDIDATES, order);
            found.truncate(MODEL_CANDIDATES);
        }
        found.sort_by(order);
        found
            .into_iter()
            .filter_map(|(w, _)| {
                let word = lm.word(w).filter(|w| !w.starts_with('<'))?;
                crate::syllable::is_syllable(word).then(|| Proposed {
                    id: w,
                    key: key_of(word).0,
                })
            })
            .collect()
    };
    PROPOSALS
        .try_with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else {
                return find();
            };
            if cache.model != lm.uid() || cache.tops.len() >= PROPOSALS_KEPT {
                cache.model = lm.uid();
                cache.tops.clear();
            }
            Rc::clone(cache.tops.entry(neighbour(before, id)).or_insert_with(find))
        })
        .unwrap_or_else(|_| find())
}

/// Calls `add` with the model's likeliest syllables after each left
/// neighbour (`BOS` at a sentence start) and before each right one
/// (`EOS`), once per distinct neighbour, with their words.
pub(super) fn propose<'m>(
    lm: &'m LanguageModel,
    neighbours: impl Iterator<Item = (u16, u16)>,
    mut add: impl FnMut(Proposed, &'m str),
) {
    let mut asked = KeySet::default();
    for (left, right) in neighbours {
        for (before, id) in [(false, left), (true, right)] {
            if !asked.insert(neighbour(before, id)) {
                continue;
            }
            for &p in tops(lm, before, id).iter() {
                if let Some(word) = lm.word(p.id) {
                    add(p, word);
                }
            }
        }
    }
}

/// The words around a gap as model ids: `l2` and `l1` before it, `r1`
/// and `r2` after, with sentence edges (`BOS`, `EOS`) where the context
/// stops and `None` beyond them.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Gap {
    pub(super) l2: Option<u16>,
    pub(super) l1: u16,
    pub(super) r1: u16,
    pub(super) r2: Option<u16>,
}

/// Scores candidates in gaps. The three factors of a candidate's score,
/// P(x | l2 l1), P(r1 | l1 x) and P(r2 | x r1), each depend on two of the
/// four neighbours only, so gaps that share a pair share the factor:
/// each is computed once per pair for all candidates. The bigrams
/// `l1 x` and `x r1` serve two factors each, and are looked up once per
/// neighbour.
pub(super) struct Scorer<'m> {
    lm: &'m LanguageModel,
    cands: Vec<u16>,
    /// The indices of `cands` by id: the model's tables are walked beside
    /// them.
    order: Vec<usize>,
    /// log10 prior of each candidate.
    priors: Vec<f32>,
    /// Per left neighbour l1, each candidate's bigram `l1 x`.
    after_left: HashMap<u16, Vec<Bigram>>,
    /// Per right neighbour r1, each candidate's bigram `x r1`.
    before_right: HashMap<u16, Vec<Bigram>>,
    into: HashMap<(Option<u16>, u16), Vec<f32>>,
    across: HashMap<(u16, u16), Vec<f32>>,
    out_of: HashMap<(u16, Option<u16>), Vec<f32>>,
}

impl<'m> Scorer<'m> {
    pub(super) fn new(lm: &'m LanguageModel, cands: Vec<u16>, priors: Vec<f32>) -> Self {
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by_key(|&k| cands.get(k).copied().unwrap_or(0));
        Scorer {
            lm,
            cands,
            order,
            priors,
            after_left: HashMap::new(),
            before_right: HashMap::new(),
            into: HashMap::new(),
            across: HashMap::new(),
            out_of: HashMap::new(),
        }
    }

    /// The posterior over the candidates and, last, "nothing was there".
    pub(super) fn posterior(&mut self, g: Gap) -> Vec<f32> {
        let (lm, cands, order) = (self.lm, &self.cands, &self.order);
        let left = self
            .after_left
            .entry(g.l1)
            .or_insert_with(|| lm.bigrams_after(g.l1, cands, order));
        let right = self
            .before_right
            .entry(g.r1)
            .or_insert_with(|| lm.bigrams_before(cands, g.r1, order));
        // log10 P(x | l2 l1): with l2 = None, l1 is the sentence start.
        let into = self.into.entry((g.l2, g.l1)).or_insert_with(|| match g.l2 {
            Some(l2) => lm.trigrams_after(lm.bigram(l2, g.l1), left, order),
            None => left.iter().map(|&b| lm.bigram_logprob(b)).collect(),
        });
        let across = self.across.entry((g.l1, g.r1)).or_insert_with(|| {
            left.iter()
                .zip(right.iter())
                .map(|(&l, &r)| lm.trigram_logprob(l, g.r1, || lm.bigram_logprob(r)))
                .collect()
        });
        let out_of = self
            .out_of
            .entry((g.r1, g.r2))
            .or_insert_with(|| match g.r2 {
                Some(r2) => {
                    let p_r1r2 = lm.bigram_logprob(lm.bigram(g.r1, r2));
                    right
                        .iter()
                        .map(|&b| lm.trigram_logprob(b, r2, || p_r1r2))
                        .collect()
                }
                None => vec![0.0; cands.len()],
            });
        let mut scores: Vec<f32> = (0..cands.len())
            .map(|k| {
                let f = |v: &Vec<f32>| v.get(k).copied().unwrap_or(0.0);
                f(into) + f(across) + f(out_of) + self.priors.get(k).copied().unwrap_or(0.0)
            })
            .collect();
        // Nothing was there: r1 follows l1 directly.
        let mut none = lm.logprob(g.l2, Some(g.l1), g.r1) - NONE_PENALTY;
        if let Some(r2) = g.r2 {
            none += lm.logprob(Some(g.l1), Some(g.r1), r2);
        }
        scores.push(none);
        softmax10(&scores)
    }
}

impl Gap {
    /// The gap between `left` (l2, l1) and `right` (r1, r2) words, `None`
    /// where the sentence stops.
    pub(super) fn new(left: [Option<u16>; 2], right: [Option<u16>; 2]) -> Gap {
        let (l2, l1) = match left {
            [Some(l2), Some(l1)] => (Some(l2), l1),
            [None, Some(l1)] => (Some(BOS), l1),
            _ => (None, BOS),
        };
        let (r1, r2) = match right {
            [Some(r1), Some(r2)] => (r1, Some(r2)),
            [Some(r1), None] => (r1, Some(EOS)),
            _ => (EOS, None),
        };
        Gap { l2, l1, r1, r2 }
    }
}

/// Softmax of base-10 log scores.
pub(super) fn softmax10(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // (10 to a power under -46 is 0 in f32: not asked of the library.)
    let exps: Vec<f32> = scores
        .iter()
        .map(|&s| {
            let d = s - max;
            if d < -46.0 {
                0.0
            } else {
                (d * std::f32::consts::LN_10).exp()
            }
        })
        .collect();
    let sum: f32 = exps.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    exps.into_iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lm::Trainer;

    fn model(text: &str) -> LanguageModel {
        let mut t = Trainer::new();
        for _ in 0..3 {
            t.add(text);
        }
        LanguageModel::from_bytes(t.finish(1, 1)).unwrap()
    }

    fn after<'m>(lm: &'m LanguageModel, word: &str) -> Vec<&'m str> {
        let id = lm.id(word);
        tops(lm, false, id)
            .iter()
            .filter_map(|p| {
                let w = lm.word(p.id)?;
                assert_eq!(p.key, key_of(w).0, "{w}");
                Some(w)
            })
            .collect()
    }

    /// Proposals are kept per thread across pages: a second model on the
    /// same thread gets its own, and every proposal is a syllable.
    #[test]
    fn proposals_belong_to_their_model() {
        let a = model("khuyến học. khuyến học. khuyến tài.");
        let b = model("nông dân được khuyến khích. nông dân.");
        for _ in 0..2 {
            assert_eq!(after(&a, "khuyến"), ["học", "tài"]);
            assert_eq!(after(&b, "khuyến"), ["khích"]);
        }
        let c = model("xem email. xem thêm.");
        assert_eq!(after(&c, "xem"), ["thêm"], "email is no syllable");
    }
}
