//! The folded view: what it erases, and its map back to the source.

use std::ops::Range;

use vnclean::{fold, Token};

use crate::common::read_manifest_file;

const PHRASE: &str = "lich truyen hinh truc tiep bong da";

#[test]
fn seed_article_spam_phrase_maps_back_to_every_source_occurrence() {
    let src = read_manifest_file("fixtures/seed/article.spammed.txt");
    let source_ranges: Vec<Range<usize>> = src
        .match_indices(PHRASE)
        .map(|(i, m)| i..i + m.len())
        .collect();
    assert!(
        source_ranges.len() > 50,
        "the seed article should carry the phrase > 50 times, found {}",
        source_ranges.len()
    );

    let f = fold(&src);
    let folded_hits: Vec<usize> = f.as_str().match_indices(PHRASE).map(|(i, _)| i).collect();
    assert_eq!(
        folded_hits.len(),
        source_ranges.len(),
        "occurrences in the folded text vs in the source"
    );

    let mut previous_end = 0;
    for at in folded_hits {
        let span = f.source_span(at..at + PHRASE.len());
        assert!(
            src.is_char_boundary(span.start) && src.is_char_boundary(span.end),
            "span {span:?} of folded {at} is not on char boundaries"
        );
        let slice = &src[span.clone()];
        assert_eq!(
            fold(slice).as_str(),
            PHRASE,
            "folded {at} maps to {span:?} = {slice:?}"
        );
        assert!(
            source_ranges.contains(&span),
            "folded {at} maps to {span:?} = {slice:?}, which is not a source occurrence"
        );
        assert!(
            span.start >= previous_end,
            "spans out of order or overlapping at {span:?}"
        );
        previous_end = span.end;
    }
}

#[test]
fn seed_article_folds_to_lowercase_ascii_and_keeps_its_source() {
    let src = read_manifest_file("fixtures/seed/article.spammed.txt");
    let f = fold(&src);
    assert_eq!(f.source(), src.as_str());
    assert!(f
        .as_str()
        .starts_with("hoi khuyen hoc cac tinh thanh pho dong bang song hong"));
    assert!(f
        .as_str()
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_lowercase() || b.is_ascii_digit()));
    assert_eq!(f.source_offset(f.as_str().len()), src.len());
    assert_eq!(f.source_span(0..f.as_str().len()).start, 0);
}

#[test]
fn zero_width_space_inside_a_word_vanishes_without_a_break() {
    let src = "b\u{200b}óng";
    let f = fold(src);
    assert_eq!(f.as_str(), "bong");
    assert_eq!(f.source_span(0..4), 0..src.len());
}

#[test]
fn cyrillic_o_folds_to_latin_o() {
    let src = "b\u{43e}ng";
    assert_ne!(src, "bong");
    assert_eq!(fold(src).as_str(), "bong");
}

#[test]
fn d_with_stroke_and_eth_fold_to_d() {
    assert_eq!(fold("ĐÁ").as_str(), "da");
    assert_eq!(fold("\u{d0}á").as_str(), "da"); // Ð (eth) + á
    assert_eq!(fold("đá").as_str(), "da");
    assert_eq!(fold("\u{f0}a").as_str(), "da"); // ð
}

#[test]
fn fullwidth_letters_fold_to_ascii() {
    assert_eq!(fold("\u{ff22}óng").as_str(), "bong"); // Ｂóng
    assert_eq!(fold("\u{ff22}\u{ff2f}\u{ff2e}\u{ff27}").as_str(), "bong"); // ＢＯＮＧ
}

#[test]
fn punctuation_and_space_runs_become_one_space() {
    assert_eq!(fold("a,  b").as_str(), "a b");
    assert_eq!(fold("a\u{a0}\u{3000}-- \tb!").as_str(), "a b ");
}

#[test]
fn decomposed_word_folds_and_its_token_spans_the_whole_word() {
    let src = "bo\u{301}ng";
    let f = fold(src);
    assert_eq!(f.as_str(), "bong");
    let tokens: Vec<Token<'_>> = f.tokens().collect();
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    assert_eq!(tokens[0].folded, 0..4);
    assert_eq!(tokens[0].source, 0..src.len());
    assert_eq!(tokens[0].source_text, src);
    assert_eq!(tokens[0].folded_text, "bong");
}

#[test]
fn decomposed_mark_at_the_end_of_a_word_stays_in_its_span() {
    // "đá" with a combining acute after the a, then more text.
    let src = "đa\u{301} bóng";
    let f = fold(src);
    assert_eq!(f.as_str(), "da bong");
    let tokens: Vec<Token<'_>> = f.tokens().collect();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0].source_text, "đa\u{301}");
    assert_eq!(tokens[1].source_text, "bóng");
}

/// (source text, has_marks, is_syllable, is_unaccented_syllable)
fn flags<'a>(t: &Token<'a>) -> (&'a str, bool, bool, bool) {
    (
        t.source_text,
        t.has_marks(),
        t.is_syllable(),
        t.is_unaccented_syllable(),
    )
}

