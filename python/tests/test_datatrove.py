"""A datatrove pipeline with two tasks on two workers: every document is
written or excluded, the stats count them, and the cleaned text is the
CLI's."""

from __future__ import annotations

import gzip
import json
import pickle
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, cli_jsonl, read_jsonl, shared

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from vnclean.datatrove import VncleanFilter, VncleanFormatter  # noqa: E402


def read_written(folder):
    docs = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            docs += [json.loads(line) for line in f]
    return docs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The dev split and generated doorway, tone-noise and injected pages,
    as two input files (one a task)."""
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(shared("corpus", "dev.jsonl"), folder / "dev.jsonl")
    pages = folder / "pages.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_pages.py"), "--half", "held", "--n", "6",
         "--out", str(pages), "--corpus-dir", str(shared("corpus"))],
        check=True,
        capture_output=True,
    )
    # Keep the generated patterns; the corpus pages it adds are dev's and
    # train's own documents.
    keep = [r for r in read_jsonl(pages) if not r["pattern"].startswith("corpus_")]
    pages.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in keep), "utf-8")
    return folder


def test_filter_writes_or_excludes_every_document(inputs, tmp_path):
    out, excluded, logs = tmp_path / "out", tmp_path / "excluded", tmp_path / "logs"
    step = VncleanFilter(drop_spam=True, exclusion_writer=JsonlWriter(str(excluded)))
    # The step pickles before it has built anything native.
    assert step._cleaner is None and pickle.loads(pickle.dumps(step))._cleaner is None
    executor = LocalPipelineExecutor(
        pipeline=[JsonlReader(str(inputs)), step, JsonlWriter(str(out))],
        tasks=2,
        workers=2,
        logging_dir=str(logs),
    )
    executor.run()
    total = sum(len(read_jsonl(p)) for p in inputs.glob("*.jsonl"))
    written, dropped = read_written(out), read_written(excluded)
    assert len(written) + len(dropped) == total
    ids = {d["id"] for d in written} | {d["id"] for d in dropped}
    assert len(ids) == total

    # Every dropped page is whole-page spam, with its reason; the generated
    # doorways are among them, and no dev document is.
    assert dropped and all(d["metadata"]["filter_reason"] == "vnclean_spam" for d in dropped)
    assert all(d["metadata"]["vnclean"]["verdict"] == "spam" for d in dropped)
    labels = {r["id"]: r for r in read_jsonl(inputs / "pages.jsonl")}
    spam_pages = {i for i, r in labels.items() if r["label"] == "spam"}
    assert len({d["id"] for d in dropped} & spam_pages) >= 0.9 * len(spam_pages)
    dev_ids = {r["id"] for r in read_jsonl(inputs / "dev.jsonl")}
    assert not dev_ids & {d["id"] for d in dropped}

    # The stats datatrove merged over both tasks count the same.
    stats = json.loads((logs / "stats.json").read_text())
    filt = next(s for s in stats if "vnclean" in s["name"])
    assert filt["stats"]["total"] == total
    assert filt["stats"]["forwarded"] == len(written)
    assert filt["stats"]["dropped"] == filt["stats"]["dropped_vnclean_spam"] == len(dropped)
    assert filt["stats"]["vnclean_spam"] == len(dropped)

    # What was written is what the CLI writes for the same documents.
    cli = {}
    for path in inputs.glob("*.jsonl"):
        cli.update({r["id"]: r for r in cli_jsonl(path)})
    injected = 0
    for d in written:
        want = cli[d["id"]]
        assert d["text"] == want["text"], d["id"]
        label = d["metadata"]["vnclean"]
        assert label["verdict"] == want["spam"]["verdict"]
        assert label["findings"] == len(want["spam"]["findings"])
        injected += label["verdict"] == "injected"
    assert injected > 0


def test_label_only_changes_nothing(inputs):
    docs = [Document(text=r["text"], id=r["id"]) for r in read_jsonl(inputs / "pages.jsonl")]
    before = [d.text for d in docs]
    step = VncleanFilter(label_only=True, batch_size=7, keep_report=True)
    kept = list(step.run(iter(docs)))
    assert [d.text for d in kept] == before
    verdicts = {d.metadata["vnclean"]["verdict"] for d in kept}
    assert verdicts == {"clean", "injected", "spam"}
    for d in kept:
        label = d.metadata["vnclean"]
        assert json.loads(label["report"])["verdict"] == label["verdict"]
    with pytest.raises(ValueError, match="choose one"):
        VncleanFilter(label_only=True, drop_spam=True)


def test_bad_text_is_dropped_with_its_reason_or_raises():
    docs = [Document(text="xem soi keo nha cai ngay", id="a"), Document(text="x\ud800", id="b")]
    kept = list(VncleanFilter(on_error="drop").run(iter(docs)))
    assert [d.id for d in kept] == ["a"] and kept[0].text == "xem ngay"
    assert "lone surrogate" in docs[1].metadata["vnclean"]["error"]
    with pytest.raises(ValueError, match="document 'b': text has a lone surrogate"):
        list(VncleanFilter().run(iter([Document(text="x\ud800", id="b")])))


def test_formatter_normalises_only():
    docs = [Document(text="Viá»‡t Nam  ho\u0300a bi\u0300nh, soi keo nha cai", id="1")]
    step = VncleanFormatter(tone_style="modern")
    (doc,) = list(pickle.loads(pickle.dumps(step)).run(iter(docs)))
    assert doc.text == "Việt Nam hoà bình, soi keo nha cai"
