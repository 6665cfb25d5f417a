//! Hostile inputs, at the sizes the robustness issue names: each is cleaned
//! in every mode without a panic, without losing a byte it does not report
//! (the input rebuilds from output plus report), and idempotently. That they
//! finish in time linear in their size is measured, not asserted: see
//! `benches/hostile.rs` and BENCHMARKS.md.

use vnclean::{Cleaner, Detector, Lexicon, Mode, Verdict};

use crate::common::{read_manifest_file, run_cli, scratch};
use crate::hostile_inputs::{big_lexicon_file, disguised_words, repeat_to, PROSE};

/// Runs `vnclean clean --format jsonl --on-error skip` on `input`; returns
/// its output and the rejects file's lines.
fn clean_skipping(name: &str, input: &[u8]) -> (std::process::Output, Vec<serde_json::Value>) {
    let rejects = scratch(name);
    let path = rejects.to_str().expect("UTF-8 scratch path");
    let args = [
        "clean",
        "--format",
        "jsonl",
        "--on-error",
        "skip",
        "--rejects",
        path,
    ];
    let out = run_cli(&args, input);
    let rejected = std::fs::read_to_string(&rejects).unwrap_or_default();
    std::fs::remove_file(&rejects).ok();
    let lines = rejected
        .lines()
        .map(|l| serde_json::from_str(l).expect("a rejects line is JSON"))
        .collect();
    (out, lines)
}

/// Cleans `text` in strip, repair and flag mode, without normalisation
/// (so the rebuild is exact) and, for strip, with it.
fn holds(name: &str, text: &str) -> Verdict {
    let mut verdict = Verdict::Clean;
    for mode in [Mode::Strip, Mode::Repair, Mode::Flag] {
        let c = Cleaner::new().with_mode(mode).with_normalizer(None);
        let out = c.clean(text);
        let r = &out.report;
        for f in &r.findings {
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        }
        assert!(
            r.rebuild_input(&out.text).as_deref() == Some(text),
            "{name} {mode:?}: the input does not rebuild from output and report"
        );
        let again = c.clean(&out.text);
        assert!(again.text == out.text, "{name} {mode:?}: not idempotent");
        verdict = r.verdict;
    }
    let c = Cleaner::new();
    let once = c.clean(text).text.into_owned();
    assert!(
        c.clean(&once).text == once,
        "{name} normalised: not idempotent"
    );
    verdict
}

#[test]
fn ten_megabytes_on_one_line() {
    let mut text = repeat_to(PROSE, 5 << 20);
    // Half of it with spam spliced in every few sentences.
    for i in 0..30_000 {
        text.push_str(PROSE);
        if i % 3 == 0 {
            text.push_str("soi keo nha cai ");
        }
    }
    assert!(text.len() >= 10 << 20 && !text.contains('\n'));
    assert_eq!(holds("10 MB line", &text), Verdict::Injected);
}

#[test]
fn one_megabyte_of_one_syllable() {
    holds("spaced", &repeat_to("học ", 1 << 20));
    holds("glued", &repeat_to("học", 1 << 20));
    holds("bare", &repeat_to("bong ", 1 << 20));
    // A syllable that is also the start of lexicon entries.
    holds("spam word", &repeat_to("keo ", 1 << 20));
}

#[test]
fn a_hundred_thousand_zero_width_characters() {
    holds("alone", &"\u{200b}".repeat(100_000));
    // Between the letters of a phrase: still found.
    let phrase: String = "soi keo nha cai"
        .chars()
        .flat_map(|c| [c, '\u{200b}'])
        .collect::<String>()
        .repeat(100_000 / 15);
    let text = format!("{PROSE}{phrase} {PROSE}");
    assert_ne!(holds("inside a phrase", &text), Verdict::Clean);
}

#[test]
fn a_megabyte_of_letters_spelled_out_and_digits_for_letters() {
    // Every run is read again as words, by a second detection over the
    // page: tens of thousands of runs, each found, mapped back and cut.
    let spelled = repeat_to(&format!("{PROSE}s.o.i k.e.o n.h.a c.a.i "), 1 << 20);
    assert_ne!(holds("spelled out", &spelled), Verdict::Clean);
    let leet = repeat_to(&format!("{PROSE}x3m ph1m s3x kh0ng ch3 "), 1 << 20);
    assert_ne!(holds("digits for letters", &leet), Verdict::Clean);
}

