//! Finding phrases no list names: with an empty lexicon, a phrase pasted
//! into real Wikipedia text is found by its repetition, its spelling, its
//! words and how it fits its sentences; in every occurrence, whatever
//! look-alike letters it is written in; its spun variants are found from
//! it; and the text's own repeated names are left alone. `explain` says why.

use serde_json::Value;
use vnclean::{Category, Detection, Detector, Evidence, Lexicon, Source, Verdict};

use crate::common::{corpus_file, manifest_path, read_jsonl, run_cli};

/// The Wikipedia sample's documents (CC BY-SA), in file order.
fn wikipedia() -> Vec<String> {
    read_jsonl(&manifest_path("fixtures/corpus/viwiki.sample.jsonl"))
        .iter()
        .map(|v| v["text"].as_str().expect("a text field").to_owned())
        .collect()
}

/// The article on the Gia Rai people with `phrases` pasted, in order, into
/// the middle of sentences spread over it.
fn pasted(phrases: &[&str]) -> String {
    let base = wikipedia().swap_remove(2);
    assert!(base.starts_with("Người Gia Rai"), "the fixture changed");
    pasted_in(&base, phrases)
}

/// `base` with `phrases` pasted, in order, into the middle of sentences
/// spread over it.
fn pasted_in(base: &str, phrases: &[&str]) -> String {
    let sentences: Vec<&str> = base.split(". ").collect();
    let step = (sentences.len() / phrases.len()).max(2);
    let mut next = phrases.iter();
    let out: Vec<String> = sentences
        .iter()
        .enumerate()
        .map(
            |(i, s)| match (i % step == 1).then(|| next.next()).flatten() {
                Some(p) => {
                    let mut words: Vec<&str> = s.split(' ').collect();
                    words.insert(words.len() / 2, p);
                    words.join(" ")
                }
                None => (*s).to_owned(),
            },
        )
        .collect();
    assert!(next.next().is_none(), "not every phrase was pasted");
    out.join(". ")
}

/// The sentences of the article on the Gia Rai people, split at ". ".
fn article_sentences() -> Vec<String> {
    let base = wikipedia().swap_remove(2);
    base.split(". ").map(str::to_owned).collect()
}

/// The article with `sentence` inserted as its sentence `k`.
fn with_sentence(k: usize, sentence: &str) -> String {
    let mut s = article_sentences();
    s.insert(k, sentence.to_owned());
    s.join(". ")
}

/// The article with `p` pasted into the middle of its sentence `k`.
fn pasted_into_sentence(k: usize, p: &str) -> String {
    pasted_into_sentence_of(&wikipedia().swap_remove(2), k, p)
}

/// `base` with `p` pasted into the middle of its sentence `k` (split at
/// ". ").
fn pasted_into_sentence_of(base: &str, k: usize, p: &str) -> String {
    let mut s: Vec<String> = base.split(". ").map(str::to_owned).collect();
    let at = s.get_mut(k).expect("the fixture changed");
    let mut words: Vec<&str> = at.split(' ').collect();
    words.insert(words.len() / 2, p);
    *at = words.join(" ");
    s.join(". ")
}

/// Asserts that `sentence`, put in the article as its sentence 6, gives no
/// finding, with the default lexicon or none.
fn a_sentence_of_its_own_is_clean(sentence: &str) {
    sentences_of_their_own_are_clean(&[(6, sentence.to_owned())]);
}

/// Asserts that the article with each `(k, sentence)` inserted in turn as
/// its sentence `k` gives no finding, with the default lexicon or none.
fn sentences_of_their_own_are_clean(inserted: &[(usize, String)]) {
    let mut s = article_sentences();
    for (k, sentence) in inserted {
        s.insert(*k, sentence.clone());
    }
    let text = s.join(". ");
    for d in [Detector::new(), discovering()] {
        let found = d.detect(&text);
        assert!(
            found.findings.is_empty(),
            "{inserted:?}: {:?}",
            found.findings
        );
    }
}

/// Asserts that `pastes`, pasted in order into the middle of sentences
/// of two Wikipedia articles (28 and 31), are found whole, each one, and
/// nothing else is.
fn each_paste_found_whole(pastes: &[&str]) {
    let wiki = wikipedia();
    for doc in [28, 31] {
        let d = discovering().detect(&pasted_in(&wiki[doc], pastes));
        assert_eq!(texts(&d), pastes, "document {doc}");
    }
}

/// Asserts that each `(k, p)`, pasted alone into the middle of the
/// article's sentence `k`, is found whole, and nothing else is.
fn each_found_spliced_once(cases: &[(usize, &str)]) {
    for &(k, p) in cases {
        let d = discovering().detect(&pasted_into_sentence(k, p));
        assert_eq!(texts(&d), [p], "{p} in sentence {k}");
    }
}

/// The text of each finding, in order.
fn texts(d: &Detection) -> Vec<&str> {
    d.findings.iter().map(|f| f.text.as_str()).collect()
}

fn discovering() -> Detector {
    Detector::with_lexicon(Lexicon::empty())
}

/// `text` as strip mode gives it back with `detector`, not normalised.
fn stripped(detector: Detector, text: &str) -> String {
    vnclean::Cleaner::new()
        .with_detector(detector)
        .with_normalizer(None)
        .with_mode(vnclean::Mode::Strip)
        .clean(text)
        .text
        .into_owned()
}

#[test]
fn a_phrase_no_list_names_is_found_in_every_occurrence() {
    // A brand no list holds among app words; adult, loan and card-game
    // words; each written bare in accented text.
    for p in [
        "tai app hitclub nhan code",
        "xem phim sex khong che",
        "vay tien nhanh online",
        "game bai doi thuong",
    ] {
        let text = pasted(&[p; 4]);
        let d = discovering().detect(&text);
        assert_eq!(d.verdict, Verdict::Injected, "{p}");
        let found = texts(&d);
        assert_eq!(found, [p; 4], "{p}");
        for f in &d.findings {
            assert_eq!(f.source, Source::Ngram, "{p}");
            assert!(
                f.evidence.iter().any(|e| matches!(
                    e,
                    Evidence::Judged { probability, .. } if *probability >= 0.5
                )),
                "{p}: {:?}",
                f.evidence
            );
        }
    }
}

#[test]
fn look_alike_letters_change_nothing_that_is_found() {
    let p = "tai app hitclub nhan code";
    // Cyrillic а, о, е, с, р for their Latin twins.
    let disguised: String = p
        .chars()
        .map(|c| match c {
            'a' => 'а',
            'o' => 'о',
            'e' => 'е',
            'c' => 'с',
            'p' => 'р',
            c => c,
        })
        .collect();
    assert_ne!(disguised, p);
    let text = pasted(&[disguised.as_str(); 4]);
    let d = discovering().detect(&text);
    let found: Vec<(&str, &str)> = d
        .findings
        .iter()
        .map(|f| (f.text.as_str(), f.phrase.as_str()))
        .collect();
    assert_eq!(found, [(disguised.as_str(), p); 4]);
}

#[test]
fn spun_variants_are_found_from_the_phrase() {
    let p = "xem phim sex khong che";
    // A word dropped, a word said twice, a word moved.
    for variant in [
        "xem phim khong che",
        "xem phim sex sex khong che",
        "phim sex khong che xem",
    ] {
        let text = pasted(&[p, p, variant, p]);
        let d = discovering().detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p, p, variant, p], "{variant}");
        let sibling = d.findings.get(2).expect("four findings");
        // The variant stands for the phrase: repair restores it as one.
        assert_eq!(sibling.phrase, p);
        assert!(
            sibling
                .evidence
                .iter()
                .any(|e| matches!(e, Evidence::Sibling { phrase, .. } if phrase == p)),
            "{variant}: {:?}",
            sibling.evidence
        );
    }
    // A word said twice at an edge of the phrase goes with it, however the
    // phrase was found; the text's word beside it that only folds the same
    // ("chè" after "che") does not.
    for (variant, found_as) in [
        ("xem xem phim sex khong che", "xem xem phim sex khong che"),
        ("xem phim sex khong che che", "xem phim sex khong che che"),
        ("xem phim sex khong che chè", "xem phim sex khong che"),
    ] {
        let text = pasted(&[p, p, variant, p]);
        let d = discovering().detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p, p, found_as, p], "{variant}");
    }
    // Variants share pieces that repeat more often than the phrase ("bong
    // da chat", in all four): found first on their own, they
    // must not stop the variants around them from being the phrase's.
    let p = "kenh truc tiep bong da chat luong cao";
    let spun = [
        "kenh truc bong da chat luong cao",
        p,
        "kenh truc tiep bong da chat cao",
        p,
    ];
    let d = discovering().detect(&pasted(&spun));
    let found = texts(&d);
    assert_eq!(found, spun);
}

#[test]
fn spun_variants_keep_the_foreign_words_pasted_with_the_phrase() {
    // Two of four pastes spun: the whole phrase is seen twice, its
    // Vietnamese tail three times. The English words before the tail come
    // with it at every place: they are the phrase's, not the text's.
    let spun = [
        "xem world cup online khong giat lag",
        "xem cup world online khong giat lag",
        "xem world cup khong online giat lag",
        "xem world cup online khong giat lag",
    ];
    let d = discovering().detect(&pasted(&spun));
    let found = texts(&d);
    assert_eq!(found, spun);
}

#[test]
fn a_phrase_whose_first_paste_is_spun_completes_its_fragments_as_written_whole() {
    // The first paste drops "sex", a later one drops "nhat". The dropped
    // word's neighbours ("viet nam moi") then repeat on their own, and the
    // piece is completed by the phrase's words beside it: as the phrase is
    // written whole, not as its first paste happened to be spun.
    let p = "phim sex viet nam moi nhat";
    let pastes = [
        "phim viet nam moi nhat",
        p,
        p,
        "phim sex viet nam moi",
        p,
        "phim viet sex nam moi nhat",
        p,
    ];
    let wiki = wikipedia();
    for doc in [28, 31] {
        let d = discovering().detect(&pasted_in(&wiki[doc], &pastes));
        assert_eq!(texts(&d), pastes, "document {doc}");
    }
}

#[test]
fn foreign_words_beside_most_occurrences_at_unrelated_places_are_the_phrases() {
    // Four pastes whole and two spun without "ip": the tail "vpn coi phim"
    // repeats more often than the phrase, and "fake ip" before it is
    // another language's words in lower case, which real text also writes
    // beside a term of its own. At unrelated places every time, they are
    // the phrase's: no occurrence is cut short.
    let (p, spun) = ("fake ip vpn coi phim", "fake vpn coi phim");
    let wiki = wikipedia();
    for doc in [28, 31] {
        let text = pasted_in(&wiki[doc], &[p, p, spun, p, p, spun]);
        let d = discovering().detect(&text);
        assert_eq!(texts(&d), [p, p, spun, p, p, spun], "document {doc}");
    }
}

#[test]
fn an_english_line_quoted_again_and_again_is_no_spam() {
    // A refrain quoted three times is another language's, not a phrase
    // pasted: its one word that spam also uses ("free") does not speak for
    // its eleven others.
    let refrain = "O'er the land of the free and the home of the brave";
    let text = pasted(&[refrain; 3]);
    for (name, d) in [
        ("empty lexicon", discovering()),
        ("default lexicon", Detector::new()),
    ] {
        let found = d.detect(&text);
        assert!(found.findings.is_empty(), "{name}: {:?}", found.findings);
    }
}

#[test]
fn an_english_phrase_pasted_amid_vietnamese_at_unrelated_places_is_found() {
    // In lower case, with a strong word of spam vocabulary ("money"), in
    // the place of every "tộc" of the article: pasted, though the language
    // model knows too few English words to say so by its edges.
    let p = "make money online fast";
    let base = wikipedia().swap_remove(2);
    let n = base.matches(" tộc").count();
    assert!(n >= 3, "the fixture changed");
    let d = discovering().detect(&base.replace(" tộc", &format!(" {p}")));
    assert_eq!(texts(&d), vec![p; n]);
    // The same words inside English sentences are a quotation's.
    let english = [
        "The report says that many sites promise to make money online fast for anyone who signs up",
        "Critics noted that no scheme can make money online fast without risk to the buyer",
        "Regulators warned that offers to make money online fast are often a fraud on the poor",
    ]
    .iter()
    .enumerate()
    .map(|(k, sentence)| (2 + 3 * k, (*sentence).to_owned()));
    sentences_of_their_own_are_clean(&english.collect::<Vec<_>>());
}

