//! `vnclean mine`: candidate spam phrases from a corpus, as a lexicon file.

use std::io::{BufRead, Write};

use serde_json::Value;
use vnclean::Miner;

use crate::args::MineArgs;
use crate::files::{self, Output};
use crate::Failure;

pub(crate) fn run(a: &MineArgs) -> Result<(), Failure> {
    let mut miner = Miner::new();
    let mut docs = 0usize;
    for path in &a.corpora {
        let name = path.display().to_string();
        let reader = files::open(Some(path), &name)?;
        for (n, line) in reader.split(b'\n').enumerate() {
            let line = line.map_err(|e| Failure(format!("{name}: {e}")))?;
            let at = |msg: String| Failure(format!("{name}:{}: {msg}", n + 1));
            let line = std::str::from_utf8(&line).map_err(|e| at(format!("invalid UTF-8: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value =
                serde_json::from_str(line).map_err(|e| at(format!("invalid JSON: {e}")))?;
            match v.get(&a.field) {
                Some(Value::String(s)) => miner.add(s),
                Some(_) => return Err(at(format!("field {:?} is not a string", a.field))),
                None => return Err(at(format!("no field {:?}", a.field))),
            }
            docs += 1;
        }
    }
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
