#!/usr/bin/env python3
"""Fit the judge's logistic models (src/detect/judge.rs) on attacked and clean documents.

Positives and negatives are the phrases that `vnclean explain` weighs:
  - attacked: documents of the train split attacked by ../shared/eval/inject.py with the
    phrases of the pool's `tune` families only (scripts/generalise.py's split), under every
    attack setting, with the lexicon entries that overlap those phrases removed; a phrase is
    spam when most of its occurrences lie inside injected text;
  - clean: every document of the train split as it is (every phrase is legitimate there).
Three models, as judge.rs picks them: BARE (repeated phrases written bare, and phrases seen
once with strong spam vocabulary and no foreign word), SINGLE (phrases seen once, written
bare) and MARKED (phrases written with marks); each only over the phrases judge.rs does not
rule out whatever the model says. L2-regularised logistic regression by Newton's method (pure
Python), then the bias is shifted so that the threshold sits at probability 0.5 a margin
above every phrase of the train split, the dev split and the wiki-lm Wikipedia, read with the
ablated and with the default lexicon (dev and wiki-lm set the threshold only: no weight is
fitted on them). The `held` families and the test split are never read. Prints the constants
for judge.rs and the fit's figures; --write puts all three into judge.rs.

usage: scripts/fit_judge.py [--bin target/release/vnclean] [--docs 60] [--seed 5]
                            [--keep DIR] [--l2 1.0]
"""
import argparse, json, math, os, re, subprocess, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generalise import HALVES, SETTINGS, ROOT, SHARED, ablate, inject, load_pool  # noqa: E402

# What the clean documents' highest phrase stays below the threshold by (log-odds).
MARGIN = 0.25
# judge.rs's MARKED_VOCABULARY, MIXED_OCCURRENCES, MIXED_PLACES, MIXED_WORDS.
MARKED_VOCABULARY = 2.0
MIXED_OCCURRENCES = 3.0
MIXED_PLACES = 0.75
MIXED_WORDS = 3.0
NAME_VOCABULARY = 1.6
SINGLE_VOCABULARY = 0.3
SINGLE_FOREIGN_VOCABULARY = 2.0
SINGLE_FOREIGN_HOT = 3
# judge.rs's STRIPPED_NOT_A_NAME_HOT, STRIPPED_NOT_A_NAME. (The foreign-word count is rebuilt
# from the share and the words, clipped at six here: for longer phrases it may differ.)
# judge.rs's SINGLE_BREAKS_HOT, SINGLE_BREAKS_WORDS and context.rs's BREAKS (left, right, join).
SINGLE_BREAKS_HOT = 2
SINGLE_BREAKS_WORDS = 3
BREAKS = (0.0, -0.5, 1.0)
STRIPPED_NOT_A_NAME_HOT = 3
STRIPPED_NOT_A_NAME = 6
# judge.rs's STRIPPED_ONCE_WORDS, STRIPPED_ONCE_STRIPPED.
STRIPPED_ONCE_WORDS = 4
STRIPPED_ONCE_STRIPPED = 3
NAME = 0.5
FOREIGN = 0.5
MIXED_STRIPPED = 0.5
# Hard-negative rounds: how many, how many of the most spam-like clean phrases each round
# weighs more, and by how much.
HARD_ROUNDS = 4
HARD = 40
HARD_WEIGHT = 3.0
NAMES = ['bare', 'suspicion', 'hot', 'stripped', 'brands', 'lexicon', 'occurrences', 'places', 'words', 'vocabulary', 'vocabulary_max', 'marked', 'name', 'foreign', 'left', 'right', 'join', 'inner', 'stripped_name', 'edges_name', 'off_topic']


# The ranges judge.rs clips each feature to (Features::values).
RANGES = {'bare': (0, 1), 'suspicion': (0, 6), 'hot': (0, 5), 'stripped': (0, 12), 'brands': (0, 3), 'lexicon': (0, 1), 'occurrences': (0, 5), 'places': (0, 1), 'words': (1, 6), 'vocabulary': (0, 10), 'vocabulary_max': (0, 4), 'marked': (0, 1), 'name': (0, 1), 'foreign': (0, 1), 'left': (-3, 3), 'right': (-3, 3), 'join': (-3, 3), 'inner': (-2, 3), 'stripped_name': (0, 12), 'edges_name': (-6, 6), 'off_topic': (0, 1)}


def clip(x):
    return [min(max(v, RANGES[n][0]), RANGES[n][1]) for n, v in zip(NAMES, x)]


