//! `vnclean serve` over real HTTP on a free local port: every endpoint,
//! every error status, a lexicon reloaded while a client keeps sending,
//! and SIGTERM with requests in flight.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{read_manifest_file, scratch};

/// A server process on a free port, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vnclean"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn vnclean serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("vnclean serve ended before listening")
                .expect("read stderr");
            if let Some(rest) = line.strip_prefix("vnclean: listening on http://") {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        // Keep draining its messages so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{name}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Status, headers we look at, and body of one request.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn send(agent: &ureq::Agent, method: &str, url: &str, body: &[u8], token: Option<&str>) -> Answer {
    let mut response = match method {
        "GET" => agent.get(url).call(),
        _ => {
            let mut req = agent.post(url).header("content-type", "application/json");
            if let Some(t) = token {
                req = req.header("authorization", &format!("Bearer {t}"));
            }
            req.send(body)
        }
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .expect("read body");
    Answer {
        status,
        retry_after,
        body,
    }
}

fn post(s: &Server, path: &str, body: &Value) -> Answer {
    send(
        &agent(),
        "POST",
        &s.url(path),
        body.to_string().as_bytes(),
        None,
    )
}

const SPAM: &str = "Tin 🎉 nóng: Hội khuyến học các tỉnh trao thưởng, xem soi keo nha cai ngay.";

#[test]
fn endpoints_answer_with_the_clis_findings_and_character_offsets() {
    let s = Server::start(&[]);
    let health = send(&agent(), "GET", &s.url("/healthz"), b"", None);
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["lexicon_version"], 1);

    let a = post(&s, "/v1/check", &json!({ "text": SPAM }));
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    assert_eq!(v["verdict"], "injected");
    let f = &v["findings"][0];
    let (start, end) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&SPAM[start..end], "soi keo nha cai");
    let chars: Vec<char> = SPAM.chars().collect();
    let (cs, ce) = (
        f["char_start"].as_u64().unwrap() as usize,
        f["char_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[cs..ce].iter().collect::<String>(), "soi keo nha cai");
    let units: Vec<u16> = SPAM.encode_utf16().collect();
    let (us, ue) = (
        f["utf16_start"].as_u64().unwrap() as usize,
        f["utf16_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        String::from_utf16(&units[us..ue]).unwrap(),
        "soi keo nha cai"
    );
    assert_eq!(us, cs + 1, "the emoji is two UTF-16 units");
    assert_eq!(f["action"], "flagged");

    // The same findings the CLI reports.
    let out = crate::common::run_cli(&["scan"], SPAM.as_bytes());
    let cli: Value = serde_json::from_slice(&out.stdout).expect("scan JSON");
    assert_eq!(cli["findings"][0]["start"], f["start"]);
    assert_eq!(cli["findings"][0]["evidence"], f["evidence"]);

    // Clean: the server's mode (repair) or the request's.
    let seed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let out = crate::common::run_cli(&["clean"], seed.as_bytes());
    let a = post(&s, "/v1/clean", &json!({ "text": seed }));
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["text"], String::from_utf8_lossy(&out.stdout).as_ref());
    assert_eq!(v["report"]["findings"].as_array().unwrap().len(), 73);
    assert_eq!(v["report"]["findings"][0]["replacement"], "học");
    let strip = post(&s, "/v1/clean", &json!({ "text": SPAM, "mode": "strip" })).json();
    assert_eq!(
        strip["text"],
        "Tin 🎉 nóng: Hội khuyến học các tỉnh trao thưởng, xem ngay."
    );
    assert_eq!(strip["report"]["findings"][0]["char_start"], cs as u64);
    let flag = post(&s, "/v1/clean", &json!({ "text": SPAM, "mode": "flag" })).json();
    assert_eq!(flag["text"], SPAM);

    // Batches answer in order.
    let texts = json!({ "texts": [SPAM, "Lịch thi đấu bóng đá hôm nay trên VTV6.", ""] });
    let batch = post(&s, "/v1/check", &texts).json();
    let verdicts: Vec<&str> = batch
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["injected", "clean", "clean"]);
    let batch = post(&s, "/v1/clean", &texts).json();
    assert_eq!(batch.as_array().unwrap().len(), 3);
    assert_eq!(batch[1]["text"], "Lịch thi đấu bóng đá hôm nay trên VTV6.");

    let metrics = send(&agent(), "GET", &s.url("/metrics"), b"", None);
    assert_eq!(metrics.status, 200);
    let m = metrics.body;
    assert!(
        m.contains(r#"vnclean_http_requests_total{endpoint="check",status="200"} 2"#),
        "{m}"
    );
    assert!(
        m.contains(r#"vnclean_verdicts_total{verdict="injected"}"#),
        "{m}"
    );
    assert!(
        m.contains("vnclean_http_request_duration_seconds_bucket"),
        "{m}"
    );
    assert!(m.contains("vnclean_lexicon_version 1"), "{m}");
    assert!(m.contains("vnclean_lexicon_entries "), "{m}");
    assert!(m.contains("vnclean_text_bytes_total "), "{m}");
}

#[test]
fn bad_requests_get_the_right_status_and_say_why() {
    let s = Server::start(&["--max-body", "64KiB", "--max-batch", "3"]);
    let a = agent();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "/v1/check",
            b"{\"text\": ".to_vec(),
            400,
            "invalid request: EOF",
        ),
        ("/v1/check", b"[1, 2]".to_vec(), 400, "invalid request"),
        ("/v1/check", b"{}".to_vec(), 400, "missing field \"text\""),
        (
            "/v1/check",
            br#"{"text": 3}"#.to_vec(),
            400,
            "invalid type: integer `3`, expected a string",
        ),
        (
            "/v1/check",
            br#"{"txt": "x"}"#.to_vec(),
            400,
            "unknown field `txt`",
        ),
        (
            "/v1/check",
            br#"{"text": "x", "texts": ["y"]}"#.to_vec(),
            400,
            "not both",
        ),
        (
            "/v1/check",
            br#"{"text": "x", "mode": "strip"}"#.to_vec(),
            400,
            "\"mode\" is for /v1/clean",
        ),
        (
            "/v1/clean",
            br#"{"text": "x", "mode": "drop"}"#.to_vec(),
            400,
            "unknown mode \"drop\"",
        ),
        (
            "/v1/check",
            br#"{"text": "\ud800"}"#.to_vec(),
            400,
            "lone UTF-16 surrogate",
        ),
        (
            "/v1/check",
            b"{\"text\": \"\xff\"}".to_vec(),
            400,
            "not UTF-8: invalid byte at 10",
        ),
        (
            "/v1/check",
            br#"{"texts": ["a", "b", "c", "d"]}"#.to_vec(),
            413,
            "batch of 4 texts is over the limit of 3",
        ),
        ("/v1/nothing", b"{}".to_vec(), 404, "no such endpoint"),
        ("/v1/lexicon/reload", b"".to_vec(), 404, "no such endpoint"),
    ];
    for (path, body, status, message) in cases {
        let got = send(&a, "POST", &s.url(path), &body, None);
        assert_eq!(
            got.status,
            status,
            "{path} {:?}: {}",
            String::from_utf8_lossy(&body),
            got.body
        );
        let error = got.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(
            error.contains(message),
            "{path}: {error:?} lacks {message:?}"
        );
    }
    let got = send(&a, "GET", &s.url("/v1/check"), b"", None);
    assert_eq!(got.status, 405, "{}", got.body);
    assert!(got.json()["error"]
        .as_str()
        .unwrap()
        .contains("wrong method"));
    let big = json!({ "text": "Hội khuyến học. ".repeat(5000) }).to_string();
    let got = send(&a, "POST", &s.url("/v1/check"), big.as_bytes(), None);
    assert_eq!(got.status, 413, "{}", got.body);
    assert!(got.json()["error"].as_str().unwrap().contains("--max-body"));
    // The server is still answering.
    assert_eq!(post(&s, "/v1/check", &json!({"text": "ok"})).status, 200);
}

