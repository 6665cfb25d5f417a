//! What the document itself says: its words, the context around each
//! occurrence of a phrase, and the untouched text seen around the same
//! neighbours ("khuyến học các" in the title, where the body reads
//! "khuyến ___ các").

use std::cell::{Cell, OnceCell, RefCell};
use std::hash::Hasher;
use std::ops::Range;

use crate::chunk::ChunkKey;
use crate::detect::Finding;
use crate::lm::{is_word_char, scan, Piece, COMMA};
use crate::tables::{KeyHasher, KeyMap};

/// A word (or comma) of the text as the model reads it: 16 bytes, since
/// repair keeps one per word of the page beside detection's own tables
/// (at 32 bytes the two evicted each other from the core's caches and
/// detection ran 10 % slower in repair mode).
#[derive(Clone, Copy)]
pub(super) struct Word {
    /// Hash of its lower-case form (see [`Word::key`]) and three flags in
    /// the low bits.
    bits: u64,
    start: u32,
    end: u32,
}

/// Written in lower case (a sentence-initial "Học" escapes a
/// case-sensitive replace, so it says nothing about one).
const LOWERCASE: u64 = 1;
/// Punctuation or a line break separates it from the word before.
const AFTER_BREAK: u64 = 2;
/// Inside a finding.
const SPAM: u64 = 4;
/// The bits a key leaves free for the flags; keys have the next bit set,
/// so no key is 0 (`Context::keys` uses 0 for "no word").
const FLAGS: u64 = 7;

impl Word {
    /// `span` must lie in a text shorter than 4 GiB (`repair` strips
    /// longer pages without reading their words); words inside findings
    /// are marked afterwards ([`mark_spam`]).
    #[inline]
    fn new(span: Range<usize>, key: u64, lowercase: bool, after_break: bool) -> Word {
        let flag = |on: bool, bit: u64| if on { bit } else { 0 };
        Word {
            bits: key | flag(lowercase, LOWERCASE) | flag(after_break, AFTER_BREAK),
            // In range: see above.
            start: span.start as u32,
            end: span.end as u32,
        }
    }

    /// Its bytes in the text.
    #[inline]
    pub(super) fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    #[inline]
    pub(super) fn start(&self) -> usize {
        self.start as usize
    }

    #[inline]
    pub(super) fn end(&self) -> usize {
        self.end as usize
    }

    /// Hash of its lower-case form: the document's words are compared by
    /// key, so no word is lower-cased into a string unless it is needed.
    #[inline]
    pub(super) fn key(&self) -> u64 {
        self.bits & !FLAGS
    }

    #[inline]
    pub(super) fn lowercase(&self) -> bool {
        self.bits & LOWERCASE != 0
    }

    #[inline]
    pub(super) fn after_break(&self) -> bool {
        self.bits & AFTER_BREAK != 0
    }

    #[inline]
    pub(super) fn spam(&self) -> bool {
        self.bits & SPAM != 0
    }
}

/// `c` in lower case when that is one character: the letters of
/// Vietnamese text without the Unicode tables, the rest by them.
#[inline]
fn lower_char(c: char) -> Option<char> {
    let cp = c as u32;
    let lowered = match cp {
        0..=0x7F => cp | u32::from(c.is_ascii_uppercase()) << 5,
        0xC0..=0xDE if cp != 0xD7 => cp + 0x20,
        0xDF..=0xFF => cp,
        // Ă Đ Ĩ Ũ Ơ Ư, and their lower case.
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 | 0x1AF => cp + 1,
        0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => cp,
        // Latin Extended Additional: upper case at even code points.
        0x1EA0..=0x1EFF => cp | 1,
        _ => {
            let mut l = c.to_lowercase();
            return match (l.next(), l.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            };
        }
    };
    char::from_u32(lowered)
}

/// A word's key as it is read: lower-case characters packed four to a
/// word of 16-bit lanes, each full word mixed into the hash (one multiply
/// per four characters, not per character).
#[derive(Default)]
struct KeyBuilder {
    hash: KeyHasher,
    lanes: u64,
    filled: u32,
}

impl KeyBuilder {
    #[inline(always)]
    fn lane(&mut self, v: u64) {
        self.lanes = self.lanes << 16 | v;
        self.filled += 1;
        if self.filled == 4 {
            self.hash.write_u64(self.lanes);
            self.lanes = 0;
            self.filled = 0;
        }
    }

    #[inline(always)]
    fn char(&mut self, c: char) {
        let cp = u32::from(c);
        if cp > 0xFFFF {
            self.lane(u64::from(cp >> 16) | 0x8000);
        }
        self.lane(u64::from(cp & 0xFFFF));
    }

    /// Feeds `c`, lower-cased; false when lowering changed it.
    #[inline(always)]
    fn feed(&mut self, c: char) -> bool {
        match lower_char(c) {
            Some(l) => {
                self.char(l);
                l == c
            }
            None => {
                for l in c.to_lowercase() {
                    self.char(l);
                }
                false
            }
        }
    }

