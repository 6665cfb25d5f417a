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

fn jsonl(a: &CleanArgs, cleaner: &Cleaner) -> Result<(), Failure> {
    let name = input_name(&a.input);
    let reader: Box<dyn BufRead> = match &a.input.file {
        Some(p) if p != Path::new("-") => Box::new(io::BufReader::new(
            fs::File::open(p).map_err(|e| Failure(format!("{name}: {e}")))?,
        )),
        _ => Box::new(io::BufReader::new(io::stdin())),
    };
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    let result = each_record(reader, &name, |n, line| {
        let out = record(a, cleaner, line).map_err(|e| Failure(format!("{name}:{n}: {e}")))?;
        w.write_all(out.as_bytes())?;
        w.write_all(b"\n")?;
        Ok(())
    });
    // What was written before an error stays written.
    w.flush()?;
    result
}

/// Calls `f` with each non-blank line (1-based number, text).
fn each_record(
    mut reader: Box<dyn BufRead>,
    name: &str,
    mut f: impl FnMut(usize, &str) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Failure(format!("{name}: {e}")))?
            == 0
        {
            return Ok(());
        }
        n += 1;
        let line = std::str::from_utf8(&buf).map_err(|e| {
            Failure(format!(
                "{name}:{n}: invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        if !line.trim().is_empty() {
            f(n, line)?;
        }
    }
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
