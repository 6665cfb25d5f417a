//! `vnclean explain`: every repeated phrase of each document that the judge
//! weighed, spam or not, with its evidence: why a phrase was, or was not,
//! taken for spam; and the page evidence of the document's verdict.

use std::io::{BufRead, Write};

use rayon::prelude::*;
use serde_json::{json, Value};
use vnclean::{Detector, Record};

use crate::args::{CleanArgs, FormatArg};
use crate::files::{self, Output};
use crate::{input_name, Failure};

/// Documents weighed together on all cores.
const BATCH: usize = 256;

pub(crate) fn run(a: &CleanArgs) -> Result<(), Failure> {
    let cleaner = crate::clean::cleaner(a)?;
    let detector = cleaner.detector();
    let name = input_name(&a.input);
    let mut w = Output::create(a.records.output.as_deref())?;
    if a.records.format == FormatArg::Text {
        let bytes = crate::read_input(&a.input)?;
        let text = crate::utf8_input(&name, bytes, "")?;
        let line = json!({
            "judgements": detector.explain(&text),
            "page": detector.detect(&text).page,
        });
        writeln!(w, "{line}")?;
        return w.finish();
    }
    let reader = files::open(a.input.file.as_deref(), &name)?;
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<(usize, Vec<u8>)>, w: &mut Output| -> Result<(), Failure> {
        let lines: Vec<Result<Option<String>, Failure>> = batch
            .par_iter()
            .map(|(n, bytes)| explain_line(a, detector, &name, *n, bytes))
            .collect();
        for l in lines {
            if let Some(l) = l? {
                writeln!(w, "{l}")?;
            }
        }
        batch.clear();
        Ok(())
    };
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|e| Failure(format!("{name}: {e}")))?;
        batch.push((i + 1, line));
        if batch.len() == BATCH {
            flush(&mut batch, &mut w)?;
        }
    }
    flush(&mut batch, &mut w)?;
    w.finish()
}

/// The line for input line `n`: its id (JSON lines), its line number and
/// its judgements; `None` for a blank JSON line.
fn explain_line(
    a: &CleanArgs,
    detector: &Detector,
    name: &str,
    n: usize,
    bytes: &[u8],
) -> Result<Option<String>, Failure> {
    let at = |msg: String| Failure(format!("{name}:{n}: {msg}"));
    let explain = |text: &str| (detector.explain(text), detector.detect(text).page);
    let (id, (judgements, page)) = if a.records.format == FormatArg::Jsonl {
        match Record::parse(bytes, &a.records.field) {
            Ok(None) => return Ok(None),
            Ok(Some(r)) => (r.id().cloned(), explain(r.text())),
            Err(e) => return Err(at(e.to_string())),
        }
    } else {
        let line = crate::utf8(bytes).map_err(|e| {
            at(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        (None, explain(line.trim_end_matches(['\n', '\r'])))
    };
    let mut out = serde_json::Map::new();
    if let Some(id) = id {
        out.insert("id".into(), id);
    }
    out.insert("line".into(), n.into());
    out.insert("judgements".into(), json!(judgements));
    out.insert("page".into(), json!(page));
    Ok(Some(Value::Object(out).to_string()))
}
