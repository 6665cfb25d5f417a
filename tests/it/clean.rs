//! Finding and stripping spam: the founding article, legitimate uses of the
//! same words, every obfuscation, keyword lines, doorway pages, custom
//! lexicons; and the devset and clean corpus when `../shared` is present.

use serde_json::Value;
use vnclean::{strip, Action, Cleaner, Detector, Lexicon, Mode, Source, Verdict};

use crate::common::{corpus_file, read_manifest_file};

const PHRASE: &str = "lich truyen hinh truc tiep bong da";

fn stripper() -> Cleaner {
    Cleaner::new().with_normalizer(None).with_mode(Mode::Strip)
}

/// Strip output, with the spans the report says were removed.
fn strip_spans(text: &str) -> (String, Vec<String>) {
    let out = stripper().clean(text);
    let spans = out
        .report
        .findings
        .iter()
        .map(|f| text[f.start..f.end].to_string())
        .collect();
    (out.text.into_owned(), spans)
}

/// A news paragraph that carries marks, around `inject`.
fn news(inject: &str) -> String {
    format!(
        "Hội khuyến học các tỉnh, thành phố Đồng bằng sông Hồng tổ chức giao ban công tác \
         khuyến học, khuyến tài. {inject} Ông Đỗ Văn Sáng cho biết các hội đã thực hiện tốt \
         kế hoạch và mục tiêu đề ra, phong trào học tập suốt đời được nhân dân hưởng ứng."
    )
}

#[test]
fn seed_article_strips_to_the_stripped_file() {
    let spammed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let stripped = read_manifest_file("fixtures/seed/article.stripped.txt");
    let out = stripper().clean(&spammed);
    assert_eq!(out.text, stripped);
    assert_eq!(out.report.verdict, Verdict::Injected);
    assert_eq!(out.report.findings.len(), 73);
    for f in &out.report.findings {
        assert_eq!(&spammed[f.start..f.end], PHRASE);
        assert_eq!(f.phrase, PHRASE, "lexicon hit grown to the repeated unit");
        assert_eq!(f.source, Source::Lexicon);
        assert_eq!(f.action, Action::Removed);
    }
    // Cleaning the output again finds nothing.
    let again = stripper().clean(&out.text);
    assert_eq!(again.report.verdict, Verdict::Clean);
    assert_eq!(again.text, out.text);
}

#[test]
fn flag_mode_reports_and_changes_nothing() {
    let spammed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let out = Cleaner::new()
        .with_normalizer(None)
        .with_mode(Mode::Flag)
        .clean(&spammed);
    assert_eq!(out.text, spammed);
    assert_eq!(out.report.findings.len(), 73);
    assert!(out
        .report
        .findings
        .iter()
        .all(|f| f.action == Action::Flagged && f.replacement.is_none()));
}

#[test]
fn flag_mode_does_not_normalise_either() {
    let text = "Ho\u{323}c sinh xem soi keo nha cai  ha\u{300}ng nga\u{300}y.";
    let out = Cleaner::new().with_mode(Mode::Flag).clean(text);
    assert_eq!(out.text, text);
    assert_eq!(out.report.findings.len(), 1);
}

#[test]
fn legitimate_uses_of_spam_words_stay_clean() {
    let d = Detector::new();
    for text in [
        "Lịch thi đấu bóng đá hôm nay: VTV6 trực tiếp bóng đá trận Việt Nam gặp Thái Lan lúc \
         19h. Người hâm mộ có thể xem trực tiếp bóng đá trên VTV6 và ứng dụng VTVGo.",
        "Công ty xổ số kiến thiết Cần Thơ cho biết doanh thu xổ số kiến thiết năm nay tăng. \
         Kết quả xổ số miền Nam được công bố lúc 16h15 mỗi ngày.",
        "Cơ quan công an đã khởi tố vụ án tổ chức đánh bạc, bắt giữ một nhà cái cùng 12 đối \
         tượng tham gia cá độ bóng đá qua mạng với số tiền hơn 10 tỷ đồng.",
        "Đội tuyển Tây Ban Nha thắng đậm. HA Gia Lai và HA Gia Lai B đều thắng, tài năng trẻ \
         của HA Gia Lai được khen ngợi.",
    ] {
        let r = d.detect(text);
        assert_eq!(r.verdict, Verdict::Clean, "{text}\n{:?}", r.findings);
    }
}

#[test]
fn obfuscated_phrases_are_found_with_exact_spans() {
    for variant in [
        "soi keo nha cai",
        "SOI KEO NHA CAI",
        "Soi Kèo Nhà Cái",
        "soi\u{a0}keo  nha cai",
        "s\u{200b}oi ke\u{ad}o nh\u{2060}a cai",
        "sоi kеo nhа cаi", // Cyrillic о е а а
        "soi keо пha cai", // Cyrillic о п
    ] {
        let text = news(&format!("Xem {variant} tại đây."));
        let (out, spans) = strip_spans(&text);
        assert_eq!(spans, [variant], "{variant:?}");
        assert_eq!(out, news("Xem tại đây."), "{variant:?}");
    }
}

