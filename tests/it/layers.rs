//! The house: the library's modules import one another one way
//! (normalise → fold → match → detect → decide → strip/repair → records),
//! with no circle. Read off the sources: every `crate::<module>` path
//! outside a file's tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::manifest_path;

/// Top-level module → the top-level modules it names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let src = manifest_path("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "bin" {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let top = top_module(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            // A file's tests may reach anywhere.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    deps.entry(top.clone()).or_default().insert(name);
                }
            }
        }
    }
    deps
}

fn top_module(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_str()
        .unwrap();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn the_modules_import_one_way_with_no_circle() {
    let deps = imports();
    // Depth-first search from every module, reporting the first circle.
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!("import circle: {} -> {m}", path[at..].join(" -> "));
        }
        if done.contains(m) {
            return;
        }
        path.push(m.to_string());
        for next in deps.get(m).into_iter().flatten() {
            visit(next, deps, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in deps.keys() {
        visit(m, &deps, &mut Vec::new(), &mut done);
    }
    // The two circles that stood: detection took repair's verdict type,
    // and the fold reached the normaliser, which reached back through
    // syllables.
    let uses = |a: &str, b: &str| deps.get(a).is_some_and(|d| d.contains(b));
    assert!(!uses("detect", "repair"), "{deps:?}");
    assert!(!uses("fold", "normalize"), "{deps:?}");
    assert!(!uses("syllable", "fold"), "{deps:?}");
    // And the reading itself works: detection does read the fold.
    assert!(uses("detect", "fold"), "{deps:?}");
    assert!(uses("repair", "detect"), "{deps:?}");
}
