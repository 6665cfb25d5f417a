//! JSON-lines records: reading the text field out of one line and writing
//! the cleaned text and its report back, every other field kept in order.
//! This is the contract `vnclean clean --format jsonl` keeps, in the library
//! so that it can be fuzzed and reused.

use std::fmt;

use serde_json::{Map, Value};

use crate::clean::Report;

/// One JSON-lines record, parsed, with the (possibly dotted) path of its
/// text field.
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
    value: Value,
    field: String,
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
        // serde_json stops at 128 levels of nesting, so a hostile record
        // cannot exhaust the stack.
        let mut value: Value =
            serde_json::from_str(line).map_err(|e| RecordError::InvalidJson(e.to_string()))?;
        let (obj, key) = field_mut(&mut value, field)?;
        match obj.get(key) {
            Some(Value::String(_)) => {}
            Some(_) => return Err(RecordError::NotAString(field.to_string())),
            None => return Err(RecordError::NoField(field.to_string())),
        }
        Ok(Some(Record {
            value,
            field: field.to_string(),
        }))
    }

    /// The text to clean.
    pub fn text(&self) -> &str {
        let mut v = &self.value;
        for part in self.field.split('.') {
            v = v.get(part).unwrap_or(&Value::Null);
        }
        // `parse` made sure the path leads to a string.
        v.as_str().unwrap_or_default()
    }

    /// The record's top-level `id`, when it has one.
    pub fn id(&self) -> Option<&Value> {
        self.value.get("id")
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
        let value = self.finish(text, report, report_field)?;
        serde_json::to_string(&value).map_err(|e| RecordError::InvalidJson(e.to_string()))
    }

    /// [`Record::into_line`], appended to `out`: a pipeline writing many
    /// records reuses one buffer sized for them, rather than growing a new
    /// string for each.
    ///
    /// # Example
    /// ```
    /// use vnclean::{Cleaner, Record};
    ///
    /// let record = Record::parse(br#"{"text": "xem soi keo nha cai"}"#, "text").unwrap().unwrap();
    /// let out = Cleaner::new().clean(record.text());
    /// let (text, report) = (out.text.into_owned(), out.report);
    /// let mut buf = Vec::with_capacity(text.len() + 256);
    /// record.write_line(text, &report, "spam", &mut buf).unwrap();
    /// assert!(buf.starts_with(br#"{"text":"xem","spam":{"#));
    /// ```
    pub fn write_line(
        self,
        text: String,
        report: &Report,
        report_field: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), RecordError> {
        let value = self.finish(text, report, report_field)?;
        serde_json::to_writer(out, &value).map_err(|e| RecordError::InvalidJson(e.to_string()))
    }

    /// The record's value with `text` and `report` in place.
    fn finish(
        mut self,
        text: String,
        report: &Report,
        report_field: &str,
    ) -> Result<Value, RecordError> {
        let report =
            serde_json::to_value(report).map_err(|e| RecordError::InvalidJson(e.to_string()))?;
        let (obj, key) = field_mut(&mut self.value, &self.field)?;
        obj.insert(key.to_string(), Value::String(text));
        let (obj, key) = field_mut(&mut self.value, report_field)?;
        obj.insert(key.to_string(), report);
        Ok(self.value)
    }
}

/// `bytes` as UTF-8. std's check runs at about 300 MB/s on Vietnamese text
/// on our 2-core machine, a seventh of a pipeline's time; simdutf8's at
/// about 6 GB/s. Its error has no position, so std tells where, once a
/// line is known to be bad.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
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
