//! How suspicious an unaccented syllable is: "lich" is nearly always written
//! "lịch", so a bare "lich" amid accented text is a sign of pasted SEO
//! phrases; "trong", "cho", "xem" are ordinary words without marks.
//!
//! The rates come from `data/unmarked.tsv`, counted over Vietnamese
//! Wikipedia by `scripts/gen_unmarked.py`.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::tables::{pack_ascii, tables, KeyHasher, KeyMap};

static UNMARKED: &str = include_str!("../../data/unmarked.tsv");
static PLAIN_BIGRAMS: &str = include_str!("../../data/plain_bigrams.tsv");

/// Suspicion of a skeleton too rare in the counts to have a rate: a rare
/// syllable is rarely written bare on purpose, but the evidence is thin.
const RARE: f32 = 0.7;

/// Per skeleton: (share written with marks, occurrences).
fn rates() -> &'static KeyMap<(f32, u32)> {
    static RATES: OnceLock<KeyMap<(f32, u32)>> = OnceLock::new();
    RATES.get_or_init(|| {
        let mut map = KeyMap::default();
        for line in UNMARKED.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(key), Some(total), Some(plain)) = (
                cols.next().and_then(|k| pack_ascii(k.as_bytes())),
                cols.next().and_then(|n| n.parse::<f32>().ok()),
                cols.next().and_then(|n| n.parse::<f32>().ok()),
            ) else {
                continue;
            };
            // Laplace-smoothed share of occurrences written with marks.
            map.insert(key, (1.0 - (plain + 1.0) / (total + 2.0), total as u32));
        }
        map
    })
}

/// How often the counted text writes the skeleton bare, as it is (about 0
/// when rare or not a syllable).
pub(crate) fn bare_frequency(folded: &[u8]) -> f32 {
    pack_ascii(folded)
        .and_then(|k| rates().get(&k))
        .map_or(0.0, |&(marked, n)| (1.0 - marked) * n as f32)
}

/// The share of the skeleton's occurrences in the counted text written
/// with a capital away from the start of a sentence: how much it is a
/// name's ("nguyen" 0.4, "vay" 0.003). `None` when the counts do not know
/// it.
pub(crate) fn name_share(folded: &[u8]) -> Option<f32> {
    names().get(&pack_ascii(folded)?).copied()
}

/// Per skeleton, [`name_share`].
fn names() -> &'static KeyMap<f32> {
    static NAMES: OnceLock<KeyMap<f32>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map = KeyMap::default();
        for line in UNMARKED.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(key), Some(total), Some(capital)) = (
                cols.first().and_then(|k| pack_ascii(k.as_bytes())),
                cols.get(1).and_then(|n| n.parse::<f32>().ok()),
                cols.get(3).and_then(|n| n.parse::<f32>().ok()),
            ) else {
                continue;
            };
            map.insert(key, capital / total.max(1.0));
        }
        map
    })
}

/// How often the skeleton occurs in the counted text (0 when rare or not
/// a syllable).
pub(crate) fn frequency(folded: &[u8]) -> u32 {
    pack_ascii(folded)
        .and_then(|k| rates().get(&k))
        .map_or(0, |&(_, n)| n)
}

type PairSet = HashSet<(u64, u64), BuildHasherDefault<KeyHasher>>;

fn plain_pairs() -> &'static PairSet {
    static PAIRS: OnceLock<PairSet> = OnceLock::new();
    PAIRS.get_or_init(|| {
        PLAIN_BIGRAMS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (a, b) = l.split('\t').next()?.split_once(' ')?;
                Some((pack_ascii(a.as_bytes())?, pack_ascii(b.as_bytes())?))
            })
            .collect()
    })
}

/// Whether real text often writes this pair of syllables bare together
/// ("tai nghe", "Gia Lai", "Tây Ban Nha"): then neither is suspicious there.
pub(crate) fn is_plain_pair(a: &[u8], b: &[u8]) -> bool {
    match (pack_ascii(a), pack_ascii(b)) {
        (Some(a), Some(b)) => plain_pairs().contains(&(a, b)),
        _ => false,
    }
}

/// The suspicion in `[0, 1]` of an unaccented token: the share of real
/// text that writes this skeleton with marks. `None` when the token is not
/// the skeleton of any Vietnamese syllable (a brand, an English word, a
/// number).
pub(crate) fn suspicion(folded: &[u8]) -> Option<f32> {
    suspicions().get(&pack_ascii(folded)?).copied()
}

/// Every syllable skeleton, spelled out, with its [`suspicion`].
pub(crate) fn skeleton_suspicions() -> impl Iterator<Item = (Vec<u8>, f32)> {
    suspicions().iter().map(|(&key, &s)| {
        // Undoes `pack_ascii`: six bits a letter, the first letter highest.
        let mut word = Vec::new();
        let mut k = key;
        while k != 0 {
            word.push(b'a' + (k & 63) as u8 - 1);
            k >>= 6;
        }
        word.reverse();
        (word, s)
    })
}

/// Per skeleton: its suspicion, from its rate or [`RARE`]; one map, since
/// detection asks for most unaccented words of a page.
fn suspicions() -> &'static KeyMap<f32> {
    static SUSPICIONS: OnceLock<KeyMap<f32>> = OnceLock::new();
    SUSPICIONS.get_or_init(|| {
        let mut map: KeyMap<f32> = tables().syllables.skeletons().map(|k| (k, RARE)).collect();
        map.extend(rates().iter().map(|(&k, &(s, _))| (k, s)));
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spam_words_are_suspicious_and_plain_words_are_not() {
        for w in [
            "lich", "truyen", "hinh", "truc", "tiep", "bong", "keo", "cuoc",
        ] {
            assert!(suspicion(w.as_bytes()).unwrap() > 0.9, "{w}");
        }
        for w in ["trong", "cho", "xem", "anh", "in"] {
            assert!(suspicion(w.as_bytes()).unwrap() < 0.5, "{w}");
        }
        assert_eq!(suspicion(b"fb88"), None);
        assert_eq!(suspicion(b"online"), None);
        assert!(is_plain_pair(b"tai", b"nghe") && is_plain_pair(b"gia", b"lai"));
        assert!(!is_plain_pair(b"bong", b"da") && !is_plain_pair(b"nha", b"cai"));
    }
}
