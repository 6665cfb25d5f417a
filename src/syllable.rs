//! Parse one Vietnamese syllable: onset, medial, nucleus, coda and tone, and
//! where its tone mark belongs.
//!
//! A syllable is valid when its toneless spelling is in the bundled syllable
//! list (`data/syllables.txt`, 17,973 syllables), its tone is one that
//! spelling takes (stop codas -c -ch -p -t take only sắc and nặng), and it
//! carries at most one tone mark, on the vowel where one of the two
//! placement styles puts it.

use std::cell::RefCell;

use crate::tables::{tables, Letter, Mark, Tone};

/// Where a syllable's tone mark goes when it can go on either of two vowels
/// (the open rhymes -oa, -oe, -uy).
///
/// ```
/// use vnclean::{NormalizeConfig, Normalizer, ToneStyle};
///
/// let modern = Normalizer::with_config(NormalizeConfig {
///     tone_style: ToneStyle::Modern,
///     ..NormalizeConfig::default()
/// });
/// assert_eq!(modern.normalize("hòa thủy").text, "hoà thuỷ");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ToneStyle {
    /// hòa, khỏe, thủy: the older style, used by most Vietnamese news.
    #[default]
    Traditional,
    /// hoà, khoẻ, thuỷ: the style of the 1980s orthography rules.
    Modern,
    /// Leave tone marks where they are.
    Keep,
}

impl ToneStyle {
    /// The style's name: `traditional`, `modern` or `keep`.
    pub fn name(self) -> &'static str {
        match self {
            ToneStyle::Traditional => "traditional",
            ToneStyle::Modern => "modern",
            ToneStyle::Keep => "keep",
        }
    }
}

impl std::str::FromStr for ToneStyle {
    type Err = String;

    /// Reads a style's [name](ToneStyle::name).
    fn from_str(s: &str) -> Result<ToneStyle, String> {
        match s {
            "traditional" => Ok(ToneStyle::Traditional),
            "modern" => Ok(ToneStyle::Modern),
            "keep" => Ok(ToneStyle::Keep),
            _ => Err(format!(
                "unknown tone style {s:?}: expected traditional, modern or keep"
            )),
        }
    }
}

/// The shape of a letter sequence read as a syllable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Index of the first vowel of the nucleus (after the onset, which
    /// includes the u of qu- and the i of gi- before another vowel).
    pub(crate) vowels_start: usize,
    /// One past the last vowel.
    pub(crate) vowels_end: usize,
}

/// Reads `letters` as onset + vowels + coda; `None` when the sequence is not
/// shaped like a syllable (no vowel, a vowel after the coda, four vowels).
pub(crate) fn shape(letters: &[Letter]) -> Option<Shape> {
    let first = letters.iter().position(|l| l.is_vowel())?;
    let plain = |i: usize, base: u8| {
        letters
            .get(i)
            .is_some_and(|l: &Letter| l.base == base && l.mark == Mark::None)
    };
    let vowel_at = |i: usize| letters.get(i).is_some_and(|l: &Letter| l.is_vowel());
    // qu- and gi- (before another vowel): the u and the i belong to the onset.
    let onset_glide = first == 1
        && vowel_at(2)
        && ((plain(0, b'q') && plain(1, b'u')) || (plain(0, b'g') && plain(1, b'i')));
    shape_from(letters, if onset_glide { 2 } else { first })
}

/// The other reading of a gi-/qu- word, where the i or u is a vowel of the
/// rhyme (g + ia in "gìa", q + ua in "qùa"; the syllable list has both).
fn alt_shape(letters: &[Letter], primary: Shape) -> Option<Shape> {
    if primary.vowels_start != 2 || primary.vowels_end != 3 {
        return None;
    }
    let (first, vowel) = (letters.first()?, letters.get(2)?);
    // Only the diphthongs ia, iu (after g) and ua, ui (after q) make a
    // second reading; q + uy is qu + y either way.
    let diphthong = vowel.mark == Mark::None
        && match first.base {
            b'g' => matches!(vowel.base, b'a' | b'u'),
            b'q' => matches!(vowel.base, b'a' | b'i'),
            _ => false,
        };
    diphthong.then(|| shape_from(letters, 1)).flatten()
}

