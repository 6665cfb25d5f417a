//! Repair: the founding article restored byte for byte, with and without
//! the untouched title that gives the word away; the language model and its
//! file format; `vnclean lm train`.

use vnclean::{Action, Cleaner, LanguageModel, Mode, Trainer};

use crate::common::{describe_output, read_manifest_file, run_cli, scratch};

fn repairer() -> Cleaner {
    Cleaner::new().with_normalizer(None).with_mode(Mode::Repair)
}

fn without_first_lines(s: &str, n: usize) -> String {
    s.split_inclusive('\n').skip(n).collect()
}

#[test]
fn seed_article_is_restored_to_the_gold_text() {
    let spammed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let gold = read_manifest_file("fixtures/seed/article.gold.txt");
    let out = repairer().clean(&spammed);
    assert_eq!(out.text, gold);
    assert!(out
        .report
        .findings
        .iter()
        .all(|f| f.action == Action::Replaced && f.replacement.as_deref().is_some()));
    // Cleaning the repaired text changes nothing.
    assert_eq!(repairer().clean(&out.text).text, gold);
}

#[test]
fn seed_article_without_its_title_is_restored_by_the_model() {
    // No untouched "học" is left: the embedded model must carry it.
    let spammed = without_first_lines(&read_manifest_file("fixtures/seed/article.spammed.txt"), 2);
    let gold = without_first_lines(&read_manifest_file("fixtures/seed/article.gold.txt"), 2);
    assert!(!spammed.contains(" học "));
    assert_eq!(repairer().clean(&spammed).text, gold);
}

#[test]
fn inserted_phrases_are_cut_not_replaced() {
    let text = "Người dân soi keo nha cai phản ánh tình trạng ngập úng kéo dài nhiều ngày. \
                Chính quyền địa phương soi keo nha cai cho biết sẽ khắc phục sớm trong tuần tới.";
    let out = repairer().clean(text);
    assert_eq!(
        out.text,
        "Người dân phản ánh tình trạng ngập úng kéo dài nhiều ngày. \
         Chính quyền địa phương cho biết sẽ khắc phục sớm trong tuần tới."
    );
    assert!(out
        .report
        .findings
        .iter()
        .all(|f| f.action == Action::Removed));
}

#[test]
fn the_command_line_repairs_by_default() {
    let spammed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let gold = read_manifest_file("fixtures/seed/article.gold.txt");
    let stripped = read_manifest_file("fixtures/seed/article.stripped.txt");
    for (args, want) in [
        (&["clean", "--no-normalize"][..], &gold),
        (
            &["clean", "--no-normalize", "--mode", "strip"][..],
            &stripped,
        ),
    ] {
        let out = run_cli(args, spammed.as_bytes());
        assert!(out.status.success(), "{}", describe_output(&out));
        assert!(String::from_utf8_lossy(&out.stdout) == **want, "{args:?}");
    }
}

#[test]
fn a_lone_phrase_the_page_says_nothing_about_is_cut() {
    // The model alone likes "xem thêm" at a sentence end (0.91 of the
    // votes) and "khuyến khích các" (0.65): one occurrence corroborates
    // neither, and nothing is invented.
    for (text, want) in [
        ("xem soi keo nha cai", "xem"),
        // A sentence pasted twice is still one context.
        (
            "Học sinh xem soi keo nha cai. Học sinh xem soi keo nha cai.",
            "Học sinh xem. Học sinh xem.",
        ),
        (
            "Năm nay, Hội khuyến lich truyen hinh truc tiep bong da các tỉnh trao học bổng.",
            "Năm nay, Hội khuyến các tỉnh trao học bổng.",
        ),
        // The page shows "khuyến các" side by side, evidence for nothing
        // between them: it must not count as the page's for a word.
        (
            "Năm nay, Hội khuyến lich truyen hinh truc tiep bong da các tỉnh trao học bổng. \
             Họ khuyến các em.",
            "Năm nay, Hội khuyến các tỉnh trao học bổng. Họ khuyến các em.",
        ),
    ] {
        let out = repairer().clean(text);
        assert_eq!(out.text, want);
        assert!(!out.report.findings.is_empty());
        for f in &out.report.findings {
            assert_eq!(
                (f.action, f.replacement.as_deref()),
                (Action::Removed, None)
            );
        }
    }
}