#[test]
fn odd_characters_do_not_hide_a_brand() {
    // A combining grapheme joiner is no accent.
    let text = news("Truy cập fb\u{34f}88 để nhận thưởng.");
    let d = Detector::new().detect(&text);
    assert_eq!(d.findings.len(), 1, "{:?}", d.findings);
    assert_eq!(d.findings[0].text, "fb\u{34f}88");
}

#[test]
fn glued_brands_and_domains_are_found() {
    let text = news("Truy cập xosomienbacvn88 hoặc fb88.com để nhận thưởng.");
    let d = Detector::new().detect(&text);
    let found: Vec<&str> = d.findings.iter().map(|f| f.text.as_str()).collect();
    assert!(found.contains(&"xosomienbacvn88"), "{found:?}");
    assert!(found.contains(&"fb88"), "{found:?}");
}

#[test]
fn unknown_repeated_bare_phrases_are_found_without_a_lexicon() {
    let p = "hut be phot gia re";
    let text = format!(
        "Người dân {p} phản ánh tình trạng ngập úng kéo dài. Chính quyền địa phương {p} cho \
         biết sẽ khắc phục sớm. Các hộ gia đình {p} đều mong được hỗ trợ kịp thời."
    );
    let d = Detector::with_lexicon(Lexicon::empty()).detect(&text);
    assert_eq!(d.verdict, Verdict::Injected);
    let found: Vec<&str> = d.findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(found, [p, p, p]);
    assert!(d.findings.iter().all(|f| f.source == Source::Ngram));
}

#[test]
fn keyword_lines_go_whole_and_take_their_line_break() {
    let body = news("");
    let text = format!("{body}\nTừ khóa: soi keo, nha cai uy tin, xoilac tv, 188bet\n");
    let (out, spans) = strip_spans(&text);
    assert_eq!(
        spans,
        ["Từ khóa: soi keo, nha cai uy tin, xoilac tv, 188bet"]
    );
    assert_eq!(out, format!("{body}\n"));
    // A legitimate keyword line stays.
    let legit = format!("{body}\nTừ khóa: khuyến học, Hà Nam, giáo dục\n");
    assert_eq!(strip_spans(&legit).0, legit);
}

#[test]
fn doorway_pages_are_spam() {
    let d = Detector::new();
    let noise = "tròng thế gịớí thể thảó bóng đá ýêụ cá cược uy tín nhất việt nàm gịớí thiệụ \
                 nhà cáí hàng đầu tròng thế gịớí đăng kýý nhận thưởng ngáy hôm nảy";
    assert_eq!(d.detect(noise).verdict, Verdict::Spam);
    let brands = "fb88 w88 188bet kubet sunwin jun88 8xbet new88 hi88 f8bet shbet \
                  nha cai uy tin soi keo bong da xoilac tv";
    assert_eq!(d.detect(brands).verdict, Verdict::Spam);
}

#[test]
fn user_lexicons_add_and_replace() {
    // Written with its marks and pasted once, the phrase is nothing the
    // default list or the discovery of phrases no list names can tell
    // from the text; the user's own list says it is spam in any spelling.
    let text = news("Mua ngay thuốc bổ thận cấp tốc tại đây.");
    assert_eq!(Detector::new().detect(&text).verdict, Verdict::Clean);
    let mut lex = Lexicon::default();
    lex.extend(Lexicon::parse("thuốc bổ thận cấp tốc\tpharma\t1\tsuspect", "mine").unwrap());
    let d = Detector::with_lexicon(lex).detect(&text);
    assert_eq!(d.findings.len(), 1);
    assert_eq!(d.findings[0].text, "thuốc bổ thận cấp tốc");
    assert_eq!(d.findings[0].source, Source::Lexicon);
    // Written bare, four words stripped of their marks, it needs no list.
    let bare = news("Mua ngay thuoc bo than cap toc tại đây.");
    let found = Detector::new().detect(&bare);
    assert_eq!(found.findings.len(), 1);
    assert_eq!(found.findings[0].text, "thuoc bo than cap toc");
    // Without the default list, its entries are not found.
    let only = Detector::with_lexicon(Lexicon::parse("thuốc bổ thận\tpharma", "m").unwrap());
    assert!(only
        .detect(&news("Xem soi keo nha cai."))
        .findings
        .is_empty());
}

