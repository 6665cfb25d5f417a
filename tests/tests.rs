//! vnclean's integration tests, built as one test binary.
//!
//! - `fixtures`: the named normaliser cases in `fixtures/normalize/cases.jsonl`,
//!   through the library and through the CLI;
//! - `syllables`: every line of `data/syllables.txt`;
//! - `corpus`: real text from `../shared/corpus` (skipped when absent);
//! - `fold`: the folded view and its map back to the source;
//! - `properties`: proptest invariants of `normalize` and `fold`;
//! - `cli`: the `vnclean` command;
//! - `clean`: spam detection and stripping through the library;
//! - `cli_clean`: `vnclean clean` and its JSON-lines contract;
//! - `repair`: restoring displaced words, the language model, `lm train`.

#[path = "it/common.rs"]
mod common;

#[path = "it/clean.rs"]
mod clean;
#[path = "it/cli.rs"]
mod cli;
#[path = "it/cli_clean.rs"]
mod cli_clean;
#[path = "it/corpus.rs"]
mod corpus;
#[path = "it/fixtures.rs"]
mod fixtures;
#[path = "it/fold.rs"]
mod fold;
#[path = "it/properties.rs"]
mod properties;
#[path = "it/repair.rs"]
mod repair;
#[path = "it/syllables.rs"]
mod syllables;
