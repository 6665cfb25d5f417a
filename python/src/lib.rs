//! `vnclean._native`: the Rust half of the Python package. The Python half
//! (`python/vnclean/`) re-exports these types and adds the datatrove and
//! Spark integrations.
//!
//! Everything heavy runs with the GIL released ([`Python::detach`]); a
//! batch runs on a rayon pool of the size the caller asks for. Objects are
//! `frozen` (immutable once built), so one `Cleaner` serves many threads
//! without locks, and pickles as its options: a worker process rebuilds it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use pyo3::exceptions::{PyFileNotFoundError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use serde::Serialize;
use vnclean::{
    BuildError, Cleaner, CleanerOptions, Encoding, Finding, Legacy, Mode, NormalizeConfig,
    Normalizer, Record, Report, ToneStyle,
};

/// A str argument as UTF-8, or the error a Python caller can act on:
/// `TypeError` for a value that is not a str, `ValueError` naming the
/// place of a lone surrogate (which UTF-8 cannot hold).
fn text_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<&'a str> {
    let s = obj.cast::<PyString>().map_err(|_| {
        let kind = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        PyTypeError::new_err(format!("{what} must be str, not {kind}"))
    })?;
    s.to_str().map_err(|e| {
        let py = obj.py();
        let at = e
            .value(py)
            .getattr("start")
            .and_then(|v| v.extract::<usize>())
            .ok();
        let what_at = match at {
            Some(at) => format!("{what} has a lone surrogate at character {at}"),
            None => format!("{what} is not valid Unicode"),
        };
        PyValueError::new_err(format!(
            "{what_at}, which no UTF-8 text can hold (decode the source with \
             errors='replace' or fix it): {e}"
        ))
    })
}

/// The output when it differs from the input: unchanged text goes back to
/// Python as the very object that came in.
fn changed(input: &str, out: std::borrow::Cow<'_, str>) -> Option<String> {
    match out {
        std::borrow::Cow::Owned(s) if s != input => Some(s),
        _ => None,
    }
}

/// A setting's name read as its value, or a `ValueError` in Python's words.
fn parse<T: std::str::FromStr>(name: &str, what: &str, expected: &str) -> PyResult<T> {
    name.parse()
        .map_err(|_| PyValueError::new_err(format!("unknown {what} '{name}': expected {expected}")))
}

/// The serde name of a report value (`"injected"`, `"lexicon"`, ...).
fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A JSON text as Python objects, by the standard library's parser (the
/// report is small; its JSON is the CLI's, member order included).
fn json_loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

fn to_json<T: Serialize>(v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Rayon pools by size, built once: a pool costs a thread start per
/// worker, too much to pay per batch.
fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let pools = POOLS.get_or_init(Mutex::default);
    let mut pools = pools
        .lock()
        .map_err(|_| PyValueError::new_err("thread pool registry poisoned"))?;
    if let Some(p) = pools.get(&threads) {
        return Ok(p.clone());
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("vnclean-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let p = Arc::new(p);
    pools.insert(threads, p.clone());
    Ok(p)
}

/// `f` over `items`, on `threads` threads (0: one per core).
fn run_batch<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync + Send,
) -> PyResult<Vec<R>> {
    use rayon::prelude::*;
    if threads == 1 || items.len() < 2 {
        return Ok(items.iter().map(f).collect());
    }
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    Ok(pool(threads)?.install(|| items.par_iter().map(f).collect()))
}

/// The str arguments of a batch, with what each one's error calls it.
fn texts_of<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyString>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not one str (use clean() for one text)",
        ));
    }
    let mut out = Vec::new();
    for (i, t) in texts.try_iter()?.enumerate() {
        let t = t?;
        // Checked here so that the error names the item.
        text_of(&t, &format!("texts[{i}]"))?;
        out.push(t.cast_into::<PyString>().map_err(PyErr::from)?);
    }
    Ok(out)
}

/// The columns `Cleaner._clean_arrow` returns.
type ArrowColumns<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Vec<Option<&'static str>>,
    Vec<Option<f64>>,
    Vec<Option<usize>>,
    Vec<Option<String>>,
    Vec<Option<String>>,
);

