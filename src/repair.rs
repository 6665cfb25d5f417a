//! Restoring the word an injected phrase displaced.
//!
//! A find-and-replace attack puts one phrase where one word stood, every
//! time; an insertion splices it between words. For each phrase, every
//! occurrence votes for the word that fits its context (or for "nothing was
//! there"), and the votes are normalised and bounded: an occurrence votes
//! with the logarithm of its posterior over the candidates, floored, and
//! occurrences beside the same neighbour share one vote, so the most
//! frequent context cannot decide alone and one odd context cannot veto.
//! Three sources of evidence: the document itself (the same neighbours
//! seen with a word in untouched text: "khuyến học" in the title), what
//! the attack left standing (a word still present where the phrase was at
//! work was not replaced there), and the syllable language model. Weak
//! evidence means no replacement: the phrase is stripped, and the report
//! says so.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::detect::{round, Action, Evidence, Finding};
use crate::lm::{scan, LanguageModel, Piece, BOS, COMMA, EOS};

/// Share of the votes the winner needs... Summed log-posteriors are
/// sharper than a sum of posteriors: at 0.25 two insertions of a phrase
/// between "Người dân" and "phản ánh" made it "Người dân không phản ánh"
/// (the shares of "không", "đã", "và" were 0.3, 0.27, 0.16); at 0.4 the
/// devset loses 0.03 of restored words with the embedded model, nothing
/// with a trained one.
const MIN_CONFIDENCE: f32 = 0.4;
/// ...or at least this share and this many times the runner-up's: a clear
/// winner among many weak candidates. (Tuned on the devset.)
const CLEAR_FLOOR: f32 = 0.06;
const CLEAR_RATIO: f32 = 1.5;
/// Weight of document evidence against the model, for an occurrence that
/// has both. On the devset 0.3 did best (0, 0.15, 0.45 and 0.6 did worse):
/// more, and the same context with another word (a list, a pair) misleads.
const DOC_WEIGHT: f32 = 0.3;
/// The log10 price of the "inserted" hypothesis (see its use).
const NONE_PENALTY: f32 = 2.0;

/// log10 prior against a candidate that still stands, in the same
/// lower-case form, where the phrase has been at work (after its first
/// occurrence): a find-and-replace attack leaves no "học" behind in the
/// text it went over, so a word still there was most likely not the one
/// displaced. A prior, not a veto: strong evidence can still carry it
/// (on the devset 1, 2 and 3 differ by under 0.02).
const STANDING_PENALTY: f32 = 2.0;
/// Floor of one occurrence's log10 posterior in the vote. Each occurrence
/// votes with its posterior's logarithm, so a candidate absurd in one
/// context ("khuyến khích" before "tập") pays for it, but no more than
/// this: one odd context (a list, a typo) cannot veto the word that fits
/// everywhere else. (-2 / -3 / -5: 0.78 / 0.80 / 0.73 on the devset.)
const VOTE_FLOOR: f32 = -3.0;

/// Distinct contexts weighed per phrase.
const MAX_CONTEXTS: usize = 256;
/// Model candidates taken per left neighbour.
const MODEL_CANDIDATES: usize = 30;

/// What repair concluded for a phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Attack {
    /// The phrase replaced a word.
    Replaced,
    /// The phrase was inserted between words.
    Inserted,
}

/// A word of the text with its span, lower-cased.
struct Word {
    span: Range<usize>,
    lower: String,
    /// Punctuation or a line break separates it from the word before.
    after_break: bool,
    /// Inside a finding.
    spam: bool,
    /// Written in lower case (a sentence-initial "Học" escapes a
    /// case-sensitive replace, so it says nothing).
    lowercase: bool,
}

