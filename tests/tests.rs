//! vnclean's integration tests, built as one test binary.
//!
//! - `fixtures`: the named normaliser cases in `fixtures/normalize/cases.jsonl`,
//!   through the library and through the CLI;
//! - `syllables`: every line of `data/syllables.txt`;
//! - `corpus`: real text from `../shared/corpus` (skipped when absent);
//! - `fold`: the folded view and its map back to the source;
//! - `properties`: proptest invariants of `normalize`, `fold` and `clean`;
//! - `attacks`: the same over real Wikipedia text with random attacks;
//! - `fuzz_regressions`: the inputs fuzzing found failures with;
//! - `hostile`: inputs built to break or stall it, at full size;
//! - `cli`: the `vnclean` command;
//! - `clean`: spam detection and stripping through the library;
//! - `discovery`: phrases no list names, found by the judge, and `explain`;
//! - `cli_clean`: `vnclean clean` and its JSON-lines contract;
//! - `pages`: page verdicts (doorway pages, tone-mark noise, legitimate
//!   lottery and football pages) and CJK mojibake;
//! - `repair`: restoring displaced words, the language model, `lm train`;
//! - `layers`: the modules import one way, with no circle;
//! - `serve`: `vnclean serve` over HTTP: endpoints, errors, reloads,
//!   draining on SIGTERM.

#[path = "it/common.rs"]
mod common;
/// The fuzz targets' checks, shared with `fuzz_regressions`.
#[path = "../fuzz/fuzz_targets/checks.rs"]
mod fuzz_checks;

#[path = "it/attacks.rs"]
mod attacks;
#[path = "it/clean.rs"]
mod clean;
#[path = "it/cli.rs"]
mod cli;
#[path = "it/cli_clean.rs"]
mod cli_clean;
#[path = "it/corpus.rs"]
mod corpus;
#[path = "it/discovery.rs"]
mod discovery;
#[path = "it/fixtures.rs"]
mod fixtures;
#[path = "it/fold.rs"]
mod fold;
#[path = "it/fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "it/hostile.rs"]
mod hostile;
#[path = "it/hostile_inputs.rs"]
mod hostile_inputs;
#[path = "it/layers.rs"]
mod layers;
#[path = "it/pages.rs"]
mod pages;
#[path = "it/properties.rs"]
mod properties;
#[path = "it/repair.rs"]
mod repair;
#[cfg(feature = "serve")]
#[path = "it/serve.rs"]
mod serve;
#[path = "it/syllables.rs"]
mod syllables;
