//! `vnclean clean`: the JSON-lines contract score.py reads, text mode with
//! its report file, lexicon flags, and every input error naming its line.

use std::ffi::OsStr;

use serde_json::Value;

use crate::common::{
    describe_output, manifest_path, read_jsonl, read_manifest_file, run_cli, scratch,
};

/// Runs `vnclean CMD ARGS...` with `stdin`.
fn clean_cmd(cmd: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut all = vec![cmd];
    all.extend_from_slice(args);
    run_cli(&all, stdin.as_bytes())
}

fn clean(args: &[&str], stdin: &str) -> std::process::Output {
    clean_cmd("clean", args, stdin)
}

fn ok_stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", describe_output(out));
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

const SPAM: &str = "Học sinh xem soi keo nha cai hàng ngày, thầy cô lo lắng.";

#[test]
fn text_mode_strips_the_seed_byte_for_byte_and_writes_a_report() {
    let report = scratch("clean-report.json");
    let path = manifest_path("fixtures/seed/article.spammed.txt");
    let out = run_cli(
        &[
            OsStr::new("clean"),
            OsStr::new("--mode"),
            OsStr::new("strip"),
            OsStr::new("--no-normalize"),
            OsStr::new("--report"),
            report.as_os_str(),
            path.as_os_str(),
        ],
        b"",
    );
    assert_eq!(
        ok_stdout(&out),
        read_manifest_file("fixtures/seed/article.stripped.txt")
    );
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let _ = std::fs::remove_file(&report);
    assert_eq!(r["verdict"], "injected");
    assert_eq!(r["findings"].as_array().unwrap().len(), 73);
}

#[test]
fn jsonl_keeps_every_other_field_in_order_and_adds_the_report() {
    let input = format!(
        "{}\n\n{}\n",
        serde_json::json!({"id": "a", "text": SPAM, "meta": {"n": 1}, "z": [1, 2]}),
        serde_json::json!({"text": "Hội khuyến học các tỉnh.", "id": "b"}),
    );
    let out = ok_stdout(&clean(&["--format", "jsonl", "--no-normalize"], &input));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with(r#"{"id":"a","text":"#), "{}", lines[0]);
    let a: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(a["text"], "Học sinh xem hàng ngày, thầy cô lo lắng.");
    assert_eq!(a["meta"], serde_json::json!({"n": 1}));
    assert_eq!(a["z"], serde_json::json!([1, 2]));
    let f = &a["spam"]["findings"][0];
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&SPAM[s..e], "soi keo nha cai");
    for key in [
        "start",
        "end",
        "text",
        "phrase",
        "source",
        "score",
        "action",
        "replacement",
    ] {
        assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
    }
    assert_eq!(f["action"], "removed");
    assert_eq!(a["spam"]["verdict"], "injected");
    let b: Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(b["spam"]["verdict"], "clean");
    assert_eq!(b["text"], "Hội khuyến học các tỉnh.");
}

#[test]
fn field_and_report_field_flags() {
    let input = format!("{}\n", serde_json::json!({"body": SPAM, "text": "x"}));
    let out = ok_stdout(&clean(
        &[
            "--format",
            "jsonl",
            "--mode",
            "flag",
            "--field",
            "body",
            "--report-field",
            "r",
        ],
        &input,
    ));
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["body"], SPAM, "flag mode keeps the text");
    assert_eq!(v["text"], "x");
    assert_eq!(v["r"]["findings"][0]["action"], "flagged");
}

