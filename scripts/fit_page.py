#!/usr/bin/env python3
"""Fit the page verdict's logistic model (src/detect/page.rs) and print its constants.

Positives are whole-page spam; negatives are everything a page verdict must not call spam:
  - the `tune` half of scripts/gen_pages.py (doorway titles and pages, tone-mark noise,
    tracker posts and link blocks; injected real pages; clean lottery, sports, TV and
    betting-law pages), made afresh into --keep;
  - every document of the train split (all clean).
The `held` half and the dev and test splits are never read. The features are the `page`
object `vnclean explain` writes, transformed as `PageFeatures::values` does. L2-regularised
logistic regression by Newton's method (pure Python; the solver is fit_judge.py's), then the
bias is lowered, if need be, until no clean page reaches probability 0.5 (by MARGIN in
log-odds), so that the score is calibrated on the pages that matter most: clean ones.
(Injected pages are negatives of the fit but not of the shift: one taken for spam is a
smaller loss, and the script counts them.)

usage: scripts/fit_page.py [--bin target/release/vnclean] [--n 40] [--keep DIR] [--l2 0.3]

Then paste BIAS and WEIGHTS into src/detect/page.rs and measure the held half:
  python3 scripts/gen_pages.py --half held --out /tmp/pages.held.jsonl
  python3 scripts/page_verdicts.py /tmp/pages.held.jsonl --markdown
"""
import argparse, json, math, os, subprocess, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_judge import fit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / 'shared'
# How far below probability 0.5 the most spam-like negative stays (log-odds).
MARGIN = 0.5
NOISE_FULL = 0.012
# (name, transform): PageFeatures::values, in the same order as WEIGHTS.
FEATURES = [
    ('coverage', lambda p: p['coverage']),
    # Spam vocabulary, brands and kinds of spam say "spam from top to bottom" on a page
    # without running text; a real article with one stuffed keyword line, or a sentence with
    # a phrase pasted in, has as many in its other words.
    ('brands', lambda p: min(p['brands'], 3) * (1 - p['prose'])),
    ('categories', lambda p: min(max(p['categories'] - 1, 0), 3) * (1 - p['prose'])),
    ('vocabulary', lambda p: p['vocabulary'] * (1 - p['prose'])),
    # ('markup', ...): hashtags, links and entities are as common on the clean pages.
    ('keyword_lines', lambda p: p['keyword_lines']),
    ('noise', lambda p: min(p['noise'] / NOISE_FULL, 1.5)),
    ('prose', lambda p: p['prose']),
]


def pages(binary, path):
    out = subprocess.run([binary, 'explain', '--format', 'jsonl', str(path)],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line)['page'] for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default=str(ROOT / 'target/release/vnclean'))
    ap.add_argument('--n', type=int, default=40)
    ap.add_argument('--keep', default='/tmp/vnclean-fit-page')
    ap.add_argument('--l2', type=float, default=0.3)
    a = ap.parse_args()
    keep = Path(a.keep)
    keep.mkdir(parents=True, exist_ok=True)
    tune = keep / 'pages.tune.jsonl'
    subprocess.run([sys.executable, str(ROOT / 'scripts/gen_pages.py'), '--half', 'tune',
                    '--n', str(a.n), '--out', str(tune)], check=True, cwd=ROOT)
    gen = [json.loads(line) for line in open(tune, encoding='utf-8')]
    rows, ys, names, clean = [], [], [], []
    for doc, page in zip(gen, pages(a.bin, tune)):
        rows.append([f(page) for _, f in FEATURES])
        ys.append(1 if doc['label'] == 'spam' else 0)
        names.append(doc['id'])
        clean.append(doc['label'] == 'clean')
    train = [json.loads(line)['id'] for line in open(SHARED / 'corpus/train.jsonl', encoding='utf-8')]
    for i, page in zip(train, pages(a.bin, SHARED / 'corpus/train.jsonl')):
        rows.append([f(page) for _, f in FEATURES])
        ys.append(0)
        names.append(f'train:{i}')
        clean.append(True)
    # Each class weighs as much as the other, and within each class every pattern as much
    # as any other (the thousands of corpus pages would drown the 40 short injected ones).
    pos = sum(ys)
    group = [n.rsplit('-', 2)[0] if ':' not in n else 'train' for n in names]
    size = {}
    for g in group:
        size[g] = size.get(g, 0) + 1
    groups = {y: len({g for g, yy in zip(group, ys) if yy == y}) for y in (0, 1)}
    weights = [0.5 * len(ys) / (groups[y] * size[g]) for g, y in zip(group, ys)]
    w = fit(rows, ys, weights, a.l2)
    z = lambda x: w[0] + sum(wi * xi for wi, xi in zip(w[1:], x))
    # (On the clean pages: an injected page taken for spam is dropped whole, a clean one
    # would be lost for nothing.)
    worst = max(z(x) for x, c in zip(rows, clean) if c)
    if worst > -MARGIN:
        w[0] -= worst + MARGIN
    zs = [z(x) for x in rows]
    tp = sum(1 for s, y in zip(zs, ys) if y and s >= 0)
    fp = sum(1 for s, y in zip(zs, ys) if not y and s >= 0)
    print(f'# {len(ys)} pages ({pos} spam); tune recall {tp / max(pos, 1):.3f}, '
          f'false spam {fp} (clean {sum(1 for s, c in zip(zs, clean) if c and s >= 0)}); '
          f'most spam-like clean page at log-odds {max(s for s, c in zip(zs, clean) if c):.2f}')
    for s, y, n in sorted(zip(zs, ys, names)):
        if y and s < 0:
            print(f'#   missed {n} at {s:.2f}')
    for s, y, n in sorted(zip(zs, ys, names), reverse=True):
        if not y and s > w[0] / 2:
            print(f'#   most spam-like negative {n} at {s:.2f}')
    print(f'const BIAS: f64 = {w[0]:.2f};')
    for (name, _), wi in zip(FEATURES, w[1:]):
        print(f'    ("{name}", {wi:.2f}),')


if __name__ == '__main__':
    main()
