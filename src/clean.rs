//! The whole job on one document: find the spam, then strip it (or only
//! report it), and normalise what is left.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::detect::{Action, Detector, Finding, Verdict};
use crate::lexicon::{Lexicon, LexiconError};
use crate::lm::{LanguageModel, LmError};
use crate::normalize::{NormalizeConfig, Normalizer, ToneStyle};
use crate::strip::{edit_mapped, Edit};

/// What [`Cleaner::clean`] does with the spam it finds. A [`Cleaner`]
/// strips unless told otherwise (the cheapest, and what a caller that
/// only wants spam gone expects); the command line repairs by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Cut each finding out and tidy the seams.
    #[default]
    Strip,
    /// Change nothing (normalisation included); only report.
    Flag,
    /// Put back the word each phrase displaced, where the evidence is
    /// strong enough; cut the rest.
    Repair,
}

impl Mode {
    /// The mode's name: `strip`, `flag` or `repair`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Strip => "strip",
            Mode::Flag => "flag",
            Mode::Repair => "repair",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;

    /// Reads a mode's [name](Mode::name).
    fn from_str(s: &str) -> Result<Mode, String> {
        match s {
            "strip" => Ok(Mode::Strip),
            "flag" => Ok(Mode::Flag),
            "repair" => Ok(Mode::Repair),
            _ => Err(format!(
                "unknown mode {s:?}: expected repair, strip or flag"
            )),
        }
    }
}

/// A [`Cleaner`] described by its options and files: what the command
/// line, the Python package and a service share, so that the same options
/// give the same cleaner everywhere, and a cleaner can be rebuilt from its
/// description in another process. The defaults are the command line's
/// (repair, normalised, the default lexicon and model).
///
/// # Example
/// ```
/// use vnclean::{CleanerOptions, Mode};
///
/// let options = CleanerOptions { mode: Mode::Strip, ..CleanerOptions::default() };
/// let cleaner = options.build().unwrap();
/// assert_eq!(cleaner.clean("Hội khuyến học, xem soi keo nha cai ngay.").text, "Hội khuyến học, xem ngay.");
///
/// let missing = CleanerOptions { lexicons: vec!["no/such.tsv".into()], ..CleanerOptions::default() };
/// assert!(missing.build().unwrap_err().to_string().starts_with("no/such.tsv: "));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CleanerOptions {
    /// What is done with findings.
    pub mode: Mode,
    /// Normalise the text (with `tone_style`); else it changes only where
    /// spam is cut.
    pub normalize: bool,
    /// Where tone marks go when normalising.
    pub tone_style: ToneStyle,
    /// Lexicon files added to the default lexicon (or used alone).
    pub lexicons: Vec<PathBuf>,
    /// Start from the embedded default lexicon.
    pub default_lexicon: bool,
    /// A language model file for repair instead of the embedded one.
    pub lm: Option<PathBuf>,
}

impl Default for CleanerOptions {
    fn default() -> Self {
        CleanerOptions {
            mode: Mode::Repair,
            normalize: true,
            tone_style: ToneStyle::Traditional,
            lexicons: Vec::new(),
            default_lexicon: true,
            lm: None,
        }
    }
}

