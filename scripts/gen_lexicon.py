#!/usr/bin/env python3
"""Regenerate the brand section of data/lexicon.tsv from the hostsVN domain lists.

data/lexicon.tsv has two parts. Everything down to and including the marker line

    # --- generated brands below: scripts/gen_lexicon.py ---

is hand-curated and kept byte for byte. Everything below the marker is rewritten
by this script from

    <lists>/gambling-domains-vn.txt   -> category "brand"
    <lists>/adult-domains-vn.txt      -> category "adult"

(bigdargon/hostsVN @ 83537cc, extensions/source/{gambling,adult}-VN.txt, MIT licence;
see <lists>/LICENSE.hostsVN. The notice is repeated in the generated section.)

How a brand is found. The registrable label of each domain ("www.thethaofb88.com" ->
"thethaofb88") has its hyphens dropped and known affix words stripped from both ends
("link", "vao", "dangky", "thethao", "nhacai", "vn", "vietnam", ...). What is left is
the label's core; a core and its run prefixes ("fb88wow" -> "fb88", "w88bkk" -> "w88",
split at letter/digit boundaries) are the candidates. A candidate is kept when it is
distinctive:

* letters and digits mixed (fb88, 188bet, 789win, i9bet): seen in at least 2 distinct
  labels, or a whole core of at least 5 characters whose letter part is not a common
  word; a single letter + number (w88, m88) only with a "lucky" number, never things
  like b52, u23, f1 that real news writes;
* letters only (kubet, sunwin, hitclub): at least 5 characters, seen in at least 3
  distinct labels, and not a concatenation of Vietnamese syllables (data/syllables.txt,
  folded) and neutral short words (vn, tv, club, live, ...): so "xoso", "sodo", "thiendia"
  and "lucky" are rejected;
* never a token in STOP (alphanumerics that ordinary text uses) and never one already
  covered by a hand-curated phrase written without spaces.

Every brand gets weight 1.0 and flags "suspect,glue" (only "suspect" when shorter than
4 characters or in NO_GLUE, the brands that scripts/check_lexicon.py finds inside
ordinary words). The output is sorted and deterministic.

usage (from the repository root):
    python3 scripts/gen_lexicon.py [--lists ../shared/lists]          rewrite data/lexicon.tsv
    python3 scripts/gen_lexicon.py [--lists ../shared/lists] --check  exit 1 if it would change
"""
import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

MARKER = "# --- generated brands below: scripts/gen_lexicon.py ---"
SOURCE = "bigdargon/hostsVN @ 83537cc, extensions/source/{gambling,adult}-VN.txt"

# Public suffixes of two labels that occur in the lists (the registrable label is the
# one before them).
SUFFIX2 = {
    "com.vn", "net.vn", "org.vn", "edu.vn", "info.vn", "biz.vn", "pro.vn", "co.uk",
    "com.br", "com.co", "co.in", "com.ph", "co.com", "us.com", "com.au", "blogspot.com",
    "com.ru", "co.id", "web.app", "github.io", "pages.dev", "netlify.app", "vercel.app",
}

# Top-level domains that are part of a brand when written together ("sun.win" is SunWin).
BRAND_TLDS = {"win", "bet", "club", "vip", "vin", "fun"}

# Affix words stripped from both ends of a label, longest first. They are the glue of
# spam domain names, not brands.
PREFIXES = sorted({
    "www", "wap", "mobile", "link", "links", "linkvao", "vao", "vaoo", "vo", "dangky",
    "dangki", "dk", "dangnhap", "trangchu", "trangchinh", "nhacai", "thethao", "tt",
    "casino", "gamebai", "game", "taiapp", "tai", "app", "download", "khuyenmai", "km",
    "soikeo", "keo", "uytin", "chinhthuc", "chinhhang", "vip", "new", "moi", "official",
    "web", "site", "nap", "rut", "choi", "trochoi", "sieu",
}, key=len, reverse=True)
SUFFIXES = sorted({
    "vn", "vnn", "vnd", "vietnam", "viet", "vina", "asia", "online", "com", "net", "org",
    "info", "pro", "top", "tv", "live", "app", "apk", "link", "links", "mobile", "mobi",
    "casino", "thethao", "game", "games", "uytin", "chinhthuc", "chinhhang", "official",
    "vao", "moi", "nhat", "hay", "site", "web",
    "login", "dangky", "khuyenmai", "nhacai", "the", "sport", "sports",
}, key=len, reverse=True)

