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
