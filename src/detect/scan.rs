//! Overlapping Aho-Corasick scans over the folded view, four streams at a
//! time, through a transition table of this module's own.
//!
//! A DFA scan waits, at every byte, on the load of the next state, which
//! needs the state before it: one chain of dependent loads through the
//! whole text, at about seven cycles a byte on this project's machine
//! whatever else the core could do meanwhile. Scanning the four quarters of
//! a text in one loop gives the core independent chains to overlap. Each
//! quarter starts from the automaton's start state, early by the longest
//! pattern less one byte, and keeps only the matches that end in it, so
//! every match is found exactly once. (Two streams took the scan of 1 MB
//! of news from 2.3 to 1.3 ms; four gained a little more.)
//!
//! The steps themselves are [`Dense`]'s: the automaton copied into one flat
//! table of `u32` (state × byte class), with the match states numbered
//! first, so that a step is an add and a load, and the test for a match
//! one compare (2 MB for the default lexicon). The gain is less in
//! instructions (the scan of 1 MB of news went from 13.3 to 12.5 million)
//! than in keeping the four states in registers: see [`run`].

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{nfa, Anchored, MatchKind};

use super::scratch;

/// A match: pattern id, and its byte range in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Match {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

/// The automaton: a dense table, or for very large lexicons the contiguous
/// NFA it is built from (the table costs memory per state and byte class;
/// a user's list of 100,000 entries must still load quickly and fit).
#[derive(Debug)]
pub(super) enum Scanner {
    Dense(Dense),
    Nfa(nfa::contiguous::NFA),
}

/// Transition table entries above which the NFA is kept instead of
/// [`Dense`] (16 MB): the default lexicon needs 0.5 million (2 MB). At the
/// bound, 5,000 user entries, a run on the seed takes 0.16 s in all
/// against 0.05 s with the default lexicon alone.
const DENSE_MAX_ENTRIES: usize = 1 << 22;

impl Scanner {
    /// An automaton for `keys` with standard (overlapping) semantics, or
    /// `None` when it cannot be built (no keys, or too many states).
    pub fn new(keys: &[String]) -> Option<Scanner> {
        let nfa = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .ok()?;
        Some(match Dense::new(&nfa, keys) {
            Some(d) => Scanner::Dense(d),
            None => Scanner::Nfa(nfa),
        })
    }

    /// Every match in `hay`, overlapping ones included, in order of their
    /// end (and, at one end, in the automaton's order): what
    /// `AhoCorasick::find_overlapping_iter` gives.
    #[cfg(test)]
    pub fn overlapping(&self, hay: &[u8]) -> Vec<Match> {
        let mut found = Vec::new();
        self.overlapping_into(hay, &mut found);
        found
    }

    /// [`Scanner::overlapping`] into `found` (emptied first), whose
    /// capacity a caller may keep from one text to the next.
    pub fn overlapping_into(&self, hay: &[u8], found: &mut Vec<Match>) {
        found.clear();
        match self {
            Scanner::Dense(d) => overlapping(d, hay, found),
            Scanner::Nfa(a) => overlapping(&Trait(a), hay, found),
        }
    }
}

/// An Aho-Corasick automaton as one flat table.
#[derive(Debug)]
pub(super) struct Dense {
    /// Byte → its class: bytes no pattern holds share class 0 (from any
    /// state they lead back to the start), the others have one each.
    classes: [u8; 256],
    /// Row `s` (premultiplied: `s` is the row's first index) holds the
    /// next state for each class, premultiplied too.
    trans: Vec<u32>,
    start: u32,
    /// Rows below this one are the match states.
    matching: u32,
    /// For match row `s / stride`, its matches (pattern, pattern length)
    /// are `found[ends[r]..ends[r + 1]]`.
    ends: Vec<u32>,
    found: Vec<(u32, u32)>,
    stride: u32,
    /// The longest pattern's length.
    longest: usize,
}