/// Why [`CleanerOptions::build`] failed: a file that could not be read,
/// named in the message (with its line, for a lexicon).
#[derive(Clone, Debug, PartialEq)]
pub enum BuildError {
    /// A lexicon file is missing or has a bad line.
    Lexicon(LexiconError),
    /// The language model file is missing or not a model.
    Model(LmError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Lexicon(e) => e.fmt(f),
            BuildError::Model(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

impl CleanerOptions {
    /// Reads the files and builds the cleaner.
    pub fn build(&self) -> Result<Cleaner, BuildError> {
        let mut lexicon = if self.default_lexicon {
            Lexicon::default()
        } else {
            Lexicon::empty()
        };
        for path in &self.lexicons {
            lexicon.extend(Lexicon::from_file(path).map_err(BuildError::Lexicon)?);
        }
        let normalizer = self.normalize.then(|| {
            Normalizer::with_config(NormalizeConfig {
                tone_style: self.tone_style,
                ..NormalizeConfig::default()
            })
        });
        let mut cleaner = Cleaner::from_detector(Detector::with_lexicon(lexicon))
            .with_normalizer(normalizer)
            .with_mode(self.mode);
        if let Some(path) = &self.lm {
            cleaner = cleaner
                .with_language_model(LanguageModel::from_file(path).map_err(BuildError::Model)?);
        }
        Ok(cleaner)
    }
}

/// The language model repair consults.
#[derive(Debug)]
enum Model {
    Embedded,
    Own(Box<LanguageModel>),
}

/// Which text the report's offsets point into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The text as given (the usual case).
    Input,
    /// The normalised text: the input was in a legacy encoding, mojibake
    /// or HTML entities, where spam can only be read after decoding; or it
    /// hid words with invisible characters or look-alike letters, and what
    /// was read in it as given left spam that the normalised text (what
    /// cleaning the output again reads) shows.
    Normalized,
}

/// The report on one document: the JSON object the CLI writes under
/// `--report-field`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The document's verdict.
    pub verdict: Verdict,
    /// How sure, in `[0, 1]`.
    pub score: f64,
    /// Spam spans, in text order, with what was done to each.
    pub findings: Vec<Finding>,
    /// The page evidence the verdict rests on (see
    /// [`PageFeatures`](crate::PageFeatures)); omitted for a clean page
    /// unless it shows mojibake that could not be repaired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<crate::PageFeatures>,
    /// What `start`/`end` offsets are relative to; omitted when `input`.
    #[serde(skip_serializing_if = "is_input")]
    pub offsets: Basis,
    /// Every change made to the text, in order, seams included; empty
    /// (and omitted) when nothing was cut or restored, and when the output
    /// was normalised afterwards, since normalisation moves offsets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
}

impl Report {
    /// The text the offsets point into (the input, or the normalised text
    /// when [`Report::offsets`] says so), rebuilt from the output and the
    /// [`Report::edits`]; `None` when the edits do not fit `output`. With
    /// normalisation off this always gives back the input.
    ///
    /// # Example
    /// ```
    /// use vnclean::Cleaner;
    ///
    /// let input = "Hội khuyến học trao thưởng, xem soi keo nha cai  ngay.";
    /// let out = Cleaner::new().with_normalizer(None).clean(input);
    /// assert_eq!(out.text, "Hội khuyến học trao thưởng, xem ngay.");
    /// assert_eq!(out.report.edits[0].removed, " soi keo nha cai  ");
    /// assert_eq!(out.report.rebuild_input(&out.text).as_deref(), Some(input));
    /// ```
    pub fn rebuild_input(&self, output: &str) -> Option<String> {
        let mut rebuilt = String::with_capacity(output.len());
        let mut at = 0;
        for e in &self.edits {
            rebuilt.push_str(output.get(at..e.output_start)?);
            rebuilt.push_str(&e.removed);
            at = e.output_end;
        }
        rebuilt.push_str(output.get(at..)?);
        Some(rebuilt)
    }
}

/// A finding's place counted in characters as well as bytes, for clients
/// whose strings are not UTF-8: `start`/`end` count Unicode scalar values
/// (Python string indices), `utf16_start`/`utf16_end` UTF-16 code units
/// (JavaScript, Java, C#).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CharSpan {
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// Start, in UTF-16 code units.
    pub utf16_start: usize,
    /// End (exclusive), in UTF-16 code units.
    pub utf16_end: usize,
}

impl Report {
    /// Each finding's [`CharSpan`] in `text`, the text the offsets point
    /// into (see [`Cleaner::offsets_text`]); one pass over the text.
    ///
    /// # Example
    /// ```
    /// use vnclean::Cleaner;
    ///
    /// let text = "Tin 🎉 nóng: xem soi keo nha cai ngay.";
    /// let c = Cleaner::new();
    /// let report = c.check(text);
    /// let span = report.char_spans(&c.offsets_text(text, &report))[0];
    /// let chars: Vec<char> = text.chars().collect();
    /// assert_eq!(chars[span.start..span.end].iter().collect::<String>(), "soi keo nha cai");
    /// assert_eq!(span.utf16_start, span.start + 1); // the emoji is two UTF-16 units
    /// ```
    pub fn char_spans(&self, text: &str) -> Vec<CharSpan> {
        // Offsets in text order, each counted from the one before.
        let mut at = (0usize, 0usize, 0usize); // byte, chars, UTF-16 units
        let mut count = |b: usize| -> (usize, usize) {
            let b = b.min(text.len());
            if b < at.0 {
                at = (0, 0, 0);
            }
            for c in text.get(at.0..b).unwrap_or_default().chars() {
                at.1 += 1;
                at.2 += c.len_utf16();
            }
            at.0 = b;
            (at.1, at.2)
        };
        self.findings
            .iter()
            .map(|f| {
                let (start, utf16_start) = count(f.start);
                let (end, utf16_end) = count(f.end);
                CharSpan {
                    start,
                    end,
                    utf16_start,
                    utf16_end,
                }
            })
            .collect()
    }
}

