//! The `vnclean` command: a thin shell over the library, so its output must
//! be the library's; plus its own input handling (files, raw legacy bytes,
//! invalid UTF-8, the JSON report).

use std::ffi::OsStr;
use std::path::PathBuf;

use serde_json::Value;
use vnclean::{fold, Encoding, Legacy, NormalizeConfig, Normalizer};

use crate::common::{
    describe_output, manifest_path, read_jsonl, read_manifest_file, run_cli, scratch,
};

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
    // (The file's final line break ends the output's line.)
    let want = format!(
        "{}\n",
        fold(src.strip_suffix('\n').unwrap_or(&src)).as_str()
    );
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

#[test]
fn fold_keeps_the_final_line_break_a_line_break() {
    let out = run_cli(&["fold"], "Việt Nam\nHà Nội\n".as_bytes());
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "viet nam ha noi\n");
    // One output line an input line.
    let out = run_cli(
        &["fold", "--format", "lines"],
        "Việt Nam\n\nHÀ  NỘI\r\n".as_bytes(),
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "viet nam\n\nha noi\n");
}

#[test]
fn normalize_and_fold_take_json_lines_record_by_record() {
    let input = "{\"id\":1,\"text\":\"Vie\\u0302\\u0323t  Nam\",\"n\":[1, 2]}\n\
                 \n\
                 {\"id\":2,\"meta\":{\"text\":\"x\"},\"text\":\"Hà Nội\"}\n";
    let out = run_cli(
        &["normalize", "--format", "jsonl", "--jobs", "2"],
        input.as_bytes(),
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", describe_output(&out));
    assert_eq!(lines[0]["text"], "Việt Nam");
    assert_eq!(lines[0]["n"], serde_json::json!([1, 2]));
    assert_eq!(lines[1]["text"], "Hà Nội");
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 documents: 1 changed"));
    // A nested field, folded.
    let out = run_cli(
        &["fold", "--format", "jsonl", "--field", "meta.text"],
        b"{\"meta\":{\"text\":\"B\xc3\xb3ng \xc4\x91\xc3\xa1\"}}\n",
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["meta"]["text"], "bong da");
}

#[test]
fn normalize_records_fail_naming_the_line_or_go_to_rejects() {
    let input = b"{\"text\":\"a  b\"}\n{\"id\":2}\n\xff\xfe\n{\"text\":\"c\"}\n";
    let out = run_cli(&["normalize", "--format", "jsonl"], input);
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("<stdin>:2: no field \"text\""),
        "{}",
        describe_output(&out)
    );
    // What came before the bad record is written.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\"text\":\"a b\"}\n");
    // Skipping needs a rejects file: nothing is dropped silently.
    let out = run_cli(
        &["normalize", "--format", "jsonl", "--on-error", "skip"],
        input,
    );
    assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
    let rejects = scratch("normalize-rejects.jsonl");
    let out = run_cli(
        &[
            "normalize",
            "--format",
            "jsonl",
            "--on-error",
            "skip",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        input,
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"text\":\"a b\"}\n{\"text\":\"c\"}\n"
    );
    let rejected = read_jsonl(&rejects);
    let _ = std::fs::remove_file(&rejects);
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["line"], 2);
    assert_eq!(rejected[1]["line"], 3);
    assert!(rejected[1]["reason"].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn normalize_lines_writes_compressed_output_and_sums_the_report() {
    let zst = scratch("normalize-lines.txt.zst");
    let report = scratch("normalize-lines-report.json");
    let out = run_cli(
        &[
            "normalize",
            "--format",
            "lines",
            "-o",
            zst.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        "Vie\u{302}\u{323}t  Nam\nb\u{200b}óng\n".as_bytes(),
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let written = zstd::decode_all(std::fs::File::open(&zst).unwrap()).unwrap();
    let _ = std::fs::remove_file(&zst);
    assert_eq!(String::from_utf8(written).unwrap(), "Việt Nam\nbóng\n");
    let r = read_report(&report);
    assert_eq!(r["invisible"], 1);
    assert!(r["nfc"].as_u64().unwrap() >= 1);
}
