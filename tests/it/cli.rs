//! The `vnclean` command: a thin shell over the library, so its output must
//! be the library's; plus its own input handling (files, raw legacy bytes,
//! invalid UTF-8, the JSON report).

use std::ffi::OsStr;
use std::path::PathBuf;

use serde_json::Value;
use vnclean::{fold, Encoding, Legacy, NormalizeConfig, Normalizer};

use crate::common::{describe_output, manifest_path, read_manifest_file, run_cli, scratch};

const ARTICLE: &str = "fixtures/seed/article.spammed.txt";

/// Decomposed letters, a misplaced tone, a zero-width space, a doubled space
/// and a CRLF line ending.
const MESSY: &str = "Vie\u{302}\u{323}t  Nam lựơng b\u{200b}óng\r\nHội khuyến học\r\n";
const MESSY_CLEAN: &str = "Việt Nam lượng bóng\nHội khuyến học\n";

const REPORT_KEYS: [&str; 12] = [
    "nfc",
    "tone_marks",
    "confusables",
    "invisible",
    "spaces",
    "line_endings",
    "mojibake",
    "legacy_encoding",
    "legacy_chars",
    "html_entities",
    "cjk_mojibake",
    "cjk_unrepaired",
];

fn read_report(path: &PathBuf) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("report {}: {e}", path.display()));
    let _ = std::fs::remove_file(path);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("report is not JSON ({e}): {text}"))
}

fn assert_report_keys(report: &Value) {
    let obj = report.as_object().expect("the report is a JSON object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = REPORT_KEYS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want, "report keys");
}

#[test]
fn normalize_file_argument_matches_library() {
    let path = manifest_path(ARTICLE);
    let src = read_manifest_file(ARTICLE);
    let out = run_cli(&[OsStr::new("normalize"), path.as_os_str()], b"");
    assert!(out.status.success(), "{}", describe_output(&out));
    let library = Normalizer::new().normalize(&src);
    assert!(
        out.stdout == library.text.as_bytes(),
        "CLI and library differ on {ARTICLE}"
    );
    assert!(out.stderr.is_empty(), "{}", describe_output(&out));
}

#[test]
fn normalize_messy_file_matches_library_and_cleans_it() {
    let library = Normalizer::new().normalize(MESSY);
    assert_eq!(library.text, MESSY_CLEAN);
    let path = scratch("messy.txt");
    std::fs::write(&path, MESSY).expect("write scratch input");
    let out = run_cli(&[OsStr::new("normalize"), path.as_os_str()], b"");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), MESSY_CLEAN);
}

#[test]
fn normalize_reads_stdin_when_file_is_absent_or_dash() {
    for args in [&["normalize"][..], &["normalize", "-"][..]] {
        let out = run_cli(args, MESSY.as_bytes());
        assert!(out.status.success(), "{args:?}: {}", describe_output(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            MESSY_CLEAN,
            "{args:?}"
        );
    }
}

#[test]
fn report_flag_writes_every_rule_count_as_json() {
    let path = scratch("report.json");
    let out = run_cli(
        &[
            OsStr::new("normalize"),
            OsStr::new("--report"),
            path.as_os_str(),
        ],
        MESSY.as_bytes(),
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), MESSY_CLEAN);
    let report = read_report(&path);
    assert_report_keys(&report);

    let library = Normalizer::new().normalize(MESSY).report;
    assert_eq!(
        report,
        serde_json::to_value(&library).expect("serialise the library report"),
        "CLI report vs library report"
    );
    assert!(report["nfc"].as_u64().is_some_and(|n| n >= 2), "{report}");
    assert_eq!(report["tone_marks"], 1, "{report}");
    assert_eq!(report["invisible"], 1, "{report}");
    assert_eq!(report["line_endings"], 2, "{report}");
    assert!(
        report["spaces"].as_u64().is_some_and(|n| n >= 1),
        "{report}"
    );
    assert_eq!(report["mojibake"], 0, "{report}");
    assert_eq!(report["legacy_encoding"], Value::Null, "{report}");
}