/// One row of an Arrow column, cleaned.
enum ArrowRow {
    Null,
    Error(String),
    /// The output when it changed, the report and its JSON.
    Done(Option<String>, Report, String),
}

/// The `i`th offset of an Arrow offsets buffer.
fn arrow_offset(offsets: &[u8], large: bool, i: usize) -> Option<usize> {
    if large {
        let b = offsets.get(i * 8..i * 8 + 8)?;
        usize::try_from(i64::from_le_bytes(b.try_into().ok()?)).ok()
    } else {
        let b = offsets.get(i * 4..i * 4 + 4)?;
        usize::try_from(i32::from_le_bytes(b.try_into().ok()?)).ok()
    }
}

/// The raw bytes of row `i` (empty when the buffers do not hold it).
fn row_bytes<'a>(offsets: &[u8], data: &'a [u8], large: bool, i: usize) -> &'a [u8] {
    match (
        arrow_offset(offsets, large, i),
        arrow_offset(offsets, large, i + 1),
    ) {
        (Some(a), Some(b)) => data.get(a..b).unwrap_or_default(),
        _ => &[],
    }
}

/// Each row of an Arrow string column: None for a null, the text, or why
/// it cannot be read. Buffers that do not describe `length` rows are an
/// error for the whole column.
fn arrow_rows<'a>(
    length: usize,
    offsets: &[u8],
    data: &'a [u8],
    validity: Option<&[u8]>,
    large: bool,
) -> PyResult<Vec<Option<Result<&'a str, String>>>> {
    let width = if large { 8 } else { 4 };
    if offsets.len() < (length + 1) * width {
        return Err(PyValueError::new_err(format!(
            "offsets buffer of {} bytes is too short for {length} rows",
            offsets.len()
        )));
    }
    if let Some(v) = validity {
        if v.len() * 8 < length {
            return Err(PyValueError::new_err(format!(
                "validity bitmap of {} bytes is too short for {length} rows",
                v.len()
            )));
        }
    }
    let mut rows = Vec::with_capacity(length);
    for i in 0..length {
        let valid = validity.is_none_or(|v| v.get(i / 8).is_some_and(|b| b >> (i % 8) & 1 == 1));
        if !valid {
            rows.push(None);
            continue;
        }
        let (a, b) = match (
            arrow_offset(offsets, large, i),
            arrow_offset(offsets, large, i + 1),
        ) {
            (Some(a), Some(b)) if a <= b && b <= data.len() => (a, b),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "row {i}: offsets outside the data buffer of {} bytes",
                    data.len()
                )))
            }
        };
        let bytes = data.get(a..b).unwrap_or_default();
        // (Checked with SIMD: with core's check, the bytes took an eighth
        // of the whole call on Vietnamese text.)
        rows.push(Some(vnclean::utf8(bytes).map_err(|e| {
            format!(
                "row {i}: invalid UTF-8 at byte {} of the text",
                e.valid_up_to()
            )
        })));
    }
    Ok(rows)
}

/// An Arrow string column as its buffers (see `_clean_arrow`).
struct ArrowColumn<'a> {
    length: usize,
    offsets: &'a [u8],
    data: &'a [u8],
    validity: Option<&'a [u8]>,
    large: bool,
}

impl ArrowColumn<'_> {
    /// `one` over each readable row, with the GIL released, on `threads`
    /// threads: a null stays null and a row that is not UTF-8 comes back
    /// with its error; then the column and report columns for Python.
    fn map<'py>(
        &self,
        py: Python<'py>,
        threads: usize,
        one: impl Fn(&str) -> ArrowRow + Sync,
    ) -> PyResult<ArrowColumns<'py>> {
        let rows = arrow_rows(
            self.length,
            self.offsets,
            self.data,
            self.validity,
            self.large,
        )?;
        let cleaned = py.detach(|| {
            run_batch(&rows, threads, |row| match row {
                None => ArrowRow::Null,
                Some(Err(e)) => ArrowRow::Error(e.clone()),
                Some(Ok(text)) => one(text),
            })
        })?;
        arrow_columns(
            py,
            self.length,
            self.offsets,
            self.data,
            self.large,
            cleaned,
        )
    }
}