def explain(binary, path, lexicon_args):
    out = subprocess.run([binary, "explain", "--format", "jsonl", str(path)] + lexicon_args,
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def byte_to_char(text):
    table, pos = {}, 0
    for i, ch in enumerate(text):
        table[pos] = i
        pos += len(ch.encode("utf-8"))
    table[pos] = len(text)
    return table


def label(case, judgement):
    """1 when the phrase is an injected phrase as a whole: most of its occurrences cover at
    least 80% of an injected span and lie mostly inside injected text; 0 when no occurrence
    touches injected text; None otherwise (a fragment or a spill, which the judge is not
    asked about: siblings and growth handle those)."""
    t = case["text"]
    b2c = byte_to_char(t)
    inside = bytearray(len(t) + 1)
    span_of = [None] * (len(t) + 1)
    for k, (a, b) in enumerate(case["spans"]):
        for i in range(a, b):
            inside[i] = 1
            span_of[i] = k
    whole = touched = 0
    for s, e in judgement["occurrences"]:
        s, e = b2c.get(s, 0), b2c.get(e, 0)
        chars = [i for i in range(s, e) if not t[i].isspace()]
        k = sum(inside[i] for i in chars)
        touched += k > 0
        spans = {span_of[i] for i in chars if span_of[i] is not None}
        covers = any(
            sum(1 for i in range(*case["spans"][sp]) if s <= i < e and not t[i].isspace())
            >= 0.8 * sum(1 for i in range(*case["spans"][sp]) if not t[i].isspace())
            for sp in spans)
        whole += covers and k * 2 >= len(chars)
    n = len(judgement["occurrences"])
    if touched == 0:
        return 0
    return 1 if whole * 2 >= n else None


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit(rows, ys, weights, l2, iters=25):
    """Weighted L2 logistic regression (the bias unpenalised) by Newton's method."""
    d = len(rows[0]) + 1
    w = [0.0] * d
    for _ in range(iters):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for x, y, sw in zip(rows, ys, weights):
            xb = [1.0] + x
            z = sum(wi * xi for wi, xi in zip(w, xb))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            r = sw * p * (1 - p)
            for i in range(d):
                g[i] += sw * (p - y) * xb[i]
                hi = h[i]
                ri = r * xb[i]
                for j in range(i, d):
                    hi[j] += ri * xb[j]
        for i in range(d):
            for j in range(i):
                h[i][j] = h[j][i]
            if i:
                g[i] += l2 * w[i]
                h[i][i] += l2
        step = solve(h, [-gi for gi in g])
        w = [wi + si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "vnclean"))
    ap.add_argument("--docs", type=int, default=60, help="attacked documents per family and setting")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", help="keep the cases and judgements here")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true", help="write the constants into judge.rs")
    a = ap.parse_args()
    tmp = Path(a.keep or tempfile.mkdtemp(prefix="vnclean-fit-"))
    tmp.mkdir(parents=True, exist_ok=True)
    families = HALVES["tune"]
    pool = load_pool(families)
    ablated = tmp / "lexicon.ablated.tsv"
    ablate(ROOT / "data" / "lexicon.tsv", sum(pool.values(), []), ablated)
    lexicon_args = ["--no-default-lexicon", "--lexicon", str(ablated)]
    base = SHARED / "corpus" / "train.jsonl"
    cases = []
    for s, (setting, extra) in enumerate(SETTINGS.items()):
        for i, fam in enumerate(families):
            pf = tmp / f"{fam}.phrases.txt"
            pf.write_text("\n".join(pool[fam]) + "\n", encoding="utf-8")
            for c in inject(base, pf, a.seed * 10000 + s * 100 + i, a.docs, 0, extra):
                c["id"] = f"{setting}/{fam}/{c['id']}"
                cases.append(c)
    cf = tmp / "attacked.jsonl"
    cf.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    by_id = {c["id"]: c for c in cases}
    rows, ys, kinds = [], [], []
    for r in explain(a.bin, cf, lexicon_args):
        c = by_id[r["id"]]
        if c["attack"] == "stuff":
            continue  # a keyword line: its phrases repeat only by chance
        for j in r["judgements"]:
            y = label(c, j)
            if y is None:
                continue
            rows.append(clip([j["features"][n] for n in NAMES]))
            ys.append(float(y))
            kinds.append(("attacked", r["id"], j["phrase"]))
    # Clean documents, read both with the ablated lexicon and with the default one (what
    # users run: its vocabulary weighs more words). The dev split's documents and the
    # Wikipedia kept for language models set the threshold with the train split's, but are
    # not fitted on: the threshold must hold on documents the weights never saw.
    for kind, path in (("clean", base), ("dev", SHARED / "corpus" / "dev.jsonl"),
                       ("dev", SHARED / "corpus" / "wiki-lm.jsonl")):
        for args in (lexicon_args, []):
            for r in explain(a.bin, path, args):
                for j in r["judgements"]:
                    rows.append(clip([j["features"][n] for n in NAMES]))
                    ys.append(0.0)
                    kinds.append((kind, r["id"], j["phrase"]))
    marked = NAMES.index("marked")
    models, out_rows = {}, []
    vmax, lex, nm, fo, hot = (NAMES.index(n) for n in ("vocabulary_max", "lexicon", "name", "foreign", "hot"))
    # judge.rs weighs an accented phrase, and a name, only with spam vocabulary or a lexicon
    # entry in it.
    weighed = lambda x, v: x[vmax] >= v or x[lex] > 0
    # (judge.rs's Features::mixed_and_repeated: an accented phrase with a foreign word,
    # repeated whole at unrelated places, is weighed without spam vocabulary.)
    places = NAMES.index('places')
    mixed_repeated = lambda x: (x[fo] > 0 and x[occ] >= math.log2(MIXED_OCCURRENCES)
                                and x[places] >= MIXED_PLACES and x[NAMES.index('words')] >= MIXED_WORDS)
    # (judge.rs: a name of three words or more stripped of their marks, reading far better
    # with them, is stripped Vietnamese.)
    stripped_words = lambda x: (x[hot] >= STRIPPED_NOT_A_NAME_HOT and x[NAMES.index('stripped')]
                                >= STRIPPED_NOT_A_NAME and x[fo] < FOREIGN)
    # (judge.rs: a phrase in lower case with a brand and a word reading better with marks
    # is not another language's, however many foreign words it holds.)
    mixed = lambda x: x[nm] <= 0 and x[NAMES.index('brands')] >= 1 and x[NAMES.index('stripped')] >= MIXED_STRIPPED
    other = lambda x: (x[nm] >= NAME and not stripped_words(x)) or (x[fo] >= FOREIGN and x[hot] < 1 and not mixed(x))
    occ, br = NAMES.index("occurrences"), NAMES.index("brands")
    # (judge.rs's rule for a phrase seen once.)
    words, left, right, join = (NAMES.index(n) for n in ("words", "left", "right", "join"))
    breaks = lambda x: ((x[fo] <= 0 or (int(x[fo] * x[words] + 0.5) == 1
                                         and x[NAMES.index('stripped')] >= STRIPPED_NOT_A_NAME))
                        and x[hot] >= SINGLE_BREAKS_HOT and x[words] >= SINGLE_BREAKS_WORDS
                        and x[left] < BREAKS[0] and x[right] < BREAKS[1] and x[join] > BREAKS[2])
    # (judge.rs: many words stripped of their marks, reading far better with them, with
    # neither edge fitting, no word after it in its clause being no fit: pasted whatever its
    # vocabulary.)
    nforeign = lambda x: int(x[fo] * x[words] + 0.5)
    pasted = lambda x: (stripped_words(x) and x[left] < 0 and x[right] <= 0
                        and (nforeign(x) == 0 or (x[hot] >= SINGLE_FOREIGN_HOT and nforeign(x) <= 1)))
    # (judge.rs's Features::stripped_pasted_once: four words or more, one foreign at most,
    # reading better with marks put back, the left edge breaking; or, with the foreign word,
    # the right edge breaking and the text reading on without it.)
    once = lambda x: (x[nm] <= 0 and nforeign(x) <= 1 and x[words] - nforeign(x) >= STRIPPED_ONCE_WORDS - 1
                      and x[words] >= STRIPPED_ONCE_WORDS
                      and x[NAMES.index('stripped')] >= STRIPPED_ONCE_STRIPPED
                      and (x[left] < 0 or (nforeign(x) >= 1 and x[right] < BREAKS[1] and x[join] > BREAKS[2])))
    single = lambda x: x[lex] > 0 or breaks(x) or pasted(x) or once(x) or (
        x[vmax] >= SINGLE_FOREIGN_VOCABULARY if x[fo] > 0 and not (x[hot] >= SINGLE_FOREIGN_HOT and int(x[fo] * x[words] + 0.5) <= 1)
        else x[vmax] >= SINGLE_VOCABULARY or x[br] > 0)
    bare = lambda x: x[marked] < 0.5 and (not other(x) or weighed(x, NAME_VOCABULARY))
    # (A phrase seen once with strong spam vocabulary and no foreign word is weighed by both
    # models of bare phrases, the higher saying: judge.rs's Features::models.)
    strong = lambda x: x[vmax] >= SINGLE_FOREIGN_VOCABULARY and x[fo] <= 0
    for name, keep in (("BARE", lambda x: bare(x) and (x[occ] > 0 or strong(x))),
                       ("SINGLE", lambda x: bare(x) and x[occ] <= 0 and single(x)),
                       ("MARKED", lambda x: x[marked] >= 0.5 and (weighed(x, MARKED_VOCABULARY) or mixed_repeated(x)))):
        idx = [i for i, x in enumerate(rows) if keep(x)]
        xs, yv, kv = [rows[i] for i in idx], [ys[i] for i in idx], [kinds[i] for i in idx]
        models[name], z = fit_model(name, xs, yv, kv, a.l2)
        out_rows += [(x, y, k, zi) for x, y, k, zi in zip(xs, yv, kv, z)]
    code = render(models)
    print(code)
    if a.write:
        p = ROOT / "src" / "detect" / "judge.rs"
        s = p.read_text(encoding="utf-8")
        s = re.sub(r"(// --- fitted by scripts/fit_judge.py.*?\n).*?(// --- end of the fitted part ---)",
                   lambda m: m.group(1) + code + m.group(2), s, flags=re.S)
        p.write_text(s, encoding="utf-8")
    json.dump({"names": NAMES, "models": models}, open(tmp / "fit.json", "w"))
    with open(tmp / "rows.jsonl", "w") as f:
        for x, y, k, zi in out_rows:
            f.write(json.dumps({"x": x, "y": y, "kind": k[0], "id": k[1], "phrase": k[2],
                                "z": zi}, ensure_ascii=False) + "\n")
    print(f"rows in {tmp / 'rows.jsonl'}", file=sys.stderr)


