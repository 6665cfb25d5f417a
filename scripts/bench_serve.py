#!/usr/bin/env python3
"""Load on `vnclean serve`: real 300-byte comments, a share with spam, sent by
`examples/loadgen.rs` on the same machine at concurrency 1, 16 and 64.

The comments are cut from the dev split's documents at sentence ends (250
to 350 bytes); one in five gets a spam phrase of ../shared/eval/phrases.dev.txt
inserted, unaccented, between two words. The server runs with its defaults
(repair mode, normalisation; /v1/check does not change text).

    cargo build --release --example loadgen
    python3 scripts/bench_serve.py [--seconds 10] [--soak 600] [--markdown]

Prints requests per second, p50/p99/p999 latency and errors per level, and the
server's resident memory after each; with --soak, runs concurrency 16 for that
many seconds and samples the memory every 30 s (flat memory: no leak).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c))


def comments(corpus: Path, phrases: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    spam = [fold(line.strip().split("|")[0]) for line in phrases.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    out: list[str] = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            sentences = re.split(r"(?<=[.!?])\s+|\n+", text)
            cur = ""
            for s in sentences:
                cur = f"{cur} {s}".strip()
                size = len(cur.encode("utf-8"))
                if size >= 250:
                    if size <= 350:
                        out.append(cur)
                    cur = ""
            if len(out) >= n:
                break
    out = out[:n]
    for i in rng.sample(range(len(out)), len(out) // 5):
        words = out[i].split(" ")
        at = rng.randrange(1, len(words))
        words.insert(at, rng.choice(spam))
        out[i] = " ".join(words)
    return out


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def loadgen(binary: Path, addr: str, path: str, file: Path, c: int, seconds: float) -> dict:
    run = subprocess.run([str(binary), addr, path, str(file), str(c), str(seconds)],
                         check=True, capture_output=True, text=True)
    return json.loads(run.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "vnclean")
    ap.add_argument("--loadgen", type=Path, default=ROOT / "target" / "release" / "examples" / "loadgen")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev.jsonl")
    ap.add_argument("--phrases", type=Path, default=ROOT.parent / "shared" / "eval" / "phrases.dev.txt")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--levels", default="1,16,64")
    ap.add_argument("--soak", type=float, default=0, help="seconds at concurrency 16")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    texts = comments(args.corpus, args.phrases, 2000, seed=5)
    work = Path(tempfile.mkdtemp(prefix="vnclean-serve-"))
    file = work / "comments.jsonl"
    file.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), "utf-8")
    sizes = sorted(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} comments, median {sizes[len(sizes) // 2]} bytes, "
          f"{len(texts) // 5} with a spam phrase", file=sys.stderr)

    server = subprocess.Popen([str(args.bin), "serve", "--listen", "127.0.0.1:0"],
                              stderr=subprocess.PIPE, text=True)
    try:
        addr = None
        assert server.stderr is not None
        for line in server.stderr:
            m = re.search(r"listening on http://(\S+)", line)
            if m:
                addr = m.group(1)
                break
        if addr is None:
            sys.exit("the server did not start")
        loadgen(args.loadgen, addr, "/v1/check", file, 4, 2)  # warm up
        rows = []
        for c in [int(x) for x in args.levels.split(",")]:
            r = loadgen(args.loadgen, addr, "/v1/check", file, c, args.seconds)
            r["rss_mib"] = rss_kib(server.pid) / 1024
            rows.append(r)
            print(json.dumps(r), file=sys.stderr)
        soak = []
        if args.soak:
            left = args.soak
            while left > 0:
                step = min(30, left)
                r = loadgen(args.loadgen, addr, "/v1/check", file, 16, step)
                soak.append((args.soak - left + step, rss_kib(server.pid) / 1024, r["rps"], r["errors"]))
                left -= step
    finally:
        server.terminate()
        server.wait(timeout=30)

    if args.markdown:
        print("| concurrency | requests/s | p50 µs | p99 µs | p999 µs | errors | server RSS MiB |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r['concurrency']} | {r['rps']:,.0f} | {r['p50_us']:.0f} | {r['p99_us']:.0f} | "
                  f"{r['p999_us']:.0f} | {r['errors']} | {r['rss_mib']:.1f} |")
        if soak:
            print()
            print("| soak, seconds | server RSS MiB | requests/s | errors |")
            print("|---:|---:|---:|---:|")
            for t, rss, rps, err in soak:
                print(f"| {t:.0f} | {rss:.1f} | {rps:,.0f} | {err} |")
    else:
        for r in rows:
            print(json.dumps(r))
        for s in soak:
            print(json.dumps({"soak_seconds": s[0], "rss_mib": s[1], "rps": s[2], "errors": s[3]}))


if __name__ == "__main__":
    main()