    /// The key: never 0, which `Context::keys` uses for "no word", and
    /// with the low bits free for [`Word`]'s flags.
    #[inline(always)]
    fn finish(mut self) -> u64 {
        // The count of characters in the last lanes tells "a" from "\0a".
        self.hash
            .write_u64(self.lanes ^ u64::from(self.filled) << 62);
        self.hash.finish() & !FLAGS | (FLAGS + 1)
    }
}

/// The key of a word's lower-case form, and whether it is written in
/// lower case already.
pub(super) fn key_of(s: &str) -> (u64, bool) {
    let mut k = KeyBuilder::default();
    let mut lowercase = true;
    for c in s.chars() {
        lowercase &= k.feed(c);
    }
    (k.finish(), lowercase)
}

/// The lower-case form of `word`.
pub(super) fn lower(text: &str, word: &Word) -> String {
    let s = text.get(word.span()).unwrap_or_default();
    if s == COMMA {
        return COMMA.to_string();
    }
    s.chars().flat_map(char::to_lowercase).collect()
}

/// A direct-mapped cache of chunks (bytes between spaces or line feeds)
/// with the pieces they read as: at most one word, with the key of its
/// lower-case form, and what stands around it ("học", "tỉnh,", "(Ảnh:",
/// "–"). Real text repeats a few thousand distinct chunks, and a repeat
/// then costs a hash instead of a decode and a case mapping per character
/// (on this machine's branchy loops, about 7 ns a character). One per
/// thread, kept across calls.
struct WordCache {
    slots: Vec<Slot>,
}

/// 2^13 slots of 32 bytes (256 KB): a page has hundreds of distinct
/// chunks, a pipeline's thread sees a few thousand often.
const CACHE_BITS: u32 = 13;

/// A chunk's pieces, in the order [`Reader::chunk`] reads them: breaks
/// before the word, the word, breaks after it, a comma, breaks after that.
/// Chunks read otherwise (two words, two commas, a word after a comma) are
/// not kept.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Shape {
    /// Bytes before the word.
    lead: u8,
    /// Bytes of the word; 0: no word.
    word: u8,
    /// The comma's offset plus one; 0: no comma.
    comma: u8,
    /// Which of [`BREAK_BEFORE`], [`BREAK_MID`], [`BREAK_AFTER`] it has.
    breaks: u8,
}

impl Shape {
    /// The four bytes as one number, for one comparison.
    #[inline]
    fn bits(self) -> u32 {
        u32::from_le_bytes([self.lead, self.word, self.comma, self.breaks])
    }

    /// A chunk of one word of `len` bytes and nothing else.
    #[inline]
    fn word(len: usize) -> Shape {
        Shape {
            word: len as u8,
            ..Shape::default()
        }
    }
}

/// Punctuation or a line break before the word...
const BREAK_BEFORE: u8 = 1;
/// ...between the word and the comma (or after the word, with no comma)...
const BREAK_MID: u8 = 2;
/// ...or after the comma.
const BREAK_AFTER: u8 = 4;

#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// The chunk; the all-zero key of an empty slot is no chunk's.
    chunk: ChunkKey,
    /// The word's key and case.
    key: u64,
    lowercase: bool,
    shape: Shape,
}

impl WordCache {
    /// The chunk's slot: its home, or the home's partner in the same 64
    /// bytes, where it goes when another chunk holds its home. Direct
    /// mapping alone lost one chunk in 25 of a page to collisions, each
    /// then read the slow way on every visit; the partner is only looked
    /// at when the home misses, so a hit costs what it did.
    #[inline]
    fn get(&self, chunk: ChunkKey) -> Option<&Slot> {
        let home = chunk.slot(CACHE_BITS);
        let s = self.slots.get(home)?;
        if s.chunk == chunk {
            return Some(s);
        }
        let s = self.slots.get(home ^ 1)?;
        (s.chunk == chunk).then_some(s)
    }

    /// Keeps `slot` (a chunk `get` missed): at its home when that is
    /// free, else at the partner when that is, else at the home, evicting
    /// its chunk (the partner may hold a chunk at its own home).
    fn put(&mut self, slot: Slot) {
        let home = slot.chunk.slot(CACHE_BITS);
        let free = |i: usize| {
            self.slots
                .get(i)
                .is_some_and(|s| s.chunk == ChunkKey::default())
        };
        let at = if !free(home) && free(home ^ 1) {
            home ^ 1
        } else {
            home
        };
        if let Some(s) = self.slots.get_mut(at) {
            *s = slot;
        }
    }
}

thread_local! {
    static CACHE: RefCell<Option<WordCache>> = const { RefCell::new(None) };
}

/// Texts shorter than this are read without the cache.
const CACHE_MIN_TEXT: usize = 256;

/// Reads `text` into words, commas and breaks, as `lm::scan` does.
struct Reader<'a> {
    text: &'a str,
    /// A break came since the last word.
    brk: bool,
    out: Vec<Word>,
    comma: u64,
}

