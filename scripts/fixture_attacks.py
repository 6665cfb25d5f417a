#!/usr/bin/env python3
"""Two find-and-replace measurements on the Wikipedia articles of the fixtures
(fixtures/corpus/viwiki.sample.jsonl, CC BY-SA), each run through `vnclean`.

--kind accented  Phrases pasted with their marks. Every phrase of the chosen families that
                 has an accented spelling ("unaccented|accented" lines of
                 fixtures/eval/pool/ or fixtures/eval/probe/) replaces, in three articles
                 drawn at random (--seed), every lower-case occurrence after the first line
                 of one word said 3 to 15 times there, as inject.py's replace attack does.
                 Counted: occurrences found exactly (a finding whose text is the phrase), with
                 the default lexicon unless --lexicon is given.
--kind replaced  Phrases written bare whose first words real text writes otherwise or
                 not at all ("ban sim so dep gia re", "tang like facebook", "ban hack pubg
                 mobile") replace, in turn, every word an article says 3 to 15 times, as
                 inject.py's replace attack does. Counted: occurrences found exactly, with no
                 lexicon. The phrase's own edge words stand beside every occurrence as a
                 displaced word's partner does; this measures that they are not left behind.
--kind partners  The partner a displaced word leaves. Every two-word compound an article
                 says three times or more, one word with marks and one without, has its word
                 with marks replaced by each of two phrases written bare; the word without
                 stays beside every occurrence ("bang" of "tiểu bang"). Counted: articles that
                 `--mode strip` gives back exactly less the replaced word, with no lexicon (the
                 discovery machinery alone).

usage: python3 scripts/fixture_attacks.py --kind accented [--families pool/streaming,...]
           [--bin target/release/vnclean] [--compare OTHER_BIN] [--seed 5]
       python3 scripts/fixture_attacks.py --kind replaced|partners [--bin ...] [--compare ...]
"""
import argparse
import collections
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "corpus" / "viwiki.sample.jsonl"
TUNE = "pool/streaming,pool/lottery,pool/brands,pool/loans,pool/adult,pool/apps"
BARE = ["xem phim sex khong che", "vay tien nhanh online"]
EDGES = ["ban sim so dep gia re", "tang like facebook", "ban hack pubg mobile"]


def articles():
    return [json.loads(line)["text"] for line in ARTICLES.open(encoding="utf-8")]


def replace_body(doc, target, phrase):
    """Every whole lower-case `target` after the first line becomes `phrase`."""
    nl = doc.find("\n")
    head, body = doc[: nl + 1], doc[nl + 1 :]
    return head + re.sub(r"\w+", lambda m: phrase if m.group(0) == target else m.group(0), body)


def accented_cases(families, seed):
    phrases = []
    for fam in families.split(","):
        for line in (ROOT / "fixtures" / "eval" / f"{fam}.txt").open(encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            accented = line.partition("|")[2].strip()
            if accented:
                phrases.append(accented)
    docs = articles()
    rng = random.Random(seed)
    cases = []
    for p in phrases:
        for di in rng.sample(range(len(docs)), 3):
            d = docs[di]
            body = d[d.find("\n") + 1 :]
            counts = collections.Counter(
                w for w in re.findall(r"\w+", body) if w.isalpha() and w.islower() and len(w) >= 2
            )
            words = [w for w, n in sorted(counts.items()) if 3 <= n <= 15]
            if words:
                w = rng.choice(words)
                cases.append({"text": replace_body(d, w, p), "phrase": p, "n": counts[w]})
    return cases


def replaced_cases():
    cases = []
    for d in articles():
        body = d[d.find("\n") + 1 :]
        counts = collections.Counter(
            w for w in re.findall(r"\w+", body) if w.isalpha() and w.islower() and len(w) >= 2
        )
        for w, n in sorted(counts.items()):
            if 3 <= n <= 15:
                for p in EDGES:
                    cases.append({"text": replace_body(d, w, p), "phrase": p, "n": n})
    return cases


def marked(w):
    return unicodedata.normalize("NFD", w) != w or "đ" in w.lower()


def partner_cases():
    cases = []
    for d in articles():
        pairs = collections.Counter(re.findall(r"(?<!\w)([^\W\d_]+) ([^\W\d_]+)(?!\w)", d))
        for (a, b), n in pairs.items():
            if n < 3 or not (a.islower() and b.islower()) or marked(a) == marked(b):
                continue
            pair = f"{a} {b}"
            kept = b if marked(a) else a
            for p in BARE:
                attacked = f"{p} {kept}" if marked(a) else f"{kept} {p}"
                cases.append({"text": d.replace(pair, attacked), "gold": d.replace(pair, kept)})
    return cases


def run(binary, cases, args):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for i, c in enumerate(cases):
            f.write(json.dumps({"id": str(i), "text": c["text"]}, ensure_ascii=False) + "\n")
    out = subprocess.run(
        [binary] + args + ["--format", "jsonl", f.name], capture_output=True, text=True, check=True
    ).stdout
    Path(f.name).unlink()
    return {json.loads(line)["id"]: json.loads(line) for line in out.splitlines()}


def score(kind, binary, cases, lexicon):
    if kind in ("accented", "replaced"):
        if kind == "replaced":
            lex = ["--no-default-lexicon"]
        else:
            lex = ["--no-default-lexicon", "--lexicon", lexicon] if lexicon else []
        got = run(binary, cases, ["scan"] + lex)
        found = sum(
            sum(1 for f in got[str(i)]["spam"]["findings"] if f["text"] == c["phrase"])
            for i, c in enumerate(cases)
        )
        return found, sum(c["n"] for c in cases)
    got = run(binary, cases, ["clean", "--mode", "strip", "--no-normalize", "--no-default-lexicon"])
    return sum(got[str(i)]["text"] == c["gold"] for i, c in enumerate(cases)), len(cases)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", choices=["accented", "replaced", "partners"], required=True)
    ap.add_argument("--families", default=TUNE)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "vnclean"))
    ap.add_argument("--compare", help="another build, run on the same cases")
    ap.add_argument("--lexicon", help="a lexicon instead of the default one (accented)")
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    cases = {
        "accented": lambda: accented_cases(a.families, a.seed),
        "replaced": replaced_cases,
        "partners": partner_cases,
    }[a.kind]()
    what = "articles given back" if a.kind == "partners" else "occurrences found exactly"
    for b in [a.bin] + ([a.compare] if a.compare else []):
        got, total = score(a.kind, b, cases, a.lexicon)
        print(f"{b}: {got} of {total} {what} ({len(cases)} cases)")


if __name__ == "__main__":
    sys.exit(main())
