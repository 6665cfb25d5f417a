//! Keywords in another script spliced into Vietnamese: the Chinese or
//! Japanese keyword hack, where a page re-hosted by a spam site has a
//! keyword of its own in place of a name ("Công ty TNHH 澳门新葡京娱乐 đã
//! …" where the company's name stood).
//!
//! The lexicon lists the commonest such keywords. One it does not list is
//! still a run of Han or kana standing where a Vietnamese word would,
//! pasted at unrelated places. Real Vietnamese text writes Han or kana to
//! gloss a name or a term: in brackets, after a label ("chữ Hán:"), or
//! once, beside the words it glosses; and the glosses it repeats are a
//! character or two ("chữ 唐手"), which real keywords are not. Pages whose
//! UTF-8 was decoded as a CJK encoding are made of such runs too, but each
//! of those encodes back to Vietnamese and is no keyword. On such a page
//! every word of Han or kana the text had was misread with it, so one
//! that encodes back to nothing was put in afterwards: once is enough.

use super::doc::Doc;
use crate::tables::KeyMap;

/// The fewest characters a keyword has: a repeated gloss of one or two
/// ("田", "唐手") is a term the text talks about.
/// (Two of them Han or kana at least: "福彩3d".)
const MIN_CHARS: usize = 3;
/// The fewest unrelated places it stands at.
const MIN_PLACES: usize = 2;
/// How far back a bracket or a quotation opened in the sentence is looked
/// for, in bytes.
const SENTENCE_BYTES: usize = 600;

/// The script of a character that is no Latin letter and carries a
/// keyword of its own: Han (CJK ideographs) or Japanese kana.
fn script_of(c: char) -> Option<&'static str> {
    match c as u32 {
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Some("kana"),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Some("han"),
        _ => None,
    }
}

/// The script of word `w` when it is written in Han or kana, two
/// characters or more, with ASCII letters and digits at most besides
/// ("福彩3d"), [`MIN_CHARS`] characters or more in all ("kana" when any is
/// kana: Japanese).
fn word_script(w: &str) -> Option<&'static str> {
    let (mut script, mut own, mut n) = ("han", 0, 0);
    for c in w.chars() {
        match script_of(c) {
            Some(s) => {
                own += 1;
                if s == "kana" {
                    script = "kana";
                }
            }
            None if c.is_ascii_alphanumeric() => {}
            None => return None,
        }
        n += 1;
    }
    (own >= 2 && n >= MIN_CHARS).then_some(script)
}

/// Whether token `j` of `doc` is a Vietnamese word or a number: written in
/// Latin letters or digits.
fn is_latin(doc: &Doc, j: usize) -> bool {
    doc.written(j)
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && (c as u32) < 0x2E80)
}

/// Whether token `j` follows a word of Latin letters or digits on its
/// line, with only spaces between, or a comma or a semicolon (a list of
/// the page's own): not a label's colon, and not a bracket. (A lost byte's
/// U+FFFD counts as a space: in a page read in a CJK encoding, the word
/// before often lost its last byte.)
fn follows_a_word(doc: &Doc, j: usize) -> bool {
    let (Some(prev), Some(t)) = (
        j.checked_sub(1).and_then(|p| doc.toks.get(p)),
        doc.toks.get(j),
    ) else {
        return false;
    };
    let between = doc
        .text
        .get(prev.source.end..t.source.start)
        .unwrap_or("\n");
    is_latin(doc, j - 1)
        && between
            .chars()
            .all(|c| (c.is_whitespace() && c != '\n') || matches!(c, '\u{FFFD}' | ',' | ';'))
        && between.chars().filter(|&c| matches!(c, ',' | ';')).count() <= 1
}

/// Whether the text before byte `at`, in its sentence, leaves a bracket or
/// a quotation open: a gloss ("Quan Trung (giản thể: 关中; …"). (Within
/// the sentence: a page read in a CJK encoding lost some of its quotation
/// marks, and a paragraph's quotations need not close where it does.)
fn in_brackets(text: &str, at: usize) -> bool {
    // (A sentence's length back at most: a page with no full stop must not
    // be read from its start for every word.)
    let mut from = at.saturating_sub(SENTENCE_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..at).unwrap_or_default();
    let line = before
        .rfind(['\n', '.', '!', '?'])
        .and_then(|i| before.get(i + 1..))
        .unwrap_or(before);
    let (mut round, mut quotes, mut straight) = (0i32, 0i32, 0u32);
    for c in line.chars() {
        match c {
            '(' | '（' | '[' => round += 1,
            ')' | '）' | ']' => round -= 1,
            '“' | '«' | '「' | '『' => quotes += 1,
            '”' | '»' | '」' | '』' => quotes -= 1,
            '"' => straight += 1,
            _ => {}
        }
    }
    round > 0 || quotes > 0 || straight % 2 == 1
}

