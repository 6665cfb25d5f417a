//! Spam phrase lists: the embedded default (`data/lexicon.tsv`) and users'
//! own files in the same format.
//!
//! A line is `phrase<TAB>category<TAB>weight<TAB>flags`; everything after
//! the phrase may be left out (category `other`, weight 1, no flags), so a
//! plain list of phrases is a valid lexicon too. Blank lines and lines
//! starting with `#` are skipped. Phrases are written in their natural
//! (accented) spelling: matching runs on the folded view, so one entry
//! covers every case, accent and look-alike variant.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::fold::fold;

/// What kind of spam an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Football streaming sites and phrases ("xem bóng đá trực tuyến").
    Streaming,
    /// Betting ("soi kèo nhà cái").
    Betting,
    /// Lottery ("xổ số miền bắc", "soi cầu", "lô đề").
    Lottery,
    /// Casino and card games ("game bài đổi thưởng", "nổ hũ").
    Casino,
    /// Bookmaker and casino brands ("fb88", "188bet").
    Brand,
    /// Loan spam ("vay tiền online").
    Loan,
    /// Adult content.
    Adult,
    /// Pharmaceutical spam.
    Pharma,
    /// App and game downloads, mods, hacks, cracks and premium accounts
    /// ("tải game mod apk", "hack kim cương").
    App,
    /// SEO, marketing and social-media services, fake engagement and
    /// make-money schemes ("dịch vụ backlink", "buff like").
    Seo,
    /// Anything else a user lists.
    Other,
}

impl Category {
    /// The name used in lexicon files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Streaming => "streaming",
            Category::Betting => "betting",
            Category::Lottery => "lottery",
            Category::Casino => "casino",
            Category::Brand => "brand",
            Category::Loan => "loan",
            Category::Adult => "adult",
            Category::Pharma => "pharma",
            Category::App => "app",
            Category::Seo => "seo",
            Category::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<Category> {
        Some(match s {
            "streaming" => Category::Streaming,
            "betting" => Category::Betting,
            "lottery" => Category::Lottery,
            "casino" => Category::Casino,
            "brand" => Category::Brand,
            "loan" => Category::Loan,
            "adult" => Category::Adult,
            "pharma" => Category::Pharma,
            "app" => Category::App,
            "seo" => Category::Seo,
            "other" => Category::Other,
            _ => return None,
        })
    }
}

/// One phrase of a [`Lexicon`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// The phrase as written in the list ("soi kèo nhà cái").
    pub phrase: String,
    /// Its folded form, the matching key ("soi keo nha cai").
    pub key: String,
    /// What kind of spam it is.
    pub category: Category,
    /// How strongly one occurrence signals spam, in `(0, 1]`.
    pub weight: f32,
    /// Whether the phrase is spam evidence even in its proper accented
    /// spelling in running text (a brand, "soi kèo"), rather than only when
    /// it stands unaccented amid accented text ("bóng đá").
    pub suspect: bool,
    /// Whether it is matched glued to neighbouring words
    /// ("xosomienbacvn88").
    pub glue: bool,
}

impl Entry {
    /// Whether it is written in a script without Latin letters (Han, kana,
    /// Hangul: a keyword hack's "博彩"): matched as any entry is, but no
    /// part of the vocabulary that Vietnamese phrases are weighed by.
    pub(crate) fn in_other_script(&self) -> bool {
        !self.key.bytes().any(|b| b.is_ascii_alphanumeric())
    }

    /// Its key with the spaces taken out, as it is matched glued
    /// ("soikeonhacai").
    pub(crate) fn glued_key(&self) -> String {
        self.key.split(' ').collect()
    }
}

/// A lexicon file line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    /// Where the list came from (a path, or `<default>`).
    pub origin: String,
    /// 1-based line number, 0 when the file itself could not be read.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(f, "{}:{}: {}", self.origin, self.line, self.message)
        }
    }
}

impl std::error::Error for LexiconError {}

/// A list of spam phrases with their categories and weights.
///
/// # Example
/// ```
/// use vnclean::{Category, Lexicon};
///
/// let mut lex = Lexicon::default();
/// assert!(lex.len() > 100);
/// lex.extend(Lexicon::parse("kèo thơm hôm nay\tbetting\t0.9\tsuspect", "mine.tsv")?);
/// let e = lex.entries().iter().find(|e| e.key == "keo thom hom nay").unwrap();
/// assert_eq!(e.category, Category::Betting);
/// # Ok::<(), vnclean::LexiconError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Key → index in `entries`, so that merging stays linear.
    index: HashMap<String, usize>,
}

static DEFAULT_TSV: &str = include_str!("../data/lexicon.tsv");

impl Default for Lexicon {
    /// The embedded default lexicon (`data/lexicon.tsv`).
    fn default() -> Lexicon {
        static DEFAULT: OnceLock<Lexicon> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                // The embedded list is checked by a test; were a line bad
                // anyway, the rest of the list still loads.
                let mut lex = Lexicon::empty();
                for (n, line) in DEFAULT_TSV.lines().enumerate() {
                    if let Ok(Some(e)) = parse_line(line, "<default>", n + 1) {
                        lex.push(e);
                    }
                }
                lex
            })
            .clone()
    }
}

