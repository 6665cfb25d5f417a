//! vnclean normalises Vietnamese text and finds, strips and repairs
//! injected SEO spam.
//!
//! - [`Cleaner`]: the whole job on one document: find the spam, cut it out
//!   ([`Mode::Strip`]), put back the word it displaced ([`Mode::Repair`]) or
//!   only report it ([`Mode::Flag`]), then normalise. Its [`Report`] is what
//!   the `vnclean clean` command writes.
//! - [`CleanerOptions`]: a cleaner described by its options and files,
//!   what the command line, the Python package and `vnclean serve` build
//!   (and rebuild, to reload a lexicon); [`Cleaner::check`] reads without
//!   changing, [`Report::char_spans`] places findings in characters.
//! - [`Detector`]: the findings and verdict alone, over a [`Lexicon`] (the
//!   embedded default, and users' own files) and the repeated-phrase and
//!   keyword-line detectors.
//! - [`Normalizer`]: NFC, tone mark placement, look-alike letters, invisible
//!   characters, spacing, mojibake, legacy encodings, HTML entities.
//! - [`fold`]: the accent- and obfuscation-insensitive view that matching
//!   runs on, with its map back to source byte offsets.
//! - [`LanguageModel`] and [`Trainer`]: the syllable model repair consults;
//!   [`Miner`]: candidate spam phrases from a corpus.
//! - [`Record`]: the JSON-lines contract of `vnclean clean --format jsonl`.
//!
//! All of them are `Send + Sync`: build once, share across threads.
//!
//! ```
//! use vnclean::{fold, Cleaner, Normalizer, Verdict};
//!
//! let out = Cleaner::new().clean("Hội khuyến học trao thưởng cho học sinh nghèo, xem soi keo nha cai ngay.");
//! assert_eq!(out.text, "Hội khuyến học trao thưởng cho học sinh nghèo, xem ngay.");
//! assert_eq!(out.report.verdict, Verdict::Injected);
//!
//! let n = Normalizer::new();
//! let out = n.normalize("Viá»‡t Nam  ho\u{300}a bi\u{300}nh");
//! assert_eq!(out.text, "Việt Nam hòa bình");
//!
//! let f = fold("Lịch truyền hình TRỰC TIẾP bóng đá");
//! assert_eq!(f.as_str(), "lich truyen hinh truc tiep bong da");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod align;
mod bytes;
mod chunk;
mod clean;
mod detect;
mod fold;
mod lexicon;
mod lm;
mod mine;
mod normalize;
mod record;
mod repair;
mod strip;
mod syllable;
mod tables;

pub use clean::{Basis, BuildError, CharSpan, Cleaned, Cleaner, CleanerOptions, Mode, Report};
pub use detect::{
    Action, Attack, Contribution, Detection, Detector, Evidence, Features, Finding, Judgement,
    PageFeatures, Source, Verdict, KEYWORD_LABELS,
};
pub use fold::{fold, Folded, Token};
pub use lexicon::{Category, Entry, Lexicon, LexiconError};
pub use lm::{LanguageModel, LmError, Trainer};
pub use mine::{Candidate, Miner};
pub use normalize::{
    Encoding, Legacy, NormalizeConfig, NormalizeReport, Normalized, Normalizer, ToneStyle,
};
pub use record::{utf8, Record, RecordError};
pub use strip::{strip, Edit};
pub use syllable::is_syllable;

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_traits<T: Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}

    #[test]
    fn public_types_are_send_sync_unwind_safe() {
        assert_traits::<Normalizer>();
        assert_traits::<NormalizeConfig>();
        assert_traits::<NormalizeReport>();
        assert_traits::<Normalized<'static>>();
        assert_traits::<Folded<'static>>();
        assert_traits::<Token<'static>>();
        assert_traits::<Encoding>();
        assert_traits::<Detector>();
        assert_traits::<Cleaner>();
        assert_traits::<CleanerOptions>();
        assert_traits::<Lexicon>();
        assert_traits::<Report>();
        assert_traits::<LanguageModel>();
        assert_traits::<Trainer>();
        assert_traits::<Miner>();
        assert_traits::<Record>();
    }
}
