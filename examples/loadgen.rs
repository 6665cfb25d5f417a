//! A small HTTP load generator for `vnclean serve` (scripts/bench_serve.py
//! drives it): `concurrency` threads, each with one keep-alive connection,
//! send the texts of a JSON-lines file in turn as `{"text": ...}` for a
//! fixed time, and report requests per second, latency percentiles and
//! errors as one JSON line.
//!
//! ```sh
//! cargo run --release --example loadgen -- ADDR PATH COMMENTS.jsonl CONCURRENCY SECONDS
//! ```
//!
//! Blocking threads and plain HTTP/1.1 keep the client cheap, so that on a
//! shared machine most of the CPU goes to the server being measured.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn usage() -> ! {
    eprintln!("usage: loadgen ADDR PATH COMMENTS.jsonl CONCURRENCY SECONDS");
    std::process::exit(2)
}

/// One request, ready to write.
fn request(addr: &str, path: &str, text: &str) -> Vec<u8> {
    let body = serde_json::json!({ "text": text }).to_string();
    format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Reads one response; returns its status.
fn response(r: &mut BufReader<TcpStream>, body: &mut Vec<u8>) -> std::io::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    body.resize(length, 0);
    r.read_exact(body)?;
    Ok(status)
}

struct Tally {
    latencies_ns: Vec<u64>,
    errors: u64,
}

fn worker(addr: &str, requests: &[Vec<u8>], first: usize, until: Instant) -> Tally {
    let mut t = Tally {
        latencies_ns: Vec::with_capacity(1 << 16),
        errors: 0,
    };
    let mut body = Vec::new();
    let mut i = first;
    while Instant::now() < until {
        let Ok(stream) = TcpStream::connect(addr) else {
            t.errors += 1;
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok(mut w) = stream.try_clone() else {
            t.errors += 1;
            continue;
        };
        let mut r = BufReader::new(stream);
        while Instant::now() < until {
            let req = &requests[i % requests.len()];
            i += 1;
            let started = Instant::now();
            let ok = w.write_all(req).and_then(|()| response(&mut r, &mut body));
            match ok {
                Ok(200) => t.latencies_ns.push(started.elapsed().as_nanos() as u64),
                Ok(_) => t.errors += 1,
                Err(_) => {
                    t.errors += 1;
                    break; // reconnect
                }
            }
        }
    }
    t
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, path, comments, concurrency, seconds] = args.as_slice() else {
        usage()
    };
    let concurrency: usize = concurrency.parse().unwrap_or_else(|_| usage());
    let seconds: f64 = seconds.parse().unwrap_or_else(|_| usage());
    let text = std::fs::read_to_string(comments).unwrap_or_else(|e| {
        eprintln!("{comments}: {e}");
        std::process::exit(2)
    });
    let requests: Vec<Vec<u8>> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(|t| request(addr, path, t)))
        .collect();
    if requests.is_empty() {
        eprintln!("{comments}: no texts");
        std::process::exit(2)
    }
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..concurrency)
            .map(|c| {
                let requests = &requests;
                s.spawn(move || worker(addr, requests, c * 7919, until))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or(Tally {
                    latencies_ns: Vec::new(),
                    errors: 1,
                })
            })
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all: Vec<u64> = tallies
        .iter()
        .flat_map(|t| t.latencies_ns.iter().copied())
        .collect();
    let errors: u64 = tallies.iter().map(|t| t.errors).sum();
    all.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.is_empty() {
            return f64::NAN;
        }
        let i = ((all.len() as f64 * p).ceil() as usize).clamp(1, all.len()) - 1;
        all[i] as f64 / 1e3
    };
    println!(
        "{}",
        serde_json::json!({
            "concurrency": concurrency,
            "seconds": elapsed,
            "requests": all.len(),
            "errors": errors,
            "rps": all.len() as f64 / elapsed,
            "p50_us": pct(0.50),
            "p99_us": pct(0.99),
            "p999_us": pct(0.999),
            "max_us": pct(1.0),
        })
    );
}