/// The words (and commas) of the text as the model reads them.
fn words_of(text: &str, findings: &[Finding]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut brk = true;
    let mut f = 0;
    scan(text, |r, piece| {
        if piece == Piece::Break {
            brk = true;
            return;
        }
        while findings.get(f).is_some_and(|x| x.end <= r.start) {
            f += 1;
        }
        let spam = findings.get(f).is_some_and(|x| x.start < r.end);
        let surface = text.get(r.clone()).unwrap_or_default();
        let lower = match piece {
            Piece::Comma => COMMA.to_string(),
            _ => surface.to_lowercase(),
        };
        out.push(Word {
            lowercase: lower == surface,
            lower,
            span: r,
            after_break: brk,
            spam,
        });
        brk = false;
    });
    out
}

/// One occurrence's context: up to two words each side, within its
/// sentence, `None` past a break.
struct Context {
    left: [Option<usize>; 2],
    right: [Option<usize>; 2],
}

fn context(text: &str, words: &[Word], f: &Finding) -> Context {
    let before = words.partition_point(|w| w.span.end <= f.start);
    let after = words.partition_point(|w| w.span.start < f.end);
    let breaks = |gap: Range<usize>| {
        let mut broken = false;
        scan(text.get(gap).unwrap_or_default(), |_, p| {
            broken |= p != Piece::Word
        });
        broken
    };
    let usable = |j: usize| words.get(j).filter(|w| !w.spam).map(|_| j);
    let mut ctx = Context {
        left: [None; 2],
        right: [None; 2],
    };
    if let Some(l1) = before.checked_sub(1).and_then(usable) {
        if words.get(l1).is_some_and(|w| !breaks(w.span.end..f.start)) {
            ctx.left[0] = Some(l1);
            let joined = words.get(l1).is_some_and(|w| !w.after_break);
            ctx.left[1] = l1.checked_sub(1).and_then(usable).filter(|_| joined);
        }
    }
    if let Some(r1) = usable(after) {
        if words.get(r1).is_some_and(|w| !breaks(f.end..w.span.start)) {
            ctx.right[0] = Some(r1);
            ctx.right[1] = usable(r1 + 1).filter(|&j| words.get(j).is_some_and(|w| !w.after_break));
        }
    }
    ctx
}

