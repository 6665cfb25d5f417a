//! `vnclean normalize` and `vnclean fold`: text only, no spam detection,
//! over one document or record by record (lines, JSON lines) through the
//! same streaming machinery as `clean`.

use std::fs;
use std::io::Write;

use vnclean::{Legacy, NormalizeConfig, NormalizeReport, Normalizer};

use crate::args::{FoldArgs, FormatArg, InputArgs, NormalizeArgs, OnErrorArg, RecordArgs};
use crate::files::Output;
use crate::stream::{self, Done, Line, Outcome};
use crate::{input_name, read_input, utf8_input, Failure};

/// What a run did, for the summary line and `--report`.
#[derive(Debug, Default)]
struct Changes {
    docs: usize,
    changed: usize,
    bad: usize,
    /// The normaliser's reports, summed.
    report: NormalizeReport,
}

impl stream::Count for Changes {
    fn add(&mut self, o: Changes) {
        self.docs += o.docs;
        self.changed += o.changed;
        self.bad += o.bad;
        add_report(&mut self.report, &o.report);
    }

    fn bad() -> Changes {
        Changes {
            bad: 1,
            ..Changes::default()
        }
    }
}

/// `r` plus `o`, rule by rule; the legacy encoding is the first one met.
fn add_report(r: &mut NormalizeReport, o: &NormalizeReport) {
    r.nfc += o.nfc;
    r.tone_marks += o.tone_marks;
    r.confusables += o.confusables;
    r.invisible += o.invisible;
    r.spaces += o.spaces;
    r.line_endings += o.line_endings;
    r.mojibake += o.mojibake;
    r.cjk_mojibake += o.cjk_mojibake;
    r.cjk_unrepaired += o.cjk_unrepaired;
    r.legacy_encoding = r.legacy_encoding.or(o.legacy_encoding);
    r.legacy_chars += o.legacy_chars;
    r.html_entities += o.html_entities;
}

fn options<'a>(input: &'a InputArgs, r: &'a RecordArgs) -> Result<stream::Options<'a>, Failure> {
    if r.format == FormatArg::Text && r.on_error == OnErrorArg::Skip {
        return Err(Failure(
            "--on-error skip works per record: --format lines or jsonl".into(),
        ));
    }
    Ok(stream::Options::new(input, r, false))
}

/// Runs `turn` over each document: the whole input (text), each line, or
/// the text of each JSON record; returns what was counted.
fn each_document(
    input: &InputArgs,
    r: &RecordArgs,
    whole: impl FnOnce(Vec<u8>) -> Result<(String, Changes), Failure>,
    turn: impl Fn(&str) -> (String, Changes) + Sync,
    // A line that is no UTF-8, turned, when the command can read it
    // otherwise.
    raw_line: impl Fn(&[u8]) -> Option<(String, Changes)> + Sync,
    // What the summary line says changed.
    changed: &str,
) -> Result<Changes, Failure> {
    let o = options(input, r)?;
    if r.format == FormatArg::Text {
        let (out, changes) = whole(read_input(input)?)?;
        let mut w = Output::create(o.output)?;
        w.write_all(out.as_bytes())?;
        w.finish()?;
        return Ok(changes);
    }
    let skip = r.on_error == OnErrorArg::Skip;
    let one = |line: &Line| -> Outcome<Changes> {
        let (mut out, changes) = if r.format == FormatArg::Jsonl {
            let record = match stream::line_record(line, &r.field) {
                Ok(Some(record)) => record,
                Ok(None) => return Ok(Done::Nothing),
                Err(e) => return stream::bad(skip, &o.name, line, e),
            };
            let (text, changes) = turn(record.text());
            match record.into_line_text(text) {
                Ok(l) => (l, changes),
                Err(e) => return stream::bad(skip, &o.name, line, e.to_string()),
            }
        } else {
            let (text, changes) = match stream::line_text(line) {
                Ok(text) => turn(text),
                Err(e) => match raw_line(trim_line(&line.1)) {
                    Some(done) => done,
                    None => return stream::bad(skip, &o.name, line, e),
                },
            };
            // One output line an input line, whatever the text holds.
            (text.replace(['\n', '\r'], " "), changes)
        };
        out.push('\n');
        Ok(Done::Out(out.into_bytes(), changes))
    };
    let (result, changes) = stream::run(&o, one);
    eprintln!(
        "vnclean: {} documents: {} {changed}; {} bad records skipped",
        changes.docs, changes.changed, changes.bad
    );
    result.map(|()| changes)
}

/// A line's bytes without its line break.
fn trim_line(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

pub(crate) fn normalize(a: &NormalizeArgs) -> Result<(), Failure> {
    let name = input_name(&a.input);
    let config = a.config();
    let from = match config.legacy {
        Legacy::From(enc) => Some(enc),
        _ => None,
    };
    let normalizer = Normalizer::with_config(config.clone());
    let turn = |text: &str| {
        let out = normalizer.normalize(text);
        let changes = Changes {
            docs: 1,
            changed: usize::from(matches!(out.text, std::borrow::Cow::Owned(_))),
            bad: 0,
            report: out.report,
        };
        (out.text.into_owned(), changes)
    };
    // Raw legacy bytes are decoded first, then the rest is normalised; the
    // report says so as it would for Latin-1 look-alike input.
    let raw_normalizer = Normalizer::with_config(NormalizeConfig {
        legacy: Legacy::Off,
        ..config.clone()
    });
    let raw = |bytes: &[u8]| {
        let enc = from?;
        let decoded = enc.decode_bytes(bytes);
        let out = raw_normalizer.normalize(&decoded);
        let mut report = out.report;
        report.legacy_encoding = Some(enc);
        report.legacy_chars += bytes.iter().filter(|b| !b.is_ascii()).count();
        let changes = Changes {
            docs: 1,
            changed: 1,
            bad: 0,
            report,
        };
        Some((out.text.into_owned(), changes))
    };
    let whole = |bytes: Vec<u8>| -> Result<(String, Changes), Failure> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(turn(&text)),
            Err(e) => match raw(e.as_bytes()) {
                Some(done) => Ok(done),
                None => utf8_input(
                    &name,
                    e.into_bytes(),
                    "; if the file is in a legacy Vietnamese encoding, pass --from tcvn3|vni|viscii",
                )
                .map(|text| turn(&text)),
            },
        }
    };
    let changes = each_document(&a.input, &a.records, whole, turn, raw, "changed")?;
    if let Some(path) = &a.report {
        let json =
            serde_json::to_string_pretty(&changes.report).map_err(|e| Failure(e.to_string()))?;
        fs::write(path, json + "\n").map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

pub(crate) fn fold(a: &FoldArgs) -> Result<(), Failure> {
    let name = input_name(&a.input);
    let turn = |text: &str| {
        let changes = Changes {
            docs: 1,
            changed: 1,
            ..Changes::default()
        };
        (vnclean::fold(text).as_str().to_owned(), changes)
    };
    let whole = |bytes: Vec<u8>| -> Result<(String, Changes), Failure> {
        let text = utf8_input(&name, bytes, "")?;
        // The input's final line break ends the output's line; it is not a
        // word break inside it.
        let body = text.strip_suffix('\n').unwrap_or(&text);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let (mut out, changes) = turn(body);
        out.push('\n');
        Ok((out, changes))
    };
    each_document(&a.input, &a.records, whole, turn, |_| None, "folded").map(|_| ())
}
