//! Command-line flags, turned into the library's checked configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vnclean::{CleanerOptions, Encoding, Legacy, Mode, NormalizeConfig, ToneStyle};

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
    /// Answer check and clean requests over HTTP (JSON), for moderation
    /// services: POST /v1/check, POST /v1/clean, GET /healthz, GET
    /// /metrics, and POST /v1/lexicon/reload (with --admin-token-file).
    /// SIGHUP reloads the lexicon files; SIGTERM drains and exits.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port; the address
    /// taken is printed on standard error).
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "ADDR:PORT")]
    pub listen: std::net::SocketAddr,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Largest request body, in bytes (suffixes KiB, MiB); larger ones get
    /// 413.
    #[arg(long, default_value = "1MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_body: usize,
    /// Most texts in one {"texts": [...]} request; more get 413.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub max_batch: usize,
    /// Most requests worked on at once; more get 503 with Retry-After at
    /// once, rather than waiting in a queue.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub max_in_flight: usize,
    /// Longest a check or clean request may take (suffixes ms, s); then
    /// 503.
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "TIME")]
    pub timeout: std::time::Duration,
    /// After SIGTERM, longest to wait for requests in flight before
    /// exiting anyway (suffixes ms, s).
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "TIME")]
    pub drain_timeout: std::time::Duration,
    /// File holding the bearer token of POST /v1/lexicon/reload; without
    /// it the endpoint is off (404).
    #[arg(long, value_name = "FILE")]
    pub admin_token_file: Option<PathBuf>,
    /// Threads answering requests (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// A size: bytes, or a number with KiB, MiB or GiB.
fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => s.split_at(at),
        None => (s, ""),
    };
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (bytes, or with KiB, MiB, GiB)"))?;
    let scale: usize = match unit.trim() {
        "" | "B" => 1,
        "KiB" | "K" | "k" => 1 << 10,
        "MiB" | "M" => 1 << 20,
        "GiB" | "G" => 1 << 30,
        other => return Err(format!("unknown size unit {other:?} (KiB, MiB, GiB)")),
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("{s:?} is too large"))
}

/// A duration: a number with ms or s.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let bad = || format!("{s:?} is not a duration (like 500ms or 10s)");
    if let Some(ms) = s.strip_suffix("ms") {
        return ms
            .parse()
            .map(std::time::Duration::from_millis)
            .map_err(|_| bad());
    }
    let secs = s.strip_suffix('s').unwrap_or(s);
    secs.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(bad)
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
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub records: RecordArgs,
    /// The JSON field the report is written to (jsonl).
    #[arg(long, default_value = "spam", value_name = "NAME")]
    pub report_field: String,
    /// Write the report as JSON to this file (text format).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// How the cleaner is built: what `clean` and `serve` share.
#[derive(Args, Debug)]
pub struct EngineArgs {
    /// What to do with spam: put back the word it displaced (cutting what
    /// displaced nothing), cut it out, or only report it.
    #[arg(long, value_enum, default_value_t = ModeArg::Repair)]
    pub mode: ModeArg,
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

impl EngineArgs {
    /// The library's description of the cleaner these flags ask for
    /// (`--mode drop` strips; dropping is the stream's business).
    pub fn options(&self) -> CleanerOptions {
        CleanerOptions {
            mode: match self.mode {
                ModeArg::Repair => Mode::Repair,
                ModeArg::Strip | ModeArg::Drop => Mode::Strip,
                ModeArg::Flag => Mode::Flag,
            },
            normalize: !self.no_normalize,
            tone_style: self.tone_style.tone_style(),
            lexicons: self.lexicon.clone(),
            default_lexicon: !self.no_default_lexicon,
            lm: self.lm.clone(),
        }
    }
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
