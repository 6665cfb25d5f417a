#!/usr/bin/env python3
"""Regenerate data/domain_words.tsv: the words that Vietnamese gambling and adult domain
names are made of, and in how many names each occurs.

Spam domain names glue spam vocabulary together ("phimsexhay", "xemsex", "nhacaiuytin",
"fb88vip", "kubet"): split into words, they show which words live in spam ("sex", "bet",
"88", "vip", "kubet") whatever phrase carries them. The detector weighs each word's share
of these names against its frequency in Wikipedia (data/unmarked.tsv, data/tokens.tsv): a
word spam uses and real text rarely does is evidence for a phrase no list names.

Each registrable label (the part before the public suffix, hyphens dropped) counts once
per list. It is split into runs of letters and of digits; a letter run counts as a word
itself and, split into Vietnamese syllable skeletons and common ASCII words by the fewest
pieces (unknown stretches cost more), as its pieces ("phimsexhay" -> phimsexhay, phim,
sex, hay). Words in at least 3 labels of a list are kept.

Sources: bigdargon/hostsVN @ 83537cc, extensions/source/{gambling,adult}-VN.txt (MIT
License, Copyright (c) 2026 BigDargon; see LICENSE.hostsVN beside the lists).

usage (from the repository root):
    python3 scripts/gen_vocab.py [--lists ../shared/lists]           rewrite the file
    python3 scripts/gen_vocab.py [--lists ../shared/lists] --check   exit 1 if it would change
"""
import argparse, re, sys, unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_lexicon import SUFFIX2, read_domains  # noqa: E402

MIN_LABELS = 3
# ASCII words that segmentation may use: those Wikipedia writes at least this often.
MIN_WORD_COUNT = 20


def skeleton(s):
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return "".join(c for c in s if not unicodedata.combining(c))


def registrable(domain):
    parts = domain.split(".")
    if len(parts) >= 3 and ".".join(parts[-2:]) in SUFFIX2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


class Segmenter:
    def __init__(self, words):
        self.words = words

    def split(self, s):
        """The pieces of `s` by the fewest known words; an unknown stretch costs 3 plus
        its length, so that known words are preferred to anything else."""
        n = len(s)
        best = [(0, [])] + [None] * n
        for i in range(1, n + 1):
            for j in range(max(0, i - 12), i):
                if best[j] is None:
                    continue
                piece = s[j:i]
                cost = 1 if piece in self.words else 3 + len(piece)
                c = (best[j][0] + cost, best[j][1] + [piece])
                if best[i] is None or c[0] < best[i][0]:
                    best[i] = c
        return best[n][1]


def count(domains, seg):
    counts = Counter()
    for label in sorted({registrable(d).replace("-", "").replace("_", "") for d in domains}):
        words = set()
        for run in re.findall(r"[a-z]+|[0-9]+", label):
            words.add(run)
            if run.isalpha() and len(run) > 3:
                words.update(p for p in seg.split(run) if p in seg.words)
        counts.update(words)
    return counts


def render(gambling, adult):
    # Single letters and digits are no words ("k8", "v9": parts of names).
    keep = sorted(w for w in set(gambling) | set(adult) if len(w) >= 2
                  and (gambling[w] >= MIN_LABELS or adult[w] >= MIN_LABELS))
    lines = [
        "# word<TAB>gambling domain names holding it<TAB>adult domain names holding it",
        "# Words of the registrable labels of bigdargon/hostsVN @ 83537cc,",
        "# extensions/source/{gambling,adult}-VN.txt (MIT License, Copyright (c) 2026",
        "# BigDargon; see LICENSE.hostsVN beside the lists). Regenerate with",
        "# scripts/gen_vocab.py; do not edit.",
        f"# labels: {gambling['']}\t{adult['']}",
    ]
    lines += [f"{w}\t{gambling[w]}\t{adult[w]}" for w in keep]
    return "\n".join(lines) + "\n"


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lists", type=Path, default=root.parent / "shared" / "lists")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    words = set()
    for line in open(root / "data" / "syllables.txt", encoding="utf-8"):
        if line.strip():
            words.add(skeleton(line.strip()))
    for line in open(root / "data" / "tokens.tsv", encoding="utf-8"):
        if line.startswith("#"):
            continue
        w, n = line.rstrip("\n").split("\t")[:2]
        if int(n) >= MIN_WORD_COUNT and w.isalpha():
            words.add(w)
    seg = Segmenter(words)
    counts = {}
    for name in ("gambling", "adult"):
        domains = read_domains(a.lists / f"{name}-domains-vn.txt")
        c = count(domains, seg)
        c[""] = len({registrable(d) for d in domains})
        counts[name] = c
    text = render(counts["gambling"], counts["adult"])
    out = root / "data" / "domain_words.tsv"
    if a.check:
        sys.exit(0 if out.exists() and out.read_text(encoding="utf-8") == text else 1)
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
