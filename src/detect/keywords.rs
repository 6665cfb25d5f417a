//! Keyword lines: "Từ khóa: soi keo, nha cai uy tin, xo so mien bac", a
//! list of SEO phrases appended or prepended to a page. Each item may occur
//! only once, so repetition does not find them; the line's shape does: a
//! label and a colon, then a list whose items are spam.

use std::ops::Range;

use super::accent::suspicion;
use super::doc::Doc;
use super::ngram::HOT;

/// The labels that introduce keyword lines ("Từ khóa: a, b, c"), folded.
/// A line left holding only one of them after stripping is removed too.
///
/// ```
/// assert!(vnclean::KEYWORD_LABELS.contains(&"tu khoa"));
/// ```
pub const LABELS: &[&str] = &[
    "tu khoa",
    "tu khoa lien quan",
    "tags",
    "tag",
    "xem them",
    "tim kiem",
    "tim kiem lien quan",
    "keywords",
    "keyword",
    "chu de",
    "nhan",
];

/// The first words of [`LABELS`]: every line is checked against them.
const LABEL_OPENERS: &[&str] = &[
    "tu", "tags", "tag", "xem", "tim", "keywords", "keyword", "chu", "nhan",
];

/// What a keyword line's items are weighed by: whether a word (folded) is
/// the lexicon's, and whether spam uses it far more than real text does.
pub(crate) struct Words<'a> {
    pub is_topic: &'a dyn Fn(&str) -> bool,
    pub is_spam: &'a dyn Fn(&str) -> bool,
}

/// A keyword line found to list spam.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeywordLine {
    /// Its tokens, the label included.
    pub toks: Range<usize>,
    /// The label as written ("Từ khóa"), or empty for a bare list.
    pub label: String,
    pub items: usize,
    pub spam_items: usize,
}

/// Lines of `doc` that are keyword lists of spam. `flagged` are the token
/// ranges other detectors already hold for spam, in order; `words` tell
/// the lexicon's words and spam's ([`Words`]).
pub(crate) fn keyword_lines(
    doc: &Doc,
    flagged: &[Range<usize>],
    words: &Words<'_>,
) -> Vec<KeywordLine> {
    let mut out = Vec::new();
    let n = doc.toks.len();
    let mut start = 0;
    for end in doc.lines.iter().copied().chain((n > 0).then_some(n)) {
        if let Some(k) = check_line(doc, start..end, flagged, words) {
            out.push(k);
        }
        start = end;
    }
    out
}

