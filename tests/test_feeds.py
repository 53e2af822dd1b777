"""newsweave.feeds against a real HTTP server on 127.0.0.1: fetching, feeds, pages, the watcher, the CLI.

The feeds and pages are invented for these tests (short made-up news about the
fictional town of Portvale). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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

# ---------------------------------------------------------------- the server


@dataclass
class Route:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    location: str | None = None
    delay: float = 0.0  # seconds to sleep before answering
    length: int | None = None  # a Content-Length to declare instead of the body's own
    drip: float = 0.0  # seconds between 100-byte pieces of the body
    hits: int = 0


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(p == path for p, _ in self.requests)


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state: Server = self.server.state  # type: ignore[attr-defined]
        state.requests.append((self.path, dict(self.headers)))
        route = state.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.location:
            self.send_header("Location", route.location)
        if route.length is not None:
            self.send_header("Content-Length", str(route.length))
        self.end_headers()
        try:
            for start in range(0, len(route.body), 100 if route.drip else len(route.body) or 1):
                self.wfile.write(route.body[start : start + 100 if route.drip else None])
                time.sleep(route.drip)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    state = Server(base=f"http://127.0.0.1:{httpd.server_address[1]}", routes={})
    httpd.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    """The address guard on, with the test server's address (127.0.0.1, and nothing else) allowed."""
    limits = FetchLimits(read_timeout=2.0, total_timeout=5.0)
    with SafeFetcher(allow_networks=["127.0.0.1/32"], limits=limits) as f:
        yield f


# ---------------------------------------------------------------- invented fixtures

_STORIES = {
    "ferry": (
        "Portvale ferry service resumes after storm",
        [
            "Ferries between Portvale and the outer islands sailed again on Thursday morning, two days after a"
            " winter storm tore loose a loading ramp at North Pier and left hundreds of travellers stranded on"
            " the mainland side of the sound.",
            "Harbour Authority engineers worked through Wednesday night to bolt a temporary ramp into place, and"
            " the first crossing left at seven o'clock with a full deck of delivery vans and school buses.",
            "Captain Ilse Brandt, who has skippered the morning run for eleven years, said the sea was still"
            " choppy but well within the limits the vessel is built for, and that passengers had been patient.",
        ],
    ),
    "library": (
        "Portvale library reopens with longer hours",
        [
            "The Portvale public library on Market Square reopened on Monday after an eight-month renovation"
            " that replaced its leaking roof, added a reading room for teenagers and moved the children's"
            " collection to the ground floor.",
            "The library will now stay open until nine o'clock on weekday evenings, two hours later than before,"
            " a change the council approved after a survey in which most residents asked for evening access.",
            "Head librarian Tomasz Wierzba said more than four hundred people came through the doors on the"
            " first morning, many of them returning books that had been borrowed before the building closed.",
        ],
    ),
    "market": (
        "Portvale fish market moves indoors for the winter",
        [
            "Traders at the Portvale fish market packed up their quayside stalls on Saturday and moved into the"
            " old customs warehouse, where the market will run every morning until the end of March.",
            "The move, tried for the first time last winter, kept the market going through weeks of freezing"
            " rain, and stallholders said takings had been higher than in any winter they could remember.",
            "The council has promised new lighting and drainage in the warehouse before the traders return to"
            " the quay in spring, at a cost the harbour committee put at forty thousand dollars.",
        ],
    ),
}


def _page(story: str, *, site: str = "Portvale Gazette") -> bytes:
    title, paragraphs = _STORIES[story]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="article:published_time" content="2026-11-30T08:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Portvale Gazette</footer></body></html>"
    ).encode()


_EMPTY_PAGE = (
    b"<!DOCTYPE html><html><head><title>Log in</title></head>"
    b"<body><nav><a href='/'>Home</a></nav><form><input name='user'></form></body></html>"
)


