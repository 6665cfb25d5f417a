//! Checking a clean comment allocates nothing once the thread is warm:
//! what `vnclean serve` does per request (see `detect/scratch.rs`). Its own
//! test binary, for its counting allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use vnclean::{Cleaner, Verdict};

/// Counts this thread's allocations (other test threads run alongside).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations_of(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// Real text cut into comments of about 300 bytes, at sentence ends: the
/// bundled Wikipedia sample.
fn comments() -> Vec<String> {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/corpus/viwiki.sample.jsonl"
    ))
    .expect("the Wikipedia sample");
    let mut out = Vec::new();
    for line in sample.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let mut cur = String::new();
        for sentence in doc["text"]
            .as_str()
            .unwrap_or_default()
            .split_inclusive(['.', '\n'])
        {
            cur.push_str(sentence);
            if cur.trim().len() >= 250 {
                if cur.trim().len() <= 400 {
                    out.push(cur.trim().to_string());
                }
                cur.clear();
            }
        }
    }
    out
}

/// The comment of `benches/comment.rs`.
const COMMENT: &str = "Ngày 27/6, hội khuyến học các tỉnh, thành phố Đồng bằng sông Hồng tổ chức \
hội nghị giao ban công tác khuyến học, tọa đàm trao đổi kinh nghiệm và giải pháp nâng cao chất \
lượng mô hình \"Dòng họ học tập\". Rất đáng hoan nghênh!";

#[test]
fn checking_a_clean_comment_allocates_nothing_once_warm() {
    let cleaner = Cleaner::new();
    for _ in 0..3 {
        cleaner.check(COMMENT);
    }
    let n = allocations_of(|| {
        std::hint::black_box(cleaner.check(std::hint::black_box(COMMENT)));
    });
    assert_eq!(n, 0, "{n} allocations checking the bench comment");

    // Real comments: most allocate nothing (178 of 211 here). Those that
    // do hold what makes detection look closer (a phrase said twice, which
    // the judge weighs with the language model; several lexicon words),
    // and allocate for what it finds there.
    let comments = comments();
    assert!(comments.len() >= 100, "{}", comments.len());
    for c in &comments {
        assert_eq!(cleaner.check(c).verdict, Verdict::Clean, "{c}");
    }
    let counts: Vec<usize> = comments
        .iter()
        .map(|c| {
            allocations_of(|| {
                std::hint::black_box(cleaner.check(std::hint::black_box(c)));
            })
        })
        .collect();
    let none = counts.iter().filter(|&&n| n == 0).count();
    eprintln!(
        "{none} of {} comments checked with no allocation",
        counts.len()
    );
    assert!(
        none * 4 >= counts.len() * 3,
        "only {none} of {}",
        counts.len()
    );

    // The counter counts: a comment with spam has findings to return.
    let spam = format!("{COMMENT} xem soi keo nha cai ngay");
    assert!(
        allocations_of(|| {
            std::hint::black_box(cleaner.check(&spam));
        }) > 0
    );
}
