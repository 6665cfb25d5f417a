//! Property tests: `normalize` never panics, is idempotent and invents no
//! replacement characters under every configuration; `clean` reports every
//! change (the input rebuilds from output and report) and is idempotent;
//! `fold`'s offset map is monotone and lands on character boundaries, its
//! text is lower-case ASCII with single spaces, and its tokens fold back
//! from their source text.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use vnclean::{fold, Cleaner, Legacy, NormalizeConfig, Normalizer, ToneStyle};

/// Pieces that exercise the normaliser's rules: real syllables (both tone
/// styles, misplaced and doubled tones, noise), combining marks, invisible
/// and exotic spaces, line endings, look-alikes, mojibake, legacy-encoded
/// words and HTML references.
const PIECES: &[&str] = &[
    // Syllables and words.
    "Việt",
    "Nam",
    "hòa",
    "hoà",
    "thủy",
    "thuỷ",
    "khỏe",
    "khoẻ",
    "người",
    "lượng",
    "lựơng",
    "baỏ",
    "ngòai",
    "qúa",
    "gía",
    "giữa",
    "gịớí",
    "thàó",
    "ýêụ",
    "Đà",
    "ĐÁ",
    "bóng",
    "đá",
    "lich",
    "truyen",
    "NGHIÊNG",
    "QUỐC",
    "quý",
    "khuỷu",
    "café",
    "Pokémon",
    "fb88",
    "a",
    "o",
    "e",
    "u",
    "y",
    "i",
    "ơ",
    "ư",
    "â",
    "ê",
    "ô",
    "ă",
    "d",
    "g",
    "q",
    "h",
    "ng",
    "tr",
    // Combining marks: tones, then vowel marks.
    "\u{300}",
    "\u{301}",
    "\u{303}",
    "\u{309}",
    "\u{323}",
    "\u{302}",
    "\u{306}",
    "\u{31b}",
    // Invisible characters and exotic spaces.
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{2060}",
    "\u{feff}",
    "\u{ad}",
    "\u{a0}",
    "\u{2009}",
    "\u{202f}",
    "\u{3000}",
    // Spacing and line endings.
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    // Look-alikes.
    "\u{43e}",
    "\u{430}",
    "\u{3bf}",
    "\u{d0}",
    "\u{f0}",
    "\u{ff22}",
    // Mojibake (UTF-8 read as Windows-1252) and its pieces.
    "á»‡",
    "Viá»‡t",
    "Ä‘",
    "Ã",
    "Â",
    "Æ°",
    "\u{81}",
    // Legacy encodings as Latin-1 look-alikes (TCVN3, VNI, VISCII).
    "ViÖt",
    "®",
    "¸",
    "µ",
    "Vieät",
    "ñ",
    "Ðà",
    "ð",
    // HTML references.
    "&amp;",
    "&#7879;",
    "&#x1EC7;",
    "&acirc;",
    "&nbsp;",
    "&lt;",
    "&amp;lt;",
    "&",
    "#",
    ";",
    // Punctuation and digits.
    ",",
    ".",
    "-",
    "\"",
    "2024",
    "!",
];

/// Text biased towards what the normaliser handles, up to ~200 characters.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

/// Arbitrary Unicode (with and without control and format characters)
/// mixed with the Vietnamese-biased text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        1 => vec(any::<char>(), 0..200).prop_map(|cs| cs.into_iter().collect::<String>()),
        3 => vietnamese_text(),
    ]
}

