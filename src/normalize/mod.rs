//! The Vietnamese normaliser.
//!
//! Steps run in one fixed order, written once in [`Normalizer::normalize`]:
//! decoding repairs first (HTML entities, legacy encodings, mojibake), then
//! the character pass (line endings, invisible characters, spaces), then the
//! word pass (NFC, look-alike letters, tone marks), which
//! is last so that it sees words that the earlier steps have made whole.
//! Each step first checks cheaply whether the text needs it and returns the
//! text borrowed when it does not, so already-normal text costs one scan per
//! step and no allocation.

pub(crate) mod cjk;
mod encoding;
mod html;
mod quick;
mod whitespace;
mod words;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Mutex;

use serde::Serialize;

use crate::align::{chain, Edits};
pub use crate::syllable::ToneStyle;
pub use encoding::Encoding;

/// Which normalisation rules run. Every rule can be switched off; the
/// default runs every rule except HTML entity decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizeConfig {
    /// Compose to NFC, including precomposed letters followed by a
    /// combining tone mark ("Unicode tổ hợp").
    pub nfc: bool,
    /// Where tone marks go; [`ToneStyle::Keep`] leaves them alone.
    pub tone_style: ToneStyle,
    /// Ð/ð → Đ/đ and Cyrillic or Greek look-alike letters inside Latin words.
    pub confusables: bool,
    /// Remove invisible (default-ignorable) characters.
    pub invisible: bool,
    /// Exotic spaces to U+0020, collapse runs of spaces, trim line ends.
    pub spaces: bool,
    /// CRLF and CR to LF.
    pub line_endings: bool,
    /// Repair UTF-8 that was decoded as Windows-1252 or Latin-1.
    pub mojibake: bool,
    /// Legacy Vietnamese encodings that arrive as Latin-1 look-alikes.
    pub legacy: Legacy,
    /// Decode HTML character references (`&amp;`, `&#7879;`, `&acirc;`).
    pub html_entities: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            nfc: true,
            tone_style: ToneStyle::Traditional,
            confusables: true,
            invisible: true,
            spaces: true,
            line_endings: true,
            mojibake: true,
            legacy: Legacy::Detect,
            html_entities: false,
        }
    }
}

/// How to treat legacy Vietnamese encodings (TCVN3, VNI, VISCII).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Legacy {
    /// Decode only when one encoding turns most of the suspicious words into
    /// valid Vietnamese.
    #[default]
    Detect,
    /// The text is known to be in this encoding (as Latin-1 look-alikes).
    From(Encoding),
    /// Never decode.
    Off,
}

/// How many changes each rule made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NormalizeReport {
    /// Characters composed into NFC (combining marks absorbed).
    pub nfc: usize,
    /// Syllables whose tone mark was moved or un-doubled.
    pub tone_marks: usize,
    /// Look-alike letters replaced by the Vietnamese letter.
    pub confusables: usize,
    /// Invisible characters removed.
    pub invisible: usize,
    /// Runs of spaces changed (exotic spaces, collapsed runs, trimmed ends).
    pub spaces: usize,
    /// CR or CRLF line endings changed to LF.
    pub line_endings: usize,
    /// Words repaired from UTF-8 read as Windows-1252 or Latin-1.
    pub mojibake: usize,
    /// Words repaired from UTF-8 read as a CJK encoding (GBK, Big5,
    /// Shift_JIS): "C么ng" → "Công".
    pub cjk_mojibake: usize,
    /// Words of such a text left as they were: a byte of theirs was lost
    /// in the misreading (U+FFFD), or they read as no Vietnamese.
    pub cjk_unrepaired: usize,
    /// The legacy encoding the text was decoded from, if any.
    pub legacy_encoding: Option<Encoding>,
    /// Characters decoded from that legacy encoding.
    pub legacy_chars: usize,
    /// HTML character references decoded.
    pub html_entities: usize,
}

impl NormalizeReport {
    /// Total number of changes.
    pub fn total(&self) -> usize {
        self.nfc
            + self.tone_marks
            + self.confusables
            + self.invisible
            + self.spaces
            + self.line_endings
            + self.mojibake
            + self.cjk_mojibake
            + self.legacy_chars
            + self.html_entities
    }
}

/// A normalised text (borrowed when nothing changed) and its report.
#[derive(Clone, Debug)]
pub struct Normalized<'a> {
    /// The normalised text.
    pub text: Cow<'a, str>,
    /// What changed.
    pub report: NormalizeReport,
}

/// The outcome of one run of the steps.
struct Round<'a> {
    text: Cow<'a, str>,
    /// Whether another run may change the text: a decoding repair (HTML,
    /// legacy, mojibake) changed it, or the line steps changed a line that
    /// a decoding repair may now judge otherwise.
    again: bool,
}

