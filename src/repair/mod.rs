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
//! work was not replaced there), and the syllable language model. When the
//! page alone settles the word, the model is not asked. Weak evidence means
//! no replacement: the phrase is stripped, and the report says so.

mod document;
mod model;

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::detect::{round, Action, Attack, Evidence, Finding};
use crate::lm::LanguageModel;
use crate::tables::{KeyMap, KeySet};
use document::{lower, words_of, Context, Standing, Word};
use model::{propose, softmax10, Gap, Scorer};

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
/// The page settles the word without the model when the untouched text
/// shows it in the contexts of at least this share of the occurrences...
const DOC_DECIDES: f32 = 0.5;
/// ...and this many times as often as anything else (another word, or the
/// two neighbours side by side).
const DOC_MARGIN: f32 = 4.0;
/// log10 prior against a candidate that still stands, in the same
/// lower-case form, where the phrase has been at work (after its first
/// occurrence): a find-and-replace attack leaves no "học" behind in the
/// text it went over, so a word still there was most likely not the one
/// displaced. A prior, not a veto: strong evidence can still carry it
/// (on the devset 1, 2 and 3 differ by about 0.02).
const STANDING_PENALTY: f32 = 2.0;
/// Floor of one occurrence's log10 posterior in the vote. Each occurrence
/// votes with its posterior's logarithm, so a candidate absurd in one
/// context ("khuyến khích" before "tập") pays for it, but no more than
/// this: one odd context (a list, a typo) cannot veto the word that fits
/// everywhere else. (-2 / -3 / -5: 0.78 / 0.80 / 0.73 on the devset.)
const VOTE_FLOOR: f32 = -3.0;
/// A probability whose log10 is surely under [`VOTE_FLOOR`] (10^-3 less a
/// margin for rounding).
const VOTE_FLOOR_P: f32 = 0.000_999;
/// Distinct contexts weighed per phrase (the same word was displaced
/// everywhere, so a sample suffices and a page of 100,000 occurrences
/// stays linear).
const MAX_CONTEXTS: usize = 256;

/// The verdict on one phrase.
struct Decision {
    /// The word the votes chose; `None`: nothing was there.
    word: Option<String>,
    /// Its share of the votes.
    confidence: f32,
    /// Its mean share of the document's own evidence per occurrence.
    from_doc: f32,
    /// Put it back (otherwise the phrase is cut).
    replace: bool,
}

/// Per phrase: what to put in place of each finding.
pub(crate) fn repair(text: &str, findings: &mut [Finding], lm: &LanguageModel) {
    // Words keep 32-bit offsets: a page of 4 GiB or more is stripped.
    if u32::try_from(text.len()).is_err() {
        findings.iter_mut().for_each(|f| f.action = Action::Removed);
        return;
    }
    let words = words_of(text, findings);
    // A keyword line displaced nothing: it has no context, and goes whole.
    // So does a keyword in another script (Han, kana, Hangul: no Latin
    // letter in it): it stood where a name stood, or was pasted in, and
    // the model knows no name to put back ("Công ty cổ phần 葡京国际" was
    // "Công ty cổ phần Minh Phát", never "Công ty cổ phần anh").
    let mut from = 0;
    let contexts: Vec<Option<Context>> = findings
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let keyword = f
                .evidence
                .iter()
                .any(|e| matches!(e, Evidence::KeywordLine { .. }))
                || in_other_script(&f.text);
            // The text between the neighbouring findings.
            let free = k
                .checked_sub(1)
                .and_then(|p| findings.get(p))
                .map_or(0, |p| p.end)
                ..findings.get(k + 1).map_or(usize::MAX, |n| n.start);
            (!keyword).then(|| Context::of(text, &words, f, free, &mut from))
        })
        .collect();
    // The findings of each phrase, by sorting (a page's findings mostly
    // share a phrase and come sorted already; a map hashed every phrase).
    let phrase = |i: usize| findings.get(i).map_or("", |f| f.phrase.as_str());
    let mut order: Vec<usize> = (0..findings.len())
        .filter(|&i| contexts.get(i).is_some_and(Option::is_some))
        .collect();
    order.sort_by(|&a, &b| phrase(a).cmp(phrase(b)).then(a.cmp(&b)));
    let mut groups: Vec<Vec<usize>> = order
        .chunk_by(|&a, &b| phrase(a) == phrase(b))
        .map(<[usize]>::to_vec)
        .collect();
    groups.sort_unstable();
    let keys: Vec<[u64; 4]> = contexts
        .iter()
        .map(|c| c.as_ref().map_or([0; 4], |c| c.keys(&words)))
        .collect();
    let evidence = document::Evidence::gather(
        &words,
        contexts
            .iter()
            .zip(&keys)
            .filter(|(c, _)| c.is_some())
            .map(|(_, k)| k),
    );
    let page = Page {
        text,
        words: &words,
        contexts: &contexts,
        keys: &keys,
        evidence,
        standing: Standing::new(&words),
    };
    let decisions: Vec<(Vec<usize>, Decision)> = groups
        .into_iter()
        .map(|idx| {
            let d = decide(&page, findings, &idx, lm);
            (idx, d)
        })
        .collect();
    for (i, f) in findings.iter_mut().enumerate() {
        if contexts.get(i).is_some_and(Option::is_none) {
            f.action = Action::Removed;
        }
    }
    for (idx, d) in decisions {
        // One string for the phrase's findings, not a copy each.
        let chosen: Arc<str> = Arc::from(d.word.as_deref().unwrap_or_default());
        for i in idx {
            let (Some(f), Some(Some(c))) = (findings.get_mut(i), contexts.get(i)) else {
                continue;
            };
            let attack = if d.word.is_none() {
                Attack::Inserted
            } else {
                Attack::Replaced
            };
            match (&d.word, d.replace) {
                (Some(w), true) => {
                    f.action = Action::Replaced;
                    f.replacement = Some(cased(text, f.start, &words, c, w));
                }
                _ => {
                    f.action = Action::Removed;
                    f.replacement = None;
                }
            }
            f.evidence.push(Evidence::Repair {
                attack,
                word: Arc::clone(&chosen),
                confidence: round(d.confidence),
                document: round(d.from_doc),
            });
        }
    }
    document::recycle(words);
}

