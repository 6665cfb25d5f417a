#!/usr/bin/env python3
"""Page verdicts per pattern: how vnclean judges whole pages (spam, injected, clean).

Runs `<bin> clean --mode flag --format jsonl FILE` on a file of labelled pages (as written by
scripts/gen_pages.py: {"id", "text", "label", "pattern", "detail"}) and reads the verdict of
each page from the report vnclean adds (`"spam": {"verdict", "score", "findings"}`). Prints:
  per pattern: label, n, the shares judged spam / injected / clean, and "right" (the share
               judged exactly the label);
  per label:   the same, pooled;
  spam vs. not spam: precision and recall of the verdict `spam`; for injected pages the share
               judged injected (and the share judged anything but clean); for clean pages the
               share judged clean.
--show-wrong N prints up to N wrong pages per pattern: id, verdict, score, detail and the first
160 characters of the text. --json OUT writes every figure (and the wrong cases) as JSON.
The binary may be rebuilt while this runs: a missing binary is waited for (up to a minute).

usage: scripts/page_verdicts.py FILE.jsonl [--bin target/release/vnclean] [--markdown]
                                [--json OUT] [--show-wrong N] [--jobs N]
example:
  python3 scripts/gen_pages.py --half tune --out /tmp/pages.tune.jsonl
  python3 scripts/page_verdicts.py /tmp/pages.tune.jsonl --markdown --show-wrong 3
Exit status 0 unless the binary cannot be run.
"""
import argparse, json, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ["spam", "injected", "clean"]