/// The Python side of a cleaned Arrow column: its offsets and data (a row
/// that did not change, or could not be cleaned, keeps its bytes) and, per
/// row, the verdict, score, number of findings, JSON report and error.
fn arrow_columns<'py>(
    py: Python<'py>,
    length: usize,
    offsets: &[u8],
    data: &[u8],
    large: bool,
    cleaned: Vec<ArrowRow>,
) -> PyResult<ArrowColumns<'py>> {
    let width = if large { 8 } else { 4 };
    let mut new_offsets = Vec::with_capacity((length + 1) * width);
    let push_offset = |buf: &mut Vec<u8>, at: usize| -> PyResult<()> {
        if large {
            buf.extend_from_slice(&(at as i64).to_le_bytes());
        } else {
            let at = i32::try_from(at).map_err(|_| {
                PyValueError::new_err("cleaned column over 2 GiB: use large_string")
            })?;
            buf.extend_from_slice(&at.to_le_bytes());
        }
        Ok(())
    };
    push_offset(&mut new_offsets, 0)?;
    let n = cleaned.len();
    let (mut verdicts, mut scores, mut counts) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut reports, mut errors) = (Vec::with_capacity(n), Vec::with_capacity(n));
    // Each row's output bytes, borrowed from the input where the text
    // did not change, so that the column is copied once, straight into
    // the Python bytes object (which pyo3 zero-fills first).
    let mut pieces: Vec<std::borrow::Cow<'_, [u8]>> = Vec::with_capacity(n);
    let mut end = 0;
    for (i, out) in cleaned.into_iter().enumerate() {
        let piece = match out {
            ArrowRow::Done(changed, report, json) => {
                verdicts.push(Some(report.verdict.name()));
                scores.push(Some(report.score));
                counts.push(Some(report.findings.len()));
                reports.push(Some(json));
                errors.push(None);
                match changed {
                    Some(s) => std::borrow::Cow::Owned(s.into_bytes()),
                    None => std::borrow::Cow::Borrowed(row_bytes(offsets, data, large, i)),
                }
            }
            ArrowRow::Null | ArrowRow::Error(_) => {
                verdicts.push(None);
                scores.push(None);
                counts.push(None);
                reports.push(None);
                errors.push(match out {
                    ArrowRow::Error(e) => Some(e),
                    _ => None,
                });
                // A null keeps the bytes under it (none, as a rule);
                // text that is not UTF-8 comes back decoded with U+FFFD
                // for the bad bytes, since an Arrow string column holds
                // only UTF-8 (`error` says why it was not cleaned).
                match String::from_utf8_lossy(row_bytes(offsets, data, large, i)) {
                    std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
                    std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
                }
            }
        };
        end += piece.len();
        push_offset(&mut new_offsets, end)?;
        pieces.push(piece);
    }
    let new_data = PyBytes::new_with(py, end, |buf| {
        let mut at = 0;
        for p in &pieces {
            buf[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        Ok(())
    })?;
    Ok((
        PyBytes::new(py, &new_offsets),
        new_data,
        verdicts,
        scores,
        counts,
        reports,
        errors,
    ))
}

/// The UTF-8 of texts [`texts_of`] checked (read again from the cache
/// each str keeps of it).
fn strs_of<'a>(texts: &'a [Bound<'_, PyString>]) -> PyResult<Vec<&'a str>> {
    texts.iter().map(|t| t.to_str()).collect()
}

/// One document's result before it becomes Python objects.
struct Raw {
    /// The output, when it differs from the input.
    text: Option<String>,
    report: Report,
    chars: Vec<(usize, usize)>,
}

/// Finds, strips or repairs Vietnamese SEO spam, and normalises.
///
/// mode: "repair" puts back the word a phrase displaced and cuts the rest,
/// "strip" cuts, "flag" changes nothing. lexicons: files added to the
/// default lexicon. lm: a language model file for repair.
///
/// Build once and share: immutable, safe across threads, and pickled as
/// its options (a worker process rebuilds it from its files).
///
/// >>> import vnclean
/// >>> c = vnclean.Cleaner(mode="strip")
/// >>> out = c.clean("Hội khuyến học trao thưởng, xem soi keo nha cai ngay.")
/// >>> out.text, out.verdict
/// ('Hội khuyến học trao thưởng, xem ngay.', 'injected')
/// >>> c.check("Lịch thi đấu bóng đá hôm nay trên VTV6.")
/// ('clean', 0.0)
#[pyclass(frozen, module = "vnclean", name = "Cleaner")]
struct PyCleaner {
    options: CleanerOptions,
    cleaner: Cleaner,
}

impl PyCleaner {
    fn raw(&self, text: &str, check: bool) -> Raw {
        let (out, report) = if check {
            (None, self.cleaner.check(text))
        } else {
            let c = self.cleaner.clean(text);
            (changed(text, c.text), c.report)
        };
        let chars = if report.findings.is_empty() {
            Vec::new()
        } else {
            let spans = report.char_spans(&self.cleaner.offsets_text(text, &report));
            spans.iter().map(|s| (s.start, s.end)).collect()
        };
        Raw {
            text: out,
            report,
            chars,
        }
    }

    /// One text cleaned (or, with `check`, only read), the GIL released.
    fn one(&self, py: Python<'_>, text: &Bound<'_, PyAny>, check: bool) -> PyResult<Py<PyCleaned>> {
        let s = text_of(text, "text")?;
        let raw = py.detach(|| self.raw(s, check));
        let input = text.cast::<PyString>().map_err(PyErr::from)?;
        PyCleaner::wrap(py, input, raw)
    }

    fn wrap(py: Python<'_>, input: &Bound<'_, PyString>, raw: Raw) -> PyResult<Py<PyCleaned>> {
        let text = match raw.text {
            Some(s) => PyString::new(py, &s).unbind(),
            None => input.clone().unbind(),
        };
        Py::new(
            py,
            PyCleaned {
                text,
                report: raw.report,
                chars: raw.chars,
            },
        )
    }
}

fn path_strs(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

fn build_error(e: BuildError) -> PyErr {
    let msg = e.to_string();
    match e {
        BuildError::Lexicon(l) if l.line == 0 => PyFileNotFoundError::new_err(msg),
        _ => PyValueError::new_err(msg),
    }
}

#[pymethods]
impl PyCleaner {
    #[new]
    #[pyo3(signature = (mode = "repair", normalize = true, tone_style = "traditional",
                        lexicons = None, default_lexicon = true, lm = None))]
    fn new(
        py: Python<'_>,
        mode: &str,
        normalize: bool,
        tone_style: &str,
        lexicons: Option<Vec<PathBuf>>,
        default_lexicon: bool,
        lm: Option<PathBuf>,
    ) -> PyResult<PyCleaner> {
        let lexicons = lexicons.unwrap_or_default();
        let mode: Mode = parse(mode, "mode", "repair, strip or flag")?;
        let tone_style: ToneStyle = parse(tone_style, "tone style", "traditional, modern or keep")?;
        if let Some(path) = lm.as_ref().filter(|p| !p.exists()) {
            return Err(PyFileNotFoundError::new_err(format!(
                "{}: no such language model file",
                path.display()
            )));
        }
        let options = CleanerOptions {
            mode,
            normalize,
            tone_style,
            lexicons,
            default_lexicon,
            lm,
        };
        let built = py.detach(|| options.build());
        let cleaner = built.map_err(build_error)?;
        Ok(PyCleaner { options, cleaner })
    }

    /// The mode: "repair", "strip" or "flag".
    #[getter]
    fn mode(&self) -> &'static str {
        self.options.mode.name()
    }

    /// The options the cleaner was built with, as keyword arguments.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let o = &self.options;
        let d = pyo3::types::PyDict::new(py);
        d.set_item("mode", o.mode.name())?;
        d.set_item("normalize", o.normalize)?;
        d.set_item("tone_style", o.tone_style.name())?;
        d.set_item("lexicons", path_strs(&o.lexicons))?;
        d.set_item("default_lexicon", o.default_lexicon)?;
        d.set_item(
            "lm",
            o.lm.as_ref().map(|p| p.to_string_lossy().into_owned()),
        )?;
        Ok(d.into_any())
    }

    /// Cleans one text.
    fn clean(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyCleaned>> {
        self.one(py, text, false)
    }

    /// Cleans many texts with the GIL released, on `threads` threads (0:
    /// one per core); the results come back in order.
    #[pyo3(signature = (texts, threads = 1))]
    fn clean_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: usize,
    ) -> PyResult<Vec<Py<PyCleaned>>> {
        let texts = texts_of(texts)?;
        let strs = strs_of(&texts)?;
        let raws = py.detach(|| run_batch(&strs, threads, |s| self.raw(s, false)))?;
        texts
            .iter()
            .zip(raws)
            .map(|(t, r)| PyCleaner::wrap(py, t, r))
            .collect()
    }

    /// The verdict ("clean", "injected" or "spam") and its score, as
    /// `vnclean check` reads them: nothing is cut, whatever the mode.
    fn check(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<(&'static str, f64)> {
        let s = text_of(text, "text")?;
        let report = py.detach(|| self.cleaner.check(s));
        Ok((report.verdict.name(), report.score))
    }

    /// The full report of `check` (findings flagged, nothing changed).
    fn scan(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Py<PyCleaned>> {
        self.one(py, text, true)
    }

    /// `check` over many texts, with the GIL released.
    #[pyo3(signature = (texts, threads = 1))]
    fn check_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: usize,
    ) -> PyResult<Vec<(&'static str, f64)>> {
        let texts = texts_of(texts)?;
        let strs = strs_of(&texts)?;
        let out = py.detach(|| {
            run_batch(&strs, threads, |s| {
                let r = self.cleaner.check(s);
                (r.verdict.name(), r.score)
            })
        })?;
        Ok(out)
    }

    /// Cleans an Arrow string column given as its buffers, for
    /// `vnclean.spark`: no Python string is made for a text in or out.
    /// `offsets` holds `length + 1` little-endian offsets (64-bit when
    /// `large`) into `data`; `validity` is the null bitmap (bit set: a
    /// value). Returns the cleaned column's offsets and data (null and
    /// unreadable rows keep their text) and, per row, the verdict, score,
    /// number of findings, JSON report and error, each None for a null.
    #[pyo3(signature = (length, offsets, data, validity = None, large = false, threads = 1))]
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    fn _clean_arrow<'py>(
        &self,
        py: Python<'py>,
        length: usize,
        offsets: &[u8],
        data: &[u8],
        validity: Option<&[u8]>,
        large: bool,
        threads: usize,
    ) -> PyResult<ArrowColumns<'py>> {
        let column = ArrowColumn {
            length,
            offsets,
            data,
            validity,
            large,
        };
        column.map(py, threads, |text| {
            let out = self.cleaner.clean(text);
            let new = changed(text, out.text);
            match serde_json::to_string(&out.report) {
                Ok(json) => ArrowRow::Done(new, out.report, json),
                Err(e) => ArrowRow::Error(e.to_string()),
            }
        })
    }

    /// Cleans an Arrow string column of JSON-lines records (as Spark's
    /// `read.text` gives them), for `vnclean.spark.clean_jsonl`: each row
    /// comes back as `vnclean clean --format jsonl` writes it (the text at
    /// `field` cleaned, the report under `report_field`, every other member
    /// as it came), without its line break. Buffers and the other columns
    /// as for `_clean_arrow`; a blank row stays blank with no report, and a
    /// row that is not such a record keeps its text, with the error.
    #[pyo3(signature = (length, offsets, data, validity = None, large = false, field = "text", report_field = "spam", threads = 1))]
    #[allow(clippy::too_many_arguments)]
    fn _clean_jsonl_arrow<'py>(
        &self,
        py: Python<'py>,
        length: usize,
        offsets: &[u8],
        data: &[u8],
        validity: Option<&[u8]>,
        large: bool,
        field: &str,
        report_field: &str,
        threads: usize,
    ) -> PyResult<ArrowColumns<'py>> {
        let column = ArrowColumn {
            length,
            offsets,
            data,
            validity,
            large,
        };
        column.map(py, threads, |line| {
            match Record::parse(line.as_bytes(), field) {
                Ok(None) => ArrowRow::Null,
                Err(e) => ArrowRow::Error(e.to_string()),
                Ok(Some(record)) => {
                    let out = self.cleaner.clean(record.text());
                    let (text, report) = (out.text.into_owned(), out.report);
                    let json = match serde_json::to_string(&report) {
                        Ok(json) => json,
                        Err(e) => return ArrowRow::Error(e.to_string()),
                    };
                    match record.into_line(text, &report, report_field) {
                        Ok(new) => ArrowRow::Done(Some(new), report, json),
                        Err(e) => ArrowRow::Error(e.to_string()),
                    }
                }
            }
        })
    }

    /// Pickles as its options: unpickling rebuilds the cleaner (reading
    /// its lexicon and model files again, which must be there).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let o = &slf.get().options;
        let args = (
            o.mode.name(),
            o.normalize,
            o.tone_style.name(),
            path_strs(&o.lexicons),
            o.default_lexicon,
            o.lm.as_ref().map(|p| p.to_string_lossy().into_owned()),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }

    fn __repr__(&self) -> String {
        let o = &self.options;
        format!(
            "Cleaner(mode={:?}, normalize={}, tone_style={:?}, lexicons={:?}, \
             default_lexicon={}, lm={:?})",
            o.mode.name(),
            if o.normalize { "True" } else { "False" },
            o.tone_style.name(),
            path_strs(&o.lexicons),
            if o.default_lexicon { "True" } else { "False" },
            o.lm.as_ref().map(|p| p.display().to_string()),
        )
    }
}