#[test]
fn an_english_keyword_string_off_the_pages_subject_is_found_without_spam_vocabulary() {
    // Four words of English in lower case, none of them spam vocabulary,
    // pasted at four unrelated places of an article on a Vietnamese
    // province that uses none of them anywhere else (or at two).
    // (In articles 2, 5 and 13, half the words beside it are written
    // without marks: names, and Vietnamese words that take none.)
    let p = "best price fast shipping";
    let wiki = wikipedia();
    for k in [31, 2, 5, 13] {
        let d = discovering().detect(&pasted_in(&wiki[k], &[p; 4]));
        assert_eq!(texts(&d), [p; 4], "article {k}");
        assert!(
            d.findings
                .iter()
                .all(|f| f.evidence.iter().any(|e| matches!(
                    e,
                    Evidence::Judged { contributions, .. }
                        if contributions.first().is_some_and(|c| c.feature == "foreign_off_page")
                ))),
            "{:?}",
            d.findings
        );
    }
    // Twice will do with four words ("cheap" and "likes" weigh a little
    // as spam's words, enough to be weighed); three words twice are a
    // term.
    let twice = "cheap instagram likes fast";
    let d = discovering().detect(&pasted_in(&wiki[31], &[twice; 2]));
    assert_eq!(texts(&d), [twice; 2]);
    let term = pasted_in(&wiki[31], &["cheap instagram likes"; 2]);
    // A line quoted again is a sentence, not a keyword string.
    let quoted = pasted_in(&wiki[31], &["be used to the cold"; 4]);
    for text in [term, quoted] {
        for d in [discovering(), Detector::new()] {
            assert!(d.detect(&text).findings.is_empty());
        }
    }
    // A page that uses one of its words elsewhere talks about it: not off
    // its subject. Here the phrase stands inside two of the page's words
    // ("cửa … khẩu", "cao … nguyên"), which is spam whatever its words.
    let talks = pasted_in(&wiki[31], &[p, p, "shipping", p, p]);
    assert!(talks.contains("cửa best price fast shipping khẩu"));
    for d in [discovering(), Detector::new()] {
        let d = d.detect(&talks);
        assert_eq!(texts(&d), [p; 4]);
        let reasons: Vec<&str> = d
            .findings
            .iter()
            .flat_map(|f| &f.evidence)
            .filter_map(|e| match e {
                Evidence::Judged { contributions, .. } => contributions.first().map(|c| c.feature),
                _ => None,
            })
            .collect();
        assert_eq!(reasons, ["splits_words"; 4]);
    }
}

#[test]
fn an_english_keyword_string_stays_english_when_the_lexicon_uses_its_words() {
    // With the default lexicon "free" (of "hack free fire") and "deposit"
    // (by its parts) weigh as spam vocabulary: so they were no foreign words,
    // and "free spin no deposit", three quarters English, was weighed as
    // Vietnamese stripped of its marks, which it is not (0.43). Without the lexicon it
    // was found. Which words a lexicon lists does not make a phrase any
    // less another language's.
    let wiki = wikipedia();
    for p in ["free spin no deposit", "free vpn unlimited speed"] {
        for k in [31, 2] {
            for d in [discovering(), Detector::new()] {
                let found = d.detect(&pasted_in(&wiki[k], &[p; 4]));
                assert_eq!(texts(&found), [p; 4], "{p} in article {k}");
            }
        }
    }
}

#[test]
fn english_with_a_brand_and_a_stripped_word_in_lower_case_is_no_quotation() {
    // Mostly English, but in lower case, with a brand no dictionary knows
    // ("pubg") and a Vietnamese word stripped of its marks ("ban", "bán"):
    // spam mixing languages, not a line of another language. English
    // quoted in lower case, with neither, stays the text's.
    let p = "ban hack pubg mobile";
    let text = pasted(&[p; 4]);
    let d = discovering().detect(&text);
    let found = texts(&d);
    assert_eq!(found, [p; 4]);
    let quoted = pasted(&["be used to the cold"; 4]);
    for d in [discovering(), Detector::new()] {
        assert!(d.detect(&quoted).findings.is_empty());
    }
}

#[test]
fn a_phrase_no_list_names_spelled_out_letter_by_letter_is_found_over_its_letters() {
    // Dotted, or spaced with wider gaps between words, or with digits for
    // letters: read as the words they spell, the pastes repeat as any
    // phrase does.
    for (spelled, phrase) in [
        (
            "t.a.i a.p.p h.i.t.c.l.u.b n.h.a.n c.o.d.e",
            "tai app hitclub nhan code",
        ),
        (
            "v a y  t i e n  n h a n h  o n l i n e",
            "vay tien nhanh online",
        ),
        // Digits for letters, read as the letters they imitate.
        ("ch01 b4i d0i thu0ng", "choi bai doi thuong"),
    ] {
        let text = pasted(&[spelled; 4]);
        let d = discovering().detect(&text);
        assert_eq!(d.verdict, Verdict::Injected, "{spelled}");
        let found: Vec<(&str, &str)> = d
            .findings
            .iter()
            .map(|f| (f.text.as_str(), f.phrase.as_str()))
            .collect();
        assert_eq!(found, [(spelled, phrase); 4], "{spelled}");
        for f in &d.findings {
            assert_eq!(&text[f.start..f.end], spelled);
        }
        // Stripped, no letter of them is left, and stripping again changes
        // nothing.
        let strip = vnclean::Cleaner::new()
            .with_detector(discovering())
            .with_normalizer(None)
            .with_mode(vnclean::Mode::Strip);
        let once = strip.clean(&text).text;
        assert!(!once.contains(spelled), "{once}");
        assert_eq!(strip.clean(&once).text, once);
    }
}

#[test]
fn a_phrase_read_whole_with_its_letters_replaces_the_part_found_as_written() {
    // Digits for letters, differently in each paste: as written, the
    // first paste's "ta1 nha uy tin" is found (the lexicon's "nha" and
    // "uy tin" words); read with its letters, the whole "kiem tien tai
    // nha uy tin", which takes the part's place.
    let forms = [
        "ki3m ti3n ta1 nha uy tin",
        "k13m tien ta1 nha uy tin",
        "kiem ti3n t4i nh4 uy tin",
        "ki3m t13n tai nh4 uy tin",
    ];
    let text = pasted(&forms);
    let d = Detector::new().detect(&text);
    let at = text.find(forms[0]).expect("pasted");
    let first: Vec<(usize, usize)> = d
        .findings
        .iter()
        .filter(|f| f.start < at + forms[0].len() && at < f.end)
        .map(|f| (f.start, f.end))
        .collect();
    assert_eq!(first, [(at, at + forms[0].len())], "{:?}", d.findings);
}

#[test]
fn a_phrase_shouted_in_some_occurrences_only_is_no_name() {
    // In title case throughout, "Game Hack Online" reads as a name (of a
    // game, a shop) and no spam vocabulary outweighs that. Written in
    // capitals mid-sentence in half of its pastes and in title case in the
    // others, it is a disguise that varies from paste to paste: a name
    // keeps one case.
    let names = |text: &str| -> Vec<String> {
        discovering()
            .detect(text)
            .findings
            .iter()
            .map(|f| f.text.clone())
            .collect()
    };
    let (title, upper) = ("Game Hack Online", "GAME HACK ONLINE");
    assert!(names(&pasted(&[title; 4])).is_empty());
    let mixed = [title, upper, title, upper];
    assert_eq!(names(&pasted(&mixed)), mixed);
    // A heading line in capitals is how a page writes names too.
    let text = pasted(&[title; 4]);
    let at = text.find(". ").expect("sentences") + 1;
    let headed = format!("{}\n{upper}\n{}", &text[..at], &text[at + 1..]);
    assert!(names(&headed).is_empty());
}

#[test]
fn the_texts_own_repeated_names_and_terms_are_not_spam() {
    // Names, terms and foreign words that Wikipedia repeats, page after
    // page: with no lexicon to lean on, and with the default one.
    for (i, text) in wikipedia().iter().enumerate() {
        for (name, d) in [
            ("empty lexicon", discovering()),
            ("default lexicon", Detector::new()),
        ] {
            let found = d.detect(text);
            assert!(
                found.findings.is_empty(),
                "document {i}, {name}: {:?}",
                found
                    .findings
                    .iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn explain_weighs_every_repeated_phrase_and_says_why() {
    let p = "vay tien nhanh online";
    let text = pasted(&[p; 4]);
    let judged = discovering().explain(&text);
    let spam = judged.iter().find(|j| j.phrase == p).expect("the phrase");
    assert_eq!(spam.occurrences.len(), 4);
    for &(s, e) in &spam.occurrences {
        assert_eq!(&text[s..e], p);
    }
    assert!(spam.probability >= 0.5, "{spam:?}");
    assert_eq!(spam.features.occurrences, 2.0);
    assert!(spam.features.stripped > 0.0, "{spam:?}");
    // The people's name, repeated all through the article, was weighed
    // too, and is no spam.
    let name = judged
        .iter()
        .find(|j| j.phrase == "gia rai")
        .expect("gia rai");
    assert!(name.occurrences.len() >= 10);
    assert!(name.probability < 0.5, "{name:?}");
    // A finding's evidence lists the judge's reasons, the largest first.
    let d = discovering().detect(&text);
    let Some(Evidence::Judged { contributions, .. }) = d.findings.first().and_then(|f| {
        f.evidence
            .iter()
            .find(|e| matches!(e, Evidence::Judged { .. }))
    }) else {
        panic!("no judged evidence: {:?}", d.findings);
    };
    assert!(!contributions.is_empty());
    assert!(contributions
        .windows(2)
        .all(|w| w[0].log_odds.abs() >= w[1].log_odds.abs()));
}

#[test]
fn explain_command_writes_one_object_a_record_and_names_a_bad_line() {
    let text = pasted(&["vay tien nhanh online"; 4]);
    let good = serde_json::json!({"id": "a", "text": text}).to_string();
    let input = format!("{good}\n{{\"id\": \"b\", \"text\": \"Xin chào.\"}}\n");
    let out = run_cli(
        &["explain", "--format", "jsonl", "--no-default-lexicon"],
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    let judgements = lines[0]["judgements"].as_array().expect("judgements");
    let spam = judgements
        .iter()
        .find(|j| j["phrase"] == "vay tien nhanh online")
        .expect("the phrase");
    assert!(spam["probability"].as_f64().expect("probability") >= 0.5);
    assert_eq!(spam["occurrences"].as_array().map(Vec::len), Some(4));
    assert_eq!(lines[1]["judgements"], serde_json::json!([]));

    let bad = format!("{good}\n{{bad\n");
    let out = run_cli(&["explain", "--format", "jsonl"], bad.as_bytes());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2:"), "{err}");
}

#[test]
fn an_entry_takes_the_words_that_come_with_it_everywhere() {
    // The lexicon knows the brand only: the words pasted with it at every
    // place are the phrase's, in any spelling (the truncated
    // spans: "nha cai" and "uy tin" must not stay behind).
    let lexicon = Lexicon::parse("fi88\tbrand\t1.0\tsuspect,glue", "test").expect("lexicon");
    for p in ["nha cai fi88", "fi88 uy tin", "nha cai fi88 uy tin"] {
        let text = pasted(&[p; 4]);
        let d = Detector::with_lexicon(lexicon.clone()).detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p; 4], "{p}");
    }
}

#[test]
fn an_entry_in_title_case_takes_its_words_with_marks_where_most_pastes_have_them() {
    // Pasted in title case amid lower case, with its marks, and once
    // spun down to the brand alone: the words with marks around the brand
    // in most of its pastes are the phrase's, not the text's (they would
    // be, in lower case, beside a word replaced: "tập" after "học").
    let lexicon = Lexicon::parse("fi88\tbrand\t1.0\tsuspect,glue", "test").expect("lexicon");
    let p = "Nhà Cái Fi88 Uy Tín";
    // (Each between two words in lower case, as most places in an article
    // are: this one's are often names.)
    let lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
    let mut pastes = [p, p, "Fi88", p].into_iter();
    let text: Vec<String> = article_sentences()
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let mut words: Vec<&str> = s.split(' ').collect();
            let at = (words.len() / 2..words.len())
                .find(|&i| i > 0 && lower(words[i - 1]) && lower(words[i]));
            match (k % 2 == 1).then_some(at).flatten() {
                Some(i) => match pastes.next() {
                    Some(q) => {
                        words.insert(i, q);
                        words.join(" ")
                    }
                    None => s.clone(),
                },
                None => s.clone(),
            }
        })
        .collect();
    assert!(pastes.next().is_none(), "the fixture changed");
    let text = text.join(". ");
    let d = Detector::with_lexicon(lexicon).detect(&text);
    let found = texts(&d);
    assert_eq!(found, [p, p, "Fi88", p]);
}

#[test]
fn a_number_pasted_with_the_phrase_everywhere_is_the_phrases() {
    // The lexicon knows "xsmn" only: "thu 7" (Saturday), written bare or
    // with its marks, comes with it at every one of unrelated places, so
    // the number is the phrase's as much as the word before it. (Beside a
    // sentence the text says twice, a number stays the text's: train's
    // "… ở biển Aegean hôm 3-7.", in corpus.rs.)
    let lexicon = Lexicon::parse("xsmn\tlottery\t0.9\tsuspect,glue", "test").expect("lexicon");
    for p in ["xsmn thu 7", "xsmn thứ 7"] {
        let text = pasted(&[p; 4]);
        let d = Detector::with_lexicon(lexicon.clone()).detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p; 4], "{p}");
    }
}

