//! Page verdicts: whole pages of spam are `spam`, real text carrying spam
//! is `injected`, and legitimate pages on lotteries, football and TV stay
//! `clean`, with the page evidence in the report.

use vnclean::{Cleaner, Detector, Evidence, Mode, Normalizer, Verdict};

fn verdict(text: &str) -> Verdict {
    Detector::new().detect(text).verdict
}

const NEWS: &str = "Hội khuyến học các tỉnh, thành phố Đồng bằng sông Hồng tổ chức giao ban công \
                    tác khuyến học, khuyến tài. Ông Đỗ Văn Sáng cho biết các hội đã thực hiện tốt \
                    kế hoạch và mục tiêu đề ra, phong trào học tập suốt đời được nhân dân hưởng \
                    ứng. Nhiều gia đình, dòng họ đã lập quỹ khuyến học để trao thưởng cho con em.";

#[test]
fn doorway_titles_and_keyword_pages_are_spam() {
    for page in [
        "kuwin | xổ số miền bắc hôm nay | lô đề online",
        "KUWIN - soi cầu xsmb, soi keo nha cai uy tin, nhacaiuytin\nlink vào kuwin mới nhất",
        "game bài đổi thưởng | nổ hũ | tài xỉu online | link vào fb88 | đăng ký nhận 100k",
    ] {
        let d = Detector::new().detect(page);
        assert_eq!(d.verdict, Verdict::Spam, "{page}: {:?}", d.page);
        assert!(d.page.probability >= 0.5);
        assert!(!d.page.contributions.is_empty());
    }
}

#[test]
fn a_short_paragraph_strewn_with_tone_marks_is_spam() {
    // About one word in ten with marks no syllable has: "gìớí", "thảò".
    let page = "Trận đấu gìớí hạn giữa hai đội bóng diễn ra trên sân vận động quốc gia với sự \
                chứng kiến của hàng chục nghìn cổ động viên. Đội chủ nhà thảò luận chiến thuật \
                từ sớm và lũôn chủ động kiểm soát bóng trong suốt hiệp một. Huấn luyện viên cho \
                biết các cầu thủ đã ỳêu cầu được thi đấu tấn công ngay từ đầu, và kết qủả cuối \
                cùng khiến người hâm mộ hàì lòng.";
    let d = Detector::new().detect(page);
    assert_eq!(d.verdict, Verdict::Spam, "{:?}", d.page);
    assert!(d.page.noise > 0.05, "{:?}", d.page);
    // The same words spelled right are clean.
    let clean = page
        .replace("gìớí", "giới")
        .replace("thảò", "thảo")
        .replace("lũôn", "luôn")
        .replace("ỳêu", "yêu")
        .replace("qủả", "quả")
        .replace("hàì", "hài");
    assert_eq!(verdict(&clean), Verdict::Clean);
}

#[test]
fn tone_noise_between_the_words_sampled_still_counts() {
    // 400 words of running text; the noise check samples four runs of 30
    // (around words 50, 150, 250, 350) for a word with two tone marks, and
    // one is there, but the rest of the noise lies between the runs. Once
    // one is seen, every word is read.
    let words: Vec<&str> = NEWS
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()))
        .filter(|w| !w.is_empty())
        .collect();
    let noise = ["gìớí", "thảò", "lũôn", "ỳêu", "qủả", "hàì"];
    let mut page: Vec<&str> = (0..400).map(|i| words[i % words.len()]).collect();
    page[40] = noise[0];
    for (k, i) in [80, 90, 100, 110, 190, 200, 210, 220, 290, 300, 310, 320]
        .into_iter()
        .enumerate()
    {
        page[i] = noise[k % noise.len()];
    }
    let page = page.join(" ");
    let d = Detector::new().detect(&page);
    assert_eq!(d.verdict, Verdict::Spam, "{:?}", d.page);
    // One such word alone is a typo.
    let typo: Vec<&str> = (0..400)
        .map(|i| {
            if i == 40 {
                noise[0]
            } else {
                words[i % words.len()]
            }
        })
        .collect();
    assert_eq!(verdict(&typo.join(" ")), Verdict::Clean);
}