/// Per phrase: what to put in place of each finding.
pub(crate) fn repair(text: &str, findings: &mut [Finding], lm: &LanguageModel) {
    let words = words_of(text, findings);
    // Untouched n-grams of the document: what follows a word and a pair,
    // what precedes one, what stands between two.
    // Keyed by the context, valued by the words seen in it: an occurrence
    // then reads three small maps instead of asking about every candidate.
    type Seen<'w> = HashMap<(&'w str, &'w str), HashMap<&'w str, f32>>;
    let mut after_pair: Seen = HashMap::new();
    let mut before_pair: Seen = HashMap::new();
    let mut between: Seen = HashMap::new();
    let mut pairs: HashMap<(&str, &str), f32> = HashMap::new();
    let mut next: HashMap<&str, HashMap<&str, f32>> = HashMap::new();
    let mut prev: HashMap<&str, HashMap<&str, f32>> = HashMap::new();
    for (i, b) in words.iter().enumerate() {
        let joined = |j: usize| {
            words.get(j).is_some_and(|w| !w.spam)
                && words.get(j + 1).is_some_and(|w| !w.after_break && !w.spam)
        };
        if b.spam || i == 0 || !joined(i - 1) {
            continue;
        }
        let Some(a) = words.get(i - 1) else { continue };
        *next
            .entry(&a.lower)
            .or_default()
            .entry(&b.lower)
            .or_default() += 1.0;
        *prev
            .entry(&b.lower)
            .or_default()
            .entry(&a.lower)
            .or_default() += 1.0;
        *pairs.entry((&a.lower, &b.lower)).or_default() += 1.0;
        if let Some(c) = words.get(i + 1).filter(|_| joined(i)) {
            let (a, b, c) = (a.lower.as_str(), b.lower.as_str(), c.lower.as_str());
            *after_pair.entry((a, b)).or_default().entry(c).or_default() += 1.0;
            *before_pair.entry((b, c)).or_default().entry(a).or_default() += 1.0;
            *between.entry((a, c)).or_default().entry(b).or_default() += 1.0;
        }
    }
    // Where each untouched lower-case word stands.
    let mut standing: HashMap<&str, Vec<usize>> = HashMap::new();
    for w in words.iter().filter(|w| !w.spam && w.lowercase) {
        standing.entry(&w.lower).or_default().push(w.span.start);
    }
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter_mut().enumerate() {
        // A keyword line displaced nothing: it goes whole.
        if f.evidence
            .iter()
            .any(|e| matches!(e, Evidence::KeywordLine { .. }))
        {
            f.action = Action::Removed;
            continue;
        }
        groups.entry(f.phrase.clone()).or_default().push(i);
    }
    for idx in groups.into_values() {
        let ctxs: Vec<Context> = idx
            .iter()
            .filter_map(|&i| findings.get(i))
            .map(|f| context(text, &words, f))
            .collect();
        let lower = |j: Option<usize>| j.and_then(|j| words.get(j)).map(|w| w.lower.as_str());
        // Occurrences in the same context are one context with a count; at
        // most MAX_CONTEXTS of them are weighed (the same word was displaced
        // everywhere, so a sample suffices and a page of 100,000
        // occurrences stays linear).
        let mut distinct: Vec<(&Context, f32)> = Vec::new();
        let mut index: HashMap<[Option<&str>; 4], usize> = HashMap::new();
        for c in &ctxs {
            let key = [
                lower(c.left[1]),
                lower(c.left[0]),
                lower(c.right[0]),
                lower(c.right[1]),
            ];
            if let Some(&i) = index.get(&key) {
                if let Some(d) = distinct.get_mut(i) {
                    d.1 += 1.0;
                }
            } else if distinct.len() < MAX_CONTEXTS {
                index.insert(key, distinct.len());
                distinct.push((c, 1.0));
            }
        }
        // Candidates: words seen around the same neighbours in the
        // document, and the model's continuations of each left neighbour.
        let mut cands: Vec<String> = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        let mut add = |w: &str, cands: &mut Vec<String>| {
            if crate::syllable::is_syllable(w) && seen.insert(w.to_string(), ()).is_none() {
                cands.push(w.to_string());
            }
        };
        for &(c, _) in &distinct {
            if let Some(m) = lower(c.left[0]).and_then(|l| next.get(l)) {
                for w in m.keys() {
                    add(w, &mut cands);
                }
            }
            if let Some(m) = lower(c.right[0]).and_then(|r| prev.get(r)) {
                for w in m.keys() {
                    add(w, &mut cands);
                }
            }
        }
        // The model's candidates: likeliest after each left neighbour and
        // before each right one.
        let mut asked: HashMap<(bool, u16), ()> = HashMap::new();
        for &(c, _) in &distinct {
            let sides = [
                (false, lower(c.left[0]).map_or(BOS, |w| lm.id(w))),
                (true, lower(c.right[0]).map_or(EOS, |w| lm.id(w))),
            ];
            for (before, id) in sides {
                if asked.insert((before, id), ()).is_some() {
                    continue;
                }
                let mut found = if before {
                    lm.predecessors(id)
                } else {
                    lm.continuations(id)
                };
                found.sort_by(|a, b| b.1.total_cmp(&a.1));
                for (w, _) in found.into_iter().take(MODEL_CANDIDATES) {
                    if let Some(word) = lm.word(w).filter(|w| !w.starts_with('<')) {
                        add(word, &mut cands);
                    }
                }
            }
        }
        // Votes over the candidates and "nothing" (an insertion): each
        // occurrence's floored log-posterior, weighted so that each distinct
        // neighbour casts one vote in all.
        let n = cands.len();
        let mut votes = vec![0f32; n + 1];
        let mut doc_support = vec![0f32; n + 1];
        // Occurrences beside the same word are one piece of evidence, not
        // many: 45 occurrences after "khuyến" must not outvote the rest.
        let mut by_left: HashMap<Option<&str>, f32> = HashMap::new();
        let mut by_right: HashMap<Option<&str>, f32> = HashMap::new();
        for &(c, count) in &distinct {
            *by_left.entry(lower(c.left[0])).or_default() += count;
            *by_right.entry(lower(c.right[0])).or_default() += count;
        }
        let cand_ids: Vec<u16> = cands.iter().map(|w| lm.id(w)).collect();
        let first = idx
            .iter()
            .filter_map(|&i| findings.get(i))
            .map(|f| f.start)
            .min()
            .unwrap_or(0);
        let priors: Vec<f32> = cands
            .iter()
            .map(|w| {
                let at = standing.get(w.as_str()).map_or(&[][..], Vec::as_slice);
                let still = at.len() - at.partition_point(|&p| p < first);
                if still > 0 {
                    -STANDING_PENALTY
                } else {
                    0.0
                }
            })
            .collect();
        let cand_index: HashMap<&str, usize> = cands
            .iter()
            .enumerate()
            .map(|(k, w)| (w.as_str(), k))
            .collect();
        let mut posteriors: HashMap<(Vec<u16>, Vec<u16>), Vec<f32>> = HashMap::new();
        for &(c, count) in &distinct {
            let wl = 1.0 / by_left.get(&lower(c.left[0])).copied().unwrap_or(1.0);
            let wr = 1.0 / by_right.get(&lower(c.right[0])).copied().unwrap_or(1.0);
            let weight = count * wl.min(wr);
            let id = |j: Option<usize>| lower(j).map(|w| lm.id(w));
            // The words around the gap, with sentence edges where the
            // context stops.
            let left: Vec<u16> = match (id(c.left[1]), id(c.left[0])) {
                (Some(l2), Some(l1)) => vec![l2, l1],
                (None, Some(l1)) => vec![BOS, l1],
                _ => vec![BOS],
            };
            let right: Vec<u16> = match (id(c.right[0]), id(c.right[1])) {
                (Some(r1), Some(r2)) => vec![r1, r2],
                (Some(r1), None) => vec![r1, EOS],
                _ => vec![EOS],
            };
            // Occurrences in the same context get the same posterior:
            // computed once.
            let model = posteriors
                .entry((left.clone(), right.clone()))
                .or_insert_with(|| {
                    let mut seq = left.clone();
                    let from = left.len();
                    let mut scores: Vec<f32> = cand_ids
                        .iter()
                        .zip(&priors)
                        .map(|(&x, &prior)| {
                            seq.truncate(from);
                            seq.push(x);
                            seq.extend_from_slice(&right);
                            lm.score_ids(&seq, from) + prior
                        })
                        .collect();
                    seq.truncate(from);
                    seq.extend_from_slice(&right);
                    // One word fewer is one factor fewer: without a price,
                    // "nothing was there" would win for its brevity alone.
                    scores.push(lm.score_ids(&seq, from) - NONE_PENALTY);
                    softmax10(&scores)
                })
                .clone();
            // Document evidence for this occurrence: the same contexts in
            // untouched text, one word on both sides or two on one side. A
            // single neighbour misleads: "khuyến tài" stands untouched all
            // through an article where "khuyến học" was replaced.
            let mut doc = vec![0f32; n + 1];
            let (l2, l1) = (lower(c.left[1]), lower(c.left[0]));
            let (r1, r2) = (lower(c.right[0]), lower(c.right[1]));
            let mut credit = |seen: Option<&HashMap<&str, f32>>, weight: f32| {
                for (w, &count) in seen.into_iter().flatten() {
                    if let Some(d) = cand_index.get(w).and_then(|&k| doc.get_mut(k)) {
                        *d += weight * count;
                    }
                }
            };
            if let (Some(l2), Some(l1)) = (l2, l1) {
                credit(after_pair.get(&(l2, l1)), 3.0);
            }
            if let (Some(r1), Some(r2)) = (r1, r2) {
                credit(before_pair.get(&(r1, r2)), 3.0);
            }
            if let (Some(l1), Some(r1)) = (l1, r1) {
                credit(between.get(&(l1, r1)), 4.0);
            }
            if let (Some(l1), Some(r1), Some(d)) = (l1, r1, doc.get_mut(n)) {
                *d = pairs.get(&(l1, r1)).copied().unwrap_or(0.0);
            }
            let total: f32 = doc.iter().sum();
            for k in 0..=n {
                let m = model.get(k).copied().unwrap_or(0.0);
                let d = if total > 0.0 {
                    doc.get(k).copied().unwrap_or(0.0) / total
                } else {
                    m
                };
                let p = (1.0 - DOC_WEIGHT) * m + DOC_WEIGHT * d;
                if let (Some(v), Some(s)) = (votes.get_mut(k), doc_support.get_mut(k)) {
                    *v += weight * p.max(f32::MIN_POSITIVE).log10().max(VOTE_FLOOR);
                    *s += if total > 0.0 { count * d } else { 0.0 };
                }
            }
        }
        let occ = distinct.iter().map(|d| d.1).sum::<f32>().max(1.0);
        // The votes' shares: each candidate's summed log-posterior, back
        // to a distribution.
        let votes = softmax10(&votes);
        let best = votes
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(n, |(k, _)| k);
        let weights: f32 = votes.iter().sum::<f32>().max(f32::MIN_POSITIVE);
        let confidence = votes.get(best).copied().unwrap_or(0.0) / weights;
        // The runner-up's share: a clear winner among many weak candidates
        // is evidence too.
        let second = votes
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != best)
            .map(|(_, &v)| v / weights)
            .fold(0.0f32, f32::max);
        let clear = confidence >= CLEAR_FLOOR && confidence >= CLEAR_RATIO * second;
        let from_doc = doc_support.get(best).copied().unwrap_or(0.0) / occ;
        let word = cands.get(best).cloned();
        for (&i, c) in idx.iter().zip(&ctxs) {
            let Some(f) = findings.get_mut(i) else {
                continue;
            };
            match &word {
                Some(w) if clear || confidence >= MIN_CONFIDENCE => {
                    f.action = Action::Replaced;
                    f.replacement = Some(cased(text, f, &words, c, w));
                    f.evidence.push(Evidence::Repair {
                        attack: Attack::Replaced,
                        word: w.clone(),
                        confidence: round(confidence),
                        document: round(from_doc),
                    });
                }
                _ => {
                    f.action = Action::Removed;
                    f.replacement = None;
                    f.evidence.push(Evidence::Repair {
                        attack: if word.is_none() {
                            Attack::Inserted
                        } else {
                            Attack::Replaced
                        },
                        word: word.clone().unwrap_or_default(),
                        confidence: round(confidence),
                        document: round(from_doc),
                    });
                }
            }
        }
    }
}

