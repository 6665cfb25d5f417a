//! Hostile inputs at a quarter of their size and at full size: time linear
//! in the size shows as the same MB/s for both (a quadratic step would run
//! four times slower per byte at full size). The inputs are those of
//! `tests/it/hostile.rs`, cleaned by the default `Cleaner` (normalise,
//! detect, strip), as the CLI runs; the 100,000-entry lexicon is timed
//! building its detector and detecting on the seed article.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vnclean::{Cleaner, Detector, Lexicon};

#[path = "../tests/it/hostile_inputs.rs"]
mod hostile_inputs;
use hostile_inputs::{big_lexicon_file, disguised_words, repeat_to, PROSE};

const SEED: &str = include_str!("../fixtures/seed/article.spammed.txt");

/// A hostile input: its name, how to make it at a size, its full size.
type Input = (&'static str, fn(usize) -> String, usize);

fn inputs() -> Vec<Input> {
    vec![
        (
            "one-line-with-spam",
            |n| {
                let mut t = String::with_capacity(n + PROSE.len() * 2);
                while t.len() < n {
                    t.push_str(PROSE);
                    t.push_str("soi keo nha cai ");
                    t.push_str(PROSE);
                    t.push_str(PROSE);
                }
                t
            },
            10 << 20,
        ),
        (
            "letters-spelled-out",
            |n| repeat_to(&format!("{PROSE}s.o.i k.e.o n.h.a c.a.i "), n),
            1 << 20,
        ),
        ("every-word-disguised", disguised_words, 1 << 20),
        ("one-syllable-spaced", |n| repeat_to("học ", n), 1 << 20),
        ("one-syllable-glued", |n| repeat_to("học", n), 1 << 20),
        ("zero-width-alone", |n| "\u{200b}".repeat(n / 3), 300_000),
        (
            "zero-width-in-phrase",
            |n| {
                let phrase: String = "soi keo nha cai "
                    .chars()
                    .flat_map(|c| [c, '\u{200b}'])
                    .collect();
                format!("{PROSE}{}", repeat_to(&phrase, n))
            },
            1 << 20,
        ),
        (
            "combining-marks",
            |n| format!("{PROSE}a{}{PROSE}", "\u{301}".repeat(n / 2)),
            20_000,
        ),
        (
            "lexicon-phrases-only",
            |n| {
                let lexicon = Lexicon::default();
                let mut t = String::new();
                while t.len() < n {
                    for e in lexicon.entries() {
                        t.push_str(&e.phrase);
                        t.push(' ');
                    }
                }
                t
            },
            1 << 20,
        ),
    ]
}

fn hostile(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, make, full) in inputs() {
        for (label, size) in [("quarter", full / 4), ("full", full)] {
            let text = make(size);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, label), &text, |b, t| {
                b.iter(|| black_box(cleaner.clean(t).text.len()))
            });
        }
    }
    g.finish();
}

fn big_lexicon(c: &mut Criterion) {
    let file = big_lexicon_file();
    let mut g = c.benchmark_group("lexicon-100k");
    g.sample_size(10);
    g.bench_function("parse-and-build", |b| {
        b.iter(|| {
            let lexicon = Lexicon::parse(&file, "big.tsv").unwrap();
            black_box(Detector::with_lexicon(lexicon))
        })
    });
    let d = Detector::with_lexicon(Lexicon::parse(&file, "big.tsv").unwrap());
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("detect-seed", |b| {
        b.iter(|| black_box(d.detect(SEED).findings.len()))
    });
    g.finish();
}

criterion_group!(benches, hostile, big_lexicon);
criterion_main!(benches);