/// What [`Reader::chunk`] learnt of a chunk it may keep: its shape, and
/// its word's key and case.
type Learnt = (Shape, u64, bool);

impl Reader<'_> {
    #[inline]
    fn push(&mut self, span: Range<usize>, key: u64, lowercase: bool) {
        let after_break = std::mem::take(&mut self.brk);
        self.out.push(Word::new(span, key, lowercase, after_break));
    }

    /// Takes the chunks from `i` on that `cache` holds, one after another,
    /// up to the first that ends past `limit` (where a finding starts),
    /// and returns where it stopped (`i` when it took none): a tight loop
    /// for the common case, where the outer one would test again for
    /// spaces and the cache on every chunk.
    #[inline]
    fn replay(&mut self, cache: &WordCache, bytes: &[u8], i: usize, limit: usize) -> usize {
        // The words and the break in locals, written back once: through
        // `self`, every push stored them to memory and loaded them again.
        let mut out = std::mem::take(&mut self.out);
        let mut brk = self.brk;
        let mut at = i;
        while let Some((chunk, end)) = ChunkKey::at_line(bytes, at).filter(|c| c.1 <= limit) {
            let Some(s) = cache.get(chunk) else {
                break;
            };
            // Most chunks are one word and nothing else.
            if s.shape.bits() == Shape::word(end - at).bits() {
                out.push(Word::new(at..end, s.key, s.lowercase, brk));
                brk = false;
            } else {
                brk = pieces(&mut out, brk, self.comma, at, s);
            }
            // The line feed after it is a break.
            brk |= bytes.get(end) == Some(&b'\n');
            at = end + 1;
        }
        self.out = out;
        self.brk = brk;
        at
    }

    /// Reads the chunk at `start` (up to the next space, line feed or the
    /// end), the slow way; returns its end, and what a cache may keep of
    /// it when it has one of the shapes a [`Shape`] holds. The caller
    /// reads the line feed: a line of text ends in one, and "tốt.\nPhát"
    /// is two chunks worth keeping, where one would never repeat.
    fn chunk(&mut self, start: usize) -> (usize, Option<Learnt>) {
        let rest = self.text.get(start..).unwrap_or_default();
        let mut cur: Option<(usize, KeyBuilder, bool)> = None;
        let mut end = self.text.len();
        let mut l = Learning {
            start,
            shape: Shape::default(),
            word: None,
            keep: true,
        };
        for (i, c) in rest.char_indices() {
            let i = start + i;
            if is_word_char(c) {
                let (_, k, lowercase) = cur.get_or_insert_with(|| (i, KeyBuilder::default(), true));
                *lowercase &= k.feed(c);
                continue;
            }
            if let Some(w) = cur.take() {
                self.word(w, i, &mut l);
            }
            if c == ' ' || c == '\n' {
                end = i;
                break;
            }
            if c == ',' {
                self.push(i..i + 1, self.comma, true);
                l.comma(i);
            } else if !(c.is_whitespace() || crate::tables::is_invisible(c)) {
                self.brk = true;
                l.brk();
            }
        }
        if let Some(w) = cur.take() {
            self.word(w, end, &mut l);
        }
        let (key, lowercase) = l.word.unwrap_or((FLAGS + 1, true));
        (end, l.keep.then_some((l.shape, key, lowercase)))
    }

    /// Pushes the word begun at `w.0` and ending at `end`.
    fn word(&mut self, (s, k, lowercase): (usize, KeyBuilder, bool), end: usize, l: &mut Learning) {
        let key = k.finish();
        self.push(s..end, key, lowercase);
        l.word(s..end, key, lowercase);
    }
}

/// Pushes onto `out` the pieces of the chunk at `at` that `s` holds, as
/// [`Reader::chunk`] would read them after a break or not (`brk`); returns
/// whether a break is pending after them.
#[inline(never)]
fn pieces(out: &mut Vec<Word>, mut brk: bool, comma_key: u64, at: usize, s: &Slot) -> bool {
    let Shape {
        lead,
        word,
        comma,
        breaks,
    } = s.shape;
    brk |= breaks & BREAK_BEFORE != 0;
    if word != 0 {
        let w = at + usize::from(lead);
        out.push(Word::new(w..w + usize::from(word), s.key, s.lowercase, brk));
        brk = false;
    }
    brk |= breaks & BREAK_MID != 0;
    if comma != 0 {
        let c = at + usize::from(comma) - 1;
        out.push(Word::new(c..c + 1, comma_key, true, brk));
        brk = false;
    }
    brk | (breaks & BREAK_AFTER != 0)
}

/// The shape of a chunk as [`Reader::chunk`] reads it.
struct Learning {
    start: usize,
    shape: Shape,
    /// The word's key and case.
    word: Option<(u64, bool)>,
    /// The chunk has a shape a [`Shape`] holds.
    keep: bool,
}

impl Learning {
    fn offset(&self, i: usize) -> Option<u8> {
        u8::try_from(i - self.start).ok()
    }