impl Dense {
    /// The table of `a`, built for `keys`, or `None` when it would be
    /// larger than [`DENSE_MAX_ENTRIES`].
    fn new<A: Automaton>(a: &A, keys: &[String]) -> Option<Dense> {
        let mut classes = [0u8; 256];
        // Class 0's member goes first, found below.
        let mut reps: Vec<u8> = vec![0];
        for b in keys.iter().flat_map(|k| k.bytes()) {
            let c = classes.get_mut(usize::from(b))?;
            // Classes 1 to 255: of 256 distinct bytes, the last is left
            // alone in class 0.
            if *c == 0 && reps.len() <= usize::from(u8::MAX) {
                *c = u8::try_from(reps.len()).ok()?;
                reps.push(b);
            }
        }
        *reps.first_mut()? = (0..=u8::MAX).find(|&b| classes.get(usize::from(b)) == Some(&0))?;
        let stride = reps.len();
        // A trie has at most a state per key byte, and the start: past the
        // bound, the table is not tried (a user's list of 100,000 entries
        // would spend a second finding out).
        let bytes: usize = keys.iter().map(String::len).sum();
        if (bytes + 1) * stride > DENSE_MAX_ENTRIES {
            return None;
        }
        // Every state reachable from the start, breadth first.
        let start = a.start_state(Anchored::No).ok()?;
        let mut order: Vec<StateID> = vec![start];
        // State id → its place in `order` (u32::MAX: not reached yet). The
        // NFA's ids are offsets into its own table, so a vector indexed by
        // them is small, and a lookup per state and class is a load, not a
        // hash: a hash map here was half of a cleaner's start.
        let mut index: Vec<u32> = Vec::new();
        let mut next: Vec<u32> = Vec::new();
        let mut k = 0;
        fn place(index: &mut Vec<u32>, to: StateID, n: usize) -> Option<u32> {
            let id = to.as_usize();
            if id >= index.len() {
                index.resize(id + 1, u32::MAX);
            }
            let slot = index.get_mut(id)?;
            if *slot == u32::MAX {
                *slot = u32::try_from(n).ok()?;
            }
            Some(*slot)
        }
        place(&mut index, start, 0)?;
        while let Some(&sid) = order.get(k) {
            for &b in &reps {
                let to = a.next_state(Anchored::No, sid, b);
                let n = order.len();
                let i = place(&mut index, to, n)?;
                if i as usize == n {
                    order.push(to);
                }
                next.push(i);
            }
            if order.len() * stride > DENSE_MAX_ENTRIES {
                return None;
            }
            k += 1;
        }
        // Match states first, then the others, each in the order found.
        let mut row = vec![0u32; order.len()];
        let (matches, others): (Vec<usize>, Vec<usize>) =
            (0..order.len()).partition(|&i| order.get(i).is_some_and(|&s| a.is_match(s)));
        let mut ends = vec![0u32];
        let mut found = Vec::new();
        for (r, &i) in matches.iter().chain(&others).enumerate() {
            *row.get_mut(i)? = u32::try_from(r * stride).ok()?;
            if r < matches.len() {
                let sid = *order.get(i)?;
                for m in 0..a.match_len(sid) {
                    let pid = a.match_pattern(sid, m);
                    found.push((pid.as_u32(), u32::try_from(a.pattern_len(pid)).ok()?));
                }
                ends.push(u32::try_from(found.len()).ok()?);
            }
        }
        let mut trans = vec![0u32; order.len() * stride];
        for (i, tos) in next.chunks(stride).enumerate() {
            let from = *row.get(i)? as usize;
            for (c, &to) in tos.iter().enumerate() {
                *trans.get_mut(from + c)? = *row.get(to as usize)?;
            }
        }
        Some(Dense {
            classes,
            trans,
            start: *row.first()?,
            matching: u32::try_from(matches.len() * stride).ok()?,
            ends,
            found,
            stride: u32::try_from(stride).ok()?,
            longest: a.max_pattern_len(),
        })
    }
}

/// What [`overlapping`] needs of an automaton.
trait Steps {
    type State: Copy;
    fn start(&self) -> Option<Self::State>;
    fn longest(&self) -> usize;
    /// The class of byte `b`, which [`Steps::next`] takes.
    fn class(&self, b: u8) -> u8;
    fn next(&self, s: Self::State, class: u8) -> Self::State;
    /// Whether `s` may be a match state: a cheap test, [`Steps::report`]
    /// decides.
    fn may_match(&self, s: Self::State) -> bool;
    /// The matches of state `s`, reached at the end of byte `end - 1`.
    fn report(&self, s: Self::State, end: usize, out: &mut Vec<Match>);
}

impl Steps for Dense {
    type State = u32;
    fn start(&self) -> Option<u32> {
        Some(self.start)
    }
    fn longest(&self) -> usize {
        self.longest
    }
    #[inline(always)]
    fn class(&self, b: u8) -> u8 {
        self.classes.get(usize::from(b)).copied().unwrap_or(0)
    }
    #[inline(always)]
    fn next(&self, s: u32, class: u8) -> u32 {
        // Every state's row holds every class: the fallback is never taken
        // (a constant, so that it takes no register in the scan's loop).
        self.trans
            .get(s as usize + usize::from(class))
            .copied()
            .unwrap_or(0)
    }
    #[inline(always)]
    fn may_match(&self, s: u32) -> bool {
        s < self.matching
    }
    #[cold]
    fn report(&self, s: u32, end: usize, out: &mut Vec<Match>) {
        let r = (s / self.stride) as usize;
        let (Some(&from), Some(&to)) = (self.ends.get(r), self.ends.get(r + 1)) else {
            return;
        };
        for &(pattern, len) in self
            .found
            .get(from as usize..to as usize)
            .unwrap_or_default()
        {
            out.push(Match {
                pattern: pattern as usize,
                start: end - len as usize,
                end,
            });
        }
    }
}

