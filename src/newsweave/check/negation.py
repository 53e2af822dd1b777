"""Negation cues, and the word tokens the aligned comparison reads (contractions spelled out).

"didn't" and the tokenised "didn ' t" both become "did not", "won't" "will not",
"can't" "can not", so a negation is one token wherever it was glued. Cues: not, no,
never, nor, neither, none, nobody, nothing, nowhere, without, cannot, and the verbs
of denial and failure (deny, refuse, fail to, decline to), and "yet to" ("has yet to be
determined"). "Not only" (just, merely, simply) does not negate.
"""

from __future__ import annotations

import re

from ..vectors import content_words
from .text import fold

__all__ = ["NEGATION_CUES", "cue_verb", "negated_heads", "negation_positions", "negations", "tokens"]

# The verbs of denial and failure, each form standing for its verb: they carry their meaning
# themselves, so "refusing to hand over" and "when she refused" negate alike whatever follows.
_VERB_CUES = {
    form: verb
    for verb, forms in {
        "deny": "deny denies denied denying",
        "refuse": "refuse refuses refused refusing",
        "fail": "fail fails failed failing",
        "decline": "decline declines declined declining",
    }.items()
    for form in forms.split()
}
# Cues that negate only before "to": "failed to act", "declined to comment", "has yet to be determined".
_BEFORE_TO = frozenset(f for f, verb in _VERB_CUES.items() if verb in ("fail", "decline")) | {"yet"}
NEGATION_CUES = frozenset("not no never nor neither none nobody nothing nowhere without cannot".split()) | (
    frozenset(_VERB_CUES) - _BEFORE_TO
)
# "Not only", "not just", "not merely" add rather than negate ("didn't just headline, she debuted a song").
_NOT_NEGATING = frozenset("only just merely simply".split())
_CONTRACTION = re.compile(r"\b(\w+?)n\s?['’]\s?t\b")
_IRREGULAR = {"wo": "will", "ca": "can", "sha": "shall"}
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _spell_out(m: re.Match[str]) -> str:
    return f"{_IRREGULAR.get(m.group(1), m.group(1))} not"


def tokens(text: str) -> list[str]:
    """Folded word tokens of ``text`` with negative contractions spelled out."""
    return _TOKEN.findall(_CONTRACTION.sub(_spell_out, fold(text)))


def cue_verb(cue: str) -> str | None:
    """The verb a cue of denial or failure is a form of ("refused" → "refuse"); None for "not", "never" and the like."""
    return _VERB_CUES.get(cue)


def negation_positions(words: list[str]) -> list[int]:
    """Indices of the negation cues in ``words`` (from :func:`tokens`)."""
    out = []
    for i, w in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if (w in NEGATION_CUES and not (w == "not" and after in _NOT_NEGATING)) or (w in _BEFORE_TO and after == "to"):
            out.append(i)
    return out


def negations(text: str) -> list[str]:
    """The negation cues of ``text``, in order."""
    words = tokens(text)
    return [words[i] for i in negation_positions(words)]


# Words between a cue and what it negates ("not yet been", "never really").
_SKIP = frozenset(
    """a an the be been being is are was were am have has had do does did to yet even ever really also
    just only so that this any much more very all one he she it they we i you his her its their our""".split()
)
# How far after a cue its head may be.
_REACH = 4


def negated_heads(words: list[str]) -> list[tuple[str, frozenset[str]]]:
    """Each negation cue of ``words`` with the stems of the (at most two) content words after it.

    "foul play is not yet suspected" gives ("not", {"suspect"}); the set is empty when no
    content word follows within reach.
    """
    out = []
    for i in negation_positions(words):
        after = [w for w in words[i + 1 : i + 1 + _REACH] if w not in _SKIP and w not in NEGATION_CUES][:2]
        out.append((words[i], frozenset(s for w in after for s in content_words(w) or [w])))
    return out
