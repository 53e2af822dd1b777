"""Watching feeds: poll each, fetch the pages of new items, hand their articles to a sink.

A :class:`Watcher` polls its feeds in the order given. For each feed it makes a
conditional GET with the validators it saved last time; on a new version it parses
the feed and, in the feed's order, fetches the page of every item not handed over
before, extracts its article, and calls ``sink(article)``, which stores or writes it
and returns an outcome ("added", "duplicate" ...). One item's failure never stops
the others: it is reported as an :class:`ItemFailure` with its reason. What the
watcher remembers goes through a :class:`~newsweave.feeds.state.WatchState`.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import InputError, NewsweaveError, OptionsError, TransientFetchError
from ..models import Article
from .extract import extract_page
from .feed import FeedItem, parse_feed
from .fetch import FEED_TYPES, PAGE_TYPES, FetchResult, SafeFetcher
from .state import MemoryState, WatchState

__all__ = [
    "MAX_INTERVAL",
    "MIN_INTERVAL",
    "FeedReport",
    "HandedOver",
    "ItemFailure",
    "PollReport",
    "Sink",
    "Watcher",
]

Sink = Callable[[Article], str]
"""Takes one article, returns what became of it ("added", "duplicate" ...).

Raising a :class:`~newsweave.errors.NewsweaveError` records the item as failed, to be
tried again at the next poll; any other exception stops the poll (state saved so far stays).
"""

# Bounds of the polling interval, in seconds. Feeds are seldom updated more than once a
# minute, so polling faster than every 30 s only loads the publisher; past a day, a
# busy feed (which lists its last day or less) lets items scroll away unseen.
MIN_INTERVAL = 30.0
MAX_INTERVAL = 86_400.0


@dataclass(frozen=True, slots=True)
class HandedOver:
    """An item whose article the sink took, and what the sink said of it."""

    key: str
    url: str  # the page's final URL, the article's URL
    outcome: str


@dataclass(frozen=True, slots=True)
class ItemFailure:
    """An item that could not be handed over, and why (one line).

    ``retry``: it was not marked as seen, so the next poll tries it again (a timeout,
    a 5xx, a sink error); otherwise it is remembered and not fetched again (a 404, a
    page with no article, a refused address).
    """

    key: str
    url: str | None
    reason: str
    retry: bool


@dataclass(frozen=True, slots=True)
class FeedReport:
    """One feed's poll. ``status``: "fetched", "not-modified" or "failed" (``error`` says why)."""

    url: str
    status: str
    items: int = 0  # items in the feed as fetched (0 when not modified or failed)
    handed_over: tuple[HandedOver, ...] = ()
    failures: tuple[ItemFailure, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class PollReport:
    """One poll of every feed, in the watcher's feed order."""

    feeds: tuple[FeedReport, ...]

    @property
    def handed_over(self) -> tuple[HandedOver, ...]:
        return tuple(h for f in self.feeds for h in f.handed_over)

    @property
    def failures(self) -> tuple[ItemFailure, ...]:
        return tuple(x for f in self.feeds for x in f.failures)

    @property
    def ok(self) -> bool:
        """No feed and no item failed."""
        return all(f.status != "failed" and not f.failures for f in self.feeds)


class Watcher:
    """Polls ``feeds`` and hands the articles of their new items to ``sink``.

    Args:
        feeds: feed URLs, polled in this order (a repeated one once).
        sink: called with each new article (see :data:`Sink`).
        state: what is remembered between polls; :class:`MemoryState` by default.
        fetcher: the :class:`SafeFetcher` to fetch with; by default one of the
            watcher's own, closed by :meth:`close`.

    Raises:
        OptionsError: no feed URL.
        MissingExtraError: the ``service`` extra is not installed.
    """

    def __init__(
        self,
        feeds: Sequence[str],
        sink: Sink,
        *,
        state: WatchState | None = None,
        fetcher: SafeFetcher | None = None,
    ) -> None:
        if not feeds:
            raise OptionsError("no feed URL to watch")
        self.feeds = tuple(dict.fromkeys(feeds))
        self.sink = sink
        self.state = state if state is not None else MemoryState()
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher if fetcher is not None else SafeFetcher()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    def poll_once(self) -> PollReport:
        """Poll every feed once, in order; the report says what each gave."""
        return PollReport(feeds=tuple(self.poll_feed(url) for url in self.feeds))

    def run(
        self,
        interval: float,
        stop_event: threading.Event,
        *,
        on_report: Callable[[PollReport], None] | None = None,
    ) -> None:
        """Poll, then wait ``interval`` seconds, until ``stop_event`` is set (checked while waiting).

        ``on_report`` is called with each poll's report.

        Raises:
            OptionsError: ``interval`` is outside [MIN_INTERVAL, MAX_INTERVAL].
        """
        if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
            raise OptionsError(
                f"polling interval {interval:g} s is outside {MIN_INTERVAL:g} to {MAX_INTERVAL:g} seconds"
            )
        while not stop_event.is_set():
            report = self.poll_once()
            if on_report is not None:
                on_report(report)
            stop_event.wait(interval)

    def poll_feed(self, url: str) -> FeedReport:
        """Poll one feed: fetch it conditionally, hand over its new items.

        Its new validators are saved only when no item is left to retry, so that a
        retry is not hidden behind a 304 at the next poll.
        """
        try:
            page = self.fetcher.fetch(url, validators=self.state.validators(url), accept=FEED_TYPES)
            feed = None if page.not_modified else parse_feed(page.body, page.final_url, content_type=_type(page))
        except InputError as err:  # FetchError, NotAFeedError
            return FeedReport(url=url, status="failed", error=str(err))
        if feed is None:
            self.state.set_validators(url, page.validators)
            return FeedReport(url=url, status="not-modified")
        handed: list[HandedOver] = []
        failures: list[ItemFailure] = []
        for item in feed.items:
            if self.state.is_seen(url, item.key):
                continue
            result = self._hand_over(url, item)
            (handed if isinstance(result, HandedOver) else failures).append(result)
        if not any(f.retry for f in failures):
            self.state.set_validators(url, page.validators)
        return FeedReport(
            url=url, status="fetched", items=len(feed.items), handed_over=tuple(handed), failures=tuple(failures)
        )

    def _hand_over(self, feed_url: str, item: FeedItem) -> HandedOver | ItemFailure:
        """Fetch, extract and sink one item; mark it seen unless it is to be retried."""
        if item.link is None:
            self.state.mark_seen(feed_url, item.key)
            return ItemFailure(key=item.key, url=None, reason=f"{item.key}: the item has no link", retry=False)
        try:
            article = _with_feed_metadata(extract_page(self.fetcher.fetch(item.link, accept=PAGE_TYPES)), item)
        except TransientFetchError as err:
            return ItemFailure(key=item.key, url=item.link, reason=str(err), retry=True)
        except InputError as err:  # refused, HTTP 4xx, too large, not HTML, no article text
            self.state.mark_seen(feed_url, item.key)
            return ItemFailure(key=item.key, url=item.link, reason=str(err), retry=False)
        try:
            outcome = self.sink(article)
        except NewsweaveError as err:
            return ItemFailure(key=item.key, url=article.url, reason=str(err), retry=True)
        self.state.mark_seen(feed_url, item.key)
        return HandedOver(key=item.key, url=article.url or item.link, outcome=outcome)


def _with_feed_metadata(article: Article, item: FeedItem) -> Article:
    """The feed's title and publication time win over the page's.

    The feed states both as data, with a full time of day; from the page,
    trafilatura reads a title that may carry the site's name and a date guessed
    from the markup, to the day.
    """
    return dataclasses.replace(
        article,
        title=item.title or article.title,
        published=item.published.isoformat() if item.published else article.published,
    )


def _type(page: FetchResult) -> str | None:
    """The Content-Type header again, for feedparser's encoding detection."""
    if page.content_type and page.charset:
        return f"{page.content_type}; charset={page.charset}"
    return page.content_type