fn is_input(b: &Basis) -> bool {
    *b == Basis::Input
}

/// A cleaned document.
#[derive(Clone, Debug, PartialEq)]
pub struct Cleaned<'a> {
    /// The text with its spam handled; borrowed when unchanged.
    pub text: Cow<'a, str>,
    /// What was found and done.
    pub report: Report,
}

/// Finds, strips or flags spam, and normalises. Build once, share across
/// threads.
///
/// # Example
/// ```
/// use vnclean::{Cleaner, Mode, Verdict};
///
/// let c = Cleaner::new();
/// let out = c.clean("Hội khuyến học, xem soi keo nha cai ngay, các tỉnh.");
/// assert_eq!(out.text, "Hội khuyến học, xem ngay, các tỉnh.");
/// assert_eq!(out.report.verdict, Verdict::Injected);
///
/// let flag = Cleaner::new().with_mode(Mode::Flag);
/// let out = flag.clean("xem soi keo nha cai ngay");
/// assert_eq!(out.text, "xem soi keo nha cai ngay");
/// assert_eq!(out.report.findings.len(), 1);
/// ```
#[derive(Debug)]
pub struct Cleaner {
    detector: Detector,
    normalizer: Option<Normalizer>,
    mode: Mode,
    model: Model,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new()
    }
}

impl Cleaner {
    /// Default lexicon, default normalisation, [`Mode::Strip`].
    pub fn new() -> Cleaner {
        Cleaner::from_detector(Detector::new())
    }

    /// [`Cleaner::new`] with `detector` (for a custom lexicon) in place of
    /// the default one, which is then never built: building a detector
    /// compiles its lexicon's automaton, the larger part of a cleaner's
    /// start.
    ///
    /// ```
    /// use vnclean::{Cleaner, Detector, Lexicon};
    ///
    /// let lexicon = Lexicon::parse("kèo thơm hôm nay\tbetting\t0.9\tsuspect", "mine.tsv")?;
    /// let cleaner = Cleaner::from_detector(Detector::with_lexicon(lexicon));
    /// let cleaned = cleaner.clean("Đội khách keo thom hom nay thắng 2-0 trên sân nhà.");
    /// assert!(!cleaned.text.contains("keo thom"));
    /// # Ok::<(), vnclean::LexiconError>(())
    /// ```
    pub fn from_detector(detector: Detector) -> Cleaner {
        Cleaner {
            detector,
            normalizer: Some(Normalizer::new()),
            mode: Mode::Strip,
            model: Model::Embedded,
        }
    }

    /// Uses `detector` (for a custom lexicon); [`Cleaner::from_detector`]
    /// does the same without building the default detector first.
    pub fn with_detector(mut self, detector: Detector) -> Cleaner {
        self.detector = detector;
        self
    }

    /// Uses `normalizer`, or none at all: the text is then changed only
    /// where spam is cut.
    pub fn with_normalizer(mut self, normalizer: Option<Normalizer>) -> Cleaner {
        self.normalizer = normalizer;
        self
    }

    /// Sets what is done with findings.
    pub fn with_mode(mut self, mode: Mode) -> Cleaner {
        self.mode = mode;
        self
    }

    /// Uses `lm` for repair instead of the embedded model.
    pub fn with_language_model(mut self, lm: LanguageModel) -> Cleaner {
        self.model = Model::Own(Box::new(lm));
        self
    }

    fn lm(&self) -> &LanguageModel {
        match &self.model {
            Model::Embedded => LanguageModel::embedded(),
            Model::Own(lm) => lm,
        }
    }

