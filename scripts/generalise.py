#!/usr/bin/env python3
"""How well vnclean finds spam phrases it has never seen: the generalisation protocol.

The phrase pool (fixtures/eval/pool/<family>.txt, "unaccented|accented" lines as inject.py
reads them) is split by family into two fixed halves: `tune` (what thresholds may be tuned on)
and `held` (reported, never tuned on). For the half asked for:

1. Lexicon ablation: every entry of data/lexicon.tsv that shares a folded word bigram with any
   phrase of the half is dropped (for a one-word phrase, every entry holding that word), so that
   only the discovery machinery can find the phrases. vnclean runs with
   `--no-default-lexicon --lexicon <ablated>` (`--no-ablate`: the default lexicon).
2. For each attack setting, ../shared/eval/inject.py attacks documents of the base split with
   each family's phrases (N per family), plus a shared set of clean documents (football first).
3. vnclean cleans them (`clean --format jsonl --no-normalize`, strip and repair), and
   ../shared/eval/score.py scores each family and the whole half.

The report shows every family, the pooled figure and the worst family per measure.

usage: scripts/generalise.py [--half tune|held|all] [--base ../shared/corpus/dev.jsonl]
                             [--docs 40] [--clean 300] [--seed 1] [--settings default,once,...]
                             [--modes strip,repair] [--bin target/release/vnclean] [--lm MODEL]
                             [--no-ablate] [--markdown] [--json OUT] [--keep DIR] [--probe seo,mixed]
"""
import argparse, json, os, re, subprocess, sys, tempfile, unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
POOL = ROOT / "fixtures" / "eval" / "pool"
PROBE = ROOT / "fixtures" / "eval" / "probe"

# The fixed split. Each half mixes phrase shapes: brands and mixed English, accented and bare.
HALVES = {
    "tune": ["streaming", "lottery", "brands", "loans", "adult", "apps"],
    "held": ["betting", "casino", "pharma", "seo", "mixed"],
}

# Attack settings: inject.py options.
SETTINGS = {
    "default": [],
    "once": ["--attacks", "once:1"],
    "variant": ["--attacks", "variant:1"],
    "precomposed": ["--obfuscations", "+precomposed"],
    "once+variant+precomposed": ["--attacks", "once:1,variant:1", "--obfuscations", "+precomposed"],
}

MEASURES = ["doc_recall", "span_recall", "char_precision", "exact_docs", "clean_untouched"]


def fold(s):
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d").replace("ð", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", s).split()