# Short words that, glued to Vietnamese syllables, still make an ordinary-looking token.
NEUTRAL = {
    "vn", "tv", "hd", "live", "online", "pro", "top", "hot", "new", "net",
    "web", "blog", "mobi", "app", "game", "games", "sport", "sports", "news", "info",
    "shop", "store", "link", "clip", "phim", "sub", "com", "fun", "king", "star", "gold",
    "lucky", "luck", "five", "ball", "goal", "one", "day", "max", "sky", "red", "sun",
    "mega", "super", "happy", "love", "family", "city", "land", "world", "plus", "zone",
    "team", "group", "media", "studio", "best", "free", "play", "player", "style",
    "fifa", "asia", "euro", "royal", "grand", "power", "magic", "smart",
}

# Generic parts of gambling names: a brand needs something more ("sunwin", "hitclub").
GENERIC = {
    "bet", "win", "club", "vip", "vn", "viet", "online", "pro", "top", "game", "casino",
    "live", "tv", "net", "com", "app", "fun", "vin", "play", "sport",
}

# Words that end a gambling brand ("kuwin", "188bet", "hitclub").
GAMBLING_WORDS = {"bet", "win", "club", "vip", "fun", "live"}
GAMBLING_END = "(?:bet|win|club|vip)$"

# Tails of variant names ("k8vn" is K8 again).
TAILS = NEUTRAL | {"vn", "cc", "vip", "tip", "link", "viet", "asia", "vina", "game"}

# Units and currencies written after numbers ("68gb", "8vnd" are amounts, not brands).
UNITS = {
    "vnd", "usd", "eur", "k", "m", "tr", "ty", "kg", "g", "km", "cm", "mm", "m2", "gb",
    "mb", "kb", "tb", "h", "p", "s", "ml", "l", "kw", "w", "v", "hz", "ghz", "mhz",
    "x", "d", "dong", "ha", "tan", "lit", "inch", "fps", "hp",
}

# English and other words that are not brands, whatever the lists say.
ENGLISH = {
    "lucky", "casino", "poker", "sport", "sports", "football", "soccer", "online",
    "mobile", "games", "gaming", "betting", "lottery", "jackpot", "winner", "bingo",
    "slots", "royal", "money", "mania", "magic", "asian", "china", "korea", "japan",
    "thai", "macau", "vegas", "dragon", "tiger", "golden", "diamond", "crown", "empire",
    "palace", "queen", "prince", "master", "legend", "hentai", "porn", "sexy", "video",
    "videos", "movie", "movies", "photo", "photos", "tube", "girls", "girl", "china",
    "winner", "alphabet", "club", "lives", "clubs", "tablet", "outlet",
    "bullet", "wallet", "toilet", "pallet", "sherbet", "abet", "gamble", "goal",
}

# Alphanumerics that ordinary text uses (aircraft, teams, vehicles, devices, codes).
STOP = {
    "b52", "b29", "u17", "u19", "u20", "u21", "u22", "u23", "f1", "f5", "f16", "f35",
    "a320", "a321", "a350", "a380", "b737", "b747", "b777", "b787", "mp3", "mp4", "4g",
    "5g", "3g", "g7", "g20", "h5n1", "h1n1", "covid19", "sars2", "c919", "t90", "su30",
    "mig21", "ak47", "m16", "x5", "s500", "s400", "iphone11", "iphone12", "iphone13",
    "win10", "win11", "vtv1", "vtv2", "vtv3", "vtv6", "htv7", "k50", "k14", "k8",
    "bk8", "v9", "i9", "s1", "s2", "q1", "q7", "p2p", "b2b", "b2c", "24h", "365",
    "top10", "top5", "web3", "k9", "f88",
}

# An adult token must show what it is.
ADULT_MARKERS = ("sex", "xx", "jav", "porn", "hentai", "69", "heo", "nung", "gaigoi", "gaigu")

# Airline codes: "VN88", "QH99", "VJ123" are flight numbers in the news.
AIRLINES = {"vn", "vj", "qh", "bl", "vu", "0v"}

# Brands that scripts/check_lexicon.py found inside ordinary words of the clean corpus
# (Hokkaido's "-betsu" towns, "Nekhbet", "Sipaliwini"): matched as whole tokens only.
NO_GLUE = {"kubet", "nbet", "hbet", "iwin"}

# "Lucky" numbers that make a single letter + number a brand (w88, m88, v99).
LUCKY = re.compile(r"^(?:8+|9+|6+|68|86|79|789|388|868|368|168|777|6868|8888)$")


def fold(s):
    """Lower-case, toneless ASCII; runs of anything but a-z0-9 become one space."""
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def registrable(domain):
    parts = domain.lower().strip().rstrip(".").split(".")
    if len(parts) >= 3 and ".".join(parts[-2:]) in SUFFIX2:
        return parts[-3], ".".join(parts[-2:])
    if len(parts) >= 2:
        return parts[-2], parts[-1]
    return parts[0], ""