fn check_line(
    doc: &Doc,
    line: Range<usize>,
    flagged: &[Range<usize>],
    words: &Words<'_>,
) -> Option<KeywordLine> {
    // Flagged ranges are in order: find the first that may reach this line.
    let first = flagged.partition_point(|f| f.end <= line.start);
    let flagged = flagged.get(first..).unwrap_or_default();
    let has_flag = flagged.first().is_some_and(|f| f.start < line.end);
    let opener = doc
        .toks
        .get(line.start)
        .map(|t| doc.folded_text(t))
        .unwrap_or_default();
    if !has_flag && !LABEL_OPENERS.contains(&opener) {
        return None;
    }
    let label_len = LABELS
        .iter()
        .filter_map(|l| {
            let k = l.split(' ').count();
            let span = line.start..line.start + k;
            (span.end < line.end
                && doc.folded_span(span.clone()) == *l
                && doc.is_phrase(span.clone())
                && doc.gap_text(span.end).trim_start().starts_with(':'))
            .then_some(k)
        })
        .max();
    if label_len.is_none() && !has_flag {
        return None;
    }
    let body = line.start + label_len.unwrap_or(0)..line.end;
    // A bare list is short items, at least three of them: a line of prose
    // is given up at its first long stretch without a separator.
    let bare = label_len.is_none();
    // Items are separated by commas, semicolons or bars (ASCII: a byte
    // test, where a search for characters decoded every gap).
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut item_start = body.start;
    for j in body.start + 1..body.end {
        if bare && j - item_start > 8 {
            return None;
        }
        let g = doc.gap_text(j);
        if g.bytes().any(|b| matches!(b, b',' | b';' | b'|')) {
            items.push(item_start..j);
            item_start = j;
        }
    }
    items.push(item_start..body.end);
    if bare && (items.len() < 3 || items.iter().any(|it| it.len() > 8)) {
        return None;
    }
    let spam_items = items
        .iter()
        .filter(|it| is_spam_item(doc, (*it).clone(), flagged, words))
        .count();
    // (After a label, on a page written with marks, a list of phrases
    // written without any, two words or more each, is a list of keywords
    // whatever its words: "Xem thêm: click here nhan qua, free vpn
    // unlimited speed, …". The page's own lists after a label are titles
    // written as the page writes, with marks; and a site's address,
    // "tuoitre vn", is no such phrase: news sites list their own.)
    let bare_items = items
        .iter()
        .filter(|it| {
            let toks = doc.toks.get((*it).clone()).unwrap_or_default();
            toks.len() >= 2
                && toks.iter().all(|t| !t.marked)
                && toks
                    .last()
                    .is_some_and(|t| !super::page::is_tld(doc.folded_text(t).as_bytes()))
        })
        .count();
    let is_list = if label_len.is_some() {
        (spam_items >= 1 && spam_items * 2 >= items.len())
            || (doc.accented && bare_items >= BARE_ITEMS && bare_items * 3 >= items.len() * 2)
    } else {
        items.len() >= 3 && spam_items * 3 >= items.len() * 2
    };
    let spam_items = if is_list {
        spam_items.max(bare_items)
    } else {
        spam_items
    };
    is_list.then(|| KeywordLine {
        toks: line.clone(),
        label: label_len
            .map(|k| {
                doc.text
                    .get(doc.source_span(line.start..line.start + k))
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default(),
        items: items.len(),
        spam_items,
    })
}

/// The phrases written without marks a labelled list on a page written
/// with marks holds at least, for it to be a list of keywords whatever
/// their words.
const BARE_ITEMS: usize = 3;

fn is_spam_item(
    doc: &Doc,
    item: Range<usize>,
    flagged: &[Range<usize>],
    words: &Words<'_>,
) -> bool {
    // Mostly under findings already. (The findings over the item: they
    // are in order, and a page of keywords has thousands.)
    let from = flagged.partition_point(|f| f.end <= item.start);
    let over = flagged.get(from..).unwrap_or_default();
    let over = over
        .get(..over.partition_point(|f| f.start < item.end))
        .unwrap_or_default();
    let covered = over
        .iter()
        .map(|f| f.end.min(item.end).saturating_sub(f.start.max(item.start)))
        .sum::<usize>();
    if covered * 5 >= item.len() * 3 {
        return true;
    }
    let toks = doc.toks.get(item.clone()).unwrap_or_default();
    if toks.is_empty() || toks.len() > 8 || toks.iter().any(|t| t.marked) {
        return false;
    }
    let (mut hot, mut topic, mut spam) = (0, 0, 0);
    let mut after_strong = false;
    for (j, t) in item.clone().zip(toks) {
        let w = doc.folded_text(t);
        hot += usize::from(suspicion(w.as_bytes()).is_some_and(|s| s >= HOT));
        // A word under a finding is spam's as a lexicon word is; a domain
        // ending after a strong word makes the item a site's address
        // ("lucky88 com").
        let flagged_here = over.iter().any(|f| f.contains(&j));
        let strong = if flagged_here || (words.is_topic)(w) {
            topic += 1;
            true
        } else if (words.is_spam)(w) || (after_strong && super::page::is_tld(w.as_bytes())) {
            spam += 1;
            true
        } else {
            false
        };
        after_strong = strong;
    }
    // Spam's words count with the lexicon's, but one alone is no item of
    // spam: "livestream" and "shopee" are a shopping page's tags too.
    let strong = topic + spam;
    hot >= 2 || (strong >= 1 && hot + strong >= 2) || (toks.len() == 1 && topic == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_openers_are_the_labels_first_words() {
        let mut want: Vec<&str> = LABELS.iter().filter_map(|l| l.split(' ').next()).collect();
        want.sort_unstable();
        want.dedup();
        let mut got = LABEL_OPENERS.to_vec();
        got.sort_unstable();
        assert_eq!(got, want);
    }
}
