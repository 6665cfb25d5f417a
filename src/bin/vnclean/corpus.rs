//! Reading JSON-lines corpora for `lm train` and `mine`: every record, with
//! errors that name the file and line.

use std::io::BufRead;
use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::files;
use crate::Failure;

/// The string in `obj[key]`, or why not; `field` names it in messages.
pub(crate) fn string_field<'v>(
    obj: &'v Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<&'v str, String> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("field {field:?} is not a string")),
        None => Err(format!("no field {field:?}")),
    }
}

/// Calls `f` with every record of `paths` (.gz and .zst too), skipping
/// blank lines; `f` returns its own complaint about a record as a message,
/// which comes back as an error naming the file and line.
pub(crate) fn each_record(
    paths: &[PathBuf],
    mut f: impl FnMut(&Value) -> Result<(), String>,
) -> Result<(), Failure> {
    for path in paths {
        let name = path.display().to_string();
        let reader = files::open(Some(path), &name)?;
        for (n, line) in reader.split(b'\n').enumerate() {
            let line = line.map_err(|e| Failure(format!("{name}: {e}")))?;
            let at = |msg: String| Failure(format!("{name}:{}: {msg}", n + 1));
            let line = crate::utf8(&line).map_err(|e| at(format!("invalid UTF-8: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value =
                serde_json::from_str(line).map_err(|e| at(format!("invalid JSON: {e}")))?;
            f(&v).map_err(at)?;
        }
    }
    Ok(())
}

/// The text of `field` in a record, or why not.
pub(crate) fn text<'v>(v: &'v Value, field: &str) -> Result<&'v str, String> {
    match v.as_object() {
        Some(obj) => string_field(obj, field, field),
        None => Err(format!("no field {field:?}")),
    }
}