#[test]
fn lexicon_flags() {
    let lex = scratch("lexicon.tsv");
    std::fs::write(&lex, "# mine\nthuốc bổ thận\tpharma\t1\tsuspect\n").unwrap();
    let text = "Bà con mua thuoc bo than ngoài chợ, cán bộ y tế khuyến cáo cẩn thận.";
    let lex_arg = lex.to_str().unwrap();
    let out = ok_stdout(&clean(&["--no-normalize", "--lexicon", lex_arg], text));
    assert_eq!(
        out,
        "Bà con mua ngoài chợ, cán bộ y tế khuyến cáo cẩn thận."
    );
    // A brand named once is the list's to know (discovery finds "soi keo
    // nha cai" written bare even without the list).
    let brand = "Học sinh vào fb88 hàng ngày, thầy cô lo lắng.";
    assert_eq!(
        ok_stdout(&clean(&["--no-normalize", "--lexicon", lex_arg], brand)),
        "Học sinh vào hàng ngày, thầy cô lo lắng."
    );
    let out = ok_stdout(&clean(
        &[
            "--no-normalize",
            "--no-default-lexicon",
            "--lexicon",
            lex_arg,
        ],
        brand,
    ));
    assert_eq!(out, brand, "the default list is off");
    std::fs::write(&lex, "a\nb\tnot-a-category\n").unwrap();
    let out = clean(&["--lexicon", lex_arg], SPAM);
    let _ = std::fs::remove_file(&lex);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{lex_arg}:2: unknown category")),
        "{err}"
    );
}

#[test]
fn bad_records_name_their_line_and_keep_what_came_before() {
    let good = serde_json::json!({"text": "Hội khuyến học."}).to_string();
    for (bad, want) in [
        ("{\"text\": \"unterminated}", "<stdin>:2: invalid JSON"),
        ("{\"id\": 3}", "<stdin>:2: no field \"text\""),
        (
            "{\"text\": 42}",
            "<stdin>:2: field \"text\" is not a string",
        ),
        ("[1, 2]", "<stdin>:2: the record is not a JSON object"),
    ] {
        let out = clean(&["--format", "jsonl"], &format!("{good}\n{bad}\n{good}\n"));
        assert_eq!(out.status.code(), Some(2), "{}", describe_output(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{want}: {err}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    }
    let mut bytes = format!("{good}\n").into_bytes();
    bytes.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n");
    let out = run_cli(&["clean", "--format", "jsonl"], &bytes);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:2: invalid UTF-8"), "{err}");
}

#[test]
fn repair_mode_restores_the_seed_through_the_binary() {
    let path = manifest_path("fixtures/seed/article.spammed.txt");
    let out = run_cli(
        &[
            OsStr::new("clean"),
            OsStr::new("--mode"),
            OsStr::new("repair"),
            OsStr::new("--no-normalize"),
            path.as_os_str(),
        ],
        b"",
    );
    assert_eq!(
        ok_stdout(&out),
        read_manifest_file("fixtures/seed/article.gold.txt")
    );
    // In JSON lines the report says what went back.
    let line = serde_json::json!({"text": read_manifest_file("fixtures/seed/article.spammed.txt")});
    let out = ok_stdout(&clean(
        &["--format", "jsonl", "--mode", "repair", "--no-normalize"],
        &format!("{line}\n"),
    ));
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    let f = &v["spam"]["findings"][0];
    assert_eq!(f["action"], "replaced");
    assert_eq!(f["replacement"], "học");
}

#[test]
fn parallel_jobs_keep_the_input_order_and_stop_at_the_first_bad_record() {
    let mut input = String::new();
    for i in 0..300 {
        let text = if i % 7 == 0 {
            SPAM
        } else {
            "Hội khuyến học các tỉnh."
        };
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    let one = ok_stdout(&clean(&["--format", "jsonl", "--jobs", "1"], &input));
    let two = ok_stdout(&clean(&["--format", "jsonl", "--jobs", "2"], &input));
    assert_eq!(one, two);
    let ids: Vec<u64> = one
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, (0..300).collect::<Vec<_>>());
    // A bad record in the middle: everything before it is written, nothing
    // after, whatever the threads.
    let mut lines: Vec<&str> = input.lines().collect();
    lines[150] = "{broken";
    let bad = lines.join("\n");
    for jobs in ["1", "2"] {
        let out = clean(&["--format", "jsonl", "--jobs", jobs], &bad);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:151: invalid JSON"));
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 150);
    }
}

#[test]
fn nested_fields_lines_format_and_check() {
    // A dotted path reaches a nested field, for the text and the report.
    let input = format!("{}\n", serde_json::json!({"id": 1, "meta": {"text": SPAM}}));
    let out = ok_stdout(&clean(
        &[
            "--format",
            "jsonl",
            "--field",
            "meta.text",
            "--report-field",
            "meta.spam",
        ],
        &input,
    ));
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        v["meta"]["text"],
        "Học sinh xem hàng ngày, thầy cô lo lắng."
    );
    assert_eq!(v["meta"]["spam"]["verdict"], "injected");
    let bad = clean(
        &["--format", "jsonl", "--field", "meta.text"],
        "{\"meta\": 5}\n",
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("<stdin>:1: no object \"meta\""));
    // Lines: one document a line, blank lines kept so lines stay aligned.
    let out = ok_stdout(&clean(
        &["--format", "lines"],
        &format!("{SPAM}\n\nHội khuyến học.\n"),
    ));
    assert_eq!(
        out,
        "Học sinh xem hàng ngày, thầy cô lo lắng.\n\nHội khuyến học.\n"
    );
    // check: the status says whether spam was found; jsonl gives a verdict
    // line per record.
    let spam = run_cli(&["check"], SPAM.as_bytes());
    assert_eq!(spam.status.code(), Some(1), "{}", describe_output(&spam));
    assert_eq!(String::from_utf8_lossy(&spam.stdout), "injected\n");
    let clean_text = run_cli(&["check"], "Hội khuyến học các tỉnh.".as_bytes());
    assert_eq!(clean_text.status.code(), Some(0));
    let records = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "text": "Hội khuyến học."}),
        serde_json::json!({"id": "b", "text": SPAM})
    );
    let out = run_cli(&["check", "--format", "jsonl"], records.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0],
        serde_json::json!({"id": "a", "line": 1, "verdict": "clean", "score": 0.0})
    );
    assert_eq!(lines[1]["verdict"], "injected");
}

