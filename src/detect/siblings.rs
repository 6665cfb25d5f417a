//! A phrase found on a page leads to its siblings there: the same phrase
//! spun (a word dropped, said twice, two words swapped) and its fragments,
//! which repeat too rarely, or too differently, to be found on their own.
//! No two-word piece of a found phrase may stay behind.

use std::ops::Range;

use super::doc::{Doc, Gap};
use super::ngram::hash_word;
use crate::tables::KeySet;

/// Found phrases past which the page's words are indexed once rather
/// than read again for each phrase.
const INDEX_FROM: usize = 8;

/// A phrase that was found, as its siblings are looked for.
#[derive(Clone)]
pub(crate) struct Found<'a> {
    /// Its words (token ranges of its occurrences).
    pub occurrences: &'a [Range<usize>],
    /// Whether it is written with marks (else bare, or neither way).
    pub marked: bool,
    /// Which of its words are distinctive (relative to an occurrence): a
    /// sibling must hold one.
    pub distinctive: Vec<bool>,
}

/// A sibling found: its tokens and the phrase (index into the found) it
/// belongs to.
pub(crate) struct Sibling {
    pub toks: Range<usize>,
    pub of: usize,
}

/// The siblings of the `found` phrases in `doc` that no range of `taken`
/// (sorted, not overlapping) covers.
pub(crate) fn siblings(doc: &Doc, found: &[Found], taken: &[Range<usize>]) -> Vec<Sibling> {
    if found.is_empty() {
        return Vec::new();
    }
    let mut covered = vec![false; doc.toks.len()];
    for r in taken {
        for j in r.clone() {
            if let Some(c) = covered.get_mut(j) {
                *c = true;
            }
        }
    }
    let word = |j: usize| doc.toks.get(j).map_or("", |t| doc.folded_text(t));
    // With many phrases found (a page of nothing else), where their
    // distinctive words stand, in one pass over the page: each phrase then
    // looks only there, where thousands of phrases would otherwise cost
    // thousands of passes. (A few phrases, as a page has, read the page
    // each: cheaper than indexing it.)
    let at: Option<Vec<(u64, usize)>> = (found.len() > INDEX_FROM).then(|| {
        let strong: KeySet = found
            .iter()
            .flat_map(|f| {
                let first = f.occurrences.first().cloned().unwrap_or(0..0);
                first
                    .zip(&f.distinctive)
                    .filter(|(_, &d)| d)
                    .map(|(j, _)| hash_word(word(j).as_bytes()))
            })
            .collect();
        let mut at: Vec<(u64, usize)> = (0..doc.toks.len())
            .filter_map(|j| {
                let h = hash_word(word(j).as_bytes());
                strong.contains(&h).then_some((h, j))
            })
            .collect();
        at.sort_unstable();
        at
    });
    let mut out = Vec::new();
    for (k, f) in found.iter().enumerate() {
        let Some(first) = f.occurrences.first() else {
            continue;
        };
        let len = first.len();
        let words: KeySet = first
            .clone()
            .map(|j| hash_word(word(j).as_bytes()))
            .collect();
        let strong: KeySet = first
            .clone()
            .zip(&f.distinctive)
            .filter(|(_, &d)| d)
            .map(|(j, _)| hash_word(word(j).as_bytes()))
            .collect();
        if strong.is_empty() {
            continue;
        }
        // Spelled as the phrase is: one of its words.
        let spelled = |j: usize| {
            doc.toks
                .get(j)
                .is_some_and(|t| t.marked == f.marked || !t.marked)
                && words.contains(&hash_word(word(j).as_bytes()))
        };
        // And free. (A sibling starts from a free word, and grows over
        // the phrase's words whether free or not: a piece of the variant
        // that repeats on its own, "bong da chat", was found before it,
        // and the variant around it is the phrase's all the same.)
        let fits =
            |covered: &[bool], j: usize| !covered.get(j).copied().unwrap_or(true) && spelled(j);
        let joined = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
        // The sibling around free word `j`, if any; where to look next.
        let mut grow = |j: usize, covered: &mut [bool]| {
            let (mut a, mut b) = (j, j + 1);
            while a > 0 && b - a < len + 1 && joined(a) && spelled(a - 1) {
                a -= 1;
            }
            while b < doc.toks.len() && b - a < len + 1 && joined(b) && spelled(b) {
                b += 1;
            }
            let marked = (a..b)
                .filter(|&i| doc.toks.get(i).is_some_and(|t| t.marked))
                .count();
            // A sibling of a phrase written with marks must be nearly all of
            // it and written with marks too: real text uses pieces of such
            // phrases ("bóng đá") all the time. Of a phrase written bare,
            // any two words of it, bare.
            let ok = if f.marked {
                b - a + 1 >= len && b - a >= 2 && marked * 2 >= b - a
            } else {
                b - a >= 2 && marked == 0
            };
            if ok {
                out.push(Sibling { toks: a..b, of: k });
                for i in a..b {
                    if let Some(c) = covered.get_mut(i) {
                        *c = true;
                    }
                }
            }
            b.max(j + 1)
        };
        match &at {
            Some(at) => {
                let mut starts: Vec<usize> = strong
                    .iter()
                    .flat_map(|h| {
                        let from = at.partition_point(|&(x, _)| x < *h);
                        let to = at.partition_point(|&(x, _)| x <= *h);
                        at.get(from..to).unwrap_or_default().iter().map(|&(_, j)| j)
                    })
                    .collect();
                starts.sort_unstable();
                let mut next = 0;
                for j in starts {
                    if j >= next && fits(&covered, j) {
                        next = grow(j, &mut covered);
                    }
                }
            }
            None => {
                let mut j = 0;
                while j < doc.toks.len() {
                    if fits(&covered, j) && strong.contains(&hash_word(word(j).as_bytes())) {
                        j = grow(j, &mut covered);
                    } else {
                        j += 1;
                    }
                }
            }
        }
    }
    out
}