fn shape_from(letters: &[Letter], start: usize) -> Option<Shape> {
    let n = letters.len();
    let end = start
        + letters
            .get(start..)?
            .iter()
            .take_while(|l| l.is_vowel())
            .count();
    if end == start
        || end - start > 3
        || start > 3
        || n - end > 2
        || letters.get(end..)?.iter().any(|l| l.is_vowel())
    {
        return None;
    }
    Some(Shape {
        vowels_start: start,
        vowels_end: end,
    })
}

/// Whether a tone at `index` is where `style` puts it, in either reading.
fn placed(letters: &[Letter], sh: Shape, index: usize, style: ToneStyle) -> bool {
    index == tone_index(letters, sh, style)
        || alt_shape(letters, sh).is_some_and(|alt| index == tone_index(letters, alt, style))
}

/// The index of the letter that carries the tone mark, by rule.
pub(crate) fn tone_index(letters: &[Letter], shape: Shape, style: ToneStyle) -> usize {
    let Shape {
        vowels_start: s,
        vowels_end: e,
    } = shape;
    let vowels = letters.get(s..e).unwrap_or_default();
    // A vowel with its own diacritic takes the tone; in ươ the second one.
    if let Some(p) = vowels.iter().rposition(|l| l.mark != Mark::None) {
        return s + p;
    }
    let has_coda = e < letters.len();
    match vowels {
        [_, _, _] => s + 1,
        [a, b] if !has_coda => {
            let medial_pair =
                matches!((a.base, b.base), (b'o', b'a') | (b'o', b'e') | (b'u', b'y'));
            if medial_pair && style == ToneStyle::Modern {
                s + 1
            } else {
                s
            }
        }
        [_, _] => s + 1,
        _ => s,
    }
}

/// Facts about a word's letters, gathered once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ToneMarks {
    /// Letters that carry a tone.
    pub(crate) count: usize,
    /// The tone of the first toned letter.
    pub(crate) tone: Tone,
    /// Index of the first toned letter.
    pub(crate) index: usize,
    /// Whether all toned letters carry the same tone.
    pub(crate) uniform: bool,
}

pub(crate) fn tone_marks(letters: &[Letter]) -> ToneMarks {
    let mut m = ToneMarks {
        uniform: true,
        ..ToneMarks::default()
    };
    for (i, l) in letters.iter().enumerate() {
        if l.tone == Tone::Level {
            continue;
        }
        if m.count == 0 {
            m.tone = l.tone;
            m.index = i;
        } else if l.tone != m.tone {
            m.uniform = false;
        }
        m.count += 1;
    }
    m
}

/// Whether the toneless spelling of `letters` takes `tone`.
pub(crate) fn takes_tone(letters: &[Letter], tone: Tone) -> bool {
    tables().syllables.tones_of(letters) & tone.bit() != 0
}

/// Whether `letters` spell a valid Vietnamese syllable as written.
pub(crate) fn is_valid(letters: &[Letter]) -> bool {
    let marks = tone_marks(letters);
    if marks.count > 1 || !letters.iter().all(|l| l.is_vietnamese()) {
        return false;
    }
    if !takes_tone(letters, marks.tone) {
        return false;
    }
    if marks.count == 0 {
        return true;
    }
    let Some(sh) = shape(letters) else {
        return false;
    };
    placed(letters, sh, marks.index, ToneStyle::Traditional)
        || placed(letters, sh, marks.index, ToneStyle::Modern)
}

/// Moves the tone of `letters` to where `style` puts it, merging a doubled
/// tone. Returns `false` (and leaves `letters` alone) when the word is not a
/// syllable that takes that tone, or carries two different tones.
pub(crate) fn place_tone(letters: &mut [Letter], style: ToneStyle) -> bool {
    if style == ToneStyle::Keep {
        return false;
    }
    let marks = tone_marks(letters);
    if marks.count == 0 || !marks.uniform {
        return false;
    }
    let Some(sh) = shape(letters) else {
        return false;
    };
    if marks.count == 1 && placed(letters, sh, marks.index, style) {
        return false;
    }
    let want = tone_index(letters, sh, style);
    if !letters.iter().all(|l| l.is_vietnamese()) || !takes_tone(letters, marks.tone) {
        return false;
    }
    for (i, l) in letters.iter_mut().enumerate() {
        l.tone = if i == want { marks.tone } else { Tone::Level };
    }
    true
}

