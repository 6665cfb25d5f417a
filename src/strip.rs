//! Cutting spans out of a text and tidying the seams: no doubled spaces, no
//! space before punctuation or at a line's ends, no line left empty or
//! holding only an orphan label ("Từ khóa:"). Every byte away from a seam
//! is kept as it was.

use std::ops::Range;

use serde::Serialize;

use crate::fold::fold;

/// One change cutting or repairing made: `input[start..end]` (a finding
/// with the spaces, line break or orphan label its seam took along)
/// became `output[output_start..output_end]` (nothing, one space, or a
/// restored word). With the edits, the input can be rebuilt from the
/// output: see [`Report::rebuild_input`](crate::Report::rebuild_input).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Start byte offset in the input.
    pub start: usize,
    /// End byte offset (exclusive) in the input.
    pub end: usize,
    /// Start byte offset in the output.
    pub output_start: usize,
    /// End byte offset (exclusive) in the output.
    pub output_end: usize,
    /// `input[start..end]`: what the output no longer holds.
    pub removed: String,
}

/// Horizontal spaces a seam may leave doubled.
fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}')
}

/// Punctuation that takes no space before it.
fn is_closing(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '…')
}

/// `text` with `spans` removed and the seams tidied. Spans must be in order,
/// not overlapping, and on character boundaries; any that are not are
/// skipped.
///
/// # Example
/// ```
/// let text = "Hội khuyến lich truyen hinh, các tỉnh\nTừ khóa: soi keo\nHết.";
/// let spans = [15..31, 57..64];
/// assert_eq!(vnclean::strip(text, &spans), "Hội khuyến, các tỉnh\nHết.");
/// ```
pub fn strip(text: &str, spans: &[Range<usize>]) -> String {
    strip_mapped(text, spans).0
}

/// Where the bytes of a stripped text came from: the stretches copied from
/// the source and the replacements put in, in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    pieces: Vec<Piece>,
    source_len: usize,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Where it starts in the output.
    out: usize,
    /// Where it comes from in the source.
    src: usize,
    len: usize,
    /// For a replacement: the length of the source span it stands for.
    replaces: Option<usize>,
}

impl OffsetMap {
    /// The source offset of output offset `o` (for a span's start): inside
    /// a copied stretch, its source; inside a replacement, the start of
    /// what it replaced; elsewhere (a seam's space, the end), the start of
    /// the next piece.
    pub(crate) fn start(&self, o: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.out + p.len <= o);
        match self.pieces.get(i) {
            Some(p) if p.out <= o && p.replaces.is_none() => p.src + (o - p.out),
            Some(p) => p.src,
            None => self.source_len,
        }
    }

    /// The changes between `source` (the text this map was made from) and
    /// the output of length `out_len`: the gaps between copied stretches.
    pub(crate) fn edits(&self, source: &str, out_len: usize) -> Vec<Edit> {
        let mut edits = Vec::new();
        let (mut src, mut out) = (0, 0);
        let copies = self.pieces.iter().filter(|p| p.replaces.is_none());
        let ends = copies
            .map(|p| (p.src, p.out, p.src + p.len, p.out + p.len))
            .chain([(source.len(), out_len, source.len(), out_len)]);
        for (src_at, out_at, src_end, out_end) in ends {
            if src_at > src || out_at > out {
                edits.push(Edit {
                    start: src,
                    end: src_at,
                    output_start: out,
                    output_end: out_at,
                    removed: source.get(src..src_at).unwrap_or_default().to_string(),
                });
            }
            (src, out) = (src_end, out_end);
        }
        edits
    }

    /// The source offset of output offset `o` as a span's (exclusive) end.
    pub(crate) fn end(&self, o: usize) -> usize {
        if o == 0 {
            return self.start(0);
        }
        let i = self.pieces.partition_point(|p| p.out + p.len < o);
        match self.pieces.get(i) {
            Some(p) if p.out < o => match p.replaces {
                Some(n) => p.src + n,
                None => p.src + (o - p.out),
            },
            _ => self.start(o),
        }
    }
}

/// Builds the output and its [`OffsetMap`] together.
struct Builder {
    out: String,
    map: OffsetMap,
    /// Where the output's last line starts: kept up to date so that no seam
    /// searches the whole output (a long one-line text has many seams).
    line_start: usize,
}

