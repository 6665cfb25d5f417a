//! `vnclean lm train`: a syllable model from a corpus pipeline's own text.

use std::fs;
use std::io::{BufRead, BufReader};

use serde_json::Value;
use vnclean::{LanguageModel, Trainer};

use crate::args::TrainArgs;
use crate::Failure;

pub(crate) fn train(a: &TrainArgs) -> Result<(), Failure> {
    let mut trainer = Trainer::new();
    let mut docs = 0usize;
    for path in &a.corpora {
        let name = path.display().to_string();
        let file = fs::File::open(path).map_err(|e| Failure(format!("{name}: {e}")))?;
        for (n, line) in BufReader::new(file).split(b'\n').enumerate() {
            let line = line.map_err(|e| Failure(format!("{name}: {e}")))?;
            let at = |msg: String| Failure(format!("{name}:{}: {msg}", n + 1));
            let line = std::str::from_utf8(&line).map_err(|e| at(format!("invalid UTF-8: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value =
                serde_json::from_str(line).map_err(|e| at(format!("invalid JSON: {e}")))?;
            if let Some(prefix) = &a.id_prefix {
                let id = v.get("id").and_then(Value::as_str).unwrap_or_default();
                if !id.starts_with(prefix.as_str()) {
                    continue;
                }
            }
            let text = match v.get(&a.field) {
                Some(Value::String(s)) => s,
                Some(_) => return Err(at(format!("field {:?} is not a string", a.field))),
                None => return Err(at(format!("no field {:?}", a.field))),
            };
            trainer.add(text);
            docs += 1;
        }
    }
    let bytes = trainer.finish(a.min_bigram, a.min_trigram);
    let lm = LanguageModel::from_bytes(bytes.clone()).map_err(|e| Failure(e.to_string()))?;
    fs::write(&a.output, &bytes).map_err(|e| Failure(format!("{}: {e}", a.output.display())))?;
    let (v, b, t) = lm.sizes();
    eprintln!(
        "vnclean: trained on {docs} documents: {v} syllables, {b} bigrams, {t} trigrams, {} bytes -> {}",
        bytes.len(),
        a.output.display()
    );
    Ok(())
}
