"""Spark local[2]: the train split cleaned through mapInArrow keeps every
row and equals the CLI's output; the pandas_udf form agrees."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from conftest import cli_jsonl, shared

pytest.importorskip("pyspark")

if shutil.which("java") is None:
    pytest.skip("no Java on this machine: the Spark tests need Java 17", allow_module_level=True)

import vnclean.spark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The workers run this interpreter, where vnclean is installed (PySpark
    # reads the variable, not a session option).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("vnclean-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_train_split_equals_cli(spark):
    train = shared("corpus", "train.jsonl")
    expected = {r["id"]: r for r in cli_jsonl(train)}
    df = spark.read.json(str(train))
    out = vnclean.spark.clean(df, column="text", mode="repair")
    assert out.columns == df.columns + ["vnclean"]
    rows = out.select("id", "text", "vnclean").collect()
    assert len(rows) == df.count() == len(expected) == 6261
    verdicts = set()
    for row in rows:
        want = expected[row["id"]]
        assert row["text"] == want["text"], row["id"]
        v = row["vnclean"]
        assert v["error"] is None
        assert v["verdict"] == want["spam"]["verdict"]
        assert v["score"] == want["spam"]["score"]
        assert v["findings"] == len(want["spam"]["findings"])
        assert json.loads(v["report"]) == want["spam"]
        verdicts.add(v["verdict"])
    assert "clean" in verdicts


def test_output_column_nulls_and_the_udf(spark):
    rows = [
        (1, "Hội khuyến học các tỉnh trao thưởng, xem soi keo nha cai ngay."),
        (2, None),
        (3, "KUWIN | xo so mien bac hom nay | lo de online uy tin"),
        (4, "Lịch thi đấu bóng đá hôm nay trên VTV6."),
    ]
    df = spark.createDataFrame(rows, "id int, text string")
    out = vnclean.spark.clean(df, mode="strip", output_column="cleaned", report_column="r")
    got = {r["id"]: r for r in out.collect()}
    assert len(got) == 4
    assert got[1]["text"] == rows[0][1]
    assert got[1]["cleaned"] == "Hội khuyến học các tỉnh trao thưởng, xem ngay."
    assert got[1]["r"]["verdict"] == "injected" and got[1]["r"]["findings"] == 1
    assert got[2]["cleaned"] is None and got[2]["r"]["verdict"] is None
    assert got[2]["r"]["error"] is None
    assert got[3]["r"]["verdict"] == "spam"
    assert got[4]["r"]["verdict"] == "clean" and got[4]["cleaned"] == rows[3][1]

    udf = vnclean.spark.clean_udf(mode="strip")
    via_udf = {r["id"]: r["v"] for r in df.select("id", udf("text").alias("v")).collect()}
    for i in got:
        assert via_udf[i]["text"] == got[i]["cleaned"]
        assert via_udf[i]["verdict"] == got[i]["r"]["verdict"]
        assert via_udf[i]["findings"] == got[i]["r"]["findings"]
        assert via_udf[i]["report"] == got[i]["r"]["report"]

    with pytest.raises(ValueError, match="no column 'body'"):
        vnclean.spark.clean(df, column="body")
    with pytest.raises(ValueError, match="not a string"):
        vnclean.spark.clean(df, column="id")
    with pytest.raises(ValueError, match="unknown mode"):
        vnclean.spark.clean(df, mode="drop")
