#!/usr/bin/env python3
"""False-positive check of data/lexicon.tsv on clean Vietnamese text.

Folds each document the way the matcher does (NFD, combining marks dropped, đ/Đ -> d,
lower case, every run of anything but a-z0-9 -> one space), keeping a map back to the
source, and reports for every entry:

  (a) unaccented  whole-token matches whose source span is written without any accent
                  while the entry has accents ("bong da" for "bóng đá"): what the
                  detector flags as missing-accent spam; must be ~0 in real news.
  (b) suspect     whole-token matches of `suspect` entries written with accents, or of
                  ASCII suspect entries (brands): strong hits; must be ~0. Split into
                  (b1) the entry's own spelling ("soi kèo") and (b2) other words that
                  fold the same ("dân dễ" for "dàn đề"): b2 hits matter only to a
                  detector that does not compare the accents of an accented match.
  (c) glue        `glue` entries found inside a longer folded token ("fb88" in "fb88vn"):
                  must be 0, or the entry loses its glue flag.

Only the clean corpus splits that may be used for tuning are read (dev and train; never
test.jsonl). Prints counts, then every hit with a short context.

usage (from the repository root):
    python3 scripts/check_lexicon.py [--corpus ../shared/corpus] [--lexicon data/lexicon.tsv]
exit status: 0 if there is no hit other than (b2), 1 otherwise.
"""
import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

SPLITS = ("dev.jsonl", "train.jsonl")


def fold_char(c, cache={}):
    r = cache.get(c)
    if r is None:
        s = unicodedata.normalize("NFD", c).replace("đ", "d").replace("Đ", "d")
        s = "".join(x for x in s if not unicodedata.combining(x)).lower()
        # (Letters of scripts without case or marks, Han, kana, Hangul, are
        # kept as the matcher keeps them.)
        r = s if s.isalnum() and (s.isascii() or ord(c) >= 0x2E80) else " "
        cache[c] = r
    return r


def fold(s):
    return " ".join("".join(fold_char(c) for c in s).split())


def fold_tokens(text):
    """[(folded token, source start, source end)]"""
    out, cur, start = [], [], None
    for i, c in enumerate(text):
        f = fold_char(c)
        if f == " ":
            if cur:
                out.append(("".join(cur), start, i))
                cur = []
            continue
        if not cur:
            start = i
        cur.append(f)
    if cur:
        out.append(("".join(cur), start, len(text)))
    return out


def spell(s):
    """Lower case, words joined by one space, accents kept."""
    return " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", s).lower()))


def marked(s):
    """Written with Vietnamese marks (Han or kana has none)."""
    d = unicodedata.normalize("NFD", s)
    return "đ" in s.lower() or any(unicodedata.combining(x) for x in d)


def load_lexicon(path):
    entries = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            sys.exit(f"{path}:{n}: expected 4 tab-separated columns")
        phrase, cat, weight, flags = cols
        flags = set() if flags == "-" else set(flags.split(","))
        entries.append(dict(line=n, phrase=phrase, cat=cat, weight=float(weight),
                            flags=flags, tokens=fold(phrase).split(),
                            accented=marked(phrase)))
    return entries


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=root.parent / "shared" / "corpus")
    ap.add_argument("--lexicon", type=Path, default=root / "data" / "lexicon.tsv")
    ap.add_argument("--max-context", type=int, default=5, help="contexts shown per entry")
    a = ap.parse_args()

    entries = load_lexicon(a.lexicon)
    by_first = defaultdict(list)
    for e in entries:
        by_first[e["tokens"][0]].append(e)
    glue = [e for e in entries if "glue" in e["flags"]]
    glue_forms = {"".join(e["tokens"]): e for e in glue}
    glue_re = re.compile("|".join(sorted(map(re.escape, glue_forms), key=len, reverse=True)))

    hits = {k: defaultdict(list) for k in ("a", "b1", "b2", "c")}
    docs = 0
    for split in SPLITS:
        for line in open(a.corpus / split, encoding="utf-8"):
            d = json.loads(line)
            text = unicodedata.normalize("NFC", d["text"])
            docs += 1
            toks = fold_tokens(text)
            words = [t for t, _, _ in toks]
            for i, w in enumerate(words):
                for e in by_first.get(w, ()):
                    k = len(e["tokens"])
                    if words[i:i + k] != e["tokens"]:
                        continue
                    s, t = toks[i][1], toks[i + k - 1][2]
                    span = text[s:t]
                    ctx = text[max(0, s - 50):t + 50].replace("\n", " ")
                    hit = (d["id"], span, ctx)
                    if e["accented"] and span.isascii():
                        hits["a"][e["line"]].append(hit)
                    elif "suspect" in e["flags"]:
                        k2 = "b1" if spell(span) == spell(e["phrase"]) else "b2"
                        hits[k2][e["line"]].append(hit)
            for w, s, t in toks:
                if w in glue_forms or not glue_re.search(w):
                    continue
                for g, e in glue_forms.items():
                    if g != w and g in w:
                        ctx = text[max(0, s - 50):t + 50].replace("\n", " ")
                        hits["c"][e["line"]].append((d["id"], text[s:t], ctx))

    by_line = {e["line"]: e for e in entries}
    names = {"a": "(a) unaccented matches of accented entries",
             "b1": "(b1) suspect entries matched in their own spelling",
             "b2": "(b2) suspect entries matched by other words folding the same",
             "c": "(c) glue entries inside longer tokens"}
    print(f"{len(entries)} entries ({len(glue)} glue), {docs} documents "
          f"({', '.join(SPLITS)})")
    print("entries per category: " + ", ".join(
        f"{c} {n}" for c, n in sorted(Counter(e["cat"] for e in entries).items())))
    total = 0
    for k in hits:
        n = sum(len(v) for v in hits[k].values())
        total += n
        print(f"{names[k]}: {n} hits, {len(hits[k])} entries")
    for k in hits:
        for ln, hs in sorted(hits[k].items(), key=lambda kv: -len(kv[1])):
            e = by_line[ln]
            print(f"\n{k} line {ln}: {e['phrase']!r} [{e['cat']} {e['weight']} "
                  f"{','.join(sorted(e['flags'])) or '-'}] {len(hs)} hits")
            for doc, span, ctx in hs[: a.max_context]:
                print(f"    {doc}: {span!r}  ...{ctx}...")
    return 1 if total - sum(len(v) for v in hits["b2"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