#[test]
fn token_flags_tell_syllables_unaccented_spellings_and_other_words_apart() {
    let f = fold("Hội khuyến học lich truyen fb88 email");
    let tokens: Vec<Token<'_>> = f.tokens().collect();
    let folded: Vec<&str> = tokens.iter().map(|t| t.folded_text).collect();
    assert_eq!(
        folded,
        ["hoi", "khuyen", "hoc", "lich", "truyen", "fb88", "email"]
    );
    let got: Vec<_> = tokens.iter().map(flags).collect();
    assert_eq!(
        got,
        [
            ("Hội", true, true, false),
            ("khuyến", true, true, false),
            ("học", true, true, false),
            // Level-tone "lich" is not a syllable (a -ch coda takes only
            // sắc or nặng), but it is how "lịch" / "lích" look unaccented.
            ("lich", false, false, true),
            // "truyen" needs ê to be a syllable.
            ("truyen", false, false, true),
            ("fb88", false, false, false),
            ("email", false, false, false),
        ]
    );
}

#[test]
fn token_flags_read_through_obfuscation() {
    let src = "b\u{200b}óng \u{d0}á b\u{43e}ng bong";
    let f = fold(src);
    assert_eq!(f.as_str(), "bong da bong bong");
    let got: Vec<(&str, bool, bool, bool)> = f.tokens().map(|t| flags(&t)).collect();
    assert_eq!(
        got,
        [
            ("b\u{200b}óng", true, true, false),
            ("\u{d0}á", true, true, false),
            ("b\u{43e}ng", false, true, true),
            ("bong", false, true, true),
        ]
    );
}

#[test]
fn tokens_cover_words_in_order_with_their_source_spans() {
    let src = "  Trực-tiếp: BÓNG\u{a0}đá 2024!";
    let f = fold(src);
    assert_eq!(f.as_str(), " truc tiep bong da 2024 ");
    let tokens: Vec<(&str, &str)> = f.tokens().map(|t| (t.folded_text, t.source_text)).collect();
    assert_eq!(
        tokens,
        [
            ("truc", "Trực"),
            ("tiep", "tiếp"),
            ("bong", "BÓNG"),
            ("da", "đá"),
            ("2024", "2024"),
        ]
    );
}

#[test]
fn refold_reuses_buffers_and_gives_the_same_view() {
    let first = fold("Lịch truyền hình");
    let again = first.refold("Trực tiếp bóng đá");
    assert_eq!(again.as_str(), "truc tiep bong da");
    assert_eq!(again.source(), "Trực tiếp bóng đá");
    let fresh = fold("Trực tiếp bóng đá");
    for i in 0..=fresh.as_str().len() {
        assert_eq!(again.source_offset(i), fresh.source_offset(i), "offset {i}");
    }
}

/// Characters that fold to more bytes than they have ("Ⅷ" is 3 bytes and
/// folds to "viii") push every later folded byte further than its source
/// offset: the view must keep all of them, each mapped to its character.
#[test]
fn characters_that_fold_longer_keep_every_later_byte() {
    let src = format!("{}{}", "Ⅷ".repeat(75), " bong đa".repeat(40));
    let f = fold(&src);
    let want = format!("{}{}", "viii".repeat(75), " bong da".repeat(40));
    assert_eq!(f.as_str(), want);
    let at = f.as_str().rfind("da").unwrap();
    assert_eq!(&src[f.source_span(at..at + 2)], "đa");
    assert_eq!(f.source_offset(f.as_str().len()), src.len());
}

/// Gaps too long for the map's one-byte deltas (runs of punctuation,
/// combining marks, emoji, symbols between two letters) still map
/// every folded byte to its exact source character, across checkpoints.
#[test]
fn long_runs_folded_away_keep_exact_offsets() {
    let unit = format!(
        "a{}b{} c{}d{}e ",
        "-".repeat(300),
        "\u{301}".repeat(200),
        "😀".repeat(100),
        "★".repeat(90)
    );
    let src = unit.repeat(20);
    let f = fold(&src);
    assert_eq!(f.as_str(), "a b c d e ".repeat(20));
    // Each letter maps to its own source character, wherever it stands.
    let letters: Vec<usize> = src
        .char_indices()
        .filter(|(_, c)| c.is_ascii_lowercase())
        .map(|(i, _)| i)
        .collect();
    let folded: Vec<usize> = f
        .as_str()
        .char_indices()
        .filter(|(_, c)| c.is_ascii_lowercase())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(letters.len(), folded.len());
    for (&s, &j) in letters.iter().zip(&folded) {
        assert_eq!(f.source_offset(j), s, "folded byte {j}");
    }
    assert_eq!(f.source_offset(f.as_str().len()), src.len());
}

/// Every letter and decimal digit of `fixtures/unicode/letters.txt`.
fn letters_and_digits() -> Vec<char> {
    read_manifest_file("fixtures/unicode/letters.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| {
            let (a, b) = l.split_once("..").unwrap();
            let (a, b) = (
                u32::from_str_radix(a, 16).unwrap(),
                u32::from_str_radix(b, 16).unwrap(),
            );
            (a..=b).filter_map(char::from_u32)
        })
        .collect()
}

