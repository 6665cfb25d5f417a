#!/usr/bin/env python3
"""Python package throughput against the CLI, on the same documents in one run.

1. ``Cleaner.clean_batch`` on one thread against ``vnclean clean --format
   jsonl --jobs 1``, on train + dev (33.5 MB of JSON lines). The Python
   figure is the batch call alone (the texts already in memory), and also
   end to end: reading the JSON lines and writing them back with the report,
   as the CLI does.
2. Spark ``local[2]`` against ``vnclean clean --format jsonl --jobs 2``, on
   train + dev six times (200.8 MB): ``vnclean.spark.clean_jsonl`` from
   JSON lines to JSON lines (``read.text`` / ``write.text``: the records
   parsed and written by vnclean, as the CLI does); ``vnclean.spark.clean``
   after Spark's own JSON reader, and from Parquet to Parquet, the format
   Spark corpora usually come in. Spark's own share is measured too: the
   same job with an identity ``mapInArrow`` (read, Arrow to Python and
   back, write) and with no Python at all (read, write). Arrow batches are
   cut at 8 MiB, as the README advises for web-page texts.

Run with the virtual environment of ``scripts/test`` (it has the wheel,
PySpark and Java at hand)::

    target/py/bin/python scripts/bench_python.py [--skip-spark] [--repeat 3]

Each figure is the best of ``--repeat`` runs: this host is noisy, so
compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def cli_run(binary: Path, path: Path, jobs: int, mode: str) -> None:
    subprocess.run(
        [str(binary), "clean", "--format", "jsonl", "--mode", mode, "--jobs", str(jobs),
         "-o", os.devnull, str(path)],
        check=True,
        stderr=subprocess.DEVNULL,
    )


def mbps(size: int, seconds: float) -> str:
    return f"{size / seconds / 1e6:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus-dir", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "vnclean")
    ap.add_argument("--mode", default="repair", choices=["repair", "strip", "flag"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--times", type=int, default=6, help="copies of train + dev for Spark")
    ap.add_argument("--skip-spark", action="store_true")
    args = ap.parse_args()

    import vnclean

    work = Path(tempfile.mkdtemp(prefix="vnclean-bench-"))
    try:
        one = work / "td.jsonl"
        with open(one, "wb") as out:
            for split in ("train", "dev"):
                out.write((args.corpus_dir / f"{split}.jsonl").read_bytes())
        size = one.stat().st_size
        rows = []

        # 1. One core: the batch call against the CLI.
        cli1 = best(args.repeat, lambda: cli_run(args.bin, one, 1, args.mode))
        lines = one.read_bytes().decode("utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        texts = [r["text"] for r in records]
        cleaner = vnclean.Cleaner(mode=args.mode)
        cleaner.clean("warm up")
        batch = best(args.repeat, lambda: cleaner.clean_batch(texts, threads=1))

        def end_to_end() -> None:
            recs = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]
            outs = cleaner.clean_batch([r["text"] for r in recs], threads=1)
            with open(os.devnull, "w", encoding="utf-8") as f:
                for r, o in zip(recs, outs):
                    r["text"] = o.text
                    r["spam"] = o.report
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")

        e2e = best(args.repeat, end_to_end)
        rows.append(("CLI `clean --jobs 1`", size, cli1, 1.0))
        rows.append(("Python `clean_batch(threads=1)`", size, batch, cli1 / batch))
        rows.append(("Python: read JSON, `clean_batch`, `.report`, write JSON", size, e2e, cli1 / e2e))

        # 2. Spark local[2] against the CLI on two cores.
        if not args.skip_spark:
            if shutil.which("java") is None:
                print("no Java: Spark skipped", file=sys.stderr)
            else:
                big = work / "big.jsonl"
                data = one.read_bytes()
                with open(big, "wb") as out:
                    for _ in range(args.times):
                        out.write(data)
                bsize = big.stat().st_size
                cli2 = best(args.repeat, lambda: cli_run(args.bin, big, 2, args.mode))
                rows.append((f"CLI `clean --jobs 2` ({args.times}x)", bsize, cli2, 1.0))
                rows += spark_rows(big, bsize, work, args, cli2)

        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, mode {args.mode}, best of {args.repeat}")
        print()
        print("| run | MB | seconds | MB/s | × CLI |")
        print("|---|---:|---:|---:|---:|")
        for name, n, secs, ratio in rows:
            print(f"| {name} | {n / 1e6:.1f} | {secs:.2f} | {mbps(n, secs)} | {ratio:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def spark_rows(big: Path, bsize: int, work: Path, args, cli2: float) -> list[tuple]:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession
    from pyspark.sql.types import BooleanType, StringType, StructField, StructType

    import vnclean.spark

    t = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("vnclean-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        # A 10,000-row batch of web pages is tens of MB: a Python worker
        # waits for all of its first batch before it starts, and Spark
        # writes the last one's output only after the cleaning ends.
        .config("spark.sql.execution.arrow.maxBytesPerBatch", str(8 << 20))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t
    # An explicit schema: inferring one would read the input twice.
    schema = StructType(
        [StructField(n, StringType()) for n in ("id", "source", "topic")]
        + [StructField("football", BooleanType()), StructField("text", StringType())]
    )
    out = str(work / "spark-out")

    def read():
        return spark.read.schema(schema).json(str(big))

    def cleaned_lines() -> None:
        lines = spark.read.text(str(big))
        vnclean.spark.clean_jsonl(lines, mode=args.mode).select("value").write.mode("overwrite").text(out)

    def identity_lines() -> None:
        def same(batches):
            yield from batches

        df = spark.read.text(str(big))
        df.mapInArrow(same, df.schema).write.mode("overwrite").text(out)

    def no_python_lines() -> None:
        spark.read.text(str(big)).write.mode("overwrite").text(out)

    def cleaned() -> None:
        vnclean.spark.clean(read(), column="text", mode=args.mode).write.mode("overwrite").json(out)

    def identity_arrow() -> None:
        def same(batches):
            yield from batches

        df = read()
        df.mapInArrow(same, df.schema).write.mode("overwrite").json(out)

    def no_python() -> None:
        read().write.mode("overwrite").json(out)

    # The same documents as Parquet, the format Spark corpora usually
    # come in (FineWeb's): made once, outside the timings.
    pq_in = str(work / "in.parquet")
    # Eight even files: two cores end their last tasks together.
    read().repartition(8).write.mode("overwrite").parquet(pq_in)

    def cleaned_parquet() -> None:
        df = spark.read.parquet(pq_in)
        vnclean.spark.clean(df, column="text", mode=args.mode).write.mode("overwrite").parquet(out)

    def identity_parquet() -> None:
        def same(batches):
            yield from batches

        df = spark.read.parquet(pq_in)
        df.mapInArrow(same, df.schema).write.mode("overwrite").parquet(out)

    def no_python_parquet() -> None:
        spark.read.parquet(pq_in).write.mode("overwrite").parquet(out)

    cleaned()  # warm the workers (each builds its cleaner once)
    cleaned_lines()
    rows = [
        ("Spark local[2]: JSON lines as text in and out, `vnclean.spark.clean_jsonl`", bsize, best(args.repeat, cleaned_lines), 0.0),
        ("Spark local[2]: JSON lines as text in and out, identity `mapInArrow`", bsize, best(args.repeat, identity_lines), 0.0),
        ("Spark local[2]: JSON lines as text in and out, no Python", bsize, best(args.repeat, no_python_lines), 0.0),
        ("Spark local[2]: JSON lines in and out, `vnclean.spark.clean`", bsize, best(args.repeat, cleaned), 0.0),
        ("Spark local[2]: JSON lines in and out, identity `mapInArrow`", bsize, best(args.repeat, identity_arrow), 0.0),
        ("Spark local[2]: JSON lines in and out, no Python", bsize, best(args.repeat, no_python), 0.0),
        ("Spark local[2]: Parquet in and out, `vnclean.spark.clean`", bsize, best(args.repeat, cleaned_parquet), 0.0),
        ("Spark local[2]: Parquet in and out, identity `mapInArrow`", bsize, best(args.repeat, identity_parquet), 0.0),
        ("Spark local[2]: Parquet in and out, no Python", bsize, best(args.repeat, no_python_parquet), 0.0),
    ]
    spark.stop()
    rows = [(n, s, secs, cli2 / secs) for n, s, secs, _ in rows]
    print(f"Spark session start: {start:.1f} s (not in the figures)", file=sys.stderr)
    return rows


if __name__ == "__main__":
    main()