#[test]
fn a_brand_keeps_its_address_written_with_a_space() {
    // "lucky88 com" is the brand's address, its dot a space: the domain
    // after a listed brand is the phrase's, as a word of the text beside a
    // brand is not ("set sin88 …" where "sin88" replaced a word).
    let lexicon = Lexicon::parse("lucky88\tbrand\t1.0\tsuspect,glue", "test").expect("lexicon");
    for p in ["lucky88 com", "lucky88 vip"] {
        let text = pasted(&[p; 4]);
        let d = Detector::with_lexicon(lexicon.clone()).detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p; 4], "{p}");
    }
}

#[test]
fn an_entry_keeps_the_words_spam_uses_that_follow_it_everywhere() {
    // The default lexicon lists "hack pubg" and "soi cau bach thu". Pasted
    // at unrelated places, the phrases after them repeat whole; their end
    // words real text also writes bare ("mobile", "lo") were cut from every
    // occurrence as the text's neighbours of a replaced word.
    let wiki = wikipedia();
    for p in ["hack pubg mobile", "soi cau bach thu lo"] {
        for doc in [28, 31] {
            let d = Detector::new().detect(&pasted_in(&wiki[doc], &[p; 5]));
            assert_eq!(texts(&d), [p; 5], "{p} in document {doc}");
        }
    }
}

#[test]
fn a_phrase_inserted_between_words_keeps_the_word_before_its_entry() {
    // The default lexicon lists "tỷ lệ kèo"; "bang" ("bảng") before it, at
    // every occurrence, was cut as the neighbour of a replaced word. But the
    // text reads on with the whole phrase taken out: it went in between
    // words, displacing none, and every word it shares is its own.
    let wiki = wikipedia();
    let p = "bang ty le keo world cup";
    for doc in [28, 31] {
        let d = Detector::new().detect(&pasted_in(&wiki[doc], &[p; 5]));
        assert_eq!(texts(&d), [p; 5], "document {doc}");
    }
}

#[test]
fn a_compound_whose_middle_word_was_replaced_is_no_sentence_pasted_again() {
    // Every "động" of "vận động viên" (and every "loại" of "kim loại
    // kiềm") replaced: the same word stands before and after each
    // occurrence, as around a sentence pasted again, whose own words the
    // phrase must not take. But a pasted sentence is alike to its ends; here
    // the words beyond the compound differ, and the words the lexicon's
    // "phim jav" comes with everywhere are the phrase's.
    let wiki = wikipedia();
    for (doc, compound, (left, right)) in [
        (12, "vận động viên", ("vận", "viên")),
        (25, "kim loại kiềm", ("kim", "kiềm")),
    ] {
        let n = wiki[doc].matches(compound).count();
        assert!(n >= 4, "the fixture changed: {compound} {n}");
        let p = "phim jav khong che";
        let text = wiki[doc].replace(compound, &format!("{left} {p} {right}"));
        let d = Detector::new().detect(&text);
        assert_eq!(texts(&d), vec![p; n], "{compound}");
    }
}

#[test]
fn the_word_beside_a_replaced_one_stays_with_the_text() {
    // Every "động" of "di động" replaced: "di", written bare as real text
    // writes it, repeats with the phrase each time, but it is the text's
    // word, left from its compound.
    let base = wikipedia().swap_remove(23);
    assert_eq!(base.matches("di động").count(), 11, "the fixture changed");
    let p = "xem bong da truc tuyen";
    let text = base.replace("di động", &format!("di {p}"));
    let d = Detector::new().detect(&text);
    let found = texts(&d);
    assert_eq!(found, vec![p; 11]);
}

#[test]
fn the_partner_of_a_replaced_word_is_left_to_the_text() {
    // Every "tế" of "kinh tế" or "loại" of "kim loại" replaced by a phrase written bare: the word left from the compound
    // stands beside every occurrence, as a phrase's own word would, and is
    // written as real text writes it. The model reads the text better with
    // it beside a word put back than with it cut as the phrase's: it stays.
    let wiki = wikipedia();
    for (doc, pair, kept) in [(17, "kinh tế", "kinh"), (8, "kim loại", "kim")] {
        let n = wiki[doc].matches(pair).count();
        assert!(n >= 3, "the fixture changed: {pair} {n}");
        for p in ["xem phim sex khong che", "vay tien nhanh online"] {
            let text = wiki[doc].replace(pair, &format!("{kept} {p}"));
            let d = discovering().detect(&text);
            assert_eq!(texts(&d), vec![p; n], "{pair}: {p}");
            // Stripped, the text is the article less the replaced word.
            assert_eq!(
                stripped(discovering(), &text),
                wiki[doc].replace(pair, kept),
                "{pair}: {p}"
            );
        }
    }
}

#[test]
fn a_partner_the_phrase_reads_with_marks_is_left_to_the_text_when_real_text_writes_it_bare() {
    // Every "quốc" of "quốc gia" ("công" of "công ty") replaced by a phrase
    // written bare: "gia" ("ty"), left from the compound, stands after
    // every occurrence, and the phrase read with its marks put back reads
    // it with marks too, as it would its own last word stripped of them.
    // But real text writes "gia" and "ty" bare as well, and the model reads
    // the text clearly better with them beside a word put back: they stay,
    // and strip gives back the article less the replaced word.
    let wiki = wikipedia();
    let p = "xem phim sex khong che";
    for (doc, pair, kept) in [(21, "quốc gia", "gia"), (29, "công ty", "ty")] {
        let n = wiki[doc].matches(pair).count();
        assert!(n >= 3, "the fixture changed: {pair} {n}");
        let text = wiki[doc].replace(pair, &format!("{p} {kept}"));
        for detector in [discovering(), Detector::new()] {
            assert_eq!(texts(&detector.detect(&text)), vec![p; n], "{pair}");
        }
        assert_eq!(
            stripped(discovering(), &text),
            wiki[doc].replace(pair, kept),
            "{pair}"
        );
    }
}

#[test]
fn a_partner_the_text_reads_on_without_is_left_to_it_all_the_same() {
    // Every "quốc" of "quốc gia" ("tiểu" of "tiểu bang", "giao" of "giao
    // diện") replaced by a phrase written bare: with the partner taken as
    // the phrase's, the text around it reads on as if nothing had been
    // displaced ("là | rộng lớn thứ 71"), one word shorter than with a word
    // put back beside the partner, and the shorter reading won. Nothing
    // displaced now has its price, as in repair: the partner stays, and
    // strip gives back the article less the replaced word.
    let wiki = wikipedia();
    for (doc, pair, kept, phrases) in [
        (13, "quốc gia", "gia", &BOTH[..]),
        (37, "tiểu bang", "bang", &BOTH[..]),
        (27, "giao diện", "giao", &BOTH[..1]),
    ] {
        let n = wiki[doc].matches(pair).count();
        assert!(n >= 3, "the fixture changed: {pair} {n}");
        for p in phrases {
            let attacked = if kept == pair.split(' ').next().unwrap_or_default() {
                format!("{kept} {p}")
            } else {
                format!("{p} {kept}")
            };
            let text = wiki[doc].replace(pair, &attacked);
            assert_eq!(
                texts(&discovering().detect(&text)),
                vec![*p; n],
                "{pair}: {p}"
            );
            assert_eq!(
                stripped(discovering(), &text),
                wiki[doc].replace(pair, kept),
                "{pair}: {p}"
            );
        }
    }
}

/// Two phrases written bare, a compound's partner beside them.
const BOTH: [&str; 2] = ["xem phim sex khong che", "vay tien nhanh online"];

#[test]
fn a_long_phrase_pasted_once_is_weighed_whatever_its_words_are_written_bare_elsewhere() {
    // Four words pasted once, bare, into a sentence of a real article, with
    // no list: none is a word real text nearly always writes with marks
    // ("bao" of "bao gồm", "chi" of "chi phí", and two of English), so
    // their spelling says nothing. Read with its marks put back ("báo
    // chí"), the phrase reads far better, and the text before it does not
    // lead into it: pasted.
    let wiki = wikipedia();
    let p = "guest post bao chi";
    for (doc, k) in [(14, 1), (5, 11)] {
        let text = pasted_into_sentence_of(&wiki[doc], k, p);
        assert_eq!(text.matches(p).count(), 1, "the fixture changed");
        let d = discovering().detect(&text);
        assert_eq!(texts(&d), [p], "{doc}");
        assert!(
            format!("{:?}", d.findings[0].evidence).contains("stripped_once"),
            "{doc}: {:?}",
            d.findings[0].evidence
        );
    }
}

#[test]
fn a_phrase_with_marks_of_several_spam_words_none_strong_is_weighed() {
    // Pasted with its marks where every "có" of a real article stood:
    // no word of it weighs 2 as spam vocabulary (as the default lexicon
    // has it), but together they weigh 2.9, and the judge weighs the
    // phrase at every occurrence.
    let wiki = wikipedia();
    let p = "tải game đua xe hay nhất";
    let text = crate::common::replace_everywhere(&wiki[39], "có", p).expect("the fixture changed");
    let n = text.matches(p).count();
    assert_eq!(n, 11, "the fixture changed");
    assert_eq!(texts(&Detector::new().detect(&text)), vec![p; n]);
}

#[test]
fn app_downloads_and_seo_services_pasted_once_are_listed_under_their_kinds() {
    // Written bare once in a real article: the default lexicon knows app
    // downloads, hacks and cracks, and SEO and social-media services, and
    // the report names their kind.
    for (p, kind) in [
        ("tai game mod apk mien phi", Category::App),
        ("hack kim cuong free fire", Category::App),
        ("dich vu backlink chat luong", Category::Seo),
        ("buff like gia re", Category::Seo),
    ] {
        let d = Detector::new().detect(&pasted(&[p]));
        assert_eq!(texts(&d), [p], "{p}");
        let listed = d
            .findings
            .iter()
            .flat_map(|f| &f.evidence)
            .any(|e| matches!(e, Evidence::Lexicon { category, .. } if *category == kind));
        assert!(listed, "{p}: {:?}", d.findings);
    }
}

#[test]
fn a_lone_stripped_word_before_a_phrase_written_with_marks_is_the_texts() {
    // Every "cấp" of "cung cấp" (every "hiệu" of "danh hiệu") replaced by a
    // phrase pasted with its marks: "cung", which real text mostly writes
    // with marks ("cùng", "cũng"), stands bare before every occurrence, as
    // a stripped phrase's own first word would. Beside four words with
    // marks it is the text's, as one word with marks beside a phrase
    // written bare is. (The list gives "skin" its weight as a spam word
    // without naming the phrase.)
    let wiki = wikipedia();
    let lexicon = Lexicon::parse("hack skin\tapp\t1\tsuspect", "test").expect("lexicon");
    let p = "mod skin liên quân mùa mới";
    for (doc, pair, kept) in [(10, "cung cấp", "cung"), (20, "danh hiệu", "danh")] {
        let n = wiki[doc].matches(pair).count();
        assert!(n >= 4, "the fixture changed: {pair} {n}");
        let text = wiki[doc].replace(pair, &format!("{kept} {p}"));
        let d = Detector::with_lexicon(lexicon.clone()).detect(&text);
        assert_eq!(texts(&d), vec![p; n], "{pair}");
    }
}

