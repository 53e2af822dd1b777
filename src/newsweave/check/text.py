"""Text helpers shared by the signals: folding case, diacritics and quote marks; source sentences with offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..split import join_quotations, sentence_spans

__all__ = ["SourceSentence", "fold", "folded_words", "sentences_of", "split_sources"]

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Curly and angled quote marks and apostrophes, and dashes, to their plain forms.
_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """One sentence of one source, with its offsets into that source's text."""

    source: int
    start: int
    end: int
    text: str


def fold(text: str) -> str:
    """``text`` lowercased, without diacritics ("Zarif" = "zarif", "Pétain" = "petain"), quote marks made plain."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_MARKS).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> list[str]:
    """Folded runs of letters and digits: "Jean-Yves Le Drian's" gives jean, yves, le, drian, s."""
    return _WORD.findall(fold(text))


def sentences_of(text: str, source: int = 0, offset: int = 0) -> list[SourceSentence]:
    """The sentences of ``text`` (line by line, quotations spanning sentences kept whole)."""
    out = []
    for line in _LINE.finditer(text):
        para = line.group()
        for start, end in join_quotations(para, sentence_spans(para)):
            a, b = offset + line.start() + start, offset + line.start() + end
            out.append(SourceSentence(source, a, b, para[start:end]))
    return out


def split_sources(sources: list[str] | tuple[str, ...]) -> list[SourceSentence]:
    """Every sentence of every source, in source order."""
    return [s for i, text in enumerate(sources) for s in sentences_of(text, i)]