#[test]
fn a_profile_hashtagged_with_spam_words_is_spam() {
    // A loan app's profile, written in sentences, under a line of hashtags
    // that spam uses: the line is a keyword string like any other.
    let profile = "Zenvay &#8211; vay tiền nhanh &amp; vay không thẩm định\n\
                   Zenvay là ứng dụng vay tiền, hỗ trợ khách hàng toàn quốc, giải ngân trong ngày.\n\
                   Hạn mức: 2 &#8211; 30 triệu\n\
                   Lãi suất: từ 0% cho khoản vay đầu tiên\n\
                   Zenvay có uy tín không? Có, được nhiều người lựa chọn mỗi ngày.\n\
                   Điều kiện: CCCD, tài khoản ngân hàng chính chủ\n\
                   Website: https://zenvay.vn\n";
    let d = Detector::new().detect(&format!(
        "{profile}#zenvay #vaytien #linkvao #nhacaiuytin #lode"
    ));
    assert_eq!(d.verdict, Verdict::Spam, "{:?}", d.page);
    assert!(d.page.keyword_lines > 0.0, "{:?}", d.page);
    // Hashtags of ordinary words under a news story say nothing.
    let story = format!("{NEWS}\n#khuyenhoc #giaoduc #hanoi");
    assert_eq!(verdict(&story), Verdict::Clean);
}

#[test]
fn real_text_with_a_pasted_phrase_is_injected_not_spam() {
    for phrase in ["soi keo nha cai", "link vào fb88", "nha cai fb88 uy tin"] {
        let text = NEWS.replacen("khuyến tài.", &format!("khuyến tài {phrase}."), 1);
        let d = Detector::new().detect(&text);
        assert_eq!(d.verdict, Verdict::Injected, "{phrase}: {:?}", d.page);
        assert!(d.page.prose > 0.5, "{:?}", d.page);
    }
    // A stuffed keyword line over a real article: its words are the
    // article's, and the page is cleaned, not dropped.
    let stuffed = format!(
        "Từ khóa: soi cau mien bac, 188bet, truc tiep bong da hom nay, lo de online, dang ky w88\n\
         {NEWS}\n{NEWS}"
    );
    assert_eq!(verdict(&stuffed), Verdict::Injected);
}

#[test]
fn one_sentence_carrying_a_phrase_is_injected_and_a_bookmakers_profile_is_spam() {
    // A line that is one sentence, its only punctuation the full stop
    // after its last word, is running text: the page is the sentence's.
    for text in [
        "Sau cuộc họp hôm nay Văn xem bóng đá trực tuyến phòng UBND TP ra văn bản.",
        "Họ lo sợ ông bà không chống xem bóng đá trực tuyến chọi được sự khắc nghiệt của mùa đông.",
    ] {
        let d = Detector::new().detect(text);
        assert_eq!(d.verdict, Verdict::Injected, "{text}: {:?}", d.page);
        assert!(d.page.prose > 0.5, "{:?}", d.page);
    }
    // Sentences written in spam's own words are no running text, however
    // few of them the lexicon lists.
    let profile = "bwingthethao là nhà cái cá cược uy tín hàng đầu châu Á, cung cấp tip bong da \
                   mien phi, tỷ lệ kèo trực tuyến và link vào nhà cái mới nhất.";
    let d = Detector::new().detect(profile);
    assert_eq!(d.verdict, Verdict::Spam, "{:?}", d.page);
    assert!(d.page.prose < 0.5, "{:?}", d.page);
}

