"""Digests of the stored stories: computed when a story has settled, off the ingestion path.

:class:`Digester` recomputes the digest of a story whose version moved past its stored
digest's (JSON and the HTML report, in one row), once the story has had no new article
for ``settle`` seconds: a story taking a burst of articles is summarized once, not once
per article. :class:`DigestWorker` runs it in the background: a thread (the library
default, and what the tests drive), or a process of its own, which ``newsweave serve``
uses so summarizing never holds the interpreter ingestion needs. The process opens the
same database; it exits when the server that started it is gone, even after a SIGKILL.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ..errors import NewsweaveError
from ..models import Cluster
from ..options import Options
from ..pipeline import make_digest
from ..render import render
from ..store import DigestRecord, Store, StoryRecord

__all__ = ["POLL_SECONDS", "SETTLE_SECONDS", "DigestWorker", "Digester"]

log = logging.getLogger("newsweave.digests")

# A story's digest is recomputed once the story has had no new article for this long.
SETTLE_SECONDS = 2.0
# The worker looks for changed stories this often when it has nothing to do.
POLL_SECONDS = 1.0
# Stories taken per look.
_BATCH = 20


class Digester:
    """Computes and stores digests of one store's stories."""

    def __init__(
        self,
        store: Store,
        options: Options,
        *,
        clock: Callable[[], datetime] | None = None,
        settle: float = SETTLE_SECONDS,
    ) -> None:
        self.store = store
        self.options = options
        self.settle = settle
        self._clock = clock or (lambda: datetime.now(UTC))
        self._failed: dict[str, tuple[int, str]] = {}  # story -> (version, reason) whose digest could not be made

    def failure(self, story: StoryRecord) -> str | None:
        """Why the digest of this version of the story could not be made, if it could not."""
        failed = self._failed.get(story.id)
        return failed[1] if failed and failed[0] == story.version else None

    def refresh(self, story_id: str) -> bool:
        """Compute and store the digest of the story as it is now; False if it could not be made."""
        story = self.store.story(story_id)
        if story is None or story.merged_into is not None:
            return False
        articles = self.store.articles_of(story_id)
        cluster = Cluster(id=story_id, articles=tuple(a.article for a in articles), origin=f"story {story_id}")
        try:
            digest = make_digest(cluster, self.options)
        except NewsweaveError as err:
            self._failed[story_id] = (story.version, str(err))
            return False
        record = DigestRecord(story_id, story.version, self._clock(), render(digest, "json"), render(digest, "html"))
        title = digest.headline.text if digest.headline is not None else None
        self.store.save_digest(record, title=title)
        return True

    def refresh_pending(self, *, limit: int = _BATCH, settle: float | None = None) -> int:
        """Recompute the digests of changed stories that have settled; returns how many were made."""
        quiet = self.settle if settle is None else settle
        made = 0
        for story_id in self.store.stale_stories(settled_before=self._clock() - timedelta(seconds=quiet), limit=limit):
            story = self.store.story(story_id)
            if story is None or self.failure(story) is not None:
                continue
            made += self.refresh(story_id)
        return made

    def run(self, stop: threading.Event, wake: threading.Event | None = None, *, parent: int | None = None) -> None:
        """Refresh until ``stop`` is set (or, with ``parent``, until that process is gone)."""
        wake = wake or threading.Event()
        while not stop.is_set() and (parent is None or os.getppid() == parent):
            try:
                made = self.refresh_pending()
            except Exception:  # the worker must outlive a bad story or a database hiccup
                log.exception("digest worker")
                made = 0
            if not made:
                wake.wait(POLL_SECONDS)
                wake.clear()


def _process_main(db: str, options: Options, settle: float, parent: int) -> None:
    """The worker process: its own connection to the same database."""
    store = Store(db)
    try:
        Digester(store, options, settle=settle).run(threading.Event(), parent=parent)
    finally:
        store.close()


class DigestWorker:
    """Runs a :class:`Digester` in a background thread or process."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()

    def start(self, digester: Digester, db: str | None = None) -> None:
        """A thread over ``digester``; with ``db``, a process over the same store and options instead."""
        if self._thread is not None or self._process is not None:
            return
        self._stop.clear()
        if db is None:
            self._thread = threading.Thread(
                target=digester.run, args=(self._stop, self._wake), name="newsweave-digests", daemon=True
            )
            self._thread.start()
            return
        context = multiprocessing.get_context("spawn")  # nothing of the server's threads or connections is inherited
        self._process = context.Process(
            target=_process_main,
            args=(db, digester.options, digester.settle, os.getpid()),
            name="newsweave-digests",
            daemon=True,
        )
        self._process.start()

    def wake(self) -> None:
        """Something changed: look now rather than at the next poll (thread mode)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._process is not None:
            self._process.terminate()
            self._process.join(timeout)
            self._process = None
