//! JSON-lines records: reading the text field out of one line and writing
//! the cleaned text and its report back, every other field kept in order.
//! This is the contract `vnclean clean --format jsonl` keeps, in the library
//! so that it can be fuzzed and reused.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::clean::Report;

/// One JSON-lines record, parsed, with the (possibly dotted) path of its
/// text field. With a top-level field, every other member is written back
/// byte for byte as it came (its spacing included, line breaks aside), and
/// so is the text when cleaning left it unchanged; records the JSON value
/// parser refuses are refused, with its message.
///
/// # Example
/// ```
/// use vnclean::{Cleaner, Record};
///
/// let line = r#"{"id": 7, "meta": {"text": "Hội khuyến học trao thưởng, xem soi keo nha cai."}}"#;
/// let record = Record::parse(line.as_bytes(), "meta.text").unwrap().unwrap();
/// let out = Cleaner::new().clean(record.text());
/// // The cleaned text may borrow from the record: own it first.
/// let (text, report) = (out.text.into_owned(), out.report);
/// let written = record.into_line(text, &report, "spam").unwrap();
/// assert!(written.starts_with(r#"{"id":7,"meta":{"text":"Hội khuyến học trao thưởng, xem."}"#));
/// assert!(written.contains(r#""spam":{"verdict":"injected""#));
/// ```
#[derive(Clone, Debug)]
pub struct Record {
    field: String,
    body: Body,
}

/// How a record is held.
#[derive(Clone, Debug)]
enum Body {
    /// A top-level text field: the line, its members as raw JSON, and the
    /// text. Members go back out as they came in, byte for byte, and so
    /// does the text when cleaning left it as it was: no re-encoding of
    /// what did not change.
    Flat {
        line: String,
        /// Each member's key and the byte range of its raw value in `line`,
        /// in order (a repeated key keeps its first place, its last value).
        members: Vec<(String, Range<usize>)>,
        /// The text field's member.
        at: usize,
        /// The text, when its JSON string has escapes; else it is the raw
        /// string's inside.
        unescaped: Option<String>,
        id: Option<Value>,
    },
    /// A dotted path: the whole record as a value.
    Nested(Value),
}

/// Why a line is not a record vnclean can clean. Its `Display` is the
/// message the CLI prints after the file name and line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// The line is not UTF-8; `at` is the byte where it stops being so.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte in the line.
        at: usize,
    },
    /// The line is longer than [`Record::MAX_LEN`].
    TooLong {
        /// The line's length in bytes.
        len: usize,
    },
    /// The line is not JSON (serde_json's message).
    InvalidJson(String),
    /// The line is JSON but not an object.
    NotAnObject,
    /// A part of a dotted path is missing or not an object.
    NoObject {
        /// The missing part.
        part: String,
        /// The whole path.
        path: String,
    },
    /// The field is missing.
    NoField(String),
    /// The field is there but not a string.
    NotAString(String),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::InvalidUtf8 { at } => {
                write!(f, "invalid UTF-8 at byte {at} of the line")
            }
            RecordError::TooLong { len } => write!(
                f,
                "record of {len} bytes is over the limit of {}",
                Record::MAX_LEN
            ),
            RecordError::InvalidJson(e) => write!(f, "invalid JSON: {e}"),
            RecordError::NotAnObject => f.write_str("the record is not a JSON object"),
            RecordError::NoObject { part, path } => {
                write!(f, "no object {part:?} on the path {path:?}")
            }
            RecordError::NoField(field) => write!(f, "no field {field:?}"),
            RecordError::NotAString(field) => write!(f, "field {field:?} is not a string"),
        }
    }
}

impl std::error::Error for RecordError {}

impl Record {
    /// The longest line read as a record (64 MiB): one document larger
    /// than this is far more likely a broken file than a text.
    pub const MAX_LEN: usize = 64 << 20;

