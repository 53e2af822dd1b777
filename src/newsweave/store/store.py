"""The data-access layer: every read and write of articles, stories and digests.

One :class:`Store` per database. SQLite is the embedded default (one file, WAL mode so
readers never wait for the writer, ``synchronous=NORMAL``: a committed article survives
the process being killed, though not a power cut in the last moments); PostgreSQL is
used when the URL says so (psycopg 3). The schema is brought up to date by Alembic on
open (:mod:`newsweave.store.migrate`).

The store decides nothing about clustering: the desk (:mod:`newsweave.service.desk`)
tells it which story an article joined and which stories merged, and the store writes
that in the same transaction as the article, so an article is never stored without
its story.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic.util import CommandError
from sqlalchemy.engine import Connection, Engine

from ..errors import OptionsError, StoreError
from ..models import Article
from . import schema as t
from .migrate import upgrade
from .records import DigestRecord, NewArticle, Rejection, StoredArticle, StoryRecord

__all__ = ["Store", "database_url"]

# Rows read per round trip when the clusterer replays the stored articles.
_REPLAY_BATCH = 2000
# A story's title from its first article's text when no article has a title: this many words.
_TITLE_WORDS = 12
# SQLite waits this long for a lock before failing (the desk writes from one thread, but
# a second process, such as newsweave watch --db, may write too).
_SQLITE_TIMEOUT_S = 30


# PostgreSQL advisory lock key of the writer: any fixed 64-bit number ("newsweave" in ASCII, truncated).
_WRITER_LOCK_KEY = 0x6E65777377656176
# How long a claim waits for a writer that has just ended (its session may take a moment to close).
_LOCK_WAIT_S = 3.0
_BUSY = (
    "--db {url}: another newsweave process (serve, or watch --db) is adding articles to this database;"
    " stop it first, or give the feeds to newsweave serve --feed"
)


class _Unlocked:
    def close(self) -> None:
        pass


def _file_lock(path: Path, url: str):
    """An exclusive ``flock`` on ``path``, held until the returned file is closed."""
    import fcntl

    handle = open(path, "a+b")  # noqa: SIM115 - the lock lives as long as the handle
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreError(_BUSY.format(url=url)) from None
    return handle


class _AdvisoryLock:
    """A PostgreSQL session advisory lock on a connection of its own, held until :meth:`close`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def close(self) -> None:
        try:  # unlock explicitly: the server ends a closed session's locks only a moment later
            self.connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _WRITER_LOCK_KEY})
            self.connection.commit()
        finally:
            self.connection.invalidate()  # closed for good, not returned to the pool


def _advisory_lock(engine: Engine, url: str) -> _AdvisoryLock:
    """The writer's lock; a process that just died may still hold it for a moment, so try for a while."""
    connection = engine.connect()
    deadline = time.monotonic() + _LOCK_WAIT_S
    while True:
        got = connection.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": _WRITER_LOCK_KEY}).scalar()
        connection.commit()
        if got:
            return _AdvisoryLock(connection)
        if time.monotonic() > deadline:
            connection.close()
            raise StoreError(_BUSY.format(url=url))
        time.sleep(0.1)


def database_url(db: str | Path) -> str:
    """The SQLAlchemy URL for ``db``: a file path (SQLite), ``sqlite:///…`` or ``postgresql://…``.

    Raises:
        OptionsError: a URL of a database newsweave does not support.
    """
    text = str(db)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    scheme, _, rest = text.partition("://")
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    if scheme == "sqlite":
        return text
    raise OptionsError(
        f"--db {_redact(text)}: unsupported database; give a file path, sqlite:///PATH or postgresql://…"
    )


def _redact(url: str) -> str:
    """``url`` with any password replaced, for messages and /health."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.split("@")[-1]


def _reason(err: Exception) -> str:
    """The driver's own message, first line only (SQLAlchemy appends a help link)."""
    original = getattr(err, "orig", None) or err
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