/// Whether `text` is written in Han, kana or Hangul, with no Latin letter.
fn in_other_script(text: &str) -> bool {
    let other = |c: char| c.is_alphabetic() && (c as u32) >= 0x2E80;
    text.chars().any(other) && !text.chars().any(|c| c.is_alphabetic() && !other(c))
}

/// What the page offers every phrase's decision.
struct Page<'a> {
    text: &'a str,
    words: &'a [Word],
    /// Per finding: its context (`None`: a keyword line).
    contexts: &'a [Option<Context>],
    keys: &'a [[u64; 4]],
    evidence: document::Evidence,
    standing: Standing<'a>,
}

/// Weighs one phrase's occurrences (`idx`, into `findings`).
fn decide(page: &Page, findings: &[Finding], idx: &[usize], lm: &LanguageModel) -> Decision {
    let Page {
        text,
        words,
        contexts,
        keys,
        evidence,
        standing,
    } = page;
    let text = *text;
    // Occurrences in the same context are one context with a count.
    let mut distinct: Vec<(&Context, [u64; 4], f32)> = Vec::new();
    let mut index: KeyMap<usize> = KeyMap::default();
    for &i in idx {
        let (Some(Some(c)), Some(&k)) = (contexts.get(i), keys.get(i)) else {
            continue;
        };
        // The four keys mixed into one (a collision of 64-bit keys would
        // merge two contexts' counts, no worse).
        let mixed = k.iter().fold(0u64, |h, &x| {
            (h.rotate_left(17) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        });
        if let Some(d) = index.get(&mixed).and_then(|&j| distinct.get_mut(j)) {
            d.2 += 1.0;
        } else if distinct.len() < MAX_CONTEXTS {
            index.insert(mixed, distinct.len());
            distinct.push((c, k, 1.0));
        }
    }
    let occ = distinct.iter().map(|d| d.2).sum::<f32>().max(1.0);
    let first = idx
        .iter()
        .filter_map(|&i| findings.get(i))
        .map(|f| f.start)
        .min()
        .unwrap_or(0);
    // Candidates the page offers: words its untouched text shows in the
    // same contexts, with each context's share of them (last: "nothing
    // was there", the neighbours side by side).
    // Borrowed from the page (a word written in lower case) or the model,
    // lowered into a string only when the page writes it otherwise.
    let mut cands: Vec<Cow<str>> = Vec::new();
    let mut cand_keys: Vec<u64> = Vec::new();
    // Candidate index by key; words that are not syllables are remembered
    // as such, and never candidates.
    const NOT_A_SYLLABLE: usize = usize::MAX;
    let mut slot: KeyMap<usize> = KeyMap::default();
    // Per distinct context, its candidates' shares: a range of `shares`.
    let mut shares: Vec<(usize, f32)> = Vec::new();
    let mut doc_shares: Vec<Range<usize>> = Vec::with_capacity(distinct.len());
    let mut doc_none: Vec<f32> = Vec::with_capacity(distinct.len());
    // The distinct n-grams of untouched text that show each candidate,
    // and how many there are per candidate.
    // (Keyed by the entry mixed with the candidate: entries are 64-bit
    // hashes already, and a collision would undercount by one, no worse.)
    let mut shown = KeySet::default();
    let mut shown_count: Vec<u32> = Vec::new();
    for (_, k, _) in &distinct {
        let from = shares.len();
        let adjacent = evidence.credit(k, |j, credit, entry| {
            let Some(w) = words.get(j) else { return };
            let s = match slot.get(&w.key()) {
                Some(&NOT_A_SYLLABLE) => return,
                Some(&s) => s,
                None => {
                    let word = match text.get(w.span()).filter(|_| w.lowercase()) {
                        Some(as_written) => Cow::Borrowed(as_written),
                        None => Cow::Owned(lower(text, w)),
                    };
                    if !crate::syllable::is_syllable(&word) {
                        slot.insert(w.key(), NOT_A_SYLLABLE);
                        return;
                    }
                    slot.insert(w.key(), cands.len());
                    cands.push(word);
                    cand_keys.push(w.key());
                    shown_count.push(0);
                    cands.len() - 1
                }
            };
            if shown.insert(entry ^ (s as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)) {
                if let Some(c) = shown_count.get_mut(s) {
                    *c += 1;
                }
            }
            let seen = shares.get_mut(from..).unwrap_or_default();
            match seen.iter_mut().find(|e| e.0 == s) {
                Some(e) => e.1 += credit,
                None => shares.push((s, credit)),
            }
        });
        let seen = shares.get_mut(from..).unwrap_or_default();
        let total = seen.iter().map(|e| e.1).sum::<f32>() + adjacent;
        if total > 0.0 {
            seen.iter_mut().for_each(|e| e.1 /= total);
        }
        doc_shares.push(from..shares.len());
        doc_none.push(if total > 0.0 { adjacent / total } else { 0.0 });
    }
    let doc_cands = cands.len();
    // The page alone: each candidate's support summed over occurrences.
    let mut support = vec![0f32; doc_cands + 1];
    let seen_in = |r: &Range<usize>| shares.get(r.clone()).unwrap_or_default();
    for (((_, _, count), seen), none) in distinct.iter().zip(&doc_shares).zip(&doc_none) {
        for &(s, share) in seen_in(seen) {
            if let Some(v) = support.get_mut(s) {
                *v += count * share;
            }
        }
        if let Some(v) = support.get_mut(doc_cands) {
            *v += count * none;
        }
    }
    if let Some(d) = settled_by_page(
        standing,
        first,
        &cands,
        &cand_keys,
        &support,
        &shown_count,
        occ,
    ) {
        return d;
    }
    // The model's candidates.
    let id = |j: Option<usize>| j.and_then(|j| words.get(j)).map(|w| lm.id(&lower(text, w)));
    let gaps: Vec<Gap> = distinct
        .iter()
        .map(|(c, _, _)| {
            Gap::new(
                [id(c.left[1]), id(c.left[0])],
                [id(c.right[0]), id(c.right[1])],
            )
        })
        .collect();
    // The candidates' model ids: the page's looked up, the model's known.
    let mut cand_ids: Vec<u16> = cands.iter().map(|w| lm.id(w)).collect();
    propose(lm, gaps.iter().map(|g| (g.l1, g.r1)), |p, w| {
        if let Entry::Vacant(e) = slot.entry(p.key) {
            e.insert(cands.len());
            cands.push(Cow::Borrowed(w));
            cand_keys.push(p.key);
            cand_ids.push(p.id);
        }
    });
    let n = cands.len();
    let still = standing.after(first, &cand_keys);
    let priors = still
        .iter()
        .map(|&s| if s { -STANDING_PENALTY } else { 0.0 })
        .collect();
    let mut scorer = Scorer::new(lm, cand_ids, priors);
    // Occurrences beside the same word are one piece of evidence, not
    // many: 45 occurrences after "khuyến" must not outvote the rest.
    let mut by_left: KeyMap<f32> = KeyMap::default();
    let mut by_right: KeyMap<f32> = KeyMap::default();
    for (_, k, count) in &distinct {
        *by_left.entry(k[1]).or_default() += count;
        *by_right.entry(k[2]).or_default() += count;
    }
    // Votes over the candidates and "nothing" (an insertion): each
    // occurrence's floored log-posterior, weighted so that each distinct
    // neighbour casts one vote in all.
    let mut votes = vec![0f32; n + 1];
    let mut posteriors: HashMap<Gap, Vec<f32>> = HashMap::new();
    let mut doc = vec![0f32; n + 1];
    for ((((_, k, count), gap), seen), none) in
        distinct.iter().zip(&gaps).zip(&doc_shares).zip(&doc_none)
    {
        let wl = 1.0 / by_left.get(&k[1]).copied().unwrap_or(1.0);
        let wr = 1.0 / by_right.get(&k[2]).copied().unwrap_or(1.0);
        let weight = count * wl.min(wr);
        // Occurrences in the same gap get the same posterior.
        let model = posteriors
            .entry(*gap)
            .or_insert_with(|| scorer.posterior(*gap));
        let seen = seen_in(seen);
        let page = !seen.is_empty() || *none > 0.0;
        doc.iter_mut().for_each(|d| *d = 0.0);
        for &(s, share) in seen {
            if let Some(d) = doc.get_mut(s) {
                *d = share;
            }
        }
        if let Some(d) = doc.get_mut(n) {
            *d = *none;
        }
        for (k, v) in votes.iter_mut().enumerate() {
            let m = model.get(k).copied().unwrap_or(0.0);
            let d = if page {
                doc.get(k).copied().unwrap_or(0.0)
            } else {
                m
            };
            let p = (1.0 - DOC_WEIGHT) * m + DOC_WEIGHT * d;
            // (Under VOTE_FLOOR_P the logarithm is under the floor: the
            // floor, without asking the library for it.)
            *v += weight
                * if p < VOTE_FLOOR_P {
                    VOTE_FLOOR
                } else {
                    p.log10().max(VOTE_FLOOR)
                };
        }
    }
    // The votes' shares: each candidate's summed log-posterior, back to a
    // distribution.
    let votes = softmax10(&votes);
    // The runner-up's share: a clear winner among many weak candidates is
    // evidence too.
    let (best, confidence, second) = leader(&votes, votes.len()).unwrap_or((n, 0.0, 0.0));
    let clear = confidence >= CLEAR_FLOOR && confidence >= CLEAR_RATIO * second;
    let word = cands.get(best).map(|w| w.to_string());
    // The page's support for the winner: the page's candidates come first,
    // the model's after them, and "nothing" is last in the votes but at
    // `doc_cands` in the support.
    let page_support = if best < doc_cands {
        support.get(best)
    } else if best == n {
        support.get(doc_cands)
    } else {
        None
    };
    let from_doc = page_support.copied().unwrap_or(0.0) / occ;
    // One context is no pattern: the model alone would put some word
    // wherever a phrase stands where a word could ("xem soi keo nha cai"
    // would become "xem thêm"), displaced or not, and a sentence pasted
    // twice is still one context. A phrase seen in one context only (its
    // two words each side) is repaired when the page shows the word there.
    let corroborated = distinct.len() >= 2 || from_doc > 0.0;
    Decision {
        replace: word.is_some() && corroborated && (clear || confidence >= MIN_CONFIDENCE),
        word,
        confidence,
        from_doc,
    }
}

/// The decision when the page alone settles it: one word the untouched
/// text shows in the contexts of most occurrences, by more than one n-gram,
/// with far more support than anything else, and not still standing where
/// the phrase was at work. (One n-gram does not settle it: a single "hoàn
/// tất vào năm" would make both "bắt ___ vào năm" into "bắt tất".)
fn settled_by_page(
    standing: &Standing,
    first: usize,
    cands: &[Cow<str>],
    cand_keys: &[u64],
    support: &[f32],
    shown: &[u32],
    occ: f32,
) -> Option<Decision> {
    // The leader among the words; "nothing was there" is a rival.
    let (best, top, rival) = leader(support, cands.len())?;
    let key = *cand_keys.get(best)?;
    if top < DOC_DECIDES * occ
        || shown.get(best).copied().unwrap_or(0) < 2
        || top < DOC_MARGIN * rival
        || standing.after(first, &[key]) == [true]
    {
        return None;
    }
    let total: f32 = support.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    Some(Decision {
        word: cands.get(best).map(|w| w.to_string()),
        confidence: top / total,
        from_doc: top / occ,
        replace: true,
    })
}

/// The highest of the first `among` scores: its index, its score, and
/// the highest of all the other scores (0 when there is none).
fn leader(scores: &[f32], among: usize) -> Option<(usize, f32, f32)> {
    let (best, &top) = scores
        .get(..among)?
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    let rival = scores
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != best)
        .map(|(_, &v)| v)
        .fold(0.0f32, f32::max);
    Some((best, top, rival))
}

/// `word` in the case its place asks for: capitalised at the start of a
/// sentence, upper case amid upper-case words.
fn cased(text: &str, start: usize, words: &[Word], c: &Context, word: &str) -> String {
    let upper = |j: Option<usize>| {
        j.and_then(|j| words.get(j))
            .and_then(|w| text.get(w.span()))
            .is_some_and(|s| s.chars().count() > 1 && s.chars().all(|ch| !ch.is_lowercase()))
    };
    if upper(c.left[0]) && (c.right[0].is_none() || upper(c.right[0])) && c.left[0].is_some() {
        return word.to_uppercase();
    }
    let before = text
        .get(..start)
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
