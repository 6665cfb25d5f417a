//! Real-text evidence from the shared corpus beside the work tree
//! (`../shared/corpus`). Each test is skipped, with a note on stderr, when
//! its file is missing (for example in a packaged crate).

use vnclean::{NormalizeConfig, Normalizer, ToneStyle};

use crate::common::{canonical_spacing, corpus_file, first_difference, read_jsonl, str_field};

const RAW_NOT_NFC: &str = "../shared/corpus/raw-not-nfc.jsonl";
const DEV: &str = "../shared/corpus/dev.jsonl";

#[test]
fn raw_not_nfc_news_normalizes_to_its_nfc_text() {
    let Some(path) = corpus_file(RAW_NOT_NFC) else {
        return;
    };
    let records = read_jsonl(&path);
    assert_eq!(records.len(), 49, "{}: record count", path.display());
    let keep = Normalizer::with_config(NormalizeConfig {
        tone_style: ToneStyle::Keep,
        ..NormalizeConfig::default()
    });
    let mut failures = Vec::new();
    let mut changed = 0;
    for (i, r) in records.iter().enumerate() {
        let what = format!("{} record #{}", path.display(), i + 1);
        let id = str_field(r, "id", &what);
        let raw = str_field(r, "text_raw", &what);
        let nfc = str_field(r, "text_nfc", &what);
        let out = keep.normalize(raw);
        if out.report.nfc > 0 {
            changed += 1;
        }
        let got = canonical_spacing(&out.text);
        let want = canonical_spacing(nfc);
        if got != want {
            failures.push(format!(
                "--- {id}: report {:?}\n  {}",
                out.report,
                first_difference(&want, &got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} raw-not-nfc records differ from text_nfc:\n{}",
        failures.len(),
        records.len(),
        failures.join("\n")
    );
    // These records are stored decomposed: the NFC rule must have fired on
    // every one of them (otherwise the comparison above proves little).
    assert_eq!(
        changed,
        records.len(),
        "records where the report counts NFC changes"
    );
}

/// The first 300 documents of the dev split: clean, NFC news and Wikipedia.
fn dev_docs() -> Option<Vec<(String, String)>> {
    let path = corpus_file(DEV)?;
    let docs: Vec<(String, String)> = read_jsonl(&path)
        .iter()
        .take(300)
        .enumerate()
        .map(|(i, d)| {
            let what = format!("{} doc #{}", path.display(), i + 1);
            (
                str_field(d, "id", &what).to_owned(),
                str_field(d, "text", &what).to_owned(),
            )
        })
        .collect();
    assert_eq!(docs.len(), 300, "{}: too few documents", path.display());
    Some(docs)
}

#[test]
fn normalizing_clean_dev_documents_is_idempotent() {
    let Some(docs) = dev_docs() else {
        return;
    };
    let n = Normalizer::new();
    let mut failures = Vec::new();
    for (id, text) in &docs {
        let once = n.normalize(text).text.into_owned();
        let twice = n.normalize(&once).text.into_owned();
        if once != twice {
            failures.push(format!("--- {id}: {}", first_difference(&once, &twice)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} dev documents change on a second pass:\n{}",
        failures.len(),
        docs.len(),
        failures.join("\n")
    );
}

#[test]
fn clean_dev_documents_get_no_mojibake_or_legacy_repairs() {
    let Some(docs) = dev_docs() else {
        return;
    };
    let n = Normalizer::new();
    let mut failures = Vec::new();
    for (id, text) in &docs {
        let out = n.normalize(text);
        if out.report.mojibake != 0
            || out.report.legacy_encoding.is_some()
            || out.report.legacy_chars != 0
        {
            failures.push(format!(
                "--- {id}: {:?}\n  {}",
                out.report,
                first_difference(text, &out.text)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} clean dev documents were 'repaired':\n{}",
        failures.len(),
        docs.len(),
        failures.join("\n")
    );
}

/// Decomposing real documents first changes nothing in the result: NFD
/// input normalises to exactly what its NFC form does (Vietnamese, Latin
/// names with marks, Hangul, Bengali and math symbols alike).
#[test]
fn decomposed_dev_documents_normalize_like_their_nfc_form() {
    use unicode_normalization::UnicodeNormalization;
    let Some(docs) = dev_docs() else { return };
    let n = Normalizer::new();
    let mut failures = Vec::new();
    for (id, text) in &docs {
        let nfd: String = text.nfd().collect();
        let from_nfc = n.normalize(text).text.into_owned();
        let from_nfd = n.normalize(&nfd).text.into_owned();
        if from_nfc != from_nfd {
            failures.push(format!("{id}: {}", first_difference(&from_nfc, &from_nfd)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} documents differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A normaliser keeps chunk caches across calls; its verdicts must not leak
/// from one document to another. Clean documents and altered copies (a tone
/// moved to the modern style, doubled spaces, a mojibake word, a look-alike)
/// are normalised by one shared normaliser and by a fresh one each: the
/// results are the same.
#[test]
fn a_shared_normalizer_gives_what_a_fresh_one_gives() {
    let Some(docs) = dev_docs() else { return };
    let shared = Normalizer::new();
    let mut failures = Vec::new();
    for (id, text) in &docs {
        let variants = [
            text.clone(),
            text.replace("hòa", "hoà").replace("của", "cuả"),
            text.replace(". ", ".  "),
            text.replacen(" và ", " vÃ\u{a0} ", 3),
            text.replacen("bóng", "b\u{43e}ng", 2),
        ];
        for v in &variants {
            let a = shared.normalize(v);
            let b = Normalizer::new().normalize(v);
            if a.text != b.text || a.report != b.report {
                failures.push(format!("{id}: {}", first_difference(&a.text, &b.text)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Corpus documents that first versions of the repeated-phrase rules took
/// for spam, each for a reason of its own: they must have no finding.
#[test]
fn corpus_documents_first_versions_of_the_phrase_rules_flagged_stay_clean() {
    // Each file read once, for all its documents.
    let cases: [(&str, &[&str]); 3] = [
        (
            "../shared/corpus/train.jsonl",
            &[
                // A sentence said twice, ending in a date: the number is
                // the text's.
                "baomoi-22672145",
                // An English refrain quoted again: one spam word ("free")
                // in twelve.
                "viwiki-01698",
                // A name seen once, written bare, in a sentence of its own
                // (so are the next two).
                "baomoi-22707640",
            ],
        ),
        ("../shared/corpus/dev.jsonl", &["baomoi-22443647"]),
        (
            "../shared/corpus/wiki-lm.jsonl",
            &[
                "viwiki-lm-03290",
                // A capitalised show's name after a word it does not make
                // spam.
                "viwiki-lm-03474",
            ],
        ),
    ];
    let detector = vnclean::Detector::new();
    for (file, ids) in cases {
        let Some(path) = corpus_file(file) else {
            continue;
        };
        let all = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        for id in ids {
            let needle = format!("\"id\": \"{id}\"");
            let line = all
                .lines()
                .find(|l| l.contains(&needle))
                .unwrap_or_else(|| panic!("{file}: no document {id}"));
            let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let text = str_field(&doc, "text", id);
            let found = detector.detect(text);
            let texts: Vec<&str> = found.findings.iter().map(|f| f.text.as_str()).collect();
            assert!(texts.is_empty(), "{file} {id}: {texts:?}");
        }
    }
}