#[test]
fn no_letter_or_digit_folds_to_nothing_and_every_form_folds_alike() {
    use unicode_normalization::UnicodeNormalization;
    let all = letters_and_digits();
    assert!(all.len() > 100_000, "{}", all.len());
    let mut empty = Vec::new();
    let mut differ = Vec::new();
    for c in all {
        let s = c.to_string();
        let f = fold(&s).as_str().trim().to_string();
        if c.is_ascii_alphanumeric() {
            assert_eq!(f, c.to_ascii_lowercase().to_string());
        }
        // (The Hangul fillers are default-ignorable, invisible by
        // Unicode's own property: the fold drops them as it drops every
        // invisible character, an evasion's tool.)
        if f.is_empty() && !matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}') {
            empty.push(c);
        }
        let nfd: String = s.nfd().collect();
        let nfkd: String = s.nfkd().collect();
        // A letter whose compatibility form is no single word (spaces:
        // "ﷺ", "ﹰ"; only marks: "ﾞ") folds to itself, its form otherwise.
        let word =
            nfkd.chars().any(char::is_alphanumeric) && !nfkd.chars().any(char::is_whitespace);
        let forms = if word { vec![nfd, nfkd] } else { vec![nfd] };
        for other in forms {
            if fold(&other).as_str().trim() != f {
                differ.push((c, other));
            }
        }
    }
    assert!(
        empty.is_empty(),
        "{} fold to nothing: {:?}",
        empty.len(),
        &empty[..empty.len().min(40)]
    );
    assert!(
        differ.is_empty(),
        "{} fold otherwise decomposed: {:?}",
        differ.len(),
        &differ[..differ.len().min(40)]
    );
}

#[test]
fn real_text_folds_alike_in_every_normal_form() {
    use unicode_normalization::UnicodeNormalization;
    let Some(path) = crate::common::corpus_file("../shared/corpus/dev.jsonl") else {
        eprintln!("skipped: ../shared/corpus/dev.jsonl is absent");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut n = 0;
    for line in text.lines().take(400) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["text"].as_str().unwrap();
        let f = fold(doc);
        let nfd: String = doc.nfd().collect();
        let nfkd: String = doc.nfkd().collect();
        assert_eq!(fold(&nfd).as_str(), f.as_str(), "{}", v["id"]);
        assert_eq!(fold(&nfkd).as_str(), f.as_str(), "{}", v["id"]);
        n += 1;
    }
    assert_eq!(n, 400);
}

#[test]
fn every_listed_skeleton_is_what_the_fold_writes() {
    let table = read_manifest_file("data/skeletons.tsv");
    let mut n = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [letter, code, skeleton, source, _name] = cols[..] else {
            panic!("bad line {line:?}");
        };
        let c = letter.chars().next().unwrap();
        assert_eq!(code, format!("U+{:04X}", c as u32), "{line}");
        assert!(
            matches!(source, "ICU Latin-ASCII" | "UCD name"),
            "{line}: unknown source"
        );
        assert!(skeleton.bytes().all(|b| b.is_ascii_lowercase()), "{line}");
        assert_eq!(fold(letter).as_str(), skeleton, "{line}");
        n += 1;
    }
    assert!(n > 150, "{n}");
}

#[test]
fn no_letter_is_deleted_and_other_scripts_stay_themselves() {
    assert_eq!(fold("Straße Łódź Øresund").as_str(), "strasse lodz oresund");
    assert_eq!(fold("æ œ ø ł ß þ ı ŋ ð").as_str(), "ae oe o l ss th i n d");
    // Han, Thai, Arabic, Hangul: kept, one word per run; "東京" and "大阪"
    // are no longer the same key.
    assert_eq!(fold("東京 Tokyo").as_str(), "東京 tokyo");
    assert_ne!(fold("東京 Tokyo").as_str(), fold("大阪 Tokyo").as_str());
    // (Hangul syllables as their letters, the form every normal form
    // shares.)
    use unicode_normalization::UnicodeNormalization;
    let hangul: String = "한국어".nfd().collect();
    assert_eq!(fold("ไทย, 한국어").as_str(), format!("ไทย {hangul}"));
    // Greek with case is lower-cased; precomposed look-alikes fold as their
    // decomposition does.
    assert_eq!(fold("ΛΟΓΟΣ").as_str(), fold("λογοσ").as_str());
    assert_eq!(fold("soi kѐo nhа cаi").as_str(), "soi keo nha cai");
    // A title in small capitals with combining marks.
    assert_eq!(
        fold("ɴᴏ́ɴɢ: ᴀᴅɴ ᴄᴜ̉ᴀ ‘ᴛʜᴀ̂̀ʏ ᴏ̂ɴɢ ɴᴏ̣̂ɪ‘").as_str().trim(),
        "nong adn cua thay ong noi"
    );
}