/// The last line break in `text` (a byte search: a search by character
/// decoded every kept stretch backwards).
fn last_break(text: &str) -> Option<usize> {
    memchr::memrchr2(b'\n', b'\r', text.as_bytes())
}

impl Builder {
    fn push(&mut self, text: &str, src: usize, replaces: Option<usize>) {
        if text.is_empty() {
            return;
        }
        if let Some(i) = last_break(text) {
            self.line_start = self.out.len() + i + 1;
        }
        self.map.pieces.push(Piece {
            out: self.out.len(),
            src,
            len: text.len(),
            replaces,
        });
        self.out.push_str(text);
    }

    fn copy(&mut self, text: &str, from: usize) {
        self.push(text, from, None);
    }

    fn truncate(&mut self, len: usize) {
        self.out.truncate(len);
        while let Some(last) = self.map.pieces.last_mut() {
            if last.out >= len {
                self.map.pieces.pop();
            } else {
                last.len = last.len.min(len - last.out);
                break;
            }
        }
        if self.line_start > len {
            // Only the line before is searched.
            self.line_start = last_break(&self.out).map_or(0, |i| i + 1);
        }
    }
}

/// [`strip`], with the map from output offsets back to `text`.
pub(crate) fn strip_mapped(text: &str, spans: &[Range<usize>]) -> (String, OffsetMap) {
    let edits: Vec<(Range<usize>, Option<&str>)> =
        spans.iter().map(|s| (s.clone(), None)).collect();
    edit_mapped(text, &edits)
}

/// Replaces each span by its text, or cuts it (`None`) and tidies the seam;
/// with the map from output offsets back to `text`.
pub(crate) fn edit_mapped(
    text: &str,
    edits: &[(Range<usize>, Option<&str>)],
) -> (String, OffsetMap) {
    let mut b = Builder {
        out: String::with_capacity(text.len()),
        map: OffsetMap {
            pieces: Vec::new(),
            source_len: text.len(),
        },
        line_start: 0,
    };
    let mut last = 0;
    for (span, with) in edits {
        let (Some(keep), true) = (
            text.get(last..span.start),
            span.start <= span.end && text.is_char_boundary(span.end),
        ) else {
            continue;
        };
        b.copy(keep, last);
        last = match with {
            Some(w) => {
                b.push(w, span.start, Some(span.len()));
                span.end
            }
            None => seam(&mut b, text, span.end),
        };
    }
    b.copy(text.get(last..).unwrap_or_default(), last);
    (b.out, b.map)
}

/// Tidies the seam between the output so far and `text[at..]`; returns
/// where copying resumes.
fn seam(b: &mut Builder, text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    let right_ws: usize = rest
        .chars()
        .take_while(|&c| is_hspace(c))
        .map(char::len_utf8)
        .sum();
    let next = rest.get(right_ws..).and_then(|r| r.chars().next());
    let out = &b.out;
    let line_start = b.line_start.min(out.len());
    let left_ws = out
        .get(line_start..)
        .unwrap_or_default()
        .chars()
        .rev()
        .take_while(|&c| is_hspace(c))
        .map(char::len_utf8)
        .sum::<usize>();
    let kept = out.len() - left_ws;
    let at_line_start = kept == line_start;
    let at_line_end = matches!(next, None | Some('\n' | '\r'));
    if at_line_end {
        let line = out.get(line_start..kept).unwrap_or_default();
        if line.is_empty() || is_orphan_label(line) {
            b.truncate(line_start);
            // The line is gone: take its line break with it.
            let br = match rest.get(right_ws..) {
                Some(r) if r.starts_with("\r\n") => 2,
                Some(r) if r.starts_with(['\n', '\r']) => 1,
                _ => 0,
            };
            return at + right_ws + br;
        }
        b.truncate(kept);
        return at + right_ws;
    }
    if at_line_start || next.is_some_and(is_closing) {
        b.truncate(kept);
        return at + right_ws;
    }
    let chars = out.get(kept..).unwrap_or_default().chars().count()
        + rest.get(..right_ws).unwrap_or_default().chars().count();
    if chars >= 2 {
        b.truncate(kept);
        b.out.push(' ');
        return at + right_ws;
    }
    at
}