    /// The detector in use.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// Cleans one document.
    pub fn clean<'a>(&self, text: &'a str) -> Cleaned<'a> {
        self.clean_as(text, self.mode)
    }

    /// The report [`Mode::Flag`] gives, whatever this cleaner's mode: what
    /// `vnclean check` reads. Nothing is cut or restored.
    ///
    /// # Example
    /// ```
    /// use vnclean::{Cleaner, Mode, Verdict};
    ///
    /// let c = Cleaner::new().with_mode(Mode::Repair);
    /// let report = c.check("Hội khuyến học, xem soi keo nha cai ngay, các tỉnh.");
    /// assert_eq!(report.verdict, Verdict::Injected);
    /// assert!(report.edits.is_empty());
    /// ```
    pub fn check(&self, text: &str) -> Report {
        self.clean_as(text, Mode::Flag).report
    }

    /// Cleans one document in `mode` instead of this cleaner's own: one
    /// cleaner (one compiled lexicon) serves callers that choose the mode
    /// per document.
    ///
    /// # Example
    /// ```
    /// use vnclean::{Cleaner, Mode};
    ///
    /// let c = Cleaner::new().with_mode(Mode::Flag);
    /// let out = c.clean_as("Hội khuyến học, xem soi keo nha cai ngay.", Mode::Strip);
    /// assert_eq!(out.text, "Hội khuyến học, xem ngay.");
    /// ```
    pub fn clean_as<'a>(&self, text: &'a str, mode: Mode) -> Cleaned<'a> {
        let Some(n) = &self.normalizer else {
            let (text, report) = self.apply(Cow::Borrowed(text), Basis::Input, mode);
            return Cleaned { text, report };
        };
        let normal = n.normalize(text);
        let r = &normal.report;
        let decoded =
            r.legacy_chars > 0 || r.mojibake > 0 || r.cjk_mojibake > 0 || r.html_entities > 0;
        if decoded {
            // Spam in a legacy encoding cannot be read before decoding;
            // offsets then point into the decoded text.
            if mode == Mode::Flag {
                // Flag mode changes nothing, normalisation included.
                let (_, report) = self.apply(normal.text, Basis::Normalized, mode);
                return Cleaned {
                    text: Cow::Borrowed(text),
                    report,
                };
            }
            let (text, report) = self.clean_normalized(n, normal.text, mode);
            return Cleaned { text, report };
        }
        if mode == Mode::Flag {
            let (_, report) = self.apply(Cow::Borrowed(text), Basis::Input, mode);
            return Cleaned {
                text: Cow::Borrowed(text),
                report,
            };
        }
        let changed = matches!(normal.text, Cow::Owned(_));
        let disguise = r.invisible > 0 || r.confusables > 0;
        let (out, mut report) = self.apply(Cow::Borrowed(text), Basis::Input, mode);
        let text = match out {
            // Nothing cut, but the normaliser took a disguise away
            // (invisible characters, look-alike letters): detection reads
            // through one, yet not always alike ("kеos\u{200b}oi" glued, one
            // letter Cyrillic, beside plain words), so the normalised text
            // is read as cleaning the output again would read it, and what
            // that finds is cut (offsets then into the normalised text, as
            // for decoded text). The input is read first: its disguise is
            // evidence.
            Cow::Borrowed(_) if disguise => {
                let (again, second) = self.clean_normalized(n, normal.text, mode);
                if !second.findings.is_empty() {
                    report = second;
                }
                again
            }
            // Nothing cut: the normaliser's output stands.
            Cow::Borrowed(_) => normal.text,
            Cow::Owned(s) if changed || !report.findings.is_empty() => {
                let out = renormalize(n, s, &mut report);
                // (The same where cuts in a disguised input leave text that,
                // read again, holds spam: the whole is read normalised,
                // unless that finds nothing, where what the input showed is
                // cut all the same.)
                if disguise && !self.detector.detect(&out).findings.is_empty() {
                    let (again, second) = self.clean_normalized(n, normal.text, mode);
                    if second.findings.is_empty() {
                        Cow::Owned(out)
                    } else {
                        report = second;
                        again
                    }
                } else {
                    Cow::Owned(out)
                }
            }
            Cow::Owned(s) => Cow::Owned(s),
        };
        Cleaned { text, report }
    }

    /// `normal`, the input normalised by `n`, cleaned in `mode` (not
    /// flag), with its report (offsets into it): a cut can leave a word the
    /// normaliser now reads otherwise ("tá»‹" of "tá»‹truc tiep"), so what
    /// was cut is normalised again.
    fn clean_normalized<'a>(
        &self,
        n: &Normalizer,
        normal: Cow<'a, str>,
        mode: Mode,
    ) -> (Cow<'a, str>, Report) {
        let (out, mut report) = self.apply(normal, Basis::Normalized, mode);
        if report.findings.is_empty() {
            return (out, report);
        }
        let out = renormalize(n, out.into_owned(), &mut report);
        (Cow::Owned(out), report)
    }

    /// The text `report`'s offsets point into, for a report this cleaner
    /// made of `input`: the input itself, or when [`Report::offsets`] is
    /// [`Basis::Normalized`], the input normalised as the cleaner did.
    pub fn offsets_text<'a>(&self, input: &'a str, report: &Report) -> Cow<'a, str> {
        match (&report.offsets, &self.normalizer) {
            (Basis::Normalized, Some(n)) => n.normalize(input).text,
            _ => Cow::Borrowed(input),
        }
    }

    fn apply<'a>(&self, text: Cow<'a, str>, basis: Basis, mode: Mode) -> (Cow<'a, str>, Report) {
        let d = self.detector.detect(&text);
        let mut findings = d.findings;
        let mut score = d.score;
        let mut changes = Vec::new();
        let out = match mode {
            Mode::Flag => text,
            _ if findings.is_empty() => text,
            Mode::Strip | Mode::Repair => {
                if mode == Mode::Repair {
                    crate::repair::repair(&text, &mut findings, self.lm());
                } else {
                    for f in &mut findings {
                        f.action = Action::Removed;
                    }
                }
                let (mut out, mut map) = edit_mapped(&text, &edits(&findings));
                // Cutting can bring spam together ("soi" + cut + "keo"):
                // look again until nothing new turns up, so that cleaning
                // the output changes nothing.
                for _ in 0..ROUNDS {
                    let again = self.detector.detect(&out);
                    if again.findings.is_empty() {
                        break;
                    }
                    score = score.max(again.score);
                    let before = findings.len();
                    for mut f in again.findings {
                        f.start = map.start(f.start);
                        f.end = map.end(f.end).max(f.start);
                        f.text = text.get(f.start..f.end).unwrap_or_default().to_string();
                        f.action = Action::Removed;
                        f.replacement = None;
                        if f.start < f.end {
                            findings.push(f);
                        }
                    }
                    if findings.len() == before {
                        break;
                    }
                    findings = merge(&text, findings);
                    (out, map) = edit_mapped(&text, &edits(&findings));
                }
                changes = map.edits(&text, out.len());
                Cow::Owned(out)
            }
        };
        let report = Report {
            verdict: d.verdict,
            score,
            findings,
            page: (d.verdict != Verdict::Clean || d.page.mojibake > 0.0).then_some(d.page),
            offsets: basis,
            edits: changes,
        };
        (out, report)
    }
}