#[test]
fn drop_and_skip_account_for_every_record() {
    let rejects = scratch("rejects.jsonl");
    let doorway = "fb88 w88 188bet kubet sunwin jun88 8xbet new88 hi88 f8bet shbet \
                   nha cai uy tin soi keo bong da xoilac tv";
    let mut input = Vec::new();
    input.extend_from_slice(
        format!(
            "{}\n",
            serde_json::json!({"id": 1, "text": "Hội khuyến học."})
        )
        .as_bytes(),
    );
    input.extend_from_slice(b"{broken\n");
    input.extend_from_slice(
        format!("{}\n", serde_json::json!({"id": 3, "text": doorway})).as_bytes(),
    );
    input.extend_from_slice(b"{\"id\": 4, \"text\": \"caf\xe9\"}\n");
    input.extend_from_slice(format!("{}\n", serde_json::json!({"id": 5})).as_bytes());
    input.extend_from_slice(format!("{}\n", serde_json::json!({"id": 6, "text": SPAM})).as_bytes());
    let rej = rejects.to_str().unwrap();
    let out = run_cli(
        &[
            "clean",
            "--format",
            "jsonl",
            "--mode",
            "drop",
            "--on-error",
            "skip",
            "--rejects",
            rej,
        ],
        &input,
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let kept: Vec<u64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(kept, [1, 6]);
    // The summary on stderr accounts for them too.
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary
            .contains("3 documents: 1 clean, 1 injected, 1 spam; 1 dropped, 3 bad records skipped"),
        "{summary}"
    );
    let rejected = read_jsonl(&rejects);
    let _ = std::fs::remove_file(&rejects);
    let lines: Vec<u64> = rejected
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 3, 4, 5], "{rejected:?}");
    assert_eq!(rejected[1]["reason"], "spam");
    assert!(rejected[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(rejected[2]["reason"]
        .as_str()
        .unwrap()
        .starts_with("invalid UTF-8"));
    assert_eq!(rejected[3]["reason"], "no field \"text\"");
    // Without a rejects file, dropping is refused: nothing is lost silently.
    let out = run_cli(&["clean", "--format", "jsonl", "--mode", "drop"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("need --rejects"));
}

#[test]
fn compressed_files_by_extension() {
    use std::io::Write as _;
    let input: String = (0..50)
        .map(|i| format!("{}\n", serde_json::json!({"id": i, "text": SPAM})))
        .collect();
    let gz = scratch("input.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(input.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let zst = scratch("output.jsonl.zst");
    let out = run_cli(
        &[
            "clean",
            "--format",
            "jsonl",
            gz.to_str().unwrap(),
            "-o",
            zst.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", describe_output(&out));
    let written = zstd::decode_all(std::fs::File::open(&zst).unwrap()).unwrap();
    let plain = ok_stdout(&clean(&["--format", "jsonl"], &input));
    assert_eq!(String::from_utf8(written).unwrap(), plain);
    let _ = std::fs::remove_file(&gz);
    let _ = std::fs::remove_file(&zst);
}

#[test]
fn scan_writes_reports_only() {
    let records = format!("{}\n", serde_json::json!({"id": "b", "text": SPAM}));
    let out = ok_stdout(&clean_cmd("scan", &["--format", "jsonl"], &records));
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["id"], "b");
    assert_eq!(v["line"], 1);
    assert_eq!(v["spam"]["findings"][0]["text"], "soi keo nha cai");
    assert!(v.get("text").is_none(), "no text: {v}");
    let out = ok_stdout(&clean_cmd("scan", &[], SPAM));
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["verdict"], "injected");
}

#[test]
fn mine_ranks_a_recurring_bare_phrase_first_in_lexicon_format() {
    let corpus = scratch("mine.jsonl");
    let openings = [
        (
            "Hội khuyến học các tỉnh đã tổ chức giao ban",
            "trong năm qua",
        ),
        (
            "Người dân trong xã đã phản ánh với chính quyền",
            "về tình trạng này",
        ),
        (
            "Các em học sinh giỏi được nhà trường khen thưởng",
            "vào cuối năm",
        ),
        (
            "Ông chủ tịch tỉnh cho biết sẽ sớm khắc phục",
            "để người dân yên tâm",
        ),
        ("Đội tuyển quốc gia đã tập luyện chăm chỉ", "trước trận đấu"),
    ];
    let mut input = String::new();
    for (o, end) in openings {
        let text = format!("{o} hut be phot gia re {end} và còn nhiều việc phải làm.");
        input.push_str(&serde_json::json!({"text": text}).to_string());
        input.push('\n');
    }
    std::fs::write(&corpus, input).unwrap();
    let out = run_cli(&["mine", corpus.to_str().unwrap(), "--top", "5"], b"");
    let _ = std::fs::remove_file(&corpus);
    let text = ok_stdout(&out);
    let entries: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        entries.first(),
        Some(&"hut be phot gia re\tother\t1.0\t-"),
        "{text}"
    );
    // The output is a lexicon file.
    vnclean::Lexicon::parse(&text, "mined").unwrap();
}

/// A moderation stream: the answer to each line comes while the input is
/// still open, and a bad record ends the run without waiting for more.
/// (The 60 s guards only keep a regression from hanging the suite.)
#[test]
fn a_stream_is_answered_line_by_line_and_fails_fast() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    let spawn = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vnclean"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn vnclean")
    };
    let guard = Duration::from_secs(60);

    let mut child = spawn(&["check", "--format", "jsonl"]);
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..2 {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            tx.send(line).unwrap();
        }
    });
    stdin
        .write_all(b"{\"text\": \"xem soi keo nha cai ngay\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let first = rx
        .recv_timeout(guard)
        .expect("an answer while stdin is open");
    assert_eq!(first, "{\"line\":1,\"verdict\":\"spam\",\"score\":1.0}\n");
    stdin
        .write_all(b"{\"text\": \"H\xe1\xbb\x8dc sinh\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let second = rx.recv_timeout(guard).expect("a second answer");
    assert!(second.contains("\"verdict\":\"clean\""), "{second}");
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(1));

    let mut child = spawn(&["clean", "--format", "jsonl"]);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"no\": \"text\"}\n").unwrap();
    stdin.flush().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait().unwrap().code()).unwrap());
    let code = rx.recv_timeout(guard).expect("exit while stdin is open");
    assert_eq!(code, Some(2));
    drop(stdin);
}
