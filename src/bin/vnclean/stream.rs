//! The streaming machinery every record-by-record command shares (`clean`,
//! `check`, `scan`, `normalize`, `fold`): lines read in batches ahead on
//! one thread, each line turned into its output on `jobs` workers, the
//! outputs written behind in input order (compressed when asked), bad
//! records failing the run with their line or going to the rejects file,
//! and a progress bar on a terminal.

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use rayon::prelude::*;
use vnclean::Record;

use crate::args::{InputArgs, OnErrorArg, RecordArgs};
use crate::files::{self, Output};
use crate::{input_name, Failure};

/// What a command counts of its records, for its summary line.
pub(crate) trait Count: Default + Send {
    fn add(&mut self, other: Self);
    /// One bad record, skipped.
    fn bad() -> Self;
}

/// What one record became.
pub(crate) enum Done<T> {
    /// A line for the output, line break included, and the record's count.
    Out(Vec<u8>, T),
    /// A line for the rejects file (a dropped or skipped record).
    Reject(String, T),
    /// Nothing (a blank line in JSON lines).
    Nothing,
}

pub(crate) type Outcome<T> = Result<Done<T>, Failure>;

/// One input line: its 1-based number, its bytes (UTF-8 checked later, in
/// parallel, so that the error still names the line) and its whole length
/// (the bytes kept stop past the record size limit).
pub(crate) type Line = (usize, Vec<u8>, usize);

/// Where a run reads and writes.
pub(crate) struct Options<'a> {
    /// The input's name for messages.
    pub name: String,
    pub file: Option<&'a Path>,
    pub jobs: Option<usize>,
    pub output: Option<&'a Path>,
    pub rejects: Option<&'a Path>,
    /// Records may be rejected (dropped or skipped): a rejects file is
    /// required, since nothing is dropped silently.
    pub rejecting: bool,
}

impl<'a> Options<'a> {
    /// The options `records` asks for on `input`; `rejecting` when records
    /// may be rejected otherwise than by `--on-error skip` (`--mode drop`).
    pub(crate) fn new(input: &'a InputArgs, records: &'a RecordArgs, rejecting: bool) -> Self {
        Options {
            name: input_name(input),
            file: input.file.as_deref(),
            jobs: records.jobs,
            output: records.output.as_deref(),
            rejects: records.rejects.as_deref(),
            rejecting: rejecting || records.on_error == OnErrorArg::Skip,
        }
    }
}

/// A rejects-file line: where the record was, why, and the record as read.
pub(crate) fn reject<T>(n: usize, reason: &str, record: &[u8], count: T) -> Done<T> {
    let record = String::from_utf8_lossy(record);
    let record = record.strip_suffix('\n').unwrap_or(&record);
    Done::Reject(
        serde_json::json!({"line": n, "reason": reason, "record": record}).to_string(),
        count,
    )
}

/// A bad record: an error naming its line, or with `skip` a line for the
/// rejects file.
pub(crate) fn bad<T: Count>(skip: bool, name: &str, line: &Line, msg: String) -> Outcome<T> {
    let (n, bytes, _) = line;
    if skip {
        Ok(reject(*n, &msg, bytes, T::bad()))
    } else {
        Err(Failure(format!("{name}:{n}: {msg}")))
    }
}

/// The line's text when it is one document (`--format lines`): valid
/// UTF-8 within the size limit, its line break off; else why not.
pub(crate) fn line_text(line: &Line) -> Result<&str, String> {
    let (_, bytes, len) = line;
    within_limit(*len)?;
    let text = crate::utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()))?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    Ok(text.strip_suffix('\r').unwrap_or(text))
}

/// The line as a JSON record with its text in `field` (`None`: a blank
/// line), within the size limit; else why not.
pub(crate) fn line_record(line: &Line, field: &str) -> Result<Option<Record>, String> {
    let (_, bytes, len) = line;
    within_limit(*len)?;
    Record::parse(bytes, field).map_err(|e| e.to_string())
}

fn within_limit(len: usize) -> Result<(), String> {
    // Line break included, as the lines format counts it too. (A rejects
    // file gets its first bytes only.)
    if len > Record::MAX_LEN {
        return Err(format!(
            "record of {len} bytes is over the limit of {}",
            Record::MAX_LEN
        ));
    }
    Ok(())
}

/// Lines read and turned together: enough to keep every thread busy, few
/// enough that memory stays bounded whatever the input's size.
const BATCH_LINES: usize = 1024;
const BATCH_BYTES: usize = 4 << 20;

