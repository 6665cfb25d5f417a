//! Every line of the bundled syllable list (`data/syllables.txt`: lower case,
//! NFC, modern tone placement) is a syllable and survives tone placement in
//! both styles, in lower and upper case; tone noise is left alone.

use vnclean::{is_syllable, NormalizeConfig, Normalizer, ToneStyle};

use crate::common::read_manifest_file;

fn with_style(tone_style: ToneStyle) -> Normalizer {
    Normalizer::with_config(NormalizeConfig {
        tone_style,
        ..NormalizeConfig::default()
    })
}

fn listed_syllables() -> Vec<String> {
    let text = read_manifest_file("data/syllables.txt");
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(lines.len() > 17_000, "only {} syllables read", lines.len());
    lines
}

/// Checks one spelling; pushes a line per problem.
fn check_round_trips(
    word: &str,
    modern: &Normalizer,
    traditional: &Normalizer,
    bad: &mut Vec<String>,
) {
    if !is_syllable(word) {
        bad.push(format!("{word:?}: is_syllable is false"));
    }
    let m = modern.normalize(word);
    if m.text != word {
        bad.push(format!(
            "{word:?}: modern gives {:?} ({:?})",
            m.text, m.report
        ));
    }
    let t = traditional.normalize(word);
    let back = modern.normalize(&t.text);
    if back.text != word {
        bad.push(format!(
            "{word:?}: traditional gives {:?}, then modern gives {:?}",
            t.text, back.text
        ));
    }
    // The traditional form is itself a syllable.
    if !is_syllable(&t.text) {
        bad.push(format!(
            "{word:?}: traditional form {:?} is not a syllable",
            t.text
        ));
    }
}

#[test]
fn every_listed_syllable_is_a_syllable_and_round_trips_tone_placement() {
    let modern = with_style(ToneStyle::Modern);
    let traditional = with_style(ToneStyle::Traditional);
    let lines = listed_syllables();
    let mut bad = Vec::new();
    for line in &lines {
        check_round_trips(line, &modern, &traditional, &mut bad);
    }
    assert!(
        bad.is_empty(),
        "{} problems in {} lower-case syllables; first ones:\n{}",
        bad.len(),
        lines.len(),
        bad.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_listed_syllable_in_upper_case_round_trips_tone_placement() {
    let modern = with_style(ToneStyle::Modern);
    let traditional = with_style(ToneStyle::Traditional);
    let lines = listed_syllables();
    let mut bad = Vec::new();
    for line in &lines {
        let upper = line.to_uppercase();
        check_round_trips(&upper, &modern, &traditional, &mut bad);
    }
    assert!(
        bad.is_empty(),
        "{} problems in {} upper-case syllables; first ones:\n{}",
        bad.len(),
        lines.len(),
        bad.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn open_rhymes_move_between_styles() {
    // The syllables where the two styles differ: a sanity check that the
    // round trip above is not trivially true because nothing ever moves.
    let modern = with_style(ToneStyle::Modern);
    let traditional = with_style(ToneStyle::Traditional);
    for (trad, mod_) in [
        ("hòa", "hoà"),
        ("khỏe", "khoẻ"),
        ("thủy", "thuỷ"),
        ("HÒA", "HOÀ"),
    ] {
        assert_eq!(modern.normalize(trad).text, mod_, "modern of {trad}");
        assert_eq!(
            traditional.normalize(mod_).text,
            trad,
            "traditional of {mod_}"
        );
        assert!(is_syllable(trad) && is_syllable(mod_), "{trad} / {mod_}");
    }
}

#[test]
fn tone_noise_is_not_a_syllable_and_stays_as_written() {
    let styles = [ToneStyle::Traditional, ToneStyle::Modern, ToneStyle::Keep];
    for word in ["gịớí", "thàó", "ýêụ"] {
        assert!(!is_syllable(word), "{word:?} should not be a syllable");
        for style in styles {
            let out = with_style(style).normalize(word);
            assert_eq!(out.text, word, "{style:?} changed the noise word {word:?}");
            assert_eq!(
                out.report.tone_marks, 0,
                "{style:?} on {word:?}: {:?}",
                out.report
            );
        }
        // In a sentence too.
        let sentence = format!("Đây là {word} trong câu.");
        for style in styles {
            assert_eq!(
                with_style(style).normalize(&sentence).text,
                sentence,
                "{style:?}"
            );
        }
    }
}