#[test]
fn a_bare_partner_of_a_replaced_word_is_left_beside_a_phrase_written_with_marks() {
    // Every "đình" of "gia đình" ("tâm" of "trung tâm", "tụng" of "tranh
    // tụng") replaced by a listed phrase pasted with its marks: the word
    // left from the compound, written bare as real text writes it, stands
    // before every occurrence. The model reads it with the word put back
    // better than as the phrase's: it stays, and strip gives back the text
    // less the replaced word.
    let wiki = wikipedia();
    let p = "tải game nổ hũ đổi thưởng";
    for (doc, pair, kept) in [
        (18, "gia đình", "gia"),
        (22, "trung tâm", "trung"),
        (37, "tranh tụng", "tranh"),
    ] {
        let n = wiki[doc].matches(pair).count();
        assert!(n >= 3, "the fixture changed: {pair} {n}");
        let text = wiki[doc].replace(pair, &format!("{kept} {p}"));
        let d = Detector::new().detect(&text);
        assert_eq!(texts(&d), vec![p; n], "{pair}");
        assert_eq!(
            stripped(Detector::new(), &text),
            wiki[doc].replace(pair, kept),
            "{pair}"
        );
    }
}

#[test]
fn words_in_disguise_beside_a_listed_brand_are_the_phrases_in_one_recurring_context() {
    // Every "bố" of "tuyên bố độc lập" replaced by a brand and two words
    // with a look-alike letter or an invisible character in them: each
    // occurrence stands between the same words, as a sentence pasted
    // again does, whose words beside an entry are its own. Words written
    // in disguise are no text's: they go with the brand.
    let lexicon = Lexicon::parse("tk88\tbrand\t1.0\tsuspect,glue", "test").expect("lexicon");
    let base = wikipedia().swap_remove(30);
    let n = base.matches("tuyên bố độc").count();
    assert!(n >= 10, "the fixture changed: {n}");
    for p in ["tk88 c\u{430} cuoc", "tk88 ca cu\u{200b}oc"] {
        let text = base.replace("tuyên bố độc", &format!("tuyên {p} độc"));
        let d = Detector::with_lexicon(lexicon.clone()).detect(&text);
        assert_eq!(texts(&d), vec![p; n], "{p}");
    }
}

#[test]
fn a_phrase_pasted_once_with_an_invisible_character_inside_a_word_is_found() {
    // Once, bare, with a zero-width character between two letters of one
    // word: no converter or editor puts one inside a bare Latin word.
    for p in [
        "tai cap\u{200b}cut pro",
        "ban crack photo\u{200c}shop",
        "iptv a\u{2060}pk mien phi",
    ] {
        let d = discovering().detect(&pasted(&[p]));
        assert_eq!(texts(&d), [p], "{p}");
        assert!(
            d.findings[0]
                .evidence
                .iter()
                .any(|e| format!("{e:?}").contains("disguised")),
            "{p}: {:?}",
            d.findings[0].evidence
        );
    }
    // Inside a word written with marks (a navigation list's "h\u{feff}ọc"),
    // or a soft hyphen inside a bare one, it says nothing.
    for p in ["Đại h\u{feff}ọc", "photo\u{ad}shop"] {
        let d = discovering().detect(&pasted(&[p]));
        assert!(d.findings.is_empty(), "{p}: {:?}", d.findings);
    }
}

#[test]
fn a_number_after_a_replaced_word_is_the_phrases_whatever_stands_before() {
    // Every "động" of "di động" replaced by a phrase that ends in a number:
    // every occurrence stands after the same "di", but the words after the
    // number differ from place to place, so the number comes with the
    // phrase, not with the text beyond it. (Whether "di" is the phrase's
    // or the text's, one cannot tell without a lexicon: it is not asked.)
    let base = wikipedia().swap_remove(23);
    let p = "soi cau vietlott power 655";
    let text = base.replace("di động", &format!("di {p}"));
    let d = discovering().detect(&text);
    let found = texts(&d);
    assert_eq!(found.len(), 11, "{found:?}");
    assert!(found.iter().all(|f| f.ends_with(p)), "{found:?}");
}

#[test]
fn a_lexicon_phrase_written_bare_counts_once_and_written_with_marks_does_not() {
    // One anchor text, bare among accented text, is enough ...
    for p in ["truc tiep bong da", "xo so mien bac", "nha cai uy tin"] {
        let text = pasted(&[p]);
        let d = Detector::new().detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p], "{p}");
    }
    // ... but sports, lottery and TV news keep their own phrases, written
    // with their marks where they belong.
    let news = "Tối nay, VTV6 sẽ trực tiếp bóng đá trận chung kết giữa Việt Nam và Thái Lan. \
                Khán giả có thể xem trực tiếp bóng đá trên ứng dụng VTV Go. Kết quả xổ số \
                miền Bắc hôm nay được Công ty xổ số kiến thiết Thủ đô công bố lúc 18 giờ; \
                giải đặc biệt của xổ số miền Bắc trị giá một tỷ đồng.";
    for d in [Detector::new(), discovering()] {
        let found = d.detect(news);
        assert!(found.findings.is_empty(), "{:?}", found.findings);
    }
}

#[test]
fn a_spun_occurrence_does_not_cut_the_last_word_from_the_whole_ones() {
    // The dev split's article on Bangladesh's cities, a phrase pasted into
    // three headings whole and once spun (a word said twice): the shorter
    // piece "link mb88 khong bi" is seen four times, the whole phrase three,
    // and "chan" is the phrase's, not the headings'.
    let Some(path) = corpus_file("../shared/corpus/dev.jsonl") else {
        return;
    };
    let doc = read_jsonl(&path)
        .into_iter()
        .find(|v| v["id"] == "viwiki-00820")
        .expect("the article");
    let p = "link mb88 khong bi chan";
    let text = doc["text"]
        .as_str()
        .expect("a text")
        .replacen(
            "thành phố chính",
            "thành phố link mb88 khong bi bi chan chính",
            1,
        )
        .replacen(
            "== Khu vực Chittagong ==",
            &format!("== Khu vực Chittagong {p} =="),
            1,
        )
        .replacen(
            "== Khu vực Dhaka ==",
            &format!("== Khu vực {p} Dhaka =="),
            1,
        )
        .replacen(
            "== Khu vực Rajshahi ==",
            &format!("== Khu {p} vực Rajshahi =="),
            1,
        );
    let d = discovering().detect(&text);
    let found = texts(&d);
    assert_eq!(found, ["link mb88 khong bi bi chan", p, p, p]);
}

#[test]
fn a_phrase_written_as_a_slug_is_found_and_an_address_path_is_not() {
    // Words joined by hyphens, as a slug writes them, read as the words.
    let p = "lich-truyen-hinh-bong-da-hom-nay";
    let text = pasted(&[p, p, p]);
    let d = discovering().detect(&text);
    let found = texts(&d);
    assert_eq!(found, [p, p, p]);
    // The same words as the path of a source's address, cited twice.
    let cite =
        "(http://thethaovanhoa.vn/dien-dan-van-hoa/lich-truyen-hinh-bong-da-hom-nay-n2017.htm)";
    let text = pasted(&[cite, cite]);
    assert!(discovering().detect(&text).findings.is_empty());
}

#[test]
fn a_phrase_pasted_once_is_found_by_its_spelling_and_words() {
    // Once, no list: bare words real text writes with marks, and spam
    // vocabulary among them, mid-sentence in an accented article.
    // Nor need the words be strong spam vocabulary: words real text
    // writes with marks, and some that spam uses, weighed by the judge's
    // model of phrases seen once.
    for p in [
        "xem phim sex khong che",
        "vay tien nhanh online",
        "choi casino truc tuyen",
        "kenh truc tiep bong da chat luong cao",
        "tai game danh bai doi thuong",
        // One foreign word among words stripped of their marks: Vietnamese
        // all the same, and the foreign word goes with it.
        "xem bong da tren dien thoai khong lag",
    ] {
        let text = pasted(&[p]);
        let d = discovering().detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p], "{p}");
    }
    // Once is little evidence: a quotation in another language, whose
    // words look like stripped syllables, is no phrase.
    // Nor a line of Swedish or a Hawaiian motto, which have syllable
    // skeletons among more than one foreign word.
    for q in [
        "que de me consacrer",
        "den som inom litteraturen har",
        "mau ke ea o ka aina i ka pono",
    ] {
        let quoted = pasted(&[q]);
        assert!(discovering().detect(&quoted).findings.is_empty(), "{q}");
    }
    // Nor are pinyin syllables listed in an article on Chinese, or words
    // that are rightly written without marks ("gai", "do", "keo": thorn,
    // by, acacia) though one of them spells a betting word bare.
    for clean in [
        "Ví dụ: ju jue juan jun qu que quan qun xu xue xuan xun. Các nguyên âm \
         khác được viết như thường.",
        "Đó là rừng tếch sớm rụng khô ở trung bộ và rừng gai do keo Ả Rập thống trị \
         nằm ở tây bộ đồng bằng sông Hằng.",
    ] {
        for d in [Detector::new(), discovering()] {
            assert!(d.detect(clean).findings.is_empty(), "{clean}");
        }
    }
}

#[test]
fn a_phrase_pasted_once_takes_the_words_past_its_listed_head_that_the_text_reads_on_without() {
    // "dịch vụ backlink" and "xsmn" are listed; pasted once at the head of
    // a longer phrase, the words after them are the phrase's, whatever
    // their spelling ("chất lượng" is written as the text writes it): the
    // words before the phrase lead into the text after its tail, not into
    // the tail. So are "miễn phí" after "tải game mod" and "game mod apk",
    // two entries read as the one phrase they make.
    for (k, p) in [
        (2, "dịch vụ backlink chất lượng"),
        (5, "dịch vụ backlink chất lượng"),
        (3, "xsmn thu 7"),
        (7, "xsmn thu 7"),
        (2, "tải game mod apk miễn phí"),
        (4, "tải game mod apk miễn phí"),
    ] {
        let d = Detector::new().detect(&pasted_into_sentence(k, p));
        assert_eq!(texts(&d), [p], "{p} in sentence {k}");
        let read = d
            .findings
            .iter()
            .flat_map(|f| &f.evidence)
            .any(|e| matches!(e, Evidence::ReadsOn { after, .. } if *after >= 1));
        assert!(read, "{p} in sentence {k}: {:?}", d.findings);
    }
    // The listed phrase alone stays as listed: the text after it is read
    // on from it.
    for k in 1..8 {
        for p in ["dịch vụ backlink", "xsmn", "soi kèo nhà cái"] {
            let d = Detector::new().detect(&pasted_into_sentence(k, p));
            assert_eq!(texts(&d), [p], "{p} in sentence {k}");
        }
    }
}

#[test]
fn an_english_word_among_stripped_words_pasted_once_is_vietnamese() {
    // "an" is English and the skeleton of "ăn": among words stripped of
    // their marks it is Vietnamese, and the phrase is found as one with no
    // foreign word would be. Beside English words it is still English: the
    // quotations above stay clean.
    for p in ["lo xien 2 an bao nhieu", "cach an lo de hieu qua"] {
        let text = pasted(&[p]);
        let d = discovering().detect(&text);
        let found = texts(&d);
        assert_eq!(found, [p], "{p}");
    }
    a_sentence_of_its_own_is_clean("He said an apple a day keeps the doctor away");
}

#[test]
fn many_words_often_written_with_marks_pasted_once_are_weighed() {
    // Only "de" of these is nearly always written with marks; "trang",
    // "danh", "lo", "uy" are more often than not, and count half each:
    // three in all, bare mid-sentence, where a phrase needs two.
    let p = "trang danh lo de uy tin";
    let text = pasted(&[p]);
    let d = discovering().detect(&text);
    let found = texts(&d);
    assert_eq!(found, [p]);
}

