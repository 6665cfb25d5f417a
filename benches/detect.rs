//! Detection throughput on clean news and on the seed article, beside the
//! bare Aho-Corasick scan; strip and repair on the seed; loading the
//! embedded language model.
//!
//! Detection throughput on clean news and on the seed article, beside the
//! bare Aho-Corasick scan of the same text with the same patterns: the cost
//! of folding, tokens, n-gram counting and verdicts over a plain scan.
//!
//! Clean news: about 1 MB of the news documents (`unc-`, `baomoi`) of
//! `../shared/corpus/dev.jsonl` (or `VNCLEAN_BENCH_CORPUS`), each detected
//! separately as a pipeline would. Without the corpus, the seed article
//! stands in.

use std::hint::black_box;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vnclean::{Cleaner, Detector, LanguageModel, Lexicon, Mode};

const SEED: &str = include_str!("../fixtures/seed/article.spammed.txt");
const MB: usize = 1 << 20;
const LM_BYTES: &[u8] = include_bytes!("../data/lm.bin");

fn news_docs() -> Vec<String> {
    let path = std::env::var("VNCLEAN_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/corpus/dev.jsonl".to_owned());
    let mut docs = Vec::new();
    let mut total = 0;
    if let Ok(data) = std::fs::read_to_string(&path) {
        for line in data.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let id = v.get("id").and_then(|i| i.as_str()).unwrap_or_default();
            if id.starts_with("viwiki") {
                continue;
            }
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                total += t.len();
                docs.push(t.to_owned());
            }
            if total >= MB {
                break;
            }
        }
    }
    if docs.is_empty() {
        docs.push(SEED.to_owned());
    }
    docs
}

fn bare_scanner(lexicon: &Lexicon) -> AhoCorasick {
    let keys: Vec<&str> = lexicon.entries().iter().map(|e| e.key.as_str()).collect();
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(keys)
        .unwrap()
}

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
    let untitled: String = SEED.split_inclusive('\n').skip(2).collect();
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