/// Decodes a word into letters: precomposed and ASCII letters, with
/// Vietnamese combining marks applied to the letter before them.
/// `None` when some character is not part of that model.
pub(crate) fn letters_of(word: &str, buf: &mut Vec<Letter>) -> Option<()> {
    decode_letters(word, buf, false)
}

/// [`letters_of`]; `lenient` also reads through what the folded view
/// erases: invisible characters are skipped and look-alike letters count as
/// the letter they imitate.
fn decode_letters(word: &str, buf: &mut Vec<Letter>, lenient: bool) -> Option<()> {
    let t = tables();
    buf.clear();
    for c in word.chars() {
        if lenient && crate::tables::is_invisible(c) {
            continue;
        }
        let letter = t
            .letters
            .letter_of(c)
            .or_else(|| lenient.then(|| t.lookalike_letter(c)).flatten())
            .or_else(|| {
                lenient
                    .then(|| crate::tables::loose_lookalike(c))
                    .flatten()
                    .map(|base| Letter {
                        base,
                        ..Letter::default()
                    })
            });
        if let Some(l) = letter {
            buf.push(l);
            continue;
        }
        let last = buf.last_mut()?;
        match crate::tables::combining_of(c)? {
            crate::tables::Combining::Tone(tone) => {
                if last.tone != Tone::Level && last.tone != tone {
                    return None;
                }
                last.tone = tone;
            }
            crate::tables::Combining::Mark(mark) => {
                if last.mark != Mark::None {
                    return None;
                }
                last.mark = mark;
                if !last.is_vietnamese() {
                    return None;
                }
            }
        }
    }
    Some(())
}

/// A word's letters without case, and its tone: what tells "lớn" from
/// "lồn", which fold alike. Built once for a lexicon's words; the text's
/// are compared with [`spelled_as`] without building one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spelling {
    letters: Box<[(u8, Mark)]>,
    tone: Tone,
}

/// The tone of a word's letters: the first that is not level.
fn tone_of(letters: &[Letter]) -> Tone {
    letters
        .iter()
        .map(|l| l.tone)
        .find(|&t| t != Tone::Level)
        .unwrap_or(Tone::Level)
}

/// The spelling of `word`, reading through invisible characters and
/// look-alike letters; `None` when it is not made of letters.
pub(crate) fn spelling(word: &str) -> Option<Spelling> {
    with_letters(|buf| {
        decode_letters(word, buf, true)?;
        Some(Spelling {
            letters: buf.iter().map(|l| (l.base, l.mark)).collect(),
            tone: tone_of(buf),
        })
    })
}

/// Whether `word` has spelling `want` (`None`: is not made of letters
/// either), as `spelling(word) == want` without building one: detection
/// asks for every accented word of every lexicon hit.
pub(crate) fn spelled_as(word: &str, want: Option<&Spelling>) -> bool {
    with_letters(|buf| match (decode_letters(word, buf, true), want) {
        (None, None) => true,
        (Some(()), Some(w)) => {
            buf.len() == w.letters.len()
                && buf
                    .iter()
                    .zip(w.letters.iter())
                    .all(|(l, &(base, mark))| l.base == base && l.mark == mark)
                && tone_of(buf) == w.tone
        }
        _ => false,
    })
}

