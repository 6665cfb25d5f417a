//! Property tests over real text with random attacks: Wikipedia documents
//! (`fixtures/corpus/viwiki.sample.jsonl`) with spam phrases put in the ways
//! inject.py models, under each obfuscation. Whatever the attack, cleaning
//! must not panic, must report every change it makes (the input rebuilds
//! from output plus report), must remove only the reported spans and the
//! whitespace of their seams, and must be idempotent.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use vnclean::{fold, Action, Cleaner, Mode, Verdict};

use crate::common::{manifest_path, read_jsonl, str_field};

fn docs() -> &'static [String] {
    static DOCS: OnceLock<Vec<String>> = OnceLock::new();
    DOCS.get_or_init(|| {
        read_jsonl(&manifest_path("fixtures/corpus/viwiki.sample.jsonl"))
            .iter()
            .map(|v| str_field(v, "text", "viwiki sample").to_string())
            .collect()
    })
}

/// Phrases from the lexicon, from the dev list's kind, and held out of
/// both (only the repeated-phrase detector can find those).
const PHRASES: &[&str] = &[
    "soi keo nha cai",
    "lich truyen hinh truc tiep bong da",
    "nha cai uy tin",
    "xoilac tv",
    "fb88",
    "kèo nhà cái hôm nay",
    "ban sim so dep gia re",
    "dich vu don nha tron goi",
    "tang like facebook mien phi",
];

#[derive(Clone, Copy, Debug)]
enum Attack {
    /// Every occurrence of one word of the document becomes the phrase.
    Replace,
    /// The phrase goes in between words, several times.
    Insert,
    /// A keyword line is added at the end.
    Stuff,
}

#[derive(Clone, Copy, Debug)]
enum Disguise {
    None,
    ZeroWidth,
    Cyrillic,
    Greek,
    Fullwidth,
    Upper,
    NoBreakSpaces,
}

fn disguise(phrase: &str, how: Disguise) -> String {
    let map = |f: &dyn Fn(char) -> Option<char>| -> String {
        phrase.chars().map(|c| f(c).unwrap_or(c)).collect()
    };
    match how {
        Disguise::None => phrase.to_string(),
        Disguise::ZeroWidth => phrase
            .char_indices()
            .flat_map(|(i, c)| {
                let zw = (i % 3 == 1).then_some('\u{200b}');
                zw.into_iter().chain([c])
            })
            .collect(),
        Disguise::Cyrillic => map(&|c| match c {
            'o' => Some('о'),
            'a' => Some('а'),
            'e' => Some('е'),
            _ => None,
        }),
        Disguise::Greek => map(&|c| match c {
            'o' => Some('ο'),
            'i' => Some('ι'),
            _ => None,
        }),
        Disguise::Fullwidth => map(&|c| {
            c.is_ascii_alphanumeric()
                .then(|| char::from_u32(c as u32 - 0x21 + 0xff01))
                .flatten()
        }),
        Disguise::Upper => phrase.to_uppercase(),
        Disguise::NoBreakSpaces => phrase.replace(' ', "\u{a0}"),
    }
}

/// The document with the attack put in.
/// `at` picks the word replaced or where insertions start.
fn attack(doc: &str, attack: Attack, phrase: &str, at: usize) -> String {
    match attack {
        Attack::Replace => {
            let words: Vec<&str> = doc
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() > 1)
                .collect();
            let word = words.get(at % words.len().max(1)).copied();
            let Some(word) = word else {
                return doc.to_string();
            };
            // Whole words only, as a find-and-replace attack does.
            let mut out = String::new();
            let mut rest = doc;
            while let Some(i) = rest.find(word) {
                let before = rest[..i].chars().next_back();
                let after = rest[i + word.len()..].chars().next();
                out.push_str(&rest[..i]);
                let whole = !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric);
                out.push_str(if whole { phrase } else { word });
                rest = &rest[i + word.len()..];
            }
            out.push_str(rest);
            out
        }
        Attack::Insert => {
            let spaces: Vec<usize> = doc.match_indices(' ').map(|(i, _)| i).collect();
            let mut out = doc.to_string();
            let n = spaces.len().max(1);
            let mut points: Vec<usize> = (0..4)
                .filter_map(|k| spaces.get((at % n + k * n / 4) % n).copied())
                .collect();
            points.sort_unstable();
            points.dedup();
            for &p in points.iter().rev() {
                out.insert_str(p, &format!(" {phrase}"));
            }
            out
        }
        Attack::Stuff => format!("{doc}\nTừ khóa: {phrase}, {phrase} 2025, nha cai uy tin"),
    }
}

const ATTACKS: [Attack; 3] = [Attack::Replace, Attack::Insert, Attack::Stuff];

