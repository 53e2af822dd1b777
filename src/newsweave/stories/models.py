"""Frozen values of story clustering: what arrives, what is decided, what a story is.

``StoryArticle`` is one arriving article (cleaned text; see :func:`story_article` to
build one from an :class:`~newsweave.models.Article` through the digest's own cleaning).
``add`` answers with an ``Assignment`` that carries the evidence of its decision: the
best candidate stories with their similarity, time gap and score, and any ``Merge``
the article caused. ``Story`` is a snapshot of one story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["Assignment", "Candidate", "Merge", "Story", "StoryArticle"]


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a stream.

    ``published`` is an aware datetime, or None when unknown (the article then
    clusters from its text alone). ``entities`` are optional names (people,
    organisations, places) the caller extracted, e.g. with the ``nlp`` extra; they
    count as terms of their own kind.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    entities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.published is not None and self.published.utcoffset() is None:
            raise ValueError(f"article {self.id!r}: published must be timezone-aware (got {self.published!r})")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A story the article was compared with, and how it scored."""

    story: str
    similarity: float  # cosine of the article's tf-idf vector and the story's centroid
    gap_days: float | None  # days between the article and the story's span; None without both times
    # What the decision holds to its threshold: the penalised similarity, or the join
    # probability (learned decision).
    score: float


@dataclass(frozen=True, slots=True)
class Merge:
    """Story ``merged`` turned out to be story ``into``: its articles now belong to ``into``."""

    merged: str
    into: str
    similarity: float  # cosine of the two centroids


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went, and why."""

    article: str
    story: str  # the story it belongs to after this step (after any merge)
    new_story: bool  # True when it started a story
    # The threshold the best candidate's score was held to: a similarity (threshold decision;
    # a clear winner may have joined up to StoryOptions.clear_margin under it) or a join
    # probability (learned decision).
    threshold: float
    candidates: tuple[Candidate, ...] = ()  # best first, at most StoryOptions.evidence
    merges: tuple[Merge, ...] = ()
    compared: int = 0  # stories whose centroid was compared with the article


@dataclass(frozen=True, slots=True)
class Story:
    """A snapshot of one story."""

    id: str
    articles: tuple[str, ...]  # article ids in arrival order
    first_seen: datetime | None  # earliest and latest publication time of its dated articles
    last_seen: datetime | None
    terms: tuple[str, ...]  # the heaviest stemmed terms of its centroid
    dormant: bool = False  # no longer a candidate for new articles

    @property
    def size(self) -> int:
        return len(self.articles)
