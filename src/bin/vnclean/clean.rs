//! `vnclean clean` (find spam, strip, repair or flag it, normalise) and
//! `vnclean check` (the same reading, reporting only whether there is spam).

use std::fs;
use std::io::Write;

use serde_json::Value;
use vnclean::{Action, Cleaner, Mode, Record, Report, Verdict};

use crate::args::{CleanArgs, FormatArg, ModeArg, OnErrorArg};
use crate::files::Output;
use crate::stream;
use crate::{input_name, read_input, utf8_input, Failure};

type Done<T> = stream::Done<T>;
type Outcome = stream::Outcome<Tally>;

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
    match a.records.format {
        FormatArg::Text
            if a.engine.mode == ModeArg::Drop || a.records.on_error == OnErrorArg::Skip =>
        {
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

    fn found_spam(&self) -> bool {
        self.injected + self.spam > 0
    }
}

impl stream::Count for Tally {
    fn bad() -> Tally {
        Tally {
            bad: 1,
            ..Tally::default()
        }
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
}

/// A document dropped as spam: its tally, less what stripping it would
/// have removed or restored.
fn dropped(n: usize, record: &[u8], t: Tally) -> Done<Tally> {
    let t = Tally {
        dropped: 1,
        removed_bytes: 0,
        restored: 0,
        ..t
    };
    stream::reject(n, "spam", record, t)
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
            line.insert("verdict".into(), report.verdict.name().into());
            line.insert("score".into(), report.score.into());
        }
    }
    Ok(Value::Object(line).to_string())
}

pub(crate) fn cleaner(a: &CleanArgs) -> Result<Cleaner, Failure> {
    a.engine
        .options()
        .build()
        .map_err(|e| Failure(e.to_string()))
}

fn text(a: &CleanArgs, cleaner: &Cleaner, check: bool, scan: bool) -> Result<bool, Failure> {
    let name = input_name(&a.input);
    let text = utf8_input(&name, read_input(&a.input)?, "")?;
    let out = cleaner.clean(&text);
    let spam = out.report.verdict != Verdict::Clean;
    let mut w = Output::create(a.records.output.as_deref())?;
    if scan {
        let json = serde_json::to_string(&out.report).map_err(|e| Failure(e.to_string()))?;
        writeln!(w, "{json}")?;
    } else if check {
        writeln!(w, "{}", out.report.verdict.name())?;
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

fn records(a: &CleanArgs, cleaner: &Cleaner, check: bool, scan: bool) -> Result<bool, Failure> {
    let skip = a.records.on_error == OnErrorArg::Skip;
    let drop = a.engine.mode == ModeArg::Drop && !check;
    let options = stream::Options::new(&a.input, &a.records, a.engine.mode == ModeArg::Drop);
    let name = &options.name;
    let one = |line: &stream::Line| -> Outcome {
        let n = line.0;
        if a.records.format == FormatArg::Jsonl {
            return match stream::line_record(line, &a.records.field) {
                Ok(None) => Ok(Done::Nothing),
                Ok(Some(r)) => match record(a, cleaner, r, n, check, scan) {
                    Ok((_, t)) if drop && t.spam > 0 => Ok(dropped(n, &line.1, t)),
                    Ok((out, t)) => Ok(Done::Out(out, t)),
                    Err(e) => stream::bad(skip, name, line, e),
                },
                Err(e) => stream::bad(skip, name, line, e),
            };
        }
        let text = match stream::line_text(line) {
            Ok(text) => text,
            Err(e) => return stream::bad(skip, name, line, e),
        };
        // One document a line; every line answers, blank or not, so output
        // lines stay aligned with input lines.
        let out = cleaner.clean(text);
        let verdict = out.report.verdict;
        let t = Tally::of(&out.report);
        if drop && verdict == Verdict::Spam {
            return Ok(dropped(n, &line.1, t));
        }
        let written = if check {
            let scan_key = scan.then_some("report");
            verdict_line(None, n, &out.report, scan_key).map_err(Failure)?
        } else {
            out.text.replace('\n', " ")
        };
        let mut written = written.into_bytes();
        written.push(b'\n');
        Ok(Done::Out(written, t))
    };
    let (result, t) = stream::run(&options, one);
    eprintln!(
        "vnclean: {} documents: {} clean, {} injected, {} spam; {} dropped, {} bad records \
         skipped; {} bytes removed, {} words restored",
        t.docs, t.clean, t.injected, t.spam, t.dropped, t.bad, t.removed_bytes, t.restored
    );
    result.map(|()| t.found_spam())
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