/// One cleaned text and its report.
#[pyclass(frozen, module = "vnclean", name = "Cleaned")]
struct PyCleaned {
    text: Py<PyString>,
    report: Report,
    chars: Vec<(usize, usize)>,
}

#[pymethods]
impl PyCleaned {
    /// The text with its spam handled (the input object itself when
    /// nothing changed).
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyString> {
        self.text.clone_ref(py)
    }

    /// "clean", "injected" (real text carrying spam) or "spam" (spam from
    /// top to bottom).
    #[getter]
    fn verdict(&self) -> &'static str {
        self.report.verdict.name()
    }

    /// How sure the verdict is, in [0, 1].
    #[getter]
    fn score(&self) -> f64 {
        self.report.score
    }

    /// What the findings' offsets point into: "input" (the text given) or
    /// "normalized" (the decoded text, for legacy encodings and mojibake).
    #[getter]
    fn offsets(&self) -> String {
        name_of(&self.report.offsets)
    }

    /// The spam spans, in text order.
    #[getter]
    fn findings(&self, py: Python<'_>) -> PyResult<Vec<Py<PyFinding>>> {
        self.report
            .findings
            .iter()
            .zip(&self.chars)
            .map(|(f, &(start, end))| {
                Py::new(
                    py,
                    PyFinding {
                        finding: f.clone(),
                        start,
                        end,
                    },
                )
            })
            .collect()
    }

    /// The report as a dict: what `vnclean clean --format jsonl` writes
    /// under its report field.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &to_json(&self.report)?)
    }

    /// The report as JSON text, member for member the CLI's.
    #[getter]
    fn report_json(&self) -> PyResult<String> {
        to_json(&self.report)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let text = self.text.bind(py).to_string();
        let shown: String = text.chars().take(40).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        format!(
            "Cleaned(verdict={:?}, score={:.3}, findings={}, text={:?}{more})",
            self.verdict(),
            self.report.score,
            self.report.findings.len(),
            shown
        )
    }
}