def read_domains(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(line.lower())
    return sorted(out)


def strip_affixes(label):
    changed = True
    while changed:
        changed = False
        for p in PREFIXES:
            rest = label[len(p):]
            # keep at least 3 characters and never cut a word in two letters-to-letters
            # when what is left starts with a digit run only (e.g. "tai" + "88" is kept)
            if label.startswith(p) and len(rest) >= 3 and not rest.isdigit():
                label, changed = rest, True
                break
        for s in SUFFIXES:
            rest = label[: -len(s)]
            if label.endswith(s) and len(rest) >= 3 and not rest.isdigit():
                label, changed = rest, True
                break
    return label


def runs(s):
    return re.findall(r"[a-z]+|[0-9]+", s)


class Words:
    """Segmentation of a letter string into Vietnamese syllables and neutral words."""

    def __init__(self, syllables):
        self.vocab = syllables | NEUTRAL
        self.cache = {}

    def generic(self, s):
        """Made only of the generic words of gambling names ("betwin", "winvn", "club")."""
        return s == "" or any(
            s.startswith(w) and self.generic(s[len(w):]) for w in GENERIC)

    def segmentable(self, s):
        if s in self.cache:
            return self.cache[s]
        ok = s == ""
        if not ok:
            for i in range(1, min(len(s), 7) + 1):
                if s[:i] in self.vocab and self.segmentable(s[i:]):
                    ok = True
                    break
        self.cache[s] = ok
        return ok


def candidates(core):
    """The run prefixes of a core that contain a letter ("fb88wow" -> fb88, fb88wow)."""
    rs = runs(core)
    out = set()
    for j in range(1, min(len(rs), 3) + 1):
        c = "".join(rs[:j])
        if re.search("[a-z]", c):
            out.add(c)
    return out


def starts(c, core):
    """core starts with c without cutting a number ("fb8" does not start "fb88")."""
    return core.startswith(c) and not (
        c[-1].isdigit() and len(core) > len(c) and core[len(c)].isdigit())


def is_mixed(t):
    return bool(re.search("[a-z]", t)) and bool(re.search("[0-9]", t))


def keep_mixed(t, n, single, words):
    """Letters and digits: t seen in n registrable domains; single: t is a whole core."""
    rs = runs(t)
    letters = [r for r in rs if r.isalpha()]
    digits = [r for r in rs if r.isdigit()]
    if len(t) < 3 or t in STOP or len(rs) > 3:
        return False
    if rs[-1].isalpha() and len(rs[-1]) == 1 and len(t) > 3:
        return False  # "b52d", "win888b": a variant letter on something else
    if any(len(d) > 4 for d in digits) or (rs[0].isdigit() and rs[-1] in UNITS):
        return False  # phone numbers, dates, "68gb", "8vnd"
    if len(rs) == 3 and rs[0] + rs[1] in STOP and rs[2] in TAILS:
        return False  # "k8vn", "k9vn": a stop token and an affix
    lucky = all(LUCKY.match(d) for d in digits)
    if rs[0] in AIRLINES and len(rs) == 2:
        return False
    if rs[0].isalpha():
        if len(rs) == 2 and (len(rs[0]) == 1 and not lucky or len(rs[1]) == 1):
            return False  # "u23", "b52", "son1", "gem1": a letter or word and a number
        if not lucky and all(words.segmentable(l) for l in letters):
            return False  # "max10", "vn500": a word and a number
        if not lucky and len(rs) == 2 and n < 3:
            return False  # "zo10", "ku11": rare and number-like
    elif len(rs) == 2:
        word = rs[1]
        if not (word in GAMBLING_WORDS or re.fullmatch("[a-z]{1,2}bet", word)):
            return False  # "88vn", "88cado", "8daybet": a number and a word or a phrase
    if n >= 2:
        return True
    # seen once: only a whole core of a common brand shape, "new88", "188bet"
    if not single or len(rs) != 2:
        return False
    return rs[0].isdigit() or (lucky and 2 <= len(rs[0]) <= 5)


def keep_letters(t, n, single, words):
    if len(t) < 4 or t in ENGLISH or t in STOP or words.generic(t):
        return False
    if words.segmentable(t):
        return False
    if n >= (3 if len(t) >= 5 else 5):
        return True
    # seen once or twice: a short stem and a gambling word, "kuwin", "okvip", "oxbet"
    stem = re.sub(GAMBLING_END, "", t)
    return single and len(t) >= 5 and stem != t and 2 <= len(stem) <= 5


def extract(domains, words, adult):
    regs = set()  # (label, tld)
    for d in domains:
        lab, tld = registrable(d)
        lab = lab.replace("-", "").replace("_", "")
        if re.fullmatch("[a-z0-9]+", lab):
            regs.add((lab, tld))
            if tld in BRAND_TLDS and not lab.isalpha():
                regs.add((lab + tld, ""))  # "789.win" -> 789win
    # one core per registrable domain: "kuwin.com" and "kuwin.bet" count twice
    cores = [strip_affixes(lab) for lab, _ in sorted(regs)]
    whole = set(cores)
    cands = set()
    for core in whole:
        cands |= candidates(core)
    count = Counter()
    for core in cores:
        for c in candidates(core):
            count[c] += 1
    out = set()
    for t in sorted(cands):
        n = count[t]
        if is_mixed(t):
            ok = keep_mixed(t, n, t in whole, words)
        else:
            ok = keep_letters(t, n, t in whole, words)
        if ok and adult:
            ok = n >= 2 and any(m in t for m in ADULT_MARKERS)
        if ok:
            out.add(t)
    return drop_redundant(out)


def is_glue(t):
    return len(t) >= 4 and t not in NO_GLUE


def drop_redundant(tokens):
    """Drop a token that starts with a kept glue token (4+ characters), is a number and
    one ("5shbet"), or, if it is all letters, contains one: the matcher finds glue tokens inside glued words anyway
    ("fb88" covers "fb88vip", "kubet" covers "kubet88" and "mykubet")."""
    glue = sorted((t for t in tokens if is_glue(t)), key=len)
    out = set()
    for t in tokens:
        if any(g != t and (t.startswith(g) or t.isalpha() and g in t[2:]
                           or t.endswith(g) and g[0].isalpha() and t[: -len(g)].isdigit())
               for g in glue):
            continue
        out.add(t)
    return out


def load_syllables(root):
    syl = set()
    for line in open(root / "data" / "syllables.txt", encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            syl.add(fold(line).replace(" ", ""))
    return syl


def curated_glued(head_lines):
    """Space-free folded forms that the hand-curated part already matches: its single-token
    entries, and the glued form of its `glue` entries."""
    out = set()
    for line in head_lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        folded = fold(cols[0])
        if " " not in folded or (len(cols) > 3 and "glue" in cols[3].split(",")):
            out.add(folded.replace(" ", ""))
    return out


def render(gambling, adult):
    lines = [
        MARKER,
        "# Brand tokens derived from the registrable labels of the domain lists of",
        f"# {SOURCE}.",
        "# hostsVN: Copyright (c) 2026 BigDargon, MIT License (see LICENSE.hostsVN beside",
        "# the lists). Permission is hereby granted, free of charge, to any person",
        "# obtaining a copy of this software and associated documentation files, to deal",
        "# in the Software without restriction, subject to including the copyright notice",
        "# and permission notice in all copies or substantial portions of the Software.",
        "# THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.",
        "# Do not edit below this line: edit scripts/gen_lexicon.py and rerun it.",
        "",
        f"# == brand (gambling-VN): {len(gambling)} ==",
    ]
    for t in sorted(gambling):
        flags = "suspect,glue" if is_glue(t) else "suspect"
        lines.append(f"{t}\tbrand\t1.0\t{flags}")
    lines += ["", f"# == adult (adult-VN): {len(adult)} =="]
    for t in sorted(adult):
        flags = "suspect,glue" if is_glue(t) else "suspect"
        lines.append(f"{t}\tadult\t1.0\t{flags}")
    return "\n".join(lines) + "\n"


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lists", type=Path, default=root.parent / "shared" / "lists")
    ap.add_argument("--lexicon", type=Path, default=root / "data" / "lexicon.tsv")
    ap.add_argument("--check", action="store_true", help="exit 1 if the file would change")
    a = ap.parse_args()

    text = a.lexicon.read_text(encoding="utf-8") if a.lexicon.exists() else ""
    lines = text.split("\n")
    if MARKER in lines:
        head = lines[: lines.index(MARKER)]
    else:
        head = [l for l in lines]
        while head and head[-1] == "":
            head.pop()
        head.append("")
    covered = curated_glued(head)

    syllables = load_syllables(root)
    words = Words(syllables)
    gambling = extract(read_domains(a.lists / "gambling-domains-vn.txt"), words, False)
    adult = extract(read_domains(a.lists / "adult-domains-vn.txt"), words, True)
    gambling -= covered
    adult -= covered | gambling

    new = "\n".join(head) + "\n" + render(gambling, adult)
    if a.check:
        if new != text:
            print(f"{a.lexicon}: brand section is out of date; run scripts/gen_lexicon.py",
                  file=sys.stderr)
            return 1
        return 0
    a.lexicon.write_text(new, encoding="utf-8")
    print(f"{a.lexicon}: {len(gambling)} brand, {len(adult)} adult tokens", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