/// An automaton stepped through `aho_corasick`'s trait.
struct Trait<'a, A>(&'a A);

impl<A: Automaton> Steps for Trait<'_, A> {
    type State = StateID;
    fn start(&self) -> Option<StateID> {
        self.0.start_state(Anchored::No).ok()
    }
    fn longest(&self) -> usize {
        self.0.max_pattern_len()
    }
    #[inline(always)]
    fn class(&self, b: u8) -> u8 {
        b
    }
    #[inline(always)]
    fn next(&self, s: StateID, b: u8) -> StateID {
        self.0.next_state(Anchored::No, s, b)
    }
    #[inline(always)]
    fn may_match(&self, s: StateID) -> bool {
        self.0.is_special(s)
    }
    #[cold]
    fn report(&self, sid: StateID, end: usize, out: &mut Vec<Match>) {
        let a = self.0;
        if !a.is_match(sid) {
            return;
        }
        for k in 0..a.match_len(sid) {
            let pid = a.match_pattern(sid, k);
            out.push(Match {
                pattern: pid.as_usize(),
                start: end - a.pattern_len(pid),
                end,
            });
        }
    }
}

/// Texts shorter than this are scanned in one stream: splitting would
/// rescan too much of them.
const SPLIT_MIN: usize = 256;

/// Streams scanned together.
const STREAMS: usize = 4;

/// Steps of the streams whose classes are gathered at a time (1 KB).
const BLOCK: usize = 256;

/// Lexicon keys are never empty (the lexicon refuses them), so no match
/// ends before the first byte: each is reported after the byte it ends at.
fn overlapping<A: Steps>(a: &A, hay: &[u8], found: &mut Vec<Match>) {
    let Some(start) = a.start() else {
        return;
    };
    let reach = a.longest().saturating_sub(1);
    let part = hay.len() / STREAMS;
    if hay.len() < SPLIT_MIN || reach >= part {
        let mut one = Stream {
            sid: start,
            at: 0,
            after: 0,
            end: hay.len(),
            found: std::mem::take(found),
        };
        one.finish(a, hay);
        *found = one.found;
        return;
    }
    // Stream k keeps the matches that end in its part, (k·part, (k+1)·part]
    // (the last to the end), and starts reading `reach` bytes before it.
    let mut streams: [Stream<A::State>; STREAMS] = std::array::from_fn(|k| Stream {
        sid: start,
        at: (k * part).saturating_sub(reach),
        after: k * part,
        end: if k + 1 == STREAMS {
            hay.len()
        } else {
            (k + 1) * part
        },
        found: scratch::take(&STREAM_FOUND),
    });
    // All step together for as long as the shortest has bytes.
    let together = streams.iter().map(|s| s.end - s.at).min().unwrap_or(0);
    let [h0, h1, h2, h3] = streams
        .each_ref()
        .map(|s| hay.get(s.at..s.at + together).unwrap_or_default());
    let mut states = [start; STREAMS];
    // The streams' classes, a block at a time, side by side: the step loop
    // ([`run`]) then walks one pointer instead of four, and has registers
    // enough for its states.
    let mut block = [[0u8; STREAMS]; BLOCK];
    let mut done = 0;
    while done < together {
        let n = BLOCK.min(together - done);
        let [p0, p1, p2, p3] = [h0, h1, h2, h3].map(|h| h.get(done..done + n).unwrap_or_default());
        for ((((q, &b0), &b1), &b2), &b3) in block.iter_mut().zip(p0).zip(p1).zip(p2).zip(p3) {
            *q = [a.class(b0), a.class(b1), a.class(b2), a.class(b3)];
        }
        let mut j = 0;
        while j < n {
            let stop;
            (stop, states) = run(a, block.get(j..n).unwrap_or_default(), states);
            j += stop;
            if j < n {
                for (s, &sid) in streams.iter_mut().zip(&states) {
                    let end = s.at + done + j + 1;
                    if a.may_match(sid) && end > s.after {
                        a.report(sid, end, &mut s.found);
                    }
                }
                j += 1;
            }
        }
        done += n;
    }
    for (s, sid) in streams.iter_mut().zip(states) {
        s.sid = sid;
        s.at += together;
    }
    for s in &mut streams {
        s.finish(a, hay);
        found.append(&mut s.found);
        let kept = std::mem::take(&mut s.found);
        let bytes = kept.capacity() * std::mem::size_of::<Match>();
        scratch::give(&STREAM_FOUND, kept, bytes);
    }
}

