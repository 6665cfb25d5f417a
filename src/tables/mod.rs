//! Lookup tables, built once on first use from the data files in `data/`
//! (embedded with `include_str!`) and from `unicode-normalization`.
//!
//! Callers use the typed lookups here; the raw arrays stay private.
//! Building everything takes a few milliseconds, once per process.

pub(crate) mod letters;
mod syllables;

use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) use letters::{combining_of, Combining, Letter, Mark, Tone};
pub(crate) use syllables::{pack_ascii, KeyHasher, KeyMap, KeySet, SyllableSet};

/// Every table the crate uses.
pub(crate) struct Tables {
    pub(crate) letters: letters::LetterTables,
    pub(crate) syllables: SyllableSet,
    /// Look-alike letters from other scripts → the ASCII letter they
    /// imitate: U+0100-U+05FF (Latin extensions, Greek, Cyrillic, Armenian)
    /// by index, the few others sorted for binary search.
    confusables_low: Vec<u8>,
    confusables_high: Vec<(char, u8)>,
    pub(crate) legacy: [HashMap<Vec<u8>, String>; 3],
    /// The folded ASCII byte of each two-byte character with lead byte
    /// C3-C6 (U+00C0-U+01BF), indexed `(lead - 0xC3) * 64 + (second & 0x3F)`,
    /// and of each three-byte character E1 BA xx / E1 BB xx (U+1E80-U+1EFF),
    /// indexed `(second - 0xBA) * 64 + (third & 0x3F)`; 0 where the fold
    /// needs the general path. Vietnamese letters are all in here.
    fold2: Vec<u8>,
    fold3: Vec<u8>,
    html: HashMap<&'static str, String>,
}

static TABLES: OnceLock<Tables> = OnceLock::new();

/// The process-wide tables.
#[inline]
pub(crate) fn tables() -> &'static Tables {
    TABLES.get_or_init(Tables::build)
}

const CONFUSABLE_LOW_START: usize = 0x100;
const CONFUSABLE_LOW_END: usize = 0x600;
const CONFUSABLES: &str = include_str!("../../data/confusables.tsv");
const HTML_ENTITIES: &str = include_str!("../../data/html_entities.tsv");
const TCVN3: &str = include_str!("../../data/legacy/tcvn3.tsv");
const VNI: &str = include_str!("../../data/legacy/vni.tsv");
const VISCII: &str = include_str!("../../data/legacy/viscii.tsv");
const SKELETONS: &str = include_str!("../../data/skeletons.tsv");

/// The letter a small capital stands for ("ᴏ" → o, "ɴ" → n): styled
/// titles write whole words in them. From the skeleton table's entries
/// named SMALL CAPITAL with a one-letter skeleton.
pub(crate) fn small_capital(c: char) -> Option<u8> {
    static MAP: OnceLock<HashMap<char, u8>> = OnceLock::new();
    MAP.get_or_init(|| {
        SKELETONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                let (Some(c), Some(s), Some(name)) = (cols.first(), cols.get(2), cols.get(4))
                else {
                    return None;
                };
                let c = c.chars().next()?;
                match s.as_bytes() {
                    [b] if name.contains("SMALL CAPITAL") => Some((c, *b)),
                    _ => None,
                }
            })
            .collect()
    })
    .get(&c)
    .copied()
}

/// The conventional ASCII skeleton of a letter that Unicode does not
/// decompose to ASCII letters (`data/skeletons.tsv`: ICU's Latin-ASCII
/// rules, and the names of small capitals): "ß" → "ss", "Ø" → "o",
/// "ɴ" → "n". Lower case, as the fold writes it.
pub(crate) fn skeleton(c: char) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<char, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        SKELETONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let c = cols.next()?.chars().next()?;
                let _code = cols.next()?;
                Some((c, cols.next()?))
            })
            .collect()
    })
    .get(&c)
    .copied()
}

