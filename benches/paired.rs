//! Comparisons that hold on a noisy host, where criterion's benches, run
//! one after another, can differ by a third from a change of the host's
//! speed alone: the two sides in alternating blocks in one process, and
//! the best of many passes.
//!
//! - Repair against strip on the seed article (and without its first two
//!   lines, where the model must weigh every candidate): blocks of calls
//!   of each mode in turn (strip first), each after a few calls of
//!   warm-up, so the thread's caches are warm for both, as in a pipeline;
//!   the ratio of the two modes' fastest blocks, and the median ratio of
//!   the blocks run side by side.
//! - Detection over about 1 MB of clean news beside the bare Aho-Corasick
//!   scan: the fastest of many passes of each, alternating.
//!
//! `cargo bench --bench paired` (one core: `taskset -c 1`); `ROUNDS` sets
//! the rounds (default 100).

use std::hint::black_box;
use std::time::Instant;

use vnclean::{Cleaner, Detector, Mode};

mod inputs;
use inputs::{bare_scanner, news_docs, untitled_seed, SEED};

/// Seconds per call of `f`, over a block of `calls` after a warm-up.
fn block(calls: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..calls.div_ceil(4) {
        f();
    }
    let t = Instant::now();
    for _ in 0..calls {
        f();
    }
    t.elapsed().as_secs_f64() / calls as f64
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    match (v.get(mid.wrapping_sub(1)), v.get(mid)) {
        (Some(a), Some(b)) if v.len() % 2 == 0 => (a + b) / 2.0,
        (_, Some(b)) => *b,
        _ => f64::NAN,
    }
}

fn repair_over_strip(name: &str, text: &str, rounds: usize, calls: usize) {
    let strip = Cleaner::new().with_normalizer(None).with_mode(Mode::Strip);
    let repair = Cleaner::new().with_normalizer(None).with_mode(Mode::Repair);
    let (mut s, mut r) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        s.push(block(calls, || {
            black_box(strip.clean(black_box(text)));
        }));
        r.push(block(calls, || {
            black_box(repair.clean(black_box(text)));
        }));
    }
    let paired = s.iter().zip(&r).map(|(s, r)| r / s).collect();
    println!(
        "{name}: strip {:.1} µs, repair {:.1} µs (fastest blocks of {calls} calls, {rounds} rounds); \
         repair / strip {:.3}, median of paired blocks {:.3}",
        min(&s) * 1e6,
        min(&r) * 1e6,
        min(&r) / min(&s),
        median(paired),
    );
}

fn detection(rounds: usize) {
    let docs = news_docs();
    let bytes: usize = docs.iter().map(String::len).sum();
    let detector = Detector::new();
    let bare = bare_scanner(detector.lexicon());
    let (mut d, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        d.push(block(1, || {
            for doc in &docs {
                black_box(detector.detect(black_box(doc)));
            }
        }));
        b.push(block(1, || {
            for doc in &docs {
                black_box(bare.find_iter(black_box(doc.as_str())).count());
            }
        }));
    }
    let mbs = |t: f64| bytes as f64 / t / 1e6;
    println!(
        "clean news ({bytes} bytes, {} documents): detection {:.1} MB/s, bare Aho-Corasick {:.1} MB/s \
         (fastest of {rounds} passes); detection takes {:.2} times the scan's time; median pass {:.1} MB/s",
        docs.len(),
        mbs(min(&d)),
        mbs(min(&b)),
        min(&d) / min(&b),
        mbs(median(d.clone())),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `--test` (`cargo test --benches`,
    // `cargo bench -- --test`) runs a single short round. Filters are not
    // read: every comparison runs.
    let quick = std::env::args().any(|a| a == "--test");
    let rounds = if quick {
        1
    } else {
        std::env::var("ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(100)
    };
    repair_over_strip("seed article", SEED, rounds, 50);
    repair_over_strip(
        "seed article without its first two lines",
        &untitled_seed(),
        rounds.div_ceil(5),
        10,
    );
    detection(rounds * 2);
}
