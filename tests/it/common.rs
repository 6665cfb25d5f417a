//! Helpers shared by the test modules: paths, JSONL files, fixture options,
//! running the `vnclean` binary, describing differences.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use vnclean::{Encoding, Legacy, NormalizeConfig, ToneStyle};

/// A path relative to the crate root.
pub fn manifest_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Reads a UTF-8 file relative to the crate root, panicking with its path.
pub fn read_manifest_file(rel: &str) -> String {
    let path = manifest_path(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file of the shared data beside the checkout (`../shared/...`), or
/// `None` (with a note) when it is not there.
pub fn corpus_file(rel: &str) -> Option<PathBuf> {
    let path = manifest_path(rel);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: corpus file {} is missing", path.display());
        None
    }
}

/// A scratch file path for this test binary (not created).
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&dir).expect("create CARGO_TARGET_TMPDIR");
    dir.join(format!("vnclean-it-{}-{name}", std::process::id()))
}

/// Parses a JSON Lines file: one JSON value per non-empty line.
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: bad JSON: {e}", path.display(), i + 1))
        })
        .collect()
}

/// A string field of a JSON object, panicking with `what` when missing.
pub fn str_field<'v>(value: &'v Value, field: &str, what: &str) -> &'v str {
    value
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{what}: missing string field {field:?}"))
}

/// One case of `fixtures/normalize/cases.jsonl`.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub rule: String,
    pub input: String,
    pub expected: String,
    pub options: Value,
}

pub const CASES_FILE: &str = "fixtures/normalize/cases.jsonl";

/// Every normaliser fixture case, in file order.
pub fn load_cases() -> Vec<Case> {
    read_jsonl(&manifest_path(CASES_FILE))
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let what = format!("{CASES_FILE} case #{}", i + 1);
            Case {
                name: str_field(v, "name", &what).to_owned(),
                rule: str_field(v, "rule", &what).to_owned(),
                input: str_field(v, "input", &what).to_owned(),
                expected: str_field(v, "expected", &what).to_owned(),
                options: v
                    .get("options")
                    .cloned()
                    .unwrap_or_else(|| Value::Object(serde_json::Map::new())),
            }
        })
        .collect()
}

/// The library configuration and the matching CLI flags for a fixture's
/// `options` object. Unknown keys or values are an error, so that fixtures
/// written for options this suite does not know about fail loudly instead of
/// silently running with defaults.
pub fn config_from_options(options: &Value) -> Result<(NormalizeConfig, Vec<String>), String> {
    let map = options
        .as_object()
        .ok_or_else(|| format!("options is not an object: {options}"))?;
    let mut config = NormalizeConfig::default();
    let mut args = Vec::new();
    for (key, value) in map {
        match key.as_str() {
            "tone_style" => {
                let s = value
                    .as_str()
                    .ok_or_else(|| format!("tone_style is not a string: {value}"))?;
                config.tone_style = match s {
                    "traditional" => ToneStyle::Traditional,
                    "modern" => ToneStyle::Modern,
                    "keep" => ToneStyle::Keep,
                    other => return Err(format!("unknown tone_style {other:?}")),
                };
                args.push("--tone-style".to_owned());
                args.push(s.to_owned());
            }
            "from" => {
                let s = value
                    .as_str()
                    .ok_or_else(|| format!("from is not a string: {value}"))?;
                let encoding = match s {
                    "tcvn3" => Encoding::Tcvn3,
                    "vni" => Encoding::Vni,
                    "viscii" => Encoding::Viscii,
                    other => return Err(format!("unknown encoding {other:?}")),
                };
                config.legacy = Legacy::From(encoding);
                args.push("--from".to_owned());
                args.push(s.to_owned());
            }
            "html_entities" => {
                let on = value
                    .as_bool()
                    .ok_or_else(|| format!("html_entities is not a bool: {value}"))?;
                config.html_entities = on;
                if on {
                    args.push("--html-entities".to_owned());
                }
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok((config, args))
}

/// Runs the `vnclean` binary with `args`, feeding `stdin` (from another
/// thread, so a large input cannot deadlock against a full stdout pipe).
pub fn run_cli<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnclean"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the vnclean binary");
    let mut pipe = child.stdin.take().expect("child stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may exit without reading (a missing file, bad flags):
        // a broken pipe here is not the test's concern.
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for vnclean");
    writer.join().expect("stdin writer thread");
    out
}

/// Exit code, stdout and stderr of a CLI run, for assertion messages.
pub fn describe_output(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {:?}\nstderr: {:?}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Where two strings first differ, with some context on each side.
pub fn first_difference(expected: &str, got: &str) -> String {
    let e: Vec<char> = expected.chars().collect();
    let g: Vec<char> = got.chars().collect();
    let Some(at) = (0..e.len().max(g.len())).find(|&i| e.get(i) != g.get(i)) else {
        return "no difference".to_owned();
    };
    let from = at.saturating_sub(20);
    let window = |v: &[char]| -> String { v.iter().skip(from).take(50).collect() };
    format!(
        "first difference at char {at}: expected …{:?}…, got …{:?}…",
        window(&e),
        window(&g)
    )
}

/// Collapses runs of spaces and tabs to one space and trims each line's
/// ends: the spacing that the normaliser is allowed to change.
pub fn canonical_spacing(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            for word in line.split([' ', '\t']).filter(|w| !w.is_empty()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The inject.py replace attack on real Wikipedia text: every lower-case
/// occurrence of a word after the first line becomes the phrase. Returns
/// the attacked text, or `None` when the word never occurs there.
pub fn replace_everywhere(doc: &str, target: &str, phrase: &str) -> Option<String> {
    let (head, body) = doc.split_at(doc.find('\n')? + 1);
    let mut out = head.to_string();
    let mut hits = 0;
    let mut rest = body;
    while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
        out.push_str(&rest[..start]);
        let word = &rest[start..];
        let len = word
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(word.len());
        if &word[..len] == target {
            out.push_str(phrase);
            hits += 1;
        } else {
            out.push_str(&word[..len]);
        }
        rest = &word[len..];
    }
    out.push_str(rest);
    (hits > 0).then_some(out)
}
