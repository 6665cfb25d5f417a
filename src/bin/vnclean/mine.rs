//! `vnclean mine`: candidate spam phrases from a corpus, as a lexicon file.

use std::io::Write;

use vnclean::Miner;

use crate::args::MineArgs;
use crate::files::Output;
use crate::{corpus, Failure};

pub(crate) fn run(a: &MineArgs) -> Result<(), Failure> {
    let mut miner = Miner::new();
    let mut docs = 0usize;
    corpus::each_record(&a.corpora, &a.field, |r| {
        miner.add(r.text());
        docs += 1;
        Ok(())
    })?;
    let mut w = Output::create(a.output.as_deref())?;
    writeln!(
        w,
        "# vnclean mine: candidate spam phrases from {docs} documents, best first.\n\
         # Review them: keep real spam (set its category and weight), delete the rest,\n\
         # then use the file with --lexicon. Format: phrase<TAB>category<TAB>weight<TAB>flags."
    )?;
    for c in miner.finish(a.top) {
        writeln!(
            w,
            "# {} documents, suspicion {:.2}; e.g. \"{}\"",
            c.documents, c.suspicion, c.example
        )?;
        writeln!(w, "{}\tother\t1.0\t-", c.phrase)?;
    }
    w.finish()
}
