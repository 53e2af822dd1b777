"""Which sentences may appear in a digest at all.

A digest sentence must make sense on its own. These rules turn away fragments,
questions to the reader, captions, run-ons and shouting; each returns a reason,
so ``--explain`` can say why a sentence was never considered.
"""

from __future__ import annotations

import re

from .models import Sentence

__all__ = ["MIN_WORDS", "MAX_WORDS", "ineligible_reason"]

# Calibrated on fulltext-dev (sentences of the greedy oracle): fewer than 6 words
# are almost always fragments or captions; more than 80 words are scraper run-ons
# (tables, lists glued together).
MIN_WORDS = 6
MAX_WORDS = 80

_FINAL = re.compile(r"""[.!…]["'”’)\]]*$""")
_QUESTION = re.compile(r"""\?["'”’)\]]*$""")
_CAPTION = re.compile(
    r"\((?:AP|AFP|Reuters|Getty)?\s*(?:Photo|Image|Picture|Credit)|Getty Images|AP Photo|\bpictured\b|\bphoto:",
    re.IGNORECASE,
)
_READER = re.compile(r"\b(?:click|tap|scroll|subscribe|sign up|read more|watch the video|see also)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]")


def ineligible_reason(sentence: Sentence) -> str | None:
    """Why ``sentence`` cannot stand alone in a digest, or ``None`` if it can."""
    text = sentence.text
    words = len(text.split())
    if words < MIN_WORDS:
        return "fragment (fewer than %d words)" % MIN_WORDS
    if words > MAX_WORDS:
        return "run-on (more than %d words)" % MAX_WORDS
    if _QUESTION.search(text):
        return "question"
    if not _FINAL.search(text):
        return "no final stop"
    if _CAPTION.search(text):
        return "caption or photo credit"
    if _READER.search(text):
        return "addresses the reader"
    letters = _LETTERS.findall(text)
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return "all capitals"
    first = text.lstrip("\"'“‘(—–- ")[:1]
    if first and first.islower():
        return "starts mid-sentence"
    return None
