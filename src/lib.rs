//! vnclean normalises Vietnamese text and finds, strips and repairs
//! injected SEO spam.
//!
//! This release provides the foundation: the [`Normalizer`] (NFC, tone mark
//! placement, look-alike letters, invisible characters, spacing, mojibake,
//! legacy encodings, HTML entities) and the folded view ([`fold`]) on which
//! spam matching runs, with its map back to source byte offsets.
//!
//! ```
//! use vnclean::{fold, Normalizer};
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
mod clean;
mod detect;
mod fold;
mod lexicon;
mod lm;
mod mine;
mod normalize;
mod repair;
mod strip;
mod syllable;
mod tables;

pub use clean::{Basis, Cleaned, Cleaner, Mode, Report};
pub use detect::{Action, Detection, Detector, Evidence, Finding, Source, Verdict};
pub use fold::{fold, Folded, Token};
pub use lexicon::{Category, Entry, Lexicon, LexiconError};
pub use lm::{LanguageModel, LmError, Trainer};
pub use mine::{Candidate, Miner};
pub use normalize::{
    Encoding, Legacy, NormalizeConfig, NormalizeReport, Normalized, Normalizer, ToneStyle,
};
pub use repair::Attack;
pub use strip::strip;
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
        assert_traits::<Lexicon>();
        assert_traits::<Report>();
    }
}