#[test]
fn a_listed_phrase_pasted_with_its_marks_into_a_sentence_is_found_by_how_it_breaks_it() {
    // One sentence of real news, a phrase real text writes with its marks
    // pasted into it once: nothing in its spelling says spam, its edges do.
    for (sentence, phrase) in [
        (
            "Họ lo sợ ông bà không chống PHRASE chọi được sự khắc nghiệt của mùa đông.",
            "xem bóng đá trực tuyến",
        ),
        (
            "Bãi PHRASE tắm ở Cát Bà đông nghẹt người trong mùa du lịch hè năm 2018.",
            "xổ số miền bắc",
        ),
    ] {
        let text = sentence.replace("PHRASE", phrase);
        let d = Detector::new().detect(&text);
        assert_ne!(d.verdict, Verdict::Clean, "{text}");
        let f = d.findings.first().expect("a finding");
        assert_eq!(f.text, phrase);
        assert!(
            f.evidence.iter().any(
                |e| matches!(e, vnclean::Evidence::Breaks { left, right, join }
                    if *left < 0.0 && *right < 0.0 && *join > 0.0)
            ),
            "{:?}",
            f.evidence
        );
    }
    // Where real text uses the same phrases, they fit their sentences.
    for clean in [
        "Các bạn có thể xem bóng đá trực tuyến trên ứng dụng của đài truyền hình.",
        "Công ty xổ số miền bắc công bố kết quả mở thưởng vào lúc 18 giờ 15 phút mỗi ngày.",
        "Theo kết quả xổ số miền bắc hôm nay, giải đặc biệt thuộc về vé số mang dãy số 12345.",
    ] {
        let d = Detector::new().detect(clean);
        assert_eq!(d.verdict, Verdict::Clean, "{clean}: {:?}", d.findings);
    }
}

#[test]
fn a_listed_phrase_pasted_once_on_a_page_on_something_else_needs_only_its_edges() {
    // Pasted in a word's place, a phrase leaves a sentence that does not
    // read on without it either (the join is low): on a page that says
    // nothing else of its subject, both edges failing is enough.
    for text in [
        "Carolina Williams (sống xổ số miền bắc tại bang Tennessee, Mỹ) cho biết cô rất bất \
         ngờ khi nhận thư thông báo trúng tuyển.",
        "Nguyễn Tiến Luật hài hước bình luận: \"Mời xổ số miền bắc bạn xuống xe\".",
    ] {
        let d = Detector::new().detect(text);
        assert_eq!(d.verdict, Verdict::Injected, "{text}");
        let f = d.findings.first().expect("a finding");
        assert_eq!(f.text, "xổ số miền bắc");
        assert!(
            f.evidence.iter().any(
                |e| matches!(e, vnclean::Evidence::Breaks { left, right, join }
                    if *left < 0.0 && *right < -0.5 && *join < 1.0)
            ),
            "{:?}",
            f.evidence
        );
    }
    // A page that says what stories on its subject say ("giải đặc biệt",
    // "mở thưởng") is on that subject: there the words either side must
    // join up without it, as for any listed phrase written with its marks.
    for on_subject in [
        "Carolina Williams (sống xổ số miền bắc tại bang Tennessee, Mỹ) cho biết cô đã trúng \
         giải đặc biệt.",
        "Công ty xổ số miền bắc công bố kết quả mở thưởng vào lúc 18 giờ 15 phút mỗi ngày.",
    ] {
        let d = Detector::new().detect(on_subject);
        assert_eq!(d.verdict, Verdict::Clean, "{on_subject}: {:?}", d.findings);
    }
    // A sentence alone says nothing else: it is about the phrase for all
    // that can be told (a comment, a notice's title).
    let alone = "Công ty xổ số miền bắc thông báo lịch nghỉ Tết.";
    assert_eq!(verdict(alone), Verdict::Clean);
}

#[test]
fn a_listed_phrase_that_splits_a_word_in_two_is_pasted_whichever_edge_fits() {
    // "dường như", "sau khi": the words either side make one word, and the
    // phrase went in between, though the model reads on into or out of it.
    for (text, phrase) in [
        (
            "Ba ngày cha con tôi gặp nhau, dường xem bóng đá trực tuyến như không đêm nào ngủ \
             được.",
            "xem bóng đá trực tuyến",
        ),
        (
            "Maya vẫn không hài lòng về ngoại hình của mình sau xổ số miền bắc khi sinh con.",
            "xổ số miền bắc",
        ),
    ] {
        let d = Detector::new().detect(text);
        let found: Vec<&str> = d.findings.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(found, [phrase], "{text}");
    }
    // Where the words either side do not make one, a fitting edge is the
    // text naming the thing.
    for text in [
        "Họ thường xem bóng đá trực tuyến vào cuối tuần cùng bạn bè.",
        "Anh ấy mua vé xổ số miền bắc mỗi tuần.",
    ] {
        assert_eq!(verdict(text), Verdict::Clean, "{text}");
    }
}

