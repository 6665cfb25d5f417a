"""The Python batch gives what `vnclean clean --format jsonl` gives, text
and report, record for record, in every mode."""

from __future__ import annotations

import pytest

import vnclean
from conftest import cli_jsonl, read_jsonl, shared


@pytest.mark.parametrize("mode", ["repair", "strip", "flag"])
@pytest.mark.parametrize("normalize", [True, False])
def test_devset_batch_equals_cli(mode, normalize):
    devset = shared("eval", "devset.jsonl")
    records = read_jsonl(devset)
    args = ["--mode", mode] + ([] if normalize else ["--no-normalize"])
    expected = cli_jsonl(devset, *args)
    assert len(expected) == len(records) == 600
    c = vnclean.Cleaner(mode=mode, normalize=normalize)
    got = c.clean_batch([r["text"] for r in records], threads=2)
    spam = 0
    for record, want, out in zip(records, expected, got):
        assert want["id"] == record["id"]
        assert out.text == want["text"], record["id"]
        assert out.report == want["spam"], record["id"]
        spam += out.verdict != "clean"
    # Half the devset is attacked: the comparison covers findings.
    assert spam == 300