/// Runs `one` over every line of the input, writing what it makes in input
/// order; returns what was counted, and the first failure (after which
/// nothing more is read, and everything before it stays written).
pub(crate) fn run<T: Count>(
    o: &Options,
    one: impl Fn(&Line) -> Outcome<T> + Sync,
) -> (Result<(), Failure>, T) {
    match start(o) {
        Ok(parts) => pump(o, parts, one),
        Err(e) => (Err(e), T::default()),
    }
}

/// The open input, worker pool and outputs of a run.
struct Parts {
    reader: Box<dyn files::Input>,
    pool: Option<rayon::ThreadPool>,
    w: Output,
    rejects: Option<Output>,
    progress: Option<indicatif::ProgressBar>,
}

fn start(o: &Options) -> Result<Parts, Failure> {
    let reader = files::open(o.file, &o.name)?;
    let jobs = o
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
    let rejects =
        match (o.rejects, o.rejecting) {
            (Some(p), _) => Some(Output::create(Some(p))?),
            (None, true) => return Err(Failure(
                "--mode drop and --on-error skip need --rejects FILE: nothing is dropped silently"
                    .into(),
            )),
            (None, false) => None,
        };
    let w = Output::create(o.output)?;
    Ok(Parts {
        reader,
        pool,
        w,
        rejects,
        progress: progress_bar(o.file),
    })
}

fn pump<T: Count>(
    o: &Options,
    parts: Parts,
    one: impl Fn(&Line) -> Outcome<T> + Sync,
) -> (Result<(), Failure>, T) {
    let Parts {
        mut reader,
        pool,
        w,
        rejects,
        progress,
    } = parts;
    let name = &o.name;
    // Three stages overlap: a thread reads batches ahead, this one turns
    // them (on the workers), a thread writes them behind in input order
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
    std::thread::scope(|scope| {
        let (outs_tx, outs) = mpsc::sync_channel::<Turned<T>>(2);
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
            let (turned, failure) = match batch {
                Ok(b) if b.is_empty() => break,
                Ok(b) => {
                    let turned = Turned {
                        outs: turn(&b, pool.as_ref(), &one),
                        bytes: b.iter().map(|&(_, _, len)| len as u64).sum(),
                        last_line: b.last().map_or(0, |l| l.0),
                    };
                    (turned, false)
                }
                // Written after everything read before it; the run ends.
                Err(e) => {
                    let turned = Turned {
                        outs: vec![Err(e)],
                        bytes: 0,
                        last_line: 0,
                    };
                    (turned, true)
                }
            };
            // The writer stops at the first failure: nothing more to do.
            if outs_tx.send(turned).is_err() || failure {
                break;
            }
        }
        drop(outs_tx);
        writer.join().unwrap_or_else(|_| {
            (
                Err(Failure("internal error: the writer thread panicked".into())),
                T::default(),
            )
        })
    })
}

/// The outcomes of a batch, in order, on the pool's workers.
fn turn<T: Count>(
    batch: &[Line],
    pool: Option<&rayon::ThreadPool>,
    one: &(impl Fn(&Line) -> Outcome<T> + Sync),
) -> Vec<Outcome<T>> {
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
                .collect::<Vec<Outcome<T>>>()
        })
    }));
    match outs {
        Ok(outs) => outs,
        Err(_) => vec![Err(Failure(
            "internal error: a worker thread panicked".into(),
        ))],
    }
}

/// A batch turned: an outcome per line, its input bytes, its last line.
struct Turned<T> {
    outs: Vec<Outcome<T>>,
    bytes: u64,
    last_line: usize,
}

/// Writes turned batches in order until the first failure, which (after
/// everything before it is written) ends the run; completes the files.
fn write_behind<T: Count>(
    outs: mpsc::Receiver<Turned<T>>,
    mut w: Output,
    mut rejects: Option<Output>,
    progress: Option<indicatif::ProgressBar>,
    failed: &AtomicBool,
) -> (Result<(), Failure>, T) {
    let mut count = T::default();
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
                        count.add(t);
                        w.write_all(&line)?;
                    }
                    Done::Reject(line, t) => {
                        count.add(t);
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
    (result.and(finished), count)
}

/// A progress bar on standard error when it is a terminal (silence when it
/// is not): documents, MB, MB/s, and the ETA when the input's size is known
/// (an uncompressed file).
fn progress_bar(file: Option<&Path>) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let size = file
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
        // Nothing more buffered: turn what there is rather than wait on a
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