def load_pool(families, root=POOL):
    pool = {}
    for fam in families:
        lines = []
        for line in (root / f"{fam}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lines.append(line.strip())
        pool[fam] = lines
    return pool


def ablate(lexicon_path, phrases, out_path):
    """Writes the lexicon without the entries that overlap `phrases`; returns (kept, dropped)."""
    bigrams, singles = set(), set()
    for p in phrases:
        w = fold(p.partition("|")[0])
        if len(w) == 1:
            singles.add(w[0])
        bigrams.update(zip(w, w[1:]))
    kept = dropped = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for line in open(lexicon_path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                out.write(line)
                continue
            w = fold(line.split("\t")[0])
            if set(zip(w, w[1:])) & bigrams or set(w) & singles:
                dropped += 1
                continue
            kept += 1
            out.write(line)
    return kept, dropped


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def inject(base, phrases_file, seed, attacked, clean, extra):
    out = run([sys.executable, str(SHARED / "eval" / "inject.py"), str(base), str(phrases_file),
               "--seed", str(seed), "--attacked", str(attacked), "--clean", str(clean)] + extra)
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def score(cases, outputs, mode, tmp):
    cf, of = Path(tmp) / "score.cases.jsonl", Path(tmp) / "score.out.jsonl"
    cf.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    of.write_text("".join(o + "\n" for o in outputs), encoding="utf-8")
    return json.loads(run([sys.executable, str(SHARED / "eval" / "score.py"), str(cf), str(of),
                           "--mode", mode, "--json"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=["tune", "held", "all"], default="tune")
    ap.add_argument(
        "--probe",
        help="families of fixtures/eval/probe/ instead of the pool's half (comma-separated): "
        "phrases written while working, to check a rule on shapes the tune half lacks",
    )
    ap.add_argument("--base", default=str(SHARED / "corpus" / "dev.jsonl"))
    ap.add_argument("--docs", type=int, default=40, help="attacked documents per family and setting")
    ap.add_argument("--clean", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--settings", default=",".join(SETTINGS))
    ap.add_argument("--modes", default="strip,repair")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "vnclean"))
    ap.add_argument("--lm", help="a model for repair (default: the embedded one)")
    ap.add_argument("--no-ablate", action="store_true", help="keep the whole default lexicon")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", help="write every figure to this file")
    ap.add_argument("--keep", help="keep cases and outputs in this directory")
    a = ap.parse_args()

    if a.probe:
        families = a.probe.split(",")
        pool = load_pool(families, PROBE)
    else:
        families = HALVES["tune"] + HALVES["held"] if a.half == "all" else HALVES[a.half]
        pool = load_pool(families)
    tmp = a.keep or tempfile.mkdtemp(prefix="vnclean-generalise-")
    os.makedirs(tmp, exist_ok=True)
    lexicon_args = []
    if not a.no_ablate:
        ablated = Path(tmp) / "lexicon.ablated.tsv"
        kept, dropped = ablate(ROOT / "data" / "lexicon.tsv", sum(pool.values(), []), ablated)
        print(f"lexicon ablated: {dropped} entries dropped, {kept} kept", file=sys.stderr)
        lexicon_args = ["--no-default-lexicon", "--lexicon", str(ablated)]
    lm_args = ["--lm", a.lm] if a.lm else []
    results = {}
    for setting in a.settings.split(","):
        extra = SETTINGS[setting]
        cases = []
        for i, fam in enumerate(families):
            pf = Path(tmp) / f"{fam}.phrases.txt"
            pf.write_text("\n".join(pool[fam]) + "\n", encoding="utf-8")
            # A seed per family, so that families do not share documents in lockstep.
            for c in inject(a.base, pf, a.seed * 1000 + i, a.docs, 0, extra):
                c["id"] = f"{fam}/{c['id']}"
                cases.append(c)
        pf = Path(tmp) / f"{families[0]}.phrases.txt"
        for c in inject(a.base, pf, a.seed, 0, a.clean, []):
            c["id"] = f"clean/{c['id']}"
            cases.append(c)
        cf = Path(tmp) / f"{setting}.cases.jsonl"
        cf.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        for mode in a.modes.split(","):
            out = run([a.bin, "clean", "--format", "jsonl", "--mode", mode, "--no-normalize", str(cf)]
                      + lexicon_args + lm_args)
            (Path(tmp) / f"{setting}.{mode}.out.jsonl").write_text(out, encoding="utf-8")
            outs = out.splitlines()
            by_id = {json.loads(o)["id"]: o for o in outs if o.strip()}
            clean_cases = [c for c in cases if c["id"].startswith("clean/")]
            row = {"all": score([c for c in cases], outs, mode, tmp)}
            for fam in families:
                fc = [c for c in cases if c["id"].startswith(fam + "/")] + clean_cases
                row[fam] = score(fc, [by_id[c["id"]] for c in fc if c["id"] in by_id], mode, tmp)
            results[f"{setting}/{mode}"] = row
            report(setting, mode, families, row, a.markdown)
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"cases and outputs in {tmp}", file=sys.stderr)


def report(setting, mode, families, row, markdown):
    measures = MEASURES + (["restored_word_acc"] if mode == "repair" else [])
    fmt = lambda v: "" if v is None else f"{v:.3f}"
    head = ["family"] + measures
    lines = []
    for fam in families + ["all"]:
        r = row[fam]
        lines.append([fam if fam != "all" else "**all**"] + [fmt(r.get(m)) for m in measures])
    worst = ["worst"]
    for m in measures:
        vals = [(row[f].get(m), f) for f in families if row[f].get(m) is not None]
        worst.append(f"{min(vals)[0]:.3f} ({min(vals)[1]})" if vals else "")
    lines.append(worst)
    print(f"\n### {setting}, {mode} ({row['all']['attacked_docs']} attacked, "
          f"{row['all']['clean_docs']} clean)\n")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for l in lines:
            print("| " + " | ".join(l) + " |")
    else:
        w = [max(len(str(x[i])) for x in [head] + lines) for i in range(len(head))]
        for l in [head] + lines:
            print("  ".join(str(x).ljust(w[i]) for i, x in enumerate(l)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
