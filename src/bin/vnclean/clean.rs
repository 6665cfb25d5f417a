//! `vnclean clean` (find spam, strip, repair or flag it, normalise) and
//! `vnclean check` (the same reading, reporting only whether there is spam).

use std::fs;
use std::io::{self, BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use rayon::prelude::*;
use serde_json::Value;
use vnclean::{
    Action, Cleaner, Detector, LanguageModel, Lexicon, Mode, NormalizeConfig, Normalizer, Record,
    Report, Verdict,
};

use crate::args::{CleanArgs, FormatArg, ModeArg, OnErrorArg};
use crate::files::{self, Output};
use crate::{input_name, read_input, utf8_input, Failure};

/// Which command reads the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Task {
    /// Write the cleaned documents.
    Clean,
    /// Write verdicts; the status says whether there was spam.
    Check,
    /// Write reports only.
    Scan,
}

/// Runs `task`; returns whether any document holds spam.
pub(crate) fn run(a: &CleanArgs, task: Task) -> Result<bool, Failure> {
    let mut cleaner = cleaner(a)?;
    let check = task != Task::Clean;
    if check {
        // Checking and scanning change nothing.
        cleaner = cleaner.with_mode(Mode::Flag);
    }
    let scan = task == Task::Scan;
    match a.format {
        FormatArg::Text if a.mode == ModeArg::Drop || a.on_error == OnErrorArg::Skip => {
            Err(Failure(
                "--mode drop and --on-error skip work per record: --format lines or jsonl".into(),
            ))
        }
        FormatArg::Text => text(a, &cleaner, check, scan),
        FormatArg::Lines | FormatArg::Jsonl => records(a, &cleaner, check, scan),
    }
}

/// What a run did, for the summary line.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    docs: usize,
    clean: usize,
    injected: usize,
    spam: usize,
    dropped: usize,
    bad: usize,
    removed_bytes: usize,
    restored: usize,
}

impl Tally {
    fn of(report: &Report) -> Tally {
        let mut t = Tally {
            docs: 1,
            ..Tally::default()
        };
        match report.verdict {
            Verdict::Clean => t.clean = 1,
            Verdict::Injected => t.injected = 1,
            Verdict::Spam => t.spam = 1,
        }
        for f in &report.findings {
            match f.action {
                Action::Removed => t.removed_bytes += f.end - f.start,
                Action::Replaced => t.restored += 1,
                Action::Flagged => {}
            }
        }
        t
    }

    fn add(&mut self, o: Tally) {
        self.docs += o.docs;
        self.clean += o.clean;
        self.injected += o.injected;
        self.spam += o.spam;
        self.dropped += o.dropped;
        self.bad += o.bad;
        self.removed_bytes += o.removed_bytes;
        self.restored += o.restored;
    }

    fn found_spam(&self) -> bool {
        self.injected + self.spam > 0
    }
}

/// What one record became.
enum Done {
    /// A line for the output, line break included, and the record's tally.
    Out(Vec<u8>, Tally),
    /// A line for the rejects file (a dropped or skipped record).
    Reject(String, Tally),
    /// Nothing (a blank line in JSON lines).
    Nothing,
}

type Outcome = Result<Done, Failure>;

/// A document dropped as spam: its tally, less what stripping it would
/// have removed or restored.
fn dropped(n: usize, record: &[u8], t: Tally) -> Done {
    let t = Tally {
        dropped: 1,
        removed_bytes: 0,
        restored: 0,
        ..t
    };
    reject(n, "spam", record, t)
}