#[test]
fn a_phrase_in_title_case_seen_once_needs_the_model_to_say_it_was_pasted() {
    // Capitalised, a phrase seen once reads as a name. Pasted into a
    // sentence it breaks ("Theo Tổng điều … tra dân số"), it is found all
    // the same: one reads far better with its marks, the other breaks
    // both edges.
    for p in ["Vay No Xau Van Duyet", "Chot So Vip Mien Trung"] {
        let d = discovering().detect(&pasted_into_sentence(5, p));
        let found = texts(&d);
        assert_eq!(found, [p], "{p}");
    }
    // Names written bare, each once in a sentence of its own, are names,
    // with the words spam also uses in them ("hlv", "facebooker").
    for sentence in [
        "Đội tuyển U23 Malaysia do HLV Datuk Ong Kim Swee dẫn dắt đã thắng thuyết phục",
        "Bài viết của facebooker Toan Phan nhận được hàng nghìn lượt chia sẻ",
        "Ông từng theo học tại UC San Diego trước khi về nước làm việc",
    ] {
        a_sentence_of_its_own_is_clean(sentence);
    }
}

#[test]
fn a_brand_and_spams_words_pasted_once_are_found_without_a_stripped_word() {
    // No word of them is Vietnamese written bare: a brand of spam's parts
    // beside spam's words, in lower case, pasted into a sentence it
    // breaks, is a phrase all the same.
    for p in ["qq288 link", "cliphot69 xem online", "thabet casino"] {
        let d = discovering().detect(&pasted_into_sentence(7, p));
        let found = texts(&d);
        assert_eq!(found, [p], "{p}");
    }
    // A sentence naming a wallet, an app or a radio show, in its own words,
    // is no paste.
    for sentence in [
        "Khách hàng có thể thanh toán qua ví momo online hoặc thẻ ngân hàng",
        "Người dùng tải ứng dụng zalopay app về điện thoại để nhận ưu đãi",
        "Chương trình phát thanh Fibber McGee và Molly được tài trợ suốt mười lăm năm",
    ] {
        a_sentence_of_its_own_is_clean(sentence);
    }
}

#[test]
fn a_keyword_line_no_list_names_is_found_by_spams_words() {
    // No lexicon: the items are weighed by the words spam uses ("game",
    // "online", "link", brands) as well as by words stripped of their
    // marks; a tag line of shopping words, each alone, is no spam.
    let body = wikipedia().swap_remove(2);
    // Brands' addresses written with a space ("lucky88 com") are items of
    // spam too; news sites' are not.
    // After a label, on a page written with marks, phrases written without
    // any, two words or more each, are keywords whatever their words.
    for line in [
        "Tìm kiếm liên quan: game bai online, link vao kubet, qq288 link",
        "Tag: qq288 link, 123b com, nha cai fi88, lucky88 com",
        "Xem thêm: click here nhan qua, free vpn unlimited speed, premium account free download",
    ] {
        let d = discovering().detect(&format!("{body}\n{line}\n"));
        let found = texts(&d);
        assert_eq!(found, [line]);
    }
    for tags in [
        "Xem thêm: livestream, tiktok shop, shopee",
        "Xem thêm: vnexpress net, tuoitre vn, dantri com vn",
        "Xem thêm: Hành chính Việt Nam thời Hồng Bàng, Người Ê Đê, Người Ba Na",
    ] {
        let text = format!("{body}\n{tags}\n");
        for d in [Detector::new(), discovering()] {
            assert!(d.detect(&text).findings.is_empty(), "{tags}");
        }
    }
}

#[test]
fn a_phrase_pasted_in_disguise_is_found_for_its_disguise() {
    // English and a brand-like token with no spam vocabulary, and a
    // Vietnamese word stripped of its marks ("ban", "bán"): written plainly
    // three times it is found by its words, and not for a disguise; an
    // English title said three times is another language's.
    let p = "ban hack pubg mobile";
    let found = |text: &str| -> Vec<String> {
        discovering()
            .detect(text)
            .findings
            .into_iter()
            .map(|f| f.text)
            .collect()
    };
    let plain = discovering().detect(&pasted(&[p, p, p]));
    assert_eq!(texts(&plain), [p, p, p]);
    assert!(plain
        .findings
        .iter()
        .all(|f| f.evidence.iter().all(|e| match e {
            Evidence::Judged { contributions, .. } =>
                contributions.iter().all(|c| c.feature != "disguised"),
            _ => true,
        })));
    let title = "the dark side of the moon";
    assert!(found(&pasted(&[title, title, title])).is_empty());
    // Hidden from filters differently in each paste, with Cyrillic
    // look-alike letters or zero-width characters inside words: spam.
    for pastes in [
        [
            "b\u{430}n hack pubg mobile",
            "ban h\u{430}\u{441}k pubg mobile",
            "ban hack \u{440}ubg mobile",
        ],
        [
            "ban hac\u{200b}k pubg mobile",
            "b\u{200b}an hack pubg mobile",
            "ban hack pubg mobi\u{ad}le",
        ],
    ] {
        let text = pasted(&pastes);
        let d = discovering().detect(&text);
        let found = texts(&d);
        assert_eq!(found, pastes, "{pastes:?}");
        // Said so in the evidence (a paste written otherwise is a sibling).
        assert!(d
            .findings
            .iter()
            .all(|f| f.evidence.iter().any(|e| match e {
                Evidence::Judged { contributions, .. } => {
                    contributions
                        .first()
                        .is_some_and(|c| c.feature == "disguised")
                }
                Evidence::Sibling { .. } => true,
                _ => false,
            })));
    }
    // Written with its marks, a phrase no spam word marks out is the
    // text's own; hidden in each paste, a word of it here and another
    // there (Greek "ό", "ά", Cyrillic "і"), it is found all the same.
    let p = "kênh bóng đá siêu nét";
    assert!(found(&pasted(&[p, p, p])).is_empty());
    let pastes = [
        "kênh b\u{3cc}ng đá siêu nét",
        "kênh bóng đá s\u{456}êu nét",
        "kênh bóng đ\u{3ac} siêu nét",
    ];
    assert_eq!(found(&pasted(&pastes)), pastes);
    // A name stylised the same way each time ("KoЯn"), an editor's
    // zero-width spaces before words and soft hyphens: real text.
    let clean = pasted(&["Ko\u{42f}n", "Ko\u{42f}n", "Ko\u{42f}n"])
        + " Phổ biến kiến \u{200b}\u{200b}thức. Kiến \u{200b}\u{200b}thức và kiến \u{200b}\u{200b}thức \
           mới. Chất l\u{ad}ượng cao, chất l\u{ad}ượng tốt.";
    assert!(found(&clean).is_empty());
}

#[test]
fn a_phrase_in_random_case_is_no_name() {
    // Capitals here and there, differently in each paste: read as a name,
    // it was ruled out; a name keeps one case.
    let pastes = [
        "ban SIM So dEp GiA Re",
        "BAn SIm So DEp gIA Re",
        "baN SIm so dep Gia rE",
        "baN Sim so dEP giA rE",
    ];
    let d = discovering().detect(&pasted(&pastes));
    assert_eq!(texts(&d), pastes);
    // A name whose common word the text writes either way is a name.
    let banco: Vec<(usize, String)> = ["Ngân hàng", "ngân hàng", "Ngân hàng"]
        .iter()
        .enumerate()
        .map(|(k, lead)| {
            (
                1 + 2 * k,
                format!("Khoản tiền được gửi tại {lead} Banco Delta Asia ở Ma Cao"),
            )
        })
        .collect();
    sentences_of_their_own_are_clean(&banco);
}

#[test]
fn stripped_vietnamese_with_an_english_word_pasted_once_is_weighed_by_the_model() {
    // Two words real text nearly always marks ("chay", "quang"), others it
    // marks less surely, and one English word: no spam vocabulary. The
    // model reads it far better with marks and it breaks its sentence on
    // both sides.
    let p = "chay quang cao facebook hieu qua";
    let d = discovering().detect(&pasted_into_sentence(7, p));
    assert_eq!(texts(&d), [p]);
    // A clause of its own so written is an editor's.
    a_sentence_of_its_own_is_clean("Cam on ban da theo doi trang facebook cua chung toi");
}

#[test]
fn a_phrase_pasted_once_before_a_sentence_is_found_by_its_lower_case_start() {
    // Pasted between two sentences, a phrase has no word before it in its
    // clause to break with; that it starts a sentence in lower case does.
    let p = "giai ngan ngay khong can tham dinh";
    let mut s = article_sentences();
    let at = s.get_mut(5).expect("the fixture changed");
    *at = format!("{p} {at}");
    let d = discovering().detect(&s.join(". "));
    assert_eq!(texts(&d), [p]);
}

#[test]
fn a_phrase_pasted_once_at_a_sentence_end_is_found_by_its_left_edge() {
    // Pasted at the end of a sentence, a phrase stripped of its marks has
    // no word after it in its clause: the words before it, which do not
    // lead into it, and its spelling are the evidence.
    for (k, p) in [(2, "dat ve may bay gia re"), (5, "thong cong nghet gia re")] {
        let mut s = article_sentences();
        let at = s.get_mut(k).expect("the fixture changed");
        *at = format!("{at} {p}");
        let d = discovering().detect(&s.join(". "));
        assert_eq!(texts(&d), [p], "{p}");
    }
    // A sentence whose last words an editor left without marks reads on
    // into them: the text's.
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Già làng kể rằng ngày xưa nguoi Gia Rai song o ven song".to_owned(),
        ),
        (
            8,
            "Trong buổi lễ, mọi người cùng uống rượu cần va nhay mua".to_owned(),
        ),
    ]);
}

#[test]
fn a_phrase_pasted_with_its_marks_around_an_english_word_is_found_whole() {
    // Written with its marks, no word of it spam vocabulary (no lexicon),
    // and mixing in English words in lower case: repeated whole at
    // unrelated places, it is found, exactly.
    let p = "hack tài khoản facebook người khác";
    let d = discovering().detect(&pasted(&[p; 4]));
    assert_eq!(texts(&d), [p; 4]);
    // A term with an English word, said in the same frame each time, is
    // the text's; so is the English word in sentences of its own.
    let frames = ["Lần đầu tiên", "Năm ngoái", "Tuần trước", "Sáng nay"]
        .iter()
        .enumerate()
        .map(|(k, lead)| {
            (
                1 + 2 * k,
                format!("{lead}, mặt cầu được thử nghiệm trải thảm carboncor asphalt - vật liệu bê tông nhựa nguội"),
            )
        });
    let own = [
        "Nhiều người dùng chia sẻ trên facebook cá nhân",
        "Trang facebook của nhóm có hàng nghìn người theo dõi",
        "Anh cho biết tài khoản facebook đã bị khóa từ tuần trước",
    ]
    .iter()
    .enumerate()
    .map(|(k, sentence)| (2 + 2 * k, (*sentence).to_owned()));
    sentences_of_their_own_are_clean(&frames.chain(own).collect::<Vec<_>>());
}

#[test]
fn a_phrase_pasted_once_beside_an_abbreviation_is_found_without_it() {
    // Pasted after "UBND TP", whose run of bare words starts with the
    // text's own "giao": the abbreviations end the text's part.
    let p = "kenh the thao truc tiep 24h mien phi";
    let mut s = article_sentences();
    s.insert(
        6,
        format!(
            "UBND tỉnh giao UBND TP {p} Buôn Ma Thuột tiếp thu, chỉ đạo Công an TP khẩn trương điều tra"
        ),
    );
    let d = discovering().detect(&s.join(". "));
    assert_eq!(texts(&d), [p]);
    // A film's title in another language after "phim", capitalised, with
    // words that look like brands: the text's.
    a_sentence_of_its_own_is_clean(
        "Lasse Spang Olsen (sinh năm 1965) với phim I Kina spiser de hunde (Ở Trung Quốc người ta ăn thịt chó) năm 1999",
    );
}

#[test]
fn a_phrase_pasted_once_in_disguise_is_found_whole() {
    // Pasted once, with Cyrillic look-alike letters in two words or more
    // ("х", "е", "а"): no word of it needs to be one real text marks, nor
    // spam's; the disguise is the evidence, and the bare words between
    // and around the disguised ones are the phrase's.
    for p in [
        "\u{445}em live \u{435}uro",
        "v\u{430}y tien b\u{430}ng the",
        "t\u{430}i \u{430}pp kiem tien",
        // One Latin letter among look-alikes in a word of three: "cһо",
        // "һоt", Cyrillic "һ" and "о".
        "c\u{4bb}\u{43e} \u{4bb}\u{43e}t girl",
    ] {
        let d = discovering().detect(&pasted_into_sentence(7, p));
        let found = texts(&d);
        assert_eq!(found, [p], "{p}");
    }
    // Greek in a formula, a transcription or a chemical symbol, and one
    // stray Cyrillic letter, are real text.
    for sentence in [
        "Các nhà nghiên cứu đo nồng độ IFN\u{3b3} và TNF\u{3b1} trong huyết thanh của bệnh nhân",
        "Mẫu thử gồm \u{397}e và \u{39d}e ở áp suất thấp, đo bằng máy quang phổ",
        "Chất chống oxy hóa \u{3b1}lpha tocopherol có trong rau xanh, theo nhóm tác giả",
        "Tên tiếng Nga của thành phố là Mos\u{441}ow theo cách viết cũ",
    ] {
        a_sentence_of_its_own_is_clean(sentence);
    }
}

