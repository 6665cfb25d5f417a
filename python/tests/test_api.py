"""The Python API on real text: modes, offsets, batches, threads, pickling
and the errors a caller gets."""

from __future__ import annotations

import doctest
import pickle
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

import vnclean
from conftest import ROOT, cli

SEED = ROOT / "fixtures" / "seed"
SPAMMED = (SEED / "article.spammed.txt").read_text(encoding="utf-8")
GOLD = (SEED / "article.gold.txt").read_text(encoding="utf-8")
STRIPPED = (SEED / "article.stripped.txt").read_text(encoding="utf-8")
PHRASE = "lich truyen hinh truc tiep bong da"


def test_docstrings_run():
    import vnclean.datatrove
    import vnclean.spark

    for module in (vnclean, vnclean._native, vnclean.datatrove, vnclean.spark):
        failed, _ = doctest.testmod(module)
        assert failed == 0, module.__name__
    assert doctest.testmod(vnclean)[1] > 0
    # The native classes' and functions' examples.
    assert doctest.testmod(vnclean._native)[1] >= 4


def test_seed_article_is_repaired_and_stripped_byte_for_byte():
    repaired = vnclean.Cleaner(mode="repair", normalize=False).clean(SPAMMED)
    assert repaired.text == GOLD
    assert repaired.verdict == "injected"
    assert len(repaired.findings) == 73
    assert {f.action for f in repaired.findings} == {"replaced"}
    assert {f.replacement for f in repaired.findings} == {"học"}
    stripped = vnclean.Cleaner(mode="strip", normalize=False).clean(SPAMMED)
    assert stripped.text == STRIPPED


def test_flag_changes_nothing_and_returns_the_same_object():
    out = vnclean.Cleaner(mode="flag").clean(SPAMMED)
    assert out.text is SPAMMED
    assert len(out.findings) == 73
    assert {f.action for f in out.findings} == {"flagged"}


def test_finding_offsets_are_python_indices_and_bytes():
    # Characters outside the BMP and marks before the spam: Python indices,
    # UTF-8 bytes and UTF-16 units all differ here.
    text = "Tin 🎉 nóng hổi: Hội khuyến học các tỉnh, xem soi keo nha cai tại đây 😀."
    out = vnclean.Cleaner(mode="flag").clean(text)
    (f,) = out.findings
    assert text[f.start : f.end] == f.text == "soi keo nha cai"
    raw = text.encode("utf-8")
    assert raw[f.byte_start : f.byte_end].decode("utf-8") == f.text
    assert f.byte_start > f.start
    assert out.offsets == "input"
    report = out.report["findings"][0]
    assert (report["start"], report["end"]) == (f.byte_start, f.byte_end)
    assert f.source == "lexicon" and f.phrase == "soi keo nha cai"
    # (Written bare once in accented text, the judge weighs it too.)
    assert [e["entry"] for e in f.evidence if e["kind"] == "lexicon"] == ["soi kèo nhà cái"]


def test_report_matches_the_cli_on_one_text(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(SPAMMED, encoding="utf-8")
    report = tmp_path / "report.json"
    run = subprocess.run(
        [str(cli()), "clean", "--report", str(report), str(path)], check=True, capture_output=True
    )
    out = vnclean.Cleaner().clean(SPAMMED)
    assert out.text == run.stdout.decode("utf-8")
    import json

    assert out.report == json.loads(report.read_text(encoding="utf-8"))
    assert json.loads(out.report_json) == out.report


def test_batch_equals_one_by_one_on_any_number_of_threads():
    texts = [p for p in SPAMMED.split("\n") if p.strip()] + [GOLD, "", "xem soi keo nha cai"]
    c = vnclean.Cleaner()
    one = [(o.text, o.report) for o in map(c.clean, texts)]
    for threads in (1, 2, 0):
        batch = c.clean_batch(texts, threads=threads)
        assert [(o.text, o.report) for o in batch] == one
    assert c.clean_batch(iter(texts[:3])) and c.clean_batch([]) == []
    assert [v for v, _ in c.check_batch(texts, threads=2)] == [o.verdict for o in map(c.scan, texts)]


def test_one_cleaner_shared_between_threads():
    c = vnclean.Cleaner()
    docs = [SPAMMED, GOLD] * 8
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda t: c.clean(t).text, docs))
    assert texts == [c.clean(SPAMMED).text, c.clean(GOLD).text] * 8