/// The line `check` (or, with `scan_key`, `scan`) writes for a document:
/// its id when it has one, its line, and its verdict and score (or its
/// whole report under `scan_key`).
fn verdict_line(
    id: Option<Value>,
    n: usize,
    report: &Report,
    scan_key: Option<&str>,
) -> Result<String, String> {
    let mut line = serde_json::Map::new();
    if let Some(id) = id {
        line.insert("id".into(), id);
    }
    line.insert("line".into(), n.into());
    match scan_key {
        Some(key) => {
            let report = serde_json::to_value(report).map_err(|e| e.to_string())?;
            line.insert(key.into(), report);
        }
        None => {
            line.insert("verdict".into(), verdict_name(report.verdict).into());
            line.insert("score".into(), report.score.into());
        }
    }
    Ok(Value::Object(line).to_string())
}

/// A rejects-file line: where the record was, why, and the record as read.
fn reject(n: usize, reason: &str, record: &[u8], tally: Tally) -> Done {
    let record = String::from_utf8_lossy(record);
    let record = record.strip_suffix('\n').unwrap_or(&record);
    Done::Reject(
        serde_json::json!({"line": n, "reason": reason, "record": record}).to_string(),
        tally,
    )
}

pub(crate) fn cleaner(a: &CleanArgs) -> Result<Cleaner, Failure> {
    let mut lexicon = if a.no_default_lexicon {
        Lexicon::empty()
    } else {
        Lexicon::default()
    };
    for path in &a.lexicon {
        lexicon.extend(Lexicon::from_file(path).map_err(|e| Failure(e.to_string()))?);
    }
    let normalizer = (!a.no_normalize).then(|| {
        Normalizer::with_config(NormalizeConfig {
            tone_style: a.tone_style.tone_style(),
            ..NormalizeConfig::default()
        })
    });
    let mut cleaner = Cleaner::new()
        .with_detector(Detector::with_lexicon(lexicon))
        .with_normalizer(normalizer)
        .with_mode(match a.mode {
            ModeArg::Repair => Mode::Repair,
            ModeArg::Strip | ModeArg::Drop => Mode::Strip,
            ModeArg::Flag => Mode::Flag,
        });
    if let Some(path) = &a.lm {
        cleaner = cleaner.with_language_model(
            LanguageModel::from_file(path).map_err(|e| Failure(e.to_string()))?,
        );
    }
    Ok(cleaner)
}

fn text(a: &CleanArgs, cleaner: &Cleaner, check: bool, scan: bool) -> Result<bool, Failure> {
    let name = input_name(&a.input);
    let text = utf8_input(&name, read_input(&a.input)?, "")?;
    let out = cleaner.clean(&text);
    let spam = out.report.verdict != Verdict::Clean;
    let mut w = Output::create(a.output.as_deref())?;
    if scan {
        let json = serde_json::to_string(&out.report).map_err(|e| Failure(e.to_string()))?;
        writeln!(w, "{json}")?;
    } else if check {
        writeln!(w, "{}", verdict_name(out.report.verdict))?;
    } else {
        w.write_all(out.text.as_bytes())?;
    }
    w.finish()?;
    if let Some(path) = &a.report {
        let json = serde_json::to_string_pretty(&out.report).map_err(|e| Failure(e.to_string()))?;
        fs::write(path, json + "\n").map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(spam)
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Clean => "clean",
        Verdict::Injected => "injected",
        Verdict::Spam => "spam",
    }
}

/// Lines read and cleaned together: enough to keep every thread busy, few
/// enough that memory stays bounded whatever the input's size.
const BATCH_LINES: usize = 1024;
const BATCH_BYTES: usize = 4 << 20;

