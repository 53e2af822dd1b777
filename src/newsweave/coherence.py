"""Which sentences lean on the one before them, and how a digest can still use them.

A digest mixes sentences from several articles, so a sentence that only makes
sense after the sentence before it in its article ("He pointed out …", "But
the ministry …", "The spokesman added …", the closing half of a quotation) reads
as nonsense when something else precedes it. :func:`leans_on_previous` names
the reason a sentence leans; the selector then either takes it right after the
sentence it leans on, or takes a rewritten form in which the pronoun is replaced
by the name the quotation analysis resolved it to (marked in square brackets, as
news writing marks inserted words: "[Ann Holt] said …", "The spokesman [Ali
Rabiei] added …"), or leaves it out.
:func:`opens_badly` says whether a sentence may open a digest.

The word lists are the openers of English news prose that refer back, read off
the digests of fulltext-dev. Their effect is measured by ``python
benchmarks/reader_eval.py`` with word lists of its own: on fulltext-dev, orphan
openers fell from 9.5% of digest sentences to 0 and quotation pieces from 4.5% to
0.1%, at 0.05 ROUGE-1 and 0.18 ROUGE-2 (``benchmarks/ablations.py``, README).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .models import Document, Sentence

__all__ = ["Rewrite", "Rewriter", "leans_on_previous", "opens_badly", "quote_balance"]

# Pronouns and determiners that refer back when they open a sentence.
_PRONOUNS = frozenset("he she they it his her their its them this these those that such".split())
# Connectives that continue an argument begun earlier.
_CONNECTIVES = frozenset(
    """but and also however still yet so meanwhile instead moreover furthermore nevertheless nonetheless
    then thus therefore hence besides otherwise likewise similarly indeed plus or nor again afterwards
    additionally conversely regardless consequently accordingly""".split()
)
# "Later," and "Earlier," lean only as sentence adverbs ("Earlier this year, …" dates itself).
_COMMA_ONLY = frozenset({"later", "earlier", "too", "separately", "now"})
_PHRASES = re.compile(
    r"^(?:in\s+addition|as\s+a\s+result|in\s+turn|even\s+so|at\s+the\s+same\s+time|on\s+the\s+other\s+hand"
    r"|by\s+contrast|in\s+contrast|for\s+(?:his|her|its|their)\s+part|in\s+response|in\s+return|after\s+that"
    r"|the\s+(?:next|following|same)\s+day|at\s+that\s+time|not\s+only\s+that|on\s+top\s+of\s+that)\b(?!\s+to\b)",
    re.IGNORECASE,
)
# A definite role noun phrase standing for someone named earlier ("The spokesman
# added", "The French foreign minister said", "The company said"), unless a name
# follows it ("The foreign minister, Jean-Yves Le Drian, said").
_ROLES = (
    r"spokesman|spokeswoman|spokesperson|minister|diplomat|official|officials|lawmaker|senator|congressman"
    r"|congresswoman|governor|mayor|president|chairman|chairwoman|chief|envoy|ambassador|commander|prosecutor"
    r"|judge|attorney|lawyer|company|firm|agency|ministry|department|group|organi[sz]ation|couple|pair|suspect"
    r"|star|singer|actor|actress|player|woman|man|teen|teenager|boy|girl|victim|father|mother|son|daughter"
    r"|team|source|researchers|study"
)
_ROLE_OPENER = re.compile(
    rf"^(?:The|That|This|These|Those)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_ROLES})s?\b"
    r"(?!\s*,?\s*[A-Z][\w'’-]+|\s+(?:of|from|who|that|which|whose|in|at|for|with)\b|['’]s\b)"
)
_FIRST_WORD = re.compile(r"[A-Za-z'’]+")
_OPENING_QUOTE = re.compile(r"""^\s*(?:["“‘„]|'')""")


def quote_balance(text: str) -> int:
    """Opening minus closing double quotation marks of ``text`` (0: they pair up).

    Curly marks count by direction; straight ones (and ``''``/````` pairs) by
    parity; an odd one left over counts by where it stands (before a word it opens,
    after one it closes) unless the curly marks already say which is missing.
    """
    text = text.replace("''", '"').replace("``", '"')
    opened = text.count("“") + text.count("„")
    closed = text.count("”")
    straight = text.count('"')
    if straight % 2 == 0:
        return opened - closed
    if opened > closed:
        return opened - closed - 1
    if closed > opened:
        return opened - closed + 1
    # An odd straight mark alone: opening where it starts a word ('said: "The …'),
    # closing where it ends one ('… gas," she said').
    at = text.find('"')
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return 1 if (before.isspace() or before in "([{—–-:") and not after.isspace() else -1


def _opener(text: str) -> str | None:
    """Why ``text`` opens by referring back, or None."""
    stripped = text.lstrip("([—–- ")
    if _OPENING_QUOTE.match(stripped):
        return None
    match = _FIRST_WORD.match(stripped)
    if match is None:
        return None
    word = match.group(0).lower()
    after = stripped[match.end() : match.end() + 1]
    if word in _PRONOUNS:
        return "pronoun opener"
    if word in _CONNECTIVES:
        return "connective opener"
    if word in _COMMA_ONLY and after == ",":
        return "connective opener"
    if _PHRASES.match(stripped):
        return "connective opener"
    if _ROLE_OPENER.match(stripped):
        return "role noun opener"
    return None


def leans_on_previous(sentence: Sentence, previous: Sentence | None, *, marks: bool = True) -> str | None:
    """Why ``sentence`` cannot be read without ``previous`` (the sentence before it in its article), or None.

    Reasons: a pronoun, connective or role-noun opener; closing a quotation the
    sentence did not open; continuing a quotation the previous sentence left open.
    An article's first sentence (``previous`` None) leans when it opens with a
    pronoun or connective (it refers to text cleaning removed, or to a headline);
    a role noun there is a first mention ("The French foreign minister is …").
    ``marks=False`` ignores quotation marks (text whose marks are unreliable).
    """
    reason = _opener(sentence.text)
    if previous is None:
        return reason if reason in ("pronoun opener", "connective opener") else None
    if reason:
        return reason
    if not marks:
        return None
    if quote_balance(sentence.text) < 0:
        return "closes a quotation opened before"
    if previous.paragraph == sentence.paragraph and quote_balance(previous.text) > 0:
        return "inside a quotation opened before"
    return None


def opens_badly(text: str) -> str | None:
    """Why ``text`` cannot open a digest (a quotation, a pronoun or connective opener), or None."""
    if _OPENING_QUOTE.match(text.lstrip()):
        return "opens with a quotation"
    reason = _opener(text)
    if reason:
        return reason
    if quote_balance(text) != 0:
        return "part of a quotation"
    return None


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A sentence with a pronoun replaced by the name it refers to."""

    text: str  # the sentence as the digest shows it, inserted words in [brackets]
    name: str  # the canonical name inserted


_QUOTE_MARKS = ('"', "“", "”", "''")
_DESCRIPTION = re.compile(r"(?:[Tt]he|[Aa]n?|[Oo]ne)\s")
# An attribution by description ("…," the top Iranian diplomat said): the cheap test that
# decides whether the quotation analysis has to be asked who that is.
_DESCRIBED_SPEAKER = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Oo]ne)\s+(?:[\w'’-]+\s+){0,5}?[a-z][\w'’-]*\s+(?:said|says|told|tells|added|adds|wrote|writes)\b"
)
_SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")


class Rewriter:
    """Replaces a sentence's opening pronoun by the speaker the quotation analysis resolved.

    A rewrite is made only when it is certain enough: the sentence carries a
    quotation whose attribution *is* that pronoun, the analysis resolved it to a
    named person, and the same article names that person before the sentence. The
    quotation analysis runs once per cluster, on first use.
    """

    def __init__(self, documents: Sequence[Document], extract: Callable | None = None):
        self._documents = documents
        self._extract = extract
        self._quotes: dict[int, list] | None = None

    def _by_article(self) -> dict[int, list]:
        if self._quotes is None:
            extract = self._extract
            if extract is None:
                from .analyze.quotes import extract_quotes as extract
            by: dict[int, list] = {}
            for q in extract([d.text for d in self._documents]):
                by.setdefault(q.article, []).append(q)
            self._quotes = by
        return self._quotes

    def unnamed_speaker(self, sentence: Sentence) -> bool:
        """Whether ``sentence`` quotes someone only described ("the top diplomat said") whom the
        cluster never names: a reader cannot tell who is speaking."""
        if not _DESCRIBED_SPEAKER.search(sentence.text) or not any(m in sentence.text for m in _QUOTE_MARKS):
            return False
        for q in self._by_article().get(sentence.article, ()):
            if sentence.start <= q.start < sentence.end and q.speaker is None and q.mention:
                return _DESCRIPTION.match(q.mention) is not None
        return False

    def rewrite(self, sentence: Sentence) -> Rewrite | None:
        """The rewritten ``sentence``, or None when what it opens with cannot be resolved with certainty.

        An opening "He"/"She" is replaced ("[Ann Holt] said …"); an opening role noun
        phrase keeps its words and is followed by the name ("The spokesman [Ali Rabiei]
        added …").
        """
        stripped = sentence.text.lstrip()
        if not any(mark in stripped for mark in _QUOTE_MARKS):
            return None  # the opener is resolved only as a quotation's speaker
        pronoun = _SUBJECT_PRONOUN.match(stripped)
        role = None if pronoun else _ROLE_OPENER.match(stripped)
        if pronoun is None and role is None:
            return None
        opener = (pronoun or role).group(0)
        doc = self._documents[sentence.article]
        for q in self._by_article().get(sentence.article, ()):
            if not (sentence.start <= q.start < sentence.end) or not q.speaker:
                continue
            if (q.mention or "").lower() != opener.lower():
                continue
            names = q.speaker.split()
            if len(names) < 2 or names[-1] not in doc.text[: sentence.start]:
                return None
            lead = sentence.text[: len(sentence.text) - len(stripped)]
            rest = stripped[len(opener) :]
            inserted = f"[{q.speaker}]" if pronoun else f"{opener} [{q.speaker}]"
            return Rewrite(text=lead + inserted + rest, name=q.speaker)
        return None
