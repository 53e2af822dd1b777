"""The store's tables (SQLAlchemy Core), as migration ``0001`` creates them.

* ``articles`` — every article accepted, once: ``seq`` is the arrival order the
  clusterer replays on start; ``url_key`` (see :mod:`newsweave.store.urls`) and
  ``text_hash`` make a second post of the same page or the same text return the first
  one's id; ``story_id`` is the story it belongs to now (merges move it).
  ``clean_text`` is the text the clusterer saw, so a restart need not clean again.
* ``stories`` — one row per story ever started; ``merged_into`` is set when it
  turned out to be part of another. ``version`` grows with every change, and a
  digest is fresh while its ``version`` equals the story's.
* ``digests`` — the latest digest of a story, as JSON and as the HTML report.
* ``rejected`` — what was posted and could not be used, with the reason.
* ``feeds`` and ``feed_items`` — what the feed watcher has already seen.

The schema is changed only by a new migration in ``migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["articles", "digests", "feed_items", "feeds", "metadata", "rejected", "stories"]

metadata = MetaData()

# Ids are short: "a" + 16 hex digits for articles, "story:" + an article id for stories.
_ID = 64

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(_ID), nullable=False, unique=True),
    Column("url", Text),
    Column("url_key", Text, unique=True),
    Column("text_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("source", Text),
    Column("published", Text),  # as the user gave it
    Column("published_at", DateTime(timezone=True)),  # parsed; None when absent or unreadable
    Column("text", Text, nullable=False),
    Column("clean_text", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("story_id", String(_ID), nullable=False, index=True),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),  # creation order
    Column("title", Text),
    Column("size", Integer, nullable=False),
    Column("outlets", Text, nullable=False),  # JSON list of outlet names, first seen first
    Column("first_seen", DateTime(timezone=True)),  # publication times of its dated articles
    Column("last_seen", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),  # when its first article arrived
    Column("updated_at", DateTime(timezone=True), nullable=False),  # when it last changed
    Column("version", Integer, nullable=False),
    Column("merged_into", String(_ID)),
    Index("stories_listing", "merged_into", "updated_at"),
)

digests = Table(
    "digests",
    metadata,
    Column("story_id", String(_ID), ForeignKey("stories.id"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Column("json", Text, nullable=False),
    Column("html", Text, nullable=False),
)

rejected = Table(
    "rejected",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("payload", Text, nullable=False),  # what was posted, as far as it could be read
)

feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", DateTime(timezone=True)),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("feed_url", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)