const DISGUISES: [Disguise; 7] = [
    Disguise::None,
    Disguise::ZeroWidth,
    Disguise::Cyrillic,
    Disguise::Greek,
    Disguise::Fullwidth,
    Disguise::Upper,
    Disguise::NoBreakSpaces,
];

/// Whether `removed` (an edit's input text, starting at `start`) is
/// covered by findings except for whitespace and keyword-line labels.
fn only_findings_and_seams(removed: &str, start: usize, spans: &[(usize, usize)]) -> bool {
    let mut rest = String::new();
    for (i, c) in removed.char_indices() {
        let at = start + i;
        if !spans.iter().any(|&(s, e)| s <= at && at < e) {
            rest.push(c);
        }
    }
    // What may be left: spaces, line breaks and the label of a keyword line
    // emptied of its keywords.
    let f = fold(&rest);
    let left = f.as_str().trim();
    left.is_empty() || vnclean::KEYWORD_LABELS.contains(&left)
}

fn cleaners() -> &'static [(Mode, Cleaner)] {
    static C: OnceLock<Vec<(Mode, Cleaner)>> = OnceLock::new();
    C.get_or_init(|| {
        [Mode::Strip, Mode::Repair]
            .into_iter()
            .map(|m| (m, Cleaner::new().with_normalizer(None).with_mode(m)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn attacked_documents_clean_to_what_the_report_says(
        doc in 0..40usize,
        kind in select(&ATTACKS[..]),
        phrase in select(PHRASES),
        how in select(&DISGUISES[..]),
        at in 0..100_000usize,
    ) {
        let docs = docs();
        let doc = &docs[doc % docs.len()];
        let text = attack(doc, kind, &disguise(phrase, how), at);
        for (mode, c) in cleaners() {
            let out = c.clean(&text);
            let r = &out.report;
            let spans: Vec<(usize, usize)> = r.findings.iter().map(|f| (f.start, f.end)).collect();
            let mut last = 0;
            for f in &r.findings {
                prop_assert!(last <= f.start && f.start < f.end && f.end <= text.len());
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
                prop_assert_eq!(&text[f.start..f.end], f.text.as_str());
                prop_assert_eq!(f.action == Action::Replaced, f.replacement.is_some());
                last = f.end;
            }
            // Nothing lost that is not reported: the input comes back.
            let rebuilt = r.rebuild_input(&out.text);
            prop_assert_eq!(rebuilt.as_deref(), Some(text.as_str()));
            for e in &r.edits {
                prop_assert!(
                    only_findings_and_seams(&e.removed, e.start, &spans),
                    "{:?} removed more than its findings: {:?}", mode, e
                );
                let put = &out.text[e.output_start..e.output_end];
                let restored = r.findings.iter().filter_map(|f| f.replacement.as_deref());
                prop_assert!(
                    put.trim().is_empty() || restored.clone().any(|w| put.contains(w)),
                    "{:?} put {:?} in", mode, put
                );
            }
            if *mode == Mode::Strip {
                let cut: Vec<_> = spans.iter().map(|&(s, e)| s..e).collect();
                prop_assert_eq!(out.text.as_ref(), vnclean::strip(&text, &cut));
            }
            let again = c.clean(&out.text);
            prop_assert_eq!(again.text.as_ref(), out.text.as_ref(), "{:?}: {:?}", mode, again.report);
        }
        // With normalisation (the CLI's default): idempotent too.
        let c = Cleaner::new();
        let once = c.clean(&text).text.into_owned();
        let twice = c.clean(&once);
        prop_assert_eq!(twice.text.as_ref(), once.as_str());
    }
}

/// The untouched sample is clean text: cleaning it finds nothing and
/// changes nothing, so the properties above test attacks, not noise.
#[test]
fn the_sample_documents_are_clean() {
    let c = Cleaner::new().with_normalizer(None);
    for doc in docs() {
        let out = c.clean(doc);
        assert_eq!(out.report.verdict, Verdict::Clean, "{:?}", out.report);
        assert_eq!(out.text, doc.as_str());
    }
}

/// Every attack, every disguise, on one document: the attack lands, and
/// the lexicon phrases are found through each disguise.
#[test]
fn each_disguised_lexicon_phrase_is_found() {
    let doc = &docs()[0];
    for how in DISGUISES {
        for kind in ATTACKS {
            let phrase = disguise("soi keo nha cai", how);
            let text = attack(doc, kind, &phrase, 1234);
            assert!(text.contains(&phrase), "{kind:?} did not land");
            let out = cleaners()[0].1.clean(&text);
            assert!(
                out.report.findings.iter().any(|f| f.text.contains(&phrase)),
                "{how:?} {kind:?}: {:?}",
                out.report.findings
            );
            assert!(!out.text.contains(&phrase), "{how:?} {kind:?}");
        }
    }
}