/// One spam span. `start`/`end` are Python string offsets (`text[f.start:
/// f.end] == f.text`), `byte_start`/`byte_end` UTF-8 byte offsets, both
/// into the text the report's `offsets` names.
#[pyclass(frozen, module = "vnclean", name = "Finding")]
struct PyFinding {
    finding: Finding,
    start: usize,
    end: usize,
}

#[pymethods]
impl PyFinding {
    /// Start, in characters (a Python string index).
    #[getter]
    fn start(&self) -> usize {
        self.start
    }
    /// End (exclusive), in characters.
    #[getter]
    fn end(&self) -> usize {
        self.end
    }
    /// Start, in UTF-8 bytes (the CLI report's `start`).
    #[getter]
    fn byte_start(&self) -> usize {
        self.finding.start
    }
    /// End (exclusive), in UTF-8 bytes.
    #[getter]
    fn byte_end(&self) -> usize {
        self.finding.end
    }
    /// The span's text.
    #[getter]
    fn text(&self) -> &str {
        &self.finding.text
    }
    /// The canonical (folded) phrase it is an instance of.
    #[getter]
    fn phrase(&self) -> &str {
        &self.finding.phrase
    }
    /// Which detector found it ("lexicon", "repeated", ...).
    #[getter]
    fn source(&self) -> String {
        name_of(&self.finding.source)
    }
    /// How sure, in [0, 1].
    #[getter]
    fn score(&self) -> f64 {
        self.finding.score
    }
    /// What was done: "removed", "replaced" or "flagged".
    #[getter]
    fn action(&self) -> String {
        name_of(&self.finding.action)
    }
    /// The word put in its place, when replaced.
    #[getter]
    fn replacement(&self) -> Option<&str> {
        self.finding.replacement.as_deref()
    }
    /// What the judgement rests on, as in the report.
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &to_json(&self.finding.evidence)?)
    }
    fn __repr__(&self) -> String {
        format!(
            "Finding(start={}, end={}, text={:?}, source={:?}, action={:?})",
            self.start,
            self.end,
            self.finding.text,
            self.source(),
            self.action()
        )
    }
}

