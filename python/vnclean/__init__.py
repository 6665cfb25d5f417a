"""vnclean: normalise Vietnamese text and find, strip and repair injected SEO spam.

The engine is the Rust library of the same name; this package binds it
(``vnclean._native``) and adds the corpus-pipeline integrations:

- :class:`Cleaner`: find the spam in a text, cut it out (``mode="strip"``),
  put back the word it displaced (``"repair"``, the default) or only report
  it (``"flag"``), then normalise. Built once, shared between threads, and
  pickled as its options (a worker process rebuilds it).
- :class:`Normalizer`, :func:`normalize`: Unicode composition, tone-mark
  placement, look-alike letters, invisible characters, spacing, mojibake,
  legacy encodings; no spam detection.
- :func:`fold`: the accent- and obfuscation-insensitive search key.
- :mod:`vnclean.datatrove`: a datatrove filter and formatter.
- :mod:`vnclean.spark`: cleaning a Spark DataFrame column.

>>> import vnclean
>>> c = vnclean.Cleaner(mode="strip")
>>> out = c.clean("Hội khuyến học trao thưởng, xem soi keo nha cai ngay.")
>>> out.text
'Hội khuyến học trao thưởng, xem ngay.'
>>> out.verdict
'injected'
>>> f = out.findings[0]
>>> "Hội khuyến học trao thưởng, xem soi keo nha cai ngay."[f.start:f.end]
'soi keo nha cai'
>>> vnclean.fold("Lịch TRỰC TIẾP bóng đá")
'lich truc tiep bong da'
"""

from vnclean._native import (
    Cleaned,
    Cleaner,
    Finding,
    Normalizer,
    __version__,
    fold,
    normalize,
)

__all__ = [
    "Cleaned",
    "Cleaner",
    "Finding",
    "Normalizer",
    "__version__",
    "fold",
    "normalize",
]
