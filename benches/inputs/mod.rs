//! The benches' shared inputs: real text from the corpus, the seed article
//! with and without its first two lines, and the bare Aho-Corasick scanner
//! detection is compared with. Each bench uses some of them.
#![allow(dead_code)]

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use vnclean::Lexicon;

pub const SEED: &str = include_str!("../../fixtures/seed/article.spammed.txt");
pub const MB: usize = 1 << 20;

/// The `text` of the records of `../shared/corpus/dev.jsonl` (or of
/// `VNCLEAN_BENCH_CORPUS`) whose `id` `keep` takes, in file order, until
/// they hold `limit` bytes; none without the corpus (it is not shipped).
pub fn corpus_texts(keep: impl Fn(&str) -> bool, limit: usize) -> Vec<String> {
    let path = std::env::var("VNCLEAN_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/corpus/dev.jsonl".to_owned());
    let mut docs = Vec::new();
    let mut total = 0;
    let Ok(data) = std::fs::read_to_string(&path) else {
        return docs;
    };
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let id = v.get("id").and_then(|i| i.as_str()).unwrap_or_default();
        if !keep(id) {
            continue;
        }
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            total += t.len();
            docs.push(t.to_owned());
        }
        if total >= limit {
            break;
        }
    }
    docs
}

/// About 1 MB of the news documents (`unc-`, `baomoi`), one string per
/// document, as a pipeline detects them; without the corpus, the seed
/// article stands in.
pub fn news_docs() -> Vec<String> {
    let docs = corpus_texts(|id| !id.starts_with("viwiki"), MB);
    if docs.is_empty() {
        return vec![SEED.to_owned()];
    }
    docs
}

/// The seed article without its first two lines: no untouched "học" is
/// left, and the model must weigh every candidate.
pub fn untitled_seed() -> String {
    SEED.split_inclusive('\n').skip(2).collect()
}

/// A plain scan for the lexicon's keys over the same text: what detection
/// is measured against.
pub fn bare_scanner(lexicon: &Lexicon) -> AhoCorasick {
    let keys: Vec<&str> = lexicon.entries().iter().map(|e| e.key.as_str()).collect();
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(keys)
        .expect("the lexicon's keys build a scanner")
}