/// Normalises Vietnamese text. Immutable, `Send + Sync`: build once, share.
///
/// # Example
/// ```
/// use vnclean::Normalizer;
///
/// let n = Normalizer::new();
/// // Decomposed input, a misplaced tone, a zero-width space, doubled spaces.
/// let out = n.normalize("Vie\u{302}\u{323}t  Nam lựơng b\u{200b}óng");
/// assert_eq!(out.text, "Việt Nam lượng bóng");
/// assert_eq!(out.report.tone_marks, 1);
/// assert_eq!(out.report.invisible, 1);
///
/// // Already-normal text comes back borrowed.
/// assert!(matches!(n.normalize("Hội khuyến học").text, std::borrow::Cow::Borrowed(_)));
/// ```
#[derive(Default)]
pub struct Normalizer {
    config: NormalizeConfig,
    /// Chunk caches for the quick scan, kept across calls (one taken per
    /// call, so threads never share one): documents of a corpus repeat the
    /// same few thousand chunks.
    scan_caches: Mutex<Vec<quick::ChunkCache>>,
    /// Caches of the word pass's chunk fixes, kept the same way.
    fix_caches: Mutex<Vec<words::FixCache>>,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Clone for Normalizer {
    fn clone(&self) -> Normalizer {
        Normalizer::with_config(self.config.clone())
    }
}

impl Normalizer {
    /// A normaliser with every default rule on.
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// A normaliser with the given rules.
    pub fn with_config(config: NormalizeConfig) -> Normalizer {
        Normalizer {
            config,
            scan_caches: Mutex::default(),
            fix_caches: Mutex::default(),
        }
    }

    /// The first scan of a text, with a cache kept across calls; only for
    /// the normaliser's own config, whose verdicts the caches hold.
    fn first_scan(&self, text: &str) -> quick::Scan {
        // Short texts gain little, and a declared legacy encoding changes
        // what the scan counts.
        if text.len() < 256 || matches!(self.config.legacy, Legacy::From(_)) {
            return quick::scan(text, &self.config);
        }
        let taken = self.scan_caches.lock().ok().and_then(|mut pool| pool.pop());
        let mut cache = taken.unwrap_or_else(|| quick::ChunkCache::new(usize::MAX));
        let scan = quick::scan_cached(text, &self.config, &mut cache);
        if let Ok(mut pool) = self.scan_caches.lock() {
            pool.push(cache);
        }
        scan
    }