/// A page of real text, with spam, of about `kib` KiB.
fn page(kib: usize) -> String {
    let seed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let mut text = String::new();
    while text.len() < kib << 10 {
        text.push_str(&seed);
        text.push('\n');
    }
    text
}

/// Opens a request whose body is only half sent: it holds its place among
/// the requests in flight until the rest comes.
fn half_sent(addr: &str, body: &str) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nhost: {addr}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).expect("write head");
    stream
        .write_all(first.as_bytes())
        .expect("write half the body");
    (stream, rest.to_string())
}

fn read_answer(mut stream: TcpStream) -> String {
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read answer");
    answer
}

#[test]
fn overload_and_timeouts_are_503_with_retry_after() {
    let s = Server::start(&["--max-in-flight", "1"]);
    let body = json!({ "text": SPAM }).to_string();
    // One request in flight, waiting for the rest of its body...
    let (mut slow, rest) = half_sent(&s.addr, &body);
    std::thread::sleep(Duration::from_millis(100));
    // ...so the next is turned away at once, not queued.
    let turned = post(&s, "/v1/check", &json!({ "text": SPAM }));
    assert_eq!(turned.status, 503, "{}", turned.body);
    assert_eq!(turned.retry_after.as_deref(), Some("1"));
    assert!(turned.body.contains("too many requests in flight"));
    // Health and metrics stay outside the limit.
    assert_eq!(
        send(&agent(), "GET", &s.url("/healthz"), b"", None).status,
        200
    );
    slow.write_all(rest.as_bytes()).expect("write the rest");
    let answer = read_answer(slow);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(post(&s, "/v1/check", &json!({ "text": SPAM })).status, 200);
    let metrics = send(&agent(), "GET", &s.url("/metrics"), b"", None).body;
    assert!(
        metrics.contains(r#"vnclean_http_requests_total{endpoint="check",status="503"} 1"#),
        "{metrics}"
    );
    drop(s);

    // A request that takes longer than --timeout is answered 503.
    let s = Server::start(&["--timeout", "300ms"]);
    let (slow, _rest) = half_sent(&s.addr, &body);
    let answer = read_answer(slow);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("retry-after: 1"),
        "{answer}"
    );
    assert!(answer.contains("the request timed out"), "{answer}");
    assert_eq!(post(&s, "/v1/check", &json!({"text": SPAM})).status, 200);
    // Large texts, cleaned off the answering threads, fit in the time too.
    let big = json!({ "text": page(200) });
    let s2 = Server::start(&["--timeout", "30s"]);
    assert_eq!(post(&s2, "/v1/clean", &big).status, 200);
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write lexicon");
}