/// Normalises Vietnamese text, with no spam detection: composition, tone
/// marks, look-alike letters, invisible characters, spacing, mojibake and
/// legacy encodings (legacy: "detect", "off", "tcvn3", "vni", "viscii").
///
/// >>> import vnclean
/// >>> vnclean.Normalizer(tone_style="modern").normalize("hòa thủy")
/// 'hoà thuỷ'
#[pyclass(frozen, module = "vnclean", name = "Normalizer")]
struct PyNormalizer {
    args: NormalizeArgs,
    normalizer: Normalizer,
}

/// The keyword arguments of `normalize`, kept for pickling.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct NormalizeArgs {
    tone_style: String,
    legacy: String,
    nfc: bool,
    confusables: bool,
    invisible: bool,
    spaces: bool,
    line_endings: bool,
    mojibake: bool,
    html_entities: bool,
}

impl NormalizeArgs {
    fn config(&self) -> PyResult<NormalizeConfig> {
        let legacy = match self.legacy.as_str() {
            "detect" => Legacy::Detect,
            "off" => Legacy::Off,
            "tcvn3" => Legacy::From(Encoding::Tcvn3),
            "vni" => Legacy::From(Encoding::Vni),
            "viscii" => Legacy::From(Encoding::Viscii),
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown legacy setting '{other}': expected detect, off, tcvn3, vni or viscii"
                )))
            }
        };
        Ok(NormalizeConfig {
            nfc: self.nfc,
            tone_style: parse(
                &self.tone_style,
                "tone style",
                "traditional, modern or keep",
            )?,
            confusables: self.confusables,
            invisible: self.invisible,
            spaces: self.spaces,
            line_endings: self.line_endings,
            mojibake: self.mojibake,
            legacy,
            html_entities: self.html_entities,
        })
    }
}

