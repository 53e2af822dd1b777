"""RSS and Atom feeds, parsed from bytes already fetched, into frozen :class:`FeedItem` values.

feedparser is only ever given a stream of bytes, never a URL or a file name, so it
fetches and opens nothing itself (what is fetched goes through :class:`~newsweave.feeds.fetch.SafeFetcher`).
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from ..errors import NotAFeedError
from ._extra import require

__all__ = ["Feed", "FeedItem", "parse_feed"]


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed.

    ``key`` identifies the item across polls: its guid (RSS) or id (Atom), else its
    link. ``link`` is absolute (a relative one is resolved against the feed's URL).
    ``published`` is timezone-aware (UTC), from the published date, else the
    updated one. ``summary`` is as the feed gives it (HTML, sanitized by feedparser).
    """

    key: str
    link: str | None
    title: str | None = None
    published: datetime | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its items in the feed's own order.

    ``version`` is feedparser's name for the format ("rss20", "atom10", ...; empty
    when it could not tell but found entries). ``unkeyed`` counts the entries left
    out because they have neither an id nor a link (nothing to fetch or remember).
    """

    url: str
    title: str | None
    version: str
    items: tuple[FeedItem, ...]
    unkeyed: int = 0


def parse_feed(data: bytes, url: str, *, content_type: str | None = None) -> Feed:
    """Parse the RSS or Atom document ``data`` fetched from ``url``.

    A slightly malformed feed (feedparser's ``bozo`` flag) is kept as long as it is
    recognisably a feed: it has a version or yields entries.

    Args:
        data: the document's bytes.
        url: where it was fetched from (its final URL): relative links resolve against it.
        content_type: the Content-Type header, if any (it helps feedparser with the encoding).

    Raises:
        NotAFeedError: ``data`` is empty, or has neither a feed version nor entries
            (an HTML page, garbage).
        MissingExtraError: feedparser (the ``service`` extra) is not installed.
    """
    feedparser = require("feedparser", "parsing feeds")
    if not data.strip():
        raise NotAFeedError(f"{url}: empty document, not a feed")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, never bytes or str: feedparser fetches a str that looks like a URL and
    # opens bytes or a str that name an existing file (a body b"/etc/passwd" would be read).
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        raise NotAFeedError(f"{url}: not an RSS or Atom feed{_why(parsed)}")
    items, unkeyed = [], 0
    for entry in parsed.entries:
        item = _item(entry, url)
        if item is None:
            unkeyed += 1
        else:
            items.append(item)
    return Feed(
        url=url,
        title=_text(parsed.feed.get("title")),
        version=parsed.get("version") or "",
        items=tuple(items),
        unkeyed=unkeyed,
    )


def _why(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    detail = " ".join(str(error).split()) if error else ""
    return f" ({detail})" if detail else ""


def _item(entry: Any, base: str) -> FeedItem | None:
    link = _text(entry.get("link"))
    link = urljoin(base, link) if link else None
    key = _text(entry.get("id")) or link
    if key is None:
        return None
    return FeedItem(
        key=key,
        link=link,
        title=_text(entry.get("title")),
        published=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        summary=_text(entry.get("summary")),
    )


def _time(value: Any) -> datetime | None:
    """feedparser's UTC ``time.struct_time`` as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
