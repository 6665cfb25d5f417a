//! Hostile inputs, at the sizes the robustness issue names: each is cleaned
//! in every mode without a panic, without losing a byte it does not report
//! (the input rebuilds from output plus report), and idempotently. That they
//! finish in time linear in their size is measured, not asserted: see
//! `benches/hostile.rs` and BENCHMARKS.md.

use std::fmt::Write as _;

use vnclean::{Cleaner, Detector, Lexicon, Mode, Verdict};

use crate::common::{read_manifest_file, run_cli};

/// A line of ordinary accented prose, about 200 bytes.
const PROSE: &str = "Hội khuyến học các tỉnh đã tổ chức trao thưởng cho học sinh nghèo vượt khó, \
     đồng thời phát động phong trào xây dựng gia đình hiếu học trong năm qua. ";

/// `unit` repeated to at least `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
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
    let mut file = String::new();
    for i in 0..100_000 {
        // Distinct made-up phrases of two to four syllables, some glued.
        // (An entry written without marks counts only when `suspect`.)
        let flags = if i % 7 == 0 {
            "suspect,glue"
        } else {
            "suspect"
        };
        writeln!(
            file,
            "tu{i} khoa{} spam{}\tbetting\t0.9\t{flags}",
            i % 97,
            i % 13
        )
        .unwrap();
    }
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
    let rejects = crate::common::scratch("hostile-rejects.jsonl");
    let out = run_cli(
        &[
            "clean",
            "--format",
            "jsonl",
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        input.as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "the short and the long record come through");
    assert!(lines[1].len() > 20 << 20);
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    let reasons: Vec<serde_json::Value> = rejected
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reasons.len(), 2, "{rejected:.300}");
    for (r, line) in reasons.iter().zip([2, 3]) {
        assert_eq!(r["line"], line);
        assert!(
            r["reason"].as_str().unwrap().contains("recursion limit"),
            "{r:.300}"
        );
    }
    std::fs::remove_file(&rejects).ok();
}

#[test]
fn a_runaway_line_past_the_size_limit() {
    // 70 MB with no line break (a binary file, a lost newline), then a
    // record: the runaway is rejected by its true size, the record cleaned.
    let mut input = vec![b'x'; 70 << 20];
    input.extend_from_slice(b"\n{\"text\": \"xem soi keo nha cai\"}\n");
    let rejects = crate::common::scratch("runaway-rejects.jsonl");
    let args = [
        "clean",
        "--format",
        "jsonl",
        "--on-error",
        "skip",
        "--rejects",
    ];
    let mut args: Vec<&str> = args.to_vec();
    args.push(rejects.to_str().unwrap());
    let out = run_cli(&args, &input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("{\"text\":\"xem\""));
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    let r: serde_json::Value = serde_json::from_str(rejected.trim()).unwrap();
    assert_eq!(
        r["reason"],
        format!(
            "record of {} bytes is over the limit of {}",
            (70 << 20) + 1,
            vnclean::Record::MAX_LEN
        )
    );
    // Only a prefix of the runaway is copied.
    assert!(rejected.len() < 10_000);
    std::fs::remove_file(&rejects).ok();
}