fn normalized<'py>(
    py: Python<'py>,
    n: &Normalizer,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyString>> {
    let s = text_of(text, "text")?;
    let out = py.detach(|| changed(s, n.normalize(s).text));
    match out {
        Some(o) => Ok(PyString::new(py, &o)),
        None => Ok(text.cast::<PyString>().map_err(PyErr::from)?.clone()),
    }
}

#[pymethods]
impl PyNormalizer {
    #[new]
    #[pyo3(signature = (tone_style = "traditional", legacy = "detect", nfc = true,
                        confusables = true, invisible = true, spaces = true,
                        line_endings = true, mojibake = true, html_entities = false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tone_style: &str,
        legacy: &str,
        nfc: bool,
        confusables: bool,
        invisible: bool,
        spaces: bool,
        line_endings: bool,
        mojibake: bool,
        html_entities: bool,
    ) -> PyResult<PyNormalizer> {
        let args = NormalizeArgs {
            tone_style: tone_style.into(),
            legacy: legacy.into(),
            nfc,
            confusables,
            invisible,
            spaces,
            line_endings,
            mojibake,
            html_entities,
        };
        let normalizer = Normalizer::with_config(args.config()?);
        Ok(PyNormalizer { args, normalizer })
    }

    /// Normalises one text.
    fn normalize<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyString>> {
        normalized(py, &self.normalizer, text)
    }

    /// Normalises many texts with the GIL released.
    #[pyo3(signature = (texts, threads = 1))]
    fn normalize_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: usize,
    ) -> PyResult<Vec<Bound<'py, PyString>>> {
        let texts = texts_of(texts)?;
        let strs = strs_of(&texts)?;
        let outs = py.detach(|| {
            run_batch(&strs, threads, |s| {
                changed(s, self.normalizer.normalize(s).text)
            })
        })?;
        Ok(texts
            .into_iter()
            .zip(outs)
            .map(|(t, o)| match o {
                Some(o) => PyString::new(py, &o),
                None => t,
            })
            .collect())
    }

    /// Pickles as its settings.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let a = &slf.get().args;
        let args = (
            a.tone_style.as_str(),
            a.legacy.as_str(),
            a.nfc,
            a.confusables,
            a.invisible,
            a.spaces,
            a.line_endings,
            a.mojibake,
            a.html_entities,
        )
            .into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// Normalises one text with the default rules and `tone_style`.