/// Softmax of base-10 log scores.
fn softmax10(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores.iter().map(|&s| 10f32.powf(s - max)).collect();
    let sum: f32 = exps.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    exps.into_iter().map(|e| e / sum).collect()
}

/// `word` in the case its place asks for: capitalised at the start of a
/// sentence, upper case amid upper-case words.
fn cased(text: &str, f: &Finding, words: &[Word], c: &Context, word: &str) -> String {
    let upper = |j: Option<usize>| {
        j.and_then(|j| words.get(j))
            .and_then(|w| text.get(w.span.clone()))
            .is_some_and(|s| s.chars().count() > 1 && s.chars().all(|ch| !ch.is_lowercase()))
    };
    if upper(c.left[0]) && (c.right[0].is_none() || upper(c.right[0])) && c.left[0].is_some() {
        return word.to_uppercase();
    }
    let before = text
        .get(..f.start)
        .unwrap_or_default()
        .trim_end_matches([' ', '\t', '\u{a0}']);
    let starts = before.is_empty()
        || before.ends_with(['.', '!', '?', '\n', ':', '"', '“'])
        || (before.ends_with(['-', '–']) && c.left[0].is_none());
    if starts {
        let mut cs = word.chars();
        return match cs.next() {
            Some(first) => first.to_uppercase().chain(cs).collect(),
            None => String::new(),
        };
    }
    word.to_string()
}
