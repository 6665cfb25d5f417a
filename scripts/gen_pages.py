#!/usr/bin/env python3
"""Labelled web pages for measuring page verdicts: whole-page spam, injected pages, clean pages.

Writes one JSON object a line:
  {"id": "<pattern>-<half>-<n>", "text", "label": "spam"|"injected"|"clean", "pattern", "detail"}

Patterns labelled spam (the whole page is spam):
  title        short doorway titles (20-250 bytes, 1-3 lines): a brand and keyword strings
  doorway      long doorway pages (500-5000 bytes): keyword lines, the brand, links, promo lines
  tone_noise   real football text with random tone marks on a share r of its words
               (r in 0.03 0.05 0.10 0.20 0.30; short: one paragraph cut to 300-400 bytes,
               long: the document's first 3000 bytes; half carry a spam title line)
  tracker      issue-tracker style posts: bookmaker profiles, lottery predictions, app and loan
               adverts, with HTML entities and hashtags (200-2500 bytes)
  links        link blocks: "Brand: https://domain", "| b1 | b2 |", "Tags: ...", anchors
Labelled injected:
  injected        real news documents attacked by ../shared/eval/inject.py (default attacks)
  injected_short  paragraphs of real news (420-800 bytes, a long comment's size) attacked by
                  inject.py with single insertions (once), insertions and replacements
  injected_tiny   one sentence of real news (60-250 bytes) with a phrase pasted in once
  rehosted        real news re-hosted by a spam site: decoded as GB18030, Big5 or Shift_JIS
                  (mojibake) or not, with a keyword in Chinese or Japanese where a name it
                  repeats stood (rehosted_clean, labelled clean: the same pages without it)
Labelled clean (legitimate pages that must stay clean):
  lottery_results, lottery_rules, sports, tv_schedule, betting_law, site_name  (synthetic)
  corpus_football  every document of the split with "football": true, as is
  corpus_lottery   every other document of the split that mentions xổ số / cá cược / casino /
                   lô đề, as is
  corpus_titles    the first line (headline) of every news document of the split, alone

Generalisation: every pool (brands, each keyword family, promo lines, provinces, teams,
channels, programmes, streets, phrases of phrases.dev.txt, ...) is split in two fixed halves
by the SHA-1 of its items (ranked by hash, alternately tune and held); --half tune uses only
the first, --half held only the second. The page templates (structures) are shared. Corpus
documents come from train.jsonl (tune) or dev.jsonl (held); test.jsonl is never read.
Brands come from the MIT domain lists in ../shared/lists (registrable label of each domain,
3-14 characters), each with the domains it is seen under.

usage: scripts/gen_pages.py [--seed 1] [--half tune|held] [--n 40] [--out FILE.jsonl]
                            [--corpus-dir ../shared/corpus] [--lists-dir ../shared/lists]
                            [--eval-dir ../shared/eval]
  --n: documents per synthetic pattern and injected documents (corpus patterns take all);
  --out: standard output when absent. Default directories are relative to the repository root.
example:
  python3 scripts/gen_pages.py --half tune --n 40 --out /tmp/pages.tune.jsonl
"""
import argparse, datetime, hashlib, json, re, subprocess, sys, tempfile, unicodedata
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def L(s):
    """A pool written as items separated by ";" or line breaks."""
    return [x.strip() for x in re.split(r"[;\n]", s) if x.strip()]


