//! How a phrase fits the sentences it stands in, by the syllable language
//! model: evidence that does not depend on how the phrase is spelled.
//!
//! An injected phrase breaks its sentence at both edges, in every
//! occurrence: the words before it do not lead into it, it does not lead
//! into the words after it, and the sentence reads better without it (when
//! it was inserted). A term the text repeats on purpose fits where it
//! stands. Each edge is measured as a pointwise mutual information: how
//! much more probable the words across it are given their context than on
//! their own (log10; below 0, the context makes them less likely).
//!
//! The model knows words with their marks. A phrase written bare is first
//! read back with its most probable marks, as a whole ("lich truyen hinh"
//! → "lịch truyền hình"), so that its edges are judged as the words they
//! are; words the model does not know (brands, English) are `<unk>`, whose
//! edges say little either way.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::doc::{Doc, Gap};
use crate::lm::{Bigram, LanguageModel, BOS, EOS, UNK};

/// Occurrences weighed per phrase: the same phrase everywhere, so a sample
/// suffices.
const MAX_OCCURRENCES: usize = 8;
/// Readings kept while reading a bare phrase back with its marks.
const BEAM: usize = 4;
/// Readings of one bare word weighed (the most frequent first).
const VARIANTS: usize = 6;

/// How a phrase fits its occurrences' sentences (log10 ratios, averaged
/// over the occurrences that have the context; `None` when none has).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Fit {
    /// How much the two words before each occurrence raise the
    /// probability of its first words.
    pub left: Option<f32>,
    /// How much the phrase's last words raise the probability of the two
    /// words after it.
    pub right: Option<f32>,
    /// How much the words before raise the probability of the words after,
    /// with the phrase taken out: high when it was inserted.
    pub join: Option<f32>,
    /// How much each of the phrase's words is raised by the ones before
    /// it: a set phrase holds together.
    pub inner: f32,
    /// The phrase as the model read it.
    pub reading: String,
}

/// Model ids of the words of a document, as written (lower case).
fn id_of(doc: &Doc, lm: &LanguageModel, j: usize) -> u16 {
    let ids = doc
        .lm_ids
        .get_or_init(|| vec![std::cell::Cell::new(NOT_YET); doc.toks.len()]);
    let Some(cell) = ids.get(j) else { return UNK };
    if cell.get() == NOT_YET {
        cell.set(look_up(doc, lm, j));
    }
    cell.get()
}

/// An id no model has: the word is not looked up yet.
const NOT_YET: u16 = u16::MAX;

fn look_up(doc: &Doc, lm: &LanguageModel, j: usize) -> u16 {
    let Some(t) = doc.toks.get(j) else { return UNK };
    let src = doc.text.get(t.source.clone()).unwrap_or_default();
    // Read through look-alike letters and invisible characters, so that
    // no disguise changes what the model says.
    match crate::syllable::plain_lowercase(src.trim_end()) {
        Some(word) => lm.id(&word),
        None => {
            // (Compatibility forms first: a fullwidth "ｓｏｉ" is "soi".)
            let word: String = src
                .nfkc()
                .filter(|&c| crate::lm::is_word_char(c))
                .flat_map(char::to_lowercase)
                .collect();
            lm.id(&word)
        }
    }
}

/// The readings of token `j`: itself when written with marks or unknown,
/// otherwise its most frequent readings with marks (and itself).
fn readings(doc: &Doc, lm: &LanguageModel, j: usize) -> Vec<u16> {
    let own = id_of(doc, lm, j);
    match doc.toks.get(j) {
        Some(t) if !t.marked => {
            let mut v: Vec<u16> = lm
                .variants(doc.folded_text(t))
                .iter()
                .take(ATTACH_VARIANTS)
                .copied()
                .collect();
            if !v.contains(&own) {
                v.push(own);
            }
            v
        }
        _ => vec![own],
    }
}

/// Readings of a bare word tried by [`attachment`].
const ATTACH_VARIANTS: usize = 4;

/// How strongly tokens `a` and `b` (in either order; the earlier is read
/// first) make one word together, in any of their readings: the most that
/// the earlier raises the probability of the later (log10). "hôm nay",
/// "uy tín", "miễn phí" are far above 1; a phrase's last word and whatever
/// the text puts after it are not.
pub(crate) fn attachment(doc: &Doc, lm: &LanguageModel, a: usize, b: usize) -> f32 {
    let (a, b) = (a.min(b), a.max(b));
    // (Weighed once a page for each pair of words so read: a phrase's
    // words meet at every occurrence, and each pair costs two dozen
    // lookups. A collision of the 64-bit keys would lend one pair the
    // other's weight, no worse than a reading missed.)
    let key = reading_key(doc, lm, a)
        .rotate_left(29)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ reading_key(doc, lm, b);
    if let Some(&known) = doc.attachments.borrow().get(&key) {
        return known;
    }
    let (ra, rb) = (readings(doc, lm, a), readings(doc, lm, b));
    let mut best = f32::MIN;
    for &x in &ra {
        for &y in &rb {
            if x == UNK || y == UNK {
                continue;
            }
            best = best.max(lm.logprob(None, Some(x), y) - lm.logprob(None, None, y));
        }
    }
    doc.attachments.borrow_mut().insert(key, best);
    best
}

/// What [`readings`] of token `j` depend on, as one number: its id as
/// written, and for a bare word its folded spelling too.
fn reading_key(doc: &Doc, lm: &LanguageModel, j: usize) -> u64 {
    let own = u64::from(id_of(doc, lm, j));
    match doc.toks.get(j) {
        Some(t) if !t.marked => doc
            .folded_text(t)
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325 ^ (own << 1 | 1), |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            }),
        _ => own << 1,
    }
}

/// [`attachment`] of the two words as written, in no other reading: "uy"
/// before "tín" (a word spelled so), not "ủy" or "ùy".
pub(crate) fn attachment_as_written(doc: &Doc, lm: &LanguageModel, a: usize, b: usize) -> f32 {
    let (a, b) = (a.min(b), a.max(b));
    let (x, y) = (id_of(doc, lm, a), id_of(doc, lm, b));
    if x == UNK || y == UNK {
        return f32::MIN;
    }
    lm.logprob(None, Some(x), y) - lm.logprob(None, None, y)
}