#[test]
fn a_listed_phrase_repeated_with_its_marks_on_a_page_on_something_else_is_pasted() {
    let phrase = "xổ số miền bắc";
    let story = "Giá vàng thế giới tăng hai phiên liên tiếp. Đồng đôla PHRASE ổn định và ngưỡng \
                 hỗ trợ được giữ vững. Các nhà đầu tư cho rằng PHRASE lãi suất sẽ còn giữ nguyên \
                 trong tháng tới. Giá vàng trong nước cũng tăng nhẹ, PHRASE theo đà thế giới.";
    let d = Detector::new().detect(&story.replace("PHRASE", phrase));
    assert_eq!(d.verdict, Verdict::Injected);
    let found: Vec<&str> = d.findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(found, [phrase; 3]);
    // A lottery story repeats it among its own words.
    let lottery = "Kết quả xổ số miền bắc hôm nay được công bố lúc 18 giờ 15 phút. Giải đặc biệt \
                   thuộc về vé số mang dãy số 12345. Công ty xổ số miền bắc cho biết người trúng \
                   thưởng có 30 ngày để nhận giải, và xổ số miền bắc mở thưởng lúc 18 giờ mỗi ngày.";
    let d = Detector::new().detect(lottery);
    assert_eq!(d.verdict, Verdict::Clean, "{:?}", d.findings);
}

#[test]
fn legitimate_lottery_football_and_tv_pages_stay_clean() {
    let pages = [
        // A state lottery company's page, its name glued into its address.
        "Công ty TNHH MTV Xổ số kiến thiết Vĩnh Long thông báo kết quả mở thưởng ngày \
         05/12/2026. Mọi thông tin chi tiết xin xem tại website xosokienthietvinhlong.com.vn \
         hoặc liên hệ đường dây nóng của công ty. Vé số lô tô 2 số được phát hành tại các đại \
         lý xổ số trên địa bàn tỉnh.",
        // The company's name with its province, repeated, in capitals.
        "XỔ SỐ KIẾN THIẾT ĐẮK LẮK\nTrang chủ | Giới thiệu | Kết quả xổ số | Liên hệ\nHội nghị \
         tổng kết năm 2023: doanh thu bán vé đạt 2.807 tỷ đồng.\nCông ty TNHH MTV Xổ số kiến \
         thiết Đắk Lắk\nBản quyền © 2024 xsktdaklak.com.vn",
        // A TV schedule: the programme is called "Trực tiếp bóng đá".
        "Lịch phát sóng VTV6 ngày 05/12\n06:30 – Bản tin thể thao\n09:15 – Trực tiếp bóng đá: \
         Hà Nội – Hải Phòng (V-League)\n14:00 – Phim truyện\n19:00 – Trực tiếp bóng đá: Bayern \
         Munich – Stuttgart (Bundesliga)\n21:00 – Thời sự",
        "Kết quả xổ số miền Bắc hôm nay",
        "Lịch thi đấu bóng đá hôm nay: trực tiếp bóng đá trên VTV6.",
        // "Tây Ban Nha cai trị" is no "nhà cái", a radio frequency no brand.
        "Philippines tuyên bố độc lập sau hơn ba thế kỷ bị Tây Ban Nha cai trị, xen kẽ giữa các \
         giai đoạn chiến tranh và cải cách.",
        "Đài phát thanh địa phương phát trên tần số FM88.8 MHz từ sáng đến tối mỗi ngày.",
    ];
    for page in pages {
        let d = Detector::new().detect(page);
        assert_eq!(
            d.verdict,
            Verdict::Clean,
            "{page}: {:?} {:?}",
            d.findings,
            d.page
        );
    }
}