    /// Reads one line (its line break, `\n` or `\r\n`, may be left on) as a
    /// record whose text is at `field`, a dotted path for nested objects
    /// (`meta.text`). A blank line is `Ok(None)`: JSON lines allow them and
    /// they hold no record.
    pub fn parse(line: &[u8], field: &str) -> Result<Option<Record>, RecordError> {
        if line.len() > Record::MAX_LEN {
            return Err(RecordError::TooLong { len: line.len() });
        }
        let line = utf8(line).map_err(|e| RecordError::InvalidUtf8 {
            at: e.valid_up_to(),
        })?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            return Ok(None);
        }
        if !field.contains('.') {
            if let Some(body) = flat(line, field) {
                return Ok(Some(Record {
                    field: field.to_string(),
                    body,
                }));
            }
        }
        // Nested fields, and every bad record: the error is the value
        // parser's (serde_json stops at 128 levels of nesting, so a hostile
        // record cannot exhaust the stack).
        let mut value: Value =
            serde_json::from_str(line).map_err(|e| RecordError::InvalidJson(e.to_string()))?;
        let (obj, key) = field_mut(&mut value, field)?;
        match obj.get(key) {
            Some(Value::String(_)) => {}
            Some(_) => return Err(RecordError::NotAString(field.to_string())),
            None => return Err(RecordError::NoField(field.to_string())),
        }
        Ok(Some(Record {
            field: field.to_string(),
            body: Body::Nested(value),
        }))
    }

    /// The text to clean.
    pub fn text(&self) -> &str {
        match &self.body {
            Body::Flat {
                line,
                members,
                at,
                unescaped,
                ..
            } => unescaped.as_deref().unwrap_or_else(|| {
                members
                    .get(*at)
                    .and_then(|(_, raw)| line.get(raw.start + 1..raw.end - 1))
                    .unwrap_or_default()
            }),
            Body::Nested(value) => {
                let mut v = value;
                for part in self.field.split('.') {
                    v = v.get(part).unwrap_or(&Value::Null);
                }
                // `parse` made sure the path leads to a string.
                v.as_str().unwrap_or_default()
            }
        }
    }

    /// The record's top-level `id`, when it has one.
    pub fn id(&self) -> Option<&Value> {
        match &self.body {
            Body::Flat { id, .. } => id.as_ref(),
            Body::Nested(value) => value.get("id"),
        }
    }

    /// The record as one JSON line (no line break): `text` in place of the
    /// field's text and `report` under `report_field` (a dotted path too;
    /// its parent objects must exist).
    pub fn into_line(
        self,
        text: String,
        report: &Report,
        report_field: &str,
    ) -> Result<String, RecordError> {
        self.write(text, Some((report, report_field)))
    }

    /// The record as one JSON line (no line break) with `text` in place of
    /// the field's text and nothing added: what `vnclean normalize` and
    /// `vnclean fold` write. Every other member is written back as it came.
    ///
    /// # Example
    /// ```
    /// use vnclean::{Normalizer, Record};
    ///
    /// let line = r#"{"id": 7, "text": "Vie\u0302\u0323t  Nam"}"#;
    /// let record = Record::parse(line.as_bytes(), "text").unwrap().unwrap();
    /// let text = Normalizer::new().normalize(record.text()).text.into_owned();
    /// assert_eq!(record.into_line_text(text).unwrap(), r#"{"id":7,"text":"Việt Nam"}"#);
    /// ```
    pub fn into_line_text(self, text: String) -> Result<String, RecordError> {
        self.write::<Report>(text, None)
    }

    fn write<R: serde::Serialize>(
        self,
        text: String,
        report: Option<(&R, &str)>,
    ) -> Result<String, RecordError> {
        let json = |e: serde_json::Error| RecordError::InvalidJson(e.to_string());
        let unchanged = text == self.text();
        let report_field = report.map_or("", |(_, f)| f);
        let (line, members, at) = match self.body {
            Body::Flat {
                line, members, at, ..
            } if !report_field.contains('.') => (line, members, at),
            body => {
                let value = nested(body, &self.field, text, report)?;
                return serde_json::to_string(&value).map_err(json);
            }
        };
        let report = match report {
            Some((r, _)) => Some(serde_json::to_string(r).map_err(json)?),
            None => None,
        };
        // Sized once: the line, the report, a changed text's escapes.
        let extra = report.as_ref().map_or(0, String::len);
        let mut out = String::with_capacity(line.len() + line.len() / 8 + extra + 32);
        out.push('{');
        let mut reported = false;
        for (k, (key, raw)) in members.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(key).map_err(json)?);
            out.push(':');
            match &report {
                Some(r) if key == report_field => {
                    out.push_str(r);
                    reported = true;
                }
                _ if k == at && !unchanged => {
                    out.push_str(&serde_json::to_string(&text).map_err(json)?);
                }
                _ => out.push_str(line.get(raw.clone()).unwrap_or_default()),
            }
        }
        if let (Some(r), false) = (&report, reported) {
            if !members.is_empty() {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(report_field).map_err(json)?);
            out.push(':');
            out.push_str(r);
        }
        out.push('}');
        Ok(out)
    }
}

