"""Reading the model's answer: sentences, and the source ids each one cites.

Models do not always follow instructions, and small ones rarely do. The parser keeps
what can be checked and says what it dropped:

- ids are read in the forms models write: ``[S3]``, ``[S3][S7]``, ``[S3, S7]``,
  ``[s3]``, ``[3]``, ``(S3)``; ids that name no source sentence are kept apart as
  ``unknown`` (the sentence is then flagged, never shown as checked);
- list bullets, numbering, headings, bold markers and an introduction line ending in
  a colon ("Here is the digest:") are removed;
- a sentence with no ids is kept (it is checked against the best-matching source
  sentences instead, and marked as citing none);
- when the answer was cut at its token limit, a last sentence that does not end is
  dropped;
- an answer with no sentence left raises :class:`GenerationError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import GenerationError
from ..split import paragraphs, sentence_spans

__all__ = ["Draft", "DraftSentence", "parse_answer"]

# One citation group: [S3], [S3, S7], [3], (S3; S4). A bare number in brackets counts:
# small models drop the "S" ("[3]") more often than they write a footnote.
_GROUP = re.compile(r"\s*[\[(]\s*((?:S?\d+)(?:\s*[,;/&]\s*(?:and\s+)?S?\d+)*)\s*[\])]", re.IGNORECASE)
_ID = re.compile(r"\d+")
_BULLET = re.compile(r"^\s*(?:#{1,6}\s+|[-*•·]\s+|\d{1,2}[.)]\s+)")
_MIN_WORDS = 3
_ENDS = ('.', '!', '?', '"', '”', "'", '’', ')')


@dataclass(frozen=True, slots=True)
class DraftSentence:
    """One sentence of the answer, its citation marks removed."""

    text: str
    ids: tuple[str, ...]  # cited ids that are source sentences, in order, once each
    unknown: tuple[str, ...] = ()  # cited ids that are not


@dataclass(frozen=True, slots=True)
class Draft:
    """The answer read as sentences; ``dropped`` holds what was left out, and why."""

    sentences: tuple[DraftSentence, ...]
    dropped: tuple[str, ...] = ()


def _strip_groups(line: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """``line`` without its citation groups, and each group's ids with where it stood in the result."""
    out: list[str] = []
    groups: list[tuple[int, list[str]]] = []
    at = 0
    length = 0
    for m in _GROUP.finditer(line):
        out.append(line[at : m.start()])
        length += m.start() - at
        groups.append((length, [f"S{int(n)}" for n in _ID.findall(m.group(1))]))
        at = m.end()
    out.append(line[at:])
    return "".join(out), groups


def _clean(line: str) -> str:
    line = _BULLET.sub("", line).replace("**", "").replace("__", "")
    return line.strip()


def _sentences_of(line: str, known: set[str]) -> list[DraftSentence]:
    text, groups = _strip_groups(line)
    spans = sentence_spans(text) or [(0, len(text))]
    found: list[DraftSentence] = []
    for k, (start, end) in enumerate(spans):
        stop = spans[k + 1][0] if k + 1 < len(spans) else len(text) + 1
        # A group belongs to the sentence it follows (ids come after the full stop).
        cited = [i for pos, ids in groups if (start < pos <= stop or (k == 0 and pos <= start)) for i in ids]
        unique = list(dict.fromkeys(cited))
        body = " ".join(text[start:end].split())
        found.append(
            DraftSentence(body, tuple(i for i in unique if i in known), tuple(i for i in unique if i not in known))
        )
    return found


def parse_answer(answer: str, known: set[str], *, finish_reason: str = "stop") -> Draft:
    """The sentences of ``answer`` with the ids they cite (``known``: the ids shown to the model).

    Raises:
        GenerationError: no sentence of three words or more is left.
    """
    sentences: list[DraftSentence] = []
    dropped: list[str] = []
    lines = [_clean(p) for p in paragraphs(answer)]
    for line in lines:
        if not line:
            continue
        if line.endswith(":") and not _GROUP.search(line):
            dropped.append(f"introduction: {line}")
            continue
        for s in _sentences_of(line, known):
            if len(re.findall(r"[^\W\d_]+", s.text)) < _MIN_WORDS:
                if s.text:
                    dropped.append(f"fragment: {s.text}")
                continue
            sentences.append(s)
    if sentences and finish_reason == "length" and not sentences[-1].text.endswith(_ENDS):
        dropped.append(f"unfinished (cut at the token limit): {sentences.pop().text}")
    if not sentences:
        shown = " ".join(answer.split())[:80]
        raise GenerationError(f"the model's answer holds no sentence to use as a digest: {shown!r}")
    return Draft(tuple(sentences), tuple(dropped))