#[test]
fn the_report_says_why_a_page_is_spam() {
    let page = "kuwin | xổ số miền bắc hôm nay | lô đề online";
    let out = Cleaner::new().with_mode(Mode::Strip).clean(page);
    assert_eq!(out.report.verdict, Verdict::Spam);
    let json = serde_json::to_value(&out.report).unwrap();
    assert!(
        json["page"]["probability"].as_f64().unwrap() >= 0.5,
        "{json}"
    );
    assert!(
        json["page"]["contributions"][0]["feature"].is_string(),
        "{json}"
    );
    // A clean page's report carries no page evidence.
    let clean = Cleaner::new().clean(NEWS);
    let json = serde_json::to_value(&clean.report).unwrap();
    assert!(json.get("page").is_none(), "{json}");
}

#[test]
fn vietnamese_read_as_gbk_is_repaired_and_its_spam_found() {
    // UTF-8 decoded as GBK, as a spam site re-hosting a news page serves
    // it: every word whose bytes survived comes back.
    let text = format!("{NEWS} Xem truc tiep bong da hom nay tai day.");
    let (bad, _, _) = encoding_rs::GBK.decode(text.as_bytes());
    assert!(bad.contains('么'), "{bad}");
    let n = Normalizer::new().normalize(&bad);
    assert!(n.report.cjk_mojibake >= 10, "{:?}", n.report);
    assert!(n.text.contains("Đồng bằng sông Hồng"), "{}", n.text);
    let out = Cleaner::new().with_mode(Mode::Flag).clean(&bad);
    // The words whose bytes were lost are reported: the page's own
    // evidence, on a page otherwise judged by its text.
    let page = out.report.page.as_ref().expect("page evidence");
    assert!(page.mojibake > 0.0, "{page:?}");
    assert!(
        out.report
            .findings
            .iter()
            .any(|f| f.phrase.contains("truc tiep bong da")),
        "{:?}",
        out.report.findings
    );
}

#[test]
fn precomposed_look_alikes_are_repaired_and_found() {
    // "ѐ" is Cyrillic "е" with a grave, "ά" Greek "α" with an acute: each
    // carries its own mark, and passes for "è", "á".
    let n = Normalizer::new().normalize("soi kѐo nhà cάi, mѝnh");
    assert_eq!(n.text, "soi kèo nhà cái, mình");
    assert!(n.report.confusables >= 3, "{:?}", n.report);
    assert_eq!(verdict("soi kѐo nhа cаi"), verdict("soi kеo nhа cаi"));
    assert_ne!(verdict("soi kѐo nhа cаi"), Verdict::Clean);
    // A lexicon phrase that counts only written bare counts when it is
    // disguised with them: no real text spells a Vietnamese word so.
    let text = NEWS.replacen("khuyến tài.", "khuyến tài xổ sό miền bắc.", 1);
    let d = Detector::new().detect(&text);
    assert_eq!(d.verdict, Verdict::Injected, "{:?}", d.findings);
    assert_eq!(
        verdict(&NEWS.replacen("khuyến tài.", "khuyến tài xổ số miền bắc.", 1)),
        Verdict::Clean
    );
}

#[test]
fn a_title_in_small_capitals_reads_as_vietnamese() {
    // A real page's title style: small capitals with combining marks.
    let title = "ɴᴏ́ɴɢ: ᴀᴅɴ ᴄᴜ̉ᴀ ‘ᴛʜᴀ̂̀ʏ ᴏ̂ɴɢ ɴᴏ̣̂ɪ‘";
    let n = Normalizer::new().normalize(title);
    // Words that then read as syllables come back in lower case; "ADN",
    // no syllable, stays as it was written.
    assert_eq!(n.text, "nóng: ᴀᴅɴ của ‘thầy ông nội‘");
    assert_eq!(
        vnclean::fold(title).as_str().trim(),
        "nong adn cua thay ong noi"
    );
    // Spam in them is spam.
    assert_ne!(verdict("xem sᴏɪ ᴋᴇᴏ ɴʜᴀ ᴄᴀɪ hôm nay"), Verdict::Clean);
}