fn records(a: &CleanArgs, cleaner: &Cleaner, check: bool, scan: bool) -> Result<bool, Failure> {
    let name = input_name(&a.input);
    let mut reader = files::open(a.input.file.as_deref(), &name)?;
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    // One pool for the whole run, not threads per batch: its threads keep
    // their per-thread caches (the fold's chunk cache) warm from batch to
    // batch, which matters most when a slow stream makes batches of a line.
    let pool = if jobs > 1 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .thread_name(|i| format!("vnclean-worker-{i}"))
            .build()
            .map_err(|e| Failure(format!("cannot start {jobs} worker threads: {e}")))?;
        Some(pool)
    } else {
        None
    };
    let needs_rejects = a.mode == ModeArg::Drop || a.on_error == OnErrorArg::Skip;
    let rejects =
        match (&a.rejects, needs_rejects) {
            (Some(p), _) => Some(Output::create(Some(p))?),
            (None, true) => return Err(Failure(
                "--mode drop and --on-error skip need --rejects FILE: nothing is dropped silently"
                    .into(),
            )),
            (None, false) => None,
        };
    let w = Output::create(a.output.as_deref())?;
    let progress = progress_bar(a);
    // Three stages overlap: a thread reads batches ahead, this one cleans
    // them (on `jobs` workers), a thread writes them behind in input order
    // (compressing, when asked). The reader is not scoped: blocked on a
    // slow input it must not keep the run from ending at an error.
    let (batches_tx, batches) = mpsc::sync_channel::<Result<Vec<Line>, Failure>>(2);
    let reader_name = name.clone();
    std::thread::spawn(move || {
        let mut n = 0;
        loop {
            let batch = read_batch(&mut reader, &reader_name, &mut n);
            let last = !matches!(&batch, Ok(b) if !b.is_empty());
            if batches_tx.send(batch).is_err() || last {
                break;
            }
        }
    });
    let failed = AtomicBool::new(false);
    let (result, tally) = std::thread::scope(|scope| {
        let (outs_tx, outs) = mpsc::sync_channel::<Cleaned>(2);
        let failed = &failed;
        let writer = scope.spawn(move || write_behind(outs, w, rejects, progress, failed));
        loop {
            // Waiting on a slow input, look up now and then: after a failure
            // the run ends without waiting for more input.
            let batch = match batches.recv_timeout(Duration::from_millis(50)) {
                Ok(batch) => batch,
                Err(mpsc::RecvTimeoutError::Timeout) if failed.load(Ordering::Relaxed) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                // The reader ends by sending an empty batch or an error; gone
                // without either, it died, and the input was not all read.
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    Err(Failure(format!("{name}: internal error: reading stopped")))
                }
            };
            let (cleaned, failure) = match batch {
                Ok(b) if b.is_empty() => break,
                Ok(b) => {
                    let cleaned = Cleaned {
                        outs: clean_batch(a, cleaner, &name, &b, pool.as_ref(), check, scan),
                        bytes: b.iter().map(|&(_, _, len)| len as u64).sum(),
                        last_line: b.last().map_or(0, |l| l.0),
                    };
                    (cleaned, false)
                }
                // Written after everything read before it; the run ends.
                Err(e) => {
                    let cleaned = Cleaned {
                        outs: vec![Err(e)],
                        bytes: 0,
                        last_line: 0,
                    };
                    (cleaned, true)
                }
            };
            // The writer stops at the first failure: nothing more to do.
            if outs_tx.send(cleaned).is_err() || failure {
                break;
            }
        }
        drop(outs_tx);
        writer.join().unwrap_or_else(|_| {
            (
                Err(Failure("internal error: the writer thread panicked".into())),
                Tally::default(),
            )
        })
    });
    let t = tally;
    eprintln!(
        "vnclean: {} documents: {} clean, {} injected, {} spam; {} dropped, {} bad records \
         skipped; {} bytes removed, {} words restored",
        t.docs, t.clean, t.injected, t.spam, t.dropped, t.bad, t.removed_bytes, t.restored
    );
    result.map(|()| t.found_spam())
}

/// A batch cleaned: an outcome per line, its input bytes, its last line.
struct Cleaned {
    outs: Vec<Outcome>,
    bytes: u64,
    last_line: usize,
}

