#!/usr/bin/env python3
"""Detection rate per obfuscation: how well vnclean sees through each way of disguising spam.

For every obfuscation, the same documents get the same phrases injected (inserted between
words, or replacing every occurrence of one word, as inject.py does), with the obfuscation
applied to every injected occurrence. `vnclean scan --format jsonl` (default normalisation)
reads each set; a document counts as detected when its verdict is not "clean", an occurrence
as found when findings cover at least half of its characters. The "none" row is the baseline.
Clean copies of the documents measure false alarms.

usage: scripts/evasion.py [--docs N] [--seed S] [--bin target/release/vnclean]
                          [--base ../shared/corpus/dev.jsonl] [--markdown]
Phrases: ../shared/eval/phrases.dev.txt (in or near the lexicon) and
fixtures/eval/phrases.own.txt (in no list: only the repeated-phrase detector can find them).
"""
import argparse, json, random, re, subprocess, sys, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+", re.UNICODE)

CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "h": "һ"}
GREEK = {"o": "ο", "i": "ι", "a": "α", "n": "η", "k": "κ", "t": "τ", "u": "υ", "v": "ν"}
LEET = {"o": "0", "i": "1", "a": "4", "e": "3"}
# Look-alikes that carry their own mark (inject.py's opt-in "precomposed"): è -> Cyrillic ѐ,
# á -> Greek ά, ...
PRECOMPOSED = {"è": "ѐ", "ì": "ѝ", "á": "ά", "é": "έ", "í": "ί", "ó": "ό", "ý": "ύ", "ắ": "ά",
               "ố": "ό", "ớ": "ό", "ế": "έ", "ứ": "ύ", "ú": "ύ"}
TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def per_letter(s, table, rng, share=0.5):
    return "".join(table[c] if c in table and rng.random() < share else c for c in s)


def offset(c, lower, upper, digit=None):
    if "a" <= c <= "z":
        return chr(lower + ord(c) - ord("a"))
    if "A" <= c <= "Z":
        return chr(upper + ord(c) - ord("A"))
    if digit is not None and "0" <= c <= "9":
        return chr(digit + ord(c) - ord("0"))
    return c


def word_wise(s, f):
    return re.sub(r"\S+", lambda m: f(m.group(0)), s)


def tone_noise(s, rng):
    out = []
    for c in s:
        out.append(c)
        if c in "aeiouy" and rng.random() < 0.6:
            out.append(rng.choice(TONES))
    return unicodedata.normalize("NFC", "".join(out))


# name -> (description, function(plain, accented, rng) -> surface or None when not applicable)
OBFUSCATIONS = {
    "none": ("as listed, unaccented", lambda p, a, r: p),
    "zero_width": ("1-3 zero-width characters or soft hyphens inside words",
                   lambda p, a, r: "".join(c + (r.choice(ZW) if c.isalnum() and r.random() < 0.3 else "") for c in p)),
    "cyrillic": ("Cyrillic look-alikes for half the letters that have one",
                 lambda p, a, r: per_letter(p, CYRILLIC, r)),
    "greek": ("Greek look-alikes for half the letters that have one",
              lambda p, a, r: per_letter(p, GREEK, r)),
    "fullwidth": ("fullwidth Latin letters and digits (ｓｏｉ ｋｅｏ)",
                  lambda p, a, r: "".join(offset(c, 0xFF41, 0xFF21, 0xFF10) for c in p)),
    "math_bold": ("mathematical bold letters (𝐬𝐨𝐢 𝐤𝐞𝐨)",
                  lambda p, a, r: "".join(offset(c, 0x1D41A, 0x1D400, 0x1D7CE) for c in p)),
    "math_script": ("mathematical sans-serif italic letters",
                    lambda p, a, r: "".join(offset(c, 0x1D622, 0x1D608) for c in p)),
    "mixed_case": ("random case per letter (sOi KeO)",
                   lambda p, a, r: "".join(c.upper() if r.random() < 0.5 else c for c in p)),
    "upper": ("upper case", lambda p, a, r: p.upper()),
    "accented": ("the proper accented spelling (soi kèo nhà cái)", lambda p, a, r: a),
    "precomposed": ("accented, half the letters that have one swapped for a precomposed Cyrillic or "
                    "Greek look-alike carrying the mark (kѐo, cάc)",
                    lambda p, a, r: a and per_letter(a, PRECOMPOSED, r)),
    "accented_title": ("accented, title case", lambda p, a, r: a.title()),
    "tone_noise": ("random tone marks on vowels (sói kẹó)", lambda p, a, r: tone_noise(p, r)),
    "nbsp_spaces": ("no-break and doubled spaces between words",
                    lambda p, a, r: re.sub(" ", lambda m: r.choice(["\u00a0", "  ", " \u00a0"]), p)),
    "dotted": ("a dot between letters (b.o.n.g d.a)", lambda p, a, r: word_wise(p, ".".join)),
    "hyphenated": ("words joined by hyphens (soi-keo-nha-cai)", lambda p, a, r: p.replace(" ", "-")),
    "letter_spaced": ("a space between letters (s o i  k e o)",
                      lambda p, a, r: "  ".join(" ".join(w) for w in p.split(" "))),
    "glued": ("words glued together (soikeonhacai)", lambda p, a, r: p.replace(" ", "")),
    "leet": ("digits for letters (s0i k3o)", lambda p, a, r: per_letter(p, LEET, r)),
}


