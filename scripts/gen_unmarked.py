#!/usr/bin/env python3
"""Regenerate data/unmarked.tsv: how often each unaccented syllable skeleton is
written without any mark in real Vietnamese text.

"lich" is almost always written "lịch", so an unaccented "lich" amid accented
text is a sign of injected SEO spam; "trong", "cho", "anh" are ordinary words
unaccented. The n-gram detector reads these rates.

Built from the Vietnamese Wikipedia part of the corpus only (CC BY-SA 3.0),
so the table may ship: the `viwiki` documents of train.jsonl and wiki-lm.jsonl.

It also writes data/plain_bigrams.tsv: pairs of syllables that real text
writes bare together at least a third of the time ("tai nghe", "gia lai",
"ban nha"), so that a bare pair of otherwise suspicious words is not taken
for spam; and data/tokens.tsv: how often real text uses each ASCII word that
is not a syllable skeleton ("club", "live", "sex", "u23"), so that spam
vocabulary can be told from the foreign words and codes of ordinary text.

usage: scripts/gen_unmarked.py ../shared/corpus   (writes the three files under data/)
"""
import json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")


def skeleton(s):
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d").replace("\u0111", "d")
    return "".join(c for c in s if not unicodedata.combining(c)).replace("đ", "d")


def main():
    corpus = Path(sys.argv[1])
    root = Path(__file__).resolve().parent.parent
    skeletons = set()
    for line in open(root / "data" / "syllables.txt", encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            skeletons.add(skeleton(line))
    total, plain, capital = Counter(), Counter(), Counter()
    foreign, foreign_capital = Counter(), Counter()
    words = 0
    bi_total, bi_plain = Counter(), Counter()
    files = [(corpus / "train.jsonl", True), (corpus / "wiki-lm.jsonl", False)]
    for path, filter_wiki in files:
        for line in open(path, encoding="utf-8"):
            d = json.loads(line)
            if filter_wiki and not d["id"].startswith("viwiki"):
                continue
            prev = None
            text = unicodedata.normalize("NFC", d["text"])
            last_end = -1
            for m in WORD.finditer(text):
                raw = m.group(0)
                w = raw.lower()
                k = skeleton(w)
                words += 1
                # Capitalised, and not because a sentence starts here.
                before = text[:m.start()].rstrip(" ")
                named = raw[0].isupper() and not (before == "" or before[-1] in ".!?:\n\"“'(-")
                if k not in skeletons:
                    if w.isascii() and w.isalnum() and not w.isdigit():
                        foreign[w] += 1
                        foreign_capital[w] += named
                    prev = None
                    continue
                total[k] += 1
                plain[k] += w == k
                capital[k] += named
                # Pairs only across a single space.
                if prev is not None and text[last_end:m.start()] == " ":
                    pk = prev[1] + " " + k
                    bi_total[pk] += 1
                    bi_plain[pk] += prev[0] == prev[1] and w == k
                prev = (w, k)
                last_end = m.end()
    head = ("# Counted over Vietnamese Wikipedia (CC BY-SA 3.0): the viwiki documents of\n"
            "# train.jsonl and wiki-lm.jsonl. Regenerate with scripts/gen_unmarked.py.\n")
    with open(root / "data" / "unmarked.tsv", "w", encoding="utf-8") as f:
        f.write("# skeleton<TAB>occurrences<TAB>written unaccented<TAB>capitalised mid-sentence\n"
                + head)
        for k in sorted(total):
            if total[k] >= 3:
                f.write(f"{k}\t{total[k]}\t{plain[k]}\t{capital[k]}\n")
    with open(root / "data" / "plain_bigrams.tsv", "w", encoding="utf-8") as f:
        f.write("# syllable pair<TAB>occurrences<TAB>written unaccented (pairs bare >= 1/3 of the time)\n" + head)
        for k in sorted(bi_plain):
            if bi_plain[k] >= 3 and bi_plain[k] * 3 >= bi_total[k]:
                f.write(f"{k}\t{bi_total[k]}\t{bi_plain[k]}\n")
    with open(root / "data" / "tokens.tsv", "w", encoding="utf-8") as f:
        f.write("# ASCII word that is no syllable skeleton<TAB>occurrences (at least 5)"
                "<TAB>capitalised mid-sentence\n" + head)
        f.write(f"# words in all: {words}\n")
        for k in sorted(foreign):
            if foreign[k] >= 5:
                f.write(f"{k}\t{foreign[k]}\t{foreign_capital[k]}\n")


if __name__ == "__main__":
    main()