#[test]
fn words_spelled_as_the_listed_brand_stay_with_it_in_a_recurring_context() {
    // Every "xúc" of "cảm xúc" replaced by a phrase of which the list holds
    // only the brand: "cảm" stands before every occurrence, and the bare
    // words between it and the brand are the phrase's, not that context's.
    let text = wikipedia()
        .swap_remove(14)
        .replace("cảm xúc", "cảm nha cai hi88")
        .replace("Cảm xúc", "Cảm nha cai hi88");
    let only_brand = Lexicon::parse("hi88\tbrand\t1\tsuspect", "brand").unwrap();
    let d = Detector::with_lexicon(only_brand).detect(&text);
    let found = texts(&d);
    assert!(found.len() >= 12, "{found:?}");
    assert!(found.iter().all(|f| *f == "nha cai hi88"), "{found:?}");
}

#[test]
fn a_phrase_seen_once_keeps_the_words_around_its_listed_brand() {
    // Once, a phrase has no neighbours in common with itself: nothing says
    // the words around the brand are the text's.
    let p = "hi88 truc tiep bong da";
    let text = pasted(&[p]);
    let only_brand = Lexicon::parse("hi88\tbrand\t1\tsuspect", "brand").unwrap();
    let d = Detector::with_lexicon(only_brand).detect(&text);
    let found = texts(&d);
    assert_eq!(found, [p]);
}

#[test]
fn a_listed_word_glued_inside_a_foreign_word_is_that_word() {
    // "porno" is listed glued ("phimporno"), but "pornography" is an
    // English word: its "graphy" splits into no syllables or spam words.
    let text = "Người dùng nhận nhiều thư quảng cáo (advertisement mail) và các thư \
                khiêu dâm (pornography mail), đặc biệt là trẻ em.";
    let d = Detector::new().detect(text);
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    // Glued to syllables, an address's end or a letter or two, it is
    // spam's glue ("vlxxx" of "vlxx").
    for w in ["pornohay", "pornovn", "xemporno", "vlxxx"] {
        let text = format!("Người dùng nhận nhiều thư quảng cáo {w} và các thư khác.");
        let d = Detector::new().detect(&text);
        let found = texts(&d);
        assert_eq!(found, [w], "{w}");
    }
}

#[test]
fn a_brand_named_like_the_pages_designations_is_one_of_them() {
    // The W88 warhead, once, in a story naming bombs and jets so.
    let story = "Những quả B61-12 đầu tiên được sản xuất cùng với W88 Alt 370 vào năm \
                 2022. Tiêm kích F-35A và F-15E sẽ mang bom, còn B-2 là máy bay ném bom.";
    let d = Detector::new().detect(story);
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    // Without the other designations, or twice, it is the bookmaker.
    let alone = "Những quả bom đầu tiên được sản xuất cùng với W88 Alt 370 vào năm 2022.";
    let found = |t: &str| Detector::new().detect(t).findings.len();
    assert_eq!(found(alone), 1);
    let twice = format!("{story} Vào W88 mỗi ngày.");
    assert_eq!(found(&twice), 2);
    // Beside another listed brand, it is a bookmaker too.
    let listed = format!("{story} FB88.");
    assert_eq!(found(&listed), 2);
}

#[test]
fn a_suspect_phrase_before_a_sites_address_says_what_the_site_is() {
    // News names a business by what it is: "sòng bạc online" is spam's own
    // phrase, but here it describes the site whose address follows.
    let text = "Người thắng cuộc là sòng bạc online GoldenPalace.com, nổi tiếng bởi những vụ \
                mua giật mình trên eBay.";
    let d = Detector::new().detect(text);
    assert!(d.findings.is_empty(), "{:?}", d.findings);
    // Without the address, or before a listed brand's, it is pasted.
    for text in [
        "Người thắng cuộc là sòng bạc online GoldenPalace, nổi tiếng bởi những vụ mua giật mình.",
        "Người thắng cuộc là sòng bạc online W88.com, nổi tiếng bởi những vụ mua giật mình.",
    ] {
        let d = Detector::new().detect(text);
        assert!(
            d.findings
                .iter()
                .any(|f| f.text.starts_with("sòng bạc online")),
            "{text}: {:?}",
            d.findings
        );
    }
}

#[test]
fn stripped_vietnamese_spliced_once_into_a_sentence_is_found_however_its_edges_read() {
    // Pasted once between two words with marks of one sentence: read with
    // its marks put back, a Vietnamese phrase fits most places ("ông thiết
    // kế website"), so the model's edges say nothing; that it splits a
    // sentence written with marks does. In title case, one word more.
    each_found_spliced_once(&[
        (2, "thiet ke website gia re"),
        (7, "thiet ke website gia re"),
        (0, "collagen trang da nhat ban"),
        (2, "Casino Truc Tuyen Uy Tin"),
    ]);
    // A word with marks on one side will do, a bare one on the other
    // ("theo" is written so, "Moon" is a name).
    for (p, sentence) in [
        (
            "Casino Truc Tuyen Uy Tin",
            "Siêu bão di chuyển {} theo hướng Tây, mỗi giờ đi được khoảng 20km",
        ),
        (
            "thiet ke website gia re",
            "Người phát ngôn cho biết ông {} Moon không tiết lộ thông tin chi tiết",
        ),
    ] {
        let text = with_sentence(6, &sentence.replace("{}", p));
        assert_eq!(texts(&discovering().detect(&text)), [p], "{p}");
    }
    // Set apart by punctuation, the same words are a clause typed without
    // accents, as a reader's comment has them; four words in title case
    // are a name.
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Bài viết rất hay, cam on tac gia da chia se rat nhieu".to_owned(),
        ),
        (
            8,
            "Ông làm việc cho công ty Vo Trong Nghia Architects từ năm 2010".to_owned(),
        ),
    ]);
}

#[test]
fn stripped_vietnamese_mixed_with_english_spliced_once_is_found() {
    // Two or three words of another language among as many Vietnamese
    // words stripped of their marks, which read far better with them put
    // back: a phrase of Vietnamese spam, not a quotation of English, spliced
    // once into a sentence written with marks.
    each_found_spliced_once(&[
        (2, "dich vu review google maps"),
        (7, "copy trade bot loi nhuan cao"),
        (2, "dich vu tang sub youtube nhanh"),
    ]);
    // Set apart by punctuation, it is a clause typed without accents; and a
    // string of English terms with two stripped words after it stays the
    // text's here. (Where the bound on its foreign words lies, the judge's
    // own test of spliced phrases pins.)
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Bạn đọc viết: dich vu review google maps rat tot, cam on".to_owned(),
        ),
        (
            8,
            "Nhóm nghiên cứu dùng phần mềm open source machine learning toan bo trong đề tài"
                .to_owned(),
        ),
    ]);
}

#[test]
fn an_english_keyword_string_spliced_once_into_an_article_is_found() {
    // Four English words or more, no function word among them, between
    // two words with marks of one sentence, none of them used anywhere
    // else on the page: a keyword string pasted once, whatever its words.
    each_found_spliced_once(&[
        (2, "premium account free download"),
        (7, "watch live football hd"),
        // One function word inside is a keyword string's.
        (2, "free spin no deposit"),
    ]);
    // The page's own term of another language comes back in other company
    // ("festival"); a formula has single letters; a quoted line has its
    // function words, two or more, or one at its end.
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Người Gia Rai gọi lễ này là grand harvest festival celebration của buôn làng"
                .to_owned(),
        ),
        (8, "Du khách đến xem festival mỗi năm".to_owned()),
        (
            10,
            "Phức hợp enzim cytochrome c oxidaza có trong ty thể".to_owned(),
        ),
        (11, "Bài hát có câu we will rock you mãi mãi".to_owned()),
        (12, "Bài hát có câu never gonna give you mãi mãi".to_owned()),
    ]);
    // Nor is a reader's comment that switches to English: too short a page
    // for its words to say what it is about.
    let comment = "Bài viết này hay quá, mình recommend everyone should read nhé";
    for d in [Detector::new(), discovering()] {
        assert!(d.detect(comment).findings.is_empty());
    }
}

#[test]
fn an_english_keyword_string_spliced_once_beside_bare_vietnamese_words_is_found() {
    // Vietnamese words that take no marks may stand right beside the
    // string ("sau khi", "ra"): they are Vietnamese when a word with marks
    // follows them within two words.
    for (sentence, p) in [
        (
            "Đồng bào gần đây free vpn unlimited speed sau khi lệnh cấm được ban hành",
            "free vpn unlimited speed",
        ),
        (
            "Buôn làng là nơi cuối cùng đưa make money online fast ra cân nhắc",
            "make money online fast",
        ),
    ] {
        let d = discovering().detect(&with_sentence(6, sentence));
        assert_eq!(texts(&d), [p], "{sentence}");
    }
    // Bare syllables of a passage of another language are no Vietnamese
    // around it: Latin spells "et", French "ne".
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Sách có tên secundum numerum figuram situm et proportionem omnium \
             fructificationis partium được xuất bản năm 1737"
                .to_owned(),
        ),
        (
            8,
            "Người Pháp nói les alouettes ne vous tombent pas toutes rôties dans le bec".to_owned(),
        ),
    ]);
}

#[test]
fn a_keyword_string_whose_stripped_words_spell_english_ones_is_found_spliced_once() {
    // "no" of "free spin no hu hang ngay" is "nổ", stripped: among as many
    // Vietnamese words it is no English function word, and the string is
    // no quoted line. Spliced once into a sentence with marks, none of its
    // words used elsewhere on the page, it is a keyword string pasted once.
    let p = "free spin no hu hang ngay";
    let wiki = wikipedia();
    for k in [0, 1, 8, 9] {
        let d = discovering().detect(&pasted_in(&wiki[k], &[p]));
        assert_eq!(texts(&d), [p], "article {k}");
    }
    // Among English words, "no" is English: a quoted line stays the text's.
    sentences_of_their_own_are_clean(&[(
        6,
        "Bài hát có câu there is no place like home mãi mãi".to_owned(),
    )]);
}

/// The default lexicon without its entries that share two words in a row
/// with `phrase` (folded), as the generalisation protocol ablates it, and
/// keeping one entry in `keep` of those that hold `word` (folded).
fn ablated(phrase: &str, word: &str, keep: usize) -> Lexicon {
    let folded = |s: &str| vnclean::fold(s).as_str().to_owned();
    let key = folded(phrase);
    let words: Vec<&str> = key.split(' ').collect();
    let pairs: Vec<String> = words.windows(2).map(|w| w.join(" ")).collect();
    let mut holding = 0;
    let mut tsv = String::new();
    for e in Lexicon::default().entries() {
        let k = format!(" {} ", e.key);
        if pairs.iter().any(|p| k.contains(&format!(" {p} "))) {
            continue;
        }
        if k.contains(&format!(" {word} ")) {
            holding += 1;
            if holding % keep != 0 {
                continue;
            }
        }
        let flags = [(e.suspect, "suspect"), (e.glue, "glue")]
            .iter()
            .filter(|f| f.0)
            .map(|f| f.1)
            .collect::<Vec<_>>()
            .join(",");
        let flags = if flags.is_empty() {
            "-".to_owned()
        } else {
            flags
        };
        tsv.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            e.phrase,
            e.category.as_str(),
            e.weight,
            flags
        ));
    }
    Lexicon::parse(&tsv, "ablated").expect("the default lexicon's entries parse")
}

