//! Every input a fuzzer failed on, kept under `fixtures/fuzz/<target>/`,
//! run through the same checks the fuzz target makes
//! (`fuzz/fuzz_targets/checks.rs`), so a fixed failure stays fixed.

use crate::common::manifest_path;
use crate::fuzz_checks as checks;

fn run(target: &str, check: fn(&[u8])) {
    let dir = manifest_path("fixtures/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("read fixtures/fuzz").path();
        let data = std::fs::read(&path).expect("read a fuzz case");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails", path.display());
    }
}

#[test]
fn clean() {
    run("clean", checks::clean);
}

#[test]
fn detect() {
    run("detect", checks::detect);
}

#[test]
fn normalize() {
    run("normalize", checks::normalize);
}

#[test]
fn fold() {
    run("fold", checks::fold);
}

#[test]
fn record() {
    run("record", checks::record);
}

/// The normaliser keeps caches of text chunks across calls; they must never
/// change an answer. Zero-padded chunk keys once let "ầu`\0\0" replay the
/// fix of "ầu`" (found by the clean fuzzer after 143,000 inputs): every
/// input of the fuzz corpus, in turn through one normaliser, must come out
/// as from a fresh one.
#[test]
fn a_warm_normalizer_answers_as_a_fresh_one_over_the_fuzz_corpus() {
    use vnclean::Normalizer;
    let mut inputs = Vec::new();
    for target in ["normalize", "clean", "detect"] {
        let Ok(entries) = std::fs::read_dir(manifest_path("fuzz/corpus").join(target)) else {
            continue;
        };
        inputs.extend(entries.map(|e| e.expect("read fuzz/corpus").path()));
    }
    inputs.sort();
    let warm = Normalizer::new();
    for path in &inputs {
        let data = std::fs::read(path).expect("read a fuzz input");
        let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
        let fresh = Normalizer::new().normalize(&text).text.into_owned();
        assert_eq!(warm.normalize(&text).text, fresh, "{}", path.display());
    }
}
