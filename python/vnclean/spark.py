"""Cleaning a Spark DataFrame's text column.

:func:`clean` runs on ``mapInArrow``: each Python worker builds one
:class:`vnclean.Cleaner` (on first use, kept for the worker's life) and
cleans whole Arrow batches with the GIL released. It returns the DataFrame
with the text column cleaned (or the cleaned text in a new column) and a
struct column holding the verdict, the score, the number of findings, the
JSON report and, for a row vnclean could not read, the error. Every row
comes out: a null text stays null; text that is not UTF-8 (which Spark
does not produce, but an Arrow file may hold) comes back with U+FFFD for
its bad bytes, uncleaned, and ``error`` says why.

:func:`clean_jsonl` cleans JSON-lines records read with ``spark.read.text``
exactly as ``vnclean clean --format jsonl`` does, record for record: the
fast way for JSON lines (Spark's JSON reader costs more than the cleaning).

:func:`clean_udf` is the same as a ``pandas_udf``, for column expressions.

Batch size: Spark hands Python 10,000 rows at a time. Web pages run to
several KB, so a batch is tens of MB; a worker waits for all of its first
batch before it starts and Spark writes the last output only once the
cleaning ends. Cut batches by bytes instead::

    spark.conf.set("spark.sql.execution.arrow.maxBytesPerBatch", 8 << 20)

(from Parquet, 0.45-0.49 of the CLI's speed became 0.50-0.55 here).

Example::

    from pyspark.sql import SparkSession
    import vnclean.spark

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    df = spark.read.json("corpus/*.jsonl")
    out = vnclean.spark.clean(df, column="text", mode="repair")
    out.where("vnclean.verdict != 'spam'").write.parquet("clean/")

Shipping to a cluster: every executor's Python must be able to import
vnclean, native module included (``--py-files`` cannot carry it: Python
does not load native code from a zip). Build the wheel once (``maturin
build --release -m python/Cargo.toml``; it is ``abi3``, one file for every
CPython 3.10+ on the same platform), install it into a virtual
environment, pack that with venv-pack and pass it with ``--archives
env.tar.gz#env`` and ``PYSPARK_PYTHON=./env/bin/python``; or install the
wheel in the executors' image. The README shows the commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, Sequence

from vnclean._native import Cleaner

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa
    from pyspark.sql import Column, DataFrame
    from pyspark.sql.types import StructType

__all__ = ["clean", "clean_jsonl", "clean_udf", "report_type"]

# One cleaner per set of options, per Python worker process (Spark reuses
# its workers between tasks, so the lexicon is compiled once per worker).
_CLEANERS: dict[tuple, Cleaner] = {}


def _options(
    mode: str,
    normalize: bool,
    tone_style: str,
    lexicons: Sequence[str | PathLike[str]],
    default_lexicon: bool,
    lm: str | PathLike[str] | None,
) -> tuple:
    options = (
        mode,
        normalize,
        tone_style,
        tuple(str(p) for p in lexicons),
        default_lexicon,
        None if lm is None else str(lm),
    )
    # Fails now, in the driver, on a bad mode or a missing file, rather
    # than in every task.
    _cleaner(options)
    return options


def _cleaner(options: tuple) -> Cleaner:
    c = _CLEANERS.get(options)
    if c is None:
        mode, normalize, tone_style, lexicons, default_lexicon, lm = options
        c = Cleaner(mode, normalize, tone_style, list(lexicons), default_lexicon, lm)
        _CLEANERS[options] = c
    return c


def _clean_texts(cleaner: Cleaner, texts: list[Any]) -> tuple[list[Any], dict[str, list[Any]]]:
    """Cleaned texts and the report columns; null in, null out, and a text
    vnclean cannot read comes back as it was with its error."""
    rows = [i for i, t in enumerate(texts) if t is not None]
    try:
        outs: list[Any] = cleaner.clean_batch([texts[i] for i in rows])
    except (TypeError, ValueError):
        outs = []
        for i in rows:
            try:
                outs.append(cleaner.clean(texts[i]))
            except (TypeError, ValueError) as e:
                outs.append(e)
    cleaned = list(texts)
    cols: dict[str, list[Any]] = {
        k: [None] * len(texts) for k in ("verdict", "score", "findings", "report", "error")
    }
    for i, out in zip(rows, outs):
        if isinstance(out, Exception):
            cols["error"][i] = str(out)
            continue
        cleaned[i] = out.text
        cols["verdict"][i] = out.verdict
        cols["score"][i] = out.score
        cols["findings"][i] = len(out.findings)
        cols["report"][i] = out.report_json
    return cleaned, cols


def _clean_arrow(
    cleaner: Cleaner, texts: pa.Array, records: tuple[str, str] | None = None
) -> tuple[pa.Array, dict[str, list[Any]]]:
    """An Arrow string column cleaned through its buffers: the texts never
    become Python strings (that costs more than half of the cleaning).
    With ``records`` (the text field and the report field), each row is a
    JSON-lines record, cleaned as ``vnclean clean --format jsonl`` does."""
    import pyarrow as pa

    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        texts = texts.cast(pa.string())
    if texts.offset:
        # A slice: buffers start at the parent's first row.
        texts = pa.concat_arrays([texts])
    validity, offsets, data = texts.buffers()
    args = (
        len(texts),
        offsets.to_pybytes(),
        data.to_pybytes() if data is not None else b"",
        validity.to_pybytes() if validity is not None else None,
        pa.types.is_large_string(texts.type),
    )
    if records is None:
        out = cleaner._clean_arrow(*args)
    else:
        out = cleaner._clean_jsonl_arrow(*args, field=records[0], report_field=records[1])
    new_offsets, new_data, verdicts, scores, findings, reports, errors = out
    cleaned = pa.Array.from_buffers(
        texts.type,
        len(texts),
        [validity, pa.py_buffer(new_offsets), pa.py_buffer(new_data)],
        null_count=texts.null_count,
    )
    cols = {"verdict": verdicts, "score": scores, "findings": findings, "report": reports, "error": errors}
    return cleaned, cols


def report_type() -> StructType:
    """The struct type of the report column."""
    from pyspark.sql.types import DoubleType, IntegerType, StringType, StructField, StructType

    return StructType(
        [
            StructField("verdict", StringType()),
            StructField("score", DoubleType()),
            StructField("findings", IntegerType()),
            StructField("report", StringType()),
            StructField("error", StringType()),
        ]
    )


def _report_array(cols: dict[str, list[Any]], string: pa.DataType) -> pa.StructArray:
    import pyarrow as pa

    return pa.StructArray.from_arrays(
        [
            pa.array(cols["verdict"], string),
            pa.array(cols["score"], pa.float64()),
            pa.array(cols["findings"], pa.int32()),
            pa.array(cols["report"], string),
            pa.array(cols["error"], string),
        ],
        names=["verdict", "score", "findings", "report", "error"],
    )


def _map_clean(
    df: DataFrame,
    column: str,
    report_column: str,
    output_column: str | None,
    options: tuple,
    records: tuple[str, str] | None,
) -> DataFrame:
    """:func:`clean` (``records`` None) and :func:`clean_jsonl` (``records``
    the text and report fields): the columns checked, then the options
    (``_options``' arguments), then the ``mapInArrow``."""
    from pyspark.sql.types import StringType, StructField, StructType

    if column not in df.columns:
        raise ValueError(f"no column {column!r} in {df.columns}")
    if not isinstance(df.schema[column].dataType, StringType):
        raise ValueError(f"column {column!r} is {df.schema[column].dataType}, not a string")
    for name in (report_column, output_column):
        if name is not None and name in df.columns:
            raise ValueError(f"column {name!r} is already in the DataFrame")
    if records is not None and not all(records):
        raise ValueError("field and report_field must be named")
    built = _options(*options)
    fields = list(df.schema.fields)
    if output_column is not None:
        fields.append(StructField(output_column, StringType()))
    fields.append(StructField(report_column, report_type()))
    schema = StructType(fields)
    at = df.columns.index(column)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        cleaner = _cleaner(built)
        for rb in batches:
            out, cols = _clean_arrow(cleaner, rb.column(at), records)
            arrays = list(rb.columns)
            names = list(rb.schema.names)
            if output_column is None:
                arrays[at] = out
            else:
                arrays.append(out)
                names.append(output_column)
            arrays.append(_report_array(cols, out.type))
            names.append(report_column)
            yield pa.RecordBatch.from_arrays(arrays, names=names)

    return df.mapInArrow(run, schema)


def clean(
    df: DataFrame,
    column: str = "text",
    mode: Literal["repair", "strip", "flag"] = "repair",
    report_column: str = "vnclean",
    output_column: str | None = None,
    normalize: bool = True,
    tone_style: Literal["traditional", "modern", "keep"] = "traditional",
    lexicons: Sequence[str | PathLike[str]] = (),
    default_lexicon: bool = True,
    lm: str | PathLike[str] | None = None,
) -> DataFrame:
    """``df`` with ``column`` cleaned and a ``report_column`` struct added.

    Args:
        df: the DataFrame; ``column`` must be a string column.
        column: the text to clean.
        mode: ``"repair"``, ``"strip"`` or ``"flag"`` (as ``vnclean clean``).
        report_column: the struct column added (verdict, score, findings,
            report as JSON, error).
        output_column: write the cleaned text here and keep ``column`` as
            it was; by default ``column`` is replaced.
        normalize, tone_style, lexicons, default_lexicon, lm: as for
            :class:`vnclean.Cleaner`. Lexicon and model files must be at
            the same path on every executor.
    """
    return _map_clean(
        df,
        column,
        report_column,
        output_column,
        (mode, normalize, tone_style, lexicons, default_lexicon, lm),
        None,
    )


def clean_jsonl(
    df: DataFrame,
    column: str = "value",
    field: str = "text",
    report_field: str = "spam",
    report_column: str = "vnclean",
    mode: Literal["repair", "strip", "flag"] = "repair",
    normalize: bool = True,
    tone_style: Literal["traditional", "modern", "keep"] = "traditional",
    lexicons: Sequence[str | PathLike[str]] = (),
    default_lexicon: bool = True,
    lm: str | PathLike[str] | None = None,
) -> DataFrame:
    """``df`` with ``column``, a column of JSON-lines records, cleaned as
    ``vnclean clean --format jsonl`` cleans them, and ``report_column``
    added (as for :func:`clean`).

    This is the way to clean JSON lines: read them with ``spark.read.text``
    and write them back with ``write.text``. Each record comes out as the
    CLI writes it, byte for byte: the text at ``field`` (a dotted path for
    nested objects) cleaned, the report under ``report_field``, every other
    member as it came. Spark's own JSON reader and writer cost more than
    the cleaning, and rewrite every record (numbers, key order, fields the
    schema did not name).

    A blank line stays blank, with a null report. A line that is not such a
    record (not JSON, no text field, a text that is not a string) stays as
    it was, with the reason in ``error``.

    Example::

        import vnclean.spark

        lines = spark.read.text("corpus/*.jsonl")
        out = vnclean.spark.clean_jsonl(lines, mode="repair")
        out.where("vnclean.verdict != 'spam' and vnclean.error is null") \
            .select("value").write.text("clean/")
        out.where("vnclean.error is not null").select("value", "vnclean.error").show()
    """
    return _map_clean(
        df,
        column,
        report_column,
        None,
        (mode, normalize, tone_style, lexicons, default_lexicon, lm),
        (field, report_field),
    )


def clean_udf(
    mode: Literal["repair", "strip", "flag"] = "repair",
    normalize: bool = True,
    tone_style: Literal["traditional", "modern", "keep"] = "traditional",
    lexicons: Sequence[str | PathLike[str]] = (),
    default_lexicon: bool = True,
    lm: str | PathLike[str] | None = None,
) -> Any:
    """A ``pandas_udf`` from a string column to a struct of the cleaned
    ``text`` and the report fields of :func:`clean`.

    Example::

        from vnclean.spark import clean_udf

        vn = clean_udf(mode="strip")
        df.select("id", vn("text").alias("v")).select("id", "v.text", "v.verdict")
    """
    import pandas as pd
    from pyspark.sql.functions import pandas_udf
    from pyspark.sql.types import StringType, StructField, StructType

    options = _options(mode, normalize, tone_style, lexicons, default_lexicon, lm)
    returns = StructType([StructField("text", StringType()), *report_type().fields])

    def vnclean_clean(texts: pd.Series) -> pd.DataFrame:
        # Spark's nulls reach pandas as None (or NaN in a column of nulls).
        values = [t if isinstance(t, str) or not pd.isna(t) else None for t in texts.tolist()]
        cleaned, cols = _clean_texts(_cleaner(options), values)
        frame = pd.DataFrame({"text": cleaned, **cols})
        frame["findings"] = frame["findings"].astype("Int32")
        return frame

    # This module's annotations are strings (PEP 563); pandas_udf reads
    # the types from them, so give it the types themselves.
    vnclean_clean.__annotations__ = {"texts": pd.Series, "return": pd.DataFrame}
    return pandas_udf(returns)(vnclean_clean)  # type: ignore[call-overload]
