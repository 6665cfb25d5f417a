//! `vnclean lm train`: a syllable model from a corpus pipeline's own text.

use std::fs;

use serde_json::Value;
use vnclean::{LanguageModel, Trainer};

use crate::args::TrainArgs;
use crate::{corpus, Failure};

pub(crate) fn train(a: &TrainArgs) -> Result<(), Failure> {
    let mut trainer = Trainer::new();
    let mut docs = 0usize;
    corpus::each_record(&a.corpora, &a.field, |r| {
        if let Some(prefix) = &a.id_prefix {
            let id = r.id().and_then(Value::as_str).unwrap_or_default();
            if !id.starts_with(prefix.as_str()) {
                return Ok(());
            }
        }
        trainer.add(r.text());
        docs += 1;
        Ok(())
    })?;
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