/// Token `j` as written, without the invisible characters after it.
fn written<'a>(doc: &Doc<'a>, j: usize) -> &'a str {
    doc.written(j)
        .trim_end_matches(|c: char| !c.is_alphanumeric() && script_of(c).is_none())
}

/// Two distinct words of `text` (or fewer, when it has fewer) that show
/// CJK mojibake: CJK characters glued to Latin letters ("Vi峄噒").
fn mojibake_shaped(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for chunk in text.split_whitespace() {
        let chunk = chunk.trim_matches(|c: char| !c.is_alphanumeric());
        if chunk.chars().any(|c| script_of(c).is_some())
            && chunk.bytes().any(|b| b.is_ascii_alphabetic())
            && !out.contains(&chunk)
        {
            out.push(chunk);
            if out.len() == 2 {
                break;
            }
        }
    }
    out
}

/// A keyword in another script found on a page: its tokens, one word each.
pub(crate) struct Spliced {
    pub toks: Vec<usize>,
    /// "han" or "kana".
    pub script: &'static str,
}

/// The keywords in Han or kana spliced into the Vietnamese text of `doc`
/// (a page written with marks): words of [`MIN_CHARS`] such characters or
/// more, each right after a word of Latin letters ([`follows_a_word`]) and
/// before a space or punctuation, outside brackets and quotations, the
/// same word at [`MIN_PLACES`] places or more with other words around it
/// (once, on a page that shows CJK mojibake, when it is no misreading of
/// anything: [`crate::normalize::cjk::is_misread`]), and none of it
/// mojibake of Vietnamese. `taken`: whether a token is found
/// already.
pub(crate) fn spliced(doc: &Doc, taken: impl Fn(usize) -> bool) -> Vec<Spliced> {
    // (Most pages are passed over on the scan of their bytes the page's
    // mojibake makes too.)
    if !doc.accented || !doc.may_hold_cjk() {
        return Vec::new();
    }
    let mut by_word: KeyMap<(Vec<usize>, &'static str)> = KeyMap::default();
    let shaped = std::cell::OnceCell::new();
    // A page read in a CJK encoding (its mojibake shown as a whole) holds
    // no word of Han or kana of its own that is not misread too: one that
    // is none was put in afterwards, once is enough.
    let misread_page = std::cell::OnceCell::new();
    let once_on_a_misread_page = |toks: &[usize]| {
        toks.iter().all(|&j| {
            let w = written(doc, j);
            !w.bytes().any(|b| b.is_ascii_alphanumeric()) && !crate::normalize::cjk::is_misread(w)
        }) && *misread_page.get_or_init(|| super::page::mojibake(doc) > 0.0)
    };
    for (j, t) in doc.toks.iter().enumerate() {
        // (Han and kana have lead bytes from 0xE3, Vietnamese letters to
        // 0xE1: "bet365体育" is looked at, a Vietnamese word is not.)
        if !doc
            .text
            .get(t.source.clone())
            .is_some_and(|w| w.bytes().any(|b| b >= 0xE3))
            || taken(j)
        {
            continue;
        }
        let word = written(doc, j);
        let Some(script) = word_script(word) else {
            continue;
        };
        // (CJK characters glued to Latin letters are the very shape of
        // mojibake, and no decoder's table says what every misreading was:
        // where another word of the page has that shape, only a word of
        // CJK characters alone is weighed.)
        if word.bytes().any(|b| b.is_ascii_alphabetic())
            && shaped
                .get_or_init(|| mojibake_shaped(doc.text))
                .iter()
                .any(|&m| m != word)
        {
            continue;
        }
        let w = doc.folded_text(t);
        // (Right after it, a space, a sentence's punctuation or the end:
        // letters glued on are mojibake's.)
        let after = doc.text.get(t.source.end..).and_then(|s| s.chars().next());
        if !after.is_none_or(|c| c.is_whitespace() || ",.;:!?".contains(c))
            || !follows_a_word(doc, j)
            || in_brackets(doc.text, t.source.start)
        {
            continue;
        }
        let key = super::ngram::hash_word(w.as_bytes());
        by_word.entry(key).or_insert((Vec::new(), script)).0.push(j);
    }
    let mut out: Vec<Spliced> = by_word
        .into_values()
        .filter(|(toks, _)| {
            let mut places: Vec<(&str, &str)> = toks
                .iter()
                .map(|&j| {
                    let word = |k: usize| doc.toks.get(k).map_or("", |t| doc.folded_text(t));
                    (j.checked_sub(1).map_or("", word), word(j + 1))
                })
                .collect();
            places.sort_unstable();
            places.dedup();
            (places.len() >= MIN_PLACES || once_on_a_misread_page(toks))
                && toks
                    .first()
                    .is_some_and(|&j| !crate::normalize::cjk::is_mojibake(written(doc, j)))
        })
        .map(|(toks, script)| Spliced { toks, script })
        .collect();
    out.sort_by_key(|s| s.toks.first().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, usize, &'static str)> {
        let mut doc = Doc::new(text);
        doc.set_accented(0);
        spliced(&doc, |_| false)
            .into_iter()
            .map(|s| {
                let w = s.toks.first().map_or("", |&j| doc.written(j).trim());
                (w.to_string(), s.toks.len(), s.script)
            })
            .collect()
    }

    const ARTICLE: &str = "Theo Sở Kế hoạch và Đầu tư, Công ty TNHH Minh Phát đã được cấp \
        phép hoạt động trong lĩnh vực xây dựng. Ông Nguyễn Văn An, giám đốc Công ty TNHH \
        Minh Phát, cho biết công ty sẽ mở rộng sản xuất tại Hà Nội trong năm tới.";

    #[test]
    fn a_keyword_in_han_where_a_name_stood_is_found_at_each_place() {
        let text = ARTICLE.replace("Minh Phát", "澳门新葡京娱乐");
        assert_eq!(found(&text), [("澳门新葡京娱乐".to_string(), 2, "han")]);
        let text = ARTICLE.replace("Minh Phát", "オンラインカジノ");
        assert_eq!(found(&text), [("オンラインカジノ".to_string(), 2, "kana")]);
        // Letters and digits glued on, either side.
        for keyword in ["bet365体育", "福彩3d"] {
            let text = ARTICLE.replace("Minh Phát", keyword);
            assert_eq!(found(&text), [(keyword.to_string(), 2, "han")]);
        }
    }

    #[test]
    fn glosses_and_short_terms_are_the_texts_own() {
        // Once, in brackets, after a label, or a character or two.
        for text in [
            ARTICLE.replacen("Minh Phát", "澳门新葡京娱乐", 1),
            ARTICLE.replace("Minh Phát", "Minh Phát (明發集團)"),
            ARTICLE.replace("Minh Phát", "Minh Phát “明發集團”"),
            ARTICLE.replace("Minh Phát", "唐手"),
        ] {
            assert!(found(&text).is_empty(), "{text}");
        }
        // The same word in the same company each time is a term, not a
        // paste.
        let term = "Chữ 大洋洲 được đọc là Đại Dương Châu. Chữ 大洋洲 được đọc là Đại Dương Châu.";
        assert!(found(&format!("{ARTICLE} {term}")).is_empty());
    }

    #[test]
    fn vietnamese_decoded_as_gbk_is_no_keyword() {
        // "đến" read as GBK ("膽岷縩"), "đối" as Shift_JIS ("ﾄ黛ｻ訴"): what
        // the normaliser repairs, detection must not take for a keyword.
        for (enc, word) in [(encoding_rs::GBK, "đến"), (encoding_rs::SHIFT_JIS, "đối")] {
            let (misread, _, _) = enc.decode(word.as_bytes());
            assert!(misread.chars().all(|c| script_of(c).is_some()), "{misread}");
            let text = ARTICLE.replace("Minh Phát", &misread);
            assert!(found(&text).is_empty(), "{text}");
        }
        // Nor is a word whose syllable no table knows ("Đắk" as GBK,
        // "膼岷痥"), or whose last byte was lost ("đố" as Shift_JIS, a
        // U+FFFD after it, then the glued letters).
        let (dak, _, _) = encoding_rs::GBK.decode("Đắk".as_bytes());
        for word in [dak.to_string(), "ﾄ黛ｻ".to_string()] {
            let text = ARTICLE.replace("Minh Phát", &format!("{word} Minh"));
            assert!(found(&text).is_empty(), "{text}");
        }
    }
}