#[test]
fn report_names_the_legacy_encoding_of_latin1_lookalike_input() {
    let path = scratch("report-tcvn3.json");
    let input = "Vi\u{d6}t Nam"; // TCVN3 "Việt Nam" read as Latin-1
    let out = run_cli(
        &[
            OsStr::new("normalize"),
            OsStr::new("--from"),
            OsStr::new("tcvn3"),
            OsStr::new("--report"),
            path.as_os_str(),
        ],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Việt Nam");
    let report = read_report(&path);
    assert_report_keys(&report);
    assert_eq!(report["legacy_encoding"], "tcvn3", "{report}");
    assert!(
        report["legacy_chars"].as_u64().is_some_and(|n| n >= 1),
        "{report}"
    );
    let library = Normalizer::with_config(NormalizeConfig {
        legacy: Legacy::From(Encoding::Tcvn3),
        ..NormalizeConfig::default()
    })
    .normalize(input)
    .report;
    assert_eq!(report, serde_json::to_value(&library).expect("serialise"));
}

#[test]
fn invalid_utf8_on_stdin_exits_2_naming_the_line() {
    let out = run_cli(&["normalize"], b"ok\nok\n\xff\n");
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:3:"), "{}", describe_output(&out));
    assert!(
        stderr.contains("invalid UTF-8"),
        "{}",
        describe_output(&out)
    );
    assert!(
        stderr.contains("--from"),
        "the message should hint at --from: {stderr}"
    );
    assert!(out.stdout.is_empty(), "{}", describe_output(&out));
}

#[test]
fn invalid_utf8_with_from_is_decoded_as_raw_legacy_bytes() {
    let bytes = b"ok\nok\n\xff\n";
    let decoded = Encoding::Tcvn3.decode_bytes(bytes);
    assert_eq!(decoded, "ok\nok\n\u{1ed0}\n", "TCVN3 0xFF is Ố");
    let out = run_cli(&["normalize", "--from", "tcvn3"], bytes);
    assert_eq!(out.status.code(), Some(0), "{}", describe_output(&out));
    let library = Normalizer::with_config(NormalizeConfig {
        legacy: Legacy::Off,
        ..NormalizeConfig::default()
    })
    .normalize(&decoded);
    assert_eq!(String::from_utf8_lossy(&out.stdout), library.text);
}

#[test]
fn raw_tcvn3_bytes_with_from_print_unicode() {
    let out = run_cli(&["normalize", "--from", "tcvn3"], b"Vi\xd6t Nam");
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Việt Nam");
}

#[test]
fn raw_legacy_bytes_are_counted_in_the_report() {
    let path = scratch("raw-legacy-report.json");
    let out = run_cli(
        &[
            OsStr::new("normalize"),
            OsStr::new("--from"),
            OsStr::new("tcvn3"),
            OsStr::new("--report"),
            path.as_os_str(),
        ],
        b"Vi\xd6t Nam l\xb5",
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Việt Nam là");
    let report = read_report(&path);
    assert_eq!(report["legacy_encoding"], "tcvn3", "{report}");
    assert_eq!(report["legacy_chars"], 2, "{report}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn missing_input_file_exits_2_naming_the_file() {
    let path = scratch("no-such-input.txt");
    let _ = std::fs::remove_file(&path);
    for command in ["normalize", "fold"] {
        let out = run_cli(&[OsStr::new(command), path.as_os_str()], b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{command}: {}",
            describe_output(&out)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&path.display().to_string()),
            "{command}: stderr should name {}: {stderr}",
            path.display()
        );
        assert!(
            out.stdout.is_empty(),
            "{command}: {}",
            describe_output(&out)
        );
    }
}

#[test]
fn unknown_encoding_is_a_usage_error() {
    let out = run_cli(&["normalize", "--from", "latin9"], b"x");
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("latin9"),
        "{}",
        describe_output(&out)
    );
}

#[test]
fn fold_prints_the_folded_text_with_a_trailing_newline() {
    let out = run_cli(&["fold"], "Lịch truyền hình TRỰC TIẾP bóng đá".as_bytes());
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "lich truyen hinh truc tiep bong da\n"
    );
}

#[test]
fn fold_file_argument_matches_library() {
    let path = manifest_path(ARTICLE);
    let src = read_manifest_file(ARTICLE);
    let out = run_cli(&[OsStr::new("fold"), path.as_os_str()], b"");
    assert!(out.status.success(), "{}", describe_output(&out));
    let want = format!("{}\n", fold(&src).as_str());
    assert!(
        out.stdout == want.as_bytes(),
        "CLI fold differs from the library on {ARTICLE}"
    );
}

#[test]
fn fold_rejects_invalid_utf8_naming_the_line() {
    let out = run_cli(&["fold"], b"ok\n\xc3\n");
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("<stdin>:2:"),
        "{}",
        describe_output(&out)
    );
}
