//! Buffers kept per thread and reused from one document to the next, so
//! that checking a short clean text allocates nothing once the thread has
//! seen a text as long: a moderation service checks comments one by one,
//! and an allocation costs about as much as reading a word.
//!
//! A buffer that grew past [`KEEP`] bytes is freed instead of kept, so a
//! thread that once read a huge page does not hold its memory for good.

use std::cell::RefCell;
use std::mem::size_of;
use std::ops::Range;
use std::thread::LocalKey;

use super::doc::Tok;

/// The largest buffer set kept for reuse, in bytes.
const KEEP: usize = 1 << 20;

/// At most this many sets a pool keeps: a detection that reads a second
/// text while the first is open needs two.
const SETS: usize = 4;

/// A pool of buffers, one per thread.
pub(crate) type Pool<T> = LocalKey<RefCell<Vec<T>>>;

/// A buffer from `pool`, or a new one.
pub(crate) fn take<T: Default>(pool: &'static Pool<T>) -> T {
    pool.try_with(|p| p.try_borrow_mut().ok().and_then(|mut p| p.pop()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Gives `b`, already cleared, back to `pool` when it holds at most
/// [`KEEP`] bytes.
pub(crate) fn give<T>(pool: &'static Pool<T>, b: T, bytes: usize) {
    if bytes > KEEP {
        return;
    }
    let _ = pool.try_with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            if p.len() < SETS {
                p.push(b);
            }
        }
    });
}

/// A buffer that can be emptied and kept.
pub(crate) trait Reuse: Default {
    /// The bytes it holds on to.
    fn bytes(&self) -> usize;
    /// Empties it, keeping its capacity.
    fn clear(&mut self);
}

impl<K, V, S: Default> Reuse for std::collections::HashMap<K, V, S> {
    fn bytes(&self) -> usize {
        self.capacity() * (size_of::<K>() + size_of::<V>() + 1)
    }
    fn clear(&mut self) {
        std::collections::HashMap::clear(self);
    }
}

impl<T> Reuse for Vec<T> {
    fn bytes(&self) -> usize {
        self.capacity() * size_of::<T>()
    }
    fn clear(&mut self) {
        Vec::clear(self);
    }
}

impl Reuse for String {
    fn bytes(&self) -> usize {
        self.capacity()
    }
    fn clear(&mut self) {
        String::clear(self);
    }
}

/// A buffer lent from a pool, given back (emptied) when dropped.
pub(crate) struct Lent<T: Reuse + 'static> {
    value: T,
    pool: &'static Pool<T>,
}

/// Lends a buffer from `pool`.
pub(crate) fn lend<T: Reuse>(pool: &'static Pool<T>) -> Lent<T> {
    Lent {
        value: take(pool),
        pool,
    }
}

impl<T: Reuse> std::ops::Deref for Lent<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Reuse> std::ops::DerefMut for Lent<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: Reuse> Drop for Lent<T> {
    fn drop(&mut self) {
        let mut b = std::mem::take(&mut self.value);
        let bytes = b.bytes();
        b.clear();
        give(self.pool, b, bytes);
    }
}

/// The growing parts of a [`Doc`](super::doc::Doc).
#[derive(Default)]
pub(crate) struct DocBuffers {
    pub folded: String,
    pub toks: Vec<Tok>,
    pub runs: Vec<Range<usize>>,
    pub lines: Vec<usize>,
    pub joins: Vec<usize>,
}

impl DocBuffers {
    pub fn bytes(&self) -> usize {
        self.folded.capacity()
            + self.toks.capacity() * size_of::<Tok>()
            + self.runs.capacity() * size_of::<Range<usize>>()
            + (self.lines.capacity() + self.joins.capacity()) * size_of::<usize>()
    }

    pub fn clear(&mut self) {
        self.folded.clear();
        self.toks.clear();
        self.runs.clear();
        self.lines.clear();
        self.joins.clear();
    }
}

thread_local! {
    pub(crate) static DOCS: RefCell<Vec<DocBuffers>> = const { RefCell::new(Vec::new()) };
}
