//! Overlapping Aho-Corasick scans over the folded view, four streams at a
//! time.
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

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa, Anchored, MatchKind};

/// A match: pattern id, and its byte range in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Match {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

/// The automaton: a DFA, or for very large lexicons a contiguous NFA (a
/// DFA costs memory per pattern byte; a user's list of 100,000 entries
/// must still load quickly).
#[derive(Debug)]
pub(super) enum Scanner {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

/// Pattern bytes above which the NFA is built instead of the DFA.
const DFA_MAX_BYTES: usize = 200_000;

impl Scanner {
    /// An automaton for `keys` with standard (overlapping) semantics, or
    /// `None` when it cannot be built (no keys, or too many states).
    pub fn new(keys: &[String]) -> Option<Scanner> {
        let bytes: usize = keys.iter().map(String::len).sum();
        if bytes < DFA_MAX_BYTES {
            dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(keys)
                .ok()
                .map(Scanner::Dfa)
        } else {
            nfa::contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(keys)
                .ok()
                .map(Scanner::Nfa)
        }
    }

    /// Every match in `hay`, overlapping ones included, in order of their
    /// end (and, at one end, in the automaton's order): what
    /// `AhoCorasick::find_overlapping_iter` gives.
    pub fn overlapping(&self, hay: &[u8]) -> Vec<Match> {
        match self {
            Scanner::Dfa(a) => overlapping(a, hay),
            Scanner::Nfa(a) => overlapping(a, hay),
        }
    }
}

/// Texts shorter than this are scanned in one stream: splitting would
/// rescan too much of them.
const SPLIT_MIN: usize = 256;

/// Streams scanned together.
const STREAMS: usize = 4;

/// Lexicon keys are never empty (the lexicon refuses them), so no match
/// ends before the first byte: each is reported after the byte it ends at.
fn overlapping<A: Automaton>(a: &A, hay: &[u8]) -> Vec<Match> {
    let mut found = Vec::new();
    let Ok(start) = a.start_state(Anchored::No) else {
        return found;
    };
    let reach = a.max_pattern_len().saturating_sub(1);
    let part = hay.len() / STREAMS;
    if hay.len() < SPLIT_MIN || reach >= part {
        let mut one = Stream {
            sid: start,
            at: 0,
            after: 0,
            end: hay.len(),
            found,
        };
        while one.at < one.end {
            one.step(a, hay);
        }
        return one.found;
    }
    // Stream k keeps the matches that end in its part, (k·part, (k+1)·part]
    // (the last to the end), and starts reading `reach` bytes before it.
    let mut streams: [Stream; STREAMS] = std::array::from_fn(|k| Stream {
        sid: start,
        at: (k * part).saturating_sub(reach),
        after: k * part,
        end: if k + 1 == STREAMS {
            hay.len()
        } else {
            (k + 1) * part
        },
        found: Vec::new(),
    });
    // All step together for as long as the shortest has bytes, their
    // states in locals: in the array, every step would store a state and
    // load it back, putting a store and a load on each stream's chain.
    let together = streams.iter().map(|s| s.end - s.at).min().unwrap_or(0);
    let [a0, a1, a2, a3] = streams.each_ref().map(|s| s.at);
    let [mut s0, mut s1, mut s2, mut s3] = [start; STREAMS];
    let byte = |at: usize| hay.get(at).copied().unwrap_or(0);
    for j in 0..together {
        s0 = a.next_state(Anchored::No, s0, byte(a0 + j));
        s1 = a.next_state(Anchored::No, s1, byte(a1 + j));
        s2 = a.next_state(Anchored::No, s2, byte(a2 + j));
        s3 = a.next_state(Anchored::No, s3, byte(a3 + j));
        if a.is_special(s0) | a.is_special(s1) | a.is_special(s2) | a.is_special(s3) {
            for (s, sid) in streams.iter_mut().zip([s0, s1, s2, s3]) {
                let end = s.at + j + 1;
                if a.is_special(sid) && end > s.after {
                    report(a, sid, end, &mut s.found);
                }
            }
        }
    }
    for (s, sid) in streams.iter_mut().zip([s0, s1, s2, s3]) {
        s.sid = sid;
        s.at += together;
    }
    for s in &mut streams {
        while s.at < s.end {
            s.step(a, hay);
        }
        found.append(&mut s.found);
    }
    found
}

/// One stream of [`overlapping`].
struct Stream {
    sid: StateID,
    /// The next byte to read.
    at: usize,
    /// Matches ending at or before this are another stream's.
    after: usize,
    end: usize,
    found: Vec<Match>,
}

impl Stream {
    #[inline(always)]
    fn step<A: Automaton>(&mut self, a: &A, hay: &[u8]) {
        let b = hay.get(self.at).copied().unwrap_or(0);
        self.sid = a.next_state(Anchored::No, self.sid, b);
        self.at += 1;
        if a.is_special(self.sid) && self.at > self.after {
            report(a, self.sid, self.at, &mut self.found);
        }
    }
}

/// The matches of state `sid`, reached at the end of byte `end - 1`.
#[cold]
fn report<A: Automaton>(a: &A, sid: StateID, end: usize, out: &mut Vec<Match>) {
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
        let dfa = dfa::Builder::new()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .unwrap();
        let nfa = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .build(keys)
            .unwrap();
        assert_eq!(
            Scanner::Dfa(dfa).overlapping(hay.as_bytes()),
            want(AhoCorasickKind::DFA, keys, hay),
            "{hay:?}"
        );
        assert_eq!(
            Scanner::Nfa(nfa).overlapping(hay.as_bytes()),
            want(AhoCorasickKind::ContiguousNFA, keys, hay),
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
    }
}