impl Lexicon {
    /// A lexicon with no entries.
    pub fn empty() -> Lexicon {
        Lexicon {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Reads a lexicon from text in the lexicon file format; `origin` names
    /// it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon::empty();
        for (n, line) in text.lines().enumerate() {
            if let Some(e) = parse_line(line, origin, n + 1)? {
                lex.push(e);
            }
        }
        Ok(lex)
    }

    /// Reads a lexicon file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Lexicon, LexiconError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| LexiconError {
            origin: origin.clone(),
            line: 0,
            message: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let good = e.as_bytes().get(..e.utf8_error().valid_up_to());
            let line = good.map_or(0, |g| g.iter().filter(|&&b| b == b'\n').count()) + 1;
            LexiconError {
                origin: origin.clone(),
                line,
                message: "invalid UTF-8".into(),
            }
        })?;
        Lexicon::parse(&text, &origin)
    }

    /// Adds the entries of `other`; an entry whose key is already present
    /// replaces the old one, so a user's list can re-weigh a default entry.
    pub fn extend(&mut self, other: Lexicon) {
        for e in other.entries {
            self.push(e);
        }
    }

    fn push(&mut self, e: Entry) {
        match self
            .index
            .get(&e.key)
            .and_then(|&i| self.entries.get_mut(i))
        {
            Some(old) => *old = e,
            None => {
                self.index.insert(e.key.clone(), self.entries.len());
                self.entries.push(e);
            }
        }
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn parse_line(line: &str, origin: &str, n: usize) -> Result<Option<Entry>, LexiconError> {
    let line = line.trim_end_matches('\r');
    if line.trim().is_empty() || line.trim_start().starts_with('#') {
        return Ok(None);
    }
    let err = |message: String| LexiconError {
        origin: origin.to_string(),
        line: n,
        message,
    };
    let mut cols = line.split('\t').map(str::trim);
    let phrase = cols.next().unwrap_or_default();
    let key = fold(phrase).as_str().trim().to_string();
    if key.is_empty() {
        return Err(err(format!(
            "phrase {phrase:?} has no letters or digits to match"
        )));
    }
    let category = match cols.next().filter(|c| !c.is_empty()) {
        None => Category::Other,
        Some(c) => Category::parse(c).ok_or_else(|| {
            err(format!(
                "unknown category {c:?} (streaming, betting, lottery, casino, brand, loan, adult, pharma, app, seo, other)"
            ))
        })?,
    };
    let weight = match cols.next().filter(|c| !c.is_empty()) {
        None => 1.0,
        Some(w) => match w.parse::<f32>() {
            Ok(w) if w > 0.0 && w <= 1.0 => w,
            _ => return Err(err(format!("weight {w:?} is not a number in (0, 1]"))),
        },
    };
    let (mut suspect, mut glue) = (false, false);
    if let Some(flags) = cols.next() {
        for flag in flags.split(',').map(str::trim) {
            match flag {
                "suspect" => suspect = true,
                "glue" => glue = true,
                "-" | "" => {}
                other => {
                    return Err(err(format!(
                        "unknown flag {other:?} (suspect, glue, or - for none)"
                    )))
                }
            }
        }
    }
    if let Some(extra) = cols.next() {
        return Err(err(format!("unexpected fifth column {extra:?}")));
    }
    Ok(Some(Entry {
        phrase: phrase.to_string(),
        key,
        category,
        weight,
        suspect,
        glue,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_parses_without_errors() {
        let lex = Lexicon::parse(DEFAULT_TSV, "data/lexicon.tsv").unwrap();
        assert_eq!(lex.len(), Lexicon::default().len());
        assert!(lex.len() > 200, "{}", lex.len());
        let e = lex.entries().iter().find(|e| e.key == "fb88").unwrap();
        assert!(e.suspect && e.category == Category::Brand);
    }

    #[test]
    fn plain_phrase_lists_and_errors() {
        let lex = Lexicon::parse(
            "# mine\nSoi Kèo  Nhà Cái\n\nkuwin\tbrand\t1\tsuspect,glue\n",
            "x",
        )
        .unwrap();
        assert_eq!(lex.entries()[0].key, "soi keo nha cai");
        assert_eq!(lex.entries()[0].category, Category::Other);
        assert!(lex.entries()[1].glue);
        let e = Lexicon::parse("a\nb\tcasinos\n", "f.tsv").unwrap_err();
        assert_eq!((e.line, e.origin.as_str()), (2, "f.tsv"));
        assert!(e.to_string().starts_with("f.tsv:2: unknown category"));
        assert!(Lexicon::parse("x\tbrand\t1.5\n", "f").is_err());
        assert!(Lexicon::parse("x\tbrand\t1\tsticky\n", "f").is_err());
        assert!(Lexicon::parse("!!!\n", "f").is_err());
    }

    #[test]
    fn later_entries_replace_earlier_ones() {
        let mut lex = Lexicon::parse("bóng đá\tstreaming\t0.3\n", "a").unwrap();
        lex.extend(Lexicon::parse("BONG DA\tstreaming\t0.9\tsuspect\n", "b").unwrap());
        assert_eq!(lex.len(), 1);
        assert!(lex.entries()[0].suspect);
    }
}