fn is_orphan_label(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|'));
    let Some(label) = t.strip_suffix(':') else {
        return false;
    };
    let f = fold(label);
    // The labels keyword-line detection knows: left alone, an orphan.
    crate::detect::KEYWORD_LABELS.contains(&f.as_str().trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, what: &str) -> String {
        let spans: Vec<_> = text
            .match_indices(what)
            .map(|(i, _)| i..i + what.len())
            .collect();
        strip(text, &spans)
    }

    #[test]
    fn seams() {
        assert_eq!(cut("a X b", "X"), "a b");
        assert_eq!(cut("a X, b", "X"), "a, b");
        assert_eq!(cut("a X.\nb", "X"), "a.\nb");
        assert_eq!(cut("X b\nc X", "X"), "b\nc");
        assert_eq!(cut("a\u{a0}X b", "X"), "a b");
        assert_eq!(cut("a\u{a0}X", "X"), "a");
        assert_eq!(cut("aX b", "X"), "a b");
        assert_eq!(cut("a\nX\nb", "X"), "a\nb");
        assert_eq!(cut("a\n  X  \r\nb", "X"), "a\nb");
        assert_eq!(cut("X\nb", "X"), "b");
        assert_eq!(cut("a\nX", "X"), "a\n");
        assert_eq!(cut("a\nTừ khóa: X, X\nb", "X"), "a\nb");
        assert_eq!(cut("a\nTags: X\n", "X"), "a\n");
        // A lone CR ends a line too; a label before it is not this line's.
        assert_eq!(cut("a\rNhãn:\rX\rb", "X"), "a\rNhãn:\rb");
        // Away from the seams nothing changes.
        assert_eq!(cut("a  b X c  d", "X"), "a  b c  d");
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let text = "ab X cd\nY\nef  Z  gh";
        let spans: Vec<_> = ["X", "Y", "Z"]
            .iter()
            .map(|w| {
                let i = text.find(w).unwrap();
                i..i + 1
            })
            .collect();
        let (out, map) = strip_mapped(text, &spans);
        assert_eq!(out, "ab cd\nef gh");
        for (o, c) in out.char_indices().filter(|&(_, c)| c != ' ' && c != '\n') {
            assert_eq!(text[map.start(o)..].chars().next(), Some(c), "at {o}");
            assert_eq!(map.end(o + 1), map.start(o) + 1);
        }
        assert_eq!(map.start(out.len()), text.len());
        let cd = out.find("cd").unwrap();
        assert_eq!(&text[map.start(cd)..map.end(cd + 2)], "cd");
        let edits: Vec<_> = map
            .edits(text, out.len())
            .into_iter()
            .map(|e| (e.removed, out[e.output_start..e.output_end].to_string()))
            .collect();
        let owned = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            edits,
            [owned(" X ", " "), owned("Y\n", ""), owned("  Z  ", " ")]
        );
    }

    #[test]
    fn edits_rebuild_the_source() {
        let text = "Từ khóa: X, X\nab X cd X\nX";
        let spans: Vec<_> = text.match_indices('X').map(|(i, _)| i..i + 1).collect();
        let mut edits: Vec<_> = spans.iter().map(|s| (s.clone(), None)).collect();
        edits[2].1 = Some("học");
        let (out, map) = edit_mapped(text, &edits);
        assert_eq!(out, "ab học cd\n");
        let mut rebuilt = out.clone();
        for e in map.edits(text, out.len()).iter().rev() {
            rebuilt.replace_range(e.output_start..e.output_end, &e.removed);
        }
        assert_eq!(rebuilt, text);
    }

    #[test]
    fn bad_spans_are_skipped() {
        // Inside a character, reversed, past the end.
        let bad = [1..2, 9..9];
        assert_eq!(strip("hội", &bad), "hội");
        #[allow(clippy::reversed_empty_ranges)]
        let bad = [2..1, 5..9];
        assert_eq!(strip("abc", &bad), "abc");
        assert_eq!(strip("a b c", &[2..3, 1..2]), "a c");
    }
}
