"""Negation cues: a sentence that negates what its aligned source sentence asserts, or the reverse."""

from __future__ import annotations

import re

from .text import fold

__all__ = ["negations"]

# Words and endings that negate the clause they are in. "No" as an answer and "not only"
# are rare in news summaries; "nobody", "none", "neither" negate like "no".
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|none|nobody|nothing|nowhere|without|cannot|"
    r"den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing)|fail(?:s|ed|ing)? to|declin(?:e|es|ed|ing) to|"
    r"\w+n't|(?:do|did|does|wo|ca|is|was|are|were|has|have|had|could|would|should)nt)\b"
)
_NOT_ONLY = re.compile(r"\bnot only\b")


def negations(text: str) -> list[str]:
    """The negation cues of ``text``, folded, in order ("n't" forms as written: "didn't")."""
    folded = fold(text).replace(" n't", "n't").replace("n ' t", "n't")
    folded = _NOT_ONLY.sub(" ", folded)
    return _NEGATION.findall(folded)
