#!/usr/bin/env python3
"""Print criterion results (target/criterion) as a Markdown table: MB/s (10^6 bytes/s) from the
mean estimate and the benchmark's byte throughput. usage: bench_table.py [FILTER]"""
import json, pathlib, sys

root = pathlib.Path("target/criterion")
flt = sys.argv[1] if len(sys.argv) > 1 else ""
rows = []
for est in sorted(root.glob("**/new/estimates.json")):
    bench = json.loads((est.parent / "benchmark.json").read_text())
    name = bench["full_id"]
    if flt not in name:
        continue
    mean_ns = json.loads(est.read_text())["mean"]["point_estimate"]
    tp = bench.get("throughput") or {}
    nbytes = tp.get("Bytes") or tp.get("BytesDecimal")
    mbs = f"{nbytes / mean_ns * 1e3:.1f}" if nbytes else "-"
    rows.append((name, f"{mean_ns / 1e3:.1f} µs", mbs))
print("| benchmark | mean time | MB/s |\n|---|---:|---:|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]} |")
