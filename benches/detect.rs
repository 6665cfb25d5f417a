//! Detection throughput on clean news and on the seed article, beside the
//! bare Aho-Corasick scan of the same text with the same patterns (the
//! cost of folding, tokens, n-gram counting and verdicts over a plain
//! scan); strip and repair on the seed; loading the embedded language
//! model. Clean news is about 1 MB of news documents, each detected
//! separately as a pipeline would (see `inputs`).
//!
//! Each bench runs alone, one after another: on a host whose speed moves
//! from minute to minute, compare two of them with `benches/paired.rs`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vnclean::{Cleaner, Detector, LanguageModel, Mode};

mod inputs;
use inputs::{bare_scanner, news_docs, untitled_seed, SEED};

const LM_BYTES: &[u8] = include_bytes!("../data/lm.bin");

fn bench(c: &mut Criterion) {
    let detector = Detector::new();
    let bare = bare_scanner(detector.lexicon());
    let docs = news_docs();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group("detect");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("clean-news/detect", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(detector.detect(black_box(d)));
            }
        })
    });
    g.bench_function("clean-news/bare-aho-corasick", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(bare.find_iter(black_box(d.as_str())).count());
            }
        })
    });
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("seed/detect", |b| {
        b.iter(|| black_box(detector.detect(black_box(SEED))))
    });
    g.bench_function("seed/bare-aho-corasick", |b| {
        b.iter(|| black_box(bare.find_iter(black_box(SEED)).count()))
    });
    let strip = Cleaner::new().with_normalizer(None).with_mode(Mode::Strip);
    g.bench_function("seed/clean-strip", |b| {
        b.iter(|| black_box(strip.clean(black_box(SEED))))
    });
    let repair = Cleaner::new().with_normalizer(None).with_mode(Mode::Repair);
    g.bench_function("seed/clean-repair", |b| {
        b.iter(|| black_box(repair.clean(black_box(SEED))))
    });
    // Without its first two lines no untouched "học" is left: the page no
    // longer settles the word, and the model must weigh every candidate.
    let untitled = untitled_seed();
    g.throughput(Throughput::Bytes(untitled.len() as u64));
    g.bench_function("seed-untitled/clean-strip", |b| {
        b.iter(|| black_box(strip.clean(black_box(&untitled))))
    });
    g.bench_function("seed-untitled/clean-repair", |b| {
        b.iter(|| black_box(repair.clean(black_box(&untitled))))
    });
    g.finish();
    // Loading the embedded model: parsing its 6.2 MB (a copy of the bytes,
    // as reading a file would give).
    let mut g = c.benchmark_group("lm");
    g.sample_size(20);
    g.bench_function("load-embedded-model", |b| {
        b.iter(|| black_box(LanguageModel::from_bytes(black_box(LM_BYTES.to_vec())).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
