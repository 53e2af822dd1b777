"""The values the support check returns: what failed, what supports, one verdict per sentence and per claim."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FAILURE_KINDS", "ClaimCheck", "Failure", "SentenceCheck", "Support"]

# Every kind a Failure can have, in the order the CLI lists them.
FAILURE_KINDS = ("name", "number", "date", "quote", "speaker", "negation", "meaning")


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing the sources do not support.

    ``kind`` is one of :data:`FAILURE_KINDS`: "name", "number", "date", "quote" (quoted
    words not found word for word), "speaker" (a quotation given to someone the sources do
    not give it to), "negation" (negated in one and not in the other), "meaning" (the
    sentence as a whole is not close enough to any source sentence).
    """

    kind: str
    detail: str  # what was not found, e.g. "number '$5 billion' is not in the cited sources"


@dataclass(frozen=True, slots=True)
class Support:
    """A source sentence that supports (part of) the checked sentence."""

    source: int  # index into the sources given
    start: int  # character offsets of the sentence in that source's text
    end: int
    text: str
    score: float  # tf-idf cosine similarity with the checked sentence


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """The verdict on one sentence."""

    sentence: str
    supported: bool
    score: float  # in [0, 1]: the model's probability that the sources support the sentence
    failed: tuple[Failure, ...]  # empty when supported
    supported_by: tuple[Support, ...]  # the best-aligned source sentences, best first


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """The verdict on a claim of one or more sentences: as supported as its weakest sentence."""

    claim: str
    supported: bool  # every sentence is supported
    score: float  # the weakest sentence's score (1.0 for a claim with no sentence)
    sentences: tuple[SentenceCheck, ...]

    @property
    def failed(self) -> tuple[Failure, ...]:
        """Every sentence's failures, in sentence order."""
        return tuple(f for s in self.sentences for f in s.failed)