/// Accented news text with spam phrases, brands, keyword labels and their
/// obfuscations spliced in, up to ~60 pieces.
fn spammy_text() -> impl Strategy<Value = String> {
    const SPAM: &[&str] = &[
        "soi keo nha cai",
        "lich truyen hinh truc tiep bong da",
        "fb88",
        "xosomienbacvn88",
        "s\u{200b}oi kеo",
        "Từ khóa: ",
        "nha cai uy tin, ",
        "kèo nhà cái",
        "bóng đá",
        "gịớí",
    ];
    const NEWS: &[&str] = &[
        "Hội khuyến học ",
        "các tỉnh ",
        "đã tổ chức ",
        "trong năm qua",
        ", ",
        ". ",
        "\n",
        " ",
        "  ",
        "\u{a0}",
        "học tập ",
        "người dân ",
    ];
    let piece = prop_oneof![
        3 => select(NEWS).prop_map(str::to_owned),
        1 => select(SPAM).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn all_off() -> NormalizeConfig {
    NormalizeConfig {
        nfc: false,
        tone_style: ToneStyle::Keep,
        confusables: false,
        invisible: false,
        spaces: false,
        line_endings: false,
        mojibake: false,
        legacy: Legacy::Off,
        html_entities: false,
    }
}

fn normalizers() -> Vec<(&'static str, Normalizer)> {
    let with = |config: NormalizeConfig| Normalizer::with_config(config);
    vec![
        ("default", Normalizer::new()),
        (
            "keep",
            with(NormalizeConfig {
                tone_style: ToneStyle::Keep,
                ..NormalizeConfig::default()
            }),
        ),
        (
            "modern",
            with(NormalizeConfig {
                tone_style: ToneStyle::Modern,
                ..NormalizeConfig::default()
            }),
        ),
        (
            "html",
            with(NormalizeConfig {
                html_entities: true,
                ..NormalizeConfig::default()
            }),
        ),
        ("all-off", with(all_off())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn clean_reports_in_order_on_char_boundaries_and_strips_exactly_them(
        s in prop_oneof![text(), spammy_text()]
    ) {
        // Repair reports the same way (its output replaces instead of cuts).
        let repair = Cleaner::new().with_normalizer(None).with_mode(vnclean::Mode::Repair);
        let repaired = repair.clean(&s);
        for f in &repaired.report.findings {
            prop_assert!(f.start < f.end && f.end <= s.len(), "{:?}", f);
            prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
            prop_assert_eq!(&s[f.start..f.end], f.text.as_str());
        }
        // Nothing lost unreported: the input rebuilds from output and report.
        let rebuilt = repaired.report.rebuild_input(&repaired.text);
        prop_assert_eq!(rebuilt.as_deref(), Some(s.as_str()));
        let c = Cleaner::new().with_normalizer(None);
        let out = c.clean(&s);
        let mut last = 0;
        for f in &out.report.findings {
            prop_assert!(last <= f.start && f.start < f.end && f.end <= s.len(), "{:?}", f);
            prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end));
            prop_assert_eq!(&s[f.start..f.end], f.text.as_str());
            last = f.end;
        }
        let spans: Vec<_> = out.report.findings.iter().map(|f| f.start..f.end).collect();
        let stripped = vnclean::strip(&s, &spans);
        prop_assert_eq!(out.text.as_ref(), stripped.as_str());
        let rebuilt = out.report.rebuild_input(&out.text);
        prop_assert_eq!(rebuilt.as_deref(), Some(s.as_str()));
    }

    #[test]
    fn clean_is_idempotent(s in prop_oneof![text(), spammy_text()]) {
        for c in [
            Cleaner::new(),
            Cleaner::new().with_normalizer(None),
            Cleaner::new().with_mode(vnclean::Mode::Repair),
        ] {
            let once = c.clean(&s).text.into_owned();
            let twice = c.clean(&once);
            prop_assert_eq!(&once, twice.text.as_ref(), "report: {:?}", twice.report);
        }
    }

    #[test]
    fn normalize_is_idempotent_under_every_config(s in text()) {
        for (name, n) in normalizers() {
            let once = n.normalize(&s).text.into_owned();
            let twice = n.normalize(&once).text.into_owned();
            prop_assert_eq!(&twice, &once, "config {}: second pass changed the output of {:?}", name, s);
        }
    }

    #[test]
    fn normalize_invents_no_replacement_characters(s in text()) {
        for (name, n) in normalizers() {
            let out = n.normalize(&s);
            // The output is a `str`, so valid UTF-8 by type; a lossy
            // decoding inside would show up as U+FFFD.
            prop_assert!(
                s.contains('\u{fffd}') || !out.text.contains('\u{fffd}'),
                "config {}: U+FFFD in {:?} from {:?}", name, out.text, s
            );
            let mut buf = String::from("stale");
            let report = n.normalize_to(&s, &mut buf);
            prop_assert_eq!(buf.as_str(), &*out.text, "config {}: normalize_to", name);
            prop_assert_eq!(&report, &out.report, "config {}: normalize_to report", name);
        }
    }

    #[test]
    fn normalize_with_every_rule_off_is_the_identity(s in text()) {
        let out = Normalizer::with_config(all_off()).normalize(&s);
        prop_assert_eq!(&*out.text, s.as_str());
        prop_assert_eq!(out.report.total(), 0);
    }

    #[test]
    fn fold_offsets_are_monotone_char_boundaries(s in text()) {
        let f = fold(&s);
        let len = f.as_str().len();
        let mut previous = 0;
        for i in 0..=len {
            let o = f.source_offset(i);
            prop_assert!(o >= previous, "source_offset({}) = {} < previous {} for {:?}", i, o, previous, s);
            prop_assert!(o <= s.len() && s.is_char_boundary(o), "source_offset({}) = {} is not a char boundary of {:?}", i, o, s);
            previous = o;
        }
        prop_assert_eq!(f.source_offset(len), s.len());
    }

    #[test]
    fn fold_text_is_lowercase_letters_and_digits_with_single_spaces(s in text()) {
        let f = fold(&s);
        let t = f.as_str();
        // ASCII skeletons, and letters with none kept as themselves, lower
        // case where they have one.
        prop_assert!(
            t.chars().all(|c| c == ' '
                || c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || (!c.is_ascii()
                    && c.is_alphanumeric()
                    && c.to_lowercase().eq(std::iter::once(c)))),
            "{:?} folds to {:?}", s, t
        );
        prop_assert!(!t.contains("  "), "{:?} folds to {:?}", s, t);
    }

    #[test]
    fn fold_tokens_fold_back_from_their_source_text(s in text()) {
        let f = fold(&s);
        let mut last_end = 0;
        for token in f.tokens() {
            prop_assert!(!token.folded_text.is_empty() && !token.folded_text.contains(' '));
            prop_assert_eq!(&f.as_str()[token.folded.clone()], token.folded_text);
            prop_assert_eq!(&s[token.source.clone()], token.source_text);
            prop_assert!(token.folded.start >= last_end, "tokens overlap in {:?}", s);
            last_end = token.folded.end;
            let again = fold(token.source_text);
            prop_assert_eq!(
                again.as_str().trim(), token.folded_text,
                "token {:?} of {:?}", token.source_text, s
            );
        }
    }
}

/// Inputs the idempotence property found, kept as named cases: each mixes a
/// decoding repair (mojibake, legacy, HTML) with a later step whose change
/// a second run used to see.
#[test]
fn idempotence_regressions_found_by_the_properties() {
    let cases = [
        "Ð\u{200b}\u{a0}ð",
        "\u{200b}\u{200d}",
        "\u{ad}á»‡",
        "ngòai&#7879;á»‡\u{300}",
        "hòaViệt\u{a0}á»‡",
        "á»‡&nbsp;lựơngViệtViệt",
        "á»‡&nbsp;ngòaiViệt",
        "á»‡\u{a0}â",
        "á»‡\u{a0}ă",
        "a\u{300}\u{200d}",
        "Ä‘a\u{a0}Ä‘",
        "Ä‘ê\u{a0}Việt",
        "Ä‘ê\u{a0}Ä‘",
        "Ä‘&#7879;",
        "Ä‘\u{200b}a",
        "Viá»‡tá»‡\u{323}",
        "Ã\u{303}\u{81}o",
        "Òι{",
        "Ò\u{1fbe}{",
    ];
    for (name, n) in normalizers() {
        for s in cases {
            let once = n.normalize(s).text.into_owned();
            let twice = n.normalize(&once).text.into_owned();
            assert_eq!(twice, once, "config {name}: {s:?}");
        }
    }
}