#[test]
fn trainer_models_round_trip_and_bad_files_are_errors() {
    let mut t = Trainer::new();
    for _ in 0..5 {
        t.add("Hội khuyến học tỉnh Hà Nam. Xã hội học tập suốt đời.");
    }
    let bytes = t.finish(1, 1);
    let lm = LanguageModel::from_bytes(bytes.clone()).unwrap();
    assert!(lm.score(&["xã", "hội", "học", "tập"]) > lm.score(&["xã", "hội", "tập", "học"]));
    assert!(LanguageModel::from_bytes(bytes[..bytes.len() / 2].to_vec()).is_err());
    // A unigram that is not a finite number is refused (it would turn
    // every score into NaN).
    let mut nan = bytes.clone();
    let header = 16 + u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    nan[header..header + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    assert!(LanguageModel::from_bytes(nan).is_err());
    assert!(LanguageModel::from_bytes(b"VNLM\x09\0\0\0".to_vec())
        .unwrap_err()
        .to_string()
        .contains("version 9"));
}

#[test]
fn lm_train_command_writes_a_model_clean_uses() {
    let corpus = scratch("lm-corpus.jsonl");
    let model = scratch("lm.bin");
    let line =
        serde_json::json!({"id": "viwiki-1", "text": "Hội khuyến học tỉnh. Xã hội học tập."});
    let other = serde_json::json!({"id": "news-1", "text": "Tin tức hôm nay."});
    std::fs::write(&corpus, format!("{line}\n{other}\n{line}\n")).unwrap();
    let out = run_cli(
        &[
            "lm",
            "train",
            corpus.to_str().unwrap(),
            "--id-prefix",
            "viwiki",
            "--min-bigram",
            "1",
            "--min-trigram",
            "1",
            "-o",
            model.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("trained on 2 documents"), "{err}");
    let lm = LanguageModel::from_file(&model).unwrap();
    assert!(lm.score(&["khuyến", "học"]) > lm.score(&["khuyến", "hôm"]));
    // A broken corpus line is named.
    std::fs::write(&corpus, format!("{line}\n{{oops\n")).unwrap();
    let out = run_cli(
        &[
            "lm",
            "train",
            corpus.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":2: invalid JSON"));
    // A bad model file is an error for clean.
    let out = run_cli(&["clean", "--lm", corpus.to_str().unwrap()], b"x");
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    let _ = std::fs::remove_file(&corpus);
    let _ = std::fs::remove_file(&model);
}

#[test]
fn replaced_words_in_real_articles_are_mostly_restored() {
    // Words of 3 to 40 lower-case occurrences in the body of each sample
    // article, as inject.py picks them; the embedded model and the page
    // itself must bring most of them back. (The embedded model was trained
    // on Wikipedia that may include these articles, hence the high bar.)
    let repairer = repairer();
    let (mut right, mut total, mut wrong) = (0usize, 0usize, 0usize);
    for v in crate::common::read_jsonl(&crate::common::manifest_path(
        "fixtures/corpus/viwiki.sample.jsonl",
    )) {
        let doc = crate::common::str_field(&v, "text", "viwiki sample");
        let Some(nl) = doc.find('\n') else { continue };
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for w in doc[nl..].split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase()) {
                *counts.entry(w).or_default() += 1;
            }
        }
        let words: Vec<&str> = counts
            .into_iter()
            .filter(|&(_, n)| (3..=40).contains(&n))
            .map(|(w, _)| w)
            .collect();
        for target in [words.first(), words.get(words.len() / 2)]
            .into_iter()
            .flatten()
        {
            let Some(attacked) = crate::common::replace_everywhere(doc, target, "soi keo nha cai")
            else {
                continue;
            };
            let out = repairer.clean(&attacked);
            for f in &out.report.findings {
                total += 1;
                match f.replacement.as_deref().map(str::to_lowercase) {
                    Some(r) if r == *target => right += 1,
                    Some(_) => wrong += 1,
                    None => {}
                }
            }
        }
    }
    eprintln!("restored {right} of {total}, {wrong} wrong");
    assert!(total > 300, "{total}");
    // (342 and 8 of 366 when written; without the prior against words the
    // attack left standing, 328 and 35.)
    assert!(right * 100 >= total * 90, "restored {right} of {total}");
    assert!(wrong * 100 <= total * 5, "{wrong} wrong of {total}");
}

#[test]
fn a_keyword_in_another_script_where_a_name_stood_is_cut_not_replaced() {
    // Wikipedia fixture 1 names "Nhật Bản" seven times; a keyword hack puts
    // "葡京国际" in each place. The model knows no name to put back: it
    // made every one "anh", as a word of the page fits there, before
    // such keywords were cut whole.
    let docs = crate::common::read_jsonl(&crate::common::manifest_path(
        "fixtures/corpus/viwiki.sample.jsonl",
    ));
    let doc = crate::common::str_field(&docs[1], "text", "viwiki sample");
    assert_eq!(doc.matches("Nhật Bản").count(), 7);
    let attacked = doc.replace("Nhật Bản", "葡京国际");
    let repaired = repairer().clean(&attacked);
    let stripped = Cleaner::new()
        .with_normalizer(None)
        .with_mode(Mode::Strip)
        .clean(&attacked);
    // (Those spliced after a word; the other three stand in brackets,
    // where a gloss would.)
    assert_eq!(repaired.report.findings.len(), 4);
    assert!(repaired
        .report
        .findings
        .iter()
        .all(|f| f.action == Action::Removed && f.replacement.is_none()));
    assert_eq!(repaired.text, stripped.text);
}
