"""Type stubs of the native module (``python/src/lib.rs``)."""

from collections.abc import Iterable
from os import PathLike
from typing import Any, Literal, final

Mode = Literal["repair", "strip", "flag"]
ToneStyle = Literal["traditional", "modern", "keep"]
Verdict = Literal["clean", "injected", "spam"]
LegacySetting = Literal["detect", "off", "tcvn3", "vni", "viscii"]

__version__: str

@final
class Finding:
    """One spam span.

    ``start``/``end`` are Python string offsets (``text[f.start:f.end] ==
    f.text``), ``byte_start``/``byte_end`` UTF-8 byte offsets (the CLI
    report's ``start``/``end``), both into the text the report's ``offsets``
    names: the input, or for legacy encodings and mojibake the decoded text.
    """

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def byte_start(self) -> int: ...
    @property
    def byte_end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def phrase(self) -> str:
        """The canonical (folded) phrase it is an instance of."""
    @property
    def source(self) -> str:
        """Which detector found it: "lexicon", "repeated", "keywords", ..."""
    @property
    def score(self) -> float: ...
    @property
    def action(self) -> Literal["removed", "replaced", "flagged"]: ...
    @property
    def replacement(self) -> str | None:
        """The word put back in its place, when ``action == "replaced"``."""
    @property
    def evidence(self) -> list[dict[str, Any]]:
        """What the judgement rests on, as in the report."""

@final
class Cleaned:
    """One cleaned text and its report."""

    @property
    def text(self) -> str:
        """The text with its spam handled (the input object when unchanged)."""
    @property
    def verdict(self) -> Verdict: ...
    @property
    def score(self) -> float: ...
    @property
    def offsets(self) -> Literal["input", "normalized"]: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def report(self) -> dict[str, Any]:
        """The report as a dict, equal to what ``vnclean clean --format
        jsonl`` writes under its report field."""
    @property
    def report_json(self) -> str:
        """The report as JSON text."""

@final
class Cleaner:
    """Finds, strips or repairs Vietnamese SEO spam, and normalises.

    Build once and share: it is immutable and safe to use from many
    threads; it pickles as its options (a worker process rebuilds it,
    reading its lexicon and model files again).

    Args:
        mode: "repair" puts back the word a phrase displaced and cuts the
            rest; "strip" cuts; "flag" changes nothing.
        normalize: normalise the text (else it changes only where spam is
            cut).
        tone_style: where tone marks go when normalising.
        lexicons: lexicon files (phrase, category, weight, flags;
            tab-separated) added to the default lexicon.
        default_lexicon: start from the embedded default lexicon.
        lm: a language model file (``vnclean lm train``) for repair.

    Raises:
        ValueError: an unknown mode or tone style, a bad lexicon line (its
            file and line are named) or a file that is not a model.
        FileNotFoundError: a lexicon or model file that is not there.

    >>> import vnclean
    >>> c = vnclean.Cleaner(mode="strip")
    >>> c.clean("Hội khuyến học trao thưởng, xem soi keo nha cai ngay.").text
    'Hội khuyến học trao thưởng, xem ngay.'
    """

    def __init__(
        self,
        mode: Mode = "repair",
        normalize: bool = True,
        tone_style: ToneStyle = "traditional",
        lexicons: Iterable[str | PathLike[str]] | None = None,
        default_lexicon: bool = True,
        lm: str | PathLike[str] | None = None,
    ) -> None: ...
    @property
    def mode(self) -> Mode: ...
    @property
    def options(self) -> dict[str, Any]:
        """The keyword arguments the cleaner was built with."""
    def clean(self, text: str) -> Cleaned:
        """Cleans one text. Raises ``ValueError`` on a lone surrogate
        (naming its place) and ``TypeError`` on a value that is not str."""
    def clean_batch(self, texts: Iterable[str], threads: int = 1) -> list[Cleaned]:
        """Cleans many texts with the GIL released, on ``threads`` threads
        (0: one per core); results in order. A bad item raises before any
        work, naming its index (``texts[3] has a lone surrogate ...``)."""
    def check(self, text: str) -> tuple[Verdict, float]:
        """The verdict and its score, as ``vnclean check`` reads them;
        nothing is cut, whatever the mode."""
    def check_batch(self, texts: Iterable[str], threads: int = 1) -> list[tuple[Verdict, float]]: ...
    def scan(self, text: str) -> Cleaned:
        """The full report of ``check``: findings flagged, text unchanged."""

@final
class Normalizer:
    """Normalises Vietnamese text, with no spam detection.

    Args:
        tone_style: where tone marks go ("keep" leaves them).
        legacy: decode TCVN3/VNI/VISCII text that arrives as Latin-1
            look-alikes when detected ("detect"), always from one encoding,
            or never ("off").
        nfc, confusables, invisible, spaces, line_endings, mojibake,
            html_entities: the rules (composition, look-alike letters,
            invisible characters, spacing, CRLF, mojibake repair, HTML
            character references).

    >>> import vnclean
    >>> vnclean.Normalizer(tone_style="modern").normalize("hòa thủy")
    'hoà thuỷ'
    """

    def __init__(
        self,
        tone_style: ToneStyle = "traditional",
        legacy: LegacySetting = "detect",
        nfc: bool = True,
        confusables: bool = True,
        invisible: bool = True,
        spaces: bool = True,
        line_endings: bool = True,
        mojibake: bool = True,
        html_entities: bool = False,
    ) -> None: ...
    def normalize(self, text: str) -> str: ...
    def normalize_batch(self, texts: Iterable[str], threads: int = 1) -> list[str]: ...

def normalize(text: str, tone_style: ToneStyle = "traditional") -> str:
    """Normalises one text with the default rules.

    >>> import vnclean
    >>> vnclean.normalize("Viá»‡t Nam  ho\\u0300a bi\\u0300nh")
    'Việt Nam hòa bình'
    """

def fold(text: str) -> str:
    """The accent- and obfuscation-insensitive search key: lower case, no
    marks, look-alikes and invisible characters resolved.

    >>> import vnclean
    >>> vnclean.fold("S\\u200bOI kèо nhà CÁI")
    'soi keo nha cai'
    """
