//! Mining a corpus for spam phrases no lexicon lists yet: runs of
//! unaccented words, in accented documents, that recur across many
//! documents. The output is a lexicon file to review and feed back through
//! `--lexicon`.

use std::collections::HashMap;

use serde::Serialize;

use crate::detect::accent::suspicion;
use crate::detect::doc::Doc;

/// Longest phrase mined, in words.
const MAX_WORDS: usize = 8;
/// Summed suspicion a phrase needs: two words real text writes with marks.
const MIN_SUM: f32 = 1.6;

/// A candidate phrase found by [`Miner`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// The phrase, folded ("soi keo nha cai").
    pub phrase: String,
    /// Documents it occurs in.
    pub documents: usize,
    /// Mean share of real text writing its words with marks.
    pub suspicion: f32,
    /// The rank score: documents times suspicion, longer phrases first on
    /// ties.
    pub score: f32,
    /// One occurrence with a little context, as written.
    pub example: String,
}

#[derive(Default)]
struct Seen {
    docs: usize,
    last_doc: usize,
    /// Occurrences, and those written like a name (most words capitalised).
    occurrences: usize,
    capitalised: usize,
    words: usize,
    suspicion: f32,
    phrase: String,
    example: String,
}

/// Counts unaccented phrases across documents.
///
/// # Example
/// ```
/// use vnclean::Miner;
///
/// let mut m = Miner::new();
/// for (topic, end) in [
///     ("Hội khuyến học các tỉnh đã tổ chức", "trong năm qua"),
///     ("Người dân trong xã đã phản ánh", "về việc này"),
///     ("Các em học sinh giỏi được khen thưởng", "vào cuối năm"),
///     ("Ông chủ tịch cho biết sẽ sớm", "để dân yên tâm"),
/// ] {
///     m.add(&format!("{topic} soi keo nha cai uy tin {end} và còn nhiều việc phải làm."));
/// }
/// let top = m.finish(5);
/// assert_eq!(top[0].phrase, "soi keo nha cai uy tin");
/// assert_eq!(top[0].documents, 4);
/// ```
#[derive(Default)]
pub struct Miner {
    docs: usize,
    seen: HashMap<String, Seen>,
}

impl Miner {
    /// An empty miner.
    pub fn new() -> Miner {
        Miner::default()
    }

    /// Counts the phrases of one document.
    pub fn add(&mut self, text: &str) {
        self.docs += 1;
        let doc = Doc::new(text);
        if !doc.accented {
            return;
        }
        for run in doc.runs.iter().cloned() {
            for i in run.clone() {
                let (mut sum, mut syllables, mut caps) = (0.0f32, 0usize, 0usize);
                for j in i..run.end.min(i + MAX_WORDS) {
                    let Some(t) = doc.toks.get(j) else { break };
                    let s = suspicion(doc.folded_text(t).as_bytes());
                    sum += s.unwrap_or(0.0);
                    syllables += usize::from(s.is_some());
                    caps += usize::from(doc.is_capitalised(j));
                    if j == i || sum < MIN_SUM {
                        continue;
                    }
                    let words = j + 1 - i;
                    let phrase = doc.folded_span(i..j + 1);
                    let e = self.seen.entry(phrase.to_string()).or_default();
                    if e.docs == 0 || e.last_doc != self.docs {
                        e.docs += 1;
                        e.last_doc = self.docs;
                    }
                    e.occurrences += 1;
                    e.capitalised += usize::from(caps * 2 > words);
                    if e.example.is_empty() {
                        e.phrase = phrase.to_string();
                        e.words = words;
                        // Over its Vietnamese words: "tang like facebook
                        // mien phi" is not less suspect for its English.
                        e.suspicion = sum / syllables.max(1) as f32;
                        let span =
                            doc.source_span(i.saturating_sub(3)..(j + 4).min(doc.toks.len()));
                        e.example = text.get(span).unwrap_or_default().replace('\n', " ");
                    }
                }
            }
        }
    }

    /// The `top` candidates, best first: phrases in at least two
    /// documents, without the pieces of a longer phrase seen in as many.
    pub fn finish(self, top: usize) -> Vec<Candidate> {
        let mut all: Vec<Seen> = self.seen.into_values().filter(|s| s.docs >= 2).collect();
        // Longest first, so that a phrase's pieces meet it first.
        all.sort_by(|a, b| b.words.cmp(&a.words).then(b.docs.cmp(&a.docs)));
        let mut kept: Vec<Seen> = Vec::new();
        // Pieces of kept phrases, with the most documents the phrase had.
        let mut pieces: HashMap<String, usize> = HashMap::new();
        for s in all {
            if pieces.get(&s.phrase).is_some_and(|&d| d >= s.docs) {
                continue;
            }
            let words: Vec<&str> = s.phrase.split(' ').collect();
            for i in 0..words.len() {
                for j in i + 1..=words.len() {
                    let piece = words.get(i..j).unwrap_or_default().join(" ");
                    let d = pieces.entry(piece).or_default();
                    *d = (*d).max(s.docs);
                }
            }
            kept.push(s);
        }
        let mut out: Vec<Candidate> = kept
            .into_iter()
            .map(|s| Candidate {
                // Written like a name every time ("Tây Ban Nha", "Gia
                // Lai"): real text has reasons to leave names bare.
                score: s.docs as f32
                    * s.suspicion
                    * if s.capitalised == s.occurrences {
                        0.5
                    } else {
                        1.0
                    },
                phrase: s.phrase,
                documents: s.docs,
                suspicion: (s.suspicion * 1000.0).round() / 1000.0,
                example: s.example,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.phrase.len().cmp(&a.phrase.len()))
                .then(a.phrase.cmp(&b.phrase))
        });
        out.truncate(top);
        out
    }
}
