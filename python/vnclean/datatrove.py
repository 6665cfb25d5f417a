"""datatrove pipeline steps: clean, label or drop Vietnamese SEO spam.

:class:`VncleanFilter` cleans ``doc.text`` in place (strip or repair), puts
the verdict, score and number of findings in ``doc.metadata["vnclean"]``
and, with ``drop_spam=True``, drops pages that are spam from top to bottom
(reason ``vnclean_spam``, through the exclusion writer when one is given).
:class:`VncleanFormatter` only normalises.

Both are lazy: the native cleaner is built on first use in the worker that
runs the step, so a pipeline pickles across datatrove's worker processes
without shipping anything native.

Example::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from vnclean.datatrove import VncleanFilter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("corpus/"),
        VncleanFilter(drop_spam=True, exclusion_writer=JsonlWriter("out/spam/")),
        JsonlWriter("out/clean/"),
    ], tasks=8, workers=8).run()
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import Any, Literal

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.batching import batched
    from datatrove.utils.typeshelper import StatHints
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"vnclean.datatrove needs datatrove, regex and orjson ({e}): "
        "pip install 'vnclean[datatrove]'"
    ) from e

from vnclean._native import Cleaner, Normalizer

__all__ = ["VncleanFilter", "VncleanFormatter"]

#: The reason (and stat name suffix) of a page dropped as spam.
SPAM_REASON = "vnclean_spam"
#: The reason of a document that could not be read (``on_error="drop"``).
ERROR_REASON = "vnclean_error"


class VncleanFilter(BaseFilter):
    """Cleans Vietnamese SEO spam out of ``doc.text``.

    Args:
        mode: ``"repair"`` (put back the word a phrase displaced, cut the
            rest), ``"strip"`` (cut) or ``"flag"`` (change nothing).
        drop_spam: drop pages judged spam from top to bottom.
        label_only: annotate ``doc.metadata`` and change nothing (the text
            stays as it came and no page is dropped).
        normalize, tone_style, lexicons, default_lexicon, lm: as for
            :class:`vnclean.Cleaner`.
        batch_size: documents cleaned per native call.
        threads: native threads per batch (1 suits datatrove's one process
            per task; 0 means one per core).
        metadata_key: where the annotation goes in ``doc.metadata``.
        keep_report: also store the full JSON report (as a string) under
            ``doc.metadata[metadata_key]["report"]``.
        on_error: ``"raise"`` stops the task on a text vnclean cannot read
            (not a str, or a lone surrogate); ``"drop"`` drops that document
            with reason ``vnclean_error`` and the message in its metadata.
        exclusion_writer: where dropped documents go.
    """

    name = "🧹 vnclean"

    def __init__(
        self,
        mode: Literal["repair", "strip", "flag"] = "repair",
        drop_spam: bool = False,
        label_only: bool = False,
        normalize: bool = True,
        tone_style: Literal["traditional", "modern", "keep"] = "traditional",
        lexicons: Sequence[str | PathLike[str]] = (),
        default_lexicon: bool = True,
        lm: str | PathLike[str] | None = None,
        batch_size: int = 256,
        threads: int = 1,
        metadata_key: str = "vnclean",
        keep_report: bool = False,
        on_error: Literal["raise", "drop"] = "raise",
        exclusion_writer: Any = None,
    ):
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        if label_only and drop_spam:
            raise ValueError("label_only changes nothing and drop_spam drops pages: choose one")
        if mode not in ("repair", "strip", "flag"):
            raise ValueError(f"unknown mode {mode!r}: expected repair, strip or flag")
        if on_error not in ("raise", "drop"):
            raise ValueError(f"unknown on_error {on_error!r}: expected raise or drop")
        self.options = dict(
            mode="flag" if label_only else mode,
            normalize=normalize and not label_only,
            tone_style=tone_style,
            lexicons=[str(p) for p in lexicons],
            default_lexicon=default_lexicon,
            lm=None if lm is None else str(lm),
        )
        self.drop_spam = drop_spam
        self.threads = threads
        self.metadata_key = metadata_key
        self.keep_report = keep_report
        self.on_error = on_error
        self._cleaner: Cleaner | None = None

    @property
    def cleaner(self) -> Cleaner:
        """The native cleaner, built on first use in this process."""
        if self._cleaner is None:
            self._cleaner = Cleaner(**self.options)
        return self._cleaner

    def __getstate__(self) -> dict:
        # The native cleaner is rebuilt where the step runs.
        state = self.__dict__.copy()
        state["_cleaner"] = None
        return state

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        try:
            outs: list[Any] = self.cleaner.clean_batch([d.text for d in batch], self.threads)
        except (TypeError, ValueError):
            # One bad text fails the batch: find which, one by one.
            outs = []
            for d in batch:
                try:
                    outs.append(self.cleaner.clean(d.text))
                except (TypeError, ValueError) as e:
                    if self.on_error == "raise":
                        raise ValueError(f"document {d.id!r}: {e}") from e
                    outs.append(e)
        return [self._apply(d, out) for d, out in zip(batch, outs)]

    def _apply(self, doc: Document, out: Any) -> bool | tuple[bool, str]:
        if isinstance(out, Exception):
            doc.metadata[self.metadata_key] = {"error": str(out)}
            self.stat_update(ERROR_REASON)
            return False, ERROR_REASON
        label = {"verdict": out.verdict, "score": out.score, "findings": len(out.findings)}
        if self.keep_report:
            label["report"] = out.report_json
        doc.metadata[self.metadata_key] = label
        self.stat_update(f"vnclean_{out.verdict}")
        if label["findings"]:
            self.stat_update("vnclean_findings", value=label["findings"])
        if self.drop_spam and out.verdict == "spam":
            return False, SPAM_REASON
        doc.text = out.text
        return True


class VncleanFormatter(BaseFormatter):
    """Normalises ``doc.text`` (no spam detection): Unicode composition,
    tone-mark placement, look-alike letters, invisible characters, spacing,
    mojibake and legacy encodings.

    Args:
        tone_style, legacy, nfc, confusables, invisible, spaces,
            line_endings, mojibake, html_entities: as for
            :class:`vnclean.Normalizer`.
        batch_size: documents normalised per native call.
        threads: native threads per batch.
    """

    name = "🔤 vnclean normalise"

    def __init__(
        self,
        tone_style: Literal["traditional", "modern", "keep"] = "traditional",
        legacy: Literal["detect", "off", "tcvn3", "vni", "viscii"] = "detect",
        nfc: bool = True,
        confusables: bool = True,
        invisible: bool = True,
        spaces: bool = True,
        line_endings: bool = True,
        mojibake: bool = True,
        html_entities: bool = False,
        batch_size: int = 256,
        threads: int = 1,
    ):
        super().__init__()
        self.options = dict(
            tone_style=tone_style,
            legacy=legacy,
            nfc=nfc,
            confusables=confusables,
            invisible=invisible,
            spaces=spaces,
            line_endings=line_endings,
            mojibake=mojibake,
            html_entities=html_entities,
        )
        # Checks the options now, in the driver, rather than in a worker.
        Normalizer(**self.options)
        self.batch_size = batch_size
        self.threads = threads
        self._normalizer: Normalizer | None = None

    @property
    def normalizer(self) -> Normalizer:
        """The native normaliser, built on first use in this process."""
        if self._normalizer is None:
            self._normalizer = Normalizer(**self.options)
        return self._normalizer

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_normalizer"] = None
        return state

    def format(self, text: str) -> str:
        return self.normalizer.normalize(text)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for batch in batched(data, self.batch_size):
            with self.track_time("batch"):
                texts = self.normalizer.normalize_batch([d.text for d in batch], self.threads)
            for doc, text in zip(batch, texts):
                self.stat_update(StatHints.total)
                if text is not doc.text:
                    self.stat_update("vnclean_normalized")
                doc.text = text
                yield doc
