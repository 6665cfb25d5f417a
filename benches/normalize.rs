//! Normaliser and fold throughput on real Vietnamese text.
//!
//! Inputs: the founding seed article (`fixtures/seed/`, a real news report
//! with the spam phrase injected) and 1 MB of real news and Wikipedia text
//! taken from `../shared/corpus/dev.jsonl` (set `VNCLEAN_BENCH_CORPUS` to use
//! another JSON-lines file with a `text` field). The corpus is not shipped:
//! without it, the 1 MB inputs are the seed article repeated.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use unicode_normalization::UnicodeNormalization;
use vnclean::{fold, NormalizeConfig, Normalizer, ToneStyle};

mod inputs;
use inputs::{corpus_texts, MB, SEED};

/// 1 MB of the corpus (news and Wikipedia) as one text, or the seed article
/// repeated.
fn corpus_mb() -> String {
    let mut out = corpus_texts(|_| true, MB).join("\n");
    while out.len() < MB {
        out.push('\n');
        out.push_str(SEED);
    }
    out
}

/// The documents of the 1 MB corpus sample, each normalised first (so the
/// set is already normal), separately.
fn corpus_docs() -> Vec<String> {
    let n = Normalizer::new();
    let mut docs: Vec<String> = corpus_texts(|_| true, MB)
        .iter()
        .map(|t| n.normalize(t).text.into_owned())
        .collect();
    if docs.is_empty() {
        docs.push(n.normalize(SEED).text.into_owned());
    }
    docs
}

fn inputs() -> Vec<(&'static str, String)> {
    let corpus = corpus_mb();
    let nfc = Normalizer::new().normalize(&corpus).text.into_owned();
    let nfd: String = nfc.nfd().collect();
    let seed = Normalizer::new().normalize(SEED).text.into_owned();
    vec![
        ("seed", seed),
        ("corpus-1mb-normal", nfc),
        ("corpus-1mb-decomposed", nfd),
    ]
}

fn bench(c: &mut Criterion) {
    let inputs = inputs();
    let normalizer = Normalizer::new();
    let keep = Normalizer::with_config(NormalizeConfig {
        tone_style: ToneStyle::Keep,
        ..NormalizeConfig::default()
    });

    let mut g = c.benchmark_group("normalize");
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("default", name), text, |b, t| {
            b.iter(|| black_box(normalizer.normalize(black_box(t))))
        });
        g.bench_with_input(BenchmarkId::new("tone-keep", name), text, |b, t| {
            b.iter(|| black_box(keep.normalize(black_box(t))))
        });
        // The yardstick: unicode-normalization's NFC alone.
        g.bench_with_input(
            BenchmarkId::new("unicode-normalization-nfc", name),
            text,
            |b, t| b.iter(|| black_box(black_box(t).nfc().collect::<String>())),
        );
    }

    // Document by document, as a corpus pipeline calls it: 1 MB of
    // separate documents through one shared normaliser.
    let docs = corpus_docs();
    let total: usize = docs.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("default/corpus-docs-normal", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(normalizer.normalize(black_box(d)));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("fold");
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("fold", name), text, |b, t| {
            b.iter(|| black_box(fold(black_box(t))))
        });
        // Buffers reused from call to call, as a pipeline does.
        g.bench_with_input(BenchmarkId::new("refold", name), text, |b, t| {
            let mut f = Some(vnclean::Folded::default());
            b.iter(|| {
                let g = f.take().unwrap_or_default().refold(black_box(t));
                black_box(g.as_str().len());
                f = Some(g.refold(""));
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