    /// The rules this normaliser runs.
    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    /// Normalises `text`. Never fails and never panics; characters that no
    /// rule covers are kept as they are.
    pub fn normalize<'a>(&self, text: &'a str) -> Normalized<'a> {
        let mut report = NormalizeReport::default();
        let mut round = self.normalize_once(text, &self.config, &mut report);
        // Later runs see Unicode text: a declared legacy encoding applied
        // once is not applied again.
        let again = match self.config.legacy {
            Legacy::From(_) => Cow::Owned(NormalizeConfig {
                legacy: Legacy::Detect,
                ..self.config.clone()
            }),
            _ => Cow::Borrowed(&self.config),
        };
        // A step can make text that a decoding repair would judge otherwise
        // (a combining mark absorbed next to a misread byte, a tone moved
        // inside a misread fragment), so the text runs again while a run
        // says it may have: the result is a fixed point, as a second call
        // would find it. The line steps alone are idempotent, so most texts
        // need no second run. Bounded, for safety.
        for _ in 0..3 {
            let Cow::Owned(prev) = &round.text else { break };
            if !round.again {
                break;
            }
            let next = self.normalize_once(prev, &again, &mut report);
            let Cow::Owned(text) = next.text else { break };
            round = Round {
                text: Cow::Owned(text),
                ..next
            };
        }
        Normalized {
            text: round.text,
            report,
        }
    }

    /// Whether a line the line steps changed to `new` may now be judged
    /// otherwise by mojibake repair or HTML decoding: it has a mojibake pair
    /// or an HTML reference.
    fn decoding_evidence(&self, new: &str) -> bool {
        let cfg = &self.config;
        (cfg.mojibake && encoding::might_be_mojibake(new))
            || (cfg.html_entities && new.contains('&'))
    }

    /// One run of the steps.
    fn normalize_once<'a>(
        &self,
        text: &'a str,
        cfg: &NormalizeConfig,
        report: &mut NormalizeReport,
    ) -> Round<'a> {
        let mut scan = if std::ptr::eq(cfg, &self.config) {
            self.first_scan(text)
        } else {
            quick::scan(text, cfg)
        };
        let legacy_seen = scan.legacy;
        if scan.is_normal() {
            return Round {
                text: Cow::Borrowed(text),
                again: false,
            };
        }
        let mut cur = Cow::Borrowed(text);
        if scan.html && cfg.html_entities {
            // References first: what they stand for is text like any other,
            // which the decoding repairs below must see as it will stay.
            cur = chain(cur, |s| html::decode_entities(s, report));
            if let Cow::Owned(s) = &cur {
                scan = quick::scan(s, cfg);
            }
        }
        if scan.cjk && cfg.mojibake {
            cur = chain(cur, |s| cjk::repair(s, report));
        }
        if scan.legacy || scan.mojibake {
            let legacy_before = report.legacy_chars;
            if scan.legacy {
                cur = chain(cur, |s| encoding::decode_legacy(s, cfg.legacy, report));
            }
            // Decoding a legacy encoding can make text that the scan did
            // not see, so mojibake repair runs whenever it changed anything.
            let decoded = report.legacy_chars > legacy_before;
            if cfg.mojibake && (scan.mojibake || decoded) {
                cur = chain(cur, |s| encoding::repair_mojibake(s, report));
            }
        }
        let decoded = matches!(cur, Cow::Owned(_));
        if decoded {
            // New text: find its doubtful lines afresh.
            let local = NormalizeConfig {
                legacy: Legacy::Off,
                mojibake: false,
                html_entities: false,
                ..cfg.clone()
            };
            scan = quick::scan(&cur, &local);
        }
        // (changed a line, a changed line may now be judged otherwise,
        // legacy suspects the changes added)
        let mut lines = (false, false, 0u32);
        let mut letters = scan.letters;
        if !scan.lines.is_empty() {
            let stepped = match self.line_steps(&cur, &scan.lines, &mut lines, report) {
                Cow::Borrowed(_) => None,
                Cow::Owned(s) => Some(s),
            };
            // The scan counts the letters of doubtful lines only when they
            // can matter: here, once the steps added legacy suspects, and on
            // the text it read.
            if cfg.legacy != Legacy::Off && lines.2 > 0 {
                letters = scan.letters(&cur);
            }
            if let Some(s) = stepped {
                cur = Cow::Owned(s);
            }
        }
        Round {
            // Legacy detection weighs the whole text: once it had evidence,
            // any changed line may tip it.
            again: decoded
                || lines.1
                || (legacy_seen && lines.0)
                || (cfg.legacy != Legacy::Off
                    && lines.2 > 0
                    && quick::legacy_dense(scan.suspects.saturating_add(lines.2), letters)),
            text: cur,
        }
    }

    /// The steps whose rules never reach across a line (whitespace, then
    /// words), run on the lines the scan doubted; the others are not
    /// touched, so one odd line costs its own length, not the document's.
    /// `outcome` records whether a line changed, and whether a changed line
    /// may now be judged otherwise by a decoding repair.
    fn line_steps<'a>(
        &self,
        text: &'a str,
        lines: &[Range<usize>],
        outcome: &mut (bool, bool, u32),
        report: &mut NormalizeReport,
    ) -> Cow<'a, str> {
        let cfg = &self.config;
        let spacing = cfg.invisible || cfg.spaces || cfg.line_endings;
        let wording = cfg.nfc || cfg.confusables || cfg.tone_style != ToneStyle::Keep;
        let mut edits = Edits::new(text);
        // Fixes depend on the config only, so a cache kept across calls
        // serves every text; tiny ones are not worth the lock.
        let mut cache = (text.len() >= 256).then(|| {
            let taken = self.fix_caches.lock().ok().and_then(|mut pool| pool.pop());
            taken.unwrap_or_default()
        });
        for range in lines {
            let Some(line) = text.get(range.clone()) else {
                continue;
            };
            let mut cur = Cow::Borrowed(line);
            if spacing {
                cur = chain(cur, |s| whitespace::apply(s, cfg, report));
            }
            if wording {
                cur = chain(cur, |s| {
                    words::apply(s, cfg, report, &mut outcome.2, cache.as_mut())
                });
            }
            if let Cow::Owned(new) = cur {
                outcome.0 = true;
                outcome.1 = outcome.1 || self.decoding_evidence(&new);
                edits.replace(range.clone(), &new);
            }
        }
        if let (Some(cache), Ok(mut pool)) = (cache, self.fix_caches.lock()) {
            pool.push(cache);
        }
        edits.finish()
    }

    /// Normalises `text` into `out` (cleared first), for callers that reuse
    /// a buffer.
    pub fn normalize_to(&self, text: &str, out: &mut String) -> NormalizeReport {
        let n = self.normalize(text);
        out.clear();
        out.push_str(&n.text);
        n.report
    }
}