    fn word(&mut self, span: Range<usize>, key: u64, lowercase: bool) {
        // A second word, or a word after the comma, is another shape.
        self.keep &= self.word.is_none() && self.shape.comma == 0;
        match (self.offset(span.start), self.offset(span.end)) {
            (Some(lead), Some(to)) => {
                self.shape.lead = lead;
                self.shape.word = to - lead;
            }
            _ => self.keep = false,
        }
        self.word = Some((key, lowercase));
    }

    fn comma(&mut self, i: usize) {
        self.keep &= self.shape.comma == 0;
        // Too far in to be kept: 0, and the chunk is not kept.
        self.shape.comma = self.offset(i).and_then(|o| o.checked_add(1)).unwrap_or(0);
        self.keep &= self.shape.comma != 0;
    }

    fn brk(&mut self) {
        self.shape.breaks |= if self.shape.comma != 0 {
            BREAK_AFTER
        } else if self.word.is_some() {
            BREAK_MID
        } else {
            BREAK_BEFORE
        };
    }
}

thread_local! {
    /// The last page's word vector, for the next page: a page's words are
    /// tens of kilobytes, and allocating them afresh each time made the
    /// allocator sort its free lists on every call.
    static SPARE: Cell<Vec<Word>> = const { Cell::new(Vec::new()) };
}

/// An empty vector with room for the words of a text of `len` bytes.
fn spare_words(len: usize) -> Vec<Word> {
    let mut v = SPARE.with(Cell::take);
    v.clear();
    // Vietnamese news runs about 5.7 bytes a word: room enough that the
    // vector is not grown (and copied) halfway.
    v.reserve(len / 4);
    v
}

/// Keeps `words`' room for the thread's next page (a page of a
/// megabyte or less: a huge one would keep its memory).
pub(super) fn recycle(words: Vec<Word>) {
    if words.capacity() <= 1 << 18 {
        SPARE.with(|s| s.set(words));
    }
}

/// The words (and commas) of the text outside the findings: the pieces
/// of `lm::scan`, each word with its key. A word that overlaps a finding
/// is kept and marked as spam when its chunk (the bytes between spaces or
/// line feeds) reaches out of the finding; a chunk wholly inside one is
/// not read, and the next word carries a break. This runs over the whole
/// page, so it is most of what repair costs when the page settles the
/// word; chunks seen before (one word, with its punctuation) come from the
/// thread's cache.
pub(super) fn words_of(text: &str, findings: &[Finding]) -> Vec<Word> {
    // In text order (detection's already are).
    let mut spans: Vec<Range<usize>> = findings.iter().map(|f| f.start..f.end).collect();
    if !spans.is_sorted_by_key(|r| r.start) {
        spans.sort_by_key(|r| r.start);
    }
    let findings = spans.as_slice();
    let mut r = Reader {
        text,
        brk: true,
        out: spare_words(text.len()),
        comma: key_of(COMMA).0,
    };
    let bytes = text.as_bytes();
    let read_all = |r: &mut Reader, cache: Option<&mut WordCache>| {
        let mut cache = cache;
        let mut i = 0;
        // The first finding that does not end before `i`.
        let mut next = 0;
        while i < bytes.len() {
            match bytes.get(i) {
                Some(b' ') => {
                    i += 1;
                    continue;
                }
                Some(b'\n') => {
                    r.brk = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            while findings.get(next).is_some_and(|f| f.end <= i) {
                next += 1;
            }
            let finding = findings.get(next);
            if let Some(f) = finding.filter(|f| f.start <= i) {
                // The chunks wholly inside a finding are not read: their
                // words would be spam, which no reader of the words looks
                // at. The word after them carries a break instead, which
                // keeps it from being joined to the word before the
                // finding, as the spam between did. A chunk across the
                // finding's end is read, and its words marked.
                let inside = bytes.get(i..f.end).unwrap_or_default();
                let to = match bytes.get(f.end) {
                    None | Some(b' ' | b'\n') => f.end,
                    _ => memchr::memrchr2(b' ', b'\n', inside).map_or(i, |k| i + k + 1),
                };
                if to > i {
                    r.brk = true;
                    i = to;
                    continue;
                }
            }
            // Chunks from here to the next finding are replayed; one
            // across its start is read below, and its words marked.
            let limit = finding.map_or(usize::MAX, |f| f.start);
            if let Some(c) = cache.as_deref_mut() {
                let taken = r.replay(c, bytes, i, limit);
                if taken != i {
                    i = taken;
                    continue;
                }
            }
            let keyed = cache.as_ref().and_then(|_| ChunkKey::at_line(bytes, i));
            if let (Some((chunk, _)), Some(c)) = (keyed, cache.as_deref_mut()) {
                let (end, learnt) = r.chunk(i);
                if let Some((shape, key, lowercase)) = learnt {
                    c.put(Slot {
                        chunk,
                        key,
                        lowercase,
                        shape,
                    });
                }
                i = end;
                continue;
            }
            i = r.chunk(i).0;
        }
    };
    if text.len() < CACHE_MIN_TEXT {
        read_all(&mut r, None);
    } else {
        CACHE.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                let cache = slot.get_or_insert_with(|| WordCache {
                    slots: vec![Slot::default(); 1 << CACHE_BITS],
                });
                read_all(&mut r, Some(cache));
            }
            Err(_) => read_all(&mut r, None),
        });
    }
    mark_spam(&mut r.out, findings);
    r.out
}

