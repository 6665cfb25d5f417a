"""The Arrow path of vnclean.spark, without Spark: buffers in, buffers out,
equal to clean_batch, nulls kept, slices and large strings read, and text
that is not UTF-8 reported, never passed on as a broken string."""

from __future__ import annotations

import pytest

import vnclean
from conftest import ROOT

pa = pytest.importorskip("pyarrow")

from vnclean.spark import _clean_arrow  # noqa: E402

SEED = (ROOT / "fixtures" / "seed" / "article.spammed.txt").read_text(encoding="utf-8")
TEXTS = [p for p in SEED.split("\n") if p.strip()][:40] + ["", "xem soi keo nha cai ngay"]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_buffers_give_what_clean_batch_gives(kind):
    c = vnclean.Cleaner()
    texts = [None] + TEXTS[:20] + [None] + TEXTS[20:]
    column = pa.array(texts, kind)
    out, cols = _clean_arrow(c, column)
    out.validate(full=True)
    assert out.type == kind and out.null_count == 2
    want = c.clean_batch([t for t in texts if t is not None])
    got = [t for t in out.to_pylist() if t is not None]
    assert got == [w.text for w in want]
    reports = [r for r in cols["report"] if r is not None]
    assert reports == [w.report_json for w in want]
    assert cols["verdict"][0] is None and cols["error"][0] is None
    assert sum(v == "injected" for v in cols["verdict"] if v) > 10

    # A slice starts inside its parent's buffers.
    part = column.slice(5, 10)
    sliced, _ = _clean_arrow(c, part)
    assert sliced.to_pylist() == out.to_pylist()[5:15]


def test_text_that_is_not_utf8_is_reported_and_replaced():
    good = "xem soi keo nha cai ngay".encode()
    bad = b"Hi\xff there"
    data = good + bad
    offsets = pa.array([0, len(good), len(data)], pa.int32())
    column = pa.Array.from_buffers(pa.string(), 2, [None, offsets.buffers()[1], pa.py_buffer(data)])
    out, cols = _clean_arrow(vnclean.Cleaner(mode="strip"), column)
    out.validate(full=True)
    assert out.to_pylist() == ["xem ngay", "Hi\ufffd there"]
    assert cols["error"] == [None, "row 1: invalid UTF-8 at byte 2 of the text"]
    assert cols["verdict"] == ["spam", None]