/// The record's value with `text` at `field` and, when given, the report
/// at its field, either a dotted path.
fn nested<R: serde::Serialize>(
    body: Body,
    field: &str,
    text: String,
    report: Option<(&R, &str)>,
) -> Result<Value, RecordError> {
    let json = |e: serde_json::Error| RecordError::InvalidJson(e.to_string());
    let mut value = match body {
        Body::Nested(value) => value,
        Body::Flat { line, .. } => serde_json::from_str(&line).map_err(json)?,
    };
    let (obj, key) = field_mut(&mut value, field)?;
    obj.insert(key.to_string(), Value::String(text));
    if let Some((report, report_field)) = report {
        let report = serde_json::to_value(report).map_err(json)?;
        let (obj, key) = field_mut(&mut value, report_field)?;
        obj.insert(key.to_string(), report);
    }
    Ok(value)
}

/// `line` read as an object whose member `field` is a string, its members
/// kept raw; `None` when it is not (the value parser then says why).
fn flat(line: &str, field: &str) -> Option<Body> {
    let Members(raw) = serde_json::from_str::<Members>(line).ok()?;
    let base = line.as_ptr() as usize;
    // A repeated key keeps its first place and takes its last value, as in
    // the value parser's map; looked up by hash, so that a record of many
    // members stays linear.
    let mut place: HashMap<&str, usize> = HashMap::with_capacity(raw.len());
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    let mut firsts: Vec<bool> = Vec::with_capacity(raw.len());
    for (k, (key, value)) in raw.iter().enumerate() {
        // A borrowed raw value is a slice of the line.
        let start = (value.get().as_ptr() as usize).checked_sub(base)?;
        let span = start..start + value.get().len();
        if line.get(span.clone()) != Some(value.get()) {
            return None;
        }
        // The value parser refuses records nested past its limit; so does
        // this one, to read every record the same way. A line break between
        // a value's tokens would break the output line: such a record is
        // written back by the value path, without the spacing.
        let broken = memchr::memchr2(b'\n', b'\r', value.get().as_bytes()).is_some();
        if 1 + depth(value.get()) >= DEPTH_LIMIT || broken {
            return None;
        }
        let first = *place.entry(key.as_str()).or_insert(k);
        if let Some(s) = spans.get_mut(first) {
            *s = span.clone();
        }
        spans.push(span);
        firsts.push(first == k);
    }
    let members: Vec<(String, Range<usize>)> = raw
        .into_iter()
        .zip(spans)
        .zip(firsts)
        .filter_map(|(((key, _), span), first)| first.then_some((key, span)))
        .collect();
    let at = members.iter().position(|(k, _)| k == field)?;
    // Reading a raw value only skips it: a lone surrogate escape or a
    // number out of range passes. Each member is read once as a value too,
    // so that only records the value parser takes are taken (and written
    // back); the text is read below.
    for (k, (_, span)) in members.iter().enumerate() {
        if k != at {
            serde_json::from_str::<Value>(line.get(span.clone())?).ok()?;
        }
    }
    let raw = line.get(members.get(at)?.1.clone())?;
    if !raw.starts_with('"') {
        return None;
    }
    let unescaped = if raw.contains('\\') {
        Some(serde_json::from_str::<String>(raw).ok()?)
    } else {
        None
    };
    let id = match members.iter().find(|(k, _)| k == "id") {
        Some((_, span)) => Some(serde_json::from_str(line.get(span.clone())?).ok()?),
        None => None,
    };
    Some(Body::Flat {
        line: line.to_string(),
        members,
        at,
        unescaped,
        id,
    })
}

/// serde_json's nesting limit: a value this deep is an error.
const DEPTH_LIMIT: usize = 128;