#[test]
fn a_phrase_with_marks_is_looked_around_at_a_spam_word_as_written() {
    // "kèo" folds as "kéo" does: once the lexicon has lost most of its
    // entries that say "kèo" (those that share two words with the phrase,
    // and three in four of the rest), "keo" weighs too little, folded, to
    // be looked around. Written with its marks, "kèo" still weighs as spam
    // vocabulary, and the phrase pasted around it is found.
    let p = "kèo ngoại hạng anh đêm nay";
    let detector = Detector::with_lexicon(ablated(p, "keo", 4));
    let wiki = wikipedia();
    for k in [8, 9, 28] {
        let d = detector.detect(&pasted_in(&wiki[k], &[p; 5]));
        assert_eq!(texts(&d), [p; 5], "article {k}");
    }
    // Such a word is spam vocabulary enough for the phrases around it to be
    // counted, whatever the rest weighs: no other word of "kèo tài xỉu 2
    // trái" is spam's once the lexicon has lost "tài xỉu".
    let p = "kèo tài xỉu 2 trái";
    let detector = Detector::with_lexicon(ablated(p, "keo", 4));
    for k in [8, 9, 28] {
        let d = detector.detect(&pasted_in(&wiki[k], &[p; 3]));
        assert_eq!(texts(&d), [p; 3], "article {k}");
    }
}

#[test]
fn an_english_keyword_string_in_place_of_a_word_is_found_among_the_same_neighbours() {
    // Every "sản" of an article replaced: the word stood in "sản xuất",
    // "sản phẩm" at several places, so some of the phrase's places share
    // their neighbours. Six occurrences at four places or more are
    // unrelated places all the same.
    let base = wikipedia().swap_remove(0);
    let p = "epl live stream free";
    let text = base.replace("sản", p);
    let n = text.matches(p).count();
    assert!(n >= 6, "the fixture changed: {n}");
    let d = discovering().detect(&text);
    assert_eq!(texts(&d), vec![p; n]);
}

#[test]
fn an_english_keyword_string_in_place_of_a_year_word_stands_amid_vietnamese() {
    // Every "năm" of an article replaced: the phrase stands before a year
    // at most of its places, and a number is of no language, so it still
    // stands amid Vietnamese.
    let wiki = wikipedia();
    for (doc, word) in [(4, "năm"), (27, "năm")] {
        let p = "watch football free online";
        let text = wiki[doc].replace(word, p);
        let n = text.matches(p).count();
        assert!(n >= 4, "the fixture changed: {doc} {n}");
        let d = discovering().detect(&text);
        assert_eq!(texts(&d), vec![p; n], "{doc} {word}");
    }
    // A unit of measure after its numbers, ending its clause each time,
    // is the text's: the price of sandalwood in ducats a pound.
    let prices: Vec<(usize, String)> = [
        "Gỗ được mua ở điểm thu mua giá 5 đồng ducat một pound; đã ở bến cảng nó đắt hơn",
        "Hiếm khi có thể mua với giá dưới 16 đồng ducat một pound: và khi đã được chở đi",
        "Đến Nhật Bản, nó có giá 200 ducat một pound… với chỉ một mảnh để gối đầu",
        "Người Nhật sẽ trả từ 300 đến 400 ducat một pound’. Khi gió Đông Nam thổi vào",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| (2 + 2 * i, (*s).to_owned()))
    .collect();
    sentences_of_their_own_are_clean(&prices);
}

#[test]
fn an_english_keyword_string_spliced_once_is_found_whole_around_its_spam_words() {
    // With the lexicon's vocabulary, its spam words alone ("betting tips")
    // made a phrase pasted once whose other words, weighing nothing, were
    // trimmed as the text's, and which the judge took for a term; the
    // string spliced into a sentence is the phrase, to its ends.
    for (k, p) in [
        (2, "best betting tips today"),
        (7, "cheap casino bonus codes"),
    ] {
        for d in [Detector::new(), discovering()] {
            let found = d.detect(&pasted_into_sentence(k, p));
            assert_eq!(texts(&found), [p], "{p} in sentence {k}");
        }
    }
}

#[test]
fn an_english_keyword_string_pasted_again_is_one_phrase_with_its_spun_forms() {
    // The same string spliced at several places, some pastes spun (two
    // words swapped, an end word dropped): one phrase, whose words the
    // page uses nowhere but in its pastes. Weighed one paste at a time,
    // each paste's words were the page's own words at the others.
    let p = "premium account free download";
    let pastes = [
        p,
        "premium account download free",
        p,
        "premium account free",
        p,
    ];
    each_paste_found_whole(&pastes);
    // A paste that says its first word twice: the word said again is the
    // paste's, not the page's own use of it.
    let twice = [p, "premium premium account free download", p];
    each_paste_found_whole(&twice);
    // Pasted twice, as an anchor text and a footer mention are.
    let q = "watch live football hd";
    assert_eq!(texts(&discovering().detect(&pasted(&[q, q]))), [q, q]);
    // A term of another language the page says again, whose words come
    // back in other company, is the page's.
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Người Gia Rai gọi lễ này là grand harvest festival celebration của buôn làng"
                .to_owned(),
        ),
        (
            8,
            "Mỗi năm grand harvest festival celebration thu hút nhiều du khách".to_owned(),
        ),
        (10, "Du khách đến xem festival mỗi năm".to_owned()),
    ]);
}

#[test]
fn a_piece_of_a_found_phrase_is_completed_by_its_words_beside_it() {
    // Pasted five times, twice spun by dropping an end word: the two
    // pieces share "viet bai chuan", which repeats on its own and is taken
    // for a phrase of its own; the phrase's word beside it ("seo") is the
    // phrase's all the same, and no word of a paste stays behind.
    let p = "thue viet bai chuan seo";
    let pastes = [p, "viet bai chuan seo", p, "thue viet bai chuan", p];
    each_paste_found_whole(&pastes);
}

#[test]
fn a_phrase_spun_in_most_pastes_keeps_its_words() {
    // Written alike twice, spun three times (a word inside it dropped
    // twice, one said twice): its core "family gia re" stands in all five
    // pastes, more than twice as often as the whole. The spun pastes are
    // the phrase's, so the words before the core are too.
    let p = "youtube premium family gia re";
    let pastes = [
        p,
        "youtube family gia re",
        p,
        "youtube premium family gia gia re",
        "youtube family gia re",
    ];
    each_paste_found_whole(&pastes);
}

#[test]
fn a_phrase_spun_at_its_edge_keeps_its_edge_words() {
    // Pasted three times, twice with its first words swapped: only its
    // core "online khong can von" is written alike each time. The words
    // before it are the same three each time, in another order: the
    // phrase's.
    let p = "kiem tien online khong can von";
    let pastes = [
        p,
        "tien kiem online khong can von",
        "kiem online tien khong can von",
    ];
    each_paste_found_whole(&pastes);
    // Spun inside, each paste found as a piece of its own, the same word
    // before every one is the phrase's too: the repeated phrases' search
    // never saw it beside one n-gram.
    let spun = [
        "link bet69x vao moi nhat",
        "link vao vao bet69x moi nhat",
        "link vao bet69x moi nhat",
    ];
    each_paste_found_whole(&spun);
}

#[test]
fn stripped_vietnamese_pasted_once_is_found_without_spam_vocabulary() {
    // Four words or more stripped of their marks, one of them another
    // language's at most, pasted once into a sentence whose words before
    // it do not lead into it (or, after a foreign first word, whose words
    // after it do not follow it): no list or spam word is needed.
    each_found_spliced_once(&[
        (7, "nhan lam bang dai hoc"),
        (3, "hosting gia re toc do cao"),
        (7, "hosting gia re toc do cao"),
    ]);
    // A passage an editor left bare reads on from the words before it, and
    // a name in title case is a name.
    sentences_of_their_own_are_clean(&[
        (
            6,
            "Già làng kể rằng ngày xưa nguoi dan o day song bang nghe trong lua".to_owned(),
        ),
        (
            8,
            "Ông kể về chuyến đi đến làng Vong Sa Som Rong ở tỉnh biên giới".to_owned(),
        ),
    ]);
}

#[test]
fn five_stripped_words_at_three_places_are_found_in_title_case() {
    // Pasted three times in title case, Vietnamese stripped of its marks
    // with English in it: a name to the model, but no name has five words
    // or more that read far better with marks put back.
    let wiki = wikipedia();
    for p in [
        "Dich Vu Quang Cao Google Ads",
        "Khoa Hoc Digital Marketing Cap Toc",
    ] {
        for doc in [28, 31] {
            let d = discovering().detect(&pasted_in(&wiki[doc], &[p; 3]));
            assert_eq!(texts(&d), [p; 3], "{p} in document {doc}");
        }
    }
    // A name of four words, said three times, is the text's.
    let name = pasted_in(&wiki[31], &["Hong Kong Carrie Lam"; 3]);
    for d in [discovering(), Detector::new()] {
        assert!(d.detect(&name).findings.is_empty());
    }
}

#[test]
fn a_spun_occurrence_counts_towards_the_phrases_repeats() {
    // Pasted three times, once spun (a word said twice, two words
    // swapped, a word inside it dropped): only two are written alike, and
    // in title case a phrase needs three places to be taken for stripped
    // Vietnamese rather than a name. The spun one counts, and stands for
    // the phrase.
    let wiki = wikipedia();
    let p = "Dich Vu Quang Cao Google Ads";
    for spun in [
        "Dich Vu Quang Quang Cao Google Ads",
        "Dich Vu Cao Quang Google Ads",
        "Dich Vu Quang Google Ads",
    ] {
        for doc in [28, 31] {
            let d = discovering().detect(&pasted_in(&wiki[doc], &[p, spun, p]));
            assert_eq!(texts(&d), [p, spun, p], "{spun} in document {doc}");
            let folded = "dich vu quang cao google ads";
            assert!(
                d.findings.iter().all(|f| f.phrase == folded),
                "{:?}",
                d.findings
            );
        }
    }
}

/// `text` with every occurrence of the lower-case word `word` (a whole
/// word) replaced by `phrase`, as a find-and-replace attack does.
fn replaced_everywhere(text: &str, word: &str, phrase: &str) -> (String, usize) {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let (mut out, mut n, mut rest) = (String::new(), 0, text);
    while let Some(at) = rest.find(word) {
        let (before, after) = (&rest[..at], &rest[at + word.len()..]);
        out.push_str(before);
        if is_word(before.chars().next_back()) || is_word(after.chars().next()) {
            out.push_str(word);
        } else {
            out.push_str(phrase);
            n += 1;
        }
        rest = after;
    }
    out.push_str(rest);
    (out, n)
}

#[test]
fn stripped_vietnamese_at_unrelated_places_is_found_whatever_its_words() {
    // Put in the place of every "bằng", "cổ" or "anh" of a Wikipedia
    // article: a phrase in lower case with a word stripped of its marks,
    // reading better with them, at unrelated places. No list or spam word
    // is needed, however many of its words are another language's.
    let wiki = wikipedia();
    for (doc, word, p) in [
        (0, "bằng", "cho vay gop ngay"),
        (2, "cổ", "tai capcut pro"),
        (12, "anh", "tima vay tien"),
    ] {
        let (text, n) = replaced_everywhere(&wiki[doc], word, p);
        assert!(n >= 3, "the fixture changed: {word} {n}");
        let d = discovering().detect(&text);
        assert_eq!(texts(&d), vec![p; n], "{p}");
    }
    // A term of two stripped words, and a foreign name in title case, said
    // at several places, are the text's.
    sentences_of_their_own_are_clean(&[
        (2, "Người dân dùng ung dung này để liên lạc".to_owned()),
        (5, "Nhiều bản làng cũng cài ung dung đó".to_owned()),
        (
            8,
            "Diễn viên Song Joong Ki từng đến thăm vùng này".to_owned(),
        ),
        (11, "Sau đó Song Joong Ki trở lại".to_owned()),
    ]);
}

#[test]
fn a_brand_pasted_alone_between_words_with_marks_is_found_at_every_place() {
    // A brand glued from spam's words and a name, pasted bare as a word of
    // its own into four sentences: no run of bare words holds it, and every
    // occurrence is the phrase, the one beside a comma as well.
    for brand in ["vnloto", "sieuloto", "lotovip", "winclub"] {
        let text = pasted(&[brand; 4]);
        let d = discovering().detect(&text);
        assert_eq!(texts(&d), [brand; 4], "{brand}");
    }
    // A word of another language the text uses in its own sentences is
    // not one: "startup" said seven times in a story on startups.
    let story = "Bởi cứ 40.000 startup nộp đơn đăng ký thì chỉ có hơn 100 startup được lên \
                 sóng. Do đó, những startup được lên hình cũng là những đơn vị tốt nhất. \
                 Nhiều startup gọi vốn thành công sau chương trình, và các startup khác \
                 cũng học được nhiều điều. Một startup ở Hà Nội cho biết họ đã nhận được \
                 đầu tư, còn startup ở TP.HCM thì chưa.";
    assert!(discovering().detect(story).findings.is_empty());
}

