"""newsweave.feeds against a real HTTP server on 127.0.0.1: fetching, feeds, pages, the watcher, the CLI.

The server and the invented feeds and pages it serves are in ``feed_server.py``.
Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from datetime import UTC, datetime

import pytest

pytest.importorskip("httpx", reason="the feeds need the service extra")
pytest.importorskip("feedparser", reason="the feeds need the service extra")

from click.testing import CliRunner  # noqa: E402

from newsweave.cli import main  # noqa: E402
from newsweave.errors import (  # noqa: E402
    BlockedAddressError,
    FetchError,
    MissingExtraError,
    NoArticleError,
    NotAFeedError,
    OptionsError,
    TransientFetchError,
)
from newsweave.feeds import (  # noqa: E402
    PAGE_TYPES,
    USER_AGENT,
    FetchLimits,
    JsonFileState,
    MemoryState,
    SafeFetcher,
    Validators,
    Watcher,
    address_kind,
    checked_addresses,
    extract_page,
    parse_feed,
)

from feed_server import EMPTY_PAGE, Route, atom, news_site, page, rss, serve  # noqa: E402


@pytest.fixture
def server():
    with serve() as state:
        yield state


@pytest.fixture
def fetcher():
    """The address guard on, with the test server's address (127.0.0.1, and nothing else) allowed."""
    limits = FetchLimits(read_timeout=2.0, total_timeout=5.0)
    with SafeFetcher(allow_networks=["127.0.0.1/32"], limits=limits) as f:
        yield f


def _collect():
    articles = []

    def sink(article):
        articles.append(article)
        return "added"

    return articles, sink


# ---------------------------------------------------------------- addresses (no network)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped private"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("fe80::1", "link-local"),
        ("fd12:3456::1", "private"),
        ("100.64.0.1", "non-global"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_kinds(address, kind):
    assert address_kind(address) == kind


def test_a_name_that_resolves_to_loopback_is_refused():
    with pytest.raises(BlockedAddressError, match=r"localhost resolves to (127\.0\.0\.1|::1), which is a loopback"):
        checked_addresses("localhost", 80)
    assert checked_addresses("localhost", 80, allow_private=True)


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "::1", "::ffff:127.0.0.1", "0.0.0.0"])
def test_literal_non_public_addresses_are_refused(address):
    with pytest.raises(BlockedAddressError, match=f"^{address} is an? "):
        checked_addresses(address, 80)


# ---------------------------------------------------------------- fetching


def test_fetch_returns_a_frozen_result_with_validators(server, fetcher):
    server.routes["/a.html"] = Route(page("ferry"), etag='"abc"')
    result = fetcher.fetch(server.url("/a.html"), accept=PAGE_TYPES)
    assert result.status == 200 and not result.not_modified
    assert result.final_url == server.url("/a.html")
    assert (result.content_type, result.charset) == ("text/html", "utf-8")
    assert result.validators == Validators(etag='"abc"')
    assert "Ferries between Portvale" in result.text
    assert server.requests[-1][1]["User-Agent"] == USER_AGENT and "newsweave" in USER_AGENT
    with pytest.raises(AttributeError):
        result.status = 500  # frozen


def test_conditional_get_reports_not_modified(server, fetcher):
    server.routes["/a.html"] = Route(page("ferry"), etag='"abc"')
    result = fetcher.fetch(server.url("/a.html"), validators=Validators(etag='"abc"', last_modified="Mon, 30 Nov 2026"))
    assert result.not_modified and result.status == 304 and result.body == b""
    assert result.validators.etag == '"abc"' and result.validators.last_modified == "Mon, 30 Nov 2026"
    sent = server.requests[-1][1]
    assert sent["If-None-Match"] == '"abc"' and sent["If-Modified-Since"] == "Mon, 30 Nov 2026"


