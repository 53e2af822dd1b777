"""Feeds: safe fetching, RSS/Atom polling and page extraction, for the story desk.

The pieces, each usable alone (none imports a database or web framework):

* :class:`SafeFetcher` (``fetch.py``) fetches an http(s) URL within
  :class:`FetchLimits` (connect/read/total timeouts, a body size limit, a redirect
  limit), with a User-Agent naming newsweave, refusing private, loopback,
  link-local, multicast, reserved and unspecified addresses on the *resolved*
  address it connects to (``allow_private=True`` permits them, for local testing).
  ``fetch(url, validators=..., accept=...)`` returns a frozen :class:`FetchResult`;
  a conditional GET answered 304 is ``result.not_modified``, not an error.
  :func:`address_kind` tells what kind of address an IP is (None for a public one).
* :func:`parse_feed` (``feed.py``) reads RSS or Atom bytes into a :class:`Feed` of
  :class:`FeedItem` values (key, absolute link, title, aware ``published``, summary).
* :func:`extract_page` / :func:`extract_article` (``extract.py``) turn a fetched HTML
  page into an :class:`~newsweave.models.Article`, as ``.html`` files are read.
* :class:`Watcher` (``watch.py``) polls feeds and hands each new item's article to a
  sink callable; ``poll_once()`` returns a :class:`PollReport`, ``run(interval,
  stop_event)`` loops. What it remembers goes through the :class:`WatchState`
  protocol (``state.py``): :class:`MemoryState`, or :class:`JsonFileState` to resume
  across runs.

>>> from newsweave.feeds import JsonFileState, Watcher
>>> with Watcher(["https://example.org/feed.xml"], sink=lambda a: "added",
...              state=JsonFileState("state.json")) as watcher:  # doctest: +SKIP
...     report = watcher.poll_once()

Errors (see :mod:`newsweave.errors`): :class:`~newsweave.errors.FetchError` and its
:class:`~newsweave.errors.BlockedAddressError` and
:class:`~newsweave.errors.TransientFetchError`,
:class:`~newsweave.errors.NotAFeedError`, :class:`~newsweave.errors.NoArticleError`;
all are ``InputError`` values with a one-line message naming the URL. httpx and
feedparser come with the ``service`` extra and are imported only when used; without
them, :class:`~newsweave.errors.MissingExtraError` says ``pip install 'newsweave[service]'``.
"""

from __future__ import annotations

from .addresses import address_kind, checked_addresses
from .extract import extract_article, extract_page
from .feed import Feed, FeedItem, parse_feed
from .fetch import FEED_TYPES, PAGE_TYPES, USER_AGENT, FetchLimits, FetchResult, SafeFetcher, Validators
from .state import JsonFileState, MemoryState, WatchState
from .watch import MAX_INTERVAL, MIN_INTERVAL, FeedReport, HandedOver, ItemFailure, PollReport, Sink, Watcher

__all__ = [
    "FEED_TYPES",
    "MAX_INTERVAL",
    "MIN_INTERVAL",
    "PAGE_TYPES",
    "USER_AGENT",
    "Feed",
    "FeedItem",
    "FeedReport",
    "FetchLimits",
    "FetchResult",
    "HandedOver",
    "ItemFailure",
    "JsonFileState",
    "MemoryState",
    "PollReport",
    "SafeFetcher",
    "Sink",
    "Validators",
    "WatchState",
    "Watcher",
    "address_kind",
    "checked_addresses",
    "extract_article",
    "extract_page",
    "parse_feed",
]
