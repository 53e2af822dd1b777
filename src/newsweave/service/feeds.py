"""Feeds into the desk: every new item of a watched feed becomes a posted article.

:class:`StoreWatchState` keeps what the watcher remembers (validators, items handed
over) in the store's ``feeds`` and ``feed_items`` tables, so a restarted service or
``newsweave watch --db`` resumes where it stopped. :class:`FeedDesk` runs one
:class:`~newsweave.feeds.Watcher` per feed (sharing one :class:`~newsweave.feeds.SafeFetcher`)
whose sink is :meth:`Desk.add <newsweave.service.desk.Desk.add>`, with the feed as the
article's origin; an item given up on (refused address, HTTP 4xx, no article text) is
recorded as rejected with its reason, so nothing a feed offered disappears without a word.
Items worth retrying (timeouts, 5xx) are retried at the next poll instead.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from ..feeds import PollReport, SafeFetcher, Validators, Watcher
from ..store import Store
from .desk import Desk

__all__ = ["FeedDesk", "StoreWatchState"]

log = logging.getLogger("newsweave.feeds")


class StoreWatchState:
    """A :class:`~newsweave.feeds.WatchState` on the store."""

    def __init__(self, store: Store, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))

    def validators(self, feed_url: str) -> Validators:
        etag, last_modified = self.store.feed_validators(feed_url)
        return Validators(etag=etag, last_modified=last_modified)

    def set_validators(self, feed_url: str, validators: Validators) -> None:
        self.store.save_feed_validators(feed_url, validators.etag, validators.last_modified, self._clock())

    def is_seen(self, feed_url: str, key: str) -> bool:
        return self.store.feed_seen(feed_url, key)

    def mark_seen(self, feed_url: str, key: str) -> None:
        self.store.mark_feed_seen(feed_url, key, self._clock())


class FeedDesk:
    """Watches ``feeds`` and adds each new item's article to ``desk``."""

    def __init__(self, desk: Desk, feeds: Sequence[str], *, allow_private: bool = False) -> None:
        self.desk = desk
        self.fetcher = SafeFetcher(allow_private=allow_private)
        state = StoreWatchState(desk.store)
        self.watchers = [
            Watcher([url], self._sink(url), state=state, fetcher=self.fetcher) for url in dict.fromkeys(feeds)
        ]
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def _sink(self, feed_url: str) -> Callable:
        return lambda article: self.desk.add(article, origin=f"feed {feed_url}").status

    def poll_once(self) -> PollReport:
        """Poll every feed once; what was given up on is recorded as rejected."""
        reports = tuple(report for w in self.watchers for report in w.poll_once().feeds)
        for feed in reports:
            for failure in feed.failures:
                if not failure.retry:
                    payload = json.dumps({"feed": feed.url, "item": failure.key, "url": failure.url})
                    self.desk.reject(f"feed {feed.url}", failure.reason, payload)
            if feed.error:
                log.warning("%s", feed.error)
        return PollReport(feeds=reports)

    def start(self, interval: float) -> None:
        """Poll in a background thread every ``interval`` seconds, the first time now."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(interval,), name="newsweave-feeds", daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except Exception:  # a feed must never take the service down
                log.exception("feed poll")
            self._stop.wait(interval)

    def close(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.fetcher.close()