thread_local! {
    /// The streams' match lists, for reuse (see [`scratch`]).
    static STREAM_FOUND: std::cell::RefCell<Vec<Vec<Match>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Steps the four streams through `classes` from `states` until one
/// reaches a state that may match; returns where (the index of that step,
/// `classes.len()` if none did) and the states then. Kept out of the
/// caller, so that the reporting there does not push the states out of
/// registers onto the stack, a store and a load on each chain.
#[inline(never)]
fn run<A: Steps>(
    a: &A,
    classes: &[[u8; STREAMS]],
    states: [A::State; STREAMS],
) -> (usize, [A::State; STREAMS]) {
    let [mut s0, mut s1, mut s2, mut s3] = states;
    for (j, &[c0, c1, c2, c3]) in classes.iter().enumerate() {
        s0 = a.next(s0, c0);
        s1 = a.next(s1, c1);
        s2 = a.next(s2, c2);
        s3 = a.next(s3, c3);
        if a.may_match(s0) | a.may_match(s1) | a.may_match(s2) | a.may_match(s3) {
            return (j, [s0, s1, s2, s3]);
        }
    }
    (classes.len(), [s0, s1, s2, s3])
}

/// One stream of [`overlapping`].
struct Stream<S> {
    sid: S,
    /// The next byte to read.
    at: usize,
    /// Matches ending at or before this are another stream's.
    after: usize,
    end: usize,
    found: Vec<Match>,
}

impl<S: Copy> Stream<S> {
    /// Reads the stream's bytes from `at` to its end.
    fn finish<A: Steps<State = S>>(&mut self, a: &A, hay: &[u8]) {
        let bytes = hay.get(self.at..self.end).unwrap_or_default();
        for &b in bytes {
            self.sid = a.next(self.sid, a.class(b));
            self.at += 1;
            if a.may_match(self.sid) && self.at > self.after {
                a.report(self.sid, self.at, &mut self.found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};
    use proptest::prelude::*;

    const KEYS: &[&str] = &[
        "bong da",
        "truc tiep bong da",
        "da",
        "a",
        "fb88",
        "xoso",
        "so",
        "bong",
    ];

    fn want(kind: AhoCorasickKind, keys: &[String], hay: &str) -> Vec<Match> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(kind))
            .build(keys)
            .unwrap();
        ac.find_overlapping_iter(hay)
            .map(|m| Match {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    fn check(keys: &[String], hay: &str) {
        let want = want(AhoCorasickKind::ContiguousNFA, keys, hay);
        // The DFA and the NFA agree, and so do the table and the NFA the
        // scanner steps when the table would be too large.
        assert_eq!(want, self::want(AhoCorasickKind::DFA, keys, hay));
        let scanner = Scanner::new(keys).unwrap();
        assert!(matches!(scanner, Scanner::Dense(_)));
        assert_eq!(scanner.overlapping(hay.as_bytes()), want, "{hay:?}");
        let nfa = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .unwrap();
        assert_eq!(
            Scanner::Nfa(nfa).overlapping(hay.as_bytes()),
            want,
            "{hay:?}"
        );
    }

    #[test]
    fn split_streams_find_what_one_finds() {
        let keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
        let unit = "xem truc tiep bong da va xoso fb88 ";
        for n in [0, 1, 7, 8, 9, 30] {
            let hay = unit.repeat(n);
            check(&keys, &hay);
            // Every split point: a match across the middle, at its edges.
            for cut in 0..unit.len() {
                check(&keys, &format!("{}{}", &unit[..cut], hay));
            }
        }
    }

    proptest! {
        #[test]
        fn split_streams_agree_with_aho_corasick(
            hay in "[abdfgno8 ]{0,700}",
            keys in proptest::collection::vec("[abdo8 ]{1,12}", 1..12),
        ) {
            check(&keys, &hay);
        }

        /// Bytes of multi-byte characters, in the keys and out of them.
        #[test]
        fn the_table_agrees_with_aho_corasick_beyond_ascii(
            hay in "[abd\u{e1}\u{e0}\u{1ea1}\u{1ea3} ]{0,400}",
            keys in proptest::collection::vec("[ab\u{e1}\u{1ea1} ]{1,6}", 1..8),
        ) {
            check(&keys, &hay);
        }
    }
}