/// A news story naming a company twice, as a spam site re-hosting it
/// finds it before putting its own keyword in the name's place.
const STORY: &str = "Sở Kế hoạch và Đầu tư tỉnh cho biết Công ty cổ phần Minh Phát đã được cấp \
                     phép xây dựng nhà máy chế biến nông sản tại khu công nghiệp. Theo ông Trần \
                     Văn Hùng, giám đốc Công ty cổ phần Minh Phát, nhà máy sẽ tạo việc làm cho \
                     hàng nghìn lao động địa phương khi đi vào hoạt động cuối năm nay.";

#[test]
fn a_chinese_keyword_where_a_name_stood_is_injected_spam() {
    // "葡京国际" is in no list: a run of Han where Vietnamese words stood,
    // at two unrelated places, is the keyword hack whatever it says.
    let text = STORY.replace("Minh Phát", "葡京国际");
    let d = Detector::new().detect(&text);
    assert_eq!(d.verdict, Verdict::Injected, "{:?}", d.findings);
    assert_eq!(d.findings.len(), 2, "{:?}", d.findings);
    for f in &d.findings {
        assert_eq!(f.text, "葡京国际");
        assert!(
            f.evidence.iter().any(|e| matches!(
                e,
                Evidence::Script {
                    script: "han",
                    count: 2
                }
            )),
            "{:?}",
            f.evidence
        );
    }
    let out = Cleaner::new().with_mode(Mode::Strip).clean(&text);
    assert_eq!(out.text, STORY.replace(" Minh Phát", ""));
    // One the lexicon lists is spam once.
    let text = STORY.replacen("Minh Phát", "澳门百家乐", 1);
    let d = Detector::new().detect(&text);
    assert_eq!(d.verdict, Verdict::Injected, "{:?}", d.findings);
    assert_eq!(d.findings[0].text, "澳门百家乐");
}

#[test]
fn a_chinese_keyword_in_a_page_read_as_gbk_is_found_and_the_page_repaired() {
    // The real page: the story's UTF-8 decoded as GBK, then the keyword
    // put in. The words whose bytes survived come back; the keyword, no
    // mojibake of anything, stays and is found.
    let (bad, _, _) = encoding_rs::GBK.decode(STORY.as_bytes());
    let (name, _, _) = encoding_rs::GBK.decode(" Minh Phát".as_bytes());
    let text = bad.replace(&*name, " 葡京国际");
    assert!(text.contains("葡京国际") && text.contains('么'), "{text}");
    let found = |text: &str| {
        let out = Cleaner::new().with_mode(Mode::Flag).clean(text);
        assert_eq!(out.report.verdict, Verdict::Injected, "{}", out.text);
        let texts: Vec<String> = out.report.findings.iter().map(|f| f.text.clone()).collect();
        texts
    };
    assert_eq!(found(&text), ["葡京国际", "葡京国际"]);
    let out = Cleaner::new().with_mode(Mode::Strip).clean(&text);
    assert!(out.text.contains("giám đốc Công ty"), "{}", out.text);
    assert!(!out.text.contains("葡京国际"), "{}", out.text);
    // Once is enough there: a page read in a CJK encoding has no word of
    // Han of its own that is not misread too.
    assert_eq!(found(&bad.replacen(&*name, " 葡京国际", 1)), ["葡京国际"]);
    // Han the story wrote itself was misread with it ("明發集團" as GBK),
    // and is no keyword.
    let glossed = STORY.replacen("Minh Phát", "Minh Phát 明發集團", 1);
    let (bad, _, _) = encoding_rs::GBK.decode(glossed.as_bytes());
    let out = Cleaner::new().with_mode(Mode::Flag).clean(&bad);
    assert_eq!(out.report.verdict, Verdict::Clean, "{:?}", out.report);
}

#[test]
fn han_glossing_a_name_or_a_term_is_the_texts_own() {
    for text in [
        // In brackets, twice.
        STORY.replace("Minh Phát", "Minh Phát (葡京国际)"),
        // Once, beside the name it glosses.
        STORY.replacen("Minh Phát", "Minh Phát 葡京国际", 1),
        // A character or two the text talks about.
        STORY.replace("Minh Phát", "Minh Phát, chữ 明發,"),
    ] {
        let d = Detector::new().detect(&text);
        assert_eq!(d.verdict, Verdict::Clean, "{text}: {:?}", d.findings);
    }
}