def _rss(items: list[tuple[str, str, str]], *, title: str = "Portvale Gazette: news") -> bytes:
    """RSS 2.0 with items (guid, link, title); links may be relative."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><link>{link}</link><title>{t}</title>"
        f"<pubDate>Mon, 30 Nov 2026 0{k}:15:00 GMT</pubDate><description>{t}.</description></item>"
        for k, (guid, link, t) in enumerate(items)
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>http://example.invalid/</link><description>Invented news</description>{entries}</channel></rss>"
    ).encode()


def _atom(entries: list[tuple[str, str, str]]) -> bytes:
    """Atom 1.0 with entries (id, href, title)."""
    body = "".join(
        f"<entry><id>{i}</id><title>{t}</title><link rel='alternate' href='{href}'/>"
        f"<updated>2026-11-30T1{k}:00:00+01:00</updated><summary>{t}.</summary></entry>"
        for k, (i, href, t) in enumerate(entries)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>Portvale Courier</title><id>urn:portvale:courier</id><updated>2026-11-30T12:00:00Z</updated>{body}</feed>"
    ).encode()


def _news_site(server: Server) -> str:
    """Three pages and an RSS feed (with an ETag) listing them, one by a relative link; returns the feed URL."""
    for name in _STORIES:
        server.routes[f"/news/{name}.html"] = Route(_page(name))
    items = [
        ("gazette-ferry", server.url("/news/ferry.html"), _STORIES["ferry"][0]),
        ("gazette-library", "/news/library.html", _STORIES["library"][0]),
        ("gazette-market", server.url("/news/market.html"), _STORIES["market"][0]),
    ]
    server.routes["/feed.xml"] = Route(_rss(items), content_type="application/rss+xml", etag='"v1"')
    return server.url("/feed.xml")


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
    server.routes["/a.html"] = Route(_page("ferry"), etag='"abc"')
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
    server.routes["/a.html"] = Route(_page("ferry"), etag='"abc"')
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
    server.routes["/a.html"] = Route(_page("ferry"))
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
    server.routes["/slow"] = Route(_page("ferry"), delay=2.0)
    started = time.monotonic()
    with SafeFetcher(allow_private=True, limits=FetchLimits(read_timeout=0.2)) as quick:
        with pytest.raises(TransientFetchError, match="/slow: timed out reading the response"):
            quick.fetch(server.url("/slow"))
    assert time.monotonic() - started < 1.5


def test_a_server_that_drips_is_cut_off_by_the_total_timeout(server):
    server.routes["/drip"] = Route(_page("ferry"), drip=0.05)  # about 1,000 bytes: 10 pieces, half a second
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
    # A port nobody listens on (the server's own, once it is closed, is the surest).
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
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
    data = _rss([("g1", "/news/ferry.html", "Ferry resumes"), ("g2", "https://other.example/x", "Library")])
    feed = parse_feed(data, "https://gazette.example/feeds/all.xml")
    assert feed.version == "rss20" and feed.title == "Portvale Gazette: news"
    assert [(i.key, i.link, i.title) for i in feed.items] == [
        ("g1", "https://gazette.example/news/ferry.html", "Ferry resumes"),
        ("g2", "https://other.example/x", "Library"),
    ]
    assert feed.items[0].published == datetime(2026, 11, 30, 0, 15, tzinfo=UTC)
    assert feed.items[0].summary == "Ferry resumes."


def test_atom_entries():
    data = _atom([("urn:c:1", "stories/market", "Market moves indoors"), ("urn:c:2", "/x", "Second")])
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
    data = _rss([("g1", "/a", "Ferry")]).replace(b"</channel>", b"<broken></channel>")
    feed = parse_feed(data, "http://gazette.example/rss")
    assert [i.key for i in feed.items] == ["g1"]


@pytest.mark.parametrize(
    "data",
    [_page("ferry"), b"\x00\x01 garbage \xff", b"   ", b"", b'{"items": []}'],
    ids=["html", "garbage", "blank", "empty", "json"],
)
def test_a_document_that_is_not_a_feed_is_refused(data):
    with pytest.raises(NotAFeedError, match=r"^http://gazette\.example/feed: .*(not an RSS or Atom feed|not a feed)"):
        parse_feed(data, "http://gazette.example/feed")


def test_feedparser_never_opens_a_file_named_by_the_body(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(_rss([("leak", "/leak", "Leaked")]))
    with pytest.raises(NotAFeedError):
        parse_feed(str(secret).encode(), "http://gazette.example/feed")


# ---------------------------------------------------------------- pages


def test_a_page_becomes_an_article(server, fetcher):
    server.routes["/news/ferry.html"] = Route(_page("ferry"))
    article = extract_page(fetcher.fetch(server.url("/news/ferry.html"), accept=PAGE_TYPES))
    assert article.url == server.url("/news/ferry.html")
    assert article.source == "Portvale Gazette"
    assert article.title.startswith("Portvale ferry service resumes")
    assert article.published == "2026-11-30"
    assert "loading ramp at North Pier" in article.text and "Home" not in article.text


def test_a_page_without_an_article_is_refused(server, fetcher):
    server.routes["/login"] = Route(_EMPTY_PAGE)
    with pytest.raises(
        NoArticleError, match=r"/login: no article text found in this HTML page \(only 4 characters of text\)$"
    ):
        extract_page(fetcher.fetch(server.url("/login")))


# ---------------------------------------------------------------- the watcher


def test_watcher_hands_over_new_items_and_a_304_adds_nothing(server, fetcher):
    feed = _news_site(server)
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
    feed = _news_site(server)
    articles, sink = _collect()
    watcher = Watcher([feed], sink, fetcher=fetcher)
    watcher.poll_once()
    route = server.routes["/feed.xml"]
    route.body = route.body.replace(
        b"<item>", b"<item><guid isPermaLink='false'>gazette-new</guid><link>/news/new.html</link></item><item>", 1
    )
    route.etag = '"v2"'
    server.routes["/news/new.html"] = Route(_page("market").replace(b"fish market", b"flower market"))
    report = watcher.poll_once()
    assert [h.key for h in report.handed_over] == ["gazette-new"]
    assert "flower market" in articles[-1].text and len(articles) == 4


def test_the_watcher_resumes_from_its_state_file(server, fetcher, tmp_path):
    feed = _news_site(server)
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
    feed = _news_site(server)
    server.routes["/news/library.html"] = Route(_EMPTY_PAGE)  # no article
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
    server.routes["/news/market.html"] = Route(_page("market"))
    again = watcher.poll_once()
    assert [h.key for h in again.handed_over] == ["gazette-market"] and again.ok
    assert server.hits("/news/library.html") == 1 and state.validators(feed).etag == '"v1"'


def test_a_sink_error_is_reported_and_retried(server, fetcher):
    from newsweave.errors import InputError

    feed = _news_site(server)
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
    feed = _news_site(server)
    server.routes["/page.html"] = Route(_page("ferry"))
    server.routes["/atom"] = Route(
        _atom([("urn:c:1", server.url("/news/market.html"), "Market")]), content_type="application/atom+xml"
    )
    articles, sink = _collect()
    report = Watcher([server.url("/page.html"), feed, server.url("/atom"), feed], sink, fetcher=fetcher).poll_once()
    assert [f.url for f in report.feeds] == [server.url("/page.html"), feed, server.url("/atom")]
    assert report.feeds[0].status == "failed" and "not an RSS or Atom feed" in report.feeds[0].error
    assert [h.key for h in report.handed_over] == ["gazette-ferry", "gazette-library", "gazette-market", "urn:c:1"]


def test_a_private_item_link_in_a_feed_is_refused(server, fetcher):
    server.routes["/feed.xml"] = Route(
        _rss([("meta", "http://169.254.169.254/latest/meta-data/", "Metadata")]), content_type="application/rss+xml"
    )
    articles, sink = _collect()
    report = Watcher([server.url("/feed.xml")], sink, fetcher=fetcher).poll_once()
    (failure,) = report.failures
    assert "169.254.169.254 is a link-local address" in failure.reason and not failure.retry and articles == []


def test_run_polls_until_stopped_and_checks_its_interval(server, fetcher):
    feed = _news_site(server)
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
    feed = _news_site(server)
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
    feed = _news_site(server)
    server.routes["/news/library.html"] = Route(_EMPTY_PAGE)
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
    feed = _news_site(server)
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