#[test]
fn lexicon_reloads_under_load_without_a_failed_request() {
    let dir = scratch("serve-reload");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let lexicon = dir.join("own.tsv");
    let token = dir.join("token");
    write(&lexicon, "# nothing yet\n");
    write(&token, "s3cret\n");
    let s = Server::start(&[
        "--lexicon",
        lexicon.to_str().unwrap(),
        "--admin-token-file",
        token.to_str().unwrap(),
    ]);
    let text = "Bài viết về bóng đá Việt Nam hôm nay, mời các bạn ghé zizabet để xem thêm nhé.";
    let found = |a: &Answer| {
        a.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["text"] == "zizabet")
    };
    assert!(!found(&post(&s, "/v1/check", &json!({ "text": text }))));

    let reload = s.url("/v1/lexicon/reload");
    let denied = send(&agent(), "POST", &reload, b"", Some("wrong"));
    assert_eq!(denied.status, 401);
    assert_eq!(send(&agent(), "POST", &reload, b"", None).status, 401);

    // Clients keep sending while the lexicon changes under them.
    let stop = AtomicBool::new(false);
    let (sent, failed, seen_new) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicBool::new(false),
    );
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                let a = agent();
                while !stop.load(Ordering::Relaxed) {
                    let got = send(
                        &a,
                        "POST",
                        &s.url("/v1/check"),
                        json!({ "text": text }).to_string().as_bytes(),
                        None,
                    );
                    sent.fetch_add(1, Ordering::Relaxed);
                    if got.status != 200 {
                        failed.fetch_add(1, Ordering::Relaxed);
                    } else if found(&got) {
                        seen_new.store(true, Ordering::Relaxed);
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(100));
        write(&lexicon, "zizabet\tbrand\t1.0\tsuspect\n");
        let ok = send(&agent(), "POST", &reload, b"", Some("s3cret"));
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(ok.json()["lexicon_version"], 2);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !seen_new.load(Ordering::Relaxed) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert_eq!(
        failed.load(Ordering::Relaxed),
        0,
        "of {}",
        sent.load(Ordering::Relaxed)
    );
    assert!(
        seen_new.load(Ordering::Relaxed),
        "the new phrase was never found"
    );
    assert!(found(&post(&s, "/v1/check", &json!({ "text": text }))));

    // A broken file leaves the lexicon in force, and the error names the line.
    write(
        &lexicon,
        "zizabet\tbrand\t1.0\tsuspect\nxem\tno-such-category\t1\n",
    );
    let bad = send(&agent(), "POST", &reload, b"", Some("s3cret"));
    assert_eq!(bad.status, 422, "{}", bad.body);
    let v = bad.json();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("own.tsv:2: unknown category"),
        "{v}"
    );
    assert_eq!(v["lexicon_version"], 2);
    assert!(found(&post(&s, "/v1/check", &json!({ "text": text }))));

    // SIGHUP reloads too.
    write(&lexicon, "# emptied\n");
    s.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let health = send(&agent(), "GET", &s.url("/healthz"), b"", None).json();
        if health["lexicon_version"] == 3 {
            break;
        }
        assert!(Instant::now() < deadline, "SIGHUP did not reload: {health}");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!found(&post(&s, "/v1/check", &json!({ "text": text }))));
    let metrics = send(&agent(), "GET", &s.url("/metrics"), b"", None).body;
    assert!(
        metrics.contains(r#"vnclean_lexicon_reloads_total{result="ok"} 2"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"vnclean_lexicon_reloads_total{result="error"} 1"#),
        "{metrics}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_answers_every_request_in_flight_then_exits_0() {
    let mut s = Server::start(&[]);
    let body = json!({ "text": SPAM }).to_string();
    // Requests in flight: their bodies half sent when the signal comes.
    let pending: Vec<(TcpStream, String)> = (0..4).map(|_| half_sent(&s.addr, &body)).collect();
    std::thread::sleep(Duration::from_millis(200));
    s.signal("TERM");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        s.child.try_wait().expect("wait").is_none(),
        "exited with requests in flight"
    );
    for (mut stream, rest) in pending {
        stream.write_all(rest.as_bytes()).expect("write the rest");
        let answer = read_answer(stream);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("\"verdict\":\"injected\""), "{answer}");
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = s.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    // New connections are refused once it has gone.
    assert!(TcpStream::connect(&s.addr).is_err());
}

#[test]
fn the_drain_is_bounded() {
    let mut s = Server::start(&["--drain-timeout", "300ms"]);
    let body = json!({ "text": SPAM }).to_string();
    // A client that never sends the rest of its body.
    let (_stuck, _rest) = half_sent(&s.addr, &body);
    std::thread::sleep(Duration::from_millis(200));
    s.signal("TERM");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = s.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running after the drain timeout"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // Within the bound, and with status 0: it was asked to stop.
    assert!(status.success(), "{status:?}");
}

#[test]
fn serve_refuses_bad_options() {
    let out = crate::common::run_cli(&["serve", "--mode", "drop"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mode drop is for record streams"));
    let out = crate::common::run_cli(&["serve", "--admin-token-file", "/no/such/token"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/token"));
    let out = crate::common::run_cli(&["serve", "--max-body", "1TB"], b"");
    assert_eq!(out.status.code(), Some(2));
}