/// A key for `word`'s spelling, case aside (letters with their marks, and
/// the tone wherever it sits: "hòa" and "hoà" share one), reading through
/// invisible characters and look-alikes; `None` when it is not made of
/// letters. What [`spelling`] compares, as a number for a map.
pub(crate) fn spelling_key(word: &str) -> Option<u64> {
    with_letters(|buf| {
        decode_letters(word, buf, true)?;
        let mut h = 0xcbf2_9ce4_8422_2325u64 ^ tone_of(buf) as u64;
        for l in buf.iter() {
            h = (h ^ l.code()).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Some(h)
    })
}

/// `word` in lower case with its look-alike letters read as the letters
/// they imitate and its invisible characters dropped ("dеp" with a
/// Cyrillic "е" is "dep"): how a language model must see it. `None` when
/// it is not made of letters.
pub(crate) fn plain_lowercase(word: &str) -> Option<String> {
    with_letters(|buf| {
        decode_letters(word, buf, true)?;
        let t = tables();
        buf.iter()
            .map(|&l| t.letters.char_of(Letter { upper: false, ..l }))
            .collect()
    })
}

/// How many letters of `word` carry a tone mark (precomposed or
/// combining): one at most in any real Vietnamese syllable.
pub(crate) fn tone_marks_in(word: &str) -> usize {
    let t = tables();
    // ASCII letters carry no tone: only the others are looked up.
    word.chars()
        .filter(|&c| {
            !c.is_ascii()
                && (t
                    .letters
                    .letter_of(c)
                    .is_some_and(|l| l.tone != Tone::Level)
                    || matches!(
                        crate::tables::combining_of(c),
                        Some(crate::tables::Combining::Tone(_))
                    ))
        })
        .count()
}

/// Whether `place_tone` would leave `word` as it is. Words longer than a
/// syllable or with letters outside the model are never re-placed.
pub(crate) fn tone_in_place(word: &str, style: ToneStyle) -> bool {
    const CAP: usize = 12;
    let t = tables();
    let mut buf = [Letter::default(); CAP];
    let mut n = 0;
    for c in word.chars() {
        let Some(l) = t.letters.letter_of(c) else {
            return true;
        };
        let Some(slot) = buf.get_mut(n) else {
            return true;
        };
        *slot = l;
        n += 1;
    }
    !place_tone(buf.get_mut(..n).unwrap_or_default(), style)
}

/// Whether `word` (one token, any normalisation form) is a valid Vietnamese
/// syllable as written: known spelling, a tone it takes, at most one tone
/// mark, placed in either the traditional or the modern style.
///
/// ```
/// assert!(vnclean::is_syllable("nghiêng"));
/// assert!(vnclean::is_syllable("thuỷ") && vnclean::is_syllable("thủy"));
/// assert!(!vnclean::is_syllable("gịớí"));
/// assert!(!vnclean::is_syllable("email"));
/// ```
pub fn is_syllable(word: &str) -> bool {
    syllable_as_read(word, false)
}

/// Whether `word` is written in Vietnamese letters only and yet is no
/// syllable: two tone marks ("gìớí"), or a tone where Vietnamese puts
/// none ("lũôn"). Words with letters of other alphabets ("Jiří", "Ðông",
/// Cyrillic) are not.
pub(crate) fn is_misspelled(word: &str) -> bool {
    with_letters(|buf| {
        decode_letters(word, buf, false).is_some()
            && !buf.is_empty()
            && buf.iter().all(|l| l.is_vietnamese())
            && !is_valid(buf)
    })
}

/// Like [`is_syllable`], but reads through what the folded view erases:
/// invisible characters are skipped and look-alike letters (Cyrillic о,
/// Ð) count as the Latin letter they imitate.
pub(crate) fn is_syllable_lenient(word: &str) -> bool {
    syllable_as_read(word, true)
}

thread_local! {
    /// The letters of the word being judged: detection, repair and model
    /// training ask about every word they weigh, and a vector allocated per
    /// question was an allocation per word.
    static LETTERS: RefCell<Vec<Letter>> = const { RefCell::new(Vec::new()) };
}

fn syllable_as_read(word: &str, lenient: bool) -> bool {
    with_letters(|buf| {
        decode_letters(word, buf, lenient).is_some() && !buf.is_empty() && is_valid(buf)
    })
}

/// Runs `f` with the thread's letter buffer (a fresh one when that is
/// taken or gone).
fn with_letters<T>(f: impl Fn(&mut Vec<Letter>) -> T) -> T {
    LETTERS
        .try_with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => {
                let out = f(&mut buf);
                // A huge "word" does not keep its room for the thread.
                if buf.capacity() > 64 {
                    *buf = Vec::new();
                }
                out
            }
            Err(_) => f(&mut Vec::with_capacity(8)),
        })
        .unwrap_or_else(|_| f(&mut Vec::with_capacity(8)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(word: &str, style: ToneStyle) -> String {
        let t = tables();
        let mut buf = Vec::new();
        letters_of(word, &mut buf).expect("letters");
        place_tone(&mut buf, style);
        buf.iter()
            .map(|&l| t.letters.char_of(l).expect("char"))
            .collect()
    }

    #[test]
    fn spelled_as_agrees_with_spelling() {
        let words = [
            "lớn",
            "lồn",
            "Lồn",
            "lôn",
            "lon",
            "lo\u{302}\u{300}n",
            "l\u{200b}ồn",
            "lоn",
            "nghiêng",
            "fb88",
            "",
            "ĐÁ",
            "đá",
            "da",
            "x\u{301}\u{300}",
        ];
        for a in words {
            for b in words {
                let want = spelling(b);
                assert_eq!(
                    spelled_as(a, want.as_ref()),
                    spelling(a) == want,
                    "{a:?} {b:?}"
                );
            }
        }
        assert!(spelled_as("Lồn", spelling("lồn").as_ref()));
        assert!(!spelled_as("lớn", spelling("lồn").as_ref()));
    }

    #[test]
    fn placement_by_rule() {
        use ToneStyle::*;
        for (input, trad, modern) in [
            ("hoà", "hòa", "hoà"),
            ("khỏe", "khỏe", "khoẻ"),
            ("thuỷ", "thủy", "thuỷ"),
            ("lựơng", "lượng", "lượng"),
            ("baỏ", "bảo", "bảo"),
            ("quý", "quý", "quý"),
            ("giưã", "giữa", "giữa"),
            ("gía", "gía", "gía"), // g + ia: listed as a syllable of its own
            ("gìn", "gìn", "gìn"),
            ("NGHIÊNG", "NGHIÊNG", "NGHIÊNG"),
            ("khủyu", "khuỷu", "khuỷu"),
            ("cuả", "của", "của"),
            ("hoàn", "hoàn", "hoàn"),
            ("huỳnh", "huỳnh", "huỳnh"),
            ("ngòai", "ngoài", "ngoài"),
            ("giữa", "giữa", "giữa"),
            ("Quốc", "Quốc", "Quốc"),
        ] {
            assert_eq!(place(input, Traditional), trad, "{input} traditional");
            assert_eq!(place(input, Modern), modern, "{input} modern");
        }
    }

    #[test]
    fn noise_and_foreign_words_do_not_parse() {
        for w in ["gịớí", "thàó", "ýêụ", "email", "server", "café"] {
            assert!(!is_syllable(w), "{w}");
        }
        for w in [
            "học", "người", "khuỷu", "quý", "giá", "gìn", "Đà", "bong", "da",
        ] {
            assert!(is_syllable(w), "{w}");
        }
    }

    #[test]
    fn syllable_list_is_loaded() {
        assert!(tables().syllables.len() > 3000);
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    /// Every line of the bundled syllable list (modern placement) parses,
    /// keeps its placement in the modern style, and round-trips through the
    /// traditional style.
    #[test]
    fn every_listed_syllable() {
        let t = tables();
        let mut buf = Vec::new();
        let mut bad = Vec::new();
        for line in include_str!("../data/syllables.txt").lines() {
            letters_of(line, &mut buf).expect("letters");
            if !is_valid(&buf) {
                bad.push(format!("invalid {line}"));
                continue;
            }
            let mut m = buf.clone();
            place_tone(&mut m, ToneStyle::Modern);
            if m != buf {
                bad.push(format!("modern moves {line}"));
            }
            let mut tr = buf.clone();
            place_tone(&mut tr, ToneStyle::Traditional);
            place_tone(&mut tr, ToneStyle::Modern);
            if tr != buf {
                let s: String = tr.iter().map(|&l| t.letters.char_of(l).unwrap()).collect();
                bad.push(format!("round trip {line} -> {s}"));
            }
        }
        assert!(
            bad.is_empty(),
            "{} bad: {:?}",
            bad.len(),
            &bad[..bad.len().min(40)]
        );
    }
}
