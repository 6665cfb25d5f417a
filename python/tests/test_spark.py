"""Spark local[2]: the train split cleaned through mapInArrow keeps every
row and equals the CLI's output; the pandas_udf form agrees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import cli, cli_jsonl, shared

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


def test_jsonl_lines_equal_the_cli_byte_for_byte(spark):
    train = shared("corpus", "train.jsonl")
    run = subprocess.run(
        [str(cli()), "clean", "--format", "jsonl", str(train)], check=True, capture_output=True
    )
    expected = run.stdout.decode("utf-8").splitlines()
    out = vnclean.spark.clean_jsonl(spark.read.text(str(train)))
    assert out.columns == ["value", "vnclean"]
    rows = out.collect()
    assert len(rows) == len(expected) == 6261
    # Spark reads one file's splits in order: the lines are the CLI's, in
    # its order, byte for byte (spacing, key order and numbers kept).
    assert [r["value"] for r in rows] == expected
    for row in rows[:200]:
        v = row["vnclean"]
        report = json.loads(row["value"])["spam"]
        assert v["error"] is None and json.loads(v["report"]) == report
        assert (v["verdict"], v["findings"]) == (report["verdict"], len(report["findings"]))


def test_jsonl_nested_field_blank_and_bad_lines(spark):
    good = '{"id": 1, "meta": {"body": "Hội khuyến học các tỉnh trao thưởng, xem soi keo nha cai ngay."}}'
    lines = [good, "", "not json", '{"id": 2}', '{"id": 3, "meta": {"body": 5}}', None]
    df = spark.createDataFrame([(i, line) for i, line in enumerate(lines)], "n int, value string")
    out = vnclean.spark.clean_jsonl(df, field="meta.body", report_field="report", mode="strip")
    got = {r["n"]: r for r in out.collect()}
    assert len(got) == len(lines)
    record = json.loads(got[0]["value"])
    assert record["meta"]["body"] == "Hội khuyến học các tỉnh trao thưởng, xem ngay."
    assert record["report"]["verdict"] == "injected" == got[0]["vnclean"]["verdict"]
    assert got[0]["vnclean"]["findings"] == 1
    # Nothing is dropped: a blank line and a null stay as they were, with
    # no report; a bad line keeps its text and says why.
    assert got[1]["value"] == "" and got[1]["vnclean"]["verdict"] is None
    assert got[1]["vnclean"]["error"] is None
    assert got[5]["value"] is None and got[5]["vnclean"]["error"] is None
    assert got[2]["value"] == "not json"
    assert got[2]["vnclean"]["error"].startswith("invalid JSON")
    assert got[3]["vnclean"]["error"] == 'no object "meta" on the path "meta.body"'
    assert got[4]["vnclean"]["error"] == 'field "meta.body" is not a string'
    assert got[4]["value"] == lines[4]

    with pytest.raises(ValueError, match="no column 'value'"):
        vnclean.spark.clean_jsonl(df.withColumnRenamed("value", "line"))
    with pytest.raises(ValueError, match="already in the DataFrame"):
        vnclean.spark.clean_jsonl(df, report_column="n")