#[test]
fn a_megabyte_of_words_each_in_disguise() {
    // Every word opens a window for the repeated-phrase search, and the
    // phrases found look for their siblings through the page's index.
    holds("every word disguised", &disguised_words(1 << 20));
}

#[test]
fn a_base_letter_with_ten_thousand_combining_marks() {
    let marks = ["\u{301}", "\u{300}", "\u{302}", "\u{323}", "\u{31b}"];
    for mark in marks {
        holds(
            "one mark",
            &format!("{PROSE}a{}{PROSE}", mark.repeat(10_000)),
        );
    }
    let mixed: String = (0..10_000).map(|i| marks[i % marks.len()]).collect();
    holds("mixed marks", &format!("{PROSE}o{mixed} {PROSE}"));
}

#[test]
fn a_document_of_nothing_but_lexicon_phrases() {
    let lexicon = Lexicon::default();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for e in lexicon.entries() {
            text.push_str(&e.phrase);
            text.push(' ');
        }
    }
    assert_eq!(holds("lexicon", &text), Verdict::Spam);
    // A doorway page of glued keys, five to a word: "bongdahomnaybongda…".
    let keys: Vec<String> = lexicon
        .entries()
        .iter()
        .filter(|e| e.glue)
        .map(|e| e.key.replace(' ', ""))
        .collect();
    let glued: Vec<String> = keys.chunks(5).map(|c| c.concat()).collect();
    assert_eq!(holds("lexicon glued", &glued.join(" ")), Verdict::Spam);
}

#[test]
fn a_lexicon_of_a_hundred_thousand_entries() {
    let file = big_lexicon_file();
    let lexicon = Lexicon::parse(&file, "big.tsv").expect("parses");
    assert_eq!(lexicon.len(), 100_000);
    let d = Detector::with_lexicon(lexicon);
    let seed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let text = format!("{seed}\nxem tu12345 khoa26 spam8 ngay");
    let found = d.detect(&text);
    assert!(
        found
            .findings
            .iter()
            .any(|f| f.text == "tu12345 khoa26 spam8"),
        "{:?}",
        found.findings.iter().map(|f| &f.text).collect::<Vec<_>>()
    );
}

#[test]
fn deeply_nested_and_very_long_json_records() {
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let nested_object = format!(
        "{}\"text\": \"x\"{}\n",
        "{\"a\": ".repeat(50_000),
        "}".repeat(50_000)
    );
    let long = format!(
        "{{\"id\": 1, \"text\": {}}}\n",
        serde_json::to_string(&repeat_to(PROSE, 20 << 20)).unwrap()
    );
    let input = format!("{{\"text\": \"a\"}}\n{deep}{nested_object}{long}");
    let (out, rejected) = clean_skipping("hostile-rejects.jsonl", input.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "the short and the long record come through");
    assert!(lines[1].len() > 20 << 20);
    assert_eq!(rejected.len(), 2, "{rejected:?}");
    for (r, line) in rejected.iter().zip([2, 3]) {
        assert_eq!(r["line"], line);
        let reason = r["reason"].as_str().unwrap();
        assert!(reason.contains("recursion limit"), "{reason}");
    }
}

#[test]
fn a_runaway_line_past_the_size_limit() {
    // 70 MB with no line break (a binary file, a lost newline), then a
    // record: the runaway is rejected by its true size, the record cleaned.
    let mut input = vec![b'x'; 70 << 20];
    input.extend_from_slice(b"\n{\"text\": \"xem soi keo nha cai\"}\n");
    let (out, rejected) = clean_skipping("runaway-rejects.jsonl", &input);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("{\"text\":\"xem\""));
    assert_eq!(rejected.len(), 1);
    let limit = vnclean::Record::MAX_LEN;
    let size = (70 << 20) + 1;
    let reason = format!("record of {size} bytes is over the limit of {limit}");
    assert_eq!(rejected[0]["reason"], reason);
    // Only a prefix of the runaway is copied.
    assert!(rejected[0]["record"].as_str().unwrap().len() <= 4096);
}
