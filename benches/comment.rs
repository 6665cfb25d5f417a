//! One 300-byte comment checked in process, as `vnclean serve` does per
//! request: the figure to set beside the HTTP latencies of
//! `scripts/bench_serve.py` (what HTTP costs is the difference). A clean
//! comment, and the same comment with a spam phrase inserted.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use vnclean::{Cleaner, Verdict};

/// About 300 bytes of the bundled seed article, as a reader's comment.
const COMMENT: &str = "Ngày 27/6, hội khuyến học các tỉnh, thành phố Đồng bằng sông Hồng tổ chức \
hội nghị giao ban công tác khuyến học, tọa đàm trao đổi kinh nghiệm và giải pháp nâng cao chất \
lượng mô hình \"Dòng họ học tập\". Rất đáng hoan nghênh!";

fn bench(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    let spam = COMMENT.replacen("tọa đàm", "tọa đàm soi keo nha cai", 1);
    assert_eq!(cleaner.check(COMMENT).verdict, Verdict::Clean);
    assert_ne!(cleaner.check(&spam).verdict, Verdict::Clean);
    let mut g = c.benchmark_group("comment");
    g.bench_function(format!("check-clean-{}B", COMMENT.len()), |b| {
        b.iter(|| cleaner.check(black_box(COMMENT)))
    });
    g.bench_function(format!("check-spam-{}B", spam.len()), |b| {
        b.iter(|| cleaner.check(black_box(&spam)))
    });
    g.bench_function(format!("clean-repair-spam-{}B", spam.len()), |b| {
        b.iter(|| cleaner.clean_as(black_box(&spam), vnclean::Mode::Repair))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
