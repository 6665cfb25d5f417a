//! `vnclean clean`: find spam, strip or flag it, normalise.

use std::fs;
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde_json::Value;
use vnclean::{Cleaner, Detector, LanguageModel, Lexicon, Mode, NormalizeConfig, Normalizer};

use crate::args::{CleanArgs, FormatArg, ModeArg};
use crate::{input_name, read_input, utf8_input, Failure};

pub(crate) fn run(a: &CleanArgs) -> Result<(), Failure> {
    let cleaner = cleaner(a)?;
    match a.format {
        FormatArg::Text => text(a, &cleaner),
        FormatArg::Jsonl => jsonl(a, &cleaner),
    }
}

fn cleaner(a: &CleanArgs) -> Result<Cleaner, Failure> {
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
            ModeArg::Strip => Mode::Strip,
            ModeArg::Flag => Mode::Flag,
        });
    if let Some(path) = &a.lm {
        cleaner = cleaner.with_language_model(
            LanguageModel::from_file(path).map_err(|e| Failure(e.to_string()))?,
        );
    }
    Ok(cleaner)
}

fn text(a: &CleanArgs, cleaner: &Cleaner) -> Result<(), Failure> {
    let name = input_name(&a.input);
    let text = utf8_input(&name, read_input(&a.input)?, "")?;
    let out = cleaner.clean(&text);
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    w.write_all(out.text.as_bytes())?;
    w.flush()?;
    if let Some(path) = &a.report {
        let json = serde_json::to_string_pretty(&out.report).map_err(|e| Failure(e.to_string()))?;
        fs::write(path, json + "\n").map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// Lines read and cleaned together: enough to keep every thread busy, few
/// enough that memory stays bounded whatever the input's size.
const BATCH_LINES: usize = 1024;
const BATCH_BYTES: usize = 4 << 20;

fn jsonl(a: &CleanArgs, cleaner: &Cleaner) -> Result<(), Failure> {
    let name = input_name(&a.input);
    let mut reader: Box<dyn BufRead> = match &a.input.file {
        Some(p) if p != Path::new("-") => Box::new(io::BufReader::new(
            fs::File::open(p).map_err(|e| Failure(format!("{name}: {e}")))?,
        )),
        _ => Box::new(io::BufReader::new(io::stdin())),
    };
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    let mut n = 0;
    let result = loop {
        let batch = match read_batch(&mut reader, &name, &mut n) {
            Ok(b) if b.is_empty() => break Ok(()),
            Ok(b) => b,
            Err(e) => break Err(e),
        };
        // Cleaned in parallel, written in input order; the first bad record
        // stops the run after everything before it is written.
        let outs = clean_batch(a, cleaner, &name, &batch, jobs);
        let mut failed = None;
        for out in outs {
            match out {
                Ok(line) => {
                    w.write_all(line.as_bytes())?;
                    w.write_all(b"\n")?;
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if let Some(e) = failed {
            break Err(e);
        }
    };
    // What was written before an error stays written.
    w.flush()?;
    result
}

/// One input line: its 1-based number and bytes (UTF-8 checked later, in
/// parallel, so that the error still names the line).
type Line = (usize, Vec<u8>);

fn read_batch(
    reader: &mut Box<dyn BufRead>,
    name: &str,
    n: &mut usize,
) -> Result<Vec<Line>, Failure> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_LINES && bytes < BATCH_BYTES {
        let mut buf = Vec::new();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Failure(format!("{name}: {e}")))?
            == 0
        {
            break;
        }
        *n += 1;
        bytes += buf.len();
        batch.push((*n, buf));
    }
    Ok(batch)
}

fn clean_batch(
    a: &CleanArgs,
    cleaner: &Cleaner,
    name: &str,
    batch: &[Line],
    jobs: usize,
) -> Vec<Result<String, Failure>> {
    let one = |(n, bytes): &Line| -> Option<Result<String, Failure>> {
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                return Some(Err(Failure(format!(
                    "{name}:{n}: invalid UTF-8 at byte {} of the line",
                    e.valid_up_to()
                ))))
            }
        };
        // Blank lines are no records.
        (!line.trim().is_empty())
            .then(|| record(a, cleaner, line).map_err(|e| Failure(format!("{name}:{n}: {e}"))))
    };
    if jobs == 1 || batch.len() < 2 {
        return batch.iter().filter_map(one).collect();
    }
    let size = batch.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(size)
            .map(|chunk| scope.spawn(move || chunk.iter().filter_map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(Failure(
                        "internal error: a worker thread panicked".into(),
                    ))]
                })
            })
            .collect()
    })
}

/// One JSON record, cleaned and serialised.
fn record(a: &CleanArgs, cleaner: &Cleaner, line: &str) -> Result<String, String> {
    let mut v: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = v
        .as_object_mut()
        .ok_or_else(|| "the record is not a JSON object".to_string())?;
    let text = match obj.get(&a.field) {
        Some(Value::String(s)) => s,
        Some(_) => return Err(format!("field {:?} is not a string", a.field)),
        None => return Err(format!("no field {:?}", a.field)),
    };
    let out = cleaner.clean(text);
    let report = serde_json::to_value(&out.report).map_err(|e| e.to_string())?;
    let cleaned = Value::String(out.text.into_owned());
    obj.insert(a.field.clone(), cleaned);
    obj.insert(a.report_field.clone(), report);
    serde_json::to_string(&v).map_err(|e| e.to_string())
}