/// `out` normalised; the report's edits no longer fit once that changed it.
fn renormalize(n: &Normalizer, out: String, report: &mut Report) -> String {
    match n.normalize(&out).text {
        Cow::Borrowed(_) => out,
        Cow::Owned(normal) => {
            report.edits.clear();
            normal
        }
    }
}

/// The edit each finding asks for: its replacement, or a cut.
fn edits(findings: &[Finding]) -> Vec<(Range<usize>, Option<&str>)> {
    findings
        .iter()
        .map(|f| {
            let with = match f.action {
                Action::Replaced => f.replacement.as_deref(),
                _ => None,
            };
            (f.start..f.end, with)
        })
        .collect()
}

/// Rounds of looking again after a cut; two are almost always enough.
const ROUNDS: usize = 4;

/// Sorts findings and unites overlapping ones (a finding made across a
/// seam covers what was cut between its halves), re-reading their text.
fn merge(text: &str, mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| (f.start, f.end));
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        match out.last_mut() {
            Some(last) if f.start < last.end => {
                last.end = last.end.max(f.end);
                // A span grown across a seam is cut whole.
                last.action = Action::Removed;
                last.replacement = None;
                last.score = last.score.max(f.score);
                last.evidence.extend(f.evidence);
                last.text = text
                    .get(last.start..last.end)
                    .unwrap_or_default()
                    .to_string();
            }
            _ => out.push(f),
        }
    }
    out
}