/// [`attachment`] with the word on one side known: model id `word` stands
/// before token `j` when `before`, after it otherwise (a lexicon entry's
/// word, spelled as the entry spells it).
pub(crate) fn attachment_to(
    doc: &Doc,
    lm: &LanguageModel,
    j: usize,
    word: u16,
    before: bool,
) -> f32 {
    let mut best = f32::MIN;
    if word == UNK {
        return best;
    }
    for x in readings(doc, lm, j) {
        if x == UNK {
            continue;
        }
        let lift = if before {
            lm.logprob(None, Some(word), x) - lm.logprob(None, None, x)
        } else {
            lm.logprob(None, Some(x), word) - lm.logprob(None, None, word)
        };
        best = best.max(lift);
    }
    best
}

/// The tokens around occurrence `r` within its clause (joined to it by
/// spaces only): two before it and two after, each when there.
fn clause_context(doc: &Doc, r: &Range<usize>) -> [Option<usize>; 4] {
    let space_before = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    let l1 = space_before(r.start)
        .then(|| r.start.checked_sub(1))
        .flatten();
    let l2 = l1
        .filter(|&j| space_before(j))
        .and_then(|j| j.checked_sub(1));
    let r1 = (r.end < doc.toks.len() && space_before(r.end)).then_some(r.end);
    let r2 = r1
        .map(|j| j + 1)
        .filter(|&j| j < doc.toks.len() && space_before(j));
    [l2, l1, r1, r2]
}

/// How many distinct places among occurrences `occ` stand inside a word
/// of the text: the word right before and the word right after (joined to
/// it by spaces only) make one word together, the first raising the
/// probability of the second by [`SPLIT_LIFT`] or more (log10: "quyết …
/// định", "dự … án", "hình … ảnh"). A phrase pasted between words at
/// random lands inside one now and then; no term a text repeats stands
/// inside its own words. (Words the model does not know and numbers say
/// nothing; a place is its pair of neighbours, so that a sentence said
/// twice counts once.)
pub(crate) fn splits(doc: &Doc, lm: &LanguageModel, occ: &[Range<usize>]) -> usize {
    let mut seen: Vec<(u16, u16)> = Vec::new();
    for r in occ {
        let [_, l1, r1, _] = clause_context(doc, r);
        let (Some(l1), Some(r1)) = (l1, r1) else {
            continue;
        };
        let (a, b) = (id_of(doc, lm, l1), id_of(doc, lm, r1));
        let word =
            |id: u16| id > EOS && lm.word(id).is_some_and(|w| !w.starts_with('<') && w != ",");
        if !word(a) || !word(b) || seen.contains(&(a, b)) {
            continue;
        }
        if attachment_as_written(doc, lm, l1, r1) >= SPLIT_LIFT {
            seen.push((a, b));
        }
    }
    seen.len()
}

/// How much the word before a phrase must raise the probability of the
/// word after it, log10, for the two to make one word ([`splits`]): the
/// parts of a word ("quyết định" 2.5, "dự án" 2.6, "hình ảnh" 1.8) are
/// above it, words that merely often go together ("cũng như" 1.45) below.
pub(crate) const SPLIT_LIFT: f32 = 1.5;

