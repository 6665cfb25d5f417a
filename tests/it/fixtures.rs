//! The named normaliser cases of `fixtures/normalize/cases.jsonl`, through
//! the library and through the `vnclean normalize` command.

use std::collections::{BTreeMap, HashSet};

use vnclean::Normalizer;

use crate::common::{
    config_from_options, describe_output, first_difference, load_cases, run_cli, Case, CASES_FILE,
};

/// The rules the fixture README promises cases for.
const RULES: [&str; 8] = [
    "nfc",
    "tone",
    "confusable",
    "invisible",
    "space",
    "mojibake",
    "legacy",
    "html",
];

fn normalizer_for(case: &Case) -> Normalizer {
    let (config, _) =
        config_from_options(&case.options).unwrap_or_else(|e| panic!("case {}: {e}", case.name));
    Normalizer::with_config(config)
}

fn report_failures(what: &str, total: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {total} fixture cases failed {what}:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn fixture_names_are_unique_kebab_case_and_start_with_their_rule() {
    let cases = load_cases();
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for case in &cases {
        if !seen.insert(case.name.as_str()) {
            problems.push(format!("duplicate name {:?}", case.name));
        }
        let kebab = !case.name.is_empty()
            && case.name.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !kebab {
            problems.push(format!("name {:?} is not ASCII kebab-case", case.name));
        }
        if !case.name.starts_with(&format!("{}-", case.rule)) {
            problems.push(format!(
                "name {:?} does not start with its rule {:?}",
                case.name, case.rule
            ));
        }
        if !RULES.contains(&case.rule.as_str()) {
            problems.push(format!(
                "case {:?} has unknown rule {:?}",
                case.name, case.rule
            ));
        }
        if let Err(e) = config_from_options(&case.options) {
            problems.push(format!("case {:?}: {e}", case.name));
        }
    }
    assert!(
        problems.is_empty(),
        "{CASES_FILE}:\n{}",
        problems.join("\n")
    );
}

#[test]
fn fixtures_cover_every_rule() {
    let mut per_rule: BTreeMap<&str, usize> = RULES.iter().map(|&r| (r, 0)).collect();
    let cases = load_cases();
    for case in &cases {
        if let Some(n) = per_rule.get_mut(case.rule.as_str()) {
            *n += 1;
        }
    }
    let missing: Vec<_> = per_rule
        .iter()
        .filter(|&(_, &n)| n == 0)
        .map(|(r, _)| *r)
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture cases for rules {missing:?}: {per_rule:?}"
    );
    assert!(cases.len() >= 100, "only {} fixture cases", cases.len());
}

#[test]
fn every_fixture_case_normalizes_to_expected() {
    let cases = load_cases();
    let mut failures = Vec::new();
    for case in &cases {
        let got = normalizer_for(case)
            .normalize(&case.input)
            .text
            .into_owned();
        if got != case.expected {
            failures.push(format!(
                "--- {} (rule {}, options {})\n  input:    {:?}\n  expected: {:?}\n  got:      {:?}\n  {}",
                case.name,
                case.rule,
                case.options,
                case.input,
                case.expected,
                got,
                first_difference(&case.expected, &got)
            ));
        }
    }
    report_failures("input → expected", cases.len(), &failures);
}

#[test]
fn every_fixture_expected_is_a_fixed_point() {
    let cases = load_cases();
    let mut failures = Vec::new();
    for case in &cases {
        // `from` declares the input legacy-encoded; the output is Unicode, so
        // it is a fixed point of the detecting normaliser, not of `from`.
        let normalizer = if case.options.get("from").is_some() {
            let (mut config, _) = config_from_options(&case.options).expect("options");
            config.legacy = vnclean::Legacy::Detect;
            Normalizer::with_config(config)
        } else {
            normalizer_for(case)
        };
        let out = normalizer.normalize(&case.expected);
        if out.text != case.expected.as_str() {
            failures.push(format!(
                "--- {} (rule {}, options {})\n  input:    {:?}\n  expected: {:?}\n  got:      {:?}\n  report:   {:?}\n  {}",
                case.name,
                case.rule,
                case.options,
                case.expected,
                case.expected,
                out.text,
                out.report,
                first_difference(&case.expected, &out.text)
            ));
        }
    }
    report_failures("expected → expected (fixed point)", cases.len(), &failures);
}

#[test]
fn cli_normalize_matches_library_on_every_fixture_case() {
    let cases = load_cases();
    let mut failures = Vec::new();
    for case in &cases {
        let (config, flags) = config_from_options(&case.options)
            .unwrap_or_else(|e| panic!("case {}: {e}", case.name));
        let library = Normalizer::with_config(config)
            .normalize(&case.input)
            .text
            .into_owned();
        let mut args = vec!["normalize".to_owned()];
        args.extend(flags);
        let out = run_cli(&args[..], case.input.as_bytes());
        if !out.status.success() || out.stdout != library.as_bytes() {
            let cli = String::from_utf8_lossy(&out.stdout).into_owned();
            failures.push(format!(
                "--- {} (vnclean {})\n  input:    {:?}\n  library:  {:?}\n  cli:      {}\n  {}",
                case.name,
                args.join(" "),
                case.input,
                library,
                describe_output(&out),
                first_difference(&library, &cli)
            ));
        }
    }
    report_failures("CLI == library", cases.len(), &failures);
}