/// Marks the words inside `findings` (in text order, not overlapping):
/// one walk over the words beside the findings, not a test per pushed
/// word (a binary search per finding was slower: each of its steps waits
/// for the load before).
fn mark_spam(words: &mut [Word], findings: &[Range<usize>]) {
    let mut j = 0;
    for f in findings {
        while words.get(j).is_some_and(|w| w.end() <= f.start) {
            j += 1;
        }
        // A word may span two findings: the next starts from it again.
        let mut k = j;
        while let Some(w) = words.get_mut(k).filter(|w| w.start() < f.end) {
            w.bits |= SPAM;
            k += 1;
        }
        j = k.saturating_sub(1).max(j);
    }
}

/// One occurrence's context: up to two words each side (indices into the
/// words), within its sentence, `None` past a break or another finding.
pub(super) struct Context {
    pub(super) left: [Option<usize>; 2],
    pub(super) right: [Option<usize>; 2],
}

impl Context {
    /// The context of finding `f`, its words within `free` (the text
    /// between the findings before and after it: their words are not
    /// read, and a word beyond them is no neighbour); `from` is where the
    /// words before it may start, and moves to where the next finding's
    /// may: findings come in text order, and a walk from the last one is
    /// cheaper than a binary search, whose every step waits for the load
    /// before.
    pub(super) fn of(
        text: &str,
        words: &[Word],
        f: &Finding,
        free: Range<usize>,
        from: &mut usize,
    ) -> Context {
        let mut before = *from;
        while words.get(before).is_some_and(|w| w.end() <= f.start) {
            before += 1;
        }
        let mut after = before;
        while words.get(after).is_some_and(|w| w.start() < f.end) {
            after += 1;
        }
        *from = before;
        let breaks = |gap: Range<usize>| {
            let gap = text.get(gap).unwrap_or_default();
            // Mostly one space, where the scan would find nothing.
            if gap.bytes().all(|b| b == b' ') {
                return false;
            }
            let mut broken = false;
            scan(gap, |_, p| broken |= p != Piece::Word);
            broken
        };
        let usable = |j: usize| words.get(j).filter(|w| !w.spam()).map(|_| j);
        let mut ctx = Context {
            left: [None; 2],
            right: [None; 2],
        };
        let within = |j: &usize| {
            words
                .get(*j)
                .is_some_and(|w| free.start <= w.start() && w.end() <= free.end)
        };
        if let Some(l1) = before.checked_sub(1).and_then(usable).filter(within) {
            if words.get(l1).is_some_and(|w| !breaks(w.end()..f.start)) {
                ctx.left[0] = Some(l1);
                let joined = words.get(l1).is_some_and(|w| !w.after_break());
                ctx.left[1] = l1.checked_sub(1).and_then(usable).filter(|_| joined);
            }
        }
        if let Some(r1) = usable(after).filter(within) {
            if words.get(r1).is_some_and(|w| !breaks(f.end..w.start())) {
                ctx.right[0] = Some(r1);
                ctx.right[1] =
                    usable(r1 + 1).filter(|&j| words.get(j).is_some_and(|w| !w.after_break()));
            }
        }
        ctx
    }

    /// The keys of the words around the gap (0: none): l2, l1, r1, r2.
    pub(super) fn keys(&self, words: &[Word]) -> [u64; 4] {
        let key = |j: Option<usize>| j.and_then(|j| words.get(j)).map_or(0, |w| w.key());
        [
            key(self.left[1]),
            key(self.left[0]),
            key(self.right[0]),
            key(self.right[1]),
        ]
    }
}

/// Key of an ordered pair of word keys.
fn pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Words seen in one context: (index of an example in the words, count).
type Seen = Vec<(usize, f32)>;

fn add(seen: &mut Seen, words: &[Word], j: usize) {
    let key = words.get(j).map_or(0, |w| w.key());
    match seen
        .iter_mut()
        .find(|(k, _)| words.get(*k).is_some_and(|w| w.key() == key))
    {
        Some(e) => e.1 += 1.0,
        None => seen.push((j, 1.0)),
    }
}

/// The untouched text's n-grams that share the contexts' neighbours:
/// what follows the same pair, what precedes it, what stands between the
/// same two words, and how often those two stand side by side.
#[derive(Default)]
pub(super) struct Evidence {
    after_pair: KeyMap<Seen>,
    before_pair: KeyMap<Seen>,
    between: KeyMap<Seen>,
    adjacent: KeyMap<f32>,
}

/// A set of keys that may answer "yes" for a key it does not hold (about
/// one in a hundred when it holds 40): 4,096 bits indexed by a key's top
/// bits, a memory read where a hash map costs a probe.
struct Filter([u64; 64]);

