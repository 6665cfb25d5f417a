//! What each fuzz target checks, one function per target: what must hold
//! for any input, not only that nothing panics. The regression test
//! `tests/it/fuzz_regressions.rs` runs the same functions over every input
//! the fuzzers found a failure with (`fixtures/fuzz/<target>/`).
#![allow(dead_code)]

use std::sync::OnceLock;

use serde_json::Value;
use vnclean::{
    fold as fold_text, Basis, Cleaner, Detector, Finding, Mode, NormalizeConfig, Normalizer,
    Record, ToneStyle, Verdict,
};

/// Splits the fuzzer's bytes into a selector byte and UTF-8 text (lossily,
/// so that every input exercises the text path).
pub fn split(data: &[u8]) -> (u8, String) {
    match data.split_first() {
        Some((&sel, rest)) => (sel, String::from_utf8_lossy(rest).into_owned()),
        None => (0, String::new()),
    }
}

/// The normaliser configurations worth telling apart, by selector.
pub fn config(sel: u8) -> NormalizeConfig {
    let d = NormalizeConfig::default();
    match sel % 5 {
        0 => d,
        1 => NormalizeConfig {
            tone_style: ToneStyle::Keep,
            ..d
        },
        2 => NormalizeConfig {
            tone_style: ToneStyle::Modern,
            ..d
        },
        3 => NormalizeConfig {
            html_entities: true,
            ..d
        },
        _ => NormalizeConfig {
            mojibake: false,
            legacy: vnclean::Legacy::Off,
            ..d
        },
    }
}

/// Cleaners built once (the lexicon automaton and model are not free):
/// strip, repair and flag, each without and with normalisation.
pub fn cleaners() -> &'static [(Mode, bool, Cleaner)] {
    static C: OnceLock<Vec<(Mode, bool, Cleaner)>> = OnceLock::new();
    C.get_or_init(|| {
        let mut v = Vec::new();
        for mode in [Mode::Strip, Mode::Repair, Mode::Flag] {
            for normalize in [false, true] {
                let n = normalize.then(Normalizer::new);
                v.push((
                    mode,
                    normalize,
                    Cleaner::new().with_mode(mode).with_normalizer(n),
                ));
            }
        }
        v
    })
}

/// Findings lie in order, apart, on character boundaries of `text`, and
/// carry the text they point at.
pub fn check_findings(text: &str, findings: &[Finding]) {
    let mut last = 0;
    for f in findings {
        assert!(
            last <= f.start && f.start < f.end && f.end <= text.len(),
            "{f:?}"
        );
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert_eq!(&text[f.start..f.end], f.text);
        assert!((0.0..=1.0).contains(&f.score), "{f:?}");
        last = f.end;
    }
}

/// Cleans `text` with `c` and checks the whole contract: findings on
/// boundaries, flag changes nothing, the input rebuilds from output and
/// report, and cleaning the output again changes nothing.
pub fn check_clean(mode: Mode, normalize: bool, c: &Cleaner, text: &str) {
    let out = c.clean(text);
    let r = &out.report;
    let basis = match r.offsets {
        Basis::Input => text.to_string(),
        Basis::Normalized => Normalizer::new().normalize(text).text.into_owned(),
    };
    check_findings(&basis, &r.findings);
    if mode == Mode::Flag {
        assert_eq!(out.text, text);
        assert!(r.edits.is_empty());
    }
    if !normalize {
        assert_eq!(r.offsets, Basis::Input);
        assert_eq!(r.rebuild_input(&out.text).as_deref(), Some(text));
        if mode == Mode::Strip {
            let spans: Vec<_> = r.findings.iter().map(|f| f.start..f.end).collect();
            assert_eq!(out.text, vnclean::strip(text, &spans));
        }
    } else if !r.edits.is_empty() {
        assert_eq!(r.rebuild_input(&out.text).as_deref(), Some(basis.as_str()));
    }
    let again = c.clean(&out.text);
    assert_eq!(again.text, out.text, "not idempotent: {:?}", again.report);
}