impl Tables {
    fn build() -> Tables {
        let letters = letters::LetterTables::build();
        let syllables = SyllableSet::build(&letters);
        let mut confusables_low = vec![0u8; CONFUSABLE_LOW_END - CONFUSABLE_LOW_START];
        let mut confusables_high = Vec::new();
        for fields in data_lines(CONFUSABLES) {
            let (Some(c), Some(&[b])) = (
                fields.first().and_then(|f| parse_code_point(f)),
                fields.get(1).map(|f| f.as_bytes()),
            ) else {
                continue;
            };
            if !b.is_ascii_alphabetic() {
                continue;
            }
            match (c as usize)
                .checked_sub(CONFUSABLE_LOW_START)
                .and_then(|i| confusables_low.get_mut(i))
            {
                Some(slot) => *slot = b,
                None => confusables_high.push((c, b)),
            }
        }
        confusables_high.sort_unstable();
        let html = data_lines(HTML_ENTITIES)
            .filter_map(|fields| Some((*fields.first()?, parse_code_points(fields.get(1)?)?)))
            .collect();
        let legacy = [TCVN3, VNI, VISCII].map(|src| {
            data_lines(src)
                .filter_map(|fields| {
                    let bytes = fields
                        .first()?
                        .split(' ')
                        .map(|h| u8::from_str_radix(h, 16).ok())
                        .collect::<Option<Vec<u8>>>()?;
                    Some((bytes, parse_code_points(fields.get(1)?)?))
                })
                .collect()
        });
        let mut tables = Tables {
            letters,
            syllables,
            confusables_low,
            confusables_high,
            legacy,
            html,
            fold2: Vec::new(),
            fold3: Vec::new(),
        };
        let fold_of = |t: &Tables, cp: u32| {
            char::from_u32(cp)
                .and_then(|c| t.letters.letter_of(c).or_else(|| t.lookalike_letter(c)))
                .map_or(0, |l| l.base)
        };
        tables.fold2 = (0xC0..0x1C0).map(|cp| fold_of(&tables, cp)).collect();
        tables.fold3 = (0x1E80..0x1F00).map(|cp| fold_of(&tables, cp)).collect();
        tables
    }

    /// The folded byte of the two-byte character `lead`, `second` (lead
    /// C3-C6), or 0.
    #[inline]
    pub(crate) fn fold2(&self, lead: u8, second: u8) -> u8 {
        let i = usize::from(lead.wrapping_sub(0xC3)) * 64 + usize::from(second & 0x3F);
        self.fold2.get(i).copied().unwrap_or(0)
    }

    /// The folded byte of the three-byte character E1 `second` `third`
    /// (second BA or BB), or 0.
    #[inline]
    pub(crate) fn fold3(&self, second: u8, third: u8) -> u8 {
        let i = usize::from(second.wrapping_sub(0xBA)) * 64 + usize::from(third & 0x3F);
        self.fold3.get(i).copied().unwrap_or(0)
    }

    /// The ASCII letter a look-alike from another script imitates
    /// (Cyrillic "о" → `o`, Greek "Α" → `A`). Ð/ð are not in this table.
    #[inline]
    pub(crate) fn confusable_of(&self, c: char) -> Option<u8> {
        let cp = c as usize;
        if cp < CONFUSABLE_LOW_START {
            return None;
        }
        if let Some(&b) = self.confusables_low.get(cp - CONFUSABLE_LOW_START) {
            return (b != 0).then_some(b);
        }
        self.confusables_high
            .binary_search_by_key(&c, |&(k, _)| k)
            .ok()
            .and_then(|i| self.confusables_high.get(i))
            .map(|&(_, b)| b)
    }

    /// The Vietnamese letter a look-alike stands for: Ð/ð → Đ/đ, and the
    /// confusables table (Cyrillic "о" → o) with the case of the look-alike.
    #[inline]
    pub(crate) fn lookalike_letter(&self, c: char) -> Option<Letter> {
        if matches!(c, 'Ð' | 'ð') {
            return Some(Letter {
                base: b'd',
                mark: Mark::Stroke,
                tone: Tone::Level,
                upper: c == 'Ð',
            });
        }
        self.confusable_of(c)
            .map(|a| Letter {
                base: a.to_ascii_lowercase(),
                mark: Mark::None,
                tone: Tone::Level,
                upper: a.is_ascii_uppercase(),
            })
            .or_else(|| self.precomposed_lookalike(c))
            .or_else(|| {
                small_capital(c).map(|base| Letter {
                    base,
                    mark: Mark::None,
                    tone: Tone::Level,
                    upper: false,
                })
            })
    }