def test_loopback_is_refused_without_allow_private(server):
    server.routes["/feed.xml"] = Route(b"<rss/>", content_type="application/rss+xml")
    url = server.url("/feed.xml")
    with SafeFetcher() as strict, pytest.raises(BlockedAddressError) as err:
        strict.fetch(url)
    assert str(err.value) == (
        f"refusing to fetch {url}: 127.0.0.1 is a loopback address; pass allow_private=True (--allow-private) to permit"
    )
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("http://10.1.2.3/admin", "10.1.2.3 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::ffff:127.0.0.1]:{port}/feed.xml", "::ffff:127.0.0.1 is an IPv4-mapped loopback address"),
        ("http://127.0.0.2:{port}/feed.xml", "127.0.0.2 is a loopback address"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(server, fetcher, target, refusal):
    # The fetcher allows 127.0.0.1 alone (the test server); where the redirect leads is checked again.
    target = target.format(port=server.base.rsplit(":", 1)[1])
    server.routes["/moved"] = Route(status=302, location=target)
    with pytest.raises(BlockedAddressError) as err:
        fetcher.fetch(server.url("/moved"))
    assert str(err.value).startswith(f"refusing to fetch {target} (redirected from {server.url('/moved')}): {refusal};")
    assert [path for path, _ in server.requests] == ["/moved"]


def test_allow_networks_takes_networks_only():
    with pytest.raises(OptionsError, match="'intranet' is not an IP network"):
        SafeFetcher(allow_networks=["intranet"])


def test_redirect_hops_are_checked_one_by_one(server, fetcher):
    server.routes["/old"] = Route(status=301, location="/new")
    server.routes["/new"] = Route(status=302, location=server.url("/a.html"))
    server.routes["/a.html"] = Route(page("ferry"))
    assert fetcher.fetch(server.url("/old")).final_url == server.url("/a.html")
    server.routes["/ftp"] = Route(status=302, location="ftp://127.0.0.1/feed.xml")
    with pytest.raises(
        FetchError, match=r"ftp://127\.0\.0\.1/feed\.xml \(redirected from .*/ftp\): only http and https"
    ):
        fetcher.fetch(server.url("/ftp"))
    server.routes["/loop"] = Route(status=302, location="/loop")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.fetch(server.url("/loop"))
    assert server.hits("/loop") == 6


def test_only_http_and_https(fetcher):
    for url in ("file:///etc/passwd", "ftp://example.org/feed.xml", "feed.xml"):
        with pytest.raises(FetchError, match="only http and https"):
            fetcher.fetch(url)


def test_an_oversized_body_is_refused(server):
    big = b"<p>" + b"x" * 5000 + b"</p>"
    server.routes["/declared"] = Route(big)  # http.server sends no Content-Length: read until the limit
    server.routes["/lying"] = Route(b"short", length=10_000_000)  # declared too large: refused unread
    with SafeFetcher(allow_private=True, limits=FetchLimits(max_bytes=1000)) as small:
        with pytest.raises(FetchError, match=r"/declared: response is over the 1,000-byte limit"):
            small.fetch(server.url("/declared"))
        with pytest.raises(FetchError, match=r"/lying: response is 10,000,000 bytes, over the 1,000-byte limit"):
            small.fetch(server.url("/lying"))
        server.routes["/fits"] = Route(b"<p>" + b"x" * 900 + b"</p>")
        assert len(small.fetch(server.url("/fits")).body) == 907


def test_a_slow_server_times_out(server):
    server.routes["/slow"] = Route(page("ferry"), delay=2.0)
    started = time.monotonic()
    with SafeFetcher(allow_private=True, limits=FetchLimits(read_timeout=0.2)) as quick:
        with pytest.raises(TransientFetchError, match="/slow: timed out reading the response"):
            quick.fetch(server.url("/slow"))
    assert time.monotonic() - started < 1.5


def test_a_server_that_drips_is_cut_off_by_the_total_timeout(server):
    server.routes["/drip"] = Route(page("ferry"), drip=0.05)  # about 1,000 bytes: 10 pieces, half a second
    started = time.monotonic()
    limits = FetchLimits(read_timeout=1.0, total_timeout=0.2)
    with SafeFetcher(allow_networks=["127.0.0.1"], limits=limits) as quick:
        with pytest.raises(TransientFetchError, match=r"/drip: took longer than 0\.2 s in all"):
            quick.fetch(server.url("/drip"))
    assert time.monotonic() - started < 1.0


def test_http_errors_and_refused_connections(server, fetcher):
    server.routes["/gone"] = Route(b"gone", status=410)
    server.routes["/busy"] = Route(b"busy", status=503)
    with pytest.raises(FetchError, match=r"/gone: HTTP 410 Gone$") as gone:
        fetcher.fetch(server.url("/gone"))
    assert not isinstance(gone.value, TransientFetchError)
    with pytest.raises(TransientFetchError, match=r"/busy: HTTP 503 Service Unavailable$"):
        fetcher.fetch(server.url("/busy"))
    with pytest.raises(FetchError, match=r"/missing: HTTP 404"):
        fetcher.fetch(server.url("/missing"))
    # A port nobody listens on: one just bound and let go.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TransientFetchError, match=f"127.0.0.1:{port}/x: "):
        fetcher.fetch(f"http://127.0.0.1:{port}/x")


def test_an_unexpected_content_type_is_refused(server, fetcher):
    server.routes["/photo.jpg"] = Route(b"\xff\xd8\xff", content_type="image/jpeg")
    with pytest.raises(FetchError, match=r"content type image/jpeg, expected text/html or application/xhtml\+xml"):
        fetcher.fetch(server.url("/photo.jpg"), accept=PAGE_TYPES)


def test_errors_are_one_line(server, fetcher):
    server.routes["/busy"] = Route(b"busy", status=500)
    for url in (server.url("/busy"), server.url("/missing"), "gopher://x"):
        with pytest.raises(FetchError) as err:
            fetcher.fetch(url)
        assert "\n" not in str(err.value) and url in str(err.value)


def test_missing_extra_names_the_service_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'newsweave\[service\]'"):
        SafeFetcher()
    monkeypatch.setitem(sys.modules, "feedparser", None)
    with pytest.raises(MissingExtraError, match="feedparser is not installed"):
        parse_feed(b"<rss/>", "http://example.org/feed.xml")


# ---------------------------------------------------------------- feeds


def test_rss_items_with_relative_links_resolved():
    data = rss([("g1", "/news/ferry.html", "Ferry resumes"), ("g2", "https://other.example/x", "Library")])
    feed = parse_feed(data, "https://gazette.example/feeds/all.xml")
    assert feed.version == "rss20" and feed.title == "Portvale Gazette: news"
    assert [(i.key, i.link, i.title) for i in feed.items] == [
        ("g1", "https://gazette.example/news/ferry.html", "Ferry resumes"),
        ("g2", "https://other.example/x", "Library"),
    ]
    assert feed.items[0].published == datetime(2026, 11, 30, 0, 15, tzinfo=UTC)
    assert feed.items[0].summary == "Ferry resumes."


def test_atom_entries():
    data = atom([("urn:c:1", "stories/market", "Market moves indoors"), ("urn:c:2", "/x", "Second")])
    feed = parse_feed(data, "https://courier.example/atom/")
    assert feed.version == "atom10" and feed.title == "Portvale Courier"
    assert [i.key for i in feed.items] == ["urn:c:1", "urn:c:2"]
    assert feed.items[0].link == "https://courier.example/atom/stories/market"
    assert feed.items[0].published == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00+01:00, as UTC


def test_an_item_without_guid_is_keyed_by_its_link_and_one_without_either_is_left_out():
    data = (
        b"<rss version='2.0'><channel><title>T</title>"
        b"<item><link>/a</link><title>A</title></item><item><title>no link, no guid</title></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(data, "http://gazette.example/rss")
    assert [i.key for i in feed.items] == ["http://gazette.example/a"] and feed.unkeyed == 1


def test_a_slightly_malformed_feed_is_kept():
    data = rss([("g1", "/a", "Ferry")]).replace(b"</channel>", b"<broken></channel>")
    feed = parse_feed(data, "http://gazette.example/rss")
    assert [i.key for i in feed.items] == ["g1"]


@pytest.mark.parametrize(
    "data",
    [page("ferry"), b"\x00\x01 garbage \xff", b"   ", b"", b'{"items": []}'],
    ids=["html", "garbage", "blank", "empty", "json"],
)
def test_a_document_that_is_not_a_feed_is_refused(data):
    with pytest.raises(NotAFeedError, match=r"^http://gazette\.example/feed: .*(not an RSS or Atom feed|not a feed)"):
        parse_feed(data, "http://gazette.example/feed")


def test_feedparser_never_opens_a_file_named_by_the_body(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss([("leak", "/leak", "Leaked")]))
    with pytest.raises(NotAFeedError):
        parse_feed(str(secret).encode(), "http://gazette.example/feed")


# ---------------------------------------------------------------- pages


def test_a_page_becomes_an_article(server, fetcher):
    server.routes["/news/ferry.html"] = Route(page("ferry"))
    article = extract_page(fetcher.fetch(server.url("/news/ferry.html"), accept=PAGE_TYPES))
    assert article.url == server.url("/news/ferry.html")
    assert article.source == "Portvale Gazette"
    assert article.title.startswith("Portvale ferry service resumes")
    assert article.published == "2026-11-30"
    assert "loading ramp at North Pier" in article.text and "Home" not in article.text


def test_a_page_without_an_article_is_refused(server, fetcher):
    server.routes["/login"] = Route(EMPTY_PAGE)
    with pytest.raises(
        NoArticleError, match=r"/login: no article text found in this HTML page \(only 4 characters of text\)$"
    ):
        extract_page(fetcher.fetch(server.url("/login")))


# ---------------------------------------------------------------- the watcher


def test_watcher_hands_over_new_items_and_a_304_adds_nothing(server, fetcher):
    feed = news_site(server)
    articles, sink = _collect()
    watcher = Watcher([feed], sink, fetcher=fetcher)
    first = watcher.poll_once()
    assert first.ok and first.feeds[0].status == "fetched" and first.feeds[0].items == 3
    assert [a.url for a in articles] == [server.url(f"/news/{n}.html") for n in ("ferry", "library", "market")]
    assert [h.outcome for h in first.handed_over] == ["added"] * 3
    # The feed's title and full publication time win over the page's.
    assert articles[0].title == "Portvale ferry service resumes after storm"
    assert articles[0].published == "2026-11-30T00:15:00+00:00"
    second = watcher.poll_once()
    assert second.feeds[0].status == "not-modified" and second.handed_over == ()
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert len(articles) == 3 and server.hits("/news/ferry.html") == 1


def test_a_changed_feed_hands_over_only_its_new_items(server, fetcher):
    feed = news_site(server)
    articles, sink = _collect()
    watcher = Watcher([feed], sink, fetcher=fetcher)
    watcher.poll_once()
    route = server.routes["/feed.xml"]
    route.body = route.body.replace(
        b"<item>", b"<item><guid isPermaLink='false'>gazette-new</guid><link>/news/new.html</link></item><item>", 1
    )
    route.etag = '"v2"'
    server.routes["/news/new.html"] = Route(page("market").replace(b"fish market", b"flower market"))
    report = watcher.poll_once()
    assert [h.key for h in report.handed_over] == ["gazette-new"]
    assert "flower market" in articles[-1].text and len(articles) == 4


def test_the_watcher_resumes_from_its_state_file(server, fetcher, tmp_path):
    feed = news_site(server)
    state_path = tmp_path / "state.json"
    articles, sink = _collect()
    Watcher([feed], sink, state=JsonFileState(state_path), fetcher=fetcher).poll_once()
    saved = json.loads(state_path.read_text())
    assert saved["feeds"][feed]["etag"] == '"v1"'
    assert saved["feeds"][feed]["seen"] == ["gazette-ferry", "gazette-library", "gazette-market"]
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left behind
    # A new run without the ETag shortcut (the server no longer sends one): items are remembered anyway.
    server.routes["/feed.xml"].etag = None
    report = Watcher([feed], sink, state=JsonFileState(state_path), fetcher=fetcher).poll_once()
    assert report.feeds[0].status == "fetched" and report.handed_over == () and len(articles) == 3


def test_one_failing_item_does_not_stop_the_others(server, fetcher):
    feed = news_site(server)
    server.routes["/news/library.html"] = Route(EMPTY_PAGE)  # no article
    server.routes["/news/market.html"] = Route(b"busy", status=503)  # try again later
    server.routes["/feed.xml"].body = server.routes["/feed.xml"].body.replace(
        b"</channel>", b"<item><guid isPermaLink='false'>gone</guid><link>/news/gone.html</link></item></channel>"
    )
    articles, sink = _collect()
    state = MemoryState()
    watcher = Watcher([feed], sink, state=state, fetcher=fetcher)
    report = watcher.poll_once()
    assert not report.ok and [a.url for a in articles] == [server.url("/news/ferry.html")]
    failures = {f.key: f for f in report.failures}
    assert list(failures) == ["gazette-library", "gazette-market", "gone"]  # in feed order
    assert "no article text" in failures["gazette-library"].reason and not failures["gazette-library"].retry
    assert "HTTP 503" in failures["gazette-market"].reason and failures["gazette-market"].retry
    assert "HTTP 404" in failures["gone"].reason and not failures["gone"].retry
    # A retry is pending, so the validators were not saved: the next poll fetches the
    # feed again (no 304) and retries only the market page.
    assert state.validators(feed) == Validators()
    server.routes["/news/market.html"] = Route(page("market"))
    again = watcher.poll_once()
    assert [h.key for h in again.handed_over] == ["gazette-market"] and again.ok
    assert server.hits("/news/library.html") == 1 and state.validators(feed).etag == '"v1"'


def test_a_sink_error_is_reported_and_retried(server, fetcher):
    from newsweave.errors import InputError

    feed = news_site(server)
    calls = []

    def sink(article):
        calls.append(article.url)
        if article.url.endswith("library.html") and calls.count(article.url) == 1:
            raise InputError(f"{article.url}: the store is read-only just now")
        return "duplicate" if article.url.endswith("market.html") else "added"

    watcher = Watcher([feed], sink, fetcher=fetcher)
    report = watcher.poll_once()
    assert [(h.key, h.outcome) for h in report.handed_over] == [
        ("gazette-ferry", "added"),
        ("gazette-market", "duplicate"),
    ]
    assert report.failures[0].retry and "read-only" in report.failures[0].reason
    assert [h.key for h in watcher.poll_once().handed_over] == ["gazette-library"]


def test_feeds_are_polled_in_order_and_a_failed_feed_is_reported(server, fetcher):
    feed = news_site(server)
    server.routes["/page.html"] = Route(page("ferry"))
    server.routes["/atom"] = Route(
        atom([("urn:c:1", server.url("/news/market.html"), "Market")]), content_type="application/atom+xml"
    )
    articles, sink = _collect()
    report = Watcher([server.url("/page.html"), feed, server.url("/atom"), feed], sink, fetcher=fetcher).poll_once()
    assert [f.url for f in report.feeds] == [server.url("/page.html"), feed, server.url("/atom")]
    assert report.feeds[0].status == "failed" and "not an RSS or Atom feed" in report.feeds[0].error
    assert [h.key for h in report.handed_over] == ["gazette-ferry", "gazette-library", "gazette-market", "urn:c:1"]


def test_a_private_item_link_in_a_feed_is_refused(server, fetcher):
    server.routes["/feed.xml"] = Route(
        rss([("meta", "http://169.254.169.254/latest/meta-data/", "Metadata")]), content_type="application/rss+xml"
    )
    articles, sink = _collect()
    report = Watcher([server.url("/feed.xml")], sink, fetcher=fetcher).poll_once()
    (failure,) = report.failures
    assert "169.254.169.254 is a link-local address" in failure.reason and not failure.retry and articles == []


def test_run_polls_until_stopped_and_checks_its_interval(server, fetcher):
    feed = news_site(server)
    articles, sink = _collect()
    watcher = Watcher([feed], sink, fetcher=fetcher)
    stop, polled = threading.Event(), threading.Event()
    reports = []

    def on_report(report):
        reports.append(report)
        polled.set()

    thread = threading.Thread(target=watcher.run, args=(30, stop), kwargs={"on_report": on_report})
    started = time.monotonic()
    thread.start()
    assert polled.wait(timeout=10)
    time.sleep(0.2)
    assert len(reports) == 1  # now waiting out its 30 s
    stop.set()  # ends the wait at once
    thread.join(timeout=5)
    assert not thread.is_alive() and time.monotonic() - started < 10 and len(articles) == 3
    with pytest.raises(OptionsError, match="outside 30 to 86400 seconds"):
        watcher.run(1, threading.Event())


def test_a_corrupt_state_file_is_a_clear_error(tmp_path):
    from newsweave.errors import InputError

    path = tmp_path / "state.json"
    path.write_text("{not json")
    with pytest.raises(InputError, match="state.json: cannot read the watch state"):
        JsonFileState(path)
    path.write_text('{"something": "else"}')
    with pytest.raises(InputError, match="state.json: not a newsweave watch state; move it away"):
        JsonFileState(path)
    path.write_text('{"format": "newsweave-watch-state", "version": 1, "feeds": {"http://x/": {"etag": 5}}}')
    with pytest.raises(InputError, match="feed 'http://x/' has a malformed record"):
        JsonFileState(path)


def test_state_forgets_the_oldest_keys_past_its_bound():
    from newsweave.feeds.state import MAX_SEEN_PER_FEED

    state = MemoryState()
    for k in range(MAX_SEEN_PER_FEED + 5):
        state.mark_seen("f", f"k{k}")
    assert not state.is_seen("f", "k4") and state.is_seen("f", "k5") and not state.is_seen("other", "k5")


# ---------------------------------------------------------------- the command


def _watch(*args):
    return CliRunner().invoke(main, ["watch", *args])


def test_watch_once_writes_jsonl_that_cluster_reads(server, tmp_path):
    feed = news_site(server)
    out, state = tmp_path / "articles.jsonl", tmp_path / "state.json"
    result = _watch(feed, "--once", "--allow-private", "--out", str(out), "--state", str(state))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [server.url(f"/news/{n}.html") for n in ("ferry", "library", "market")]
    assert lines[0]["source"] == "Portvale Gazette" and lines[0]["published"] == "2026-11-30T00:15:00+00:00"
    # A second run resumes from the state file: nothing is written twice.
    again = _watch(feed, "--once", "--allow-private", "--out", str(out), "--state", str(state))
    assert again.exit_code == 0 and len(out.read_text().splitlines()) == 3
    # Without the state, the ids already in --out keep the file free of repeats.
    fresh = _watch(feed, "--once", "--allow-private", "--out", str(out))
    assert fresh.exit_code == 0 and len(out.read_text().splitlines()) == 3
    clustered = CliRunner().invoke(main, ["cluster", str(out)])
    assert clustered.exit_code == 0, clustered.output
    assert sum(len(json.loads(s)["articles"]) for s in clustered.stdout.splitlines()) == 3


def test_watch_writes_to_stdout_and_reports_failures(server):
    feed = news_site(server)
    server.routes["/news/library.html"] = Route(EMPTY_PAGE)
    result = _watch(feed, "--once", "--allow-private")
    assert result.exit_code == 1
    assert [json.loads(line)["id"].rsplit("/", 1)[1] for line in result.stdout.splitlines()] == [
        "ferry.html",
        "market.html",
    ]
    assert (
        result.stderr
        == f"newsweave: skipped: {server.url('/news/library.html')}: no article text found in this HTML page (only 4 characters of text)\n"
    )


def test_watch_refuses_a_private_feed_in_one_line(server):
    feed = news_site(server)
    result = _watch(feed, "--once")
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr == (
        f"newsweave: error: refusing to fetch {feed}: 127.0.0.1 is a loopback address;"
        " pass allow_private=True (--allow-private) to permit\n"
    )
    assert server.requests == []


def test_watch_argument_errors(tmp_path):
    assert _watch().exit_code == 2  # no feed: click's usage error
    bad = _watch("http://example.invalid/feed", "--once", "--interval", "60")
    assert (
        bad.exit_code == 2
        and bad.stderr == "newsweave: error: --interval has no effect with --once; give one of them\n"
    )
    zero = _watch("http://example.invalid/feed", "--interval", "0")
    assert (
        zero.exit_code == 2 and zero.stderr == "newsweave: error: polling interval 0 s is outside 30 to 86400 seconds\n"
    )
    txt = _watch("http://example.invalid/feed", "--once", "--out", str(tmp_path / "a.txt"))
    assert txt.exit_code == 2 and "--out writes JSONL" in txt.stderr and "Traceback" not in txt.output
    state = tmp_path / "s.json"
    state.write_text("[]")
    corrupt = _watch("http://example.invalid/feed", "--once", "--state", str(state))
    assert (
        corrupt.exit_code == 2 and corrupt.stderr.count("\n") == 1 and "not a newsweave watch state" in corrupt.stderr
    )


def test_the_cli_imports_neither_httpx_nor_feedparser():
    import subprocess

    code = "import sys, newsweave.cli, newsweave.feeds; print(sorted({'httpx', 'feedparser'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_package_exports_what_it_documents():
    import newsweave.feeds as feeds

    assert all(hasattr(feeds, name) for name in feeds.__all__)
    assert {"SafeFetcher", "parse_feed", "extract_page", "Watcher", "WatchState", "JsonFileState"} <= set(feeds.__all__)