/// How deep arrays and objects nest in the JSON value `raw`.
fn depth(raw: &str) -> usize {
    if !raw.starts_with(['[', '{']) {
        return 0;
    }
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in raw.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// A JSON object's members, their values unparsed.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Members<'de>, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    members.push((key, map.next_value::<&RawValue>()?));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// `bytes` as UTF-8, checked with SIMD. std's check runs at about 300 MB/s
/// on Vietnamese text on our 2-core machine, a seventh of a pipeline's
/// time; simdutf8's at about 6 GB/s. Its error has no position, so std
/// tells where, once the bytes are known to be bad.
///
/// ```
/// assert_eq!(vnclean::utf8("Hội khuyến học".as_bytes()), Ok("Hội khuyến học"));
/// assert_eq!(vnclean::utf8(b"ab\xffcd").unwrap_err().valid_up_to(), 2);
/// ```
pub fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

/// The object holding the last part of a dotted `path`, and that part.
fn field_mut<'v, 'p>(
    v: &'v mut Value,
    path: &'p str,
) -> Result<(&'v mut Map<String, Value>, &'p str), RecordError> {
    let (parents, last) = match path.rsplit_once('.') {
        Some((parents, last)) => (Some(parents), last),
        None => (None, path),
    };
    let mut obj = v.as_object_mut().ok_or(RecordError::NotAnObject)?;
    for part in parents.into_iter().flat_map(|p| p.split('.')) {
        obj = obj
            .get_mut(part)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| RecordError::NoObject {
                part: part.to_string(),
                path: path.to_string(),
            })?;
    }
    Ok((obj, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cleaner;

    #[test]
    fn errors_say_what_is_wrong() {
        let err = |line: &[u8], field| Record::parse(line, field).unwrap_err().to_string();
        assert_eq!(
            err(b"{\"a\": \"\xff\"}", "a"),
            "invalid UTF-8 at byte 7 of the line"
        );
        assert!(err(b"{\"text\": ", "text").starts_with("invalid JSON: EOF"));
        assert_eq!(err(b"[1]", "text"), "the record is not a JSON object");
        assert_eq!(err(b"{}", "text"), "no field \"text\"");
        assert_eq!(
            err(b"{\"text\": 3}", "text"),
            "field \"text\" is not a string"
        );
        assert_eq!(
            err(b"{\"meta\": 3}", "meta.text"),
            "no object \"meta\" on the path \"meta.text\""
        );
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(err(deep.as_bytes(), "text").contains("recursion limit"));
        assert!(Record::parse(b" \r\n", "text").unwrap().is_none());
    }

    /// Top-level fields are kept raw and written back as they came; the
    /// result must be the JSON value the value parser would have written,
    /// whatever the spacing, escapes, repeated keys or field positions.
    #[test]
    fn raw_members_write_back_the_same_value() {
        let lines = [
            r#"{"text": "Hội khuyến học"}"#,
            r#"{ "id" : 7 , "text" : "xem soi keo nha cai" , "a" : [ 1 , {"b": null} ] }"#,
            r#"{"text": "dòng một\ndòng hai \"trích\" \u1ec7 \\ hết", "n": 1.0e3}"#,
            r#"{"text": "soi keo nha cai", "spam": {"old": true}, "z": "\u00e9"}"#,
            r#"{"text": "a", "text": "xem soi keo nha cai", "x\"y": 2}"#,
            r#"{"spam": 1, "text": "", "id": "t-1"}"#,
            "{\"text\": \"x\", \"meta\": {\r\n\"a\": [1,\r2]}}",
        ];
        for line in lines {
            for report_field in ["spam", "text", "extra"] {
                let r = Record::parse(line.as_bytes(), "text").unwrap().unwrap();
                let raw = matches!(r.body, Body::Flat { .. });
                assert_eq!(raw, !line.contains('\r'), "{line}");
                let want_text: Value = serde_json::from_str(line).unwrap();
                assert_eq!(r.text(), want_text["text"].as_str().unwrap(), "{line}");
                assert_eq!(r.id(), want_text.get("id"), "{line}");
                let out = Cleaner::new().with_normalizer(None).clean(r.text());
                let (text, report) = (out.text.into_owned(), out.report);
                let by_value = nested(
                    r.body.clone(),
                    "text",
                    text.clone(),
                    Some((&report, report_field)),
                )
                .unwrap();
                let written = r.into_line(text, &report, report_field).unwrap();
                assert!(!written.contains(['\n', '\r']), "{written}");
                let got: Value = serde_json::from_str(&written).unwrap();
                assert_eq!(got, by_value, "{line} -> {written}");
                let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
                let want: Vec<&String> = by_value.as_object().unwrap().keys().collect();
                assert_eq!(keys, want, "{line}");
            }
        }
        // An unchanged text keeps its escapes byte for byte.
        let line = r#"{"text": "Vi\u1ec7t Nam\nh\u1ecdc", "id": 1}"#;
        let r = Record::parse(line.as_bytes(), "text").unwrap().unwrap();
        let out = Cleaner::new().with_normalizer(None).clean(r.text());
        let (text, report) = (out.text.into_owned(), out.report);
        let written = r.into_line(text, &report, "spam").unwrap();
        assert!(written.starts_with(r#"{"text":"Vi\u1ec7t Nam\nh\u1ecdc","id":1,"spam":"#));
        // Nesting is refused where the value parser refuses it.
        for n in 124..=130 {
            let deep = format!(
                r#"{{"text": "x", "a": {}"]"{}}}"#,
                "[".repeat(n),
                "]".repeat(n)
            );
            let by_value = serde_json::from_str::<Value>(&deep).is_ok();
            assert_eq!(
                Record::parse(deep.as_bytes(), "text").is_ok(),
                by_value,
                "{n}"
            );
        }
        // Only records the value parser takes are taken: skipping a raw
        // value lets lone surrogates and numbers out of range through.
        for line in [
            r#"{"text": "a\ud800b"}"#,
            r#"{"text": "x", "m": "\ud800p"}"#,
            r#"{"text": "x", "m": {"k": ["\udc00"]}}"#,
            r#"{"text": "x", "n": 1e400}"#,
            r#"{"text": "x", "n": -1e400, "ok": "\ud83d\ude00"}"#,
            r#"{"text": "x", "ok": "\ud83d\ude00"}"#,
        ] {
            let by_value = serde_json::from_str::<Value>(line).is_ok();
            assert_eq!(
                Record::parse(line.as_bytes(), "text").is_ok(),
                by_value,
                "{line}"
            );
        }
        // Raw control characters are no JSON string, as before.
        assert!(Record::parse(b"{\"text\": \"a\tb\"}", "text").is_err());
        assert!(Record::parse(b"{\"text\": \"a\"} x", "text").is_err());
    }

    /// A record of many members, some repeated: each repeat keeps its
    /// first place and takes its last value, as the value parser reads it.
    #[test]
    fn many_members_and_repeats_read_as_the_value_parser_reads_them() {
        let mut line = String::from(r#"{"text": "xem soi keo nha cai""#);
        for k in 0..50_000 {
            line.push_str(&format!(r#", "k{}": {k}"#, k % 40_000));
        }
        line.push('}');
        let r = Record::parse(line.as_bytes(), "text").unwrap().unwrap();
        let out = Cleaner::new().with_normalizer(None).clean(r.text());
        let (text, report) = (out.text.into_owned(), out.report);
        let written: Value =
            serde_json::from_str(&r.into_line(text, &report, "spam").unwrap()).unwrap();
        let mut want: Value = serde_json::from_str(&line).unwrap();
        want["text"] = Value::String("xem".into());
        let (got, want) = (written.as_object().unwrap(), want.as_object().unwrap());
        assert_eq!(got.len(), want.len() + 1);
        assert!(got.keys().zip(want.keys()).all(|(a, b)| a == b));
        assert!(want.iter().all(|(k, v)| got.get(k) == Some(v)));
        assert_eq!(got["k7"], 40_007);
        assert_eq!(got["k39999"], 39_999);
    }

    #[test]
    fn writes_back_in_place_keeping_the_other_fields() {
        let line = b"{\"z\": 1, \"text\": \"xem soi keo nha cai\", \"a\": [true]}\r\n";
        let r = Record::parse(line, "text").unwrap().unwrap();
        assert_eq!(r.text(), "xem soi keo nha cai");
        assert_eq!(r.id(), None);
        let out = Cleaner::new().clean(r.text());
        let (text, report) = (out.text.into_owned(), out.report);
        let line = r.into_line(text, &report, "spam").unwrap();
        assert!(line.starts_with("{\"z\":1,\"text\":\"xem\",\"a\":[true],\"spam\":{"));
    }
}