def test_check_ignores_the_mode():
    c = vnclean.Cleaner(mode="repair")
    verdict, score = c.check(SPAMMED)
    assert verdict == "injected" and 0.5 < score <= 1.0
    assert c.check(GOLD) == ("clean", c.scan(GOLD).score)
    scanned = c.scan(SPAMMED)
    assert scanned.text is SPAMMED and {f.action for f in scanned.findings} == {"flagged"}


def test_doorway_title_is_spam():
    assert vnclean.Cleaner().check("KUWIN | xo so mien bac hom nay | lo de online uy tin")[0] == "spam"


def test_pickle_rebuilds_from_options(tmp_path):
    lexicon = tmp_path / "own.tsv"
    lexicon.write_text("zizabet\tbrand\t1.0\tsuspect\n", encoding="utf-8")
    c = vnclean.Cleaner(mode="strip", tone_style="modern", lexicons=[lexicon])
    text = "Bài viết về bóng đá Việt Nam, hôm nay xem nha cai zizabet ở đây nhé các bạn."
    again = pickle.loads(pickle.dumps(c))
    assert again.options == c.options == {
        "mode": "strip",
        "normalize": True,
        "tone_style": "modern",
        "lexicons": [str(lexicon)],
        "default_lexicon": True,
        "lm": None,
    }
    assert again.clean(text).text == c.clean(text).text
    assert "zizabet" not in again.clean(text).text
    assert repr(again).startswith('Cleaner(mode="strip"')
    n = pickle.loads(pickle.dumps(vnclean.Normalizer(tone_style="modern")))
    assert n.normalize("hòa thủy") == "hoà thuỷ"


def test_bad_options_and_files_name_the_problem(tmp_path):
    with pytest.raises(ValueError, match="unknown mode 'drop'"):
        vnclean.Cleaner(mode="drop")
    with pytest.raises(ValueError, match="unknown tone style"):
        vnclean.Cleaner(tone_style="new")
    with pytest.raises(FileNotFoundError, match="nowhere.tsv"):
        vnclean.Cleaner(lexicons=[tmp_path / "nowhere.tsv"])
    with pytest.raises(FileNotFoundError, match="no such language model"):
        vnclean.Cleaner(lm=tmp_path / "nowhere.lm")
    bad = tmp_path / "bad.tsv"
    bad.write_text("soi keo\tbetting\t1.0\nxem\tnot-a-category\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2: "):
        vnclean.Cleaner(lexicons=[bad])
    model = tmp_path / "bad.lm"
    model.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="bad.lm"):
        vnclean.Cleaner(lm=model)


def test_bad_text_raises_a_clear_error():
    c = vnclean.Cleaner()
    with pytest.raises(ValueError, match="lone surrogate at character 3"):
        c.clean("abc\ud800 soi keo")
    with pytest.raises(ValueError, match=r"texts\[1\] has a lone surrogate at character 0"):
        c.clean_batch(["ok", "\udfff"])
    with pytest.raises(TypeError, match=r"texts\[2\] must be str, not NoneType"):
        c.clean_batch(["a", "b", None])
    with pytest.raises(TypeError, match="not one str"):
        c.clean_batch("one text")
    with pytest.raises(TypeError, match="text must be str, not bytes"):
        c.clean(b"bytes")
    with pytest.raises(ValueError, match="lone surrogate"):
        vnclean.normalize("\ud83d")
    with pytest.raises(ValueError, match="lone surrogate"):
        vnclean.fold("x\ud83d")


def test_normalize_and_fold():
    assert vnclean.normalize("Viá»‡t Nam  ho\u0300a bi\u0300nh") == "Việt Nam hòa bình"
    assert vnclean.normalize("hòa", tone_style="modern") == "hoà"
    same = "Việt Nam"
    assert vnclean.normalize(same) is same
    assert vnclean.fold("S\u200bOI kèо nhà CÁI") == "soi keo nha cai"
    n = vnclean.Normalizer(html_entities=True, legacy="off")
    assert n.normalize("Vi&#7879;t") == "Việt"
    assert n.normalize_batch(["Vi&#7879;t", same], threads=2) == ["Việt", same]
    with pytest.raises(ValueError, match="unknown legacy"):
        vnclean.Normalizer(legacy="utf-7")


def test_legacy_encoded_offsets_point_into_the_decoded_text():
    # TCVN3 bytes read as Latin-1: the spam can only be read once decoded.
    text = "Héi khuyÕn häc c¸c tØnh, xem soi keo nha cai t¹i ®©y. Héi khuyÕn häc trao th­ëng."
    out = vnclean.Cleaner(mode="flag").clean(text)
    assert out.offsets == "normalized"
    decoded = vnclean.normalize(text)
    (f,) = out.findings
    assert decoded[f.start : f.end] == f.text == "soi keo nha cai"
