//! Command-line flags, turned into the library's checked configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vnclean::{Encoding, Legacy, NormalizeConfig, ToneStyle};

/// Normalise Vietnamese text and find, strip and repair injected SEO spam.
#[derive(Parser, Debug)]
#[command(name = "vnclean", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Normalise text: NFC, tone marks, look-alikes, invisible characters,
    /// spacing, mojibake and legacy encodings. Reads FILE or standard input,
    /// writes standard output.
    Normalize(NormalizeArgs),
    /// Print the folded matching view of the text (lower-case ASCII
    /// skeleton), as spam matching sees it. Reads FILE or standard input,
    /// writes standard output.
    Fold(FoldArgs),
    /// Find injected spam and strip it, repair it, or only report it; then
    /// normalise.
    /// Reads FILE or standard input, writes standard output.
    Clean(CleanArgs),
    /// Say whether the input holds spam: exit status 1 if any document
    /// does, 0 if none. With --format jsonl or lines, one verdict line per
    /// document.
    Check(CleanArgs),
    /// Report only: the findings of every document as JSON (one object a
    /// line with --format lines or jsonl), no text.
    Scan(CleanArgs),
    /// Why each repeated phrase of each document was or was not taken for
    /// spam: every phrase the judge weighed, with its probability and its
    /// evidence, as JSON (one object a document).
    Explain(CleanArgs),
    /// Find candidate spam phrases across a corpus (unaccented phrases in
    /// accented documents, recurring across documents), ranked, written in
    /// the lexicon file format for review and --lexicon.
    Mine(MineArgs),
    /// Language models for repair.
    #[command(subcommand)]
    Lm(LmCommand),
}

#[derive(Args, Debug)]
pub struct MineArgs {
    /// JSON-lines files (.gz and .zst too), one document a line.
    #[arg(required = true)]
    pub corpora: Vec<PathBuf>,
    /// The JSON field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub field: String,
    /// How many candidates to write.
    #[arg(long, default_value_t = 200)]
    pub top: usize,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum LmCommand {
    /// Train a syllable trigram model on JSON-lines corpora (the text in
    /// --field) and write it to --output.
    Train(TrainArgs),
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// JSON-lines files, one document a line.
    #[arg(required = true)]
    pub corpora: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "MODEL")]
    pub output: PathBuf,
    /// The JSON field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub field: String,
    /// Only records whose "id" starts with this (e.g. viwiki).
    #[arg(long, value_name = "PREFIX")]
    pub id_prefix: Option<String>,
    /// Drop bigrams seen fewer times than this.
    #[arg(long, default_value_t = 2)]
    pub min_bigram: u32,
    /// Drop trigrams seen fewer times than this.
    #[arg(long, default_value_t = 3)]
    pub min_trigram: u32,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// What to do with spam: put back the word it displaced (cutting what
    /// displaced nothing), cut it out, or only report it.
    #[arg(long, value_enum, default_value_t = ModeArg::Repair)]
    pub mode: ModeArg,
    #[command(flatten)]
    pub records: RecordArgs,
    /// The JSON field the report is written to (jsonl).
    #[arg(long, default_value = "spam", value_name = "NAME")]
    pub report_field: String,
    /// Write the report as JSON to this file (text format).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Do not normalise: the text changes only where spam is cut.
    #[arg(long)]
    pub no_normalize: bool,
    /// Where tone marks go when normalising.
    #[arg(long, value_enum, default_value_t = StyleArg::Traditional)]
    pub tone_style: StyleArg,
    /// Add the phrases of this lexicon file (phrase, category, weight,
    /// flags; tab-separated). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
    /// Do not use the embedded default lexicon.
    #[arg(long)]
    pub no_default_lexicon: bool,
    /// Language model for repair (from `vnclean lm train`); the embedded
    /// Wikipedia model by default.
    #[arg(long, value_name = "MODEL")]
    pub lm: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// put back the word each phrase displaced; cut the rest
    Repair,
    /// cut spam out and tidy the seams
    Strip,
    /// change nothing, only report
    Flag,
    /// strip, and send documents whose verdict is spam to --rejects
    Drop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnErrorArg {
    /// stop at the first bad record (exit 2), after writing what came before
    Fail,
    /// send the bad record to --rejects with the reason, and go on
    Skip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// the whole input is one document
    Text,
    /// one document a line
    Lines,
    /// JSON lines: one object a line, the document in --field
    Jsonl,
}