def fit_model(name, rows, ys, kinds, l2):
    """Fits one model (on the attacked and the train split's rows); its bias is shifted so
    that the highest phrase of a clean document (train or dev), plus a margin, sits at
    log-odds 0. Returns the model and each row's log-odds."""
    all_rows, all_ys, all_kinds = rows, ys, kinds
    fitted = [i for i, k in enumerate(kinds) if k[0] != "dev"]
    rows, ys, kinds = [rows[i] for i in fitted], [ys[i] for i in fitted], [kinds[i] for i in fitted]
    pos = sum(ys)
    neg = len(ys) - pos
    # Both classes weigh the same in all.
    weights = [len(ys) * (0.5 / pos if y else 0.5 / neg) for y in ys]
    # What matters is the few legitimate phrases that look most like spam:
    # the threshold must clear all of them. Each round weighs the clean
    # phrases nearest the spam more, and the round that catches the most
    # spam with every clean document clean is kept.
    best = None
    for _ in range(HARD_ROUNDS):
        w = fit(rows, ys, weights, l2)
        z = [w[0] + sum(wi * xi for wi, xi in zip(w[1:], x)) for x in rows]
        clean_max = max(zi for zi, k in zip(z, kinds) if k[0] == "clean")
        caught = sum(1 for zi, y in zip(z, ys) if y and zi >= clean_max + MARGIN)
        if best is None or caught > best[0]:
            best = (caught, w, z, clean_max)
        hard = sorted((zi for zi, y in zip(z, ys) if not y), reverse=True)[:HARD]
        cut = hard[-1] if hard else clean_max
        weights = [wt * HARD_WEIGHT if not y and zi >= cut else wt
                   for wt, y, zi in zip(weights, ys, z)]
    caught, w, z, clean_max = best
    z = [w[0] + sum(wi * xi for wi, xi in zip(w[1:], x)) for x in all_rows]
    clean_max = max(zi for zi, k in zip(z, all_kinds) if k[0] in ("clean", "dev"))
    threshold = clean_max + MARGIN
    rows, ys, kinds = all_rows, all_ys, all_kinds
    print(f"{name}: {int(pos)} spam phrases, {int(neg)} not; at the threshold "
          f"{caught / pos:.3f} caught", file=sys.stderr)
    return {"bias": w[0] - threshold, "weights": w[1:]}, [zi - threshold for zi in z]


def render(models):
    docs = {"BARE": "Phrases written bare (most words without marks).",
            "SINGLE": "Phrases seen once, written bare.",
            "MARKED": "Phrases written with marks."}
    out = []
    for name, m in models.items():
        out.append(f"/// {docs[name]}\nconst {name}: Model = Model {{\n    bias: {m['bias']:.4f},\n"
                   "    weights: [\n" + "".join(f"        {w:.4f}, // {n}\n" for n, w in zip(NAMES, m["weights"]))
                   + "    ],\n};\n")
    return "".join(out)


if __name__ == "__main__":
    main()