#[test]
fn strip_removes_exactly_the_reported_spans() {
    let spammed = read_manifest_file("fixtures/seed/article.spammed.txt");
    let out = stripper().clean(&spammed);
    let spans: Vec<_> = out.report.findings.iter().map(|f| f.start..f.end).collect();
    assert_eq!(out.text, strip(&spammed, &spans));
    for f in &out.report.findings {
        assert!(spammed.is_char_boundary(f.start) && spammed.is_char_boundary(f.end));
    }
}

#[test]
fn normalising_cleaner_reports_offsets_into_the_input() {
    // Decomposed input with the phrase in it: offsets point into the input
    // as given, and the output is normalised.
    let text = "Ho\u{323}c sinh xem soi keo nha cai  ha\u{300}ng nga\u{300}y.";
    let out = Cleaner::new().clean(text);
    let f = &out.report.findings[0];
    assert_eq!(&text[f.start..f.end], "soi keo nha cai");
    assert_eq!(out.text, "Học sinh xem hàng ngày.");
}

/// The devset (made by inject.py from the dev split): every clean case
/// untouched, nearly every attacked case detected and stripped exactly
/// (spacing and punctuation compared as score.py does).
#[test]
fn devset_strip_scores() {
    let Some(path) = corpus_file("../shared/eval/devset.jsonl") else {
        return;
    };
    let c = stripper();
    let (mut clean, mut untouched, mut attacked, mut detected, mut exact) = (0, 0, 0, 0, 0);
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let case: Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let out = c.clean(text);
        if case["attack"] == "none" {
            clean += 1;
            untouched += usize::from(out.text == text);
        } else {
            attacked += 1;
            detected += usize::from(out.report.verdict != Verdict::Clean);
            exact += usize::from(canon(&out.text) == canon(case["gold_strip"].as_str().unwrap()));
        }
    }
    assert_eq!(untouched, clean, "clean cases changed");
    assert!(
        detected * 100 >= attacked * 97,
        "doc recall {detected}/{attacked}"
    );
    assert!(exact * 100 >= attacked * 90, "exact {exact}/{attacked}");
}

/// score.py's canonical form: runs of spaces folded, no space before
/// punctuation or at line ends.
fn canon(s: &str) -> String {
    let mut out = String::new();
    for line in s.trim().lines() {
        let words: Vec<&str> = line
            .split([' ', '\t', '\u{a0}'])
            .filter(|w| !w.is_empty())
            .collect();
        let mut l = String::new();
        for w in words {
            if !l.is_empty() && !w.starts_with([',', '.', ';', ':', '!', '?', ')', ']']) {
                l.push(' ');
            }
            l.push_str(w);
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// Real news and Wikipedia: no findings at all.
#[test]
fn no_findings_on_the_clean_dev_split() {
    let Some(path) = corpus_file("../shared/corpus/dev.jsonl") else {
        return;
    };
    let d = Detector::new();
    let mut flagged = Vec::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        let r = d.detect(doc["text"].as_str().unwrap());
        if r.verdict != Verdict::Clean {
            flagged.push((
                doc["id"].to_string(),
                r.findings.first().map(|f| f.text.clone()),
            ));
        }
    }
    assert!(flagged.is_empty(), "{flagged:?}");
}

/// A brand no list names, in lower case beside a lexicon phrase written
/// bare, goes with the phrase; a capitalised name beside it stays. And a
/// listed brand takes its bare tail.
#[test]
fn a_bare_phrase_takes_the_unlisted_brand_beside_it() {
    let page = |spam: &str| {
        format!(
            "Chiều nay, đội tuyển Việt Nam bước vào trận đấu quan trọng với Thái Lan tại sân \
             Mỹ Đình. Người hâm mộ có thể xem {spam} trên các kênh của VTV. Huấn luyện viên \
             cho biết toàn đội đã sẵn sàng cho trận đấu."
        )
    };
    let (_, spans) = strip_spans(&page("nha cai zizabet"));
    assert_eq!(spans, ["nha cai zizabet"]);
    let (_, spans) = strip_spans(&page("zizabet nha cai uy tin"));
    assert_eq!(spans, ["zizabet nha cai uy tin"]);
    let (out, spans) = strip_spans(&page("nha cai Manchester"));
    assert_eq!(spans, ["nha cai"]);
    assert!(out.contains("xem Manchester trên"), "{out}");

    // A brand's bare tail goes with it, spam vocabulary ("tv", "link") and
    // words real text all but never writes bare ("nap rut", "du phong")
    // alike; accented words beside it stay.
    let (_, spans) = strip_spans(&page("fb88 nap rut nhanh"));
    assert_eq!(spans, ["fb88 nap rut nhanh"]);
    let (_, spans) = strip_spans(&page("fb88 tv link du phong"));
    assert_eq!(spans, ["fb88 tv link du phong"]);
    let (out, spans) = strip_spans(&page("fb88 Hà Nội"));
    assert_eq!(spans, ["fb88"]);
    assert!(out.contains("xem Hà Nội trên"), "{out}");
}