impl Default for Filter {
    fn default() -> Filter {
        Filter([0; 64])
    }
}

impl Filter {
    fn insert(&mut self, key: u64) {
        let bit = key >> 52;
        if let Some(w) = self.0.get_mut((bit >> 6) as usize) {
            *w |= 1 << (bit & 63);
        }
    }

    #[inline]
    fn may_hold(&self, key: u64) -> bool {
        let bit = key >> 52;
        self.0
            .get((bit >> 6) as usize)
            .is_some_and(|w| w >> (bit & 63) & 1 == 1)
    }
}

/// Which sides of some gap a word key may stand on ([`L1`], [`R1`]), by
/// the key's top bits: one byte read per word of the page. A stranger may
/// share a known key's bits; it then costs a little work and changes
/// nothing, as for [`Filter`].
struct Sides([u8; 4096]);

impl Default for Sides {
    fn default() -> Sides {
        Sides([0; 4096])
    }
}

impl Sides {
    fn insert(&mut self, key: u64, side: u8) {
        if let Some(f) = self.0.get_mut((key >> 52) as usize) {
            *f |= side;
        }
    }

    #[inline]
    fn of(&self, key: u64) -> u8 {
        self.0.get((key >> 52) as usize).copied().unwrap_or(0)
    }
}

/// Neighbours on the left (l1) and on the right (r1) of some gap.
const L1: u8 = 1;
const R1: u8 = 2;

/// How much a match on each kind of context counts.
const PAIR_CREDIT: f32 = 3.0;
const BETWEEN_CREDIT: f32 = 4.0;

impl Evidence {
    /// One pass over the words, keeping only the n-grams some context asks
    /// about (the rest of the page costs a flag lookup per word).
    pub(super) fn gather<'c>(words: &[Word], contexts: impl Iterator<Item = &'c [u64; 4]>) -> Self {
        // A filter may let a stranger through; the maps below are keyed by
        // exact pairs, and a context asks only for its own, so a stranger
        // costs a little work and changes nothing.
        let mut sides = Sides::default();
        let (mut left, mut right, mut mid) =
            (Filter::default(), Filter::default(), Filter::default());
        let mut any = false;
        for &[l2, l1, r1, r2] in contexts {
            if l1 != 0 {
                any = true;
                sides.insert(l1, L1);
                if l2 != 0 {
                    left.insert(pair(l2, l1));
                }
            }
            if r1 != 0 {
                any = true;
                sides.insert(r1, R1);
                if r2 != 0 {
                    right.insert(pair(r1, r2));
                }
            }
            if l1 != 0 && r1 != 0 {
                mid.insert(pair(l1, r1));
            }
        }
        let mut ev = Evidence::default();
        if !any {
            return ev;
        }
        let flag = |j: usize| words.get(j).map_or(0, |w| sides.of(w.key()));
        // Words j and j + 1 stand side by side in untouched text.
        let joined = |j: usize| {
            words.get(j).is_some_and(|w| !w.spam())
                && words
                    .get(j + 1)
                    .is_some_and(|w| !w.after_break() && !w.spam())
        };
        let key = |j: usize| words.get(j).map_or(0, |w| w.key());
        // The flag of the word before, carried: one lookup per word.
        let mut fa = flag(0);
        for i in 1..words.len() {
            let fb = flag(i);
            let fa = std::mem::replace(&mut fa, fb);
            if fa == 0 && fb == 0 || !joined(i - 1) {
                continue;
            }
            let (a, b) = (key(i - 1), key(i));
            if fa & L1 != 0 && fb & R1 != 0 && mid.may_hold(pair(a, b)) {
                *ev.adjacent.entry(pair(a, b)).or_default() += 1.0;
            }
            if !joined(i) {
                continue;
            }
            let c = key(i + 1);
            if fb & L1 != 0 && left.may_hold(pair(a, b)) {
                add(ev.after_pair.entry(pair(a, b)).or_default(), words, i + 1);
            }
            if fb & R1 != 0 && right.may_hold(pair(b, c)) {
                add(ev.before_pair.entry(pair(b, c)).or_default(), words, i - 1);
            }
            if fa & L1 != 0 && flag(i + 1) & R1 != 0 && mid.may_hold(pair(a, c)) {
                add(ev.between.entry(pair(a, c)).or_default(), words, i);
            }
        }
        ev
    }

    /// Calls `f(word index, credit, entry)` for each word the untouched
    /// text shows in this context: one word on both sides, or two on one
    /// side (`entry` names the n-gram that shows it). A
    /// single neighbour misleads: "khuyến tài" stands untouched all through
    /// an article where "khuyến học" was replaced. Returns how often the
    /// two neighbours stand side by side (evidence that nothing was there).
    pub(super) fn credit(&self, keys: &[u64; 4], mut f: impl FnMut(usize, f32, u64)) -> f32 {
        let [l2, l1, r1, r2] = *keys;
        let mut give = |map: &KeyMap<Seen>, key: u64, weight: f32, kind: u64| {
            for &(j, count) in map.get(&key).into_iter().flatten() {
                f(j, weight * count, key ^ kind);
            }
        };
        if l2 != 0 && l1 != 0 {
            give(&self.after_pair, pair(l2, l1), PAIR_CREDIT, 1);
        }
        if r1 != 0 && r2 != 0 {
            give(&self.before_pair, pair(r1, r2), PAIR_CREDIT, 2);
        }
        if l1 != 0 && r1 != 0 {
            give(&self.between, pair(l1, r1), BETWEEN_CREDIT, 3);
            return self.adjacent.get(&pair(l1, r1)).copied().unwrap_or(0.0);
        }
        0.0
    }
}

