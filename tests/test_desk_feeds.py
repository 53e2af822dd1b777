"""Feeds into the story desk: the store keeps the watch state, refused items become rejections.

Against a real HTTP server on 127.0.0.1 (tests/feed_server.py) and a real SQLite file.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

pytest.importorskip("fastapi", reason="the story desk needs the service extra")

import httpx  # noqa: E402

from newsweave.service.desk import Desk  # noqa: E402
from newsweave.service.feeds import FeedDesk  # noqa: E402
from newsweave.store import Store  # noqa: E402

from feed_server import EMPTY_PAGE, STORIES, Route, news_site, rss, serve  # noqa: E402
from service_helpers import ProcessServer  # noqa: E402


@pytest.fixture
def site():
    with serve() as server:
        feed = news_site(server)
        server.routes["/login.html"] = Route(EMPTY_PAGE)
        items = [(f"gazette-{name}", server.url(f"/news/{name}.html"), STORIES[name][0]) for name in STORIES]
        items.append(("gazette-login", server.url("/login.html"), "Members only"))
        server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"v1"')
        server.feed = feed
        yield server


def test_a_feed_poll_adds_its_articles_and_records_what_it_refused(site, tmp_path):
    store = Store(tmp_path / "desk.db")
    feeds = FeedDesk(Desk(store), [site.feed], allow_private=True)
    report = feeds.poll_once()
    assert [h.outcome for h in report.handed_over] == ["added", "added", "added"]
    counts = store.counts()
    assert counts["articles"] == 3 and counts["stories"] == 3 and counts["rejected"] == 1
    (rejection,) = store.rejections()
    assert rejection.origin == f"feed {site.feed}" and "no article text" in rejection.reason
    assert "/login.html" in rejection.payload
    stored = store.articles_of(store.stories()[0][0].id)[0]
    assert stored.origin == f"feed {site.feed}" and stored.article.source == "Portvale Gazette"
    assert feeds.poll_once().feeds[0].status == "not-modified"  # the ETag was kept
    feeds.close()
    store.close()

    store = Store(tmp_path / "desk.db")  # a restart resumes from the stored state
    again = FeedDesk(Desk(store), [site.feed], allow_private=True)
    assert again.poll_once().feeds[0].status == "not-modified"
    site.routes["/feed.xml"].etag = '"v2"'  # the feed changed, its items did not
    report = again.poll_once()
    assert report.feeds[0].status == "fetched" and report.handed_over == ()
    assert store.counts() == counts
    assert site.hits("/news/ferry.html") == 1
    again.close()
    store.close()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsweave.cli", *args], capture_output=True, text=True, timeout=120)


def test_watch_into_the_database_and_its_one_line_errors(site, tmp_path):
    db = str(tmp_path / "watch.db")
    first = run_cli("watch", site.feed, "--db", db, "--once", "--allow-private")
    assert first.returncode == 1  # the login page is no article
    assert first.stderr.count("\n") == 1 and "no article text" in first.stderr
    store = Store(db)
    assert store.counts()["articles"] == 3
    store.close()
    blocked = run_cli("watch", site.feed, "--db", db, "--once")
    assert blocked.returncode == 1 and "refusing to fetch" in blocked.stderr and "loopback" in blocked.stderr
    both = run_cli("watch", site.feed, "--db", db, "--out", str(tmp_path / "x.jsonl"))
    assert both.returncode == 2 and "drop --out" in both.stderr
    holder = Store(db)
    Desk(holder)  # another writer holds the database
    busy = run_cli("watch", site.feed, "--db", db, "--once", "--allow-private")
    assert busy.returncode == 2 and "another newsweave process" in busy.stderr and "Traceback" not in busy.stderr
    holder.close()


def test_serve_watches_its_feeds(site, tmp_path):
    server = ProcessServer(str(tmp_path / "serve.db"), extra=("--feed", site.feed, "--allow-private"), log=tmp_path / "log")
    server.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            health = httpx.get(server.url + "/health", timeout=10).json()
            if health["articles"] == 3 and health["rejected"] == 1:
                break
            time.sleep(0.2)
        assert (health["articles"], health["stories"], health["rejected"]) == (3, 3, 1)
        titles = {s["title"] for s in httpx.get(server.url + "/stories", timeout=10).json()["stories"]}
        assert len(titles) == 3
    finally:
        server.stop()
