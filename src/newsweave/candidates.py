"""Which sentences may appear in a digest at all.

A digest sentence must make sense on its own. These rules turn away fragments,
questions to the reader, captions, run-ons and shouting; each returns a reason,
so ``--explain`` can say why a sentence was never considered.
"""

from __future__ import annotations

import functools
import operator
import re

from .clean_rules import WHITESPACE
from .models import Sentence

__all__ = ["CASED_SHARE", "MAX_WORDS", "MIN_WORDS", "ineligible_reason", "is_cased"]

# Calibrated on fulltext-dev (sentences of the greedy oracle): fewer than 6 words
# are almost always fragments or captions; more than 80 words are scraper run-ons
# (tables, lists glued together).
MIN_WORDS = 6
MAX_WORDS = 80

# Tokenised training text puts spaces before closing quotes ("said . \""), hence \s*.
_FINAL = re.compile(r"""[.!…](?:\s*["'”’)\]])*\s*$""")
_QUESTION = re.compile(r"""\?(?:\s*["'”’)\]])*\s*$""")
# What may follow the final stop in the two patterns above: whitespace and closing marks.
_AFTER_STOP = WHITESPACE + "\"'”’)]"


def _last_stop(text: str) -> str:
    """The character before the trailing whitespace and closing marks of ``text`` ("" if none).

    ``_FINAL.search(text)`` is ``_last_stop(text) in ".!…"`` (non-empty) and
    ``_QUESTION.search(text)`` is ``_last_stop(text) == "?"``, without ``re`` trying the
    patterns at every character (tests/test_select.py compares them).
    """
    return text.rstrip(_AFTER_STOP)[-1:]
_CAPTION = re.compile(
    r"\((?:AP|AFP|Reuters|Getty)?\s*(?:Photo|Image|Picture|Credit)|Getty Images|AP Photo|\bpictured\b|\bphoto:",
    re.IGNORECASE,
)
# Literal substrings every match of the pattern below contains (a cheap pre-check).
_CAPTION_TRIGGERS = ("photo", "image", "picture", "credit", "getty", "pictured")
_READER_TRIGGERS = ("click", "tap", "scroll", "subscribe", "sign up", "read more", "watch the video", "see also")
_READER = re.compile(r"\b(?:click|tap|scroll|subscribe|sign up|read more|watch the video|see also)\b", re.IGNORECASE)


def ineligible_reason(sentence: Sentence, *, cased: bool = True, words: int | None = None) -> str | None:
    """Why ``sentence`` cannot stand alone in a digest, or ``None`` if it can.

    ``cased`` says whether the cluster's text carries case; lowercased text (the
    training form of Multi-News) gives no case cues, so those rules are skipped.
    ``words`` is ``len(sentence.text.split())`` when the caller has counted it.
    """
    text = sentence.text
    if words is None:
        words = len(text.split())
    if words < MIN_WORDS:
        return f"fragment (fewer than {MIN_WORDS} words)"
    if words > MAX_WORDS:
        return f"run-on (more than {MAX_WORDS} words)"
    last = _last_stop(text)
    if last == "?":
        return "question"
    if not last or last not in ".!…":
        return "no final stop"
    lowered = text.lower()
    if any(map(lowered.__contains__, _CAPTION_TRIGGERS)) and _CAPTION.search(text):
        return "caption or photo credit"
    if any(map(lowered.__contains__, _READER_TRIGGERS)) and _READER.search(text):
        return "addresses the reader"
    if not cased:
        return None
    upper = sum(map(str.isupper, text))
    if upper > 0.6 * (upper + sum(map(str.islower, text))):
        return "all capitals"
    first = text.lstrip("\"'“‘(—–- ")[:1]
    if first and first.islower():
        return "starts mid-sentence"
    return None


# Text is "cased" when capitals also occur inside sentences (names, places).
# Multi-News train/val, lowercased and re-capitalised only at sentence starts,
# has under 1% such words; news full text has 8-15% (fulltext-dev).
CASED_SHARE = 0.03


def is_cased(texts: list[str]) -> bool:
    """Whether ``texts`` (sentences) carry case beyond sentence-initial capitals."""
    return _cased(tuple(texts))


# The pipeline, the selector and the analysis each ask about the same first 60 sentences.
@functools.lru_cache(maxsize=64)
def _cased(texts: tuple[str, ...]) -> bool:
    # The words after each text's first; their first characters tested in one pass (the
    # same count as ``sum(1 for w in words if w[:1].isupper())``: split words are never empty).
    words = [w for text in texts for w in text.split()[1:]]
    return not words or sum(map(str.isupper, map(_first_char, words))) >= CASED_SHARE * len(words)


_first_char = operator.itemgetter(0)
