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