#[derive(Args, Debug)]
pub struct InputArgs {
    /// Input file; standard input when absent or "-". Files ending in .gz
    /// or .zst are decompressed.
    pub file: Option<PathBuf>,
}

/// How a record-by-record command reads and writes its documents.
#[derive(Args, Debug)]
pub struct RecordArgs {
    /// text: the whole input is one document; lines: one document a line;
    /// jsonl: one JSON object a line, the document in --field.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// The JSON field holding the text (jsonl); dotted for nested fields
    /// (meta.text).
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub field: String,
    /// Threads for lines and JSON lines (output keeps the input's order);
    /// all cores by default.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Write the output here instead of standard output; compressed when
    /// the name ends in .gz or .zst.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Where rejected records go (lines, jsonl): skipped bad records, and
    /// the documents `clean --mode drop` drops; one JSON object a line,
    /// {"line", "reason", "record"}.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// What a bad record (invalid JSON or UTF-8, missing or non-string
    /// field) does.
    #[arg(long, value_enum, default_value_t = OnErrorArg::Fail)]
    pub on_error: OnErrorArg,
}

#[derive(Args, Debug)]
pub struct FoldArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub records: RecordArgs,
}

#[derive(Args, Debug)]
pub struct NormalizeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub records: RecordArgs,
    /// Where tone marks go.
    #[arg(long, value_enum, default_value_t = StyleArg::Traditional)]
    pub tone_style: StyleArg,
    /// The input is in this legacy encoding: raw bytes, or Latin-1
    /// look-alike text. Without it, legacy text is detected.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub from: Option<Encoding>,
    /// Decode HTML character references (&amp; &acirc; &#7879;).
    #[arg(long)]
    pub html_entities: bool,
    /// Do not compose to NFC.
    #[arg(long)]
    pub no_nfc: bool,
    /// Do not repair look-alike letters (Ð, Cyrillic, Greek).
    #[arg(long)]
    pub no_confusables: bool,
    /// Keep invisible characters.
    #[arg(long)]
    pub no_invisible: bool,
    /// Keep spacing as it is.
    #[arg(long)]
    pub no_spaces: bool,
    /// Keep CR and CRLF line endings.
    #[arg(long)]
    pub no_line_endings: bool,
    /// Do not repair UTF-8 read as Windows-1252.
    #[arg(long)]
    pub no_mojibake: bool,
    /// Do not detect legacy encodings.
    #[arg(long, conflicts_with = "from")]
    pub no_legacy: bool,
    /// Write the report (changes per rule; summed over the records of
    /// lines and JSON lines) as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StyleArg {
    /// hòa, khỏe, thủy
    Traditional,
    /// hoà, khoẻ, thuỷ
    Modern,
    /// leave tone marks where they are
    Keep,
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse()
}

impl StyleArg {
    pub fn tone_style(self) -> ToneStyle {
        match self {
            StyleArg::Traditional => ToneStyle::Traditional,
            StyleArg::Modern => ToneStyle::Modern,
            StyleArg::Keep => ToneStyle::Keep,
        }
    }
}

impl NormalizeArgs {
    /// The library configuration these flags ask for.
    pub fn config(&self) -> NormalizeConfig {
        NormalizeConfig {
            nfc: !self.no_nfc,
            tone_style: self.tone_style.tone_style(),
            confusables: !self.no_confusables,
            invisible: !self.no_invisible,
            spaces: !self.no_spaces,
            line_endings: !self.no_line_endings,
            mojibake: !self.no_mojibake,
            legacy: match (self.from, self.no_legacy) {
                (Some(enc), _) => Legacy::From(enc),
                (None, true) => Legacy::Off,
                (None, false) => Legacy::Detect,
            },
            html_entities: self.html_entities,
        }
    }
}