/// Where the untouched lower-case words stand, asked per phrase: a scan
/// per question while a page asks few, an index once it asks many (a page
/// of a thousand phrases must not scan its words a thousand times).
pub(super) struct Standing<'w> {
    words: &'w [Word],
    asked: Cell<usize>,
    /// Word key -> byte offsets where it stands.
    index: OnceCell<KeyMap<Vec<usize>>>,
}

/// Questions answered by scanning before the index is built.
const SCANS: usize = 4;

impl<'w> Standing<'w> {
    pub(super) fn new(words: &'w [Word]) -> Self {
        Standing {
            words,
            asked: Cell::new(0),
            index: OnceCell::new(),
        }
    }

    /// For each key of `candidates`, whether a word of that lower-case
    /// form still stands untouched at or after byte `from`.
    pub(super) fn after(&self, from: usize, candidates: &[u64]) -> Vec<bool> {
        let untouched = |w: &&Word| !w.spam() && w.lowercase();
        self.asked.set(self.asked.get() + 1);
        if self.asked.get() > SCANS {
            let index = self.index.get_or_init(|| {
                let mut index: KeyMap<Vec<usize>> = KeyMap::default();
                for w in self.words.iter().filter(untouched) {
                    index.entry(w.key()).or_default().push(w.start());
                }
                index
            });
            return candidates
                .iter()
                .map(|k| {
                    index
                        .get(k)
                        .and_then(|at| at.last())
                        .is_some_and(|&p| p >= from)
                })
                .collect();
        }
        let start = self.words.partition_point(|w| w.start() < from);
        let rest = self.words.get(start..).unwrap_or_default();
        if let [one] = candidates {
            // Key, case and not spam in one comparison: the filter's two
            // tests mispredicted on every page.
            let want = *one | LOWERCASE;
            // No early exit: the loop then vectorises, and the word is
            // mostly not there (a find-and-replace attack took it).
            let standing = rest
                .iter()
                .fold(false, |found, w| found | (w.bits & !AFTER_BREAK == want));
            return vec![standing];
        }
        let rest = rest.iter().filter(untouched);
        let mut found: KeyMap<bool> = candidates.iter().map(|&c| (c, false)).collect();
        for w in rest {
            if let Some(f) = found.get_mut(&w.key()) {
                *f = true;
            }
        }
        candidates
            .iter()
            .map(|k| found.get(k).copied().unwrap_or(false))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_lower_case_agrees_with_unicode() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let mut l = c.to_lowercase();
            let one = match (l.next(), l.next()) {
                (Some(a), None) => Some(a),
                _ => None,
            };
            assert_eq!(lower_char(c), one, "{c:?}");
        }
        assert_eq!(key_of("HỌC"), (key_of("học").0, false));
        assert_eq!(key_of("Ơn").0, key_of("ơn").0);
        assert!(key_of("học").1);
        assert_ne!(key_of("học").0, key_of("hoc").0);
        assert_ne!(key_of("a").0, key_of("\0a").0);
    }

    #[test]
    fn standing_answers_the_same_by_scan_and_by_index() {
        let text = include_str!("../../fixtures/seed/article.gold.txt");
        let words = words_of(text, &[]);
        let keys: Vec<u64> = ["học", "các", "hội", "khuyến", "xyz", "Hội"]
            .iter()
            .map(|w| key_of(w).0)
            .collect();
        let questions: Vec<(usize, Vec<u64>)> = [0, 100, text.len() / 2, text.len() - 20]
            .iter()
            .flat_map(|&from| {
                [
                    (from, keys.clone()),
                    (from, vec![keys[0]]),
                    (from, vec![keys[4]]),
                ]
            })
            .collect();
        let standing = Standing::new(&words);
        let scanned: Vec<Vec<bool>> = questions
            .iter()
            .take(SCANS)
            .map(|(from, k)| standing.after(*from, k))
            .collect();
        // Past SCANS questions the index answers: the same questions again.
        let indexed: Vec<Vec<bool>> = questions
            .iter()
            .take(SCANS)
            .map(|(from, k)| standing.after(*from, k))
            .collect();
        assert_eq!(scanned, indexed);
        assert!(standing.index.get().is_some());
        // Every answer checked against the plain definition.
        for (from, k) in &questions {
            let plain: Vec<bool> = k
                .iter()
                .map(|&key| {
                    words
                        .iter()
                        .any(|w| w.start() >= *from && w.lowercase() && w.key() == key)
                })
                .collect();
            assert_eq!(standing.after(*from, k), plain, "{from}");
        }
        assert_eq!(standing.after(0, &keys[..1]), [true]);
        assert_eq!(standing.after(0, &keys[4..5]), [false]);
    }

    /// The words as `lm::scan` reads them, keyed one by one.
    fn plain_words(text: &str) -> Vec<(Range<usize>, u64, bool, bool)> {
        let mut out = Vec::new();
        let mut brk = true;
        scan(text, |r, piece| {
            if piece == Piece::Break {
                brk = true;
                return;
            }
            let (key, lowercase) = key_of(text.get(r.clone()).unwrap_or_default());
            out.push((r, key, lowercase, std::mem::take(&mut brk)));
        });
        out
    }

    #[test]
    fn words_inside_findings_are_marked_and_no_others() {
        let seed = include_str!("../../fixtures/seed/article.spammed.txt");
        let findings = crate::Detector::new().detect(seed).findings;
        assert!(findings.len() > 70);
        // And a short page, with a finding at its end.
        let glued = "xem soi keo nha cai ngay, soi keo nha cai.";
        let mut tight = crate::Detector::new().detect(glued).findings;
        assert!(!tight.is_empty());
        for t in [(seed, &findings[..]), (glued, &tight[..])] {
            let (text, found) = t;
            let inside =
                |s: &Range<usize>| found.iter().any(|f| f.start < s.end && s.start < f.end);
            let words = words_of(text, found);
            for w in &words {
                assert_eq!(w.spam(), inside(&w.span()), "{:?}", text.get(w.span()));
            }
            // The words outside the findings are the plain scan's, and
            // one that follows words left unread carries a break.
            let plain = plain_words(text);
            let read: Vec<Range<usize>> = words.iter().map(Word::span).collect();
            let want: Vec<_> = plain
                .iter()
                .enumerate()
                .filter(|(_, w)| !inside(&w.0))
                .map(|(k, w)| {
                    let unread = k > 0 && plain.get(k - 1).is_some_and(|p| !read.contains(&p.0));
                    (w.0.clone(), w.1, w.2, w.3 || unread)
                })
                .collect();
            assert!(read.len() < plain.len(), "some words are not read");
            let got: Vec<_> = words
                .iter()
                .filter(|w| !w.spam())
                .map(|w| (w.span(), w.key(), w.lowercase(), w.after_break()))
                .collect();
            if let Some(k) = (0..got.len().max(want.len())).find(|&k| got.get(k) != want.get(k)) {
                let show = |v: &[(Range<usize>, u64, bool, bool)]| {
                    v.iter()
                        .skip(k.saturating_sub(2))
                        .take(5)
                        .map(|w| {
                            (
                                text.get(w.0.clone()).unwrap_or_default().to_string(),
                                w.2,
                                w.3,
                            )
                        })
                        .collect::<Vec<_>>()
                };
                panic!("at {k}: got {:?} want {:?}", show(&got), show(&want));
            }
        }
        // Out of order, findings are put in order first.
        let mut backwards = findings.clone();
        backwards.reverse();
        for w in words_of(seed, &backwards) {
            let inside = findings
                .iter()
                .any(|f| f.start < w.end() && w.start() < f.end);
            assert_eq!(w.spam(), inside);
        }
        tight.clear();
        assert!(words_of(glued, &tight).iter().all(|w| !w.spam()));
    }

    #[test]
    fn cached_reading_matches_the_plain_scan() {
        let seed = include_str!("../../fixtures/seed/article.spammed.txt");
        let tricky = [
            "Học,",
            "(cụm",
            "3)",
            "\"Dòng",
            "họ\"",
            "khuyến",
            "HỌC",
            "b\u{200b}óng",
            "đá.",
            "giá:",
            "1.000",
            "đồng,",
            "–",
            "x,y",
            "a\u{a0}b",
            "Việt\nNam",
            "tỉnh,\"",
            "\",học",
            "ﬁ",
            "İstanbul",
            "ΣΑΣ",
            "nghiêng",
            "khuỷu",
            ",",
            "…",
            "x",
            "𝒳y",
            "a\0b",
            "tập\",",
            ",,",
            "-,",
            "(a),",
            "\n",
            "\u{200b}",
            "a\t,",
            ",\"",
            "\"a\"",
        ];
        let mut text = String::new();
        for (i, w) in tricky.iter().cycle().take(400).enumerate() {
            text.push_str(w);
            text.push_str(if i % 7 == 3 { "  " } else { " " });
            if i % 50 == 0 {
                text.push_str(seed.get(..seed.len() / 8).unwrap_or_default());
            }
        }
        for t in [seed, text.as_str(), "ngắn, quá"] {
            for _ in 0..2 {
                let got: Vec<_> = words_of(t, &[])
                    .into_iter()
                    .map(|w| (w.span(), w.key(), w.lowercase(), w.after_break()))
                    .collect();
                assert_eq!(got, plain_words(t));
            }
        }
    }
}
