//! Input and output files, compressed by extension: corpora come as
//! `.gz` and `.zst`, and a pipeline should not need to unpack them.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

use crate::Failure;

/// Input buffer size: a batch of records is what the buffer holds when the
/// input is slower than the cleaning, so a file's batches are large.
const BUFFER: usize = 1 << 20;

fn ext(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

/// A buffered input that can tell whether it holds unread bytes, so that
/// a batch of records ends when the input pauses instead of waiting on it.
pub(crate) trait Input: BufRead + Send {
    fn has_buffered(&self) -> bool;
}

impl<R: Read + Send> Input for BufReader<R> {
    fn has_buffered(&self) -> bool {
        !self.buffer().is_empty()
    }
}

/// A reader of `path` (standard input for none or "-"), decompressed when
/// the name ends in `.gz` or `.zst`.
pub(crate) fn open(path: Option<&Path>, name: &str) -> Result<Box<dyn Input>, Failure> {
    let path = match path {
        Some(p) if p != Path::new("-") => p,
        _ => return Ok(Box::new(BufReader::with_capacity(BUFFER, io::stdin()))),
    };
    let file = fs::File::open(path).map_err(|e| Failure(format!("{name}: {e}")))?;
    Ok(match ext(path) {
        Some("gz") => Box::new(BufReader::with_capacity(
            BUFFER,
            flate2::read::MultiGzDecoder::new(file),
        )),
        Some("zst") => Box::new(BufReader::with_capacity(
            BUFFER,
            zstd::Decoder::new(file).map_err(|e| Failure(format!("{name}: {e}")))?,
        )),
        _ => Box::new(BufReader::with_capacity(BUFFER, file)),
    })
}

/// The whole of an input, decompressed.
pub(crate) fn read_all(path: Option<&Path>, name: &str) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    open(path, name)?
        .read_to_end(&mut buf)
        .map_err(|e| Failure(format!("{name}: {e}")))?;
    Ok(buf)
}

/// A writer to `path` (standard output for none or "-"), compressed when
/// the name ends in `.gz` or `.zst`. Call `finish` to complete the file.
pub(crate) struct Output {
    inner: Sink,
}

enum Sink {
    Plain(Box<dyn Write + Send>),
    Gz(flate2::write::GzEncoder<io::BufWriter<fs::File>>),
    Zst(zstd::Encoder<'static, io::BufWriter<fs::File>>),
}

impl Output {
    pub(crate) fn create(path: Option<&Path>) -> Result<Output, Failure> {
        let path = match path {
            Some(p) if p != Path::new("-") => p,
            _ => {
                return Ok(Output {
                    inner: Sink::Plain(Box::new(io::BufWriter::new(io::stdout()))),
                })
            }
        };
        let name = path.display().to_string();
        let file = io::BufWriter::new(
            fs::File::create(path).map_err(|e| Failure(format!("{name}: {e}")))?,
        );
        let inner = match ext(path) {
            Some("gz") => Sink::Gz(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Some("zst") => {
                Sink::Zst(zstd::Encoder::new(file, 3).map_err(|e| Failure(format!("{name}: {e}")))?)
            }
            _ => Sink::Plain(Box::new(file)),
        };
        Ok(Output { inner })
    }

    /// Flushes, and writes the compressed stream's end.
    pub(crate) fn finish(self) -> Result<(), Failure> {
        match self.inner {
            Sink::Plain(mut w) => w.flush()?,
            Sink::Gz(w) => {
                w.finish()?.flush()?;
            }
            Sink::Zst(w) => {
                w.finish()?.flush()?;
            }
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Sink::Plain(w) => w.write(buf),
            Sink::Gz(w) => w.write(buf),
            Sink::Zst(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Sink::Plain(w) => w.flush(),
            Sink::Gz(w) => w.flush(),
            Sink::Zst(w) => w.flush(),
        }
    }
}