/// Writes cleaned batches in order until the first failure, which (after
/// everything before it is written) ends the run; completes the files.
fn write_behind(
    outs: mpsc::Receiver<Cleaned>,
    mut w: Output,
    mut rejects: Option<Output>,
    progress: Option<indicatif::ProgressBar>,
    failed: &AtomicBool,
) -> (Result<(), Failure>, Tally) {
    let mut tally = Tally::default();
    let mut write = || -> Result<(), Failure> {
        loop {
            let batch = match outs.try_recv() {
                Ok(batch) => batch,
                // Nothing ready: the input is slow (a pipe, a moderation
                // stream): let what is done be seen before waiting.
                Err(mpsc::TryRecvError::Empty) => {
                    w.flush()?;
                    match outs.recv() {
                        Ok(batch) => batch,
                        Err(_) => break,
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            };
            for out in batch.outs {
                match out? {
                    Done::Out(line, t) => {
                        tally.add(t);
                        w.write_all(&line)?;
                    }
                    Done::Reject(line, t) => {
                        tally.add(t);
                        if let Some(r) = &mut rejects {
                            r.write_all(line.as_bytes())?;
                            r.write_all(b"\n")?;
                        }
                    }
                    Done::Nothing => {}
                }
            }
            if let Some(p) = &progress {
                p.inc(batch.bytes);
                p.set_message(format!("{} documents", batch.last_line));
            }
        }
        Ok(())
    };
    let result = write();
    if result.is_err() {
        failed.store(true, Ordering::Relaxed);
    }
    // What was written before an error stays written (and a compressed
    // file is completed).
    let finished = w
        .finish()
        .and_then(|()| rejects.map_or(Ok(()), Output::finish));
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    (result.and(finished), tally)
}

/// A progress bar on standard error when it is a terminal (silence when it
/// is not): documents, MB, MB/s, and the ETA when the input's size is known
/// (an uncompressed file).
fn progress_bar(a: &CleanArgs) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let size = a
        .input
        .file
        .as_deref()
        .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("gz" | "zst")))
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len());
    let (bar, template) = match size {
        Some(len) => (
            indicatif::ProgressBar::new(len),
            "{msg} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {wide_bar}",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{msg} {bytes} {binary_bytes_per_sec} {spinner}",
        ),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    Some(bar)
}

/// How much of a record over the size limit the rejects file gets.
const REJECT_PREFIX: usize = 4096;

/// One input line: its 1-based number, its bytes (UTF-8 checked later, in
/// parallel, so that the error still names the line) and its whole length
/// (the bytes kept stop past the record size limit).
type Line = (usize, Vec<u8>, usize);

fn read_batch(
    reader: &mut Box<dyn files::Input>,
    name: &str,
    n: &mut usize,
) -> Result<Vec<Line>, Failure> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_LINES && bytes < BATCH_BYTES {
        let mut buf = Vec::new();
        let len = read_line_bounded(reader, &mut buf, Record::MAX_LEN + 1)
            .map_err(|e| Failure(format!("{name}: {e}")))?;
        if len == 0 {
            break;
        }
        *n += 1;
        bytes += buf.len();
        batch.push((*n, buf, len));
        // Nothing more buffered: clean what there is rather than wait on a
        // slow input (the reader's buffer is large, so a file fills it).
        if !reader.has_buffered() {
            break;
        }
    }
    Ok(batch)
}

/// Reads one line, its `\n` included, into `buf`; returns the line's whole
/// length (0 at the end of the input). A line longer than `keep` bytes is
/// cut to its first [`REJECT_PREFIX`] bytes, all a rejects file needs: a
/// runaway line (a binary file, a lost line break) costs `keep` bytes of
/// memory, not its length.
fn read_line_bounded(r: &mut dyn BufRead, buf: &mut Vec<u8>, keep: usize) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (done, used) = match memchr::memchr(b'\n', available) {
            Some(i) => (true, i + 1),
            None => (false, available.len()),
        };
        if total + used > keep {
            buf.truncate(REJECT_PREFIX);
        } else {
            buf.extend_from_slice(available.get(..used).unwrap_or_default());
        }
        r.consume(used);
        total += used;
        if done {
            return Ok(total);
        }
    }
}

