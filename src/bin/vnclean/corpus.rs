//! Reading JSON-lines corpora for `lm train` and `mine`: every record, read
//! as `clean` reads it (`vnclean::Record`), with errors that name the file
//! and line.

use std::io::BufRead;
use std::path::PathBuf;

use vnclean::Record;

use crate::files;
use crate::Failure;

/// Calls `f` with every record of `paths` (.gz and .zst too) whose text is
/// at `field`, skipping blank lines; a bad record, or `f`'s own complaint
/// about one, comes back as an error naming the file and line.
pub(crate) fn each_record(
    paths: &[PathBuf],
    field: &str,
    mut f: impl FnMut(&Record) -> Result<(), String>,
) -> Result<(), Failure> {
    for path in paths {
        let name = path.display().to_string();
        let reader = files::open(Some(path), &name)?;
        for (n, line) in reader.split(b'\n').enumerate() {
            let line = line.map_err(|e| Failure(format!("{name}: {e}")))?;
            let at = |msg: String| Failure(format!("{name}:{}: {msg}", n + 1));
            match Record::parse(&line, field) {
                Ok(Some(record)) => f(&record).map_err(at)?,
                Ok(None) => {}
                Err(e) => return Err(at(e.to_string())),
            }
        }
    }
    Ok(())
}