def load_phrases(path):
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            plain, _, accented = line.partition("|")
            out.append((plain.strip(), accented.strip() or None))
    return out


def attack(rng, doc, surface):
    """Inserts ``surface()` 3-6 times between words, or (every other document) in place of
    every occurrence of one word that occurs 3-20 times. Returns (text, spans) in chars."""
    if rng.random() < 0.5:
        counts = {}
        for m in WORD.finditer(doc):
            w = m.group(0)
            if w.isalpha() and w.islower() and len(w) >= 2:
                counts[w] = counts.get(w, 0) + 1
        cands = sorted(w for w, c in counts.items() if 3 <= c <= 20)
        if cands:
            target = rng.choice(cands)
            parts, spans, n, last = [], [], 0, 0
            for m in WORD.finditer(doc):
                if m.group(0) != target:
                    continue
                keep = doc[last:m.start()]
                s = surface()
                parts += [keep, s]
                spans.append([n + len(keep), n + len(keep) + len(s)])
                n += len(keep) + len(s)
                last = m.end()
            parts.append(doc[last:])
            return "".join(parts), spans
    gaps = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", doc)]
    where = sorted(rng.sample(gaps, k=min(len(gaps), rng.randint(3, 6))))
    parts, spans, n, last = [], [], 0, 0
    for g in where:
        keep = doc[last:g + 1]
        s = surface()
        parts += [keep, s, " "]
        spans.append([n + len(keep), n + len(keep) + len(s)])
        n += len(keep) + len(s) + 1
        last = g + 1
    parts.append(doc[last:])
    return "".join(parts), spans


def scan(binary, texts):
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    out = subprocess.run([binary, "scan", "--format", "jsonl"], input=lines.encode(),
                         capture_output=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(out.stderr.decode())
    return [json.loads(l)["spam"] for l in out.stdout.decode().splitlines()]


def char_spans(text, findings):
    """Findings' byte offsets as character offsets."""
    b2c, n = {}, 0
    for i, c in enumerate(text):
        b2c[n] = i
        n += len(c.encode())
    b2c[n] = len(text)
    return [(b2c.get(f["start"], 0), b2c.get(f["end"], len(text))) for f in findings]


def found(span, cover):
    a, b = span
    hit = sum(max(0, min(b, e) - max(a, s)) for s, e in cover)
    return hit * 2 >= b - a


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--bin", default=str(ROOT / "target/release/vnclean"))
    ap.add_argument("--base", default=str(ROOT.parent / "shared/corpus/dev.jsonl"))
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--missed", metavar="FILE", help="write the documents not detected, as JSON lines")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    docs = [json.loads(l)["text"] for l in open(a.base, encoding="utf-8")]
    docs = [unicodedata.normalize("NFC", d) for d in docs if 300 <= len(d) <= 6000]
    rng.shuffle(docs)
    docs = docs[: a.docs]
    sets = {
        "lexicon": load_phrases(ROOT.parent / "shared/eval/phrases.dev.txt"),
        "unlisted": load_phrases(ROOT / "fixtures/eval/phrases.own.txt"),
    }
    clean = scan(a.bin, docs)
    false_alarms = sum(r["verdict"] != "clean" for r in clean)
    rows = []
    missed = open(a.missed, "w", encoding="utf-8") if a.missed else None
    for name, (desc, f) in OBFUSCATIONS.items():
        row = {"name": name, "desc": desc}
        for set_name, phrases in sets.items():
            case_rng = random.Random(f"{a.seed}/{set_name}")
            texts, spans = [], []
            pool = [p for p in phrases if p[1]] if name.startswith(("accented", "precomposed")) else phrases
            for d in docs:
                plain, accented = case_rng.choice(pool)
                t, s = attack(case_rng, d, lambda: f(plain, accented, case_rng))
                texts.append(t)
                spans.append(s)
            reports = scan(a.bin, texts)
            det = sum(r["verdict"] != "clean" for r in reports)
            occ = tot = 0
            for t, s, r in zip(texts, spans, reports):
                cover = char_spans(t, r["findings"])
                occ += sum(found(x, cover) for x in s)
                tot += len(s)
                if missed and r["verdict"] == "clean":
                    missed.write(json.dumps({"obfuscation": name, "set": set_name,
                                             "injected": [t[x:y] for x, y in s], "text": t},
                                            ensure_ascii=False) + "\n")
            row[set_name] = (det / len(docs), occ / max(tot, 1))
        rows.append(row)
        print(f"{name:15} lexicon docs {row['lexicon'][0]:.3f} occ {row['lexicon'][1]:.3f}   "
              f"unlisted docs {row['unlisted'][0]:.3f} occ {row['unlisted'][1]:.3f}", file=sys.stderr)
    if a.markdown:
        print(f"Documents: {len(docs)} of `{Path(a.base).name}` (seed {a.seed}); "
              f"false alarms on their clean copies: {false_alarms}.\n")
        print("| obfuscation | how | lexicon phrases: docs | occurrences | unlisted phrases: docs | occurrences |")
        print("|---|---|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['name']} | {r['desc']} | {r['lexicon'][0]:.2f} | {r['lexicon'][1]:.2f} | "
                  f"{r['unlisted'][0]:.2f} | {r['unlisted'][1]:.2f} |")
    else:
        print(json.dumps({"false_alarms": false_alarms, "rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