/// Normalisation under each configuration: no panic, idempotent, no
/// invented U+FFFD, `normalize_to` agrees with `normalize`, and a
/// normaliser warmed by earlier inputs answers as a fresh one.
pub fn normalize(data: &[u8]) {
    // Normalisers kept across inputs, as a pipeline keeps one: their chunk
    // caches must never change an answer (a fresh one is the reference).
    static WARM: OnceLock<Vec<Normalizer>> = OnceLock::new();
    let warm = WARM.get_or_init(|| (0..5).map(|i| Normalizer::with_config(config(i))).collect());
    let (sel, text) = split(data);
    let n = Normalizer::with_config(config(sel));
    let once = n.normalize(&text);
    if let Some(w) = warm.get(usize::from(sel % 5)) {
        assert_eq!(
            w.normalize(&text).text,
            once.text,
            "a warm normaliser differs"
        );
    }
    let twice = n.normalize(&once.text);
    assert_eq!(twice.text, once.text, "not idempotent on {text:?}");
    assert!(text.contains('\u{fffd}') || !once.text.contains('\u{fffd}'));
    let mut buf = String::new();
    let report = n.normalize_to(&text, &mut buf);
    assert_eq!(buf, once.text);
    assert_eq!(report, once.report);
}

/// The folded view: lower-case ASCII with single spaces, an offset map that
/// is monotone and lands on character boundaries, tokens that fold back.
pub fn fold(data: &[u8]) {
    let (_, text) = split(data);
    let f = fold_text(&text);
    let folded = f.as_str();
    assert!(folded
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_lowercase() || b.is_ascii_digit()));
    assert!(!folded.contains("  "));
    let mut previous = 0;
    for i in 0..=folded.len() {
        let o = f.source_offset(i);
        assert!(o >= previous && o <= text.len() && text.is_char_boundary(o));
        previous = o;
    }
    assert_eq!(f.source_offset(folded.len()), text.len());
    let mut last = 0;
    for t in f.tokens() {
        assert!(t.folded.start >= last && !t.folded_text.is_empty());
        assert_eq!(&folded[t.folded.clone()], t.folded_text);
        assert_eq!(&text[t.source.clone()], t.source_text);
        assert_eq!(fold_text(t.source_text).as_str().trim(), t.folded_text);
        last = t.folded.end;
    }
}

/// Detection: findings in order, apart, on character boundaries, with
/// their text; a clean verdict has no findings.
pub fn detect(data: &[u8]) {
    static D: OnceLock<Detector> = OnceLock::new();
    let d = D.get_or_init(Detector::new);
    let (_, text) = split(data);
    let found = d.detect(&text);
    check_findings(&text, &found.findings);
    assert!((0.0..=1.0).contains(&found.score));
    if found.verdict == Verdict::Clean {
        assert!(found.findings.is_empty(), "{found:?}");
    }
}

/// Cleaning in every mode, with and without normalisation: the whole
/// contract of `check_clean`.
pub fn clean(data: &[u8]) {
    let (sel, text) = split(data);
    let cleaners = cleaners();
    let (mode, normalize, c) = &cleaners[sel as usize % cleaners.len()];
    check_clean(*mode, *normalize, c, &text);
}

/// The JSON-lines reader: any bytes give a record or an error (never a
/// panic), and a record written back is JSON holding the cleaned text and
/// the report where they belong, and every other member as it was.
pub fn record(data: &[u8]) {
    let Some((&sel, line)) = data.split_first() else {
        return;
    };
    let (field, report_field) = match sel % 3 {
        0 => ("text", "spam"),
        1 => ("meta.text", "meta.spam"),
        _ => ("a.b.c", "spam"),
    };
    let record = match Record::parse(line, field) {
        Ok(Some(r)) => r,
        Ok(None) => return,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let cleaners = cleaners();
    let (_, _, c) = &cleaners[(sel as usize / 3) % cleaners.len()];
    let out = c.clean(record.text());
    let (text, report) = (out.text.into_owned(), out.report);
    let written = record
        .into_line(text.clone(), &report, report_field)
        .expect("a parsed record writes back");
    assert!(!written.contains('\n'));
    let v: Value = serde_json::from_str(&written).expect("written line is JSON");
    let at = |path: &str| path.split('.').try_fold(&v, |v, p| v.get(p));
    assert_eq!(at(field).and_then(Value::as_str), Some(text.as_str()));
    assert!(at(report_field).is_some_and(Value::is_object));
    // Every other top-level member comes back as it was.
    let top = |path: &'static str| path.split('.').next().unwrap_or(path);
    if let Ok(Value::Object(input)) = serde_json::from_slice::<Value>(line) {
        for (k, value) in &input {
            if k != top(field) && k != top(report_field) {
                assert_eq!(v.get(k), Some(value), "member {k:?}");
            }
        }
    }
}