def _utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: every time the store writes is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    """Articles, stories, digests, rejections and feed state in one database."""

    def __init__(self, db: str | Path) -> None:
        url = database_url(db)
        self.url = _redact(url)
        if url.startswith("sqlite"):
            self.engine: Engine = sa.create_engine(
                url, connect_args={"timeout": _SQLITE_TIMEOUT_S, "check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            # Connections are recycled hourly rather than pinged on every checkout (a round trip each).
            self.engine = sa.create_engine(url, pool_recycle=3600)
        self.dialect = self.engine.dialect.name
        self._writer = None  # the writer lock (a file or a connection), once claimed
        try:
            upgrade(self.engine)
        except sa.exc.SQLAlchemyError as err:
            self.engine.dispose()
            raise StoreError(f"--db {self.url}: cannot open the database ({_reason(err)})") from None
        except CommandError as err:  # a revision this code does not know: a newer newsweave wrote it
            self.engine.dispose()
            raise StoreError(f"--db {self.url}: {err}; was it written by a newer newsweave?") from None

    def claim_writer(self) -> None:
        """Become the one process that adds articles to this database, or raise StoreError.

        Stories live in the writer's memory (its clusterer): a second writer would
        cluster without seeing the first one's articles. The claim is a lock the
        operating system or the server drops when the process ends, however it ends:
        ``flock`` on ``<file>.writer-lock`` beside a SQLite file, a session advisory lock
        on PostgreSQL. Claiming again from the same store is a no-op.
        """
        if self._writer is not None:
            return
        if self.dialect == "sqlite":
            database = self.engine.url.database
            if database in (None, "", ":memory:"):  # private to this process: nobody else can write
                self._writer = _Unlocked()
                return
            self._writer = _file_lock(Path(database).with_suffix(".writer-lock"), self.url)
        else:
            self._writer = _advisory_lock(self.engine, self.url)

    def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()  # releases the lock
        self.engine.dispose()

    # --- articles -------------------------------------------------------------

    def find_duplicate(self, url_key: str | None, text_hash: str) -> str | None:
        """The id of a stored article with the same URL key or the same text, if any."""
        condition = t.articles.c.text_hash == text_hash
        if url_key is not None:
            condition = sa.or_(condition, t.articles.c.url_key == url_key)
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.articles.c.id).where(condition).limit(1)).scalar()

    def add_article(self, new: NewArticle, story_id: str, merges: Sequence[tuple[str, str]] = ()) -> None:
        """Store ``new`` in story ``story_id`` after applying ``merges`` ((merged, into) pairs), atomically."""
        with self.engine.begin() as conn:
            for merged, into in merges:
                self._merge(conn, merged, into, new.received_at)
            a = new.article
            conn.execute(
                t.articles.insert().values(
                    id=new.id, url=a.url, url_key=new.url_key, text_hash=new.text_hash, title=a.title,
                    source=a.source, published=a.published, published_at=_utc(new.published_at), text=a.text,
                    clean_text=new.clean_text, origin=new.origin, received_at=new.received_at, story_id=story_id,
                )
            )  # fmt: skip
            row = conn.execute(sa.select(t.stories).where(t.stories.c.id == story_id)).first()
            if row is None:
                seq = conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.stories.c.seq), 0))).scalar() + 1
                conn.execute(
                    t.stories.insert().values(
                        id=story_id, seq=seq, title=_title(a, new.clean_text), size=0, outlets="[]",
                        created_at=new.received_at, updated_at=new.received_at, version=0,
                    )
                )  # fmt: skip
                self._refresh(conn, story_id, new.received_at)
            elif merges:
                self._refresh(conn, story_id, new.received_at)
            else:
                self._grow(conn, row, new)

    def _merge(self, conn: Connection, merged: str, into: str, when: datetime) -> None:
        conn.execute(t.articles.update().where(t.articles.c.story_id == merged).values(story_id=into))
        conn.execute(t.stories.update().where(t.stories.c.merged_into == merged).values(merged_into=into))
        conn.execute(
            t.stories.update()
            .where(t.stories.c.id == merged)
            .values(merged_into=into, size=0, version=t.stories.c.version + 1, updated_at=when)
        )
        self._refresh(conn, into, when)

    def _grow(self, conn: Connection, row, new: NewArticle) -> None:
        """One more article in an existing story: size, outlets, span and version, without re-reading it."""
        outlets = json.loads(row.outlets)
        if new.outlet not in outlets:
            outlets.append(new.outlet)
        when = _utc(new.published_at)
        first, last = _utc(row.first_seen), _utc(row.last_seen)
        if when is not None:
            first = when if first is None else min(first, when)
            last = when if last is None else max(last, when)
        conn.execute(
            t.stories.update()
            .where(t.stories.c.id == row.id)
            .values(size=t.stories.c.size + 1, outlets=json.dumps(outlets), first_seen=first, last_seen=last,
                    updated_at=new.received_at, version=t.stories.c.version + 1)
        )  # fmt: skip

    def _refresh(self, conn: Connection, story_id: str, when: datetime) -> None:
        """Recompute a story's size, outlets and span from its articles, and bump its version."""
        a = t.articles.c
        rows = conn.execute(
            sa.select(a.source, a.url, a.published_at, a.title).where(a.story_id == story_id).order_by(a.seq)
        ).all()
        outlets = list(dict.fromkeys(outlet_name(r.source, r.url) for r in rows))
        dated = [_utc(r.published_at) for r in rows if r.published_at is not None]
        values = dict(
            size=len(rows),
            outlets=json.dumps(outlets),
            first_seen=min(dated) if dated else None,
            last_seen=max(dated) if dated else None,
            updated_at=when,
            version=t.stories.c.version + 1,
        )
        conn.execute(t.stories.update().where(t.stories.c.id == story_id).values(**values))

    def replay(self) -> Iterator[StoredArticle]:
        """Every stored article in arrival order (what the clusterer is rebuilt from on start)."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(t.articles).where(t.articles.c.seq > last).order_by(t.articles.c.seq).limit(_REPLAY_BATCH)
                ).all()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = rows[-1].seq

    def reassign(self, members: dict[str, str], when: datetime) -> int:
        """Make the stored stories match ``members`` (article id -> story id); returns articles moved.

        Used when a restart's replay clustered differently (newer clustering code): the
        store follows the clusterer. A story left without articles is marked merged into
        the story that took its first article.
        """
        moved: dict[str, set[str]] = {}
        with self.engine.begin() as conn:
            current = dict(conn.execute(sa.select(t.articles.c.id, t.articles.c.story_id)).all())
            for article, story in members.items():
                old = current.get(article)
                if old is None or old == story:
                    continue
                conn.execute(t.articles.update().where(t.articles.c.id == article).values(story_id=story))
                moved.setdefault(old, set()).add(story)
                moved.setdefault(story, set())
            known = set(conn.execute(sa.select(t.stories.c.id)).scalars())
            seq = conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.stories.c.seq), 0))).scalar()
            for story in sorted(moved):
                if story not in known:
                    seq += 1
                    conn.execute(
                        t.stories.insert().values(
                            id=story, seq=seq, size=0, outlets="[]", created_at=when, updated_at=when, version=0
                        )
                    )
                self._refresh(conn, story, when)
                size = conn.execute(sa.select(t.stories.c.size).where(t.stories.c.id == story)).scalar()
                if size == 0 and moved[story]:
                    into = min(moved[story])
                    conn.execute(t.stories.update().where(t.stories.c.id == story).values(merged_into=into))
                elif size:
                    conn.execute(t.stories.update().where(t.stories.c.id == story).values(merged_into=None))
        return sum(len(v) for v in moved.values())

    def articles_of(self, story_id: str) -> list[StoredArticle]:
        """The story's articles in arrival order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.articles).where(t.articles.c.story_id == story_id).order_by(t.articles.c.seq)
            ).all()
        return [_stored(r) for r in rows]

    def article(self, id: str) -> StoredArticle | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.articles).where(t.articles.c.id == id)).first()
        return _stored(row) if row is not None else None

    def story_of(self, article_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.articles.c.story_id).where(t.articles.c.id == article_id)).scalar()

    def counts(self) -> dict[str, int]:
        """Articles, live stories, fresh digests and rejections stored."""
        with self.engine.connect() as conn:
            fresh = (
                sa.select(sa.func.count())
                .select_from(t.digests.join(t.stories, t.digests.c.story_id == t.stories.c.id))
                .where(t.digests.c.version == t.stories.c.version, t.stories.c.merged_into.is_(None))
            )
            return {
                "articles": conn.execute(sa.select(sa.func.count()).select_from(t.articles)).scalar(),
                "stories": conn.execute(
                    sa.select(sa.func.count()).select_from(t.stories).where(t.stories.c.merged_into.is_(None))
                ).scalar(),
                "fresh_digests": conn.execute(fresh).scalar(),
                "rejected": conn.execute(sa.select(sa.func.count()).select_from(t.rejected)).scalar(),
            }

    # --- stories --------------------------------------------------------------

    def _story_select(self):
        return sa.select(t.stories, t.digests.c.version.label("digest_version")).outerjoin(
            t.digests, t.digests.c.story_id == t.stories.c.id
        )

    def stories(self, *, limit: int = 50, offset: int = 0, query: str | None = None) -> tuple[list[StoryRecord], int]:
        """Live stories, most recently changed first, and how many match in all.

        ``query`` keeps those whose title contains every one of its words (case-insensitive).
        """
        s = t.stories.c
        conditions = [s.merged_into.is_(None)]
        for word in (query or "").split():
            escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(sa.func.lower(s.title).like(f"%{escaped}%", escape="\\"))
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(t.stories).where(*conditions)).scalar()
            rows = conn.execute(
                self._story_select()
                .where(*conditions)
                .order_by(s.updated_at.desc(), s.seq.desc())
                .limit(limit)
                .offset(offset)
            ).all()
        return [_story(r) for r in rows], total

    def story(self, id: str) -> StoryRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(self._story_select().where(t.stories.c.id == id)).first()
        return _story(row) if row is not None else None

    def stale_stories(self, *, settled_before: datetime, limit: int = 20) -> list[str]:
        """Live stories whose digest is missing or older than the story, unchanged since ``settled_before``."""
        s = t.stories.c
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(s.id)
                    .outerjoin(t.digests, t.digests.c.story_id == s.id)
                    .where(
                        s.merged_into.is_(None),
                        s.updated_at <= settled_before,
                        sa.or_(t.digests.c.version.is_(None), t.digests.c.version != s.version),
                    )
                    .order_by(s.updated_at.desc(), s.seq.desc())
                    .limit(limit)
                ).scalars()
            )

    # --- digests --------------------------------------------------------------

    def digest(self, story_id: str) -> DigestRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.digests).where(t.digests.c.story_id == story_id)).first()
        if row is None:
            return None
        return DigestRecord(row.story_id, row.version, _utc(row.computed_at), row.json, row.html)

    def save_digest(self, record: DigestRecord, title: str | None = None) -> bool:
        """Keep ``record`` unless a digest of a later version is stored; returns whether it was kept.

        ``title`` (the digest's headline) becomes the story's title.
        """
        d = t.digests.c
        with self.engine.begin() as conn:
            current = conn.execute(sa.select(d.version).where(d.story_id == record.story_id)).scalar()
            if current is not None and current >= record.version:
                return False
            values = dict(version=record.version, computed_at=record.computed_at, json=record.json, html=record.html)
            if current is None:
                conn.execute(t.digests.insert().values(story_id=record.story_id, **values))
            else:
                conn.execute(t.digests.update().where(d.story_id == record.story_id).values(**values))
            if title:
                conn.execute(t.stories.update().where(t.stories.c.id == record.story_id).values(title=title))
        return True

    # --- rejections -----------------------------------------------------------

    def reject(self, origin: str, reason: str, payload: str, when: datetime) -> int:
        """Record something that could not be stored; returns its number."""
        with self.engine.begin() as conn:
            result = conn.execute(
                t.rejected.insert().values(received_at=when, origin=origin, reason=reason, payload=payload)
            )
            return result.inserted_primary_key[0]

    def rejections(self, *, limit: int = 50) -> list[Rejection]:
        """The latest rejections, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.rejected).order_by(t.rejected.c.seq.desc()).limit(limit)).all()
        return [Rejection(r.seq, _utc(r.received_at), r.origin, r.reason, r.payload) for r in rows]

    # --- feed state (the watcher's) -------------------------------------------

    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified the feed answered with last time."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.feeds.c.etag, t.feeds.c.last_modified).where(t.feeds.c.url == url)).first()
        return (row.etag, row.last_modified) if row is not None else (None, None)

    def save_feed_validators(self, url: str, etag: str | None, last_modified: str | None, when: datetime) -> None:
        with self.engine.begin() as conn:
            values = dict(etag=etag, last_modified=last_modified, checked_at=when)
            if conn.execute(t.feeds.update().where(t.feeds.c.url == url).values(**values)).rowcount == 0:
                conn.execute(t.feeds.insert().values(url=url, **values))

    def feed_seen(self, url: str, key: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(t.feed_items.c.key).where(t.feed_items.c.feed_url == url, t.feed_items.c.key == key)
            ).first()
        return found is not None

    def mark_feed_seen(self, url: str, key: str, when: datetime) -> None:
        with self.engine.begin() as conn:
            if not conn.execute(
                sa.select(t.feed_items.c.key).where(t.feed_items.c.feed_url == url, t.feed_items.c.key == key)
            ).first():
                conn.execute(t.feed_items.insert().values(feed_url=url, key=key, seen_at=when))


def outlet_name(source: str | None, url: str | None) -> str:
    """What a listing calls an article's outlet: its source, else its URL's host."""
    if source and source.strip():
        return source.strip()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return "unknown"


def _title(article: Article, clean_text: str) -> str | None:
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    words = clean_text.split()
    if not words:
        return None
    return " ".join(words[:_TITLE_WORDS]) + (" …" if len(words) > _TITLE_WORDS else "")


def _stored(row) -> StoredArticle:
    article = Article(text=row.text, title=row.title, source=row.source, url=row.url, published=row.published)
    return StoredArticle(
        seq=row.seq,
        id=row.id,
        article=article,
        clean_text=row.clean_text,
        published_at=_utc(row.published_at),
        origin=row.origin,
        received_at=_utc(row.received_at),
        story_id=row.story_id,
    )


def _story(row) -> StoryRecord:
    return StoryRecord(
        id=row.id,
        title=row.title,
        size=row.size,
        outlets=tuple(json.loads(row.outlets)),
        first_seen=_utc(row.first_seen),
        last_seen=_utc(row.last_seen),
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
        version=row.version,
        merged_into=row.merged_into,
        digest_version=row.digest_version,
    )