/// The fit of the phrase whose occurrences are `occ` (token ranges; the
/// first is the phrase as written most often).
pub(crate) fn fit(doc: &Doc, lm: &LanguageModel, occ: &[Range<usize>]) -> Fit {
    let Some(first) = occ.first() else {
        return Fit::default();
    };
    let reading = read(doc, lm, occ);
    let lp = |u: Option<u16>, v: Option<u16>, w: u16| lm.logprob(u, v, w);
    let (mut left, mut right, mut join) = (Acc::default(), Acc::default(), Acc::default());
    // (A sample spread over the page: the edges of a few occurrences say
    // as much as all of them, and each costs a dozen lookups.)
    let step = (occ.len() / MAX_OCCURRENCES).max(1);
    for r in occ.iter().step_by(step).take(MAX_OCCURRENCES) {
        // This occurrence's words: the common reading where it is written
        // as the first, its own words otherwise (a spun variant).
        let own: Vec<u16>;
        let u: &[u16] = if r.len() == first.len() {
            &reading
        } else {
            own = r.clone().map(|j| id_of(doc, lm, j)).collect();
            &own
        };
        let (Some(&u1), Some(&uk)) = (u.first(), u.last()) else {
            continue;
        };
        let u2 = u.get(1).copied();
        let uk1 = u.len().checked_sub(2).and_then(|k| u.get(k)).copied();
        let [l2, l1, r1, r2] = clause_context(doc, r);
        let id = |j: Option<usize>| j.map(|j| id_of(doc, lm, j));
        let (l1, l2, r1, r2) = (id(l1), id(l2), id(r1), id(r2));
        if let Some(l1) = l1 {
            left.add(left_lift(lm, l2, l1, u1, u2));
        } else if starts_a_sentence_in_lower_case(doc, r.start) {
            // (No edited sentence starts in lower case; a phrase pasted
            // between two sentences does: "Bãi Xép. giai ngan ngay ...".)
            left.add(STYLE_BREAK);
        }
        if let Some(r1) = r1 {
            let (lift, alone) = right_lift(lm, uk1.or(l1), uk, r1, r2);
            right.add(lift);
            if let Some(l1) = l1 {
                join.add(join_lift(lm, l2, l1, r1, r2, alone));
            }
        }
    }
    let inner = if reading.len() >= 2 {
        let n = reading.len() - 1;
        (1..reading.len())
            .map(|i| {
                let w = reading.get(i).copied().unwrap_or(UNK);
                let v = reading.get(i - 1).copied();
                let u = i.checked_sub(2).and_then(|k| reading.get(k)).copied();
                lp(u, v, w) - lp(None, None, w)
            })
            .sum::<f32>()
            / n as f32
    } else {
        0.0
    };
    Fit {
        left: left.mean(),
        right: right.mean(),
        join: join.mean(),
        inner,
        reading: reading
            .iter()
            .map(|&id| lm.word(id).unwrap_or("<unk>"))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// What the left edge of a phrase that starts a sentence in lower case
/// counts for ([`Fit::left`]): as a word before it that does not lead
/// into it.
const STYLE_BREAK: f32 = -1.0;

/// Whether token `j` starts a sentence (after ".", "!" or "?" and a space)
/// in lower case. Not after a short word in lower case: an abbreviation,
/// "sp. nov.", "var. alba".
fn starts_a_sentence_in_lower_case(doc: &Doc, j: usize) -> bool {
    let Some(prev) = j.checked_sub(1) else {
        return false;
    };
    let gap = doc.gap_text(j);
    let ended = gap.ends_with(char::is_whitespace) && gap.trim_end().ends_with(['.', '!', '?']);
    let abbreviation = {
        let p = doc.written(prev);
        p.len() <= 4 && p.bytes().all(|b| b.is_ascii_lowercase())
    };
    ended
        && !abbreviation
        && doc
            .written(j)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// How much the words before an occurrence (`l2 l1`) raise the
/// probability of its first words (`u1 u2`), log10: [`Fit::left`].
fn left_lift(lm: &LanguageModel, l2: Option<u16>, l1: u16, u1: u16, u2: Option<u16>) -> f32 {
    let mut with = lm.logprob(l2, Some(l1), u1);
    let mut alone = lm.logprob(None, None, u1);
    if let Some(u2) = u2 {
        with += lm.logprob(Some(l1), Some(u1), u2);
        alone += lm.logprob(None, Some(u1), u2);
    }
    with - alone
}

/// How much an occurrence's last words (`before uk`: its last two, or
/// its one word and what precedes it) raise the probability of the words
/// after it (`r1 r2`), log10 ([`Fit::right`]); and the log10 probability
/// of those words on their own, which [`join_lift`] measures against.
fn right_lift(
    lm: &LanguageModel,
    before: Option<u16>,
    uk: u16,
    r1: u16,
    r2: Option<u16>,
) -> (f32, f32) {
    let mut with = lm.logprob(before, Some(uk), r1);
    let mut alone = lm.logprob(None, None, r1);
    if let Some(r2) = r2 {
        with += lm.logprob(Some(uk), Some(r1), r2);
        alone += lm.logprob(None, Some(r1), r2);
    }
    (with - alone, alone)
}

/// How much the words before an occurrence raise the probability of the
/// words after it with the occurrence taken out, log10 ([`Fit::join`]);
/// `alone` is theirs on their own, from [`right_lift`].
fn join_lift(
    lm: &LanguageModel,
    l2: Option<u16>,
    l1: u16,
    r1: u16,
    r2: Option<u16>,
    alone: f32,
) -> f32 {
    let mut joined = lm.logprob(l2, Some(l1), r1);
    if let Some(r2) = r2 {
        joined += lm.logprob(Some(l1), Some(r1), r2);
    }
    joined - alone
}

/// How far below 0 (left and right lifts) and above it (the join's) a
/// phrase's edges must be for it to break its sentence ([`breaks`]): the
/// text either side does not lead into it, and reads on without it.
pub(crate) const BREAKS: (f32, f32, f32) = (0.0, -0.5, 1.0);

/// Whether a phrase whose edges lift as `fit` says breaks its sentence
/// ([`BREAKS`]).
pub(crate) fn broken(fit: (f64, f64, f64)) -> bool {
    let (left, right, join) = BREAKS;
    fit.0 < f64::from(left) && fit.1 < f64::from(right) && fit.2 > f64::from(join)
}

/// How much better (log10) the words either side of a phrase read together
/// than apart for the phrase to have split them ([`split`]): above every
/// such join of the listed phrases the corpus and the clean generator
/// pages write once (0.99 at most, of 638).
pub(crate) const SPLIT_JOIN: f32 = 1.5;

/// Whether a phrase whose edges lift as `fit` went in between two words
/// that make one ("dường … như", "sau … khi"): they read on far better
/// without it ([`SPLIT_JOIN`]), and one of its edges breaks ([`BREAKS`]),
/// whichever the other does.
pub(crate) fn split(fit: (f64, f64, f64)) -> bool {
    let (left, right, _) = BREAKS;
    fit.2 > f64::from(SPLIT_JOIN) && (fit.0 < f64::from(left) || fit.1 < f64::from(right))
}

/// How the phrase at tokens `r`, written as it is, breaks its sentence:
/// `(left, right, join)` as in [`Fit`], or `None` as soon as one of them
/// says it does not (`left` at least `max_left`, `right` at least
/// `max_right`, `join` at most `min_join`) or lacks its context. Each
/// costs a few lookups, and most phrases fit at their first edge: asked
/// of every listed phrase a page writes with its marks, this stops there.
pub(crate) fn breaks(
    doc: &Doc,
    lm: &LanguageModel,
    r: &Range<usize>,
    (max_left, max_right, min_join): (f32, f32, f32),
) -> Option<(f32, f32, f32)> {
    let [l2, l1, r1, r2] = clause_context(doc, r);
    let id = |j: Option<usize>| j.map(|j| id_of(doc, lm, j));
    let (l2, l1, r1, r2) = (id(l2), id(l1)?, id(r1)?, id(r2));
    let u1 = id_of(doc, lm, r.start);
    let u2 = (r.len() >= 2).then(|| id_of(doc, lm, r.start + 1));
    let uk = id_of(doc, lm, r.end.checked_sub(1)?);
    let uk1 = (r.len() >= 2).then(|| id_of(doc, lm, r.end - 2));
    let left = left_lift(lm, l2, l1, u1, u2);
    if left >= max_left {
        return None;
    }
    let (right, alone) = right_lift(lm, uk1.or(Some(l1)), uk, r1, r2);
    if right >= max_right {
        return None;
    }
    let join = join_lift(lm, l2, l1, r1, r2, alone);
    (join > min_join).then_some((left, right, join))
}

/// What stands across the gap before token `j` when it is no space, as
/// the model reads it: a comma (a word of the model), or `end`, the
/// sentence's edge (`BOS` or `EOS`), as the model was trained on every
/// other break.
fn across(doc: &Doc, lm: &LanguageModel, j: usize, end: u16) -> u16 {
    let comma = lm.id(",");
    if doc.gap_text(j).contains(',') && comma != UNK {
        comma
    } else {
        end
    }
}

/// Words at most taken past each edge of a phrase by how the text reads
/// ([`reads_on`]).
const READS_ON_WORDS: usize = 3;
/// How much better (log10) the words either side of a phrase must read
/// together with the words past its edge taken than as it was found, for
/// them to be the phrase's ([`reads_on`]).
const READS_ON_GAIN: f32 = 1.5;

/// How many words before and after the phrase at tokens `r` are its own by
/// how the text reads (and the gain, log10): an injected phrase breaks its
/// sentence at both edges, so where a lexicon entry covers its head only,
/// the words before it lead into its tail, not into the text after the
/// tail ("tải game mod apk | miễn phí | cho"). Taken past an edge are up to
/// [`READS_ON_WORDS`] words joined by spaces, not capitalised unless the
/// phrase's edge word is, when the words before the phrase then lead into
/// the word after them [`READS_ON_GAIN`] better than into the word after
/// the phrase as found, and read on across the gap ([`BREAKS`]' join).
/// Spelling says nothing here: a tail written with its marks is read as a
/// bare one is. The right edge first, then the left against it.
pub(crate) fn reads_on(doc: &Doc, lm: &LanguageModel, r: &Range<usize>) -> (usize, usize, f32) {
    let joined = |j: usize| doc.toks.get(j).is_some_and(|t| t.gap == Gap::Space);
    let id = |j: usize| id_of(doc, lm, j);
    let known = |j: usize| id(j) != UNK;
    // (Beside a phrase written bare, a word with marks is the text's: the
    // model alone would take "trên" after "vebo tv link moi nhat".)
    let bare = !r.clone().any(|j| doc.toks.get(j).is_some_and(|t| t.marked));
    let may_take = |j: usize, edge: usize| {
        (!doc.is_capitalised(j) || doc.is_capitalised(edge))
            && !(bare && doc.toks.get(j).is_some_and(|t| t.marked))
    };
    // How much the two words before token `before` raise the two from
    // token `after` on ([`join_lift`]), a clause's edge read as the
    // model's sentence edge (or its comma); `None` for a word it does not
    // know.
    let lift = |before: usize, after: usize| -> Option<f32> {
        let [l2, l1, r1, r2] = clause_context(doc, &(before..after));
        let l1 = match l1 {
            Some(l) => known(l).then(|| id(l))?,
            None => across(doc, lm, before, BOS),
        };
        let r1 = match r1 {
            Some(r) => known(r).then(|| id(r))?,
            None => across(doc, lm, after, EOS),
        };
        let (l2, r2) = (l2.map(id), r2.map(id));
        let mut alone = lm.logprob(None, None, r1);
        if let Some(r2) = r2 {
            alone += lm.logprob(None, Some(r1), r2);
        }
        Some(join_lift(lm, l2, l1, r1, r2, alone))
    };
    // The most words taken (`e`, with the lift each gives) that the text
    // reads on without, and the gain, when enough.
    let pick = |base: f32, lifts: &mut dyn Iterator<Item = (usize, Option<f32>)>| {
        let mut best = (0, base);
        for (e, v) in lifts {
            if let Some(v) = v.filter(|&v| v > best.1) {
                best = (e, v);
            }
        }
        (best.0 > 0 && best.1 - base >= READS_ON_GAIN && best.1 > BREAKS.2)
            .then_some((best.0, best.1 - base))
    };
    // Past the right edge first: the words before the phrase lead into the
    // word after the ones taken. Then past the left edge, against the new
    // right one.
    let (start, mut end) = (r.start, r.end);
    let last = end.saturating_sub(1);
    let Some(base) = lift(start, end) else {
        return (0, 0, 0.0);
    };
    let mut gain = 0.0;
    let mut taken = (1..=READS_ON_WORDS)
        .take_while(|&e| joined(end + e - 1) && may_take(end + e - 1, last))
        .map(|e| (e, lift(start, end + e)));
    if let Some((e, g)) = pick(base, &mut taken) {
        (end, gain) = (end + e, g);
    }
    let Some(base) = lift(start, end) else {
        return (0, end - r.end, gain);
    };
    let mut taken = (1..=READS_ON_WORDS)
        .take_while(|&e| {
            start
                .checked_sub(e)
                .is_some_and(|j| joined(j + 1) && may_take(j, start))
        })
        .map(|e| (e, lift(start - e, end)));
    let before = match pick(base, &mut taken) {
        Some((e, g)) => {
            gain = f32::max(gain, g);
            e
        }
        None => 0,
    };
    (before, end - r.end, gain)
}

/// Words at most taken for the partners of a displaced word, at one edge.
const MAX_PARTNERS: usize = 3;
/// Occurrences read to weigh them (the same word was displaced everywhere).
const PARTNER_OCCURRENCES: usize = 4;
/// Candidates for the displaced word weighed in full...
const PARTNER_CANDIDATES: usize = 24;
/// ...of the likeliest this many after the word before the gap and before
/// the word after it, ranked by both.
const PARTNER_SIDE: usize = 96;
/// How much better (log10, per occurrence read) the text must read with
/// the edge words kept beside a word put back than with them cut as the
/// phrase's: a phrase's own word left in the text is spam left behind, so
/// the model's say must be clear.
const PARTNER_MARGIN: f32 = 0.5;
/// The same for edge words that real text writes bare now and then but
/// the phrase, read with its marks, reads otherwise ("ban" of "ban hack
/// pubg mobile" as "bán", "thanh" of every "thanh" before a phrase where
/// "toán" of "thanh toán" stood as "thành"): either may be the phrase's.
/// (At 1.0, `fixture_attacks.py --kind replaced` finds 11,090 of 13,335
/// occurrences exactly, 4 fewer than with no such word weighed, and
/// `--kind partners` gives back 28 of 50 articles, not 21; at 0.5, 10,973
/// and 33.)
const PARTNER_RESTORED_MARGIN: f32 = 1.0;
/// The log10 price, per occurrence read, of reading a phrase written bare
/// as inserted with its edge word, nothing displaced beside it: as repair
/// prices "nothing was there", else the reading one word shorter wins for
/// its brevity ("thấy | 15 tuổi" over "thấy con gái 15 tuổi", "con" taken
/// as the phrase's). (With it, `fixture_attacks.py --kind partners` gives
/// back 39 of 50 articles, not 28, and `--kind replaced` finds 11,089
/// occurrences exactly, not 11,090.)
const PARTNER_NONE_PRICE: f32 = 0.5;

/// How many words at one edge (`left`: its first ones) of a phrase found
/// at `occ` (written alike) are the partners of the word a find-and-replace
/// attack displaced: "kinh" of every "kinh xem phim …" where "tế" of "kinh
/// tế" stood. The same words stand beside every occurrence there, as a
/// phrase's own words do, so spelling and repetition cannot tell them
/// apart; the language model can. The text as it was is read both ways,
/// in each occurrence's clause up to the words of other findings
/// (`covered`, by token): with the edge words cut as the phrase's (which
/// then cost what they cost read with the phrase, its marks put back) and
/// the best word, or none, put back; and with them kept beside the best
/// word put back, the same everywhere. The edge words are the text's when
/// the second reads better by [`PARTNER_MARGIN`] an occurrence. 0 when
/// none are.
pub(crate) fn partners(
    doc: &Doc,
    lm: &LanguageModel,
    occ: &[Range<usize>],
    covered: &[bool],
    left: bool,
) -> usize {
    let step = (occ.len() / PARTNER_OCCURRENCES).max(1);
    let sample: Vec<&Range<usize>> = occ.iter().step_by(step).take(PARTNER_OCCURRENCES).collect();
    let Some(first) = sample.first() else {
        return 0;
    };
    // The `i`-th word from the edge, and the token whose gap (the one
    // before it) joins that word to the next one inward.
    let edge = |r: &Range<usize>, i: usize| {
        if left {
            (r.start + i, r.start + i + 1)
        } else {
            (r.end - 1 - i, r.end - 1 - i)
        }
    };
    // The edge words every occurrence shares, as the model knows them, in
    // lower case and joined to the rest by spaces.
    let mut shared: Vec<u16> = Vec::new();
    while shared.len() < MAX_PARTNERS.min(first.len().saturating_sub(1)) {
        let i = shared.len();
        let id = id_of(doc, lm, edge(first, i).0);
        let fits = |r: &&Range<usize>| {
            r.len() == first.len() && {
                let (j, gap_at) = edge(r, i);
                id_of(doc, lm, j) == id
                    && !doc.is_capitalised(j)
                    && doc.toks.get(gap_at).is_some_and(|t| t.gap == Gap::Space)
            }
        };
        if id == UNK || !sample.iter().all(fits) {
            break;
        }
        shared.push(id);
    }
    // (Only words written bare, or beside a phrase written bare past the
    // words it leaves: a phrase written with its marks reads as well with
    // its last words as without them, "mùa mới" of "mod skin liên quân mùa
    // mới", and the model cannot tell. A word with marks at the edge of a
    // phrase written bare is the text's all the more: "địa" before the
    // phrase where "bàn" stood. A bare word beside a phrase with marks is
    // weighed as any: "gia" of every "gia đình" before "tải game nổ hũ".)
    let marked = |r: Range<usize>| {
        r.into_iter()
            .any(|j| doc.toks.get(j).is_some_and(|t| t.marked))
    };
    let bare_past = |k: usize| {
        let (cut, inward) = if left {
            (first.start..first.start + k, first.start + k..first.end)
        } else {
            (first.end - k..first.end, first.start..first.end - k)
        };
        !marked(inward) || !marked(cut)
    };
    if !(1..=shared.len()).any(bare_past) {
        return 0;
    }
    // (Beside a phrase written with marks, whose words read as the text's
    // do, the model's say on where it ends is too weak to price.)
    let none_price = if marked((*first).clone()) {
        0.0
    } else {
        PARTNER_NONE_PRICE
    };
    // The phrase's words at that edge read with their marks put back: as
    // the phrase's, the edge words are read so ("phòng" of "du phong":
    // "dự phòng"). (The edge words and the next two, not the whole phrase:
    // a page of a phrase pasted a thousand times asks this of each.)
    let span = (shared.len() + 3).min(first.len());
    let window = if left {
        first.start..first.start + span
    } else {
        first.end - span..first.end
    };
    let reading = read(doc, lm, std::slice::from_ref(&window));
    let at = |i: usize| if left { i } else { span - 1 - i };
    // Nor a word that the phrase, so read, reads otherwise: written bare as
    // the phrase is ("bong da" of "truc tiep bong da"), no word of the
    // text's, which writes its words as real text does. Unless real text
    // writes it bare too, now and then (not [`super::ngram::HOT`]): read
    // with a phrase of spam's, "thanh" of every "thanh toán" before a
    // phrase where "toán" stood reads as "thành", "con" of "con gái" as
    // "còn"; the model weighs those below, and must be clearer about them.
    let plain = |i: usize| {
        doc.toks.get(edge(first, i).0).is_some_and(|t| {
            super::accent::suspicion(doc.folded_text(t).as_bytes())
                .is_some_and(|s| s < super::ngram::HOT)
        })
    };
    let as_written = (0..shared.len())
        .take_while(|&i| reading.get(at(i)) == shared.get(i) || plain(i))
        .count();
    shared.truncate(as_written);
    if !(1..=shared.len()).any(bare_past) {
        return 0;
    }
    // (Each occurrence's context up to the words of another finding: a
    // phrase found beside it is no text to read it with, "vay" before
    // "tiền bằng cmnd".)
    let text = |j: Option<usize>| j.filter(|&j| !covered.get(j).copied().unwrap_or(true));
    let contexts: Vec<[Option<u16>; 4]> = sample
        .iter()
        .map(|r| {
            let [l2, l1, r1, r2] = clause_context(doc, r);
            // (At the clause's edge, the sentence's edge or its comma, as
            // the model reads them: nothing there is no free pass. A word
            // of another finding stays unread.)
            let id = |j: Option<usize>| text(j).map(|j| id_of(doc, lm, j));
            let left = match l1 {
                Some(_) => id(l1),
                None => Some(across(doc, lm, r.start, BOS)),
            };
            let right = match r1 {
                Some(_) => id(r1),
                None => Some(across(doc, lm, r.end, EOS)),
            };
            let l2 = id(l2).filter(|_| l1.is_some() && left.is_some());
            let r2 = id(r2).filter(|_| r1.is_some() && right.is_some());
            [l2, left, right, r2]
        })
        .collect();
    // log10 P of the text between each occurrence's two words before and
    // two after, with `mid` where the phrase is, summed over the sample.
    let score = |mid: &[u16]| -> f32 {
        contexts
            .iter()
            .map(|&[l2, l1, r1, r2]| {
                let mut ids: Vec<u16> = [l2, l1].into_iter().flatten().collect();
                let from = ids.len();
                ids.extend_from_slice(mid);
                ids.extend([r1, r2].into_iter().flatten());
                lm.score_ids(&ids, from)
            })
            .sum()
    };
    // The model's words most likely between `before` and `after`: those
    // it has seen after the one or before the other, ranked by both.
    let candidates = |before: Option<u16>, after: Option<u16>| -> Vec<u16> {
        let mut all: Vec<u16> = Vec::new();
        for list in [
            before.map(|v| lm.continuations(v)),
            after.map(|w| lm.predecessors(w)),
        ]
        .into_iter()
        .flatten()
        {
            // (The likeliest on that side first: a common word has
            // thousands, and each costs lookups to rank.)
            let mut list = list;
            if list.len() > PARTNER_SIDE {
                list.select_nth_unstable_by(PARTNER_SIDE, |a, b| b.1.total_cmp(&a.1));
                list.truncate(PARTNER_SIDE);
            }
            all.extend(
                list.into_iter()
                    .map(|(w, _)| w)
                    .filter(|&w| lm.word(w).is_some_and(crate::syllable::is_syllable)),
            );
        }
        all.sort_unstable();
        all.dedup();
        let rank = |w: u16| {
            before.map_or(0.0, |v| lm.logprob(None, Some(v), w))
                + after.map_or(0.0, |x| lm.logprob(None, Some(w), x))
        };
        let mut ranked: Vec<(f32, u16)> = all.into_iter().map(|w| (rank(w), w)).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.truncate(PARTNER_CANDIDATES);
        ranked.into_iter().map(|(_, w)| w).collect()
    };
    // The best reading of the gap with `kept` beside the word put back (in
    // text order), over that word's candidates.
    let best = |kept: &[u16]| -> f32 {
        let [_, l1, r1, _] = contexts.first().copied().unwrap_or_default();
        let (before, after) = match (left, kept.first(), kept.last()) {
            (true, _, Some(&k)) => (Some(k), r1),
            (false, Some(&k), _) => (l1, Some(k)),
            _ => (l1, r1),
        };
        let mut mid: Vec<u16> = Vec::with_capacity(kept.len() + 1);
        let mut top = f32::MIN;
        for w in candidates(before, after) {
            mid.clear();
            if left {
                mid.extend_from_slice(kept);
                mid.push(w);
            } else {
                mid.push(w);
                mid.extend_from_slice(kept);
            }
            top = top.max(score(&mid));
        }
        top
    };
    // The phrase's word next to the shared ones, inward, as read.
    let core = reading.get(at(shared.len())).copied().unwrap_or(UNK);
    // What the shared words past the first `k` cost as the phrase's own
    // words, read with the phrase (log10): a phrase is text too, and the
    // words it is made of have their price.
    let as_phrase = |k: usize| -> f32 {
        let rest: Vec<u16> = (k..shared.len())
            .map(|i| reading.get(at(i)).copied().unwrap_or(UNK))
            .collect();
        if left {
            let ids: Vec<u16> = rest.iter().copied().chain([core]).collect();
            lm.score_ids(&ids, 0) - lm.score_ids(&[core], 0)
        } else {
            let ids: Vec<u16> = [core]
                .into_iter()
                .chain(rest.iter().rev().copied())
                .collect();
            lm.score_ids(&ids, 1)
        }
    };
    let n = sample.len() as f32;
    let total = |k: usize| -> f32 {
        // (In text order: the first `k` edge words from the left, or the
        // last `k` ending at the right edge.)
        let kept: Vec<u16> = if left {
            shared.iter().take(k).copied().collect()
        } else {
            shared.iter().take(k).rev().copied().collect()
        };
        best(&kept) + n * as_phrase(k)
    };
    // The edge words cut as the phrase's, a word displaced beside them or
    // nothing (the phrase inserted: with words kept, a word was displaced,
    // as a phrase inserted at random places has no words of the text
    // beside it every time). "Nothing" at its price where it applies, and
    // free: one word kept beside the word put back is the price's to
    // weigh (a displaced syllable's partner is one syllable, "con" of "con
    // gái", "tử" of "tử vong"); more words kept need the model's say
    // against nothing as it stands.
    let none = score(&[]);
    let cut_word = total(0);
    let inserted = n * as_phrase(0);
    let cut = cut_word.max(none + inserted);
    let cut_priced = cut_word.max(none - none_price * n + inserted);
    let mut out = 0;
    let mut top = cut_priced + PARTNER_MARGIN * n;
    for k in 1..=shared.len() {
        if k >= 2 {
            top = top.max(cut + PARTNER_MARGIN * n);
        }
        if !bare_past(k) {
            continue;
        }
        let v = total(k);
        // (Edge words the phrase, read with its marks, reads otherwise
        // need the model's say clearer: [`PARTNER_RESTORED_MARGIN`].)
        let restored = (0..k).any(|i| reading.get(at(i)) != shared.get(i));
        let more = if restored {
            (PARTNER_RESTORED_MARGIN - PARTNER_MARGIN) * n
        } else {
            0.0
        };
        if v >= top + more {
            (out, top) = (k, v);
        }
    }
    out
}

/// Whether some occurrence of the phrase has a bare word that the model
/// knows a marked reading of: only then can [`stripped`] be above 0.
pub(crate) fn restorable(doc: &Doc, lm: &LanguageModel, occ: &[Range<usize>]) -> bool {
    bare_samples(doc, occ).any(|r| {
        r.clone().any(|j| {
            doc.toks.get(j).is_some_and(|t| {
                let own = id_of(doc, lm, j);
                lm.variants(doc.folded_text(t)).iter().any(|&v| v != own)
            })
        })
    })
}

/// The occurrences [`stripped`] reads: a few spread over the page, of those
/// written wholly bare. (One written with marks has its bare words as they
/// are meant, "gác kèo ong": an injected phrase is spelled one way.)
fn bare_samples<'o>(
    doc: &'o Doc,
    occ: &'o [Range<usize>],
) -> impl Iterator<Item = &'o Range<usize>> + 'o {
    let step = (occ.len() / STRIPPED_OCCURRENCES).max(1);
    occ.iter()
        .step_by(step)
        .take(STRIPPED_OCCURRENCES)
        .filter(|&r| {
            !r.is_empty()
                && r.clone()
                    .all(|j| doc.toks.get(j).is_some_and(|t| !t.marked))
        })
}

/// How much better a phrase written bare reads with marks put back than as
/// written, in its sentences: log10, averaged over a few occurrences
/// written wholly bare (0 when none is). A word stripped of its marks
/// ("lich truyen hinh") reads far better restored; a word real text writes
/// bare ("thang máy", "massage da mặt") reads best as it is.
pub(crate) fn stripped(doc: &Doc, lm: &LanguageModel, occ: &[Range<usize>]) -> f32 {
    // How many words of Wikipedia the model reads as `<unk>`.
    let unk_mass = 10f32.powf(lm.unigram(UNK)) * super::vocab::wikipedia_words();
    let mut acc = Acc::default();
    for r in bare_samples(doc, occ) {
        let [l2, l1, r1, r2] = clause_context(doc, r);
        let id = |j: Option<usize>| j.map(|j| id_of(doc, lm, j));
        // Each word's readings, with what each costs beyond the model: a
        // word the model does not know is `<unk>`, a class that holds every
        // name and foreign word; written as it is, it is this one word of
        // the class, as often as Wikipedia writes it so.
        let written: Vec<(u16, f32)> = r
            .clone()
            .map(|j| {
                let w = id_of(doc, lm, j);
                let cost = if w == UNK {
                    let f = doc.toks.get(j).map_or("", |t| doc.folded_text(t));
                    let seen = match super::accent::bare_frequency(f.as_bytes()) {
                        n if n > 0.0 => n,
                        _ => super::vocab::wikipedia_count(f) as f32,
                    };
                    ((seen + 0.5) / unk_mass).log10().min(0.0)
                } else {
                    0.0
                };
                (w, cost)
            })
            .collect();
        let options: Vec<Vec<(u16, f32)>> = r
            .clone()
            .zip(&written)
            .map(|(j, &w)| match doc.toks.get(j) {
                Some(t) if !t.marked => {
                    let v = lm.variants(doc.folded_text(t));
                    let mut o: Vec<(u16, f32)> =
                        v.iter().take(VARIANTS).map(|&v| (v, 0.0)).collect();
                    if !o.iter().any(|&(v, _)| v == w.0) {
                        o.push(w);
                    }
                    o
                }
                _ => vec![w],
            })
            .collect();
        let tail: Vec<(u16, f32)> = [id(r1), id(r2)]
            .into_iter()
            .flatten()
            .map(|w| (w, 0.0))
            .collect();
        let as_written = best_path(
            lm,
            &written.iter().map(|&w| vec![w]).collect::<Vec<_>>(),
            id(l2),
            id(l1),
            &tail,
        );
        let best = best_path(lm, &options, id(l2), id(l1), &tail);
        acc.add((best - as_written).max(0.0));
    }
    acc.mean().unwrap_or(0.0)
}

/// Occurrences read back per phrase for [`stripped`].
const STRIPPED_OCCURRENCES: usize = 4;

/// log10 P(`w` | `u` `v`), as [`LanguageModel::logprob`] gives it, with the
/// bigram of `u` `v` (`before`: `lm.bigram(u, v)` when both are known)
/// looked up once for every word a path tries after them.
fn next_logprob(
    lm: &LanguageModel,
    before: Option<Bigram>,
    u: Option<u16>,
    v: Option<u16>,
    w: u16,
) -> f32 {
    match (before, v) {
        (Some(uv), Some(v)) => lm.trigram_logprob(uv, w, || lm.logprob(None, Some(v), w)),
        _ => lm.logprob(u, v, w),
    }
}

/// The log10 probability of the likeliest path through `options` (words
/// with a cost of their own) after the words `u v`, the words `tail`
/// following it.
fn best_path(
    lm: &LanguageModel,
    options: &[Vec<(u16, f32)>],
    u: Option<u16>,
    v: Option<u16>,
    tail: &[(u16, f32)],
) -> f32 {
    let mut beam: Vec<(Option<u16>, Option<u16>, f32)> = vec![(u, v, 0.0)];
    let mut next: Vec<(Option<u16>, Option<u16>, f32)> = Vec::new();
    let steps = options
        .iter()
        .map(Vec::as_slice)
        .chain(tail.iter().map(std::slice::from_ref));
    for opts in steps {
        next.clear();
        for &(u, v, p) in &beam {
            // (The two words before, looked up once for every option.)
            let before = u.zip(v).map(|(u, v)| lm.bigram(u, v));
            for &(w, cost) in opts {
                next.push((v, Some(w), p + cost + next_logprob(lm, before, u, v, w)));
            }
        }
        next.sort_by(|a, b| b.2.total_cmp(&a.2));
        // Paths that end alike go on alike: keep the best of each.
        next.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        next.truncate(BEAM);
        std::mem::swap(&mut beam, &mut next);
    }
    beam.first().map_or(0.0, |b| b.2)
}

#[derive(Default)]
struct Acc {
    sum: f32,
    n: usize,
}

impl Acc {
    fn add(&mut self, x: f32) {
        if x.is_finite() {
            self.sum += x;
            self.n += 1;
        }
    }

    fn mean(&self) -> Option<f32> {
        (self.n > 0).then(|| self.sum / self.n as f32)
    }
}

/// The phrase of `occ` as model ids: each word as written where some
/// occurrence writes it with marks, otherwise its most probable reading
/// with marks, the phrase read as a whole (a beam over the readings of
/// each bare word).
fn read(doc: &Doc, lm: &LanguageModel, occ: &[Range<usize>]) -> Vec<u16> {
    let Some(first) = occ.first() else {
        return Vec::new();
    };
    let same: Vec<&Range<usize>> = occ.iter().filter(|r| r.len() == first.len()).collect();
    let options: Vec<Vec<u16>> = (0..first.len())
        .map(|k| {
            let marked = same
                .iter()
                .map(|r| r.start + k)
                .find(|&j| doc.toks.get(j).is_some_and(|t| t.marked));
            if let Some(j) = marked {
                return vec![id_of(doc, lm, j)];
            }
            let folded = doc
                .toks
                .get(first.start + k)
                .map_or("", |t| doc.folded_text(t));
            let v = lm.variants(folded);
            if v.is_empty() {
                vec![id_of(doc, lm, first.start + k)]
            } else {
                v.iter().take(VARIANTS).copied().collect()
            }
        })
        .collect();
    // The paths read so far, as a tree: each word read, and the index of
    // the one before it (`usize::MAX` for none). (Not a path copied per
    // reading: a phrase weighed costs a dozen readings a word.)
    let mut tree: Vec<(u16, usize)> = Vec::with_capacity(options.len() * BEAM);
    // Beam: (the path's last two words, its log10 probability, its end in
    // the tree).
    let mut beam: Vec<(Option<u16>, Option<u16>, f32, usize)> = vec![(None, None, 0.0, usize::MAX)];
    // The readings one word further: as a beam entry, with the word read.
    type Step = (Option<u16>, Option<u16>, f32, usize, u16);
    let mut next: Vec<Step> = Vec::new();
    for opts in &options {
        next.clear();
        for &(u, v, p, end) in &beam {
            // (The two words before, looked up once for every reading.)
            let before = u.zip(v).map(|(u, v)| lm.bigram(u, v));
            for &w in opts {
                next.push((v, Some(w), p + next_logprob(lm, before, u, v, w), end, w));
            }
        }
        next.sort_by(|a, b| b.2.total_cmp(&a.2));
        next.truncate(BEAM);
        beam.clear();
        for &(v, w, q, parent, word) in &next {
            tree.push((word, parent));
            beam.push((v, w, q, tree.len() - 1));
        }
    }
    let mut path = Vec::with_capacity(options.len());
    let mut at = beam.first().map_or(usize::MAX, |b| b.3);
    while let Some(&(word, parent)) = tree.get(at) {
        path.push(word);
        at = parent;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit_of(text: &str, phrase: &str) -> Fit {
        let doc = Doc::new(text);
        let key = crate::fold::fold(phrase);
        let words: Vec<&str> = key.as_str().split(' ').collect();
        let folded: Vec<&str> = doc.toks.iter().map(|t| doc.folded_text(t)).collect();
        let occ: Vec<Range<usize>> = (0..folded.len())
            .filter(|&i| folded.get(i..i + words.len()) == Some(&words[..]))
            .map(|i| i..i + words.len())
            .collect();
        fit(&doc, LanguageModel::embedded(), &occ)
    }

    #[test]
    fn a_bare_phrase_is_read_with_its_marks() {
        let f = fit_of(
            "Hội khuyến lich truyen hinh truc tiep bong da các tỉnh.",
            "lich truyen hinh truc tiep bong da",
        );
        assert_eq!(f.reading, "lịch truyền hình trực tiếp bóng đá");
    }

    fn occurrences(doc: &Doc, phrase: &str) -> Vec<Range<usize>> {
        let words: Vec<&str> = phrase.split(' ').collect();
        let folded: Vec<&str> = doc.toks.iter().map(|t| doc.folded_text(t)).collect();
        (0..folded.len())
            .filter(|&i| folded.get(i..i + words.len()) == Some(&words[..]))
            .map(|i| i..i + words.len())
            .collect()
    }

    #[test]
    fn only_bare_syllables_can_be_read_better_with_marks() {
        let lm = LanguageModel::embedded();
        let text = "Hội khuyến lich truyen hinh các tỉnh, xem casino online và \
                    lịch truyền hình, lich truyen hinh, casino online.";
        let doc = Doc::new(text);
        let stripped = occurrences(&doc, "lich truyen hinh");
        assert_eq!(stripped.len(), 3);
        assert!(restorable(&doc, lm, &stripped));
        assert!(super::stripped(&doc, lm, &stripped) > 1.0);
        let foreign = occurrences(&doc, "casino online");
        assert_eq!(foreign.len(), 2);
        assert!(!restorable(&doc, lm, &foreign));
        assert_eq!(super::stripped(&doc, lm, &foreign), 0.0);
    }
}