def sha(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def split(items, half, key=lambda x: x):
    """The half's share of a pool: items ranked by the hash of their key, taken alternately."""
    ranked = sorted({key(x): x for x in items}.values(), key=lambda x: sha(key(x)))
    return [x for i, x in enumerate(ranked) if i % 2 == (0 if half == "tune" else 1)]


def nfc(s):
    return unicodedata.normalize("NFC", s)


def strip_marks(s):
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    return nfc("".join(c for c in s if not unicodedata.combining(c)))


def slug(s):
    return re.sub(r"[^a-z0-9]", "", strip_marks(s).lower())


GLUE_TAILS = {"hôm nay", "uy tín", "trực tuyến", "mới nhất", "chính xác", "miễn phí", "online", "hd"}


def glue_part(rng, words):
    """The words a glued keyword keeps: all, or all but a tail such as "hôm nay" ("xosomienbac")."""
    for k in (2, 1):
        if len(words) > k + 1 and " ".join(words[-k:]) in GLUE_TAILS and rng.random() < 0.6:
            return words[:-k]
    return words


def nbytes(s):
    return len(s.encode("utf-8"))


def cut_bytes(s, limit):
    """The longest prefix of s ending at a word boundary with at most `limit` bytes."""
    if nbytes(s) <= limit:
        return s
    out = s.encode("utf-8")[:limit].decode("utf-8", "ignore")
    m = re.search(r"\s+\S*$", out)
    return (out[: m.start()] if m and m.start() > 0 else out).rstrip()


# ---------------------------------------------------------------------------------------------
# Spam vocabulary (keyword strings by family, written for this generator)

KEYWORDS = {
    "betting": L("""
        soi kèo nhà cái; kèo bóng đá hôm nay; tỷ lệ kèo; kèo nhà cái; nhận định bóng đá;
        soi kèo bóng đá; tỷ lệ cược hôm nay; kèo châu á; kèo tài xỉu; kèo rung; cá cược bóng đá;
        nhà cái uy tín; cá độ bóng đá online; kèo ngoại hạng anh; bắt kèo chuẩn;
        tip bóng đá miễn phí; kèo phạt góc; nhà cái hàng đầu; trang cá cược uy tín;
        kèo thơm hôm nay; tỷ lệ kèo trực tuyến; cược xiên; kèo châu âu; soi kèo cúp c1;
        link vào nhà cái"""),
    "lottery": L("""
        xổ số miền bắc hôm nay; lô đề online; soi cầu xsmb; dự đoán xổ số; xsmn; kqxs;
        soi cầu lô đề; bạch thủ lô; lô gan; đánh đề online; chốt số hôm nay; cầu lô đẹp;
        dàn đề 10 số; xsmb hôm nay; xổ số miền nam hôm nay; nuôi lô khung 3 ngày; lô xiên 2;
        soi cầu miền trung; song thủ lô; số đẹp hôm nay; xsmt; kết quả xổ số nhanh nhất;
        chơi lô đề uy tín; dự đoán xsmb chính xác"""),
    "casino": L("""
        game bài đổi thưởng; nổ hũ; tài xỉu online; casino trực tuyến; slot đổi thưởng;
        bắn cá đổi thưởng; sòng bài online; baccarat trực tuyến; rồng hổ online; xóc đĩa online;
        tiến lên miền nam đổi thưởng; cổng game uy tín; quay hũ đổi thưởng; game bài uy tín;
        đánh bài ăn tiền; tải game bài; live casino; poker online; nổ hũ uy tín; sicbo online;
        tài xỉu uy tín; game đổi thưởng"""),
    "adult": L("""
        phim sex; clip nóng; gái gọi; phim người lớn; clip sex; phim cấp 3; gái xinh lộ hàng;
        phim heo; sex việt nam; gái gọi cao cấp; chat sex; phim 18+; xem phim jav; ảnh nóng;
        gái bao; phim sex vietsub; clip sex mới nhất; gái gọi hà nội; phim sex hay;
        video người lớn"""),
    "loans": L("""
        vay tiền nhanh; vay online không thẩm định; vay tiền online; vay tiền chỉ cần cccd;
        vay nóng trong ngày; app vay tiền uy tín; vay tiền nhanh 24h;
        vay không cần chứng minh thu nhập; vay tiêu dùng online; vay tiền duyệt nhanh;
        vay 10 triệu online; vay không lãi suất; đáo hạn thẻ tín dụng; nợ xấu vẫn vay được;
        vay tín chấp online; vay tiền qua app; giải ngân trong 5 phút; vay tiền sinh viên;
        vay tiền không gặp mặt"""),
    "streaming": L("""
        trực tiếp bóng đá; xem bóng đá online; link xem bóng đá; bóng đá trực tuyến;
        xem trực tiếp bóng đá hôm nay; link sopcast; kênh xem bóng đá miễn phí;
        trực tiếp ngoại hạng anh; xem bóng đá full hd; link xem trực tiếp;
        trực tiếp bóng đá hôm nay; trực tiếp cúp c1; xem bóng đá không quảng cáo;
        link xem bóng đá không bị chặn; highlight bóng đá; tv bóng đá; xem lại bóng đá;
        link vào xem bóng đá"""),
}

# brand phrases: {b} is the brand as written
BRAND_LINES = L("""
        link vào {b} mới nhất; {b} uy tín; đăng ký {b} nhận 100k; {b} - nhà cái uy tín số 1;
        tải app {b}; link vào {b} không bị chặn; {b} chính thức; đăng nhập {b};
        {b} khuyến mãi nạp đầu; trang chủ {b}; {b} đổi thưởng; nạp tiền {b}; {b} mobile;
        link {b} mới nhất hôm nay; {b} club; rút tiền {b}""")

PROMO = L("""
        Nạp rút nhanh chóng, bảo mật tuyệt đối.; Hỗ trợ khách hàng 24/7.;
        Tặng ngay 100k cho thành viên mới.; Hoàn trả mỗi ngày lên đến 1,5%.;
        Giao diện thân thiện, dễ sử dụng trên mọi thiết bị.; Tỷ lệ trả thưởng cao nhất thị trường.;
        Đăng ký tài khoản chỉ trong 1 phút.; Khuyến mãi nạp đầu x2 giá trị.;
        Ứng dụng chạy mượt trên Android và iOS.; Rút tiền về ngân hàng chỉ trong 3 phút.;
        Hàng nghìn trò chơi hấp dẫn mỗi ngày.; Cập nhật link mới nhất, không lo bị chặn.;
        Đội ngũ chăm sóc khách hàng chuyên nghiệp, tận tâm.; Thưởng nóng khi giới thiệu bạn bè.;
        Giao dịch an toàn qua ví điện tử và ngân hàng.; Chơi thử miễn phí, không cần nạp tiền.;
        Sự kiện hấp dẫn diễn ra hằng tuần.; Bảo mật thông tin người chơi tuyệt đối.;
        Nhận giftcode miễn phí mỗi ngày.; Vòng quay may mắn trúng iPhone mỗi tuần.;
        Hoàn tiền cược thua không giới hạn.; Thành viên VIP nhận quà sinh nhật giá trị.;
        Duyệt hồ sơ tự động, không cần gặp mặt.; Tỷ lệ cược hấp dẫn, cập nhật liên tục.""")

HASHTAGS = L("""
        nhacai; keonhacai; nhacaiuytin; soikeo; cacuoc; cacuocbongda; gamebai; nohu; taixiu;
        casino; xosomienbac; soicau; lode; tructiepbongda; vaytien; vayonline; doithuong; linkvao;
        dangky; khuyenmai""")

LOAN_PARTS = (L("vay\ntien\ncash\nmoni\nviet\nsieu\nfast\nvui\nngan\nhappy\ndong\nmy"),
              L("nhanh\nngay\ngo\nplus\n24h\nvip\nnow\ncash\nvay\nxu\nloan\nbank"))

# ---------------------------------------------------------------------------------------------
# Clean vocabulary

PROVINCES = [  # name, slug, region
    ("TP. Hồ Chí Minh", "tphcm", "nam"), ("Đồng Tháp", "dongthap", "nam"),
    ("Cà Mau", "camau", "nam"), ("Bến Tre", "bentre", "nam"), ("Vũng Tàu", "vungtau", "nam"),
    ("Bạc Liêu", "baclieu", "nam"), ("Đồng Nai", "dongnai", "nam"), ("Cần Thơ", "cantho", "nam"),
    ("Sóc Trăng", "soctrang", "nam"), ("Tây Ninh", "tayninh", "nam"), ("An Giang", "angiang", "nam"),
    ("Bình Thuận", "binhthuan", "nam"), ("Vĩnh Long", "vinhlong", "nam"),
    ("Bình Dương", "binhduong", "nam"), ("Trà Vinh", "travinh", "nam"), ("Long An", "longan", "nam"),
    ("Bình Phước", "binhphuoc", "nam"), ("Hậu Giang", "haugiang", "nam"),
    ("Tiền Giang", "tiengiang", "nam"), ("Kiên Giang", "kiengiang", "nam"),
    ("Lâm Đồng", "lamdong", "nam"), ("Thừa Thiên Huế", "hue", "trung"),
    ("Phú Yên", "phuyen", "trung"), ("Đắk Lắk", "daklak", "trung"),
    ("Quảng Nam", "quangnam", "trung"), ("Đà Nẵng", "danang", "trung"),
    ("Khánh Hòa", "khanhhoa", "trung"), ("Bình Định", "binhdinh", "trung"),
    ("Quảng Trị", "quangtri", "trung"), ("Quảng Bình", "quangbinh", "trung"),
    ("Gia Lai", "gialai", "trung"), ("Ninh Thuận", "ninhthuan", "trung"),
    ("Quảng Ngãi", "quangngai", "trung"), ("Kon Tum", "kontum", "trung"),
    ("Thủ đô", "thudo", "bac"), ("Quảng Ninh", "quangninh", "bac"), ("Bắc Ninh", "bacninh", "bac"),
    ("Hải Phòng", "haiphong", "bac"), ("Nam Định", "namdinh", "bac"),
    ("Thái Bình", "thaibinh", "bac"),
]
REGION = {"nam": "miền Nam", "trung": "miền Trung", "bac": "miền Bắc"}
STREETS = L("""
        Lê Lợi; Trần Hưng Đạo; Nguyễn Huệ; Hùng Vương; Quang Trung; 30 Tháng 4; Hai Bà Trưng;
        Lý Thường Kiệt; Nguyễn Trãi; Phan Đình Phùng; Lê Duẩn; Điện Biên Phủ; Võ Thị Sáu;
        Nguyễn Văn Cừ; Trần Phú; Bạch Đằng; Lê Hồng Phong; 3 Tháng 2; Nguyễn Thị Minh Khai;
        Hoàng Diệu""")
VLEAGUE = [  # team, stadium
    ("Hà Nội", "Hàng Đẫy"), ("Công an Hà Nội", "Hàng Đẫy"), ("Thể Công – Viettel", "Mỹ Đình"),
    ("Hải Phòng", "Lạch Tray"), ("Thép Xanh Nam Định", "Thiên Trường"),
    ("Đông Á Thanh Hóa", "Thanh Hóa"), ("Sông Lam Nghệ An", "Vinh"),
    ("Hoàng Anh Gia Lai", "Pleiku"), ("Becamex TP.HCM", "Gò Đậu"), ("SHB Đà Nẵng", "Hòa Xuân"),
    ("TP.HCM", "Thống Nhất"), ("Quảng Nam", "Tam Kỳ"), ("Hồng Lĩnh Hà Tĩnh", "Hà Tĩnh"),
    ("Bình Định", "Quy Nhơn"), ("Ninh Bình", "Ninh Bình"), ("PVF-CAND", "PVF"),
]
FOREIGN = {
    "Ngoại hạng Anh": L("Arsenal\nChelsea\nLiverpool\nMan City\nMan United\nTottenham\nNewcastle\n"
                        "Aston Villa\nBrighton\nWest Ham\nEverton\nFulham\nBrentford\nCrystal Palace\n"
                        "Wolves\nBournemouth\nNottingham Forest"),
    "La Liga": L("Real Madrid\nBarcelona\nAtletico Madrid\nSevilla\nVillarreal\nReal Sociedad\nBetis\n"
                 "Valencia\nAthletic Bilbao\nGirona\nCelta Vigo\nOsasuna"),
    "Serie A": L("Inter Milan\nAC Milan\nJuventus\nNapoli\nAS Roma\nLazio\nAtalanta\nFiorentina\n"
                 "Bologna\nTorino"),
    "Bundesliga": L("Bayern Munich\nDortmund\nLeverkusen\nRB Leipzig\nStuttgart\nFrankfurt\n"
                    "Wolfsburg\nFreiburg\nMainz\nGladbach"),
}
NATIONS = L("Việt Nam\nThái Lan\nIndonesia\nMalaysia\nPhilippines\nSingapore\nMyanmar\nLào\n"
            "Campuchia\nTimor-Leste\nBrunei\nHàn Quốc\nNhật Bản\nTrung Quốc\nUzbekistan\nJordan")
FOOTBALL_CHANNELS = L("VTV5\nVTV6\nFPT Play\nTV360\nVTVcab\nK+ Sport 1\nK+ Sport 2\nOn Football\n"
                      "HTV Thể thao\nVTV2\nMyTV\nVTVgo")
FAMILY = L("Nguyễn\nTrần\nLê\nPhạm\nHoàng\nPhan\nVũ\nĐặng\nBùi\nĐỗ\nHồ\nNgô\nDương\nLý\nĐinh\nTrương")
MIDDLE = L("Văn\nHữu\nĐức\nMinh\nQuang\nThanh\nCông\nTiến\nHoàng\nXuân\nNgọc\nThế")
GIVEN = L("Hải\nLong\nToàn\nPhượng\nDũng\nHùng\nTuấn\nKhải\nThành\nQuyết\nLâm\nHậu\nMạnh\nHuy\n"
          "Vĩ\nTrọng\nĐạt\nTâm\nPhong\nNam\nSơn\nKiên\nHiếu\nVinh\nBình\nThắng\nTrung\nHoàng")
TV_CHANNELS = L("VTV1\nVTV2\nVTV3\nVTV4\nVTV5\nVTV7\nVTV8\nVTV9\nHTV7\nHTV9\nVTC1\nVTC3\nANTV\n"
                "QPVN\nVOV TV\nTHVL1\nTHVL2\nHTV2\nH1\nVTV Cần Thơ")
PROGRAMMES = L("""
        Chào buổi sáng; Thời sự; Bản tin thời tiết; Chuyển động 24h; Tài chính kinh doanh;
        Thể thao 24/7; Bản tin thể thao; Sức khỏe cho mọi nhà; Vì tầm vóc Việt; Khám phá Việt Nam;
        Nông nghiệp sạch; Văn hóa và đời sống; Đường lên đỉnh Olympia; Ai là triệu phú;
        Giai điệu tự hào; Chúng tôi là chiến sĩ; Vượt lên chính mình; Bữa trưa vui vẻ;
        Nhật ký người Việt; Ký sự miền Tây; Câu chuyện giao thông; Người đương thời;
        Hành trình kết nối; Tạp chí kinh tế cuối tuần; Góc nhìn thể thao; Tọa đàm văn học;
        Dân tộc và phát triển; Tiếng Anh cho mọi người; Bản tin an ninh trật tự; Cửa sổ thế giới;
        Dự báo thời tiết biển; Quà tặng cuộc sống; Sân khấu cải lương; Chuyện nhà nông;
        Tin nóng trong ngày""")
FILMS = L("""
        Mùa hoa gạo; Những ngày nắng; Khúc hát sông quê; Bến đò xưa; Phố nhỏ ngày mưa;
        Dưới mái nhà chung; Đường về làng; Gió qua miền cát trắng; Chuyện nhà họ Trịnh;
        Hạt muối mặn mòi; Cánh diều tuổi thơ; Bình minh trên núi; Ngõ nhỏ phố Hàng;
        Con đường phía trước; Trái tim mùa thu; Người giữ đèn biển""")
SITES = [  # sports and news sites (name, address)
    ("Báo Bóng Đá", "bongda.com.vn"), ("Thể Thao & Văn Hóa", "thethaovanhoa.vn"),
    ("Bóng Đá Plus", "bongdaplus.vn"), ("Web Thể Thao", "webthethao.vn"),
    ("Thể Thao 247", "thethao247.vn"), ("Tin Thể Thao", "tinthethao.com.vn"),
    ("Bóng Đá 24h", "bongda24h.vn"), ("Thể thao Việt", "thethaoviet.vn"),
]


# ---------------------------------------------------------------------------------------------
# Brands from the domain lists

SLD = {"com", "net", "org", "edu", "gov", "co", "info", "biz", "name", "pro", "ac", "int"}
NOT_BRANDS = {"blogspot", "wordpress", "google", "facebook", "youtube", "github", "weebly",
              "wixsite", "tiktok", "amazonaws", "cloudfront", "herokuapp", "netlify"}


def load_brands(lists_dir):
    """name -> {"kind": gambling|adult, "domains": [...]}: registrable labels of 3-14 chars."""
    brands = {}
    for fname, kind in [("gambling-domains-vn.txt", "gambling"), ("adult-domains-vn.txt", "adult")]:
        for line in open(Path(lists_dir) / fname, encoding="utf-8"):
            d = line.split("#")[0].strip().lower()
            labels = d.split(".")
            if len(labels) < 2:
                continue
            k = 3 if (len(labels) >= 3 and labels[-2] in SLD and len(labels[-1]) == 2) else 2
            name = labels[-k]
            if not re.fullmatch(r"[a-z0-9]{3,14}", name) or not re.search(r"[a-z]", name):
                continue
            if name in NOT_BRANDS:
                continue
            b = brands.setdefault(name, {"kind": kind, "domains": []})
            if d not in b["domains"]:
                b["domains"].append(d)
    for b in brands.values():
        b["domains"].sort(key=lambda x: (x.count("."), x))  # the registrable domain first
    return brands


# Keywords in Chinese and Japanese that sites re-hosting Vietnamese pages put in them: casino and
# lottery brands and services, betting, adult, counterfeit goods. Some hold a term the lexicon
# lists ("百家乐"), some none ("葡京国际").
CJK_KEYWORDS = {
    "casino": L("澳门新葡京;葡京国际;金沙集团;威尼斯人官网;太阳城集团;银河国际;美高梅官网;新濠天地;"
                "永利皇宫;百家乐官网;真人百家乐;老虎机游戏;澳门赌场;网上赌场;棋牌游戏平台;"
                "開元棋牌;皇家賭場;電子遊藝城;金沙娛樂"),
    "betting": L("皇冠体育;足球投注;体育投注平台;亚博体育;开云体育;华体会官网;必威体育;"
                 "立博体育;外围足球;世界杯投注;皇冠現金網;體育投注"),
    "lottery": L("重庆时时彩;北京赛车;幸运飞艇;双色球预测;福彩3d;彩票平台;天天中彩票;大发快三;"
                 "六合彩开奖;香港六合彩;時時彩;彩票網"),
    "adult": L("成人视频;日本无码;约炮平台;裸聊软件;色情网站;激情视频;成人網站;一夜情交友"),
    "japanese": L("オンラインカジノ;スーパーコピー;ブランドコピー;激安通販;出会い系サイト;"
                  "ロレックス偽物;バカラ攻略;パチンコ攻略;アダルト動画"),
}


# ---------------------------------------------------------------------------------------------
# The generator

class Gen:
    def __init__(self, a):
        self.a, self.half = a, a.half
        h = a.half
        self.kw = {f: split(ws, h) for f, ws in KEYWORDS.items()}
        brands = load_brands(a.lists_dir)
        self.brands = {n: brands[n] for n in split(list(brands), h)}
        self.gambling = sorted(n for n, b in self.brands.items() if b["kind"] == "gambling")
        self.adult = sorted(n for n, b in self.brands.items() if b["kind"] == "adult")
        self.brand_lines = split(BRAND_LINES, h)
        self.promo = split(PROMO, h)
        self.hashtags = split(HASHTAGS, h)
        self.loan_apps = split([p + s for p in LOAN_PARTS[0] for s in LOAN_PARTS[1] if p != s], h)
        self.provinces = split(PROVINCES, h, key=lambda p: p[0])
        self.streets = split(STREETS, h)
        self.vleague = split(VLEAGUE, h, key=lambda t: t[0])
        self.foreign = {lg: split(ts, h) for lg, ts in FOREIGN.items()}
        self.nations = split(NATIONS, h)
        self.fchannels = split(FOOTBALL_CHANNELS, h)
        self.surnames, self.middle, self.given = split(FAMILY, h), split(MIDDLE, h), split(GIVEN, h)
        self.tv = split(TV_CHANNELS, h)
        self.programmes = split(PROGRAMMES, h)
        self.films = split(FILMS, h)
        self.sites = split(SITES, h, key=lambda s: s[1])
        self.cjk = {f: split(ws, h) for f, ws in CJK_KEYWORDS.items()}
        split_file = {"tune": "train.jsonl", "held": "dev.jsonl"}[h]
        self.corpus = [json.loads(l) for l in open(Path(a.corpus_dir) / split_file, encoding="utf-8")]

    # --- spam pieces -----------------------------------------------------------------------

    def family(self, rng):
        return rng.choice(["betting", "betting", "lottery", "lottery", "casino", "casino",
                           "streaming", "adult", "loans"])

    def brand(self, rng, fam):
        pool = self.adult if fam == "adult" and self.adult else self.gambling
        return rng.choice(pool)

    def domain(self, rng, name):
        ds = self.brands[name]["domains"] if name in self.brands else [name + ".com"]
        return ds[0] if rng.random() < 0.6 else rng.choice(ds)

    def url(self, rng, name):
        d = self.domain(rng, name)
        tail = rng.choice(["", "", "/", "/dang-ky", "/khuyen-mai", "/?ref=" + str(rng.randint(100, 9999))])
        scheme = rng.choice(["https://", "https://", "http://", "https://www."])
        if scheme.endswith("www.") and (d.startswith("www.") or d.count(".") > 1):
            scheme = "https://"
        return scheme + d + tail

    @staticmethod
    def brand_case(rng, name):
        return rng.choice([name, name, name.upper(), name.capitalize()])

    def surface(self, rng, phrase):
        """A keyword string as spam writes it: accented, bare, half-accented, glued, cased."""
        x = rng.random()
        words = phrase.split()
        if x < 0.45:
            s = phrase
        elif x < 0.6:
            s = strip_marks(phrase)
        elif x < 0.78 and len(words) >= 2:
            k = rng.randint(1, len(words) - 1)
            bare = set(rng.sample(range(len(words)), k))
            s = " ".join(strip_marks(w) if i in bare else w for i, w in enumerate(words))
        elif x < 0.9:
            s = "".join(strip_marks(w) for w in glue_part(rng, words))
        else:
            s = phrase
        y = rng.random()
        if y < 0.12:
            s = s.title()
        elif y < 0.18:
            s = s.upper()
        elif y < 0.35:
            s = s[:1].upper() + s[1:]
        return nfc(s)

    def kws(self, rng, fam, k):
        pool = self.kw[fam]
        return [self.surface(rng, p) for p in rng.sample(pool, k=min(k, len(pool)))]

    def brand_line(self, rng, name):
        return rng.choice(self.brand_lines).format(b=self.brand_case(rng, name))

    def title_line(self, rng, fam, name, k=None):
        parts = self.kws(rng, fam, k or rng.randint(1, 4))
        if rng.random() < 0.3:
            parts.append(self.kws(rng, self.family(rng), 1)[0])
        pos = rng.choice(["first", "first", "last", "none" if k else "first"])
        b = self.brand_case(rng, name)
        if pos == "first":
            parts.insert(0, b)
        elif pos == "last":
            parts.append(b)
        if rng.random() < 0.2:
            parts.insert(rng.randint(0, len(parts)), self.brand_line(rng, name))
        sep = rng.choice([" | ", " - ", " – ", ", ", " "])
        return sep.join(parts), sep

    # --- spam patterns ---------------------------------------------------------------------

    def p_title(self, rng, i):
        fam = self.family(rng)
        name = self.brand(rng, fam)
        nlines = rng.choice([1, 1, 1, 2, 3])
        lines = []
        for j in range(nlines):
            t, sep = self.title_line(rng, fam if j == 0 else self.family(rng) if rng.random() < 0.3 else fam, name)
            lines.append(t)
        text = "\n".join(lines)
        while nbytes(text) < 20:
            text += " " + self.surface(rng, rng.choice(self.kw[fam]))
        if nbytes(text) > 250:
            text = cut_bytes(text, rng.randint(150, 250))
        return text, f"fam={fam},brand={name},lines={text.count(chr(10)) + 1},sep={sep.strip() or 'space'}"

    def p_doorway(self, rng, i):
        fam = self.family(rng)
        name = self.brand(rng, fam)
        others = [self.brand(rng, fam) for _ in range(3)]
        target = rng.choice([rng.randint(500, 1200), rng.randint(1200, 3000), rng.randint(3000, 5000)])
        lines = [self.title_line(rng, fam, name)[0]]
        bullet = rng.choice(["- ", "• ", "* ", "+ "])
        while nbytes("\n".join(lines)) < target:
            x = rng.random()
            if x < 0.2:
                sep = rng.choice([" | ", ", ", " - ", " "])
                lines.append(sep.join(self.kws(rng, fam if rng.random() < 0.8 else self.family(rng), rng.randint(2, 6))))
            elif x < 0.38:
                lines.append(self.brand_line(rng, name if rng.random() < 0.8 else rng.choice(others)))
            elif x < 0.5:
                lines.append(self.url(rng, name if rng.random() < 0.7 else rng.choice(others)))
            elif x < 0.65:
                lines.append(" ".join(rng.sample(self.promo, k=rng.randint(1, 3))))
            elif x < 0.8:
                for _ in range(rng.randint(3, 7)):
                    src = rng.random()
                    item = (self.brand_line(rng, name) if src < 0.3 else
                            self.kws(rng, fam, 1)[0] if src < 0.8 else rng.choice(self.promo))
                    lines.append(bullet + item)
            elif x < 0.9:
                b = self.brand_case(rng, name)
                lines.append(f"{b} {rng.choice(['–', '-', '|', ':'])} {self.kws(rng, fam, 1)[0]}")
            else:
                kw = self.kws(rng, fam, 2)
                lines.append(f"{self.brand_case(rng, name)} là {kw[0]} {rng.choice(['hàng đầu', 'uy tín', 'số 1', 'mới nhất'])}, "
                             f"{rng.choice(['chuyên', 'cung cấp', 'nơi có'])} {kw[1]}. {rng.choice(self.promo)}")
            if rng.random() < 0.1:
                lines.append("")
        text = "\n".join(lines)
        if nbytes(text) > 5000:
            text = cut_bytes(text, 5000)
        return text, f"fam={fam},brand={name},bytes={nbytes(text)}"

    def p_tracker(self, rng, i):
        kind = rng.choice(["profile", "profile", "lottery", "lottery", "app", "loan", "stream"])
        ent = lambda s: s.replace(" - ", rng.choice([" &#8211; ", " - ", " &#8211; "])).replace(" & ", " &amp; ")
        date = rand_date(rng)
        d = date.strftime("%d/%m/%Y")
        tags = lambda extra: " ".join("#" + t for t in extra + rng.sample(self.hashtags, k=rng.randint(2, 5)))
        phone = "09" + str(rng.randint(0, 9)) + " " + f"{rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
        addr = (f"{rng.randint(1, 300)} {rng.choice(self.streets)}, Phường {rng.randint(1, 15)}, "
                f"Quận {rng.randint(1, 12)}, TP. Hồ Chí Minh")
        if kind == "loan":
            app = rng.choice(self.loan_apps)
            fam, name = "loans", app
            dom = app + rng.choice([".vn", ".com", ".online", ".app"])
            kw = self.kws(rng, "loans", 4)
            lines = [f"{app.capitalize()} - {kw[0]} & {kw[1]}",
                     f"{app.capitalize()} là ứng dụng {kw[2]}, hỗ trợ khách hàng toàn quốc, {kw[3]}.",
                     f"Hạn mức: {rng.randint(1, 5)} - {rng.choice([10, 15, 20, 30])} triệu",
                     f"Lãi suất: từ 0% cho khoản vay đầu tiên",
                     f"Thời hạn: {rng.choice([61, 91, 120])} - {rng.choice([180, 270, 365])} ngày",
                     "Điều kiện: CCCD, tài khoản ngân hàng chính chủ",
                     f"Website: https://{dom}", f"Hotline: {phone}", tags([app, "vaytien"])]
        else:
            fam = {"profile": "betting", "lottery": "lottery", "app": "casino", "stream": "streaming"}[kind]
            name = self.brand(rng, fam)
            B = rng.choice([name.upper(), name.capitalize(), name])
            kw = self.kws(rng, fam, 5)
            url = self.url(rng, name)
            if kind == "profile":
                lines = [f"{B} - {kw[0]} | {kw[1]}",
                         f"{B} là nhà cái cá cược uy tín hàng đầu châu Á, cung cấp {kw[2]}, {kw[3]} & {kw[4]} "
                         f"với tỷ lệ trả thưởng cao.",
                         *rng.sample(self.promo, k=rng.randint(1, 4)),
                         "Thông tin liên hệ:", f"Website: {url}", f"Hotline: {phone}",
                         f"Email: cskh@{self.domain(rng, name).removeprefix('www.')}", f"Địa chỉ: {addr}",
                         tags([name, "nhacai", "keonhacai"])]
            elif kind == "lottery":
                n2 = lambda: f"{rng.randint(0, 99):02d}"
                lines = [f"Soi cầu XSMB {d} - dự đoán lô đề chính xác {rng.choice(['hôm nay', 'miễn phí', '100%'])}",
                         f"Chào anh em, hôm nay {B} chia sẻ {kw[0]} và {kw[1]} ngày {d}.",
                         f"Bạch thủ lô: {n2()}", f"Song thủ lô: {n2()} - {n2()}", f"Cặp lô: {n2()} - {n2()}",
                         f"Dàn đề 10 số: {', '.join(n2() for _ in range(10))}",
                         f"Giải đặc biệt: đầu {rng.randint(0, 9)} - đuôi {rng.randint(0, 9)}",
                         "&nbsp;", f"Xem thêm &quot;{kw[2]}&quot; tại: {url}",
                         rng.choice(self.promo), tags(["soicau", "xsmb", slug(kw[3])])]
            elif kind == "app":
                code = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(8))
                lines = [f"Tải {B} APK/iOS - {kw[0]} uy tín {date.year}",
                         f"{B} là {kw[1]} & {kw[2]} được nhiều người chơi lựa chọn.",
                         *rng.sample(self.promo, k=rng.randint(2, 4)),
                         f"Giftcode: {code}", f"Link tải: {url}", f"Hotline: {phone}",
                         tags([name, slug(kw[3])])]
            else:
                t1, t2 = rng.sample(self.foreign["Ngoại hạng Anh"], 2)
                lines = [f"{B} TV - {kw[0]} full HD",
                         f"Xem trực tiếp {t1} vs {t2} lúc {rng.randint(18, 23)}:{rng.choice(['00', '30', '45'])} ngày {d}.",
                         f"{kw[1]}, {kw[2]}, {kw[3]} tại {B}.", f"Link xem: {url}",
                         rng.choice(self.promo), tags([name, "tructiepbongda"])]
        if rng.random() < 0.6:  # a longer post: sections before the contact block
            target = rng.randint(700, 2500)
            pos = max(2, len(lines) - 4)
            order = rng.sample(["why", "products", "howto", "faq"], k=4) * 3
            while nbytes("\n".join(lines)) < target and order:
                sec = order.pop(0)
                B = name.capitalize()
                if sec == "why":
                    add = [f"Vì sao nên chọn {B}?"] + ["- " + x for x in rng.sample(self.promo, k=rng.randint(2, 5))]
                elif sec == "products":
                    add = [f"Sản phẩm tại {B}:"] + [rng.choice(["- ", "• "]) + x for x in self.kws(rng, fam, rng.randint(3, 6))]
                elif sec == "howto":
                    add = [f"Hướng dẫn đăng ký {B}:", f"Bước 1: Truy cập link {self.url(rng, name) if fam != 'loans' else 'https://' + name + '.vn'}",
                           "Bước 2: Điền tên đăng nhập, mật khẩu và số điện thoại",
                           "Bước 3: Xác nhận mã OTP & nhận thưởng thành viên mới"]
                else:
                    kw2 = self.kws(rng, fam, 2)
                    add = [f"Câu hỏi thường gặp về {B}", f"{B} có uy tín không? &quot;{kw2[0]}&quot; tại {B} được "
                           f"nhiều người lựa chọn.", f"{B} có {kw2[1]} không? Có, cập nhật mỗi ngày."]
                lines[pos:pos] = add + ["&nbsp;"]
                pos += len(add) + 1
        text = ent("\n".join(lines))
        while nbytes(text) < 200:
            text += "\n" + ent(rng.choice(self.promo))
        if nbytes(text) > 2500:
            text = cut_bytes(text, 2500)
        return text, f"kind={kind},fam={fam},brand={name}"

    def p_links(self, rng, i):
        fam = self.family(rng)
        names = list(dict.fromkeys(self.brand(rng, fam) for _ in range(rng.randint(3, 12))))
        target = rng.randint(100, 2000)
        kinds = rng.sample(["colon", "table", "tags", "html", "markdown", "bullets"], k=rng.randint(1, 3))
        lines = []
        while nbytes("\n".join(lines)) < target:
            k = rng.choice(kinds)
            if k == "colon":
                for n in rng.sample(names, k=min(len(names), rng.randint(2, 6))):
                    lines.append(f"{self.brand_case(rng, n)}: {self.url(rng, n)}")
            elif k == "table":
                row = rng.sample(names, k=min(len(names), rng.randint(2, 5)))
                lines.append("| " + " | ".join(self.brand_case(rng, n) for n in row) + " |")
            elif k == "tags":
                lines.append(rng.choice(["Tags", "Tag", "Từ khóa", "Keywords"]) + ": "
                             + ", ".join(self.kws(rng, fam, rng.randint(3, 8))))
            elif k == "html":
                n = rng.choice(names)
                anchor = rng.choice([self.brand_line(rng, n), self.kws(rng, fam, 1)[0], n])
                lines.append(f'<a href="{self.url(rng, n)}">{anchor}</a>')
            elif k == "markdown":
                n = rng.choice(names)
                lines.append(f"[{rng.choice([self.brand_line(rng, n), self.brand_case(rng, n)])}]({self.url(rng, n)})")
            else:
                b = rng.choice(["• ", "- ", "» "])
                for n in rng.sample(names, k=min(len(names), rng.randint(2, 5))):
                    lines.append(b + self.brand_line(rng, n))
        text = "\n".join(lines)
        if nbytes(text) > 2000:
            text = cut_bytes(text, 2000)
        return text, f"fam={fam},kinds={'+'.join(kinds)},brands={len(names)}"

    def p_tone_noise(self, docs):
        football = [d for d in self.corpus if d.get("football") and len(d["text"]) >= 400]
        rates = [0.03, 0.05, 0.10, 0.20, 0.30]
        for i in range(self.a.n):
            rng = self.rng("tone_noise", i)
            variant = ["short", "long"][i % 2]
            titled = (i // 2) % 2 == 0
            r = rates[(i // 4) % len(rates)]
            d = rng.choice(football)
            t = d["text"]
            if variant == "short":
                paras = [p for p in t.split("\n") if nbytes(p) >= 300] or [" ".join(t.split("\n"))]
                body = cut_bytes(rng.choice(paras), rng.randint(300, 400))
            else:
                body = cut_bytes(t, 3000)
            body = add_tone_noise(rng, body, r)
            detail = f"noise={r},{variant}"
            if titled:
                fam = self.family(rng)
                body = self.title_line(rng, fam, self.brand(rng, fam), k=rng.randint(1, 2))[0] + "\n" + body
                detail += ",title"
            docs.append(("tone_noise", "spam", body, detail + f",src={d['id']}"))

    # --- injected --------------------------------------------------------------------------

    def p_injected(self, docs, short=False):
        phrases = [l.rstrip("\n") for l in open(Path(self.a.eval_dir) / "phrases.dev.txt", encoding="utf-8")
                   if l.strip() and not l.startswith("#")]
        mine = split(phrases, self.half)
        news = [d for d in self.corpus if not d["id"].startswith("viwiki")]
        pattern, attacks = "injected", []
        if short:
            # A paragraph of 420-800 bytes (inject.py takes 300 characters and more) carrying a
            # phrase once or a few times: what a moderation service checks.
            pattern, attacks = "injected_short", ["--attacks", "once:2,insert:1,replace:1"]
            rng = self.rng(pattern, 0)
            paras = [(d["id"], p) for d in news for p in d["text"].split("\n") if nbytes(p) >= 450]
            rng.shuffle(paras)
            news = [{"id": f"{i}~{k}", "text": cut_bytes(p, rng.randint(420, 800))}
                    for k, (i, p) in enumerate(paras[: self.a.n * 4])]
        with tempfile.TemporaryDirectory() as tmp:
            base, ph = Path(tmp) / "base.jsonl", Path(tmp) / "phrases.txt"
            base.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in news), encoding="utf-8")
            ph.write_text("\n".join(mine) + "\n", encoding="utf-8")
            seed = self.a.seed * 2 + (0 if self.half == "tune" else 1)
            out = subprocess.run([sys.executable, str(Path(self.a.eval_dir) / "inject.py"), str(base), str(ph),
                                  "--seed", str(seed), "--attacked", str(self.a.n), "--clean", "0"] + attacks,
                                 check=True, capture_output=True, text=True, encoding="utf-8").stdout
        for line in out.splitlines():
            c = json.loads(line)
            if c["attack"] == "none":
                continue
            src = c["id"].split("#")[0]
            detail = (f"attack={c['attack']},obf={'+'.join(c['obfuscation']) or 'none'},"
                      f"phrase={c['phrase'] or 'keywords'},spans={len(c['spans'])},src={src}")
            docs.append((pattern, "injected", c["text"], detail))

    def p_injected_tiny(self, docs):
        """One sentence of real news (60-250 bytes) with a phrase pasted into it once, bare or
        with its accents: the shortest comment a moderation service checks."""
        phrases = [l.rstrip("\n") for l in open(Path(self.a.eval_dir) / "phrases.dev.txt", encoding="utf-8")
                   if l.strip() and not l.startswith("#")]
        mine = split(phrases, self.half)
        rng = self.rng("injected_tiny", 0)
        sentences = [s.strip() for d in self.corpus if not d["id"].startswith("viwiki")
                     for s in re.split(r"(?<=[.!?])\s+", d["text"].replace("\n", " "))
                     if 60 <= nbytes(s.strip()) <= 250 and len(s.split()) >= 8]
        for i in range(self.a.n):
            words = rng.choice(sentences).split()
            # (A line of the phrase list is "bare|accented"; either is pasted. A line with no
            # accented spelling ends in "|": its empty part is no phrase.)
            phrase = rng.choice([p for p in rng.choice(mine).split("|") if p])
            at = rng.randint(1, len(words) - 1)
            text = " ".join(words[:at] + [phrase] + words[at:])
            docs.append(("injected_tiny", "injected", text, f"phrase={phrase},at={at}"))

    def p_corpus_titles(self, docs):
        """The first line of every news document of the split: a headline alone, as a short
        page or a comment quoting it (sports headlines say "trực tiếp bóng đá", "nhà cái")."""
        for d in self.corpus:
            if d["id"].startswith("viwiki"):
                continue
            title = d["text"].split("\n", 1)[0].strip()
            if title:
                docs.append(("corpus_titles", "clean", title, f"src={d['id']}"))

    def p_rehosted(self, docs):
        """Real news re-hosted by a spam site: its UTF-8 often decoded in a CJK encoding
        (mojibake: "C么ng ty"), and a keyword of the site's own, in Chinese or Japanese, put
        where a name stood (every occurrence of a name of 2-4 capitalised words the story
        repeats). Labelled injected; the same pages without the keyword, clean
        (`rehosted_clean`: mojibake alone is no spam)."""
        rng = self.rng("rehosted", 0)
        news = [d for d in self.corpus if not d["id"].startswith("viwiki")]
        rng.shuffle(news)
        made = 0
        for d in news:
            if made >= self.a.n:
                break
            text = d["text"]
            counts = {}
            for m in re.finditer(r"(?<!\w)[^\W\d_]\w*(?: [^\W\d_]\w*)*", text):
                words = m.group(0).split(" ")
                # Each maximal run of capitalised words, 2-4 of them; not a sentence's first
                # words, which are capitalised whatever they are.
                i = 0
                while i < len(words):
                    j = i
                    while j < len(words) and words[j][0].isupper():
                        j += 1
                    if 2 <= j - i <= 4:
                        at = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                        before = text[:at].rstrip(" ")
                        if before and before[-1] not in ".!?\n:":
                            n = " ".join(words[i:j])
                            counts[n] = counts.get(n, 0) + 1
                    i = max(j, i + 1)
            names = sorted(n for n, c in counts.items() if 2 <= c <= 6)
            if not names:
                continue
            target = rng.choice(names)
            enc = rng.choice([None, "gb18030", "big5hkscs", "cp932"])
            fam = rng.choice(sorted(self.cjk))
            kw = rng.choice(self.cjk[fam])
            # (The keyword goes in after the misreading, as the site's template puts it in: a
            # placeholder of ASCII, after a space, comes through any of the encodings.)
            marked = re.sub(r"(?<![\w])" + re.escape(target) + r"(?![\w])", "@@KW@@", text)
            if "@@KW@@" not in marked:
                continue
            read = marked if enc is None else marked.encode("utf-8").decode(enc, errors="replace")
            if "@@KW@@" not in read:
                continue
            detail = f"enc={enc or 'utf-8'},family={fam},keyword={kw},name={target},src={d['id']}"
            docs.append(("rehosted", "injected", read.replace("@@KW@@", kw), detail))
            if enc is not None:
                docs.append(("rehosted_clean", "clean", read.replace("@@KW@@", target), detail))
            made += 1

    # --- clean synthetic -------------------------------------------------------------------

    def person(self, rng):
        return f"{rng.choice(self.surnames)} {rng.choice(self.middle)} {rng.choice(self.given)}"

    def address(self, rng, city):
        return f"Số {rng.randint(1, 250)} đường {rng.choice(self.streets)}, phường {rng.randint(1, 9)}, {city}"

    def landline(self, rng):
        return f"02{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(3, 3)}{rng.randint(0, 999999):06d}"

    @staticmethod
    def place(p):
        """How the province is named in running text: "tỉnh Gia Lai", "TP. Cần Thơ", "Hà Nội"."""
        if p[0] == "Thủ đô":
            return "Hà Nội"
        if p[0].startswith("TP."):
            return p[0]
        return ("TP. " if p[0] in ("Cần Thơ", "Đà Nẵng", "Hải Phòng") else "tỉnh ") + p[0]

    def company(self, p):
        return f"Công ty TNHH MTV Xổ số kiến thiết {p[0]}"

    def site(self, rng, p):
        return rng.choice([f"xosokienthiet{p[1]}.com.vn", f"www.xskt{p[1]}.com.vn", f"xskt{p[1]}.vn",
                           f"www.xosokienthiet{p[1]}.com.vn"])

    def p_lottery_results(self, rng, i):
        p = rng.choice(self.provinces)
        north = p[2] == "bac"
        date = rand_date(rng)
        d, wd = date.strftime("%d/%m/%Y"), weekday(date)
        tpl = rng.randint(1, 4)
        num = lambda k: "".join(str(rng.randint(0, 9)) for _ in range(k))
        spec = ([("Giải đặc biệt", 1, 5), ("Giải nhất", 1, 5), ("Giải nhì", 2, 5), ("Giải ba", 6, 5),
                 ("Giải tư", 4, 4), ("Giải năm", 6, 4), ("Giải sáu", 3, 3), ("Giải bảy", 4, 2)] if north else
                [("Giải tám", 1, 2), ("Giải bảy", 1, 3), ("Giải sáu", 3, 4), ("Giải năm", 1, 4),
                 ("Giải tư", 7, 5), ("Giải ba", 2, 5), ("Giải nhì", 1, 5), ("Giải nhất", 1, 5),
                 ("Giải đặc biệt", 1, 6)])
        if not north and rng.random() < 0.5:
            spec = spec[::-1]
        prizes = [(g, [num(k) for _ in range(c)]) for g, c, k in spec]
        sep = rng.choice([" - ", " – ", "  ", ", "])
        table = [f"{g}: {sep.join(v)}" for g, v in prizes]
        site = self.site(rng, p)
        if tpl == 1:
            lines = [f"Kết quả xổ số kiến thiết {p[0]} ngày {d}", self.company(p),
                     f"Xổ số {REGION[p[2]]} – {wd}, ngày {d}",
                     f"Vé số mệnh giá {'10.000' if not north else rng.choice(['10.000', '5.000'])} đồng, "
                     f"ký hiệu {rng.choice('ABCDEFGHK')}{rng.randint(1, 12)}", *table]
            if rng.random() < 0.6:
                tails = sorted({v[-2:] for _, vs in prizes for v in vs})
                lines.append("Bảng lô tô")
                for h in range(10):
                    ts = [t for t in tails if t[0] == str(h)]
                    lines.append(f"Đầu {h}: {', '.join(ts) if ts else '-'}")
            lines += [f"Địa chỉ: {self.address(rng, self.place(p))}",
                      f"Điện thoại: {self.landline(rng)}", site]
        elif tpl == 2:
            south = [x for x in self.provinces if x[2] == p[2]]
            chosen = rng.sample(south, k=min(len(south), rng.randint(2, 4)))
            lines = [f"Xổ số {REGION[p[2]]} ngày {d}", f"Kết quả xổ số kiến thiết {REGION[p[2]]} {wd.lower()}",
                     "| Giải | " + " | ".join(x[0] for x in chosen) + " |",
                     "|---" * (len(chosen) + 1) + "|"]
            for g, c, k in spec:
                lines.append(f"| {g} | " + " | ".join(" ".join(num(k) for _ in range(c)) for _ in chosen) + " |")
            lines.append(f"Kết quả được cập nhật trực tiếp từ trường quay của các công ty xổ số kiến thiết.")
            lines.append(f"Nguồn: {site}")
        elif tpl == 3:
            db = dict(prizes)["Giải đặc biệt"][0]
            who = rng.choice(["một người dân ở", "một tiểu thương tại", "một công nhân đang làm việc tại",
                              "một khách hàng ngụ tại"])
            value = rng.choice(["2 tỷ đồng", "1,5 tỷ đồng", "1 tỷ đồng", "3 tỷ đồng"])
            lines = [f"Thông báo kết quả mở thưởng xổ số kiến thiết {p[0]}",
                     f"{self.company(p)} thông báo kết quả mở thưởng kỳ vé ngày {d}. "
                     f"Giải đặc biệt trị giá {value} thuộc về vé số {db}.",
                     f"Theo đại diện công ty, vé trúng giải đặc biệt được bán qua đại lý xổ số trên đường "
                     f"{rng.choice(self.streets)} và người trúng thưởng là {who} {self.place(p)}.",
                     f"Người trúng thưởng mang vé số nguyên vẹn, không rách rời, không tẩy xóa cùng căn cước "
                     f"công dân đến trụ sở công ty để lĩnh thưởng trong thời hạn 30 ngày kể từ ngày mở thưởng.",
                     f"Người trúng thưởng có trách nhiệm nộp thuế thu nhập cá nhân theo quy định của pháp luật.",
                     f"Mọi thắc mắc xin liên hệ số điện thoại {self.landline(rng)} hoặc xem tại {site}."]
            if rng.random() < 0.5:
                lines[2:2] = table
        else:
            lines = [f"XỔ SỐ KIẾN THIẾT {p[0].upper()}", f"Mở thưởng {wd.lower()} ngày {d} – kỳ vé số "
                     f"{rng.randint(1, 52)}{date.strftime('%m')}", *table,
                     f"Giải phụ đặc biệt: {'9 giải, mỗi giải 50.000.000 đồng' if not north else 'không có'}",
                     f"Giải khuyến khích: {rng.choice(['45', '9', '30'])} giải, mỗi giải 6.000.000 đồng",
                     "Vé số trúng nhiều giải được lĩnh đủ giá trị các giải.",
                     f"{self.company(p)} – {self.address(rng, self.place(p))}",
                     f"Hotline: {self.landline(rng)} | Website: {site}"]
        return "\n".join(lines), f"template={tpl},province={p[0]},date={d}"

    def p_lottery_rules(self, rng, i):
        p = rng.choice(self.provinces)
        tpl = rng.randint(1, 4)
        date = rand_date(rng)
        d = date.strftime("%d/%m/%Y")
        q = f"{rng.randint(10, 480)}/QĐ-XSKT"
        co = self.company(p)
        k = rng.choice([2, 3])
        if tpl == 1:
            lines = [f"THỂ LỆ THAM GIA DỰ THƯỞNG XỔ SỐ LÔ TÔ {k} SỐ",
                     f"(Ban hành kèm theo Quyết định số {q} ngày {d} của Giám đốc {co})",
                     "Điều 1. Phạm vi điều chỉnh",
                     f"Thể lệ này quy định việc phát hành, tham gia dự thưởng, xác định kết quả trúng thưởng và trả "
                     f"thưởng đối với vé xổ số lô tô {k} số do {co} phát hành trên địa bàn {self.place(p)}.",
                     "Điều 2. Đối tượng tham gia dự thưởng",
                     "Người tham gia dự thưởng là công dân Việt Nam và người nước ngoài từ đủ 18 tuổi trở lên, có "
                     "năng lực hành vi dân sự đầy đủ. Đại lý xổ số không được bán vé cho người chưa đủ 18 tuổi.",
                     "Điều 3. Vé xổ số lô tô",
                     f"Vé xổ số lô tô {k} số là chứng chỉ in sẵn hoặc in ra từ thiết bị đầu cuối, ghi các bộ số do "
                     f"người tham gia tự chọn trong khoảng từ {'0' * k} đến {'9' * k}. Mỗi vé được chọn tối đa "
                     f"{rng.choice([5, 6, 10])} bộ số, mệnh giá tối thiểu {rng.choice(['10.000', '5.000', '20.000'])} "
                     f"đồng cho mỗi bộ số.",
                     "Điều 4. Xác định kết quả trúng thưởng",
                     f"Kết quả được xác định theo {k} chữ số cuối của các giải trong kết quả xổ số kiến thiết "
                     f"truyền thống mở thưởng cùng ngày, dưới sự giám sát của Hội đồng giám sát xổ số {self.place(p)}.",
                     "Điều 5. Cơ cấu giải thưởng",
                     f"Mỗi bộ số trúng thưởng được trả {rng.choice([70, 75, 80]) if k == 2 else rng.choice([500, 550, 600])} "
                     f"lần mệnh giá cho mỗi lần xuất hiện trong kết quả. Bộ số xuất hiện nhiều lần được lĩnh thưởng "
                     f"theo số lần xuất hiện.",
                     "Điều 6. Thời hạn lĩnh thưởng",
                     "Thời hạn lĩnh thưởng là 30 ngày kể từ ngày xác định kết quả trúng thưởng. Quá thời hạn trên, "
                     "vé trúng thưởng không còn giá trị lĩnh thưởng.",
                     "Điều 7. Trách nhiệm của đại lý xổ số",
                     "Đại lý xổ số niêm yết công khai thể lệ và kết quả mở thưởng tại điểm bán, bảo quản vé đã bán "
                     "và không được thu thêm bất kỳ khoản phí nào của người tham gia."]
        elif tpl == 2:
            prizes = [("Giải đặc biệt", 1, "2.000.000.000"), ("Giải nhất", 10, "30.000.000"),
                      ("Giải nhì", 10, "15.000.000"), ("Giải ba", 20, "10.000.000"), ("Giải tư", 70, "3.000.000"),
                      ("Giải năm", 100, "1.000.000"), ("Giải sáu", 300, "400.000"), ("Giải bảy", 1000, "200.000"),
                      ("Giải tám", 10000, "100.000")]
            lines = [f"{co.upper()}", f"THỂ LỆ XỔ SỐ KIẾN THIẾT TRUYỀN THỐNG",
                     f"Căn cứ Nghị định số 30/2007/NĐ-CP ngày 01/3/2007 của Chính phủ về kinh doanh xổ số;",
                     f"Căn cứ Quyết định số {q} ngày {d}, {co} ban hành thể lệ như sau:",
                     "Điều 1. Phạm vi điều chỉnh",
                     "Thể lệ này áp dụng đối với vé xổ số kiến thiết truyền thống do công ty phát hành, mệnh giá "
                     f"10.000 đồng, mỗi kỳ phát hành {rng.choice(['1.000.000', '1.200.000', '1.400.000'])} vé, "
                     "mở thưởng vào ngày ghi trên vé.",
                     "Điều 2. Hình thức vé",
                     "Vé có 6 chữ số, in ký hiệu vé, ngày mở thưởng, tên công ty phát hành và các yếu tố chống giả.",
                     "Điều 3. Quay số mở thưởng",
                     "Việc quay số mở thưởng được thực hiện công khai tại trường quay, có sự giám sát của Hội đồng "
                     "giám sát xổ số và truyền hình trực tiếp trên đài phát thanh – truyền hình tỉnh.",
                     "Điều 4. Xác định trúng thưởng",
                     "Vé trúng thưởng là vé có các chữ số trùng với kết quả quay số theo đúng hàng và thứ tự.",
                     "Điều 5. Cơ cấu giải thưởng"]
            for g, c, v in prizes:
                lines.append(f"- {g}: {c:,} giải, mỗi giải trị giá {v} đồng".replace(",", "."))
            lines += ["- Giải phụ đặc biệt: 9 giải, mỗi giải 50.000.000 đồng",
                      "- Giải khuyến khích: 45 giải, mỗi giải 6.000.000 đồng",
                      "Điều 6. Điều khoản thi hành",
                      "Thể lệ này thay thế các quy định trước đây về xổ số kiến thiết truyền thống của công ty. "
                      "Các loại hình xổ số điện toán do Công ty TNHH MTV Xổ số điện toán Việt Nam (Vietlott) "
                      "phát hành thực hiện theo thể lệ riêng."]
        elif tpl == 3:
            lines = [f"QUY CHẾ QUẢN LÝ ĐẠI LÝ XỔ SỐ",
                     f"(Kèm theo Quyết định số {q} ngày {d} của {co})",
                     "Chương I. QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh",
                     "Quy chế này quy định điều kiện, thủ tục ký hợp đồng, quyền và nghĩa vụ của đại lý xổ số khi "
                     "phân phối vé xổ số kiến thiết truyền thống, vé xổ số lô tô 2 số, lô tô 3 số và vé cào.",
                     "Điều 2. Đối tượng áp dụng",
                     "Tổ chức, cá nhân ký hợp đồng làm đại lý xổ số với công ty trên địa bàn "
                     f"{self.place(p)} và các tỉnh trong khu vực {REGION[p[2]]}.",
                     "Chương II. ĐIỀU KIỆN LÀM ĐẠI LÝ", "Điều 3. Điều kiện",
                     "Đại lý là cá nhân phải từ đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ, có địa điểm kinh "
                     f"doanh ổn định và ký quỹ tối thiểu {rng.choice(['20.000.000', '30.000.000', '50.000.000'])} đồng.",
                     "Điều 4. Hoa hồng đại lý",
                     f"Tỷ lệ hoa hồng đại lý xổ số kiến thiết truyền thống là {rng.choice(['10', '12', '13'])}% "
                     "trên doanh thu bán vé; đối với vé lô tô thực hiện theo phụ lục hợp đồng.",
                     "Điều 5. Nghĩa vụ của đại lý",
                     "Đại lý không được bán vé cao hơn mệnh giá, không được bán vé cho người chưa đủ 18 tuổi, "
                     "không được tổ chức thu số đề hoặc bất kỳ hình thức đánh bạc nào dựa trên kết quả xổ số.",
                     "Điều 6. Xổ số điện toán",
                     "Đại lý có nhu cầu kinh doanh xổ số điện toán liên hệ Công ty TNHH MTV Xổ số điện toán "
                     "Việt Nam (Vietlott) để được hướng dẫn riêng."]
        else:
            game = rng.choice(["Mega 6/45", "Power 6/55", "Max 3D"])
            table = {"Mega 6/45": ["Giải Jackpot: trùng 6 số, giá trị tối thiểu 12 tỷ đồng và tích lũy",
                                   "Giải nhất: trùng 5 số, 10.000.000 đồng", "Giải nhì: trùng 4 số, 300.000 đồng",
                                   "Giải ba: trùng 3 số, 30.000 đồng"],
                     "Power 6/55": ["Giải Jackpot 1: trùng 6 số, tối thiểu 30 tỷ đồng và tích lũy",
                                    "Giải Jackpot 2: trùng 5 số và số đặc biệt, tối thiểu 3 tỷ đồng",
                                    "Giải nhất: trùng 5 số, 40.000.000 đồng", "Giải nhì: trùng 4 số, 500.000 đồng",
                                    "Giải ba: trùng 3 số, 50.000 đồng"],
                     "Max 3D": ["Giải đặc biệt: trùng 2 bộ số, 1.000.000 đồng", "Giải nhất: 350.000 đồng",
                                "Giải nhì: 210.000 đồng", "Giải ba: 100.000 đồng"]}[game]
            lines = [f"THỂ LỆ SẢN PHẨM XỔ SỐ ĐIỆN TOÁN {game.upper()}",
                     "Công ty TNHH MTV Xổ số điện toán Việt Nam (Vietlott)",
                     "Điều 1. Phạm vi điều chỉnh",
                     f"Thể lệ này quy định về sản phẩm xổ số tự chọn số theo ma trận {game} phát hành qua thiết bị "
                     "đầu cuối tại điểm bán hàng của Vietlott và đại lý xổ số được ủy quyền.",
                     "Điều 2. Đối tượng tham gia",
                     "Người tham gia phải từ đủ 18 tuổi trở lên. Nghiêm cấm lợi dụng kết quả xổ số điện toán "
                     "để tổ chức đánh bạc.",
                     "Điều 3. Giá vé", f"Mỗi bộ số có giá {rng.choice(['10.000', '10.000', '20.000'])} đồng.",
                     "Điều 4. Quay số mở thưởng",
                     f"Quay số mở thưởng vào các ngày {rng.choice(['thứ Tư, thứ Sáu và Chủ nhật', 'thứ Ba, thứ Năm và thứ Bảy', 'thứ Hai, thứ Tư và thứ Sáu'])} "
                     "hằng tuần, truyền hình trực tiếp trên kênh VTV3.",
                     "Điều 5. Cơ cấu giải thưởng", *("- " + x for x in table),
                     "Điều 6. Lĩnh thưởng",
                     "Người trúng thưởng xuất trình vé và căn cước công dân trong thời hạn 60 ngày. Khác với "
                     f"xổ số kiến thiết truyền thống và vé xổ số lô tô của {co}, giải Jackpot chỉ trả tại trụ sở "
                     "hoặc chi nhánh của Vietlott."]
        if rng.random() < 0.4:  # some pages show only the first articles
            ends = [j for j in range(6, len(lines)) if lines[j].startswith("Điều")]
            if ends:
                lines = lines[: rng.choice(ends)]
        return "\n".join(lines), f"template={tpl},province={p[0]}"

    def team_pair(self, rng):
        lg = rng.choice(["V-League"] * 3 + list(self.foreign) + ["Đội tuyển"])
        if lg == "V-League":
            a, b = rng.sample(self.vleague, 2)
            return lg, a[0], b[0], a[1]
        if lg == "Đội tuyển":
            a, b = rng.sample(self.nations, 2)
            return rng.choice(["AFF Cup", "Vòng loại Asian Cup", "Giao hữu quốc tế"]), a, b, None
        a, b = rng.sample(self.foreign[lg], 2)
        return lg, a, b, None

    def p_sports(self, rng, i):
        tpl = rng.randint(1, 4)
        date = rand_date(rng)
        d = date.strftime("%d/%m/%Y")
        rnd = rng.randint(1, 26)
        if tpl == 1:
            lines = [rng.choice([f"Lịch thi đấu bóng đá hôm nay {date.strftime('%d/%m')}",
                                f"Lịch thi đấu bóng đá {weekday(date).lower()}, ngày {d}",
                                "LỊCH THI ĐẤU BÓNG ĐÁ HÔM NAY"])]
            leagues = rng.sample(["V-League", "Đội tuyển", *self.foreign], k=rng.randint(1, 4))
            for lg in leagues:
                pool = ([t for t, _ in self.vleague] if lg == "V-League" else
                        self.nations if lg == "Đội tuyển" else self.foreign[lg])
                teams = rng.sample(pool, k=2 * min(len(pool) // 2, rng.randint(1, 4)))
                lines.append(f"V-League – Vòng {rnd}" if lg == "V-League" else
                             rng.choice(["AFF Cup", "Vòng loại Asian Cup", "Giao hữu quốc tế"]) if lg == "Đội tuyển"
                             else lg)
                kick = sorted(rng.randint(15 * 4, 23 * 4) * 15 for _ in range(len(teams) // 2))
                for j, t in enumerate(kick):
                    ch = ", ".join(rng.sample(self.fchannels, k=rng.randint(1, 2)))
                    lines.append(f"{t // 60:02d}:{t % 60:02d} {teams[2 * j]} vs {teams[2 * j + 1]} ({ch})")
            if rng.random() < 0.5:
                lines.append("Lịch thi đấu có thể thay đổi theo thông báo của ban tổ chức.")
        elif tpl == 2:
            lines = [f"Kết quả vòng {rnd} V-League"]
            scores = []
            for _ in range(rng.randint(3, 7)):
                a, b = rng.sample(self.vleague, 2)
                scores.append((a, b, rng.randint(0, 4), rng.randint(0, 3)))
            a, b, x, y = scores[0]
            lines[0] += f": {a[0]} {x}-{y} {b[0]}"
            lines.append(f"Trên sân {a[1]} chiều {weekday(date).lower()} ({d}), {a[0]} "
                         + ("giành chiến thắng" if x > y else "chia điểm" if x == y else "để thua")
                         + f" {x}-{y} trước {b[0]} trong khuôn khổ vòng {rnd} V-League.")
            if x + y:
                goals = ", ".join(f"{self.person(rng)} ({rng.randint(1, 90)}')" for _ in range(x + y))
                lines.append(f"Ghi bàn: {goals}.")
            lines.append(f"Trận đấu được truyền hình trực tiếp trên {rng.choice(self.fchannels)} và {rng.choice(self.fchannels)}.")
            lines.append("Các kết quả khác:")
            for a, b, x, y in scores[1:]:
                lines.append(f"{a[0]} {x}-{y} {b[0]}")
        elif tpl == 3:
            teams = rng.sample(self.vleague, k=len(self.vleague))
            played = rnd
            lines = [f"Bảng xếp hạng V-League sau vòng {rnd}",
                     "| TT | Đội | Trận | Thắng | Hòa | Thua | Hiệu số | Điểm |"]
            rows = []
            for t in teams:
                w = rng.randint(0, played)
                dr = rng.randint(0, played - w)
                rows.append((t[0], w, dr, played - w - dr, 2 * w - (played - w - dr) + rng.randint(-6, 6)))
            rows.sort(key=lambda r: (-(3 * r[1] + r[2]), -r[4]))
            for n, (t, w, dr, l, gd) in enumerate(rows, 1):
                lines.append(f"| {n} | {t} | {played} | {w} | {dr} | {l} | {gd:+d} | {3 * w + dr} |")
            lines.append(f"Vòng {rnd + 1} sẽ diễn ra từ ngày {(date + datetime.timedelta(days=5)).strftime('%d/%m')}.")
        else:
            lg, a, b, std = self.team_pair(rng)
            ch = rng.sample(self.fchannels, k=2)
            t = f"{rng.randint(17, 21)}:{rng.choice(['00', '30'])}"
            lines = [f"Trực tiếp bóng đá {a} vs {b}: {rng.choice(['cuộc đua ngôi đầu', 'quyết đấu vì ba điểm', 'chờ bất ngờ', 'trận cầu tâm điểm'])}",
                     f"Trận đấu giữa {a} và {b} thuộc {lg} diễn ra lúc {t} ngày {d}"
                     + (f" trên sân {std}" if std else "") + f", được truyền hình trực tiếp trên {ch[0]} và {ch[1]}.",
                     f"Ở lượt trận trước, {a} {prev_result(rng)}, trong khi {b} có {rng.randint(2, 5)} trận "
                     "liên tiếp không thua."]
            if std or a == "Việt Nam":
                lines += [f"Huấn luyện viên {self.person(rng)} cho biết toàn đội đã có sự chuẩn bị kỹ lưỡng, "
                          f"chỉ vắng {self.person(rng)} do chấn thương.",
                          f"Đội hình dự kiến {a}: " + ", ".join(self.person(rng) for _ in range(rng.randint(4, 11))) + "."]
            else:
                lines.append(f"Ban huấn luyện {a} cho biết toàn đội đã sẵn sàng, chỉ có {rng.randint(1, 3)} cầu thủ "
                             "chưa bình phục chấn thương.")
            if rng.random() < 0.5:
                lines.append(f"Khán giả có thể theo dõi tường thuật trực tiếp trên ứng dụng {rng.choice(self.fchannels)}.")
        return "\n".join(lines), f"template={tpl},date={d}"

    def p_tv_schedule(self, rng, i):
        tpl = rng.randint(1, 4)
        date = rand_date(rng)
        d = date.strftime("%d/%m/%Y")
        ch = rng.choice(self.tv)

        def schedule(k):
            t = rng.choice([5 * 60 + 30, 6 * 60, 6 * 60 + 30])
            out = []
            for _ in range(k):
                x = rng.random()
                if x < 0.55:
                    prog = rng.choice(self.programmes)
                elif x < 0.75:
                    prog = f"Phim truyện: {rng.choice(self.films)} (tập {rng.randint(1, 45)})"
                elif x < 0.85:
                    lg, a, b, _ = self.team_pair(rng)
                    prog = f"Trực tiếp bóng đá: {a} – {b} ({lg})"
                elif x < 0.93:
                    prog = ("Thời sự 19h" if 19 * 60 <= t < 19 * 60 + 30 else "Thời sự 12h" if 12 * 60 <= t < 12 * 60 + 30
                            else "Bản tin cuối ngày" if t >= 22 * 60 else rng.choice(self.programmes))
                else:
                    prog = f"Phim tài liệu: {rng.choice(['Đất và người ' + rng.choice(self.provinces)[0], 'Hành trình di sản', 'Biển đảo quê hương', 'Những người giữ rừng'])}"
                if ("sáng" in prog and t >= 9 * 60) or ("trưa" in prog and not 11 * 60 <= t <= 13 * 60):
                    prog = rng.choice(["Thời sự", "Bản tin thời tiết", "Khám phá Việt Nam"])
                out.append((t, prog))
                t += rng.choice([15, 30, 30, 45, 60, 90])
                if t >= 24 * 60:
                    break
            return out

        fmt = rng.choice(["{h:02d}:{m:02d} {p}", "{h}h{m:02d}: {p}", "{h:02d}:{m:02d} – {p}"])
        if tpl == 1:
            lines = [f"Lịch phát sóng {ch} ngày {d}"] + [fmt.format(h=t // 60, m=t % 60, p=p) for t, p in schedule(rng.randint(8, 30))]
        elif tpl == 2:
            lines = [f"LỊCH PHÁT SÓNG TRUYỀN HÌNH {weekday(date).upper()}, {d}"]
            for c in rng.sample(self.tv, k=min(len(self.tv), rng.randint(2, 4))):
                lines.append(f"{c}:")
                lines += [fmt.format(h=t // 60, m=t % 60, p=p) for t, p in schedule(rng.randint(4, 10))]
                lines.append("")
        elif tpl == 3:
            lines = [f"Lịch phát sóng kênh {ch} – {weekday(date)} {d}", "| Giờ | Chương trình |", "|---|---|"]
            lines += [f"| {t // 60:02d}:{t % 60:02d} | {p} |" for t, p in schedule(rng.randint(6, 20))]
        else:
            lg, a, b, _ = self.team_pair(rng)
            film = rng.choice(self.films)
            lines = [f"Lịch phát sóng {ch} {weekday(date).lower()} ({d}): {rng.choice(['nhiều chương trình hấp dẫn', 'trực tiếp bóng đá và phim truyện', 'tâm điểm thể thao'])}",
                     f"Tối nay, {ch} dành khung giờ vàng cho trận đấu giữa {a} và {b} thuộc {lg}. "
                     f"Chương trình Trực tiếp bóng đá bắt đầu lúc {rng.randint(18, 21)}:{rng.choice(['00', '30'])}, "
                     f"sau bản tin Thời sự.",
                     f"Trước đó, khán giả theo dõi tập {rng.randint(2, 40)} của bộ phim {film} lúc "
                     f"{rng.randint(12, 17)}:{rng.choice(['00', '15', '30'])}. Bộ phim kể về cuộc sống của một gia đình "
                     f"ở {self.place(rng.choice(self.provinces)).removeprefix('tỉnh ')} với những thăng trầm qua nhiều thế hệ.",
                     f"Chương trình {rng.choice([x for x in self.programmes if 'trưa' not in x])} phát sóng lúc {rng.randint(6, 10)}:00 sáng "
                     f"và phát lại vào buổi chiều cùng ngày.",
                     "Lịch phát sóng có thể thay đổi, khán giả vui lòng theo dõi thông báo trên sóng."]
        return "\n".join(lines).strip(), f"template={tpl},channel={ch},date={d}"

    def p_betting_law(self, rng, i):
        tpl = rng.randint(1, 5)
        p = rng.choice(self.provinces)
        date = rand_date(rng)
        d = date.strftime("%d/%m/%Y")
        n_acc = rng.randint(3, 40)
        money = rng.choice(["hơn 50 tỷ đồng", "khoảng 120 tỷ đồng", "hơn 1.000 tỷ đồng", "gần 300 tỷ đồng",
                            "hơn 20 tỷ đồng"])
        if tpl == 1:
            lines = ["Kinh doanh đặt cược đua ngựa, đua chó và bóng đá quốc tế: những điều cần biết",
                     "Nghị định 06/2017/NĐ-CP của Chính phủ quy định về kinh doanh đặt cược đua ngựa, đua chó và "
                     "đặt cược bóng đá quốc tế, có hiệu lực từ ngày 31/3/2017.",
                     "Theo nghị định, người tham gia đặt cược phải từ đủ 21 tuổi trở lên, có năng lực hành vi dân "
                     "sự đầy đủ. Đặt cược bóng đá quốc tế được thực hiện thí điểm trong thời hạn 5 năm, chỉ với "
                     "các trận đấu bóng đá quốc tế do cơ quan có thẩm quyền công bố.",
                     "Mức đặt cược tối thiểu là 10.000 đồng mỗi vé, tối đa 1.000.000 đồng mỗi ngày cho một người. "
                     "Doanh nghiệp chỉ được kinh doanh sau khi được cấp giấy chứng nhận đủ điều kiện.",
                     "Nghị định cũng nghiêm cấm lợi dụng hoạt động đặt cược để tổ chức đánh bạc, cho vay trái "
                     "phép, và cấm người dưới 21 tuổi tham gia.",
                     f"Theo các chuyên gia, việc hợp pháp hóa có kiểm soát giúp giảm tình trạng cá độ bóng đá qua "
                     f"mạng và tăng nguồn thu cho ngân sách nhà nước."]
        elif tpl == 2:
            lines = [rng.choice(["Thí điểm cho người Việt Nam vào chơi casino: kết quả sau nhiều năm",
                                 "Người Việt chơi casino: điều kiện và những con số", "Casino thí điểm cho người Việt"]),
                     "Theo Nghị định 03/2017/NĐ-CP về kinh doanh casino, người Việt Nam được thí điểm vào chơi "
                     "tại điểm kinh doanh casino ở Phú Quốc (Kiên Giang) và Vân Đồn (Quảng Ninh).",
                     "Người chơi phải từ đủ 21 tuổi, có thu nhập thường xuyên từ 10 triệu đồng mỗi tháng trở lên "
                     "và mua vé vào cửa 1 triệu đồng cho 24 giờ hoặc 25 triệu đồng cho một tháng.",
                     f"Theo báo cáo của Bộ Tài chính công bố ngày {d}, lượt người Việt vào chơi tại điểm thí điểm "
                     f"đạt khoảng {rng.randint(20, 90)}.000 lượt mỗi năm, số thuế tiêu thụ đặc biệt nộp ngân sách "
                     f"đạt {rng.randint(100, 900)} tỷ đồng.",
                     "Người thân của người chơi có thể đề nghị doanh nghiệp không cho người đó vào chơi, và "
                     "doanh nghiệp phải lắp camera giám sát, lưu trữ hình ảnh theo quy định.",
                     "Cơ quan quản lý đánh giá việc thí điểm cần tiếp tục theo dõi về tác động xã hội trước khi "
                     "quyết định mở rộng."]
        elif tpl == 3:
            lines = [f"Công an {self.place(p)} triệt phá đường dây cá độ bóng đá qua mạng {money}",
                     f"Ngày {d}, Công an {self.place(p)} cho biết đã khởi tố {n_acc} bị can về các tội tổ chức đánh "
                     f"bạc và đánh bạc, liên quan đường dây cá độ bóng đá qua mạng có tổng số tiền giao dịch {money}.",
                     f"Theo cơ quan điều tra, từ đầu năm {date.year - 1}, nhóm này thuê máy chủ ở nước ngoài, "
                     f"lập các trang web để người chơi đặt cược các trận đấu bóng đá, rồi chia thành nhiều cấp "
                     f"đại lý để thu tiền.",
                     f"Đối tượng cầm đầu là {self.person(rng)} ({rng.randint(25, 50)} tuổi, trú tại {self.place(p)}).",
                     "Cơ quan công an thu giữ nhiều điện thoại, máy tính, sổ sách ghi chép cùng tiền mặt và "
                     "phong tỏa các tài khoản ngân hàng liên quan.",
                     "Theo Điều 322 Bộ luật Hình sự, người tổ chức đánh bạc có thể bị phạt tù đến 10 năm; "
                     "người đánh bạc trái phép có thể bị xử lý theo Điều 321."]
        elif tpl == 4:
            years = rng.randint(3, 9)
            lines = [f"Tuyên án {n_acc} bị cáo trong vụ tổ chức đánh bạc qua mạng tại {self.place(p).removeprefix('tỉnh ')}",
                     f"Ngày {d}, Tòa án nhân dân {self.place(p)} mở phiên xét xử sơ thẩm {n_acc} bị cáo về tội "
                     "\"Tổ chức đánh bạc\" và \"Đánh bạc\" theo Điều 322 và Điều 321 Bộ luật Hình sự.",
                     f"Theo cáo trạng, các bị cáo tổ chức cho hàng trăm người cá độ bóng đá và chơi xổ số, lô đề "
                     f"trái phép qua các ứng dụng trên điện thoại với số tiền {money}.",
                     f"Hội đồng xét xử tuyên phạt bị cáo {self.person(rng)} {years} năm tù, các bị cáo còn lại "
                     f"từ {rng.randint(1, 2)} đến {years - 1} năm tù, một số bị cáo được hưởng án treo.",
                     "Tòa cũng tịch thu sung công quỹ nhà nước số tiền thu lợi bất chính."]
        else:
            lines = [rng.choice(["Cảnh báo thủ đoạn lôi kéo cá độ bóng đá mùa giải mới",
                                 "Cá độ qua mạng: nhiều người trắng tay, vướng vòng lao lý",
                                 "Đánh bạc qua mạng xử lý thế nào theo quy định pháp luật?"]),
                     f"Trước thềm các giải đấu lớn, công an nhiều địa phương, trong đó có {self.place(p).removeprefix('tỉnh ')}, cảnh báo người "
                     "dân về các trang cá cược trực tuyến trái phép quảng cáo trên mạng xã hội.",
                     "Các trang này thường đặt máy chủ ở nước ngoài, mời chào bằng khuyến mãi, rồi khóa tài khoản "
                     "khi người chơi thắng lớn. Người tham gia không chỉ mất tiền mà còn có thể bị xử lý hình sự.",
                     "Theo quy định hiện hành, người đánh bạc trái phép với số tiền hoặc hiện vật trị giá từ "
                     "5.000.000 đồng trở lên có thể bị truy cứu trách nhiệm hình sự theo Điều 321 Bộ luật Hình sự; "
                     "dưới mức này bị xử phạt vi phạm hành chính.",
                     "Người tổ chức đánh bạc, gá bạc bị xử lý theo Điều 322. Hình thức đặt cược hợp pháp duy nhất "
                     "là các loại hình được cấp phép theo Nghị định 06/2017/NĐ-CP và xổ số do nhà nước phát hành.",
                     f"Luật sư {self.person(rng)} khuyến cáo người dân không tham gia, không cho mượn tài khoản "
                     "ngân hàng để nhận chuyển tiền cá độ."]
        return "\n".join(lines), f"template={tpl},province={p[0]},date={d}"

    def p_site_name(self, rng, i):
        tpl = rng.randint(1, 4)
        p = rng.choice(self.provinces)
        date = rand_date(rng)
        d = date.strftime("%d/%m/%Y")
        if tpl == 1:
            site = self.site(rng, p)
            topic = rng.choice(["nhà", "học", "hội", "tuyển"])
            body = {
                "nhà": [f"{self.company(p)} bàn giao {rng.randint(10, 200)} căn nhà tình nghĩa",
                        f"Ngày {d}, {self.company(p)} phối hợp với Ủy ban Mặt trận Tổ quốc tỉnh bàn giao nhà tình "
                        f"nghĩa cho các hộ gia đình chính sách ở các xã vùng sâu, vùng xa của {self.place(p)}.",
                        f"Mỗi căn nhà trị giá {rng.randint(50, 90)} triệu đồng, trích từ quỹ phúc lợi của công ty."],
                "học": [f"Trao {rng.randint(100, 600)} suất học bổng cho học sinh nghèo vượt khó",
                        f"Sáng {d}, công ty tổ chức lễ trao học bổng cho học sinh có hoàn cảnh khó khăn trên địa bàn "
                        f"{self.place(p)}, mỗi suất {rng.choice(['1', '2', '3'])} triệu đồng.",
                        "Đây là hoạt động thường niên nhằm động viên các em vươn lên trong học tập."],
                "hội": [f"Hội nghị tổng kết hoạt động kinh doanh năm {date.year - 1}",
                        f"Năm {date.year - 1}, doanh thu bán vé đạt {rng.randint(2, 9)}.{rng.randint(100, 999)} tỷ "
                        f"đồng, nộp ngân sách {rng.randint(500, 2000)} tỷ đồng, chủ yếu dành cho giáo dục, y tế và "
                        "phúc lợi xã hội.", "Hội nghị cũng khen thưởng các đại lý có thành tích xuất sắc."],
                "tuyển": ["Thông báo tuyển dụng nhân viên", f"Công ty cần tuyển {rng.randint(1, 5)} nhân viên kế "
                          "toán và 2 nhân viên công nghệ thông tin. Hồ sơ gửi về phòng Tổ chức – Hành chính "
                          f"trước ngày {(date + datetime.timedelta(days=20)).strftime('%d/%m/%Y')}.",
                          "Yêu cầu: tốt nghiệp đại học chuyên ngành phù hợp, ưu tiên có kinh nghiệm."],
            }[topic]
            lines = [f"XỔ SỐ KIẾN THIẾT {p[0].upper()}",
                     "Trang chủ | Giới thiệu | Kết quả xổ số | Tin tức | Đại lý | Liên hệ", *body, "",
                     self.company(p), f"Địa chỉ: {self.address(rng, self.place(p))}",
                     f"Điện thoại: {self.landline(rng)} – Fax: {self.landline(rng)}",
                     f"Bản quyền © {date.year} {site.removeprefix('www.')}"]
        elif tpl == 2:
            name, addr = rng.choice(self.sites)
            a, b = rng.sample(self.vleague, 2)
            lines = [f"{name} – {addr}",
                     "Trang chủ  Bóng đá Việt Nam  Bóng đá quốc tế  Lịch thi đấu  Kết quả  Video",
                     f"{a[0]} tập trung chuẩn bị cho vòng đấu mới",
                     f"({name}) – Sau trận hòa với {b[0]}, {a[0]} đã trở lại tập luyện chiều {d} trên sân {a[1]}.",
                     f"Tiền vệ {self.person(rng)} đã bình phục chấn thương và có thể ra sân ở vòng tới. "
                     f"Ban huấn luyện cho các cầu thủ tập nhẹ để hồi phục thể lực.",
                     f"{self.person(rng)}", "",
                     f"Báo điện tử {name} | Giấy phép số {rng.randint(10, 500)}/GP-BTTTT",
                     f"Liên hệ quảng cáo: {self.landline(rng)} – Email: quangcao@{addr}",
                     f"© {date.year} {name}. Ghi rõ nguồn \"{addr}\" khi phát hành lại thông tin từ website này."]
        elif tpl == 3:
            name, addr = rng.choice(self.sites)
            lines = [f"{name.upper()}", f"Liên hệ – {name}",
                     f"Tòa soạn: {self.address(rng, rng.choice(['Hà Nội', 'TP. Hồ Chí Minh', 'Đà Nẵng']))}",
                     f"Đường dây nóng: {self.landline(rng)}", f"Email tòa soạn: toasoan@{addr}",
                     f"Liên hệ quảng cáo: Phòng Truyền thông – {self.landline(rng)}",
                     f"Bạn đọc gửi tin bài, hình ảnh về các giải đấu phong trào xin gửi về hộp thư của {addr}.",
                     f"Bản quyền © {date.year} {addr}. Tổng biên tập: {self.person(rng)}."]
        else:
            site = self.site(rng, p)
            lines = [f"Thông báo lịch nghỉ Tết của {self.company(p)}",
                     f"Công ty thông báo lịch nghỉ Tết Nguyên đán từ ngày {d}. Trong thời gian nghỉ, các kỳ mở "
                     "thưởng xổ số kiến thiết tạm ngưng và sẽ tiếp tục theo lịch thông thường sau Tết.",
                     "Vé số phát hành trước Tết vẫn có giá trị lĩnh thưởng theo thể lệ.",
                     f"Khách hàng tra cứu thông tin tại trang chủ {site} hoặc gọi {self.landline(rng)}.", "",
                     f"Xổ số kiến thiết {p[0]} – Vì sự nghiệp giáo dục, y tế và phúc lợi xã hội",
                     f"Bản quyền © {date.year} {site.removeprefix('www.')} – Liên hệ quảng cáo: {self.landline(rng)}"]
        return "\n".join(lines), f"template={tpl},province={p[0]}"

    # --- driver ----------------------------------------------------------------------------

    def rng(self, pattern, i):
        return random.Random(f"{self.a.seed}/{self.half}/{pattern}/{i}")

    def run(self):
        docs = []  # (pattern, label, text, detail)
        for pat in ["title", "doorway"]:
            self.each(docs, pat, "spam")
        self.p_tone_noise(docs)
        for pat in ["tracker", "links"]:
            self.each(docs, pat, "spam")
        self.p_injected(docs)
        self.p_injected(docs, short=True)
        self.p_injected_tiny(docs)
        self.p_rehosted(docs)
        for pat in ["lottery_results", "lottery_rules", "sports", "tv_schedule", "betting_law", "site_name"]:
            self.each(docs, pat, "clean")
        for d in self.corpus:
            if d.get("football"):
                docs.append(("corpus_football", "clean", d["text"], f"src={d['id']}"))
        lot = re.compile(r"xổ số|cá cược|casino|lô đề", re.I)
        for d in self.corpus:
            if not d.get("football") and lot.search(d["text"]):
                docs.append(("corpus_lottery", "clean", d["text"], f"src={d['id']}"))
        self.p_corpus_titles(docs)
        count = {}
        for pat, label, text, detail in docs:
            n = count.get(pat, 0)
            count[pat] = n + 1
            yield {"id": f"{pat}-{self.half}-{n:03d}", "text": nfc(text), "label": label, "pattern": pat,
                   "detail": detail}

    def each(self, docs, pat, label):
        fn = getattr(self, "p_" + pat)
        for i in range(self.a.n):
            text, detail = fn(self.rng(pat, i), i)
            docs.append((pat, label, text, detail))


# ---------------------------------------------------------------------------------------------
# Tone-mark noise

TONES = "\u0300\u0301\u0303\u0309\u0323"
VOWELS = set("aeiouyAEIOUY")
WORD = re.compile(r"\w+", re.UNICODE)


def noisy_word(rng, word):
    """The word with marks strewn so that it carries two tone marks or one in an impossible place
    ("giới" -> "gìớí", "thảo" -> "thảò", "luôn" -> "lũôn", "yêu" -> "ỳêu"); None if it has < 2 vowels."""
    cl = []  # [base, vowel modifiers, tone] per letter, from NFD
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch) and cl:
            cl[-1][2 if ch in TONES else 1] += ch
        else:
            cl.append([ch, "", ""])
    vi = [i for i, c in enumerate(cl) if c[0] in VOWELS]
    if len(vi) < 2 or any(c[0].isdigit() for c in cl):
        return None
    toned = [i for i in vi if cl[i][2]]
    bare = [i for i in vi if not cl[i][2]]
    modified = [i for i in vi if cl[i][1]]
    if not bare:
        return None
    if toned:
        t = toned[0]
        if rng.random() < 0.3 and t in modified:
            # move the mark off the vowel that must carry it: "người" -> "ngừơi", "quốc" -> "qúôc"
            j = rng.choice([i for i in vi if i != t])
            cl[j][2], cl[t][2] = cl[t][2], ""
            if rng.random() < 0.3:
                cl[t][2] = rng.choice(TONES)
        else:  # a second (and third) mark: "thảo" -> "thảò", "giới" -> "gìớí"
            for j in rng.sample(bare, k=rng.randint(1, min(2, len(bare)))):
                cl[j][2] = rng.choice(TONES)
    else:
        wrong = [i for i in vi if i != modified[-1]] if modified else []
        if wrong and rng.random() < 0.6:  # a mark where none can go: "luôn" -> "lũôn", "yêu" -> "ỳêu"
            cl[rng.choice(wrong)][2] = rng.choice(TONES)
        else:  # two marks on a toneless word: "hoa" -> "hòá"
            for j in rng.sample(vi, k=2):
                cl[j][2] = rng.choice(TONES)
    return nfc("".join(b + m + t for b, m, t in cl))


def add_tone_noise(rng, text, r):
    words = list(WORD.finditer(text))
    cands = [m for m in words if noisy_word(random.Random(0), m.group(0)) is not None]
    k = min(len(cands), max(1, round(r * len(words))))
    chosen = sorted(rng.sample(cands, k=k), key=lambda m: m.start())
    out, last = [], 0
    for m in chosen:
        out.append(text[last:m.start()])
        out.append(noisy_word(rng, m.group(0)))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------

def prev_result(rng):
    x, y = sorted([rng.randint(0, 4), rng.randint(0, 4)], reverse=True)
    return rng.choice([f"thắng {x}-{y}" if x > y else f"hòa {x}-{x}", f"thua {y}-{x}" if x > y else f"hòa {y}-{y}"])


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def weekday(date):
    return WEEKDAYS[date.weekday()]


def rand_date(rng):
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 3 * 365))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--half", choices=["tune", "held"], default="tune")
    ap.add_argument("--n", type=int, default=40, help="documents per synthetic pattern (and injected)")
    ap.add_argument("--out", help="output JSON lines (standard output when absent)")
    ap.add_argument("--corpus-dir", default=str(SHARED / "corpus"))
    ap.add_argument("--lists-dir", default=str(SHARED / "lists"))
    ap.add_argument("--eval-dir", default=str(SHARED / "eval"))
    a = ap.parse_args()
    g = Gen(a)
    out = open(a.out, "w", encoding="utf-8") if a.out else sys.stdout
    counts = {}
    for rec in g.run():
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        counts[rec["pattern"]] = counts.get(rec["pattern"], 0) + 1
    if a.out:
        out.close()
    print(f"gen_pages: {sum(counts.values())} documents ({a.half}): "
          + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