#[test]
fn a_phrase_pasted_in_varying_case_around_a_foreign_word_is_found_in_every_case() {
    // A tool pastes one phrase in lower case, title case and capitals: the
    // foreign word it is built around is the same word in each case, and
    // every occurrence is the phrase's.
    let cased = |p: &str, cases: &str| -> Vec<String> {
        cases
            .chars()
            .map(|c| match c {
                'T' => p
                    .split(' ')
                    .map(|w| {
                        let mut cs = w.chars();
                        cs.next()
                            .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                'U' => p.to_uppercase(),
                _ => p.to_owned(),
            })
            .collect()
    };
    for (p, cases) in [
        ("jackpot nổ hũ triệu đô", "lTUl"),
        ("jackpot nổ hũ triệu đô", "TUTU"),
        ("tải tiktok không logo", "lTUl"),
    ] {
        let forms = cased(p, cases);
        let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
        let d = discovering().detect(&pasted(&refs));
        assert_eq!(texts(&d), refs, "{p} {cases}");
    }
    // A name the text writes in title case throughout stays the text's,
    // though its address spells it in lower case.
    let story = "Trường Đại học Phenikaa công bố điểm chuẩn. Năm nay Phenikaa tuyển \
                 5.000 sinh viên, và Phenikaa mở thêm ba ngành mới. Theo Phenikaa, học \
                 phí giữ nguyên; thí sinh xem tại https://phenikaa-uni.edu.vn hoặc \
                 gọi cho Phenikaa.";
    assert!(discovering().detect(story).findings.is_empty());
}

#[test]
fn a_phrase_written_with_look_alikes_that_carry_their_marks_is_found_whole() {
    // "sό", "bόng", "đά", "phί": Greek letters with their own accent stand
    // in for "ó", "á", "í". Such a word is written with marks, in disguise,
    // and the phrase's tail written so is the phrase's, as its plain
    // spelling's would be.
    for p in [
        "tỷ sό trực tuyến nhanh nhất",
        "xem bόng đά trực tiếp miễn phί",
    ] {
        let d = Detector::new().detect(&pasted(&[p; 4]));
        assert_eq!(texts(&d), [p; 4], "{p}");
    }
}

#[test]
fn a_phrase_pasted_with_its_marks_keeps_the_bare_words_that_make_its_own() {
    // "ty" of "công ty", "uy" of "uy tín": words written bare as real text
    // writes them, whose skeletons are more often written with marks
    // ("tỷ", "ủy"). Inside a phrase pasted with its marks they are its
    // words' spelling, not Vietnamese stripped of its marks, and the phrase
    // is found whole, not cut down to its spam word. (The list gives "seo"
    // its weight without naming the phrase.)
    let lexicon = Lexicon::parse("dịch vụ seo\tseo\t1\tsuspect", "test").expect("lexicon");
    for p in [
        "công ty seo uy tín tại hà nội",
        "khóa học seo cung cấp bởi chuyên gia",
    ] {
        let d = Detector::with_lexicon(lexicon.clone()).detect(&pasted(&[p; 4]));
        assert_eq!(texts(&d), [p; 4], "{p}");
    }
}

#[test]
fn a_caption_said_again_with_a_spam_word_in_it_stays_the_texts() {
    // A photo's caption, a line of its own said twice, and a name with its
    // title heading paragraphs: written with marks, with a word spam uses
    // ("clip", "VN") and bare words of their own ("cung" of "cung cấp").
    // A pasted phrase is spliced into the sentences; these stand apart.
    let wiki = wikipedia();
    let base = &wiki[2];
    let text = format!(
        "{base}\nẢnh cắt từ clip nhân vật cung cấp.\n{base}\nẢnh cắt từ clip nhân vật cung cấp.\n\
         Tổng hội Y học VN. {base}\nTổng hội Y học VN. Tổng hội Y học VN."
    );
    let d = Detector::new().detect(&text);
    assert!(d.findings.is_empty(), "{:?}", texts(&d));
}

#[test]
fn words_in_disguise_beside_a_phrase_in_disguise_are_its_own() {
    // "map" and "ban", English here, spell Vietnamese skeletons written
    // bare ("mập", "bán"), and the phrase's other words have their marks:
    // by spelling, "map" and "ban" would be the text's. Written with
    // look-alike letters, differently at each paste, they are the paste's.
    let pastes = [
        "hack mаp liêп quâп không bị baп",
        "haсk maр liêп quân khôпg bị ban",
        "һaсk mаp liên quân không bị baп",
        "hаck maр liên quâп khôпg bị ban",
    ];
    let d = Detector::new().detect(&pasted(&pastes));
    assert_eq!(texts(&d), pastes);
}

#[test]
fn a_word_with_marks_in_disguise_beside_a_spun_phrase_is_its_own() {
    // "cài đặt app trên ios không cần jailbreak", spun and with invisible
    // characters: the n-grams agree on its tail only, and the words with
    // marks before it would be the text's, as words with marks beside a
    // phrase are. But "đặt" stands in disguise beside one paste ("đặ­t"),
    // and the text's own words never do: it is the phrase's at every
    // paste. (The list gives "jailbreak" and "app" their weight without
    // naming the phrase.)
    let lexicon = Lexicon::parse(
        "jailbreak ios\tapp\t1\tsuspect\ntải app hack\tapp\t1\tsuspect",
        "test",
    )
    .expect("lexicon");
    let pastes = [
        "cài đặt app trên ios không cần jailbreak",
        "cài đặ\u{ad}t app trên ios không cần\u{200c} jailbreak",
        "cài a\u{ad}pp đặt \u{feff}trên ios không cần \u{ad}jailbreak",
        "cài đặt app trên ios không cần jailbreak",
    ];
    let d = Detector::with_lexicon(lexicon).detect(&pasted(&pastes));
    assert_eq!(d.findings.len(), 4, "{:?}", texts(&d));
    for f in &d.findings {
        // (The spun paste keeps its own order: "app đặt trên".)
        assert!(
            f.phrase.contains("dat") && f.phrase.contains("app") && f.phrase.ends_with("jailbreak"),
            "{}",
            f.phrase
        );
    }
}

#[test]
fn a_bare_mix_of_english_and_vietnamese_pasted_at_unrelated_places_is_found() {
    // "link xem epl": an English word, a Vietnamese one that takes no
    // marks and a league's initials, pasted into four sentences. Not
    // another language's phrase ("xem" is Vietnamese), not Vietnamese
    // stripped of its marks (none of its words takes one): it fell between
    // the rules for both. (No list: "link" weighs as the domain names of
    // spam use it.)
    let wiki = wikipedia();
    let p = "link xem epl";
    for k in [8, 9, 11] {
        let d = discovering().detect(&pasted_in(&wiki[k], &[p; 4]));
        assert_eq!(texts(&d), [p; 4], "article {k}");
    }
    // Capitalised at every place, as a name is, it is the text's.
    let names = ["Link Xem Epl"; 4];
    let d = discovering().detect(&pasted_in(&wiki[8], &names));
    assert!(d.findings.is_empty(), "{:?}", texts(&d));
}

#[test]
fn a_phrase_with_marks_spun_in_some_pastes_keeps_its_words_with_marks() {
    // Six pastes, one with a word said twice and one with two words
    // swapped. Its pieces repeat more often than the phrase written alike,
    // and the word with marks at its head ("tải") was taken for the text's,
    // the partner of a replaced word, in every paste. The spun pastes make
    // up the surplus, and the phrase stands at unrelated places: the word is
    // the phrase's. (The default lexicon names no part of it.)
    let p = "tải phim hd online không quảng cáo";
    let pastes = [
        p,
        p,
        "tải phim phim hd online không quảng cáo",
        p,
        "tải hd phim online không quảng cáo",
        p,
    ];
    let wiki = wikipedia();
    for k in [8, 9, 28] {
        let d = Detector::new().detect(&pasted_in(&wiki[k], &pastes));
        assert_eq!(texts(&d), pastes, "article {k}");
    }
}

#[test]
fn a_brand_found_alone_where_a_spun_paste_dropped_a_word_takes_the_phrases_word_beside_it() {
    // Four pastes whole, one that dropped its first word. "minh" is too
    // common a word to start a sibling from, and the brand after it was
    // found alone (a lexicon entry): it is completed by the phrase's word
    // beside it, in the phrase's order, as a piece of two words is.
    let p = "lien minh tk88";
    let pastes = [p, p, p, "minh tk88", p];
    let wiki = wikipedia();
    for k in [8, 9] {
        let d = Detector::new().detect(&pasted_in(&wiki[k], &pastes));
        assert_eq!(texts(&d), pastes, "article {k}");
        let spun = d.findings.get(3).expect("five findings");
        assert_eq!(spun.phrase, p, "article {k}");
    }
}

#[test]
fn a_word_pasted_inside_the_texts_words_is_spam_whatever_it_is() {
    // A brand no list names, pasted at four places of a real article, three
    // of them between the two syllables of one word ("hình … ảnh" twice,
    // "nghiên … cứu", "phát … triển"): no term a text repeats stands inside
    // its own words, and the judge says so first.
    let base = wikipedia().swap_remove(0);
    assert!(base.starts_with("In lụa"), "the fixture changed");
    let mut text = base.clone();
    for (word, split) in [
        ("hình ảnh", "hình moneycat ảnh"),
        ("nghiên cứu", "nghiên moneycat cứu"),
        ("phát triển", "phát moneycat triển"),
    ] {
        text = text.replace(word, split);
    }
    assert_eq!(text.matches("moneycat").count(), 4, "the fixture changed");
    let d = Detector::new().detect(&text);
    assert_eq!(texts(&d), vec!["moneycat"; 4]);
    let first_reason = d.findings.iter().find_map(|f| {
        f.evidence.iter().find_map(|e| match e {
            Evidence::Judged { contributions, .. } => contributions.first(),
            _ => None,
        })
    });
    assert_eq!(first_reason.map(|c| c.feature), Some("splits_words"));
    // Stripped, the article is itself again.
    assert_eq!(stripped(Detector::new(), &text), base);
}

#[test]
fn a_phrase_pasted_in_capitals_is_taken_with_the_rest_of_its_run() {
    // The brand alone is listed, as a user's list might have it.
    let brand = || {
        let lexicon = Lexicon::parse("8xbet\tbrand\t1.0\tsuspect,glue", "brand.tsv");
        Detector::with_lexicon(lexicon.expect("a lexicon line"))
    };
    // Each paste is pasted into the middle of a sentence of the article,
    // between words in lower case (sentences 0 and 7).
    let two = |a: &str, b: &str| pasted_into_sentence_of(&pasted_into_sentence(0, a), 7, b);
    // Two pastes, each spun: only "8XBET MỚI NHẤT" stands in both. The
    // words in capitals before it, up to the text's lower case, are the
    // phrase's as well.
    let pastes = ["LINK 8XBET MỚI NHẤT", "NHÀ CÁI 8XBET MỚI NHẤT"];
    let d = brand().detect(&two(pastes[0], pastes[1]));
    assert_eq!(texts(&d), pastes);
    // An abbreviation before it is the text's ("HLV", "MU"), and so is a
    // run that starts a sentence: its capitals may be the text's.
    for (text, core) in [
        ("của HLV 8XBET MỚI NHẤT", "8XBET MỚI NHẤT"),
        ("fan MU 8XBET MỚI NHẤT", "8XBET MỚI NHẤT"),
        ("thấy. CÁI 8XBET MỚI NHẤT", "8XBET MỚI NHẤT"),
    ] {
        let d = brand().detect(&two(pastes[0], text));
        assert_eq!(texts(&d), [pastes[0], core], "{text}");
    }
    // Nor title case: the text writes its institutions so, "Lục quân"
    // where "quân" was replaced by a phrase in title case.
    let d = brand().detect(&two("Lục 8Xbet Mới Nhất", "Vào 8Xbet Mới Nhất"));
    assert_eq!(texts(&d), ["8Xbet Mới Nhất"; 2]);
}
