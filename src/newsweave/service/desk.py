"""The story desk: articles in, stories kept, digests computed, on one store.

:class:`Desk` is what the HTTP service and ``newsweave watch --db`` share (no web
imports here). ``add`` checks an article, stores it once (a second post of the same
URL or text answers with the first one's id), puts it in a story with the same
:class:`~newsweave.stories.OnlineClusterer` that ``newsweave cluster`` uses, and writes
article, story and any merge in one transaction before it answers: an acknowledged
article survives the process being killed. Anything that cannot be used is recorded
as rejected, with its reason.

The clusterer lives in memory. On start it is rebuilt by replaying the stored articles
in arrival order (deterministic: the same stories come back); if the replay clusters
differently (the clustering code changed), the store is brought into line with it.

Digests are computed off the ingestion path (:mod:`newsweave.service.digests`): a
worker recomputes the digest of every story that changed once it has been quiet for
``settle`` seconds, and :meth:`Desk.view` computes a stale one on demand. Neither holds
the ingestion lock; ``newsweave serve`` runs the worker in a process of its own, so
summarizing never competes with ingestion for the interpreter.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import InputError, NotFoundError, StoreError
from ..models import Article
from ..options import Options, load_options
from ..store import NewArticle, Store, StoryRecord, outlet_name, url_key
from ..stories import OnlineClusterer, StoryArticle, StoryOptions, parse_published, story_article
from .digests import SETTLE_SECONDS, Digester, DigestWorker

__all__ = ["Desk", "Outcome", "StoryView", "article_dict", "story_dict"]

log = logging.getLogger("newsweave.desk")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one posted article."""

    status: str  # "added", "duplicate" (already stored: id is the first one's) or "rejected"
    id: str | None = None
    story: str | None = None
    new_story: bool = False
    reason: str | None = None  # why it was rejected
    rejection: int | None = None  # the rejection's number in the store

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("status", self.status), ("id", self.id), ("story", self.story),
                ("new_story", self.new_story), ("reason", self.reason), ("rejection", self.rejection))
                if v is not None}  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story with its articles and its digest (as JSON and as the HTML report)."""

    story: StoryRecord
    articles: tuple[dict[str, Any], ...]
    digest: dict[str, Any] | None
    html: str | None
    computed_at: datetime | None = None
    fresh: bool = True
    error: str | None = None  # why no digest could be made (e.g. every sentence too long)

    def to_dict(self) -> dict[str, Any]:
        return {"story": story_dict(self.story), "articles": list(self.articles), "digest": self.digest,
                "digest_computed_at": _iso(self.computed_at), "digest_error": self.error}  # fmt: skip


def story_dict(story: StoryRecord) -> dict[str, Any]:
    """The listing form of a story."""
    return {
        "id": story.id,
        "title": story.title,
        "size": story.size,
        "outlets": list(story.outlets),
        "first_seen": _iso(story.first_seen),
        "last_seen": _iso(story.last_seen),
        "created_at": _iso(story.created_at),
        "updated_at": _iso(story.updated_at),
        "version": story.version,
        "merged_into": story.merged_into,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class Desk:
    """Articles, stories and digests on one :class:`~newsweave.store.Store`."""

    def __init__(
        self,
        store: Store,
        *,
        story_options: StoryOptions | None = None,
        digest_options: Options | None = None,
        settle: float = SETTLE_SECONDS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        store.claim_writer()
        self.store = store
        self.story_options = story_options or StoryOptions()
        self.digest_options = digest_options or load_options()
        self.settle = settle
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()  # held while an article is checked against the store, clustered, written
        self.digests = Digester(store, self.digest_options, clock=self._clock, settle=settle)
        self._worker = DigestWorker()
        self.replayed = 0
        self.reassigned = 0
        self._clusterer = self._rebuild()

    # --- ingestion ------------------------------------------------------------

    def add(self, article: Article, *, origin: str = "api", payload: str | None = None) -> Outcome:
        """Store ``article`` and put it in a story; or say why not (``Outcome.status``).

        ``payload`` is what the user sent, kept with a rejection (default: the article as JSON).
        """
        now = self._clock()
        try:
            prepared, new = self._prepare(article, origin, now)
        except InputError as err:
            return self.reject(origin, str(err), payload if payload is not None else _payload(article), now)
        with self._lock:
            existing = self.store.find_duplicate(new.url_key, new.text_hash)
            if existing is not None:
                return Outcome("duplicate", id=existing, story=self.store.story_of(existing))
            assignment = self._clusterer.add(prepared)
            merges = [(m.merged, m.into) for m in assignment.merges]
            try:
                self.store.add_article(new, assignment.story, merges)
            except Exception as err:
                # The clusterer took an article the store did not: rebuild it from the store.
                self._clusterer = self._rebuild()
                raise StoreError(f"article {new.id}: could not be stored ({err.__class__.__name__}: {err})") from None
        self._worker.wake()
        return Outcome("added", id=new.id, story=assignment.story, new_story=assignment.new_story)

    def reject(self, origin: str, reason: str, payload: str, when: datetime | None = None) -> Outcome:
        """Record something that could not be used as an article."""
        number = self.store.reject(origin, reason, payload, when or self._clock())
        return Outcome("rejected", reason=reason, rejection=number)

    def _prepare(self, article: Article, origin: str, now: datetime) -> tuple[StoryArticle, NewArticle]:
        """Check and clean ``article``; raises InputError with the reason it cannot be used."""
        if not isinstance(article.text, str) or not article.text.strip():
            raise InputError("article has no text")
        key = url_key(article.url) if article.url else None
        published = parse_published(article.published)
        if article.published and published is None:
            raise InputError(f"published {article.published!r} is not an ISO 8601 date or date-time")
        cleaned = story_article(article, "new")
        if not cleaned.text.strip():
            raise InputError("no article text is left after cleaning (the page was all boilerplate)")
        text_hash = hashlib.sha256(" ".join(cleaned.text.split()).casefold().encode()).hexdigest()
        id = "a" + hashlib.sha256((key or "text:" + text_hash).encode()).hexdigest()[:16]
        new = NewArticle(
            id=id, article=article, clean_text=cleaned.text, url_key=key, text_hash=text_hash,
            published_at=published, origin=origin, received_at=now, outlet=outlet_name(article.source, article.url),
        )  # fmt: skip
        return _story_article(id, article, cleaned.text, published), new

    def _rebuild(self) -> OnlineClusterer:
        """A clusterer holding every stored article, replayed in arrival order."""
        clusterer = OnlineClusterer(self.story_options)
        stored: dict[str, str] = {}
        count = 0
        try:
            for row in self.store.replay():
                clusterer.add(_story_article(row.id, row.article, row.clean_text, row.published_at))
                stored[row.id] = row.story_id
                count += 1
        except Exception as err:
            raise StoreError(f"--db {self.store.url}: cannot read the stored articles ({err})") from None
        members = {a: s.id for s in clusterer.stories() for a in s.articles}
        if any(members.get(a) != s for a, s in stored.items()):
            self.reassigned = self.store.reassign(members, self._clock())
            log.warning("replay clustered differently: %d articles moved to the replay's stories", self.reassigned)
        self.replayed = count
        return clusterer

    # --- digests --------------------------------------------------------------

    def view(self, story_id: str, *, compute: bool = True) -> StoryView:
        """The story and its digest, recomputed first if the story changed (unless ``compute=False``).

        Raises:
            NotFoundError: no story has this id.
        """
        story = self.store.story(story_id)
        if story is None:
            raise NotFoundError(f"story {story_id!r}: no such story")
        if story.merged_into is None and not story.fresh and compute:
            self.refresh(story_id)
            story = self.store.story(story_id) or story
        articles = tuple(article_dict(a) for a in self.store.articles_of(story.id))
        record = self.store.digest(story.id)
        error = self.digests.failure(story)
        if record is None:
            return StoryView(story, articles, None, None, fresh=False, error=error)
        return StoryView(
            story, articles, json.loads(record.json), record.html, record.computed_at,
            fresh=record.version == story.version, error=error,
        )  # fmt: skip

    def refresh(self, story_id: str) -> bool:
        """Compute and store the digest of the story as it is now; False if it could not be made."""
        return self.digests.refresh(story_id)

    def refresh_pending(self, *, limit: int = 20, settle: float | None = None) -> int:
        """Recompute digests of changed stories that have settled; returns how many were made."""
        return self.digests.refresh_pending(limit=limit, settle=settle)

    def start(self, *, db: str | None = None) -> None:
        """Start the digest worker: a thread, or with ``db`` (the store's URL) a process of its own."""
        self._worker.start(self.digests, db)

    def stop(self, timeout: float = 10.0) -> None:
        self._worker.stop(timeout)

    # --- state ----------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        counts = self.store.counts()
        return {
            "status": "ok",
            "database": self.store.dialect,
            "replayed_on_start": self.replayed,
            **counts,
        }


def _story_article(id: str, article: Article, clean_text: str, published: datetime | None) -> StoryArticle:
    return StoryArticle(
        id=id, text=clean_text, title=article.title, source=article.source, url=article.url, published=published
    )


def article_dict(row) -> dict[str, Any]:
    """The JSON form of a stored article (without its text)."""
    a = row.article
    return {
        "id": row.id, "title": a.title, "source": a.source, "url": a.url, "published": a.published,
        "origin": row.origin, "received_at": _iso(row.received_at),
    }  # fmt: skip


def _payload(article: Article) -> str:
    return json.dumps(
        {k: getattr(article, k) for k in ("text", "title", "source", "url", "published")}, ensure_ascii=False
    )