fn clean_batch(
    a: &CleanArgs,
    cleaner: &Cleaner,
    name: &str,
    batch: &[Line],
    pool: Option<&rayon::ThreadPool>,
    check: bool,
    scan: bool,
) -> Vec<Outcome> {
    let skip = a.on_error == OnErrorArg::Skip;
    let drop = a.mode == ModeArg::Drop && !check;
    let one = |(n, bytes, len): &Line| -> Outcome {
        let bad = |msg: String| -> Outcome {
            if skip {
                Ok(reject(
                    *n,
                    &msg,
                    bytes,
                    Tally {
                        bad: 1,
                        ..Tally::default()
                    },
                ))
            } else {
                Err(Failure(format!("{name}:{n}: {msg}")))
            }
        };
        // Line break included, as the lines format counts it too.
        if *len > Record::MAX_LEN {
            // (A rejects file gets its first bytes only.)
            return bad(format!(
                "record of {len} bytes is over the limit of {}",
                Record::MAX_LEN
            ));
        }
        if a.format == FormatArg::Jsonl {
            return match Record::parse(bytes, &a.field) {
                Ok(None) => Ok(Done::Nothing),
                Ok(Some(r)) => match record(a, cleaner, r, *n, check, scan) {
                    Ok((_, t)) if drop && t.spam > 0 => Ok(dropped(*n, bytes, t)),
                    Ok((out, t)) => Ok(Done::Out(out, t)),
                    Err(e) => bad(e),
                },
                Err(e) => bad(e.to_string()),
            };
        }
        let line = match crate::utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                return bad(format!(
                    "invalid UTF-8 at byte {} of the line",
                    e.valid_up_to()
                ))
            }
        };
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        // One document a line; every line answers, blank or not, so output
        // lines stay aligned with input lines.
        let out = cleaner.clean(line);
        let verdict = out.report.verdict;
        let t = Tally::of(&out.report);
        if drop && verdict == Verdict::Spam {
            return Ok(dropped(*n, bytes, t));
        }
        let written = if check {
            let scan_key = scan.then_some("report");
            verdict_line(None, *n, &out.report, scan_key).map_err(Failure)?
        } else {
            out.text.replace('\n', " ")
        };
        let mut written = written.into_bytes();
        written.push(b'\n');
        Ok(Done::Out(written, t))
    };
    let Some(pool) = pool.filter(|_| batch.len() >= 2) else {
        return batch.iter().map(one).collect();
    };
    // Work-stealing line by line: documents differ in size, and equal
    // shares would leave a worker idle at the end of every batch.
    let outs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.install(|| {
            batch
                .par_iter()
                .with_max_len(1)
                .map(one)
                .collect::<Vec<Outcome>>()
        })
    }));
    match outs {
        Ok(outs) => outs,
        Err(_) => vec![Err(Failure(
            "internal error: a worker thread panicked".into(),
        ))],
    }
}

/// One JSON record: cleaned and serialised with its report, or (check)
/// its verdict line, line break included; and its tally.
fn record(
    a: &CleanArgs,
    cleaner: &Cleaner,
    r: Record,
    n: usize,
    check: bool,
    scan: bool,
) -> Result<(Vec<u8>, Tally), String> {
    let out = cleaner.clean(r.text());
    let tally = Tally::of(&out.report);
    if check {
        let scan_key = scan.then_some(a.report_field.as_str());
        return verdict_line(r.id().cloned(), n, &out.report, scan_key).map(|l| {
            let mut l = l.into_bytes();
            l.push(b'\n');
            (l, tally)
        });
    }
    let (text, report) = (out.text.into_owned(), out.report);
    let mut line = r
        .into_line(text, &report, &a.report_field)
        .map_err(|e| e.to_string())?
        .into_bytes();
    line.push(b'\n');
    Ok((line, tally))
}