    /// A Cyrillic or Greek letter that carries its own mark and decomposes
    /// to a look-alike and a Vietnamese tone or mark ("ѐ" = Cyrillic "е" +
    /// grave, "ά" = Greek "α" + acute): the Latin letter with that mark,
    /// as its decomposition reads.
    fn precomposed_lookalike(&self, c: char) -> Option<Letter> {
        if !matches!(c as u32, 0x370..=0x4FF | 0x1F00..=0x1FFF) {
            return None;
        }
        let mut parts = [None; 3];
        let mut n = 0;
        unicode_normalization::char::decompose_canonical(c, |d| {
            if let Some(slot) = parts.get_mut(n) {
                *slot = Some(d);
            }
            n += 1;
        });
        let (Some(base), Some(m), None) = (parts[0], parts[1], parts[2]) else {
            return None;
        };
        // (With its mark, a looser look-alike passes too: "ѝ" for "ì".)
        let a = self.confusable_of(base).or_else(|| loose_lookalike(base))?;
        let mut letter = Letter {
            base: a.to_ascii_lowercase(),
            mark: Mark::None,
            tone: Tone::Level,
            upper: a.is_ascii_uppercase(),
        };
        match combining_of(m)? {
            Combining::Tone(t) => letter.tone = t,
            Combining::Mark(mark) => letter.mark = mark,
        }
        Some(letter)
    }

    /// The text of an HTML named character reference (`name` without `&`
    /// and `;`).
    pub(crate) fn html_entity(&self, name: &str) -> Option<&str> {
        self.html.get(name).map(String::as_str)
    }
}

/// Non-comment lines of a tab-separated data file, split into fields.
fn data_lines(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    src.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn parse_code_point(s: &str) -> Option<char> {
    char::from_u32(u32::from_str_radix(s.trim().strip_prefix("U+")?, 16).ok()?)
}

fn parse_code_points(s: &str) -> Option<String> {
    s.split(' ').map(parse_code_point).collect()
}

/// Default-ignorable code points (Unicode DerivedCoreProperties.txt,
/// `Default_Ignorable_Code_Point`, Unicode 15.1): invisible when rendered,
/// so an attacker can put them inside a word without changing how it looks.
const DEFAULT_IGNORABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// Whether `c` is a default-ignorable (invisible) code point.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    let cp = c as u32;
    if cp < 0xAD {
        return false;
    }
    DEFAULT_IGNORABLE
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&cp))
}

/// Invisible code points that carry meaning inside emoji and other symbol
/// sequences (ZWJ, variation selectors, tag characters): kept there.
#[inline]
pub(crate) fn is_sequence_joiner(c: char) -> bool {
    matches!(c as u32, 0x200D | 0xFE00..=0xFE0F | 0xE0020..=0xE007F)
}

/// Space characters other than U+0020 that render as an ordinary space.
#[inline]
pub(crate) fn is_exotic_space(c: char) -> bool {
    matches!(c as u32, 0xA0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000)
}

/// Letters that imitate a Latin letter closely enough for spam evasion
/// ("boпg" with Cyrillic п) but not by the strict UTS #39 standard that the
/// normaliser's repairs follow. Matching may be looser than repairing: the
/// folded view changes no text.
pub(crate) fn loose_lookalike(c: char) -> Option<u8> {
    Some(match c {
        'п' | 'П' | 'ո' | 'η' => b'n',
        'ε' | 'Ε' | 'є' | 'Є' => b'e',
        'κ' | 'к' | 'К' => b'k',
        'τ' | 'т' | 'Т' => b't',
        'χ' => b'x',
        'ν' => b'v',
        // "ѝ" (Cyrillic и with a grave) passes for "ì": и folds to "i" so
        // that the precomposed letter and its decomposition fold alike.
        'ι' | 'и' | 'И' => b'i',
        'ω' | 'ш' => b'w',
        'ѕ' | 'Ѕ' => b's',
        'ԁ' => b'd',
        'ս' => b'u',
        'հ' | 'Һ' | 'һ' => b'h',
        'м' | 'М' => b'm',
        'в' | 'В' => b'b',
        'г' => b'r',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load() {
        let t = tables();
        assert_eq!(t.confusable_of('о'), Some(b'o'), "Cyrillic o");
        assert_eq!(t.confusable_of('Α'), Some(b'A'), "Greek Alpha");
        assert_eq!(t.html_entity("acirc"), Some("â"));
        assert_eq!(t.html_entity("amp"), Some("&"));
        assert!(t.legacy.iter().all(|m| m.len() > 100));
    }

    #[test]
    fn invisible_and_spaces() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
        ] {
            assert!(is_invisible(c), "{:04X}", c as u32);
        }
        for c in ['a', ' ', '\u{A0}', 'ệ', '\u{2028}'] {
            assert!(!is_invisible(c), "{:04X}", c as u32);
        }
        assert!(is_exotic_space('\u{A0}') && is_exotic_space('\u{3000}'));
        assert!(!is_exotic_space(' ') && !is_exotic_space('\u{200B}'));
    }
}
