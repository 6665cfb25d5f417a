//! The one place that applies edits to a text.
//!
//! A normalisation step walks its input and says "replace this source range
//! with this text"; [`Edits`] copies the untouched stretches between edits.
//! Nothing is allocated until the first real change, so text that needs no
//! change comes back borrowed.

use std::borrow::Cow;
use std::ops::Range;

/// Collects in-order edits of `src` and builds the edited text lazily.
pub(crate) struct Edits<'a> {
    src: &'a str,
    out: Option<String>,
    /// End of the last edit: everything before it is already in `out`.
    last: usize,
}

impl<'a> Edits<'a> {
    pub(crate) fn new(src: &'a str) -> Edits<'a> {
        Edits {
            src,
            out: None,
            last: 0,
        }
    }

    /// Replaces `range` of the source with `with`. Ranges must come in
    /// increasing order and not overlap; a range that does (a bug in the
    /// caller) is ignored rather than corrupting the output.
    pub(crate) fn replace(&mut self, range: Range<usize>, with: &str) {
        if range.start < self.last || range.end < range.start {
            debug_assert!(false, "edit {range:?} out of order (last {})", self.last);
            return;
        }
        if self.src.get(range.clone()) == Some(with) {
            return;
        }
        let (Some(keep), true) = (
            self.src.get(self.last..range.start),
            self.src.is_char_boundary(range.end) && range.end <= self.src.len(),
        ) else {
            debug_assert!(false, "edit {range:?} not on char boundaries");
            return;
        };
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.src.len() + 16));
        out.push_str(keep);
        out.push_str(with);
        self.last = range.end;
    }

    /// Deletes `range` of the source.
    pub(crate) fn delete(&mut self, range: Range<usize>) {
        self.replace(range, "");
    }

    /// Whether any edit has changed the text so far.
    pub(crate) fn changed(&self) -> bool {
        self.out.is_some()
    }

    /// The edited text; borrowed when nothing changed.
    pub(crate) fn finish(self) -> Cow<'a, str> {
        match self.out {
            None => Cow::Borrowed(self.src),
            Some(mut out) => {
                out.push_str(self.src.get(self.last..).unwrap_or_default());
                Cow::Owned(out)
            }
        }
    }
}

/// Chains a step's output onto the text so far, keeping it borrowed while no
/// step has changed anything.
pub(crate) fn chain<'a>(
    cur: Cow<'a, str>,
    step: impl FnOnce(&str) -> Cow<'_, str>,
) -> Cow<'a, str> {
    match cur {
        Cow::Borrowed(s) => step(s),
        Cow::Owned(s) => match step(&s) {
            Cow::Borrowed(_) => Cow::Owned(s),
            Cow::Owned(t) => Cow::Owned(t),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_until_changed() {
        let mut e = Edits::new("abc def");
        e.replace(0..1, "a");
        assert!(!e.changed());
        assert!(matches!(e.finish(), Cow::Borrowed("abc def")));
        let mut e = Edits::new("abc  def ");
        e.replace(3..5, " ");
        e.delete(8..9);
        assert_eq!(e.finish(), "abc def");
    }
}