///
/// >>> import vnclean
/// >>> vnclean.normalize("Viá»‡t Nam  ho\u0300a bi\u0300nh")
/// 'Việt Nam hòa bình'

#[pyfunction]
#[pyo3(signature = (text, tone_style = "traditional"))]
fn normalize<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    tone_style: &str,
) -> PyResult<Bound<'py, PyString>> {
    // One normaliser per style, built once: it keeps caches across calls.
    static BY_STYLE: OnceLock<[Normalizer; 3]> = OnceLock::new();
    let all = BY_STYLE.get_or_init(|| {
        [ToneStyle::Traditional, ToneStyle::Modern, ToneStyle::Keep].map(|tone_style| {
            Normalizer::with_config(NormalizeConfig {
                tone_style,
                ..NormalizeConfig::default()
            })
        })
    });
    let style: ToneStyle = parse(tone_style, "tone style", "traditional, modern or keep")?;
    let n = match style {
        ToneStyle::Traditional => &all[0],
        ToneStyle::Modern => &all[1],
        ToneStyle::Keep => &all[2],
    };
    normalized(py, n, text)
}

/// The accent- and obfuscation-insensitive search key of a text: lower
/// case, no marks, look-alikes and invisible characters resolved, one
/// space between words.
///
/// >>> import vnclean
/// >>> vnclean.fold("S\u200bOI kèо nhà CÁI")
/// 'soi keo nha cai'

#[pyfunction]
fn fold(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = text_of(text, "text")?;
    Ok(py.detach(|| vnclean::fold(s).as_str().to_string()))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCleaner>()?;
    m.add_class::<PyCleaned>()?;
    m.add_class::<PyFinding>()?;
    m.add_class::<PyNormalizer>()?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(fold, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