def run_binary(binary, path, jobs):
    cmd = [str(binary), "clean", "--mode", "flag", "--format", "jsonl", str(path)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    for attempt in range(13):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        except (FileNotFoundError, PermissionError, OSError) as e:  # being rebuilt: wait for it
            err = str(e)
        else:
            if r.returncode == 0:
                return r.stdout
            err = r.stderr.strip()
            if r.returncode not in (126, 127, -9) and Path(binary).exists():
                break
        print(f"page_verdicts: {binary} not runnable ({err}); retrying", file=sys.stderr)
        time.sleep(5)
    sys.exit(f"page_verdicts: {' '.join(cmd)} failed: {err}")


def share(k, n):
    return k / n if n else None


def pct(x):
    return "-" if x is None else f"{100 * x:.1f}%"


def summarise(rows):
    n = len(rows)
    c = {v: sum(1 for r in rows if r["verdict"] == v) for v in VERDICTS}
    right = sum(1 for r in rows if r["verdict"] == r["label"])
    return {"n": n, **{v: share(c[v], n) for v in VERDICTS}, "right": share(right, n)}


def table(headers, body, markdown):
    if markdown:
        out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(headers))) + "|"]
        out += ["| " + " | ".join(str(x) for x in row) + " |" for row in body]
        return "\n".join(out)
    widths = [max(len(str(x)) for x in [h] + [r[i] for r in body]) for i, h in enumerate(headers)]
    fmt = lambda row: "  ".join(str(x).ljust(w) if i < 2 else str(x).rjust(w) for i, (x, w) in enumerate(zip(row, widths)))
    return "\n".join([fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in body])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "vnclean"))
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--show-wrong", type=int, default=0, metavar="N")
    ap.add_argument("--jobs", type=int, help="threads for vnclean (its default: all cores)")
    a = ap.parse_args()

    inputs = [json.loads(l) for l in open(a.file, encoding="utf-8") if l.strip()]
    out = [json.loads(l) for l in run_binary(a.bin, a.file, a.jobs).splitlines() if l.strip()]
    if len(out) != len(inputs):
        sys.exit(f"page_verdicts: {len(inputs)} records in, {len(out)} out")
    rows = []
    for src, rec in zip(inputs, out):
        if rec.get("id") != src["id"]:
            sys.exit(f"page_verdicts: output out of order at {src['id']}")
        rep = rec.get("spam") or {}
        rows.append({"id": src["id"], "label": src["label"], "pattern": src["pattern"],
                     "detail": src.get("detail", ""), "text": src["text"],
                     "verdict": rep.get("verdict", "?"), "score": rep.get("score"),
                     "findings": len(rep.get("findings", []))})

    patterns = list(dict.fromkeys(r["pattern"] for r in rows))
    labels = [l for l in VERDICTS if any(r["label"] == l for r in rows)]
    per_pattern = {p: {"label": next(r["label"] for r in rows if r["pattern"] == p),
                       **summarise([r for r in rows if r["pattern"] == p])} for p in patterns}
    per_label = {l: summarise([r for r in rows if r["label"] == l]) for l in labels}
    tp = sum(1 for r in rows if r["label"] == "spam" and r["verdict"] == "spam")
    fp = sum(1 for r in rows if r["label"] != "spam" and r["verdict"] == "spam")
    fn = sum(1 for r in rows if r["label"] == "spam" and r["verdict"] != "spam")
    inj = [r for r in rows if r["label"] == "injected"]
    cln = [r for r in rows if r["label"] == "clean"]
    overall = {
        "spam_precision": share(tp, tp + fp), "spam_recall": share(tp, tp + fn),
        "spam_tp": tp, "spam_fp": fp, "spam_fn": fn,
        "injected_judged_injected": share(sum(r["verdict"] == "injected" for r in inj), len(inj)),
        "injected_judged_not_clean": share(sum(r["verdict"] != "clean" for r in inj), len(inj)),
        "clean_judged_clean": share(sum(r["verdict"] == "clean" for r in cln), len(cln)),
        "documents": len(rows),
    }

    md = a.markdown
    head = ["pattern", "label", "n", "spam", "injected", "clean", "right"]
    body = [[p, s["label"], s["n"], pct(s["spam"]), pct(s["injected"]), pct(s["clean"]), pct(s["right"])]
            for p, s in per_pattern.items()]
    print(("### " if md else "") + f"Page verdicts: {Path(a.file).name} ({len(rows)} pages)\n")
    print(table(head, body, md))
    print()
    body = [[l, l, s["n"], pct(s["spam"]), pct(s["injected"]), pct(s["clean"]), pct(s["right"])]
            for l, s in per_label.items()]
    print(table(["all of label", "label", "n", "spam", "injected", "clean", "right"], body, md))
    print()
    o = overall
    lines = [f"verdict spam: precision {pct(o['spam_precision'])} ({tp} of {tp + fp}), "
             f"recall {pct(o['spam_recall'])} ({tp} of {tp + fn})",
             f"injected pages judged injected: {pct(o['injected_judged_injected'])} "
             f"(judged spam or injected: {pct(o['injected_judged_not_clean'])})",
             f"clean pages judged clean: {pct(o['clean_judged_clean'])}"]
    print("\n".join(("- " if md else "") + l for l in lines))

    wrong = {}
    for p in patterns:
        wrong[p] = [r for r in rows if r["pattern"] == p and r["verdict"] != r["label"]]
    if a.show_wrong:
        print()
        print(("### " if md else "") + f"Wrong verdicts (up to {a.show_wrong} per pattern)")
        for p in patterns:
            if not wrong[p]:
                continue
            print(("\n#### " if md else "\n") + f"{p} (label {per_pattern[p]['label']}): {len(wrong[p])} wrong")
            if md:
                print()
            for r in wrong[p][: a.show_wrong]:
                snippet = r["text"][:160].replace("\n", " ⏎ ")
                score = "-" if r["score"] is None else f"{r['score']:.3f}"
                line = f"{r['id']}  {r['verdict']}  score {score}  findings {r['findings']}  [{r['detail']}]  {snippet}"
                print(("- `" + line.replace("`", "'") + "`") if md else "  " + line)

    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"file": a.file, "per_pattern": per_pattern, "per_label": per_label, "overall": overall,
                       "wrong": {p: [{k: r[k] for k in ("id", "verdict", "score", "detail")} | {"text": r["text"][:160]}
                                     for r in ws] for p, ws in wrong.items()}},
                      f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
