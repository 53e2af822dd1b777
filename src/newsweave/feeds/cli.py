"""``newsweave watch``: poll feeds and write each new article as a JSONL line (registered in ``newsweave.cli``)."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import TextIO

import click

from ..errors import InputError
from ..models import Article
from .watch import MAX_INTERVAL, MIN_INTERVAL, PollReport

# 15 minutes between polls: an assumption (fresh enough for a news desk, light on the
# publishers), within the watcher's bounds.
DEFAULT_INTERVAL = 900.0

_OUT_SUFFIXES = (".jsonl", ".ndjson")


class JsonlSink:
    """A watcher sink writing each article as a JSONL article line (what ``newsweave cluster`` reads).

    The line's id is the article's URL; an article whose URL is already among the
    ids (``known``, or written by this sink) is not written again: "duplicate".
    """

    def __init__(self, handle: TextIO, known: set[str] | None = None) -> None:
        self._handle = handle
        self._ids = set(known or ())

    def __call__(self, article: Article) -> str:
        from ..ingest.articles import article_record

        id = article.url or f"article-{len(self._ids) + 1}"
        if id in self._ids:
            return "duplicate"
        self._handle.write(json.dumps(article_record(id, article), ensure_ascii=False) + "\n")
        self._handle.flush()
        self._ids.add(id)
        return "added"


def _written_ids(path: Path) -> set[str]:
    """The ids of the article lines an earlier run wrote to ``path`` (none if it is missing or empty)."""
    from ..ingest.articles import read_articles

    if not path.is_file() or path.stat().st_size == 0:
        return set()
    return {item[0] for item in read_articles([path]) if not isinstance(item, InputError)}


def _report(report: PollReport, *, summary: bool) -> None:
    """Every failure on stderr, one line each; with ``summary``, a line for the whole poll."""
    for feed in report.feeds:
        if feed.error:
            click.echo(f"newsweave: error: {feed.error}", err=True)
        for failure in feed.failures:
            later = " (will retry)" if failure.retry else ""
            click.echo(f"newsweave: skipped: {failure.reason}{later}", err=True)
    if summary:
        outcomes = [h.outcome for h in report.handed_over]
        unchanged = sum(f.status == "not-modified" for f in report.feeds)
        click.echo(
            f"newsweave: polled {len(report.feeds)} feed(s): {outcomes.count('added')} article(s) added,"
            f" {len(outcomes) - outcomes.count('added')} duplicate(s), {unchanged} feed(s) not modified,"
            f" {len(report.failures) + sum(f.status == 'failed' for f in report.feeds)} failure(s)",
            err=True,
        )


@click.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option(
    "--state",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="JSON file remembering each feed's validators and the items written, so a later run resumes"
    " (created if missing). Without it, nothing is remembered between runs.",
)
@click.option(
    "--interval",
    type=float,
    default=None,
    help=f"Seconds between polls (default {DEFAULT_INTERVAL:g}; {MIN_INTERVAL:g} to {MAX_INTERVAL:g}).",
)
@click.option("--once", is_flag=True, help="Poll every feed once and exit (status 1 if a feed or an item failed).")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch from private, loopback and link-local addresses (local testing only).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Append each article to this JSONL file (default: standard output); ids already in it are not written again.",
)
@click.option(
    "--db",
    default=None,
    help="Add the articles to the story desk's database instead (a SQLite file or postgresql://...),"
    " which also keeps the watch state; not while newsweave serve writes to it (use serve --feed).",
)
def watch(
    feeds: tuple[str, ...],
    state: Path | None,
    interval: float | None,
    once: bool,
    allow_private: bool,
    out: Path | None,
    db: str | None,
) -> None:
    """Watch RSS/Atom feeds: write the article of each new item as a JSONL line.

    Each line is {"id", "text", "title", "source", "url", "published"}, as
    `newsweave cluster` reads it; the id is the article's URL. Failures are reported
    on stderr, one line each, and the watch goes on.
    """
    from .fetch import SafeFetcher
    from .state import JsonFileState, MemoryState
    from .watch import Watcher

    if once and interval is not None:
        raise InputError("--interval has no effect with --once; give one of them")
    seconds = DEFAULT_INTERVAL if interval is None else interval
    if db is not None:
        if out is not None or state is not None:
            raise InputError("--db keeps the articles and the watch state in the database; drop --out and --state")
        _watch_into_store(db, feeds, allow_private=allow_private, once=once, seconds=seconds)
        return
    if out is not None and out.suffix.lower() not in _OUT_SUFFIXES:
        raise InputError(f"{out}: --out writes JSONL; name the file .jsonl")
    watch_state = JsonFileState(state) if state is not None else MemoryState()
    handle = open(out, "a", encoding="utf-8") if out is not None else sys.stdout
    try:
        sink = JsonlSink(handle, _written_ids(out) if out is not None else None)
        with (
            SafeFetcher(allow_private=allow_private) as fetcher,
            Watcher(list(feeds), sink, state=watch_state, fetcher=fetcher) as w,
        ):
            if once:
                report = w.poll_once()
                _report(report, summary=False)
                if not report.ok:
                    sys.exit(1)
                return
            try:
                w.run(seconds, threading.Event(), on_report=lambda r: _report(r, summary=True))
            except KeyboardInterrupt:  # the way to stop a watch; the state is saved as it goes
                return
    finally:
        if handle is not sys.stdout:
            handle.close()


def _watch_into_store(db: str, feeds: tuple[str, ...], *, allow_private: bool, once: bool, seconds: float) -> None:
    """``watch --db``: the feeds' articles go to the desk, as ``serve --feed`` adds them."""
    from ..service.desk import Desk
    from ..service.feeds import FeedDesk
    from ..store import Store

    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        raise InputError(f"--interval {seconds:g}: must be {MIN_INTERVAL:g} to {MAX_INTERVAL:g} seconds")
    store = Store(db)
    try:
        feed_desk = FeedDesk(Desk(store), feeds, allow_private=allow_private)
        try:
            while True:
                report = feed_desk.poll_once()
                _report(report, summary=not once)
                if once:
                    if not report.ok:
                        sys.exit(1)
                    return
                threading.Event().wait(seconds)
        except KeyboardInterrupt:
            return
        finally:
            feed_desk.close()
    finally:
        store.close()
