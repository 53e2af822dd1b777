"""Frozen values the store hands out: stored articles, stories, digests, rejections.

They carry provenance: where an article came from (``origin``: ``api``, ``feed <url>``,
``cli``), when it arrived, and which story it belongs to now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..models import Article

__all__ = ["DigestRecord", "NewArticle", "Rejection", "StoredArticle", "StoryRecord"]


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to be stored: what the user gave, and what the clusterer saw."""

    id: str
    article: Article
    clean_text: str
    url_key: str | None
    text_hash: str
    published_at: datetime | None
    origin: str
    received_at: datetime
    outlet: str  # the name listings show: the source, else the URL's host, else "unknown"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the store holds it."""

    seq: int  # arrival order
    id: str
    article: Article
    clean_text: str
    published_at: datetime | None
    origin: str
    received_at: datetime
    story_id: str


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story's row: what the listing shows, and the version its digest must match."""

    id: str
    title: str | None
    size: int
    outlets: tuple[str, ...]
    first_seen: datetime | None  # publication times of its dated articles
    last_seen: datetime | None
    created_at: datetime  # arrival time of its first article
    updated_at: datetime  # arrival time of its latest change
    version: int
    merged_into: str | None = None  # set when it turned out to be part of another story
    digest_version: int | None = None  # version of the stored digest, None without one

    @property
    def fresh(self) -> bool:
        """True when the stored digest is of the story as it is now."""
        return self.digest_version == self.version


@dataclass(frozen=True, slots=True)
class DigestRecord:
    """The stored digest of one version of a story."""

    story_id: str
    version: int
    computed_at: datetime
    json: str
    html: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """Something posted that could not be stored as an article, and why."""

    seq: int
    received_at: datetime
    origin: str
    reason: str
    payload: str
